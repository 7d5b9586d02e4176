"""Families of forms met in notices nobody tuned the parser to, each read by one rule.

Each test renders a family in several wordings and positions (never one
notice's text): units on a line of their own after a task's sub-items, units
before a colon with a role verb, names in Traditional characters, collectives
beside zones, a first-named rule in a bracket after a list, a list cut at the
text's end, pinyin readings after characters, a flattened table with two text
columns and unknown headings, paragraphs of one item each with their units.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook
from support.parsing import HEAD, Units, codes, units

from gzgk import Role, parse_grid, parse_text, read_notice
from gzgk.lexicon.columns import ColumnKind
from gzgk.lexicon.names import name_problem, split_names
from gzgk.lexicon.vocabulary import classify_heading, first_named_rule
from gzgk.model import Task
from gzgk.parse.grammar import read_units
from gzgk.parse.text import mask_pinyin, unmask

# -- units on a line of their own after the sub-items ---------------------------

SUBITEMS = [("(1)", "(2)", "(3)"), ("（1）", "（2）", "（3）"), ("①", "②", "③")]
CLOSINGS = [
    ("(责任单位：区交通委、各街镇)", ((), ("区交通委", "各街镇"), ())),
    ("（牵头单位：区交通委；配合单位：各街镇）", (("区交通委",), (), ("各街镇",))),
    ("责任单位：区交通委、各街镇", ((), ("区交通委", "各街镇"), ())),
    ("（区交通委牵头，各街镇配合）", (("区交通委",), (), ("各街镇",))),
]


@pytest.mark.parametrize("markers", SUBITEMS, ids=["(1)", "（1）", "①"])
@pytest.mark.parametrize(
    ("closing", "meaning"), CLOSINGS, ids=["bracket", "labels", "label line", "verbs"]
)
@pytest.mark.parametrize("top", ["1.", "（一）"])
def test_units_after_sub_items_are_the_items(
    markers: tuple[str, str, str], closing: str, meaning: Units, top: str
) -> None:
    """A line of units after the last sub-item closes the item: one task, sub-items its text."""
    second = "2." if top == "1." else "（二）"
    text = (
        HEAD
        + f"{top}落实属地主体责任\n各街镇是乡村道管理的责任主体。\n"
        + "".join(
            f"{marker}{body}\n"
            for marker, body in zip(
                markers, ("负责资金落实。", "发挥管理站作用。", "指导村居爱路护路。"), strict=True
            )
        )
        + f"{closing}\n{second}加强资金监管\n做好资金使用监管。（责任单位：区财政局）\n"
    )
    result = parse_text(text)
    first, following = result.notice.tasks
    assert units(first) == meaning
    assert first.title == "落实属地主体责任"
    assert "指导村居爱路护路" in first.content
    assert units(following) == ((), ("区财政局",), ())
    assert not any(issue.is_error for issue in result.issues)


def test_sub_items_with_their_own_units_stay_tasks() -> None:
    """Sub-items that each name units are the tasks; a closing line stays the last one's."""
    text = (
        HEAD
        + "1.落实属地主体责任\n(1)负责资金落实。（责任单位：区财政局）\n"
        + "(2)发挥管理站作用。\n（责任单位：区交通委）\n"
    )
    result = parse_text(text)
    assert [units(task) for task in result.notice.tasks] == [
        ((), ("区财政局",), ()),
        ((), ("区交通委",), ()),
    ]


# -- units before a colon, a role verb after it ------------------------------------


@pytest.mark.parametrize(
    ("item", "meaning"),
    [
        ("城运中心：负责建筑垃圾的监督管理，做好申报备案。", ((), ("城运中心",), ())),
        ("规建办、社区办：负责督促建设单位履行申报责任。", ((), ("规建办", "社区办"), ())),
        ("区民政局:牵头做好困难群众救助。", (("区民政局",), (), ())),
        ("各村：配合做好源头管理。", ((), (), ("各村",))),
        ("区规划资源局：明确绿线控制范围，细化城镇规划。", ((), ("区规划资源局",), ())),
        ("各镇、街道、开发区：加快推进本地区公园建设。", ((), ("各镇、街道", "开发区"), ())),
    ],
)
@pytest.mark.parametrize("marker", ["（一）", "1.", "一、"])
def test_units_before_a_colon_with_a_role_verb(item: str, meaning: Units, marker: str) -> None:
    """``（一）城运中心：负责……``: the names before the colon take the verb's role, said.

    Without a role verb after the colon (``区规划资源局：明确……``, a list of
    each unit's duties) the names are responsible.
    """
    second = {"（一）": "（二）", "1.": "2.", "一、": "二、"}[marker]
    text = HEAD + f"{marker}{item}\n{second}环卫公司：负责无主垃圾的收运。\n"
    result = parse_text(text)
    first, following = result.notice.tasks
    assert units(first) == meaning
    assert units(following) == ((), ("环卫公司",), ())
    assert "units-from-heading" in codes(result)


@pytest.mark.parametrize(
    "item",
    [
        "总体要求：坚持依法管理、闭环管理。（责任单位：区城管局）",
        "区级路长：设立区农村公路总路长。（责任单位：区交通委）",
        "区农村公路办公室：成立路长办公室。（责任单位：区交通委）",
    ],
)
def test_a_heading_before_a_colon_names_nobody(item: str) -> None:
    """Words before a colon that are no names, or names without a role verb after: text."""
    result = parse_text(HEAD + f"1.{item}\n2.加强宣传。（责任单位：区委宣传部）\n")
    assert units(result.notice.tasks[0]) == (
        (),
        ("区交通委",) if "路" in item else ("区城管局",),
        (),
    )


@pytest.mark.parametrize("marker", ["（一）", "1.", "一、"])
@pytest.mark.parametrize(
    "duties", ["牵头开展独居老人消防安全关爱工作。", "协调指导专业力量定期开展检查。"]
)
def test_a_unit_heading_closed_by_a_full_stop(marker: str, duties: str) -> None:
    """``1.街道消委办。牵头开展……``: a name closed by 。 heads its duties, responsible, said."""
    second = {"（一）": "（二）", "1.": "2.", "一、": "二、"}[marker]
    text = HEAD + f"{marker}街道消委办。{duties}\n{second}城运中心。推动纳入网格管理。\n"
    result = parse_text(text)
    assert [units(task) for task in result.notice.tasks] == [
        ((), ("街道消委办",), ()),
        ((), ("城运中心",), ()),
    ]
    assert "units-from-heading" in codes(result)


def test_a_sentence_closed_by_a_full_stop_is_no_heading() -> None:
    """``1.加强组织领导。明确职责。`` names no unit: a sentence, not a unit's heading."""
    result = parse_text(
        HEAD + "1.加强组织领导。明确工作职责。\n2.加强宣传。（责任单位：区委宣传部）\n"
    )
    assert "units-from-heading" not in codes(result)


def test_a_heading_of_words_before_a_colon_names_nobody() -> None:
    """``加强组织领导：……`` with no units anywhere: no names read from the heading, said."""
    result = parse_text(
        HEAD + "1.加强组织领导：明确工作职责。\n2.加强宣传。（责任单位：区委宣传部）\n"
    )
    assert all(units(task) != ((), ("加强组织领导",), ()) for task in result.notice.tasks)
    assert "units-from-heading" not in codes(result)


# -- names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["市殘聯", "市婦聯", "省科協", "市醫學會", "縣人民醫院", "市消防救援支隊"]
)
def test_traditional_names_end_like_names(name: str) -> None:
    """A name in Traditional characters ends like a body's as its Simplified form does."""
    assert name_problem(name) is None


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("各街镇、开发区、头桥集团", ["各街镇", "开发区", "头桥集团"]),
        ("各乡镇、园区", ["各乡镇", "园区"]),
        ("各区、县级市", ["各区、县级市"]),
        ("各地、各部门", ["各地", "各部门"]),
        ("省政府各部门、各直属机构", ["省政府各部门、各直属机构"]),
        ("市级各有关部门及各县市区政府", ["市级各有关部门及各县市区政府"]),
        ("市发改委及市财政局", ["市发改委", "市财政局"]),
        ("各县、特区、区人民政府", ["各县、特区、区人民政府"]),
        ("各縣、特區、區人民政府", ["各縣、特區、區人民政府"]),
        ("市发改委和各区、县(市)政府", ["市发改委", "各区、县(市)政府"]),
        ("各县、区人民政府(管委会)", ["各县、区人民政府(管委会)"]),
    ],
)
def test_collectives_and_zones(text: str, names: list[str]) -> None:
    """A zone beside towns is a unit; 各地、各部门 two collectives; one owner's bodies one."""
    assert split_names(text) == names


@pytest.mark.parametrize(
    "phrase", ["农村公路有关申请的行政审批", "相关配套政策的制定", "涉及有关事项的审批"]
)
def test_a_phrase_with_youguan_is_no_collective(phrase: str) -> None:
    """有关/相关 inside a phrase (的, many words after) makes no collective name."""
    assert name_problem(phrase) is not None


