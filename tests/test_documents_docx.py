"""Word notices: read_docx (paragraphs, automatic numbering, merged tables) and LibreOffice conversion."""

from __future__ import annotations

import os
import re
import sys
import textwrap
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from docx.table import Table, _Cell
from openpyxl import Workbook
from support.documents import (
    add_list,
    ganzhou_docx,
    numbered,
    restart_list,
    set_numbering,
    soffice_convert,
)

import gzgk
from gzgk.documents import (
    ConversionFailedError,
    ConverterMissingError,
    DocLine,
    DocTable,
    DocumentError,
)
from gzgk.documents import docx as docx_reader
from gzgk.documents.convert import convert, find_soffice
from gzgk.documents.docx import read_docx
from gzgk.excel.notice_book import read_grids
from gzgk.parse.document import parse_document
from gzgk.parse.grid import parse_grid
from gzgk.parse.result import ParseResult

TITLE = "2025年政务公开工作任务分工表"
HEADER = ("序号", "类别", "主要任务", "牵头单位", "责任单位")
NOTE = "注：各县（市、区）人民政府负责本地区落实。"
BODY = (
    "赣州市人民政府办公室",
    "赣市府办字〔2025〕12号",
    "赣州市人民政府办公室关于印发2025年政务公开工作任务分工的通知",
    "各县（市、区）人民政府，市政府各部门：",
    "为做好2025年政务公开工作，现将任务分工表印发给你们，请认真贯彻落实。",
    "请于2025年12月10日前报送市政府办公室政务公开科，联系人：张三，联系电话：0797-8992059。",
    "赣州市人民政府办公室",
    "2025年3月1日",
)


# --- building Word files ----------------------------------------------------------


def fill_table(
    document: DocxDocument,
    rows: Sequence[Sequence[str | None]],
    merges: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
    *,
    header_rows: Sequence[int] = (),
) -> Table:
    r"""A table: cells merged first (python-docx writes gridSpan and vMerge), then texts.

    A text with ``\\n`` becomes several paragraphs of its cell; None leaves a cell empty.
    """
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for (top, left), (bottom, right) in merges:
        table.cell(top, left).merge(table.cell(bottom, right))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            cell = table.cell(r, c)
            first, *rest = value.split("\n")
            cell.paragraphs[0].text = first
            for text in rest:
                cell.add_paragraph(text)
    for index in header_rows:
        table.rows[index]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    document.add_paragraph()  # Word ends every table with a paragraph
    return table


# The 分工表 of the notice: header on the second row under a title merged across,
# 类别 merged down over its tasks, task 4 merged over two rows (two 责任单位),
# an empty row, the header repeated, task 5 without a lead, a 注： row merged across.
TABLE_ROWS: list[list[str | None]] = [
    [TITLE, None, None, None, None],
    list(HEADER),
    ["1", "政策解读", "深化政策解读。坚持政策文件与解读材料同步起草。", "市政府办公室", "各县（市、区）人民政府"],
    ["2", None, "健全意见征集机制。制定涉企政策应当听取企业意见。", "市司法局\n市行政审批局", "市财政局"],
    ["3", None, "推进公共数据开放。编制公共数据开放目录。", "市发改委", None],
    [None, None, None, None, None],
    list(HEADER),
    ["4", "数据开放", "加强教育信息公开。做好义务教育招生政策信息公开。", "市教育局", "市人社局"],
    [None, None, None, None, "市财政局"],
    ["5", None, "规范政府网站管理。开展日常监测。", None, "各县（市、区）人民政府"],
    [NOTE, None, None, None, None],
]  # fmt: skip
TABLE_MERGES = (
    ((0, 0), (0, 4)),
    ((2, 1), (4, 1)),
    ((7, 1), (9, 1)),
    ((7, 0), (8, 0)),
    ((7, 2), (8, 2)),
    ((7, 3), (8, 3)),
    ((10, 0), (10, 4)),
)
# What read_docx gives for it: every merged cell's text in every grid cell it covers.
TABLE_READ: tuple[tuple[str | None, ...], ...] = (
    (TITLE,) * 5,
    HEADER,
    ("1", "政策解读", "深化政策解读。坚持政策文件与解读材料同步起草。", "市政府办公室", "各县（市、区）人民政府"),
    ("2", "政策解读", "健全意见征集机制。制定涉企政策应当听取企业意见。", "市司法局\n市行政审批局", "市财政局"),
    ("3", "政策解读", "推进公共数据开放。编制公共数据开放目录。", "市发改委", None),
    (None,) * 5,
    HEADER,
    ("4", "数据开放", "加强教育信息公开。做好义务教育招生政策信息公开。", "市教育局", "市人社局"),
    ("4", "数据开放", "加强教育信息公开。做好义务教育招生政策信息公开。", "市教育局", "市财政局"),
    ("5", "数据开放", "规范政府网站管理。开展日常监测。", None, "各县（市、区）人民政府"),
    (NOTE,) * 5,
)  # fmt: skip


