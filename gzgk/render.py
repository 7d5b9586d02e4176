"""Text, Rich and data renderings of notices, matrices, diffs, reports and summaries.

Pure functions: they take model values and return strings, JSON-ready data or
Rich renderables. Tables are Rich tables whose cells wrap and never cut (lists of
unit names wrap between names, other text anywhere, as Chinese text does); the
command line prints them on a console (styled only on a terminal) and
:func:`text` lays one out as plain text. No workbook library is involved.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from attrs import frozen
from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.styled import Styled
from rich.table import Table
from rich.text import Text

from gzgk._text import chinese_date, chinese_moment, starts_like_formula
from gzgk.comparison import Change, Light
from gzgk.contract import RETURN, SUMMARY
from gzgk.history import HistoryEntry, HistoryRound, StalledPair
from gzgk.matrix import Assigned, Matrix, MatrixDiff, RoleChange, TaskChange, Unresolved
from gzgk.model import Notice, Role, Task
from gzgk.report import FileReport, Issue, Report
from gzgk.summary import ContactSource, Counts, Progress, Reminder, Summary

__all__ = [
    "WIDTH",
    "MatrixQuery",
    "annotated_line",
    "checked_line",
    "diff_data",
    "diff_view",
    "files_account",
    "history_csv",
    "history_records",
    "history_table",
    "issues_text",
    "matrix_data",
    "matrix_table",
    "natural_width",
    "notice_summary",
    "query_data",
    "query_view",
    "records_csv",
    "rejected_note",
    "reminder_rows",
    "reminder_titles",
    "reminders_table",
    "reminders_text",
    "report_data",
    "report_headline",
    "report_text",
    "rounds_line",
    "summary_text",
    "task_data",
    "task_table",
    "text",
    "unit_data",
    "unit_table",
    "unresolved_view",
]

WIDTH = 100
"""Columns a table is laid out for when the output is not a terminal (stable for scripts)."""

_SEPARATOR = "、"
_UNBOUNDED = 1_000_000  # columns: wider than any row
_OPEN = "yellow"  # names still to be stated, and the note about them
_ROLE_STYLES = {Role.LEAD: "bold", Role.RESPONSIBLE: "", Role.COOPERATING: "", Role.INFORMED: "dim"}


@frozen(kw_only=True)
class MatrixQuery:
    """What the user asked of a matrix: a unit, a task, both or neither."""

    unit: str | None = None
    task: str | None = None
    role: Role | None = None
    expand: bool = False


class _Names:
    """Names joined by 、 that wrap only between names (Rich breaks lines at spaces only)."""

    def __init__(self, names: Iterable[Text]) -> None:
        listed = list(names)
        self.pieces = [
            name + _SEPARATOR if index < len(listed) - 1 else name
            for index, name in enumerate(listed)
        ]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widths = [piece.cell_len for piece in self.pieces]
        return Measurement(max(widths, default=0), sum(widths))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines: list[Text] = []
        for piece in self.pieces:
            if lines and lines[-1].cell_len + piece.cell_len <= options.max_width:
                lines[-1].append_text(piece)
            else:
                lines.append(piece.copy())
        yield Text("\n").join(lines)


def _table(*headers: str, title: str | None = None, spaced: bool = True) -> Table:
    """A gzgk table: a rule under the header, cells that fold, rows ``spaced`` by a blank line."""
    table = Table(
        *headers,
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_lines=spaced,
        show_edge=False,
        pad_edge=False,
    )
    for column in table.columns:
        column.overflow = "fold"
    return table


def _cell(value: object, style: str = "") -> Text:
    """A cell's text as it is (never read as Rich markup)."""
    return Text(str(value), style=style)


def text(renderable: RenderableType, width: int = WIDTH) -> str:
    """A renderable as plain text ``width`` columns wide: no styles, no trailing spaces."""
    console = Console(
        file=io.StringIO(),
        width=width,
        color_system=None,
        force_terminal=False,
        markup=False,
        emoji=False,
        highlight=False,
    )
    with console.capture() as captured:
        console.print(renderable)
    return "\n".join(line.rstrip() for line in captured.get().rstrip("\n").split("\n"))


