"""Serve Eczema Ladder from several Streamlit processes behind nginx, on one machine, without root.

    .venv/bin/python deploy/serve.py                 # one process per core, nginx on port 8501
    .venv/bin/python deploy/serve.py --processes 3 --port 8080
    make serve N=3 PORT=8080                         # the same through make

What it does, in order:
1. Brings the shared database up to date once (``DATABASE_URL``, else the SQLite file in ``data/``;
   SQLite in WAL mode is safe for several processes on ONE machine).
2. Starts N ``streamlit run app.py`` processes on consecutive ports of 127.0.0.1 (``--backend-port``,
   default the proxy's port + 1), all with the same database and cookie secret.
3. Waits until each answers ``/_stcore/health``, then renders ``deploy/nginx.conf.template`` into the
   run folder (default ``run/``, git-ignored: config, pid file, logs, temp files) and starts nginx
   there in the foreground, as the current user.
4. An app process that dies is started again on its port (nginx sends its browsers to the others
   meanwhile: they reconnect, and a phone keeps its voter token, which is in its address); more than
   ``RESTARTS_PER_MINUTE`` deaths in a minute, or nginx dying, stops everything with an error, so a
   supervisor (systemd, a container) can restart the whole set. Ctrl-C (or SIGTERM) stops everything.

Several machines with PostgreSQL (deploy/README.md): on each app machine
``serve.py --no-proxy --app-address 10.0.0.11`` (app processes only), on the proxy machine
``serve.py --processes 0 --upstream 10.0.0.11:8502 --upstream 10.0.0.11:8503 ...`` (or some local
processes too), every machine with the same ``DATABASE_URL``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
NGINX = "/usr/sbin/nginx"
HEALTH_TIMEOUT_S = 90.0
TEMP_FOLDERS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
BACKEND_HEADER = "X-Ladder-Backend"
# ``streamlit run`` with TCP_NODELAY from the first accepted connection (deploy/launch.py): otherwise
# every reply after a rerun's first message waits ~40 ms for a delayed ACK.
LAUNCHER = Path(__file__).resolve().parent / "launch.py"
# The lecture rooms' beacons, which nginx serves itself (ui/beacon_file.BEACON_DIR; a test keeps them equal)
BEACON_DIR = REPO_ROOT / "static" / "rooms"


@dataclass(frozen=True)
class Layout:
    """Where the proxy listens and where its app processes are."""

    listen_host: str
    listen_port: int
    backend_ports: tuple[int, ...]  # app processes started here
    run_dir: Path
    show_backend: bool = False
    app_address: str = "127.0.0.1"  # where this machine's app processes listen
    remote_backends: tuple[str, ...] = ()  # "host:port" of app processes on other machines
    proxy: bool = True  # False: app processes only (an app machine behind another machine's nginx)

    def upstreams(self) -> list[str]:
        """Every app process nginx sends browsers to, as ``host:port``."""
        local = "127.0.0.1" if self.app_address in ("0.0.0.0", "::", "[::]") else self.app_address
        return [f"{local}:{port}" for port in self.backend_ports] + list(self.remote_backends)


def default_processes() -> int:
    """One app process per core (Streamlit runs each session's script on one core at a time)."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def raise_open_file_limit() -> int:
    """Every websocket is an open file in nginx and in an app process: raise this process's soft
    limit to the hard one (children inherit it) and return it."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 65536 if hard == resource.RLIM_INFINITY else min(hard, 65536)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
    return wanted if soft == resource.RLIM_INFINITY else soft


def user_line() -> str:
    """nginx drops its workers to ``nobody`` when started as root; keep them as the caller instead
    (the run folder belongs to the caller). As an ordinary user nginx would only warn about it."""
    if os.geteuid() != 0:
        return "# started as an ordinary user: the workers run as that user"
    import grp
    import pwd

    return f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};"


def render_config(layout: Layout, template: str | None = None) -> str:
    """The nginx configuration for ``layout``: one ``server`` line per app process."""
    text = template if template is not None else TEMPLATE.read_text(encoding="utf-8")
    servers = "\n".join(f"        server {where} max_fails=1 fail_timeout=10s;" for where in layout.upstreams())
    header = (
        f"            add_header {BACKEND_HEADER} $upstream_addr always;"
        if layout.show_backend
        else "            # (deploy/serve.py --show-backend names the process in a response header)"
    )
    values = {
        "USER_LINE": user_line(),
        "RUN_DIR": str(layout.run_dir.resolve()),
        "LISTEN": f"{layout.listen_host}:{layout.listen_port}",
        # Two files per proxied browser (its connection and the backend's), within the open-file limit.
        "WORKER_CONNECTIONS": str(max(512, min(4096, raise_open_file_limit() // 2))),
        "SERVERS": servers,
        "BACKEND_HEADER": header,
        "BEACON_DIR": str(BEACON_DIR.resolve()),
    }
    for name, value in values.items():
        text = text.replace(f"@@{name}@@", value)
    if "@@" in text:
        raise ValueError("the nginx template has a placeholder serve.py does not fill in")
    return text


def prepare_run_dir(layout: Layout) -> Path:
    """Create the run folder (logs, temp files) and write the config; return the config's path."""
    for folder in ("logs", *(f"tmp/{name}" for name in TEMP_FOLDERS)):
        (layout.run_dir / folder).mkdir(parents=True, exist_ok=True)
    BEACON_DIR.mkdir(parents=True, exist_ok=True)
    config = layout.run_dir / "nginx.conf"
    config.write_text(render_config(layout), encoding="utf-8")
    return config


def nginx_command(config: Path, run_dir: Path, *extra: str) -> list[str]:
    # -e: the log for messages before the config is read (the default, /var/log/nginx, needs root).
    return [
        NGINX,
        "-p",
        str(run_dir.resolve()),
        "-c",
        str(config.resolve()),
        "-e",
        str((run_dir / "logs" / "nginx-error.log").resolve()),
        "-g",
        "daemon off;",
        *extra,
    ]


def check_config(config: Path, run_dir: Path) -> None:
    """``nginx -t``: raise with nginx's own message when the rendered config is wrong."""
    result = subprocess.run(nginx_command(config, run_dir, "-t", "-q"), capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"nginx rejected {config}:\n{result.stderr.strip()}")


def settings_problem() -> str | None:
    """The first thing wrong with the database settings (``python -m pathway check-settings``), or None."""
    sys.path.insert(0, str(REPO_ROOT))
    from pathway.store.db import settings_problems

    return next(iter(settings_problems()), None)


def migrate_database() -> str:
    """Bring the shared database up to date once, before any app process starts; return its URL.

    A database that cannot be reached now is not a reason to refuse to start: the app processes migrate
    it on first use, and meanwhile the pages that store say so and the others work. One line says so.
    """
    sys.path.insert(0, str(REPO_ROOT))
    from pathway.store.db import database_url, forget_engine, make_engine
    from pathway.store.transactions import database_unavailable

    url = database_url()
    try:
        make_engine(url)
    except Exception as error:
        if not database_unavailable(error):
            raise
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        print(
            f"warning: the database cannot be reached yet ({reason}); starting anyway: pages that store "
            "say so until it is back",
            file=sys.stderr,
            flush=True,
        )
    forget_engine(url)
    return url


def app_environment(database: str) -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = database
    # One secret for every process, so a signed cookie set by one is valid in all of them.
    env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))
    return env


