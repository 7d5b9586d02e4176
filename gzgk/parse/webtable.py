"""Tables flattened into text (web pages, document viewers), rebuilt as grids and read as such.

Copying a table gives one of:

* one cell per line, rows one after another, blank lines maybe between cells,
  cells maybe ending in `` |`` and rows maybe split by a line of ``|`` alone;
* one row per line, cells between ``|`` (empty or missing cells included).

A table is found by its heading: a run of heading cells one per line, or one
``|`` line of them, that names a unit column. Heading cells may be
letter-spaced (``牵 头 部 门``), broken over lines (``责任`` / ``单位``), carry a
note (``总投资`` / ``(万元)``) or be words the vocabulary lacks (read by their
last word, else kept as columns that assign nothing). A heading repeated
after a page break is dropped; a different heading starts another table, and
every table is read.

The cells under a heading are cut into rows and columns by
:func:`gzgk.parse.flat.rebuild`. A task row that prints no unit cell takes
the units of the row above (a merged cell is printed in its first row only),
reported; the last row of the text never does (it may be cut short, and is
reported as such). The rebuilt grid is read by the grid reader, with source
line numbers kept for issues.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from attrs import define, evolve, field, frozen

from gzgk.lexicon.columns import Column, ColumnKind, role_label, settle_columns
from gzgk.lexicon.names import SEPARATORS, NameCheck, balanced, name_strength
from gzgk.lexicon.vocabulary import classify_heading
from gzgk.model import Role
from gzgk.numbering import parse_numeral
from gzgk.parse import notice_issues
from gzgk.parse.assign import rules_apart
from gzgk.parse.draft import Cell, Draft, Reporter
from gzgk.parse.flat import Piece, Row, cell_fit, only_first_named, rebuild
from gzgk.parse.grammar import cell_units
from gzgk.parse.grid import read_grid
from gzgk.parse.lines import (
    Line,
    addresses_recipients,
    despace,
    is_end,
    is_note,
    match_marker,
    signs,
)
from gzgk.parse.table import TableTasks, table_notes

__all__ = [
    "TableSpot",
    "find_tables",
    "read_table",
    "run_together_table",
    "unread_rows",
    "unspace",
    "untab",
]

_PIPES = re.compile(r"[|｜\s]*")
_NOTE_CELL = re.compile(r"[（(][^（）()]{1,10}[）)]")
_HEADING_LONGEST = 16
_JOIN = 3  # lines one heading cell may be broken over


@frozen
class _Heading:
    """A table's heading: where it is in the lines, its columns, how its cells are laid out."""

    start: int
    end: int  # the index after the heading's last line
    columns: tuple[Column, ...]
    piped: bool
    stop: int | None = None  # a table without heading: the index after its last row

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(column.label for column in self.columns)


def _is_note_cell(text: str) -> bool:
    """A heading cell that notes on the one before (``(万元)``), not a number (``（一）``)."""
    marker = match_marker(text)
    return _NOTE_CELL.fullmatch(text) is not None and (marker is None or bool(marker.rest))


def _cell_text(text: str) -> str:
    """A heading cell's words, without pipes or spaces."""
    return despace(_body_text(text))


def _body_text(text: str) -> str:
    """A body cell's text without pipes; a space inside may separate names, and stays one."""
    return re.sub(r"\s+", " ", text.strip().strip("|｜").strip())


def _known_heading(text: str) -> tuple[Column | None, bool]:
    """The column a heading cell names, and whether that was a guess (units only)."""
    column = classify_heading(text)
    return column, column is not None and column.guessed


def _is_table(columns: Sequence[Column]) -> bool:
    settled = settle_columns(dict(enumerate(columns)), lambda _: True)
    kinds = {column.kind for column in settled.values()}
    return ColumnKind.UNITS in kinds and len(columns) >= 2  # noqa: PLR2004 - 2+ columns


def _headings(lines: Sequence[Line]) -> list[_Heading]:
    """Every table heading of the text, in order."""
    found: list[_Heading] = []
    index = 0
    while index < len(lines):
        heading = _piped_heading(lines, index) or _run_heading(lines, index)
        if heading is None:
            index += 1
            continue
        found.append(heading)
        index = heading.end
    return found


def _piped_heading(lines: Sequence[Line], index: int) -> _Heading | None:
    """A heading of ``|`` rows at ``index``: one row, or two (责任单位 over 牵头 | 配合)."""
    top = _piped_row(lines, index)
    if top is None:
        return None
    cells, used = top
    columns = _heading_columns([cell for cell in cells if cell])
    if columns is None:
        return None
    below = _piped_row(lines, index + used)
    if below is not None:
        stacked = _stacked(cells, below[0])
        merged = _heading_columns(stacked) if stacked is not None else None
        if merged is not None:
            return _Heading(index, index + used + below[1], _text_columns(merged), piped=True)
    return _Heading(index, index + used, _text_columns(columns), piped=True)


def _heading_columns(cells: Sequence[str]) -> list[Column] | None:
    """The columns a row of heading cells names, or None if it is no table's heading."""
    if len(cells) < 2:  # noqa: PLR2004
        return None
    columns: list[Column] = []
    for cell in cells:
        column, _ = _known_heading(cell)
        if column is None and _is_note_cell(cell) and columns:
            columns[-1] = evolve(columns[-1], note=cell.strip("（()）"))
            continue
        columns.append(column or Column(re.sub(r"\s+", "", cell), ColumnKind.OTHER))
    known = sum(1 for cell in cells if _known_heading(cell)[0] is not None)
    if not _is_table(columns) or known * 2 < len(columns):
        return None
    return columns


def _stacked(top: Sequence[str], bottom: Sequence[str]) -> list[str] | None:
    """Two heading rows as one: each sub-heading in place of the heading it is under.

    ``| 序号 | 主要任务 | 责任单位 |`` over ``|  |  | 牵头 | 配合 |``: a cell of the
    bottom row under an empty one keeps the top's heading (it spans both rows);
    a run of sub-headings replaces the one top cell they are under. Rows of
    one width (a page's table, spans filled) are read position by position.
    None when the bottom row is not a heading's second row.
    """
    filled = [cell for cell in bottom if cell]
    if len(filled) < 2 or not all(classify_heading(cell) for cell in filled):  # noqa: PLR2004
        return None
    if list(bottom) == list(top):
        return None  # the same heading again
    if len(bottom) == len(top):
        return [low or high for high, low in zip(top, bottom, strict=True)]
    extra = len(bottom) - len(top)
    if extra <= 0:
        return None
    merged: list[str] = []
    position = 0
    for high in top:
        if position >= len(bottom):
            merged.append(high)
            continue
        if not bottom[position]:
            merged.append(high)
            position += 1
            continue
        end = position
        while end < len(bottom) and bottom[end] and end - position <= extra:
            end += 1
        merged += bottom[position:end]
        extra -= end - position - 1
        position = end
    return merged if position == len(bottom) and extra == 0 else None


