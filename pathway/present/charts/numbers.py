"""Number formats shared by the charts: decimals, ranges, short names."""

from __future__ import annotations

import re
from collections.abc import Iterable


def _decimals(values: Iterable[float]) -> int:
    return max((len(f"{v:g}".partition(".")[2]) for v in values), default=0)


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _short_name(name: str) -> str:
    return re.sub(r"\s*\([^)]*\)$", "", name)


def _range(lo: float, hi: float) -> str:
    """``1.0-1.5`` but ``7.5-25``: the lower bound takes the upper bound's decimals if it has fewer."""
    d = _decimals([hi])
    return f"{lo:.{d}f}-{hi:g}" if _decimals([lo]) < d else f"{lo:g}-{hi:g}"
