"""A return as plain data: what the readers produce and the checks consume.

Any reader (a file read with python-calamine, an openpyxl workbook in memory,
an open workbook in Excel through xlwings) fills these classes; the checks in
:mod:`gzgk.excel.checks` never touch a workbook library.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from attrs import field, frozen

from gzgk.contract import RETURN, Column
from gzgk.model import Role
from gzgk.parse.grid import cell_address
from gzgk.returns import MetaTask

__all__ = [
    "CellValue",
    "ReturnData",
    "RowData",
    "assemble",
    "cell_text",
]


def cell_text(value: object) -> str:
    """The text of a cell value as a user sees it ("" for empty)."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@frozen
class CellValue:
    """A cell as read: its address, the raw (cached) value and, for a formula, its text.

    ``formula`` is None for a plain value, else the formula without its
    leading ``=`` (empty when the file does not spell it out, as for the
    followers of a shared formula).
    """

    cell: str
    value: object = None
    formula: str | None = None
    text: str = field(init=False, eq=False)
    """The cell's text, stripped of outer whitespace (including U+3000)."""

    @text.default
    def _text(self) -> str:
        value = self.value  # text first: most cells of a return are text
        return value.strip() if isinstance(value, str) else cell_text(value).strip()

    @property
    def is_formula(self) -> bool:
        """Whether the cell holds a formula."""
        return self.formula is not None

    @property
    def verbatim(self) -> str:
        """What the unit wrote, exactly: the formula (``=…``) for a formula, else the text.

        Nothing is stripped. This is what a summary keeps (always as text,
        never as a live formula).
        """
        if self.formula:
            return f"={self.formula}"
        return cell_text(self.value)


@frozen
class RowData:
    """One row of the task table: its 1-based row number and its raw values by column key.

    The values stay as read (no :class:`CellValue` per cell: a batch reads
    hundreds of thousands of them); :meth:`value` builds one for a cell on
    demand, and :attr:`cells` all of them.
    """

    row: int
    values: Mapping[str, object]
    """The raw (cached) value of each column, by key."""
    letters: Mapping[str, str] = field(eq=False, repr=False)
    """The column letter of each key."""
    formulas: Mapping[str, str] = field(factory=dict)
    """The formula text (without ``=``) of each cell holding one, by key."""

    def text(self, key: str) -> str:
        """The text of one column, stripped of outer whitespace (as :attr:`CellValue.text`)."""
        value = self.values[key]
        return value.strip() if isinstance(value, str) else cell_text(value).strip()

    def cell(self, key: str) -> str:
        """The A1 address of one column's cell."""
        return f"{self.letters[key]}{self.row}"

    def is_formula(self, key: str) -> bool:
        """Whether one column's cell holds a formula."""
        return key in self.formulas

    def verbatim(self, key: str) -> str:
        """What the unit wrote in one column, exactly (as :attr:`CellValue.verbatim`)."""
        formula = self.formulas.get(key)
        return f"={formula}" if formula else cell_text(self.values[key])

    def value(self, key: str) -> CellValue:
        """One column's cell as a :class:`CellValue`."""
        return CellValue(self.cell(key), self.values[key], self.formulas.get(key))

    @property
    def cells(self) -> Mapping[str, CellValue]:
        """Every cell of the row as a :class:`CellValue`, by key."""
        return {key: self.value(key) for key in self.values}

    @property
    def empty(self) -> bool:
        """Whether every cell of the row is empty."""
        return not any(self.text(key) for key in self.values)


@frozen(kw_only=True)
class ReturnData:
    """Everything the checks need to know about one return.

    Attributes:
        path: the file as the user named it ("" for a workbook in memory).
        sheets: (title, state) of every sheet; state is visible/hidden/veryHidden.
        meta: key/values of the hidden metadata sheet ({} when it is missing).
        meta_tasks: the task rows of the metadata sheet.
        properties: the workbook's custom document properties.
        header_row: 1-based row of the task table header, None if not found.
        header: the labels in the header row (as many as the contract has columns).
        fields: the header-block cells (unit, contact, phone, reviewer, date).
        rows: the non-empty rows below the header.
        protected: whether the entry sheet is protected (None: unknown).
        status_list: whether a drop-down with the four statuses covers the status column
            (None: unknown).
        table: the task table the header shows: the one-off table, or the one
            carrying last round's answers (whose rows also hold those answers,
            under ``previous:status`` … keys).
    """

    path: str
    sheets: tuple[tuple[str, str], ...] = ()
    meta: Mapping[str, str] = field(factory=dict)
    meta_tasks: tuple[MetaTask, ...] = ()
    properties: Mapping[str, str] = field(factory=dict)
    header_row: int | None = None
    header: tuple[str, ...] = ()
    fields: Mapping[str, CellValue] = field(factory=dict)
    rows: tuple[RowData, ...] = ()
    protected: bool | None = None
    status_list: bool | None = None
    table: tuple[Column, ...] = RETURN.COLUMNS

    @property
    def carries_previous(self) -> bool:
        """Whether the return has last round's columns."""
        return self.table is not RETURN.COLUMNS

    def has_sheet(self, title: str) -> bool:
        """Whether a sheet of that title exists."""
        return any(name == title for name, _ in self.sheets)

    @property
    def filled(self) -> bool:
        """Whether the unit has written anything: a header field or an entry cell."""
        if any(self.fields[f.key].text for f in RETURN.entry_fields if f.key in self.fields):
            return True
        return any(row.text(key) for row in self.rows for key in RETURN.entry_keys)


