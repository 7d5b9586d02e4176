"""The task × unit matrix: queries on the seed return the truth; invariants hold."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gzgk import (
    GroupMembers,
    Matrix,
    Notice,
    Registry,
    Role,
    Task,
    UnitKind,
    UnknownUnitError,
    load_notice,
)

REGISTRY = Registry.bundled()
SEED = load_notice("ganzhou-2024")
MATRIX = Matrix.build(SEED, REGISTRY)
COUNTY_IDS = [u.id for u in REGISTRY.units if u.kind is UnitKind.COUNTY]
DEPARTMENT_IDS = [u.id for u in REGISTRY.units if u.kind is UnitKind.DEPARTMENT]


def numbers(tasks: tuple[Task, ...]) -> list[str]:
    """The printed numbers of tasks."""
    return [t.number for t in tasks]


def test_justice_bureau_leads_three_five_nine() -> None:
    """市司法局 leads (三)(五)(九) and nothing else, as printed."""
    assert numbers(MATRIX.tasks_of("市司法局", Role.LEAD)) == ["三", "五", "九"]
    assert numbers(MATRIX.tasks_of("市司法局")) == ["三", "五", "九"]


def test_unit_inherits_group_roles_when_expanded() -> None:
    """With expand, 市司法局 is also responsible wherever 市政府各部门 is."""
    assignments = {t.number: r for t, r in MATRIX.assignments_of("市司法局", expand=True)}
    assert assignments["三"] is Role.LEAD  # lead beats the inherited responsibility
    assert assignments["四"] is Role.RESPONSIBLE
    assert "一" not in assignments  # 市政府有关部门 is unresolved there


def test_county_tasks() -> None:
    """章贡区 is named nowhere itself, but through 各县（市、区）人民政府 holds all 12 tasks."""
    assert MATRIX.tasks_of("章贡区") == ()
    assert numbers(MATRIX.tasks_of("章贡区", expand=True)) == numbers(SEED.tasks)
    assert numbers(MATRIX.tasks_of("章贡区", Role.LEAD, expand=True)) == ["八"]


def test_group_expands_to_eighteen_counties() -> None:
    """各县（市、区）人民政府 expands to the 18 governments."""
    members = MATRIX.expand("各县（市、区）人民政府")
    assert [u.id for u in members] == COUNTY_IDS
    assert len(members) == 18


def test_units_of_task_as_printed_and_expanded() -> None:
    """Task (八) as printed has two holders; expanded, 18 leads and the open group."""
    printed = MATRIX.units_of("八")
    assert [(h.name, h.role) for h in printed] == [
        ("各县（市、区）人民政府", Role.LEAD),
        ("市政府有关部门", Role.RESPONSIBLE),
    ]
    expanded = MATRIX.units_of(8, expand=True)
    assert [h.key for h in expanded if h.role is Role.LEAD] == COUNTY_IDS
    assert all(h.via == "各县（市、区）人民政府" for h in expanded if h.role is Role.LEAD)
    unresolved = [h for h in expanded if not h.resolved]
    assert [(h.name, h.role) for h in unresolved] == [("市政府有关部门", Role.RESPONSIBLE)]


def test_leads_of_task() -> None:
    """The leads of (三) are printed in order."""
    assert [h.name for h in MATRIX.leads_of("三")] == ["市政府办公室", "市行政审批局", "市司法局"]


@pytest.mark.parametrize(
    ("unit", "task", "expand", "role"),
    [
        ("市政府办公室", "三", True, Role.LEAD),
        ("市政府办公室", "三", False, Role.LEAD),
        ("市财政局", "三", True, Role.RESPONSIBLE),
        ("市财政局", "三", False, None),
        ("市财政局", "二", False, Role.LEAD),
        ("市财政局", "一", True, None),
        ("章贡区", "八", True, Role.LEAD),
        ("各县（市、区）人民政府", "八", False, Role.LEAD),
        ("各县（市、区）人民政府", "八", True, Role.LEAD),
    ],
)
def test_role_of(unit: str, task: str, expand: bool, role: Role | None) -> None:
    """The role of a unit or group in a task, with and without expansion."""
    assert MATRIX.role_of(unit, task, expand=expand) is role


def test_unresolved_groups_are_visible_not_guessed() -> None:
    """市政府有关部门 in (一)(二)(八) is reported as unresolved, with a message."""
    items = MATRIX.unresolved()
    assert [(i.task.number, i.name, i.reason) for i in items] == [
        ("一", "市政府有关部门", "per-task-group"),
        ("二", "市政府有关部门", "per-task-group"),
        ("八", "市政府有关部门", "per-task-group"),
    ]
    assert "尚未明确" in items[0].message
    assert MATRIX.expand("市政府有关部门", "一") == ()


def test_stated_members_resolve_a_per_task_group() -> None:
    """When the office states 市政府有关部门 for a task, those units inherit the role."""
    first = attrs.evolve(
        SEED.tasks[0],
        group_members=(GroupMembers(group="市政府有关部门", members=("市财政局", "市统计局")),),
    )
    matrix = Matrix.build(attrs.evolve(SEED, tasks=(first, *SEED.tasks[1:])), REGISTRY)
    assert [u.short_name for u in matrix.expand("市政府有关部门", 1)] == ["市财政局", "市统计局"]
    assert matrix.role_of("市财政局", 1) is Role.RESPONSIBLE
    assert [i.task.number for i in matrix.unresolved()] == ["二", "八"]


def test_unknown_names_are_unresolved_with_suggestions() -> None:
    """A printed name not in the registry is kept visible, with the closest names."""
    task = Task(
        seq=1, number="一", title="t", content="c。", lead=("市司法厅",), responsible=("市财政局",)
    )
    matrix = Matrix.build(Notice(tasks=(task,)), REGISTRY)
    [item] = matrix.unresolved()
    assert (item.name, item.reason, item.suggestions[0]) == ("市司法厅", "unknown-name", "市司法局")
    assert "不在单位名录中" in item.message
    assert [h.key for h in matrix.units_of(1)] == ["?市司法厅", "czj"]
    assert matrix.tasks_without_lead() == ()


def test_tasks_without_lead() -> None:
    """Tasks that print no lead are listed."""
    tasks = (
        Task(seq=1, number="一", title="a", content="c。", lead=("市财政局",)),
        Task(seq=2, number="二", title="b", content="c。", responsible=("市财政局",)),
    )
    assert numbers(Matrix.build(Notice(tasks=tasks), REGISTRY).tasks_without_lead()) == ["二"]
    assert MATRIX.tasks_without_lead() == ()


def test_reporting_units() -> None:
    """Who must report: the 18 counties and every department (all named via 市政府各部门)."""
    ids = [u.id for u in MATRIX.reporting_units()]
    assert ids == COUNTY_IDS + DEPARTMENT_IDS


def test_workload() -> None:
    """Per-unit counts by role, busiest first."""
    loads = {w.unit.short_name: w for w in MATRIX.workload()}
    office = loads["市政府办公室"]
    assert (office.lead, office.responsible, office.total) == (9, 0, 9)
    spa = loads["市行政审批局"]
    assert (spa.lead, spa.responsible, spa.total) == (7, 3, 10)
    county = loads["章贡区"]
    assert (county.lead, county.responsible, county.count(Role.RESPONSIBLE)) == (1, 11, 11)
    totals = [w.total for w in MATRIX.workload()]
    assert totals == sorted(totals, reverse=True)


def test_records_for_pandas() -> None:
    """Records are flat dicts, one per task and holder."""
    records = MATRIX.records(expand=False)
    assert len(records) == sum(len(t.assignments) for t in SEED.tasks)
    assert records[0] == {
        "seq": 1,
        "number": "一",
        "title": "聚焦高质量发展推进信息公开",
        "key": "gxj",
        "unit": "市工信局",
        "role": "lead",
        "role_label": "牵头",
        "via": "",
        "resolved": True,
    }


def test_unknown_unit_query() -> None:
    """Asking about an unknown unit names the closest ones."""
    with pytest.raises(UnknownUnitError, match="市司法局"):
        MATRIX.tasks_of("市司法")


def test_diff_against_last_year() -> None:
    """A diff names added, removed and re-assigned tasks in plain Chinese."""
    tasks = list(SEED.tasks)
    tasks[2] = attrs.evolve(
        tasks[2], lead=("市政府办公室", "市司法局")
    )  # 行政审批局 no longer leads (三)
    tasks[3] = attrs.evolve(tasks[3], title="优化政策解读方式")
    last_year = Matrix.build(attrs.evolve(SEED, tasks=tuple(tasks[:-1])), REGISTRY)
    diff = MATRIX.diff(last_year)
    assert numbers(diff.added) == ["十二"]
    assert diff.removed == ()
    assert [c.new.number for c in diff.changed] == ["三", "四"]
    assert diff.describe() == (
        "新增任务（十二）凝聚合力狠抓工作落实",
        "任务（三）新增牵头单位：市行政审批局",
        "任务（四）标题改为“优化重大政策解读方式提升解读质量”（原为“优化政策解读方式”）",
    )
    assert MATRIX.diff(MATRIX).empty


@pytest.mark.parametrize(
    ("selection", "tasks"),
    [
        ({}, [t.number for t in SEED.tasks]),
        ({"task": "八"}, ["八"]),
        ({"unit": "市司法局"}, ["三", "五", "九"]),
        ({"unit": "章贡区"}, []),
        ({"unit": "章贡区", "expand": True, "role": Role.LEAD}, ["八"]),
        ({"unit": "市司法局", "task": 5}, ["五"]),
        ({"role": Role.COOPERATING}, []),
    ],
)
def test_select_keeps_the_selected_tasks(selection: dict[str, object], tasks: list[str]) -> None:
    """select() keeps one task, a unit's tasks (through groups with expand), or a role's."""
    assert numbers(MATRIX.select(**selection).notice.tasks) == tasks  # type: ignore[arg-type]


def test_select_a_unit_keeps_every_holder_of_its_tasks() -> None:
    """A unit's tasks keep all their holders: the unit sees whom it works with."""
    selected = MATRIX.select(unit="市司法局")
    assert selected.units_of("三") == MATRIX.units_of("三")
    assert selected.unresolved() == ()


