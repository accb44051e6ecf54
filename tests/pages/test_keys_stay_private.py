"""Keys stay private: signed in on Practice, then through every page of the app in the same session, no link,
link button, code block or copy text the app offers holds the learner's key, except the box labelled "Your
private link" on the self-test pages (the pages that know the learner)."""

from __future__ import annotations

from app_helpers import PAGES, go, open_direct
from share_links import assert_key_only_in_the_private_link, shared_links

from pathway.store.db import make_engine
from pathway.store.progress import create_learner

SELF_TEST = {"pages/8_Practice.py", "pages/9_Exam.py", "pages/10_Progress.py"}


def test_no_page_offers_the_key_in_a_link_to_share(learner_database):
    _learner, key = create_learner(make_engine(learner_database), "Ana")
    at = open_direct("pages/8_Practice.py", key=key, item="q_herpeticum_punched_out")
    assert at.session_state["learner_key"] == key
    offered = 0
    for page in PAGES:
        at = go(at, page)
        assert not at.exception, (page, [e.message for e in at.exception])
        assert_key_only_in_the_private_link(at, key, signed_in=page in SELF_TEST)
        offered += len(shared_links(at))
    assert offered >= 5, "the pages do offer links (the test looked at something)"
