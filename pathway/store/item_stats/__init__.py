"""Item statistics, as question banks show them: per bank item, computed in the database.

- :mod:`.sums`: the SQL (each learner's FIRST answer to each question; per item the sums of a
  point-biserial correlation against the learner's rest score; answers per choice);
- :mod:`.stats`: :func:`item_statistics` (answers, learners, share correct, discrimination, flags:
  negative discrimination, a distractor nobody picked, too few learners to judge) and, for the learner
  after answering, :func:`item_difficulty` (share right first time, easy / medium / hard);
- :mod:`.report`: the same as table rows, CSV, JSON and a plain-text table; the learner's sentence.

Only counts and correlations leave the database: nothing here names a learner.
"""

from pathway.store.item_stats.report import (
    COLUMNS,
    difficulty_sentence,
    flagged,
    stats_csv,
    stats_json,
    stats_note,
    stats_rows,
    stats_table,
)
from pathway.store.item_stats.stats import (
    EASY_FROM,
    HARD_BELOW,
    MIN_LEARNERS,
    NEGATIVE,
    Difficulty,
    ItemStats,
    difficulty_word,
    item_difficulty,
    item_statistics,
    point_biserial,
    too_few_flag,
    unused_flag,
)
from pathway.store.item_stats.sums import ItemSums

__all__ = [
    "COLUMNS",
    "EASY_FROM",
    "HARD_BELOW",
    "MIN_LEARNERS",
    "NEGATIVE",
    "Difficulty",
    "ItemStats",
    "ItemSums",
    "difficulty_sentence",
    "difficulty_word",
    "flagged",
    "item_difficulty",
    "item_statistics",
    "point_biserial",
    "stats_csv",
    "stats_json",
    "stats_note",
    "stats_rows",
    "stats_table",
    "too_few_flag",
    "unused_flag",
]
