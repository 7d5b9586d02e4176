"""Round on round: 新完成, 未更新, 退步, streaks, lights, and what the next round starts from."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from support.returns import MATRIX, NOTICE

from gzgk.comparison import (
    Answer,
    Change,
    Light,
    Previous,
    UnitContact,
    compare_pair,
    next_streak,
)
from gzgk.matrix import Matrix
from gzgk.model import Role, Round
from gzgk.report import FileReport, Issue, Severity
from gzgk.returns import Entry, ReturnContent
from gzgk.summary import Received, consolidate

D = dt.date
TODAY = D(2024, 10, 8)
ROUND_DUE = D(2024, 10, 10)
TEXT = "已制定工作方案，按月调度推进。"
TASK = NOTICE.task("三")


def answer(status: str, progress: str = TEXT, stale: int = 0) -> Answer:
    """An earlier answer of 章贡区 for task 三."""
    return Answer(
        round="2024年第二季度",
        unit_id="zhanggong",
        task_id=TASK.id,
        entry=Entry(status=status, progress=progress),
        stale=stale,
    )


def pair(
    entry: Entry | None,
    previous: Answer | None,
    *,
    task_due: dt.date | None = None,
    round_due: dt.date | None = ROUND_DUE,
    today: dt.date = TODAY,
) -> tuple[Change, int, Light | None]:
    """Change, streak and light of one pair."""
    result = compare_pair(
        unit=("zhanggong", "章贡区"),
        task=TASK,
        role=Role.RESPONSIBLE,
        entry=entry,
        previous=previous,
        task_due=task_due,
        round_due=round_due,
        today=today,
    )
    return result.change, result.stale, result.light


NOW = Entry(status="推进中", progress=TEXT)
CASES = [
    # (this round, earlier answer) → (change, streak, light)
    (Entry(status="已完成", progress="已全部完成。"), answer("推进中"), (Change.NEW_DONE, 0, Light.GREEN)),
    (Entry(status="已完成", progress="已全部完成。"), answer("不涉及"), (Change.NEW_DONE, 0, Light.GREEN)),
    (Entry(status="已完成", progress=TEXT), answer("已完成"), (Change.KEPT_DONE, 0, Light.GREEN)),
    (Entry(status="推进中", progress=TEXT), answer("已完成"), (Change.REGRESSED, 0, Light.YELLOW)),
    (Entry(status="未启动", progress="暂缓。"), answer("推进中"), (Change.REGRESSED, 0, Light.YELLOW)),
    (NOW, answer("推进中"), (Change.STALE, 1, Light.GREEN)),
    (Entry(status=" 推进中", progress="已制定工作方案, 按月调度推进。"), answer("推进中"),
     (Change.STALE, 1, Light.GREEN)),  # spaces and width do not make it new
    (NOW, answer("推进中", stale=1), (Change.STALE, 2, Light.YELLOW)),
    (Entry(status="推进中", progress="新增两项制度。"), answer("推进中", stale=3),
     (Change.PROGRESSED, 0, Light.GREEN)),
    (Entry(status="推进中", progress=TEXT), answer("未启动"), (Change.PROGRESSED, 0, Light.GREEN)),
    (NOW, None, (Change.FIRST, 0, Light.GREEN)),
    (Entry(status="不涉及"), answer("推进中", stale=1), (Change.NOT_APPLICABLE, 0, None)),
    (Entry(status="完成了", progress=TEXT), answer("推进中", stale=1),
     (Change.UNFILLED, 1, None)),  # no answer: the streak is kept, not lengthened
    (None, answer("推进中", stale=2), (Change.NOT_REPORTED, 2, None)),
]  # fmt: skip


@pytest.mark.parametrize(("entry", "previous", "expected"), CASES)
def test_change_streak_light(
    entry: Entry | None, previous: Answer | None, expected: tuple[Change, int, Light | None]
) -> None:
    """Each kind of answer against each earlier one, within the round's time and no deadline."""
    assert pair(entry, previous) == expected


def test_red_after_the_rounds_due_date() -> None:
    """No answer after the round's due date is red; before it, no light yet."""
    assert pair(None, None, today=D(2024, 10, 11))[2] is Light.RED
    assert pair(Entry(status=""), None, today=D(2024, 10, 11))[2] is Light.RED
    assert pair(None, None, today=D(2024, 10, 10))[2] is None
    assert pair(None, None, round_due=None, today=D(2030, 1, 1))[2] is None


