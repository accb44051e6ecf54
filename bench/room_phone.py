"""A student's phone following a lecture room (``/Join_poll?code=ROOM``), over Streamlit's websocket
protocol (bench/ws_client.py): it learns the follow fragment, the slide title it shows and the answer
buttons, and taps an answer. It follows the room as the page's beacon (ui/room_beacon.py) makes a
browser do: it asks the room's beacon file over HTTP every second (``ask_beacon``) and reruns the
fragment, with the beacon's trigger, only when the stamp there is past the room version it shows (or
after the beacon's safety interval); ``refresh`` is a plain rerun, as a ``run_every`` timer would send."""

from __future__ import annotations

import asyncio
import json
import re
import time
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg

from bench.ws_client import ProtocolError, RunResult, Session, Widget

PAGE_NAME = "Join_poll"
CORRECT = "**Correct answer"
_TITLE = re.compile(r"^### (.+)$", re.MULTILINE)  # the slide's title in the phone's one line of Markdown
_ESCAPE = re.compile(r"\\(.)")  # the page shows titles as escaped Markdown (ui.safe.plain)


def unescaped(markdown: str) -> str:
    return _ESCAPE.sub(r"\1", markdown)


class RoomPhone(Session):
    def __init__(self, url: str, code: str, voter: str, timeout: float = 120.0) -> None:
        super().__init__(url, page_name=PAGE_NAME, query_string=f"code={code}&voter={voter}", timeout=timeout)
        self.voter = voter
        self.fragment_id = ""  # the follow fragment (the outermost one the page draws)
        self.buttons: dict[str, Widget] = {}  # button id -> button, as last drawn
        self.title = ""  # the slide title the phone shows
        self.seen: dict[str, float] = {}  # title (or "reveal:<title>") -> when this phone first showed it
        self._tap: str | None = None
        self._auto = False
        self.beacon: dict = {}  # the beacon's data as the last run drew it (url, shown, intervals)
        self.beacon_id = ""  # the beacon component's element id
        self._trigger: int | None = None
        self.asked, self.asked_at, self.ran_at = 0, 0.0, time.perf_counter()
        self._http: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    def _delta(self, delta) -> None:
        super()._delta(delta)
        if delta.fragment_id and not self.fragment_id:
            self.fragment_id = delta.fragment_id
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        which = element.WhichOneof("type")
        if which == "bidi_component":
            self.beacon = json.loads(element.bidi_component.json)
            self.beacon_id = element.bidi_component.id
            self.asked = max(self.asked, int(self.beacon["shown"]))
        elif which == "button":
            self.buttons[element.button.id] = Widget(element.button.id, "button", delta.fragment_id)
        elif which == "markdown" and element.markdown.body.startswith(CORRECT):
            self.seen.setdefault(f"reveal:{self.title}", time.perf_counter())
        elif which == "markdown" and (title := _TITLE.search(element.markdown.body)):
            self.title = unescaped(title.group(1))
            self.seen.setdefault(self.title, time.perf_counter())

    def _back_msg(self, fragment_id: str = "") -> bytes:
        msg = BackMsg()
        msg.ParseFromString(super()._back_msg(fragment_id))
        msg.rerun_script.is_auto_rerun = self._auto
        if self._tap is not None:
            entry = msg.rerun_script.widget_states.widgets.add()
            entry.id = self._tap
            entry.trigger_value = True
        if self._trigger is not None:
            entry = msg.rerun_script.widget_states.widgets.add()
            entry.id = f"$$STREAMLIT_INTERNAL_KEY_{self.beacon_id}__events"  # the beacon's trigger (Streamlit)
            entry.json_trigger_value = json.dumps([{"event": "moved", "value": self._trigger}])
        return msg.SerializeToString()

    async def _rerun(self, fragment_id: str = "") -> RunResult:
        self.buttons = {}  # a run draws the buttons it shows again
        return await super()._rerun(fragment_id)

    def button_for(self, slide_index: int, choice_id: str) -> Widget:
        tail = f"-join_{slide_index}_{choice_id}"
        for button in self.buttons.values():
            if button.id.endswith(tail):
                return button
        raise ProtocolError(f"no answer button for {choice_id!r} on slide {slide_index} (title {self.title!r})")

    async def tap(self, slide_index: int, choice_id: str) -> RunResult:
        button = self.button_for(slide_index, choice_id)
        self._tap = button.id
        self.ran_at = time.perf_counter()
        try:
            return await self._rerun(button.fragment_id)
        finally:
            self._tap = None

    async def refresh(self) -> RunResult:
        """One ``run_every`` rerun of the follow fragment."""
        if not self.fragment_id:
            raise ProtocolError("the join page showed no follow fragment")
        self._auto = True
        try:
            return await self._rerun(self.fragment_id)
        finally:
            self._auto = False

    async def _get(self, path: str) -> tuple[int, bytes]:
        """One HTTP/1.1 GET on this phone's kept-alive connection to the server (as a browser keeps one)."""
        where = urlsplit(self.url)
        for attempt in (1, 2):
            if self._http is None:
                self._http = await asyncio.open_connection(where.hostname, where.port)
            reader, writer = self._http
            try:
                writer.write(
                    f"GET /{path} HTTP/1.1\r\nHost: {where.netloc}\r\nCache-Control: no-store\r\n\r\n".encode()
                )
                await writer.drain()
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head.split(b" ", 2)[1])
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                return status, await reader.readexactly(length)
            except (OSError, asyncio.IncompleteReadError, ValueError):
                writer.close()
                self._http = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def ask_beacon(self) -> bool:
        """One tick of the beacon: ask the file, and rerun the fragment when the room has moved past what
        this phone shows (or the file cannot be read for the fallback interval, or the safety interval has
        passed). True when it reran."""
        if not self.beacon:
            raise ProtocolError("the join page drew no beacon")
        status, body = await self._get(self.beacon["url"])
        stamp = int(body) if status == 200 and body.strip().isdigit() else None
        now, shown = time.perf_counter(), int(self.beacon["shown"])
        if stamp is not None and stamp > shown:
            if stamp > self.asked or now - self.asked_at >= self.beacon["retry_ms"] / 1e3:
                await self._woken(stamp)
                return True
            return False
        wait = self.beacon["fallback_ms"] if stamp is None else self.beacon["safety_ms"]
        if now - self.ran_at >= wait / 1e3:  # no beacon for a while, or the safety net's interval
            await self._woken(shown)
            return True
        return False

    async def _woken(self, stamp: int) -> None:
        self.asked, self.asked_at, self.ran_at = max(self.asked, stamp), time.perf_counter(), time.perf_counter()
        self._trigger = stamp
        try:
            await self._rerun(self.fragment_id)
        finally:
            self._trigger = None

    async def close(self) -> None:
        if self._http is not None:
            self._http[1].close()
            self._http = None
        await super().close()
