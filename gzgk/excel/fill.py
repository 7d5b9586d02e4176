"""Filling a return from Python: for a unit's own scripts, for the demo and for tests.

The source workbook is read, never changed; the filled copy is written
atomically. Entries are written as text (a value starting with ``=`` stays
text), the date as a date.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from gzgk._text import normalize
from gzgk.contract import PRINT, RETURN
from gzgk.errors import GzgkError
from gzgk.files import write_atomic
from gzgk.returns import Filled

from .return_data import cell_text

__all__ = ["fill_return", "fill_sheet", "fit_rows"]


def _put(sheet: Worksheet, address: str, value: object) -> None:
    cell = sheet[address]
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # text that starts with = stays text
    elif value is not None:
        cell.number_format = RETURN.DATE_FORMAT


def fit_rows(sheet: Worksheet) -> None:
    """Make every task row tall enough for what its cells hold now (never lower a row).

    Rows keep the height they were given, so text typed or filled in later
    would be cut on paper (LibreOffice and WPS do not fit rows, Excel does not
    fit rows of a set height).
    """
    table = RETURN.table_of(cell_text(cell.value) for cell in sheet[RETURN.HEADER_ROW])
    widths: list[float] = []
    for column in table:
        width = sheet.column_dimensions[column.letter].width
        widths.append(width or column.width)
    for row in range(RETURN.FIRST_ROW, sheet.max_row + 1):
        texts = [
            (cell_text(sheet.cell(row=row, column=column + 1).value), width)
            for column, width in enumerate(widths)
        ]
        needed = PRINT.row_height(texts)
        row_dimension = sheet.row_dimensions[row]
        if (row_dimension.height or 0) < needed:
            row_dimension.height = needed


def fill_sheet(sheet: Worksheet, filled: Filled) -> list[str]:
    """Write the header block and entries into an entry sheet; task numbers not found.

    Works on either task table (with last round's columns or without); an
    entry's ``news`` (本期是否有新进展) is written where the table has it.
    """
    for header in RETURN.entry_fields:
        _put(sheet, header.cell, getattr(filled, header.key) or None)
    labels = [cell_text(cell.value) for cell in sheet[RETURN.HEADER_ROW]]
    table = RETURN.table_of(labels)
    keys = [column.key for column in table if column.entry]
    rows: dict[str, int] = {}
    number = RETURN.column("number", table)
    for row in range(RETURN.HEADER_ROW + 1, sheet.max_row + 1):
        label = normalize(cell_text(sheet[number.cell(row)].value))
        if label:
            rows[label.strip("()")] = row
    missing: list[str] = []
    for task_number, entry in filled.entries.items():
        target = rows.get(normalize(task_number).strip("()"))
        if target is None:
            missing.append(task_number)
            continue
        for key in keys:
            _put(sheet, RETURN.column(key, table).cell(target), getattr(entry, key) or None)
    fit_rows(sheet)
    return missing


def fill_return(source: str | Path, target: str | Path, filled: Filled) -> list[str]:
    """Write ``filled`` into a copy of the return ``source`` saved as ``target``.

    Returns the task numbers of ``filled.entries`` the return does not have.
    """
    book = load_workbook(source)
    sheet = book[RETURN.ENTRY_SHEET]
    if not isinstance(sheet, Worksheet):
        raise GzgkError(f"“{RETURN.ENTRY_SHEET}”是图表，不是工作表：{source} 不是可以填写的报送表")
    missing = fill_sheet(sheet, filled)
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomic(target, buffer.getvalue())
    return missing
