"""The lecture as a 16:9 PowerPoint deck: the same slides as presenter mode, as real, editable text.

- :mod:`.build`: one slide of each kind, the notes, the charts as pictures (vl-convert; ``chart_png`` draws
  them for the projector too), the file;
- :mod:`.layout`: the page's geometry and text sizes; :mod:`.ladder`: the ladder as shapes;
  :mod:`.reveal`: points that appear one click at a time.
"""

from pathway.present.deck.build import build_deck, chart_png, write_deck

__all__ = ["build_deck", "chart_png", "write_deck"]
