"""Consolidation as data: every unit's return merged into one summary, and who still owes what.

Pure: no workbook library here. The Excel edge reads each returned file (in an
isolated worker process) into a :class:`Received`; a :class:`Consolidator`
takes them one at a time, in any order, keeps the newest return of each unit
with its entries and only the findings of every other file, and makes a
:class:`Summary`. The summary workbook, the Word compilation and the 催报清单
are all written from a :class:`Summary`.

Rules (the office's, not the program's):

* Several returns of one unit: the newest by 填报日期, then by file time, is
  used; the others are kept as *superseded* and listed, never dropped.
* Byte-identical files are one return: the one kept is valid if any copy is,
  then the one whose file name fits the unit its content names; the others
  are listed as *copies*, never counted twice. A unit that has a file bearing
  its name whose content belongs to another unit is told so in its row.
* A path found but not read (a lock file, a FIFO, a link loop …) is listed
  with its reason.
* A return whose unit is known and which belongs to the notice is merged even
  when it has errors, and flagged invalid.
* A file whose unit cannot be established (unreadable, not a return, another
  notice's return) is *unplaced*: listed with its problems, and named in the
  reminder of any unit it seems to come from, but never counted as received.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Literal

from attrs import evolve, field, frozen

from gzgk._text import chinese_date, normalize
from gzgk.comparison import SOON_DAYS, Comparison, Light, Previous, compare
from gzgk.contract import RETURN, SUMMARY
from gzgk.errors import KeyMismatchError, RoundMismatchError
from gzgk.matrix import Matrix, Unresolved
from gzgk.model import Notice, Role, Round, Task, Unit
from gzgk.report import FileReport, Issue
from gzgk.returns import Entry, ReturnContent, Signature
from gzgk.signing import Key

__all__ = [
    "CellState",
    "CompiledEntry",
    "Consolidator",
    "ContactSource",
    "Counts",
    "InvalidText",
    "KeyCheck",
    "Progress",
    "Received",
    "RejectedReturn",
    "Reminder",
    "RoundCheck",
    "Summary",
    "TaskCompilation",
    "Timeliness",
    "UnitReturn",
    "consolidate",
    "misnamed_note",
]

_FIRST_SENTENCE = "。"
_OTHER_ROUND = "other-round"  # the code of a return of another round (gzgk.excel.return_issues)


class Timeliness(enum.Enum):
    """Whether a unit reported in time, judged at the summary's as-of date."""

    ON_TIME = "on-time"
    LATE = "late"
    PENDING = "pending"
    OVERDUE = "overdue"
    NO_DEADLINE = "no-deadline"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        """The Chinese word shown to users."""
        return {
            Timeliness.ON_TIME: "按时",
            Timeliness.LATE: "逾期报送",
            Timeliness.PENDING: "未到时限",
            Timeliness.OVERDUE: "逾期未报",
            Timeliness.NO_DEADLINE: "无时限",
            Timeliness.UNKNOWN: "无法判断",
        }[self]


class CellState(enum.Enum):
    """What one cell of the progress matrix (task × unit) shows.

    ``REJECTED``: the unit's return failed validation, so none of what it says is
    adopted — its 落实状态 is neither shown nor counted (never 已完成); the task
    still counts as one the unit must carry out.
    """

    NO_ROLE = "no-role"
    NOT_RECEIVED = "not-received"
    REJECTED = "rejected"
    DONE = "done"
    IN_PROGRESS = "in-progress"
    NOT_STARTED = "not-started"
    NOT_APPLICABLE = "not-applicable"
    UNFILLED = "unfilled"
    ROW_MISSING = "row-missing"
    OTHER = "other"

    @classmethod
    def of_status(cls, status: str) -> CellState:
        """The state of a written 落实状态 (compared without spaces, full/half width alike)."""
        key = normalize(status)
        if not key:
            return cls.UNFILLED
        states = (cls.DONE, cls.IN_PROGRESS, cls.NOT_STARTED, cls.NOT_APPLICABLE)
        for state, word in zip(states, RETURN.STATUSES, strict=True):
            if key == word:
                return state
        return cls.OTHER


