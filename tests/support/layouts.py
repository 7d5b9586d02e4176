"""Notices rendered in every layout a 任务分工表 comes in: the generator of the layout tests.

A :class:`Layout` is one combination of five things that vary independently in
real notices: the header's shape, how roles are expressed, the separator
between names, the numbering, and the kind of file. :func:`make_notice` draws
a random notice for a layout (seeded by the layout, so a case is the same on
every run); :func:`build` lays it out as a table with merged cells, text above
and notes below (:class:`Document`); :func:`write` renders that document as a
file of the layout's kind; :func:`expected` is what the parser must give back.
"""

from __future__ import annotations

import html
import random
import zlib
from collections.abc import Iterator, Sequence
from itertools import groupby, product
from pathlib import Path
from typing import Any

import docx
from attrs import evolve, frozen
from openpyxl import Workbook

from gzgk.numbering import format_numeral

from .pools import COLLECTIVES, DEPARTMENTS, SENTENCES, TITLES

__all__ = [
    "FAMILIES",
    "HEADERS",
    "KINDS",
    "NUMBERINGS",
    "ROLES",
    "SEPARATORS",
    "Cell",
    "Document",
    "Layout",
    "NoticeSpec",
    "TaskSpec",
    "Variant",
    "build",
    "expected",
    "expected_schedule",
    "layouts",
    "make_family_notice",
    "make_notice",
    "render_html",
    "render_text",
    "write",
]

HEADERS = ("one-row", "two-rows", "merged", "repeated", "title-rows")
ROLES = ("columns", "inline", "first-named", "section")
SEPARATORS = {"dun": "、", "comma": "，", "semicolon": "；", "newline": "\n", "space": " "}
NUMBERINGS = ("bare", "arabic", "paren", "dun", "aparen", "circled", "none")
KINDS = ("text", "pipe", "cells", "blank", "html", "docx", "xlsx", "pdf")
TEXT_KINDS = ("text", "pipe", "cells", "blank")

UNITS = (*DEPARTMENTS, *COLLECTIVES[:2])  # names read alike in every layout
SECTIONS = ("深化政务公开", "优化政务服务", "强化工作保障")
BEFORE = (
    "关于印发2025年重点工作任务分工的通知",
    "各县（市、区）人民政府，市政府各部门：",
    "现将任务分工如下，请认真贯彻落实。",
)
AFTER = ("请于2025年12月10日前报送落实情况。",)
FIRST_NAMED = "注：责任单位栏中排在第一位的为牵头单位。"
LABELS = {
    "number": "序号",
    "section": "类别",
    "title": "主要任务",
    "content": "任务内容",
    "lead": "牵头单位",
    "responsible": "责任单位",
    "cooperating": "配合单位",
    "units": "责任单位",
    "deadline": "完成时限",
    "leaders": "责任领导",
}
UNIT_KEYS = ("lead", "responsible", "cooperating")
SHORT = {"lead": "牵头", "responsible": "责任", "cooperating": "配合"}  # under a two-row 责任单位


@frozen
class Layout:
    """One combination: header shape, role expression, separator, numbering, file kind."""

    header: str
    roles: str
    separator: str
    numbering: str
    kind: str

    @property
    def id(self) -> str:
        """The combination's name, as pytest shows it: ``one-row/columns/dun/arabic/text``."""
        return "/".join((self.header, self.roles, self.separator, self.numbering, self.kind))


def layouts(kinds: Sequence[str] = KINDS) -> Iterator[Layout]:
    """Every combination of the dimensions, for the given file kinds."""
    for header, roles, separator, numbering, kind in product(
        HEADERS, ROLES, SEPARATORS, NUMBERINGS, kinds
    ):
        yield Layout(header, roles, separator, numbering, kind)


