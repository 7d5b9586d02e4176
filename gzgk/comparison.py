"""Round on round: what each unit answered last time, what changed, and a light for each task.

Pure: no workbook library here. A :class:`Previous` holds the last accepted
answer of every task × unit from earlier rounds (read from last round's summary
workbook or from the history database, or both); :func:`compare` sets this
round's summary against it and gives, for every task × unit, last round's
status → this round's, what changed (:class:`Change`: 新完成, 未更新, 退步 …) and
a light (:class:`Light`: 红, 黄, 绿). The workbook, the Word compilation and the
催报清单 only render a :class:`Comparison`.

The rules (the office's, stated once, here):

* **Accepted answer**: what a unit wrote for a task in the return the summary
  uses for it (采用), when its 落实状态 is one of the four statuses and the return
  passed validation. A unit that sends nothing, leaves the status empty, or sends
  a return that failed validation (**不合格**: nothing of it is adopted) keeps its
  earlier answer: the next round starts from it and compares against it.
* **新完成**: 已完成 now, and the earlier answer was not 已完成.
* **退步**: the status went back (已完成 → 推进中 or 未启动, 推进中 → 未启动).
* **未更新**: the same 落实情况 as the earlier answer (spaces and full/half width
  ignored) with the same status, neither 已完成 nor 不涉及. The streak counts the
  rounds in a row a pair was 未更新; a round without an answer neither ends nor
  lengthens it.
* **Lights**: 红 — past the task's 完成时限 and not 已完成, or no answer after the
  round's due date. 黄 — the 完成时限 within ``soon`` days (15 by default) and not
  已完成, 未更新 for two rounds in a row, or 退步. 绿 — 已完成, or progressing on
  time. 不涉及, and a pair still within the round's time without an answer, get
  no light.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from attrs import evolve, field, frozen

from gzgk._text import chinese_date, normalize
from gzgk.contract import RETURN
from gzgk.errors import GzgkError
from gzgk.model import Notice, Role, Round, Task
from gzgk.returns import Entry, notice_fingerprint
from gzgk.rounds import deadline_date

if TYPE_CHECKING:
    from gzgk.summary import Summary

__all__ = [
    "SOON_DAYS",
    "STALLED_ROUNDS",
    "Answer",
    "Change",
    "Comparison",
    "ComparisonCounts",
    "Light",
    "PairComparison",
    "Previous",
    "PreviousMismatchError",
    "UnitContact",
    "accepted_status",
    "check_previous",
    "classify",
    "compare",
    "compare_pair",
    "next_streak",
    "replay",
    "status_rank",
    "task_year",
]

SOON_DAYS = 15  # a 完成时限 this close (days) makes a pending task yellow
STALLED_ROUNDS = 2  # 未更新 this many rounds in a row makes a task yellow
_DONE, _IN_PROGRESS, _NOT_STARTED, _NOT_APPLICABLE = RETURN.STATUSES
_RANKS = {_NOT_STARTED: 0, _IN_PROGRESS: 1, _DONE: 2}


def accepted_status(status: str) -> str:
    """The status as one of the four words, or "" when it is none of them (empty, 完成了)."""
    key = normalize(status)
    return key if key in RETURN.STATUSES else ""


def status_rank(status: str) -> int | None:
    """How far a status is along: 未启动 0, 推进中 1, 已完成 2 (None for 不涉及 and others)."""
    return _RANKS.get(accepted_status(status))


class Change(enum.Enum):
    """What became of one task × unit since its earlier answer."""

    NEW_DONE = "new-done"
    REGRESSED = "regressed"
    STALE = "stale"
    PROGRESSED = "progressed"
    KEPT_DONE = "kept-done"
    FIRST = "first"
    NOT_APPLICABLE = "not-applicable"
    NOT_REPORTED = "not-reported"
    REJECTED = "rejected"
    UNFILLED = "unfilled"

    @property
    def label(self) -> str:
        """The Chinese words shown to users."""
        return _CHANGE_LABELS[self]


_CHANGE_LABELS = {
    Change.NEW_DONE: "新完成",
    Change.REGRESSED: "退步",
    Change.STALE: "未更新",
    Change.PROGRESSED: "有进展",
    Change.KEPT_DONE: "保持完成",
    Change.FIRST: "首次填报",
    Change.NOT_APPLICABLE: _NOT_APPLICABLE,
    Change.NOT_REPORTED: "未报送",
    Change.REJECTED: "不合格",
    Change.UNFILLED: "未填写状态",
}


# Pairs without an answer this round, and why (the reason of their red light once overdue).
_NO_ANSWER = {
    Change.NOT_REPORTED: "逾期未报送",
    Change.REJECTED: "逾期未报送合格的报送表",
    Change.UNFILLED: "逾期未填写落实状态",
}


class Light(enum.Enum):
    """The 红/黄/绿 light of one task × unit."""

    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"

    @property
    def label(self) -> str:
        """红, 黄 or 绿."""
        return {Light.RED: "红", Light.YELLOW: "黄", Light.GREEN: "绿"}[self]


@frozen(kw_only=True)
class Answer:
    """A unit's accepted answer for one task, as the next round starts from it.

    Attributes:
        round: the round it was given in.
        unit_id: the unit. task_id: the task (``T03``).
        role: the unit's role in the task then ("" when unknown).
        entry: what the unit wrote.
        fill_date: the return's 填报日期.
        stale: rounds in a row, up to ``round``, the answer was 未更新.
    """

    round: str
    unit_id: str
    task_id: str
    role: str = ""
    entry: Entry = field(factory=Entry)
    fill_date: dt.date | None = None
    stale: int = 0

    @property
    def status(self) -> str:
        """The accepted status (one of the four words)."""
        return accepted_status(self.entry.status)


@frozen(kw_only=True)
class UnitContact:
    """联系人 and 联系电话 a unit gave in its last return."""

    contact: str = ""
    phone: str = ""


def _answers(values: Iterable[Answer]) -> Mapping[tuple[str, str], Answer]:
    if isinstance(values, Mapping):
        return values
    return {(answer.unit_id, answer.task_id): answer for answer in values}


@frozen(kw_only=True)
class Previous:
    """What earlier rounds left for this one: the last accepted answer of each task × unit.

    Attributes:
        round: the latest earlier round ("" when it had no name).
        due: that round's due date.
        notice_fingerprint: the notice the answers belong to.
        answers: by (unit id, task id).
        contacts: the 联系人 and 联系电话 each unit last gave, by unit id.
        source: where it was read from (a file), for messages.
        notice_title: the title of the notice the answers belong to.
    """

    round: str = ""
    due: dt.date | None = None
    notice_fingerprint: str = ""
    answers: Mapping[tuple[str, str], Answer] = field(factory=dict, converter=_answers)
    contacts: Mapping[str, UnitContact] = field(factory=dict)
    source: str = ""
    notice_title: str = ""

    def answer(self, unit_id: str, task_id: str) -> Answer | None:
        """The last accepted answer of a unit for a task, or None."""
        return self.answers.get((unit_id, task_id))

    def of_unit(self, unit_id: str) -> dict[str, Answer]:
        """A unit's answers by task id."""
        return {task: answer for (unit, task), answer in self.answers.items() if unit == unit_id}


