"""Files → :class:`Report`: check a batch of returns, and annotate copies for the units.

Each file is read in an isolated worker process (:mod:`gzgk.excel.batch`): one
unreadable, crashing or hanging file is one issue in the report, and the batch
goes on. Inputs are only read; annotated copies go to a separate folder, keep
each return's place in its folder, are written atomically and never replace an
existing file.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath

from openpyxl import load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook.workbook import Workbook

from gzgk.contract import ANNOTATION, FONT, PRINT, RETURN, TABLE
from gzgk.files import write_new
from gzgk.model import Notice
from gzgk.registry import Registry
from gzgk.report import FileReport, Issue, Report, code_label
from gzgk.signing import Key
from gzgk.summary import KeyCheck, Received, RoundCheck

from .batch import Job, Progress, collect_jobs, read_batch, read_received
from .book import note_comment, print_on_a4
from .checks import CheckContext
from .fill import fit_rows
from .read import Limits

__all__ = [
    "NOTE_NO_KEY",
    "annotate",
    "check_files",
    "issue_note",
    "report_of",
    "validate_file",
    "validate_paths",
]

# Public: the buttons say it in the control's terms (gzgk.excel.macros).
NOTE_NO_KEY = (
    "未提供密钥：已用指纹核对任务内容，但无法排除有人伪造报送表"
    "（生成和核对时都用 --key 可以排除）。"
)
_NOTE_NO_NOTICE = "未指定通知：按报送表自带的标记核对；如需确认都属于本次通知，请加 --notice。"
_NOT_ANNOTATABLE = ("file-", "not-a-return")  # no cells to mark, or unsafe to open again


def validate_file(
    path: str | Path, context: CheckContext, limits: Limits | None = None
) -> FileReport:
    """Check one file in this process (no isolation); any problem becomes an issue."""
    file = Path(path)
    return read_received(Job(file, str(path), file.name), context, limits).report


def check_files(
    paths: Sequence[str | Path],
    *,
    notice: Notice | None = None,
    registry: Registry | None = None,
    key: Key | None = None,
    limits: Limits | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    exclude: Iterable[str | Path] = (),
    round: str | None = None,  # noqa: A002 - the word the office uses
) -> tuple[Received, ...]:
    """Read and check every return found under ``paths``, each in an isolated worker.

    Args:
        paths: files and folders (searched recursively for spreadsheets).
        notice: check that returns belong to this notice, and task text against it.
        registry: the unit registry; the bundled one by default.
        key: the office's key, to verify signatures.
        limits: bounds on reading each file (size, cells, seconds).
        workers: worker processes; one per core by default.
        progress: called as ``progress(done, total)`` after each file.
        exclude: files and folders not to read (gzgk's own outputs).
        round: the round the returns should answer; a return of another round
            (or of none) is ``other-round``.

    Returns:
        One record per file, in the order the files were found.

    Raises:
        KeyMismatchError: ``key`` verifies no return and the returns name another key.
        RoundMismatchError: no return is of ``round`` and the returns name another.
    """
    jobs = collect_jobs(paths, exclude)
    order = {job.name: index for index, job in enumerate(jobs)}
    records = read_batch(
        jobs,
        registry=registry or Registry.bundled(),
        notice=notice,
        key=key,
        limits=limits,
        workers=workers,
        progress=progress,
        round=round,
    )
    found = tuple(sorted(records, key=lambda record: order[record.path]))
    keys = KeyCheck(key)
    rounds = RoundCheck(round)
    for record in found:
        keys.see(record)
        rounds.see(record)
    keys.check()
    rounds.check()
    return found


def report_of(
    records: Iterable[Received], *, notice: Notice | None = None, key: Key | None = None
) -> Report:
    """The validation report of checked files, with notes on what could not be checked."""
    notes = tuple(
        note
        for note, applies in ((NOTE_NO_KEY, key is None), (_NOTE_NO_NOTICE, notice is None))
        if applies
    )
    return Report(files=tuple(record.report for record in records), notes=notes)


def validate_paths(
    paths: Sequence[str | Path],
    *,
    notice: Notice | None = None,
    registry: Registry | None = None,
    key: Key | None = None,
    limits: Limits | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    round: str | None = None,  # noqa: A002 - the word the office uses
) -> Report:
    """Check every return found under ``paths`` (see :func:`check_files`)."""
    records = check_files(
        paths,
        notice=notice,
        registry=registry,
        key=key,
        limits=limits,
        workers=workers,
        progress=progress,
        round=round,
    )
    return report_of(records, notice=notice, key=key)


def _where(issue: Issue) -> str:
    return issue.location(with_path=False) or ANNOTATION.WHOLE_FILE


def issue_note(issue: Issue) -> str:
    """The note on a marked cell: severity, message and code."""
    return ANNOTATION.NOTE.format(
        severity=issue.severity.label, message=issue.message, code=issue.code
    )


def _annotation_sheet(book: Workbook, issues: Sequence[Issue], name: str) -> None:
    sheet = book.create_sheet(ANNOTATION.SHEET, ANNOTATION.POSITION)
    thin = Side(style="thin", color=ANNOTATION.BORDER)
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    header = TABLE.HEADER_ROW
    for column in ANNOTATION.COLUMNS:
        cell = sheet.cell(row=header, column=column.index + 1, value=column.label)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = PatternFill("solid", fgColor=TABLE.HEADER_FILL)
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.column_dimensions[column.letter].width = column.width
    sheet.row_dimensions[header].height = PRINT.row_height(
        (column.label, column.width) for column in ANNOTATION.COLUMNS
    )
    ordered = sorted(issues, key=lambda i: not i.is_error)
    for row, issue in enumerate(ordered, start=header + 1):
        values = {
            "severity": issue.severity.label,
            "place": _where(issue),
            "message": issue.message,
            "code": code_label(issue.code),
        }
        for column in ANNOTATION.COLUMNS:
            value = values[column.key]
            cell = sheet.cell(row=row, column=column.index + 1)
            cell.value = value
            cell.data_type = "s"  # messages quote what units wrote: text, never a formula
            cell.font = Font(name=FONT)
            cell.alignment = wrap
            cell.border = border
        sheet.row_dimensions[row].height = PRINT.row_height(
            (values[column.key], column.width) for column in ANNOTATION.COLUMNS
        )
    print_on_a4(sheet, [column.width for column in ANNOTATION.COLUMNS])
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.left.text = name.replace("&", "&&")
    book.active = ANNOTATION.POSITION


def annotate(
    report: FileReport, out_dir: str | Path, *, relative: str | None = None
) -> Path | None:
    """A copy of the return with problem cells coloured and commented, and a list of issues.

    The copy goes to ``out_dir``, under the return's folder inside the folder
    it was found in (``relative``, default the file's name), as
    ``NAME（检查意见）.xlsx``; an existing file is never replaced (the copy is
    then ``NAME（检查意见）（2）.xlsx``). The problem sheet comes first and prints
    on A4 with its header repeated.

    Returns:
        The copy's path, or None when the file has no issues, or none that can
        be shown in it (a file that cannot be opened is reported, not annotated).
    """
    if not report.issues or any(i.code.startswith(_NOT_ANNOTATABLE) for i in report.issues):
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
        colour = ANNOTATION.fill(issue.is_error)
        cell.fill = PatternFill("solid", fgColor=colour, bgColor=colour)
        text = issue_note(issue)
        if cell.comment is not None:
            text = f"{cell.comment.text}\n{text}"
        cell.comment = note_comment(text)
    if RETURN.ENTRY_SHEET in book.sheetnames:
        fit_rows(book[RETURN.ENTRY_SHEET])  # what the unit wrote prints whole
    _annotation_sheet(book, report.issues, source.name)
    buffer = io.BytesIO()
    book.save(buffer)
    place = PurePosixPath(relative or source.name)
    target = Path(out_dir, *place.parent.parts, f"{place.stem}{ANNOTATION.SUFFIX}.xlsx")
    return write_new(target, buffer.getvalue())
