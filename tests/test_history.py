"""The history database: one transaction per round, idempotent, queryable, and enough to rebuild."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Mapping
from pathlib import Path

import attrs
import pytest
from support.returns import MATRIX, NOTICE, ROUND_1, ROUND_2

from gzgk.comparison import Change, Previous
from gzgk.excel.previous import read_previous
from gzgk.excel.summary_book import summary_workbook
from gzgk.history import SCHEMA, History, HistoryError, HistoryUnitsDroppedError
from gzgk.matrix import Matrix
from gzgk.model import Round
from gzgk.report import FileReport, Issue, Severity
from gzgk.returns import Entry, ReturnContent
from gzgk.summary import Received, Summary, consolidate

DOCS = Path(__file__).parents[1] / "docs" / "reference" / "history.md"
ROUND_3 = Round(name="2024年第四季度", due=dt.date(2025, 1, 10))
ROUNDS = (ROUND_1, ROUND_2, ROUND_3)
SCHEDULED = attrs.evolve(NOTICE, rounds=ROUNDS)
UNITS = ("市司法局", "章贡区")
WORDS = "已制定工作方案，按月调度推进。"


def _tasks(unit: str) -> list[str]:
    return [task.id for task, _ in MATRIX.assignments_of(unit, expand=True)]


def _received(unit: str, entries: Mapping[str, Entry], day: dt.date) -> Received:
    found = MATRIX.registry.unit(unit)
    issue = Severity.WARNING
    return Received(
        path=f"{day.isoformat()}/{unit}.xlsx",
        relative=f"{unit}.xlsx",
        sha256=f"{unit}{day}".encode().hex(),
        size=1000,
        modified=dt.datetime.combine(day, dt.time(9)).astimezone(),
        report=FileReport(
            path=f"{day.isoformat()}/{unit}.xlsx",
            unit=found.short_name,
            issues=(Issue(code="text-too-short", severity=issue, message="过于简单", task="一"),),
        ),
        content=ReturnContent(
            unit=found,
            unit_name=found.short_name,
            belongs=True,
            fill_date=day,
            contact="张三",
            phone="0797-8992059",
            entries=dict(entries),
        ),
    )


def round_summary(
    round_: Round, answers: Mapping[str, Mapping[str, Entry]], previous: Previous | None
) -> Summary:
    """A round's summary of the given units' entries (by unit, by task id), compared."""
    assert round_.due is not None
    day = round_.due - dt.timedelta(days=2)
    matrix = Matrix.build(SCHEDULED.for_round(round_), MATRIX.registry)
    received = [_received(unit, entries, day) for unit, entries in answers.items()]
    as_of = dt.datetime.combine(round_.due + dt.timedelta(days=1), dt.time(18)).astimezone()
    summary = consolidate(received, matrix, as_of)
    return attrs.evolve(summary, round=round_).compared(previous)


def same(unit: str, status: str = "推进中", words: str = WORDS) -> dict[str, Entry]:
    """The same entry for every task of a unit."""
    return {task: Entry(status=status, progress=words) for task in _tasks(unit)}


@pytest.fixture
def history(tmp_path: Path) -> History:
    """A new, empty history database."""
    return History.open(tmp_path / "台账.sqlite", create=True)


def _three_rounds(history: History) -> list[Summary]:
    """Three rounds: 市司法局 writes the same words each time; 章贡区 finishes in round 2."""
    summaries: list[Summary] = []
    answers = [
        {"市司法局": same("市司法局"), "章贡区": same("章贡区")},
        {"市司法局": same("市司法局"), "章贡区": same("章贡区", "已完成", "已全部完成。")},
        {"市司法局": same("市司法局")},  # 章贡区 sends nothing in round 3
    ]
    for round_, given in zip(ROUNDS, answers, strict=True):
        previous = history.previous(SCHEDULED, round_.name)
        summary = round_summary(round_, given, previous)
        history.record(summary)
        summaries.append(summary)
    return summaries


def _count(history: History, table: str) -> int:
    connection = sqlite3.connect(history.path)
    try:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608 - a test's own table names
    finally:
        connection.close()


def test_records_exactly_the_accepted_entries(history: History) -> None:
    """Each round holds the entries of the returns used, with change, streak and light."""
    summaries = _three_rounds(history)
    notice = history.latest_notice()
    assert notice is not None
    rounds = history.rounds(notice)
    assert [item.name for item in rounds] == [item.name for item in ROUNDS]
    justice, zhanggong = len(_tasks("市司法局")), len(_tasks("章贡区"))
    assert [item.entries for item in rounds] == [justice + zhanggong, justice + zhanggong, justice]
    third = summaries[2].comparison
    assert third is not None
    for row in history.entries(notice, unit_id="sfj"):
        pair = summaries[ROUNDS.index(next(r for r in ROUNDS if r.name == row.round))].comparison
        assert pair is not None
        assert row.change == pair.pair("sfj", row.task_id).change.value
    assert {
        row.stale for row in history.entries(notice, unit_id="sfj") if row.round == ROUND_3.name
    } == {2}
    assert _count(history, "files") == 5
    assert _count(history, "issues") == 5


def test_rerunning_a_round_replaces_it(history: History) -> None:
    """Writing a round again replaces it (same position), never duplicates it."""
    _three_rounds(history)
    before = _count(history, "entries")
    summary = round_summary(ROUND_2, {"市司法局": same("市司法局")}, None)
    history.record(summary, replace=True)  # 章贡区's answers go, as asked
    history.record(summary)
    notice = history.latest_notice()
    assert notice is not None
    assert [item.name for item in history.rounds(notice)] == [item.name for item in ROUNDS]
    assert _count(history, "entries") == before - len(_tasks("章贡区"))
    assert _count(history, "rounds") == len(ROUNDS)


def test_a_round_again_without_some_units_is_refused(history: History) -> None:
    """Recording a round again from fewer returns (only the late ones) keeps the round as it was.

    The refusal names the units whose answers would go; ``replace=True`` lets them go.
    """
    _three_rounds(history)
    notice = history.latest_notice()
    assert notice is not None
    before = history.entries(notice)
    late_only = round_summary(ROUND_2, {"市司法局": same("市司法局", "已完成")}, None)
    with pytest.raises(HistoryUnitsDroppedError) as refused:
        history.record(late_only)
    assert refused.value.code == "history-units-dropped"
    assert refused.value.dropped == ("章贡区",)
    assert "台账中已记有“2024年第三季度”2 个单位的答复" in refused.value.message
    assert "--replace-round" in refused.value.message
    assert history.entries(notice) == before
    everyone = round_summary(ROUND_2, {unit: same(unit, "已完成") for unit in UNITS}, None)
    assert history.record(everyone).units == len(UNITS)  # every unit again: replaced


def test_failed_merge_adds_nothing(history: History) -> None:
    """An error inside the recording block (the workbook could not be written) rolls back."""
    summary = round_summary(ROUND_1, {"市司法局": same("市司法局")}, None)
    with pytest.raises(OSError, match="磁盘已满"), history.recording(summary):
        raise OSError("磁盘已满")
    assert history.rounds() == ()
    assert _count(history, "entries") == 0


def test_previous_from_history_matches_the_summary(history: History, tmp_path: Path) -> None:
    """The history and last round's summary workbook give the next round the same start."""
    summaries = _three_rounds(history)
    path = tmp_path / "汇总.xlsx"
    path.write_bytes(summary_workbook(summaries[1]))
    from_summary = read_previous(path)
    from_history = history.previous(SCHEDULED, ROUND_3.name)
    assert from_history is not None
    assert from_history.round == from_summary.round == ROUND_2.name
    assert dict(from_history.answers) == dict(from_summary.answers)
    assert dict(from_history.contacts) == dict(from_summary.contacts)
    assert from_history.notice_fingerprint == from_summary.notice_fingerprint


