"""The command line for consolidation: merge, remind, and validate on whole folders."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import resource
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from support.libreoffice import LibreOffice
from support.returns import ENTRY, edit, filled
from support.terminal import GZGK, run_in_terminal, run_piped

from gzgk.cli import main
from gzgk.contract import SUMMARY
from gzgk.report import code_label


def run(*argv: str) -> tuple[int, str]:
    """Run the CLI in-process; exit code and stdout."""
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def _phone_like_formula(book: Workbook) -> None:
    book[ENTRY]["H3"].value = "+86 797 8992059"
    book[ENTRY]["H3"].data_type = "s"


@pytest.fixture
def returns(tmp_path: Path) -> Path:
    """A folder with 章贡区 on time, 南康区 late, and 市司法局 with a phone that starts with +."""
    folder = tmp_path / "报回"
    folder.mkdir()
    filled(folder, "章贡区", date=dt.date(2024, 7, 1))
    filled(folder, "南康区", date=dt.date(2024, 7, 8))
    odd = edit(filled(tmp_path, "市司法局", date=dt.date(2024, 7, 2)), _phone_like_formula)
    odd.rename(folder / "市司法局.xlsx")
    return folder


def test_merge_writes_summary_and_says_what(
    tmp_path: Path, returns: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`gzgk merge` writes the summary, prints a short Chinese account and the path."""
    target = tmp_path / "汇总.xlsx"
    code, out = run(
        "merge",
        str(returns),
        "--notice",
        "ganzhou-2024",
        "-o",
        str(target),
        "--as-of",
        "2024-07-10",
    )
    assert code == 0, capsys.readouterr().err
    assert (
        "汇总截至 2024年7月10日 23:59：应报 55 个单位，已报送 3 个（按时 2 个，逾期 1 个）" in out
    )
    assert f"已写入 汇总表：{target}" in out
    assert load_workbook(target).sheetnames[0] == SUMMARY.OVERVIEW_SHEET


def test_merge_again_after_more_returns(tmp_path: Path, returns: Path) -> None:
    """Re-running after more returns arrive gives the updated summary (same file, replaced)."""
    target = tmp_path / "汇总.xlsx"
    args = ("merge", str(returns), "--notice", "ganzhou-2024", "-o", str(target))
    assert run(*args)[0] == 0
    filled(returns, "瑞金市")
    code, out = run(*args)
    assert code == 0
    assert "已报送 4 个" in out
    assert "收到文件 4 个" in out
    status = load_workbook(target)[SUMMARY.STATUS_SHEET]
    received = [
        row[1] for row in status.iter_rows(min_row=2, values_only=True) if row[3] == "已报送"
    ]
    assert sorted(str(unit) for unit in received) == ["南康区", "市司法局", "瑞金市", "章贡区"]


def test_remind_prints_and_exports(tmp_path: Path, returns: Path) -> None:
    """`gzgk remind` prints the 催报清单 and exports it as CSV (formula-safe) or .xlsx."""
    csv_path = tmp_path / "催报.csv"
    code, out = run(
        "remind",
        str(returns),
        "--notice",
        "ganzhou-2024",
        "--as-of",
        "2024-07-10",
        "-o",
        str(csv_path),
    )
    assert code == 0
    assert "催报清单" in out
    assert "逾期未报" in out
    assert "章贡区" not in out
    data = csv_path.read_bytes()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == list(SUMMARY.REMINDERS_HEADER)
    by_unit = {row[1]: row for row in rows[1:]}
    column = SUMMARY.REMINDERS_HEADER.index
    assert by_unit["南康区"][column("情况")].startswith("逾期报送")
    assert "赣县区" in by_unit
    xlsx_path = tmp_path / "催报.xlsx"
    assert run("remind", str(returns), "--notice", "ganzhou-2024", "-o", str(xlsx_path))[0] == 0
    sheet = load_workbook(xlsx_path)[SUMMARY.REMINDERS_SHEET]
    assert sheet.max_row == len(rows) + 2  # a title and the moment above the table


def test_remind_csv_guards_formulas(tmp_path: Path) -> None:
    """In the CSV, a value starting like a formula gets a leading ' (a spreadsheet would run it)."""
    folder = tmp_path / "报回"
    folder.mkdir()
    late = edit(filled(tmp_path, "市司法局", date=dt.date(2024, 7, 9)), _phone_like_formula)
    late.rename(folder / "市司法局.xlsx")
    target = tmp_path / "催报.csv"
    run("remind", str(folder), "--notice", "ganzhou-2024", "-o", str(target))
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    justice = next(row for row in rows if row[1] == "市司法局")
    assert justice[SUMMARY.REMINDERS_HEADER.index("联系电话")] == "'+86 797 8992059"


