"""A notice from a :class:`~gzgk.documents.Document`: a Word or PDF file's text and tables.

The body text gives the header facts (issuer, number, title, recipients,
dates, deadline, contact, requirements) and, when the tasks are written as
paragraphs, the tasks (through :func:`~gzgk.parse.text.parse_text`). Each
table is read as a grid (:func:`~gzgk.parse.grid.parse_grid`); the one that
holds the most tasks is the 分工表 when it holds at least as many as the
text. Issues are located where users find them: ``第3页``, ``第12段``,
``表2 第5行``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from attrs import evolve

from gzgk.documents.model import DocTable, Document
from gzgk.model import Role
from gzgk.parse.draft import Reporter
from gzgk.parse.grid import cell_index, parse_grid
from gzgk.parse.names import NameCheck
from gzgk.parse.result import ParseResult
from gzgk.parse.rules import apply_rules
from gzgk.parse.text import parse_text
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
    text = "\n".join(line.text.replace("\n", " ") for line in document.lines)
    body = parse_text(text, source=source, known=known, roles=roles)
    places = [line.place for line in document.lines]
    body_issues = [_at_line(issue, places) for issue in body.issues]
    best: tuple[DocTable, ParseResult] | None = None
    for table in document.tables:
        grid = parse_grid([list(row) for row in table.rows], source=source, roles=roles)
        if grid.notice.tasks and (
            best is None or len(grid.notice.tasks) > len(best[1].notice.tasks)
        ):
            best = (table, grid)
    if best is None or len(best[1].notice.tasks) < len(body.notice.tasks):
        return ParseResult(source=source, notice=body.notice, issues=tuple(body_issues))
    table, grid = best
    closing = "\n".join(part for part in (body.notice.closing, grid.notice.closing) if part)
    notice = evolve(body.notice, tasks=grid.notice.tasks, closing=closing)
    reporter = Reporter(source)
    notice = apply_rules(notice, reporter)  # rules printed in the body apply to the table
    issues = [
        *(issue for issue in body_issues if issue.code in _FRONT_CODES),
        *(_at_row(issue, table) for issue in grid.issues),
        *reporter.issues,
    ]
    return ParseResult(source=source, notice=notice, issues=tuple(issues))


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
