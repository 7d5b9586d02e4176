"""A round's summary: 进展对比 with live lights, the matrix's light colours, and ``_data``.

Written with xlsxwriter following :data:`~gzgk.contract.COMPARISON`. The
comparison itself is computed in the core (:mod:`gzgk.comparison`); this
module only lays it out. Each light is a formula of its row (本期状态, 完成时限,
较上期, 连续未更新) and of the labelled cells 判断日期, 临近天数 and 本期报送时限,
with the value gzgk computed cached, and coloured by conditional formats; the
progress matrix gets the same colours through COUNTIFS over workbook-level
names (a conditional format may not point at another sheet directly). Nothing
a unit wrote becomes a formula.

``_data`` is very hidden: key/value rows, then every unit's last accepted
answers and contacts, as text, for :func:`gzgk.excel.previous.read_previous`.
"""

from __future__ import annotations

import datetime as dt

from attrs import frozen
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from gzgk.comparison import STALLED_ROUNDS, Change, Comparison, Light, PairComparison, compare
from gzgk.contract import COMPARISON, PRINT, RETURN, SUMMARY, Column
from gzgk.returns import notice_fingerprint
from gzgk.summary import Summary

from .summary_pages import summary_footer, summary_header
from .writer import Styles, page_setup, write_text

__all__ = [
    "MatrixCells",
    "counts_formula",
    "light_formula",
    "matrix_lights",
    "write_comparison",
    "write_data",
]

_DATE_FORMAT = RETURN.DATE_FORMAT  # 2024年7月5日
_LIGHTS = (Light.RED, Light.YELLOW, Light.GREEN)


def _cell(column: Column, row: int) -> str:
    """A relative cell of a column in a 1-based row: ``H10``."""
    return column.cell(row)


def light_formula(row: int) -> str:
    """The light of a 进展对比 row (1-based): the rules of :mod:`gzgk.comparison`, in Excel.

    Only IF, AND, OR and ISNUMBER (Excel 2007 era). The branches mirror the
    core's: no valid status (red once the round is overdue), 不涉及 (none),
    已完成 (green), past the 完成时限 (red), close to it, 未更新 for two rounds
    or 退步 (yellow), else green.
    """
    names = COMPARISON.NAMES
    today, soon, due = names["light_date"], names["soon"], names["round_due"]
    status = _cell(COMPARISON.column("status"), row)
    deadline = _cell(COMPARISON.column("task_due"), row)
    change = _cell(COMPARISON.column("change"), row)
    stale = _cell(COMPARISON.column("stale"), row)
    done, _in_progress, _not_started, not_applicable = RETURN.STATUSES
    valid = ",".join(f'{status}<>"{word}"' for word in RETURN.STATUSES)
    red, yellow, green = (light.label for light in _LIGHTS)
    overdue = f"IF(ISNUMBER({due}),{today}>{due},FALSE)"
    past = f"IF(ISNUMBER({deadline}),{today}>{deadline},FALSE)"
    close = f"IF(ISNUMBER({deadline}),{deadline}-{today}<={soon},FALSE)"
    regressed = f'{change}="{Change.REGRESSED.label}"'
    return (
        f'=IF(AND({valid}),IF({overdue},"{red}",""),'
        f'IF({status}="{not_applicable}","",'
        f'IF({status}="{done}","{green}",'
        f'IF({past},"{red}",'
        f'IF(OR({close},{stale}>={STALLED_ROUNDS},{regressed}),"{yellow}","{green}")))))'
    )


def counts_formula(first: int, last: int) -> str:
    """The live counts of each light in 进展对比's light column (rows 1-based)."""
    column = COMPARISON.column("light")
    cells = f"{column.letter}${first}:{column.letter}${last}"
    parts = COMPARISON.COUNTS.replace("{", "\x00").split("\x00")
    pieces: list[str] = [f'"{parts[0]}"']
    for part in parts[1:]:
        key, _, rest = part.partition("}")
        label = Light(key).label
        pieces.append(f'COUNTIF({cells},"{label}")')
        if rest:
            pieces.append(f'"{rest}"')
    return "=" + "&".join(pieces)


