"""Re-typeset real 分工表 from ../notices (the main corpus) as ordinary Word and Excel attachments.

Run once by hand (``python build_files.py``) to (re)create the ``.docx``/``.xlsx`` files of this folder and their
``.expected.json``. The text of every cell is copied from the ``.txt`` transcriptions of ``../notices``; the truth is
copied from the ``.expected.json`` there and checked against the units put in the cells. The generic Word/Excel
helpers are those of the first batch (``../notices-files/build_files.py``). This script does not import gzgk and is
not part of the test suite. The PDFs are printed afterwards with ``soffice --headless --convert-to pdf``.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
from pathlib import Path
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "notices"

_spec = importlib.util.spec_from_file_location(
    "first_batch", HERE.parent / "notices-files" / "build_files.py"
)
assert _spec is not None
assert _spec.loader is not None
first = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(first)

FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
CN_NUM = "一二三四五六七八九十"
SECTION = re.compile(rf"^\s*([{CN_NUM}]+)、(.*)$")


def lines_of(name: str) -> list[str]:
    """The main-corpus transcription of one notice, line by line, line-start spaces removed."""
    return [line.strip() for line in (SRC / f"{name}.txt").read_text(encoding="utf-8").splitlines()]


def truth_of(name: str) -> dict[str, Any]:
    """The main-corpus truth of one notice."""
    return json.loads((SRC / f"{name}.expected.json").read_text(encoding="utf-8"))


def units(cell: str) -> list[str]:
    """Units of a plain unit cell: split at line breaks, 、 and ，."""
    return [p.strip() for p in re.split(r"[、，,\n]", cell) if p.strip()]


def check(got: list[dict[str, list[str]]], tasks: list[dict[str, Any]]) -> None:
    """Every row's units equal the truth's, role by role, in order."""
    assert len(got) == len(tasks), (len(got), len(tasks))
    for row, task in zip(got, tasks, strict=True):
        for role in ("lead", "responsible", "cooperating"):
            assert row.get(role, []) == task[role], (
                task["number"],
                role,
                row.get(role),
                task[role],
            )


def check_mentions(cells: list[str], tasks: list[dict[str, Any]]) -> None:
    """Where a cell keeps the notice's role verbs, every unit of the truth occurs in it, in printed order."""
    assert len(cells) == len(tasks), (len(cells), len(tasks))
    for cell, task in zip(cells, tasks, strict=True):
        for name in task["lead"] + task["responsible"] + task["cooperating"]:
            assert name in cell, (task["number"], name, cell)


