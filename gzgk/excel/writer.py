"""Shared pieces for writing workbooks with xlsxwriter: options, styles, page set-up, tables.

Workbooks are written in memory and then atomically to disk; text is always
written as text (a value starting with ``=`` stays data), and the same input
gives the same bytes (fixed document dates).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import math
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import xlsxwriter
from attrs import frozen
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_rowcol_to_cell_fast
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import CellStringTuple, Worksheet

from gzgk._text import starts_like_formula
from gzgk.contract import FONT, PRINT, TABLE
from gzgk.origin import AUTHOR

__all__ = [
    "FIXED_DATE",
    "Styles",
    "Value",
    "WidePages",
    "WorkbookBuffer",
    "column_breaks",
    "page_setup",
    "page_spans",
    "wide_pages",
    "widest_page",
    "write_table",
    "write_text",
    "write_value",
]

Value = str | int | float | None
"""What a table cell holds: text (always written as text), a number, or nothing."""

_CELL_CHARACTERS = 32767  # Excel's longest cell text
_CUT_NOTE = "……（超过单元格上限，余下内容见原文件）"

FIXED_DATE = dt.datetime(
    2000, 1, 1, tzinfo=dt.timezone.utc
)  # document dates: fixed, so output is deterministic


_PREPARED: dict[tuple[str, bool, bool], str] = {}
_PREPARED_MAX = 4096


class _Worksheet(Worksheet):  # type: ignore[misc]  # xlsxwriter is untyped
    """xlsxwriter's worksheet, preparing each distinct formula once, writing text cells directly.

    Before writing a formula, xlsxwriter rewrites it through over a hundred
    regular expressions (Excel's "future functions"); every return carries the
    same few formulas and highlight rules, so generating a notice's returns
    spent a fifth of its time there. The result depends only on the formula
    and the worksheet's future-function setting, which are the cache key.

    A summary holds tens of thousands of text cells, each with its style; for
    those, the cell's XML is written in one step instead of through
    xlsxwriter's general attribute escaping (a cell address and a style
    number never need escaping). Either way the bytes written are unchanged
    (tests compare them with plain xlsxwriter).
    """

    def put_text(self, row: int, col: int, text: str, style: Format) -> None:
        """``write_string`` without its A1-notation parsing (the row and column are numbers)."""
        self._write_string(row, col, text, style)

    def _write_cell(self, row: int, col: int, cell: Any) -> None:  # xlsxwriter cell tuple
        if type(cell) is CellStringTuple and cell.format is not None and not self.constant_memory:
            address = xl_rowcol_to_cell_fast(row, col)
            style = cell.format._get_xf_index()  # noqa: SLF001 - what xlsxwriter writes as s=
            self.fh.write(f'<c r="{address}" s="{style}" t="s"><v>{cell.string}</v></c>')
            return
        super()._write_cell(row, col, cell)

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:  # noqa: FBT001, FBT002 - xlsxwriter's signature
        key = (formula, expand_future_functions, bool(self.use_future_functions))
        prepared = _PREPARED.get(key)
        if prepared is None:
            prepared = str(super()._prepare_formula(formula, expand_future_functions))
            if len(_PREPARED) < _PREPARED_MAX:
                _PREPARED[key] = prepared
        return prepared


class WorkbookBuffer:
    """An in-memory xlsxwriter workbook whose bytes come out of :meth:`finish`."""

    def __init__(self, title: str, *, properties: dict[str, str] | None = None) -> None:
        self._buffer = io.BytesIO()
        self.book: Workbook = xlsxwriter.Workbook(
            self._buffer,
            {
                "in_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        self.book.worksheet_class = _Worksheet  # xlsxwriter's documented way to subclass
        self.book.set_properties(
            {"title": title, "author": AUTHOR, "created": FIXED_DATE, "comments": "由 gzgk 生成"}
        )
        for name, value in (properties or {}).items():
            self.book.set_custom_property(name, value, "text")

    def finish(self) -> bytes:
        """Close the workbook; its .xlsx bytes.

        Raises:
            UserWarning: xlsxwriter dropped something (an over-long list or
                message): never let a workbook go out without its checks.
        """
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            self.book.close()
        return self._buffer.getvalue()


class Styles:
    """The formats every gzgk workbook shares."""

    def __init__(self, book: Workbook) -> None:
        self.base: dict[str, object] = {
            "font_name": FONT,
            "font_size": 10,
            "valign": "vcenter",
            "border": 1,
        }
        self.title = self.plain_format(
            book, font_size=TABLE.TITLE_SIZE, bold=True, text_wrap=True, valign="vcenter"
        )
        self.note = self.plain_format(book, font_size=9, italic=True)
        self.wrapped_note = self.plain_format(book, text_wrap=True, valign="vcenter")
        self.header = book.add_format(
            {**self.base, "bold": True, "align": "center", "bg_color": "#F2F2F2", "text_wrap": True}
        )
        self.text = book.add_format({**self.base, "text_wrap": True})
        # Text that starts like a formula: marked as typed text, so even editing the
        # cell in Excel keeps it text (it is already stored as text, never as a formula).
        self.literal = book.add_format({**self.base, "text_wrap": True, "quote_prefix": True})
        self.centre = book.add_format({**self.base, "align": "center"})
        self.percent = book.add_format({**self.base, "align": "center", "num_format": "0%"})

    @staticmethod
    def plain_format(book: Workbook, **options: object) -> Format:
        """A format in the shared font, without borders (titles, notes, guide text)."""
        return book.add_format({"font_name": FONT, **options})

    def cell_format(self, book: Workbook, **options: object) -> Format:
        """A format based on the shared cell style."""
        return book.add_format({**self.base, **options})


def page_setup(
    sheet: Worksheet,
    *,
    widths: Sequence[float],
    repeat_rows: tuple[int, int] | None = None,
    landscape: bool = True,
    header: str = "",
    footer: str = TABLE.FOOTER,
    print_area: tuple[int, int] | None = None,
    smallest: float = PRINT.BODY_SIZE,
) -> None:
    """Print on A4 (:data:`~gzgk.contract.PRINT`), one page wide when the columns need it.

    Repeated header rows, a page header and footer, and fit-to-width only when the
    printed columns are wider than the paper.

    Args:
        sheet: the sheet.
        widths: the widths of the columns that print (from the first).
        repeat_rows: the 0-based first and last rows printed at the top of every page.
        landscape: the orientation.
        header: the page header (``&C…`` codes), none by default.
        footer: the page footer.
        print_area: the last 0-based row and column that print, when the columns after
            the printed ones are for the record only (paths, SHA-256, codes).
        smallest: the smallest text on the sheet (points): it must still print at
            ``PRINT.MIN_SIZE`` or larger. Columns that would shrink it further are not
            fitted to the page: they print at full size over pages across, the first
            column repeated on each (the contract's tables never need this; a sheet
            whose columns depend on the content may).
    """
    sheet.set_paper(PRINT.PAPER)
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    scale = PRINT.scale(widths, landscape=landscape)
    least = PRINT.MIN_SCALE * PRINT.BODY_SIZE / min(smallest, PRINT.BODY_SIZE)
    if scale < least:
        sheet.repeat_columns(0, 0)
    elif scale < 1:
        sheet.fit_to_pages(1, 0)
    if repeat_rows is not None:
        sheet.repeat_rows(*repeat_rows)
    if print_area is not None:
        sheet.print_area(0, 0, *print_area)
    left, right, top, bottom = PRINT.MARGINS
    sheet.set_margins(left=left, right=right, top=top, bottom=bottom)
    if header:
        sheet.set_header(header, {"margin": PRINT.HEADER_MARGIN})
    sheet.set_footer(footer, {"margin": PRINT.HEADER_MARGIN})


def write_text(
    sheet: Worksheet,
    row: int,
    column: int,
    text: str,
    *,
    styles: Styles,
    style: Format | None = None,
    literal: Format | None = None,
) -> None:
    """Write text as text: never a formula or a link, cut (with a note) at Excel's cell limit.

    Text that starts like a formula (``=``, ``+``, ``-``, ``@``, tab, CR, LF)
    gets the quote-prefix style ``literal`` (default :attr:`Styles.literal`),
    so that even editing it in Excel keeps it text.
    """
    if len(text) > _CELL_CHARACTERS:
        text = text[: _CELL_CHARACTERS - len(_CUT_NOTE)] + _CUT_NOTE
    if starts_like_formula(text):
        style = literal or styles.literal
    if isinstance(sheet, _Worksheet):
        sheet.put_text(row, column, text, style or styles.text)
    else:
        sheet.write_string(row, column, text, style or styles.text)


def write_value(
    sheet: Worksheet,
    row: int,
    column: int,
    value: Value,
    *,
    styles: Styles,
    style: Format | None = None,
) -> None:
    """Write one table value: text as text, integers centred, fractions as percentages."""
    if value is None:
        sheet.write_blank(row, column, None, style or styles.text)
    elif isinstance(value, str):
        write_text(sheet, row, column, value, styles=styles, style=style)
    elif isinstance(value, int):
        sheet.write_number(row, column, value, style or styles.centre)
    else:
        sheet.write_number(row, column, value, style or styles.percent)


def write_table(
    book: Workbook,
    *,
    styles: Styles,
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Value]],
    widths: Sequence[float],
    footer: str = TABLE.FOOTER,
    page_header: str = "",
    printed: int | None = None,
    titles: Sequence[str] = (),
) -> Worksheet:
    """A sheet holding one plain table (:data:`~gzgk.contract.TABLE`): filter, frozen header.

    Every row is as tall as its most wrapped cell. With ``printed``, only the first
    ``printed`` columns print; the others are kept for the record. ``titles`` are
    lines above the table (a title in bold, then plain lines), over its printed width;
    without them the header is the first row.
    """
    sheet = book.add_worksheet(title)
    shown = len(header) if printed is None else printed
    width = sum(widths[:shown])
    for row, line in enumerate(titles):
        style = styles.title if row == 0 else styles.wrapped_note
        size = TABLE.TITLE_SIZE if row == 0 else PRINT.BODY_SIZE
        sheet.merge_range(row, 0, row, shown - 1, line, style)
        sheet.set_row(row, PRINT.row_height([(line, width)], size))
    header_row = TABLE.header_row(len(titles)) - 1  # xlsxwriter counts rows from 0
    for column, (label, column_width) in enumerate(zip(header, widths, strict=True)):
        sheet.set_column(column, column, column_width)
        sheet.write_string(header_row, column, label, styles.header)
    sheet.set_row(header_row, PRINT.row_height(zip(header, widths, strict=True)))
    count = 0
    for count, values in enumerate(rows, start=1):
        for column, value in enumerate(values):
            write_value(sheet, header_row + count, column, value, styles=styles)
        texts = [(v, widths[column]) for column, v in enumerate(values) if isinstance(v, str)]
        sheet.set_row(header_row + count, PRINT.row_height(texts))
    sheet.freeze_panes(header_row + 1, TABLE.FREEZE.column)
    last_row = header_row + max(count, 1)
    sheet.autofilter(header_row, 0, last_row, len(header) - 1)
    page_setup(
        sheet,
        widths=widths[:shown],
        repeat_rows=(header_row, header_row),
        header=page_header,
        footer=footer,
        print_area=None if printed is None else (last_row, printed - 1),
    )
    return sheet


@frozen
class WidePages:
    """How a table wider than the paper prints: orientation and the columns starting pages.

    Attributes:
        landscape: the orientation that needs fewer pages.
        breaks: the 0-based columns (counted after the repeated ones) that start a page.
    """

    landscape: bool
    breaks: tuple[int, ...]

    def first_page(self, count: int) -> int:
        """How many of ``count`` columns (after the repeated ones) print on the first page."""
        return self.breaks[0] if self.breaks else count


def column_breaks(
    widths: Sequence[float],
    *,
    fixed: Sequence[float],
    groups: Sequence[int],
    landscape: bool = True,
) -> list[int]:
    """Where a table too wide for one page starts each new page (0-based, within ``widths``).

    The ``fixed`` columns print on every page beside the others, at full size.
    ``groups`` are the sizes of runs of columns that belong together (the units
    of one kind, the totals): a page ends before a group that does not fit in
    what is left of it when the group fits on a page of its own or the page is
    half full; otherwise the group is split where the page is full.
    """
    room = PRINT.printable_width(landscape=landscape) - sum(map(PRINT.column_points, fixed))
    points = [PRINT.column_points(width) for width in widths]
    breaks: list[int] = []
    used, start = 0.0, 0
    for size in groups:
        span = sum(points[start : start + size])
        if used and used + span > room and (span <= room or used >= room / 2):
            breaks.append(start)
            used = 0.0
        for column in range(start, start + size):
            if used and used + points[column] > room:
                breaks.append(column)
                used = 0.0
            used += points[column]
        start += size
    return breaks


def wide_pages(
    widths: Sequence[float],
    *,
    fixed: Sequence[float],
    groups: Sequence[int],
    heights: Sequence[float],
    repeated: float,
) -> WidePages:
    """The orientation (and page breaks) that prints a wide table on the fewest pages.

    Args:
        widths: the columns after the repeated ``fixed`` ones.
        fixed: the columns printed on every page.
        groups: runs of columns that belong together (see :func:`column_breaks`).
        heights: the rows' heights (points), the repeated ones included.
        repeated: the height of the rows printed at the top of every page.
    """

    def plan(*, landscape: bool) -> tuple[int, WidePages]:
        breaks = column_breaks(widths, fixed=fixed, groups=groups, landscape=landscape)
        room = max(1.0, PRINT.printable_height(landscape=landscape) - repeated)
        tall = max(1, math.ceil((sum(heights) - repeated) / room))
        return (len(breaks) + 1) * tall, WidePages(landscape=landscape, breaks=tuple(breaks))

    # Fewest pages; landscape when both need as many (min keeps the first of equals).
    return min((plan(landscape=True), plan(landscape=False)), key=lambda pair: pair[0])[1]


def page_spans(first: int, count: int, breaks: Sequence[int]) -> list[tuple[int, int]]:
    """A run of ``count`` columns from ``first`` cut where pages break: (first, last) pieces.

    A heading merged over a run that pages cut is merged piece by piece, so
    each page prints it whole. ``breaks`` count from ``first``'s table start
    like :func:`column_breaks` (the caller adds the repeated columns to both).
    """
    pieces, start = [], first
    for column in sorted(breaks):
        if first < column < first + count:
            pieces.append((start, column - 1))
            start = column
    pieces.append((start, first + count - 1))
    return pieces


def widest_page(
    fixed: Sequence[float], widths: Sequence[float], breaks: Sequence[int]
) -> list[float]:
    """The printed widths of a wide table's widest page: the repeated columns and its own."""
    edges = [0, *breaks, len(widths)]
    pages = [widths[start:end] for start, end in itertools.pairwise(edges)]
    widest = max(pages, key=lambda page: sum(map(PRINT.column_points, page)), default=[])
    return [*fixed, *widest]
