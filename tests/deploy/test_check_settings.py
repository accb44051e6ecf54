"""Bad settings fail fast (issue 21): a malformed DATABASE_URL, a database or driver the app cannot use, a
data folder that cannot be written. ``python -m pathway check-settings`` exits 2 with one line naming the
setting and what is wrong (never the URL's password), and ``make run`` / ``make serve`` stop on it before
any page is served. A database that is merely down is not a settings problem."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "s3cret-pw"


def check(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ECZEMA_LADDER_DATA")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "pathway", "check-settings"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert SECRET not in lines[0]
    return lines[0]


@pytest.mark.parametrize(
    ("url", "said"),
    [
        (f"postgresql//ladder:{SECRET}@db/ladder", "DATABASE_URL: not a database URL; expected sqlite:///"),
        (
            f"postgresql://ladder:{SECRET}@db:fivefour/ladder",
            "DATABASE_URL: not a database URL (its port is not a number)",
        ),
        (f"mysql://ladder:{SECRET}@db/ladder", "DATABASE_URL: unsupported database 'mysql'"),
        (
            f"postgresql+nodriver://ladder:{SECRET}@db/ladder",
            "unknown or missing database driver 'postgresql+nodriver'",
        ),
        ("sqlite://", "DATABASE_URL: SQLite needs a file path"),
    ],
)
def test_a_bad_database_url_is_one_line_naming_it(url, said):
    assert said in one_line(check(DATABASE_URL=url))


def test_a_data_folder_where_a_file_is_is_named(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    line = one_line(check(ECZEMA_LADDER_DATA=str(blocker)))
    assert line == f"ECZEMA_LADDER_DATA: {blocker} is not a folder (the SQLite database is kept there)"


def test_a_sqlite_url_in_a_folder_that_cannot_be_written_is_named(tmp_path):
    if os.geteuid() == 0:  # root writes anywhere permissions allow nothing: a read-only file system instead
        folder = Path("/sys")
        try:
            tempfile.TemporaryFile(dir=folder).close()
            pytest.skip("/sys is writable here (a privileged container): no read-only folder to try")
        except OSError:
            pass
    else:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o555)
    line = one_line(check(DATABASE_URL=f"sqlite:///{folder / 'ladder.sqlite3'}"))
    assert line.startswith(f"DATABASE_URL: cannot write in {folder}, where the SQLite database is kept (")


def test_good_settings_say_nothing_and_a_database_that_is_down_is_not_a_settings_problem(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    for env in (
        {"ECZEMA_LADDER_DATA": str(tmp_path / "new" / "data")},
        {"DATABASE_URL": f"postgres://ladder:{SECRET}@127.0.0.1:{port}/ladder"},  # nobody listens there
    ):
        result = check(**env)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert (tmp_path / "new" / "data").is_dir(), "the data folder is made at once, as the app would"


@pytest.mark.parametrize("target", ["run", "serve"])
def test_make_stops_on_a_bad_setting_before_serving_a_page(target):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, DATABASE_URL=f"mysql://ladder:{SECRET}@db/ladder")
    # -o: the virtualenv counts as up to date (a test installs nothing)
    result = subprocess.run(
        ["make", "-o", ".venv/.runtime", target, f"PORT={port}", "N=1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    ours = [line for line in result.stderr.splitlines() if not line.startswith("make")]
    assert ours == [
        "DATABASE_URL: unsupported database 'mysql'; expected sqlite:///PATH/TO/FILE.sqlite3 or "
        "postgresql://USER:PASSWORD@HOST:PORT/DATABASE"
    ]
    assert "validate" not in result.stdout and "launch.py" not in result.stdout, "nothing ran after the check"
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0, "no page was served"


def test_make_serve_starts_when_the_database_is_down_and_says_so_in_one_line(monkeypatch, capsys):
    from deploy import serve

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql+psycopg://ladder:{SECRET}@127.0.0.1:{port}/ladder"
    monkeypatch.setenv("DATABASE_URL", url)
    assert serve.settings_problem() is None
    assert serve.migrate_database() == url  # no exception: the app processes start, and migrate on first use
    said = capsys.readouterr().err.splitlines()
    assert len(said) == 1 and said[0].startswith("warning: the database cannot be reached yet (")
    assert SECRET not in said[0]
