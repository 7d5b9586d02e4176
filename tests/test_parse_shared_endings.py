"""Names that share one ending or one 各: read one way, the other reading said, in every position.

``钦南区、钦北区人民政府`` is read as the notices mean it, one unit (the two
districts' governments), and may be two names (钦南区, 钦北区人民政府); so is
``人民大垸、荒湖管理区`` (two places' own names, one zone's ending); ``各县区人民政府、功能区管委会`` may be one collective
(the 各 covers the zones' committees) or two units. Whatever way the parser
reads such a list — in a bracket, on a label line, in a table cell of any file
kind — the task gets a ``units-share-ending`` warning naming it and saying both
readings, so the clerk checks it in the 分工表 workbook. A web page's footer
(版权所有, ICP备…) never joins the last task, and a name holding it is an error.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from attrs import evolve
from support.layouts import Layout, NoticeSpec, build, expected, make_notice, write
from support.libreoffice import LibreOffice
from support.parsing import HEAD

from gzgk import ParseResult, parse_text, read_notice
from gzgk.lexicon.names import name_problem, shared_readings, split_names

# Each family: as printed, the names read, and a word of the warning's reading.
FAMILIES = {
    # bare places before one body's ending: one unit, as the notices mean it
    "shared ending": ("钦南区、钦北区人民政府", ("钦南区、钦北区人民政府",), "共用“人民政府”"),
    "zone committee": ("经开区、东北新城管委会", ("经开区、东北新城管委会",), "共用“管委会”"),
    # a place's own name with no ending at all before a zone's or a station's name
    "own names before a zone": ("龙湾、沙湖管理区", ("龙湾、沙湖管理区",), "共用“管理区”"),
    "own names before a station": ("东港、西塘派出所", ("东港、西塘派出所",), "共用“派出所”"),
    # a place's two bodies named once (党工委和管委会) for the zones before them
    "two bodies shared": (
        "经开区、临空区党工委和管委会",
        ("经开区、临空区党工委和管委会",),
        "共用“党工委和管委会”",
    ),
    "each covers zones": (
        "各县区人民政府、功能区管委会",
        ("各县区人民政府、功能区管委会",),
        "“各”也管到“功能区管委会”",
    ),
    "each covers offices": (
        "各城区政府、开发区管委会",
        ("各城区政府、开发区管委会",),
        "“各”也管到“开发区管委会”",
    ),
    # 管委, the short form of 管委会: the same readings, never split silently
    "each covers committees, short": (
        "各城区政府、管委",
        ("各城区政府、管委",),
        "“各”也管到“管委”",
    ),
    "zone committee, short": ("经开区、高新区管委", ("经开区、高新区管委",), "共用“管委”"),
    "each covers street offices, short": (
        "各乡镇人民政府、街道办",
        ("各乡镇人民政府、街道办",),
        "“各”也管到“街道办”",
    ),
    # two kinds of one class joined by 和, the second with no owner: one item, or two
    "kinds of one class": (
        "中标的施工单位和监理单位",
        ("中标的施工单位和监理单位",),
        "“中标的施工单位”和“监理单位”",
    ),
    # a place's top bodies and the class under each (区委、区政府各部委办局)
    "top bodies share each class": (
        "县委、县政府各部门",
        ("县委、县政府各部门",),
        "共用“各部门”",
    ),
    # every place's departments: 各 covers the bare departments after it
    "each covers departments": (
        "各区商务部门、应急部门",
        ("各区商务部门、应急部门",),
        "“各”也管到“应急部门”",
    ),
}
# The task with the names on label lines or in a bracket, and a second task after it.
TEXT_FORMS = {
    "label lines": "1.推进数据开放。编制开放目录。\n牵头单位：市发改委\n责任单位：市工信局、{}\n",
    "inline bracket": "1.推进数据开放。编制开放目录。（牵头单位：市发改委；责任单位：市工信局，{}）\n",
}
SECOND = "2.加强政策解读。坚持解读材料同步发布。\n牵头单位：市政府办公室\n"
TABLE_KINDS = ("pipe", "cells", "blank", "html", "docx", "xlsx")
LAYOUT = ("one-row", "columns", "dun", "bare")


def warnings(result: ParseResult) -> list[tuple[str | None, str]]:
    """Task and message of each units-share-ending warning."""
    return [(i.task, i.message) for i in result.issues if i.code == "units-share-ending"]


@pytest.mark.parametrize("family", sorted(FAMILIES))
@pytest.mark.parametrize("form", sorted(TEXT_FORMS))
def test_text_notice(form: str, family: str) -> None:
    """A label line or a bracket: the names read one way and the task warned with both readings."""
    printed, names, reading = FAMILIES[family]
    result = parse_text(HEAD + TEXT_FORMS[form].format(printed) + SECOND)
    assert [t.responsible for t in result.notice.tasks] == [("市工信局", *names), ()]
    ((task, message),) = warnings(result)
    assert task == "1"
    assert message.startswith("任务1的责任单位有两种读法")
    assert f"“{printed}”" in message
    assert reading in message
    assert "分工表" in message
    assert not [i for i in result.issues if i.is_error]


def with_names(spec: NoticeSpec, names: tuple[str, ...]) -> NoticeSpec:
    """The notice with the names added to the second task's responsible units."""
    second = spec.tasks[1]
    changed = evolve(second, responsible=(*second.responsible, *names))
    return evolve(spec, tasks=(spec.tasks[0], changed, *spec.tasks[2:]))


