"""One name check at the end of every path: a malformed unit name is an error naming its task.

Whatever file a notice comes in — a text notice with labels or brackets, a
``|`` table, a table one cell a line, HTML, a Word table, a spreadsheet, a PDF
printed by LibreOffice — the names the parser emits pass one check
(``name_problem``, applied in ``gzgk.parse.finish``). A
string with sentence punctuation, a colon or quotes inside, or without the
shape of a body's name, is never a silent unit: the task comes back with it
and an error naming the task (``unit-name-invalid``); the other tasks come
back untouched.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from attrs import evolve
from support.layouts import Layout, NoticeSpec, build, expected, make_notice, write
from support.libreoffice import LibreOffice

from gzgk import ParseResult, Registry, parse_text, read_notice
from gzgk.lexicon.names import name_problem, task_phrase

DATA = Path(__file__).parent / "data"

# Strings that are no unit's name, each failing a different part of the check.
MALFORMED = (
    "市发改委。市财政局",  # sentence punctuation: two names run together
    "市发改委：市财政局",  # a colon: a label's value read as one name
    "市发改委“市财政局”",  # quotes
    "张三李四",  # no body's ending and not in the registry (a person's name)
    "综合协调",  # a phrase of the task's text
    "执法查处",  # a task's words that end in a body's ending (处 of 查处)
    "统筹协调处",  # task verbs before an ending, no body named
)
# The table files of the layout generator: | rows, one cell a line, blank lines, HTML, Word, Excel.
TABLE_KINDS = ("pipe", "cells", "blank", "html", "docx", "xlsx")
# A plain 分工表: 序号 主要任务 任务内容 牵头单位 责任单位 配合单位, names separated by 、.
LAYOUT = ("one-row", "columns", "dun", "bare")
HEAD = "关于印发任务分工的通知\n各县（市、区）人民政府，市政府各部门：\n现将任务分工如下。\n"
SECOND = "2.加强政策解读。坚持解读材料同步发布。\n牵头单位：市政府办公室\n"
# Text notices without a table: the assignment on label lines, or in a bracket.
TEXT_FORMS: dict[str, Callable[[str], str]] = {
    "label lines": lambda bad: (
        f"1.推进数据开放。编制开放目录。\n牵头单位：市发改委\n责任单位：市工信局、{bad}\n"
    ),
    "inline bracket": lambda bad: (
        f"1.推进数据开放。编制开放目录。（牵头单位：市发改委；责任单位：市工信局、{bad}）\n"
    ),
}


def with_bad_name(spec: NoticeSpec, bad: str) -> NoticeSpec:
    """The notice with a malformed name added to the second task's responsible units."""
    second = spec.tasks[1]
    changed = evolve(second, responsible=(*second.responsible, bad))
    return evolve(spec, tasks=(spec.tasks[0], changed, *spec.tasks[2:]))


def errors(result: ParseResult) -> list[tuple[str, str | None, str]]:
    """Code, task and message of each error."""
    return [(issue.code, issue.task, issue.message) for issue in result.issues if issue.is_error]


def check(result: ParseResult, spec: NoticeSpec, layout: Layout, bad: str) -> None:
    """The tasks came back as printed, and the one malformed name is one error naming task 2."""
    got = [
        (t.number, t.title, t.content, t.lead, t.responsible, t.cooperating)
        for t in result.notice.tasks
    ]
    assert got == expected(spec, layout)
    ((code, task, message),) = errors(result)
    assert (code, task) == ("unit-name-invalid", "2")
    assert f"“{bad}”" in message
    assert "任务2" in message


@pytest.mark.parametrize("bad", MALFORMED)
@pytest.mark.parametrize("form", sorted(TEXT_FORMS))
def test_text_notice(form: str, bad: str) -> None:
    """A text notice: the malformed name in a label's value or a bracket is an error of task 1."""
    result = parse_text(HEAD + TEXT_FORMS[form](bad) + SECOND)
    assert [t.responsible for t in result.notice.tasks] == [("市工信局", bad), ()]
    assert [t.content for t in result.notice.tasks] == ["编制开放目录。", "坚持解读材料同步发布。"]
    ((code, task, message),) = errors(result)
    assert (code, task) == ("unit-name-invalid", "1")
    assert f"“{bad}”" in message


@pytest.mark.parametrize("bad", MALFORMED)
@pytest.mark.parametrize("kind", TABLE_KINDS)
def test_table_file(kind: str, bad: str, tmp_path: Path) -> None:
    """A 分工表 in any file kind: the malformed name in a unit cell is an error of task 2."""
    layout = Layout(*LAYOUT, kind)
    spec = with_bad_name(make_notice(layout), bad)
    path = write(build(spec, layout), kind, tmp_path)
    check(read_notice(path, isolated=False), spec, layout, bad)


@pytest.mark.parametrize("bad", MALFORMED[:2])
def test_printed_pdf(bad: str, tmp_path: Path, libreoffice: LibreOffice) -> None:
    """A 分工表 printed as PDF by LibreOffice: the malformed name is an error of task 2."""
    layout = Layout(*LAYOUT, "pdf")
    spec = with_bad_name(make_notice(layout), bad)
    document = write(build(spec, layout), "pdf", tmp_path)
    pdf = tmp_path / "通知.pdf"
    libreoffice.convert_text_pdf(document, pdf)
    check(read_notice(pdf, isolated=False), spec, layout, bad)


