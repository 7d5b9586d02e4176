"""Every button's macro, end to end on real workbooks, through the file-mode workbook."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import attrs
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from support import xlwings_standin as xl
from support.returns import ENTRY, KEY, NOTICE, OTHER_KEY, ROUND_1, edit, filled, task_cell

import gzgk as gzgk_module
from gzgk.cli import main
from gzgk.contract import ADDIN, ANNOTATION, CONTROL, RETURN, SUMMARY, TABLE
from gzgk.excel.book import FileBook
from gzgk.excel.bundle import excel_pythons, oldest_python, python_requirements
from gzgk.excel.control import write_control
from gzgk.excel.macros import (
    MACROS,
    Outcome,
    Run,
    control_candidates,
    python_check,
    run_file,
    run_in_excel,
)
from gzgk.excel.read import read_return
from gzgk.history import History
from gzgk.report import code_label
from gzgk.rounds import parse_rounds
from gzgk.signing import Key


def sheet(path: Path, title: str) -> Worksheet:
    """A worksheet of a saved workbook."""
    found = load_workbook(path)[title]
    assert isinstance(found, Worksheet)
    return found


def rows(path: Path, title: str) -> list[tuple[object, ...]]:
    """The rows of a sheet below its header."""
    return list(sheet(path, title).iter_rows(min_row=2, values_only=True))


def log(path: Path) -> list[tuple[object, ...]]:
    """The 日志 rows that start an entry: (operation, result, message)."""
    return [row[1:4] for row in rows(path, CONTROL.LOG_SHEET) if row[0]]


def fill(path: Path, **values: str) -> None:
    """Type parameters into the control sheet, as a clerk would, and save."""
    book = load_workbook(path)
    for key, value in values.items():
        book[CONTROL.CONTROL_SHEET][CONTROL.cell(key)] = value
    book.save(path)


@pytest.fixture
def control(tmp_path: Path) -> Path:
    """A control workbook for the bundled notice, in an office folder."""
    path = write_control(tmp_path / "控制台.xlsx", notice=NOTICE, source="ganzhou-2024")
    key = tmp_path / "签名密钥.txt"
    key.write_text(KEY.to_text(), encoding="utf-8")
    fill(path, key_file="签名密钥.txt", as_of="2024-07-10")
    return path


@pytest.fixture
def received(tmp_path: Path) -> Path:
    """Returns that came back: 章贡区 on time, 市司法局 late, 南康区 with an empty status."""

    def blank_status(book: Workbook) -> None:
        book[ENTRY][task_cell("status")] = None

    folder = tmp_path / "报回"
    folder.mkdir()
    filled(folder, "章贡区", key=KEY, date=dt.date(2024, 7, 1))
    filled(folder, "市司法局", key=KEY, date=dt.date(2024, 7, 8))
    bad = edit(filled(tmp_path, "南康区", key=KEY), blank_status)
    shutil.move(bad, folder / "南康区.xlsx")
    return folder


def test_every_button_has_a_macro() -> None:
    """The registry holds exactly the macros the ribbon's buttons run."""
    assert sorted(MACROS) == sorted(button.macro for button in ADDIN.BUTTONS)


def test_control_workbook(control: Path) -> None:
    """The control workbook: labelled parameters, the open groups by task, a log, drop-downs."""
    book = load_workbook(control)
    assert book.sheetnames[:3] == [CONTROL.CONTROL_SHEET, CONTROL.GROUPS_SHEET, CONTROL.LOG_SHEET]
    params = book[CONTROL.CONTROL_SHEET]
    labels = [params[f"A{CONTROL.FIRST_ROW + i}"].value for i in range(len(CONTROL.PARAMETERS))]
    assert labels == [parameter.label for parameter in CONTROL.PARAMETERS]
    assert params[CONTROL.cell("notice")].value == "ganzhou-2024"
    rules = {str(rule.sqref): rule for rule in params.data_validations.dataValidation}
    assert rules[CONTROL.cell("notice")].formula1 == CONTROL.NOTICES_NAME
    groups = rows(control, CONTROL.GROUPS_SHEET)[1:]
    assert {(row[0], row[2]) for row in groups} == {
        ("（一）", "市政府有关部门"),
        ("（二）", "市政府有关部门"),
        ("（八）", "市政府有关部门"),
    }
    assert CONTROL.UNITS_NAME in book.defined_names


def test_generate_reads_group_members(control: Path, tmp_path: Path) -> None:
    """生成报送表: members stated on the groups sheet get the task; results and log go back."""
    book = load_workbook(control)
    groups = book[CONTROL.GROUPS_SHEET]
    first = CONTROL.GROUPS_FIRST_ROW
    assert groups[f"A{first}"].value == "（一）"
    groups[f"D{first}"] = "市统计局"
    book.save(control)
    fill(control, returns_folder="报送表")
    outcome = run_file("generate_returns", control)
    assert outcome.ok, outcome.message
    assert outcome.message.startswith("已生成 55 份报送表（已签名）")
    assert len(list((tmp_path / "报送表").glob("*.xlsx"))) == 56
    generated = {row[1]: row for row in rows(control, CONTROL.GENERATED_SHEET)}
    assert str(generated["市统计局"][5]).startswith("（一）")  # the stated member got task (一)
    assert log(control) == [("生成报送表", "完成", outcome.message)]
    assert outcome.details[0].startswith("以下单位组只指与该项任务有关的单位")
    assert any("任务（二）" in line for line in outcome.details)  # (二) and (八) are still open


