"""Practice questions page: tutor feedback, confidence first, everyone's answers, links, saving, review; the
share link never holds the private key; "Practise <topic>" keeps the topic filter for the following
questions."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from app_helpers import go, open_direct, texts
from share_links import assert_key_only_in_the_private_link, shared_links
from streamlit.testing.v1 import AppTest

from pathway.learn.bank import load_bank, question_json
from pathway.learn.cases import generate_case
from pathway.learn.practice import letter
from pathway.learn.topics import topic_label
from pathway.store.db import make_engine
from pathway.store.progress import create_learner, history, record_answer
from pathway.store.review_store import due_reviews
from ui.safe import plain

PAGE = "pages/8_Practice.py"
BANK = {q.id: question_json(q) for q in load_bank()}
ITEM = BANK["q_herpeticum_punched_out"]


def _read(markdown: str) -> str:
    """Escaped Markdown as the reader sees it."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _shown(at: AppTest) -> str:
    parts = [
        str(e.value)
        for kind in ("markdown", "caption", "success", "error", "warning", "info")
        for e in getattr(at, kind)
    ]
    parts += [p.text for p in at.progress]
    return _read("\n".join(parts))


def _answer(at: AppTest, choice_id: str | None, confidence: str | None) -> AppTest:
    """Pick a choice and a confidence in the answer form and submit it."""
    form = next(f for f in at.get("form") if f.proto.form.form_id.startswith("ask_"))
    form_id = form.proto.form.form_id
    if choice_id is not None:
        at.radio(key=f"{form_id}_choice").set_value(choice_id)
    if confidence is not None:
        at.radio(key=f"{form_id}_confidence").set_value(confidence)
    return at.button(key=f"FormSubmitter:{form_id}-Check my answer").click().run()


def _wrong_choice(item: dict) -> str:
    return next(c["id"] for c in item["choices"] if c["id"] != item["answer"])


def _letter_of(item: dict, choice_id: str) -> str:
    return letter([c["id"] for c in item["choices"]].index(choice_id))


def test_a_right_answer_says_correct_and_explains_every_choice():
    at = _answer(open_direct(PAGE, item=ITEM["id"]), ITEM["answer"], "sure")
    assert not at.exception, [e.message for e in at.exception]
    assert any("Correct" in s for s in texts(at.success)), texts(at.success)
    shown = _shown(at)
    for choice in ITEM["choices"]:
        assert choice["explanation"] in shown, choice["id"]
    [sources] = [e for e in at.expander if e.label.startswith("Sources")]
    listed = _read(" ".join(texts(sources.markdown)))
    assert "003·1: " in listed and "000·1: " in listed, "sources as readable reference labels"
    assert not at.error


def test_a_wrong_answer_names_the_right_one():
    wrong = _wrong_choice(ITEM)
    at = _answer(open_direct(PAGE, item=ITEM["id"]), wrong, "unsure")
    assert not at.success
    verdict = _read(" ".join(texts(at.error)))
    best = next(c for c in ITEM["choices"] if c["id"] == ITEM["answer"])
    assert "Not quite" in verdict
    assert f"The best answer is {_letter_of(ITEM, ITEM['answer'])}. {best['text']}" in verdict.replace("**", "")


def test_confidence_is_required_before_the_answer_is_shown(learner_database):
    engine = make_engine(learner_database)
    learner, key = create_learner(engine, "Ana")
    at = _answer(open_direct(PAGE, item=ITEM["id"], key=key), ITEM["answer"], None)
    assert any("how sure you are" in w for w in texts(at.warning)), texts(at.warning)
    assert not at.success and not at.error, "nothing revealed"
    assert ITEM["choices"][0]["explanation"] not in _shown(at)
    assert history(engine, learner.id) == []
    at = _answer(at, None, "guess")  # the choice made before is kept in the form
    assert any("Correct" in s for s in texts(at.success))


