"""Summary → the summary workbook (汇总表): every unit's return in one print-ready file.

Written with xlsxwriter following :data:`~gzgk.contract.SUMMARY`. Nothing a
unit wrote ever becomes a live formula or a link: every value from a return is
written with ``write_string`` (text that starts like a formula also gets the
quote-prefix style), and the workbook is opened with ``strings_to_formulas``
and ``strings_to_urls`` off.

Every sheet prints on A4 (:data:`~gzgk.contract.PRINT`): the notice in the page
header, sheet, page numbers and the moment in the footer, the table's header
repeated, every row as tall as its wrapped text, and only the columns a reader
needs (paths, SHA-256 and codes stay on the sheet, outside the print area).
The progress matrix is split over pages by unit columns with 编号 and 主要任务
on every page; the chart of 汇总说明 has a page of its own.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import groupby
from pathlib import Path

from attrs import frozen
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from gzgk._text import chinese_date, chinese_moment
from gzgk.contract import PRINT, RETURN, SUMMARY
from gzgk.files import write_atomic
from gzgk.model import Task, UnitKind
from gzgk.outputs import REMINDERS, WORKBOOK, Output, check_outputs
from gzgk.render import files_account, rejected_note, reminder_rows, reminder_titles
from gzgk.report import code_label
from gzgk.summary import CellState, InvalidText, Summary, UnitReturn, misnamed_note

from .rounds_book import MatrixCells, matrix_lights, write_comparison, write_data
from .summary_pages import summary_footer, summary_header, summary_title
from .writer import (
    Styles,
    Value,
    WorkbookBuffer,
    column_breaks,
    page_setup,
    widest_page,
    write_table,
    write_text,
    write_value,
)

__all__ = [
    "reminders_data",
    "reminders_workbook",
    "summary_workbook",
    "write_reminders",
    "write_summary",
]

_STATE_TEXT = {
    CellState.UNFILLED: SUMMARY.UNFILLED,
    CellState.ROW_MISSING: SUMMARY.ROW_MISSING,
    CellState.REJECTED: SUMMARY.INVALID,
}
_PIXELS = 4 / 3  # pixels per point (96 dpi)
_DEFAULT_ROW = 15.0  # points: the height of a row xlsxwriter leaves alone


class _Styles(Styles):
    def __init__(self, book: Workbook) -> None:
        super().__init__(book)
        self.big_title = self.plain_format(
            book, font_size=SUMMARY.TITLE_SIZE, bold=True, text_wrap=True, valign="vcenter"
        )
        self.facts = self.plain_format(book, text_wrap=True, valign="vcenter")
        self.section = self.plain_format(book, font_size=12, bold=True)
        self.task_heading = self.cell_format(
            book, bold=True, text_wrap=True, bg_color="#DDEBF7", font_size=11
        )
        self.small = self.cell_format(
            book, align="center", text_wrap=True, font_size=SUMMARY.MATRIX_SIZE
        )
        self.header_small = self.cell_format(
            book,
            bold=True,
            align="center",
            valign="top",
            text_wrap=True,
            font_size=SUMMARY.MATRIX_SIZE,
            bg_color="#F2F2F2",
        )
        self.kind = self.cell_format(book, bold=True, bg_color="#DDEBF7")
        self.states: dict[CellState, Format] = {
            state: self.cell_format(
                book,
                align="center",
                text_wrap=True,
                font_size=SUMMARY.MATRIX_SIZE,
                bg_color=SUMMARY.STATE_COLOURS[state.value],
            )
            for state in CellState
        }
        self.state_literals: dict[CellState, Format] = {
            state: self.cell_format(
                book,
                align="center",
                text_wrap=True,
                quote_prefix=True,
                font_size=SUMMARY.MATRIX_SIZE,
                bg_color=SUMMARY.STATE_COLOURS[state.value],
            )
            for state in CellState
        }


def _percent(rate: float | None) -> Value:
    return SUMMARY.NONE if rate is None else rate


def _date(value: dt.date | None) -> str:
    return chinese_date(value) if value is not None else ""


def _fates(summary: Summary) -> dict[str, str]:
    """What became of every file, by path: used, superseded, a copy, unplaced or not read (why)."""
    fates: dict[str, str] = {}
    for unit in summary.units:
        if unit.received is not None:
            used = SUMMARY.BLANK if unit.received.content.blank else SUMMARY.USED
            fates[unit.received.path] = used
            for older in unit.superseded:
                fates[older.path] = f"{SUMMARY.SUPERSEDED}（采用：{unit.received.path}）"
        for copy in unit.copies:
            fates[copy.path] = f"{SUMMARY.COPY}（与{unit.name}采用或留存的文件内容相同，未另计）"
    for file in summary.unplaced:
        errors = [issue for issue in file.report.issues if issue.is_error]
        reason = errors[0].message.split("。", 1)[0] if errors else ""
        fates[file.path] = f"{SUMMARY.UNPLACED}：{reason}" if reason else SUMMARY.UNPLACED
    for file in summary.skipped:
        fates[file.path] = file.report.issues[0].message  # 未读取：why
    return fates


# -- 汇总说明 ---------------------------------------------------------------


def _facts(summary: Summary) -> list[tuple[str, str]]:
    notice, counts = summary.notice, summary.counts()
    due = notice.report_due
    kinds = "、".join(
        f"{kind.label} {len(list(members))} 个"
        for kind, members in groupby(
            sorted((u.unit.kind for u in summary.expected), key=lambda k: list(UnitKind).index(k))
        )
    )
    received = f"{counts.received} 个（按时 {counts.on_time} 个，逾期报送 {counts.late} 个）"
    rate = counts.received_rate
    if rate is not None:
        received += f"，报送率 {rate:.0%}"
    progress = counts.progress
    done = (
        f"已完成 {progress.done} 项，应落实 {progress.applicable} 项"
        f"（不含“{RETURN.NOT_APPLICABLE}”）"
    )
    if progress.rate is not None:
        done += f"，完成率 {progress.rate:.0%}"
    if progress.rejected:
        done += f"；{rejected_note(progress)}"
    files = f"{files_account(counts)}（见“{SUMMARY.FILES_SHEET}”）"
    issues, reminders = SUMMARY.ISSUES_SHEET, SUMMARY.REMINDERS_SHEET
    invalid = f"{counts.invalid} 个（已汇总并标注，需退回修改，见“{issues}”“{reminders}”）"
    missing = f"{counts.missing} 个（其中逾期未报 {counts.overdue} 个，见“{reminders}”）"
    values = {
        "notice": notice.title or SUMMARY.NONE,
        "doc_number": notice.doc_number or SUMMARY.NONE,
        "issuer": notice.issuer or SUMMARY.NONE,
        "due": chinese_date(due) if due else "通知未规定",
        "as_of": chinese_moment(summary.as_of),
        "expected": f"{counts.expected} 个（{kinds}）" if kinds else "0 个",
        "received": received,
        "invalid": invalid,
        "missing": missing,
        "progress": done,
        "files": files,
    }
    if counts.unexpected:
        values["unexpected"] = f"{counts.unexpected} 个未分配任务的单位报送了报送表"
    if summary.round is not None:
        values = {"round": summary.round.label, **values}
    if summary.comparison is not None:
        values["comparison"] = summary.comparison.sentence()
    facts = [(SUMMARY.FACTS[key], value) for key, value in values.items()]
    facts.extend((SUMMARY.FACTS["open_group"], item.message) for item in summary.open_groups)
    return facts


def _unit_progress_rows(summary: Summary) -> list[list[Value]]:
    rows: list[list[Value]] = []
    for unit in summary.expected:
        progress = unit.progress()
        rows.append(
            [
                unit.name,
                progress.done,
                progress.in_progress,
                progress.not_started,
                progress.not_applicable,
                progress.unfilled,
                progress.rejected,
                progress.not_received,
                _percent(progress.rate),
            ]
        )
    return rows


def _write_overview(book: Workbook, styles: _Styles, summary: Summary) -> None:
    """Title and facts; the chart on the next page; then the table of every unit."""
    sheet = book.add_worksheet(SUMMARY.OVERVIEW_SHEET)
    widths = SUMMARY.UNIT_PROGRESS_WIDTHS
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    last = len(widths) - 1
    title = summary_title(summary)
    sheet.merge_range(0, 0, 0, last, title, styles.big_title)
    sheet.set_row(0, PRINT.row_height([(title, sum(widths))], SUMMARY.TITLE_SIZE))
    row = 2
    for label, value in _facts(summary):
        sheet.write_string(row, 0, label, styles.header)
        sheet.merge_range(row, 1, row, last, "", styles.text)
        write_text(sheet, row, 1, value, styles=styles)
        sheet.set_row(row, PRINT.row_height([(value, sum(widths[1:])), (label, widths[0])]))
        row += 1
    rows = _unit_progress_rows(summary)
    breaks, header_row = _progress_charts(book, sheet, summary, first_row=row + 1)
    sheet.write_string(header_row - 1, 0, SUMMARY.CHART_TITLE, styles.section)
    sheet.set_row(header_row - 1, PRINT.row_points(1, 12))
    for column, label in enumerate(SUMMARY.UNIT_PROGRESS_HEADER):
        sheet.write_string(header_row, column, label, styles.header)
    header = zip(SUMMARY.UNIT_PROGRESS_HEADER, widths, strict=True)
    sheet.set_row(header_row, PRINT.row_height(header))
    for offset, values in enumerate(rows, start=1):
        for column, cell in enumerate(values):
            write_value(sheet, header_row + offset, column, cell, styles=styles)
        sheet.set_row(header_row + offset, PRINT.row_height([(str(values[0]), widths[0])]))
    sheet.set_h_pagebreaks(breaks)
    page_setup(
        sheet,
        widths=widths,
        landscape=False,
        repeat_rows=(header_row, header_row),
        header=summary_header(summary, landscape=False),
        footer=summary_footer(summary, SUMMARY.OVERVIEW_SHEET),
    )


_CHART_STATES = (
    CellState.DONE,
    CellState.IN_PROGRESS,
    CellState.NOT_STARTED,
    CellState.NOT_APPLICABLE,
    CellState.UNFILLED,
    CellState.REJECTED,
    CellState.NOT_RECEIVED,
)
# A chart spans the table's columns exactly (their widths in Excel's pixels), so it keeps
# to them in any program; it is as high as its units need, and charts share a page
# while they fit on it (LibreOffice leaves out unit names that do not fit beside a bar).
_CHART_WIDTH = sum(width * 7 + 5 for width in SUMMARY.UNIT_PROGRESS_WIDTHS) - 2  # pixels
_CHART_PAGE = PRINT.printable_height(landscape=False) * SUMMARY.CHART_HEIGHT  # points


@frozen
class _Chart:
    """One chart: the units of one kind (or a part of a long kind), by table position."""

    title: str
    first: int  # the position of its first unit in the table (0-based)
    count: int

    @property
    def height(self) -> float:
        """Its height in points: a bar per unit, and room for the title, legend and axis."""
        return SUMMARY.CHART_FRAME + SUMMARY.CHART_BAR * self.count


def _charts(units: Sequence[UnitReturn]) -> list[_Chart]:
    """A chart per kind of unit; a kind with more units than a page holds is split."""
    charts: list[_Chart] = []
    most = int((_CHART_PAGE - SUMMARY.CHART_FRAME) // SUMMARY.CHART_BAR)
    position = 0
    for kind, members in groupby(units, key=lambda unit: unit.unit.kind):
        count = len(list(members))
        parts = math.ceil(count / most)
        size = math.ceil(count / parts)
        for part, start in enumerate(range(0, count, size), start=1):
            label = f"{kind.label}，{part}/{parts}" if parts > 1 else kind.label
            title = f"{SUMMARY.CHART_TITLE}（{label}）"
            charts.append(_Chart(title, position + start, min(size, count - start)))
        position += count
    return charts


def _progress_charts(
    book: Workbook, sheet: Worksheet, summary: Summary, *, first_row: int
) -> tuple[list[int], int]:
    """The charts, on pages of their own from ``first_row``; the page breaks and table header row.

    Charts are placed first and drawn from the table under them, whose header
    row is known once the charts' rows are.
    """
    charts = _charts(summary.expected)
    if not charts:
        return [], first_row + 1
    placed: list[tuple[_Chart, int]] = []
    breaks, row, room = [first_row], first_row, _CHART_PAGE
    for chart in charts:
        if chart.height > room:
            breaks.append(row)
            room = _CHART_PAGE
        placed.append((chart, row))
        rows = math.ceil(chart.height / _DEFAULT_ROW) + 1
        row += rows
        room -= rows * _DEFAULT_ROW
    header_row = row + 1
    breaks.append(row)
    for chart, at in placed:
        _progress_chart(book, sheet, chart, at=at, header_row=header_row)
    return breaks, header_row


def _progress_chart(
    book: Workbook, sheet: Worksheet, part: _Chart, *, at: int, header_row: int
) -> None:
    """A native stacked bar chart of some units' task states, drawn from the table's rows."""
    chart = book.add_chart({"type": "bar", "subtype": "stacked"})
    first = header_row + 1 + part.first
    last = first + part.count - 1
    name = SUMMARY.OVERVIEW_SHEET
    for column, state in enumerate(_CHART_STATES, start=1):
        colour = SUMMARY.STATE_COLOURS[state.value]
        chart.add_series(
            {
                "name": [name, header_row, column],
                "categories": [name, first, 0, last, 0],
                "values": [name, first, column, last, column],
                "fill": {"color": colour if state is not CellState.NOT_RECEIVED else "#BFBFBF"},
                "border": {"color": "#808080"},
                "gap": 40,
            }
        )
    font = {"size": SUMMARY.CHART_FONT_SIZE}
    chart.set_title({"name": part.title, "name_font": {"size": 12}})
    chart.set_x_axis(
        {
            "name": SUMMARY.CHART_AXIS,
            "name_font": font,
            "num_font": font,
            "major_gridlines": {"visible": True},
        }
    )
    chart.set_y_axis({"reverse": True, "num_font": font})
    chart.set_legend({"position": "top", "font": font})
    chart.set_size({"width": _CHART_WIDTH, "height": round(part.height * _PIXELS)})
    sheet.insert_chart(at, 0, chart)


# -- 报送情况 and 收到文件 ----------------------------------------------------


def _notes(unit: UnitReturn) -> str:
    notes: list[str] = []
    if not unit.expected:
        notes.append(SUMMARY.UNEXPECTED)
    received = unit.received
    if received is not None and received.date_basis == SUMMARY.FILE_TIME:
        notes.append(f"未填{RETURN.label('date')}，按{SUMMARY.FILE_TIME}判断是否按时")
    if received is not None and received.content.blank:
        notes.append(f"报送表{SUMMARY.BLANK}：没有填写任何任务")
    if unit.superseded and received is not None:
        older = "；".join(
            f"{file.path}（{_date(file.date)}"
            + ("，与采用的文件内容相同" if file.sha256 and file.sha256 == received.sha256 else "")
            + "）"
            for file in unit.superseded
        )
        notes.append(f"另收到 {len(unit.superseded)} 份较早的报送，未采用：{older}")
    notes.extend(
        f"收到文件“{file.path}”但无法采用，见“{SUMMARY.FILES_SHEET}”" for file in unit.related
    )
    if unit.copies:
        copies = "；".join(file.path for file in unit.copies)
        notes.append(f"另有 {len(unit.copies)} 个内容完全相同的副本，未另计：{copies}")
    notes.extend(misnamed_note(file) for file in unit.misnamed)
    return "\n".join(notes)


def _status_rows(summary: Summary) -> Iterator[list[Value]]:
    due = summary.notice.report_due
    for number, unit in enumerate(summary.units, start=1):
        received = unit.received
        if received is None:
            yield [
                number,
                unit.name,
                unit.unit.kind.label,
                SUMMARY.NOT_RECEIVED,
                unit.timeliness.label if due else SUMMARY.NONE,
                SUMMARY.NONE,
                None,
                None,
                "",
                unit.contact,  # from the office's registry, where it lists one
                unit.phone,
                _notes(unit),
                "",
            ]
            continue
        issues = received.report.issues
        errors = sum(1 for issue in issues if issue.is_error)
        yield [
            number,
            unit.name,
            unit.unit.kind.label,
            SUMMARY.RECEIVED,
            unit.timeliness.label if due else SUMMARY.NONE,
            SUMMARY.VALID if received.valid else SUMMARY.INVALID,
            errors,
            len(issues) - errors,
            _date(received.content.fill_date),
            received.content.contact,
            received.content.phone,
            _notes(unit),
            received.path,
        ]


def _file_rows(summary: Summary) -> Iterator[list[Value]]:
    fates = _fates(summary)
    for number, file in enumerate(summary.files, start=1):
        issues = file.report.issues
        errors = sum(1 for issue in issues if issue.is_error)
        modified = chinese_moment(file.modified) if file.modified else ""
        yield [
            number,
            file.path,
            file.unit.short_name if file.unit is not None else (file.report.unit or ""),
            fates.get(file.path, SUMMARY.UNPLACED),
            _date(file.content.fill_date),
            modified,
            errors,
            len(issues) - errors,
            file.size,
            file.sha256,
        ]


# -- 进度矩阵 ---------------------------------------------------------------


def _write_matrix(book: Workbook, styles: _Styles, summary: Summary) -> None:
    """Units down (by kind), tasks across, every unit's and every task's totals.

    One page wide when it fits; otherwise split over pages by task columns with
    单位 and 报送情况 repeated. The task numbers and titles head every page.
    """
    sheet = book.add_worksheet(SUMMARY.MATRIX_SHEET)
    units, tasks = summary.expected, summary.notice.tasks
    fixed_widths = SUMMARY.MATRIX_FIXED_WIDTHS
    fixed = len(fixed_widths)
    widths = [SUMMARY.MATRIX_TASK_WIDTH] * len(tasks) + list(SUMMARY.MATRIX_UNIT_TOTAL_WIDTHS)
    for column, width in enumerate((*fixed_widths, *widths)):
        sheet.set_column(column, column, width)
    size = SUMMARY.MATRIX_SIZE
    one_page = PRINT.scale([*fixed_widths, *widths]) >= _min_scale(size)
    breaks = (
        []
        if one_page
        else column_breaks(
            widths, fixed=fixed_widths, groups=[len(tasks), len(SUMMARY.MATRIX_UNIT_TOTALS)]
        )
    )
    _matrix_header(sheet, styles, tasks)
    row = SUMMARY.MATRIX_HEADER_ROWS
    for kind, members in groupby(units, key=lambda unit: unit.unit.kind):
        sheet.merge_range(row, 0, row, fixed - 1, kind.label, styles.kind)
        sheet.set_row(row, PRINT.row_points(1))
        row += 1
        for unit in members:
            _matrix_unit(sheet, styles, unit, tasks, row)
            row += 1
    _matrix_footer(sheet, styles, summary, row)
    matrix_lights(
        sheet,
        book,
        summary,
        MatrixCells(
            first=(SUMMARY.MATRIX_HEADER_ROWS, fixed),
            last=(row - 1, fixed + len(tasks) - 1),
            task_label=(0, fixed),
            unit_name=(SUMMARY.MATRIX_HEADER_ROWS, 0),
            tasks_down=False,
        ),
    )
    row += len(SUMMARY.MATRIX_TASK_TOTALS) + 1
    last = len(fixed_widths) + len(widths) - 1 if one_page else fixed - 1
    legend_width = sum([*fixed_widths, *widths][: last + 1])
    sheet.merge_range(row, 0, row, last, SUMMARY.MATRIX_LEGEND, styles.facts)
    sheet.set_row(row, PRINT.row_height([(SUMMARY.MATRIX_LEGEND, legend_width)]))
    sheet.freeze_panes(SUMMARY.MATRIX_HEADER_ROWS, fixed)
    if breaks:
        sheet.set_v_pagebreaks([fixed + column for column in breaks])
        sheet.repeat_columns(0, fixed - 1)
    page_setup(
        sheet,
        widths=[*fixed_widths, *widths] if one_page else widest_page(fixed_widths, widths, breaks),
        repeat_rows=(0, SUMMARY.MATRIX_HEADER_ROWS - 1),
        header=summary_header(summary),
        footer=summary_footer(summary, SUMMARY.MATRIX_SHEET),
        smallest=size,
    )


def _min_scale(size: float) -> float:
    """The least a sheet whose smallest text is ``size`` points may be shrunk to."""
    return PRINT.MIN_SCALE * PRINT.BODY_SIZE / min(size, PRINT.BODY_SIZE)


def _matrix_header(sheet: Worksheet, styles: _Styles, tasks: Sequence[Task]) -> None:
    """Two header rows: the task numbers and the tasks' titles (the totals span both)."""
    fixed = len(SUMMARY.MATRIX_FIXED)
    for column, label in enumerate(SUMMARY.MATRIX_FIXED):
        sheet.merge_range(0, column, 1, column, label, styles.header)
    titles: list[tuple[str, float]] = []
    for offset, task in enumerate(tasks):
        sheet.write_string(0, fixed + offset, task.label, styles.header_small)
        title = task.title or task.content[:30]
        write_text(sheet, 1, fixed + offset, title, styles=styles, style=styles.header_small)
        titles.append((title, SUMMARY.MATRIX_TASK_WIDTH))
    totals_at = fixed + len(tasks)
    totals = zip(SUMMARY.MATRIX_UNIT_TOTALS, SUMMARY.MATRIX_UNIT_TOTAL_WIDTHS, strict=True)
    for offset, (label, width) in enumerate(totals):
        sheet.merge_range(0, totals_at + offset, 1, totals_at + offset, label, styles.header_small)
        titles.append((label, width))
    sheet.set_row(0, PRINT.row_points(1, SUMMARY.MATRIX_SIZE))
    sheet.set_row(1, PRINT.row_height(titles, SUMMARY.MATRIX_SIZE))


