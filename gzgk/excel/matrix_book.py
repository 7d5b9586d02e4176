"""The readable matrix workbook: tasks down, units across, 牵/责/配 marks in colour."""

from __future__ import annotations

import io
import math
from itertools import groupby
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from gzgk.files import write_atomic
from gzgk.matrix import Assigned, Matrix
from gzgk.model import Role

from .layout import FONT, MATRIX, ROLE_COLOURS

__all__ = ["matrix_workbook", "write_matrix_workbook"]

_CJK_PER_WIDTH = 0.5  # an Excel width unit holds about half a CJK character
_LINE_POINTS = 15


def _rows_needed(text: str, width: float) -> int:
    return max(1, math.ceil(len(text) / max(1.0, width * _CJK_PER_WIDTH * 2 - 1)))


class _Styles:
    def __init__(self, book: Workbook) -> None:
        base = {"font_name": FONT, "font_size": 10, "valign": "vcenter", "border": 1}
        self.title = book.add_format({"font_name": FONT, "font_size": 14, "bold": True})
        self.legend = book.add_format({"font_name": FONT, "font_size": 9, "italic": True})
        self.header = book.add_format(
            {**base, "bold": True, "align": "center", "bg_color": "#F2F2F2", "text_wrap": True}
        )
        self.vertical = book.add_format(
            {**base, "bold": True, "align": "center", "rotation": 270, "bg_color": "#F2F2F2"}
        )
        self.text = book.add_format({**base, "text_wrap": True})
        self.centre = book.add_format({**base, "align": "center"})
        self.marks: dict[Role | None, Format] = {
            role: book.add_format(
                {**base, "align": "center", "bold": role is Role.LEAD, "bg_color": colour}
            )
            for role, colour in ROLE_COLOURS.items()
        }


def _page_setup(sheet: xlsxwriter.worksheet.Worksheet, *, repeat_rows: tuple[int, int]) -> None:
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(*repeat_rows)
    sheet.set_footer("&C第 &P 页，共 &N 页")
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)


def _mark(holder: Assigned | None, column: Assigned) -> tuple[str, Role | None]:
    if holder is None:
        return "", None
    if column.unit is None:
        return MATRIX.UNRESOLVED_MARK, None
    return holder.role.mark, holder.role


def _write_matrix(book: Workbook, styles: _Styles, matrix: Matrix) -> None:
    sheet = book.add_worksheet(MATRIX.MATRIX_SHEET)
    columns = matrix.columns()
    first = 2
    last = first + len(columns) - 1
    sheet.write(0, 0, f"{matrix.notice.title or '通知'}：{MATRIX.TITLE_SUFFIX}", styles.title)
    sheet.write(1, 0, MATRIX.LEGEND, styles.legend)
    sheet.set_column(0, 0, MATRIX.NUMBER_WIDTH)
    sheet.set_column(1, 1, MATRIX.TASK_WIDTH)
    if columns:
        sheet.set_column(first, last, MATRIX.UNIT_WIDTH)
    for row in (MATRIX.KIND_ROW, MATRIX.UNIT_ROW):
        sheet.write(row, 0, MATRIX.NUMBER if row == MATRIX.UNIT_ROW else "", styles.header)
        sheet.write(row, 1, MATRIX.TASK if row == MATRIX.UNIT_ROW else "", styles.header)
    position = first
    for kind, members in groupby(columns, key=lambda c: c.unit.kind if c.unit else None):
        count = len(list(members))
        heading = MATRIX.KIND_HEADINGS[kind]
        if count > 1:
            sheet.merge_range(
                MATRIX.KIND_ROW,
                position,
                MATRIX.KIND_ROW,
                position + count - 1,
                heading,
                styles.header,
            )
        else:
            sheet.write(MATRIX.KIND_ROW, position, heading, styles.header)
        position += count
    longest = max((len(c.name) for c in columns), default=2)
    sheet.set_row(MATRIX.UNIT_ROW, max(30, longest * 11))
    for offset, column in enumerate(columns):
        sheet.write(MATRIX.UNIT_ROW, first + offset, column.name, styles.vertical)
    for index, task in enumerate(matrix.notice.tasks):
        row = MATRIX.FIRST_TASK_ROW + index
        holders = {h.key: h for h in matrix.units_of(task, expand=True)}
        sheet.write_string(row, 0, task.label, styles.centre)
        sheet.write_string(row, 1, task.title or task.content[:40], styles.text)
        sheet.set_row(row, _LINE_POINTS * _rows_needed(task.title, MATRIX.TASK_WIDTH))
        for offset, column in enumerate(columns):
            text, role = _mark(holders.get(column.key), column)
            sheet.write_string(
                row, first + offset, text, styles.marks[role] if text else styles.centre
            )
    total_row = MATRIX.FIRST_TASK_ROW + len(matrix.notice.tasks)
    sheet.write(total_row, 0, "", styles.header)
    sheet.write(total_row, 1, MATRIX.TOTAL, styles.header)
    for offset, column in enumerate(columns):
        count = sum(
            1
            for task in matrix.notice.tasks
            if any(h.key == column.key for h in matrix.units_of(task, expand=True))
        )
        sheet.write_number(total_row, first + offset, count, styles.centre)
    sheet.freeze_panes(MATRIX.FIRST_TASK_ROW, first)
    _page_setup(sheet, repeat_rows=(MATRIX.KIND_ROW, MATRIX.UNIT_ROW))
    sheet.repeat_columns(0, 1)


