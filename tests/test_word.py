"""The Word compilation (gzgk.word): content, layout, fonts, plain text, and Writer's view of it."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs
import docx
import pytest
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Length
from docx.text.paragraph import Paragraph
from openpyxl.workbook.workbook import Workbook
from support.libreoffice import (
    LibreOffice,
    LibreOfficeError,
    pdf_page_count,
    pdf_page_size,
    pdf_text,
)
from support.pdfread import Glyph, read_pdf
from support.returns import ENTRY, MATRIX, NOTICE, edit, filled, generate

from gzgk import word
from gzgk.contract import RETURN
from gzgk.excel.batch import Job, read_received
from gzgk.excel.checks import CheckContext
from gzgk.matrix import Matrix
from gzgk.model import Role, Task, Unit
from gzgk.origin import package_origin
from gzgk.report import FileReport
from gzgk.returns import Entry, ReturnContent
from gzgk.summary import Received, Summary, consolidate
from gzgk.word import WORD, compilation_docx, escape_text, write_compilation

AS_OF = dt.datetime(2024, 7, 12, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
PAYLOAD = '=HYPERLINK("http://example.com/x","点击查看")\n第二行\t制表后'
NOT_APPLICABLE_TEXT = "本单位无此项职能。"
W_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def _cell(column: str) -> str:
    """The cell of a column in the first task row of a return."""
    return RETURN.column(column).cell(RETURN.FIRST_ROW)


def _setter(**values: str) -> Callable[[Workbook], None]:
    """An edit that writes text into the first task row of a return."""

    def change(book: Workbook) -> None:
        for column, value in values.items():
            cell = book[ENTRY][_cell(column)]
            cell.value = value or None
            cell.data_type = "s"

    return change


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> Summary:
    """Five real returns of ganzhou-2024, filled, edited a little, read and merged."""
    folder = tmp_path_factory.mktemp("returns")
    paths = [
        edit(filled(folder, "市司法局"), _setter(progress=PAYLOAD)),
        filled(folder, "章贡区", date=dt.date(2024, 7, 10)),  # after the 7-5 deadline
        edit(filled(folder, "市发改委"), _setter(status="完成了")),  # invalid status
        edit(filled(folder, "市工信局"), _setter(status="不涉及", progress=NOT_APPLICABLE_TEXT)),
        edit(
            filled(folder, "市科技局"),
            _setter(status="", progress="", evidence="", problems="", plans=""),
        ),
    ]
    context = CheckContext(notice=NOTICE)
    records = [read_received(Job(path, str(path), path.name), context) for path in paths]
    return consolidate(records, MATRIX, AS_OF)


@pytest.fixture(scope="module")
def docx_path(summary: Summary, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The compilation of ``summary`` written to a file."""
    return write_compilation(summary, tmp_path_factory.mktemp("word") / "汇编.docx")


@pytest.fixture(scope="module")
def document(docx_path: Path) -> Document:
    """The compilation as python-docx reads it back."""
    return docx.Document(str(docx_path))


HEADING_ID = "Heading1"  # the style ids of python-docx's template and gzgk's own styles
TASK_ID = "Heading2"
APPENDIX_ID = "GzgkAppendix"


def _style_id(paragraph: Paragraph) -> str:
    """The paragraph's style id, read from the XML (python-docx's lookup is slow)."""
    found = paragraph.paragraph_format.element.find("w:pPr/w:pStyle", W_NS)
    return "Normal" if found is None else str(found.get(qn("w:val")))


def _styled(document: Document, style_id: str) -> list[Paragraph]:
    return [p for p in document.paragraphs if _style_id(p) == style_id]


def _task_blocks(document: Document) -> dict[str, list[Paragraph]]:
    """The body paragraphs under each task heading (Heading 2), by heading text."""
    blocks: dict[str, list[Paragraph]] = {}
    current: list[Paragraph] | None = None
    for paragraph in document.paragraphs:
        style_id = _style_id(paragraph)
        if style_id == TASK_ID:
            current = blocks.setdefault(paragraph.text, [])
        elif style_id in (APPENDIX_ID, HEADING_ID):
            current = None
        elif current is not None:
            current.append(paragraph)
    return blocks


def _heading(task: Task) -> str:
    return f"{task.label}{task.title}"


def _label(unit: str, role: Role, status: str = "") -> str:
    details = f"{role.label}，{status}" if status else role.label
    return f"{unit}（{details}）："


def _unit_paragraph(document: Document, task: Task, unit: str) -> Paragraph:
    [found] = [
        p
        for p in _task_blocks(document)[_heading(task)]
        if re.match(rf"{re.escape(unit)}（[^）]+）[：。]", p.text)
    ]
    return found