class PreviousMismatchError(GzgkError, ValueError):
    """Earlier answers that cannot be set against this round (another notice, this round itself)."""

    code = "previous-mismatch"


def check_previous(previous: Previous, notice: Notice, round_name: str | None) -> None:
    """Refuse earlier answers of another notice, or of the round being reported itself.

    Raises:
        PreviousMismatchError: saying which, in Chinese.
    """
    where = f"上期汇总表“{previous.source}”" if previous.source else "上期的数据"
    printed = previous.notice_fingerprint
    if printed and printed != notice_fingerprint(notice):
        title = f"（“{previous.notice_title}”）" if previous.notice_title else ""
        raise PreviousMismatchError(
            f"{where}属于另一份通知{title}，不能与本次通知对比。请检查文件"
            "（通知的任务内容改动后，上期的答复无法逐项对应）"
        )
    if round_name and previous.round == round_name:
        raise PreviousMismatchError(
            f"{where}就是本期（{round_name}）的汇总，不是上期的。请改用上一期的汇总表"
        )


def next_streak(change: Change, previous: Answer | None) -> int:
    """The 未更新 streak after this round: one longer when 未更新, kept without an answer."""
    before = previous.stale if previous is not None else 0
    if change is Change.STALE:
        return before + 1
    if change in _NO_ANSWER:
        return before
    return 0