def _matrix_words(unit: UnitReturn) -> str:
    """The report state of a unit: 按时, 逾期未报, 不合格 …."""
    if unit.received is not None and unit.valid is False:
        return SUMMARY.INVALID
    return unit.timeliness.label


def _matrix_text(unit: UnitReturn, task: Task) -> str:
    """What a unit's cell of a task shows ("" for no role and nothing received)."""
    state = unit.state(task)
    if state in (CellState.NO_ROLE, CellState.NOT_RECEIVED):
        return ""
    entry = unit.entry(task)
    return _STATE_TEXT.get(state) or (entry.status if entry is not None else "")


def _matrix_unit(
    sheet: Worksheet, styles: _Styles, unit: UnitReturn, tasks: Sequence[Task], row: int
) -> None:
    """One unit's row: its name, report state, state of each task and its totals."""
    size = SUMMARY.MATRIX_SIZE
    fixed = len(SUMMARY.MATRIX_FIXED)
    words = _matrix_words(unit)
    sheet.write_string(row, 0, unit.name, styles.text)
    if unit.received is None:
        style = styles.small
    else:
        style = styles.states[CellState.UNFILLED if unit.valid is False else CellState.DONE]
    sheet.write_string(row, 1, words, style)
    texts: list[tuple[str, float]] = [(words, SUMMARY.MATRIX_FIXED_WIDTHS[1])]
    for offset, task in enumerate(tasks):
        state = unit.state(task)
        text = _matrix_text(unit, task)
        column = fixed + offset
        if state in (CellState.NO_ROLE, CellState.NOT_RECEIVED):
            sheet.write_blank(row, column, None, styles.states[state])
        else:
            style, literal = styles.states[state], styles.state_literals[state]
            write_text(sheet, row, column, text, styles=styles, style=style, literal=literal)
        texts.append((text, SUMMARY.MATRIX_TASK_WIDTH))
    progress = unit.progress()
    totals_at = fixed + len(tasks)
    sheet.write_string(row, totals_at, f"{progress.done}/{progress.applicable}", styles.small)
    write_value(sheet, row, totals_at + 1, _percent(progress.rate), styles=styles)
    height = max(
        PRINT.row_height([(unit.name, SUMMARY.MATRIX_FIXED_WIDTHS[0])]),
        PRINT.row_height(texts, size),
    )
    sheet.set_row(row, height)


