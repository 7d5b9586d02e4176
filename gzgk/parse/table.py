"""任务分工表 copied from a PDF: the cells of each row serialised one after another.

After a heading line such as ``主要任务 牵头单位 责任单位`` each task comes as
its number, title lines, content lines and then each unit column's lines.
Repeated page headings are dropped. Where one cell ends and the next begins
is found by scoring the possible splits of the lines after the content (see
:func:`gzgk.lexicon.names.name_score`). The search is bounded: pages are taken
one after another keeping the best few partial splits, so a task over many
pages costs about what its length says. A tie between equally good splits
that read differently is reported, never settled silently.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence

from attrs import define, evolve, field, frozen
from rich.cells import cell_len as display_width

from gzgk.lexicon.columns import Column, ColumnKind
from gzgk.lexicon.names import (
    NameCheck,
    clean_name,
    glued,
    name_score,
    split_names,
)
from gzgk.lexicon.vocabulary import classify_heading, looks_like_deadline
from gzgk.model import Role
from gzgk.parse import notice_issues
from gzgk.parse.assign import rules_apart
from gzgk.parse.draft import Draft, Reporter, label_of
from gzgk.parse.grammar import Units, first_named_apart, is_person, read_units, split_people
from gzgk.parse.lines import (
    Line,
    Marker,
    despace,
    is_end,
    is_end_matter,
    is_note,
    join_lines,
    match_marker,
)

__all__ = ["TableTasks", "find_header", "heading_columns", "table_notes", "table_tasks"]

_WIDE = 30
_TITLE_GROWTH = 1.5
_NARROW = 0.6
_TASK_STYLES = ("paren", "dun", "arabic", "aparen")
_BEAM = 24  # partial splits kept from one page to the next


@frozen
class _Cell:
    column: Column
    lines: tuple[Line, ...]
    parts: tuple[int, ...] = ()  # lines taken on each page

    @property
    def gaps(self) -> int:
        """Pages on which the cell is empty although it goes on on a later page.

        A row broken over pages flows every column on independently: a short
        column may end early, but does not skip a page and then resume.
        """
        return sum(
            1 for index, count in enumerate(self.parts) if not count and any(self.parts[index:])
        )

    @property
    def text(self) -> str:
        return "".join(line.text for line in self.lines)


@frozen
class _Layout:
    tail: tuple[Column, ...]
    has_title: bool


@define
class TableTasks:
    """The tasks of a table, where the table starts, and the notes printed under it."""

    drafts: list[Draft] = field(factory=list)
    start: int = 0  # the line number of the table's heading
    notes: list[Line] = field(factory=list)
    end: int = 0  # the line number of the table's last line
    rules: tuple[str, ...] = ()  # rules printed in the heading (责任单位（排在第一位的为牵头单位）)


_TEXT_KINDS = (ColumnKind.NUMBER, ColumnKind.TITLE, ColumnKind.CONTENT)


def _tail(columns: Sequence[Column]) -> tuple[Column, ...]:
    """The columns after the task's text: split from the lines after the content.

    A column before the text (other than the number) cannot be told from the
    title in PDF text; it is reported as unsupported.
    """
    last_text = max(
        (index for index, column in enumerate(columns) if column.kind in _TEXT_KINDS), default=-1
    )
    return tuple(columns[last_text + 1 :])


def heading_columns(text: str) -> list[Column] | None:
    """The columns a table heading line names, or None if it is not one."""
    if "：" in text or ":" in text:
        return None
    tokens = text.split()
    columns = [classify_heading(token) for token in tokens]
    if len(tokens) < 2 or any(c is None for c in columns):  # noqa: PLR2004 - a table has 2+ columns
        return None
    found_columns = [c for c in columns if c is not None]
    if not any(c.kind is ColumnKind.UNITS for c in found_columns):
        return None
    return found_columns


def table_notes(lines: Sequence[Line]) -> list[Line]:
    """The notes under a table (注：…, 备注：…) up to the end matter, if any."""
    start = next((i for i, line in enumerate(lines) if is_note(line.text)), None)
    if start is None:
        return []
    end = next((i for i in range(start, len(lines)) if is_end(lines[i].text)), len(lines))
    return list(lines[start:end])


def find_header(lines: Sequence[Line]) -> int | None:
    """Where the heading line of a PDF table is, if the text has one."""
    return next(
        (position for position, line in enumerate(lines) if heading_columns(line.text)), None
    )


def table_tasks(
    lines: Sequence[Line], header_at: int, reporter: Reporter, known: NameCheck | None
) -> TableTasks:
    """Read the tasks of the table whose heading is ``lines[header_at]``."""
    return _TableReader(reporter, known).read(lines, header_at)


@define
class _TableReader:
    reporter: Reporter
    known: NameCheck | None

    def read(self, lines: Sequence[Line], header_at: int) -> TableTasks:
        header = lines[header_at]
        columns = heading_columns(header.text) or []
        self._check_columns(header, columns)
        header_key = despace(header.text).replace(" ", "")
        region: list[Line] = []
        breaks: set[int] = set()  # line numbers after which a page heading repeated
        following = list(lines[header_at + 1 :])
        notes = table_notes(following)
        for line in following[: len(following) - len(notes)]:
            text = despace(line.text)
            if is_end_matter(text):
                break
            if text.replace(" ", "") == header_key:
                if region:
                    breaks.add(region[-1].number)
                continue
            region.append(line)
        numbered = any(c.kind is ColumnKind.NUMBER for c in columns)
        styles = ("bare",) if numbered else _TASK_STYLES
        if not numbered:
            region = [line for line in region if not line.text.isdigit()]
        blocks, outside = self._blocks(region, styles)
        if not blocks:
            self.reporter.issue(notice_issues.NO_TASKS, header)
        for line in outside:
            self.reporter.issue(notice_issues.TASK_TEXT_IGNORED, line, text=line.text)
        layout = _Layout(
            tail=_tail(columns), has_title=any(c.kind is ColumnKind.TITLE for c in columns)
        )
        drafts = [
            self._block(marker, block_lines, _fragments(block_lines, breaks), layout)
            for marker, block_lines in blocks
        ]
        end = region[-1].number if region else header.number
        rules = tuple(column.note for column in columns if column.note)
        return TableTasks(drafts, header.number, notes, end, rules)

    def _check_columns(self, header: Line, columns: list[Column]) -> None:
        tail = _tail(columns)
        unsupported = [c.label for c in columns if c not in tail and c.kind not in _TEXT_KINDS]
        if unsupported:
            self.reporter.issue(
                notice_issues.UNSUPPORTED_COLUMNS,
                header,
                header=header.text,
                columns="、".join(unsupported),
            )
        for column in columns:
            if column.kind is ColumnKind.OTHER:
                self.reporter.issue(notice_issues.COLUMN_IGNORED, header, column=column.label)

    def _blocks(
        self, region: Sequence[Line], styles: tuple[str, ...]
    ) -> tuple[list[tuple[Marker, list[Line]]], list[Line]]:
        """Cut lines into numbered blocks of one style, reporting gaps."""
        blocks: list[tuple[Marker, list[Line]]] = []
        outside: list[Line] = []
        style: str | None = None
        for line in region:
            marker = match_marker(line.text, (style,) if style else styles)
            if marker is not None and style is None:
                style = marker.style
            previous = blocks[-1][0] if blocks else None
            expected = previous.value + 1 if previous else 1
            if marker is not None and marker.value >= expected:
                if marker.value > expected:
                    self.reporter.issue(
                        notice_issues.TASK_NUMBER_GAP,
                        line,
                        previous=label_of(previous) if previous else "表头",
                        found=label_of(marker),
                        expected=label_of(Marker(marker.style, expected, "")),
                        task=marker.number,
                    )
                blocks.append((marker, [line]))
                continue
            if marker is not None and previous is not None and marker.value == previous.value:
                blocks.append((marker, [line]))  # a task of its own, reported as a duplicate
                continue
            if blocks:
                blocks[-1][1].append(line)
            else:
                outside.append(line)
        return blocks, outside

    def _block(
        self,
        marker: Marker,
        lines: list[Line],
        fragments: list[list[Line]],
        layout: _Layout,
    ) -> Draft:
        """One task of a table: title, content and unit cells, over one page or more."""
        draft = Draft(marker, lines[0], titled=layout.has_title)
        head = [Line(lines[0].number, marker.rest)] if marker.rest else []
        fragments = [[*head, *fragments[0][1:]], *fragments[1:]]
        if len(fragments) > 1:
            self.reporter.issue(
                notice_issues.TASK_SPANS_PAGES, lines[0], label=draft.label, task=draft.number
            )
        title: list[Line] = []
        content: list[Line] = []
        tails: list[list[Line]] = []
        limit = max(display_width(lines[0].text), 8)
        width = 0
        for index, fragment in enumerate(fragments):
            rest = list(fragment)
            wide = not (index == 0 and marker.rest and display_width(marker.rest) > _WIDE)
            if layout.has_title and wide:
                while rest and display_width(rest[0].text) <= limit * _TITLE_GROWTH:
                    if index > 0 and not any(
                        _is_wide(line, width) or "。" in line.text for line in rest[1:]
                    ):
                        break  # a later page with no content left: only unit cells
                    limit = max(limit, display_width(rest[0].text))
                    title.append(rest.pop(0))
            width = width or max((display_width(line.text) for line in rest), default=0)
            content_end = 0
            for position, line in enumerate(rest):
                if "。" in line.text or _is_wide(line, width):
                    content_end = position + 1
            content.extend(rest[:content_end])
            tails.append(rest[content_end:])
        draft.title = join_lines(title)
        draft.content = join_lines(content)
        best = self._split_tails(tails, layout.tail) if content else []
        if not best:
            self._unparsable(draft, layout, [line for tail in tails for line in tail])
            draft.broken = True
            return draft
        cells = best[0]
        if len({_reading(choice) for choice in best}) > 1:
            self.reporter.issue(
                notice_issues.AMBIGUOUS_UNITS,
                lines[0],
                label=draft.label,
                chosen="；".join(f"{c.column.label}：{join_lines(list(c.lines))}" for c in cells),
                text="".join(line.text for tail in tails for line in tail),
                task=draft.number,
            )
        _fill(draft, cells, self.known)
        return draft

    def _unparsable(self, draft: Draft, layout: _Layout, tail: Sequence[Line]) -> None:
        text = "".join(line.text for line in tail)
        self.reporter.issue(
            notice_issues.TASK_UNITS_UNPARSABLE,
            draft.first,
            label=draft.label,
            columns="、".join(c.label for c in layout.tail),
            reason="找不到合理的拆分位置（单位名称应以“、”“，”分隔，括号应成对）"
            if text
            else "单位栏为空",
            text=text,
            task=draft.number,
        )

    def _split_tails(self, tails: list[list[Line]], columns: Sequence[Column]) -> list[list[_Cell]]:
        """The most plausible unit cells for the lines after the content, best first.

        Each page of a task holds a part of every column; the cells are the
        concatenation of the parts, scored as a whole. Pages are added one at
        a time, keeping the best partial splits (a beam), so the work grows
        with the number of pages rather than multiplying. Every split as good
        as the best is returned: more than one that read differently is a tie.
        """
        beam: list[tuple[int, list[_Cell]]] = [(0, [_Cell(column, ()) for column in columns])]
        for page, tail in enumerate(tails):
            last = page == len(tails) - 1
            grown: list[tuple[int, list[_Cell]]] = []
            for _, cells in beam:
                for cuts in itertools.combinations_with_replacement(
                    range(len(tail) + 1), len(columns) - 1
                ):
                    bounds = (0, *cuts, len(tail))
                    joined = [
                        _Cell(
                            cell.column,
                            cell.lines + tuple(tail[bounds[i] : bounds[i + 1]]),
                            (*cell.parts, bounds[i + 1] - bounds[i]),
                        )
                        for i, cell in enumerate(cells)
                    ]
                    score = self._score(joined, final=last)
                    if score is None:
                        continue
                    if len(tails) > 1:
                        score -= 2 * sum(cell.gaps for cell in joined)
                    grown.append((score, joined))
            grown.sort(key=lambda pair: -pair[0])
            beam = grown[:_BEAM]
            if not beam:
                return []
        top = beam[0][0]
        return [cells for score, cells in beam if score == top]

    def _score(self, cells: list[_Cell], *, final: bool = True) -> int | None:
        total = 0
        for index, cell in enumerate(cells):
            if not cell.lines:  # an empty cell is likelier in a later column (配合单位)
                if final:
                    total -= 3 if cell.column.role is Role.LEAD else len(cells) - index
                continue
            text = despace(cell.text)
            if cell.column.kind is ColumnKind.DEADLINE:
                total += 2 if looks_like_deadline(text) else -3
                continue
            if cell.column.kind is ColumnKind.OTHER:
                continue
            if cell.column.kind is ColumnKind.LEADERS:
                total += sum(1 if is_person(p) else -3 for p in split_people(cell.text))
                continue
            units = read_units(
                first_named_apart(_without_rules(cell.lines, self.known)[0])[0], cell.column.role
            )
            if units is None or any(found.names is None for found in units.fields):
                if final:
                    return None
                total -= 3  # a name may continue on the next page
                continue
            total += name_score(units.every_name, self.known)
            # names run together read apart, but a cut that runs two together is likelier wrong
            total -= 3 * sum(glued(clean_name(part)) for part in split_names(text) or ())
        return total


def _fill(draft: Draft, cells: Sequence[_Cell], known: NameCheck | None) -> None:
    """A task's units, leaders and deadline from its cells.

    A rule a unit cell states (``市数据局，以下任务均由各园区管委会负责，不再列出``,
    ``（排在第一位的为牵头单位，下同）``) goes to the task's text, from where it is
    applied as in any other table (:func:`gzgk.parse.assign.rules_apart`).
    """
    for cell in cells:
        text = join_lines(list(cell.lines))
        if cell.column.kind is ColumnKind.DEADLINE:
            draft.deadline = text
        elif cell.column.kind is ColumnKind.LEADERS:
            draft.leaders += split_people(" ".join(line.text for line in cell.lines))
        elif cell.column.kind is ColumnKind.UNITS and text:
            text, rules = _without_rules(cell.lines, known)
            if rules:
                draft.content = f"{draft.content.rstrip('。')}{rules}".lstrip("。")
            text, first = first_named_apart(text)
            units = read_units(text, cell.column.role)
            if units is not None and first and not units.names(Role.LEAD) and units.every_name:
                lead = units.every_name[0]  # （排在第一位的为牵头单位）: the first name leads
                draft.add(Role.LEAD, (lead,))
                units = Units(
                    tuple(
                        evolve(found, names=tuple(n for n in found.names if n != lead))
                        if found.names
                        else found
                        for found in units.fields
                    ),
                    units.unmarked,
                )
            for found in units.fields if units is not None else ():
                if found.role is not None and found.names:
                    draft.add(found.role, found.names)


def _without_rules(lines: Sequence[Line], known: NameCheck | None) -> tuple[str, str]:
    """A unit cell's text without the rules it states, and the rules as task text.

    The cell's lines are joined as its wrapped text; a rule printed on lines of
    its own under the names (``市发改委、市`` / ``数据局`` / ``以下任务均由各园``
    / ``区管委会负责``) is found from the line it starts on.
    """
    return _cell_rules(tuple(line.text for line in lines), known)


@functools.lru_cache(maxsize=4096)
def _cell_rules(texts: tuple[str, ...], known: NameCheck | None) -> tuple[str, str]:
    kept, rules = rules_apart(join_lines([Line(0, text) for text in texts]), known)
    if rules and kept:
        return kept, rules
    for start in range(len(texts) - 1, 0, -1):  # a rule on lines of its own, shortest first
        tail, found = rules_apart(join_lines([Line(0, text) for text in texts[start:]]), known)
        if found and not tail:
            return join_lines([Line(0, text) for text in texts[:start]]), found
    return kept, rules


def _reading(cells: list[_Cell]) -> tuple[tuple[str, str], ...]:
    """What a split says: each column's text (splits that read alike are no tie)."""
    return tuple((cell.column.label, join_lines(list(cell.lines))) for cell in cells)


def _is_wide(line: Line, width: int) -> bool:
    """Whether a line is as wide as content lines (unit cells are narrower)."""
    return display_width(line.text) > width * _NARROW


def _fragments(lines: list[Line], breaks: set[int]) -> list[list[Line]]:
    """The lines of a task cut where a page heading repeated inside it."""
    fragments: list[list[Line]] = [[]]
    for line in lines:
        fragments[-1].append(line)
        if line.number in breaks and line is not lines[-1]:
            fragments.append([])
    return [fragment for fragment in fragments if fragment]
