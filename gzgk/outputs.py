"""Where a run writes: every output checked before any work, and written as one transaction.

Two promises to the office. An output never lands on an input: before
anything is read, :func:`check_outputs` refuses an output that is an input
(links and hard links resolved), lies inside a folder being read, is named
twice, is a symbolic link, is a folder where a file is written (or the
reverse), or has a name that does not say what is written (a workbook must
end in ``.xlsx`` …). And the outputs of one run arrive together or not at
all: :class:`OutputSet` locks every target for the run (a second run is told
who holds it), writes each payload to a temporary file beside its target,
and only when all are complete renames them into place. A run killed between
the renames is completed by the next run on the same outputs; temporary
files a killed run left are removed by it.

Pure: no workbook library here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import socket
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType

import filelock
from attrs import field, frozen

from gzgk.errors import OutputLockedError, OutputRefusedError
from gzgk.files import Resolver, os_reason, stage_file

__all__ = [
    "ADDIN",
    "CONTROL",
    "CSV",
    "DOCUMENT",
    "FOLDER",
    "HISTORY",
    "NOTICE_FILE",
    "REMINDERS",
    "TEXT",
    "WORKBOOK",
    "Output",
    "OutputKind",
    "OutputLockedError",
    "OutputRefusedError",
    "OutputSet",
    "check_outputs",
]

_LOCK = ".gzgk-lock"
_HOLDER = ".gzgk-holder"
_PENDING = ".gzgk-pending"


@frozen
class OutputKind:
    """What an output holds: the file name endings that say so, and its name for users.

    ``suffixes`` empty means any name (a key file); a folder kind has ``folder`` set.
    """

    label: str
    suffixes: tuple[str, ...] = ()
    folder: bool = False

    def accepts(self, path: Path) -> bool:
        """Whether the path's name says it holds this kind."""
        return not self.suffixes or path.suffix.lower() in self.suffixes


WORKBOOK = OutputKind("Excel 工作簿", (".xlsx",))
CONTROL = OutputKind("Excel 工作簿", (".xlsx", ".xlsm"))
ADDIN = OutputKind("Excel 加载项", (".xlam",))
DOCUMENT = OutputKind("Word 文档", (".docx",))
CSV = OutputKind("CSV 表格", (".csv",))
REMINDERS = OutputKind("Excel 工作簿或 CSV 表格", (".xlsx", ".csv"))
NOTICE_FILE = OutputKind("通知文件", (".json", ".toml"))
TEXT = OutputKind("文件")
FOLDER = OutputKind("文件夹", folder=True)
HISTORY = OutputKind("台账数据库", (".sqlite", ".sqlite3", ".db"))


@frozen
class Output:
    """One output of a run: the path, the option that named it, and what is written there."""

    path: Path = field(converter=Path)
    option: str
    kind: OutputKind

    @classmethod
    def of(cls, path: str | Path, option: str, *kinds: OutputKind) -> Output:
        """The output at ``path``; with several kinds, the one its name says (else the first)."""
        target = Path(path)
        kind = next((k for k in kinds if k.suffixes and k.accepts(target)), kinds[0])
        return cls(target, option, kind)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def _canonical(path: Path) -> Path:
    """The path with links resolved, compared as the file system compares names."""
    return Path(os.path.normcase(path.resolve()))


def _same(one: Path, other: Path) -> bool:
    return _Known().same(one, other)