def _matrix_footer(sheet: Worksheet, styles: _Styles, summary: Summary, row: int) -> None:
    """Each task's totals under the units: units holding it, reported, done, rate."""
    fixed = len(SUMMARY.MATRIX_FIXED)
    tasks = summary.notice.tasks
    for offset, label in enumerate(SUMMARY.MATRIX_TASK_TOTALS):
        sheet.merge_range(row + offset, 0, row + offset, fixed - 1, label, styles.header)
        sheet.set_row(row + offset, PRINT.row_points(1))
    for column, task in enumerate(tasks, start=fixed):
        progress = summary.task_progress(task)
        received = progress.total - progress.not_received
        for offset, value in enumerate((progress.total, received, progress.done)):
            sheet.write_number(row + offset, column, value, styles.centre)
        write_value(sheet, row + 3, column, _percent(progress.rate), styles=styles)
    for offset in range(len(SUMMARY.MATRIX_TASK_TOTALS)):
        for column in range(len(SUMMARY.MATRIX_UNIT_TOTALS)):
            sheet.write_blank(row + offset, fixed + len(tasks) + column, None, styles.header)


# -- 落实明细 and 按任务汇编 -------------------------------------------------


def _detail_rows(summary: Summary) -> Iterator[list[Value]]:
    for unit in summary.expected:
        received = unit.received
        if received is None:
            continue
        content = received.content
        for task, role in unit.tasks:
            entry = unit.entry(task)
            texts = (
                [entry.status, entry.progress, entry.evidence, entry.problems, entry.plans]
                if entry is not None
                else [SUMMARY.ROW_MISSING, "", "", "", ""]
            )
            yield [
                unit.name,
                task.label,
                task.title,
                role.label,
                *texts,
                unit.unit.kind.label,
                _date(content.fill_date),
                content.contact,
                content.phone,
                SUMMARY.VALID if received.valid else SUMMARY.INVALID,
                received.path,
                received.sha256,
            ]


