"""The command line for reporting rounds: --rounds, --round, --previous, --history, gzgk history."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gzgk.cli import main
from gzgk.contract import COMPARISON, RETURN, SUMMARY
from gzgk.excel.fill import fill_return
from gzgk.excel.read import read_return
from gzgk.returns import Entry, Filled

ROUNDS = "2024年第二季度=2024-07-10,2024年第三季度=2024-10-10"
FIRST, SECOND = "2024年第二季度", "2024年第三季度"
UNITS = ("市司法局", "章贡区")
SAME = "已制定{number}工作方案，按月调度推进。"


def run(*argv: str | Path) -> tuple[int, str]:
    """Run the CLI in-process; exit code and stdout."""
    out = io.StringIO()
    return main([str(arg) for arg in argv], out=out), out.getvalue()


def fill(source: Path, target: Path, *, second: bool) -> None:
    """Fill every return in ``source``: round 1 all 推进中; round 2 every other task done."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob(f"*{RETURN.TITLE_SUFFIX}*.xlsx")):
        entries = {}
        for index, row in enumerate(read_return(path).rows):
            number = row.text("number")
            if second and index % 2 == 0:
                entries[number] = Entry(
                    status="已完成", progress="已全部完成，形成制度。", news="是"
                )
            else:
                news = "否" if second else ""
                entries[number] = Entry(
                    status="推进中", progress=SAME.format(number=number), news=news
                )
        day = dt.date(2024, 10, 8) if second else dt.date(2024, 7, 8)
        filled = Filled(
            contact="王五", phone="0797-8992059", reviewer="赵六", date=day, entries=entries
        )
        fill_return(path, target / path.name, filled)


def _units() -> list[str]:
    return [arg for unit in UNITS for arg in ("--unit", unit)]


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two rounds run through the command line, as the office runs them."""
    root = tmp_path_factory.mktemp("office")
    common = ("--notice", "ganzhou-2024", "--rounds", ROUNDS)
    code, out = run("generate", "ganzhou-2024", "-o", root / "r1", "--rounds", ROUNDS,
                    "--round", FIRST, *_units())  # fmt: skip
    assert code == 0, out
    fill(root / "r1", root / "back1", second=False)
    code, out = run("merge", root / "back1", *common, "--round", FIRST, "--history",
                    root / "台账.sqlite", "-o", root / "汇总1.xlsx", "--as-of", "2024-07-12")  # fmt: skip
    assert code == 0, out
    code, out = run("generate", "ganzhou-2024", "-o", root / "r2", "--rounds", ROUNDS, "--round",
                    SECOND, "--previous", root / "汇总1.xlsx", *_units())  # fmt: skip
    assert code == 0, out
    assert "2 份预填了各单位上期（2024年第二季度）被采用的答复" in out
    fill(root / "r2", root / "back2", second=True)
    for _ in range(2):  # the same round merged twice: replaced in the history, not doubled
        code, out = run("merge", root / "back2", *common, "--round", SECOND, "--previous",
                        root / "汇总1.xlsx", "--history", root / "台账.sqlite",
                        "-o", root / "汇总2.xlsx", "--as-of", "2024-10-12")  # fmt: skip
        assert code == 0, out
    (root / "merge2.txt").write_text(out, encoding="utf-8")
    return root


def test_merging_only_the_late_returns_keeps_the_round_in_the_history(
    office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Round 2 merged again from a folder with one unit's return: refused, nothing written.

    The history keeps both units' answers; ``--replace-round`` replaces the round as asked.
    """
    history = tmp_path / "台账.sqlite"
    history.write_bytes((office / "台账.sqlite").read_bytes())
    late = tmp_path / "补报"
    late.mkdir()
    for path in (office / "back2").glob("*章贡区*.xlsx"):
        (late / path.name).write_bytes(path.read_bytes())
    merge = ("merge", late, "--notice", "ganzhou-2024", "--rounds", ROUNDS, "--round", SECOND,
             "--history", history, "-o", tmp_path / "汇总2.xlsx", "--as-of", "2024-10-12")  # fmt: skip
    code, _ = run(*merge)
    assert code == 2
    err = capsys.readouterr().err
    assert f"台账中已记有“{SECOND}”2 个单位的答复" in err
    assert "（市司法局）" in err
    assert err.rstrip().endswith("[history-units-dropped]")
    assert not (tmp_path / "汇总2.xlsx").exists()
    assert history.read_bytes() == (office / "台账.sqlite").read_bytes()
    code, out = run(*merge, "--replace-round")
    assert code == 0, out
    assert f"（{SECOND}，12 条答复）" in out  # 章贡区 alone


