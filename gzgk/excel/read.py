"""Reading returns quickly and within bounds, into :class:`ReturnData`.

A file is checked before anything parses it: its size, its kind by its first
bytes (zip, legacy OLE, encrypted OLE, something else), and its zip package
(entry count, what every part really inflates to, counted while inflating
rather than taken from the zip's directory (:mod:`gzgk.archives`), macros). Cell
values then come from python-calamine (Rust, no full openpyxl load), given the
parts the check has already inflated as a package of stored parts; the
structure the values do not show (sheet protection, the status drop-down,
formulas in entry cells, custom properties) is read directly from the XML
with lxml, entities and DTDs off; the sheet is streamed.

``read_workbook`` builds the same data from an openpyxl workbook in memory,
so the checks work on a workbook that was never saved.
"""

from __future__ import annotations

import functools
import io
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath

from lxml import etree
from python_calamine import CalamineError, CalamineWorkbook

from gzgk.archives import PackageBombError, check_package, stored_package
from gzgk.contract import RETURN
from gzgk.errors import GzgkError
from gzgk.files import os_reason
from gzgk.report import Issue, IssueType
from gzgk.workers import Limits, size_text

from . import return_issues, sheet_xml
from .return_data import ReturnData, assemble
from .sheet_xml import Structure

__all__ = [
    "Limits",
    "ReturnReadError",
    "read_limited",
    "read_return",
    "read_return_bytes",
    "read_workbook",
]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_PROPS = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_MB = 1024 * 1024
_SCAN_BYTES = 8 * _MB  # entry sheets up to this size are scanned in memory, larger ones streamed


class ReturnReadError(GzgkError):
    """The file cannot be read as a return; ``issue`` says why, for the report."""

    code = "return-unreadable"

    def __init__(self, issue_type: IssueType, **params: object) -> None:
        self.issue_type = issue_type
        self.params = params
        super().__init__(issue_type.template.format(**params))

    def issue(self, path: str) -> Issue:
        """The problem as an issue located at the file."""
        return self.issue_type.make(self.params, path=path)


class _Clock:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise ReturnReadError(return_issues.FILE_TOO_SLOW, seconds=int(self.seconds))


def _sniff(data: bytes, path: str) -> None:
    """Refuse what is not an xlsx zip, by its first bytes."""
    if data.startswith(_ZIP_MAGIC):
        return
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_STREAM in data:
            raise ReturnReadError(return_issues.FILE_ENCRYPTED)
        raise ReturnReadError(return_issues.FILE_LEGACY_XLS)
    head = data[:8].lstrip()
    what = (
        "是 PDF 文件"
        if head.startswith(b"%PDF")
        else "是网页或文本文件"
        if head[:1] in (b"<", b"{")
        else "文件为空"
        if not data
        else f"文件以 {data[:4].hex(' ')} 开头，扩展名为“{Path(path).suffix or '无'}”"
    )
    raise ReturnReadError(return_issues.FILE_NOT_XLSX, what=what)


class _Package:
    """A checked zip package: the parts the check kept inflated, the others read on demand."""

    def __init__(self, archive: zipfile.ZipFile, kept: dict[str, bytes]) -> None:
        self.archive = archive
        self.kept = kept

    def stored(self) -> bytes | None:
        """The package with every part stored, when every part was kept (else None)."""
        return stored_package(self.archive.infolist(), self.kept)

    def read(self, name: str) -> bytes:
        """The inflated bytes of a part (``KeyError`` when there is none of that name)."""
        data = self.kept.get(name)
        return self.archive.read(name) if data is None else data


def _keeper() -> Callable[[zipfile.ZipInfo], bool]:
    """Which parts the package check keeps inflated: all of them, up to a budget.

    Kept whole, the package is handed to python-calamine again with every
    part stored (:func:`gzgk.archives.stored_package`), so nothing is inflated
    twice; the budget is what a scan reads in memory anyway. Past it, parts
    are read from the original package on demand.
    """
    budget = _SCAN_BYTES

    def keep(info: zipfile.ZipInfo) -> bool:
        nonlocal budget
        if info.file_size <= budget:
            budget -= info.file_size
            return True
        return False

    return keep


# Zip packages that are not workbooks, by a part only they have: what the clerk is told.
_OTHER_PACKAGES = (
    ("word/document.xml", "是 Word 文档，不是表格"),
    ("ppt/presentation.xml", "是 PowerPoint 演示文稿，不是表格"),
)
_OPEN_DOCUMENT = (
    (b"spreadsheet", "是 OpenDocument 表格（.ods，LibreOffice 等保存的格式）"),
    (b"text", "是 OpenDocument 文档（.odt），不是表格"),
)


