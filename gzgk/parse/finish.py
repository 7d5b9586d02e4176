"""The end of every path: notice-wide rules applied, then every task checked the same way.

Whatever layout a notice came in (text, web table, PDF table, spreadsheet,
Word or PDF file), its tasks end here: the notice's own rules are applied
(:mod:`gzgk.parse.rules`), then each task is checked once — every unit name
it gives must look like a unit name (:func:`gzgk.lexicon.names.name_problem`),
and a notice that names leads names one for every task. A name that fails is
an error naming the task: never a silent unit.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import define, evolve

from gzgk.lexicon.names import NameCheck, name_problem, shared_readings
from gzgk.model import Notice, Role
from gzgk.parse import notice_issues
from gzgk.parse.consistency import check_consistency
from gzgk.parse.draft import Draft, Reporter
from gzgk.parse.result import ParseResult
from gzgk.parse.rules import apply_rules

__all__ = ["Unfinished", "check_tasks", "finish", "join"]


@define
class Unfinished:
    """A notice as read by one layout, before its rules and checks.

    Attributes:
        notice: the notice, its tasks in the order of ``drafts``.
        drafts: the drafts the tasks were made from (one each, same order),
            for where each task was printed.
        reporter: the issues met so far.
        rules: texts besides the notice's own that may state rules (a
            bracket in a column heading: 责任单位（排在第一位的为牵头单位）).
    """

    notice: Notice
    drafts: Sequence[Draft]
    reporter: Reporter
    rules: tuple[str, ...] = ()


def join(parts: Sequence[Unfinished], source: str) -> Unfinished:
    """Several tables of one notice as one: their tasks in order, issues, notes and rules.

    The tasks' numbers must already be apart (a later table's qualified by its
    name where they repeat an earlier one's).
    """
    tasks = (task for part in parts for task in part.notice.tasks)
    closing = "\n".join(part.notice.closing for part in parts if part.notice.closing)
    notice = Notice(
        tasks=tuple(evolve(task, seq=seq) for seq, task in enumerate(tasks, start=1)),
        closing=closing,
    )
    reporter = Reporter(source)
    reporter.issues += [issue for part in parts for issue in part.reporter.issues]
    return Unfinished(
        notice,
        [draft for part in parts for draft in part.drafts],
        reporter,
        tuple(rule for part in parts for rule in part.rules),
    )


def finish(read: Unfinished, known: NameCheck | None) -> ParseResult:
    """Apply the notice's rules, check every task, and give the result."""
    breaks = {
        task.number: draft.breaks
        for task, draft in zip(read.notice.tasks, read.drafts, strict=True)
        if draft.breaks
    }
    notice = apply_rules(read.notice, read.reporter, read.rules, breaks)
    check_tasks(notice, read.drafts, read.reporter, known)
    return ParseResult(
        source=read.reporter.source, notice=notice, issues=tuple(read.reporter.issues)
    )


def check_tasks(
    notice: Notice, drafts: Sequence[Draft], reporter: Reporter, known: NameCheck | None
) -> None:
    """The checks every path ends with: leads named, every name a unit name, tasks consistent.

    Names that share one ending or one 各 (钦南区、钦北区人民政府; 各县区人民政府、
    功能区管委会) can be read two ways: the task gets a warning saying both.
    """
    tasks = notice.tasks
    any_lead = any(task.lead for task in tasks)
    roles = {role for task in tasks for role in Role if task.names(role)}
    if tasks and not any_lead and roles:
        reporter.issue(
            notice_issues.NOTICE_NO_LEAD,
            roles="、".join(f"{role.label}单位" for role in Role if role in roles),
        )
    for task, draft in zip(tasks, drafts, strict=True):
        if not task.lead and not draft.broken and any_lead:
            reporter.issue(
                notice_issues.TASK_NO_LEAD, draft.first, label=draft.label, task=task.number
            )
        for role in Role:
            readings = shared_readings(task.names(role))
            if readings:
                reporter.issue(
                    notice_issues.UNITS_SHARE_ENDING,
                    draft.first,
                    label=draft.label,
                    role=f"{role.label}单位",
                    readings="；".join(readings),
                    task=task.number,
                )
            for name in task.names(role):
                reason = name_problem(name, known)
                if reason is not None:
                    reporter.issue(
                        notice_issues.UNIT_NAME_INVALID,
                        draft.first,
                        label=draft.label,
                        role=f"{role.label}单位",
                        name=name,
                        reason=reason,
                        task=task.number,
                    )
    check_consistency(notice, drafts, reporter)
