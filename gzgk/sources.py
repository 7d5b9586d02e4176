"""Where notices come from: files of any supported kind, and the bundled examples.

``read_notice`` never raises for bad input: it returns a :class:`ParseResult`
whose issues say what could not be read. ``load_notice`` is the strict form.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from gzgk.convert import Format, load_notice_text
from gzgk.errors import GzgkError, UnknownNoticeError
from gzgk.files import os_reason
from gzgk.model import Notice, Role
from gzgk.parse import ParseResult, parse_text
from gzgk.parse import issues as found
from gzgk.parse.grid import parse_grid
from gzgk.registry import Registry

__all__ = [
    "MAX_TEXT_BYTES",
    "bundled_notices",
    "decode_text",
    "load_notice",
    "read_notice",
]

MAX_TEXT_BYTES = 5 * 1024 * 1024
_TEXT = (".txt", ".text", ".md")
_GRID = (".xlsx", ".xlsm")
_OWN = (".json", ".toml")
_ADVICE = {
    ".xls": "这是旧版 Excel 文件（.xls），请在 Excel 或 WPS 中另存为 .xlsx 后再解析",
    ".et": "这是 WPS 表格文件（.et），请在 WPS 中另存为 .xlsx 后再解析",
    ".pdf": "不能直接读取 PDF：请在 PDF 阅读器中全选复制通知文字，"
    "粘贴到记事本，保存为 .txt 后再解析",
    ".doc": "不能直接读取 Word 文件：请把通知文字复制到记事本，保存为 .txt 后再解析",
    ".docx": "不能直接读取 Word 文件：请把通知文字复制到记事本，保存为 .txt 后再解析",
    ".wps": "不能直接读取 WPS 文字文件：请把通知文字复制到记事本，保存为 .txt 后再解析",
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
        issues=(found.SOURCE_UNREADABLE(path=source, reason=reason),),
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
    suffix = path.suffix.lower()
    problem = _problem(path, suffix)
    if problem:
        return _unreadable(name, problem)
    words = {**dict((registry or Registry.bundled()).role_words), **(roles or {})}
    if suffix in _GRID:
        return _read_grid(path, name, words)
    try:
        text = decode_text(path.read_bytes())
    except OSError as error:
        return _unreadable(name, os_reason(error))
    except UnicodeDecodeError:
        return _unreadable(name, "文字编码无法识别（应为 UTF-8 或 GBK）")
    if suffix in _OWN:
        return _read_own(text, "toml" if suffix == ".toml" else "json", name)
    registry = registry or Registry.bundled()
    return parse_text(
        text, source=name, known=lambda unit: registry.find(unit) is not None, roles=words
    )


def _problem(path: Path, suffix: str) -> str | None:
    """Why a file cannot be a notice before reading it, or None."""
    if suffix in _ADVICE:
        return _ADVICE[suffix]
    if path.is_dir():
        return "这是一个文件夹，不是通知文件"
    limit = MAX_TEXT_BYTES if suffix not in _GRID else None
    try:
        size = path.stat().st_size
    except OSError as error:
        return os_reason(error)
    if limit is not None and size > limit:
        return f"文件超过 {limit // 1024 // 1024} MB，不像是通知"
    return None


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
        issue = found.BAD_NOTICE_FILE(path=name, reason=error.message)
        return ParseResult(source=name, notice=Notice(), issues=(issue,))
    return ParseResult(source=name, notice=notice)


def _read_grid(path: Path, name: str, roles: Mapping[str, Role]) -> ParseResult:
    from gzgk.excel.grid import read_grids  # noqa: PLC0415 - the Excel edge loads on demand

    try:
        grids = read_grids(path)
    except GzgkError as error:
        return _unreadable(name, error.message)
    first: ParseResult | None = None
    for title, rows in grids:
        result = parse_grid(rows, source=name, sheet=title, roles=roles)
        if result.notice.tasks:
            return result
        first = first or result
    return first or _unreadable(name, "工作簿中没有可见的工作表")


def load_notice(source: str | Path, *, registry: Registry | None = None) -> Notice:
    """The notice from a file or bundled name, or an exception.

    Raises:
        UnknownNoticeError: no such file or bundled notice.
        NoticeParseError: the notice could not be read completely; its issues
            say which part and why.
    """
    return read_notice(source, registry=registry).unwrap()