@pytest.mark.parametrize("family", sorted(FAMILIES))
@pytest.mark.parametrize("kind", TABLE_KINDS)
def test_table_cell(kind: str, family: str, tmp_path: Path) -> None:
    """A 分工表 cell in any file kind: the same reading and the same warning, naming task 2."""
    printed, names, reading = FAMILIES[family]
    layout = Layout(*LAYOUT, kind)
    spec = with_names(make_notice(layout), names)
    result = read_notice(write(build(spec, layout), kind, tmp_path), isolated=False)
    got = [
        (t.number, t.title, t.content, t.lead, t.responsible, t.cooperating)
        for t in result.notice.tasks
    ]
    assert got == expected(spec, layout)
    ((task, message),) = warnings(result)
    assert task == "2"
    assert "任务2" in message
    assert f"“{printed}”" in message
    assert reading in message


@pytest.mark.parametrize("family", ["shared ending", "each covers zones"])
def test_printed_pdf(family: str, tmp_path: Path, libreoffice: LibreOffice) -> None:
    """A 分工表 printed as PDF by LibreOffice: the same reading and warning, naming task 2."""
    printed, names, reading = FAMILIES[family]
    layout = Layout(*LAYOUT, "pdf")
    spec = with_names(make_notice(layout), names)
    pdf = tmp_path / "通知.pdf"
    libreoffice.convert_text_pdf(write(build(spec, layout), "pdf", tmp_path), pdf)
    result = read_notice(pdf, isolated=False)
    assert [t.responsible for t in result.notice.tasks][1] == spec.tasks[1].responsible
    ((task, message),) = warnings(result)
    assert (task, f"“{printed}”" in message, reading in message) == ("2", True, True)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("各街镇、开发区、头桥集团", ["各街镇", "开发区", "头桥集团"]),
        ("各县区人民政府、定西高新区管委会", ["各县区人民政府", "定西高新区管委会"]),
        ("各县区人民政府、功能区管委会", ["各县区人民政府、功能区管委会"]),
        ("市发改委、高新区", ["市发改委", "高新区"]),
        ("各地(市)住建局、自然资源局、财政局", ["各地(市)住建局、自然资源局、财政局"]),
        (
            "各区市场监管局、临港新片区市场监管局、机场分局",
            ["各区市场监管局", "临港新片区市场监管局", "机场分局"],
        ),
        ("各区消防救援部门、市商务局", ["各区消防救援部门", "市商务局"]),
        ("各县（市、区）人民政府、税务局", ["各县（市、区）人民政府", "税务局"]),
    ],
)
def test_each_covers_only_kinds_of_zone(text: str, names: list[str]) -> None:
    """各 covers a kind of zone's committee after it, not a named zone's or a bare zone.

    A 各 naming every place's department covers the departments named bare after it,
    never one with a place or owner of its own (临港新片区…, 机场分局, 市商务局).
    """
    assert split_names(text) == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "市统计局、人民大垸、荒湖管理区、监利经济开发区",
            ["市统计局", "人民大垸、荒湖管理区", "监利经济开发区"],
        ),
        ("市发改委、龙湾、沙湖管理区", ["市发改委", "龙湾、沙湖管理区"]),
        ("东港、西塘派出所", ["东港、西塘派出所"]),
        ("东港、西塘、南湖派出所", ["东港", "西塘", "南湖派出所"]),  # a run: as printed, said
        ("龙湾、市公安局派出所", ["龙湾", "市公安局派出所"]),
        ("钦州港区、钦南区、钦北区人民政府", ["钦州港区", "钦南区", "钦北区人民政府"]),
        ("高新区党工委和管委会", ["高新区党工委和管委会"]),
        ("市财政局和管委会", ["市财政局", "管委会"]),
        ("市发改委、高新区、市财政局", ["市发改委", "高新区", "市财政局"]),
        ("区委、区政府各部委办局", ["区委、区政府各部委办局"]),
        # another place's departments after a collective's last place (found by Hypothesis)
        ("各县、市、区政府、市政府各部门", ["各县、市、区政府", "市政府各部门"]),
        ("各县、市、区政府\n市政府各部门", ["各县、市、区政府", "市政府各部门"]),
    ],
)
def test_one_ending_joins_the_places_before_it(text: str, names: list[str]) -> None:
    """Two places before one ending are one unit; a run of more, or a name of its own, stays apart."""
    assert split_names(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "市发改委、市财政局",
        "各县区人民政府、定西高新区管委会",
        "各街镇、开发区",
        "各县、特区、区人民政府",
        "高新区、市财政局",
        "各乡、镇人民政府",
    ],
)
def test_no_second_reading(text: str) -> None:
    """Lists with one reading only get no warning: named zones, bodies that are no place's."""
    assert shared_readings(split_names(text) or []) == []


