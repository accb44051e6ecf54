"""Item statistics at 100,000 answers: how long ``pathway.store.item_stats`` takes, against a baseline.

    .venv/bin/python bench/item_stats.py                    # SQLite (+ PostgreSQL if a URL is set)
    .venv/bin/python bench/item_stats.py --learners 2000 --answers-each 50 --repeats 9
    TEST_DATABASE_URL=postgresql+psycopg://... .venv/bin/python bench/item_stats.py

What one run does, on each database (a fresh SQLite file; on PostgreSQL a fresh schema, dropped after):
1. Fills the database, migrated as the app migrates it, with ``--learners`` learners answering
   ``--answers-each`` times each (100,000 answers by default) from the first ``--items`` bank items (their real
   ids, choices and keys). Answers follow a two-parameter logistic model: each learner has an ability, each item a
   difficulty and a discrimination (two items discriminate backwards, so the flag has something to find), a
   wrong answer picks a distractor by item-specific weights (some distractors are never picked). About one
   answer in six is a later try at an item already answered (right more often), so "first answer" matters.
2. Checks the result against a plain Python computation on the same rows (first answers, rest scores,
   Pearson's r): the run fails if any item's share correct or discrimination differs by more than 1e-9.
3. Times, ``--repeats`` times each, median and spread: ``item_statistics`` for the whole bank (what the page
   and the CLI run), ``item_difficulty`` for one item (what a learner's feedback runs), and two baselines in
   the same run: ``SELECT count(*) FROM attempts`` and one grouped pass over the answers (answers and right
   ones per item, no first answers, no rest score). Then once more with a candidate index that orders the
   answers as the first-answer window wants them (``--candidate-index``, dropped afterwards): the app adds
   an index only if it pays.

Prints a Markdown table (``--json`` for machine-readable output).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, Integer, cast, func, insert, select, text  # noqa: E402

from pathway.learn.bank import Question, load_bank  # noqa: E402
from pathway.store.db import forget_engine, make_engine  # noqa: E402
from pathway.store.item_stats import item_difficulty, item_statistics  # noqa: E402
from pathway.store.schema import attempts, learners  # noqa: E402
from pathway.store.transactions import read_transaction, write_transaction  # noqa: E402

# An index the first-answer window could use: partition (learner, item), order (time, attempt id).
CANDIDATE_INDEX = "learner_id, item_id, answered_at, attempt_id"
BACKWARDS_ITEMS = 2  # items whose discrimination is negative in the simulation
START = datetime(2026, 9, 1, tzinfo=UTC)


@dataclass(frozen=True)
class SimulatedItem:
    q: Question
    b: float  # difficulty (logit scale)
    a: float  # discrimination (negative: the item rewards the weaker learners)
    wrong: list[str]  # distractors' ids
    weights: list[float]  # how often a wrong answer picks each (0: never)


def simulate(bank: list[Question], n_learners: int, answers_each: int, seed: int) -> list[dict[str, Any]]:
    """The answers' rows (learner ids 1..n), as the app would store them."""
    rng = random.Random(seed)
    items: list[SimulatedItem] = []
    for index, q in enumerate(bank):
        wrong = [c.id for c in q.choices if c.id != q.answer]
        weights = [rng.uniform(0.2, 1.0) for _ in wrong]
        if index % 5 == 0:
            weights[-1] = 0.0  # a distractor nobody falls for
        a = -0.8 if index < BACKWARDS_ITEMS else rng.lognormvariate(0.0, 0.35)
        items.append(SimulatedItem(q, rng.gauss(-0.3, 0.9), a, wrong, weights))
    rows = []
    for learner_id in range(1, n_learners + 1):
        ability = rng.gauss(0.0, 1.0)
        first_tries = min(len(items), max(1, round(answers_each * rng.uniform(0.75, 0.9))))
        order = rng.sample(items, first_tries)
        tries = order + [rng.choice(order) for _ in range(answers_each - first_tries)]
        moment = START + timedelta(minutes=rng.uniform(0, 60 * 24 * 30))
        seen: set[str] = set()
        for item in tries:
            q = item.q
            bonus = 0.8 if q.id in seen else 0.0  # a later try: the explanation was read
            seen.add(q.id)
            p = 1.0 / (1.0 + math.exp(-1.7 * item.a * (ability + bonus - item.b)))
            correct = rng.random() < p
            choice = q.answer if correct else rng.choices(item.wrong, item.weights)[0]
            moment += timedelta(seconds=rng.uniform(20, 400))
            rows.append(
                {
                    "attempt_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    "learner_id": learner_id,
                    "item_id": q.id,
                    "item_kind": "question",
                    "topic": q.topic,
                    "stage": q.stage,
                    "choice_id": choice,
                    "correct": correct,
                    "confidence": rng.choice(("sure", "unsure", "guess")),
                    "mode": rng.choice(("tutor", "tutor", "exam", "review")),
                    "seconds": round(rng.uniform(15, 120), 1),
                    "answered_at": moment,
                }
            )
    return rows


