"""任务分工表 as a grid of cells: a spreadsheet sheet, or a web table rebuilt from text.

The header may sit on any row and span two rows; columns may come in any
order; merged cells arrive filled with their value (the reader does that).
Every column is read or reported: two columns of one role are both read, a
heading the vocabulary does not know is guessed (and said) or ignored (and
said). A row whose cells all carry the same text, or a 一、 heading, is a
category row: it becomes the section of the tasks below it. Rows from a
``注：`` row on are notes under the table, kept as the notice's text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from attrs import define, evolve, field

from gzgk.contract import column_letter
from gzgk.lexicon.columns import Column, ColumnKind, settle_columns
from gzgk.lexicon.names import NameCheck, name_strength
from gzgk.lexicon.vocabulary import classify_heading, classify_label, role_words
from gzgk.model import Notice, Role
from gzgk.numbering import format_numeral, parse_numeral
from gzgk.parse import notice_issues
from gzgk.parse.assign import Reading, read_assignments, read_heading, rules_apart
from gzgk.parse.draft import Cell, Draft, Heading, Reporter, SectionUnits, make_tasks
from gzgk.parse.finish import Unfinished, finish, join
from gzgk.parse.grammar import cell_units, split_people, split_unit_people
from gzgk.parse.lines import LEVELS, Marker, despace, is_note, match_marker
from gzgk.parse.result import ParseResult
from gzgk.parse.rules import is_rule

__all__ = [
    "CAPTION",
    "GridTasks",
    "cell_address",
    "cell_index",
    "has_header",
    "parse_grid",
    "parse_sheets",
    "read_grid",
    "read_sheet",
    "read_tables",
    "split_title",
]

Grid = Sequence[Sequence[str | None]]
_HEADER_SCAN = 20
_TITLE_MAX = 30
_ADDRESS = re.compile(r"([A-Z]{1,3})([1-9][0-9]*)")
_MAX_NUMERAL = 99  # format_numeral's range; a 100th section is numbered in digits
# A table's caption: 附件2, 附表1, 表3 (what its tasks' numbers are qualified by).
CAPTION = re.compile(r"(?:附件|附表|表)\s*[\d一二三四五六七八九十]*")
_Header = tuple[int, int, dict[int, Column]]  # the header's row, the first row under it, columns


def cell_address(row: int, column: int) -> str:
    """The A1 address of a 0-based (row, column): ``(6, 4)`` → ``E7``."""
    return f"{column_letter(column)}{row + 1}"


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


def has_header(rows: Grid) -> bool:
    """Whether a table has a header of its own within its first rows (see ``_heading_at``).

    A table without one, after a 分工表 of as many columns, is the rest of it
    (Word breaks a table in two at a page break or an empty paragraph).
    """
    return any(_header_like(row) for row in rows[:_HEADER_SCAN])


def _header_like(row: Sequence[str | None]) -> bool:
    """A row of two or more headings, one of units or of the task's text."""
    columns = _row_columns(row)
    return len(columns) >= 2 and any(  # noqa: PLR2004 - a table has 2+ columns
        c.kind in (ColumnKind.UNITS, ColumnKind.TITLE, ColumnKind.CONTENT) for c in columns.values()
    )


def split_title(text: str) -> tuple[str, str]:
    """A short first sentence as the title, the rest as content (or no title)."""
    head, dot, rest = text.partition("。")
    if dot and rest.strip() and len(head) <= _TITLE_MAX and "，" not in head:
        return head, rest.strip()
    return "", text


def parse_grid(
    rows: Grid,
    *,
    source: str = "",
    sheet: str = "",
    roles: Mapping[str, Role] | None = None,
    known: NameCheck | None = None,
) -> ParseResult:
    """Parse the task table of a spreadsheet sheet.

    Args:
        rows: cell texts by row, None for empty cells; merged cells filled.
        source: the file name, for messages.
        sheet: the sheet title, for messages.
        roles: headings to read with another role (``{"主要责任单位": Role.LEAD}``).
        known: tells whether a unit name is in the registry; a name that is
            not must at least end like a body's name.

    Returns:
        The notice (tasks, and any notes under the table) and every issue met.
    """
    with role_words(roles):
        return finish(read_sheet(rows, source=source, sheet=sheet), known)


