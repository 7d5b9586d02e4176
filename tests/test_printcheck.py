"""The print checker sees what a reader would: each kind of fault, printed by LibreOffice, is found.

Every test prints a small file made with the fault on purpose (and a sound twin where the fault
is a matter of degree) and asserts the checker reports exactly that kind of problem.
"""

from __future__ import annotations

from pathlib import Path

import docx
import xlsxwriter
from docx.shared import Pt
from support.libreoffice import LibreOffice
from support.printcheck import check_print


def _workbook(path: Path, fill: object) -> Path:
    """A one-sheet workbook ``fill(book, sheet)`` writes into."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("表")
    sheet.set_paper(9)
    fill(book, sheet)  # type: ignore[operator]
    book.close()
    return path


def _checks(office: LibreOffice, path: Path, folder: Path) -> set[str]:
    return {problem.check for problem in check_print(office, path, folder)}


def test_a_sound_sheet_has_no_problem(libreoffice: LibreOffice, tmp_path: Path) -> None:
    """A table with room for its text, a footer and a repeated header prints without problems."""

    def fill(book: xlsxwriter.Workbook, sheet: object) -> None:
        wrap = book.add_format({"text_wrap": True, "border": 1})
        sheet.set_column(0, 1, 20)  # type: ignore[attr-defined]
        sheet.write_row(0, 0, ["单位", "落实情况"], wrap)  # type: ignore[attr-defined]
        for row in range(1, 80):
            sheet.write_row(row, 0, ["章贡区", "已制定工作方案，按月调度推进。"], wrap)  # type: ignore[attr-defined]
            sheet.set_row(row, 36)  # type: ignore[attr-defined]
        sheet.repeat_rows(0)  # type: ignore[attr-defined]
        sheet.set_footer("&C第 &P 页，共 &N 页")  # type: ignore[attr-defined]

    path = _workbook(tmp_path / "好.xlsx", fill)
    assert check_print(libreoffice, path, tmp_path) == []


def test_text_cut_by_its_row(libreoffice: LibreOffice, tmp_path: Path) -> None:
    """Wrapped text in a row too low for it is cut: `cut`, naming the cell."""

    def fill(book: xlsxwriter.Workbook, sheet: object) -> None:
        wrap = book.add_format({"text_wrap": True, "border": 1})
        sheet.set_column(0, 0, 12)  # type: ignore[attr-defined]
        sheet.write(0, 0, "赣南苏区振兴发展工作办公室牵头的任务落实情况", wrap)  # type: ignore[attr-defined]
        sheet.set_row(0, 15)  # type: ignore[attr-defined]
        sheet.write(1, 0, "下一行", wrap)  # type: ignore[attr-defined]

    problems = check_print(libreoffice, _workbook(tmp_path / "截.xlsx", fill), tmp_path)
    assert [(p.check, p.detail[:3]) for p in problems] == [("cut", "A1 ")]


def test_a_phone_number_broken_over_two_lines(libreoffice: LibreOffice, tmp_path: Path) -> None:
    """A phone number wrapped in a cell too narrow for it: `broken`; its twin with room: none."""

    def fill(width: int) -> object:
        def write(book: xlsxwriter.Workbook, sheet: object) -> None:
            wrap = book.add_format({"text_wrap": True, "border": 1})
            sheet.set_column(0, 0, width)  # type: ignore[attr-defined]
            sheet.write(0, 0, "0797-8843485", wrap)  # type: ignore[attr-defined]
            sheet.set_row(0, 48)  # type: ignore[attr-defined]

        return write

    narrow = check_print(libreoffice, _workbook(tmp_path / "窄.xlsx", fill(7)), tmp_path)
    assert [(p.check, p.detail) for p in narrow] == [("broken", "A1 的“0797-8843485”折成了多行")]
    assert check_print(libreoffice, _workbook(tmp_path / "宽.xlsx", fill(15)), tmp_path) == []


def test_a_title_wider_than_its_cells(libreoffice: LibreOffice, tmp_path: Path) -> None:
    """A merged title that does not fit its merged cells loses its end: `cut`."""

    def fill(book: xlsxwriter.Workbook, sheet: object) -> None:
        title = book.add_format({"bold": True, "font_size": 16})
        sheet.set_column(0, 3, 6)  # type: ignore[attr-defined]
        sheet.merge_range(
            0, 0, 0, 3, "赣州市人民政府办公室关于印发工作要点的通知落实情况汇总", title
        )  # type: ignore[attr-defined]
        sheet.set_row(0, 24)  # type: ignore[attr-defined]

    assert _checks(libreoffice, _workbook(tmp_path / "题.xlsx", fill), tmp_path) == {"cut"}


def test_fit_to_width_shrinking_below_8_points(libreoffice: LibreOffice, tmp_path: Path) -> None:
    """Forty wide columns fitted to one A4 page print far below 8 pt: `small`."""

    def fill(book: xlsxwriter.Workbook, sheet: object) -> None:
        sheet.set_column(0, 39, 10)  # type: ignore[attr-defined]
        sheet.write_row(0, 0, [f"第{n}列" for n in range(40)])  # type: ignore[attr-defined]
        sheet.fit_to_pages(1, 0)  # type: ignore[attr-defined]

    assert _checks(libreoffice, _workbook(tmp_path / "小.xlsx", fill), tmp_path) == {"small"}


def test_footer_sections_running_into_each_other(libreoffice: LibreOffice, tmp_path: Path) -> None:
    """A long left footer wraps and prints over the page numbers: `overlap` and `repeat`."""
    title = "赣州市人民政府办公室关于印发贯彻落实省政府办公厅2024年政务公开工作要点任务分工的通知"

    def fill(book: xlsxwriter.Workbook, sheet: object) -> None:
        sheet.write(0, 0, "内容")  # type: ignore[attr-defined]
        sheet.set_footer(f"&L{title}落实情况汇总&C第 &P 页，共 &N 页&R汇总说明")  # type: ignore[attr-defined]

    checks = _checks(libreoffice, _workbook(tmp_path / "脚.xlsx", fill), tmp_path)
    assert checks == {"overlap", "repeat"}


def test_a_page_of_nothing_but_the_header(libreoffice: LibreOffice, tmp_path: Path) -> None:
    """A sheet that prints only its repeated header row and footer: `blank`."""

    def fill(book: xlsxwriter.Workbook, sheet: object) -> None:
        sheet.write_row(0, 0, ["时间", "操作", "结果", "说明"])  # type: ignore[attr-defined]
        sheet.repeat_rows(0)  # type: ignore[attr-defined]
        sheet.set_footer("&C第 &P 页")  # type: ignore[attr-defined]

    assert _checks(libreoffice, _workbook(tmp_path / "空.xlsx", fill), tmp_path) == {"blank"}


def test_a_chart_over_a_page_break(libreoffice: LibreOffice, tmp_path: Path) -> None:
    """A chart whose top is on one page and its axis on the next: `split`."""

    def fill(book: xlsxwriter.Workbook, sheet: object) -> None:
        sheet.write_column(0, 0, ["甲", "乙", "丙"])  # type: ignore[attr-defined]
        sheet.write_column(0, 1, [1, 2, 3])  # type: ignore[attr-defined]
        chart = book.add_chart({"type": "bar"})
        chart.add_series({"categories": "=表!$A$1:$A$3", "values": "=表!$B$1:$B$3"})
        chart.set_title({"name": "落实进度图"})
        chart.set_x_axis({"name": "任务数"})
        chart.set_size({"width": 480, "height": 400})
        sheet.insert_chart(38, 0, chart)  # type: ignore[attr-defined]

    assert _checks(libreoffice, _workbook(tmp_path / "图.xlsx", fill), tmp_path) == {"split"}


def test_a_word_table_row_over_two_pages(libreoffice: LibreOffice, tmp_path: Path) -> None:
    """A Word table row allowed to break, at the foot of a page: `split`."""
    document = docx.Document()
    for _ in range(40):
        document.add_paragraph("正文")
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.cell(0, 0).text = "市司法局"
    table.cell(0, 1).text = "\n".join(f"第{n}行落实情况" for n in range(12))
    for paragraph in document.paragraphs:
        paragraph.paragraph_format.space_after = Pt(0)
    path = tmp_path / "表.docx"
    document.save(str(path))
    assert _checks(libreoffice, path, tmp_path) == {"split"}
