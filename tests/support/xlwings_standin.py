"""A stand-in for the xlwings objects gzgk's Excel edge uses: Excel's behaviour over openpyxl.

Each class stands for one xlwings class (``XLWINGS`` names it) and has only members that class
has, of the same kind: a property the xlwings class cannot set has no setter here, a method takes
the arguments the xlwings method takes (``tests/test_xlwings_api.py`` checks both against the
installed xlwings). Every class has ``__slots__``, so assigning a name the class does not have
fails as it would on xlwings' objects.

Where Excel refuses, the stand-in refuses with :class:`ExcelError` (Excel's run-time error 1004,
which xlwings passes on as a COM error): writing to a locked cell, formatting cells, adding,
changing or deleting a note on a protected sheet, and unprotecting with a wrong password. Objects
reached through ``.api`` stand for Excel's own object model (``COM`` names the Excel class) and
hold only the members gzgk uses.

Excel reads numbers back as floats and a formula cell as its value; the stand-in does too (from
the values xlsxwriter cached). What gzgk's tests need beyond the xlwings API (the alerts shown,
saving the result) are functions of this module, not members of the classes.

:class:`Recorder` wraps stand-in objects and logs every member read, set or called on them, with
the arguments, for the conformance test.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, PatternFill
from openpyxl.styles import Font as CellFont
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.protection import hash_password
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.worksheet import Worksheet

USER_NAME = "办公室"  # Application.UserName: Excel signs a note added through VBA with it

# Excel's Allow… protection flags and the openpyxl attribute that forbids each when True.
ALLOW: dict[str, str] = {
    "AllowFormattingCells": "formatCells",
    "AllowFormattingColumns": "formatColumns",
    "AllowFormattingRows": "formatRows",
    "AllowInsertingColumns": "insertColumns",
    "AllowInsertingRows": "insertRows",
    "AllowInsertingHyperlinks": "insertHyperlinks",
    "AllowDeletingColumns": "deleteColumns",
    "AllowDeletingRows": "deleteRows",
    "AllowSorting": "sort",
    "AllowFiltering": "autoFilter",
    "AllowUsingPivotTables": "pivotTables",
}


class ExcelError(Exception):
    """What Excel raises through COM when it refuses (run-time error 1004)."""


def _refuse(what: str) -> ExcelError:
    return ExcelError(f"1004: {what}: the cell or chart is on a protected sheet")


def _excel_value(value: object) -> object:
    """A cell value as Excel hands it to xlwings: numbers as floats, "" as None."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and not value:
        return None
    return value


# -- the application and its workbooks ----------------------------------------------------------


class App:
    """xlwings.App: the Excel instance, its workbooks, status bar and message boxes."""

    XLWINGS = "App"
    __slots__ = ("_active", "_alerts", "_books", "_status")

    def __init__(self) -> None:
        self._books: list[Book] = []
        self._active: Book | None = None
        self._alerts: list[tuple[str, str | None]] = []
        self._status: str | bool = False

    @property
    def books(self) -> Books:
        """The open workbooks."""
        return Books(self)

    @property
    def status_bar(self) -> str | bool:
        """The status bar text (False: Excel's own)."""
        return self._status

    @status_bar.setter
    def status_bar(self, value: str | bool) -> None:
        self._status = value

    def alert(
        self,
        prompt: str,
        title: str | None = None,
        buttons: str = "ok",
        mode: str | None = None,
        callback: str | None = None,
    ) -> str | None:
        """A message box: remembered, see :func:`alerts`."""
        self._alerts.append((prompt, title))
        return buttons


class Books:
    """xlwings.main.Books: the open workbooks of an App."""

    XLWINGS = "Books"
    __slots__ = ("_app",)

    def __init__(self, app: App) -> None:
        self._app = app

    @property
    def active(self) -> Book | None:
        """The active workbook."""
        return self._app._active

    def __iter__(self) -> Iterator[Book]:
        return iter(list(self._app._books))

    def __len__(self) -> int:
        return len(self._app._books)

    def __getitem__(self, key: int | str) -> Book:
        if isinstance(key, int):
            return self._app._books[key]
        return next(book for book in self._app._books if book.name == key)


