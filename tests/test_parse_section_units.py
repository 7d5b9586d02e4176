"""A section heading that names who does the items under it: read the same in every file kind.

``一、县示范区管委会牵头工作(8项)`` over items that print no unit gives its unit
to each of them, in its role, reported once (``section-units-applied``). The
family is any heading that is its units, a role verb, the word for its items
and their count (``X牵头工作（5项）``, ``X负责（共3项）``, ``X、Y牵头的任务（4项）``),
or a heading of the corpus's other forms (``（一）由X牵头``, ``牵头单位：X``): in a
table's merged row with no unit column (Word, Excel), and as a text's heading.
Headings of these shapes that name no unit (``推进产业发展（8项）``) give none.
"""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
from support.parsing import HEAD, as_txt

from gzgk import ParseResult, read_notice
from gzgk.parse.assign import read_heading

# (section heading without its number, the role it gives, the names), in other words
# than the corpus's 县示范区管委会牵头工作(8项).
HEADINGS = {
    "work-count": ("区住建局牵头工作（5项）", "lead", ("区住建局",)),
    "you-lead": ("由区发展改革委牵头", "lead", ("区发展改革委",)),
    "responsible-count": ("区财政局负责（共3项）", "responsible", ("区财政局",)),
    "two-leads-tasks": (
        "市农业农村局、市水利局牵头的任务（4项）",
        "lead",
        ("市农业农村局", "市水利局"),
    ),
}
TASKS = ("完善城市排水管网，年内改造老旧管网20公里。", "推进老旧小区改造，完成12个小区。")
NUMERALS = "一二"


def _sections(first: str, second: str) -> list[tuple[str, tuple[str, ...]]]:
    """Two sections, each a heading over two tasks."""
    return [(f"{NUMERALS[0]}、{first}", TASKS), (f"{NUMERALS[1]}、{second}", TASKS)]


def _want(first: str, second: str) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """Each task's (number, lead, responsible) under the two headings."""
    rows = []
    number = 0
    for key in (first, second):
        _, role, names = HEADINGS[key]
        for _ in TASKS:
            number += 1
            lead, responsible = (names, ()) if role == "lead" else ((), names)
            rows.append((str(number), lead, responsible))
    return rows


def _got(result: ParseResult) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return [(t.number, t.lead, t.responsible) for t in result.notice.tasks]


def _applied(result: ParseResult) -> list[str | None]:
    return [i.message for i in result.issues if i.code == "section-units-applied"]


def _docx(sections: list[tuple[str, tuple[str, ...]]], path: Path) -> Path:
    """A Word 分工表 of two columns 序号 | 工作任务, each heading a row merged across."""
    document = docx.Document()
    document.add_paragraph("附件")
    document.add_paragraph("2025年重点工作任务清单")
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "序号", "工作任务"
    number = 0
    for heading, tasks in sections:
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[1])
        merged.text = heading
        for task in tasks:
            number += 1
            cells = table.add_row().cells
            cells[0].text, cells[1].text = str(number), task
    document.save(str(path))
    return path


def _xlsx(sections: list[tuple[str, tuple[str, ...]]], path: Path) -> Path:
    """An Excel 分工表 of two columns 序号 | 工作任务, each heading a row merged across."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["2025年重点工作任务清单"])
    sheet.merge_cells("A1:B1")
    sheet.append(["序号", "工作任务"])
    number = 0
    for heading, tasks in sections:
        sheet.append([heading])
        sheet.merge_cells(
            start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=2
        )
        for task in tasks:
            number += 1
            sheet.append([number, task])
    book.save(path)
    return path


def _text(sections: list[tuple[str, tuple[str, ...]]]) -> str:
    """The headings and their numbered items as a text notice prints them."""
    lines = []
    number = 0
    for heading, tasks in sections:
        lines.append(heading)
        for task in tasks:
            number += 1
            lines.append(f"{number}.{task}")
    return HEAD + "\n".join(lines) + "\n"


PAIRS = [
    ("work-count", "responsible-count"),
    ("you-lead", "two-leads-tasks"),
    ("two-leads-tasks", "work-count"),
]


@pytest.mark.parametrize(("first", "second"), PAIRS)
@pytest.mark.parametrize("kind", ["docx", "xlsx", "txt"])
def test_heading_names_the_units_of_its_items(
    kind: str, first: str, second: str, tmp_path: Path
) -> None:
    """Each task takes its heading's units in the heading's role; each heading is said once."""
    sections = _sections(HEADINGS[first][0], HEADINGS[second][0])
    if kind == "docx":
        result = read_notice(_docx(sections, tmp_path / "清单.docx"), isolated=False)
    elif kind == "xlsx":
        result = read_notice(_xlsx(sections, tmp_path / "清单.xlsx"), isolated=False)
    else:
        result = as_txt(_text(sections), "清单")
    assert _got(result) == _want(first, second)
    applied = _applied(result)
    assert len(applied) == 2  # one per heading
    assert all("1、2" in message or "3、4" in message for message in applied if message)
    assert not [i for i in result.issues if i.is_error]


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_a_label_as_the_section_row(kind: str, tmp_path: Path) -> None:
    """``牵头单位：X`` as the merged row over the items: X leads them."""
    sections = [("牵头单位：市商务局", TASKS)]
    write = _docx if kind == "docx" else _xlsx
    result = read_notice(write(sections, tmp_path / f"清单.{kind}"), isolated=False)
    assert _got(result) == [("1", ("市商务局",), ()), ("2", ("市商务局",), ())]
    assert len(_applied(result)) == 1


@pytest.mark.parametrize(
    ("heading", "names"),
    [
        ("县示范区管委会牵头工作(8项)", {"lead": ("县示范区管委会",)}),
        ("区住建局负责（5项）", {"responsible": ("区住建局",)}),
        ("区商务局牵头事项（共2项）", {"lead": ("区商务局",)}),
        ("推进产业发展（8项）", {}),
        ("加强基础设施建设工作", {}),
        ("重点项目（12个）", {}),
    ],
)
def test_read_heading(heading: str, names: dict[str, tuple[str, ...]]) -> None:
    """A heading of units, a role verb, the items' word and count names them; others name none."""
    reading = read_heading(heading)
    got = {found.role.value: found.names for found in reading.fields if found.role is not None}
    assert got == names
