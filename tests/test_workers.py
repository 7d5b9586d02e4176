"""Worker processes: scripts that forget the main guard are told so; isolated runs and their ends."""

from __future__ import annotations

import ast
import functools
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.returns import filled

from gzgk.workers import Ended, Limits, Progress, _guarded, run_isolated

GUARD = 'if __name__ == "__main__":'


def _run(script: Path) -> subprocess.CompletedProcess[str]:
    return _python(str(script), cwd=script.parent)


def _python(*args: str, cwd: Path, given: str | None = None) -> subprocess.CompletedProcess[str]:
    """Python run with ``args`` in ``cwd``, ``given`` on its standard input."""
    return subprocess.run(
        [sys.executable, *args],
        input=given,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def returns(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with two filled returns."""
    folder = tmp_path_factory.mktemp("报回")
    filled(folder, "章贡区")
    filled(folder, "南康区")
    return folder


MERGE = "summary = gzgk.merge_paths([{folder!r}], notice=gzgk.load_notice('ganzhou-2024'))"
GENERATE = (
    "gzgk.generate_returns(gzgk.Matrix.build(gzgk.load_notice('ganzhou-2024')), 'out', workers=2)"
)
NOTICE = "notice = gzgk.load_notice({notice!r})"
CALLS = {"merge_paths": MERGE, "generate_returns": GENERATE, "load_notice": NOTICE}


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_unguarded_script_is_told_what_to_do(
    call: str, returns: Path, tmp_path: Path, ganzhou_text: Path
) -> None:
    """Starting workers from a script's top level: one sentence naming the line and the guard.

    Without it each worker would run the script again and fail inside
    multiprocessing's bootstrapping (today's "An attempt has been made to start
    a new process before the current process has finished its bootstrapping
    phase"), and the batch would come back as crashed files.
    """
    script = tmp_path / "汇总.py"
    line = call.format(folder=str(returns), notice=str(ganzhou_text))
    script.write_text(f"import gzgk\n\nprint('top level')\n{line}\nprint('done')\n", "utf-8")
    done = _run(script)
    assert done.returncode == 1
    assert done.stdout == "top level\n"  # printed once: no worker ran the script again
    assert "bootstrapping" not in done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("gzgk.errors.MainNotGuardedError: ")
    assert f"“{script}”" in last
    assert "第 4 行" in last
    assert GUARD in last


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_guarded_script_runs(call: str, returns: Path, tmp_path: Path, ganzhou_text: Path) -> None:
    """The same call under the main guard runs in workers as it should."""
    script = tmp_path / "汇总.py"
    line = call.format(folder=str(returns), notice=str(ganzhou_text))
    script.write_text(f"import gzgk\n\n{GUARD}\n    {line}\n    print('done')\n", "utf-8")
    done = _run(script)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "done\n"


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_script_from_stdin_is_told_what_to_do(
    call: str, returns: Path, tmp_path: Path, ganzhou_text: Path
) -> None:
    """A script piped to ``python -``: one sentence saying workers cannot start, no file blamed.

    Workers run the main script again from its file; ``<stdin>`` is none, and
    each worker died starting. A merge then came back with every return
    "无法读取：BrokenProcessPool … 请确认文件完整" (the files were fine, 已报 0),
    and reading a notice said the file crashed its reader.
    """
    line = call.format(folder=str(returns), notice=str(ganzhou_text))
    before = {path: path.read_bytes() for path in returns.iterdir()}
    done = _python(
        "-", cwd=tmp_path, given=f"import gzgk\n\n{GUARD}\n    {line}\n    print('done')\n"
    )
    assert done.returncode == 1
    assert done.stdout == ""
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("gzgk.errors.WorkersUnavailableError: ")
    assert "“<stdin>”" in last
    assert "workers=0" in last
    assert "isolated=False" in last
    assert {path: path.read_bytes() for path in returns.iterdir()} == before


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_script_given_with_c_runs(
    call: str, returns: Path, tmp_path: Path, ganzhou_text: Path
) -> None:
    """``python -c`` has no script file for workers to run again, and needs none: it runs."""
    line = call.format(folder=str(returns), notice=str(ganzhou_text))
    done = _python("-c", f"import gzgk\n{line}\nprint('done')", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "done\n"


@pytest.fixture
def ganzhou_text(tmp_path: Path) -> Path:
    """The bundled notice's text as a file (a file is read in a worker; a bundled name is not)."""
    path = tmp_path / "通知.txt"
    text = Path(__file__).parents[1] / "gzgk" / "data" / "notices" / "ganzhou-2024.txt"
    path.write_text(text.read_text("utf-8"), "utf-8")
    return path


CASES = [
    ("merge()", 1, False),
    (f"{GUARD}\n    merge()", 2, True),
    ("if '__main__' == __name__:\n    merge()", 2, True),
    (f"try:\n    {GUARD}\n        merge()\nexcept OSError:\n    pass", 3, True),
    (f"{GUARD}\n    pass\nelse:\n    merge()", 4, False),
    ("if True:\n    merge()", 2, False),
    ("def main():\n    merge()\n\nmain()", 4, False),
    (f"def main():\n    merge()\n\n{GUARD}\n    main()", 5, True),
    ("with open(x) as f:\n    merge()", 2, False),
]


@pytest.mark.parametrize(("source", "line", "guarded"), CASES)
def test_guard_is_found_where_it_is(source: str, line: int, guarded: bool) -> None:
    """The statement holding a line runs only as __main__ exactly when it sits under the guard."""
    assert _guarded(ast.parse(source), line) is guarded


def _pages(count: int, progress: Progress | None) -> int:
    for page in range(1, count + 1):
        if progress is not None:
            progress(page, count)
    return os.getpid()


def _sleep(seconds: float, _progress: Progress | None) -> None:
    time.sleep(seconds)


def _hog(_progress: Progress | None) -> bytes:
    return bytes(256 * 1024 * 1024)


def _die(_progress: Progress | None) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_isolated_task_reports_progress_and_result() -> None:
    """A task runs in another process; its progress calls reach the caller in order."""
    seen: list[tuple[int, int]] = []
    pid = run_isolated(
        functools.partial(_pages, 3), limits=Limits(), progress=lambda *done: seen.append(done)
    )
    assert pid != os.getpid()
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_isolated_task_out_of_time_is_ended() -> None:
    """A task past its time is ended (not waited for): Ended('time')."""
    started = time.monotonic()
    assert run_isolated(functools.partial(_sleep, 60), limits=Limits(seconds=1)) == Ended("time")
    assert time.monotonic() - started < 30


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="RLIMIT_AS is set on Linux")
def test_isolated_task_out_of_memory() -> None:
    """A task that needs more memory than allowed: Ended('memory'), this process untouched."""
    limits = Limits(memory_bytes=64 * 1024 * 1024)
    assert run_isolated(_hog, limits=limits) == Ended("memory")


def test_isolated_task_that_dies() -> None:
    """A worker killed by a signal: Ended('crash') naming the signal."""
    ended = run_isolated(_die, limits=Limits())
    assert isinstance(ended, Ended)
    assert ended.reason == "crash"
    assert "SIGKILL" in ended.detail
