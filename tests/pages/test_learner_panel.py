"""The learner identity shared by the self-test pages (ui/learner.py): nickname, private key, resume."""

from __future__ import annotations

import re

from app_helpers import texts
from streamlit.testing.v1 import AppTest

from pathway.store.db import make_engine
from pathway.store.progress import create_learner


def _panel_script():
    import streamlit as st

    from ui.learner import database, learner_panel, page_params

    learner = learner_panel(database())
    st.text(f"learner={learner.nickname if learner else None}")
    st.text(f"params={sorted(page_params(learner).items())}")


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
    assert [c.value for c in at.code] == [key]
    assert any("bookmark this page" in c.lower() for c in texts(at.caption))
    at.button(key="learner_hide_key").click().run()
    assert not at.code, "hidden once saved"
    assert _shown_learner(at) == "Dr Ana"
    assert any("Signed in as **Dr Ana**" in c for c in texts(at.caption))


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
    assert f"params=[('key', '{key}')]" in texts(at.text)
    assert not at.code, "the key is not shown again on resume"
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
    at.button(key="learner_sign_out").click().run()
    assert _shown_learner(at) == "None"
    assert "key" not in at.query_params
