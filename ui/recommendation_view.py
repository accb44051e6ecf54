"""Renders a Recommendation: red flags, options, alternative, referral, why, pitfalls, timeline."""

from __future__ import annotations

from contextlib import nullcontext

import streamlit as st

from pathway.clinical.citations import caption, cite
from pathway.clinical.content import Content
from pathway.clinical.dosing import amount_range
from pathway.clinical.models import URGENCY_WORDS
from pathway.clinical.scenario import Option, Recommendation, Scenario
from pathway.present import charts
from ui.common import STAGE_ICONS


def red_flag_banner(rec: Recommendation, content: Content) -> None:
    for flag_id in rec.red_flags:
        flag = content.red_flags[flag_id]  # every flag the engine raises has its card (contract.REQUIRED_RED_FLAGS)
        signs = "; ".join(s.text.rstrip(".") for s in flag.signs)
        text = f"**RED FLAG: {flag.name}.** Signs: {signs}. {flag.action.text}"
        if flag.urgency == "emergency":
            st.error(text, icon=":material/emergency:")
        else:
            st.warning(text, icon=":material/warning:")
        st.caption(cite(flag.action.sources, content))


def option_card(option: Option, content: Content, boxed: bool = True) -> None:
    """One option: name, regimen, dose and sources, then its warnings (``boxed``: in a bordered box
    of its own; False when the column it is drawn in already has the border)."""
    with st.container(border=True) if boxed else nullcontext():
        strength = f" · {option.strength}" if option.strength else ""
        heading = f"**{option.name}**{strength}"
        if option.specialist_only:
            st.markdown(heading)
            st.info(
                "**Specialist only for this patient: refer.** No protocol or dose is shown.",
                icon=":material/forward_to_inbox:",
            )
            heading = ""
        # name, regimen and dose in one block of text: fewer elements to send on every rerun
        lines = [heading, option.regimen] if heading else [option.regimen]
        if option.daily_dose_mg and not option.dose_warning:
            low, high = option.daily_dose_mg
            lines.append(f"Daily dose for this weight: {amount_range(low, high)} mg/day ({option.dose})")
        elif option.dose and not option.dose_warning:
            lines.append(f"Dose: {option.dose}")
        if option.course:
            lines.append(f"How long: {option.course}")
        lines.append(f":small[{cite(option.sources, content)}]")  # the sources right under what they support
        st.markdown("\n\n".join(lines))
        if option.dose_warning:
            # the warning sits where the dose would be, and no figure is shown
            st.warning(f"Dose: {option.dose or 'not shown'}. {option.dose_warning}", icon=":material/balance:")
        elif option.daily_dose_mg and option.dose_note:
            st.warning(option.dose_note, icon=":material/balance:")
        for note in option.notes:
            st.caption(f":material/info: {note}")
        for caution in option.cautions:
            if option.specialist_only and caution.text in option.regimen:
                continue
            st.warning(f"{caution.text} ({cite(caution.sources, content)})", icon=":material/warning:")
        therapy = content.therapies.get(option.id)
        if therapy and (therapy.monitoring or therapy.warnings) and not option.specialist_only:
            with st.expander("Monitoring and warnings"):
                st.markdown(
                    "\n".join(
                        [
                            f"- :material/stethoscope: {item.text} ({cite(item.sources, content)})"
                            for item in therapy.monitoring
                        ]
                        + [
                            f"- :material/warning: {item.text} ({cite(item.sources, content)})"
                            for item in therapy.warnings
                        ]
                    )
                )


def option_grid(options: list[Option], content: Content, columns: int = 2) -> None:
    for start in range(0, len(options), columns):
        row = options[start : start + columns]
        full = len(row) == columns
        # a full row's columns carry the cards' borders (two elements fewer to send on every rerun)
        for col, option in zip(st.columns(columns, border=full), row):
            with col:
                option_card(option, content, boxed=not full)


def stage_header(rec: Recommendation, content: Content) -> None:
    step = content.step_for_stage(rec.stage)
    st.subheader(f"{STAGE_ICONS.get(rec.stage, '')} Next step: {content.stage_title(rec.stage)}")
    checklist = adequacy_checklist(rec) if rec.stage == "verify_adequacy" else ""
    if step is not None:
        # the step, the step's summary and its checklist in one block of text (one element per rerun, not three)
        where = f":small[{step.label} · severity band: {rec.severity_band} · {content.age_band(rec.age_band).label}]"
        following = f":small[{rec.next_if_no_response.text}]" if rec.next_if_no_response else ""
        st.markdown("\n\n".join(part for part in (where, step.summary.text, checklist, following) if part))
    elif checklist:
        st.markdown(checklist)


def live_result(rec: Recommendation, content: Content) -> None:
    """One line above the controls, kept in view while they move: the engine's next step, the band, and
    whether to refer (the step as the engine names it; nothing is decided here). The line keeps its height
    whatever it says (ui/style.py), so the controls under it stay where the finger is."""
    refer = f" · {URGENCY_WORDS[rec.refer_urgency].lower()}" if rec.refer else ""
    title = content.stage_title(rec.stage)
    st.markdown(f"{STAGE_ICONS.get(rec.stage, '')} Next: **{title}** · {rec.severity_band}{refer}")


