"""The workbook a button works on, behind one small interface with two implementations.

:class:`FileBook` reads and writes a saved .xlsx with openpyxl (``gzgk excel run``
on WPS and Linux desktops, and every test). :class:`LiveBook` works on a
workbook open in Excel through xlwings (the add-in's buttons); it is the only
code that touches xlwings, imported when a button runs, never at ``import gzgk``.
Macros (:mod:`gzgk.excel.macros`) see only :class:`Book`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final, Protocol

from attrs import frozen
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from rich.cells import cell_len as display_width

from gzgk._text import starts_like_formula
from gzgk.contract import ANNOTATION, FONT, PAGES, PRINT, RETURN, TABLE, Span
from gzgk.errors import GzgkError
from gzgk.files import os_reason, write_atomic

from .read import read_workbook
from .return_data import ReturnData, assemble
from .writer import Value

__all__ = [
    "PROTECTION_FLAGS",
    "Book",
    "BookError",
    "FileBook",
    "LiveBook",
    "Mark",
    "note_comment",
    "print_on_a4",
]

_AUTHOR = ANNOTATION.NOTE_AUTHOR
_DEFAULT_WIDTH: Final = 8.43  # Excel's width of a column the sheet does not set


def print_on_a4(sheet: Worksheet, widths: Sequence[float], *, titles: int = 0) -> None:
    """Frozen header row, printed on every page of A4 landscape, page numbers in the footer.

    The same print set-up as the xlsxwriter sheets (:data:`~gzgk.contract.PRINT`):
    its margins, and one page wide when the columns are wider than the paper. The
    header is ``titles`` rows under row 1 (:meth:`~gzgk.contract.TableLayout.header_row`).
    """
    header = TABLE.header_row(titles)
    sheet.freeze_panes = Span(header + 1, TABLE.FREEZE.column).cell
    sheet.print_title_rows = f"{header}:{header}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    if PRINT.scale(widths) < 1:
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    left, right, top, bottom = PRINT.MARGINS
    sheet.page_margins = PageMargins(
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        header=PRINT.HEADER_MARGIN,
        footer=PRINT.HEADER_MARGIN,
    )
    if sheet.oddFooter is not None:  # always there; the stubs allow None
        sheet.oddFooter.center.text = PAGES


def note_comment(text: str) -> Comment:
    """A note on a marked cell, signed as gzgk's, in the contract's size."""
    width, height = ANNOTATION.NOTE_SIZE
    return Comment(text, ANNOTATION.NOTE_AUTHOR, width=width, height=height)


def _narrowed(widths: Sequence[float]) -> list[float]:
    """Column widths made narrow enough to print one page wide at ``PRINT.MIN_SCALE``."""
    scale = PRINT.scale(widths)
    if scale >= PRINT.MIN_SCALE:
        return list(widths)
    factor = scale / PRINT.MIN_SCALE * 0.98  # column widths do not scale exactly (padding)
    return [max(TABLE.NARROWEST, round(width * factor, 1)) for width in widths]


def _fitted(header: Sequence[str], rows: Sequence[Sequence[Value]]) -> list[float]:
    """Column widths that fit a table's content, within ``TABLE``'s limits."""
    widest, narrowest = TABLE.WIDEST, TABLE.NARROWEST
    widths: list[float] = [
        min(widest, max(narrowest, display_width(str(label)) + 2)) for label in header
    ]
    for row in rows:
        for index, value in enumerate(row[: len(widths)]):
            text = "" if value is None else str(value)
            widths[index] = min(widest, max(widths[index], display_width(text) + 2))
    return widths


class BookError(GzgkError, OSError):
    """A workbook cannot be opened or saved (missing, locked, not an .xlsx)."""

    code = "workbook-unavailable"


class Book(Protocol):
    """What a macro may do with a workbook."""

    @property
    def name(self) -> str:
        """The workbook's file name, for messages."""

    @property
    def path(self) -> Path | None:
        """Where the workbook is saved (None: never saved)."""

    def sheet_titles(self) -> tuple[str, ...]:
        """The titles of its sheets, in order."""

    def values(self, sheet: str) -> list[list[object]]:
        """Every value of a sheet from A1 to its last used cell."""

    def put_table(
        self,
        sheet: str,
        header: Sequence[str],
        rows: Sequence[Sequence[Value]],
        *,
        titles: Sequence[str] = (),
        widths: Sequence[float] | None = None,
        printed: int | None = None,
    ) -> None:
        """Replace a sheet's content with a table (the sheet is added if missing).

        ``titles`` are lines above the table (a title, then plain lines), as the
        xlsxwriter tables have them (:func:`~gzgk.excel.writer.write_table`).
        ``widths`` are the contract's column widths for a table it lays out (None:
        fitted to the content); with ``printed``, only the first ``printed``
        columns print, as in the summary workbook.
        """

    def append_row(
        self, sheet: str, values: Sequence[Value], *, widths: Sequence[float] | None = None
    ) -> None:
        """Add a row under the last used row of a sheet.

        ``widths`` are the contract's widths of the sheet's columns, for the row's height
        (None: the widths the sheet has).
        """

    def return_data(self) -> ReturnData:
        """The workbook read as a return (for the checks), as it is now."""

    def status(self, text: str | None) -> None:
        """Show progress (Excel's status bar); None clears it."""

    def save(self) -> None:
        """Keep what was written (file mode writes the file; Excel leaves it to the user)."""


