"""Altair charts drawn from the clinical content. Pure functions: no Streamlit, no clinical numbers.

Every figure, label and title is read from ``content/*.yaml`` (through :class:`Content`) or computed
from it. Each ``*_chart`` has a ``*_data`` twin returning the table behind it, for a "show the data"
view. Colours come only from :data:`OKABE_ITO` (colour-blind safe).

Every chart fits any width from a 320 px phone to a 1920 px screen (see :mod:`chart_style`): rows are
labelled inside the plot, with their numbers, above their bars; titles state the finding in short lines
on a phone and long lines on a wide screen; and each spec's ``description`` is its text alternative
(Vega writes it into the chart's aria-label), also shown under the chart by the pages.
"""

from __future__ import annotations

import math
import re
from typing import Any, Iterable

import altair as alt
import pandas as pd

from pathway.clinical.models import Certainty, Strength
from pathway.present.chart_style import (  # noqa: F401  (re-exported for the pages and tests)
    LABEL_FONT, OKABE_ITO, PALETTE, TITLE_WIDTH, X_RANGE_CAP, X_TICKS, axis_title, describe, finish, multiline,
    palette_scale, row_label, spoken, stack_rows, wrap,
)
from pathway.present.timeline_chart import (  # noqa: F401  (re-exported: one import for every chart)
    OPEN_ENDED_LABEL, TIMELINE_COLUMNS, axis_end, due_by_week, timeline_chart, timeline_data, timeline_rows,
    timeline_title,
)

NOT_STATED = "not stated"
NO_EFFECT = 1.0  # a risk ratio of 1 means no difference between the arms (definition, not data)
TOPICAL_CLASSES = ("topical_corticosteroid", "wet_wrap", "topical_calcineurin_inhibitor",
                   "topical_jak_inhibitor", "topical_pde4_inhibitor", "maintenance_regimen")


# ---------- helpers ----------
def _decimals(values: Iterable[float]) -> int:
    return max((len(f"{v:g}".partition(".")[2]) for v in values), default=0)


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _short_name(name: str) -> str:
    return re.sub(r"\s*\([^)]*\)$", "", name)


def _range(lo: float, hi: float) -> str:
    """``1.0-1.5`` but ``7.5-25``: the lower bound takes the upper bound's decimals if it has fewer."""
    d = _decimals([hi])
    return f"{lo:.{d}f}-{hi:g}" if _decimals([lo]) < d else f"{lo:g}-{hi:g}"


def source_label(ref_id: str, content, short: bool = False) -> str:
    """``document 000, ref 6 (title, year)`` / ``checked context: title``; short forms for axes."""
    ref = content.references.get(ref_id)
    if ref is None:
        return ref_id
    doc = content.documents[ref.document]
    if doc.kind == "source":
        where = f"document {doc.id.removeprefix('doc_')}, ref {ref.number}"
        if short:
            return where
        detail = f"{ref.title}, {ref.year}" if ref.year else ref.title
        return f"{where} ({detail if ref.listed else 'not in its reference list'})"
    if not short:
        return f"checked context: {ref.title}"
    title = ref.title.split(" et al.")[0] + " et al." if " et al." in ref.title else ref.title.split(":")[0]
    return f"checked context, {title} {ref.year}" if ref.year else f"checked context, {title}"


def caption_for(sources: list[str], content) -> str:
    """Render reference ids as a caption: ``Source: document 000, ref 6 (Treatment of ..., 2016)``."""
    labels = [source_label(s, content) for s in dict.fromkeys(sources)]
    return ("Source: " if len(labels) == 1 else "Sources: ") + "; ".join(labels)


def source_group(sources: list[str], content) -> str:
    """``document 000``, ``document 003`` or ``checked context`` (joined when sources mix)."""
    return " + ".join(dict.fromkeys(source_label(s, content, short=True).split(",")[0] for s in sources))


def finding(spec: dict) -> str:
    """The sentence a chart states (its text alternative), for a caption under it."""
    return spec.get("description", "")


# ---------- 1. wet wraps ----------
def wet_wrap_scorad_data(content, evidence_id: str = "wet_wrap_scorad") -> pd.DataFrame:
    ev = content.evidence[evidence_id]
    eff = ev.effect
    return pd.DataFrame([{"arm": a.label, "value": a.value, "unit": a.unit, "measure": eff.description,
                          "p_value": eff.p_value or NOT_STATED, "source": caption_for(ev.sources, content)}
                         for a in eff.arms])


