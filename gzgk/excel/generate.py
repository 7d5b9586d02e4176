"""Matrix → return workbooks (报送表): one per unit, self-checking, tamper-evident, print-ready.

Written with xlsxwriter (cached formula values, shared strings), following the
contract in :mod:`gzgk.contract`. Self-checks use only Excel-2007-era
functions with English names and literal lists, so Excel, WPS and LibreOffice
all show them without macros. The workbook only helps the clerk; the
validator re-checks everything in Python.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from attrs import frozen
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_range_abs
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from gzgk._text import chinese_date
from gzgk.comparison import Answer, Previous
from gzgk.contract import COMPARISON, PAGES, PRINT, RETURN, Column, Prompt, Span
from gzgk.errors import OutputRefusedError, WorkbookWriteError
from gzgk.files import write_atomic
from gzgk.matrix import Matrix, Unresolved
from gzgk.model import Role, Round, Task, Unit
from gzgk.origin import package_origin
from gzgk.outputs import Output
from gzgk.returns import ReturnPlan, plan_returns, task_texts
from gzgk.signing import Key
from gzgk.workers import guard_main, worker_context

from .writer import Styles, WorkbookBuffer, page_setup, write_table

__all__ = [
    "DISTRIBUTION_FILE",
    "GenerateResult",
    "check_generate_folder",
    "check_replaced",
    "distribution_workbook",
    "generate_returns",
    "progress_formula",
    "return_workbook",
    "unresolved_notes",
]

DISTRIBUTION_FILE = RETURN.DISTRIBUTION_FILE
_ENTRY_MIN_LINES = 4  # room to write in each task row
_PINK = "#F8CBAD"
_ORANGE = "#FFC000"
_ENTRY_FILL = f"#{RETURN.ENTRY_FILL}"
_TASK_FILL = f"#{RETURN.TASK_FILL}"
_EPOCH_DAY = dt.date(2000, 1, 1)
_OPEN_GROUPS = (
    "以下单位组只指与该项任务有关的单位，尚未明确是哪些，其成员单位还没有拿到这些任务的报送表"
    "（不是名称有误）。在通知文件中为该任务列出成员后重新生成即可："
)
_UNKNOWN_NAMES = (
    "以下名称不在单位名录中，没有为其生成报送表。"
    "请更正通知中的名称或在单位名录中补充该单位后重新生成："
)
_EMPTY_GROUPS = (
    "以下单位组在单位名录中还没有成员单位，没有为其成员生成报送表。"
    "请在单位名录中补充成员单位后重新生成："
)
_PARALLEL_FROM = 150  # returns; fewer are written faster than worker processes start
_CHUNKS_PER_WORKER = 4


@frozen
class GenerateResult:
    """What ``generate_returns`` wrote: one return per unit and the distribution list."""

    plans: tuple[ReturnPlan, ...]
    files: tuple[Path, ...]
    distribution: Path


def _range(first_row: int, last_row: int, column: Column) -> str:
    """An absolute range of one column, rows 1-based: ``$G$7:$G$18``."""
    cells: str = xl_range_abs(first_row - 1, column.index, last_row - 1, column.index)
    return cells


def progress_formula(
    first_row: int, last_row: int, table: tuple[Column, ...] = RETURN.COLUMNS
) -> tuple[str, str]:
    """The formula counting what is still missing, and the count expression alone.

    Counts empty or invalid statuses, empty 落实情况 (unless 不涉及), empty or
    invalid 本期是否有新进展 (in a return carrying last round's answers), and
    empty 联系人 and 联系电话. Only SUMPRODUCT, LEN, TRIM and IF: Excel 2007 era.
    """
    status = _range(first_row, last_row, RETURN.column("status", table))
    progress = _range(first_row, last_row, RETURN.column("progress", table))
    invalid = "*".join(f'({status}<>"{value}")' for value in RETURN.STATUSES)
    rows = (
        f"(LEN(TRIM({status}))=0)+(LEN(TRIM({status}))>0)*{invalid}"
        f'+(LEN(TRIM({progress}))=0)*({status}<>"{RETURN.NOT_APPLICABLE}")'
    )
    if any(column.key == "news" for column in table):
        news = _range(first_row, last_row, RETURN.column("news", table))
        rows += "+" + "*".join(f'({news}<>"{value}")' for value in RETURN.NEWS)
    header = "+".join(
        f"(LEN(TRIM({header.cell}))=0)" for header in RETURN.entry_fields if header.required
    )
    count = f"SUMPRODUCT({rows})+{header}"
    complete, incomplete = RETURN.COMPLETE, RETURN.INCOMPLETE.split("{count}")
    formula = f'=IF({count}=0,"{complete}","{incomplete[0]}"&({count})&"{incomplete[1]}")'
    return formula, count


class _ReturnStyles(Styles):
    def __init__(self, book: Workbook) -> None:
        super().__init__(book)
        centred = {"bold": True, "align": "center", "valign": "vcenter"}
        self.big_title = self.plain_format(
            book, font_size=RETURN.TITLE_SIZE, text_wrap=True, **centred
        )
        self.guide_title = self.plain_format(
            book, font_size=RETURN.GUIDE_TITLE_SIZE, text_wrap=True, **centred
        )
        self.wrap_note = self.plain_format(book, font_size=10, text_wrap=True, valign="vcenter")
        self.label = self.cell_format(book, bold=True, align="center", bg_color=_TASK_FILL)
        self.fixed = self.cell_format(book, bold=True, bg_color=_TASK_FILL, locked=True)
        self.entry = self.cell_format(book, text_wrap=True, bg_color=_ENTRY_FILL, locked=False)
        self.entry_date = self.cell_format(
            book, num_format=RETURN.DATE_FORMAT, bg_color=_ENTRY_FILL, locked=False, align="left"
        )
        self.entry_top = self.cell_format(
            book, text_wrap=True, valign="top", bg_color=_ENTRY_FILL, locked=False
        )
        self.task = self.cell_format(book, text_wrap=True, valign="top", bg_color=_TASK_FILL)
        self.task_centre = self.cell_format(book, align="center", valign="top", bg_color=_TASK_FILL)
        self.progress = self.cell_format(book, bold=True, align="center", font_color="#C00000")
        self.previous = book.add_format(
            {
                "bg_color": f"#{RETURN.PREVIOUS_FILL}",
                "pattern": 1,
                "italic": True,
                "font_color": f"#{RETURN.PREVIOUS_FONT}",
            }
        )
        self.hidden_text = self.plain_format(book, font_size=9)
        self.missing = book.add_format({"bg_color": _PINK, "pattern": 1})
        self.invalid = book.add_format({"bg_color": _ORANGE, "pattern": 1})
        top = {"font_size": RETURN.GUIDE_SIZE, "valign": "top", "text_wrap": True}
        self.guide_key = self.plain_format(book, bold=True, **top)
        self.guide_text = self.plain_format(book, **top)


def _check(result: int, what: str) -> None:
    """Refuse a workbook whose validation or format xlsxwriter skipped (non-zero result).

    Raises:
        WorkbookWriteError: xlsxwriter skipped part of the return (a gzgk bug:
            the return would lack a check the office relies on).
    """
    if result != 0:
        raise WorkbookWriteError(
            f"生成报送表时出错：表格库没有写入{what}（返回码 {result}），报送表不完整，没有保存。"
            "这是 gzgk 的问题，请把这条消息告诉技术人员"
        )


def _write_guide(book: Workbook, styles: _ReturnStyles, plan: ReturnPlan) -> Worksheet:
    sheet = book.add_worksheet(RETURN.GUIDE_SHEET)
    notice = plan.notice
    widths = RETURN.GUIDE_WIDTHS
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    sheet.merge_range(0, 0, 0, 1, plan.title, styles.guide_title)
    sheet.set_row(0, PRINT.row_height([(plan.title, sum(widths))], RETURN.GUIDE_TITLE_SIZE))
    counts = {role: sum(1 for _, r in plan.items if r is role) for role in Role}
    held = "、".join(f"{role.label} {count} 项" for role, count in counts.items() if count)
    contact = notice.contact
    send_to = "，".join(
        part for part in (contact.office, f"邮箱：{contact.email}" if contact.email else "") if part
    )
    values = (
        notice.title,
        notice.doc_number,
        plan.unit.short_name,
        f"共 {len(plan.items)} 项：{held}" if plan.items else "无",
        RETURN.DUE.format(date=chinese_date(notice.report_due))
        if notice.report_due
        else RETURN.UNKNOWN,
        send_to or RETURN.UNKNOWN,
        contact.phone or RETURN.UNKNOWN,
    )
    facts = zip(RETURN.GUIDE_FACTS, values, strict=True)
    row = 2
    size = RETURN.GUIDE_SIZE

    def line(key: str, text: str) -> None:
        nonlocal row
        if key:
            sheet.write_string(row, 0, key, styles.guide_key)
        sheet.write_string(row, 1, text, styles.guide_text)
        sheet.set_row(row, PRINT.row_height([(key, widths[0]), (text, widths[1])], size))
        row += 1

    for key, value in facts:
        line(key, value)
    steps, cautions, statuses = RETURN.GUIDE_HEADINGS
    meanings = [f"{status}：{meaning}" for status, meaning in RETURN.STATUS_MEANINGS]
    for heading, lines in (
        (steps, RETURN.GUIDE_STEPS),
        (cautions, RETURN.GUIDE_CAUTIONS),
        (statuses, meanings),
    ):
        row += 1
        for number, text in enumerate(lines):
            line("" if number else heading, text)
    sheet.protect(
        RETURN.PASSWORD, {"select_locked_cells": True, "format_columns": True, "format_rows": True}
    )
    page_setup(
        sheet,
        widths=widths,
        landscape=False,
        footer=RETURN.GUIDE_FOOTER.format(unit=plan.unit.short_name),
    )
    return sheet


def _table(plan: ReturnPlan) -> tuple[Column, ...]:
    """The task table of a plan: with last round's columns when it carries its answers."""
    return RETURN.table(previous=plan.carries_previous)


def _across(span: Span, plan: ReturnPlan) -> str:
    """A header row's merged range, as wide as the plan's table."""
    return Span(span.row, span.column, len(_table(plan)) - 1).ref


def _write_header_block(sheet: Worksheet, styles: _ReturnStyles, plan: ReturnPlan) -> None:
    width = sum(column.width for column in _table(plan))
    sheet.merge_range(_across(RETURN.TITLE, plan), plan.title, styles.big_title)
    sheet.set_row(0, PRINT.row_height([(plan.title, width)], RETURN.TITLE_SIZE))
    notice = plan.notice
    parts = dict(
        zip(
            ("number", "due", "office", "email"),
            (
                notice.doc_number,
                RETURN.DUE.format(date=chinese_date(notice.report_due))
                if notice.report_due
                else "",
                notice.contact.office,
                notice.contact.email,
            ),
            strict=True,
        )
    )
    note = "　".join(
        template.format(**parts)
        for template, value in zip(RETURN.NOTE_PARTS, parts.values(), strict=True)
        if value
    )
    note = f"{note}　{RETURN.NOTE_HINT}" if note else RETURN.NOTE_HINT
    if plan.carries_previous:
        note = f"{note}{RETURN.PREVIOUS_NOTE}"
    sheet.merge_range(_across(RETURN.NOTE, plan), note, styles.wrap_note)
    sheet.set_row(1, PRINT.row_height([(note, width)]))
    for row in {header_field.at.row for header_field in RETURN.FIELDS}:
        labels = [
            (header_field.label, _table(plan)[header_field.label_at.column].width)
            for header_field in (*RETURN.FIELDS, RETURN.PROGRESS)
            if header_field.label_at.row == row
        ]
        sheet.set_row(row - 1, PRINT.row_height(labels))
    known = {
        "unit": plan.unit.short_name,
        "contact": plan.contact.contact if plan.contact is not None else "",
        "phone": plan.contact.phone if plan.contact is not None else "",
    }
    for header_field in RETURN.FIELDS:
        sheet.write_string(header_field.label_cell, header_field.label, styles.label)
        value = known.get(header_field.key, "")
        style = (
            styles.fixed
            if not header_field.entry
            else (styles.entry_date if header_field.kind == "date" else styles.entry)
        )
        if header_field.at.merged:
            sheet.merge_range(header_field.at.ref, value, style)
        else:
            sheet.write_string(header_field.cell, value, style)
    sheet.write_string(RETURN.PROGRESS.label_cell, RETURN.PROGRESS.label, styles.label)


def _write_tasks(sheet: Worksheet, styles: _ReturnStyles, plan: ReturnPlan) -> int:
    """Write the task table (and last round's answers); the last task row (1-based)."""
    table = _table(plan)
    header = RETURN.HEADER_ROW - 1
    for column in table:
        sheet.set_column(column.index, column.index, column.width)
        sheet.write_string(header, column.index, column.label, styles.header)
    if plan.carries_previous:
        for column in RETURN.PREVIOUS_COLUMNS:
            sheet.set_column(column.index, column.index, column.width, None, {"hidden": True})
            sheet.write_string(header, column.index, column.label, styles.hidden_text)
    sheet.set_row(header, PRINT.row_height((c.label, c.width) for c in table))
    row = header
    for seq, (task, role) in enumerate(plan.items, start=1):
        row = RETURN.FIRST_ROW - 1 + seq - 1
        _write_row(sheet, styles, plan, (seq, task, role), row=row)
    return max(row + 1, RETURN.FIRST_ROW)


def _write_row(
    sheet: Worksheet,
    styles: _ReturnStyles,
    plan: ReturnPlan,
    item: tuple[int, Task, Role],
    *,
    row: int,
) -> None:
    """One task row (0-based ``row``): task text locked, entries blank or last round's."""
    seq, task, role = item
    values = dict(zip(RETURN.TASK_TEXT, task_texts(task, role), strict=True))
    earlier = _previous_texts(plan.previous.get(task.id))
    values["previous_status"] = earlier.get("status") or "—"
    texts: list[tuple[str, float]] = []
    for column in _table(plan):
        if column.key == "seq":
            sheet.write_number(row, column.index, seq, styles.task_centre)
            continue
        text = earlier.get(column.key, "") if column.entry else values[column.key]
        if column.entry and not text:
            sheet.write_blank(row, column.index, None, styles.entry_top)
            continue
        style = styles.entry_top if column.entry else styles.task
        if not column.entry and column.centred:
            style = styles.task_centre
        sheet.write_string(row, column.index, text, style)
        texts.append((text, column.width))
    if plan.carries_previous:
        for column in RETURN.PREVIOUS_COLUMNS:
            text = earlier.get(column.key.removeprefix("previous:"), "")
            if text:
                sheet.write_string(row, column.index, text, styles.hidden_text)
    sheet.set_row(row, PRINT.row_height(texts, least=_ENTRY_MIN_LINES))  # within 409 points


def _previous_texts(answer: Answer | None) -> dict[str, str]:
    """Last round's entry as texts by column key (status as one of the four words)."""
    if answer is None:
        return {}
    entry = answer.entry
    return {
        "status": answer.status,
        "progress": entry.progress,
        "evidence": entry.evidence,
        "problems": entry.problems,
        "plans": entry.plans,
    }


def _rule(sheet: Worksheet, cells: str, prompt: Prompt, **options: object) -> None:
    """A data-validation rule with the contract's Chinese prompt and error texts."""
    texts: dict[str, object] = {"error_message": prompt.error}
    if prompt.title:
        texts |= {"input_title": prompt.title, "error_title": prompt.title}
    if prompt.message:
        texts["input_message"] = prompt.message
    _check(sheet.data_validation(cells, {**options, **texts}), f" {cells} 的填写规则")


def _highlight(sheet: Worksheet, cells: str, criteria: str, style: Format) -> None:
    """Colour the cells while the formula holds (same-sheet references only)."""
    rule = {"type": "formula", "criteria": criteria, "format": style}
    _check(sheet.conditional_format(cells, rule), f" {cells} 的提示颜色")


def _write_checks(sheet: Worksheet, styles: _ReturnStyles, plan: ReturnPlan, last_row: int) -> None:
    first = RETURN.FIRST_ROW
    table = _table(plan)
    status = RETURN.column("status", table)
    progress = RETURN.column("progress", table)
    prompts = RETURN.PROMPTS
    if plan.items and plan.carries_previous:
        _previous_checks(sheet, styles, table, last_row)
    if plan.items:
        statuses = status.cells(first, last_row)
        _rule(sheet, statuses, prompts["status"], validate="list", source=list(RETURN.STATUSES))
        for column in table:
            if column.limit is None:
                continue
            prompt = prompts.get(column.key) or Prompt(column.label, "", prompts["text"].error)
            cells = column.cells(first, last_row)
            _rule(sheet, cells, prompt, validate="length", criteria="<=", value=column.limit)
        cell = f"${status.cell(first)}"
        invalid = ",".join(f'{cell}<>"{value}"' for value in RETURN.STATUSES)
        _highlight(sheet, statuses, f"=LEN(TRIM({cell}))=0", styles.missing)
        _highlight(sheet, statuses, f"=AND(LEN(TRIM({cell}))>0,{invalid})", styles.invalid)
        _highlight(
            sheet,
            progress.cells(first, last_row),
            f'=AND(LEN(TRIM(${progress.cell(first)}))=0,{cell}<>"{RETURN.NOT_APPLICABLE}")',
            styles.missing,
        )
    _rule(
        sheet,
        RETURN.field("phone").cell,
        prompts["phone"],
        validate="length",
        criteria="between",
        minimum=7,
        maximum=20,
        error_type="warning",
    )
    _rule(
        sheet,
        RETURN.field("date").cell,
        prompts["date"],
        validate="date",
        criteria=">=",
        value=plan.notice.issued_on or _EPOCH_DAY,
        error_type="warning",
    )
    required = [header for header in RETURN.entry_fields if header.required]
    for header in required:
        _highlight(sheet, header.cell, f"=LEN(TRIM({header.cell}))=0", styles.missing)
    formula, _ = progress_formula(first, last_row, table)
    prefilled = (
        {"contact": plan.contact.contact, "phone": plan.contact.phone} if plan.contact else {}
    )
    missing = _initially_missing(plan) + sum(
        1 for header in required if not prefilled.get(header.key)
    )
    initial = RETURN.INCOMPLETE.format(count=missing) if missing else RETURN.COMPLETE
    sheet.merge_range(RETURN.PROGRESS.at.ref, "", styles.progress)
    sheet.write_formula(RETURN.PROGRESS.cell, formula, styles.progress, initial)


def _previous_checks(
    sheet: Worksheet, styles: _ReturnStyles, table: tuple[Column, ...], last_row: int
) -> None:
    """本期是否有新进展 (是/否, required), and last round's answers shown apart until changed."""
    first = RETURN.FIRST_ROW
    news = RETURN.column("news", table)
    cells = news.cells(first, last_row)
    _rule(sheet, cells, RETURN.PROMPTS["news"], validate="list", source=list(RETURN.NEWS))
    _highlight(sheet, cells, f"=LEN(TRIM(${news.cell(first)}))=0", styles.missing)
    for column in RETURN.PREVIOUS_COLUMNS:
        entry = RETURN.column(column.key.removeprefix("previous:"), table)
        own, earlier = f"${entry.cell(first)}", f"${column.cell(first)}"
        _highlight(
            sheet,
            entry.cells(first, last_row),
            f"=AND(LEN({earlier})>0,{own}={earlier})",
            styles.previous,
        )


def _initially_missing(plan: ReturnPlan) -> int:
    """What the self-check counts in a freshly written return (its cached first value)."""
    missing = 0
    for task, _role in plan.items:
        answer = plan.previous.get(task.id)
        status = answer.status if answer is not None else ""
        progress = answer.entry.progress.strip() if answer is not None else ""
        missing += not status
        missing += not progress and status != RETURN.NOT_APPLICABLE
        missing += plan.carries_previous  # 本期是否有新进展 is never pre-filled
    return missing


def _write_entry_sheet(book: Workbook, styles: _ReturnStyles, plan: ReturnPlan) -> Worksheet:
    sheet = book.add_worksheet(RETURN.ENTRY_SHEET)
    _write_header_block(sheet, styles, plan)
    last_row = _write_tasks(sheet, styles, plan)
    _write_checks(sheet, styles, plan, last_row)
    sheet.freeze_panes(RETURN.FIRST_ROW - 1, 2)
    sheet.protect(
        RETURN.PASSWORD,
        {
            "select_locked_cells": True,
            "select_unlocked_cells": True,
            "format_columns": True,
            "format_rows": True,
        },
    )
    page_setup(
        sheet,
        widths=[column.width for column in _table(plan)],
        repeat_rows=(RETURN.HEADER_ROW - 1, RETURN.HEADER_ROW - 1),
        footer=_footer(plan),
    )
    sheet.activate()
    return sheet


def _footer(plan: ReturnPlan) -> str:
    """Unit, page numbers and the notice, by its title where that fits beside them."""
    notice = plan.notice
    room = PRINT.section_room(PAGES)
    unit = PRINT.fitting([plan.unit.short_name, plan.unit.id], room)
    named = PRINT.fitting([notice.title, notice.doc_number, ""], room)
    return RETURN.FOOTER.format(unit=unit.replace("&", "&&"), title=named.replace("&", "&&"))


def _write_meta(book: Workbook, plan: ReturnPlan) -> None:
    sheet = book.add_worksheet(RETURN.META_SHEET)
    for row, (key, value) in enumerate(plan.meta.values().items()):
        sheet.write_string(row, 0, key)
        sheet.write_string(row, 1, value)
    header = RETURN.META_TASK_ROW - 1
    for column, label in enumerate(RETURN.META_TASK_HEADER):
        sheet.write_string(header, column, label)
    for offset, task in enumerate(plan.meta.tasks, start=1):
        values = (task.task_id, str(task.seq), task.number, task.role.value, task.fingerprint)
        for column, value in enumerate(values):
            sheet.write_string(header + offset, column, value)
    sheet.protect(RETURN.PASSWORD)
    sheet.very_hidden()


def return_workbook(plan: ReturnPlan) -> bytes:
    """One unit's return as .xlsx bytes (the same plan gives the same bytes)."""
    properties = {
        RETURN.PROPERTY_PREFIX + key: value
        for key, value in plan.meta.values().items()
        if key in RETURN.PROPERTIES and value
    }
    output = WorkbookBuffer(plan.title, properties=properties)
    styles = _ReturnStyles(output.book)
    _write_guide(output.book, styles, plan)
    _write_entry_sheet(output.book, styles, plan)
    _write_meta(output.book, plan)
    return output.finish()


def distribution_workbook(plans: Sequence[ReturnPlan], notes: Sequence[str] = ()) -> bytes:
    """The distribution list (分发清单): who gets which file with which tasks."""
    output = WorkbookBuffer(RETURN.DISTRIBUTION_SHEET)
    styles = Styles(output.book)
    rows: list[tuple[str | int, ...]] = []
    for number, plan in enumerate(plans, start=1):
        by_role = {
            role: "、".join(task.label for task, held in plan.items if held is role)
            for role in (Role.LEAD, Role.RESPONSIBLE, Role.COOPERATING)
        }
        rows.append(
            (
                number,
                plan.unit.short_name,
                plan.unit.kind.label,
                plan.file_name,
                len(plan.items),
                by_role[Role.LEAD],
                by_role[Role.RESPONSIBLE],
                by_role[Role.COOPERATING],
            )
        )
    sheet = write_table(
        output.book,
        styles=styles,
        title=RETURN.DISTRIBUTION_SHEET,
        header=RETURN.DISTRIBUTION_HEADER,
        rows=rows,
        widths=RETURN.DISTRIBUTION_WIDTHS,
    )
    widths = RETURN.DISTRIBUTION_WIDTHS
    note_style = styles.plain_format(output.book, text_wrap=True, valign="top")
    for offset, note in enumerate(notes, start=len(rows) + 2):  # under the unit names
        sheet.merge_range(offset, 1, offset, len(widths) - 1, note, note_style)
        sheet.set_row(offset, PRINT.row_height([(note, sum(widths[1:]))]))
    return output.finish()


def _where(task: Task, role: Role, name: str) -> str:
    return f"  - 任务{task.label}的{role.label}单位“{name}”"


def _unknown_line(item: Unresolved) -> str:
    member = "（明确的成员）" if item.reason == "unknown-member" else ""
    hint = f"，最接近的是：{'、'.join(item.suggestions)}" if item.suggestions else ""
    return _where(item.task, item.role, item.name) + member + hint


def unresolved_notes(matrix: Matrix) -> tuple[str, ...]:
    """What the returns leave out and why, one line each: the distribution list's notes.

    Three cases, each under its own explanation: per-task groups whose members
    are not stated yet (市政府有关部门: a known open question), names not in the
    registry (and stated members that are not), and groups that have no member
    in the registry (a drafted 各乡镇人民政府 before its townships are added).
    Empty when every printed name became units.
    """
    unresolved = matrix.unresolved()
    open_groups = [
        _where(i.task, i.role, i.name) for i in unresolved if i.reason == "per-task-group"
    ]
    unknown = [_unknown_line(i) for i in unresolved if i.reason != "per-task-group"]
    empty = [
        _where(task, holder.role, holder.name)
        for task in matrix.notice.tasks
        for holder in matrix.units_of(task)
        if holder.group is not None
        and not holder.group.per_task
        and not matrix.registry.members(holder.group)
    ]
    notes: list[str] = []
    for heading, lines in (
        (_OPEN_GROUPS, open_groups),
        (_UNKNOWN_NAMES, unknown),
        (_EMPTY_GROUPS, empty),
    ):
        if lines:
            notes += [heading, *lines]
    return tuple(notes)


def _write_plans(plans: Sequence[ReturnPlan], folder: Path) -> list[Path]:
    """Write returns one after the other (in a worker, or in this process)."""
    return [write_atomic(folder / plan.file_name, return_workbook(plan)) for plan in plans]


def _holds_entries(path: Path) -> bool:
    """Whether a file may hold what a unit wrote: a filled return, or one that cannot be read."""
    from .read import ReturnReadError, read_return  # noqa: PLC0415 - only when files are in the way

    try:
        return read_return(path).filled
    except ReturnReadError:
        return True  # cannot tell that it is blank: treat it as somebody's work


def _some_names(paths: Sequence[Path], shown: int = 5) -> str:
    names = "、".join(path.name for path in paths[:shown])
    return names + (f" 等 {len(paths)} 个" if len(paths) > shown else "")


def check_replaced(outputs: Iterable[Output | None], *, summary: bool = False) -> None:
    """Refuse an output that would replace a return, (unless ``summary``) a summary, or a document.

    :func:`gzgk.outputs.check_outputs` guards the inputs of the run; a return
    kept elsewhere (last round's folder, a copy on the desktop) is somebody's
    work too, and no summary, list or notice workbook replaces it. A summary
    is replaced only by a summary (merging again), never by a reminder list
    or a notice workbook; a Word file only when gzgk wrote it and nobody saved
    it since (never the notice's own document, never a compilation the office
    has edited).

    Raises:
        OutputRefusedError: ``output-is-return``, ``output-is-summary``, ``output-not-gzgk``
            or ``output-edited``.
    """
    from .read import ReturnReadError, read_return  # noqa: PLC0415 - only when a file is there

    for output in outputs:
        if output is None or output.kind.folder or not output.path.is_file():
            continue
        path = output.path
        if path.suffix.lower() == ".docx":
            _check_document(output)
        if path.suffix.lower() not in {".xlsx", ".xlsm"}:
            continue
        try:
            data = read_return(path)
        except ReturnReadError:
            continue  # not a workbook gzgk can read: nothing of a unit's to keep
        if data.meta or data.has_sheet(RETURN.ENTRY_SHEET):
            raise OutputRefusedError(
                "output-is-return",
                f"{output.option} {path} 是一份报送表：写出会用{output.kind.label}替换它，"
                "单位填写的内容就没有了，没有开始处理。请换一个输出文件名。",
            )
        if not summary and data.has_sheet(COMPARISON.DATA_SHEET):
            raise OutputRefusedError(
                "output-is-summary",
                f"{output.option} {path} 是一份汇总表：写出会用{output.kind.label}替换它"
                "（下一期还要用它对比），没有开始处理。请换一个输出文件名。",
            )


def _check_document(output: Output) -> None:
    """Refuse to replace a Word file gzgk did not write, or one saved since gzgk wrote it."""
    origin = package_origin(output.path)
    if origin == "other":
        raise OutputRefusedError(
            "output-not-gzgk",
            f"{output.option} {output.path} 是一份不是 gzgk 写出的 Word 文档（如通知原文）："
            f"写出会用{output.kind.label}替换它，没有开始处理。请换一个输出文件名。",
        )
    if origin == "edited":
        raise OutputRefusedError(
            "output-edited",
            f"{output.option} {output.path} 是 gzgk 写出的 Word 文档，但之后在 Word、WPS 等软件中"
            "保存过（里面可能有您的修改）：再写出会替换它，修改就没有了，没有开始处理。"
            "请换一个输出文件名，或先把它另存为其他名字。",
        )


def check_generate_folder(folder: Path, names: Iterable[str], *, force: bool = False) -> None:
    """Refuse to write into ``folder`` where files of the same names are in the way.

    Without ``force`` any existing file of a name to be written stops the run;
    with it, blank returns (and the distribution list) are replaced, but a file
    that holds a filled return, or that cannot be read to tell, never is.

    Raises:
        OutputRefusedError: ``output-exists`` or ``output-holds-returns``, naming the files.
    """
    existing = [folder / name for name in names if (folder / name).exists()]
    if not existing:
        return
    held = [p for p in existing if p.name != DISTRIBUTION_FILE and _holds_entries(p)]
    if held:
        listed = _some_names(held)
        raise OutputRefusedError(
            "output-holds-returns",
            f"文件夹“{folder}”中已有同名的报送表，其中 {listed} 已填写了内容（或无法确认是空表）："
            "生成会用空表替换它们，没有生成。请换一个空文件夹生成，或先把这些文件移走。",
        )
    if not force:
        listed = _some_names(existing)
        raise OutputRefusedError(
            "output-exists",
            f"文件夹“{folder}”中已有要生成的同名文件（{listed}），没有生成。"
            "它们都是未填写的空表；确需重新生成并替换，请加 --force，或换一个空文件夹。",
        )


def _write_in_workers(
    chunks: Sequence[Sequence[ReturnPlan]], folder: Path, count: int
) -> list[list[Path]]:
    """Each chunk of returns written by one of ``count`` workers, in order.

    When a worker is ended from outside (antivirus, task manager) or dies, every
    return is written again in this process, the same bytes as ever. The pool's
    other workers are ended first: on Python 3.11 a worker the pool started just
    as it learnt of the death is never told to stop, and waiting for it would
    wait for good.
    """
    pool = ProcessPoolExecutor(count, mp_context=worker_context())
    try:
        return list(pool.map(_write_plans, chunks, [folder] * len(chunks)))
    except BrokenProcessPool:
        for process in list(pool._processes.values()):  # noqa: SLF001 - see above
            process.kill()
        return [_write_plans(chunk, folder) for chunk in chunks]
    finally:
        pool.shutdown(wait=True)


def generate_returns(
    matrix: Matrix,
    out_dir: str | Path,
    *,
    units: Iterable[str | Unit] | None = None,
    key: Key | None = None,
    workers: int | None = None,
    force: bool = False,
    round: Round | None = None,  # noqa: A002 - the word the office uses
    previous: Previous | None = None,
) -> GenerateResult:
    """Write every unit's return and the distribution list into ``out_dir``.

    With ``round`` each return names the round and is due on its date; with
    ``previous`` too (last round's summary read by
    :func:`gzgk.excel.previous.read_previous`, or :meth:`gzgk.history.History.previous`)
    each unit's last accepted answers are pre-filled, last round's status stands
    beside the new one and 本期是否有新进展 must be answered.

    Each file is written atomically; other files in the folder are left
    alone. A file of the same name as one to be written stops the run
    (:func:`check_generate_folder`) unless ``force`` is given and it is a blank
    return; a filled return is never replaced. ``workers`` processes
    write them (default: one per core for large batches, this process for
    small ones, where starting workers costs more than it saves; 0: this process).
    The distribution list's notes say which names got no return and why
    (:func:`unresolved_notes`).

    Raises:
        UnknownUnitError: a requested unit is not in the registry.
        OutputRefusedError: files in the way (see :func:`check_generate_folder`).
        MainNotGuardedError: workers would start from a script's top level
            outside ``if __name__ == "__main__":``.
    """
    folder = Path(out_dir)
    plans = plan_returns(matrix, units, key, round=round, previous=previous)
    if folder.is_dir():
        check_generate_folder(
            folder, [*(plan.file_name for plan in plans), DISTRIBUTION_FILE], force=force
        )
    if workers is None:
        workers = (os.cpu_count() or 1) if len(plans) >= _PARALLEL_FROM else 0
    count = min(workers, len(plans))
    if count > 1:
        size = -(-len(plans) // (count * _CHUNKS_PER_WORKER))
        chunks = [plans[start : start + size] for start in range(0, len(plans), size)]
        guard_main()
        files = tuple(path for paths in _write_in_workers(chunks, folder, count) for path in paths)
    else:
        files = tuple(_write_plans(plans, folder))
    notes = unresolved_notes(matrix)
    distribution = write_atomic(folder / DISTRIBUTION_FILE, distribution_workbook(plans, notes))
    return GenerateResult(plans=plans, files=files, distribution=distribution)