def test_a_run_of_places_is_said_whole() -> None:
    """Several bare places before one ending are said together, with every name read."""
    (reading,) = shared_readings(
        split_names("嘉定区、青浦区、松江区、奉贤区政府，临港新片区管委会") or []
    )
    assert reading.startswith("“嘉定区、青浦区、松江区、奉贤区政府”读作4个单位")
    assert "共用“政府”的4个单位（嘉定区政府、青浦区政府、松江区政府、奉贤区政府）" in reading


PAGE = """<html><body><div class="content">
<p>1.推进数据开放。编制开放目录。（责任单位：市发改委、市工信局）</p>
<p>2.加强政策解读。坚持解读材料同步发布。（责任单位：市政府办公室）</p>
</div>
<div class="footer"><p>{footer}</p></div></body></html>"""


@pytest.mark.parametrize(
    "footer",
    [
        "重庆市发展和改革委员会版权所有&nbsp;&nbsp; 重庆市发展和改革委员会主办",
        "渝ICP备08000498号-9 政府网站标识码：5000000043",
        "技术支持：某某市大数据中心 联系我们 网站地图",
        "Copyright © 2025 某某市人民政府办公室",
        (
            "主办单位：某某市房产管理服务中心 承办单位：某某市房地产信息中心<br/>"
            "版权所有：某某市房产管理服务中心 网站地图"
        ),
    ],
)
def test_a_page_footer_joins_no_task(footer: str, tmp_path: Path) -> None:
    """A web page's footer after the last task is no part of it: no unit, no text taken from it."""
    path = tmp_path / "通知.html"
    path.write_text(PAGE.format(footer=footer), encoding="utf-8")
    result = read_notice(path, isolated=False)
    assert [(t.lead, t.responsible) for t in result.notice.tasks] == [
        ((), ("市发改委", "市工信局")),
        ((), ("市政府办公室",)),
    ]
    assert result.notice.tasks[-1].content == "坚持解读材料同步发布。"


@pytest.mark.parametrize(
    "name", ["重庆市发展和改革委员会版权所有重庆市发展和改革委员会", "市政府办公室ICP备"]
)
def test_a_name_holding_site_chrome_is_refused(name: str) -> None:
    """The name check refuses a name holding a page footer's words."""
    problem = name_problem(name)
    assert problem is not None
    assert "网页" in problem


def test_a_task_line_about_copyright_stays() -> None:
    """A task's own words about 版权所有人 are no footer: the line stays in the task."""
    text = "1.加强版权保护。保护版权所有人合法权益\n责任单位：市版权局\n" + SECOND
    result = parse_text(HEAD + text)
    assert result.notice.tasks[0].content == "保护版权所有人合法权益"
    assert result.notice.tasks[0].responsible == ("市版权局",)