# A class of bodies named by whose they are and their kind (区属企业, 公共机构): a collective
# name; the same kinds after a verb or without an owner or scope word stay no name.
CLASSES = ("区属企业", "市属国有企业", "各有关企业", "各相关单位", "有关行业主管部门", "各成员单位",
           "市直各单位", "公共机构", "区党政机关", "驻区机构", "其他行业部门", "属地街镇")  # fmt: skip
NOT_CLASSES = ("企业", "龙头企业", "中小企业", "支持国有企业", "推动公共机构节能", "国有企业改革",
               "金融机构", "培育企业")  # fmt: skip


@pytest.mark.parametrize("name", CLASSES)
@pytest.mark.parametrize("form", sorted(TEXT_FORMS))
def test_collective_class(form: str, name: str) -> None:
    """A class of bodies is a collective unit name: read as the task's unit, no error."""
    result = parse_text(HEAD + TEXT_FORMS[form](name) + SECOND)
    assert result.notice.tasks[0].responsible == ("市工信局", name)
    assert errors(result) == []


@pytest.mark.parametrize("name", NOT_CLASSES)
def test_not_a_class(name: str) -> None:
    """The kinds of body without an owner or scope word (龙头企业, 支持国有企业) still fail the check."""
    result = parse_text(HEAD + TEXT_FORMS["label lines"](name) + SECOND)
    assert [(code, task) for code, task, _ in errors(result)] == [("unit-name-invalid", "1")]


def test_class_sharing_owner() -> None:
    """``区党政机关、公共机构``: one collective (区 owns both), the task warned it may be two."""
    result = parse_text(HEAD + TEXT_FORMS["label lines"]("区党政机关、公共机构") + SECOND)
    assert result.notice.tasks[0].responsible == ("市工信局", "区党政机关、公共机构")
    assert [(i.code, i.task) for i in result.issues] == [("units-share-ending", "1")]
    assert "读作一个单位（“区”也管到“公共机构”），也可能是两个单位" in result.issues[0].message


# -- task words that end like a body ---------------------------------------------------------

# Words of a task's text ending in a body's ending (处 所 站 队 中心 局 办 …): no body's name.
TASK_PHRASES = ("执法查处", "严肃查处", "监督检查站", "统筹协调处", "以人民为中心", "新发展格局",
                "召开推进会", "经营场所", "加强督办", "统一部署", "政策出台", "畅通渠道", "结对排队")  # fmt: skip
# Real names of the same shape: an object before the verb, or the ending a body's word.
LIKE_TASK_PHRASES = ("消费者权益保护处", "土地发展中心", "综合协调处", "执法监督处", "督查督办室",
                     "县委督查办", "市科创办", "区科技创新局", "市社会组织管理局", "城管执法中队")  # fmt: skip


@pytest.mark.parametrize("phrase", TASK_PHRASES)
def test_task_words_ending_like_a_body_are_no_name(phrase: str) -> None:
    """``执法查处`` ends in 处 but is a task's words: the check says so, naming the words."""
    problem = name_problem(phrase)
    assert problem is not None
    assert task_phrase(phrase) is not None
    assert f"“{task_phrase(phrase)}”" in problem


@pytest.mark.parametrize("name", LIKE_TASK_PHRASES)
def test_names_shaped_like_task_words_pass(name: str) -> None:
    """A body whose name holds a verb (保护处, 发展中心, 督查督办室) is still a name."""
    assert task_phrase(name) is None
    assert name_problem(name) is None


def _real_names() -> set[str]:
    """Every unit name of the corpus's truth and of the bundled registry."""
    names = {
        name
        for path in DATA.glob("notices*/*.expected.json")
        for task in json.loads(path.read_text("utf-8"))["tasks"]
        for role in ("lead", "responsible", "cooperating")
        for name in task.get(role) or ()
    }
    registry = Registry.bundled()
    for entry in (*registry.units, *registry.groups):
        names.update(entry.names)
    return names


def test_no_real_name_is_read_as_task_words() -> None:
    """No unit the corpus's notices name, nor any the registry knows, ends in a task's words."""
    names = _real_names()
    assert len(names) > 900
    assert sorted(name for name in names if task_phrase(name) is not None) == []


# -- a task's words, then 由 and the name ------------------------------------------------


def test_task_words_before_you_are_no_name() -> None:
    """``一、治理…污染`` ⏎ ``由X承办，Y配合。``: the heading's words glued before 由 are said."""
    text = HEAD + "一、治理畜牧业产品污染\n\n由乡三农服务中心承办,乡畜牧站、卫生院配合。\n"
    (task,) = parse_text(text).notice.tasks  # the 由 line is read on its own (session 26)
    assert task.responsible == ("乡三农服务中心",)
    assert task.cooperating == ("乡畜牧站", "卫生院")
    problem = name_problem("治理畜牧业产品污染由乡三农服务中心") or ""
    assert "“治理畜牧业产品污染”后面有“由”" in problem  # where glued all the same, it is said


@pytest.mark.parametrize("name", ["中国（福建）自由贸易试验区福州片区管委会", "市自由贸易办"])
def test_names_holding_you_pass(name: str) -> None:
    """自由 holds 由 and is no sentence's 由."""
    assert name_problem(name) is None


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        ("市规划局等参与验收的单位", True),  # a body, 等, and words summing up others
        ("区住建委等相关部门", True),
        ("高等学校", False),  # 等 inside a word of a name
        ("市中等职业学校", False),
        ("各高等院校", False),
    ],
)
def test_a_summary_after_deng_is_no_name(name: str, *, bad: bool) -> None:
    """A name that reaches the check with 等 and a summary after a body is said, not kept."""
    assert (name_problem(name) is not None) is bad
