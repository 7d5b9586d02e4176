"""The command line for returns: keygen, generate and validate."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from attrs import evolve
from openpyxl import load_workbook
from support.returns import ENTRY, NOTICE, filled

from gzgk import GroupMembers, Notice, dump_notice
from gzgk.cli import main
from gzgk.excel.generate import DISTRIBUTION_FILE
from gzgk.signing import Key

OPEN_GROUPS = (
    "以下单位组只指与该项任务有关的单位，尚未明确是哪些，其成员单位还没有拿到这些任务的报送表"
    "（不是名称有误）。在通知文件中为该任务列出成员后重新生成即可："
)
UNKNOWN_NAMES = (
    "以下名称不在单位名录中，没有为其生成报送表。"
    "请更正通知中的名称或在单位名录中补充该单位后重新生成："
)
SEED_OPEN = [
    OPEN_GROUPS,
    "  - 任务（一）的责任单位“市政府有关部门”",
    "  - 任务（二）的责任单位“市政府有关部门”",
    "  - 任务（八）的责任单位“市政府有关部门”",
]


def run(*argv: str) -> tuple[int, str]:
    """Run the CLI in-process; exit code and stdout."""
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


@pytest.fixture
def key(tmp_path: Path) -> Path:
    """A key file made by gzgk keygen."""
    path = tmp_path / "key.txt"
    code, out = run("keygen", "-o", str(path))
    assert code == 0
    assert Key.load(path).id in out
    return path


def test_keygen_never_overwrites(key: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`gzgk keygen` refuses to overwrite a key (old returns need it) unless --force."""
    before = key.read_text(encoding="utf-8")
    code, _ = run("keygen", "-o", str(key))
    assert code == 2
    assert "[key-exists]" in capsys.readouterr().err
    assert key.read_text(encoding="utf-8") == before
    assert run("keygen", "-o", str(key), "--force")[0] == 0
    assert key.read_text(encoding="utf-8") != before