def parse_sheets(
    sheets: Sequence[tuple[str, Grid]],
    *,
    source: str = "",
    roles: Mapping[str, Role] | None = None,
    known: NameCheck | None = None,
) -> ParseResult:
    """Parse the task tables of a workbook's sheets (title, rows): every sheet that has tasks.

    A sheet whose numbers repeat an earlier sheet's has its numbers qualified
    by its title (重点项目-1). Without any task, the first sheet's issues say why.
    """
    with role_words(roles):
        parts = read_tables(sheets, source=source, sheets=True)
        found = [part for part in parts if part.notice.tasks]
        if not found:
            return finish(parts[0] if parts else read_sheet([], source=source), known)
        return finish(found[0] if len(found) == 1 else join(found, source), known)


def read_tables(
    tables: Sequence[tuple[str, Grid]], *, source: str = "", sheets: bool = False
) -> list[Unfinished]:
    """The tables of one notice (name, rows), each read; numbers apart between tables.

    A 分工表 broken over several tables (a page break, a table per section)
    that goes on with its numbers keeps them; a table that numbers its tasks
    afresh, or a second table of another kind, has its tasks told apart by
    its name (表2-1). ``sheets``: the names are sheet titles, for the issues.
    """
    read: list[Unfinished] = []
    taken: set[str] = set()
    for name, rows in tables:
        sheet = name if sheets else ""
        part = read_sheet(rows, source=source, sheet=sheet)
        numbers = {task.number for task in part.notice.tasks}
        if numbers & taken:
            part = read_sheet(rows, source=source, sheet=sheet, prefix=f"{name}-")
            numbers = {task.number for task in part.notice.tasks}
        taken |= numbers
        read.append(part)
    return read


def read_sheet(rows: Grid, *, source: str = "", sheet: str = "", prefix: str = "") -> Unfinished:
    """A sheet's task tables read, before their rules and checks (see :func:`parse_grid`).

    ``prefix`` goes before every task number (表2-), to keep them apart from
    the tasks of another table of the same notice.
    """
    reporter = Reporter(source, sheet)
    table = read_grid(rows, reporter, prefix=prefix)
    tasks = make_tasks(table.drafts, reporter)
    closing = ""
    if table.notes:
        closing = "\n".join(text for _, text in table.notes)
        if not is_rule(closing):
            reporter.issue(notice_issues.TABLE_NOTE_KEPT, table.notes[0][0], text=closing)
    return Unfinished(Notice(tasks=tasks, closing=closing), table.drafts, reporter, table.rules)


@define
class GridTasks:
    """The task drafts of a grid and the notes under its table."""

    drafts: list[Draft] = field(factory=list)
    notes: list[tuple[Cell, str]] = field(factory=list)
    rules: tuple[str, ...] = ()  # rules printed in the heading (责任单位（排在第一位的为牵头单位）)


def read_grid(
    rows: Grid,
    reporter: Reporter,
    lines: Sequence[Sequence[int | None]] | None = None,
    heading: Sequence[Column] | None = None,
    prefix: str = "",
) -> GridTasks:
    """The task drafts of a grid.

    Args:
        rows: the grid, cell texts by row.
        reporter: where issues go.
        lines: each cell's source line, if the grid was printed as text.
        heading: the columns, when the first row's heading was read already
            (a table rebuilt from text); else the heading is found.
        prefix: what goes before the task numbers (``附表1-``), so that they
            stay unique among other tasks of the notice.
    """
    return _GridReader(rows, reporter, lines, heading, prefix).read()


def _rules_to_text(raw: str, column: Column, draft: Draft) -> str:
    """A unit cell without the notice rules it states; they go to the task's text.

    ``市发改委，以下任务均由各区政府负责，不再列出`` in a 责任单位 cell is read as
    in running text: the rule is applied from this task on, with the other rules
    of the tasks' text (:func:`gzgk.parse.rules.apply_rules`).
    """
    if column.kind is not ColumnKind.UNITS:
        return raw
    kept, rules = rules_apart(raw)
    if rules:
        draft.content = f"{draft.content.rstrip('。')}{rules}".lstrip("。")
    return kept


def _text(value: str | None) -> str:
    return despace(value or "")


