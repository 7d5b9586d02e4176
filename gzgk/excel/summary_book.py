"""Summary → the summary workbook (汇总表): every unit's return in one print-ready file.

Written with xlsxwriter following :data:`~gzgk.contract.SUMMARY`. Nothing a
unit wrote ever becomes a live formula or a link: every value from a return is
written with ``write_string`` (text that starts like a formula also gets the
quote-prefix style), and the workbook is opened with ``strings_to_formulas``
and ``strings_to_urls`` off. Every sheet prints on A4 with its header repeated
and page numbers in the footer.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import groupby
from pathlib import Path

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from gzgk.contract import RETURN, SUMMARY
from gzgk.files import write_atomic
from gzgk.model import Task, UnitKind
from gzgk.outputs import REMINDERS, WORKBOOK, Output, check_outputs
from gzgk.render import files_account, reminder_rows
from gzgk.summary import CellState, InvalidText, Summary, UnitReturn, misnamed_note

from .rounds_book import MatrixCells, matrix_lights, write_comparison, write_data
from .writer import (
    Styles,
    Value,
    WorkbookBuffer,
    lines_needed,
    page_setup,
    row_points,
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

_PAGE_TITLE_MAX = 40  # characters of the notice title in page footers
_STATE_TEXT = {
    CellState.UNFILLED: SUMMARY.UNFILLED,
    CellState.ROW_MISSING: SUMMARY.ROW_MISSING,
}


class _Styles(Styles):
    def __init__(self, book: Workbook) -> None:
        super().__init__(book)
        self.big_title = self.plain_format(book, font_size=16, bold=True)
        self.section = self.plain_format(book, font_size=12, bold=True)
        self.vertical = self.cell_format(
            book, bold=True, align="center", valign="bottom", rotation=270, bg_color="#F2F2F2"
        )
        self.task_heading = self.cell_format(
            book, bold=True, text_wrap=True, bg_color="#DDEBF7", font_size=11
        )
        self.states: dict[CellState, Format] = {
            state: self.cell_format(
                book, align="center", text_wrap=True, bg_color=SUMMARY.STATE_COLOURS[state.value]
            )
            for state in CellState
        }
        self.state_literals: dict[CellState, Format] = {
            state: self.cell_format(
                book,
                align="center",
                text_wrap=True,
                quote_prefix=True,
                bg_color=SUMMARY.STATE_COLOURS[state.value],
            )
            for state in CellState
        }


def _footer(summary: Summary, sheet: str) -> str:
    title = (summary.notice.title or SUMMARY.TITLE_SUFFIX)[:_PAGE_TITLE_MAX]
    return SUMMARY.FOOTER.format(title=title.replace("&", "&&"), sheet=sheet)


def _title(summary: Summary) -> str:
    return f"{summary.notice.title or '任务分工'}{SUMMARY.TITLE_SUFFIX}"


def _percent(rate: float | None) -> Value:
    return SUMMARY.NONE if rate is None else rate


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else ""


def _fates(summary: Summary) -> dict[str, str]:
    """What became of every file, by path: used, superseded, a copy, unplaced or not read (why)."""
    fates: dict[str, str] = {}
    for unit in summary.units:
        if unit.received is not None:
            fates[unit.received.path] = SUMMARY.USED
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
    files = f"{files_account(counts)}（见“{SUMMARY.FILES_SHEET}”）"
    issues, reminders = SUMMARY.ISSUES_SHEET, SUMMARY.REMINDERS_SHEET
    invalid = f"{counts.invalid} 个（已汇总并标注，需退回修改，见“{issues}”“{reminders}”）"
    missing = f"{counts.missing} 个（其中逾期未报 {counts.overdue} 个，见“{reminders}”）"
    values = {
        "notice": notice.title or SUMMARY.NONE,
        "doc_number": notice.doc_number or SUMMARY.NONE,
        "issuer": notice.issuer or SUMMARY.NONE,
        "due": due.isoformat() if due else "通知未规定",
        "as_of": summary.as_of.strftime("%Y-%m-%d %H:%M"),
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
                progress.not_received,
                _percent(progress.rate),
            ]
        )
    return rows


def _write_overview(book: Workbook, styles: _Styles, summary: Summary) -> None:
    sheet = book.add_worksheet(SUMMARY.OVERVIEW_SHEET)
    widths = SUMMARY.UNIT_PROGRESS_WIDTHS
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    last = len(widths) - 1
    sheet.merge_range(0, 0, 0, last, _title(summary), styles.big_title)
    sheet.set_row(0, row_points(lines_needed(_title(summary), sum(widths) / 1.6)))
    row = 2
    for label, value in _facts(summary):
        sheet.write_string(row, 0, label, styles.header)
        sheet.merge_range(row, 1, row, last, "", styles.text)
        write_text(sheet, row, 1, value, styles=styles)
        sheet.set_row(row, row_points(lines_needed(value, sum(widths[1:]))))
        row += 1
    row += 1
    sheet.write_string(row, 0, SUMMARY.CHART_TITLE, styles.section)
    row += 1
    header_row = row
    for column, label in enumerate(SUMMARY.UNIT_PROGRESS_HEADER):
        sheet.write_string(row, column, label, styles.header)
    rows = _unit_progress_rows(summary)
    for values in rows:
        row += 1
        for column, cell in enumerate(values):
            write_value(sheet, row, column, cell, styles=styles)
    if rows:
        _progress_chart(book, sheet, header_row, len(rows))
    page_setup(
        sheet,
        repeat_rows=(header_row, header_row),
        footer=_footer(summary, SUMMARY.OVERVIEW_SHEET),
    )


def _progress_chart(book: Workbook, sheet: Worksheet, header_row: int, count: int) -> None:
    """A native stacked bar chart of every unit's task states, beside the table."""
    chart = book.add_chart({"type": "bar", "subtype": "stacked"})
    first, last = header_row + 1, header_row + count
    states = (
        CellState.DONE,
        CellState.IN_PROGRESS,
        CellState.NOT_STARTED,
        CellState.NOT_APPLICABLE,
        CellState.UNFILLED,
        CellState.NOT_RECEIVED,
    )
    name = SUMMARY.OVERVIEW_SHEET
    for column, state in enumerate(states, start=1):
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
    chart.set_title({"name": SUMMARY.CHART_TITLE, "name_font": {"size": 12}})
    chart.set_x_axis({"name": SUMMARY.CHART_AXIS, "major_gridlines": {"visible": True}})
    chart.set_y_axis({"reverse": True, "num_font": {"size": 8}})
    chart.set_legend({"position": "top"})
    chart.set_size({"width": 620, "height": max(320, 20 * count + 120)})
    sheet.insert_chart(header_row, len(SUMMARY.UNIT_PROGRESS_HEADER) + 1, chart)


