"""Where notices come from: files of any supported kind, and the bundled examples.

``read_notice`` never raises for bad input: it returns a :class:`ParseResult`
whose issues say what could not be read. ``load_notice`` is the strict form.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path

from attrs import frozen

from gzgk.convert import Format, load_notice_text
from gzgk.documents.detect import FileKind, detect
from gzgk.documents.model import DocumentError
from gzgk.errors import GzgkError, UnknownNoticeError
from gzgk.files import os_reason
from gzgk.model import Notice, Role
from gzgk.parse import ParseResult, notice_issues, parse_text
from gzgk.parse.document import parse_document
from gzgk.parse.grid import parse_grid
from gzgk.parse.names import NameCheck
from gzgk.registry import Registry
from gzgk.report import Issue

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "MAX_TEXT_BYTES",
    "bundled_notices",
    "decode_text",
    "load_notice",
    "read_notice",
]

MAX_TEXT_BYTES = 5 * 1024 * 1024
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
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
) -> ParseResult:
    """Read a notice from a file or a bundled name, reporting problems as issues.

    Args:
        source: a path (.txt text copied from the PDF, .xlsx 分工表, gzgk's own
            .json/.toml) or the name of a bundled notice (``ganzhou-2024``).
        registry: helps split unit cells of PDF text; the bundled 赣州 registry
            by default. Its ``role_words`` say how the office reads labels
            whose role is debatable (主要责任单位 as lead, say).
        roles: labels read with another role for this notice, over the
            registry's (``{"主要责任单位": Role.LEAD}``).

    Raises:
        UnknownNoticeError: the source is neither a file nor a bundled notice.
    """
    path = Path(source)
    name = str(source)
    if not path.exists():
        return _read_bundled(name)
    try:
        kind = None if path.is_dir() else detect(path)
        size = path.stat().st_size
    except OSError as error:
        return _unreadable(name, os_reason(error))
    problem = _problem(name, path, kind, size)
    if problem is not None or kind is None:
        return problem or _unreadable(name, "这是一个文件夹，不是通知文件")
    registry = registry or Registry.bundled()
    words = {**dict(registry.role_words), **(roles or {})}
    return _READERS[kind](_Source(path, name, kind, _known(registry), words))


@frozen
class _Source:
    """A notice file about to be read: what it is and how to read its names."""

    path: Path
    name: str
    kind: FileKind
    known: NameCheck
    roles: Mapping[str, Role]


def _problem(name: str, path: Path, kind: FileKind | None, size: int) -> ParseResult | None:
    """Why a file cannot be a notice, before reading it; None when it may be one."""
    if kind is None:
        return _unreadable(name, "这是一个文件夹，不是通知文件")
    if kind in _KIND_ISSUES:
        return _failed(name, _KIND_ISSUES[kind](path=name))
    if kind is FileKind.UNKNOWN:
        return _failed(name, notice_issues.FILE_KIND_UNKNOWN(path=name, kind=_kind_words(path)))
    limit = MAX_TEXT_BYTES if kind in (FileKind.TEXT, FileKind.OWN) else MAX_DOCUMENT_BYTES
    if size > limit:
        return _unreadable(name, f"文件超过 {limit // 1024 // 1024} MB，不像是通知")
    return None


def _read_text(source: _Source) -> ParseResult:
    try:
        text = decode_text(source.path.read_bytes())
    except OSError as error:
        return _unreadable(source.name, os_reason(error))
    except UnicodeDecodeError:
        return _unreadable(source.name, "文字编码无法识别（应为 UTF-8 或 GBK）")
    if source.kind is FileKind.OWN:
        fmt: Format = "toml" if source.path.suffix.lower() == ".toml" else "json"
        return _read_own(text, fmt, source.name)
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


def _read_document(source: _Source) -> ParseResult:
    """A Word or PDF notice (older Word files and RTF converted first), read as a Document."""
    from gzgk.documents.convert import convert  # noqa: PLC0415 - the document edge loads on demand
    from gzgk.documents.docx import read_docx  # noqa: PLC0415
    from gzgk.documents.pdf import read_pdf  # noqa: PLC0415

    path, name = source.path, source.name
    try:
        if source.kind is FileKind.PDF:
            document = read_pdf(path)
        elif source.kind is FileKind.DOCX:
            document = read_docx(path)
        else:
            with tempfile.TemporaryDirectory(prefix="gzgk-convert-") as work:
                document = read_docx(convert(path, "docx", work))
    except DocumentError as error:
        return _document_failure(name, error)
    except OSError as error:
        return _unreadable(name, os_reason(error))
    return parse_document(document, source=name, known=source.known, roles=source.roles)


def _read_legacy_grid(source: _Source) -> ParseResult:
    """An .xls or .et 分工表, converted to .xlsx first."""
    from gzgk.documents.convert import convert  # noqa: PLC0415 - the document edge loads on demand

    with tempfile.TemporaryDirectory(prefix="gzgk-convert-") as work:
        try:
            converted = convert(source.path, "xlsx", work)
        except DocumentError as error:
            return _document_failure(source.name, error)
        return _read_grid(converted, source)


def _read_bundled(name: str) -> ParseResult:
    if name not in bundled_notices():
        raise UnknownNoticeError(name, bundled_notices())
    bundled = _bundled_dir() / f"{name}.toml"
    notice = load_notice_text(bundled.read_text(encoding="utf-8"), "toml", source=name)
    return ParseResult(source=name, notice=notice)


def _read_own(text: str, fmt: Format, name: str) -> ParseResult:
    try:
        notice = load_notice_text(text, fmt, source=name)
    except GzgkError as error:
        issue = notice_issues.BAD_NOTICE_FILE(path=name, reason=error.message)
        return ParseResult(source=name, notice=Notice(), issues=(issue,))
    return ParseResult(source=name, notice=notice)


def _read_workbook(source: _Source) -> ParseResult:
    return _read_grid(source.path, source)


def _read_grid(path: Path, source: _Source) -> ParseResult:
    from gzgk.excel.notice_book import read_grids  # noqa: PLC0415 - the Excel edge loads on demand

    name = source.name
    try:
        grids = read_grids(path)
    except GzgkError as error:
        return _unreadable(name, error.message)
    first: ParseResult | None = None
    for title, rows in grids:
        result = parse_grid(rows, source=name, sheet=title, roles=source.roles, known=source.known)
        if result.notice.tasks:
            return result
        first = first or result
    return first or _unreadable(name, "工作簿中没有可见的工作表")


_READERS: dict[FileKind, Callable[[_Source], ParseResult]] = {
    FileKind.TEXT: _read_text,
    FileKind.OWN: _read_text,
    FileKind.XLSX: _read_workbook,
    FileKind.DOCX: _read_document,
    FileKind.PDF: _read_document,
    FileKind.LEGACY_WORD: _read_document,
    FileKind.RTF: _read_document,
    FileKind.LEGACY_EXCEL: _read_legacy_grid,
}


def load_notice(source: str | Path, *, registry: Registry | None = None) -> Notice:
    """The notice from a file or bundled name, or an exception.

    Raises:
        UnknownNoticeError: no such file or bundled notice.
        NoticeParseError: the notice could not be read completely; its issues
            say which part and why.
    """
    return read_notice(source, registry=registry).unwrap()