def test_generate_refuses_an_unknown_unit_name(control: Path, tmp_path: Path) -> None:
    """A unit the notice names but the registry lacks stops the button, naming it."""
    notice = tmp_path / "另一份通知.txt"
    notice.write_text(
        "（一）推进政务公开。（牵头单位：市政府办公室；责任单位：市未知局）\n", encoding="utf-8"
    )
    fill(control, notice="另一份通知.txt", returns_folder="报送表")
    outcome = run_file("generate_returns", control)
    assert not outcome.ok
    assert "“市未知局”" in outcome.message
    assert "不在单位名录中" in outcome.message
    assert "控制台“单位名录”（B12 单元格）" in outcome.message
    assert "--" not in outcome.message  # a clerk at the buttons has no command line
    assert not (tmp_path / "报送表").exists()


def test_generate_refuses_an_unknown_member(control: Path, tmp_path: Path) -> None:
    """A member not in the registry stops generation with a message naming it."""
    book = load_workbook(control)
    book[CONTROL.GROUPS_SHEET][f"D{CONTROL.GROUPS_FIRST_ROW}"] = "市统计"
    book.save(control)
    fill(control, returns_folder="报送表")
    outcome = run_file("generate_returns", control)
    assert not outcome.ok
    assert "“市统计”不在单位名录中" in outcome.message
    assert not (tmp_path / "报送表").exists()
    assert log(control)[0][:2] == ("生成报送表", "有问题")


def test_missing_parameter_is_a_message(control: Path) -> None:
    """Empty parameters are one Chinese message naming each, logged; never a traceback."""
    outcome = run_file("merge_returns", control)
    assert not outcome.ok
    assert outcome.message == "汇总报送：请先在控制台中填写：报回文件夹、汇总表文件 [macro-input]"
    assert log(control) == [("汇总报送", "有问题", outcome.message)]


def test_missing_folder_is_a_message(control: Path) -> None:
    """A returns folder that does not exist is named."""
    fill(control, received_folder="没有这个文件夹")
    outcome = run_file("validate_folder", control)
    assert not outcome.ok
    assert "报回文件夹”中的文件夹不存在" in outcome.message


def test_validate_folder(control: Path, received: Path) -> None:
    """校验文件夹: one row per problem (or per good file) in 校验结果, and a summary message."""
    fill(control, received_folder="报回")
    outcome = run_file("validate_folder", control)
    assert outcome.message.startswith("共检查 3 个文件：2 个合格（其中 1 个有提醒），1 个不合格。")
    assert not outcome.ok
    results = rows(control, CONTROL.RESULTS_SHEET)
    bad = [row for row in results if row[3] == "不合格"]
    assert [(Path(str(row[1])).name, row[5], row[7]) for row in bad] == [
        ("南康区.xlsx", f"{ENTRY}!{task_cell('status')}（任务（一））", code_label("missing-value"))
    ]
    assert {Path(str(row[1])).name for row in results if row[3] == "合格"} == {
        "章贡区-已填.xlsx",
        "市司法局-已填.xlsx",
    }
    assert {row[1] for row in results} == {  # as found in the folder, not the whole path
        "南康区.xlsx",
        "章贡区-已填.xlsx",
        "市司法局-已填.xlsx",
    }


def test_merge_writes_summary_and_word(control: Path, received: Path, tmp_path: Path) -> None:
    """汇总报送: the summary workbook and the Word draft are written; the message counts."""
    fill(control, received_folder="报回", summary_file="汇总表.xlsx", docx_file="汇编.docx")
    outcome = run_file("merge_returns", control)
    assert outcome.ok, outcome.message
    assert "应报 55 个单位，已报送 3 个（按时 2 个，逾期 1 个），其中不合格 1 个" in outcome.message
    assert (tmp_path / "汇总表.xlsx").is_file()
    assert (tmp_path / "汇编.docx").is_file()
    assert load_workbook(tmp_path / "汇总表.xlsx").sheetnames[0] == SUMMARY.OVERVIEW_SHEET


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"summary_file": "报回/章贡区-已填.xlsx"}, "output-in-input"),
        ({"summary_file": "控制台.xlsx"}, "output-is-input"),
        ({"summary_file": "汇总表.xlsx", "docx_file": "签名密钥.txt"}, "output-wrong-type"),
    ],
)
def test_merge_never_writes_over_an_input(
    control: Path, received: Path, values: dict[str, str], code: str
) -> None:
    """汇总报送 with an output on a return, the control workbook or the key: refused, all kept."""
    fill(control, received_folder="报回", **values)
    before = {p: p.read_bytes() for p in (*received.iterdir(), control.parent / "签名密钥.txt")}
    outcome = run_file("merge_returns", control)
    assert not outcome.ok
    assert f"[{code}]" in outcome.message
    assert {p: p.read_bytes() for p in before} == before