def notice_document() -> DocxDocument:
    """A notice: the body with a 1.5-spaced empty paragraph between parts, then the 分工表."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "页眉：赣州市人民政府办公室文件"
    document.sections[0].footer.paragraphs[0].text = "— 1 —"
    for index, text in enumerate(BODY):
        document.add_paragraph(text)
        if index in (2, 5):
            document.add_paragraph("")  # empty paragraphs are not lines
    document.add_paragraph("附件")
    fill_table(document, TABLE_ROWS, TABLE_MERGES, header_rows=(1,))
    return document


def save(document: DocxDocument, path: Path) -> Path:
    """Save a python-docx document; return its path."""
    document.save(str(path))
    return path


@pytest.fixture
def notice_docx(tmp_path: Path) -> Path:
    """The notice with its 分工表, saved as 通知.docx."""
    return save(notice_document(), tmp_path / "通知.docx")


# Tasks written as paragraphs: headings 一、 and tasks （一） numbered by Word.
LIST_HEADINGS = ("政策解读", "数据开放")
LIST_TASKS = (
    (
        0,
        (
            "深化政策解读。坚持政策文件与解读材料同步起草、同步审签、同步发布。"
            "（牵头单位：市政府办公室；责任单位：各县（市、区）人民政府，市政府各部门）"
        ),
    ),
    (
        0,
        (
            "健全意见征集机制。制定涉企政策应当听取企业和行业协会意见。"
            "（牵头单位：市司法局、市行政审批局；配合单位：市财政局）"
        ),
    ),
    (
        1,
        (
            "推进公共数据开放。编制公共数据开放目录，分批次开放高价值数据集。"
            "（牵头单位：市发改委；责任单位：各县（市、区）人民政府；完成时限：2025年11月底前）"
        ),
    ),
    (
        1,
        (
            "加强教育信息公开。做好义务教育招生政策、划片范围等信息公开。"
            "（牵头单位：市教育局；协同单位：市人社局、市财政局）"
        ),
    ),
)
LIST_LINES = (
    "一、政策解读",
    "（一）\t" + LIST_TASKS[0][1],
    "（二）\t" + LIST_TASKS[1][1],
    "二、数据开放",
    "（三）\t" + LIST_TASKS[2][1],
    "（四）\t" + LIST_TASKS[3][1],
    "三、工作要求。各地各部门要按照任务分工抓好落实。请于12月10日前报送市政府办公室政务公开科，联系电话：0797-8992059。",
)


def list_notice(layout: str) -> DocxDocument:
    """The tasks as auto-numbered paragraphs with inline labels, numbered in one of three ways.

    ``lists``: a list for the headings and another for the tasks; ``multilevel``: one list,
    headings on level 1 (``%1、``) and tasks on level 2 (``（%2）``, never restarting);
    ``styles``: the task list linked to a paragraph style that the tasks are given.
    """
    document = docx.Document()
    for text in BODY[:5]:
        document.add_paragraph(text)
    headings_level = tasks_level = 0
    if layout == "multilevel":
        headings = tasks = add_list(
            document,
            [("chineseCounting", "%1、"), ("chineseCounting", "（%2）")],
            restarts={1: 0},
        )
        tasks_level = 1
    else:
        headings = add_list(document, [("chineseCounting", "%1、")], suffix="nothing")
        tasks = add_list(
            document,
            [("chineseCounting", "（%1）")],
            style="TaskItem" if layout == "styles" else None,
        )
    if layout == "styles":
        style = document.styles.add_style("TaskItem", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.element.get_or_add_pPr().insert(
            0, parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{tasks}"/></w:numPr>')
        )
    for section, heading in enumerate(LIST_HEADINGS):
        numbered(document, heading, headings, headings_level)
        for task_section, text in LIST_TASKS:
            if task_section != section:
                continue
            if layout == "styles":
                document.add_paragraph(text, style="TaskItem")
            else:
                numbered(document, text, tasks, tasks_level)
    numbered(document, LIST_LINES[-1][2:], headings, headings_level)
    document.add_paragraph("2025年3月1日")
    return document


def squeeze(text: str) -> str:
    """Text without whitespace, to compare what two programs print."""
    return re.sub(r"\s+", "", text)


# --- LibreOffice ------------------------------------------------------------------


@pytest.fixture
def soffice() -> str:
    """The ``soffice`` command: skips without LibreOffice, fails under GZGK_REQUIRE_LIBREOFFICE=1."""
    found = find_soffice()
    if found is None:
        reason = (
            "LibreOffice (soffice) not installed (Debian: apt-get install libreoffice-writer-nogui)"
        )
        if os.environ.get("GZGK_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(f"GZGK_REQUIRE_LIBREOFFICE=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return found


def libreoffice_text(source: Path, outdir: Path) -> list[str]:
    """The paragraphs LibreOffice prints for a Word file (its plain-text export), squeezed."""
    text = soffice_convert(source, "txt:Text (encoded):UTF8", outdir).read_text(
        encoding="utf-8-sig"
    )
    return [squeeze(line) for line in text.splitlines() if line.strip()]


# --- read_docx: the body ----------------------------------------------------------


def test_body_paragraphs_are_lines_placed_by_paragraph(notice_docx: Path) -> None:
    """Non-empty body paragraphs in order, placed 第n段; headers, footers and tables are not lines."""
    document = read_docx(notice_docx)
    assert document.kind == "docx"
    assert document.lines == tuple(
        DocLine(text, f"第{n}段") for n, text in enumerate((*BODY, "附件"), start=1)
    )


def test_tables_keep_the_grid_and_fill_merged_cells(notice_docx: Path) -> None:
    """Cells merged with gridSpan and vMerge give their text to every grid cell; rows keep every column."""
    [table] = read_docx(notice_docx).tables
    assert table == DocTable(
        name="表1",
        rows=TABLE_READ,
        places=tuple(f"表1 第{r}行" for r in range(1, 12)),
    )


def test_notice_with_table_parses_end_to_end(notice_docx: Path) -> None:
    """Header facts from the paragraphs, tasks from the 分工表, issues located as 表1 第n行."""
    result = parse_document(read_docx(notice_docx), source=notice_docx.name)
    notice = result.notice
    assert (notice.issuer, notice.doc_number, notice.title) == BODY[:3]
    assert notice.recipients == ("各县（市、区）人民政府", "市政府各部门")
    assert (str(notice.issued_on), str(notice.report_due)) == ("2025-03-01", "2025-12-10")
    assert (notice.contact.person, notice.contact.phone) == ("张三", "0797-8992059")
    assert notice.closing.endswith(NOTE)
    tasks = {task.number: task for task in notice.tasks}
    assert (tasks["1"].title, tasks["1"].content) == (
        "深化政策解读",
        "坚持政策文件与解读材料同步起草。",
    )
    assert tasks["1"].lead == ("市政府办公室",)
    assert tasks["1"].responsible == ("各县（市、区）人民政府",)
    assert tasks["2"].lead == ("市司法局", "市行政审批局")  # two paragraphs of one cell
    assert tasks["2"].responsible == ("市财政局",)
    assert tasks["3"].responsible == ()
    assert tasks["5"].lead == ()
    codes = result.flatten("code", "sheet")
    assert ("task-no-lead", "表1 第10行") in codes
    assert ("table-note-kept", "表1 第11行") in codes
    assert "column-ignored" not in {code for code, _ in codes}
    assert (tasks["1"].section, tasks["4"].section) == ("政策解读", "数据开放")  # the 类别 column


def test_task_merged_over_two_rows_is_one_task(notice_docx: Path) -> None:
    """Task 4, whose number, content and lead are merged over two rows, has both 责任单位."""
    result = parse_document(read_docx(notice_docx), source=notice_docx.name)
    assert [task.number for task in result.notice.tasks] == ["1", "2", "3", "4", "5"]
    assert result.notice.tasks[3].responsible == ("市人社局", "市财政局")


def test_only_the_task_table_is_read_for_tasks(tmp_path: Path) -> None:
    """Of three tables the 分工表 (the second) gives the tasks; its issues say 表2 第n行."""
    document = docx.Document()
    document.add_paragraph(BODY[2])
    fill_table(document, [["联系人", "电话"], ["张三", "0797-8992059"]])
    document.add_paragraph("附件")
    rows: list[list[str | None]] = [
        ["序号", "主要任务", "牵头单位", "责任单位"],
        ["一、政策解读", None, None, None],
        ["1", "深化政策解读。同步发布解读材料。", "市政府办公室", "市政府各部门"],
        ["2", "健全意见征集机制。听取企业意见。", "市司法局", "市财政局"],
        ["3", "推进公共数据开放。编制开放目录。", None, "各县（市、区）人民政府"],
        ["二、数据开放", None, None, None],
        ["4", "加强教育信息公开。公开划片范围。", "市教育局", "市人社局、市财政局"],
    ]
    fill_table(document, rows, [((1, 0), (1, 3)), ((5, 0), (5, 3))])
    fill_table(document, [["单位", "报送时间"], ["市教育局", "12月10日"], ["市财政局", "12月10日"]])
    path = save(document, tmp_path / "三张表.docx")
    read = read_docx(path)
    assert [table.name for table in read.tables] == ["表1", "表2", "表3"]
    assert read.tables[1].rows[1] == ("一、政策解读",) * 4
    assert read.tables[1].places[4] == "表2 第5行"
    result = parse_document(read, source=path.name)
    tasks = result.notice.tasks
    assert [(t.number, t.section, t.lead) for t in tasks] == [
        ("1", "一、政策解读", ("市政府办公室",)),
        ("2", "一、政策解读", ("市司法局",)),
        ("3", "一、政策解读", ()),
        ("4", "二、数据开放", ("市教育局",)),
    ]
    assert tasks[3].responsible == ("市人社局", "市财政局")
    assert result.flatten("code", "sheet", "task") == [("task-no-lead", "表2 第5行", "3")]


def test_task_numbers_numbered_by_word_in_the_table(tmp_path: Path) -> None:
    """A 序号 column filled by Word's numbering (as clerks make them) gives the task numbers."""
    document = docx.Document()
    document.add_paragraph(BODY[2])
    rows: list[list[str | None]] = [
        ["序号", "主要任务", "牵头单位", "责任单位"],
        [None, "深化政策解读。同步发布解读材料。", "市政府办公室", "市政府各部门"],
        [None, "健全意见征集机制。听取企业意见。", "市司法局", "市财政局"],
        [None, "推进公共数据开放。编制开放目录。", "市发改委", "各县（市、区）人民政府"],
    ]
    table = fill_table(document, rows)
    numbers = add_list(document, [("decimal", "%1")])
    for row in range(1, 4):
        set_numbering(table.cell(row, 0).paragraphs[0], numbers, 0)
    path = save(document, tmp_path / "自动序号.docx")
    read = read_docx(path)
    assert [row[0] for row in read.tables[0].rows] == ["序号", "1", "2", "3"]
    result = parse_document(read, source=path.name)
    assert result.valid, result.issues
    assert [(t.number, t.title, t.lead) for t in result.notice.tasks] == [
        ("1", "深化政策解读", ("市政府办公室",)),
        ("2", "健全意见征集机制", ("市司法局",)),
        ("3", "推进公共数据开放", ("市发改委",)),
    ]