def natural_width(renderable: RenderableType, console: Console) -> int:
    """Columns a renderable takes on ``console`` when nothing is wrapped (for ``--full``)."""
    options = console.options.update_width(_UNBOUNDED)
    return max(1, Measurement.get(console, options, renderable).maximum)


def _names(holders: Sequence[Assigned]) -> _Names:
    """Holders as printed; a name still to be stated is marked ？ (and yellow on a terminal)."""
    return _Names(
        Text(h.name + "？", style=_OPEN) if not h.resolved else Text(h.name) for h in holders
    )


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


def matrix_table(matrix: Matrix, query: MatrixQuery) -> Table:
    """The matrix as one row per task, one column per role (every name shown)."""
    role, expand = query.role, query.expand
    roles = [role] if role else [r for r in Role if any(t.names(r) for t in matrix.notice.tasks)]
    table = _table("编号", RETURN.label("title"), *(f"{r.label}单位" for r in roles))
    table.columns[0].no_wrap = True
    for task in matrix.notice.tasks:
        table.add_row(
            _cell(task.label),
            _cell(task.title),
            *(_names(matrix.units_of(task, r, expand=expand)) for r in roles),
        )
    return table


def matrix_data(matrix: Matrix, query: MatrixQuery) -> dict[str, object]:
    """The matrix as JSON-ready data: tasks with their holders, and what is unresolved."""
    role, expand = query.role, query.expand
    return {
        "notice": {"title": matrix.notice.title, "doc_number": matrix.notice.doc_number},
        "rounds": [
            {"name": item.name, "due": item.due.isoformat() if item.due else None}
            for item in matrix.notice.rounds
        ],
        "tasks": [
            {
                **_task_json(task),
                "units": [_holder_json(h) for h in matrix.units_of(task, role, expand=expand)],
            }
            for task in matrix.notice.tasks
        ],
        "unresolved": [_unresolved_json(item) for item in matrix.unresolved()],
    }


def _given(value: str | None, what: str) -> str:
    """A query part the view needs (a programming error when missing, checked under -O too)."""
    if value is None:
        raise ValueError(f"this view needs a query with {what}")
    return value


def _unit_tasks(matrix: Matrix, query: MatrixQuery) -> list[tuple[Task, Role]]:
    unit = _given(query.unit, "a unit")
    return [
        (task, held)
        for task, held in matrix.assignments_of(unit, expand=query.expand)
        if query.role is None or held is query.role
    ]


def unit_table(matrix: Matrix, query: MatrixQuery) -> Table:
    """The tasks of one unit with its role in each."""
    table = _table("编号", *RETURN.labels_of("title", "role"), spaced=False)
    table.columns[0].no_wrap = table.columns[2].no_wrap = True
    for task, held in _unit_tasks(matrix, query):
        table.add_row(_cell(task.label), _cell(task.title), _cell(held.label, _ROLE_STYLES[held]))
    return table


def unit_data(matrix: Matrix, query: MatrixQuery) -> dict[str, object]:
    """``{"unit": …, "tasks": [{"seq", "number", "title", "role"}]}``."""
    subject = matrix.subject(_given(query.unit, "a unit"))
    return {
        "unit": matrix.registry.display_name(subject),
        "id": subject.id,
        "tasks": [
            {**_task_json(task), "role": held.value} for task, held in _unit_tasks(matrix, query)
        ],
    }


def _task_holders(matrix: Matrix, query: MatrixQuery) -> tuple[Task, tuple[Assigned, ...]]:
    task = matrix.task(_given(query.task, "a task"))
    return task, matrix.units_of(task, query.role, expand=query.expand)


