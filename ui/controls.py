"""Scenario controls: the four that matter most above the result, the rest one tap away."""

from __future__ import annotations

import streamlit as st

from pathway.clinical.base import POTENCIES, SITES, UK_WORDS
from pathway.clinical.content import Content
from pathway.clinical.scenario import SIGNS, TRIED, Scenario
from pathway.clinical.scores import scorad as scorad_score
from pathway.clinical.steroids import product_label
from ui import state
from ui.errors import in_callback

SIGN_LABELS = {
    "bacterial_infection": "Bacterial infection (crusts, weeping, pustules)",
    "eczema_herpeticum": "Eczema herpeticum (grouped vesicles, punched-out erosions)",
    "recurrent_infections": "Recurrent skin infections",
    "contact_dermatitis_suspected": "Suspected contact dermatitis",
    "atypical_presentation": "Atypical or adult-onset presentation",
    "erythroderma": "Erythroderma (inflamed skin over most of the body)",
    "infection_not_settling": "Infection not settling on treatment",
}
TRIED_LABELS = {
    "wet_wrap": "Wet wraps",
    "topical_calcineurin_inhibitor": "Calcineurin inhibitor",
    "newer_topicals": "Newer topicals (ruxolitinib, crisaborole)",
    "phototherapy": "Phototherapy",
}

INTENSITY_ITEMS = ("Erythema", "Oedema / papulation", "Oozing / crusts", "Excoriation", "Lichenification", "Dryness")

# widget key -> scenario field (the steroid, two fields in one widget, is seeded on its own)
KEYS = {
    "w_scorad": "scorad",
    "w_weeks": "weeks_on_treatment",
    "w_weight": "weight_kg",
    "w_site": "site",
    "w_apd": "applications_per_day",
    "w_adherent": "adherence_confirmed",
    "w_signs": "signs",
    "w_tried": "tried",
    "w_qol": "qol_impact",
    "w_photo": "phototherapy_access",
    "w_immuno": "immunocompromised",
    "w_controlled": "controlled",
}
AGE_KEYS = ("w_age_unit", "w_age_value")
STEROID_KEY = "w_steroid"


def steroid_choices(content: Content) -> list[str]:
    """The steroid in use: the documents' words (weakest first), then every named product."""
    return [f"word:{w}" for w in POTENCIES] + [f"product:{p}" for p in content.products]


def steroid_choice(scenario: Scenario) -> str:
    return f"product:{scenario.tcs_product}" if scenario.tcs_product else f"word:{scenario.tcs_potency}"


def steroid_label(choice: str, content: Content) -> str:
    """Both scales wherever a potency is shown: "mometasone furoate 0.1%: potent (UK), US class 4 ..."."""
    kind, value = choice.split(":", 1)
    if kind == "product":
        return product_label(content.products[value])
    if value == "none":
        return "none (emollients only)"
    meaning = content.potency_words[value]
    return f"{meaning.label} (the documents' US word, {meaning.us}): {UK_WORDS[meaning.uk]} on the UK scale"


def steroid_fields(choice: str, content: Content) -> dict:
    kind, value = choice.split(":", 1)
    if kind == "product":
        return {"tcs_product": value, "tcs_potency": content.products[value].word or "none"}
    return {"tcs_product": None, "tcs_potency": value}


def _seed(key: str, value) -> None:
    if key not in st.session_state:
        st.session_state[key] = value


def _seed_all(scenario: Scenario) -> None:
    for key, field in KEYS.items():
        value = getattr(scenario, field)
        _seed(key, list(value) if isinstance(value, tuple) else value)
    _seed(STEROID_KEY, steroid_choice(scenario))
    if "w_age_unit" not in st.session_state:
        months = scenario.age_years < 2
        st.session_state["w_age_unit"] = "months" if months else "years"
        st.session_state["w_age_value"] = round(scenario.age_years * 12, 2) if months else scenario.age_years


def reset_widgets() -> None:
    """Forget widget values so the next run seeds them from the shared scenario."""
    for key in (*KEYS, *AGE_KEYS, STEROID_KEY):
        st.session_state.pop(key, None)


def load_scenario(scenario: Scenario) -> None:
    state.set_current(scenario)
    reset_widgets()


@in_callback
def _use_scorad() -> None:
    value = scorad_score(
        st.session_state["calc_extent"],
        [int(st.session_state[f"calc_i{i}"]) for i in range(6)],
        st.session_state["calc_itch"],
        st.session_state["calc_sleep"],
    )
    st.session_state["w_scorad"] = round(value, 1)


@in_callback
def _age_unit_changed() -> None:
    value = st.session_state.get("w_age_value") or 0
    if st.session_state["w_age_unit"] == "months":
        st.session_state["w_age_value"] = round(min(value * 12, 600), 2)
    else:
        st.session_state["w_age_value"] = round(value / 12, 2)


def scorad_calculator() -> None:
    # drawn only when asked for, so moving the other sliders does not redraw eight widgets
    if not st.toggle("SCORAD calculator", key="calc_open"):
        return
    with st.container(border=True):
        st.caption("SCORAD = A/5 + 7B/2 + C (checked context). Sets the severity slider.")
        st.slider("A: extent (% body surface)", 0, 100, 30, key="calc_extent")
        cols = st.columns(2)
        for i, item in enumerate(INTENSITY_ITEMS):
            cols[i % 2].selectbox(item, [0, 1, 2, 3], index=1, key=f"calc_i{i}")
        st.slider("C: itch (0-10)", 0, 10, 5, key="calc_itch")
        st.slider("C: sleep loss (0-10)", 0, 10, 3, key="calc_sleep")
        st.button("Use this SCORAD", key="calc_use", on_click=_use_scorad)


