"""Checks of a notice someone wrote or corrected: gzgk's own 分工表 workbook, TOML and JSON.

A parsed notice is checked as it is read. A notice read from gzgk's own files
is checked here the same way, so that a task without units or a name that is
not a unit's is an error wherever the notice came from, and ``generate``
refuses it (a task nobody holds would be reported by nobody).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from gzgk.lexicon.names import NameCheck, name_problem
from gzgk.model import Notice, Role, Task
from gzgk.parse import notice_issues
from gzgk.report import Issue, IssueType

__all__ = ["Locate", "check_notice", "task_label"]

Locate = Callable[[Task, str], tuple[str, str] | None]
"""Where a task's field is in its file: (sheet, cell), or None when the file has no cells."""

_UNIT_FIELDS = {
    Role.LEAD: "lead",
    Role.RESPONSIBLE: "responsible",
    Role.COOPERATING: "cooperating",
    Role.INFORMED: "informed",
}
_TEXT_TAIL = 60  # characters of a task's text quoted in a message


def task_label(number: str) -> str:
    """A task's number as messages print it: ``3``, ``（八）``."""
    return number if number[:1].isdigit() else f"（{number}）"


def check_notice(
    notice: Notice,
    *,
    known: NameCheck | None = None,
    source: str = "",
    locate: Locate | None = None,
) -> tuple[Issue, ...]:
    """The errors of a notice as a parsed one would have them.

    A task with no unit in any role, a task with neither title nor content, and
    a unit name that fails the parser's name check
    (:func:`~gzgk.lexicon.names.name_problem`: a role word, a label, punctuation
    or an unpaired bracket inside, or neither known to the registry nor shaped
    like a body's name) are errors naming the task.

    Args:
        notice: the notice, as read from its file.
        known: whether a name is in the registry.
        source: the file, for the issues' path.
        locate: where a task's field is, for the issues' sheet and cell.
    """
    return tuple(_findings(notice, known, source, locate))


def _findings(
    notice: Notice, known: NameCheck | None, source: str, locate: Locate | None
) -> Iterator[Issue]:
    def issue(issue_type: IssueType, task: Task, key: str, **params: object) -> Issue:
        sheet, cell = (locate(task, key) if locate else None) or (None, None)
        return issue_type.make(
            {"label": task_label(task.number), **params},
            path=source or None,
            sheet=sheet,
            cell=cell,
            task=task.number,
        )

    for task in notice.tasks:
        if not any(task.names(role) for role in Role):
            yield issue(
                notice_issues.TASK_UNITS_UNPARSABLE,
                task,
                "lead",
                columns="牵头单位、责任单位、配合单位",
                reason="单位栏为空",
                text=(task.content or task.title)[-_TEXT_TAIL:],
            )
        if not task.title.strip() and not task.content.strip():
            yield issue(notice_issues.TASK_NO_CONTENT, task, "content")
        for key, what, name in _names(task):
            reason = name_problem(name, known)
            if reason is not None:
                yield issue(
                    notice_issues.UNIT_NAME_INVALID, task, key, role=what, name=name, reason=reason
                )


def _names(task: Task) -> Iterator[tuple[str, str, str]]:
    """Every unit name a task gives: (its field, what it is in messages, the name)."""
    for role, key in _UNIT_FIELDS.items():
        for name in task.names(role):
            yield key, f"{role.label}单位", name
    for statement in task.group_members:
        for name in statement.members:
            yield "group_members", f"“{statement.group}”的成员", name