def test_select_a_role_keeps_only_its_names() -> None:
    """select(role=…) keeps the names printed in that role, and the tasks printing any."""
    selected = MATRIX.select(role=Role.RESPONSIBLE)
    assert numbers(selected.notice.tasks) == numbers(SEED.tasks)
    assert {h.role for t in selected.notice.tasks for h in selected.units_of(t)} == {
        Role.RESPONSIBLE
    }
    assert [item.task.number for item in selected.unresolved()] == ["一", "二", "八"]


# -- properties -------------------------------------------------------------

NAMES = [u.short_name for u in REGISTRY.units[:30]] + ["各县（市、区）人民政府", "市政府各部门"]


@st.composite
def random_notices(draw: st.DrawFn) -> Notice:
    """Notices whose tasks name random registry units and groups in random roles."""
    count = draw(st.integers(min_value=1, max_value=6))
    tasks = []
    for seq in range(1, count + 1):
        pick = st.lists(st.sampled_from(NAMES), max_size=4, unique=True).map(tuple)
        tasks.append(
            Task(
                seq=seq,
                number=str(seq),
                title=f"任务{seq}",
                content="内容。",
                lead=draw(pick),
                responsible=draw(pick),
                cooperating=draw(pick),
            )
        )
    return Notice(tasks=tuple(tasks))


