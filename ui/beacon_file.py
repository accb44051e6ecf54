"""A lecture room's beacon: a small text file holding the room's stamp (its change counter after the
presenter's last action), served as a static file (``/app/static/rooms/<code>.txt``: by nginx under
``make serve``, by Streamlit's static serving otherwise). Phones ask it every second, which costs the app
nothing; a phone reruns its room fragment only when the stamp has moved (see ``ui/room_beacon.py``).

Votes do not move the stamp (they raise the poll's version, not the presenter's), so a thousand phones
voting do not make each other rerun. Plain file work: importing this module does not import Streamlit.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from ui.site import ROOT

BEACON_DIR = ROOT / "static" / "rooms"  # Streamlit serves <app folder>/static/ at /app/static/
BEACON_URL_PATH = "app/static/rooms"  # relative to the app's root address

_LOG = logging.getLogger(__name__)


def beacon_path(code: str, directory: Path | None = None) -> Path:
    if not (code.isascii() and code.isalnum()):  # a room code is letters and digits (check_join_code)
        raise ValueError(f"not a room code: {code!r}")
    return (directory or BEACON_DIR) / f"{code}.txt"


def beacon_url(code: str) -> str:
    """The beacon's address relative to the app's root (the page's own address has no folders)."""
    beacon_path(code)
    return f"{BEACON_URL_PATH}/{code}.txt"


def read_stamp(code: str, directory: Path | None = None) -> int | None:
    try:
        return int(beacon_path(code, directory).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def publish_stamp(code: str, stamp: int, directory: Path | None = None) -> bool:
    """Write the room's stamp (atomically: a phone never reads half a file) unless the file already holds a
    later one. False, with a warning in the server's log, when the folder cannot be written: phones then
    still catch up by their slow safety-net refresh, so a lecture goes on."""
    path = beacon_path(code, directory)
    known = read_stamp(code, directory)
    if known is not None and known >= stamp:
        return True
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.parent / f".{code}.{os.getpid()}.tmp"
        temporary.write_text(str(stamp), encoding="ascii")
        os.replace(temporary, path)
    except OSError as problem:
        _LOG.warning("room %s: the beacon %s could not be written (%s)", code, path, problem)
        return False
    return True