def _other_package(package: _Package, names: set[str]) -> str:
    """What a zip package that holds no workbook is, as far as its parts tell."""
    for part, what in _OTHER_PACKAGES:
        if part in names:
            return what
    if "mimetype" in names:
        kind = package.read("mimetype")[:100]
        for word, what in _OPEN_DOCUMENT:
            if b"opendocument." + word in kind:
                return what
    return "压缩包中没有 Excel 工作簿的内容"


def _check_zip(archive: zipfile.ZipFile, data: bytes, limits: Limits) -> _Package:
    try:
        package = _Package(archive, check_package(archive, io.BytesIO(data), limits, _keeper()))
    except PackageBombError as error:
        raise ReturnReadError(return_issues.FILE_ZIP_BOMB, detail=error.detail) from error
    infos = archive.infolist()
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        raise ReturnReadError(return_issues.FILE_NOT_XLSX, what=_other_package(package, names))
    content_types = package.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    if any(name.endswith("vbaProject.bin") for name in names) or b"macroEnabled" in content_types:
        raise ReturnReadError(return_issues.FILE_MACRO_ENABLED)
    return package


def _parser() -> etree.XMLParser:
    """A parser that never expands entities, loads a DTD or reaches the network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _xml(package: _Package, name: str) -> etree._Element | None:
    try:
        data = package.read(name)
    except KeyError:
        return None
    return etree.fromstring(data, _parser())


@functools.lru_cache(maxsize=256)
def _part_path(target: str) -> str:
    """The zip path of a workbook relation's target (the same few in every return: cached)."""
    return target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)


def _sheet_parts(package: _Package) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """(title, state) of every sheet, and the zip path of each sheet's XML by title."""
    workbook = _xml(package, "xl/workbook.xml")
    rels = _xml(package, "xl/_rels/workbook.xml.rels")
    targets: dict[str, str] = {}
    if rels is not None:
        for rel in rels.iter(f"{_PKG_REL}Relationship"):
            targets[rel.get("Id", "")] = _part_path(rel.get("Target", ""))
    sheets: list[tuple[str, str]] = []
    parts: dict[str, str] = {}
    if workbook is not None:
        for sheet in workbook.iter(f"{_MAIN}sheet"):
            title = sheet.get("name", "")
            sheets.append((title, sheet.get("state", "visible")))
            parts[title] = targets.get(sheet.get(f"{_REL}id", ""), "")
    return sheets, parts


def _properties(package: _Package) -> dict[str, str]:
    root = _xml(package, "docProps/custom.xml")
    if root is None:
        return {}
    values: dict[str, str] = {}
    for prop in root.iter(f"{_PROPS}property"):
        values[prop.get("name", "")] = "".join(child.text or "" for child in prop)
    return values


def _structure(package: _Package, part: str, clock: _Clock) -> Structure:
    """The entry sheet's structure: a byte scan when the part is small, else a streamed parse."""
    if part in package.kept or package.archive.getinfo(part).file_size <= _SCAN_BYTES:
        data = package.read(part)
        return sheet_xml.scan(data) or sheet_xml.parse(io.BytesIO(data), clock.check)
    with package.archive.open(part) as stream:
        return sheet_xml.parse(stream, clock.check)


def _rows(book: CalamineWorkbook, title: str, limits: Limits) -> Sequence[Sequence[object]] | None:
    if title not in book.sheet_names:
        return None
    sheet = book.get_sheet_by_name(title)
    cells = sheet.total_height * sheet.total_width
    if cells > limits.cells:
        raise ReturnReadError(
            return_issues.FILE_TOO_MANY_CELLS, sheet_name=title, cells=cells, limit=limits.cells
        )
    values: Sequence[Sequence[object]] = sheet.to_python(skip_empty_area=False)
    return values


def read_return(path: str | Path, limits: Limits | None = None) -> ReturnData:
    """Read a returned workbook file into plain data, within ``limits``.

    The input file is only read, never modified.

    Raises:
        ReturnReadError: the file is unreadable, not an xlsx, legacy, encrypted,
            macro-enabled, too large, a decompression bomb, or too slow.
    """
    limits = limits or Limits()
    return read_return_bytes(read_limited(path, limits), str(path), limits)


def read_limited(path: str | Path, limits: Limits) -> bytes:
    """The bytes of a file no larger than ``limits.file_bytes``.

    Raises:
        ReturnReadError: the file is too large or cannot be read.
    """
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > limits.file_bytes:
            raise ReturnReadError(
                return_issues.FILE_TOO_BIG, size=size_text(size), limit=size_text(limits.file_bytes)
            )
        return file.read_bytes()
    except OSError as error:
        raise ReturnReadError(return_issues.FILE_UNREADABLE, reason=os_reason(error)) from error