# -- a first-named rule after a list --------------------------------------------------


@pytest.mark.parametrize(
    "rule",
    [
        "（列第一位者为工作牵头单位或汇总单位，下同）",
        "(排在第一位的为牵头单位,下同)",
        "（第一个单位为牵头单位，其余为责任单位，下同）",
    ],
)
@pytest.mark.parametrize("where", ["label line", "inline bracket"])
def test_first_named_rule_after_a_list_applies_from_there_on(rule: str, where: str) -> None:
    """A bracket after the first task's list says the first unit leads: that task and later."""
    if where == "label line":
        first = f"1.支持企业发展。落实各项政策。\n责任单位：市经信局、市财政局{rule}\n"
        second = "2.开展项目双进双产。\n责任单位：市商务局、市投促中心\n"
    else:
        first = f"1.支持企业发展。落实各项政策。（市经信局、市财政局负责）{rule}\n"
        second = "2.开展项目双进双产。（市商务局、市投促中心负责）\n"
    result = parse_text(HEAD + first + second)
    assert [units(task) for task in result.notice.tasks] == [
        (("市经信局",), ("市财政局",), ()),
        (("市商务局",), ("市投促中心",), ()),
    ]
    assert "notice-rule-applied" in codes(result)
    assert "下同" in result.notice.tasks[0].content


def test_first_named_rule_without_onward_covers_its_task() -> None:
    """Without 下同 the bracket speaks of its own task only."""
    text = (
        HEAD
        + "1.支持企业发展。\n责任单位：市经信局、市财政局（排在第一位的为牵头单位）\n"
        + "2.开展项目双进双产。\n责任单位：市商务局、市投促中心\n"
    )
    result = parse_text(text)
    assert [units(task) for task in result.notice.tasks] == [
        (("市经信局",), ("市财政局",), ()),
        ((), ("市商务局", "市投促中心"), ()),
    ]


@pytest.mark.parametrize(
    ("sentence", "rest", "onward"),
    [
        ("列第一位者为工作牵头单位或汇总单位,下同", None, True),
        ("排在第一位的为牵头单位，其余为配合单位", Role.COOPERATING, False),
        ("第一家单位为牵头部门", None, False),
        ("涉及多个单位的，排名靠前的单位牵头负责", None, False),
        ("各项任务均由排在最前面的单位牵头", None, False),
        ("最先列出的单位为主办单位，其他为协办单位", Role.COOPERATING, False),
        ("列在首位的部门牵头，下同", None, True),
    ],
)
def test_first_named_rule_wordings(sentence: str, rest: Role | None, onward: bool) -> None:
    """The rule's words: a qualifier or an alternative after the role word still say lead."""
    rule = first_named_rule(sentence)
    assert rule is not None
    assert (rule.rest, rule.onward) == (rest, onward)


@pytest.mark.parametrize(
    "sentence", ["首先由市发改委牵头", "第一季度由市财政局牵头", "前面已由市发改委牵头"]
)
def test_first_words_naming_a_unit_are_no_rule(sentence: str) -> None:
    """第一/首/前面 before words that name a unit is a sentence about it, no first-named rule."""
    assert first_named_rule(sentence) is None


# -- a list cut at the end of the text -------------------------------------------------


@pytest.mark.parametrize(
    "last", ["部门分工：省财政厅牵头，", "（省财政厅牵头，", "责任单位：省财政厅、"]
)
def test_a_list_cut_at_the_end_is_said(last: str) -> None:
    """A task whose text ends inside its list of units (a separator, an open bracket): said."""
    text = HEAD + "1.地区生产总值增长6%。\n部门分工：省发展改革委牵头，各地、各部门配合。\n"
    result = parse_text(text + f"2.地方一般公共预算收入增长5%。\n{last}")
    first = result.notice.tasks[0]
    assert units(first) == (("省发展改革委",), (), ("各地", "各部门"))
    cut = [issue for issue in result.issues if issue.task == "2"]
    assert cut
    assert {issue.code for issue in cut} & {"task-cut-short", "task-units-unparsable"}


# -- pinyin readings after characters ----------------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "(一)加快基地建設(shè)。(牽頭單位:{lead};配合單位:{coop})\n(二)推進物流園區(qū)建設。(牽頭單位:市交委)\n",
        "1.加快基地建設(shè)。\n牽頭單位:{lead}\n配合單位:{coop}\n2.推進物流園區(qū)建設。\n牽頭單位:市交委\n",
        "1.加快基地建設(shè)。({lead}牽頭,{coop}配合)\n2.推進物流園區(qū)建設。(市交委牽頭)\n",
    ],
)
def test_pinyin_readings_are_no_brackets(template: str) -> None:
    """``市經(jīng)貿(mào)委``: a toned syllable in brackets after a character is kept, no bracket."""
    lead, coop = "市經(jīng)貿(mào)委", "規(guī)劃局"
    result = parse_text(HEAD + template.format(lead=lead, coop=coop))
    first, second = result.notice.tasks
    assert units(first) == ((lead,), (), (coop,))
    assert units(second) == (("市交委",), (), ())
    (said,) = [issue for issue in result.issues if issue.code == "pinyin-in-text"]
    assert said.message.endswith(f"（{first.number}、{second.number}）")


def test_pinyin_in_a_notice_with_no_task() -> None:
    """Readings in a text whose tasks cannot be read: the notice's error, nothing else."""
    result = parse_text(HEAD.replace("方案", "方(fāng)案") + "請各區(qū)認真落實。\n")
    assert result.notice.tasks == ()
    assert codes(result) == {"no-task-table"}


def test_brackets_that_hold_no_reading_stay_brackets() -> None:
    """Letters without a tone mark, capitals, or a bracket after no character are brackets."""
    text = "指数(PQI)、市經(jīng)委、(a)项、a(ma)"
    masked, readings, lines = mask_pinyin(text)
    assert readings == ["經(jīng)"]
    assert lines == {1}
    assert all(bracket in masked for bracket in ("(PQI)", "(a)", "(ma)"))
    assert unmask(masked) == text


# -- a flattened table: two text columns, unknown headings, a heading word 主体 -------------

TABLE_HEAD = [
    "序号",
    "权力责任名称",
    "行使  主体",
    "权力责任类别",
    "设定依据",
    "行使层级",
    "权力责任事项",
]
TABLE_ROWS = [
    [
        "1",
        "公路的具体管理",
        "区交通委",
        "管理",
        "《公路法》第八条",
        "区级",
        "区交通委负责所辖区域内公路的具体管理。",
    ],
    [
        "2",
        "养护工程计划编制",
        "区交通委",
        "养护计划",
        "《条例》第三十一条",
        "区级",
        "区交通委应当统筹编制养护工程计划，减少对通行的影响；",
    ],
    [
        "3",
        "桥梁检查检测",
        "区交通委、各街镇",
        "桥梁检查",
        "《条例》第三十四条",
        "区级、镇级",
        "区交通委、街镇应当定期对公路桥梁进行检查。",
    ],
]


@pytest.mark.parametrize("separator", ["\n", "\n\n"], ids=["a line", "blank lines"])
def test_flattened_table_keeps_every_text_column(separator: str) -> None:
    """Cells one a line: 名称 the title, 事项 the content, 行使主体 the units, no cell lost."""
    cells = [*TABLE_HEAD, *(cell for row in TABLE_ROWS for cell in row)]
    result = parse_text(HEAD + "附件\n权力和责任清单\n" + separator.join(cells) + "\n")
    tasks = result.notice.tasks
    assert [units(task) for task in tasks] == [
        ((), ("区交通委",), ()),
        ((), ("区交通委",), ()),
        ((), ("区交通委", "各街镇"), ()),
    ]
    assert [task.title for task in tasks] == [row[1] for row in TABLE_ROWS]
    assert [task.content for task in tasks] == [row[6] for row in TABLE_ROWS]
    ignored = [issue.message for issue in result.issues if issue.code == "column-ignored"]
    assert len(ignored) == 2  # 设定依据, 行使层级: named as columns that assign nothing
    assert "text-ignored" not in codes(result)


@pytest.mark.parametrize("word", ["实施主体", "行使主体", "执行主体", "责任主体"])
def test_bodies_heading_words(word: str) -> None:
    """A column of the bodies that carry out a power is a column of responsible units."""
    rows = [["序号", "事项名称", word], ["1", "公路的具体管理", "区交通委"]]
    text = HEAD + "\n".join("| " + " | ".join(row) + " |" for row in rows) + "\n"
    (task,) = parse_text(text).notice.tasks
    assert units(task) == ((), ("区交通委",), ())


# -- paragraphs of one item, each with its units --------------------------------------------