def test_as_of_typed_as_the_office_writes_dates(control: Path, received: Path) -> None:
    """统计截止日期 typed as text 2024年7月10日 (not a date cell) is read as that day."""
    fill(control, received_folder="报回", summary_file="汇总表.xlsx", as_of="2024年7月10日")
    outcome = run_file("merge_returns", control)
    assert outcome.ok, outcome.message
    assert "汇总截至 2024年7月10日" in outcome.message


def test_merge_never_writes_over_a_return_kept_elsewhere(
    control: Path, received: Path, tmp_path: Path
) -> None:
    """汇总报送 with the summary named like a return outside the folder read: refused, kept."""
    kept = tmp_path / "章贡区-上期.xlsx"
    kept.write_bytes((received / "章贡区-已填.xlsx").read_bytes())
    fill(control, received_folder="报回", summary_file=kept.name)
    outcome = run_file("merge_returns", control)
    assert not outcome.ok
    assert "[output-is-return]" in outcome.message
    assert kept.read_bytes() == (received / "章贡区-已填.xlsx").read_bytes()


ROUNDS = "2024年第二季度=2024-07-10,2024年第三季度=2024-10-10"


def test_control_shows_the_notices_schedule(tmp_path: Path) -> None:
    """The control workbook shows a notice's schedule in 报送安排, to check or change."""
    scheduled = attrs.evolve(NOTICE, rounds=parse_rounds(ROUNDS))
    path = write_control(tmp_path / "控制台.xlsx", notice=scheduled, source="x.toml")
    assert sheet(path, CONTROL.CONTROL_SHEET)[CONTROL.cell("rounds")].value == ROUNDS


def test_buttons_for_a_round(control: Path, tmp_path: Path) -> None:
    """汇总报送 with 本期 and 台账数据库, then 生成报送表 for the next round from 上期汇总表."""
    folder = tmp_path / "第二季度报回"
    folder.mkdir()
    filled(folder, "章贡区", key=KEY, round_=ROUND_1, date=dt.date(2024, 7, 1))
    fill(control, received_folder=folder.name, summary_file="汇总1.xlsx", rounds=ROUNDS,
         round="2024年第二季度", history_file="台账.sqlite")  # fmt: skip
    outcome = run_file("merge_returns", control)
    assert outcome.ok, outcome.message
    assert "台账：" in outcome.message
    with History.open(tmp_path / "台账.sqlite") as history:
        assert [item.name for item in history.rounds()] == ["2024年第二季度"]
    fill(control, round="2024年第三季度", previous_file="汇总1.xlsx", history_file="",
         returns_folder="第三季度")  # fmt: skip
    outcome = run_file("generate_returns", control)
    assert outcome.ok, outcome.message
    assert "其中 1 个单位的报送表预填了上期（2024年第二季度）的答复。" in outcome.message
    made = sorted((tmp_path / "第三季度").glob("*2024年第三季度.xlsx"))
    assert len(made) == 55
    zhanggong = next(path for path in made if "章贡区" in path.name)
    assert read_return(zhanggong).carries_previous


def _history_units(path: Path) -> dict[str, list[str]]:
    """The units a history holds answers of, by round."""
    with History.open(path) as history:
        found: dict[str, set[str]] = {}
        for notice, _title in history.notices():
            for entry in history.entries(notice):
                found.setdefault(entry.round, set()).add(entry.unit_name)
    return {name: sorted(units) for name, units in found.items()}


def test_rerun_with_a_return_fewer_is_decided_on_the_control_sheet(
    control: Path, tmp_path: Path
) -> None:
    """A rerun of a round missing a unit's return is refused; 整期替换台账 says to replace it.

    The refusal names the cell (B17) and the run to repeat; an entry naming another round
    replaces nothing; 本期 typed with full-width digits and a space is the same round.
    """
    folder = tmp_path / "第二季度报回"
    folder.mkdir()
    for unit in ("章贡区", "市司法局"):
        filled(folder, unit, key=KEY, round_=ROUND_1, date=dt.date(2024, 7, 1))
    fill(control, received_folder=folder.name, summary_file="汇总1.xlsx", rounds=ROUNDS,
         round="2024年第二季度", history_file="台账.sqlite")  # fmt: skip
    assert run_file("merge_returns", control).ok
    ledger = tmp_path / "台账.sqlite"
    both = {"2024年第二季度": ["市司法局", "章贡区"]}
    assert _history_units(ledger) == both
    (folder / "市司法局-已填.xlsx").unlink()
    fill(control, summary_file="汇总1-重汇.xlsx")
    refused = run_file("merge_returns", control)
    assert not refused.ok
    cell = CONTROL.cell("replace_round")
    assert cell == "B17"
    assert f"控制台“整期替换台账”（{cell} 单元格）中填写“2024年第二季度”" in refused.message
    assert "（市司法局）" in refused.message
    assert "gzgk excel run merge_returns 控制台.xlsx" in refused.message
    assert "--replace-round" not in refused.message
    assert refused.message.endswith("[history-units-dropped]")
    assert not (tmp_path / "汇总1-重汇.xlsx").exists()
    assert _history_units(ledger) == both
    fill(control, replace_round="2024年第一季度")  # left from another round: not this one
    stale = run_file("merge_returns", control)
    assert not stale.ok
    assert "现在填的是“2024年第一季度”，不是本期" in stale.message
    assert _history_units(ledger) == both
    fill(control, round="２０２４年 第二季度", replace_round=" 2024年第二季度")
    replaced = run_file("merge_returns", control)
    assert replaced.ok, replaced.message
    assert "（2024年第二季度，" in replaced.message
    assert "已整期替换" in replaced.message
    assert "（B17 单元格）仍填着本期名称" in replaced.message
    assert "或运行 gzgk excel run remind 控制台.xlsx。" in replaced.details[-1]
    assert _history_units(ledger) == {"2024年第二季度": ["章贡区"]}
    assert [row[1] for row in log(control)][-4:] == ["完成", "有问题", "有问题", "完成"]


