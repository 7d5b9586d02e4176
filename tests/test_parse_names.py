"""One name check at the end of every path: a string that is no unit name is an error naming its task."""

from __future__ import annotations

import pytest

from gzgk import parse_grid, parse_text
from gzgk.documents import DocLine, DocTable, Document
from gzgk.lexicon.names import BRACKETS, name_problem
from gzgk.parse import ParseResult
from gzgk.parse.document import parse_document

HEAD = "关于印发任务分工的通知\n各县（市、区）人民政府，市政府各部门：\n现将任务分工如下。\n"


@pytest.mark.parametrize(
    "name",
    [
        "市发改委",
        "市妇联",
        "市残联",
        "市科协",
        "赣南医科大学",
        "赣州市人民医院",
        "市城投集团",
        "国网赣州供电公司",
        "市融媒体中心",
        "市气象台",
        "市消防救援支队",
        "赣州海关",
        "各县（市、区）人民政府",
        "各区、县级市",
        "市直有关部门、单位",
        "各乡镇人民政府、街道办事处",
    ],
)
def test_unit_names_pass(name: str) -> None:
    """Bodies' names of every kind, and collective names, are unit names."""
    assert name_problem(name) is None


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("区", "只有一个字"),
        ("市发改委责任单位：市财政局", "单位："),
        ("市发改委（牵头）", "牵头"),
        ("区卫健局牵头", "牵头"),
        ("市发改委，市财政局", "标点"),
        ("市工信局、市发改委", "顿号"),
        ("市发改委（规划科", "括号"),
        ("）市发改委", "括号"),
        ("年底前完成主体工程", "结尾也不像"),
        ("加快推进产业转型升级并持续巩固提升全市经济发展的质量效益和核心竞争力局", "长达"),
    ],
)
def test_strings_that_are_no_unit_names(name: str, says: str) -> None:
    """Role words, labels, punctuation, unpaired brackets, prose: each says why."""
    problem = name_problem(name)
    assert problem is not None
    assert says in problem


def test_a_registry_entry_passes_whatever_its_ending() -> None:
    """A name the registry knows is a unit name even when it ends like no body."""
    assert name_problem("赣州经开区") is None
    assert name_problem("某某试点", lambda name: name == "某某试点") is None
    assert name_problem("某某试点") is not None


def _codes(result: ParseResult) -> list[tuple[object, ...]]:
    """(code, task) of the errors."""
    return [(issue.code, issue.task) for issue in result.issues if issue.is_error]


def test_text_path_reports_a_name_that_is_no_unit() -> None:
    """A label whose value is prose gives an error naming the task, never a silent unit."""
    result = parse_text(
        HEAD + "（一）推进数据开放。编制目录。\n牵头单位：市发改委\n"
        "（二）加强解读。同步发布。\n牵头单位：加快推进主体工程建设\n"
    )
    assert _codes(result) == [("unit-name-invalid", "二")]
    assert "加快推进主体工程建设" in result.issues[-1].message
    assert not result.valid


def test_grid_path_reports_a_name_that_is_no_unit() -> None:
    """A spreadsheet cell holding a sentence is an error at that task."""
    rows: list[list[str | None]] = [
        ["序号", "任务内容", "牵头单位"],
        ["1", "编制目录。", "市发改委"],
        ["2", "同步发布。", "市政府办公室负责统筹协调"],
    ]
    assert _codes(parse_grid(rows)) == [("unit-name-invalid", "2")]


def test_document_path_reports_a_name_that_is_no_unit() -> None:
    """A Word table cell the same way, located at its row."""
    rows = (
        ("序号", "任务内容", "牵头单位"),
        ("1", "编制目录。", "市发改委"),
        ("2", "发布。", "区"),
    )
    document = Document(
        kind="docx",
        lines=tuple(DocLine(text) for text in HEAD.splitlines()),
        tables=(DocTable("表1", rows, ("表1 第1行", "表1 第2行", "表1 第3行")),),
    )
    result = parse_document(document)
    errors = [(i.code, i.task, i.sheet) for i in result.issues if i.is_error]
    assert errors == [("unit-name-invalid", "2", "表1 第3行")]


def test_registry_hint_lets_a_known_name_pass() -> None:
    """A name the registry knows passes in a sheet; the same name unknown is an error."""
    rows: list[list[str | None]] = [
        ["序号", "任务内容", "牵头单位"],
        ["1", "编制目录。", "某某试点"],
    ]
    assert _codes(parse_grid(rows, known=lambda name: name == "某某试点")) == []
    assert _codes(parse_grid(rows)) == [("unit-name-invalid", "1")]


# -- a gloss in any bracket inside a name ------------------------------------------------------


@pytest.mark.parametrize("pair", BRACKETS)
@pytest.mark.parametrize("where", ["bracket", "label line"])
def test_a_gloss_in_any_bracket_stays_inside_its_name(where: str, pair: str) -> None:
    """``各县<市、区>政府``: every bracket kind may hold a gloss; its 、 splits nothing, no error."""
    opening, closing = pair
    glossed = f"各县{opening}市、区{closing}政府"
    units = f"{glossed}、海经区管委会、市住建局"
    said = f"（责任单位：{units}）" if where == "bracket" else f"\n责任单位：{units}"
    result = parse_text(HEAD + f"1.探索房票安置。{said}\n2.优化服务。（市商务局负责）\n")
    assert result.notice.tasks[0].responsible == (glossed, "海经区管委会", "市住建局")
    assert not [issue for issue in result.issues if issue.is_error]
    assert name_problem(f"市住建局{opening}市人防办{closing}") is None


@pytest.mark.parametrize("sign", ["<", ">", "＜", "＞"])
def test_a_sign_of_comparison_is_no_bracket(sign: str) -> None:
    """``面积<90平方米``, ``利率<3%，首付>20%``: signs, no bracket left open, nothing cut short."""
    text = f"1.对面积{sign}90平方米的住房给予补贴，利率<3%，首付>20%。（责任单位：市住建局、市财政局）\n"
    result = parse_text(HEAD + text + "2.优化服务。（市商务局负责）\n")
    assert [t.responsible for t in result.notice.tasks] == [("市住建局", "市财政局"), ("市商务局",)]
    assert [i.code for i in result.issues] == ["notice-no-lead"]