def test_validate_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder without returns says so and exits 2 (nothing was checked)."""
    (tmp_path / "说明.txt").write_text("空", encoding="utf-8")
    code, out = run("validate", str(tmp_path))
    assert code == 2
    assert out == ""
    assert "没有找到报送表" in capsys.readouterr().err


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links are POSIX here")
def test_validate_folder_of_links_and_notes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing but a note and a link back to the folder: each is named, not called a file."""
    (tmp_path / "说明.txt").write_text("空", encoding="utf-8")
    (tmp_path / "回到这里").symlink_to(tmp_path)
    code, _ = run("validate", str(tmp_path))
    assert code == 2
    err = capsys.readouterr().err
    assert "（只有 2 项其他内容，未读取：" in err
    assert "说明.txt" in err
    assert "回到这里" in err
    assert err.rstrip().endswith("[no-returns]")


def test_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path that does not exist is named, exit 2, before any work."""
    code, _ = run("merge", str(tmp_path / "报回"), "--notice", "ganzhou-2024", "-o", "x.xlsx")
    assert code == 2
    assert (
        f"找不到这些文件或文件夹：{tmp_path / '报回'} [path-not-found]" in capsys.readouterr().err
    )
    assert not Path("x.xlsx").exists()


def test_bad_as_of_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """--as-of takes a date; anything else is a usage error (exit 2) in Chinese."""
    with pytest.raises(SystemExit) as stopped:
        main(["remind", ".", "--notice", "ganzhou-2024", "--as-of", "七月十日"])
    assert stopped.value.code == 2
    assert "不是日期" in capsys.readouterr().err


def test_annotated_copies_keep_folders_and_never_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Same-named returns in two folders get two copies; a second run never replaces them."""
    folder = tmp_path / "报回"
    for batch in ("第一批", "第二批"):
        (folder / batch).mkdir(parents=True)
        filled(folder / batch, "章贡区", name="报送表.xlsx", contact="")
    out_dir = tmp_path / "退回"
    code, _ = run("validate", str(folder), "--annotate", str(out_dir))
    assert code == 1
    err = capsys.readouterr().err
    assert "已为 2 个文件写出批注副本（不合格 2 个，合格但有提醒 0 个）" in err
    copies = sorted(p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*.xlsx"))
    assert copies == ["第一批/报送表（检查意见）.xlsx", "第二批/报送表（检查意见）.xlsx"]
    first = (out_dir / copies[0]).read_bytes()
    run("validate", str(folder), "--annotate", str(out_dir))
    again = sorted(p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*.xlsx"))
    assert again == [
        "第一批/报送表（检查意见）.xlsx",
        "第一批/报送表（检查意见）（2）.xlsx",
        "第二批/报送表（检查意见）.xlsx",
        "第二批/报送表（检查意见）（2）.xlsx",
    ]
    assert (out_dir / copies[0]).read_bytes() == first
    assert "第一批/报送表（检查意见）（2）.xlsx" in capsys.readouterr().err


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))


