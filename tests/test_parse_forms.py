"""Each form a notice prints its assignments in, pinned on a small hand-made text or sheet.

One test a form: label lines, inline labels, unlabelled verb forms, numbered
lists at several levels, notice-wide rules, web tables, HTML, Traditional
characters, spreadsheet grids and PDF tables. Each asserts the exact units of
every role, the numbers, the sections and the exact issue codes. Tests marked
``xfail(strict=True)`` pin parser bugs: the reason says what goes wrong.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from support.text import wrap

from gzgk import Registry, parse_grid, parse_text, read_notice
from gzgk.model import Task
from gzgk.parse import ParseResult

REGISTRY = Registry.bundled()
COUNTIES = "各县（市、区）人民政府"
HEAD = "关于印发任务分工的通知\n各县（市、区）人民政府，市政府各部门：\n现将任务分工如下，请认真贯彻落实。\n"


def parse(text: str) -> ParseResult:
    """Parse text without any registry hint."""
    return parse_text(text, source="notice.txt")


def parse_known(text: str) -> ParseResult:
    """Parse text with the bundled registry as the name hint, as the CLI does."""
    return parse_text(text, source="notice.txt", known=lambda name: REGISTRY.find(name) is not None)


def units(task: Task) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(lead, responsible, cooperating) of a task."""
    return task.lead, task.responsible, task.cooperating


def codes(result: ParseResult) -> list[tuple[object, ...]]:
    """(code, task) of every issue, in order."""
    return result.flatten("code", "task")


def every_name(task: Task) -> tuple[str, ...]:
    """Every unit name of a task, any role."""
    return task.lead + task.responsible + task.cooperating + task.informed


# -- label lines --------------------------------------------------------------


def test_label_lines_under_numbered_tasks() -> None:
    """``牵头单位：`` / ``责任单位：`` / ``配合单位：`` lines, each under its numbered task."""
    result = parse(
        HEAD + "（一）加强政策解读。坚持同步发布解读材料。\n"
        "牵头单位：市政府办公室\n"
        "责任单位：各县（市、区）人民政府，市政府有关部门\n"
        "配合单位：市财政局、市司法局\n"
        "（二）推进数据开放。编制公共数据开放目录。\n"
        "牵头单位：市发改委\n"
        "责任单位：市数据局\n"
    )
    assert codes(result) == []
    first, second = result.notice.tasks
    assert (first.number, first.title, first.content) == (
        "一",
        "加强政策解读",
        "坚持同步发布解读材料。",
    )
    assert units(first) == (
        ("市政府办公室",),
        (COUNTIES, "市政府有关部门"),
        ("市财政局", "市司法局"),
    )
    assert (second.number, second.title, second.content) == (
        "二",
        "推进数据开放",
        "编制公共数据开放目录。",
    )
    assert units(second) == (("市发改委",), ("市数据局",), ())
    assert result.notice.preamble == "现将任务分工如下，请认真贯彻落实。"


def test_leader_label_names_a_person_never_a_unit() -> None:
    """``牵头负责领导：张三`` fills the leaders; the person is no unit of any role."""
    result = parse(
        HEAD + "1.地区生产总值增长7%以上。力争更好结果。\n"
        "牵头负责领导：张三。\n"
        "牵头责任单位：市发改委。\n"
        "2.固定资产投资增长10%以上。奋力完成得更快一些。\n"
        "分管领导：李四、王五\n"
        "牵头单位：市住建局\n"
    )
    assert codes(result) == []
    first, second = result.notice.tasks
    assert first.leaders == ("张三",)
    assert second.leaders == ("李四", "王五")
    assert units(first) == (("市发改委",), (), ())
    assert units(second) == (("市住建局",), (), ())
    assert "张三" not in first.content


def test_xietong_zeren_label_is_cooperating() -> None:
    """``协同责任单位：`` names cooperating units; no lead named 协同 appears."""
    result = parse(
        HEAD + "1.社会消费品零售总额增长9%左右。\n"
        "牵头责任单位：市商务局。\n"
        "协同责任单位：市发改委、市财政局等。\n"
    )
    assert codes(result) == []
    [task] = result.notice.tasks
    assert units(task) == (("市商务局",), (), ("市发改委", "市财政局"))
    assert not any("协同" in name for name in every_name(task))


def test_shudi_zeren_label_is_responsible() -> None:
    """属地责任: the places' governments answer for the task where they are: responsible."""
    result = parse(
        HEAD + "一、加快推动实施楼市政策\n各地精心组织，确保政策落实落细。\n"
        "属地责任:各县人民政府\n责任单位:市住建局、市财政局\n"
    )
    (task,) = result.notice.tasks
    assert task.responsible == ("各县人民政府", "市住建局", "市财政局")


def test_fuze_danwei_label_is_responsible() -> None:
    """``负责单位：市司法局`` names 市司法局 as responsible (not a unit called 负责…)."""
    result = parse(HEAD + "（一）健全意见征集机制。公开意见采纳情况。\n负责单位：市司法局\n")
    [task] = result.notice.tasks
    assert units(task) == ((), ("市司法局",), ())
    assert codes(result) == [("notice-no-lead", None)]


def test_qiantou_zeren_label_is_lead() -> None:
    """``牵头责任单位：`` is a lead label: the unit is a lead, and no 牵头 is left anywhere."""
    result = parse(
        HEAD
        + "（一）推进公共数据开放。编制开放目录。\n牵头责任单位：市发改委\n责任单位：市数据局\n"
    )
    assert codes(result) == []
    [task] = result.notice.tasks
    assert units(task) == (("市发改委",), ("市数据局",), ())
    assert "牵头" not in task.content + task.title
    assert not any("牵头" in name for name in every_name(task))


def test_zhuyao_zeren_label_is_responsible_by_default() -> None:
    """``主要责任单位`` is read as responsible (the printed word is 责任)."""
    result = parse(HEAD + "（一）加强教育信息公开。做好招生政策公开。\n主要责任单位：市教育局\n")
    [task] = result.notice.tasks
    assert units(task) == ((), ("市教育局",), ())
    assert codes(result) == [("notice-no-lead", None)]


def test_unknown_label_ending_in_known_word_is_guessed() -> None:
    """``具体落实责任单位：`` is read as 责任单位, with a warning naming the task and the label."""
    result = parse(
        HEAD + "（一）加强政策解读。坚持同步发布。\n牵头单位：市政府办公室\n"
        "（二）推进数据开放。编制开放目录。\n牵头单位：市发改委\n具体落实责任单位：市数据局\n"
    )
    assert result.valid
    assert codes(result) == [("role-word-guessed", "二")]
    assert "具体落实责任单位" in result.issues[0].message
    assert "责任单位" in result.issues[0].message
    assert units(result.notice.tasks[1]) == (("市发改委",), ("市数据局",), ())