def test_generate_every_unit(tmp_path: Path, key: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`gzgk generate` writes one signed return per unit and the distribution list; says what is open."""
    out_dir = tmp_path / "报送表"
    code, out = run("generate", "ganzhou-2024", "-o", str(out_dir), "--key", str(key))
    assert code == 0
    assert "已生成 55 份报送表（已签名）" in out
    files = sorted(p.name for p in out_dir.iterdir())
    assert len(files) == 56
    assert "分发清单.xlsx" in files
    assert capsys.readouterr().err == "\n".join(SEED_OPEN) + "\n（以上说明也写在分发清单中。）\n"


def test_generate_some_units(tmp_path: Path) -> None:
    """--unit limits the returns to the units named (aliases allowed)."""
    code, out = run(
        "generate", "ganzhou-2024", "-o", str(tmp_path), "--unit", "章贡区人民政府", "--unit", "sfj"
    )
    assert code == 0
    assert "已生成 2 份报送表（未签名" in out


def test_generate_unknown_unit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown unit is exit 2 and nothing is written."""
    code, _ = run("generate", "ganzhou-2024", "-o", str(tmp_path / "x"), "--unit", "市司法")
    assert code == 2
    assert "市司法局" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def notice_file(tmp_path: Path, notice: Notice) -> Path:
    """The notice written as gzgk TOML, as an office would after editing it."""
    path = tmp_path / "通知.toml"
    path.write_text(dump_notice(notice, "toml"), encoding="utf-8")
    return path


def misspelt(notice: Notice = NOTICE) -> Notice:
    """The seed notice with 市司法局 misspelt 市司法厅 in task (三)."""
    third = notice.tasks[2]
    lead = tuple("市司法厅" if name == "市司法局" else name for name in third.lead)
    return evolve(notice, tasks=(*notice.tasks[:2], evolve(third, lead=lead), *notice.tasks[3:]))


def notes_of(folder: Path) -> list[str]:
    """The notes under the table of the distribution list (column B below the last unit)."""
    sheet = load_workbook(folder / DISTRIBUTION_FILE).active
    assert sheet is not None
    units = sum(1 for cell in sheet["A"][1:] if isinstance(cell.value, int))
    return [str(cell.value) for cell in sheet["B"][units + 1 :] if cell.value is not None]


def test_generate_notes_on_the_distribution_list(tmp_path: Path) -> None:
    """The distribution list says which tasks' groups are open and that their members got no return."""
    assert run("generate", "ganzhou-2024", "-o", str(tmp_path), "--unit", "sfj")[0] == 0
    assert notes_of(tmp_path) == SEED_OPEN


def test_generate_refuses_unknown_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A name the registry does not know stops generate (exit 2), naming task, role, name, suggestions."""
    out_dir = tmp_path / "报送表"
    code, out = run("generate", str(notice_file(tmp_path, misspelt())), "-o", str(out_dir))
    assert (code, out) == (2, "")
    assert capsys.readouterr().err == (
        "gzgk：通知中有 1 处单位名称不在单位名录中，不知道该由哪个单位报送，没有生成报送表：\n"
        "  - 任务（三）的牵头单位“市司法厅”不在单位名录中，最接近的是：市司法局；"
        "请更正名称或在单位名录中补充\n"
        "请更正通知中的名称，或在单位名录中补充这些单位（--registry 指定自己的名录；"
        "其他城市的通知可先用 gzgk registry draft 生成名录草稿）。"
        "确需先为其他单位生成，请加 --allow-unresolved。[unknown-units]\n"
    )
    assert not out_dir.exists()


def test_generate_refuses_unknown_stated_members(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A stated member of 市政府有关部门 that the registry does not know stops generate too."""
    notice = NOTICE.with_members({"T01": {"市政府有关部门": ["市统计局", "市数局"]}})
    code, _ = run("generate", str(notice_file(tmp_path, notice)), "-o", str(tmp_path / "x"))
    assert code == 2
    err = capsys.readouterr().err
    assert "  - 任务（一）的责任单位“市数局”不在单位名录中（明确的成员）" in err
    assert err.endswith("[unknown-units]\n")


def test_generate_allow_unresolved(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--allow-unresolved goes on (exit 1: the notice has a problem); the names without a return are listed."""
    out_dir = tmp_path / "报送表"
    path = notice_file(tmp_path, misspelt())
    code, out = run("generate", str(path), "-o", str(out_dir), "--allow-unresolved")
    assert code == 1
    assert "已生成 55 份报送表" in out  # 市司法局 still leads (五) and (九)
    notes = [*SEED_OPEN, UNKNOWN_NAMES, "  - 任务（三）的牵头单位“市司法厅”，最接近的是：市司法局"]
    assert capsys.readouterr().err == "\n".join(notes) + "\n（以上说明也写在分发清单中。）\n"
    assert notes_of(out_dir) == notes


def test_generate_stated_groups_leave_no_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Once the office states 市政府有关部门 in every task, generate has nothing left to say."""
    members = {"市政府有关部门": ["市统计局"]}
    notice = NOTICE.with_members({"T01": members, "T02": members, "T08": members})
    code, _ = run("generate", str(notice_file(tmp_path, notice)), "-o", str(tmp_path / "out"))
    assert code == 0
    assert capsys.readouterr().err == ""
    assert notes_of(tmp_path / "out") == []
    stated = [m for task in notice.tasks for m in task.group_members]
    assert stated == [GroupMembers(group="市政府有关部门", members=("市统计局",))] * 3


def test_generate_refuses_a_notice_with_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A notice that was not read at all stops generate, even with --allow-unresolved."""
    broken = tmp_path / "通知.toml"
    broken.write_text('title = "未写完\n[[tasks]]\n', encoding="utf-8")
    for extra in ((), ("--allow-unresolved",)):
        code, out = run("generate", str(broken), "-o", str(tmp_path / "x"), *extra)
        assert (code, out) == (2, "")
        err = capsys.readouterr().err
        assert err.startswith(f"错误 {broken}：")  # the parse issue, then the refusal
        assert err.endswith("[notice-has-errors]\n")
    assert not (tmp_path / "x").exists()


PARTLY_READ = """关于做好两项工作的通知
（一）推进政务公开。（牵头单位：市政府办公室；责任单位：市行政审批局）
（二）做好培训工作。各单位要认真组织。
"""


def test_generate_with_a_partly_read_notice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Errors stop generate; --allow-unresolved generates for the tasks that were read."""
    notice = tmp_path / "通知.txt"
    notice.write_text(PARTLY_READ, encoding="utf-8")
    code, _ = run("generate", str(notice), "-o", str(tmp_path / "x"))
    err = capsys.readouterr().err
    assert code == 2
    assert "任务（二）的单位栏无法拆分" in err
    assert "请加 --allow-unresolved。[notice-has-errors]" in err
    assert not (tmp_path / "x").exists()
    code, out = run("generate", str(notice), "-o", str(tmp_path / "x"), "--allow-unresolved")
    err = capsys.readouterr().err
    assert code == 1
    assert "只为读出的任务和单位生成报送表" in err
    assert out.startswith("已生成 2 份报送表")
    made = sorted(path.name for path in (tmp_path / "x").glob("*.xlsx"))
    assert made == [
        "01-市政府办公室-落实情况报送表.xlsx",
        "02-市行政审批局-落实情况报送表.xlsx",
        "分发清单.xlsx",
    ]


def test_validate_text_and_exit_codes(tmp_path: Path, key: Path) -> None:
    """A good return exits 0; one with an error exits 1 and the text names cell and code."""
    good = filled(tmp_path, key=Key.load(key))
    code, out = run("validate", str(good), "--notice", "ganzhou-2024", "--key", str(key))
    assert code == 0
    assert "共检查 1 个文件：1 个合格，0 个不合格。" in out
    book = load_workbook(good)
    book[ENTRY]["G9"] = "完成了"
    bad = tmp_path / "章贡区-bad.xlsx"
    book.save(bad)
    code, out = run("validate", str(tmp_path), "--key", str(key))
    assert code == 1
    assert "落实情况!G9（任务（三））" in out
    assert "[value-not-in-list]" in out
    assert "说明：未指定通知" in out


def test_validate_json(tmp_path: Path) -> None:
    """--format json gives the documented shape."""
    good = filled(tmp_path)
    book = load_workbook(good)
    book[ENTRY]["H3"] = None
    bad = tmp_path / "b.xlsx"
    book.save(bad)
    code, out = run("validate", str(bad), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["valid"] is False
    [file] = data["files"]
    assert (file["path"], file["unit"], file["valid"]) == (str(bad), "章贡区", False)
    assert file["issues"] == [
        {
            "code": "missing-value",
            "severity": "error",
            "sheet": "落实情况",
            "cell": "H3",
            "task": None,
            "message": "“联系电话”未填写。请填写经办人的联系电话",
        }
    ]
    assert data["notes"]


def test_validate_annotate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--annotate writes marked copies of files with problems, elsewhere."""
    good = filled(tmp_path)
    book = load_workbook(good)
    book[ENTRY]["G7"] = None
    bad = tmp_path / "章贡区-漏填.xlsx"
    book.save(bad)
    out_dir = tmp_path / "批注"
    code, _ = run("validate", str(good), str(bad), "--annotate", str(out_dir))
    assert code == 1
    assert [p.name for p in out_dir.iterdir()] == ["章贡区-漏填（检查意见）.xlsx"]
    assert "已为 1 个文件写出批注副本（不合格 1 个，合格但有提醒 0 个）" in capsys.readouterr().err


def test_validate_bad_key_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A key file that is not a key is exit 2 with a Chinese message."""
    bogus = tmp_path / "key.txt"
    bogus.write_text("hello", encoding="utf-8")
    code, _ = run("validate", str(tmp_path), "--key", str(bogus))
    assert code == 2
    assert "[bad-key-file]" in capsys.readouterr().err


def test_validate_needs_a_path(capsys: pytest.CaptureFixture[str]) -> None:
    """`gzgk validate` without paths is a usage error (exit 2)."""
    with pytest.raises(SystemExit) as caught:
        main(["validate"])
    assert caught.value.code == 2
    assert "缺少参数：路径" in capsys.readouterr().err
