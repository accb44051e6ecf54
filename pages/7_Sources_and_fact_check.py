"""Sources and fact-check: references, where the documents differ, and what has changed since."""

import streamlit as st

from pathway.clinical.checks import cited_by
from pathway.clinical.citations import cite, details
from ui import state
from ui.common import get_content
from ui.navigation import framed

framed()  # inside app.py's page list, even for a server's very first visitor (ui/navigation.py)

content = get_content()
st.title(":material/menu_book: Sources and fact-check")

refs_tab, diff_tab, check_tab, new_tab = st.tabs(
    ["References", "Where the documents differ", "Fact-checks", "What has changed since"]
)


@st.cache_data(show_spinner=False)
def _usage(version: str) -> dict[str, list[str]]:
    return cited_by(content)


def _where(item: str) -> str:
    """'steps.yaml: steps.wet_wrap.actions.[0]' -> 'steps: wet_wrap'."""
    file, _, path = item.partition(": ")
    parts = path.split(".")
    return f"{file.removesuffix('.yaml')}: {parts[1] if len(parts) > 1 else path}"


with refs_tab:
    usage = _usage(content.meta.version)
    for doc in content.documents.values():
        st.subheader(f"Document {doc.id.removeprefix('doc_')}: {doc.title}" if doc.kind == "source" else doc.title)
        st.caption(f"File: {doc.file}" + (f" · last updated {doc.updated}" if doc.updated else ""))
        for ref in (r for r in content.references.values() if r.document == doc.id):
            number = f"[{ref.number}] " if ref.number is not None else ""
            supports = sorted({_where(w) for w in usage.get(ref.id, [])})
            count = f"supports {len(supports)} item{'' if len(supports) == 1 else 's'}"
            with st.expander(f"{number}{details(ref.id, content)} · {count}"):
                if not ref.listed:
                    st.warning(
                        "Cited in the document's text but missing from its reference list.", icon=":material/help:"
                    )
                if ref.note:
                    st.caption(ref.note)
                st.caption(f"id: `{ref.id}`")
                st.markdown("\n".join(f"- {s}" for s in supports) or "_Not cited by any content item._")


def _side_by_side(kind: str) -> None:
    items = sorted((d for d in content.differences.values() if d.kind == kind), key=lambda d: (d.order, d.id))
    st.caption(f"{len(items)} items")
    for item in items:
        with st.container(border=True):
            st.markdown(f"**{item.topic}**")
            columns = st.columns(len(item.sides))
            for col, side in zip(columns, item.sides):
                with col:
                    st.markdown(f"_{side.label}_")
                    st.write(side.position)
                    st.caption(cite(side.sources, content))
            st.info(item.comment.text, icon=":material/search:" if kind == "fact_check" else ":material/balance:")
            st.caption(cite(item.comment.sources, content))


with diff_tab:
    st.write("Where documents 000 and 003 say different things, both are shown; the tool never picks one silently.")
    _side_by_side("difference")

with check_tab:
    st.write(
        "Figures in the documents that do not add up or have aged, checked against other public "
        "material (the checked context)."
    )
    _side_by_side("fact_check")

with new_tab:
    st.warning(
        "This section is **outside the two source documents**: newer medicines and 2023 guideline "
        "positions from the checked context. The ladder itself follows the two documents.",
        icon=":material/new_releases:",
    )
    for kind, heading in (("medicine", "Medicines approved since"), ("guideline", "Newer guideline positions")):
        st.subheader(heading)
        for update in (u for u in content.updates.values() if u.kind == kind):
            flag = " _(unconfirmed)_" if update.unconfirmed else ""
            st.markdown(f"**{update.name}**{flag}: {update.text}")
            if update.detail:
                st.caption(update.detail)
            st.caption(cite(update.sources, content))

state.sync_url()
