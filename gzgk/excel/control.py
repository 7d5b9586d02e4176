"""The control workbook (控制台): where office staff set the parameters the buttons use.

Three sheets, laid out by :data:`~gzgk.contract.CONTROL`: 控制台 (one
labelled yellow cell per parameter, with drop-downs and notes, then every
operation's name with what it does and where its button is), 单位组成员 (per
task, the members of groups a notice leaves open, picked from the registry), and
日志 (one row per button press, written by the macros). The same file works in
Excel with the add-in, and in WPS or on Linux desktops with ``gzgk excel run``.
"""

from __future__ import annotations

from pathlib import Path

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from gzgk.contract import ADDIN, CONTROL, PRINT
from gzgk.files import write_atomic
from gzgk.matrix import Matrix
from gzgk.model import Notice, Task
from gzgk.registry import Registry
from gzgk.rounds import format_rounds
from gzgk.sources import bundled_notices

from .writer import Styles, WorkbookBuffer, page_setup, write_text

__all__ = ["control_workbook", "open_groups", "write_control"]

_ENTRY_FILL = "#FFF2CC"


def open_groups(matrix: Matrix) -> tuple[tuple[Task, str, tuple[str, ...]], ...]:
    """The per-task groups of a notice: (task, group name, members stated so far).

    Groups whose members the notice leaves to the office (市政府有关部门 …), and
    those the office has already stated, so the sheet shows both.
    """
    found: dict[tuple[str, str], tuple[Task, str, tuple[str, ...]]] = {}
    for item in matrix.unresolved():
        if item.reason == "per-task-group":
            found[item.task.id, item.name] = (item.task, item.name, ())
    for task in matrix.notice.tasks:
        for statement in task.group_members:
            found[task.id, statement.group] = (task, statement.group, statement.members)
    order = {task.id: index for index, task in enumerate(matrix.notice.tasks)}
    return tuple(sorted(found.values(), key=lambda item: (order[item[0].id], item[1])))


class _Styles(Styles):
    def __init__(self, book: Workbook) -> None:
        super().__init__(book)
        self.big_title = self.plain_format(
            book, font_size=CONTROL.TITLE_SIZE, bold=True, valign="vcenter"
        )
        self.hint = self.plain_format(book, font_size=10, text_wrap=True, valign="top")
        self.quiet = self.plain_format(book, font_color="#808080", text_wrap=True, valign="top")
        self.label = self.cell_format(book, bold=True, bg_color="#F2F2F2")
        self.entry = self.cell_format(book, bg_color=_ENTRY_FILL, text_wrap=True, locked=False)
        self.entry_date = self.cell_format(
            book, bg_color=_ENTRY_FILL, num_format="yyyy-mm-dd", align="left", locked=False
        )


def _lists(book: Workbook, registry: Registry) -> None:
    """A hidden sheet with the drop-down lists, reached through workbook-level names."""
    sheet = book.add_worksheet(CONTROL.LISTS_SHEET)
    lists = (
        (CONTROL.NOTICES_NAME, bundled_notices()),
        (CONTROL.UNITS_NAME, tuple(unit.short_name for unit in registry.units)),
    )
    for column, (name, values) in enumerate(lists):
        for row, value in enumerate(values):
            sheet.write_string(row, column, value)
        first, last = (
            xl_rowcol_to_cell(row, column, row_abs=True, col_abs=True)
            for row in (0, max(len(values), 1) - 1)
        )  # always first:last, even for a single value
        book.define_name(name, f"='{CONTROL.LISTS_SHEET}'!{first}:{last}")
    sheet.hide()


def _parameters(sheet: Worksheet, styles: _Styles, values: dict[str, str]) -> None:
    for column, width in enumerate(CONTROL.WIDTHS):
        sheet.set_column(column, column, width)
    last = len(CONTROL.WIDTHS) - 1
    sheet.merge_range(0, 0, 0, last, CONTROL.TITLE, styles.big_title)
    sheet.set_row(0, PRINT.row_points(1, CONTROL.TITLE_SIZE))
    sheet.merge_range(1, 0, 1, last, "", styles.hint)
    write_text(sheet, 1, 0, CONTROL.HINT, styles=styles, style=styles.hint)
    sheet.set_row(1, PRINT.row_height([(CONTROL.HINT, sum(CONTROL.WIDTHS))]))
    header = CONTROL.HEADER_ROW - 1
    for column, label in enumerate(CONTROL.HEADER):
        sheet.write_string(header, column, label, styles.header)
    sheet.set_row(header, PRINT.row_points(1))
    for offset, parameter in enumerate(CONTROL.PARAMETERS):
        row = CONTROL.FIRST_ROW - 1 + offset
        sheet.write_string(row, 0, parameter.label, styles.label)
        style = styles.entry_date if parameter.kind == "date" else styles.entry
        value = values.get(parameter.key, "")
        write_text(sheet, row, 1, value, styles=styles, style=style)
        write_text(sheet, row, 2, parameter.note, styles=styles)
        cells = zip((parameter.label, value, parameter.note), CONTROL.WIDTHS, strict=True)
        sheet.set_row(row, PRINT.row_height(cells))
        cell = CONTROL.cell(parameter.key)
        if parameter.kind == "notice":
            rule = {
                "validate": "list",
                "source": f"={CONTROL.NOTICES_NAME}",
                "error_type": "information",  # a path is as welcome as a bundled name
                "input_title": parameter.label,
                "input_message": "选内置通知名，或填写通知文件的完整路径",
            }
            sheet.data_validation(cell, rule)
        elif parameter.kind == "date":
            rule = {
                "validate": "date",
                "criteria": ">=",
                "value": "2000-01-01",
                "error_type": "warning",
                "input_title": parameter.label,
                "input_message": "如 2024-07-10；空着为今天",
            }
            sheet.data_validation(cell, rule)
    _operations(sheet, styles, CONTROL.FIRST_ROW + len(CONTROL.PARAMETERS))
    sheet.freeze_panes(CONTROL.FIRST_ROW - 1, 0)
    page_setup(sheet, widths=CONTROL.WIDTHS)
    sheet.activate()


