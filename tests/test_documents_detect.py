"""What a notice file is, by content: renamed files are read for what they are."""

from __future__ import annotations

import zipfile
from pathlib import Path

import msoffcrypto.format.ooxml
import pytest
from docx import Document as WordDocument
from openpyxl import Workbook

from gzgk import read_notice
from gzgk.documents.detect import FileKind, detect

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def write_docx(path: Path) -> Path:
    """A small Word file."""
    document = WordDocument()
    document.add_paragraph("关于印发任务分工的通知")
    document.save(str(path))
    return path


def write_xlsx(path: Path) -> Path:
    """A small workbook."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["序号", "任务内容", "牵头单位"])
    book.save(path)
    return path


def ole(stream: str) -> bytes:
    """The start of a compound file whose directory names one stream."""
    return OLE + b"\x00" * 504 + stream.encode("utf-16-le") + b"\x00" * 1024


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("通知.txt", "（一）推进政务公开。（牵头单位：市政府办公室）".encode(), FileKind.TEXT),
        ("通知.txt", "关于印发任务分工的通知".encode("gb18030"), FileKind.TEXT),
        ("通知.txt", "\ufeff通知".encode("utf-16"), FileKind.TEXT),
        ("网页.html", b"<p>\xe9\x80\x9a\xe7\x9f\xa5</p>", FileKind.TEXT),
        ("通知.toml", b'title = "x"\n', FileKind.OWN),
        ("通知.json", b"{}", FileKind.OWN),
        ("通知.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", FileKind.PDF),
        ("通知.txt", b"%PDF-1.4\n", FileKind.PDF),  # renamed: content wins
        ("通知.doc", ole("WordDocument"), FileKind.LEGACY_WORD),
        ("通知.wps", ole("WordDocument"), FileKind.LEGACY_WORD),
        ("分工表.xls", ole("Workbook"), FileKind.LEGACY_EXCEL),
        ("分工表.et", ole("Book"), FileKind.LEGACY_EXCEL),
        ("通知.rtf", b"{\\rtf1\\ansi\\ansicpg936 ...}", FileKind.RTF),
        ("通知.doc", b"{\\rtf1\\ansi ...}", FileKind.RTF),  # systems export RTF as .doc
        ("通知.docx", b"PK\x03\x04 cut short", FileKind.DAMAGED),
        ("图片.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", FileKind.UNKNOWN),
    ],
)
def test_detect_by_content(tmp_path: Path, name: str, content: bytes, kind: FileKind) -> None:
    """Each kind is told by its first bytes; the name only breaks ties."""
    path = tmp_path / name
    path.write_bytes(content)
    assert detect(path) is kind


def test_office_zips_by_their_parts(tmp_path: Path) -> None:
    """Word, Excel and OFD are ZIPs told apart by their parts, whatever they are named."""
    assert detect(write_docx(tmp_path / "通知.docx")) is FileKind.DOCX
    assert detect(write_docx(tmp_path / "改了名的.doc")) is FileKind.DOCX
    assert detect(write_xlsx(tmp_path / "分工表.xlsx")) is FileKind.XLSX
    ofd = tmp_path / "通知.ofd"
    with zipfile.ZipFile(ofd, "w") as archive:
        archive.writestr("OFD.xml", "<ofd:OFD/>")
    assert detect(ofd) is FileKind.OFD


def test_encrypted_office_file(tmp_path: Path) -> None:
    """A password-protected Word file is an OLE compound file holding an encrypted package."""
    plain = write_docx(tmp_path / "plain.docx")
    locked = tmp_path / "加密.docx"
    with plain.open("rb") as source, locked.open("wb") as target:
        msoffcrypto.format.ooxml.OOXMLFile(source).encrypt("secret", target)
    assert detect(locked) is FileKind.ENCRYPTED


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("图片.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "notice-kind-unknown"),
        ("通知.docx", b"PK\x03\x04 cut short", "notice-damaged"),
    ],
)
def test_unreadable_kinds_are_one_clear_issue(
    tmp_path: Path, name: str, content: bytes, code: str
) -> None:
    """A file gzgk cannot read gives one issue with a stable code, never an exception."""
    path = tmp_path / name
    path.write_bytes(content)
    result = read_notice(path)
    assert result.flatten("code") == [(code,)]
    assert not result.notice.tasks


def test_ofd_and_encrypted_say_what_to_do(tmp_path: Path) -> None:
    """OFD and password-protected files are named, with what to do instead."""
    ofd = tmp_path / "通知.ofd"
    with zipfile.ZipFile(ofd, "w") as archive:
        archive.writestr("OFD.xml", "<ofd:OFD/>")
    [issue] = read_notice(ofd).issues
    assert (issue.code, "另存为 PDF" in issue.message) == ("ofd-unsupported", True)
    plain = write_docx(tmp_path / "plain.docx")
    locked = tmp_path / "加密.docx"
    with plain.open("rb") as source, locked.open("wb") as target:
        msoffcrypto.format.ooxml.OOXMLFile(source).encrypt("secret", target)
    [issue] = read_notice(locked).issues
    assert (issue.code, "去掉密码" in issue.message) == ("notice-encrypted", True)


def test_a_folder_is_not_a_notice(tmp_path: Path) -> None:
    """A folder given as the notice is named as one."""
    [issue] = read_notice(tmp_path).issues
    assert issue.code == "source-unreadable"
    assert "文件夹" in issue.message
