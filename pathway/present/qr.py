"""QR codes for the live poll's join link (segno): black on white with the standard quiet zone, so
phone cameras read them from a projector screen in a dark or a bright room."""

from __future__ import annotations

import io

import segno

QUIET_ZONE = 4  # modules of white round the code (the QR standard's minimum)


def _code(url: str) -> segno.QRCode:
    if not url or not url.strip():
        raise ValueError("the join link is empty")
    return segno.make_qr(url.strip(), error="m")


def qr_png(url: str, scale: int = 10) -> bytes:
    """The link as a PNG: ``scale`` pixels a module, white background."""
    buffer = io.BytesIO()
    _code(url).save(buffer, kind="png", scale=scale, border=QUIET_ZONE, dark="#000000", light="#ffffff")
    return buffer.getvalue()


def qr_svg(url: str, scale: int = 10, title: str | None = None) -> str:
    """The link as an SVG document (white background); ``title`` becomes its accessible name."""
    buffer = io.BytesIO()
    _code(url).save(
        buffer,
        kind="svg",
        scale=scale,
        border=QUIET_ZONE,
        dark="#000000",
        light="#ffffff",
        xmldecl=False,
        svgns=True,
        title=title,
        unit=None,
    )
    return buffer.getvalue().decode("utf-8")
