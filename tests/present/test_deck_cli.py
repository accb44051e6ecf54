"""``python -m pathway deck --out FILE [--join-url URL]``: writes the deck, or says why not and exits 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pptx import Presentation

from pathway.__main__ import main
from pathway.clinical.content import load_content
from pathway.present.slides import build_slides

ROOT = Path(__file__).resolve().parents[2]


def test_deck_writes_a_file_and_prints_its_path(tmp_path, capsys):
    out = tmp_path / "ladder.pptx"
    assert main(["deck", "--out", str(out), "--join-url", "https://example.org/Join?code=ABC123"]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    deck = Presentation(str(out))
    slides = build_slides(load_content(), join_url="https://example.org/Join?code=ABC123")
    assert len(deck.slides) == len(slides)
    assert deck.slides[1].shapes.title.text_frame.text == "Join the live poll"


def test_a_bad_out_path_exits_2_with_a_clear_message(tmp_path, capsys):
    out = tmp_path / "no such folder" / "ladder.pptx"
    assert main(["deck", "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("deck: cannot write") and "does not exist" in captured.err
    assert not out.exists()


def test_a_bad_join_link_exits_2(tmp_path, capsys):
    assert main(["deck", "--out", str(tmp_path / "d.pptx"), "--join-url", "not a link"]) == 2
    assert "join link" in capsys.readouterr().err
    assert not (tmp_path / "d.pptx").exists()


def test_the_real_command_exits_2_for_a_wrong_file_type(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "pathway", "deck", "--out", str(tmp_path / "ladder.pdf")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "must end in .pptx" in done.stderr and done.stdout == ""
