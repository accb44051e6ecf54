"""A class poll through a database outage (issue 21): is a vote cast meanwhile lost, counted twice, or
said to be saved when it was not; does the app recover without a restart?

    .venv/bin/python bench/outage.py                                  # PostgreSQL (TEST_DATABASE_URL), 50 phones
    .venv/bin/python bench/outage.py --database sqlite-locked         # SQLite, locked by another process
    .venv/bin/python bench/outage.py --phones 50 --outage 30

What one run does:
1. A fresh database: a new schema of the PostgreSQL in ``TEST_DATABASE_URL`` reached through a TCP proxy
   (``bench/tcp_proxy.py``), or a SQLite file. A presenter opens a poll on a bank question; the app starts
   (``deploy/launch.py``) with that ``DATABASE_URL``.
2. ``--phones`` phones (``bench/poll_phone.py``, Streamlit's websocket protocol) open the join page in the
   first 4 s, tap a first answer before the outage and rerun the live question's fragment every 2 s, as a
   browser does, for the whole run.
3. The outage: ``--outage`` seconds from ``--outage-at``. PostgreSQL "stops": the proxy resets every
   open connection and refuses new ones (what a stopped server does, without stopping the cluster other
   tests share). SQLite: another process holds the file's write lock (``BEGIN IMMEDIATE`` and a write,
   never committed), so every write waits the busy timeout (10 s) and fails.
4. During it every phone changes its answer once, at a random moment. What the phone then says is
   recorded: "is in" (saved) or "Not saved ..." (it keeps the choice for one tap to send it again).
5. The database comes back. A phone that holds an unsent answer taps "Send my answer again" once its
   next refresh has found the database answering (a student who reads the message), until it is in.
6. Checks, which fail the run: every phone's last answer is counted exactly once (the poll's counts equal
   the phones' last answers, each stored answer is its phone's last); no phone was told "is in" for an
   answer the database did not hold; no phone saw an exception; the server process never restarted.

Prints a Markdown table and writes it to ``bench/results/outage-<time>.md`` (and ``.json``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import sqlite_lock  # noqa: E402
from bench.load import DEFAULT_SETTINGS, RESULTS, Server  # noqa: E402
from bench.poll_load import ms  # noqa: E402
from bench.poll_phone import REFRESH_SECONDS, Phone  # noqa: E402
from bench.tcp_proxy import TcpProxy  # noqa: E402
from bench.ws_client import RunResult  # noqa: E402

BEHIND = "Catching up"  # ui/join_poll.BEHIND's start (not imported: that module imports streamlit's runtime)
NOT_SAVED = "Not saved"  # ui/join_poll.NOT_SAVED's start
SAVED = (
    "Your answer"  # how ui/join_poll.vote_message's "saved" messages start ("..., is in", "... still", "... changed")
)
PAUSED = "Saving is paused"  # ui/errors.PAUSED's start


class OutagePhone(Phone):
    """A phone that also reads what the page says: alerts (st.success, st.warning) and captions."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.keep_text = True
        self.alerts: list[str] = []

    def _delta(self, delta) -> None:
        if delta.WhichOneof("type") == "new_element" and delta.new_element.WhichOneof("type") == "alert":
            self.alerts.append(delta.new_element.alert.body)
        super()._delta(delta)

    async def _rerun(self, fragment_id: str = "") -> RunResult:
        self.alerts = []
        return await super()._rerun(fragment_id)

    def said(self, start: str) -> bool:
        """Whether the last run showed an alert that starts so (a choice's own text may hold any words)."""
        return any(alert.startswith(start) for alert in self.alerts)

    async def resend(self) -> RunResult:
        """Tap "Send my answer, X, again" (its key is ``join_resend_0``)."""
        button = next((b for b in self.buttons.values() if b.id.endswith("-join_resend_0")), None)
        if button is None:
            raise RuntimeError("no resend button on the phone")
        self._tap = button.id
        try:
            return await self._rerun(button.fragment_id)
        finally:
            self._tap = None


@dataclass
class Student:
    voter: str
    first: str
    last: str
    open_at: float
    first_at: float
    change_at: float
    said_saved: list[str] = field(default_factory=list)  # choices the phone said were in
    not_saved: int = 0  # taps the phone said were not saved
    resends: int = 0
    behind_refreshes: int = 0
    paused_refreshes: int = 0
    fresh_again_at: float | None = None  # first refresh after the outage that found the database
    in_again_at: float | None = None  # seconds after the database was back that a resent answer was in
    change_seconds: float | None = None  # how long the tap during the outage took to be answered
    refreshes: list[float] = field(default_factory=list)
    exceptions: int = 0
    error: str | None = None


