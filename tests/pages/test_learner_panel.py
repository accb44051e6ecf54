"""The learner identity shared by the self-test pages (ui/learner.py): nickname, private key, the private
link (offered on its own, labelled private), resume, and signing out on this device."""

from __future__ import annotations

import hashlib
import re

from app_helpers import texts
from share_links import assert_key_only_in_the_private_link
from streamlit.testing.v1 import AppTest

from pathway.store.db import make_engine
from pathway.store.progress import create_learner


def _panel_script():
    import hashlib

    import streamlit as st

    from ui.learner import database, learner_panel, page_params

    learner = learner_panel(database())
    st.text(f"learner={learner.nickname if learner else None}")
    # the address parameters, each value as its SHA-256 (the page's own text must not hold the key)
    st.text(f"params={sorted((k, hashlib.sha256(v.encode()).hexdigest()) for k, v in page_params(learner).items())}")


def _open(**params: str) -> AppTest:
    at = AppTest.from_function(_panel_script, default_timeout=30)
    at.query_params.update(params)
    return at.run()


def _as_read(markdown: str) -> str:
    """Escaped Markdown as the reader sees it."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _url_key(at: AppTest) -> str | None:
    value = at.query_params.get("key")
    return value[-1] if isinstance(value, list) else value


def _shown_learner(at: AppTest) -> str:
    return next(t for t in texts(at.text) if t.startswith("learner=")).removeprefix("learner=")


def test_a_nickname_makes_a_learner_whose_key_is_shown_once_and_put_in_the_address():
    at = _open()
    assert _shown_learner(at) == "None"
    at.text_input(key="learner_nickname").input("Dr Ana")
    at.button[0].click().run()  # the nickname form's submit button comes first
    assert _shown_learner(at) == "Dr Ana"
    key = _url_key(at)
    assert [c.value for c in at.code] == [key, f"/?key={key}"], "the key, then the private link"
    assert any("Your private link: anyone with it can see and change your progress" in m for m in texts(at.markdown))
    at.button(key="learner_hide_key").click().run()
    assert key not in [c.value for c in at.code], "the bare key is hidden once saved"
    assert _shown_learner(at) == "Dr Ana"
    assert any("Signed in as **Dr Ana**" in c for c in texts(at.caption))
    assert_key_only_in_the_private_link(at, key)


def test_a_bad_nickname_gives_the_reason_and_keeps_what_was_typed():
    at = _open()
    at.text_input(key="learner_nickname").input("<b>x</b>")
    at.button[0].click().run()
    assert _shown_learner(at) == "None"
    errors = texts(at.error)
    assert any("letters, digits, spaces" in _as_read(e) and "not: / < >" in _as_read(e) for e in errors), errors
    assert not any(re.search(r"(?<!\\)<", e) for e in errors), "the typed characters are shown escaped"
    assert at.text_input(key="learner_nickname").value == "<b>x</b>"
    assert "key" not in at.query_params


def test_the_key_in_the_address_resumes_and_a_nickname_alone_does_not(learner_database):
    engine = make_engine(learner_database)
    _learner, key = create_learner(engine, "Sam")
    at = _open(key=key)
    assert _shown_learner(at) == "Sam"
    assert f"params=[('key', '{hashlib.sha256(key.encode()).hexdigest()}')]" in texts(at.text)
    assert key not in [c.value for c in at.code], "the bare key is not shown again on resume"
    [private] = [e for e in at.expander if e.label.startswith("Your private link")]
    assert [c.value for c in private.code] == [f"/?key={key}"]
    assert_key_only_in_the_private_link(at, key)
    assert _shown_learner(_open(key="Sam")) == "None"


def test_an_unknown_key_warns_without_echoing_it_and_opens_nothing(learner_database):
    make_engine(learner_database)
    bad = "A" * 32
    at = _open(key=bad)
    assert _shown_learner(at) == "None"
    warnings = texts(at.warning)
    assert any("does not belong to any learner" in w for w in warnings), warnings
    assert not any(bad in w for w in warnings)
    assert "key" not in at.query_params


def test_resume_by_pasting_the_key_and_sign_out(learner_database):
    _, key = create_learner(make_engine(learner_database), "Kim")
    at = _open()
    at.text_input(key="learner_resume").input("wrong-key-" + "x" * 20)
    at.button[1].click().run()
    assert _shown_learner(at) == "None"
    assert any("No learner has this key" in e for e in texts(at.error))
    at.text_input(key="learner_resume").input(f"  {key}\n")
    at.button[1].click().run()
    assert _shown_learner(at) == "Kim"
    assert _url_key(at) == key
    assert at.button(key="learner_sign_out").label == "Sign out on this device"
    at.button(key="learner_sign_out").click().run()
    assert _shown_learner(at) == "None"
    assert "key" not in at.query_params and "learner_key" not in at.session_state
    [said] = texts(at.success)
    assert said.startswith("Signed out on this device") and "progress stays saved" in said
    assert_key_only_in_the_private_link(at, key, signed_in=False)
    at.run()
    assert not at.success, "said once"
    assert _shown_learner(at) == "None", "a rerun does not sign back in"
