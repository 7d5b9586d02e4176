"""Where notices come from: files of any supported kind, and the bundled examples.

``read_notice`` never raises for bad input: it returns a :class:`ParseResult`
whose issues say what could not be read. ``load_notice`` is the strict form.

A notice file is read as warily as a return: in a worker process of its own
(:func:`gzgk.workers.run_isolated`), bounded in time and memory by
:data:`NOTICE_LIMITS`, its zip package (.docx, .xlsx) measured by what it
really inflates to and its sheets by their cells before a reader opens them.
A reader that fails in any way (an exception of a library on an odd file,
memory running out, a crash, the time budget) gives an issue located at the
file, never an exception. Older Word and Excel files are converted by
LibreOffice first, in its own process with its own time limit.
"""

from __future__ import annotations

import functools
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Literal

import attrs
from attrs import frozen

from gzgk.archives import PackageBombError, check_package
from gzgk.convert import Format, load_notice_text
from gzgk.documents.detect import FileKind, detect
from gzgk.documents.model import DocumentError
from gzgk.errors import GzgkError, UnknownNoticeError
from gzgk.files import os_reason
from gzgk.lexicon.names import NameCheck
from gzgk.model import Notice, Role
from gzgk.notice_checks import check_notice
from gzgk.parse import ParseResult, notice_issues, parse_text
from gzgk.parse.document import parse_document
from gzgk.parse.grid import parse_sheets
from gzgk.registry import Registry
from gzgk.report import Issue
from gzgk.workers import Ended, Limits, Progress, out_of_memory, run_isolated, size_text

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "MAX_TEXT_BYTES",
    "NOTICE_LIMITS",
    "bundled_notices",
    "decode_text",
    "load_notice",
    "read_notice",
]

MAX_TEXT_BYTES = 5 * 1024 * 1024
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
NOTICE_LIMITS = Limits(seconds=120.0)
"""The bounds a notice file is read within: those of a return, with two minutes.

A notice is one file a clerk waits for, and a notice with a long table
attached (a PDF of 20 pages) takes tens of seconds to read.
"""
_CONVERTED: dict[FileKind, tuple[FileKind, Literal["docx", "xlsx"]]] = {
    FileKind.LEGACY_WORD: (FileKind.DOCX, "docx"),
    FileKind.RTF: (FileKind.DOCX, "docx"),
    FileKind.LEGACY_EXCEL: (FileKind.XLSX, "xlsx"),
}
_PACKAGES = (FileKind.DOCX, FileKind.XLSX)
_KIND_ISSUES = {
    FileKind.ENCRYPTED: notice_issues.FILE_ENCRYPTED,
    FileKind.OFD: notice_issues.OFD_UNSUPPORTED,
    FileKind.DAMAGED: notice_issues.FILE_DAMAGED,
}
_DOCUMENT_ISSUES = {
    "pdf-no-text": notice_issues.PDF_NO_TEXT,
    "converter-missing": notice_issues.CONVERTER_MISSING,
    "conversion-failed": notice_issues.CONVERSION_FAILED,
}


def _bundled_dir() -> Path:
    return Path(str(resources.files("gzgk") / "data" / "notices"))


def bundled_notices() -> tuple[str, ...]:
    """Names of the notices shipped with gzgk (``ganzhou-2024``)."""
    return tuple(sorted(path.stem for path in _bundled_dir().glob("*.toml")))