def test_percentages_count_other_learners_answers_and_this_one(learner_database):
    engine = make_engine(learner_database)
    wrong = _wrong_choice(ITEM)
    for number, choice in enumerate([wrong, wrong, ITEM["answer"]]):
        other, _ = create_learner(engine, f"Other {number}")
        record_answer(
            engine,
            other.id,
            attempt_id=str(uuid.uuid4()),
            item_id=ITEM["id"],
            item_kind="question",
            topic=ITEM["topic"],
            stage=ITEM["stage"],
            choice_id=choice,
            correct=choice == ITEM["answer"],
            confidence="sure",
            mode="tutor",
            seconds=10.0,
        )
    third = next(c["id"] for c in ITEM["choices"] if c["id"] not in (wrong, ITEM["answer"]))
    at = _answer(open_direct(PAGE, item=ITEM["id"]), third, "guess")  # no learner: counted, not saved
    bars = {p.text.split(" chose ")[1][0]: p.text for p in at.progress if " chose " in p.text}
    assert bars[_letter_of(ITEM, wrong)].startswith("50% of answers"), bars
    assert bars[_letter_of(ITEM, ITEM["answer"])].startswith("25% of answers"), bars
    assert bars[_letter_of(ITEM, third)].startswith("25% of answers"), bars
    assert "(1 of 4)" in bars[_letter_of(ITEM, third)]
    assert "not saved" in _shown(at)


def test_a_seed_link_opens_that_exact_case_and_can_be_answered():
    case = generate_case(4242)
    at = open_direct(PAGE, seed="4242")
    assert plain(case["stem"], limit=None) in texts(at.markdown)
    assert at.query_params.get("seed") in ("4242", ["4242"])
    at = _answer(at, case["answer"], "sure")
    assert any("Correct" in s for s in texts(at.success))
    assert case["choices"][0]["explanation"] in _shown(at)
    at.button(key="practice_turn_next_top").click().run()
    assert plain(case["stem"], limit=None) not in texts(at.markdown), "New case shows another case"
    assert "Generated case" in _shown(at)


def test_a_bad_seed_gives_a_notice_and_a_case():
    at = open_direct(PAGE, seed="abc")
    assert not at.exception
    notices = _read(" ".join(texts(at.warning)))
    assert "“seed” is “abc”, which is not a case number" in notices, notices
    assert "Generated case" in _shown(at)
    seed = at.query_params.get("seed")
    seed = seed[-1] if isinstance(seed, list) else seed
    assert seed.isdigit(), "the address now names the case shown"
    assert plain(generate_case(int(seed))["stem"], limit=None) in texts(at.markdown)


def test_an_unknown_item_gives_a_notice_and_another_question():
    at = open_direct(PAGE, item="q_no_such_question")
    assert "is not a question in the bank" in _read(" ".join(texts(at.warning)))
    assert "Question bank · topic" in _shown(at)


def test_a_bad_nickname_gives_the_reason_and_the_question_stays():
    at = open_direct(PAGE, item=ITEM["id"])
    at.text_input(key="learner_nickname").input("x").run()
    at.button(key="FormSubmitter:learner_new-Start saving my progress").click().run()
    assert any("2 to 24 characters" in _read(e) for e in texts(at.error)), texts(at.error)
    assert plain(ITEM["stem"], limit=None) in texts(at.markdown)


def test_an_answer_made_by_a_learner_is_saved_and_scheduled(learner_database):
    engine = make_engine(learner_database)
    learner, key = create_learner(engine, "Ana")
    wrong = _wrong_choice(ITEM)
    at = _answer(open_direct(PAGE, item=ITEM["id"], key=key), wrong, "sure")
    assert any("Signed in as **Ana**" in c for c in texts(at.caption))
    [attempt] = history(engine, learner.id)
    assert (attempt.item_id, attempt.choice_id, attempt.correct, attempt.confidence, attempt.mode) == (
        ITEM["id"],
        wrong,
        False,
        "sure",
        "tutor",
    )
    soon = datetime.now(UTC) + timedelta(days=1)
    assert [k for k, _ in due_reviews(engine, learner.id, soon)] == [ITEM["id"]], "a wrong answer comes back soon"
    at.run()  # a rerun records nothing new
    assert len(history(engine, learner.id)) == 1


def _review_mode(at: AppTest) -> AppTest:
    return at.segmented_control(key="practice_mode").set_value("Review due").run()