def wet_wrap_scorad_chart(content, evidence_id: str = "wet_wrap_scorad") -> alt.LayerChart:
    """One bar per arm, each labelled above with its arm and value."""
    df = wet_wrap_scorad_data(content, evidence_id)
    d = _decimals(df["value"])
    ranked = df.sort_values("value", ascending=False).reset_index(drop=True)
    top, rest = ranked.iloc[0], ranked.iloc[1:]
    measure = top["measure"].split(" (")[0]
    others = " and ".join(f"{r.value:.{d}f} with {_lower(r.arm)}" for r in rest.itertuples())
    heading = f"{measure}: {top['value']:.{d}f} {top['unit']} with {_lower(top['arm'])} vs {others}"
    subtitle = [f"{top['p_value']} for the difference", top["source"]]
    ranked["label_lines"] = [multiline(f"{r.arm}: {r.value:.{d}f} {r.unit}") for r in ranked.itertuples()]
    ranked["zero"] = 0.0
    ranked["aria"] = spoken(ranked["label_lines"])
    rows = stack_rows(ranked, bar=18)
    tips = ["arm:N", alt.Tooltip("value:Q", format=f".{d}f"), "unit:N", "p_value:N", "source:N"]
    bars = alt.Chart(rows.frame).mark_rect().encode(
        x=alt.X("zero:Q", title=axis_title(f"{measure} ({top['unit']})"), axis=alt.Axis(tickCount=X_TICKS),
                scale=alt.Scale(domain=[0, float(ranked["value"].max())], nice=True, rangeMax=X_RANGE_CAP)),
        x2="value:Q", y=alt.Y("bar_y:Q", scale=rows.y, axis=None), y2="bar_y2:Q",
        color=alt.Color("arm:N", scale=palette_scale(list(df["arm"])), legend=None), tooltip=tips,
        description="aria:N")
    labels = row_label(rows.frame, rows).encode(tooltip=tips)
    text = describe(f"Bar chart of {_lower(measure)} in each arm", heading, subtitle[0])
    return finish(bars + labels, heading, subtitle, text, width="container", height=rows.height)


# ---------- 2. relapse forest plot ----------
def relapse_arithmetic(rr: float, ci_low: float, ci_high: float) -> dict[str, Any]:
    """What a risk ratio means as "times lower" and as a relative reduction (unrounded numbers)."""
    if not 0 < ci_low <= rr <= ci_high:
        raise ValueError("need 0 < ci_low <= rr <= ci_high")
    times, ci_times = 1 / rr, (1 / ci_high, 1 / ci_low)
    rrr, rrr_ci = (1 - rr) * 100, ((1 - ci_high) * 100, (1 - ci_low) * 100)
    text = (f"RR {rr:g} (95% CI {ci_low:g}-{ci_high:g}) means about {times:.1f} times lower risk "
            f"(1/{rr:g} = {times:.2f}; 95% CI {ci_times[0]:.1f}-{ci_times[1]:.1f}), "
            f"a {rrr:.0f}% relative reduction (95% CI {rrr_ci[0]:.0f}-{rrr_ci[1]:.0f}%)")
    return {"rr": rr, "ci_low": ci_low, "ci_high": ci_high, "times_lower": times, "ci_times": ci_times,
            "relative_reduction_percent": rrr, "relative_reduction_ci_percent": rrr_ci, "text": text}


# document 000's figure and the checked context's other pooled estimate (the fluticasone pool is the
# same 0.46 as document 000's, so it is not drawn twice)
RELAPSE_IDS = ("proactive_rr", "schmitt_tacrolimus_rr")


def relapse_forest_data(content, evidence_ids: Iterable[str] = RELAPSE_IDS) -> pd.DataFrame:
    rows = []
    for eid in evidence_ids:
        ev = content.evidence[eid]
        eff = ev.effect
        therapies = ", ".join(_short_name(content.therapies[t].name) for t in ev.therapies)
        where = "; ".join(source_label(s, content, short=True) for s in ev.sources)
        a = relapse_arithmetic(eff.value, eff.ci_low, eff.ci_high)
        rows.append({"id": eid, "row": f"{where}: {therapies}", "therapy": therapies, "rr": eff.value,
                     "ci_low": eff.ci_low, "ci_high": eff.ci_high, "times_lower": round(a["times_lower"], 2),
                     "ci_times": f"{a['ci_times'][0]:.1f}-{a['ci_times'][1]:.1f}",
                     "relative_reduction_percent": round(a["relative_reduction_percent"]),
                     "crosses_no_effect": eff.ci_high >= NO_EFFECT >= eff.ci_low,
                     "description": eff.description, "source": caption_for(ev.sources, content)})
    return pd.DataFrame(rows)


