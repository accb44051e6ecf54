"""Faults a visitor meets (issue 21): a page, a fragment or a button that fails on purpose, the database
unreachable, locked or lost mid-use. The visitor sees a plain message (with a reference for a bug), never
a traceback; what they typed stays; the server's log holds the traceback under the same reference; the
pages that need no database never touch it; and the app recovers without a restart."""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from app_helpers import all_text, open_direct, open_page
from poll_pages import QUESTION_SLIDES
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from streamlit.testing.v1 import AppTest

from bench.sqlite_lock import sqlite_locked as lock_file
from bench.tcp_proxy import TcpProxy
from pathway.store import transactions
from pathway.store.db import forget_engine, make_engine
from pathway.store.polls import counts, new_voter_token, open_poll
from pathway.store.progress import create_learner
from pathway.store.schema import learners
from ui import errors
from ui.errors import PAUSED, RETRY_SECONDS
from ui.join_poll import BEHIND, CODE_FIELD
from ui.site import PAGES

STORING = {
    "pages/8_Practice.py",
    "pages/9_Exam.py",
    "pages/10_Progress.py",
    "pages/11_Presenter.py",
    "pages/12_Join_poll.py",
    "pages/13_Projector.py",
    "pages/14_Item_statistics.py",
    "pages/15_Follow_a_patient.py",
}
STORING_PAGES = [p.file for p in PAGES if p.file in STORING]
# what makes a page that stores only on request use the database at once
NEEDS_DATABASE = {"pages/15_Follow_a_patient.py": {"key": "k" * 32}}
OTHER_PAGES = [p.file for p in PAGES if p.file not in STORING]
PRACTICE, JOIN = "pages/8_Practice.py", "pages/12_Join_poll.py"
REFERENCE = re.compile(r"Something went wrong \(reference ([0-9a-f]{8})\)")
# what a traceback or a raw database error would show
LEAKS = ("Traceback", 'File "', "sqlalchemy", "psycopg", "OperationalError", "/work/", ".py")


# ---------- helpers ----------
def seen(at: AppTest) -> str:
    return all_text(at) + "\n" + "\n".join(str(e.value) for e in at.exception)


def assert_plain(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    page = seen(at)
    for leak in LEAKS:
        assert leak not in page, f"{leak!r} shown to the visitor:\n{page[:2000]}"


def paused(at: AppTest) -> bool:
    return any(w.value == PAUSED for w in at.warning)


class Captured(logging.Handler):
    """The app's log lines (ui/errors.py logs to "eczema_ladder", which does not propagate to root)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(logging.Formatter().format(record))  # the traceback included


@pytest.fixture
def app_log(monkeypatch) -> Iterator[Captured]:
    monkeypatch.setattr(errors, "_outage_log", errors._OutageLog())  # an outage is logged once per 10 s
    handler = Captured()
    logger = logging.getLogger("eczema_ladder")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def failing(*_args, **_kwargs):
    raise RuntimeError("failed on purpose in /srv/secret/path.py")


def assert_logged(app_log: Captured, reference: str) -> None:
    lines = [line for line in app_log.lines if reference in line]
    assert len(lines) == 1, app_log.lines
    assert "Traceback (most recent call last)" in lines[0] and "failed on purpose" in lines[0]


@contextmanager
def listener() -> Iterator[tuple[int, list[int]]]:
    """A port that accepts connections and counts them (a database that would notice being asked)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.1)
    accepted: list[int] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                connection, _ = sock.accept()
            except OSError:
                continue
            accepted.append(1)
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1], accepted
    finally:
        done.set()
        thread.join(2)
        sock.close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sqlite_locked(url: str):
    """Another process holds the SQLite file's write lock (a long write, a backup tool, a shell)."""
    return lock_file(make_url(url).database)


@pytest.fixture
def quick_lock_timeout(monkeypatch):
    """SQLite waits this long for another process's write lock (10 s in the app)."""
    monkeypatch.setattr(transactions, "SQLITE_BUSY_TIMEOUT_SECONDS", 0.3)


# ---------- 1. no visitor sees a traceback ----------
def test_a_page_that_fails_shows_a_reference_and_the_log_holds_its_traceback(monkeypatch, app_log):
    monkeypatch.setattr("ui.navigation.framed", failing)
    at = open_direct("pages/3_Timelines.py")
    assert_plain(at)
    (message,) = [e.value for e in at.error]
    reference = REFERENCE.search(message)
    assert reference, message
    assert_logged(app_log, reference.group(1))
    assert "For education only" in all_text(at), "what app.py draws around the page is still there"


