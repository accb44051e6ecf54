"""Altair charts drawn from the clinical content. Pure functions: no Streamlit, no clinical numbers.

Every figure, label and title is read from ``content/*.yaml`` or computed from it; each ``*_chart`` has a
``*_data`` twin with the table behind it, for a "show the data" view; colours come only from the
colour-blind-safe palette in :mod:`.style`. The charts by concept:

- :mod:`.evidence`: wet wraps against steroids, the relapse forest plot and its arithmetic;
- :mod:`.ratings_doses`: strength and certainty of the topical agents, systemic dose ranges;
- :mod:`.timeline`, :mod:`.timeline_spec`, :mod:`.timeline_clock`: every expected timing, and the
  explorer's chart of one plan with its week marker;
- :mod:`.progress`: a learner's results; :mod:`.poll`: a class poll's answers;
- :mod:`.style` and :mod:`.numbers`: layout, wording and number formats shared by all of them.
"""

from pathway.present.charts.evidence import (
    RELAPSE_IDS,
    finding,
    relapse_arithmetic,
    relapse_forest_chart,
    relapse_forest_data,
    wet_wrap_scorad_chart,
    wet_wrap_scorad_data,
)
from pathway.present.charts.ratings_doses import (
    NOT_STATED,
    TOPICAL_CLASSES,
    certainty_columns_chart,
    certainty_matrix_chart,
    certainty_matrix_data,
    systemic_dose_chart,
    systemic_dose_data,
)
from pathway.present.charts.style import OKABE_ITO
from pathway.present.charts.timeline import (
    OPEN_ENDED_LABEL,
    TIMELINE_COLUMNS,
    axis_end,
    due_by_week,
    timeline_chart,
    timeline_data,
    timeline_rows,
    timeline_title,
)

__all__ = [
    "NOT_STATED",
    "OKABE_ITO",
    "OPEN_ENDED_LABEL",
    "RELAPSE_IDS",
    "TIMELINE_COLUMNS",
    "TOPICAL_CLASSES",
    "axis_end",
    "certainty_columns_chart",
    "certainty_matrix_chart",
    "certainty_matrix_data",
    "due_by_week",
    "finding",
    "relapse_arithmetic",
    "relapse_forest_chart",
    "relapse_forest_data",
    "systemic_dose_chart",
    "systemic_dose_data",
    "timeline_chart",
    "timeline_data",
    "timeline_rows",
    "timeline_title",
    "wet_wrap_scorad_chart",
    "wet_wrap_scorad_data",
]
