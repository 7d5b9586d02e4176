"""Notices rendered from the corpus's truth in forms real notices use and the corpus has few of.

Each form is a small named function that takes a notice's truth (its tasks'
text starts and units) and prints a notice the way another office would: the
units in a bracket after the task (``（X牵头，Y、Z按职责分工负责）``), in a
sentence (``由X负责，Y配合。``, ``X为牵头单位，Y为责任单位。``), in a section
heading over the tasks that share them, after every task's own units
(``各县（市、区）人民政府负责落实``), in a table cell with the roles after the
names (``X（牵头）、Y``), or in two tables with different headers. It returns
the text and the truth of what it printed, so that every task must come back
exact or be named by an issue.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable, Sequence
from itertools import groupby
from typing import Any

from gzgk.numbering import format_numeral

__all__ = ["FORMS", "LEFT", "Form", "Truth", "printable"]

Truth = dict[str, Any]
Form = Callable[[Truth, random.Random], tuple[str, Truth]]

HEAD = "关于印发重点工作任务分工方案的通知\n各县（市、区）人民政府，市政府各部门：\n现将方案印发给你们，请认真贯彻落实。\n"
COUNTIES = "各县（市、区）人民政府"


def _units(task: Truth) -> tuple[list[str], list[str]]:
    """A task's lead units and its other units in printed order."""
    return list(task.get("lead") or ()), [
        *(task.get("responsible") or ()),
        *(task.get("cooperating") or ()),
    ]


def _text(task: Truth) -> str:
    """The task's text as printed: its start, closed by a full stop."""
    start = str(task.get("title_or_start") or "").strip().rstrip("。；;，,：:")
    return f"{start}。"


def printable(truth: Truth) -> list[Truth]:
    """The tasks a form can print: with a text, some units, no bracket left open in the text."""
    tasks = []
    for task in truth["tasks"]:
        lead, others = _units(task)
        start = str(task.get("title_or_start") or "")
        if not (lead or others) or len(start) < 4 or start.count("（") != start.count("）"):
            continue
        if any(mark in start for mark in "()[]【】〔〕|"):
            continue
        tasks.append(task)
    return tasks


def _truth(tasks: Sequence[Truth], numbers: Sequence[str], texts: Sequence[str]) -> Truth:
    """The truth of what was printed: each task's number, text start and units."""
    printed = []
    for task, number, text in zip(tasks, numbers, texts, strict=True):
        lead, others = _units(task)
        printed.append(
            {
                "number": number,
                "title_or_start": text,
                "lead": lead,
                "responsible": others,
                "cooperating": [],
            }
        )
    return {"tasks": printed}


def _numbers(count: int) -> list[str]:
    return [str(index) for index in range(1, count + 1)]


def _listed(names: Sequence[str]) -> str:
    return "、".join(names)


# --- units in a sentence or bracket after the task ----------------------------------------


def _after_each(say: Callable[[list[str], list[str], random.Random], str]) -> Form:
    def form(truth: Truth, rng: random.Random) -> tuple[str, Truth]:
        tasks = printable(truth)
        numbers = _numbers(len(tasks))
        lines = [
            f"{number}.{_text(task)}{say(*_units(task), rng)}"
            for number, task in zip(numbers, tasks, strict=True)
        ]
        return HEAD + "\n".join(lines) + "\n", _truth(tasks, numbers, [_text(t) for t in tasks])

    return form


def _by_duty(lead: list[str], others: list[str], rng: random.Random) -> str:
    """The units in a bracket: （X牵头，Y、Z按职责分工负责）."""
    if not lead:
        return f"（{_listed(others)}按职责分工负责）"
    if not others:
        return f"（{_listed(lead)}牵头）"
    return f"（{_listed(lead)}牵头，{_listed(others)}按职责分工负责）"