def test_a_fragment_that_fails_says_so_inside_it_and_the_page_around_it_stays(monkeypatch, app_log):
    monkeypatch.setattr("ui.recommendation_view.stage_header", failing)
    at = open_direct("pages/2_Scenario_explorer.py")
    assert_plain(at)
    (message,) = [e.value for e in at.error]
    assert_logged(app_log, REFERENCE.search(message).group(1))
    assert at.title[0].value.startswith("Scenario explorer")
    assert at.slider, "the controls drawn before the failure stay"


def test_a_button_whose_callback_fails_says_so_and_keeps_what_was_typed(monkeypatch, app_log):
    monkeypatch.setattr("ui.learner.create_learner", failing)
    at = open_page(PRACTICE)
    at.text_input(key="learner_nickname").input("Dr Ana")
    at.button[0].click().run()  # "Start saving my progress": its callback fails
    assert_plain(at)
    (message,) = [e.value for e in at.error]
    assert_logged(app_log, REFERENCE.search(message).group(1))
    assert at.text_input(key="learner_nickname").value == "Dr Ana"
    assert at.title[0].value.endswith("Practice questions"), "the page itself is drawn after the message"
    at.run()
    assert not at.error, "said once"


def test_streamlit_control_flow_is_not_taken_for_a_failure():
    # st.rerun (framed() on a first visit), st.switch_page and st.stop pass through the guard
    at = open_page("pages/1_Walkthrough.py")
    at.button(key="walk_next").click().run()
    assert not at.error and not at.exception
    assert at.query_params.get("step")


# ---------- 2. the database cannot be reached ----------
@pytest.mark.parametrize("page", STORING_PAGES)
def test_a_storing_page_with_the_database_down_says_saving_is_paused(page, monkeypatch, app_log):
    monkeypatch.setenv("DATABASE_URL", f"postgresql+psycopg://ladder:ladder@127.0.0.1:{closed_port()}/ladder")
    at = open_direct(page, **NEEDS_DATABASE.get(page, {}))
    assert_plain(at)
    assert paused(at), all_text(at)[:1500]
    assert any(f"Trying again every {RETRY_SECONDS} s" in c.value for c in at.caption)
    assert any("the database cannot be used" in line and "Connection refused" in line for line in app_log.lines)


@pytest.mark.parametrize("page", OTHER_PAGES)
def test_a_page_that_needs_no_database_never_touches_it(page, monkeypatch):
    with listener() as (port, accepted):
        monkeypatch.setenv("DATABASE_URL", f"postgresql+psycopg://ladder:ladder@127.0.0.1:{port}/ladder")
        at = open_page(page)
        assert not at.exception and not at.error
        assert not paused(at)
    assert not accepted, f"{page} connected to the database"


def test_sqlite_locked_by_another_process_pauses_saving_and_keeps_the_nickname(database, quick_lock_timeout):
    at = open_page(PRACTICE)
    at.text_input(key="learner_nickname").input("Dr Ana")
    with sqlite_locked(str(database.url)):
        at.button[0].click().run()
        assert_plain(at)
        assert paused(at)
        assert at.text_input(key="learner_nickname").value == "Dr Ana"
    at.run()  # what the retry does once the lock is gone
    assert not paused(at)
    at.button[0].click().run()
    assert "Welcome, Dr Ana" in all_text(at)
    with database.connect() as connection:
        assert connection.execute(select(func.count()).select_from(learners)).scalar() == 1


# ---------- PostgreSQL stopped and started (through a proxy: no shared cluster is stopped) ----------
def postgresql_admin_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not url:
        if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
            pytest.fail("CI is set but TEST_DATABASE_URL is not")
        pytest.skip("PostgreSQL tests run when TEST_DATABASE_URL=postgresql+psycopg://... is set")
    return url


