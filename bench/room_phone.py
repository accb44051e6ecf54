"""A student's phone following a lecture room (``/Join_poll?code=ROOM``), over Streamlit's websocket
protocol (bench/ws_client.py), doing what the page's view (ui/room_beacon.py) makes a browser do: it
reads the view's data from the follow fragment's delta (the beacon's address, the room as the run read
it), asks the room's beacon file over HTTP/1.1 every second (``ask_beacon``) and "shows" whatever is
newer, and votes by sending the view's ``vote`` trigger, which reruns the fragment. It reruns the
fragment otherwise only when the lecture ends, the beacon cannot be read, or the safety interval passes.
``seen`` records when this phone first had each slide title (and each reveal) to show."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg

from bench.ws_client import ProtocolError, RunResult, Session

PAGE_NAME = "Join_poll"


class RoomPhone(Session):
    def __init__(self, url: str, code: str, voter: str, timeout: float = 120.0) -> None:
        super().__init__(url, page_name=PAGE_NAME, query_string=f"code={code}&voter={voter}", timeout=timeout)
        self.voter = voter
        self.fragment_id = ""  # the follow fragment (the outermost one the page draws)
        self.view: dict[str, Any] = {}  # the view's data as the last run drew it (url, shown, state, ...)
        self.view_id = ""  # the view component's element id
        self.state: dict[str, Any] = {}  # the room as this phone shows it (the newer of run and beacon)
        self.seen: dict[str, float] = {}  # title (or "reveal:<title>") -> when this phone first showed it
        self._trigger: tuple[str, Any] | None = None
        self._auto = False
        self.ran_at = time.perf_counter()
        self._http: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    @property
    def title(self) -> str:
        return str(self.state.get("title", ""))

    def _show(self, state: dict[str, Any]) -> None:
        if self.state and state.get("stamp", -1) <= self.state.get("stamp", -1):
            return
        self.state = state
        now = time.perf_counter()
        self.seen.setdefault(self.title, now)
        if (state.get("question") or {}).get("result"):
            self.seen.setdefault(f"reveal:{self.title}", now)

    def _delta(self, delta) -> None:
        super()._delta(delta)
        if delta.fragment_id and not self.fragment_id:
            self.fragment_id = delta.fragment_id
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        if element.WhichOneof("type") == "bidi_component":
            self.view = json.loads(element.bidi_component.json)
            self.view_id = element.bidi_component.id
            self._show(self.view["state"])

    def _back_msg(self, fragment_id: str = "") -> bytes:
        msg = BackMsg()
        msg.ParseFromString(super()._back_msg(fragment_id))
        msg.rerun_script.is_auto_rerun = self._auto
        if self._trigger is not None:
            event, value = self._trigger
            entry = msg.rerun_script.widget_states.widgets.add()
            entry.id = f"$$STREAMLIT_INTERNAL_KEY_{self.view_id}__events"  # the component's triggers (Streamlit)
            entry.json_trigger_value = json.dumps([{"event": event, "value": value}])
        return msg.SerializeToString()

    async def _send(self, event: str, value: Any) -> RunResult:
        if not self.fragment_id:
            raise ProtocolError("the join page showed no follow fragment")
        self.ran_at = time.perf_counter()
        self._trigger = (event, value)
        try:
            return await self._rerun(self.fragment_id)
        finally:
            self._trigger = None

    def choices(self, slide_index: int) -> list[str]:
        question = self.state.get("question") or {}
        if question.get("slide") != slide_index:
            raise ProtocolError(f"slide {slide_index} asks nothing on this phone (it shows {self.title!r})")
        return [c["id"] for c in question["choices"]]

    async def tap(self, slide_index: int, choice_id: str) -> RunResult:
        """Tap an answer on the question slide this phone shows (the view's vote trigger)."""
        self.choices(slide_index)
        return await self._send("vote", {"slide": slide_index, "choice": choice_id})

    async def refresh(self) -> RunResult:
        """A plain rerun of the follow fragment (what the safety net sends)."""
        self._auto = True
        try:
            return await self._send("moved", self.state.get("stamp", 0))
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
                request = f"GET /{path} HTTP/1.1\r\nHost: {where.netloc}\r\nCache-Control: no-store\r\n\r\n"
                writer.write(request.encode())
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
        """One tick of the view: ask the beacon and show it when newer; rerun the fragment when the lecture
        has ended, the beacon cannot be read for the fallback interval, or the safety interval has passed.
        True when it reran."""
        if not self.view:
            raise ProtocolError("the join page drew no room view")
        status, body = await self._get(self.view["url"])
        fetched = None
        if status == 200:
            try:
                fetched = json.loads(body)
            except ValueError:
                fetched = None
        now = time.perf_counter()
        if isinstance(fetched, dict) and isinstance(fetched.get("stamp"), int):
            if fetched["stamp"] > self.state.get("stamp", -1):
                self._show(fetched)
                if fetched.get("ended"):
                    await self._send("moved", fetched["stamp"])
                    return True
                return False
        elif now - self.ran_at >= self.view["fallback_ms"] / 1e3:
            await self.refresh()
            return True
        if now - self.ran_at >= self.view["safety_ms"] / 1e3:
            await self.refresh()
            return True
        return False

    async def close(self) -> None:
        if self._http is not None:
            self._http[1].close()
            self._http = None
        await super().close()