def start_app(port: int, env: dict[str, str], log_dir: Path, address: str = "127.0.0.1") -> subprocess.Popen:
    command = [
        sys.executable,
        str(LAUNCHER),
        "app.py",
        "--server.headless",
        "true",
        "--server.address",
        address,
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        # Behind the proxy the browser sees one origin (the proxy's), which nginx passes on as Host:
        # Streamlit's CORS and XSRF checks stay on and pass.
        "--server.enableCORS",
        "true",
        "--server.enableXsrfProtection",
        "true",
    ]
    log = open(log_dir / f"app-{port}.log", "ab")  # noqa: SIM115 - the child keeps it open
    try:
        return subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    finally:
        log.close()


def healthy(port: int, address: str = "127.0.0.1") -> bool:
    host = "127.0.0.1" if address in ("0.0.0.0", "::", "[::]") else address
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, OSError, ValueError):
        return False


def wait_until_healthy(
    processes: dict[int, subprocess.Popen], address: str = "127.0.0.1", timeout: float = HEALTH_TIMEOUT_S
) -> None:
    waiting = set(processes)
    deadline = time.monotonic() + timeout
    while waiting:
        for port in sorted(waiting):
            if processes[port].poll() is not None:
                raise RuntimeError(f"the app process on port {port} exited (see its log in the run folder)")
            if healthy(port, address):
                waiting.discard(port)
        if waiting and time.monotonic() > deadline:
            raise RuntimeError(f"app processes on ports {sorted(waiting)} were not healthy after {timeout:g} s")
        time.sleep(0.3)


def stop(process: subprocess.Popen, timeout: float = 10.0) -> None:
    if process.poll() is not None:
        return
    process.terminate()  # nginx: fast shutdown; Streamlit: clean exit
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


RESTARTS_PER_MINUTE = 5