@pytest.fixture
def proxied_postgresql(monkeypatch) -> Iterator[tuple[TcpProxy, Engine]]:
    """The app's DATABASE_URL: a fresh schema of the test PostgreSQL, reached through a proxy the test
    can cut (the database "stops") and restore (it "starts again")."""
    admin_url = make_url(postgresql_admin_url())
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    proxy = TcpProxy(admin_url.host or "127.0.0.1", admin_url.port or 5432).start()
    url = admin_url.set(host="127.0.0.1", port=proxy.port).update_query_dict({"options": f"-csearch_path={schema}"})
    rendered = url.render_as_string(hide_password=False)
    monkeypatch.setenv("DATABASE_URL", rendered)
    try:
        yield proxy, make_engine(rendered)
    finally:
        forget_engine(rendered)
        proxy.stop()
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_postgresql_lost_mid_lecture_keeps_the_typed_code_and_recovers_without_a_restart(proxied_postgresql):
    proxy, engine = proxied_postgresql
    poll, _key = open_poll(engine, QUESTION_SLIDES[0].question)
    phone = open_page(JOIN)
    proxy.cut()  # PostgreSQL stops: the pooled connections die, new ones are refused
    phone.text_input(key=CODE_FIELD).input(poll.code)
    phone.button[0].click().run()  # Join
    assert_plain(phone)
    assert paused(phone)
    assert phone.text_input(key=CODE_FIELD).value == poll.code
    proxy.restore()  # PostgreSQL is back: the same process, the same engine
    phone.button[0].click().run()
    assert not paused(phone)
    assert phone.query_params.get("code") in (poll.code, [poll.code])


def test_a_signed_in_learner_sees_saving_paused_then_their_progress_again(proxied_postgresql):
    proxy, engine = proxied_postgresql
    _learner, key = create_learner(engine, "Dr Ana")
    at = open_direct(PRACTICE, key=key)
    assert "Signed in as **Dr Ana**" in all_text(at)
    proxy.cut()
    at.run()
    assert_plain(at)
    assert paused(at)
    proxy.restore()
    at.run()  # the connections the outage killed are checked before use and replaced
    assert not paused(at)
    assert "Signed in as **Dr Ana**" in all_text(at)


def test_the_database_unavailable_check_tells_an_outage_from_a_bug():
    from pathway.store.transactions import DatabaseBusy, database_unavailable

    assert database_unavailable(OperationalError("SELECT 1", {}, Exception("database is locked")))
    assert database_unavailable(DatabaseBusy("busy"))
    assert not database_unavailable(ValueError("a bug"))
    assert not database_unavailable(TimeoutError("not ours"))


# ---------- 3. a vote during an outage: never lost silently, never counted twice ----------
def _tap(phone: AppTest, index: int, choice: str) -> AppTest:
    return phone.button(key=f"join_{index}_{choice}").click().run()


def _resend(phone: AppTest, index: int) -> AppTest:
    return phone.button(key=f"join_resend_{index}").click().run()


def _said(phone: AppTest) -> list[str]:
    return [w.value for w in phone.warning] + [s.value for s in phone.success]


QUESTION = QUESTION_SLIDES[0].question
CHOICE = QUESTION["choices"][1]["id"]


def test_a_vote_while_sqlite_is_locked_is_not_saved_says_so_and_one_tap_sends_it_once(database, quick_lock_timeout):
    poll, _key = open_poll(database, QUESTION)
    phone = open_direct(JOIN, code=poll.code)
    with sqlite_locked(str(database.url)):
        _tap(phone, 0, CHOICE)
        assert_plain(phone)
        assert any(s.startswith("Not saved: the database cannot be reached") for s in _said(phone)), _said(phone)
        assert not any("is in" in s for s in _said(phone))
        assert counts(database, poll.id)[CHOICE] == 0
    _resend(phone, 0)
    assert any("is in" in s for s in _said(phone)), _said(phone)
    assert not [b for b in phone.button if b.key == "join_resend_0"], "nothing left to send"
    assert sum(counts(database, poll.id).values()) == 1 and counts(database, poll.id)[CHOICE] == 1
    _tap(phone, 0, CHOICE)  # sent again: still once
    assert sum(counts(database, poll.id).values()) == 1


def _phone_refresh(poll_id: int, voter: str) -> None:
    """What a phone's refresh runs every 2 s: the join page's live-question fragment alone (a browser
    reruns just the fragment; AppTest can only run a whole script, so the script is the fragment)."""
    from ui import join_poll
    from ui.db import database

    join_poll.live_question(database(), poll_id, voter)


