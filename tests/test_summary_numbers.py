"""Every figure the summary prints, held to truth counted here from the returns' filled cells.

A batch of returns is filled with statuses chosen by a script, one unit late, one with a
blank 落实状态 (so it fails validation), several units sending nothing. The truth is counted
from what the returns' cells say (read back by openpyxl) and from the notice's division of
tasks, by the rules as the guide states them — never from :class:`gzgk.summary.Summary`:

* a return is on time when its 填报日期 is on or before the deadline; a unit that sent
  nothing after the deadline is 逾期未报; a return with a blank 落实状态 is 不合格;
* every task a unit holds counts once for it: 已完成, 推进中, 未启动, 不涉及 as written in a
  合格 return; every task of a 不合格 return is 不合格, whatever it says (nothing of it is
  adopted: never 已完成, and its 不涉及 is not taken either); a unit that sent nothing has
  its tasks 未报送;
* 完成率 = 已完成 ÷ (the unit's tasks − 不涉及), ``—`` when nothing is applicable.

The summary workbook's 汇总说明 (its facts and the table of every unit), its 进度矩阵 (each
unit's 已完成/应落实 and 完成率, each task's 涉及单位, 已报送, 已完成, 完成率) and the Word
compilation's overview and the lines ``gzgk merge`` prints are compared with that truth.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import attrs
import docx
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from support.returns import (
    ENTRY,
    GOOD,
    MATRIX,
    NOTICE,
    field_cell,
    generate,
    good_entries,
    task_cell,
)

from gzgk.contract import RETURN, SUMMARY
from gzgk.excel.fill import fill_return
from gzgk.excel.merge import merge_paths
from gzgk.excel.summary_book import write_summary
from gzgk.render import summary_text
from gzgk.returns import Entry
from gzgk.summary import Summary
from gzgk.word import write_compilation

AS_OF = dt.datetime(2024, 7, 10, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
DUE = dt.date(2024, 7, 5)  # the notice's 报送时限, as the notice's text states it
STATUSES = RETURN.STATUSES  # 已完成, 推进中, 未启动, 不涉及
INVALID = "不合格"  # every task of a return that failed validation, as the guide names it
SENT = {  # unit: 填报日期
    "章贡区": dt.date(2024, 7, 1),
    "南康区": dt.date(2024, 7, 8),  # late
    "瑞金市": dt.date(2024, 7, 5),  # on the day: on time
    "市司法局": dt.date(2024, 7, 2),  # leaves one 落实状态 blank: fails validation
    "市科技局": dt.date(2024, 7, 3),
    "市工信局": dt.date(2024, 7, 4),
    "市发改委": dt.date(2024, 6, 28),
}
BLANK_STATUS = "市司法局"
NOTHING_APPLIES = "市发改委"  # 不涉及 throughout: no 完成率 (—)
WEIGHTED = ("已完成", "推进中", "推进中", "推进中", "未启动", "已完成", "不涉及")  # uneven counts


def _status(unit: str, seq: int) -> str:
    """The status the script types for a unit's task ("" for the one left blank)."""
    if unit == BLANK_STATUS and seq == 1:
        return ""
    if unit == NOTHING_APPLIES:
        return "不涉及"
    return WEIGHTED[(seq * seq + 3 * len(unit) + ord(unit[0])) % len(WEIGHTED)]


def _entries(unit: str) -> dict[str, Entry]:
    return {
        number: attrs.evolve(entry, status=_status(unit, seq))
        for seq, (number, entry) in enumerate(good_entries(MATRIX, unit).items(), start=1)
    }


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The returns as they came back."""
    folder = tmp_path_factory.mktemp("报回")
    for unit, date in SENT.items():
        blank = generate(folder, unit, name=f"blank-{unit}.xlsx")
        data = attrs.evolve(GOOD, date=date, entries=_entries(unit))
        fill_return(blank, folder / f"{unit}-已填.xlsx", data)
        blank.unlink()
    return folder


@attrs.frozen
class Truth:
    """What the filled cells say: per unit its tasks' statuses, date and validity."""

    statuses: dict[str, dict[str, str]]  # unit: {task label: status as typed}
    dates: dict[str, dt.date]
    invalid: set[str]


def _read_return(path: Path) -> tuple[str, dt.date, dict[str, str]]:
    """The unit, 填报日期 and each task row's (label, typed 落实状态) of a filled return."""
    book = load_workbook(path)
    sheet = book[ENTRY]
    unit = str(sheet[field_cell("unit")].value)
    written = sheet[field_cell("date")].value
    date = written.date() if isinstance(written, dt.datetime) else dt.date.fromisoformat(written)
    statuses: dict[str, str] = {}
    row = 1
    while (number := sheet[task_cell("number", row)].value) is not None:
        statuses[str(number)] = str(sheet[task_cell("status", row)].value or "").strip()
        row += 1
    return unit, date, statuses


