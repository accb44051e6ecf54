"""Explorer reruns per second through nginx: ``make serve`` with 2 app processes against 1.

    .venv/bin/python bench/proxy_throughput.py                     # 40 tabs, 5 moves each, N = 1 then 2
    .venv/bin/python bench/proxy_throughput.py --sessions 60 --moves 5 --processes 1 2 --rounds 2

For each process count, deploy/serve.py starts that many app processes behind nginx (free ports, a
temporary run folder and SQLite file), then ``--sessions`` websocket tabs (bench/ws_client.py, the
Streamlit protocol a browser speaks) open the scenario explorer through the proxy and each moves
the severity slider ``--moves`` times, waiting for each rerun to finish (closed loop: the most the
servers can do). The tabs carry no route cookie, so nginx spreads their websockets over the
processes as it spreads first visits. Reruns per second are compared with the 1-process run of the
same round; the goal for 2 processes on 2 cores is at least 1.6x. The machine may be shared: the
load average is printed with each result, and so is the CPU the app processes used (user + system
seconds per second of the run: one process cannot use much more than one core) and by this client
(one Python process decoding every ForwardMsg: at about 1.0 the client, not the app, is the limit).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.crowd import run_load, summarise  # noqa: E402

LABEL = "Severity (SCORAD 0-103)"


def free_run_of_ports(count: int) -> int:
    for _ in range(200):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            first = sock.getsockname()[1]
        try:
            for port in range(first, first + count):
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
    raise RuntimeError("no free ports")


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"deploy/serve.py exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} was not healthy after {timeout:g} s")


def app_cpu_seconds(serve_pid: int) -> float:
    """User + system CPU seconds of serve.py's app processes so far (Linux /proc)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == serve_pid and b"streamlit" in (entry / "cmdline").read_bytes():
                total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, ValueError, IndexError):
            continue
    return total


def measure(processes: int, args: argparse.Namespace, folder: Path) -> dict:
    port, backend = free_run_of_ports(1), free_run_of_ports(processes)
    run_dir = folder / f"run-{processes}-{port}"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}"}
    command = [
        sys.executable,
        str(ROOT / "deploy" / "serve.py"),
        "--processes",
        str(processes),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--backend-port",
        str(backend),
        "--run-dir",
        str(run_dir),
    ]
    with open(folder / f"serve-{processes}.log", "wb") as log:
        server = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, server)
        stream = f"ws://127.0.0.1:{port}/_stcore/stream"
        # A short warm-up: each process imports the page's modules and fills its caches once.
        asyncio.run(run_load(stream, 2 * processes, page_name="Scenario_explorer", label=LABEL, moves=1))
        load_before, cpu_before, began = os.getloadavg()[0], app_cpu_seconds(server.pid), time.perf_counter()
        client_before = time.process_time()
        result = asyncio.run(
            run_load(stream, args.sessions, page_name="Scenario_explorer", label=LABEL, moves=args.moves)
        )
        wall = time.perf_counter() - began
        cores = (app_cpu_seconds(server.pid) - cpu_before) / wall
        client_cores = (time.process_time() - client_before) / wall
        summary = summarise(result)
        summary.update(
            processes=processes,
            load_before=load_before,
            load_after=os.getloadavg()[0],
            cores=cores,
            client_cores=client_cores,
        )
        return summary
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--moves", type=int, default=5)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rounds", type=int, default=1, help="repeat the whole comparison")
    args = parser.parse_args(argv)
    print(
        f"{args.sessions} websocket tabs through nginx, {args.moves} slider moves each, closed loop; "
        f"{os.cpu_count()} cores"
    )
    print(
        "| round | processes | reruns/s | x 1 process | rerun p50 | rerun p95 | errors | cores used by the apps "
        "| by this client | load avg before/after |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for round_number in range(1, args.rounds + 1):
            baseline = None
            for processes in args.processes:
                row = measure(processes, args, Path(folder))
                baseline = baseline or row["reruns_per_s"]
                ratio = row["reruns_per_s"] / baseline if baseline and row["reruns_per_s"] else float("nan")
                print(
                    f"| {round_number} | {processes} | {row['reruns_per_s']} | {ratio:.2f} | {row['p50_ms']} ms "
                    f"| {row['p95_ms']} ms | {row['errors']} | {row['cores']:.2f} | {row['client_cores']:.2f} "
                    f"| {row['load_before']:.1f} / {row['load_after']:.1f} |",
                    flush=True,
                )
                if row["errors"]:
                    print(f"  first error: {row['first_error']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