@frozen(kw_only=True)
class Received:
    """One file as read and checked: where it came from, what it says, what is wrong.

    Attributes:
        path: the file as the user named it (a folder given plus the file's place in it).
        relative: the file's path inside the folder it was found in (its name, for
            a file named directly): annotated copies keep this layout.
        sha256: the SHA-256 of the file's bytes ("" when they could not be read).
        size: the file's size in bytes (None when unknown).
        modified: the file's modification time (None when unknown).
        report: every finding about the file.
        content: what the return says; empty when it could not be read.
    """

    path: str
    relative: str
    sha256: str = ""
    size: int | None = None
    modified: dt.datetime | None = None
    report: FileReport
    content: ReturnContent = field(factory=ReturnContent)

    @property
    def read(self) -> bool:
        """False for a path found but not read (a lock file, a FIFO …): its report says why."""
        return self.report.read

    @property
    def unit(self) -> Unit | None:
        """The unit the return belongs to, when it can be established."""
        return self.content.unit

    @property
    def valid(self) -> bool:
        """Whether the file has no error."""
        return self.report.valid

    @property
    def placed(self) -> bool:
        """Whether the file is a return of the notice whose unit is known."""
        return self.content.unit is not None and self.content.belongs

    @property
    def date(self) -> dt.date | None:
        """The date the return speaks for: its 填报日期, else the file's date."""
        if self.content.fill_date is not None:
            return self.content.fill_date
        return self.modified.date() if self.modified is not None else None

    @property
    def date_basis(self) -> str:
        """Where :attr:`date` comes from: 填报日期 or 文件时间 ("" when there is none)."""
        if self.content.fill_date is not None:
            return RETURN.label("date")
        return SUMMARY.FILE_TIME if self.modified is not None else ""

    @property
    def order(self) -> tuple[dt.date, dt.datetime, str]:
        """How new the return is: its date, then its file time (then its path, for ties)."""
        floor = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
        return (self.date or dt.date.min, self.modified or floor, self.path)

    def light(self) -> Received:
        """The same record without the entries (what is kept of a file not merged)."""
        if not self.content.entries:
            return self
        return evolve(self, content=evolve(self.content, entries={}))


@frozen(kw_only=True)
class Progress:
    """Counts of 落实状态 over a set of (unit, task) cells."""

    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    not_applicable: int = 0
    unfilled: int = 0
    not_received: int = 0
    rejected: int = 0  # cells of returns that failed validation: applicable, never done

    @property
    def total(self) -> int:
        """Every cell counted."""
        return (
            self.done
            + self.in_progress
            + self.not_started
            + self.not_applicable
            + self.unfilled
            + self.not_received
            + self.rejected
        )

    @property
    def applicable(self) -> int:
        """Cells that concern the unit (everything but 不涉及)."""
        return self.total - self.not_applicable

    @property
    def rate(self) -> float | None:
        """已完成 as a share of the applicable cells (None when there are none)."""
        return self.done / self.applicable if self.applicable else None

    @classmethod
    def count(cls, states: Iterable[CellState]) -> Progress:
        """The progress of a set of matrix cells (cells without a role are ignored)."""
        names = {
            CellState.DONE: "done",
            CellState.IN_PROGRESS: "in_progress",
            CellState.NOT_STARTED: "not_started",
            CellState.NOT_APPLICABLE: "not_applicable",
            CellState.NOT_RECEIVED: "not_received",
            CellState.REJECTED: "rejected",
        }
        tally = dict.fromkeys((*names.values(), "unfilled"), 0)
        for state in states:
            if state is not CellState.NO_ROLE:
                tally[names.get(state, "unfilled")] += 1
        return cls(**tally)


