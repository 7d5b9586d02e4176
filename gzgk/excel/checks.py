"""The checks of a return: plain data in, issues out.

:func:`check_return` works on :class:`ReturnData`, whatever read it: a file,
an openpyxl workbook in memory, or a workbook open in Excel. It never touches
a workbook library, never raises for bad content, and reports every problem
with its code, cell and task.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import PurePath

from attrs import field, frozen

from gzgk._text import chinese_date, normalize, read_day, starts_like_formula
from gzgk.contract import RETURN, SUPPORTED_TEMPLATES, TEMPLATE_VERSION
from gzgk.matrix import Matrix
from gzgk.model import Notice, Unit
from gzgk.registry import Registry
from gzgk.report import FileReport, Issue, IssueType
from gzgk.returns import (
    Entry,
    ReturnContent,
    ReturnMeta,
    Signature,
    notice_fingerprint,
    task_fingerprint,
    task_texts,
)
from gzgk.signing import Key, fingerprint

from . import return_issues
from .return_data import CellValue, ReturnData, RowData

__all__ = [
    "CheckContext",
    "Examined",
    "check_return",
    "examine_return",
]

_PLACEHOLDERS = frozenset(
    [
        "无",
        "略",
        "同上",
        "同前",
        "见上",
        "/",
        "\\",
        "-",
        "--",
        "—",
        "——",
        "空",
        "暂无",
        "…",
        "...",
        "0",
        "x",
        "无无",
    ]
)
_MIN_PROGRESS = 10
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"(?:\(0\d{2,3}\)|0\d{2,3}-?)?\d{7,8}(?:(?:转|-|ext\.?)\d{1,6})?")
_PHONE_SEPARATORS = re.compile(r"[、，,;；/]|或")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_RANGE = (30000, 80000)  # Excel date serials of 1982…2119
_MISSING_HINTS = {
    "status": "请点单元格右侧的箭头，从下拉列表中选择",
    "progress": return_issues.PROGRESS_HINT,
    "contact": "请填写本单位经办人姓名",
    "phone": f"请填写经办人的{RETURN.label('phone')}",
    "reviewer": "请填写审核本表的负责人姓名",
    "date": "请填写报送当天的日期，如 2024-07-05（是否按时报送以此为准）",
}


@frozen
class _Expected:
    task_id: str
    label: str
    number: str
    title: str
    fingerprint: str
    texts: tuple[str, ...] | None  # the exact task cells, when the notice is known


def _expected_of(matrix: Matrix, unit: Unit) -> tuple[_Expected, ...]:
    """The task rows a unit's return holds, as the notice gives them."""
    return tuple(
        _Expected(
            task_id=task.id,
            label=task.label,
            number=task.number,
            title=task.title,
            fingerprint=task_fingerprint(task, role),
            texts=task_texts(task, role),
        )
        for task, role in matrix.assignments_of(unit, expand=True)
    )


@frozen(kw_only=True)
class CheckContext:
    """What the office knows when checking: the registry, and maybe the notice, key and round.

    With ``round`` (a round's name), a return that names another round, or
    none, is ``other-round`` and is not taken as a return of this notice.

    Build it once per batch: the notice's matrix and every unit's expected
    task rows are worked out here, complete, not per file.
    """

    registry: Registry = field(factory=Registry.bundled)
    notice: Notice | None = None
    key: Key | None = None
    round: str | None = None
    matrix: Matrix | None = field(init=False)
    notice_print: str = field(init=False)
    _expected: Mapping[str, tuple[_Expected, ...]] = field(init=False, repr=False)

    @matrix.default
    def _matrix(self) -> Matrix | None:
        return Matrix.build(self.notice, self.registry) if self.notice is not None else None

    @notice_print.default
    def _notice_print(self) -> str:
        return notice_fingerprint(self.notice) if self.notice is not None else ""

    @_expected.default
    def _expected_tasks(self) -> Mapping[str, tuple[_Expected, ...]]:
        if self.matrix is None:
            return {}
        return {unit.id: _expected_of(self.matrix, unit) for unit in self.matrix.reporting_units()}

    def expected_tasks(self, unit: Unit) -> tuple[_Expected, ...] | None:
        """The task rows a unit's return must hold (None without a notice)."""
        if self.matrix is None:
            return None
        return self._expected.get(unit.id, ())