class Book:
    """xlwings.Book: one open workbook (an openpyxl workbook, and its cached values)."""

    XLWINGS = "Book"
    __slots__ = ("_app", "_name", "_path", "_values", "_wb")

    def __init__(self, app: App, wb: Workbook, values: Workbook, path: Path | None, name: str):
        self._app, self._wb, self._values, self._path, self._name = app, wb, values, path, name

    @property
    def name(self) -> str:
        """The workbook's name."""
        return self._name

    @property
    def fullname(self) -> str:
        """The full path, or the name of a workbook never saved."""
        return str(self._path) if self._path else self._name

    @property
    def app(self) -> App:
        """The Excel instance."""
        return self._app

    @property
    def sheets(self) -> Sheets:
        """The worksheets."""
        return Sheets(self)

    @property
    def api(self) -> WorkbookApi:
        """Excel's Workbook object."""
        return WorkbookApi(self)


class Sheets:
    """xlwings.main.Sheets: a workbook's worksheets."""

    XLWINGS = "Sheets"
    __slots__ = ("_book",)

    def __init__(self, book: Book) -> None:
        self._book = book

    def _all(self) -> list[Sheet]:
        return [Sheet(self._book, ws) for ws in self._book._wb.worksheets]

    def __iter__(self) -> Iterator[Sheet]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._book._wb.worksheets)

    def __getitem__(self, key: int | str) -> Sheet:
        if isinstance(key, int):
            return self._all()[key]
        if key not in self._book._wb.sheetnames:
            raise KeyError(key)
        return Sheet(self._book, self._book._wb[key])

    def add(
        self, name: str | None = None, before: Sheet | None = None, after: Sheet | None = None
    ) -> Sheet:
        """A new worksheet before or after another (default: before the active one)."""
        names = self._book._wb.sheetnames
        if after is not None:
            index = names.index(after.name) + 1
        elif before is not None:
            index = names.index(before.name)
        else:
            index = 0
        title = name or f"Sheet{len(names) + 1}"
        ws = self._book._wb.create_sheet(title, index)
        self._book._values.create_sheet(title, index)
        return Sheet(self._book, ws)


class Sheet:
    """xlwings.Sheet: one worksheet."""

    XLWINGS = "Sheet"
    __slots__ = ("_book", "_ws")

    def __init__(self, book: Book, ws: Worksheet) -> None:
        self._book, self._ws = book, ws

    @property
    def _values(self) -> Worksheet:
        found = self._book._values[self._ws.title]
        assert isinstance(found, Worksheet)
        return found

    @property
    def _protected(self) -> bool:
        return bool(self._ws.protection.sheet)

    def _allowed(self, flag: str) -> bool:
        return not self._protected or not getattr(self._ws.protection, ALLOW[flag])

    @property
    def name(self) -> str:
        """The sheet's name (read only here: gzgk never renames)."""
        return self._ws.title

    @property
    def visible(self) -> bool:
        """Whether the sheet is visible."""
        return self._ws.sheet_state == "visible"

    @property
    def book(self) -> Book:
        """The workbook."""
        return self._book

    @property
    def api(self) -> WorksheetApi:
        """Excel's Worksheet object."""
        return WorksheetApi(self)

    @property
    def used_range(self) -> Range:
        """From A1 to the last cell with a value or a format (A1 on an empty sheet)."""
        return Range(self, 1, 1, max(1, self._ws.max_row), max(1, self._ws.max_column))

    @property
    def notes(self) -> Notes:
        """The notes on the sheet."""
        return Notes(self)

    @property
    def page_setup(self) -> PageSetup:
        """The sheet's print set-up."""
        return PageSetup(self)

    def range(self, cell1: str | tuple[int, int] | Range, cell2: Any = None) -> Range:
        """A range by address (``"H7"``, ``"A1:C3"``) or by corners (``(row, column)``)."""
        first = _corners(cell1)
        last = _corners(cell2) if cell2 is not None else first
        return Range(
            self,
            min(first[0], last[0]),
            min(first[1], last[1]),
            max(first[2], last[2]),
            max(first[3], last[3]),
        )

    def clear(self) -> None:
        """Clear every value and format."""
        if self._protected:
            raise _refuse("Clear")
        for ws in (self._ws, self._values):
            ws.delete_rows(1, ws.max_row)

    def autofit(self, axis: str | None = None) -> None:
        """Fit rows and columns (a formatting change: refused on a protected sheet)."""
        if not (self._allowed("AllowFormattingColumns") and self._allowed("AllowFormattingRows")):
            raise _refuse("AutoFit")