def test_round_typed_with_spaces_and_full_width_forms(control: Path, tmp_path: Path) -> None:
    """本期 typed ``２０２４年 第二季度`` (no schedule) is the round ``2024年第二季度`` everywhere.

    The history records it under the name the next round's returns and summary carry.
    """
    folder = tmp_path / "报回"
    folder.mkdir()
    filled(folder, "章贡区", key=KEY, round_=ROUND_1, date=dt.date(2024, 7, 1))
    fill(control, received_folder="报回", summary_file="汇总1.xlsx", round="２０２４年　第二季度",
         history_file="台账.sqlite")  # fmt: skip
    outcome = run_file("merge_returns", control)
    assert outcome.ok, outcome.message
    assert _history_units(tmp_path / "台账.sqlite") == {"2024年第二季度": ["章贡区"]}


def test_round_settings_wrong_name_their_cells(control: Path, tmp_path: Path) -> None:
    """Wrong round settings: each message names the control cell to correct, never an option.

    本期 of two rounds, 上期汇总表 of this round itself, a 台账数据库 not made yet.
    """
    folder = tmp_path / "报回"
    folder.mkdir()
    filled(folder, "章贡区", key=KEY, round_=ROUND_1, date=dt.date(2024, 7, 1))
    fill(control, received_folder="报回", summary_file="汇总1.xlsx", round="2024年第二季度",
         returns_folder="第三季度")  # fmt: skip
    assert run_file("merge_returns", control).ok
    (tmp_path / "另一份通知.txt").write_text(
        "（一）推进政务公开。（牵头单位：市政府办公室；责任单位：市司法局）\n", encoding="utf-8"
    )
    messages = {}
    for name, values in {
        "two rounds": {"round": "2024年第二季度,2024年第三季度"},
        "this round's summary": {"round": "2024年第二季度", "previous_file": "汇总1.xlsx"},
        "another notice's summary": {"round": "2024年第三季度", "notice": "另一份通知.txt"},
    }.items():  # fmt: skip
        fill(control, **values)
        outcome = run_file("generate_returns", control)
        assert not outcome.ok, name
        assert " --" not in outcome.message, name
        messages[name] = outcome.message
    assert "控制台“本期”（B14 单元格）只能写一期的名称" in messages["two rounds"]
    assert "控制台“报送安排”（B13 单元格）" in messages["two rounds"]
    assert "就是本期" in messages["this round's summary"]
    assert "控制台“上期汇总表”（B15 单元格）" in messages["this round's summary"]
    assert "属于另一份通知" in messages["another notice's summary"]
    assert "控制台“上期汇总表”（B15 单元格）" in messages["another notice's summary"]
    assert not (tmp_path / "第三季度").exists()


def test_refusals_name_cells_and_buttons_not_options(
    control: Path, received: Path, tmp_path: Path
) -> None:
    """Generating twice, no key, a mistyped 本期, the wrong key: each says which cell to change."""
    fill(control, returns_folder="报送表")
    assert run_file("generate_returns", control).ok
    again = run_file("generate_returns", control)
    assert not again.ok
    assert "控制台“报送表输出文件夹”（B6 单元格）写明的文件夹" in again.message
    assert "再运行 gzgk excel run generate_returns 控制台.xlsx" in again.message
    assert again.message.endswith("[output-exists]")
    fill(control, key_file="", received_folder="报回")
    unsigned = run_file("validate_folder", control)
    assert any(
        "都在控制台“签名密钥文件”（B10 单元格）中填写" in line for line in unsigned.details
    ), unsigned
    (tmp_path / "另一个密钥.txt").write_text(OTHER_KEY.to_text(), encoding="utf-8")
    fill(control, summary_file="汇总表.xlsx", key_file="另一个密钥.txt")
    wrong_key = run_file("merge_returns", control)
    assert "控制台“签名密钥文件”（B10 单元格）中的密钥" in wrong_key.message
    assert wrong_key.message.endswith("[key-mismatch]")
    folder = tmp_path / "第二季度报回"
    folder.mkdir()
    filled(folder, "章贡区", key=KEY, round_=ROUND_1)
    fill(control, received_folder=folder.name, round="2024年第三季度", key_file="签名密钥.txt")
    wrong_round = run_file("merge_returns", control)
    assert (
        "控制台“本期”（B14 单元格）中的“2024年第三季度”与收到的报送表都不符" in wrong_round.message
    )
    assert "控制台“报回文件夹”（B7 单元格）放的是别的期的报送表" in wrong_round.message
    assert wrong_round.message.endswith("[round-mismatch]")
    outcomes = (again, wrong_key, wrong_round)
    assert not any(" --" in text for text in (*unsigned.details, *(o.message for o in outcomes)))
    assert not (tmp_path / "汇总表.xlsx").exists()