def test_paragraph_tasks_are_each_their_own() -> None:
    """Three paragraphs each ending in units, then one without: three tasks, none repeated."""
    paragraphs = [
        "加快空港物流园区建设。(牵头单位:市交委;配合单位:市商务局)",
        "引导金融机构集聚发展。(牵头单位:市金融办;配合单位:市规划局)",
        "建设国际采购分销中心。(牵头单位:市商务局;配合单位:市建委)",
        "抓紧推进会展中心二期。",
    ]
    result = parse_text(HEAD + "(一)" + "\n".join(paragraphs) + "\n")
    tasks = result.notice.tasks
    assert [task.lead for task in tasks] == [("市交委",), ("市金融办",), ("市商务局",)]
    assert len({task.content for task in tasks}) == len(tasks)
    assert "会展中心" in tasks[-1].content


YOU = "由市财政局、市农业局，各县（市）、区人民政府负责落实"
YOU_UNITS: Units = ((), ("市财政局", "市农业局", "各县（市）、区人民政府"), ())


@pytest.mark.parametrize(
    "task",
    [
        f"1.实施种粮补贴。确保补贴总额高于上年。{YOU}。",
        f"1.实施种粮补贴。确保补贴总额高于上年。\n{YOU}。",
        f"1.实施种粮补贴。确保补贴总额高于上年。（{YOU}）",
        f"一、实施种粮补贴\n确保补贴总额高于上年。{YOU}。",
    ],
    ids=["run-on sentence", "line of its own", "inline bracket", "heading over text"],
)
def test_you_group_across_comma_in_every_position(task: str) -> None:
    """``由X、Y，Z负责落实`` wherever printed: 由 opens one group up to its verb."""
    second = "二、" if task.startswith("一") else "2."
    result = parse_text(HEAD + task + f"\n{second}改善居住条件。（市住建局负责）\n")
    first, following = result.notice.tasks
    assert units(first) == YOU_UNITS
    assert units(following) == ((), ("市住建局",), ())
    assert not any(issue.is_error for issue in result.issues)


def test_grammar_reads_you_group_across_comma() -> None:
    """``由X、Y，各县（市）、区人民政府负责落实``: 由 opens the group up to its verb."""
    read = read_units("由市财政局、农业局，各县(市)、区人民政府负责落实", None)
    assert read is not None
    assert read.names(Role.RESPONSIBLE) == ("市财政局", "农业局", "各县(市)、区人民政府")
    assert read.unmarked == ()


@pytest.mark.parametrize("label", ["牵头单位：市发改委", "（市发改委牵头）", "责任单位：市发改委"])
def test_a_title_line_alone_is_the_tasks_text(label: str) -> None:
    """``1.加强组织领导`` over a paragraph is a title; over only its units it is the task's text."""
    text = HEAD + f"1.加强组织领导\n{label}\n2.加大宣传力度\n各部门要加强政策解读。\n{label}\n"
    result = parse_text(text)
    first, second = result.notice.tasks
    assert (first.title, first.content) == ("", "加强组织领导")
    assert (second.title, second.content) == ("加大宣传力度", "各部门要加强政策解读。")
    assert not any(issue.is_error for issue in result.issues)


def test_two_content_columns_in_a_spreadsheet() -> None:
    """A 分工表 with two content headings and no title: the first is the title, none dropped."""
    rows: list[list[str | None]] = [
        ["序号", "事项名称", "具体内容", "责任单位"],
        ["1", "公路的具体管理", "负责所辖区域内公路的具体管理。", "区交通委"],
    ]
    (task,) = parse_grid(rows).notice.tasks
    assert (task.title, task.content) == ("公路的具体管理", "负责所辖区域内公路的具体管理。")


# -- items run together on one line ------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [("(一)", "(二)"), ("（一）", "（二）"), ("1.", "2."), ("1、", "2、"), ("(1)", "(2)")],
)
def test_items_run_together_after_their_units(first: str, second: str) -> None:
    """``(一)…(省发改委负责)(二)…``: the next number after a bracket of units starts an item."""
    text = (
        HEAD
        + f"{first}地区生产总值增长11%左右。(省发改委负责){second}公共财政收入增长13%左右。"
        + "(省财政厅主办,省国税局、地税局协办)\n"
    )
    result = parse_text(text)
    assert [units(task) for task in result.notice.tasks] == [
        ((), ("省发改委",), ()),
        (("省财政厅",), (), ("省国税局", "地税局")),
    ]


def test_a_number_in_running_text_after_a_bracket_starts_no_item() -> None:
    """A figure after a bracket (（见附件）1.5亿元) or a number out of sequence is text."""
    text = (
        HEAD
        + "1.加大投入。安排资金（见附件）1.5亿元，支持项目（共3个）5、6处。（市财政局负责）\n"
        + "2.加强监管。（市审计局负责）\n"
    )
    result = parse_text(text)
    assert [units(task) for task in result.notice.tasks] == [
        ((), ("市财政局",), ()),
        ((), ("市审计局",), ()),
    ]


# -- a first-named rule inside the bracket of units ---------------------------------------

RULE_IN_BRACKET = [
    "（市经信局、市财政局等负责，列第一位者为牵头单位，下同）",
    "(市经信局、市财政局等按照职责分工负责。列第一位者为牵头单位,下同)",
    "（市经信局、市财政局负责。责任单位两个以上的，排在第一位的为牵头单位，下同）",
    "（市經信局、市財政局等負責，列第一位者為牽頭單位，下同）",
]


@pytest.mark.parametrize("bracket", RULE_IN_BRACKET)
@pytest.mark.parametrize("where", ["end of the paragraph", "line of its own"])
def test_first_named_rule_inside_the_units_bracket(bracket: str, where: str) -> None:
    """``（X、Y等负责，列第一位者为牵头单位，下同）``: the units stay, the rule covers onward."""
    gap = "\n" if where == "line of its own" else ""
    first = f"（一）支持企业发展。落实各项政策，加大扶持力度。{gap}{bracket}\n"
    second = "（二）开展项目双进双产。（市商务局、市投促中心负责）\n"
    result = parse_text(HEAD + first + second)
    assert [units(task) for task in result.notice.tasks] == [
        ((bracket[1:5],), (bracket[6:10],), ()),
        (("市商务局",), ("市投促中心",), ()),
    ]
    assert "notice-rule-applied" in codes(result)
    assert "下同" in result.notice.tasks[0].content
    assert not any(issue.is_error for issue in result.issues)


# -- officials' posts beside the units ------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "leaders"),
    [
        ("分管副省长、协管副秘书长负责，省国资委牵头", ("分管副省长", "协管副秘书长")),
        ("分管副市长负责,省国资委牵头", ("分管副市长",)),
        ("分管副省長、協管副秘書長負責，省國資委牽頭", ("分管副省長", "協管副秘書長")),
    ],
)
@pytest.mark.parametrize("where", ["bracket", "sentence"])
def test_officials_posts_are_leaders_not_units(
    said: str, leaders: tuple[str, ...], where: str
) -> None:
    """``（分管副省长、协管副秘书长负责，省国资委牵头）``: the posts are leaders, the body leads."""
    assignment = f"（{said}）" if where == "bracket" else f"\n{said}。"
    text = HEAD + f"1.深化国企改革，完善激励约束机制。{assignment}\n2.加强监管。（市审计局负责）\n"
    first, _ = parse_text(text).notice.tasks
    assert units(first)[1:] == ((), ())
    assert len(first.lead) == 1
    assert first.lead[0].endswith(("国资委", "國資委"))
    assert first.leaders == leaders


# -- several brackets of units in one numbered paragraph ----------------------------------

GROUPS = [
    ("完善激励约束机制", "（省国资委牵头）", (("省国资委",), (), ())),
    (
        "鼓励民营企业参与国企改革",
        "（省经信委牵头，省发改委配合）",
        (("省经信委",), (), ("省发改委",)),
    ),
    ("推进工商注册便利化", "（省工商局负责）", ((), ("省工商局",), ())),
]


@pytest.mark.parametrize("after", ["。", ""], ids=["full stop after", "bracket last"])
@pytest.mark.parametrize("marker", ["（一）", "1.", "一、"])
def test_brackets_closing_sentences_in_one_paragraph_are_tasks(after: str, marker: str) -> None:
    """``（一）…（X牵头）。…（Y负责）。``: each run of sentences ending in units is a task."""
    body = "".join(
        f"深入推进改革，{text}，取得实效{'' if after else '。'}{bracket}{after}"
        for text, bracket, _ in GROUPS
    )
    second = {"（一）": "（二）", "1.": "2.", "一、": "二、"}[marker]
    text = (
        HEAD + f"{marker}促进多种所有制经济共同发展。{body}\n{second}加强监管。（市审计局负责）\n"
    )
    tasks = parse_text(text).notice.tasks
    assert [units(task) for task in tasks] == [
        *(meaning for _, _, meaning in GROUPS),
        ((), ("市审计局",), ()),
    ]
    assert [task.content.startswith("深入推进改革") for task in tasks[1:3]] == [True, True]