def _write_compilation(
    book: Workbook, styles: _Styles, summary: Summary, *, invalid_text: InvalidText = "appendix"
) -> None:
    """Per task what the units reported; who did not, on one row per task.

    Text of a return that failed validation is never compiled under its unit: the
    unit's row points to the marked appendix at the end (or says it was left out).
    """
    sheet = book.add_worksheet(SUMMARY.COMPILATION_SHEET)
    widths = SUMMARY.COMPILATION_WIDTHS
    last = len(widths) - 1
    for column, (label, width) in enumerate(zip(SUMMARY.COMPILATION_HEADER, widths, strict=True)):
        sheet.set_column(column, column, width)
        sheet.write_string(0, column, label, styles.header)
    sheet.set_row(0, PRINT.row_height(zip(SUMMARY.COMPILATION_HEADER, widths, strict=True)))
    row = 0

    def merged(text: str, style: Format, size: float = PRINT.BODY_SIZE) -> None:
        sheet.merge_range(row, 0, row, last, "", style)
        write_text(sheet, row, 0, text, styles=styles, style=style)
        sheet.set_row(row, PRINT.row_height([(text, sum(widths))], size))

    for compiled in summary.compilation():
        row += 1
        merged(f"{compiled.task.label}{compiled.task.title}", styles.task_heading, 11)
        absent: dict[str, list[str]] = {}
        for item in compiled.entries:
            if item.state is CellState.NOT_RECEIVED:
                absent.setdefault(SUMMARY.NOT_RECEIVED, []).append(item.unit.name)
                continue
            row += 1
            entry = item.entry
            if item.rejected:  # never the text of a return that failed validation
                note = SUMMARY.REJECTED_SEE if invalid_text == "appendix" else SUMMARY.REJECTED
                texts = [note, "", "", ""]
            elif entry is None:
                texts = [SUMMARY.ROW_MISSING, "", "", ""]
            else:
                status = entry.status or SUMMARY.UNFILLED
                texts = [status, entry.progress, entry.problems, entry.plans]
            values = [item.role.label, item.unit.name, *texts]
            for column, value in enumerate(values):
                write_text(sheet, row, column, value, styles=styles)
            sheet.set_row(row, PRINT.row_height(zip(values, widths, strict=True)))
        for state, names in absent.items():
            row += 1
            merged(
                SUMMARY.ABSENT.format(state=state, count=len(names), names="、".join(names)),
                styles.text,
            )
        for name in compiled.open_names:
            row += 1
            write_text(sheet, row, 0, "", styles=styles)
            write_text(sheet, row, 1, name, styles=styles)
            sheet.merge_range(row, 2, row, last, "", styles.text)
            write_text(sheet, row, 2, SUMMARY.OPEN_GROUP, styles=styles)
            sheet.set_row(row, PRINT.row_height([(name, widths[1])]))
    if invalid_text == "appendix":
        row = _write_rejected(sheet, styles, summary, row)
    sheet.freeze_panes(1, 0)
    page_setup(
        sheet,
        widths=widths,
        repeat_rows=(0, 0),
        header=summary_header(summary),
        footer=summary_footer(summary, SUMMARY.COMPILATION_SHEET),
    )


