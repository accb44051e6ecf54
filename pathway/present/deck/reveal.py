"""Points that appear one click at a time in the slide show, as presenter mode reveals them.

python-pptx has no animation API, so this writes the slide's ``p:timing`` the way PowerPoint itself
does for an "Appear" entrance built by paragraph: in the main sequence, one click effect per
paragraph setting ``style.visibility`` to visible, and a build entry (``build="p"``) for the shape.
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from pptx.oxml.ns import nsdecls, qn

_APPEAR = (
    '<p:par><p:cTn id="{outer}" fill="hold"><p:stCondLst><p:cond delay="indefinite"/></p:stCondLst><p:childTnLst>'
    '<p:par><p:cTn id="{middle}" fill="hold"><p:stCondLst><p:cond delay="0"/></p:stCondLst><p:childTnLst>'
    '<p:par><p:cTn id="{effect}" presetID="1" presetClass="entr" presetSubtype="0" fill="hold" grpId="0" '
    'nodeType="clickEffect"><p:stCondLst><p:cond delay="0"/></p:stCondLst><p:childTnLst>'
    '<p:set><p:cBhvr><p:cTn id="{setter}" dur="1" fill="hold"><p:stCondLst><p:cond delay="0"/></p:stCondLst>'
    '</p:cTn><p:tgtEl><p:spTgt spid="{spid}"><p:txEl><p:pRg st="{index}" end="{index}"/></p:txEl></p:spTgt>'
    "</p:tgtEl><p:attrNameLst><p:attrName>style.visibility</p:attrName></p:attrNameLst></p:cBhvr>"
    '<p:to><p:strVal val="visible"/></p:to></p:set>'
    "</p:childTnLst></p:cTn></p:par></p:childTnLst></p:cTn></p:par></p:childTnLst></p:cTn></p:par>"
)
_TIMING = (
    '<p:timing {ns}><p:tnLst><p:par><p:cTn id="1" dur="indefinite" restart="never" nodeType="tmRoot"><p:childTnLst>'
    '<p:seq concurrent="1" nextAc="seek"><p:cTn id="2" dur="indefinite" nodeType="mainSeq"><p:childTnLst>'
    "{clicks}</p:childTnLst></p:cTn>"
    '<p:prevCondLst><p:cond evt="onPrev" delay="0"><p:tgtEl><p:sldTgt/></p:tgtEl></p:cond></p:prevCondLst>'
    '<p:nextCondLst><p:cond evt="onNext" delay="0"><p:tgtEl><p:sldTgt/></p:tgtEl></p:cond></p:nextCondLst>'
    "</p:seq></p:childTnLst></p:cTn></p:par></p:tnLst>"
    '<p:bldLst><p:bldP spid="{spid}" grpId="0" build="p"/></p:bldLst></p:timing>'
)


def timing_xml(shape_id: int, paragraphs: int) -> str:
    """The ``p:timing`` element: each of the shape's first ``paragraphs`` paragraphs appears on a click."""
    clicks = "".join(
        _APPEAR.format(outer=3 + 4 * i, middle=4 + 4 * i, effect=5 + 4 * i, setter=6 + 4 * i, spid=shape_id, index=i)
        for i in range(paragraphs)
    )
    return _TIMING.format(ns=nsdecls("p"), clicks=clicks, spid=shape_id)


def reveal_by_click(page: Any, shape: Any) -> None:
    """Make every paragraph of ``shape`` appear one click at a time when ``page`` is shown."""
    count = len(shape.text_frame.paragraphs)
    if count == 0:
        return
    slide = page._element
    for old in slide.findall(qn("p:timing")):
        slide.remove(old)
    timing = etree.fromstring(timing_xml(shape.shape_id, count))
    after = slide.find(qn("p:transition"))
    if after is None:
        after = slide.find(qn("p:clrMapOvr"))
    if after is None:
        after = slide.find(qn("p:cSld"))
    after.addnext(timing)  # schema order: cSld, clrMapOvr, transition, timing, extLst