def test_brackets_naming_one_unit_in_common_are_one_task() -> None:
    """Brackets that share a unit speak of one task in parts: its units are their union."""
    text = HEAD + (
        "1.制定准入清单。完成清单编制工作。（市生态环境局牵头，市发展改革局参与）"
        "严格控制燃煤锅炉新建。（市生态环境局、市场监管局牵头，市发展改革局参与）\n"
        "2.加强监管。（市审计局负责）\n"
    )
    first, _ = parse_text(text).notice.tasks
    assert units(first) == (("市生态环境局", "市场监管局"), (), ("市发展改革局",))


# -- role words with pinyin readings ------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "meaning"),
    [
        (
            "(市民政局牽(qiān)頭,各區(qū)、市政府負(fù)責(zé)落實(shí))",
            (("市民政局",), ("各區(qū)、市政府",), ()),
        ),
        ("(市民政局牽(qiān)頭(tóu),規(guī)劃局配(pèi)合)", (("市民政局",), (), ("規(guī)劃局",))),
        (
            "\n牽(qiān)頭單(dān)位(wèi):市民政局\n責(zé)任單位:各區(qū)、市政府",
            (("市民政局",), ("各區(qū)、市政府",), ()),
        ),
        (
            "(牽(qiān)頭單位:市民政局;配(pèi)合單位:規(guī)劃局)",
            (("市民政局",), (), ("規(guī)劃局",)),
        ),
    ],
    ids=[
        "verbs in a bracket",
        "readings after every character",
        "label lines",
        "labels in a bracket",
    ],
)
def test_pinyin_readings_inside_role_words(template: str, meaning: Units) -> None:
    """``負(fù)責(zé)``, ``牽(qiān)頭單位:``: a role word reads the same with readings after its characters."""
    text = (
        HEAD
        + f"1.健全服務清單制度。發(fā)布服務清單。{template}\n2.加強監管。(市審計局負(fù)責(zé))\n"
    )
    result = parse_text(text)
    first, second = result.notice.tasks
    assert units(first) == meaning
    assert units(second) == ((), ("市審計局",), ())
    assert not any(issue.is_error for issue in result.issues)


def test_pinyin_readings_inside_a_notice_rule() -> None:
    """``以下各項(xiàng)工作均需X負(fù)責(zé)落實(shí)``: the rule is read and applied, the names as printed."""
    text = HEAD + (
        "1.健全清單制度。(市民政局牽頭。以下各項(xiàng)工作均需各區(qū)、市政府負(fù)責(zé)落實(shí),不再一一列出。)\n"
        "2.健全兜底保障制度。(市財政局牽頭)\n"
    )
    result = parse_text(text)
    assert [units(task) for task in result.notice.tasks] == [
        (("市民政局",), ("各區(qū)、市政府",), ()),
        (("市財政局",), ("各區(qū)、市政府",), ()),
    ]
    assert "notice-rule-applied" in codes(result)


# -- every named unit leads: 分别牵头 --------------------------------------------------------

SEVERALLY = "市金融办、人民银行潍坊市中心支行、潍坊银监分局分别牵头落实"
SEVERALLY_UNITS: Units = (("市金融办", "人民银行潍坊市中心支行", "潍坊银监分局"), (), ())


@pytest.mark.parametrize(
    "task",
    [
        f"1.加强金融政策信息公开。（{SEVERALLY}）",
        f"1.加强金融政策信息公开。\n{SEVERALLY}。",
        f"1.加强金融政策信息公开。{SEVERALLY}。",
    ],
    ids=["inline bracket", "line of its own", "run-on sentence"],
)
def test_severally_every_named_unit_leads(task: str) -> None:
    """``X、Y、Z分别牵头落实``: each named unit leads its part, wherever printed."""
    result = parse_text(HEAD + task + "\n2.加强财政政策信息公开。（市财政局分别负责）\n")
    first, second = result.notice.tasks
    assert units(first) == SEVERALLY_UNITS
    assert units(second) == ((), ("市财政局",), ())


@pytest.mark.parametrize(
    ("cell", "meaning"), [(YOU, YOU_UNITS), (SEVERALLY, SEVERALLY_UNITS)], ids=["由", "分别"]
)
def test_verb_groups_in_a_cell(cell: str, meaning: Units) -> None:
    """``由X、Y，Z负责落实`` and ``X、Y分别牵头落实`` read the same in a 分工表 cell under 责任单位."""
    rows: list[list[str | None]] = [["序号", "主要任务", "责任单位"], ["1", "实施种粮补贴", cell]]
    (task,) = parse_grid(rows).notice.tasks
    assert units(task) == meaning


# -- a page's menu above the document ------------------------------------------------------


def test_page_menu_above_the_document_number_is_no_title() -> None:
    """Menu and breadcrumb lines above the document number: the title is the lines after it."""
    text = (
        "首页 人才政策一网通查\n市政府关于做好就业创业工作的意见\n政策原文\n扶持力度\n\n"
        "沪府发〔2017〕76号\n\n上海市人民政府关于做好就业创业工作的意见\n\n"
        "各区人民政府,市政府各委、办、局:\n就业是民生之本。\n"
        "（一）促进就业联动。实施就业优先战略。（市发展改革委、市财政局负责）\n"
    )
    notice = parse_text(text).notice
    assert (notice.title, notice.doc_number) == (
        "上海市人民政府关于做好就业创业工作的意见",
        "沪府发〔2017〕76号",
    )
    assert units(notice.tasks[0]) == ((), ("市发展改革委", "市财政局"), ())


# -- a bracket of names alone after a task's sentences ----------------------------------------

BARE = [
    ("（国家统计局江苏调查总队，省统计局）", ("国家统计局江苏调查总队", "省统计局")),
    (
        "(省民政厅、财政厅、物价局,国家统计局江苏调查总队)",
        ("省民政厅", "财政厅", "物价局", "国家统计局江苏调查总队"),
    ),
    ("（省教育厅、省财政厅）", ("省教育厅", "省财政厅")),
]


@pytest.mark.parametrize(("bracket", "names"), BARE)
@pytest.mark.parametrize("where", ["after the sentence", "line of its own"])
def test_a_bracket_of_names_alone_is_the_tasks_units(
    bracket: str, names: tuple[str, ...], where: str
) -> None:
    """``…情况。（X，Y）``: names with no role word after a task's sentences are responsible, said."""
    gap = "\n" if where == "line of its own" else ""
    text = HEAD + (
        f"1.加强价格指数调查统计工作，按月通报运行情况。{gap}{bracket}\n"
        "2.落实补贴政策，保持食堂饭菜价格基本稳定。（省教育厅、省财政厅）\n"
    )
    result = parse_text(text)
    first, second = result.notice.tasks
    assert units(first) == ((), names, ())
    assert units(second) == ((), ("省教育厅", "省财政厅"), ())
    said = [issue.task for issue in result.issues if issue.code == "units-without-role"]
    assert said == ["1", "2"]


def test_a_bracket_of_names_alone_takes_the_notices_first_named_rule() -> None:
    """A first-named rule the notice states makes the bracket's first name the lead."""
    text = HEAD.replace("请认真执行。", "请认真执行。各项任务列第一位者为牵头单位。") + (
        "1.加强价格指数调查统计工作。（省统计局、国家统计局江苏调查总队）\n"
        "2.落实补贴政策。（省教育厅、省财政厅）\n"
    )
    result = parse_text(text)
    assert [units(task) for task in result.notice.tasks] == [
        (("省统计局",), ("国家统计局江苏调查总队",), ()),
        (("省教育厅",), ("省财政厅",), ()),
    ]


@pytest.mark.parametrize("remark", ["（见附件）", "（试行）", "（PM2.5）", "（2024年）", "（略）"])
def test_a_remark_in_brackets_names_no_unit(remark: str) -> None:
    """A remark in brackets after a sentence is no list of units: the task says it has none."""
    text = HEAD + f"1.加强价格指数调查统计工作。{remark}\n2.落实补贴政策。（省教育厅负责）\n"
    result = parse_text(text)
    first, _ = result.notice.tasks
    assert units(first) == ((), (), ())
    assert "task-units-unparsable" in codes(result)


@pytest.mark.parametrize(
    ("lead_in", "first", "second"),
    [
        ("[接上页] ", "11.", "12."),
        ("现提出以下意见： 一、深入实施就业优先战略 ", "1.", "2."),
        ("续上表 ", "(三)", "(四)"),
    ],
)
def test_items_run_together_from_mid_line(lead_in: str, first: str, second: str) -> None:
    """A line whose run of items starts after other words: the run starts at its first number."""
    text = HEAD + (
        f"{lead_in}{first}加强价格指数调查统计工作。(省统计局负责) "
        f"{second}落实补贴政策。(省教育厅、省财政厅负责)\n"
    )
    result = parse_text(text)
    assert [units(task) for task in result.notice.tasks] == [
        ((), ("省统计局",), ()),
        ((), ("省教育厅", "省财政厅"), ()),
    ]


