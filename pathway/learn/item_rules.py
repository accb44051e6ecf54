"""NBME-style item-writing rules for the question bank, checked in code.

Each problem is one line that names the file, the item and the rule, for example
``questions.yaml: q_x: rule none_of_the_above: choice c says "none of the above"``.
Bank-wide rules name ``(bank)`` instead of an item. The file is ``questions.yaml`` unless the caller
says which file an item came from (``tools/check_items.py`` checks a draft file with the bank).

The checks work on any object with the attributes of :class:`pathway.learn.bank.Question`
(``id, kind, stem, lead_in, choices[id, text, explanation], answer, sources``), so this module
needs no import from the bank module.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

FILE = "questions.yaml"

MIN_CHOICES, MAX_CHOICES = 4, 6
MIN_EXPLANATION = 20  # characters
MIN_LEAD_IN_WORDS = 5
LENGTH_RATIO, LENGTH_GAP = 4.0, 40  # rule 4: longest > 4x shortest AND > 40 characters longer
LONGEST_ANSWER_MARGIN = 1.5  # rule 5: answer longer than every other choice by more than 50%
LONGEST_ANSWER_SHARE = 0.35  # rule 5: share of items whose answer is the strictly longest choice
POSITION_SHARE = 0.40  # rule 5: share of answers any one position may hold
MIN_BANK_FOR_SHARES = 10  # the two share rules say nothing about a handful of items

_ABOVE = re.compile(r"\b(all|none)\s+of\s+the\s+above\b", re.IGNORECASE)
_NEGATIVE = re.compile(r"\b(except|not|least|false|incorrect)\b", re.IGNORECASE)
_FRAGMENT = re.compile(r"which\s+of\s+the\s+following\s+(is|are)\s+(true|correct)|which\s+statements?\b", re.IGNORECASE)
_QUOTED = re.compile(r"[\"\u201c\u201d]|\b(states|slide|handout)\b", re.IGNORECASE)

# Rule 4, "mostly numeric": a choice that has a number and at most one word besides numbers,
# units and fillers ("3-6 mg/kg/day", "Cyclosporine 3-6 mg/kg/day", "up to 14 days", "RR 0.78").
# "Document 000" / "document 003" name a source, not a figure, so they are dropped first.
_DOCUMENT_NAME = re.compile(r"\bdocuments?\s+\d{3}\b", re.IGNORECASE)
_UNITS = {
    "mg",
    "g",
    "kg",
    "mg/kg",
    "mg/kg/day",
    "mg/day",
    "mg/week",
    "g/day",
    "ml",
    "nm",
    "%",
    "hour",
    "hours",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "daily",
    "weekly",
    "once",
    "twice",
    "times",
    "fold",
    "rr",
    "ci",
    "med",
    "points",
}
_FILLERS = {
    "a",
    "an",
    "the",
    "about",
    "approximately",
    "up",
    "to",
    "at",
    "per",
    "of",
    "from",
    "and",
    "or",
    "every",
    "each",
    "over",
    "for",
    "in",
    "by",
    "with",
}
_MAX_WORDS_IN_A_FIGURE = 1


def _line(file: str, item_id: str, rule: str, what: str) -> str:
    return f"{file}: {item_id}: rule {rule}: {what}"


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def is_mostly_numeric(text: str) -> bool:
    """A dose or figure rather than a phrase (rule 4)."""
    text = _DOCUMENT_NAME.sub(" ", text)
    if not re.search(r"\d", text):
        return False
    words = 0
    for token in re.split(r"[\s,;:()]+", text.casefold()):
        token = token.strip(".")
        if not token or re.search(r"\d", token) or token in _UNITS or token in _FILLERS:
            continue
        words += 1
    return words <= _MAX_WORDS_IN_A_FIGURE


# Rule 4, "numeric order": choices that are all figures of one kind (lengths of time, ages, doses of
# one unit, bare numbers) are listed smallest first, by the figure each leads with ("3-7 days" counts
# as 3 days). One function, :func:`numeric_order`, serves the validator and the case generator.
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
# after the first number: an optional range ("-7", "\u20137", " to 7"), then the unit token, if any
_UNIT_AFTER = re.compile(r"(?:\s*(?:-|\u2013|to)\s*\d[\d,.]*)?\s*(%|[a-z\u00b5]+(?:/[a-z\u00b5\u00b2\u00b3\d]+)*)?")
_DAYS = 1.0
_TIME = {  # unit -> days
    "h": _DAYS / 24,
    "hr": _DAYS / 24,
    "hrs": _DAYS / 24,
    "hour": _DAYS / 24,
    "hours": _DAYS / 24,
    "day": _DAYS,
    "days": _DAYS,
    "wk": 7 * _DAYS,
    "wks": 7 * _DAYS,
    "week": 7 * _DAYS,
    "weeks": 7 * _DAYS,
    "month": 365.25 / 12 * _DAYS,
    "months": 365.25 / 12 * _DAYS,
    "year": 365.25 * _DAYS,
    "years": 365.25 * _DAYS,
}
_MASS = {"mcg": 0.001, "\u00b5g": 0.001, "microgram": 0.001, "micrograms": 0.001, "mg": 1.0, "g": 1000.0}
# a choice that stands for the others ("all of the above", "none of these"): listed after the figures
_COVERS_OTHERS = re.compile(r"\b(all|none|neither|both)\s+of\s+(the\s+above|these|them)\b", re.IGNORECASE)


def figure(text: str) -> tuple[str, float] | None:
    """What the figure a choice leads with counts and its size: ``("time", days)`` for a length of time
    or an age, ``("mass", mg)`` for mg, g or mcg, ``(unit, number)`` for any other unit ("mg/kg/day",
    "%", "" for a bare number). None when the choice is not a figure (a phrase, or no number).
    A document's name ("document 000") is not a figure."""
    if not is_mostly_numeric(text):
        return None
    text = _DOCUMENT_NAME.sub(" ", text).casefold()
    match = _NUMBER.search(text)
    if match is None:
        return None
    value = float(match.group(0).replace(",", ""))
    after = _UNIT_AFTER.match(text, match.end())
    unit = after.group(1) if after and after.group(1) else ""
    if unit in _TIME:
        return "time", value * _TIME[unit]
    if unit in _MASS:
        return "mass", value * _MASS[unit]
    if unit not in _UNITS and unit != "%" and "/" not in unit:
        unit = ""  # a word after the number ("26, moderate", "RR 0.78"): a bare number
    return unit, value