def test_content_after_label_lines_stays_in_its_task() -> None:
    """A content line after the label lines of a task that is not the last stays in it."""
    result = parse(
        HEAD + "（一）加强政策解读。坚持同步发布解读材料。\n"
        "牵头单位：市政府办公室\n"
        "责任单位：各县（市、区）人民政府\n"
        "重大政策解读率达到百分之百。\n"
        "（二）推进数据开放。编制公共数据开放目录。\n"
        "牵头单位：市发改委\n"
    )
    assert codes(result) == []
    first, second = result.notice.tasks
    assert first.content == "坚持同步发布解读材料。重大政策解读率达到百分之百。"
    assert "重大政策解读率" not in result.notice.preamble
    assert "重大政策解读率" not in second.content
    assert units(first) == (("市政府办公室",), (COUNTIES,), ())


# -- inline labels --------------------------------------------------------------


def test_inline_labels_full_width_comma_between_fields() -> None:
    """``（牵头单位：X，责任单位：Y）``: the comma between fields is no part of a name."""
    result = parse(
        HEAD + "（一）推进工业互联网发展。加快企业上云。"
        "（牵头单位：市工信局，责任单位：各县（市、区）人民政府）\n"
    )
    assert codes(result) == []
    [task] = result.notice.tasks
    assert units(task) == (("市工信局",), (COUNTIES,), ())
    assert (task.title, task.content) == ("推进工业互联网发展", "加快企业上云。")


def test_inline_labels_ascii_with_trailing_deng() -> None:
    """``(牵头单位:X;责任单位:Y、Z等)``: ASCII punctuation; the trailing 等 is not in the name."""
    result = parse(
        HEAD + "1.地区生产总值增长6%。(牵头单位:县发展和改革局)\n"
        "2.加强招商引资。优化招商机制。(牵头单位:县商务局;责任单位:县发展和改革局、县财政局等)\n"
    )
    assert codes(result) == []
    first, second = result.notice.tasks
    assert (first.number, second.number) == ("1", "2")
    assert units(first) == (("县发展和改革局",), (), ())
    assert units(second) == (("县商务局",), ("县发展和改革局", "县财政局"), ())


@pytest.mark.parametrize(
    ("opener", "closer", "colon", "between"),
    [
        ("【", "】", "：", "；"),
        ("[", "]", ":", ";"),
        ("（", "）", "：", "，"),
        ("(", ")", ":", ","),
    ],
)
def test_inline_labels_in_other_brackets(
    opener: str, closer: str, colon: str, between: str
) -> None:
    """【】 and [] hold labels as （） and () do, with ；;，, between fields."""
    result = parse(
        HEAD + f"（一）优化营商环境。压减审批时限。{opener}牵头单位{colon}市行政审批局{between}"
        f"配合单位{colon}市司法局、市财政局{closer}\n"
    )
    assert codes(result) == []
    [task] = result.notice.tasks
    assert units(task) == (("市行政审批局",), (), ("市司法局", "市财政局"))
    assert task.content == "压减审批时限。"


@pytest.mark.parametrize(
    "collective",
    [
        "各县（市、区）人民政府",
        "各县、市、区政府",
        "各乡镇人民政府、街道办事处",
        "省政府各部门、各直属机构",
    ],
)
def test_collective_names_stay_whole(collective: str) -> None:
    """A collective name with 、 inside is one unit, after another name in the same field."""
    result = parse(
        HEAD
        + f"（一）深化改革。推进简政放权。（牵头单位：市发改委；责任单位：市财政局、{collective}）\n"
    )
    [task] = result.notice.tasks
    assert units(task) == (("市发改委",), ("市财政局", collective), ())


def test_shizhi_youguan_bumen_danwei_is_one_unit() -> None:
    """``市直有关部门、单位`` is one collective name; a bare 单位 is no unit."""
    result = parse(
        HEAD + "（一）强化保障。落实经费。（牵头单位：市财政局；责任单位：市直有关部门、单位）\n"
    )
    [task] = result.notice.tasks
    assert units(task) == (("市财政局",), ("市直有关部门、单位",), ())


def test_two_collectives_in_one_field_are_two_units() -> None:
    """Two collective names joined by 、 are two units."""
    result = parse(
        HEAD + "（一）加强政策解读。坚持同步发布。"
        "（牵头单位：市政府办公室；责任单位：市政府各部门、各县（市、区）人民政府）\n"
    )
    [task] = result.notice.tasks
    assert units(task) == (("市政府办公室",), ("市政府各部门", COUNTIES), ())


# -- unlabelled verb forms -----------------------------------------------------


def test_verb_form_lead_and_cooperating() -> None:
    """``（X牵头，Y、Z配合）``."""
    result = parse(
        HEAD + "1、落实产销衔接政策。推动企业用电直供。（市发改委牵头，市工信局、市财政局配合）\n"
    )
    assert codes(result) == []
    [task] = result.notice.tasks
    assert task.number == "1"
    assert units(task) == (("市发改委",), (), ("市工信局", "市财政局"))
    assert (task.title, task.content) == ("落实产销衔接政策", "推动企业用电直供。")


def test_verb_form_deng_fuze_is_responsible() -> None:
    """``（X、Y等负责）``: responsible, no lead; 等 is not in the name."""
    result = parse(HEAD + "1、发展文化产业。继续抓好重大文化项目。（市文广旅局、市商务局等负责）\n")
    [task] = result.notice.tasks
    assert units(task) == ((), ("市文广旅局", "市商务局"), ())
    assert codes(result) == [("notice-no-lead", None)]


def test_verb_form_qiantou_fuze_is_lead() -> None:
    """``(X牵头负责)`` is a lead."""
    result = parse(
        HEAD + "1、培育新型农业经营主体。引导土地经营权有序流转。(市农业农村局牵头负责)\n"
    )
    assert codes(result) == []
    [task] = result.notice.tasks
    assert units(task) == (("市农业农村局",), (), ())
    assert "牵头" not in task.content


def test_verb_sentence_you_x_fuze_y_peihe() -> None:
    """``由X负责，Y配合。`` as a sentence of its own after the task's text."""
    result = parse(HEAD + "1、建设粮食基地。加快整县推进。由市农业农村局负责，市水利局配合。\n")
    [task] = result.notice.tasks
    assert units(task) == ((), ("市农业农村局",), ("市水利局",))
    assert task.content == "加快整县推进。"
    assert codes(result) == [("notice-no-lead", None)]


