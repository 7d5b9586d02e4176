"""Tables flattened one cell a paragraph whose columns the parser must tell from their cells.

The families of ``notices-heldout13`` (重大工程 plans, 城市体检 indicator tables),
rendered in other words, other column orders and other row counts: a heading
of two unit headings of one role (建设单位/责任单位), unknown headings after the
last known one (所处区域), a group row that counts its rows (正式项目（67个）),
unit cells naming companies by short names the vocabulary lacks, a company's
legal form broken onto the next line, and a table printed without its
heading row whose unit column is told by its cells.
"""

from __future__ import annotations

import random

import pytest
from support.parsing import as_txt

from gzgk import parse_grid

HEAD = (
    "关于印发年度计划的通知\n各街镇，区政府各部门：\n现将计划印发给你们，请认真执行。\n\n附件\n\n"
)

# (project, lead, others): company short names (no body's ending) and whole names.
PROJECTS = [
    ("滨江绿道二期", "区绿化市容局", "城投置业"),
    ("北区污水厂提标改造", "区水务局", "水务建设"),
    ("智造产业园一期", "区经委", "申江科创"),
    ("中心小学改扩建工程", "区教育局", "区教育局"),
    ("老旧小区综合改造", "区房管局", "安居物业"),
    ("人工智能算力中心", "区科委", "上海云启算力科技有限公司"),
]


def _flattened(cells: list[str]) -> str:
    """One cell a paragraph, a blank line between: a web page's table as a Markdown copy keeps it."""
    return "\n\n".join(cells) + "\n"


def _plan(heading: list[str], rows: list[list[str]], group: str = "") -> str:
    body: list[str] = list(heading)
    if group:
        body.append(group)
    for row in rows:
        body += row
    return HEAD + _flattened(body)


def _tasks(text: str) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    result = as_txt(text, "plan")
    return [
        (task.number, task.lead, (*task.responsible, *task.cooperating))
        for task in result.notice.tasks
    ]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(
    "units_heading", ["建设单位/责任单位", "实施单位／责任单位", "责任单位/建设单位"]
)
def test_two_unit_headings_of_one_role_and_unknown_columns(seed: int, units_heading: str) -> None:
    """X/Y of one role is that role's column; headings after the last known one are columns."""
    rng = random.Random(seed)  # noqa: S311 - a fixed seed
    trailing = rng.choice([["建设性质", "所在街镇"], ["所处区域"], ["项目阶段", "所属片区"]])
    values = {"建设性质": "新建", "所在街镇": "江桥镇", "所处区域": "新城", "项目阶段": "在建"}
    heading = ["序号", "项目名称", "牵头单位", units_heading, *trailing]
    projects = rng.sample(PROJECTS, 5)
    rows = [
        [str(n), name, lead, other, *(values.get(h, "北片区") for h in trailing)]
        for n, (name, lead, other) in enumerate(projects, start=1)
    ]
    group = rng.choice(["", "正式项目（5个）", "重点项目（共5项）"])
    got = _tasks(_plan(heading, rows, group))
    assert got == [
        (str(n), (lead,), (other,)) for n, (_, lead, other) in enumerate(projects, start=1)
    ]


def test_a_legal_form_broken_onto_the_next_line_joins_the_name() -> None:
    """上海某某科技集团 / 股份有限公司 in one cell is one company, not two names."""
    heading = ["序号", "项目名称", "牵头单位", "建设单位", "建设目标"]
    rows = [
        ["1", "研发总部项目", "区经委", "上海明远智造科技集团\n股份有限公司", "新开工"],
        ["2", "生产基地项目", "区经委", "上海明远精密\n有限公司", "在建"],
        ["3", "物流中心项目", "区商务委", "远航物流", "建成"],
    ]
    assert _tasks(_plan(heading, rows)) == [
        ("1", ("区经委",), ("上海明远智造科技集团股份有限公司",)),
        ("2", ("区经委",), ("上海明远精密有限公司",)),
        ("3", ("区商务委",), ("远航物流",)),
    ]


INDICATORS = [
    ("人均公园绿地面积", "建成区内人均拥有的公园绿地面积", "㎡/人", "区绿化市容局"),
    ("千人医疗床位数", "每千名常住人口拥有的医疗床位数", "张/千人", "区卫生健康委"),
    ("轨道站点覆盖率", "轨道站点800米半径覆盖的居住用地比例", "%", "区交通委"),
    ("社区食堂覆盖率", "设有社区食堂的街镇数占街镇总数的比例", "%", "区民政局"),
    ("积水点整治率", "已整治的易积水点占易积水点总数的比例", "%", "区水务局、区建设管理委"),
    ("消防站覆盖率", "消防站7分钟可达范围覆盖的建设用地比例", "%", "区消防救援局"),
]


