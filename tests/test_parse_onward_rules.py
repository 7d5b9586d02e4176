"""Rules for the tasks after them, and a section of one paragraph per unit.

Two families met in notices nobody tuned the parser to, each read by one rule:

* a rule closing a task's units that gives every task from there on more
  units (``以下措施均需江北新区管委会、各区政府落实，不再单独列出``), in any
  wording (以下/下列/后续 … 均需/均由/都要 … 落实/负责/参与 …，不再（一一/单独）
  列出/不再重复), in any bracket, after a label, a verb group, or on a label
  line: the units stay the task's, the rule is applied onward and said once;
  in a section heading it covers the tasks under that heading;
* a work plan whose section ``六、职责分工`` gives one unnumbered paragraph per
  unit (``市房产局：负责……``): each paragraph is a task, numbered by gzgk and
  said so.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from attrs import evolve
from support.layouts import AFTER, BEFORE, Cell, Document, Layout, build, make_notice, write
from support.libreoffice import LibreOffice
from support.parsing import HEAD, Units, codes, units
from support.text import wrap

from gzgk import Role, parse_text, read_notice
from gzgk.lexicon.vocabulary import onward_assignment

# -- a rule for the tasks from here on, closing a task's units ---------------------------------

# (the rule as printed, the names it gives, their role)
ONWARD = [
    ("以下均需各园区管委会，各镇（街）人民政府落实，不再列出", ("各园区管委会", "各镇（街）人民政府"), Role.RESPONSIBLE),
    ("以下措施均需江北新区管委会、各区政府落实，不再单独列出", ("江北新区管委会", "各区政府"), Role.RESPONSIBLE),
    ("以下任务均由各县（市、区）人民政府负责，不再一一列出", ("各县（市、区）人民政府",), Role.RESPONSIBLE),
    ("下列事项都要各区政府参与，不再重复", ("各区政府",), Role.COOPERATING),
    ("后续各项任务均需各区政府落实，不再一一列出", ("各区政府",), Role.RESPONSIBLE),
    ("以下任务均需各区政府落实", ("各区政府",), Role.RESPONSIBLE),
    ("以下各项工作均需各區政府負責落實，不再一一列出", ("各區政府",), Role.RESPONSIBLE),
]  # fmt: skip

# Where the rule stands: (the first task's lines, its own units before the rule is applied)
POSITIONS = {
    "bracket after a label": (
        "1.加强税收征管。推进改革。{o}责任单位：市税务局、市财政局，{rule}{c}\n",
        ((), ("市税务局", "市财政局"), ()),
    ),
    "bracket after a verb group": (
        "1.加强税收征管。推进改革。{o}市税务局、市财政局等按职责分工负责，{rule}{c}\n",
        ((), ("市税务局", "市财政局"), ()),
    ),
    "bracket after two roles": (
        "1.加强税收征管。推进改革。{o}市税务局牵头，市财政局配合；{rule}{c}\n",
        (("市税务局",), (), ("市财政局",)),
    ),
    "bracket of its own": (
        "1.加强税收征管。推进改革。{o}市税务局、市财政局负责{c}{o}{rule}{c}\n",
        ((), ("市税务局", "市财政局"), ()),
    ),
    "label line": (
        "1.加强税收征管。推进改革。\n责任单位：市税务局、市财政局，{rule}\n",
        ((), ("市税务局", "市财政局"), ()),
    ),
    "sentence after the bracket": (
        "1.加强税收征管。推进改革。{o}市税务局、市财政局负责{c}。{rule}。\n",
        ((), ("市税务局", "市财政局"), ()),
    ),
}
BRACKETS = ["（）", "()", "〔〕", "【】", "[]"]


def _with(own: Units, names: tuple[str, ...], role: Role) -> Units:
    """A task's units with a rule's names added in their role, after the printed ones."""
    lead, responsible, cooperating = own
    if role is Role.COOPERATING:
        return lead, responsible, cooperating + names
    return lead, responsible + names, cooperating


@pytest.mark.parametrize(("rule", "names", "role"), ONWARD, ids=[r[:6] for r, _, _ in ONWARD])
@pytest.mark.parametrize("position", list(POSITIONS))
@pytest.mark.parametrize("bracket", BRACKETS)
def test_a_rule_for_the_tasks_from_here_on_in_every_wording_and_position(
    rule: str, names: tuple[str, ...], role: Role, position: str, bracket: str
) -> None:
    """One reading of the rule wherever it stands: its task and every later one get its units.

    The rule's words never become units' names, and the rule is said once
    (notice-rule-applied) with the tasks it changed.
    """
    form, own = POSITIONS[position]
    first = form.format(o=bracket[0], c=bracket[1], rule=rule)
    later = "2.优化纳税服务。持续推进一网通办。（市商务局负责）\n3.加强宣传。（市委宣传部负责）\n"
    result = parse_text(HEAD + "一、重点任务\n" + first + later)
    assert [units(task) for task in result.notice.tasks] == [
        _with(own, names, role),
        _with(((), ("市商务局",), ()), names, role),
        _with(((), ("市委宣传部",), ()), names, role),
    ]
    assert "notice-rule-applied" in codes(result)
    assert not codes(result) & {"unit-name-invalid", "rule-not-applied", "task-merged-suspect"}
    assert not any(issue.is_error for issue in result.issues)


def test_a_rule_that_names_the_task_s_own_units_adds_them_once() -> None:
    """``〔责任单位：市税务局，各园区管委会，以下均需各园区管委会落实，不再列出〕``: no unit twice."""
    text = HEAD + (
        "1.落实减税政策。〔责任单位：市税务局，各园区管委会，以下均需各园区管委会落实，不再列出〕\n"
        "2.落实留抵退税政策。(责任单位：市税务局、财政局)\n"
    )
    tasks = parse_text(text).notice.tasks
    assert [task.responsible for task in tasks] == [
        ("市税务局", "各园区管委会"),
        ("市税务局", "财政局", "各园区管委会"),
    ]


def test_the_rule_covers_only_the_tasks_after_it() -> None:
    """A rule closing the second task's units leaves the first task as printed."""
    text = HEAD + (
        "1.落实减税政策。（市税务局负责）\n"
        "2.落实留抵退税政策。（市财政局负责，以下均需各区政府落实，不再一一列出）\n"
        "3.加强宣传。（市委宣传部负责）\n"
    )
    tasks = parse_text(text).notice.tasks
    assert [task.responsible for task in tasks] == [
        ("市税务局",),
        ("市财政局", "各区政府"),
        ("市委宣传部", "各区政府"),
    ]