# -- 会同 opening a clause ------------------------------------------------------------------

TOGETHER_UNITS: Units = (("市科委",), ("市经信委", "市发改委", "各区、县(市)政府"), ())


@pytest.mark.parametrize(
    "task",
    [
        "1.大力发展众创空间。力争认定60家市级众创空间。[市科委牵头,会同市经信委、市发改委和各区、县(市)政府负责]",
        "1.大力发展众创空间。力争认定60家市级众创空间。（市科委牵头，会同市经信委、市发改委和各区、县(市)政府负责）",
        "1.大力发展众创空间。力争认定60家市级众创空间。\n市科委牵头，会同市经信委、市发改委和各区、县(市)政府负责。",
    ],
    ids=["square bracket", "round bracket", "line of its own"],
)
def test_together_opening_a_clause(task: str) -> None:
    """``X牵头，会同Y、Z负责``: the names after a clause-opening 会同 take the clause's verb."""
    result = parse_text(HEAD + task + "\n2.加快特色小镇建设。（市发改委负责）\n")
    first, second = result.notice.tasks
    assert units(first) == TOGETHER_UNITS
    assert units(second) == ((), ("市发改委",), ())


def test_together_opening_a_clause_in_a_cell() -> None:
    """The same in a 分工表 cell; ``X会同Y负责`` (会同 after a name) still makes Y cooperating."""
    rows: list[list[str | None]] = [
        ["序号", "主要任务", "责任单位"],
        ["1", "大力发展众创空间", "市科委牵头，会同市经信委、市发改委和各区、县(市)政府负责"],
        ["2", "加快特色小镇建设", "市发改委会同市经信委负责"],
    ]
    first, second = parse_grid(rows).notice.tasks
    assert units(first) == TOGETHER_UNITS
    assert units(second) == ((), ("市发改委",), ("市经信委",))


# -- a bracket of labelled units, then a note --------------------------------------------------


@pytest.mark.parametrize(
    ("bracket", "meaning"),
    [
        (
            "〔责任单位：省发展改革委、省市场监管局按职责分工负责。具体任务均涉及相关市(州)人民政府，不再做分工，下同。〕",
            ((), ("省发展改革委", "省市场监管局", "相关市(州)人民政府"), ()),
        ),
        (
            "（牵头单位：省发展改革委；责任单位：省市场监管局。以下任务均需相关市(州)人民政府落实，不再列出。）",
            (("省发展改革委",), ("省市场监管局", "相关市(州)人民政府"), ()),
        ),
    ],
)
@pytest.mark.parametrize("gap", ["", "\n"], ids=["inline", "line of its own"])
def test_a_note_after_labelled_units_in_their_bracket(
    bracket: str, meaning: Units, gap: str
) -> None:
    """``〔责任单位：X、Y负责。具体任务均涉及Z，下同。〕``: the note is no unit; its rule applies onward."""
    text = HEAD + (
        f"（一）加强市场体系建设。推进高标准市场体系建设。{gap}{bracket}\n"
        "（二）优化市场准入环境。实施证照分离改革。〔责任单位：省商务厅〕\n"
    )
    result = parse_text(text)
    first, second = result.notice.tasks
    assert units(first) == meaning
    assert units(second) == ((), ("省商务厅", "相关市(州)人民政府"), ())
    assert "notice-rule-applied" in codes(result)
    assert not any(issue.is_error for issue in result.issues)


@pytest.mark.parametrize(
    "rule",
    ["各项任务均涉及各县（市、区）人民政府，不再一一列出", "以上任务都涉及各县（市、区）人民政府"],
)
def test_every_task_involves_in_the_preamble(rule: str) -> None:
    """``各项任务均涉及X``: X is responsible for every task, said once."""
    text = HEAD.replace("请认真执行。", f"请认真执行。{rule}。") + (
        "1.加强市场体系建设。（省发展改革委负责）\n2.优化市场准入环境。（省商务厅负责）\n"
    )
    result = parse_text(text)
    assert [units(task)[1] for task in result.notice.tasks] == [
        ("省发展改革委", "各县（市、区）人民政府"),
        ("省商务厅", "各县（市、区）人民政府"),
    ]


def test_first_named_rule_when_the_heading_leads_already() -> None:
    """A heading's lead named first under a first-named rule leads once, not also responsible."""
    text = HEAD + (
        "一、互联网+创业创新\n大力发展众创空间。(牵头单位:市科技局)\n"
        "(一)鼓励众创空间建设。推动众创空间试点示范。"
        "(责任单位:市科技局、市发改委、市经信委,排名第一的部门为牵头责任单位,下同)\n"
        "(二)打造云孵化体系。促进创新要素开放共享。(责任单位:市科技局、市人社局)\n"
    )
    result = parse_text(text)
    assert [units(task) for task in result.notice.tasks] == [
        (("市科技局",), ("市发改委", "市经信委"), ()),
        (("市科技局",), ("市人社局",), ()),
    ]
    assert "notice-rule-applied" in codes(result)


def test_items_after_the_last_task_on_its_line_are_said() -> None:
    """Items run into a task's line that name no unit (the notice's closing items): said, not lost."""
    text = HEAD + (
        "1.加强价格指数调查统计工作。(省统计局负责) 2.落实补贴政策。(省教育厅负责) "
        "三、组织实施 (一)加强组织领导。各市要高度重视。 (二)明确目标责任。各部门要细化措施。\n"
    )
    result = parse_text(text)
    assert [units(task) for task in result.notice.tasks] == [
        ((), ("省统计局",), ()),
        ((), ("省教育厅",), ()),
    ]
    ignored = [issue.message for issue in result.issues if issue.code == "text-ignored"]
    assert len(ignored) == 3  # the heading run in after the last bracket, then its two items
    assert "三、组织实施" in ignored[0]
    assert "加强组织领导" in ignored[1]
    assert "明确目标责任" in ignored[2]


@pytest.mark.parametrize(
    "last",
    [
        "2.深化投资体制改革。实施投资准入负面清单（省发改委牵头）。深化机构改革。统筹抓好事业单位改革,2015年底之前完成承担",
        "2.深化投资体制改革。实施投资准入负面清单（省发改委牵头）。\n统筹抓好政府机构、事业单位改革,2015年底之前完成承担",
        "2.完善中小企业公共服务平台网络,增强产业云服务能力,面向小微企业和创业团",
    ],
    ids=["after the units", "a line after the units", "no units of its own"],
)
def test_the_last_task_ending_inside_a_sentence_is_said(last: str) -> None:
    """A text that ends inside a sentence (a clause begun, no full stop) was cut there: said."""
    text = (
        HEAD
        + "一、深化改革（省发改委牵头）\n1.推进国企改革。完善激励约束机制。（省国资委负责）\n"
        + last
    )
    result = parse_text(text + "\n")
    cut = [issue for issue in result.issues if issue.code == "task-cut-short"]
    assert [issue.task for issue in cut] == ["2"]
    assert "最后一句没有写完" in cut[0].message


@pytest.mark.parametrize("tail", ["2024年底前完成", "持续推进", "牵头单位：省发改委"])
def test_a_last_line_without_a_full_stop_is_not_cut(tail: str) -> None:
    """A short last line (a deadline, a label) without a full stop is no cut sentence."""
    text = (
        HEAD + "1.推进国企改革。完善激励约束机制。（省国资委负责）\n2.深化投资体制改革。\n" + tail
    )
    result = parse_text(text + "\n")
    assert "task-cut-short" not in codes(result)


# -- lists that go on across a comma -----------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "meaning"),
    [
        (
            "区发改局牵头，区财政局、区交运局等部门，区国投公司、各街道办事处配合",
            (("区发改局",), (), ("区财政局", "区交运局", "区国投公司", "各街道办事处")),
        ),
        (
            "市商务局，各县区、开发园区按职责分工负责",
            ((), ("市商务局", "各县区", "开发园区"), ()),
        ),
        (
            "市商务局，各县区、开发园区按照职责分工负责，市财政局配合",
            ((), ("市商务局", "各县区", "开发园区"), ("市财政局",)),
        ),
    ],
    ids=["等部门 then a comma", "按职责分工负责", "按照职责 then another verb"],
)
@pytest.mark.parametrize("where", ["bracket", "line of its own"])
def test_a_list_goes_on_across_a_comma(said: str, meaning: Units, where: str) -> None:
    """``X、Y等部门，Z配合`` and ``X，Y、Z按职责分工负责``: the names before the comma are in the list."""
    assignment = f"（{said}）" if where == "bracket" else f"\n{said}。"
    text = HEAD + f"1.优化营商环境，落实各项政策。{assignment}\n2.加强监管。（市审计局负责）\n"
    first, second = parse_text(text).notice.tasks
    assert units(first) == meaning
    assert units(second) == ((), ("市审计局",), ())