def test_damaged_spans_are_bounded(tmp_path: Path) -> None:
    """A gridSpan of a billion columns (a damaged file) is cut to what Word allows."""
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "甲"
    table.rows[0]._tr.tc_lst[0].get_or_add_tcPr().append(
        parse_xml(f'<w:gridSpan {nsdecls("w")} w:val="1000000000"/>')
    )
    document.add_paragraph()
    [read] = read_docx(save(document, tmp_path / "span.docx")).tables
    assert len(read.rows[0]) == docx_reader._MAX_SPAN + 1


# --- read_docx: automatic numbering ---------------------------------------------


@pytest.mark.parametrize("layout", ["lists", "multilevel", "styles"])
def test_numbered_paragraphs_read_as_word_shows_them(tmp_path: Path, layout: str) -> None:
    """Numbers of Word lists are printed in the lines, whether given directly or by a style."""
    path = save(list_notice(layout), tmp_path / f"{layout}.docx")
    lines = [line.text for line in read_docx(path).lines]
    expected = list(LIST_LINES)
    if layout == "multilevel":  # Word's default suffix: a tab after 一、 too
        expected = [line.replace("、", "、\t", 1) if line[1] == "、" else line for line in expected]
    assert lines == [*BODY[:5], *expected, "2025年3月1日"]


@pytest.mark.parametrize("layout", ["lists", "multilevel", "styles"])
def test_numbered_tasks_parse_end_to_end(tmp_path: Path, layout: str) -> None:
    """Tasks found by their Word numbers, with sections from the numbered headings and inline roles."""
    path = save(list_notice(layout), tmp_path / f"{layout}.docx")
    result = parse_document(read_docx(path), source=path.name)
    assert result.valid, result.issues
    tasks = result.notice.tasks
    assert [(t.number, t.section, t.title) for t in tasks] == [
        ("一", "一、政策解读", "深化政策解读"),
        ("二", "一、政策解读", "健全意见征集机制"),
        ("三", "二、数据开放", "推进公共数据开放"),
        ("四", "二、数据开放", "加强教育信息公开"),
    ]
    assert tasks[0].lead == ("市政府办公室",)
    assert tasks[0].responsible == ("各县（市、区）人民政府", "市政府各部门")
    assert (tasks[1].lead, tasks[1].cooperating) == (("市司法局", "市行政审批局"), ("市财政局",))
    assert (tasks[2].lead, tasks[2].deadline) == (("市发改委",), "2025年11月底前")
    assert tasks[3].cooperating == ("市人社局", "市财政局")
    assert str(result.notice.report_due).endswith("-12-10")


