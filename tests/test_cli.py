"""The command line, through main(argv) and through the installed console script."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support.terminal import ANSI, run_in_terminal, run_piped

from gzgk import load_notice, load_notice_text, render
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
    """A source that is neither a file nor a bundled notice is exit 2 (nothing done) with a hint."""
    code, _ = run("parse", "no-such-notice.txt")
    err = capsys.readouterr().err
    assert code == 2
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
    assert "市政府有关部门？" in out


def _cells(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def _names_in(out: str, names: tuple[str, ...]) -> list[str]:
    """The names that appear whole in a table, wherever its cells wrapped."""
    return [name for name in names if name in out.replace("\n", "")]


def test_matrix_table_wraps_and_keeps_every_name() -> None:
    """Piped, the table is 100 columns wide: cells wrap between names, nothing is cut or styled."""
    code, out = run("matrix", "ganzhou-2024")
    assert code == 0
    assert "…" not in out
    assert "\x1b[" not in out
    assert max(_cells(line) for line in out.splitlines()) <= render.WIDTH
    leads = load_notice("ganzhou-2024").task(1).lead
    assert len(leads) == 10
    rows = out.split("\n\n")  # a blank line between rows
    first = next(row for row in rows if "（一）" in row)
    assert all(name in first for name in leads)  # each on one line: wrapped between names
    assert len(first.splitlines()) > 1
    assert not [line for line in out.splitlines() if line != line.rstrip()]


def test_matrix_width_and_full() -> None:
    """--width N lays the table out N columns wide; --full puts each task on one line."""
    _, narrow = run("matrix", "ganzhou-2024", "--width", "60")
    assert max(_cells(line) for line in narrow.splitlines()) <= 60
    _, full = run("matrix", "ganzhou-2024", "--full")
    lines = full.splitlines()
    first = next(line for line in lines if line.startswith("（一）"))
    assert "、".join(load_notice("ganzhou-2024").task(1).lead) in first
    assert sum(1 for line in lines if line.startswith("（")) == 12


def test_matrix_on_a_terminal_is_styled() -> None:
    """On a terminal the table is styled (bold headers, open groups in colour) and wraps the same."""
    out = _Terminal()
    assert main(["matrix", "ganzhou-2024", "--width", "100"], out=out) == 0
    shown = out.getvalue()
    assert ANSI.search(shown)
    plain = ANSI.sub("", shown)
    assert _names_in(plain, load_notice("ganzhou-2024").task(1).lead) == list(
        load_notice("ganzhou-2024").task(1).lead
    )
    assert max(_cells(line) for line in plain.splitlines()) <= 100


class _Terminal(io.StringIO):
    """Text written to what Rich takes for a terminal."""

    def isatty(self) -> bool:
        return True


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
    assert not str(book["分工矩阵"]["A1"].value).endswith("）")  # the whole matrix
    book.close()


def _workbook_tasks(path: Path) -> list[str]:
    """The task numbers listed on the 任务清单 sheet of a matrix workbook."""
    book = load_workbook(path, read_only=True)
    try:
        rows = book["任务清单"].iter_rows(min_row=2, values_only=True)
        return [str(row[0]) for row in rows if row[0]]
    finally:
        book.close()


@pytest.mark.parametrize(
    ("options", "tasks"),
    [
        (["--unit", "市司法局"], ["（三）", "（五）", "（九）"]),
        (["--unit", "章贡区", "--expand", "--role", "牵头"], ["（八）"]),
        (["--task", "八"], ["（八）"]),
        (["--role", "牵头", "--task", "3"], ["（三）"]),
    ],
)
def test_matrix_workbook_of_the_selection(
    tmp_path: Path, options: list[str], tasks: list[str]
) -> None:
    """-o with --unit, --task or --role writes only the selected part of the matrix."""
    target = tmp_path / "矩阵.xlsx"
    assert run("matrix", "ganzhou-2024", *options, "-o", str(target))[0] == 0
    assert _workbook_tasks(target) == tasks


def test_matrix_workbook_of_one_role_has_only_that_role(tmp_path: Path) -> None:
    """-o with --role keeps only the names printed in that role."""
    target = tmp_path / "矩阵.xlsx"
    assert run("matrix", "ganzhou-2024", "--task", "3", "--role", "牵头", "-o", str(target))[0] == 0
    book = load_workbook(target, read_only=True)
    title = next(book["分工矩阵"].iter_rows(max_row=1, max_col=1, values_only=True))[0]
    assert str(title).endswith("分工矩阵（节选：任务3，牵头单位）")  # the title says it is a part
    marks = {
        value
        for row in book["分工矩阵"].iter_rows(min_row=5, max_row=5, min_col=3, values_only=True)
        for value in row
        if value
    }
    book.close()
    assert marks == {"牵"}


def test_matrix_selection_of_nothing_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A selection without any task writes nothing and says so (exit 2)."""
    target = tmp_path / "矩阵.xlsx"
    code, _ = run("matrix", "ganzhou-2024", "--role", "配合", "-o", str(target))
    assert code == 2
    assert not target.exists()
    assert "[nothing-selected]" in capsys.readouterr().err


