"""The typed model of a task-division notice (任务分工通知) and of the units it names.

Everything here is a frozen, keyword-only attrs class holding tuples, so a
notice is a value: two parses of the same text compare equal, and the same
notice always gives the same workbooks. Unit names inside a notice are kept
exactly as printed; :mod:`gzgk.registry` resolves them to :class:`Unit` and
:class:`UnitGroup` objects.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from attrs import evolve, field, frozen

from gzgk._text import chinese_date
from gzgk.errors import UnknownRoundError, UnknownTaskError
from gzgk.numbering import parse_task_ref

__all__ = [
    "Assignment",
    "Contact",
    "GroupMembers",
    "Notice",
    "Reference",
    "Requirement",
    "Role",
    "Round",
    "Task",
    "Unit",
    "UnitGroup",
    "UnitKind",
]

_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
_SPACES = re.compile(r"\s+")


def _squash(text: str) -> str:
    """A name compared without spaces and with full-width forms folded (NFKC)."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


class Role(enum.Enum):
    """What a unit does for a task, strongest first (RACI-like)."""

    LEAD = "lead"
    RESPONSIBLE = "responsible"
    COOPERATING = "cooperating"
    INFORMED = "informed"

    @property
    def label(self) -> str:
        """Chinese name of the role: 牵头, 责任, 配合, 知悉."""
        return _ROLE_LABELS[self][0]

    @property
    def mark(self) -> str:
        """One-character mark for matrix cells: 牵, 责, 配, 知."""
        return _ROLE_LABELS[self][1]

    @property
    def rank(self) -> int:
        """0 for the strongest role (lead); used to pick a unit's role in a task."""
        return list(Role).index(self)

    @classmethod
    def parse(cls, text: str) -> Role:
        """The role named by an English value or a Chinese label (``牵头单位``, ``协同``).

        Raises:
            ValueError: the text names no role.
        """
        key = text.strip().removesuffix("单位").removesuffix("部门")
        for role in cls:
            if key == role.value or key in _ROLE_WORDS[role]:
                return role
        raise ValueError(
            "角色应为 牵头、责任、配合、知悉（lead、responsible、cooperating、informed），"
            f"现为“{text}”"
        )


_ROLE_LABELS = {
    Role.LEAD: ("牵头", "牵"),
    Role.RESPONSIBLE: ("责任", "责"),
    Role.COOPERATING: ("配合", "配"),
    Role.INFORMED: ("知悉", "知"),
}
_ROLE_WORDS = {
    Role.LEAD: ("牵头", "牵"),
    Role.RESPONSIBLE: ("责任", "责", "落实", "承办"),
    Role.COOPERATING: ("配合", "配", "协同", "协办", "参与"),
    Role.INFORMED: ("知悉", "知", "抄送"),
}


class UnitKind(enum.Enum):
    """What kind of body a unit is; groups are often defined by kind."""

    COUNTY = "county"
    ZONE = "zone"
    DEPARTMENT = "department"
    INSTITUTION = "institution"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Chinese name of the kind."""
        return {
            UnitKind.COUNTY: "县级政府",
            UnitKind.ZONE: "功能区",
            UnitKind.DEPARTMENT: "市政府部门",
            UnitKind.INSTITUTION: "直属单位",
            UnitKind.OTHER: "其他单位",
        }[self]


def _check_id(_instance: object, attribute: object, value: str) -> None:
    if not _ID.fullmatch(value):
        name = getattr(attribute, "name", "id")
        raise ValueError(f"{name} 只能由小写英文字母、数字、- 和 _ 组成（现为“{value}”）")


def _nonblank(_instance: object, attribute: object, value: str) -> None:
    if not value.strip():
        name = getattr(attribute, "name", "value")
        raise ValueError(f"{name} 不能为空")


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


@frozen(kw_only=True)
class Unit:
    """A body that can be assigned tasks: a county government or a department.

    Attributes:
        id: stable ASCII key, e.g. ``zhanggong`` or ``sfj``.
        name: full official name, e.g. ``赣州市司法局``.
        short_name: the name notices print, e.g. ``市司法局``.
        kind: county government, functional zone, department, …
        aliases: other names that mean this unit (old names, other short forms).
        code: administrative division code, where it has one.
        confirmed: whether the names were confirmed from a source.
        note: free text for the office (sources, doubts).
        contact: the person the office calls about returns (its own list).
        phone: that person's phone number.
    """

    id: str = field(validator=_check_id)
    name: str = field(validator=_nonblank)
    short_name: str = field(validator=_nonblank)
    kind: UnitKind
    aliases: tuple[str, ...] = field(default=(), converter=_strings)
    code: str | None = None
    confirmed: bool = True
    note: str = ""
    contact: str = ""
    phone: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """Every name of the unit: short name first, then full name, then aliases."""
        return (self.short_name, self.name, *self.aliases)


def _kinds(values: Iterable[UnitKind]) -> tuple[UnitKind, ...]:
    return tuple(values)


@frozen(kw_only=True)
class UnitGroup:
    """A collective name such as 各县（市、区）人民政府 or 市政府有关部门.

    Members are the listed unit ids plus every unit of the listed kinds. A
    *per-task* group (市政府有关部门) means only the members relevant to each
    task: the office states them per task (:class:`GroupMembers`); until then
    the group is unresolved and nobody is guessed.
    """

    id: str = field(validator=_check_id)
    name: str = field(validator=_nonblank)
    aliases: tuple[str, ...] = field(default=(), converter=_strings)
    members: tuple[str, ...] = field(default=(), converter=_strings)
    kinds: tuple[UnitKind, ...] = field(default=(), converter=_kinds)
    exclude: tuple[str, ...] = field(default=(), converter=_strings)
    per_task: bool = False
    note: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """Every name of the group: its name, then aliases."""
        return (self.name, *self.aliases)


@frozen(kw_only=True)
class Contact:
    """Where returns go: office, contact person, e-mail and phone, as printed."""

    office: str = ""
    person: str = ""
    email: str = ""
    phone: str = ""


@frozen(kw_only=True)
class Reference:
    """A document the notice refers to: 《title》（doc number）."""

    title: str
    doc_number: str = ""
    issuer: str = ""


@frozen(kw_only=True)
class Requirement:
    """A numbered work requirement of the notice body (一、提高思想认识。…)."""

    number: str
    heading: str
    text: str


@frozen(kw_only=True)
class GroupMembers:
    """The office's statement of which units a per-task group means for one task."""

    group: str = field(validator=_nonblank)
    members: tuple[str, ...] = field(converter=_strings)


