"""Small text helpers: comparing entries, and width in a terminal (CJK takes two columns)."""

from __future__ import annotations

import math
import re
import unicodedata

__all__ = ["LINE_POINTS", "display_width", "fit", "lines_needed", "normalize"]

LINE_POINTS = 15  # row height per wrapped line at 10–11 pt (LibreOffice does not auto-fit)
_CHARS_PER_WIDTH = 1.0  # an Excel width unit holds about one ASCII or half a CJK character

_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Text for comparing entries: NFKC, no whitespace at all (U+3000 and NBSP too)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


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


def lines_needed(text: str, width: float) -> int:
    """Wrapped lines a text needs in a spreadsheet column of ``width`` (CJK counted double)."""
    lines = text.split("\n")
    per_line = max(1.0, width * _CHARS_PER_WIDTH - 1)
    return max(1, sum(max(1, math.ceil(display_width(line) / per_line)) for line in lines))
