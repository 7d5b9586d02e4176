"""What a notice file is, by its content first and its name second.

Clerks rename files, and systems export .doc files that are really .docx or
RTF: the first bytes decide. A ZIP is told apart by its parts (Word, Excel,
OFD), an OLE2 compound file by its streams (Word/WPS 文字 or Excel/WPS 表格,
or a password-protected Office file); text is anything that decodes.
"""

from __future__ import annotations

import enum
import zipfile
from pathlib import Path

__all__ = ["FileKind", "detect"]

_SNIFF = 4096
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_OLE_WORD = "WordDocument".encode("utf-16-le")
_OLE_BOOK = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
_OLE_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_OLE_SCAN = 1 << 20  # directory entries sit near the start of small compound files


class FileKind(enum.Enum):
    """The kinds of file a notice may come in, and what reads each."""

    TEXT = "text"  # .txt and any text, HTML included
    OWN = "own"  # gzgk's .json/.toml
    XLSX = "xlsx"
    DOCX = "docx"
    PDF = "pdf"
    LEGACY_WORD = "legacy-word"  # .doc, .wps: converted to .docx
    LEGACY_EXCEL = "legacy-excel"  # .xls, .et: converted to .xlsx
    RTF = "rtf"  # converted to .docx
    ENCRYPTED = "encrypted"  # a password-protected Office file
    OFD = "ofd"  # the Chinese fixed-layout format: not read
    DAMAGED = "damaged"  # a ZIP that does not open: a cut or broken Office file
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        """The kind in the user's words."""
        return _LABELS[self]


_LABELS = {
    FileKind.TEXT: "文本文件",
    FileKind.OWN: "gzgk 通知文件",
    FileKind.XLSX: "Excel 工作簿",
    FileKind.DOCX: "Word 文档",
    FileKind.PDF: "PDF 文件",
    FileKind.LEGACY_WORD: "旧版 Word 或 WPS 文字文件",
    FileKind.LEGACY_EXCEL: "旧版 Excel 或 WPS 表格文件",
    FileKind.RTF: "RTF 文档",
    FileKind.ENCRYPTED: "加密的 Office 文件",
    FileKind.OFD: "OFD 版式文件",
    FileKind.DAMAGED: "已损坏的 Office 文件",
    FileKind.UNKNOWN: "无法识别的文件",
}


def detect(path: str | Path) -> FileKind:
    """The kind of the file at ``path`` (content first, then the suffix).

    Raises:
        OSError: the file cannot be read.
    """
    file = Path(path)
    with file.open("rb") as stream:
        head = stream.read(_SNIFF)
    suffix = file.suffix.lower()
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return FileKind.PDF
    if head.startswith(_ZIP):
        return _zip_kind(file)
    if head.startswith(_OLE):
        return _ole_kind(file, suffix)
    if head.lstrip().startswith(b"{\\rtf"):
        return FileKind.RTF
    if suffix in (".json", ".toml"):
        return FileKind.OWN
    if _is_text(head):
        return FileKind.TEXT
    return FileKind.UNKNOWN


def _zip_kind(file: Path) -> FileKind:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return FileKind.DAMAGED
    if "word/document.xml" in names:
        return FileKind.DOCX
    if "xl/workbook.xml" in names:
        return FileKind.XLSX
    if "OFD.xml" in names:
        return FileKind.OFD
    return FileKind.UNKNOWN


def _ole_kind(file: Path, suffix: str) -> FileKind:
    with file.open("rb") as stream:
        data = stream.read(_OLE_SCAN)
    if _OLE_ENCRYPTED in data:
        return FileKind.ENCRYPTED
    if _OLE_WORD in data:
        return FileKind.LEGACY_WORD
    if any(name in data for name in _OLE_BOOK):
        return FileKind.LEGACY_EXCEL
    if suffix in (".doc", ".wps"):
        return FileKind.LEGACY_WORD
    if suffix in (".xls", ".et"):
        return FileKind.LEGACY_EXCEL
    return FileKind.UNKNOWN


def _is_text(head: bytes) -> bool:
    """Whether the start of a file reads as text (UTF-8, UTF-16 with BOM, or GB18030)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as error:
            if error.start >= len(head) - 4:  # a character cut at the end of the sample
                return True
            continue
        return True
    return False
