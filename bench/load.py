"""Load benchmark over Streamlit's websocket protocol: many tabs moving the explorer's severity slider.

    .venv/bin/python bench/load.py                                  # N = 1, 50, 300; explorer and floor page
    .venv/bin/python bench/load.py --sizes 1 50 --set runner.postScriptGC=true   # another config
    .venv/bin/python bench/load.py --soak                           # 10,000 reruns + idle-session memory

Two servers run side by side with the same config flags: the app (its scenario explorer) and the floor,
``bench/minimal_page.py`` (one slider). For each N, N sessions open the page, then each moves the
slider ``--moves`` times, waiting for ``script_finished`` each time (closed loop: the server's most).
A paced run follows for the largest N: the sessions move on a timetable that offers ``--rate`` reruns
per second in all (each session every N / rate seconds, ``--paced-moves`` times, the sessions spread
evenly); it shows whether that rate is sustained and at what latency. The machine is shared, so read
the explorer against the floor measured in the same run. Results go to ``bench/results/load-<time>.json``
and ``.md`` and are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.crowd import cpu_seconds, rss_bytes, run_load, summarise  # noqa: E402
from bench.ws_client import Session, stream_url  # noqa: E402

RESULTS = BENCH / "results"
PAGES = {
    "explorer": {"script": "app.py", "page_name": "Scenario_explorer", "label": "Severity (SCORAD 0-103)"},
    "floor": {"script": "bench/minimal_page.py", "page_name": "", "label": "value"},
}
DEFAULT_SETTINGS = ("runner.postScriptGC=false",)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``streamlit run <script>`` in a child process, headless, on a free port."""

    def __init__(self, script: str, settings: list[str], port: int | None = None, plain: bool = False) -> None:
        self.port = port or free_port()
        flags = [f"--{s.split('=', 1)[0]}={s.split('=', 1)[1]}" for s in settings]
        # deploy/launch.py: TCP_NODELAY from the first connection, for the app and the floor alike
        start = ["-m", "streamlit", "run"] if plain else [str(ROOT / "deploy" / "launch.py")]
        cmd = [
            sys.executable,
            *start,
            script,
            "--server.headless",
            "true",
            "--server.port",
            str(self.port),
            "--browser.gatherUsageStats",
            "false",
            *flags,
        ]
        # kept open for the server's whole life, closed by stop()
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115
            "w", prefix=f"streamlit-{self.port}-", suffix=".log", delete=False
        )
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait_healthy()

    def _wait_healthy(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited ({self.proc.returncode}); see {self.log.name}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"server on port {self.port} not healthy after {timeout:g} s")

    @property
    def url(self) -> str:
        return stream_url(self.port)

    @property
    def rss(self) -> int:
        """The running server's resident memory in bytes (from /proc)."""
        value = rss_bytes(self.proc.pid)
        if value is None:
            raise RuntimeError(f"cannot read the memory of server process {self.proc.pid} from /proc")
        return value

    @property
    def cpu_seconds(self) -> float:
        """CPU time (user + system) the running server has used so far (from /proc)."""
        value = cpu_seconds(self.proc.pid)
        if value is None:
            raise RuntimeError(f"cannot read the CPU time of server process {self.proc.pid} from /proc")
        return value

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


async def warm_up(server: Server, page: dict, runs: int = 5) -> None:
    """One session opens the page and moves the slider a few times (imports, caches, first charts)."""
    tab = Session(server.url, page_name=page["page_name"])
    await tab.open()
    for i in range(runs):
        await tab.move(page["label"], 10.0 + 15 * i)
    await tab.close()


async def measure(server: Server, page: dict, sessions: int, moves: int, think: float) -> dict:
    result = await run_load(
        server.url,
        sessions,
        page_name=page["page_name"],
        label=page["label"],
        moves=moves,
        think=think,
        server_pid=server.proc.pid,
    )
    row = summarise(result)
    row["moves_per_session"] = moves
    row["think_s"] = think
    return row


def load_rows(
    servers: dict[str, Server],
    sizes: list[int],
    moves: int,
    single_moves: int,
    rate: float,
    pace: bool,
    paced_moves: int = 6,
) -> list[dict]:
    rows = []
    for n in sizes:
        for name in ("floor", "explorer"):  # floor first, then the explorer, at each size
            row = asyncio.run(measure(servers[name], PAGES[name], n, single_moves if n == 1 else moves, 0.0))
            rows.append({"page": name, "mode": "closed", **row})
            print(_line(rows[-1]), flush=True)
    if pace and sizes:
        n = max(sizes)
        for name in ("floor", "explorer"):
            row = asyncio.run(measure(servers[name], PAGES[name], n, paced_moves, n / rate))
            rows.append({"page": name, "mode": f"paced {rate:g}/s", **row})
            print(_line(rows[-1]), flush=True)
    return rows