def _expected_role(task: Task, unit_id: str, *, expand: bool) -> Role | None:
    """The strongest role of a unit in a task, worked out directly from the printed names."""
    best: Role | None = None
    for role in (Role.COOPERATING, Role.RESPONSIBLE, Role.LEAD):
        for name in task.names(role):
            found = REGISTRY.find(name)
            members = (
                REGISTRY.members(found) if found is not None and hasattr(found, "kinds") else ()
            )
            direct = found is not None and found.id == unit_id
            inherited = expand and any(u.id == unit_id for u in members)
            if direct or inherited:
                best = role
    return best


@settings(max_examples=60, deadline=None)
@given(random_notices())
def test_roles_agree_with_the_notice(notice: Notice) -> None:
    """role_of and tasks_of agree with the printed names, expanded or not."""
    matrix = Matrix.build(notice, REGISTRY)
    for unit in REGISTRY.units[:30] + REGISTRY.units[-3:]:
        for expand in (False, True):
            for task in notice.tasks:
                assert matrix.role_of(unit, task, expand=expand) is _expected_role(
                    task, unit.id, expand=expand
                )
            held = [t for t in notice.tasks if _expected_role(t, unit.id, expand=expand)]
            assert matrix.tasks_of(unit, expand=expand) == tuple(held)


@settings(max_examples=40, deadline=None)
@given(random_notices())
def test_reporting_units_hold_tasks(notice: Notice) -> None:
    """A unit must report exactly when it holds some task once groups are expanded."""
    matrix = Matrix.build(notice, REGISTRY)
    holding = {u.id for u in REGISTRY.units if matrix.tasks_of(u, expand=True)}
    assert {u.id for u in matrix.reporting_units()} == holding
    assert sum(w.total for w in matrix.workload()) == sum(
        len(matrix.tasks_of(u, expand=True)) for u in REGISTRY.units
    )


@settings(max_examples=40, deadline=None)
@given(random_notices(), st.sampled_from(list(Role)))
def test_select_agrees_with_the_queries(notice: Notice, role: Role) -> None:
    """The selection of a unit in a role holds exactly the tasks tasks_of gives, in that role."""
    matrix = Matrix.build(notice, REGISTRY)
    for unit in REGISTRY.units[:5]:
        selected = matrix.select(unit=unit, role=role, expand=True)
        assert selected.notice.tasks == tuple(
            attrs.evolve(t, **{r.value: () for r in Role if r is not role})
            for t in matrix.tasks_of(unit, role, expand=True)
        )
