"""Storage (SQLAlchemy): database, progress, polls. Uses learn and clinical.

- ``db``: ``make_engine()`` (``DATABASE_URL`` or the SQLite file under ``data/``), migrated on first use;
- ``progress``: learners and resume keys, answers, history, peers' choices, CSV, summary, review cards;
- ``polls``: live class polls (join codes, one vote per phone, lock/reveal/next, change counter);
- underneath: ``transactions`` (engines, BEGIN IMMEDIATE, fair waiting), ``schema`` (tables),
  ``migrations`` (numbered steps), ``tokens``, ``reports``, ``review_store``, ``poll_checks``.
"""
