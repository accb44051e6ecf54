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

:func:`run_load` drives many sessions at once and :func:`summarise` turns the timings into the numbers
the load benchmark reports. :func:`rss_bytes` reads a process's resident memory (no psutil needed).
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
            ForwardMsg.FINISHED_WITH_COMPILE_ERROR}
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
    """What one script run sent: its duration (seconds), elements, markdown texts and its finish status."""

    seconds: float
    elements: int = 0
    markdown: list[str] = field(default_factory=list)
    status: int = ForwardMsg.FINISHED_SUCCESSFULLY


class Session:
    """One browser tab on one page of a Streamlit app."""

    def __init__(self, url: str, page_name: str = "", query_string: str = "", timeout: float = 120.0,
                 keep_text: bool = False) -> None:
        self.url = url
        self.page_name = page_name
        self.query_string = query_string
        self.timeout = timeout
        self.keep_text = keep_text  # collect markdown texts of each run (tests); off under load
        self.page_script_hash = ""
        self.widgets: dict[str, Widget] = {}  # label -> widget
        self.values: dict[str, float] = {}  # widget id -> value sent (the sliders moved so far)
        self._cache: set[str] = set()  # hashes of cacheable messages received (the browser's cache)
        self._ws = None
        self._reader: asyncio.Task | None = None
        self._finished: asyncio.Queue = asyncio.Queue()
        self._run = RunResult(0.0)

    # -- protocol ---------------------------------------------------------------------------------
    async def _read(self) -> None:
        try:
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
        self._ws = await connect(self.url, subprotocols=["streamlit"], max_size=None, compression=None,
                                 open_timeout=self.timeout, ping_interval=None)
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


# -- many sessions ----------------------------------------------------------------------------------
@dataclass
class LoadResult:
    """Timings of one load run, in seconds."""

    sessions: int
    open_seconds: list[float]
    move_seconds: list[float]
    moves_wall: float  # from the first move sent to the last move finished
    errors: list[str]
    rss_before: int | None = None
    rss_after: int | None = None
    server_cpu: float | None = None  # CPU seconds the server used during the moves
    move_done: list[float] = field(default_factory=list)  # when each move finished, from the first move
    think: float = 0.0
    moves: int = 0  # per session


def stream_url(port: int, host: str = "127.0.0.1") -> str:
    return f"ws://{host}:{port}/_stcore/stream"


async def run_load(url: str, sessions: int, *, page_name: str = "", label: str, moves: int = 3,
                   think: float = 0.0, open_concurrency: int = 8, values: tuple[float, ...] = (20.0, 40.0, 60.0),
                   server_pid: int | None = None, seed: int = 1) -> LoadResult:
    """``sessions`` tabs open the page (``open_concurrency`` at a time), then all move the slider.

    Each session moves the slider ``moves`` times, waiting for each run to finish. With ``think`` > 0
    the moves follow a timetable instead (a class, not a hammer): session k of n moves at
    ``(k + jitter) / n x think``, then every ``think`` seconds after that, so the class offers a steady
    ``sessions / think`` reruns per second whatever the server does (a session whose run is late
    moves again as soon as it finishes).
    """
    rng = random.Random(seed)
    tabs = [Session(url, page_name=page_name) for _ in range(sessions)]
    errors: list[str] = []
    gate = asyncio.Semaphore(open_concurrency)
    rss_before = rss_bytes(server_pid) if server_pid else None

    async def open_one(tab: Session) -> float | None:
        async with gate:
            try:
                return (await tab.open()).seconds
            except Exception as exc:  # reported, not raised: one bad tab should not hide the numbers
                errors.append(f"open: {exc!r}")
                return None

    opened = await asyncio.gather(*(open_one(t) for t in tabs))
    live = [t for t, s in zip(tabs, opened) if s is not None]
    offsets = [(k + rng.random()) / max(len(live), 1) * think for k in range(len(live))]
    rng.shuffle(offsets)
    plans = [[offset + i * think for i in range(moves)] for offset in offsets]  # when each move is due
    plan_values = [[values[(i + k) % len(values)] + rng.choice((0, 0.1, 0.2)) for i in range(moves)]
                   for k, _ in enumerate(live)]
    move_seconds: list[float] = []
    move_done: list[float] = []
    start = 0.0

    async def move_many(tab: Session, due: list[float], targets: list[float]) -> None:
        for when, value in zip(due, targets):
            if think:
                await asyncio.sleep(max(0.0, start + when - time.perf_counter()))
            try:
                move_seconds.append((await tab.move(label, value)).seconds)
                move_done.append(time.perf_counter() - start)
            except Exception as exc:
                errors.append(f"move: {exc!r}")
                return

    cpu_before = cpu_seconds(server_pid) if server_pid else None
    start = time.perf_counter()  # (read by move_many)
    await asyncio.gather(*(move_many(t, w, v) for t, w, v in zip(live, plans, plan_values)))
    wall = time.perf_counter() - start
    cpu = cpu_seconds(server_pid) - cpu_before if cpu_before is not None else None
    rss_after = rss_bytes(server_pid) if server_pid else None
    await asyncio.gather(*(t.close() for t in tabs), return_exceptions=True)
    return LoadResult(sessions, [s for s in opened if s is not None], move_seconds, wall, errors,
                      rss_before, rss_after, cpu, move_done, think, moves)


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def summarise(result: LoadResult) -> dict:
    """Reruns per second over the move phase and the move latencies (ms), plus opens and memory."""
    moves = result.move_seconds
    ms = [s * 1e3 for s in moves]
    # paced runs: the rate while every session is in its loop (from the first think time to the last
    # one), not diluted by the staggered start and the last sessions' tails
    last = max(2, result.moves - 1) * result.think
    steady = (round(sum(result.think <= t < last for t in result.move_done) / (last - result.think), 2)
              if result.think else None)
    return {
        "sessions": result.sessions,
        "reruns": len(moves),
        "reruns_per_s": round(len(moves) / result.moves_wall, 2) if result.moves_wall else None,
        "steady_reruns_per_s": steady,
        "p50_ms": round(statistics.median(ms), 1) if ms else None,
        "p95_ms": round(percentile(ms, 95), 1) if ms else None,
        "max_ms": round(max(ms), 1) if ms else None,
        "server_cpu_ms_per_rerun": round(result.server_cpu * 1e3 / len(moves), 1)
        if result.server_cpu is not None and moves else None,
        "open_p50_ms": round(statistics.median(result.open_seconds) * 1e3, 1) if result.open_seconds else None,
        "rss_mib_after": round(result.rss_after / 2**20, 1) if result.rss_after else None,
        "errors": len(result.errors),
        "first_error": result.errors[0] if result.errors else None,
    }


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) a process has used so far, from /proc (Linux), or None."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_bytes(pid: int) -> int | None:
    """Resident memory of a process from /proc (Linux), or None if it cannot be read."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None