@frozen(kw_only=True)
class UnitReturn:
    """One unit and what it sent.

    Attributes:
        unit: the unit.
        tasks: the unit's tasks with its role in each (groups expanded).
        expected: whether the notice gives the unit any task.
        received: the return used (the newest), or None.
        superseded: older returns of the same unit, newest first (findings only).
        timeliness: in time, late, pending or overdue at the as-of date.
        related: files that could not be used but seem to come from the unit
            (its return for another notice, an unreadable file named after it).
        copies: files byte-identical to a return of the unit that was kept.
        misnamed: returns of other units in files whose names name this unit.
    """

    unit: Unit
    tasks: tuple[tuple[Task, Role], ...]
    expected: bool
    received: Received | None
    superseded: tuple[Received, ...] = ()
    timeliness: Timeliness
    related: tuple[Received, ...] = ()
    copies: tuple[Received, ...] = ()
    misnamed: tuple[Received, ...] = ()

    @property
    def name(self) -> str:
        """The unit's short name (as notices print it)."""
        return self.unit.short_name

    @property
    def submitted(self) -> bool:
        """Whether a return of the unit was received."""
        return self.received is not None

    @property
    def valid(self) -> bool | None:
        """Whether the return used is valid (None when nothing was received)."""
        return self.received.valid if self.received is not None else None

    def role(self, task: Task) -> Role | None:
        """The unit's role in a task, or None."""
        seq = task.seq  # the task's id is made of its number alone (formatting it costs)
        return next((role for held, role in self.tasks if held.seq == seq), None)

    def entry(self, task: Task) -> Entry | None:
        """What the unit wrote for a task (None: nothing received, or the row is missing)."""
        if self.received is None:
            return None
        return self.received.content.entries.get(task.id)

    def state(self, task: Task) -> CellState:
        """The unit's cell for a task in the progress matrix (a return that failed: REJECTED)."""
        if self.role(task) is None:
            return CellState.NO_ROLE
        if self.received is None:
            return CellState.NOT_RECEIVED
        if not self.received.valid:
            return CellState.REJECTED
        entry = self.entry(task)
        if entry is None:
            return CellState.ROW_MISSING
        return CellState.of_status(entry.status)

    def progress(self) -> Progress:
        """The unit's progress over its own tasks."""
        return Progress.count(self.state(task) for task, _ in self.tasks)

    @property
    def contact(self) -> str:
        """联系人: from the return, else from the office's unit registry ("" when neither)."""
        written = self.received.content.contact.strip() if self.received is not None else ""
        return written or self.unit.contact

    @property
    def phone(self) -> str:
        """联系电话: from the return, else from the office's unit registry ("" when neither)."""
        written = self.received.content.phone.strip() if self.received is not None else ""
        return written or self.unit.phone


@frozen(kw_only=True)
class Counts:
    """The numbers of the summary's first page."""

    expected: int
    received: int
    on_time: int
    late: int
    invalid: int
    missing: int
    overdue: int
    unexpected: int
    superseded: int
    unplaced: int
    files: int
    progress: Progress
    copies: int = 0
    skipped: int = 0

    @property
    def received_rate(self) -> float | None:
        """Units received as a share of the units expected."""
        return self.received / self.expected if self.expected else None


InvalidText = Literal["appendix", "omit"]
"""Where text from a return that failed validation goes: a marked appendix, or nowhere."""


@frozen(kw_only=True)
class CompiledEntry:
    """One unit's part in the compilation of a task.

    ``rejected`` is True when the unit's return failed validation: its text is
    withheld (``entry`` is None) and is never compiled under the unit's name.
    """

    unit: UnitReturn
    role: Role
    entry: Entry | None
    state: CellState
    rejected: bool = False


@frozen(kw_only=True)
class RejectedReturn:
    """A return that failed validation: why, and what it says, for a marked appendix only."""

    unit: UnitReturn
    reasons: tuple[str, ...]
    entries: tuple[tuple[Task, Role, Entry | None], ...]