@pytest.mark.parametrize(("rule", "names", "role"), ONWARD, ids=[r[:6] for r, _, _ in ONWARD])
@pytest.mark.parametrize("bracket", BRACKETS)
def test_a_rule_in_a_section_heading_covers_the_tasks_under_it(
    rule: str, names: tuple[str, ...], role: Role, bracket: str
) -> None:
    """``一、重点任务（以下任务均需各区政府落实，不再一一列出）``: each task under it, no other."""
    lines = [
        f"一、重点任务{bracket[0]}{rule}{bracket[1]}",
        "1.加强税收征管。推进改革。（市税务局负责）",
        "2.优化纳税服务。持续推进一网通办。（市商务局负责）",
        "二、保障措施",
        "3.加强宣传。（市委宣传部负责）",
    ]
    result = parse_text(HEAD + "\n".join(lines) + "\n")
    assert [units(task) for task in result.notice.tasks] == [
        _with(((), ("市税务局",), ()), names, role),
        _with(((), ("市商务局",), ()), names, role),
        ((), ("市委宣传部",), ()),
    ]
    assert "notice-rule-applied" in codes(result)
    assert not codes(result) & {"unit-name-invalid", "rule-not-applied"}


@pytest.mark.parametrize(
    "heading", ["二、保障措施（各街道配合，下同）", "二、保障措施（由属地统筹负责，不再一一列出）"]
)
def test_a_rule_gzgk_cannot_read_in_a_heading_is_named_with_its_tasks(heading: str) -> None:
    """Rule words in a heading that read as no rule: said once, with the tasks under it."""
    text = HEAD + (
        "一、重点任务\n1.加强税收征管。（市税务局负责）\n"
        f"{heading}\n2.加强宣传。（市委宣传部负责）\n3.强化督查。（区督查室负责）\n"
    )
    result = parse_text(text)
    said = [issue for issue in result.issues if issue.code == "rule-not-applied"]
    assert len(said) == 1
    assert said[0].task == "2"
    assert said[0].message.endswith("（2、3）")


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "市税务局负责，以下措施均需各区政府落实，不再单独列出",
            "以下措施均需各区政府落实，不再单独列出",
        ),
        ("责任单位：市税务局。以下均由各区政府负责，下同", "以下均由各区政府负责，下同"),
        ("市税务局；后续任务都要各区政府参与，不再重复。", "后续任务都要各区政府参与，不再重复"),
        (
            "以下各項工作均需各區政府負責落實，不再一一列出",
            "以下各項工作均需各區政府負責落實，不再一一列出",
        ),
        ("牵头单位：市局质量处，各区市场监管局为实施单位，下同", "各区市场监管局为实施单位，下同"),
        ("市税务局负责，以下任务均需各区政府落实", "以下任务均需各区政府落实"),
    ],
)
def test_onward_rule_wordings(text: str, rule: str) -> None:
    """Where the rule starts in a bracket's text, and what it says, in each wording."""
    found = onward_assignment(text)
    assert found is not None
    assert found == (text.index(rule), rule)