@frozen
class Variant:
    """Forms of a file table met on first reads, on top of a layout (all off: the layout as is).

    * ``merged_units``: every task has the units of the first, in one unit
      cell per unit column merged down over every task's row;
    * ``labelled``: one 责任单位 cell a task holding ``牵头单位：X`` /
      ``责任单位：Y`` / ``配合单位：Z``, a label a line;
    * ``units_first``: the unit columns before the task's title and content;
    * ``schedule``: a 完成时限 and a 责任领导 column after the units;
    * ``sub_rows``: the third task is a row under the second's number and
      title cells (merged down), with its own content and units (``2-2``);
    * ``restart``: numbers restart at 1 under each section row (``一.1``, ``二.1``);
    * ``dashes``: the second task has no cooperating unit, its cell printed ``——``;
    * ``split_units``: the second task's row is two rows under its merged
      number and text cells, its cooperating units in the lower one;
    * ``untitled``: no title column, the task's text in the content column only;
    * ``long``: fourteen tasks of four sentences each, so that the printed
      table runs over pages and rows break across them;
    * ``people``: each lead cell names the task's leaders in brackets after
      the units (``市教育局（张伟）``), under a heading of both (牵头单位及责任人);
    * ``guessed``: a unit heading the vocabulary lacks, its role guessed;
    * ``bracket_roles``: the one unit cell lists every name, then on a line
      of its own a bracket giving roles (``（市教育局牵头，市财政局配合）``);
    * ``cell_rule``: the first-named rule in each unit cell, on a line of its
      own under the names, instead of a note under the table;
    * ``unruled``: a Word table without lines (its PDF has no ruling lines);
    * ``units_in_text``: no unit column, each task's content ending in a
      bracket of its units (``……。（市教育局牵头，市财政局负责）``);
    * ``split_table``: the table broken in two after the second task, the
      second part without a header (Word at a page break);
    * ``labels``: headings other than the usual ones, by column key
      (``("units", "实施单位")``, ``("lead", "牵头指导处室")``).
    """

    merged_units: bool = False
    labelled: bool = False
    units_first: bool = False
    schedule: bool = False
    sub_rows: bool = False
    restart: bool = False
    dashes: bool = False
    split_units: bool = False
    untitled: bool = False
    long: bool = False
    people: bool = False
    guessed: bool = False
    split_table: bool = False
    unruled: bool = False
    units_in_text: bool = False
    bracket_roles: bool = False
    cell_rule: bool = False
    labels: tuple[tuple[str, str], ...] = ()


