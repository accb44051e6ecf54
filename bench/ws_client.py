"""A load client that speaks Streamlit's websocket protocol (``/_stcore/stream``), as a browser does.

Each :class:`Session` is one browser tab: it opens the stream, asks for a page with a ``rerun_script``
BackMsg, reads the ForwardMsgs the server sends (``new_session``, deltas, ``script_finished``), learns
the id (and fragment) of a slider from its delta, and moves it by sending that slider's value in the
``WidgetStates`` of the next ``rerun_script``. Like the browser it keeps the hashes of the large
elements it has already received and sends them back, so the server answers those with references.

Usage, from asyncio::

    session = Session("ws://127.0.0.1:8501/_stcore/stream", page_name="Scenario_explorer")
    await session.open()                       # first run of the page; returns seconds
    await session.move("Severity (SCORAD 0-103)", 60.0)
    await session.close()

Many sessions at once, and the numbers they give: ``bench/crowd.py``.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

FINISHED = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
}
SLIDER = "slider"


class ProtocolError(RuntimeError):
    """The server said something a browser would not expect (closed early, compile error, no slider)."""


@dataclass
class Widget:
    """A widget seen in the page's deltas: its id and the fragment it belongs to ("" for none)."""

    id: str
    kind: str
    fragment_id: str = ""


@dataclass
class RunResult:
    """What one script run sent: its duration (seconds), elements, markdown texts, the messages of any
    exception the page showed, and its finish status."""

    seconds: float
    elements: int = 0
    markdown: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    status: int = ForwardMsg.FINISHED_SUCCESSFULLY


class Session:
    """One browser tab on one page of a Streamlit app."""

    def __init__(
        self, url: str, page_name: str = "", query_string: str = "", timeout: float = 120.0, keep_text: bool = False
    ) -> None:
        self.url = url
        self.page_name = page_name
        self.query_string = query_string
        self.timeout = timeout
        self.keep_text = keep_text  # collect markdown texts of each run (tests); off under load
        self.page_script_hash = ""
        self.widgets: dict[str, Widget] = {}  # label -> widget
        self.values: dict[str, float] = {}  # widget id -> value sent (the sliders moved so far)
        self._cache: set[str] = set()  # hashes of cacheable messages received (the browser's cache)
        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task | None = None
        self._finished: asyncio.Queue = asyncio.Queue()
        self._run = RunResult(0.0)

    # -- protocol ---------------------------------------------------------------------------------
    async def _read(self) -> None:
        try:
            assert self._ws is not None, "open() starts the reader"
            async for data in self._ws:
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self._handle(msg)
        except Exception as exc:  # connection closed or broken: wake whoever waits
            self._finished.put_nowait(exc)
            return
        self._finished.put_nowait(ProtocolError("the server closed the stream"))

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if msg.metadata.cacheable and msg.hash:
            self._cache.add(msg.hash)
        if kind == "navigation":  # the page being run (the browser keeps it for the next rerun)
            self.page_script_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "delta":
            self._delta(msg.delta)
        elif kind == "ref_hash":
            self._run.elements += 1
        elif kind == "script_finished":
            self._finished.put_nowait(msg.script_finished)

    def _delta(self, delta) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        self._run.elements += 1
        element = delta.new_element
        which = element.WhichOneof("type")
        if which == SLIDER:
            self.widgets[element.slider.label] = Widget(element.slider.id, SLIDER, delta.fragment_id)
        elif which == "exception":
            self._run.exceptions.append(element.exception.message)
        elif self.keep_text and which == "markdown":
            self._run.markdown.append(element.markdown.body)

    def _back_msg(self, fragment_id: str = "") -> bytes:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        state.page_name = self.page_name
        state.fragment_id = fragment_id
        state.cached_message_hashes.extend(sorted(self._cache))
        state.context_info.url = self.url.replace("ws", "http", 1).split("/_stcore")[0] + "/" + self.page_name
        state.context_info.timezone = "Europe/Berlin"
        state.context_info.locale = "en-GB"
        for widget_id, value in self.values.items():
            entry = state.widget_states.widgets.add()
            entry.id = widget_id
            entry.double_array_value.data.append(value)
        return msg.SerializeToString()

    async def _rerun(self, fragment_id: str = "") -> RunResult:
        self._run = RunResult(0.0)
        start = time.perf_counter()
        assert self._ws is not None, "open() first"
        await self._ws.send(self._back_msg(fragment_id))
        while True:
            item = await asyncio.wait_for(self._finished.get(), self.timeout)
            if isinstance(item, Exception):
                raise item
            if item == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                raise ProtocolError("the page did not compile")
            if item in FINISHED:
                break  # FINISHED_EARLY_FOR_RERUN: a rerun follows, keep waiting
        self._run.seconds = time.perf_counter() - start
        self._run.status = item
        return self._run

    # -- what a user does -------------------------------------------------------------------------
    async def open(self) -> RunResult:
        """Open the stream and run the page once (what loading the page in a tab does)."""
        self._ws = await connect(
            self.url,
            subprotocols=[Subprotocol("streamlit")],
            max_size=None,
            compression=None,
            open_timeout=self.timeout,
            ping_interval=None,
        )
        self._reader = asyncio.create_task(self._read())
        return await self._rerun()

    async def move(self, label: str, value: float) -> RunResult:
        """Move the slider called ``label`` to ``value`` and wait for the run it causes to finish."""
        widget = self.widgets.get(label)
        if widget is None:
            raise ProtocolError(f"no slider called {label!r} on the page (seen: {sorted(self.widgets)})")
        self.values[widget.id] = float(value)
        return await self._rerun(widget.fragment_id)

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)


def stream_url(port: int, host: str = "127.0.0.1") -> str:
    return f"ws://{host}:{port}/_stcore/stream"
