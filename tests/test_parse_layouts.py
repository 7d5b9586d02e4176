"""Layouts by construction: a random notice rendered in any layout comes back as the same tasks.

Every combination of header shape (one row; two rows, 责任单位 over 牵头/责任/配合;
merged cells; repeated header rows; title rows above), role expression
(separate columns; one column with inline markers; the first-named rule;
units stated once per section), separator between names (、，； a line break,
a space), numbering (1 1. （一） 一、 ⑴ ①, none) and file kind (tab text, ``|``
text, one cell a line, blank-line text, HTML, .docx, .xlsx) is rendered from a
notice drawn for it (:mod:`support.layouts`) and read with ``read_notice``:
the number, title, content and the units of each role of every task must come
back, with no error. LibreOffice prints a bounded set of them as PDF, chosen
so that every value of every dimension is printed at least once.

Combinations the parser cannot read yet are ``KNOWN``: strict xfails, each
naming the form, so a fix that makes one pass shows here (drop or narrow the
rule; ``tests/support/layout_report.py`` lists what changed and proposes
rules).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path

import pytest
from attrs import field, frozen
from support.documents import soffice_convert
from support.layouts import (
    HEADERS,
    KINDS,
    NUMBERINGS,
    ROLES,
    SEPARATORS,
    Layout,
    build,
    expected,
    layouts,
    make_notice,
    write,
)
from support.libreoffice import LibreOffice

from gzgk import ParseResult, read_notice


def _values(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(values)


@frozen
class Known:
    """Combinations the parser does not read yet: each dimension's values (empty: any)."""

    reason: str
    header: tuple[str, ...] = field(default=(), converter=_values)
    roles: tuple[str, ...] = field(default=(), converter=_values)
    separator: tuple[str, ...] = field(default=(), converter=_values)
    numbering: tuple[str, ...] = field(default=(), converter=_values)
    kind: tuple[str, ...] = field(default=(), converter=_values)

    def matches(self, layout: Layout) -> bool:
        """Whether the rule names a combination."""
        return all(
            not values or getattr(layout, name) in values
            for name, values in (
                ("header", self.header),
                ("roles", self.roles),
                ("separator", self.separator),
                ("numbering", self.numbering),
                ("kind", self.kind),
            )
        )

    def source(self) -> str:
        """The rule as it is written in KNOWN."""
        fixed = [
            f"{name}={values!r}"
            for name in ("header", "roles", "separator", "numbering", "kind")
            if (values := getattr(self, name))
        ]
        return f"    Known({self.reason!r}, {', '.join(fixed)}),"

    @property
    def form(self) -> str:
        """The combinations the rule names, in words: ``two-rows header, pipe/html``."""
        parts = [
            f"{'/'.join(values)} {name}"
            for name in ("header", "roles", "separator", "numbering", "kind")
            if (values := getattr(self, name))
        ]
        return ", ".join(parts) or "every layout"


