"""Web tables flattened into text, rebuilt as a grid and read as one.

Copying a table from a web page gives one of:

* one cell per line, rows one after another (``序号`` … ``责任单位`` then
  ``1`` ``任务…`` ``市教育局`` …), cells maybe ending in `` |`` and rows maybe
  split by a line of ``|`` alone, or by blank lines;
* one row per line, cells between ``|``.

The heading cells say what each column is. A row starts at a separator, at
the next number of a 序号 column, or, without one, at a numbered line. A row
with as many cells as columns is read cell by cell; a shorter one (a merged
cell printed once, a cell lost in copying) is aligned to the columns in order
by what each cell looks like (a number, a list of unit names, a date, prose),
and what cannot be placed is reported by the grid reader as a task without
units or content, never moved silently.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from attrs import frozen

from gzgk.parse.columns import Column, ColumnKind
from gzgk.parse.draft import Reporter
from gzgk.parse.grammar import cell_units
from gzgk.parse.grid import read_grid
from gzgk.parse.items import is_end
from gzgk.parse.lines import Line, despace, match_marker
from gzgk.parse.names import NameCheck, looks_like_name
from gzgk.parse.table import TableTasks, table_notes
from gzgk.parse.vocabulary import classify_heading

__all__ = ["web_table"]

_PIPES = re.compile(r"[|｜\s]*")
_BARE_NUMBER = re.compile(r"\d{1,4}")
_DEADLINE = re.compile(r"\d{4}年|\d{1,2}月|年底|年内|月底|季度|长期|持续")
_LEADER = re.compile(r"(?:[\u4e00-\u9fff]\s?){2,4}(?:\s+(?:[\u4e00-\u9fff]\s?){2,4})*")
_SKIP = -1  # score of a column left empty by a short row
_TASK_STYLES = ("dun", "paren", "arabic", "aparen")


@frozen
class _Cell:
    line: int
    text: str


def web_table(
    lines: Sequence[Line], reporter: Reporter, known: NameCheck | None
) -> TableTasks | None:
    """The tasks of a flattened web table, or None when the text holds none."""
    found = _header(lines)
    if found is None:
        return None
    start, header_end, columns, per_line = found
    body = list(lines[header_end:])
    notes = table_notes(body)
    body = body[: len(body) - len(notes)]
    stop = next((i for i, line in enumerate(body) if is_end(line.text)), len(body))
    body = body[:stop]
    rows = _split_rows(body, columns) if per_line else _pipe_rows(body)
    rows = _without_trailing_text(rows, columns)
    grid: list[list[str | None]] = [[_heading_text(column) for column in columns]]
    places: list[list[int | None]] = [[lines[start].number] * len(columns)]
    for row in rows:
        cells = _align(row, columns, known)
        grid.append([cell.text if cell else None for cell in cells])
        places.append([cell.line if cell else None for cell in cells])
    table = read_grid(grid, reporter, places)
    drafts_notes = [Line(place.line or 0, text) for place, text in table.notes]
    last = rows[-1][-1].line if rows else lines[header_end - 1].number
    for line in body:  # the separators closing the last row belong to the table
        if line.number > last and not _PIPES.fullmatch(line.text):
            break
        last = max(last, line.number)
    return TableTasks(table.drafts, lines[start].number, [*drafts_notes, *notes], last, table.rules)


def _cell_text(text: str) -> str:
    return despace(text.strip().strip("|｜").strip())


def _header(
    lines: Sequence[Line],
) -> tuple[int, int, list[Column], bool] | None:
    """Where the heading cells are, what they name, and whether cells are one per line."""
    for index, line in enumerate(lines):
        pieces = [piece.strip() for piece in line.text.strip().strip("|｜").split("|")]
        if len(pieces) > 1:
            columns = [classify_heading(piece) for piece in pieces]
            if all(columns) and _is_table([c for c in columns if c]):
                return index, index + 1, [c for c in columns if c], False
            continue
        columns_here: list[Column] = []
        position = index
        while position < len(lines):
            text = _cell_text(lines[position].text)
            column = classify_heading(text)
            if column is None and position + 1 < len(lines):
                joined = text + _cell_text(lines[position + 1].text)
                column = classify_heading(joined)
                if column is not None:
                    position += 1
            if column is None:
                break
            columns_here.append(column)
            position += 1
        if len(columns_here) >= 2 and _is_table(columns_here):  # noqa: PLR2004 - 2+ columns
            return index, position, columns_here, True
    return None


def _is_table(columns: list[Column]) -> bool:
    kinds = {column.kind for column in columns}
    return ColumnKind.UNITS in kinds and bool(
        kinds & {ColumnKind.NUMBER, ColumnKind.TITLE, ColumnKind.CONTENT}
    )


def _pipe_rows(body: Sequence[Line]) -> list[list[_Cell]]:
    return [
        [_Cell(line.number, despace(piece)) for piece in line.text.strip().strip("|").split("|")]
        for line in body
        if not _PIPES.fullmatch(line.text)
    ]


def _split_rows(body: Sequence[Line], columns: list[Column]) -> list[list[_Cell]]:
    """Cells one per line cut into rows (separators, 序号 numbers or numbered lines)."""
    separated = any(_PIPES.fullmatch(line.text) for line in body)
    numbered = any(column.kind is ColumnKind.NUMBER for column in columns)
    complete = len(columns) - 1  # a row may have lost one cell
    rows: list[list[_Cell]] = [[]]
    for line in body:
        if _PIPES.fullmatch(line.text):
            if rows[-1]:
                rows.append([])
            continue
        cell = _Cell(line.number, _cell_text(line.text))
        current = rows[-1]
        marker = match_marker(cell.text, _TASK_STYLES)
        section = marker is not None and marker.style in ("dun", "paren") and numbered
        starts = not separated and (
            (numbered and bool(_BARE_NUMBER.fullmatch(cell.text)))
            or section
            or (not numbered and marker is not None)
        )
        # A row starts at the next number once it has its cells, or at the number
        # that follows the open row's even if that row lost cells.
        follows = numbered and bool(current) and cell.text == str(_row_number(current) + 1)
        if starts and current and (len(current) >= complete or not numbered or follows):
            rows.append([])
        if section and (not current or len(current) >= complete):
            rows[-1].append(cell)
            rows.append([])
            continue
        rows[-1].append(cell)
    return [row for row in rows if row]


def _row_number(row: list[_Cell]) -> int:
    """The 序号 a row starts with, or -1."""
    return int(row[0].text) if row and _BARE_NUMBER.fullmatch(row[0].text) else -1


def _without_trailing_text(rows: list[list[_Cell]], columns: list[Column]) -> list[list[_Cell]]:
    """The rows without the notice's text printed under the table.

    What follows the last row's cells is not a cell: a last row longer than the
    table is cut to its width, and one-cell rows at the end that are no
    numbered line are dropped (the caller keeps those lines as the notice's text).
    """
    rows = [list(row) for row in rows]
    while rows and len(rows[-1]) == 1 and match_marker(rows[-1][0].text) is None:
        rows.pop()
    if rows and len(rows[-1]) > len(columns):
        rows[-1] = rows[-1][: len(columns)]
    return rows


def _align(row: list[_Cell], columns: list[Column], known: NameCheck | None) -> list[_Cell | None]:
    """The row's cells under their columns, in order; None where a column has no cell."""
    if len(row) == len(columns):
        return list(row)
    if len(row) == 1 and (marker := match_marker(row[0].text)) is not None and marker.rest:
        return [row[0]] * len(columns)  # a heading printed once across the table
    count, width = len(row), len(columns)
    # best[i][j]: the best score placing cells[i:] in columns[j:]
    best = [[float("-inf")] * (width + 1) for _ in range(count + 1)]
    choice: dict[tuple[int, int], bool] = {}
    for j in range(width + 1):
        best[count][j] = _SKIP * (width - j)
    for i in range(count - 1, -1, -1):
        for j in range(width - 1, -1, -1):
            place = _fit(row[i].text, columns[j], known) + best[i + 1][j + 1]
            skip = _SKIP + best[i][j + 1]
            best[i][j] = max(place, skip)
            choice[(i, j)] = place >= skip
    if best[0][0] == float("-inf"):  # more cells than columns: keep them in order
        return [
            *row[: width - 1],
            _Cell(row[width - 1].line, "".join(c.text for c in row[width - 1 :])),
        ]
    cells: list[_Cell | None] = []
    i = 0
    for j in range(width):
        if i < count and choice.get((i, j), False):
            cells.append(row[i])
            i += 1
        else:
            cells.append(None)
    return cells


def _fit(text: str, column: Column, known: NameCheck | None) -> float:
    """How well a cell's text fits a column (higher is better)."""
    kind = column.kind
    if kind is ColumnKind.NUMBER:
        return 3 if _BARE_NUMBER.fullmatch(text) else -5
    if kind is ColumnKind.UNITS:
        units = cell_units(text, column.role)
        cleaned = units.every_name if units is not None else ()
        if not cleaned:
            return -3
        good = all(looks_like_name(n) or (known is not None and known(n)) for n in cleaned)
        return 3 if good else -2
    if kind is ColumnKind.LEADERS:
        return 1 if _LEADER.fullmatch(text) else -2
    if kind is ColumnKind.DEADLINE:
        return 2 if _DEADLINE.search(text) and len(text) < 20 else -1  # noqa: PLR2004
    if kind is ColumnKind.CONTENT:
        return 2 if "。" in text or len(text) > 20 else 0  # noqa: PLR2004
    if kind is ColumnKind.TITLE:
        return 1 if len(text) <= 40 else -1  # noqa: PLR2004
    return 0


def _heading_text(column: Column) -> str:
    """A heading as the grid reader reads it again: its words and its note."""
    return f"{column.label}（{column.note}）" if column.note else column.label
