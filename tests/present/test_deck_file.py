"""The deck as a file: what PowerPoint's File > Info shows (this deck's title, subject, author and dates,
a 16:9 Widescreen show; nothing from python-pptx's template), a join link that is a link, and a file
LibreOffice still opens and converts."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn
from pptx.util import Inches

from pathway.present.deck import write_deck
from pathway.present.deck.build import presentation_format
from pathway.present.slides import build_slides

JOIN = "https://ladder.example.org/Join?code=K7Q2"
# what python-pptx's template leaves; figures only where no digit touches them, so a time such as
# 14:36:39 in today's dates is not "4:3" (that read made this test fail at 14:36)
TEMPLATE_LEFTOVERS = (
    r"python-pptx",
    r"Steve Canny",
    r"(?<!\d)2013(?!\d)",
    r"Macintosh",
    r"(?<![\d:])4:3(?![\d:])",
    r"Office Theme",
)


@pytest.fixture(scope="module")
def written(tmp_path_factory, content):
    """The deck written as a user would, the UTC dates just before and after, and the file opened again."""
    before = dt.datetime.now(dt.UTC).date()
    path = write_deck(tmp_path_factory.mktemp("deck") / "ladder.pptx", join_url=JOIN, content=content)
    after = dt.datetime.now(dt.UTC).date()
    return path, {before, after}, Presentation(str(path))


def _doc_props(path) -> dict[str, str]:
    with zipfile.ZipFile(path) as package:
        return {
            name: package.read(name).decode("utf-8", "replace") for name in package.namelist() if "docProps/" in name
        }


def test_file_info_shows_this_decks_title_subject_author_and_dates(written, content):
    _, today, deck = written
    props = deck.core_properties
    assert props.title == content.meta.title == "Eczema Ladder"
    assert props.subject == content.meta.notice
    assert props.author == "Eczema Ladder" and props.last_modified_by == "Eczema Ladder"
    assert props.created.date() in today and props.modified.date() in today  # today, in UTC
    assert props.modified >= props.created
    assert props.revision == 1
    assert content.meta.version in props.comments


def test_nothing_is_left_from_the_template_in_the_files_properties(written):
    path, _, _ = written
    parts = _doc_props(path)
    assert set(parts) == {"docProps/core.xml", "docProps/app.xml"}  # no blank 4:3 thumbnail either
    for name, text in parts.items():
        for leftover in TEMPLATE_LEFTOVERS:
            assert not re.search(leftover, text), (name, leftover)


def test_the_show_type_is_16_9_widescreen(written):
    path, _, deck = written
    app = _doc_props(path)["docProps/app.xml"]
    assert "<PresentationFormat>Widescreen</PresentationFormat>" in app
    assert f"<Slides>{len(deck.slides)}</Slides>" in app
    assert deck.slide_width * 9 == deck.slide_height * 16
    assert deck.part._element.sldSz.get("type") is None  # not the template's type="screen4x3"


@pytest.mark.parametrize(
    "width, height, name",
    [
        (Inches(13 + 1 / 3), Inches(7.5), "Widescreen"),
        (Inches(10), Inches(5.625), "On-screen Show (16:9)"),
        (Inches(10), Inches(7.5), "On-screen Show (4:3)"),
        (Inches(8), Inches(8), "Custom"),
    ],
)
def test_the_show_type_is_named_from_the_page_size(width, height, name):
    assert presentation_format(width, height) == name


def test_the_join_link_is_clickable(written, content):
    _, _, deck = written
    slides = build_slides(content, join_url=JOIN)
    page = next(p for p, s in zip(deck.slides, slides) if s.kind == "poll_qr")
    box = next(s for s in page.shapes if s.name == "Join link")
    runs = [run for paragraph in box.text_frame.paragraphs for run in paragraph.runs if run.text == JOIN]
    assert len(runs) == 1 and runs[0].hyperlink.address == JOIN
    code = next(s for s in page.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE)
    assert code.click_action.hyperlink.address == JOIN
    elsewhere = [
        n for n, other in enumerate(deck.slides, 1) if other != page and any(other._element.iter(qn("a:hlinkClick")))
    ]
    assert elsewhere == []  # the join link is the deck's only link


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_the_deck_to_pdf_with_every_slide_and_the_link(written, tmp_path):
    path, _, deck = written
    out = tmp_path / "pdf"
    profile = (tmp_path / "profile").as_uri()  # its own profile: another soffice may be running
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    result = subprocess.run(
        [*command, "--outdir", str(out), str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    pdf = out / "ladder.pdf"
    assert result.returncode == 0 and pdf.is_file(), result.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert f"/URI({JOIN})".encode() in data  # the link survives as a link
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60).stdout
        fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
        assert int(fields["Pages"]) == len(deck.slides)
        assert fields["Title"].strip() == "Eczema Ladder" and fields["Author"].strip() == "Eczema Ladder"
        width, _, height = fields["Page size"].split()[:3]
        assert abs(float(width) / float(height) - 16 / 9) < 0.01
