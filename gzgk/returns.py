"""Returns (报送表) as data: what each unit is sent and what it fills in.

Pure: no workbook library here. :func:`plan_returns` decides, from a matrix,
which units get a return, which tasks each holds and in what role, and the
metadata that makes the return tamper-evident. The Excel edge
(:mod:`gzgk.excel.generate`) lays a plan out as a workbook.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from attrs import evolve, field, frozen

from gzgk.contract import RETURN, TEMPLATE_VERSION
from gzgk.matrix import Matrix
from gzgk.model import Notice, Role, Round, Task, Unit
from gzgk.signing import Key, canonical, fingerprint

if TYPE_CHECKING:  # gzgk.comparison reads Entry from here
    from gzgk.comparison import Answer, Previous, UnitContact

__all__ = [
    "Entry",
    "Filled",
    "MetaTask",
    "ReturnContent",
    "ReturnMeta",
    "ReturnPlan",
    "Signature",
    "notice_fingerprint",
    "plan_returns",
    "safe_file_name",
    "task_fingerprint",
    "task_texts",
]

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}
_NAME_MAX = 120
# Linux counts a name's bytes (255; a Chinese character is 3): room left for a staging
# file's ".NAME.xxxxxxxx.tmp" and an annotated copy's "（检查意见）(2)".
_NAME_BYTES = 180


def safe_file_name(name: str) -> str:
    """A file name that Windows, macOS and Linux all accept (characters kept where possible)."""
    cleaned = _UNSAFE.sub("_", unicodedata.normalize("NFC", name)).strip().rstrip(". ")
    stem, dot, suffix = cleaned.rpartition(".")
    if not dot:
        stem, suffix = cleaned, ""
    if stem.upper() in _RESERVED:
        stem = f"_{stem}"
    stem = stem[: _NAME_MAX - len(suffix) - 1]
    while len(f"{stem}.{suffix}".encode()) > _NAME_BYTES:
        stem = stem[:-1]
    return f"{stem}.{suffix}" if suffix else stem or "_"


def task_texts(task: Task, role: Role) -> tuple[str, str, str, str, str]:
    """The task text a return shows in its locked cells: number, title, content, role, leads."""
    return (task.label, task.title, task.content, role.label, "、".join(task.lead))


def task_fingerprint(task: Task, role: Role) -> str:
    """The fingerprint of the task text as shown to a unit."""
    return fingerprint(*task_texts(task, role))


def notice_fingerprint(notice: Notice) -> str:
    """The fingerprint of a notice: title, number and every task with its units."""
    parts = [notice.title, notice.doc_number]
    for task in notice.tasks:
        parts += [task.number, task.title, task.content]
        parts += ["、".join(names) for names in (task.lead, task.responsible, task.cooperating)]
    return fingerprint(*parts)


@frozen(kw_only=True)
class MetaTask:
    """A task as recorded in a return's hidden metadata."""

    task_id: str
    seq: int
    number: str
    role: Role
    fingerprint: str


def _meta_tasks(values: Iterable[MetaTask]) -> tuple[MetaTask, ...]:
    return tuple(values)


@frozen(kw_only=True)
class ReturnMeta:
    """The metadata of a return; ``signature`` is empty unless the office has a key."""

    template_version: str = TEMPLATE_VERSION
    notice_fingerprint: str
    notice_title: str
    notice_doc_number: str
    report_due: str
    unit_id: str
    unit_name: str
    key_id: str = ""
    signature: str = ""
    round: str = ""
    tasks: tuple[MetaTask, ...] = field(default=(), converter=_meta_tasks)

    def values(self) -> dict[str, str]:
        """The key/value pairs of the metadata, in :data:`RETURN.META_KEYS` order."""
        return {key: str(getattr(self, key)) for key in RETURN.META_KEYS}

    def payload(self) -> bytes:
        """What the signature covers: every value but the signature, and every task.

        A return of no round signs what a template-1 return signed (no ``round``
        key), so returns handed out before rounds existed still verify.
        """
        values = self.values()
        del values["signature"]
        if not values["round"]:
            del values["round"]
        rows = [[t.task_id, t.seq, t.number, t.role.value, t.fingerprint] for t in self.tasks]
        return canonical({**values, "tasks": rows})

    def signed(self, key: Key) -> ReturnMeta:
        """The metadata signed with the office's key."""
        unsigned = evolve(self, key_id=key.id, signature="")
        return evolve(unsigned, signature=key.sign(unsigned.payload()))


@frozen(kw_only=True)
class ReturnPlan:
    """Everything one unit's return holds.

    Attributes:
        notice: the notice (as the round reports it: due on the round's date).
        unit: the unit the return is for.
        items: its tasks with its role in each.
        meta: the metadata (signed when the office has a key).
        index: its place in the distribution list.
        round: the reporting round (None: a notice reported once).
        previous: last accepted answers by task id, pre-filled into the return
            (empty: the return starts blank and has no previous-round columns).
        contact: the 联系人 and 联系电话 the unit gave last time, pre-filled.
    """

    notice: Notice
    unit: Unit
    items: tuple[tuple[Task, Role], ...]
    meta: ReturnMeta
    index: int = 1
    round: Round | None = None
    previous: Mapping[str, Answer] = field(factory=dict)
    contact: UnitContact | None = None

    @property
    def carries_previous(self) -> bool:
        """Whether the return has last round's columns (the round has earlier answers)."""
        return self.round is not None and self.previous_round is not None

    @property
    def previous_round(self) -> str | None:
        """The round the pre-filled answers come from (None when nothing is pre-filled)."""
        return next(iter(self.previous.values())).round if self.previous else None

    @property
    def file_name(self) -> str:
        """The workbook's file name: order, unit name, kind of form (and round)."""
        round_ = f"-{self.round.name}" if self.round is not None else ""
        return safe_file_name(
            f"{self.index:02d}-{self.unit.short_name}-{RETURN.TITLE_SUFFIX}{round_}.xlsx"
        )

    @property
    def title(self) -> str:
        """The title printed on the return (with the round's name)."""
        title = f"{self.notice.title or '任务'}{RETURN.TITLE_SUFFIX}"
        return f"{title}（{self.round.name}）" if self.round is not None else title