def classify(entry: Entry | None, previous: Answer | None) -> Change:
    """What changed from an earlier answer to this round's entry (None: nothing received)."""
    status = accepted_status(entry.status) if entry is not None else ""
    if entry is None:
        return Change.NOT_REPORTED
    if not status:
        return Change.UNFILLED
    if status == _NOT_APPLICABLE:
        return Change.NOT_APPLICABLE
    if previous is None or not previous.status:
        return Change.FIRST
    before = previous.status
    rank, earlier = status_rank(status), status_rank(before)
    if status == _DONE:
        return Change.KEPT_DONE if before == _DONE else Change.NEW_DONE
    if rank is not None and earlier is not None and rank < earlier:
        return Change.REGRESSED
    if status == before and normalize(entry.progress) == normalize(previous.entry.progress):
        return Change.STALE
    return Change.PROGRESSED


@frozen(kw_only=True)
class PairComparison:
    """One task × unit of this round against its earlier answer.

    Attributes:
        unit_id, unit_name: the unit. task: the task. role: the unit's role.
        previous: the earlier answer (None: the unit never answered before).
        entry: what the unit wrote this round (None: nothing received, or its
            row is missing).
        status: this round's status when it is one of the four words, else "".
        change: what changed (新完成, 未更新, 退步 …).
        stale: the 未更新 streak after this round.
        task_due: the task's 完成时限 as a date (None: none, or open-ended).
        light: 红, 黄 or 绿 (None: 不涉及, or no answer yet within the round's time).
        reasons: why the light is red or yellow, in Chinese.
    """

    unit_id: str
    unit_name: str
    task: Task
    role: Role
    previous: Answer | None
    entry: Entry | None
    status: str
    change: Change
    stale: int
    task_due: dt.date | None
    light: Light | None
    reasons: tuple[str, ...] = ()

    @property
    def previous_status(self) -> str:
        """The earlier answer's status ("" when there is none)."""
        return self.previous.status if self.previous is not None else ""

    @property
    def stalled(self) -> bool:
        """Whether the pair was 未更新 for two rounds in a row (or more)."""
        return self.stale >= STALLED_ROUNDS


def _light(
    pair_status: str,
    change: Change,
    stale: int,
    *,
    task_due: dt.date | None,
    round_due: dt.date | None,
    today: dt.date,
    soon: int,
) -> tuple[Light | None, tuple[str, ...]]:
    """The light and its reasons, by the rules in the module's docstring."""
    if change in _NO_ANSWER:
        if round_due is not None and today > round_due:
            what = _NO_ANSWER[change]
            return Light.RED, (f"{what}（报送时限 {chinese_date(round_due)}）",)
        return None, ()
    if pair_status == _NOT_APPLICABLE:
        return None, ()
    if pair_status == _DONE:
        return Light.GREEN, ()
    if task_due is not None and today > task_due:
        return Light.RED, (f"已过完成时限 {chinese_date(task_due)}，尚未完成",)
    reasons: list[str] = []
    if task_due is not None and (task_due - today).days <= soon:
        reasons.append(f"距完成时限 {chinese_date(task_due)} 不足 {soon} 天，尚未完成")
    if stale >= STALLED_ROUNDS:
        reasons.append(f"连续 {stale} 期未更新")
    if change is Change.REGRESSED:
        reasons.append("较上期退步")
    return (Light.YELLOW, tuple(reasons)) if reasons else (Light.GREEN, ())


