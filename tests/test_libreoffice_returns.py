"""Returns in a real spreadsheet program: LibreOffice opens, fills, saves and prints them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from support.libreoffice import LibreOffice, pdf_page_count, pdf_text
from support.printcheck import check_print
from support.returns import ENTRY, KEY, MATRIX, NOTICE, check, codes, generate, task_cell

from gzgk.contract import RETURN
from gzgk.excel.matrix_book import write_matrix_workbook
from gzgk.excel.validate import validate_paths
from gzgk.returns import plan_returns

UNIT = "市司法局"
ITEMS = MATRIX.assignments_of(UNIT, expand=True)


def user_input(count: int | None = None) -> list[tuple[str, str, str]]:
    """What a unit types: header block, then a status and a narrative for ``count`` tasks."""
    cells = [
        (ENTRY, RETURN.field("contact").cell, "王芳"),
        (ENTRY, RETURN.field("phone").cell, "0797-8992059"),
        (ENTRY, RETURN.field("date").cell, "2024-07-01"),
        (ENTRY, RETURN.field("reviewer").cell, "陈明"),
    ]
    for offset, (task, _role) in enumerate(ITEMS[:count]):
        row = offset + 1
        cells.append((ENTRY, task_cell("status", row), "已完成" if offset % 2 else "推进中"))
        progress = f"围绕“{task.title}”制定方案并按月调度，已完成阶段目标。"
        cells.append((ENTRY, task_cell("progress", row), progress))
        cells.append((ENTRY, task_cell("plans", row), "下半年开展专项督查。"))
    return cells


@pytest.fixture
def blank(tmp_path: Path) -> Path:
    """市司法局's signed return as generated."""
    return generate(tmp_path, UNIT, key=KEY)


def progress_text(office: LibreOffice, path: Path) -> str:
    """What the 填报进度 cell shows in LibreOffice after recalculation."""
    result = office.run(
        [
            {"op": "open", "path": str(path)},
            {"op": "recalc"},
            {"op": "get", "sheet": ENTRY, "cell": RETURN.PROGRESS.cell},
            {"op": "close"},
        ]
    )
    return str(result[2]["string"])


def test_filled_in_libreoffice_is_valid(
    libreoffice: LibreOffice, blank: Path, tmp_path: Path
) -> None:
    """Typed into LibreOffice and saved as .xlsx, a complete return validates clean."""
    target = tmp_path / "市司法局-已填.xlsx"
    libreoffice.fill(blank, target, user_input())
    assert codes(check(target, notice=NOTICE, key=KEY)) == []
    assert progress_text(libreoffice, target) == RETURN.COMPLETE


def test_self_check_counts_in_libreoffice(
    libreoffice: LibreOffice, blank: Path, tmp_path: Path
) -> None:
    """The progress cell, computed by LibreOffice, counts what the validator finds missing."""
    target = tmp_path / "partial.xlsx"
    libreoffice.fill(blank, target, user_input(count=4)[1:])  # no contact, four tasks done
    missing = [i for i in check(target).issues if i.code == "missing-value"]
    assert len(missing) == 1 + 2 * (len(ITEMS) - 4)
    assert progress_text(libreoffice, target) == RETURN.INCOMPLETE.format(count=len(missing))
    header = sum(1 for field in RETURN.entry_fields if field.required)  # contact … date
    assert progress_text(libreoffice, blank) == RETURN.INCOMPLETE.format(
        count=2 * len(ITEMS) + header
    )


def test_locked_cells_refuse_typing(libreoffice: LibreOffice, blank: Path, tmp_path: Path) -> None:
    """LibreOffice refuses typing into task cells and the unit cell, as the UI does."""
    results = libreoffice.run(
        [
            {"op": "open", "path": str(blank)},
            {"op": "type", "sheet": ENTRY, "cell": task_cell("content"), "text": "改了"},
            {"op": "type", "sheet": ENTRY, "cell": RETURN.field("unit").cell, "text": "章贡区"},
            {"op": "type", "sheet": ENTRY, "cell": task_cell("progress"), "text": "可以写"},
            {"op": "close"},
        ]
    )
    assert [r["refused"] for r in results[1:4]] == ["protected", "protected", None]


