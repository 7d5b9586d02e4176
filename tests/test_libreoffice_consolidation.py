"""Consolidation outputs in a real LibreOffice: printed problem sheets, the summary, typed formulas."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from itertools import groupby
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support.libreoffice import LibreOffice, pdf_page_count, pdf_text
from support.printcheck import check_print
from support.returns import ENTRY, NOTICE, edit, filled, task_cell

from gzgk.contract import ANNOTATION, COMPARISON, RETURN, SUMMARY
from gzgk.excel.merge import merge_paths
from gzgk.excel.summary_book import write_summary
from gzgk.excel.validate import annotate, validate_paths

A4_LANDSCAPE = (841.9, 595.3)  # points
AS_OF = dt.datetime(2024, 7, 10, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
TYPED = {
    task_cell("progress"): "=1+1",
    task_cell("evidence"): '=HYPERLINK("http://example.invalid/x";"点我")',
    task_cell("problems"): "-待定",
    task_cell("plans"): "@所有科室",
    task_cell("progress", 2): "=cmd|' /C calc'!A0",
    task_cell("evidence", 2): "+86 138 0000 0000",
}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pages(pdf: Path) -> list[str]:
    return pdf_text(pdf).split("\f")


def _page_size(pdf: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    line = next(line for line in info.stdout.splitlines() if line.startswith("Page size"))
    width, height = re.findall(r"[\d.]+", line)[:2]
    return float(width), float(height)


def test_problem_sheet_prints_on_a4(
    libreoffice: LibreOffice, poppler: None, tmp_path: Path
) -> None:
    """The problem sheet prints on A4 landscape: all columns, whole messages, header on each page."""

    def many_problems(book: object) -> None:
        sheet = book[ENTRY]  # type: ignore[index]
        for row in range(1, 13):
            sheet[task_cell("status", row)] = None
            sheet[task_cell("progress", row)] = None

    path = edit(filled(tmp_path, "章贡区"), many_problems)
    [report] = validate_paths([path], notice=NOTICE).files
    assert len(report.issues) > 20
    copy = annotate(report, tmp_path / "退回")
    assert copy is not None
    book = load_workbook(copy)
    only = book[ANNOTATION.SHEET]
    for sheet in book.sheetnames[1:]:
        del book[sheet]
    single = tmp_path / "检查结果.xlsx"
    book.save(single)
    assert only.max_row == len(report.issues) + 1
    assert check_print(libreoffice, single, tmp_path) == []  # whole, readable, header repeated
    pdf = tmp_path / "检查结果.pdf"
    assert _page_size(pdf) == pytest.approx(A4_LANDSCAPE, abs=1)
    pages = [page for page in _pages(pdf) if page.strip()]
    assert len(pages) == pdf_page_count(pdf) >= 2
    for page in pages:
        for label in ANNOTATION.labels:
            assert label in page  # every column on every page, header repeated


@pytest.fixture
def typed_return(libreoffice: LibreOffice, tmp_path: Path) -> Path:
    """市科技局's return with formula payloads typed into its cells in LibreOffice, then saved."""
    source = filled(tmp_path, "市科技局", date=dt.date(2024, 7, 3))
    target = tmp_path / "报回" / "市科技局.xlsx"
    target.parent.mkdir()
    cells = {(ENTRY, cell): text for cell, text in TYPED.items()}
    results = libreoffice.fill(source, target, cells)
    assert results[0]["type"] == "FORMULA"  # LibreOffice took =1+1 as a formula, as a user gets
    return target