@pytest.mark.parametrize(
    "text",
    [
        "以下简称市监局，下同",  # an abbreviation said to hold on
        "含开发区，下同",
        "10千伏及以下用户，不再列出",  # 以下 inside a clause, no verb of assignment
        "以下为各区政府落实情况",  # no 均 and no word saying it holds on
        "市税务局负责，以下均需各区政府落实，不再列出。其余事项按规定办理",  # not the bracket's end
    ],
)
def test_no_onward_rule(text: str) -> None:
    """Words that look like such a rule but are none: nothing moves."""
    assert onward_assignment(text) is None


# -- a section of one paragraph per unit ------------------------------------------------------

DUTY_PLAN = """\
关于印发城镇房屋定期体检工作方案的通知
各区人民政府，市政府有关部门：
现将方案印发给你们，请认真贯彻执行。
{top[0]}总体要求
{sub[0]}指导思想。坚持人民至上，守住房屋安全底线。
{sub[1]}工作目标。建立城镇房屋定期体检制度。
{top[1]}职责分工
{first}负责牵头组织城镇房屋定期体检工作的组织实施、统筹协调和监督指导。
{second}负责宣传引导房屋定期体检工作，营造良好氛围。
{third}对体检不通过的房屋，探索采取暂不得上市交易的限制措施。
{top[2]}保障措施
{sub[0]}加强组织领导。各区要制定实施方案，统筹推进。
{sub[1]}强化督导检查。定期通报工作进展。
"""
DUTY_UNITS = ("市房产局", "市委宣传部", "沈阳住房公积金管理中心")
# Numbering of the plan's sections and of the items under them
NUMBERING = {
    "一、 over （一）": (("一、", "二、", "三、"), ("（一）", "（二）")),
    "（一） over 1.": (("（一）", "（二）", "（三）"), ("1.", "2.")),
    "1. over （1）": (("1.", "2.", "3."), ("（1）", "（2）")),
}