# The families of file tables that failed on first reads, each a layout (header/roles/
# separator/numbering) and a variant: every one rendered as .docx, .xlsx and a printed PDF.
PLAIN = "one-row/columns/dun/arabic"  # header/roles/separator/numbering of a plain table
FAMILIES: dict[str, tuple[str, Variant]] = {
    "unit-cell-merged-down": (
        "one-row/first-named/dun/arabic",
        Variant(merged_units=True, labels=(("units", "实施单位"),)),
    ),
    "unit-columns-merged-down": ("one-row/columns/dun/bare", Variant(merged_units=True)),
    "labelled-lines-in-cell": (PLAIN, Variant(labelled=True)),
    "units-before-task": ("one-row/columns/dun/paren", Variant(units_first=True)),
    "two-row-header": ("two-rows/columns/dun/arabic", Variant()),
    "repeated-header": ("repeated/columns/comma/bare", Variant()),
    "section-rows-across": ("title-rows/section/dun/arabic", Variant()),
    "category-merged-down": ("merged/columns/dun/arabic", Variant()),
    "deadline-and-leader": (PLAIN, Variant(schedule=True)),
    "first-named-note": ("one-row/first-named/dun/dun", Variant()),
    "sub-rows-under-merged-task": ("one-row/columns/dun/paren", Variant(sub_rows=True)),
    "numbers-restart-per-section": ("title-rows/section/dun/arabic", Variant(restart=True)),
    "empty-cells-printed-as-dashes": (PLAIN, Variant(dashes=True)),
    "unit-columns-guessed": (
        PLAIN,
        Variant(guessed=True, labels=(("lead", "牵头指导处室"), ("cooperating", "配合协调部门"))),
    ),
    "task-units-over-two-rows": (PLAIN, Variant(split_units=True)),
    "task-column-headed-as-no-task": (
        PLAIN,
        Variant(guessed=True, untitled=True, labels=(("content", "目标任务"),)),
    ),
    "units-and-their-people-in-one-column": (
        PLAIN,
        Variant(people=True, labels=(("lead", "牵头单位及责任人"),)),
    ),
    "numbers-restart-per-category-cell": ("merged/columns/dun/arabic", Variant(restart=True)),
    "long-table-over-pages": ("repeated/columns/dun/arabic", Variant(long=True)),
    "long-table-merged-units": (
        "one-row/first-named/newline/paren",
        Variant(long=True, merged_units=True),
    ),
    "role-bracket-under-names": ("one-row/inline/dun/arabic", Variant(bracket_roles=True)),
    "first-named-rule-in-cell": ("one-row/first-named/comma/arabic", Variant(cell_rule=True)),
    "table-broken-in-two": (PLAIN, Variant(split_table=True)),
    "units-in-task-text": ("one-row/inline/dun/arabic", Variant(units_in_text=True)),
    "units-in-task-text-paren": ("one-row/inline/dun/paren", Variant(units_in_text=True)),
    "unruled-table": (PLAIN, Variant(unruled=True)),
    "unruled-first-named": ("one-row/first-named/dun/paren", Variant(unruled=True)),
    "unruled-two-row-header": ("two-rows/columns/dun/arabic", Variant(unruled=True)),
    "unruled-section-rows": ("title-rows/section/dun/arabic", Variant(unruled=True)),
    "unruled-labelled-lines": (PLAIN, Variant(unruled=True, labelled=True)),
    "unruled-schedule": (PLAIN, Variant(unruled=True, schedule=True)),
    "unruled-inline-roles": ("one-row/inline/comma/circled", Variant(unruled=True)),
    "unruled-long": ("one-row/columns/newline/arabic", Variant(unruled=True, long=True)),
    "unruled-units-first": ("one-row/columns/dun/paren", Variant(unruled=True, units_first=True)),
    "unruled-people": (
        PLAIN,
        Variant(unruled=True, people=True, labels=(("lead", "牵头单位及责任人"),)),
    ),
    "unruled-dashes": (PLAIN, Variant(unruled=True, dashes=True)),
    "unruled-sub-rows": ("one-row/columns/dun/paren", Variant(unruled=True, sub_rows=True)),
    "unruled-category-merged": ("merged/columns/dun/arabic", Variant(unruled=True)),
    "labelled-units-first-schedule": (
        "two-rows/columns/newline/arabic",
        Variant(labelled=True, units_first=True, schedule=True),
    ),
}


@frozen
class TaskSpec:
    """One task as the notice means it: its units by role, and its section's index."""

    seq: int
    title: str
    content: str
    lead: tuple[str, ...]
    responsible: tuple[str, ...]
    cooperating: tuple[str, ...]
    section: int = 0
    shown: int = 0  # the number printed, when not seq (a sub-row's is its task's)
    part: int = 1  # a sub-row under its task's merged number and title cells: 2, 3 …


@frozen
class NoticeSpec:
    """The tasks of a notice and the titles of its sections."""

    tasks: tuple[TaskSpec, ...]
    sections: tuple[str, ...]


def make_family_notice(layout: Layout, variant: Variant) -> NoticeSpec:
    """A notice for a layout with a variant: with merged units, every task has the first's."""
    spec = make_notice(layout)
    tasks = list(spec.tasks)
    if variant.long:
        tasks = [
            evolve(
                tasks[index % len(tasks)],
                seq=index + 1,
                title=TITLES[index % len(TITLES)],
                content="".join(SENTENCES[(index + k) % len(SENTENCES)] for k in range(4)),
            )
            for index in range(LONG)
        ]
    if variant.merged_units:
        first = tasks[0]
        tasks = [
            evolve(t, lead=first.lead, responsible=first.responsible, cooperating=first.cooperating)
            for t in tasks
        ]
    if variant.sub_rows:
        tasks[2] = evolve(tasks[2], title=tasks[1].title, shown=2, part=2)
        tasks[3:] = [evolve(t, shown=t.seq - 1) for t in tasks[3:]]
    if variant.restart:
        tasks = [
            evolve(t, shown=sum(o.section == t.section for o in tasks[: t.seq])) for t in tasks
        ]
    if variant.dashes:
        tasks[1] = evolve(tasks[1], cooperating=())
    return evolve(spec, tasks=tuple(tasks))


