"""Losing an app process mid-lecture loses nothing: ``make serve`` with 2 processes behind nginx, phones
following a lecture room and voting; one process is killed. The phones it served reconnect through
nginx to the other (as the browser does: the same address, so the same voter token), change their
answer, vote on the next question, and every vote before and after is counted once. serve.py starts
the killed process again."""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench.proxy_throughput import free_run_of_ports, wait_healthy
from bench.room_phone import RoomPhone
from pathway.store.db import forget_engine, make_engine
from pathway.store.rooms import RoomSlide, go_to_slide, open_room, own_answers, room_summary
from pathway.store.tokens import new_voter_token
from tools.browser import REPO_ROOT, in_ci

pytestmark = pytest.mark.server
NGINX = Path("/usr/sbin/nginx")
PHONES = 12


def question(qid: str) -> dict:
    return {
        "id": qid,
        "stem": f"Case {qid}.",
        "lead_in": "What next?",
        "choices": [{"id": c, "text": f"Choice {c}", "explanation": "Because."} for c in "abcd"],
        "answer": "a",
    }


ORDER = [
    RoomSlide("title", "The lecture"),
    RoomSlide("q1", "First question", question("q1")),
    RoomSlide("q2", "Second question", question("q2")),
]


def app_processes(serve_pid: int) -> dict[int, int]:
    """The app processes serve.py runs: port -> pid."""
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except (OSError, IndexError):
            continue
        if int(fields[1]) == serve_pid and b"--server.port" in command:
            found[int(command[command.index(b"--server.port") + 1])] = int(entry.name)
    return found


async def until(phone: RoomPhone, title: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while phone.title != title:
        if time.monotonic() > deadline:
            raise AssertionError(f"the phone still shows {phone.title!r}, not {title!r}")
        await phone.refresh()
        await asyncio.sleep(0.2)


async def rejoin(stream: str, code: str, voter: str, timeout: float = 60) -> RoomPhone:
    """What the browser does when its websocket drops: connect again to the same address until it works."""
    deadline = time.monotonic() + timeout
    while True:
        phone = RoomPhone(stream, code, voter, timeout=20)
        try:
            await phone.open()
            return phone
        except Exception:
            await phone.close()
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.5)


async def lecture(stream: str, engine, serve_pid: int) -> dict:
    room, key = open_room(engine, ORDER)
    voters = [new_voter_token() for _ in range(PHONES)]
    phones = [RoomPhone(stream, room.code, v, timeout=20) for v in voters]
    for phone in phones:
        await phone.open()
    last: dict[tuple[str, int], str] = {}
    rng = random.Random(5)

    go_to_slide(engine, room.poll_id, key, 1)
    for voter, phone in zip(voters, phones):
        await until(phone, "First question")
        choice = rng.choice("abcd")
        await phone.tap(1, choice)
        last[voter, 1] = choice

    ports = app_processes(serve_pid)
    assert len(ports) == 2, ports
    killed_port, killed_pid = sorted(ports.items())[0]
    os.kill(killed_pid, signal.SIGKILL)
    await asyncio.sleep(1)

    dropped = 0
    for i, (voter, phone) in enumerate(zip(voters, phones)):
        try:
            await phone.refresh()
        except Exception:  # this phone was on the killed process
            dropped += 1
            await phone.close()
            phones[i] = phone = await rejoin(stream, room.code, voter)
            await until(phone, "First question")
        changed = rng.choice([c for c in "abcd" if c != last[voter, 1]])
        await phone.tap(1, changed)  # a change after the failure replaces the vote from before it
        last[voter, 1] = changed

    go_to_slide(engine, room.poll_id, key, 2)
    for voter, phone in zip(voters, phones):
        await until(phone, "Second question")
        choice = rng.choice("abcd")
        await phone.tap(2, choice)
        last[voter, 2] = choice
    for phone in phones:
        await phone.close()
    return {"room": room, "last": last, "voters": voters, "dropped": dropped, "killed_port": killed_port}


def test_a_killed_process_loses_no_vote_and_is_started_again(tmp_path):
    if not NGINX.exists():
        if in_ci():
            pytest.fail("CI=true but nginx is missing (.ci/run installs it)", pytrace=False)
        pytest.skip("nginx is not installed")
    database_url = f"sqlite:///{tmp_path / 'room.sqlite3'}"
    engine = make_engine(database_url)
    port, backend = free_run_of_ports(1), free_run_of_ports(2)
    command = [
        sys.executable,
        str(REPO_ROOT / "deploy" / "serve.py"),
        "--processes",
        "2",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--backend-port",
        str(backend),
        "--run-dir",
        str(tmp_path / "run"),
    ]
    with open(tmp_path / "serve.log", "wb") as log:
        server = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env={**os.environ, "DATABASE_URL": database_url},
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        wait_healthy(f"http://127.0.0.1:{port}", server)
        with ThreadPoolExecutor(1) as pool:  # asyncio.run in a thread of its own (Playwright may hold a loop)
            result = pool.submit(
                asyncio.run, lecture(f"ws://127.0.0.1:{port}/_stcore/stream", engine, server.pid)
            ).result(timeout=300)
        assert result["dropped"] >= 1, "no phone was on the killed process: the test proved nothing"
        room = result["room"]
        _, summaries = room_summary(engine, room.poll_id)
        for summary in summaries:
            index = summary.slide - 1
            want = dict.fromkeys("abcd", 0)
            for voter in result["voters"]:
                want[result["last"][voter, index]] += 1
            assert {cid: n for cid, _, n in summary.choices} == want, summary
            assert summary.voters == PHONES  # once each, before and after the failure
        for voter in result["voters"]:
            mine = own_answers(engine, room.poll_id, voter)
            assert [a.chosen for a in mine] == [f"Choice {result['last'][voter, i]}" for i in (1, 2)]
        deadline = time.monotonic() + 90
        while not (restarted := app_processes(server.pid).get(result["killed_port"])):
            assert time.monotonic() < deadline and server.poll() is None, (tmp_path / "serve.log").read_text()
            time.sleep(0.5)
        assert restarted and server.poll() is None
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
        forget_engine(database_url)
