"""The app's launcher: ``streamlit run`` with TCP_NODELAY on every connection (deploy/nodelay.py).

    .venv/bin/python deploy/launch.py app.py --server.port 8501 [streamlit flags]

``make run``, ``make serve`` (deploy/serve.py) and the benchmarks start the app through this file, so the
socket option is set in one place, before Streamlit accepts its first connection.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy import nodelay

nodelay.enable()

from streamlit.web.cli import main  # noqa: E402

sys.argv = ["streamlit", "run", *sys.argv[1:]]
main()
