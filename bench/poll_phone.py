"""A student's phone on the live poll's join page, over Streamlit's websocket protocol (bench/ws_client.py)."""

from __future__ import annotations

from streamlit.proto.BackMsg_pb2 import BackMsg

from bench.ws_client import ProtocolError, RunResult, Session, Widget

PAGE_NAME = "Join_poll"
REFRESH_SECONDS = 2.0  # ui/join_poll.REFRESH_SECONDS (not imported: that module imports streamlit's runtime)


class Phone(Session):
    """A student's phone on the join page: it learns the answer buttons and the live fragment from the
    deltas, taps a button (a one-off trigger value) and reruns the fragment as ``run_every`` does."""

    def __init__(self, url: str, code: str, voter: str, timeout: float = 120.0) -> None:
        super().__init__(url, page_name=PAGE_NAME, query_string=f"code={code}&voter={voter}", timeout=timeout)
        self.voter = voter
        self.buttons: dict[str, Widget] = {}  # widget id -> button
        self.fragment_id = ""  # the live question's fragment
        self._tap: str | None = None
        self._auto = False

    def _delta(self, delta) -> None:
        super()._delta(delta)
        if delta.fragment_id:
            self.fragment_id = delta.fragment_id
        if delta.WhichOneof("type") == "new_element" and delta.new_element.WhichOneof("type") == "button":
            button = delta.new_element.button
            self.buttons[button.id] = Widget(button.id, "button", delta.fragment_id)

    def _back_msg(self, fragment_id: str = "") -> bytes:
        msg = BackMsg()
        msg.ParseFromString(super()._back_msg(fragment_id))
        msg.rerun_script.is_auto_rerun = self._auto
        if self._tap is not None:
            entry = msg.rerun_script.widget_states.widgets.add()
            entry.id = self._tap
            entry.trigger_value = True
        return msg.SerializeToString()

    def button_for(self, choice_id: str, question_index: int = 0) -> Widget:
        """The answer button of ``choice_id`` (its key is ``join_<question>_<choice>``, the id's tail)."""
        tail = f"-join_{question_index}_{choice_id}"
        for button in self.buttons.values():
            if button.id.endswith(tail):
                return button
        raise ProtocolError(f"no answer button for choice {choice_id!r} (buttons: {sorted(self.buttons)})")

    async def tap(self, choice_id: str) -> RunResult:
        """Tap the answer ``choice_id`` and wait for the run it causes (the fragment's) to finish."""
        button = self.button_for(choice_id)
        self._tap = button.id
        try:
            return await self._rerun(button.fragment_id)
        finally:
            self._tap = None  # a trigger is sent once, as the browser does

    async def refresh(self) -> RunResult:
        """One ``run_every`` rerun of the live question's fragment."""
        if not self.fragment_id:
            raise ProtocolError("the join page showed no live question fragment")
        self._auto = True
        try:
            return await self._rerun(self.fragment_id)
        finally:
            self._auto = False
