"""PDF notices read with pdfplumber: body text lines and ruled tables, with their pages.

A table is what its ruling lines draw (pdfplumber's ``lines`` strategy). Cells
merged over rows or columns give their text to every position they cover. A
table that goes on over a page break is one :class:`~gzgk.documents.DocTable`:
the repeated header rows of later pages are dropped, a row broken by the page
break is joined back into one row, and a merged cell cut by the break keeps its
text on the next page.

Line breaks inside a cell are read from the geometry: a line that ends where
the next line's first word would not have fitted is a wrap, and is joined (so
a unit name wrapped in a narrow column comes out whole); any other line break
was typed, and is kept (the grid reader separates unit names there).

The text outside the tables is the body, one :class:`~gzgk.documents.DocLine`
per printed line. On a page without ruling lines, a 分工表 is found by its
heading line (序号 主要任务 牵头单位 …): the heading words give the columns, and
rows start at the numbers of the 序号 column. Any other text (a list-form
notice) is body text, for the text parser.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrs import define, field

from gzgk.documents.model import DocLine, DocTable, Document, DocumentError, PdfNoTextError
from gzgk.files import os_reason
from gzgk.lexicon.columns import ColumnKind
from gzgk.lexicon.names import looks_like_name
from gzgk.lexicon.vocabulary import classify_heading

if TYPE_CHECKING:
    from pdfplumber.page import Page
    from pdfplumber.table import Table

__all__ = ["MAX_BYTES", "MAX_PAGES", "read_pdf"]

MAX_PAGES = 200
"""More pages than a notice with its attachments has: a longer PDF is refused."""

MAX_BYTES = 50 * 1024 * 1024
"""The largest PDF read (50 MiB); a text notice is far smaller."""

_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_HEADER_SEARCH = 1024  # a PDF header may follow some junk bytes
_EDGE = 2.0  # points: cell edges this close are the same edge
_UNRULED_EDGE = 12.0  # points: columns found from words move a little from page to page
_DEFAULT_PADDING = 5.4  # Word's and Writer's default cell margin (0.19 cm)
_MAX_PADDING = 12.0
_WESTERN_SPACING = 0.2  # em: Writer's space between Chinese and Western characters
# em: a gap wider than this is a space between two Chinese characters, a Chinese and a
# Western one (Writer's spacing between them is 0.2 em), two Western ones
_SPACE_GAP = (0.25, 0.5, 0.15)
_SNUG = 0.5  # points: a word that would have fitted this closely was wrapped all the same
_REPEATED_HEADER_ROWS = 3
# A row's number in the 序号 column: 1, 1., 1、, （一）, 一、, ⑴, ①.
_ROW_NUMBER = re.compile(r"[（(]?(?:\d{1,3}|[一二三四五六七八九十]{1,3})[）)]?[.．、]?|[⑴-⒇①-⑳]")
# A section's heading row across a table: 一、…, 第一部分….
_SECTION_ROW = re.compile(
    r"[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]{1,3}(?:部分|章|节)"
)
_MIN_COLUMNS = 3  # a heading line of a table without ruling lines names this many columns
_SCAN_LETTERS = 20  # images with fewer characters on every page: a scan with a page number

_OPENING = frozenset("（([{【〔《〈「『")
_CLOSING = frozenset("）)]}】〕》〉」』、，。；：？！,.;:?!…—%％")
_QUOTES = frozenset("“”‘’\"'")
# A full line ending with one of these is taken as a whole unit name, not a wrap.
_SEPARATOR = re.compile(r"[、，,；;]")
_NAME_MIN = 3  # 市委 may be the start of 市委宣传部; 市教育局 is a name
_MARKER = re.compile(r"[（(]?\s*(?:[一二三四五六七八九十]{1,3}|\d{1,3})\s*(?:[）)]|、|[.．](?!\d))")
_PAGE_FURNITURE = re.compile(
    r"[-—－–\s]*(?:第\s*)?\d{1,3}\s*(?:页)?(?:\s*[,，]?\s*共\s*\d{1,3}\s*页)?[-—－–\s]*"
)
_SPACES = re.compile(r"\s+")

_Box = tuple[float, float, float, float]  # x0, top, x1, bottom


def read_pdf(path: str | Path, *, progress: Callable[[int, int], None] | None = None) -> Document:
    """Read a PDF notice: its body text lines and its ruled tables.

    Args:
        path: the PDF file.
        progress: called as ``progress(page, pages)`` after each page is read.

    Returns:
        A ``pdf`` document: body lines placed ``第3页``, tables named
        ``第3页表1`` with each row placed on the page it starts on.

    Raises:
        PdfNoTextError: the PDF has no text layer (a scan); gzgk does no OCR.
        DocumentError: the file cannot be read: missing, not a PDF, encrypted,
            damaged, or too large to be a notice.
    """
    path = Path(path)
    _check_file(path)
    with _quiet():
        try:
            return _read(path, progress)
        except DocumentError:
            raise
        except Exception as error:  # pdfminer raises many kinds of error on a bad file
            raise _read_error(path, error) from error


def _check_file(path: Path) -> None:
    """Refuse what is not a readable PDF of a sensible size before parsing it."""
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            head = stream.read(_HEADER_SEARCH)
    except OSError as error:
        raise DocumentError(f"无法打开“{path.name}”：{os_reason(error)}") from error
    if size > MAX_BYTES:
        raise DocumentError(
            f"“{path.name}”有 {size / 1024 / 1024:.0f} MB，超过 {MAX_BYTES // 1024 // 1024} MB，"
            "不像一份通知。请只导入通知本身（含附件的分工表）"
        )
    if b"%PDF-" not in head:
        raise DocumentError(
            f"“{path.name}”不是 PDF 文件（文件开头没有 PDF 标记），可能已损坏或扩展名有误"
        )


def _read_error(path: Path, error: Exception) -> DocumentError:
    """The Chinese message for a PDF pdfminer could not read."""
    from pdfminer.pdfdocument import PDFEncryptionError  # noqa: PLC0415 - with pdfplumber

    cause = error.args[0] if error.args and isinstance(error.args[0], Exception) else error
    if isinstance(cause, PDFEncryptionError):
        return DocumentError(
            f"“{path.name}”是加密的 PDF，需要密码才能打开。请向发文单位索取未加密的文件，"
            "或在 PDF 软件中输入密码后另存为不加密的副本再导入"
        )
    return DocumentError(
        f"“{path.name}”已损坏或不是有效的 PDF，无法读取。请重新下载，或向发文单位索取原文件"
    )


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Keep pdfminer's log messages and warnings about odd PDFs off the user's stderr."""
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _read(path: Path, progress: Callable[[int, int], None] | None) -> Document:
    """Read every page, then refuse a scan or join the tables over pages."""
    import pdfplumber  # noqa: PLC0415 - loaded only when a PDF is read

    with pdfplumber.open(path, raise_unicode_errors=False) as pdf:
        count = len(pdf.pages)
        if count > MAX_PAGES:
            raise DocumentError(
                f"“{path.name}”有 {count} 页，超过 {MAX_PAGES} 页，不像一份通知。"
                "请只导入通知本身（含附件的分工表）"
            )
        pages: list[_Page] = []
        for number, page in enumerate(pdf.pages, start=1):
            last = pages[-1].tables[-1] if pages and pages[-1].tables else None
            carried = last.columns if last is not None and not last.ruled else ()
            pages.append(_read_page(page, carried))
            page.close()
            if progress is not None:
                progress(number, count)
    letters = max((page.letters for page in pages), default=0)
    if not letters or (letters < _SCAN_LETTERS and any(page.images for page in pages)):
        raise PdfNoTextError(
            f"“{path.name}”没有可复制的文字，是扫描件或图片（{_scan_note(pages)}）。"
            "gzgk 不做文字识别（OCR）：请向发文单位索取 Word 版或文字版，"
            "或先用其他软件识别文字，另存为 .txt 或 .docx 后再导入"
        )
    lines = tuple(DocLine(line.text, f"第{page.number}页") for page in pages for line in page.lines)
    return Document(kind="pdf", lines=lines, tables=_join_tables(pages))