def make_notice(layout: Layout) -> NoticeSpec:
    """A random notice of 3–4 tasks the layout can express.

    The notice depends on the header shape and the role expression only: the
    same notice is rendered with every separator, numbering and file kind, so
    what fails is the rendering. Separate columns: every task has lead,
    responsible and cooperating units (an empty cell of a flattened table
    could not be told apart). Inline markers: any mix with a responsible unit.
    First-named rule: one lead, then responsible units. Section-level units:
    each of two sections has a lead and two responsible units that its tasks
    take. Every notice puts the separator between two names somewhere.
    """
    seed = f"{layout.header}/{layout.roles}"  # one notice in every separator, numbering, kind
    rng = random.Random(zlib.crc32(seed.encode()))  # noqa: S311 - test data, not secrets
    count = rng.randint(3, 4)
    sectioned = layout.roles == "section" or layout.header == "merged"
    sections = tuple(rng.sample(SECTIONS, 2)) if sectioned else ()
    pool = list(UNITS)
    rng.shuffle(pool)
    section_units = [(pool.pop(), (pool.pop(), pool.pop())) for _ in range(2)]
    tasks = []
    for seq in range(1, count + 1):
        section = 0 if seq <= count // 2 else 1
        sizes = {
            "lead": rng.randint(1, 2),
            "responsible": rng.randint(0, 2),
            "cooperating": rng.randint(0, 2),
        }
        if layout.roles == "columns":
            sizes["lead"] = 2 if seq == 1 else sizes["lead"]  # the separator shows in every notice
            sizes["responsible"] = rng.randint(1, 2)
            sizes["cooperating"] = rng.randint(1, 2)
        elif layout.roles == "inline":
            sizes["responsible"] = rng.randint(1, 2)  # two names at least: the separator shows
        elif layout.roles == "first-named":
            sizes = {"lead": 1, "responsible": rng.randint(1, 3), "cooperating": 0}
        names = rng.sample(UNITS, sum(sizes.values()))
        lead = tuple(names[: sizes["lead"]])
        responsible = tuple(names[sizes["lead"] : sizes["lead"] + sizes["responsible"]])
        cooperating = tuple(names[sizes["lead"] + sizes["responsible"] :])
        if layout.roles == "section":
            lead, responsible, cooperating = (
                (section_units[section][0],),
                section_units[section][1],
                (),
            )
        title = rng.choice(TITLES)
        content = "".join(rng.sample(SENTENCES, rng.randint(1, 2)))
        tasks.append(TaskSpec(seq, title, content, lead, responsible, cooperating, section))
    if layout.header == "merged" and layout.roles == "columns" and count >= 2:
        tasks[1] = evolve(tasks[1], lead=tasks[0].lead)  # one lead cell merged over two tasks
    return NoticeSpec(tuple(tasks), sections)


def expected(spec: NoticeSpec, layout: Layout) -> list[tuple[object, ...]]:
    """What must come back: number, title, content and the units of each role, per task."""
    return [
        (
            _expected_number(spec, layout, task),
            task.title,
            task.content,
            task.lead,
            task.responsible,
            task.cooperating,
        )
        for task in spec.tasks
    ]


LONG = 14  # tasks of a long table
DEADLINES = ("2025年6月底前", "2025年12月底前", "长期坚持", "2025年9月30日前")
LEADERS = ("张伟", "李明、王芳", "刘洋", "陈静")


def expected_schedule(spec: NoticeSpec) -> list[tuple[str, tuple[str, ...]]]:
    """The deadline and leaders of each task, as a schedule variant prints them."""
    return [
        (DEADLINES[task.seq % len(DEADLINES)], tuple(LEADERS[task.seq % len(LEADERS)].split("、")))
        for task in spec.tasks
    ]


def _expected_number(spec: NoticeSpec, layout: Layout, task: TaskSpec) -> str:
    """Task.number: the printed one, after its section's where numbers restart, ``-2`` a part."""
    number = _number(layout.numbering, task.shown or task.seq)
    restarted = any(  # some number printed under two sections: every one goes after its section's
        one.shown and one.section != other.section and one.shown == other.shown
        for one in spec.tasks
        for other in spec.tasks
    )
    if restarted:
        number = f"{format_numeral(task.section + 1)}.{number}"
    return number if task.part == 1 else f"{number}-{task.part}"


