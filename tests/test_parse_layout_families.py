"""The families of file tables that failed on first reads, by construction, in every file kind.

Each family of :data:`support.layouts.FAMILIES` (a unit cell merged down over
every row, labelled lines inside one cell, the unit columns before the task
text, a two-row header, repeated header rows, section rows merged across, a
category column merged down, a 完成时限 and a 责任领导 column, a note under the
table with the first-named rule) is rendered as .docx, as .xlsx and as the PDF
LibreOffice prints from the .docx: the same tasks must come back from each,
with no error, and the table reader shared by the three kinds must say so
once for all of them. A reading that is doubtful (a column whose role is
guessed, a row of a task's units joined to it, a row under a merged task cell
made a task of its own, a rule or a heading's units applied) must name every
task it touches, and no other doubt may be raised.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.layouts import (
    FAMILIES,
    Layout,
    Variant,
    build,
    expected,
    expected_schedule,
    make_family_notice,
    write,
)
from support.libreoffice import LibreOffice

from gzgk import ParseResult, read_notice

FILE_KINDS = ("docx", "xlsx", "pdf")
# Printed families not read yet, each a strict xfail naming why (what the parser says instead).
KNOWN_PRINTED = {
    "unruled-category-merged": (
        "a unit cell merged down in a table without ruling lines is printed once: the rows "
        "below read without it, each said (task-no-lead), never filled by a guess"
    ),
}


def _family(name: str, kind: str) -> tuple[Layout, Variant]:
    form, variant = FAMILIES[name]
    header, roles, separator, numbering = form.split("/")
    return Layout(header, roles, separator, numbering, kind), variant


# Warnings that say a reading is doubtful: each must name the tasks it touches.
DOUBTFUL = frozenset(
    {
        "column-guessed",
        "notice-rule-applied",
        "role-word-guessed",
        "section-units-applied",
        "task-row-split",
        "task-units-ambiguous",
        "units-from-row-above",
        "units-from-rows-below",
    }
)
Outcome = tuple[list[tuple[object, ...]], list[str], set[tuple[str, str | None]]]


def _outcome(result: ParseResult, variant: Variant) -> Outcome:
    """Each task's number, title, content, units by role (and schedule); errors; doubts said.

    A doubt is a warning of :data:`DOUBTFUL` and the task it names; one that
    lists its tasks in its message (``column-guessed``) is there once per task.
    """
    tasks: list[tuple[object, ...]] = [
        (t.number, t.title, t.content, t.lead, t.responsible, t.cooperating)
        + ((t.deadline, t.leaders) if variant.schedule else ())
        + ((t.leaders,) if variant.people else ())
        for t in result.notice.tasks
    ]
    doubts: set[tuple[str, str | None]] = set()
    for issue in result.issues:
        if issue.code == "column-guessed":
            listed = issue.message.rsplit("：", 1)[-1].rstrip("）").split("、")
            doubts |= {(issue.code, number) for number in listed}
        elif issue.code in DOUBTFUL:
            doubts.add((issue.code, issue.task))
    return tasks, [issue.code for issue in result.issues if issue.is_error], doubts


def _rendered(name: str, kind: str, folder: Path, libreoffice: LibreOffice | None) -> ParseResult:
    layout, variant = _family(name, kind)
    spec = make_family_notice(layout, variant)
    path = write(build(spec, layout, variant), kind, folder)
    if kind == "pdf":
        assert libreoffice is not None
        pdf = folder / "通知.pdf"
        libreoffice.convert_text_pdf(path, pdf)
        path = pdf
    return read_notice(path, isolated=False)


def _want(name: str, kind: str) -> Outcome:
    """The tasks a family's notice holds, no error, and the doubts its form must raise."""
    layout, variant = _family(name, kind)
    spec = make_family_notice(layout, variant)
    rows = expected(spec, layout)
    if variant.untitled:
        rows = [(row[0], "", *row[2:]) for row in rows]
    if variant.schedule:
        rows = [
            (*row, *schedule) for row, schedule in zip(rows, expected_schedule(spec), strict=True)
        ]
    if variant.people:
        rows = [
            (*row, leaders) for row, (_, leaders) in zip(rows, expected_schedule(spec), strict=True)
        ]
    numbers = [str(row[0]) for row in rows]
    doubts: set[tuple[str, str | None]] = set()
    if layout.roles == "first-named" and not variant.cell_rule:
        doubts.add(("notice-rule-applied", None))
    if layout.roles == "section":
        doubts.add(("section-units-applied", None))
    if variant.sub_rows:  # the third task is the second's sub-row
        doubts.add(("task-row-split", numbers[2]))
    if variant.split_units:  # the second task's units over two rows
        doubts.add(("units-from-rows-below", numbers[1]))
    if variant.guessed:
        doubts |= {("column-guessed", number) for number in numbers}
    return rows, [], doubts


@pytest.mark.parametrize("name", sorted(FAMILIES))
@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_family_file(name: str, kind: str, tmp_path: Path) -> None:
    """A family's table as a Word or Excel file gives its tasks back, with no error."""
    _, variant = _family(name, kind)
    assert _outcome(_rendered(name, kind, tmp_path, None), variant) == _want(name, kind)


def _printed(name: str) -> object:
    """A printed family's case, a strict xfail when it is a known gap."""
    reason = KNOWN_PRINTED.get(name)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(name, id=name, marks=marks)


@pytest.mark.parametrize("name", [_printed(name) for name in sorted(FAMILIES)])
def test_family_printed(name: str, tmp_path: Path, libreoffice: LibreOffice) -> None:
    """A family's table printed as PDF by LibreOffice gives its tasks back, with no error."""
    _, variant = _family(name, "pdf")
    assert _outcome(_rendered(name, "pdf", tmp_path, libreoffice), variant) == _want(name, "pdf")
