"""Workbooks of a reporting round: pre-filled returns, 进展对比 with live lights, and ``_data``."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import attrs
import pytest
import xlsxwriter.worksheet
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from support.returns import MATRIX, NOTICE, ROUND_1, ROUND_2, earlier, filled, generate

from gzgk.comparison import Light, Previous, PreviousMismatchError, compare
from gzgk.contract import COMPARISON, RETURN, SUMMARY
from gzgk.excel import writer
from gzgk.excel.generate import generate_returns, progress_formula
from gzgk.excel.merge import merge_paths
from gzgk.excel.previous import PreviousReadError, read_previous
from gzgk.excel.read import read_return
from gzgk.excel.rounds_book import MatrixCells, light_formula, matrix_lights
from gzgk.excel.summary_book import summary_workbook, write_summary
from gzgk.excel.writer import WorkbookBuffer
from gzgk.report import code_label

ROUND_TABLE = RETURN.ROUND_COLUMNS
AS_OF = dt.datetime(2024, 10, 12, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _entry_sheet(path: Path) -> Worksheet:
    sheet = load_workbook(path)[RETURN.ENTRY_SHEET]
    assert isinstance(sheet, Worksheet)
    return sheet


def _cell(key: str, row: int = 1) -> str:
    return RETURN.column(key, ROUND_TABLE).cell(RETURN.FIRST_ROW + row - 1)


@pytest.fixture(scope="module")
def previous() -> Previous:
    """章贡区's answers accepted in round 1."""
    return earlier(MATRIX, "章贡区")


@pytest.fixture(scope="module")
def prefilled(tmp_path_factory: pytest.TempPathFactory, previous: Previous) -> Path:
    """章贡区's round-2 return, pre-filled from round 1."""
    return generate(tmp_path_factory.mktemp("r"), round_=ROUND_2, previous=previous)


def test_return_names_its_round(prefilled: Path) -> None:
    """Title, file name, metadata and custom property name the round; due on the round's date."""
    sheet = _entry_sheet(prefilled)
    assert sheet[RETURN.TITLE.cell].value.endswith(f"（{ROUND_2.name}）")
    assert "报送时限：2024年10月10日前" in sheet[RETURN.NOTE.cell].value
    assert RETURN.PREVIOUS_NOTE in sheet[RETURN.NOTE.cell].value
    data = read_return(prefilled)
    assert data.meta["round"] == ROUND_2.name
    assert data.meta["report_due"] == "2024-10-10"
    [plan] = generate_returns(
        MATRIX, prefilled.parent / "all", units=["章贡区"], round=ROUND_2
    ).plans
    assert plan.file_name == f"01-章贡区-{RETURN.TITLE_SUFFIX}-{ROUND_2.name}.xlsx"


def test_prefilled_with_last_answers(prefilled: Path, previous: Previous) -> None:
    """Each task row carries last round's answer in its entry cells, status beside it, news blank."""
    sheet = _entry_sheet(prefilled)
    header = [c.value for c in sheet[RETURN.HEADER_ROW]][: len(ROUND_TABLE)]
    assert header == [column.label for column in ROUND_TABLE]
    for row, (task, _) in enumerate(MATRIX.assignments_of("章贡区", expand=True), start=1):
        answer = previous.answer("zhanggong", task.id)
        assert answer is not None
        assert sheet[_cell("previous_status", row)].value == answer.status
        assert sheet[_cell("status", row)].value == answer.status
        assert sheet[_cell("progress", row)].value == answer.entry.progress
        assert sheet[_cell("news", row)].value is None
        hidden = RETURN.PREVIOUS_COLUMNS[1].cell(RETURN.FIRST_ROW + row - 1)
        assert sheet[hidden].value == answer.entry.progress
    assert sheet[RETURN.field("contact").cell].value == "张三"  # last round's contact


