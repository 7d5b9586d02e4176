"""Whether the tasks read agree with themselves: the last checks of every path.

A task can come out wrong with every unit name well shaped: a second task's
text run into it, its units left in its text, a rule the notice printed never
applied. Nothing in the names shows it; the tasks' own text does. Each check
here looks at what was read for a sign that something was not, and names the
task, so that no task is wrong without an issue saying so:

* **units left in the text**: a bracket of the task's text still assigns units
  (``（X牵头，Y配合）``, ``〔责任单位：X〕``) — a second task run into this one, or
  a bracket the reader could not take whole; or a line of its text is only
  names saying their roles (``X、Y分别牵头落实``) — a unit cell read as text;
* **one unit in two roles**: a name both leads and is responsible in one task
  — two tasks' units merged, or a heading's units handed down over the task's
  own;
* **the next number in the text**: the text of task （一） holds ``（二）`` at a
  sentence's start and no task （二） was read — two tasks on one line;
* **one text twice**: two tasks in a row with the same text — one read
  twice, the one beside it lost;
* **units outside the tasks**: a numbered requirement or the closing text
  assigns units (``……（X牵头，Y配合）``) — a task read as no task
  (``text-ignored``);
* **a rule not applied**: the text keeps a rule (``……，下同``,
  ``不再一一列出``, ``列第一位者为牵头单位``) that gzgk could not read or apply.

Each check was measured on every task of the corpus read exactly (no task read
exactly is flagged); they are warnings: the clerk checks the task named.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from gzgk.lexicon.columns import ColumnKind
from gzgk.lexicon.names import looks_like_name, name_strength
from gzgk.lexicon.vocabulary import first_named_rule, fold, rule_marker
from gzgk.model import Notice, Role, Task
from gzgk.parse import notice_issues
from gzgk.parse.draft import Draft, Reporter, label_of
from gzgk.parse.grammar import cell_units, find_labels, read_units
from gzgk.parse.lines import match_marker
from gzgk.parse.rules import headings, is_rule, outer_brackets, unbracketed
from gzgk.report import IssueType

__all__ = ["check_consistency"]

# Words of assignment: a 下同 beside none (（含开发区，下同）, （以下简称X，下同）) is no rule.
_ASSIGNING = re.compile(r"牵头|负责|落实|配合|参与|协办|主办|单位|部门|政府|分工")
_SENTENCES = re.compile(r"[。；;\n]")
# Where a task's number may start: the text's start, after a sentence or a bracket.
_AFTER_SENTENCE = re.compile(r"(?:^|(?<=[。；;!！?？）)\]】〕]))\s*(?=\S)")
_QUOTE = 40
_SURE = 3.0  # name strength of a body's ending: a line of such names is a unit cell
_ROLE_WORDS = 8  # characters left beside the names of a unit cell (分别牵头落实, 牵头，配合)
_SENTENCE_LONG = 10


def check_consistency(notice: Notice, drafts: Sequence[Draft], reporter: Reporter) -> None:
    """Report every task whose reading disagrees with its own text (see the module)."""
    tasks = notice.tasks
    in_force: str | None = None
    for index, (task, draft) in enumerate(zip(tasks, drafts, strict=True)):
        if index and _same_text(tasks[index - 1], task):
            previous = drafts[index - 1]
            _say(reporter, notice_issues.TASK_TEXT_REPEATED, previous, other=draft.label)
        left = _units_in_text(task.title + "。" + task.content) or _units_line(task)
        if left is not None:
            _say(reporter, notice_issues.UNITS_LEFT_IN_TEXT, draft, text=_quote(left))
        twice = _in_two_roles(task)
        if twice is not None:
            roles = "又是".join(f"{role.label}单位" for role in twice[1])
            _say(reporter, notice_issues.UNIT_IN_TWO_ROLES, draft, name=twice[0], roles=roles)
        number = _next_number_in_text(draft, drafts)
        if number is not None:
            _say(reporter, notice_issues.TASK_NUMBER_IN_TEXT, draft, number=number)
        rule = _rule_not_applied(task)
        covered = [task.number]
        if rule is not None and rule_marker(rule):  # 下同, 不再列出: the tasks after it too
            covered += [later.number for later in tasks[index + 1 :]]
        elif rule is None and not task.lead and (task.responsible or task.cooperating):
            rule = in_force  # a first-named rule said 下同 in an earlier task
        if rule is not None:
            covered_text = "、".join(covered)
            _say(
                reporter,
                notice_issues.RULE_NOT_APPLIED,
                draft,
                rule=_quote(rule),
                tasks=covered_text,
            )
        in_force = _first_named_onward(task) or in_force
    _check_headings(tasks, drafts, reporter)
    _check_body(notice, reporter)


def _check_headings(tasks: Sequence[Task], drafts: Sequence[Draft], reporter: Reporter) -> None:
    """Name a rule in a section heading that was not applied, with the tasks under it.

    ``二、保障措施（各街道配合，下同）``: words only a rule says beside a role word, in
    a heading whose rule gzgk does not read, are said once, on its first task.
    """
    for heading, under in headings(tasks).items():
        for inner in [heading, *outer_brackets(heading)]:
            bare = unbracketed(inner)
            if rule_marker(bare) and _ASSIGNING.search(fold(bare)) and not is_rule(bare):
                reporter.issue(
                    notice_issues.RULE_NOT_APPLIED,
                    drafts[under[0]].first,
                    label=drafts[under[0]].label,
                    task=tasks[under[0]].number,
                    rule=_quote(heading),
                    tasks="、".join(tasks[index].number for index in under),
                )
                break


def _check_body(notice: Notice, reporter: Reporter) -> None:
    """Name a numbered requirement or the closing text that assigns units: a task not read.

    The text between and after the tasks (工作要求, 保障措施) asks; it does not
    assign: ``4.加强项目谋划储备……（区发改局牵头，区财政局配合）`` read as a
    requirement is a task the reader did not take, its units given to nobody.
    """
    parts = [(r.heading, f"{r.heading}。{r.text}") for r in notice.requirements]
    parts.append(("", notice.closing))
    for heading, text in parts:
        left = _units_in_text(text)
        if left is not None:
            shown = f"{_quote(heading)}……（{_quote(left)}）" if heading else f"（{_quote(left)}）"
            reporter.issue(notice_issues.TASK_TEXT_IGNORED, text=shown)


def _say(reporter: Reporter, issue_type: IssueType, draft: Draft, **params: object) -> None:
    """Report an issue on a task, where it was printed."""
    reporter.issue(issue_type, draft.first, label=draft.label, task=draft.number, **params)


def _quote(text: str) -> str:
    text = text.strip()
    return text if len(text) <= _QUOTE else text[:_QUOTE] + "…"


def _is_rule_text(text: str) -> bool:
    """Whether a text states a notice-wide rule, read or not (its own issue covers it)."""
    sentences = [s for s in _SENTENCES.split(text) if s.strip()]
    return rule_marker(text) is not None or any(
        is_rule(s) or first_named_rule(s) for s in sentences
    )


def _units_in_text(text: str) -> str | None:
    """A bracket of a text that assigns units: a unit label, or names and a role verb."""
    for inner in outer_brackets(text):
        if _is_rule_text(inner):
            continue
        if any(label.kind is ColumnKind.UNITS for label in find_labels(inner)):
            return inner
        units = read_units(inner, None)
        if (
            units is not None
            and units.marked
            and units.every_name
            and all(looks_like_name(name) for name in units.every_name)
        ):
            return inner
    return None


def _units_line(task: Task) -> str | None:
    """A line of a task's text that is only names saying their roles (X、Y分别牵头落实).

    Such a line is a unit cell read as text: a flattened table's row cut in the
    wrong place, the units of the task beside it taken instead.
    """
    for line in (task.title, *task.content.split("\n")):
        units = cell_units(line.strip(), None) if line.strip() else None
        if units is None or not units.marked or not units.every_name:
            continue
        rest = line
        for name in units.every_name:
            rest = rest.replace(name, "")
        rest = re.sub(r"[\s、，,；;。（）()]", "", rest)  # left: the role words only
        if len(rest) <= _ROLE_WORDS and all(
            name_strength(name) >= _SURE for name in units.every_name
        ):
            return line.strip()
    return None


def _in_two_roles(task: Task) -> tuple[str, tuple[Role, Role]] | None:
    """A unit the task names in two roles, and those roles."""
    seen: dict[str, Role] = {}
    for role in Role:
        for name in task.names(role):
            if name in seen and seen[name] is not role:
                return name, (seen[name], role)
            seen[name] = role
    return None


def _next_number_in_text(draft: Draft, drafts: Sequence[Draft]) -> str | None:
    """The next task's number at a sentence's start in this one's text, when no task has it."""
    marker = draft.marker
    wanted = marker.value + 1
    siblings = {
        (other.marker.style, other.marker.value)
        for other in drafts
        if other.section == draft.section
    }
    if (marker.style, wanted) in siblings:
        return None
    for start in _AFTER_SENTENCE.finditer(draft.content):
        found = match_marker(draft.content[start.end() :].split("\n")[0], (marker.style,))
        if found is not None and found.value == wanted and found.rest:
            return label_of(found)
    return None


