"""A table flattened into a stream of cells, cut back into rows and columns.

A table copied from a web page (or a document viewer) arrives as lines: one
cell a line, blank lines maybe between, a cell of several paragraphs over
several lines, merged cells printed once (in the first row they cover) and
empty cells not at all. The columns are known from the heading. What is not
known is where each row ends and which column each line belongs to.

Each line is given a kind by what it looks like — a row number, a value, a
date, a list of unit names (and how surely), people, a numbered heading,
short text, prose — and the stream is cut by dynamic programming into rows of
cells in column order: a cell of one or more lines in a column that fits it,
columns a row does not print left out at a cost, a one-line category heading
between rows. Separators (a line of ``|`` alone) fix row boundaries where the
copy has them. The best cut is the one whose cells fit their columns best;
nothing depends on any one notice's wording.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from attrs import define, field, frozen

from gzgk.lexicon.columns import BODIES, Column, ColumnKind
from gzgk.lexicon.names import SEPARATORS, NameCheck, balanced, name_strength
from gzgk.lexicon.vocabulary import first_named_rule, looks_like_deadline
from gzgk.model import Role
from gzgk.parse.assign import rules_apart
from gzgk.parse.grammar import (
    cell_units,
    find_labels,
    first_named_apart,
    is_person,
    split_people,
)
from gzgk.parse.lines import is_note, match_marker

__all__ = ["Piece", "Row", "cell_fit", "only_first_named", "rebuild"]


@frozen
class Piece:
    """A cell's text in the stream: its first source line, its text, its last source line.

    A piece is one line, or a cell whose lines the source kept together (a
    ``|`` row over several lines, lines between blank ones).
    """

    line: int
    text: str
    last: int = 0

    @property
    def lines(self) -> range:
        """The source line numbers the piece was printed on."""
        return range(self.line, max(self.last, self.line) + 1)


@frozen
class Row:
    """A rebuilt row: one cell (its pieces) or None per column, or a category heading."""

    cells: tuple[tuple[Piece, ...] | None, ...]
    category: Piece | None = None
    ambiguous: bool = False  # where one unit column ends and the next begins was a guess
    cut: bool = False  # the text ends inside the row (a ``|`` row never closed)


_NUMBER = re.compile(r"\d{1,3}")
_VALUE = re.compile(
    r"[\d.．,，%％~\-—－至以上下左右约万亿千百元个项家座所处户人次吨米平方公里亩台套辆次年度月]+"
)
_SENTENCE = re.compile(r"[。；;！!？?]")
_PROSE = re.compile(r"[，,：:]")
_SHORT = 20
_LONGEST_CELL = 4  # lines one cell may take
_LONGEST_UNITS = 12  # lines a cell of unit names may take (a name a line)
_NUMBERED = ("dun", "paren", "arabic", "aparen", "circled")
_ROW = -1.0  # the cost of a row
_DROP = -8.0  # the cost of a line placed nowhere (reported): a cut is always found
_IMPOSSIBLE = -99.0


@frozen
class _Kind:
    """What a text looks like, as scores for each kind of column."""

    number: bool
    unitness: float  # 0: no unit names; up to 5: known names
    open_list: bool  # ends with a separator: the list goes on in the next line
    date: bool
    people: bool
    value: bool
    heading: bool  # a numbered heading (一、…, （一）…)
    numbered: bool  # starts with any task number (一、 （一） 1. （1） ①)
    prose: bool
    labelled: bool  # states units with labels (深化政务公开（牵头单位：X）), as a section may
    marked: bool  # names that say their own role (X牵头, X（配合）)
    length: int
    rule: bool = False  # only a rule a unit cell may close with (（排在第一位的为牵头单位）)


def _kind(text: str, known: NameCheck | None) -> _Kind:
    stripped = text.strip()
    alone = match_marker(stripped)  # a number with nothing after it: 3, 3., 三、, （三）, ⑶, ③
    number = alone is not None and not alone.rest
    body = stripped.rstrip("".join(SEPARATORS))
    kept, rules = rules_apart(body, known)
    if rules and kept:  # 市发改委，以下任务均由各区政府负责，不再列出: names stating a rule
        body = kept.replace("\n", "、")
    marker = match_marker(body, ("dun", "paren"))
    unitness = _unitness(body, known)
    prose = len(body) > _SHORT or bool(_SENTENCE.search(body) or _PROSE.search(body))
    # A list that goes on ends with a separator; a sentence ending in ； is a clause, whole.
    open_list = stripped[-1:] in SEPARATORS and not number and (unitness > 0 or not prose)
    return _Kind(
        number=number,
        unitness=unitness,
        open_list=open_list,
        date=looks_like_deadline(body) and not _NUMBER.fullmatch(body),
        people=_people(body),
        value=bool(re.search(r"\d", body)) and bool(_VALUE.fullmatch(body)),
        heading=marker is not None and bool(marker.rest),
        numbered=(numbered := match_marker(body, _NUMBERED)) is not None and bool(numbered.rest),
        prose=prose,
        labelled=bool(find_labels(body)),
        marked=_marked(body),
        length=len(body),
        rule=((bool(rules) and not kept) or only_first_named(body)) and not is_note(body),
    )


def only_first_named(text: str) -> bool:
    """Whether a text is only a first-named rule, no names before it: （排在第一位的为牵头单位）."""
    return first_named_rule(text) is not None and not first_named_apart(text)[1]


def _unitness(text: str, known: NameCheck | None) -> float:
    """How surely a text is a list of unit names: 0 (not at all) to 5 (all known)."""
    if not text or _NUMBER.fullmatch(text):
        return 0.0
    units = cell_units(text, Role.RESPONSIBLE)
    names = units.every_name if units is not None else ()
    if not names:
        return 0.0
    weakest = min(name_strength(name, known) for name in names)
    return weakest + (0.5 if len(names) > 1 and weakest else 0.0)


def _marked(text: str) -> bool:
    units = cell_units(text, None) if text else None
    return units is not None and units.marked


def _people(text: str) -> bool:
    people = split_people(text)
    return bool(people) and len(text) <= _SHORT and all(is_person(p) for p in people)


def _fit(kind: _Kind, column: ColumnKind, *, bodies: bool = False) -> float:  # noqa: PLR0911 - one table of scores
    """How well a cell of this kind fits a column (higher is better).

    ``bodies``: the column names bodies in a role that assigns nothing
    (评分部门): unit names are at home there.
    """
    if bodies and column is ColumnKind.OTHER and kind.unitness:
        return kind.unitness - 1
    if column is ColumnKind.NUMBER:
        return 4.0 if kind.number else _IMPOSSIBLE
    if kind.open_list:  # a list that goes on: only the first lines of a unit cell
        return kind.unitness - 1 if column is ColumnKind.UNITS and kind.unitness else _IMPOSSIBLE
    if column is ColumnKind.UNITS:
        return kind.unitness - 1 if kind.unitness else 0.0 if kind.rule else -6.0
    if column is ColumnKind.LEADERS:
        return 2.5 if kind.people and kind.unitness < 3 else -4.0  # noqa: PLR2004
    if column is ColumnKind.DEADLINE:
        return 3.0 if kind.date else -1.0 if kind.value else -3.0
    if kind.number:
        return 0.3 if column is ColumnKind.OTHER else -4.0
    penalty = max(kind.unitness - 1.5, 0.0) * 1.5  # names belong in the unit columns
    if kind.marked and kind.unitness >= _SURE_NAMES:  # names saying their roles (X、Y牵头落实)
        penalty += _MARKED
    if column is ColumnKind.TITLE:
        return (0.5 if kind.prose else 1.5) - penalty - (4.0 if kind.value or kind.date else 0.0)
    if column is ColumnKind.CONTENT:
        return (2.0 if kind.prose else 1.0) - penalty - (1.0 if kind.date else 0.0)
    if column is ColumnKind.SECTION:
        return (1.5 if kind.heading else 1.0 if not kind.prose or kind.labelled else -3.0) - penalty
    # OTHER: values, dates, short text; prose, numbered items and names are likelier elsewhere
    if kind.value or kind.date:
        return 0.5
    return (-2.0 if kind.numbered else -1.0 if kind.prose else 0.2) - penalty


_SURE_NAMES = 3.0  # unitness of names with a body's ending
_MARKED = 2.0  # more for a text cell that is names saying their own roles: a unit cell
_UNPAIRED = -6.0  # a cell whose brackets do not pair: cut in the wrong place


def cell_fit(text: str, column: ColumnKind, known: NameCheck | None = None) -> float:
    """How well a cell's text fits a kind of column: above 0 well, below -2 hardly at all."""
    return _fit(_kind(text, known), column)


