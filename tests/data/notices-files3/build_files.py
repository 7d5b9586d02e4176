"""Typeset the 分工表 of four NEW notices (``sources/*.txt``) as ordinary Word and Excel attachments.

Run once by hand (``python build_files.py``, with python-docx and openpyxl) to (re)create the ``.docx``/``.xlsx``
files of this folder and their ``.expected.json``. Every cell's words are copied from the stored page text in
``sources/`` (the notice as the search tool returned it); only separators between units may become line breaks,
and titles / column headings / empty 备注 columns are typed by hand where the text prints none (see README.md).
The truth of every file is copied from ``sources/NAME.expected.json`` (written by hand from the printed text before
any file was built) and checked here against the units put in the cells, so a file and its truth cannot drift apart.
This script does not import gzgk and is not part of the test suite. The PDFs are printed afterwards with
``soffice --headless --convert-to pdf NAME.docx``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
SRC = HERE / "sources"
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"


def source_text(name: str) -> str:
    """The stored page text a notice's file is typeset from."""
    return (SRC / f"{name}.txt").read_text(encoding="utf-8")


def source_truth(name: str) -> dict[str, Any]:
    """The truth written from the stored page text."""
    return json.loads((SRC / f"{name}.expected.json").read_text(encoding="utf-8"))


def printed(name: str, *pieces: str) -> None:
    """Every piece of cell text occurs in the stored text once its line breaks are ignored."""
    flat = source_text(name).replace("\n", "")
    for piece in pieces:
        assert piece.replace("\n", "") in flat, (name, piece)