def test_prose_naming_a_unit_is_not_an_assignment() -> None:
    """``由市政府授权市工商质监局公布目录`` is prose: it stays in the content, assigns nobody."""
    result = parse(
        HEAD + "1、公布审批目录。由市政府授权市工商质监局公布市级目录。(市发改委牵头)\n"
        "2、清理中介服务。规范中介收费行为。(市财政局牵头)\n"
    )
    assert codes(result) == []
    first, _ = result.notice.tasks
    assert units(first) == (("市发改委",), (), ())
    assert first.content == "由市政府授权市工商质监局公布市级目录。"


# -- numbering at several levels -------------------------------------------------


def test_dun_sections_above_paren_tasks_numbered_on() -> None:
    """一、 headings above （一） tasks numbered on across sections: plain numbers, sections kept."""
    result = parse(
        HEAD + "一、政策解读\n"
        "（一）深化政策解读。坚持同步发布。（牵头单位：市政府办公室）\n"
        "（二）健全意见征集机制。公开采纳情况。（牵头单位：市司法局）\n"
        "二、数据开放\n"
        "（三）推进公共数据开放。编制开放目录。（牵头单位：市发改委）\n"
    )
    assert codes(result) == []
    tasks = result.notice.tasks
    assert [(t.number, t.section, t.title) for t in tasks] == [
        ("一", "一、政策解读", "深化政策解读"),
        ("二", "一、政策解读", "健全意见征集机制"),
        ("三", "二、数据开放", "推进公共数据开放"),
    ]
    assert [t.lead for t in tasks] == [("市政府办公室",), ("市司法局",), ("市发改委",)]
    assert "政策解读" not in result.notice.preamble


@pytest.mark.parametrize("restart", [False, True])
def test_a_notice_printed_as_one_paragraph_keeps_the_tasks_after_a_heading(restart: bool) -> None:
    """一、…(一)…（X）二、heading(三)…: the heading run in after a bracket and its first task."""
    second = "（一）" if restart else "（三）"
    result = parse(
        HEAD + "现制定如下措施: 一、有序去库存(一)推行购房补贴。给予补贴。(责任单位:市财政局)"
        "(二)优化公积金贷款。提高额度。(责任单位:市公积金中心)二、稳步调结构,科学优化增量住房"
        f"{second}发展高品质住房。优化设计。(责任单位:市住建局)"
        f"{'（二）' if restart else '（四）'}调整用地规划条件。允许调整。(责任单位:市自然资源局)\n"
    )
    tasks = result.notice.tasks
    assert [t.responsible for t in tasks] == [
        ("市财政局",),
        ("市公积金中心",),
        ("市住建局",),
        ("市自然资源局",),
    ]
    assert tasks[2].title == "发展高品质住房"
    assert tasks[2].section.startswith("二、稳步调结构")
    assert [code for code, _ in codes(result)] == ["notice-no-lead"]


def test_numbers_restarting_under_each_section_are_qualified() -> None:
    """（一） restarting under each 一、 heading: numbers qualified by the heading, ``一.二``."""
    result = parse(
        HEAD + "一、持续减少审批事项\n"
        "（一）深化商事制度改革。推进多证合一。（牵头单位：市市场监管局）\n"
        "（二）清理规范中介服务。公布中介服务清单。（牵头单位：市发改委）\n"
        "二、提升政务服务效能\n"
        "（一）推行一网通办。提高网上办理比例。（牵头单位：市行政审批局）\n"
    )
    assert codes(result) == []
    assert [(t.number, t.section, t.lead) for t in result.notice.tasks] == [
        ("一.一", "一、持续减少审批事项", ("市市场监管局",)),
        ("一.二", "一、持续减少审批事项", ("市发改委",)),
        ("二.一", "二、提升政务服务效能", ("市行政审批局",)),
    ]


@pytest.mark.parametrize("gap", ["　", " ", "：", "、"])
def test_articles_are_tasks_numbered_as_printed(gap: str) -> None:
    """``第一条　标题。……（牵头单位：X）`` items, one a line or run in: tasks ``第一条`` ….

    A sentence about an article (``第二条中……``) is no item of its own.
    """
    result = parse(
        HEAD + f"第一条{gap}优化土地出让条件。分期缴纳出让价款。（牵头单位：市自然资源和规划局）"
        f"第二条{gap}落实税收优惠政策。依法延期缴纳税款。(牵头单位:国家税务总局某某市税务局)\n"
        f"第三条{gap}做好金融信贷支持。下调首套住房贷款利率下限。（牵头单位：人行某某市分行）\n"
        "第二条中“延期缴纳”条款待市政府决策后执行，其余条款有效期至2024年12月31日。\n"
    )
    assert codes(result) == []
    assert [(t.number, t.title, t.lead) for t in result.notice.tasks] == [
        ("第一条", "优化土地出让条件", ("市自然资源和规划局",)),
        ("第二条", "落实税收优惠政策", ("国家税务总局某某市税务局",)),
        ("第三条", "做好金融信贷支持", ("人行某某市分行",)),
    ]


def test_run_in_sub_items_under_arabic_items() -> None:
    """``1.标题。(1)甲。(X牵头)(2)乙。(Y牵头)`` on one line: the (1) (2) items are the tasks."""
    result = parse(
        HEAD + "一、持续减少审批事项\n"
        "1.深化商事制度改革。(1)全面落实多证合一改革。(市市场监管局牵头)"
        "(2)推进企业简易注销。(市税务局牵头)\n"
        "2.清理规范中介服务。(1)公布中介服务目录。(市发改委牵头)\n"
    )
    assert codes(result) == []
    tasks = result.notice.tasks
    assert [(t.number, t.section, t.content, t.lead) for t in tasks] == [
        ("1.1", "一、持续减少审批事项 › 1.深化商事制度改革", "全面落实多证合一改革。", ("市市场监管局",)),
        ("1.2", "一、持续减少审批事项 › 1.深化商事制度改革", "推进企业简易注销。", ("市税务局",)),
        ("2.1", "一、持续减少审批事项 › 2.清理规范中介服务", "公布中介服务目录。", ("市发改委",)),
    ]  # fmt: skip


def test_run_in_sub_items_of_one_item_keep_their_own_numbers() -> None:
    """Sub-items under a single numbered item are numbered ``1``, ``2`` (no clash to qualify)."""
    result = parse(
        HEAD + "1.深化商事制度改革。(1)全面落实多证合一改革。(市市场监管局牵头)"
        "(2)推进企业简易注销。(市税务局牵头)\n"
    )
    assert codes(result) == []
    assert [(t.number, t.section, t.lead) for t in result.notice.tasks] == [
        ("1", "1.深化商事制度改革", ("市市场监管局",)),
        ("2", "1.深化商事制度改革", ("市税务局",)),
    ]