@define
class _GridReader:
    rows: Grid
    reporter: Reporter
    lines: Sequence[Sequence[int | None]] | None
    heading: Sequence[Column] | None = None
    prefix: str = ""
    sections: list[tuple[int, str, Heading | None]] = field(factory=list)
    headings: dict[int, bool] = field(factory=dict)  # rows known to be header-like, or not
    grouped: dict[int, tuple[str, Heading | None]] = field(factory=dict)  # 类别 cells by column
    handed: SectionUnits = field(init=False)
    # columns read by a guess, said once their tasks are known: place, column, tasks
    guessed: dict[int, tuple[Cell, Column, list[str]]] = field(factory=dict)
    guessed_at: int = 0  # where among the issues they go: with the header's
    inline: bool = False  # no unit column: each task's text states its units (（X牵头）)

    def __attrs_post_init__(self) -> None:
        self.handed = SectionUnits(self.reporter)

    def raw(self, row: int, column: int) -> str:
        """A cell's text as printed (spaces and line breaks kept)."""
        cells = self.rows[row]
        return str(cells[column] or "") if column < len(cells) else ""

    def place(self, row: int, column: int = 0) -> Cell:
        line = None
        if self.lines is not None and row < len(self.lines):
            known = [n for n in self.lines[row] if n is not None]
            cells = self.lines[row]
            line = cells[column] if column < len(cells) and cells[column] else None
            line = line or (known[0] if known else None)
        return Cell(cell_address(row, column), line)

    def read(self) -> GridTasks:
        """Every table of the grid: one, or several with headers of their own, one after another.

        A header row unlike the one above (not a repeated header) starts a new
        table, any caption or title rows just above it included (附件2,
        2024年重点项目表). When a later table's numbers are taken by an earlier
        one, its numbers are qualified by its caption (附件2-1, or 表2-1).
        """
        header = self._header()
        if header is None:
            self.reporter.issue(notice_issues.NO_TASK_TABLE)
            return GridTasks()
        result = GridTasks()
        base, taken, position, complete = self.prefix, set[str](), 0, False
        while header is not None:
            first, start, columns = header
            following = self._next_table(start, columns)
            stop = following[0] if following is not None else len(self.rows)
            if self._complete(columns, start, stop):
                complete = True
                self.prefix = base
                if position and taken & self._numbers(start, stop, columns):
                    self.prefix = f"{base}{self._caption(first, position)}-"
                self.sections, self.grouped = [], {}
                part = self._tasks(start, stop, columns)
                result.drafts += part.drafts
                result.notes += part.notes
                result.rules += part.rules
                taken |= {draft.number for draft in part.drafts}
            position += 1
            header = None
            if following is not None:
                self._titles(stop, following[1][0])
                header = following[1]
                self._report_columns(header[0], header[2])
        if complete and not result.drafts:
            self.reporter.issue(notice_issues.NO_TASKS)
        self._report_guessed()
        self.handed.report()
        return result

    def _complete(self, columns: dict[int, Column], start: int, stop: int) -> bool:
        """Whether a table has the columns it needs (units, and a task's text); else said.

        A table without a unit column whose tasks' text states their units
        (``……。（市发改委牵头，市财政局配合）``) has them there: it is read.
        """
        heading_text = "、".join(column.label for column in columns.values())
        kinds = {column.kind for column in columns.values()}
        self.inline = ColumnKind.UNITS not in kinds and any(
            self._stated(index, columns) is not None for index in range(start, stop)
        )
        # 一、县示范区管委会牵头工作(8项) merged across: the rows under it are its tasks
        headed = ColumnKind.UNITS not in kinds and any(
            self._section_states(index, columns) for index in range(start, stop)
        )
        missing = [
            label
            for label, needed in (
                ("牵头单位", {ColumnKind.UNITS}),
                ("任务内容", {ColumnKind.CONTENT, ColumnKind.TITLE}),
            )
            if not kinds & needed and not ((self.inline or headed) and label == "牵头单位")
        ]
        for label in missing:
            self.reporter.issue(notice_issues.COLUMN_MISSING, column=label, header=heading_text)
        return not missing

    def _section_states(self, index: int, columns: dict[int, Column]) -> bool:
        """Whether a row is a category row that names units for the rows under it."""
        row = self.rows[index]
        texts = {i: _text(row[i]) if i < len(row) else "" for i in columns}
        if not any(texts.values()) or not _is_category(texts, columns):
            return False
        text = next(text for text in texts.values() if text)
        marker = match_marker(text)
        rest = marker.rest if marker is not None and marker.rest else text
        return _heading_reading(rest).assigns

    def _stated(self, index: int, columns: dict[int, Column]) -> tuple[int, Reading] | None:
        """The text cell of a row that states the task's units, and what it says; or None."""
        for column_index in sorted(columns, reverse=True):  # the content, else the title
            if columns[column_index].kind in (ColumnKind.CONTENT, ColumnKind.TITLE):
                reading = _cell_reading(self.raw(index, column_index))
                if reading.assigns and reading.fields:
                    return column_index, reading
        return None

    def _take_stated(self, draft: Draft, index: int, columns: dict[int, Column]) -> None:
        """The units a task's text states (no unit column): taken, the text without them."""
        stated = self._stated(index, columns)
        if stated is None:
            return
        column_index, reading = stated
        prose = _strip_marker(despace(reading.prose))
        if columns[column_index].kind is ColumnKind.CONTENT:
            draft.content = prose
        else:
            draft.title = prose
        draft.take(reading, self.reporter)

    def _header(self) -> _Header | None:
        """The first table's header (reported), within the first rows of the grid."""
        if self.heading is not None:
            given = _assign_text_columns(dict(enumerate(self.heading)))
            self._report_columns(0, given)
            return 0, 1, given
        for index in range(min(_HEADER_SCAN, len(self.rows))):
            header = self._heading_at(index)
            if header is not None:
                self._report_columns(index, header[2])
                return header
        return None

    def _heading_at(self, index: int) -> _Header | None:
        """The header at a row (and one under it), or None: its row, the row after, columns."""
        if not _header_like(self.rows[index]):
            return None
        columns = _row_columns(self.rows[index])
        start = index + 1
        if start < len(self.rows):
            below = _row_columns(self.rows[start])
            if below and not any(
                _text(c) for i, c in enumerate(self.rows[start]) if i not in below
            ):
                columns.update(below)
                start += 1
        self._unknown_headings(index, start, columns)
        columns = settle_columns(columns, lambda label: classify_heading(label) is not None)
        return index, start, _assign_text_columns(columns)

    def _next_table(self, start: int, columns: dict[int, Column]) -> tuple[int, _Header] | None:
        """Where the next table begins (its caption or title rows) and its header, if any.

        Only a grid whose header was found here has further tables: a table
        rebuilt from text was cut out of the text as one table.
        """
        if self.heading is not None:
            return None
        shape = _shape(columns)
        for index in range(start, len(self.rows)):
            if not self._heading_like(index):
                continue
            header = self._heading_at(index)
            if header is None or _shape(header[2]) == shape:
                continue  # a header repeated (on each page), not a new table
            top = index
            while top > start and _title_row(self.rows[top - 1]):
                top -= 1
            return top, header
        return None

    def _heading_like(self, index: int) -> bool:
        """Whether a row holds two or more headings the vocabulary knows (a header row)."""
        if index not in self.headings:
            columns = _row_columns(self.rows[index], by_ending=False)
            self.headings[index] = len(columns) >= 2  # noqa: PLR2004
        return self.headings[index]

    def _numbers(self, start: int, stop: int, columns: dict[int, Column]) -> set[str]:
        """The task numbers a table prints (before any are qualified)."""
        numbers = set()
        for index in range(start, stop):
            row = self.rows[index]
            texts = {i: _text(row[i]) if i < len(row) else "" for i in columns}
            number = _task_texts(columns, texts)[0]
            if number:
                numbers.add(self.prefix + number)
        return numbers

    def _caption(self, header: int, position: int) -> str:
        """What a table is called, from a caption row above its header: 附件2, 附表1; else 表2."""
        for index in range(header - 1, max(header - 4, -1), -1):
            text = next((_text(value) for value in self.rows[index] if _text(value)), "")
            match = CAPTION.match(text)
            if match is not None and match[0] not in ("附件", "附表", "表"):
                return match[0]
        return f"表{position + 1}"

    def _titles(self, top: int, header: int) -> None:
        """Rows between two tables other than a caption: text no task holds, said."""
        for index in range(top, header):
            text = next((_text(value) for value in self.rows[index] if _text(value)), "")
            if text and CAPTION.fullmatch(text) is None:
                self.reporter.issue(notice_issues.TASK_TEXT_IGNORED, self.place(index), text=text)

    def _unknown_headings(self, first: int, start: int, columns: dict[int, Column]) -> None:
        """Heading cells the vocabulary does not know: guessed, or reported as ignored."""
        for index in range(first, start):
            for column_index, value in enumerate(self.rows[index]):
                text = _text(value)
                if not text or column_index in columns:
                    continue
                word, _ = classify_label(text)
                if word is not None and word.kind is ColumnKind.UNITS:
                    columns[column_index] = Column(text, word.kind, word.role, guessed=True)
                else:
                    columns[column_index] = Column(text, ColumnKind.OTHER)

    def _report_columns(self, row: int, columns: dict[int, Column]) -> None:
        """Columns read by a guess, and columns that assign nothing: each said once.

        A guessed column is said with the tasks it gave units to, once they
        are read (at the next header, or at the end).
        """
        self._report_guessed()
        self.guessed_at = len(self.reporter.issues)
        self._units_by_cells(row, columns)
        for column_index, column in sorted(columns.items()):
            if column.guessed:
                self.guessed[column_index] = (self.place(row, column_index), column, [])
            elif column.kind is ColumnKind.OTHER:
                self.reporter.issue(
                    notice_issues.COLUMN_IGNORED, self.place(row, column_index), column=column.label
                )

    def _units_by_cells(self, row: int, columns: dict[int, Column]) -> None:
        """A column whose heading the vocabulary does not know, holding unit names: responsible.

        Any column that is not units, people or dates may be the tasks'; but
        one whose cells below the header are, in most rows, names sure to be
        units' (a body's ending, a collective: 区民政局, 各街镇) assigns them.
        It is read as the responsible units, a guess said with its tasks
        (``column-guessed``), never ignored unsaid.
        """
        below = self.rows[row + 1 : row + 1 + _CELLS_SEEN]
        for column_index, column in list(columns.items()):
            if column.kind is not ColumnKind.OTHER or classify_heading(column.label) is not None:
                continue
            texts = [_text(r[column_index]) for r in below if column_index < len(r)]
            filled = [text for text in texts if text]
            sure = sum(1 for text in filled if _sure_names(text))
            if len(filled) >= _CELLS_SURE and sure >= _MOSTLY * len(filled):
                columns[column_index] = Column(
                    column.label, ColumnKind.UNITS, Role.RESPONSIBLE, guessed=True
                )

    def _used_guess(self, column_index: int, number: str) -> None:
        """A task took its units or text from a column: said with the column if it is guessed."""
        if column_index in self.guessed:
            self.guessed[column_index][2].append(number)

    def _report_guessed(self) -> None:
        """Say each column read by a guess, naming the tasks that took units from it.

        The issues go where the header's are, before the issues of its tasks.
        """
        for offset, (place, column, tasks) in enumerate(self.guessed.values()):
            self.reporter.issue(
                notice_issues.COLUMN_GUESSED,
                place,
                column=column.label,
                role=f"{column.role.label}单位" if column.role else "任务内容",
                tasks="、".join(dict.fromkeys(tasks)) or "无",
            )
            self.reporter.issues.insert(self.guessed_at + offset, self.reporter.issues.pop())
        self.guessed = {}

    def _tasks(self, start: int, stop: int, columns: dict[int, Column]) -> GridTasks:
        result = GridTasks(rules=tuple(c.note for c in columns.values() if c.note))
        previous: int | None = None
        qualifiers = self._qualifiers(start, stop, columns)
        bases: dict[str, tuple[str, int]] = {}  # a sub-row's number: its task's, and its place
        for index in range(start, stop):
            row = self.rows[index]
            texts = {i: _text(row[i]) if i < len(row) else "" for i in columns}
            first_text = next((_text(value) for value in row if _text(value)), "")
            if is_note(first_text):
                for note in range(index, stop):
                    values = [_text(value) for value in self.rows[note] if _text(value)]
                    text = " ".join(dict.fromkeys(values))  # a merged note is one value
                    if text and text not in (t for _, t in result.notes):
                        result.notes.append((self.place(note), text))
                break
            if _is_category(texts, columns):
                self._section(next((str(v) for v in row if _text(v)), ""), index)
                continue
            if self._heading_like(index):  # a repeated header
                continue
            seq = len(result.drafts) + 1
            part = self._part(
                result.drafts, index, columns, texts, qualifiers=qualifiers, bases=bases
            )
            draft = self._task(index, columns, texts, seq, qualifiers=qualifiers, part=part)
            if result.drafts and _same_task(result.drafts[-1], draft):
                self._join(result.drafts[-1], draft, index)  # a task merged over rows: one task
                continue
            if part is not None:
                result.drafts.append(draft)
                continue
            if result.drafts and draft.marker.style != result.drafts[-1].marker.style:
                self.reporter.issue(
                    notice_issues.TASK_NUMBER_STYLE_CHANGED,
                    self.place(index),
                    previous=result.drafts[-1].label,
                    found=draft.label,
                    task=draft.number,
                )
                previous = None
            printed = draft.number.removeprefix(self.prefix)
            value = draft.marker.value if printed == draft.marker.number else None
            if value is not None and previous is not None and value > previous + 1:
                expected = previous + 1
                self.reporter.issue(
                    notice_issues.TASK_NUMBER_GAP,
                    self.place(index),
                    previous=self.prefix + _shown(previous, printed),
                    found=draft.number,
                    expected=self.prefix + _shown(expected, printed),
                    task=draft.number,
                )
            previous = value
            result.drafts.append(draft)
        return result

    def _qualifiers(self, start: int, stop: int, columns: dict[int, Column]) -> dict[int, str]:
        """What each row's task number goes after when numbering restarts under each section.

        ``（一）`` under two category rows, or in two 类别 cells merged down, is
        two tasks: ``一.一`` and ``二.一``, each after its section's number, or
        the section's place among the table's sections when it prints none
        (``—  构建……体系``). Empty when no number repeats under two sections.
        """
        sections: dict[int, str] = {}
        groups = _Groups()
        seen: dict[str, set[str]] = {}
        for index in range(start, stop):
            row = self.rows[index]
            texts = {i: _text(row[i]) if i < len(row) else "" for i in columns}
            first_text = next((_text(value) for value in row if _text(value)), "")
            if is_note(first_text):
                break
            if _is_category(texts, columns):
                if first_text:
                    groups.enter(-1, first_text)
                continue
            for column_index, column in columns.items():
                if column.kind is ColumnKind.SECTION and texts[column_index]:
                    groups.enter(column_index, texts[column_index])
            number = _task_texts(columns, texts)[0]
            section = groups.qualifier()
            if number and section:
                sections[index] = section
                seen.setdefault(number, set()).add(section)
        if not any(len(found) > 1 for found in seen.values()):
            return {}
        return sections

    def _join(self, last: Draft, draft: Draft, index: int) -> None:
        """A row under a task's merged number and text cells: its units join the task's, said."""
        added = _join(last, draft)
        if added and self.heading is None:  # a table rebuilt from text says it as it rebuilds
            self.reporter.issue(
                notice_issues.UNITS_FROM_ROWS_BELOW,
                self.place(index),
                label=last.label,
                names="、".join(added),
                task=last.number,
            )

    def _part(
        self,
        drafts: list[Draft],
        index: int,
        columns: dict[int, Column],
        texts: dict[int, str],
        *,
        qualifiers: Mapping[int, str],
        bases: dict[str, tuple[str, int]],
    ) -> str | None:
        """The number of a row under the number and title cells of the task above, said; or None.

        Such a row (its number and title the task's, its content its own, each
        with its own units) is a task of its own: ``四-2``, ``四-3``.
        """
        if not drafts:
            return None
        last = drafts[-1]
        number, title, content, _ = _task_texts(columns, texts)
        qualifier = f"{qualifiers[index]}." if index in qualifiers else ""
        printed = self.prefix + qualifier + (number or str(len(drafts) + 1))
        base, count = bases.get(last.number, (last.number, 1))
        if printed != base or title != last.title or not content or content == last.content:
            return None
        part = f"{base}-{count + 1}"
        self.reporter.issue(
            notice_issues.TASK_ROW_SPLIT, self.place(index), previous=base, number=part, task=part
        )
        bases[part] = (base, count + 1)
        return part

    def _section(self, raw: str, index: int) -> None:
        """A category row: the heading of the tasks below it, under any higher heading.

        Units it states (``一、产业发展（牵头单位：市发改委）``) go to the tasks
        below it that name none of that role.
        """
        text = _text(raw)
        if not text:
            return
        marker = match_marker(text)
        level = LEVELS[marker.style] if marker is not None else -1
        while self.sections and self.sections[-1][0] >= level:
            self.sections.pop()
        rest = marker.rest if marker is not None and marker.rest else text
        prefix = text[: len(text) - len(rest)]  # 一、
        printed = raw.strip()
        reading = _heading_reading(printed[len(prefix) :] if printed.startswith(prefix) else rest)
        if reading.assigns:
            # 一、县示范区管委会牵头工作(8项) is its units alone: its title is as printed
            title = prefix + despace(reading.prose or rest)
            self.sections.append((level, title, Heading(self.place(index), title, reading)))
        else:
            self.sections.append((level, text, None))

    def _task(
        self,
        index: int,
        columns: dict[int, Column],
        texts: dict[int, str],
        seq: int,
        *,
        qualifiers: Mapping[int, str],
        part: str | None = None,
    ) -> Draft:
        number, title, content, deadline = _task_texts(columns, texts)
        marker = _marker(number or str(seq))
        groups = self._groups(index, columns, texts)
        qualifier = f"{qualifiers[index]}." if index in qualifiers else ""
        draft = Draft(
            marker,
            self.place(index),
            number=part or self.prefix + qualifier + (number or str(seq)),
            section=" › ".join(
                [*(text for _, text, _ in self.sections), *(title for title, _ in groups)]
            ),
            title=title,
            content=content,
            deadline=deadline,
            titled={ColumnKind.TITLE, ColumnKind.CONTENT} <= {c.kind for c in columns.values()},
        )
        row = self.rows[index]
        named = False
        if self.inline:
            self._take_stated(draft, index, columns)
        for column_index, column in columns.items():
            if column.kind is ColumnKind.CONTENT and texts[column_index]:
                self._used_guess(column_index, draft.number)
            if column.kind not in (ColumnKind.UNITS, ColumnKind.LEADERS):
                continue
            raw = (row[column_index] if column_index < len(row) else None) or ""
            if column.people:  # 责任单位及责任人: the people are the task's leaders
                raw, people = split_unit_people(raw)
                draft.leaders += tuple(p for p in people if p not in draft.leaders)
            raw = _rules_to_text(raw, column, draft)
            units = cell_units(raw, column.role)
            if units is None:
                self.reporter.issue(
                    notice_issues.TASK_UNITS_UNPARSABLE,
                    self.place(index, column_index),
                    label=draft.label,
                    columns=column.label,
                    reason="括号不成对或有多余的分隔符",
                    text=_text(raw),
                    task=draft.number,
                )
                draft.broken = True
            elif column.kind is ColumnKind.LEADERS:
                draft.leaders += split_people(raw)
            else:
                if units.fields:
                    self._used_guess(column_index, draft.number)
                for found in units.fields:
                    if found.role is None or not found.names:
                        continue
                    known = draft.units.get(found.role, ())
                    draft.add(found.role, tuple(n for n in found.names if n not in known))
                    draft.keep_breaks(found.names, found.breaks)
                    named = True
        headings = [h for _, _, h in self.sections] + [h for _, h in groups]
        self.handed.hand_down([h for h in headings if h is not None], draft)
        named = named or any(draft.units.values())
        if not named and not draft.broken:
            self.reporter.issue(
                notice_issues.TASK_UNITS_UNPARSABLE,
                self.place(index),
                label=draft.label,
                columns="、".join(c.label for c in columns.values() if c.kind is ColumnKind.UNITS),
                reason="单位栏为空",
                text=(draft.content or draft.title)[-60:],
                task=draft.number,
            )
            draft.broken = True
        return draft

    def _groups(
        self, index: int, columns: dict[int, Column], texts: dict[int, str]
    ) -> list[tuple[str, Heading | None]]:
        """A row's 类别 cells: an empty one is the one above (merged down), units said go down.

        ``深化政务公开（牵头单位：X；责任单位：Y）`` gives its units to the tasks of
        its rows that name none of those roles, as a section heading does.
        """
        for column_index, column in columns.items():
            text = texts[column_index]
            if column.kind is not ColumnKind.SECTION or not text:
                continue
            if column_index in self.grouped and self.grouped[column_index][0] == text:
                continue
            reading = _heading_reading(self.raw(index, column_index))
            if reading.assigns:
                title = despace(reading.prose or text)
                heading = Heading(self.place(index, column_index), title, reading)
                self.grouped[column_index] = (text, heading)
            else:
                self.grouped[column_index] = (text, None)
        return [
            (heading.title if heading is not None else text, heading)
            for column_index, (text, heading) in sorted(self.grouped.items())
            if columns[column_index].kind is ColumnKind.SECTION
        ]


