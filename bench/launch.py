"""``streamlit run`` with TCP_NODELAY on from the first connection (see ui/nodelay.py).

    .venv/bin/python bench/launch.py app.py --server.port 8501 [streamlit flags]

The app turns it on itself when it first runs; starting through this file covers the first
connection too and gives the floor page (which does not import ui) the same transport.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ui import nodelay  # noqa: E402

nodelay.enable()

from streamlit.web.cli import main  # noqa: E402

sys.argv = ["streamlit", "run", *sys.argv[1:]]
main()