def test_counters_restart_continue_and_run_through_tables(tmp_path: Path) -> None:
    """Higher levels restart lower ones, %1.%2 refers up, restarts and shared counters work as in Word."""
    document = docx.Document()
    outline = add_list(
        document, [("decimal", "%1."), ("decimal", "%1.%2"), ("decimalEnclosedCircle", "%3")]
    )
    numbered(document, "甲", outline, 0)
    numbered(document, "甲一", outline, 1)
    numbered(document, "甲一圈", outline, 2)
    numbered(document, "甲二", outline, 1)
    numbered(document, "乙", outline, 0)
    numbered(document, "乙一", outline, 1)
    again = restart_list(document, outline)  # Word's 重新开始于 1: a new w:num with startOverride
    numbered(document, "重新", again, 0)
    numbered(document, "重新二", again, 0)
    numbered(document, "原列表接着数", outline, 0)  # lists of one definition share its counters
    five = restart_list(document, outline, start=5)
    numbered(document, "从五", five, 0)
    numbered(document, "", outline, 0)  # an empty numbered paragraph still shows its number
    numbered(document, "取消编号", 0, 0)  # numId 0 removes numbering
    table = document.add_table(rows=1, cols=2)
    set_numbering(table.cell(0, 0).paragraphs[0], outline, 0)
    table.cell(0, 0).paragraphs[0].add_run("表内")
    document.add_paragraph()
    numbered(document, "表后", outline, 0)
    bare = add_list(document, [("chineseCounting", "第%1条")], start=9, suffix="space")
    numbered(document, "九", bare, 0)
    numbered(document, "十", bare, 0)
    numbered(document, "十一", bare, 0)
    path = save(document, tmp_path / "counters.docx")
    read = read_docx(path)
    assert [line.text for line in read.lines] == [
        "1.\t甲",
        "1.1\t甲一",
        "①\t甲一圈",
        "1.2\t甲二",
        "2.\t乙",
        "2.1\t乙一",
        "1.\t重新",
        "2.\t重新二",
        "3.\t原列表接着数",
        "5.\t从五",
        "6.",
        "取消编号",
        "8.\t表后",
        "第九条 九",
        "第十条 十",
        "第十一条 十一",
    ]
    assert read.tables[0].rows == (("7.\t表内", None),)


def test_level_formats_and_legal_numbering(tmp_path: Path) -> None:
    """Every level format of a nine-level list, lvlRestart 0 and isLgl, in one document."""
    document = docx.Document()
    formats = [
        ("upperRoman", "%1"),
        ("lowerLetter", "%2)"),
        ("ideographTraditional", "%3"),
        ("ideographZodiac", "%4"),
        ("chineseLegalSimplified", "%5"),
        ("decimalZero", "%6"),
        ("decimalFullWidth", "%7"),
        ("decimalEnclosedParen", "%8"),
        ("bullet", "\u2022"),
    ]
    nine = add_list(document, formats, restarts={1: 0})
    for level in range(9):
        numbered(document, f"L{level}", nine, level)
    numbered(document, "I again", nine, 0)
    numbered(document, "b: level 2 never restarts", nine, 1)
    legal = add_list(document, [("chineseCounting", "%1、"), ("chineseCounting", "%1.%2")])
    numbering = document.part.numbering_part.element
    level = numbering.findall(qn("w:abstractNum"))[-1].findall(qn("w:lvl"))[1]
    level.find(qn("w:lvlText")).addprevious(parse_xml(f"<w:isLgl {nsdecls('w')}/>"))
    numbered(document, "总则", legal, 0)
    numbered(document, "法定编号", legal, 1)
    path = save(document, tmp_path / "formats.docx")
    assert [line.text for line in read_docx(path).lines] == [
        "I\tL0",
        "a)\tL1",
        "甲\tL2",
        "子\tL3",
        "壹\tL4",
        "01\tL5",
        "１\tL6",
        "⑴\tL7",
        "L8",  # bullets are left out
        "II\tI again",
        "b)\tb: level 2 never restarts",
        "一、\t总则",
        "1.1\t法定编号",
    ]


def linked_lists_document() -> DocxDocument:
    """Lists defined the ways Word writes them besides plain w:numPr (see the test below)."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    # A list style (Word's 多级列表样式): the definition has w:styleLink, the instance a
    # paragraph uses has w:numStyleLink to the numbering style that points at it.
    defined = add_list(document, [("chineseCounting", "%1、"), ("decimal", "%2.")])
    abstracts = numbering.findall(qn("w:abstractNum"))
    abstracts[-1].find(qn("w:multiLevelType")).addnext(
        parse_xml(f'<w:styleLink {nsdecls("w")} w:val="TaskOutline"/>')
    )
    styles = document.styles.element
    styles.append(
        parse_xml(
            f'<w:style {nsdecls("w")} w:type="numbering" w:styleId="TaskOutline">'
            f'<w:name w:val="TaskOutline"/><w:pPr><w:numPr><w:numId w:val="{defined}"/>'
            "</w:numPr></w:pPr></w:style>"
        )
    )
    linking = add_list(document, [("decimal", "%1)")])
    linker = numbering.findall(qn("w:abstractNum"))[-1]
    for level in linker.findall(qn("w:lvl")):
        linker.remove(level)
    linker.append(parse_xml(f'<w:numStyleLink {nsdecls("w")} w:val="TaskOutline"/>'))
    numbered(document, "经样式链接", linking, 0)
    numbered(document, "二级", linking, 1)
    numbered(document, "原定义接着数", defined, 0)
    # A paragraph style giving list and level (w:ilvl in the style).
    style = document.styles.add_style("SubItem", WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().insert(
        0,
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="1"/><w:numId w:val="{defined}"/></w:numPr>'
        ),
    )
    document.add_paragraph("样式给出级别", style="SubItem")
    numbered(document, "直接编号压过样式", 0, None).style = document.styles["SubItem"]
    # An instance that redefines a level (w:lvlOverride/w:lvl) and restarts it.
    letters = add_list(document, [("decimal", "%1.")])
    numbering.findall(qn("w:num"))[-1].append(
        parse_xml(
            f'<w:lvlOverride {nsdecls("w")} w:ilvl="0"><w:startOverride w:val="1"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/>'
            '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/></w:lvl></w:lvlOverride>'
        )
    )
    numbered(document, "字母", letters, 0)
    numbered(document, "字母二", letters, 0)
    return document


def test_numbering_through_list_styles_paragraph_styles_and_overrides(tmp_path: Path) -> None:
    """numStyleLink, a style's own level, numId 0 over a style and a redefined level print as Word does."""
    path = save(linked_lists_document(), tmp_path / "linked.docx")
    assert [line.text for line in read_docx(path).lines] == [
        "一、\t经样式链接",
        "1.\t二级",
        "二、\t原定义接着数",  # the linked list and its definition share the counters
        "1.\t样式给出级别",
        "直接编号压过样式",
        "A.\t字母",
        "B.\t字母二",
    ]


