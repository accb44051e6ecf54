"""Shared by the severity calculators' tests (tests/clinical/test_scores_*.py): the instruments from
content/severity_scores.yaml and EASI region scores in short.
"""

from __future__ import annotations

from pathway.clinical.scores import EASI_REGIONS, RegionScore, load_instruments

INSTRUMENTS = load_instruments()


def region(e: int = 0, i: int = 0, x: int = 0, li: int = 0, area: float = 0) -> RegionScore:
    return RegionScore(erythema=e, induration=i, excoriation=x, lichenification=li, area_percent=area)


def all_regions(r: RegionScore) -> dict[str, RegionScore]:
    return dict.fromkeys(EASI_REGIONS, r)