def test_generated_files_name_their_round(office: Path) -> None:
    """Each round's returns are named for it, and round 2's carry round 1's answers."""
    names = sorted(path.name for path in (office / "r2").glob(f"*{SECOND}.xlsx"))
    assert names == [f"01-章贡区-{RETURN.TITLE_SUFFIX}-{SECOND}.xlsx",
                     f"40-市司法局-{RETURN.TITLE_SUFFIX}-{SECOND}.xlsx"]  # fmt: skip
    data = read_return(office / "r2" / names[0])
    assert data.carries_previous
    assert data.rows[0].text("previous:progress") == SAME.format(number="（一）")


def test_merge_reports_the_comparison(office: Path) -> None:
    """The second merge names the round and the comparison, and writes 进展对比 and the history."""
    out = (office / "merge2.txt").read_text(encoding="utf-8")
    assert out.startswith(f"本期：{SECOND}（2024年10月10日前）")
    assert "进展对比：较上期（2024年第二季度）新完成 11 项，未更新 10 项" in out
    assert f"台账：{office / '台账.sqlite'}（{SECOND}，21 条答复）" in out
    book = load_workbook(office / "汇总2.xlsx")
    assert COMPARISON.SHEET in book.sheetnames


def test_history_holds_each_round_once(office: Path) -> None:
    """Two rounds, 21 answers each, although round 2 was merged twice."""
    connection = sqlite3.connect(office / "台账.sqlite")
    rows = connection.execute(
        "SELECT round, count(*) FROM answers GROUP BY round ORDER BY position"
    ).fetchall()
    connection.close()
    assert rows == [(FIRST, 21), (SECOND, 21)]