def _line(row: dict) -> str:
    steady = f" (steady {row['steady_reruns_per_s']})" if row.get("steady_reruns_per_s") else ""
    return (
        f"{row['page']:9s} {row['mode']:12s} N={row['sessions']:<4d} reruns/s={row['reruns_per_s']}{steady} "
        f"p50={row['p50_ms']} ms p95={row['p95_ms']} ms cpu/rerun={row['server_cpu_ms_per_rerun']} ms "
        f"open p50={row['open_p50_ms']} ms "
        f"RSS={row['rss_mib_after']} MiB errors={row['errors']}"
    )


def ratios(rows: list[dict]) -> list[dict]:
    """Explorer / floor for each size and mode: latency and throughput."""
    out = []
    floor = {(r["mode"], r["sessions"]): r for r in rows if r["page"] == "floor"}
    for row in rows:
        base = floor.get((row["mode"], row["sessions"]))
        if row["page"] != "explorer" or not base:
            continue
        out.append(
            {
                "mode": row["mode"],
                "sessions": row["sessions"],
                "p50_ratio": _div(row["p50_ms"], base["p50_ms"]),
                "p95_ratio": _div(row["p95_ms"], base["p95_ms"]),
                "throughput_ratio": _div(row["reruns_per_s"], base["reruns_per_s"]),
                "cpu_ratio": _div(row["server_cpu_ms_per_rerun"], base["server_cpu_ms_per_rerun"]),
            }
        )
    return out


def _div(a, b):
    return round(a / b, 2) if a is not None and b else None


# -- soak: memory over many reruns, and per idle session ---------------------------------------------
async def soak(server: Server, page: dict, reruns: int, every: int, sessions: int, idle: int) -> dict:
    await warm_up(server, page, runs=20)
    samples = [{"reruns": 0, "rss_mib": round(server.rss / 2**20, 1)}]
    done = 0
    tabs = [Session(server.url, page_name=page["page_name"]) for _ in range(sessions)]
    for tab in tabs:
        await tab.open()
    values = [5.0 + 7 * i for i in range(14)]
    start = time.perf_counter()

    async def loop(tab: Session, k: int) -> None:
        nonlocal done
        i = k
        while done < reruns:
            await tab.move(page["label"], values[i % len(values)] + (i % 10) / 10)
            i += 1
            done += 1
            if done % every == 0:
                samples.append(
                    {
                        "reruns": done,
                        "rss_mib": round(server.rss / 2**20, 1),
                        "seconds": round(time.perf_counter() - start, 1),
                    }
                )
                print(f"soak {done} reruns: RSS {samples[-1]['rss_mib']} MiB", flush=True)

    await asyncio.gather(*(loop(t, k) for k, t in enumerate(tabs)))
    await asyncio.gather(*(t.close() for t in tabs))
    await asyncio.sleep(2)
    after_close = server.rss
    # idle sessions: each opens the page once and stays connected
    idle_tabs = [Session(server.url, page_name=page["page_name"]) for _ in range(idle)]
    before = server.rss
    for tab in idle_tabs:
        await tab.open()
    await asyncio.sleep(2)
    with_idle = server.rss
    await asyncio.gather(*(t.close() for t in idle_tabs))
    warm = [s["rss_mib"] for s in samples if s["reruns"] >= 2 * every]
    return {
        "reruns": done,
        "sessions": sessions,
        "seconds": round(time.perf_counter() - start, 1),
        "samples": samples,
        "rss_growth_after_warmup_mib": round(warm[-1] - warm[0], 1) if len(warm) > 1 else None,
        "rss_after_close_mib": round(after_close / 2**20, 1),
        "idle_sessions": idle,
        "idle_rss_before_mib": round(before / 2**20, 1),
        "idle_rss_with_mib": round(with_idle / 2**20, 1),
        "idle_kib_per_session": round((with_idle - before) / 1024 / idle, 1) if idle else None,
    }


