"""Print a workbook or a Word document through LibreOffice and check the paper, as a clerk would.

:func:`check_print` exports any ``.xlsx`` or ``.docx`` to PDF with the test session's
LibreOffice, reads the PDF back (:mod:`support.pdfread`: pdfplumber with clipping applied) and
returns the :class:`Problem` s a reader would see:

* ``cut`` — a title, a header label, a footer, a cell's text or a paragraph does not appear
  whole on paper (clipped by its cell, its row height or the page, or cut before it was
  written); for a workbook every text cell inside the print area counts;
* ``repeat`` — a sheet's repeated header rows or its footer are missing on one of its pages,
  or a footer section wraps onto a second line;
* ``small`` — a character prints below 8 pt (fit-to-width shrinking a wide sheet);
* ``overlap`` — two characters print over each other (text running into the next row, footer
  sections colliding);
* ``broken`` — a number a reader copies or dials (a phone number, a date written with
  digits: :data:`NUMBER`) is broken over two lines of its cell (``0797-`` / ``8843485``);
* ``blank`` — a page shows nothing but its header, footer and repeated header rows;
* ``split`` — a chart or a Word table row is spread over two pages, or a heading is the last
  line of a page.

What is checked comes from the file itself (its cells, print titles, footers, charts,
paragraphs), so a sheet or document added later is checked by the same code. Sizes in points.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import docx
from attrs import frozen
from defusedxml import ElementTree
from docx.oxml.ns import qn
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from .libreoffice import LibreOffice
from .pdfread import Glyph, PrintedPage, read_pdf

__all__ = ["MIN_SIZE", "NUMBER", "Printout", "Problem", "check_print", "print_pdf"]

MIN_SIZE = 8.0  # the smallest print a reader can take (points)
# A number a reader copies or dials: digits with the separators phone numbers and dates use,
# seven characters or more (0797-8843485, (0797)8992059, +86 797 8992059, 2024-07-10).
NUMBER = re.compile(r"[+(（]?\d(?:[\d\-－–—()（）/. ]*\d){6,}")
_SPACE = re.compile(r"\s+")
_PAGE_BREAK = "\x00"  # never inside a searched string
_FOOTER_CODES = re.compile(r"&(?:\"[^\"]*\"|\d+|[BIUSXYEKLCROGH])")  # fonts, sizes, sections …
_OVERLAP = 0.15  # share of the smaller glyph two glyphs may cover (lines never overlap)
_CHART_NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}


@frozen
class Problem:
    """Something wrong on paper.

    Attributes:
        check: ``cut``, ``repeat``, ``small``, ``overlap``, ``broken``, ``blank`` or ``split``.
        where: the file, sheet (or document) and page.
        detail: what was expected and what printed.
    """

    check: str
    where: str
    detail: str

    def __str__(self) -> str:
        return f"[{self.check}] {self.where}: {self.detail}"


@frozen
class Part:
    """Pages that print one sheet (or the whole document)."""

    name: str
    pages: tuple[PrintedPage, ...]


@frozen
class Printout:
    """A file printed to PDF and read back."""

    source: Path
    pdf: Path
    parts: tuple[Part, ...]

    @property
    def pages(self) -> tuple[PrintedPage, ...]:
        """Every page, in order."""
        return tuple(page for part in self.parts for page in part.pages)


def _squash(text: str) -> str:
    return _SPACE.sub("", text)


class _Text:
    """The visible glyphs of some pages as one string (no whitespace) that maps back to glyphs."""

    def __init__(
        self, pages: Iterable[PrintedPage], keep: Any = None, *, flowing: bool = False
    ) -> None:
        """``keep(page, glyph)`` selects glyphs; ``flowing`` text runs on over page ends."""
        chars: list[str] = []
        self.glyphs: list[Glyph | None] = []
        self.pages: list[int] = []
        for page in pages:
            for glyph in page.shown:
                if glyph.text.isspace() or (keep is not None and not keep(page, glyph)):
                    continue
                for char in _squash(glyph.text):
                    chars.append(char)
                    self.glyphs.append(glyph)
                    self.pages.append(page.number)
            if not flowing:
                chars.append(_PAGE_BREAK)
                self.glyphs.append(None)
                self.pages.append(page.number)
        self.text = "".join(chars)

    def __contains__(self, wanted: str) -> bool:
        return _squash(wanted) in self.text

    def find_all(self, wanted: str) -> Iterator[list[Glyph]]:
        """Every place the text prints whole: its glyphs."""
        needle = _squash(wanted)
        start = self.text.find(needle)
        while needle and start >= 0:
            yield [glyph for glyph in self.glyphs[start : start + len(needle)] if glyph]
            start = self.text.find(needle, start + 1)

    def pages_with(self, wanted: str) -> set[int]:
        """The numbers of the pages the text prints whole on."""
        needle = _squash(wanted)
        found: set[int] = set()
        start = self.text.find(needle)
        while needle and start >= 0:
            found.add(self.pages[start])
            start = self.text.find(needle, start + 1)
        return found


def _quote(text: str, limit: int = 40) -> str:
    flat = _squash(text)
    return f"“{flat[:limit]}{'…' if len(flat) > limit else ''}”"


def _shown(pages: Sequence[PrintedPage]) -> str:
    return _quote("".join(glyph.text for page in pages for glyph in page.shown), 60)


# -- checks on any printout -----------------------------------------------------


def _small(where: str, pages: Sequence[PrintedPage]) -> list[Problem]:
    """One problem for all the pages of a part that print text below :data:`MIN_SIZE`."""
    small = [
        (page.number, glyph)
        for page in pages
        for glyph in page.shown
        if glyph.size < MIN_SIZE and not glyph.text.isspace()
    ]
    if not small:
        return []
    numbers = sorted({number for number, _ in small})
    smallest = min(glyph.size for _, glyph in small)
    sample = "".join(glyph.text for _, glyph in small[:20])
    return [
        Problem(
            "small",
            f"{where} 第{_pages(numbers)}页",
            f"{len(small)} 个字小于 {MIN_SIZE:g} 磅（最小 {smallest:.1f} 磅）：{_quote(sample)}",
        )
    ]


def _pages(numbers: Sequence[int]) -> str:
    return f"{numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else str(numbers[0])


def _overlaps(where: str, page: PrintedPage) -> list[Problem]:
    """Glyphs printed over each other (grid buckets keep it linear)."""
    buckets: dict[tuple[int, int], list[Glyph]] = {}
    cell = 12.0
    clashes: list[tuple[Glyph, Glyph]] = []
    for glyph in page.shown:
        if glyph.text.isspace():
            continue
        keys = {
            (int(x // cell), int(y // cell))
            for x in (glyph.x0, glyph.x1)
            for y in (glyph.top, glyph.bottom)
        }
        for key in keys:
            near = buckets.setdefault(key, [])
            clashes.extend((other, glyph) for other in near if _collide(glyph, other))
            near.append(glyph)
    if not clashes:
        return []
    first, second = clashes[0]
    return [
        Problem(
            "overlap",
            f"{where} 第{page.number}页",
            f"{len(clashes)} 处文字重叠，如“{first.text}”与“{second.text}”"
            f"（{first.x0:.0f},{first.top:.0f}）",
        )
    ]


def _collide(first: Glyph, second: Glyph) -> bool:
    """Two glyphs printed over each other (not neighbours on one line, whose boxes touch).

    Neighbours on a line overlap a little where letters are kerned or slanted (italic
    boxes are wider than their advance); glyphs of two lines, or two texts on one
    line drawn over each other, overlap more.
    """
    width = min(first.x1, second.x1) - max(first.x0, second.x0)
    height = min(first.bottom, second.bottom) - max(first.top, second.top)
    if width <= 0 or height <= 0:
        return False
    same_line = abs(first.top - second.top) < 0.2 * min(first.size, second.size)
    narrower = min(first.x1 - first.x0, second.x1 - second.x0)
    if same_line and width < 0.6 * narrower:
        return False
    smaller = min(
        (first.x1 - first.x0) * (first.bottom - first.top),
        (second.x1 - second.x0) * (second.bottom - second.top),
    )
    return width * height > _OVERLAP * smaller


def _common(where: str, pages: Sequence[PrintedPage]) -> list[Problem]:
    problems = _small(where, pages)
    for page in pages:
        problems += _overlaps(where, page)
    return problems


def _cut(where: str, text: _Text, wanted: Iterable[tuple[str, str]]) -> list[Problem]:
    """Each (what, text) must print whole somewhere in ``text``."""
    return [
        Problem("cut", where, f"{what}{_quote(value)}没有完整印出")
        for what, value in wanted
        if _squash(value) and value not in text
    ]


# -- workbooks ----------------------------------------------------------------------


def _sheet_pages(office: LibreOffice, source: Path, pdf: Path) -> list[tuple[str, int]]:
    """Export ``source`` to ``pdf``; the printed sheets and how many pages each takes."""
    results = office.run(
        [
            {"op": "open", "path": str(source.resolve())},
            {"op": "sheet_pages"},
            {"op": "save_pdf", "path": str(pdf.resolve())},
            {"op": "close"},
        ]
    )
    return [(sheet["name"], sheet["pages"]) for sheet in results[1] if sheet["visible"]]


def _footer_sections(sheet: Worksheet) -> list[tuple[str, str]]:
    sections = []
    for kind, item in (("页眉", sheet.oddHeader), ("页脚", sheet.oddFooter)):
        for part in ("left", "center", "right"):
            text = getattr(item, part).text
            if text:
                sections.append((kind, text))
    return sections


def _expand_footer(text: str, *, page: int, pages: int, sheet: str, path: Path) -> str:
    values = {"P": str(page), "N": str(pages), "A": sheet, "F": path.name, "&": "&"}
    expanded = re.sub(r"&([PNAF&])", lambda match: values[match.group(1)], text)
    return _FOOTER_CODES.sub("", expanded)


def _print_range(sheet: Worksheet) -> tuple[int, int, int, int]:
    """The cells that print: min column, min row, max column, max row (1-based)."""
    area = sheet.print_area
    if area:
        first = area[0] if isinstance(area, list) else str(area).split(",")[0]
        ref = first.split("!")[-1].replace("$", "")
        columns_rows = range_boundaries(ref)
        return tuple(int(value or 0) for value in columns_rows)  # type: ignore[return-value]
    return (1, 1, sheet.max_column, sheet.max_row)


def _repeated_rows(sheet: Worksheet) -> tuple[int, int] | None:
    titles = sheet.print_title_rows
    if not titles:
        return None
    first, _, last = titles.replace("$", "").partition(":")
    return int(first), int(last or first)


def _cells(sheet: Worksheet) -> Iterator[tuple[int, int, str]]:
    """The text cells that print: (row, column, text)."""
    min_col, min_row, max_col, max_row = _print_range(sheet)
    hidden_rows = {index for index, dimension in sheet.row_dimensions.items() if dimension.hidden}
    hidden_columns = set()
    for key, dimension in sheet.column_dimensions.items():
        if dimension.hidden:
            first, last = range_boundaries(f"{key}1")[0], dimension.max or dimension.min
            hidden_columns.update(range(min(first, dimension.min or first), last + 1))
    for row in sheet.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col):
        for cell in row:
            value = cell.value
            if (
                isinstance(value, str)
                and value.strip()
                and cell.data_type != "f"
                and cell.row not in hidden_rows
                and cell.column not in hidden_columns
            ):
                yield cell.row, cell.column, value


def _chart_titles(source: Path) -> list[list[str]]:
    """Every chart's title and axis titles (texts that must print on one page)."""
    charts = []
    with zipfile.ZipFile(source) as package:
        for name in sorted(package.namelist()):
            if not re.fullmatch(r"xl/charts/chart\d+\.xml", name):
                continue
            root = ElementTree.fromstring(package.read(name))
            titles = [
                "".join(text.text or "" for text in title.iterfind(".//a:t", _CHART_NS))
                for title in root.iterfind(".//c:title", _CHART_NS)
            ]
            charts.append([title for title in titles if title])
    return charts


