"""Files → :class:`Report`: check a batch of returns, and annotate copies for the units.

One unreadable file is one issue in the report; the batch goes on. Inputs are
only read; annotated copies go to a separate folder, written atomically.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook.workbook import Workbook

from gzgk.files import write_atomic
from gzgk.model import Notice
from gzgk.registry import Registry
from gzgk.report import FileReport, Issue, Report
from gzgk.signing import Key

from . import issues as found
from .checks import CheckContext, check_return
from .generate import DISTRIBUTION_FILE
from .read import Limits, ReturnReadError, read_return

__all__ = [
    "ANNOTATION_SHEET",
    "SPREADSHEET_SUFFIXES",
    "annotate",
    "collect_files",
    "validate_file",
    "validate_paths",
]

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xls", ".et", ".ods")
ANNOTATION_SHEET = "检查结果"
_ERROR_FILL = PatternFill("solid", fgColor="FFC7CE", bgColor="FFC7CE")
_WARNING_FILL = PatternFill("solid", fgColor="FFEB9C", bgColor="FFEB9C")
_NOTE_NO_KEY = (
    "未提供密钥：已用指纹核对任务内容，但无法排除有人伪造报送表"
    "（生成和核对时都用 --key 可以排除）。"
)
_NOTE_NO_NOTICE = "未指定通知：按报送表自带的标记核对；如需确认都属于本次通知，请加 --notice。"


def _skipped(path: Path) -> bool:
    """Lock files of Excel/WPS/LibreOffice, hidden files, and the distribution list."""
    name = path.name
    return name.startswith(("~$", ".~lock", ".")) or name == DISTRIBUTION_FILE


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files to check: named files as given, folders searched for spreadsheets (sorted)."""
    files: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found_files = (
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SPREADSHEET_SUFFIXES and not _skipped(p)
            )
            files.extend(sorted(found_files))
        else:
            files.append(path)
    unique: dict[Path, None] = dict.fromkeys(files)
    return list(unique)


def validate_file(
    path: str | Path, context: CheckContext, limits: Limits | None = None
) -> FileReport:
    """Check one file; any problem, even an unexpected one, becomes an issue."""
    name = str(path)
    try:
        data = read_return(path, limits)
    except ReturnReadError as error:
        return FileReport(path=name, issues=(error.issue(name),))
    except Exception as error:  # noqa: BLE001 - one bad file never stops a batch
        issue = found.FILE_UNREADABLE(path=name, reason=f"意外错误 {type(error).__name__}: {error}")
        return FileReport(path=name, issues=(issue,))
    return check_return(data, context)


def validate_paths(
    paths: Sequence[str | Path],
    *,
    notice: Notice | None = None,
    registry: Registry | None = None,
    key: Key | None = None,
    limits: Limits | None = None,
) -> Report:
    """Check every return found under ``paths``.

    Args:
        paths: files and folders (searched recursively for spreadsheets).
        notice: check that returns belong to this notice, and task text against it.
        registry: the unit registry; the bundled one by default.
        key: the office's key, to verify signatures.
        limits: bounds on reading each file.
    """
    context = CheckContext(registry=registry or Registry.bundled(), notice=notice, key=key)
    reports = tuple(validate_file(path, context, limits) for path in collect_files(paths))
    notes = tuple(
        note
        for note, applies in ((_NOTE_NO_KEY, key is None), (_NOTE_NO_NOTICE, notice is None))
        if applies
    )
    return Report(files=reports, notes=notes)


def _annotation_sheet(book: Workbook, issues: Sequence[Issue]) -> None:
    sheet = book.create_sheet(ANNOTATION_SHEET, 0)
    sheet.append(["级别", "位置", "问题", "代码"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for issue in sorted(issues, key=lambda i: not i.is_error):
        where = "!".join(part for part in (issue.sheet, issue.cell) if part)
        if issue.task:
            where = f"{where}（任务（{issue.task}））" if where else f"任务（{issue.task}）"
        sheet.append([issue.severity.label, where or "整个文件", issue.message, issue.code])
    for letter, width in zip("ABCD", (8, 24, 90, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    book.active = 0


def annotate(report: FileReport, out_dir: str | Path) -> Path | None:
    """A copy of the return with problem cells coloured and commented, and a list of issues.

    Returns the copy's path, or None when the file has no issues or cannot be
    opened (an unreadable file cannot be annotated; its issue says why).
    """
    if not report.issues:
        return None
    source = Path(report.path)
    try:
        book = load_workbook(source)
    except Exception:  # noqa: BLE001 - unreadable files are reported, not annotated
        return None
    for sheet in book.worksheets:
        sheet.sheet_view.tabSelected = False
    for issue in report.issues:
        if not (issue.sheet and issue.cell) or issue.sheet not in book.sheetnames:
            continue
        cell = book[issue.sheet][issue.cell]
        cell.fill = _ERROR_FILL if issue.is_error else _WARNING_FILL
        text = f"{issue.severity.label}：{issue.message} [{issue.code}]"
        if cell.comment is not None:
            text = f"{cell.comment.text}\n{text}"
        cell.comment = Comment(text, "gzgk", width=300, height=120)
    _annotation_sheet(book, report.issues)
    buffer = io.BytesIO()
    book.save(buffer)
    return write_atomic(Path(out_dir) / f"{source.stem}（检查意见）.xlsx", buffer.getvalue())