@frozen(kw_only=True)
class TaskCompilation:
    """Everything written about one task: leads first, then responsible, then cooperating.

    ``open_names`` are the holders of the task that are not units yet (a group
    whose members are still to be stated, a name not in the registry).
    """

    task: Task
    entries: tuple[CompiledEntry, ...]
    open_names: tuple[str, ...] = ()


class ContactSource(enum.Enum):
    """Where the 催报清单 found whom to phone at a unit."""

    REGISTRY = "registry"
    RETURN = "return"
    EARLIER = "earlier"
    NONE = "none"

    @property
    def label(self) -> str:
        """The Chinese words shown to users (for NONE: what to do about it)."""
        return {
            ContactSource.REGISTRY: "单位名录",
            ContactSource.RETURN: "本期报送表",
            ContactSource.EARLIER: "以往报送表",
            ContactSource.NONE: "未登记：请在单位名录中补充 contact、phone",
        }[self]


@frozen(kw_only=True)
class Reminder:
    """A unit to phone: why, what is missing, and whom to ask for.

    Attributes:
        unit: the unit.
        reasons: why it is on the list (逾期未报, 报送表不合格 …).
        missing: what it must send or correct, one item each.
        contact: whom to ask for ("" when nobody is known).
        phone: their phone number.
        source: where ``contact`` and ``phone`` come from.
        overdue_days: how many days past the deadline what it owes is (0: not overdue).
        owes: whether it still owes something (a late but valid return owes nothing).
    """

    unit: UnitReturn
    reasons: tuple[str, ...]
    missing: tuple[str, ...]
    contact: str = ""
    phone: str = ""
    source: ContactSource = ContactSource.NONE
    overdue_days: int = 0
    owes: bool = True


