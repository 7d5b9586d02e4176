"""Typeset the duty tables (职责分工表) of five NEW notices (``sources/*.txt``) as ordinary Word and Excel attachments.

Run once by hand (``python build_files.py``, with python-docx and openpyxl on the path) to (re)create the ``.docx`` and
``.xlsx`` files of this folder and their ``.expected.json``. Every duty cell's words are copied from the stored text in
``sources/`` (the notice as the GitHub file index returned it), and every unit put in a cell is a name printed in that
text; only titles, column headings, the empty 备注 columns and the separators between units ('、' or a line break) are
typed by hand (see README.md). The truth of every file is copied from ``sources/NAME.expected.json`` (written by hand
from the printed text before any file was built) and checked here against the units put in the cells, so a file and
its truth cannot drift apart. This script does not import gzgk and is not part of the test suite. The PDFs are printed
afterwards with ``soffice --headless --convert-to pdf NAME.docx``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Border, Font

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # duty_typeset.py: what the clean-file folders' scripts share

from duty_typeset import (  # noqa: E402
    FANGSONG,
    HEITI,
    DutyFolder,
    add_row,
    band,
    merge_text,
    new_document,
    para,
    word_table,
    xl_merged,
    xl_row,
    xl_setup,
)

_FOLDER = DutyFolder(HERE)
source_text, source_truth, printed = _FOLDER.source_text, _FOLDER.source_truth, _FOLDER.printed
write_truth, check = _FOLDER.write_truth, _FOLDER.check


# ---------------------------------------------------------------- reading the stored texts


def body_lines(name: str, begin: str, end: str) -> list[str]:
    """The non-empty lines strictly between two printed lines of a stored text."""
    ls = source_text(name).split("\n")
    i = ls.index(begin)
    j = ls.index(end, i)
    return [line for line in ls[i + 1 : j] if line.strip()]


def units_of(name: str) -> list[list[str]]:
    """The units of each task of a source truth, in order."""
    return [task["responsible"] for task in source_truth(name)["tasks"]]


def numbers_of(name: str) -> list[str]:
    """The numbers of each task of a source truth, in order."""
    return [task["number"] for task in source_truth(name)["tasks"]]


def heading_sections(
    name: str, begin: str, end: str, item_mark: str
) -> list[tuple[str, str, list[str]]]:
    """Unit-heading sections: (printed number, unit, duty lines with their printed item numbers).

    A section whose lines contain numbered items keeps only those (the sentence introducing them is not a duty); a
    section without numbered items is one duty paragraph.
    """
    sections: list[tuple[str, str, list[str]]] = []
    for line in body_lines(name, begin, end):
        if line.startswith("（") and "）" in line[:6] and not line.endswith("："):
            number, unit = line[: line.index("）") + 1], line[line.index("）") + 1 :]
            sections.append((number, unit, []))
        else:
            sections[-1][2].append(line)
    out = []
    for number, unit, lines in sections:
        items = [line for line in lines if re.match(r"\d+" + re.escape(item_mark), line)]
        if not items:
            assert len(lines) == 1, (number, lines)
            items = lines
        out.append((number, unit, items))
    return out


def subject_items(name: str, begin: str, end: str, opener: str) -> list[tuple[str, str]]:
    """Items opening with a printed number '(一)' / '（一）' / '1.': (number, text).

    A following paragraph that starts without a number belongs to the item above it (joined by a line break).
    """
    items: list[tuple[str, str]] = []
    for line in body_lines(name, begin, end):
        if opener == "." and line[0].isdigit():
            number, text = line.split(".", 1)
            items.append((number, text))
        elif opener != "." and line.startswith(opener):
            close = ")" if opener == "(" else "）"
            items.append((line[: line.index(close) + 1], line[line.index(close) + 1 :]))
        else:
            number, text = items[-1]
            items[-1] = (number, text + "\n" + line)
    return items


def assert_units_printed(units: list[list[str]], texts: list[str]) -> None:
    """Every unit put in a cell is printed in its item (or its heading)."""
    for unit_list, text in zip(units, texts, strict=True):
        for unit in unit_list:
            assert unit in text, (unit, text[:30])


# ---------------------------------------------------------------- 松江: unit headings with numbered duties (Excel)

SJ = "songjiang_2017_tingchegongxiang"


def songjiang_xlsx(stem: str) -> None:
    """松江: an Excel 职责分工表, 序号 and 责任单位 merged down over a unit's numbered duties."""
    sections = heading_sections(SJ, "四、职责分工", "五、保障措施", "．")
    rows = [(number, unit, duty) for number, unit, duties in sections for duty in duties]
    printed(SJ, *(duty for _, _, duty in rows), *(f"{n}{u}" for n, u, _ in sections))
    wb = Workbook()
    ws = wb.active
    ws.title = "职责分工"
    widths = [8, 20, 70, 10]
    xl_setup(ws, widths, landscape=False)
    ws["A1"] = "附件"
    ws["A1"].font = Font(name=HEITI, size=14)
    xl_merged(ws, 2, "松江区停车资源共享利用工作职责分工表", 4, size=16, center=True, height=34)
    for c in range(1, 5):
        ws.cell(row=2, column=c).border = Border()
    xl_row(ws, 3, ["序号", "责任单位", "工作职责", "备注"], header=True, height=26)
    r = 4
    for number, unit, duties in sections:
        first = r
        for duty in duties:
            xl_row(
                ws,
                r,
                [number if r == first else None, unit if r == first else None, duty, None],
                center=(0, 1),
                height=max(30, 15 * (len(duty) // 34 + 1)),
            )
            r += 1
        if r - first > 1:
            ws.merge_cells(f"A{first}:A{r - 1}")
            ws.merge_cells(f"B{first}:B{r - 1}")
    ws.print_title_rows = "3:3"
    ws.freeze_panes = "A4"
    wb.save(HERE / f"{stem}.xlsx")
    check(SJ, [{"responsible": [unit]} for _, unit, _ in rows])
    assert [f"{n}{d.split('．')[0]}" if "．" in d[:3] else n for n, _, d in rows] == numbers_of(SJ)
    write_truth(
        stem,
        SJ,
        "Excel .xlsx, one sheet '职责分工' (A4 portrait, fitted to the page width): '附件' in A1; a title typed by hand "
        "'松江区停车资源共享利用工作职责分工表' merged across A2:D2; header 序号 | 责任单位 | 工作职责 | 备注 (typed by hand; "
        "print title row 3, panes frozen at A4); one row per duty of the notice's 四、职责分工: the duty text verbatim "
        "with its printed item number ('1．制定有关具体操作流程…'), 序号 the heading's number ('（一）') and 责任单位 the "
        "heading's unit ('区交通委'), both MERGED DOWN over the five rows of （一）; the eight one-paragraph units "
        "（二）–（九） one row each; 备注 empty",
        "责任单位 column -> responsible; lead [] and cooperating []. number = 序号 + the duty's printed item number "
        "('（一）3'), or 序号 alone ('（六）'). Words inside a duty ('配合街镇…', '会同有关第三方企业和相关住宅小区居民委员会…') "
        "are not units of the row.",
    )


# ---------------------------------------------------------------- 长宁: subjects at the start of each item (Word)

CN = "changning_2020_xiaofangzerenzhi"
CN_LEAD = "第十条　区政府各工作部门按照职责分工依法履行消防工作责任。"


def changning_docx(stem: str) -> None:
    """长宁: a Word 职责分工表, one row per item, units typed one per line from the item's own subjects."""
    items = subject_items(CN, CN_LEAD, "第四章　单位消防安全职责", "(")
    units = units_of(CN)
    assert_units_printed(units, [text for _, text in items])
    assert [n for n, _ in items] == numbers_of(CN)
    printed(CN, CN_LEAD, *(text for _, text in items))
    doc = new_document(landscape=False)
    para(doc, "附件", center=False)
    para(doc, "长宁区政府各工作部门消防安全职责分工表", size=18)
    para(doc, CN_LEAD, size=12, font=FANGSONG, center=False)
    widths = [1.7, 3.6, 11.7]
    tab = word_table(doc, 3, widths)
    add_row(tab, ["序号", "责任单位", "消防安全职责"], widths, header=True)
    for (number, text), unit_list in zip(items, units, strict=True):
        add_row(tab, [number, "\n".join(unit_list), text], widths, center=(0, 1))
    doc.save(HERE / f"{stem}.docx")
    check(CN, [{"responsible": u} for u in units])
    write_truth(
        stem,
        CN,
        "Word .docx (A4 portrait): '附件' line, a title typed by hand '长宁区政府各工作部门消防安全职责分工表', then the "
        "notice's own sentence '第十条　区政府各工作部门按照职责分工依法履行消防工作责任。' as a paragraph above the table; "
        "three columns 序号 | 责任单位 | 消防安全职责 (header typed by hand, repeated on every page); 28 rows, 序号 the "
        "printed '(一)'–'(二十八)', 消防安全职责 the item's paragraph verbatim (it still opens with the unit: "
        "'区商务委负责…'), 责任单位 the item's subjects ONE PER LINE (Enter inside the cell: '区科委' / '区科协' / '区信息委'; "
        "'区建设管理委' / '区交通委' / '区水务局'; '区公安分局' / '公安派出所'); the table runs over several pages; the .pdf "
        "of the same name is this file printed by LibreOffice",
        "责任单位 column -> responsible (one unit per line); lead [] and cooperating []. Bodies named inside the duty "
        "text ('会同区消防救援支队', '会同有关部门', '协助市交通执法部门、区公安分局交警支队等有关部门', '通报区消防救援支队') "
        "are not units of the row. '区投促办(区金融办)' keeps its gloss; '负责公共消防设施维护管理的单位' is the unit of "
        "row (二十五) as printed (DEBATABLE).",
    )


# ---------------------------------------------------------------- 黄浦: sections, sub-headings, unit column last (Word)

HP = "huangpu_2020_xiaofangzerenzhi"
HP_S3 = "三、各街道消防工作责任"
HP_S4 = "四、区委、区政府各部委办局消防安全职责"
HP_S41 = "（一）区委、区政府各部委办局在各自职责范围内履行下列共同职责"
HP_S42 = "（二）区委、区政府各部委办局按照职责分工依法履行下列分工职责"
HP_END = "本细则自2020年6月1日起施行。各部门（单位）可结合实际建立健全相关工作机制。"


def huangpu_docx(stem: str) -> None:
    """黄浦: a landscape Word table with section rows merged across and units merged down where a heading names them."""
    s3 = subject_items(HP, HP_S3, HP_S4, "（")
    s41 = subject_items(HP, HP_S41, HP_S42, ".")
    s42 = subject_items(HP, HP_S42, HP_END, ".")
    units = units_of(HP)
    assert len(s3) + len(s41) + len(s42) == len(units) == 45
    assert [f"三{n}" for n, _ in s3] + [f"四（一）{n}" for n, _ in s41] + [
        f"四（二）{n}" for n, _ in s42
    ] == numbers_of(HP)
    assert_units_printed(
        units, [HP_S3 + t for _, t in s3] + [HP_S41 + t for _, t in s41] + [t for _, t in s42]
    )
    printed(HP, HP_S3, HP_S4, HP_S41, HP_S42, *(t for _, t in s3 + s41 + s42))
    doc = new_document(landscape=True)
    para(doc, "黄浦区消防安全责任制实施细则职责分工表", size=18)
    widths = [1.8, 19.2, 4.7]
    tab = word_table(doc, 3, widths)
    add_row(tab, ["序号", "职责内容", "责任单位"], widths, header=True)

    def rows(
        items: list[tuple[str, str]], unit_lists: list[list[str]], merge_unit: str | None
    ) -> None:
        first = len(tab.rows)
        for (number, text), unit_list in zip(items, unit_lists, strict=True):
            shown = None if merge_unit and unit_list == [merge_unit] else "、".join(unit_list)
            add_row(tab, [number, text, shown], widths, center=(0, 2))
        if merge_unit:
            same = [i for i, u in enumerate(unit_lists) if u == [merge_unit]]
            top, bottom = tab.rows[first + same[0]].cells[2], tab.rows[first + same[-1]].cells[2]
            merge_text(top.merge(bottom), merge_unit, font=FANGSONG, center=True)

    band(tab, HP_S3, widths)
    rows(s3, units[: len(s3)], "各街道")
    band(tab, HP_S4, widths)
    band(tab, HP_S41, widths)
    rows(s41, units[len(s3) : len(s3) + len(s41)], "区委、区政府各部委办局")
    band(tab, HP_S42, widths)
    rows(s42, units[len(s3) + len(s41) :], None)
    doc.save(HERE / f"{stem}.docx")
    check(HP, [{"responsible": u} for u in units])
    write_truth(
        stem,
        HP,
        "Word .docx (A4 landscape): a title typed by hand '黄浦区消防安全责任制实施细则职责分工表'; three columns 序号 | "
        "职责内容 | 责任单位 — the UNIT COLUMN LAST (header typed by hand, repeated on every page); the notice's headings "
        "as rows merged across: '三、各街道消防工作责任', '四、区委、区政府各部委办局消防安全职责', '（一）区委、区政府各部委办局"
        "在各自职责范围内履行下列共同职责', '（二）区委、区政府各部委办局按照职责分工依法履行下列分工职责'; under 三、 rows "
        "'（一）'–'（七）' with 责任单位 '各街道' MERGED DOWN over （一）–（六） (typed from the heading) and '新天地办、豫园办、"
        "田子坊办' in （七）; under 四、（一） rows '1'–'8' with '区委、区政府各部委办局' merged down over all eight; under 四、"
        "（二） rows '1'–'30', each its own units joined by '、' ('区商务委、区粮食物资储备局', '区城管执法局、外滩办、广场办、"
        "南步办'); 职责内容 the item text verbatim; the .pdf of the same name is this file printed by LibreOffice",
        "责任单位 column -> responsible; lead [] and cooperating []. number = section + printed item ('三（四）', "
        "'四（一）5', '四（二）13'): the merged rows carry the section and sub-section. '区委、区政府各部委办局' is ONE unit "
        "(two names sharing one '各部委办局', as printed in the heading); '新天地办、豫园办、田子坊办' are three. The units "
        "inside 职责内容 are the same names again (the items open with them); bodies named as partners or objects inside "
        "the text ('会同区消防救援支队', '配合区应急管理部门及消防救援支队、上海银保监局') are not units of the row.",
    )


# ---------------------------------------------------------------- 崇明: units joined by '、' in one cell (Excel)

CM = "chongming_2020_xiaofangzerenzhi"
CM_LEAD = "第十二条  区政府工作部门除履行《办法》第十三条、第十四条规定的职责外，还应当在各自职责范围内履行下列职责："


def chongming_xlsx(stem: str) -> None:
    """崇明: a landscape Excel sheet, the notice's lead-in sentence above the table, one row per item."""
    items = subject_items(CM, CM_LEAD, "第四章  单位消防安全职责", "（")
    units = units_of(CM)
    assert [n for n, _ in items] == numbers_of(CM)
    assert_units_printed(units, [text for _, text in items])
    printed(CM, CM_LEAD, *(text for _, text in items))
    wb = Workbook()
    ws = wb.active
    ws.title = "部门职责"
    widths = [8, 22, 96, 10]
    xl_setup(ws, widths, landscape=True)
    xl_merged(ws, 1, "崇明区政府工作部门消防安全职责清单", 4, size=16, center=True, height=34)
    xl_merged(ws, 2, CM_LEAD, 4, font=FANGSONG, height=30)
    xl_row(ws, 3, ["序号", "责任部门", "消防安全职责", "备注"], header=True, height=26)
    r = 4
    for (number, text), unit_list in zip(items, units, strict=True):
        xl_row(
            ws,
            r,
            [number, "、".join(unit_list), text, None],
            center=(0, 1),
            height=max(30, 15 * (len(text) // 52 + 1 + text.count("\n"))),
        )
        r += 1
    ws.print_title_rows = "3:3"
    ws.freeze_panes = "A4"
    wb.save(HERE / f"{stem}.xlsx")
    check(CM, [{"responsible": u} for u in units])
    write_truth(
        stem,
        CM,
        "Excel .xlsx, one sheet '部门职责' (A4 landscape, fitted to the page width): a title typed by hand "
        "'崇明区政府工作部门消防安全职责清单' merged across A1:D1; the notice's own lead-in sentence '第十二条  区政府工作部门"
        "除履行《办法》第十三条、第十四条规定的职责外，还应当在各自职责范围内履行下列职责：' merged across A2:D2; header 序号 "
        "| 责任部门 | 消防安全职责 | 备注 (typed by hand; print title row 3, panes frozen at A4); 32 rows, 序号 the printed "
        "'（一）'–'（三十二）', 消防安全职责 the item verbatim (row （一） holds the item's two paragraphs on two lines, "
        "Alt+Enter), 责任部门 the item's subjects joined by '、' ('区应急局、区消防救援支队', '区公安分局、公安派出所'); 备注 "
        "empty",
        "责任部门 column -> responsible; lead [] and cooperating []. Bodies named as partners or objects inside 消防安全"
        "职责 ('会同区消防救援支队', '会同相关部门', '配合有关部门') are not units of the row. '负责公共消防设施维护管理的单位' "
        "is the unit of row （三十二） as printed (DEBATABLE).",
    )


# ---------------------------------------------------------------- 虹口: unit headings with numbered duties (Word)

HK = "hongkou_2022_jianzhulaji"


def hongkou_docx(stem: str) -> None:
    """虹口: a Word 分工表 whose 序号 and 责任单位 cells are merged down over a unit's numbered duties."""
    sections = heading_sections(HK, "三、分工与职责", "四、具体措施", ".")
    rows = [(number, unit, duty) for number, unit, duties in sections for duty in duties]
    printed(HK, *(duty for _, _, duty in rows), *(f"{n}{u}" for n, u, _ in sections))
    assert [f"{n}{d.split('.')[0]}" if d[0].isdigit() else n for n, _, d in rows] == numbers_of(HK)
    doc = new_document(landscape=False)
    para(doc, "附件", center=False)
    para(doc, "虹口区建筑垃圾处置管理分工与职责表", size=18)
    widths = [1.6, 4.0, 11.4]
    tab = word_table(doc, 3, widths)
    add_row(tab, ["序号", "责任单位", "主要职责"], widths, header=True)
    for number, unit, duties in sections:
        first = len(tab.rows)
        for i, duty in enumerate(duties):
            add_row(
                tab,
                [number if i == 0 else None, unit if i == 0 else None, duty],
                widths,
                center=(0, 1),
            )
        if len(duties) > 1:
            last = len(tab.rows) - 1
            merge_text(
                tab.rows[first].cells[0].merge(tab.rows[last].cells[0]),
                number,
                font=FANGSONG,
                center=True,
            )
            merge_text(
                tab.rows[first].cells[1].merge(tab.rows[last].cells[1]),
                unit,
                font=FANGSONG,
                center=True,
            )
    doc.save(HERE / f"{stem}.docx")
    check(HK, [{"responsible": [unit]} for _, unit, _ in rows])
    write_truth(
        stem,
        HK,
        "Word .docx (A4 portrait): '附件' line and a title typed by hand '虹口区建筑垃圾处置管理分工与职责表'; three columns "
        "序号 | 责任单位 | 主要职责 (header typed by hand, repeated on every page); one row per duty of the notice's "
        "三、分工与职责: 主要职责 the duty verbatim with its printed item number ('1.组织制定建筑垃圾处置管理标准与指导意见；'), "
        "序号 the heading's number ('（一）') and 责任单位 the heading's unit as printed ('虹口区绿化和市容管理局'), both "
        "MERGED DOWN over the unit's duties (8, 5, 4, 6, 2, 8, 5 and 5 rows); the one-paragraph units （五）（九）（十一） one "
        "row each; the sentence introducing each unit's duties ('区绿化市容局是本区建筑垃圾处理的主管部门，…主要履行以下"
        "职责：') is left out; the table runs over several pages; the .pdf of the same name is this file printed by "
        "LibreOffice",
        "责任单位 column -> responsible; lead [] and cooperating []. number = 序号 + the duty's printed item number "
        "('（七）5'), or 序号 alone ('（五）'). '区中标的道路运输单位和作业服务单位' is ONE unit (its cell, merged over "
        "（十）1–5, although items 1, 2 and 5 name one of the two kinds: DEBATABLE). Names inside a duty (objects, "
        "partners) are not units of the row.",
    )


def main() -> None:
    """Build every file of the set and its truth."""
    songjiang_xlsx(SJ)
    changning_docx(CN)
    huangpu_docx(HP)
    chongming_xlsx(CM)
    hongkou_docx(HK)


if __name__ == "__main__":
    main()