def read_return_bytes(data: bytes, path: str, limits: Limits | None = None) -> ReturnData:
    """Read a returned workbook from its bytes; ``path`` names it in the result.

    Raises:
        ReturnReadError: as :func:`read_return`.
    """
    limits = limits or Limits()
    clock = _Clock(limits.seconds)
    _sniff(data, path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            package = _check_zip(archive, data, limits)
            sheets, parts = _sheet_parts(package)
            properties = _properties(package)
            structure = Structure()
            entry_part = parts.get(RETURN.ENTRY_SHEET)
            if entry_part and entry_part in archive.namelist():
                structure = _structure(package, entry_part, clock)
            stored = package.stored()
    except zipfile.BadZipFile as error:
        raise ReturnReadError(return_issues.FILE_NOT_XLSX, what="压缩包已损坏") from error
    except etree.XMLSyntaxError as error:
        raise ReturnReadError(
            return_issues.FILE_UNREADABLE, reason=f"工作簿内部结构损坏（{error}）"
        ) from error
    clock.check()
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(stored or data))
        entry_rows = _rows(book, RETURN.ENTRY_SHEET, limits)
        meta_rows = _rows(book, RETURN.META_SHEET, limits)
    except CalamineError as error:
        raise ReturnReadError(
            return_issues.FILE_UNREADABLE, reason=f"工作簿内容损坏（{error}）"
        ) from error
    except BaseException as error:  # pyo3's PanicException is no Exception
        if type(error).__name__ != "PanicException":
            raise
        reason = f"读取程序无法解读其中的内容（{error}），如日期单元格中填了过大的数"
        raise ReturnReadError(return_issues.FILE_UNREADABLE, reason=reason) from error
    clock.check()
    return assemble(
        path=path,
        sheets=sheets,
        entry_rows=entry_rows,
        meta_rows=meta_rows,
        properties=properties,
        formulas=structure.formulas,
        protected=structure.protected if entry_rows is not None else None,
        status_list=structure.status_list if entry_rows is not None else None,
    )


def read_workbook(workbook: object, path: str = "") -> ReturnData:
    """Build :class:`ReturnData` from an openpyxl workbook in memory.

    Load it without ``data_only`` so formulas in entry cells are seen.
    """
    from openpyxl.workbook.workbook import Workbook  # noqa: PLC0415 - the in-memory edge
    from openpyxl.worksheet.worksheet import Worksheet  # noqa: PLC0415

    if not isinstance(workbook, Workbook):
        raise TypeError(f"workbook must be an openpyxl Workbook (got {type(workbook).__name__})")
    sheets = [(sheet.title, sheet.sheet_state) for sheet in workbook.worksheets]

    def grid(title: str) -> list[list[object]] | None:
        if title not in workbook.sheetnames:
            return None
        sheet: object = workbook[title]  # the stubs type it as a sheet of both kinds at once
        if not isinstance(sheet, Worksheet):
            return None  # a chart under that title: no cells, as if the sheet were missing
        return [list(row) for row in sheet.iter_rows(values_only=True)]

    entry = workbook[RETURN.ENTRY_SHEET] if RETURN.ENTRY_SHEET in workbook.sheetnames else None
    formulas: dict[str, str] = {}
    protected: bool | None = None
    status_list: bool | None = None
    if isinstance(entry, Worksheet):
        formulas = {
            cell.coordinate: str(cell.value).removeprefix("=")
            for row in entry.iter_rows()
            for cell in row
            if cell.data_type == "f"
        }
        protected = bool(entry.protection.sheet)
        status = RETURN.status_letters
        wanted = f'"{",".join(RETURN.STATUSES)}"'
        status_list = any(
            rule.type == "list"
            and (rule.formula1 or "").strip() in (wanted, wanted.strip('"'))
            and any(str(r).startswith(status) for r in rule.sqref.ranges)
            for rule in entry.data_validations.dataValidation
        )
    custom = getattr(workbook, "custom_doc_props", None)
    properties = {prop.name: str(prop.value) for prop in getattr(custom, "props", ())}
    return assemble(
        path=path,
        sheets=sheets,
        entry_rows=grid(RETURN.ENTRY_SHEET),
        meta_rows=grid(RETURN.META_SHEET),
        properties=properties,
        formulas=formulas,
        protected=protected,
        status_list=status_list,
    )