@frozen(kw_only=True)
class Assignment:
    """One unit name (as printed) with its role in one task."""

    name: str
    role: Role
    members: tuple[str, ...] | None = None


def _group_members(values: Iterable[GroupMembers]) -> tuple[GroupMembers, ...]:
    return tuple(values)


def _check_seq(_instance: object, _attribute: object, value: int) -> None:
    if value < 1:
        raise ValueError(f"seq 应为从 1 起的序号（现为 {value}）")


@frozen(kw_only=True)
class Task:
    """One row of the 任务分工表.

    Attributes:
        seq: position in the table, from 1.
        number: the printed number without brackets, e.g. ``八`` for （八）.
        title: the 主要任务 heading, e.g. ``持续推进基层政务公开标准化规范化建设``.
        content: the full task text, PDF line breaks removed.
        lead: 牵头单位, names as printed, in printed order.
        responsible: 责任单位, as printed.
        cooperating: 配合/协同单位, as printed.
        informed: units only to be kept informed (知悉).
        leaders: 牵头负责领导, where the notice names them.
        deadline: 完成时限 as printed (``2024年12月底前``), where the notice sets one.
        section: the headings the task is listed under, highest first, joined
            by `` › `` (``一、持续减少审批事项 › 1.深化商事制度改革``); empty
            when the notice lists its tasks without sections.
        group_members: the office's statements for per-task groups.
    """

    seq: int = field(validator=_check_seq)
    number: str = field(validator=_nonblank)
    title: str
    content: str
    lead: tuple[str, ...] = field(default=(), converter=_strings)
    responsible: tuple[str, ...] = field(default=(), converter=_strings)
    cooperating: tuple[str, ...] = field(default=(), converter=_strings)
    informed: tuple[str, ...] = field(default=(), converter=_strings)
    leaders: tuple[str, ...] = field(default=(), converter=_strings)
    deadline: str = ""
    section: str = ""
    group_members: tuple[GroupMembers, ...] = field(default=(), converter=_group_members)

    @property
    def id(self) -> str:
        """Stable key of the task within its notice: ``T01``, ``T02``, …."""
        return f"T{self.seq:02d}"

    @property
    def label(self) -> str:
        """The number as printed in Chinese documents: ``（八）``."""
        return f"（{self.number}）"

    def names(self, role: Role) -> tuple[str, ...]:
        """The names printed for one role."""
        return {
            Role.LEAD: self.lead,
            Role.RESPONSIBLE: self.responsible,
            Role.COOPERATING: self.cooperating,
            Role.INFORMED: self.informed,
        }[role]

    def stated_members(self, group: str) -> tuple[str, ...] | None:
        """The members the office stated for a group name in this task, or None."""
        for statement in self.group_members:
            if statement.group == group:
                return statement.members
        return None

    @property
    def assignments(self) -> tuple[Assignment, ...]:
        """Every (name, role) of the task: leads first, then in printed order."""
        return tuple(
            Assignment(name=name, role=role, members=self.stated_members(name))
            for role in Role
            for name in self.names(role)
        )


@frozen(kw_only=True)
class Round:
    """One reporting round (报送期次) of a notice reported more than once.

    Attributes:
        name: what the office calls it, e.g. ``2024年第三季度``; returns,
            summaries and the history name their round by it.
        due: when the round's returns are due (None when no date is set).
    """

    name: str = field(validator=_nonblank)
    due: dt.date | None = None

    @property
    def label(self) -> str:
        """The name with its due date: ``2024年第三季度（2024年10月10日前）``."""
        return f"{self.name}（{chinese_date(self.due)}前）" if self.due else self.name


