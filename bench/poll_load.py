"""A class voting through the running app: students' phones on the join page, over Streamlit's websocket.

    .venv/bin/python bench/poll_load.py                         # 300 students, joins within 10 s
    .venv/bin/python bench/poll_load.py --students 50 --seconds 10 --refresh-seconds 20

What one run does:
1. A fresh SQLite file becomes ``DATABASE_URL``; a presenter opens a poll on a bank question.
2. The app starts (``deploy/launch.py``, ``runner.postScriptGC=false``) with that database.
3. Vote phase: ``--students`` phones open ``/Join_poll?code=...&voter=<own token>`` at a random moment
   in the first 70 % of ``--seconds``, tap one answer (the button's trigger value in ``rerun_script``,
   as a browser sends it) and wait for ``script_finished``; ``--changers`` of them tap another answer
   1-2 s later. Vote latency is from sending the tap to its run finished.
4. Check, which fails the run: the poll's counts equal the students' last answers, and each student's
   stored answer is their last tap: every vote counted exactly once.
5. Refresh phase: every phone stays open for ``--refresh-seconds`` and reruns the live question's
   fragment every 2 s (the browser's side of ``st.fragment(run_every=2)``): reruns/s handled, latency,
   and the share of one CPU core the server used.

Prints a Markdown table and writes it to ``bench/results/load-poll-<time>-n<students>.md`` (and ``.json``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.crowd import percentile  # noqa: E402
from bench.load import DEFAULT_SETTINGS, RESULTS, Server  # noqa: E402
from bench.poll_phone import REFRESH_SECONDS, Phone  # noqa: E402


@dataclass
class Student:
    voter: str
    start: float  # seconds after the vote phase starts
    answers: list[str]  # first tap, then the change if any
    open_seconds: float | None = None
    vote_seconds: list[float] = field(default_factory=list)
    refresh_seconds: list[float] = field(default_factory=list)
    done_at: float | None = None
    error: str | None = None


def plan(voters: list[str], choice_ids: list[str], seconds: float, changers: float, seed: int) -> list[Student]:
    """When each student joins and what they tap: a random start in the first 70 % of the window,
    a random first answer, and for ``changers`` of them (a fraction) a different second answer."""
    rng = random.Random(seed)
    changing = set(rng.sample(range(len(voters)), round(changers * len(voters))))
    students = []
    for i, voter in enumerate(voters):
        first = rng.choice(choice_ids)
        answers = [first, rng.choice([c for c in choice_ids if c != first])] if i in changing else [first]
        students.append(Student(voter, rng.uniform(0, 0.7 * seconds), answers))
    return students


def expected_counts(students: list[Student], choice_ids: list[str]) -> dict[str, int]:
    last = Counter(s.answers[-1] for s in students)
    return {c: last.get(c, 0) for c in choice_ids}


async def vote_phase(url: str, code: str, students: list[Student]) -> tuple[list[Phone], float]:
    phones = [Phone(url, code, s.voter) for s in students]
    start = time.perf_counter()

    async def one(phone: Phone, student: Student) -> None:
        await asyncio.sleep(student.start)
        try:
            student.open_seconds = (await phone.open()).seconds
            for k, choice in enumerate(student.answers):
                if k:
                    await asyncio.sleep(random.uniform(1, 2))  # thinks again, taps another answer
                student.vote_seconds.append((await phone.tap(choice)).seconds)
            student.done_at = time.perf_counter() - start
        except Exception as exc:  # reported, and the count check fails: one bad phone shows
            student.error = f"vote: {exc!r}"

    await asyncio.gather(*(one(p, s) for p, s in zip(phones, students)))
    return phones, time.perf_counter() - start


async def refresh_phase(phones: list[Phone], students: list[Student], seconds: float) -> float:
    """Every live phone reruns its fragment every 2 s for ``seconds``, first reruns spread over 2 s."""
    start = time.perf_counter()

    async def one(phone: Phone, student: Student) -> None:
        next_at = random.uniform(0, REFRESH_SECONDS)
        while next_at < seconds:
            await asyncio.sleep(max(0.0, next_at - (time.perf_counter() - start)))
            try:
                student.refresh_seconds.append((await phone.refresh()).seconds)
            except Exception as exc:
                student.error = student.error or f"refresh: {exc!r}"
                return
            next_at += REFRESH_SECONDS  # the browser's timer: every 2 s, late runs do not pile up

    await asyncio.gather(*(one(p, s) for p, s in zip(phones, students) if s.error is None))
    return time.perf_counter() - start


def ms(values: list[float], q: float) -> float | None:
    found = percentile(values, q) if q != 50 else (statistics.median(values) if values else None)
    return round(found * 1e3, 1) if found is not None else None


def run(
    students_n: int, seconds: float, refresh_seconds: float, changers: float, settings: list[str], seed: int = 1
) -> dict:
    from pathway.learn.bank import load_bank, question_json
    from pathway.store.db import make_engine
    from pathway.store.polls import counts, open_poll, voter_choice
    from pathway.store.tokens import new_voter_token

    folder = tempfile.mkdtemp(prefix="poll-load-")
    url = f"sqlite:///{folder}/poll.db"
    engine = make_engine(url)
    question = question_json(load_bank()[0])
    choice_ids = [c["id"] for c in question["choices"]]
    poll, _presenter_key = open_poll(engine, question)
    students = plan([new_voter_token() for _ in range(students_n)], choice_ids, seconds, changers, seed)
    report: dict = {
        "date": datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"),
        "cpus": os.cpu_count(),
        "load_average_start": round(os.getloadavg()[0], 2),
        "settings": settings,
        "students": students_n,
        "window_s": seconds,
        "changers": round(changers * students_n),
        "question": question["id"],
    }
    saved_url = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url  # the server inherits it
    try:
        server = Server("app.py", settings)
    finally:
        if saved_url is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = saved_url
    try:
        asyncio.run(_warm_up(server.url))  # imports and caches, so the first student does not pay them
        report["rss_mib_idle"] = round(server.rss / 2**20, 1)
        report.update(asyncio.run(_both_phases(server, poll.code, students, refresh_seconds)))
    finally:
        server.stop()
    got = counts(engine, poll.id)
    want = expected_counts(students, choice_ids)
    stored_wrong = sum(voter_choice(engine, poll.id, 0, s.voter) != s.answers[-1] for s in students)
    errors = [s.error for s in students if s.error]
    report.update(
        {
            "counts": got,
            "expected_counts": want,
            "counted_once": got == want and stored_wrong == 0,
            "voters_with_wrong_stored_answer": stored_wrong,
            "errors": len(errors),
            "first_error": errors[0] if errors else None,
            "load_average_end": round(os.getloadavg()[0], 2),
        }
    )
    return report


async def _warm_up(url: str) -> None:
    from pathway.store.tokens import new_voter_token

    phone = Phone(url, "ZZZZZZ", new_voter_token())  # no such poll: the page runs, says so, stores nothing
    await phone.open()
    await phone.close()


async def _both_phases(server: Server, code: str, students: list[Student], refresh_seconds: float) -> dict:
    server_cpu_start, client_cpu_start = server.cpu_seconds, time.process_time()
    phones, vote_wall = await vote_phase(server.url, code, students)
    server_cpu_votes, client_cpu_votes = server.cpu_seconds - server_cpu_start, time.process_time() - client_cpu_start
    rss_after_votes = server.rss
    votes = [v for s in students for v in s.vote_seconds]
    done = [s.done_at for s in students if s.done_at is not None]
    cpu_before, client_before = server.cpu_seconds, time.process_time()
    refresh_wall = await refresh_phase(phones, students, refresh_seconds) if refresh_seconds > 0 else 0.0
    cpu, client_cpu = server.cpu_seconds - cpu_before, time.process_time() - client_before
    refreshes = [r for s in students for r in s.refresh_seconds]
    out = {
        "votes": len(votes),
        "vote_p50_ms": ms(votes, 50),
        "vote_p95_ms": ms(votes, 95),
        "vote_max_ms": round(max(votes) * 1e3, 1) if votes else None,
        "open_p50_ms": ms([s.open_seconds for s in students if s.open_seconds], 50),
        "open_p95_ms": ms([s.open_seconds for s in students if s.open_seconds], 95),
        "last_vote_done_s": round(max(done), 2) if done else None,
        "vote_phase_s": round(vote_wall, 2),
        "rss_mib_after_votes": round(rss_after_votes / 2**20, 1),
        "server_cpu_vote_phase_s": round(server_cpu_votes, 1),
        "client_cpu_vote_phase_s": round(client_cpu_votes, 1),
        "server_cpu_ms_per_join_and_votes": round(server_cpu_votes * 1e3 / len(students), 1) if students else None,
        "refresh_s": round(refresh_wall, 1),
        "refreshes": len(refreshes),
        "refreshes_per_s": round(len(refreshes) / refresh_wall, 1) if refresh_wall else None,
        "offered_refreshes_per_s": round(len(phones) / REFRESH_SECONDS, 1),
        "refresh_p50_ms": ms(refreshes, 50),
        "refresh_p95_ms": ms(refreshes, 95),
        "server_cpu_share": round(cpu / refresh_wall, 2) if refresh_wall else None,
        "client_cpu_share": round(client_cpu / refresh_wall, 2) if refresh_wall else None,
        "server_cpu_ms_per_refresh": round(cpu * 1e3 / len(refreshes), 1) if refreshes else None,
        "rss_mib_after_refresh": round(server.rss / 2**20, 1),
    }
    await asyncio.gather(*(p.close() for p in phones), return_exceptions=True)
    return out


def markdown(r: dict) -> str:
    rows = [
        ("students (of them changing their answer once)", f"{r['students']} ({r['changers']})"),
        ("joins spread over", f"first 70 % of {r['window_s']:g} s"),
        (
            "votes sent / vote p50 / p95 / max (ms)",
            f"{r['votes']} / {r['vote_p50_ms']} / {r['vote_p95_ms']} / {r['vote_max_ms']}",
        ),
        ("page open p50 / p95 (ms)", f"{r['open_p50_ms']} / {r['open_p95_ms']}"),
        ("last vote counted at (s after the first join could start)", r["last_vote_done_s"]),
        (
            "every vote counted exactly once",
            "yes" if r["counted_once"] else f"NO: {r['counts']} != {r['expected_counts']}",
        ),
        ("counts", ", ".join(f"{k}: {v}" for k, v in r["counts"].items())),
        (
            "vote phase CPU: server / this client (s); server ms per student (open + taps)",
            f"{r['server_cpu_vote_phase_s']} / {r['client_cpu_vote_phase_s']}; {r['server_cpu_ms_per_join_and_votes']}",
        ),
        (
            "server RSS idle / after votes / after refreshes (MiB)",
            f"{r['rss_mib_idle']} / {r['rss_mib_after_votes']} / {r['rss_mib_after_refresh']}",
        ),
        (f"refresh phase: {r['students']} phones, fragment rerun every 2 s, for (s)", r["refresh_s"]),
        ("fragment reruns/s handled (offered)", f"{r['refreshes_per_s']} ({r['offered_refreshes_per_s']})"),
        ("fragment rerun p50 / p95 (ms)", f"{r['refresh_p50_ms']} / {r['refresh_p95_ms']}"),
        (
            "CPU during refreshes (share of one core): server / this client; server ms per rerun",
            f"{r['server_cpu_share']} / {r['client_cpu_share']}; {r['server_cpu_ms_per_refresh']}",
        ),
        ("errors", r["errors"] if not r["errors"] else f"{r['errors']} (first: {r['first_error']})"),
    ]
    head = (
        f"Poll load {r['date']} on {r['cpus']} CPUs, load average {r['load_average_start']} at the start and "
        f"{r['load_average_end']} at the end; app started with deploy/launch.py, "
        f"{', '.join(r['settings']) or 'default config'}; SQLite; question {r['question']}."
    )
    return "\n".join([head, "", "| measure | value |", "|---|---:|", *(f"| {k} | {v} |" for k, v in rows)]) + "\n"


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=10.0, help="the joins start in the first 70 %% of this")
    parser.add_argument("--changers", type=float, default=0.2, help="fraction who change their answer once")
    parser.add_argument("--refresh-seconds", type=float, default=20.0, help="length of the refresh phase (0: skip)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-save", action="store_true", help="print only; write nothing to bench/results")
    args = parser.parse_args(argv)
    report = run(args.students, args.seconds, args.refresh_seconds, args.changers, list(DEFAULT_SETTINGS), args.seed)
    text = markdown(report)
    if not args.no_save:
        RESULTS.mkdir(exist_ok=True)
        name = f"load-poll-{report['date']}-n{args.students}"
        (RESULTS / f"{name}.json").write_text(json.dumps(report, indent=2))
        (RESULTS / f"{name}.md").write_text(text)
    print(text)
    return report


if __name__ == "__main__":
    report = main()
    sys.exit(0 if report["counted_once"] and not report["errors"] else 1)
