"""deploy.nodelay: a TCP socket made the way Streamlit 1.67 makes its server socket (protocol 0) gets
TCP_NODELAY from asyncio once it is enabled; without it asyncio leaves Nagle's algorithm on."""

import asyncio
import socket
from asyncio import base_events

from deploy import nodelay


def run(coro):
    """asyncio.run in a thread of its own (Playwright's sync API may hold a running loop in this one)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def _accepted_nodelay() -> int:
    listener = socket.socket(socket.AF_INET)  # protocol 0, as Streamlit's server socket
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    flags: list[int] = []

    async def on_connect(reader, writer):
        sock = writer.get_extra_info("socket")
        flags.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        writer.close()

    server = await asyncio.start_server(on_connect, sock=listener)
    _, writer = await asyncio.open_connection(*listener.getsockname())
    for _ in range(100):
        if flags:
            break
        await asyncio.sleep(0.01)
    writer.close()
    server.close()
    await server.wait_closed()
    return flags[0]


def test_accepted_connections_get_tcp_nodelay_once_enabled(monkeypatch):
    monkeypatch.setattr(base_events, "_set_nodelay", base_events._set_nodelay)  # restored afterwards
    assert nodelay.enable() and nodelay.enabled()
    assert run(_accepted_nodelay()) != 0


def test_without_it_a_protocol_0_socket_keeps_nagle(monkeypatch):
    monkeypatch.setattr(base_events, "_set_nodelay", nodelay._ORIGINAL)
    assert run(_accepted_nodelay()) == 0


def test_it_fails_soft_where_asyncio_has_no_hook(monkeypatch, caplog):
    monkeypatch.setattr(nodelay, "_ORIGINAL", None)
    monkeypatch.delattr(base_events, "_set_nodelay")
    assert nodelay.enable() is False and not nodelay.enabled()
    assert "TCP_NODELAY not set" in caplog.text