def plan(voters: list[str], choices: list[str], outage_at: float, outage: float, seed: int) -> list[Student]:
    rng = random.Random(seed)
    students = []
    for voter in voters:
        first, last = rng.sample(choices, 2)
        students.append(
            Student(
                voter,
                first,
                last,
                open_at=rng.uniform(0, 4),
                first_at=rng.uniform(5, outage_at - 1),
                change_at=rng.uniform(outage_at + 1, outage_at + outage - 1),
            )
        )
    return students


async def phone_life(phone: OutagePhone, s: Student, start: float, until: float, back_at: Callable[[], float]) -> None:
    def now() -> float:
        return time.perf_counter() - start

    def note(result: RunResult, tapped: str | None) -> None:
        s.exceptions += len(result.exceptions)
        if tapped is not None and phone.said(SAVED):
            s.said_saved.append(tapped)
        if tapped is not None and phone.said(NOT_SAVED):
            s.not_saved += 1

    try:
        await asyncio.sleep(s.open_at)
        note(await phone.open(), None)
        await asyncio.sleep(max(0.0, s.first_at - now()))
        note(await phone.tap(s.first), s.first)
        unsent: str | None = None
        changed = False
        next_refresh = now() + REFRESH_SECONDS
        while now() < until:
            if not changed and now() >= s.change_at:
                changed = True
                result = await phone.tap(s.last)
                s.change_seconds = result.seconds
                note(result, s.last)
                unsent = s.last if phone.said(NOT_SAVED) else None
                continue
            await asyncio.sleep(max(0.0, min(next_refresh, s.change_at if not changed else until) - now()))
            if now() < next_refresh:
                continue
            next_refresh = now() + REFRESH_SECONDS  # the browser's timer: late runs do not pile up
            result = await phone.refresh()
            s.refreshes.append(result.seconds)
            note(result, None)
            text = "\n".join(result.markdown)
            behind = BEHIND in text
            s.behind_refreshes += behind
            s.paused_refreshes += phone.said(PAUSED)
            if not behind and not phone.said(PAUSED) and now() > back_at():
                if s.fresh_again_at is None:
                    s.fresh_again_at = now() - back_at()
                if unsent:
                    s.resends += 1
                    note(await phone.resend(), unsent)
                    if phone.said(SAVED):
                        unsent = None
                        s.in_again_at = now() - back_at()
    except Exception as exc:  # reported, and the check fails
        s.error = repr(exc)