# -- report -----------------------------------------------------------------------------------------
def markdown(report: dict) -> str:
    lines = [
        f"Load run {report['date']} on {report['cpus']} CPUs (load average {report['load_average']:.1f} "
        f"at the start); servers started with {report['launcher']}; config flags: "
        f"{', '.join(report['settings']) or 'none (defaults)'}.",
        "",
    ]
    if report.get("rows"):
        lines += [
            "| page | mode | sessions | reruns/s | p50 ms | p95 ms | server CPU ms/rerun | open p50 ms | "
            "server RSS MiB | errors |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in report["rows"]:
            steady = f" (steady {r['steady_reruns_per_s']})" if r.get("steady_reruns_per_s") else ""
            lines.append(
                f"| {r['page']} | {r['mode']} | {r['sessions']} | {r['reruns_per_s']}{steady} | {r['p50_ms']} | "
                f"{r['p95_ms']} | {r['server_cpu_ms_per_rerun']} | {r['open_p50_ms']} | {r['rss_mib_after']} | "
                f"{r['errors']} |"
            )
        lines += [
            "",
            "| explorer / floor | sessions | p50 ratio | p95 ratio | throughput ratio | CPU/rerun ratio |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for r in report["ratios"]:
            lines.append(
                f"| {r['mode']} | {r['sessions']} | {r['p50_ratio']} | {r['p95_ratio']} | "
                f"{r['throughput_ratio']} | {r['cpu_ratio']} |"
            )
    if report.get("soak"):
        s = report["soak"]
        lines += [
            "",
            f"Soak: {s['reruns']} explorer reruns by {s['sessions']} sessions in {s['seconds']} s; "
            f"RSS growth after warm-up (from rerun 1,000 on): {s['rss_growth_after_warmup_mib']} MiB.",
            "RSS every few reruns (MiB): " + ", ".join(f"{x['reruns']}: {x['rss_mib']}" for x in s["samples"]),
            f"Idle sessions: {s['idle_sessions']} open explorer tabs add "
            f"{s['idle_kib_per_session']} KiB each (RSS {s['idle_rss_before_mib']} -> "
            f"{s['idle_rss_with_mib']} MiB).",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1, 50, 300], help="numbers of sessions")
    parser.add_argument("--moves", type=int, default=3, help="slider moves per session")
    parser.add_argument("--single-moves", type=int, default=40, help="slider moves of the single session (N=1)")
    parser.add_argument("--rate", type=float, default=60.0, help="reruns/s the paced run offers")
    parser.add_argument("--no-pace", action="store_true", help="skip the paced run")
    parser.add_argument("--paced-moves", type=int, default=6, help="moves per session in the paced run")
    parser.add_argument(
        "--set",
        action="append",
        dest="settings",
        metavar="SECTION.OPTION=VALUE",
        help=f"a streamlit config flag for both servers (default: {', '.join(DEFAULT_SETTINGS)}); "
        "--set none for Streamlit's defaults",
    )
    parser.add_argument("--soak", action="store_true", help="run the soak (memory) test instead")
    parser.add_argument("--soak-reruns", type=int, default=10_000)
    parser.add_argument("--soak-every", type=int, default=500)
    parser.add_argument("--soak-sessions", type=int, default=20)
    parser.add_argument("--idle", type=int, default=100, help="idle sessions for the per-session memory")
    parser.add_argument(
        "--plain",
        action="store_true",
        help="start servers with plain `streamlit run` (no TCP_NODELAY from the first connection)",
    )
    parser.add_argument("--tag", default="", help="a word added to the result file names")
    args = parser.parse_args(argv)
    settings = [s for s in (args.settings or DEFAULT_SETTINGS) if s != "none"]
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    report: dict = {
        "date": stamp,
        "cpus": os.cpu_count(),
        "settings": settings,
        "python": sys.version.split()[0],
        "launcher": "streamlit run" if args.plain else "deploy/launch.py (TCP_NODELAY)",
        "load_average": os.getloadavg()[0],
    }
    servers: dict[str, Server] = {}
    try:
        if args.soak:
            servers["explorer"] = Server(PAGES["explorer"]["script"], settings, plain=args.plain)
            report["soak"] = asyncio.run(
                soak(
                    servers["explorer"],
                    PAGES["explorer"],
                    args.soak_reruns,
                    args.soak_every,
                    args.soak_sessions,
                    args.idle,
                )
            )
        else:
            for name, page in PAGES.items():
                servers[name] = Server(page["script"], settings, plain=args.plain)
                asyncio.run(warm_up(servers[name], page))
            report["rows"] = load_rows(
                servers, args.sizes, args.moves, args.single_moves, args.rate, not args.no_pace, args.paced_moves
            )
            report["ratios"] = ratios(report["rows"])
    finally:
        for server in servers.values():
            server.stop()
    name = f"load-{stamp}{'-soak' if args.soak else ''}{'-' + args.tag if args.tag else ''}"
    (RESULTS / f"{name}.json").write_text(json.dumps(report, indent=2))
    text = markdown(report)
    (RESULTS / f"{name}.md").write_text(text)
    print(text)
    return report


if __name__ == "__main__":
    main()