def _absent_line(document: Document, task: Task) -> str:
    """The task's one line on what is not compiled (who did not report …)."""
    [line] = [p.text for p in _task_blocks(document)[_heading(task)] if p.text.startswith("本项")]
    return line


def _status(task: Task) -> str:
    """The 落实状态 support.returns fills in for a task."""
    return "已完成" if task.seq % 3 == 0 else "推进中"


def _first_task(unit: str) -> Task:
    return MATRIX.assignments_of(unit, expand=True)[0][0]


def _part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as package:
        return package.read(name)


def _mm(length: Length | None) -> float:
    assert length is not None
    return round(length.mm, 1)


def test_public_api_is_exactly_what_is_meant() -> None:
    """gzgk.word exports the writer functions, the layout, the fonts and the text escaper."""
    assert word.__all__ == [
        "FONTS",
        "WORD",
        "FontFace",
        "WordLayout",
        "compilation_docx",
        "escape_text",
        "write_compilation",
    ]


@pytest.mark.parametrize(
    ("changed", "origin"),
    [
        ({}, "gzgk"),
        ({"last_modified_by": "张三"}, "edited"),  # Word and WPS write who saved it
        ({"last_modified_by": ""}, "edited"),  # LibreOffice without a user name
        ({"revision": 2}, "edited"),
        ({"modified": dt.datetime(2030, 1, 1)}, "edited"),
        ({"author": "政务公开科"}, "other"),
    ],
)
def test_package_origin_tells_a_saved_compilation(
    docx_path: Path, tmp_path: Path, changed: dict[str, Any], origin: str
) -> None:
    """A compilation as gzgk wrote it, saved since by an editor, or somebody else's document."""
    document = docx.Document(str(docx_path))
    for name, value in changed.items():
        setattr(document.core_properties, name, value)
    saved = tmp_path / "汇编.docx"
    document.save(str(saved))
    assert package_origin(saved) == origin