def _at(rows: Sequence[Sequence[object]], row: int, column: int) -> object:
    if 0 <= row < len(rows) and 0 <= column < len(rows[row]):
        return rows[row][column]
    return None


def _filled(values: Sequence[object]) -> bool:
    """Whether any raw cell value shows anything (calamine gives "" for empty cells)."""
    for value in values:
        if isinstance(value, str):
            if value.strip():
                return True
        elif value is not None:
            return True
    return False


def _find_header(rows: Sequence[Sequence[object]]) -> int | None:
    """0-based index of the row holding the task table header."""
    labels = (RETURN.COLUMNS[0].label, RETURN.column("status").label)
    for index in range(min(RETURN.HEADER_SCAN, len(rows))):
        if any(isinstance(value, str) and value.strip() in labels for value in rows[index]):
            return index
    return None


def _meta(rows: Sequence[Sequence[object]]) -> tuple[dict[str, str], tuple[MetaTask, ...]]:
    values: dict[str, str] = {}
    tasks: list[MetaTask] = []
    header = RETURN.META_TASK_ROW - 1
    for index, row in enumerate(rows):
        texts = [cell_text(value).strip() for value in row]
        if index < header and len(texts) >= 2 and texts[0] in RETURN.META_KEYS:  # noqa: PLR2004
            values[texts[0]] = texts[1]
        elif index > header and len(texts) >= len(RETURN.META_TASK_HEADER) and texts[0]:
            task_id, seq, number, role, print_ = texts[: len(RETURN.META_TASK_HEADER)]
            try:
                tasks.append(
                    MetaTask(
                        task_id=task_id,
                        seq=int(seq),
                        number=number,
                        role=Role(role),
                        fingerprint=print_,
                    )
                )
            except ValueError:
                continue  # a damaged row: the checks see a task missing from the metadata
    return values, tuple(tasks)


_ADDRESS = re.compile(r"([A-Z]+)([1-9][0-9]*)")
_NO_FORMULAS: Mapping[str, str] = MappingProxyType({})


def _formulas_by_row(
    formulas: Mapping[str, str], keys: Mapping[str, str]
) -> dict[int, dict[str, str]]:
    """The formulas of the table's columns (``keys``: the key of each letter), by row and key."""
    grouped: dict[int, dict[str, str]] = {}
    for address, formula in formulas.items():
        match = _ADDRESS.fullmatch(address)
        key = keys.get(match[1]) if match else None
        if match and key is not None:
            grouped.setdefault(int(match[2]), {})[key] = formula
    return grouped


def assemble(
    *,
    path: str,
    sheets: Sequence[tuple[str, str]],
    entry_rows: Sequence[Sequence[object]] | None,
    meta_rows: Sequence[Sequence[object]] | None,
    properties: Mapping[str, str],
    formulas: Mapping[str, str] | None = None,
    protected: bool | None = None,
    status_list: bool | None = None,
) -> ReturnData:
    """Build :class:`ReturnData` from the raw cell values of the entry and metadata sheets.

    ``entry_rows`` are the entry sheet's values from A1 (None when the sheet is
    missing); ``formulas`` the formula text of every cell that holds one.
    """
    formulas = formulas or {}
    meta, meta_tasks = _meta(meta_rows) if meta_rows is not None else ({}, ())
    rows = entry_rows or []
    header_index = _find_header(rows) if entry_rows is not None else None
    shift = 0 if header_index is None else header_index - (RETURN.HEADER_ROW - 1)
    labels = rows[header_index] if header_index is not None else ()
    layout = RETURN.table_of(cell_text(value) for value in labels)
    width = len(layout)
    columns = (*layout, *RETURN.PREVIOUS_COLUMNS) if layout is not RETURN.COLUMNS else layout

    def value(row: int, column: int) -> CellValue:
        address = cell_address(row, column)
        return CellValue(address, _at(rows, row, column), formulas.get(address))

    fields: dict[str, CellValue] = {}
    for header_field in RETURN.FIELDS:
        fields[header_field.key] = value(header_field.at.row - 1 + shift, header_field.at.column)
    table: list[RowData] = []
    header: tuple[str, ...] = ()
    if header_index is not None:
        header = tuple(cell_text(_at(rows, header_index, c)).strip() for c in range(width))
        keys = [column.key for column in columns]
        indexes = [column.index for column in columns]
        letters = {column.key: column.letter for column in columns}
        by_row = _formulas_by_row(formulas, {column.letter: column.key for column in columns})
        for index in range(header_index + 1, len(rows)):
            raw = rows[index]
            if not _filled(raw):
                continue  # an empty row, even beyond the table's columns
            number = index + 1
            size = len(raw)
            values = dict(zip(keys, [raw[i] if i < size else None for i in indexes], strict=True))
            table.append(RowData(number, values, letters, by_row.get(number, _NO_FORMULAS)))
    return ReturnData(
        path=path,
        sheets=tuple(sheets),
        meta=meta,
        meta_tasks=meta_tasks,
        properties=dict(properties),
        header_row=None if header_index is None else header_index + 1,
        header=header,
        fields=fields,
        rows=tuple(table),
        protected=protected,
        status_list=status_list,
        table=layout,
    )
