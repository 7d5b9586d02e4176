"""Chinese task numbers: 一 … 九十九, as printed in 任务分工表 (（一）, (十二), 3., ③)."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["format_numeral", "parse_numeral", "parse_task_ref"]

_DIGITS = "零一二三四五六七八九"
_NUMERAL = re.compile(r"(?:([一二三四五六七八九])?(十))?([一二三四五六七八九])?")
_BRACKETS = "()（）〔〕[]【】.、．"
_MAX = 99


def format_numeral(value: int) -> str:
    """The Chinese numeral of 1…99: ``12`` → ``十二``, ``20`` → ``二十``.

    Raises:
        ValueError: the value is outside 1…99.
    """
    if not 1 <= value <= _MAX:
        raise ValueError(f"task numbers must be within 1…{_MAX} (got {value})")
    tens, ones = divmod(value, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def parse_numeral(text: str) -> int | None:
    """The value of a Chinese numeral of 1…99, or None: ``十二`` → ``12``."""
    match = _NUMERAL.fullmatch(text)
    if not text or match is None:
        return None
    tens_digit, ten, ones_digit = match.groups()
    if tens_digit and not ten:
        return None
    tens = (_DIGITS.index(tens_digit) if tens_digit else 1) if ten else 0
    ones = _DIGITS.index(ones_digit) if ones_digit else 0
    return tens * 10 + ones


def parse_task_ref(ref: str) -> int | str:
    """Normalize a task reference typed by a user.

    Arabic digits give a sequence number (``8`` → ``8``); a Chinese numeral,
    with or without brackets, gives the printed number (``（八）`` → ``八``);
    circled digits count as Arabic (``⑧`` → ``8``). Anything else is returned
    stripped.
    """
    text = unicodedata.normalize("NFKC", ref).strip().strip(_BRACKETS).strip()
    if text.isdigit():
        return int(text)
    return text
