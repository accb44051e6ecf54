"""Severity calculators and bands (pathway.clinical.scores, content/severity_scores.yaml): the
instruments file, the severity bands at every edge of every scheme, and schemes that are rejected.

Expected values are written as arithmetic from the reference ("Severity instruments" in
shared/reference/beyond-the-sources.md), never copied from the code under test.
"""

from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from score_cases import INSTRUMENTS

from pathway.clinical.scores import (
    DEFAULT_PATH,
    Band,
    BandScheme,
    Instrument,
    InstrumentsFile,
    band_for,
    instrument_citations,
)

# ---------------------------------------------------------------- content file


def test_yaml_validates_with_instruments_file() -> None:
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    parsed = InstrumentsFile.model_validate(data)
    assert [i.id for i in parsed.instruments] == ["scorad", "objective_scorad", "easi", "poem", "dlqi", "viga"]
    for inst in parsed.instruments:
        assert sum(s.primary for s in inst.schemes) == 1


def test_ranges_match_the_reference() -> None:
    expected = {
        "scorad": (0, 100 / 5 + 7 * 18 / 2 + 20),
        "objective_scorad": (0, 100 / 5 + 7 * 18 / 2),
        "easi": (0, 12 * 6 * (0.1 + 0.2 + 0.3 + 0.4)),
        "poem": (0, 7 * 4),
        "dlqi": (0, 10 * 3),
        "viga": (0, 4),
    }
    for inst_id, (low, high) in expected.items():
        inst = INSTRUMENTS[inst_id]
        assert (inst.minimum, inst.maximum) == pytest.approx((low, high)), inst_id


def test_sources_and_notes() -> None:
    cites = dict(instrument_citations(InstrumentsFile(instruments=list(INSTRUMENTS.values()))))
    assert cites["severity_scores.yaml: instruments.scorad.schemes.common.sources"] == ["ctx_scorad"]
    assert cites["severity_scores.yaml: instruments.scorad.schemes.chopra_2017.sources"] == ["ctx_chopra_2017"]
    assert cites["severity_scores.yaml: instruments.easi.schemes.leshem_2015.sources"] == ["ctx_leshem_2015"]
    assert cites["severity_scores.yaml: instruments.poem.schemes.charman_2013.sources"] == ["ctx_charman_2013"]
    assert cites["severity_scores.yaml: instruments.dlqi.schemes.hongbo_2005.sources"] == ["ctx_hongbo_2005"]
    assert cites["severity_scores.yaml: instruments.viga.sources"] == ["ctx_viga"]
    assert cites["severity_scores.yaml: instruments.easi.sources"] == ["ctx_easi"]
    assert INSTRUMENTS["scorad"].scheme().id == "common"
    assert "unconfirmed" in (INSTRUMENTS["scorad"].scheme().note or "")
    assert any("darker skin" in n.text for n in INSTRUMENTS["easi"].notes)
    mid = INSTRUMENTS["dlqi"].minimal_important_difference
    assert mid is not None and mid.value == 4


# ---------------------------------------------------------------- bands