def test_summary_in_libreoffice(
    libreoffice: LibreOffice, typed_return: Path, tmp_path: Path
) -> None:
    """The summary opens in LibreOffice with every sheet; typed formulas arrive as their text."""
    summary = merge_paths([typed_return.parent], notice=NOTICE, as_of=AS_OF)
    path = write_summary(summary, tmp_path / "汇总.xlsx")
    details = load_workbook(path)[SUMMARY.DETAILS_SHEET]
    header = list(SUMMARY.DETAILS_HEADER)
    rows = [row for row in details.iter_rows(min_row=2) if row[0].value == "市科技局"]
    first, second = rows[0], rows[1]
    cells = {
        task_cell("progress"): first[header.index(RETURN.label("progress"))],
        task_cell("evidence"): first[header.index(RETURN.label("evidence"))],
        task_cell("problems"): first[header.index(RETURN.label("problems"))],
        task_cell("plans"): first[header.index(RETURN.label("plans"))],
        task_cell("progress", 2): second[header.index(RETURN.label("progress"))],
        task_cell("evidence", 2): second[header.index(RETURN.label("evidence"))],
    }
    ops: list[dict[str, object]] = [{"op": "open", "path": str(path.resolve())}, {"op": "sheets"}]
    ops += [
        {"op": "get", "sheet": SUMMARY.DETAILS_SHEET, "cell": cell.coordinate}
        for cell in cells.values()
    ]
    result = libreoffice.run([*ops, {"op": "close"}])
    sheets = [sheet["name"] for sheet in result[1]]
    assert sheets == [*SUMMARY.SHEETS, COMPARISON.DATA_SHEET]
    assert not result[1][-1]["visible"]  # _data stays hidden (LibreOffice has no very hidden)
    got = dict(zip(cells, result[2:-1], strict=True))
    for where, cell in got.items():
        assert cell["type"] == "TEXT", (where, cell)  # nothing from a return is a formula
    assert got[task_cell("progress")]["string"] == "=1+1"
    assert got[task_cell("evidence")]["string"].startswith("=HYPERLINK(")
    assert got[task_cell("progress", 2)]["string"].startswith("=")
    assert got[task_cell("problems")]["string"] == "-待定"
    assert got[task_cell("plans")]["string"] == "@所有科室"
    assert got[task_cell("evidence", 2)]["string"] == "+86 138 0000 0000"


def test_summary_matrix_in_libreoffice(
    libreoffice: LibreOffice, poppler: None, tmp_path: Path
) -> None:
    """LibreOffice shows the progress matrix as written and prints every sheet on A4."""
    folder = tmp_path / "报回"
    folder.mkdir()
    filled(folder, "市司法局", date=dt.date(2024, 7, 1))
    summary = merge_paths([folder], notice=NOTICE, as_of=AS_OF)
    path = write_summary(summary, tmp_path / "汇总.xlsx")
    sheet = load_workbook(path)[SUMMARY.MATRIX_SHEET]
    justice = summary.unit("市司法局")
    entry = justice.entry(NOTICE.task("五"))
    assert entry is not None
    where = next(
        cell.coordinate
        for row in sheet.iter_rows()
        for cell in row
        if cell.value == entry.status
        and sheet.cell(cell.row, 1).value == "市司法局"
        and sheet.cell(1, cell.column).value == "（五）"
    )
    [_, got, charts, _] = libreoffice.run(
        [
            {"op": "open", "path": str(path.resolve())},
            {"op": "get", "sheet": SUMMARY.MATRIX_SHEET, "cell": where},
            {"op": "charts", "sheet": SUMMARY.OVERVIEW_SHEET},
            {"op": "close"},
        ]
    )
    assert (got["string"], got["type"]) == (entry.status, "TEXT")
    kinds = [kind for kind, _ in groupby(unit.unit.kind for unit in summary.expected)]
    assert len(charts) == len(kinds)  # native charts, one per kind of unit (not pictures)
    spans = []
    for chart in charts:
        assert chart["diagram"] == "com.sun.star.chart.BarDiagram"
        states = len(SUMMARY.UNIT_PROGRESS_HEADER) - 2  # the columns between 单位 and 完成率
        assert chart["series"] == states == 7
        for cells in chart["ranges"]:  # on the overview: the table's header and rows
            sheet_index, corners = cells.split(":")
            (first_column, first_row), (last_column, last_row) = (
                map(int, corner.split(",")) for corner in corners.split("-")
            )
            assert sheet_index == "0"
            assert first_column in (0, 1)
            assert last_column == states
            spans.append((first_row, last_row))
    header = min(first for first, _ in spans)
    rows = {row for first, last in spans for row in range(first, last + 1)} - {header}
    assert rows == set(range(header + 1, header + 1 + len(summary.expected)))  # every unit once
    pdf = tmp_path / "汇总.pdf"
    libreoffice.convert_pdf(path, pdf)
    text = pdf_text(pdf)
    for title in (SUMMARY.OVERVIEW_SHEET, SUMMARY.MATRIX_SHEET, SUMMARY.REMINDERS_SHEET):
        assert f"{title}" in text  # each sheet's footer names it
    assert "第 1 页" in text