def test_a_list_before_a_comma_takes_the_column_role_without_those_words() -> None:
    """Without 等部门 or 按职责, names before a comma keep the column's role in a cell."""
    rows: list[list[str | None]] = [
        ["序号", "主要任务", "责任单位"],
        ["1", "优化营商环境", "市发改委，市财政局配合"],
    ]
    (task,) = parse_grid(rows).notice.tasks
    assert units(task) == ((), ("市发改委",), ("市财政局",))


# -- 由X负责 opening a sentence of duties --------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "meaning"),
    [
        ("由县国土资源局负责，于7月11日前完成衔接工作。", ((), ("县国土资源局",), ())),
        (
            "由县林业局牵头，县财政局配合，于7月17日前完成征迁工作。",
            (("县林业局",), (), ("县财政局",)),
        ),
        (
            "做好征迁工作。由拦隆口镇人民政府负责，抽调干部加强工作组力量。",
            ((), ("拦隆口镇人民政府",), ()),
        ),
    ],
)
@pytest.mark.parametrize("marker", ["（一）", "1."])
def test_you_opening_a_sentence_names_its_units(item: str, meaning: Units, marker: str) -> None:
    """``（一）由X负责，于…完成……``: 由X负责 opening a sentence names who does the task."""
    second = "（二）" if marker == "（一）" else "2."
    text = HEAD + f"{marker}{item}\n{second}由县住建局负责，完成房屋征收工作。\n"
    first, following = parse_text(text).notice.tasks
    assert units(first) == meaning
    assert units(following) == ((), ("县住建局",), ())
    assert "于" in first.content or "抽调" in first.content


def test_you_inside_a_sentence_is_prose() -> None:
    """由X负责 not opening its sentence, or not closing its clause, names no unit by itself."""
    text = HEAD + "1.完善机制，由市政府负责统筹协调，确保落实。\n2.加强监管。（市审计局负责）\n"
    result = parse_text(text)
    assert units(result.notice.tasks[0]) == ((), (), ())


# -- a rule at the end of a bracket of units -------------------------------------------

RULE_TAILS = [
    ("，列第一位者为牵头单位，下同", (("市科技局",), ("市发改委", "市经信委"), ())),
    ("，排名第一的部门为牵头责任单位，下同", (("市科技局",), ("市发改委", "市经信委"), ())),
    ("。排在第一位的为牵头单位，其余为配合单位，下同。", (("市科技局",), (), ("市发改委", "市经信委"))),
]  # fmt: skip
UNIT_LISTS = ["责任单位：市科技局、市发改委、市经信委", "市科技局、市发改委、市经信委等负责"]


def ruled_pair(text: str) -> tuple[Task, Task]:
    """The two tasks of a text whose rule was applied, read without error."""
    result = parse_text(text)
    assert "notice-rule-applied" in codes(result)
    assert not any(issue.is_error for issue in result.issues)
    first, second = result.notice.tasks
    return first, second


@pytest.mark.parametrize(("tail", "meaning"), RULE_TAILS, ids=["列第一位", "排名第一", "其余"])
@pytest.mark.parametrize("listed", UNIT_LISTS, ids=["label", "verb"])
@pytest.mark.parametrize("brackets", ["（）", "()", "〔〕"])
def test_a_rule_ending_a_bracket_of_units(
    tail: str, meaning: Units, listed: str, brackets: str
) -> None:
    """``（X、Y、Z等负责，列第一位者为牵头单位，下同）``: the units read, the rule applied on."""
    opening, closing = brackets
    text = (
        HEAD
        + f"（一）鼓励众创空间建设。支持新建一批众创空间。{opening}{listed}{tail}{closing}\n"
        + "（二）打造云孵化体系。提供精准服务。（责任单位：市科技局、市人社局）\n"
    )
    first, second = ruled_pair(text)
    assert units(first) == meaning
    _, responsible, cooperating = meaning
    assert units(second) == (
        ("市科技局",),
        ("市人社局",) if responsible else (),
        ("市人社局",) if cooperating else (),
    )


@pytest.mark.parametrize(
    "rule",
    [
        "具体任务均涉及相关市（州）人民政府，不再做分工，下同",
        "以下各项工作均需相关市（州）人民政府落实，不再列出",
        "以下均需相关市（州）人民政府负责落实，不再一一列出",
    ],
)
@pytest.mark.parametrize("separator", ["。", "；"])
def test_a_rule_for_every_task_after_a_bracket_s_units(rule: str, separator: str) -> None:
    """``〔责任单位：X、Y按职责分工负责。具体任务均涉及Z，不再做分工，下同。〕``: Z in every task on."""
    text = (
        HEAD
        + "一、深化改革\n"
        + "（一）加强市场体系建设。推进高标准市场体系建设。〔责任单位：省发展改革委、省市场监管局"
        + f"按职责分工负责{separator}{rule}。〕\n"
        + "（二）优化市场准入环境。持续推进一网通办。〔责任单位：省市场监管局〕\n"
    )
    first, second = ruled_pair(text)
    assert units(first) == ((), ("省发展改革委", "省市场监管局", "相关市（州）人民政府"), ())
    assert units(second) == ((), ("省市场监管局", "相关市（州）人民政府"), ())


@pytest.mark.parametrize(
    "section",
    [
        "一、创业创新\n大力发展众创空间。（牵头单位：市科技局）\n",
        "一、创业创新（市科技局牵头）\n",
        "一、创业创新\n牵头单位：市科技局\n",
    ],
    ids=["paragraph", "heading bracket", "label line"],
)
def test_a_section_s_unit_the_task_names_itself_is_not_handed_down(section: str) -> None:
    """A unit a task names itself keeps its own role: the heading's lead is not added again."""
    text = (
        HEAD
        + section
        + "（一）鼓励众创空间建设。支持新建众创空间。（责任单位：市科技局、市发改委，"
        + "排名第一的部门为牵头责任单位，下同）\n"
        + "（二）打造云孵化体系。提供精准服务。（责任单位：市人社局、市质监局）\n"
    )
    result = parse_text(text)
    first, second = result.notice.tasks
    assert units(first) == (("市科技局",), ("市发改委",), ())
    assert units(second) == (("市科技局",), ("市人社局", "市质监局"), ())
    assert "unit-in-two-roles" not in codes(result)


# -- a task over several rows, each row naming its own unit ----------------------------

PARTS_HEAD = ["序号", "主要任务", "节点", "指标数", "责任单位", "配合单位"]
PARTS_ROWS = [
    ["1", "各条线单位强制分类全覆盖", "2018年", "党政机关全覆盖", "区机管局", "区文明办"],
    ["", "", "2018年", "教育条线全覆盖", "区教育局", ""],
    ["", "", "2019年", "属地经营性场所全覆盖", "各街道办事处", ""],
    ["2", "湿垃圾分类量", "2018年", "28吨/日", "区商务委", "区绿化市容局"],
]
PARTS_MEANING = [
    ((), ("区机管局", "区教育局", "各街道办事处"), ("区文明办",)),
    ((), ("区商务委",), ("区绿化市容局",)),
]


def _parts_flat(separator: str) -> str:
    cells = [*PARTS_HEAD, *(cell for row in PARTS_ROWS for cell in row if cell)]
    return separator.join(cells)


def _parts_piped() -> str:
    return "\n".join("| " + " | ".join(row) + " |" for row in [PARTS_HEAD, *PARTS_ROWS])


@pytest.mark.parametrize(
    "table",
    [_parts_flat("\n"), _parts_flat("\n\n"), _parts_piped()],
    ids=["a cell a line", "blank lines", "| rows"],
)
def test_rows_of_one_task_each_naming_a_unit_are_one_task(table: str) -> None:
    """Rows below a task that print no number or text but units of their own add them to it."""
    result = parse_text(HEAD + "附件\n目标任务分解表\n" + table + "\n")
    assert [units(task) for task in result.notice.tasks] == PARTS_MEANING
    said = [(i.task, i.message) for i in result.issues if i.code == "units-from-rows-below"]
    assert [task for task, _ in said] == ["1"]  # a guess, said of the task it changed
    assert "区教育局、各街道办事处" in said[0][1]


def test_rows_of_one_task_in_a_spreadsheet() -> None:
    """The same table as a 分工表 with the number and task merged down: the same reading."""
    rows: list[list[str | None]] = [list(PARTS_HEAD)]
    for row in PARTS_ROWS:
        filled = [cell or rows[-1][k] for k, cell in enumerate(row)] if not row[0] else row
        rows.append([cell or None for cell in filled])
    rows[2][5] = rows[3][5] = None  # the 配合单位 cell is not merged down
    result = parse_grid(rows)
    assert [units(task) for task in result.notice.tasks] == PARTS_MEANING