def test_broken_numbering_definitions_print_no_number(tmp_path: Path) -> None:
    """Unknown lists, undefined levels and malformed attributes give no number, never an error."""
    document = docx.Document()
    known = add_list(document, [("decimal", "%1.")])
    numbered(document, "未定义的列表", 999, 0)
    numbered(document, "未定义的级别", known, 5)
    paragraph = numbered(document, "级别不是数字", known, None)
    paragraph._p.pPr.numPr.insert(0, parse_xml(f'<w:ilvl {nsdecls("w")} w:val="x"/>'))
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="77"><w:abstractNumId w:val="404"/></w:num>')
    )
    numbered(document, "定义缺失", 77, 0)
    path = save(document, tmp_path / "broken-numbering.docx")
    assert [line.text for line in read_docx(path).lines] == [
        "未定义的列表",
        "未定义的级别",
        "1.\t级别不是数字",  # a malformed level reads as level 0
        "定义缺失",
    ]


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (1, "decimal", "1"),
        (12, "decimal", "12"),
        (3, "chineseCounting", "三"),
        (10, "chineseCounting", "十"),
        (11, "chineseCounting", "十一"),
        (20, "chineseCounting", "二十"),
        (99, "chineseCounting", "九十九"),
        (105, "chineseCounting", "一〇五"),
        (11, "chineseCountingThousand", "十一"),
        (105, "chineseCountingThousand", "一百〇五"),
        (110, "chineseCountingThousand", "一百一十"),
        (1010, "chineseCountingThousand", "一千〇一十"),
        (12, "japaneseCounting", "十二"),
        (12, "taiwaneseCountingThousand", "十二"),
        (11, "chineseLegalSimplified", "壹拾壹"),
        (102, "chineseLegalSimplified", "壹佰零贰"),
        (10, "ideographDigital", "一〇"),
        (3, "ideographTraditional", "丙"),
        (11, "ideographTraditional", "11"),
        (12, "ideographZodiac", "亥"),
        (1, "decimalEnclosedCircle", "①"),
        (20, "decimalEnclosedCircleChinese", "⑳"),
        (21, "decimalEnclosedCircle", "21"),
        (3, "decimalEnclosedParen", "⑶"),
        (3, "decimalEnclosedFullstop", "⒊"),
        (12, "decimalFullWidth", "１２"),
        (7, "decimalZero", "07"),
        (27, "upperLetter", "AA"),
        (2, "lowerLetter", "b"),
        (14, "upperRoman", "XIV"),
        (4, "lowerRoman", "iv"),
        (5, "none", ""),
        (3, "ordinalText", "3"),  # a format gzgk does not know: decimal
        (0, "chineseCounting", "0"),
    ],
)
def test_number_formats(value: int, fmt: str, shown: str) -> None:
    """Counter values in the numFmt formats Word and WPS write, as Word prints them."""
    assert docx_reader._format_number(value, fmt) == shown


# --- read_docx: what Word shows in a paragraph and a table -------------------------


def _runs(xml: str) -> str:
    return f"<w:p {nsdecls('w')}>{xml}</w:p>"


def test_text_is_what_word_shows(tmp_path: Path) -> None:
    """Tracked deletions, hidden runs, field codes and text boxes are left out; breaks and tabs kept."""
    document = docx.Document()
    body = document.element.body
    paragraphs = [
        (
            '<w:r><w:t>市教育局</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>删掉</w:delText></w:r></w:del>'
            '<w:ins w:id="2" w:author="a"><w:r><w:t>、市财政局</w:t></w:r></w:ins>'
        ),
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:t>可见</w:t></w:r>",
        (
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        ),
        "<w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t><w:tab/><w:t>末</w:t></w:r>",
        (
            '<w:r><w:t>正文</w:t></w:r><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml">'
            "<v:textbox><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent>"
            "</v:textbox></v:shape></w:pict></w:r>"
        ),
        '<w:r><w:t xml:space="preserve">   </w:t></w:r>',  # only spaces: an empty paragraph
    ]
    sect = body.find(qn("w:sectPr"))
    for xml in paragraphs:
        sect.addprevious(parse_xml(_runs(xml)))
    control = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>内容控件</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    sect.addprevious(control)
    path = save(document, tmp_path / "runs.docx")
    assert read_docx(path).lines == (
        DocLine("市教育局、市财政局", "第1段"),
        DocLine("可见", "第2段"),
        DocLine("3", "第3段"),
        DocLine("第一行\n第二行\t末", "第4段"),
        DocLine("正文", "第5段"),
        DocLine("内容控件", "第6段"),
    )