def test_package_origin_of_unreadable_files(tmp_path: Path) -> None:
    """A file whose properties cannot be read holds nothing to keep; huge properties are kept."""
    broken = tmp_path / "坏.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    assert package_origin(broken) == "gzgk"
    bare = tmp_path / "无属性.docx"
    with zipfile.ZipFile(bare, "w") as package:
        package.writestr("word/document.xml", "<w:document/>")
    assert package_origin(bare) == "gzgk"
    padded = tmp_path / "大.docx"
    with zipfile.ZipFile(padded, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("docProps/core.xml", "<x>" + " " * (2 << 20) + "</x>")
    assert package_origin(padded) == "other"


def test_the_core_does_not_load_python_docx() -> None:
    """Merging returns into a summary imports no python-docx; only gzgk.word does."""
    code = (
        "import sys, gzgk, gzgk.summary, gzgk.excel.batch;"
        "print('docx' in sys.modules);"
        "import gzgk.word;"
        "print('docx' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]


def test_title_and_as_of_line(document: Document) -> None:
    """The title is the notice's title + 落实情况汇编; under it the 文号 and the as-of moment."""
    title, line, *_ = document.paragraphs
    assert title.style is not None
    assert title.style.name == WORD.STYLE_TITLE
    assert title.text == (
        "赣州市人民政府办公室关于印发贯彻落实省政府办公厅2024年政务公开工作要点任务分工的通知"
        "落实情况汇编"
    )
    assert line.text == "〔2024〕35号\n统计截至 2024年7月12日 10:00"  # no leading zeros


def test_overview_counts_who_reported(document: Document, summary: Summary) -> None:
    """The overview gives the counts: expected, received, missing, invalid, on time, late."""
    counts = summary.counts()
    assert (counts.expected, counts.received, counts.invalid, counts.late) == (55, 5, 2, 1)
    heading, overview = (p.text for p in document.paragraphs[2:4])
    assert heading == WORD.OVERVIEW_HEADING
    assert overview.startswith(
        "本次应报送单位55个，已报送5个，未报送50个；已报送的报送表中不合格2份。"
        "报送时限为2024年7月5日，按时报送4个，逾期报送1个。"
    )
    assert overview.endswith("未报送的单位每项任务只列数量，名单见附表。")


def test_one_heading_2_per_task_in_notice_order(document: Document) -> None:
    """Two first-level headings (黑体); every task one Heading 2 (楷体), in the notice's order."""
    assert [p.text for p in _styled(document, HEADING_ID)] == [
        "一、总体情况",
        "二、各项任务落实情况",
    ]
    headings = [p.text for p in _styled(document, TASK_ID)]
    assert document.styles.get_by_id(TASK_ID, WD_STYLE_TYPE.PARAGRAPH).name == "Heading 2"
    assert headings == [_heading(task) for task in NOTICE.tasks]
    assert len(headings) == 12
    assert headings[0] == "（一）聚焦高质量发展推进信息公开"


def test_units_come_in_compilation_order(document: Document, summary: Summary) -> None:
    """Within each task the units that reported come as Summary.compilation() gives them."""
    blocks = _task_blocks(document)
    reported = {"市司法局", "章贡区", "市工信局"}  # 市发改委 and 市科技局 failed validation
    for compiled in summary.compilation():
        paragraphs = blocks[_heading(compiled.task)]
        labels = [p.runs[0].text for p in paragraphs if p.runs and p.runs[0].bold]
        expected = [
            _label(item.unit.name, item.role, item.entry.status if item.entry else "")
            for item in compiled.entries
            if item.unit.name in reported
        ]
        assert labels == expected
        ranks = [item.role.rank for item in compiled.entries]
        assert ranks == sorted(ranks)


def _returned(matrix: Matrix, units: Sequence[str]) -> Summary:
    """A summary of hand-built returns of ``units``, each task 推进中 with a line of text."""
    records = []
    for name in units:
        unit = matrix.registry.unit(name)
        entries = {
            task.id: Entry(status="推进中", progress=f"{name}已部署。")
            for task, _role in matrix.assignments_of(unit, expand=True)
        }
        records.append(_received(unit, entries))
    return consolidate(records, matrix, AS_OF)


def test_cooperating_units_come_last_in_registry_order() -> None:
    """With all three roles in a task: leads, then responsible, then cooperating units."""
    tasks = tuple(
        attrs.evolve(task, responsible=("市民政局",), cooperating=("市审计局", "市财政局"))
        if task.seq == 8
        else task
        for task in NOTICE.tasks
    )
    matrix = Matrix.build(attrs.evolve(NOTICE, tasks=tasks))
    units = [holder.unit.short_name for holder in matrix.units_of(tasks[7], expand=True)]
    document = docx.Document(compilation_docx_io(_returned(matrix, units)))
    paragraphs = _task_blocks(document)[_heading(tasks[7])]
    matches = [re.match(r"(.+?)（(.+?)，推进中）：", p.text) for p in paragraphs]
    roles = [match.groups() for match in matches if match]
    assert len(roles) == len(paragraphs) == 21
    assert [role for _, role in roles] == ["牵头"] * 18 + ["责任", "配合", "配合"]
    assert roles[-3:] == [("市民政局", "责任"), ("市财政局", "配合"), ("市审计局", "配合")]


def test_unit_text_is_kept_exactly_as_written(document: Document) -> None:
    """A 落实情况 with a formula, a line break and a tab reads back character for character."""
    task = _first_task("市司法局")
    paragraph = _unit_paragraph(document, task, "市司法局")
    label, text, end, *_ = paragraph.runs
    assert (label.text, label.bold) == (_label("市司法局", Role.LEAD, _status(task)), True)
    assert text.text == PAYLOAD
    assert not text.bold
    assert end.text == "。"  # the sentence is ended before the next one
    assert paragraph.text.startswith(label.text + PAYLOAD + "。")


def test_no_field_or_hyperlink_outside_the_footers(docx_path: Path) -> None:
    """The body has no field, hyperlink or instruction: ``=HYPERLINK(...)`` is a w:t text."""
    body = _part(docx_path, "word/document.xml").decode("utf-8")
    for tag in ("w:fldSimple", "w:instrText", "w:fldChar", "w:hyperlink"):
        assert f"<{tag}" not in body
    assert '<w:t>=HYPERLINK("http://example.com/x","点击查看")</w:t>' in body
    assert "<w:br/><w:t>第二行</w:t><w:tab/><w:t>制表后</w:t>" in body


def test_entries_are_short_paragraphs_with_their_status_and_punctuation() -> None:
    """Unit (role, status): 落实情况. 存在问题… 下步计划… 佐证材料…, each sentence ended.

    A sentence ending in a bracket still gets its 。 (the issue's 佐证材料：工作方案
    （章贡区〔2024〕3号）落实状态：已完成 ran on); one ending in 。 or ； gets none more.
    """
    task = _first_task("市司法局")
    entry = Entry(
        status="已完成",
        progress="制定印发工作方案；",
        problems="基层人员力量不足",
        plans="下半年组织专项督查。",
        evidence="工作方案（章贡区〔2024〕3号）",
    )
    document = docx.Document(compilation_docx_io(_direct_summary({task.id: entry})))
    assert _unit_paragraph(document, task, "市司法局").text == (
        "市司法局（牵头，已完成）：制定印发工作方案；存在问题：基层人员力量不足。"
        "下步计划：下半年组织专项督查。佐证材料：工作方案（章贡区〔2024〕3号）。"
    )


def test_not_applicable_is_said_beside_the_role(document: Document) -> None:
    """不涉及 stands in the label, followed by the unit's reason."""
    first = NOTICE.tasks[0]
    assert (
        _unit_paragraph(document, first, "市工信局").text
        == f"市工信局（牵头，不涉及）：{NOT_APPLICABLE_TEXT}"
        "下步计划：下半年组织专项督查。佐证材料：工作方案、会议纪要。"
    )


def test_absences_are_one_line_per_task_and_named_in_the_appendix(
    document: Document, summary: Summary
) -> None:
    """Who did not report is counted in one line per task; the names are only in the 附表."""
    texts = [p.text for p in document.paragraphs]
    body = "".join(texts[: texts.index(WORD.APPENDIX_MARK)])
    for compiled in summary.compilation():
        missing = sum(1 for item in compiled.entries if item.unit.received is None)
        rejected = sum(1 for item in compiled.entries if item.rejected)
        expected = f"本项未报送{missing}个单位（名单见附表）" + (
            f"；{rejected}个单位的报送表未通过核验，内容未采用（见附件“未采用的报送内容”）"
            if rejected
            else ""
        )
        assert _absent_line(document, compiled.task) == expected + "。"
    silent = [unit.name for unit in summary.expected if unit.received is None]
    assert len(silent) == 50
    assert not [name for name in silent if name in body]  # not one name before the appendix
    [table] = document.tables
    assert [row.cells[1].text for row in table.rows if row.cells[2].text == "未报送"] == silent


def test_text_of_an_invalid_return_only_in_the_marked_appendix(document: Document) -> None:
    """What 市发改委 wrote (its return failed validation) is in the marked appendix, with why."""
    texts = [p.text for p in document.paragraphs]
    start = texts.index(WORD.REJECTED_TITLE)
    assert texts[start - 1] == WORD.REJECTED_MARK
    assert texts[start + 1] == WORD.REJECTED_NOTE
    assert all("完成了" not in text for text in texts[:start])
    unit = texts[start + 2]
    assert unit.startswith("市发改委（未采用原因：")
    assert "“落实状态”填的是“完成了”" in unit
    first = NOTICE.tasks[0]
    entry = texts[start + 3]
    assert entry.startswith(f"{first.label}{first.title}（牵头，完成了）：")
    assert entry.endswith("。")
    assert "存在问题：" not in entry  # empty fields are left out


def test_invalid_text_can_be_left_out(summary: Summary) -> None:
    """With invalid_text="omit" the text of a return that failed validation is nowhere."""
    document = docx.Document(io.BytesIO(compilation_docx(summary, invalid_text="omit")))
    texts = [p.text for p in document.paragraphs]
    assert WORD.REJECTED_TITLE not in texts
    assert all("完成了" not in text for text in texts)
    assert _absent_line(document, NOTICE.tasks[0]).endswith(
        "；2个单位的报送表未通过核验，内容未采用。"
    )


def test_open_groups_get_a_note(document: Document) -> None:
    """A task held by a group whose members are not stated says so in one line."""
    last = _task_blocks(document)[_heading(NOTICE.tasks[0])][-1]
    assert last.text == "（市政府有关部门的具体单位尚未明确，未列入本项汇编。）"
    assert not any(
        p.text.startswith("（") for p in _task_blocks(document)[_heading(NOTICE.tasks[2])]
    )


def test_appendix_table_lists_every_expected_unit(document: Document, summary: Summary) -> None:
    """The 附表 has one row per expected unit with its state, timeliness, validity and contact.

    (The second appendix mark is the one of the text not used, 未采用的报送内容.)
    """
    marks = [mark.text for mark in _styled(document, APPENDIX_ID)]
    assert marks == ["附表", WORD.REJECTED_MARK]
    [table] = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == list(WORD.TABLE_HEADER)
    assert len(rows) == 1 + 55
    assert [row[0] for row in rows[1:]] == [str(n) for n in range(1, 56)]
    assert [row[1] for row in rows[1:]] == [unit.name for unit in summary.expected]
    by_unit = {row[1]: row[2:] for row in rows[1:]}
    assert by_unit["章贡区"] == [
        "已报送",
        "逾期报送",
        "合格",
        "2024年7月10日",
        "张三",
        "0797-8992059",
    ]
    assert by_unit["市司法局"] == ["已报送", "按时", "合格", "2024年7月1日", "张三", "0797-8992059"]
    assert by_unit["市发改委"][:3] == ["已报送", "按时", "不合格"]
    assert by_unit["南康区"] == ["未报送", "逾期未报", "—", "", "", ""]


def test_appendix_header_row_repeats_and_rows_do_not_split(docx_path: Path) -> None:
    """The table's first row is a repeated header row; no row breaks across pages."""
    body = docx.Document(str(docx_path)).element.body
    [table] = body.findall(qn("w:tbl"))
    rows = table.findall(qn("w:tr"))
    assert rows[0].find("w:trPr/w:tblHeader", W_NS) is not None
    assert all(row.find("w:trPr/w:tblHeader", W_NS) is None for row in rows[1:])
    assert all(row.find("w:trPr/w:cantSplit", W_NS) is not None for row in rows)


def test_page_is_a4_with_official_margins(document: Document) -> None:
    """One A4 portrait section: 37/35/28/26 mm margins (GB/T 9704)."""
    [section] = document.sections
    assert (_mm(section.page_width), _mm(section.page_height)) == (210.0, 297.0)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert tuple(_mm(margin) for margin in margins) == (37.0, 35.0, 28.0, 26.0)


def _fonts(element: Any) -> dict[str, str]:
    [fonts] = element.findall("w:rPr/w:rFonts", W_NS)
    return {key.split("}")[1]: value for key, value in fonts.attrib.items()}


def _style_facts(document: Document, name: str) -> tuple[str, str, float | None, str | None]:
    style = document.styles[name]
    fonts = _fonts(style.element)
    assert not any(key.endswith("Theme") or key == "cstheme" for key in fonts)  # no theme fonts
    size = style.font.size.pt if style.font.size is not None else None
    jc = style.element.find("w:pPr/w:jc", W_NS)
    return fonts["eastAsia"], fonts["ascii"], size, None if jc is None else jc.get(qn("w:val"))


@pytest.mark.parametrize(
    ("style", "facts"),
    [
        ("Normal", ("仿宋_GB2312", "Times New Roman", 16.0, "both")),
        ("Title", ("方正小标宋简体", "Times New Roman", 22.0, "center")),
        ("Heading 1", ("黑体", "Times New Roman", 16.0, "both")),
        ("Heading 2", ("楷体_GB2312", "Times New Roman", 16.0, "both")),
        ("Footer", ("宋体", "宋体", 14.0, "right")),
        ("表格文字", ("仿宋_GB2312", "Times New Roman", 10.5, "center")),
    ],
)
def test_styles_carry_the_official_fonts(
    document: Document, style: str, facts: tuple[str, str, float, str]
) -> None:
    """Each style names its East-Asian and Latin font explicitly, with its size and alignment."""
    assert _style_facts(document, style) == facts


def test_body_and_heading_paragraph_layout(document: Document) -> None:
    """Body and headings: 22 lines of 28 characters, first line indented two; outline levels."""
    for name in ("Normal", "Heading 1", "Heading 2"):
        element = document.styles[name].element
        spacing = element.find("w:pPr/w:spacing", W_NS)
        indent = element.find("w:pPr/w:ind", W_NS)
        assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("579", "exact")
        # 28 characters in 156 mm (442.2 pt): 16 pt characters set 0.25 pt closer
        condensed = element.find("w:rPr/w:spacing", W_NS).get(qn("w:val"))
        assert condensed == "-5"
        assert 28 * (16 - 0.25) <= 156 / 25.4 * 72 < 29 * (16 - 0.25)
        assert (indent.get(qn("w:firstLineChars")), indent.get(qn("w:firstLine"))) == ("200", "630")
        # Word's default, said: LibreOffice reads it inverted and then hangs no punctuation
        overflow = element.find("w:pPr/w:overflowPunct", W_NS)
        assert overflow.get(qn("w:val")) == "1"
    outline = {
        name: document.styles[name].element.find("w:pPr/w:outlineLvl", W_NS).get(qn("w:val"))
        for name in ("Heading 1", "Heading 2")
    }
    assert outline == {"Heading 1": "0", "Heading 2": "1"}
    heading = document.styles["Heading 1"]
    assert heading.font.bold is None  # 黑体 is not made bold
    title = document.styles["Title"].element.find("w:pPr/w:ind", W_NS)
    assert title.get(qn("w:firstLineChars")) == "0"
    defaults = document.styles.element.find("w:docDefaults/w:rPrDefault/w:rPr", W_NS)
    assert defaults.find("w:rFonts", W_NS).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert defaults.find("w:lang", W_NS).get(qn("w:eastAsia")) == "zh-CN"


def test_every_run_names_its_east_asian_font(docx_path: Path) -> None:
    """Each run of the body and the footers names its fonts itself, as its style does."""
    looks = {
        "Normal": "仿宋_GB2312",
        HEADING_ID: "黑体",
        TASK_ID: "楷体_GB2312",
        "Title": "方正小标宋简体",
        "Subtitle": "仿宋_GB2312",
        APPENDIX_ID: "黑体",
        "GzgkTableHeader": "黑体",
        "GzgkTable": "仿宋_GB2312",
        "GzgkTableNote": "仿宋_GB2312",
        "Footer": "宋体",
    }
    runs = 0
    for part in ("word/document.xml", "word/footer1.xml", "word/footer2.xml"):
        root = docx.oxml.parse_xml(_part(docx_path, part))
        for paragraph in root.iterfind(".//w:p", W_NS):
            style = paragraph.find("w:pPr/w:pStyle", W_NS)
            style_id = "Normal" if style is None else style.get(qn("w:val"))
            if part != "word/document.xml":
                style_id = "Footer"
            for run in paragraph.iterfind("w:r", W_NS):
                fonts = run.find("w:rPr/w:rFonts", W_NS)
                assert fonts is not None, f"{part}: a run in {style_id} names no font"
                assert fonts.get(qn("w:eastAsia")) == looks[style_id]
                assert fonts.get(qn("w:hint")) == "eastAsia"
                runs += 1
    assert runs > 100


def test_font_table_declares_the_fallbacks(docx_path: Path) -> None:
    """The font table gives each Chinese font one alternative name and the GB2312 charset."""
    root = docx.oxml.parse_xml(_part(docx_path, "word/fontTable.xml"))
    fonts = {
        font.get(qn("w:name")): (
            font.find("w:altName", W_NS).get(qn("w:val"))
            if font.find("w:altName", W_NS) is not None
            else None,
            font.find("w:charset", W_NS).get(qn("w:val")),
        )
        for font in root.findall("w:font", W_NS)
    }
    assert fonts == {
        "Times New Roman": (None, "00"),
        "仿宋_GB2312": ("仿宋", "86"),
        "方正小标宋简体": ("宋体", "86"),
        "黑体": ("SimHei", "86"),
        "楷体_GB2312": ("楷体", "86"),
        "宋体": ("SimSun", "86"),
    }


def test_footers_hold_a_page_field_odd_right_even_left(document: Document) -> None:
    """Odd and even footers read “— N —” around a real PAGE field, right and left aligned."""
    [section] = document.sections
    assert document.settings.odd_and_even_pages_header_footer
    for footer, expected, align in (
        (section.footer, "— 1 —", "right"),
        (section.even_page_footer, "— 2 —", "left"),
    ):
        [paragraph] = footer.paragraphs
        assert paragraph.text == expected
        element = paragraph.paragraph_format.element
        kinds = [c.get(qn("w:fldCharType")) for c in element.iterfind(".//w:fldChar", W_NS)]
        assert kinds == ["begin", "separate", "end"]
        assert [i.text for i in element.iterfind(".//w:instrText", W_NS)] == [" PAGE "]
        assert element.find("w:pPr/w:jc", W_NS).get(qn("w:val")) == align
        assert paragraph.style is not None
        assert paragraph.style.name == "Footer"


def test_same_summary_same_bytes_and_properties(summary: Summary, document: Document) -> None:
    """The output is deterministic; the core properties name gzgk and the summary's moment."""
    assert compilation_docx(summary) == compilation_docx(summary)
    properties = document.core_properties
    assert properties.author == "gzgk"
    assert properties.created == AS_OF  # stored in UTC
    assert properties.modified == properties.created
    assert properties.title.endswith("落实情况汇编")


def test_package_drops_the_template_leftovers(docx_path: Path) -> None:
    """No template thumbnail or stylesWithEffects part, and fixed zip times."""
    with zipfile.ZipFile(docx_path) as package:
        names = package.namelist()
        assert names[0] == "[Content_Types].xml"
        assert not any("thumbnail" in name or "stylesWithEffects" in name for name in names)
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        relations = package.read("_rels/.rels") + package.read("word/_rels/document.xml.rels")
        assert b"thumbnail" not in relations
        assert b"stylesWithEffects" not in relations


def test_write_compilation_writes_atomically(summary: Summary, tmp_path: Path) -> None:
    """write_compilation writes the bytes of compilation_docx and leaves no temporary file."""
    target = tmp_path / "out" / "汇编.docx"
    assert write_compilation(summary, str(target)) == target
    assert target.read_bytes() == compilation_docx(summary)
    assert [path.name for path in target.parent.iterdir()] == ["汇编.docx"]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("普通文字", "普通文字"),
        ("响铃\x07", "响铃\\x07"),
        ("\x00空字符", "\\x00空字符"),
        ("换页\x0c竖表\x0b", "换页\\x0c竖表\\x0b"),
        ("\x1f\x08", "\\x1f\\x08"),
        ("一行\r\n二行\r三行\n四行", "一行\n二行\n三行\n四行"),
        ("制\t表", "制\t表"),
        ("\ud800\ufffe\uffff", "\\ud800\\ufffe\\uffff"),
        ("\x7f\x85\u2028", "\x7f\x85\u2028"),  # allowed in XML 1.0: kept
        ("已写的\\x07", "已写的\\x07"),
        ("=SUM(A1:A3)", "=SUM(A1:A3)"),
    ],
)
def test_escape_text(text: str, shown: str) -> None:
    r"""Only characters XML 1.0 forbids are escaped (\xNN, \uNNNN); CR/CRLF become LF."""
    assert escape_text(text) == shown


