"""Pin the behaviour of the LibreOffice test harness (``tests/support``) with a real LibreOffice."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Protection
from openpyxl.utils.protection import hash_password
from openpyxl.worksheet.datavalidation import DataValidation
from support.libreoffice import LibreOffice, LibreOfficeError, pdf_page_count, pdf_text

SHEET = "填报"
PASSWORD = "gzgk"  # noqa: S105 - the sheet password of the test workbook
STATUSES = "已完成,推进中,未启动,不涉及"
TASKS = ("整理年度工作台账", "报送季度统计数据", "组织安全生产检查")


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    """A small return workbook like gzgk's: a protected entry sheet, a plain and a hidden sheet."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws["A1"] = "任务分工落实情况"
    ws["G2"] = "=COUNTA(G5:G7)"
    ws["A4"], ws["B4"], ws["G4"], ws["H4"] = "序号", "任务", "进展", "联系电话"
    for row, task in enumerate(TASKS, start=5):
        ws.cell(row, 1, row - 4)
        ws.cell(row, 2, task)
        for column in ("G", "H"):
            ws[f"{column}{row}"].protection = Protection(locked=False)
        ws[f"H{row}"].number_format = "@"
    statuses = DataValidation(type="list", formula1=f'"{STATUSES}"', allow_blank=True)
    statuses.add("G5:G7")
    ws.add_data_validation(statuses)
    ws.protection.sheet = True
    ws.protection.password = PASSWORD
    notes = wb.create_sheet("说明")
    notes["A1"] = "填报说明"
    meta = wb.create_sheet("_meta")
    meta["A1"] = "template_version"
    meta.sheet_state = "veryHidden"
    path = tmp_path / "return.xlsx"
    wb.save(path)
    return path


def _open(path: Path) -> dict[str, Any]:
    return {"op": "open", "path": str(path)}


def _type(cell: str, text: str, sheet: str = SHEET) -> dict[str, Any]:
    return {"op": "type", "sheet": sheet, "cell": cell, "text": text}


def _get(cell: str, sheet: str = SHEET) -> dict[str, Any]:
    return {"op": "get", "sheet": sheet, "cell": cell}


def test_sheets_report_visibility_and_protection(libreoffice: LibreOffice, workbook: Path) -> None:
    """The sheets op lists every sheet; veryHidden comes back as not visible."""
    _, sheets = libreoffice.run([_open(workbook), {"op": "sheets"}])
    assert sheets == [
        {"name": SHEET, "visible": True, "protected": True},
        {"name": "说明", "visible": True, "protected": False},
        {"name": "_meta", "visible": False, "protected": False},
    ]


def test_set_stores_text_literally(libreoffice: LibreOffice, workbook: Path) -> None:
    """The set op stores strings as text (numeric-looking ones get @), numbers as values."""
    results = libreoffice.run(
        [
            _open(workbook),
            {"op": "set", "sheet": "说明", "cell": "B1", "value": "=1+1"},
            {"op": "set", "sheet": "说明", "cell": "B2", "value": 3.5},
            {"op": "set", "sheet": "说明", "cell": "B3", "value": "0123"},
            {"op": "set", "sheet": "说明", "cell": "A1", "value": None},
            _get("B1", "说明"),
            _get("B2", "说明"),
            _get("B3", "说明"),
            _get("A1", "说明"),
        ]
    )
    text, number, digits, cleared = results[-4:]
    assert (text["type"], text["string"]) == ("TEXT", "=1+1")
    assert (number["type"], number["value"]) == ("VALUE", 3.5)
    assert (digits["type"], digits["string"], digits["format"]) == ("TEXT", "0123", "@")
    assert cleared["type"] == "EMPTY"


def test_type_interprets_input_like_the_ui(libreoffice: LibreOffice, workbook: Path) -> None:
    """Typed formulas, numbers, zh-CN dates and text land as they do in Calc's UI."""
    typed = {
        "B1": "=1+1",
        "B2": '=IF(B1=2,"是","否")',
        "B3": "42",
        "B4": "2024/1/5",
        "B5": "'0123",
        "B6": "-待定",
        "B7": "+1+2",
        "B8": "已完成",
        "B9": "=1+",
        "B10": "50%",
        "B11": "-5",
    }
    results = libreoffice.run(
        [_open(workbook)]
        + [_type(cell, text, "说明") for cell, text in typed.items()]
        + [{"op": "recalc"}]
        + [_get(cell, "说明") for cell in typed]
    )
    got = dict(zip(typed, results[-len(typed) :], strict=True))
    assert (got["B1"]["type"], got["B1"]["value"]) == ("FORMULA", 2)
    assert got["B2"]["string"] == "是"
    assert got["B2"]["formula"] == '=IF(B1=2;"是";"否")'  # UNO reports formulas with ';'
    assert (got["B3"]["type"], got["B3"]["value"]) == ("VALUE", 42)
    assert (got["B4"]["type"], got["B4"]["value"]) == ("VALUE", 45296)  # 2024-01-05
    assert got["B4"]["string"] == "24年1月5日"  # the cell took a date format, as in the UI
    assert (got["B5"]["type"], got["B5"]["string"]) == ("TEXT", "0123")
    assert (got["B6"]["type"], got["B6"]["string"]) == ("TEXT", "-待定")
    assert (got["B7"]["type"], got["B7"]["string"]) == ("TEXT", "+1+2")  # the UI: =+1+2
    assert (got["B11"]["type"], got["B11"]["value"]) == ("VALUE", -5)
    assert (got["B8"]["type"], got["B8"]["string"]) == ("TEXT", "已完成")
    assert (got["B9"]["type"], got["B9"]["string"]) == ("FORMULA", "Err:520")
    assert (got["B10"]["value"], got["B10"]["format"]) == (0.5, "0.00%")


