"""gzgk.documents.pdf: real PDFs printed by LibreOffice Writer from Word files built here.

The Word files are written with python-docx (a notice body and a bordered 分工表, or
paragraphs) and printed to PDF by ``soffice --headless --convert-to pdf`` in one run per
module; scans and damaged files are made without LibreOffice.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import zlib
from collections.abc import Sequence
from pathlib import Path

import docx
import pdfplumber
import pytest
from attrs import define
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from PIL import Image, ImageDraw
from support.documents import ganzhou_docx

import gzgk
from gzgk.documents import DocLine, Document, DocumentError, PdfNoTextError
from gzgk.documents import pdf as pdf_reader
from gzgk.documents.pdf import read_pdf
from gzgk.model import Task
from gzgk.parse.document import parse_document
from gzgk.parse.result import ParseResult

TITLE = "赣州市人民政府办公室关于印发2024年政务公开工作要点任务分工的通知"
BODY = (
    TITLE,
    "各县（市、区）人民政府，市政府各部门：",
    "现将2024年政务公开工作要点任务分工印发给你们，请结合实际认真贯彻落实。",
    "附件：任务分工表",
)
CLOSING = "联系人：张三，电话：0797-8992059。"
HEADER = ("序号", "主要任务", "牵头单位", "责任单位", "配合单位")
WIDTHS = (1.2, 7.3, 2.4, 2.6, 2.4)  # cm: narrow unit columns, so lists of names wrap
SHORT_HEADER = ("主要任务", "牵头单位", "责任单位")
SHORT_WIDTHS = (10.9, 2.5, 2.5)
COUNTIES = "各县（市、区）人民政府"
SIX_LEADS = ("市工信局", "市发改委", "市科技局", "市商务局", "市农业农村局", "市文广旅局")


@define
class Row:
    """A task row of a 分工表 as printed, and the roles it gives."""

    number: str
    title: str
    content: str
    lead: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    cooperating: tuple[str, ...] = ()
    typed: bool = False  # cooperating units typed one a line instead of joined with 、

    @property
    def text(self) -> str:
        """The 主要任务 cell: title, then content."""
        return f"{self.title}。{self.content}"

    def cells(self) -> list[str]:
        """The row's cells as typed in Word."""
        cooperating = ("\n" if self.typed else "、").join(self.cooperating)
        units = ("、".join(self.lead), "、".join(self.responsible), cooperating)
        return [self.number, self.text, *units]

    def short_cells(self) -> list[str]:
        """The row's cells in a table without 序号 column: （一） starts the 主要任务 cell."""
        return [f"（{self.number}）{self.text}", "、".join(self.lead), "、".join(self.responsible)]


ONE_PAGE = (
    Row(
        "1",
        "推进政务公开标准化建设",
        "完善基层政务公开标准目录，规范公开流程，年底前实现县乡两级全覆盖。",
        ("市政府办公室",),
        (COUNTIES,),
        ("市司法局", "市行政审批局"),
        typed=True,
    ),
    Row(
        "2",
        "聚焦高质量发展推进信息公开",
        "及时公开制造业重点产业链现代化建设“1269”行动计划、数字经济做优做强"
        "“一号发展工程”等政策举措和进展成效。",
        SIX_LEADS,
        (COUNTIES,),
    ),
    Row(
        "3",
        "加强政策解读",
        "坚持政策解读材料与政策文件同步起草、同步审签、同步发布。",
        ("市政府办公室", "市行政审批局"),
        (COUNTIES,),
        ("市委宣传部", "市文广旅局"),  # each fills a line of its narrow column
        typed=True,
    ),
)


def _long(number: int) -> str:
    """A task text long enough that Writer breaks its row over a page."""
    return "".join(
        f"第{number}项第{step}条措施：持续深化政务公开标准化规范化建设，"
        f"推动“1269”行动计划和“十百千万”工程落地见效，按季度报送进展情况；"
        for step in range(1, 11)
    )


