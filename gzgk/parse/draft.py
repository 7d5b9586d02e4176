"""What every text layout produces: task drafts, and the issues met on the way."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import attrs
from attrs import define, field, frozen

from gzgk.lexicon.columns import ColumnKind
from gzgk.lexicon.vocabulary import misprinted
from gzgk.model import Role, Task
from gzgk.parse import notice_issues
from gzgk.parse.assign import Reading
from gzgk.parse.lines import Line, Marker
from gzgk.report import Issue, IssueType

__all__ = [
    "Cell",
    "Draft",
    "Heading",
    "Place",
    "Reporter",
    "SectionUnits",
    "label_of",
    "make_tasks",
]


def label_of(marker: Marker) -> str:
    """A task's number as users see it in messages: ``（八）``, ``3``."""
    return f"（{marker.number}）" if marker.style in ("paren", "dun", "aparen") else marker.number


@frozen
class Cell:
    """A cell of a grid: its A1 address, or the source line it was printed on."""

    address: str
    line: int | None = None


Place = Line | Cell


def _where(at: Place | None) -> tuple[int | None, str | None]:
    """An issue's line and cell for a place: a cell of a text table has its line."""
    line = at.number if isinstance(at, Line) else at.line if at is not None else None
    cell = at.address if isinstance(at, Cell) and at.line is None else None
    return line, cell


@define
class Reporter:
    """Collects the issues of one source (and sheet)."""

    source: str
    sheet: str = ""
    issues: list[Issue] = field(factory=list)

    def issue(
        self,
        issue_type: IssueType,
        at: Place | None = None,
        *,
        task: str | None = None,
        **params: object,
    ) -> None:
        """Record an issue where it was met (a line or a cell), naming the task."""
        line, cell = _where(at)
        self.issues.append(
            issue_type.make(
                params,
                path=self.source or None,
                sheet=self.sheet or None,
                cell=cell,
                line=line,
                task=task,
            )
        )

    @property
    def failed(self) -> bool:
        """Whether an error was recorded."""
        return any(issue.is_error for issue in self.issues)


@define
class Draft:
    """A task as read from the text, before it becomes a :class:`Task`."""

    marker: Marker
    first: Place
    number: str = ""
    section: str = ""
    title: str = ""
    content: str = ""
    units: dict[Role, tuple[str, ...]] = field(factory=dict)
    leaders: tuple[str, ...] = ()
    deadline: str = ""
    broken: bool = False
    titled: bool = False  # the layout has a place for a title (a 主要任务 column)
    # the separator printed after a unit's name (，、；), where the reader kept it: read by a
    # rule that names a mark (逗号前为牵头单位)
    breaks: dict[str, str] = field(factory=dict)

    def __attrs_post_init__(self) -> None:
        self.number = self.number or self.marker.number

    @property
    def label(self) -> str:
        """The number as users see it: ``（八）``, ``3``, ``1.2``."""
        return label_of(self.marker) if self.number == self.marker.number else self.number

    def add(self, role: Role, names: tuple[str, ...]) -> None:
        """Add names to a role, after those already there (a name once)."""
        known = self.units.get(role, ())
        self.units[role] = known + tuple(dict.fromkeys(n for n in names if n not in known))

    def take(self, reading: Reading, reporter: Reporter) -> None:
        """Take the assignments of a reading, reporting what is doubtful."""
        for item in reading.fields:
            known = misprinted(item.label) if item.guessed else None
            if known is not None:  # 贵任单位: 责任单位 with one character misprinted
                reporter.issue(
                    notice_issues.ROLE_WORD_MISPRINTED,
                    self.first,
                    label=self.label,
                    word=item.label,
                    known=known,
                    task=self.number,
                )
            elif item.guessed:
                reporter.issue(
                    notice_issues.ROLE_WORD_GUESSED,
                    self.first,
                    label=self.label,
                    word=item.label,
                    role=f"{item.role.label}单位" if item.role else "",
                    task=self.number,
                )
            if item.names is None:
                reporter.issue(
                    notice_issues.TASK_UNITS_UNPARSABLE,
                    self.first,
                    label=self.label,
                    columns=item.label,
                    reason="括号不成对或有多余的分隔符",
                    text=item.value,
                    task=self.number,
                )
                self.broken = True
            elif item.kind is ColumnKind.LEADERS:
                self.leaders += item.names
            elif item.kind is ColumnKind.DEADLINE:
                self.deadline = self.deadline or item.value
            elif item.role is not None:
                self.add(item.role, item.names)
                self.keep_breaks(item.names, item.breaks)

    def keep_breaks(self, names: tuple[str, ...], breaks: tuple[str, ...]) -> None:
        """Keep the separator printed after each name, where the reader kept them all."""
        if len(breaks) == len(names):
            for name, after in zip(names, breaks, strict=True):
                self.breaks.setdefault(name, after)