@frozen(kw_only=True)
class Summary:
    """Every unit's return of one notice, merged, as of one moment.

    Attributes:
        notice: the notice the returns answer.
        matrix: its task × unit matrix (roles).
        as_of: the moment the summary speaks for (deadlines are judged at its date).
        units: every unit the notice expects, in registry order, then units that
            sent a return without being asked.
        unplaced: files that could not be placed with a unit of this notice.
        files: every file read (entries dropped), in path order.
        round: the reporting round the returns answer (None: not reported by rounds).
        comparison: this round against earlier ones (see :meth:`compared`).
    """

    notice: Notice
    matrix: Matrix
    as_of: dt.datetime
    units: tuple[UnitReturn, ...]
    unplaced: tuple[Received, ...] = ()
    files: tuple[Received, ...] = ()
    round: Round | None = None
    comparison: Comparison | None = None

    def compared(self, previous: Previous | None = None, *, soon: int = SOON_DAYS) -> Summary:
        """The summary compared with earlier answers (:func:`gzgk.comparison.compare`).

        Args:
            previous: the last accepted answers of earlier rounds (None: this is the first).
            soon: days before a 完成时限 that make a pending task yellow.
        """
        return evolve(self, comparison=compare(self, previous, soon=soon))

    @property
    def expected(self) -> tuple[UnitReturn, ...]:
        """The units the notice expects a return from."""
        return tuple(unit for unit in self.units if unit.expected)

    @property
    def issues(self) -> tuple[Issue, ...]:
        """Every finding about every file, in path order."""
        return tuple(issue for file in self.files for issue in file.report.issues)

    def paths(self) -> tuple[str, ...]:
        """Every file found for the summary (an output must not land on any of them)."""
        return tuple(file.path for file in self.files)

    @property
    def skipped(self) -> tuple[Received, ...]:
        """Paths found but not read, each with its reason (in its report)."""
        return tuple(file for file in self.files if not file.read)

    @property
    def open_groups(self) -> tuple[Unresolved, ...]:
        """Names of the notice that are not units yet: nobody got a return for them."""
        return self.matrix.unresolved()

    def unit(self, name: str | Unit) -> UnitReturn:
        """The entry of one unit (by id, name or alias).

        Raises:
            UnknownUnitError: the name is not a unit of the registry.
            KeyError: the unit neither is expected nor sent a return.
        """
        wanted = name if isinstance(name, Unit) else self.matrix.registry.unit(name)
        for unit in self.units:
            if unit.unit.id == wanted.id:
                return unit
        raise KeyError(wanted.short_name)

    def counts(self) -> Counts:
        """How many units were expected, received, late, invalid, missing …."""
        expected = self.expected
        received = [u for u in expected if u.submitted]
        return Counts(
            expected=len(expected),
            received=len(received),
            on_time=sum(1 for u in received if u.timeliness is Timeliness.ON_TIME),
            late=sum(1 for u in received if u.timeliness is Timeliness.LATE),
            invalid=sum(1 for u in received if u.valid is False),
            missing=len(expected) - len(received),
            overdue=sum(1 for u in expected if u.timeliness is Timeliness.OVERDUE),
            unexpected=sum(1 for u in self.units if not u.expected),
            superseded=sum(len(u.superseded) for u in self.units),
            unplaced=len(self.unplaced),
            files=len(self.files),
            progress=Progress.count(u.state(t) for u in expected for t, _ in u.tasks),
            copies=sum(len(u.copies) for u in self.units),
            skipped=len(self.skipped),
        )

    def task_progress(self, task: Task) -> Progress:
        """The progress of one task over every unit that holds it."""
        return Progress.count(unit.state(task) for unit in self.expected)

    def compilation(self) -> tuple[TaskCompilation, ...]:
        """For each task, what its units wrote: leads first, then responsible, then cooperating."""
        compiled: list[TaskCompilation] = []
        for task in self.notice.tasks:
            items = [
                CompiledEntry(
                    unit=unit,
                    role=role,
                    entry=None if unit.valid is False else unit.entry(task),
                    state=unit.state(task),
                    rejected=unit.valid is False,
                )
                for unit in self.expected
                if (role := unit.role(task)) is not None
            ]
            items.sort(key=lambda item: item.role.rank)  # stable: registry order within a role
            open_names = tuple(
                dict.fromkeys(
                    holder.name
                    for holder in self.matrix.units_of(task, expand=True)
                    if holder.unit is None
                )
            )
            compiled.append(TaskCompilation(task=task, entries=tuple(items), open_names=open_names))
        return tuple(compiled)

    def rejected(self) -> tuple[RejectedReturn, ...]:
        """The returns that failed validation, with their errors and what they say.

        Their text is kept out of the compilation; writers put it in a marked
        appendix (未采用的报送内容) or leave it out, as the office chooses.
        """
        found: list[RejectedReturn] = []
        for unit in self.expected:
            received = unit.received
            if received is None or received.valid:
                continue
            errors = [issue for issue in received.report.issues if issue.is_error]
            found.append(
                RejectedReturn(
                    unit=unit,
                    reasons=tuple(dict.fromkeys(_short_issue(issue) for issue in errors)),
                    entries=tuple((task, role, unit.entry(task)) for task, role in unit.tasks),
                )
            )
        return tuple(found)

    def reminders(self) -> tuple[Reminder, ...]:
        """The units to chase, sorted for phoning: what is owed longest first.

        A unit is listed when it sent nothing, sent an invalid return, has red
        lights or tasks 未更新 for rounds in a row, or sent late (then last when
        that is all: it owes nothing more). Units owing the same number of days
        keep the registry's order, units that sent nothing first. Whom to phone:
        the registry's contact, else its returns' this round, else the one it
        gave in an earlier round (:attr:`comparison`), else nobody is known.
        """
        due = self.notice.report_due
        today = self.as_of.date()
        late_by = max(0, (today - due).days) if due is not None else 0
        result: list[Reminder] = []
        for unit in self.expected:
            reasons: list[str] = []
            missing: list[str] = []
            if unit.received is None:
                if due is None:
                    reasons.append("未报送")
                elif late_by:
                    reasons.append(f"{Timeliness.OVERDUE.label}（逾期 {late_by} 天）")
                else:
                    reasons.append(f"未报送（时限 {chinese_date(due)}）")
                labels = "".join(task.label for task, _ in unit.tasks)
                missing.append(f"整份报送表（任务{labels}，共 {len(unit.tasks)} 项）")
            else:
                if unit.timeliness is Timeliness.LATE and due is not None:
                    basis, date = unit.received.date_basis, unit.received.date
                    shown = chinese_date(date) if date is not None else ""
                    reasons.append(f"逾期报送（{basis} {shown}，时限 {chinese_date(due)}）")
                if unit.valid is False:
                    errors = [i for i in unit.received.report.issues if i.is_error]
                    reasons.append(f"报送表不合格（错误 {len(errors)} 处）")
                    missing.extend(_short_issue(issue) for issue in errors)
            missing.extend(
                f"收到文件“{file.path}”但无法采用：{_first_error(file)}" for file in unit.related
            )
            missing.extend(misnamed_note(file) for file in unit.misnamed)
            if self.comparison is not None:
                self._light_reminders(unit, reasons, missing)
            if reasons:
                late = unit.received is not None and unit.timeliness is Timeliness.LATE
                behind = unit.received is None or unit.valid is False
                owes = behind or len(reasons) > (1 if late else 0)  # red lights, stalled tasks
                contact, phone, source = self._contact(unit)
                result.append(
                    Reminder(
                        unit=unit,
                        reasons=tuple(reasons),
                        missing=tuple(missing),
                        contact=contact,
                        phone=phone,
                        source=source,
                        overdue_days=late_by if behind else 0,
                        owes=owes,
                    )
                )
        result.sort(key=lambda r: (not r.owes, -r.overdue_days, r.unit.received is not None))
        return tuple(result)

    def _light_reminders(self, unit: UnitReturn, reasons: list[str], missing: list[str]) -> None:
        """Red lights and tasks 未更新 for rounds in a row: why to call, and what to ask for."""
        if self.comparison is None:
            return
        pairs = self.comparison.of_unit(unit.unit.id)
        red = [p for p in pairs if p.light is Light.RED and p.change.value != "not-reported"]
        stalled = [p for p in pairs if p.change.value == "stale" and p.stalled]
        if red:
            reasons.append(f"红灯 {len(red)} 项")
            missing.extend(f"任务{p.task.label}：{'；'.join(p.reasons)}" for p in red)
        if stalled:
            reasons.append(f"连续两期及以上未更新 {len(stalled)} 项")
            missing.extend(
                f"任务{p.task.label}：连续 {p.stale} 期未更新，请写明本期新进展" for p in stalled
            )

    def _contact(self, unit: UnitReturn) -> tuple[str, str, ContactSource]:
        """Whom to phone: the registry's, else the newest return's, else an earlier round's."""
        if unit.unit.contact or unit.unit.phone:
            return unit.unit.contact, unit.unit.phone, ContactSource.REGISTRY
        for record in (unit.received, *unit.superseded, *unit.related):
            if record is not None and (record.content.contact or record.content.phone):
                content = record.content
                return content.contact.strip(), content.phone.strip(), ContactSource.RETURN
        known = self.comparison.contacts.get(unit.unit.id) if self.comparison else None
        if known is not None and (known.contact or known.phone):  # what it gave last round
            return known.contact, known.phone, ContactSource.EARLIER
        return "", "", ContactSource.NONE