def plan_returns(
    matrix: Matrix,
    units: Iterable[str | Unit] | None = None,
    key: Key | None = None,
    *,
    round: Round | None = None,  # noqa: A002 - the word the office uses
    previous: Previous | None = None,
) -> tuple[ReturnPlan, ...]:
    """The returns to send: one per unit that holds a task (groups expanded).

    Args:
        matrix: the notice's matrix.
        units: only these units (names, aliases or ids); default every unit
            that must report.
        key: the office's key; without it returns carry fingerprints only.
        round: the reporting round the returns are for (named in each return,
            due on the round's date).
        previous: last accepted answers of earlier rounds, pre-filled into each
            unit's return (only with ``round``).

    Raises:
        UnknownUnitError: a unit name is not in the registry.
    """
    reporting = matrix.reporting_units()
    chosen = reporting if units is None else tuple(_units(matrix, units))
    notice = matrix.notice.for_round(round) if round is not None else matrix.notice
    notice_print = notice_fingerprint(notice)
    plans: list[ReturnPlan] = []
    for unit in chosen:
        items = matrix.assignments_of(unit, expand=True)
        meta = ReturnMeta(
            notice_fingerprint=notice_print,
            notice_title=notice.title,
            notice_doc_number=notice.doc_number,
            report_due=notice.report_due.isoformat() if notice.report_due else "",
            unit_id=unit.id,
            unit_name=unit.short_name,
            round=round.name if round is not None else "",
            tasks=tuple(
                MetaTask(
                    task_id=task.id,
                    seq=task.seq,
                    number=task.number,
                    role=role,
                    fingerprint=task_fingerprint(task, role),
                )
                for task, role in items
            ),
        )
        index = reporting.index(unit) + 1 if unit in reporting else len(reporting) + len(plans) + 1
        held = {task.id for task, _ in items}
        answers = (
            {task: answer for task, answer in previous.of_unit(unit.id).items() if task in held}
            if previous is not None and round is not None
            else {}
        )
        plans.append(
            ReturnPlan(
                notice=notice,
                unit=unit,
                items=items,
                meta=meta.signed(key) if key else meta,
                index=index,
                round=round,
                previous=answers,
                contact=previous.contacts.get(unit.id) if previous is not None else None,
            )
        )
    return tuple(plans)


def _units(matrix: Matrix, names: Iterable[str | Unit]) -> list[Unit]:
    chosen: list[Unit] = []
    for name in names:
        unit = name if isinstance(name, Unit) else matrix.registry.unit(name)
        if unit not in chosen:
            chosen.append(unit)
    return chosen


@frozen(kw_only=True)
class Entry:
    """What a unit writes for one task.

    ``news`` is the answer to 本期是否有新进展 (是/否) in a return that carries
    last round's answers ("" in other returns).
    """

    status: str = ""
    progress: str = ""
    evidence: str = ""
    problems: str = ""
    plans: str = ""
    news: str = ""

    @property
    def blank(self) -> bool:
        """Whether nothing is written (spaces count as nothing)."""
        return not any(
            text.strip()
            for text in (self.status, self.progress, self.evidence, self.problems, self.plans)
        )


@frozen(kw_only=True)
class Filled:
    """What a unit writes in its return: the header block and one entry per task number."""

    contact: str = ""
    phone: str = ""
    reviewer: str = ""
    date: dt.date | None = None
    entries: Mapping[str, Entry] = field(factory=dict)


class Signature(enum.Enum):
    """What the office's key says of a return's signature."""

    VERIFIED = "verified"
    INVALID = "invalid"
    MISSING = "missing"
    UNCHECKED = "unchecked"  # no key was given

    @property
    def label(self) -> str:
        """The Chinese word shown to users."""
        return {
            Signature.VERIFIED: "签名有效",
            Signature.INVALID: "签名无效",
            Signature.MISSING: "没有签名",
            Signature.UNCHECKED: "未核验",
        }[self]


@frozen(kw_only=True)
class ReturnContent:
    """What a return says, as the unit wrote it (formulas as their text, never evaluated).

    Attributes:
        unit: the unit the return belongs to, when it can be established.
        unit_name: the unit's name as the return gives it ("" when unknown).
        belongs: whether the file is a return of the notice it was checked
            against (or, without a notice, a gzgk return at all).
        fill_date: 填报日期, when it is a date.
        contact: 联系人. phone: 联系电话. reviewer: 审核人.
        entries: what the unit wrote for each task, by task id (tasks whose
            row is missing have no entry).
        key_id: the id of the key the return says it was signed with ("" when unsigned).
        signature: what the office's key says of the signature.
        round_name: the reporting round the return says it answers ("" when none).
    """

    unit: Unit | None = None
    unit_name: str = ""
    belongs: bool = False
    fill_date: dt.date | None = None
    contact: str = ""
    phone: str = ""
    reviewer: str = ""
    entries: Mapping[str, Entry] = field(factory=dict)
    key_id: str = ""
    signature: Signature = Signature.UNCHECKED
    round_name: str = ""

    @property
    def blank(self) -> bool:
        """Whether no task has anything written (a return sent back as it was handed out)."""
        return all(entry.blank for entry in self.entries.values())