MULTI_PAGE = (
    Row("1", "持续推进基层政务公开", _long(1), SIX_LEADS, ("市政府各部门",), ("市统计局",)),
    Row("2", "围绕保障改善民生深化信息公开", _long(2), ("市教育局", "市人社局"), (COUNTIES,)),
    Row("3", "加强重大政策宣传", _long(3), ("市政府办公室",), (COUNTIES,), ("市委宣传部",)),
    Row("4", "规范政府网站与政务新媒体", _long(4), ("市政府办公室", "市行政审批局"), (COUNTIES,)),
    Row("5", "做好年度总结", "按时报送年度工作总结。"),
)
UNNUMBERED = tuple(
    Row(number, f"第{number}项任务", _long(index), ("市工信局", "市发改委"), (COUNTIES,))
    for index, number in enumerate("一二三四", start=1)
)
MERGED = (1, 3)  # MULTI_PAGE rows whose 责任单位 cells are one merged cell (rows 2 to 4)

LIST_FORM = (
    (
        "（一）推进政务公开标准化建设。完善基层政务公开标准目录，规范公开流程。"
        "（牵头单位：市政府办公室；责任单位：各县（市、区）人民政府）"
    ),
    (
        "（二）聚焦高质量发展推进信息公开。及时公开制造业重点产业链现代化建设等政策举措和进展成效。"
        "（牵头单位：市工信局、市发改委；责任单位：各县（市、区）人民政府；配合单位：市统计局）"
    ),
    "（三）做好年度总结。按时报送年度工作总结。",
    (
        "（四）加强政策解读。坚持政策解读材料与政策文件同步起草、同步审签、同步发布。"
        "（牵头单位：市政府办公室；责任单位：市政府各部门）"
    ),
)


# ---------------------------------------------------------------------------
# Word files, and LibreOffice printing them


def _table_docx(
    path: Path,
    rows: Sequence[Row],
    *,
    borders: bool = True,
    heading: str = "",
    repeat_header: bool = False,
    merged: tuple[int, int] | None = None,
    page_numbers: bool = False,
    numbered: bool = True,
) -> Path:
    """A notice: the body, a 分工表 (a heading row merged across, 责任单位 cells merged down).

    Without ``numbered`` the table has no 序号 and 配合单位 columns: the number
    starts the 主要任务 cell.
    """
    header, widths = (HEADER, WIDTHS) if numbered else (SHORT_HEADER, SHORT_WIDTHS)
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.55)
    if page_numbers:
        _page_number_footer(section.footer.paragraphs[0])
    for text in BODY:
        document.add_paragraph(text)
    table = document.add_table(rows=1 + bool(heading) + len(rows), cols=len(header))
    if borders:
        table.style = document.styles["Table Grid"]
    table.autofit = False
    texts: list[list[str]] = [list(header)]
    if heading:
        texts.append([heading] + [""] * (len(header) - 1))
    texts += [row.cells() if numbered else row.short_cells() for row in rows]
    for column, width in enumerate(widths):
        table.columns[column].width = Cm(width)
    for index, values in enumerate(texts):
        for column, value in enumerate(values):
            cell = table.cell(index, column)
            cell.width = Cm(widths[column])
            first, *more = value.split("\n")
            cell.paragraphs[0].text = first
            for line in more:
                cell.add_paragraph(line)
    start = 1 + bool(heading)
    if heading:
        _merge(table.cell(1, 0), table.cell(1, len(header) - 1))
    if merged is not None:
        _merge(table.cell(start + merged[0], 3), table.cell(start + merged[1], 3))
    if repeat_header:
        flag = OxmlElement("w:tblHeader")
        flag.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(flag)
    document.add_paragraph(CLOSING)
    document.save(str(path))
    return path


def _merge(first: docx.table._Cell, last: docx.table._Cell) -> None:
    """Merge a range of cells keeping only the first cell's text (as a user does)."""
    text = first.text
    merged = first.merge(last)
    for paragraph in merged.paragraphs[1:]:
        paragraph._p.getparent().remove(paragraph._p)
    merged.paragraphs[0].text = text


def _page_number_footer(paragraph: docx.text.paragraph.Paragraph) -> None:
    """A ``— N —`` page number in the footer (a PAGE field)."""
    paragraph.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" —")


def _list_docx(path: Path) -> Path:
    """A list-form notice: numbered paragraphs with their units in brackets, over two pages."""
    document = docx.Document()
    for text in BODY[:3]:
        document.add_paragraph(text)
    for index, text in enumerate(LIST_FORM):
        paragraph = document.add_paragraph()
        if index == 2:
            paragraph.add_run().add_break(WD_BREAK.PAGE)
        paragraph.add_run(text)
    document.add_paragraph(CLOSING)
    document.save(str(path))
    return path


