"""Another process holding a SQLite file's write lock (a long write, a backup tool, a shell), for outages on
demand: ``hold`` returns once the lock is held, ``release`` lets it go; ``sqlite_locked`` does both around
a block. Used by bench/outage.py and the fault tests."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

_HOLDER = (
    "import sqlite3, sys\n"
    "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
    "c.execute('BEGIN IMMEDIATE')\n"
    "c.execute('CREATE TABLE IF NOT EXISTS held (x)')\n"
    "print('locked', flush=True)\n"
    "sys.stdin.read()\n"
)


def hold(path: str) -> subprocess.Popen[str]:
    """A process that holds the write lock of the SQLite file at ``path`` until :func:`release`."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, path], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


def release(holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None
    holder.stdin.close()
    holder.wait(10)


@contextmanager
def sqlite_locked(path: str) -> Iterator[None]:
    holder = hold(path)
    try:
        yield
    finally:
        release(holder)
