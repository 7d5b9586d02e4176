"""Property: the checks on raw rows find exactly what they found on a CellValue per cell.

A return's task rows keep the values as read (no :class:`CellValue` per cell);
the checks ask a row for a cell's text, address, formula and verbatim text.
Here every row of a read return is also built the old way, a ``CellValue`` per
cell up front with the checks reading those, and both must give the same
findings and the same entries, on generated returns edited at random (formulas,
numbers, dates, booleans, blanks, spaces, placeholders, text that starts like a
formula, edited task cells, rows added), of a round and one-off.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Mapping
from pathlib import Path

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.workbook.workbook import Workbook
from support.libreoffice import LibreOffice
from support.returns import (
    ENTRY,
    MATRIX,
    NOTICE,
    ROUND_2,
    earlier,
    edit,
    filled,
    generate,
    task_cell,
)

from gzgk.contract import RETURN
from gzgk.excel.checks import CheckContext, Examined, examine_return
from gzgk.excel.read import ReturnReadError, read_return
from gzgk.excel.return_data import CellValue, ReturnData, RowData

UNIT = "市司法局"
ROWS = len(MATRIX.assignments_of(UNIT, expand=True))


@attrs.frozen
class _CellRow(RowData):
    """A row read the old way: every cell a :class:`CellValue`, the checks reading those."""

    built: Mapping[str, CellValue] = attrs.field(eq=False, default=None)

    def __attrs_post_init__(self) -> None:
        built = {
            key: CellValue(f"{self.letters[key]}{self.row}", value, self.formulas.get(key))
            for key, value in self.values.items()
        }
        object.__setattr__(self, "built", built)

    def text(self, key: str) -> str:
        return self.built[key].text

    def cell(self, key: str) -> str:
        return self.built[key].cell

    def is_formula(self, key: str) -> bool:
        return self.built[key].is_formula

    def verbatim(self, key: str) -> str:
        return self.built[key].verbatim

    def value(self, key: str) -> CellValue:
        return self.built[key]


def _old_way(data: ReturnData) -> ReturnData:
    rows = tuple(_CellRow(row.row, row.values, row.letters, row.formulas) for row in data.rows)
    return attrs.evolve(data, rows=rows)


values = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "\u3000",
            "无",
            "略。",
            "短",
            "已完成",
            " 推进中 ",
            "完成",
            "是",
            "否",
            "=1+1",
            "+86",
            "-",
            "@x",
            "已制定工作方案，按月调度，完成阶段目标。",
        ]
    ),
    st.integers(-5, 50000),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)),
    st.text(max_size=20).filter(lambda text: text.isprintable()),
)
formulas = st.sampled_from(["=1+1", '="已完成"', "=A1", "=SUM(1,2)", '=""'])
KEYS = ["number", "content", "status", "progress", "evidence", "problems", "plans", "news"]
edits = st.lists(
    st.tuples(
        st.integers(1, ROWS + 2),  # beyond the table: a row added
        st.sampled_from(KEYS),
        st.one_of(values, formulas.map(lambda formula: ("formula", formula))),
    ),
    max_size=12,
)


def _apply(changes: list[tuple[int, str, object]], *, previous: bool) -> object:
    def change(book: Workbook) -> None:
        sheet = book[RETURN.ENTRY_SHEET]
        for row, key, value in changes:
            if key == "news" and not previous:
                continue
            address = task_cell(key, row, previous=previous)
            if isinstance(value, tuple):
                sheet[address] = value[1]  # a formula (no cached value)
            else:
                sheet[address] = value
                if isinstance(value, str) and value.startswith("="):
                    sheet[address].data_type = "s"  # typed text, not a formula

    return change


def _both(path: Path, context: CheckContext) -> tuple[Examined, Examined] | None:
    try:
        data = read_return(path)
    except ReturnReadError as error:  # a number too large for a date cell: said, not compared
        code = error.issue(str(path)).code
        if code != "file-unreadable":
            raise
        return None
    assert data.rows, "the table was read"
    return examine_return(data, context), examine_return(_old_way(data), context)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=edits, of_round=st.booleans())
def test_raw_rows_find_what_cell_values_found(
    changes: list[tuple[int, str, object]], of_round: bool
) -> None:
    """Same findings and entries from raw rows as from a CellValue per cell."""
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        previous = earlier(MATRIX, UNIT) if of_round else None
        source = filled(folder, UNIT, round_=ROUND_2 if of_round else None, previous=previous)
        path = edit(source, _apply(changes, previous=of_round))
        for context in (
            CheckContext(notice=NOTICE, round=ROUND_2.name if of_round else None),
            CheckContext(),
        ):
            both = _both(path, context)
            if both is None:
                continue
            new, old = both
            assert new.report == old.report
            assert new.content == old.content


def test_raw_rows_on_a_return_filled_in_libreoffice(
    libreoffice: LibreOffice, tmp_path: Path
) -> None:
    """Typed into LibreOffice: formulas, numbers, dates, placeholders, spaces; the same findings."""
    typed = [
        (ENTRY, RETURN.field("contact").cell, "王芳"),
        (ENTRY, RETURN.field("phone").cell, "8992059"),
        (ENTRY, RETURN.field("date").cell, "2024-07-01"),
        (ENTRY, task_cell("status", 1), "推进中"),
        (ENTRY, task_cell("progress", 1), "=1+1"),
        (ENTRY, task_cell("evidence", 1), "12"),
        (ENTRY, task_cell("problems", 1), "2024-07-01"),
        (ENTRY, task_cell("plans", 1), "无"),
        (ENTRY, task_cell("status", 2), "已完成"),
        (ENTRY, task_cell("progress", 2), "  短  "),
        (ENTRY, task_cell("plans", 2), "=A1"),
        (ENTRY, task_cell("progress", 3), "无"),
        (ENTRY, task_cell("evidence", 3), "-待定"),
    ]
    target = tmp_path / "lo.xlsx"
    libreoffice.fill(generate(tmp_path, UNIT), target, typed)
    data = read_return(target)
    assert any(row.formulas for row in data.rows), "LibreOffice kept the formulas"
    for context in (CheckContext(notice=NOTICE), CheckContext()):
        both = _both(target, context)
        assert both is not None
        new, old = both
        assert new.report.issues, "the typed cells have findings"
        assert new.report == old.report
        assert new.content == old.content


def test_old_way_rows_are_cell_values() -> None:
    """The comparison is real: the old-way rows answer from their CellValues."""
    with tempfile.TemporaryDirectory() as temporary:
        path = filled(Path(temporary), UNIT)
        data = read_return(path)
    [row, *_] = _old_way(data).rows
    assert isinstance(row, _CellRow)
    assert row.value("status") is row.built["status"]
    assert row.text("progress") == data.rows[0].text("progress") != ""