def test_rows_starting_late_legacy_merges_and_nested_tables(tmp_path: Path) -> None:
    """gridBefore/gridAfter leave cells empty, hMerge fills, a nested table becomes cell lines."""
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "甲"
    table.cell(0, 1).text = "乙"
    table.cell(0, 2).text = "丙"
    # Row 2: one cell over the last two columns, the first left out (w:gridBefore).
    row = table.rows[1]._tr
    row.remove(row.tc_lst[0])
    row.get_or_add_trPr().append(parse_xml(f'<w:gridBefore {nsdecls("w")} w:val="1"/>'))
    row.tc_lst[0].get_or_add_tcPr().append(parse_xml(f'<w:hMerge {nsdecls("w")} w:val="restart"/>'))
    row.tc_lst[1].get_or_add_tcPr().append(parse_xml(f"<w:hMerge {nsdecls('w')}/>"))
    _Cell(row.tc_lst[0], table).text = "横向合并（旧式）"
    nested = _Cell(table.rows[2]._tr.tc_lst[0], table).add_table(rows=2, cols=2)
    nested.cell(0, 0).text = "市教育局"
    nested.cell(0, 1).text = "牵头"
    nested.cell(1, 0).merge(nested.cell(1, 1)).text = "市财政局"
    document.add_paragraph()
    path = save(document, tmp_path / "grid.docx")
    [read] = read_docx(path).tables
    assert read.rows == (
        ("甲", "乙", "丙"),
        (None, "横向合并（旧式）", "横向合并（旧式）"),
        ("市教育局 牵头\n市财政局", None, None),
    )


def test_vertical_merge_as_word_writes_it(tmp_path: Path) -> None:
    """A vMerge continuation takes the text above even with stray text of its own, per grid column."""
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "跨两列"
    table.cell(0, 0).merge(table.cell(2, 1))
    table.cell(0, 2).text = "右"
    table.cell(2, 2).text = "右下"
    # A continuation cell holding text (Word ignores it): make row 2's merged cell say so.
    continuation = table.rows[1]._tr.tc_lst[0]
    continuation.append(parse_xml(f"<w:p {nsdecls('w')}><w:r><w:t>不显示</w:t></w:r></w:p>"))
    document.add_paragraph()
    path = save(document, tmp_path / "vmerge.docx")
    assert read_docx(path).tables[0].rows == (
        ("跨两列", "跨两列", "右"),
        ("跨两列", "跨两列", None),
        ("跨两列", "跨两列", "右下"),
    )


# --- the bundled 赣州 notice ------------------------------------------------------


def test_ganzhou_notice_as_docx_gives_the_same_notice(tmp_path: Path) -> None:
    """The 赣州 notice printed as a .docx (body and 分工表) parses to the bundled notice."""
    path = ganzhou_docx(tmp_path / "赣州.docx")
    result = parse_document(read_docx(path), source=path.name)
    expected = gzgk.load_notice("ganzhou-2024")
    assert result.valid, result.issues
    tasks = result.notice.tasks
    assert len(tasks) == 12
    assert [(t.number, t.title, t.content, t.lead, t.responsible) for t in tasks] == [
        (t.number, t.title, t.content, t.lead, t.responsible) for t in expected.tasks
    ]
    assert result.notice == expected


# --- damaged files ----------------------------------------------------------------


def _truncated(path: Path) -> None:
    save(notice_document(), path)
    path.write_bytes(path.read_bytes()[:4000])


def _not_word(path: Path) -> None:
    book = Workbook()
    book.save(path)


def _no_document(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "不是 Word 文档")


def _bad_xml(path: Path) -> None:
    save(docx.Document(), path)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"][:-40]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def _ole(path: Path) -> None:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000))


def _oversized(path: Path) -> None:
    with path.open("wb") as stream:
        stream.truncate(docx_reader.MAX_DOCX_BYTES + 1)  # sparse: costs no disk


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p.write_bytes(b""), "不是有效的 Word 文档"),
        (lambda p: p.write_bytes(os.urandom(3000)), "不是有效的 Word 文档"),
        (_truncated, "不是有效的 Word 文档"),
        (_not_word, "不是 Word 文档"),
        (_no_document, "不是有效的 Word 文档"),
        (_bad_xml, "不是有效的 Word 文档"),
        (_ole, "另存为 .docx"),
        (_oversized, "超过 50 MB"),
        (lambda p: p.mkdir(), "文件夹"),
        (lambda p: None, "不存在"),
    ],
    ids=[
        "empty",
        "random",
        "truncated",
        "xlsx",
        "no-document",
        "bad-xml",
        "ole",
        "oversized",
        "folder",
        "missing",
    ],
)
def test_damaged_files_raise_document_error(
    tmp_path: Path, make: Callable[[Path], object], words: str
) -> None:
    """Every way a .docx can be broken gives a DocumentError with a Chinese message, never a traceback."""
    path = tmp_path / "坏文件.docx"
    make(path)
    with pytest.raises(DocumentError) as raised:
        read_docx(path)
    assert type(raised.value) is DocumentError
    assert words in raised.value.message
    assert "坏文件.docx" in raised.value.message


