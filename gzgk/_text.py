"""Small text helpers: comparing entries, and dates as official documents print them.

Printed widths are measured by :data:`gzgk.contract.PRINT`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

__all__ = [
    "FORMULA_STARTS",
    "chinese_date",
    "chinese_moment",
    "normalize",
    "read_day",
    "starts_like_formula",
]

_SPACE = re.compile(r"\s+")
_DAY = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")

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


@functools.lru_cache(maxsize=4096)  # labels, statuses and task numbers recur in every return
def normalize(text: str) -> str:
    """Text for comparing entries: NFKC, no whitespace at all (U+3000 and NBSP too)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def read_day(text: str) -> dt.date | None:
    """A day as an office types it: 2024-07-10, 2024/7/10, 2024.7.10, 2024年7月10日 (None if not).

    The one rule for typed days (``--rounds``, ``--as-of``, 填报日期, the control's
    统计截止日期): full-width digits and spaces are allowed; a day that does not
    exist is None.
    """
    match = _DAY.fullmatch(normalize(text))
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def chinese_date(date: dt.date) -> str:
    """A date as official documents print it, without leading zeros: ``2024年7月5日``."""
    return f"{date.year}年{date.month}月{date.day}日"


def chinese_moment(moment: dt.datetime) -> str:
    """A date and time of day: ``2024年7月10日 18:00``."""
    return f"{chinese_date(moment)} {moment.hour:02d}:{moment.minute:02d}"
