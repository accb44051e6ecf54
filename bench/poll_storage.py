"""A lecture hall voting, at the storage layer only: does ``pathway.store.polls`` keep up and count right?

    .venv/bin/python bench/poll_storage.py                       # SQLite (+ PostgreSQL if a URL is set)
    .venv/bin/python bench/poll_storage.py --students 300 --processes 2 --window 10
    TEST_DATABASE_URL=postgresql+psycopg://... .venv/bin/python bench/poll_storage.py

What one run does, on each database (a fresh SQLite file; on PostgreSQL a fresh schema, dropped after):
1. A presenter opens a poll on a bank question.
2. ``--students`` students, spread over ``--processes`` processes (as ``make serve`` spreads sessions
   over app processes) with one thread each, join by code (``poll_by_code``) at a random moment in
   the first 70 % of ``--window`` seconds and vote; ``--changers`` of them change their answer 1-2 s
   later. At the same time ``--students`` phones read ``poll_version`` every ``--interval`` seconds.
3. Checks, which fail the run: every first vote ACCEPTED, every change REPLACED, the counts equal the
   students' last answers exactly, the version rose once per vote, no phone saw it go down.
4. Separately, one thread reads ``poll_version`` 2,000 times: wall and CPU time per read, which is
   what 300 phones every 2 s (150 reads/s) cost the app processes; and casts 200 votes one after
   another: how long one vote takes (holding the poll's row lock) when nobody else votes.

Prints a Markdown table (``--json`` for machine-readable output).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pathway.store.db import forget_engine, make_engine  # noqa: E402
from pathway.store.polls import (  # noqa: E402
    VoteResult,
    counts,
    new_voter_token,
    open_poll,
    poll_by_code,
    poll_version,
    vote,
)

SEQUENTIAL_READS = 2000


def poll_question() -> dict[str, Any]:
    from pathway.learn.bank import load_bank, question_json

    return question_json(load_bank()[0])


def plan_students(n: int, choices: list[str], window: float, changers: float, seed: int) -> list[dict]:
    """Who votes what and when: first votes in the first 70 % of the window, changes 1-2 s later."""
    rng = random.Random(seed)
    plan = []
    for _ in range(n):
        at = rng.uniform(0, window * 0.7)
        first = rng.choice(choices)
        student = {"token": new_voter_token(), "at": at, "first": first, "change_at": None, "second": None}
        if rng.random() < changers:
            student["change_at"] = min(at + rng.uniform(1, 2), window * 0.95)
            student["second"] = rng.choice([c for c in choices if c != first])
        plan.append(student)
    return plan


def _sleep_until(moment: float) -> None:
    delay = moment - time.time()
    if delay > 0:
        time.sleep(delay)


def _student(engine, code: str, student: dict, start: float, out: list) -> None:
    try:
        _sleep_until(start + student["at"])
        began = time.perf_counter()
        poll = poll_by_code(engine, code)
        joined = time.perf_counter()
        result = vote(engine, poll.id if poll else code, student["token"], student["first"])
        out.append(("join", joined - began, "ok" if poll else "no poll", time.time() - start))
        out.append(("vote", time.perf_counter() - joined, result.value, time.time() - start))
        if student["change_at"] is not None:
            _sleep_until(start + student["change_at"])
            began = time.perf_counter()
            result = vote(engine, code, student["token"], student["second"])
            out.append(("change", time.perf_counter() - began, result.value, time.time() - start))
    except Exception as error:
        out.append(("error", 0.0, repr(error), time.time() - start))


def _phone(engine, poll_id: int, start: float, window: float, interval: float, seed: int, out: list) -> None:
    rng = random.Random(seed)
    moment, last = start + rng.uniform(0, interval), 0
    try:
        while moment < start + window:
            _sleep_until(moment)
            began = time.perf_counter()
            version = poll_version(engine, poll_id)
            out.append(("read", time.perf_counter() - began, "ok" if version >= last else "went down", 0.0))
            last, moment = version, moment + interval
    except Exception as error:
        out.append(("error", 0.0, repr(error), 0.0))


def run_worker(
    url: str,
    code: str,
    poll_id: int,
    students: list[dict],
    phones: int,
    start: float,
    window: float,
    interval: float,
    seed: int,
) -> dict:
    """One app process's share of the hall: its students' and phones' threads."""
    engine = make_engine(url)
    poll_version(engine, poll_id)  # an app process is warm: its pool has a connection
    out: list = []
    threads = [threading.Thread(target=_student, args=(engine, code, s, start, out)) for s in students]
    threads += [
        threading.Thread(target=_phone, args=(engine, poll_id, start, window, interval, seed + i, out))
        for i in range(phones)
    ]
    cpu = time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"events": out, "cpu_s": time.process_time() - cpu}


