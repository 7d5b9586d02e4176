"""What the build scripts of the clean-file folders (``notices-files3``, ``notices-files4``) share.

Each folder's ``build_files.py`` typesets the duty tables of its notices (``sources/*.txt``) as ordinary Word and Excel
attachments. The checks that tie a built file to its hand-written truth, and the Word and Excel typesetting helpers,
are the same in every folder and live here once. Not part of the test suite; it needs python-docx and openpyxl.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

FANGSONG = "仿宋_GB2312"
HEITI = "黑体"


class DutyFolder:
    """One data folder: its stored sources, their truth, and the truth files written beside the built files."""

    def __init__(self, here: Path) -> None:
        """Bind the helpers to the folder ``here`` (its ``sources/`` holds the stored texts and their truth)."""
        self.here = here

    def source_text(self, name: str) -> str:
        """The stored page text a notice's file is typeset from."""
        return (self.here / "sources" / f"{name}.txt").read_text(encoding="utf-8")

    def source_truth(self, name: str) -> dict[str, Any]:
        """The truth written from the stored page text."""
        return json.loads(
            (self.here / "sources" / f"{name}.expected.json").read_text(encoding="utf-8")
        )

    def printed(self, name: str, *pieces: str) -> None:
        """Every piece of cell text occurs in the stored text once its line breaks are ignored."""
        flat = self.source_text(name).replace("\n", "")
        for piece in pieces:
            assert piece.replace("\n", "") in flat, (name, piece)

    def write_truth(self, stem: str, source: str, layout: str, conventions: str) -> None:
        """Write one file's truth: the source's tasks, with this file's layout and conventions."""
        src = self.source_truth(source)
        out = {
            "source_url": src["source_url"],
            "source_notice": f"sources/{source}.txt",
            "issuer": src["issuer"],
            "layout": layout,
            "truncated": False,
            "tasks": src["tasks"],
            "incomplete_tasks": [],
            "conventions": conventions,
        }
        (self.here / f"{stem}.expected.json").write_text(
            json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )

    def check(self, source: str, rows: list[dict[str, list[str]]]) -> None:
        """The units put in the cells equal the hand-written truth, role by role, in order."""
        tasks = self.source_truth(source)["tasks"]
        assert len(rows) == len(tasks), (source, len(rows), len(tasks))
        for got, task in zip(rows, tasks, strict=True):
            for role in ("lead", "responsible", "cooperating"):
                assert got.get(role, []) == task[role], (
                    source,
                    task["number"],
                    role,
                    got.get(role),
                    task[role],
                )


# ---------------------------------------------------------------- Word (WPS-like fonts)


def cjk(run: Any, name: str = FANGSONG, size: float = 12, *, bold: bool = False) -> None:
    """Set a run's CJK font and size (python-docx sets only the Latin font by itself)."""
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def new_document(*, landscape: bool) -> Any:
    """An A4 Word document, portrait or landscape, its margins set."""
    doc = Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(2.0)
    sec.top_margin = sec.bottom_margin = Cm(2.2)
    return doc


def para(doc: Any, text: str, *, size: float = 16, font: str = HEITI, center: bool = True) -> None:
    """A paragraph above the table (附件 line or title)."""
    p = doc.add_paragraph()
    p.paragraph_format.space_after = Pt(6)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cjk(p.add_run(text), name=font, size=size)


def put(
    cell: Any, text: str, *, center: bool = False, font: str = FANGSONG, size: float = 11
) -> None:
    """Write text into a cell, one paragraph per line (Enter inside a cell)."""
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    for i, line in enumerate(text.split("\n")):
        if i:
            p = cell.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        cjk(p.add_run(line), name=font, size=size)


def repeat_header(row: Any) -> None:
    """Mark a table row as a header row repeated on every page."""
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def word_table(doc: Any, ncols: int, widths: list[float]) -> Any:
    """A bordered Word table with the given column widths."""
    tab = doc.add_table(rows=0, cols=ncols)
    tab.style = "Table Grid"
    tab.alignment = WD_TABLE_ALIGNMENT.CENTER
    tab.autofit = False
    for column, width in zip(tab.columns, widths, strict=True):
        column.width = Cm(width)
    return tab


def add_row(
    tab: Any,
    values: list[str | None],
    widths: list[float],
    *,
    center: tuple[int, ...] = (0,),
    font: str = FANGSONG,
    header: bool = False,
) -> Any:
    """Append a row of cell texts (None leaves a cell empty)."""
    new = tab.add_row()
    new.height, new.height_rule = Cm(0.9), WD_ROW_HEIGHT_RULE.AT_LEAST
    for i, (cell, value) in enumerate(zip(new.cells, values, strict=True)):
        cell.width = Cm(widths[i])
        if value is not None:
            put(cell, value, center=header or i in center, font=HEITI if header else font)
    if header:
        repeat_header(new)
    return new


def merge_text(cell: Any, text: str, *, font: str = HEITI, center: bool = False) -> None:
    """Put one text into a merged cell, dropping the paragraphs the merge left."""
    for p in cell.paragraphs[1:]:
        p._element.getparent().remove(p._element)
    for run in list(cell.paragraphs[0].runs):
        run._element.getparent().remove(run._element)
    put(cell, text, font=font, center=center)


def band(tab: Any, text: str, widths: list[float]) -> None:
    """A section row merged across the table."""
    new = add_row(tab, [None] * len(widths), widths)
    merged = new.cells[0].merge(new.cells[-1])
    merge_text(merged, text)


# ---------------------------------------------------------------- Excel

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
WRAP_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")


def col(i: int) -> str:
    """The spreadsheet column letter of a 1-based column number."""
    return chr(ord("A") + i - 1)


def xl_setup(ws: Worksheet, widths: list[float], *, landscape: bool) -> None:
    """Column widths, paper and orientation of a sheet."""
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[col(i)].width = width
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def xl_merged(
    ws: Worksheet,
    r: int,
    text: str,
    ncols: int,
    *,
    size: int = 11,
    font: str = HEITI,
    center: bool = False,
    height: float = 24,
) -> None:
    """A row merged across the table (title or section row)."""
    ws.merge_cells(f"A{r}:{col(ncols)}{r}")
    cell = ws[f"A{r}"]
    cell.value = text
    cell.font = Font(name=font, size=size)
    cell.alignment = WRAP_CENTER if center else WRAP
    for c in range(1, ncols + 1):
        ws.cell(row=r, column=c).border = BOX
    ws.row_dimensions[r].height = height


def xl_row(
    ws: Worksheet,
    r: int,
    values: list[Any],
    *,
    center: tuple[int, ...] = (0,),
    header: bool = False,
    height: float | None = None,
) -> None:
    """One table row of cell values, bordered and wrapped."""
    for c, value in enumerate(values, start=1):
        cell = ws.cell(row=r, column=c, value=value)
        cell.font = Font(name=HEITI if header else FANGSONG, size=11)
        cell.alignment = WRAP_CENTER if header or (c - 1) in center else WRAP
        cell.border = BOX
    if height:
        ws.row_dimensions[r].height = height