_ROW_LINES = 12  # lines one ``|`` row may take (cells with line breaks)


def _piped_row(lines: Sequence[Line], index: int) -> tuple[list[str], int] | None:
    """The cells of the ``|`` row that starts at ``index`` and how many lines it takes.

    A row is a line with ``|`` between cells (``| a | b |``, ``a | b |``); a
    row that starts with ``|`` and does not end with one goes on in the next
    lines (a cell with line breaks) up to the line that does. Cells keep
    their line breaks and inner spaces; empty cells are kept, as ``""``.
    """
    if index >= len(lines) or "|" not in lines[index].text:
        return None
    first = lines[index].text
    if not first.startswith(("|", "｜")):
        cells = first.removesuffix("|").removesuffix("｜").split("|")
        return ([_lines_of(cell) for cell in cells], 1) if len(cells) > 1 else None
    texts: list[str] = []
    for used, line in enumerate(lines[index : index + _ROW_LINES], start=1):
        if used > 1 and line.text.startswith(("|", "｜")):
            break  # a row never closed: the next one starts
        texts.append(line.text)
        if line.text.endswith(("|", "｜")) and (used > 1 or len(line.text) > 1):
            row = "\n".join(texts)[1:-1]
            return [_lines_of(cell) for cell in row.split("|")], used
    return None


def _ends_cut(row: Row, columns: Sequence[Column], known: NameCheck | None) -> bool:
    """Whether the text, ending in this row, may have cut it: inside a list, a bracket or a name.

    A row's last printed text that ends with a separator or leaves a bracket
    open goes on; so may a unit cell whose last name is not sure to be whole
    (``区市场`` of ``区市场监管局``: no body's ending, not in the registry).
    """
    if row.category is not None or not _pieces(row):
        return False
    tail = _pieces(row)[-1].text
    if tail[-1:] in SEPARATORS or not balanced(tail):
        return True
    last = max(k for k, cell in enumerate(row.cells) if cell)
    if columns[last].kind is not ColumnKind.UNITS:
        return False
    units = cell_units(tail, Role.RESPONSIBLE)
    names = units.every_name if units is not None else ()
    return bool(names) and name_strength(names[-1], known) < _SURE


def _unclosed_row(lines: Sequence[Line], index: int) -> tuple[list[str], int] | None:
    """The cells of a ``|`` row the text ends inside (opened, never closed), or None."""
    rest = lines[index:]
    if not rest or not rest[0].text.startswith(("|", "｜")) or len(rest) > _ROW_LINES:
        return None
    if any(line.text.startswith(("|", "｜")) for line in rest[1:]):
        return None
    row = "\n".join(line.text for line in rest)[1:]
    return [_lines_of(cell) for cell in row.split("|")], len(rest)


def _lines_of(cell: str) -> str:
    """A cell's text: its lines stripped, blank ones dropped."""
    return "\n".join(part.strip() for part in cell.split("\n") if part.strip())


def untab(text: str) -> str:
    """Tables copied from Word or WPS, cells separated by tabs, as ``|`` rows.

    From a line of tab-separated headings that names a unit column, each line
    of tab-separated cells is a row; a row with fewer cells than the heading
    goes on in the next line (a cell with line breaks breaks the copied line),
    and so does a complete row when the next line has no tab and is only unit
    names (the rest of its last cell). Empty cells stay empty cells. Lines
    keep their places; other text is returned unchanged.
    """
    if "\t" not in text:
        return text
    lines = text.split("\n")
    result: list[str] = []
    index = 0
    while index < len(lines):
        cells = lines[index].strip("\r\n ").split("\t")
        if len(cells) < 2 or _heading_columns([_lines_of(c) for c in cells if c.strip()]) is None:  # noqa: PLR2004
            result.append(lines[index])
            index += 1
            continue
        width = len(cells)
        result.append(_pipe_row(cells))
        index += 1
        below = lines[index].strip("\r\n ").split("\t") if index < len(lines) else []
        if len(below) > width and _stacked([_lines_of(c) for c in cells], below) is not None:
            width = len(below)  # a second heading row (牵头 | 配合 under 责任单位) is the width
        while index < len(lines) and (
            "\t" in lines[index] or _spans(lines, index) or _first_cell_lines(lines, index) > 1
        ):
            if "\t" not in lines[index] and (used := _spans(lines, index)):
                # a heading of the rows below, across the table
                result += _pipe_row(["\n".join(lines[index : index + used])]).split("\n")
                index += used
                continue
            used = _first_cell_lines(lines, index)
            row = "\n".join(lines[index : index + used]).strip("\r\n ").split("\t")
            while (
                index + used < len(lines)
                and lines[index + used].strip()
                and (len(row) < width or _names_only(lines[index + used]))
            ):
                more = lines[index + used].strip("\r\n ").split("\t")
                row = [*row[:-1], f"{row[-1]}\n{more[0]}", *more[1:]]
                used += 1
            result += _pipe_row(row).split("\n")
            index += used
    return "\n".join(result)


# A row of a table flattened one row a line with spaces between its cells: its number first.
_SPACED_ROW = re.compile(r"\d{1,3}[.、．]?\s+\S")
_SPACED_HEADINGS = 3  # a spaced heading line names at least 3 columns (序号 任务 责任单位)


