"""Private keys (a learner's resume key, a presenter's key) and voter tokens.

A private key is ``secrets.token_urlsafe(24)``: 192 random bits in 32 URL-safe characters, shown
once and never stored. The database keeps only its SHA-256. Because the key is random and long, not
chosen by a person, there is nothing to guess from a dictionary: a salt or a slow KDF (bcrypt,
scrypt, argon2) protects low-entropy passwords and would add nothing here but latency. A lookup is
by hash, so timing reveals nothing about the key itself.
"""

from __future__ import annotations

import hashlib
import re
import secrets

PRIVATE_KEY_BYTES = 24  # 192 bits; at least 128 are required
_KEY_SHAPE = re.compile(r"[A-Za-z0-9_-]{22,64}")
_VOTER_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_private_key() -> str:
    return secrets.token_urlsafe(PRIVATE_KEY_BYTES)


def key_hash(key: str) -> str:
    """SHA-256 of the key, as 64 hex characters."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def clean_private_key(text: str) -> str | None:
    """The key with surrounding spaces removed, or None when it cannot be one of ours."""
    key = text.strip() if isinstance(text, str) else ""
    return key if _KEY_SHAPE.fullmatch(key) else None


def new_voter_token() -> str:
    """A phone's anonymous voter token (128 bits), kept in its URL; never the IP address."""
    return secrets.token_urlsafe(16)


def check_voter_token(text: str) -> str:
    if not isinstance(text, str) or not _VOTER_TOKEN_SHAPE.fullmatch(text):
        raise ValueError("a voter token is 16 to 64 letters, digits, '-' or '_'")
    return text
