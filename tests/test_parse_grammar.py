"""One grammar of assignments: the same words read the same wherever a notice prints them.

Each way of saying who does a task (``X牵头，Y、Z配合``, ``X（牵头）``,
``牵头：X``, ``【牵头单位】X``, ``由X负责``, ``X为牵头单位``, several labels
on one line …) is rendered in every position a notice uses — a label's value,
an inline bracket, a sentence run on after the text, a line of its own, a cell
of a spreadsheet, a Word table, a web table (one cell a line, ``|`` rows, HTML),
a PDF table, a section heading, a category row, a note under the table — and
must give one reading, with no error.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from support.text import wrap

from gzgk import Role, parse_grid, parse_text
from gzgk.documents import DocLine, DocTable, Document
from gzgk.model import Task
from gzgk.parse import ParseResult
from gzgk.parse.document import parse_document
from gzgk.parse.grammar import cell_units, read_units

HEAD = "关于印发任务分工的通知\n各县（市、区）人民政府，市政府各部门：\n现将任务分工如下，请认真贯彻落实。\n"
Units = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
X, Y, Z = "市发改委", "市妇联", "赣南医科大学"
LEAD_COOPERATING: Units = ((X,), (), (Y, Z))
LEAD_RESPONSIBLE: Units = ((X,), (Y, Z), ())

# (the assignment as printed, what it says, whether it carries its own labels)
FORMS: list[tuple[str, Units, bool]] = [
    (f"{X}牵头，{Y}、{Z}配合", LEAD_COOPERATING, False),
    (f"由{X}牵头，{Y}、{Z}配合", LEAD_COOPERATING, False),
    (f"{X}牵头负责，{Y}、{Z}协同配合", LEAD_COOPERATING, False),
    (f"{X}（牵头）、{Y}（配合）、{Z}（配合）", LEAD_COOPERATING, False),
    (f"{X}(牵头)、{Y}(配合)、{Z}(配合)", LEAD_COOPERATING, False),
    (f"{X}【牵头】、{Y}【配合】、{Z}【配合】", LEAD_COOPERATING, False),
    (f"{X}〔牵头〕、{Y}〔责任〕、{Z}〔责任〕", LEAD_RESPONSIBLE, False),
    (f"{X}[牵头]、{Y}[配合]、{Z}[配合]", LEAD_COOPERATING, False),
    (f"{X}为牵头单位，{Y}、{Z}为配合单位", LEAD_COOPERATING, False),
    (f"{X}牵头，{Y}、{Z}按职责分工负责", LEAD_RESPONSIBLE, False),
    (f"{X}牵头，{Y}、{Z}落实", LEAD_RESPONSIBLE, False),
    (f"牵头：{X}；配合：{Y}、{Z}", LEAD_COOPERATING, True),
    (f"部门分工：{X}牵头，{Y}、{Z}配合", LEAD_COOPERATING, True),
    (f"牵头单位：{X}；配合单位：{Y}、{Z}", LEAD_COOPERATING, True),
    (f"牵头单位：{X}  配合单位：{Y}、{Z}", LEAD_COOPERATING, True),
    (f"牵头单位：{X}\t责任单位：{Y}、{Z}", LEAD_RESPONSIBLE, True),
    (f"牵头单位：{X}\u3000责任单位：{Y}、{Z}", LEAD_RESPONSIBLE, True),
    (f"【牵头单位】{X}【配合单位】{Y}、{Z}", LEAD_COOPERATING, True),
    (f"[牵头单位]{X}[责任单位]{Y}、{Z}", LEAD_RESPONSIBLE, True),
    (f"〔牵头单位〕{X}〔配合单位〕{Y}、{Z}", LEAD_COOPERATING, True),
    (f"(牵头单位){X}(责任单位){Y}、{Z}", LEAD_RESPONSIBLE, True),
]
FORM_IDS = [form for form, _, _ in FORMS]

TITLE, CONTENT = "推进数据开放", "编制公共数据开放目录，分批开放高价值数据集。"
SECOND = ("加强政策解读", "坚持政策文件与解读材料同步起草、同步发布。", "市政府办公室")


def units(task: Task) -> Units:
    """(lead, responsible, cooperating) of a task."""
    return task.lead, task.responsible, task.cooperating


def list_notice(line: Callable[[str], str], form: str) -> str:
    """Two numbered tasks: the first with the assignment where ``line`` puts it."""
    title, content, unit = SECOND
    return HEAD + line(form) + f"\n2.{title}。{content}（牵头单位：{unit}）\n"


def table_cells(form: str) -> list[list[str]]:
    """A 分工表 with one 责任单位 column holding the assignment (and a plain second row)."""
    title, content, unit = SECOND
    return [
        ["序号", "主要任务", "任务内容", "责任单位"],
        ["1", TITLE, CONTENT, form],
        ["2", title, content, f"{unit}牵头"],
    ]


def text_positions() -> dict[str, Callable[[str], str]]:
    """Where a list-form notice prints a task's assignment."""
    return {
        "inline bracket": lambda form: f"1.{TITLE}。{CONTENT}（{form}）",
        "run-on sentence": lambda form: f"1.{TITLE}。{CONTENT}{form}。",
        "line of its own": lambda form: f"1.{TITLE}。{CONTENT}\n{form}",
        "label value": lambda form: f"1.{TITLE}。{CONTENT}\n责任单位：{form}",
    }