def _number(numbering: str, seq: int) -> str:
    """Task.number for a numbering style: ``1`` or ``一``."""
    return format_numeral(seq) if numbering in ("paren", "dun") else str(seq)


def _marker(numbering: str, seq: int) -> str:
    """The number as printed in the 序号 cell."""
    return {
        "bare": str(seq),
        "arabic": f"{seq}.",
        "paren": f"（{format_numeral(seq)}）",
        "dun": f"{format_numeral(seq)}、",
        "aparen": chr(ord("⑴") + seq - 1),
        "circled": chr(ord("①") + seq - 1),
        "none": "",
    }[numbering]


# -- the document -----------------------------------------------------------------


@frozen
class Cell:
    """A table cell: its text and how many rows and columns it spans."""

    text: str
    rows: int = 1
    columns: int = 1


Table = list[list[Cell | None]]
"""Rows of cells; None where a merged cell above or to the left covers the position."""


@frozen
class Document:
    """A notice as printed: paragraphs above the table, the table, notes under it, the closing.

    A spreadsheet holds the table and its notes only. ``split``: the row
    where a Word file starts a second table, without a header (an empty
    paragraph between; an empty row in a sheet); 0 for one table.
    """

    before: tuple[str, ...]
    table: Table
    notes: tuple[str, ...]
    closing: tuple[str, ...]
    split: int = 0
    ruled: bool = True

    @property
    def after(self) -> tuple[str, ...]:
        """Everything below the table: its notes, then the closing paragraphs."""
        return (*self.notes, *self.closing)


def _join(names: Sequence[str], separator: str) -> str:
    return separator.join(names)


def _clauses(task: TaskSpec) -> list[str]:
    """A task's units as verb clauses: ``X、Y牵头``, ``Z负责``, ``W配合``."""
    roles = ((task.lead, "牵头"), (task.responsible, "负责"), (task.cooperating, "配合"))
    return ["、".join(names) + verb for names, verb in roles if names]


def _inline(task: TaskSpec, separator: str) -> str:
    """One cell with inline role markers: ``X、Y牵头，Z负责`` and ``X（牵头）、Z`` by turns.

    In the first form a group's names are joined by 、 and the groups by ， (or
    by line breaks); in the second the separator comes between names.
    """
    if task.seq % 2:
        return ("\n" if separator == "\n" else "，").join(_clauses(task))
    marked = [f"{name}（牵头）" for name in task.lead]
    marked += list(task.responsible)
    marked += [f"{name}（配合）" for name in task.cooperating]
    return _join(marked, separator)


def _section_units(task: TaskSpec, separator: str) -> str:
    """Units stated once for a section: ``（牵头单位：X；责任单位：Y、Z）``."""
    fields = [f"牵头单位：{_join(task.lead, separator)}"]
    if task.responsible:
        fields.append(f"责任单位：{_join(task.responsible, separator)}")
    return "（" + ("，" if separator == "；" else "；").join(fields) + "）"


def _columns(spec: NoticeSpec, layout: Layout, variant: Variant = Variant()) -> list[str]:
    keys = [] if layout.numbering == "none" else ["number"]
    if layout.header == "merged":
        keys.append("section")
    texts = ["content"] if variant.untitled else ["title", "content"]
    # one 责任单位 column unless roles have columns (empty in every row for section-level units)
    separate = layout.roles == "columns" and not variant.labelled
    units = list(UNIT_KEYS) if separate else ["units"]
    if variant.units_in_text:
        units = []
    keys += [*units, *texts] if variant.units_first else [*texts, *units]
    if variant.schedule:
        keys += ["deadline", "leaders"]
    return keys