@pytest.mark.parametrize(
    ("status", "task_due", "light"),
    [
        ("推进中", D(2024, 9, 30), Light.RED),  # past its 完成时限, not done
        ("未启动", D(2024, 10, 7), Light.RED),
        ("已完成", D(2024, 9, 30), Light.GREEN),
        ("不涉及", D(2024, 9, 30), None),
        ("推进中", D(2024, 10, 8), Light.YELLOW),  # due today
        ("推进中", D(2024, 10, 23), Light.YELLOW),  # 15 days left
        ("推进中", D(2024, 10, 24), Light.GREEN),  # 16 days left
    ],
)
def test_lights_by_deadline(status: str, task_due: dt.date, light: Light | None) -> None:
    """A task's 完成时限 past is red; within 15 days yellow; done is green whatever the date."""
    entry = Entry(status=status, progress="新的进展，已完成阶段任务。")
    assert pair(entry, answer("推进中"), task_due=task_due)[2] is light


def test_streak_rule() -> None:
    """The streak grows on 未更新, is kept without an answer, and ends otherwise."""
    earlier = answer("推进中", stale=2)
    assert next_streak(Change.STALE, earlier) == 3
    assert next_streak(Change.NOT_REPORTED, earlier) == 2
    assert next_streak(Change.PROGRESSED, earlier) == 0
    assert next_streak(Change.STALE, None) == 1


def _received(unit: str, entries: dict[str, Entry], *, contact: str = "") -> Received:
    found = MATRIX.registry.unit(unit)
    return Received(
        path=f"{unit}.xlsx",
        relative=f"{unit}.xlsx",
        report=FileReport(path=f"{unit}.xlsx"),
        content=ReturnContent(
            unit=found,
            unit_name=found.short_name,
            belongs=True,
            fill_date=D(2024, 10, 5),
            contact=contact,
            phone="0797-1234567" if contact else "",
            entries=entries,
        ),
    )


def test_summary_comparison() -> None:
    """A round's summary against earlier answers: counts, lights, sentence, carried answers."""
    justice = MATRIX.registry.unit("市司法局")
    tasks = [task for task, _ in MATRIX.assignments_of(justice, expand=True)]
    first, second = tasks[0], tasks[1]
    previous = Previous(
        round="2024年第二季度",
        answers=[
            Answer(round="2024年第二季度", unit_id=justice.id, task_id=first.id,
                   entry=Entry(status="推进中", progress=TEXT), stale=1),
            Answer(round="2024年第二季度", unit_id=justice.id, task_id=second.id,
                   entry=Entry(status="推进中", progress=TEXT)),
            Answer(round="2024年第一季度", unit_id="zhanggong", task_id=TASK.id,
                   entry=Entry(status="未启动", progress="尚未开展。")),
        ],
        contacts={"zhanggong": UnitContact(contact="王五", phone="0797-7654321")},
    )  # fmt: skip
    entries = {
        first.id: Entry(status="推进中", progress=TEXT),  # third round with the same text
        second.id: Entry(status="已完成", progress="已全部完成。"),
    }
    as_of = dt.datetime(2024, 10, 12, 18, 0).astimezone()
    third = Round(name="2024年第三季度", due=D(2024, 10, 10))
    matrix = Matrix.build(NOTICE.for_round(third), MATRIX.registry)
    summary = consolidate([_received("市司法局", entries, contact="赵六")], matrix, as_of)
    summary = attrs.evolve(summary, round=third)
    comparison = summary.compared(previous).comparison
    assert comparison is not None
    assert comparison.previous_round == "2024年第二季度"
    assert comparison.pair(justice.id, first.id).change is Change.STALE
    assert comparison.pair(justice.id, first.id).light is Light.YELLOW  # 未更新 twice in a row
    assert comparison.pair(justice.id, second.id).change is Change.NEW_DONE
    zhanggong = comparison.pair("zhanggong", TASK.id)
    assert (zhanggong.change, zhanggong.light, zhanggong.previous_status) == (
        Change.NOT_REPORTED, Light.RED, "未启动",
    )  # fmt: skip
    counts = comparison.counts()
    expected_pairs = sum(len(unit.tasks) for unit in summary.expected)
    assert counts.pairs == len(comparison.pairs) == expected_pairs
    assert (counts.new_done, counts.stale, counts.stalled, counts.regressed) == (1, 1, 1, 0)
    assert counts.red == counts.not_reported  # every other unit is overdue
    assert comparison.sentence().startswith(
        "较上期（2024年第二季度）新完成 1 项，未更新 1 项（其中连续两期及以上未更新 1 项），退步 0 项；"
    )
    carried = {(a.unit_id, a.task_id): a for a in comparison.carried}
    assert carried[justice.id, second.id].entry.status == "已完成"
    assert carried[justice.id, second.id].round == "2024年第三季度"
    assert carried[justice.id, first.id].stale == 2
    assert carried["zhanggong", TASK.id].round == "2024年第一季度"  # kept from before
    assert comparison.contacts[justice.id] == UnitContact(contact="赵六", phone="0797-1234567")
    assert comparison.contacts["zhanggong"].contact == "王五"
    reminder = next(r for r in summary.compared(previous).reminders() if r.unit.unit == justice)
    assert reminder.reasons == ("连续两期及以上未更新 1 项",)
    assert reminder.missing == (f"任务{first.label}：连续 2 期未更新，请写明本期新进展",)