def web_one_cell_a_line(form: str) -> str:
    """The table copied from a web page one cell a line."""
    return HEAD + "\n".join(cell for row in table_cells(form) for cell in row) + "\n"


def web_piped(form: str) -> str:
    """The table copied as ``|`` rows."""
    return HEAD + "\n".join("| " + " | ".join(row) + " |" for row in table_cells(form)) + "\n"


def web_html(form: str) -> str:
    """The table as a page's HTML source."""
    rows = "".join(
        "<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>\n"
        for row in table_cells(form)
    )
    return f"<html><body><p>{HEAD}</p>\n<table>\n{rows}</table></body></html>"


def pdf_table(form: str) -> str:
    """The table as PDF text extraction serialises it: each cell's lines in turn."""
    lines = ["主要任务 责任单位"]
    for number, (_, title, content, cell) in enumerate(table_cells(form)[1:], start=1):
        title_lines = wrap(title, 4)
        lines += [f"({'一二'[number - 1]}){title_lines[0]}", *title_lines[1:]]
        lines += wrap(content, 26) + wrap(cell.replace("\t", " "), 8)
    return HEAD + "附件\n任务分工表\n" + "\n\n".join(lines) + "\n"


def parse_positions() -> dict[str, Callable[[str], ParseResult]]:
    """Every position, each a function from the assignment to the parse of a notice."""
    positions: dict[str, Callable[[str], ParseResult]] = {
        name: (lambda form, line=line: parse_text(list_notice(line, form)))
        for name, line in text_positions().items()
    }
    positions["spreadsheet cell"] = lambda form: parse_grid(table_cells(form))
    positions["Word table cell"] = lambda form: parse_document(
        Document(
            kind="docx",
            lines=tuple(DocLine(text) for text in HEAD.splitlines()),
            tables=(DocTable("表1", tuple(map(tuple, table_cells(form))), ("", "", "")),),
        )
    )
    positions["web cell a line"] = lambda form: parse_text(web_one_cell_a_line(form))
    positions["web | row"] = lambda form: parse_text(web_piped(form))
    positions["web HTML cell"] = lambda form: parse_text(web_html(form))
    positions["PDF table cell"] = lambda form: parse_text(pdf_table(form))
    return positions


POSITIONS = parse_positions()


# A label's value holding labels of its own is no form notices use.
CASES = [
    pytest.param(position, form, meaning, id=f"{position}-{form}")
    for position in sorted(POSITIONS)
    for form, meaning, labelled in FORMS
    if not (labelled and position == "label value")
]


@pytest.mark.parametrize(("position", "form", "meaning"), CASES)
def test_same_assignment_in_every_position(position: str, form: str, meaning: Units) -> None:
    """An assignment reads the same in a bracket, a sentence, a line, a label and any cell."""
    result = POSITIONS[position](form)
    errors = [(i.code, i.task, i.message) for i in result.issues if i.is_error]
    assert errors == []
    first, second = result.notice.tasks
    assert units(first) == meaning
    assert units(second) == (("市政府办公室",), (), ())