def _check_sheet(
    source: Path, sheet: Worksheet, pages: Sequence[PrintedPage], total: int
) -> list[Problem]:
    """One sheet's pages (LibreOffice numbers the pages of a workbook through, 1 to ``total``)."""
    where = f"{source.name} › {sheet.title}"
    problems = _common(where, pages)
    text = _Text(pages)
    problems += _cut(
        where,
        text,
        ((f"{_cell_name(row, column)} ", value) for row, column, value in _cells(sheet)),
    )
    problems += _broken_numbers(where, text, _cells(sheet))
    furniture = _repeated_labels(sheet)
    problems += _repeats(where, sheet, pages, furniture)
    for page in pages:
        on_page = _Text([page])
        for kind, section in _footer_sections(sheet):
            expanded = _expand_footer(
                section, page=page.number, pages=total, sheet=sheet.title, path=source
            )
            furniture.append(expanded)
            places = list(on_page.find_all(expanded))
            if not places:
                problems.append(
                    Problem(
                        "cut", f"{where} 第{page.number}页", f"{kind}{_quote(expanded)}没有完整印出"
                    )
                )
            elif all(_lines(place) > 1 for place in places):
                problems.append(
                    Problem(
                        "repeat",
                        f"{where} 第{page.number}页",
                        f"{kind}{_quote(expanded)}折成了多行",
                    )
                )
    problems += _blank(where, pages, furniture)
    return problems