def fill(engine: Engine, n_learners: int, rows: list[dict[str, Any]]) -> float:
    started = time.perf_counter()
    with write_transaction(engine) as connection:
        connection.execute(
            insert(learners),
            [
                {
                    "id": i,
                    "nickname": f"bench {i}",
                    "key_hash": hashlib.sha256(f"bench-{i}".encode()).hexdigest(),
                    "created_at": START,
                }
                for i in range(1, n_learners + 1)
            ],
        )
        for start in range(0, len(rows), 10_000):
            connection.execute(insert(attempts), rows[start : start + 10_000])
    analyze(engine)
    return time.perf_counter() - started


def analyze(engine: Engine) -> None:
    """Fresh planner statistics, as a database in use has them."""
    with engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.commit()


def reference(bank: list[Question], rows: list[dict[str, Any]]) -> dict[str, tuple[float | None, float | None]]:
    """Share correct and point-biserial per item, computed the plain way from the rows."""
    first: dict[tuple[int, str], int] = {}
    for row in sorted(rows, key=lambda r: (r["answered_at"], r["attempt_id"])):
        first.setdefault((row["learner_id"], row["item_id"]), int(row["correct"]))
    per_learner: dict[int, list[int]] = defaultdict(list)
    for (learner_id, _), x in first.items():
        per_learner[learner_id].append(x)
    totals = {learner_id: (sum(xs), len(xs)) for learner_id, xs in per_learner.items()}
    by_item: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for (learner_id, item_id), x in first.items():
        by_item[item_id].append((x, learner_id))
    out: dict[str, tuple[float | None, float | None]] = {}
    for q in bank:
        pairs = by_item[q.id]
        share = sum(x for x, _ in pairs) / len(pairs) if pairs else None
        xy = [(x, (totals[lid][0] - x) / (totals[lid][1] - 1)) for x, lid in pairs if totals[lid][1] > 1]
        r = None
        if len(xy) > 1 and len({x for x, _ in xy}) > 1 and len({y for _, y in xy}) > 1:
            r = statistics.correlation([float(x) for x, _ in xy], [y for _, y in xy])
        out[q.id] = (share, r)
    return out


def timed(action: Callable[[], object], repeats: int) -> dict[str, float]:
    action()  # warm: the first run pays for parsing, caches and the connection
    seconds = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    return {"median": statistics.median(seconds), "min": min(seconds), "max": max(seconds)}


def count_all(engine: Engine) -> int:
    with read_transaction(engine) as connection:
        return int(connection.execute(select(func.count()).select_from(attempts)).scalar_one())


def grouped_pass(engine: Engine) -> int:
    """Answers and right answers per item: one grouped pass over every answer (the floor for any per-item SQL)."""
    query = (
        select(attempts.c.item_id, func.count(), func.sum(cast(attempts.c.correct, Integer)))
        .where(attempts.c.item_kind == "question")
        .group_by(attempts.c.item_id)
    )
    with read_transaction(engine) as connection:
        return len(connection.execute(query).all())