def _scan_note(pages: Sequence[_Page]) -> str:
    """How many pages and pictures a scan has, for its message."""
    images = sum(page.images for page in pages)
    return f"{len(pages)} 页，{images} 张图片" if images else f"{len(pages)} 页"


# ---------------------------------------------------------------------------
# Lines of text from characters


@define
class _Line:
    """A printed line: its text and extent, and the width of its first unbreakable word."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    lead: float
    size: float


def _text_lines(chars: Sequence[dict[str, Any]]) -> list[_Line]:
    """Characters grouped into lines, top to bottom, each read left to right."""
    upright = [c for c in chars if c.get("upright", True) and c["text"].strip()]
    upright.sort(key=lambda c: (c["top"], c["x0"]))
    groups: list[list[dict[str, Any]]] = []
    for char in upright:
        middle = (char["top"] + char["bottom"]) / 2
        if groups:
            last = groups[-1]
            top = min(c["top"] for c in last)
            bottom = max(c["bottom"] for c in last)
            if top <= middle <= bottom:
                last.append(char)
                continue
        groups.append([char])
    return [_make_line(sorted(group, key=lambda c: c["x0"])) for group in groups]


def _make_line(chars: Sequence[dict[str, Any]]) -> _Line:
    """One line from its characters, left to right; a space only where a gap was printed."""
    parts = [chars[0]["text"]]
    for before, char in itertools.pairwise(chars):
        gap = char["x0"] - before["x1"]
        size = max(before.get("size") or 10.0, char.get("size") or 10.0)
        western = before["text"][-1].isascii() + char["text"][0].isascii()
        if gap > _SPACE_GAP[western] * size:
            parts.append(" ")
        parts.append(char["text"])
    return _Line(
        text=_SPACES.sub(" ", "".join(parts)).strip(),
        x0=chars[0]["x0"],
        x1=chars[-1]["x1"],
        top=min(c["top"] for c in chars),
        bottom=max(c["bottom"] for c in chars),
        lead=_lead_width(chars),
        size=float(chars[0].get("size") or 10.0),
    )


def _lead_width(chars: Sequence[dict[str, Any]]) -> float:
    """The width of a line's first unbreakable word (Chinese line-breaking rules, roughly).

    Opening brackets stay with what follows, closing punctuation with what
    precedes, Western runs and quotation marks with their neighbours. The
    space after the word is counted (Writer's spacing between Chinese and
    Western text).
    """
    texts = [c["text"] for c in chars]
    end = 0
    while end < len(texts) - 1 and texts[end] in _OPENING:
        end += 1
    while end < len(texts) - 1:
        here, after = texts[end], texts[end + 1]
        western = here.isascii() and after.isascii() and here.strip() and after.strip()
        glued = after in _CLOSING or after in _QUOTES or here in _QUOTES or here in _OPENING
        if not (western or glued):
            break
        end += 1
    right = chars[end + 1]["x0"] if end + 1 < len(chars) else chars[end]["x1"]
    return float(max(right, chars[end]["x1"]) - chars[0]["x0"])


# ---------------------------------------------------------------------------
# Pages: body lines and the tables' cells


@define(eq=False)
class _Cell:
    """A cell as printed on one page, or the logical cell several printed parts make."""

    x0: float
    x1: float
    room: float  # the width text can take
    lines: list[_Line] = field(factory=list)
    rows: int = 1  # rows of its page table it covers

    @property
    def empty(self) -> bool:
        return not self.lines

    def text(self) -> str:
        """The cell text: wrapped lines joined, typed line breaks kept."""
        if not self.lines:
            return ""
        listed = not any(_SEPARATOR.search(line.text) for line in self.lines)
        parts = [self.lines[0].text]
        for line, after in itertools.pairwise(self.lines):
            parts.append(_joint(line, after, self.room, listed=listed))
            parts.append(after.text)
        return "".join(parts).strip()


def _joint(line: _Line, after: _Line, room: float, *, listed: bool = False) -> str:
    """What goes between two lines of a cell: nothing for a wrap, else a line break.

    A line that the next line's first word would have fitted ended with a typed
    break. A full line is a wrap, except in a cell of names without separators
    (one name a line): there a full line that reads as a whole name
    (``市教育局``) followed by another name is taken as typed.
    """
    # Writer puts a little space between Chinese and Western text
    spacing = (
        _WESTERN_SPACING * after.size if line.text[-1].isascii() != after.text[0].isascii() else 0
    )
    if (line.x1 - line.x0) + spacing + after.lead <= room - _SNUG:
        return "\n"
    if listed and _whole_name(line.text) and len(after.text) >= _NAME_MIN:
        return "\n"
    if line.text[-1].isascii() and line.text[-1].isalnum() and after.text[0].isascii():
        return " "
    return ""


def _whole_name(text: str) -> bool:
    """Whether a line ends with a whole unit name (``市教育局``), not part of one.

    The last of names separated by spaces counts: ``市住建局 市`` ends with a
    name's first character, wrapped.
    """
    last = text.rsplit(maxsplit=1)[-1] if text.strip() else ""
    return len(last) >= _NAME_MIN and looks_like_name(last)


@define(eq=False)
class _PageTable:
    """A ruled table on one page: its grid of cells (shared by merged positions)."""

    page: int
    top: float
    bottom: float
    columns: tuple[float, ...]  # the x of every column edge
    grid: list[list[_Cell | None]]
    ruled: bool = True  # False: columns found from a heading line's words (no ruling lines)


@define
class _Page:
    """What one page holds: body lines, ruled tables, how many characters and images."""

    number: int
    lines: list[_Line]
    tables: list[_PageTable]
    letters: int
    images: int


def _read_page(page: Page, carried: Sequence[float] = ()) -> _Page:
    """A page's ruled tables and the lines of text outside them.

    ``carried``: the columns of a table without ruling lines the page before
    ended with, which this page may go on with.
    """
    page = page.dedupe_chars()
    chars: list[dict[str, Any]] = list(page.chars)
    tables = [t for t in (_page_table(page, found, chars) for found in _found(page)) if t]
    if not tables:
        tables = [t for t in (_borderless(int(page.page_number), chars, carried),) if t]
    boxes = [(t.columns[0], t.top, t.columns[-1], t.bottom) for t in tables]
    body = [c for c in chars if not any(_inside(c, box) for box in boxes)]
    return _Page(
        number=page.page_number,
        lines=_text_lines(body),
        tables=tables,
        letters=sum(1 for c in chars if c["text"].strip()),
        images=len(page.images),
    )


def _found(page: Page) -> list[Table]:
    """The ruled tables pdfplumber finds on a page, top to bottom."""
    tables = page.find_tables(table_settings=_TABLE_SETTINGS)
    return sorted(tables, key=lambda table: (table.bbox[1], table.bbox[0]))


def _inside(char: dict[str, Any], box: _Box) -> bool:
    """Whether a character's middle lies in a box (as pdfplumber assigns cells)."""
    x = float(char["x0"] + char["x1"]) / 2
    y = float(char["top"] + char["bottom"]) / 2
    return box[0] <= x < box[2] and box[1] <= y < box[3]