@frozen(kw_only=True)
class Examined:
    """A return checked and read: its report and its content."""

    report: FileReport
    content: ReturnContent


def examine_return(data: ReturnData, context: CheckContext | None = None) -> Examined:
    """Check one return and take out what it says.

    Args:
        data: the return, read by any reader.
        context: registry, notice and key; by default the bundled registry only.
    """
    checker = _Checker(data, context or CheckContext())
    checker.run()
    fields = data.fields
    texts = {
        header.key: fields[header.key].verbatim if header.key in fields else ""
        for header in RETURN.entry_fields
        if header.kind == "text"
    }
    date_cell = fields.get("date")
    content = ReturnContent(
        unit=checker.unit,
        unit_name=checker.unit_name,
        belongs=checker.belongs,
        fill_date=_date(date_cell.value) if date_cell is not None and date_cell.text else None,
        entries=checker.entries,
        key_id=checker.meta.get("key_id", "") if checker.meta.get("signature") else "",
        signature=checker.signature,
        round_name=checker.meta.get("round", ""),
        **texts,
    )
    report = FileReport(
        path=data.path, unit=checker.unit_name or None, issues=tuple(checker.issues)
    )
    return Examined(report=report, content=content)


def check_return(data: ReturnData, context: CheckContext | None = None) -> FileReport:
    """Every problem of one return, as a report of issues.

    Args:
        data: the return, read by any reader.
        context: registry, notice and key; by default the bundled registry only.
    """
    return examine_return(data, context).report