def test_a_return_that_failed_validation_is_no_answer() -> None:
    """A 不合格 return answers nothing: 不合格 in 进展对比, earlier answers carried, red when late.

    Its 已完成 is neither counted as 新完成 nor carried into the next round; the pair keeps
    its 未更新 streak, as without a return.
    """
    justice = MATRIX.registry.unit("市司法局")
    tasks = [task for task, _ in MATRIX.assignments_of(justice, expand=True)]
    earlier = Answer(
        round="2024年第二季度",
        unit_id=justice.id,
        task_id=tasks[0].id,
        entry=Entry(status="推进中", progress=TEXT),
        stale=1,
    )
    entries = {task.id: Entry(status="已完成", progress="已全部完成。") for task in tasks}
    forged = attrs.evolve(
        _received("市司法局", entries),
        report=FileReport(
            path="市司法局.xlsx",
            issues=(Issue(code="signature-invalid", severity=Severity.ERROR, message="签名不符"),),
        ),
    )
    third = Round(name="2024年第三季度", due=D(2024, 10, 10))
    matrix = Matrix.build(NOTICE.for_round(third), MATRIX.registry)
    summary = consolidate([forged], matrix, dt.datetime(2024, 10, 12, 18, 0).astimezone())
    comparison = (
        attrs.evolve(summary, round=third)
        .compared(Previous(round="2024年第二季度", answers=[earlier]))
        .comparison
    )
    assert comparison is not None
    first = comparison.pair(justice.id, tasks[0].id)
    assert (first.change, first.status, first.entry, first.stale) == (Change.REJECTED, "", None, 1)
    assert first.change.label == "不合格"
    assert first.light is Light.RED
    assert first.reasons == ("逾期未报送合格的报送表（报送时限 2024年10月10日）",)
    counts = comparison.counts()
    assert (counts.new_done, counts.rejected) == (0, len(tasks))
    carried = {(a.unit_id, a.task_id): a for a in comparison.carried}
    assert carried[justice.id, tasks[0].id] == earlier  # the next round starts from it
    assert (justice.id, tasks[1].id) not in carried
    on_time = attrs.evolve(summary, as_of=dt.datetime(2024, 10, 9, 18, 0).astimezone()).compared()
    assert on_time.comparison is not None
    assert on_time.comparison.pair(justice.id, tasks[0].id).light is None  # still within time


def test_first_round_has_no_previous() -> None:
    """Without earlier answers every answer is the first, and lights still follow the dates."""
    justice = MATRIX.registry.unit("市司法局")
    task = MATRIX.assignments_of(justice, expand=True)[0][0]
    as_of = dt.datetime(2024, 7, 1, 9, 0).astimezone()
    received = _received("市司法局", {task.id: Entry(status="推进中", progress=TEXT)})
    notice = NOTICE
    summary = consolidate([received], MATRIX, as_of).compared()
    assert summary.comparison is not None
    assert summary.comparison.pair(justice.id, task.id).change is Change.FIRST
    assert summary.comparison.previous_round == ""
    assert notice.report_due is not None
