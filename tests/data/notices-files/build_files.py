"""Re-typeset real 分工表 from ../notices-heldout4 as ordinary Word and Excel attachments.

Run once by hand (``python build_files.py``) to (re)create the ``.docx``/``.xlsx`` files of this folder
and their ``.expected.json``. The text of every cell is copied from the heldout4 ``.txt`` transcriptions;
the truth is copied from the heldout4 ``.expected.json`` and checked against the units put in the cells.
This script does not import gzgk and is not part of the test suite.
"""

from __future__ import annotations

import json
import re
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
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "notices-heldout4"

Row = dict[str, Any]


def text_of(name: str) -> str:
    """The heldout4 transcription of one notice."""
    return (SRC / f"{name}.txt").read_text(encoding="utf-8")


def truth_of(name: str) -> dict[str, Any]:
    """The heldout4 truth of one notice."""
    return json.loads((SRC / f"{name}.expected.json").read_text(encoding="utf-8"))


def cells_after(text: str, marker: str) -> list[str]:
    """Non-empty paragraphs after the last paragraph equal to ``marker``."""
    lines = text.splitlines()
    start = max(i for i, line in enumerate(lines) if line == marker)
    return [line for line in lines[start + 1 :] if line.strip()]


def split_units(cell: str) -> list[str]:
    """Units of a cell: lines joined, split at 、 ， and 等各, a trailing 等 dropped (heldout4 rules)."""
    parts = re.split(r"[、，,]|等(?=各)", cell.replace("\n", ""))
    return [p.removesuffix("等") for p in (q.strip() for q in parts) if p and p != "——"]


# ---------------------------------------------------------------- Word helpers


def set_cjk_font(run: Any, name: str = "仿宋", size: float = 10.5, *, bold: bool = False) -> None:
    """Give a run a Chinese (east-Asian) font as Word writes it."""
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def put(
    cell: Any, text: str, *, bold: bool = False, center: bool = False, size: float = 10.5
) -> None:
    """Write text into a table cell, one paragraph per line of ``text`` (Enter inside a cell)."""
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    lines = text.split("\n")
    first = cell.paragraphs[0]
    for i, line in enumerate(lines):
        para = first if i == 0 else cell.add_paragraph()
        para.paragraph_format.space_after = Pt(0)
        if center:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_cjk_font(para.add_run(line), size=size, bold=bold)


def repeat_header(row: Any) -> None:
    """Mark a table row as a header row repeated at the top of each page."""
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def new_document(*, landscape: bool) -> Any:
    """An A4 document, landscape when the table is wide."""
    doc = Document()
    doc.core_properties.author = "Administrator"
    doc.core_properties.title = ""
    doc.core_properties.comments = ""
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
    sec.left_margin = sec.right_margin = Cm(2.0)
    sec.top_margin = sec.bottom_margin = Cm(2.2)
    return doc


def heading(
    doc: Any, text: str, *, size: float = 16, font: str = "黑体", center: bool = True
) -> None:
    """A title or attachment line above the table."""
    para = doc.add_paragraph()
    if center:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_cjk_font(para.add_run(text), name=font, size=size)


def word_table(doc: Any, header: list[str], widths: list[float]) -> Any:
    """A bordered table with one repeated header row."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, title, width in zip(table.rows[0].cells, header, widths, strict=True):
        put(cell, title, bold=True, center=True, size=11)
        cell.width = Cm(width)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    repeat_header(table.rows[0])
    return table


def add_row(
    table: Any, values: list[str], widths: list[float], center_cols: tuple[int, ...] = (0,)
) -> Any:
    """Append a row of cells (``None`` cells are left empty for a merge)."""
    row = table.add_row()
    row.height, row.height_rule = Cm(0.9), WD_ROW_HEIGHT_RULE.AT_LEAST
    for i, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
        cell.width = Cm(widths[i])
        if value is not None:
            put(cell, value, center=i in center_cols)
    return row


def merge_down(table: Any, col: int, first: int, last: int) -> None:
    """Merge a column's cells from row ``first`` to row ``last`` (the text stays in the first)."""
    if last > first:
        table.cell(first, col).merge(table.cell(last, col))


def merge_across(row: Any, text: str, *, bold: bool = True) -> None:
    """Merge a whole row into one cell holding ``text`` (a category row)."""
    merged = row.cells[0].merge(row.cells[-1])
    for para in merged.paragraphs[1:]:
        para._element.getparent().remove(para._element)
    for run in merged.paragraphs[0].runs:
        run._element.getparent().remove(run._element)
    put(merged, text, bold=bold)


# ---------------------------------------------------------------- Excel helpers


def new_workbook() -> Workbook:
    """A workbook whose properties read like an office clerk's."""
    wb = Workbook()
    wb.properties.creator = "Administrator"
    return wb


THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
WRAP_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")