@pytest.mark.parametrize("separator", ["\n", "\n\n"], ids=["a line", "blank lines"])
def test_a_line_of_text_under_a_task_s_units_is_not_a_unit(separator: str) -> None:
    """A row whose only cell looks like a name but is text (开工建设老年大学。) adds no unit."""
    cells = [
        *("序号", "民生实事", "责任单位", "完成时限"),
        *(
            "1",
            "开工建设县老年养护楼。",
            "县民政局",
            "5月底前动工",
            "开工建设老年大学。",
            "12月底前",
        ),
        *("2", "迁建县政务服务中心。", "县政务服务中心", "12月底前"),
    ]
    result = parse_text(HEAD + "附件\n民生实事\n" + separator.join(cells) + "\n")
    first = result.notice.tasks[0]
    assert units(first) == ((), ("县民政局",), ())


# -- names saying their roles severally in a flattened table's unit cell ----------------

SEVERALLY_ROWS = [
    ("围绕就业创业政策，加强就业政策信息公开。", "市人社局牵头落实"),
    (
        "围绕稳健中性的货币政策，加强金融政策信息公开。",
        "市金融办、人民银行潍坊市中心支行、潍坊银监分局分别牵头落实",
    ),
    ("加强财政政策信息公开，按月公开全市财政收支情况。", "市财政局牵头落实"),
]
SEVERALLY_MEANING = [
    (("市人社局",), (), ()),
    (("市金融办", "人民银行潍坊市中心支行", "潍坊银监分局"), (), ()),
    (("市财政局",), (), ()),
]


@pytest.mark.parametrize("separator", ["\n", "\n\n"], ids=["a line", "blank lines"])
def test_names_saying_their_roles_are_a_unit_cell_not_text(separator: str) -> None:
    """A cell of names and role words (X、Y分别牵头落实) goes to the unit column, never the text."""
    cells = [
        "目标",
        "任务",
        "主要内容",
        "责任单位",
        "一、以政务公开助力稳增长",
        "（一）加强预期引导",
    ]
    cells += [cell for row in SEVERALLY_ROWS for cell in row]
    result = parse_text(HEAD + "附件\n实施方案\n" + separator.join(cells) + "\n")
    assert [units(task) for task in result.notice.tasks] == SEVERALLY_MEANING
    assert "units-left-in-text" not in codes(result)


@pytest.mark.parametrize(
    "paragraph",
    [
        "（一）加强金融政策信息公开。（市金融办、人民银行潍坊市中心支行、潍坊银监分局分别牵头落实）",
        "（一）加强金融政策信息公开。\n牵头单位：市金融办、人民银行潍坊市中心支行、潍坊银监分局",
        (
            "| 序号 | 主要内容 | 责任单位 |\n| 1 | 加强金融政策信息公开。 "
            "| 市金融办、人民银行潍坊市中心支行、潍坊银监分局分别牵头落实 |"
        ),
    ],
    ids=["bracket", "label line", "table cell"],
)
def test_bank_branches_are_names_in_every_position(paragraph: str) -> None:
    """A bank's branch (人民银行X中心支行) is a unit's name wherever the list stands."""
    (task,) = parse_text(HEAD + paragraph + "\n").notice.tasks
    assert units(task) == SEVERALLY_MEANING[1]


# -- a short word in quotes inside a unit's name ------------------------------------------

QUOTED_MEANING = ((), ("区“两旧”专班", "区房管局", "各相关街镇"), ())


@pytest.mark.parametrize(
    "paragraph",
    [
        "（一）全面完成旧里房屋改造。（责任单位：区“两旧”专班、区房管局、各相关街镇）",
        "（一）全面完成旧里房屋改造。\n责任单位：区“两旧”专班、区房管局、各相关街镇",
        "| 序号 | 主要任务 | 推进单位 |\n| 1 | 全面完成旧里房屋改造。 | 区“两旧”专班、区房管局、各相关街镇 |",
        "序号\n主要任务\n责任单位\n1\n全面完成旧里房屋改造。\n区“两旧”专班、区房管局、各相关街镇",
    ],
    ids=["bracket", "label line", "| table", "a cell a line"],
)
def test_a_quoted_word_inside_a_name_in_every_position(paragraph: str) -> None:
    """区“两旧”专班 is one unit's name wherever the list stands."""
    result = parse_text(HEAD + paragraph + "\n")
    (task,) = result.notice.tasks
    assert units(task) == QUOTED_MEANING
    assert "unit-name-invalid" not in codes(result)


def test_a_quoted_word_inside_a_name_in_a_spreadsheet() -> None:
    """The same unit cell in a 分工表 gives the same names."""
    rows: list[list[str | None]] = [
        ["序号", "主要任务", "责任单位"],
        ["1", "全面完成旧里房屋改造。", "区“两旧”专班、区房管局、各相关街镇"],
    ]
    (task,) = parse_grid(rows).notice.tasks
    assert units(task) == QUOTED_MEANING


@pytest.mark.parametrize(
    ("name", "fine"),
    [
        ("区“两旧”专班", True),
        ("市“放管服”改革办公室", True),
        ("“两旧”专班", False),  # a quote opening a name: text, not a name
        ("推进“美丽家园”建设", False),
        ("区“两旧”专班。区房管局", False),
    ],
)
def test_quoted_words_and_the_name_check(name: str, fine: bool) -> None:
    """Quotes pass the name check only around a short word inside a name."""
    assert (name_problem(name) is None) is fine


# -- a name's other name in brackets on the line under it -----------------------------------

ALIAS_MEANING = ((), ("区建设管理委（区水务局）", "上海城投集团"), ("杨浦城投集团",))
ALIAS_ROWS = [
    (
        "1",
        "移交清单建立",
        "完成现场盘点",
        "区建设管理委\n（区水务局）\n上海城投集团",
        "杨浦城投集团",
    ),
    ("2", "感知体系建设", "完成模拟评估系统建设", "上海城投集团", "区建设管理委\n（区水务局）"),
]


@pytest.mark.parametrize("layout", ["blank lines", "spreadsheet", "running text"])
def test_a_bracket_under_a_name_is_the_name_s_other_name(layout: str) -> None:
    """``区建设管理委`` over ``（区水务局）`` in a cell is one unit, as it is on one line."""
    head = ("序号", "改革任务", "工作要求", "责任单位", "配合单位")
    if layout == "spreadsheet":
        result = parse_grid([list(head), *(list(row) for row in ALIAS_ROWS)])
    elif layout == "blank lines":
        cells = [*head, *(cell for row in ALIAS_ROWS for cell in row)]
        result = parse_text(HEAD + "附件1\n任务表\n" + "\n\n".join(cells) + "\n")
    else:
        result = parse_text(
            HEAD
            + "1.移交清单建立。完成现场盘点。（责任单位：区建设管理委（区水务局）、上海城投集团；"
            + "配合单位：杨浦城投集团）\n"
            + "2.感知体系建设。完成模拟评估系统建设。（责任单位：上海城投集团；"
            + "配合单位：区建设管理委（区水务局））\n"
        )
    first, second = result.notice.tasks
    assert units(first) == ALIAS_MEANING
    assert units(second) == ((), ("上海城投集团",), ("区建设管理委（区水务局）",))
    assert "unit-name-invalid" not in codes(result)


def test_a_role_in_brackets_under_a_name_is_its_role() -> None:
    """``市发改委`` over ``（牵头）`` in a unit cell: the 市发改委 leads."""
    rows = [["序号", "主要任务", "责任单位"], ["1", "推进数据开放", "市发改委\n（牵头）\n市财政局"]]
    (task,) = parse_grid(rows).notice.tasks
    assert units(task) == (("市发改委",), ("市财政局",), ())


# -- 相关部门 and 支撑单位 as labels ----------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "meaning"),
    [
        ("相关部门", ((), ("区建设管理委", "区公安分局", "属地街道"), ())),
        ("相关单位", ((), ("区建设管理委", "区公安分局", "属地街道"), ())),
        ("支撑单位", ((), (), ("区建设管理委", "区公安分局", "属地街道"))),
    ],
)
@pytest.mark.parametrize("where", ["label line", "bracket", "table column"])
def test_related_and_supporting_labels_in_every_position(
    label: str, meaning: Units, where: str
) -> None:
    """相关部门/相关单位 name the responsible units, 支撑单位 the cooperating, wherever they stand."""
    names = "区建设管理委、区公安分局、属地街道"
    body = {
        "label line": f"（一）全面排查，分类建档\n对内部道路进行全面排查。\n{label}：{names}等。\n",
        "bracket": f"（一）全面排查，分类建档。对内部道路进行全面排查。（{label}：{names}）\n",
        "table column": f"| 序号 | 主要任务 | {label} |\n| 1 | 全面排查，分类建档 | {names} |\n",
    }[where]
    (task,) = parse_text(HEAD + body).notice.tasks
    assert units(task) == meaning