def test_zip_bomb_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A package that unpacks to more than the limit is refused before it is parsed."""
    monkeypatch.setattr(docx_reader, "MAX_UNPACKED_BYTES", 1000)
    path = save(notice_document(), tmp_path / "大.docx")
    with pytest.raises(DocumentError, match="解压后超过"):
        read_docx(path)


def test_macro_enabled_documents_are_read(tmp_path: Path) -> None:
    """A .docm (macro-enabled content type) is read like a .docx."""
    source = save(notice_document(), tmp_path / "a.docx")
    target = tmp_path / "a.docm"
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
        for name in archive.namelist():
            data = archive.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(
                    b"wordprocessingml.document.main+xml",
                    b"wordprocessingml.template.main+xml",
                ).replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
                    b"application/vnd.ms-word.document.macroEnabled.main+xml",
                )
            out.writestr(name, data)
    assert read_docx(target) == read_docx(source)


# --- convert: without LibreOffice -------------------------------------------------


def fake_soffice(tmp_path: Path, body: str) -> Path:
    """An executable that stands in for soffice: Python ``body`` with ``args`` (its argv)."""
    script = tmp_path / "fake-soffice"
    script.write_text(
        f"#!{sys.executable}\nimport os, sys, subprocess, time\nargs = sys.argv[1:]\n"
        + textwrap.dedent(body),
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


@pytest.mark.parametrize(
    ("target", "package"),
    [("docx", "libreoffice-writer-nogui"), ("xlsx", "libreoffice-calc-nogui")],
)
def test_missing_converter_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, package: str
) -> None:
    """GZGK_SOFFICE naming nothing: ConverterMissingError naming the package and the 另存为 way out."""
    monkeypatch.setenv("GZGK_SOFFICE", str(tmp_path / "no-such-soffice"))
    source = tmp_path / "通知.doc"
    source.write_bytes(b"old")
    with pytest.raises(ConverterMissingError) as raised:
        convert(source, target, tmp_path / "work")  # type: ignore[arg-type]
    message = raised.value.message
    assert package in message
    assert "GZGK_SOFFICE" in message
    assert f"另存为 .{target}" in message
    assert "LibreOffice" in message
    assert "Windows" in message


def test_conversion_runs_an_isolated_headless_soffice_on_a_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A private profile in the work folder, an ASCII copy of the input, and the result named after it."""
    log = tmp_path / "argv.txt"
    script = fake_soffice(
        tmp_path,
        f"""
        open({str(log)!r}, "w", encoding="utf-8").write("\\n".join(args))
        outdir = args[args.index("--outdir") + 1]
        source = args[-1]
        os.makedirs(outdir, exist_ok=True)
        stem = os.path.splitext(os.path.basename(source))[0]
        open(os.path.join(outdir, stem + ".docx"), "wb").write(open(source, "rb").read())
        """,
    )
    monkeypatch.setenv("GZGK_SOFFICE", str(script))
    source = tmp_path / "关于印发 任务分工的通知.wps"
    source.write_bytes(b"original bytes")
    work = tmp_path / "work"
    result = convert(source, "docx", work)
    argv = log.read_text(encoding="utf-8").splitlines()
    assert result.name == "关于印发 任务分工的通知.docx"
    assert result.parent.parent == work
    assert result.read_bytes() == b"original bytes"
    assert {"--headless", "--norestore"} <= set(argv)
    assert argv[argv.index("--convert-to") + 1] == "docx:MS Word 2007 XML"
    profile = next(arg for arg in argv if arg.startswith("-env:UserInstallation="))
    assert profile.startswith("-env:UserInstallation=file://")
    assert str(work.resolve()) in profile
    assert Path(argv[-1]).name == "input.doc"  # Kingsoft's .wps is a Word 97 file
    assert argv[-1].isascii()
    assert not Path(argv[-1]).exists()  # the copy is cleaned up


def test_conversion_that_writes_nothing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LibreOffice exiting without a result (it exits 0 then) is a ConversionFailedError with its words."""
    script = fake_soffice(tmp_path, 'print("Error: source file could not be loaded")\n')
    monkeypatch.setenv("GZGK_SOFFICE", str(script))
    source = tmp_path / "坏.xls"
    source.write_bytes(b"junk")
    with pytest.raises(ConversionFailedError) as raised:
        convert(source, "xlsx", tmp_path / "work")
    assert "坏.xls" in raised.value.message
    assert "source file could not be loaded" in raised.value.message
    assert "另存为 .xlsx" in raised.value.message


def _gone(pid: int) -> bool:
    """Whether a process has ended (a zombie nobody reaped counts as ended)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "State:\tZ" in status.read_text()