def _broken_numbers(
    where: str, text: _Text, cells: Iterable[tuple[int, int, str]]
) -> list[Problem]:
    """Numbers in cells (:data:`NUMBER`) that print whole only over two lines or more."""
    problems = []
    for row, column, value in cells:
        for match in NUMBER.finditer(value):
            places = list(text.find_all(match[0]))
            if places and all(_lines(place) > 1 for place in places):
                problems.append(
                    Problem(
                        "broken",
                        where,
                        f"{_cell_name(row, column)} 的{_quote(match[0])}折成了多行",
                    )
                )
    return problems


def _repeated_labels(sheet: Worksheet) -> list[str]:
    """The texts of the rows printed at the top of every page."""
    repeated = _repeated_rows(sheet)
    if repeated is None:
        return []
    return [value for row, _, value in _cells(sheet) if repeated[0] <= row <= repeated[1]]


def _title_columns(sheet: Worksheet) -> tuple[int, int] | None:
    titles = sheet.print_title_cols
    if not titles:
        return None
    first, _, last = titles.replace("$", "").partition(":")
    return range_boundaries(f"{first}1")[0], range_boundaries(f"{last or first}1")[0]


def _repeats(
    where: str, sheet: Worksheet, pages: Sequence[PrintedPage], labels: Sequence[str]
) -> list[Problem]:
    """The repeated header rows print on every page from the first that shows them.

    A sheet split over pages across (its first columns repeated) shows on each
    page the repeated columns' labels and the labels of its own columns.
    """
    repeated = _repeated_rows(sheet)
    if repeated is None or not labels:
        return []
    columns = _title_columns(sheet)
    fixed = [
        value
        for row, column, value in _cells(sheet)
        if repeated[0] <= row <= repeated[1]
        and columns is not None
        and columns[0] <= column <= columns[1]
    ]
    others = [label for label in labels if label not in fixed]

    def missing(text: _Text) -> list[str]:
        if columns is None:
            return [label for label in labels if label not in text]
        gone = [label for label in fixed if label not in text]
        if others and not any(label in text for label in others):
            gone.append("（本页各列的表头）")
        return gone

    started = False
    problems = []
    for page in pages:
        lacking = missing(_Text([page]))
        started = started or not lacking  # rows repeat from the page that first shows them
        if started and lacking:
            problems.append(
                Problem(
                    "repeat",
                    f"{where} 第{page.number}页",
                    f"重复的表头没有印出：{'、'.join(_quote(label) for label in lacking[:5])}",
                )
            )
    return problems