def test_previous_columns_hidden_and_shown_apart(prefilled: Path) -> None:
    """Last round's copies are hidden; cells still equal to them are coloured until changed."""
    sheet = _entry_sheet(prefilled)
    hidden = {
        number
        for dimension in sheet.column_dimensions.values()
        if dimension.hidden and dimension.min is not None and dimension.max is not None
        for number in range(dimension.min, dimension.max + 1)
    }
    assert hidden == {column.index + 1 for column in RETURN.PREVIOUS_COLUMNS}
    rules = {
        str(cells): [rule.formula[0] for rule in found]
        for cells, found in sheet.conditional_formatting._cf_rules.items()
    }
    status, earlier_status = _cell("status"), RETURN.PREVIOUS_COLUMNS[0].cell(RETURN.FIRST_ROW)
    found = [formula for formulas in rules.values() for formula in formulas]
    assert f"AND(LEN(${earlier_status})>0,${status}=${earlier_status})" in found
    news = _cell("news")
    validations = [dv for dv in sheet.data_validations.dataValidation if news in str(dv.sqref)]
    assert [dv.formula1 for dv in validations] == ['"是,否"']


def test_self_check_counts_news(prefilled: Path) -> None:
    """填报进度 counts the unanswered 本期是否有新进展 and header fields not carried over."""
    sheet = _entry_sheet(prefilled)
    count = len(MATRIX.assignments_of("章贡区", expand=True))
    formula, _ = progress_formula(RETURN.FIRST_ROW, RETURN.FIRST_ROW + count - 1, ROUND_TABLE)
    assert sheet[RETURN.PROGRESS.cell].value == formula
    cached = load_workbook(prefilled, data_only=True)[RETURN.ENTRY_SHEET]
    unfilled = [f for f in RETURN.entry_fields if f.required and f.key not in ("contact", "phone")]
    expected = RETURN.INCOMPLETE.format(count=count + len(unfilled))  # contact and phone carried
    assert cached[RETURN.PROGRESS.cell].value == expected


def test_round_without_previous_is_the_one_off_table(tmp_path: Path) -> None:
    """A round with nothing earlier: the plain table, the round in title and metadata."""
    path = generate(tmp_path, round_=ROUND_1)
    header = [c.value for c in _entry_sheet(path)[RETURN.HEADER_ROW]][: len(RETURN.COLUMNS)]
    assert header == list(RETURN.labels)
    assert read_return(path).meta["round"] == ROUND_1.name


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory, previous: Previous) -> Path:
    """Round 2 merged against round 1: 章贡区 and 市司法局 report, the rest do not."""
    folder = tmp_path_factory.mktemp("back")
    filled(folder, "章贡区", round_=ROUND_2, previous=previous, date=dt.date(2024, 10, 9))
    filled(folder, "市司法局", round_=ROUND_1, name="上期的.xlsx")  # another round's return
    summary = merge_paths(
        [folder], notice=NOTICE, round=ROUND_2, previous=previous, as_of=AS_OF, workers=0
    )
    return write_summary(summary, folder.parent / "汇总.xlsx")


def test_other_rounds_return_is_not_mixed_in(merged: Path) -> None:
    """A return of round 1 in round 2's folder is listed, never merged."""
    book = load_workbook(merged)
    status = book[SUMMARY.STATUS_SHEET]
    rows = {row[1].value: row[3].value for row in status.iter_rows(min_row=2)}
    assert rows["章贡区"] == SUMMARY.RECEIVED
    assert rows["市司法局"] == SUMMARY.NOT_RECEIVED
    column = SUMMARY.ISSUES_HEADER.index("代码")
    codes = [row[column].value for row in book[SUMMARY.ISSUES_SHEET].iter_rows(min_row=2)]
    assert code_label("other-round") in codes


