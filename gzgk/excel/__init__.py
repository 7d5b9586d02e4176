"""The Excel edge: reading and writing workbooks (openpyxl, xlsxwriter)."""

from __future__ import annotations

__all__: list[str] = []