def test_history_listings(office: Path) -> None:
    """The history command: the rounds, a unit's answers, a task's, the stalled pairs; JSON and CSV."""
    code, out = run("history", office / "台账.sqlite", "--full")
    assert code == 0
    assert FIRST in out
    assert SECOND in out
    code, out = run("history", office / "台账.sqlite", "--unit", "市司法局", "--format", "json")
    records = json.loads(out)
    assert {record["unit"] for record in records} == {"市司法局"}
    assert {record["round"] for record in records} == {FIRST, SECOND}
    assert {record["change"] for record in records if record["round"] == SECOND} == {
        "new-done", "stale",
    }  # fmt: skip
    code, out = run("history", office / "台账.sqlite", "--task", "三", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert rows[0][:3] == ["期次", "任务", "单位"]
    assert {row[1] for row in rows[1:]} == {"（三）"}
    code, out = run("history", office / "台账.sqlite", "--stalled", "1", "--format", "json")
    assert code == 0
    assert len(json.loads(out)) == 10
    code, out = run("history", office / "台账.sqlite", "--stalled", "2", "--format", "json")
    assert json.loads(out) == []


def test_history_writes_a_summary_again(office: Path, tmp_path: Path) -> None:
    """A past round's summary comes back from the history alone."""
    target = tmp_path / "重写.xlsx"
    code, out = run("history", office / "台账.sqlite", "--round", FIRST, "-o", target)
    assert code == 0, out
    again = load_workbook(target)[SUMMARY.STATUS_SHEET]
    original = load_workbook(office / "汇总1.xlsx")[SUMMARY.STATUS_SHEET]
    assert [[c.value for c in row] for row in again.iter_rows()] == [
        [c.value for c in row] for row in original.iter_rows()
    ]


def test_history_query_errors(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A unit without answers, or -o without --round: Chinese message, code, exit 2."""
    code, _ = run("history", office / "台账.sqlite", "--unit", "市体育局")
    assert code == 2
    assert "[history-query]" in capsys.readouterr().err
    code, _ = run("history", office / "台账.sqlite", "-o", office / "x.xlsx")
    assert code == 2
    assert "[usage-error]" in capsys.readouterr().err


def test_previous_and_history_need_a_round(
    office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--previous without --round is a usage error; nothing is written."""
    code, _ = run(
        "generate", "ganzhou-2024", "-o", tmp_path / "r", "--previous", office / "汇总1.xlsx"
    )
    assert code == 2
    assert "--previous 要与 --round 一起使用" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


def test_unknown_round(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A round the schedule lacks is refused with the schedule listed."""
    code, _ = run("generate", "ganzhou-2024", "-o", tmp_path / "r", "--rounds", ROUNDS,
                  "--round", "2024年第3季度")  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert "2024年第二季度、2024年第三季度" in err
    assert "[unknown-round]" in err


def test_summary_never_replaces_last_rounds(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o naming last round's summary (an input) is refused before any work."""
    before = (office / "汇总1.xlsx").read_bytes()
    code, _ = run("merge", office / "back2", "--notice", "ganzhou-2024", "--rounds", ROUNDS,
                  "--round", SECOND, "--previous", office / "汇总1.xlsx",
                  "-o", office / "汇总1.xlsx")  # fmt: skip
    assert code == 2
    assert "[output-is-input]" in capsys.readouterr().err
    assert (office / "汇总1.xlsx").read_bytes() == before


def test_history_in_the_returns_folder_refused(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The history is an output too: it may not lie in a folder being read."""
    code, _ = run("merge", office / "back2", "--notice", "ganzhou-2024", "--rounds", ROUNDS,
                  "--round", SECOND, "--history", office / "back2" / "台账.sqlite",
                  "-o", office / "x.xlsx")  # fmt: skip
    assert code == 2
    assert "[output-in-input]" in capsys.readouterr().err
    assert not (office / "back2" / "台账.sqlite").exists()


def test_validate_other_round(office: Path) -> None:
    """Round 1's returns checked with one of round 2 as round 2's: other-round each, exit 1."""
    second = sorted((office / "back2").glob("*.xlsx"))[0]
    code, out = run("validate", office / "back1", second, "--notice", "ganzhou-2024",
                    "--rounds", ROUNDS, "--round", SECOND, "--format", "json")  # fmt: skip
    assert code == 1
    files = json.loads(out)["files"]
    codes = {issue["code"] for file in files for issue in file["issues"]}
    assert codes == {"other-round"}
    assert sum(1 for file in files if not file["issues"]) == 1  # round 2's return


@pytest.mark.parametrize("command", ["validate", "merge"])
def test_a_round_no_return_is_of_stops_the_run(
    office: Path, tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only round 1's returns, given round 2: round-mismatch, exit 2, nothing written.

    Reporting every unit as not having reported would send the clerk to phone
    them all over a mistyped round name.
    """
    out_file = tmp_path / "汇总.xlsx"
    extra = ("-o", out_file) if command == "merge" else ()
    code, _ = run(command, office / "back1", "--notice", "ganzhou-2024", "--rounds", ROUNDS,
                  "--round", SECOND, *extra)  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert f"给出的报送期次“{SECOND}”与收到的报送表都不符（报送表上是：“{FIRST}”）" in err
    assert err.rstrip().endswith("[round-mismatch]")
    assert not out_file.exists()


def test_matrix_shows_the_stated_schedule() -> None:
    """The matrix command with --rounds shows the schedule, in the table and in JSON."""
    code, out = run("matrix", "ganzhou-2024", "--rounds", ROUNDS)
    assert code == 0
    assert (
        "报送安排：2024年第二季度（2024年7月10日前）、2024年第三季度（2024年10月10日前）（共 2 期）"
        in out
    )
    code, out = run("matrix", "ganzhou-2024", "--rounds", ROUNDS, "--format", "json")
    assert json.loads(out)["rounds"][1] == {"name": SECOND, "due": "2024-10-10"}
