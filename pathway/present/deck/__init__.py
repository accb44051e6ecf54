"""The lecture as a 16:9 PowerPoint deck: the same slides as presenter mode, as real, editable text.

- :mod:`.build`: one slide of each kind, the notes, the charts as pictures drawn for the slide
  (``slides.projected``, vl-convert), the file;
- :mod:`.layout`: the page's geometry and text sizes; :mod:`.ladder`: the ladder as shapes;
  :mod:`.reveal`: points that appear one click at a time.
"""

from pathway.present.deck.build import build_deck, write_deck

__all__ = ["build_deck", "write_deck"]