# (instrument, scheme or None for primary, value, label) typed from the reference text.
EDGES = [
    ("scorad", None, 0, "mild"),
    ("scorad", None, 24.99, "mild"),
    ("scorad", None, 25, "moderate"),
    ("scorad", None, 50, "moderate"),
    ("scorad", None, 50.01, "severe"),
    ("scorad", None, 103, "severe"),
    ("scorad", None, 25 - 1e-12, "moderate"),  # floating-point noise around the edge
    ("scorad", "chopra_2017", 9.9, "clear"),
    ("scorad", "chopra_2017", 9.95, "mild"),
    ("scorad", "chopra_2017", 10, "mild"),
    ("scorad", "chopra_2017", 28.9, "mild"),
    ("scorad", "chopra_2017", 28.95, "moderate"),
    ("scorad", "chopra_2017", 29, "moderate"),
    ("scorad", "chopra_2017", 48.9, "moderate"),
    ("scorad", "chopra_2017", 49, "severe"),
    ("scorad", "chopra_2017", 103, "severe"),
    ("objective_scorad", None, 0, "below the mild stratum (not banded by the source)"),
    ("objective_scorad", None, 7.9, "below the mild stratum (not banded by the source)"),
    ("objective_scorad", None, 7.95, "mild"),
    ("objective_scorad", None, 8, "mild"),
    ("objective_scorad", None, 23.9, "mild"),
    ("objective_scorad", None, 24, "moderate"),
    ("objective_scorad", None, 37.9, "moderate"),
    ("objective_scorad", None, 38, "severe"),
    ("objective_scorad", None, 83, "severe"),
    ("easi", None, 0, "clear"),
    ("easi", None, 0.05, "almost clear"),
    ("easi", None, 0.1, "almost clear"),
    ("easi", None, 1, "almost clear"),
    ("easi", None, 1.05, "mild"),
    ("easi", None, 1.1, "mild"),
    ("easi", None, 7, "mild"),
    ("easi", None, 7.1, "moderate"),
    ("easi", None, 21, "moderate"),
    ("easi", None, 21.1, "severe"),
    ("easi", None, 50, "severe"),
    ("easi", None, 50.1, "very severe"),
    ("easi", None, 72, "very severe"),
    ("poem", None, 0, "clear or almost clear"),
    ("poem", None, 2, "clear or almost clear"),
    ("poem", None, 3, "mild"),
    ("poem", None, 7, "mild"),
    ("poem", None, 8, "moderate"),
    ("poem", None, 16, "moderate"),
    ("poem", None, 17, "severe"),
    ("poem", None, 24, "severe"),
    ("poem", None, 25, "very severe"),
    ("poem", None, 28, "very severe"),
    ("dlqi", None, 0, "no effect on the patient's life"),
    ("dlqi", None, 1, "no effect on the patient's life"),
    ("dlqi", None, 2, "small effect"),
    ("dlqi", None, 5, "small effect"),
    ("dlqi", None, 6, "moderate effect"),
    ("dlqi", None, 10, "moderate effect"),
    ("dlqi", None, 11, "very large effect"),
    ("dlqi", None, 20, "very large effect"),
    ("dlqi", None, 21, "extremely large effect"),
    ("dlqi", None, 30, "extremely large effect"),
    ("viga", None, 0, "clear"),
    ("viga", None, 1, "almost clear"),
    ("viga", None, 2, "mild"),
    ("viga", None, 3, "moderate"),
    ("viga", None, 4, "severe"),
]


@pytest.mark.parametrize(("inst", "scheme", "value", "label"), EDGES)
def test_reference_band_edges(inst: str, scheme: str | None, value: float, label: str) -> None:
    assert band_for(INSTRUMENTS[inst], value, scheme).label == label


SCHEMES = [(i, s) for i in INSTRUMENTS.values() for s in i.schemes]


@pytest.mark.parametrize(("inst", "scheme"), SCHEMES, ids=[f"{i.id}-{s.id}" for i, s in SCHEMES])
def test_every_band_edge_of_every_scheme(inst: Instrument, scheme: BandScheme) -> None:
    step = 0.01
    for band in scheme.bands:
        if not band.low_open:
            assert band_for(inst, band.low, scheme.id) == band
        if not band.high_open:
            assert band_for(inst, band.high, scheme.id) == band
    for prev, nxt in zip(scheme.bands, scheme.bands[1:]):
        if prev.high - step >= prev.low:
            assert band_for(inst, prev.high - step, scheme.id) == prev  # just below the boundary
        if nxt.low + step <= nxt.high:
            assert band_for(inst, nxt.low + step, scheme.id) == nxt  # just above the boundary
        if prev.high < nxt.low:
            assert band_for(inst, (prev.high + nxt.low) / 2, scheme.id) == nxt  # in the gap: higher band
        else:  # shared edge: it belongs to the side that keeps it closed
            assert band_for(inst, nxt.low, scheme.id) == (nxt if prev.high_open else prev)
    assert band_for(inst, inst.minimum, scheme.id) == scheme.bands[0]
    assert band_for(inst, inst.maximum, scheme.id) == scheme.bands[-1]


