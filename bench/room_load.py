"""A lecture room with 1,000 phones, through `make serve` (deploy/serve.py: app processes behind nginx).

    .venv/bin/python bench/room_load.py                              # 1,000 phones, 2 processes, SQLite
    .venv/bin/python bench/room_load.py --phones 200 --processes 1
    DATABASE_URL=postgresql+psycopg://... .venv/bin/python bench/room_load.py   # PostgreSQL (own schema)

What one run does:
1. A fresh database (a SQLite file, or a new schema in the PostgreSQL of ``DATABASE_URL``) gets a room
   with a running order of 11 slides: the title, then five teaching slides each followed by a question.
2. ``deploy/serve.py`` starts ``--processes`` app processes behind nginx with that database.
3. Join: ``--phones`` phones open ``/Join_poll?code=ROOM&voter=<own token>`` at random moments within
   ``--join-seconds`` (the websocket client of bench/ws_client.py, as a browser speaks it), then each
   follows the room as the page's view makes a browser do (bench/room_phone.py): it asks the room's beacon
   file (nginx serves it) every second and shows what it holds; it reruns its fragment only to vote (and
   as the view's safety net every 30 s).
4. Idle: ``--idle-seconds`` with nothing happening: server CPU per phone per second, and per refresh.
5. Ten slide changes (the presenter's action, written to the room and its beacon as the presenter view
   writes them). On a question slide every phone taps an answer within 5 s of seeing it and
   ``--changers`` of them change it 1-2 s later; then the presenter reveals. Measured: from the change
   (or reveal) to the moment each phone has it to show; the share of phones within 3 s; each tap's time
   to its run's end.
6. Check, which fails the run: every question's counts equal the phones' last answers.
7. One refresh's cost without idle overheads: one app process, 20 phones refreshing back to back.
8. The floor, in the same run: a one-slider page's rerun (bench/minimal_page.py, one process, 20 tabs
   moving it): the server CPU per rerun that a refresh is compared with.

Prints a Markdown table and writes ``bench/results/room-<time>.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.crowd import percentile, run_load  # noqa: E402
from bench.load import DEFAULT_SETTINGS, RESULTS, Server  # noqa: E402
from bench.proxy_throughput import free_run_of_ports, wait_healthy  # noqa: E402
from bench.room_phone import RoomPhone  # noqa: E402

ASK_SECONDS = 1.0  # ui/room_beacon.ASK_SECONDS (not imported: that module imports streamlit)


@dataclass
class Seat:
    phone: RoomPhone
    join_at: float
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    joined: bool = False
    error: str | None = None
    refreshes: list[float] = field(default_factory=list)  # fragment reruns to follow the room (seconds each)
    asks: int = 0  # beacon asks
    taps: list[float] = field(default_factory=list)  # seconds from a tap to its run's end ("your answer is in")
    answers: dict[int, list[str]] = field(default_factory=dict)  # slide index -> taps in order


def app_pids(serve_pid: int) -> list[int]:
    """serve.py's app processes (started through deploy/launch.py with --server.port)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == serve_pid and b"--server.port" in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def app_cpu_seconds(serve_pid: int) -> float:
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for pid in app_pids(serve_pid):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, ValueError, IndexError):
            continue
    return total


def app_rss_bytes(serve_pid: int) -> int:
    total = 0
    for pid in app_pids(serve_pid):
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    return total


def database(folder: Path) -> tuple[str, str | None]:
    """The URL the app uses, and the PostgreSQL schema made for it (dropped afterwards)."""
    given = os.environ.get("DATABASE_URL", "")
    if not given.startswith("postgresql"):
        return f"sqlite:///{folder / 'room.sqlite3'}", None
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(given, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    url = make_url(given).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), schema