# The cost of a column a row leaves out (a merged cell printed once, an empty cell).
_SKIP = {
    ColumnKind.NUMBER: -1.5,
    ColumnKind.TITLE: -1.5,
    ColumnKind.CONTENT: -2.0,
    ColumnKind.UNITS: -2.0,
    ColumnKind.LEADERS: -0.5,
    ColumnKind.DEADLINE: -0.5,
    ColumnKind.SECTION: -0.2,
    ColumnKind.OTHER: -0.3,
}


# Columns a merged cell often spans down (a title over several rows of measures): a row
# that starts after them costs little.
_MERGED_DOWN = (ColumnKind.TITLE, ColumnKind.SECTION, ColumnKind.OTHER)
_LEADING = -0.4
_TRAILING = 0.9


_ALIGNED = 2.0  # a piece in its place in a row that prints every cell
_PAGED = -0.5  # the cost of a cell going on over a page break


def _in_place(kind: _Kind, column: ColumnKind) -> bool:
    """Whether a piece may be the cell its place in a whole row gives it.

    A number only in the 序号 column and the 序号 only a number; a unit cell
    short text or names, no prose or figure (a name the vocabulary lacks:
    地产北虹); a content cell no list of names (a row whose title cell is
    merged away and whose unit cell has two paragraphs has as many pieces as
    columns, its lead's name one place left); a deadline no prose; other
    text anywhere.
    """
    if column is ColumnKind.NUMBER or kind.number:
        return column is ColumnKind.NUMBER and kind.number
    if column is ColumnKind.UNITS:
        return bool(kind.unitness) or not (kind.prose or kind.value or kind.date)
    if column is ColumnKind.CONTENT:
        return kind.unitness < _SURE_NAMES
    if column is ColumnKind.DEADLINE:
        return kind.date or kind.value or not kind.prose
    return True


