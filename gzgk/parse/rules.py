"""Notice-wide rules: one sentence that says for every task what would repeat in each row.

Notices often say once what would repeat in every row:

* **units for every task**: ``以下任务均需各区市政府落实，不再一一列出``,
  ``各县（市、区）人民政府为所有任务的责任单位``, ``所有任务由市发改委牵头，
  市财政局配合`` — the names and roles are read by the grammar of
  :mod:`gzgk.parse.grammar`, as anywhere else, and added to every task that
  does not already name the unit;
* **the first-named unit leads**: ``排在第一位的为牵头单位``,
  ``列第一位者为牵头单位``, ``第一个单位为牵头单位，其余为配合单位`` — in
  every task without a lead, the first unit named becomes its lead (and the
  others take the role the rule gives them, if it gives one).

Such a sentence in the notice's own text (preamble, requirements, closing,
notes under the table, a bracket in a column heading) is applied to the tasks
it covers and reported once, so that the user sees what was changed and why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from attrs import evolve, frozen

from gzgk.lexicon.names import CLOSE, OPEN, looks_like_name
from gzgk.lexicon.vocabulary import (
    ONWARD_WORDS,
    classify_label,
    first_named_rule,
    fold,
    mask_readings,
    unmask_readings,
    unread,
    unread_at,
)
from gzgk.model import Notice, Role, Task
from gzgk.parse import notice_issues
from gzgk.parse.draft import Reporter
from gzgk.parse.grammar import read_units

__all__ = [
    "SECTION_SEPARATOR",
    "apply_rules",
    "headings",
    "is_rule",
    "outer_brackets",
    "unbracketed",
]

_ONWARD = "|".join(ONWARD_WORDS)
_ALL = (
    rf"(?:(?:{_ONWARD}|上述|以上)(?:各项|各条|所有|全部)?(?:重点)?(?:任务|工作|事项|措施|举措|政策)?"
    r"|(?:所有|各项|全部|具体|本表|表中|分工表中?)(?:各项|所有|全部)?(?:重点)?"
    r"(?:任务|工作|事项|措施|举措|政策))"
)
_FOLLOWING = re.compile(rf"{_ONWARD}|下同|后同")
# A sentence that only says the one before holds from here on: 下同）, 以下同.
_SAME_BELOW = re.compile(r"[\s（(]*(?:以下|以后)?(?:下同|后同|同)[\s）)\]】〕]*")
# 具体任务均涉及相关市（州）人民政府，不再做分工: the bodies every task involves, responsible
_INVOLVES = re.compile(rf"{_ALL}[，,]?(?:均|都|全部|也)?涉及(?P<names>[^，,。；;]+)")
# 以下任务均需各区市政府落实 / 所有任务由各县（市、区）人民政府负责: the names and verbs after it.
_EVERY = re.compile(
    rf"{_ALL}[，,]?(?:均|都|全部|也)?(?:需要|须由|均由|都由|需|须|要|应|由)*(?P<rest>.+)"
)
# Y、Z为实施单位，下同 (moved out of a task's units' bracket): from that task on
_ONWARD_RULE = re.compile(
    r"(?P<names>[^，,。；;：:]{2,80}?)(?:均|都|同时)?(?:为|是|作为)"
    r"(?P<label>[\u4e00-\u9fff]{2,8}?(?:单位|部门))[，,]?\s*(?:下同|后同)"
)
# 各县（市、区）人民政府为所有任务的责任单位
_AS_LABEL = re.compile(
    rf"(?P<names>[^，,。；;]{{2,60}}?)(?:均|都|同时)?(?:为|是|作为){_ALL}的"
    r"(?P<label>[\u4e00-\u9fff]{2,8}?(?:单位|部门))"
)

# 涉及34个牵头单位: a count of units names none of them
_COUNTED = re.compile(r"^[\d一二三四五六七八九十百几多]+个")


def _named(names: Iterable[str]) -> bool:
    """Whether every name of a rule is a unit's name (not a count of units)."""
    return all(looks_like_name(name) and not _COUNTED.match(name) for name in names)


# Between the headings of a task's section (一、重点任务 › （一）税收).
SECTION_SEPARATOR = " › "


@frozen
class _Every:
    """Units a rule gives every task: ``(names, role)`` pairs."""

    sentence: str
    units: tuple[tuple[tuple[str, ...], Role], ...]


@frozen
class _First:
    """The first-named unit of each task leads; the rest take ``rest`` if it is given."""

    sentence: str
    rest: Role | None
    onward: bool = False  # said in a task's text: that task and (下同) the ones after it
    marks: str = ""  # 逗号前为牵头单位: the units before the first of these marks lead