def _write_rejected(sheet: Worksheet, styles: _Styles, summary: Summary, row: int) -> int:
    """The marked appendix at the end of 按任务汇编: text of returns that failed validation."""
    rejected = summary.rejected()
    if not rejected:
        return row
    widths = SUMMARY.COMPILATION_WIDTHS
    last = len(widths) - 1

    def heading(text: str) -> None:
        sheet.merge_range(row, 0, row, last, "", styles.task_heading)
        write_text(sheet, row, 0, text, styles=styles, style=styles.task_heading)
        sheet.set_row(row, PRINT.row_height([(text, sum(widths))], 11))

    row += 2
    heading(SUMMARY.REJECTED_NOTE)
    for item in rejected:
        row += 1
        heading(SUMMARY.REJECTED_UNIT.format(unit=item.unit.name, reasons="；".join(item.reasons)))
        for task, role, entry in item.entries:
            row += 1
            texts = (
                [entry.status, entry.progress, entry.problems, entry.plans]
                if entry is not None
                else [SUMMARY.ROW_MISSING, "", "", ""]
            )
            values = [role.label, f"{task.label}{task.title}", *texts]
            for column, value in enumerate(values):
                write_text(sheet, row, column, value, styles=styles)
            sheet.set_row(row, PRINT.row_height(zip(values, widths, strict=True)))
    return row


