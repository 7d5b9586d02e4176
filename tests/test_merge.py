"""Merging returns into the summary workbook: every sheet, every rule, nothing live from a return."""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import xlsxwriter.worksheet
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineWorkbook
from support.returns import ENTRY, MATRIX, NOTICE, crashing, edit, filled, task_cell

from gzgk.contract import COMPARISON, RETURN, SUMMARY, TABLE
from gzgk.excel import writer
from gzgk.excel.merge import merge_paths
from gzgk.excel.summary_book import reminders_workbook, summary_workbook, write_summary
from gzgk.report import FileReport, code_label
from gzgk.returns import Entry, ReturnContent
from gzgk.summary import CellState, Received, Summary, consolidate

AS_OF = dt.datetime(2024, 7, 10, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
PAYLOADS = {
    task_cell("progress"): "=1+1",
    task_cell("evidence"): '=HYPERLINK("http://example.invalid/x","点我")',
    task_cell("problems"): "-待定",
    task_cell("plans"): "@SUM(A1:A2)",
    task_cell("progress", 2): "+cmd|' /C calc'!A0",
    task_cell("evidence", 2): "\t制表符开头",
    task_cell("problems", 2): "\r回车开头",
    task_cell("plans", 2): "=cmd|' /C calc'!A0",
}
LIVE = {
    task_cell("evidence", 3): '=HYPERLINK("http://example.invalid/y","详见附件")'
}  # a real formula in the return


def _payloads(book: Workbook) -> None:
    sheet = book[ENTRY]
    for cell, text in PAYLOADS.items():
        sheet[cell].value = text
        sheet[cell].data_type = "s"
    for cell, formula in LIVE.items():
        sheet[cell] = formula


def _blank_status(book: Workbook) -> None:
    book[ENTRY][task_cell("status")] = None


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of returns as an office receives them."""
    folder = tmp_path_factory.mktemp("报回")
    work = tmp_path_factory.mktemp("work")
    (folder / "早").mkdir()
    filled(folder / "早", "章贡区", name="章贡区.xlsx", date=dt.date(2024, 7, 1))
    filled(folder, "章贡区", name="章贡区-修改稿.xlsx", date=dt.date(2024, 7, 4))
    filled(folder, "南康区", name="南康区.xlsx", date=dt.date(2024, 7, 8))
    bad = edit(filled(work, "市司法局", date=dt.date(2024, 7, 2)), _blank_status)
    bad.rename(folder / "市司法局.xlsx")
    odd = edit(filled(work, "市科技局", date=dt.date(2024, 7, 3)), _payloads)
    odd.rename(folder / "市科技局.xlsx")
    (folder / "市财政局.xlsx").write_bytes(b"PK\x03\x04 cut off in the mail")
    crashing(folder, "市公安局-落实情况报送表.xlsx")
    return folder


@pytest.fixture(scope="module")
def summary(batch: Path) -> Summary:
    """The batch merged (in worker processes)."""
    return merge_paths([batch], notice=NOTICE, as_of=AS_OF)


@pytest.fixture(scope="module")
def summary_file(summary: Summary, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The summary workbook, written."""
    return write_summary(summary, tmp_path_factory.mktemp("out") / "汇总.xlsx")


@pytest.fixture(scope="module")
def book(summary_file: Path) -> Workbook:
    """The summary workbook read back by openpyxl."""
    return load_workbook(summary_file)


def rows(sheet: Worksheet, header: int = 1) -> list[list[object]]:
    """Every row below the header (row ``header``), as values."""
    return [list(row) for row in sheet.iter_rows(min_row=header + 1, values_only=True)]


REMINDER_HEADER = 3  # a title and a line with the moment above the table


def sheet(book: Workbook, title: str) -> Worksheet:
    """A worksheet by title."""
    found = book[title]
    assert isinstance(found, Worksheet)
    return found


def all_cells(book: Workbook) -> Iterator[tuple[str, object]]:
    """Every non-empty cell of every sheet: (where, cell)."""
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield f"{ws.title}!{cell.coordinate}", cell


def test_every_sheet_in_order(book: Workbook) -> None:
    """The summary has the eight sheets, in the order the office reads them, and hidden ``_data``."""
    assert book.sheetnames == [*SUMMARY.SHEETS, COMPARISON.DATA_SHEET]
    assert book[COMPARISON.DATA_SHEET].sheet_state == "veryHidden"


def test_nothing_from_a_return_is_live(book: Workbook) -> None:
    """No cell of the summary is a formula: the workbook holds no formula at all."""
    formulas = [where for where, cell in all_cells(book) if cell.data_type == "f"]  # type: ignore[attr-defined]
    assert formulas == []


def test_formula_payloads_kept_verbatim(book: Workbook, summary_file: Path) -> None:
    """Text that looks like a formula, and a real formula, arrive as the exact text, stored as text."""
    header = list(SUMMARY.DETAILS_HEADER)
    column = {label: header.index(label) for label in header}
    # python-calamine decodes the _xHHHH_ escapes of shared strings as Excel does; openpyxl does not
    values = CalamineWorkbook.from_path(str(summary_file)).get_sheet_by_name(SUMMARY.DETAILS_SHEET)
    science = [row for row in values.to_python() if row[0] == "市科技局"]
    first, second, third = science[0], science[1], science[2]
    assert first[column[RETURN.label("progress")]] == PAYLOADS[task_cell("progress")]
    assert first[column[RETURN.label("evidence")]] == PAYLOADS[task_cell("evidence")]
    assert first[column[RETURN.label("problems")]] == PAYLOADS[task_cell("problems")]
    assert first[column[RETURN.label("plans")]] == PAYLOADS[task_cell("plans")]
    assert second[column[RETURN.label("progress")]] == PAYLOADS[task_cell("progress", 2)]
    assert second[column[RETURN.label("evidence")]] == PAYLOADS[task_cell("evidence", 2)]
    assert second[column[RETURN.label("problems")]] == PAYLOADS[task_cell("problems", 2)]
    assert second[column[RETURN.label("plans")]] == PAYLOADS[task_cell("plans", 2)]
    assert third[column[RETURN.label("evidence")]] == LIVE[task_cell("evidence", 3)]
    cells = [
        row for row in sheet(book, SUMMARY.DETAILS_SHEET).iter_rows() if row[0].value == "市科技局"
    ]
    for cell in (*cells[0], *cells[1], *cells[2]):
        assert cell.data_type in ("s", "n")
    assert cells[0][
        column[RETURN.label("progress")]
    ].quotePrefix  # editing it in Excel keeps it text


def test_status_sheet(book: Workbook, summary: Summary, batch: Path) -> None:
    """报送情况: every expected unit; received or not, on time or late, valid or not, the file."""
    by_unit = {row[1]: row for row in rows(sheet(book, SUMMARY.STATUS_SHEET))}
    assert len(by_unit) == len(MATRIX.reporting_units())
    header = SUMMARY.STATUS_HEADER
    zhanggong = dict(zip(header, by_unit["章贡区"], strict=True))
    assert zhanggong["报送情况"] == "已报送"
    assert zhanggong["是否按时"] == "按时"
    assert zhanggong["是否合格"] == "合格"
    assert zhanggong["来源文件"] == str(batch / "章贡区-修改稿.xlsx")
    assert zhanggong[RETURN.label("date")] == "2024年7月4日"
    assert (zhanggong[RETURN.label("contact")], zhanggong[RETURN.label("phone")]) == (
        "张三",
        "0797-8992059",
    )
    assert "另收到 1 份较早的报送，未采用" in str(zhanggong["说明"])
    assert str(batch / "早" / "章贡区.xlsx") in str(zhanggong["说明"])
    nankang = dict(zip(header, by_unit["南康区"], strict=True))
    assert nankang["是否按时"] == "逾期报送"
    justice = dict(zip(header, by_unit["市司法局"], strict=True))
    assert (justice["是否合格"], justice["错误"]) == ("不合格", 1)
    finance = dict(zip(header, by_unit["市财政局"], strict=True))
    assert finance["报送情况"] == "未报送"
    assert finance["是否按时"] == "逾期未报"
    assert "市财政局.xlsx”但无法采用" in str(finance["说明"])


def test_matrix_sheet(book: Workbook, summary: Summary) -> None:
    """进度矩阵: statuses as text and colour; grey without a role; empty when not received.

    A return that failed validation shows 不合格 in every cell of its tasks, in a colour of
    its own: what it says is not adopted, however it filled a status in.
    """
    ws = sheet(book, SUMMARY.MATRIX_SHEET)
    units = [u.unit.short_name for u in summary.expected]
    assert ws.cell(1, 1).value == SUMMARY.MATRIX_FIXED[0]
    task_columns = {cell.value: cell.column for cell in ws[1] if cell.value}
    unit_rows = {
        ws.cell(row, 1).value: row for row in range(1, ws.max_row + 1) if ws.cell(row, 1).value
    }
    assert set(units) <= set(unit_rows)
    columns, task_rows = unit_rows, task_columns  # cell(row of the unit, column of the task)
    justice = summary.unit("市司法局")
    assert justice.valid is False  # one 落实状态 left blank
    five = NOTICE.task("五")
    entry = justice.entry(five)
    assert entry is not None
    assert entry.status  # written, but not adopted
    cell = ws.cell(columns["市司法局"], task_rows["（五）"])
    assert cell.value == SUMMARY.INVALID
    assert cell.fill.fgColor.rgb.endswith(SUMMARY.STATE_COLOURS["rejected"].lstrip("#"))
    unit, task = next(
        (unit, task)
        for unit in summary.expected
        for task, _ in unit.tasks
        if unit.valid and unit.state(task) is CellState.DONE
    )
    done = ws.cell(columns[unit.name], task_rows[task.label])
    assert done.value == RETURN.STATUSES[0]
    assert done.fill.fgColor.rgb.endswith(SUMMARY.STATE_COLOURS["done"].lstrip("#"))
    no_role = ws.cell(columns["市司法局"], task_rows["（一）"])
    assert no_role.value is None
    assert no_role.fill.fgColor.rgb.endswith("D9D9D9")
    assert ws.cell(columns["瑞金市"], task_rows["（三）"]).value is None  # not received
    for unit in summary.expected:  # every cell: the status as written, a marker, or empty
        for task in NOTICE.tasks:
            state, entry = unit.state(task), unit.entry(task)
            expected = {
                CellState.NO_ROLE: None,
                CellState.NOT_RECEIVED: None,
                CellState.UNFILLED: SUMMARY.UNFILLED,
                CellState.ROW_MISSING: SUMMARY.ROW_MISSING,
                CellState.REJECTED: SUMMARY.INVALID,
            }.get(state, entry.status if entry else None)
            assert ws.cell(columns[unit.name], task_rows[task.label]).value == expected
    legend = [cell.value for row in ws.iter_rows(min_col=1, max_col=1) for cell in row]
    assert SUMMARY.MATRIX_LEGEND in legend


def test_details_sheet(book: Workbook, summary: Summary) -> None:
    """落实明细: one row per unit × task of every return used, with its file and SHA-256."""
    data = rows(sheet(book, SUMMARY.DETAILS_SHEET))
    used = [u for u in summary.expected if u.received is not None]
    assert len(data) == sum(len(u.tasks) for u in used)
    header = list(SUMMARY.DETAILS_HEADER)
    zhanggong = [row for row in data if row[0] == "章贡区"]
    source = Path(str(zhanggong[0][header.index("来源文件")]))
    assert zhanggong[0][header.index("SHA-256")] == hashlib.sha256(source.read_bytes()).hexdigest()
    ws = sheet(book, SUMMARY.DETAILS_SHEET)
    assert ws.auto_filter.ref is not None
    assert ws.freeze_panes == TABLE.FREEZE.cell


def test_issues_sheet_lists_every_issue(book: Workbook, summary: Summary) -> None:
    """问题清单: every issue of every file (superseded and unusable ones too), located."""
    data = rows(sheet(book, SUMMARY.ISSUES_SHEET))
    assert len(data) == len(summary.issues)
    column = SUMMARY.ISSUES_HEADER.index
    codes = {row[column("代码")] for row in data}
    wanted = {"file-memory-exceeded", "file-not-xlsx", "missing-value", "formula-in-entry"}
    assert {code_label(code) for code in wanted} <= codes
    located = next(row for row in data if row[column("代码")] == code_label("missing-value"))
    first = task_cell("status")  # 市司法局's first task
    assert located[column("位置")] == f"{ENTRY}!{first}（任务（三））"
    assert located[column("单位")] == "市司法局"
    assert str(located[column("文件")]).endswith(".xlsx")


def test_reminders_sheet(book: Workbook) -> None:
    """催报清单: missing, late and invalid units, with what to ask for."""
    ws = sheet(book, SUMMARY.REMINDERS_SHEET)
    assert [cell.value for cell in ws[REMINDER_HEADER]] == list(SUMMARY.REMINDERS_HEADER)
    data = {row[1]: row for row in rows(ws, REMINDER_HEADER)}
    state, owed = (
        SUMMARY.REMINDERS_HEADER.index("情况"),
        SUMMARY.REMINDERS_HEADER.index("需补报或修改的内容"),
    )
    assert "章贡区" not in data
    assert data["南康区"][state] == (
        f"逾期报送（{RETURN.label('date')} 2024年7月8日，时限 2024年7月5日）"
    )
    assert data["市司法局"][state] == "报送表不合格（错误 1 处）"
    assert f"“{RETURN.label('status')}”未填写" in str(data["市司法局"][owed])
    assert data["瑞金市"][state] == "逾期未报（逾期 5 天）"
    assert str(data["瑞金市"][owed]).startswith("整份报送表（任务")
    assert "需要的内存超过了上限" in str(data["市公安局"][owed])


def test_files_sheet_accounts_for_every_file(book: Workbook, batch: Path) -> None:
    """收到文件: every file read, with what became of it and its SHA-256."""
    data = {row[1]: row for row in rows(sheet(book, SUMMARY.FILES_SHEET))}
    on_disk = sorted(str(p) for p in batch.rglob("*.xlsx"))
    assert sorted(data) == on_disk
    assert data[str(batch / "章贡区-修改稿.xlsx")][3] == "采用"
    assert str(data[str(batch / "早" / "章贡区.xlsx")][3]).startswith("已被较新的报送替代")
    assert str(data[str(batch / "市财政局.xlsx")][3]).startswith("无法采用")
    checked = str(batch / "南康区.xlsx")
    assert data[checked][9] == hashlib.sha256(Path(checked).read_bytes()).hexdigest()


def test_overview_counts_and_chart(book: Workbook, summary: Summary, tmp_path: Path) -> None:
    """汇总说明: the counts, and a native chart fed from the per-unit table."""
    ws = sheet(book, SUMMARY.OVERVIEW_SHEET)
    facts = {row[0]: row[1] for row in ws.iter_rows(min_row=3, max_col=2, values_only=True)}
    counts = summary.counts()
    assert facts["统计时间"] == "2024年7月10日 18:00"
    assert str(facts["已报送"]).startswith(f"{counts.received} 个（按时 {counts.on_time} 个")
    assert str(facts["未报送"]).startswith(f"{counts.missing} 个（其中逾期未报 {counts.overdue} 个")
    assert "市政府有关部门" in str(facts["待明确"])
    path = tmp_path / "汇总.xlsx"
    path.write_bytes(summary_workbook(summary))
    with zipfile.ZipFile(path) as archive:
        chart = archive.read("xl/charts/chart1.xml").decode()
    assert "<c:barChart>" in chart
    assert "'汇总说明'!$A$" in chart or "汇总说明!$A$" in chart


def test_print_setup(book: Workbook) -> None:
    """Every visible sheet prints on A4 with page numbers; tables repeat their header rows."""
    for ws in (ws for ws in book.worksheets if ws.sheet_state == "visible"):
        assert ws.page_setup.paperSize == 9, ws.title
        assert "&P" in (ws.oddFooter.center.text or ""), ws.title
        assert ws.print_title_rows, ws.title


def test_reminders_workbook_alone(summary: Summary, tmp_path: Path) -> None:
    """The 催报清单 on its own workbook has the same rows as in the summary."""
    path = tmp_path / "催报.xlsx"
    path.write_bytes(reminders_workbook(summary))
    alone = load_workbook(path)
    assert alone.sheetnames == [SUMMARY.REMINDERS_SHEET]
    listed = rows(sheet(alone, SUMMARY.REMINDERS_SHEET), REMINDER_HEADER)
    assert len(listed) == len(summary.reminders())


def test_inputs_are_never_modified(batch: Path, tmp_path: Path) -> None:
    """Merging reads the returns only: every byte and file time stays as it was."""
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in batch.rglob("*") if p.is_file()}
    merge_paths([batch], notice=NOTICE, as_of=AS_OF, workers=1)
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in batch.rglob("*") if p.is_file()}
    assert after == before