def _short_issue(issue: Issue) -> str:
    where = issue.location(with_path=False)
    sentence = issue.message.split(_FIRST_SENTENCE, 1)[0]
    return f"{where}：{sentence}" if where else sentence


def misnamed_note(file: Received) -> str:
    """The hint for a unit whose name is on another unit's return."""
    owner = file.unit.short_name if file.unit is not None else "其他单位"
    return f"文件“{file.path}”的文件名是本单位，但内容是{owner}的报送表，未算作本单位报送"


def _first_error(file: Received) -> str:
    errors = [issue for issue in file.report.issues if issue.is_error] or list(file.report.issues)
    return errors[0].message.split(_FIRST_SENTENCE, 1)[0] if errors else "原因不明"


class Consolidator:
    """Merges returns one at a time, in any order, holding only what the summary needs.

    Memory grows with the number of units, not of files: of every file but
    the newest of each unit only the findings are kept.
    """

    def __init__(self, matrix: Matrix) -> None:
        self.matrix = matrix
        self._newest: dict[str, Received] = {}
        self._older: dict[str, list[Received]] = {}
        self._unplaced: list[Received] = []
        self._files: list[Received] = []
        self._kept: dict[str, Received] = {}  # placed files by content: the copy kept
        self._copies: dict[str, list[Received]] = {}  # by unit id

    def _fits(self, received: Received) -> bool:
        """Whether the file's name names no unit, or the unit its content names."""
        named = self.matrix.registry.named_in(_stem(received.relative))
        return not named or received.unit in named

    def _better(self, new: Received, kept: Received) -> bool:
        """Which of two identical files to keep: valid, then fitting its name, then by path."""
        ours, theirs = (new.valid, self._fits(new)), (kept.valid, self._fits(kept))
        return ours > theirs if ours != theirs else new.path < kept.path

    def _copy(self, received: Received, unit: Unit) -> bool:
        """Take a file identical to one already placed: keep the better, list the other."""
        kept = self._kept.get(received.sha256) if received.sha256 else None
        if kept is None:
            if received.sha256:
                self._kept[received.sha256] = received.light()
            return False
        copies = self._copies.setdefault(unit.id, [])
        if not self._better(received, kept):
            copies.append(received.light())
            return True
        self._kept[received.sha256] = received.light()
        copies.append(kept)
        newest = self._newest.get(unit.id)
        if newest is not None and newest.path == kept.path:
            self._newest[unit.id] = received
        else:
            older = self._older.get(unit.id, [])
            self._older[unit.id] = [received.light() if f.path == kept.path else f for f in older]
        return True

    def add(self, received: Received) -> None:
        """Take one file's record."""
        light = received.light()
        self._files.append(light)
        if not received.read:
            return
        unit = received.unit
        if unit is None or not received.placed:
            self._unplaced.append(light)
            return
        if self._copy(received, unit):
            return
        current = self._newest.get(unit.id)
        if current is None:
            self._newest[unit.id] = received
        elif received.order > current.order:
            self._newest[unit.id] = received
            self._older.setdefault(unit.id, []).append(current.light())
        else:
            self._older.setdefault(unit.id, []).append(light)

    def summary(self, as_of: dt.datetime) -> Summary:
        """The summary of everything taken so far, as of ``as_of``."""
        matrix = self.matrix
        expected = matrix.reporting_units()
        expected_ids = {unit.id for unit in expected}
        senders = [
            unit
            for unit in matrix.registry.units
            if unit.id in self._newest and unit.id not in expected_ids
        ]
        unplaced = tuple(sorted(self._unplaced, key=lambda file: file.path))
        misnamed = self._misnamed()
        units = tuple(
            self._unit_return(
                unit, as_of, unplaced, misnamed.get(unit.id, ()), expected=unit.id in expected_ids
            )
            for unit in (*expected, *senders)
        )
        return Summary(
            notice=matrix.notice,
            matrix=matrix,
            as_of=as_of,
            units=units,
            unplaced=unplaced,
            files=tuple(sorted(self._files, key=lambda file: file.path)),
        )

    def _misnamed(self) -> dict[str, tuple[Received, ...]]:
        """By unit id: placed files of other units whose names name the unit."""
        found: dict[str, list[Received]] = {}
        for file in sorted(self._files, key=lambda f: f.path):
            if file.read and file.placed and file.unit is not None:
                for named in self.matrix.registry.named_in(_stem(file.relative)):
                    if named.id != file.unit.id:
                        found.setdefault(named.id, []).append(file)
        return {unit_id: tuple(files) for unit_id, files in found.items()}

    def _unit_return(
        self,
        unit: Unit,
        as_of: dt.datetime,
        unplaced: tuple[Received, ...],
        misnamed: tuple[Received, ...],
        *,
        expected: bool,
    ) -> UnitReturn:
        received = self._newest.get(unit.id)
        older = sorted(self._older.get(unit.id, ()), key=lambda f: f.order, reverse=True)
        named = self.matrix.registry.named_in
        related = tuple(
            file
            for file in unplaced
            if (file.unit is not None and file.unit.id == unit.id)
            or (file.unit is None and unit in named(_stem(file.relative)))
        )
        return UnitReturn(
            unit=unit,
            tasks=self.matrix.assignments_of(unit, expand=True) if expected else (),
            expected=expected,
            received=received,
            superseded=tuple(older),
            timeliness=_timeliness(received, self.matrix.notice.report_due, as_of.date()),
            related=related,
            copies=tuple(sorted(self._copies.get(unit.id, ()), key=lambda f: f.path)),
            misnamed=misnamed,
        )