def sequential_reads(url: str, poll_id: int, reads: int = SEQUENTIAL_READS) -> tuple[float, float]:
    """Wall and CPU milliseconds per ``poll_version`` read, one thread, warm pool."""
    engine = make_engine(url)
    poll_version(engine, poll_id)
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(reads):
        poll_version(engine, poll_id)
    return (time.perf_counter() - wall) * 1e3 / reads, (time.process_time() - cpu) * 1e3 / reads


def sequential_votes(url: str, poll_id: int, choice: str, votes: int = 200) -> float:
    """Wall milliseconds per vote with nobody else voting (one thread): the time a vote holds the
    poll's row lock, which is what lines concurrent votes up. Run after the checks (it adds votes)."""
    engine = make_engine(url)
    tokens = [new_voter_token() for _ in range(votes)]
    began = time.perf_counter()
    for token in tokens:
        vote(engine, poll_id, token, choice)
    return (time.perf_counter() - began) * 1e3 / votes


def percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def bench_database(label: str, url: str, args: argparse.Namespace) -> dict:
    engine = make_engine(url)
    question = poll_question()
    poll, _presenter_key = open_poll(engine, question)
    choices = [c["id"] for c in question["choices"]]
    plan = plan_students(args.students, choices, args.window, args.changers, args.seed)
    start = time.time() + 3.0  # every worker process is up and warm before the bell
    shares = [plan[i :: args.processes] for i in range(args.processes)]
    phones = [args.students // args.processes + (i < args.students % args.processes) for i in range(args.processes)]
    with ProcessPoolExecutor(args.processes, mp_context=get_context("spawn")) as pool:
        jobs = [
            pool.submit(
                run_worker,
                url,
                poll.code,
                poll.id,
                shares[i],
                phones[i],
                start,
                args.window,
                args.interval,
                args.seed * 1000 + i * 500,
            )
            for i in range(args.processes)
        ]
        results = [job.result() for job in jobs]
    events = [event for result in results for event in result["events"]]
    by_kind = {kind: [e for e in events if e[0] == kind] for kind in ("join", "vote", "change", "read", "error")}

    expected = dict.fromkeys(choices, 0)
    for student in plan:
        expected[student["second"] or student["first"]] += 1
    changers = sum(1 for s in plan if s["second"])
    found = counts(engine, poll.id)
    problems = [f"error: {e[2]}" for e in by_kind["error"][:5]]
    problems += [f"first vote {e[2]}" for e in by_kind["vote"] if e[2] != VoteResult.ACCEPTED.value][:5]
    problems += [f"changed vote {e[2]}" for e in by_kind["change"] if e[2] != VoteResult.REPLACED.value][:5]
    problems += ["a phone saw the version go down" for e in by_kind["read"] if e[2] != "ok"][:1]
    if found != expected:
        problems.append(f"counts {found} != the students' last answers {expected}")
    if len(by_kind["vote"]) != args.students:
        problems.append(f"{len(by_kind['vote'])} first votes recorded for {args.students} students")
    if poll_version(engine, poll.id) != 1 + args.students + changers:
        problems.append(f"version {poll_version(engine, poll.id)} != 1 + {args.students} votes + {changers} changes")
    wall_ms, cpu_ms = sequential_reads(url, poll.id)
    alone_ms = sequential_votes(url, poll.id, choices[0])
    votes = [e[1] * 1e3 for e in by_kind["vote"] + by_kind["change"]]
    reads = [e[1] * 1e3 for e in by_kind["read"]]
    return {
        "database": label,
        "students": args.students,
        "processes": args.processes,
        "changed": changers,
        "counted": sum(found.values()),
        "exact": not problems,
        "problems": problems,
        "last_vote_s": max((e[3] for e in by_kind["vote"] + by_kind["change"]), default=float("nan")),
        "vote_p50_ms": percentile(votes, 50),
        "vote_p95_ms": percentile(votes, 95),
        "vote_max_ms": max(votes, default=0),
        "vote_alone_ms": alone_ms,
        "join_p95_ms": percentile([e[1] * 1e3 for e in by_kind["join"]], 95),
        "reads": len(reads),
        "read_p50_ms": percentile(reads, 50),
        "read_p95_ms": percentile(reads, 95),
        "read_wall_ms": wall_ms,
        "read_cpu_ms": cpu_ms,
        "phones_cpu_share": cpu_ms / 1e3 * args.students / args.interval,
        "load_cpu_s": sum(r["cpu_s"] for r in results),
    }


Database = tuple[str, str, Callable[[], None] | None]  # label, url, clean-up


def databases(args: argparse.Namespace, folder: Path) -> list[Database]:
    """(label, url, clean-up) for SQLite and, when a URL is given, a fresh PostgreSQL schema."""
    found: list[Database] = [("SQLite (WAL)", f"sqlite:///{folder / 'poll_bench.sqlite3'}", None)]
    url = args.postgresql or os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    if url.startswith(("postgres://", "postgresql")):
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        url = "postgresql+psycopg://" + url.split("://", 1)[1]
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        schema = f"bench_{uuid.uuid4().hex[:12]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))

        def drop() -> None:
            with admin.connect() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()

        scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
        found.append(("PostgreSQL", scoped.render_as_string(hide_password=False), drop))
    return found


def table(rows: list[dict], args: argparse.Namespace) -> str:
    lines = [
        f"{args.students} students in {args.processes} processes vote within {args.window:g} s "
        f"({args.changers:.0%} change their answer); {args.students} phones read the version every "
        f"{args.interval:g} s.",
        "",
        "| database | counted exactly | last vote at | one vote alone | vote p50 | vote p95 | vote max "
        "| version reads | read p50 "
        f"| read p95 | one read (wall / CPU) | {args.students} phones cost | CPU for the whole {args.window:g} s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['database']} | {'yes' if r['exact'] else 'NO'}: {r['counted']} of {r['students']} "
            f"({r['changed']} changed) | {r['last_vote_s']:.1f} s | {r['vote_alone_ms']:.1f} ms "
            f"| {r['vote_p50_ms']:.1f} ms | {r['vote_p95_ms']:.1f} ms "
            f"| {r['vote_max_ms']:.0f} ms | {r['reads']} | {r['read_p50_ms']:.2f} ms | {r['read_p95_ms']:.1f} ms "
            f"| {r['read_wall_ms']:.2f} / {r['read_cpu_ms']:.2f} ms | {r['phones_cpu_share']:.0%} of a core "
            f"| {r['load_cpu_s']:.1f} CPU-s |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--processes", type=int, default=2, help="app processes sharing the hall (default 2)")
    parser.add_argument("--window", type=float, default=10.0, help="seconds in which everyone votes")
    parser.add_argument("--changers", type=float, default=0.2, help="share who change their answer")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between a phone's reads")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--postgresql", default="", help="PostgreSQL URL (default TEST_DATABASE_URL or DATABASE_URL)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows = []
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        for label, url, clean_up in databases(args, Path(folder)):
            try:
                rows.append(bench_database(label, url, args))
            finally:
                forget_engine(url)
                if clean_up:
                    clean_up()
    load = f"machine load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores"
    print(json.dumps({"rows": rows, "load": load}, indent=2) if args.json else table(rows, args) + f"\n\n({load})")
    for row in rows:
        for problem in row["problems"]:
            print(f"{row['database']}: {problem}", file=sys.stderr)
    return 0 if all(row["exact"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