def relapse_forest_chart(content, evidence_ids: Iterable[str] = RELAPSE_IDS) -> alt.LayerChart:
    """Forest plot on a log x scale (ratios are symmetric on a log scale); dashed rule at RR 1.

    Each row is labelled above its interval with its source, treatment and numbers, so the numbers are
    read without the axis and nothing needs room on the left of the plot.
    """
    df = relapse_forest_data(content, evidence_ids)
    first = df.iloc[0]
    heading = (f"{first['therapy']}: relapse RR {first['rr']:.2f} (95% CI {first['ci_low']:.2f}-"
               f"{first['ci_high']:.2f}) is about {first['times_lower']:.1f} times lower risk, "
               f"a {first['relative_reduction_percent']}% relative reduction")
    numbers = [f"RR {r.rr:.2f} (95% CI {r.ci_low:.2f}-{r.ci_high:.2f}) = {r.times_lower:.2f} times lower "
               f"(95% CI {r.ci_times})" for r in df.itertuples()]
    crossing = [f"{r.therapy}: the interval reaches the line of no effect"
                for r in df.itertuples() if r.crosses_no_effect]
    subtitle = [*crossing, "Square: pooled risk ratio; line: 95% CI; dashed line: no effect (RR 1)"]
    df["label_lines"] = [multiline(r.row) + "\n" + multiline(n) for r, n in zip(df.itertuples(), numbers)]
    df["aria"] = spoken(df["label_lines"])
    rows = stack_rows(df, header=18, bar=12)
    data = rows.frame
    lo, hi = min(df["ci_low"].min(), NO_EFFECT), max(df["ci_high"].max(), NO_EFFECT)
    domain = [lo * 0.9, hi * 1.1]
    x_scale = alt.Scale(type="log", domain=domain, nice=False, rangeMax=X_RANGE_CAP)
    tips = ["row:N", "rr:Q", "ci_low:Q", "ci_high:Q", "times_lower:Q", "ci_times:N",
            "relative_reduction_percent:Q", "source:N"]
    y = alt.Y("bar_mid:Q", scale=rows.y, axis=None)
    colour = alt.Color("row:N", scale=palette_scale(list(df["row"])), legend=None)
    base = alt.Chart(data).encode(tooltip=tips)
    ci = base.mark_rule(strokeWidth=3).encode(
        x=alt.X("ci_low:Q", scale=x_scale, axis=alt.Axis(tickCount=X_TICKS), title=axis_title(
            "Relative risk of relapse (log scale); left of the dashed line favours the treatment")),
        x2="ci_high:Q", y=y, color=colour, description="aria:N")
    point = base.mark_point(shape="square", filled=True, size=120, opacity=1, aria=False).encode(
        x="rr:Q", y=y, color=colour)
    labels = row_label(data, rows).encode(tooltip=tips)
    null_data = pd.DataFrame({"label": ["no effect (RR 1)"]})
    null = alt.Chart(null_data).mark_rule(strokeDash=[4, 4], color=OKABE_ITO["black"]).encode(
        x=alt.datum(NO_EFFECT), tooltip=["label:N"], description="label:N")
    right = math.log(NO_EFFECT / domain[0]) / math.log(domain[1] / domain[0]) > 0.55
    null_text = alt.Chart(null_data).mark_text(
        align="right" if right else "left", dx=-4 if right else 4, baseline="top", y=3, fontSize=11,
        color=OKABE_ITO["black"], aria=False).encode(x=alt.datum(NO_EFFECT), text="label:N", tooltip=["label:N"])
    text = describe("Forest plot of relapse risk ratios with 95% confidence intervals, on a log scale",
                    heading, *[f"{r.row}: {n}" for r, n in zip(df.itertuples(), numbers)], *crossing)
    return finish(ci + point + labels + null + null_text, heading, subtitle, text, width="container",
                  height=rows.height)


# ---------- 3. certainty matrix ----------
def _human(value: str | None) -> str:
    return value.replace("_", " ") if value else NOT_STATED