@pytest.mark.parametrize("inst", list(INSTRUMENTS.values()), ids=list(INSTRUMENTS))
def test_band_for_rejects_out_of_range(inst: Instrument) -> None:
    for bad in (inst.minimum - 0.01, inst.maximum + 0.01, math.nan):
        with pytest.raises(ValueError, match=r"^value"):
            band_for(inst, bad)
    with pytest.raises(ValueError, match=r"^scheme_id"):
        band_for(inst, inst.minimum, "no_such_scheme")


@given(data=st.data())
def test_band_for_is_monotonic_and_consistent(data: st.DataObject) -> None:
    inst, scheme = data.draw(st.sampled_from(SCHEMES))
    a, b = sorted(data.draw(st.lists(st.floats(inst.minimum, inst.maximum), min_size=2, max_size=2)))
    band_a, band_b = band_for(inst, a, scheme.id), band_for(inst, b, scheme.id)
    assert scheme.bands.index(band_a) <= scheme.bands.index(band_b)
    i = scheme.bands.index(band_a)
    in_gap_before = i > 0 and scheme.bands[i - 1].high < round(a, 6) < band_a.low
    assert band_a.contains(round(a, 6)) or in_gap_before


# ---------------------------------------------------------------- scheme validation


def _scheme(bands: list[dict], **kw: object) -> dict:
    return {"id": "s", "name": "S", "primary": True, "sources": ["x"], "bands": bands, **kw}


def _instrument(schemes: list[dict], minimum: float = 0, maximum: float = 10) -> dict:
    return {
        "id": "t",
        "name": "T",
        "minimum": minimum,
        "maximum": maximum,
        "formula": "sum",
        "description": "test",
        "sources": ["x"],
        "schemes": schemes,
    }


GOOD = [{"label": "a", "low": 0, "high": 5, "high_open": True}, {"label": "b", "low": 5, "high": 10}]


@pytest.mark.parametrize(
    "schemes",
    [
        [_scheme([{"label": "a", "low": 0, "high": 6}, {"label": "b", "low": 5, "high": 10}])],  # overlap
        [_scheme([{"label": "a", "low": 0, "high": 5}, {"label": "b", "low": 5, "high": 10}])],  # shared closed
        [_scheme([{"label": "a", "low": 0, "high": 4}, {"label": "b", "low": 6, "high": 10}])],  # gap > 1
        [_scheme([{"label": "a", "low": 0, "high": 10}, {"label": "b", "low": 5, "high": 8}])],  # out of order
        [_scheme([{"label": "a", "low": 6, "high": 5}, {"label": "b", "low": 6, "high": 10}])],  # low > high
        [_scheme([{"label": "a", "low": 1, "high": 5}, {"label": "b", "low": 5.5, "high": 10}])],  # misses 0
        [_scheme([{"label": "a", "low": 0, "high": 5}, {"label": "b", "low": 5.5, "high": 9}])],  # misses 10
        [_scheme([{"label": "a", "low": 0, "high": 10, "high_open": True}])],  # maximum left open
        [_scheme(GOOD), _scheme(GOOD, id="s2")],  # two primary schemes
        [_scheme(GOOD, primary=False)],  # no primary scheme
        [_scheme(GOOD), _scheme(GOOD, primary=False)],  # duplicate scheme id
        [_scheme(GOOD, extra_field=1)],  # unknown field
    ],
)
def test_invalid_schemes_are_rejected(schemes: list[dict]) -> None:
    with pytest.raises(ValidationError):
        InstrumentsFile.model_validate({"instruments": [_instrument(schemes)]})


def test_valid_scheme_and_duplicate_instrument() -> None:
    inst = _instrument([_scheme(GOOD)])
    assert InstrumentsFile.model_validate({"instruments": [inst]}).instruments[0].id == "t"
    with pytest.raises(ValidationError, match="share an id"):
        InstrumentsFile.model_validate({"instruments": [inst, inst]})
    with pytest.raises(ValidationError):
        InstrumentsFile.model_validate({"instruments": [inst], "extra": 1})
    band = Band(label="x", low=0, high=5, high_open=True)
    assert band.contains(0) and band.contains(4.99) and not band.contains(5)
