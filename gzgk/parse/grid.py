"""任务分工表 as a grid of cells (a spreadsheet sheet already read into strings).

The header may sit on any row and span two rows; columns may come in any
order; merged cells arrive filled with their value (the reader does that). A
row whose cells all carry the same text is a category row and is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from attrs import define, field

from gzgk.model import Notice, Role, Task
from gzgk.numbering import format_numeral, parse_numeral
from gzgk.parse import issues as found
from gzgk.parse.columns import Column, ColumnKind
from gzgk.parse.lines import despace, match_marker
from gzgk.parse.names import NameCheck, clean_name, split_names
from gzgk.parse.result import ParseResult
from gzgk.parse.vocabulary import classify_heading
from gzgk.report import Issue, IssueType

__all__ = ["cell_address", "cell_index", "parse_grid", "split_title"]

Grid = Sequence[Sequence[str | None]]
_HEADER_SCAN = 20
_TITLE_MAX = 30
_SEPARATOR_CHARS = "、，,；;"
_ADDRESS = re.compile(r"([A-Z]{1,3})([1-9][0-9]*)")


def cell_address(row: int, column: int) -> str:
    """The A1 address of a 0-based (row, column): ``(6, 4)`` → ``E7``."""
    letters = ""
    index = column + 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return f"{letters}{row + 1}"


def cell_index(address: str) -> tuple[int, int]:
    """The 0-based (row, column) of an A1 address: ``E7`` → ``(6, 4)``.

    Raises:
        ValueError: not an A1 address.
    """
    match = _ADDRESS.fullmatch(address.replace("$", "").upper())
    if match is None:
        raise ValueError(f"cell address must look like A1 (got {address!r})")
    column = 0
    for letter in match[1]:
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(match[2]) - 1, column - 1


def split_title(text: str) -> tuple[str, str]:
    """A short first sentence as the title, the rest as content (or no title)."""
    head, dot, rest = text.partition("。")
    if dot and rest.strip() and len(head) <= _TITLE_MAX and "，" not in head:
        return head, rest.strip()
    return "", text


def parse_grid(
    rows: Grid, *, source: str = "", sheet: str = "", known: NameCheck | None = None
) -> ParseResult:
    """Parse the task table of a spreadsheet sheet.

    Args:
        rows: cell texts by row, None for empty cells; merged cells filled.
        source: the file name, for messages.
        sheet: the sheet title, for messages.
        known: tells whether a unit name is known; unused for splitting here
            (cells are separate) but kept for symmetry with :func:`parse_text`.

    Returns:
        The notice (tasks only) and every issue met.
    """
    del known
    return _GridParser(rows, source, sheet).run()


def _text(value: str | None) -> str:
    return despace(value or "")


@define
class _GridParser:
    rows: Grid
    source: str
    sheet: str
    issues: list[Issue] = field(factory=list)

    def _issue(
        self,
        issue_type: IssueType,
        row: int | None = None,
        at_column: int = 0,
        *,
        task: str | None = None,
        **params: object,
    ) -> None:
        self.issues.append(
            issue_type.make(
                params,
                path=self.source or None,
                sheet=self.sheet or None,
                cell=cell_address(row, at_column) if row is not None else None,
                task=task,
            )
        )

    def run(self) -> ParseResult:
        header = self._header()
        if header is None:
            self._issue(found.NO_TASK_TABLE)
            return self._result(())
        start, columns = header
        heading_text = "、".join(column.label for column in columns.values())
        kinds = {column.kind for column in columns.values()}
        if ColumnKind.UNITS not in kinds:
            self._issue(found.COLUMN_MISSING, column="牵头单位", header=heading_text)
        if not kinds & {ColumnKind.CONTENT, ColumnKind.TITLE}:
            self._issue(found.COLUMN_MISSING, column="任务内容", header=heading_text)
        if any(issue.is_error for issue in self.issues):
            return self._result(())
        return self._result(self._tasks(start, columns))

    def _result(self, tasks: Sequence[Task]) -> ParseResult:
        return ParseResult(
            source=self.source, notice=Notice(tasks=tuple(tasks)), issues=tuple(self.issues)
        )

    def _header(self) -> tuple[int, dict[int, Column]] | None:
        for index, row in enumerate(self.rows[:_HEADER_SCAN]):
            columns = _row_columns(row)
            if len(columns) < 2 or not any(  # noqa: PLR2004 - a table has 2+ columns
                c.kind in (ColumnKind.UNITS, ColumnKind.TITLE, ColumnKind.CONTENT)
                for c in columns.values()
            ):
                continue
            start = index + 1
            if start < len(self.rows):
                below = _row_columns(self.rows[start])
                if below and not any(
                    _text(c) for i, c in enumerate(self.rows[start]) if i not in below
                ):
                    columns.update(below)
                    start += 1
            return start, _assign_text_columns(columns)
        return None

    def _tasks(self, start: int, columns: dict[int, Column]) -> list[Task]:
        tasks: list[Task] = []
        previous: int | None = None
        seen: set[str] = set()
        for index in range(start, len(self.rows)):
            row = self.rows[index]
            texts = {i: _text(row[i]) if i < len(row) else "" for i in columns}
            if _is_category(texts, columns):
                continue
            if len(_row_columns(row)) >= 2:  # noqa: PLR2004 - a repeated header row
                continue
            task = self._task(index, columns, texts, len(tasks) + 1)
            value = int(task.number) if task.number.isdigit() else parse_numeral(task.number)
            if value is not None and previous is not None and value > previous + 1:
                expected = previous + 1
                shown = str(expected) if task.number.isdigit() else format_numeral(expected)
                self._issue(
                    found.TASK_NUMBER_GAP,
                    index,
                    previous=_shown(previous, task.number),
                    found=task.number,
                    expected=shown,
                    task=task.number,
                )
            if task.number in seen:
                self._issue(
                    found.TASK_NUMBER_DUPLICATE, index, number=task.number, task=task.number
                )
                continue
            seen.add(task.number)
            previous = value
            tasks.append(task)
        if not tasks:
            self._issue(found.NO_TASKS)
        return tasks

    def _task(
        self, index: int, columns: dict[int, Column], texts: dict[int, str], seq: int
    ) -> Task:
        number, title, content, deadline = _task_texts(columns, texts)
        number = number or str(seq)
        label = f"（{number}）" if not number.isdigit() else number
        units: dict[Role, tuple[str, ...]] = {}
        leaders: tuple[str, ...] = ()
        broken = False
        row = self.rows[index]
        for column_index, column in columns.items():
            if column.kind not in (ColumnKind.UNITS, ColumnKind.LEADERS):
                continue
            raw = (row[column_index] if column_index < len(row) else None) or ""
            names = _cell_names(raw)
            if names is None:
                self._issue(
                    found.TASK_UNITS_UNPARSABLE,
                    index,
                    column_index,
                    label=label,
                    columns=column.label,
                    reason="括号不成对或有多余的分隔符",
                    text=_text(raw),
                    task=number,
                )
                broken = True
            elif column.kind is ColumnKind.LEADERS:
                leaders += names
            elif column.role is not None:
                units[column.role] = units.get(column.role, ()) + names
        if not content:
            self._issue(found.TASK_NO_CONTENT, index, label=label, task=number)
        if not units.get(Role.LEAD) and not broken:
            self._issue(found.TASK_NO_LEAD, index, label=label, task=number)
        return Task(
            seq=seq,
            number=number,
            title=title,
            content=content,
            lead=units.get(Role.LEAD, ()),
            responsible=units.get(Role.RESPONSIBLE, ()),
            cooperating=units.get(Role.COOPERATING, ()),
            informed=units.get(Role.INFORMED, ()),
            leaders=leaders,
            deadline=deadline,
        )


def _task_texts(columns: dict[int, Column], texts: dict[int, str]) -> tuple[str, str, str, str]:
    """Number, title, content and deadline of a row (number may be empty)."""
    values: dict[ColumnKind, str] = {}
    for column_index, column in columns.items():
        values.setdefault(column.kind, texts[column_index])
    number = _number(values.get(ColumnKind.NUMBER, ""))
    title = values.get(ColumnKind.TITLE, "")
    content = values.get(ColumnKind.CONTENT, "")
    if not number:
        marker = match_marker(title) or match_marker(content)
        number = marker.number if marker is not None else ""
    title, content = _strip_marker(title), _strip_marker(content)
    if title and not content:
        title, content = split_title(title)
    return number, title, content, values.get(ColumnKind.DEADLINE, "")


def _row_columns(row: Sequence[str | None]) -> dict[int, Column]:
    columns: dict[int, Column] = {}
    for index, value in enumerate(row):
        column = classify_heading(value or "")
        if column is not None:
            columns[index] = column
    return columns


def _assign_text_columns(columns: dict[int, Column]) -> dict[int, Column]:
    """Two columns under one merged 主要任务 heading are title, then content.

    A unit heading merged over two columns keeps only its first column.
    """
    result: dict[int, Column] = {}
    has_content = any(c.kind is ColumnKind.CONTENT for c in columns.values())
    seen: set[tuple[ColumnKind, Role | None]] = set()
    for index, column in sorted(columns.items()):
        key = (column.kind, column.role)
        if key == (ColumnKind.TITLE, None) and key in seen and not has_content:
            result[index] = Column(column.label, ColumnKind.CONTENT)
            has_content = True
        elif key not in seen:
            result[index] = column
        seen.add(key)
    return result


def _is_category(texts: dict[int, str], columns: dict[int, Column]) -> bool:
    """Empty rows, rows merged across the table, and 一、 headings without units."""
    values = [text for text in texts.values() if text]
    if not values:
        return True
    if len(values) > 1 and len(set(values)) == 1:
        return True
    substantive = any(
        texts[i] for i, c in columns.items() if c.kind in (ColumnKind.CONTENT, ColumnKind.UNITS)
    )
    return not substantive and any(match_marker(v, ("dun",)) is not None for v in values)


def _number(text: str) -> str:
    marker = match_marker(text)
    if marker is not None and not marker.rest:
        return marker.number
    key = text.strip("（()）.、． ")
    if key.isdigit():
        return str(int(key))
    value = parse_numeral(key)
    return format_numeral(value) if value else ""


def _strip_marker(text: str) -> str:
    marker = match_marker(text, ("paren", "dun", "arabic", "aparen"))
    return marker.rest if marker is not None and marker.rest else text


def _cell_names(text: str) -> tuple[str, ...] | None:
    """Names in a cell: line breaks typed in the cell separate names too."""
    pieces = [piece.strip().strip(_SEPARATOR_CHARS) for piece in text.splitlines()]
    joined = "、".join(piece for piece in pieces if piece)
    if not joined:
        return ()
    names = split_names(joined)
    return None if names is None else tuple(clean_name(name) for name in names)


def _shown(value: int, like: str) -> str:
    return str(value) if like.isdigit() else format_numeral(value)
