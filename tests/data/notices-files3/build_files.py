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

import sys
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # duty_typeset.py: what the clean-file folders' scripts share

from duty_typeset import (  # noqa: E402
    FANGSONG,
    DutyFolder,
    add_row,
    band,
    cjk,
    merge_text,
    new_document,
    para,
    word_table,
    xl_merged,
    xl_row,
    xl_setup,
)

_FOLDER = DutyFolder(HERE)
source_text, printed = _FOLDER.source_text, _FOLDER.printed
write_truth, check = _FOLDER.write_truth, _FOLDER.check


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