def _direct_summary(entries: dict[str, Entry], notice_matrix: Matrix = MATRIX) -> Summary:
    """A summary of one hand-built return of 市司法局 (for texts Excel cannot hold)."""
    return consolidate(
        [_received(notice_matrix.registry.unit("市司法局"), entries)], notice_matrix, AS_OF
    )


def _received(unit: Unit, entries: dict[str, Entry]) -> Received:
    """A hand-built return of ``unit``, read and valid."""
    content = ReturnContent(
        unit=unit,
        unit_name=unit.short_name,
        belongs=True,
        fill_date=None,
        contact="王\x07芳",
        phone="0797-8992059",
        entries=entries,
    )
    return Received(
        path=f"手工/{unit.short_name}.xlsx",
        relative=f"{unit.short_name}.xlsx",
        modified=dt.datetime(2024, 7, 3, 9, 0, tzinfo=dt.timezone.utc),
        report=FileReport(path=f"手工/{unit.short_name}.xlsx"),
        content=content,
    )


def test_control_characters_long_texts_and_missing_rows(tmp_path: Path) -> None:
    """Forbidden characters print escaped, 2000 characters stay whole, a missing row is said."""
    tasks = [task for task, _ in MATRIX.assignments_of("市司法局", expand=True)]
    long_text = ("推进政务公开标准化规范化建设。" * 134)[:2000]
    entries = {
        tasks[0].id: Entry(status="推进中", progress="控制\x00字符\x07与\x1b转义\r\n第二行"),
        tasks[1].id: Entry(status="已完成", progress=long_text, problems="=1+1"),
        tasks[2].id: Entry(),
    }  # tasks[3:] have no row at all
    summary = _direct_summary(entries)
    path = write_compilation(summary, tmp_path / "edge.docx")
    document = docx.Document(str(path))
    first = _unit_paragraph(document, tasks[0], "市司法局").text
    assert first == "市司法局（牵头，推进中）：控制\\x00字符\\x07与\\x1b转义\n第二行。"
    second = _unit_paragraph(document, tasks[1], "市司法局")
    assert second.runs[1].text == long_text
    assert len(second.runs[1].text) == 2000
    assert "存在问题：=1+1" in second.text
    assert _absent_line(document, tasks[2]).endswith("（名单见附表）；市司法局未填写。")
    assert _absent_line(document, tasks[3]).endswith("（名单见附表）；市司法局的报送表中无此项。")
    [table] = document.tables
    [row] = [r for r in table.rows if r.cells[1].text == "市司法局"]
    assert [cell.text for cell in row.cells[2:]] == [
        "已报送",
        "按时",
        "合格",
        "2024年7月3日*",  # no 填报日期: the file's date, marked
        "王\\x07芳",
        "0797-8992059",
    ]
    assert document.paragraphs[-1].text == WORD.FILE_DATE_NOTE