def _header(keys: Sequence[str], layout: Layout, variant: Variant = Variant()) -> Table:
    named = {**LABELS, **dict(variant.labels)}
    labels = [named[key] for key in keys]
    if layout.header != "two-rows":
        return [[Cell(label) for label in labels]]
    units = [index for index, key in enumerate(keys) if key in UNIT_KEYS]
    group, sub = (
        (units, "责任单位")
        if len(units) >= 2
        else (
            [keys.index("title"), keys.index("content")],
            "工作任务",
        )
    )
    top: list[Cell | None] = []
    bottom: list[Cell | None] = []
    for index, key in enumerate(keys):
        if index not in group:
            top.append(Cell(labels[index], rows=2))
            bottom.append(None)
        elif index == group[0]:
            top.append(Cell(sub, columns=len(group)))
            bottom.append(Cell(SHORT.get(key, labels[index])))
        else:
            top.append(None)
            bottom.append(Cell(SHORT.get(key, labels[index])))
    return [top, bottom]


def _section_heading(spec: NoticeSpec, layout: Layout, index: int) -> str:
    """A section's heading: 一、深化政务公开, with its units for section-level roles."""
    prefix = (
        f"第{format_numeral(index + 1)}部分　"
        if layout.numbering == "dun"
        else f"{format_numeral(index + 1)}、"
    )
    if layout.header == "merged":
        prefix = ""
    title = spec.sections[index]
    if layout.roles == "section":
        first = next(task for task in spec.tasks if task.section == index)
        title += _section_units(first, SEPARATORS[layout.separator])
    return prefix + title


def _labelled(task: TaskSpec, separator: str) -> str:
    """One cell naming each role on a line of its own: ``牵头单位：X`` / ``配合单位：Y``."""
    return "\n".join(
        f"{LABELS[key]}：{_join(names, '、' if separator == chr(10) else separator)}"
        for key, names in zip(
            UNIT_KEYS, (task.lead, task.responsible, task.cooperating), strict=True
        )
        if names
    )


def _task_cells(
    task: TaskSpec, keys: Sequence[str], layout: Layout, variant: Variant = Variant()
) -> dict[str, str]:
    separator = SEPARATORS[layout.separator]
    deadline, leaders = DEADLINES[task.seq % len(DEADLINES)], LEADERS[task.seq % len(LEADERS)]
    cells = {
        "number": _marker(layout.numbering, task.shown or task.seq),
        "title": task.title,
        "content": task.content,
        "lead": _join(task.lead, separator),
        "responsible": _join(task.responsible, separator),
        "cooperating": _join(task.cooperating, separator) or ("——" if variant.dashes else ""),
        "deadline": deadline,
        "leaders": leaders,
    }
    if variant.people:
        cells["lead"] += f"（{leaders}）"
    if variant.units_in_text:
        cells["content"] += "（" + "，".join(_clauses(task)) + "）"
    if variant.bracket_roles:
        names = _join(task.lead + task.responsible + task.cooperating, separator)
        roles = "、".join(task.lead) + "牵头"
        roles += f"，{'、'.join(task.cooperating)}配合" if task.cooperating else ""
        cells["units"] = f"{names}\n（{roles}）"
        return {key: cells.get(key, "") for key in keys}
    if variant.cell_rule:
        cells["units"] = (
            _join(task.lead + task.responsible, separator) + "\n（排在第一位的为牵头单位）"
        )
        return {key: cells.get(key, "") for key in keys}
    if variant.labelled:
        cells["units"] = _labelled(task, separator)
    elif layout.roles == "inline":
        cells["units"] = _inline(task, separator)
    elif layout.roles == "first-named":
        cells["units"] = _join(task.lead + task.responsible, separator)
    return {key: cells.get(key, "") for key in keys}