@frozen(eq=False)
class Heading:
    """A section heading that states units: where it is, its title, what it says."""

    place: Place
    title: str
    reading: Reading


@define
class SectionUnits:
    """Units stated on section headings, handed down to the tasks under them, reported once."""

    reporter: Reporter
    given: dict[tuple[Place, str, Role], list[str]] = field(factory=dict)
    headings: dict[tuple[Place, str], Heading] = field(factory=dict)

    def hand_down(self, headings: Sequence[Heading], draft: Draft) -> None:
        """Give a task its headings' units for roles it names none of (nearest heading first).

        A name the task gives itself, in any role, is not handed down again: a
        unit has one role in a task (its own).
        """
        for heading in reversed(headings):
            for role in Role:
                own = {name for names in draft.units.values() for name in names}
                names = tuple(name for name in heading.reading.names(role) if name not in own)
                if names and not draft.units.get(role):
                    draft.add(role, names)
                    key = (heading.place, heading.title)
                    self.given.setdefault((*key, role), []).append(draft.number)
                    self.headings[key] = heading

    def report(self) -> None:
        """One issue per heading and role: what was handed down to which tasks."""
        for (place, title, role), numbers in self.given.items():
            heading = self.headings[place, title]
            self.reporter.issue(
                notice_issues.SECTION_UNITS_APPLIED,
                place,
                heading=title,
                names="、".join(heading.reading.names(role)),
                role=f"{role.label}单位",
                count=len(numbers),
                tasks="、".join(numbers),
            )


def _rename(reporter: Reporter, draft: Draft, kept: str) -> None:
    """Point the issues already reported of a draft at the number it is kept under.

    A draft's issues are reported where it starts, naming its number; when
    that number turns out to be a duplicate, they would name the task that
    first had it (任务七 twice, the second one's problems shown on the first).
    """
    line, cell = _where(draft.first)
    reporter.issues[:] = [
        attrs.evolve(issue, task=kept)
        if issue.task == draft.number and issue.line == line and issue.cell == cell
        else issue
        for issue in reporter.issues
    ]


def make_tasks(drafts: list[Draft], reporter: Reporter) -> tuple[Task, ...]:
    """Tasks from drafts, one each in order, reporting duplicates and missing parts.

    Leads and names are checked at the end of every path, after the notice's
    rules (:func:`gzgk.parse.finish.finish`).
    """
    tasks: list[Task] = []
    seen: set[str] = set()
    for draft in drafts:
        number = draft.number
        if number in seen:  # kept, under a number of its own, never dropped
            kept = next(f"{number}-{n}" for n in itertools.count(2) if f"{number}-{n}" not in seen)
            reporter.issue(
                notice_issues.TASK_NUMBER_DUPLICATE,
                draft.first,
                number=number,
                kept=kept,
                task=kept,
            )
            _rename(reporter, draft, kept)
            number = draft.number = kept
        seen.add(number)
        label = draft.label
        if not any(draft.units.values()) and not draft.broken:
            reporter.issue(
                notice_issues.TASK_UNITS_UNPARSABLE,
                draft.first,
                label=label,
                columns="单位",
                reason="单位栏为空",
                text=draft.content[-60:],
                task=number,
            )
            draft.broken = True
        if not draft.content:
            reporter.issue(notice_issues.TASK_NO_CONTENT, draft.first, label=label, task=number)
        if not draft.title and draft.titled:
            reporter.issue(notice_issues.TASK_NO_TITLE, draft.first, label=label, task=number)
        tasks.append(
            Task(
                seq=len(tasks) + 1,
                number=number,
                section=draft.section,
                title=draft.title,
                content=draft.content,
                lead=draft.units.get(Role.LEAD, ()),
                responsible=draft.units.get(Role.RESPONSIBLE, ()),
                cooperating=draft.units.get(Role.COOPERATING, ()),
                informed=draft.units.get(Role.INFORMED, ()),
                leaders=draft.leaders,
                deadline=draft.deadline,
            )
        )
    return tuple(tasks)
