"""Altair charts drawn from the clinical content. Pure functions: no Streamlit, no clinical numbers.

Every figure, label and title is read from ``content/*.yaml`` (through :class:`Content`) or computed
from it. Each ``*_chart`` has a ``*_data`` twin returning the table behind it, for a "show the data"
view. Colours come only from :data:`OKABE_ITO` (colour-blind safe).
"""

from __future__ import annotations

import re
import textwrap
from typing import Any, Iterable, Mapping

import altair as alt
import pandas as pd

from pathway.clinical.models import Certainty, Strength, TimelineItem
from pathway.clinical.scenario import TimelineEntry

OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7",
}
PALETTE = [OKABE_ITO[k] for k in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue")]
NOT_STATED = "not stated"
NO_EFFECT = 1.0  # a risk ratio of 1 means no difference between the arms (definition, not data)
OPEN_ENDED_LABEL = "no end given in the sources"
TOPICAL_CLASSES = ("topical_corticosteroid", "wet_wrap", "topical_calcineurin_inhibitor",
                   "topical_jak_inhibitor", "topical_pde4_inhibitor", "maintenance_regimen")
TIMELINE_COLUMNS = ["id", "label", "kind", "start_weeks", "min_weeks", "max_weeks", "open_ended", "text",
                    "sources", "when", "if_no_response"]


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


TITLE_WIDTH = 62  # characters per title line: long findings wrap instead of being cut with "…"


def wrap(text: str, width: int = TITLE_WIDTH) -> list[str]:
    return textwrap.wrap(text, width) or [text]


def _title(text: str, subtitle: list[str] | str | None = None) -> alt.Title:
    lines = wrap(text)
    subs = [subtitle] if isinstance(subtitle, str) else list(subtitle or [])
    sub_lines = [line for sub in subs for line in wrap(sub, TITLE_WIDTH)]
    return alt.Title(lines if len(lines) > 1 else lines[0], subtitle=sub_lines or alt.Undefined, anchor="start")


def _palette_scale(domain: list[str]) -> alt.Scale:
    return alt.Scale(domain=domain, range=[PALETTE[i % len(PALETTE)] for i in range(len(domain))])


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


# ---------- 1. wet wraps ----------
def wet_wrap_scorad_data(content, evidence_id: str = "wet_wrap_scorad") -> pd.DataFrame:
    ev = content.evidence[evidence_id]
    eff = ev.effect
    return pd.DataFrame([{"arm": a.label, "value": a.value, "unit": a.unit, "measure": eff.description,
                          "p_value": eff.p_value or NOT_STATED, "source": caption_for(ev.sources, content)}
                         for a in eff.arms])


def wet_wrap_scorad_chart(content, evidence_id: str = "wet_wrap_scorad") -> alt.LayerChart:
    df = wet_wrap_scorad_data(content, evidence_id)
    d = _decimals(df["value"])
    ranked = df.sort_values("value", ascending=False)
    top, rest = ranked.iloc[0], ranked.iloc[1:]
    measure = top["measure"].split(" (")[0]
    others = " and ".join(f"{r.value:.{d}f} with {_lower(r.arm)}" for r in rest.itertuples())
    title = f"{measure}: {top['value']:.{d}f} {top['unit']} with {_lower(top['arm'])} vs {others}"
    subtitle = [f"{top['p_value']} for the difference", top["source"]]
    base = alt.Chart(df).encode(
        y=alt.Y("arm:N", sort=list(ranked["arm"]), title=None, axis=alt.Axis(labelLimit=300)),
        x=alt.X("value:Q", title=f"{measure} ({top['unit']})"),
        tooltip=["arm:N", alt.Tooltip("value:Q", format=f".{d}f"), "unit:N", "p_value:N", "source:N"],
    )
    bars = base.mark_bar().encode(color=alt.Color("arm:N", scale=_palette_scale(list(df["arm"])), legend=None))
    labels = base.mark_text(align="left", dx=4, color=OKABE_ITO["black"]).encode(
        text=alt.Text("value:Q", format=f".{d}f"))
    return (bars + labels).properties(title=_title(title, subtitle), width="container")


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
    """Forest plot on a log x scale (ratios are symmetric on a log scale); dashed rule at RR 1."""
    df = relapse_forest_data(content, evidence_ids)
    first = df.iloc[0]
    title = (f"{first['therapy']}: relapse RR {first['rr']:.2f} (95% CI {first['ci_low']:.2f}-"
             f"{first['ci_high']:.2f}) is about {first['times_lower']:.1f} times lower risk, "
             f"a {first['relative_reduction_percent']}% relative reduction")
    subtitle = [f"{r.row}: RR {r.rr:.2f} ({r.ci_low:.2f}-{r.ci_high:.2f}) = {r.times_lower:.2f} times lower "
                f"(95% CI {r.ci_times})" + ("; the interval reaches the line of no effect" if r.crosses_no_effect
                                            else "") for r in df.itertuples()]
    subtitle.append("Log scale; dashed line at 1 = line of no effect; left of it favours the treatment")
    lo, hi = min(df["ci_low"].min(), NO_EFFECT), max(df["ci_high"].max(), NO_EFFECT)
    x_scale = alt.Scale(type="log", domain=[lo * 0.9, hi * 1.1], nice=False)
    tips = ["row:N", "rr:Q", "ci_low:Q", "ci_high:Q", "times_lower:Q", "ci_times:N",
            "relative_reduction_percent:Q", "source:N"]
    base = alt.Chart(df).encode(
        y=alt.Y("row:N", sort=list(df["row"]), title=None, axis=alt.Axis(labelLimit=400)),
        color=alt.Color("row:N", scale=_palette_scale(list(df["row"])), legend=None), tooltip=tips)
    ci = base.mark_rule(strokeWidth=3).encode(
        x=alt.X("ci_low:Q", scale=x_scale, title="Relative risk of relapse (log scale)"), x2="ci_high:Q")
    point = base.mark_point(shape="square", filled=True, size=120, opacity=1).encode(x=alt.X("rr:Q"))
    null = alt.Chart(pd.DataFrame({"label": ["line of no effect"]})).mark_rule(
        strokeDash=[4, 4], color=OKABE_ITO["black"]).encode(x=alt.datum(NO_EFFECT), tooltip=["label:N"])
    return (ci + point + null).properties(title=_title(title, subtitle), width="container")


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
    """A grid, strength across and certainty down; each cell lists the agents rated there."""
    df = certainty_matrix_data(content)
    xs = [s for s in [_human(v) for v in Strength.__args__] + [NOT_STATED] if s in set(df["strength"])]
    ys = [c for c in [_human(v) for v in Certainty.__args__] + [NOT_STATED] if c in set(df["certainty"])]
    counts = df["strength"].value_counts()
    missing = int((df["certainty"] == NOT_STATED).sum())
    title = (f"{counts.iloc[0]} of {len(df)} ratings of topical agents are '{counts.index[0]}'; "
             f"{missing} give no certainty")
    rated = set(df["therapy_id"])
    unrated = [_short_name(t.name) for t in content.therapies.values()
               if t.therapy_class in TOPICAL_CLASSES and t.id not in rated]
    subtitle = ["Each cell lists the agents rated there: [000] document 000, [ctx] checked context"]
    if unrated:
        subtitle.append("No strength or certainty in the content for: " + ", ".join(unrated))
    tag = {"document 000": "000", "document 003": "003", "checked context": "ctx"}
    df = df.assign(entry=[f"{t} [{tag.get(g, g)}]" for t, g in zip(df["therapy"], df["group"])])
    cells = (df.groupby(["strength", "certainty"], sort=False)
             .agg(therapy=("entry", lambda e: "\n".join(sorted(set(e)))), count=("entry", "size"),
                  statement=("statement", lambda e: " | ".join(dict.fromkeys(e))),
                  source=("source", lambda e: " | ".join(dict.fromkeys(e))))
             .reset_index())
    lines = int(cells["therapy"].str.count("\n").max()) + 1
    base = alt.Chart(cells).encode(
        x=alt.X("strength:N", sort=xs, title="Recommendation strength",
                axis=alt.Axis(labelAngle=0, orient="top", labelLimit=110)),
        y=alt.Y("certainty:N", sort=ys, title="Certainty of evidence"),
        tooltip=["therapy:N", "strength:N", "certainty:N", "count:Q", "source:N"])
    rects = base.mark_rect(color=OKABE_ITO["sky_blue"], stroke=OKABE_ITO["black"], strokeWidth=0.5).encode(
        opacity=alt.Opacity("count:Q", scale=alt.Scale(range=[0.25, 0.6]), legend=None))
    labels = base.mark_text(fontSize=11, lineBreak="\n", color=OKABE_ITO["black"]).encode(text="therapy:N")
    return (rects + labels).properties(title=_title(title, subtitle), width="container",
                                       height=alt.Step(lines * 15 + 16))


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


def systemic_dose_chart(content, weight_kg: float | None = None, unit: str | None = None):
    """Range bars, one panel per dose unit (never two units on one axis). With ``unit``: that panel
    alone, width="container"; without: all panels stacked (Vega-Lite cannot size a concat to its container)."""
    df = systemic_dose_data(content, weight_kg)
    names = list(dict.fromkeys(df["therapy"]))
    units = list(dict.fromkeys(df["unit"]))

    def one(u: str) -> alt.LayerChart:
        sub = df[df["unit"] == u]
        base = alt.Chart(sub).encode(
            y=alt.Y("therapy:N", sort=list(sub["therapy"]), title=None, axis=alt.Axis(labelLimit=250)),
            tooltip=["therapy:N", "range:N", "unit:N", "computed:N", "note:N", "source:N"])
        bars = base.mark_bar(size=16).encode(
            x=alt.X("min:Q", title=u, scale=alt.Scale(zero=True)), x2="max:Q",
            color=alt.Color("therapy:N", scale=_palette_scale(names), legend=None))
        text = base.mark_text(align="left", dx=4, color=OKABE_ITO["black"]).encode(x="max:Q", text="range:N")
        return (bars + text).properties(title=_title(u, "; ".join(sub["range"] + " " + sub["therapy"])))

    fixed = df[~df["computed"]]
    title = f"{fixed['therapy'].nunique()} systemic agents have a dose in the sources, in {fixed['unit'].nunique()} units"
    if weight_kg is not None:
        calc = df[df["computed"]]
        title += f"; at {weight_kg:g} kg: " + ", ".join(f"{r.therapy} {r.range}" for r in calc.itertuples())
    subtitle = ["Each unit has its own axis"] + [
        f"{r.therapy}: {r.note}" for r in fixed.itertuples() if r.note]
    if unit is not None:
        sub = df[df["unit"] == unit]
        finding = "; ".join(f"{r.therapy} {r.range}" for r in sub.itertuples())
        notes = [f"{r.therapy}: {r.note}" for r in sub.itertuples() if r.note]
        return one(unit).properties(title=_title(f"Dose in {unit}: {finding}", notes or None), width="container")
    return alt.vconcat(*[one(u) for u in units]).properties(title=_title(title, subtitle))


# ---------- 5. timeline ----------
def _when(lo: float, hi: float, unit: str, open_ended: bool) -> str:
    if open_ended:
        return "no number given"
    return f"{lo:g} {unit}" if lo == hi else f"{_range(lo, hi)} {unit}"


def timeline_rows(items) -> pd.DataFrame:
    """TimelineEntry / TimelineItem / dicts (or ``content.timelines``) -> one row per item, in weeks."""
    if isinstance(items, Mapping):
        items = items.values()
    rows = []
    for it in items:
        if isinstance(it, Mapping):
            it = TimelineEntry.model_validate(it)
        if isinstance(it, TimelineItem):
            start, lo, hi = (round(it.in_weeks(v), 3) for v in (it.start, it.min, it.max))
        else:
            start, lo, hi = it.start_weeks, it.min_weeks, it.max_weeks
        rows.append({"id": it.id, "label": it.label, "kind": it.kind, "start_weeks": start, "min_weeks": lo,
                     "max_weeks": hi, "open_ended": it.open_ended, "text": it.text, "sources": list(it.sources),
                     "when": _when(it.min, it.max, it.unit, it.open_ended), "if_no_response": it.if_no_response or ""})
    df = pd.DataFrame(rows, columns=TIMELINE_COLUMNS)
    return df.sort_values(["open_ended", "min_weeks", "max_weeks"], kind="stable").reset_index(drop=True)


def due_by_week(rows_df: pd.DataFrame, week: float) -> pd.DataFrame:
    """Items whose earliest time (min_weeks) is at or before ``week``, with their status then."""
    due = rows_df[rows_df["min_weeks"] <= week].copy()
    due["status"] = ["ongoing (no end given)" if r.open_ended else "reached" if r.max_weeks <= week
                     else "in window" for r in due.itertuples()]
    return due


def timeline_data(items, current_week: float | None = None, horizon_weeks: float | None = None) -> pd.DataFrame:
    df = timeline_rows(items)
    if horizon_weeks is None:
        horizon_weeks = max([*df["max_weeks"], *df["start_weeks"], current_week or 0]) or 1.0
    df["decision_point"] = (df["min_weeks"] == df["max_weeks"]) & ~df["open_ended"]
    df["bar_end"] = df["max_weeks"].where(~df["open_ended"], max([horizon_weeks, *df["start_weeks"]]))
    df["horizon_weeks"] = horizon_weeks
    return df


def axis_end(horizon: float) -> float:
    """Where the time axis stops: a little past the last timing, so end marks are not cut in half."""
    return round(horizon * 1.06, 3)


def timeline_title(df: pd.DataFrame, horizon: float, current_week: float | None) -> str:
    """The finding the timeline chart states: what is due by the current week, and what comes next."""
    if current_week is None:
        return (f"{len(df)} expected timings over {horizon:g} weeks; "
                f"{int(df['open_ended'].sum())} with no end given in the sources")
    due = due_by_week(df, current_week)
    title = f"Week {current_week:g}: {len(due)} of {len(df)} timings due or reached"
    upcoming = df[df["min_weeks"] > current_week].sort_values("min_weeks")
    if len(upcoming):
        title += f"; next: {upcoming.iloc[0]['label']}"
    return title


def timeline_chart(entries, current_week: float | None = None, horizon_weeks: float | None = None) -> alt.LayerChart:
    df = timeline_data(entries, current_week, horizon_weeks)
    horizon = float(df["horizon_weeks"].iloc[0]) if len(df) else (horizon_weeks or 1.0)
    df = df.drop(columns=["sources"])  # lists do not serialise well into the Vega dataset
    tips = ["label:N", "when:N", "text:N", "if_no_response:N"]
    x_scale = alt.Scale(domain=[0, axis_end(horizon)], nice=False)
    # row labels are drawn inside the plot, above each bar, so the plot keeps its width on a phone
    y = alt.Y("label:N", sort=list(df["label"]), title=None, axis=None)

    def rows(data: pd.DataFrame) -> alt.Chart:
        return alt.Chart(data).encode(y=y, tooltip=tips)

    spans, opened = df[~df["open_ended"] & ~df["decision_point"]], rows(df[df["open_ended"]])
    outer = rows(spans).mark_bar(size=16, color=OKABE_ITO["sky_blue"], clip=True).encode(
        x=alt.X("start_weeks:Q", scale=x_scale, title="Weeks from starting this step"), x2="bar_end:Q")
    inner = rows(spans).mark_bar(size=7, color=OKABE_ITO["blue"], clip=True).encode(x="min_weeks:Q", x2="max_weeks:Q")
    open_bar = opened.mark_bar(size=16, color=OKABE_ITO["sky_blue"], opacity=0.35, clip=True).encode(
        x="start_weeks:Q", x2="bar_end:Q")
    open_text = opened.mark_text(align="left", dx=4, dy=8, baseline="top", fontSize=10, color=OKABE_ITO["black"],
                                 text=OPEN_ENDED_LABEL).encode(x="start_weeks:Q")
    diamonds = rows(df[df["decision_point"]]).mark_point(
        shape="diamond", filled=True, size=160, color=OKABE_ITO["vermillion"], opacity=1, clip=True).encode(
        x="min_weeks:Q")
    names = rows(df).mark_text(align="left", baseline="bottom", dy=-8, fontSize=11, color=OKABE_ITO["black"],
                               limit=600).encode(x=alt.datum(0), text="label:N")
    layers = [outer, inner, open_bar, open_text, diamonds, names]
    subtitle = ["Light bar: start to latest; dark segment: expected window (earliest-latest); "
                "diamond: decision point; pale bar to the edge: no end given"]
    title = timeline_title(df, horizon, current_week)
    if current_week is not None:
        marker = pd.DataFrame({"label": [f"week {current_week:g}"]})
        week = alt.Chart(marker).encode(x=alt.datum(current_week), tooltip=["label:N"])
        layers += [week.mark_rule(color=OKABE_ITO["black"], strokeWidth=2, clip=True),
                   week.mark_text(align="left", dx=4, dy=-4, baseline="bottom", color=OKABE_ITO["black"],
                                  text=f"week {current_week:g}", y=0)]
    return alt.layer(*layers).properties(title=_title(title, subtitle), width="container",
                                         height=alt.Step(40))