def apply_rules(
    notice: Notice,
    reporter: Reporter,
    extra: Iterable[str] = (),
    breaks: Mapping[str, Mapping[str, str]] | None = None,
) -> Notice:
    """The notice with its notice-wide rules applied to its tasks (each one reported).

    Args:
        notice: the notice as read.
        reporter: where each rule applied is reported.
        extra: more texts that may hold rules (a bracket in a column heading).
        breaks: by task number, the separator printed after each unit's name,
            for a rule that names a mark (逗号前为牵头单位).
    """
    marks = breaks or {}
    if not notice.tasks:
        return notice
    texts = [notice.preamble, *(r.heading + "。" + r.text for r in notice.requirements)]
    texts += [notice.closing, *extra]
    tasks = list(notice.tasks)
    for text in texts:
        for sentence in re.split(r"[。；;\n]", text):
            rule = _rule(sentence.strip())
            if isinstance(rule, _Every):
                tasks = _apply_every(rule, tasks, reporter)
            elif isinstance(rule, _First):
                tasks = _apply_first(rule, tasks, reporter, marks)
    tasks = _apply_headings(tasks, reporter, marks)
    # 以下均需试点城市政府落实，不再列出 in a task's bracket: the tasks from there on;
    # 列第一位者为牵头单位，下同 after a task's units: that task, and the ones after it
    for index, task in enumerate(notice.tasks):
        text = mask_readings(task.title + "。" + task.content)  # 負(fù)責(zé): no brackets
        sentences = re.split(r"[。；;\n]", text)
        for position, sentence in enumerate(sentences):
            rule = _rule(unbracketed(sentence))
            if isinstance(rule, _Every) and _FOLLOWING.search(unread(fold(sentence))):
                tasks[index:] = _apply_every(rule, tasks[index:], reporter)
            elif isinstance(rule, _First):
                # …由排名首位的部门牵头负责。下同）: 下同 a sentence of its own after the rule
                said_on = _SAME_BELOW.fullmatch("".join(sentences[position + 1 : position + 2]))
                end = len(tasks) if rule.onward or said_on else index + 1
                tasks[index:end] = _apply_first(rule, tasks[index:end], reporter, marks)
    return evolve(notice, tasks=tuple(tasks))


def _apply_headings(
    tasks: list[Task], reporter: Reporter, breaks: Mapping[str, Mapping[str, str]]
) -> list[Task]:
    """一、重点任务（以下任务均需各区政府落实）: a heading's rule, applied to the tasks under it."""
    result = list(tasks)
    for heading, under in headings(tasks).items():
        said = [*outer_brackets(heading), heading]
        applied: set[tuple[str, ...]] = set()
        for sentence in (s for text in said for s in re.split(r"[。；;\n]", mask_readings(text))):
            rule = _rule(unbracketed(sentence))
            key = _names_of(rule)
            if rule is None or key in applied:
                continue  # (a bracket's rule is read again in the whole heading)
            applied.add(key)
            picked = [result[index] for index in under]
            if isinstance(rule, _Every):
                picked = _apply_every(rule, picked, reporter)
            else:
                picked = _apply_first(rule, picked, reporter, breaks)
            for index, task in zip(under, picked, strict=True):
                result[index] = task
    return result


def _names_of(rule: _Every | _First | None) -> tuple[str, ...]:
    """What a rule gives: its names (a first-named rule gives the first unit)."""
    if isinstance(rule, _Every):
        return tuple(name for names, _ in rule.units for name in names)
    return ("第一位",)


def headings(tasks: Iterable[Task]) -> dict[str, list[int]]:
    """Each heading of the tasks' sections (with its number) and the tasks under it, in order."""
    under: dict[str, list[int]] = {}
    for index, task in enumerate(tasks):
        for heading in task.section.split(SECTION_SEPARATOR) if task.section else ():
            under.setdefault(heading, []).append(index)
    return under


def outer_brackets(text: str) -> Iterator[str]:
    """The outermost bracketed parts of a text, without their brackets."""
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char in OPEN:
            if depth == 0:
                start = index
            depth += 1
        elif char in CLOSE and depth:
            depth -= 1
            if depth == 0:
                yield text[start + 1 : index]


def unbracketed(sentence: str) -> str:
    """A sentence of a task's text without the bracket it stands in (``（以下均需…``)."""
    text = sentence.strip()
    depth = 0
    cut = 0
    for index, char in enumerate(text):
        if char in OPEN:
            depth += 1
        elif char in CLOSE:
            depth -= 1
            if depth < 0:  # the bracket opened before this sentence closes here
                return text[cut:index].strip()
        if depth == 1 and char in OPEN and index == cut:
            cut, depth = index + 1, 0
    return text[cut:]


def is_rule(text: str) -> bool:
    """Whether every sentence of a text (a note under a table) is a rule gzgk applies."""
    sentences = [s.strip() for s in re.split(r"[。；;\n]", text) if s.strip()]
    return bool(sentences) and all(_rule(sentence) is not None for sentence in sentences)