def _bordered_ganzhou(path: Path) -> Path:
    """The bundled 赣州 notice as a Word file, its 分工表 given borders."""
    ganzhou_docx(path)
    document = docx.Document(str(path))
    for table in document.tables:
        table.style = document.styles["Table Grid"]
    document.save(str(path))
    return path


def _soffice() -> str:
    """The soffice command; skip without it, or fail when CI demands LibreOffice."""
    soffice = shutil.which(os.environ.get("GZGK_SOFFICE", "soffice"))
    if soffice is None:
        reason = "LibreOffice (soffice) not installed"
        if os.environ.get("GZGK_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(f"GZGK_REQUIRE_LIBREOFFICE=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return soffice


def _print_pdf(sources: Sequence[Path], outdir: Path, *, options: str = "") -> None:
    """Print Word files to PDF with one headless Writer run (private profile, time limit)."""
    target = f"pdf:writer_pdf_Export:{options}" if options else "pdf"
    with tempfile.TemporaryDirectory(prefix="gzgk-pdf-profile-") as profile:
        command = [
            _soffice(),
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            *map(str, sources),
        ]
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
        )
        try:
            process.communicate(timeout=240)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            pytest.fail("soffice --convert-to pdf timed out")
    for source in sources:
        assert (outdir / f"{source.stem}.pdf").is_file(), f"soffice printed no {source.stem}.pdf"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every notice of this module printed to PDF by LibreOffice Writer (one run)."""
    folder = tmp_path_factory.mktemp("pdf")
    sources = [
        _table_docx(folder / "one-page.docx", ONE_PAGE, merged=(0, 2)),
        _table_docx(
            folder / "multi-page.docx",
            MULTI_PAGE,
            heading="一、重点任务",
            repeat_header=True,
            merged=MERGED,
            page_numbers=True,
        ),
        _table_docx(folder / "unnumbered.docx", UNNUMBERED, numbered=False),
        _table_docx(folder / "borderless.docx", ONE_PAGE, borders=False),
        _table_docx(
            folder / "borderless-pages.docx", MULTI_PAGE, borders=False, repeat_header=True
        ),
        _list_docx(folder / "list.docx"),
        _bordered_ganzhou(folder / "ganzhou.docx"),
    ]
    _print_pdf(sources, folder)
    return {source.stem: folder / f"{source.stem}.pdf" for source in sources}


@pytest.fixture(scope="module")
def read(pdfs: dict[str, Path]) -> dict[str, Document]:
    """``read_pdf`` of every printed notice."""
    return {name: read_pdf(path) for name, path in pdfs.items()}


def _parse(document: Document, name: str) -> ParseResult:
    return parse_document(document, source=f"{name}.pdf")


def _roles(tasks: Sequence[Task]) -> list[tuple[str, tuple[str, ...], ...]]:
    return [(t.number, t.lead, t.responsible, t.cooperating) for t in tasks]


def _expected_roles(rows: Sequence[Row]) -> list[tuple[str, tuple[str, ...], ...]]:
    return [(r.number, r.lead, r.responsible, r.cooperating) for r in rows]


def _lines(document: Document) -> list[tuple[str, str]]:
    return [(line.place, line.text) for line in document.lines]


def _raw_tables(path: Path) -> list[tuple[int, list[list[str | None]]]]:
    """What pdfplumber itself finds: (page, cell texts) of every ruled table."""
    with pdfplumber.open(path) as pdf:
        return [(page.page_number, table) for page in pdf.pages for table in page.extract_tables()]


# ---------------------------------------------------------------------------
# A table on one page


@pytest.mark.libreoffice
def test_one_page_table_is_read_as_a_table(read: dict[str, Document]) -> None:
    """A bordered 分工表 comes out as one table: merged cells filled, wraps joined, typed breaks kept."""
    document = read["one-page"]
    assert document.kind == "pdf"
    [table] = document.tables
    assert table.name == "第1页表1"
    assert table.places == ("第1页",) * 4
    assert table.rows[0] == HEADER
    assert [list(row) for row in table.rows[1:]] == [
        [row.number, row.text, "、".join(row.lead), COUNTIES, row.cells()[4] or None]
        for row in ONE_PAGE
    ]
    assert table.rows[1][4] == "市司法局\n市行政审批局"  # a line break typed in the cell


@pytest.mark.libreoffice
def test_names_wrapped_in_a_narrow_column_come_out_whole(pdfs: dict[str, Path]) -> None:
    """Precondition of the test above: pdfplumber alone cuts unit names where Writer wrapped them."""
    [(_, rows)] = _raw_tables(pdfs["one-page"])
    lead = rows[2][2] or ""
    assert lead.replace("\n", "") == "、".join(SIX_LEADS)
    assert any(not line.endswith("、") for line in lead.split("\n")[:-1])  # a name cut in two
    assert rows[1][4] is not None
    assert len(rows[1][4].split("\n")) > 2  # the typed break and a wrap


@pytest.mark.libreoffice
def test_one_page_body_is_the_text_outside_the_table(read: dict[str, Document]) -> None:
    """The body lines are the paragraphs around the table, placed on their page, without spaces."""
    document = read["one-page"]
    assert _lines(document) == [("第1页", text) for text in (*BODY, CLOSING)]


@pytest.mark.libreoffice
def test_one_page_table_parses_end_to_end(read: dict[str, Document]) -> None:
    """parse_document reads the tasks and every role from the table, the header from the body."""
    result = _parse(read["one-page"], "one-page")
    assert result.issues == ()
    assert result.notice.title == TITLE
    assert _roles(result.notice.tasks) == _expected_roles(ONE_PAGE)
    assert [(t.title, t.content) for t in result.notice.tasks] == [
        (row.title, row.content) for row in ONE_PAGE
    ]


# ---------------------------------------------------------------------------
# A table over several pages


@pytest.mark.libreoffice
def test_writer_broke_rows_and_repeated_the_header(pdfs: dict[str, Path]) -> None:
    """Precondition: Writer split the table over pages, rows broken, the header repeated."""
    parts = _raw_tables(pdfs["multi-page"])
    assert len(parts) >= 3
    assert [page for page, _ in parts] == list(range(1, len(parts) + 1))
    for _, rows in parts[1:]:
        assert rows[0][1:] == list(HEADER[1:])
    broken = [rows[1] for _, rows in parts[1:] if rows[1][0] == ""]
    assert broken, "no row broken by a page break"


@pytest.mark.libreoffice
def test_table_over_pages_is_one_table(read: dict[str, Document]) -> None:
    """The parts are one table: one header, no continuation rows, every text whole."""
    [table] = read["multi-page"].tables
    assert table.name == "第1页表1"
    assert table.rows[0] == HEADER
    assert table.rows[1] == ("一、重点任务",) * 5  # a heading row merged across
    assert [list(row) for row in table.rows[2:]] == [
        [
            row.number,
            row.text,
            "、".join(row.lead) or None,
            "、".join(row.responsible) or None,  # the merged cell's text in every row
            "、".join(row.cooperating) or None,
        ]
        for row in MULTI_PAGE
    ]


@pytest.mark.libreoffice
def test_rows_are_placed_on_the_page_they_start(
    read: dict[str, Document], pdfs: dict[str, Path]
) -> None:
    """Each row's place is the page it starts on: 第1页 first, later pages after page breaks."""
    [table] = read["multi-page"].tables
    parts = _raw_tables(pdfs["multi-page"])
    starts = [
        next(
            page
            for page, rows in parts
            for cells in rows
            if (cells[1] or "").replace("\n", "").startswith(row.title)
        )
        for row in MULTI_PAGE
    ]
    assert table.places == ("第1页", "第1页", *(f"第{page}页" for page in starts))
    assert starts[-1] >= 3