def _cell_name(row: int, column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row}"


def _lines(glyphs: Sequence[Glyph]) -> int:
    """How many lines a run of glyphs is printed on."""
    tops: list[float] = []
    for glyph in glyphs:
        if not any(abs(glyph.top - top) < glyph.size * 0.5 for top in tops):
            tops.append(glyph.top)
    return len(tops)


def _blank(where: str, pages: Sequence[PrintedPage], furniture: Sequence[str]) -> list[Problem]:
    """Pages showing only what every page shows (footer, header, repeated header rows)."""
    problems = []
    for page in pages:
        rest = _Text([page]).text.replace(_PAGE_BREAK, "")
        for item in sorted((_squash(item) for item in furniture), key=len, reverse=True):
            rest = rest.replace(item, "", 1) if item else rest
        if not rest and not page.images:
            problems.append(
                Problem("blank", f"{where} 第{page.number}页", "这一页只有页眉页脚或表头，没有内容")
            )
    return problems


def _check_charts(source: Path, printout: Printout) -> list[Problem]:
    problems = []
    text = _Text(printout.pages)
    for titles in _chart_titles(source):
        where = f"{source.name} › 图表{_quote(titles[0]) if titles else ''}"
        found = [text.pages_with(title) for title in titles]
        missing = [title for title, pages in zip(titles, found, strict=True) if not pages]
        if missing:
            problems.append(
                Problem("cut", where, f"图表的标题没有完整印出：{'、'.join(map(_quote, missing))}")
            )
        elif found and not set.intersection(*found):
            problems.append(
                Problem("split", where, f"图表分在了两页上（标题在第{sorted(found[0])}页）")
            )
    return problems


