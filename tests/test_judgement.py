"""Never misjudge a batch: a wrong key stops the run, identical files are one return."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from support.returns import KEY, NOTICE, OTHER_KEY, edit, filled, task_cell

from gzgk.cli import main
from gzgk.contract import RETURN, SUMMARY
from gzgk.errors import KeyMismatchError, OutputRefusedError
from gzgk.excel.merge import merge_paths
from gzgk.excel.summary_book import summary_workbook, write_reminders, write_summary
from gzgk.excel.validate import check_files
from gzgk.returns import Signature
from gzgk.summary import InvalidText
from gzgk.word import write_compilation

AS_OF = dt.datetime(2024, 7, 10, 18, 0).astimezone()


def run(*argv: str) -> tuple[int, str]:
    """Run the CLI in-process; exit code and stdout."""
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


@pytest.fixture
def signed(tmp_path: Path) -> Path:
    """Three returns signed with the office's key."""
    folder = tmp_path / "报回"
    folder.mkdir()
    for unit in ("章贡区", "南康区", "市司法局"):
        filled(folder, unit, key=KEY)
    return folder


def key_file(tmp_path: Path, key: object, name: str) -> Path:
    """The key written to a file as gzgk keygen would."""
    path = tmp_path / name
    path.write_text(key.to_text(), encoding="utf-8")  # type: ignore[attr-defined]
    return path