def _cell_reading(raw: str) -> Reading:
    """The assignments a cell states, its spaces and line breaks kept: they separate names."""
    return read_assignments([line.strip() for line in raw.strip().splitlines() if line.strip()])


def _heading_reading(raw: str) -> Reading:
    """What a category row says of the rows under it (:func:`gzgk.parse.assign.read_heading`)."""
    lines = (line.strip() for line in raw.strip().splitlines())
    return read_heading("\n".join(line for line in lines if line))


def _task_texts(columns: dict[int, Column], texts: dict[int, str]) -> tuple[str, str, str, str]:
    """Number, title, content and deadline of a row (number may be empty)."""
    values: dict[ColumnKind, str] = {}
    for column_index, column in columns.items():
        if column.kind is ColumnKind.CONTENT and values.get(column.kind) and texts[column_index]:
            values[column.kind] += "\n" + texts[column_index]  # every content column, in order
        else:
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


_CELLS_SEEN = 40  # rows under a header whose cells say what an unknown column holds
_CELLS_SURE = 3
_MOSTLY = 0.8
_SURE = 3.0  # name_strength of a body's ending or a collective


def _sure_names(text: str) -> bool:
    """Whether a cell is only unit names, each sure to be one."""
    units = cell_units(text, Role.RESPONSIBLE)
    names = units.every_name if units is not None else ()
    return bool(names) and all(name_strength(name) >= _SURE for name in names)


