"""Several tables in one notice, and a table's last row cut short.

Notices often attach more than one table: 附件1 the task division, 附件2 a list of
projects with its own header (责任单位 and 完成时限, no 牵头单位). Each is read
by its own header, in a sheet, on separate sheets of a workbook, or as separate
Word tables; numbers that repeat an earlier table's are qualified by the
table's caption or name (附件2-1, 表2-1), while a 分工表 broken into tables that
go on with their numbers keeps them. A row cut short at the end (the text
stops after its number and title) is reported, never filled from the row above.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document as DocxDocument
from openpyxl import Workbook
from support.layouts import TEXT_KINDS

from gzgk import ParseResult, parse_grid, parse_text, read_notice

Row = list[str | None]
TASKS: list[Row] = [
    ["序号", "主要任务", "牵头单位", "责任单位"],
    ["1", "推进数据开放", "市发改委", "市财政局"],
    ["2", "加强政策解读", "市政府办公室", "市司法局、市审计局"],
]
PROJECTS: list[Row] = [
    ["序号", "类别", "重点项目", "完成时限", "责任单位"],
    ["1", "基础设施", "建设城市数据中心", "2025年6月底前", "市大数据局"],
    ["2", "民生服务", "建设一网通办平台", "2025年12月底前", "市行政审批局"],
]
FIRST = [
    ("1", "推进数据开放", ("市发改委",), ("市财政局",), ""),
    ("2", "加强政策解读", ("市政府办公室",), ("市司法局", "市审计局"), ""),
]


def second(prefix: str) -> list[tuple[object, ...]]:
    """The project table's tasks, their numbers qualified by ``prefix``."""
    return [
        (f"{prefix}1", "建设城市数据中心", (), ("市大数据局",), "2025年6月底前"),
        (f"{prefix}2", "建设一网通办平台", (), ("市行政审批局",), "2025年12月底前"),
    ]


def tasks(result: ParseResult) -> list[tuple[object, ...]]:
    """Number, text, lead, responsible units and deadline of each task."""
    return [
        (t.number, t.title or t.content, t.lead, t.responsible, t.deadline)
        for t in result.notice.tasks
    ]


def errors(result: ParseResult) -> list[tuple[str, str | None]]:
    """Code and task of each error."""
    return [(issue.code, issue.task) for issue in result.issues if issue.is_error]


def padded(rows: list[Row], width: int = 5) -> list[Row]:
    """Rows as wide as the widest table of the sheet."""
    return [row + [None] * (width - len(row)) for row in rows]


# -- two tables in one sheet ----------------------------------------------------------


def test_two_tables_in_one_sheet() -> None:
    """A second header under the first table starts a table read by its own columns."""
    rows = padded([["附件1"], *TASKS, [], ["附件2"], ["2025年重点项目表"], *PROJECTS])
    result = parse_grid(rows)
    assert tasks(result) == FIRST + second("附件2-")
    assert errors(result) == []
    assert [t.section for t in result.notice.tasks][2:] == ["基础设施", "民生服务"]
    ignored = [i.message for i in result.issues if i.code == "text-ignored"]
    assert ignored == ["有文字未归入任何任务：“2025年重点项目表”。如它属于某项任务，请检查其编号"]


def test_second_table_without_caption_is_named_by_its_place() -> None:
    """Without a caption the second table's repeated numbers are qualified as 表2-."""
    result = parse_grid(padded([*TASKS, *PROJECTS]))
    assert tasks(result) == FIRST + second("表2-")


def test_second_table_numbered_on_keeps_its_numbers() -> None:
    """A second table that goes on with the numbers (3, 4) needs no qualifying."""
    projects = [PROJECTS[0], *(["3", *row[1:]] if row[0] == "1" else row for row in PROJECTS[1:])]
    projects[2] = ["4", *PROJECTS[2][1:]]
    result = parse_grid(padded([*TASKS, *projects]))
    assert [t.number for t in result.notice.tasks] == ["1", "2", "3", "4"]


def test_repeated_header_is_one_table() -> None:
    """The same header printed again (on each page) goes on with the same table."""
    rows = [*TASKS, TASKS[0], ["3", "做好政策培训", "市人社局", "市财政局"]]
    result = parse_grid(rows)
    assert [t.number for t in result.notice.tasks] == ["1", "2", "3"]
    assert errors(result) == []