def test_sub_items_under_two_sections_keep_every_task() -> None:
    """一、 › 1. › (1) and 二、 › 1. › (1): every task kept, numbers unique, no error."""
    result = parse(
        HEAD + "一、持续减少审批事项\n"
        "1.深化商事制度改革。(1)全面落实多证合一改革。(市市场监管局牵头)"
        "(2)推进企业简易注销。(市税务局牵头)\n"
        "2.清理规范中介服务。(1)公布中介服务目录。(市发改委牵头)\n"
        "二、提升政务服务效能\n"
        "1.推行一网通办。(1)提高网上办理比例。(市行政审批局牵头)\n"
    )
    assert result.valid, codes(result)
    tasks = result.notice.tasks
    assert [t.lead for t in tasks] == [
        ("市市场监管局",),
        ("市税务局",),
        ("市发改委",),
        ("市行政审批局",),
    ]
    assert len({t.number for t in tasks}) == 4
    assert tasks[3].section == "二、提升政务服务效能 › 1.推行一网通办"


# -- tasks that cannot be read ---------------------------------------------------


def test_task_without_units_is_kept_with_an_error() -> None:
    """A task with no units stays, by its number and raw text, with an error naming it."""
    result = parse(
        HEAD + "（一）加强政策解读。坚持同步发布。（牵头单位：市政府办公室）\n"
        "（二）健全意见征集机制。制定涉企政策应当听取意见。\n"
        "（三）推进数据开放。编制开放目录。（牵头单位：市发改委）\n"
    )
    assert not result.valid
    assert codes(result) == [("task-units-unparsable", "二")]
    assert "健全意见征集机制" in result.issues[0].message
    assert [t.number for t in result.notice.tasks] == ["一", "二", "三"]
    second = result.notice.tasks[1]
    assert (second.title, second.content) == ("健全意见征集机制", "制定涉企政策应当听取意见。")
    assert every_name(second) == ()
    assert result.notice.tasks[2].lead == ("市发改委",)


# -- notice-wide rules ------------------------------------------------------------


def test_rule_in_preamble_adds_the_unit_to_every_task() -> None:
    """``以下任务均需各县（市、区）人民政府落实`` adds the unit where a task lacks it, said once."""
    result = parse(
        "关于印发任务分工的通知\n各县（市、区）人民政府，市政府各部门：\n"
        "现将任务分工如下。以下任务均需各县（市、区）人民政府落实，不再一一列出。\n"
        "（一）加强政策解读。坚持同步发布。（牵头单位：市政府办公室）\n"
        "（二）推进数据开放。编制开放目录。（牵头单位：市发改委；责任单位：各县（市、区）人民政府）\n"
        "（三）加强教育公开。做好招生政策公开。（牵头单位：市教育局；配合单位：市财政局）\n"
    )
    assert codes(result) == [("notice-rule-applied", None)]
    message = result.issues[0].message
    assert "以下任务均需各县（市、区）人民政府落实" in message
    assert "（一、三）" in message
    assert [units(t) for t in result.notice.tasks] == [
        (("市政府办公室",), (COUNTIES,), ()),
        (("市发改委",), (COUNTIES,), ()),
        (("市教育局",), (COUNTIES,), ("市财政局",)),
    ]


# -- web tables --------------------------------------------------------------------

WEB_PIPED = """2024年重点工作任务分解表
序号 |
重点工作任务 |
分管领导 |
建设地点 |
牵头单位 |
责任单位 |
|
1 |
扩大托育供给。新增托位400个以上。 |
张 伟 |
城关镇 |
县教育局 |
县卫健委、县财政局 |
|
2 |
推进城市更新。改造老旧小区3个。 |
李明、王芳 |
城北街道 |
县住建局 |
各镇人民政府 |
|
"""


def _check_web_table(result: ParseResult) -> None:
    assert codes(result) == [("column-ignored", None)]
    assert "建设地点" in result.issues[0].message
    first, second = result.notice.tasks
    assert (first.number, first.title, first.content) == (
        "1",
        "扩大托育供给",
        "新增托位400个以上。",
    )
    assert first.leaders == ("张伟",)
    assert units(first) == (("县教育局",), ("县卫健委", "县财政局"), ())
    assert (second.number, second.title, second.leaders) == ("2", "推进城市更新", ("李明", "王芳"))
    assert units(second) == (("县住建局",), ("各镇人民政府",), ())
    places = ("城关镇", "城北街道")
    assert not any(
        place in every_name(t) or place in t.content for t in (first, second) for place in places
    )


def _web_variant(variant: str) -> str:
    lines = WEB_PIPED.splitlines()
    if variant in ("ends", "plain"):  # no lone | lines: rows start at the 序号 numbers
        lines = [line for line in lines if line.strip() != "|"]
    if variant == "plain":
        lines = [line.removesuffix(" |") for line in lines]
    return "\n".join(lines)


@pytest.mark.parametrize("variant", ["piped", "ends", "plain"])
def test_web_table_one_cell_a_line(variant: str) -> None:
    """A web table one cell a line; leaders kept, the place column reported, never units.

    Cells end in `` |`` with rows split by a lone ``|`` (piped), or end in `` |``
    only (ends), or are bare (plain), rows then starting at the 序号 numbers.
    The 分管领导 column is kept as leaders; the 建设地点 column is reported and
    never read as units.
    """
    text = _web_variant(variant)
    assert ("|" in text) is (variant != "plain")
    assert ("\n|\n" in text) is (variant == "piped")
    _check_web_table(parse(text))


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_web_table_unit_cell_of_many_lines_stays_one_cell(gap: str) -> None:
    """A 责任单位 cell of six names with their roles, a line each, flattened: one cell.

    One cell a line, or cells a blank line apart: the names go to the task
    they stand under, each with its role, and the next row is untouched.
    """
    cells = [
        "序号", "主要任务", "任务内容", "责任单位",
        "1", "强化督促检查", "制定涉企政策应当听取企业和行业协会的意见。",
        "市民政局（牵头）\n市发改委（牵头）\n市商务局\n市审计局\n市医保局（配合）\n市人社局（配合）",
        "2", "深化商事制度改革", "持续压减审批时限。", "市住建局牵头\n市财政局负责",
    ]  # fmt: skip
    text = "关于任务分工的通知\n各单位：\n" + gap.join(cells) + "\n请于12月10日前报送。\n"
    result = parse(text)
    assert [issue.code for issue in result.issues if issue.is_error] == []
    first, following = result.notice.tasks
    assert (first.number, first.title) == ("1", "强化督促检查")
    assert units(first) == (
        ("市民政局", "市发改委"),
        ("市商务局", "市审计局"),
        ("市医保局", "市人社局"),
    )
    assert (following.number, units(following)) == ("2", (("市住建局",), ("市财政局",), ()))