def _same_task(last: Draft, draft: Draft) -> bool:
    """Whether a row continues the task above it: its number and text cells were merged."""
    return (last.number, last.title, last.content) == (draft.number, draft.title, draft.content)


@define
class _Groups:
    """The sections a row is under: category rows (key -1) and 类别 columns, each numbered."""

    texts: dict[int, str] = field(factory=dict)
    numbers: dict[int, str] = field(factory=dict)
    counts: dict[int, int] = field(factory=dict)

    def enter(self, key: int, text: str) -> None:
        """A section's text met (a category row, or a 类别 cell): a new section if it changed."""
        if self.texts.get(key) == text:
            return
        self.texts[key] = text
        self.counts[key] = self.counts.get(key, 0) + 1
        marker = match_marker(text)
        count = self.counts[key]
        shown = format_numeral(count) if count <= _MAX_NUMERAL else str(count)
        self.numbers[key] = marker.number if marker is not None else shown

    def qualifier(self) -> str:
        """The numbers of the sections a row is under, outermost first: ``一``, ``一.二``."""
        return ".".join(self.numbers[key] for key in sorted(self.numbers))


def _join(last: Draft, draft: Draft) -> tuple[str, ...]:
    """Add a continuation row's units and leaders to its task (each name once): the names added."""
    added = tuple(
        name
        for role, names in draft.units.items()
        for name in names
        if name not in last.units.get(role, ())
    )
    for role, names in draft.units.items():
        last.add(role, tuple(name for name in names if name not in last.units.get(role, ())))
    last.leaders += tuple(person for person in draft.leaders if person not in last.leaders)
    last.broken = last.broken and draft.broken
    return added


