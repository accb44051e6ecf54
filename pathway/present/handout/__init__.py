"""A printable handout of one scenario's recommendation, as self-contained HTML and as Markdown.

- :mod:`.build`: the two formats; :mod:`.text`: the wording both share; :mod:`.style`: the HTML's CSS.
"""

from pathway.present.handout.build import cited_reference_ids, handout_filename, handout_html, handout_markdown

__all__ = ["cited_reference_ids", "handout_filename", "handout_html", "handout_markdown"]