def test_drop_down_and_invalid_marks_survive(
    libreoffice: LibreOffice, blank: Path, tmp_path: Path
) -> None:
    """After a LibreOffice save, the status list is still there and flags a typed-in value."""
    target = tmp_path / "typo.xlsx"
    cells = [*user_input(), (ENTRY, task_cell("status"), "完成了")]
    libreoffice.fill(blank, target, cells)
    results = libreoffice.run(
        [
            {"op": "open", "path": str(target)},
            {"op": "validation", "sheet": ENTRY, "cell": task_cell("status", 2)},
            {"op": "invalid_cells", "sheet": ENTRY},
            {"op": "close"},
        ]
    )
    assert "已完成" in str(results[1])
    assert task_cell("status") in results[2]
    assert codes(check(target)) == [("value-not-in-list", task_cell("status"))]


def test_deleted_row_and_edited_task_are_caught(
    libreoffice: LibreOffice, blank: Path, tmp_path: Path
) -> None:
    """A task row deleted and a task text edited in LibreOffice give the right codes.

    LibreOffice refuses both on the protected sheet, so the user unprotects it first.
    """
    target = tmp_path / "tampered.xlsx"
    libreoffice.fill(
        blank,
        target,
        [*user_input(), (ENTRY, task_cell("content", 3), "（改写后的任务内容）")],
        passwords={ENTRY: RETURN.PASSWORD},
    )
    edited = tmp_path / "tampered-deleted.xlsx"
    libreoffice.run(
        [
            {"op": "open", "path": str(target)},
            {"op": "unprotect", "sheet": ENTRY, "password": RETURN.PASSWORD},
            {"op": "delete_rows", "sheet": ENTRY, "row": RETURN.FIRST_ROW + 1, "count": 1},
            {"op": "save_xlsx", "path": str(edited)},
            {"op": "close"},
        ]
    )
    second, third = ITEMS[1][0], ITEMS[2][0]
    report = check(edited, notice=NOTICE, key=KEY)
    assert codes(report, "code", "task") == [
        ("protection-removed", None),  # the user left the sheet unprotected
        ("task-edited", third.number),
        ("task-row-missing", second.number),
    ]
    assert report.issues[1].cell == task_cell("content", 2)  # moved up by the deletion


def test_pdf_print_setup(
    libreoffice: LibreOffice, poppler: None, blank: Path, tmp_path: Path
) -> None:
    """Printed by LibreOffice: guide, then A4 landscape pages with the header row repeated."""
    pdf = tmp_path / "return.pdf"
    libreoffice.convert_pdf(blank, pdf)
    pages = pdf_page_count(pdf)
    texts = pdf_text(pdf).split("\f")[:pages]
    assert pages >= 3  # the guide and at least two pages of tasks
    assert RETURN.GUIDE_HEADINGS[0] in texts[0]
    entry_pages = texts[1:]
    assert all(RETURN.label("status") in text for text in entry_pages)  # the header row repeats
    for number, text in enumerate(texts, start=1):
        assert f"第 {number} 页，共 {pages} 页" in text.replace("\u3000", " ")
        assert UNIT in text
    assert RETURN.META_SHEET not in "".join(texts)
    [plan] = plan_returns(MATRIX, [UNIT])
    assert all(task.title[:6] in "".join(entry_pages) for task, _ in plan.items)
    sizes = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", str(pages), str(pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    page_sizes = [
        line.split(":", 1)[1]
        for line in sizes.splitlines()
        if "size:" in line and line.startswith("Page")
    ]
    assert "595" in page_sizes[0].split("x")[0]  # the guide: A4 portrait
    assert all(
        size.split("x")[0].strip().startswith("841") for size in page_sizes[1:]
    )  # A4 landscape


def test_matrix_workbook_prints(libreoffice: LibreOffice, poppler: None, tmp_path: Path) -> None:
    """The matrix workbook prints on A4, every page whole and readable, all tasks on page 1."""
    book = write_matrix_workbook(MATRIX, tmp_path / "matrix.xlsx")
    assert check_print(libreoffice, book, tmp_path) == []
    pdf = tmp_path / "matrix.pdf"
    pages = pdf_page_count(pdf)
    first = pdf_text(pdf).split("\f")[0]
    assert "任务分工矩阵" in first
    assert "（十二）" in first  # all twelve tasks on the first page
    assert f"第 1 页，共 {pages} 页" in first


def test_legacy_xls_from_libreoffice(libreoffice: LibreOffice, blank: Path, tmp_path: Path) -> None:
    """A return saved by LibreOffice as Excel 97 (.xls) is reported as legacy."""
    profile = tmp_path / "profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "xls",
            "--outdir",
            str(tmp_path),
            str(blank),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    legacy = blank.with_suffix(".xls")
    assert legacy.read_bytes().startswith(b"\xd0\xcf\x11\xe0")
    assert validate_paths([legacy]).flatten("code") == [("file-legacy-xls",)]