# -- 报送情况 and 收到文件 ----------------------------------------------------


def _notes(unit: UnitReturn) -> str:
    notes: list[str] = []
    if not unit.expected:
        notes.append(SUMMARY.UNEXPECTED)
    received = unit.received
    if received is not None and received.date_basis == SUMMARY.FILE_TIME:
        notes.append(f"未填{RETURN.label('date')}，按{SUMMARY.FILE_TIME}判断是否按时")
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
                "",
                _notes(unit),
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
            received.path,
            _notes(unit),
        ]


def _file_rows(summary: Summary) -> Iterator[list[Value]]:
    fates = _fates(summary)
    for number, file in enumerate(summary.files, start=1):
        issues = file.report.issues
        errors = sum(1 for issue in issues if issue.is_error)
        modified = file.modified.strftime("%Y-%m-%d %H:%M:%S") if file.modified else ""
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
    sheet = book.add_worksheet(SUMMARY.MATRIX_SHEET)
    units = summary.expected
    fixed = len(SUMMARY.MATRIX_FIXED)
    totals_at = fixed + len(units)
    for column, width in enumerate(SUMMARY.MATRIX_FIXED_WIDTHS):
        sheet.set_column(column, column, width)
    if units:
        sheet.set_column(fixed, totals_at - 1, SUMMARY.MATRIX_UNIT_WIDTH)
    sheet.set_column(
        totals_at, totals_at + len(SUMMARY.MATRIX_TOTALS) - 1, SUMMARY.MATRIX_TOTAL_WIDTH
    )
    sheet.write_string(0, 0, _title(summary), styles.title)
    sheet.write_string(1, 0, SUMMARY.MATRIX_LEGEND, styles.note)
    first_task = _matrix_header(sheet, styles, units, first_row=2)
    for index, task in enumerate(summary.notice.tasks):
        row = first_task + index
        sheet.write_string(row, 0, task.label, styles.centre)
        write_text(sheet, row, 1, task.title or task.content[:60], styles=styles)
        sheet.set_row(row, row_points(lines_needed(task.title, SUMMARY.MATRIX_FIXED_WIDTHS[1])))
        for offset, unit in enumerate(units):
            _matrix_cell(sheet, styles, unit, task, at=(row, fixed + offset))
        progress = summary.task_progress(task)
        received = progress.total - progress.not_received
        for offset, value in enumerate((progress.total, received, progress.done)):
            sheet.write_number(row, totals_at + offset, value, styles.centre)
        write_value(sheet, row, totals_at + 3, _percent(progress.rate), styles=styles)
    _matrix_footer(sheet, styles, summary, first_task + len(summary.notice.tasks), fixed)
    matrix_lights(
        sheet,
        book,
        summary,
        MatrixCells(
            first=(first_task, fixed),
            last=(first_task + len(summary.notice.tasks) - 1, fixed + len(units) - 1),
            task_label=(first_task, 0),
            unit_name=(first_task - 2, fixed),
        ),
    )
    sheet.freeze_panes(first_task, fixed)
    pages = max(1, -(-(len(units) + 4) // SUMMARY.MATRIX_UNITS_PER_PAGE))
    page_setup(
        sheet,
        repeat_rows=(first_task - 2, first_task - 1),
        footer=_footer(summary, SUMMARY.MATRIX_SHEET),
    )
    sheet.fit_to_pages(pages, 0)
    sheet.repeat_columns(0, fixed - 1)


def _matrix_header(
    sheet: Worksheet, styles: _Styles, units: Sequence[UnitReturn], *, first_row: int
) -> int:
    """The kind, unit and report-state rows above the matrix; the first task row."""
    kind_row, unit_row, state_row = first_row, first_row + 1, first_row + 2
    fixed = len(SUMMARY.MATRIX_FIXED)
    totals_at = fixed + len(units)
    for row in (kind_row, unit_row, state_row):
        for column in range(fixed):
            sheet.write_blank(row, column, None, styles.header)
        for offset in range(len(SUMMARY.MATRIX_TOTALS)):
            sheet.write_blank(row, totals_at + offset, None, styles.header)
    for column, label in enumerate(SUMMARY.MATRIX_FIXED):
        sheet.write_string(unit_row, column, label, styles.header)
    sheet.write_string(state_row, 1, SUMMARY.MATRIX_STATE_ROW, styles.header)
    position = fixed
    for kind, members in groupby(units, key=lambda u: u.unit.kind):
        count = len(list(members))
        if count > 1:
            sheet.merge_range(
                kind_row, position, kind_row, position + count - 1, kind.label, styles.header
            )
        else:
            sheet.write_string(kind_row, position, kind.label, styles.header)
        position += count
    longest = max((len(u.unit.short_name) for u in units), default=2)
    sheet.set_row(unit_row, max(30, longest * 12))
    for offset, unit in enumerate(units):
        column = fixed + offset
        sheet.write_string(unit_row, column, unit.name, styles.vertical)
        if unit.received is None:
            sheet.write_string(state_row, column, unit.timeliness.label, styles.centre)
        else:
            word = SUMMARY.INVALID if unit.valid is False else unit.timeliness.label
            state = CellState.UNFILLED if unit.valid is False else CellState.DONE
            sheet.write_string(state_row, column, word, styles.states[state])
    for offset, label in enumerate(SUMMARY.MATRIX_TOTALS):
        sheet.write_string(unit_row, totals_at + offset, label, styles.vertical)
    return state_row + 1


def _matrix_cell(
    sheet: Worksheet, styles: _Styles, unit: UnitReturn, task: Task, *, at: tuple[int, int]
) -> None:
    row, column = at
    state = unit.state(task)
    if state in (CellState.NO_ROLE, CellState.NOT_RECEIVED):
        sheet.write_blank(row, column, None, styles.states[state])
        return
    entry = unit.entry(task)
    text = _STATE_TEXT.get(state) or (entry.status if entry is not None else "")
    style, literal = styles.states[state], styles.state_literals[state]
    write_text(sheet, row, column, text, styles=styles, style=style, literal=literal)


def _matrix_footer(
    sheet: Worksheet, styles: _Styles, summary: Summary, row: int, fixed: int
) -> None:
    sheet.write_blank(row, 0, None, styles.header)
    sheet.write_string(row, 1, SUMMARY.MATRIX_DONE_ROW, styles.header)
    sheet.write_blank(row + 1, 0, None, styles.header)
    sheet.write_string(row + 1, 1, SUMMARY.MATRIX_RATE_ROW, styles.header)
    for offset, unit in enumerate(summary.expected):
        progress = unit.progress()
        sheet.write_string(
            row, fixed + offset, f"{progress.done}/{progress.applicable}", styles.centre
        )
        write_value(sheet, row + 1, fixed + offset, _percent(progress.rate), styles=styles)


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
                unit.unit.kind.label,
                task.label,
                task.title,
                role.label,
                *texts,
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
    sheet = book.add_worksheet(SUMMARY.COMPILATION_SHEET)
    widths = SUMMARY.COMPILATION_WIDTHS
    last = len(widths) - 1
    for column, (label, width) in enumerate(zip(SUMMARY.COMPILATION_HEADER, widths, strict=True)):
        sheet.set_column(column, column, width)
        sheet.write_string(0, column, label, styles.header)
    row = 0
    for compiled in summary.compilation():
        row += 1
        heading = f"{compiled.task.label}{compiled.task.title}"
        sheet.merge_range(row, 0, row, last, "", styles.task_heading)
        write_text(sheet, row, 0, heading, styles=styles, style=styles.task_heading)
        sheet.set_row(row, row_points(lines_needed(heading, sum(widths))) + 4)
        for item in compiled.entries:
            row += 1
            entry = item.entry
            if item.rejected:  # never the text of a return that failed validation
                note = SUMMARY.REJECTED_SEE if invalid_text == "appendix" else SUMMARY.REJECTED
                texts = [note, "", "", ""]
            elif item.state is CellState.NOT_RECEIVED:
                texts = [SUMMARY.NOT_SENT, "", "", ""]
            elif entry is None:
                texts = [SUMMARY.ROW_MISSING, "", "", ""]
            else:
                status = entry.status or SUMMARY.UNFILLED
                texts = [status, entry.progress, entry.problems, entry.plans]
            values = [item.role.label, item.unit.name, *texts]
            lines = 1
            for column, value in enumerate(values):
                write_text(sheet, row, column, value, styles=styles)
                lines = max(lines, lines_needed(value, widths[column]))
            sheet.set_row(row, row_points(lines))
        for name in compiled.open_names:
            row += 1
            write_text(sheet, row, 0, "", styles=styles)
            write_text(sheet, row, 1, name, styles=styles)
            sheet.merge_range(row, 2, row, last, "", styles.text)
            write_text(sheet, row, 2, SUMMARY.OPEN_GROUP, styles=styles)
    if invalid_text == "appendix":
        row = _write_rejected(sheet, styles, summary, row)
    sheet.freeze_panes(1, 0)
    page_setup(sheet, repeat_rows=(0, 0), footer=_footer(summary, SUMMARY.COMPILATION_SHEET))


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
        sheet.set_row(row, row_points(lines_needed(text, sum(widths))) + 4)

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
            lines = 1
            for column, value in enumerate(values):
                write_text(sheet, row, column, value, styles=styles)
                lines = max(lines, lines_needed(value, widths[column]))
            sheet.set_row(row, row_points(lines))
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
                file.path,
                issue.location(),
                file.report.unit or "",
                issue.task or "",
                issue.severity.label,
                issue.code,
                issue.message,
                fate,
            ]


# -- the workbooks ---------------------------------------------------------------


_Rows = Callable[[Summary], Iterable[Sequence[Value]]]
# The plain tables: sheet, header, widths, and how the rows come from the summary.
_TABLES: dict[str, tuple[Sequence[str], Sequence[float], _Rows]] = {
    SUMMARY.STATUS_SHEET: (SUMMARY.STATUS_HEADER, SUMMARY.STATUS_WIDTHS, _status_rows),
    SUMMARY.DETAILS_SHEET: (SUMMARY.DETAILS_HEADER, SUMMARY.DETAILS_WIDTHS, _detail_rows),
    SUMMARY.ISSUES_SHEET: (SUMMARY.ISSUES_HEADER, SUMMARY.ISSUES_WIDTHS, _issue_rows),
    SUMMARY.REMINDERS_SHEET: (SUMMARY.REMINDERS_HEADER, SUMMARY.REMINDERS_WIDTHS, reminder_rows),
    SUMMARY.FILES_SHEET: (SUMMARY.FILES_HEADER, SUMMARY.FILES_WIDTHS, _file_rows),
}
_Sheet = Callable[[Workbook, "_Styles", Summary], None]


def _table(title: str) -> _Sheet:
    """The writer of one plain table of the summary."""
    header, widths, rows = _TABLES[title]

    def write(book: Workbook, styles: _Styles, summary: Summary) -> None:
        footer = _footer(summary, title)
        write_table(
            book,
            styles=styles,
            title=title,
            header=header,
            rows=rows(summary),
            widths=widths,
            footer=footer,
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
    return _workbook(_title(summary), summary, _sheets(summary, sheets))


def reminders_workbook(summary: Summary) -> bytes:
    """The 催报清单 alone, as .xlsx bytes."""
    title = f"{_title(summary)}{SUMMARY.REMINDERS_SHEET}"
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