def task_table(matrix: Matrix, query: MatrixQuery) -> RenderableType:
    """The holders of one task with their roles, under the task's number and title."""
    task, holders = _task_holders(matrix, query)
    table = _table("单位", "职责", "来自", spaced=False)
    table.columns[1].no_wrap = True
    for holder in holders:
        table.add_row(
            _cell(holder.name) if holder.resolved else _cell(f"{holder.name}（待明确）", _OPEN),
            _cell(holder.role.label, _ROLE_STYLES[holder.role]),
            _cell(holder.via or ""),
        )
    return Group(Text(f"任务{task.label}{task.title}", style="bold"), table)


def task_data(matrix: Matrix, query: MatrixQuery) -> dict[str, object]:
    """``{"task": {…}, "units": [{"name", "role"}]}``."""
    task, holders = _task_holders(matrix, query)
    return {
        "task": {**_task_json(task), "content": task.content},
        "units": [_holder_json(h) for h in holders],
    }


def _role_answer(matrix: Matrix, query: MatrixQuery) -> tuple[str, Task, Role | None]:
    """The unit's name, the task and the unit's role in it (``--unit`` with ``--task``)."""
    unit, task = _given(query.unit, "a unit"), _given(query.task, "a task")
    role = matrix.role_of(unit, task, expand=query.expand)
    return matrix.registry.display_name(matrix.subject(unit)), matrix.task(task), role


def query_data(matrix: Matrix, query: MatrixQuery) -> dict[str, object]:
    """The answer to a query as JSON-ready data (what ``matrix --format json`` prints)."""
    if query.unit and query.task:
        unit, task, role = _role_answer(matrix, query)
        return {"unit": unit, "task": task.number, "role": role.value if role else None}
    if query.unit:
        return unit_data(matrix, query)
    if query.task:
        return task_data(matrix, query)
    return matrix_data(matrix, query)


def query_view(matrix: Matrix, query: MatrixQuery) -> RenderableType:
    """The answer to a query for people: a sentence, or a table that wraps and never cuts."""
    if query.unit and query.task:
        unit, task, role = _role_answer(matrix, query)
        return Text(f"{unit}在任务{task.label}中：{role.label + '单位' if role else '无职责'}")
    if query.unit:
        return unit_table(matrix, query)
    if query.task:
        return task_table(matrix, query)
    schedule = (Text(rounds_line(matrix.notice)),) if matrix.notice.rounds else ()
    return Group(matrix_table(matrix, query), unresolved_view(matrix.unresolved()), *schedule)


def unresolved_view(items: Sequence[Unresolved]) -> RenderableType:
    """The names still to be stated, one indented line each (nothing when there are none)."""
    if not items:
        return Group()
    notes = Table.grid(padding=(0, 1, 0, 2))
    notes.add_column(no_wrap=True)
    notes.add_column(overflow="fold")
    for item in items:
        notes.add_row("-", _cell(item.message))
    heading = Text(f"\n待明确（{len(items)} 处，标“？”）：")
    return Styled(Group(heading, notes), _OPEN)


def _role_change(role: RoleChange) -> str:
    """A unit's change in one task, said from the unit's side."""
    if role.old is None and role.new is not None:
        return f"新增为{role.new.label}单位"
    if role.new is None and role.old is not None:
        return f"不再是{role.old.label}单位"
    if role.old is None or role.new is None:
        raise ValueError("a role change has a role on one side at least")
    return f"由{role.old.label}单位改为{role.new.label}单位"


def _unit_changes(diff: MatrixDiff) -> list[tuple[RoleChange, list[tuple[TaskChange, RoleChange]]]]:
    """The role changes of paired tasks, by unit (in order of first appearance)."""
    by_unit: dict[str, tuple[RoleChange, list[tuple[TaskChange, RoleChange]]]] = {}
    for change in diff.changed:
        for role in change.roles:
            by_unit.setdefault(role.key, (role, []))[1].append((change, role))
    return list(by_unit.values())


