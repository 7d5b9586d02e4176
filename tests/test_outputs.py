"""Outputs never land on inputs, never clash, and arrive together: the CLI and gzgk.outputs."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from support.returns import filled, generate
from support.terminal import GZGK

from gzgk.cli import main
from gzgk.errors import OutputLockedError, OutputRefusedError
from gzgk.outputs import DOCUMENT, FOLDER, WORKBOOK, Output, OutputSet, check_outputs

NOTICE = ("--notice", "ganzhou-2024")


def run(*argv: str) -> tuple[int, str]:
    """Run the CLI in-process; exit code and stdout."""
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def digest(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (hidden ones too), by relative path."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def returns(tmp_path: Path) -> Path:
    """A folder with two filled returns under the names generate gives them."""
    folder = tmp_path / "报回"
    folder.mkdir()
    filled(folder, "章贡区", name="01-章贡区-落实情况报送表.xlsx", date=dt.date(2024, 7, 1))
    filled(folder, "南康区", name="02-南康区-落实情况报送表.xlsx", date=dt.date(2024, 7, 2))
    return folder


@pytest.mark.parametrize(
    ("command", "option"),
    [
        ("merge", "-o"),
        ("merge", "--docx"),
        ("remind", "-o"),
    ],
)
def test_an_output_on_a_return_is_refused(
    returns: Path, tmp_path: Path, command: str, option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pointing an output at a return in the folder being read is refused before any work."""
    before = digest(returns)
    victim = returns / "01-章贡区-落实情况报送表.xlsx"
    argv = [command, str(returns), *NOTICE]
    if option == "--docx":
        argv += ["-o", str(tmp_path / "汇总.xlsx"), "--docx", str(victim.with_suffix(".docx"))]
    else:
        argv += [option, str(victim)]
    code, out = run(*argv)
    err = capsys.readouterr().err
    assert code == 2
    assert out == ""
    assert "[output-in-input]" in err
    assert digest(returns) == before
    assert not (tmp_path / "汇总.xlsx").exists()