class _Known:
    """Whether two paths are one file, or one lies in a folder: each path looked up once.

    A summary is checked against every file merged (thousands, mostly in a few
    folders): the output's identity is looked up once and paths are resolved
    by a :class:`~gzgk.files.Resolver` (each folder once).
    """

    def __init__(self) -> None:
        self.identities: dict[Path, tuple[int, int] | None] = {}
        self.resolver = Resolver()

    def identity(self, path: Path) -> tuple[int, int] | None:
        if path not in self.identities:
            self.identities[path] = _identity(path)
        return self.identities[path]

    def canonical(self, path: Path) -> Path:
        """The path with links resolved, compared as the file system compares names."""
        return Path(os.path.normcase(self.resolver.resolve(path)))

    def same(self, one: Path, other: Path) -> bool:
        first, second = self.identity(one), self.identity(other)
        if first is not None and second is not None:
            return first == second  # the same file under two names (a link, a hard link)
        return self.canonical(one) == self.canonical(other)

    def inside(self, path: Path, folder: Path) -> bool:
        """``path`` lies in ``folder`` as written (through a link in it) or once links resolve."""
        if _written(folder) in _written(path).parents:
            return True
        return self.canonical(folder) in self.canonical(path).parents

    def read_folders(self, folder: Path) -> list[Path]:
        """``folder`` and every folder a link somewhere inside it leads to: what a walk reads.

        The returns are collected through links to folders; an output in a
        folder one leads to (``报回/第二批`` linking to ``D:/第二批``) lands among
        the files read as surely as one in ``报回`` itself.
        """
        found: list[Path] = []
        seen: set[Path] = set()
        stack = [folder]
        while stack:
            current = stack.pop()
            real = self.canonical(current)
            if real in seen:
                continue
            seen.add(real)
            found.append(current)
            try:
                entries = list(os.scandir(current))
            except OSError:
                continue
            for entry in entries:
                with contextlib.suppress(OSError):
                    if entry.is_dir():
                        stack.append(Path(entry.path))
        return found


def _written(path: Path) -> Path:
    """The path made absolute as written, links left in place, compared as the system compares."""
    return Path(os.path.normcase(os.path.normpath(path.absolute())))


def _named(output: Output) -> str:
    return f"{output.option} {output.path}"


def _check_shape(output: Output) -> None:
    path, kind = output.path, output.kind
    if path.is_symlink():
        raise OutputRefusedError(
            "output-is-link",
            f"{_named(output)} 是一个快捷方式（符号链接），gzgk 不向链接写入：写入会替换链接"
            "或改动它指向的文件。请直接写出实际的文件路径。",
        )
    if kind.folder:
        if path.exists() and not path.is_dir():
            raise OutputRefusedError(
                "output-not-folder",
                f"{_named(output)} 应是文件夹，但这是一个已有的文件。请换一个文件夹名。",
            )
        return
    if path.is_dir():
        raise OutputRefusedError(
            "output-is-folder",
            f"{_named(output)} 是一个文件夹，这里要写出的是{kind.label}。请写出文件名，"
            f"如 {path / ('结果' + kind.suffixes[0]) if kind.suffixes else path / '结果'}。",
        )
    if not kind.accepts(path):
        endings = "、".join(kind.suffixes)
        raise OutputRefusedError(
            "output-wrong-type",
            f"{_named(output)} 的扩展名“{path.suffix or '（无）'}”与写出的内容不符：这里写出的是"
            f"{kind.label}，文件名应以 {endings} 结尾（否则打开时会出错）。",
        )


def _missing(path: Path) -> bool:
    """Whether nothing at all is at ``path`` (then no existing input can be it)."""
    try:
        path.lstat()
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:
        return False  # there may be something there: compare as usual
    return False


def _check_inputs(output: Output, inputs: Sequence[Path]) -> None:
    known = _Known()
    missing = _missing(output.path)  # a summary is checked against thousands of inputs
    for source in inputs:
        info: os.stat_result | None = None
        try:
            info = source.stat()  # one look at each input: exists, folder, identity
        except OSError:
            if not source.exists():
                continue  # a bundled notice's name, not a file
        if info is not None:
            known.identities.setdefault(source, (info.st_dev, info.st_ino))
        if not missing and known.same(output.path, source):
            raise OutputRefusedError(
                "output-is-input",
                f"{_named(output)} 就是输入的“{source}”：写出会覆盖它，没有开始处理。"
                "请换一个输出文件名。",
            )
        if (
            info is not None
            and stat.S_ISDIR(info.st_mode)
            and any(
                known.inside(output.path, folder) or known.same(output.path, folder)
                for folder in known.read_folders(source)
            )
        ):
            raise OutputRefusedError(
                "output-in-input",
                f"{_named(output)} 位于要读取的文件夹“{source}”中：写在这里会与报回的文件混在"
                "一起（还可能覆盖其中的文件），没有开始处理。请写到这个文件夹以外。",
            )
        is_file = info is not None and stat.S_ISREG(info.st_mode)
        if output.kind.folder and is_file and known.inside(source, output.path):
            continue  # reading from inside an output folder is fine: nothing there is replaced