def unspace(text: str) -> str:
    """Tables flattened one row a line, cells between single spaces, as ``|`` rows.

    From a line of at least three space-separated headings that names a unit
    column (``序号 重点工作任务分解 责任领导 责任部门 完成期限``), each line after it
    that opens with a row number is a row of cells split at its spaces, when
    those lines run to a blank line or the text's end (a row of cells over
    several lines, as PDF text prints them, is left to the table reader). A
    row with fewer cells (cut short, or a cell left empty) is cut into the
    columns as any ``|`` row of another width. Other text is returned unchanged.
    """
    lines = text.split("\n")
    result: list[str] = []
    index = 0
    while index < len(lines):
        cells = lines[index].split()
        if (
            len(cells) < _SPACED_HEADINGS
            or "|" in lines[index]
            or _heading_columns(cells) is None
            or any(_known_heading(cell)[0] is None for cell in cells)
            or not _spaced_rows(lines, index + 1)
        ):
            result.append(lines[index])
            index += 1
            continue
        result.append(_pipe_row(cells))
        index += 1
        while index < len(lines) and _SPACED_ROW.match(lines[index].strip()):
            result.append(_pipe_row(lines[index].split()))
            index += 1
    return "\n".join(result)


def _spaced_rows(lines: Sequence[str], start: int) -> bool:
    """Whether numbered lines from ``start`` run, one row each, to a blank line or the end."""
    stop = start
    while stop < len(lines) and _SPACED_ROW.match(lines[stop].strip()):
        stop += 1
    return stop > start and (stop == len(lines) or not lines[stop].strip())


def _first_cell_lines(lines: Sequence[str], index: int) -> int:
    """The lines up to the one where a row's first cell ends (its first tab), from ``index``.

    A first cell with line breaks (a 类别 cell stating its units over lines)
    goes on while its brackets are open; otherwise the row starts on its
    first line.
    """
    used = 1
    while (
        "\t" not in lines[index + used - 1]
        and index + used < len(lines)
        and used < _ROW_LINES
        and not balanced("\n".join(lines[index : index + used]))
    ):
        used += 1
    return used if "\t" in lines[index + used - 1] else 1


def _spans(lines: Sequence[str], index: int) -> int:
    """The lines of a row of one cell across the table (a category heading) at ``index``, or 0.

    The cell is a line without tabs, and the lines after it while its brackets
    are open; it is a row when the table goes on after it (the next line that
    is not blank has tabs).
    """
    used = 1
    while (
        index + used < len(lines)
        and "\t" not in lines[index + used]
        and used < _ROW_LINES
        and not balanced("\n".join(lines[index : index + used]))
    ):
        used += 1
    if not lines[index].strip() or not balanced("\n".join(lines[index : index + used])):
        return 0
    following = next((line for line in lines[index + used :] if line.strip()), "")
    return used if "\t" in following else 0


def _pipe_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cell.strip() for cell in cells) + " |"


def _names_only(line: str) -> bool:
    """Whether a line without tabs is only unit names, maybe with roles (a cell's next line).

    So is a line that is only a rule a unit cell closes with
    (``（排在第一位的为牵头单位，下同）``, ``以下任务均由各区政府负责``).
    """
    if "\t" in line:
        return False
    kept, rules = rules_apart(line.strip())
    if ((rules and not kept) or only_first_named(line.strip())) and not is_note(line):
        return True  # not 注：排在第一位的为牵头单位, a note under the table
    units = cell_units(line.strip(), Role.RESPONSIBLE) if line.strip() else None
    names = units.every_name if units is not None else ()
    return bool(names) and all(name_strength(name) >= _SURE for name in names)


_SURE = 3.0
_MISFIT = -2.5  # a cell fitting its column worse stands under the wrong heading


def _run_heading(lines: Sequence[Line], index: int) -> _Heading | None:
    """Heading cells one per line from ``index``: broken cells joined, unknown ones kept."""
    columns: list[Column] = []
    position = index
    pending: list[Column] = []  # unknown cells, kept if a known one follows
    while position < len(lines):
        text = _cell_text(lines[position].text)
        if _is_note_cell(text) and columns and not pending:
            columns[-1] = evolve(columns[-1], note=text.strip("（()）"))
            position += 1
            continue
        column, used = _heading_at(lines, position)
        if column is not None and _label_with_value(lines, position + used):
            break  # 牵头单位： over 市发展改革委: a label whose units are on the next line
        if column is not None:
            columns += [*pending, column]
            pending = []
            position += used
            continue
        if not columns or not _heading_like(text) or len(pending) >= 2:  # noqa: PLR2004
            break
        if match_marker(text) is not None or parse_numeral(text) is not None:
            break  # 一 under the heading: the body's first number, no heading
        pending.append(Column(text, ColumnKind.OTHER))
        position += 1
    if not _is_table(columns) or not _known_heading(_cell_text(lines[index].text))[0]:
        return None
    if pending and _rows_wider(lines, position, columns, len(pending)):
        columns += pending  # 所处区域 after the last known heading: the rows print its cells
        pending = []
    end = position - len(pending)
    return _Heading(index, end, _text_columns(_unstacked(columns)), piped=False)


_TEXT = (ColumnKind.TITLE, ColumnKind.CONTENT)
_ROWS_SEEN = 6  # rows whose widths show whether a heading's last unknown cells are columns


def _rows_wider(lines: Sequence[Line], start: int, columns: Sequence[Column], extra: int) -> bool:
    """Whether the rows from ``start`` print ``extra`` cells more than the known columns.

    A heading's unknown cells after its last known one (所处区域) are columns
    when most of the first rows, each from its 序号 to the next, hold exactly
    as many cells as the heading with them: a category line under the heading
    (重点任务 over row 1) adds to no row, and rows whose cells break into
    several paragraphs (城市用气 / 提升工程) say nothing. Cells are paragraphs where the copy
    has blank lines, else lines. Without a 序号 column nothing is counted.
    """
    if not any(column.kind is ColumnKind.NUMBER for column in columns):
        return False
    starts: list[int] = []
    style: str | None = None
    for position in range(start, len(lines)):
        marker = match_marker(_cell_text(lines[position].text))
        if marker is None or marker.rest or (style is not None and marker.style != style):
            continue
        if starts and marker.value != len(starts) + 1:
            continue
        if not starts and marker.value != 1:
            continue
        style = marker.style
        starts.append(position)
        if len(starts) > _ROWS_SEEN:
            break
    if len(starts) < 3:  # noqa: PLR2004 - two whole rows at least
        return False
    blank = any(b.number > a.number + 1 for a, b in itertools.pairwise(lines[start : starts[-1]]))
    widths = []
    for first, after in itertools.pairwise(starts):
        row = lines[first:after]
        cells = 1 + sum(
            1 for a, b in itertools.pairwise(row) if not blank or b.number > a.number + 1
        )
        widths.append(cells)
    wide = sum(1 for width in widths if width == len(columns) + extra)
    return wide * 2 > len(widths)