# -- 问题清单 and 催报清单 ---------------------------------------------------


def _issue_rows(summary: Summary) -> Iterator[list[Value]]:
    fates = _fates(summary)
    number = 0
    for file in summary.files:
        fate = fates.get(file.path, SUMMARY.UNPLACED).split("（", 1)[0].split("：", 1)[0]
        for issue in file.report.issues:
            number += 1
            yield [
                number,
                file.report.unit or "",
                issue.location(with_path=False) or SUMMARY.WHOLE_FILE,
                issue.severity.label,
                issue.message,
                fate,
                issue.task or "",
                file.path,
                code_label(issue.code),
            ]


# -- the workbooks ---------------------------------------------------------------


_Rows = Callable[[Summary], Iterable[Sequence[Value]]]
# The plain tables: sheet, header, widths, printed columns, and how the rows come.
_TABLES: dict[str, tuple[Sequence[str], Sequence[float], int, _Rows]] = {
    SUMMARY.STATUS_SHEET: (
        SUMMARY.STATUS_HEADER, SUMMARY.STATUS_WIDTHS, SUMMARY.STATUS_PRINTED, _status_rows
    ),
    SUMMARY.DETAILS_SHEET: (
        SUMMARY.DETAILS_HEADER, SUMMARY.DETAILS_WIDTHS, SUMMARY.DETAILS_PRINTED, _detail_rows
    ),
    SUMMARY.ISSUES_SHEET: (
        SUMMARY.ISSUES_HEADER, SUMMARY.ISSUES_WIDTHS, SUMMARY.ISSUES_PRINTED, _issue_rows
    ),
    SUMMARY.REMINDERS_SHEET: (
        SUMMARY.REMINDERS_HEADER,
        SUMMARY.REMINDERS_WIDTHS,
        SUMMARY.REMINDERS_PRINTED,
        reminder_rows,
    ),
    SUMMARY.FILES_SHEET: (
        SUMMARY.FILES_HEADER, SUMMARY.FILES_WIDTHS, SUMMARY.FILES_PRINTED, _file_rows
    ),
}  # fmt: skip
_Sheet = Callable[[Workbook, "_Styles", Summary], None]