def _shape(columns: dict[int, Column]) -> tuple[tuple[int, ColumnKind, Role | None], ...]:
    """What a header says each column holds: two headers of one shape head one table."""
    return tuple((index, c.kind, c.role) for index, c in sorted(columns.items()))


def _title_row(row: Sequence[str | None]) -> bool:
    """An empty row, or one text only (a caption or title, merged across or not), no note."""
    values = {_text(value) for value in row if _text(value)}
    return len(values) <= 1 and not any(_number(v) or is_note(v) for v in values)


def _marker(number: str) -> Marker:
    if number.isdigit():
        return Marker("arabic", int(number), "")
    value = parse_numeral(number)
    return Marker("paren", value, "") if value else Marker("arabic", 0, number)


def _row_columns(row: Sequence[str | None], *, by_ending: bool = True) -> dict[int, Column]:
    columns: dict[int, Column] = {}
    for index, value in enumerate(row):
        column = classify_heading(value or "", by_ending=by_ending)
        if column is not None:
            columns[index] = column
    return columns


def _assign_text_columns(columns: dict[int, Column]) -> dict[int, Column]:
    """Text columns as title and content: two headings of one kind are told apart.

    Two columns under one merged 主要任务 heading are title, then content; two
    content headings and no title (权力责任名称 | 权力责任事项) are title, then
    content. A further content column is kept (its text goes into the
    content, in order); a second title beside a content column is dropped.
    Every other column is kept: two unit columns of one role are both read (a
    name printed in both is taken once).
    """
    result: dict[int, Column] = {}
    kinds = {c.kind for c in columns.values()}
    has_content = ColumnKind.CONTENT in kinds
    untitled = ColumnKind.TITLE not in kinds
    seen: set[ColumnKind] = set()
    for index, column in sorted(columns.items()):
        if column.kind is ColumnKind.TITLE and column.kind in seen and not has_content:
            result[index] = Column(column.label, ColumnKind.CONTENT)
            has_content = True
        elif column.kind is ColumnKind.CONTENT and untitled and column.kind not in seen:
            if sum(c.kind is ColumnKind.CONTENT for c in columns.values()) >= 2:  # noqa: PLR2004
                result[index] = evolve(column, kind=ColumnKind.TITLE)
                untitled = False
                continue
            result[index] = column
        elif column.kind is not ColumnKind.TITLE or column.kind not in seen:
            result[index] = column
        seen.add(column.kind)
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


def _shown(value: int, like: str) -> str:
    return str(value) if like.isdigit() else format_numeral(value)
