"""A lecture room's beacon file (ui/beacon_file.py): what phones ask every second instead of rerunning.
It holds the presenter's last stamp, never goes back, never names a path outside its folder, and a folder
that cannot be written loses nothing but the shortcut (a warning in the log; phones fall back)."""

from __future__ import annotations

import logging

import pytest

from deploy.serve import BEACON_DIR as NGINX_BEACONS
from deploy.serve import Layout, render_config
from ui.beacon_file import BEACON_DIR, beacon_url, publish_stamp, read_stamp


def test_a_stamp_is_written_whole_and_a_later_one_replaces_it(tmp_path):
    assert read_stamp("ABC234", tmp_path) is None
    assert publish_stamp("ABC234", 7, tmp_path)
    assert read_stamp("ABC234", tmp_path) == 7
    assert publish_stamp("ABC234", 12, tmp_path)
    assert (tmp_path / "ABC234.txt").read_text() == "12"
    assert [p.name for p in tmp_path.iterdir()] == ["ABC234.txt"]  # no temporary file left


def test_an_earlier_stamp_never_overwrites_a_later_one(tmp_path):
    """Two presenter screens in two processes: the slower write of an older stamp must not take phones back."""
    publish_stamp("ABC234", 12, tmp_path)
    assert publish_stamp("ABC234", 9, tmp_path)
    assert read_stamp("ABC234", tmp_path) == 12


@pytest.mark.parametrize("code", ["../etc", "AB/C", "", "ABC 23", "ÄBC234"])
def test_only_a_room_code_names_a_beacon(tmp_path, code):
    with pytest.raises(ValueError, match="not a room code"):
        publish_stamp(code, 1, tmp_path)
    with pytest.raises(ValueError):
        beacon_url(code)


def test_a_folder_that_cannot_be_written_is_a_warning_not_a_failure(tmp_path, caplog):
    """A file where the folder should be (a bad deployment) cannot be written, by any user, root too."""
    blocked = tmp_path / "rooms"
    blocked.write_text("not a folder")
    with caplog.at_level(logging.WARNING):
        assert publish_stamp("ABC234", 3, blocked) is False
    assert "could not be written" in caplog.text


def test_nginx_serves_the_folder_the_app_writes_itself_and_uncached(tmp_path):
    assert NGINX_BEACONS == BEACON_DIR
    config = render_config(Layout("127.0.0.1", 8500, (8501,), tmp_path))
    block = config[config.index("location /app/static/rooms/") :]
    block = block[: block.index("}")]
    assert f"alias {BEACON_DIR.resolve()}/;" in block
    assert "no-store" in block and "access_log off" in block
    assert beacon_url("ABC234") == "app/static/rooms/ABC234.txt"