def adequacy_checklist(rec: Recommendation) -> str:
    """The engine's four checks of a fair steroid trial, each met or not, so a slider's effect is visible
    (Markdown). Nothing is judged here: the checks and their words are the engine's."""
    if rec.steroid_trial is None:
        return ""
    lines = [
        f"- {':material/check_circle:' if c.met else ':material/cancel:'} {'Met' if c.met else 'Missing'}: {c.text}"
        for c in rec.steroid_trial.checks
    ]
    return "**Is this a fair trial of the steroid?**\n" + "\n".join(lines)


def alternatives(rec: Recommendation, content: Content) -> None:
    for alt in rec.alternatives:
        with st.container(border=True):
            st.markdown(f"**The other document's choice: {content.stage_title(alt.stage)}**")
            st.write(alt.text)
            st.caption(cite(alt.sources, content))
            st.markdown(" · ".join(f"{o.name}" for o in alt.options))


def referral(rec: Recommendation, content: Content) -> None:
    if not rec.refer:
        st.success("No referral criterion is met yet.", icon=":material/check_circle:")
        return
    heading = URGENCY_WORDS[rec.refer_urgency]
    lines = "\n".join(f"- {r.text} ({cite(r.sources, content)})" for r in rec.refer_reasons)
    st.warning(f"**{heading}**\n{lines}", icon=":material/forward_to_inbox:")


def warnings(rec: Recommendation, content: Content) -> None:
    """The engine's warnings for this scenario (limits, conflicts, doses), visible without opening anything."""
    if not rec.warnings:
        return
    lines = "\n".join(f"- {line.text} ({cite(line.sources, content)})" for line in rec.warnings)
    st.warning(f"**Warnings for this scenario**\n{lines}", icon=":material/warning:")


def why(rec: Recommendation, content: Content) -> None:
    # drawn only while open: the trace is long and read now and then, not on every slider move
    box = st.expander("Why this step? The rule trace", key="why_open", on_change="rerun")
    if not box.open:
        return
    with box:
        st.markdown(
            "\n".join(
                f"{n}. {line.text}  \n   _{cite(line.sources, content)}_" for n, line in enumerate(rec.why, start=1)
            )
        )


def pitfalls_and_avoid(rec: Recommendation, content: Content) -> None:
    left, right = st.columns(2)
    with left:
        lines = [
            f"- **{p.title}.** {p.text}  \n  _{cite(p.sources, content)}_"
            for p in (content.pitfalls[pid] for pid in rec.pitfalls)
        ]
        st.markdown("**Pitfalls at this step**\n\n" + "\n".join(lines))
        if not rec.pitfalls:
            st.caption("No pitfall is tied to this step in the sources.")
    with right:
        lines = [
            f"- :material/block: **{a.title}.** {a.text}  \n  _{cite(a.sources, content)}_"
            for a in (content.avoid[aid] for aid in rec.avoid)
        ]
        st.markdown("**Never recommended here**\n\n" + "\n".join(lines))


@st.cache_resource(show_spinner=False, max_entries=64)
def _timeline_table(entries_json: str):
    """The timeline's data table as Arrow, cached by the entries themselves (their JSON): two patients at
    the same stage share a table only when every row is the same, never an adult's rows for an infant.

    An Arrow table is shared by every session as it is (cache_resource, never changed) and Streamlit
    sends it without converting a DataFrame again on every rerun.
    """
    import pyarrow as pa

    from pathway.clinical.scenario import TimelineEntry

    entries = [TimelineEntry.model_validate_json(line) for line in entries_json.splitlines()]
    return pa.Table.from_pandas(charts.timeline_rows(entries).drop(columns=["sources"]), preserve_index=False)


def timeline_key(entries: list) -> str:
    """What the timeline table is cached by: every row, as JSON."""
    return "\n".join(e.model_dump_json() for e in entries)


def timeline(rec: Recommendation, scenario: Scenario, content: Content) -> None:
    st.markdown("**Expected timeline for this plan**")
    if not rec.expected_timeline:
        st.caption("The sources give no timing for this step.")
        return
    # One clock: the axis counts from the day this step starts; the weeks on the failing regimen are
    # a marker only where they count the same thing (see pathway.present.charts.timeline_clock).
    from pathway.present.charts.timeline_clock import overdue, plan_clock
    from pathway.present.charts.timeline_spec import clock_spec, inline_datasets

    clock = plan_clock(rec, scenario, content)
    spec = clock_spec(rec.expected_timeline, clock)
    spec = inline_datasets(spec)  # JSON inside the spec: no DataFrame-to-Arrow conversion on each rerun
    st.vega_lite_chart(spec, width="stretch", key="explorer_timeline")
    sources = sorted({s for e in rec.expected_timeline for s in e.sources})
    st.caption(f"{charts.finding(spec)}\n\n{caption(sources, content)}")  # one element, two lines
    # the table is drawn only while its expander is open (it reports its state and reruns on a click)
    data_box = st.expander("Show the data", key="timeline_data_open", on_change="rerun")
    if data_box.open:
        with data_box:
            st.dataframe(_timeline_table(timeline_key(rec.expected_timeline)), hide_index=True, width="stretch")
    lines = [
        f"- {':material/alarm: ' if overdue(clock, e.max_weeks, e.open_ended) else ''}**{e.label}**: {e.if_no_response}"
        for e in rec.expected_timeline
        if e.if_no_response
    ]
    if lines:
        st.markdown("**If there is no response by then**\n\n" + "\n".join(lines))
