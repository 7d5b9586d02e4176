"""The 分工表 workbook in a real spreadsheet program: LibreOffice edits, saves and prints it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from attrs import evolve
from openpyxl import load_workbook
from support.libreoffice import LibreOffice, pdf_page_count, pdf_page_size, pdf_text
from test_notice_book import PARSED, TASKS, TEXT, cell
from test_notice_book_readings import LEAD, TWO_GOVERNMENTS, parsed

from gzgk import read_notice
from gzgk.cli import main
from gzgk.excel.notice_book import write_notice_workbook


def test_one_cell_corrected_in_libreoffice(libreoffice: LibreOffice, tmp_path: Path) -> None:
    """A unit typed into the empty 牵头单位 cell and saved by LibreOffice is read back: the notice is whole."""
    book = write_notice_workbook(
        PARSED.notice, tmp_path / "分工表.xlsx", issues=PARSED.issues, source="通知.txt"
    )
    corrected = tmp_path / "分工表-改.xlsx"
    libreoffice.fill(book, corrected, [(TASKS, cell("lead", 3), "市审计局")])
    result = read_notice(corrected)
    assert result.issues == ()
    third = evolve(PARSED.notice.tasks[2], lead=("市审计局",))
    assert result.notice == evolve(
        PARSED.notice, tasks=(*PARSED.notice.tasks[:2], third, PARSED.notice.tasks[3])
    )
    saved = load_workbook(corrected)  # the record of what was found stays with the workbook
    comment = saved[TASKS][cell("lead", 3)].comment
    assert comment is not None
    assert "task-units-unparsable" in comment.text


def test_corrected_in_libreoffice_is_not_replaced(
    libreoffice: LibreOffice, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 分工表 corrected and saved in LibreOffice is kept when the notice is parsed to it again."""
    notice = tmp_path / "通知.txt"
    notice.write_text(TEXT, encoding="utf-8")
    book = tmp_path / "分工表.xlsx"
    assert main(["parse", str(notice), "-o", str(book)], out=io.StringIO()) == 1
    saved = tmp_path / "保存中.xlsx"
    libreoffice.fill(book, saved, [(TASKS, cell("lead", 3), "市审计局")])
    saved.replace(book)  # the clerk's Save, over the file
    corrected = book.read_bytes()
    capsys.readouterr()
    assert main(["parse", str(notice), "-o", str(book)], out=io.StringIO()) == 2
    assert "[file-exists]" in capsys.readouterr().err
    assert book.read_bytes() == corrected
    assert read_notice(book).notice.tasks[2].lead == ("市审计局",)


def test_saved_unchanged_by_libreoffice(libreoffice: LibreOffice, tmp_path: Path) -> None:
    """Opened and saved by LibreOffice unchanged, the workbook reads back as the same notice."""
    book = write_notice_workbook(PARSED.notice, tmp_path / "分工表.xlsx", issues=PARSED.issues)
    saved = tmp_path / "另存.xlsx"
    libreoffice.resave(book, saved)
    result = read_notice(saved)
    assert result.notice == PARSED.notice
    assert result.flatten("code", "cell") == [("task-units-unparsable", cell("lead", 3))]


def test_printed_on_a4(libreoffice: LibreOffice, tmp_path: Path) -> None:
    """Printed, each sheet is an A4 landscape page: tasks, issues, facts (empty lists are hidden)."""
    book = write_notice_workbook(PARSED.notice, tmp_path / "分工表.xlsx", issues=PARSED.issues)
    pdf = tmp_path / "分工表.pdf"
    libreoffice.convert_pdf(book, pdf)
    assert pdf_page_count(pdf) == 3
    width, height = pdf_page_size(pdf)
    assert (round(width), round(height)) == (842, 595)
    pages = pdf_text(pdf).split("\f")
    assert "任务分工表" in pages[0]
    assert all(label in pages[0] for label in ("编号", "主要任务", "任务内容", "牵头单位"))
    assert "所属部分" not in pages[0]  # a column no task uses is hidden, and not printed
    assert "任务的单位栏无法拆分" in pages[1]  # the code's Chinese name (pdftotext cuts its -)
    assert PARSED.notice.title in pages[2]


def test_names_of_two_readings_typed_in_libreoffice(
    libreoffice: LibreOffice, tmp_path: Path
) -> None:
    """``钦南区、钦北区人民政府`` put right in LibreOffice: the two governments typed come back as two."""
    result = parsed("钦南区、钦北区人民政府")
    book = write_notice_workbook(result.notice, tmp_path / "分工表.xlsx", issues=result.issues)
    corrected = tmp_path / "分工表-改.xlsx"
    libreoffice.fill(
        book,
        corrected,
        [
            (TASKS, LEAD, "钦南区人民政府、钦北区人民政府"),
            (TASKS, cell("lead", 2), "市工信局 市财政局"),
        ],
    )
    back = read_notice(corrected)
    assert back.issues == ()
    assert [task.lead for task in back.notice.tasks] == [TWO_GOVERNMENTS, ("市工信局", "市财政局")]
