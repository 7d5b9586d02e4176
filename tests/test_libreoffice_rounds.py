"""Three reporting rounds end to end, the returns filled and saved by a real LibreOffice.

Round 1 starts blank; round 2's returns come pre-filled from round 1's summary;
round 3 is compared against round 2's summary and the history. The truth the
round-3 summary is held to is worked out here, from what was typed, by the
rules as the guide states them — not by gzgk.comparison.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import attrs
import pytest
from openpyxl import load_workbook
from support.libreoffice import LibreOffice
from support.returns import ENTRY, MATRIX

from gzgk import load_notice
from gzgk.contract import COMPARISON, RETURN
from gzgk.excel.generate import generate_returns
from gzgk.excel.merge import merge_paths
from gzgk.excel.previous import read_previous
from gzgk.excel.read import read_return
from gzgk.excel.summary_book import write_summary
from gzgk.history import History
from gzgk.matrix import Matrix
from gzgk.model import Round, Task

ROUNDS = (
    Round(name="2024年第二季度", due=dt.date(2024, 7, 10)),
    Round(name="2024年第三季度", due=dt.date(2024, 10, 10)),
    Round(name="2024年第四季度", due=dt.date(2025, 1, 10)),
)
AS_OF = tuple(
    dt.datetime.combine(item.due + dt.timedelta(days=2), dt.time(18)).astimezone()
    for item in ROUNDS
    if item.due is not None
)
UNITS = ("市司法局", "市科技局", "南康区")
DEADLINES = {"三": "2024年12月底前", "十": "2025年1月20日前"}  # past, and due within 15 days
KEEP = object()  # a unit that leaves last round's answer as it was, answering 否


def _notice() -> object:
    notice = load_notice("ganzhou-2024")
    tasks = [attrs.evolve(task, deadline=DEADLINES.get(task.number, "")) for task in notice.tasks]
    return attrs.evolve(notice, tasks=tuple(tasks), rounds=ROUNDS)


NOTICE = _notice()
PLAN = Matrix.build(NOTICE, MATRIX.registry)  # type: ignore[arg-type]


def script(round_index: int, unit: str, index: int, task: Task) -> tuple[str, str] | object | None:
    """What a unit types for its ``index``-th task in a round: (status, words), KEEP, or None."""
    words = f"{unit}第{round_index + 1}期：{task.title}已按计划推进，形成阶段成果。"
    if round_index == 0:
        if unit == "南康区":
            return None  # sends nothing in round 1
        return ("未启动" if index % 3 == 0 else "推进中", words)
    if round_index == 1:
        if unit == "市司法局":
            return ("已完成", words) if index % 2 == 0 else KEEP
        if unit == "市科技局":
            return ("未启动", words) if index == 1 else KEEP  # 推进中 → 未启动: 退步
        return ("推进中", words)  # 南康区's first answers
    if unit == "市科技局":
        return None  # sends nothing in round 3
    return KEEP


def typed_cells(round_index: int, unit: str, path: Path) -> list[tuple[str, str, str]] | None:
    """The cells a unit types into its return of a round (None: it sends nothing)."""
    items = PLAN.assignments_of(unit, expand=True)
    if script(round_index, unit, 0, items[0][0]) is None:
        return None
    previous = read_return(path).carries_previous
    table = RETURN.table(previous=previous)
    day = (AS_OF[round_index] - dt.timedelta(days=4)).date().isoformat()
    cells = [
        (ENTRY, RETURN.field("contact").cell, "王芳"),
        (ENTRY, RETURN.field("phone").cell, "0797-8992059"),
        (ENTRY, RETURN.field("reviewer").cell, "陈明"),
        (ENTRY, RETURN.field("date").cell, day),
    ]
    for index, (task, _role) in enumerate(items):
        row = RETURN.FIRST_ROW + index
        answer = script(round_index, unit, index, task)
        if answer is KEEP:
            cells.append((ENTRY, RETURN.column("news", table).cell(row), "否"))
            continue
        assert isinstance(answer, tuple)
        status, words = answer
        cells.append((ENTRY, RETURN.column("status", table).cell(row), status))
        cells.append((ENTRY, RETURN.column("progress", table).cell(row), words))
        if previous:
            cells.append((ENTRY, RETURN.column("news", table).cell(row), "是"))
    return cells


# -- the truth, worked out from the script ------------------------------------------


@attrs.frozen
class Truth:
    """One pair's expected row in 进展对比."""

    previous_status: str
    change: str
    stale: int
    light: str


RANKS = {"未启动": 0, "推进中": 1, "已完成": 2}


