"""Plain-text and data renderings of notices, matrices, reports and summaries.

Pure functions: they take model values and return strings or JSON-ready data
(Rich lays out the wide tables; no workbook library is involved).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from attrs import frozen
from rich.console import Console
from rich.table import Table

from gzgk._text import display_width, fit
from gzgk.excel.layout import SUMMARY
from gzgk.matrix import Assigned, Matrix, Unresolved
from gzgk.model import Notice, Role, Task
from gzgk.report import FileReport, Issue, Report
from gzgk.summary import Reminder, Summary

__all__ = [
    "MatrixQuery",
    "issues_text",
    "matrix_data",
    "matrix_table",
    "matrix_view",
    "notice_summary",
    "records_csv",
    "reminder_rows",
    "reminders_csv",
    "reminders_text",
    "report_data",
    "report_text",
    "summary_text",
    "table",
    "task_data",
    "task_table",
    "unit_data",
    "unit_table",
    "unresolved_text",
]

_TITLE_WIDTH = 36
_NAMES_WIDTH = 44


@frozen(kw_only=True)
class MatrixQuery:
    """What the user asked of a matrix: a unit, a task, both or neither."""

    unit: str | None = None
    task: str | None = None
    role: Role | None = None
    expand: bool = False


def table(
    header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int] | None = None
) -> str:
    """An aligned text table; CJK characters count two columns."""
    if widths is None:
        widths = [
            max(display_width(str(cell)) for cell in column)
            for column in zip(header, *rows, strict=False)
        ]
    lines = [
        "  ".join(fit(cell, width) for cell, width in zip(header, widths, strict=True)).rstrip()
    ]
    lines.append("  ".join("─" * width for width in widths))
    lines.extend(
        "  ".join(fit(str(cell), width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )
    return "\n".join(lines)


def _names(holders: Sequence[Assigned]) -> str:
    return "、".join(h.name + ("？" if not h.resolved else "") for h in holders)


def _task_json(task: Task) -> dict[str, object]:
    return {"seq": task.seq, "number": task.number, "title": task.title}


def _holder_json(holder: Assigned) -> dict[str, object]:
    data: dict[str, object] = {"name": holder.name, "role": holder.role.value}
    if holder.unit is not None:
        data["id"] = holder.unit.id
    if holder.via:
        data["via"] = holder.via
    if not holder.resolved:
        data["unresolved"] = True
    return data


def _unresolved_json(item: Unresolved) -> dict[str, object]:
    return {
        "task": item.task.number,
        "name": item.name,
        "role": item.role.value,
        "reason": item.reason,
        "suggestions": list(item.suggestions),
        "message": item.message,
    }


def matrix_table(matrix: Matrix, query: MatrixQuery) -> str:
    """The matrix as one row per task, one column per role."""
    role, expand = query.role, query.expand
    roles = [role] if role else [r for r in Role if any(t.names(r) for t in matrix.notice.tasks)]
    header = ["编号", "主要任务", *(f"{r.label}单位" for r in roles)]
    rows = [
        [task.label, task.title, *(_names(matrix.units_of(task, r, expand=expand)) for r in roles)]
        for task in matrix.notice.tasks
    ]
    widths = [8, _TITLE_WIDTH, *([_NAMES_WIDTH] * len(roles))]
    return table(header, rows, widths)


def matrix_data(matrix: Matrix, query: MatrixQuery) -> dict[str, object]:
    """The matrix as JSON-ready data: tasks with their holders, and what is unresolved."""
    role, expand = query.role, query.expand
    return {
        "notice": {"title": matrix.notice.title, "doc_number": matrix.notice.doc_number},
        "tasks": [
            {
                **_task_json(task),
                "units": [_holder_json(h) for h in matrix.units_of(task, role, expand=expand)],
            }
            for task in matrix.notice.tasks
        ],
        "unresolved": [_unresolved_json(item) for item in matrix.unresolved()],
    }


def _unit_tasks(matrix: Matrix, query: MatrixQuery) -> list[tuple[Task, Role]]:
    assert query.unit is not None  # noqa: S101 - only called for unit queries
    return [
        (task, held)
        for task, held in matrix.assignments_of(query.unit, expand=query.expand)
        if query.role is None or held is query.role
    ]


def unit_table(matrix: Matrix, query: MatrixQuery) -> str:
    """The tasks of one unit with its role in each."""
    rows = [[task.label, task.title, held.label] for task, held in _unit_tasks(matrix, query)]
    return table(["编号", "主要任务", "本单位职责"], rows, [8, _TITLE_WIDTH + 10, 10])


def unit_data(matrix: Matrix, query: MatrixQuery) -> dict[str, object]:
    """``{"unit": …, "tasks": [{"seq", "number", "title", "role"}]}``."""
    assert query.unit is not None  # noqa: S101 - only called for unit queries
    subject = matrix.subject(query.unit)
    return {
        "unit": matrix.registry.display_name(subject),
        "id": subject.id,
        "tasks": [
            {**_task_json(task), "role": held.value} for task, held in _unit_tasks(matrix, query)
        ],
    }


def _task_holders(matrix: Matrix, query: MatrixQuery) -> tuple[Task, tuple[Assigned, ...]]:
    assert query.task is not None  # noqa: S101 - only called for task queries
    task = matrix.task(query.task)
    return task, matrix.units_of(task, query.role, expand=query.expand)


def task_table(matrix: Matrix, query: MatrixQuery) -> str:
    """The holders of one task with their roles."""
    task, holders = _task_holders(matrix, query)
    rows = [
        [
            holder.name + ("（待明确）" if not holder.resolved else ""),
            holder.role.label,
            holder.via or "",
        ]
        for holder in holders
    ]
    heading = f"任务{task.label}{task.title}"
    return heading + "\n" + table(["单位", "职责", "来自"], rows, [34, 8, 24])


def task_data(matrix: Matrix, query: MatrixQuery) -> dict[str, object]:
    """``{"task": {…}, "units": [{"name", "role"}]}``."""
    task, holders = _task_holders(matrix, query)
    return {
        "task": {**_task_json(task), "content": task.content},
        "units": [_holder_json(h) for h in holders],
    }


def _role_answer(matrix: Matrix, query: MatrixQuery) -> dict[str, object]:
    assert query.unit is not None  # noqa: S101 - caller checked
    assert query.task is not None  # noqa: S101 - caller checked
    role = matrix.role_of(query.unit, query.task, expand=query.expand)
    return {
        "unit": matrix.registry.display_name(matrix.subject(query.unit)),
        "task": matrix.task(query.task).number,
        "role": role.value if role else None,
    }


def matrix_view(matrix: Matrix, query: MatrixQuery, fmt: str) -> str:
    """The answer to a query as ``table``, ``json`` or ``csv`` text."""
    if fmt == "csv":
        return records_csv(matrix, expand=query.expand)
    if query.unit and query.task:
        data = _role_answer(matrix, query)
        role = Role(data["role"]) if data["role"] else None
        held = f"{role.label}单位" if role else "无职责"
        text = f"{data['unit']}在任务{matrix.task(query.task).label}中：{held}"
    elif query.unit:
        data = unit_data(matrix, query)
        text = unit_table(matrix, query)
    elif query.task:
        data = task_data(matrix, query)
        text = task_table(matrix, query)
    else:
        data = matrix_data(matrix, query)
        text = matrix_table(matrix, query) + unresolved_text(matrix.unresolved())
    return json.dumps(data, ensure_ascii=False, indent=2) if fmt == "json" else text


def unresolved_text(items: Sequence[Unresolved]) -> str:
    """A note listing unresolved names (empty when there are none)."""
    if not items:
        return ""
    lines = "\n".join(f"  - {item.message}" for item in items)
    return f"\n\n待明确（{len(items)} 处，标“？”）：\n{lines}"


def records_csv(matrix: Matrix, *, expand: bool = False) -> str:
    """The matrix records as CSV text (UTF-8 with BOM, so Excel opens it in Chinese)."""
    records = matrix.records(expand=expand)
    buffer = io.StringIO()
    fields = ["seq", "number", "title", "key", "unit", "role", "role_label", "via", "resolved"]
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return "\ufeff" + buffer.getvalue()


def notice_summary(notice: Notice) -> str:
    """Two lines about a parsed notice: what it is and how many tasks it has."""
    facts = [notice.title or "（无标题）"]
    if notice.doc_number:
        facts.append(notice.doc_number)
    due = f"，报送时限 {notice.report_due.isoformat()}" if notice.report_due else ""
    return f"{' '.join(facts)}\n共 {len(notice.tasks)} 项任务{due}"


def issues_text(issues: Sequence[Issue]) -> str:
    """One line per issue, errors first."""
    ordered = sorted(issues, key=lambda issue: not issue.is_error)
    return "\n".join(issue.describe() for issue in ordered)


def _file_line(file: FileReport) -> str:
    errors = sum(1 for issue in file.issues if issue.is_error)
    warnings = len(file.issues) - errors
    unit = f"（{file.unit}）" if file.unit else ""
    counts = "，".join(
        part
        for part in (
            f"错误 {errors} 个" if errors else "",
            f"提醒 {warnings} 个" if warnings else "",
        )
        if part
    )
    mark = "✗" if not file.valid else "✓"
    return f"{mark} {file.path}{unit}" + (f"：{counts}" if counts else "：合格")


def report_text(report: Report) -> str:
    """A validation report for people: a summary, then each file with its issues."""
    bad = sum(1 for file in report.files if not file.valid)
    lines = [
        f"共检查 {len(report.files)} 个文件：{len(report.files) - bad} 个合格，{bad} 个不合格。"
    ]
    for file in report.files:
        lines.append(_file_line(file))
        ordered = sorted(file.issues, key=lambda issue: not issue.is_error)
        lines.extend(f"    {issue.describe(with_path=False)}" for issue in ordered)
    lines.extend(f"说明：{note}" for note in report.notes)
    return "\n".join(lines)


def report_data(report: Report) -> dict[str, object]:
    """The JSON form of a validation report."""
    return {
        "valid": report.valid,
        "files": [
            {
                "path": file.path,
                "unit": file.unit,
                "valid": file.valid,
                "issues": [
                    {
                        "code": issue.code,
                        "severity": issue.severity.value,
                        "sheet": issue.sheet,
                        "cell": issue.cell,
                        "task": issue.task,
                        "message": issue.message,
                    }
                    for issue in file.issues
                ],
            }
            for file in report.files
        ],
        "notes": list(report.notes),
    }


def summary_text(summary: Summary) -> str:
    """A few Chinese lines about a merge: who reported, what was received, what is left."""
    counts = summary.counts()
    as_of = summary.as_of.strftime("%Y-%m-%d %H:%M")
    lines = [
        (
            f"汇总截至 {as_of}：应报 {counts.expected} 个单位，已报送 {counts.received} 个"
            f"（按时 {counts.on_time} 个，逾期 {counts.late} 个），其中不合格 {counts.invalid} 个；"
            f"未报送 {counts.missing} 个（逾期未报 {counts.overdue} 个）。"
        ),
        (
            f"收到文件 {counts.files} 个：采用 {counts.received + counts.unexpected} 个，"
            f"被较新的报送替代 {counts.superseded} 个，无法采用 {counts.unplaced} 个。"
        ),
    ]
    progress = counts.progress
    if progress.rate is not None:
        lines.append(
            f"落实进度：已完成 {progress.done} 项，应落实 {progress.applicable} 项"
            f"（不含“不涉及”），完成率 {progress.rate:.0%}。"
        )
    reminders = summary.reminders()
    if reminders:
        lines.append(
            f"需要催报 {len(reminders)} 个单位：见汇总表的“{SUMMARY.REMINDERS_SHEET}”，"
            "或运行 gzgk remind。"
        )
    return "\n".join(lines)


def _reminder_row(number: int, reminder: Reminder) -> list[str | int]:
    unit = reminder.unit
    return [
        number,
        unit.name,
        unit.unit.kind.label,
        "；".join(reminder.reasons),
        "\n".join(reminder.missing),
        unit.contact,
        unit.phone,
        unit.received.path if unit.received is not None else "",
    ]


def reminder_rows(summary: Summary) -> list[list[str | int]]:
    """The rows of the 催报清单, one per unit to chase (columns of ``SUMMARY.REMINDERS_HEADER``)."""
    return [
        _reminder_row(number, reminder)
        for number, reminder in enumerate(summary.reminders(), start=1)
    ]


def reminders_text(summary: Summary, width: int = 120) -> str:
    """The 催报清单 as a table for the terminal (cells wrap; nothing is cut)."""
    rows = reminder_rows(summary)
    if not rows:
        return "没有需要催报的单位：应报单位都已按时报送合格的报送表。"
    table = Table(show_lines=True, title=SUMMARY.REMINDERS_SHEET, expand=True)
    for label, share in zip(SUMMARY.REMINDERS_HEADER, SUMMARY.REMINDERS_WIDTHS, strict=True):
        # CJK has no spaces to wrap at: fold, never cut; widths in the workbook's proportions
        table.add_column(label, overflow="fold", ratio=int(share), min_width=min(int(share), 12))
    for row in rows:
        table.add_row(*(str(value) for value in row))
    buffer = io.StringIO()
    Console(file=buffer, width=width, no_color=True, highlight=False).print(table)
    return buffer.getvalue().rstrip("\n")


_CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: str | int) -> str | int:
    """A spreadsheet would run text that starts like a formula: such text gets a leading '."""
    if isinstance(value, str) and value.startswith(_CSV_FORMULA):
        return "'" + value
    return value


def reminders_csv(summary: Summary) -> str:
    """The 催报清单 as CSV (UTF-8 with BOM, so Excel and WPS open it in Chinese).

    A value that starts like a formula (``=``, ``+``, ``-``, ``@``, tab, CR)
    is written with a leading apostrophe, so that opening the file in a
    spreadsheet never runs it.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(SUMMARY.REMINDERS_HEADER)
    for row in reminder_rows(summary):
        writer.writerow([_csv_cell(value) for value in row])
    return "\ufeff" + buffer.getvalue()