def _you(lead: list[str], others: list[str], rng: random.Random) -> str:
    """The units in a sentence (由X负责。 / 由X牵头，Y、Z配合。)."""
    if not lead:
        return f"由{_listed(others)}负责。"
    if not others:
        return f"由{_listed(lead)}牵头负责。"
    return f"由{_listed(lead)}牵头，{_listed(others)}配合。"


def _as_label(lead: list[str], others: list[str], rng: random.Random) -> str:
    """The units given their labels (X为牵头单位，Y、Z为责任单位。)."""
    said = []
    if lead:
        said.append(f"{_listed(lead)}为牵头单位")
    if others:
        said.append(f"{_listed(others)}为责任单位")
    return "，".join(said) + "。"


by_duty = _after_each(_by_duty)
you_responsible = _after_each(_you)
as_label = _after_each(_as_label)
by_duty.__name__ = "by_duty"
you_responsible.__name__ = "you_responsible"
as_label.__name__ = "as_label"


def counties_carry_out(truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """Every task's bracket closing with ``各县（市、区）人民政府负责落实``; the truth has it too."""
    tasks = printable(truth)
    numbers = _numbers(len(tasks))
    lines, printed = [], []
    for number, task in zip(numbers, tasks, strict=True):
        lead, others = _units(task)
        others = [name for name in others if name != COUNTIES]
        said = [f"{_listed(lead)}牵头"] if lead else []
        said += [f"{_listed(others)}配合"] if others else []
        lines.append(f"{number}.{_text(task)}（{'，'.join([*said, f'{COUNTIES}负责落实'])}）")
        printed.append(
            {
                "number": number,
                "title_or_start": _text(task),
                "lead": lead,
                "responsible": [COUNTIES],
                "cooperating": others,
            }
        )
    return HEAD + "\n".join(lines) + "\n", {"tasks": printed}


# --- units in a section heading ------------------------------------------------------------


def section_heading_units(truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """Tasks that share their units under a heading that names them; the tasks name none."""
    tasks = printable(truth)
    lines: list[str] = []
    numbers: list[str] = []
    ordered: list[Truth] = []
    groups = [list(group) for _, group in groupby(tasks, key=_units)]
    for index, group in enumerate(groups, start=1):
        lead, others = _units(group[0])
        said = [f"牵头单位：{_listed(lead)}"] if lead else []
        said += [f"责任单位：{_listed(others)}"] if others else []
        lines.append(
            f"{format_numeral(index)}、第{format_numeral(index)}方面工作（{'；'.join(said)}）"
        )
        for seq, task in enumerate(group, start=1):
            lines.append(f"（{format_numeral(seq)}）{_text(task)}")
            numbers.append(f"{format_numeral(index)}.{format_numeral(seq)}")
            ordered.append(task)
    return HEAD + "\n".join(lines) + "\n", _truth(ordered, numbers, [_text(t) for t in ordered])


# --- units in a table ------------------------------------------------------------------------


def _pipe(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def roles_after_names_in_cell(truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """One 责任单位 column, each lead marked after its name: ``X（牵头）、Y、Z``."""
    tasks = printable(truth)
    numbers = _numbers(len(tasks))
    rows = [_pipe(["序号", "重点任务", "责任单位"])]
    for number, task in zip(numbers, tasks, strict=True):
        lead, others = _units(task)
        cell = _listed([*(f"{name}（牵头）" for name in lead), *others])
        rows.append(_pipe([number, _text(task), cell]))
    text = HEAD + "附件\n重点工作任务分工表\n" + "\n".join(rows) + "\n"
    return text, _truth(tasks, numbers, [_text(t) for t in tasks])


def two_tables(truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """Two tables with different headers: 牵头单位 | 配合单位, then one 责任单位 column."""
    tasks = printable(truth)
    half = max(1, len(tasks) // 2)
    first, second = tasks[:half], tasks[half:]
    rows = [_pipe(["序号", "主要任务", "牵头单位", "配合单位"])]
    numbers = _numbers(len(first))
    for number, task in zip(numbers, first, strict=True):
        lead, others = _units(task)
        rows.append(_pipe([number, _text(task), _listed(lead), _listed(others)]))
    rows2 = [_pipe(["序号", "工作任务", "责任单位"])]
    numbers2 = _numbers(len(second))
    for number, task in zip(numbers2, second, strict=True):
        lead, others = _units(task)
        said = [f"{_listed(lead)}牵头"] if lead else []
        said += [f"{_listed(others)}{'配合' if lead else '负责'}"] if others else []
        rows2.append(_pipe([number, _text(task), "，".join(said)]))
    text = (
        HEAD
        + "附件1\n重点任务分工表\n"
        + "\n".join(rows)
        + "\n附件2\n其他工作任务分工表\n"
        + "\n".join(rows2)
        + "\n"
    )
    printed = _truth(first, numbers, [_text(t) for t in first])
    printed["tasks"] += _truth(second, numbers2, [_text(t) for t in second])["tasks"]
    return text, copy.deepcopy(printed)


def heading_lead_task_others(truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """The lead named once in a section heading (``一、…（X牵头）``), each task's others after it."""
    tasks = printable(truth)
    lines: list[str] = []
    numbers: list[str] = []
    ordered: list[Truth] = []
    groups = [list(group) for _, group in groupby(tasks, key=lambda t: _units(t)[0])]
    for index, group in enumerate(groups, start=1):
        lead = _units(group[0])[0]
        said = f"（{_listed(lead)}牵头）" if lead else ""
        lines.append(f"{format_numeral(index)}、第{format_numeral(index)}方面工作{said}")
        for seq, task in enumerate(group, start=1):
            others = _units(task)[1]
            tail = f"（{_listed(others)}{'配合' if lead else '负责'}）" if others else ""
            lines.append(f"（{format_numeral(seq)}）{_text(task)}{tail}")
            numbers.append(f"{format_numeral(index)}.{format_numeral(seq)}")
            ordered.append(task)
    return HEAD + "\n".join(lines) + "\n", _truth(ordered, numbers, [_text(t) for t in ordered])


def roles_after_every_name(truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """Every name's role in brackets after it, on the task's line: ``X（牵头）、Y（配合）``."""
    tasks = printable(truth)
    numbers = _numbers(len(tasks))
    lines = []
    for number, task in zip(numbers, tasks, strict=True):
        lead, others = _units(task)
        said = [*(f"{name}（牵头）" for name in lead), *(f"{name}（配合）" for name in others)]
        lines.append(f"{number}.{_text(task)}\n责任单位：{_listed(said)}")
    return HEAD + "\n".join(lines) + "\n", _truth(tasks, numbers, [_text(t) for t in tasks])


def spaced_names_in_label(truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """Names separated by spaces, as a PDF prints a list: ``（牵头单位：X；责任单位：Y Z）``."""
    tasks = printable(truth)
    numbers = _numbers(len(tasks))
    lines = []
    for number, task in zip(numbers, tasks, strict=True):
        lead, others = _units(task)
        said = [f"牵头单位：{' '.join(lead)}"] if lead else []
        said += [f"责任单位：{' '.join(others)}"] if others else []
        lines.append(f"（{format_numeral(int(number))}）{_text(task)}（{'；'.join(said)}）")
    numbers = [format_numeral(int(number)) for number in numbers]
    return HEAD + "\n".join(lines) + "\n", _truth(tasks, numbers, [_text(t) for t in tasks])


# --- forms of session 26: run-on text, labels and rules in other words -------------------

# The first-named rule in other wordings than the corpus's (排在第一位的为牵头单位 …).
FIRST_NAMED = (
    "每项任务中列首位的单位为牵头单位，其余为责任单位",
    "涉及多个单位的，排名靠前的单位牵头负责",
    "各项任务均由排在最前面的单位牵头",
    "责任单位中第一家为牵头单位",
    "多个单位共同承担的，由名列第一的单位牵头",
)


def first_named_leads(truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """One list of units a task, its first the lead by a rule said once.

    The rule, in other words than the corpus's, is in the preamble or (``下同``) in the
    first task's bracket: ``责任单位：X、Y、Z`` / ``（涉及多个单位的，…。下同）``.
    """
    tasks = printable(truth)
    numbers = _numbers(len(tasks))
    rule = rng.choice(FIRST_NAMED)
    in_task = rng.random() < 0.5  # either place, by the seed
    lines = []
    printed = []
    for number, task in zip(numbers, tasks, strict=True):
        lead, others = _units(task)
        names = [*lead, *others]
        note = f"（{rule}。下同）" if in_task and number == "1" else ""
        lines.append(f"{number}.{_text(task)}{note}\n责任单位：{_listed(names)}")
        printed.append({**task, "lead": names[:1], "responsible": names[1:], "cooperating": []})
    head = HEAD if in_task else HEAD + f"{rule}。\n"
    return head + "\n".join(lines) + "\n", _truth(printed, numbers, [_text(t) for t in tasks])


# Labels the vocabulary does not list, read by their role word (主要协作单位 → cooperating),
# with a leaders' label (牵头市领导) that names people, not units.
LEAD_LABELS = ("牵头责任单位", "主要牵头单位", "牵头负责部门")
OTHER_LABELS = ("主要协作单位", "协作配合部门", "具体承办单位", "参与实施单位")
LEADER_LABELS = ("牵头市领导", "联系县领导", "责任区领导")


def labels_in_other_words(truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """Each task's units under labels the vocabulary lacks, a leader's label line first."""
    tasks = printable(truth)
    numbers = _numbers(len(tasks))
    lines = []
    for number, task in zip(numbers, tasks, strict=True):
        lead, others = _units(task)
        lines.append(f"{number}.{_text(task)}")
        lines.append(f"{rng.choice(LEADER_LABELS)}：张明")
        if lead:
            lines.append(f"{rng.choice(LEAD_LABELS)}：{_listed(lead)}")
        if others:
            lines.append(f"{rng.choice(OTHER_LABELS)}：{_listed(others)}")
    printed = _truth(tasks, numbers, [_text(t) for t in tasks])
    return HEAD + "\n".join(lines) + "\n", printed


def you_line_under_heading(truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """A heading line per task and the units in a 由 sentence on the line under it."""
    tasks = printable(truth)
    numbers = [format_numeral(int(number)) for number in _numbers(len(tasks))]
    lines = []
    for number, task in zip(numbers, tasks, strict=True):
        lead, others = _units(task)
        lines.append(f"（{number}）{_text(task).rstrip('。')}")
        lines.append(_you(lead, others, rng))
    texts = [_text(t).rstrip("。") for t in tasks]
    return HEAD + "\n".join(lines) + "\n", _truth(tasks, numbers, texts)


def one_line(truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """A whole notice on one line, as a web page that lost its breaks prints it.

    Section headings, then items whose units close them in a bracket, with one space
    or none between what were lines.
    """
    text, printed = heading_lead_task_others(truth, rng)
    gap = rng.choice(["", " "])
    return gap.join(line.strip() for line in text.splitlines()), printed


FORMS: list[Form] = [
    by_duty,
    you_responsible,
    as_label,
    counties_carry_out,
    section_heading_units,
    roles_after_names_in_cell,
    two_tables,
    heading_lead_task_others,
    first_named_leads,
    labels_in_other_words,
    you_line_under_heading,
    one_line,
]
# Forms that still find tasks silently wrong over the whole corpus, so not run by the tests:
# places separated by spaces only (永丰街道 泗泾镇; some hundred tasks, test_parse_rendered LEFT),
# and a role bracket after a collective joined by 和 (各省辖市政府和济源示范区、…（配合）; 1 task).
LEFT: list[Form] = [spaced_names_in_label, roles_after_every_name]