def _corners(cell: str | tuple[int, int] | Range) -> tuple[int, int, int, int]:
    if isinstance(cell, Range):
        return cell._r1, cell._c1, cell._r2, cell._c2
    if isinstance(cell, tuple):
        return cell[0], cell[1], cell[0], cell[1]
    left, top, right, bottom = range_boundaries(cell if ":" in cell else f"{cell}:{cell}")
    assert None not in (left, top, right, bottom)
    return top or 1, left or 1, bottom or 1, right or 1


class Range:
    """xlwings.Range: a rectangle of cells on one sheet."""

    XLWINGS = "Range"
    __slots__ = ("_c1", "_c2", "_ndim", "_r1", "_r2", "_sheet")

    def __init__(  # noqa: PLR0917 - corners, as Excel counts them
        self, sheet: Sheet, r1: int, c1: int, r2: int, c2: int, ndim: int | None = None
    ) -> None:
        self._sheet, self._r1, self._c1, self._r2, self._c2 = sheet, r1, c1, r2, c2
        self._ndim = ndim

    def _cells(self) -> Iterator[tuple[int, int]]:
        for row in range(self._r1, self._r2 + 1):
            for column in range(self._c1, self._c2 + 1):
                yield row, column

    @property
    def _single(self) -> bool:
        return self._r1 == self._r2 and self._c1 == self._c2

    def _writable(self, row: int, column: int) -> None:
        cell = self._sheet._ws.cell(row, column)
        if self._sheet._protected and cell.protection.locked:
            raise _refuse(f"writing {cell.coordinate}")

    def _format(self) -> None:
        if not self._sheet._allowed("AllowFormattingCells"):
            raise _refuse("formatting")

    @property
    def row(self) -> int:
        """The first row."""
        return self._r1

    @property
    def column(self) -> int:
        """The first column."""
        return self._c1

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns)."""
        return self._r2 - self._r1 + 1, self._c2 - self._c1 + 1

    @property
    def last_cell(self) -> Range:
        """The bottom-right cell."""
        return Range(self._sheet, self._r2, self._c2, self._r2, self._c2)

    def options(self, convert: Any = None, **options: Any) -> Range:
        """The range read with options (only ``ndim`` is honoured)."""
        return Range(self._sheet, self._r1, self._c1, self._r2, self._c2, options.get("ndim"))

    @property
    def value(self) -> Any:
        """Values as Excel reads them: a scalar, a list or a list of lists (``ndim=2``)."""
        values = self._sheet._values
        rows = [
            [
                _excel_value(values.cell(row, column).value)
                for column in range(self._c1, self._c2 + 1)
            ]
            for row in range(self._r1, self._r2 + 1)
        ]
        if self._ndim == 2:
            return rows
        if self._single:
            return rows[0][0]
        if len(rows) == 1:
            return rows[0]
        if self._c1 == self._c2:
            return [row[0] for row in rows]
        return rows

    @value.setter
    def value(self, data: Any) -> None:
        rows = data if isinstance(data, list) and data and isinstance(data[0], list) else None
        if rows is None:
            rows = [data] if isinstance(data, list) else [[data]]
        for offset, values in enumerate(rows):
            for shift, value in enumerate(values):
                row, column = self._r1 + offset, self._c1 + shift
                self._writable(row, column)
                formula = isinstance(value, str) and value.startswith("=")
                text = value[1:] if isinstance(value, str) and value.startswith("'") else value
                self._sheet._ws.cell(row, column).value = value if formula else text
                self._sheet._values.cell(row, column).value = None if formula else text

    @property
    def formula(self) -> Any:
        """Formulas (a cell's value where it has none): a string for one cell, else rows."""
        ws = self._sheet._ws

        def text(row: int, column: int) -> str:
            value = ws.cell(row, column).value
            if value is None:
                return ""
            if isinstance(value, dt.datetime | dt.date):
                return value.isoformat()
            return str(value)

        if self._single:
            return text(self._r1, self._c1)
        return tuple(
            tuple(text(row, column) for column in range(self._c1, self._c2 + 1))
            for row in range(self._r1, self._r2 + 1)
        )

    @property
    def color(self) -> tuple[int, int, int] | None:
        """The fill colour of the first cell."""
        fill = self._sheet._ws.cell(self._r1, self._c1).fill
        rgb = fill.fgColor.rgb if fill.fill_type == "solid" else None
        if not isinstance(rgb, str):
            return None
        return int(rgb[-6:-4], 16), int(rgb[-4:-2], 16), int(rgb[-2:], 16)

    @color.setter
    def color(self, value: tuple[int, int, int] | None) -> None:
        self._format()
        hex_colour = "%02X%02X%02X" % value if value is not None else None  # noqa: UP031
        for row, column in self._cells():
            self._sheet._ws.cell(row, column).fill = (
                PatternFill("solid", fgColor=hex_colour, bgColor=hex_colour)
                if hex_colour
                else PatternFill()
            )

    @property
    def font(self) -> Font:
        """The font of the range."""
        return Font(self)

    @property
    def column_width(self) -> float:
        """The width of the first column, in characters (Excel's 8.43 when never set)."""
        letter = get_column_letter(self._c1)
        dimension = self._sheet._ws.column_dimensions.get(letter)
        return float(dimension.width) if dimension is not None and dimension.width else 8.43

    @column_width.setter
    def column_width(self, value: float) -> None:
        if not self._sheet._allowed("AllowFormattingColumns"):
            raise _refuse("ColumnWidth")
        for column in range(self._c1, self._c2 + 1):
            self._sheet._ws.column_dimensions[get_column_letter(column)].width = value

    @property
    def wrap_text(self) -> bool | None:
        """Whether the cells wrap their text (None when they differ, as on Windows)."""
        states = {
            bool(self._sheet._ws.cell(row, column).alignment.wrap_text)
            for row, column in self._cells()
        }
        return states.pop() if len(states) == 1 else None

    @wrap_text.setter
    def wrap_text(self, value: bool) -> None:
        self._format()
        for row, column in self._cells():
            cell = self._sheet._ws.cell(row, column)
            old = cell.alignment
            cell.alignment = Alignment(
                horizontal=old.horizontal, vertical=old.vertical, wrap_text=value
            )

    @property
    def note(self) -> Note | None:
        """The note on the first cell (no setter, as in xlwings)."""
        cell = self._sheet._ws.cell(self._r1, self._c1)
        return Note(self._sheet, cell.row, cell.column) if cell.comment is not None else None

    def add_note(self, text: str) -> Note:
        """Add a note to a single cell without one (Excel: Range.AddComment)."""
        if not isinstance(text, str):
            raise TypeError("Note text must be a string")
        if not text:
            raise ValueError("Note text must not be empty")
        if not self._single:
            raise ValueError("A note can only be added to a single cell")
        if self.note is not None:
            raise ValueError("This cell already has a note")
        if self._sheet._protected:
            raise _refuse("AddComment")
        self._sheet._ws.cell(self._r1, self._c1).comment = Comment(text, USER_NAME)
        return Note(self._sheet, self._r1, self._c1)

    def get_address(
        self,
        row_absolute: bool = True,
        column_absolute: bool = True,
        include_sheetname: bool = False,
        external: bool = False,
    ) -> str:
        """The address, as ``$A$1`` or ``A1:B2``."""

        def one(row: int, column: int) -> str:
            letters = get_column_letter(column)
            return f"{'$' if column_absolute else ''}{letters}{'$' if row_absolute else ''}{row}"

        address = one(self._r1, self._c1)
        if not self._single:
            address += ":" + one(self._r2, self._c2)
        return f"{self._sheet.name}!{address}" if include_sheetname or external else address


class Font:
    """xlwings.Font: the font of a range."""

    XLWINGS = "Font"
    __slots__ = ("_range",)

    def __init__(self, cells: Range) -> None:
        self._range = cells

    @property
    def bold(self) -> bool:
        """Whether the first cell is bold."""
        cell = self._range._sheet._ws.cell(self._range._r1, self._range._c1)
        return bool(cell.font.bold)

    @bold.setter
    def bold(self, value: bool) -> None:
        self._range._format()
        for row, column in self._range._cells():
            cell = self._range._sheet._ws.cell(row, column)
            cell.font = CellFont(name=cell.font.name, size=cell.font.size, bold=value)

    @property
    def size(self) -> float:
        """The first cell's font size in points."""
        cell = self._range._sheet._ws.cell(self._range._r1, self._range._c1)
        return float(cell.font.size or 11)

    @size.setter
    def size(self, value: float) -> None:
        self._range._format()
        for row, column in self._range._cells():
            cell = self._range._sheet._ws.cell(row, column)
            cell.font = CellFont(name=cell.font.name, size=value, bold=cell.font.bold)


class PageSetup:
    """xlwings.main.PageSetup: a sheet's print set-up (only the print area here)."""

    XLWINGS = "PageSetup"
    __slots__ = ("_sheet",)

    def __init__(self, sheet: Sheet) -> None:
        self._sheet = sheet

    @property
    def print_area(self) -> str | None:
        """The print area as an address (``$A$1:$G$20``), None when the whole sheet prints."""
        area = self._sheet._ws.print_area
        return area.split("!", 1)[-1] if area else None

    @print_area.setter
    def print_area(self, value: str | None) -> None:
        self._sheet._ws.print_area = value.replace("$", "") if value else None


class Notes:
    """xlwings.main.Notes: the notes on a sheet."""

    XLWINGS = "Notes"
    __slots__ = ("_sheet",)

    def __init__(self, sheet: Sheet) -> None:
        self._sheet = sheet

    def __iter__(self) -> Iterator[Note]:
        found = [
            Note(self._sheet, cell.row, cell.column)
            for row in self._sheet._ws.iter_rows()
            for cell in row
            if cell.comment is not None
        ]
        return iter(found)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class Note:
    """xlwings.Note: the note (old-style comment) on one cell."""

    XLWINGS = "Note"
    __slots__ = ("_column", "_row", "_sheet")

    def __init__(self, sheet: Sheet, row: int, column: int) -> None:
        self._sheet, self._row, self._column = sheet, row, column

    def _comment(self) -> Comment:
        comment = self._sheet._ws.cell(self._row, self._column).comment
        if comment is None:
            raise ExcelError("the note was deleted")
        return comment

    @property
    def text(self) -> str:
        """The note's text."""
        return str(self._comment().text)

    @text.setter
    def text(self, value: str) -> None:
        if self._sheet._protected:
            raise _refuse("Comment.Text")
        self._comment().text = value

    @property
    def author(self) -> str:
        """Who wrote it (Excel: the user name of whoever added it)."""
        return str(self._comment().author)

    @property
    def location(self) -> Range:
        """The cell it is on."""
        return Range(self._sheet, self._row, self._column, self._row, self._column)

    def delete(self) -> None:
        """Remove the note."""
        self._comment()
        if self._sheet._protected:
            raise _refuse("Comment.Delete")
        self._sheet._ws.cell(self._row, self._column).comment = None


# -- Excel's object model behind .api -----------------------------------------------------------


class WorksheetApi:
    """Excel's Worksheet: its protection."""

    COM = "Worksheet"
    __slots__ = ("_sheet",)

    def __init__(self, sheet: Sheet) -> None:
        self._sheet = sheet

    @property
    def ProtectContents(self) -> bool:  # noqa: N802 - Excel's names
        """Whether cells are protected."""
        return bool(self._sheet._ws.protection.sheet)

    @property
    def ProtectDrawingObjects(self) -> bool:  # noqa: N802
        """Whether shapes (and notes) are protected."""
        protection = self._sheet._ws.protection
        return bool(protection.sheet and protection.objects)

    @property
    def ProtectScenarios(self) -> bool:  # noqa: N802
        """Whether scenarios are protected."""
        protection = self._sheet._ws.protection
        return bool(protection.sheet and protection.scenarios)

    @property
    def Protection(self) -> ProtectionApi:  # noqa: N802
        """What a protected sheet still allows."""
        return ProtectionApi(self._sheet)

    def Unprotect(self, Password: str | None = None) -> None:  # noqa: N802, N803
        """Take protection off; a wrong password is refused, as Excel does."""
        protection = self._sheet._ws.protection
        stored = protection.password
        if stored and hash_password(Password or "") != stored:
            raise ExcelError("1004: The password you supplied is not correct")
        kept = {"selectLockedCells": protection.selectLockedCells}
        kept["selectUnlockedCells"] = protection.selectUnlockedCells
        self._sheet._ws.protection = SheetProtection(sheet=False, **kept)

    def Protect(  # noqa: N802
        self,
        Password: str | None = None,  # noqa: N803
        DrawingObjects: bool = True,  # noqa: N803
        Contents: bool = True,  # noqa: N803
        Scenarios: bool = True,  # noqa: N803
        UserInterfaceOnly: bool = False,  # noqa: N803
        **allow: bool,
    ) -> None:
        """Protect the sheet; the Allow… keywords say what stays allowed."""
        unknown = set(allow) - set(ALLOW)
        if unknown:
            raise TypeError(f"Worksheet.Protect has no argument {sorted(unknown)}")
        old = self._sheet._ws.protection
        protection = SheetProtection(
            sheet=Contents,
            objects=DrawingObjects,
            scenarios=Scenarios,
            selectLockedCells=old.selectLockedCells,
            selectUnlockedCells=old.selectUnlockedCells,
        )
        for flag, attribute in ALLOW.items():
            setattr(protection, attribute, not allow.get(flag, False))
        if Password:
            protection.password = Password
        self._sheet._ws.protection = protection


class ProtectionApi:
    """Excel's Protection: the Allow… flags of a protected sheet (read only)."""

    COM = "Protection"
    __slots__ = ("_sheet",)

    def __init__(self, sheet: Sheet) -> None:
        self._sheet = sheet

    def __getattr__(self, name: str) -> bool:
        if name not in ALLOW:
            raise AttributeError(name)
        return not getattr(self._sheet._ws.protection, ALLOW[name])


class WorkbookApi:
    """Excel's Workbook: its custom document properties."""

    COM = "Workbook"
    __slots__ = ("_book",)

    def __init__(self, book: Book) -> None:
        self._book = book

    @property
    def CustomDocumentProperties(self) -> DocumentPropertiesApi:  # noqa: N802
        """The custom properties (File › Properties › Custom)."""
        return DocumentPropertiesApi(self._book)


class DocumentPropertiesApi:
    """Excel's DocumentProperties collection."""

    COM = "DocumentProperties"
    __slots__ = ("_book",)

    def __init__(self, book: Book) -> None:
        self._book = book

    def __iter__(self) -> Iterator[DocumentPropertyApi]:
        props = self._book._wb.custom_doc_props.props
        return iter([DocumentPropertyApi(prop.name, prop.value) for prop in props])


class DocumentPropertyApi:
    """Excel's DocumentProperty: a name and a value."""

    COM = "DocumentProperty"
    __slots__ = ("_name", "_value")

    def __init__(self, name: str, value: object) -> None:
        self._name, self._value = name, value

    @property
    def Name(self) -> str:  # noqa: N802
        """The property's name."""
        return self._name

    @property
    def Value(self) -> object:  # noqa: N802
        """The property's value."""
        return self._value


# -- building, inspecting and saving -------------------------------------------------------------


def excel() -> App:
    """An Excel with no workbook open."""
    return App()


def open_book(app: App, path: Path | None = None, *, name: str | None = None) -> Book:
    """Open a saved workbook (or a new empty one) in the stand-in Excel; it becomes active."""
    if path is not None:
        data = path.read_bytes()
        wb, values = (
            load_workbook(io.BytesIO(data)),
            load_workbook(io.BytesIO(data), data_only=True),
        )
    else:
        wb, values = Workbook(), Workbook()
    book = Book(app, wb, values, path, name or (path.name if path else "工作簿1"))
    app._books.append(book)
    app._active = book
    return book


def activate(book: Book) -> None:
    """Make a workbook the active one."""
    book._app._active = book


def alerts(app: App) -> list[tuple[str, str | None]]:
    """The message boxes shown so far: (prompt, title)."""
    return list(app._alerts)


def save(book: Book, path: Path) -> Path:
    """Write the workbook (formulas, fills, notes, protection) to ``path``."""
    book._wb.save(path)
    return path


# -- recording what code does with the objects ---------------------------------------------------

Use = tuple[str, str, str, tuple[Any, ...], dict[str, Any]]  # owner, member, action, args, kwargs


def _owner(target: object) -> str | None:
    name = getattr(type(target), "XLWINGS", None)
    if name:
        return f"xlwings.{name}"
    com = getattr(type(target), "COM", None)
    return f"Excel.{com}" if com else None


def _unwrap(value: Any) -> Any:
    return object.__getattribute__(value, "_target") if isinstance(value, Recorder) else value


class Recorder:
    """A stand-in object that logs every use: (owner, member, "get"/"set"/"call", args, kwargs)."""

    __slots__ = ("_log", "_target")

    def __init__(self, target: object, log: list[Use]) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_log", log)

    def _note(
        self, member: str, action: str, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> None:
        owner = _owner(object.__getattribute__(self, "_target"))
        assert owner is not None
        object.__getattribute__(self, "_log").append((owner, member, action, args, kwargs))

    def _wrap(self, value: Any) -> Any:
        log = object.__getattribute__(self, "_log")
        return Recorder(value, log) if _owner(value) is not None else value

    def __getattr__(self, name: str) -> Any:
        target = object.__getattribute__(self, "_target")
        value = getattr(target, name)
        if callable(value) and not isinstance(value, type) and _owner(value) is None:

            def call(*args: Any, **kwargs: Any) -> Any:
                self._note(name, "call", args, kwargs)
                plain = tuple(_unwrap(arg) for arg in args)
                return self._wrap(value(*plain, **{k: _unwrap(v) for k, v in kwargs.items()}))

            return call
        self._note(name, "get", (), {})
        return self._wrap(value)

    def __setattr__(self, name: str, value: Any) -> None:
        self._note(name, "set", (value,), {})
        setattr(object.__getattribute__(self, "_target"), name, _unwrap(value))

    def __getitem__(self, key: Any) -> Any:
        self._note("__getitem__", "call", (key,), {})
        return self._wrap(object.__getattribute__(self, "_target")[key])

    def __iter__(self) -> Iterator[Any]:
        self._note("__iter__", "call", (), {})
        return (self._wrap(item) for item in object.__getattribute__(self, "_target"))

    def __len__(self) -> int:
        self._note("__len__", "call", (), {})
        return len(object.__getattribute__(self, "_target"))


def recorded(target: object, log: list[Use]) -> Any:
    """``target`` wrapped so that every use is appended to ``log``."""
    return Recorder(target, log)
