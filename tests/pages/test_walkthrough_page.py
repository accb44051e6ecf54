"""Walkthrough: stepper, progress, jump list, deep link, current-scenario marker, hand-off to explorer."""

from app_helpers import go, next_step, open_direct, open_page, texts

from pathway.clinical.content import load_content

WALK = "pages/1_Walkthrough.py"
CONTENT = load_content()
STEPS = CONTENT.steps_in_order()


def header(at) -> str:
    return texts(at.header)[0]


def test_previous_next_and_progress():
    at = open_page(WALK)
    assert header(at) == STEPS[0].title
    assert at.button(key="walk_prev").disabled
    at.button(key="walk_next").click().run()
    assert header(at) == STEPS[1].title
    assert f"Step 2 of {len(STEPS)}" in at.get("progress")[0].proto.text
    at.button(key="walk_prev").click().run()
    assert header(at) == STEPS[0].title


def test_jump_list_and_last_step():
    at = open_page(WALK)
    at.selectbox(key="walk_jump").select(STEPS[-1].id).run()
    assert header(at) == STEPS[-1].title
    assert at.button(key="walk_next").disabled


def test_each_step_shows_actions_with_sources():
    at = open_page(WALK)
    for step in STEPS:
        at.selectbox(key="walk_jump").select(step.id).run()
        assert header(at) == step.title
        body = " ".join(texts(at.markdown))
        for action in step.actions:
            assert action.text in body
        assert "Source: " in body or "Sources: " in body
        for therapy_id in step.therapies:
            therapy = CONTENT.therapies[therapy_id]
            assert f"**{therapy.name}**" in body and therapy.regimen.text in body


def test_deep_link_to_a_step_and_bad_step_notice():
    at = open_direct(WALK, step="wet_wrap")
    assert header(at) == CONTENT.steps["wet_wrap"].title
    at = open_direct(WALK, step="4")
    assert header(at) == STEPS[3].title
    at = open_direct(WALK, step="99")
    assert header(at) == STEPS[0].title
    assert any("“step” is “99”, which is not a step of the ladder" in w.value for w in at.warning)


def test_step_of_current_scenario_is_marked():
    at = open_page(WALK, site="trunk", scorad="40", potency="medium", apd="2", weeks="3", adherent="1")
    at.selectbox(key="walk_jump").select("wet_wrap").run()
    assert any("step for the current scenario" in s.value for s in at.success)
    at.selectbox(key="walk_jump").select("maintenance").run()
    assert not any("step for the current scenario" in s.value for s in at.success)


def test_show_me_this_step_in_the_explorer():
    at = open_page(WALK)
    at.selectbox(key="walk_jump").select("maintenance").run()
    at.button(key="walk_explore").click().run()
    assert not at.exception
    assert texts(at.title)[0].endswith("Scenario explorer")
    assert next_step(at) == CONTENT.steps["maintenance"].title


def test_jump_list_survives_a_visit_to_another_page():
    at = open_page(WALK)
    at.selectbox(key="walk_jump").select("systemic").run()
    go(at, "pages/4_Evidence.py")
    go(at, WALK)
    assert header(at) == CONTENT.steps["systemic"].title
    assert at.selectbox(key="walk_jump").value == "systemic"