def _exit_on_sigterm(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def serve(layout: Layout) -> int:
    """Run everything until Ctrl-C/SIGTERM (0), nginx dies or app processes keep dying (1)."""
    if layout.proxy and not Path(NGINX).exists():
        print(f"nginx is not installed at {NGINX}: apt-get install nginx", file=sys.stderr)
        return 2
    problem = settings_problem()
    if problem:  # before any file is written or process started: one line naming the setting
        print(problem, file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    config = prepare_run_dir(layout)
    if layout.proxy:
        check_config(config, layout.run_dir)
    database = migrate_database()
    from sqlalchemy.engine import make_url

    print(f"database: {make_url(database).render_as_string(hide_password=True)}", flush=True)
    if layout.remote_backends and database.startswith("sqlite"):
        print(
            "warning: other machines cannot share this SQLite file; give every machine the same "
            "PostgreSQL DATABASE_URL (deploy/README.md)",
            file=sys.stderr,
        )
    env = app_environment(database)
    apps: dict[int, subprocess.Popen] = {}
    nginx: subprocess.Popen | None = None
    try:
        for port in layout.backend_ports:
            apps[port] = start_app(port, env, layout.run_dir / "logs", layout.app_address)
        wait_until_healthy(apps, layout.app_address)
        if layout.proxy:
            nginx = subprocess.Popen(nginx_command(config, layout.run_dir), stdin=subprocess.DEVNULL)
        shown = "127.0.0.1" if layout.listen_host in ("0.0.0.0", "[::]") else layout.listen_host
        where = f"http://{shown}:{layout.listen_port} -> " if layout.proxy else "no proxy here; "
        print(
            f"Eczema Ladder: {where}{len(apps)} app processes on {layout.app_address} ports "
            f"{', '.join(map(str, layout.backend_ports)) or '-'}"
            f"{f' + {len(layout.remote_backends)} on other machines' if layout.remote_backends else ''}; "
            f"logs in {layout.run_dir / 'logs'}. Ctrl-C stops everything.",
            flush=True,
        )
        deaths: list[float] = []
        while True:
            if nginx and nginx.poll() is not None:
                print(f"nginx exited with code {nginx.returncode}; stopping the rest", file=sys.stderr)
                return 1
            for port, process in list(apps.items()):
                if process.poll() is None:
                    continue
                now = time.monotonic()
                deaths = [t for t in deaths if now - t < 60] + [now]
                if len(deaths) > RESTARTS_PER_MINUTE:
                    print(f"{len(deaths)} app processes died within a minute; stopping the rest", file=sys.stderr)
                    return 1
                print(
                    f"the app on port {port} exited with code {process.returncode}; starting it again",
                    file=sys.stderr,
                    flush=True,
                )
                apps[port] = start_app(port, env, layout.run_dir / "logs", layout.app_address)
            time.sleep(1.0)
    except KeyboardInterrupt:
        print("stopping", flush=True)
        return 0
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for process in ([nginx] if nginx else []) + list(apps.values()):
            stop(process)


def parse_args(argv: list[str] | None = None) -> Layout:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add(
        "--processes",
        "-n",
        type=int,
        default=int(os.environ.get("N") or default_processes()),
        help="app processes on this machine (default: N from the environment, else one per core)",
    )
    add("--port", type=int, default=int(os.environ.get("PORT") or 8501), help="where nginx listens (default 8501)")
    add("--host", default="0.0.0.0", help="nginx's address (default 0.0.0.0: reachable from the room's phones)")
    add("--backend-port", type=int, default=None, help="first app port; the others follow (default --port + 1)")
    add(
        "--app-address",
        default="127.0.0.1",
        help="where the app processes listen (default 127.0.0.1; an app machine: its private address)",
    )
    add(
        "--upstream",
        action="append",
        default=[],
        metavar="HOST:PORT",
        help="an app process on another machine (repeat for each)",
    )
    add("--no-proxy", action="store_true", help="start the app processes only (an app machine)")
    add("--run-dir", type=Path, default=REPO_ROOT / "run", help="config, pid file, logs, temp files (default run/)")
    add(
        "--show-backend",
        action="store_true",
        help=f"name the app process that answered in an {BACKEND_HEADER} response header",
    )
    args = parser.parse_args(argv)
    if args.processes < 0 or (args.processes == 0 and not args.upstream):
        parser.error("--processes must be at least 1 (or 0 with --upstream: a proxy-only machine)")
    if args.no_proxy and (args.upstream or args.processes == 0):
        parser.error("--no-proxy starts this machine's app processes only: --upstream needs the proxy")
    for upstream in args.upstream:
        host, _, port = upstream.rpartition(":")
        if not host or not port.isdigit():
            parser.error(f"--upstream {upstream!r}: give HOST:PORT")
    first = args.backend_port or args.port + 1
    ports = tuple(range(first, first + args.processes))
    if not args.no_proxy and args.port in ports:
        parser.error(f"the app ports {ports[0]}-{ports[-1]} include nginx's port {args.port}")
    return Layout(
        args.host,
        args.port,
        ports,
        args.run_dir,
        args.show_backend,
        args.app_address,
        tuple(args.upstream),
        not args.no_proxy,
    )


if __name__ == "__main__":
    sys.exit(serve(parse_args()))
