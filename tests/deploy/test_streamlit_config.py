"""The configuration every server reads (.streamlit/config.toml: `make run`, `make serve`, the benchmarks)
keeps the settings the lecture-hall numbers depend on (bench/README.md)."""

from __future__ import annotations

import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def served() -> dict:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


def test_no_source_watching_so_a_new_session_is_cheap():
    # with the watcher on, each new session walked every loaded module on its first runs:
    # 109 ms of server CPU per phone opening the join page, 13 ms without (bench/README.md)
    assert served()["server"]["fileWatcherType"] == "none"
    assert served()["server"]["runOnSave"] is False


def test_no_full_garbage_collection_after_every_run():
    # Streamlit's default gc.collect() after each run was most of a rerun's CPU under load
    assert served()["runner"]["postScriptGC"] is False


def test_the_menu_is_the_page_lists_and_not_hidden():
    # app.py's st.navigation draws the menu from ui/site.py; showSidebarNavigation=false would hide it
    assert served()["client"].get("showSidebarNavigation", True) is True