@pytest.fixture(scope="module")
def truth(batch: Path) -> Truth:
    """The truth read from the returns' cells."""
    statuses: dict[str, dict[str, str]] = {}
    dates: dict[str, dt.date] = {}
    for path in sorted(batch.glob("*.xlsx")):
        unit, date, typed = _read_return(path)
        statuses[unit], dates[unit] = typed, date
    invalid = {unit for unit, typed in statuses.items() if "" in typed.values()}
    assert invalid == {BLANK_STATUS}
    assert set(statuses) == set(SENT)
    return Truth(statuses=statuses, dates=dates, invalid=invalid)


def _holders() -> dict[str, list[str]]:
    """Every unit that holds tasks and the labels of its tasks (the notice's division)."""
    return {
        unit.short_name: [task.label for task, _ in MATRIX.assignments_of(unit, expand=True)]
        for unit in MATRIX.reporting_units()
    }


def _tally(unit: str, labels: list[str], truth: Truth) -> Counter[str]:
    """A unit's count of each state over its tasks: the four statuses, 不合格, 未报送."""
    typed = truth.statuses.get(unit)
    if typed is None:
        return Counter({"未报送": len(labels)})
    assert sorted(typed) == sorted(labels)  # the return lists exactly the unit's tasks
    if unit in truth.invalid:
        return Counter({INVALID: len(labels)})
    return Counter(typed[label] for label in labels)


def _total(truth: Truth) -> Counter[str]:
    """The count of each state over every unit's tasks."""
    total: Counter[str] = Counter()
    for unit, labels in _holders().items():
        total += _tally(unit, labels, truth)
    return total


def test_the_script_is_uneven(truth: Truth) -> None:
    """Every state occurs, in different numbers, so a swapped column or total cannot pass."""
    tally = _total(truth)
    counts = [tally[state] for state in (*STATUSES, INVALID, "未报送")]
    assert len(set(counts)) == len(counts)
    assert min(counts) > 0
    assert set(tally) == {*STATUSES, INVALID, "未报送"}  # a blank status makes a return 不合格


def _rate(tally: Counter[str]) -> float | None:
    applicable = sum(tally.values()) - tally["不涉及"]
    return tally["已完成"] / applicable if applicable else None


@pytest.fixture(scope="module")
def summary(batch: Path) -> Summary:
    """The batch merged (the figures printed from it are checked, never the object)."""
    return merge_paths([batch], notice=NOTICE, as_of=AS_OF)