def drop_schema(schema: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(os.environ["DATABASE_URL"], isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def running_order():
    """Title, then five teaching slides each followed by its question: 11 slides, 10 changes."""
    from pathway.clinical.engine import default_content
    from pathway.present.slides import build_slides
    from pathway.store.rooms import RoomSlide

    slides = build_slides(default_content())
    order = [slides[0]]
    for i, slide in enumerate(slides):
        if slide.kind == "question" and slides[i - 1].kind == "step" and len(order) < 11:
            order += [slides[i - 1], slide]
    return [RoomSlide(s.id, s.title, s.question if s.kind == "question" else None) for s in order]


async def follow(seat: Seat, stop: asyncio.Event) -> None:
    """The phone's view: ask the room's beacon every ``ASK_SECONDS`` (``seat.refreshes`` counts the reruns
    it made: the end of the lecture, the fallback and the safety net). Late ticks do not pile up, as a
    browser's timers do not."""
    next_at = time.perf_counter() + random.uniform(0, ASK_SECONDS)
    while not stop.is_set():
        await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
        if stop.is_set():
            return
        async with seat.lock:
            try:
                began = time.perf_counter()
                if await seat.phone.ask_beacon():
                    seat.refreshes.append(time.perf_counter() - began)
                seat.asks += 1
            except Exception as exc:
                seat.error = seat.error or f"follow: {exc!r}"
                return
        next_at = max(next_at + ASK_SECONDS, time.perf_counter())


async def answer(seat: Seat, index: int, title: str, choices: list[str], change: bool, within: float = 5.0) -> None:
    """Wait until the phone shows the question, tap within ``within`` s, maybe change 1-2 s later."""
    deadline = time.perf_counter() + 30
    while seat.phone.title != title and time.perf_counter() < deadline:
        await asyncio.sleep(0.1)
    await asyncio.sleep(random.uniform(0, within))
    taps = [random.choice(choices)]
    if change:
        taps.append(random.choice([c for c in choices if c != taps[0]]))
    for k, choice in enumerate(taps):
        if k:
            await asyncio.sleep(random.uniform(1, 2))
        async with seat.lock:
            try:
                seat.taps.append((await seat.phone.tap(index, choice)).seconds)
                seat.answers.setdefault(index, []).append(choice)
            except Exception as exc:
                seat.error = seat.error or f"tap: {exc!r}"
                return


def reach(seats: list[Seat], key: str, since: float) -> list[float]:
    """Seconds from ``since`` to each phone's first run showing ``key`` (inf when it never did)."""
    return [(s.phone.seen[key] - since) if key in s.phone.seen else float("inf") for s in seats if s.joined]


async def wait_for_reach(seats: list[Seat], key: str, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        live = [s for s in seats if s.joined and s.error is None]
        if live and all(key in s.phone.seen for s in live):
            return
        await asyncio.sleep(0.2)


async def lecture(args: argparse.Namespace, stream: str, engine, serve_pid: int) -> dict:
    from pathway.store.rooms import go_to_slide, open_room, reveal_answer
    from ui.beacon_file import publish_room  # the presenter view lights the beacon after each action

    order = running_order()
    room, key = open_room(engine, order)
    publish_room(engine, room)
    seats = []
    from pathway.store.tokens import new_voter_token

    for _ in range(args.phones):
        seats.append(Seat(RoomPhone(stream, room.code, new_voter_token()), random.uniform(0, args.join_seconds)))
    stop = asyncio.Event()
    tasks: list[asyncio.Task] = []
    began = time.perf_counter()

    async def join(seat: Seat) -> None:
        await asyncio.sleep(seat.join_at)
        try:
            await seat.phone.open()
            seat.joined = True
        except Exception as exc:
            seat.error = f"join: {exc!r}"
            return
        tasks.append(asyncio.create_task(follow(seat, stop)))

    await asyncio.gather(*(join(s) for s in seats))
    joined_in = time.perf_counter() - began
    report: dict = {"joined": sum(s.joined for s in seats), "join_window_s": round(joined_in, 1)}

    # idle: nothing changes; every phone only asks its beacon
    await asyncio.sleep(ASK_SECONDS)
    cpu0, t0, refreshes0 = app_cpu_seconds(serve_pid), time.perf_counter(), sum(len(s.refreshes) for s in seats)
    asks0 = sum(s.asks for s in seats)
    client0 = time.process_time()
    await asyncio.sleep(args.idle_seconds)
    idle_cpu, idle_wall = app_cpu_seconds(serve_pid) - cpu0, time.perf_counter() - t0
    idle_refreshes = sum(len(s.refreshes) for s in seats) - refreshes0
    report.update(
        idle_refreshes_per_s=round(idle_refreshes / idle_wall, 1),
        idle_beacon_asks_per_s=round((sum(s.asks for s in seats) - asks0) / idle_wall, 1),
        idle_cpu_cores=round(idle_cpu / idle_wall, 3),
        idle_cpu_ms_per_refresh=round(1e3 * idle_cpu / idle_refreshes, 2) if idle_refreshes else None,
        idle_cpu_ms_per_phone_per_s=round(1e3 * idle_cpu / idle_wall / max(1, report["joined"]), 3),
        client_cores_idle=round((time.process_time() - client0) / idle_wall, 2),
        app_rss_mib=round(app_rss_bytes(serve_pid) / 2**20, 1),
    )
    refresh_ms = [r * 1e3 for s in seats for r in s.refreshes]

    changes, reveals = [], []
    cpu_lecture0, wall_lecture0 = app_cpu_seconds(serve_pid), time.perf_counter()
    for index in range(1, len(order)):
        slide = order[index]
        moved_at = time.perf_counter()
        publish_room(engine, go_to_slide(engine, room.poll_id, key, index))
        await wait_for_reach(seats, slide.title, args.reach_timeout)
        changes.append(reach(seats, slide.title, moved_at))
        if slide.question is None:
            continue
        choices = [c["id"] for c in slide.question["choices"]]
        live = [s for s in seats if s.joined and s.error is None]
        changing = set(random.sample(range(len(live)), round(args.changers * len(live))))
        await asyncio.gather(
            *(answer(s, index, slide.title, choices, i in changing, args.answer_seconds) for i, s in enumerate(live))
        )
        revealed_at = time.perf_counter()
        publish_room(engine, reveal_answer(engine, room.poll_id, key))
        await wait_for_reach(seats, f"reveal:{slide.title}", args.reach_timeout)
        reveals.append(reach(seats, f"reveal:{slide.title}", revealed_at))
    lecture_wall = time.perf_counter() - wall_lecture0
    lecture_cpu = app_cpu_seconds(serve_pid) - cpu_lecture0
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    await asyncio.gather(*(s.phone.close() for s in seats), return_exceptions=True)

    def spread(groups: list[list[float]]) -> dict:
        flat = [x for g in groups for x in g]
        finite = [x for x in flat if x != float("inf")]
        return {
            "p50_s": round(statistics.median(finite), 2) if finite else None,
            "p95_s": round(percentile(flat, 95) or 0.0, 2) if flat else None,
            "within_3s": round(sum(x <= 3 for x in flat) / len(flat), 4) if flat else None,
            "worst_event_within_3s": round(min(sum(x <= 3 for x in g) / len(g) for g in groups), 4) if groups else None,
            "never": sum(x == float("inf") for x in flat),
        }

    # every vote counted once: the room's counts against each phone's last tap
    from pathway.store.rooms import room_summary

    _, summaries = room_summary(engine, room.poll_id)
    exact = True
    for summary in summaries:
        index = summary.slide - 1
        want = Counter(s.answers[index][-1] for s in seats if index in s.answers)
        got = {cid: n for cid, _, n in summary.choices if n}
        exact &= dict(want) == got
    errors = [s.error for s in seats if s.error]
    report.update(
        slide_change=spread(changes),
        reveal=spread(reveals),
        lecture_cpu_cores=round(lecture_cpu / lecture_wall, 3),
        votes=sum(len(v) for s in seats for v in s.answers.values()),
        counted_exactly_once=exact,
        tap_p50_s=round(statistics.median(taps), 2) if (taps := [t for s in seats for t in s.taps]) else None,
        tap_p95_s=round(percentile(taps, 95) or 0.0, 2) if taps else None,
        refresh_p50_ms=round(statistics.median(refresh_ms), 1) if refresh_ms else None,
        refresh_p95_ms=round(percentile(refresh_ms, 95) or 0.0, 1) if refresh_ms else None,
        errors=len(errors),
        first_error=errors[0] if errors else None,
    )
    return report


async def _closed_loop(stream: str, code: str, phones: int, seconds: float) -> int:
    from pathway.store.tokens import new_voter_token

    followers = [RoomPhone(stream, code, new_voter_token()) for _ in range(phones)]
    for phone in followers:
        await phone.open()
    count, began = 0, time.perf_counter()

    async def loop(phone: RoomPhone) -> None:
        nonlocal count
        while time.perf_counter() - began < seconds:
            await phone.refresh()
            count += 1

    await asyncio.gather(*(loop(p) for p in followers))
    for phone in followers:
        await phone.close()
    return count


def closed_loop_refresh_cpu_ms(url: str, engine, settings: list[str]) -> float:
    """One app process, 20 phones on a room's first slide refreshing back to back for 10 s: the server CPU
    of one refresh that finds nothing changed, without the idle costs a paced minute spreads over few."""
    from pathway.store.rooms import open_room

    room, _ = open_room(engine, running_order())
    saved = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    try:
        server = Server("app.py", settings)
    finally:
        os.environ.pop("DATABASE_URL", None) if saved is None else os.environ.update(DATABASE_URL=saved)
    try:
        asyncio.run(_closed_loop(server.url, room.code, 2, 1))
        before = server.cpu_seconds
        count = asyncio.run(_closed_loop(server.url, room.code, 20, 10))
        return round(1e3 * (server.cpu_seconds - before) / max(1, count), 2)
    finally:
        server.stop()


def floor_cpu_ms_per_rerun(settings: list[str]) -> float:
    """The one-slider page's server CPU per rerun (20 tabs, 20 moves each), as bench/load.py's floor."""
    server = Server("bench/minimal_page.py", settings)
    try:
        asyncio.run(run_load(server.url, 2, page_name="", label="value", moves=2))
        before = server.cpu_seconds
        asyncio.run(run_load(server.url, 20, page_name="", label="value", moves=20))
        return round(1e3 * (server.cpu_seconds - before) / 400, 2)
    finally:
        server.stop()


def run(argv: list[str] | None = None) -> dict:
    """One run (the arguments as on the command line); the report, also written to bench/results/."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--join-seconds", type=float, default=30)
    parser.add_argument("--idle-seconds", type=float, default=20)
    parser.add_argument("--changers", type=float, default=0.2)
    parser.add_argument("--answer-seconds", type=float, default=5.0, help="each phone taps within this")
    parser.add_argument("--reach-timeout", type=float, default=15)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    random.seed(args.seed)
    settings = list(DEFAULT_SETTINGS)
    folder = Path(tempfile.mkdtemp(prefix="room-load-"))
    url, schema = database(folder)
    from pathway.store.db import make_engine

    engine = make_engine(url)
    port, backend = free_run_of_ports(1), free_run_of_ports(args.processes)
    command = [
        sys.executable,
        str(ROOT / "deploy" / "serve.py"),
        "--processes",
        str(args.processes),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--backend-port",
        str(backend),
        "--run-dir",
        str(folder / "run"),
    ]
    report: dict = {
        "date": datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"),
        "database": engine.dialect.name,
        "processes": args.processes,
        "phones": args.phones,
        "follow": "beacon view",
        "cpus": os.cpu_count(),
        "load_average_start": round(os.getloadavg()[0], 2),
    }
    with open(folder / "serve.log", "wb") as log:
        server = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": url},
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        wait_healthy(f"http://127.0.0.1:{port}", server)
        report.update(asyncio.run(lecture(args, f"ws://127.0.0.1:{port}/_stcore/stream", engine, server.pid)))
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    try:
        report["closed_loop_refresh_cpu_ms"] = closed_loop_refresh_cpu_ms(url, engine, settings)
    finally:
        if schema:
            drop_schema(schema)
    report["floor_cpu_ms_per_rerun"] = floor_cpu_ms_per_rerun(settings)
    idle_refresh = report["idle_cpu_ms_per_refresh"]
    report["idle_refresh_vs_floor"] = (
        round(idle_refresh / report["floor_cpu_ms_per_rerun"], 2) if idle_refresh else None
    )
    report["closed_loop_refresh_vs_floor"] = round(
        report["closed_loop_refresh_cpu_ms"] / report["floor_cpu_ms_per_rerun"], 2
    )
    report["load_average_end"] = round(os.getloadavg()[0], 2)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"room-{report['date']}-{report['database']}-n{args.phones}.json"
    out.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    return report


def main(argv: list[str] | None = None) -> int:
    report = run(argv)
    ok = report["counted_exactly_once"] and not report["errors"] and report["joined"] == report["phones"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