_ROW_MARK = re.compile(r"[*＊★☆▲△]\s*")  # a key row's mark before its number: *1


def _row_number(text: str) -> tuple[str, int] | None:
    """The style and value of a line that is only a row's number (``3``, ``*3``), or None."""
    marker = match_marker(_ROW_MARK.sub("", _cell_text(text), count=1))
    return (marker.style, marker.value) if marker is not None and not marker.rest else None


_WIDEST = 12  # cells a row without heading may have
_MOSTLY = 0.8  # the share of rows whose cell must say its column


def _implied_headings(lines: Sequence[Line]) -> list[_Heading]:
    """Tables printed without a heading row whose cells say which column is which.

    Only in a text with no table heading at all: rows numbered 1, 2, 3 …
    one cell a paragraph, most of them as wide, and one place in the row
    holding unit names in most rows (区民政局, 区教育局): that column is the
    responsible units, the cell after the number the task's name, the first
    other cell its content, the others kept apart. Said by ``table-heading-implied``.
    """
    found: list[_Heading] = []
    index = 0
    while index < len(lines):
        heading = _implied_at(lines, index) if _row_number(lines[index].text) else None
        if heading is None or heading.stop is None:
            index += 1
            continue
        found.append(heading)
        index = heading.stop
    return found


def _paragraphs(lines: Sequence[Line], index: int) -> list[tuple[int, int]]:
    """The cells from ``index``, (first, after) line indexes: apart by blank lines if any."""
    window = lines[index : index + _WIDEST * 400]
    blank = sum(1 for a, b in itertools.pairwise(window) if b.number > a.number + 1)
    cells: list[tuple[int, int]] = []
    for position in range(index, index + len(window)):
        if (
            cells
            and blank * 2 >= len(window)
            and lines[position].number == lines[position - 1].number + 1
        ):
            cells[-1] = (cells[-1][0], position + 1)
        else:
            cells.append((position, position + 1))
    return cells


@frozen
class _Shape:
    """Rows of a table without heading: their cells' lines, texts, first cells, width."""

    cells: list[tuple[int, int]]
    texts: list[str]
    rows: list[int]  # the cell each whole row starts at
    width: int
    named: list[int]  # the places in a row that hold unit names in most rows


def _implied_at(lines: Sequence[Line], index: int) -> _Heading | None:
    """The table without heading whose row 1 starts at ``index``, or None."""
    shape = _shape_at(lines, index)
    if shape is None or len(shape.named) != 1:
        return None
    cells, width, rows = shape.cells, shape.width, shape.rows
    (units,) = shape.named
    columns = [Column("序号", ColumnKind.NUMBER), Column("第2栏", ColumnKind.TITLE)]
    content = 3 if units == 2 else 2  # noqa: PLR2004 - the first cell after the name, not units
    for place in range(2, width):
        if place == units:
            columns.append(Column(role_label(Role.RESPONSIBLE), ColumnKind.UNITS, Role.RESPONSIBLE))
        elif place == content:
            columns.append(Column(f"第{place + 1}栏", ColumnKind.CONTENT))
        else:
            columns.append(Column(f"第{place + 1}栏", ColumnKind.OTHER))
    stop = cells[rows[-1] + width - 1][1]
    return _Heading(index, index, tuple(columns), piped=False, stop=stop)


# A table's heading run together with its first row, no separator anywhere: 序号项目名称…牵头单位
# 配合单位1增加教育资源供给… (a document site's text of a .docx).
_RUN_TOGETHER = re.compile(
    r"(?P<heading>(?:序号|编号)[\u4e00-\u9fff（）()/、]{2,60}?(?:单位|部门))"
    r"(?P<start>1[\u4e00-\u9fff][^0-9]{0,11})"
)


def run_together_table(lines: Sequence[Line]) -> tuple[Line, str, str] | None:
    """A table printed with no separators at all: its line, its heading, its first row's start.

    The cells' text runs on with nothing between them (``序号项目名称主要内容
    牵头单位配合单位1增加教育资源供给实施……何海平教育局经开区…``): where one
    cell ends and the next begins, and one unit's name and the next, is not
    printed, so no row is read from it; it is said instead.
    """
    for line in lines:
        match = _RUN_TOGETHER.search(despace(line.text))
        if match is not None and re.search(r"牵头|责任|配合|协办|主责", match["heading"]):
            return line, match["heading"], match["start"]
    return None


def unread_rows(lines: Sequence[Line]) -> list[tuple[Line, list[tuple[Line, str]]]]:
    """Tables without heading whose rows are found but not one column of unit names.

    Rows numbered 1, 2, 3 … one cell a paragraph, as wide (as
    :func:`_implied_headings` finds them), where no place in the row holds
    unit names in most rows, or more than one does (which is the lead's is
    not printed): each table's first line, and its rows (the number's line,
    the cell after it).
    """
    found: list[tuple[Line, list[tuple[Line, str]]]] = []
    index = 0
    while index < len(lines):
        shape = _shape_at(lines, index) if _row_number(lines[index].text) else None
        if shape is None or len(shape.named) == 1:
            index += 1
            continue
        rows = [
            (lines[shape.cells[start][0]], shape.texts[start + 1].replace("\n", ""))
            for start in shape.rows
        ]
        found.append((lines[index], rows))
        index = shape.cells[shape.rows[-1] + shape.width - 1][1]
    return found