def diff_data(diff: MatrixDiff, old: Matrix, new: Matrix) -> dict[str, object]:
    """``new.diff(old)`` as JSON-ready data (what ``gzgk diff --format json`` prints).

    ``added`` and ``removed`` tasks carry their holders as printed; ``changed``
    tasks (paired by title, or by number and similar text) say whether the
    title or content was reworded and whose role changed; ``units`` lists the
    same role changes by unit. Roles are ``lead``, ``responsible``,
    ``cooperating``, ``informed`` or ``null`` (not a holder).
    """
    diff = new.diff(old)
    return {
        "same": diff.empty,
        "old": {"title": old.notice.title, "doc_number": old.notice.doc_number},
        "new": {"title": new.notice.title, "doc_number": new.notice.doc_number},
        "added": [
            {**_task_json(t), "units": [_holder_json(h) for h in new.units_of(t)]}
            for t in diff.added
        ],
        "removed": [
            {**_task_json(t), "units": [_holder_json(h) for h in old.units_of(t)]}
            for t in diff.removed
        ],
        "changed": [
            {
                "old": _task_json(change.old),
                "new": _task_json(change.new),
                "title_changed": change.title_changed,
                "content_changed": change.content_changed,
                "roles": [
                    {
                        "name": role.name,
                        "key": role.key,
                        "old": role.old.value if role.old else None,
                        "new": role.new.value if role.new else None,
                    }
                    for role in change.roles
                ],
            }
            for change in diff.changed
        ],
        "units": [
            {
                "name": unit.name,
                "key": unit.key,
                "tasks": [
                    {
                        **_task_json(change.new),
                        "old": role.old.value if role.old else None,
                        "new": role.new.value if role.new else None,
                    }
                    for change, role in changes
                ],
            }
            for unit, changes in _unit_changes(diff)
        ],
    }


def _diff_headline(diff: MatrixDiff) -> Text:
    if diff.empty:
        return Text("两份通知的任务和分工相同。")
    units = len(_unit_changes(diff))
    reworded = sum(1 for c in diff.changed if c.title_changed or c.content_changed)
    return Text(
        f"与原通知相比：新增任务 {len(diff.added)} 项，删除 {len(diff.removed)} 项，"
        f"改写 {reworded} 项；{units} 个单位的职责有变化。"
    )


def diff_view(diff: MatrixDiff, old: Matrix, new: Matrix) -> RenderableType:
    """What changed from ``old`` to ``new`` for people: a headline, then a table per kind."""
    tables: list[Table] = []
    for title, tasks, matrix, style in (
        ("新增任务", diff.added, new, "green"),
        ("删除任务", diff.removed, old, "red"),
    ):
        if tasks:
            table = _table("编号", RETURN.label("title"), "单位", title=title)
            for task in tasks:
                table.add_row(
                    _cell(task.label, style), _cell(task.title), _names(matrix.units_of(task))
                )
            tables.append(table)
    reworded = [c for c in diff.changed if c.title_changed or c.content_changed]
    if reworded:
        table = _table("编号", RETURN.label("title"), "改动", title="改写的任务")
        for change in reworded:
            what = [f"原标题：{change.old.title}"] if change.title_changed else []
            what += ["任务内容有修改"] if change.content_changed else []
            table.add_row(_cell(change.new.label), _cell(change.new.title), _cell("\n".join(what)))
        tables.append(table)
    units = _unit_changes(diff)
    if units:
        table = _table("单位", "职责变化", title="职责有变化的单位")
        for unit, changes in units:
            lines = [f"任务{change.new.label}：{_role_change(role)}" for change, role in changes]
            table.add_row(_cell(unit.name), _cell("\n".join(lines)))
        tables.append(table)
    return Group(_diff_headline(diff), *(Group(Text(), table) for table in tables))


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
    """Two lines about a parsed notice: what it is, how many tasks, when it is reported."""
    facts = [notice.title or "（无标题）"]
    if notice.doc_number:
        facts.append(notice.doc_number)
    due = f"，报送时限 {chinese_date(notice.report_due)}" if notice.report_due else ""
    lines = [" ".join(facts), f"共 {len(notice.tasks)} 项任务{due}"]
    if notice.rounds:
        lines.append(rounds_line(notice))
    return "\n".join(lines)