def _page_table(
    page: Page,
    table: Table,
    chars: Sequence[dict[str, Any]],
) -> _PageTable | None:
    """The grid of a table pdfplumber found; None for a frame around text (one column)."""
    boxes = [
        (float(x0), float(top), float(x1), float(bottom)) for x0, top, x1, bottom in table.cells
    ]
    xs = _edges([box[0] for box in boxes] + [box[2] for box in boxes])
    tops = _edges([box[1] for box in boxes])
    if len(xs) < 3:  # noqa: PLR2004 - a frame around text is no table
        return None
    x0, top, x1, bottom = table.bbox
    inner = [c for c in chars if _inside(c, (x0, top, x1, bottom))]
    grid: list[list[_Cell | None]] = [[None] * (len(xs) - 1) for _ in tops]
    placed: list[tuple[_Cell, _Box]] = []
    for box in boxes:
        rows = [r for r, y in enumerate(tops) if box[1] - _EDGE <= y < box[3] - _EDGE]
        cols = [k for k, x in enumerate(xs[:-1]) if box[0] - _EDGE <= x < box[2] - _EDGE]
        if not rows or not cols:
            continue
        cell = _Cell(x0=box[0], x1=box[2], room=0.0, rows=len(rows))
        cell.lines = _text_lines([c for c in inner if _inside(c, box)])
        placed.append((cell, box))
        for r in rows:
            for k in cols:
                grid[r][k] = cell
    padding = _padding(placed)
    for cell, _box in placed:
        cell.room = max(cell.x1 - cell.x0 - 2 * padding, 1.0)
    return _PageTable(
        page=int(page.page_number),
        top=float(top),
        bottom=float(bottom),
        columns=tuple(xs),
        grid=grid,
    )