def _shape_at(lines: Sequence[Line], index: int) -> _Shape | None:
    """The rows of a table without heading whose row 1 starts at ``index``, or None."""
    first = _row_number(lines[index].text)
    if first is None or first[1] != 1:
        return None
    cells = _paragraphs(lines, index)
    texts = ["\n".join(line.text for line in lines[a:b]) for a, b in cells]
    starts = [0]
    for position in range(1, len(cells)):
        if position - starts[-1] > 2 * _WIDEST:
            break
        if (
            _row_number(texts[position]) == (first[0], len(starts) + 1)
            and position - starts[-1] > 1
        ):
            starts.append(position)
    if len(starts) < 3:  # noqa: PLR2004 - rows enough to say what a column holds
        return None
    widths = [b - a for a, b in itertools.pairwise(starts)]
    width = max(set(widths), key=widths.count)
    if width < 3 or widths.count(width) < _MOSTLY * len(widths) or width > _WIDEST:  # noqa: PLR2004
        return None
    rows = [start for start in starts if start + width <= len(cells)]
    full = [start for start, w in zip(rows, [*widths, width], strict=False) if w >= width]
    named = [
        place
        for place in range(2, width)
        if sum(1 for start in full if _sure_names(texts[start + place])) >= _MOSTLY * len(full)
    ]
    return _Shape(cells, texts, rows, width, named)


def _sure_names(text: str) -> bool:
    """Whether a cell is only unit names, each sure to be one (a body's ending, a collective)."""
    units = cell_units(text, Role.RESPONSIBLE) if text else None
    names = units.every_name if units is not None else ()
    return bool(names) and all(name_strength(name) >= _SURE for name in names)


def _label_with_value(lines: Sequence[Line], after: int) -> bool:
    """Whether the cell ending before ``after`` is a label (a colon ends it) with its value below.

    A heading names a column and takes no colon; ``牵头单位：`` at a line's end
    followed by a line that is no heading is a label whose units the PDF put
    on the next line.
    """
    if not re.search(r"[：:]\s*$", lines[after - 1].text) or after >= len(lines):
        return False
    return _known_heading(_cell_text(lines[after].text))[0] is None


def _unstacked(columns: list[Column]) -> list[Column]:
    """A heading of two rows printed one cell a line, as the columns of its body.

    The top row's cells come first, then the sub-headings of one of them:
    ``责任单位`` followed by ``牵头`` ``责任`` ``配合`` (a role said again, or a lead
    after a responsible column: no one-row heading is printed so) is the group
    over them; a text column (工作任务) whose sub-headings (主要任务, 任务内容)
    come after other columns gives them its place.
    """
    units = len(columns)
    while units > 0 and columns[units - 1].kind is ColumnKind.UNITS:
        units -= 1
    group = columns[units:]
    if len(group) >= 3:  # noqa: PLR2004 - a group and two sub-headings
        first, rest = group[0], group[1:]
        if first.role in {c.role for c in rest} or (
            first.role is Role.RESPONSIBLE and rest[0].role is Role.LEAD
        ):
            return [*columns[:units], *rest]
    texts = len(columns)
    while texts > 0 and columns[texts - 1].kind in _TEXT:
        texts -= 1
    tail = columns[texts:]
    heads = [k for k in range(texts) if columns[k].kind in _TEXT]
    if len(tail) >= 2 and len(heads) == 1 and heads[0] < texts - 1:  # noqa: PLR2004
        head = heads[0]
        return [*columns[:head], *tail, *columns[head + 1 : texts]]
    return columns


def _heading_at(lines: Sequence[Line], position: int) -> tuple[Column | None, int]:
    """The heading cell at a line, joined with the next lines it was broken from.

    A line of several headings between spaces (``主要任务 牵头单位``) is the
    heading line of a PDF table, not a cell.
    """
    if len(words := lines[position].text.strip(" |｜").split()) > 1 and all(
        classify_heading(word) for word in words
    ):
        return None, 1
    texts = [_cell_text(line.text) for line in lines[position : position + _JOIN]]
    # 责任/单位 and 主要/任务 are one cell (a heading of the vocabulary), so are 建设起/止年限
    # (read by its ending, its first part nothing alone); 重点工作/主要任务 are two.
    for exact in (True, False):
        for size in range(len(texts), 1, -1):
            parts = texts[:size]
            column = classify_heading("".join(parts), by_ending=not exact)
            if column is None or all(classify_heading(part) for part in parts):
                continue
            if exact or not any(classify_heading(part, by_ending=False) for part in parts):
                if not exact and _whole_heading(parts[-1]):
                    continue  # 行使层级 / 权力责任事项: the second a heading of its own
                return column, size
    column, _ = _known_heading(texts[0]) if texts else (None, False)
    return column, 1


_WHOLE = 4  # characters of a line that is a heading of its own, not the tail of one


def _whole_heading(text: str) -> bool:
    """Whether a line is a heading by its ending (权力责任事项), not a cell's tail (止年限)."""
    return len(text) >= _WHOLE and classify_heading(text) is not None


def _heading_like(text: str) -> bool:
    return 0 < len(text) <= _HEADING_LONGEST and re.fullmatch(r"[\u4e00-\u9fff]+", text) is not None


def _text_columns(columns: list[Column]) -> tuple[Column, ...]:
    found = settle_columns(
        dict(enumerate(columns)), lambda label: _known_heading(label)[0] is not None
    )
    return tuple(found[index] for index in range(len(columns)))


@frozen
class TableSpot:
    """Where a flattened table is: its heading, the same heading repeated, where it ends."""

    heading: _Heading
    repeated: tuple[_Heading, ...]
    limit: int  # the index in the lines where the next table (or the text's end) is
    start: int  # the source line number of the heading


def find_tables(lines: Sequence[Line]) -> list[TableSpot]:
    """Every flattened table of a text, in order (none when it has none)."""
    headings = _headings(lines) or _implied_headings(lines)
    spots: list[TableSpot] = []
    index = 0
    while index < len(headings):
        heading = headings[index]
        following = index + 1
        while following < len(headings) and headings[following].key == heading.key:
            following += 1  # the heading again after a page break
        limit = headings[following].start if following < len(headings) else len(lines)
        limit = min(limit, heading.stop) if heading.stop is not None else limit
        repeated = tuple(headings[index + 1 : following])
        spots.append(TableSpot(heading, repeated, limit, lines[heading.start].number))
        index = following
    return spots


def read_table(
    lines: Sequence[Line],
    spot: TableSpot,
    reporter: Reporter,
    known: NameCheck | None,
    *,
    prefix: str = "",
) -> TableTasks:
    """The tasks of one flattened table; ``prefix`` goes before its task numbers (附表1-)."""
    return _table(lines, spot, reporter, known=known, prefix=prefix)