class _Formats:
    def __init__(self, book: Workbook, styles: Styles) -> None:
        self.date = styles.cell_format(book, num_format=_DATE_FORMAT, align="center")
        self.entry = styles.cell_format(book, bg_color="#FFF2CC", align="center")
        self.entry_date = styles.cell_format(
            book, bg_color="#FFF2CC", num_format=_DATE_FORMAT, align="left"
        )
        self.label = styles.cell_format(book, bold=True, bg_color="#F2F2F2")
        self.value = styles.cell_format(book, align="left")
        self.value_date = styles.cell_format(book, num_format=_DATE_FORMAT, align="left")
        self.counts = styles.cell_format(book, bold=True, align="left")
        self.note = styles.plain_format(book, text_wrap=True, valign="top")
        self.big = styles.plain_format(
            book, font_size=COMPARISON.TITLE_SIZE, bold=True, text_wrap=True, valign="vcenter"
        )
        self.lights = {
            light: book.add_format(
                {"bg_color": COMPARISON.LIGHT_COLOURS[light.value], "pattern": 1, "bold": True}
            )
            for light in _LIGHTS
        }


def _field(
    sheet: Worksheet, key: str, value: str | int | dt.date | None, formats: _Formats, styles: Styles
) -> None:
    field = COMPARISON.field(key)
    label = field.label_at
    if label.merged:
        sheet.merge_range(label.ref, field.label, formats.label)
    else:
        sheet.write_string(label.cell, field.label, formats.label)
    style = formats.value
    if field.entry:
        style = formats.entry_date if field.kind == "date" else formats.entry
    elif field.kind == "date":
        style = formats.value_date
    if field.at.merged:
        sheet.merge_range(field.at.ref, "", style)
    row, column = field.at.row - 1, field.at.column
    if isinstance(value, dt.date):
        sheet.write_datetime(row, column, dt.datetime.combine(value, dt.time()), style)
    elif isinstance(value, int):
        sheet.write_number(row, column, value, style)
    elif value:
        write_text(sheet, row, column, value, styles=styles, style=style)
    else:
        sheet.write_blank(row, column, None, style)


def _title(summary: Summary) -> str:
    return f"{summary.notice.title or '任务分工'}{COMPARISON.TITLE_SUFFIX}"


def write_comparison(book: Workbook, styles: Styles, summary: Summary) -> None:
    """The 进展对比 sheet of a summary with a comparison (nothing without one)."""
    comparison = summary.comparison
    if comparison is None:
        return
    formats = _Formats(book, styles)
    sheet = book.add_worksheet(COMPARISON.SHEET)
    columns = COMPARISON.COLUMNS
    last_column = len(columns) - 1
    for column in columns:
        sheet.set_column(column.index, column.index, column.width)
    width = sum(column.width for column in columns)
    sheet.merge_range(0, 0, 0, last_column, _title(summary), formats.big)
    sheet.set_row(0, PRINT.row_height([(_title(summary), width)], COMPARISON.TITLE_SIZE))
    round_ = comparison.round
    _field(sheet, "round", round_.label if round_ is not None else "", formats, styles)
    _field(sheet, "previous", comparison.previous_round or COMPARISON.NONE, formats, styles)
    due = round_.due if round_ is not None else summary.notice.report_due
    _field(sheet, "round_due", due, formats, styles)
    _field(sheet, "light_date", comparison.today, formats, styles)
    _field(sheet, "soon", comparison.soon, formats, styles)
    sheet.merge_range(COMPARISON.NOTE.ref, "", formats.note)
    write_text(
        sheet, COMPARISON.NOTE.row - 1, 0, COMPARISON.NOTE_TEXT, styles=styles, style=formats.note
    )
    sheet.set_row(COMPARISON.NOTE.row - 1, PRINT.row_height([(COMPARISON.NOTE_TEXT, width)]))
    header = COMPARISON.HEADER_ROW - 1
    for column in columns:
        sheet.write_string(header, column.index, column.label, styles.header)
    sheet.set_row(header, PRINT.row_height((column.label, column.width) for column in columns))
    first = COMPARISON.HEADER_ROW + 1
    for offset, pair in enumerate(comparison.pairs):
        _write_pair(sheet, styles, formats, pair, row=first + offset)
    last = max(first, first + len(comparison.pairs) - 1)
    counts = comparison.counts()
    initial = COMPARISON.COUNTS.format(red=counts.red, yellow=counts.yellow, green=counts.green)
    sheet.merge_range(COMPARISON.COUNTS_AT.ref, "", formats.counts)
    sheet.write_formula(
        COMPARISON.COUNTS_AT.cell, counts_formula(first, last), formats.counts, initial
    )
    _define_names(book, first, last)
    light = COMPARISON.column("light").cells(first, last)
    for item in _LIGHTS:
        rule = {
            "type": "cell",
            "criteria": "==",
            "value": f'"{item.label}"',
            "format": formats.lights[item],
        }
        sheet.conditional_format(light, rule)
    sheet.freeze_panes(first - 1, 3)
    sheet.autofilter(header, 0, last - 1, last_column)
    page_setup(
        sheet,
        widths=[column.width for column in columns],
        repeat_rows=(header, header),
        header=summary_header(summary),
        footer=summary_footer(summary, COMPARISON.SHEET),
    )