def _table(title: str) -> _Sheet:
    """The writer of one plain table of the summary."""
    header, widths, printed, rows = _TABLES[title]

    def write(book: Workbook, styles: _Styles, summary: Summary) -> None:
        table = list(rows(summary))
        titles: list[str] = []
        if title == SUMMARY.REMINDERS_SHEET:
            titles = list(reminder_titles(summary, len(table)))
        write_table(
            book,
            styles=styles,
            title=title,
            header=header,
            rows=table,
            widths=widths,
            printed=printed,
            titles=titles,
            page_header=summary_header(summary),
            footer=summary_footer(summary, title),
        )

    return write


# The sheets that are more than a plain table; the others are written from _TABLES.
_WRITERS: dict[str, _Sheet] = {
    SUMMARY.OVERVIEW_SHEET: _write_overview,
    SUMMARY.MATRIX_SHEET: _write_matrix,
    SUMMARY.COMPILATION_SHEET: _write_compilation,
}
_SHEETS = tuple(_WRITERS.get(title) or _table(title) for title in SUMMARY.SHEETS)


def _sheets(summary: Summary, sheets: Sequence[_Sheet] = _SHEETS) -> tuple[_Sheet, ...]:
    """The sheets of a summary: a round's comparison after the matrix; ``_data`` last."""
    sheets = list(sheets)
    if summary.comparison is not None:
        sheets.insert(SUMMARY.SHEETS.index(SUMMARY.MATRIX_SHEET) + 1, write_comparison)
    return (*sheets, write_data)


