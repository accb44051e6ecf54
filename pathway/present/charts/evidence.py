"""Altair charts drawn from the clinical content. Pure functions: no Streamlit, no clinical numbers.

Every figure, label and title is read from ``content/*.yaml`` (through :class:`Content`) or computed
from it. Each ``*_chart`` has a ``*_data`` twin returning the table behind it, for a "show the data"
view. Colours come only from :data:`OKABE_ITO` (colour-blind safe). ``look`` draws a chart for a slide
instead of a page (:class:`~pathway.present.charts.style.Look`): the same marks and words, larger.

Every chart fits any width from a 320 px phone to a 1920 px screen (see :mod:`chart_style`): rows are
labelled inside the plot, with their numbers, above their bars; titles state the finding in short lines
on a phone and long lines on a wide screen; and each spec's ``description`` is its text alternative
(Vega writes it into the chart's aria-label), also shown under the chart by the pages.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import altair as alt
import pandas as pd

from pathway.clinical.citations import by_document, caption
from pathway.present.charts.numbers import _decimals, _lower, _short_name
from pathway.present.charts.style import (
    OKABE_ITO,
    PAGE,
    Look,
    axis_title,
    describe,
    finish,
    multiline,
    palette_scale,
    row_label,
    spoken,
    stack_rows,
)

if TYPE_CHECKING:
    from pathway.clinical.content import Content

NO_EFFECT = 1.0  # a risk ratio of 1 means no difference between the arms (definition, not data)


def finding(spec: dict[str, Any]) -> str:
    """The sentence a chart states (its text alternative), for a caption under it."""
    description: str = spec.get("description", "")
    return description


# ---------- 1. wet wraps ----------
def wet_wrap_scorad_data(content: Content, evidence_id: str = "wet_wrap_scorad") -> pd.DataFrame:
    ev = content.evidence[evidence_id]
    eff = ev.effect
    assert eff is not None, f"evidence {evidence_id} has no effect to chart"
    return pd.DataFrame(
        [
            {
                "arm": a.label,
                "value": a.value,
                "unit": a.unit,
                "measure": eff.description,
                "p_value": eff.p_value,
                "source": caption(ev.sources, content),
            }
            for a in eff.arms
        ]
    )


def wet_wrap_scorad_chart(
    content: Content, evidence_id: str = "wet_wrap_scorad", *, look: Look = PAGE
) -> alt.LayerChart:
    """One bar per arm, each labelled above with its arm and value."""
    df = wet_wrap_scorad_data(content, evidence_id)
    d = _decimals(df["value"])
    ranked = df.sort_values("value", ascending=False).reset_index(drop=True)
    top, rest = ranked.iloc[0], ranked.iloc[1:]
    measure = top["measure"].split(" (")[0]
    others = " and ".join(f"{r.value:.{d}f} with {_lower(r.arm)}" for r in rest.itertuples())
    heading = f"{measure}: {top['value']:.{d}f} {top['unit']} with {_lower(top['arm'])} vs {others}"
    subtitle = [f"{top['p_value']} for the difference", top["source"]]
    ranked["label_lines"] = [
        multiline(f"{r.arm}: {r.value:.{d}f} {r.unit}", look.label_chars) for r in ranked.itertuples()
    ]
    ranked["zero"] = 0.0
    ranked["aria"] = spoken(ranked["label_lines"])
    rows = stack_rows(ranked, bar=18, look=look)
    tips: list[str | alt.Tooltip] = [
        "arm:N",
        alt.Tooltip("value:Q", format=f".{d}f"),
        "unit:N",
        "p_value:N",
        "source:N",
    ]
    bars = (
        alt.Chart(rows.frame)
        .mark_rect()
        .encode(
            x=alt.X(
                "zero:Q",
                title=axis_title(f"{measure} ({top['unit']})", look),
                axis=alt.Axis(tickCount=look.x_ticks),
                scale=alt.Scale(domain=[0, float(ranked["value"].max())], nice=True, rangeMax=look.x_range_cap),
            ),
            x2="value:Q",
            y=alt.Y("bar_y:Q", scale=rows.y, axis=None),
            y2="bar_y2:Q",
            color=alt.Color("arm:N", scale=palette_scale(list(df["arm"])), legend=None),
            tooltip=tips,
            description="aria:N",
        )
    )
    labels = row_label(rows.frame, rows, look=look).encode(tooltip=tips)
    text = describe(f"Bar chart of {_lower(measure)} in each arm", heading, subtitle[0])
    chart: alt.LayerChart = finish(
        bars + labels, heading, subtitle, text, look, width=look.chart_width, height=rows.height
    )
    return chart


# ---------- 2. relapse forest plot ----------
def relapse_arithmetic(rr: float, ci_low: float, ci_high: float) -> dict[str, Any]:
    """What a risk ratio means as "times lower" and as a relative reduction (unrounded numbers)."""
    if not 0 < ci_low <= rr <= ci_high:
        raise ValueError("need 0 < ci_low <= rr <= ci_high")
    times, ci_times = 1 / rr, (1 / ci_high, 1 / ci_low)
    rrr, rrr_ci = (1 - rr) * 100, ((1 - ci_high) * 100, (1 - ci_low) * 100)
    text = (
        f"RR {rr:g} (95% CI {ci_low:g}-{ci_high:g}) means about {times:.1f} times lower risk "
        f"(1/{rr:g} = {times:.2f}; 95% CI {ci_times[0]:.1f}-{ci_times[1]:.1f}), "
        f"a {rrr:.0f}% relative reduction (95% CI {rrr_ci[0]:.0f}-{rrr_ci[1]:.0f}%)"
    )
    return {
        "rr": rr,
        "ci_low": ci_low,
        "ci_high": ci_high,
        "times_lower": times,
        "ci_times": ci_times,
        "relative_reduction_percent": rrr,
        "relative_reduction_ci_percent": rrr_ci,
        "text": text,
    }


# document 000's figure and the checked context's other pooled estimate (the fluticasone pool is the
# same 0.46 as document 000's, so it is not drawn twice)
RELAPSE_IDS = ("proactive_rr", "schmitt_tacrolimus_rr")


def relapse_forest_data(content: Content, evidence_ids: Iterable[str] = RELAPSE_IDS) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    for eid in evidence_ids:
        ev = content.evidence[eid]
        eff = ev.effect
        therapies = ", ".join(_short_name(content.therapies[t].name) for t in ev.therapies)
        where = "; ".join(by_document(ev.sources, content))
        assert eff is not None and eff.value is not None and eff.ci_low is not None and eff.ci_high is not None, (
            f"evidence {eid} needs an effect with a value and a 95% CI"
        )
        a = relapse_arithmetic(eff.value, eff.ci_low, eff.ci_high)
        rows.append(
            {
                "id": eid,
                "row": f"{where}: {therapies}",
                "therapy": therapies,
                "rr": eff.value,
                "ci_low": eff.ci_low,
                "ci_high": eff.ci_high,
                "times_lower": round(a["times_lower"], 2),
                "ci_times": f"{a['ci_times'][0]:.1f}-{a['ci_times'][1]:.1f}",
                "relative_reduction_percent": round(a["relative_reduction_percent"]),
                "crosses_no_effect": eff.ci_high >= NO_EFFECT >= eff.ci_low,
                "description": eff.description,
                "source": caption(ev.sources, content),
            }
        )
    return pd.DataFrame(rows)


def relapse_forest_chart(
    content: Content, evidence_ids: Iterable[str] = RELAPSE_IDS, *, look: Look = PAGE
) -> alt.LayerChart:
    """Forest plot on a log x scale (ratios are symmetric on a log scale); dashed rule at RR 1.

    Each row is labelled above its interval with its source, treatment and numbers, so the numbers are
    read without the axis and nothing needs room on the left of the plot.
    """
    df = relapse_forest_data(content, evidence_ids)
    first = df.iloc[0]
    heading = (
        f"{first['therapy']}: relapse RR {first['rr']:.2f} (95% CI {first['ci_low']:.2f}-"
        f"{first['ci_high']:.2f}) is about {first['times_lower']:.1f} times lower risk, "
        f"a {first['relative_reduction_percent']}% relative reduction"
    )
    numbers = [
        f"RR {r.rr:.2f} (95% CI {r.ci_low:.2f}-{r.ci_high:.2f}) = {r.times_lower:.2f} times lower (95% CI {r.ci_times})"
        for r in df.itertuples()
    ]
    crossing = [
        f"{r.therapy}: the interval reaches the line of no effect" for r in df.itertuples() if r.crosses_no_effect
    ]
    subtitle = [*crossing, "Square: pooled risk ratio; line: 95% CI; dashed line: no effect (RR 1)"]
    chars = look.label_chars
    df["label_lines"] = [multiline(r.row, chars) + "\n" + multiline(n, chars) for r, n in zip(df.itertuples(), numbers)]
    df["aria"] = spoken(df["label_lines"])
    # the header holds the dashed line's label: 18 px on a page
    rows = stack_rows(df, header=look.line(look.small_font) + look.px(5), bar=12, look=look)
    data = rows.frame
    lo, hi = min(df["ci_low"].min(), NO_EFFECT), max(df["ci_high"].max(), NO_EFFECT)
    domain = [lo * 0.9, hi * 1.1]
    x_scale = alt.Scale(type="log", domain=domain, nice=False, rangeMax=look.x_range_cap)
    tips = [
        "row:N",
        "rr:Q",
        "ci_low:Q",
        "ci_high:Q",
        "times_lower:Q",
        "ci_times:N",
        "relative_reduction_percent:Q",
        "source:N",
    ]
    y = alt.Y("bar_mid:Q", scale=rows.y, axis=None)
    colour = alt.Color("row:N", scale=palette_scale(list(df["row"])), legend=None)
    base = alt.Chart(data).encode(tooltip=tips)
    ci = base.mark_rule(strokeWidth=look.px(3)).encode(
        x=alt.X(
            "ci_low:Q",
            scale=x_scale,
            axis=alt.Axis(tickCount=look.x_ticks),
            title=axis_title(
                "Relative risk of relapse (log scale); left of the dashed line favours the treatment", look
            ),
        ),
        x2="ci_high:Q",
        y=y,
        color=colour,
        description="aria:N",
    )
    point = base.mark_point(shape="square", filled=True, size=look.area(120), opacity=1, aria=False).encode(
        x="rr:Q", y=y, color=colour
    )
    labels = row_label(data, rows, look=look).encode(tooltip=tips)
    null_data = pd.DataFrame({"label": ["no effect (RR 1)"]})
    null = (
        alt.Chart(null_data)
        .mark_rule(strokeDash=[look.px(4), look.px(4)], color=OKABE_ITO["black"], **look.stroke(1))
        .encode(x=alt.datum(NO_EFFECT), tooltip=["label:N"], description="label:N")
    )
    right = math.log(NO_EFFECT / domain[0]) / math.log(domain[1] / domain[0]) > 0.55
    null_text = (
        alt.Chart(null_data)
        .mark_text(
            align="right" if right else "left",
            dx=-look.px(4) if right else look.px(4),
            baseline="top",
            y=look.px(3),
            fontSize=look.small_font,
            color=OKABE_ITO["black"],
            aria=False,
        )
        .encode(x=alt.datum(NO_EFFECT), text="label:N", tooltip=["label:N"])
    )
    text = describe(
        "Forest plot of relapse risk ratios with 95% confidence intervals, on a log scale",
        heading,
        *[f"{r.row}: {n}" for r, n in zip(df.itertuples(), numbers)],
        *crossing,
    )
    chart: alt.LayerChart = finish(
        ci + point + labels + null + null_text,
        heading,
        subtitle,
        text,
        look,
        width=look.chart_width,
        height=rows.height,
    )
    return chart