@pytest.mark.skipif(sys.platform == "win32", reason="process groups are POSIX")
def test_conversion_out_of_time_is_killed_with_its_children(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On timeout the whole process group goes (soffice.bin too) and ConversionFailedError says so."""
    pids = tmp_path / "pids.txt"
    script = fake_soffice(
        tmp_path,
        f"""
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        open({str(pids)!r}, "w").write(f"{{os.getpid()}} {{child.pid}}")
        time.sleep(60)
        """,
    )
    monkeypatch.setenv("GZGK_SOFFICE", str(script))
    source = tmp_path / "慢.doc"
    source.write_bytes(b"slow")
    started = time.monotonic()
    with pytest.raises(ConversionFailedError, match="秒内"):
        convert(source, "docx", tmp_path / "work", timeout=2)
    assert time.monotonic() - started < 30
    deadline = time.monotonic() + 10
    numbers = [int(pid) for pid in pids.read_text().split()]
    while not all(_gone(pid) for pid in numbers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(_gone(pid) for pid in numbers)


def test_missing_input_is_a_document_error(tmp_path: Path) -> None:
    """A file that is not there: DocumentError before any LibreOffice is looked for."""
    with pytest.raises(DocumentError, match="不存在"):
        convert(tmp_path / "没有.doc", "docx", tmp_path / "work")


# --- convert: with LibreOffice ----------------------------------------------------


def _task_view(result: ParseResult) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    return [(t.number, t.title, t.lead, t.responsible) for t in result.notice.tasks]


def fingerprint(path: Path) -> tuple[bytes, int]:
    """A file's bytes and modification time, to show a conversion left it alone."""
    return path.read_bytes(), path.stat().st_mtime_ns


@pytest.mark.libreoffice
@pytest.mark.parametrize(
    ("old", "name"), [("doc", "赣州.doc"), ("rtf", "赣州.rtf"), ("doc", "赣州.wps")]
)
def test_old_word_files_convert_to_the_same_tasks(
    soffice: str, tmp_path: Path, old: str, name: str
) -> None:
    """A .doc, .rtf and a Kingsoft-named .wps made by LibreOffice read the same 12 tasks; inputs untouched."""
    docx_path = ganzhou_docx(tmp_path / "赣州.docx")
    made = soffice_convert(docx_path, old, tmp_path / "old")
    source = made.rename(made.with_name(name))
    expected = parse_document(read_docx(docx_path), source=docx_path.name)
    before = fingerprint(source)
    converted = convert(source, "docx", tmp_path / "work")
    assert fingerprint(source) == before
    assert converted.suffix == ".docx"
    result = parse_document(read_docx(converted), source=source.name)
    assert result.valid, result.issues
    assert len(result.notice.tasks) == 12
    assert _task_view(result) == _task_view(expected)


@pytest.mark.libreoffice
@pytest.mark.parametrize("old", ["doc", "rtf"])
def test_merged_table_written_by_libreoffice_reads_the_same(
    soffice: str, tmp_path: Path, old: str
) -> None:
    """The merged 分工表 through .doc/.rtf and back (LibreOffice's own gridSpan/vMerge) reads the same."""
    docx_path = save(notice_document(), tmp_path / "通知.docx")
    source = soffice_convert(docx_path, old, tmp_path / "old")
    read = read_docx(convert(source, "docx", tmp_path / "work"))
    assert [table.rows for table in read.tables] == [TABLE_READ]
    assert read.lines == read_docx(docx_path).lines


@pytest.mark.libreoffice
def test_numbered_notice_survives_doc_conversion(soffice: str, tmp_path: Path) -> None:
    """Word numbering written to .doc and back by LibreOffice still gives the tasks their numbers."""
    docx_path = save(list_notice("lists"), tmp_path / "编号.docx")
    doc = soffice_convert(docx_path, "doc", tmp_path / "old")
    result = parse_document(read_docx(convert(doc, "docx", tmp_path / "work")), source=doc.name)
    assert result.valid, result.issues
    assert [(t.number, t.section, t.lead) for t in result.notice.tasks] == [
        ("一", "一、政策解读", ("市政府办公室",)),
        ("二", "一、政策解读", ("市司法局", "市行政审批局")),
        ("三", "二、数据开放", ("市发改委",)),
        ("四", "二、数据开放", ("市教育局",)),
    ]


@pytest.mark.libreoffice
@pytest.mark.parametrize("layout", ["lists", "styles"])  # LibreOffice ignores w:lvlRestart
def test_numbering_matches_what_libreoffice_shows(
    soffice: str, tmp_path: Path, layout: str
) -> None:
    """The numbers read_docx prints are those LibreOffice Writer lays out for the same file."""
    path = save(list_notice(layout), tmp_path / f"{layout}.docx")
    ours = [squeeze(line.text) for line in read_docx(path).lines]
    assert ours == libreoffice_text(path, tmp_path / "txt")


@pytest.mark.libreoffice
def test_linked_lists_match_what_libreoffice_shows(soffice: str, tmp_path: Path) -> None:
    """List styles, style levels and redefined levels: LibreOffice prints the same numbers."""
    path = save(linked_lists_document(), tmp_path / "linked.docx")
    ours = [squeeze(line.text) for line in read_docx(path).lines]
    assert ours == libreoffice_text(path, tmp_path / "txt")


@pytest.mark.libreoffice
def test_counters_match_what_libreoffice_shows(soffice: str, tmp_path: Path) -> None:
    """Restarts, shared counters and %1.%2 references agree with LibreOffice's layout."""
    document = docx.Document()
    outline = add_list(
        document, [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]
    )
    for text, level in [
        ("甲", 0),
        ("甲一", 1),
        ("甲二", 1),
        ("甲二1", 2),
        ("乙", 0),
        ("乙一", 1),
        ("乙一1", 2),
    ]:
        numbered(document, text, outline, level)
    again = restart_list(document, outline)
    numbered(document, "重新", again, 0)
    numbered(document, "重新一", again, 1)
    numbered(document, "原列表", outline, 0)
    path = save(document, tmp_path / "counters.docx")
    ours = [squeeze(line.text) for line in read_docx(path).lines]
    assert ours == libreoffice_text(path, tmp_path / "txt")
    assert ours[-3:] == ["一、重新", "（一）重新一", "二、原列表"]


@pytest.mark.libreoffice
def test_rtf_content_under_a_doc_name_converts(soffice: str, tmp_path: Path) -> None:
    """A .doc that is really RTF (as systems export them) converts by its content."""
    docx_path = ganzhou_docx(tmp_path / "赣州.docx")
    rtf = soffice_convert(docx_path, "rtf", tmp_path / "old")
    source = rtf.rename(rtf.with_suffix(".doc"))
    result = parse_document(
        read_docx(convert(source, "docx", tmp_path / "work")), source=source.name
    )
    assert len(result.notice.tasks) == 12


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", ["分工表.xls", "分工表.et"])
def test_old_workbooks_convert_to_readable_xlsx(soffice: str, tmp_path: Path, name: str) -> None:
    """An .xls made by LibreOffice (and the same named .et) converts to an .xlsx read_grids can read."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "分工表"
    sheet.append(["2025年任务分工表"])
    sheet.append(["序号", "主要任务", "牵头单位", "责任单位"])
    sheet.append(["1", "深化政策解读。同步发布解读材料。", "市政府办公室", "市政府各部门"])
    sheet.append(["2", "推进公共数据开放。编制开放目录。", "市发改委", "市财政局、市教育局"])
    sheet.merge_cells("A1:D1")
    xlsx = tmp_path / "分工表.xlsx"
    book.save(xlsx)
    xls = soffice_convert(xlsx, "xls", tmp_path / "old")
    source = xls.rename(xls.with_name(name))
    before = fingerprint(source)
    converted = convert(source, "xlsx", tmp_path / "work")
    assert fingerprint(source) == before
    [(title, rows)] = read_grids(converted)
    assert title == "分工表"
    assert rows[0][:4] == ["2025年任务分工表"] * 4  # the merge survived
    tasks = parse_grid(rows, source=name).notice.tasks
    assert [(t.number, t.lead, t.responsible) for t in tasks] == [
        ("1", ("市政府办公室",), ("市政府各部门",)),
        ("2", ("市发改委",), ("市财政局", "市教育局")),
    ]


@pytest.mark.libreoffice
def test_damaged_old_file_fails_to_convert(soffice: str, tmp_path: Path) -> None:
    """A .doc cut short: ConversionFailedError with LibreOffice's reason, in Chinese around it."""
    made = soffice_convert(ganzhou_docx(tmp_path / "赣州.docx"), "doc", tmp_path / "old")
    source = tmp_path / "坏.doc"
    source.write_bytes(made.read_bytes()[:5000])
    with pytest.raises(ConversionFailedError) as raised:
        convert(source, "docx", tmp_path / "work")
    message = raised.value.message
    assert "“坏.doc”" in message
    assert "could not be loaded" in message
    assert "javaldx" not in message  # LibreOffice's noise is left out