class _Checker:
    def __init__(self, data: ReturnData, context: CheckContext) -> None:
        self.data = data
        self.context = context
        self.issues: list[Issue] = []
        self.meta: dict[str, str] = dict(data.meta)
        self.unit: Unit | None = None
        self.unit_name = ""
        self.belongs = False
        self.entries: dict[str, Entry] = {}
        self.signature = Signature.UNCHECKED
        self._entry_keys = tuple(column.key for column in data.table if column.entry)
        self._labels = {column.key: column.label for column in data.table}

    def add(
        self,
        issue_type: IssueType,
        cell: str | None = None,
        *,
        task: str | None = None,
        sheet: str | None = RETURN.ENTRY_SHEET,
        **params: object,
    ) -> None:
        self.issues.append(
            issue_type.make(
                params,
                path=self.data.path or None,
                sheet=sheet if cell else None,
                cell=cell,
                task=task,
            )
        )

    def run(self) -> None:
        if not self._identity():
            return
        self.belongs = True
        if not self.data.has_sheet(RETURN.ENTRY_SHEET):
            self.add(return_issues.SHEET_MISSING, sheet=None, sheet_name=RETURN.ENTRY_SHEET)
            return
        if not self._header():
            return
        self._structure()
        self._rows()
        self._fields()

    # -- what the file is ---------------------------------------------------

    def _identity(self) -> bool:
        data = self.data
        prefix = RETURN.PROPERTY_PREFIX
        properties = {
            k[len(prefix) :]: v for k, v in data.properties.items() if k.startswith(prefix)
        }
        has_meta = data.has_sheet(RETURN.META_SHEET) and bool(self.meta)
        if not data.has_sheet(RETURN.ENTRY_SHEET) and not has_meta and not properties:
            self.add(return_issues.NOT_A_RETURN)
            return False
        self._metadata(properties, has_meta=has_meta)
        version = self.meta.get("template_version", "")
        if version and version not in SUPPORTED_TEMPLATES:
            self.add(
                return_issues.TEMPLATE_OUTDATED,
                found=version,
                supported="、".join(SUPPORTED_TEMPLATES),
            )
            return False
        printed = self.meta.get("notice_fingerprint", "")
        if self.context.notice is not None and printed and printed != self.context.notice_print:
            self.add(return_issues.OTHER_NOTICE, title=self.meta.get("notice_title") or "未知")
            return False
        wanted = self.context.round
        named = self.meta.get("round", "")
        if wanted is not None and normalize(named) != normalize(wanted):
            found = f"“{named}”" if named else "没有注明报送期次（旧版或不分期生成）"
            self.add(return_issues.OTHER_ROUND, found=found, expected=wanted)
            return False
        self._signature(has_meta=has_meta)
        self._unit()
        return True

    def _metadata(self, properties: dict[str, str], *, has_meta: bool) -> None:
        if not has_meta:
            self.meta = dict(properties)
            what = "隐藏工作表和文件属性" if not properties else "隐藏工作表"
            consequence = (
                "已按单位名称和通知核对任务。"
                if self.context.notice is not None
                else "无法核对任务内容是否被改动（核对时加上 --notice 可以核对）。"
            )
            self.add(return_issues.METADATA_MISSING, what=what, consequence=consequence)
            return
        if not properties:
            self.add(
                return_issues.METADATA_MISSING, what="文件属性", consequence="已按隐藏工作表核对。"
            )
            return
        for key, what in RETURN.PROPERTIES.items():
            sheet_value, property_value = self.meta.get(key, ""), properties.get(key, "")
            if sheet_value and property_value and sheet_value != property_value:
                self.add(
                    return_issues.METADATA_MISMATCH,
                    what=what,
                    sheet_value=sheet_value,
                    property_value=property_value,
                )

    def _signature(self, *, has_meta: bool) -> None:
        key = self.context.key
        if key is None:
            return
        signature = self.meta.get("signature", "")
        if not signature:
            self.signature = Signature.MISSING
            self.add(return_issues.SIGNATURE_MISSING)
            return
        self.signature = Signature.INVALID
        if not has_meta:
            self.add(return_issues.SIGNATURE_INVALID, reason="隐藏的任务标记缺失，无法核验签名")
            return
        meta = ReturnMeta(
            template_version=self.meta.get("template_version", TEMPLATE_VERSION),
            notice_fingerprint=self.meta.get("notice_fingerprint", ""),
            notice_title=self.meta.get("notice_title", ""),
            notice_doc_number=self.meta.get("notice_doc_number", ""),
            report_due=self.meta.get("report_due", ""),
            unit_id=self.meta.get("unit_id", ""),
            unit_name=self.meta.get("unit_name", ""),
            key_id=self.meta.get("key_id", ""),
            round=self.meta.get("round", ""),
            tasks=self.data.meta_tasks,
        )
        if key.verify(meta.payload(), signature):
            self.signature = Signature.VERIFIED
            return
        signer = self.meta.get("key_id", "")
        reason = (
            f"签名所用的密钥（标识 {signer}）与本次核对用的密钥（标识 {key.id}）不同"
            if signer and signer != key.id
            else "签名与报送表的内容不符"
        )
        self.add(return_issues.SIGNATURE_INVALID, reason=reason)

    def _unit(self) -> None:
        registry = self.context.registry
        unit_id = self.meta.get("unit_id", "")
        unit_cell = self.data.fields.get("unit")
        written = unit_cell.text if unit_cell else ""
        if unit_id:
            self.unit = next((u for u in registry.units if u.id == unit_id), None)
            self.unit_name = self.meta.get("unit_name") or (
                self.unit.short_name if self.unit else unit_id
            )
            written_unit = registry.find(written) if written else None
            if written and (not isinstance(written_unit, Unit) or written_unit.id != unit_id):
                detail = (
                    f"“{RETURN.label('unit')}”填的是“{written}”，"
                    f"但这份报送表是发给“{self.unit_name}”的"
                )
                self.add(
                    return_issues.UNIT_MISMATCH,
                    unit_cell.cell if unit_cell else None,
                    detail=detail,
                )
        else:
            candidate = registry.find(written) if written else None
            self.unit = candidate if isinstance(candidate, Unit) else None
            self.unit_name = self.unit.short_name if self.unit else written
        self._file_name()

    def _file_name(self) -> None:
        if not self.data.path or not self.unit_name:
            return
        file = PurePath(self.data.path)
        named = self.context.registry.named_in(file.stem)
        if named and (self.unit is None or self.unit not in named):
            name = file.name
            detail = (
                f"文件名“{name}”中的单位是“{named[0].short_name}”，但报送表属于“{self.unit_name}”"
            )
            self.add(return_issues.UNIT_MISMATCH, detail=detail)

    # -- the sheet ----------------------------------------------------------

    def _header(self) -> bool:
        data = self.data
        if data.header_row is None:
            self.add(
                return_issues.HEADER_CHANGED,
                column=1,
                expected=RETURN.COLUMNS[0].label,
                found="（找不到表头）",
            )
            return False
        ok = True
        for index, (column, label) in enumerate(zip(data.table, data.header, strict=False)):
            if normalize(label) != normalize(column.label):
                self.add(
                    return_issues.HEADER_CHANGED,
                    column.cell(data.header_row),
                    column=index + 1,
                    expected=column.label,
                    found=label or "（空）",
                )
                ok = False
        return ok

    def _structure(self) -> None:
        if self.data.protected is False:
            self.add(return_issues.PROTECTION_REMOVED, sheet_name=RETURN.ENTRY_SHEET)
        if self.data.status_list is False and self.data.rows:
            self.add(return_issues.VALIDATION_REMOVED, choices="、".join(RETURN.STATUSES))

    # -- rows ---------------------------------------------------------------

    def _expected(self) -> Sequence[_Expected] | None:
        if self.context.matrix is not None and self.unit is not None:
            return self.context.expected_tasks(self.unit)
        if self.data.meta_tasks:
            return [
                _Expected(
                    task_id=task.task_id,
                    label=f"（{task.number}）",
                    number=task.number,
                    title="",
                    fingerprint=task.fingerprint,
                    texts=None,
                )
                for task in self.data.meta_tasks
            ]
        return None

    def _rows(self) -> None:
        expected = self._expected()
        by_label = {normalize(item.label): item for item in expected or []}
        seen: dict[str, RowData] = {}
        for row in self.data.rows:
            label = normalize(row.text("number"))
            item = by_label.get(label)
            if item is None:
                if expected is not None:
                    number = row.text("number") or "（空）"
                    self.add(
                        return_issues.TASK_ROW_ADDED,
                        row.cell("number"),
                        row=row.row,
                        number=number,
                    )
                else:
                    self._entries(row, None)
                continue
            if label in seen:
                rows = f"{seen[label].row}、{row.row}"
                self.add(
                    return_issues.TASK_ROW_DUPLICATED,
                    row.cell("number"),
                    task=item.number,
                    label=item.label,
                    rows=rows,
                )
                continue
            seen[label] = row
            self._task_text(row, item)
            self._entries(row, item)
            self.entries[item.task_id] = Entry(
                **{key: row.verbatim(key) for key in self._entry_keys}
            )
        for label, item in by_label.items():
            if label not in seen:
                self.add(
                    return_issues.TASK_ROW_MISSING,
                    task=item.number,
                    label=item.label,
                    title=item.title or "见通知",
                )

    def _task_text(self, row: RowData, item: _Expected) -> None:
        texts = tuple(row.text(key) for key in RETURN.TASK_TEXT)
        if texts == item.texts or fingerprint(*texts) == item.fingerprint:
            return  # the exact text as sent (the fingerprint only when the notice is unknown)
        if item.texts is None:
            self.add(
                return_issues.TASK_EDITED,
                row.cell("content"),
                task=item.number,
                label=item.label,
                column=f"{RETURN.label('content')}等灰色单元格",
                detail="",
            )
            return
        for key, found_text, expected_text in zip(RETURN.TASK_TEXT, texts, item.texts, strict=True):
            if found_text.strip() != expected_text.strip():
                detail = f"（原为“{_short(expected_text)}”）" if key != "content" else ""
                self.add(
                    return_issues.TASK_EDITED,
                    row.cell(key),
                    task=item.number,
                    label=item.label,
                    column=RETURN.label(key),
                    detail=detail,
                )

    def _entries(self, row: RowData, item: _Expected | None) -> None:
        task = item.number if item else None
        status_text = row.text("status")
        status = normalize(status_text)
        if not status:
            self.add(
                return_issues.MISSING_VALUE,
                row.cell("status"),
                task=task,
                field=RETURN.label("status"),
                hint=_MISSING_HINTS["status"],
            )
        elif status not in RETURN.STATUSES:
            self.add(
                return_issues.VALUE_NOT_IN_LIST,
                row.cell("status"),
                task=task,
                field=RETURN.label("status"),
                value=status_text,
                choices="、".join(RETURN.STATUSES),
            )
        progress_text = row.text("progress")
        progress = normalize(progress_text)
        not_applicable = status == RETURN.NOT_APPLICABLE
        if not progress and not not_applicable:
            self.add(
                return_issues.MISSING_VALUE,
                row.cell("progress"),
                task=task,
                field=RETURN.label("progress"),
                hint=_MISSING_HINTS["progress"],
            )
        elif progress and not not_applicable and progress.rstrip("。.，,") in _PLACEHOLDERS:
            self.add(
                return_issues.PLACEHOLDER_TEXT,
                row.cell("progress"),
                task=task,
                value=progress_text,
            )
        elif (
            progress
            and not not_applicable
            and len(progress) < _MIN_PROGRESS
            and not row.is_formula("progress")
        ):
            self.add(
                return_issues.TEXT_TOO_SHORT,
                row.cell("progress"),
                task=task,
                length=len(progress),
                value=progress_text,
            )
        if self.data.carries_previous:
            self._news(row, task)
        for key in self._entry_keys:
            if row.is_formula(key) or starts_like_formula(row.verbatim(key)):
                self._formula(row.value(key), self._labels[key], task)

    def _news(self, row: RowData, task: str | None) -> None:
        """本期是否有新进展: required, 是 or 否; 是 with last round's words is doubted."""
        cell = row.cell("news")
        label = self._labels["news"]
        text = row.text("news")
        news = normalize(text)
        if not news:
            self.add(
                return_issues.MISSING_VALUE,
                cell,
                task=task,
                field=label,
                hint="与上期相比有新进展的选“是”并更新落实情况，确无新进展的选“否”",
            )
        elif news not in RETURN.NEWS:
            self.add(
                return_issues.VALUE_NOT_IN_LIST,
                cell,
                task=task,
                field=label,
                value=text,
                choices="、".join(RETURN.NEWS),
            )
        elif news == RETURN.NEWS[0] and all(
            row.text(f"previous:{key}")
            and normalize(row.text(key)) == normalize(row.text(f"previous:{key}"))
            for key in ("status", "progress")
        ):
            self.add(return_issues.NEWS_BUT_UNCHANGED, cell, task=task)

    def _formula(self, cell: CellValue, label: str, task: str | None) -> None:
        if cell.is_formula or starts_like_formula(cell.verbatim):
            self.add(
                return_issues.FORMULA_IN_ENTRY,
                cell.cell,
                task=task,
                field=label,
                value=_short(cell.verbatim) or "公式",
            )

    # -- header block -------------------------------------------------------

    def _fields(self) -> None:
        fields = self.data.fields
        for header in RETURN.entry_fields:
            cell = fields[header.key]
            if header.required and not normalize(cell.text):
                self.add(
                    return_issues.MISSING_VALUE,
                    cell.cell,
                    field=header.label,
                    hint=_MISSING_HINTS[header.key],
                )
        phone = fields["phone"]
        if normalize(phone.text) and not _phone_ok(phone.text):
            self.add(return_issues.PHONE_MALFORMED, phone.cell, value=phone.text)
        for header in RETURN.entry_fields:
            self._formula(fields[header.key], header.label, None)
        date_cell = fields["date"]
        if not date_cell.text:
            return
        date = _date(date_cell.value)
        if date is None:
            self.add(return_issues.DATE_INVALID, date_cell.cell, value=date_cell.text)
            return
        due = self._due()
        if due is not None and date > due:
            self.add(
                return_issues.DATE_AFTER_DEADLINE,
                date_cell.cell,
                date=chinese_date(date),
                due=chinese_date(due),
            )

    def _due(self) -> dt.date | None:
        if self.context.notice is not None:
            return self.context.notice.report_due
        try:
            return dt.date.fromisoformat(self.meta.get("report_due", ""))
        except ValueError:
            return None


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _phone_ok(text: str) -> bool:
    numbers = [part for part in _PHONE_SEPARATORS.split(normalize(text).replace("－", "-")) if part]
    return bool(numbers) and all(_MOBILE.fullmatch(n) or _LANDLINE.fullmatch(n) for n in numbers)


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        low, high = _SERIAL_RANGE
        return _EXCEL_EPOCH + dt.timedelta(days=int(value)) if low <= value <= high else None
    return read_day(str(value))
