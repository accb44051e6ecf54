"""Generated cases: unlimited single-best-answer items drawn from the decision engine.

A seed picks a stage to aim at and a patient meant to reach it (:mod:`.aims`, :mod:`.patient`); the
engine decides the answer; the vignette (:mod:`.vignette`) and every choice's reason (:mod:`.reasons`,
:mod:`.facts`, :mod:`.words`) are written from the scenario and the engine's output; :mod:`.item`
puts them together in the question bank's public JSON shape. The same seed always gives the same item.
"""

from pathway.learn.cases.item import LEAD_INS, TOPIC_OF_STAGE, difficulty, generate_case, generate_for_stage

__all__ = ["LEAD_INS", "TOPIC_OF_STAGE", "difficulty", "generate_case", "generate_for_stage"]