@pytest.mark.libreoffice
def test_body_around_a_long_table_keeps_its_page(
    read: dict[str, Document], pdfs: dict[str, Path]
) -> None:
    """Body lines: the text before the table on page 1, after it on the last page, page numbers."""
    with pdfplumber.open(pdfs["multi-page"]) as pdf:
        pages = len(pdf.pages)
    lines = _lines(read["multi-page"])
    numbers = [(place, text) for place, text in lines if text.startswith("—")]
    assert numbers == [(f"第{n}页", f"—{n}—") for n in range(1, pages + 1)]
    text = [line for line in lines if line not in numbers]
    assert text == [("第1页", line) for line in BODY] + [(f"第{pages}页", CLOSING)]


@pytest.mark.libreoffice
def test_table_over_pages_parses_end_to_end(read: dict[str, Document]) -> None:
    """Every task once with all its units; the merged 责任单位 cell gives every row its units."""
    document = read["multi-page"]
    result = _parse(document, "multi-page")
    assert _roles(result.notice.tasks) == _expected_roles(MULTI_PAGE)
    assert [t.content for t in result.notice.tasks] == [row.content for row in MULTI_PAGE]
    assert {t.section for t in result.notice.tasks} == {"一、重点任务"}
    [table] = document.tables
    last = table.places[-1]
    assert last != "第1页"
    assert [(i.code, i.sheet, i.task) for i in result.issues] == [
        ("task-units-unparsable", last, "5")
    ]


