"""Generated cases: unlimited single-best-answer items drawn from the decision engine.

A seed picks a stage to aim at and a patient meant to reach it (:mod:`.aims`, :mod:`.patient`); the
engine decides the answer; the vignette (:mod:`.vignette`) and every choice's reason (:mod:`.reasons`,
:mod:`.facts`, :mod:`.words`) are written from the scenario and the engine's output; :mod:`.item`
puts them together in the question bank's public JSON shape. The same seed always gives the same item.
"""

from pathway.learn.cases.item import LEAD_INS, difficulty, generate_case, generate_for_stage
from pathway.learn.cases.words import CHOICE_TEXT

__all__ = ["CHOICE_TEXT", "LEAD_INS", "difficulty", "generate_case", "generate_for_stage"]
