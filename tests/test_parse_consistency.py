"""The last checks of every path: a task whose reading disagrees with its own text is named.

Each check is shown firing on a reading that went wrong (built from real
drafts and tasks, or read from text) and silent on the same task read right.
How often each fires on the corpus's tasks read exactly (never) is measured by
tests/test_notice_corpus.py's records and reported in the changelog.
"""

from __future__ import annotations

import pytest

from gzgk import parse_text
from gzgk.model import Notice, Requirement, Task
from gzgk.parse.consistency import check_consistency
from gzgk.parse.draft import Draft, Reporter
from gzgk.parse.lines import Line, match_marker

HEAD = "关于印发工作方案的通知\n各镇人民政府，区政府各部门：\n现将方案印发给你们，请认真执行。\n"


def checked(*tasks: Task, section: str = "") -> list[tuple[str, str | None, str]]:
    """(code, task, message) of every issue the checks give on these tasks."""
    drafts = []
    for line, task in enumerate(tasks, start=1):
        printed = f"{task.number}." if task.number.isdigit() else f"（{task.number}）"
        marker = match_marker(printed)
        assert marker is not None
        drafts.append(
            Draft(marker, Line(line, task.content), section=section, content=task.content)
        )
    reporter = Reporter("通知.txt")
    check_consistency(Notice(tasks=tasks), drafts, reporter)
    return [(issue.code, issue.task, issue.message) for issue in reporter.issues]


def task(seq: int, number: str, content: str, **units: tuple[str, ...]) -> Task:
    """A task as a reader gives it."""
    return Task(seq=seq, number=number, title="", content=content, **units)


def test_units_left_in_the_text_are_named() -> None:
    """A bracket of the text that still assigns units (a second task run in) names the task."""
    merged = task(
        1,
        "一",
        "地区生产总值增长11%左右。（二）公共财政收入增长13%左右。（省财政厅主办，省国税局协办）",
        lead=("省发改委",),
    )
    found = checked(merged)
    assert ("units-left-in-text", "一") in {(code, number) for code, number, _ in found}
    message = next(m for code, _, m in found if code == "units-left-in-text")
    assert "任务（一）" in message
    assert "省财政厅主办" in message


@pytest.mark.parametrize(
    "content",
    [
        "加强监管。（以下简称“监管平台”）",
        "推进建设（2024年底前完成）。",
        "落实政策（见附件2）。",
        "以下均需各区政府落实，不再列出。（各区政府负责落实，不再列出）",
    ],
)
def test_brackets_that_assign_nothing_or_state_a_rule_are_no_left_units(content: str) -> None:
    """Notes, dates and references in brackets, and rules (their own check), are no units left."""
    codes = {code for code, _, _ in checked(task(1, "1", content, responsible=("区财政局",)))}
    assert "units-left-in-text" not in codes


@pytest.mark.parametrize(
    "line",
    [
        "市金融办、人民银行潍坊市中心支行、潍坊银监分局分别牵头落实",
        "市发改委牵头落实",
        "区财政局牵头，区税务局配合",
    ],
)
@pytest.mark.parametrize("where", ["title", "a line of the content"])
def test_a_line_of_names_saying_their_roles_is_units_left_in_the_text(
    line: str, where: str
) -> None:
    """A unit cell read as text (a flattened row cut wrong) names the task; read right it does not."""
    text = "围绕货币政策，加强金融政策信息公开。"
    wrong = Task(
        seq=1,
        number="3",
        title=line if where == "title" else "",
        content=text if where == "title" else f"{text}\n{line}",
        lead=("市财政局",),
    )
    assert ("units-left-in-text", "3") in {(code, number) for code, number, _ in checked(wrong)}
    right = task(1, "3", text, lead=("市金融办",))
    assert checked(right) == []


@pytest.mark.parametrize(
    "content",
    [
        "以政府为责任主体，推动固体废物处置设施建设运行。",
        "市发改委牵头制定全市城镇土地使用税适用税额标准，报省政府批准后执行。",
    ],
)
def test_a_sentence_that_begins_with_names_is_no_unit_cell(content: str) -> None:
    """A sentence of duties that names a body is text, not a unit cell left in it."""
    codes = {code for code, _, _ in checked(task(1, "1", content, lead=("市发改委",)))}
    assert "units-left-in-text" not in codes


def test_one_unit_in_two_roles_is_named() -> None:
    """A name that both leads and is responsible in one task is named, with both roles."""
    found = checked(
        task(1, "二", "打造云孵化体系。", lead=("市科技局",), responsible=("市科技局", "市人社局"))
    )
    assert [(code, number) for code, number, _ in found] == [("unit-in-two-roles", "二")]
    assert "“市科技局”既是牵头单位又是责任单位" in found[0][2]


def test_the_next_number_in_a_task_s_text_is_named_when_no_task_has_it() -> None:
    """（二） at a sentence's start inside task （一）, and no task （二）: two tasks on one line."""
    first = task(
        1, "一", "地区生产总值增长11%左右。（二）公共财政收入增长13%左右。", lead=("省发改委",)
    )
    third = task(2, "三", "城镇居民收入增长10%。", lead=("省人社厅",))
    found = checked(first, third)
    assert ("task-number-in-text", "一") in {(code, number) for code, number, _ in found}
    second = task(2, "二", "公共财政收入增长13%左右。", lead=("省财政厅",))
    assert checked(first, second) == []


