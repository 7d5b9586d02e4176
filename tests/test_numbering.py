"""Chinese task numbers and task references typed by users."""

from __future__ import annotations

import pytest

from gzgk.numbering import format_numeral, parse_numeral, parse_task_ref


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1, "一"),
        (8, "八"),
        (10, "十"),
        (11, "十一"),
        (12, "十二"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
    ],
)
def test_numerals(value: int, text: str) -> None:
    """Numbers and numerals convert both ways."""
    assert format_numeral(value) == text
    assert parse_numeral(text) == value


@pytest.mark.parametrize("text", ["", "零", "二二", "百", "一十十", "A"])
def test_not_numerals(text: str) -> None:
    """Strings that are no numeral of 1…99 give None."""
    assert parse_numeral(text) is None


@pytest.mark.parametrize("value", [0, 100, -3])
def test_numeral_range(value: int) -> None:
    """Only 1…99 have a numeral here."""
    with pytest.raises(ValueError, match="within 1"):
        format_numeral(value)


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("8", 8),
        (" 8 ", 8),
        ("８", 8),
        ("⑧", 8),
        ("八", "八"),
        ("（八）", "八"),
        ("(八)", "八"),
        ("十二、", "十二"),
        ("T08", "T08"),
    ],
)
def test_task_refs(ref: str, expected: int | str) -> None:
    """Arabic and circled digits are sequence numbers; numerals lose their brackets."""
    assert parse_task_ref(ref) == expected
