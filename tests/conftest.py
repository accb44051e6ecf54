"""Shared test set-up: the repository root (for ``tools``) and ``tests/pages`` (for ``app_helpers``)
are importable from every test folder."""

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
for path in (TESTS.parent, TESTS / "pages"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))
