"""A student's phone following a lecture room (``/Join_poll?code=ROOM``), over Streamlit's websocket
protocol (bench/ws_client.py): it learns the follow fragment, the slide title it shows and the answer
buttons, taps an answer and reruns the fragment as the browser's ``run_every`` timer does."""

from __future__ import annotations

import re
import time

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

    def _delta(self, delta) -> None:
        super()._delta(delta)
        if delta.fragment_id and not self.fragment_id:
            self.fragment_id = delta.fragment_id
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        which = element.WhichOneof("type")
        if which == "button":
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