def build(spec: NoticeSpec, layout: Layout, variant: Variant = Variant()) -> Document:
    """The notice laid out: title rows, header (repeated), section rows, merged cells, notes."""
    keys = _columns(spec, layout, variant)
    width = len(keys)
    header = _header(keys, layout, variant)
    table: Table = []
    if layout.header == "title-rows":
        table += [[Cell("附件1", columns=width), *[None] * (width - 1)]]
        table += [[Cell("2025年重点工作任务分工表", columns=width), *[None] * (width - 1)]]
    table += header
    body: Table = []
    for index, (section, members) in enumerate(groupby(spec.tasks, key=lambda t: t.section)):
        tasks = list(members)
        if spec.sections and layout.header != "merged":
            body.append(
                [
                    Cell(_section_heading(spec, layout, section), columns=width),
                    *[None] * (width - 1),
                ]
            )
        for position, task in enumerate(tasks):
            if layout.header == "repeated" and task.seq > 1 and task.seq % 2 == 1:
                body += [list(row) for row in header]
            cells = _task_cells(task, keys, layout, variant)
            row: list[Cell | None] = [Cell(cells[key]) for key in keys]
            if task.part > 1:  # under the number and title cells of the row above
                _merge_into_row_above(body, row, keys)
            if variant.split_units and task.seq == 2 and "cooperating" in keys:
                lower: list[Cell | None] = [Cell("") for _ in keys]
                lower[keys.index("cooperating")] = row[keys.index("cooperating")]
                row[keys.index("cooperating")] = Cell("")
                body.append(row)
                _merge_into_row_above(body, lower, keys, ("number", "title", "content"))
                row = lower
            if "section" in keys:
                row[keys.index("section")] = (
                    Cell(_section_heading(spec, layout, section), rows=len(tasks))
                    if position == 0
                    else None
                )
            body.append(row)
        del index
    _merge_shared_leads(body, keys, layout)
    if variant.merged_units:
        _merge_units_down(body, keys)
    table += body
    notes = (FIRST_NAMED,) if layout.roles == "first-named" and not variant.cell_rule else ()
    split = len(table) - len(body) + 2 if variant.split_table else 0
    return Document(BEFORE, table, notes, AFTER, split, ruled=not variant.unruled)


def _merge_shared_leads(body: Table, keys: Sequence[str], layout: Layout) -> None:
    """With a merged-cells header, a lead shared by consecutive tasks is one merged cell.

    Not in flattened text: there the cell below is empty, which cannot be told
    from a task without a lead (the 类别 cell, a section, is merged in every kind).
    """
    if layout.header != "merged" or "lead" not in keys or layout.kind in TEXT_KINDS:
        return
    column = keys.index("lead")
    index = 0
    while index < len(body) - 1:
        cell, below = body[index][column], body[index + 1][column]
        if cell is not None and below is not None and cell.text == below.text and cell.rows == 1:
            body[index][column] = Cell(cell.text, rows=2)
            body[index + 1][column] = None
            index += 2
        else:
            index += 1


def _merge_into_row_above(
    body: Table,
    row: list[Cell | None],
    keys: Sequence[str],
    merged: Sequence[str] = ("number", "title"),
) -> None:
    """A sub-row: the number and title cells (or others) of the row above merged down over it."""
    for key in merged:
        if key not in keys:
            continue
        column = keys.index(key)
        above = next(cells for cells in reversed(body) if cells[column] is not None)
        cell = above[column]
        assert cell is not None
        above[column] = Cell(cell.text, rows=cell.rows + 1)
        row[column] = None


def _merge_units_down(body: Table, keys: Sequence[str]) -> None:
    """Each unit column one cell merged down over every row of the body (the same units)."""
    for column, key in enumerate(keys):
        if key not in (*UNIT_KEYS, "units"):
            continue
        first = body[0][column]
        assert first is not None
        body[0][column] = Cell(first.text, rows=len(body))
        for row in body[1:]:
            row[column] = None


# -- files --------------------------------------------------------------------------


def _covered(table: Table) -> set[tuple[int, int]]:
    """Positions covered by a cell that spans rows (not the ones it spans to its right)."""
    covered = set()
    for row, cells in enumerate(table):
        for column, cell in enumerate(cells):
            if cell is not None and cell.rows > 1:
                covered.update((row + down, column) for down in range(1, cell.rows))
    return covered