def rounds_line(notice: Notice) -> str:
    """The schedule in one line: ``报送安排：2024年第一季度（2024年4月10日前）、…（共 4 期）``."""
    listed = "、".join(item.label for item in notice.rounds)
    return f"报送安排：{listed}（共 {len(notice.rounds)} 期）"


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
    if not file.read:
        return f"– {file.path}：{file.issues[0].message if file.issues else '未读取'}"
    mark = "✗" if not file.valid else "✓"
    return f"{mark} {file.path}{unit}" + (f"：{counts}" if counts else "：合格")


def checked_line(files: Sequence[FileReport]) -> str:
    """How many files were checked, valid (with or without warnings) and invalid: adding up."""
    bad = sum(1 for file in files if not file.valid)
    warned = sum(1 for file in files if file.valid and file.issues)
    good = len(files) - bad
    note = f"（其中 {warned} 个有提醒）" if warned else ""
    return f"共检查 {len(files)} 个文件：{good} 个合格{note}，{bad} 个不合格。"


def report_headline(report: Report) -> str:
    """How many files were checked, passed and failed; how many paths were not read."""
    read = report.read
    skipped = len(report.files) - len(read)
    return checked_line(read) + (f"另有 {skipped} 个路径未读取。" if skipped else "")


def annotated_line(
    files: Sequence[FileReport], annotated: Sequence[FileReport], folder: str
) -> str:
    """Whom the annotated copies are for (invalid files, files with warnings only), adding up.

    An invalid file that could not be opened gets no copy; the line says how many.
    """
    bad = sum(1 for file in annotated if not file.valid)
    warned = len(annotated) - bad
    line = (
        f"已为 {len(annotated)} 个文件写出批注副本（不合格 {bad} 个，合格但有提醒 {warned} 个）："
        f"{folder}"
    )
    unopened = sum(1 for file in files if not file.valid) - bad
    if unopened:
        line += f"；另有 {unopened} 个不合格的文件无法打开，不能写批注副本，见上面的说明"
    return line


def report_text(report: Report) -> str:
    """A validation report for people: a summary, then each file with its issues."""
    lines = [report_headline(report)]
    for file in report.files:
        lines.append(_file_line(file))
        if not file.read:
            continue
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
                "read": file.read,
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


def files_account(counts: Counts) -> str:
    """What became of the files found: the parts add up to the whole."""
    parts = [
        f"采用 {counts.received + counts.unexpected} 个",
        f"被较新的报送替代 {counts.superseded} 个",
        f"无法采用 {counts.unplaced} 个",
    ]
    if counts.copies:
        parts.insert(2, f"重复的副本 {counts.copies} 个")
    if counts.skipped:
        parts.append(f"未读取 {counts.skipped} 个")
    return f"{counts.files} 个：{'，'.join(parts)}"


def summary_text(summary: Summary, *, remind: str = "运行 gzgk remind") -> str:
    """A few Chinese lines about a merge: who reported, what was received, what is left.

    ``remind`` is how the reader lists the units to chase (the Excel buttons say their own).
    """
    counts = summary.counts()
    as_of = chinese_moment(summary.as_of)
    lines = [
        (
            f"汇总截至 {as_of}：应报 {counts.expected} 个单位，已报送 {counts.received} 个"
            f"（按时 {counts.on_time} 个，逾期 {counts.late} 个），其中不合格 {counts.invalid} 个；"
            f"未报送 {counts.missing} 个（逾期未报 {counts.overdue} 个）。"
        ),
        f"收到文件 {files_account(counts)}。",
    ]
    progress = counts.progress
    if progress.rate is not None:
        rejected = f"；{rejected_note(progress)}" if progress.rejected else ""
        lines.append(
            f"落实进度：已完成 {progress.done} 项，应落实 {progress.applicable} 项"
            f"（不含“{RETURN.NOT_APPLICABLE}”），完成率 {progress.rate:.0%}{rejected}。"
        )
    if summary.comparison is not None:
        lines.append(f"进展对比：{summary.comparison.sentence()}")
    reminders = summary.reminders()
    if reminders:
        lines.append(
            f"需要催报 {len(reminders)} 个单位：见汇总表的“{SUMMARY.REMINDERS_SHEET}”，或{remind}。"
        )
    if summary.round is not None:
        lines.insert(0, f"本期：{summary.round.label}")
    return "\n".join(lines)