def test_awkward_text_round_trips(tmp_path: Path) -> None:
    """Escape look-alikes, control characters and rare CJK come back exactly; over-long text is cut with a note."""
    unit = MATRIX.registry.unit("章贡区")
    tasks = [task for task, _ in MATRIX.assignments_of(unit, expand=True)]
    texts = ["_x0041_ 不是 A", "响铃\x07与退格\x08", "𠀀𪚥 扩展B汉字", "行一\n行二\r\n行三"]
    entries = {
        task.id: Entry(status="推进中", progress=text)
        for task, text in zip(tasks, texts, strict=False)
    }
    entries[tasks[4].id] = Entry(status="推进中", progress="长" * 40000)
    record = Received(
        path="章贡区.xlsx",
        relative="章贡区.xlsx",
        report=FileReport(path="章贡区.xlsx"),
        content=ReturnContent(unit=unit, unit_name="章贡区", belongs=True, entries=entries),
    )
    path = tmp_path / "汇总.xlsx"
    path.write_bytes(summary_workbook(consolidate([record], MATRIX, AS_OF)))
    details = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(SUMMARY.DETAILS_SHEET)
    progress = [
        row[SUMMARY.DETAILS_HEADER.index(RETURN.label("progress"))]
        for row in details.to_python()[1:]
    ]
    assert progress[:4] == texts
    assert len(progress[4]) == 32767
    assert progress[4].endswith("（超过单元格上限，余下内容见原文件）")


def test_summary_bytes_are_plain_xlsxwriters(
    summary: Summary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Text cells written in one step are byte for byte what plain xlsxwriter writes.

    The summary holds every kind of cell: text with its style, text that starts
    like a formula (quote-prefixed), numbers, percentages, blanks, formulas.
    """
    direct = summary_workbook(summary)
    monkeypatch.setattr(
        writer._Worksheet, "_write_cell", xlsxwriter.worksheet.Worksheet._write_cell
    )
    assert summary_workbook(summary) == direct
