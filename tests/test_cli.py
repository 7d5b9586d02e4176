"""The command line, through main(argv) and through the installed console script."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gzgk import load_notice, load_notice_text
from gzgk.cli import main

SEED_TEXT = Path(__file__).parents[1] / "gzgk" / "data" / "notices" / "ganzhou-2024.txt"
DATA = Path(__file__).parent / "data" / "notices"


def run(*argv: str) -> tuple[int, str]:
    """Run the CLI in-process; the exit code and what it printed on stdout."""
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_parse_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    """Parse FILE --format json prints the documented object; a summary goes to stderr."""
    code, out = run("parse", str(SEED_TEXT), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert {
        "issuer",
        "doc_number",
        "title",
        "issued_on",
        "report_due",
        "contact",
        "references",
        "tasks",
    } <= set(data)
    assert (data["issued_on"], data["report_due"]) == ("2024-05-14", "2024-07-05")
    assert data["contact"]["email"] == "gzszfbxxk@163.com"
    assert [t["number"] for t in data["tasks"]][-1] == "十二"
    assert set(data["tasks"][0]) >= {
        "seq",
        "number",
        "title",
        "content",
        "lead",
        "responsible",
        "cooperating",
    }
    assert "共 12 项任务" in capsys.readouterr().err


def test_parse_to_toml_file(tmp_path: Path) -> None:
    """Parse -o FILE.toml writes TOML that loads back to the bundled notice."""
    target = tmp_path / "out" / "notice.toml"
    code, out = run("parse", str(SEED_TEXT), "-o", str(target))
    assert (code, out) == (0, "")
    assert load_notice_text(target.read_text("utf-8"), "toml") == load_notice("ganzhou-2024")


def test_parse_failure_exits_1_with_reasons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A garbled notice exits 1, still writes what was read, and says which task and why."""
    source = tmp_path / "garbled.txt"
    source.write_text(SEED_TEXT.read_text("utf-8").replace("(四)优化", "优化"), encoding="utf-8")
    target = tmp_path / "notice.json"
    code, out = run("parse", str(source), "-o", str(target))
    err = capsys.readouterr().err
    assert (code, out) == (1, "")
    assert "缺少“（四）”" in err
    assert "[task-number-gap]" in err
    assert "Traceback" not in err
    written = json.loads(target.read_text(encoding="utf-8"))
    assert [task["number"] for task in written["tasks"]][:4] == ["一", "二", "三", "五"]
    gap = next(issue for issue in written["issues"] if issue["code"] == "task-number-gap")
    assert gap["severity"] == "error"
    assert gap["line"] is not None
    assert load_notice_text(target.read_text("utf-8"), "json").tasks[0].number == "一"


def test_parse_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    """A source that is neither a file nor a bundled notice is exit 1 with a hint."""
    code, _ = run("parse", "no-such-notice.txt")
    err = capsys.readouterr().err
    assert code == 1
    assert "ganzhou-2024" in err
    assert "[unknown-notice]" in err