@pytest.mark.libreoffice
def test_row_broken_mid_text_without_number_column(
    read: dict[str, Document], pdfs: dict[str, Path]
) -> None:
    """Without a 序号 column a broken row is found by its cut text: each task comes out once."""
    parts = _raw_tables(pdfs["unnumbered"])
    assert len(parts) >= 2
    assert not any((rows[0][0] or "").startswith("（") for _, rows in parts[1:])  # precondition
    [table] = read["unnumbered"].tables
    assert table.rows == (
        SHORT_HEADER,
        *((f"（{row.number}）{row.text}", "、".join(row.lead), COUNTIES) for row in UNNUMBERED),
    )
    result = _parse(read["unnumbered"], "unnumbered")
    assert _roles(result.notice.tasks) == _expected_roles(UNNUMBERED)
    assert [t.content for t in result.notice.tasks] == [row.content for row in UNNUMBERED]


# ---------------------------------------------------------------------------
# No ruling lines: columns from the heading line, or the text fallback


@pytest.mark.libreoffice
def test_borderless_table_is_read_from_its_heading(read: dict[str, Document]) -> None:
    """A table without borders is found by its heading line; the rest is body text."""
    document = read["borderless"]
    [table] = document.tables
    assert table.rows[0] == ("序号", "主要任务", "牵头单位", "责任单位", "配合单位")
    assert [row[0] for row in table.rows[1:]] == [str(n) for n in range(1, len(ONE_PAGE) + 1)]
    texts = [text for _, text in _lines(document)]
    assert {place for place, _ in _lines(document)} == {"第1页"}
    assert texts[: len(BODY)] == list(BODY)
    assert texts[-1] == CLOSING
    assert not any(row.title in "".join(texts) for row in ONE_PAGE)


@pytest.mark.libreoffice
def test_borderless_table_header_facts_parse(read: dict[str, Document]) -> None:
    """End to end, the body's header facts are read from the text around the table."""
    result = _parse(read["borderless"], "borderless")
    assert result.notice.title == TITLE
    assert all(issue.sheet in ("", "第1页") for issue in result.issues)


@pytest.mark.libreoffice
def test_borderless_table_tasks_parse(read: dict[str, Document]) -> None:
    """The tasks of a borderless 分工表 read as from a ruled one: names wrapped or typed apart."""
    result = _parse(read["borderless"], "borderless")
    assert _roles(result.notice.tasks) == _expected_roles(ONE_PAGE)


@pytest.mark.libreoffice
def test_borderless_table_over_pages(read: dict[str, Document]) -> None:
    """A borderless table whose heading repeats on every page is one table, rows made whole."""
    document = read["borderless-pages"]
    [table] = document.tables
    assert len(set(table.places)) > 1  # its rows are on several pages
    result = _parse(document, "borderless-pages")
    assert _roles(result.notice.tasks) == _expected_roles(MULTI_PAGE)


@pytest.mark.libreoffice
def test_list_form_notice_parses_from_lines(read: dict[str, Document]) -> None:
    """A list-form notice: no table, its lines parse to tasks; an issue is placed on 第2页."""
    document = read["list"]
    assert document.tables == ()
    assert _lines(document)[0] == ("第1页", TITLE)
    assert _lines(document)[-1] == ("第2页", CLOSING)
    result = _parse(document, "list")
    assert _roles(result.notice.tasks)[1:] == [
        ("二", ("市工信局", "市发改委"), (COUNTIES,), ("市统计局",)),
        ("三", (), (), ()),
        ("四", ("市政府办公室",), ("市政府各部门",), ()),
    ]
    assert ("task-units-unparsable", "第2页", "三") in [
        (i.code, i.sheet, i.task) for i in result.issues
    ]


