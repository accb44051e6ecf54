"""Live class polls: a presenter shows one question at a time, students vote from their phones.

- :mod:`.state`: opening a poll (a join code to show, a presenter key shown once and stored as its
  SHA-256), finding it, its change counter, its counts and what a phone may see of it;
- :mod:`.voting`: one vote per phone per question (a changed answer replaces it), read back by the
  phone's voter token;
- :mod:`.presenter`: reveal, lock, unlock, next question and close, only with the presenter key;
- :mod:`.records`: the poll's types and the row reads and writes every action shares;
- :mod:`.checks`: the join code and the question a poll accepts.

Every vote and every presenter action raises the poll's ``version`` in the same transaction, so a page
can poll :func:`poll_version` (one primary-key read) and redraw only on change.
"""

from pathway.store.polls.checks import JOIN_CODE_ALPHABET, check_join_code, check_question, display_join_code
from pathway.store.polls.presenter import close_poll, is_presenter, lock, next_question, reveal, unlock
from pathway.store.polls.records import Poll, PollState, VoteResult
from pathway.store.polls.state import counts, open_poll, poll_by_code, poll_state, poll_version
from pathway.store.polls.voting import vote, voter_choice, voter_choices
from pathway.store.tokens import new_voter_token

__all__ = [
    "JOIN_CODE_ALPHABET",
    "Poll",
    "PollState",
    "VoteResult",
    "check_join_code",
    "check_question",
    "close_poll",
    "counts",
    "display_join_code",
    "is_presenter",
    "lock",
    "new_voter_token",
    "next_question",
    "open_poll",
    "poll_by_code",
    "poll_state",
    "poll_version",
    "reveal",
    "unlock",
    "vote",
    "voter_choice",
    "voter_choices",
]