def test_web_table_row_without_its_unit_cell_takes_the_row_above() -> None:
    """A row printing no unit cell takes the units of the row above, said; later rows untouched.

    A merged cell is printed in its first row only.
    """
    result = parse(
        "序号\n任务内容\n责任单位\n"
        "1\n新增托位400个以上。\n县教育局\n"
        "2\n改造老旧小区3个。\n"
        "3\n建设口袋公园5个。\n县城管局、各镇人民政府\n"
    )
    assert [t.number for t in result.notice.tasks] == ["1", "2", "3"]
    assert codes(result) == [("units-from-row-above", "2"), ("notice-no-lead", None)]
    assert "县教育局" in result.issues[0].message
    assert result.notice.tasks[1].content == "改造老旧小区3个。"
    assert result.notice.tasks[1].responsible == ("县教育局",)
    assert result.notice.tasks[2].responsible == ("县城管局", "各镇人民政府")


def test_web_table_piped_row_without_unit_cells_takes_the_row_above() -> None:
    """With ``|`` rows, a row without both unit cells takes both from the row above, said."""
    result = parse(
        "序号 |\n任务内容 |\n牵头单位 |\n责任单位 |\n|\n"
        "1 |\n新增托位400个以上。 |\n县教育局 |\n县卫健委 |\n|\n"
        "2 |\n改造老旧小区3个。 |\n|\n"
        "3 |\n建设口袋公园5个。 |\n县城管局 |\n各镇人民政府 |\n|\n"
    )
    assert codes(result) == [("units-from-row-above", "2")]
    assert [(t.number, units(t)) for t in result.notice.tasks] == [
        ("1", (("县教育局",), ("县卫健委",), ())),
        ("2", (("县教育局",), ("县卫健委",), ())),
        ("3", (("县城管局",), ("各镇人民政府",), ())),
    ]


def test_web_table_last_row_cut_short_is_an_error_not_a_guess() -> None:
    """The last row of a text cut short keeps no units from the row above: it is an error."""
    result = parse(
        "序号\n任务内容\n牵头单位\n责任单位\n"
        "1\n新增托位400个以上。\n县教育局\n县卫健委\n"
        "2\n建设口袋公园5个。\n县城管局\n各镇人民政府\n"
        "3\n改造老旧小区3个。\n"
    )
    assert [t.number for t in result.notice.tasks] == ["1", "2", "3"]
    assert ("task-units-unparsable", "3") in codes(result)
    assert every_name(result.notice.tasks[2]) == ()
    assert units(result.notice.tasks[1]) == (("县城管局",), ("各镇人民政府",), ())


@pytest.mark.parametrize("piped", [True, False])
def test_text_after_a_web_table_is_not_a_task(piped: bool) -> None:
    """The notice's closing text under a web table is not a cell of it."""
    end = " |" if piped else ""
    cells = [
        "序号", "主要任务", "牵头单位", "责任单位",
        "1", "加强政策解读。坚持同步发布。", "市政府办公室", COUNTIES,
        "2", "推进数据开放。编制开放目录。", "市发改委", "市数据局、市财政局",
    ]  # fmt: skip
    lines = []
    for index, cell in enumerate(cells):
        if piped and index % 4 == 0:
            lines.append("|")
        lines.append(cell + end)
    lines += ["|"] if piped else []
    result = parse("\n".join([*lines, "请各单位于2025年6月30日前报送落实情况。"]))
    assert result.valid, codes(result)
    assert [t.number for t in result.notice.tasks] == ["1", "2"]
    assert units(result.notice.tasks[1]) == (("市发改委",), ("市数据局", "市财政局"), ())


# -- HTML ----------------------------------------------------------------------------


def test_html_paragraphs() -> None:
    """``<p>`` paragraphs: tags go, entities are decoded, inline labels and verbs are read."""
    result = parse(
        "<html><body><p>各县（市、区）人民政府：</p>\n<p>现将任务分工如下&mdash;请认真落实。</p>\n"
        "<p>（一）加强政策解读。坚持同步发布。（牵头单位：市政府办公室；责任单位：各县（市、区）人民政府）</p>\n"
        "<p>（二）推进数据开放。编制开放目录。（市数据局牵头，市财政局配合）</p>\n</body></html>"
    )
    assert codes(result) == []
    assert result.notice.preamble == "现将任务分工如下—请认真落实。"
    first, second = result.notice.tasks
    assert units(first) == (("市政府办公室",), (COUNTIES,), ())
    assert units(second) == (("市数据局",), (), ("市财政局",))
    assert "<" not in first.content + second.content


def test_html_table() -> None:
    """A ``<table><tr><td>`` table is read as a table, the ``<p>`` before it as the preamble."""
    result = parse(
        "<p>现将任务分工如下。</p><table>"
        "<tr><td>序号</td><td>主要任务</td><td>牵头单位</td><td>责任单位</td></tr>"
        "<tr><td>1</td><td>加强政策解读。坚持同步发布。</td><td>市政府办公室</td>"
        "<td>各县（市、区）人民政府</td></tr>"
        "<tr><td>2</td><td>推进数据开放。编制开放目录。</td><td>市发改委</td>"
        "<td>市数据局、市财政局</td></tr></table>"
    )
    assert codes(result) == []
    assert result.notice.preamble == "现将任务分工如下。"
    assert [(t.number, t.title, t.content, units(t)) for t in result.notice.tasks] == [
        ("1", "加强政策解读", "坚持同步发布。", (("市政府办公室",), (COUNTIES,), ())),
        ("2", "推进数据开放", "编制开放目录。", (("市发改委",), ("市数据局", "市财政局"), ())),
    ]


def test_html_table_followed_by_a_paragraph() -> None:
    """A ``<p>`` after the table is the closing text, not a task."""
    result = parse(
        "<p>现将任务分工如下。</p>\n<table>\n"
        "<tr><td>序号</td><td>主要任务</td><td>牵头单位</td><td>责任单位</td></tr>\n"
        "<tr><td>1</td><td>加强政策解读。坚持同步发布。</td><td>市政府办公室</td>"
        "<td>各县（市、区）人民政府</td></tr>\n"
        "</table>\n<p>请于2025年6月30日前报送。</p>"
    )
    assert codes(result) == []
    assert [t.number for t in result.notice.tasks] == ["1"]


# -- Traditional characters ----------------------------------------------------------