def compare_pair(
    *,
    unit: tuple[str, str],
    task: Task,
    role: Role,
    entry: Entry | None,
    previous: Answer | None,
    task_due: dt.date | None,
    round_due: dt.date | None,
    today: dt.date,
    soon: int = SOON_DAYS,
    rejected: bool = False,
) -> PairComparison:
    """One task × unit against its earlier answer (``unit`` is its id and name).

    ``rejected``: the unit's return failed validation; its entry is not adopted (the
    pair has no entry and no status this round, and keeps its earlier answer).
    """
    if rejected:
        entry = None
    status = accepted_status(entry.status) if entry is not None else ""
    change = Change.REJECTED if rejected else classify(entry, previous)
    stale = next_streak(change, previous)
    light, reasons = _light(
        status, change, stale, task_due=task_due, round_due=round_due, today=today, soon=soon
    )
    return PairComparison(
        unit_id=unit[0],
        unit_name=unit[1],
        task=task,
        role=role,
        previous=previous,
        entry=entry,
        status=status,
        change=change,
        stale=stale,
        task_due=task_due,
        light=light,
        reasons=reasons,
    )


def replay(
    rounds: Iterable[tuple[str, Entry | None]], *, unit_id: str = "", task_id: str = ""
) -> Answer | None:
    """The last accepted answer after rounds of entries (oldest first), with its 未更新 streak.

    Each item is a round's name and the pair's entry in it (None: no entry
    that round). The same rules as :func:`compare`, so a history gives the
    streaks the summaries gave.
    """
    last: Answer | None = None
    for name, entry in rounds:
        change = classify(entry, last)
        stale = next_streak(change, last)
        if entry is not None and accepted_status(entry.status):
            last = Answer(round=name, unit_id=unit_id, task_id=task_id, entry=entry, stale=stale)
        elif last is not None:
            last = evolve(last, stale=stale)
    return last


def task_year(notice: Notice, round_: Round | None) -> int | None:
    """The year a 完成时限 without one (6月底前) falls in: the notice's, else the round's."""
    if notice.issued_on is not None:
        return notice.issued_on.year
    if round_ is not None and round_.due is not None:
        return round_.due.year
    return None


@frozen(kw_only=True)
class ComparisonCounts:
    """The numbers of the comparison: changes and lights over every task × unit."""

    pairs: int
    new_done: int
    regressed: int
    stale: int
    stalled: int
    progressed: int
    first: int
    not_reported: int
    rejected: int
    red: int
    yellow: int
    green: int