def write_truth(
    stem: str, source: str, tasks: list[dict[str, Any]], layout: str, conventions: str
) -> None:
    """Write NAME.expected.json in the schema of ../notices-files."""
    src = truth_of(source)
    out = {
        "source_url": src["source_url"],
        "source_notice": f"../notices/{source}.txt",
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


# ---------------------------------------------------------------- Word, WPS-like fonts


def put(
    cell: Any,
    text: str,
    *,
    bold: bool = False,
    center: bool = False,
    size: float = 10.5,
    font: str = FANGSONG,
) -> None:
    """Write text into a table cell, one paragraph per line (Enter inside a cell)."""
    cell.vertical_alignment = first.WD_CELL_VERTICAL_ALIGNMENT.CENTER
    para = cell.paragraphs[0]
    for i, line in enumerate(text.split("\n")):
        if i:
            para = cell.add_paragraph()
        para.paragraph_format.space_after = Pt(0)
        para.paragraph_format.line_spacing = 1.0
        if center:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        first.set_cjk_font(para.add_run(line), name=font, size=size, bold=bold)


def title_lines(doc: Any, attachment: str, title: str) -> None:
    """'附件' line at the left (黑体 16) and the title centred (方正小标宋-like 黑体 18), as GB/T 9704."""
    if attachment:
        first.heading(doc, attachment, size=16, font=HEITI, center=False)
    first.heading(doc, title, size=18, font=HEITI)


def table(doc: Any, header: list[str], widths: list[float], *, header_rows: int = 1) -> Any:
    """A bordered table whose first row(s) repeat on each page."""
    tab = doc.add_table(rows=header_rows, cols=len(header))
    tab.style = "Table Grid"
    tab.alignment = first.WD_TABLE_ALIGNMENT.CENTER
    tab.autofit = False
    for cell, name, width in zip(tab.rows[0].cells, header, widths, strict=True):
        put(cell, name, center=True, size=11, font=HEITI)
        cell.width = Cm(width)
    for column, width in zip(tab.columns, widths, strict=True):
        column.width = Cm(width)
    for row in tab.rows:
        first.repeat_header(row)
    return tab


def row(
    tab: Any, values: list[str | None], widths: list[float], center: tuple[int, ...] = (0,)
) -> Any:
    """Append a row (``None`` cells stay empty for a merge)."""
    new = tab.add_row()
    new.height, new.height_rule = Cm(0.9), first.WD_ROW_HEIGHT_RULE.AT_LEAST
    for i, (cell, value) in enumerate(zip(new.cells, values, strict=True)):
        cell.width = Cm(widths[i])
        if value is not None:
            put(cell, value, center=i in center)
    return new


def band(tab: Any, text: str) -> None:
    """A section row merged across the table (黑体)."""
    merged = tab.add_row().cells[0].merge(tab.rows[-1].cells[-1])
    for para in merged.paragraphs[1:]:
        para._element.getparent().remove(para._element)
    put(merged, text, font=HEITI)


def note(doc: Any, text: str) -> None:
    """A note paragraph under the table."""
    para = doc.add_paragraph()
    para.paragraph_format.space_before = Pt(6)
    first.set_cjk_font(para.add_run(text), name=FANGSONG, size=12)


# ---------------------------------------------------------------- Excel


CELL_FONT = Font(name=FANGSONG, size=11)
HEAD_FONT = Font(name=HEITI, size=11)
WRAP = Alignment(wrap_text=True, vertical="center")
WRAP_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")


def col(i: int) -> str:
    """Column letter of 1-based index ``i`` (tables here are narrower than 27 columns)."""
    return chr(ord("A") + i - 1)


def xl_setup(ws: Worksheet, widths: list[float], *, landscape: bool) -> None:
    """Column widths and an A4 print set-up fitted to the page width."""
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[col(i)].width = width
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5


def xl_title(ws: Worksheet, r: int, text: str, ncols: int, *, size: int = 16) -> None:
    """A title merged across the table."""
    ws.merge_cells(f"A{r}:{col(ncols)}{r}")
    ws.cell(row=r, column=1, value=text).font = Font(name=HEITI, size=size)
    ws.cell(row=r, column=1).alignment = WRAP_CENTER
    ws.row_dimensions[r].height = 36


def xl_head(ws: Worksheet, r: int, names: list[str | None]) -> None:
    """A header row (``None`` for a cell covered by a merge), grey, bordered."""
    for i, name in enumerate(names, start=1):
        cell = ws.cell(row=r, column=i, value=name)
        cell.font = HEAD_FONT
        cell.alignment = WRAP_CENTER
        cell.border = first.BOX
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
    ws.row_dimensions[r].height = 24


def shown(text: str) -> float:
    """Width of a text in Excel column units: a Chinese character about two, an ASCII one about one."""
    return sum(1.9 if ord(ch) > 0xFF else 1.0 for ch in text)


def xl_row(ws: Worksheet, r: int, values: list[Any], center: tuple[int, ...] = (1,)) -> None:
    """A bordered, wrapped data row whose height fits its longest cell (as Excel's autofit would)."""
    lines = 1
    for i, value in enumerate(values, start=1):
        cell = ws.cell(row=r, column=i, value=value)
        cell.font = CELL_FONT
        cell.alignment = WRAP_CENTER if i in center else WRAP
        cell.border = first.BOX
        width = ws.column_dimensions[col(i)].width or 8.43
        if isinstance(value, str):
            room = max(1.0, width - 1)
            lines = max(lines, sum(math.ceil(shown(p) / room) or 1 for p in value.split("\n")))
    ws.row_dimensions[r].height = 16 * lines + 6


def xl_band(ws: Worksheet, r: int, text: str, ncols: int) -> None:
    """A section row merged across the table."""
    for c in range(1, ncols + 1):
        ws.cell(row=r, column=c).border = first.BOX
    ws.merge_cells(f"A{r}:{col(ncols)}{r}")
    ws.cell(row=r, column=1, value=text).font = Font(name=HEITI, size=11)
    ws.cell(row=r, column=1).alignment = WRAP
    ws.row_dimensions[r].height = 22


def xl_note(ws: Worksheet, r: int, text: str, ncols: int) -> None:
    """A note merged under the table, without borders."""
    ws.merge_cells(f"A{r}:{col(ncols)}{r}")
    ws.cell(row=r, column=1, value=text).font = CELL_FONT
    ws.cell(row=r, column=1).alignment = WRAP
    ws.row_dimensions[r].height = 32


# ---------------------------------------------------------------- 上海市安委会 2023 城镇燃气 (48 tasks)

AQW = "shanghaiaqw_2023_ranqizhengzhi"
AQW_ITEM = re.compile(r"^(\d+)[.．]\s*(.*)（([^（）]*)）$")


def aqw_rows() -> list[dict[str, str]]:
    """Items '1.'–'48.' of 四、/五、 with their section, sub-heading and bracket."""
    rows: list[dict[str, str]] = []
    section = sub = ""
    for line in lines_of(AQW):
        if SECTION.match(line):
            section = line
        elif re.match(r"^（[一二三四五六七八九十]+）", line):
            sub = line
        elif m := AQW_ITEM.match(line):
            rows.append({"section": section, "sub": sub, "no": m[1], "text": m[2], "bracket": m[3]})
    return rows


def aqw_docx(stem: str, pdf_note: str) -> None:
    """Word, landscape: section rows across, the sub-heading merged down, the bracket's verbs in one column."""
    rows = aqw_rows()
    tasks = truth_of(AQW)["tasks"]
    assert [r["no"] for r in rows] == [t["number"] for t in tasks]
    doc = first.new_document(landscape=True)
    title_lines(doc, "附件", "上海市城镇燃气安全专项整治重点任务分工表")
    widths = [1.3, 4.2, 14.2, 6.0]
    tab = table(doc, ["序号", "整治领域", "工作任务", "责任单位"], widths)
    section = sub = ""
    spans: list[list[int]] = []
    for r in rows:
        if r["section"] != section:
            section = r["section"]
            band(tab, section)
        if r["sub"] != sub:
            sub = r["sub"]
            area = re.sub(r"^（[一二三四五六七八九十]+）", "", sub)
            row(tab, [r["no"], area, r["text"], r["bracket"]], widths, center=(0, 1))
            spans.append([len(tab.rows) - 1, len(tab.rows) - 1])
        else:
            row(tab, [r["no"], None, r["text"], r["bracket"]], widths)
            spans[-1][1] = len(tab.rows) - 1
    for top, bottom in spans:
        first.merge_down(tab, 1, top, bottom)
    doc.save(HERE / f"{stem}.docx")
    check_mentions([r["bracket"] for r in rows], tasks)
    write_truth(
        stem,
        AQW,
        tasks,
        "Word .docx (A4 landscape, 仿宋_GB2312 cells, 黑体 header), '附件' line and a title typed by hand; "
        "序号 | 整治领域 | 工作任务 | 责任单位 (header repeated on each page); the two sections '四、…' and '五、…' "
        "as rows merged across; 整治领域 the '（一）…' sub-heading WITHOUT its numeral, merged down over its items "
        "(1–8 rows); 序号 1–48 as the notice numbers them; 工作任务 the item's text; 责任单位 the notice's bracket "
        "verbatim with its role verbs ('市公安局牵头负责，市市场监管局、市住房城乡建设管理委、各区政府组织落实', "
        "'…按职责组织配合')" + pdf_note,
        "Tasks, numbers and units identical to ../notices/shanghaiaqw_2023_ranqizhengzhi.expected.json (roles from "
        "the bracket's verbs: 牵头负责 -> lead, 组织落实/负责/按职责分工负责落实 -> responsible, 按职责组织配合 -> "
        "cooperating; its debatable readings carry over: task 34's middle clause, task 19's collective lead "
        "'各部门', task 26's five leads). The notice's steps under 三、 and its 保障措施 are not in the table.",
    )


def aqw_split_xlsx(stem: str) -> None:
    """Excel, instructions sheet first; the same 48 tasks with 牵头单位 | 责任单位 | 配合单位 as separate columns."""
    rows = aqw_rows()
    tasks = truth_of(AQW)["tasks"]
    wb = first.new_workbook()
    info = wb.active
    info.title = "填报说明"
    lines = [
        "填报说明",
        "一、本表依据《上海市城镇燃气安全专项整治实施方案》（沪安委会〔2023〕9号）第四、五部分分解。",
        "二、“牵头单位”负责统筹推进，“责任单位”负责组织落实，“配合单位”按职责组织配合。",
        "三、请各单位在“任务分工”表中逐项核对，对分工有异议的，请在备注栏注明。",
        "四、各区政府负责本行政区域内相关任务的组织落实。",
    ]
    info.column_dimensions["A"].width = 100
    for i, text in enumerate(lines, start=1):
        info.cell(row=i, column=1, value=text).font = Font(
            name=HEITI if i == 1 else FANGSONG, size=14 if i == 1 else 12
        )
        info.cell(row=i, column=1).alignment = WRAP
        info.row_dimensions[i].height = 30
    ws = wb.create_sheet("任务分工")
    header = ["序号", "工作任务", "牵头单位", "责任单位", "配合单位", "备注"]
    xl_setup(ws, [6, 62, 20, 24, 14, 8], landscape=True)
    xl_title(ws, 1, "城镇燃气安全专项整治任务分工表", len(header))
    xl_head(ws, 2, header)
    ws.print_title_rows = "2:2"
    ws.freeze_panes = "A3"
    r = 3
    section = sub = ""
    for item, task in zip(rows, tasks, strict=True):
        if item["section"] != section:
            section = item["section"]
            xl_band(ws, r, section, len(header))
            r += 1
        if item["sub"] != sub:
            sub = item["sub"]
            xl_band(ws, r, sub, len(header))
            r += 1
        values = [
            int(item["no"]),
            item["text"],
            "、".join(task["lead"]),
            "、".join(task["responsible"]),
            "、".join(task["cooperating"]),
            None,
        ]
        xl_row(ws, r, values)
        r += 1
    wb.save(HERE / f"{stem}.xlsx")
    check_mentions([r["bracket"] for r in rows], tasks)
    write_truth(
        stem,
        AQW,
        tasks,
        "Excel .xlsx with TWO sheets: '填报说明' (instructions, one column of text, it names 各区政府 in a sentence) "
        "BEFORE the table sheet '任务分工'; title merged A1:F1; grey header 序号 | 工作任务 | 牵头单位 | 责任单位 | "
        "配合单位 | 备注 (print titles, frozen panes); section rows '四、…'/'五、…' and sub-heading rows '（一）…' "
        "merged across; 序号 1–48 as numbers; the notice's bracket split by its verbs into the three unit columns "
        "(empty where the bracket has no such role), units joined by '、'; 备注 empty",
        "The same 48 tasks as shanghaiaqw_2023_ranqizhengzhi.docx, truth identical to "
        "../notices/shanghaiaqw_2023_ranqizhengzhi.expected.json; the split into columns follows that truth's "
        "reading of the verbs (so its debatable readings — task 34, 19, 26 — are now printed as columns). The "
        "instruction sheet is typed by hand and holds no task.",
    )


# ---------------------------------------------------------------- 上海市政府办公厅 2026 公园提质增效 (16 tasks)

BGT = "shanghaibgt_2026_gongyuantizhi"


def bgt_docx(stem: str, pdf_note: str) -> None:
    """Word, portrait: section rows, 序号 '（一）', heading and body in two columns, one unit per line, a note."""
    pat = re.compile(r"^(（[一二三四五六七八九十]+）)(.*?)。(.*)（责任单位：([^）]*)）$")
    rows: list[dict[str, str]] = []
    section = ""
    for line in lines_of(BGT):
        if SECTION.match(line):
            section = line
        elif m := pat.match(line):
            rows.append(
                {"section": section, "no": m[1], "title": m[2], "body": m[3], "units": m[4]}
            )
    tasks = truth_of(BGT)["tasks"]
    doc = first.new_document(landscape=False)
    title_lines(doc, "附件", "上海市公园提质增效实施方案\n重点任务分工")
    widths = [2.0, 3.2, 8.2, 3.6]
    tab = table(doc, ["序号", "重点任务", "主要内容", "责任单位"], widths)
    section = ""
    for r in rows:
        if r["section"] != section:
            section = r["section"]
            band(tab, section)
        row(tab, [r["no"], r["title"], r["body"], r["units"].replace("、", "\n")], widths)
    note(doc, "注：表中所列任务，除明确年份外，均于2028年底前完成。")
    doc.save(HERE / f"{stem}.docx")
    check([{"responsible": units(r["units"])} for r in rows], tasks)
    write_truth(
        stem,
        BGT,
        tasks,
        "Word .docx (A4 portrait), '附件' line and a two-line title typed by hand; 序号 | 重点任务 | 主要内容 | 责任单位 "
        "(header repeated on each page, the table runs over several pages and long rows split across pages); "
        "the five sections '二、…'–'六、…' as rows merged across; 序号 the notice's '（一）'–'（十六）'; 重点任务 the "
        "item's first sentence, 主要内容 the rest; 责任单位 ONE UNIT PER LINE (paragraphs inside the cell, no "
        "separator); a note under the table about deadlines (no unit in it)" + pdf_note,
        "Tasks, numbers and units identical to ../notices/shanghaibgt_2026_gongyuantizhi.expected.json (责任单位 -> "
        "responsible, lead []; no first-named rule: 市绿化市容局 on the first line is NOT a lead). The note is typed "
        "by hand from the notice's 'to 2028' targets.",
    )


# ---------------------------------------------------------------- 黑龙江省政府 2013 (11 tasks)

HLJ = "heilongjiang_2013_zhongdiangongzuo"


def hlj_docx(stem: str, pdf_note: str) -> None:
    """Word, portrait: section and sub-heading rows, the bracket's 主办/协办/负责 in one column."""
    item = re.compile(r"(\([一二三四五六七八九十]+\)|\d+\.)([^()]*?)。\(([^()]*)\)")
    rows: list[dict[str, str]] = []
    section = sub = ""
    for line in lines_of(HLJ):
        if SECTION.match(line):
            section = line
        found = item.findall(line)
        if not found and re.match(r"^(\([一二三四五六七八九十]+\))(.*)。$", line):
            sub = line
        for no, text, bracket in found:
            rows.append(
                {
                    "section": section,
                    "sub": sub,
                    "no": no.rstrip("."),
                    "text": text,
                    "bracket": bracket.replace(",", "，"),
                }
            )
    tasks = truth_of(HLJ)["tasks"]
    rows = rows[: len(tasks)]
    doc = first.new_document(landscape=False)
    title_lines(doc, "附件", "2013年《政府工作报告》重点工作责任分工表")
    widths = [1.5, 10.0, 5.5]
    tab = table(doc, ["序号", "工作任务", "责任分工"], widths)
    section = sub = ""
    for r in rows:
        if r["section"] != section:
            section = r["section"]
            band(tab, section)
        if r["sub"] != sub:
            sub = r["sub"]
            band(tab, sub)
        row(tab, [r["no"], r["text"] + "。", r["bracket"]], widths)
    doc.save(HERE / f"{stem}.docx")
    check_mentions([r["bracket"] for r in rows], tasks)
    write_truth(
        stem,
        HLJ,
        tasks,
        "Word .docx (A4 portrait), '附件' line and a title typed by hand; 序号 | 工作任务 | 责任分工 (header repeated); "
        "section rows '一、…', '二、…' and the sub-heading row '(一)全力推进产业项目建设。' merged across; 序号 printed "
        "'(一)'–'(九)' under 一、 and '1', '2' under 二、(一); 责任分工 the notice's bracket verbatim with its verbs "
        "('省财政厅主办，省国税局、地税局协办', '省发改委负责', '省发改委、农委、统计局分别负责'), ASCII ',' typeset as '，'"
        + pdf_note,
        "Tasks, numbers and units identical to ../notices/heilongjiang_2013_zhongdiangongzuo.expected.json (主办 -> "
        "lead, 协办 -> cooperating, 负责/分别负责 -> responsible; names verbatim without the 省 prefix after the first). "
        "Numbers keep that truth's section prefix ('一(一)', '二(一)1') although the 序号 cell prints '(一)' / '1' under "
        "its section row. Only the 11 complete tasks of the stored excerpt are typeset (二(一)3 is cut there).",
    )


# ---------------------------------------------------------------- 国务院办公厅 2018 督查激励 (30 tasks)

JLZC = "guobanting_2018_jilizhichi"


def jlzc_docx(stem: str) -> None:
    """Word, portrait, NO 序号 column: the measure's '一、' stays in its text; 责任部门 without '负责'."""
    raw = (SRC / f"{JLZC}.txt").read_text(encoding="utf-8")
    paras = [
        re.sub(r"<[^>]+>", "", p).replace("&nbsp;", " ").strip()
        for p in re.findall(r"<p[^>]*>(.*?)</p>", raw, re.S)
    ]
    pat = re.compile(rf"^([{CN_NUM}]+)、(.*)（([^（）]*)负责）$")
    rows = [
        {"no": m[1], "text": f"{m[1]}、{m[2]}", "units": m[3]} for p in paras if (m := pat.match(p))
    ]
    tasks = truth_of(JLZC)["tasks"]
    assert [r["no"] for r in rows] == [t["number"] for t in tasks]
    doc = first.new_document(landscape=False)
    title_lines(doc, "附件", "督查激励措施及责任部门一览表")
    widths = [13.0, 4.0]
    tab = table(doc, ["激励支持措施", "责任部门"], widths)
    for r in rows:
        row(tab, [r["text"], r["units"]], widths, center=(1,))
    doc.save(HERE / f"{stem}.docx")
    got = []
    for r in rows:
        lead_part, _, rest = r["units"].partition("会同")
        got.append({"responsible": units(lead_part), "cooperating": units(rest)})
    check(got, tasks)
    write_truth(
        stem,
        JLZC,
        tasks,
        "Word .docx (A4 portrait), '附件' line and a title typed by hand; a TWO-column table 激励支持措施 | 责任部门 "
        "with NO 序号 column: each measure's own '一、'–'三十、' opens its text cell; 责任部门 the bracket without its "
        "closing '负责' ('市场监管总局', '水利部、国家发展改革委', '国家发展改革委会同有关部门'); header repeated; the "
        "table runs over several pages",
        "Tasks, numbers and units identical to ../notices/guobanting_2018_jilizhichi.expected.json (responsible, "
        "lead []; in 十六, 十七, 十八, 二十 'X会同有关部门' -> X responsible, the collective '有关部门' cooperating — "
        "DEBATABLE as there). The beneficiaries in the measures ('省（区、市）', '市（地、州、盟）'…) are not units.",
    )


# ---------------------------------------------------------------- 静安区绿化市容局 2025 任务清单 (15 tasks)

JLRJ = "jinganlrj_2025_lajifenlei"


def jlrj_docx(stem: str) -> None:
    """Word, portrait: the notice's own 任务清单, content cells of up to eleven numbered paragraphs."""
    lines = lines_of(JLRJ)
    start = max(i for i, line in enumerate(lines) if line == "责任单位") + 1
    blocks: list[list[str]] = [[]]
    for line in lines[start:]:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    rows = []
    i = 0
    while i + 2 < len(blocks) and blocks[i] and blocks[i][0].isdigit():
        rows.append(
            {"no": blocks[i][0], "content": "\n".join(blocks[i + 1]), "units": blocks[i + 2][0]}
        )
        i += 3
    tasks = truth_of(JLRJ)["tasks"]
    assert [r["no"] for r in rows] == [t["number"] for t in tasks], [r["no"] for r in rows]
    doc = first.new_document(landscape=False)
    title_lines(doc, "附件1.1", "2025年生活垃圾分类减量推进工作任务清单")
    widths = [1.4, 12.0, 3.6]
    tab = table(doc, ["序号", "任务内容", "责任单位"], widths)
    for r in rows:
        row(tab, [r["no"], r["content"], r["units"]], widths, center=(0, 2))
    doc.save(HERE / f"{stem}.docx")
    check([{"responsible": units(r["units"])} for r in rows], tasks)
    write_truth(
        stem,
        JLRJ,
        tasks,
        "Word .docx (A4 portrait), '附件1.1' line and the notice's title; its own table 序号 | 任务内容 | 责任单位 "
        "(header repeated); most 任务内容 cells are a NUMBERED LIST of 2–11 paragraphs ('1. …', '1．…', '1、…' as "
        "printed), so rows are long and split across pages; 责任单位 one unit (row 15: three, joined by '、'), centred",
        "Tasks, numbers and units identical to ../notices/jinganlrj_2025_lajifenlei.expected.json: one task per table "
        "row (the inner '1.'–'11.' are parts of it), 责任单位 -> responsible, lead []. Units named inside the "
        "content ('会同区绿化市容局…' in row 9) are not units of the row.",
    )


# ---------------------------------------------------------------- 松江区 2025 城市更新 (22 tasks)

SJ = "songjiang_2025_chengshigengxin"


def sj_xlsx(stem: str, pdf_note: str) -> None:
    """Excel: two-row header 责任单位 over 牵头单位 | 支撑单位, section rows merged across."""
    pat = re.compile(r"^(\d+)\.(.*)（牵头单位：([^，）]*)(?:，支撑单位：([^）]*))?）$")
    rows = []
    sub = ""
    for line in lines_of(SJ):
        if re.match(r"^（[一二三四五六]）.*行动$", line):
            sub = line
        if m := pat.match(line):
            rows.append({"sub": sub, "no": m[1], "text": m[2], "lead": m[3], "coop": m[4] or ""})
    tasks = truth_of(SJ)["tasks"]
    wb = first.new_workbook()
    ws = wb.active
    ws.title = "分解表"
    ncols = 5
    xl_setup(ws, [6, 60, 26, 24, 10], landscape=True)
    xl_title(ws, 1, "松江区城市更新2025年度实施计划任务分解表", ncols)
    xl_head(ws, 2, ["序号", "工作任务", "责任单位", None, "备注"])
    xl_head(ws, 3, [None, None, "牵头单位", "支撑单位", None])
    for rng in ("A2:A3", "B2:B3", "C2:D2", "E2:E3"):
        ws.merge_cells(rng)
    ws.print_title_rows = "2:3"
    ws.freeze_panes = "A4"
    r = 4
    sub = ""
    for item in rows:
        if item["sub"] != sub:
            sub = item["sub"]
            xl_band(ws, r, sub, ncols)
            r += 1
        xl_row(ws, r, [int(item["no"]), item["text"], item["lead"], item["coop"] or None, None])
        r += 1
    wb.save(HERE / f"{stem}.xlsx")
    check([{"lead": units(x["lead"]), "cooperating": units(x["coop"])} for x in rows], tasks)
    write_truth(
        stem,
        SJ,
        tasks,
        "Excel .xlsx, one sheet '分解表' (landscape, fitted to width); title merged A1:E1; a TWO-ROW header: "
        "'责任单位' merged over '牵头单位' | '支撑单位', 序号/工作任务/备注 merged over both rows (print titles rows 2–3, "
        "frozen panes); the six actions '（一）综合区域整体焕新行动'… as rows merged across; 序号 1–22 as numbers; "
        "工作任务 the item's sentence; units joined by '、' as printed; 支撑单位 empty for most rows; 备注 empty"
        + pdf_note,
        "Tasks, numbers and units identical to ../notices/songjiang_2025_chengshigengxin.expected.json (牵头单位 -> "
        "lead, 支撑单位 -> cooperating — DEBATABLE as there; responsible []). '经济技术开发区' (1) and '经开区' (14) "
        "verbatim. 二、工作保障 is not in the table.",
    )


# ---------------------------------------------------------------- 咸宁市咸安区 2023 (12 tasks)

XA = "xianan_2023_zhengfugongzuobaogao"


def xa_xlsx(stem: str) -> None:
    """Excel: a 责任领导 (person) column before 牵头单位 and 责任单位."""
    pat = re.compile(r"^(\d+)\.(.*)\(责任领导:([^;]*);牵头单位:([^;)]*)(?:;责任单位:([^)]*))?\)$")
    rows = []
    bands: list[str] = []
    for line in lines_of(XA):
        if SECTION.match(line) or re.match(r"^\([一二三四五六七]\)", line):
            bands.append(line)
        if m := pat.match(line):
            rows.append(
                {
                    "bands": bands,
                    "no": m[1],
                    "text": m[2],
                    "who": m[3],
                    "lead": m[4],
                    "resp": (m[5] or "").replace(",", "，"),
                }
            )
            bands = []
    tasks = truth_of(XA)["tasks"]
    wb = first.new_workbook()
    ws = wb.active
    ws.title = "Sheet1"
    header = ["序号", "工作任务", "责任领导", "牵头单位", "责任单位", "完成时限"]
    xl_setup(ws, [6, 56, 12, 20, 30, 12], landscape=True)
    xl_title(ws, 1, "2023年区《政府工作报告》确定的重点工作任务责任分解表", len(header))
    xl_head(ws, 2, header)
    ws.print_title_rows = "2:2"
    r = 3
    for item in rows:
        for text in item["bands"]:
            xl_band(ws, r, text.replace("(", "（").replace(")", "）"), len(header))
            r += 1
        xl_row(
            ws,
            r,
            [
                int(item["no"]),
                item["text"],
                item["who"],
                item["lead"],
                item["resp"] or None,
                "2023年底",
            ],
            center=(1, 3, 6),
        )
        r += 1
    wb.save(HERE / f"{stem}.xlsx")
    check([{"lead": units(x["lead"]), "responsible": units(x["resp"])} for x in rows], tasks)
    write_truth(
        stem,
        XA,
        tasks,
        "Excel .xlsx, one sheet (landscape); title merged A1:F1; header 序号 | 工作任务 | 责任领导 | 牵头单位 | 责任单位 | "
        "完成时限; a PERSON column 责任领导 (杜新国, '杜新国、丁玲'…) before the unit columns; section rows '一、…', '二、…' "
        "and '（一）坚定不移做强增长引擎' merged across; 序号 1–12 as numbers; 责任单位 filled only in row 12, mixing "
        "'、' and '，' as the notice mixes '、' and ','; 完成时限 '2023年底' in every row",
        "Tasks, numbers and units identical to ../notices/xianan_2023_zhengfugongzuobaogao.expected.json (牵头单位 -> "
        "lead, 责任单位 -> responsible; the 责任领导 names are people, never units). Only tasks 1–12 (13 is cut in the "
        "stored text). The 完成时限 column is typed by hand ('2023年底' for a 2023 work report) and holds no unit; "
        "the notice's sub-heading '加强基础设施建设' (above 12) is left out.",
    )


# ---------------------------------------------------------------- 大竹县 2016 民生实事 (10 tasks)

DZ = "dazhu_2016_minshengshishi"


def dz_xlsx(stem: str) -> None:
    """Excel: the notice's own table; multi-unit cells with line breaks; row 5's two sub-items."""
    lines = [line for line in lines_of(DZ) if line]
    start = lines.index("完成时限") + 1
    end = lines.index("分享到:")
    cells = lines[start:end]
    deadline = re.compile(r"(月底前|投入使用|动工)")
    rows: list[dict[str, Any]] = []
    for cell in cells:
        if cell.isdigit():
            rows.append({"no": cell, "items": [], "units": []})
        elif cell.endswith("。"):
            rows[-1]["items"].append([cell, ""])
        elif deadline.search(cell):
            rows[-1]["items"][-1][1] = cell
        else:
            rows[-1]["units"].append(cell)
    tasks = truth_of(DZ)["tasks"]
    wb = first.new_workbook()
    ws = wb.active
    ws.title = "民生实事"
    header = ["序号", "民生实事", "责任单位", "完成时限"]
    xl_setup(ws, [7, 46, 20, 16], landscape=False)
    ws.cell(row=1, column=1, value="附件").font = Font(name=HEITI, size=14)
    xl_title(ws, 2, "2016年民生实事目标任务分解表", len(header), size=18)
    xl_head(ws, 3, header)
    ws.print_title_rows = "3:3"
    r = 4
    for item in rows:
        top = r
        for k, (text, when) in enumerate(item["items"]):
            first_line = k == 0
            xl_row(
                ws,
                r,
                [
                    int(item["no"]) if first_line else None,
                    text,
                    "\n".join(item["units"]) if first_line else None,
                    when,
                ],
                center=(1, 3, 4),
            )
            r += 1
        if r - 1 > top:
            ws.merge_cells(f"A{top}:A{r - 1}")
            ws.merge_cells(f"C{top}:C{r - 1}")
    xl_note(
        ws,
        r + 1,
        "注：请各责任单位于每季度末月20日前将“民生实事”完成情况书面报县政府督查室。",
        len(header),
    )
    wb.save(HERE / f"{stem}.xlsx")
    check([{"responsible": x["units"]} for x in rows], tasks)
    write_truth(
        stem,
        DZ,
        tasks,
        "Excel .xlsx, one sheet '民生实事' (portrait); '附件' in A1, title merged A2:D2; the notice's own table 序号 | "
        "民生实事 | 责任单位 | 完成时限; several units in one cell on separate lines (Alt+Enter, no separator: "
        "'县水务局' / '县住建局' / '县护城河指挥部'); row 5 has two sub-items with their own 完成时限, 序号 and 责任单位 "
        "merged down over both; 完成时限 cells ('12月底前', '9月投入使用', '5月底前动工'); a note under the table "
        "naming 县政府督查室 (the notice's own request, from its body)",
        "Tasks, numbers and units identical to ../notices/dazhu_2016_minshengshishi.expected.json (责任单位 -> "
        "responsible, lead []; row 5 is one task whose merged unit cell 县民政局 covers both sub-items — a parser that "
        "reports '开工建设老年大学。' as a unit-less item is defensible, as there). 县政府督查室 in the note receives "
        "reports: not a unit of any task.",
    )


# ---------------------------------------------------------------- 黄浦区 2025 可再生能源 (11 tasks)

HP = "huangpu_2025_kezaishengnengyuan"


def hp_xlsx(stem: str) -> None:
    """Excel: 序号 '（一）', heading + paragraph, units one per line with '，' kept, an empty 进展情况 column."""
    lines = [line for line in lines_of(HP) if line]
    start = lines.index("一、主要任务")
    rows = []
    i = start + 1
    while i < len(lines):
        head = lines[i]
        m = re.match(r"^(（[一二三四五六七八九十]+）)(.*)$", head) or re.match(
            r"^(二)、(保障措施)$", head
        )
        assert m, head
        bracket = re.match(r"^（责任单位：(.*)）$", lines[i + 2])
        assert bracket, lines[i + 2]
        rows.append({"no": m[1], "title": m[2], "body": lines[i + 1], "units": bracket[1]})
        i += 3
    tasks = truth_of(HP)["tasks"]
    wb = first.new_workbook()
    ws = wb.active
    ws.title = "任务分工"
    header = ["序号", "主要任务", "工作内容", "责任单位", "进展情况"]
    xl_setup(ws, [7, 18, 70, 22, 18], landscape=True)
    xl_title(ws, 1, "黄浦区可再生能源发展行动方案任务分工表", len(header))
    xl_head(ws, 2, header)
    ws.print_title_rows = "2:2"
    ws.freeze_panes = "C3"
    r = 3
    xl_band(ws, r, "一、主要任务", len(header))
    r += 1
    for item in rows:
        cell_units = item["units"].replace("、", "\n").replace("，", "\n")
        xl_row(ws, r, [item["no"], item["title"], item["body"], cell_units, None], center=(1,))
        r += 1
    wb.save(HERE / f"{stem}.xlsx")
    check([{"responsible": units(x["units"])} for x in rows], tasks)
    write_truth(
        stem,
        HP,
        tasks,
        "Excel .xlsx, one sheet '任务分工' (landscape); title merged A1:E1; header 序号 | 主要任务 | 工作内容 | 责任单位 | "
        "进展情况 (print titles, panes frozen at C3); a row '一、主要任务' merged across, then 序号 '（一）'–'（十）' as "
        "text and a last row '二' | '保障措施' (the notice's section with its own bracket) WITHOUT a section row of "
        "its own; 责任单位 ONE UNIT PER LINE (Alt+Enter) where the notice separates them by '、' and '，'; 进展情况 "
        "empty (for the returns)",
        "Tasks, numbers and units identical to ../notices/huangpu_2025_kezaishengnengyuan.expected.json (责任单位 -> "
        "responsible, lead []; '各街道管理办', '各区属集团', '各相关部门' collectives; task '二' is the 保障措施 row).",
    )


# ---------------------------------------------------------------- 宝山区 2019 生活垃圾分类 附件1 (39 tasks)

BS = "baoshan_2019_lajifenlei"


def bs_rows() -> list[dict[str, Any]]:
    """附件1's rows: 序号, the 任务名称 where printed, 任务内容, the unit lines and 时间节点."""
    lines = [line for line in lines_of(BS) if line]
    start = lines.index("时间节点") + 1
    end = lines.index("附件2")
    tasks = truth_of(BS)["tasks"]
    rows: list[dict[str, Any]] = []
    cells: list[str] = []
    for line in [*lines[start:end], "END"]:
        if line == str(len(rows) + 1) or line == "END":
            if rows:
                rows[-1]["cells"] = cells
            if line != "END":
                rows.append({"no": line})
            cells = []
        else:
            cells.append(line)
    for r, task in zip(rows, tasks, strict=True):
        named = r["cells"][0] == task["title_or_start"]
        r["name"] = r["cells"][0] if named else ""
        r["content"] = r["cells"][1 if named else 0]
        r["units"] = r["cells"][2 if named else 1 : -1]
        r["when"] = r["cells"][-1]
    return rows


def join_units(names: list[str]) -> str:
    """Units joined by '、', or one per line when a name itself holds a '、' outside brackets."""
    bare = [re.sub(r"（[^）]*）", "", n) for n in names]
    return "\n".join(names) if any("、" in b for b in bare) else "、".join(names)


def bs_docx(stem: str) -> None:
    """Word, landscape: two-row header 责任部门 over 牵头部门 | 配合部门, 任务名称 merged down, 时间节点."""
    rows = bs_rows()
    tasks = truth_of(BS)["tasks"]
    doc = first.new_document(landscape=True)
    title_lines(doc, "附件1", "2019年宝山区生活垃圾分类减量推进工作联席会议成员单位工作任务清单")
    widths = [1.2, 2.8, 10.6, 4.2, 4.5, 2.4]
    tab = table(
        doc, ["序号", "任务名称", "任务内容", "责任部门", "", "时间节点"], widths, header_rows=2
    )
    top = tab.rows[1].cells
    for i, name in ((3, "牵头部门"), (4, "配合部门")):
        put(top[i], name, center=True, size=11, font=HEITI)
    for i in (0, 1, 2, 5):
        tab.cell(0, i).merge(tab.cell(1, i))
    tab.cell(0, 3).merge(tab.cell(0, 4))
    merged = tab.cell(0, 3)
    for para in merged.paragraphs[1:]:
        para._element.getparent().remove(para._element)
    spans: list[list[int]] = []
    for r, task in zip(rows, tasks, strict=True):
        values = [
            r["no"],
            r["name"] or None,
            r["content"],
            join_units(task["lead"]),
            join_units(task["cooperating"]),
            r["when"],
        ]
        row(tab, values, widths, center=(0, 1, 5))
        if r["name"]:
            spans.append([len(tab.rows) - 1, len(tab.rows) - 1])
        else:
            spans[-1][1] = len(tab.rows) - 1
    for first_row, last_row in spans:
        first.merge_down(tab, 1, first_row, last_row)
    doc.save(HERE / f"{stem}.docx")
    for r, task in zip(rows, tasks, strict=True):
        printed = "".join(r["units"])
        for name in task["lead"] + task["cooperating"]:
            assert name in printed, (task["number"], name, printed)
    write_truth(
        stem,
        BS,
        tasks,
        "Word .docx (A4 landscape), '附件1' line and the notice's title; its own table with a TWO-ROW header: "
        "'责任部门' merged over '牵头部门' | '配合部门', 序号/任务名称/任务内容/时间节点 merged over both rows (both rows "
        "repeated on each page); 任务名称 merged down over its rows (11 groups, '推进全面覆盖' and '强化执法监督' and "
        "'营造良好氛围' printed twice as in the notice); 序号 1–39; units joined by '、', but row 14's 配合部门 one unit "
        "per line ('区绿化市容局' / '区党政机关、公共机构'); 时间节点 ('2019年3月', '2019年')",
        "Tasks, numbers and units identical to ../notices/baoshan_2019_lajifenlei.expected.json (牵头部门 -> lead, "
        "配合部门 -> cooperating, responsible []). The notice's web copy leaves four rows DUBIOUS (9, 14, 21, 23: a unit "
        "cell split over lines, its column unseen); this file PRINTS them as that truth reads them, so here they are "
        "not dubious: 9 lead 各街镇（园区）, cooperating 区绿化市容局、区农业农村委; 14 lead 区机管局, cooperating "
        "区绿化市容局 + the collective '区党政机关、公共机构'; 21 lead 区政府办公室、区绿化市容局, cooperating "
        "区规划资源局、区重大办; 23 lead 区市场监管局, cooperating 区商务委、区绿化市容局. title_or_start is that "
        "truth's (the 任务名称 where the notice prints it, otherwise the content). 附件2/3 are not in the file.",
    )


def main() -> None:
    """Build every file of this folder except the printed PDFs."""
    pdf = "; the .pdf of the same name is this file printed by LibreOffice"
    aqw_docx(AQW, pdf)
    aqw_split_xlsx(f"{AQW}_split")
    bgt_docx(BGT, pdf)
    hlj_docx(HLJ, pdf)
    jlzc_docx(JLZC)
    jlrj_docx(JLRJ)
    sj_xlsx(SJ, pdf)
    xa_xlsx(XA)
    dz_xlsx(DZ)
    hp_xlsx(HP)
    bs_docx(BS)


if __name__ == "__main__":
    main()
