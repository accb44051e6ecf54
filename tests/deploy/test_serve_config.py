"""deploy/serve.py's nginx configuration and arguments (the running proxy: tests/e2e/test_proxy.py)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from tools.browser import REPO_ROOT, in_ci

spec = importlib.util.spec_from_file_location("deploy_serve", REPO_ROOT / "deploy" / "serve.py")
serve = importlib.util.module_from_spec(spec)
sys.modules["deploy_serve"] = serve  # dataclasses look their module up while the file runs
spec.loader.exec_module(serve)


def layout(tmp_path: Path, processes: int = 3, show_backend: bool = False):
    return serve.Layout("127.0.0.1", 18080, tuple(range(18081, 18081 + processes)), tmp_path / "run", show_backend)


def test_one_upstream_server_per_process_and_every_placeholder_filled(tmp_path):
    text = serve.render_config(layout(tmp_path))
    assert re.findall(r"server 127\.0\.0\.1:(\d+) ", text) == ["18081", "18082", "18083"]
    assert "@@" not in text
    assert "listen 127.0.0.1:18080;" in text
    assert f"pid {(tmp_path / 'run').resolve()}/nginx.pid;" in text


def test_sessions_stick_by_cookie_not_by_address_and_websockets_pass(tmp_path):
    text = serve.render_config(layout(tmp_path))
    assert "hash $ladder_route consistent;" in text
    assert "$remote_addr consistent" not in text  # a lecture hall shares one address
    assert "ladder_route=$request_id; Path=/; HttpOnly; SameSite=Lax" in text
    assert "proxy_set_header Upgrade $http_upgrade;" in text
    assert "proxy_set_header Host $http_host;" in text  # Streamlit compares Origin with Host:port
    assert (
        re.search(r"proxy_read_timeout (\d+)s;", text) and int(re.search(r"proxy_read_timeout (\d+)s;", text)[1]) >= 600
    )


def test_the_backend_header_only_on_request(tmp_path):
    assert (
        "X-Ladder-Backend" not in serve.render_config(layout(tmp_path)).split("add_header Set-Cookie")[1].split("\n")[1]
    )
    assert "add_header X-Ladder-Backend $upstream_addr always;" in serve.render_config(
        layout(tmp_path, show_backend=True)
    )


def test_nginx_accepts_the_rendered_config_as_an_ordinary_user(tmp_path):
    if not Path(serve.NGINX).exists():
        if in_ci():
            pytest.fail(f"CI=true but nginx is missing at {serve.NGINX} (.ci/run installs it)")
        pytest.skip(f"no nginx at {serve.NGINX}")
    config = serve.prepare_run_dir(layout(tmp_path, processes=2))
    serve.check_config(config, tmp_path / "run")  # raises with nginx's message when wrong
    assert all((tmp_path / "run" / "tmp" / name).is_dir() for name in serve.TEMP_FOLDERS)


def test_arguments_give_consecutive_app_ports_after_the_proxy(tmp_path, monkeypatch):
    monkeypatch.delenv("N", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    parsed = serve.parse_args(["--processes", "3", "--port", "9000", "--run-dir", str(tmp_path)])
    assert parsed.listen_port == 9000 and parsed.backend_ports == (9001, 9002, 9003)
    assert serve.parse_args(["-n", "2", "--backend-port", "9100"]).backend_ports == (9100, 9101)
    monkeypatch.setenv("N", "4")
    assert len(serve.parse_args([]).backend_ports) == 4  # make serve N=4


@pytest.mark.parametrize("argv", [["--processes", "0"], ["--port", "9001", "--backend-port", "9000", "-n", "2"]])
def test_impossible_layouts_are_refused(argv, capsys):
    with pytest.raises(SystemExit):
        serve.parse_args(argv)
    assert "error" in capsys.readouterr().err


def test_several_machines_remote_app_processes_join_the_upstream(tmp_path):
    parsed = serve.parse_args(
        [
            "-n",
            "1",
            "--port",
            "8501",
            "--upstream",
            "10.0.0.11:8502",
            "--upstream",
            "10.0.0.12:8502",
            "--run-dir",
            str(tmp_path),
        ]
    )
    servers = re.findall(r"server (\S+) max_fails", serve.render_config(parsed))
    assert servers == ["127.0.0.1:8502", "10.0.0.11:8502", "10.0.0.12:8502"]
    proxy_only = serve.parse_args(["-n", "0", "--upstream", "10.0.0.11:8502"])
    assert re.findall(r"server (\S+) max_fails", serve.render_config(proxy_only)) == ["10.0.0.11:8502"]
    app_machine = serve.parse_args(["-n", "2", "--no-proxy", "--app-address", "10.0.0.11", "--port", "8501"])
    assert not app_machine.proxy and app_machine.upstreams() == ["10.0.0.11:8502", "10.0.0.11:8503"]


@pytest.mark.parametrize("argv", [["-n", "0"], ["--upstream", "nohost"], ["--no-proxy", "--upstream", "a:1"]])
def test_machine_layouts_that_cannot_serve_are_refused(argv, capsys):
    with pytest.raises(SystemExit):
        serve.parse_args(argv)
    assert "error" in capsys.readouterr().err