def _walk(round_index: int, unit: str, index: int, task: Task) -> tuple[str, str, int, str]:
    """A pair through the rounds: last round's status, the change, the streak, the status."""
    last: tuple[str, str] | None = None
    stale, change, status, before = 0, "未报送", "", ""
    for number in range(round_index + 1):
        answer = script(number, unit, index, task) if unit in UNITS else None
        before = last[0] if last else ""
        if answer is None:
            change, status = "未报送", ""
            continue
        current = last if answer is KEEP else answer
        assert isinstance(current, tuple)
        status = current[0]
        if last is None:
            change, stale = "首次填报", 0
        elif status == "已完成":
            change, stale = ("保持完成" if last[0] == "已完成" else "新完成"), 0
        elif RANKS[status] < RANKS[last[0]]:
            change, stale = "退步", 0
        elif current == last:
            change, stale = "未更新", stale + 1
        else:
            change, stale = "有进展", 0
        last = current
    return before or "—", change, stale, status


def _light(change: str, stale: int, status: str, deadline: dt.date | None, round_index: int) -> str:
    today, due = AS_OF[round_index].date(), ROUNDS[round_index].due
    assert due is not None
    if change == "未报送":
        return "红" if today > due else ""
    if status == "已完成":
        return "绿"
    if deadline is not None and today > deadline:
        return "红"
    soon = deadline is not None and (deadline - today).days <= 15
    return "黄" if soon or stale >= 2 or change == "退步" else "绿"


def truth(round_index: int) -> dict[tuple[str, str], Truth]:
    """Every pair of the round, by (unit name, task label), from the script alone."""
    result: dict[tuple[str, str], Truth] = {}
    deadlines = {"三": dt.date(2024, 12, 31), "十": dt.date(2025, 1, 20)}
    for task in NOTICE.tasks:  # type: ignore[attr-defined]
        for unit in PLAN.reporting_units():
            items = [item for item, _ in PLAN.assignments_of(unit, expand=True)]
            if task not in items:
                continue
            before, change, stale, status = _walk(
                round_index, unit.short_name, items.index(task), task
            )
            light = _light(change, stale, status, deadlines.get(task.number), round_index)
            result[unit.short_name, task.label] = Truth(before, change, stale, light)
    return result


# -- the three rounds ------------------------------------------------------------------


@attrs.define
class Office:
    """Where the rounds left their files."""

    root: Path
    summaries: list[Path] = attrs.field(factory=list)
    returns: list[dict[str, Path]] = attrs.field(factory=list)
    sent: list[dict[str, Path]] = attrs.field(factory=list)

    @property
    def history(self) -> Path:
        """The history database."""
        return self.root / "台账.sqlite"


def _merge(office: Office, round_index: int) -> Path:
    folder = office.root / f"报回{round_index + 1}"
    previous = read_previous(office.summaries[round_index - 1]) if round_index else None
    summary = merge_paths(
        [folder],
        notice=NOTICE,  # type: ignore[arg-type]
        round=ROUNDS[round_index],
        previous=previous,
        as_of=AS_OF[round_index],
    )
    target = office.root / f"汇总{round_index + 1}.xlsx"
    with History.open(office.history, create=True) as history, history.recording(summary):
        write_summary(summary, target)
    return target


@pytest.fixture(scope="module")
def office(libreoffice_session: LibreOffice, tmp_path_factory: pytest.TempPathFactory) -> Office:
    """Three rounds: generate (pre-filled after the first), fill in LibreOffice, merge."""
    work = Office(tmp_path_factory.mktemp("rounds"))
    for round_index, round_ in enumerate(ROUNDS):
        previous = read_previous(work.summaries[-1]) if round_index else None
        result = generate_returns(
            PLAN,
            work.root / f"下发{round_index + 1}",
            units=UNITS,
            round=round_,
            previous=previous,
        )
        made = {
            plan.unit.short_name: path
            for plan, path in zip(result.plans, result.files, strict=True)
        }
        work.returns.append(made)
        folder = work.root / f"报回{round_index + 1}"
        folder.mkdir()
        sent: dict[str, Path] = {}
        for unit, path in made.items():
            cells = typed_cells(round_index, unit, path)
            if cells is not None:
                sent[unit] = folder / path.name
                libreoffice_session.fill(path, sent[unit], cells)
        work.sent.append(sent)
        work.summaries.append(_merge(work, round_index))
    return work


@pytest.mark.libreoffice
def test_round_two_comes_prefilled(office: Office) -> None:
    """Round 2's returns carry each unit's round-1 answers, last status beside the new one."""
    for unit in ("市司法局", "市科技局"):
        data = read_return(office.returns[1][unit])
        assert data.carries_previous
        for index, row in enumerate(data.rows):
            task = PLAN.assignments_of(unit, expand=True)[index][0]
            answer = script(0, unit, index, task)
            assert isinstance(answer, tuple)
            assert (row.text("previous_status"), row.text("status"), row.text("progress")) == (
                answer[0], answer[0], answer[1],
            )  # fmt: skip
            assert row.text("news") == ""
    assert not read_return(office.returns[1]["南康区"]).carries_previous  # nothing to carry