@pytest.mark.parametrize(("form", "meaning", "labelled"), FORMS, ids=FORM_IDS)
def test_section_heading_states_the_units_of_its_tasks(
    form: str, meaning: Units, labelled: bool
) -> None:
    """Printed once on a section heading, an assignment goes to every task under it, said once."""
    del labelled
    text = (
        HEAD + f"一、数据开放（{form}）\n（一）{TITLE}。{CONTENT}\n（二）{SECOND[0]}。{SECOND[1]}\n"
    )
    result = parse_text(text)
    assert [units(task) for task in result.notice.tasks] == [meaning, meaning]
    assert {task.section for task in result.notice.tasks} == {"一、数据开放"}
    assert {issue.code for issue in result.issues} == {"section-units-applied"}


@pytest.mark.parametrize(("form", "meaning", "labelled"), FORMS, ids=FORM_IDS)
def test_category_row_states_the_units_of_its_tasks(
    form: str, meaning: Units, labelled: bool
) -> None:
    """A category row merged across the table hands its units to the rows under it."""
    del labelled
    heading = f"一、数据开放（{form}）"
    rows: list[list[str | None]] = [
        ["序号", "主要任务", "任务内容", "责任单位"],
        [heading] * 4,
        ["1", TITLE, CONTENT, None],
        ["2", SECOND[0], SECOND[1], None],
    ]
    result = parse_grid(rows)
    assert [units(task) for task in result.notice.tasks] == [meaning, meaning]
    assert {issue.code for issue in result.issues} == {"section-units-applied"}


@pytest.mark.parametrize(
    ("form", "meaning"),
    [(form, meaning) for form, meaning, labelled in FORMS if not labelled],
    ids=[form for form, _, labelled in FORMS if not labelled],
)
def test_note_under_the_table_states_the_units_of_every_task(form: str, meaning: Units) -> None:
    """``注：以下任务均由…`` under a table gives every task the units it names, reported."""
    rows: list[list[str | None]] = [
        ["序号", "主要任务", "任务内容", "责任单位"],
        ["1", TITLE, CONTENT, None],
        ["2", SECOND[0], SECOND[1], None],
        [f"注：以下任务均{form.removeprefix('由')}。", None, None, None],
    ]
    result = parse_grid(rows)
    del result  # a table whose unit cells are all empty has its errors; the note fills them
    rows[1][3] = rows[2][3] = "市政府办公室"
    filled = parse_grid(rows)
    lead, responsible, cooperating = meaning
    assert [units(task) for task in filled.notice.tasks] == [
        (lead, ("市政府办公室", *responsible), cooperating)
    ] * 2
    assert {issue.code for issue in filled.issues} == {"notice-rule-applied"}


# -- first-named unit leads ------------------------------------------------------

FIRST_RULES = [
    "排在第一位的为牵头单位",
    "列第一位者为牵头单位",
    "排名第一的单位为牵头单位",
    "第一个单位为牵头单位",
    "排在首位的单位牵头",
]


@pytest.mark.parametrize("rule", FIRST_RULES)
def test_first_named_rule_in_any_wording(rule: str) -> None:
    """``排在第一位的为牵头单位`` in any wording: each task's first unit leads, said once."""
    rows: list[list[str | None]] = [
        ["序号", "主要任务", "任务内容", "责任单位"],
        ["1", TITLE, CONTENT, f"{X}、{Y}、{Z}"],
        ["2", SECOND[0], SECOND[1], SECOND[2]],
        [f"注：{rule}。", None, None, None],
    ]
    result = parse_grid(rows)
    assert [units(task) for task in result.notice.tasks] == [
        ((X,), (Y, Z), ()),
        (("市政府办公室",), (), ()),
    ]
    assert result.flatten("code") == [("notice-rule-applied",)]