def test_note_under_the_first_table_keeps_the_second() -> None:
    """A 注 under the first table ends at the next table's header: both tables are read."""
    rows = padded([*TASKS, ["注：表中单位均为市直单位。"], ["附件2"], *PROJECTS])
    result = parse_grid(rows)
    assert tasks(result) == FIRST + second("附件2-")
    assert "注：表中单位均为市直单位。" in result.notice.closing


# -- two sheets, two Word tables ---------------------------------------------------------


def test_two_sheets_of_a_workbook(tmp_path: Path) -> None:
    """Every sheet with tasks is read; a sheet repeating numbers is named by its title."""
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "任务分工"
    for row in TASKS:
        first.append(row)
    projects = book.create_sheet("重点项目")
    for row in PROJECTS:
        projects.append(row)
    book.save(tmp_path / "分工表.xlsx")
    result = read_notice(tmp_path / "分工表.xlsx", isolated=False)
    assert tasks(result) == FIRST + second("重点项目-")
    assert errors(result) == []


def word_file(path: Path, *tables: list[Row]) -> Path:
    """A .docx with a line of text and the tables, a caption line before each."""
    document = DocxDocument()
    document.add_paragraph("关于印发任务分工的通知")
    for number, rows in enumerate(tables, start=1):
        document.add_paragraph(f"附件{number}")
        table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
        for cells, row in zip(table.rows, rows, strict=True):
            for cell, text in zip(cells.cells, row, strict=False):
                cell.text = text or ""
    document.save(str(path))
    return path


def test_two_word_tables(tmp_path: Path) -> None:
    """Both tables of a Word file are read; the second's repeated numbers are named 表2-."""
    result = read_notice(word_file(tmp_path / "通知.docx", TASKS, PROJECTS), isolated=False)
    assert tasks(result) == FIRST + second("表2-")
    assert errors(result) == []


def test_word_table_broken_in_two_keeps_its_numbers(tmp_path: Path) -> None:
    """A 分工表 broken into two Word tables (header repeated, numbers go on) is one table."""
    rest = [TASKS[0], ["3", "做好政策培训", "市人社局", "市财政局"]]
    result = read_notice(word_file(tmp_path / "通知.docx", TASKS, rest), isolated=False)
    assert [t.number for t in result.notice.tasks] == ["1", "2", "3"]
    assert errors(result) == []


# -- a row cut short at the end ------------------------------------------------------------

CUT: list[Row] = [*TASKS, ["3", "做好政策培训"]]


def check_cut(result: ParseResult) -> None:
    """The first rows read, the cut row an error naming it, its units empty (no guess)."""
    assert tasks(result)[:2] == FIRST
    (last,) = result.notice.tasks[2:]
    assert (last.number, last.lead, last.responsible, last.cooperating) == ("3", (), (), ())
    assert errors(result) == [("task-units-unparsable", "3")]
    assert "units-from-row-above" not in {issue.code for issue in result.issues}


def test_cut_row_in_a_sheet() -> None:
    """In a spreadsheet."""
    check_cut(parse_grid(padded(CUT, 4)))


def test_cut_row_in_a_word_table(tmp_path: Path) -> None:
    """In a Word table."""
    check_cut(read_notice(word_file(tmp_path / "通知.docx", padded(CUT, 4)), isolated=False))


HEAD = "关于印发任务分工的通知\n各县（市、区）人民政府，市政府各部门：\n现将任务分工如下。\n"


@pytest.mark.parametrize("kind", [kind for kind in TEXT_KINDS if kind != "text"] + ["html"])
def test_cut_row_in_web_text(kind: str) -> None:
    """In a table copied from a web page: | rows, one cell a line, blank lines, HTML."""
    cells = [[cell or "" for cell in row] for row in CUT]
    if kind == "pipe":
        text = HEAD + "\n".join("| " + " | ".join(row) + " |" for row in cells) + "\n"
    elif kind == "html":
        rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in cells)
        text = f"<html><body><p>{HEAD}</p><table>{rows}</table></body></html>"
    else:
        gap = "\n\n" if kind == "blank" else "\n"
        text = HEAD + gap.join(cell for row in cells for cell in row) + "\n"
    check_cut(parse_text(text))