def _reminder_row(number: int, reminder: Reminder) -> list[str | int]:
    unit = reminder.unit
    unknown = reminder.source is ContactSource.NONE
    return [
        number,
        unit.name,
        "；".join(reminder.reasons),
        "\n".join(reminder.missing) or "无（已收到合格的报送表）",
        reminder.contact or ("未登记" if unknown else ""),
        reminder.phone,
        reminder.source.label,
        unit.unit.kind.label,
        unit.received.path if unit.received is not None else "",
    ]


def reminder_rows(summary: Summary) -> list[list[str | int]]:
    """The rows of the 催报清单, one per unit to chase (columns of ``SUMMARY.REMINDERS_HEADER``)."""
    return [
        _reminder_row(number, reminder)
        for number, reminder in enumerate(summary.reminders(), start=1)
    ]


def rejected_note(progress: Progress) -> str:
    """How many tasks came in returns that failed validation: counted as not done."""
    return f"其中 {progress.rejected} 项来自不合格的报送表，所填状态未采用，不计为已完成"


def reminder_titles(summary: Summary, count: int) -> tuple[str, str]:
    """The 催报清单's title and the line under it: the moment, the deadline, how many to chase.

    Every workbook that holds a 催报清单 puts these two lines above its table: the
    summary workbook, the 催报清单 written alone, and the control workbook's sheet.
    """
    due = summary.notice.report_due
    title = SUMMARY.REMINDERS_TITLE.format(title=summary.notice.title or "")
    facts = SUMMARY.REMINDERS_FACTS.format(
        as_of=chinese_moment(summary.as_of),
        due=chinese_date(due) if due else "通知未规定",
        count=count,
    )
    return title, facts


def reminders_table(summary: Summary) -> RenderableType:
    """The 催报清单 for people: a block per unit, each field labelled as in the workbook.

    The workbook's columns do not fit a terminal, so each unit's fields stand under its
    number, one labelled line each (empty fields left out); long texts wrap and
    nothing is cut.
    """
    rows = reminder_rows(summary)
    if not rows:
        return Text("没有需要催报的单位：应报单位都已按时报送合格的报送表。")
    blocks = Table.grid(padding=(0, 2, 0, 0))
    blocks.add_column(no_wrap=True)
    blocks.add_column(no_wrap=True, style="dim")
    blocks.add_column(overflow="fold")
    for number, *fields in rows:
        if number != 1:
            blocks.add_row()
        labelled = zip(SUMMARY.REMINDERS_HEADER[1:], fields, strict=True)
        for index, (label, value) in enumerate(pair for pair in labelled if pair[1] != ""):
            blocks.add_row(
                _cell(number if index == 0 else ""),
                _cell(label),
                _cell(value, "bold" if index == 0 else ""),
            )
    as_of = chinese_moment(summary.as_of)
    heading = Text(
        f"{SUMMARY.REMINDERS_SHEET}（统计截至 {as_of}，{len(rows)} 个单位）", style="bold"
    )
    return Group(heading, Text(), blocks)


def reminders_text(summary: Summary, width: int = WIDTH) -> str:
    """The 催报清单 as plain text ``width`` columns wide."""
    return text(reminders_table(summary), width)


def _csv_cell(value: str | int) -> str | int:
    """A spreadsheet would run text that starts like a formula: such text gets a leading '."""
    if isinstance(value, str) and starts_like_formula(value):
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


