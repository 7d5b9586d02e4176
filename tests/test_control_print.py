"""The control workbook's result tables print as the clerk reads them, through LibreOffice."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook, load_workbook
from support.libreoffice import LibreOffice
from support.pdfread import Glyph, PrintedPage
from support.printcheck import print_pdf
from support.returns import ENTRY, KEY, MATRIX, NOTICE, ROUND_1, edit, filled, task_cell

from gzgk.contract import CONTROL, TABLE
from gzgk.excel.control import write_control
from gzgk.excel.macros import run_file
from gzgk.history import History

UNIT = "章贡区"
# The name a return comes back under, as long as offices make them.
RETURNED = f"01-{UNIT}-落实情况报送表-2024年第二季度（第二次报送，已修改）.xlsx"


def _printed_runs(pages: tuple[PrintedPage, ...], wanted: str) -> list[list[Glyph]]:
    """Every place ``wanted`` prints whole on the pages (spaces ignored): its glyphs."""
    glyphs = [glyph for page in pages for glyph in page.glyphs if glyph.visible]
    glyphs = [glyph for glyph in glyphs if not glyph.text.isspace()]
    text = "".join(glyph.text for glyph in glyphs)
    needle = "".join(wanted.split())
    found, start = [], text.find(needle)
    while needle and start >= 0:
        found.append(glyphs[start : start + len(needle)])
        start = text.find(needle, start + 1)
    return found


def test_results_print_each_place_on_one_line(libreoffice: LibreOffice, tmp_path: Path) -> None:
    """校验结果 prints every 位置 on one line, however long the file names and messages beside it.

    No bracket of 落实情况!G18（任务（十二）） wraps onto a line of its own.
    """
    control = write_control(tmp_path / "控制台.xlsx", notice=NOTICE, source="ganzhou-2024")
    folder = tmp_path / "报回"
    folder.mkdir()
    rows = len(MATRIX.assignments_of(UNIT, expand=True))

    def blank_statuses(book: Workbook) -> None:
        for row in range(1, rows + 1):
            book[ENTRY][task_cell("status", row)] = None

    edit(filled(folder, UNIT, key=KEY), blank_statuses, name=RETURNED)
    (folder / f"{UNIT}-已填.xlsx").unlink()
    book = load_workbook(control)
    book[CONTROL.CONTROL_SHEET][CONTROL.cell("received_folder")] = "报回"
    book.save(control)
    assert not run_file("validate_folder", control).ok

    sheet = load_workbook(control)[CONTROL.RESULTS_SHEET]
    place = CONTROL.RESULTS_HEADER.index("位置") + 1
    first = TABLE.header_row() + 1
    places = [sheet.cell(row, place).value for row in range(first, sheet.max_row + 1)]
    assert len(places) == rows
    assert any("（任务（十" in str(text) for text in places)  # two-character task numbers
    printout, problems = print_pdf(libreoffice, control, tmp_path / "pdf")
    assert not problems, "\n".join(map(str, problems))
    [part] = [part for part in printout.parts if part.name == CONTROL.RESULTS_SHEET]
    for text in places:
        [run] = _printed_runs(part.pages, str(text))
        lines = {round(glyph.top) for glyph in run}
        assert len(lines) == 1, f"{text} prints on {len(lines)} lines"


def test_replace_round_typed_in_libreoffice(libreoffice: LibreOffice, tmp_path: Path) -> None:
    """WPS or LibreOffice at the control: the refusal's cell, typed there and saved, replaces.

    The control workbook, saved by LibreOffice with the round typed into 整期替换台账, runs
    汇总报送 again in file mode; it prints with nothing cut, overlapping or too small.
    """
    folder = tmp_path / "报回"
    folder.mkdir()
    for unit in (UNIT, "市司法局"):
        filled(folder, unit, key=KEY, round_=ROUND_1)
    control = write_control(tmp_path / "控制台.xlsx", notice=NOTICE, source="ganzhou-2024")
    book = load_workbook(control)
    values = {"received_folder": "报回", "summary_file": "汇总表.xlsx", "round": ROUND_1.name,
              "history_file": "台账.sqlite", "as_of": "2024-07-10"}  # fmt: skip
    for key, value in values.items():
        book[CONTROL.CONTROL_SHEET][CONTROL.cell(key)] = value
    book.save(control)
    assert run_file("merge_returns", control).ok
    (folder / "市司法局-已填.xlsx").unlink()
    refused = run_file("merge_returns", control)
    cell = CONTROL.cell("replace_round")
    assert f"“整期替换台账”（{cell} 单元格）中填写“{ROUND_1.name}”" in refused.message
    typed = tmp_path / "控制台-已填.xlsx"
    libreoffice.fill(control, typed, {(CONTROL.CONTROL_SHEET, cell): ROUND_1.name})
    typed.replace(control)
    replaced = run_file("merge_returns", control)
    assert replaced.ok, replaced.message
    assert "已整期替换" in replaced.message
    with History.open(tmp_path / "台账.sqlite") as history:
        [notice] = history.notices()
        assert {entry.unit_name for entry in history.entries(notice[0])} == {UNIT}
    _, problems = print_pdf(libreoffice, control, tmp_path / "pdf")
    assert not problems, "\n".join(map(str, problems))
