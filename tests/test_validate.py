"""Validation: every issue code, each triggered by a real file, and the batch behaviour."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import attrs
import msoffcrypto.format.ooxml
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from support.documents import soffice_convert
from support.processes import supported, wchan, workers_of
from support.returns import (
    ENTRY,
    KEY,
    MATRIX,
    META,
    NOTICE,
    OTHER_KEY,
    ROUND_1,
    ROUND_2,
    check,
    codes,
    crashing,
    earlier,
    edit,
    field_cell,
    filled,
    generate,
    task_cell,
)

from gzgk._text import starts_like_formula
from gzgk.contract import ANNOTATION, RETURN, TABLE
from gzgk.excel.batch import collect_jobs
from gzgk.excel.checks import CheckContext, check_return
from gzgk.excel.read import Limits, ReturnReadError, read_return, read_workbook
from gzgk.excel.validate import annotate, validate_file, validate_paths
from gzgk.render import _csv_cell as reminders_csv_cell
from gzgk.report import code_label, issue_types
from gzgk.returns import ReturnMeta

GZGK = str(Path(sys.executable).with_name("gzgk"))


@pytest.fixture
def good(tmp_path: Path) -> Path:
    """章贡区's return, filled in completely and validly (signed)."""
    return filled(tmp_path, key=KEY)


def entry(book: Workbook) -> Worksheet:
    """The entry sheet of a workbook."""
    sheet = book[ENTRY]
    assert isinstance(sheet, Worksheet)
    return sheet


def test_good_return_is_valid(good: Path) -> None:
    """A completely filled return has no issue, with or without notice and key."""
    assert codes(check(good)) == []
    assert codes(check(good, notice=NOTICE, key=KEY)) == []


# -- the file ---------------------------------------------------------------


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    """A named file that does not exist: file-unreadable."""
    report = validate_paths([tmp_path / "nope.xlsx"])
    assert report.flatten("code") == [("file-unreadable",)]


def test_pdf_renamed_xlsx(tmp_path: Path) -> None:
    """A PDF with an .xlsx name: file-not-xlsx, saying it is a PDF."""
    path = tmp_path / "scan.xlsx"
    path.write_bytes(b"%PDF-1.7\n...")
    [issue] = validate_paths([path]).issues
    assert issue.code == "file-not-xlsx"
    assert "PDF" in issue.message


def test_corrupt_zip(tmp_path: Path, good: Path) -> None:
    """A truncated workbook: file-not-xlsx (damaged)."""
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good.read_bytes()[:3000])
    assert validate_paths([path]).flatten("code") == [("file-not-xlsx",)]


def test_a_date_cell_holding_a_huge_number_is_said_not_a_crash(tmp_path: Path, good: Path) -> None:
    """-1e15 typed into the date cell: the reading library panics; that file is file-unreadable.

    The panic is no ordinary exception (pyo3's PanicException); in a batch the
    other file is read as ever, in a worker process and in this one.
    """
    book = load_workbook(good)
    book[RETURN.ENTRY_SHEET][RETURN.field("date").cell] = -1.0e15
    broken = tmp_path / "巨大日期.xlsx"
    book.save(broken)
    for workers in (None, 0):
        report = validate_paths([broken, good], workers=workers)
        codes = {Path(file.path).name: [i.code for i in file.issues] for file in report.files}
        assert codes[broken.name] == ["file-unreadable"]
        assert (
            "日期单元格"
            in report.files[[f.path for f in report.files].index(str(broken))].issues[0].message
        )
        assert good.name in codes


