"""Every link, copy text and address a page offers, read from the AppTest element tree, and whether it sits
in the one place a learner's private key may be: the box labelled "Your private link" (ui/learner.py).

Each element's whole message is searched (a page link's query, a link button's address, a code block, the
copy button's script, any text), so a key cannot hide in a kind of element the test did not think of.
"""

from __future__ import annotations

from collections.abc import Iterator

from streamlit.testing.v1 import AppTest

from ui.learner import PRIVATE_LINK, PRIVATE_WARNING


def _walk(node, private: bool = False) -> Iterator[tuple[object, bool]]:
    private = private or getattr(node, "key", None) == PRIVATE_LINK
    children = getattr(node, "children", None)
    if children:
        for child in children.values():
            yield from _walk(child, private)
    elif getattr(node, "proto", None) is not None:
        yield node, private


def offered(at: AppTest) -> list[tuple[str, str, bool]]:
    """(kind, the element's whole message as text, inside the private-link box) for every element drawn."""
    return [(type(node).__name__, str(node.proto), private) for node, private in _walk(at._tree)]


def shared_links(at: AppTest) -> list[str]:
    """Every page link, link button, code block and copy button outside the private-link box."""
    kinds = {"PageLink", "Code", "LinkButton"}
    found = []
    for kind, text, private in offered(at):
        if private:
            continue
        if kind in kinds or "navigator.clipboard" in text:
            found.append(text)
    return found


def assert_key_only_in_the_private_link(at: AppTest, key: str, *, signed_in: bool = True) -> None:
    """The key is in nothing the page offers but the box labelled private, which a signed-in learner is
    offered (with the warning) and nobody else is."""
    leaks = [(kind, text[:300]) for kind, text, private in offered(at) if key in text and not private]
    assert leaks == [], f"the private key is in something offered to share or copy: {leaks}"
    inside = [text for _kind, text, private in offered(at) if private]
    assert any(key in text for text in inside) == signed_in, "the private link is offered to the learner only"
    if signed_in:
        assert any(PRIVATE_WARNING in text for text in inside), "the private link is labelled private"
