"""Reading a notice file as warily as a return: in a bounded worker, every failure a coded issue."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from support.documents import ganzhou_docx, soffice_convert
from support.processes import supported, workers_of
from support.terminal import ANSI, run_in_terminal, run_piped

from gzgk import Limits, read_notice
from gzgk.parse import ParseResult

CALAMINE = Path(__file__).parent / "data" / "calamine"
ODD = {  # calamine's test files that ended gzgk parse in internal-error, and what they now say
    "empty_s_attribute.xlsx": "TypeError",
    "pivots.xlsx": "TypeError",
    "issue_174.xlsx": "17179869184 个单元格",
}


def _codes(result: ParseResult) -> list[str]:
    return [issue.code for issue in result.issues]


@pytest.mark.parametrize("name", sorted(ODD))
def test_odd_spreadsheet_is_a_coded_issue(name: str) -> None:
    """Gzgk parse of calamine's odd spreadsheets: exit 1 and source-unreadable, never internal-error."""
    path = CALAMINE / name
    done = run_piped("parse", str(path))
    assert done.returncode == 1, done.stderr
    assert "internal-error" not in done.stderr
    assert f"错误 {path}：" in done.stderr  # located at the file
    [issue] = json.loads(done.stdout)["issues"]
    assert issue["code"] == "source-unreadable"
    assert ODD[name] in issue["message"]


@pytest.mark.parametrize("name", sorted(ODD))
def test_odd_spreadsheet_read_in_this_process(name: str) -> None:
    """Read without a worker (isolated=False), the same files give the same coded issue."""
    result = read_notice(CALAMINE / name, isolated=False)
    assert _codes(result) == ["source-unreadable"]
    assert ODD[name] in result.issues[0].message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_pipe_is_not_waited_for(tmp_path: Path) -> None:
    """A named pipe given as the notice: source-unreadable at once, not a hang."""
    pipe = tmp_path / "通知.docx"
    os.mkfifo(pipe)
    result = read_notice(pipe)
    assert _codes(result) == ["source-unreadable"]
    assert "不是普通文件" in result.issues[0].message


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 赣州 notice as a 9-page tabular PDF printed by LibreOffice Writer."""
    folder = tmp_path_factory.mktemp("pdf")
    return soffice_convert(ganzhou_docx(folder / "赣州通知.docx"), "pdf", folder)


@pytest.fixture(scope="module")
def long_pdf(pdf: Path) -> Path:
    """The same pages six times over: 54 pages, tens of seconds to read."""
    target = pdf.with_name("很长的通知.pdf")
    subprocess.run(["pdfunite", *[str(pdf)] * 6, str(target)], check=True)
    return target


def _pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout)[1])  # type: ignore[index]


def test_pdf_pages_are_reported_from_the_worker(pdf: Path) -> None:
    """Reading a PDF in its worker calls progress(page, pages) here, page by page."""
    pages = _pages(pdf)
    seen: list[tuple[int, int]] = []
    result = read_notice(pdf, progress=lambda *done: seen.append(done))
    assert result.notice.tasks
    assert seen == [(page, pages) for page in range(1, pages + 1)]


def test_progress_shows_on_a_terminal_only(pdf: Path, tmp_path: Path) -> None:
    """Gzgk parse of a PDF shows its pages on a terminal's stderr, nothing when piped."""
    pages = _pages(pdf)
    code, _, shown = run_in_terminal(
        "parse", str(pdf), "-o", str(tmp_path / "a.json"), stream="stderr"
    )
    assert code == 0, shown
    assert "读取通知" in shown
    assert f"{pages}/{pages}" in ANSI.sub("", shown)  # the pages, counted up to the last
    piped = run_piped("parse", str(pdf), "-o", str(tmp_path / "b.json"))
    assert piped.returncode == 0, piped.stderr
    assert "读取通知" not in piped.stderr


def test_long_pdf_is_ended_at_the_time_limit(long_pdf: Path) -> None:
    """A notice taking longer than --time-limit: notice-too-slow naming the file, no wait."""
    started = time.monotonic()
    done = run_piped("parse", str(long_pdf), "--time-limit", "1")
    assert time.monotonic() - started < 30
    assert done.returncode == 1, done.stderr
    assert f"错误 {long_pdf}：读取通知文件超过了 1 秒的时限" in done.stderr
    assert "[notice-too-slow]" in done.stderr


@pytest.mark.skipif(not supported(), reason="RLIMIT_AS is set on Linux")
def test_notice_needing_more_memory_than_allowed(pdf: Path) -> None:
    """A notice whose reading needs more memory than allowed: notice-memory-exceeded."""
    result = read_notice(pdf, limits=Limits(memory_bytes=8 * 1024 * 1024))
    assert _codes(result) == ["notice-memory-exceeded"]
    assert "8.0 MB" in result.issues[0].message


@pytest.mark.skipif(not supported(), reason="workers are found through /proc")
def test_killed_notice_reader(long_pdf: Path) -> None:
    """A notice reader killed from outside (as the OOM killer does): notice-reader-crashed."""
    killed: list[int] = []

    def kill_the_reader() -> None:
        deadline = time.monotonic() + 60
        while not killed and time.monotonic() < deadline:
            for pid in workers_of(os.getpid()):
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
            time.sleep(0.05)

    killer = threading.Thread(target=kill_the_reader)
    killer.start()
    result = read_notice(long_pdf)
    killer.join()
    assert killed
    assert _codes(result) == ["notice-reader-crashed"]
    assert "SIGKILL" in result.issues[0].message


def test_converted_notice_is_read_in_a_worker(pdf: Path, tmp_path: Path) -> None:
    """An older Word file: converted by LibreOffice here, then read in a worker like any other."""
    source = ganzhou_docx(tmp_path / "赣州通知.docx")
    doc = soffice_convert(source, "doc", tmp_path)
    shutil.copy(doc, tmp_path / "旧版通知.doc")
    result = read_notice(tmp_path / "旧版通知.doc")
    assert result.valid, result.issues
    assert result.notice.tasks == read_notice(source).notice.tasks