@frozen(kw_only=True)
class Comparison:
    """This round against earlier ones, for every task × unit the notice expects.

    Attributes:
        round: this round (None: the summary was made without one).
        previous_round: the latest earlier round ("" when there was none, or it had no name).
        today: the day lights are judged at (the summary's as-of date).
        soon: days before a 完成时限 that make a pending task yellow.
        pairs: every task × unit, task by task, units in registry order.
        carried: the answers the next round starts from (this round's accepted
            answers, and earlier ones of pairs without an answer this round).
        contacts: each unit's latest 联系人 and 联系电话.
        compared: whether there were earlier answers to compare with.
    """

    round: Round | None
    previous_round: str = ""
    today: dt.date
    soon: int = SOON_DAYS
    pairs: tuple[PairComparison, ...] = ()
    carried: tuple[Answer, ...] = ()
    contacts: Mapping[str, UnitContact] = field(factory=dict)
    compared: bool = True

    def counts(self) -> ComparisonCounts:
        """How many pairs are 新完成, 未更新, 退步 …, and how many of each light."""
        changes = [pair.change for pair in self.pairs]
        lights = [pair.light for pair in self.pairs]
        return ComparisonCounts(
            pairs=len(self.pairs),
            new_done=changes.count(Change.NEW_DONE),
            regressed=changes.count(Change.REGRESSED),
            stale=changes.count(Change.STALE),
            stalled=sum(1 for pair in self.pairs if pair.change is Change.STALE and pair.stalled),
            progressed=changes.count(Change.PROGRESSED),
            first=changes.count(Change.FIRST),
            not_reported=changes.count(Change.NOT_REPORTED),
            rejected=changes.count(Change.REJECTED),
            red=lights.count(Light.RED),
            yellow=lights.count(Light.YELLOW),
            green=lights.count(Light.GREEN),
        )

    def of_unit(self, unit_id: str) -> tuple[PairComparison, ...]:
        """The pairs of one unit, in task order."""
        return tuple(pair for pair in self.pairs if pair.unit_id == unit_id)

    def pair(self, unit_id: str, task_id: str) -> PairComparison:
        """The pair of a unit and a task.

        Raises:
            KeyError: the unit does not hold the task.
        """
        for pair in self.pairs:
            if pair.unit_id == unit_id and pair.task.id == task_id:
                return pair
        raise KeyError((unit_id, task_id))

    def sentence(self) -> str:
        """The comparison in one Chinese sentence (for the Word summary and the overview)."""
        counts = self.counts()
        lights = f"红灯 {counts.red} 项、黄灯 {counts.yellow} 项、绿灯 {counts.green} 项"
        if not self.compared:
            return f"没有上期的答复可对比；{lights}。"
        since = f"较上期（{self.previous_round}）" if self.previous_round else "较上期"
        changes = (
            f"{since}新完成 {counts.new_done} 项，未更新 {counts.stale} 项"
            f"（其中连续两期及以上未更新 {counts.stalled} 项），退步 {counts.regressed} 项"
        )
        return f"{changes}；{lights}。"


def compare(
    summary: Summary, previous: Previous | None = None, *, soon: int = SOON_DAYS
) -> Comparison:
    """Set a round's summary against the earlier answers (none: every answer is the first).

    Lights are judged at the summary's as-of date; a 完成时限 without a year
    falls in the notice's year. The round is the summary's; without one,
    answers are carried under an empty round name and the notice's
    report_due is the round's due date.
    """
    round_ = summary.round
    name = round_.name if round_ is not None else ""
    round_due = round_.due if round_ is not None else summary.notice.report_due
    today = summary.as_of.date()
    year = task_year(summary.notice, round_)
    dues = {task.id: deadline_date(task.deadline, year) for task in summary.notice.tasks}
    pairs: list[PairComparison] = []
    carried: list[Answer] = []
    for task in summary.notice.tasks:
        for unit in summary.expected:
            role = unit.role(task)
            if role is None:
                continue
            earlier = previous.answer(unit.unit.id, task.id) if previous is not None else None
            pair = compare_pair(
                unit=(unit.unit.id, unit.name),
                task=task,
                role=role,
                entry=unit.entry(task),
                previous=earlier,
                task_due=dues[task.id],
                round_due=round_due,
                today=today,
                soon=soon,
                rejected=unit.valid is False,
            )
            pairs.append(pair)
            if pair.entry is not None and pair.status:
                received = unit.received
                carried.append(
                    Answer(
                        round=name,
                        unit_id=pair.unit_id,
                        task_id=task.id,
                        role=role.value,
                        entry=pair.entry,
                        fill_date=received.content.fill_date if received is not None else None,
                        stale=pair.stale,
                    )
                )
            elif earlier is not None:
                carried.append(earlier)
    contacts = dict(previous.contacts) if previous is not None else {}
    for unit in summary.expected:
        received = unit.received
        if received is not None and (received.content.contact or received.content.phone):
            contacts[unit.unit.id] = UnitContact(
                contact=received.content.contact.strip(), phone=received.content.phone.strip()
            )
    return Comparison(
        round=round_,
        previous_round=previous.round if previous is not None else "",
        today=today,
        soon=soon,
        pairs=tuple(pairs),
        carried=tuple(carried),
        contacts=contacts,
        compared=previous is not None,
    )