def test_type_keeps_text_in_text_formatted_cells(libreoffice: LibreOffice, workbook: Path) -> None:
    """A cell formatted as text (@) keeps typed digits and formulas as text."""
    results = libreoffice.run(
        [_open(workbook), _type("H5", "013912345678"), _type("H6", "=1+1"), _type("H7", "=1+")]
    )
    assert [(r["type"], r["string"]) for r in results[1:]] == [
        ("TEXT", "013912345678"),
        ("TEXT", "=1+1"),
        ("TEXT", "=1+"),
    ]


def test_type_respects_protection_but_set_does_not(
    libreoffice: LibreOffice, workbook: Path
) -> None:
    """Typing into a locked cell of a protected sheet is refused; the set op writes anyway."""
    results = libreoffice.run(
        [
            _open(workbook),
            _type("B5", "改写任务"),
            _type("G5", "已完成"),
            _type("A1", "隐藏", sheet="_meta"),
            {"op": "set", "sheet": SHEET, "cell": "B6", "value": "改写任务"},
            _get("B6"),
        ]
    )
    locked, unlocked, hidden, _, api_written = results[1:]
    assert (locked["refused"], locked["string"]) == ("protected", TASKS[0])
    assert (unlocked["refused"], unlocked["string"]) == (None, "已完成")
    assert (hidden["refused"], hidden["string"]) == ("hidden", "template_version")
    assert api_written["string"] == "改写任务"


def test_unprotect_requires_the_password(libreoffice: LibreOffice, workbook: Path) -> None:
    """A wrong password fails the job; the right one allows typing into locked cells."""
    with pytest.raises(LibreOfficeError, match="IllegalArgumentException"):
        libreoffice.run([_open(workbook), {"op": "unprotect", "sheet": SHEET, "password": "x"}])
    results = libreoffice.run(
        [
            _open(workbook),
            {"op": "unprotect", "sheet": SHEET, "password": PASSWORD},
            _type("B5", "改写任务"),
            {"op": "protect", "sheet": SHEET, "password": PASSWORD},
            {"op": "sheets"},
        ]
    )
    assert results[2]["refused"] is None
    assert results[2]["string"] == "改写任务"
    assert results[4][0]["protected"] is True


def test_rows_on_a_protected_sheet_need_unprotect(libreoffice: LibreOffice, workbook: Path) -> None:
    """UNO refuses to delete rows holding locked cells on a protected sheet."""
    with pytest.raises(LibreOfficeError, match="RuntimeException"):
        libreoffice.run(
            [_open(workbook), {"op": "delete_rows", "sheet": SHEET, "row": 6, "count": 1}]
        )


def test_fill_delete_rows_and_save_round_trip(
    libreoffice: LibreOffice, workbook: Path, tmp_path: Path
) -> None:
    """A filled, row-edited LibreOffice save reads back with openpyxl as the user left it."""
    filled = tmp_path / "filled.xlsx"
    libreoffice.run(
        [
            _open(workbook),
            _type("G5", "已完成"),
            _type("G7", "推进中"),
            _type("H5", "013912345678"),
            {"op": "unprotect", "sheet": SHEET, "password": PASSWORD},
            {"op": "delete_rows", "sheet": SHEET, "row": 6, "count": 1},
            {"op": "insert_rows", "sheet": SHEET, "row": 8, "count": 2},
            {"op": "protect", "sheet": SHEET, "password": PASSWORD},
            _type("B1", "=1+1", sheet="说明"),
            {"op": "recalc"},
            {"op": "save_xlsx", "path": str(filled)},
            {"op": "close"},
        ]
    )
    values = load_workbook(filled, data_only=True)
    ws = values[SHEET]
    assert [[ws.cell(row, column).value for column in (1, 2, 7, 8)] for row in (5, 6, 7)] == [
        [1, TASKS[0], "已完成", "013912345678"],
        [3, TASKS[2], "推进中", None],
        [None, None, None, None],
    ]
    assert ws["G2"].value == 2
    assert values["说明"]["B1"].value == 2
    assert values["_meta"].sheet_state == "hidden"  # LibreOffice has no veryHidden
    formulas = load_workbook(filled)[SHEET]
    assert formulas["G2"].value == "=COUNTA(G5:G6)"
    assert formulas.protection.sheet
    assert formulas.protection.password.upper() == hash_password(PASSWORD)
    assert formulas["G5"].protection.locked is False
    assert formulas["B5"].protection.locked is True
    assert [str(dv.sqref) for dv in formulas.data_validations.dataValidation] == ["G5:G6"]


