"""Many people at once: 50 threads answering, 50 phones voting, voting while the presenter locks.

Each runs on a SQLite file in WAL mode and on PostgreSQL; nothing may be lost or doubled, and no
"database is locked" or deadlock error may escape. Timings are printed (``pytest -s``).
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from pathway.store.polls import VoteResult, counts, lock, new_voter_token, open_poll, poll_version, vote
from pathway.store.progress import create_learner, history, record_answer
from pathway.store.schema import attempts, review_cards, votes
from pathway.store.transactions import read_transaction

THREADS = 50
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def run_at_once(work: Callable[[int], object], threads: int = THREADS) -> tuple[list, float]:
    """Run work(0..threads-1) in as many threads, released together; results in order, seconds taken."""
    start = threading.Barrier(threads)

    def one(number: int) -> object:
        start.wait()
        return work(number)

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = [future.result() for future in [pool.submit(one, n) for n in range(threads)]]
    return results, time.perf_counter() - began


def test_fifty_learners_answering_at_once_lose_nothing(engine):
    own = [create_learner(engine, f"Own {n}")[0] for n in range(40)]
    shared, _ = create_learner(engine, "Shared")
    common_attempts = [str(uuid.uuid4()) for _ in range(5)]  # sent by all ten threads of the shared learner

    def answer(learner_id: int, attempt_id: str, item_id: str, minute: int) -> bool:
        return record_answer(
            engine,
            learner_id,
            attempt_id=attempt_id,
            item_id=item_id,
            item_kind="question",
            topic="t",
            stage="s",
            choice_id="a",
            correct=minute % 3 != 0,
            confidence="unsure",
            mode="tutor",
            seconds=1.0,
            answered_at=T0 + timedelta(minutes=minute),
            schedule_review=True,
        )

    def work(number: int) -> int:
        learner = own[number] if number < 40 else shared
        recorded = 0
        for item in range(10):
            attempt_id = str(uuid.uuid4())
            recorded += answer(learner.id, attempt_id, f"q{item}", item)
            recorded += answer(learner.id, attempt_id, f"q{item}", item)  # a double click
        if learner is shared:
            recorded += sum(answer(learner.id, a, "common", 20 + k) for k, a in enumerate(common_attempts))
        return recorded

    recorded, seconds = run_at_once(work)
    print(f"\n[{engine.dialect.name}] {THREADS} threads, 1,105 answers (505 new): {seconds:.2f} s")
    assert sum(recorded) == 40 * 10 + 10 * 10 + 5
    with read_transaction(engine) as connection:
        per_learner = dict(
            connection.execute(select(attempts.c.learner_id, func.count()).group_by(attempts.c.learner_id)).all()
        )
        shared_cards = dict(
            connection.execute(
                select(review_cards.c.review_key, review_cards.c.reviews).where(review_cards.c.learner_id == shared.id)
            ).all()
        )
        own_reviews = set(
            connection.execute(select(review_cards.c.reviews).where(review_cards.c.learner_id != shared.id)).scalars()
        )
    assert per_learner == {**{learner.id: 10 for learner in own}, shared.id: 105}
    assert shared_cards == {**{f"q{item}": 10 for item in range(10)}, "common": 5}
    assert own_reviews == {1}
    assert len(history(engine, shared.id)) == 105


def test_fifty_phones_voting_and_changing_their_minds_leave_one_vote_each(engine):
    poll, _ = open_poll(
        engine,
        {
            "id": "q",
            "stem": "Stem",
            "lead_in": "Lead-in",
            "answer": "a",
            "choices": [{"id": c, "text": c.upper(), "explanation": ""} for c in "abcd"],
        },
    )
    phones = [new_voter_token() for _ in range(THREADS)]

    def work(number: int) -> tuple[list[VoteResult], str]:
        chooser = random.Random(number)
        results, choice = [], ""
        for _ in range(1 + (number % 7) * 3):  # 1 to 19 votes each
            choice = chooser.choice("abcd")
            results.append(vote(engine, poll.code, phones[number], choice))
        return results, choice

    outcome, seconds = run_at_once(work)
    total = sum(len(results) for results, _ in outcome)
    print(f"\n[{engine.dialect.name}] {THREADS} phones, {total} votes on one poll: {seconds:.2f} s")
    for results, _ in outcome:
        assert results == [VoteResult.ACCEPTED] + [VoteResult.REPLACED] * (len(results) - 1)
    last_choices = Counter(choice for _, choice in outcome)
    assert counts(engine, poll.id) == {c: last_choices.get(c, 0) for c in "abcd"}
    with read_transaction(engine) as connection:
        stored = dict(
            connection.execute(select(votes.c.voter_token, votes.c.choice_id).where(votes.c.poll_id == poll.id)).all()
        )
    assert stored == {phones[n]: outcome[n][1] for n in range(THREADS)}
    assert poll_version(engine, poll.id) == 1 + total


def test_votes_racing_the_lock_count_until_it_and_never_after(engine):
    poll, key = open_poll(
        engine,
        {
            "id": "q",
            "stem": "Stem",
            "lead_in": "",
            "answer": "a",
            "choices": [{"id": c, "text": c.upper(), "explanation": ""} for c in "abc"],
        },
    )
    phones = [new_voter_token() for _ in range(THREADS)]
    give_up = time.monotonic() + 60  # a failsafe; the lock lands within about a second

    def work(number: int) -> list[tuple[VoteResult, str]] | float:
        if number == 0:  # the presenter, once the voting is under way
            time.sleep(0.1)
            began = time.perf_counter()
            lock(engine, poll.id, key)
            return time.perf_counter() - began
        chooser, log = random.Random(number), []
        while time.monotonic() < give_up:
            choice = chooser.choice("abc")
            log.append((vote(engine, poll.code, phones[number], choice), choice))
            if log[-1][0] is VoteResult.LOCKED:
                break
        return log

    logs, seconds = run_at_once(work)
    votes_cast = sum(len(log) for log in logs[1:])
    print(
        f"\n[{engine.dialect.name}] {THREADS - 1} phones voting nonstop ({votes_cast} votes): "
        f"the presenter's lock took {logs[0]:.2f} s; all done in {seconds:.2f} s"
    )
    expected: dict[str, str] = {}
    for number, log in enumerate(logs[1:], start=1):
        results = [result for result, _ in log]
        assert results[-1] is VoteResult.LOCKED and VoteResult.LOCKED not in results[:-1]
        counted = [choice for result, choice in log if result.counted]
        if counted:
            expected[phones[number]] = counted[-1]
    with read_transaction(engine) as connection:
        stored = dict(
            connection.execute(select(votes.c.voter_token, votes.c.choice_id).where(votes.c.poll_id == poll.id)).all()
        )
    assert stored == expected
    assert sum(counts(engine, poll.id).values()) == len(expected)
    assert logs[0] < 10, "the presenter waited too long behind the voters"