@pytest.mark.libreoffice
def test_every_return_was_valid(office: Office) -> None:
    """What LibreOffice saved is valid for its round: nothing else disturbs the comparison."""
    for round_index, sent in enumerate(office.sent):
        summary = merge_paths(
            list(sent.values()),
            notice=NOTICE,
            round=ROUNDS[round_index],
            workers=0,  # type: ignore[arg-type]
        )
        assert [file.path for file in summary.files if not file.valid] == []


@pytest.mark.libreoffice
def test_round_three_against_the_truth(office: Office, libreoffice_session: LibreOffice) -> None:
    """Round 3's 进展对比, recalculated by LibreOffice, matches the truth pair by pair."""
    recalculated = office.root / "汇总3-LibreOffice.xlsx"
    libreoffice_session.run(
        [
            {"op": "open", "path": str(office.summaries[2])},
            {"op": "recalc"},
            {"op": "save_xlsx", "path": str(recalculated)},
            {"op": "close"},
        ]
    )
    sheet = load_workbook(recalculated, data_only=True)[COMPARISON.SHEET]
    key = {column.key: column.index for column in COMPARISON.COLUMNS}
    found: dict[tuple[str, str], Truth] = {}
    for row in sheet.iter_rows(min_row=COMPARISON.HEADER_ROW + 1, values_only=True):
        if row[0] is None:
            continue
        found[str(row[key["unit"]]), str(row[key["number"]])] = Truth(
            str(row[key["previous_status"]]),
            str(row[key["change"]]),
            int(row[key["stale"]]),  # type: ignore[arg-type]
            str(row[key["light"]] or ""),
        )
    expected = truth(2)
    assert found == expected
    changes = [item.change for item in expected.values()]
    assert changes.count("未更新") > 0
    assert any(item.stale == 2 for item in expected.values())  # 市司法局: two rounds alike
    assert {item.light for item in expected.values()} == {"红", "黄", "绿"}


@pytest.mark.libreoffice
def test_lights_stay_live(office: Office, libreoffice_session: LibreOffice) -> None:
    """Changing 判断日期 in LibreOffice changes the lights: they are formulas, not paint."""
    cell = COMPARISON.field("light_date").cell
    changed = office.root / "汇总3-改日期.xlsx"
    libreoffice_session.run(
        [
            {"op": "open", "path": str(office.summaries[2])},
            {"op": "type", "sheet": COMPARISON.SHEET, "cell": cell, "text": "2024-11-01"},
            {"op": "recalc"},
            {"op": "save_xlsx", "path": str(changed)},
            {"op": "close"},
        ]
    )
    before = load_workbook(office.summaries[2], data_only=True)[COMPARISON.SHEET]
    after = load_workbook(changed, data_only=True)[COMPARISON.SHEET]
    light = COMPARISON.column("light").index + 1
    unit = COMPARISON.column("unit").index + 1
    number = COMPARISON.column("number").index + 1
    for row in range(COMPARISON.HEADER_ROW + 1, before.max_row + 1):
        if before.cell(row, unit).value == "南康区" and before.cell(row, number).value == "（三）":
            assert (before.cell(row, light).value, after.cell(row, light).value) == ("红", "绿")
            return
    pytest.fail("南康区 holds task 三")


@pytest.mark.libreoffice
def test_history_holds_the_accepted_entries(office: Office) -> None:
    """Each round's rows are exactly what the units sent; merging round 3 again adds nothing."""

    def rows() -> set[tuple[str, str, str, str, str]]:
        connection = sqlite3.connect(office.history)
        found = connection.execute(
            "SELECT round, unit_name, task_number, status, progress FROM answers"
        ).fetchall()
        connection.close()
        return set(found)

    expected: set[tuple[str, str, str, str, str]] = set()
    for round_index, sent in enumerate(office.sent):
        for unit in sent:
            data = read_return(sent[unit])
            for row in data.rows:
                expected.add(
                    (
                        ROUNDS[round_index].name,
                        unit,
                        row.text("number").strip("（）"),
                        row.text("status"),
                        row.text("progress"),
                    )
                )
    assert rows() == expected
    _merge(office, 2)
    assert rows() == expected
    connection = sqlite3.connect(office.history)
    total = connection.execute("SELECT count(*) FROM entries").fetchone()[0]
    connection.close()
    assert total == len(expected)
