"""Reading notices: PDF-extracted text, 分工表 grids, and gzgk's own JSON/TOML."""

from __future__ import annotations

from gzgk.parse.grid import parse_grid
from gzgk.parse.result import ParseResult
from gzgk.parse.text import parse_text

__all__ = ["ParseResult", "parse_grid", "parse_text"]