def test_traditional_characters_are_read_and_names_kept_as_printed() -> None:
    """Traditional labels and verbs are read; names keep their Traditional characters."""
    result = parse(
        "現將任務分工如下。\n"
        "（一）推進老舊小區改造。完成改造三個小區。（牽頭單位：市住建局；配合單位：市財政局）\n"
        "（二）加強養老服務。新增養老床位。（牽頭單位：市民政局；責任單位：各縣（市、區）人民政府）\n"
        "（三）發展文化產業。抓好文化項目。（市文廣旅局牽頭，市財政局、市發改委配合）\n"
    )
    assert codes(result) == []
    assert [(t.title, units(t)) for t in result.notice.tasks] == [
        ("推進老舊小區改造", (("市住建局",), (), ("市財政局",))),
        ("加強養老服務", (("市民政局",), ("各縣（市、區）人民政府",), ())),
        ("發展文化產業", (("市文廣旅局",), (), ("市財政局", "市發改委"))),
    ]


# -- spreadsheet grids --------------------------------------------------------------

GRID_HEADER: list[str | None] = [
    "序号", "主要任务", "任务内容", "牵头责任单位", "主办单位", "协同单位", "配合单位",
    "具体承办单位", "备注",
]  # fmt: skip
GRID: list[list[str | None]] = [
    ["2025年任务分工表", *[None] * 8],
    GRID_HEADER,
    ["一、民生领域"] * 9,
    ["1", "加强养老服务", "公开养老机构名录。", "市民政局", "市卫健委", "市财政局",
     "市人社局、市医保局", COUNTIES, "持续推进"],
    ["2", "强化环境信息公开", "公开环境执法信息。", "市生态环境局", None, None, "市水利局", None, None],
    ["二、经济领域"] * 9,
    ["3", "规范消费维权", "公开典型案例。", "市商务局", None, "市市场监管局", None, None, "按季度"],
    ["注：任务完成情况每季度报送一次。", *[None] * 8],
]  # fmt: skip


def _check_grid(result: ParseResult) -> None:
    assert result.valid
    assert result.flatten("code", "cell") == [
        ("column-guessed", "H2"),
        ("column-ignored", "I2"),
        ("table-note-kept", "A8"),
    ]
    assert "具体承办单位" in result.issues[0].message
    assert "责任单位" in result.issues[0].message
    tasks = result.notice.tasks
    assert [(t.number, t.section, t.title, t.content) for t in tasks] == [
        ("1", "一、民生领域", "加强养老服务", "公开养老机构名录。"),
        ("2", "一、民生领域", "强化环境信息公开", "公开环境执法信息。"),
        ("3", "二、经济领域", "规范消费维权", "公开典型案例。"),
    ]
    assert [units(t) for t in tasks] == [
        (("市民政局", "市卫健委"), (COUNTIES,), ("市财政局", "市人社局", "市医保局")),
        (("市生态环境局",), (), ("市水利局",)),
        (("市商务局",), (), ("市市场监管局",)),
    ]
    assert result.notice.closing == "注：任务完成情况每季度报送一次。"
    assert not any("持续推进" in t.content or "按季度" in t.content for t in tasks)


def test_grid_every_column_read_or_reported() -> None:
    """Every column of a grid is read or reported.

    牵头责任单位 and 主办单位 are leads, 协同单位 and 配合单位 cooperating (in
    column order); 具体承办单位 is guessed, 备注 ignored; section rows and the
    note under the table are kept.
    """
    _check_grid(parse_grid(GRID, source="分工表.xlsx", sheet="分工表"))


def test_grid_from_xlsx_with_merged_cells(tmp_path: Path) -> None:
    """The same table in a real .xlsx, the caption and section rows merged across the sheet."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "分工表"
    for row in GRID:
        first = row[0]
        section = first is not None and first.endswith("领域")
        sheet.append([first, *[None] * 8] if section else row)
    for merged in ("A1:I1", "A3:I3", "A6:I6"):
        sheet.merge_cells(merged)
    path = tmp_path / "分工表.xlsx"
    book.save(path)
    _check_grid(read_notice(path))


def test_note_row_merged_across_the_table_is_kept_once(tmp_path: Path) -> None:
    """A note merged across the table's width is the closing text once."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in GRID:
        sheet.append(row)
    sheet.merge_cells("A8:I8")
    path = tmp_path / "分工表.xlsx"
    book.save(path)
    result = read_notice(path)
    assert result.notice.closing == "注：任务完成情况每季度报送一次。"


def test_rule_in_a_note_under_the_table() -> None:
    """A rule in a ``注：`` note applies the unit as printed after the ``注：``, said once.

    The note is kept as the notice's text; being a rule that was applied, it is
    not also reported as a note that changed nothing.
    """
    rows: list[list[str | None]] = [
        ["序号", "主要任务", "牵头单位", "责任单位"],
        ["1", "加强养老服务。公开机构名录。", "市民政局", COUNTIES],
        ["2", "强化环境信息公开。公开执法信息。", "市生态环境局", None],
        ["注：各县（市、区）人民政府为所有任务的责任单位。", None, None, None],
    ]
    result = parse_grid(rows, sheet="分工表")
    assert [t.responsible for t in result.notice.tasks] == [(COUNTIES,), (COUNTIES,)]
    assert codes(result) == [("notice-rule-applied", None)]
    assert result.notice.closing == "注：各县（市、区）人民政府为所有任务的责任单位。"


# -- PDF tables -------------------------------------------------------------------

PDF_HEAD = "主要任务 牵头单位 责任单位"