@pytest.mark.libreoffice
def test_list_form_label_wrapped_by_the_page_width(read: dict[str, Document]) -> None:
    """（牵头单位：…） wrapped between 牵头单 and 位 still gives the lead (a parser bug today)."""
    document = read["list"]
    if not any(line.text.endswith("（牵头单") for line in document.lines):
        pytest.skip("Writer wrapped the first item elsewhere with these fonts")
    result = _parse(document, "list")
    assert _roles(result.notice.tasks)[0] == ("一", ("市政府办公室",), (COUNTIES,), ())
    assert [(i.code, i.sheet, i.task) for i in result.issues] == [
        ("task-units-unparsable", "第2页", "三")
    ]


# ---------------------------------------------------------------------------
# The bundled notice printed to PDF


@pytest.mark.libreoffice
def test_ganzhou_notice_printed_to_pdf_parses_to_the_same_tasks(
    read: dict[str, Document],
) -> None:
    """The 赣州 notice as a bordered Word table printed to PDF gives the bundled 12 tasks."""
    bundled = gzgk.load_notice("ganzhou-2024")
    result = _parse(read["ganzhou"], "ganzhou")
    assert result.issues == ()
    tasks = result.notice.tasks
    assert len(tasks) == 12
    assert [(t.number, t.lead, t.responsible) for t in tasks] == [
        (t.number, t.lead, t.responsible) for t in bundled.tasks
    ]
    assert [(t.title, t.content) for t in tasks] == [(t.title, t.content) for t in bundled.tasks]
    assert (result.notice.title, result.notice.doc_number) == (bundled.title, bundled.doc_number)


@pytest.mark.libreoffice
def test_ganzhou_table_is_one_table_over_pages(read: dict[str, Document]) -> None:
    """The 分工表 runs over several pages and is one table, its title row merged across."""
    [table] = read["ganzhou"].tables
    assert len(table.rows) == 2 + 12
    assert len(set(table.places)) >= 3
    title = table.rows[0]
    assert len(set(title)) == 1
    assert title[0] is not None
    assert title[0].endswith("任务分工表")


# ---------------------------------------------------------------------------
# PDFs that cannot be read


@pytest.fixture
def scan(tmp_path: Path) -> Path:
    """An image-only PDF, as a scanner makes: one page that is a picture of text."""
    picture = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((150, 150, 1090, 190), fill=0)
    for top in range(300, 1500, 60):
        draw.rectangle((150, top, 1090, top + 28), fill=40)
    path = tmp_path / "扫描件.pdf"
    picture.save(path, "PDF", resolution=150.0)
    return path


def test_scan_raises_pdf_no_text(scan: Path) -> None:
    """A scan has no text layer: PdfNoTextError says so, that there is no OCR, and what to do."""
    with pytest.raises(PdfNoTextError) as caught:
        read_pdf(scan)
    message = str(caught.value)
    assert "扫描件.pdf" in message
    assert "扫描件或图片（1 页，1 张图片）" in message
    assert "OCR" in message
    assert "Word" in message
    assert ".docx" in message
    assert ".txt" in message
    assert caught.value.code == "pdf-no-text"


def _tiny_pdf(content: bytes, *, pages: int = 1) -> bytes:
    """A minimal valid PDF whose pages draw ``content`` (Helvetica as /F1)."""
    stream = zlib.compress(content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % (5 + n) for n in range(pages))
        + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    )
    objects += [page] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


HELLO = b"BT /F1 12 Tf 72 770 Td (Notice 2024) Tj ET\n"


def test_tiny_pdf_is_read(tmp_path: Path) -> None:
    """The hand-made PDF of these tests is valid: its one line is read as body text."""
    path = tmp_path / "tiny.pdf"
    path.write_bytes(_tiny_pdf(HELLO))
    assert read_pdf(path) == Document(kind="pdf", lines=(DocLine("Notice 2024", "第1页"),))