# -- the history database (gzgk history) ---------------------------------------------

HistoryItem = HistoryRound | HistoryEntry | StalledPair
Record = dict[str, str | int | None]
# (key, label) of each kind of listing: JSON keys, CSV header and table columns alike.
HISTORY_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "rounds": (
        ("round", "期次"), ("due", "报送时限"), ("units", "报送单位数"), ("entries", "答复条数"),
        ("as_of", "统计截至"), ("recorded_at", "记入台账"),
    ),
    "entries": (
        ("round", "期次"), ("task", "任务"), ("unit", "单位"), ("role", "职责"),
        ("status", RETURN.label("status")), ("change", "较上期"), ("stale", "连续未更新"),
        ("light", "灯"), ("progress", RETURN.label("progress")), ("fill_date", "填报日期"),
        ("file", "来源文件"),
    ),
    "stalled": (
        ("task", "任务"), ("unit", "单位"), ("stale", "连续未更新期数"), ("since", "自此期起"),
        ("status", RETURN.label("status")), ("progress", RETURN.label("progress")),
    ),
}  # fmt: skip
_CHANGE_WORDS = {change.value: change.label for change in Change}
_LIGHT_WORDS = {light.value: light.label for light in Light}


def history_records(items: Sequence[HistoryItem], *, codes: bool = False) -> list[Record]:
    """Rows of a history listing (rounds, entries or stalled pairs) as plain records.

    With ``codes`` (JSON for scripts) role, change and light are the stable
    English codes (``lead``, ``stale``, ``red``); otherwise the Chinese words.
    """
    records: list[Record] = []
    for item in items:
        if isinstance(item, HistoryRound):
            records.append(
                {
                    "round": item.label,
                    "due": item.due.isoformat() if item.due else None,
                    "units": item.units,
                    "entries": item.entries,
                    "as_of": item.as_of.strftime("%Y-%m-%d %H:%M"),
                    "recorded_at": item.recorded_at.strftime("%Y-%m-%d %H:%M"),
                }
            )
        elif isinstance(item, HistoryEntry):
            records.append(
                {
                    "round": item.round or "（未分期）",
                    "task": f"（{item.task_number}）",
                    "unit": item.unit_name,
                    "role": item.role if codes or not item.role else Role(item.role).label,
                    "status": item.entry.status,
                    "change": item.change if codes else _CHANGE_WORDS.get(item.change, item.change),
                    "stale": item.stale,
                    "light": item.light if codes else _LIGHT_WORDS.get(item.light or "", ""),
                    "progress": item.entry.progress,
                    "fill_date": item.fill_date.isoformat() if item.fill_date else None,
                    "file": item.file,
                }
            )
        else:
            records.append(
                {
                    "task": f"（{item.task_number}）",
                    "unit": item.unit_name,
                    "stale": item.stale,
                    "since": item.since,
                    "status": item.last.entry.status,
                    "progress": item.last.entry.progress,
                }
            )
    return records


def history_table(kind: str, records: Sequence[Record], *, title: str = "") -> RenderableType:
    """A history listing for people: a table that wraps and never cuts."""
    columns = HISTORY_COLUMNS[kind]
    if not records:
        return Text(f"{title}：没有记录。" if title else "没有记录。")
    table = _table(*(label for _, label in columns), title=title or None)
    for record in records:
        table.add_row(*(_cell("" if record[key] is None else record[key]) for key, _ in columns))
    return table


def history_csv(kind: str, records: Sequence[Record]) -> str:
    """A history listing as CSV (UTF-8 with BOM, formula-safe, Chinese header)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = HISTORY_COLUMNS[kind]
    writer.writerow([label for _, label in columns])
    for record in records:
        writer.writerow(
            [_csv_cell("" if record[key] is None else record[key]) for key, _ in columns]  # type: ignore[arg-type]
        )
    return "\ufeff" + buffer.getvalue()
