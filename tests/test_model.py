"""The typed model: roles, tasks, notices and their invariants."""

from __future__ import annotations

import attrs
import pytest

from gzgk import Notice, Role, Task, UnknownTaskError
from gzgk.model import Assignment, GroupMembers, Unit, UnitKind


def make_task(seq: int, number: str, **fields: object) -> Task:
    """A task with placeholder text."""
    return Task(seq=seq, number=number, title=f"任务{number}", content="内容。", **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("lead", Role.LEAD),
        ("牵头", Role.LEAD),
        ("牵头单位", Role.LEAD),
        ("责任单位", Role.RESPONSIBLE),
        ("responsible", Role.RESPONSIBLE),
        ("配合单位", Role.COOPERATING),
        ("协同单位", Role.COOPERATING),
        ("协办", Role.COOPERATING),
        ("知悉", Role.INFORMED),
        ("informed", Role.INFORMED),
    ],
)
def test_role_parse(text: str, role: Role) -> None:
    """English values and Chinese labels name roles."""
    assert Role.parse(text) is role


def test_role_parse_rejects_unknown() -> None:
    """An unknown role word is a ValueError naming the choices."""
    with pytest.raises(ValueError, match="lead、responsible"):
        Role.parse("主办")


def test_roles_are_ranked_strongest_first() -> None:
    """Lead outranks responsible, which outranks cooperating and informed."""
    assert [r.rank for r in Role] == [0, 1, 2, 3]
    assert [r.mark for r in Role] == ["牵", "责", "配", "知"]


def test_task_assignments_in_role_then_printed_order() -> None:
    """Assignments list leads first, then responsible, cooperating, informed."""
    task = make_task(
        1,
        "一",
        lead=["A局"],
        responsible=["B局", "C局"],
        cooperating=["D局"],
        group_members=[GroupMembers(group="B局", members=["x"])],
    )
    assert task.assignments == (
        Assignment(name="A局", role=Role.LEAD),
        Assignment(name="B局", role=Role.RESPONSIBLE, members=("x",)),
        Assignment(name="C局", role=Role.RESPONSIBLE),
        Assignment(name="D局", role=Role.COOPERATING),
    )
    assert task.lead == ("A局",)  # lists become tuples


def test_task_id_and_label() -> None:
    """Tasks have a stable id and the printed label."""
    task = make_task(8, "八")
    assert (task.id, task.label) == ("T08", "（八）")


@pytest.mark.parametrize("ref", [8, "8", "八", "（八）", "(八)", "T08"])
def test_notice_task_lookup(ref: int | str) -> None:
    """A task is found by sequence, printed number or id."""
    notice = Notice(tasks=[make_task(i, n) for i, n in enumerate("一二三四五六七八", start=1)])
    assert notice.task(ref).number == "八"


def test_notice_task_lookup_unknown() -> None:
    """An unknown task is a KeyError that lists the numbers there are."""
    notice = Notice(tasks=[make_task(1, "一"), make_task(2, "二")])
    with pytest.raises(UnknownTaskError, match="一、二") as caught:
        notice.task("九")
    assert isinstance(caught.value, KeyError)


def test_notice_rejects_duplicate_numbers() -> None:
    """Two tasks with one number are refused."""
    with pytest.raises(ValueError, match="任务编号 number 不能重复（现为 一、一）"):
        Notice(tasks=[make_task(1, "一"), make_task(2, "一")])


def test_task_rejects_bad_seq() -> None:
    """Sequence numbers start at 1."""
    with pytest.raises(ValueError, match="seq 应为从 1 起的序号（现为 0）"):
        make_task(0, "一")


def test_models_are_frozen() -> None:
    """Model values cannot be changed in place."""
    task = make_task(1, "一")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        task.title = "x"  # type: ignore[misc]


def test_unit_ids_are_checked() -> None:
    """Unit ids are lower-case ASCII, so they are safe in file names and metadata."""
    with pytest.raises(ValueError, match="只能由小写英文字母、数字"):
        Unit(id="司法局", name="赣州市司法局", short_name="市司法局", kind=UnitKind.DEPARTMENT)


def test_notice_names_in_order() -> None:
    """Notice.names lists every printed name once, first seen first."""
    notice = Notice(
        tasks=[
            make_task(1, "一", lead=["A局"], responsible=["B局"]),
            make_task(2, "二", lead=["B局"], responsible=["C局"]),
        ]
    )
    assert notice.names() == ("A局", "B局", "C局")


def test_with_members_states_groups_per_task() -> None:
    """with_members states who a group means in one task and keeps other statements."""
    from gzgk import GroupMembers, load_notice  # noqa: PLC0415

    notice = load_notice("ganzhou-2024")
    first = notice.task("一")
    earlier = attrs.evolve(first, group_members=(GroupMembers(group="其他组", members=("甲",)),))
    notice = attrs.evolve(notice, tasks=(earlier, *notice.tasks[1:]))
    stated = notice.with_members({first.id: {"市政府有关部门": ["市统计局", "市金融局"]}})
    assert stated.task("一").stated_members("市政府有关部门") == ("市统计局", "市金融局")
    assert stated.task("一").stated_members("其他组") == ("甲",)
    assert stated.task("二").group_members == notice.task("二").group_members
    assert stated.tasks[1:] == notice.tasks[1:]
