"""What a visitor sees when something fails: a plain message, never a traceback.

Three places a failure can reach a visitor from, each caught here:

- the page's script: app.py runs the page inside :func:`page_guard`;
- a fragment's own rerun, which runs without app.py: the fragment's body is decorated with
  :func:`guarded` (under ``@st.fragment``);
- a widget callback (``on_click``, ``on_change``), which Streamlit calls before the script runs: each
  is decorated with :func:`in_callback`, which makes its failure wait in the session, and the run that
  follows (app.py's guard, or the guarded fragment) shows it.

A database that cannot be used right now (down, unreachable, locked, full, read-only, overloaded:
``pathway.store.transactions.database_unavailable``) gets :data:`PAUSED`, and a small fragment that
tries again every :data:`RETRY_SECONDS` and reruns the page once the database answers: no restart,
and since the page stops where it failed (``st.stop``, not an ordinary end), the widgets it did not
draw keep what the user typed for when it is back. Anything else gets "Something went wrong
(reference 3f9a1c2e)", and the server's log holds the traceback under the same reference.

Streamlit's own control flow (``st.rerun``, ``st.stop``, ``st.switch_page``: a ``ScriptControlException``,
which is a ``BaseException``) is never caught here.

Shipped with ``client.showErrorDetails = "none"`` (.streamlit/config.toml), so even a failure that
escapes all of this shows Streamlit's generic message, without the exception or its traceback.
"""

from __future__ import annotations

import functools
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

import streamlit as st
from streamlit.errors import FragmentHandledException
from streamlit.logger import get_logger

from pathway.store.transactions import database_unavailable

PAUSED = "Saving is paused: the database cannot be reached. The explorer, walkthrough and reference pages still work."
RETRY_SECONDS = 5
PENDING = "_fault_pending"  # a callback's failure, shown by the run that follows it
RETRY_FROM = "_fault_retry_from"  # when the page last found the database unusable (time.monotonic)
DATABASE_LOG_EVERY_SECONDS = 10.0  # an outage is logged once per this, not once per phone and refresh
LOG = get_logger("eczema_ladder")

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Fault:
    """A failure as the visitor is told about it: the reference that finds it in the server's log, and
    whether it was the database being unusable (rather than a bug)."""

    reference: str
    database: bool

    @property
    def message(self) -> str:
        if self.database:
            return PAUSED
        return (
            f"Something went wrong (reference {self.reference}). Try again, or reload the page; if it keeps "
            "happening, give this reference to whoever runs the app."
        )


def _one_line(error: BaseException) -> str:
    reason = str(getattr(error, "orig", None) or error).strip()
    return f"{type(error).__name__}: {reason.splitlines()[0] if reason else '(no message)'}"


class _OutageLog:
    """One log line per :data:`DATABASE_LOG_EVERY_SECONDS` while the database is unusable, with how many
    failures it stands for: 300 phones refreshing every 2 s would otherwise write 150 lines a second."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = -DATABASE_LOG_EVERY_SECONDS
        self._quiet = 0

    def write(self, reference: str, error: BaseException) -> None:
        now = time.monotonic()
        with self._lock:
            if now - self._last < DATABASE_LOG_EVERY_SECONDS:
                self._quiet += 1
                return
            quiet, self._quiet, self._last = self._quiet, 0, now
        more = f" ({quiet} more since the last line)" if quiet else ""
        LOG.warning("reference %s: the database cannot be used: %s%s", reference, _one_line(error), more)


_outage_log = _OutageLog()


def record(error: BaseException) -> Fault:
    """Log ``error`` under a new reference (8 hex digits) and return how to tell the visitor."""
    if isinstance(error, FragmentHandledException) and error.args and isinstance(error.args[0], BaseException):
        error = error.args[0]  # a fragment outside this module's guard failed: Streamlit wrapped the error
    reference = secrets.token_hex(4)
    if database_unavailable(error):
        _outage_log.write(reference, error)
        return Fault(reference, database=True)
    LOG.error("reference %s: a page failed: %s", reference, _one_line(error), exc_info=error)
    return Fault(reference, database=False)


def show(fault: Fault) -> None:
    """The plain message; for the database, with the retry that brings the page back by itself."""
    if fault.database:
        st.warning(fault.message, icon=":material/cloud_off:")
        st.session_state[RETRY_FROM] = time.monotonic()
        _retry()
    else:
        st.error(fault.message, icon=":material/error:")


def show_pending() -> Fault | None:
    """A callback's failure, said once, by the run that follows it."""
    fault = st.session_state.pop(PENDING, None)
    if not isinstance(fault, Fault):
        return None
    show(fault)
    return fault


@contextmanager
def page_guard() -> Iterator[None]:
    """app.py runs the page inside this: a failure is told in plain words, and the page stops there."""
    pending = show_pending()
    try:
        yield
    except Exception as error:
        fault = record(error)
        if not (fault.database and pending is not None and pending.database):  # said once
            show(fault)
        st.stop()  # not an ordinary end: the widgets the page did not draw keep their values


def guarded(body: Callable[P, R]) -> Callable[P, R | None]:
    """For a fragment's body (``@st.fragment`` above, this below): its own reruns do not pass through
    app.py, so a failure in them is told here, inside the fragment, and the rest of the page stays."""

    @functools.wraps(body)
    def run(*args: P.args, **kwargs: P.kwargs) -> R | None:
        show_pending()
        try:
            return body(*args, **kwargs)
        except Exception as error:
            show(record(error))
            return None

    return run


@st.fragment(run_every=RETRY_SECONDS)
@guarded
def _retry() -> None:
    """Every few seconds (never in the run that just failed): once the database answers, rerun the
    whole page, which then finds it again (pathway.store: connections are checked before use)."""
    from ui.db import reachable  # only once a page has needed the database

    if time.monotonic() - st.session_state.get(RETRY_FROM, 0.0) >= RETRY_SECONDS / 2 and reachable():
        st.session_state.pop(RETRY_FROM, None)
        st.rerun(scope="app")
    st.caption(f"Trying again every {RETRY_SECONDS} s by itself; what you typed is kept.")


def in_callback(action: Callable[P, None]) -> Callable[P, None]:
    """For a function given to a widget's ``on_click``/``on_change``: Streamlit calls it before the script
    runs, outside :func:`page_guard` and :func:`guarded`, and a failure there would end the run before the
    page is drawn. Wrapped, its failure waits in the session (:data:`PENDING`) and the run that follows
    shows it as a page's failure is shown (the plain message and the reference; "Saving is paused" for the
    database), with the page drawn. Every named callback in ``ui/`` and ``pages/`` carries it
    (tests/pages/test_faults.py checks)."""

    @functools.wraps(action)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            action(*args, **kwargs)
        except Exception as error:
            st.session_state[PENDING] = record(error)

    return run