def _same_text(one: Task, other: Task) -> bool:
    """Whether two tasks have the same text (one task read twice, another lost).

    Short texts repeat in tables of figures (``万亩`` | ``0``); a sentence does not.
    """
    text = one.title + one.content
    return len(text) >= _SENTENCE_LONG and (one.title, one.content) == (other.title, other.content)


def _first_named_onward(task: Task) -> str | None:
    """A first-named rule said to hold on (下同) in the task's text, or None."""
    for sentence in _SENTENCES.split(task.title + "。" + task.content):
        rule = first_named_rule(unbracketed(sentence))
        if rule is not None and rule.onward:
            return sentence
    return None


def _rule_not_applied(task: Task) -> str | None:
    """A sentence of the task's text (or a unit name) with a rule's words that was not applied.

    A rule gzgk reads is applied (and reported) by :mod:`gzgk.parse.rules`; its
    words may stay in the task's text. Words only a rule says (下同, 不再列出)
    in a sentence that reads as no rule, or a first-named rule in the text of a
    task that still has names and no lead, were not applied.
    """
    for role in Role:
        for name in task.names(role):
            if rule_marker(name) is not None:
                return name
    for sentence in _SENTENCES.split(task.title + "。" + task.content):
        bare = unbracketed(sentence)
        if rule_marker(bare) and _ASSIGNING.search(fold(bare)) and not is_rule(bare):
            return sentence
        rule = first_named_rule(bare)
        if rule is not None and not task.lead and (task.responsible or task.cooperating):
            return sentence
    return None