def test_comparison_sheet(merged: Path) -> None:
    """进展对比: one row per task × unit with both statuses, the change, streak and a live light."""
    book = load_workbook(merged)
    assert (
        book.sheetnames.index(COMPARISON.SHEET) == book.sheetnames.index(SUMMARY.MATRIX_SHEET) + 1
    )
    sheet = book[COMPARISON.SHEET]
    header = [c.value for c in sheet[COMPARISON.HEADER_ROW]][: len(COMPARISON.COLUMNS)]
    assert header == list(COMPARISON.labels)
    first = COMPARISON.HEADER_ROW + 1
    unit = COMPARISON.column("unit").index
    rows = [row for row in sheet.iter_rows(min_row=first) if row[unit].value == "章贡区"]
    assert len(rows) == len(MATRIX.assignments_of("章贡区", expand=True))
    light = COMPARISON.column("light")
    assert rows[0][light.index].value == light_formula(rows[0][0].row)
    cached = load_workbook(merged, data_only=True)[COMPARISON.SHEET]
    values = {cached.cell(row[0].row, light.index + 1).value for row in rows}
    assert values <= {Light.GREEN.label, Light.YELLOW.label}
    change = COMPARISON.column("change").index
    assert {row[change].value for row in rows} == {"有进展", "保持完成"}
    assert (
        book.defined_names[COMPARISON.NAMES["light_date"]].attr_text == f"'{COMPARISON.SHEET}'!$C$5"
    )


def test_matrix_takes_the_lights(merged: Path) -> None:
    """The progress matrix's unit cells are coloured by conditional formats on the lights."""
    sheet = load_workbook(merged)[SUMMARY.MATRIX_SHEET]
    formulas = [
        rule.formula[0]
        for found in sheet.conditional_formatting._cf_rules.values()
        for rule in found
    ]
    assert len(formulas) == 3
    assert all(COMPARISON.NAMES["light"] in formula for formula in formulas)


def test_overview_names_round_and_comparison(merged: Path) -> None:
    """汇总说明 names the round and gives the comparison's counts."""
    sheet = load_workbook(merged)[SUMMARY.OVERVIEW_SHEET]
    facts = {row[0].value: row[1].value for row in sheet.iter_rows(min_row=3, max_row=25)}
    assert facts[SUMMARY.FACTS["round"]] == ROUND_2.label
    assert str(facts[SUMMARY.FACTS["comparison"]]).startswith(f"较上期（{ROUND_1.name}）新完成 ")


def test_data_sheet_read_back(merged: Path, previous: Previous) -> None:
    """The next round reads the round, the notice and every last accepted answer back."""
    back = read_previous(merged)
    assert back.round == ROUND_2.name
    assert back.due == ROUND_2.due
    answer = back.answer("zhanggong", NOTICE.task("一").id)
    assert answer is not None
    assert (answer.round, answer.entry.news) == (ROUND_2.name, "是")
    assert answer.entry.progress.startswith("本期")
    assert back.contacts["zhanggong"].contact == "张三"
    # 市司法局 sent nothing this round and had no earlier answer: nothing to carry.
    assert back.of_unit("sfj") == {}
    assert len(back.answers) == len(previous.answers)


def test_first_summary_is_enough_for_the_next_round(tmp_path: Path) -> None:
    """Even a summary made without --round holds what the next round needs."""
    folder = tmp_path / "back"
    folder.mkdir()
    filled(folder, "章贡区")
    summary = merge_paths([folder], notice=NOTICE, as_of=AS_OF, workers=0)
    assert summary.comparison is None
    path = write_summary(summary, tmp_path / "汇总.xlsx")
    back = read_previous(path)
    assert back.round == ""
    assert len(back.of_unit("zhanggong")) == len(MATRIX.assignments_of("章贡区", expand=True))
    carried = compare(summary).carried
    assert dict(back.answers) == {(a.unit_id, a.task_id): a for a in carried}


def test_previous_of_another_notice_refused(merged: Path) -> None:
    """Last round's summary of another notice, or of this round itself, is refused."""
    other = attrs.evolve(NOTICE, title="关于另一项工作的通知")
    with pytest.raises(PreviousMismatchError, match="属于另一份通知"):
        merge_paths([], notice=other, round=ROUND_2, previous=read_previous(merged), workers=0)
    with pytest.raises(PreviousMismatchError, match="就是本期"):
        merge_paths([], notice=NOTICE, round=ROUND_2, previous=read_previous(merged), workers=0)


