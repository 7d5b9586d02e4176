"""Worker processes: scripts that forget the main guard are told so."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from support.returns import filled

from gzgk.workers import _guarded

GUARD = 'if __name__ == "__main__":'


def _run(script: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=script.parent,
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


@pytest.mark.parametrize("call", [MERGE, GENERATE], ids=["merge_paths", "generate_returns"])
def test_unguarded_script_is_told_what_to_do(call: str, returns: Path, tmp_path: Path) -> None:
    """Starting workers from a script's top level: one sentence naming the line and the guard.

    Without it each worker would run the script again and fail inside
    multiprocessing's bootstrapping (today's "An attempt has been made to start
    a new process before the current process has finished its bootstrapping
    phase"), and the batch would come back as crashed files.
    """
    script = tmp_path / "汇总.py"
    line = call.format(folder=str(returns))
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


@pytest.mark.parametrize("call", [MERGE, GENERATE], ids=["merge_paths", "generate_returns"])
def test_guarded_script_runs(call: str, returns: Path, tmp_path: Path) -> None:
    """The same call under the main guard runs in workers as it should."""
    script = tmp_path / "汇总.py"
    line = call.format(folder=str(returns))
    script.write_text(f"import gzgk\n\n{GUARD}\n    {line}\n    print('done')\n", "utf-8")
    done = _run(script)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "done\n"


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