def test_previous_carries_a_silent_units_answer(history: History) -> None:
    """A unit that sent nothing in round 3 starts round 4 from its round-2 answer."""
    _three_rounds(history)
    previous = history.previous(SCHEDULED, "2025年第一季度")
    assert previous is not None
    assert previous.round == ROUND_3.name
    answer = previous.answer("zhanggong", _tasks("章贡区")[0])
    assert answer is not None
    assert (answer.round, answer.status) == (ROUND_2.name, "已完成")


def test_an_invalid_return_is_recorded_but_never_an_answer(
    history: History, tmp_path: Path
) -> None:
    """A 不合格 return is in the ledger (marked invalid), but the next round starts from before it.

    Its 已完成 answers nothing, from the history as from last round's summary workbook.
    """
    first = round_summary(ROUND_1, {"章贡区": same("章贡区")}, None)
    history.record(first)
    given = {"章贡区": same("章贡区", "已完成", "已全部完成。")}
    second = round_summary(ROUND_2, given, history.previous(SCHEDULED, ROUND_2.name))
    received = second.unit("章贡区").received
    assert received is not None
    error = Issue(code="signature-invalid", severity=Severity.ERROR, message="签名不符")
    invalid = attrs.evolve(received, report=attrs.evolve(received.report, issues=(error,)))
    units = tuple(
        attrs.evolve(unit, received=invalid) if unit.name == "章贡区" else unit
        for unit in second.units
    )
    second = attrs.evolve(second, units=units, comparison=None).compared(
        history.previous(SCHEDULED, ROUND_2.name)
    )
    history.record(second)
    notice = history.latest_notice()
    assert notice is not None
    recorded = [row for row in history.entries(notice) if row.round == ROUND_2.name]
    assert recorded
    assert not any(row.valid for row in recorded)
    assert {row.change for row in recorded} == {"rejected"}
    path = tmp_path / "汇总.xlsx"
    path.write_bytes(summary_workbook(second))
    for previous in (history.previous(SCHEDULED, ROUND_3.name), read_previous(path)):
        assert previous is not None
        answer = previous.answer("zhanggong", _tasks("章贡区")[0])
        assert answer is not None
        assert (answer.round, answer.status) == (ROUND_1.name, "推进中")


