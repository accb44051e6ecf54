"""Many tabs at once over Streamlit's websocket protocol (``bench/ws_client.py``), and their numbers.

:func:`run_load` drives a class of sessions moving one slider, :func:`summarise` turns the timings into
the numbers the load benchmarks report, and :func:`cpu_seconds` and :func:`rss_bytes` read a server
process's CPU time and resident memory from /proc (no psutil needed).
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import time
from dataclasses import dataclass, field

from bench.ws_client import Session


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


async def run_load(
    url: str,
    sessions: int,
    *,
    page_name: str = "",
    label: str,
    moves: int = 3,
    think: float = 0.0,
    open_concurrency: int = 8,
    values: tuple[float, ...] = (20.0, 40.0, 60.0),
    server_pid: int | None = None,
    seed: int = 1,
) -> LoadResult:
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
    plan_values = [
        [values[(i + k) % len(values)] + rng.choice((0, 0.1, 0.2)) for i in range(moves)] for k, _ in enumerate(live)
    ]
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
    cpu_after = cpu_seconds(server_pid) if server_pid and cpu_before is not None else None
    cpu = cpu_after - cpu_before if cpu_after is not None and cpu_before is not None else None
    rss_after = rss_bytes(server_pid) if server_pid else None
    await asyncio.gather(*(t.close() for t in tabs), return_exceptions=True)
    return LoadResult(
        sessions,
        [s for s in opened if s is not None],
        move_seconds,
        wall,
        errors,
        rss_before,
        rss_after,
        cpu,
        move_done,
        think,
        moves,
    )


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
    steady = (
        round(sum(result.think <= t < last for t in result.move_done) / (last - result.think), 2)
        if result.think
        else None
    )
    p95 = percentile(ms, 95)  # None only when there were no moves
    return {
        "sessions": result.sessions,
        "reruns": len(moves),
        "reruns_per_s": round(len(moves) / result.moves_wall, 2) if result.moves_wall else None,
        "steady_reruns_per_s": steady,
        "p50_ms": round(statistics.median(ms), 1) if ms else None,
        "p95_ms": round(p95, 1) if p95 is not None else None,
        "max_ms": round(max(ms), 1) if ms else None,
        "server_cpu_ms_per_rerun": round(result.server_cpu * 1e3 / len(moves), 1)
        if result.server_cpu is not None and moves
        else None,
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