def test_due_reviews_are_served_in_review_mode(learner_database):
    engine = make_engine(learner_database)
    learner, key = create_learner(engine, "Ana")
    month_ago = datetime.now(UTC) - timedelta(days=30)
    record_answer(
        engine,
        learner.id,
        attempt_id=str(uuid.uuid4()),
        item_id=ITEM["id"],
        item_kind="question",
        topic=ITEM["topic"],
        stage=ITEM["stage"],
        choice_id=_wrong_choice(ITEM),
        correct=False,
        confidence="guess",
        mode="tutor",
        seconds=5.0,
        answered_at=month_ago,
        schedule_review=True,
    )
    at = _review_mode(open_direct(PAGE, key=key))
    assert not at.exception, [e.message for e in at.exception]
    assert plain(ITEM["stem"], limit=None) in texts(at.markdown), "the due question is asked again"
    assert "1 review due now" in _shown(at)
    at = _answer(at, ITEM["answer"], "sure")
    assert any("Correct" in s for s in texts(at.success))
    assert [a.mode for a in history(engine, learner.id)] == ["tutor", "review"]
    assert due_reviews(engine, learner.id, datetime.now(UTC)) == [], "rescheduled into the future"
    at.button(key="review_turn_next_end").click().run()
    assert "Nothing is due for review now. The next review is due at" in _shown(at)


def test_a_due_case_concept_comes_back_as_a_fresh_case_at_that_step(learner_database):
    engine = make_engine(learner_database)
    learner, key = create_learner(engine, "Ana")
    case = generate_case(77)
    record_answer(
        engine,
        learner.id,
        attempt_id=str(uuid.uuid4()),
        item_id=case["id"],
        item_kind="case",
        topic=case["topic"],
        stage=case["stage"],
        choice_id=case["answer"],
        correct=True,
        confidence="guess",
        mode="tutor",
        seconds=5.0,
        answered_at=datetime.now(UTC) - timedelta(days=60),
        schedule_review=True,
    )
    at = _review_mode(open_direct(PAGE, key=key))
    assert "Generated case" in _shown(at)
    at = _answer(at, case["stage"], "sure")
    assert any("Correct" in s for s in texts(at.success)), "the fresh case's answer is the due step"
    attempts = history(engine, learner.id)
    assert attempts[-1].stage == case["stage"] and attempts[-1].item_kind == "case"


def test_review_mode_without_a_learner_says_how_to_keep_progress():
    at = _review_mode(open_direct(PAGE))
    assert any("Pick a nickname" in i for i in texts(at.info))


def test_review_mode_with_nothing_scheduled(learner_database):
    _, key = create_learner(make_engine(learner_database), "Ana")
    at = _review_mode(open_direct(PAGE, key=key))
    assert "Nothing is due for review now. Nothing is scheduled yet" in _shown(at)


def test_topic_filter_serves_questions_of_that_topic():
    at = open_direct(PAGE)
    at.selectbox(key="practice_topic").set_value("systemic").run()
    stems = set()
    for _ in range(3):
        assert f"Question bank · topic: {topic_label('systemic')}" in _shown(at)
        stems.add(texts(at.markdown)[1])
        at = _answer(at, "a", "guess")
        at.button(key="practice_turn_next_top").click().run()
    assert len(stems) == 3, "a question not yet seen comes next"


@pytest.mark.parametrize("name", ["seed", "item", "key", "topic"])
def test_link_text_in_the_pages_own_parameters_is_shown_as_data(name):
    payload = "[Log in](https://example.com) <b>x</b> :red[y]"
    at = open_direct(PAGE, **{name: payload})
    assert not at.exception
    for message in texts(at.warning):
        assert "](" not in message and "<b>" not in message and ":red[" not in message, message
    assert payload not in " ".join(texts(at.markdown) + texts(at.caption))


# --- keys stay private ----------------------------------------------------------------------------------


def _share_box(at: AppTest) -> str:
    [box] = [e for e in at.expander if e.label.startswith("Share this")]
    [code] = box.code
    return code.value


