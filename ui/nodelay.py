"""Send each rerun's messages at once: TCP_NODELAY on the app's connections.

Streamlit 1.67 (Starlette server) makes its listening socket with ``socket.socket(family)``, whose
protocol number is 0, and asyncio turns Nagle's algorithm off only on sockets whose protocol is
``IPPROTO_TCP``. So after the first small message of a rerun the rest wait for the browser's delayed
ACK: about 40 ms added to every rerun on Linux (measured with bench/load.py: a one-slider page took
48 ms a rerun, 6 ms with this). :func:`enable` makes asyncio set TCP_NODELAY on every TCP stream
socket. Connections accepted after the call get it: the app calls it when ``ui.common`` is first
imported; a launcher that calls it before starting Streamlit covers the very first connection too.
"""

from __future__ import annotations

import socket
from asyncio import base_events

_ORIGINAL = base_events._set_nodelay


def _set_nodelay(sock: socket.socket) -> None:
    if sock.family in {socket.AF_INET, socket.AF_INET6} and sock.type == socket.SOCK_STREAM:
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:  # not a TCP socket after all (protocol 0 of another stream family)
            _ORIGINAL(sock)


def enable() -> None:
    """Idempotent: asyncio sets TCP_NODELAY on every TCP stream socket it wraps from now on."""
    base_events._set_nodelay = _set_nodelay


def enabled() -> bool:
    return base_events._set_nodelay is _set_nodelay