def _write_table(
    book: Workbook,
    *,
    styles: _Styles,
    title: str,
    header: tuple[str, ...],
    rows: list[tuple[str | int, ...]],
    widths: tuple[float, ...],
) -> None:
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
                lines = max(lines, _rows_needed(value, widths[column]))
        sheet.set_row(index, _LINE_POINTS * lines)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(header) - 1)
    _page_setup(sheet, repeat_rows=(0, 0))


def matrix_workbook(matrix: Matrix) -> bytes:
    """The matrix workbook as .xlsx bytes (deterministic for the same matrix)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False}
    )
    book.set_properties({"title": f"{matrix.notice.title}{MATRIX.TITLE_SUFFIX}", "created": None})
    styles = _Styles(book)
    _write_matrix(book, styles, matrix)
    workload = [
        (
            load.unit.short_name,
            load.unit.kind.label,
            load.lead,
            load.responsible,
            load.cooperating,
            load.total,
        )
        for load in matrix.workload()
    ]
    _write_table(
        book,
        styles=styles,
        title=MATRIX.WORKLOAD_SHEET,
        header=MATRIX.WORKLOAD_HEADER,
        rows=list(workload),
        widths=(22, 12, 8, 8, 8, 8),
    )
    tasks = [
        (
            task.label,
            task.title,
            task.content,
            "、".join(task.lead),
            "、".join(task.responsible),
            "、".join(task.cooperating),
        )
        for task in matrix.notice.tasks
    ]
    _write_table(
        book,
        styles=styles,
        title=MATRIX.TASKS_SHEET,
        header=MATRIX.TASKS_HEADER,
        rows=list(tasks),
        widths=(6, 20, 60, 22, 22, 16),
    )
    unresolved: list[tuple[str | int, ...]] = [
        (item.task.label, item.task.title, item.role.label, item.name, item.message)
        for item in matrix.unresolved()
    ] or [("", "", "", "", MATRIX.EMPTY_UNRESOLVED)]
    _write_table(
        book,
        styles=styles,
        title=MATRIX.UNRESOLVED_SHEET,
        header=MATRIX.UNRESOLVED_HEADER,
        rows=unresolved,
        widths=(6, 20, 8, 18, 60),
    )
    book.close()
    return buffer.getvalue()


def write_matrix_workbook(matrix: Matrix, path: str | Path) -> Path:
    """Write the matrix workbook to ``path`` atomically."""
    return write_atomic(path, matrix_workbook(matrix))