def numeric_order(texts: Sequence[str]) -> list[int] | None:
    """The positions of the choice ``texts`` in numeric order, smallest first (ties keep their places;
    an "all of the above"-style choice goes last), or None when the rule does not apply: a choice that
    is not a figure, figures of different kinds (days and mg, mg and mg/kg/day), or fewer than two.

    The validator (rule ``numeric_order``) reports an item whose order differs; the case generator
    lists its choices in this order."""
    figures: list[tuple[int, tuple[str, float]]] = []
    covering: list[int] = []
    for index, text in enumerate(texts):
        if _COVERS_OTHERS.search(text):
            covering.append(index)
            continue
        found = figure(text)
        if found is None:
            return None
        figures.append((index, found))
    if len(figures) < 2 or len({kind for _, (kind, _) in figures}) > 1:
        return None
    return [index for index, _ in sorted(figures, key=lambda f: f[1][1])] + covering


def _answer_index(item: Any) -> int | None:
    for index, choice in enumerate(item.choices):
        if choice.id == item.answer:
            return index
    return None


def _answer_strictly_longest(item: Any) -> bool:
    index = _answer_index(item)
    if index is None or len(item.choices) < 2:
        return False
    answer = len(item.choices[index].text.strip())
    return all(answer > len(c.text.strip()) for i, c in enumerate(item.choices) if i != index)