@pytest.mark.parametrize("command", ["validate", "merge"])
def test_a_wrong_key_stops_the_run(
    signed: Path, tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A valid key file that signed none of the returns: key-mismatch, exit 2, nobody judged."""
    wrong = key_file(tmp_path, OTHER_KEY, "别的密钥.txt")
    argv = [command, str(signed), "--notice", "ganzhou-2024", "--key", str(wrong)]
    if command == "merge":
        argv += ["-o", str(tmp_path / "汇总.xlsx")]
    code, out = run(*argv)
    err = capsys.readouterr().err
    assert code == 2
    assert out == ""
    assert "[key-mismatch]" in err
    assert OTHER_KEY.id in err
    assert KEY.id in err
    assert not (tmp_path / "汇总.xlsx").exists()


def test_the_right_key_verifies(signed: Path) -> None:
    """With the key the returns were signed with, every signature is verified."""
    records = check_files([signed], notice=NOTICE, key=KEY, workers=0)
    assert [record.content.signature for record in records] == [Signature.VERIFIED] * 3
    assert {record.content.key_id for record in records} == {KEY.id}


def test_one_forged_return_stays_that_files_problem(signed: Path, tmp_path: Path) -> None:
    """One return signed with another key among verified ones: that file is invalid, no stop."""
    filled(signed, "瑞金市", key=OTHER_KEY)
    records = check_files([signed], notice=NOTICE, key=KEY, workers=0)
    verdicts = {record.content.unit_name: record.valid for record in records}
    assert verdicts == {"章贡区": True, "南康区": True, "市司法局": True, "瑞金市": False}
    forged = next(r for r in records if r.content.unit_name == "瑞金市")
    assert forged.report.flatten("code") == [("signature-invalid",)]


def test_the_library_raises_key_mismatch(signed: Path) -> None:
    """Scripts get KeyMismatchError (a ValueError) naming both key ids."""
    with pytest.raises(KeyMismatchError) as raised:
        merge_paths([signed], notice=NOTICE, key=OTHER_KEY, workers=0)
    assert raised.value.given == OTHER_KEY.id
    assert raised.value.found == (KEY.id,)


@pytest.fixture
def copies(tmp_path: Path) -> Path:
    """龙南市's return twice, byte for byte: once under its name, once under 信丰县's."""
    folder = tmp_path / "报回"
    folder.mkdir()
    original = filled(folder, "龙南市", name="05-龙南市-落实情况报送表.xlsx")
    shutil.copy(original, folder / "06-信丰县-落实情况报送表.xlsx")
    filled(folder, "章贡区", name="01-章贡区-落实情况报送表.xlsx")
    return folder


def test_identical_files_are_one_return(copies: Path) -> None:
    """The copy under the right name is used and valid; the other is a listed copy, not a second return."""
    summary = merge_paths([copies], notice=NOTICE, as_of=AS_OF, workers=0)
    longnan = summary.unit("龙南市")
    assert longnan.received is not None
    assert Path(longnan.received.path).name == "05-龙南市-落实情况报送表.xlsx"
    assert longnan.valid is True
    assert [Path(f.path).name for f in longnan.copies] == ["06-信丰县-落实情况报送表.xlsx"]
    assert not longnan.superseded
    counts = summary.counts()
    assert (counts.received, counts.invalid, counts.copies, counts.files) == (2, 0, 1, 3)
    assert "龙南市" not in [reminder.unit.name for reminder in summary.reminders()]


def test_the_named_unit_is_told(copies: Path) -> None:
    """信丰县's row and reminder say a file bears its name but holds 龙南市's return."""
    summary = merge_paths([copies], notice=NOTICE, as_of=AS_OF, workers=0)
    xinfeng = summary.unit("信丰县")
    assert xinfeng.received is None
    assert [Path(f.path).name for f in xinfeng.misnamed] == ["06-信丰县-落实情况报送表.xlsx"]
    reminder = next(r for r in summary.reminders() if r.unit.name == "信丰县")
    assert any("内容是龙南市的报送表" in line for line in reminder.missing)


def test_swapping_names_does_not_swap_the_verdict(copies: Path, tmp_path: Path) -> None:
    """Which copy sorts first does not matter: the one whose name fits is used."""
    swapped = tmp_path / "换名"
    swapped.mkdir()
    shutil.copy(copies / "05-龙南市-落实情况报送表.xlsx", swapped / "01-龙南市.xlsx")
    shutil.copy(copies / "06-信丰县-落实情况报送表.xlsx", swapped / "00-信丰县.xlsx")
    summary = merge_paths([swapped], notice=NOTICE, as_of=AS_OF, workers=0)
    longnan = summary.unit("龙南市")
    assert longnan.received is not None
    assert Path(longnan.received.path).name == "01-龙南市.xlsx"
    assert longnan.valid is True


def test_a_valid_copy_wins_over_an_invalid_one(tmp_path: Path) -> None:
    """Of two identical files, the one that passes validation is used whatever their order."""
    folder = tmp_path / "报回"
    folder.mkdir()
    original = filled(folder, "瑞金市", name="瑞金市.xlsx")
    shutil.copy(original, folder / "0-寻乌县.xlsx")  # sorts first, and its name is wrong
    summary = merge_paths([folder], notice=NOTICE, as_of=AS_OF, workers=0)
    ruijin = summary.unit("瑞金市")
    assert ruijin.received is not None
    assert Path(ruijin.received.path).name == "瑞金市.xlsx"
    assert ruijin.valid is True


def test_different_returns_of_one_unit_keep_the_newest_rule(tmp_path: Path) -> None:
    """Two different returns of one unit are not copies: the newer is used, the older superseded."""
    folder = tmp_path / "报回"
    folder.mkdir()
    filled(folder, "章贡区", name="a.xlsx", date=dt.date(2024, 7, 1))
    first = folder / "a.xlsx"
    edit(first, lambda book: None, name="b.xlsx")  # re-saved: other bytes, same answers
    summary = merge_paths([folder], notice=NOTICE, as_of=AS_OF, workers=0)
    zhanggong = summary.unit("章贡区")
    assert not zhanggong.copies
    assert len(zhanggong.superseded) == 1


@pytest.mark.parametrize("invalid_text", ["appendix", "omit"])
def test_forged_text_is_never_compiled_under_the_unit(
    signed: Path, invalid_text: InvalidText
) -> None:
    """A forged return's text is not in 按任务汇编 under its unit: a marked appendix or nothing."""
    forged = filled(signed, "瑞金市", key=OTHER_KEY)
    edit(forged, _say("伪造的落实情况：全部完成，成效显著。"), name=forged.name)
    summary = merge_paths([signed], notice=NOTICE, key=KEY, as_of=AS_OF, workers=0)
    sheet = load_workbook(io.BytesIO(summary_workbook(summary, invalid_text=invalid_text)))[
        SUMMARY.COMPILATION_SHEET
    ]
    rows = [[str(v or "") for v in row] for row in sheet.iter_rows(values_only=True)]
    ruijin = [row for row in rows if row[1] == "瑞金市"]
    expected = SUMMARY.REJECTED_SEE if invalid_text == "appendix" else SUMMARY.REJECTED
    assert ruijin
    assert all(row[2] == expected and row[3] == "" for row in ruijin)
    forged_rows = [i for i, row in enumerate(rows) if "伪造的落实情况" in row[3]]
    if invalid_text == "omit":
        assert forged_rows == []
        return
    notes = [i for i, row in enumerate(rows) if row[0] == SUMMARY.REJECTED_NOTE]
    assert len(notes) == 1
    assert forged_rows
    assert min(forged_rows) > notes[0]
    unit_row = rows[notes[0] + 1][0]
    assert unit_row.startswith("瑞金市（未采用原因：")
    assert "签名" in unit_row


def _say(text: str) -> Callable[[Workbook], None]:
    def change(book: Workbook) -> None:
        book[RETURN.ENTRY_SHEET][task_cell("progress")] = text

    return change


def test_the_library_writers_refuse_a_merged_file(signed: Path) -> None:
    """write_summary, write_compilation and write_reminders never write over a file merged."""
    summary = merge_paths([signed], notice=NOTICE, key=KEY, as_of=AS_OF, workers=0)
    victim = Path(summary.files[0].path)
    before = victim.read_bytes()
    for write in (write_summary, write_reminders):
        with pytest.raises(OutputRefusedError) as refused:
            write(summary, victim)
        assert refused.value.code == "output-is-input"
    with pytest.raises(OutputRefusedError):
        write_compilation(summary, victim)
    assert victim.read_bytes() == before