def _rounds(values: Iterable[Round]) -> tuple[Round, ...]:
    return tuple(values)


def _unique_rounds(_instance: object, _attribute: object, rounds: tuple[Round, ...]) -> None:
    names = [item.name.strip() for item in rounds]
    if len(set(names)) != len(names):
        raise ValueError(f"报送期次的名称 name 不能重复（现为 {'、'.join(names)}）")


def _references(values: Iterable[Reference]) -> tuple[Reference, ...]:
    return tuple(values)


def _requirements(values: Iterable[Requirement]) -> tuple[Requirement, ...]:
    return tuple(values)


def _tasks(values: Iterable[Task]) -> tuple[Task, ...]:
    return tuple(values)


def _unique_tasks(_instance: object, _attribute: object, tasks: tuple[Task, ...]) -> None:
    seqs = [task.seq for task in tasks]
    numbers = [task.number for task in tasks]
    if len(set(seqs)) != len(seqs):
        raise ValueError(f"任务的 seq 不能重复（现为 {'、'.join(map(str, seqs))}）")
    if len(set(numbers)) != len(numbers):
        raise ValueError(f"任务编号 number 不能重复（现为 {'、'.join(numbers)}）")


@frozen(kw_only=True)
class Notice:
    """A task-division notice: header facts, requirements and the task table.

    Attributes:
        issuer: 发文机关, e.g. ``赣州市人民政府办公室``.
        doc_number: 发文字号 as printed, e.g. ``〔2024〕35号``.
        title: the notice title, line breaks removed.
        issued_on: 成文日期.
        report_due: the deadline for reporting back, if the notice sets one
            (of the round reported, in a notice evolved by :meth:`for_round`).
        rounds: the reporting schedule when the notice is reported more than
            once (每季度、每半年 …), in order; empty for a single report.
        contact: where returns go.
        references: documents the notice refers to.
        recipients: 主送 names as printed.
        preamble: the body text before the numbered requirements.
        requirements: numbered work requirements of the body.
        closing: the body text after them (where and when to report).
        attachment: title of the 任务分工表 attachment.
        tasks: the task table, in order.
    """

    issuer: str = ""
    doc_number: str = ""
    title: str = ""
    issued_on: dt.date | None = None
    report_due: dt.date | None = None
    rounds: tuple[Round, ...] = field(default=(), converter=_rounds, validator=_unique_rounds)
    contact: Contact = Contact()
    references: tuple[Reference, ...] = field(default=(), converter=_references)
    recipients: tuple[str, ...] = field(default=(), converter=_strings)
    preamble: str = ""
    requirements: tuple[Requirement, ...] = field(default=(), converter=_requirements)
    closing: str = ""
    attachment: str = ""
    tasks: tuple[Task, ...] = field(default=(), converter=_tasks, validator=_unique_tasks)

    def task(self, ref: int | str) -> Task:
        """The task with a sequence number (``8``) or printed number (``八``, ``（八）``).

        Raises:
            UnknownTaskError: no task matches.
        """
        key = parse_task_ref(ref) if isinstance(ref, str) else ref
        for task in self.tasks:
            if key in (task.seq, task.number, task.id):
                return task
        raise UnknownTaskError(str(ref), [task.number for task in self.tasks])

    def round(self, name: str) -> Round:
        """The round of the schedule with this name (spaces and width ignored).

        Raises:
            UnknownRoundError: the schedule has no such round.
        """
        wanted = _squash(name)
        for item in self.rounds:
            if _squash(item.name) == wanted:
                return item
        raise UnknownRoundError(name, [item.name for item in self.rounds])

    def for_round(self, round_: Round) -> Notice:
        """The notice as one round reports it: its returns are due on the round's date.

        The round is added to the schedule when the schedule lacks it.
        """
        rounds = self.rounds if round_ in self.rounds else (*self.rounds, round_)
        return evolve(self, report_due=round_.due, rounds=rounds)

    def with_members(self, stated: Mapping[str, Mapping[str, Sequence[str]]]) -> Notice:
        """The notice with the office's statements of who per-task groups mean.

        Args:
            stated: by task id, by group name (as printed), the member names.
                A group given here replaces any earlier statement for it in that
                task; statements for other groups are kept.
        """
        tasks = []
        for task in self.tasks:
            groups = stated.get(task.id, {})
            kept = [item for item in task.group_members if item.group not in groups]
            given = [GroupMembers(group=g, members=tuple(names)) for g, names in groups.items()]
            tasks.append(evolve(task, group_members=(*kept, *given)))
        return evolve(self, tasks=tuple(tasks))

    def names(self) -> tuple[str, ...]:
        """Every unit name printed in the task table, first occurrence first."""
        seen: dict[str, None] = {}
        for task in self.tasks:
            for assignment in task.assignments:
                seen.setdefault(assignment.name, None)
                for member in assignment.members or ():
                    seen.setdefault(member, None)
        return tuple(seen)