@pytest.mark.parametrize("where", ["preamble", "note", "heading"])
def test_first_named_rule_wherever_printed(where: str) -> None:
    """The rule applies from the notice's text, a note under the table, or a heading's bracket."""
    heading = "责任单位（排在第一位的为牵头单位）" if where == "heading" else "责任单位"
    rule = "排在第一位的为牵头单位，其余为配合单位。"
    preamble = rule if where == "preamble" else ""
    note = f"注：{rule}" if where == "note" else ""
    cells = [["序号", "主要任务", heading], ["1", f"{TITLE}。{CONTENT}", f"{X}、{Y}、{Z}"]]
    lines = [HEAD + preamble, *("\n".join(row) for row in cells), note]
    result = parse_text("\n".join(lines) + "\n")
    (task,) = result.notice.tasks
    expected = ((X,), (), (Y, Z)) if where != "heading" else ((X,), (Y, Z), ())
    assert units(task) == expected
    assert result.flatten("code") == [("notice-rule-applied",)]


# -- the grammar itself ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "default", "expected"),
    [
        ("区卫健局牵头，各街办配合", Role.RESPONSIBLE, (("区卫健局",), (), ("各街办",))),
        ("市发改委（牵头）、市财政局", Role.RESPONSIBLE, (("市发改委",), ("市财政局",), ())),
        ("市发改委(牵头)、市财政局", Role.RESPONSIBLE, (("市发改委",), ("市财政局",), ())),
        ("市发改委，市财政局", Role.LEAD, (("市发改委", "市财政局"), (), ())),
        ("市文广旅局、市商务局等负责", None, ((), ("市文广旅局", "市商务局"), ())),
        ("各乡镇人民政府、街道办事处配合", None, ((), (), ("各乡镇人民政府、街道办事处",))),
        ("市教育局，各区、县级市", Role.RESPONSIBLE, ((), ("市教育局", "各区、县级市"), ())),
        ("市发改委和市财政局牵头", None, (("市发改委", "市财政局"), (), ())),
        ("国家发展改革委会同有关部门负责", None, ((), ("国家发展改革委",), ("有关部门",))),
        ("市发改委会同市财政局、市教育局牵头", None, (("市发改委",), (), ("市财政局", "市教育局"))),
        ("区建管委、区房管局等建设主管部门", Role.RESPONSIBLE, ((), ("区建管委", "区房管局"), ())),
        ("区绿化市容局等相关部门，各街镇", Role.RESPONSIBLE, ((), ("区绿化市容局", "各街镇"), ())),
        ("区发改局区统计局", Role.RESPONSIBLE, ((), ("区发改局", "区统计局"), ())),
        ("县委县政府督查室", Role.RESPONSIBLE, ((), ("县委县政府督查室",), ())),
        ("市教育局 市融媒体中心", Role.RESPONSIBLE, ((), ("市教育局", "市融媒体中心"), ())),
        ("市教育局\u3000市融媒体中心牵头", None, (("市教育局", "市融媒体中心"), (), ())),
        ("市 发 改 委、市委 宣传部", Role.RESPONSIBLE, ((), ("市发改委", "市委宣传部"), ())),
        ("各县（市、区） 人民政府", Role.RESPONSIBLE, ((), ("各县（市、区）人民政府",), ())),
    ],
)
def test_read_units(text: str, default: Role | None, expected: Units) -> None:
    """Role markers before or after names, a column's role for names with none.

    会同 joins cooperating names to a group; what follows 等 describes the names
    before it; names printed with no separator are read apart; a space separates
    two whole names and nothing else (a name spaced out, or broken before its end).
    """
    read = read_units(text, default)
    assert read is not None
    assert (read.names(Role.LEAD), read.names(Role.RESPONSIBLE), read.names(Role.COOPERATING)) == (
        expected
    )
    assert read.unmarked == ()


def test_unmarked_names_in_running_text_are_no_assignment() -> None:
    """Without a default role, names no marker reaches are left over, not guessed."""
    read = read_units("市发改委牵头，市财政局", None)
    assert read is not None
    assert (read.names(Role.LEAD), read.unmarked) == (("市发改委",), ("市财政局",))