def certainty_matrix_data(content) -> pd.DataFrame:
    rows = []
    for ev in content.evidence.values():
        if not (ev.strength or ev.certainty):
            continue
        for tid in ev.therapies:
            therapy = content.therapies[tid]
            if therapy.therapy_class in TOPICAL_CLASSES:
                rows.append({"evidence_id": ev.id, "therapy_id": tid, "therapy": _short_name(therapy.name),
                             "strength": _human(ev.strength), "certainty": _human(ev.certainty),
                             "group": source_group(ev.sources, content), "statement": ev.statement,
                             "source": caption_for(ev.sources, content)})
    df = pd.DataFrame(rows)
    df["slot"] = df.groupby(["strength", "certainty"]).cumcount()
    return df


def certainty_matrix_chart(content) -> alt.LayerChart:
    """The strength x certainty grid, its cells stacked: one block per cell, strongest first.

    Each block is labelled with its strength and certainty, has a bar as long as its number of
    ratings, and lists the agents rated there; a grid of columns could not hold the agents' names
    on a phone.
    """
    df = certainty_matrix_data(content)
    xs = [s for s in [_human(v) for v in Strength.__args__] + [NOT_STATED] if s in set(df["strength"])]
    ys = [c for c in [_human(v) for v in Certainty.__args__] + [NOT_STATED] if c in set(df["certainty"])]
    counts = df["strength"].value_counts()
    missing = int((df["certainty"] == NOT_STATED).sum())
    heading = (f"{counts.iloc[0]} of {len(df)} ratings of topical agents are '{counts.index[0]}'; "
               f"{missing} give no certainty")
    rated = set(df["therapy_id"])
    unrated = [_short_name(t.name) for t in content.therapies.values()
               if t.therapy_class in TOPICAL_CLASSES and t.id not in rated]
    subtitle = ["Each block is one cell of the strength x certainty grid, with the agents rated there: "
                "[000] document 000, [ctx] checked context"]
    if unrated:
        subtitle.append("No strength or certainty in the content for: " + ", ".join(unrated))
    tag = {"document 000": "000", "document 003": "003", "checked context": "ctx"}
    df = df.assign(entry=[f"{t} [{tag.get(g, g)}]" for t, g in zip(df["therapy"], df["group"])])
    cells = (df.groupby(["strength", "certainty"], sort=False)
             .agg(therapy=("entry", lambda e: "\n".join(sorted(set(e)))), count=("entry", "size"),
                  statement=("statement", lambda e: " | ".join(dict.fromkeys(e))),
                  source=("source", lambda e: " | ".join(dict.fromkeys(e))))
             .reset_index())
    cells["order"] = [xs.index(s) * 10 + ys.index(c) for s, c in zip(cells["strength"], cells["certainty"])]
    cells = cells.sort_values("order").reset_index(drop=True)
    cells["cell"] = [f"{s}, certainty {c}" if c == NOT_STATED else f"{s}, {c} certainty"
                     for s, c in zip(cells["strength"], cells["certainty"])]
    cells["label_lines"] = [multiline(f"{cell}: {n} {'rating' if n == 1 else 'ratings'}")
                            for cell, n in zip(cells["cell"], cells["count"])]
    cells["zero"] = 0
    cells["aria"] = spoken(f"{label}: {agents}" for label, agents in
                           zip(cells["label_lines"], cells["therapy"].str.replace("\n", ", ")))
    rows = stack_rows(cells, note_col="therapy", bar=12, note_font=LABEL_FONT)
    data = rows.frame
    tips = ["cell:N", "count:Q", "therapy:N", "source:N"]
    bars = alt.Chart(data).mark_rect().encode(
        x=alt.X("zero:Q", title="Number of ratings",
                scale=alt.Scale(domain=[0, int(cells["count"].max())], nice=False, rangeMax=X_RANGE_CAP),
                axis=alt.Axis(format="d", tickMinStep=1, tickCount=X_TICKS)),
        x2="count:Q", y=alt.Y("bar_y:Q", scale=rows.y, axis=None), y2="bar_y2:Q",
        color=alt.Color("strength:N", scale=palette_scale(xs), legend=None), tooltip=tips, description="aria:N")
    labels = row_label(data, rows, fontWeight="bold").encode(tooltip=tips)
    agents = alt.Chart(data).mark_text(align="left", baseline="top", lineBreak="\n", fontSize=LABEL_FONT,
                                       color=OKABE_ITO["black"], aria=False).encode(
        x=alt.value(8), y=alt.Y("note_y:Q", scale=rows.y, axis=None), text="therapy:N", tooltip=tips)
    cell_text = [f"{r.cell}: {r.therapy.replace(chr(10), ', ')}" for r in cells.itertuples()]
    text = describe("Recommendation strength and certainty of evidence for topical agents, cell by cell",
                    heading, *cell_text)
    return finish(bars + labels + agents, heading, subtitle, text, width="container", height=rows.height)


