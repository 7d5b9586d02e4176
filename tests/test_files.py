"""Writing outputs: all at once or not at all, ordinary permissions, never over someone's file."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from gzgk.files import Resolver, write_atomic, write_new


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_outputs_get_ordinary_permissions(tmp_path: Path) -> None:
    """An output is readable as the umask allows (not 0600); a secret is the owner's alone."""
    public = write_atomic(tmp_path / "汇总.xlsx", b"data")
    secret = write_atomic(tmp_path / "key.txt", "secret", private=True)
    assert stat.S_IMODE(public.stat().st_mode) == 0o666 & ~_umask()
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600


def test_replaces_and_leaves_no_temporary(tmp_path: Path) -> None:
    """write_atomic replaces the old file in one step and cleans up after itself."""
    target = tmp_path / "sub" / "out.txt"
    write_atomic(target, "旧")
    write_atomic(target, "新")
    assert target.read_text(encoding="utf-8") == "新"
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]


def test_write_new_never_replaces(tmp_path: Path) -> None:
    """write_new picks NAME（2）, NAME（3） … when the name is taken; the old files stay."""
    first = write_new(tmp_path / "a（检查意见）.xlsx", b"1")
    second = write_new(tmp_path / "a（检查意见）.xlsx", b"2")
    third = write_new(tmp_path / "a（检查意见）.xlsx", b"3")
    assert [p.name for p in (first, second, third)] == [
        "a（检查意见）.xlsx",
        "a（检查意见）（2）.xlsx",  # brackets as wide as the name's own
        "a（检查意见）（3）.xlsx",
    ]
    assert [p.read_bytes() for p in (first, second, third)] == [b"1", b"2", b"3"]
    assert len(list(tmp_path.iterdir())) == 3
    assert write_new(tmp_path / "report.xlsx", b"1").name == "report.xlsx"
    assert write_new(tmp_path / "report.xlsx", b"2").name == "report(2).xlsx"


SCRIPT = """
import sys
from gzgk.files import write_atomic
write_atomic(sys.argv[1], b"x" * 100_000)
"""


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


@pytest.mark.skipif(sys.platform == "win32", reason="file size limits are POSIX")
def test_interrupted_write_keeps_the_old_file(tmp_path: Path) -> None:
    """A write cut off by the system (file size limit) fails cleanly: old file intact, no leftovers."""
    target = tmp_path / "汇总.xlsx"
    target.write_bytes(b"old summary")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(target)],
        capture_output=True,
        text=True,
        preexec_fn=_limit_file_size,
        check=False,
    )
    assert done.returncode != 0
    assert "File too large" in done.stderr
    assert target.read_bytes() == b"old summary"
    assert [p.name for p in tmp_path.iterdir()] == ["汇总.xlsx"]


def test_a_resolver_resolves_as_path_resolve(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files resolved through their folder (resolved once) come out as Path.resolve gives them.

    Regular files, links to files and to folders, folders reached through a link,
    relative names and ``..``: the per-folder shortcut must never see a path differently.
    """
    real = tmp_path / "真实"
    (real / "下级").mkdir(parents=True)
    (real / "a.xlsx").write_bytes(b"a")
    (real / "下级" / "b.xlsx").write_bytes(b"b")
    (tmp_path / "链接目录").symlink_to(real, target_is_directory=True)
    (tmp_path / "链接.xlsx").symlink_to(real / "a.xlsx")
    (tmp_path / "断链.xlsx").symlink_to(tmp_path / "不存在.xlsx")
    monkeypatch.chdir(real)
    paths = [
        real / "a.xlsx",
        tmp_path / "链接目录" / "a.xlsx",
        tmp_path / "链接目录" / "下级" / "b.xlsx",
        tmp_path / "链接目录" / "下级" / ".." / "a.xlsx",
        tmp_path / "链接.xlsx",
        tmp_path / "断链.xlsx",
        tmp_path / "链接目录",
        Path("a.xlsx"),
        Path("下级") / "b.xlsx",
        Path("下级") / "..",
        Path("不存在") / ".." / "a.xlsx",
    ]
    resolver = Resolver()
    assert [resolver.resolve(path) for path in paths] == [path.resolve() for path in paths]
