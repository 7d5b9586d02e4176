"""The task × unit matrix: who does what, with the queries offices ask.

A :class:`Matrix` joins a notice to a registry. Every printed name becomes an
:class:`Assigned` holder: a unit, a group, or an unknown name. Groups expand to
their members on request (``expand=True``); a per-task group such as
市政府有关部门 expands only to the members the office stated for that task and
otherwise stays visible as an unresolved group, never guessed. A unit that
holds several roles in one task keeps the strongest (lead > responsible >
cooperating > informed).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from attrs import evolve, field, frozen

from gzgk.errors import UnknownUnitError
from gzgk.model import Notice, Role, Task, Unit, UnitGroup
from gzgk.registry import Registry

__all__ = [
    "Assigned",
    "Matrix",
    "MatrixDiff",
    "RoleChange",
    "TaskChange",
    "Unresolved",
    "Workload",
]

Subject = Unit | UnitGroup
_SIMILAR = 0.6


@frozen(kw_only=True)
class Assigned:
    """One holder of a role in one task: a unit, a group or an unknown name.

    Attributes:
        name: what to show: the unit's short name, the group's name, or the
            unknown name as printed.
        role: the role held.
        unit: the unit, when the holder is one.
        group: the group, when the holder is an unexpanded or unresolved group.
        via: the printed group name a unit inherited the role from (expanded).
    """

    name: str
    role: Role
    unit: Unit | None = None
    group: UnitGroup | None = None
    via: str | None = None

    @property
    def key(self) -> str:
        """Stable key: the unit or group id, or ``?`` and the unknown name."""
        if self.unit is not None:
            return self.unit.id
        if self.group is not None:
            return self.group.id
        return f"?{self.name}"

    @property
    def resolved(self) -> bool:
        """Whether the holder is a known unit or a group with known members."""
        return self.unit is not None or (self.group is not None and not self.group.per_task)


@frozen(kw_only=True)
class Unresolved:
    """A name the matrix cannot turn into units for one task, and why.

    ``reason`` is ``unknown-name`` (not in the registry), ``per-task-group``
    (a group like 市政府有关部门 whose members the office has not stated) or
    ``unknown-member`` (a stated member that is not in the registry).
    """

    task: Task
    name: str
    role: Role
    reason: str
    suggestions: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        """Plain Chinese: what is missing and what to do."""
        where = f"任务{self.task.label}的{self.role.label}单位“{self.name}”"
        if self.reason == "per-task-group":
            return (
                f"{where}是按任务确定的单位组，尚未明确包括哪些单位；请在通知文件中为该任务列出成员"
            )
        hint = f"，最接近的是：{'、'.join(self.suggestions)}" if self.suggestions else ""
        if self.reason == "unknown-member":
            return f"{where}不在单位名录中（明确的成员）{hint}"
        return f"{where}不在单位名录中{hint}；请更正名称或在单位名录中补充"


@frozen(kw_only=True)
class Workload:
    """How many tasks a unit holds, by role."""

    unit: Unit
    lead: int = 0
    responsible: int = 0
    cooperating: int = 0
    informed: int = 0

    @property
    def total(self) -> int:
        """Tasks in any role."""
        return self.lead + self.responsible + self.cooperating + self.informed

    def count(self, role: Role) -> int:
        """Tasks in one role."""
        return int(getattr(self, role.value))


@frozen(kw_only=True)
class RoleChange:
    """A holder whose role in a task differs between two matrices."""

    name: str
    key: str
    old: Role | None
    new: Role | None


@frozen(kw_only=True)
class TaskChange:
    """A task present in both matrices whose text or holders changed."""

    old: Task
    new: Task
    title_changed: bool
    content_changed: bool
    roles: tuple[RoleChange, ...]


@frozen(kw_only=True)
class MatrixDiff:
    """What changed from one matrix (``old``, e.g. last year's) to another."""

    added: tuple[Task, ...]
    removed: tuple[Task, ...]
    changed: tuple[TaskChange, ...]

    @property
    def empty(self) -> bool:
        """Whether the two matrices assign the same tasks the same way."""
        return not (self.added or self.removed or self.changed)

    def describe(self) -> tuple[str, ...]:
        """One Chinese line per change."""
        lines = [f"新增任务{t.label}{t.title}" for t in self.added]
        lines += [f"删除任务{t.label}{t.title}" for t in self.removed]
        for change in self.changed:
            label = f"任务{change.new.label}"
            if change.title_changed:
                lines.append(f"{label}标题改为“{change.new.title}”（原为“{change.old.title}”）")
            if change.content_changed:
                lines.append(f"{label}任务内容有修改")
            for role in change.roles:
                if role.old is None and role.new is not None:
                    lines.append(f"{label}新增{role.new.label}单位：{role.name}")
                elif role.new is None and role.old is not None:
                    lines.append(f"{label}不再有{role.old.label}单位：{role.name}")
                elif role.old is not None and role.new is not None:
                    lines.append(f"{label}{role.name}由{role.old.label}改为{role.new.label}")
        return tuple(lines)


def _strongest(holders: Iterable[Assigned]) -> tuple[Assigned, ...]:
    """One holder per key with its strongest role, in first-seen order."""
    best: dict[str, Assigned] = {}
    for holder in holders:
        current = best.get(holder.key)
        if current is None or holder.role.rank < current.role.rank:
            best[holder.key] = holder
    return tuple(best.values())


@frozen
class Matrix:
    """Tasks × units → roles, built from a notice and a registry.

    Build it with :meth:`build`. Queries return tuples in the notice's and
    the registry's order, so results are deterministic.
    """

    notice: Notice
    registry: Registry
    _printed: dict[str, tuple[Assigned, ...]] = field(repr=False, eq=False)
    _expanded: dict[str, tuple[Assigned, ...]] = field(repr=False, eq=False)
    _unresolved: tuple[Unresolved, ...] = field(repr=False, eq=False)
    _roles: dict[tuple[bool, str], dict[str, Role]] = field(init=False, repr=False, eq=False)

    @_roles.default
    def _index_roles(self) -> dict[tuple[bool, str], dict[str, Role]]:
        """Each task's holders by key with their strongest role, printed and expanded."""
        roles: dict[tuple[bool, str], dict[str, Role]] = {}
        for expand, by_task in ((False, self._printed), (True, self._expanded)):
            for task_id, holders in by_task.items():
                index: dict[str, Role] = {}
                for holder in holders:
                    current = index.get(holder.key)
                    if current is None or holder.role.rank < current.rank:
                        index[holder.key] = holder.role
                roles[expand, task_id] = index
        return roles

    @classmethod
    def build(cls, notice: Notice, registry: Registry | None = None) -> Matrix:
        """The matrix of a notice; the bundled 赣州 registry by default."""
        registry = registry or Registry.bundled()
        printed: dict[str, tuple[Assigned, ...]] = {}
        expanded: dict[str, tuple[Assigned, ...]] = {}
        unresolved: list[Unresolved] = []
        for task in notice.tasks:
            direct: list[Assigned] = []
            members: list[Assigned] = []
            for assignment in task.assignments:
                holder, inherited, problems = _resolve(
                    registry, task, assignment.name, assignment.role
                )
                direct.append(holder)
                members.extend(inherited)
                unresolved.extend(problems)
            printed[task.id] = tuple(direct)
            expanded[task.id] = _strongest(members)
        return cls(notice, registry, printed, expanded, tuple(unresolved))

    # -- looking things up ----------------------------------------------

    def subject(self, name: str | Unit | UnitGroup) -> Subject:
        """The unit or group meant by an id, a name or an alias.

        Raises:
            UnknownUnitError: the name is not in the registry.
        """
        if isinstance(name, Unit | UnitGroup):
            return name
        entries: tuple[Subject, ...] = (*self.registry.units, *self.registry.groups)
        for entry in entries:
            if entry.id == name:
                return entry
        return self.registry.lookup(name)

    def task(self, ref: int | str) -> Task:
        """A task by sequence number (``8``) or printed number (``八``).

        Raises:
            UnknownTaskError: no such task.
        """
        return self.notice.task(ref)

    def select(
        self,
        *,
        unit: str | Subject | None = None,
        task: int | str | None = None,
        role: Role | None = None,
        expand: bool = False,
    ) -> Matrix:
        """The matrix of part of the notice, built afresh from that part.

        ``task`` keeps one task; ``unit`` keeps the tasks the unit (or group)
        holds, through its groups too with ``expand`` (in ``role`` only, when
        given), each with all its holders; ``role`` keeps only the names printed
        in that role, and the tasks that print any. Every query of the result,
        and the matrix workbook written from it, sees only the selection.

        Raises:
            UnknownTaskError: ``task`` is not a task of the notice.
            UnknownUnitError: ``unit`` is not in the registry.
        """
        tasks = self.notice.tasks if task is None else (self.task(task),)
        if unit is not None:
            held = {t.id for t in self.tasks_of(unit, role, expand=expand)}
            tasks = tuple(t for t in tasks if t.id in held)
        if role is not None:
            tasks = tuple(_only(t, role) for t in tasks if t.names(role))
        return Matrix.build(evolve(self.notice, tasks=tasks), self.registry)

    # -- queries --------------------------------------------------------

    def units_of(
        self, task: Task | int | str, role: Role | None = None, *, expand: bool = False
    ) -> tuple[Assigned, ...]:
        """The holders of a task, optionally of one role.

        Without ``expand`` the holders are the printed names (units, groups,
        unknown names) in printed order. With it, groups become their member
        units (each with its strongest role), and per-task groups without
        stated members stay as the group.
        """
        found = task if isinstance(task, Task) else self.task(task)
        holders = self._expanded[found.id] if expand else self._printed[found.id]
        return tuple(h for h in holders if role is None or h.role is role)

    def leads_of(self, task: Task | int | str) -> tuple[Assigned, ...]:
        """The lead holders of a task, as printed."""
        return self.units_of(task, Role.LEAD)

    def role_of(
        self, unit: str | Subject, task: Task | int | str, *, expand: bool = True
    ) -> Role | None:
        """The role of a unit (or group) in a task, or None.

        With ``expand`` (the default) a unit also holds the roles of the groups
        it belongs to; without it only where its own name is printed.
        """
        found = task if isinstance(task, Task) else self.task(task)
        key = self.subject(unit).id
        role = self._roles[expand, found.id].get(key)
        if role is None and expand:  # a group keeps its printed role
            role = self._roles[False, found.id].get(key)
        return role

    def assignments_of(
        self, unit: str | Subject, *, expand: bool = False
    ) -> tuple[tuple[Task, Role], ...]:
        """Every task of a unit (or group) with its role, in task order."""
        subject = self.subject(unit)
        result: list[tuple[Task, Role]] = []
        for task in self.notice.tasks:
            role = self.role_of(subject, task, expand=expand)
            if role is not None:
                result.append((task, role))
        return tuple(result)

    def tasks_of(
        self, unit: str | Subject, role: Role | None = None, *, expand: bool = False
    ) -> tuple[Task, ...]:
        """The tasks of a unit (or group), optionally only those in one role."""
        return tuple(
            task
            for task, held in self.assignments_of(unit, expand=expand)
            if role is None or held is role
        )

    def tasks_without_lead(self) -> tuple[Task, ...]:
        """Tasks that name no lead unit."""
        return tuple(task for task in self.notice.tasks if not task.lead)

    def unresolved(self) -> tuple[Unresolved, ...]:
        """Names that do not resolve to units: unknown names, unstated per-task groups."""
        return self._unresolved

    def expand(
        self, group: str | UnitGroup, task: Task | int | str | None = None
    ) -> tuple[Unit, ...]:
        """The member units of a group.

        For a per-task group, pass the task: the members the office stated for
        it (empty while unstated); without a task, the group's pool of candidates.

        Raises:
            UnknownUnitError: the name is not a group of the registry.
        """
        subject = self.subject(group)
        if isinstance(subject, Unit):
            raise UnknownUnitError(str(group), message=f"“{group}”是单个单位，不是单位组")
        if not subject.per_task or task is None:
            return self.registry.members(subject)
        found = task if isinstance(task, Task) else self.task(task)
        return tuple(
            h.unit
            for h in self._expanded[found.id]
            if h.unit is not None and h.via is not None and self.registry.find(h.via) == subject
        )

    def reporting_units(self) -> tuple[Unit, ...]:
        """The units that hold any task (groups expanded), in registry order.

        Units only reachable through an unresolved per-task group are not
        included: see :meth:`unresolved`.
        """
        keys = {h.key for holders in self._expanded.values() for h in holders if h.unit}
        return tuple(unit for unit in self.registry.units if unit.id in keys)

    def workload(self) -> tuple[Workload, ...]:
        """Per-unit task counts by role (groups expanded), busiest first."""
        counts: dict[str, dict[Role, int]] = {}
        for holders in self._expanded.values():
            for holder in holders:
                if holder.unit is not None:
                    by_role = counts.setdefault(holder.unit.id, {})
                    by_role[holder.role] = by_role.get(holder.role, 0) + 1
        loads = [
            Workload(
                unit=unit,
                **{role.value: counts[unit.id].get(role, 0) for role in Role},
            )
            for unit in self.registry.units
            if unit.id in counts
        ]
        return tuple(sorted(loads, key=lambda load: (-load.total, -load.lead)))

    def columns(self) -> tuple[Assigned, ...]:
        """The columns of the expanded matrix.

        Units in registry order, then unresolved groups and unknown names in
        order of appearance.
        """
        units = self.reporting_units()
        others: dict[str, Assigned] = {}
        for holders in self._expanded.values():
            for holder in holders:
                if holder.unit is None:
                    others.setdefault(holder.key, holder)
        columns = [Assigned(name=u.short_name, role=Role.INFORMED, unit=u) for u in units]
        return (*columns, *others.values())

    def records(self, *, expand: bool = True) -> tuple[dict[str, str | int | bool], ...]:
        """One flat record per (task, holder): ready for ``pandas.DataFrame``."""
        return tuple(
            {
                "seq": task.seq,
                "number": task.number,
                "title": task.title,
                "key": holder.key,
                "unit": holder.name,
                "role": holder.role.value,
                "role_label": holder.role.label,
                "via": holder.via or "",
                "resolved": holder.resolved,
            }
            for task in self.notice.tasks
            for holder in self.units_of(task, expand=expand)
        )

    def diff(self, old: Matrix) -> MatrixDiff:
        """What changed from ``old`` (e.g. last year's matrix) to this one.

        Tasks are paired by title, then by printed number when the texts are
        similar; holders are compared as printed (groups unexpanded).
        """
        pairs, added, removed = _pair_tasks(old.notice.tasks, self.notice.tasks)
        changed: list[TaskChange] = []
        for before, after in pairs:
            roles = _role_changes(old.units_of(before), self.units_of(after))
            title_changed = before.title != after.title
            content_changed = before.content != after.content
            if roles or title_changed or content_changed:
                changed.append(
                    TaskChange(
                        old=before,
                        new=after,
                        title_changed=title_changed,
                        content_changed=content_changed,
                        roles=roles,
                    )
                )
        return MatrixDiff(added=added, removed=removed, changed=tuple(changed))


def _only(task: Task, role: Role) -> Task:
    """The task with only the names printed in one role."""

    def kept(which: Role) -> tuple[str, ...]:
        return task.names(which) if which is role else ()

    return evolve(
        task,
        lead=kept(Role.LEAD),
        responsible=kept(Role.RESPONSIBLE),
        cooperating=kept(Role.COOPERATING),
        informed=kept(Role.INFORMED),
    )


def _resolve(
    registry: Registry, task: Task, name: str, role: Role
) -> tuple[Assigned, list[Assigned], list[Unresolved]]:
    """The printed holder of a name, the units it expands to, and any problems."""
    found = registry.find(name)
    if found is None:
        holder = Assigned(name=name, role=role)
        problem = Unresolved(
            task=task,
            name=name,
            role=role,
            reason="unknown-name",
            suggestions=registry.suggest(name),
        )
        return holder, [holder], [problem]
    if isinstance(found, Unit):
        holder = Assigned(name=found.short_name, role=role, unit=found)
        return holder, [holder], []
    holder = Assigned(name=found.name, role=role, group=found)
    if not found.per_task:
        members = [
            Assigned(name=u.short_name, role=role, unit=u, via=name)
            for u in registry.members(found)
        ]
        return holder, members, []
    stated = task.stated_members(name)
    if stated is None:
        problem = Unresolved(task=task, name=name, role=role, reason="per-task-group")
        return holder, [holder], [problem]
    inherited: list[Assigned] = []
    problems: list[Unresolved] = []
    for member in stated:
        unit = registry.find(member)
        if isinstance(unit, Unit):
            inherited.append(Assigned(name=unit.short_name, role=role, unit=unit, via=name))
        else:
            problems.append(
                Unresolved(
                    task=task,
                    name=member,
                    role=role,
                    reason="unknown-member",
                    suggestions=registry.suggest(member),
                )
            )
    return holder, inherited, problems


def _pair_tasks(
    old: Sequence[Task], new: Sequence[Task]
) -> tuple[list[tuple[Task, Task]], tuple[Task, ...], tuple[Task, ...]]:
    pairs: list[tuple[Task, Task]] = []
    left = list(old)
    unmatched: list[Task] = []
    for task in new:
        match = next((t for t in left if t.title == task.title and t.title), None)
        if match is None:
            match = next(
                (
                    t
                    for t in left
                    if t.number == task.number
                    and difflib.SequenceMatcher(None, t.content, task.content).ratio() >= _SIMILAR
                ),
                None,
            )
        if match is None:
            unmatched.append(task)
        else:
            left.remove(match)
            pairs.append((match, task))
    return pairs, tuple(unmatched), tuple(left)


def _role_changes(old: Sequence[Assigned], new: Sequence[Assigned]) -> tuple[RoleChange, ...]:
    before = {h.key: h for h in _strongest(old)}
    after = {h.key: h for h in _strongest(new)}
    changes: list[RoleChange] = []
    for key in (*after, *(k for k in before if k not in after)):
        was, now = before.get(key), after.get(key)
        if was is None or now is None or was.role is not now.role:
            changes.append(
                RoleChange(
                    name=(now or was or Assigned(name=key, role=Role.INFORMED)).name,
                    key=key,
                    old=was.role if was else None,
                    new=now.role if now else None,
                )
            )
    return tuple(changes)