def _stem(relative: str) -> str:
    name = relative.replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0]


def _timeliness(received: Received | None, due: dt.date | None, today: dt.date) -> Timeliness:
    if due is None:
        return Timeliness.NO_DEADLINE
    if received is None:
        return Timeliness.OVERDUE if today > due else Timeliness.PENDING
    date = received.date
    if date is None:  # neither 填报日期 nor a file time
        return Timeliness.UNKNOWN
    return Timeliness.LATE if date > due else Timeliness.ON_TIME


class KeyCheck:
    """Whether the office's key is the one a batch of returns was signed with.

    Feed it every record; :meth:`check` stops the run when not one return
    verifies while the returns name another key: judging 55 units on a wrong
    key file would tell each of them its return was tampered with. A single
    forged return in a batch that otherwise verifies stays that file's problem.
    """

    def __init__(self, key: Key | None) -> None:
        self.key = key
        self.verified = False
        self.others: set[str] = set()

    def see(self, record: Received) -> None:
        """Take one file's record into account."""
        content = record.content
        if content.signature is Signature.VERIFIED:
            self.verified = True
        elif self.key is not None and content.key_id and content.key_id != self.key.id:
            self.others.add(content.key_id)

    def check(self) -> None:
        """Raise when the key verifies nothing and the returns name another.

        Raises:
            KeyMismatchError: naming the given key's id and the ids the returns carry.
        """
        if self.key is not None and not self.verified and self.others:
            raise KeyMismatchError(self.key.id, sorted(self.others))


