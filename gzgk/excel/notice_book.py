"""The 分工表 workbook: a notice written for the clerk to correct in Excel, and read back.

:func:`notice_workbook` writes what was understood of a notice as the
contract's :data:`~gzgk.contract.NOTICE_BOOK` (one row per task; the cells of
tasks with issues filled and commented; every issue on the 问题 sheet; the
notice's other facts on their own sheets). :func:`read_notice_book` reads such
a workbook, corrected in Excel, WPS or LibreOffice, back into the notice,
checked as a parsed notice is (:func:`~gzgk.notice_checks.check_notice`).
:func:`read_grids` reads any 分工表 workbook into grids of cell texts for the
parser.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from attrs import evolve, frozen
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from gzgk._text import normalize
from gzgk.contract import ANNOTATION, NOTICE_BOOK, PRINT, Column, column_letter
from gzgk.errors import GzgkError
from gzgk.files import os_reason, write_atomic
from gzgk.lexicon.names import NameCheck, split_typed
from gzgk.model import Contact, GroupMembers, Notice, Reference, Requirement, Round, Task
from gzgk.notice_checks import check_notice, task_label
from gzgk.parse import notice_issues
from gzgk.parse.result import ParseResult
from gzgk.report import Issue, IssueType, code_label
from gzgk.workers import Limits

from .writer import Styles, WorkbookBuffer, page_setup, write_table

__all__ = [
    "MAX_GRID_BYTES",
    "GridReadError",
    "Sheet",
    "notice_workbook",
    "read_grids",
    "read_notice_book",
    "read_sheets",
    "text_grid",
    "write_notice_workbook",
]

MAX_GRID_BYTES = 20 * 1024 * 1024
Grid = list[list[str | None]]
Value = str | int | float | bool | dt.date | dt.datetime | dt.time | None
"""A cell's value as openpyxl gives it (dates as datetimes)."""


class GridReadError(GzgkError, OSError):
    """A 分工表 workbook cannot be opened."""

    code = "source-unreadable"


# -- reading any workbook ------------------------------------------------------


@frozen
class Sheet:
    """A worksheet's values by row, merged ranges filled with their first cell's value."""

    title: str
    rows: tuple[tuple[Value, ...], ...]
    visible: bool = True


