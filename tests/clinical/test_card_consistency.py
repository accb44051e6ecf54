"""Property: no card contradicts itself, for any age 0-100, site, potency (word or product) and duration.

1. No "step down" beside a stronger step: a line telling the patient to step the steroid down never
   sits beside a plan that puts them on a stronger one ("then step down", after a short course, is a
   plan for later and is checked separately: it appears only beside a potency above ordinary use).
2. No barred therapy named where the plan proposes something: options (name, regimen, course), the
   other document's alternative, the timeline (labels, texts, what to do without a response) and the
   next step if this one fails. A therapy is barred when its own limits in the content exclude it
   for this patient (age, site, immune status, severity).
3. Every course length shown (an option's course and regimen, a course on the timeline) is within the
   course the age and site allow for the steroid it concerns.
4. No card tells the reader to refer (in its warnings, cautions or reasons) without a referral, and no
   referral reason calls a steroid trial adequate while the card's own trial is not fair.
5. A child under 12 with severe eczema that has already failed a later rung (NICE CG57: more than optimum
   topical treatment) is referred within 2 weeks or sooner, whatever steroid is in use.

The oracle reads the limits straight from the content and shares no code with the engine;
``test_the_properties_catch_a_broken_limit`` shows each can fail.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pathway.clinical.engine import default_content, recommend
from pathway.clinical.scenario import POTENCIES, SIGNS, SITES, TRIED, Recommendation, Scenario

CONTENT = default_content()
UK = ["mild", "moderate", "potent", "very_potent"]
RANK = {p: i for i, p in enumerate(UK)}
EDGE_AGES = [0, 0.25, 0.5, 0.99, 1, 1.99, 2, 11.99, 12, 17.99, 18, 100]
# How each therapy is named in running text; the calcineurin inhibitors and phototherapy as a class are
# checked only when every member of the class is barred.
NAMES = {
    "wet_wrap": ["wet wrap", "wet-wrap"],
    "tacrolimus_0.1": ["tacrolimus 0.1%"],
    "tacrolimus_0.03": ["tacrolimus 0.03%"],
    "pimecrolimus_1": ["pimecrolimus"],
    "ruxolitinib_cream": ["ruxolitinib"],
    "crisaborole": ["crisaborole"],
    "nb_uvb": ["narrowband uvb", "nb-uvb"],
    "bb_uvb": ["broadband uvb"],
    "uva": ["uva phototherapy"],
    "dupilumab": ["dupilumab"],
    "cyclosporine": ["cyclosporine"],
    "azathioprine": ["azathioprine"],
    "methotrexate": ["methotrexate"],
    "mycophenolate": ["mycophenolate"],
}
CLASSES = {
    "calcineurin inhibitor": ("tacrolimus_0.1", "tacrolimus_0.03", "pimecrolimus_1"),
    "phototherapy": ("nb_uvb", "bb_uvb", "uva"),
}
# a length of time, not an age ("under 12 months", "from 3 months")
DURATION = re.compile(
    r"(?<![\d.])(?<!under )(?<!below )(?<!from )(?<!over )(?<!aged )"
    r"(\d+(?:\.\d+)?)(?:\s*-\s*(\d+(?:\.\d+)?))?\s*(day|week|month)s?\b",
    re.IGNORECASE,
)
US_RANK = {p: i for i, p in enumerate(POTENCIES)}
STEP_DOWN_NOW = re.compile(r"(?<!then )(?<!then a )step down")  # "then step down" is for after a short course
PER_WEEK = {"day": 1 / 7, "week": 1.0, "month": 365.25 / 12 / 7}
# an instruction to refer now ("refer for specialist advice", "refer; they decide"), not a rule for later
# ("refer if no improvement") nor a sentence about referral in general ("a reason to refer")
REFER_NOW = re.compile(r"(?<!reason to )(?<!reasons to )\brefer\b(?! if)(?! when)", re.IGNORECASE)


def _band_of(age_years: float) -> str:
    months = age_years * 12
    for band in CONTENT.age_bands:
        if band.below_months is None or months < band.below_months - 1e-9:
            return band.id
    return "adult"


def _limit(age_years: float, site: str):
    band = _band_of(age_years)
    return next(lim for lim in CONTENT.potency_limits.values() if band in lim.bands and site in lim.sites)


def _course_weeks(limit, uk: str) -> float | None:
    """The longest course (weeks) of a UK class under a potency limit, or None when not limited."""
    if limit.routine is None:
        return None
    if limit.brief is not None and RANK[uk] > RANK[limit.routine]:
        return limit.brief_weeks
    return limit.course_weeks


def _in_use(scenario: Scenario) -> str | None:
    if scenario.tcs_product is not None:
        return CONTENT.products[scenario.tcs_product].uk
    return None if scenario.tcs_potency == "none" else CONTENT.potency_words[scenario.tcs_potency].uk


def _strength_in_use(scenario: Scenario) -> tuple[int, int] | None:
    """(UK rank, rank of the documents' word): stronger on the UK scale, or as strong and stronger in the
    documents' words (mometasone to betamethasone dipropionate is a step up in their words)."""
    uk = _in_use(scenario)
    if uk is None:
        return None
    word = CONTENT.products[scenario.tcs_product].word if scenario.tcs_product else scenario.tcs_potency
    return RANK[uk], US_RANK[word] if word else 0


def _severity(scorad: float) -> str:
    return "mild" if scorad < 25 else ("moderate" if scorad <= 50 else "severe")


def barred(scenario: Scenario, content=CONTENT) -> set[str]:
    """Therapies their own limits (in the real content) exclude for this patient."""
    months = scenario.age_years * 12
    out = set()
    for therapy in content.therapies.values():
        if _severity(scenario.scorad) not in therapy.severity:
            out.add(therapy.id)
        for limit in therapy.limits:
            if (
                (limit.kind == "min_age" and months < limit.months - 1e-9)
                or (limit.kind == "max_age" and months >= limit.months)
                or (limit.kind == "site" and limit.use == "not_used" and scenario.site in limit.sites)
                or (limit.kind == "immunocompromised" and limit.action == "exclude" and scenario.immunocompromised)
            ):
                out.add(therapy.id)
    return out


def _proposing_texts(rec: Recommendation) -> list[str]:
    texts = []
    for option in rec.options:
        texts += [option.name, option.regimen, option.course or ""]
    for alt in rec.alternatives:
        texts.append(alt.text)
        texts += [o.name for o in alt.options] + [o.regimen for o in alt.options]
    for entry in rec.expected_timeline:
        texts += [entry.label, entry.text, entry.if_no_response or ""]
    if rec.next_if_no_response is not None:
        texts.append(rec.next_if_no_response.text)
    return [t.lower() for t in texts]


def _every_text(rec: Recommendation) -> list[str]:
    texts = _proposing_texts(rec)
    for option in rec.options:
        texts += [c.text.lower() for c in option.cautions + option.warnings]
    texts += [line.text.lower() for line in rec.why + rec.warnings]
    return texts


def _max_weeks(text: str) -> float:
    found = [float(m.group(2) or m.group(1)) * PER_WEEK[m.group(3).lower()] for m in DURATION.finditer(text)]
    return max(found, default=0.0)


def _longer(weeks: float, allowed: float) -> bool:
    """Longer than allowed, counted in whole days (the content keeps 5 days as 0.7 weeks)."""
    return round(weeks * 7) > round(allowed * 7)


def contradictions(scenario: Scenario, rec: Recommendation, content=CONTENT) -> list[str]:
    """Every way the recommendation contradicts itself or the limits in ``content``."""
    out: list[str] = []
    limit = _limit(scenario.age_years, scenario.site)
    in_use = _in_use(scenario)
    steroids = [
        (o, content.therapies[o.id])
        for o in rec.options
        if content.therapies[o.id].potency_uk is not None
        and not content.therapies[o.id].long_term
        and not o.specialist_only
    ]
    strength = _strength_in_use(scenario)
    stronger = [
        o.id
        for o, t in steroids
        if strength is not None and (RANK[t.potency_uk], US_RANK[t.potency_us] if t.potency_us else 0) > strength
    ]
    # 1. no step down beside a stronger step
    for text in _every_text(rec):
        if STEP_DOWN_NOW.search(text) and stronger:
            out.append(f"says 'step down' while the plan steps up to {stronger}: {text[:90]}")
    planned = _proposing_texts(rec) + [c.text.lower() for o in rec.options for c in o.cautions]
    for text in planned:
        if (
            "then step down" in text
            and steroids
            and all(limit.routine is None or RANK[t.potency_uk] <= RANK[limit.routine] for _, t in steroids)
        ):
            out.append(f"'then step down' beside a steroid already at ordinary strength: {text[:90]}")
    # 2. no barred therapy named where something is proposed
    gone = barred(scenario, content)
    texts = _proposing_texts(rec)
    for therapy_id in gone:
        for name in NAMES.get(therapy_id, []):
            for text in texts:
                if name in text:
                    out.append(f"{therapy_id} is barred but named: {text[:90]}")
    for word, members in CLASSES.items():
        if all(m in gone for m in members):
            for text in texts:
                if word in text:
                    out.append(f"every {word} is barred but one is named: {text[:90]}")
    # 3. every course within the limit for the steroid it concerns
    for option, therapy in steroids:
        allowed = _course_weeks(limit, therapy.potency_uk)
        if allowed is not None:
            for text in (option.course or "", option.regimen):
                if _longer(_max_weeks(text), allowed):
                    out.append(f"{option.id}: {text[:80]} is longer than the {allowed:g} weeks allowed")
    wraps = [o for o in rec.options if o.id == "wet_wrap" and not o.specialist_only]
    wrap_limits = [_course_weeks(limit, t.potency_uk) for _, t in steroids]
    wrap_allowed = min([w for w in wrap_limits if w is not None], default=None)
    for option in wraps:
        if wrap_allowed is not None and _longer(_max_weeks(option.course or ""), wrap_allowed):
            out.append(f"wet wraps for {option.course} beyond the steroid course allowed ({wrap_allowed:g} weeks)")
    plan_classes = [t.potency_uk for _, t in steroids] or ([in_use] if in_use else [])
    allowed_plan = [w for w in (_course_weeks(limit, uk) for uk in plan_classes) if w is not None]
    for entry in rec.expected_timeline:
        steroid_course = entry.id == "tcs_trial" or (entry.id.startswith("wet_wrap") and entry.kind == "course")
        if steroid_course and allowed_plan and _longer(entry.max_weeks, max(allowed_plan)):
            out.append(f"timeline {entry.id} runs {entry.max_weeks:g} weeks, beyond the {max(allowed_plan):g} allowed")
    # 4. no "refer" without a referral; no "adequate trial" beside an unfair one
    if not rec.refer:
        telling = [line.text for line in rec.why + rec.warnings] + [
            c.text for o in rec.options for c in o.cautions + o.warnings
        ]
        for text in telling:
            if REFER_NOW.search(text):
                out.append(f"tells the reader to refer, but the card refers nobody: {text[:90]}")
    if not rec.steroid_trial.fair:
        for line in rec.refer_reasons:
            if "adequate steroid trial" in line.text:
                out.append(f"a referral reason calls the trial adequate beside an unfair one: {line.text[:90]}")
    # 5. a severe child who failed a later rung is referred within 2 weeks or sooner
    if (
        scenario.age_years < 12
        and _severity(scenario.scorad) == "severe"
        and scenario.tried
        and rec.refer_urgency not in ("within_2_weeks", "same_day")
    ):
        out.append(f"a severe child past {list(scenario.tried)} is referred '{rec.refer_urgency}', not within 2 weeks")
    return out


def _floats(low, high, edges):
    return st.one_of(st.floats(low, high, allow_nan=False, allow_infinity=False), st.sampled_from(edges))


scenarios = st.builds(
    Scenario,
    age_years=_floats(0, 100, EDGE_AGES),
    site=st.sampled_from(SITES),
    scorad=_floats(10, 103, [10, 24.9, 25, 50, 50.1, 103]),
    tcs_potency=st.sampled_from(POTENCIES),
    tcs_product=st.one_of(st.none(), st.sampled_from(sorted(CONTENT.products))),
    applications_per_day=st.integers(0, 4),
    weeks_on_treatment=_floats(0, 20, [0, 0.5, 0.7, 1, 2, 4, 8]),
    adherence_confirmed=st.booleans(),
    signs=st.lists(st.sampled_from(SIGNS), unique=True, max_size=2).map(tuple),
    tried=st.lists(st.sampled_from(TRIED), unique=True).map(tuple),
    qol_impact=st.booleans(),
    phototherapy_access=st.booleans(),
    immunocompromised=st.booleans(),
)
PROPERTY = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(scenarios)
def test_no_card_contradicts_itself(scenario):
    assert contradictions(scenario, recommend(scenario, CONTENT)) == []


def test_the_properties_catch_a_broken_limit():
    """Give the engine content with one limit broken and the oracle (reading the real content) objects:
    a longer course for children shows a course beyond the real one, and tacrolimus 0.03% without its
    minimum age is named for an infant."""
    child_body = CONTENT.potency_limits["child_body"]
    longer = child_body.model_copy(update={"brief_weeks": 4, "brief_course": "2-4 weeks"})
    broken = CONTENT.model_copy(update={"potency_limits": {**CONTENT.potency_limits, "child_body": longer}})
    child = Scenario(
        age_years=6,
        site="trunk",
        scorad=60,
        tcs_potency="low",
        applications_per_day=2,
        weeks_on_treatment=3,
        adherence_confirmed=True,
    )
    assert contradictions(child, recommend(child, CONTENT)) == []
    found = contradictions(child, recommend(child, broken))
    assert any("longer than the 2 weeks allowed" in v for v in found), found

    tac = CONTENT.therapies["tacrolimus_0.03"]
    no_min_age = tac.model_copy(update={"limits": [lim for lim in tac.limits if lim.kind != "min_age"]})
    broken = CONTENT.model_copy(update={"therapies": {**CONTENT.therapies, "tacrolimus_0.03": no_min_age}})
    infant = Scenario(
        age_years=0.75,
        site="face",
        scorad=30,
        tcs_potency="low",
        applications_per_day=2,
        weeks_on_treatment=1,
        adherence_confirmed=True,
    )
    assert contradictions(infant, recommend(infant, CONTENT)) == []
    found = contradictions(infant, recommend(infant, broken))
    assert any("tacrolimus_0.03 is barred but named" in v for v in found), found


def test_step_down_beside_a_step_up_is_caught():
    """A recommendation doctored to say 'step down' while the plan asks for a stronger steroid is caught."""
    scenario = Scenario(
        age_years=30,
        site="trunk",
        scorad=60,
        tcs_potency="medium",
        applications_per_day=2,
        weeks_on_treatment=3,
        adherence_confirmed=True,
    )
    rec = recommend(scenario, CONTENT)
    assert rec.stage == "verify_adequacy" and next(o.id for o in rec.options) == "tcs_high"
    assert contradictions(scenario, rec) == []
    doctored = rec.model_copy(
        update={"options": [rec.options[0].model_copy(update={"course": "Step down now."}), *rec.options[1:]]}
    )
    assert any("step down" in v for v in contradictions(scenario, doctored))


def test_referral_properties_catch_a_broken_card():
    """Doctored cards break properties 4 and 5: an instruction to refer on a card that refers nobody, a
    referral reason that calls an unfair trial adequate, and a severe child past wet wraps sent routinely."""
    moderate_child = Scenario(
        age_years=5,
        site="back",
        scorad=40,
        tcs_product="clobetasone_butyrate",
        tcs_potency="none",
        applications_per_day=2,
        weeks_on_treatment=2,
        adherence_confirmed=True,
    )
    rec = recommend(moderate_child, CONTENT)
    assert not rec.refer and contradictions(moderate_child, rec) == []
    told = rec.model_copy(
        update={
            "warnings": [
                *rec.warnings,
                rec.warnings[0].model_copy(
                    update={"text": "Phototherapy is not offered here: refer for specialist advice instead."}
                ),
            ]
        }
    )
    assert any("refers nobody" in v for v in contradictions(moderate_child, told))

    severe_child = Scenario(
        age_years=7,
        site="limbs",
        scorad=60,
        tcs_potency="low",
        applications_per_day=2,
        weeks_on_treatment=2,
        adherence_confirmed=True,
        tried=("wet_wrap",),
    )
    rec = recommend(severe_child, CONTENT)
    assert not rec.steroid_trial.fair and rec.refer_urgency == "within_2_weeks"
    assert contradictions(severe_child, rec) == []
    routine = rec.model_copy(update={"refer_urgency": "routine"})
    assert any("not within 2 weeks" in v for v in contradictions(severe_child, routine))
    adequate = rec.model_copy(
        update={
            "refer_reasons": [
                rec.refer_reasons[0].model_copy(
                    update={"text": "An infant whose eczema has not settled on an adequate steroid trial: refer."}
                )
            ]
        }
    )
    assert any("calls the trial adequate" in v for v in contradictions(severe_child, adequate))
