"""The clinical core: content models and loader, scenario contract, engine, limits, scores, dosing.

Imports nothing from the other parts of :mod:`pathway` (learn, present, store)."""