# -- a whole notice on one line: items run together after any bracket of units -------------


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("[", "]"), ("【", "】"), ("〔", "〕"), ("（", "）"), ("(", ")")],
)
@pytest.mark.parametrize("before", ["", "。", "： "], ids=["run in", "full stop", "colon"])
def test_items_run_together_after_any_bracket(opening: str, closing: str, before: str) -> None:
    """``…负担1.…[责任单位:X]2.…[责任单位:Y]``: each number after a bracket of units starts an item."""
    text = (
        HEAD
        + f"二、工作措施(一)降低企业税收负担{before}1.严格执行土地使用税的税额标准。"
        + f"{opening}责任单位:市财政局、市税务局{closing}2.执行全省统一的印花税核定征收办法。"
        + f"{opening}责任单位:市税务局{closing}\n"
    )
    result = parse_text(text)
    assert [units(task) for task in result.notice.tasks] == [
        ((), ("市财政局", "市税务局"), ()),
        ((), ("市税务局",), ()),
    ]
    first = result.notice.tasks[0]
    assert (first.title + first.content).startswith("严格执行")


def test_a_date_in_brackets_under_a_name_is_not_part_of_it() -> None:
    """``市发改委`` over ``（2024年底前）``: no unit named 市发改委（2024年底前）."""
    rows = [["序号", "主要任务", "责任单位"], ["1", "推进数据开放", "市发改委\n（2024年底前）"]]
    (task,) = parse_grid(rows).notice.tasks
    assert not any("年底" in name for name in task.lead + task.responsible + task.cooperating)


@pytest.mark.parametrize(
    "recipients", ["各镇人民政府，区政府各部门，相关单位：", "各区、相关部门："]
)
def test_a_recipients_line_ending_in_related_bodies_is_no_label(recipients: str) -> None:
    """``各镇人民政府，…，相关单位：`` addresses the notice: it labels no task's units."""
    text = (
        f"关于印发工作方案的通知\n{recipients}\n现将方案印发给你们，请认真执行。\n"
        "（一）推进数据开放。（牵头单位：市发改委）\n（二）加强监管。（责任单位：市财政局）\n"
    )
    result = parse_text(text)
    assert [units(task) for task in result.notice.tasks] == [
        (("市发改委",), (), ()),
        ((), ("市财政局",), ()),
    ]
    assert result.notice.recipients[-1].endswith(("相关单位", "相关部门"))


# -- a unit heading with a word between its role word and its body word -------------------

WIDENED = [
    ("牵头指导处室", (("市局质量处",), ("各区市场监管局",), ())),
    ("牵头实施部门", (("市局质量处",), ("各区市场监管局",), ())),
    ("配合协调部门", ((), ("各区市场监管局",), ("市局质量处",))),
]


@pytest.mark.parametrize(("heading", "meaning"), WIDENED, ids=[w for w, _ in WIDENED])
@pytest.mark.parametrize("where", ["grid", "pipe text", "label line"])
def test_a_widened_unit_heading_keeps_its_role(heading: str, meaning: Units, where: str) -> None:
    """牵头指导处室 is 牵头处室 with 指导 inside: read with its role in a table and on a line, guessed."""
    rows = [
        ["序号", "工作任务", heading, "实施单位"],
        ["1", "强化产品质量监督。", "市局质量处", "各区市场监管局"],
    ]
    if where == "grid":
        result = parse_grid([list(row) for row in rows])
    elif where == "pipe text":
        result = parse_text(HEAD + "\n".join("| " + " | ".join(r) + " |" for r in rows) + "\n")
    else:
        text = f"1.强化产品质量监督。\n{heading}：市局质量处\n实施单位：各区市场监管局\n"
        result = parse_text(HEAD + text)
    (task,) = result.notice.tasks
    assert units(task) == meaning
    assert codes(result) & {"column-guessed", "role-word-guessed"}


@pytest.mark.parametrize("heading", ["评分部门", "指导处室", "牵头单位名称", "牵头工作内容"])
def test_words_that_only_look_widened_are_no_unit_heading(heading: str) -> None:
    """Only a role word, at most four characters, then a body word: else no column of units."""
    column = classify_heading(heading)
    assert column is None or column.kind is not ColumnKind.UNITS


# -- a collective after 等 is a name of its own --------------------------------------------


@pytest.mark.parametrize(
    "printed",
    [
        "发展改革委、商务委等各相关部门",
        "（发展改革委、商务委等各相关部门负责）",
        "责任单位：发展改革委、商务委等各相关部门",
    ],
    ids=["cell", "bracket", "label"],
)
def test_a_collective_after_deng_is_named(printed: str) -> None:
    """X、Y等各相关部门 names 各相关部门 too, in a cell, a bracket and after a label."""
    results = []
    if printed.startswith("（"):
        results.append(parse_text(HEAD + f"1.严格节能审查。{printed}\n"))
    else:
        rows = [["序号", "工作任务", "责任单位"], ["1", "严格节能审查。", printed]]
        results.append(parse_grid([list(row) for row in rows]))
    if printed.startswith("责任单位"):
        results.append(parse_text(HEAD + f"1.严格节能审查。\n{printed}\n"))
    for result in results:
        (task,) = result.notice.tasks
        assert units(task) == ((), ("发展改革委", "商务委", "各相关部门"), ())


def test_words_after_deng_still_describe_the_names() -> None:
    """区房管局等建设主管部门: 等 and a description without 各 is no name."""
    (task,) = parse_text(HEAD + "1.加强物业管理。（区房管局等建设主管部门负责）\n").notice.tasks
    assert units(task) == ((), ("区房管局",), ())


# -- a unit cell merged down over every row, in Word and Excel --------------------------------

MERGED_ROWS = [
    ["序号", "工作任务", "牵头指导处室", "实施单位"],
    ["1", "强化产品质量监督。", "市局质量处", "各区市场监管局、机场分局"],
    ["2", "强化标准规范。", "市局标准处", None],
    ["3", "强化认证活动监管。", "市局认证处", None],
]


def _merged_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("关于开展电动自行车质量监管的通知")
    table = document.add_table(rows=len(MERGED_ROWS), cols=4)
    for r, row in enumerate(MERGED_ROWS):
        for c, value in enumerate(row):
            if value is not None:
                table.cell(r, c).text = value
    table.cell(1, 3).merge(table.cell(len(MERGED_ROWS) - 1, 3))
    document.save(str(path))
    return path


def _merged_xlsx(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in MERGED_ROWS:
        sheet.append(row)
    sheet.merge_cells(f"D2:D{len(MERGED_ROWS)}")
    workbook.save(path)
    return path


@pytest.mark.parametrize("write", [_merged_docx, _merged_xlsx], ids=["docx", "xlsx"])
def test_a_cell_merged_down_applies_to_every_row(
    tmp_path: Path, write: Callable[[Path], Path]
) -> None:
    """实施单位 printed once over three rows: each task has it, each its own 牵头指导处室 lead."""
    path = write(tmp_path / f"分工表.{write.__name__[-4:]}")
    tasks = read_notice(path).notice.tasks
    assert [units(task) for task in tasks] == [
        ((lead,), ("各区市场监管局", "机场分局"), ())
        for lead in ("市局质量处", "市局标准处", "市局认证处")
    ]


ONWARD_NOTICE = """关于开展电动自行车安全整治的通知
一、重点任务
1．强化产品质量监督。开展质量监督抽查。（{first}）
2．加强标准引领。推动标准实施。（牵头指导处室：市局标准处）
3．规范认证活动。开展认证检查。（牵头指导处室：市局认证处）
"""


@pytest.mark.parametrize(
    "first",
    [
        "牵头指导处室：市局质量处，各区市场监管局、机场分局为实施单位，下同",
        "牵头单位：市局质量处，各区市场监管局、机场分局为实施单位，下同",
        "市局质量处牵头，各区市场监管局、机场分局为实施单位，后同",
        "牵头单位：市局质量处；各区市场监管局、机场分局为责任单位，下同",
    ],
)
def test_units_given_a_role_from_one_task_on(first: str) -> None:
    """``Y、Z为实施单位，下同`` closing a task's bracket: Y and Z are responsible from there on.

    Each task keeps its own lead; the rule is applied and said (notice-rule-applied),
    and 下同 is never read as a unit's name.
    """
    result = parse_text(ONWARD_NOTICE.format(first=first))
    assert [units(task) for task in result.notice.tasks] == [
        ((lead,), ("各区市场监管局", "机场分局"), ())
        for lead in ("市局质量处", "市局标准处", "市局认证处")
    ]
    assert "notice-rule-applied" in codes(result)
    assert "unit-name-invalid" not in codes(result)


def test_an_abbreviation_said_to_hold_on_is_no_rule() -> None:
    """``（以下简称市监局，下同）`` names no unit with a role: nothing is handed to later tasks."""
    text = ONWARD_NOTICE.format(first="牵头指导处室：市局质量处").replace(
        "开展质量监督抽查。", "市市场监督管理局（以下简称市监局，下同）开展质量监督抽查。"
    )
    tasks = parse_text(text).notice.tasks
    assert [task.responsible for task in tasks] == [(), (), ()]
