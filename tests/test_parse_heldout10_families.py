"""Families of forms notices-heldout10 brought, each read by one rule (never one notice's text).

A role phrase with its ground after a list of units (``X、Y依据各自职责分别组织
实施``); a name check that let such a phrase pass as a collective's 各.
"""

from __future__ import annotations

import pytest
from support.parsing import HEAD, codes, units

from gzgk import parse_text
from gzgk.lexicon.names import name_problem
from gzgk.model import Role
from gzgk.parse.grammar import read_units

# -- a role phrase with its ground after the units ------------------------------

GROUNDS = [
    "依据各自职责分别组织实施",
    "按照各自职责分工负责",
    "根据职责分工推进",
    "依照各自职能办理",
    "按职责分工组织实施",
]


@pytest.mark.parametrize("phrase", GROUNDS)
def test_a_ground_and_a_duty_after_the_units_is_their_role(phrase: str) -> None:
    """``X、Y、Z依据各自职责分别组织实施``: X, Y and Z are responsible, the phrase no name."""
    text = (
        HEAD
        + f"一、落实购房补贴。给予一次性购房补贴。（责任单位：市住建局、市财政局、市公安局{phrase}）\n"
        "二、落实税费政策。对出售自有住房予以退税。（责任单位：市税务局）\n"
    )
    result = parse_text(text)
    assert [units(task) for task in result.notice.tasks] == [
        ((), ("市住建局", "市财政局", "市公安局"), ()),
        ((), ("市税务局",), ()),
    ]
    assert "unit-name-invalid" not in codes(result)


@pytest.mark.parametrize("phrase", GROUNDS)
def test_a_ground_and_a_duty_in_running_text_assign(phrase: str) -> None:
    """Without a label the phrase is the verb: the names before it are responsible."""
    read = read_units(f"市住建局、市财政局{phrase}", None)
    assert read is not None
    assert [(field.role, field.names) for field in read.fields] == [
        (Role.RESPONSIBLE, ("市住建局", "市财政局"))
    ]


@pytest.mark.parametrize("alone", ["组织实施", "推进", "实施"])
def test_a_duty_verb_without_its_ground_is_no_role(alone: str) -> None:
    """实施 or 推进 alone ends a task's text as often as an assignment: not read as a role."""
    read = read_units(f"市住建局{alone}", None)
    assert read is not None
    assert not read.fields


# -- the name check: 各自 is no collective's 各 -----------------------------------


@pytest.mark.parametrize(
    "glued",
    ["市公安局依据各自职责分别组织实施", "市财政局各自负责实施", "区住建局按各自分工推进"],
)
def test_a_name_with_a_ground_glued_fails_the_check(glued: str) -> None:
    """A 各 inside a text made it a collective (市直各部门): 各自, or 各 after no owner, does not."""
    assert name_problem(glued) is not None


@pytest.mark.parametrize(
    "collective",
    ["市直各部门", "县政府各部门", "区级各有关部门", "市公安局各科室", "区属各企业", "市辖各区"],
)
def test_a_collective_after_its_owner_still_passes(collective: str) -> None:
    """The owner before 各 (市直, 县政府, 市公安局) keeps the collective a name."""
    assert name_problem(collective) is None


# -- a label with the ratio sign for its colon, or with no colon -----------------

BARE_LABELS = [
    (
        "（责任单位市财政局，配合单位∶市住建局、市税务局）",
        ((), ("市财政局",), ("市住建局", "市税务局")),
    ),
    ("(责任单位∶市金融办,配合单位各商业银行)", ((), ("市金融办",), ("各商业银行",))),
    ("（责任单位市住房城乡建设局、市质安站）", ((), ("市住房城乡建设局", "市质安站"), ())),
    ("（牵头单位∶市发改委；责任单位∶市财政局）", (("市发改委",), ("市财政局",), ())),
]


@pytest.mark.parametrize(("bracket", "expected"), BARE_LABELS)
def test_a_label_with_the_ratio_sign_or_no_colon(bracket: str, expected: object) -> None:
    """``责任单位∶X`` (U+2236) and ``责任单位X`` before a name read as ``责任单位：X``."""
    text = (
        HEAD
        + f"一、加大财政支持。给予购房补贴。{bracket}\n二、落实税费政策。予以退税。（责任单位：市税务局）\n"
    )
    result = parse_text(text)
    assert [units(task) for task in result.notice.tasks] == [expected, ((), ("市税务局",), ())]
    assert not {"unit-name-invalid", "units-without-role"} & codes(result)


@pytest.mark.parametrize("prose", ["责任单位要加强监督检查", "各责任单位市场意识"])
def test_a_label_word_in_prose_is_no_label(prose: str) -> None:
    """A label word without a colon before words that are no name stays prose."""
    read = read_units(prose, None)
    assert read is None or not read.fields


# -- an article's number run on into its title -------------------------------------


def test_articles_run_on_into_their_titles() -> None:
    """``第一条支持购买…`` is article 1; ``第四条规定…`` at a line's start is no article."""
    text = (
        HEAD + "第一条支持购买新建商品住房。给予补贴。（责任单位：市住建局）\n"
        "第二条推动非住宅商品房去库存。给予消费券。（责任单位：市商务局）\n"
        "第三条提升服务审批质效。推广带押过户。（责任单位：市自然资源局）\n"
    )
    result = parse_text(text)
    assert [task.number for task in result.notice.tasks] == ["第一条", "第二条", "第三条"]
    assert [task.responsible for task in result.notice.tasks] == [
        ("市住建局",),
        ("市商务局",),
        ("市自然资源局",),
    ]


# -- verbs run together --------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("区建设局牵头，相关单位参与配合", (("区建设局",), (), ("相关单位",))),
        ("市发改委牵头负责，市财政局协助配合", (("市发改委",), (), ("市财政局",))),
    ],
)
def test_verbs_run_together_are_one_verb(printed: str, expected: object) -> None:
    """``相关单位参与配合``: 参与配合 is one verb, 相关单位 the name."""
    text = (
        HEAD
        + f"一、加快项目建设。推进配套建设。（责任单位：{printed}）\n二、落实税费政策。予以退税。（责任单位：市税务局）\n"
    )
    result = parse_text(text)
    assert units(result.notice.tasks[0]) == expected
    assert "unit-name-invalid" not in codes(result)


# -- items numbered with digits glued after the last item's units ----------------------


@pytest.mark.parametrize("first", ["", "01"])
def test_numbers_glued_after_the_units_bracket_start_items(first: str) -> None:
    """``〔责任单位：X〕02对生育家庭…``: 02 starts an item; 〔2023〕5号, 2024年 do not."""
    text = (
        HEAD
        + f"{first}实行购房补贴。依据《通知》(南府发〔2023〕5号)给予补贴。〔责任单位：区财政局〕"
        "02对生育家庭实施购房补助。2024年起给予补贴。〔责任单位：区民政局〕"
        "03按时完成产证办理。给予补助。〔责任单位：区住建局〕\n"
    )
    result = parse_text(text)
    tasks = result.notice.tasks
    assert [task.title for task in tasks][-2:] == ["对生育家庭实施购房补助", "按时完成产证办理"]
    assert [task.responsible for task in tasks][-2:] == [("区民政局",), ("区住建局",)]
    if not first:  # the first item's number lost: said
        assert "task-number-gap" in codes(result)