@pytest.mark.skipif(sys.platform == "win32", reason="file size limits are POSIX")
def test_merge_cut_off_mid_write_keeps_old_summary(tmp_path: Path, returns: Path) -> None:
    """A merge whose write is cut off by the system leaves the old summary as it was."""
    target = tmp_path / "汇总.xlsx"
    assert run("merge", str(returns), "--notice", "ganzhou-2024", "-o", str(target))[0] == 0
    before = target.read_bytes()
    shutil.copy(returns / "章贡区-已填.xlsx", returns / "章贡区-再报.xlsx")
    done = subprocess.run(
        [GZGK, "merge", str(returns), "--notice", "ganzhou-2024", "-o", str(target)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        preexec_fn=_limit_file_size,
        timeout=300,
        check=False,
    )
    assert done.returncode == 2
    assert f"无法读写文件 {target}：文件超过了系统允许的大小 [file-error]" in done.stderr
    assert "Traceback" not in done.stderr
    assert target.read_bytes() == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".汇总")]  # no leftovers


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_progress_bar_only_on_a_terminal(returns: Path) -> None:
    """On a terminal the files are counted in a progress bar; piped output stays plain."""
    code, out, err = run_in_terminal(
        "validate", str(returns), "--notice", "ganzhou-2024", stream="stderr"
    )
    assert code == 0
    assert "核对报送表" in err
    assert "3/3" in err
    assert "共检查 3 个文件" in out
    piped = run_piped("validate", str(returns), "--notice", "ganzhou-2024")
    assert "核对报送表" not in piped.stderr
    assert "\x1b[" not in piped.stdout + piped.stderr


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes are POSIX")
def test_merge_goes_on_past_a_hanging_file(tmp_path: Path, returns: Path) -> None:
    """A file that never finishes reading is ended after the budget; the summary is written.

    The summary is complete, so the run did its work; the stalled file is a problem of the
    inputs (exit 1).
    """
    import os  # noqa: PLC0415

    stalled = tmp_path / "网络盘.xlsx"
    os.mkfifo(stalled)
    target = tmp_path / "汇总.xlsx"
    done = subprocess.run(
        [
            GZGK,
            "merge",
            str(returns),
            str(stalled),
            "--notice",
            "ganzhou-2024",
            "-o",
            str(target),
            "--time-limit",
            "1",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,  # a hang fails the test instead of stalling the suite
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "已报送 3 个" in done.stdout
    assert "无法采用 1 个" in done.stdout
    issues = load_workbook(target)[SUMMARY.ISSUES_SHEET]
    column = SUMMARY.ISSUES_HEADER.index("代码")
    codes = [row[column] for row in issues.iter_rows(min_row=2, values_only=True)]
    assert code_label("file-too-slow") in codes


def _writer(fifo: Path) -> int | None:
    """A write end of the named pipe once a process reads it (None while nobody does).

    The caller keeps it open: a reader whose last writer closes sees the end of the file, so a
    probe that opened and closed the pipe would hand the worker an empty file and let the merge
    finish instead of stalling (the cause of this test's rare exit 1).
    """
    import errno  # noqa: PLC0415
    import os  # noqa: PLC0415

    try:
        return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as error:
        if error.errno != errno.ENXIO:  # ENXIO: nobody reads it yet
            raise
        return None


@contextlib.contextmanager
def _stalled_reader(fifo: Path, process: subprocess.Popen[str]) -> Iterator[None]:
    """Wait until the process (or one of its workers) reads the named pipe; keep it stalled there."""
    import os  # noqa: PLC0415
    import time  # noqa: PLC0415

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        descriptor = _writer(fifo)
        if descriptor is not None:
            try:
                yield
            finally:
                os.close(descriptor)
            return
        time.sleep(0.05)
    pytest.fail("gzgk never opened the named pipe")


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes are POSIX")
def test_ctrl_c_in_a_merge_says_so_and_leaves_no_file(tmp_path: Path, returns: Path) -> None:
    """Ctrl+C while the returns are read: a Chinese line with a code, no traceback, exit 130.

    The summary of an earlier run is left as it was and nothing half-written lies beside it.
    """
    import os  # noqa: PLC0415
    import signal  # noqa: PLC0415

    target = tmp_path / "汇总.xlsx"
    assert run("merge", str(returns), "--notice", "ganzhou-2024", "-o", str(target))[0] == 0
    before = target.read_bytes()
    stalled = tmp_path / "网络盘.xlsx"
    os.mkfifo(stalled)
    files = sorted(tmp_path.iterdir())
    command = [GZGK, "merge", str(returns), str(stalled), "--notice", "ganzhou-2024"]
    with (
        subprocess.Popen(
            [*command, "-o", str(target), "--docx", str(tmp_path / "汇编.docx")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            start_new_session=True,  # Ctrl+C reaches the whole group: gzgk and its workers
        ) as process,
        _stalled_reader(stalled, process),
    ):
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert err.rstrip().endswith("[interrupted]")
    assert "已按 Ctrl+C 中断" in err
    assert target.read_bytes() == before
    assert sorted(tmp_path.iterdir()) == files  # no Word file, no temporary, no lock left


@pytest.mark.parametrize(
    "command",
    [
        ("merge", "{returns}", "--notice", "ganzhou-2024", "-o", "{target}"),
        ("remind", "{returns}", "--notice", "ganzhou-2024", "-o", "{target}"),
        ("parse", "ganzhou-2024", "-o", "{target}"),
        ("matrix", "ganzhou-2024", "-o", "{target}"),
    ],
    ids=["merge", "remind", "parse", "matrix"],
)
def test_no_command_writes_over_a_return(
    command: tuple[str, ...], tmp_path: Path, returns: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A workbook output named like a unit's return kept elsewhere (not read in this run) is refused.

    The return is left as it was: a summary, a reminder list or a notice workbook never
    replaces what a unit wrote.
    """
    kept = tmp_path / "上期报回"
    kept.mkdir()
    target = kept / "章贡区.xlsx"
    shutil.copy(returns / "章贡区-已填.xlsx", target)
    before = target.read_bytes()
    argv = [word.format(returns=returns, target=target) for word in command]
    code, _ = run(*argv)
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"-o {target} 是一份报送表" in err
    assert err.rstrip().endswith("[output-is-return]")
    assert target.read_bytes() == before


def test_the_word_draft_never_replaces_another_document(
    tmp_path: Path, returns: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--docx named like a Word document gzgk did not write (the notice itself): refused.

    gzgk's own draft, written before, is replaced when merging again.
    """
    from docx import Document  # noqa: PLC0415 - a document of somebody else's

    notice = tmp_path / "通知.docx"
    document = Document()
    document.add_paragraph("关于印发任务分工的通知")
    document.core_properties.author = "政务公开科"
    document.save(str(notice))
    before = notice.read_bytes()
    merge = ("merge", str(returns), "--notice", "ganzhou-2024", "-o", str(tmp_path / "汇总.xlsx"))
    code, _ = run(*merge, "--docx", str(notice))
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"--docx {notice} 是一份不是 gzgk 写出的 Word 文档" in err
    assert err.rstrip().endswith("[output-not-gzgk]")
    assert notice.read_bytes() == before
    draft = str(tmp_path / "汇编.docx")
    assert run(*merge, "--docx", draft)[0] == 0
    assert run(*merge, "--docx", draft)[0] == 0


def test_the_word_draft_edited_in_an_editor_is_kept(
    tmp_path: Path, returns: Path, libreoffice: LibreOffice, capsys: pytest.CaptureFixture[str]
) -> None:
    """A draft the office edited and saved (here in LibreOffice) is not replaced by merging again."""
    draft = tmp_path / "汇编.docx"
    merge = ("merge", str(returns), "--notice", "ganzhou-2024", "-o", str(tmp_path / "汇总.xlsx"))
    assert run(*merge, "--docx", str(draft))[0] == 0
    added = "经办公室核实，以上情况属实。"
    libreoffice.run(
        [
            {"op": "open_text", "path": str(draft)},
            {"op": "insert_paragraph", "text": added},
            {"op": "save_docx", "path": str(draft)},
            {"op": "close"},
        ]
    )
    edited = draft.read_bytes()
    capsys.readouterr()
    code, _ = run(*merge, "--docx", str(draft))
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"--docx {draft} 是 gzgk 写出的 Word 文档，但之后在 Word、WPS 等软件中保存过" in err
    assert err.rstrip().endswith("[output-edited]")
    assert draft.read_bytes() == edited
    assert added in libreoffice.read_text(draft)["paragraphs"][0]["text"]
    assert run(*merge, "--docx", str(tmp_path / "汇编-新.docx"))[0] == 0


@pytest.mark.parametrize(
    "command",
    [
        ("remind", "{returns}", "--notice", "ganzhou-2024", "-o", "{target}"),
        ("parse", "ganzhou-2024", "-o", "{target}"),
        ("matrix", "ganzhou-2024", "-o", "{target}"),
    ],
    ids=["remind", "parse", "matrix"],
)
def test_only_a_summary_replaces_a_summary(
    command: tuple[str, ...], tmp_path: Path, returns: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A reminder list, a notice or a matrix workbook named like last round's summary: refused.

    Merging again onto the summary replaces it, as always.
    """
    target = tmp_path / "汇总表.xlsx"
    assert run("merge", str(returns), "--notice", "ganzhou-2024", "-o", str(target))[0] == 0
    before = target.read_bytes()
    code, _ = run(*[word.format(returns=returns, target=target) for word in command])
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"-o {target} 是一份汇总表" in err
    assert err.rstrip().endswith("[output-is-summary]")
    assert target.read_bytes() == before
    assert run("merge", str(returns), "--notice", "ganzhou-2024", "-o", str(target))[0] == 0