def _check_pairs(outputs: Sequence[Output]) -> None:
    for index, output in enumerate(outputs):
        for other in outputs[index + 1 :]:
            if _same(output.path, other.path):
                raise OutputRefusedError(
                    "output-twice",
                    f"{_named(output)} 与 {_named(other)} 是同一个文件：后写的会覆盖先写的。"
                    "请为它们取不同的文件名。",
                )


def check_outputs(outputs: Iterable[Output | None], inputs: Iterable[str | Path] = ()) -> None:
    """Refuse outputs that would overwrite an input or each other, before any work starts.

    Args:
        outputs: every output of the run (``None`` entries, options not given, are skipped).
        inputs: every file and folder the run reads (notice, key, registry, returns);
            names that are not paths (a bundled notice) are ignored.

    Raises:
        OutputRefusedError: the first problem found, with its code and a Chinese message.
    """
    given = [output for output in outputs if output is not None]
    sources = [Path(item) for item in inputs if item]
    for output in given:
        _check_shape(output)
        _check_inputs(output, sources)
    _check_pairs(given)


# -- locks, staging and the commit ---------------------------------------------------------


def _beside(target: Path, ending: str) -> Path:
    return target.with_name(f".{target.name}{ending}")


def _lock_path(output: Output) -> Path:
    return _beside(output.path, _LOCK)


def _make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and missing parents; the ones created, innermost first."""
    missing: list[Path] = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for created in reversed(missing):
        created.mkdir(exist_ok=True)
    return missing


def _holder_path(lock: Path) -> Path:
    return lock.with_name(lock.name.replace(_LOCK, _HOLDER))


def _holder_text(command: str) -> str:
    try:
        user = getpass.getuser()
    except (OSError, KeyError, ImportError):
        user = ""
    return json.dumps(
        {
            "user": user,
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "command": command,
        },
        ensure_ascii=False,
    )


def _holder_said(lock: Path) -> str:
    try:
        info = json.loads(_holder_path(lock).read_text("utf-8"))
    except (OSError, ValueError):
        return "另一次运行"
    if not isinstance(info, dict):
        return "另一次运行"
    started = str(info.get("started", ""))[:19].replace("T", " ")
    who = "、".join(
        part
        for part in (
            f"用户 {info['user']}" if info.get("user") else "",
            f"计算机 {info['host']}" if info.get("host") else "",
            f"进程 {info['pid']}" if info.get("pid") else "",
            f"开始于 {started}" if started else "",
        )
        if part
    )
    command = str(info.get("command", ""))
    return f"另一次运行（{who}{'，命令 ' + command if command else ''}）"


def _stale_temporaries(target: Path) -> Iterator[Path]:
    """Temporary files of gzgk's own naming for ``target`` (see :func:`gzgk.files.stage_file`)."""
    with contextlib.suppress(OSError):
        for path in target.parent.glob(f".{target.name}.*.tmp"):
            if path.is_file() and not path.is_symlink():
                yield path


def _finish_pending(target: Path) -> None:
    """Complete a commit that a killed run left half done: rename what it had staged."""
    journal = _beside(target, _PENDING)
    try:
        pairs = json.loads(journal.read_text("utf-8"))
    except FileNotFoundError:
        return
    except (OSError, ValueError):
        pairs = []
    for staged, final in pairs if isinstance(pairs, list) else []:
        with contextlib.suppress(OSError):
            Path(staged).replace(final)  # staged files were complete before the journal was
    for _staged, final in pairs if isinstance(pairs, list) else []:
        with contextlib.suppress(OSError):
            _beside(Path(final), _PENDING).unlink()
    with contextlib.suppress(OSError):
        journal.unlink()


