"""What a class poll accepts: its question, and the join code students type."""

from __future__ import annotations

import re
import secrets
from typing import Any

# No 0/O, 1/I: nothing to misread on a projector or mistype on a phone.
JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015]+")
MAX_CHOICES = 10
_LIMITS = {"id": 120, "stem": 4000, "lead_in": 400, "choice_id": 80, "text": 1000, "explanation": 4000}


def new_join_code() -> str:
    """Six random characters from :data:`JOIN_CODE_ALPHABET` (about 10^9 codes)."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def display_join_code(code: str) -> str:
    """``ABCDEF`` as ``ABC-DEF``, easier to read aloud; lookups ignore the dash."""
    return f"{code[:3]}-{code[3:]}"


def check_join_code(text: object) -> str:
    """The code in its stored form (capitals, no spaces or dashes), or ValueError saying what is wrong."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("Type the 6-character code shown on the presenter's screen.")
    code = _SEPARATORS.sub("", text).upper()
    if len(code) != JOIN_CODE_LENGTH:
        raise ValueError(f"A join code has {JOIN_CODE_LENGTH} characters; this one has {len(code)}.")
    wrong = sorted(set(code) - set(JOIN_CODE_ALPHABET))
    if wrong:
        raise ValueError("A join code uses the letters A-Z except I and O, and the digits 2-9; not: " + " ".join(wrong))
    return code


def _text(where: str, value: Any, limit: int, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > limit:
        need = "a non-empty text" if required else "a text"
        raise ValueError(f"{where} must be {need} of at most {limit} characters")
    return value


def check_question(question: dict[str, Any]) -> dict[str, Any]:
    """The question in the shape polls store, or ValueError naming what is wrong.

    ``{"id", "stem", "lead_in", "choices": [{"id", "text", "explanation"}], "answer"}``: 2 to 10
    choices with distinct ids, an explanation per choice (may be empty), and the answer one of the
    choice ids. Other keys are dropped.
    """
    if not isinstance(question, dict):
        raise ValueError("a poll question must be a dict")
    choices = question.get("choices")
    if not isinstance(choices, list) or not 2 <= len(choices) <= MAX_CHOICES:
        raise ValueError(f"a poll question needs 2 to {MAX_CHOICES} choices in a list")
    cleaned = []
    for number, choice in enumerate(choices, start=1):
        if not isinstance(choice, dict):
            raise ValueError(f"choice {number} must be a dict with id, text and explanation")
        cleaned.append(
            {
                "id": _text(f"choice {number}'s id", choice.get("id"), _LIMITS["choice_id"]),
                "text": _text(f"choice {number}'s text", choice.get("text"), _LIMITS["text"]),
                "explanation": _text(
                    f"choice {number}'s explanation", choice.get("explanation"), _LIMITS["explanation"], required=False
                ),
            }
        )
    ids = [choice["id"] for choice in cleaned]
    if len(set(ids)) != len(ids):
        raise ValueError(f"choice ids must differ: {ids}")
    if question.get("answer") not in ids:
        raise ValueError(f"the answer must be one of the choice ids {ids}, not {question.get('answer')!r}")
    return {
        "id": _text("the question's id", question.get("id"), _LIMITS["id"]),
        "stem": _text("the stem", question.get("stem"), _LIMITS["stem"]),
        "lead_in": _text("the lead-in", question.get("lead_in"), _LIMITS["lead_in"], required=False),
        "choices": cleaned,
        "answer": question["answer"],
    }
