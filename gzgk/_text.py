"""Width of text in a terminal, where CJK characters take two columns."""

from __future__ import annotations

import unicodedata

__all__ = ["display_width", "fit"]


def display_width(text: str) -> int:
    """Columns the text takes in a monospaced layout (CJK counts 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit(text: str, width: int) -> str:
    """The text cut to at most ``width`` columns (with …), padded to exactly ``width``."""
    if display_width(text) > width:
        kept = ""
        for ch in text:
            if display_width(kept + ch) > width - 1:
                break
            kept += ch
        text = kept + "…"
    return text + " " * (width - display_width(text))
