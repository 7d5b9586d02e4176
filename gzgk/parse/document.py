"""A notice from a :class:`~gzgk.documents.Document`: a Word or PDF file's text and tables.

The body text gives the header facts (issuer, number, title, recipients,
dates, deadline, contact, requirements) and, when the tasks are written as
paragraphs, the tasks (through :func:`~gzgk.parse.text.parse_text`). Each
table is read as a grid (:func:`~gzgk.parse.grid.parse_grid`); the tables
that hold tasks are the 分工表 when together they hold at least as many as
the text (a second table's numbers qualified by its name when the first has
them: 表2-1). Issues are located where users find them: ``第3页``, ``第12段``,
``表2 第5行``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from attrs import evolve

from gzgk.documents.model import DocTable, Document
from gzgk.lexicon.names import NameCheck
from gzgk.lexicon.vocabulary import role_words
from gzgk.model import Role
from gzgk.parse import notice_issues
from gzgk.parse.draft import Reporter
from gzgk.parse.finish import finish, join
from gzgk.parse.grid import cell_index, has_header, read_tables
from gzgk.parse.lines import despace, match_marker
from gzgk.parse.result import ParseResult
from gzgk.parse.text import read_text
from gzgk.report import Issue

__all__ = ["parse_document"]

# Issues of the body text that are about the header facts, kept when the tasks
# come from a table (the body's task issues, such as no-task-table, are not).
_FRONT_CODES = frozenset({"date-unreadable"})


def parse_document(
    document: Document,
    *,
    source: str = "",
    known: NameCheck | None = None,
    roles: Mapping[str, Role] | None = None,
) -> ParseResult:
    """Parse a notice read from a Word or PDF file.

    Args:
        document: the file's lines and tables (see :mod:`gzgk.documents`).
        source: the file name, for messages.
        known: tells whether a unit name is known (helps split PDF text).
        roles: labels to read with another role (``{"主要责任单位": Role.LEAD}``).
    """
    with role_words(roles):
        return _parse(document, source, known)


def _parse(document: Document, source: str, known: NameCheck | None) -> ParseResult:
    text = "\n".join(line.text.replace("\n", " ") for line in document.lines)
    body = read_text(text, source=source, known=known)
    places = [line.place for line in document.lines]
    joined = _continued(document.tables)
    read = read_tables([(t.name, [list(row) for row in t.rows]) for t in joined])
    everything = [(table, part) for table, part in zip(joined, read, strict=True)]
    tables = [(table, part) for table, part in everything if part.notice.tasks]
    if not tables or sum(len(p.notice.tasks) for _, p in tables) < len(body.notice.tasks):
        result = finish(body, known)
        return evolve(result, issues=tuple(_at_line(issue, places) for issue in result.issues))
    for table, part in tables:  # each table's issues where users find them: 表2 第5行
        part.reporter.issues = [_at_row(issue, table) for issue in part.reporter.issues]
    grids = join([part for _, part in tables], source)
    closing = "\n".join(part for part in (body.notice.closing, grids.notice.closing) if part)
    notice = evolve(body.notice, tasks=grids.notice.tasks, closing=closing)
    located = len(grids.reporter.issues)
    result = finish(evolve(grids, notice=notice), known)  # the body's rules apply to the tables
    owner = {task.number: table for table, part in tables for task in part.notice.tasks}
    checked = [
        _at_row(issue, owner.get(issue.task or "", tables[0][0]))
        for issue in result.issues[located:]
    ]
    front = [_at_line(i, places) for i in body.reporter.issues if i.code in _FRONT_CODES]
    unread = [_unread(table, source) for table, part in everything if not part.notice.tasks]
    return evolve(
        result,
        issues=(*front, *result.issues[:located], *checked, *(i for i in unread if i)),
    )


def _unread(table: DocTable, source: str) -> Issue | None:
    """A table read for no task although rows of it are numbered like tasks: said, not lost."""
    for row, place in zip(table.rows, table.places, strict=True):
        cells = [despace(cell or "") for cell in row]
        filled = [cell for cell in dict.fromkeys(cells) if cell]
        if len(filled) >= 2 and _numbered(filled[0]):  # noqa: PLR2004
            reporter = Reporter(source)
            reporter.issue(
                notice_issues.TASK_TEXT_IGNORED, text=f"{table.name}：{' '.join(filled)[:60]}"
            )
            return evolve(reporter.issues[0], sheet=place)
    return None


def _continued(tables: Sequence[DocTable]) -> list[DocTable]:
    """The tables, each without a header of its own joined to a table before it that has one.

    Word breaks a 分工表 in two at a page break or an empty paragraph: the
    second part has no header, and as many columns. Its rows keep their
    places (表2 第1行).
    """
    result: list[DocTable] = []
    headed = False
    for table in tables:
        own = has_header(table.rows)
        if result and headed and not own and _width(table) == _width(result[-1]):
            last = result[-1]
            rows, places = last.rows + table.rows, last.places + table.places
            result[-1] = evolve(last, rows=rows, places=places)
            continue
        result.append(table)
        headed = own
    return result


def _numbered(cell: str) -> bool:
    """Whether a cell is a task's number (1, 1., （一）, ⑴) or starts with one."""
    return match_marker(cell) is not None or cell.strip("（()）.、． ").isdigit()


def _width(table: DocTable) -> int:
    return max((len(row) for row in table.rows), default=0)


def _at_line(issue: Issue, places: Sequence[str]) -> Issue:
    """A body issue located by its line's place (第3页, 第12段) instead of a line number."""
    if issue.line is None or not 0 < issue.line <= len(places) or not places[issue.line - 1]:
        return issue
    return evolve(issue, sheet=places[issue.line - 1], line=None)


def _at_row(issue: Issue, table: DocTable) -> Issue:
    """A table issue located by its row's place (表2 第5行, 第3页) instead of a cell address."""
    if issue.cell is None:
        return evolve(issue, sheet=table.name)
    try:
        row, _ = cell_index(issue.cell)
    except ValueError:
        return issue
    place = table.places[row] if row < len(table.places) else table.name
    return evolve(issue, sheet=place, cell=None)
