"""A checked package handed to python-calamine again with its parts stored, not inflated twice."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from support.returns import ENTRY, META, NOTICE, filled

from gzgk.archives import check_package, stored_package
from gzgk.excel import read
from gzgk.excel.checks import CheckContext, examine_return
from gzgk.excel.read import read_return
from gzgk.workers import Limits


def _values(data: bytes) -> list[object]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return [book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in (ENTRY, META)]


def test_stored_package_holds_the_same_parts(tmp_path: Path) -> None:
    """Every part stored, byte for byte the inflated part; calamine reads the same cells."""
    data = filled(tmp_path, "章贡区").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        kept = check_package(archive, io.BytesIO(data), Limits(), lambda _: True)
        stored = stored_package(archive.infolist(), kept)
        assert stored is not None
        with zipfile.ZipFile(io.BytesIO(stored)) as again:
            assert again.testzip() is None  # every CRC checks out
            assert [info.filename for info in again.infolist()] == archive.namelist()
            assert {info.compress_type for info in again.infolist()} == {zipfile.ZIP_STORED}
            for info in archive.infolist():
                assert again.read(info.filename) == archive.read(info)
    assert _values(stored) == _values(data)


def test_no_stored_package_without_every_part(tmp_path: Path) -> None:
    """A part not kept (past the budget, or unsound) means the original package is read."""
    data = filled(tmp_path, "章贡区").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = check_package(
            archive, io.BytesIO(data), Limits(), lambda info: "worksheets" in info.filename
        )
        assert sheets
        assert stored_package(archive.infolist(), sheets) is None


def test_reading_past_the_budget_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A package too large to keep whole is read from its original bytes, to the same result."""
    path = filled(tmp_path, "章贡区")
    context = CheckContext(notice=NOTICE)
    made: list[bool] = []

    def watched(*args: object) -> bytes | None:
        package = stored_package(*args)  # type: ignore[arg-type]
        made.append(package is not None)
        return package

    monkeypatch.setattr(read, "stored_package", watched)
    whole = examine_return(read_return(path), context)
    monkeypatch.setattr(read, "_SCAN_BYTES", 4096)
    apart = examine_return(read_return(path), context)
    assert made == [True, False]
    assert apart == whole