def duration_slider(container=st) -> float:
    """The shared duration slider (explorer and timelines pages use the same key and state)."""
    scenario = state.current()
    _seed("w_weeks", scenario.weeks_on_treatment)
    top = max(12.0, float(st.session_state["w_weeks"]))
    weeks = container.slider(
        "Weeks on the current regimen without adequate response",
        0.0,
        top,
        step=0.5,
        key="w_weeks",
        format="%g",
    )
    if weeks != scenario.weeks_on_treatment:
        state.update(weeks_on_treatment=weeks)
    return weeks


def main_controls(content: Content) -> tuple[float, float, str, list[str]]:
    """The four controls that matter most, in the main area above the result (phones see them first).

    Nothing between them changes height as they move (the band's line keeps room for two lines,
    ui/style.py), so moving one never moves another."""
    left, right = st.columns(2)
    with left:
        scorad = st.slider("Severity (SCORAD 0-103)", 0.0, 103.0, step=0.1, key="w_scorad", format="%g")
        band = content.severity_band(scorad)
        st.container(key="band_line").caption(f"Band: **{band}** ({content.severity_scheme_words()})")
        weeks = duration_slider(st)
    with right:
        site = st.selectbox("Site", SITES, key="w_site")
        signs = st.multiselect(
            "Signs",
            SIGNS,
            key="w_signs",
            format_func=SIGN_LABELS.__getitem__,
            placeholder="None: choose any that apply",
        )
    return scorad, weeks, site, signs


MORE_OPEN = "more_settings_open"
MORE_LABEL = "More settings: age, weight, steroid in use, adherence, what was tried, other factors"


def _settings_of(scenario: Scenario) -> dict:
    """The "more settings" fields of a scenario, as :func:`more_settings` returns them."""
    return {
        field: getattr(scenario, field)
        for field in (
            "age_years",
            "weight_kg",
            "tcs_potency",
            "tcs_product",
            "applications_per_day",
            "adherence_confirmed",
            "tried",
            "qol_impact",
            "phototherapy_access",
            "immunocompromised",
            "controlled",
        )
    }


def more_settings(content: Content) -> dict:
    """Everything else, one tap away.

    The expander reports whether it is open and its widgets are drawn only then: a slider move
    with it closed sends one element instead of nineteen, and the values come from the scenario
    (which is what the widgets are seeded from when it opens again).
    """
    box = st.expander(MORE_LABEL, icon=":material/tune:", key=MORE_OPEN, on_change="rerun")
    if not box.open:
        return _settings_of(state.current())
    with box:
        first, second = st.columns(2)
        with first:
            unit_col, age_col = st.columns([2, 3])
            unit_col.radio(
                "Age in", ["months", "years"], key="w_age_unit", on_change=_age_unit_changed, horizontal=True
            )
            months = st.session_state["w_age_unit"] == "months"
            age_value = age_col.number_input(
                "Age",
                min_value=0.0,
                max_value=1440.0 if months else 120.0,
                step=1.0 if months else 0.5,
                key="w_age_value",
                format="%g",
            )
            weight = st.number_input(
                "Weight (kg, optional)",
                min_value=0.5,
                max_value=400.0,
                step=0.5,
                value=None,
                key="w_weight",
                placeholder="for weight-based doses",
                format="%g",
            )
            steroid = st.selectbox(
                "Steroid in use (a product, or only the documents' word)",
                steroid_choices(content),
                key=STEROID_KEY,
                format_func=lambda choice: steroid_label(choice, content),
            )
            apd = st.slider("Applications per day", 0, 4, key="w_apd")
            adherent = st.checkbox("Adherence and quantity confirmed", key="w_adherent")
        with second:
            tried = st.multiselect(
                "Already tried without success",
                TRIED,
                key="w_tried",
                format_func=TRIED_LABELS.__getitem__,
                placeholder="Nothing yet",
            )
            qol = st.checkbox("Significant impact on work, school or relationships", key="w_qol")
            photo = st.checkbox("Phototherapy within reach", key="w_photo")
            immuno = st.checkbox("Immunocompromised", key="w_immuno")
            controlled = st.checkbox("Disease now controlled", key="w_controlled")
            scorad_calculator()
    age_years = round(age_value / 12, 4) if months else age_value
    return dict(
        age_years=min(age_years, 120),
        weight_kg=weight,
        **steroid_fields(steroid, content),
        applications_per_day=apd,
        adherence_confirmed=adherent,
        tried=tuple(tried),
        qol_impact=qol,
        phototherapy_access=photo,
        immunocompromised=immuno,
        controlled=controlled,
    )


def scenario_controls(content: Content) -> Scenario:
    """All scenario controls in the main area; returns the scenario they describe."""
    _seed_all(state.current())
    scorad, weeks, site, signs = main_controls(content)
    rest = more_settings(content)
    scenario = Scenario(scorad=scorad, weeks_on_treatment=weeks, site=site, signs=tuple(signs), **rest)
    state.set_current(scenario)
    return scenario