def check_item(item: Any, reference_ids: Iterable[str] | None = None, file: str = FILE) -> list[str]:
    """Every item-level rule; ``[]`` when the item is fine. Unknown sources are checked only
    when ``reference_ids`` is given; ``file`` is the file the item is in, named on each line."""
    qid = item.id
    out: list[str] = []
    choices = list(item.choices)

    def problem(rule: str, what: str) -> str:
        return _line(file, qid, rule, what)

    # 1. no "all of the above" / "none of the above"
    for c in choices:
        for match in _ABOVE.finditer(c.text):
            rule = f"{match.group(1).lower()}_of_the_above"
            out.append(problem(rule, f'choice {c.id} says "{match.group(0)}"'))

    # 2. no negative lead-in (the stem may use these words)
    for match in _NEGATIVE.finditer(item.lead_in):
        out.append(problem("negative_lead_in", f'the lead-in uses "{match.group(0)}"'))

    # 3. 4-6 choices, unique ids and texts, the answer is one of the choice ids
    if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
        out.append(problem("choice_count", f"{len(choices)} choices (need {MIN_CHOICES}-{MAX_CHOICES})"))
    for choice_id, n in Counter(c.id for c in choices).items():
        if n > 1:
            out.append(problem("duplicate_choice_id", f"choice id {choice_id} is used {n} times"))
    seen: dict[str, str] = {}
    for c in choices:
        key = _norm(c.text)
        if key in seen:
            out.append(problem("duplicate_choice_text", f"choice {c.id} repeats choice {seen[key]}"))
        else:
            seen[key] = c.id
    if _answer_index(item) is None:
        out.append(problem("answer_key", f"answer '{item.answer}' is not one of the choice ids"))

    # 4. choices of one kind: not figures mixed with phrases, no wild spread of lengths
    numeric = [c.id for c in choices if is_mostly_numeric(c.text)]
    if numeric and len(numeric) < len(choices):
        others = [c.id for c in choices if c.id not in numeric]
        out.append(
            problem("mixed_choice_kinds", f"choices {', '.join(numeric)} are figures but {', '.join(others)} are not")
        )
    order = numeric_order([c.text for c in choices])
    if order is not None and order != list(range(len(choices))):
        shown = ", ".join(f'{c.id} "{c.text}"' for c in choices)
        wanted = ", ".join(choices[i].id for i in order)
        out.append(problem("numeric_order", f"choices are figures out of numeric order ({shown}); list them {wanted}"))
    lengths = {c.id: len(c.text.strip()) for c in choices}
    if lengths:
        longest = max(lengths, key=lengths.__getitem__)
        shortest = min(lengths, key=lengths.__getitem__)
        lo, hi = lengths[shortest], lengths[longest]
        if hi > LENGTH_RATIO * lo and hi - lo > LENGTH_GAP:
            out.append(problem("choice_lengths", f"choice {longest} has {hi} characters, choice {shortest} only {lo}"))

    # 5. the answer is not conspicuously the longest
    index = _answer_index(item)
    if index is not None and len(choices) > 1:
        answer_len = len(choices[index].text.strip())
        other = max(len(c.text.strip()) for i, c in enumerate(choices) if i != index)
        if answer_len > LONGEST_ANSWER_MARGIN * other:
            out.append(
                problem("longest_answer", f"the answer has {answer_len} characters, the longest other choice {other}")
            )

    # 6. a complete question: ends with "?", at least 5 words, not a "which is true" fragment
    lead_in = item.lead_in.strip()
    if not lead_in.endswith("?"):
        out.append(problem("lead_in_question", 'the lead-in does not end with "?"'))
    if len(lead_in.split()) < MIN_LEAD_IN_WORDS:
        out.append(problem("lead_in_length", f"the lead-in has fewer than {MIN_LEAD_IN_WORDS} words"))
    fragment = _FRAGMENT.search(lead_in)
    if fragment:
        out.append(problem("lead_in_fragment", f'"{fragment.group(0)}" cannot be answered with the choices covered'))

    # 7. every choice explained; sources given and known
    for c in choices:
        if len(c.explanation.strip()) < MIN_EXPLANATION:
            out.append(problem("explanation", f"choice {c.id} has an explanation under {MIN_EXPLANATION} characters"))
    if not item.sources:
        out.append(problem("sources", "no sources"))
    elif reference_ids is not None:
        known = set(reference_ids)
        for source in item.sources:
            if source not in known:
                out.append(problem("unknown_source", f"'{source}' is not a reference in references.yaml"))

    # 8. a spot-the-error item quotes the statement it asks about
    if item.kind == "spot_the_error" and not _QUOTED.search(item.stem):
        out.append(
            problem(
                "spot_the_error_quote",
                'the stem quotes no statement (no quotation mark and no "states", "slide" or "handout")',
            )
        )
    return out


def check_bank(
    items: Iterable[Any], reference_ids: Iterable[str] | None = None, files: Sequence[str] | None = None
) -> list[str]:
    """Every item's rules, then the bank-wide ones: unique ids, the answer not the longest choice in
    more than 35% of items, no answer position holding more than 40% of answers.

    ``files[i]`` names the file ``items[i]`` is in (default: ``questions.yaml`` for every item); a
    bank-wide line names every file checked."""
    items = list(items)
    where = list(files) if files is not None else [FILE] * len(items)
    if len(where) != len(items):
        raise ValueError(f"{len(items)} items but {len(where)} file names")
    known = set(reference_ids) if reference_ids is not None else None
    out: list[str] = []
    for item, file in zip(items, where):
        out.extend(check_item(item, known, file))
    files_of: dict[str, list[str]] = {}
    for item, file in zip(items, where):
        files_of.setdefault(item.id, []).append(file)
    for item_id, in_files in files_of.items():
        if len(in_files) > 1:
            also = f" (in {', '.join(dict.fromkeys(in_files))})" if len(set(in_files)) > 1 else ""
            out.append(_line(in_files[-1], item_id, "duplicate_id", f"the id is used by {len(in_files)} items{also}"))
    if len(items) < MIN_BANK_FOR_SHARES:
        return out
    bank = ", ".join(dict.fromkeys(where))
    longest = [item.id for item in items if _answer_strictly_longest(item)]
    if len(longest) > LONGEST_ANSWER_SHARE * len(items):
        out.append(
            _line(
                bank,
                "(bank)",
                "longest_answer_share",
                f"the answer is the longest choice in {len(longest)} of {len(items)} items "
                f"(over {LONGEST_ANSWER_SHARE:.0%})",
            )
        )
    positions = Counter(i for i in (_answer_index(item) for item in items) if i is not None)
    for position, n in sorted(positions.items()):
        if n > POSITION_SHARE * len(items):
            out.append(
                _line(
                    bank,
                    "(bank)",
                    "answer_positions",
                    f"position {chr(ord('a') + position)} holds {n} of {len(items)} answers "
                    f"(over {POSITION_SHARE:.0%})",
                )
            )
    return out


def answer_position_counts(items: Iterable[Any]) -> dict[str, int]:
    """How many answers sit at each position (a, b, c, ...), for reports and tests."""
    counts = Counter(_answer_index(item) for item in items)
    return {chr(ord("a") + i): counts[i] for i in sorted(k for k in counts if k is not None)}
