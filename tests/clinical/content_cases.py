"""Shared by the clinical content's tests (tests/clinical/test_content_*.py): the bundled content, where
it lives, and ``python -m pathway validate DIR`` run as a user would.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pathway.clinical.content import load_content

ROOT = Path(__file__).resolve().parents[2]
CONTENT_DIR = ROOT / "content"
CONTENT = load_content()


def run_validate(directory: Path | None = None) -> subprocess.CompletedProcess:
    args = [sys.executable, "-m", "pathway", "validate"] + ([str(directory)] if directory is not None else [])
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=60)