def _join_cost(first: _Kind, following: _Kind, column: ColumnKind, *, bodies: bool) -> float:
    """The cost of a cell going on in one more line."""
    if column is ColumnKind.UNITS or bodies:
        if first.open_list or following.rule:
            return 0.0
        return -0.7 if following.unitness else _IMPOSSIBLE
    if column in (ColumnKind.NUMBER, ColumnKind.DEADLINE, ColumnKind.LEADERS):
        return _IMPOSSIBLE
    if following.unitness >= 3 or following.number:  # noqa: PLR2004
        return -3.0
    if following.date or following.value:
        return -2.0
    return -1.0


def rebuild(
    pieces: Sequence[Piece],
    columns: Sequence[Column],
    breaks: frozenset[int] = frozenset(),
    known: NameCheck | None = None,
    *,
    whole: frozenset[int] = frozenset(),
    paged: frozenset[int] = frozenset(),
) -> tuple[list[Row], list[Piece]]:
    """The rows of a flattened table, and the lines that fit in no row.

    Args:
        pieces: the stream, one line a piece.
        columns: the table's columns, in order.
        breaks: positions in ``pieces`` where a row surely starts (a separator
            was printed before them); when given, rows start there only.
        known: tells whether a unit name is in the registry.
        whole: positions where a row prints every cell, one piece a column
            (from its number to the next): each piece is its column's cell
            unless it cannot be (a number under a text heading, prose under
            units), whatever it looks like (a company's short name).
        paged: positions of pieces printed just after a page break (a page
            number dropped before them): a cell may go on there whatever its
            next line looks like (``上海某某建设工程`` / ``— 3 —`` / ``有限公司``),
            read as the one text the page broke.
    """
    bodies = frozenset(i for i, c in enumerate(columns) if BODIES.search(c.label))
    kinds = tuple(c.kind for c in columns)
    aligned = {
        (start + k, k)
        for start in whole
        if start + len(kinds) <= len(pieces)
        and all(
            _in_place(_kind(pieces[start + k].text, known), kind) for k, kind in enumerate(kinds)
        )
        for k in range(len(kinds))
    }
    cutter = _Cutter(tuple(pieces), kinds, breaks, known, bodies, frozenset(aligned), paged)
    rows = cutter.cut()
    return rows, sorted(cutter.dropped, key=lambda piece: piece.line)


