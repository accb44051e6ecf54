"""The app as AppTest must run it: ``app.py`` itself, from a folder with no ``pages/`` beside it.

AppTest starts every run from a fresh page registry, and when the main script has a ``pages/`` folder
beside it, Streamlit takes the app for an old folder-style multipage app: a switched-to page then runs
on its own, without ``app.py`` (the page list, config, notices and the address). A real server learns
otherwise from ``st.navigation`` on its first run. Running ``app.py`` from here tests what a browser gets.
"""

import runpy
from pathlib import Path

runpy.run_path(str(Path(__file__).resolve().parents[3] / "app.py"), run_name="__main__")
