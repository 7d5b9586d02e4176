"""Generated return workbooks: contract, self-checks, protection, metadata, print set-up."""

from __future__ import annotations

import os
import re
import signal
import threading
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineWorkbook
from support.processes import supported, workers_of
from support.returns import KEY, MATRIX, generate

from gzgk.contract import PAGES, PRINT, RETURN, TEMPLATE_VERSION
from gzgk.excel.generate import (
    DISTRIBUTION_FILE,
    generate_returns,
    progress_formula,
    return_workbook,
)
from gzgk.returns import plan_returns

LAST_ROW = RETURN.FIRST_ROW + 11  # 章贡区 holds all twelve tasks


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """章贡区's signed return."""
    return generate(tmp_path_factory.mktemp("g"), key=KEY)


@pytest.fixture(scope="module")
def sheet(path: Path) -> Worksheet:
    """The entry sheet, as openpyxl sees it."""
    entry = load_workbook(path)[RETURN.ENTRY_SHEET]
    assert isinstance(entry, Worksheet)
    return entry


def test_sheets_order_and_visibility(path: Path) -> None:
    """Guide first, entry sheet active, metadata very hidden."""
    book = load_workbook(path)
    assert book.sheetnames == [RETURN.GUIDE_SHEET, RETURN.ENTRY_SHEET, RETURN.META_SHEET]
    assert [s.sheet_state for s in book.worksheets] == ["visible", "visible", "veryHidden"]
    assert book.active is not None
    assert book.active.title == RETURN.ENTRY_SHEET


def test_header_block_and_table_header(sheet: Worksheet) -> None:
    """Labels of the header block, the unit pre-filled, the exact table header."""
    for field in RETURN.FIELDS:
        assert sheet[field.label_cell].value == field.label
    assert sheet[RETURN.field("unit").cell].value == "章贡区"
    header = [c.value for c in sheet[RETURN.HEADER_ROW]][: len(RETURN.COLUMNS)]
    assert header == list(RETURN.labels)
    merged = {str(cells) for cells in sheet.merged_cells.ranges}
    spans = [RETURN.TITLE, RETURN.NOTE, RETURN.PROGRESS.at, *(f.at for f in RETURN.FIELDS)]
    assert merged == {span.ref for span in spans if span.merged}


def test_one_row_per_task_of_the_unit(sheet: Worksheet) -> None:
    """Rows hold the unit's tasks, its role, and the leads as printed."""
    [plan] = plan_returns(MATRIX, ["章贡区"])
    for offset, (task, role) in enumerate(plan.items):
        row = RETURN.FIRST_ROW + offset
        values = [sheet[c.cell(row)].value for c in RETURN.COLUMNS if not c.entry]
        assert values == [
            offset + 1,
            task.label,
            task.title,
            task.content,
            role.label,
            "、".join(task.lead),
        ]
    assert sheet[RETURN.column("number").cell(LAST_ROW + 1)].value is None
    assert sheet[RETURN.column("role").cell(RETURN.FIRST_ROW + 7)].value == "牵头"  # (八)


def test_locked_and_unlocked_cells(sheet: Worksheet) -> None:
    """Task cells and the unit are locked; entries and contact fields are not; sheet protected."""
    assert sheet.protection.sheet
    for column in RETURN.COLUMNS:
        assert sheet[column.cell(RETURN.FIRST_ROW)].protection.locked is not column.entry
    for field in RETURN.FIELDS:
        assert sheet[field.cell].protection.locked is not field.entry


def test_status_drop_down(sheet: Worksheet) -> None:
    """落实状态 has the four-status list over every task row."""
    status = RETURN.column("status")
    rules = [r for r in sheet.data_validations.dataValidation if r.type == "list"]
    assert len(rules) == 1
    assert rules[0].formula1 == f'"{",".join(RETURN.STATUSES)}"'
    assert str(rules[0].sqref) == status.cells(RETURN.FIRST_ROW, LAST_ROW)


def test_highlights_for_missing_and_invalid(sheet: Worksheet) -> None:
    """Empty required cells and invalid statuses are highlighted by formula rules."""
    rules = {
        str(r.sqref): [rule.formula[0] for rule in r.rules] for r in sheet.conditional_formatting
    }
    status, progress = RETURN.column("status"), RETURN.column("progress")
    first = f"${status.cell(RETURN.FIRST_ROW)}"
    not_applicable = f'{first}<>"{RETURN.NOT_APPLICABLE}"'
    statuses = rules[status.cells(RETURN.FIRST_ROW, LAST_ROW)]
    assert statuses[0] == f"LEN(TRIM({first}))=0"
    assert not_applicable in statuses[1]
    assert rules[progress.cells(RETURN.FIRST_ROW, LAST_ROW)] == [
        f"AND(LEN(TRIM(${progress.cell(RETURN.FIRST_ROW)}))=0,{not_applicable})"
    ]
    for field in RETURN.FIELDS:
        assert (field.cell in rules) == (field.required and field.entry)


def test_progress_cell_counts_what_is_missing(path: Path, sheet: Worksheet) -> None:
    """The progress cell holds a macro-free formula whose cached value is right when generated."""
    formula, _ = progress_formula(RETURN.FIRST_ROW, LAST_ROW)
    assert sheet[RETURN.PROGRESS.cell].value == formula
    functions = set(re.findall(r"([A-Z]+)\(", formula))
    assert functions == {"IF", "SUMPRODUCT", "LEN", "TRIM"}
    values = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(RETURN.ENTRY_SHEET).to_python()
    row, column = RETURN.PROGRESS.at.row - 1, RETURN.PROGRESS.at.column
    count = 12 + 12 + 4  # statuses, narratives, contact, phone, reviewer and date
    assert values[row][column] == RETURN.INCOMPLETE.format(count=count)


