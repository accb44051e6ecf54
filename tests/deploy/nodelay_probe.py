"""A page that reports whether the websocket it is served over has TCP_NODELAY (for test_launcher.py).

It reads the server process's own connected TCP sockets, of which a fresh test server has one: the
websocket of the session running this page."""

import gc
import socket

import streamlit as st

flags = []
for obj in gc.get_objects():
    if (
        isinstance(obj, socket.socket)
        and obj.fileno() != -1
        and obj.type == socket.SOCK_STREAM
        and obj.family in (socket.AF_INET, socket.AF_INET6)
    ):
        try:
            obj.getpeername()
        except OSError:
            continue  # the listening socket
        flags.append(obj.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
st.markdown(f"connections={len(flags)} nodelay={min(flags) if flags else -1}")
