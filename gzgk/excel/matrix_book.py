"""The readable matrix workbook: tasks down, units across, 牵/责/配 marks in colour.

It prints on A4 like every gzgk sheet (:data:`~gzgk.contract.PRINT`): the
matrix split over pages by unit columns (a kind of unit kept on one page where
it fits), 编号 and 主要任务 and the unit names on every page, in the
orientation that needs fewer pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from pathlib import Path

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from gzgk.contract import MATRIX, PRINT, ROLE_COLOURS
from gzgk.files import write_atomic
from gzgk.matrix import Assigned, Matrix
from gzgk.model import Role, UnitKind

from .writer import (
    Styles,
    WorkbookBuffer,
    page_setup,
    page_spans,
    wide_pages,
    widest_page,
    write_table,
    write_text,
)

__all__ = ["matrix_workbook", "write_matrix_workbook"]


class _Styles(Styles):
    def __init__(self, book: Workbook) -> None:
        super().__init__(book)
        self.vertical = self.cell_format(
            book, bold=True, align="center", valign="top", rotation=270, bg_color="#F2F2F2"
        )
        self.big_title = self.plain_format(
            book, font_size=MATRIX.TITLE_SIZE, bold=True, text_wrap=True, valign="vcenter"
        )
        self.legend = self.plain_format(book, text_wrap=True, valign="vcenter")
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
    tasks = matrix.notice.tasks
    first = 2
    fixed_widths = (MATRIX.NUMBER_WIDTH, MATRIX.TASK_WIDTH)
    widths = [MATRIX.UNIT_WIDTH] * len(columns)
    for column, width in enumerate((*fixed_widths, *widths)):
        sheet.set_column(column, column, width)
    kinds = [
        (kind, len(list(members)))
        for kind, members in groupby(columns, key=lambda c: c.unit.kind if c.unit else None)
    ]
    task_titles = [task.title or task.content[:40] for task in tasks]
    heights = [PRINT.row_height([(title, MATRIX.TASK_WIDTH)]) for title in task_titles]
    names = PRINT.row_points(max((len(c.name) for c in columns), default=2))
    header_heights = [PRINT.row_points(1), names]
    pages = wide_pages(
        widths,
        fixed=fixed_widths,
        groups=[count for _, count in kinds],
        heights=[*header_heights, *heights, PRINT.row_points(1)],
        repeated=sum(header_heights),
    )
    last = first + pages.first_page(len(widths)) - 1
    title_width = sum((*fixed_widths, *widths[: last - first + 1]))
    part = f"（节选：{scope}）" if scope else ""
    title = f"{matrix.notice.title or '通知'}：{MATRIX.TITLE_SUFFIX}{part}"
    sheet.merge_range(0, 0, 0, last, "", styles.big_title)
    write_text(sheet, 0, 0, title, styles=styles, style=styles.big_title)
    sheet.set_row(0, PRINT.row_height([(title, title_width)], MATRIX.TITLE_SIZE))
    sheet.merge_range(1, 0, 1, last, MATRIX.LEGEND, styles.legend)
    sheet.set_row(1, PRINT.row_height([(MATRIX.LEGEND, title_width)]))
    for header_row, height in zip((MATRIX.KIND_ROW, MATRIX.UNIT_ROW), header_heights, strict=True):
        number, task_label = (
            (MATRIX.NUMBER, MATRIX.TASK) if header_row == MATRIX.UNIT_ROW else ("", "")
        )
        sheet.write(header_row, 0, number, styles.header)
        sheet.write(header_row, 1, task_label, styles.header)
        sheet.set_row(header_row, height)
    _kind_headings(sheet, styles, kinds, first=first, breaks=pages.breaks)
    for offset, holder in enumerate(columns):
        sheet.write(MATRIX.UNIT_ROW, first + offset, holder.name, styles.vertical)
    counts = dict.fromkeys((holder.key for holder in columns), 0)
    for index, task in enumerate(tasks):
        row = MATRIX.FIRST_TASK_ROW + index
        holders = {h.key: h for h in matrix.units_of(task, expand=True)}
        for key in holders:
            counts[key] = counts.get(key, 0) + 1
        sheet.write_string(row, 0, task.label, styles.centre)
        sheet.write_string(row, 1, task_titles[index], styles.text)
        sheet.set_row(row, heights[index])
        for offset, holder in enumerate(columns):
            text, role = _mark(holders.get(holder.key), holder)
            sheet.write_string(
                row, first + offset, text, styles.marks[role] if text else styles.centre
            )
    total_row = MATRIX.FIRST_TASK_ROW + len(tasks)
    sheet.write(total_row, 0, "", styles.header)
    sheet.write(total_row, 1, MATRIX.TOTAL, styles.header)
    for offset, holder in enumerate(columns):
        sheet.write_number(total_row, first + offset, counts[holder.key], styles.centre)
    sheet.freeze_panes(MATRIX.FIRST_TASK_ROW, first)
    sheet.set_v_pagebreaks([first + column for column in pages.breaks])
    page_setup(
        sheet,
        widths=widest_page(fixed_widths, widths, pages.breaks),
        landscape=pages.landscape,
        repeat_rows=(MATRIX.KIND_ROW, MATRIX.UNIT_ROW),
    )
    sheet.repeat_columns(0, 1)


def _kind_headings(
    sheet: Worksheet,
    styles: _Styles,
    kinds: Sequence[tuple[UnitKind | None, int]],
    *,
    first: int,
    breaks: Sequence[int],
) -> None:
    """Each kind's heading over its units, merged piece by piece where pages cut it."""
    position = 0
    for kind, count in kinds:
        heading = MATRIX.KIND_HEADINGS[kind]
        for start, end in page_spans(position, count, breaks):
            if end > start:
                sheet.merge_range(
                    MATRIX.KIND_ROW,
                    first + start,
                    MATRIX.KIND_ROW,
                    first + end,
                    heading,
                    styles.header,
                )
            else:
                sheet.write(MATRIX.KIND_ROW, first + start, heading, styles.header)
        position += count


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
        widths=MATRIX.WORKLOAD_WIDTHS,
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
        widths=MATRIX.TASKS_WIDTHS,
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
        widths=MATRIX.UNRESOLVED_WIDTHS,
    )
    return output.finish()


def write_matrix_workbook(matrix: Matrix, path: str | Path, *, scope: str = "") -> Path:
    """Write the matrix workbook to ``path`` atomically (``scope``: see :func:`matrix_workbook`)."""
    return write_atomic(path, matrix_workbook(matrix, scope=scope))