def _print_workbook(office: LibreOffice, source: Path, pdf: Path) -> tuple[Printout, list[Problem]]:
    layout = _sheet_pages(office, source, pdf)
    pages = read_pdf(pdf)
    book = load_workbook(source)
    parts, problems, start = [], [], 0
    for name, count in layout:
        part = Part(name, pages[start : start + count])
        parts.append(part)
        problems += _check_sheet(source, book[name], part.pages, len(pages))
        start += count
    if start != len(pages):
        problems.append(Problem("cut", source.name, f"各表共 {start} 页，PDF 却有 {len(pages)} 页"))
    printout = Printout(source=source, pdf=pdf, parts=tuple(parts))
    problems += _check_charts(source, printout)
    return printout, problems


# -- Word documents ------------------------------------------------------------------


def _field_text(paragraph: Any, values: dict[str, str]) -> str:
    """A footer paragraph's text with PAGE / NUMPAGES fields shown as their values."""
    text, instruction, state = [], "", "text"
    for element in paragraph.iter():
        if element.tag == qn("w:fldChar"):
            kind = element.get(qn("w:fldCharType"))
            if kind == "begin":
                state, instruction = "instruction", ""
            elif kind == "separate":
                field = instruction.split()[0].upper() if instruction.split() else ""
                text.append(values.get(field, ""))
                state = "result"
            elif kind == "end":
                state = "text"
        elif element.tag == qn("w:instrText") and state == "instruction":
            instruction += element.text or ""
        elif element.tag == qn("w:t") and state == "text":
            text.append(element.text or "")
    return "".join(text)