def bench_database(label: str, url: str, bank: list[Question], rows: list[dict[str, Any]], args: Any) -> dict:
    engine = make_engine(url)
    fill_seconds = fill(engine, args.learners, rows)
    problems = []
    expected = reference(bank, rows)
    for s in item_statistics(engine, bank):
        share, r = expected[s.item_id]
        for name, got, want in (("share correct", s.share_correct, share), ("discrimination", s.discrimination, r)):
            if (got is None) != (want is None) or (got is not None and want is not None and abs(got - want) > 1e-9):
                problems.append(f"{s.item_id}: {name} {got} in the database, {want} in Python")
    stats = item_statistics(engine, bank)
    baseline = timed(lambda: count_all(engine), args.repeats)
    grouped = timed(lambda: grouped_pass(engine), args.repeats)
    whole = timed(lambda: item_statistics(engine, bank), args.repeats)
    one = timed(lambda: item_difficulty(engine, bank[0].id), args.repeats)
    with write_transaction(engine) as connection:
        connection.execute(text(f"CREATE INDEX bench_candidate ON attempts ({args.candidate_index})"))
    analyze(engine)
    try:
        with_index = timed(lambda: item_statistics(engine, bank), args.repeats)
    finally:
        with write_transaction(engine) as connection:
            connection.execute(text("DROP INDEX bench_candidate"))
    return {
        "database": label,
        "answers": count_all(engine),
        "learners": args.learners,
        "items": len(bank),
        "fill_s": fill_seconds,
        "baseline_count_s": baseline,
        "baseline_grouped_s": grouped,
        "item_statistics_s": whole,
        "item_difficulty_s": one,
        "item_statistics_with_candidate_index_s": with_index,
        "ratio_to_count": whole["median"] / baseline["median"],
        "ratio_to_grouped": whole["median"] / grouped["median"],
        "flagged_negative": sum(1 for s in stats if s.discrimination is not None and s.discrimination < 0),
        "flagged_unused": sum(1 for s in stats if s.unused_distractors),
        "discrimination_median": statistics.median(s.discrimination for s in stats if s.discrimination is not None),
        "problems": problems,
    }


Database = tuple[str, str, Callable[[], None] | None]  # label, url, clean-up


def databases(args: argparse.Namespace, folder: Path) -> list[Database]:
    """(label, url, clean-up) for SQLite and, when a URL is given, a fresh PostgreSQL schema."""
    found: list[Database] = [("SQLite (WAL)", f"sqlite:///{folder / 'item_stats_bench.sqlite3'}", None)]
    url = args.postgresql or os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    if url.startswith(("postgres://", "postgresql")):
        from sqlalchemy import create_engine
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


def _ms(timing: dict[str, float]) -> str:
    return f"{1000 * timing['median']:.1f} ms ({1000 * timing['min']:.1f}-{1000 * timing['max']:.1f})"


def table(rows: list[dict], args: argparse.Namespace) -> str:
    lines = [
        f"{args.learners:,} learners x {args.answers_each} answers on {args.items} bank items; median (min-max) "
        f"of {args.repeats} runs after one warm-up.",
        "",
        "| database | answers | item_statistics (whole bank) | baseline `SELECT count(*)` (ratio) "
        "| baseline: one grouped pass (ratio) | with the candidate index | item_difficulty (one item) | flagged "
        "| checked against Python |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['database']} | {r['answers']:,} | {_ms(r['item_statistics_s'])} | {_ms(r['baseline_count_s'])} "
            f"({r['ratio_to_count']:.0f}x) | {_ms(r['baseline_grouped_s'])} ({r['ratio_to_grouped']:.1f}x) "
            f"| {_ms(r['item_statistics_with_candidate_index_s'])} | {_ms(r['item_difficulty_s'])} "
            f"| {r['flagged_negative']} negative, {r['flagged_unused']} unused distractor "
            f"(median r {r['discrimination_median']:.2f}) | {'equal' if not r['problems'] else 'DIFFERENT'} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=2000)
    parser.add_argument("--answers-each", type=int, default=50)
    parser.add_argument("--items", type=int, default=50, help="the first N items of the bank")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--candidate-index", default=CANDIDATE_INDEX, help="columns of the index tried once")
    parser.add_argument("--postgresql", default="", help="PostgreSQL URL (default TEST_DATABASE_URL or DATABASE_URL)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    bank = load_bank()[: args.items]
    rows = simulate(bank, args.learners, args.answers_each, args.seed)
    results = []
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        for label, url, clean_up in databases(args, Path(folder)):
            try:
                results.append(bench_database(label, url, bank, rows, args))
            finally:
                forget_engine(url)
                if clean_up:
                    clean_up()
    load = f"machine load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores"
    print(
        json.dumps({"rows": results, "load": load}, indent=2) if args.json else table(results, args) + f"\n\n({load})"
    )
    for result in results:
        for problem in result["problems"]:
            print(f"{result['database']}: {problem}", file=sys.stderr)
    return 0 if all(not r["problems"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
