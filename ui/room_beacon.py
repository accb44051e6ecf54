"""A phone's view of a lecture room, drawn in the browser from the room's beacon (``ui/beacon_file.py``).

A script component asks the room's beacon file every ``ASK_SECONDS`` and draws what it holds: where the
room is, the slide's title, its question with one button per choice, the class's answers once revealed.
A slide change or a reveal therefore reaches a phone within a second or so and costs the app nothing
(nginx or Streamlit's static serving answers the file). The phone's fragment reruns only when the phone
votes (the tapped choice comes back as the component's ``vote`` trigger), when the lecture ends, when the
beacon cannot be read (every ``FALLBACK_SECONDS``, the room then comes from the rerun itself) and every
``SAFETY_SECONDS`` whatever happens, so a beacon that could not be written delays a phone, never strands
it. Whichever is newer wins: the beacon or the room as the last rerun read it (both carry the room's
change counter).

Texts are set as text (``textContent``), never as markup; the component gets no presenter key and no
answer before the reveal (the beacon's state has none).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

ASK_SECONDS = 1.0
FALLBACK_SECONDS = 3.0
SAFETY_SECONDS = 30.0
KEY = "room_view"

_HTML = '<div class="room" role="region" aria-label="The lecture now" aria-live="polite"></div>'

_CSS = """
:host { display: block; }
.room { font-family: inherit; color: var(--st-text-color, #1b2a33); }
.where { margin: 0 0 0.5rem; font-size: 1rem; }
h3 { margin: 0.25rem 0 0.75rem; font-size: 1.5rem; line-height: 1.25; font-weight: 700; }
p { margin: 0 0 0.75rem; font-size: 1rem; line-height: 1.5; }
.lead { font-weight: 700; }
.choices { display: flex; flex-direction: column; gap: 0.5rem; margin: 0 0 0.75rem; }
.choices button {
  min-height: 52px; width: 100%; text-align: left; font: inherit; font-size: 18px; line-height: 1.35;
  padding: 0.6rem 0.9rem; border-radius: 0.5rem; cursor: pointer;
  border: 1px solid #b9c7cf; background: #ffffff; color: #1b2a33;
}
.choices button[aria-pressed="true"] { background: #0b6e99; border-color: #0b6e99; color: #ffffff; }
.choices button:focus-visible { outline: 3px solid #0b6e99; outline-offset: 2px; }
.choices button:disabled { cursor: default; }
.note { padding: 0.75rem 1rem; border-radius: 0.5rem; background: #eef4f7; }
.said { padding: 0.75rem 1rem; border-radius: 0.5rem; }
.said.success { background: #e3f3e8; color: #14532d; }
.said.warning { background: #fff4d6; color: #5c3c00; }
ul { margin: 0 0 0.75rem; padding-left: 1.25rem; }
li { margin: 0.2rem 0; line-height: 1.45; }
"""

_JS = """
const views = new Map();

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

export default function (component) {
  const { data, key, parentElement, setTriggerValue } = component;
  const root = parentElement.querySelector(".room");
  const earlier = views.get(key);
  if (earlier) { earlier.stopped = true; clearTimeout(earlier.timer); }
  const fromRun = data.state;
  const view = {
    state: earlier && earlier.state && earlier.state.stamp > fromRun.stamp ? earlier.state : fromRun,
    pending: null,  // a run has come back since any tap: the tap was taken (or refused, with a message)
    ranAt: Date.now(),
    woke: false,
    timer: 0,
    stopped: false,
  };
  views.set(key, view);

  const rerun = (name, value) => {
    view.ranAt = Date.now();
    setTriggerValue(name, value);
  };

  const draw = () => {
    const s = view.state;
    root.replaceChildren();
    root.append(el("p", `Lecture room ${s.room} · slide ${s.slide + 1} of ${s.slides}`, "where"));
    root.append(el("h3", s.title));
    const q = s.question;
    if (!q) {
      root.append(el("p", "Questions appear here by themselves when the presenter reaches them."));
      return;
    }
    root.append(el("p", q.stem));
    if (q.lead_in) root.append(el("p", q.lead_in, "lead"));
    const mine = data.mine[String(q.slide)] ?? null;
    const said = data.message && data.message.slide === q.slide && data.message.revealed === !!q.result
      ? data.message : null;
    if (said && !q.result) root.append(el("p", said.text, `said ${said.kind}`));
    const label = (id) => (q.choices.find((c) => c.id === id) || { label: id }).label;
    if (q.result) {
      const r = q.result;
      root.append(el("p", r.heading, "lead"));
      const list = el("ul");
      for (const line of r.lines) list.append(el("li", line));
      root.append(list);
      if (mine !== null) {
        root.append(mine === r.answer
          ? el("p", `Your answer, ${label(mine)}, is correct.`, "said success")
          : el("p", `Your answer was ${label(mine)}.`, "note"));
      }
      root.append(el("p", `Correct answer: ${label(r.answer)}`, "lead"));
      if (r.explanations[r.answer]) root.append(el("p", r.explanations[r.answer]));
      if (mine !== null && mine !== r.answer && r.explanations[mine]) {
        const why = el("p");
        why.append(el("strong", `Why not ${label(mine).split(".")[0]}: `), r.explanations[mine]);
        root.append(why);
      }
      return;
    }
    if (q.locked) {
      const list = el("ul");
      for (const c of q.choices) list.append(el("li", c.label));
      root.append(list);
      const kept = mine !== null ? ` Your answer: ${label(mine)}.` : "";
      root.append(el("p", `Answers are locked for this question: no more changes.${kept}`, "said warning"));
    } else {
      const group = el("div", null, "choices");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Your answer");
      const sending = view.pending && view.pending.slide === q.slide && view.pending.stamp === data.shown;
      for (const c of q.choices) {
        const button = el("button", c.label);
        button.type = "button";
        const chosen = sending ? view.pending.choice === c.id : mine === c.id;
        button.setAttribute("aria-pressed", chosen ? "true" : "false");
        button.disabled = !!sending;
        button.addEventListener("click", () => {
          view.pending = { slide: q.slide, choice: c.id, stamp: data.shown };
          draw();
          rerun("vote", { slide: q.slide, choice: c.id });
        });
        group.append(button);
      }
      root.append(group);
      root.append(el("p", sending ? "Sending your answer…"
        : mine !== null
          ? `Your answer: ${label(mine)}. Tap another to change it until the presenter locks the question.`
        : "Tap your answer."));
    }
    root.append(el("p", "Waiting for the presenter to reveal the answer.", "note"));
  };

  const tick = async () => {
    let fetched = null;
    try {
      const answer = await fetch(data.url, { cache: "no-store" });
      if (answer.ok) fetched = await answer.json();
    } catch (error) {
      fetched = null;
    }
    if (view.stopped) return;
    const now = Date.now();
    if (fetched && typeof fetched.stamp === "number" && fetched.stamp > view.state.stamp) {
      view.state = fetched;
      draw();
      if (fetched.ended && !view.woke) { view.woke = true; rerun("moved", fetched.stamp); }
    } else if (!fetched && now - view.ranAt >= data.fallback_ms) {
      rerun("moved", view.state.stamp);
    } else if (now - view.ranAt >= data.safety_ms) {
      rerun("moved", view.state.stamp);
    }
    view.timer = setTimeout(tick, data.every_ms);
  };

  draw();
  view.timer = setTimeout(tick, Math.min(data.every_ms, 250));
  return () => { view.stopped = true; clearTimeout(view.timer); };
}
"""

_component = st.components.v2.component("ladder_room_view", html=_HTML, css=_CSS, js=_JS)


def _noted() -> None:
    """The triggers' callback: nothing to do (the fragment reads them itself); Streamlit needs one to
    register each event."""


def _trigger(name: str) -> Any:
    state: Any = st.session_state.get(KEY)
    return state.get(name) if isinstance(state, dict) else None


def asked_stamp() -> int | None:
    """The room version this rerun was woken for (None on any other rerun): the room is then read at
    least at that version."""
    stamp = _trigger("moved")
    return stamp if isinstance(stamp, int) and not isinstance(stamp, bool) else None


def asked_vote() -> tuple[int, str] | None:
    """The (slide, choice id) this phone's tap sent, on the rerun it caused; None otherwise or when
    malformed (a tap is data from the browser)."""
    vote = _trigger("vote")
    if not isinstance(vote, dict):
        return None
    slide, choice = vote.get("slide"), vote.get("choice")
    if isinstance(slide, int) and not isinstance(slide, bool) and isinstance(choice, str) and len(choice) <= 40:
        return slide, choice
    return None


def room_view(url: str, shown: int, state: dict[str, Any], mine: dict[int, str], message: dict | None) -> None:
    """Mount the phone's view: ``state`` is the room as this rerun read it (``beacon_file.room_state``),
    ``shown`` its version, ``mine`` this phone's answers by slide, ``message`` what its last tap did."""
    _component(
        key=KEY,
        data={
            "url": url,
            "shown": shown,
            "state": state,
            "mine": {str(slide): choice for slide, choice in mine.items()},
            "message": message,
            "every_ms": int(ASK_SECONDS * 1000),
            "fallback_ms": int(FALLBACK_SECONDS * 1000),
            "safety_ms": int(SAFETY_SECONDS * 1000),
        },
        on_moved_change=_noted,
        on_vote_change=_noted,
    )
