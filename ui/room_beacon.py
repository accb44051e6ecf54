"""The phone's side of a room's beacon (``ui/beacon_file.py``): a script-only component that asks the
room's beacon file every ``ASK_SECONDS`` and reruns the fragment it sits in only when the presenter has
moved the room past what this phone shows. Asking a static file costs the app processes nothing (nginx
or Streamlit's static serving answers it), so a thousand phones that follow a quiet room cost a few
websocket pings, not a thousand reruns every few seconds.

When the beacon cannot be read (not yet written, static serving off, a network hiccup) the phone falls
back to a rerun every ``FALLBACK_SECONDS``, as a ``run_every`` fragment would; and whatever happens it
reruns at least every ``SAFETY_SECONDS``, so a beacon that missed a change (a folder that could not be
written) delays a phone, never strands it.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui.beacon_file import beacon_url

ASK_SECONDS = 1.0
FALLBACK_SECONDS = 3.0
SAFETY_SECONDS = 20.0
RETRY_SECONDS = 2.0  # a phone that reran for a stamp but still shows an older room asks again after this
KEY = "room_beacon"

_JS = """
const watches = new Map();
export default function (component) {
  const { data, key, setTriggerValue } = component;
  const earlier = watches.get(key);
  if (earlier) clearTimeout(earlier.timer);
  const now = Date.now();
  const watch = {
    shown: data.shown,
    asked: earlier ? Math.max(earlier.asked, data.shown) : data.shown,
    askedAt: earlier ? earlier.askedAt : 0,
    ranAt: now,
    timer: 0,
    stopped: false,
  };
  watches.set(key, watch);
  const ask = (stamp) => {
    watch.asked = Math.max(watch.asked, stamp);
    watch.askedAt = watch.ranAt = Date.now();
    setTriggerValue("moved", stamp);
  };
  const tick = async () => {
    let stamp = null;
    try {
      const answer = await fetch(data.url, { cache: "no-store" });
      if (answer.ok) {
        const value = parseInt(await answer.text(), 10);
        if (Number.isFinite(value)) stamp = value;
      }
    } catch (error) {
      stamp = null;
    }
    if (watch.stopped) return;
    const at = Date.now();
    if (stamp !== null && stamp > watch.shown) {
      if (stamp > watch.asked || at - watch.askedAt >= data.retry_ms) ask(stamp);
    } else if (stamp === null && at - watch.ranAt >= data.fallback_ms) {
      ask(watch.shown);
    } else if (at - watch.ranAt >= data.safety_ms) {
      ask(watch.shown);
    }
    watch.timer = setTimeout(tick, data.every_ms);
  };
  watch.timer = setTimeout(tick, data.every_ms);
  return () => {
    watch.stopped = true;
    clearTimeout(watch.timer);
  };
}
"""

_CSS = ":host { display: none; }"

_component = st.components.v2.component("ladder_room_beacon", js=_JS, css=_CSS)


def _noted() -> None:
    """The trigger's callback: nothing to do (the fragment reads the stamp itself); Streamlit needs one
    to register the event."""


def asked_stamp() -> int | None:
    """The stamp this rerun was asked for by the beacon (None on any other rerun). Read before the
    fragment draws, so the room is read at least at that stamp."""
    state: Any = st.session_state.get(KEY)
    stamp = state.get("moved") if isinstance(state, dict) else None
    return stamp if isinstance(stamp, int) and not isinstance(stamp, bool) else None


def follow_beacon(code: str, shown: int) -> None:
    """Mount the beacon for room ``code``; ``shown`` is the room version this rerun drew."""
    _component(
        key=KEY,
        data={
            "url": beacon_url(code),
            "shown": shown,
            "every_ms": int(ASK_SECONDS * 1000),
            "fallback_ms": int(FALLBACK_SECONDS * 1000),
            "safety_ms": int(SAFETY_SECONDS * 1000),
            "retry_ms": int(RETRY_SECONDS * 1000),
        },
        on_moved_change=_noted,
    )