def _print_document(office: LibreOffice, source: Path, pdf: Path) -> tuple[Printout, list[Problem]]:
    office.convert_text_pdf(source, pdf)
    pages = read_pdf(pdf)
    printout = Printout(source=source, pdf=pdf, parts=(Part("", pages),))
    document = docx.Document(str(source))
    section = document.sections[0]
    top, bottom = section.top_margin.pt, section.bottom_margin.pt
    where = source.name

    def in_body(page: PrintedPage, glyph: Glyph) -> bool:
        return glyph.bottom > top - 2 and glyph.top < page.height - bottom + 2

    def in_margin(page: PrintedPage, glyph: Glyph) -> bool:
        return not in_body(page, glyph)

    problems = _common(where, pages)
    body = _Text(pages, in_body, flowing=True)
    paragraphs = [p.text for p in document.paragraphs]
    problems += _cut(where, body, (("段落", text) for text in paragraphs))
    problems += _document_tables(where, document, pages, in_body)
    problems += _headings_kept(where, document, pages, in_body)
    furniture = []
    for page in pages:
        values = {"PAGE": str(page.number), "NUMPAGES": str(len(pages))}
        footer = section.footer if page.number % 2 else section.even_page_footer
        if not document.settings.odd_and_even_pages_header_footer:
            footer = section.footer
        margin = _Text([page], in_margin)
        for paragraph in footer.paragraphs:
            expected = _field_text(paragraph._p, values)
            furniture.append(expected)
            if _squash(expected) and expected not in margin:
                problems.append(
                    Problem("cut", f"{where} 第{page.number}页", f"页脚{_quote(expected)}没有印出")
                )
    for page in pages:
        if not _Text([page], in_body).text.replace(_PAGE_BREAK, "") and not page.images:
            problems.append(Problem("blank", f"{where} 第{page.number}页", "这一页没有正文"))
    return printout, problems


def _document_tables(
    where: str, document: Any, pages: Sequence[PrintedPage], in_body: Any
) -> list[Problem]:
    """Every table row prints whole on one page."""
    problems = []
    per_page = [_Text([page], in_body) for page in pages]
    for number, table in enumerate(document.tables, start=1):
        for index, row in enumerate(table.rows, start=1):
            texts = [cell.text for cell in row.cells if _squash(cell.text)]
            homes = [
                {page.number for page, text in zip(pages, per_page, strict=True) if value in text}
                for value in texts
            ]
            if not texts:
                continue
            if any(not home for home in homes):
                missing = [value for value, home in zip(texts, homes, strict=True) if not home]
                problems.append(
                    Problem(
                        "split",
                        f"{where} 表{number} 第{index}行",
                        f"单元格{_quote(missing[0])}没有完整印在一页上",
                    )
                )
            elif not set.intersection(*homes):
                problems.append(
                    Problem("split", f"{where} 表{number} 第{index}行", "这一行分在了两页上")
                )
    return problems


def _headings_kept(
    where: str, document: Any, pages: Sequence[PrintedPage], in_body: Any
) -> list[Problem]:
    """No heading (a paragraph kept with the next) ends a page."""
    headings = [
        _squash(paragraph.text)
        for paragraph in document.paragraphs
        if paragraph.text.strip() and _keeps_with_next(paragraph)
    ]
    problems = []
    for page in pages[:-1]:
        text = _Text([page], in_body).text.replace(_PAGE_BREAK, "")
        problems.extend(
            Problem("split", f"{where} 第{page.number}页", f"标题{_quote(heading)}落在页末")
            for heading in headings
            if heading and text.endswith(heading)
        )
    return problems


def _keeps_with_next(paragraph: Any) -> bool:
    style = paragraph.style
    while style is not None:
        if style.paragraph_format.keep_with_next:
            return True
        style = style.base_style
    return bool(paragraph.paragraph_format.keep_with_next)


# -- the entry points ----------------------------------------------------------------


def print_pdf(office: LibreOffice, source: Path, folder: Path) -> tuple[Printout, list[Problem]]:
    """Print ``source`` (.xlsx or .docx) to a PDF in ``folder``; the printout and its problems."""
    folder.mkdir(parents=True, exist_ok=True)
    pdf = folder / f"{source.stem}.pdf"
    if source.suffix.lower() == ".docx":
        return _print_document(office, source, pdf)
    return _print_workbook(office, source, pdf)


def check_print(office: LibreOffice, source: Path, folder: Path) -> list[Problem]:
    """Print ``source`` through LibreOffice into ``folder`` and return what is wrong on paper."""
    return print_pdf(office, source, folder)[1]