# ---------------------------------------------------------------------------
# Tables without ruling lines: columns from the heading line's words


def _runs(chars: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """A line's characters in runs split where a gap was printed, left to right."""
    ordered = sorted(chars, key=lambda c: c["x0"])
    runs: list[list[dict[str, Any]]] = [[ordered[0]]] if ordered else []
    for before, char in itertools.pairwise(ordered):
        size = max(before.get("size") or 10.0, char.get("size") or 10.0)
        if char["x0"] - before["x1"] > 0.5 * size:
            runs.append([])
        runs[-1].append(char)
    return runs


def _word(run: Sequence[dict[str, Any]]) -> tuple[str, float, float]:
    return "".join(c["text"] for c in run), float(run[0]["x0"]), float(run[-1]["x1"])


def _words(chars: Sequence[dict[str, Any]]) -> list[tuple[str, float, float]]:
    """A line's characters in runs split where a gap was printed: (text, x0, x1)."""
    return [_word(run) for run in _runs(chars)]


def _under(
    heads: Sequence[list[dict[str, Any]]], line: Sequence[dict[str, Any]]
) -> list[list[dict[str, Any]]] | None:
    """The headings of a two-line header: a heading over several (责任单位 over 牵头 责任 配合).

    The line under the heading line is headings only, two or more of them
    under one heading (between its neighbours); they take its place. None
    when the line is no such second header line.
    """
    runs = _runs(line)
    if len(runs) < 2 or not all(classify_heading(_word(run)[0]) for run in runs):  # noqa: PLR2004
        return None
    combined: list[list[dict[str, Any]]] = []
    for index, head in enumerate(heads):
        low = _word(heads[index - 1])[2] if index else float("-inf")
        high = _word(heads[index + 1])[1] if index + 1 < len(heads) else float("inf")
        below = [run for run in runs if low < _word(run)[1] and _word(run)[2] < high]
        combined += below if len(below) >= 2 else [head]  # noqa: PLR2004
    return combined if len(combined) > len(heads) else None


def _line_chars(chars: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Characters grouped into printed lines, top to bottom (as :func:`_text_lines`)."""
    upright = [c for c in chars if c.get("upright", True) and c["text"].strip()]
    upright.sort(key=lambda c: (c["top"], c["x0"]))
    groups: list[list[dict[str, Any]]] = []
    for char in upright:
        middle = (char["top"] + char["bottom"]) / 2
        if groups and min(c["top"] for c in groups[-1]) <= middle <= max(
            c["bottom"] for c in groups[-1]
        ):
            groups[-1].append(char)
        else:
            groups.append([char])
    return groups


def _heading(words: Sequence[tuple[str, float, float]]) -> bool:
    """Whether a line's words are the headings of a 分工表 (序号 主要任务 牵头单位 …)."""
    columns = [classify_heading(text) for text, _, _ in words]
    kinds = {column.kind for column in columns if column is not None}
    return (
        len(words) >= _MIN_COLUMNS
        and all(columns)
        and ColumnKind.UNITS in kinds
        and ColumnKind.NUMBER in kinds
    )


def _borderless(
    number: int, chars: Sequence[dict[str, Any]], carried: Sequence[float] = ()
) -> _PageTable | None:
    """A 分工表 printed without ruling lines, found by its heading line, or None.

    The heading words give the columns (a heading over several on the line
    under it gives way to them); a boundary lies in the widest gap that
    no word of the rows below crosses. Rows start at a number in the first
    (序号) column; lines with nothing there go on the row above; a line that
    starts a section (一、…) is a heading row across the table; the table
    ends at a line with other text in the first column, or whose words cross
    a boundary (the notice's text again). A page without a heading line goes
    on with the table the page before ended with (``carried``: its columns)
    when it starts with rows that fit them.
    """
    lines = [line for line in _line_chars(chars) if not _PAGE_FURNITURE.fullmatch(_line_text(line))]
    found = _heading_lines(lines)
    if found is None:
        if not carried:
            return None
        xs, start = list(carried), 0
        header: list[_Run] = []
        runs: list[_Run] = []
    else:
        start, header, runs = found
        below = lines[start + len(header) :]
        heads = [_span(run) for run in runs]
        xs = _boundaries(heads, [w for line in below for w in _words(line)])
    rows = _unruled_rows(lines[start + len(header) :], xs)
    if not rows:
        return None
    grid: list[list[_Cell | None]] = []
    if header:
        grid.append(
            [
                _Cell(x0=a, x1=b, room=0.0, lines=_text_lines(run))
                for (a, b), run in zip(itertools.pairwise(xs), runs, strict=True)
            ]
        )
    for row, section in rows:
        if section:  # the heading's text in every column, as a merged row reads
            printed = _text_lines([char for line in row for char in line])
            whole = _Cell(x0=xs[0], x1=xs[-1], room=xs[-1] - xs[0], lines=printed)
            grid.append([whole] * (len(xs) - 1))
        else:
            grid.append(_unruled_row(row, xs))
            _merged_down(grid)
    room = min(b - a for a, b in itertools.pairwise(xs)) if len(xs) > 1 else 1.0
    for cells in grid:
        for cell in cells:
            if cell is not None:
                cell.room = max(cell.x1 - cell.x0 - 2 * _DEFAULT_PADDING, room / 2, 1.0)
    top = min(c["top"] for c in (header or rows[0][0])[0])
    bottom = max(c["bottom"] for row, _ in rows for line in row for c in line)
    return _PageTable(number, float(top), float(bottom) + 0.1, tuple(xs), grid, ruled=False)


_Run = list[dict[str, Any]]


def _heading_lines(lines: Sequence[_Run]) -> tuple[int, list[_Run], list[_Run]] | None:
    """Where a table's heading is: its first line, its lines, and each heading's characters.

    One line of headings; or two, the second either headings under one
    heading of the first (责任单位 over 牵头 责任 配合) or the rest of headings
    wrapped in narrow columns (主要任 / 务). None when no line is a heading.
    """
    for start, line in enumerate(lines):
        below = lines[start + 1] if start + 1 < len(lines) else []
        runs = _runs(line)
        if _heading([_word(run) for run in runs]):
            under = _under(runs, below) if below else None
            return (start, [line, below], under) if under else (start, [line], runs)
        wrapped = _wrapped_headings(runs, below) if below else None
        if wrapped is not None:
            return start, [line, below], wrapped
    return None


def _wrapped_headings(runs: Sequence[_Run], below: Sequence[dict[str, Any]]) -> list[_Run] | None:
    """Headings wrapped onto a second line (主要任 / 务): each with the words under it, or None."""
    lower = _runs(below)
    if not lower or len(lower) > len(runs):
        return None
    merged = [list(run) for run in runs]
    for run in lower:
        middle = (_word(run)[1] + _word(run)[2]) / 2
        nearest = min(range(len(runs)), key=lambda k: abs(sum(_word(runs[k])[1:]) / 2 - middle))
        merged[nearest] += run
    return merged if _heading([_span(run) for run in merged]) else None


def _span(run: Sequence[dict[str, Any]]) -> tuple[str, float, float]:
    """A heading's text and where it spans, over the lines it takes: (text, x0, x1)."""
    text = "".join(c["text"] for c in run)
    return text, float(min(c["x0"] for c in run)), float(max(c["x1"] for c in run))


def _merged_down(grid: list[list[_Cell | None]]) -> None:
    """A row printed without its first cells (a task's number and title merged down over it).

    Its leading empty cells are the row above's, as a merged cell reads; the
    parser says the row it makes a task of its own (``task-row-split``).
    """
    if len(grid) < 3:  # noqa: PLR2004 - a heading, a row, and this one
        return
    row, above = grid[-1], grid[-2]
    leading = next(
        (k for k, cell in enumerate(row) if cell is not None and not cell.empty), len(row)
    )
    if 0 < leading < len(row) and len({id(cell) for cell in above}) > 1:
        row[:leading] = above[:leading]


def _line_text(line: Sequence[dict[str, Any]]) -> str:
    return "".join(c["text"] for c in sorted(line, key=lambda c: c["x0"])).strip()


def _unruled_rows(
    lines: Sequence[list[dict[str, Any]]], xs: Sequence[float]
) -> list[tuple[list[list[dict[str, Any]]], bool]]:
    """The rows under a heading (or at the top of a page): each row's lines, and if a section's.

    A row starts at a number in the first column (the first row may go on
    from the page before, its number cell empty), or after a gap taller than
    a line (a row under a task's merged number cell, printed empty); a
    section's heading (一、…) is a row of its own; the rows end at a line that
    fits no row.
    """
    rows: list[tuple[list[list[dict[str, Any]]], bool]] = []
    for line in lines:
        apart = bool(rows) and _gap(rows[-1][0][-1], line) > _height(line)
        cells = _split(line, xs)
        first = "".join(c["text"] for c in cells[0]).strip() if cells is not None else ""
        numbered = bool(first) and _ROW_NUMBER.fullmatch(first) is not None
        if _SECTION_ROW.match(_line_text(line)) and not numbered:
            rows.append(([line], True))
        elif rows and rows[-1][1] and cells is not None and not numbered:
            rows[-1][0].append(line)  # the heading goes on on the next line
        elif cells is None or (first and not numbered):
            break
        elif numbered or apart or not rows or rows[-1][1]:
            rows.append(([line], False))
        else:
            rows[-1][0].append(line)
    return rows


def _gap(above: Sequence[dict[str, Any]], line: Sequence[dict[str, Any]]) -> float:
    """The white space between two printed lines."""
    return float(min(c["top"] for c in line) - max(c["bottom"] for c in above))


def _height(line: Sequence[dict[str, Any]]) -> float:
    return float(max(c["bottom"] for c in line) - min(c["top"] for c in line))


def _boundaries(
    heads: Sequence[tuple[str, float, float]], words: Sequence[tuple[str, float, float]]
) -> list[float]:
    """Column edges: outside the words, and in the widest free gap between headings.

    A word that covers the whole gap between two headings is no cell's (a
    line of the notice under the table, across its columns): it is left out.
    """
    gaps = [(end, begin) for (_, _, end), (_, begin, _) in itertools.pairwise(heads)]
    words = [w for w in words if not any(w[1] <= end and w[2] >= begin for end, begin in gaps)]
    left = min([heads[0][1], *(x0 for _, x0, _ in words)]) - 1
    right = max([heads[-1][2], *(x1 for _, _, x1 in words)]) + 1
    xs = [left]
    for (_, _, end), (_, begin, _) in itertools.pairwise(heads):
        cuts = sorted(
            {end, begin, *(x for _, x0, x1 in words for x in (x0, x1) if end < x < begin)}
        )
        free = [
            (b - a, (a + b) / 2)
            for a, b in itertools.pairwise(cuts)
            if not any(x0 < (a + b) / 2 < x1 for _, x0, x1 in words)
        ]
        xs.append(max(free)[1] if free else (end + begin) / 2)
    xs.append(right)
    return xs


def _split(
    line: Sequence[dict[str, Any]], xs: Sequence[float]
) -> list[list[dict[str, Any]]] | None:
    """A line's characters by column; None when a word crosses a column edge."""
    for _, x0, x1 in _words(line):
        if any(x0 < edge < x1 for edge in xs[1:-1]):
            return None
    cells: list[list[dict[str, Any]]] = [[] for _ in xs[:-1]]
    for char in line:
        middle = (char["x0"] + char["x1"]) / 2
        column = next((k for k in range(len(xs) - 1) if middle < xs[k + 1]), len(xs) - 2)
        cells[column].append(char)
    return cells


def _unruled_row(
    lines: Sequence[Sequence[dict[str, Any]]], xs: Sequence[float]
) -> list[_Cell | None]:
    """One row of a table without ruling lines: each column's part of each printed line."""
    cells = [_Cell(x0=a, x1=b, room=0.0) for a, b in itertools.pairwise(xs)]
    for line in lines:
        parts = _split(line, xs) or [list(line)]
        for cell, part in zip(cells, parts, strict=False):
            if part:
                cell.lines.append(_make_line(sorted(part, key=lambda c: c["x0"])))
    return list(cells)


def _edges(values: Sequence[float]) -> list[float]:
    """Distinct positions, those closer than a hairline taken as one."""
    result: list[float] = []
    for value in sorted(values):
        if not result or value - result[-1] > _EDGE:
            result.append(float(value))
    return result


def _padding(placed: Sequence[tuple[_Cell, _Box]]) -> float:
    """The cell margin of a table: the smallest gap between a cell's left edge and its text."""
    gaps = [line.x0 - box[0] for cell, box in placed for line in cell.lines]
    gaps = [gap for gap in gaps if gap >= 0]
    return min(*gaps, _MAX_PADDING) if gaps else _DEFAULT_PADDING


# ---------------------------------------------------------------------------
# Tables over page breaks


@define(eq=False)
class _Table:
    """A table as users see it: its parts on one or more pages joined."""

    name: str
    grid: list[list[_Cell | None]]
    pages: list[int]  # the page each row starts on
    last: _PageTable


def _join_tables(pages: Sequence[_Page]) -> tuple[DocTable, ...]:
    """The tables of the document, each part that goes on a previous one joined to it."""
    tables: list[_Table] = []
    for page in pages:
        for index, part in enumerate(page.tables, start=1):
            if index == 1 and tables and _goes_on(tables[-1].last, part, pages):
                _append(tables[-1], part)
            else:
                name = f"第{page.number}页表{index}"
                grid = list(part.grid)
                tables.append(_Table(name, grid, [part.page] * len(grid), part))
    return tuple(_doc_table(table) for table in tables)


def _goes_on(before: _PageTable, part: _PageTable, pages: Sequence[_Page]) -> bool:
    """Whether ``part`` continues the table ``before`` ends with, over a page break.

    It does when nothing but a page number is printed between them and the
    columns are the same.
    """
    if part.page != before.page + 1 or pages[before.page - 1].tables[-1] is not before:
        return False
    tolerance = _EDGE if part.ruled and before.ruled else _UNRULED_EDGE
    if len(part.columns) != len(before.columns) or any(
        abs(a - b) > tolerance for a, b in zip(part.columns, before.columns, strict=True)
    ):
        return False
    below = (line for line in pages[before.page - 1].lines if line.top >= before.bottom)
    above = (line for line in pages[part.page - 1].lines if line.bottom <= part.top)
    return all(_PAGE_FURNITURE.fullmatch(line.text) for line in (*below, *above))


def _append(table: _Table, part: _PageTable) -> None:
    """Add a table's part on the next page: drop repeated headers, join a broken row."""
    rows = list(part.grid)
    repeated = 0
    while (
        repeated < min(_REPEATED_HEADER_ROWS, len(rows), len(table.grid))
        and any(_texts(rows[repeated]))
        and _texts(rows[repeated]) == _texts(table.grid[repeated])
    ):
        repeated += 1
    rows = rows[repeated:]
    table.last = part
    if not rows:
        return
    last, first = table.grid[-1], rows[0]
    above = table.grid[-2] if len(table.grid) > 1 else [None] * len(last)
    carried: set[int] = set()
    for column, (old, new) in enumerate(zip(last, first, strict=True)):
        if old is None or new is None or not new.empty:
            continue
        if new.rows > 1 or above[column] is old:  # a merged cell cut by the page break
            _replace(rows, new, old)
            carried.add(column)
    if _broken(last, rows[0], carried):
        joined: set[int] = set()
        for old, new in zip(last, rows[0], strict=True):
            if old is None or new is None or new is old or id(new) in joined:
                continue  # a cell merged across columns is joined once
            joined.add(id(new))
            old.lines.extend(new.lines)
            _replace(rows, new, old)
        rows = rows[1:]
    table.grid.extend(rows)
    table.pages.extend([part.page] * len(rows))


def _texts(row: Sequence[_Cell | None]) -> tuple[str, ...]:
    """The texts of a row, to compare a repeated header with the first."""
    return tuple(cell.text() if cell is not None else "" for cell in row)


def _replace(rows: list[list[_Cell | None]], new: _Cell, old: _Cell) -> None:
    """Put ``old`` wherever ``new`` is in ``rows``."""
    for index, row in enumerate(rows):
        if any(cell is new for cell in row):
            rows[index] = [old if cell is new else cell for cell in row]


def _broken(last: Sequence[_Cell | None], first: Sequence[_Cell | None], carried: set[int]) -> bool:
    """Whether ``first`` (top of the next page) is the rest of the row ``last``.

    A row broken by a page break goes on with an empty number cell, or with
    text that carries on a sentence the page cut (the last line before the
    break is full and the next does not start with a task number).
    """
    cells = [cell for cell in first if cell is not None]
    if all(cell.empty for cell in cells):
        return True
    if len({id(cell) for cell in last if cell is not None}) <= 1:
        return False  # a heading merged across the table ends with itself
    key = next((k for k, cell in enumerate(first) if cell is not None and k not in carried), None)
    if key is None:
        return True
    new, old = first[key], last[key]
    if new is not None and old is not None and new is not old:
        if new.empty and not old.empty:
            return True
        if not new.empty:
            return not old.empty and _cut(old, new)
    return any(
        old is not None
        and new is not None
        and new is not old
        and not new.empty
        and not old.empty
        and _cut(old, new)
        for old, new in zip(last, first, strict=True)
    )


def _cut(old: _Cell, new: _Cell) -> bool:
    """Whether the page break cut a text: ``old`` ends full and ``new`` is no new task."""
    head = new.lines[0]
    if _MARKER.match(head.text):
        return False
    return _joint(old.lines[-1], head, old.room) != "\n"


def _doc_table(table: _Table) -> DocTable:
    """The table for the parser: every position of a merged cell holds its text."""
    texts: dict[int, str | None] = {}
    rows = []
    for row in table.grid:
        values: list[str | None] = []
        for cell in row:
            if cell is None:
                values.append(None)
                continue
            if id(cell) not in texts:
                texts[id(cell)] = cell.text() or None
            values.append(texts[id(cell)])
        rows.append(tuple(values))
    places = tuple(f"第{page}页" for page in table.pages)
    return DocTable(name=table.name, rows=tuple(rows), places=places)