def _write_pair(
    sheet: Worksheet, styles: Styles, formats: _Formats, pair: PairComparison, *, row: int
) -> None:
    at = row - 1
    task = pair.task
    previous = pair.previous
    entry = pair.entry
    status = pair.status or (entry.status if entry is not None else "")
    texts = {
        "number": task.label,
        "title": task.title or task.content[:60],
        "unit": pair.unit_name,
        "role": pair.role.label,
        "previous_round": (previous.round or COMPARISON.NONE)
        if previous is not None
        else COMPARISON.NONE,
        "previous_status": pair.previous_status or COMPARISON.NONE,
        "news": entry.news if entry is not None else "",
        "change": pair.change.label,
        "reasons": "；".join(pair.reasons),
    }
    cells: list[tuple[str, float]] = []
    for column in COMPARISON.COLUMNS:
        key = column.key
        if key in texts:
            style = styles.centre if column.centred else styles.text
            write_text(sheet, at, column.index, texts[key], styles=styles, style=style)
            cells.append((texts[key], column.width))
    status_column = COMPARISON.column("status").index
    write_text(sheet, at, status_column, status, styles=styles, style=formats.entry)
    due_column = COMPARISON.column("task_due").index
    if pair.task_due is not None:
        sheet.write_datetime(
            at, due_column, dt.datetime.combine(pair.task_due, dt.time()), formats.date
        )
    else:
        write_text(sheet, at, due_column, task.deadline, styles=styles, style=styles.centre)
    sheet.write_number(at, COMPARISON.column("stale").index, pair.stale, styles.centre)
    light = pair.light.label if pair.light is not None else ""
    sheet.write_formula(
        at, COMPARISON.column("light").index, light_formula(row), styles.centre, light
    )
    sheet.set_row(at, PRINT.row_height(cells))


def _define_names(book: Workbook, first: int, last: int) -> None:
    sheet = COMPARISON.SHEET
    for key, name in COMPARISON.NAMES.items():
        try:
            field = COMPARISON.field(key)
        except KeyError:
            column = COMPARISON.column(key).index
            start = xl_rowcol_to_cell(first - 1, column, row_abs=True, col_abs=True)
            end = xl_rowcol_to_cell(last - 1, column, row_abs=True, col_abs=True)
            book.define_name(name, f"='{sheet}'!{start}:{end}")
            continue
        cell = xl_rowcol_to_cell(field.at.row - 1, field.at.column, row_abs=True, col_abs=True)
        book.define_name(name, f"='{sheet}'!{cell}")