@pytest.mark.parametrize(
    "text", ["市发改委、、市财政局", "、市财政局", "市发改委（牵头", "市发改委、"]
)
def test_cells_that_cannot_be_split(text: str) -> None:
    """A doubled or dangling separator or an unclosed bracket: no reading, never a guess."""
    assert read_units(text, Role.RESPONSIBLE) is None


def test_cell_line_breaks_separate_names() -> None:
    """Line breaks typed in a cell separate names, and roles, too."""
    read = cell_units("区卫健局牵头\n各街办配合\n市财政局", Role.RESPONSIBLE)
    assert read is not None
    assert (
        read.names(Role.LEAD),
        read.names(Role.RESPONSIBLE),
        read.names(Role.COOPERATING),
    ) == (("区卫健局",), ("市财政局",), ("各街办",))


@pytest.mark.parametrize("text", ["——", "—", "－", "/", "／", "无", "（无）", " —— "])
def test_cell_printed_empty_names_nobody(text: str) -> None:
    """A dash, a slash or 无 in a unit cell is the table's way of leaving it empty: no unit."""
    assert cell_units(text, Role.COOPERATING) == cell_units("", Role.COOPERATING)
    read = read_units(text, Role.COOPERATING)
    assert read is not None
    assert read.names(Role.COOPERATING) == ()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("区土方工作\n专班", ("区土方工作专班",)),  # a name broken inside the cell
        ("市教育局、区土方工作\n专班、市财政局", ("市教育局", "区土方工作专班", "市财政局")),
        ("市教育局\n融媒体中心", ("市教育局", "融媒体中心")),  # two whole names: two
        ("区卫健局牵头\n专班", ("区卫健局", "专班")),  # a role word above: never joined
    ],
)
def test_name_broken_over_lines_in_a_cell(text: str, names: tuple[str, ...]) -> None:
    """A line goes on the name above only where that name is not whole and the join is one."""
    read = cell_units(text, Role.LEAD)
    assert read is not None
    assert read.names(Role.LEAD) == names


@pytest.mark.parametrize(
    "text",
    [
        "市发改委、市财政局\n（市发改委牵头）",  # a bracket of roles on a line of its own
        "市发改委、市财政局（市发改委牵头）",  # the same run on, as a PDF gives it
        "市发改委\n市财政局\n（排名第一的为牵头单位）",  # the first-named rule in the cell
    ],
)
def test_cell_states_its_names_roles_under_them(text: str) -> None:
    """A bracket under a cell's names gives them roles; the first-named rule makes a lead."""
    read = cell_units(text, Role.RESPONSIBLE)
    assert read is not None
    assert (read.names(Role.LEAD), read.names(Role.RESPONSIBLE)) == (("市发改委",), ("市财政局",))


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("区城管执法局和属地街镇", ("区城管执法局", "属地街镇")),
        ("市发改委和市财政局", ("市发改委", "市财政局")),
        ("省文化和旅游厅", ("省文化和旅游厅",)),
        ("州委编办及州直相关单位", ("州委编办及州直相关单位",)),
    ],
)
def test_names_joined_by_and(text: str, names: tuple[str, ...]) -> None:
    """和/及 between two whole names separates them, wherever the second starts."""
    read = cell_units(text, Role.COOPERATING)
    assert read is not None
    assert read.names(Role.COOPERATING) == names


@pytest.mark.parametrize("brackets", ["（）", "()", "〔〕", "【】", "[]"])
def test_rule_in_a_task_bracket_of_any_kind(brackets: str) -> None:
    """``以下各项工作均需Y落实`` in a task's bracket, any kind, gives Y to the tasks from there on."""
    opening, closing = brackets
    text = (
        HEAD + f"1.{TITLE}。{CONTENT}{opening}{X}牵头，各县区政府负责落实。"
        f"以下各项工作均需各县区政府落实，不再列出。{closing}\n"
        f"2.{SECOND[0]}。{SECOND[1]}{opening}{SECOND[2]}牵头{closing}\n"
    )
    result = parse_text(text)
    assert [units(task) for task in result.notice.tasks] == [
        ((X,), ("各县区政府",), ()),
        ((SECOND[2],), ("各县区政府",), ()),
    ]
    assert result.flatten("code", "task") == [("notice-rule-applied", None)]