def test_notice_without_title_number_or_deadline() -> None:
    """Without a title the issuer names the compilation; no 文号, no deadline sentence."""
    bare = attrs.evolve(NOTICE, title="", doc_number="", report_due=None)
    document = docx.Document(compilation_docx_io(_direct_summary({}, Matrix.build(bare))))
    title, line, _, overview, *_ = document.paragraphs
    assert title.text == "赣州市人民政府办公室任务分工落实情况汇编"
    assert line.text == "统计截至 2024年7月12日 10:00"
    assert WORD.NO_DEADLINE in overview.text
    assert "按时报送" not in overview.text
    anonymous = attrs.evolve(bare, issuer="")
    document = docx.Document(compilation_docx_io(_direct_summary({}, Matrix.build(anonymous))))
    assert document.paragraphs[0].text == "任务分工落实情况汇编"


def compilation_docx_io(summary: Summary) -> io.BytesIO:
    """The compilation as a file-like object python-docx can open."""
    return io.BytesIO(compilation_docx(summary))


# ---------------------------------------------------------------------------
# A real word processor: LibreOffice Writer opens the file and prints it (one load).


@pytest.fixture(scope="module")
def in_writer(
    libreoffice_session: LibreOffice, docx_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """What Writer reads from the compilation, and the PDF it exports (one LibreOffice job)."""
    if not libreoffice_session.alive:
        libreoffice_session.restart()
    pdf = tmp_path_factory.mktemp("pdf") / "汇编.pdf"
    result = libreoffice_session.read_text(docx_path, pdf=pdf)
    return {**result, "pdf": pdf}


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.libreoffice
def test_writer_prints_the_compilation_to_a4_pdf(in_writer: dict[str, Any], poppler: None) -> None:
    """Writer exports an A4 PDF with the title, every task heading, a unit's text and page numbers."""
    pdf: Path = in_writer["pdf"]
    assert pdf.read_bytes().startswith(b"%PDF")
    width, height = pdf_page_size(pdf)
    assert (round(width), round(height)) == (595, 842)
    pages = pdf_page_count(pdf)
    assert pages == in_writer["pages"] >= 2
    text = _squeeze(pdf_text(pdf))
    assert _squeeze(NOTICE.title + WORD.TITLE_SUFFIX) in text
    for task in NOTICE.tasks:
        assert _squeeze(_heading(task)) in text
    first = NOTICE.tasks[0]
    label = _label("章贡区", Role.RESPONSIBLE, _status(first))
    assert _squeeze(f"{label}已制定{first.title}工作方案") in text
    assert "=HYPERLINK(" in text
    raw = pdf_text(pdf, raw=True)
    assert "— 1 —" in raw
    assert "— 2 —" in raw
    assert f"— {pages} —" in raw


@pytest.mark.libreoffice
def test_writer_prints_22_lines_of_28_characters_on_few_pages(in_writer: dict[str, Any]) -> None:
    """GB/T 9704 on paper: full pages of 22 lines, full lines of 28 characters (3号).

    With 5 of 55 units reported the compilation holds their entries and little else:
    under half of the 36 pages it took when the issue was filed (40 since), every absence a line.
    """
    pages = read_pdf(in_writer["pdf"])
    assert len(pages) < 36 / 2
    lines_per_page = []
    chars_per_line: Counter[int] = Counter()
    for page in pages:
        lines: dict[int, list[Glyph]] = {}
        for glyph in page.shown:
            if glyph.size > 15 and not glyph.text.isspace():  # 3号 text, not the page number
                lines.setdefault(round(glyph.top), []).append(glyph)
        lines_per_page.append(len(lines))
        for glyphs in lines.values():
            left = min(glyph.x0 for glyph in glyphs)
            if all(ord(glyph.text) > 0x2E80 for glyph in glyphs) and left < 80:
                chars_per_line[len(glyphs)] += 1  # Chinese only, from the left margin
    assert max(lines_per_page) == 22
    assert max(chars_per_line) == 28
    assert chars_per_line.most_common(1)[0][0] == 28


@pytest.mark.libreoffice
def test_writer_sees_heading_styles_fonts_and_page(in_writer: dict[str, Any]) -> None:
    """Writer lists the tasks as Heading 2 paragraphs and reads the fonts and the page as set."""
    blocks = in_writer["paragraphs"]
    paragraphs = [block for block in blocks if "text" in block]
    headings = [p for p in paragraphs if p["style"] == "Heading 2"]
    assert [p["text"] for p in headings] == [_heading(task) for task in NOTICE.tasks]
    assert {(p["outline"], p["font_asian"], p["size_asian"], p["bold"]) for p in headings} == {
        (2, "楷体_GB2312", 16.0, False)
    }
    first_level = [p for p in paragraphs if p["style"] == "Heading 1"]
    assert [(p["text"], p["outline"], p["font_asian"]) for p in first_level] == [
        ("一、总体情况", 1, "黑体"),
        ("二、各项任务落实情况", 1, "黑体"),
    ]
    title = paragraphs[0]
    assert (title["style"], title["font_asian"], title["size_asian"]) == (
        "Title",
        "方正小标宋简体",
        22.0,
    )
    label = _label("市司法局", Role.LEAD, _status(_first_task("市司法局")))
    body = next(p for p in paragraphs if p["text"].startswith(label))
    assert (body["font_asian"], body["font"], body["size"], body["bold"]) == (
        "仿宋_GB2312",
        "Times New Roman",
        16.0,
        True,
    )
    assert body["text"].startswith(label + PAYLOAD.split("\n", maxsplit=1)[0])
    [table] = [block["table"] for block in blocks if "table" in block]
    assert table[0] == list(WORD.TABLE_HEADER)
    assert len(table) == 56
    page = in_writer["page"]
    assert (page["width"], page["height"]) == pytest.approx((21000, 29700), abs=2)
    assert (page["top"], page["left"], page["right"]) == pytest.approx((3700, 2800, 2600), abs=2)
    assert page["footer"]


def test_text_operations_refuse_a_workbook(libreoffice: LibreOffice, tmp_path: Path) -> None:
    """open_text (and convert_text_pdf) fail clearly on a spreadsheet; open refuses a .docx."""
    workbook = generate(tmp_path, "市司法局")
    with pytest.raises(LibreOfficeError, match="not a text document"):
        libreoffice.convert_text_pdf(workbook, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
    document = write_compilation(_direct_summary({}), tmp_path / "x.docx")
    with pytest.raises(LibreOfficeError, match="not a spreadsheet"):
        libreoffice.convert_pdf(document, tmp_path / "x.pdf")