def _table(
    lines: Sequence[Line],
    spot: TableSpot,
    reporter: Reporter,
    *,
    known: NameCheck | None,
    prefix: str,
) -> TableTasks:
    heading = spot.heading
    skip = {i for again in spot.repeated for i in range(again.start, again.end)}
    body = [
        line for i, line in enumerate(lines[heading.end : spot.limit], heading.end) if i not in skip
    ]
    stop = next(
        (
            i
            for i, line in enumerate(body)
            if is_end(line.text)
            or signs(line.text, body[i + 1].text if i + 1 < len(body) else "")
            or (addresses_recipients(line.text) and not _rows_go_on(body, i))
        ),
        len(body),
    )
    # the text ends inside the table (or its signature follows): its last row may be cut
    # short (never filled from above)
    signed = stop < len(body) and signs(
        body[stop].text, body[stop + 1].text if stop + 1 < len(body) else ""
    )
    open_end = (stop == len(body) or signed) and spot.limit == len(lines)
    body = body[:stop]
    notes = table_notes(body)
    open_end = open_end and not notes
    body = body[: len(body) - len(notes)]
    rows, dropped = _rows(body, heading, known)
    rows = _without_trailing_text(rows, heading.columns)
    if open_end and rows and _ends_cut(rows[-1], heading.columns, known):
        rows[-1] = evolve(rows[-1], cut=True)
    last = max((piece.line for row in rows for piece in _pieces(row)), default=0)
    for piece in dropped:
        if piece.line < last:  # inside the table; after it is the notice's text again
            reporter.issue(
                notice_issues.TASK_TEXT_IGNORED, Line(piece.line, piece.text), text=piece.text
            )
    columns = list(heading.columns)
    grid = _Grid(
        [[_heading_text(column) for column in columns]],
        [[lines[heading.start].number] * len(columns)],
    )
    _fill(grid, rows, columns, open_end=open_end, known=known)
    grid.paged = _paged_rows(grid, rows, {line.number for line in body if line.paged})
    grid.cut = _first_rows(grid, [row for row in rows if row.cut])
    table = read_grid(grid.cells, reporter, grid.places, heading=columns, prefix=prefix)
    if heading.stop is not None:  # no heading: the columns are the cells' guess, said
        units = next(k for k, c in enumerate(columns) if c.kind is ColumnKind.UNITS)
        reporter.issue(
            notice_issues.TABLE_HEADING_IMPLIED,
            lines[heading.start],
            line=lines[heading.start].number,
            column=units + 1,
            tasks="、".join(draft.number for draft in table.drafts) or "无",
        )
    _report_guesses(table.drafts, grid, reporter)
    drafts_notes = [Line(place.line or 0, text) for place, text in table.notes]
    taken = [number for row in rows for piece in _pieces(row) for number in piece.lines]
    end = max(taken, default=lines[heading.end - 1].number)
    for line in body:  # the separators closing the last row belong to the table
        if line.number > end and not _PIPES.fullmatch(line.text):
            break
        end = max(end, line.number)
    return TableTasks(
        table.drafts, lines[heading.start].number, [*drafts_notes, *notes], end, table.rules
    )


_ROW_NUMBER = re.compile(r"\d{1,3}")


def _rows_go_on(body: Sequence[Line], at: int) -> bool:
    """Whether the table's numbered rows go on after a line that seems to turn to the recipients.

    A PDF line break can start a cell's next line with 以上 or 上述
    (``年综合能耗2000吨标准煤`` / ``以上用能企业…``): when the row after the last
    numbered one before it follows, the table has not ended there.
    """
    numbers = [_ROW_MARK.sub("", line.text, count=1) for line in body]  # *3 is row 3
    before = [int(text) for text in numbers[:at] if _ROW_NUMBER.fullmatch(text)]
    if not before:
        return False
    following = str(before[-1] + 1)
    return following in numbers[at + 1 :]


@define
class _Grid:
    """The grid handed to the grid reader, and the rows read by a guess."""

    cells: list[list[str | None]]
    places: list[list[int | None]]
    inherited: dict[int, str] = field(factory=dict)  # rows given the units of the row above
    ambiguous: dict[int, tuple[str, str]] = field(factory=dict)  # unit cells a guess split
    parts: dict[int, tuple[str, ...]] = field(factory=dict)  # units of rows joined to a task
    paged: set[int] = field(factory=set)  # rows a page break fell inside, cut by a guess
    cut: dict[int, str] = field(factory=dict)  # rows the text ends inside: their last text


def _fill(
    grid: _Grid,
    rows: Sequence[Row],
    columns: Sequence[Column],
    *,
    open_end: bool,
    known: NameCheck | None,
) -> None:
    """The rebuilt rows as grid rows: merged cells printed once filled, guesses noted.

    A row with no unit cell takes the units of the row above (not the text's
    last row when the text may end inside it); a row that is a part of the task
    above (:func:`_part_of_task`) takes its number and text.
    """
    last_units: list[tuple[Piece, ...] | None] | None = None
    last_task: list[tuple[Piece, ...] | None] | None = None
    unit_columns = [k for k, c in enumerate(columns) if c.kind is ColumnKind.UNITS]
    task_columns = [k for k, c in enumerate(columns) if c.kind in _TASK_CELLS]
    owner = 0  # the grid row of the task the rows below may be parts of
    for position, row in enumerate(rows):
        if row.category is not None:
            grid.cells.append([row.category.text] * len(columns))
            grid.places.append([row.category.line] * len(columns))
            last_task = None
            continue
        cells = list(row.cells)
        if last_task is not None and _part_of_task(cells, task_columns, unit_columns, known):
            # the task's number and text merged down over rows naming units of their own
            for k in task_columns:
                cells[k] = last_task[k]
            grid.parts[owner] = grid.parts.get(owner, ()) + tuple(
                piece.text for k in unit_columns for piece in cells[k] or ()
            )
        else:
            owner = len(grid.cells)
            last_task = cells
        if row.ambiguous and owner not in grid.ambiguous:  # said of the task it is a part of
            grid.ambiguous[owner] = (
                "；".join(
                    f"{columns[k].label}：" + "、".join(p.text for p in cells[k] or ())
                    for k in unit_columns
                ),
                " ".join(p.text for k in unit_columns for p in cells[k] or ()),
            )
        if unit_columns and all(cells[k] is None for k in unit_columns):
            if last_units is not None and (position < len(rows) - 1 or not open_end):
                for k in unit_columns:
                    cells[k] = last_units[k]
                grid.inherited[owner] = "；".join(
                    "、".join(p.text for p in cells[k] or ()) for k in unit_columns if cells[k]
                )
        else:
            last_units = cells
        grid.cells.append(["\n".join(p.text for p in cell) if cell else None for cell in cells])
        grid.places.append([cell[0].line if cell else None for cell in cells])