def _rule(sentence: str) -> _Every | _First | None:
    """The rule a sentence states (read with its pinyin readings masked, said as printed)."""
    sentence = mask_readings(sentence)
    printed = unmask_readings(sentence)
    folded, at = unread_at(fold(sentence))  # 以下各項(xiàng)工作: the words without readings
    first = first_named_rule(sentence)
    if first is not None:
        return _First(printed, first.rest, onward=first.onward, marks=first.marks)
    match = _EVERY.search(folded)
    if match is not None:
        units = _clauses(sentence[at[match.start("rest")] :])
        if units:
            return _Every(printed, units)
    match = _INVOLVES.search(folded)
    if match is not None:
        value = sentence[at[match.start("names")] : at[match.end("names")]]
        involved = read_units(value, Role.RESPONSIBLE)
        if involved is not None and involved.every_name and not involved.marked:
            names = involved.every_name
            if _named(names):
                return _Every(printed, ((tuple(map(unmask_readings, names)), Role.RESPONSIBLE),))
    match = _AS_LABEL.search(folded) or _ONWARD_RULE.search(folded)
    if match is not None:
        word, _ = classify_label(match["label"])
        value = sentence[at[match.start("names")] : at[match.end("names")]]
        value = re.split(r"[:：]", value)[-1]  # 注：各县…为所有任务的…: the names after the label
        units_read = read_units(value, word.role if word is not None else None)
        if word is not None and word.role is not None and units_read and units_read.every_name:
            names = units_read.every_name
            if _named(names):
                return _Every(printed, ((tuple(map(unmask_readings, names)), word.role),))
    return None


def _clauses(rest: str) -> tuple[tuple[tuple[str, ...], Role], ...]:
    """The longest run of clauses that names units, every one with a role."""
    clauses = re.split(r"(?<=[，,])", rest)
    for count in range(len(clauses), 0, -1):
        text = "".join(clauses[:count]).strip("，, ")
        units = read_units(text, None)
        if units is not None and units.unmarked:  # 均需X，Y落实: names listed with commas
            units = read_units(re.sub("[，,]", "、", text), None)
        if units is None or units.unmarked or not units.fields:
            continue
        if not _named(units.every_name):
            continue
        return tuple(
            (tuple(map(unmask_readings, f.names)), f.role)
            for f in units.fields
            if f.role is not None and f.names
        )
    return ()


def _apply_every(rule: _Every, tasks: list[Task], reporter: Reporter) -> list[Task]:
    result = list(tasks)
    for names, role in rule.units:
        changed: list[str] = []
        for index, task in enumerate(result):
            missing = tuple(n for n in names if not any(n in task.names(r) for r in Role))
            if missing:
                result[index] = _with(task, role, task.names(role) + missing)
                changed.append(task.number)
        if changed:
            _report(reporter, rule.sentence, "、".join(names), role, changed)
    return result


def _apply_first(
    rule: _First,
    tasks: list[Task],
    reporter: Reporter,
    breaks: Mapping[str, Mapping[str, str]],
) -> list[Task]:
    result = list(tasks)
    changed: list[str] = []
    for index, task in enumerate(result):
        source = Role.RESPONSIBLE if task.responsible else Role.COOPERATING
        names = task.names(source)
        # 逗号前为牵头单位: the names up to the first mark lead
        count = _before_mark(names, breaks.get(task.number, {}), rule.marks) if rule.marks else 1
        if not rule.marks and task.lead and names[:1] and names[0] in task.lead:
            # the first named leads already (a heading's lead): it leads, once
            result[index] = _with(task, source, names[1:])
            changed.append(task.number)
        if task.lead or not names or not count:
            continue
        first, rest = names[:count], names[count:]
        led = _with(_with(task, source, ()), Role.LEAD, first)
        role = rule.rest or source
        result[index] = _with(led, role, led.names(role) + rest)
        changed.append(task.number)
    if changed:
        said = f"每项任务“{rule.marks[0]}”前的单位" if rule.marks else "每项任务排在第一位的单位"
        _report(reporter, rule.sentence, said, Role.LEAD, changed)
    return result


def _before_mark(names: tuple[str, ...], breaks: Mapping[str, str], marks: str) -> int:
    """How many names stand before the first of the marks (0: none printed, or all before it)."""
    for count, name in enumerate(names, start=1):
        if breaks.get(name, "") and breaks[name] in marks:
            return count if count < len(names) else 0
    return 0


def _report(reporter: Reporter, rule: str, names: str, role: Role, changed: list[str]) -> None:
    reporter.issue(
        notice_issues.NOTICE_RULE_APPLIED,
        rule=rule,
        names=names,
        role=f"{role.label}单位",
        count=len(changed),
        tasks="、".join(changed),
    )


def _with(task: Task, role: Role, names: tuple[str, ...]) -> Task:
    if role is Role.LEAD:
        return evolve(task, lead=names)
    if role is Role.RESPONSIBLE:
        return evolve(task, responsible=names)
    if role is Role.COOPERATING:
        return evolve(task, cooperating=names)
    return evolve(task, informed=names)