class FileBook:
    """A saved workbook, read and written with openpyxl; :meth:`save` writes it atomically."""

    def __init__(self, path: str | Path) -> None:
        self._path = Path(path)
        try:
            self._book: Workbook = load_workbook(self._path)
        except OSError as error:
            raise BookError(f"无法打开“{self._path}”：{os_reason(error)}") from error
        except Exception as error:
            raise BookError(
                f"无法打开“{self._path}”：不是 .xlsx 工作簿，或文件已损坏（{type(error).__name__}）"
            ) from error

    @property
    def name(self) -> str:
        """The file's name."""
        return self._path.name

    @property
    def path(self) -> Path | None:
        """The file."""
        return self._path

    def _sheet(self, title: str) -> Worksheet:
        sheet = self._book[title]
        if not isinstance(sheet, Worksheet):
            raise GzgkError(f"“{title}”是图表，不是工作表：请不要用图表替换 gzgk 的工作表")
        return sheet

    def sheet_titles(self) -> tuple[str, ...]:
        """The sheet titles."""
        return tuple(self._book.sheetnames)

    def values(self, sheet: str) -> list[list[object]]:
        """Every value from A1."""
        if sheet not in self._book.sheetnames:
            return []
        return [list(row) for row in self._sheet(sheet).iter_rows(values_only=True)]

    def put_table(
        self,
        sheet: str,
        header: Sequence[str],
        rows: Sequence[Sequence[Value]],
        *,
        titles: Sequence[str] = (),
        widths: Sequence[float] | None = None,
        printed: int | None = None,
    ) -> None:
        """A fresh sheet holding the table (text stays text), ready to read and to print.

        Columns are ``widths`` wide, or fit their content (within limits); rows are
        as tall as their wrapped text, the header is bold, frozen, filtered and
        repeated on every printed page; A4 landscape, one page wide, page numbers in
        the footer. ``titles`` go above the header, each over the printed width: the
        first in bold at ``TABLE.TITLE_SIZE``.
        """
        if sheet in self._book.sheetnames:
            del self._book[sheet]
        target = self._book.create_sheet(sheet)
        first = TABLE.header_row(len(titles))
        for line in titles:
            target.append([line])
        for row in (header, *rows):
            target.append(list(row))
        for cell in target[first]:
            cell.font = Font(name=FONT, bold=True)
            cell.fill = PatternFill("solid", fgColor=TABLE.HEADER_FILL)
        self._text_cells(target.iter_rows(min_row=first))
        shown = len(header) if printed is None else printed
        if widths is None:
            widths = _narrowed(_fitted(header, rows))
        for index, width in enumerate(widths, start=1):
            target.column_dimensions[get_column_letter(index)].width = width
        for number, row in enumerate((header, *rows), start=first):
            texts = ["" if value is None else str(value) for value in row]
            cells = zip(texts, widths[: len(texts)], strict=True)
            target.row_dimensions[number].height = PRINT.row_height(cells)
        self._titles(target, titles, widths[:shown])
        last_row = first + len(rows)
        target.auto_filter.ref = f"A{first}:{get_column_letter(len(header))}{last_row}"
        if printed is not None:
            target.print_area = f"A1:{get_column_letter(printed)}{last_row}"
        print_on_a4(target, widths[:shown], titles=len(titles))

    @staticmethod
    def _titles(target: Worksheet, titles: Sequence[str], widths: Sequence[float]) -> None:
        """The lines above a table, each merged over its width and as tall as it wraps."""
        for number, line in enumerate(titles, start=1):
            size = TABLE.TITLE_SIZE if number == 1 else PRINT.BODY_SIZE
            cell = target.cell(row=number, column=1)
            cell.data_type = "s"
            cell.font = Font(name=FONT, bold=number == 1, size=size)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            last = len(widths)
            target.merge_cells(start_row=number, start_column=1, end_row=number, end_column=last)
            target.row_dimensions[number].height = PRINT.row_height([(line, sum(widths))], size)

    @staticmethod
    def _text_cells(rows: Iterator[tuple[Any, ...]]) -> None:
        for row in rows:
            for cell in row:
                if cell.value is None:
                    continue
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # openpyxl would take "=…" for a formula
                # numbers too: a 序号 at the foot of a tall row reads as the next row's
                cell.alignment = Alignment(wrap_text=True, vertical="top")

    def append_row(
        self, sheet: str, values: Sequence[Value], *, widths: Sequence[float] | None = None
    ) -> None:
        """A row under the last used one, as tall as its wrapped text in its columns.

        LibreOffice and WPS print a row without a stored height as one line (Excel fits it).
        The height comes from ``widths`` when given: a workbook LibreOffice saved states its
        widths in units of its own font, wider than the room they leave for the text.
        """
        target = self._sheet(sheet)
        target.append(list(values))
        row = target.max_row
        self._text_cells(target.iter_rows(min_row=row, max_row=row))
        cells = [
            (
                "" if value is None else str(value),
                widths[column - 1]
                if widths and column <= len(widths)
                else self._width(target, column),
            )
            for column, value in enumerate(values, start=1)
        ]
        target.row_dimensions[row].height = PRINT.row_height(cells)

    @staticmethod
    def _width(target: Worksheet, column: int) -> float:
        """A column's width as the sheet sets it (Excel's default 8.43 when it does not)."""
        letter = get_column_letter(column)
        found = target.column_dimensions[letter].width if letter in target.column_dimensions else 0
        return float(found or _DEFAULT_WIDTH)

    def return_data(self) -> ReturnData:
        """The workbook as a return."""
        return read_workbook(self._book, str(self._path))

    def status(self, text: str | None) -> None:
        """No status bar in file mode."""

    def save(self) -> None:
        """Write the workbook back, atomically.

        Raises:
            BookError: the file cannot be written (open in another program, read-only …).
        """
        buffer = io.BytesIO()
        self._book.save(buffer)
        try:
            write_atomic(self._path, buffer.getvalue())
        except OSError as error:
            raise BookError(
                f"无法保存“{self._path}”：{os_reason(error)}"
                "（如已在 WPS 或 Excel 中打开，请先关闭）"
            ) from error