class Outage:
    """How the database goes away and comes back."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.url = ""
        self._proxy: TcpProxy | None = None
        self._holder: subprocess.Popen | None = None
        self._schema = ""
        self._admin_url = ""

    def prepare(self) -> str:
        if self.kind == "postgresql":
            from sqlalchemy import create_engine, text
            from sqlalchemy.engine import make_url

            admin = os.environ.get("TEST_DATABASE_URL", "").strip()
            if not admin:
                raise SystemExit("set TEST_DATABASE_URL=postgresql+psycopg://... (a database this run may use)")
            self._admin_url = admin
            parsed = make_url(admin)
            self._schema = f"outage_{uuid.uuid4().hex[:10]}"
            engine = create_engine(parsed, isolation_level="AUTOCOMMIT")
            with engine.connect() as connection:
                connection.execute(text(f'CREATE SCHEMA "{self._schema}"'))
            engine.dispose()
            self._proxy = TcpProxy(parsed.host or "127.0.0.1", parsed.port or 5432).start()
            url = parsed.set(host="127.0.0.1", port=self._proxy.port).update_query_dict(
                {"options": f"-csearch_path={self._schema}"}
            )
            self.url = url.render_as_string(hide_password=False)
        else:
            folder = tempfile.mkdtemp(prefix="outage-")
            self.url = f"sqlite:///{folder}/poll.db"
        return self.url

    def start(self) -> None:
        if self._proxy is not None:
            self._proxy.cut()
            return
        self._holder = sqlite_lock.hold(self.url.removeprefix("sqlite:///"))

    def end(self) -> None:
        if self._proxy is not None:
            self._proxy.restore()
        elif self._holder is not None:
            sqlite_lock.release(self._holder)
            self._holder = None

    def clean_up(self) -> None:
        self.end()
        if self._proxy is not None:
            from sqlalchemy import create_engine, text

            self._proxy.stop()
            engine = create_engine(self._admin_url, isolation_level="AUTOCOMMIT")
            with engine.connect() as connection:
                connection.execute(text(f'DROP SCHEMA "{self._schema}" CASCADE'))
            engine.dispose()


def run(kind: str, phones_n: int, outage_at: float, outage: float, after: float, seed: int = 1) -> dict:
    from pathway.learn.bank import load_bank, question_json
    from pathway.store.db import forget_engine, make_engine
    from pathway.store.polls import counts, open_poll, voter_choice
    from pathway.store.tokens import new_voter_token

    fault = Outage(kind)
    url = fault.prepare()
    engine = make_engine(url)
    question = question_json(load_bank()[0])
    choices = [c["id"] for c in question["choices"]]
    poll, _key = open_poll(engine, question)
    students = plan([new_voter_token() for _ in range(phones_n)], choices, outage_at, outage, seed)
    report: dict = {
        "date": datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"),
        "database": kind,
        "cpus": os.cpu_count(),
        "load_average_start": round(os.getloadavg()[0], 2),
        "phones": phones_n,
        "outage_at_s": outage_at,
        "outage_s": outage,
    }
    saved = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url  # the server inherits it
    try:
        server = Server("app.py", list(DEFAULT_SETTINGS))
    finally:
        if saved is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = saved
    pid = server.proc.pid
    back = {"at": float("inf")}
    try:
        report.update(asyncio.run(_lecture(server, poll.code, students, fault, outage_at, outage, after, back)))
        report["server_restarted"] = server.proc.poll() is not None or server.proc.pid != pid
        log = Path(server.log.name).read_text(encoding="utf-8", errors="replace")
    finally:
        server.stop()
        got = counts(engine, poll.id)
        stored = {s.voter: voter_choice(engine, poll.id, 0, s.voter) for s in students}
        forget_engine(url)
        fault.clean_up()
    want = {c: sum(s.last == c for s in students) for c in choices}
    told_in_wrongly = sum(bool(s.said_saved) and s.said_saved[-1] != stored[s.voter] for s in students)
    fresh = [s.fresh_again_at for s in students if s.fresh_again_at is not None]
    in_again = [s.in_again_at for s in students if s.in_again_at is not None]
    taps = [s.change_seconds for s in students if s.change_seconds is not None]
    report.update(
        {
            "counts": got,
            "expected_counts": want,
            "counted_once": got == want and all(stored[s.voter] == s.last for s in students),
            "said_saved_but_not_stored": told_in_wrongly,
            "changes_during_outage": sum(1 for s in students if s.change_at < outage_at + outage),
            "said_not_saved": sum(s.not_saved > 0 for s in students),
            "said_in_during_outage": sum(1 for s in students if s.last in s.said_saved and s.resends == 0),
            "change_tap_p50_s": round(sorted(taps)[len(taps) // 2], 2) if taps else None,
            "change_tap_max_s": round(max(taps), 2) if taps else None,
            "resends": sum(s.resends for s in students),
            "refreshes_behind": sum(s.behind_refreshes for s in students),
            "refreshes_paused": sum(s.paused_refreshes for s in students),
            "refresh_p50_ms": ms([r for s in students for r in s.refreshes], 50),
            "refresh_p95_ms": ms([r for s in students for r in s.refreshes], 95),
            "fresh_again_p50_s": round(sorted(fresh)[len(fresh) // 2], 2) if fresh else None,
            "fresh_again_max_s": round(max(fresh), 2) if fresh else None,
            "in_again_p50_s": round(sorted(in_again)[len(in_again) // 2], 2) if in_again else None,
            "in_again_max_s": round(max(in_again), 2) if in_again else None,
            "exceptions_shown": sum(s.exceptions for s in students),
            "tracebacks_in_server_log": log.count("Traceback (most recent call last)"),
            "outage_log_lines": log.count("the database cannot be used"),
            "errors": [s.error for s in students if s.error],
            "load_average_end": round(os.getloadavg()[0], 2),
            "per_phone": [
                {
                    "first": s.first,
                    "last": s.last,
                    "stored": stored[s.voter],
                    "said_saved": s.said_saved,
                    "not_saved": s.not_saved,
                    "resends": s.resends,
                    "change_s": s.change_seconds,
                    "fresh_again_s": s.fresh_again_at,
                    "in_again_s": s.in_again_at,
                    "refreshes": len(s.refreshes),
                }
                for s in students
            ],
        }
    )
    return report


async def _lecture(
    server: Server,
    code: str,
    students: list[Student],
    fault: Outage,
    outage_at: float,
    outage: float,
    after: float,
    back: dict,
) -> dict:
    phones = [OutagePhone(server.url, code, s.voter) for s in students]
    start = time.perf_counter()
    until = outage_at + outage + after

    async def outage_timeline() -> None:
        await asyncio.sleep(outage_at)
        fault.start()
        await asyncio.sleep(outage)
        fault.end()
        back["at"] = time.perf_counter() - start

    cpu = server.cpu_seconds
    await asyncio.gather(
        outage_timeline(),
        *(phone_life(p, s, start, until, lambda: back["at"]) for p, s in zip(phones, students)),
    )
    await asyncio.gather(*(p.close() for p in phones), return_exceptions=True)
    wall = time.perf_counter() - start
    return {"run_s": round(wall, 1), "server_cpu_share": round((server.cpu_seconds - cpu) / wall, 2)}


def markdown(r: dict) -> str:
    rows = [
        ("phones; outage", f"{r['phones']}; {r['outage_s']:g} s from second {r['outage_at_s']:g}"),
        ("every phone's last answer counted exactly once", "yes" if r["counted_once"] else "**NO**"),
        ("counts (expected)", f"{r['counts']} ({r['expected_counts']})"),
        ("phones told 'is in' for an answer not stored", r["said_saved_but_not_stored"]),
        (
            "answers changed during the outage: said 'Not saved' / said 'is in' (once stored)",
            f"{r['changes_during_outage']}: {r['said_not_saved']} / {r['said_in_during_outage']}",
        ),
        ("that tap answered after: p50 / max (s)", f"{r['change_tap_p50_s']} / {r['change_tap_max_s']}"),
        ("resend taps after the outage (all counted once)", r["resends"]),
        ("refreshes during the outage showing the last question, 'catching up'", r["refreshes_behind"]),
        ("refreshes showing 'saving is paused'", r["refreshes_paused"]),
        ("refresh p50 / p95 (ms), whole run", f"{r['refresh_p50_ms']} / {r['refresh_p95_ms']}"),
        (
            "database back -> phone's refresh finds it: p50 / max (s)",
            f"{r['fresh_again_p50_s']} / {r['fresh_again_max_s']}",
        ),
        ("database back -> resent answer in: p50 / max (s)", f"{r['in_again_p50_s']} / {r['in_again_max_s']}"),
        (
            "exceptions shown on phones; tracebacks in the server log",
            f"{r['exceptions_shown']}; {r['tracebacks_in_server_log']}",
        ),
        ("server log lines about the outage (one per 10 s)", r["outage_log_lines"]),
        ("server restarted", "no" if not r["server_restarted"] else "**yes**"),
        ("server CPU (share of one core)", r["server_cpu_share"]),
        ("errors", len(r["errors"]) if not r["errors"] else f"{len(r['errors'])} (first: {r['errors'][0]})"),
    ]
    head = (
        f"Outage {r['date']} ({r['database']}) on {r['cpus']} CPUs, load average {r['load_average_start']} at "
        f"the start and {r['load_average_end']} at the end; run {r['run_s']} s."
    )
    return "\n".join([head, "", "| measure | value |", "|---|---:|", *(f"| {k} | {v} |" for k, v in rows)]) + "\n"


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=("postgresql", "sqlite-locked"), default="postgresql")
    parser.add_argument("--phones", type=int, default=50)
    parser.add_argument("--outage-at", type=float, default=12.0)
    parser.add_argument("--outage", type=float, default=30.0)
    parser.add_argument("--after", type=float, default=20.0, help="seconds the phones go on after the outage")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    report = run(args.database, args.phones, args.outage_at, args.outage, args.after, args.seed)
    text = markdown(report)
    if not args.no_save:
        RESULTS.mkdir(exist_ok=True)
        name = f"outage-{report['date']}-{args.database}"
        (RESULTS / f"{name}.json").write_text(json.dumps(report, indent=2))
        (RESULTS / f"{name}.md").write_text(text)
    print(text)
    return report


if __name__ == "__main__":
    result = main()
    ok = result["counted_once"] and not result["said_saved_but_not_stored"] and not result["errors"]
    sys.exit(0 if ok and not result["exceptions_shown"] and not result["server_restarted"] else 1)