def test_damaged_part(tmp_path: Path, good: Path) -> None:
    """A part whose bytes no longer match their checksum: file-not-xlsx (damaged), never read."""
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            stored = b"<sheetData" in data  # every sheet stored, so its bytes can be found
            new.writestr(item, data, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    raw = path.read_bytes()
    assert raw.count(b"<sheetData") >= 2  # the instructions and the entry sheet
    path.write_bytes(raw.replace(b"<sheetData", b"<sheetDatb"))
    [issue] = validate_paths([path]).issues
    assert issue.code == "file-not-xlsx"
    assert "损坏" in issue.message


def test_other_office_files_are_named(tmp_path: Path, good: Path) -> None:
    """A return saved by LibreOffice as .ods, a Word or PowerPoint file named .xlsx: said what it is.

    The .ods is LibreOffice's own save of a real return; the others carry the
    part only their kind has. Each is file-not-xlsx, and the message says
    which kind of file it is rather than "no workbook inside".
    """
    ods = soffice_convert(good, "ods", tmp_path)
    word = tmp_path / "说明.xlsx"
    with zipfile.ZipFile(word, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    slides = tmp_path / "汇报.xlsx"
    with zipfile.ZipFile(slides, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("ppt/presentation.xml", "<p:presentation/>")
    for path, said in ((ods, "OpenDocument 表格"), (word, "Word 文档"), (slides, "PowerPoint")):
        [issue] = validate_paths([path]).issues
        assert issue.code == "file-not-xlsx"
        assert said in issue.message
        assert "没有 Excel 工作簿的内容" not in issue.message


def test_legacy_xls(tmp_path: Path) -> None:
    """An OLE2 compound file (old .xls): file-legacy-xls."""
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    assert validate_paths([path]).flatten("code") == [("file-legacy-xls",)]


def test_encrypted(tmp_path: Path, good: Path) -> None:
    """A workbook with an opening password (encrypted by msoffcrypto): file-encrypted."""
    path = tmp_path / "locked.xlsx"
    with good.open("rb") as source, path.open("wb") as target:
        msoffcrypto.format.ooxml.OOXMLFile(source).encrypt("secret", target)
    assert validate_paths([path]).flatten("code") == [("file-encrypted",)]


def _rezip(source: Path, target: Path, extra: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, old.read(item.filename))
        for name, data in extra.items():
            new.writestr(name, data)
    return target


def test_macro_enabled(tmp_path: Path, good: Path) -> None:
    """A workbook carrying a VBA project: file-macro-enabled."""
    path = _rezip(good, tmp_path / "macro.xlsm", {"xl/vbaProject.bin": b"\x00" * 64})
    assert validate_paths([path]).flatten("code") == [("file-macro-enabled",)]


def test_zip_bomb(tmp_path: Path, good: Path) -> None:
    """An entry that inflates a thousandfold: file-zip-bomb, refused before parsing."""
    path = _rezip(good, tmp_path / "bomb.xlsx", {"xl/media/padding.bin": bytes(30 * 1024 * 1024)})
    assert path.stat().st_size < 1024 * 1024
    [issue] = validate_paths([path]).issues
    assert issue.code == "file-zip-bomb"
    assert "压缩比" in issue.message


def test_too_much_unpacked_data(good: Path) -> None:
    """More decompressed data than allowed in total: file-zip-bomb."""
    report = validate_file(good, CheckContext(), Limits(unpacked_bytes=10_000))
    assert report.flatten("code") == [("file-zip-bomb",)]


def test_too_large(good: Path) -> None:
    """A file over the size limit: file-too-large."""
    report = validate_file(good, CheckContext(), Limits(file_bytes=1000))
    assert report.flatten("code") == [("file-too-large",)]


def test_too_many_cells(good: Path) -> None:
    """A sheet using more cells than a return can have: file-too-many-cells."""
    report = validate_file(good, CheckContext(), Limits(cells=50))
    assert report.flatten("code") == [("file-too-many-cells",)]


def test_too_slow(good: Path) -> None:
    """A file that takes longer than the time budget: file-too-slow."""
    report = validate_file(good, CheckContext(), Limits(seconds=0))
    assert report.flatten("code") == [("file-too-slow",)]


# -- what the file is -------------------------------------------------------


def test_not_a_return(tmp_path: Path) -> None:
    """Any other workbook: not-a-return."""
    book = Workbook()
    path = tmp_path / "其他.xlsx"
    book.save(path)
    assert codes(check(path)) == [("not-a-return", None)]


def test_other_notice(tmp_path: Path) -> None:
    """A return of another notice, checked against this one: other-notice."""
    other = attrs.evolve(NOTICE, title="关于另一项工作的通知")
    path = filled(tmp_path, notice=other)
    report = check(path, notice=NOTICE)
    assert codes(report) == [("other-notice", None)]
    assert "关于另一项工作的通知" in report.issues[0].message


# -- rounds -----------------------------------------------------------------


def test_round_return_is_valid(tmp_path: Path) -> None:
    """A round's return, pre-filled from last round and updated, is valid for its round."""
    path = filled(tmp_path, round_=ROUND_2, previous=earlier(MATRIX, "章贡区"), key=KEY)
    assert codes(check(path, notice=NOTICE, key=KEY, round_=ROUND_2.name)) == []
    data = read_return(path)
    assert data.carries_previous
    assert data.meta["round"] == ROUND_2.name
    assert data.properties["gzgk_round"] == ROUND_2.name


def test_other_round(tmp_path: Path) -> None:
    """A return of another round, or of none, checked as this round's: other-round."""
    last = filled(tmp_path, round_=ROUND_1, name="上期.xlsx")
    report = check(last, notice=NOTICE, round_=ROUND_2.name)
    assert codes(report) == [("other-round", None)]
    assert f"“{ROUND_1.name}”" in report.issues[0].message
    unnamed = filled(tmp_path, name="不分期.xlsx")
    report = check(unnamed, notice=NOTICE, round_=ROUND_2.name)
    assert codes(report) == [("other-round", None)]
    assert "没有注明报送期次" in report.issues[0].message
    assert codes(check(last, notice=NOTICE)) == []  # without --round any round belongs


def test_round_needs_news(tmp_path: Path) -> None:
    """本期是否有新进展 left empty, or not 是/否, in a round's return: missing-value, value-not-in-list."""
    path = filled(tmp_path, round_=ROUND_2, previous=earlier(MATRIX, "章贡区"))
    news = task_cell("news", previous=True)
    second = task_cell("news", 2, previous=True)

    def change(book: Workbook) -> None:
        entry(book)[news] = None
        entry(book)[second] = "有"

    report = check(edit(path, change), notice=NOTICE, round_=ROUND_2.name)
    assert codes(report) == [("missing-value", news), ("value-not-in-list", second)]


def test_news_but_unchanged(tmp_path: Path) -> None:
    """是 with last round's status and words left as they were: news-but-unchanged (a warning)."""
    path = generate(tmp_path, round_=ROUND_2, previous=earlier(MATRIX, "章贡区"))
    news = task_cell("news", previous=True)

    def answer(book: Workbook) -> None:
        sheet = entry(book)
        sheet[field_cell("date")] = dt.date(2024, 10, 8)
        sheet[field_cell("reviewer")] = "李四"
        for row in range(1, 100):
            if sheet[task_cell("number", row)].value is None:
                break
            sheet[task_cell("news", row, previous=True)] = "否"
        sheet[news] = "是"

    report = check(edit(path, answer), notice=NOTICE.for_round(ROUND_2), round_=ROUND_2.name)
    assert codes(report) == [("news-but-unchanged", news)]
    assert not report.issues[0].is_error


def test_round_signature_and_template_1_payload() -> None:
    """A round is signed with the rest; a return of no round signs exactly what template 1 signed."""
    meta = ReturnMeta(
        notice_fingerprint="f", notice_title="t", notice_doc_number="n", report_due="",
        unit_id="u", unit_name="单位",
    )  # fmt: skip
    assert b"round" not in meta.payload()
    named = attrs.evolve(meta, round=ROUND_2.name)
    assert named.payload() != meta.payload()
    signed = named.signed(KEY)
    assert KEY.verify(signed.payload(), signed.signature)
    assert not KEY.verify(attrs.evolve(signed, round=ROUND_1.name).payload(), signed.signature)


def _set_meta(key: str, value: str, *, properties: bool = True) -> Callable[[Workbook], None]:
    def change(book: Workbook) -> None:
        meta = book[META]
        for row in range(1, len(RETURN.META_KEYS) + 1):
            if meta.cell(row, 1).value == key:
                meta.cell(row, 2).value = value
        if properties:
            for prop in book.custom_doc_props.props:
                if prop.name == RETURN.PROPERTY_PREFIX + key:
                    prop.value = value

    return change


def test_template_outdated(good: Path) -> None:
    """A return of an unknown layout version: template-outdated."""
    path = edit(good, _set_meta("template_version", "0"))
    assert codes(check(path)) == [("template-outdated", None)]


def test_metadata_missing(good: Path) -> None:
    """The hidden sheet deleted: metadata-missing; with the notice the tasks are still checked."""
    path = edit(good, lambda book: book.remove(book[META]))
    assert codes(check(path)) == [("metadata-missing", None)]
    assert codes(check(path, notice=NOTICE)) == [("metadata-missing", None)]
    assert "--notice" in check(path).issues[0].message


def test_copied_into_new_file(tmp_path: Path, good: Path) -> None:
    """The content pasted into a fresh workbook: metadata-missing, tasks checked by the notice."""
    source = entry(load_workbook(good))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = ENTRY
    for row in source.iter_rows(values_only=True):
        sheet.append(row)
    path = tmp_path / "章贡区-复制.xlsx"
    book.save(path)
    report = check(path, notice=NOTICE)
    assert codes(report, "code") == [
        ("metadata-missing",),
        ("protection-removed",),
        ("validation-removed",),
    ]
    assert report.unit == "章贡区"


def test_metadata_mismatch(good: Path) -> None:
    """The hidden sheet names another unit than the file properties: metadata-mismatch."""
    path = edit(good, _set_meta("unit_id", "nankang", properties=False))
    assert ("metadata-mismatch", None) in codes(check(path))


def test_signature_missing(tmp_path: Path) -> None:
    """An unsigned return checked with a key: signature-missing."""
    path = filled(tmp_path)
    assert codes(check(path, key=KEY)) == [("signature-missing", None)]
    assert codes(check(path)) == []


def test_signature_invalid_other_key(good: Path) -> None:
    """A return signed with another key: signature-invalid, naming both key ids."""
    report = check(good, key=OTHER_KEY)
    assert codes(report) == [("signature-invalid", None)]
    assert KEY.id in report.issues[0].message
    assert OTHER_KEY.id in report.issues[0].message


def test_signature_invalid_forged_unit(good: Path) -> None:
    """Metadata rewritten to claim another unit: the signature no longer fits."""
    path = edit(good, _set_meta("unit_id", "nankang"))
    report = check(path, key=KEY)
    assert ("signature-invalid", None) in codes(report)
    assert "签名与报送表的内容不符" in report.issues[0].message


def test_unit_mismatch_cell(good: Path) -> None:
    """The pre-filled unit overwritten with another unit: unit-mismatch at B3."""
    path = edit(good, lambda book: entry(book).__setitem__(field_cell("unit"), "南康区"))
    assert codes(check(path)) == [("unit-mismatch", field_cell("unit"))]


def test_unit_mismatch_file_name(tmp_path: Path, good: Path) -> None:
    """章贡区's return saved under 南康区's name: unit-mismatch."""
    path = tmp_path / "02-南康区-落实情况报送表.xlsx"
    shutil.copy(good, path)
    report = check(path)
    assert codes(report) == [("unit-mismatch", None)]
    assert "南康区" in report.issues[0].message


# -- the sheet --------------------------------------------------------------


def test_sheet_missing(good: Path) -> None:
    """The entry sheet deleted: sheet-missing."""
    path = edit(good, lambda book: book.remove(book[ENTRY]))
    assert codes(check(path)) == [("sheet-missing", None)]


def test_header_changed(good: Path) -> None:
    """A header label renamed: header-changed at that cell."""
    header = RETURN.column("progress").cell(RETURN.HEADER_ROW)
    path = edit(good, lambda book: entry(book).__setitem__(header, "完成情况"))
    report = check(path)
    assert codes(report) == [("header-changed", header)]
    assert RETURN.label("progress") in report.issues[0].message


def test_protection_removed(good: Path) -> None:
    """Sheet protection switched off: protection-removed (a warning)."""
    path = edit(good, lambda book: setattr(entry(book).protection, "sheet", False))
    report = check(path)
    assert codes(report, "code", "severity") == [("protection-removed", "warning")]
    assert report.valid


def test_validation_removed(good: Path) -> None:
    """The status drop-down deleted: validation-removed (a warning)."""

    def drop(book: Workbook) -> None:
        rules = entry(book).data_validations.dataValidation
        rules[:] = [rule for rule in rules if rule.type != "list"]

    assert codes(check(edit(good, drop))) == [("validation-removed", None)]


# -- task rows --------------------------------------------------------------


def test_task_row_missing(good: Path) -> None:
    """A task row deleted: task-row-missing naming the task."""
    path = edit(good, lambda book: entry(book).delete_rows(RETURN.FIRST_ROW + 2))
    report = check(path)
    assert codes(report, "code", "task") == [("task-row-missing", "三")]
    assert "（三）" in report.issues[0].message
    assert codes(check(path, notice=NOTICE), "code", "task") == [("task-row-missing", "三")]


def test_task_row_added(good: Path) -> None:
    """A row the unit added: task-row-added."""

    def add(book: Workbook) -> None:
        sheet = entry(book)
        sheet[task_cell("number", 13)] = "（十三）"
        sheet[task_cell("status", 13)] = "已完成"

    assert codes(check(edit(good, add))) == [("task-row-added", task_cell("number", 13))]


def test_task_row_duplicated(good: Path) -> None:
    """A task row copied below the table: task-row-duplicated."""

    def copy(book: Workbook) -> None:
        sheet = entry(book)
        for column in RETURN.COLUMNS:
            sheet[task_cell(column.key, 13)] = sheet[task_cell(column.key)].value

    report = check(edit(good, copy))
    assert codes(report, "code", "task") == [("task-row-duplicated", "一")]
    assert f"{RETURN.FIRST_ROW}、{RETURN.FIRST_ROW + 12}" in report.issues[0].message


def test_task_edited(good: Path) -> None:
    """Task text changed: task-edited; with the notice, at the exact cell with the old text."""

    def change(book: Workbook) -> None:
        sheet = entry(book)
        sheet[task_cell("content", 2)] = "（已删改）"
        sheet[task_cell("role", 8)] = "配合"

    path = edit(good, change)
    assert codes(check(path), "code", "task") == [("task-edited", "二"), ("task-edited", "八")]
    report = check(path, notice=NOTICE)
    assert codes(report) == [
        ("task-edited", task_cell("content", 2)),
        ("task-edited", task_cell("role", 8)),
    ]
    assert "原为“牵头”" in report.issues[1].message


# -- entries ----------------------------------------------------------------


def _set(cell: str, value: object) -> Callable[[Workbook], None]:
    def change(book: Workbook) -> None:
        target = entry(book)[cell]
        target.value = value
        if isinstance(value, str) and not value.startswith("=="):
            target.data_type = "s" if not value.startswith("=") else "f"

    return change


def test_missing_status_and_progress(good: Path) -> None:
    """Empty status and narrative: missing-value at each cell."""
    path = edit(edit(good, _set(task_cell("status"), None)), _set(task_cell("progress", 2), None))
    assert codes(check(path), "code", "cell", "task") == [
        ("missing-value", task_cell("status"), "一"),
        ("missing-value", task_cell("progress", 2), "二"),
    ]


def test_not_applicable_needs_no_narrative(good: Path) -> None:
    """不涉及 with an empty narrative, or with 无, is fine."""
    path = edit(edit(good, _set(task_cell("status"), "不涉及")), _set(task_cell("progress"), None))
    path = edit(path, _set(task_cell("status", 2), "不涉及"), "b.xlsx")
    path = edit(path, _set(task_cell("progress", 2), "无"), "c.xlsx")
    assert codes(check(path)) == []


def test_value_not_in_list(good: Path) -> None:
    """A status typed by hand: value-not-in-list; spaces around a valid one are fine."""
    path = edit(good, _set(task_cell("status"), "完成了"))
    path = edit(path, _set(task_cell("status", 2), " 已完成\u3000"), "b.xlsx")
    assert codes(check(path)) == [("value-not-in-list", task_cell("status"))]


@pytest.mark.parametrize("text", ["无", "略", "同上", "/", "略。"])
def test_placeholder_text(good: Path, text: str) -> None:
    """A placeholder instead of a narrative: placeholder-text."""
    assert codes(check(edit(good, _set(task_cell("progress", 3), text)))) == [
        ("placeholder-text", task_cell("progress", 3))
    ]


def test_text_too_short(good: Path) -> None:
    """A narrative too short to say anything: text-too-short (a warning)."""
    report = check(edit(good, _set(task_cell("progress", 3), "已落实")))
    assert codes(report, "code", "severity") == [("text-too-short", "warning")]


def test_formula_in_entry(good: Path) -> None:
    """A formula, or text that looks like one, in an entry: formula-in-entry (a warning)."""

    def change(book: Workbook) -> None:
        sheet = entry(book)
        sheet[task_cell("evidence")] = '=HYPERLINK("http://example.invalid","点击")'
        sheet[task_cell("problems", 2)] = "+cmd(1)"
        sheet[task_cell("problems", 2)].data_type = "s"

    report = check(edit(good, change))
    assert codes(report, "code", "cell", "severity") == [
        ("formula-in-entry", task_cell("evidence"), "warning"),
        ("formula-in-entry", task_cell("problems", 2), "warning"),
    ]


@pytest.mark.parametrize("text", ["+cmd|' /C calc'!A0", "-2+3", "+1", "@SUM(A1)", "\t制表符开头"])
def test_one_rule_for_formula_text(good: Path, text: str) -> None:
    """Whatever the summary writer quote-prefixes, validate warns about: one rule (FORMULA_STARTS)."""

    def change(book: Workbook) -> None:
        cell = entry(book)[task_cell("problems")]
        cell.value = text
        cell.data_type = "s"

    report = check(edit(good, change))
    assert codes(report, "code", "cell") == [("formula-in-entry", task_cell("problems"))]
    assert starts_like_formula(text)
    assert reminders_csv_cell(text) == "'" + text


def test_blank_date_and_reviewer_are_findings(good: Path) -> None:
    """填报日期 and 审核人 are required like 联系人 (the 填报步骤 asks for all four)."""
    path = edit(edit(good, _set(field_cell("date"), None)), _set(field_cell("reviewer"), None))
    assert codes(check(path), "code", "cell", "severity") == [
        ("missing-value", field_cell("reviewer"), "error"),
        ("missing-value", field_cell("date"), "error"),
    ]
    steps = "".join(RETURN.GUIDE_STEPS)
    required = [field.label for field in RETURN.entry_fields if field.required]
    assert all(label in steps for label in required)


def test_missing_contact_and_phone(good: Path) -> None:
    """Empty 联系人 and 联系电话: missing-value at F3 and H3."""
    path = edit(edit(good, _set(field_cell("contact"), None)), _set(field_cell("phone"), None))
    assert codes(check(path)) == [
        ("missing-value", field_cell("contact")),
        ("missing-value", field_cell("phone")),
    ]


@pytest.mark.parametrize("phone", ["12345", "0797-89920", "电话号码"])
def test_phone_malformed(good: Path, phone: str) -> None:
    """A phone number that cannot be one: phone-malformed (a warning)."""
    assert codes(check(edit(good, _set(field_cell("phone"), phone)))) == [
        ("phone-malformed", field_cell("phone"))
    ]


@pytest.mark.parametrize(
    "phone",
    ["13912345678", "0797-8992059", "(0797)8992059", "8992059", "0797-8992059、13912345678"],
)
def test_phone_accepted(good: Path, phone: str) -> None:
    """Mobile, landline with or without area code, and two numbers are all fine."""
    assert codes(check(edit(good, _set(field_cell("phone"), phone)))) == []


def test_date_after_deadline(good: Path) -> None:
    """A filling date after the deadline: date-after-deadline (a warning)."""
    report = check(edit(good, _set(field_cell("date"), dt.datetime(2024, 7, 8))))
    assert codes(report, "code", "cell", "severity") == [
        ("date-after-deadline", field_cell("date"), "warning")
    ]
    assert "2024年7月5日" in report.issues[0].message  # dates as official documents print them


@pytest.mark.parametrize("value", ["2024年7月1日", "2024/7/1", "2024.07.01"])
def test_dates_typed_as_text(good: Path, value: str) -> None:
    """Dates typed as text in the usual Chinese forms are understood."""
    assert codes(check(edit(good, _set(field_cell("date"), value)))) == []


def test_date_invalid(good: Path) -> None:
    """A date that is no date: date-invalid (a warning)."""
    assert codes(check(edit(good, _set(field_cell("date"), "七月初")))) == [
        ("date-invalid", field_cell("date"))
    ]


def test_every_return_code_is_tested() -> None:
    """Each code of the topic 'return' appears in a test of this file."""
    source = Path(__file__).read_text(encoding="utf-8")
    for issue_type in issue_types("return"):
        assert f'"{issue_type.code}"' in source, issue_type.code


# -- batches, in memory, annotation -----------------------------------------


def test_batch_goes_on_after_bad_files(tmp_path: Path, good: Path) -> None:
    """A folder with good, bad and foreign files: every path reported, lock files and PDFs not read."""
    folder = tmp_path / "returns"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(good, folder / "章贡区.xlsx")
    (folder / "sub" / "bad.xlsx").write_bytes(b"garbage")
    (folder / "~$章贡区.xlsx").write_bytes(b"lock")
    (folder / "盖章扫描件.pdf").write_bytes(b"%PDF")
    filled(folder / "sub", "南康区", key=KEY)
    report = validate_paths([folder], key=KEY)
    assert [Path(f.path).name for f in report.files] == [
        "bad.xlsx",
        "南康区-已填.xlsx",
        "~$章贡区.xlsx",
        "盖章扫描件.pdf",
        "章贡区.xlsx",
    ]
    assert [f.valid for f in report.files] == [False, True, True, True, True]
    assert [f.flatten("code") for f in report.files[2:4]] == [[("path-not-read",)]] * 2
    assert "临时锁定文件" in report.files[2].issues[0].message
    assert "不是表格文件" in report.files[3].issues[0].message
    assert not report.valid
    assert report.notes == (
        "未指定通知：按报送表自带的标记核对；如需确认都属于本次通知，请加 --notice。",
    )


def test_notes_say_forgery_cannot_be_ruled_out(good: Path) -> None:
    """Without a key the report says forgery cannot be ruled out."""
    report = validate_paths([good], notice=NOTICE)
    assert len(report.notes) == 1
    assert "无法排除有人伪造" in report.notes[0]


def test_same_checks_on_a_workbook_in_memory(good: Path) -> None:
    """An openpyxl workbook in memory gives the same issues as its file."""
    book = load_workbook(good)
    entry(book)[task_cell("status", 3)] = "完成了"
    entry(book)[field_cell("phone")] = None
    in_memory = check_return(read_workbook(book, str(good)), CheckContext(notice=NOTICE, key=KEY))
    buffer = io.BytesIO()
    book.save(buffer)
    saved = good.with_name("saved.xlsx")
    saved.write_bytes(buffer.getvalue())
    on_disk = check_return(read_return(saved), CheckContext(notice=NOTICE, key=KEY))
    assert (
        codes(in_memory)
        == codes(on_disk)
        == [("value-not-in-list", task_cell("status", 3)), ("missing-value", field_cell("phone"))]
    )


def test_read_workbook_refuses_other_objects() -> None:
    """read_workbook wants an openpyxl workbook."""
    with pytest.raises(TypeError, match="openpyxl Workbook"):
        read_workbook("not a workbook")


def test_read_problem_is_an_issue(tmp_path: Path) -> None:
    """read_return raises ReturnReadError, which becomes one located issue."""
    path = tmp_path / "x.xlsx"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(ReturnReadError) as caught:
        read_return(path)
    assert caught.value.issue(str(path)).code == "file-not-xlsx"


def test_annotate_marks_cells_and_lists_issues(tmp_path: Path, good: Path) -> None:
    """The annotated copy colours and comments problem cells and lists every issue first."""
    path = edit(edit(good, _set(task_cell("status"), "完成了")), _set(field_cell("phone"), None))
    before = path.read_bytes()
    [report] = validate_paths([path]).files
    out = annotate(report, tmp_path / "批注")
    assert out is not None
    assert out.name == f"{path.stem}{ANNOTATION.SUFFIX}.xlsx"
    assert path.read_bytes() == before  # the input is never modified
    book = load_workbook(out)
    assert book.sheetnames[ANNOTATION.POSITION] == ANNOTATION.SHEET
    rows = book[ANNOTATION.SHEET].iter_rows(min_row=TABLE.HEADER_ROW + 1, values_only=True)
    listed = [row[ANNOTATION.column("code").index] for row in rows]
    assert listed == [code_label("value-not-in-list"), code_label("missing-value")]
    assert listed[0].endswith(" [value-not-in-list]")
    assert not listed[0].startswith("value")  # the code after its Chinese name
    cell = book[ENTRY][task_cell("status")]
    assert cell.comment is not None
    assert "完成了" in cell.comment.text
    assert cell.fill.fgColor.rgb.endswith(ANNOTATION.ERROR_FILL)
    assert annotate(validate_paths([good]).files[0], tmp_path / "批注") is None


def test_collect_files_keeps_order_and_names_noise(tmp_path: Path) -> None:
    """Folders give their paths sorted; what is not read says why; a file named twice is read once."""
    for name in ("b.xlsx", "a.xlsx", "c.txt", "分发清单.xlsx", ".hidden.xlsx"):
        (tmp_path / name).write_bytes(b"")
    found = collect_jobs([tmp_path, tmp_path / "a.xlsx"])
    read = [job.path.name for job in found if not job.skip]
    assert read == ["a.xlsx", "b.xlsx"]
    skipped = {job.path.name: job.skip for job in found if job.skip}
    assert skipped == {
        ".hidden.xlsx": "隐藏文件",
        "c.txt": "不是表格文件（报送表应为 .xlsx；盖章扫描件等附件不需要核对）",
        "分发清单.xlsx": "gzgk 生成的分发清单，不是报送表",
        "a.xlsx": f"与“{tmp_path / 'a.xlsx'}”是同一个文件，未重复读取",
    }


@pytest.mark.parametrize(
    ("given", "skipped"),
    [
        (["报回", "报回"], {"报回"}),
        (["报回/第一批", "报回"], {"报回/第一批"}),
        (["报回", "报回/第一批"], {"报回/第一批"}),
    ],
)
def test_a_folder_given_twice_is_read_once(
    tmp_path: Path, given: list[str], skipped: set[str]
) -> None:
    """The same folder twice, or a folder and one inside it: each file is read once.

    The folder met the second time is one line saying so (not every file in
    it again, counted as received and not read).
    """
    first = tmp_path / "报回" / "第一批"
    first.mkdir(parents=True)
    for name in ("a.xlsx", "b.xlsx"):
        (first / name).write_bytes(b"")
    (tmp_path / "报回" / "c.xlsx").write_bytes(b"")
    found = collect_jobs([tmp_path / path for path in given])
    read = sorted(job.path.relative_to(tmp_path).as_posix() for job in found if not job.skip)
    assert read == ["报回/c.xlsx", "报回/第一批/a.xlsx", "报回/第一批/b.xlsx"]
    again = [job for job in found if job.skip]
    assert {job.path.relative_to(tmp_path).as_posix() for job in again} == skipped
    assert all("已经读过的文件夹" in job.skip for job in again)


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links and FIFOs are POSIX here")
def test_nothing_under_a_folder_is_skipped_in_silence(tmp_path: Path, good: Path) -> None:
    """A linked folder is read once (a loop is named), FIFOs, dead links, odd folders are named."""
    outside = tmp_path / "县区报回"
    outside.mkdir()
    shutil.copy(good, outside / "章贡区.xlsx")
    folder = tmp_path / "报回"
    folder.mkdir()
    (folder / "县区").symlink_to(outside)  # a real return lives behind the link
    (outside / "回到上级").symlink_to(folder)  # and a loop back
    os.mkfifo(folder / "管道.xlsx")
    (folder / "失效链接.xlsx").symlink_to(tmp_path / "不存在.xlsx")
    (folder / "看似文件.xlsx").mkdir()
    report = validate_paths([folder], workers=1)
    by_name = {Path(f.path).relative_to(folder).as_posix(): f for f in report.files}
    assert by_name["县区/章贡区.xlsx"].valid
    assert by_name["县区/章贡区.xlsx"].flatten("code") == []
    reasons = {
        name: file.issues[0].message
        for name, file in by_name.items()
        if file.flatten("code") == [("path-not-read",)]
    }
    assert reasons == {
        "县区/回到上级": "未读取：链接指向已经读过的文件夹（循环或重复），未重复读取",
        "管道.xlsx": "未读取：命名管道（FIFO），不是普通文件",
        "失效链接.xlsx": "未读取：链接指向的文件不存在或无法访问（文件或文件夹不存在）",
        "看似文件.xlsx": "未读取：名字像表格文件的文件夹，不是文件（其中的文件另行列出）",
    }


def test_reader_abort_on_a_failed_allocation_is_one_issue(tmp_path: Path, good: Path) -> None:
    """A file that makes its reader abort on a failed allocation: file-memory-exceeded, alone."""
    folder = tmp_path / "returns"
    folder.mkdir()
    bomb = crashing(folder)
    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from gzgk.excel.read import read_return; read_return({str(bomb)!r})",
        ],
        capture_output=True,
        check=False,
    )
    assert killed.returncode == -signal.SIGABRT  # really a file that takes its reader down
    shutil.copy(good, folder / "章贡区.xlsx")
    report = validate_paths([folder], key=KEY)
    assert [(Path(f.path).name, f.valid) for f in report.files] == [
        (bomb.name, False),
        ("章贡区.xlsx", True),
    ]
    [issue] = report.files[0].issues
    assert issue.code == "file-memory-exceeded"
    assert "SIGABRT" in issue.message
    assert "memory allocation" in issue.message  # the reader's last words, not a traceback


@pytest.mark.skipif(not supported(), reason="workers are found through /proc")
def test_killed_reader_is_one_issue(good: Path, tmp_path: Path) -> None:
    """A worker killed from outside (as the kernel's OOM killer does): file-reader-crashed.

    The worker reading a named pipe nobody writes to is found and sent SIGKILL;
    the other file is read normally.
    """
    stalled = tmp_path / "网络盘.xlsx"
    os.mkfifo(stalled)
    killed: list[int] = []

    def kill_the_stalled_worker() -> None:
        deadline = time.monotonic() + 60
        while not killed and time.monotonic() < deadline:
            for pid in workers_of(os.getpid()):
                if wchan(pid) == "wait_for_partner":  # blocked opening the pipe
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
            time.sleep(0.05)

    killer = threading.Thread(target=kill_the_stalled_worker)
    killer.start()
    report = validate_paths([good, stalled], key=KEY, limits=Limits(seconds=120), workers=1)
    killer.join()
    assert killed
    assert [(Path(f.path).name, f.valid) for f in report.files] == [
        (good.name, True),
        (stalled.name, False),
    ]
    [issue] = report.files[1].issues
    assert issue.code == "file-reader-crashed"
    assert "SIGKILL" in issue.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_hanging_file_is_ended(tmp_path: Path, good: Path) -> None:
    """A file whose reading never ends (a pipe nobody writes to): ended after the budget, file-too-slow."""
    stalled = tmp_path / "网络盘.xlsx"
    os.mkfifo(stalled)
    done = subprocess.run(
        [GZGK, "validate", str(good), str(stalled), "--time-limit", "1", "--format", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,  # a hang fails the test instead of stalling the suite
        check=False,
    )
    assert done.returncode == 1, done.stderr
    files = json.loads(done.stdout)["files"]
    assert [(Path(f["path"]).name, f["valid"]) for f in files] == [
        (good.name, True),
        (stalled.name, False),
    ]
    assert [i["code"] for i in files[1]["issues"]] == ["file-too-slow"]


ENTITIES = '<!ENTITY a "ha">' + "".join(
    f'<!ENTITY {chr(98 + i)} "{f"&{chr(97 + i)};" * 10}">' for i in range(8)
)
CUSTOM = (
    '<?xml version="1.0"?><!DOCTYPE Properties [{entities}]>'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    '<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="gzgk_unit_id">'
    "<vt:lpwstr>{value}</vt:lpwstr></property></Properties>"
)


def _forge_properties(good: Path, target: Path, xml: str) -> Path:
    with zipfile.ZipFile(good) as original, zipfile.ZipFile(target, "w") as forged:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "docProps/custom.xml":
                data = xml.encode()
            forged.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    return target


def test_billion_laughs_is_refused(tmp_path: Path, good: Path) -> None:
    """Nested XML entities (a billion laughs) are never expanded: the file is refused as damaged."""
    xml = CUSTOM.format(entities=ENTITIES, value="&i;")
    path = _forge_properties(good, tmp_path / "laughs.xlsx", xml)
    assert validate_paths([path]).flatten("code") == [("file-unreadable",)]


def test_external_entity_is_not_read(tmp_path: Path, good: Path) -> None:
    """An external entity (a file of the machine) in a return is not loaded."""
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容", encoding="utf-8")
    xml = CUSTOM.format(entities=f'<!ENTITY x SYSTEM "{secret.as_uri()}">', value="&x;")
    path = _forge_properties(good, tmp_path / "xxe.xlsx", xml)
    data = read_return(path)
    assert "机密" not in repr(data)
    assert data.properties.get("gzgk_unit_id", "") == ""