# The cells that say which task a row is: a row printing none of them is part of the one above.
_TASK_CELLS = (ColumnKind.NUMBER, ColumnKind.TITLE, ColumnKind.CONTENT)
_PART_SURE = 4.0  # a name with a place before a body's ending, a collective, or a known one


def _part_of_task(
    cells: Sequence[tuple[Piece, ...] | None],
    task_columns: Sequence[int],
    unit_columns: Sequence[int],
    known: NameCheck | None,
) -> bool:
    """Whether a row is a part of the task above: its number and text were printed once.

    A task over several rows (a 全覆盖 target split by sector, each part with its
    own unit) prints its number and text in the first row only, as merged cells
    are; a row below that prints none of them but names units of its own adds
    them to the task, as the grid reader joins the rows of one task. Only names
    sure to be units join (市教育局, 各街道办事处): a line of text cut into the
    unit column (开工建设老年大学。) or a figure (4个街道) stays a row of its own.
    """
    if not task_columns or any(cells[k] is not None for k in task_columns):
        return False
    names: list[str] = []
    for k in unit_columns:
        units = cell_units("\n".join(p.text for p in cells[k] or ()), Role.RESPONSIBLE)
        names += units.every_name if units is not None else ()
    return bool(names) and all(name_strength(name, known) >= _PART_SURE for name in names)


def _paged_rows(grid: _Grid, rows: Sequence[Row], after_page: set[int]) -> set[int]:
    """The grid rows of tasks a page break fell inside, where the row was cut by a guess.

    A row that prints every cell, one piece a column, is read whatever page it
    breaks over; any other row broken by a page may have its cells shifted
    at the break (a cell's lines taken for two cells, or two for one).
    """
    broken = [
        row
        for row in rows
        if row.category is None
        and any(line in after_page for piece in _pieces(row)[1:] for line in piece.lines)
        and not all(cell and len(cell) == 1 for cell in row.cells)
    ]
    return set(_first_rows(grid, broken))


def _first_rows(grid: _Grid, rows: Sequence[Row]) -> dict[int, str]:
    """The grid rows the given rows' first lines are in, with each row's last text."""
    places: dict[int, int] = {}
    for index, grid_row in enumerate(grid.places):
        for line in grid_row:
            if line:
                places.setdefault(line, index)
    found: dict[int, str] = {}
    for row in rows:
        pieces = _pieces(row)
        if pieces and (owner := places.get(pieces[0].line)) is not None:
            found[owner] = pieces[-1].text
    return found


def _report_guesses(drafts: Sequence[Draft], grid: _Grid, reporter: Reporter) -> None:
    """Tasks whose rows were read by a guess: unit cells split, units above, rows below joined."""
    for draft in drafts:
        row_index = _row_of(draft.first.address) if isinstance(draft.first, Cell) else -1
        if row_index in grid.ambiguous:
            chosen, text = grid.ambiguous[row_index]
            reporter.issue(
                notice_issues.AMBIGUOUS_UNITS,
                draft.first,
                label=draft.label,
                chosen=chosen,
                text=text,
                task=draft.number,
            )
        if row_index in grid.inherited:
            reporter.issue(
                notice_issues.UNITS_FROM_ROW_ABOVE,
                draft.first,
                label=draft.label,
                names=grid.inherited[row_index],
                task=draft.number,
            )
        if row_index in grid.cut:
            reporter.issue(
                notice_issues.TASK_CUT_SHORT,
                draft.first,
                label=draft.label,
                text=grid.cut[row_index][-60:],
                why="原文在表格的这一行中结束，行没有写完（单位名单以顿号等结尾，或“|”行没有收尾）",
                task=draft.number,
            )
        if row_index in grid.paged:
            reporter.issue(
                notice_issues.TASK_SPANS_PAGES, draft.first, label=draft.label, task=draft.number
            )
        if row_index in grid.parts:
            reporter.issue(
                notice_issues.UNITS_FROM_ROWS_BELOW,
                draft.first,
                label=draft.label,
                names="、".join(grid.parts[row_index]),
                task=draft.number,
            )


def _pieces(row: Row) -> list[Piece]:
    if row.category is not None:
        return [row.category]
    return [piece for cell in row.cells for piece in cell or ()]


def _row_of(address: str) -> int:
    return int(re.sub(r"[A-Z$]", "", address)) - 1


def _rows(
    body: Sequence[Line], heading: _Heading, known: NameCheck | None
) -> tuple[list[Row], list[Piece]]:
    """The body's rows: ``|`` rows one row each, or the stream cut by kind."""
    columns = heading.columns
    piped = sum(1 for line in body if line.text.count("|") >= 2)  # noqa: PLR2004
    if heading.piped or piped * 2 > len(body):
        return _piped_rows(body, columns, known)
    stream: list[Piece] = []
    breaks: set[int] = set()
    for line in body:
        if _PIPES.fullmatch(line.text):
            breaks.add(len(stream))
            continue
        text = _body_text(line.text)
        if _row_number(text) is not None:  # *3: a key row's mark is no part of its number
            text = _ROW_MARK.sub("", text, count=1)
        stream.append(Piece(line.number, text))
    cells = _blank_separated(stream)
    after_page = {line.number for line in body if line.paged}
    if cells is not stream:
        cells = _page_broken(cells, columns, after_page, known)
    whole = _whole_rows(cells, columns) if cells is not stream else frozenset()
    paged = frozenset(i for i, piece in enumerate(cells) if piece.line in after_page)
    return rebuild(cells, columns, frozenset(breaks), known, whole=whole, paged=paged)