def test_matrix_csv_of_the_selection() -> None:
    """--format csv honours --task and --role as the workbook does."""
    _, out = run("matrix", "ganzhou-2024", "--task", "3", "--role", "lead", "--format", "csv")
    units = [line.split(",")[4] for line in out.splitlines()[1:]]
    assert units == ["市政府办公室", "市行政审批局", "市司法局"]


def test_unknown_unit_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown unit is exit 2 (nothing done), naming the closest units."""
    code, _ = run("matrix", "ganzhou-2024", "--unit", "市司法")
    err = capsys.readouterr().err
    assert code == 2
    assert "最接近的是：市司法局" in err


def test_unknown_task_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown task is exit 2 (nothing done), listing the task numbers there are."""
    code, _ = run("matrix", "ganzhou-2024", "--task", "十三")
    assert code == 2
    assert "十二" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "缺少参数"),
        (["matrix"], "缺少参数：通知"),
        (["matrix", "ganzhou-2024", "--role", "boss"], "不是职责"),
        (["matrix", "ganzhou-2024", "--format", "pdf"], "参数 --format：取值 'pdf' 无效"),
        (["matrix", "ganzhou-2024", "--width", "ten"], "“ten”不是表格宽度"),
        (["matrix", "ganzhou-2024", "--width", "80", "--full"], "不能和 --width 一起用"),
        (["matrix", "ganzhou-2024", "--unit"], "参数 --unit：后面需要一个值"),
        (["matrix", "ganzhou-2024", "extra"], "无法识别的参数：extra"),
        (["frobnicate"], "参数 命令：取值 'frobnicate' 无效"),
        # an option another command takes, given to one that takes the notice first
        (
            ["generate", "--notice", "n.docx", "-o", "out"],
            "通知直接写在命令后面，前面不加 --notice",
        ),
        (
            ["generate", "--notice=n.docx", "-o", "out"],
            "缺少参数：通知；--notice 不是这个命令的选项",
        ),
        (["generate", "--notice", "n.docx"], "缺少参数：-o/--output；--notice 不是这个命令的选项"),
        (["generate", "ganzhou-2024", "-o", "out", "--kye", "k"], "--kye 是不是 --key？"),
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Usage errors exit 2 with a Chinese message and the stable code usage-error."""
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("用法：gzgk")
    assert "：用法错误：" in err
    assert err.rstrip().endswith("[usage-error]")
    assert message in err
    words = err.replace("[usage-error]", "")
    assert "error" not in words
    assert "usage" not in words


MERGE = ["merge", "--notice", "ganzhou-2024", "--round", "上半年=2024-07-05"]


@pytest.mark.parametrize(
    ("argv", "argument"),
    [
        ([*MERGE, "-o", "汇总表.xlsx", ""], "路径"),  # "" is the folder the run stands in
        ([*MERGE, "-o", "汇总表.xlsx", "报回", " "], "路径"),
        ([*MERGE, "-o", "汇总表.xlsx", "--previous", "", "报回"], "--previous"),
        ([*MERGE, "-o", "汇总表.xlsx", "--history", "", "报回"], "--history"),
        ([*MERGE, "-o", "汇总表.xlsx", "--docx", "", "报回"], "--docx"),
        ([*MERGE, "-o", "汇总表.xlsx", "--key", "", "报回"], "--key"),
        ([*MERGE, "-o", "", "报回"], "-o/--output"),
        (["--registry", "", "matrix", "ganzhou-2024"], "--registry"),
        (["validate", ""], "路径"),
        (["matrix", "ganzhou-2024", "--unit", ""], "--unit"),
        (["history", "", "--full"], "台账.sqlite"),
    ],
)
def test_an_empty_value_is_a_usage_error(
    argv: list[str],
    argument: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An empty value (a script's unset variable) is refused by name, never taken as "not given".

    Taken as not given, ``--previous ""`` compared with nothing, ``--history ""``
    recorded nothing and ``""`` as a path read the current folder, all silently.
    """
    monkeypatch.chdir(tmp_path)  # before the fix, "" merged this folder into itself
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert f"参数 {argument}：是空的" in err
    assert err.rstrip().endswith("[usage-error]")