def test_print_setup(sheet: Worksheet) -> None:
    """A4 landscape, one page wide, header row repeated, unit, pages and notice in the footer."""
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize or 0) == 9
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == f"${RETURN.HEADER_ROW}:${RETURN.HEADER_ROW}"
    assert sheet.oddFooter.left.text == "章贡区"
    assert PAGES in (sheet.oddFooter.center.text or "")
    assert sheet.oddFooter.right.text == MATRIX.notice.doc_number  # the long title does not fit
    assert all(sheet.row_dimensions[r].height for r in range(RETURN.FIRST_ROW, LAST_ROW + 1))
    content = sheet.column_dimensions[RETURN.column("content").letter].width
    assert content == pytest.approx(RETURN.column("content").width + 5 / 7, abs=0.01)  # its pad
    assert PRINT.scale([c.width for c in RETURN.COLUMNS]) >= PRINT.MIN_SCALE  # 10 pt ≥ 8 pt


def test_metadata_in_sheet_and_properties(path: Path) -> None:
    """The metadata is in the hidden sheet and in custom properties, and they agree."""
    book = load_workbook(path)
    meta = book[RETURN.META_SHEET]
    values = {
        meta.cell(r, 1).value: meta.cell(r, 2).value for r in range(1, len(RETURN.META_KEYS) + 1)
    }
    [plan] = plan_returns(MATRIX, ["章贡区"], KEY)
    assert values == plan.meta.values()
    assert values["template_version"] == TEMPLATE_VERSION
    tasks = [[c.value for c in row] for row in meta.iter_rows(min_row=RETURN.META_TASK_ROW + 1)]
    assert tasks[0] == ["T01", "1", "一", "responsible", plan.meta.tasks[0].fingerprint]
    props = {p.name: p.value for p in book.custom_doc_props.props}
    assert props["gzgk_unit_id"] == "zhanggong"
    assert props["gzgk_signature"] == plan.meta.signature


def test_generation_is_deterministic() -> None:
    """The same plan gives byte-identical workbooks."""
    [plan] = plan_returns(MATRIX, ["市司法局"], KEY)
    assert return_workbook(plan) == return_workbook(plan)


def test_no_shared_strings_surprises(path: Path) -> None:
    """The file is a plain .xlsx: shared strings, no macros, no external links."""
    names = zipfile.ZipFile(path).namelist()
    assert "xl/sharedStrings.xml" in names
    assert not [n for n in names if "vbaProject" in n or "externalLink" in n]


def test_generate_all_with_distribution_list(tmp_path: Path) -> None:
    """generate_returns writes every unit's return and the distribution list."""
    result = generate_returns(MATRIX, tmp_path, units=["章贡区", "市司法局"])
    names = [p.file_name for p in result.plans]
    assert names[0] == "01-章贡区-落实情况报送表.xlsx"
    assert names[1].endswith("-市司法局-落实情况报送表.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*names, DISTRIBUTION_FILE])
    sheet = load_workbook(result.distribution).active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2, max_row=3)]
    assert rows[0][:5] == [1, "章贡区", "县级政府", result.plans[0].file_name, 12]
    assert rows[1][1] == "市司法局"
    assert rows[1][5] == "（三）、（五）、（九）"


def test_formula_cache_writes_what_xlsxwriter_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A return written with the formula cache is byte for byte what plain xlsxwriter writes."""
    import xlsxwriter.worksheet  # noqa: PLC0415

    from gzgk.excel import writer  # noqa: PLC0415

    [plan] = plan_returns(MATRIX, ["市司法局"], KEY)
    cached = return_workbook(plan)
    again = return_workbook(plan)  # every formula now comes from the cache
    monkeypatch.setattr(writer, "_Worksheet", xlsxwriter.worksheet.Worksheet)
    plain = return_workbook(plan)
    assert cached == again == plain


def test_returns_written_by_workers_are_the_same(tmp_path: Path) -> None:
    """Returns written by worker processes are the files one process writes."""
    parallel = generate_returns(MATRIX, tmp_path / "parallel", workers=2, key=KEY)
    serial = generate_returns(MATRIX, tmp_path / "serial", workers=0, key=KEY)
    assert [p.name for p in parallel.files] == [p.name for p in serial.files]
    assert len(parallel.files) == len(MATRIX.reporting_units())
    for one, other in zip(parallel.files, serial.files, strict=True):
        assert one.read_bytes() == other.read_bytes()


@pytest.mark.skipif(not supported(), reason="worker processes are found in /proc")
def test_a_worker_killed_while_generating_costs_no_return(tmp_path: Path) -> None:
    """A worker ended from outside (antivirus, task manager) mid-way: every return is written.

    The returns are written again in this process, the same bytes as ever.
    """
    killed: list[int] = []
    me = os.getpid()

    def kill_first_worker() -> None:
        deadline = time.monotonic() + 30
        while not killed and time.monotonic() < deadline:
            for pid in workers_of(me):
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                break
            time.sleep(0.005)

    killer = threading.Thread(target=kill_first_worker)
    killer.start()
    try:
        parallel = generate_returns(MATRIX, tmp_path / "parallel", workers=2, key=KEY)
    finally:
        killer.join()
    serial = generate_returns(MATRIX, tmp_path / "serial", workers=0, key=KEY)
    assert killed
    assert [p.name for p in parallel.files] == [p.name for p in serial.files]
    for one, other in zip(parallel.files, serial.files, strict=True):
        assert one.read_bytes() == other.read_bytes()
    assert sorted(p.name for p in (tmp_path / "parallel").iterdir()) == sorted(
        p.name for p in (tmp_path / "serial").iterdir()
    )