def _operations(sheet: Worksheet, styles: _Styles, row: int) -> None:
    """Every operation: its name (for ``gzgk excel run``), its button and what it does."""
    last = len(CONTROL.WIDTHS) - 1
    sheet.merge_range(row, 0, row, last, CONTROL.OPERATIONS_HINT, styles.hint)
    sheet.set_row(row, PRINT.row_height([(CONTROL.OPERATIONS_HINT, sum(CONTROL.WIDTHS))]))
    row += 1
    for column, label in enumerate(CONTROL.OPERATIONS_HEADER):
        sheet.write_string(row, column, label, styles.header)
    sheet.set_row(row, PRINT.row_points(1))
    for button in ADDIN.BUTTONS:
        row += 1
        cells = (button.macro, button.label, button.tip)
        for column, text in enumerate(cells):
            write_text(sheet, row, column, text, styles=styles)
        sheet.set_row(row, PRINT.row_height(zip(cells, CONTROL.WIDTHS, strict=True)))


def _groups(sheet: Worksheet, styles: _Styles, matrix: Matrix | None) -> None:
    for column, width in enumerate(CONTROL.GROUPS_WIDTHS):
        sheet.set_column(column, column, width)
    last = len(CONTROL.GROUPS_WIDTHS) - 1
    sheet.merge_range(0, 0, 0, last, "", styles.hint)
    write_text(sheet, 0, 0, CONTROL.GROUPS_HINT, styles=styles, style=styles.hint)
    sheet.set_row(0, PRINT.row_height([(CONTROL.GROUPS_HINT, sum(CONTROL.GROUPS_WIDTHS))]))
    header = CONTROL.GROUPS_FIRST_ROW - 2
    for column, label in enumerate(CONTROL.GROUPS_HEADER):
        sheet.write_string(header, column, label, styles.header)
    sheet.set_row(header, PRINT.row_points(1))
    row = header
    for task, group, members in open_groups(matrix) if matrix is not None else ():
        for member in (*members, *([""] * CONTROL.GROUPS_EMPTY_ROWS)):
            row += 1
            cells = (task.label, task.title, group, member)
            for column, text in enumerate(cells):
                style = styles.entry if column == len(cells) - 1 else None
                write_text(sheet, row, column, text, styles=styles, style=style)
            sheet.set_row(row, PRINT.row_height(zip(cells, CONTROL.GROUPS_WIDTHS, strict=True)))
    last_row = max(row, header + 200)
    member_column = len(CONTROL.GROUPS_HEADER) - 1
    sheet.data_validation(
        header + 1,
        member_column,
        last_row,
        member_column,
        {
            "validate": "list",
            "source": f"={CONTROL.UNITS_NAME}",
            "input_title": "成员单位",
            "input_message": "从单位名录中选择",
            "error_type": "warning",
        },
    )
    sheet.freeze_panes(header + 1, 0)
    page_setup(sheet, widths=CONTROL.GROUPS_WIDTHS, repeat_rows=(header, header), landscape=False)


def control_workbook(
    *,
    notice: Notice | None = None,
    source: str = "",
    registry: Registry | None = None,
    values: dict[str, str] | None = None,
) -> bytes:
    """The control workbook as .xlsx bytes.

    Args:
        notice: when given, 单位组成员 lists its open groups task by task.
        source: what to put in the 通知 cell (a path or a bundled name).
        registry: the units offered in the drop-downs; the bundled registry by default.
        values: other parameter cells to fill in, by parameter key.
    """
    registry = registry or Registry.bundled()
    output = WorkbookBuffer(CONTROL.TITLE)
    book = output.book
    styles = _Styles(book)
    given = {"notice": source}
    if notice is not None and notice.rounds:  # the schedule read from the notice, to check
        given["rounds"] = format_rounds(notice.rounds)
    _parameters(book.add_worksheet(CONTROL.CONTROL_SHEET), styles, {**given, **(values or {})})
    matrix = Matrix.build(notice, registry) if notice is not None else None
    _groups(book.add_worksheet(CONTROL.GROUPS_SHEET), styles, matrix)
    log = book.add_worksheet(CONTROL.LOG_SHEET)
    for column, (label, width) in enumerate(
        zip(CONTROL.LOG_HEADER, CONTROL.LOG_WIDTHS, strict=True)
    ):
        log.set_column(column, column, width)
        log.write_string(0, column, label, styles.header)
    log.set_row(0, PRINT.row_points(1))
    # What the log holds, under its header: a printed log is never an empty page.
    log.write_string(1, len(CONTROL.LOG_HEADER) - 1, CONTROL.LOG_NOTE, styles.quiet)
    log.freeze_panes(1, 0)
    page_setup(log, widths=CONTROL.LOG_WIDTHS, repeat_rows=(0, 0))
    _lists(book, registry)
    return output.finish()


def write_control(
    path: str | Path,
    *,
    notice: Notice | None = None,
    source: str = "",
    registry: Registry | None = None,
    values: dict[str, str] | None = None,
) -> Path:
    """Write the control workbook to ``path`` atomically (see :func:`control_workbook`)."""
    data = control_workbook(notice=notice, source=source, registry=registry, values=values)
    return write_atomic(path, data)