class RoundCheck:
    """Whether the round given is the one a batch of returns answers.

    Like :class:`KeyCheck`: when a round is given and not one return read is of
    it while the returns name another, :meth:`check` stops the run; reporting
    every unit as not having reported would send the clerk to phone 55 units
    over a mistyped round name. One return of the wrong round in a batch that
    otherwise matches stays that file's ``other-round``.
    """

    def __init__(self, round_name: str | None) -> None:
        self.round_name = round_name
        self.matched = False
        self.others: set[str] = set()

    def see(self, record: Received) -> None:
        """Take one file's record into account."""
        if record.content.belongs:
            self.matched = True
        elif any(issue.code == _OTHER_ROUND for issue in record.report.issues):
            self.others.add(record.content.round_name)

    def check(self) -> None:
        """Raise when no return is of the round given and the returns name another.

        Raises:
            RoundMismatchError: naming the round given and the rounds the returns name.
        """
        if self.round_name is not None and not self.matched and self.others:
            raise RoundMismatchError(self.round_name, sorted(self.others))


def consolidate(
    received: Iterable[Received], matrix: Matrix, as_of: dt.datetime | None = None
) -> Summary:
    """Merge the records of every file into a summary (as of now by default).

    Args:
        received: one record per file, in any order.
        matrix: the notice's matrix: who must report on what.
        as_of: the moment the summary speaks for; now by default.
    """
    consolidator = Consolidator(matrix)
    for record in received:
        consolidator.add(record)
    return consolidator.summary(as_of or dt.datetime.now().astimezone())
