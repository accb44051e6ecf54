"""Fixtures shared by the present layer's tests."""

from __future__ import annotations

import pytest

from pathway.clinical.content import load_content


@pytest.fixture(scope="module")
def content():
    """The bundled clinical content (test modules that need their own define a ``content`` fixture)."""
    return load_content()