def test_a_number_inside_a_sentence_is_no_task() -> None:
    """（二） after a comma or inside a sentence is a reference, not a task."""
    alone = task(1, "一", "按照第三条（二）的要求，完成清理工作。", lead=("省发改委",))
    assert checked(alone) == []


def test_two_tasks_with_one_text_are_named() -> None:
    """Two tasks in a row with the same sentence: one read twice, the one beside it lost."""
    text = "单位工业增加值用水量达到省要求标准。"
    found = checked(
        task(1, "1", text, responsible=("市水利局",)), task(2, "2", text, responsible=("市水利局",))
    )
    assert [(code, number) for code, number, _ in found] == [("task-text-repeated", "1")]
    assert "任务1和任务2的文字完全相同" in found[0][2]


def test_short_cells_that_repeat_are_no_repeated_tasks() -> None:
    """A table of figures repeats short cells (万亩, 0): no sentence, no issue."""
    found = checked(
        task(1, "1", "万亩0", responsible=("县农业农村局",)),
        task(2, "2", "万亩0", responsible=("县农业农村局",)),
    )
    assert found == []


@pytest.mark.parametrize(
    "rule",
    ["（各有关单位按职责分工落实，下同）", "（由各县政府统筹负责，不再一一列出）"],
)
def test_a_rule_gzgk_cannot_read_is_named_with_the_tasks_after_it(rule: str) -> None:
    """Words only a rule says (下同, 不再列出) in a sentence read as no rule: named, and the later tasks."""
    found = checked(
        task(1, "1", f"加强监管。{rule}", responsible=("市发改委",)),
        task(2, "2", "推进改革。", responsible=("市财政局",)),
    )
    assert [(code, number) for code, number, _ in found] == [("rule-not-applied", "1")]
    assert found[0][2].endswith("（1、2）")


@pytest.mark.parametrize("note", ["（含开发区，下同）", "（以下简称“方案”，下同）"])
def test_a_xiatong_that_assigns_nothing_is_no_rule(note: str) -> None:
    """下同 beside no word of assignment (含开发区, 以下简称) is a note, no rule."""
    assert checked(task(1, "1", f"各县{note}要加强监管。", responsible=("市发改委",))) == []


def test_a_first_named_rule_said_onward_names_later_tasks_without_a_lead() -> None:
    """After 列第一位者为牵头单位，下同, a task with names and no lead was not ruled: named."""
    found = checked(
        task(
            1,
            "1",
            "加强监管。（列第一位者为牵头单位，下同）",
            lead=("市发改委",),
            responsible=("市财政局",),
        ),
        task(2, "2", "推进改革。", responsible=("市财政局", "市税务局")),
    )
    assert [(code, number) for code, number, _ in found] == [("rule-not-applied", "2")]


def test_a_parse_names_a_unit_in_two_roles_end_to_end() -> None:
    """Read from text: a bracket that gives one unit two roles is said, the task named."""
    text = (
        HEAD
        + "1.加强监管。（市发改委牵头，市发改委、市财政局配合）\n2.推进改革。（市财政局负责）\n"
    )
    result = parse_text(text)
    assert [(i.code, i.task) for i in result.issues if i.code == "unit-in-two-roles"] == [
        ("unit-in-two-roles", "1")
    ]


def test_a_clean_notice_gives_no_consistency_issue() -> None:
    """A notice read right gives none of these issues."""
    text = (
        HEAD
        + "（一）加强市场体系建设。推进高标准市场体系建设。（市发改委牵头，市财政局配合）\n"
        + "（二）优化市场准入环境。持续推进一网通办。（市市场监管局牵头）\n"
    )
    result = parse_text(text)
    assert result.issues == ()


@pytest.mark.parametrize(
    "bracket", ["（区发改局牵头，区财政局、各街道办事处配合）", "（责任单位：区发改局、区财政局）"]
)
def test_a_requirement_that_assigns_units_is_named(bracket: str) -> None:
    """Text kept as a requirement or the closing that assigns units is a task not read: said."""
    notice = Notice(
        requirements=(
            Requirement(
                number="二",
                heading="加快推进项目建设4.加强项目谋划储备",
                text=f"编制投资计划。{bracket}",
            ),
        ),
    )
    reporter = Reporter("通知.txt")
    check_consistency(notice, [], reporter)
    assert [issue.code for issue in reporter.issues] == ["text-ignored"]
    assert "加强项目谋划储备" in reporter.issues[0].message


def test_requirements_that_ask_are_no_lost_task() -> None:
    """工作要求 that ask the units to act (no bracket of units) give no issue."""
    notice = Notice(
        requirements=(
            Requirement(
                number="三", heading="加强组织领导", text="各单位要高度重视（2024年底前完成）。"
            ),
        ),
        closing="请各单位于每季度末报送进展情况（联系人：张伟）。",
    )
    reporter = Reporter("通知.txt")
    check_consistency(notice, [], reporter)
    assert reporter.issues == []
