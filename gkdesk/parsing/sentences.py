"""Sentence helpers shared by the layouts: a task's title is its first sentence."""

from __future__ import annotations

import re

_OPEN = "(（[【《“‘"
_CLOSE = ")）]】》”’"
_TRIM = " \t\u3000。.;；:：，,、"
_BRACKETS = re.compile("[" + re.escape(_OPEN + _CLOSE) + "]")


def _first_stop(text: str, stops: str) -> int:
    found = [i for i in (text.find(c) for c in stops) if i >= 0]
    return min(found) if found else -1


def first_sentence(text: str, stops: str = "。！？", weak: str = "?") -> str:
    """Text up to the first sentence end outside brackets and quotes, without that end.

    When a closing quote or bracket is missing (damaged web copies), brackets are ignored
    rather than swallowing the whole paragraph. ``weak`` stops (a "?" that a bad web copy left
    where a 。 was) count only outside brackets and quotes.
    """
    first = _first_stop(text, stops + weak)
    if first < 0 or not _BRACKETS.search(text, 0, first):
        # No bracket or quote before the first stop (most titles): no need to walk the text.
        return text if first < 0 else text[:first]
    depth = 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif (ch in stops or ch in weak) and depth == 0:
            return text[:i]
    for i, ch in enumerate(text):
        if ch in stops:
            return text[:i]
    return text


def trim_end(text: str) -> str:
    """Drop trailing punctuation and spaces (a heading printed as "(二)基本原则。")."""
    return text.strip().rstrip(_TRIM).strip()
