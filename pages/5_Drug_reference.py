"""Drug reference: every therapy in the content, searchable, with a weight-based dose calculator."""

import pandas as pd
import streamlit as st

from pathway.clinical.citations import cite
from pathway.clinical.dosing import WEIGHT_MAX_KG, WEIGHT_MIN_KG, amount_range, dose_for
from pathway.clinical.steroids import product_label
from ui import state
from ui.common import class_label, get_content
from ui.navigation import framed

framed()  # inside app.py's page list, even for a server's very first visitor (ui/navigation.py)

content = get_content()
st.title(":material/medication: Drug reference")


@st.cache_data(show_spinner=False)
def therapy_table(version: str) -> pd.DataFrame:
    rows = []
    for t in content.therapies.values():
        rows.append(
            {
                "therapy": t.name,
                "class": class_label(t.therapy_class),
                "strength": "; ".join(product_label(content.products[p]) for p in t.products) or t.strength or "",
                "regimen": t.regimen.text,
                "dose": f"{t.dose.min:g}-{t.dose.max:g} {t.dose.unit}" if t.dose else "",
                "limits": "; ".join(limit.text for limit in t.limits),
                "monitoring": "; ".join(m.text for m in t.monitoring),
                "warnings": "; ".join(w.text for w in t.warnings),
                "steps": ", ".join(content.steps[s].title for s in content.therapy_steps(t.id)),
                "sources": cite(t.sources + t.regimen.sources, content).removeprefix("Sources: "),
                "_class": t.therapy_class,
                "_id": t.id,
                "_steps": tuple(content.therapy_steps(t.id)),
            }
        )
    return pd.DataFrame(rows)


table = therapy_table(content.meta.version)
search_col, class_col, step_col = st.columns([2, 2, 2])
query = search_col.text_input("Search", key="drug_search", placeholder="name, regimen, warning…", max_chars=80)
classes = sorted(table["_class"].unique())
chosen_classes = class_col.multiselect("Class", classes, key="drug_class", format_func=class_label)
step_ids = [s.id for s in content.steps_in_order()]
chosen_steps = step_col.multiselect("Step", step_ids, key="drug_step", format_func=lambda s: content.steps[s].title)

shown = table
if query.strip():
    text = shown.drop(columns=["_class", "_steps", "_id"]).astype(str).agg(" ".join, axis=1).str.lower()
    shown = shown[text.str.contains(query.strip().lower(), regex=False)]
if chosen_classes:
    shown = shown[shown["_class"].isin(chosen_classes)]
if chosen_steps:
    shown = shown[shown["_steps"].apply(lambda s: bool(set(s) & set(chosen_steps)))]
st.caption(f"{len(shown)} of {len(table)} therapies · click a column header to sort, a row to read it in full")
picked = st.dataframe(
    shown.drop(columns=["_class", "_steps", "_id"]),
    hide_index=True,
    width="stretch",
    key="drug_table",
    on_select="rerun",
    selection_mode="single-row",
    column_config={
        "therapy": st.column_config.TextColumn(pinned=True),
        "regimen": st.column_config.TextColumn(width="large"),
    },
)
rows = picked.selection.rows if picked is not None else []
if rows and rows[0] < len(shown):
    chosen = content.therapies[shown.iloc[rows[0]]["_id"]]
    with st.container(border=True):
        st.markdown(f"**{chosen.name}** · {class_label(chosen.therapy_class)}")
        st.write(chosen.regimen.text)
        st.caption(cite(chosen.regimen.sources, content))
        for item in (*chosen.details, *chosen.monitoring, *chosen.warnings):
            st.markdown(f"- {item.text} _({cite(item.sources, content)})_")
        if chosen.limits:
            st.markdown("**Limits**")
            for limit in chosen.limits:
                st.markdown(f"- {limit.text} _({cite(limit.sources, content)})_")

st.divider()
st.subheader("Dose calculator for systemic agents")
dosed = [t for t in content.therapies.values() if t.dose is not None]
drug_col, weight_col, age_col = st.columns(3)
drug_id = drug_col.selectbox(
    "Drug", [t.id for t in dosed], key="dose_drug", format_func=lambda i: content.therapies[i].name
)
weight = weight_col.number_input(
    "Weight (kg)",
    value=state.current().weight_kg,
    step=0.5,
    key="dose_weight",
    placeholder=f"{WEIGHT_MIN_KG:g}-{WEIGHT_MAX_KG:g} kg",
)
age = age_col.number_input(
    "Age (years)",
    min_value=0.0,
    max_value=120.0,
    value=float(state.current().age_years),
    step=1.0,
    key="dose_age",
    format="%g",
)
therapy = content.therapies[drug_id]
dose = therapy.dose
assert dose is not None  # the select box offers only therapies with a dose
result = dose_for(therapy, weight, age, content)
if result.daily:
    low, high = result.daily
    st.markdown(f"**{therapy.name}**: {result.text} = {amount_range(low, high)} mg/day for {weight:g} kg")
elif result.text:
    st.markdown(f"**{therapy.name}**: {result.text}")
if result.problem:
    st.warning(result.problem, icon=":material/balance:")
if result.note:
    st.warning(result.note, icon=":material/balance:")
st.caption(cite(dose.sources, content))
if dose.note:
    st.info(dose.note, icon=":material/info:")
for limit in therapy.limits:
    st.caption(f":material/do_not_disturb_on: {limit.text} ({cite(limit.sources, content)})")
for warning in therapy.warnings:
    st.caption(f":material/warning: {warning.text} ({cite(warning.sources, content)})")
if therapy.monitoring:
    st.markdown("**Monitoring checklist**")
    for n, item in enumerate(therapy.monitoring):
        st.checkbox(f"{item.text} ({cite(item.sources, content)})", key=f"mon_{drug_id}_{n}")

state.sync_url()