def read_sheets(path: str | Path, *, max_cells: int | None = None) -> tuple[Sheet, ...]:
    """Every sheet of a workbook, values as stored (hidden sheets too, marked).

    Args:
        path: the workbook.
        max_cells: the most cells a sheet may span (rows × columns used);
            :attr:`gzgk.workers.Limits.cells` by default.

    Raises:
        GridReadError: the file is too large, not an .xlsx workbook, unreadable,
            or a sheet spans more cells than a 分工表 could.
    """
    limit = Limits().cells if max_cells is None else max_cells
    file = Path(path)
    try:
        size = file.stat().st_size
    except OSError as error:
        raise GridReadError(f"无法打开“{file.name}”：{os_reason(error)}") from error
    if size > MAX_GRID_BYTES:
        raise GridReadError(
            f"“{file.name}”超过 {MAX_GRID_BYTES // 1024 // 1024} MB，不像是任务分工表"
        )
    try:
        with (
            warnings.catch_warnings()
        ):  # openpyxl's remarks on odd files are not the user's business
            warnings.simplefilter("ignore")
            # From bytes: openpyxl leaves a file it failed on open (a TypeError inside it)
            workbook = load_workbook(io.BytesIO(file.read_bytes()), data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise GridReadError(f"“{file.name}”不是有效的 .xlsx 工作簿：{error}") from error
    sheets = []
    for sheet in workbook.worksheets:
        cells = sheet.max_row * sheet.max_column
        if cells > limit:
            raise GridReadError(
                f"“{file.name}”的“{sheet.title}”工作表使用了 {cells} 个单元格（上限 {limit}），"
                "远超任务分工表应有的大小"
            )
        rows = [[_plain(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        for merged in sheet.merged_cells.ranges:
            value = rows[merged.min_row - 1][merged.min_col - 1] if rows else None
            for row in range(merged.min_row - 1, min(merged.max_row, len(rows))):
                for column in range(merged.min_col - 1, min(merged.max_col, len(rows[row]))):
                    rows[row][column] = value
        sheets.append(
            Sheet(sheet.title, tuple(map(tuple, rows)), visible=sheet.sheet_state == "visible")
        )
    workbook.close()
    return tuple(sheets)


def _plain(value: object) -> Value:
    """A stored value as plain data: rich text, decimals and array formulas as text."""
    if value is None or isinstance(value, str | int | float | dt.date | dt.time):
        return value
    return str(value)


def _cell_text(value: Value) -> str | None:
    """A cell's value as the parser reads it: text stripped, whole numbers without ``.0``."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    text = str(value).strip()
    return text or None


def text_grid(sheet: Sheet) -> Grid:
    """A sheet's rows as the parser reads them: cell texts stripped, None for empty cells."""
    return [[_cell_text(value) for value in row] for row in sheet.rows]


def read_grids(path: str | Path, *, max_cells: int | None = None) -> list[tuple[str, Grid]]:
    """Every visible sheet as (title, rows of cell texts); merged ranges filled.

    Raises:
        GridReadError: as :func:`read_sheets`.
    """
    sheets = read_sheets(path, max_cells=max_cells)
    return [(sheet.title, text_grid(sheet)) for sheet in sheets if sheet.visible]


# -- writing the 分工表 workbook -------------------------------------------------

_LAYOUT = NOTICE_BOOK
_OPTIONAL = ("section", "informed", "leaders", "deadline", "group_members")  # hidden when unused


def _lines(items: Iterable[str]) -> str:
    return "\n".join(items)


def _members(task: Task) -> str:
    separator = _LAYOUT.GROUP_SEPARATOR
    return _lines(f"{s.group}{separator}{'、'.join(s.members)}" for s in task.group_members)


def _task_values(task: Task) -> dict[str, str]:
    """The cells of a task's row, by column key."""
    return {
        "number": task.number,
        "section": task.section,
        "title": task.title,
        "content": task.content,
        "lead": _lines(task.lead),
        "responsible": _lines(task.responsible),
        "cooperating": _lines(task.cooperating),
        "informed": _lines(task.informed),
        "leaders": _lines(task.leaders),
        "deadline": task.deadline,
        "group_members": _members(task),
    }


def _issue_column(issue: Issue, task: Task) -> Column:
    """The task column an issue is shown in; a name's issue in the column holding the name."""
    if issue.code in _LAYOUT.NAME_CODES:
        for key in _LAYOUT.UNITS:
            if any(f"“{name}”" in issue.message for name in _task_values(task)[key].split("\n")):
                return _LAYOUT.column(key)
    return _LAYOUT.issue_column(issue.code)


@frozen
class _Mark:
    """Where an issue about a task is shown: the task's index and the column."""

    issue: Issue
    index: int
    column: Column


def _marks(notice: Notice, issues: Sequence[Issue]) -> list[_Mark]:
    """Each issue about a task of the notice, with the cell it is shown in."""
    rows = {task.number: index for index, task in enumerate(notice.tasks)}
    marks = []
    for issue in issues:
        index = rows.get(issue.task or "")
        if index is not None:
            marks.append(_Mark(issue, index, _issue_column(issue, notice.tasks[index])))
    return marks


class _Styles(Styles):
    def __init__(self, book: Workbook) -> None:
        super().__init__(book)
        self.book = book
        self.banner = self.plain_format(
            book, font_size=_LAYOUT.TITLE_SIZE, bold=True, align="center", text_wrap=True
        )
        self.hint = self.plain_format(book, text_wrap=True, valign="top")
        self.date = self.cell_format(book, num_format=_LAYOUT.DATE_FORMAT, align="left")
        self.link = self.cell_format(book, align="center", font_color="blue", underline=1)
        self._cells: dict[tuple[bool, str | None], Format] = {}

    def cell(self, column: Column, fill: str | None) -> Format:
        """The format of a task cell: wrapped text, centred for short codes, filled if marked."""
        key = (column.centred, fill)
        if key not in self._cells:
            options: dict[str, object] = {"text_wrap": True, "valign": "top"}
            if column.centred:
                options["align"] = "center"
            if fill:
                options["bg_color"] = f"#{fill}"
            self._cells[key] = self.cell_format(self.book, **options)
        return self._cells[key]


def _write_tasks(
    book: Workbook, styles: _Styles, notice: Notice, marks: Sequence[_Mark], note: str
) -> None:
    """The task sheet: a row per task, marked cells filled and commented."""
    sheet = book.add_worksheet(_LAYOUT.TASKS_SHEET)
    columns = _LAYOUT.COLUMNS
    values = [_task_values(task) for task in notice.tasks]
    hidden = {key for key in _OPTIONAL if not any(row[key] for row in values)}
    for column in columns:
        options = {"hidden": column.key in hidden}
        sheet.set_column(column.index, column.index, column.width, None, options)
    last = columns[-1].index
    title = f"{notice.title}：{_LAYOUT.TITLE_SUFFIX}" if notice.title else _LAYOUT.TITLE_SUFFIX
    shown = [column.width for column in columns if column.key not in hidden]
    sheet.merge_range(_LAYOUT.TITLE.row - 1, 0, _LAYOUT.TITLE.row - 1, last, title, styles.banner)
    sheet.set_row(
        _LAYOUT.TITLE.row - 1, PRINT.row_height([(title, sum(shown))], _LAYOUT.TITLE_SIZE)
    )
    sheet.merge_range(_LAYOUT.NOTE.row - 1, 0, _LAYOUT.NOTE.row - 1, last, note, styles.hint)
    sheet.set_row(_LAYOUT.NOTE.row - 1, PRINT.row_height([(note, sum(shown))]))
    header = _LAYOUT.HEADER_ROW - 1
    for column in columns:
        sheet.write_string(header, column.index, column.label, styles.header)
    sheet.set_row(
        header, PRINT.row_height((c.label, c.width) for c in columns if c.key not in hidden)
    )
    cells: dict[tuple[int, int], list[Issue]] = {}
    for mark in marks:
        cells.setdefault((mark.index, mark.column.index), []).append(mark.issue)
        cells.setdefault((mark.index, 0), [])  # the number cell shows the row has issues
    for index, row_values in enumerate(values):
        row = _LAYOUT.FIRST_ROW - 1 + index
        row_error = any(mark.issue.is_error for mark in marks if mark.index == index)
        texts: list[tuple[str, float]] = []
        for column in columns:
            text = row_values[column.key]
            marked = cells.get((index, column.index))
            fill = None
            if marked is not None:
                fill = ANNOTATION.fill(any(i.is_error for i in marked) if marked else row_error)
            _write_cell(sheet, row, column.index, text, styles.cell(column, fill))
            if column.key not in hidden:
                texts.append((text, column.width))
        sheet.set_row(row, PRINT.row_height(texts))
    width, height = ANNOTATION.NOTE_SIZE
    for (index, column_index), marked in cells.items():
        if marked:
            sheet.write_comment(
                _LAYOUT.FIRST_ROW - 1 + index,
                column_index,
                "\n".join(_note(issue) for issue in marked),
                {"author": ANNOTATION.NOTE_AUTHOR, "width": width, "height": height},
            )
    sheet.freeze_panes(_LAYOUT.FIRST_ROW - 1, 0)
    sheet.autofilter(header, 0, header + max(len(values), 1), last)
    page_setup(sheet, widths=shown, repeat_rows=(header, header))
    sheet.activate()


def _cell_of(mark: _Mark) -> str:
    """The address of a marked cell on the task sheet."""
    return f"{mark.column.letter}{_LAYOUT.FIRST_ROW + mark.index}"


def _note(issue: Issue) -> str:
    return ANNOTATION.NOTE.format(
        severity=issue.severity.label, message=issue.message, code=issue.code
    )


def _write_cell(sheet: Worksheet, row: int, column: int, text: str, style: Format) -> None:
    """Text as text (never a formula), blank when empty."""
    if text:
        sheet.write_string(row, column, text, style)
    else:
        sheet.write_blank(row, column, None, style)


def _write_issues(
    book: Workbook, styles: _Styles, issues: Sequence[Issue], marks: Sequence[_Mark]
) -> None:
    """The issues sheet: every issue, errors first, linked to the cell that shows it."""
    columns = _LAYOUT.ISSUES
    placed = {id(mark.issue): _cell_of(mark) for mark in marks}
    ordered = sorted(issues, key=lambda issue: not issue.is_error)
    rows: list[tuple[str | None, ...]] = [
        (
            issue.severity.label,
            task_label(issue.task) if issue.task else None,
            placed.get(id(issue)),
            issue.message,
            evolve(issue, task=None).location(with_path=False) or None,
            code_label(issue.code),
        )
        for issue in ordered
    ] or [(None, None, None, _LAYOUT.NO_ISSUES, None, None)]
    sheet = write_table(
        book,
        styles=styles,
        title=_LAYOUT.ISSUES_SHEET,
        header=[column.label for column in columns],
        rows=rows,
        widths=[column.width for column in columns],
    )
    where = next(column.index for column in columns if column.key == "cell")
    for offset, issue in enumerate(ordered, start=1):
        cell = placed.get(id(issue))
        if cell:
            link = f"internal:'{_LAYOUT.TASKS_SHEET}'!{cell}"
            sheet.write_url(offset, where, link, styles.link, cell)


def _fact_values(notice: Notice) -> dict[str, str | dt.date | None]:
    contact = notice.contact
    return {
        "issuer": notice.issuer,
        "doc_number": notice.doc_number,
        "title": notice.title,
        "issued_on": notice.issued_on,
        "report_due": notice.report_due,
        "recipients": _lines(notice.recipients),
        "contact.office": contact.office,
        "contact.person": contact.person,
        "contact.phone": contact.phone,
        "contact.email": contact.email,
        "attachment": notice.attachment,
        "preamble": notice.preamble,
        "closing": notice.closing,
    }


def _fact_text(value: str | dt.date | None) -> str:
    """A fact as text; dates are written as dates afterwards."""
    return value if isinstance(value, str) else ""


def _write_facts(book: Workbook, styles: _Styles, notice: Notice) -> None:
    facts = _fact_values(notice)
    rows = [(label, _fact_text(facts[key])) for key, label in _LAYOUT.FACTS]
    sheet = write_table(
        book,
        styles=styles,
        title=_LAYOUT.FACTS_SHEET,
        header=_LAYOUT.FACTS_HEADER,
        rows=rows,
        widths=_LAYOUT.FACTS_WIDTHS,
    )
    for offset, (key, _label) in enumerate(_LAYOUT.FACTS, start=1):
        value = facts[key]
        if isinstance(value, dt.date):
            sheet.write_datetime(offset, 1, dt.datetime.combine(value, dt.time()), styles.date)


def _write_list(
    book: Workbook,
    styles: _Styles,
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str | dt.date | None]],
) -> None:
    """A plain table sheet, dates as date cells; hidden (not printed) while it is empty."""
    sheet = write_table(
        book,
        styles=styles,
        title=title,
        header=[column.label for column in columns],
        rows=[[value if isinstance(value, str) else None for value in row] for row in rows],
        widths=[column.width for column in columns],
    )
    for offset, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(
                    offset, column, dt.datetime.combine(value, dt.time()), styles.date
                )
    if not rows:
        sheet.hide()


def notice_workbook(
    notice: Notice, issues: Sequence[Issue] = (), *, source: str = "", name: str = ""
) -> bytes:
    """The 分工表 workbook of a notice as .xlsx bytes (the same notice gives the same bytes).

    Args:
        notice: what was understood of the notice.
        issues: what was met reading it; issues naming a task mark its cells.
        source: the notice's file, named in the note above the table.
        name: the workbook's own file name, for the commands the note suggests.
    """
    output = WorkbookBuffer(f"{notice.title}{_LAYOUT.TITLE_SUFFIX}")
    book = output.book
    styles = _Styles(book)
    note = _LAYOUT.NOTE_TEXT.format(
        source=Path(source).name or "通知", name=Path(name).name or "分工表.xlsx"
    )
    marks = _marks(notice, issues)
    _write_tasks(book, styles, notice, marks, note)
    _write_issues(book, styles, issues, marks)
    _write_facts(book, styles, notice)
    rounds = [[item.name, item.due] for item in notice.rounds]
    _write_list(book, styles, _LAYOUT.ROUNDS_SHEET, _LAYOUT.ROUNDS, rounds)
    requirements = [[r.number, r.heading, r.text] for r in notice.requirements]
    _write_list(book, styles, _LAYOUT.REQUIREMENTS_SHEET, _LAYOUT.REQUIREMENTS, requirements)
    references = [[r.title, r.doc_number, r.issuer] for r in notice.references]
    _write_list(book, styles, _LAYOUT.REFERENCES_SHEET, _LAYOUT.REFERENCES, references)
    return output.finish()


def write_notice_workbook(
    notice: Notice, path: str | Path, *, issues: Sequence[Issue] = (), source: str = ""
) -> Path:
    """Write the 分工表 workbook to ``path`` atomically (see :func:`notice_workbook`)."""
    data = notice_workbook(notice, issues, source=source, name=Path(path).name)
    return write_atomic(path, data)


# -- reading it back -----------------------------------------------------------

_GROUP_SEPARATOR = re.compile("[：:]")  # as the layout writes it, or typed half-width
_DATE = re.compile(r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?")


def _text(value: Value) -> str:
    """A cell's value as text, kept as typed (whole numbers without ``.0``, dates as ISO)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    return str(value)


def _key(value: Value) -> str:
    return normalize(_text(value))


def _find_header(rows: Sequence[Sequence[Value]], labels: Sequence[str]) -> int | None:
    """The index of the first row (among the first rows) that holds every label."""
    wanted = {normalize(label) for label in labels}
    for index, row in enumerate(rows[: _LAYOUT.HEADER_SCAN]):
        if wanted <= {_key(value) for value in row}:
            return index
    return None


def _header_columns(row: Sequence[Value], columns: Sequence[Column]) -> dict[str, int]:
    """Each column's position in a header row, found by its label (first one wins)."""
    labels = {normalize(column.label): column.key for column in columns}
    found: dict[str, int] = {}
    for index, value in enumerate(row):
        key = labels.get(_key(value))
        if key is not None and key not in found:
            found[key] = index
    return found


@frozen
class _Found:
    """The task sheet of a 分工表 workbook: where its header is and which column is which."""

    sheet: Sheet
    header: int
    columns: dict[str, int]


def _task_sheet(sheets: Sequence[Sheet]) -> _Found | None:
    """The sheet holding the task table (the one titled 分工表 first)."""
    required = [_LAYOUT.column(key).label for key in _LAYOUT.REQUIRED]
    ordered = sorted(sheets, key=lambda sheet: sheet.title != _LAYOUT.TASKS_SHEET)
    for sheet in ordered:
        header = _find_header(sheet.rows, required)
        if header is not None:
            return _Found(sheet, header, _header_columns(sheet.rows[header], _LAYOUT.COLUMNS))
    return None


class _Reader:
    """Reads one 分工表 workbook, collecting issues."""

    def __init__(self, source: str, found: _Found) -> None:
        self.source = source
        self.found = found
        self.issues: list[Issue] = []

    def cell(self, row: int, key: str) -> str:
        """The A1 address of a task column in a 0-based row of the task sheet."""
        return f"{column_letter(self.found.columns.get(key, 0))}{row + 1}"

    def issue(
        self,
        issue_type: IssueType,
        *,
        sheet: str | None = None,
        cell: str | None = None,
        task: str | None = None,
        **params: object,
    ) -> None:
        self.issues.append(
            issue_type.make(params, path=self.source or None, sheet=sheet, cell=cell, task=task)
        )

    def unknown_columns(self) -> None:
        """Header cells the layout does not know: read as nothing, and said."""
        known = {normalize(column.label) for column in _LAYOUT.COLUMNS}
        sheet = self.found.sheet
        for index, value in enumerate(sheet.rows[self.found.header]):
            text = _text(value).strip()
            if text and normalize(text) not in known:
                self.issue(
                    notice_issues.COLUMN_IGNORED,
                    sheet=sheet.title,
                    cell=f"{column_letter(index)}{self.found.header + 1}",
                    column=text,
                )

    def tasks(self) -> tuple[list[Task], dict[str, int]]:
        """The tasks of the sheet and the row of each (by task number)."""
        sheet = self.found.sheet
        tasks: list[Task] = []
        rows: dict[str, int] = {}
        for row in range(self.found.header + 1, len(sheet.rows)):
            values = {
                key: _text(sheet.rows[row][index]) if index < len(sheet.rows[row]) else ""
                for key, index in self.found.columns.items()
            }
            if not any(value.strip() for value in values.values()):
                continue
            number = self.number(values.get("number", "").strip(), rows, row, len(tasks) + 1)
            task = Task(
                seq=len(tasks) + 1,
                number=number,
                section=values.get("section", ""),
                title=values.get("title", ""),
                content=values.get("content", ""),
                lead=self.names(values, "lead", row, number),
                responsible=self.names(values, "responsible", row, number),
                cooperating=self.names(values, "cooperating", row, number),
                informed=self.names(values, "informed", row, number),
                leaders=self.names(values, "leaders", row, number),
                deadline=values.get("deadline", ""),
                group_members=self.members(values.get("group_members", ""), row, number),
            )
            tasks.append(task)
            rows[number] = row
        return tasks, rows

    def number(self, number: str, taken: Mapping[str, int], row: int, seq: int) -> str:
        """The task's number; a missing or repeated one is reported and kept apart."""
        sheet = self.found.sheet.title
        if number and number not in taken:
            return number
        base = number or str(seq)
        kept = next(
            candidate
            for candidate in (base, *(f"{base}-{n}" for n in range(2, len(taken) + 3)))
            if candidate not in taken
        )
        missing = notice_issues.TASK_NO_NUMBER
        self.issue(
            notice_issues.TASK_NUMBER_DUPLICATE if number else missing,
            sheet=sheet,
            cell=self.cell(row, "number"),
            task=kept,
            number=number,
            kept=kept,
        )
        return kept

    def names(self, values: Mapping[str, str], key: str, row: int, number: str) -> tuple[str, ...]:
        """The names of a list cell: one a line, or separated by 、，； as printed."""
        text = values.get(key, "")
        names = _split(text)
        if names is None:
            column = _LAYOUT.column(key)
            self.issue(
                notice_issues.TASK_UNITS_UNPARSABLE,
                sheet=self.found.sheet.title,
                cell=self.cell(row, key),
                task=number,
                label=task_label(number),
                columns=column.label,
                reason="括号不成对或有多余的分隔符",
                text=text.replace("\n", "、"),
            )
            return ()
        return names

    def members(self, text: str, row: int, number: str) -> tuple[GroupMembers, ...]:
        """``单位组：成员、成员`` statements, one group a line."""
        statements = []
        for line in text.split("\n"):
            if not line.strip():
                continue
            group, *rest = _GROUP_SEPARATOR.split(line, maxsplit=1)
            members = _split(rest[0]) if rest else None
            if not group.strip() or members is None:
                self.issue(
                    notice_issues.TASK_UNITS_UNPARSABLE,
                    sheet=self.found.sheet.title,
                    cell=self.cell(row, "group_members"),
                    task=number,
                    label=task_label(number),
                    columns=_LAYOUT.column("group_members").label,
                    reason=f"应写成“单位组{_LAYOUT.GROUP_SEPARATOR}成员单位、成员单位”，一行一个单位组",
                    text=line,
                )
                continue
            statements.append(GroupMembers(group=group.strip(), members=members))
        return tuple(statements)


def _split(text: str) -> tuple[str, ...] | None:
    """Items of a list cell: one a line, each line split at 、，； or spaces outside brackets."""
    names = split_typed(text)
    return None if names is None else tuple(names)


def _facts(sheets: Sequence[Sheet], reader: _Reader) -> Notice:
    """The notice's facts, rounds, requirements and references (what their sheets hold)."""
    by_title = {sheet.title: sheet for sheet in sheets}
    values: dict[str, Value] = {}
    facts = by_title.get(_LAYOUT.FACTS_SHEET)
    labels = {normalize(label): key for key, label in _LAYOUT.FACTS}
    if facts is not None:
        for row in facts.rows:
            key = labels.get(_key(row[0])) if row else None
            if key is not None and key not in values:
                values[key] = row[1] if len(row) > 1 else None

    def text(key: str) -> str:
        return _text(values.get(key))

    def label(key: str) -> str:
        return dict(_LAYOUT.FACTS)[key]

    facts_title = _LAYOUT.FACTS_SHEET

    return Notice(
        issuer=text("issuer"),
        doc_number=text("doc_number"),
        title=text("title"),
        issued_on=_date(values.get("issued_on"), label("issued_on"), reader, facts_title),
        report_due=_date(values.get("report_due"), label("report_due"), reader, facts_title),
        rounds=_rounds(by_title.get(_LAYOUT.ROUNDS_SHEET), reader),
        recipients=tuple(line.strip() for line in text("recipients").split("\n") if line.strip()),
        contact=Contact(
            office=text("contact.office"),
            person=text("contact.person"),
            phone=text("contact.phone"),
            email=text("contact.email"),
        ),
        attachment=text("attachment"),
        preamble=text("preamble"),
        closing=text("closing"),
        requirements=tuple(
            Requirement(number=number, heading=heading, text=body)
            for number, heading, body in _table(
                by_title.get(_LAYOUT.REQUIREMENTS_SHEET), _LAYOUT.REQUIREMENTS
            )
        ),
        references=tuple(
            Reference(title=title, doc_number=number, issuer=issuer)
            for title, number, issuer in _table(
                by_title.get(_LAYOUT.REFERENCES_SHEET), _LAYOUT.REFERENCES
            )
        ),
    )


def _rows(sheet: Sheet | None, columns: Sequence[Column]) -> Iterator[tuple[int, list[Value]]]:
    """The rows under a plain table's header: (0-based index, values in the columns' order)."""
    if sheet is None:
        return
    header = _find_header(sheet.rows, [column.label for column in columns])
    if header is None:
        return
    found = _header_columns(sheet.rows[header], columns)
    for index in range(header + 1, len(sheet.rows)):
        row = sheet.rows[index]
        values = [
            row[found[column.key]] if column.key in found and found[column.key] < len(row) else None
            for column in columns
        ]
        if any(_text(value).strip() for value in values):
            yield index, values


def _table(sheet: Sheet | None, columns: Sequence[Column]) -> Iterator[list[str]]:
    """The rows of a plain table sheet under its header, as texts in the columns' order."""
    for _index, values in _rows(sheet, columns):
        yield [_text(value) for value in values]


def _rounds(sheet: Sheet | None, reader: _Reader) -> tuple[Round, ...]:
    """The reporting rounds: a name and a due date a row; a nameless or repeated one is said."""
    rounds: list[Round] = []
    for index, (name, due) in _rows(sheet, _LAYOUT.ROUNDS):
        where = f"{_LAYOUT.ROUNDS_SHEET}第{index + 1}行"
        text = _text(name)
        if not text.strip() or text.strip() in (item.name.strip() for item in rounds):
            reason = "没有名称" if not text.strip() else f"“{text.strip()}”出现了不止一次"
            reader.issue(
                notice_issues.BAD_NOTICE_FILE,
                sheet=_LAYOUT.ROUNDS_SHEET,
                cell=f"A{index + 1}",
                reason=f"{where}的报送期次{reason}，没有读入",
            )
            continue
        label = f"{text}的{_LAYOUT.ROUNDS[1].label}"
        rounds.append(Round(name=text, due=_date(due, label, reader, _LAYOUT.ROUNDS_SHEET)))
    return tuple(rounds)


def _date(value: Value, what: str, reader: _Reader, sheet: str) -> dt.date | None:
    """A date cell, or a date typed as text (2024-07-05, 2024年7月5日, 2024/7/5)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE.fullmatch(_text(value).strip())
    if match is not None:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    reader.issue(notice_issues.DATE_UNREADABLE, sheet=sheet, what=what, text=_text(value))
    return None


def read_notice_book(
    sheets: Sequence[Sheet], *, source: str = "", known: NameCheck | None = None
) -> ParseResult | None:
    """The notice of a 分工表 workbook, checked; None when the sheets are not one.

    A workbook is a 分工表 workbook when it has the facts sheet and a sheet
    whose header holds the task columns' labels. Each row under the header is
    a task (empty rows are skipped, merged cells count for every row they
    cover); a missing or repeated number, a cell that cannot be split into
    names and every error :func:`~gzgk.notice_checks.check_notice` finds are
    issues located at their cell.

    Args:
        sheets: the workbook's sheets (:func:`read_sheets`).
        source: the file, for messages.
        known: whether a name is in the registry (a name neither known nor
            shaped like a body's name is an error).
    """
    if not any(sheet.title == _LAYOUT.FACTS_SHEET for sheet in sheets):
        return None
    found = _task_sheet(sheets)
    if found is None:
        return None
    reader = _Reader(source, found)
    reader.unknown_columns()
    tasks, rows = reader.tasks()
    notice = evolve(_facts(sheets, reader), tasks=tuple(tasks))

    def locate(task: Task, key: str) -> tuple[str, str] | None:
        row = rows.get(task.number)
        return None if row is None else (found.sheet.title, reader.cell(row, key))

    unsplit = {i.task for i in reader.issues if i.code == notice_issues.TASK_UNITS_UNPARSABLE.code}
    checked = [  # a task whose cell could not be split is not also reported as without units
        issue
        for issue in check_notice(notice, known=known, source=source, locate=locate)
        if not (issue.code == notice_issues.TASK_UNITS_UNPARSABLE.code and issue.task in unsplit)
    ]
    issues = (*reader.issues, *checked)
    if not tasks:
        issues = (
            *issues,
            notice_issues.NO_TASKS.make({}, path=source or None, sheet=found.sheet.title),
        )
    return ParseResult(source=source, notice=notice, issues=issues)