def test_scan_with_a_printed_page_number_is_a_scan(tmp_path: Path) -> None:
    """A scanned page with a page number as text is still a scan; a blank PDF has no text."""
    picture = b"q 500 0 0 700 50 80 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\xff\xff\x00 EI Q\n"
    path = tmp_path / "scan.pdf"
    path.write_bytes(_tiny_pdf(picture + b"BT /F1 9 Tf 290 40 Td (- 1 -) Tj ET\n", pages=2))
    with pytest.raises(PdfNoTextError, match="2 页，2 张图片"):
        read_pdf(path)
    path.write_bytes(_tiny_pdf(b"0 0 m 100 100 l S\n"))
    with pytest.raises(PdfNoTextError, match="（1 页）"):
        read_pdf(path)


def test_pdfminer_complaints_stay_off_stderr(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    """Operators pdfminer cannot read make it log warnings; none reach the log or stderr."""
    path = tmp_path / "odd.pdf"
    path.write_bytes(_tiny_pdf(b"bad w\nbad bad bad bad bad bad cm\n" * 50 + HELLO))
    with caplog.at_level("DEBUG"):
        document = read_pdf(path)
    assert [line.text for line in document.lines] == ["Notice 2024"]
    assert caplog.records == []
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("junk.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage\n", ("已损坏",)),
        ("truncated.pdf", _tiny_pdf(HELLO)[:120], ("已损坏",)),
        ("notes.pdf", "这是一份文字稿，不是 PDF".encode(), ("不是 PDF 文件",)),
        ("empty.pdf", b"", ("不是 PDF 文件",)),
    ],
)
def test_damaged_files_raise_document_error(
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    name: str,
    data: bytes,
    words: tuple[str, ...],
) -> None:
    """A damaged or mislabelled file is a DocumentError in Chinese, no pdfminer traceback."""
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentError) as caught:
        read_pdf(path)
    assert type(caught.value) is DocumentError
    assert name in str(caught.value)
    for word in words:
        assert word in str(caught.value)
    assert caught.value.code == "document-unreadable"
    assert capfd.readouterr().err == ""


def test_missing_file_raises_document_error(tmp_path: Path) -> None:
    """A path that does not exist is a DocumentError naming it."""
    with pytest.raises(DocumentError, match=r"无法打开“没有\.pdf”：文件或文件夹不存在"):
        read_pdf(tmp_path / "没有.pdf")


def test_too_many_pages_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A PDF with more pages than a notice has is refused before its pages are read."""
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 3)
    path = tmp_path / "book.pdf"
    path.write_bytes(_tiny_pdf(HELLO, pages=4))
    with pytest.raises(DocumentError, match="有 4 页，超过 3 页"):
        read_pdf(path)
    path.write_bytes(_tiny_pdf(HELLO, pages=3))
    assert len(read_pdf(path).lines) == 3


def test_too_large_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file larger than MAX_BYTES is refused without being parsed."""
    path = tmp_path / "big.pdf"
    path.write_bytes(_tiny_pdf(HELLO))
    monkeypatch.setattr(pdf_reader, "MAX_BYTES", 100)
    with pytest.raises(DocumentError, match="不像一份通知"):
        read_pdf(path)


@pytest.mark.libreoffice
def test_encrypted_pdf_raises_document_error(tmp_path: Path) -> None:
    """A PDF that needs a password to open is a DocumentError that says it is encrypted."""
    source = _table_docx(tmp_path / "加密.docx", ONE_PAGE[:1])
    _print_pdf(
        [source],
        tmp_path,
        options='{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"secret"}}',
    )
    with pytest.raises(DocumentError, match="加密") as caught:
        read_pdf(tmp_path / "加密.pdf")
    assert "加密.pdf" in str(caught.value)


@pytest.mark.libreoffice
def test_truncated_real_pdf_raises_document_error(pdfs: dict[str, Path], tmp_path: Path) -> None:
    """A Writer PDF cut short in the download is a DocumentError, not a pdfminer traceback."""
    path = tmp_path / "cut.pdf"
    path.write_bytes(pdfs["one-page"].read_bytes()[:4000])
    with pytest.raises(DocumentError, match="已损坏"):
        read_pdf(path)


def test_public_names() -> None:
    """The module exports the reader and its limits."""
    assert pdf_reader.__all__ == ["MAX_BYTES", "MAX_PAGES", "read_pdf"]
