"""Storage (SQLAlchemy): the database, learners' progress and live class polls. Uses learn and clinical.

- ``db``: ``make_engine()`` (``DATABASE_URL`` or the SQLite file under ``data/``), migrated on first use;
- ``progress``: learners and resume keys, answers, history, peers' choices; ``reports`` (CSV, summary)
  and ``review_store`` (review cards) beside it;
- ``polls``: live class polls (join codes, one vote per phone, lock/reveal/next, change counter);
- ``exams``: a learner's exam in progress (items, answers, flags, position, the clock's start), so a
  reload or another device resumes it;
- underneath: ``transactions`` (engines, BEGIN IMMEDIATE, fair waiting), ``schema`` (tables),
  ``migrations`` (numbered steps), ``tokens``.
"""
