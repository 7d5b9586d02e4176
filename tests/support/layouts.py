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

import docx
from attrs import evolve, frozen
from openpyxl import Workbook

from gzgk.numbering import format_numeral

from .pools import COLLECTIVES, DEPARTMENTS, SENTENCES, TITLES

__all__ = [
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
    "build",
    "expected",
    "layouts",
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
class TaskSpec:
    """One task as the notice means it: its units by role, and its section's index."""

    seq: int
    title: str
    content: str
    lead: tuple[str, ...]
    responsible: tuple[str, ...]
    cooperating: tuple[str, ...]
    section: int = 0


@frozen
class NoticeSpec:
    """The tasks of a notice and the titles of its sections."""

    tasks: tuple[TaskSpec, ...]
    sections: tuple[str, ...]


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
            _number(layout.numbering, task.seq),
            task.title,
            task.content,
            task.lead,
            task.responsible,
            task.cooperating,
        )
        for task in spec.tasks
    ]


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

    A spreadsheet holds the table and its notes only.
    """

    before: tuple[str, ...]
    table: Table
    notes: tuple[str, ...]
    closing: tuple[str, ...]

    @property
    def after(self) -> tuple[str, ...]:
        """Everything below the table: its notes, then the closing paragraphs."""
        return (*self.notes, *self.closing)


def _join(names: Sequence[str], separator: str) -> str:
    return separator.join(names)


def _inline(task: TaskSpec, separator: str) -> str:
    """One cell with inline role markers: ``X、Y牵头，Z负责`` and ``X（牵头）、Z`` by turns.

    In the first form a group's names are joined by 、 and the groups by ， (or
    by line breaks); in the second the separator comes between names.
    """
    if task.seq % 2:
        clauses = [
            "、".join(names) + verb
            for names, verb in (
                (task.lead, "牵头"),
                (task.responsible, "负责"),
                (task.cooperating, "配合"),
            )
            if names
        ]
        return ("\n" if separator == "\n" else "，").join(clauses)
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


def _columns(spec: NoticeSpec, layout: Layout) -> list[str]:
    keys = [] if layout.numbering == "none" else ["number"]
    if layout.header == "merged":
        keys.append("section")
    keys += ["title", "content"]
    if layout.roles == "columns":
        keys += UNIT_KEYS
    else:  # one 责任单位 column (empty in every task's row for section-level units)
        keys.append("units")
    return keys


def _header(keys: Sequence[str], layout: Layout) -> Table:
    labels = [LABELS[key] for key in keys]
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


def _task_cells(task: TaskSpec, keys: Sequence[str], layout: Layout) -> dict[str, str]:
    separator = SEPARATORS[layout.separator]
    cells = {
        "number": _marker(layout.numbering, task.seq),
        "title": task.title,
        "content": task.content,
        "lead": _join(task.lead, separator),
        "responsible": _join(task.responsible, separator),
        "cooperating": _join(task.cooperating, separator),
    }
    if layout.roles == "inline":
        cells["units"] = _inline(task, separator)
    elif layout.roles == "first-named":
        cells["units"] = _join(task.lead + task.responsible, separator)
    return {key: cells.get(key, "") for key in keys}


def build(spec: NoticeSpec, layout: Layout) -> Document:
    """The notice laid out: title rows, header (repeated), section rows, merged cells, notes."""
    keys = _columns(spec, layout)
    width = len(keys)
    header = _header(keys, layout)
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
            cells = _task_cells(task, keys, layout)
            row: list[Cell | None] = [Cell(cells[key]) for key in keys]
            if "section" in keys:
                row[keys.index("section")] = (
                    Cell(_section_heading(spec, layout, section), rows=len(tasks))
                    if position == 0
                    else None
                )
            body.append(row)
        del index
    _merge_shared_leads(body, keys, layout)
    table += body
    notes = (FIRST_NAMED,) if layout.roles == "first-named" else ()
    return Document(BEFORE, table, notes, AFTER)


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
    width = len(document.table[0])
    table = word.add_table(rows=len(document.table), cols=width)
    table.style = "Table Grid"
    for row, cells in enumerate(document.table):
        for column, value in enumerate(cells):
            if value is None:
                continue
            target = table.cell(row, column)
            if value.rows > 1 or value.columns > 1:
                target = target.merge(table.cell(row + value.rows - 1, column + value.columns - 1))
            target.text = value.text
    for text in document.after:
        word.add_paragraph(text)
    word.save(str(path))
    return path


def _write_xlsx(document: Document, path: Path) -> Path:
    """The table as a sheet (merged ranges kept), the notes in rows below it."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row, cells in enumerate(document.table, start=1):
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
