"""QR codes for the join link: black on white with a quiet zone, the link's own code, safe as SVG."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
import segno
from PIL import Image

from pathway.present.qr import QUIET_ZONE, qr_png, qr_svg

URL = "https://ladder.example.org/Join?code=K7Q2"


def test_png_is_the_links_code_on_white():
    scale = 8
    png = qr_png(URL, scale=scale)
    expected = segno.make_qr(URL, error="m")
    size = expected.symbol_size(scale=1, border=0)[0]
    with Image.open(io.BytesIO(png)) as image:
        grey = image.convert("L")
        assert image.width == image.height == (size + 2 * QUIET_ZONE) * scale
        assert all(grey.getpixel((x, y)) == 255 for x in range(QUIET_ZONE * scale) for y in range(0, image.height, 7))
        drawn = [
            [grey.getpixel(((QUIET_ZONE + x) * scale + 2, (QUIET_ZONE + y) * scale + 2)) < 128 for x in range(size)]
            for y in range(size)
        ]
    assert drawn == [[bool(m) for m in row] for row in expected.matrix]


def test_a_bigger_scale_gives_a_bigger_picture():
    with Image.open(io.BytesIO(qr_png(URL, scale=4))) as small, Image.open(io.BytesIO(qr_png(URL, scale=12))) as big:
        assert big.width == 3 * small.width


def test_svg_is_well_formed_with_its_title_as_text():
    svg = qr_svg(URL, title='Join <the> "poll" & vote')
    root = ET.fromstring(svg)
    title = root.find("{http://www.w3.org/2000/svg}title")
    assert title is not None and title.text == 'Join <the> "poll" & vote'
    assert "<the>" not in svg  # escaped, never markup


@pytest.mark.parametrize("bad", ["", "   "])
def test_an_empty_link_is_refused(bad):
    with pytest.raises(ValueError, match="empty"):
        qr_png(bad)