@frozen
class Mark:
    """One cell of an open workbook to mark, or to clear of gzgk's earlier mark.

    Attributes:
        cell: the cell's address (``H7``).
        fill: its fill, ``RRGGBB`` (None: no fill).
        note: gzgk's note on it (None: only take gzgk's earlier note away).
    """

    cell: str
    fill: str | None
    note: str | None


# Excel's Worksheet.Protect arguments that Worksheet.Protection reports back: the sheet is
# protected again with exactly what it had (learn.microsoft.com: Excel.Worksheet.Protect).
PROTECTION_FLAGS: Final = (
    "AllowFormattingCells",
    "AllowFormattingColumns",
    "AllowFormattingRows",
    "AllowInsertingColumns",
    "AllowInsertingRows",
    "AllowInsertingHyperlinks",
    "AllowDeletingColumns",
    "AllowDeletingRows",
    "AllowSorting",
    "AllowFiltering",
    "AllowUsingPivotTables",
)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


class LiveBook:
    """A workbook open in Excel, through xlwings (Windows and macOS Excel only).

    Only xlwings' documented API is used (``tests/test_xlwings_api.py`` holds this class to
    the installed xlwings), except where xlwings has none: sheet protection and custom
    document properties go through ``.api``, Excel's own object model (the members are
    listed in ``docs/reference/addin.md``).
    """

    def __init__(self, book: Any) -> None:
        self._book = book

    @property
    def name(self) -> str:
        """The workbook's name in Excel."""
        return str(self._book.name)

    @property
    def path(self) -> Path | None:
        """The saved file, if the workbook was ever saved."""
        full = str(self._book.fullname)
        return Path(full) if Path(full).is_absolute() and Path(full).exists() else None

    def sheet_titles(self) -> tuple[str, ...]:
        """The sheet titles."""
        return tuple(str(sheet.name) for sheet in self._book.sheets)

    def _range(self, sheet: str) -> Any:
        target = self._book.sheets[sheet]
        last = target.used_range.last_cell
        return target.range((1, 1), (max(1, last.row), max(1, last.column)))

    def values(self, sheet: str) -> list[list[object]]:
        """Every value from A1 (as Excel shows them)."""
        if sheet not in self.sheet_titles():
            return []
        data = self._range(sheet).options(ndim=2).value
        return [list(row) for row in data]

    def _formulas(self, sheet: str) -> dict[str, str]:
        formulas = self._range(sheet).formula
        rows = ((formulas,),) if isinstance(formulas, str) else formulas  # one cell: a string
        return {
            f"{get_column_letter(column)}{row}": formula[1:]
            for row, cells in enumerate(rows, start=1)
            for column, formula in enumerate(cells, start=1)
            if isinstance(formula, str) and formula.startswith("=")
        }

    @staticmethod
    def _safe(value: Value) -> Value:
        """Excel takes text starting like a formula for one: an apostrophe keeps it text."""
        if isinstance(value, str) and starts_like_formula(value):
            return "'" + value
        return value

    def put_table(
        self,
        sheet: str,
        header: Sequence[str],
        rows: Sequence[Sequence[Value]],
        *,
        titles: Sequence[str] = (),
        widths: Sequence[float] | None = None,
        printed: int | None = None,
    ) -> None:
        """The table written over the sheet's old content, ``titles`` above it.

        With ``widths`` the columns get them and long texts wrap; otherwise Excel fits
        the columns. With ``printed`` only those columns print.
        """
        if sheet in self.sheet_titles():
            target = self._book.sheets[sheet]
            target.clear()
        else:
            target = self._book.sheets.add(sheet, after=self._book.sheets[-1])
        first = TABLE.header_row(len(titles))
        data = [[self._safe(value) for value in row] for row in (header, *rows)]
        target.range((first, 1)).value = data
        target.range((first, 1), (first, len(header))).font.bold = True
        table = target.range((first, 1), (first + len(rows), len(header)))
        if widths is None:
            target.autofit()  # before the titles: a long title must not widen the first column
        else:
            for column, width in enumerate(widths, start=1):
                target.range((first, column)).column_width = width
            table.wrap_text = True
            target.autofit("rows")
        for number, line in enumerate(titles, start=1):
            target.range((number, 1)).value = self._safe(line)
        if titles:
            title = target.range((1, 1)).font
            title.bold = True
            title.size = TABLE.TITLE_SIZE
        if printed is not None:
            corner = target.range((first + len(rows), printed))
            target.page_setup.print_area = f"$A$1:{corner.get_address()}"

    def append_row(
        self, sheet: str, values: Sequence[Value], *, widths: Sequence[float] | None = None
    ) -> None:
        """A row under the last used one (Excel fits its height: ``widths`` are not needed)."""
        del widths
        target = self._book.sheets[sheet]
        row = target.used_range.last_cell.row + 1
        target.range((row, 1)).value = [[self._safe(value) for value in values]]

    def mark(self, sheet: str, marks: Sequence[Mark]) -> None:
        """Colour cells and put gzgk's notes on them; the values stay as they are.

        A protected sheet is unprotected for the marks (with the contract's password) and
        protected again with the settings it had. A note someone else wrote is kept: that
        cell gets the colour only.

        Raises:
            BookError: the sheet is protected with a password other than the contract's.
        """
        target = self._book.sheets[sheet]
        with self._unprotected(target):
            for mark in marks:
                cell = target.range(mark.cell)
                cell.color = _rgb(mark.fill) if mark.fill else None
                note = cell.note
                if note is not None and _is_ours(str(note.text)):
                    note.delete()
                    note = None
                if mark.note and note is None:
                    cell.add_note(f"{_AUTHOR}：{mark.note}")

    @contextmanager
    def _unprotected(self, sheet: Any) -> Iterator[None]:
        """The sheet without protection inside the block, protected as before after it."""
        api = sheet.api
        if not api.ProtectContents:
            yield
            return
        protection = api.Protection
        flags = {flag: bool(getattr(protection, flag)) for flag in PROTECTION_FLAGS}
        drawings, scenarios = bool(api.ProtectDrawingObjects), bool(api.ProtectScenarios)
        try:
            api.Unprotect(RETURN.PASSWORD)
        except Exception as error:
            raise BookError(
                f"“{self.name}”的工作表“{sheet.name}”设了保护密码，无法在表中标出问题：请撤销"
                "工作表保护后再点一次，或在控制台中用“校验文件夹”核对"
            ) from error
        try:
            yield
        finally:
            api.Protect(
                Password=RETURN.PASSWORD,
                DrawingObjects=drawings,
                Contents=True,
                Scenarios=scenarios,
                **flags,
            )

    def marked(self, sheet: str) -> tuple[str, ...]:
        """Cells whose note gzgk wrote."""
        return tuple(
            note.location.get_address(row_absolute=False, column_absolute=False)
            for note in self._book.sheets[sheet].notes
            if _is_ours(str(note.text))
        )

    def return_data(self) -> ReturnData:
        """The open workbook as a return, unsaved edits included."""
        titles = self.sheet_titles()
        states = {
            str(sheet.name): "visible" if sheet.visible else "hidden" for sheet in self._book.sheets
        }
        entry = RETURN.ENTRY_SHEET
        protected: bool | None = None
        if entry in titles:
            try:
                protected = bool(self._book.sheets[entry].api.ProtectContents)
            except Exception:  # noqa: BLE001 - not every platform exposes it
                protected = None
        return assemble(
            path=str(self.path or self.name),
            sheets=[(title, states[title]) for title in titles],
            entry_rows=self.values(entry) if entry in titles else None,
            meta_rows=self.values(RETURN.META_SHEET) if RETURN.META_SHEET in titles else None,
            properties=self._properties(),
            formulas=self._formulas(entry) if entry in titles else {},
            protected=protected,
            status_list=None,
        )

    def _properties(self) -> dict[str, str]:
        try:
            properties = self._book.api.CustomDocumentProperties
            return {str(prop.Name): str(prop.Value) for prop in properties}
        except Exception:  # noqa: BLE001 - Windows Excel only; elsewhere the _meta sheet serves
            return {}

    def status(self, text: str | None) -> None:
        """Excel's status bar."""
        self._book.app.status_bar = text or False

    def save(self) -> None:
        """Nothing: the user decides whether to save the workbook."""


def _is_ours(text: str) -> bool:
    """Whether a note's text is one gzgk wrote."""
    return text.startswith(f"{_AUTHOR}：")