@pytest.mark.parametrize("colon", ["：", ":", "。"])
@pytest.mark.parametrize("kind", ["text", "docx"])
@pytest.mark.parametrize("numbering", list(NUMBERING))
def test_unnumbered_unit_paragraphs_under_a_heading_are_tasks(
    colon: str, kind: str, numbering: str, tmp_path: Path
) -> None:
    """``{top[1]}职责分工`` over ``市房产局：负责……`` paragraphs: a task each, numbered by gzgk, said.

    The plan's other sections, which name no unit, are no tasks; the units are
    responsible (units-from-heading), and the made numbers are said once.
    """
    first, second, third = (f"{name}{colon}" for name in DUTY_UNITS)
    top, sub = NUMBERING[numbering]
    text = DUTY_PLAN.format(first=first, second=second, third=third, top=top, sub=sub)
    if kind == "text":
        result = parse_text(text)
    else:
        document = docx.Document()
        for line in text.splitlines():
            document.add_paragraph(line)
        path = tmp_path / "方案.docx"
        document.save(str(path))
        result = read_notice(path, isolated=False)
    tasks = result.notice.tasks
    assert [units(task) for task in tasks] == [((), (name,), ()) for name in DUTY_UNITS]
    numbers = [task.number for task in tasks]
    assert numbers == [f"{numbers[0][:-2]}.{index}" for index in (1, 2, 3)]
    assert numbers[0].strip("（）").startswith(top[1].strip("（）、."))
    assert tasks[2].content.startswith("对体检不通过的房屋")
    made = [issue for issue in result.issues if issue.code == "task-numbers-made"]
    assert len(made) == 1
    assert "、".join(numbers) in made[0].message
    assert not any(issue.is_error for issue in result.issues)


@pytest.mark.parametrize(
    ("paragraph", "names"),
    [
        (
            "市发展改革委、国资委、卫生健康委等其他行业部门根据职责分工，负责督促落实房屋体检制度。",
            ("市发展改革委", "国资委", "卫生健康委"),
        ),
        ("市教育局、市民政局按照职责，做好学校和养老机构房屋体检工作。", ("市教育局", "市民政局")),
        (
            "区建管委、区房管局、各街道办事处负责督促业主开展体检。",
            ("区建管委", "区房管局", "各街道办事处"),
        ),
    ],
)
def test_a_unit_paragraph_opening_with_its_names_as_subject_is_a_task(
    paragraph: str, names: tuple[str, ...]
) -> None:
    """A paragraph in the list opening with names and no colon is its own task, those units.

    ``市发展改革委、国资委、…等其他行业部门根据……负责……`` is not run into the
    paragraph before it: its names before the words after them are its units
    (responsible, said like units named by a heading), the rest its text.
    """
    top, sub = NUMBERING["一、 over （一）"]
    text = DUTY_PLAN.format(first="市房产局：", second="市委宣传部：", third="", top=top, sub=sub)
    text = text.replace("三、保障措施", paragraph + "\n三、保障措施")
    result = parse_text(text)
    tasks = result.notice.tasks
    assert [task.responsible for task in tasks] == [("市房产局",), ("市委宣传部",), names]
    assert paragraph[:4] not in tasks[1].content
    assert tasks[2].content
    assert paragraph.endswith(tasks[2].content)
    named = [issue.task for issue in result.issues if issue.code == "units-from-heading"]
    assert tasks[2].number in named
    assert not any(issue.is_error for issue in result.issues)


# -- a name glossed in angle brackets --------------------------------------------------------


@pytest.mark.parametrize("where", ["bracket", "label line"])
def test_a_name_glossed_in_angle_brackets_is_one_sound_name(where: str) -> None:
    """``市住建局〈市人防办〉``: one unit with its gloss, and no error on its name."""
    said = (
        "（责任单位：市住建局〈市人防办〉、市财政局）"
        if where == "bracket"
        else ("\n责任单位：市住建局〈市人防办〉、市财政局")
    )
    result = parse_text(HEAD + f"1.加强人防工程建设。{said}\n2.优化服务。（市商务局负责）\n")
    assert result.notice.tasks[0].responsible == ("市住建局〈市人防办〉", "市财政局")
    assert "unit-name-invalid" not in codes(result)


# -- the same rule in a cell of a 分工表 table, in every file kind ---------------------------------

# A rule in the second task's 责任单位 cell: after its names, or on a line of its own.
CELL_RULES = {
    "after the names": ("，", "以下任务均由各园区管委会负责，不再列出"),
    "alone on a line": ("\n", "以下任务均由各园区管委会负责"),
    "names then a label": ("，", "各园区管委会为配合单位，下同"),
}
TABLE_KINDS = ("pipe", "cells", "blank", "html", "docx", "xlsx")