def test_history_named_before_it_is_made(control: Path, tmp_path: Path) -> None:
    """台账数据库 filled in before the first 汇总报送: 生成报送表 and 催报清单 go on and say so."""
    fill(control, round="2024年第二季度", returns_folder="第二季度", history_file="台账.sqlite",
         received_folder="报回")  # fmt: skip
    (tmp_path / "报回").mkdir()
    note = "控制台“台账数据库”（B16 单元格）中的台账数据库还没有建立"
    for macro in ("generate_returns", "remind"):
        outcome = run_file(macro, control)
        assert outcome.ok, outcome.message
        assert note in outcome.message
    assert len(list((tmp_path / "第二季度").glob("*2024年第二季度.xlsx"))) == 55
    assert not (tmp_path / "台账.sqlite").exists()


def test_history_held_by_another_program(control: Path, tmp_path: Path) -> None:
    """A history another program holds is named as in use, not as not gzgk's; nothing is written."""
    folder = tmp_path / "报回"
    folder.mkdir()
    filled(folder, "章贡区", key=KEY, round_=ROUND_1, date=dt.date(2024, 7, 1))
    fill(control, received_folder="报回", summary_file="汇总1.xlsx", round="2024年第二季度",
         history_file="台账.sqlite")  # fmt: skip
    assert run_file("merge_returns", control).ok
    fill(control, summary_file="汇总1-重汇.xlsx")
    other = sqlite3.connect(tmp_path / "台账.sqlite", isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        outcome = run_file("merge_returns", control)
    finally:
        other.close()
    assert not outcome.ok
    assert "正被其他程序使用" in outcome.message
    assert "不是 gzgk 的台账" not in outcome.message
    assert "汇总表也没有写出" in outcome.message
    assert "gzgk excel run merge_returns 控制台.xlsx" in outcome.message
    assert outcome.message.endswith("[history-unusable]")
    assert not (tmp_path / "汇总1-重汇.xlsx").exists()
    assert run_file("merge_returns", control).ok


def test_previous_without_round_is_a_message(control: Path, received: Path) -> None:
    """上期汇总表 without 本期: a message naming both cells, nothing written."""
    fill(control, received_folder="报回", summary_file="汇总表.xlsx", previous_file="汇总表0.xlsx")
    outcome = run_file("merge_returns", control)
    assert not outcome.ok
    assert "“本期”" in outcome.message
    assert not (control.parent / "汇总表.xlsx").exists()


def test_remind_writes_the_list(control: Path, received: Path) -> None:
    """催报清单: a sheet of the units to chase, late and invalid ones with their reason."""
    fill(control, received_folder="报回")
    outcome = run_file("remind", control)
    assert outcome.message == f"需要催报 54 个单位，见“{SUMMARY.REMINDERS_SHEET}”工作表。"
    header = TABLE.header_row(2)  # under the title and the as-of line
    listed = {
        row[1]: row
        for row in sheet(control, SUMMARY.REMINDERS_SHEET).iter_rows(
            min_row=header + 1, values_only=True
        )
    }
    state = SUMMARY.REMINDERS_HEADER.index("情况")
    assert str(listed["市司法局"][state]).startswith("逾期报送")
    assert listed["南康区"][state] == "报送表不合格（错误 1 处）"
    assert str(listed["赣县区"][state]).startswith("逾期未报（逾期 ")
    assert "章贡区" not in listed


def _reminders_top(path: Path) -> list[tuple[object, ...]]:
    """The 催报清单 sheet's first rows: the title, the as-of line and the header."""
    found = sheet(path, SUMMARY.REMINDERS_SHEET)
    return [
        tuple(value for value in row if value is not None)
        for row in found.iter_rows(max_row=TABLE.header_row(2), values_only=True)
    ]


def test_remind_sheet_has_the_title_of_every_reminders_list(
    control: Path, received: Path, tmp_path: Path
) -> None:
    """The control workbook's 催报清单 starts as the summary's sheet and the list alone do.

    The same title, the same as-of line (moment, deadline, how many) and the header under
    them, in file mode (the route WPS users take) as written by `gzgk remind -o` and by
    汇总报送; the sheet prints with its header repeated under the two lines.
    """
    fill(control, received_folder="报回", summary_file="汇总表.xlsx")
    assert run_file("remind", control).ok
    assert run_file("merge_returns", control).ok
    alone = tmp_path / "催报清单.xlsx"
    key = str(tmp_path / "签名密钥.txt")
    argv = ["remind", str(received), "--notice", "ganzhou-2024", "--key", key]
    assert main([*argv, "--as-of", "2024-07-10", "-o", str(alone)]) == 1  # 南康区's is invalid
    top = _reminders_top(control)
    assert top == _reminders_top(tmp_path / "汇总表.xlsx") == _reminders_top(alone)
    title, facts, header = top
    assert title == (f"{NOTICE.title}催报清单",)
    assert facts == ("统计截至 2024年7月10日 23:59　报送时限 2024年7月5日　需要催报 54 个单位",)
    assert header == SUMMARY.REMINDERS_HEADER
    written = sheet(control, SUMMARY.REMINDERS_SHEET)
    assert written["A1"].font.b
    assert written["A1"].font.sz == TABLE.TITLE_SIZE
    assert "A1:G1" in {str(merged) for merged in written.merged_cells.ranges}  # printed width
    assert written.print_title_rows == "$3:$3"
    assert written.freeze_panes == "A4"
    assert written.auto_filter.ref == f"A3:I{3 + 54}"
    # Laid out as the summary's sheet: its widths (a phone number fits), its printed columns.
    widths = [written.column_dimensions[letter].width for letter in "ABCDEFGHI"]
    assert widths == list(SUMMARY.REMINDERS_WIDTHS)
    assert written.print_area == f"'{SUMMARY.REMINDERS_SHEET}'!$A$1:$G${3 + 54}"


def test_validate_current_in_file_mode_writes_a_copy(control: Path, received: Path) -> None:
    """校验当前工作簿 on a file: marks go to a copy beside the control workbook, never the input."""
    target = received / "南康区.xlsx"
    before = target.read_bytes()
    outcome = run_file("validate_current", control, workbook=target)
    assert not outcome.ok
    assert outcome.message.startswith("“南康区.xlsx”有错误 1 处、提醒 0 处。批注副本：")
    assert target.read_bytes() == before
    copy = control.parent / CONTROL.ANNOTATED_FOLDER / f"南康区{ANNOTATION.SUFFIX}.xlsx"
    marked = load_workbook(copy)[ENTRY][task_cell("status")]
    assert marked.comment is not None
    assert RETURN.label("status") in marked.comment.text
    assert [(row[1], row[5], row[7]) for row in rows(control, CONTROL.RESULTS_SHEET)] == [
        (
            "报回/南康区.xlsx",
            f"{ENTRY}!{task_cell('status')}（任务（一））",
            code_label("missing-value"),
        )
    ]


def _protection(path: Path) -> dict[str, object]:
    """The entry sheet's protection as saved: every flag, and whether a password is set."""
    protection = sheet(path, ENTRY).protection
    return {name: getattr(protection, name) for name in protection.__attrs__}


def test_validate_current_marks_a_protected_return_in_excel(
    control: Path, received: Path, tmp_path: Path
) -> None:
    """校验当前工作簿 in Excel marks the open, protected return; protection and values stay."""
    original = received / "南康区.xlsx"
    app = xl.excel()
    xl.open_book(app, control)
    current = xl.open_book(app, original)
    values = {s.name: s.used_range.value for s in current.sheets}
    outcome = run_in_excel("validate_current", current)
    assert not outcome.ok
    assert "已在表中标出问题单元格" in outcome.message
    assert xl.alerts(app) == [(outcome.message, f"gzgk · {ADDIN.TAB_LABEL}")]
    assert {s.name: s.used_range.value for s in current.sheets} == values
    marked = xl.save(current, tmp_path / "标注后.xlsx")
    cell = sheet(marked, ENTRY)[task_cell("status")]
    assert cell.fill.fgColor.rgb.endswith(ANNOTATION.ERROR_FILL)
    assert cell.comment is not None
    assert cell.comment.text.startswith(f"{ANNOTATION.NOTE_AUTHOR}：错误：")
    assert _protection(marked) == _protection(original)
    assert sheet(marked, ENTRY).protection.sheet

    current.sheets[ENTRY].range(task_cell("status")).value = "推进中"  # the unit fixes it
    outcome = run_in_excel("validate_current", current)
    assert outcome.message == "“南康区.xlsx”填写合格，可以报送。"
    fixed = sheet(xl.save(current, tmp_path / "改好后.xlsx"), ENTRY)[task_cell("status")]
    assert fixed.comment is None
    assert fixed.fill.fgColor.rgb.endswith(RETURN.ENTRY_FILL)
    assert original.read_bytes() == (received / "南康区.xlsx").read_bytes()


def test_validate_current_keeps_a_password_it_did_not_set(control: Path, received: Path) -> None:
    """A return protected with a unit's own password is not marked: a message says what to do."""

    def lock(book: Workbook) -> None:
        book[ENTRY].protection.password = "单位密码"  # noqa: S105 - a test value

    locked = edit(received / "南康区.xlsx", lock, name="加了密码.xlsx")
    app = xl.excel()
    xl.open_book(app, control)
    outcome = run_in_excel("validate_current", xl.open_book(app, locked))
    assert not outcome.ok
    assert "设了保护密码，无法在表中标出问题" in outcome.message
    assert outcome.message.endswith("[workbook-unavailable]")


def test_a_return_is_never_the_control_workbook(control: Path, received: Path) -> None:
    """A return carrying a 控制台 sheet is not taken for the control; two controls are refused."""

    def forge(book: Workbook) -> None:
        forged = book.create_sheet(CONTROL.CONTROL_SHEET)
        forged[CONTROL.cell("summary_file")] = "C:/Windows/win.ini"

    hostile = edit(received / "南康区.xlsx", forge, name="带控制台的报送表.xlsx")
    books = [FileBook(hostile), FileBook(control)]
    assert [book.name for book in control_candidates(books)] == [control.name]
    app = xl.excel()
    xl.open_book(app, control)
    second = shutil.copy(control, control.with_name("另一个控制台.xlsx"))
    xl.open_book(app, Path(second))
    outcome = run_in_excel("remind", xl.open_book(app, hostile))
    assert not outcome.ok
    assert "打开了 2 个控制台" in outcome.message


def test_check_environment(control: Path, received: Path) -> None:
    """环境检查: one row per check, each parameter checked for what it must be."""
    fill(control, received_folder="报回", as_of="七月十日")
    outcome = run_file("check_environment", control)
    checks = {row[0]: row for row in rows(control, CONTROL.ENVIRONMENT_SHEET)}
    assert checks["Python"][2] == "正常"
    assert checks["通知"][2] == "正常"
    assert str(checks["通知"][1]).endswith("（12 项任务）")
    assert checks["报回文件夹"][2] == "正常"
    assert checks["统计截止日期"][2] == "需要处理"
    assert "应为日期" in str(checks["统计截止日期"][3])
    assert checks["报送表输出文件夹"][1] == "未填写（生成报送表需要）"
    assert not outcome.ok
    assert outcome.message.startswith("环境检查：")
    report = Path(outcome.message.split("检查结果已写入 ")[1].split("，")[0])
    assert report.parent == Path(os.environ["LOCALAPPDATA"]) / "gzgk" / "logs"
    assert report.name.endswith("-check_environment.txt")
    assert outcome.message.endswith(f"检查结果已写入 {report}，需要帮助时请把它发给维护人员。")
    text = report.read_bytes().decode("utf-8")
    assert text.startswith("\ufeffgzgk 环境检查 ")
    assert "命令行运行（文件模式）" in text
    assert "统计截止日期\t七月十日\t需要处理\t" in text


def test_python_check_holds_to_the_versions_the_bundle_carries() -> None:
    """环境检查 asks for the Python the install bundle is built for, from the same metadata.

    In Excel the oldest Python the bundle carries wheels for is the oldest 环境检查 accepts
    (gzgk's and xlwings' Requires-Python together), and the message names it; in file mode
    gzgk's own Requires-Python counts. The README states both.
    """
    carried = excel_pythons()[0]
    assert oldest_python(python_requirements().values()) == carried
    major, minor = (int(part) for part in carried.split("."))
    assert python_check(f"{carried}.0", live=True) == (True, "")
    ok, fix = python_check(f"{major}.{minor - 1}.9", live=True)
    assert not ok
    assert fix.startswith(f"请安装 Python {carried} 或更新的版本（")
    alone = oldest_python(python_requirements(("gzgk",)).values())
    assert python_check(f"{alone}.0", live=False) == (True, "")
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"Python ≥ {carried}:" in readme
    assert f"runs on Python ≥ {alone})" in readme


def test_unexpected_error_goes_to_a_log_file(
    control: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected failure writes its traceback to a file that the message names, and is logged."""

    def broken(run: Run) -> Outcome:
        raise ZeroDivisionError("a bug")

    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "appdata"))
    monkeypatch.setitem(MACROS, "remind", broken)  # a macro with a bug, run by the real machinery
    outcome = run_file("remind", control)
    assert not outcome.ok
    [logged] = (tmp_path / "appdata" / "gzgk" / "logs").glob("*-remind.log")
    assert outcome.message == (
        f"催报清单：出现意外错误，详情已记录在 {logged}。请把这个文件发给维护人员。"
    )
    assert "ZeroDivisionError: a bug" in logged.read_text(encoding="utf-8")
    assert log(control) == [("催报清单", "有问题", outcome.message)]


def test_control_locked_is_a_message(control: Path) -> None:
    """A control file that is not a workbook is a message, not a traceback."""
    control.write_bytes(b"not a workbook")
    outcome = run_file("check_environment", control)
    assert not outcome.ok
    assert "不是 .xlsx 工作簿" in outcome.message


def test_cli_excel_control_and_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`gzgk excel control` writes the control workbook; `gzgk excel run` runs a button on it."""
    out = io.StringIO()
    path = tmp_path / "控制台.xlsx"
    assert main(["excel", "control", "-o", str(path), "--notice", "ganzhou-2024"], out=out) == 0
    assert "已写入控制台" in out.getvalue()
    out = io.StringIO()
    code = main(["excel", "run", "check_environment", str(path)], out=out)
    assert code == 1  # 报送表输出文件夹 and the rest are still empty
    assert out.getvalue().startswith("环境检查：")
    with pytest.raises(SystemExit):
        main(["excel", "run", "no_such_macro", str(path)])
    assert "no_such_macro" in capsys.readouterr().err


def test_signed_returns_validate_with_the_control_key(control: Path, tmp_path: Path) -> None:
    """The key named on the control sheet signs what generate writes and checks it later."""
    fill(control, returns_folder="报送表", received_folder="报送表")
    assert run_file("generate_returns", control).ok
    outcome = run_file("validate_folder", control)
    assert "共检查 55 个文件：0 个合格" in outcome.message  # blank returns: nothing filled in
    codes = {row[7] for row in rows(control, CONTROL.RESULTS_SHEET)}
    assert "signature-invalid" not in codes
    assert Key.load(tmp_path / "签名密钥.txt") == KEY


def test_control_with_buttons(tmp_path: Path) -> None:
    """`gzgk excel control -o X.xlsm` carries the macros; file mode refuses it (it would lose them)."""
    path = tmp_path / "控制台.xlsm"
    out = io.StringIO()
    assert main(["excel", "control", "-o", str(path)], out=out) == 0
    assert "本表右侧的按钮" in out.getvalue()
    with zipfile.ZipFile(path) as archive:
        assert "xl/vbaProject.bin" in archive.namelist()
    outcome = run_file("check_environment", path)
    assert not outcome.ok
    assert "请在 Excel 中点按钮使用" in outcome.message


# -- a return from another office decides nothing ---------------------------------------------------

HIJACK = "import pathlib; pathlib.Path({marker!r}).write_text('{name}'); raise SystemExit(9)\n"


def _hostile_office(tmp_path: Path, received: Path) -> tuple[Path, Path]:
    """A returns folder set up to take over, and the file a takeover would write.

    The folder holds a gzgk package, xlwings.py and gzgk.conf beside a return that carries a
    gzgk.conf sheet and an embedded-code sheet (``*.py``).
    """
    marker = tmp_path / "被接管.txt"
    evil = tmp_path / "evil"
    (received / "gzgk").mkdir()
    (received / "gzgk" / "__init__.py").write_text(HIJACK.format(marker=str(marker), name="gzgk"))
    (received / "xlwings.py").write_text(HIJACK.format(marker=str(marker), name="xlwings"))
    settings = {
        "INTERPRETER_WIN": str(evil / "python.exe"),
        "PYTHONPATH": str(received),
        "ADD_WORKBOOK_TO_PYTHONPATH": "true",
        "CONDA PATH": str(evil),
        "CONDA ENV": "evil",
        "UDF_MODULES": "gzgk",
        "LICENSE_KEY": "evil",
    }
    (received / f"{ADDIN.PROJECT_NAME}.conf").write_text(
        "".join(f'"{key}","{value}"\n' for key, value in settings.items()), encoding="utf-8"
    )

    def carry(book: Workbook) -> None:
        conf = book.create_sheet(f"{ADDIN.PROJECT_NAME}.conf")
        for key, value in settings.items():
            conf.append([key, value])
        book.create_sheet("evil.py")["A1"] = "import os; os.system('calc')"

    hostile = edit(received / "南康区.xlsx", carry, name="南康区-带配置.xlsx")
    return hostile, marker


def test_a_hostile_return_is_only_data(control: Path, received: Path, tmp_path: Path) -> None:
    """Every button run on a hostile return and its folder uses the user's own settings only."""
    hostile, marker = _hostile_office(tmp_path, received)
    home = tmp_path / "home"
    (home / f".{ADDIN.PROJECT_NAME}").mkdir(parents=True)
    user_conf = home / f".{ADDIN.PROJECT_NAME}" / f"{ADDIN.PROJECT_NAME}.conf"
    user_conf.write_text(f'"INTERPRETER_WIN","{sys.executable}"\n', encoding="utf-8")
    fill(control, received_folder="报回", returns_folder="报送表", summary_file="汇总表.xlsx")
    gzgk = Path(sys.executable).with_name("gzgk")
    env = {**os.environ, "HOME": str(home), "USERPROFILE": str(home)}
    for macro in MACROS:
        command = [str(gzgk), "excel", "run", macro, str(control), "--workbook", str(hostile)]
        done = subprocess.run(
            command, cwd=received, env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode in (0, 1), done.stderr
        assert "Traceback" not in done.stderr
        assert not marker.exists(), marker.read_text()
    checks = {row[0]: row for row in rows(control, CONTROL.ENVIRONMENT_SHEET)}
    assert checks["加载项配置"][1] == f"{user_conf}（解释器：{sys.executable}）"
    text = "\n".join(
        str(value)
        for title in load_workbook(control).sheetnames
        for row in rows(control, title)
        for value in row
    )
    assert "evil" not in text
    assert not (tmp_path / "evil").exists()


def _runpython(add_workbook: str, active: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """What RunPython starts on Windows, here: python -B -c with xlwings' sys.path set-up."""
    paths = ";".join([add_workbook, str(active), str(cwd / "gzgk.xlam"), "", "", "", ""])
    command = (
        f'import xlwings.utils; xlwings.utils.prepare_sys_path("{paths}"); '
        "import gzgk.excel.macros as m; print(m.__file__)"
    )
    return subprocess.run(
        [sys.executable, "-B", "-c", command], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_runpython_never_imports_from_the_returns_folder(received: Path, tmp_path: Path) -> None:
    """RunPython as the add-in builds it imports the installed gzgk, never the returns folder's.

    The workbook's folder is off sys.path and Python starts in the interpreter's folder;
    xlwings' default (the folder on sys.path) would import the returns folder's gzgk.
    """
    hostile, marker = _hostile_office(tmp_path, received)
    interpreter_folder = Path(sys.executable).parent
    safe = _runpython("false", hostile, interpreter_folder)
    assert safe.returncode == 0, safe.stderr
    assert Path(safe.stdout.strip()).parent.parent == Path(gzgk_module.__file__).parent
    assert not marker.exists()
    unsafe = _runpython("true", hostile, interpreter_folder)  # the template's default
    assert unsafe.returncode == 9
    assert marker.read_text() == "gzgk"