def write_truth(stem: str, source: str, layout: str, conventions: str) -> None:
    """Write one file's truth: the source's tasks, with this file's layout and conventions."""
    src = source_truth(source)
    out = {
        "source_url": src["source_url"],
        "source_notice": f"sources/{source}.txt",
        "issuer": src["issuer"],
        "layout": layout,
        "truncated": False,
        "tasks": src["tasks"],
        "incomplete_tasks": [],
        "conventions": conventions,
    }
    (HERE / f"{stem}.expected.json").write_text(
        json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def check(source: str, rows: list[dict[str, list[str]]]) -> None:
    """The units put in the cells equal the hand-written truth, role by role, in order."""
    tasks = source_truth(source)["tasks"]
    assert len(rows) == len(tasks), (source, len(rows), len(tasks))
    for got, task in zip(rows, tasks, strict=True):
        for role in ("lead", "responsible", "cooperating"):
            assert got.get(role, []) == task[role], (
                source,
                task["number"],
                role,
                got.get(role),
                task[role],
            )


# ---------------------------------------------------------------- Word (WPS-like fonts)


def cjk(run: Any, name: str = FANGSONG, size: float = 12, *, bold: bool = False) -> None:
    """Set a run's CJK font and size (python-docx sets only the Latin font by itself)."""
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def new_document(*, landscape: bool) -> Any:
    """An A4 Word document, portrait or landscape, its margins set."""
    doc = Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(2.0)
    sec.top_margin = sec.bottom_margin = Cm(2.2)
    return doc


def para(doc: Any, text: str, *, size: float = 16, font: str = HEITI, center: bool = True) -> None:
    """A paragraph above the table (附件 line or title)."""
    p = doc.add_paragraph()
    p.paragraph_format.space_after = Pt(6)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cjk(p.add_run(text), name=font, size=size)


def put(
    cell: Any, text: str, *, center: bool = False, font: str = FANGSONG, size: float = 11
) -> None:
    """Write text into a cell, one paragraph per line (Enter inside a cell)."""
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    for i, line in enumerate(text.split("\n")):
        if i:
            p = cell.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        cjk(p.add_run(line), name=font, size=size)


def repeat_header(row: Any) -> None:
    """Mark a table row as a header row repeated on every page."""
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def word_table(doc: Any, ncols: int, widths: list[float]) -> Any:
    """A bordered Word table with the given column widths."""
    tab = doc.add_table(rows=0, cols=ncols)
    tab.style = "Table Grid"
    tab.alignment = WD_TABLE_ALIGNMENT.CENTER
    tab.autofit = False
    for column, width in zip(tab.columns, widths, strict=True):
        column.width = Cm(width)
    return tab


def add_row(
    tab: Any,
    values: list[str | None],
    widths: list[float],
    *,
    center: tuple[int, ...] = (0,),
    font: str = FANGSONG,
    header: bool = False,
) -> Any:
    """Append a row of cell texts (None leaves a cell empty)."""
    new = tab.add_row()
    new.height, new.height_rule = Cm(0.9), WD_ROW_HEIGHT_RULE.AT_LEAST
    for i, (cell, value) in enumerate(zip(new.cells, values, strict=True)):
        cell.width = Cm(widths[i])
        if value is not None:
            put(cell, value, center=header or i in center, font=HEITI if header else font)
    if header:
        repeat_header(new)
    return new


def merge_text(cell: Any, text: str, *, font: str = HEITI, center: bool = False) -> None:
    """Put one text into a merged cell, dropping the paragraphs the merge left."""
    for p in cell.paragraphs[1:]:
        p._element.getparent().remove(p._element)
    for run in list(cell.paragraphs[0].runs):
        run._element.getparent().remove(run._element)
    put(cell, text, font=font, center=center)


def band(tab: Any, text: str, widths: list[float]) -> None:
    """A section row merged across the table."""
    new = add_row(tab, [None] * len(widths), widths)
    merged = new.cells[0].merge(new.cells[-1])
    merge_text(merged, text)


# ---------------------------------------------------------------- Excel

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
WRAP_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")


def col(i: int) -> str:
    """The spreadsheet column letter of a 1-based column number."""
    return chr(ord("A") + i - 1)


def xl_setup(ws: Worksheet, widths: list[float], *, landscape: bool) -> None:
    """Column widths, paper and orientation of a sheet."""
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[col(i)].width = width
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def xl_merged(
    ws: Worksheet,
    r: int,
    text: str,
    ncols: int,
    *,
    size: int = 11,
    font: str = HEITI,
    center: bool = False,
    height: float = 24,
) -> None:
    """A row merged across the table (title or section row)."""
    ws.merge_cells(f"A{r}:{col(ncols)}{r}")
    cell = ws[f"A{r}"]
    cell.value = text
    cell.font = Font(name=font, size=size)
    cell.alignment = WRAP_CENTER if center else WRAP
    for c in range(1, ncols + 1):
        ws.cell(row=r, column=c).border = BOX
    ws.row_dimensions[r].height = height


def xl_row(
    ws: Worksheet,
    r: int,
    values: list[Any],
    *,
    center: tuple[int, ...] = (0,),
    header: bool = False,
    height: float | None = None,
) -> None:
    """One table row of cell values, bordered and wrapped."""
    for c, value in enumerate(values, start=1):
        cell = ws.cell(row=r, column=c, value=value)
        cell.font = Font(name=HEITI if header else FANGSONG, size=11)
        cell.alignment = WRAP_CENTER if header or (c - 1) in center else WRAP
        cell.border = BOX
    if height:
        ws.row_dimensions[r].height = height


# ---------------------------------------------------------------- the four notices

QX = "qinxian_2025_zhengfugongzuobaogao"
QX_HEAD = "一、县示范区管委会牵头工作(8项)"
QX_ROWS = [
    ("1", "投资3000万元建设南美白对虾工厂化循环水养殖基地。"),
    ("2", "打造食用菌酵素生产基地。"),
    (
        "3",
        "建设3个劳动密集型产业园。推动潞讯精密电子30条生产线投产,培育服装加工产业园,推动天欣纸业环保包装等项目达产达效。",
    ),
]


def qinxian_docx(stem: str) -> None:
    """沁县: a Word table whose lead is named only in the merged section row."""
    printed(QX, QX_HEAD, *(f"{n}.{t}" for n, t in QX_ROWS))
    doc = new_document(landscape=False)
    para(doc, "附件1", center=False)
    para(doc, "2025年县政府工作报告任务清单", size=18)
    widths = [1.8, 15.2]
    tab = word_table(doc, 2, widths)
    add_row(tab, ["序号", "工作任务"], widths, header=True)
    band(tab, QX_HEAD, widths)
    for n, text in QX_ROWS:
        add_row(tab, [n, text], widths)
    doc.save(HERE / f"{stem}.docx")
    check(QX, [{"lead": ["县示范区管委会"]} for _ in QX_ROWS])
    write_truth(
        stem,
        QX,
        "Word .docx (A4 portrait), '附件1' line and the notice's own title '2025年县政府工作报告任务清单'; a TWO-column "
        "table 序号 | 工作任务 (header typed by hand, repeated on each page); the notice's section heading "
        "'一、县示范区管委会牵头工作(8项)' as a row merged across — the ONLY place a unit is named: NO unit column; rows "
        "'1'–'3' (the three complete items of the stored text, although the heading says 8 items); the .pdf of the same "
        "name is this file printed by LibreOffice",
        "The lead of every row is the unit named in the section row above it ('县示范区管委会牵头工作' -> lead "
        "县示范区管委会); the section row is not a task. The heading's '(8项)' counts items of the full notice; only "
        "items 1–3 are complete in the stored text.",
    )


def qinxian_xlsx(stem: str) -> None:
    """沁县: a sheet with the heading's lead repeated in a 牵头单位 column."""
    printed(QX, QX_HEAD, "县示范区管委会", *(t for _, t in QX_ROWS))
    wb = Workbook()
    ws = wb.active
    ws.title = "任务清单"
    widths = [7, 70, 20, 12]
    xl_setup(ws, widths, landscape=True)
    xl_merged(ws, 1, "2025年县政府工作报告任务清单", 4, size=16, center=True, height=32)
    xl_row(ws, 2, ["序号", "工作任务", "牵头单位", "备注"], header=True, height=24)
    xl_merged(ws, 3, QX_HEAD, 4)
    r = 4
    for n, text in QX_ROWS:
        xl_row(ws, r, [int(n), text, "县示范区管委会", None], center=(0, 2), height=48)
        r += 1
    ws.print_title_rows = "2:2"
    ws.freeze_panes = "A3"
    wb.save(HERE / f"{stem}.xlsx")
    check(QX, [{"lead": ["县示范区管委会"]} for _ in QX_ROWS])
    write_truth(
        stem,
        QX,
        "Excel .xlsx, one sheet '任务清单' (A4 landscape, fitted to the page width): title merged across A1:D1; "
        "序号 | 工作任务 | 牵头单位 | 备注 (header typed by hand, print title row 2, panes frozen at A3); the notice's "
        "section heading '一、县示范区管委会牵头工作(8项)' as a row merged across; 序号 1–3 as numbers; 牵头单位 "
        "'县示范区管委会' (the unit of the heading) in every row; 备注 empty",
        "牵头单位 column -> lead. The unit also stands in the merged section row above (the notice's heading); it is "
        "the same lead, not a second one.",
    )


NM = "neimenggu_2020_laojiuxiaoqu"
NM_UNITS = (
    "自治区住房城乡建设厅牵头,联席会议成员单位按职责分工负责;各盟行政公署、市人民政府,"
    "各旗县(市、区)人民政府负责落实。"
)
NM_ROWS = [
    (
        "(二)明确\n部门职责",
        (
            "充分发挥自治区城镇老旧小区改造厅际联席会议制度的作用,各相关部门、单位要加强协同配合、形成工作合力,构建齐抓共管"
            "的全区城镇老旧小区改造工作格局。自治区住房城乡建设厅要加强督促指导和工作调度,建立健全年度改造计划进度月报制度,"
            "按月通报各盟市进展情况,指导做好年度改造计划任务绩效评价等相关工作。"
        ),
    ),
    (
        "(三)加强\n宣传引导",
        (
            "各地区、各相关部门要充分利用各种媒体,广泛宣传城镇老旧小区改造政策和“美好环境与幸福生活共同缔造”理念,加大优秀"
            "项目、典型案例的宣传力度,提高社会公众对城镇老旧小区改造重要性的认识,着力引导群众转变观念,变“要我改”为“我要改”,"
            "形成社会广泛支持、群众积极参与良好氛围。"
        ),
    ),
]


def neimenggu_docx(stem: str) -> None:
    """内蒙古: the flip-book page's table rebuilt column by column."""
    # The stored page interleaves the table's columns line by line; each cell is rebuilt from its own column and
    # checked piece by piece against the printed lines.
    fragments = [f for line in source_text(NM).split("\n") for f in line.split(" ") if f]

    def from_fragments(cell: str) -> bool:
        pos = 0
        for fragment in fragments:
            if cell.startswith(fragment, pos):
                pos += len(fragment)
        return pos == len(cell)

    for sub, content in NM_ROWS:
        assert from_fragments(sub.replace("\n", "")), sub
        assert from_fragments(content), content
    assert from_fragments(NM_UNITS)
    assert from_fragments("保障措施")
    assert "- 16 -" in source_text(NM)
    doc = new_document(landscape=False)
    para(doc, "自治区全面推进城镇老旧小区改造工作实施方案", size=18)
    widths = [2.0, 2.4, 8.8, 3.8]
    tab = word_table(doc, 4, widths)
    head = add_row(tab, ["重 点 任 务", None, None, "责 任 部 门"], widths, header=True)
    merged = head.cells[0].merge(head.cells[2])
    merge_text(merged, "重 点 任 务", center=True)
    first = len(tab.rows)
    for sub, content in NM_ROWS:
        add_row(tab, [None, sub, content, NM_UNITS], widths, center=(1,))
    cat = tab.rows[first].cells[0].merge(tab.rows[first + 1].cells[0])
    merge_text(cat, "保障措施", font=FANGSONG, center=True)
    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cjk(footer.add_run("- 16 -"), size=12)
    doc.save(HERE / f"{stem}.docx")
    check(
        NM,
        [
            {
                "lead": ["自治区住房城乡建设厅"],
                "responsible": [
                    "联席会议成员单位",
                    "各盟行政公署、市人民政府",
                    "各旗县(市、区)人民政府",
                ],
            }
        ]
        * 2,
    )
    write_truth(
        stem,
        NM,
        "Word .docx (A4 portrait), the 实施方案's name as title (typed from the notice's title, no '附件' line); the "
        "notice's own table with a header row '重 点 任 务' (merged over three columns, letter-spaced as printed) | "
        "'责 任 部 门'; a category cell '保障措施' merged down over both rows; the sub-item cell '(二)明确' / '部门职责' "
        "(two lines, as printed) without its own 序号 column; a long content cell; 责任部门 the notice's sentence "
        "verbatim with role verbs inline ('X牵头,Y按职责分工负责;Z,W负责落实。'); the printed page number '- 16 -' as "
        "footer; the .pdf of the same name is this file printed by LibreOffice",
        "X牵头 -> lead; '按职责分工负责' and '负责落实' -> responsible. '各盟行政公署、市人民政府' is ONE unit (one 各 over "
        "both names): DEBATABLE, as in sources/. The task number is the '(二)'/'(三)' that opens the sub-item cell.",
    )


SJS = "shijingshan_2019_jiedaogongzuo"
SJS_HEAD = "一、提高城市基层党建工作水平,加强党对基层治理的全面领导"
SJS_TASK = (
    "完善街道党工委对地区治理重大工作的领导体制机制,优化决策程序,涉及基层治理的重大事项、重点工作、重要问题由"
    "街道党工委讨论决定,全面提升街道抓党建、抓治理、抓服务的领导能力。加强街道社区党组织对地区各类组织和各项工作"
    "的领导,街道党工委可吸纳优秀社区党组织书记担任兼职党工委委员,推进社区党组织书记、居委会主任“一肩挑”,推动将"
    "党的领导写入各类组织章程,注重把基层党组织推荐的人选通过法定程序明确为各类组织的负责人,把党的主张转化为各类"
    "组织和群众的自觉行动,确保基层工作体现党的意志,确保党的路线方针政策在基层有效贯彻落实。"
)
SJS_COOP = ["区委编办", "区民政局(区委社会工委)", "园区党工委", "各街道党工委"]


def shijingshan_xlsx(stem: str) -> None:
    """石景山: label lines as columns, the cooperating units one per line."""
    printed(
        SJS, SJS_HEAD, "1." + SJS_TASK, "牵头单位:区委组织部", "协办单位:" + "、".join(SJS_COOP)
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "任务分解"
    widths = [6, 78, 16, 24]
    xl_setup(ws, widths, landscape=True)
    xl_merged(
        ws,
        1,
        "石景山区贯彻落实《关于加强新时代街道工作的意见》的任务分解方案",
        4,
        size=16,
        center=True,
        height=32,
    )
    xl_row(ws, 2, ["序号", "任务内容", "牵头单位", "协办单位"], header=True, height=24)
    xl_merged(ws, 3, SJS_HEAD, 4)
    xl_row(ws, 4, [1, SJS_TASK, "区委组织部", "\n".join(SJS_COOP)], center=(0, 2), height=110)
    ws.print_title_rows = "2:2"
    wb.save(HERE / f"{stem}.xlsx")
    check(SJS, [{"lead": ["区委组织部"], "cooperating": SJS_COOP}])
    write_truth(
        stem,
        SJS,
        "Excel .xlsx, one sheet '任务分解' (A4 landscape): the notice's title merged across A1:D1; 序号 | 任务内容 | "
        "牵头单位 | 协办单位 (headings from the notice's label lines); the section '一、…' as a row merged across; one "
        "task row with a long 任务内容 cell; 协办单位 ONE UNIT PER LINE (Alt+Enter, no separator), one with a gloss "
        "'区民政局(区委社会工委)'",
        "协办单位 -> cooperating. The gloss '(区委社会工委)' belongs to its unit. '园区党工委' is printed whole here "
        "(the stored text breaks it over two lines).",
    )


JL = "jianli_2021_zhongdiangongzuo"
JL_TITLE = "《政府工作报告》2022年重点工作及民生实事项目任务分解方案"
JL_TAIL = "各乡、镇人民政府,人民大垸、荒湖管理区,监利经济开发区"
JL_ROWS: list[tuple[str | None, str, str, str]] = [
    ("一、2022年主要预期目标", "", "", ""),
    ("(一)主要经济指标。", "", "", ""),
    (None, "地区生产总值增长10%左右。", "市发改局", "市统计局," + JL_TAIL),
    (None, "规模以上工业增加值增长15%。", "市科经局", "市统计局、市市场监管局," + JL_TAIL),
    (None, "社会消费品零售总额增长10%。", "市商务局", "市统计局," + JL_TAIL),
    (None, "财政总收入增长10.8%,一般公共预算收入增长10%。", "市财政局", "市税务局," + JL_TAIL),
    ("(二)活力后劲指标。", "", "", ""),
    (None, "固定资产投资增长20%以上。", "市发改局", "市统计局,市直各部门," + JL_TAIL),
    (None, "外贸出口增长10%。", "市商务局", "市统计局," + JL_TAIL),
]


def jianli_items() -> list[tuple[str, str, str, str]]:
    """监利's numbered items with their 责任单位 text, numbered across sub-headings."""
    out = []
    n = 0
    for band_text, task, lead, resp in JL_ROWS:
        if band_text is None:
            n += 1
            printed(JL, f"{n}.{task}(牵头单位:{lead};责任单位:{resp})")
            out.append((str(n), task, lead, resp))
        else:
            printed(JL, band_text)
    return out


def jianli_units(resp: str) -> list[str]:
    """Units of the notice's 责任单位 text, as the truth reads them (see README).

    ',' separates groups; '、' separates names unless one 各 or one ending is shared.
    """
    shared = {"各乡、镇人民政府", "人民大垸、荒湖管理区"}
    out: list[str] = []
    for group in resp.split(","):
        if group in shared:
            out.append(group)
        else:
            out.extend(group.split("、"))
    return out


def jianli_xlsx(stem: str) -> None:
    """监利: a sheet with a two-row header (责任分工 over 牵头单位 and 责任单位)."""
    items = jianli_items()
    wb = Workbook()
    ws = wb.active
    ws.title = "任务分解"
    widths = [6, 46, 14, 50, 10]
    xl_setup(ws, widths, landscape=True)
    xl_merged(ws, 1, JL_TITLE, 5, size=16, center=True, height=32)
    xl_row(ws, 2, ["序号", "工作任务", "牵头单位", "责任单位", "备注"], header=True, height=24)
    r = 3
    it = iter(items)
    for band_text, *_ in JL_ROWS:
        if band_text is not None:
            xl_merged(ws, r, band_text, 5)
        else:
            n, task, lead, resp = next(it)
            xl_row(ws, r, [int(n), task, lead, resp, None], center=(0, 2), height=36)
        r += 1
    ws.print_title_rows = "2:2"
    ws.freeze_panes = "C3"
    wb.save(HERE / f"{stem}.xlsx")
    check(JL, [{"lead": [lead], "responsible": jianli_units(resp)} for _, _, lead, resp in items])
    write_truth(
        stem,
        JL,
        "Excel .xlsx, one sheet '任务分解' (A4 landscape): the notice's title merged across A1:E1; 序号 | 工作任务 | "
        "牵头单位 | 责任单位 | 备注 (header typed by hand, print title row 2, panes frozen at C3); the section "
        "'一、2022年主要预期目标' and the sub-headings '(一)主要经济指标。' / '(二)活力后劲指标。' as rows merged across; 序号 "
        "1–6 as numbers, numbered across the sub-headings as in the notice; 责任单位 the bracket's text verbatim, ',' "
        "between groups and '、' inside them ('市统计局,各乡、镇人民政府,人民大垸、荒湖管理区,监利经济开发区'); 备注 empty",
        "'各乡、镇人民政府' and '人民大垸、荒湖管理区' are ONE unit each (one 各 / one shared ending): DEBATABLE, as in "
        "sources/; '市统计局、市市场监管局' are two units.",
    )


def jianli_docx(stem: str) -> None:
    """监利: the same table as a landscape Word document."""
    items = jianli_items()
    doc = new_document(landscape=True)
    para(doc, "附件", center=False)
    para(doc, JL_TITLE, size=18)
    widths = [1.6, 11.0, 3.4, 9.7]
    tab = word_table(doc, 4, widths)
    top = add_row(tab, ["序号", "工作任务", "责任分工", None], widths, header=True)
    sub = add_row(tab, [None, None, "牵头单位", "责任单位"], widths, header=True)
    merge_text(top.cells[2].merge(top.cells[3]), "责任分工", center=True)
    merge_text(top.cells[0].merge(sub.cells[0]), "序号", center=True)
    merge_text(top.cells[1].merge(sub.cells[1]), "工作任务", center=True)
    it = iter(items)
    for band_text, *_ in JL_ROWS:
        if band_text is not None:
            band(tab, band_text, widths)
        else:
            n, task, lead, resp = next(it)
            add_row(tab, [n, task, lead, "\n".join(jianli_units(resp))], widths, center=(0, 2))
    doc.save(HERE / f"{stem}.docx")
    check(JL, [{"lead": [lead], "responsible": jianli_units(resp)} for _, _, lead, resp in items])
    write_truth(
        stem,
        JL,
        "Word .docx (A4 landscape), '附件' line and the notice's title; TWO-ROW header: 序号 and 工作任务 merged down "
        "over both rows, '责任分工' (typed by hand) over '牵头单位' | '责任单位' (both header rows repeated on each page); "
        "the section '一、2022年主要预期目标' and the sub-headings '(一)主要经济指标。' / '(二)活力后劲指标。' as rows merged "
        "across; 序号 1–6 numbered across the sub-headings; 责任单位 ONE UNIT PER LINE (paragraphs in the cell, no "
        "separator), the shared-各 and shared-ending names kept on one line ('各乡、镇人民政府', '人民大垸、荒湖管理区'); "
        "the .pdf of the same name is this file printed by LibreOffice",
        "Same readings as sources/: '各乡、镇人民政府' and '人民大垸、荒湖管理区' are one unit each — in this file each "
        "stands on its own line, so the reading is printed, not inferred.",
    )


def main() -> None:
    """Build every file of the set and its truth."""
    qinxian_docx(QX)
    qinxian_xlsx(f"{QX}_sheet")
    neimenggu_docx(NM)
    shijingshan_xlsx(SJS)
    jianli_xlsx(f"{JL}_sheet")
    jianli_docx(JL)


if __name__ == "__main__":
    main()
