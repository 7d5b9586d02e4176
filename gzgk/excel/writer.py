"""Shared pieces for writing workbooks with xlsxwriter: options, styles, page set-up, tables.

Workbooks are written in memory and then atomically to disk; text is always
written as text (a value starting with ``=`` stays data), and the same input
gives the same bytes (fixed document dates).
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from collections.abc import Sequence

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from gzgk._text import LINE_POINTS, lines_needed

from .layout import FONT

__all__ = [
    "FIXED_DATE",
    "LINE_POINTS",
    "Styles",
    "WorkbookBuffer",
    "lines_needed",
    "page_setup",
    "write_table",
]

FIXED_DATE = dt.datetime(
    2000, 1, 1, tzinfo=dt.timezone.utc
)  # document dates: fixed, so output is deterministic


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
        self.centre = book.add_format({**self.base, "align": "center"})

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
    footer: str = "&C第 &P 页，共 &N 页",
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


def write_table(
    book: Workbook,
    *,
    styles: Styles,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str | int]],
    widths: Sequence[float],
) -> Worksheet:
    """A sheet holding one plain table with a filter, frozen header and print set-up."""
    sheet = book.add_worksheet(title)
    for column, (label, width) in enumerate(zip(header, widths, strict=True)):
        sheet.set_column(column, column, width)
        sheet.write_string(0, column, label, styles.header)
    for index, values in enumerate(rows, start=1):
        lines = 1
        for column, value in enumerate(values):
            if isinstance(value, int):
                sheet.write_number(index, column, value, styles.centre)
            else:
                sheet.write_string(index, column, value, styles.text)
                lines = max(lines, lines_needed(value, widths[column]))
        sheet.set_row(index, LINE_POINTS * lines)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(header) - 1)
    page_setup(sheet, repeat_rows=(0, 0))
    return sheet
