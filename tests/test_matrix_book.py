"""The matrix workbook: marks where the matrix says, frozen panes, A4 landscape print set-up."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from gzgk import Matrix, Role, load_notice
from gzgk.contract import MATRIX as LAYOUT
from gzgk.contract import PRINT
from gzgk.excel.matrix_book import matrix_workbook, write_matrix_workbook

MATRIX = Matrix.build(load_notice("ganzhou-2024"))


@pytest.fixture(scope="module")
def book_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed's matrix workbook, written once."""
    return write_matrix_workbook(MATRIX, tmp_path_factory.mktemp("m") / "matrix.xlsx")


def _sheet(path: Path, title: str) -> Worksheet:
    book = load_workbook(path)
    sheet = book[title]
    assert isinstance(sheet, Worksheet)
    return sheet


def test_marks_follow_the_matrix(book_path: Path) -> None:
    """Every cell shows the role mark the matrix gives (expanded), ？ for open groups."""
    sheet = _sheet(book_path, LAYOUT.MATRIX_SHEET)
    header = LAYOUT.UNIT_ROW + 1
    columns = {sheet.cell(header, c).value: c for c in range(3, sheet.max_column + 1)}
    for index, task in enumerate(MATRIX.notice.tasks):
        row = LAYOUT.FIRST_TASK_ROW + 1 + index
        assert sheet.cell(row, 1).value == task.label
        for holder in MATRIX.units_of(task, expand=True):
            mark = holder.role.mark if holder.resolved else LAYOUT.UNRESOLVED_MARK
            assert sheet.cell(row, columns[holder.name]).value == mark
    justice = columns["市司法局"]
    marks = [sheet.cell(LAYOUT.FIRST_TASK_ROW + 1 + i, justice).value for i in range(12)]
    assert marks == ["", "", "牵", "责", "牵", "责", "责", "", "牵", "责", "责", "责"]


def test_columns_are_units_then_open_groups(book_path: Path) -> None:
    """Units come in registry order (counties first), then unresolved groups."""
    sheet = _sheet(book_path, LAYOUT.MATRIX_SHEET)
    names = [sheet.cell(LAYOUT.UNIT_ROW + 1, c).value for c in range(3, sheet.max_column + 1)]
    assert names[0] == "章贡区"
    assert names[17] == "石城县"
    assert names[-1] == "市政府有关部门"
    assert len(names) == len(MATRIX.reporting_units()) + 1


def test_totals_row(book_path: Path) -> None:
    """The last row counts each unit's tasks."""
    sheet = _sheet(book_path, LAYOUT.MATRIX_SHEET)
    row = LAYOUT.FIRST_TASK_ROW + 1 + len(MATRIX.notice.tasks)
    assert sheet.cell(row, 2).value == LAYOUT.TOTAL
    assert sheet.cell(row, 3).value == 12  # 章贡区 holds all twelve


def test_print_setup(book_path: Path) -> None:
    """A4 at full size, split over pages by unit columns; names and numbers on every page."""
    sheet = _sheet(book_path, LAYOUT.MATRIX_SHEET)
    assert int(sheet.page_setup.paperSize or 0) == 9
    assert not (sheet.sheet_properties.pageSetUpPr and sheet.sheet_properties.pageSetUpPr.fitToPage)
    breaks = [brk.id for brk in sheet.col_breaks.brk]
    assert breaks  # 55 units do not fit one page across
    landscape = sheet.page_setup.orientation == "landscape"
    room = PRINT.printable_width(landscape=landscape)
    edges = [2, *breaks, sheet.max_column]
    for start, end in itertools.pairwise(edges):
        widths = [LAYOUT.NUMBER_WIDTH, LAYOUT.TASK_WIDTH] + [LAYOUT.UNIT_WIDTH] * (end - start)
        assert sum(map(PRINT.column_points, widths)) <= room
    kind_row = LAYOUT.KIND_ROW + 1
    headings = [r for r in sheet.merged_cells.ranges if r.min_row == r.max_row == kind_row]
    assert len(headings) > len({unit.kind for unit in MATRIX.reporting_units()})  # cut at pages
    for heading in headings:  # no heading runs over a page's edge
        assert not any(heading.min_col <= brk < heading.max_col for brk in breaks)
    assert sheet.print_title_rows == "$3:$4"
    assert sheet.print_title_cols == "$A:$B"
    assert sheet.freeze_panes == "C5"
    assert "&P" in (sheet.oddFooter.center.text or "")


def test_other_sheets(book_path: Path) -> None:
    """Workload, task list and unresolved items have their own sheets."""
    book = load_workbook(book_path)
    assert book.sheetnames == [
        LAYOUT.MATRIX_SHEET,
        LAYOUT.WORKLOAD_SHEET,
        LAYOUT.TASKS_SHEET,
        LAYOUT.UNRESOLVED_SHEET,
    ]
    workload = book[LAYOUT.WORKLOAD_SHEET]
    first = MATRIX.workload()[0]
    assert [c.value for c in workload[2]] == [
        first.unit.short_name,
        first.unit.kind.label,
        first.lead,
        first.responsible,
        first.cooperating,
        first.total,
    ]
    unresolved = book[LAYOUT.UNRESOLVED_SHEET]
    assert unresolved.max_row == 1 + len(MATRIX.unresolved())
    assert unresolved["B2"].value == MATRIX.notice.tasks[0].title
    assert MATRIX.units_of(1, Role.LEAD)[0].name in book[LAYOUT.TASKS_SHEET]["D2"].value


def test_workbook_is_deterministic() -> None:
    """The same matrix gives byte-identical workbooks."""
    assert matrix_workbook(MATRIX) == matrix_workbook(MATRIX)