@define(eq=False)
class _Cutter:
    pieces: tuple[Piece, ...]
    kinds: tuple[ColumnKind, ...]
    breaks: frozenset[int]
    known: NameCheck | None
    bodies: frozenset[int] = frozenset()  # other columns whose heading names bodies
    aligned: frozenset[tuple[int, int]] = frozenset()  # (piece, column) of rows printing all
    paged: frozenset[int] = frozenset()  # pieces just after a page break
    dropped: list[Piece] = field(factory=list)

    @functools.cached_property
    def _line_kinds(self) -> list[_Kind]:
        return [_kind(piece.text, self.known) for piece in self.pieces]

    @functools.cache  # noqa: B019 - one cutter, one table
    def _cell(self, start: int, end: int, column: int) -> float:
        """The score of lines ``start:end`` as one cell of a column."""
        kinds = self._line_kinds
        kind = self.kinds[column]
        bodies = column in self.bodies
        text = "\n".join(piece.text for piece in self.pieces[start:end])
        unpaired = _UNPAIRED if not balanced(text) else 0.0  # a cell closes what it opens
        if end - start == 1:
            fit = _fit(kinds[start], kind, bodies=bodies)
            if (start, column) in self.aligned:
                fit = max(fit, 0.0) + _ALIGNED
            return max(fit + unpaired, _IMPOSSIBLE)
        if all(index in self.paged for index in range(start + 1, end)):  # one text a page broke
            broken = _fit(_kind(text.replace("\n", ""), self.known), kind, bodies=bodies)
            return max(broken + _PAGED + unpaired, self._lines_cell(start, end, column, text))
        return self._lines_cell(start, end, column, text)

    def _lines_cell(self, start: int, end: int, column: int, text: str) -> float:
        """The score of lines ``start:end`` (two or more) as one cell of a column, line by line."""
        kinds = self._line_kinds
        kind = self.kinds[column]
        bodies = column in self.bodies
        unpaired = _UNPAIRED if not balanced(text) else 0.0
        whole = _kind(text if kind is ColumnKind.UNITS else text.replace("\n", ""), self.known)
        score = _fit(whole, kind, bodies=bodies)
        if kind is ColumnKind.UNITS and whole.unitness:  # every name a line: each line counts
            score = sum(_fit(kinds[index], kind) for index in range(start, end))
        if kind is not ColumnKind.UNITS and not bodies and kinds[start].unitness >= 3:  # noqa: PLR2004
            score -= 3.0  # a text cell does not start with a list of names
        for index in range(start + 1, end):
            if not balanced("\n".join(piece.text for piece in self.pieces[start:index])):
                continue  # inside a bracket the cell goes on, whatever the next line is
            cost = _join_cost(kinds[index - 1], kinds[index], kind, bodies=bodies)
            if cost <= _IMPOSSIBLE:
                return _IMPOSSIBLE
            score += cost
        return max(score + unpaired, _IMPOSSIBLE)

    def _leading(self, column: int) -> float:
        """The cost of a row starting at a column: its text columns before are merged above."""
        return sum(
            _LEADING if self.kinds[k] in _MERGED_DOWN else _SKIP[self.kinds[k]]
            for k in range(column)
        )

    def _skips(self, first: int, last: int) -> float:
        """The cost of leaving out columns ``first`` to ``last`` (inclusive)."""
        return sum(_SKIP[self.kinds[k]] for k in range(first, last + 1))

    def cut(self) -> list[Row]:
        count, width = len(self.pieces), len(self.kinds)
        start = -1  # the state "at a row's start"
        best: list[dict[int, float]] = [{} for _ in range(count + 1)]
        back: list[dict[int, tuple[int, int, str]]] = [{} for _ in range(count + 1)]
        best[0][start] = 0.0

        def offer(position: int, state: int, score: float, came: tuple[int, int, str]) -> None:
            if score > best[position].get(state, _IMPOSSIBLE * 1000):
                best[position][state] = score
                back[position][state] = came

        for position in range(count + 1):
            # close the row that ends here (unless rows may not end here)
            if position == count or not self.breaks or position in self.breaks:
                for state, score in list(best[position].items()):
                    if state != start:  # cells left out at a row's end: likelier empty
                        closed = score + _TRAILING * self._skips(state + 1, width - 1) + _ROW
                        offer(position, start, closed, (position, state, "close"))
            if position == count:
                break
            for state, score in list(best[position].items()):
                offer(position + 1, state, score + _DROP, (position, state, "drop"))
                if state == start and (category := self._category(position)) is not None:
                    end, cost = category
                    offer(end, start, score + cost, (position, start, "category"))
                for column in range(state + 1, width):
                    skipped = (
                        self._skips(state + 1, column - 1)
                        if state != start
                        else self._leading(column)
                    )
                    longest = (
                        _LONGEST_UNITS if self.kinds[column] is ColumnKind.UNITS else _LONGEST_CELL
                    )
                    for end in range(position + 1, min(position + longest, count) + 1):
                        if self.breaks and any(b in self.breaks for b in range(position + 1, end)):
                            break
                        cell = self._cell(position, end, column)
                        if cell <= _IMPOSSIBLE:
                            continue
                        offer(end, column, score + skipped + cell, (position, state, "cell"))
        return self._rows(back)

    def _category(self, position: int) -> tuple[int, float] | None:
        """A category heading between rows from ``position``: where it ends, and its score.

        A heading is a numbered heading or states its units (一、…（牵头单位：X）),
        or is short text; its lines go on while its brackets are open.
        """
        end = self._bracketed(position)
        if end == position + 1:
            heading = self._line_kinds[position]
        else:
            text = "".join(piece.text for piece in self.pieces[position:end])
            heading = _kind(text, self.known)
        said = heading.heading or heading.labelled  # 一、… or a heading's units
        if (said or not heading.prose) and not heading.number and heading.unitness < 3:  # noqa: PLR2004
            return end, (1.0 if said else -0.5) + _ROW
        return None

    def _bracketed(self, position: int) -> int:
        """Where the text from ``position`` closes the brackets it opens (one line if never)."""
        for end in range(position + 1, min(position + _LONGEST_CELL, len(self.pieces)) + 1):
            if self.breaks and end - 1 > position and end - 1 in self.breaks:
                break
            if balanced("\n".join(piece.text for piece in self.pieces[position:end])):
                return end
        return position + 1

    @functools.cached_property
    def _offsets(self) -> dict[int, int]:
        return {id(piece): offset for offset, piece in enumerate(self.pieces)}

    def _ambiguous(self, cells: tuple[tuple[Piece, ...] | None, ...]) -> bool:
        """Whether a row's unit lines could as well be split between its unit columns otherwise.

        Each line that starts a list of names (the line before it does not end
        in a separator) may start a column's cell; unless there are as many such
        lines as unit columns, one a column, which column ends where is a guess.
        Names that carry their own role (X牵头) are read the same either way.
        """
        units = [k for k, kind in enumerate(self.kinds) if kind is ColumnKind.UNITS]
        if len(units) < 2:  # noqa: PLR2004
            return False
        starts = 0
        for k in units:
            for position, piece in enumerate(cells[k] or ()):
                line = self._offsets[id(piece)]
                if self._line_kinds[line].marked:
                    return False
                if position == 0 or not self._line_kinds[line - 1].open_list:
                    starts += 1
        return starts > 0 and starts != len(units)

    def _rows(self, back: list[dict[int, tuple[int, int, str]]]) -> list[Row]:
        """The rows of the best cut, read back from its end."""
        rows: list[Row] = []
        cells: dict[int, tuple[Piece, ...]] = {}
        position, state = len(self.pieces), -1
        while position > 0 or state != -1:
            came_from, previous, how = back[position][state]
            if how == "drop":
                self.dropped.append(self.pieces[came_from])
            elif how == "close":
                cells = {}
                rows.append(Row(()))  # placeholder, filled when the row's start is reached
            elif how == "category":
                lines = self.pieces[came_from:position]
                text = "\n".join(piece.text for piece in lines)
                joined = Piece(lines[0].line, text, lines[-1].lines[-1])
                rows.append(Row((), category=lines[0] if len(lines) == 1 else joined))
            else:
                cells[state] = self.pieces[came_from:position]
                if previous == -1:  # the row's first cell: the row is whole
                    whole = tuple(cells.get(k) for k in range(len(self.kinds)))
                    rows[-1] = Row(whole, ambiguous=self._ambiguous(whole))
            position, state = came_from, previous
        rows.reverse()
        return rows
