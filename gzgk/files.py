"""Writing files so that a crash or a full disk never leaves half a file behind.

Every output goes to a temporary file in the target's folder first and is then
renamed over the target in one step: a crash mid-write leaves the old file as
it was. New outputs get ordinary permissions (what the user's umask allows), a
replaced output keeps the old file's; only secret files, such as signing keys,
are written readable by their owner alone. Several outputs of one run are
written together by :class:`gzgk.outputs.OutputSet`.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import stat
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from gzgk.errors import OutputRefusedError

__all__ = ["Resolver", "os_reason", "stage_file", "write_atomic", "write_new"]

_REASONS = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有读写权限",
    errno.EPERM: "没有读写权限",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EBUSY: "文件正被其他程序占用",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "磁盘是只读的",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EFBIG: "文件超过了系统允许的大小",
    errno.EEXIST: "同名文件已存在",
}
_PRIVATE = 0o600
_ORDINARY = 0o666


def os_reason(error: OSError) -> str:
    """Why a file operation failed, in Chinese where the cause is a common one."""
    if isinstance(error, UnicodeError):
        return "文字编码无法识别（应为 UTF-8）"
    reason = _REASONS.get(error.errno or 0)
    return reason or error.strerror or str(error)


@functools.cache
class Resolver:
    """``Path.resolve`` for many paths, each folder walked once.

    A batch names thousands of files in a few folders. A regular file (not a
    link) resolves to its folder resolved and its own name, so only folders,
    links and names such as ``..`` are resolved in full, each folder once.
    """

    def __init__(self) -> None:
        self._known: dict[Path, Path] = {}

    def resolve(self, path: Path) -> Path:
        """What ``path.resolve()`` gives (as it gives it now: folders are remembered)."""
        found = self._known.get(path)
        if found is None:
            found = self._known[path] = self._resolve(path)
        return found

    def _resolve(self, path: Path) -> Path:
        try:
            regular = path.name not in ("", ".", "..") and stat.S_ISREG(path.lstat().st_mode)
        except OSError:
            regular = False
        return self.resolve(path.parent) / path.name if regular else path.resolve()


def _umask() -> int:
    """The process's umask (read once: setting it back and forth is not thread-safe)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode(*, private: bool) -> int:
    return _PRIVATE if private else _ORDINARY & ~_umask()


def _existing_mode(target: Path) -> int | None:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return None


def stage_file(target: str | Path, data: bytes | str, *, private: bool = False) -> Path:
    """A complete temporary copy of ``data`` beside ``target``, flushed to disk; not renamed.

    Named ``.NAME.*.tmp`` (a later run of gzgk on the same output removes such
    leftovers). Its permissions are the old file's when ``target`` exists (an
    output written again keeps what the office set), else the umask's; owner
    only when ``private``. The caller renames it into place or removes it.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    staged = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(_payload(data))
            stream.flush()
            os.fsync(stream.fileno())
        mode = _PRIVATE if private else (_existing_mode(target) or _mode(private=False))
        with contextlib.suppress(NotImplementedError):  # chmod is partial on Windows
            staged.chmod(mode)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            staged.unlink()
        raise
    return staged


@contextlib.contextmanager
def _temporary(target: Path, payload: bytes, *, private: bool) -> Iterator[Path]:
    """A complete temporary copy of ``payload`` beside ``target``; removed unless renamed."""
    temporary = stage_file(target, payload, private=private)
    try:
        yield temporary
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def _refuse_link(target: Path) -> None:
    if target.is_symlink():
        raise OutputRefusedError(
            "output-is-link",
            f"“{target}”是一个快捷方式（符号链接），gzgk 不向链接写入：写入会替换链接"
            "或改动它指向的文件。请直接写出实际的文件路径。",
        )


def _payload(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def write_atomic(path: str | Path, data: bytes | str, *, private: bool = False) -> Path:
    """Write ``data`` to ``path`` all at once: a temporary file, then a rename.

    Text is written as UTF-8. The folder is created if needed. If anything
    fails, the old file (if any) is left as it was and no temporary file stays.

    Args:
        path: the file to write; an existing file is replaced (keeping its
            permissions). A symbolic link is refused (``output-is-link``).
        data: bytes, or text to write as UTF-8.
        private: readable by the owner only (for secrets such as signing keys);
            otherwise the old file's permissions, or the usual ones the umask allows.
    """
    target = Path(path)
    _refuse_link(target)
    with _temporary(target, _payload(data), private=private) as temporary:
        temporary.replace(target)
    return target


def _numbered(target: Path, number: int) -> Path:
    """``NAME(2).ext``; ``名称（2）.ext`` with full-width brackets in a Chinese name."""
    if number == 1:
        return target
    chinese = any(unicodedata.east_asian_width(char) in "WF" for char in target.stem)
    mark = f"（{number}）" if chinese else f"({number})"
    return target.with_name(f"{target.stem}{mark}{target.suffix}")


def write_new(path: str | Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path``, or to ``NAME(2).ext``, ``NAME(3).ext`` … if it exists.

    A Chinese name is numbered with full-width brackets, like its others:
    ``报送表（检查意见）（2）.xlsx``.

    Never replaces an existing file; the name actually written is returned.
    The write is atomic like :func:`write_atomic`.
    """
    target = Path(path)
    with _temporary(target, _payload(data), private=False) as temporary:
        for number in range(1, 10_000):
            candidate = _numbered(target, number)
            try:
                os.link(temporary, candidate)  # fails, atomically, if the name is taken
            except FileExistsError:
                continue
            except OSError:  # no hard links here (FAT32 sticks): check, then rename
                if candidate.exists():
                    continue
                temporary.replace(candidate)
            return candidate
    raise FileExistsError(errno.EEXIST, "too many files of the same name", str(target))