def test_fill_helper_types_text_and_refuses_locked_cells(
    libreoffice: LibreOffice, workbook: Path, tmp_path: Path
) -> None:
    """fill() types text, sets numbers, and raises when a cell refuses the input."""
    filled = tmp_path / "filled.xlsx"
    results = libreoffice.fill(
        workbook, filled, {(SHEET, "G5"): "不涉及", ("说明", "B2"): 7, ("说明", "A1"): None}
    )
    assert [r["string"] for r in results] == ["不涉及", "7", ""]
    ws = load_workbook(filled, data_only=True)
    assert (ws[SHEET]["G5"].value, ws["说明"]["B2"].value, ws["说明"]["A1"].value) == (
        "不涉及",
        7,
        None,
    )
    filled.unlink()
    with pytest.raises(LibreOfficeError, match=r"填报!B5 refused the input \(protected\)"):
        libreoffice.fill(workbook, filled, [(SHEET, "B5", "改写任务")])
    assert not filled.exists()
    libreoffice.fill(workbook, filled, [(SHEET, "B5", "改写任务")], passwords={SHEET: PASSWORD})
    relocked = load_workbook(filled)[SHEET]
    assert relocked["B5"].value == "改写任务"
    assert relocked.protection.sheet


def test_validation_survives_and_invalid_cells_are_found(
    libreoffice: LibreOffice, workbook: Path
) -> None:
    """LibreOffice reads the list validation; typing does not enforce it, invalid_cells finds it."""
    results = libreoffice.run(
        [
            _open(workbook),
            {"op": "validation", "sheet": SHEET, "cell": "G5"},
            {"op": "validation", "sheet": SHEET, "cell": "H5"},
            _type("G5", "已完成"),
            _type("G6", "完成了"),
            {"op": "invalid_cells", "sheet": SHEET},
            {"op": "invalid_cells", "sheet": SHEET},
        ]
    )
    status, none, _, typed, invalid, invalid_again = results[1:]
    assert status["type"] == "LIST"
    assert status["formula1"] == ";".join(f'"{item}"' for item in STATUSES.split(","))
    assert none["type"] == "ANY"
    assert typed["string"] == "完成了"
    assert invalid == invalid_again == ["G6"]


def test_convert_pdf_and_resave(
    libreoffice: LibreOffice, workbook: Path, tmp_path: Path, poppler: None
) -> None:
    """convert_pdf writes a PDF with the CJK text; resave writes an .xlsx openpyxl can read."""
    pdf = tmp_path / "return.pdf"
    libreoffice.convert_pdf(workbook, pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert pdf_page_count(pdf) >= 1
    text = pdf_text(pdf)
    assert TASKS[1] in text
    assert "template_version" not in text  # the hidden sheet is not printed
    resaved = tmp_path / "resaved.xlsx"
    libreoffice.resave(workbook, resaved)
    assert load_workbook(resaved, data_only=True)[SHEET]["G2"].value == 0


def test_errors_carry_the_driver_traceback(libreoffice: LibreOffice, workbook: Path) -> None:
    """A failing op raises LibreOfficeError with the reason, and LibreOffice stays usable."""
    with pytest.raises(LibreOfficeError, match="no sheet '不存在'"):
        libreoffice.run([_open(workbook), _get("A1", sheet="不存在")])
    with pytest.raises(LibreOfficeError, match="no document is open"):
        libreoffice.run([_get("A1")])
    with pytest.raises(LibreOfficeError, match="unknown operation"):
        libreoffice.run([{"op": "frobnicate"}])
    assert libreoffice.run([_open(workbook), _get("B5"), {"op": "close"}])[1]["string"] == TASKS[0]


def test_a_driver_killed_by_a_signal_is_run_once_more(
    libreoffice: LibreOffice, tmp_path: Path
) -> None:
    """A driver (our UNO client) dying by a signal while soffice lives is retried once, not twice."""
    once = tmp_path / "crashed-once"
    assert libreoffice.run([{"op": "crash", "path": str(once), "once": True}]) == [True]
    assert once.exists()
    with pytest.raises(LibreOfficeError, match="status -11"):
        libreoffice.run([{"op": "crash", "path": str(tmp_path / "never")}])
    assert libreoffice.alive
    assert libreoffice.run([]) == []


def test_dead_soffice_gives_a_clear_error_and_restarts(libreoffice: LibreOffice) -> None:
    """After soffice dies, run() says so, and restart() brings up a working instance."""
    with LibreOffice() as office:
        process = office._process
        assert process is not None
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        with pytest.raises(LibreOfficeError, match=r"not running.*signal SIGKILL"):
            office.run([])
        office.restart()
        assert office.alive
        assert office.run([]) == []