def test_stalled(history: History) -> None:
    """--stalled 2: the pairs 未更新 two rounds in a row (市司法局, all its tasks), since round 1."""
    _three_rounds(history)
    notice = history.latest_notice()
    assert notice is not None
    stalled = history.stalled(notice, 2)
    assert {(pair.unit_id, pair.task_id) for pair in stalled} == {
        ("sfj", task) for task in _tasks("市司法局")
    }
    assert {pair.since for pair in stalled} == {ROUND_1.name}
    assert {pair.stale for pair in stalled} == {2}
    assert history.stalled(notice, 3) == ()


def test_summary_written_again(history: History) -> None:
    """A past round's summary comes back from the history: same units, entries and comparison."""
    summaries = _three_rounds(history)
    notice = history.latest_notice()
    assert notice is not None
    again = history.summary(notice, ROUND_2.name)
    original = summaries[1]
    assert again.round == original.round
    assert again.counts() == original.counts()
    assert again.comparison is not None
    assert original.comparison is not None
    assert again.comparison.counts() == original.comparison.counts()
    assert [(u.name, u.received and u.received.sha256) for u in again.units] == [
        (u.name, u.received and u.received.sha256) for u in original.units
    ]
    assert [i.code for i in again.issues] == [i.code for i in original.issues]
    change = again.comparison.pair("zhanggong", _tasks("章贡区")[0]).change
    assert change is Change.NEW_DONE
    with pytest.raises(HistoryError, match="没有“2025年第一季度”这一期"):
        history.summary(notice, "2025年第一季度")


def test_any_sqlite_tool_reads_it(history: History) -> None:
    """Plain SQL: the answers view joins entries to their round."""
    _three_rounds(history)
    connection = sqlite3.connect(history.path)
    rows = connection.execute(
        "SELECT round, count(*) FROM answers WHERE unit_id = 'sfj' GROUP BY round ORDER BY position"
    ).fetchall()
    connection.close()
    assert rows == [(item.name, len(_tasks("市司法局"))) for item in ROUNDS]


def test_schema_is_documented() -> None:
    """docs/reference/history.md shows the schema exactly as gzgk creates it."""
    text = DOCS.read_text(encoding="utf-8")
    block = re.search(r"```sql\n(.*?)```", text, re.DOTALL)
    assert block is not None
    assert block[1] == SCHEMA


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"not a database at all" * 100, "不是 gzgk 的台账数据库"),
        (None, "不是 gzgk 的台账"),  # an SQLite file of another program
    ],
)
def test_not_a_history(tmp_path: Path, content: bytes | None, words: str) -> None:
    """A file that is not gzgk's history is refused in Chinese, and left as it was."""
    path = tmp_path / "其他.sqlite"
    if content is None:
        connection = sqlite3.connect(path)
        connection.execute("CREATE TABLE t (x)")
        connection.commit()
        connection.close()
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    with pytest.raises(HistoryError, match=words):
        History.open(path)
    assert path.read_bytes() == before


def test_missing_history(tmp_path: Path) -> None:
    """Reading a history that does not exist says so (and creates nothing)."""
    with pytest.raises(HistoryError, match="不存在"):
        History.open(tmp_path / "无.sqlite")
    assert not (tmp_path / "无.sqlite").exists()


def test_newer_history_refused(tmp_path: Path) -> None:
    """A history of a newer format is refused, not misread."""
    path = tmp_path / "新.sqlite"
    History.open(path, create=True).close()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    with pytest.raises(HistoryError, match="较新版本"):
        History.open(path)


def test_locked_history(history: History) -> None:
    """A history another program is writing: a Chinese message, and nothing written."""
    other = sqlite3.connect(history.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        waiting = History.open(history.path, timeout=0.1)
        summary = round_summary(ROUND_1, {"市司法局": same("市司法局")}, None)
        with pytest.raises(HistoryError, match="正被其他程序使用"):
            waiting.record(summary)
        waiting.close()
    finally:
        other.rollback()
        other.close()
    assert history.rounds() == ()


def test_read_only_history(history: History) -> None:
    """A history SQLite can only read (a read-only file or folder): Chinese words, nothing written."""
    history.close()
    connection = sqlite3.connect(f"{history.path.as_uri()}?mode=ro", uri=True, isolation_level=None)
    reading = History(connection, history.path)
    summary = round_summary(ROUND_1, {"市司法局": same("市司法局")}, None)
    with pytest.raises(HistoryError, match="是只读的") as refused:
        reading.record(summary)
    assert "readonly" not in refused.value.message
    reading.close()
    with History.open(history.path) as again:
        assert again.rounds() == ()