_FLAT = ["text", "pipe", "cells", "blank"]  # a table flattened to text
_FLAT_OR_HTML = [*_FLAT, "html"]
_NOT_REPEATED = ["one-row", "two-rows", "merged", "title-rows"]
_SPACE_JOINS = (
    "a space (in a section heading a line break too) splits names only between two names "
    "ending in 局/委: 市融媒体中心 市自然资源局, 市政府办公室 市审计局, 市商务局 各县（市、区）人民政府 "
    "come back as one name, silently"
)
KNOWN: tuple[Known, ...] = (
    Known("rows of tab-separated cells are not read as a table (no-tasks)", kind=["text"]),
    Known(
        "a 序号 cell （一） ⑴ ① is taken for the title and the title runs into the content, "
        "often silently",
        numbering=["paren", "aparen", "circled"],
        kind=_FLAT_OR_HTML,
    ),
    Known(
        "the two header rows (责任单位 over 牵头/责任/配合) are not read as one header: no tasks "
        "(column-missing), or the title runs into the content, often silently",
        header=["two-rows"],
        kind=_FLAT_OR_HTML,
    ),
    Known(
        "beside a merged 类别 column a 序号 cell other than a bare number is not read as the "
        "number: tasks are counted instead (一、 → 1) or the 类别 becomes the title, often silently",
        header=["merged"],
        numbering=["arabic", "paren", "dun", "aparen", "circled"],
        kind=_FLAT_OR_HTML,
    ),
    Known(
        "units on a section heading row are not given to the tasks under it; the heading is "
        "read as a task",
        roles=["section"],
        kind=_FLAT_OR_HTML,
    ),
    Known(
        "units stated in a merged 类别 cell (类别（牵头单位：X；责任单位：Y）) are not given to "
        "the tasks it spans",
        header=["merged"],
        roles=["section"],
    ),
    Known(
        "a lead cell merged down over two tasks (rowspan) shifts the second task's units one "
        "column left, silently",
        header=["merged"],
        roles=["columns"],
        kind=["html"],
    ),
    Known(_SPACE_JOINS, header=_NOT_REPEATED, roles=["columns"], separator=["space"]),
    Known(_SPACE_JOINS, header=["repeated"], roles=["first-named"], separator=["space"]),
    Known(
        _SPACE_JOINS,
        header=["two-rows", "merged", "title-rows"],
        roles=["section"],
        separator=["newline", "space"],
    ),
    Known(
        "names with role markers separated by spaces (市民政局（牵头） 市政府有关部门（牵头） "
        "市审计局) get the wrong roles, silently in text and HTML; in .docx and .xlsx the "
        "markers stay inside one long name (unit-name-invalid)",
        roles=["inline"],
        separator=["space"],
    ),
    Known(
        "names a line each in a cell (<br> in HTML, lines of their own when flattened) are "
        "shifted into the next column (市工信局<br>市卫健委 → lead 市工信局, responsible "
        "市卫健委), silently, or cut into rows of their own",
        roles=["columns", "section"],
        separator=["newline"],
        kind=_FLAT_OR_HTML,
    ),
    Known(
        "a | row whose cells hold names a line each is broken over lines: the rest of the table "
        "is lost after the first such row, silently, or the names become rows of their own",
        separator=["newline"],
        kind=["text", "pipe"],
    ),
    Known(
        "without a 序号 column, the lines of a unit cell flattened one cell a line are read as "
        "rows of their own (task-no-content)",
        separator=["newline"],
        numbering=["none"],
        kind=_FLAT,
    ),
    Known(
        "role clauses a line each in one cell (X牵头 / Y、Z负责 / W配合), flattened one cell a "
        "line, are cut into rows of their own",
        header=["one-row", "two-rows", "repeated", "title-rows"],
        roles=["inline"],
        separator=["newline"],
        kind=["cells", "blank"],
    ),
    Known(
        "a cell of four names a line each (the first-named lead and three more), flattened one "
        "cell a line, is cut into rows of their own",
        header=["repeated"],
        roles=["first-named"],
        separator=["newline"],
        kind=["cells", "blank"],
    ),
)


def read(layout: Layout, path: Path) -> ParseResult:
    """Read a rendered file as ``gzgk parse`` does (a .docx for a PDF is printed first)."""
    if layout.kind == "pdf" and path.suffix == ".docx":
        path = soffice_convert(path, "pdf", path.parent)
    return read_notice(path, isolated=False)


def outcome(result: ParseResult) -> tuple[list[tuple[object, ...]], list[str]]:
    """What came back: number, title, content and units by role of each task; the error codes."""
    tasks = [
        (t.number, t.title, t.content, t.lead, t.responsible, t.cooperating)
        for t in result.notice.tasks
    ]
    return tasks, [issue.code for issue in result.issues if issue.is_error]


def _case(layout: Layout) -> object:
    """A test case of a combination, a strict xfail naming the form when a rule names it."""
    known = next((rule for rule in KNOWN if rule.matches(layout)), None)
    marks = (
        [pytest.mark.xfail(strict=True, reason=f"{known.form}: {known.reason}")] if known else []
    )
    return pytest.param(layout, id=layout.id, marks=marks)


@pytest.mark.parametrize("layout", [_case(x) for x in layouts([k for k in KINDS if k != "pdf"])])
def test_layout(layout: Layout, tmp_path: Path) -> None:
    """The tasks of a notice rendered in this layout come back, with no error."""
    spec = make_notice(layout)
    path = write(build(spec, layout), layout.kind, tmp_path)
    assert outcome(read(layout, path)) == (expected(spec, layout), [])


def _printed() -> list[Layout]:
    """PDF combinations: every value of every dimension at least once, in few documents."""
    dimensions = (HEADERS, ROLES, tuple(SEPARATORS), NUMBERINGS)
    rows = max(len(values) for values in dimensions)
    columns = [itertools.islice(itertools.cycle(values), rows) for values in dimensions]
    return [Layout(*values, "pdf") for values in zip(*columns, strict=True)]


@pytest.mark.parametrize("layout", [_case(layout) for layout in _printed()])
def test_printed_layout(layout: Layout, tmp_path: Path, libreoffice: LibreOffice) -> None:
    """The tasks of a notice printed as PDF by LibreOffice come back, with no error."""
    spec = make_notice(layout)
    document = write(build(spec, layout), layout.kind, tmp_path)
    pdf = tmp_path / "通知.pdf"
    libreoffice.convert_text_pdf(document, pdf)
    assert outcome(read_notice(pdf, isolated=False)) == (expected(spec, layout), [])
