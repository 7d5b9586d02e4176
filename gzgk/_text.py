"""Small text helpers: comparing entries, and width in a terminal (CJK takes two columns)."""

from __future__ import annotations

import functools
import math
import re
import unicodedata

__all__ = ["LINE_POINTS", "display_width", "fit", "lines_needed", "normalize"]

LINE_POINTS = 15  # row height per wrapped line at 10–11 pt (LibreOffice does not auto-fit)
_CHARS_PER_WIDTH = 1.0  # an Excel width unit holds about one ASCII or half a CJK character

_SPACE = re.compile(r"\s+")
# Wide (two-column) characters for row-height estimates: CJK, Hangul, full-width forms.
_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
    "\U00020000-\U0003fffd]"
)


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


@functools.lru_cache(maxsize=4096)
def lines_needed(text: str, width: float) -> int:
    """Wrapped lines a text needs in a spreadsheet column of ``width`` (CJK counted double).

    An estimate for row heights (LibreOffice does not fit them itself); cached,
    because the same task texts go into every unit's return.
    """
    per_line = max(1.0, width * _CHARS_PER_WIDTH - 1)
    return max(
        1,
        sum(
            max(1, math.ceil((len(line) + len(_WIDE.findall(line))) / per_line))
            for line in text.split("\n")
        ),
    )
