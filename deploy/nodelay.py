"""Send each rerun's messages at once: TCP_NODELAY on the app's connections, set by the launcher.

Streamlit 1.67 (Starlette server) makes its listening socket with ``socket.socket(family)``, whose
protocol number is 0, and asyncio turns Nagle's algorithm off only on sockets whose protocol is
``IPPROTO_TCP``. So after the first small message of a rerun the rest wait for the browser's delayed
ACK: about 40 ms added to every rerun on Linux (bench/load.py: a one-slider page took 48 ms a rerun,
6 ms with this). :func:`enable` makes asyncio set TCP_NODELAY on every TCP stream socket it wraps.

This leans on a private asyncio function, so it fails soft: where that function is missing (another
Python), :func:`enable` logs one line and the app runs as plain ``streamlit run`` would. Only the
launcher (deploy/launch.py) calls it, before Streamlit starts, so every connection gets it; the app
itself never touches the event loop.
"""

from __future__ import annotations

import logging
import socket
from asyncio import base_events
from collections.abc import Callable

log = logging.getLogger(__name__)
_ORIGINAL: Callable[[socket.socket], None] | None = getattr(base_events, "_set_nodelay", None)


def _set_nodelay(sock: socket.socket) -> None:
    if sock.family in {socket.AF_INET, socket.AF_INET6} and sock.type == socket.SOCK_STREAM:
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return
        except OSError:  # not a TCP socket after all (protocol 0 of another stream family)
            pass
    if _ORIGINAL is not None:
        _ORIGINAL(sock)


def enable() -> bool:
    """Idempotent: asyncio sets TCP_NODELAY on every TCP stream socket it wraps from now on. False (and
    a log line) where this Python's asyncio has no hook for it."""
    if _ORIGINAL is None:
        log.warning("TCP_NODELAY not set: this Python's asyncio has no _set_nodelay; replies may wait ~40 ms")
        return False
    base_events._set_nodelay = _set_nodelay  # type: ignore[attr-defined]
    return True


def enabled() -> bool:
    return getattr(base_events, "_set_nodelay", None) is _set_nodelay