def test_a_phone_keeps_the_question_while_postgresql_is_lost_and_its_vote_counts_once_after(proxied_postgresql):
    proxy, engine = proxied_postgresql
    poll, _key = open_poll(engine, QUESTION)
    voter = new_voter_token()
    phone = AppTest.from_function(_phone_refresh, args=(poll.id, voter), default_timeout=30).run()
    assert phone.button(key=f"join_0_{CHOICE}")
    proxy.cut()
    phone.run()  # a refresh while the database is down: the question as last seen, saying so
    assert_plain(phone)
    assert any(c.value.endswith(BEHIND) for c in phone.caption)
    _tap(phone, 0, CHOICE)
    assert_plain(phone)
    assert any(s.startswith("Not saved") for s in _said(phone)), _said(phone)
    proxy.restore()
    phone.run()
    assert not any(c.value.endswith(BEHIND) for c in phone.caption)
    assert counts(engine, poll.id)[CHOICE] == 0, "nothing was counted while it was down"
    assert any(s.startswith("Not saved") for s in _said(phone)), "still said until it is sent"
    _resend(phone, 0)
    assert any("is in" in s for s in _said(phone))
    assert sum(counts(engine, poll.id).values()) == 1


# ---------- 5. a slow database: the phone stays responsive and never piles up requests ----------
def test_a_refresh_on_a_slow_database_shows_the_last_question_at_once_and_asks_once(proxied_postgresql, monkeypatch):
    from ui import join_poll

    proxy, engine = proxied_postgresql
    poll, _key = open_poll(engine, QUESTION)
    phones = [
        AppTest.from_function(_phone_refresh, args=(poll.id, new_voter_token()), default_timeout=30).run()
        for _ in range(3)
    ]
    asked: list[int] = []
    read = join_poll._read_version
    monkeypatch.setattr(join_poll, "_read_version", lambda *args: asked.append(1) or read(*args))
    proxy.delay = 2.0  # every request to the database now waits 2 s on the way
    for _round in range(2):
        for phone in phones:
            started = time.perf_counter()
            phone.run()
            assert time.perf_counter() - started < join_poll.VERSION_BUDGET_SECONDS + 0.8
            assert_plain(phone)
            assert any(c.value.endswith(BEHIND) for c in phone.caption), "says it is catching up"
            assert phone.button(key=f"join_0_{CHOICE}"), "the question as last seen"
    assert len(asked) == 1, "six refreshes on three phones, one read of the slow database"
    proxy.delay = 0.0
    time.sleep(2 * 2.0 + 0.5)  # the read in flight gets its answer
    phones[0].run()
    assert not any(c.value.endswith(BEHIND) for c in phones[0].caption)


def test_the_shipped_config_hides_error_details_from_visitors():
    # "none": no exception type, message or traceback in the browser; false would still show the traceback
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"


def test_every_fragment_is_guarded():
    # a fragment's own reruns skip app.py's guard: each body must go through ui.errors.guarded
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    bare = []
    for path in [*root.glob("ui/*.py"), *root.glob("pages/*.py")]:
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if line.startswith("@st.fragment") and not lines[number + 1].startswith("@guarded"):
                bare.append(f"{path.relative_to(root)}:{number + 1}")
    assert bare == [], f"fragments without @guarded under @st.fragment: {bare}"


def test_every_named_callback_is_guarded():
    """A widget's on_click/on_change runs before the page (outside app.py's guard): every function given
    there by name, in ui/ and pages/, is decorated with ui.errors.in_callback (found by reading the code:
    a lambda there must call such a function)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    files = [*root.glob("ui/*.py"), *root.glob("pages/*.py")]
    decorated: dict[str, bool] = {}
    given: set[str] = set()
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                names = {d.id if isinstance(d, ast.Name) else getattr(d, "attr", "") for d in node.decorator_list}
                decorated[node.name] = decorated.get(node.name, False) or "in_callback" in names
            if isinstance(node, ast.keyword) and node.arg in {"on_click", "on_change"}:
                value = node.value
                if isinstance(value, ast.Lambda):
                    calls = [c.func for c in ast.walk(value.body) if isinstance(c, ast.Call)]
                    value = calls[0] if calls else value
                if isinstance(value, ast.Attribute) and getattr(value.value, "attr", "") == "session_state":
                    continue  # st.session_state.update(...): setting state, nothing that can fail
                if isinstance(value, ast.Name):
                    given.add(value.id)
                elif isinstance(value, ast.Attribute):
                    given.add(value.attr)
    assert given, "the check found the callbacks"
    bare = sorted(name for name in given if name in decorated and not decorated[name])
    assert bare == [], f"callbacks without @in_callback: {bare}"