class OutputSet:
    """The outputs of one run: locked for the run, written together at the end.

    Use as a context manager around the whole run (before any input is read,
    so a second run on the same outputs stops at once)::

        with OutputSet([summary_out, word_out], command="gzgk merge …") as outputs:
            summary = merge_paths(...)
            outputs.stage(summary_out.path, summary_workbook(summary))
            outputs.stage(word_out.path, compilation_docx(summary))
        # both are in place here, or neither (an exception inside leaves the old files)

    Raises:
        OutputLockedError: another run holds one of the outputs.
    """

    def __init__(self, outputs: Iterable[Output | None], *, command: str = "") -> None:
        self.outputs = tuple(output for output in outputs if output is not None)
        self.command = command
        self._locks: list[tuple[filelock.BaseFileLock, Path]] = []
        self._staged: dict[Path, Path] = {}
        self._created: list[Path] = []  # folders made for the locks: removed again if left empty

    def __enter__(self) -> OutputSet:
        try:
            for output in sorted(self.outputs, key=lambda o: str(_canonical(o.path))):
                self._lock(output)
            for output in self.outputs:
                if not output.kind.folder:
                    _finish_pending(output.path)
                    for leftover in _stale_temporaries(output.path):
                        with contextlib.suppress(OSError):
                            leftover.unlink()
        except BaseException:
            self._release()
            raise
        return self

    def _lock(self, output: Output) -> None:
        lock_path = _lock_path(output)
        try:
            self._created.extend(_make_folders(lock_path.parent))
            lock = filelock.FileLock(lock_path, timeout=0)
            lock.acquire()
        except filelock.Timeout:
            raise OutputLockedError(
                f"{output.option} {output.path} 正由{_holder_said(lock_path)}写出。"
                "请等它结束后再运行（同一个输出不能同时由两次运行写出）。"
            ) from None
        except OSError as error:
            raise OutputRefusedError(
                "output-not-writable",
                f"{output.option} {output.path} 无法写入：{os_reason(error)}。",
            ) from error
        self._locks.append((lock, lock_path))
        with contextlib.suppress(OSError):
            _holder_path(lock_path).write_text(_holder_text(self.command), "utf-8")

    def stage(self, path: str | Path, data: bytes | str, *, private: bool = False) -> None:
        """Write one output's payload to a complete temporary file beside it (not in place yet)."""
        target = Path(path)
        if not any(_same(target, output.path) for output in self.outputs):
            raise ValueError(f"{target} is not an output of this set")  # a programming error
        previous = self._staged.pop(target, None)
        if previous is not None:
            previous.unlink(missing_ok=True)
        try:
            self._staged[target] = stage_file(target, data, private=private)
        except OSError as error:
            error.filename = str(target)  # the user's name for it, not the temporary's
            raise

    def _commit(self) -> None:
        journals = (
            [_beside(final, _PENDING) for final in self._staged] if len(self._staged) > 1 else []
        )
        record = json.dumps([[str(staged), str(final)] for final, staged in self._staged.items()])
        for journal in journals:  # so a kill between the renames is finished by the next run
            stage_file(journal, record).replace(journal)
        final = None
        try:
            for final, staged in self._staged.items():
                staged.replace(final)
        except OSError as error:
            error.filename = str(final)
            raise
        self._staged.clear()
        for journal in journals:
            journal.unlink(missing_ok=True)

    def _discard(self) -> None:
        for staged in self._staged.values():
            with contextlib.suppress(OSError):
                staged.unlink()
        self._staged.clear()

    def _release(self) -> None:
        for lock, lock_path in reversed(self._locks):
            with contextlib.suppress(OSError):
                _holder_path(lock_path).unlink()
            lock.release()
            if sys.platform != "win32":  # Windows removes its lock files itself
                with contextlib.suppress(OSError):
                    lock_path.unlink()
        self._locks.clear()
        deepest_first = sorted(self._created, key=lambda folder: len(folder.parts), reverse=True)
        for folder in deepest_first:  # a folder with anything in it stays
            with contextlib.suppress(OSError):
                folder.rmdir()
        self._created.clear()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if kind is None:
                self._commit()
        finally:
            self._discard()
            self._release()

    @property
    def written(self) -> tuple[Path, ...]:
        """The outputs staged so far (in place once the set is left without an error)."""
        return tuple(self._staged)
