"""The first-come, first-served gate in front of connections and SQLite's single writer."""

from __future__ import annotations

import threading
import time

import pytest

from pathway.store.fair_gate import FairGate
from pathway.store.transactions import build_engine, write_transaction


def test_waiters_get_in_in_the_order_they_came():
    gate = FairGate(1, busy_message="busy")
    order: list[int] = []
    assert gate.acquire(1)
    threads = []
    for number in range(8):
        thread = threading.Thread(target=lambda n=number: (gate.acquire(5), order.append(n), gate.release()))
        thread.start()
        threads.append(thread)
        time.sleep(0.02)  # arrive one after another
    gate.release()
    for thread in threads:
        thread.join(5)
    assert order == list(range(8))


def test_a_gate_with_places_lets_that_many_in_and_times_out_with_its_message():
    gate = FairGate(2, busy_message="the database stayed busy")
    assert gate.acquire(0.01) and gate.acquire(0.01)
    assert not gate.acquire(0.05)
    with pytest.raises(TimeoutError, match="stayed busy"), gate.entered(0.05):
        pass
    gate.release()
    with gate.entered(0.05):
        assert not gate.acquire(0.01)
    assert gate.acquire(0.01)


def test_a_write_inside_a_write_on_one_sqlite_file_is_refused_at_once(tmp_path):
    engine = build_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    try:
        with write_transaction(engine):
            began = time.perf_counter()
            with pytest.raises(RuntimeError, match="already open"), write_transaction(engine):
                pass
            assert time.perf_counter() - began < 1
        with write_transaction(engine):  # and the place was given back
            pass
    finally:
        engine.dispose()
