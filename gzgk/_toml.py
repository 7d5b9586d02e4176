"""TOML reading and writing: tomllib (tomli before Python 3.11) and tomli-w."""

from __future__ import annotations

import sys
from typing import Any

import tomli_w

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = ["TOMLDecodeError", "dumps", "loads"]

TOMLDecodeError = tomllib.TOMLDecodeError


def loads(text: str) -> dict[str, Any]:
    """Parse TOML text."""
    return tomllib.loads(text)


def dumps(data: dict[str, object]) -> str:
    """TOML text; line breaks inside strings are escaped, so they survive exactly."""
    return tomli_w.dumps(data)