def render_text(document: Document, kind: str) -> str:
    """The document as text of a kind.

    * ``text``: a row a line, cells separated by tabs (a copied Word or WPS
      table); a cell spanning rows is empty in the rows below, a line break in
      a cell breaks the line;
    * ``pipe``: a row a line as ``| a | b |``; a cell spanning rows is empty
      in the rows below, one spanning columns is one cell (a browser's copy);
    * ``cells``: one cell a line, empty cells lost, rows not marked;
    * ``blank``: cells separated by blank lines.
    """
    covered = _covered(document.table)
    lines = list(document.before)
    rows = []
    for row, cells in enumerate(document.table):
        texts = [
            cell.text if cell is not None else ("" if (row, column) in covered else None)
            for column, cell in enumerate(cells)
        ]
        present = [text for text in texts if text is not None]
        if kind == "text":
            rows.append("\t".join(present))
        elif kind == "pipe":
            rows.append("| " + " | ".join(text for text in present if text or text == "") + " |")
        else:
            rows.extend(text for text in present if text)
    if kind == "blank":
        lines.append("\n\n".join(rows))
    else:
        lines.extend(rows)
    lines.extend(document.after)
    return "\n".join(lines) + "\n"


def render_html(document: Document) -> str:
    """The document as a web page: the table with rowspan and colspan, <br> in cells."""

    def cell(value: Cell) -> str:
        spans = (f' rowspan="{value.rows}"' if value.rows > 1 else "") + (
            f' colspan="{value.columns}"' if value.columns > 1 else ""
        )
        return f"<td{spans}>{html.escape(value.text).replace(chr(10), '<br>')}</td>"

    rows = "".join(
        "<tr>" + "".join(cell(value) for value in cells if value is not None) + "</tr>"
        for cells in document.table
    )
    before = "".join(f"<p>{html.escape(text)}</p>" for text in document.before)
    after = "".join(f"<p>{html.escape(text)}</p>" for text in document.after)
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
        f'{before}<table border="1">{rows}</table>{after}</body></html>\n'
    )


def write_docx(document: Document, path: Path) -> Path:
    """The document as a Word file: paragraphs and a ruled table with merged cells."""
    word = docx.Document()
    for text in document.before:
        word.add_paragraph(text)
    parts = [document.table]
    if document.split:
        parts = [document.table[: document.split], document.table[document.split :]]
    for part in parts:
        if part is not parts[0]:
            word.add_paragraph("")  # what breaks a Word table in two
        _word_table(word, part, ruled=document.ruled)
    for text in document.after:
        word.add_paragraph(text)
    word.save(str(path))
    return path


def _word_table(word: Any, rows: Table, *, ruled: bool = True) -> None:
    """A table of rows with merged cells, ruled or not, added to a Word document."""
    table = word.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid" if ruled else None
    for row, cells in enumerate(rows):
        for column, value in enumerate(cells):
            if value is None:
                continue
            target = table.cell(row, column)
            if value.rows > 1 or value.columns > 1:
                target = target.merge(table.cell(row + value.rows - 1, column + value.columns - 1))
            target.text = value.text


def _write_xlsx(document: Document, path: Path) -> Path:
    """The table as a sheet (merged ranges kept), the notes in rows below it."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for index, cells in enumerate(document.table):
        row = index + 1 + (bool(document.split) and index >= document.split)  # an empty row
        for column, value in enumerate(cells, start=1):
            if value is None:
                continue
            sheet.cell(row=row, column=column, value=value.text or None)
            if value.rows > 1 or value.columns > 1:
                sheet.merge_cells(
                    start_row=row,
                    start_column=column,
                    end_row=row + value.rows - 1,
                    end_column=column + value.columns - 1,
                )
    for offset, text in enumerate(document.notes, start=len(document.table) + 2):
        sheet.cell(row=offset, column=1, value=text)
    book.save(path)
    return path


def write(document: Document, kind: str, folder: Path) -> Path:
    """The document as a file of a kind (``pdf``: the .docx LibreOffice is to print)."""
    folder.mkdir(parents=True, exist_ok=True)
    if kind in TEXT_KINDS:
        path = folder / "通知.txt"
        path.write_text(render_text(document, kind), encoding="utf-8")
        return path
    if kind == "html":
        path = folder / "通知.html"
        path.write_text(render_html(document), encoding="utf-8")
        return path
    if kind in ("docx", "pdf"):
        return write_docx(document, folder / "通知.docx")
    if kind == "xlsx":
        return _write_xlsx(document, folder / "分工表.xlsx")
    raise ValueError(f"kind must be one of {KINDS} (got {kind!r})")