@frozen
class MatrixCells:
    """Where a progress matrix keeps its cells, for :func:`matrix_lights` (0-based).

    Attributes:
        first: (row, column) of the top-left task × unit cell.
        last: (row, column) of the bottom-right one.
        task_label: (row, column) of the cell holding the top-left cell's task
            label (``（一）``): in its row for tasks down, in its column for tasks across.
        unit_name: (row, column) of the cell holding the top-left cell's unit name.
        tasks_down: whether tasks run down the rows (units across the columns).
    """

    first: tuple[int, int]
    last: tuple[int, int]
    task_label: tuple[int, int]
    unit_name: tuple[int, int]
    tasks_down: bool = True


def matrix_lights(sheet: Worksheet, book: Workbook, summary: Summary, cells: MatrixCells) -> None:
    """Colour a progress matrix's task × unit cells by their lights, either way round.

    Each cell looks its light up in 进展对比 by the task label and unit name
    its row and column carry (COUNTIFS over the workbook-level names), so the
    colours follow the lights when the clerk changes them. A cell that says
    不合格 keeps its own colour: none of that return's answers count, and its
    light would paint over what the legend says it looks like.
    """
    if summary.comparison is None or not summary.expected or not summary.notice.tasks:
        return
    names = COMPARISON.NAMES
    down = cells.tasks_down
    task = xl_rowcol_to_cell(*cells.task_label, row_abs=not down, col_abs=down)
    unit = xl_rowcol_to_cell(*cells.unit_name, row_abs=down, col_abs=not down)
    cell = xl_rowcol_to_cell(*cells.first)
    for light in _LIGHTS:
        criteria = (
            f'=AND({cell}<>"{SUMMARY.INVALID}",COUNTIFS({names["number"]},{task},'
            f'{names["unit"]},{unit},{names["light"]},"{light.label}")>0)'
        )
        style = book.add_format({"bg_color": COMPARISON.LIGHT_COLOURS[light.value], "pattern": 1})
        sheet.conditional_format(
            *cells.first, *cells.last, {"type": "formula", "criteria": criteria, "format": style}
        )


def write_data(book: Workbook, styles: Styles, summary: Summary) -> None:
    """The very hidden ``_data`` sheet: what the next round needs from this summary."""
    del styles
    comparison: Comparison = summary.comparison or compare(summary)
    sheet = book.add_worksheet(COMPARISON.DATA_SHEET)
    round_ = summary.round
    due = round_.due if round_ is not None else summary.notice.report_due
    values = {
        "data_version": COMPARISON.DATA_VERSION,
        "notice_fingerprint": notice_fingerprint(summary.notice),
        "notice_title": summary.notice.title,
        "round": round_.name if round_ is not None else "",
        "round_due": due.isoformat() if due else "",
        "as_of": summary.as_of.isoformat(),
    }
    for row, key in enumerate(COMPARISON.DATA_KEYS):
        sheet.write_string(row, 0, key)
        sheet.write_string(row, 1, values[key])
    header = COMPARISON.DATA_TABLE_ROW - 1
    for column, label in enumerate(COMPARISON.DATA_ANSWERS):
        sheet.write_string(header, column, label)
    names = {unit.unit.id: unit.name for unit in summary.units}
    numbers = {task.id: task.number for task in summary.notice.tasks}
    for offset, answer in enumerate(comparison.carried, start=1):
        entry = answer.entry
        cells = (
            answer.unit_id,
            names.get(answer.unit_id, answer.unit_id),
            answer.task_id,
            numbers.get(answer.task_id, ""),
            answer.role,
            answer.round,
            entry.status,
            entry.progress,
            entry.evidence,
            entry.problems,
            entry.plans,
            entry.news,
            answer.fill_date.isoformat() if answer.fill_date else "",
            str(answer.stale),
        )
        for column, value in enumerate(cells):
            sheet.write_string(header + offset, column, value)
    start = COMPARISON.contacts_column
    for column, label in enumerate(COMPARISON.DATA_CONTACTS, start=start):
        sheet.write_string(header, column, label)
    for offset, (unit_id, contact) in enumerate(sorted(comparison.contacts.items()), start=1):
        for column, value in enumerate((unit_id, contact.contact, contact.phone), start=start):
            sheet.write_string(header + offset, column, value)
    sheet.very_hidden()