def _page_broken(
    cells: list[Piece], columns: Sequence[Column], after_page: set[int], known: NameCheck | None
) -> list[Piece]:
    """Cells a blank line apart, with a cell a page break cut in two whole again.

    A page number between two lines of one cell (``上海某某建设工程`` /
    ``— 3 —`` / ``有限公司``) leaves a blank-line gap, as between two cells:
    a numbered row then has one cell more than the heading has columns. Of
    the places in it where a page broke, the one whose joining makes the row
    fit its columns best is joined (one text the page broke), when no other
    fits as well; a row it leaves uneven is cut as any other, and said.
    """
    if not after_page or not columns or columns[0].kind is not ColumnKind.NUMBER:
        return cells
    numbers = [
        index
        for index, piece in enumerate(cells)
        if (marker := match_marker(piece.text)) is not None and not marker.rest
    ]
    width = len(columns)
    joins: set[int] = set()
    for index, following in itertools.pairwise([*numbers, len(cells)]):
        if following - index != width + 1:
            continue
        scored = sorted(
            (
                sum(
                    cell_fit(piece.text.replace("\n", ""), column.kind, known)
                    for piece, column in zip(
                        [
                            *cells[index : j - 1],
                            _joined(cells[j - 1], cells[j]),
                            *cells[j + 1 : following],
                        ],
                        columns,
                        strict=True,
                    )
                ),
                j,
            )
            for j in range(index + 2, following)
            if cells[j].line in after_page
        )
        if scored and (len(scored) == 1 or scored[-1][0] > scored[-2][0]):
            joins.add(scored[-1][1])
    kept: list[Piece] = []
    for index, piece in enumerate(cells):
        kept.append(_joined(kept.pop(), piece) if index in joins else piece)
    return kept


def _joined(first: Piece, second: Piece) -> Piece:
    return Piece(first.line, f"{first.text}\n{second.text}", max(second.line, second.last))


def _whole_rows(cells: Sequence[Piece], columns: Sequence[Column]) -> frozenset[int]:
    """Where rows that print every cell start: a 序号 to the next, as many cells as columns.

    Only in a table whose first column is the 序号 and whose cells stand a
    blank line apart: the rows' own numbers (1, 2, 3 …, again from 1 in a
    second part) bound them. Only when at least half the rows are so: where
    cells break into paragraphs (城市用气 / 提升工程), a row as wide is chance.
    """
    if not columns or columns[0].kind is not ColumnKind.NUMBER:
        return frozenset()
    numbers = [
        (index, marker)
        for index, piece in enumerate(cells)
        if (marker := match_marker(piece.text)) is not None and not marker.rest
    ]
    width = len(columns)
    starts = {
        index
        for (index, marker), (following, after) in itertools.pairwise(numbers)
        if after.style == marker.style
        and after.value == marker.value + 1
        and following - index == width
    }
    if numbers and numbers[-1][0] + width == len(cells):  # the last row, as wide, ends the stream
        starts.add(numbers[-1][0])
    if len(starts) * 2 < len(numbers):  # cells broken into paragraphs: no row says its cells
        return frozenset()
    return frozenset(starts)


def _blank_separated(stream: list[Piece]) -> list[Piece]:
    """Cells a blank line apart: where most lines are, lines with none between are one cell."""
    pairs = list(itertools.pairwise(stream))
    gaps = sum(1 for a, b in pairs if b.line - a.line > 1)
    if not pairs or gaps * 2 < len(pairs):
        return stream
    cells = [stream[0]]
    for piece in stream[1:]:
        last = cells[-1]
        if piece.line - max(last.last, last.line) > 1:
            cells.append(piece)
        else:
            cells[-1] = Piece(last.line, f"{last.text}\n{piece.text}", piece.line)
    return cells


def _piped_rows(
    body: Sequence[Line], columns: Sequence[Column], known: NameCheck | None
) -> tuple[list[Row], list[Piece]]:
    """``|`` rows: a row as wide as the heading cell by cell, a lone cell a category.

    A row of another width (a copy that left out empty or merged cells), or
    one whose cells do not fit the columns they stand under (a copy that left
    out a merged cell and kept an empty one), is cut into the heading's
    columns by :func:`gzgk.parse.flat.rebuild`.
    """
    rows: list[Row] = []
    dropped: list[Piece] = []
    index = 0
    while index < len(body):
        line = body[index]
        if _PIPES.fullmatch(line.text):
            index += 1
            continue
        found = _piped_row(body, index) or _unclosed_row(body, index)
        if found is None:
            break  # the notice's text again
        cells, used = found
        last = body[index + used - 1].number
        unclosed = index + used == len(body) and _piped_row(body, index) is None
        index += used
        filled = [cell for cell in cells if cell]
        if not filled:
            continue
        before = len(rows)
        if (
            len(set(filled)) == 1
            and (len(filled) > 1 or len(cells) != len(columns))
            and not unclosed  # a row cut after its first cell is no category
        ):
            rows.append(Row((), category=Piece(line.number, filled[0], last)))  # spans the table
        elif len(cells) == len(columns) and all(
            cell_fit(cell, column.kind, known) > _MISFIT
            for cell, column in zip(cells, columns, strict=True)
            if cell
        ):
            rows.append(Row(tuple((Piece(line.number, c, last),) if c else None for c in cells)))
        else:
            pieces = [Piece(line.number, cell, last) for cell in filled]
            cut, lost = rebuild(pieces, columns, frozenset({0}), known)
            rows += cut
            dropped += lost
        if unclosed:  # the text ends inside a row it opened: read as far as printed, and said
            rows[before:] = [evolve(row, cut=True) for row in rows[before:]]
    return rows, dropped


def _without_trailing_text(rows: list[Row], columns: Sequence[Column]) -> list[Row]:
    """The rows without the notice's text printed under the table.

    Rows at the end that name no unit and have no number (in a numbered
    table) or are a single cell of prose are the notice's text again; a row
    with a number and no units is a task cut short, and stays to be reported.
    """
    numbered = [k for k, c in enumerate(columns) if c.kind is ColumnKind.NUMBER]
    units = [k for k, c in enumerate(columns) if c.kind is ColumnKind.UNITS]
    while rows:
        last = rows[-1]
        cells = [cell for cell in last.cells if cell]
        if last.category is not None:
            rows.pop()
            continue
        has_units = any(last.cells[k] for k in units)
        has_number = any(last.cells[k] for k in numbered)
        if has_units or has_number or (not numbered and len(cells) > 1):
            break
        rows.pop()
    return rows


def _heading_text(column: Column) -> str:
    """A heading as the grid reader reads it again: its words and its note."""
    return f"{column.label}（{column.note}）" if column.note else column.label
