"""A flattened table whose text stops anywhere: every task read exact, or named.

A copy of a web page or a PDF may stop inside its table (a page not loaded,
a paste cut short). Whatever the flattening (one cell a line, cells a blank
line apart, ``|`` rows, cells a space apart on one line a row), the rows
before the cut must come out exact, and the row the cut falls in must be
said, never filled with guesses (the row above's units, a name's first
half). Only where the cut falls just after a whole name, or after the unit
cells, does the row read as printed: the text gives no sign that more was
meant, as it gives none after a whole table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.parsing import HEAD, as_txt

from gzgk.parse import ParseResult

# One table in our own words: number, task, lead, responsible, deadline.
HEADING = ("序号", "主要任务", "牵头单位", "责任单位", "完成时限")
ROWS = (
    ("1", "整治背街小巷环境", "区城管局", "区住建局、区交通局", "2026年6月底前"),
    ("2", "建设口袋公园", "区绿化市容局", "区规划资源局", "2026年9月底前"),
    ("3", "改造老旧电梯", "区住建局", "区市场监管局、区财政局", "2026年12月底前"),
    ("4", "开通社区巴士线路", "区交通委", "区财政局", "2026年10月底前"),
)
_UNITS = (2, 3)  # the unit columns: lead, responsible
_SAY_NOTHING = {"task-no-title", "task-no-content", "task-number-gap", "task-number-duplicate"}


def _one_a_line(rows: Sequence[Sequence[str]]) -> str:
    return "\n".join(cell for row in rows for cell in row)


def _blank_apart(rows: Sequence[Sequence[str]]) -> str:
    return "\n\n".join(cell for row in rows for cell in row)


def _piped(rows: Sequence[Sequence[str]]) -> str:
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def _spaced(rows: Sequence[Sequence[str]]) -> str:
    return "\n".join(" ".join(row) for row in rows)


RENDERINGS: dict[str, Callable[[Sequence[Sequence[str]]], str]] = {
    "one_a_line": _one_a_line,
    "blank_apart": _blank_apart,
    "piped": _piped,
    "spaced": _spaced,
}


def _names(cell: str) -> list[str]:
    return [name for name in cell.split("、") if name]


def _said(result: ParseResult, row: Sequence[str]) -> bool:
    """Whether an issue names the row's task, or quotes its text (``text-ignored``)."""
    return any(
        (issue.task == row[0] and issue.code not in _SAY_NOTHING) or row[1] in issue.message
        for issue in result.issues
    )


def _printed(row: Sequence[str], text: str, start: int, cut: int) -> tuple[list[str], list[str]]:
    """The units a row prints before the cut, when it stops after a whole name, else None's stand-in.

    ``start`` is where the row begins in ``text``; a cut inside a name (or after
    a separator, or before the unit cells) gives the row no reading of its own.
    """
    printed: list[list[str]] = [[], []]
    position = start
    for index, cell in enumerate(row):
        found = text.index(cell, position)
        if index in _UNITS:
            names = _names(cell)
            end_of = [found + len("、".join(names[: k + 1])) for k in range(len(names))]
            printed[_UNITS.index(index)] = [
                name for name, end in zip(names, end_of, strict=True) if end <= cut
            ]
            if found < cut < found + len(cell) and cut not in end_of:
                return [], ["?"]  # cut inside a name or after a separator
        position = found + len(cell)
    return printed[0], printed[1]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(sorted(RENDERINGS)), st.floats(min_value=0.0, max_value=1.0))
def test_table_cut_anywhere_is_exact_or_said(rendering: str, where: float) -> None:
    """Rows before the cut exact, the cut row said or read as printed: nothing guessed unsaid."""
    body = RENDERINGS[rendering]([HEADING, *ROWS])
    heading_end = len(RENDERINGS[rendering]([HEADING]))
    cut = heading_end + 1 + int(where * (len(body) - heading_end - 1))
    text = HEAD + body[:cut].rstrip("| \n")
    cut = len(text) - len(HEAD)
    result = as_txt(text, "cut")
    render = RENDERINGS[rendering]
    starts = [
        body.index(render([row]), len(render([HEADING, *ROWS[:index]])))
        for index, row in enumerate(ROWS)
    ]
    tasks = {task.number: task for task in result.notice.tasks}
    for row, start in zip(ROWS, starts, strict=True):
        number = row[0]
        if start >= cut:  # the row is not printed at all
            assert number not in tasks or _said(result, row), (rendering, cut, number)
            continue
        task = tasks.get(number)
        got = (list(task.lead), list(task.responsible)) if task else None
        whole = start + len(render([row])) <= cut
        expected = (_names(row[2]), _names(row[3])) if whole else _printed(row, body, start, cut)
        assert got == expected or _said(result, row), (rendering, cut, number, got, expected)
