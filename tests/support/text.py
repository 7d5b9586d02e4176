"""Text as a PDF lays it out, for the parser tests."""

from __future__ import annotations

__all__ = ["wrap"]

# Characters Chinese typesetting never puts at the start of a line.
NO_LINE_START = "、，。）)；"


def wrap(text: str, width: int) -> list[str]:
    """Text broken into lines of ``width`` characters; punctuation never starts a line."""
    lines: list[str] = []
    current = ""
    for char in text:
        if len(current) >= width and char not in NO_LINE_START:
            lines.append(current)
            current = ""
        current += char
    return [*lines, current] if current else lines
