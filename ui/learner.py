"""Who is practising: the learner behind the private resume key, shared by every self-test page.

A learner is found only by their private key: from the page address (``?key=...``) or from this browser
session. A nickname alone opens nothing. The key is shown once, right after the nickname is chosen.

While a learner works, the key stays in the address bar of the self-test pages (Practice, Exam, My
progress), so a reload resumes (Streamlit keeps nothing across a reload but the address). No link the
app offers to share, copy or bookmark as "this question" holds it (``ui/share.py``); the link that
resumes, with the key, is offered on its own and labelled private. "Sign out on this device" takes the
key out of the session and the address; the progress stays saved, reachable with the private link.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from pathway.store.progress import Learner, check_nickname, create_learner, learner_for_key
from ui import share
from ui.db import database  # noqa: F401  (the self-test pages take the engine from here)
from ui.errors import in_callback
from ui.safe import plain

KEY_PARAM = "key"
SESSION_KEY = "learner_key"
NEW_KEY = "learner_new_key"  # the key just made, shown until the learner hides it
SIGNED_OUT = "learner_signed_out"  # said once, after "Sign out on this device"
PRIVATE_LINK = "learner_private_link"  # the container holding the private link (and nothing else shared)
PRIVATE_WARNING = "Your private link: anyone with it can see and change your progress."
BAD_KEY = (
    "This address's private key does not belong to any learner (it may be cut short or mistyped), "
    "so no progress is shown. Open your bookmarked link again, paste your key below, or pick a "
    "new nickname."
)


def _remember(key: str | None) -> None:
    if key is None:
        st.session_state.pop(SESSION_KEY, None)
    else:
        st.session_state[SESSION_KEY] = key
    if st.query_params.get(KEY_PARAM) != key:
        if key is None:
            del st.query_params[KEY_PARAM]
        else:
            st.query_params[KEY_PARAM] = key


def current_learner(engine: Engine) -> Learner | None:
    """The learner whose key is in the address (first) or in this session; None with a warning when
    the key is not a learner's; None and silent when there is no key."""
    from_url = st.query_params.get(KEY_PARAM)
    key = from_url if from_url is not None else st.session_state.get(SESSION_KEY)
    if not key:
        return None
    learner = learner_for_key(engine, key)
    if learner is None:
        _remember(None)
        st.warning(BAD_KEY, icon=":material/key_off:")
        return None
    st.session_state[SESSION_KEY] = key
    return learner


def page_params(learner: Learner | None) -> dict[str, str]:
    """The address parameters that keep the learner signed in (for ``state.sync_url``)."""
    key = st.session_state.get(SESSION_KEY)
    return {KEY_PARAM: key} if learner is not None and key else {}


@in_callback
def _create(engine: Engine) -> None:
    try:
        nickname = check_nickname(st.session_state.get("learner_nickname", ""))
    except ValueError as exc:
        st.session_state["learner_problem"] = str(exc)
        return
    _learner, key = create_learner(engine, nickname)
    _remember(key)
    st.session_state[NEW_KEY] = key


@in_callback
def _resume(engine: Engine) -> None:
    typed = st.session_state.get("learner_resume", "")
    learner = learner_for_key(engine, typed)
    if learner is None:
        st.session_state["learner_problem"] = (
            "No learner has this key. Check that it was pasted whole (32 letters, digits, - or _)."
        )
        return
    _remember(typed.strip())
    st.session_state["learner_resume"] = ""


@in_callback
def _sign_out() -> None:
    _remember(None)
    st.session_state.pop(NEW_KEY, None)
    st.session_state[SIGNED_OUT] = True


def private_link_box(key: str) -> None:
    """The learner's own link back (it holds the key), on its own and labelled private."""
    link = share.private_link(key)
    with st.container(key=PRIVATE_LINK):
        st.markdown(f":material/lock: **{PRIVATE_WARNING}**")
        st.code(link, language=None, wrap_lines=True)
        share.copy_button(link, label="Copy my private link", private=True)
        st.caption(
            "Bookmark it (or keep it in a password manager) to come back to your progress and an exam "
            "under way, on this or any device. Do not send it to anyone: to share a question, use its "
            "share link, which never holds your key."
        )


def _signed_in(learner: Learner) -> None:
    new_key = st.session_state.get(NEW_KEY)
    if new_key:
        with st.container(border=True):
            st.success(
                f"Welcome, {plain(learner.nickname)}. Your progress is saved under this private key "
                "(keep it to yourself; you can paste it under Resume on any device):",
                icon=":material/key:",
            )
            st.code(new_key, language=None)
            st.caption("Without the key (or the private link below) your progress cannot be reopened.")
            private_link_box(new_key)
            st.button(
                "I have saved it, hide the key",
                key="learner_hide_key",
                on_click=lambda: st.session_state.pop(NEW_KEY, None),
            )
        return
    text, out = st.columns([3, 1], vertical_alignment="center")
    text.caption(
        f":material/person: Signed in as **{plain(learner.nickname)}** · progress is saved. "
        "To come back later, on any device, use your private link."
    )
    out.button("Sign out on this device", key="learner_sign_out", on_click=_sign_out, icon=":material/logout:")
    key = st.session_state.get(SESSION_KEY)
    if key:
        with st.expander("Your private link (to come back on any device)", icon=":material/key:"):
            private_link_box(key)


def _sign_in_forms(engine: Engine) -> None:
    if st.session_state.pop(SIGNED_OUT, False):
        st.success(
            "Signed out on this device: your private key is no longer in this tab or its address. Your "
            "progress stays saved (an exam under way too); open your private link, or paste your key below, "
            "to come back.",
            icon=":material/logout:",
        )
    problem = st.session_state.pop("learner_problem", None)
    with st.expander(
        "Keep your progress: pick a nickname, or resume with your key",
        icon=":material/person_add:",
        expanded=problem is not None,
    ):
        if problem:
            st.error(plain(problem, limit=None), icon=":material/error:")
        new, resume = st.columns(2)
        with new.form("learner_new", border=False):
            st.text_input("Nickname (2-24 letters, digits, spaces, - _ . ')", key="learner_nickname", max_chars=40)
            st.form_submit_button("Start saving my progress", on_click=_create, args=(engine,))
        with resume.form("learner_resume_form", border=False):
            st.text_input("Your private key", key="learner_resume", type="password", max_chars=80)
            st.form_submit_button("Resume", on_click=_resume, args=(engine,))
        st.caption("No e-mail, no password: a nickname and a private key that only you see.")


def learner_panel(engine: Engine) -> Learner | None:
    """A compact panel in the main area: who is signed in, or the forms to become someone."""
    learner = current_learner(engine)
    if learner is not None:
        _signed_in(learner)
    else:
        _sign_in_forms(engine)
    return learner
