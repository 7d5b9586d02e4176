"""Exceptions: raised only when gzgk cannot continue.

Findings about a notice or a return are :class:`gzgk.report.Issue` data, never
exceptions. Every exception carries a stable English ``code`` and a Chinese
message for the user; each also subclasses the builtin it resembles, so callers
can catch ``KeyError`` or ``ValueError`` without knowing gzgk.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gzgk.report import Issue

__all__ = [
    "GzgkError",
    "KeyMismatchError",
    "MainNotGuardedError",
    "NoticeFormatError",
    "NoticeParseError",
    "OutputLockedError",
    "OutputRefusedError",
    "PathNotFoundError",
    "RegistryError",
    "RoundMismatchError",
    "UnknownNoticeError",
    "UnknownRoundError",
    "UnknownTaskError",
    "UnknownUnitError",
    "WorkbookWriteError",
    "WorkersUnavailableError",
]


class GzgkError(Exception):
    """Base of every gzgk exception: a stable ``code`` and a Chinese message."""

    code: str = "gzgk-error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UnknownUnitError(GzgkError, KeyError):
    """A unit name matches no unit or group of the registry."""

    code = "unknown-unit"

    def __init__(
        self, name: str, suggestions: Sequence[str] = (), *, message: str | None = None
    ) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        hint = f"；最接近的是：{'、'.join(self.suggestions)}" if self.suggestions else ""
        super().__init__(message or f"单位名称“{name}”不在单位名录中{hint}")


class UnknownTaskError(GzgkError, KeyError):
    """A task reference matches no task of the notice."""

    code = "unknown-task"

    def __init__(self, ref: str, known: Sequence[str] = ()) -> None:
        self.ref = ref
        hint = f"（通知中的任务编号：{'、'.join(known)}）" if known else ""
        super().__init__(f"通知中没有任务“{ref}”{hint}")


class UnknownRoundError(GzgkError, KeyError):
    """A round name matches no round of the notice's reporting schedule."""

    code = "unknown-round"

    def __init__(self, name: str, known: Sequence[str] = ()) -> None:
        self.name = name
        self.known = tuple(known)
        hint = (
            f"（通知的报送安排：{'、'.join(self.known)}；名称须一字不差，以便与上期对比）"
            if self.known
            else "（通知没有报送安排）"
        )
        super().__init__(f"通知的报送安排中没有“{name}”这一期{hint}")


class UnknownNoticeError(GzgkError, FileNotFoundError):
    """A notice source is neither an existing file nor a bundled notice."""

    code = "unknown-notice"

    def __init__(self, source: str, bundled: Sequence[str] = ()) -> None:
        self.source = source
        hint = f"；内置通知有：{'、'.join(bundled)}" if bundled else ""
        super().__init__(f"找不到通知“{source}”：既不是文件，也不是内置通知{hint}")


class RegistryError(GzgkError, ValueError):
    """A unit registry file is malformed (duplicate ids, clashing names, bad TOML)."""

    code = "bad-registry"


class NoticeFormatError(GzgkError, ValueError):
    """A notice file cannot be read as a notice at all (bad JSON/TOML, wrong structure)."""

    code = "bad-notice-file"


class NoticeParseError(GzgkError, ValueError):
    """Parsing found errors; ``issues`` says which part of the notice and why."""

    code = "notice-unparsable"

    def __init__(self, source: str, issues: Sequence[Issue]) -> None:
        self.source = source
        self.issues = tuple(issues)
        lines = "\n".join(f"  - {issue.describe()}" for issue in self.issues)
        super().__init__(f"无法完整解析通知“{source}”：\n{lines}")


class PathNotFoundError(GzgkError, FileNotFoundError):
    """Files or folders named by the user do not exist."""

    code = "path-not-found"

    def __init__(self, paths: Sequence[str]) -> None:
        self.paths = tuple(paths)
        super().__init__(f"找不到这些文件或文件夹：{'、'.join(self.paths)}")


class WorkbookWriteError(GzgkError, RuntimeError):
    """A workbook could not be written complete (a part was refused by the writer)."""

    code = "workbook-write-failed"


class OutputRefusedError(GzgkError, ValueError):
    """An output path would overwrite an input, clash with another output, or is unfit.

    ``code`` says which: ``output-is-input``, ``output-in-input``,
    ``output-twice``, ``output-wrong-type``, ``output-is-folder``,
    ``output-not-folder``, ``output-is-link``, ``output-not-writable``,
    ``output-holds-returns``, ``output-is-return``, ``output-is-summary``,
    ``output-not-gzgk``, ``output-edited``; the CLI also raises ``file-exists``
    and ``key-exists`` for a file the user may have changed.
    """

    code = "output-refused"

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class OutputLockedError(GzgkError, BlockingIOError):
    """Another run is writing the same output right now."""

    code = "output-locked"


class KeyMismatchError(GzgkError, ValueError):
    """No return of a batch verifies with the key given: it is not the key they were signed with."""

    code = "key-mismatch"

    def __init__(self, given: str, found: Sequence[str]) -> None:
        self.given = given
        self.found = tuple(found)
        super().__init__(
            f"给出的密钥（标识 {given}）不是这些报送表签名所用的密钥（报送表中的标识："
            f"{'、'.join(self.found)}）：没有一份报送表能用它核验，所以没有判定任何单位。"
            "请换用生成报送表时所用的密钥文件（gzgk generate --key 的那个）再运行。"
        )


class RoundMismatchError(GzgkError, ValueError):
    """No return of a batch is of the round given, and they name another: the round is mistyped."""

    code = "round-mismatch"

    def __init__(self, given: str, found: Sequence[str]) -> None:
        self.given = given
        self.found = tuple(found)
        named = "、".join(f"“{name}”" if name else "没有注明期次" for name in self.found)
        super().__init__(
            f"给出的报送期次“{given}”与收到的报送表都不符（报送表上是：{named}）：没有一份报送表"
            "是这一期的，所以没有汇总，也没有判定任何单位未报。期次写错了就改正 --round"
            "（或控制台的报送期次）再运行；如果是各单位用错了表，请下发本期的报送表"
        )


class MainNotGuardedError(GzgkError, RuntimeError):
    """A script starts worker processes from its top level, not under ``__name__ == "__main__"``."""

    code = "main-not-guarded"

    def __init__(self, script: str, line: int) -> None:
        self.script = script
        self.line = line
        super().__init__(
            f"gzgk 在子进程中读取文件，而每个子进程都会重新运行脚本“{script}”的顶层语句："
            f'请把第 {line} 行这样调用 gzgk 的语句放进 if __name__ == "__main__": 之下'
            "（见 docs/reference/api.md）"
        )


class WorkersUnavailableError(GzgkError, RuntimeError):
    """gzgk's worker processes cannot start here; no file was read, none is to blame."""

    code = "workers-unavailable"

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(
            f"gzgk 无法启动读取文件的子进程：{reason}。这不是哪一个文件的问题，"
            "文件都没有被读取或改动（见 docs/reference/api.md）"
        )
