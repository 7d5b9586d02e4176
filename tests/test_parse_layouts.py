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


KNOWN: tuple[Known, ...] = (
    Known(
        "names a line each in unit cells flattened one cell a line with no blank line between "
        "cells can be dealt out over the unit columns in several ways: the parser deals them "
        "out line by line (lead 市教育局, responsible 市融媒体中心, the rest cooperating) and "
        "names each such task (the warning task-units-ambiguous)",
        roles=["columns"],
        separator=["newline"],
        kind=["cells"],
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