@pytest.mark.parametrize("form", sorted(CELL_RULES))
@pytest.mark.parametrize("kind", TABLE_KINDS)
def test_a_rule_in_a_table_cell_is_applied_from_its_task_on(
    kind: str, form: str, tmp_path: Path
) -> None:
    """``以下任务均由X负责`` in a 分工表 cell: read as in running text, from its task on, said once.

    The rule's words are no unit; the first task keeps its units, the second
    and every later one get the rule's unit (notice-rule-applied).
    """
    separator, rule = CELL_RULES[form]
    layout = Layout("one-row", "columns", "dun", "bare", kind)
    spec = make_notice(layout)
    second = spec.tasks[1]
    cell = "、".join(second.responsible) + separator + rule if second.responsible else rule
    tasks = (spec.tasks[0], evolve(second, responsible=(cell,)), *spec.tasks[2:])
    written = evolve(spec, tasks=tasks)
    result = read_notice(write(build(written, layout), kind, tmp_path), isolated=False)
    role = Role.COOPERATING if "配合" in rule else Role.RESPONSIBLE
    want = [
        (t.lead, t.responsible, t.cooperating)
        if index == 0
        else _with((t.lead, t.responsible, t.cooperating), ("各园区管委会",), role)
        for index, t in enumerate(spec.tasks)
    ]
    assert [units(task) for task in result.notice.tasks] == want
    assert "notice-rule-applied" in codes(result)
    assert not codes(result) & {"unit-name-invalid", "rule-not-applied"}


@pytest.mark.parametrize("kind", TABLE_KINDS)
def test_a_cell_rule_gzgk_cannot_read_is_named_with_its_tasks(kind: str, tmp_path: Path) -> None:
    """``各园区管委会（下同）`` in a cell (which role, from where?) is said with the tasks it may cover."""
    layout = Layout("one-row", "columns", "dun", "bare", kind)
    spec = make_notice(layout)
    second = spec.tasks[1]
    cell = "、".join((*second.responsible, "各园区管委会（下同）"))
    tasks = (spec.tasks[0], evolve(second, responsible=(cell,)), *spec.tasks[2:])
    result = read_notice(
        write(build(evolve(spec, tasks=tasks), layout), kind, tmp_path), isolated=False
    )
    (said,) = [issue for issue in result.issues if issue.code == "rule-not-applied"]
    numbers = "、".join(task.number for task in result.notice.tasks[1:])
    assert said.task == result.notice.tasks[1].number
    assert f"（{numbers}）" in said.message


# -- every cell rule, in every table a notice comes in ------------------------------------------

# A 分工表 of one unit column: the first-named rule has something to do in every task.
ONE_COLUMN = ("序号", "主要任务", "任务内容", "责任单位")
CELL_TASKS = (
    ("加强政策解读", "坚持政策文件与解读材料同步起草、同步审签、同步发布。", ("市司法局", "市统计局")),
    ("推进数据开放", "编制公共数据开放目录，分批次开放高价值数据集。", ("市发改委", "市数据局")),
    ("加强宣传引导", "做好政策宣传解读工作，及时回应社会关切。", ("市委宣传部", "市融媒体中心")),
)  # fmt: skip
PARKS = ("各园区管委会",)
# Each rule as the second task's cell prints it (its names, then the rule), and what it does
# from that task on: units added in a role, or the first name leading (FIRST) in its task only
# (ONE) or in every task from there on (ONWARD_FIRST).
FIRST, ONE, ONWARD_FIRST = "first", "one", "onward-first"
EVERY_CELL_RULE = {
    "every task, after the names": ("{names}，以下任务均由各园区管委会负责，不再列出", Role.RESPONSIBLE),
    "every task, alone on a line": ("{names}\n以下任务均由各园区管委会负责", Role.RESPONSIBLE),
    "every task, names then a label": ("{names}，各园区管委会为配合单位，下同", Role.COOPERATING),
    "first named, run on in brackets": ("{names}（排在第一位的为牵头单位，下同）", ONWARD_FIRST),
    "first named, brackets on a line": ("{names}\n（列第一位者为牵头单位，下同）", ONWARD_FIRST),
    "first named, after a comma": ("{names}，排在第一位的为牵头单位，下同", ONWARD_FIRST),
    "first named, a line of its own": ("{names}\n排在第一位的为牵头单位，下同", ONWARD_FIRST),
    "first named, its task only": ("{names}（排在第一位的为牵头单位）", ONE),
}  # fmt: skip
CELL_KINDS = ("text", "pipe", "cells", "blank", "html", "docx", "xlsx", "pdf text")


