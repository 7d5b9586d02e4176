"""Shared pieces for writing workbooks with xlsxwriter: options, styles, page set-up, tables.

Workbooks are written in memory and then atomically to disk; text is always
written as text (a value starting with ``=`` stays data), and the same input
gives the same bytes (fixed document dates).
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from collections.abc import Iterable, Sequence

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from gzgk._text import LINE_POINTS, lines_needed, starts_like_formula
from gzgk.contract import FONT, TABLE

__all__ = [
    "FIXED_DATE",
    "LINE_POINTS",
    "MAX_ROW_POINTS",
    "Styles",
    "Value",
    "WorkbookBuffer",
    "lines_needed",
    "page_setup",
    "row_points",
    "write_table",
    "write_text",
    "write_value",
]

Value = str | int | float | None
"""What a table cell holds: text (always written as text), a number, or nothing."""

MAX_ROW_POINTS = 409  # Excel's tallest row
_CELL_CHARACTERS = 32767  # Excel's longest cell text
_CUT_NOTE = "……（超过单元格上限，余下内容见原文件）"

FIXED_DATE = dt.datetime(
    2000, 1, 1, tzinfo=dt.timezone.utc
)  # document dates: fixed, so output is deterministic


_PREPARED: dict[tuple[str, bool, bool], str] = {}
_PREPARED_MAX = 4096


class _Worksheet(Worksheet):  # type: ignore[misc]  # xlsxwriter is untyped
    """xlsxwriter's worksheet, preparing each distinct formula once per process.

    Before writing a formula, xlsxwriter rewrites it through over a hundred
    regular expressions (Excel's "future functions"); every return carries the
    same few formulas and highlight rules, so generating a notice's returns
    spent a fifth of its time there. The result depends only on the formula
    and the worksheet's future-function setting, which are the cache key; the
    bytes written are unchanged (a test compares them with plain xlsxwriter).
    """

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
            {"title": title, "author": "gzgk", "created": FIXED_DATE, "comments": "由 gzgk 生成"}
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
        self.title = self.plain_format(book, font_size=14, bold=True)
        self.note = self.plain_format(book, font_size=9, italic=True)
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
    repeat_rows: tuple[int, int] | None = None,
    landscape: bool = True,
    footer: str = TABLE.FOOTER,
) -> None:
    """A4, one page wide, repeated header rows, page numbers in the footer."""
    sheet.set_paper(9)
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.fit_to_pages(1, 0)
    if repeat_rows is not None:
        sheet.repeat_rows(*repeat_rows)
    sheet.set_footer(footer)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)


def row_points(lines: int) -> float:
    """The height of a row of ``lines`` wrapped lines, within Excel's limit."""
    return min(MAX_ROW_POINTS, LINE_POINTS * lines)


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
) -> Worksheet:
    """A sheet holding one plain table (:data:`~gzgk.contract.TABLE`): filter, frozen header."""
    sheet = book.add_worksheet(title)
    header_row = TABLE.HEADER_ROW - 1  # xlsxwriter counts rows from 0
    for column, (label, width) in enumerate(zip(header, widths, strict=True)):
        sheet.set_column(column, column, width)
        sheet.write_string(header_row, column, label, styles.header)
    count = 0
    for count, values in enumerate(rows, start=1):
        lines = 1
        for column, value in enumerate(values):
            write_value(sheet, header_row + count, column, value, styles=styles)
            if isinstance(value, str):
                lines = max(lines, lines_needed(value, widths[column]))
        sheet.set_row(header_row + count, row_points(lines))
    sheet.freeze_panes(TABLE.FREEZE.row - 1, TABLE.FREEZE.column)
    sheet.autofilter(header_row, 0, header_row + max(count, 1), len(header) - 1)
    page_setup(sheet, repeat_rows=(header_row, header_row), footer=footer)
    return sheet