# ---------- 4. systemic doses ----------
def systemic_dose_data(content, weight_kg: float | None = None) -> pd.DataFrame:
    rows = []
    for t in content.therapies.values():
        if t.dose is None:
            continue
        dose, name = t.dose, _short_name(t.name)
        common = {"therapy_id": t.id, "therapy": name, "note": dose.note or "",
                  "source": caption_for(dose.sources, content)}
        rows.append({**common, "unit": dose.unit, "min": dose.min, "max": dose.max, "computed": False,
                     "range": f"{_range(dose.min, dose.max)} {dose.unit}"})
        if weight_kg is not None and dose.per_kg:
            lo, hi = round(dose.min * weight_kg, 1), round(dose.max * weight_kg, 1)
            rows.append({**common, "unit": f"mg/day at {weight_kg:g} kg (computed from {dose.unit})",
                         "min": lo, "max": hi, "computed": True, "range": f"{_range(lo, hi)} mg/day"})
    return pd.DataFrame(rows)


def _dose_panel(sub: pd.DataFrame, unit: str, names: list[str]) -> tuple[alt.LayerChart, int]:
    """Range bars for one dose unit, each labelled above with its agent and range."""
    sub = sub.reset_index(drop=True).assign(
        label_lines=[multiline(f"{r.therapy}: {r.range}") for r in sub.itertuples()])
    sub["aria"] = spoken(sub["label_lines"])
    rows = stack_rows(sub, bar=16)
    tips = ["therapy:N", "range:N", "unit:N", "computed:N", "note:N", "source:N"]
    bars = alt.Chart(rows.frame).mark_rect().encode(
        x=alt.X("min:Q", title=axis_title(unit), axis=alt.Axis(tickCount=X_TICKS),
                scale=alt.Scale(zero=True, nice=True, rangeMax=X_RANGE_CAP)),
        x2="max:Q",
        y=alt.Y("bar_y:Q", scale=rows.y, axis=None), y2="bar_y2:Q",
        color=alt.Color("therapy:N", scale=palette_scale(names), legend=None), tooltip=tips,
        description="aria:N")
    return bars + row_label(rows.frame, rows).encode(tooltip=tips), rows.height


def systemic_dose_chart(content, weight_kg: float | None = None, unit: str | None = None):
    """Range bars, one panel per dose unit (never two units on one axis). With ``unit``: that panel
    alone, width="container"; without: all panels stacked (Vega-Lite cannot size a concat to its container)."""
    df = systemic_dose_data(content, weight_kg)
    names = list(dict.fromkeys(df["therapy"]))
    units = list(dict.fromkeys(df["unit"]))
    if unit is not None:
        sub = df[df["unit"] == unit]
        found = "; ".join(f"{r.therapy} {r.range}" for r in sub.itertuples())
        notes = [f"{r.therapy}: {r.note}" for r in sub.itertuples() if r.note]
        panel, height = _dose_panel(sub, unit, names)
        heading = f"Dose in {unit}: {found}"
        text = describe(f"Range bars of the doses given in {unit}", heading, *notes)
        return finish(panel, heading, notes, text, width="container", height=height)

    fixed = df[~df["computed"]]
    heading = (f"{fixed['therapy'].nunique()} systemic agents have a dose in the sources, "
               f"in {fixed['unit'].nunique()} units")
    if weight_kg is not None:
        calc = df[df["computed"]]
        heading += f"; at {weight_kg:g} kg: " + ", ".join(f"{r.therapy} {r.range}" for r in calc.itertuples())
    subtitle = ["Each unit has its own axis"] + [f"{r.therapy}: {r.note}" for r in fixed.itertuples() if r.note]
    panels = []
    for u in units:
        sub = df[df["unit"] == u]
        panel, height = _dose_panel(sub, u, names)
        panels.append(panel.properties(title=axis_title(u), width=240, height=height))
    text = describe("Range bars of the systemic doses, one panel per unit", heading,
                    *[f"{r.therapy} {r.range}" for r in df.itertuples()])
    return finish(alt.vconcat(*panels), heading, subtitle, text)