@pytest.mark.parametrize("link", [{"item": ITEM["id"]}, {"seed": "4242"}], ids=["question", "case"])
def test_the_share_link_opens_the_item_and_never_holds_the_key(learner_database, link):
    _learner, key = create_learner(make_engine(learner_database), "Ana")
    at = open_direct(PAGE, key=key, **link)
    [(name, value)] = link.items()
    assert _share_box(at) == f"/Practice?{name}={value}"
    assert_key_only_in_the_private_link(at, key)
    assert not any("this page's address opens" in c for c in texts(at.caption)), "the address is not the share link"
    answer = ITEM["answer"] if name == "item" else generate_case(4242)["answer"]
    at = _answer(at, answer, "sure")
    assert_key_only_in_the_private_link(at, key)
    copies = [t for t in shared_links(at) if "navigator.clipboard" in t]
    assert copies and all(f"{name}={value}" in t for t in copies), "the copy button copies the share link"
    assert at.query_params.get("key") in (key, [key]), "the address bar keeps the key while working"
    # the share link opens the same item for someone else, signed in as nobody
    other = open_direct(PAGE, **link)
    assert _share_box(other) == _share_box(at) and "learner_key" not in other.session_state
    assert other.session_state[PRACTICE_TURN]["item"]["id"] == at.session_state[PRACTICE_TURN]["item"]["id"]
    assert any("Answers are not saved" in c for c in texts(other.caption))


# --- Practise <topic> keeps its filter ------------------------------------------------------------------

PRACTICE_TURN = "practice_turn"


def _weak_in_red_flags(engine) -> str:
    learner, key = create_learner(engine, "Weak")
    for n, correct in enumerate([False, False, True]):
        record_answer(
            engine,
            learner.id,
            attempt_id=str(uuid.uuid4()),
            item_id=ITEM["id"],
            item_kind="question",
            topic=ITEM["topic"],
            stage=ITEM["stage"],
            choice_id=ITEM["answer"] if correct else _wrong_choice(ITEM),
            correct=correct,
            confidence="sure",
            mode="tutor",
            seconds=5.0,
            answered_at=datetime.now(UTC) - timedelta(hours=3 - n),
            schedule_review=True,
        )
    return key


def test_practise_a_weak_topic_from_my_progress_keeps_the_filter_for_the_following_questions(learner_database):
    key = _weak_in_red_flags(make_engine(learner_database))
    at = open_direct("pages/10_Progress.py", key=key)
    [practise] = [p.proto for p in at.main.get("page_link") if p.proto.label.startswith("Practise")]
    assert practise.label == "Practise red flags and infection"
    # follow the link in the same session, as a click on it does
    at.query_params.clear()
    at.query_params.update(dict(pair.split("=", 1) for pair in practise.query_string.split("&")))
    at = go(at, PAGE)
    assert not at.exception, [e.message for e in at.exception]
    assert any("Signed in as **Weak**" in c for c in texts(at.caption)), "the session keeps the learner"
    seen = []
    for _ in range(4):
        turn = at.session_state[PRACTICE_TURN]
        assert turn["item"]["topic"] == "red_flags", seen
        assert at.selectbox(key="practice_topic").value == "red_flags"
        assert at.query_params.get("topic") in ("red_flags", ["red_flags"])
        seen.append(turn["item"]["id"])
        at = _answer(at, turn["item"]["answer"], "sure")
        at.button(key="practice_turn_next_top").click().run()
    assert seen[0] == ITEM["id"] and len(set(seen)) == 4, "new questions, all of the topic"
    at.selectbox(key="practice_topic").set_value("any").run()  # until the learner changes it
    assert "topic" not in at.query_params
    assert at.selectbox(key="practice_topic").value == "any"


def test_a_topic_link_alone_sets_the_filter_and_a_bad_one_says_so():
    at = open_direct(PAGE, topic="systemic")
    assert at.session_state[PRACTICE_TURN]["item"]["topic"] == "systemic"
    assert at.selectbox(key="practice_topic").value == "systemic"
    at = open_direct(PAGE, topic="no_such_topic")
    assert any("which is not a topic of the question bank" in w for w in texts(at.warning)), texts(at.warning)
    assert at.selectbox(key="practice_topic").value == "any"
