"""A notice's head under a web page's wrapping: the page's box of facts and chrome are not its title.

Pages print an information box above a notice (索引号, 发布机构, 文号, 成文日期 …) in
many shapes, with breadcrumbs, counters and buttons around it; a Markdown copy opens
with front matter. Each shape below wraps the same notice, and the notice's title,
document number, issuer and date come out the same, its tasks untouched.
"""

from __future__ import annotations

import datetime as dt

import pytest

from gzgk import parse_text

TITLE = "临川县人民政府办公室关于印发2024年重点工作责任分解的通知"
NUMBER = "临府办发〔2024〕7号"
ISSUER = "临川县人民政府办公室"
SIGNED = dt.date(2024, 3, 8)

BODY = """各乡镇人民政府，县政府各部门：
现将《2024年重点工作责任分解》印发给你们，请认真抓好落实。
一、推进政务公开标准化建设
牵头单位：县政府办公室
责任单位：县财政局、县司法局
二、做好政策解读工作
牵头单位：县发改委
责任单位：各乡镇人民政府
"""

# The shapes a page gives the head: each is printed above the title line (or instead of it).
HEADS = {
    "front matter": f"---\n标题: {TITLE}\n文号: {NUMBER}\n发布单位: {ISSUER}\n"
    f"发布日期: 2024-03-11\n状态: 有效\n---\n\n> 本文由脚本整理。\n\n# {TITLE}\n",
    "pipe box": f"索引号: | 0012/2024-35 | 成文日期: | 2024-03-08 |\n文件编号: | {NUMBER} | "
    f"组配分类: | 政府办文件 |\n发布机构: | {ISSUER} | 有效性: |\n{TITLE} |\n||\n|\n",
    "pairs on a line": f"索引号: 0012/2024-35 成文日期: 2024-03-08\n发布机构: {ISSUER} "
    f"公开方式: 主动公开\n文件编号: {NUMBER} 统一编号:\n\n{TITLE}\n\n"
    "发布日期:2024-03-11 14:35 浏览次数: 信息来源:县政府办公室 字体:[ ]\n分享:\n",
    "bracket keys": f"您现在的位置:首页 >> 政务公开 >> 文件\n{TITLE}\n【字体:\n"
    f"【发布部门】 {ISSUER}\n【发文字号】 {NUMBER}\n【发布日期】 2024-03-11\n【时效性】 现行有效\n"
    f"{TITLE}\n",
    "bulleted box": f"{TITLE}\n\n  • 索引号:0012/2024-35\n  • 发布机构:{ISSUER}\n"
    f"  • 成文日期:2024-03-08\n  • 文号:{NUMBER}\n  • {TITLE}\n",
    "letter-spaced, no colons": f"当前位置首页\n> 政务公开 > 法定主动公开内容 > 文件\n"
    f"索  引  号 0012/2024-35 公开方式 主动公开\n发布机构 {ISSUER} 组配分类 政府办文件\n"
    f"成文日期 2024-03-08 废止日期\n文    号 {NUMBER}\n有效性\n{TITLE}\n",
    "colonless pipe box": f"发文机关 | 成文日期 | 2024-03-08 | |\n发文字号 | {NUMBER} | "
    f"发布日期 | 2024-03-11 |\n{TITLE}\n",
    "chrome and a title twice": "- 设为首页\n- 加入收藏\n- 无障碍阅读\n- 长者版\n\n"
    f"名 称: {TITLE}\n索 引 号: 0012/2024-35 发布日期: 2024-03-11 发布机构: {ISSUER}\n"
    f"文 号: {NUMBER} 文件分类: 综合政务 所属机构:\n{TITLE}\n"
    "临川县人民政府办公室\n关于印发2024年重点工作责任分解的\n通 知\n",
}


def _signed(text: str) -> str:
    return f"{text}\n{BODY}\n临川县人民政府办公室\n2024年3月8日\n"


@pytest.mark.parametrize("shape", HEADS)
def test_a_page_head_gives_the_notice_its_title_and_facts(shape: str) -> None:
    """Title, number, date and recipients as the notice prints them; the tasks untouched."""
    result = parse_text(_signed(HEADS[shape]))
    notice = result.notice
    assert notice.title == TITLE
    assert notice.doc_number == NUMBER
    assert notice.issued_on == SIGNED
    assert notice.recipients == ("各乡镇人民政府", "县政府各部门")
    assert [(task.number, task.lead, task.responsible) for task in notice.tasks] == [
        ("一", ("县政府办公室",), ("县财政局", "县司法局")),
        ("二", ("县发改委",), ("各乡镇人民政府",)),
    ]


@pytest.mark.parametrize("shape", [shape for shape in HEADS if shape != "colonless pipe box"])
def test_the_box_names_the_issuer_the_head_does_not_print(shape: str) -> None:
    """The box's issuer stands in (the colonless box leaves 发文机关 empty and names none)."""
    assert parse_text(_signed(HEADS[shape])).notice.issuer == ISSUER


def test_a_box_is_read_only_where_its_keys_are_a_box_s() -> None:
    """A line that opens with an ordinary word and a colon is the notice's, not a box."""
    text = f"{TITLE}\n{NUMBER}\n说明：本通知自印发之日起施行。\n{BODY}"
    notice = parse_text(text).notice
    assert notice.title == TITLE
    assert notice.doc_number == NUMBER
    assert notice.issuer == ""


def test_a_head_without_a_title_stays_without_one() -> None:
    """Nothing in the box names a title and the page prints none: the title is left empty."""
    text = f"文号 | {NUMBER} | 索引号 | 0012/2024-35 | 关键词 | |\n主题分类 | 政府办文件 |\n{BODY}"
    notice = parse_text(text).notice
    assert notice.title == ""
    assert notice.doc_number == NUMBER
