"""Small text helpers: comparing entries, and the lines a text needs in a spreadsheet column.

Widths count as a terminal does (CJK takes two columns): ``rich.cells.cell_len``.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata

from rich.cells import cell_len

__all__ = ["FORMULA_STARTS", "LINE_POINTS", "lines_needed", "normalize", "starts_like_formula"]

LINE_POINTS = 15  # row height per wrapped line at 10–11 pt (LibreOffice does not auto-fit)
_CHARS_PER_WIDTH = 1.0  # an Excel width unit holds about one ASCII or half a CJK character

_SPACE = re.compile(r"\s+")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
"""What a spreadsheet takes for the start of a formula (or of an injection through CSV).

The one rule for text that starts like a formula: validation warns about it
(``formula-in-entry``), the summary workbook, the CSV and the control
workbook keep it text (quote prefix or a leading apostrophe), whatever the
unit typed after it (``+1``, ``-2+3`` and ``+cmd|' /C calc'!A0`` alike).
"""


def starts_like_formula(text: str) -> bool:
    """Whether a spreadsheet would take this text, typed into a cell, for a formula."""
    return text.startswith(FORMULA_STARTS)


def normalize(text: str) -> str:
    """Text for comparing entries: NFKC, no whitespace at all (U+3000 and NBSP too)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


@functools.lru_cache(maxsize=4096)
def lines_needed(text: str, width: float) -> int:
    """Wrapped lines a text needs in a spreadsheet column of ``width`` (CJK counted double).

    An estimate for row heights (LibreOffice does not fit them itself); cached,
    because the same task texts go into every unit's return.
    """
    per_line = max(1.0, width * _CHARS_PER_WIDTH - 1)
    return max(1, sum(max(1, math.ceil(cell_len(line) / per_line)) for line in text.split("\n")))