def _cell_rule_table(form: str) -> Document:
    """The one-column 分工表 with the rule of ``form`` in the second task's cell."""
    printed, _ = EVERY_CELL_RULE[form]
    rows: list[list[Cell | None]] = [[Cell(word) for word in ONE_COLUMN]]
    for seq, (title, content, names) in enumerate(CELL_TASKS, start=1):
        cell = printed.format(names="、".join(names)) if seq == 2 else "、".join(names)
        rows.append([Cell(str(seq)), Cell(title), Cell(content), Cell(cell)])
    return Document(BEFORE, rows, (), AFTER)


def _pdf_text(document: Document) -> str:
    """The table as a PDF's text layer gives it without ruling: a heading line, each cell wrapped."""
    lines = [" ".join(cell.text for cell in document.table[0] if cell is not None)]
    for row in document.table[1:]:
        number, title, content, names = (cell.text for cell in row if cell is not None)
        lines += [number, *wrap(title, 4), *wrap(content, 20)]
        lines += [line for part in names.split("\n") for line in wrap(part, 6)]
    return "\n".join([*document.before, "附件", *lines]) + "\n"  # the table ends the text


def _cell_rule_wanted(form: str) -> list[Units]:
    """Each task's units: the first as printed, the rule applied from the second on."""
    _, does = EVERY_CELL_RULE[form]
    wanted: list[Units] = []
    for seq, (_, _, names) in enumerate(CELL_TASKS, start=1):
        if seq == 1 or (does is ONE and seq > 2):
            wanted.append(((), names, ()))
        elif does in (ONE, ONWARD_FIRST):
            wanted.append((names[:1], names[1:], ()))
        else:
            wanted.append(_with(((), names, ()), PARKS, Role(does)))
    return wanted


@pytest.mark.parametrize("form", list(EVERY_CELL_RULE))
@pytest.mark.parametrize("kind", CELL_KINDS)
def test_every_cell_rule_in_every_table_kind(kind: str, form: str, tmp_path: Path) -> None:
    """One grammar for a rule in a unit cell, in every file and copy a 分工表 comes in.

    Tab rows, ``|`` rows, one cell a line, blank lines, HTML, Word, Excel and a
    PDF's text layer without ruling (the cells serialised one after another):
    the rule's words are no unit, and the rule is applied from its task on,
    said once; the first-named rule without 下同 is its cell's own, as a
    bracket of roles under the names is.
    """
    document = _cell_rule_table(form)
    if kind == "pdf text":
        result = parse_text(_pdf_text(document))
    else:
        result = read_notice(write(document, kind, tmp_path), isolated=False)
    assert [units(task) for task in result.notice.tasks] == _cell_rule_wanted(form)
    applied = [issue for issue in result.issues if issue.code == "notice-rule-applied"]
    assert len(applied) == (EVERY_CELL_RULE[form][1] is not ONE)  # a cell's own rule: unsaid
    assert not codes(result) & {"unit-name-invalid", "rule-not-applied", "task-units-unparsable"}


@pytest.mark.parametrize("form", list(EVERY_CELL_RULE)[::2])
def test_every_cell_rule_in_a_printed_pdf(
    form: str, tmp_path: Path, libreoffice: LibreOffice
) -> None:
    """The same rules in a 分工表 printed to PDF by LibreOffice (a ruled table)."""
    pdf = tmp_path / "通知.pdf"
    libreoffice.convert_text_pdf(write(_cell_rule_table(form), "docx", tmp_path), pdf)
    result = read_notice(pdf, isolated=False)
    assert [units(task) for task in result.notice.tasks] == _cell_rule_wanted(form)
    assert not codes(result) & {"unit-name-invalid", "rule-not-applied", "task-units-unparsable"}