def _workbook(title: str, summary: Summary, sheets: Sequence[_Sheet]) -> bytes:
    output = WorkbookBuffer(title)
    styles = _Styles(output.book)
    for write in sheets:
        write(output.book, styles, summary)
    return output.finish()


def summary_workbook(summary: Summary, *, invalid_text: InvalidText = "appendix") -> bytes:
    """The summary workbook as .xlsx bytes.

    Args:
        summary: the merged returns.
        invalid_text: where text from returns that failed validation goes:
            ``"appendix"`` (a marked part at the end of 按任务汇编) or ``"omit"``;
            it is never compiled under the unit's name.
    """
    compilation = functools.partial(_write_compilation, invalid_text=invalid_text)
    sheets = tuple(
        compilation if title == SUMMARY.COMPILATION_SHEET else write
        for title, write in zip(SUMMARY.SHEETS, _SHEETS, strict=True)
    )
    return _workbook(summary_title(summary), summary, _sheets(summary, sheets))


def reminders_workbook(summary: Summary) -> bytes:
    """The 催报清单 alone, as .xlsx bytes."""
    title = f"{summary_title(summary)}{SUMMARY.REMINDERS_SHEET}"
    return _workbook(title, summary, (_table(SUMMARY.REMINDERS_SHEET),))


def reminders_data(summary: Summary, path: str | Path) -> bytes | str:
    """The 催报清单 as the file at ``path`` holds it: CSV text for .csv, else a workbook."""
    if Path(path).suffix.lower() == ".csv":
        from gzgk.render import reminders_csv  # noqa: PLC0415 - the CSV lives with the text views

        return reminders_csv(summary)
    return reminders_workbook(summary)


def write_reminders(summary: Summary, path: str | Path) -> Path:
    """Write the 催报清单 to ``path`` atomically: .csv (formula-safe, UTF-8 with BOM) or .xlsx.

    Raises:
        OutputRefusedError: ``path`` is one of the files merged, or not .xlsx/.csv.
    """
    check_outputs([Output(Path(path), "path", REMINDERS)], summary.paths())
    return write_atomic(path, reminders_data(summary, path))


def write_summary(
    summary: Summary, path: str | Path, *, invalid_text: InvalidText = "appendix"
) -> Path:
    """Write the summary workbook to ``path`` atomically (the old file stays until it is done).

    Raises:
        OutputRefusedError: ``path`` is one of the files merged, or not an .xlsx name.
    """
    check_outputs([Output(Path(path), "path", WORKBOOK)], summary.paths())
    return write_atomic(path, summary_workbook(summary, invalid_text=invalid_text))