@pytest.mark.parametrize("seed", range(4))
def test_a_table_without_heading_whose_unit_column_its_cells_tell(seed: int) -> None:
    """No heading row: the place holding unit names in every row is the responsible column, said."""
    rng = random.Random(seed)  # noqa: S311 - a fixed seed
    chosen = rng.sample(INDICATORS, 5)
    mark = rng.choice(["", "*", "★"])
    order = rng.choice(["units-last", "units-third", "note-after"])
    body: list[str] = [rng.choice(["安全韧性", "宜居生活"])]
    for n, (name, meaning, unit, department) in enumerate(chosen, start=1):
        number = f"{mark if n % 2 else ''}{n}"
        if order == "units-last":
            body += [number, name, meaning, unit, department]
        elif order == "units-third":
            body += [number, name, department, meaning]
        else:
            body += [number, name, meaning, department, "请提供点位清单"]
    result = as_txt(HEAD + _flattened(body), "indicators")
    got = [(t.number, t.title or t.content, (*t.responsible,)) for t in result.notice.tasks]
    assert got == [
        (str(n), name, tuple(department.split("、")))
        for n, (name, _, _, department) in enumerate(chosen, start=1)
    ]
    said = [issue for issue in result.issues if issue.code == "table-heading-implied"]
    assert len(said) == 1
    assert "1、2、3、4、5" in said[0].message


def test_numbered_paragraphs_naming_no_units_are_no_table() -> None:
    """Rows without a heading and without a column of unit names are not read as tasks."""
    body: list[str] = []
    for n, (name, meaning, unit, _) in enumerate(INDICATORS, start=1):
        body += [str(n), name, meaning, unit]
    result = as_txt(HEAD + _flattened(body), "indicators")
    assert all(not (*task.lead, *task.responsible) for task in result.notice.tasks)
    assert not [issue for issue in result.issues if issue.code == "table-heading-implied"]


def test_a_column_of_unknown_heading_holding_unit_names_is_read_and_said() -> None:
    """具体抓手 (no heading of the vocabulary) over 区房管局, 区民政局: responsible, said with its tasks."""
    rows = [
        ["序号", "重点任务", "具体抓手", "完成时限"],
        ["1", "推进老旧小区改造。", "区房管局", "2025年底"],
        ["2", "建设社区食堂。", "区民政局、各街镇", "2025年6月"],
        ["3", "完善公交线网。", "区交通委", "2025年底"],
    ]
    result = parse_grid(rows, source="分工表.xlsx", sheet="Sheet1")
    got = [(task.number, task.responsible) for task in result.notice.tasks]
    assert got == [("1", ("区房管局",)), ("2", ("区民政局", "各街镇")), ("3", ("区交通委",))]
    guessed = [issue for issue in result.issues if issue.code == "column-guessed"]
    assert len(guessed) == 1
    assert "具体抓手" in guessed[0].message
    assert "1、2、3" in guessed[0].message
    assert not [issue for issue in result.issues if issue.code == "column-ignored"]


def test_a_flattened_column_of_unknown_heading_holding_unit_names() -> None:
    """One cell a paragraph: 对口联系 between known headings, its cells names, is read and said."""
    heading = ["序号", "项目名称", "牵头单位", "对口联系", "建设目标"]
    rows = [
        ["1", "滨江绿道二期", "区绿化市容局", "区建设管理委", "在建"],
        ["2", "北区污水厂提标改造", "区水务局", "区生态环境局", "新开工"],
        ["3", "中心小学改扩建工程", "区教育局", "区建设管理委", "建成"],
    ]
    result = as_txt(_plan(heading, rows), "plan")
    got = [(task.number, task.lead, task.responsible) for task in result.notice.tasks]
    assert got == [
        ("1", ("区绿化市容局",), ("区建设管理委",)),
        ("2", ("区水务局",), ("区生态环境局",)),
        ("3", ("区教育局",), ("区建设管理委",)),
    ]
    assert any(
        issue.code == "column-guessed" and "对口联系" in issue.message for issue in result.issues
    )
