"""The readable matrix workbook: tasks down, units across, 牵/责/配 marks in colour."""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from gzgk.contract import MATRIX, ROLE_COLOURS
from gzgk.files import write_atomic
from gzgk.matrix import Assigned, Matrix
from gzgk.model import Role

from .writer import LINE_POINTS, Styles, WorkbookBuffer, lines_needed, page_setup, write_table

__all__ = ["matrix_workbook", "write_matrix_workbook"]


class _Styles(Styles):
    def __init__(self, book: Workbook) -> None:
        super().__init__(book)
        self.vertical = self.cell_format(
            book, bold=True, align="center", rotation=270, bg_color="#F2F2F2"
        )
        self.marks: dict[Role | None, Format] = {
            role: self.cell_format(book, align="center", bold=role is Role.LEAD, bg_color=colour)
            for role, colour in ROLE_COLOURS.items()
        }


def _mark(holder: Assigned | None, column: Assigned) -> tuple[str, Role | None]:
    if holder is None:
        return "", None
    if column.unit is None:
        return MATRIX.UNRESOLVED_MARK, None
    return holder.role.mark, holder.role


def _write_matrix(book: Workbook, styles: _Styles, matrix: Matrix, scope: str) -> None:
    sheet = book.add_worksheet(MATRIX.MATRIX_SHEET)
    columns = matrix.columns()
    first = 2
    last = first + len(columns) - 1
    part = f"（节选：{scope}）" if scope else ""
    sheet.write(0, 0, f"{matrix.notice.title or '通知'}：{MATRIX.TITLE_SUFFIX}{part}", styles.title)
    sheet.write(1, 0, MATRIX.LEGEND, styles.note)
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
    counts = dict.fromkeys((column.key for column in columns), 0)
    for index, task in enumerate(matrix.notice.tasks):
        row = MATRIX.FIRST_TASK_ROW + index
        holders = {h.key: h for h in matrix.units_of(task, expand=True)}
        for key in holders:
            counts[key] = counts.get(key, 0) + 1
        sheet.write_string(row, 0, task.label, styles.centre)
        sheet.write_string(row, 1, task.title or task.content[:40], styles.text)
        sheet.set_row(row, LINE_POINTS * lines_needed(task.title, MATRIX.TASK_WIDTH))
        for offset, column in enumerate(columns):
            text, role = _mark(holders.get(column.key), column)
            sheet.write_string(
                row, first + offset, text, styles.marks[role] if text else styles.centre
            )
    total_row = MATRIX.FIRST_TASK_ROW + len(matrix.notice.tasks)
    sheet.write(total_row, 0, "", styles.header)
    sheet.write(total_row, 1, MATRIX.TOTAL, styles.header)
    for offset, column in enumerate(columns):
        sheet.write_number(total_row, first + offset, counts[column.key], styles.centre)
    sheet.freeze_panes(MATRIX.FIRST_TASK_ROW, first)
    page_setup(sheet, repeat_rows=(MATRIX.KIND_ROW, MATRIX.UNIT_ROW))
    sheet.repeat_columns(0, 1)


def matrix_workbook(matrix: Matrix, *, scope: str = "") -> bytes:
    """The matrix workbook as .xlsx bytes (deterministic for the same matrix).

    ``scope`` says what part of the notice a selected matrix holds (``市司法局``);
    the title then reads ``…分工矩阵（节选：市司法局）``.
    """
    output = WorkbookBuffer(f"{matrix.notice.title}{MATRIX.TITLE_SUFFIX}")
    book = output.book
    styles = _Styles(book)
    _write_matrix(book, styles, matrix, scope)
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
    write_table(
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
    write_table(
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
    write_table(
        book,
        styles=styles,
        title=MATRIX.UNRESOLVED_SHEET,
        header=MATRIX.UNRESOLVED_HEADER,
        rows=unresolved,
        widths=(6, 20, 8, 18, 60),
    )
    return output.finish()


def write_matrix_workbook(matrix: Matrix, path: str | Path, *, scope: str = "") -> Path:
    """Write the matrix workbook to ``path`` atomically (``scope``: see :func:`matrix_workbook`)."""
    return write_atomic(path, matrix_workbook(matrix, scope=scope))