def pdf_row(number: str, title: str, content: str, *cells: str, pages: int = 1) -> list[str]:
    """One table row as PDF extraction gives it: title (4 a line), content (26 a line), cells (6).

    Over ``pages`` pages, every column is cut at the same height, the page
    heading repeated between the parts, as a row broken by a page looks.
    """
    columns = [wrap(title, 4), wrap(content, 26), *(wrap(cell, 6) for cell in cells)]
    columns[0][0] = f"({number}){columns[0][0]}"
    height = -(-max(len(column) for column in columns) // pages)
    lines: list[str] = []
    for page in range(pages):
        if page:
            lines.append(PDF_HEAD)
        lines.extend(
            line for column in columns for line in column[page * height : (page + 1) * height]
        )
    return lines


def pdf_text(*rows: list[str], heading: str = PDF_HEAD) -> str:
    """A notice whose attachment is a PDF table, lines separated by blank lines like pdftotext."""
    lines = [heading] + [line for row in rows for line in row]
    return HEAD + "附件\n任务分工表\n" + "\n\n".join(lines) + "\n"


LONG_LEAD = (
    "市工信局", "市发改委", "市科技局", "市商务局", "市农业农村局", "市文广旅局", "市住建局",
    "市市场监管局", "市体育局", "市行政审批局",
)  # fmt: skip
FIRST_ROW = (
    "加强政策解读",
    "坚持政策文件与解读材料同步起草、同步审签、同步发布，重大政策解读率达到百分之百。",
)
LAST_ROW = ("推进数据开放", "编制公共数据开放目录，分批次开放高价值数据集，及时公开数据开放情况。")


def long_task(pages: int, first_lead: str = "市司法局、市行政审批局") -> str:
    """Three tasks; the second, with ten leads and a long content, over ``pages`` pages.

    The first row's lead cell fills its column's width, as the long one's lines do.
    """
    content = "".join(
        f"第{i}项工作要持续推进并及时公开进展情况和工作成效。" for i in range(1, 3 * pages + 1)
    )
    return pdf_text(
        pdf_row("一", *FIRST_ROW, first_lead, "各县（市、区）人民政府"),
        pdf_row(
            "二",
            "聚焦高质量发展推进信息公开",
            content,
            "、".join(LONG_LEAD),
            "各县（市、区）人民政府，市政府有关部门",
            pages=pages,
        ),
        pdf_row("三", *LAST_ROW, "市发改委", "市政府有关部门"),
    )


def test_pdf_table() -> None:
    """Heading line, then each row's title, content and unit cells line after line."""
    first_row = pdf_row(
        "一", *FIRST_ROW, "市司法局、市行政审批局", "各县（市、区）人民政府", "市财政局"
    )
    first_row[0] = first_row[0].replace("(一)", "（一）")  # full-width brackets as well
    result = parse(
        pdf_text(
            first_row,
            pdf_row("二", *LAST_ROW, "市发改委", "市数据局", ""),
            heading="主要任务 牵头单位 责任单位 配合单位",
        )
    )
    assert codes(result) == []
    first, second = result.notice.tasks
    assert (first.number, first.title, first.content) == ("一", *FIRST_ROW)
    assert units(first) == (("市司法局", "市行政审批局"), (COUNTIES,), ("市财政局",))
    assert (second.number, second.title, second.content) == ("二", *LAST_ROW)
    assert units(second) == (("市发改委",), ("市数据局",), ())
    preamble = result.notice.preamble
    assert preamble.startswith("现将任务分工如下，请认真贯彻落实。")
    assert not any(word in preamble for word in ("主要任务", "加强政策", "市司法局", "市数据局"))


@pytest.mark.parametrize("pages", [1, 3], ids=["one-page", "three-pages"])
def test_pdf_task_over_three_pages(pages: int) -> None:
    """A row broken over three pages, the heading repeated, reads as on one page (registry hint)."""
    result = parse_known(long_task(pages))
    assert codes(result) == ([("task-spans-pages", "二")] if pages > 1 else [])
    tasks = result.notice.tasks
    assert [t.number for t in tasks] == ["一", "二", "三"]
    second = tasks[1]
    assert second.title == "聚焦高质量发展推进信息公开"
    assert second.content.startswith("第1项工作")
    assert second.content.endswith(f"第{3 * pages}项工作要持续推进并及时公开进展情况和工作成效。")
    assert "主要任务" not in second.content
    assert units(second) == (LONG_LEAD, (COUNTIES, "市政府有关部门"), ())
    assert units(tasks[2]) == (("市发改委",), ("市政府有关部门",), ())


def test_pdf_task_over_eight_pages_completes() -> None:
    """A row over eight pages still parses (the split search is bounded)."""
    result = parse_known(long_task(8))
    assert [t.number for t in result.notice.tasks] == ["一", "二", "三"]
    assert ("task-spans-pages", "二") in codes(result)
    assert result.notice.tasks[1].lead == LONG_LEAD


def test_pdf_task_over_three_pages_without_registry() -> None:
    """The row over three pages splits right from the text alone."""
    result = parse(long_task(3))
    assert result.notice.tasks[1].lead == LONG_LEAD
    assert codes(result) == [("task-spans-pages", "二")]


def test_pdf_ambiguous_split_is_reported() -> None:
    """Three one-name lines under two columns: two splits score alike, and that is said."""
    result = parse(
        pdf_text(
            [
                "(一)加强政策",
                "解读",
                "坚持政策文件与解读材料同步起草、同步审签、同步发布，",
                "重大政策解读率达到百分之百。",
                "市政府办公室",
                "市委宣传部",
                "市融媒体中心",
            ]
        )
    )
    assert result.valid
    assert codes(result) == [("task-units-ambiguous", "一")]
    assert "市政府办公室市委宣传部市融媒体中心" in result.issues[0].message
    [task] = result.notice.tasks
    assert task.lead + task.responsible in (
        ("市政府办公室", "市委宣传部市融媒体中心"),
        ("市政府办公室市委宣传部", "市融媒体中心"),
    )


def test_pdf_row_without_unit_cells_is_an_error() -> None:
    """A row whose unit cells were lost is an error naming it."""
    first = pdf_row("一", *FIRST_ROW, "市司法局", COUNTIES)
    result = parse(pdf_text(first[:4], pdf_row("二", *LAST_ROW, "市发改委", "市政府有关部门")))
    assert first[4:] == ["市司法局", "各县（市、区）", "人民政府"]  # the lines left out
    assert [t.number for t in result.notice.tasks] == ["一", "二"]
    assert ("task-units-unparsable", "一") in codes(result)


def test_pdf_name_broken_after_shi() -> None:
    """A cell line ending in 市 continues the name on the next line."""
    result = parse(
        pdf_text(
            [
                "(一)加强政策",
                "解读",
                "坚持政策文件与解读材料同步起草、同步审签、同步发布，",
                "重大政策解读率达到百分之百。",
                "各乡镇人民政",
                "府、街道办事",
                "处",
                "市发改委、市",
                "教育局",
            ],
            heading="主要任务 牵头单位 配合单位",
        )
    )
    [task] = result.notice.tasks
    assert units(task) == (("各乡镇人民政府、街道办事处",), (), ("市发改委", "市教育局"))


def test_pdf_wrapped_cell_before_an_empty_last_column() -> None:
    """A cell wrapped onto two lines before an empty 配合单位 cell stays one cell."""
    result = parse(
        pdf_text(
            pdf_row("一", *FIRST_ROW, "市司法局", "市数据局", "市财政局"),
            pdf_row("二", *LAST_ROW, "市发改委", COUNTIES, ""),
            heading="主要任务 牵头单位 责任单位 配合单位",
        )
    )
    assert pdf_row("二", *LAST_ROW, "市发改委", COUNTIES, "")[-2:] == ["各县（市、区）", "人民政府"]
    assert units(result.notice.tasks[1]) == (("市发改委",), (COUNTIES,), ())


def test_pdf_shi_zhengfu_ge_bumen_is_one_name() -> None:
    """市政府各部门 is a name of its own in a PDF cell, without a registry hint."""
    result = parse(
        pdf_text(
            [
                "(一)加强政策",
                "解读",
                "坚持政策文件与解读材料同步起草、同步审签、同步发布，",
                "重大政策解读率达到百分之百。",
                "市政府办公室",
                "市政府各部",
                "门",
            ]
        )
    )
    [task] = result.notice.tasks
    assert units(task) == (("市政府办公室",), ("市政府各部门",), ())


def test_pdf_title_continued_on_the_next_page() -> None:
    """The end of a title printed on the next page stays in the title."""
    result = parse(
        "\n\n".join(
            [
                PDF_HEAD,
                "(一)加强养老",
                "服务信息",
                "坚持政策文件与解读材料同步起草、同步审签、同步发布。",
                "每季度开展一次政府网站与政务新媒体检查。制定涉企政策",
                "市工信局",
                "市发改委",
                PDF_HEAD,
                "公开",
                "应当听取企业和行业协会的意见。",
            ]
        )
    )
    [task] = result.notice.tasks
    assert task.title == "加强养老服务信息公开"
    assert task.content.endswith("制定涉企政策应当听取企业和行业协会的意见。")


def test_pdf_row_over_pages_keeps_a_wider_name_in_its_column() -> None:
    """A name wider than the column's other cells stays in its column."""
    heading = "主要任务 牵头单位 责任单位 配合单位"
    result = parse_known(
        "\n\n".join(
            [
                heading,
                "(一)加强政策",
                "解读",
                "坚持政策文件与解读材料同步起草、同步审签、同步发布。",
                "编制公共数据开放目录，分批次开放高价值数据集。",
                "市工信局",
                "市生态环境局",
                heading,
                "持续压减审批时限，推行一网通办和综合窗口服务。",
                "(二)推进数据",
                "开放",
                "坚持政策文件与解读材料同步起草、同步审签、同步发布。",
                "编制公共数据开放目录，分批次开放高价值数据集。",
                "市工信局",
                "市发改委",
                "市教育局、市财政局",
            ]
        )
    )
    first = result.notice.tasks[0]
    assert units(first) == (("市工信局",), ("市生态环境局",), ())


def test_pdf_row_over_pages_wider_than_the_one_page_rows() -> None:
    """Leads wrapped wider than the one-page rows' leads stay leads."""
    result = parse_known(long_task(3, first_lead="市司法局"))
    assert units(result.notice.tasks[1]) == (LONG_LEAD, (COUNTIES, "市政府有关部门"), ())


def test_and_separates_names_only_between_whole_names() -> None:
    """和/及/与 split 市发改委和市财政局, never 省文化和旅游厅 or 市住房和城乡建设局."""
    result = parse(
        HEAD + "（一）推进数据开放。（牵头单位：市发改委和市财政局；"
        "责任单位：省文化和旅游厅、市住房和城乡建设局及各县（市、区）人民政府）\n"
    )
    assert codes(result) == []
    [task] = result.notice.tasks
    assert units(task) == (
        ("市发改委", "市财政局"),
        ("省文化和旅游厅", "市住房和城乡建设局", COUNTIES),
        (),
    )


def test_pdf_leaders_column_after_the_text() -> None:
    """A 牵头领导 column after the task's text holds people: read as leaders, never as units."""
    result = parse(
        pdf_text(
            [
                "(一)加强政策", "解读", "坚持政策文件与解读材料同步起草、同步审签、同步发布。",
                "刘惠", "市政府办公室", COUNTIES,
            ],
            [
                "(二)推进数据", "开放", "编制公共数据开放目录，分批次开放高价值数据集。",
                "周喜安、杨光荣", "市发改委", "市数据局、市财政局",
            ],
            heading="主要任务 牵头领导 牵头单位 责任单位",
        )
    )  # fmt: skip
    assert codes(result) == []
    first, second = result.notice.tasks
    assert (first.leaders, units(first)) == (("刘惠",), (("市政府办公室",), (COUNTIES,), ()))
    assert (second.leaders, second.lead) == (("周喜安", "杨光荣"), ("市发改委",))


def test_pdf_column_before_the_text_is_unsupported() -> None:
    """A unit column printed before the task's text cannot be told from the title: an error."""
    result = parse(
        pdf_text(
            ["(一)加强政策解读", "市政府办公室", "坚持同步发布。", COUNTIES],
            heading="牵头单位 主要任务 责任单位",
        )
    )
    assert ("unsupported-columns", None) in codes(result)


def test_labels_wrapped_at_the_line_end() -> None:
    """A label cut by a PDF line end (（牵头单 / 位：…；责任 / 单位：…) is still a label."""
    result = parse(
        HEAD + "（一）加强政策解读，规范公开流程。（牵头单\n"
        "位：市政府办公室；责任\n单位：各县（市、区）人民政府）\n"
    )
    assert codes(result) == []
    [task] = result.notice.tasks
    assert units(task) == (("市政府办公室",), (COUNTIES,), ())
    assert task.content == "加强政策解读，规范公开流程。"


def test_report_due_worded_with_jiang() -> None:
    """请于…前将落实情况报… gives the deadline and the office to report to."""
    result = parse(
        HEAD + "（一）加强政策解读。（牵头单位：市政府办公室）\n"
        "请于2025年12月10日前将落实情况报市政府办公室政务公开科，联系电话：0797-8992059。\n"
    )
    notice = result.notice
    assert str(notice.report_due) == "2025-12-10"
    assert notice.contact.office == "市政府办公室政务公开科"


def test_grid_task_merged_over_two_rows_is_one_task() -> None:
    """Number and text merged down two rows (filled in both): one task with both rows' units.

    The join is a reading, said of the task (`units-from-rows-below`).
    """
    result = parse_grid(
        [
            ["序号", "类别", "任务内容", "牵头单位", "责任单位"],
            ["1", "数据开放", "加强教育信息公开。", "市教育局", "市人社局"],
            ["1", "数据开放", "加强教育信息公开。", "市教育局", "市财政局"],
            ["2", "数据开放", "规范政府网站管理。", "市政府办公室", ""],
        ]
    )
    assert [(i.code, i.task) for i in result.issues] == [("units-from-rows-below", "1")]
    first, second = result.notice.tasks
    assert (first.number, units(first)) == ("1", (("市教育局",), ("市人社局", "市财政局"), ()))
    assert (first.section, second.section) == ("数据开放", "数据开放")


def test_numbers_with_a_full_stop_in_one_character() -> None:
    """⒈ ⒉ (Word's decimalEnclosedFullstop) number tasks like 1. 2."""
    result = parse(
        HEAD + "⒈推进政务公开。（牵头单位：市政府办公室）\n⒉做好政策解读。（牵头单位：市司法局）\n"
    )
    assert codes(result) == []
    assert [(t.number, t.lead) for t in result.notice.tasks] == [
        ("1", ("市政府办公室",)),
        ("2", ("市司法局",)),
    ]