@pytest.mark.parametrize(
    ("typed", "moment"),
    [
        ("2024-07-10", (2024, 7, 10, 23, 59)),
        ("2024年7月10日", (2024, 7, 10, 23, 59)),
        ("2024/7/10", (2024, 7, 10, 23, 59)),
        ("２０２４－０７－１０", (2024, 7, 10, 23, 59)),
        ("2024.7.10 18:00", (2024, 7, 10, 18, 0)),
        ("2024年7月10日 18：00", (2024, 7, 10, 18, 0)),
        ("2024-07-10 18:00", (2024, 7, 10, 18, 0)),
    ],
)
def test_as_of_takes_the_dates_rounds_take(typed: str, moment: tuple[int, ...]) -> None:
    """--as-of reads a day as --rounds does (2024年7月10日, 2024/7/10 …), with an optional time."""
    from gzgk.cli import _build_parser  # noqa: PLC0415 - the parser alone, nothing is run

    argv = ["merge", "报回", "--notice", "ganzhou-2024", "-o", "x.xlsx", "--as-of", typed]
    as_of = _build_parser().parse_args(argv).as_of
    assert (as_of.year, as_of.month, as_of.day, as_of.hour, as_of.minute) == moment


@pytest.mark.parametrize("typed", ["2024-02-30", "七月十日", "2024-07-10 25:00", "7-10"])
def test_as_of_refuses_what_is_no_moment(typed: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A day that does not exist, words, an hour past 23 or no year: a usage error."""
    with pytest.raises(SystemExit) as caught:
        main(["merge", "报回", "--notice", "ganzhou-2024", "-o", "x.xlsx", "--as-of", typed])
    assert caught.value.code == 2
    assert f"参数 --as-of：“{typed}”不是日期" in capsys.readouterr().err


def test_history_round_may_be_empty() -> None:
    """``gzgk history --round ""`` names the unscheduled round, so its empty value stays allowed."""
    from gzgk.cli import _build_parser  # noqa: PLC0415 - the parser alone, nothing is run

    args = _build_parser().parse_args(["history", "台账.sqlite", "--round", "", "-o", "x.xlsx"])
    assert args.round == ""


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
    """--registry replaces the bundled registry; a bad one is exit 2 (nothing done)."""
    bad = tmp_path / "units.toml"
    bad.write_text("name = [", encoding="utf-8")
    code, _ = run("--registry", str(bad), "matrix", "ganzhou-2024")
    assert code == 2
    assert "不是有效的 TOML" in capsys.readouterr().err


def test_inline_variant_through_cli() -> None:
    """A hand-made inline notice parses through the CLI too."""
    code, out = run("parse", str(DATA / "inline.txt"))
    assert code == 0
    assert json.loads(out)["tasks"][1]["cooperating"] == ["市财政局"]


def test_console_script_piped_is_plain() -> None:
    """The installed script, piped, prints the whole table as plain text and the same every time."""
    done = run_piped("matrix", "ganzhou-2024")
    assert done.returncode == 0, done.stderr
    assert "\x1b[" not in done.stdout
    assert done.stdout == run("matrix", "ganzhou-2024")[1]


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_console_script_in_a_terminal() -> None:
    """In a 100-column terminal the table is styled, fits, and shows all ten leads of （一）."""
    code, shown, err = run_in_terminal("matrix", "ganzhou-2024", columns=100)
    assert code == 0, err
    assert ANSI.search(shown)
    plain = ANSI.sub("", shown)
    leads = load_notice("ganzhou-2024").task(1).lead
    assert _names_in(plain, leads) == list(leads)
    assert max(_cells(line) for line in plain.splitlines()) <= 100
    assert "…" not in plain


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