@pytest.mark.parametrize("through", ["link", "target"])
def test_an_output_among_returns_reached_through_a_link_is_refused(
    returns: Path, tmp_path: Path, through: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder read through a link inside the folder given is read too: no output goes there.

    ``办公室/报回链接`` links to the returns. Writing ``办公室/报回链接/汇总.xlsx`` (the
    link in the written path) or the returns' own folder (what the link leads to)
    puts the summary among the files read; both were written before.
    """
    office = tmp_path / "办公室"
    office.mkdir()
    (office / "报回链接").symlink_to(returns, target_is_directory=True)
    (office / "回到自己").symlink_to(office, target_is_directory=True)  # a loop is walked once
    before = digest(returns)
    target = office / "报回链接" if through == "link" else returns
    code, out = run("merge", str(office), *NOTICE, "-o", str(target / "汇总.xlsx"))
    assert code == 2
    assert out == ""
    err = capsys.readouterr().err
    assert "[output-in-input]" in err
    assert f"“{office}”" in err
    assert digest(returns) == before


def test_an_output_that_is_a_named_input_is_refused(
    returns: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A return named on the command line, then named again as -o, is refused (output-is-input)."""
    victim = returns / "02-南康区-落实情况报送表.xlsx"
    before = victim.read_bytes()
    code, _ = run("merge", str(victim), *NOTICE, "-o", str(victim))
    assert code == 2
    assert "[output-is-input]" in capsys.readouterr().err
    assert victim.read_bytes() == before


def test_an_output_reached_through_a_link_is_the_input(
    returns: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A hard link to a return is the same file: writing the summary there is refused."""
    victim = returns / "01-章贡区-落实情况报送表.xlsx"
    alias = tmp_path / "汇总.xlsx"
    os.link(victim, alias)
    before = victim.read_bytes()
    code, _ = run("merge", str(victim), *NOTICE, "-o", str(alias))
    assert code == 2
    assert "[output-is-input]" in capsys.readouterr().err
    assert victim.read_bytes() == before


def test_the_notice_and_key_are_inputs_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`gzgk parse n.json -o n.json` would replace the notice being read: refused."""
    notice = tmp_path / "通知.json"
    assert run("parse", "ganzhou-2024", "-o", str(notice))[0] == 0
    before = notice.read_bytes()
    code, _ = run("parse", str(notice), "-o", str(notice))
    assert code == 2
    assert "[output-is-input]" in capsys.readouterr().err
    assert notice.read_bytes() == before


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["merge", "{r}", *NOTICE, "-o", "{t}/汇总.csv"], "output-wrong-type"),
        (["merge", "{r}", *NOTICE, "-o", "{t}/汇总.xlsx", "--docx", "{t}/汇总.xlsx"], None),
        (["remind", "{r}", *NOTICE, "-o", "{t}/催报.txt"], "output-wrong-type"),
        (["matrix", "ganzhou-2024", "-o", "{t}/矩阵.pdf"], "output-wrong-type"),
        (["parse", "ganzhou-2024", "-o", "{t}/通知.txt"], "output-wrong-type"),
        (["parse", "ganzhou-2024", "--format", "toml", "-o", "{t}/通知.json"], "output-wrong-type"),
        (["excel", "control", "-o", "{t}/控制台.xls"], "output-wrong-type"),
        (["merge", "{r}", *NOTICE, "-o", "{t}/汇总.xlsx", "--docx", "{t}"], "output-is-folder"),
    ],
)
def test_outputs_must_say_what_they_hold(
    returns: Path,
    tmp_path: Path,
    argv: list[str],
    code: str | None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An extension that does not match what is written, or a folder, is refused; nothing written."""
    words = [item.format(r=returns, t=tmp_path) for item in argv]
    before = digest(tmp_path)
    exit_code, _ = run(*words)
    err = capsys.readouterr().err
    assert exit_code == 2, err
    assert "Traceback" not in err
    assert f"[{code or 'output-'}" in err
    assert digest(tmp_path) == before  # nothing written, not even half


def test_two_outputs_on_one_file(returns: Path, tmp_path: Path) -> None:
    """Two outputs of one run that are one file (a hard link) are refused as output-twice."""
    book = tmp_path / "汇总.xlsx"
    book.write_bytes(b"old")
    os.link(book, tmp_path / "汇编.docx")
    with pytest.raises(OutputRefusedError) as refused:
        check_outputs(
            [Output(book, "-o", WORKBOOK), Output(tmp_path / "汇编.docx", "--docx", DOCUMENT)],
            [returns],
        )
    assert refused.value.code == "output-twice"


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_a_symlinked_output_is_refused(
    returns: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An output path that is a symbolic link is refused: neither the link nor its target change."""
    real = tmp_path / "真的汇总.xlsx"
    real.write_bytes(b"keep")
    link = tmp_path / "汇总.xlsx"
    link.symlink_to(real)
    code, _ = run("merge", str(returns), *NOTICE, "-o", str(link))
    assert code == 2
    assert "[output-is-link]" in capsys.readouterr().err
    assert link.is_symlink()
    assert real.read_bytes() == b"keep"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_summary_written_again_keeps_its_mode(returns: Path, tmp_path: Path) -> None:
    """The office made the summary private (600): writing it again keeps that."""
    target = tmp_path / "汇总.xlsx"
    assert run("merge", str(returns), *NOTICE, "-o", str(target))[0] == 0
    target.chmod(0o600)
    assert run("merge", str(returns), *NOTICE, "-o", str(target))[0] == 0
    assert target.stat().st_mode & 0o777 == 0o600


def test_generate_never_replaces_a_filled_return(
    returns: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Generating into a folder of filled returns is refused, with --force too, naming them."""
    before = digest(returns)
    for extra in ((), ("--force",)):
        code, _ = run("generate", "ganzhou-2024", "-o", str(returns), *extra)
        err = capsys.readouterr().err
        assert code == 2
        assert "[output-holds-returns]" in err
        assert "01-章贡区-落实情况报送表.xlsx" in err
        assert digest(returns) == before


def test_generate_replaces_blank_forms_only_with_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Blank forms of the same names stop generate; --force replaces them."""
    folder = tmp_path / "报送表"
    folder.mkdir()
    blank = generate(folder, "章贡区", name="01-章贡区-落实情况报送表.xlsx")
    mine = folder / "说明.docx"
    mine.write_bytes(b"the office's own file")
    code, _ = run("generate", "ganzhou-2024", "-o", str(folder), "--unit", "章贡区")
    assert code == 2
    assert "[output-exists]" in capsys.readouterr().err
    assert sorted(p.name for p in folder.iterdir()) == sorted([blank.name, mine.name])
    code, _ = run("generate", "ganzhou-2024", "-o", str(folder), "--unit", "章贡区", "--force")
    assert code == 0
    assert (folder / "分发清单.xlsx").exists()
    assert mine.read_bytes() == b"the office's own file"


def test_a_stale_temporary_is_removed(returns: Path, tmp_path: Path) -> None:
    """A temporary a killed run left beside the summary is removed by the next run."""
    target = tmp_path / "汇总.xlsx"
    leftover = tmp_path / ".汇总.xlsx.k3x9_w2a.tmp"
    leftover.write_bytes(b"half a summary")
    assert run("merge", str(returns), *NOTICE, "-o", str(target))[0] == 0
    assert not leftover.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["汇总.xlsx", "报回"])


_HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from gzgk.outputs import WORKBOOK, Output, OutputSet

    with OutputSet([Output(Path(sys.argv[1]), "-o", WORKBOOK)], command="gzgk merge 报回"):
        print("holding", flush=True)
        time.sleep(60)
    """
)


def test_a_second_run_is_told_who_holds_the_output(
    returns: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """While another process writes the summary, a merge on it stops at once (exit 2, who holds it)."""
    target = tmp_path / "汇总.xlsx"
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(target)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "holding"
        code, _ = run("merge", str(returns), *NOTICE, "-o", str(target))
        err = capsys.readouterr().err
        assert code == 2
        assert "[output-locked]" in err
        assert f"进程 {holder.pid}" in err
        assert "命令 gzgk merge 报回" in err
        assert not target.exists()
    finally:
        holder.kill()
        holder.communicate()
    assert (
        run("merge", str(returns), *NOTICE, "-o", str(target))[0] == 0
    )  # a killed holder frees it


_KILLED_MID_COMMIT = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from gzgk.outputs import DOCUMENT, WORKBOOK, Output, OutputSet

    book, word = Path(sys.argv[1]), Path(sys.argv[2])
    renames = []
    original = Path.replace

    def replace(self, target):
        result = original(self, target)
        if Path(target) in (book, word):
            renames.append(target)
            if len(renames) == 1:
                os.kill(os.getpid(), signal.SIGKILL)  # between the two renames
        return result

    Path.replace = replace
    with OutputSet([Output(book, "-o", WORKBOOK), Output(word, "--docx", DOCUMENT)]) as out:
        out.stage(book, b"new book")
        out.stage(word, b"new word")
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_run_killed_between_renames_is_finished_by_the_next(tmp_path: Path) -> None:
    """SIGKILL after the first rename leaves a journal; the next run on the outputs completes it."""
    book, word = tmp_path / "汇总.xlsx", tmp_path / "汇编.docx"
    book.write_bytes(b"old book")
    word.write_bytes(b"old word")
    done = subprocess.run(
        [sys.executable, "-c", _KILLED_MID_COMMIT, str(book), str(word)], check=False
    )
    assert done.returncode == -signal.SIGKILL
    halves = {book.read_bytes(), word.read_bytes()}
    assert halves in ({b"new book", b"old word"}, {b"old book", b"new word"})  # torn, for now
    journals = sorted(tmp_path.glob(".*.gzgk-pending"))
    assert journals
    assert json.loads(journals[0].read_text("utf-8"))
    with OutputSet([Output(book, "-o", WORKBOOK), Output(word, "--docx", DOCUMENT)]):
        pass  # the next run on these outputs, before it writes anything
    assert (book.read_bytes(), word.read_bytes()) == (b"new book", b"new word")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["汇总.xlsx", "汇编.docx"]


def test_an_error_inside_the_set_writes_nothing(tmp_path: Path) -> None:
    """An exception before the end of the run leaves the old outputs and no temporary."""
    book = tmp_path / "汇总.xlsx"
    book.write_bytes(b"old")
    outputs = [Output(book, "-o", WORKBOOK), Output(tmp_path / "x.docx", "--docx", DOCUMENT)]

    def interrupted() -> None:
        with OutputSet(outputs) as out:
            out.stage(book, b"new")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        interrupted()
    assert book.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["汇总.xlsx"]


def test_a_held_output_raises_for_scripts(tmp_path: Path) -> None:
    """The library raises OutputLockedError (a BlockingIOError) for a held output."""
    target = Output(tmp_path / "out" / "汇总.xlsx", "-o", WORKBOOK)
    with OutputSet([target]), pytest.raises(OutputLockedError), OutputSet([target]):
        pass


def test_a_folder_output_is_not_created_by_a_refused_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder output is made only when the run writes into it."""
    with OutputSet([Output(tmp_path / "新" / "报送表", "-o", FOLDER)]):
        pass
    assert list(tmp_path.iterdir()) == []


def test_the_console_script_refuses_too(returns: Path) -> None:
    """The installed script: output on a return → exit 2, Chinese message, no traceback."""
    victim = returns / "01-章贡区-落实情况报送表.xlsx"
    done = subprocess.run(
        [GZGK, "merge", str(returns), *NOTICE, "-o", str(victim)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 2
    assert "位于要读取的文件夹" in done.stderr
    assert "Traceback" not in done.stderr