def sheet_with_title(
    ws: Worksheet, title: str, header: list[str], widths: list[float], *, top: int = 1
) -> None:
    """A title row merged over the table (in row ``top``), a bold header row, widths and print set-up."""
    last = chr(ord("A") + len(header) - 1)
    ws.merge_cells(f"A{top}:{last}{top}")
    ws.cell(row=top, column=1, value=title)
    ws.cell(row=top, column=1).font = Font(name="黑体", size=16)
    ws.cell(row=top, column=1).alignment = WRAP_CENTER
    ws.row_dimensions[top].height = 42
    for i, (name, width) in enumerate(zip(header, widths, strict=True)):
        cell = ws.cell(row=top + 1, column=i + 1, value=name)
        cell.font = Font(name="黑体", size=11)
        cell.alignment = WRAP_CENTER
        cell.border = BOX
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.print_title_rows = f"{top + 1}:{top + 1}"
    ws.freeze_panes = f"A{top + 2}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True


def xl_row(ws: Worksheet, r: int, values: list[Any], center_cols: tuple[int, ...] = (0,)) -> None:
    """Write one bordered, wrapped row, its height set for the wrapped text as Excel would."""
    lines = 1
    for i, value in enumerate(values):
        cell = ws.cell(row=r, column=i + 1, value=value)
        cell.font = Font(name="仿宋", size=11)
        cell.alignment = WRAP_CENTER if i in center_cols else WRAP
        cell.border = BOX
        width = ws.column_dimensions[chr(ord("A") + i)].width or 8.43
        if isinstance(value, str):
            per_line = max(1, int((width - 1) / 2))
            wrapped = sum(-(-max(1, len(part)) // per_line) for part in value.split("\n"))
            lines = max(lines, wrapped)
    ws.row_dimensions[r].height = 15 * lines + 5


def xl_band(ws: Worksheet, r: int, text: str, ncols: int, *, first_col: int = 1) -> None:
    """A category row: ``text`` merged across the table, bold on grey."""
    for c in range(1, ncols + 1):
        ws.cell(row=r, column=c).border = BOX
    ws.cell(row=r, column=first_col, value=text)
    last = chr(ord("A") + ncols - 1)
    ws.merge_cells(f"{chr(ord('A') + first_col - 1)}{r}:{last}{r}")
    ws.cell(row=r, column=first_col).font = Font(name="黑体", size=11)
    ws.cell(row=r, column=first_col).alignment = WRAP
    for c in range(1, ncols + 1):
        ws.cell(row=r, column=c).fill = PatternFill("solid", fgColor="F2F2F2")


# ---------------------------------------------------------------- truth


def write_truth(
    stem: str, source: str, tasks: list[dict[str, Any]], layout: str, conventions: str
) -> None:
    """Write NAME.expected.json in the heldout4 schema."""
    src = truth_of(source)
    out = {
        "source_url": src["source_url"],
        "source_notice": f"../notices-heldout4/{source}.txt",
        "issuer": src["issuer"],
        "layout": layout,
        "truncated": False,
        "tasks": tasks,
        "incomplete_tasks": [],
        "conventions": conventions,
    }
    (HERE / f"{stem}.expected.json").write_text(
        json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def check(rows_units: list[dict[str, list[str]]], tasks: list[dict[str, Any]]) -> None:
    """Every cell's units equal the truth's (the cells are the source, the truth is heldout4's)."""
    assert len(rows_units) == len(tasks), (len(rows_units), len(tasks))
    for got, task in zip(rows_units, tasks, strict=True):
        for role in ("lead", "responsible", "cooperating"):
            assert got.get(role, []) == task[role], (
                task["number"],
                role,
                got.get(role),
                task[role],
            )


# ---------------------------------------------------------------- the files

SECTION = re.compile(r"^[一二三四五六七八九十]+、")


def bracket_tasks(text: str, label: str, number: str) -> list[Row]:
    """Paragraphs ``<number>title。content（<label>：units）`` with the section above each."""
    rows: list[Row] = []
    section = ""
    pat = re.compile(rf"^({number})(.*?)。(.*)（{label}：([^）]*)）$")
    for line in text.splitlines():
        if SECTION.match(line):
            section = line
        m = pat.match(line)
        if m:
            rows.append(
                {"section": section, "no": m[1], "title": m[2], "body": m[3], "units": m[4]}
            )
    return rows


def qingpu_2024(stem: str, *, pdf_note: str = "") -> None:
    """青浦区 2024 消防: Word, portrait, section rows merged across, 责任单位 one column."""
    src = "qingpu_2024_xiaofanganquan"
    rows = bracket_tasks(text_of(src), "责任单位", r"（[一二三四五六七八九十]+）")
    doc = new_document(landscape=False)
    heading(doc, "附件", size=14, font="黑体", center=False)
    heading(doc, "关于进一步加强本区公共消防安全工作的实施方案\n重点任务分工表", size=16)
    widths = [1.5, 3.0, 8.5, 4.0]
    table = word_table(doc, ["序号", "工作任务", "工作措施", "责任单位"], widths)
    section = ""
    for row in rows:
        if row["section"] != section:
            section = row["section"]
            merge_across(table.add_row(), section)
        add_row(
            table,
            [row["no"], row["title"], row["title"] + "。" + row["body"], row["units"]],
            widths,
        )
    doc.save(HERE / f"{stem}.docx")
    tasks = truth_of(src)["tasks"]
    check([{"responsible": split_units(r["units"])} for r in rows], tasks)
    write_truth(
        stem,
        src,
        tasks,
        "Word .docx (A4 portrait), '附件' line and a two-line title above one table 序号 | 工作任务 | 工作措施 | "
        "责任单位 (header row repeated on each page); the five sections '一、…'–'五、…' as rows merged across the "
        "table; 序号 prints the notice's '（一）'…'（十五）'; 工作任务 the heading, 工作措施 the whole paragraph "
        "(heading repeated) without the bracket, 责任单位 the bracket's list as printed" + pdf_note,
        "Re-typeset from the notice's bracket paragraphs; tasks, numbers and units identical to "
        "../notices-heldout4/qingpu_2024_xiaofanganquan.expected.json (责任单位 -> responsible, lead []; "
        "'各街镇', '各行业部门' one collective each). Nothing else in the file is a task.",
    )


def scjgj_2021(stem: str) -> None:
    """市市场监管局 2021 电动自行车: Word, landscape, section column and 实施单位 merged down."""
    src = "shanghaiscjgj_2021_diandongzixingche"
    rows = bracket_tasks(text_of(src), "牵头指导处室", r"\d+．")
    sub = re.compile(r"^（[一二三]）")
    text = text_of(src)
    headings = [line for line in text.splitlines() if sub.match(line)][:3]
    first = rows[0]["units"]
    lead0, rule = first.split("，", 1)
    implementers = rule.removesuffix("为实施单位，下同")
    rows[0]["units"] = lead0
    doc = new_document(landscape=True)
    heading(doc, "附件", size=14, center=False)
    heading(doc, "深化本市电动自行车消防安全综合治理主要任务分工表", size=16)
    widths = [1.3, 3.2, 3.0, 10.5, 4.0, 3.6]
    header = ["序号", "重点任务", "具体任务", "工作内容", "牵头指导处室", "实施单位"]
    table = word_table(doc, header, widths)
    groups: list[tuple[int, int]] = []
    for n, row in enumerate(rows):
        no = row["no"].removesuffix("．")
        group = (int(no) - 1) // 4
        if not groups or len(groups) <= group:
            groups.append((n + 1, n + 1))
        groups[group] = (groups[group][0], n + 1)
        values = [no, headings[group] if groups[group][0] == n + 1 else None]
        values += [row["title"], row["body"], row["units"], implementers if n == 0 else None]
        add_row(table, values, widths)
    for a, b in groups:
        merge_down(table, 1, a, b)
    merge_down(table, 5, 1, len(rows))
    doc.save(HERE / f"{stem}.docx")
    tasks = truth_of(src)["tasks"]
    check(
        [{"lead": split_units(r["units"]), "responsible": split_units(implementers)} for r in rows],
        tasks,
    )
    write_truth(
        stem,
        src,
        tasks,
        "Word .docx (A4 landscape), '附件' and a title above one table 序号 | 重点任务 | 具体任务 | 工作内容 | "
        "牵头指导处室 | 实施单位 (header repeated on each page); 重点任务 holds the notice's three sub-headings "
        "'（一）加强日常监管，形成工作合力' … each MERGED DOWN over its four tasks; 序号 1–12 as the notice "
        "numbers them; 实施单位 is ONE cell merged down over all 12 rows reading '各区市场监管局、临港新片区市场监管局、"
        "机场分局' (the notice's '…为实施单位，下同' rule re-typeset as an office would)",
        "Tasks, numbers and units identical to ../notices-heldout4/shanghaiscjgj_2021_diandongzixingche."
        "expected.json: 牵头指导处室 -> lead, 实施单位 (one merged cell covering every row) -> responsible in all "
        "12 tasks. Second names drop '市局' as the notice prints them ('市局标准创新处、标准技术处'); '市局各有关处室', "
        "'市局各相关处室' one collective each.",
    )


def qyb_2025(stem: str) -> None:
    """市区域办 2025 新型城镇化: Excel, section bands, sub-headings merged down, 85 tasks."""
    src = "shanghaiqyb_2025_xinxingchengzhenhua"
    text = text_of(src)
    pat = re.compile(r"^(\d+)\. (.*)（责任单位：([^）]*)）$")
    sub = re.compile(r"^（[一二三四五六七八九十]+）")
    wb = new_workbook()
    ws = wb.active
    ws.title = "任务分工"
    header = ["序号", "重点任务", "工作任务", "责任单位", "备注"]
    sheet_with_title(
        ws,
        "《上海市深入实施以人为本的新型城镇化战略五年行动计划的实施方案》任务分工表",
        header,
        [6, 18, 62, 34, 8],
    )
    r = 3
    units: list[dict[str, list[str]]] = []
    sub_start = 0
    current_sub = ""
    body = text[text.index("任务分工方案\n") :]
    for line in body.splitlines():
        if SECTION.match(line):
            if sub_start and r - 1 > sub_start:
                ws.merge_cells(f"B{sub_start}:B{r - 1}")
            sub_start = 0
            xl_band(ws, r, line, len(header))
            r += 1
        elif sub.match(line):
            if sub_start and r - 1 > sub_start:
                ws.merge_cells(f"B{sub_start}:B{r - 1}")
            current_sub = line
            sub_start = r
        elif m := pat.match(line):
            xl_row(ws, r, [int(m[1]), current_sub if r == sub_start else None, m[2], m[3], None])
            units.append({"responsible": split_units(m[3])})
            r += 1
    if sub_start and r - 1 > sub_start:
        ws.merge_cells(f"B{sub_start}:B{r - 1}")
    wb.save(HERE / f"{stem}.xlsx")
    tasks = truth_of(src)["tasks"]
    check(units, tasks)
    write_truth(
        stem,
        src,
        tasks,
        "Excel .xlsx, one sheet '任务分工': a title row merged over the table, a grey header row 序号 | 重点任务 | "
        "工作任务 | 责任单位 | 备注 (print titles repeat it; panes frozen below it), thin borders, wrapped cells; "
        "the notice's five sections '一、…'–'五、组织实施' as grey rows merged across; its twenty sub-headings "
        "'（一）优化户籍和居住证政策' … in 重点任务, each MERGED DOWN over its tasks; 序号 1–85 as numbers "
        "(numeric cells); 工作任务 the item's text without the bracket; 责任单位 the bracket's list; 备注 empty",
        "Tasks, numbers and units identical to ../notices-heldout4/shanghaiqyb_2025_xinxingchengzhenhua."
        "expected.json (责任单位 -> responsible; no first-named rule; collectives '各区人民政府', '各相关区人民政府', "
        "'各相关市级部门' one unit each).",
    )


def blank_cells(text: str, header_last: str) -> list[str]:
    """Blank-line separated cells after the first cell equal to ``header_last``."""
    cells = [c.strip() for c in text.split("\n\n")]
    return [c for c in cells[cells.index(header_last) + 1 :] if c]


def jingan_2025(stem: str) -> None:
    """静安区发改委 2025 碳达峰: Excel, 重点任务 merged down, 时间进度 column, 70 tasks."""
    src = "jinganfgw_2025_tandafeng"
    cells = blank_cells(text_of(src), "责任部门")
    wb = new_workbook()
    ws = wb.active
    ws.title = "附表"
    header = ["序号", "重点任务", "具体工作", "时间进度", "责任部门"]
    sheet_with_title(
        ws, "静安区2025年碳达峰碳中和及节能减排重点工作分工", header, [6, 16, 58, 11, 40], top=2
    )
    ws["A1"] = "附表"
    ws["A1"].font = Font(name="黑体", size=12)
    r, i, start, category = 4, 0, 0, ""
    units: list[dict[str, list[str]]] = []
    while i < len(cells):
        if re.fullmatch(r"[一二三四五六七八九十]+", cells[i]):
            if start and r - 1 > start:
                ws.merge_cells(f"B{start}:B{r - 1}")
            category, start = f"{cells[i]}、{cells[i + 1]}", r
            i += 2
            continue
        no, work, time, unit_cell = cells[i : i + 4]
        xl_row(ws, r, [int(no), category if r == start else None, work, time, unit_cell], (0, 1, 3))
        units.append({"responsible": split_units(unit_cell)})
        r, i = r + 1, i + 4
    if start and r - 1 > start:
        ws.merge_cells(f"B{start}:B{r - 1}")
    wb.save(HERE / f"{stem}.xlsx")
    tasks = truth_of(src)["tasks"]
    check(units, tasks)
    write_truth(
        stem,
        src,
        tasks,
        "Excel .xlsx, sheet '附表': '附表' in A1, the title merged over the table in row 2, a grey header row "
        "序号 | 重点任务 | 具体工作 | 时间进度 | 责任部门 (print titles repeat it), thin borders, wrapped cells; the "
        "notice's fourteen category rows ('一' / '推进碳达峰碳中和综合管理') re-typeset as '一、推进碳达峰碳中和综合管理' "
        "in 重点任务, MERGED DOWN over the category's tasks (no separate category row); 序号 1–70 numeric; "
        "时间进度 '全年推进', '年内完成', '一季度完成' …; 责任部门 as printed (no '区' prefix, trailing '等')",
        "Tasks, numbers and units identical to ../notices-heldout4/jinganfgw_2025_tandafeng.expected.json "
        "(责任部门 -> responsible; trailing '等' dropped; '建设管理委（交通委）' one unit; '生态环境局等各相关部门' "
        "split into '生态环境局' and '各相关部门', debatable). The category numerals moved from their own row into "
        "the merged 重点任务 cell.",
    )


def cangnan_2022(stem: str) -> None:
    """苍南县 2022 民生实事进度表: Excel, 当前进度 and 备注 columns beside 牵头单位."""
    src = "cangnan_2022_minshengshishi"
    cells = blank_cells(text_of(src), "备注")
    wb = new_workbook()
    ws = wb.active
    ws.title = "Sheet1"
    header = ["序号", "项目内容", "当前进度", "牵头单位", "备注"]
    sheet_with_title(
        ws, "2022年度市县民生实事未完成项目进度表(截至10月31日)", header, [6, 52, 30, 14, 13]
    )
    units: list[dict[str, list[str]]] = []
    for n in range(0, len(cells), 5):
        no, content, progress, lead, note = cells[n : n + 5]
        xl_row(ws, 3 + n // 5, [int(no), content, progress, lead, note], (0, 3, 4))
        units.append({"lead": split_units(lead)})
    ws.page_setup.orientation = "portrait"
    wb.save(HERE / f"{stem}.xlsx")
    tasks = truth_of(src)["tasks"]
    check(units, tasks)
    write_truth(
        stem,
        src,
        tasks,
        "Excel .xlsx, sheet 'Sheet1': the title merged over the table in row 1, a grey header row 序号 | 项目内容 | "
        "当前进度 | 牵头单位 | 备注, thin borders, wrapped cells, portrait print set-up; 13 rows as the stored "
        "page prints them: 当前进度 percentages with remarks naming towns ('88%(灵溪镇园区六路、金乡镇四好农村路推进缓慢)', "
        "one bracket left open '50%(马站未开工'), 备注 '市民生实事' / '县民生实事'",
        "Tasks, numbers and units identical to ../notices-heldout4/cangnan_2022_minshengshishi.expected.json "
        "(牵头单位 -> lead; 当前进度 remarks and 备注 are not units). The stored page is an excerpt, but the table "
        "in this file is complete as typeset (13 rows), so 'truncated' is false here.",
    )


QINGPU_HEADER = ["序号", "工作任务", "主要工作内容", "牵头单位", "配合单位"]
CATEGORY = re.compile(r"[—一二三四五六七八九十]")
NUMBERED = re.compile(r"（[一二三四五六七八九十]+）")


def qingpu_2025_table() -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    """附件3 of 青浦区 2025 as (number, task, sub-rows); a category is ('一', name, [])."""
    cells = blank_cells(text_of("qingpu_2025_jianzhulaji"), "附件3")[1 + len(QINGPU_HEADER) :]
    out: list[tuple[str, str, list[tuple[str, str, str]]]] = []
    i = 0
    while i < len(cells):
        if cells[i : i + len(QINGPU_HEADER)] == QINGPU_HEADER:
            i += len(QINGPU_HEADER)  # the header the web copy repeats at page breaks
        elif CATEGORY.fullmatch(cells[i]):
            out.append((cells[i], cells[i + 1], []))
            i += 2
        elif NUMBERED.fullmatch(cells[i]):
            out.append((cells[i], cells[i + 1], []))
            i += 2
            while i < len(cells) and not (
                NUMBERED.fullmatch(cells[i]) or CATEGORY.fullmatch(cells[i]) or cells[i] == "序号"
            ):
                content, lead, coop = cells[i : i + 3]
                out[-1][2].append((content, lead, coop))
                i += 3
        else:
            raise ValueError(cells[i])
    return out


def qingpu_2025_units(sub: tuple[str, str, str]) -> dict[str, list[str]]:
    """The truth's reading of one sub-row's unit cells ('和' split, '——' empty)."""
    return {"lead": split_units(sub[1]), "cooperating": split_units(sub[2].replace("和", "、"))}


def qingpu_2025_tasks() -> list[dict[str, Any]]:
    """The 附件3 tasks of the heldout4 truth, numbered without the '附件3 ' prefix."""
    return [
        dict(t, number=t["number"].removeprefix("附件3 "))
        for t in truth_of("qingpu_2025_jianzhulaji")["tasks"]
        if t["number"].startswith("附件3 ")
    ]


def qingpu_2025(stem: str, *, pdf_note: str = "") -> None:
    """青浦区 2025 建筑垃圾 附件3: Word, landscape, task cells merged down over content sub-rows."""
    src = "qingpu_2025_jianzhulaji"
    doc = new_document(landscape=True)
    heading(doc, "附件3", size=14, center=False)
    heading(doc, "全面加强建筑垃圾管理的实施意见任务职责分工表", size=16)
    widths = [1.5, 4.2, 10.5, 3.6, 6.0]
    table = word_table(doc, QINGPU_HEADER, widths)
    units: list[dict[str, list[str]]] = []
    spans: list[tuple[int, int]] = []
    for no, task, subs in qingpu_2025_table():
        if not subs:
            merge_across(table.add_row(), f"{no}  {task}")
            continue
        first = len(table.rows)
        for k, sub in enumerate(subs):
            add_row(table, [no if k == 0 else "", task if k == 0 else "", *sub], widths, (0, 1, 3))
            units.append(qingpu_2025_units(sub))
        spans.append((first, len(table.rows) - 1))
    for a, b in spans:
        merge_down(table, 0, a, b)
        merge_down(table, 1, a, b)
    doc.save(HERE / f"{stem}.docx")
    tasks = qingpu_2025_tasks()
    check(units, tasks)
    write_truth(
        stem,
        src,
        tasks,
        "Word .docx (A4 landscape), '附件3' and the title above the notice's own 分工表 序号 | 工作任务 | 主要工作内容 | "
        "牵头单位 | 配合单位, header row repeated on each page by Word (the three header rows the web copy repeats "
        "at page breaks are not typed again); category rows ('—  构建产消平衡的处置体系', '二  …') merged across; "
        "序号 '（一）' and 工作任务 cells MERGED DOWN over a task's several content sub-rows, each sub-row with its "
        "own 牵头单位 and 配合单位; empty cells print '——'; the lead cell '区土方工作' / '专班' keeps its line "
        "break inside the cell; '…区城管执法局和属地街镇' as printed" + pdf_note,
        "Tasks, units and the one-task-per-sub-row reading identical to the 附件3 tasks of ../notices-heldout4/"
        "qingpu_2025_jianzhulaji.expected.json, with the '附件3 ' prefix dropped from the number ('一（一）', "
        "'一（四）a' …). 附件2's per-unit duty sections are NOT in this file. Debatable as there: '和' split; "
        "'建设主管部门' one collective; '区规划资源局' both lead and cooperating in 一（一）; '公安青浦区分局' as printed.",
    )


def shanghailrj_2021(stem: str, *, pdf_note: str = "") -> None:
    """市绿化市容局 2021 公园城市 附表2: Word, portrait, 分项任务 merged down, multi-line unit cells."""
    src = "shanghailrj_2021_gongyuanchengshi"
    cells = blank_cells(text_of(src), "主要部门")
    doc = new_document(landscape=False)
    heading(doc, "附表2", size=14, center=False)
    heading(doc, "“十四五”重点安排表", size=16)
    header = ["任务编号", "分项任务", "工作任务", "主要部门"]
    widths = [1.6, 2.4, 5.8, 7.2]
    table = word_table(doc, header, widths)
    units: list[dict[str, list[str]]] = []
    groups: list[tuple[int, int]] = []
    i = 0
    while i < len(cells):
        no = cells[i]
        group = None
        if "、" not in cells[i + 1] and len(cells[i + 1]) <= 6:
            group = cells[i + 1]
            i += 1
            groups.append((len(table.rows), len(table.rows)))
        task, end = cells[i + 1], i + 3
        while end < len(cells) and not cells[end].isdigit():
            end += 1  # the unit cell goes on over several printed lines
        unit_cell = "\n".join(cells[i + 2 : end])
        add_row(table, [no, group or "", task, unit_cell], widths, (0, 1))
        groups[-1] = (groups[-1][0], len(table.rows) - 1)
        units.append({"responsible": split_units(unit_cell)})
        i = end
    for a, b in groups:
        merge_down(table, 1, a, b)
    doc.save(HERE / f"{stem}.docx")
    tasks = [
        dict(t, number=t["number"].removeprefix("（三）"))
        for t in truth_of(src)["tasks"]
        if t["number"].startswith("（三）")
    ]
    check(units, tasks)
    write_truth(
        stem,
        src,
        tasks,
        "Word .docx (A4 portrait), '附表2' and the title '“十四五”重点安排表' above the notice's own table 任务编号 | "
        "分项任务 | 工作任务 | 主要部门 (header repeated on each page); 分项任务 ('重点发展区域', '重大建设项目', "
        "'重要提升举措') MERGED DOWN over three, three and four rows; 主要部门 cells broken over two or three lines "
        "exactly where the notice breaks them (one Word paragraph per printed line: '市科委、市经济信息化委、市绿化市容局、' / "
        "'市规划资源局、市科创办', '嘉定区、青浦区、松江区、奉贤区政府，' / '临港新片区管委会')"
        + pdf_note,
        "Tasks and units identical to the ten '（三）' tasks of ../notices-heldout4/shanghailrj_2021_gongyuanchengshi."
        "expected.json, numbered 1–10 as 附表2's 任务编号 prints them (主要部门 -> responsible, lead []). The six "
        "（一）/（二） body tasks are not in the table and not in this file. Debatable as there: '嘉定区、青浦区、松江区、"
        "奉贤区政府，临港新片区管委会' kept verbatim as five units; '相关区政府', '各区政府', '各市级管委会' collectives.",
    )


FENGXIAN_ROWS = [
    ("(一)", "以规划为引领，构建区域绿色网络体系"),
    ("(二)", "以五大新城建设为契机，优化生态空间环境"),
    ("band", "(三)以人民城市为理念，完善城乡公园体系"),
    ("1", "完善城乡公园体系"),
    ("band", "2.推进“公园+”“+公园”建设"),
    ("(1)", "以“公园+”推动全面功能融合"),
    ("(2)", "以“+公园”建设全面推动城区、园区、街区、校区、社区、乡村的品质提升"),
    ("3", "推进生态资源的共建共享"),
    ("4", "有序推进“四化”建设"),
    ("(四)", "大力实施百千万“满天星”工程"),
    ("(五)", "有序开展公园城市相关创建工作"),
    ("band", "(六)完善体制机制，提升公园管理的精细化水平"),
    ("1", "理顺公园管理体制"),
    ("2", "提升公园服务水平"),
    ("3", "推进公园数字化建设"),
]


def fengxian_2021(stem: str) -> None:
    """奉贤区政府办公室 2021 公园城市: Excel, one 责任分工 column with labelled lines."""
    src = "fengxianbgs_2021_gongyuanchengshi"
    text = text_of(src)
    brackets = re.findall(r"\(((?:牵头|责任)单位：[^)]*)\)", text)
    for _, title in FENGXIAN_ROWS:
        assert title in text, title
    wb = new_workbook()
    ws = wb.active
    ws.title = "重点任务分工"
    header = ["序号", "主要任务", "责任分工", "备注"]
    sheet_with_title(
        ws, "关于加快推进本区公园城市建设实施意见重点任务分工表", header, [7, 40, 52, 10]
    )
    units: list[dict[str, list[str]]] = []
    r, b = 3, 0
    for no, title in FENGXIAN_ROWS:
        if no == "band":
            xl_band(ws, r, title, len(header))
        else:
            cell = brackets[b].replace(";", "\n")
            b += 1
            xl_row(ws, r, [no, title, cell, None])
            roles: dict[str, list[str]] = {}
            for line in cell.split("\n"):
                label, names = line.split("：")
                role = {"牵头单位": "lead", "配合单位": "cooperating", "责任单位": "responsible"}[
                    label
                ]
                roles[role] = [n for n in split_units(names) if n != "开发区"]
                if names.endswith("各街镇、开发区"):
                    roles[role] = [*roles[role][:-1], "各街镇、开发区"]
            units.append(roles)
        r += 1
    assert b == len(brackets)
    wb.save(HERE / f"{stem}.xlsx")
    tasks = truth_of(src)["tasks"][: len(brackets)]
    check(units, tasks)
    write_truth(
        stem,
        src,
        tasks,
        "Excel .xlsx, sheet '重点任务分工': the title merged over the table in row 1, a grey header row 序号 | "
        "主要任务 | 责任分工 | 备注 (print titles repeat it), thin borders, wrapped cells; ONE 责任分工 column whose "
        "cells hold the notice's bracket as LABELLED LINES, the ';' between labels turned into a line break "
        "('牵头单位：区绿化市容局' / '配合单位：区规划资源局、…、各街镇、开发区'; one cell '责任单位：…' alone); "
        "grey band rows merged across for the headings without units '(三)以人民城市为理念，完善城乡公园体系', "
        "'2.推进“公园+”“+公园”建设' and '(六)完善体制机制，提升公园管理的精细化水平'; 序号 as the notice numbers "
        "the items ('(一)', '1', '(1)' …); 主要任务 the item's heading; 备注 empty",
        "Tasks, numbers and units identical to the first twelve tasks of ../notices-heldout4/fengxianbgs_2021_"
        "gongyuanchengshi.expected.json (牵头单位 -> lead, 配合单位 -> cooperating, 责任单位 -> responsible). The 21 "
        "'三、工作职责' unit：duties items are NOT in this file. Debatable as there: '各街镇、开发区' one collective unit.",
    )


def qingpu_2025_two_header(stem: str) -> None:
    """青浦区 2025 附件3 again, as Excel with 责任单位 over 牵头单位 | 配合单位 (two header rows)."""
    wb = new_workbook()
    ws = wb.active
    ws.title = "任务职责分工表"
    widths = [7, 20, 56, 16, 36, 10]
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.merge_cells("A1:F1")
    ws["A1"] = "全面加强建筑垃圾管理的实施意见任务职责分工表"
    ws["A1"].font = Font(name="方正小标宋简体", size=18)
    ws["A1"].alignment = WRAP_CENTER
    ws.row_dimensions[1].height = 44
    for col, name in zip("ABCF", ["序号", "工作任务", "主要工作内容", "备注"], strict=True):
        ws.merge_cells(f"{col}2:{col}3")
        ws[f"{col}2"] = name
    ws.merge_cells("D2:E2")
    ws["D2"], ws["D3"], ws["E3"] = "责任单位", "牵头单位", "配合单位"
    for row in ws["A2:F3"]:
        for cell in row:
            cell.font = Font(name="黑体", size=12)
            cell.alignment = WRAP_CENTER
            cell.border = BOX
    ws.print_title_rows = "2:3"
    ws.freeze_panes = "A4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    r = 4
    units: list[dict[str, list[str]]] = []
    for no, task, subs in qingpu_2025_table():
        if not subs:
            xl_row(ws, r, [no, task, None, None, None, None])
            ws.merge_cells(f"B{r}:F{r}")
            ws[f"B{r}"].font = Font(name="黑体", size=11)
            r += 1
            continue
        for k, sub in enumerate(subs):
            xl_row(ws, r, [no if k == 0 else None, task if k == 0 else None, *sub, None], (0, 1, 3))
            units.append(qingpu_2025_units(sub))
            r += 1
        if len(subs) > 1:
            ws.merge_cells(f"A{r - len(subs)}:A{r - 1}")
            ws.merge_cells(f"B{r - len(subs)}:B{r - 1}")
    wb.save(HERE / f"{stem}.xlsx")
    tasks = qingpu_2025_tasks()
    check(units, tasks)
    write_truth(
        stem,
        "qingpu_2025_jianzhulaji",
        tasks,
        "Excel .xlsx, sheet '任务职责分工表': the title merged over A1:F1; a TWO-ROW header: 序号, 工作任务, "
        "主要工作内容 and 备注 each merged over rows 2–3, '责任单位' merged over D2:E2 above '牵头单位' (D3) and "
        "'配合单位' (E3); print titles repeat rows 2–3; category rows print the numeral in A ('—', '二' …) and the "
        "category merged over B:F; 序号 '（一）' and 工作任务 MERGED DOWN over a task's content sub-rows; empty cells "
        "'——'; the lead cell '区土方工作' / '专班' holds a line break (Alt+Enter); 备注 empty",
        "The same 26 tasks as qingpu_2025_jianzhulaji.expected.json in this folder (附件3 of the heldout4 notice, "
        "the '附件3 ' prefix dropped from the numbers). '责任单位' is only the group heading over 牵头单位 and 配合单位 "
        "here: no task has responsible units. Debatable as there: '和' split; '建设主管部门' one collective.",
    )


def gumeilu_2022(stem: str) -> None:
    """古美路街道 2022 独居老人: Word, a 职责分工表 with the unit column BEFORE the duties."""
    src = "gumeilu_2022_dujulaoren"
    lines = text_of(src).splitlines()
    first = lines.index("二、职责分工") + 1
    items = []
    for line in lines[first:]:
        m = re.match(r"^(\d)\.(.+?)。(.*)$", line)
        if not m:
            break
        items.append(m.groups())
    doc = new_document(landscape=False)
    heading(doc, "古美路街道加强独居老人消防安全管理工作职责分工表", size=16, font="宋体")
    widths = [1.4, 3.2, 12.4]
    table = word_table(doc, ["序号", "责任部门", "工作职责"], widths)
    for no, unit, duties in items:
        add_row(table, [no, unit, duties], widths, (0, 1))
    doc.save(HERE / f"{stem}.docx")
    tasks = truth_of(src)["tasks"]
    check([{"responsible": [unit]} for _, unit, _ in items], tasks)
    write_truth(
        stem,
        src,
        tasks,
        "Word .docx (A4 portrait), a title above a three-column 职责分工表 序号 | 责任部门 | 工作职责 (header repeated "
        "on each page): the UNIT column stands BEFORE the duties and there is no task-name column; 序号 1–7 as the "
        "notice numbers '二、职责分工'; 责任部门 the item's heading ('街道消委办', '派出所' …, '居委会'); 工作职责 the "
        "duty text as printed, which itself opens with role verbs ('牵头开展…', '配合开展…', '牵头负责…')",
        "Tasks, numbers and units identical to ../notices-heldout4/gumeilu_2022_dujulaoren.expected.json "
        "(责任部门 -> responsible, lead []). DEBATABLE as there: the duty text's own '牵头…'/'配合…' describe the "
        "unit's part, they are not read as lead/cooperating; units named inside the duty text ('居委', "
        "'建管中心（房办）') are not units of the task.",
    )


def main() -> None:
    """Build every file of this folder except the printed PDFs."""
    pdf = "; the .pdf of the same name is this .docx printed by LibreOffice"
    qingpu_2024("qingpu_2024_xiaofanganquan", pdf_note=pdf)
    scjgj_2021("shanghaiscjgj_2021_diandongzixingche")
    qyb_2025("shanghaiqyb_2025_xinxingchengzhenhua")
    jingan_2025("jinganfgw_2025_tandafeng")
    cangnan_2022("cangnan_2022_minshengshishi")
    qingpu_2025("qingpu_2025_jianzhulaji", pdf_note=pdf)
    shanghailrj_2021("shanghailrj_2021_gongyuanchengshi", pdf_note=pdf)
    fengxian_2021("fengxianbgs_2021_gongyuanchengshi")
    qingpu_2025_two_header("qingpu_2025_jianzhulaji_twoheader")
    gumeilu_2022("gumeilu_2022_dujulaoren")


if __name__ == "__main__":
    main()