def test_matrix_unit_json() -> None:
    """Matrix --unit U --format json lists the unit's tasks with roles."""
    code, out = run("matrix", "ganzhou-2024", "--unit", "市司法局", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["unit"] == "市司法局"
    assert [(t["seq"], t["number"], t["role"]) for t in data["tasks"]] == [
        (3, "三", "lead"),
        (5, "五", "lead"),
        (9, "九", "lead"),
    ]
    assert data["tasks"][0]["title"] == "加强重大政策宣传联动及落实结果评价"


def test_matrix_unit_expand_by_alias() -> None:
    """--expand gives a county the roles of its group; the unit may be named by alias."""
    _, out = run(
        "matrix", "ganzhou-2024", "--unit", "章贡区人民政府", "--expand", "--format", "json"
    )
    data = json.loads(out)
    assert data["unit"] == "章贡区"
    roles = {t["number"]: t["role"] for t in data["tasks"]}
    assert len(roles) == 12
    assert roles["八"] == "lead"
    assert roles["一"] == "responsible"
    _, out = run("matrix", "ganzhou-2024", "--unit", "章贡区", "--format", "json")
    assert json.loads(out)["tasks"] == []


@pytest.mark.parametrize("ref", ["8", "八", "（八）"])
def test_matrix_task_json(ref: str) -> None:
    """--task takes a sequence or printed number; JSON lists names and roles."""
    code, out = run("matrix", "ganzhou-2024", "--task", ref, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["task"]["seq"], data["task"]["number"]) == (8, "八")
    assert [(u["name"], u["role"]) for u in data["units"]] == [
        ("各县（市、区）人民政府", "lead"),
        ("市政府有关部门", "responsible"),
    ]


def test_matrix_task_expand_lists_members() -> None:
    """With --expand, groups are listed as their members; open groups stay, marked."""
    _, out = run("matrix", "ganzhou-2024", "--task", "八", "--expand", "--format", "json")
    units = json.loads(out)["units"]
    assert len(units) == 19
    assert units[0] == {
        "name": "章贡区",
        "role": "lead",
        "id": "zhanggong",
        "via": "各县（市、区）人民政府",
    }
    assert units[-1] == {"name": "市政府有关部门", "role": "responsible", "unresolved": True}


def test_matrix_role_filter() -> None:
    """--role keeps one role, in English or Chinese."""
    _, out = run("matrix", "ganzhou-2024", "--task", "三", "--role", "牵头", "--format", "json")
    assert [u["name"] for u in json.loads(out)["units"]] == [
        "市政府办公室",
        "市行政审批局",
        "市司法局",
    ]


def test_matrix_table_shows_unresolved() -> None:
    """The default table lists every task and says what is still to be stated."""
    code, out = run("matrix", "ganzhou-2024")
    assert code == 0
    assert "（十二）" in out
    assert "凝聚合力狠抓工作落实" in out
    assert "待明确（3 处" in out


def test_matrix_unit_and_task() -> None:
    """--unit and --task together answer with the one role."""
    _, out = run("matrix", "ganzhou-2024", "--unit", "章贡区", "--task", "八", "--expand")
    assert out.strip() == "章贡区在任务（八）中：牵头单位"


def test_matrix_csv() -> None:
    """--format csv gives records with a header row (BOM first, for Excel)."""
    _, out = run("matrix", "ganzhou-2024", "--format", "csv")
    lines = out.splitlines()
    assert lines[0] == "\ufeffseq,number,title,key,unit,role,role_label,via,resolved"
    assert lines[1].startswith("1,一,聚焦高质量发展推进信息公开,gxj,市工信局,lead,牵头")


def test_matrix_workbook(tmp_path: Path) -> None:
    """-o FILE.xlsx writes the matrix workbook."""
    target = tmp_path / "矩阵.xlsx"
    code, _ = run("matrix", "ganzhou-2024", "-o", str(target))
    assert code == 0
    book = load_workbook(target)
    assert book.sheetnames[0] == "分工矩阵"
    book.close()


def test_unknown_unit_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown unit is exit 1, naming the closest units."""
    code, _ = run("matrix", "ganzhou-2024", "--unit", "市司法")
    err = capsys.readouterr().err
    assert code == 1
    assert "最接近的是：市司法局" in err


def test_unknown_task_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown task is exit 1, listing the task numbers there are."""
    code, _ = run("matrix", "ganzhou-2024", "--task", "十三")
    assert code == 1
    assert "十二" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "缺少参数"),
        (["matrix"], "缺少参数：通知"),
        (["matrix", "ganzhou-2024", "--role", "boss"], "不是职责"),
        (["matrix", "ganzhou-2024", "--format", "pdf"], "参数 --format：取值 'pdf' 无效"),
        (["matrix", "ganzhou-2024", "--unit"], "参数 --unit：后面需要一个值"),
        (["matrix", "ganzhou-2024", "extra"], "无法识别的参数：extra"),
        (["frobnicate"], "参数 命令：取值 'frobnicate' 无效"),
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Usage errors exit 2 with a Chinese message."""
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("用法：gzgk")
    assert "：用法错误：" in err
    assert message in err
    assert "error" not in err
    assert "usage" not in err


def test_help_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """--help is in Chinese and exits 0."""
    with pytest.raises(SystemExit) as caught:
        main(["matrix", "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：gzgk matrix")
    assert "把单位组展开为成员单位" in out
    assert re.search("\n参数[:：]\n", out)  # argparse adds the colon itself before 3.13
    assert re.search("\n选项[:：]\n", out)
    assert "-h, --help            显示本帮助并退出" in out


def test_own_registry_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--registry replaces the bundled registry; a bad one is exit 1."""
    bad = tmp_path / "units.toml"
    bad.write_text("name = [", encoding="utf-8")
    code, _ = run("--registry", str(bad), "matrix", "ganzhou-2024")
    assert code == 1
    assert "不是有效的 TOML" in capsys.readouterr().err


def test_inline_variant_through_cli() -> None:
    """A hand-made inline notice parses through the CLI too."""
    code, out = run("parse", str(DATA / "inline.txt"))
    assert code == 0
    assert json.loads(out)["tasks"][1]["cooperating"] == ["市财政局"]


def test_console_script_and_module() -> None:
    """The installed ``gzgk`` script and ``python -m gzgk`` both work."""
    script = Path(sys.executable).with_name("gzgk")
    for command in ([str(script)], [sys.executable, "-m", "gzgk"]):
        done = subprocess.run(
            [*command, "matrix", "ganzhou-2024", "--unit", "市司法局", "--format", "json"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["unit"] == "市司法局"