def test_not_a_summary_refused(tmp_path: Path) -> None:
    """A return, or an old summary, given as last round's summary: a Chinese message."""
    path = generate(tmp_path)
    with pytest.raises(PreviousReadError, match="不是 gzgk 写出的汇总表"):
        read_previous(path)
    with pytest.raises(PreviousReadError, match="无法读取"):
        read_previous(tmp_path / "无.xlsx")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "文件是空的"),
        (b"hello", "不是 Excel 工作簿"),
        (b"PK\x03\x04cut off", "不是 Excel 工作簿"),
    ],
)
def test_an_unreadable_summary_is_said_in_chinese(
    tmp_path: Path, content: bytes, words: str
) -> None:
    """An empty, cut-off or other file given as last round's summary: Chinese words only."""
    path = tmp_path / "汇总表.xlsx"
    path.write_bytes(content)
    with pytest.raises(PreviousReadError) as refused:
        read_previous(path)
    assert words in refused.value.message
    said = refused.value.message.replace(str(path), "")
    assert not re.search(
        r"[A-Za-z]{3,}", re.sub(r"Excel|xlsx|gzgk merge", "", said)
    )  # no library text


def test_summary_is_deterministic(merged: Path) -> None:
    """The same round's summary, compared with the same answers, gives the same bytes."""
    previous = read_previous(merged)
    twice = [
        summary_workbook(
            merge_paths([], notice=NOTICE, round=ROUND_1, previous=previous, as_of=AS_OF, workers=0)
        )
        for _ in range(2)
    ]
    assert twice[0] == twice[1]


def test_round_summary_bytes_are_plain_xlsxwriters(
    merged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """进展对比 and _data written with text cells in one step: the bytes plain xlsxwriter writes."""
    summary = merge_paths(
        [], notice=NOTICE, round=ROUND_1, previous=read_previous(merged), as_of=AS_OF, workers=0
    )
    direct = summary_workbook(summary)
    monkeypatch.setattr(
        writer._Worksheet, "_write_cell", xlsxwriter.worksheet.Worksheet._write_cell
    )
    assert summary_workbook(summary) == direct


@pytest.mark.parametrize(
    ("tasks_down", "task_ref", "unit_ref"), [(True, "$A4", "C$2"), (False, "C$2", "$A4")]
)
def test_matrix_lights_either_way_round(
    merged: Path, tasks_down: bool, task_ref: str, unit_ref: str
) -> None:
    """The light colours follow a matrix with tasks down or units down: row and column refs swap."""
    summary = merge_paths([], notice=NOTICE, round=ROUND_1, as_of=AS_OF, workers=0)
    output = WorkbookBuffer("灯")
    sheet = output.book.add_worksheet("矩阵")
    cells = MatrixCells(first=(3, 2), last=(10, 20), task_label=(3, 0), unit_name=(1, 2))
    if not tasks_down:
        cells = MatrixCells(
            first=(3, 2), last=(10, 20), task_label=(1, 2), unit_name=(3, 0), tasks_down=False
        )
    matrix_lights(sheet, output.book, summary, cells)
    path = merged.parent / f"灯-{tasks_down}.xlsx"
    path.write_bytes(output.finish())
    rules = load_workbook(path)["矩阵"].conditional_formatting
    formulas = [rule.formula[0] for found in rules._cf_rules.values() for rule in found]
    assert formulas == [
        f'AND(C4<>"不合格",COUNTIFS(gzgk_cmp_number,{task_ref},gzgk_cmp_unit,{unit_ref},'
        f'gzgk_cmp_light,"{word}")>0)'
        for word in ("红", "黄", "绿")
    ]
    assert [str(ranges.sqref) for ranges in rules._cf_rules] == ["C4:U11"]
