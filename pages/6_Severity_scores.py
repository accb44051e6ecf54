"""Severity scores: SCORAD, objective SCORAD, EASI, POEM and DLQI calculators with their bands."""

import streamlit as st

from pathway.clinical import scores
from pathway.clinical.citations import cite
from ui import navigation as nav
from ui import state
from ui.common import get_content
from ui.controls import INTENSITY_ITEMS, reset_widgets
from ui.errors import in_callback
from ui.navigation import framed

framed()  # inside app.py's page list, even for a server's very first visitor (ui/navigation.py)

content = get_content()
instruments = content.instruments

st.title(":material/calculate: Severity scores")
st.write(
    "Each calculator shows its formula, the band scheme the tool uses and its source, and the "
    "alternative scheme where one exists. Formulas and bands come from the checked context."
)


def show_result(instrument_id: str, value: float) -> None:
    instrument = instruments[instrument_id]
    primary = instrument.scheme()
    band = scores.band_for(instrument, value)
    st.metric(f"{instrument.name}", f"{value:g} / {instrument.maximum:g}", help=instrument.description)
    st.markdown(f"Band: **{band.label}** · scheme used by the tool: {primary.name}")
    st.caption(cite(primary.sources, content) + (f" · {primary.note}" if primary.note else ""))
    for scheme in instrument.schemes:
        if scheme.primary:
            continue
        other = scores.band_for(instrument, value, scheme.id)
        st.markdown(f"Alternative scheme, {scheme.name}: **{other.label}**")
        st.caption(cite(scheme.sources, content))
    with st.expander("Formula, bands and notes"):
        st.write(instrument.formula)
        for scheme in instrument.schemes:
            st.markdown(f"**{scheme.name}**" + (" (used by the tool)" if scheme.primary else ""))
            st.dataframe(
                [{"band": b.label, "from": b.low, "to": b.high} for b in scheme.bands], hide_index=True, width="stretch"
            )
        for note in instrument.notes:
            st.caption(f":material/info: {note.text} ({cite(note.sources, content)})")
        if instrument.minimal_important_difference:
            mid = instrument.minimal_important_difference
            st.caption(f"Minimal important difference: {mid.value:g}. {mid.text}")


@in_callback
def _send_scorad(value: float) -> None:
    state.update(scorad=round(value, 1))
    reset_widgets()
    st.session_state["scorad_sent"] = round(value, 1)


def intensity_inputs(prefix: str) -> list[int]:
    """The six intensity items, three to a row (rows stay in order when a phone stacks the columns)."""
    values: list[int] = []
    for start in range(0, len(INTENSITY_ITEMS), 3):
        for col, item in zip(st.columns(3), INTENSITY_ITEMS[start : start + 3]):
            values.append(col.selectbox(item, [0, 1, 2, 3], key=f"{prefix}_i{len(values)}"))
    return values


tab_scorad, tab_oscorad, tab_easi, tab_poem, tab_dlqi = st.tabs(["SCORAD", "Objective SCORAD", "EASI", "POEM", "DLQI"])

with tab_scorad:
    extent = st.slider("A: extent, % of body surface (rule of nines)", 0.0, 100.0, 0.0, 1.0, key="sc_extent")
    intensity = intensity_inputs("sc")
    itch = st.slider("C: itch over the last 3 days (0-10)", 0.0, 10.0, 0.0, 1.0, key="sc_itch")
    sleep = st.slider("C: sleep loss over the last 3 days (0-10)", 0.0, 10.0, 0.0, 1.0, key="sc_sleep")
    value = scores.scorad(extent, intensity, itch, sleep)
    show_result("scorad", value)
    st.button(
        "Send to the explorer's severity slider",
        key="sc_send",
        icon=":material/science:",
        on_click=_send_scorad,
        args=(value,),
    )
    if "scorad_sent" in st.session_state:
        st.success(f"The scenario's SCORAD is now {st.session_state['scorad_sent']:g}.")
        nav.link("pages/2_Scenario_explorer.py", label="Open the explorer", icon=":material/science:")

with tab_oscorad:
    extent = st.slider("A: extent, % of body surface", 0.0, 100.0, 0.0, 1.0, key="os_extent")
    intensity = intensity_inputs("os")
    show_result("objective_scorad", scores.objective_scorad(extent, intensity))

with tab_easi:
    age = st.number_input("Age (years); 7 and under use the child weights", 0.0, 120.0, 30.0, 1.0, key="easi_age")
    regions: dict[str, scores.RegionScore] = {}
    labels = {
        "head_neck": "Head and neck",
        "upper_limbs": "Upper limbs",
        "trunk": "Trunk",
        "lower_limbs": "Lower limbs",
    }
    for region, label in labels.items():
        with st.container(border=True):
            st.markdown(f"**{label}**")
            c = st.columns(5)
            regions[region] = scores.RegionScore(
                erythema=c[0].selectbox("Erythema", [0, 1, 2, 3], key=f"easi_{region}_e"),
                induration=c[1].selectbox("Induration", [0, 1, 2, 3], key=f"easi_{region}_i"),
                excoriation=c[2].selectbox("Excoriation", [0, 1, 2, 3], key=f"easi_{region}_x"),
                lichenification=c[3].selectbox("Lichenification", [0, 1, 2, 3], key=f"easi_{region}_l"),
                area_percent=c[4].number_input("Area %", 0.0, 100.0, 0.0, 1.0, key=f"easi_{region}_a"),
            )
    show_result("easi", scores.easi(regions, age))

with tab_poem:
    st.caption(
        "Seven symptoms of the questionnaire; for each, on how many of the last 7 days it was present "
        "(0 days scores 0, 1-2 days 1, 3-4 days 2, 5-6 days 3, every day 4)."
    )
    days = [st.slider(f"Symptom {i + 1}: days present", 0, 7, 0, key=f"poem_{i}") for i in range(7)]
    show_result("poem", scores.poem([scores.poem_item_score(d) for d in days]))

with tab_dlqi:
    st.caption("Ten questions about the last week, each scored 0 (not at all) to 3 (very much).")
    answers = [st.select_slider(f"Question {i + 1}", [0, 1, 2, 3], key=f"dlqi_{i}") for i in range(10)]
    show_result("dlqi", scores.dlqi(answers))

state.sync_url()