@pytest.fixture(scope="module")
def book(summary: Summary, tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    """The summary workbook of the batch, as openpyxl reads it."""
    path = write_summary(summary, tmp_path_factory.mktemp("out") / "汇总表.xlsx")
    return load_workbook(path)


def _sheet(book: Workbook, title: str) -> Worksheet:
    found = book[title]
    assert isinstance(found, Worksheet)
    return found


def _numbers(text: object) -> list[int]:
    return [int(number) for number in re.findall(r"\d+", str(text))]


def _percent(rate: float | None) -> object:
    return SUMMARY.NONE if rate is None else pytest.approx(rate)


def test_overview_facts_against_the_cells(book: Workbook, truth: Truth) -> None:
    """汇总说明's counts: units expected, received (on time, late), invalid, missing, progress."""
    holders = _holders()
    sheet = _sheet(book, SUMMARY.OVERVIEW_SHEET)
    facts = {row[0]: row[1] for row in sheet.iter_rows(min_row=3, max_col=2, values_only=True)}
    late = {unit for unit, date in truth.dates.items() if date > DUE}
    assert late == {"南康区"}
    received = len(truth.statuses)
    assert _numbers(facts[SUMMARY.FACTS["expected"]])[0] == len(holders) == 55
    assert _numbers(facts[SUMMARY.FACTS["received"]]) == [
        received,
        received - len(late),
        len(late),
        round(100 * received / len(holders)),
    ]
    assert _numbers(facts[SUMMARY.FACTS["invalid"]]) == [len(truth.invalid)]
    missing = len(holders) - received
    assert _numbers(facts[SUMMARY.FACTS["missing"]]) == [missing, missing]  # all 逾期未报
    total = _total(truth)
    applicable = sum(total.values()) - total["不涉及"]
    assert _numbers(facts[SUMMARY.FACTS["progress"]]) == [
        total["已完成"],
        applicable,
        round(100 * total["已完成"] / applicable),
        total[INVALID],  # the tasks of 不合格 returns, not counted as done
    ]


def test_unit_table_against_the_cells(book: Workbook, truth: Truth) -> None:
    """汇总说明's table: each unit's count of each state and its 完成率."""
    sheet = _sheet(book, SUMMARY.OVERVIEW_SHEET)
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = rows.index(list(SUMMARY.UNIT_PROGRESS_HEADER))
    holders = _holders()
    table = {row[0]: row[1:] for row in rows[header + 1 : header + 1 + len(holders)]}
    assert set(table) == set(holders)
    states = SUMMARY.UNIT_PROGRESS_HEADER[1:-1]  # the four statuses, 未填写, 不合格, 未报送
    for unit, labels in holders.items():
        tally = _tally(unit, labels, truth)
        assert table[unit][:-1] == [tally[state] for state in states], unit
        assert table[unit][-1] == _percent(_rate(tally)), unit


def _matrix(book: Workbook) -> tuple[list[list[object]], dict[str, int]]:
    """The 进度矩阵's rows and the column of each header label."""
    sheet = _sheet(book, SUMMARY.MATRIX_SHEET)
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    columns = {str(label): index for index, label in enumerate(rows[0]) if label}
    return rows, columns


def test_matrix_unit_totals_against_the_cells(book: Workbook, truth: Truth) -> None:
    """进度矩阵: each unit's 已完成/应落实 and 完成率 after its tasks' statuses."""
    rows, columns = _matrix(book)
    done_of, rate = (columns[label] for label in SUMMARY.MATRIX_UNIT_TOTALS)
    holders = _holders()
    by_unit = {row[0]: row for row in rows if row[0] in holders}
    assert set(by_unit) == set(holders)
    for unit, labels in holders.items():
        tally = _tally(unit, labels, truth)
        applicable = sum(tally.values()) - tally["不涉及"]
        assert by_unit[unit][done_of] == f"{tally['已完成']}/{applicable}", unit
        assert by_unit[unit][rate] == _percent(_rate(tally)), unit
        typed = truth.statuses.get(unit, {})
        for label in labels:  # the cell: the status as typed, 不合格 for all, empty if not sent
            shown = by_unit[unit][columns[label]]
            expected = INVALID if unit in truth.invalid else typed.get(label)
            assert shown == expected, (unit, label)


def test_matrix_task_footer_against_the_cells(book: Workbook, truth: Truth) -> None:
    """进度矩阵's footer: per task the units holding it, those that reported, 已完成, 完成率."""
    rows, columns = _matrix(book)
    footer = {row[0]: row for row in rows if row[0] in SUMMARY.MATRIX_TASK_TOTALS}
    holding, reported, done, rate = (footer[label] for label in SUMMARY.MATRIX_TASK_TOTALS)
    holders = _holders()
    for task in NOTICE.tasks:
        units = [unit for unit, labels in holders.items() if task.label in labels]
        sent = [unit for unit in units if unit in truth.statuses]
        adopted = [truth.statuses[unit][task.label] for unit in sent if unit not in truth.invalid]
        column = columns[task.label]
        assert holding[column] == len(units), task.label
        assert reported[column] == len(sent), task.label  # 不合格 returns were sent
        assert done[column] == adopted.count("已完成"), task.label
        applicable = len(units) - adopted.count("不涉及")
        assert rate[column] == _percent(
            adopted.count("已完成") / applicable if applicable else None
        )


def test_word_overview_against_the_cells(summary: Summary, truth: Truth, tmp_path: Path) -> None:
    """The Word compilation's overview gives the same counts."""
    document = docx.Document(str(write_compilation(summary, tmp_path / "汇编.docx")))
    [overview] = [p.text for p in document.paragraphs if p.text.startswith("本次应报送单位")]
    received = len(truth.statuses)
    late = sum(1 for date in truth.dates.values() if date > DUE)
    expected = len(_holders())
    assert _numbers(overview)[:9] == [
        expected,
        received,
        expected - received,
        len(truth.invalid),
        *(2024, 7, 5),
        received - late,
        late,
    ]


def test_command_line_text_against_the_cells(summary: Summary, truth: Truth) -> None:
    """What ``gzgk merge`` prints: the same counts and the same 落实进度."""
    first, _files, progress, *_ = summary_text(summary).splitlines()
    received = len(truth.statuses)
    late = sum(1 for date in truth.dates.values() if date > DUE)
    expected = len(_holders())
    missing = expected - received
    assert _numbers(first)[-7:] == [
        expected,
        received,
        received - late,
        late,
        len(truth.invalid),
        missing,
        missing,
    ]
    total = _total(truth)
    applicable = sum(total.values()) - total["不涉及"]
    assert progress.startswith("落实进度")
    assert _numbers(progress) == [
        total["已完成"],
        applicable,
        round(100 * total["已完成"] / applicable),
        total[INVALID],
    ]