def decode_text(data: bytes) -> str:
    """Text from bytes as Windows offices save it.

    UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (the superset of
    GBK that 记事本 used to write).

    Raises:
        UnicodeDecodeError: none of them fits.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _unreadable(source: str, reason: str) -> ParseResult:
    return ParseResult(
        source=source,
        notice=Notice(),
        issues=(notice_issues.SOURCE_UNREADABLE(path=source, reason=reason),),
    )


def read_notice(
    source: str | Path,
    *,
    registry: Registry | None = None,
    roles: Mapping[str, Role] | None = None,
    limits: Limits | None = None,
    isolated: bool = True,
    progress: Progress | None = None,
) -> ParseResult:
    """Read a notice from a file or a bundled name, reporting problems as issues.

    Args:
        source: a path (.txt text copied from the PDF, .docx, .pdf, .doc/.wps/.rtf,
            .xlsx/.xls/.et 分工表, gzgk's own .json/.toml) or the name of a
            bundled notice (``ganzhou-2024``).
        registry: helps split unit cells of PDF text; the bundled 赣州 registry
            by default. Its ``role_words`` say how the office reads labels
            whose role is debatable (主要责任单位 as lead, say).
        roles: labels read with another role for this notice, over the
            registry's (``{"主要责任单位": Role.LEAD}``).
        limits: bounds on reading the file; :data:`NOTICE_LIMITS` by default.
        isolated: read the file in a worker process, bounded in time and memory
            (the default); False reads it in this process, where only the
            bounds checked before reading hold.
        progress: called as ``progress(page, pages)`` while a PDF is read.

    Raises:
        UnknownNoticeError: the source is neither a file nor a bundled notice.
        MainNotGuardedError: ``isolated`` and called from the top level of a
            script, outside ``if __name__ == "__main__":``.
    """
    path = Path(source)
    name = str(source)
    if not path.exists():
        return _read_bundled(name)
    registry = registry or Registry.bundled()
    words = {**dict(registry.role_words), **(roles or {})}
    unread = _Source(path, name, None, registry, words, limits or NOTICE_LIMITS)
    outcome = _read_bounded(unread, isolated=isolated, progress=progress)
    if not isinstance(outcome, FileKind):
        return outcome
    kind, target = _CONVERTED[outcome]  # an older office file: converted, then read
    with tempfile.TemporaryDirectory(prefix="gzgk-convert-") as work:
        try:
            converted = _convert(path, target, work)
        except DocumentError as error:
            return _document_failure(name, error)
        outcome = _read_bounded(
            attrs.evolve(unread, path=converted, kind=kind), isolated=isolated, progress=progress
        )
    if isinstance(outcome, FileKind):  # LibreOffice wrote something else than asked for
        return _failed(name, notice_issues.FILE_DAMAGED(path=name))
    return outcome


@frozen
class _Source:
    """A notice file to read: where, its kind once known, how to read names, within what bounds."""

    path: Path
    name: str
    kind: FileKind | None
    registry: Registry
    roles: Mapping[str, Role]
    limits: Limits

    @property
    def known(self) -> NameCheck:
        return _known(self.registry)


def _read_bounded(
    source: _Source, *, isolated: bool, progress: Progress | None
) -> ParseResult | FileKind:
    """Read a notice file in a worker (or here): the result, or the kind to convert first."""
    task = functools.partial(_read_source, source)
    if not isolated:
        return task(progress)
    outcome = run_isolated(task, limits=source.limits, progress=progress)
    return _ended(source.name, outcome, source.limits) if isinstance(outcome, Ended) else outcome


def _convert(path: Path, target: Literal["docx", "xlsx"], work: str) -> Path:
    """An older Word or Excel file converted by LibreOffice (its own process and time limit)."""
    from gzgk.documents.convert import convert  # noqa: PLC0415 - the document edge loads on demand

    return convert(path, target, work)


def _read_source(source: _Source, progress: Progress | None) -> ParseResult | FileKind:
    """Read and parse a notice file (in a worker): every failure is an issue at the file.

    A file of a kind LibreOffice must convert first comes back as its kind.
    """
    try:
        kind = source.kind
        if kind is None:
            found = _inspect(source.path, source.name)
            if not isinstance(found, FileKind) or found in _CONVERTED:
                return found
            kind = found
        if kind in _PACKAGES:
            with zipfile.ZipFile(source.path) as archive, source.path.open("rb") as raw:
                check_package(archive, raw, source.limits)
        return _READERS[kind](attrs.evolve(source, kind=kind), progress)
    except OSError as error:
        return _unreadable(source.name, os_reason(error))
    except PackageBombError as error:
        reason = f"{error.message}，可能已损坏或被恶意构造，未予打开"
        return _unreadable(source.name, reason)
    except zipfile.BadZipFile:
        return _failed(source.name, notice_issues.FILE_DAMAGED(path=source.name))
    except Exception as error:  # noqa: BLE001 - a reader failing on an odd file is that file's issue
        if out_of_memory(error):
            return _ended(source.name, Ended("memory"), source.limits)
        return _unreadable(source.name, f"读取时出错（{type(error).__name__}：{error}）")


def _ended(name: str, ended: Ended, limits: Limits) -> ParseResult:
    """The result of a notice whose reader ran out of time or memory, or died."""
    if ended.reason == "time":
        issue = notice_issues.NOTICE_TOO_SLOW(path=name, seconds=int(limits.seconds))
    elif ended.reason == "memory":
        limit = f"上限 {size_text(limits.memory_bytes)}"
        detail = f"{limit}；{ended.detail}" if ended.detail else limit
        issue = notice_issues.NOTICE_MEMORY_EXCEEDED(path=name, detail=detail)
    else:
        issue = notice_issues.NOTICE_READER_CRASHED(path=name, detail=ended.detail)
    return _failed(name, issue)


def _inspect(path: Path, name: str) -> FileKind | ParseResult:
    """What kind of notice file this is, or why it cannot be one (before reading it).

    Raises:
        OSError: the file cannot be looked at.
    """
    if path.is_dir():
        return _unreadable(name, "这是一个文件夹，不是通知文件")
    if not path.is_file():
        return _unreadable(name, "这不是普通文件（可能是管道、设备或套接字），无法作为通知读取")
    kind = detect(path)
    return _problem(name, path, kind, path.stat().st_size) or kind


def _problem(name: str, path: Path, kind: FileKind, size: int) -> ParseResult | None:
    """Why a file cannot be a notice, before reading it; None when it may be one."""
    if kind in _KIND_ISSUES:
        return _failed(name, _KIND_ISSUES[kind](path=name))
    if kind is FileKind.UNKNOWN:
        return _failed(name, notice_issues.FILE_KIND_UNKNOWN(path=name, kind=_kind_words(path)))
    limit = MAX_TEXT_BYTES if kind in (FileKind.TEXT, FileKind.OWN) else MAX_DOCUMENT_BYTES
    if size > limit:
        return _unreadable(name, f"文件超过 {limit // 1024 // 1024} MB，不像是通知")
    return None


def _read_text(source: _Source, _progress: Progress | None = None) -> ParseResult:
    try:
        text = decode_text(source.path.read_bytes())
    except OSError as error:
        return _unreadable(source.name, os_reason(error))
    except UnicodeDecodeError:
        return _unreadable(source.name, "文字编码无法识别（应为 UTF-8 或 GBK）")
    if source.kind is FileKind.OWN:
        fmt: Format = "toml" if source.path.suffix.lower() == ".toml" else "json"
        return _read_own(text, fmt, source.name, source.known)
    return parse_text(text, source=source.name, known=source.known, roles=source.roles)


def _known(registry: Registry) -> NameCheck:
    return lambda unit: registry.find(unit) is not None


def _kind_words(path: Path) -> str:
    suffix = path.suffix.lower()
    return f"“{suffix}”文件" if suffix else "无法识别的文件"


def _failed(name: str, issue: Issue) -> ParseResult:
    return ParseResult(source=name, notice=Notice(), issues=(issue,))


def _document_failure(name: str, error: DocumentError) -> ParseResult:
    issue_type = _DOCUMENT_ISSUES.get(error.code, notice_issues.DOCUMENT_UNREADABLE)
    return _failed(name, issue_type(path=name, reason=error.message))


def _read_document(source: _Source, progress: Progress | None = None) -> ParseResult:
    """A Word or PDF notice (older Word files and RTF converted to .docx before), as a Document."""
    from gzgk.documents.docx import read_docx  # noqa: PLC0415 - the document edge loads on demand
    from gzgk.documents.pdf import read_pdf  # noqa: PLC0415

    path, name = source.path, source.name
    try:
        if source.kind is FileKind.PDF:
            document = read_pdf(path, progress=progress)
        else:
            document = read_docx(path)
    except DocumentError as error:
        return _document_failure(name, error)
    except OSError as error:
        return _unreadable(name, os_reason(error))
    return parse_document(document, source=name, known=source.known, roles=source.roles)


def _read_bundled(name: str) -> ParseResult:
    if name not in bundled_notices():
        raise UnknownNoticeError(name, bundled_notices())
    bundled = _bundled_dir() / f"{name}.toml"
    notice = load_notice_text(bundled.read_text(encoding="utf-8"), "toml", source=name)
    return ParseResult(source=name, notice=notice)


def _read_own(text: str, fmt: Format, name: str, known: NameCheck) -> ParseResult:
    """A notice in gzgk's own JSON or TOML, checked as a parsed notice is."""
    try:
        notice = load_notice_text(text, fmt, source=name)
    except GzgkError as error:
        issue = notice_issues.BAD_NOTICE_FILE(path=name, reason=error.message)
        return ParseResult(source=name, notice=Notice(), issues=(issue,))
    return ParseResult(
        source=name, notice=notice, issues=check_notice(notice, known=known, source=name)
    )


def _read_grid(source: _Source, _progress: Progress | None = None) -> ParseResult:
    """A 分工表 workbook (an .xls or .et converted to .xlsx before): gzgk's own, or any other.

    gzgk's own 分工表 workbook (corrected by the clerk) is read by its layout;
    any other by the parser, every sheet with tasks.
    """
    from gzgk.excel.notice_book import (  # noqa: PLC0415 - the Excel edge loads on demand
        read_notice_book,
        read_sheets,
        text_grid,
    )

    name, roles = source.name, source.roles
    try:
        sheets = read_sheets(source.path, max_cells=source.limits.cells)
    except GzgkError as error:
        return _unreadable(name, error.message)
    own = read_notice_book(sheets, source=name, known=source.known)
    if own is not None:
        return own
    visible = [(sheet.title, text_grid(sheet)) for sheet in sheets if sheet.visible]
    if not visible:
        return _unreadable(name, "工作簿中没有可见的工作表")
    return parse_sheets(visible, source=name, roles=roles, known=source.known)


_READERS: dict[FileKind, Callable[[_Source, Progress | None], ParseResult]] = {
    FileKind.TEXT: _read_text,
    FileKind.OWN: _read_text,
    FileKind.XLSX: _read_grid,
    FileKind.DOCX: _read_document,
    FileKind.PDF: _read_document,
}


def load_notice(source: str | Path, *, registry: Registry | None = None) -> Notice:
    """The notice from a file or bundled name, or an exception.

    Raises:
        UnknownNoticeError: no such file or bundled notice.
        NoticeParseError: the notice could not be read completely; its issues
            say which part and why.
    """
    return read_notice(source, registry=registry).unwrap()
