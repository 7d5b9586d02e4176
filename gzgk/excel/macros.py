"""The buttons of the 政务公开 tab: each reads the control sheet, calls the core, writes back.

Every macro is a function of a :class:`Run` (the control workbook, and for
校验当前工作簿 the workbook the user has open) returning an :class:`Outcome`: a
short Chinese message for the message box and lines for the 日志 sheet. The
same macros run from the Excel add-in (:func:`run`, through xlwings'
``RunPython``) and from a terminal on WPS and Linux desktops
(:func:`run_file`, ``gzgk excel run MACRO CONTROL.xlsx``), where the workbook is
read and written with openpyxl. An expected problem (an empty parameter, a
folder that does not exist, a return with errors) is a message; an unexpected
one writes its traceback to a log file that the message names.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.metadata
import io
import os
import platform
import re
import sys
import traceback
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen
from packaging.version import Version

import gzgk
from gzgk import render
from gzgk._text import chinese_date, normalize, read_day
from gzgk.comparison import Previous, PreviousMismatchError
from gzgk.contract import ADDIN, ANNOTATION, CONTROL, RETURN, SUMMARY
from gzgk.errors import (
    GzgkError,
    KeyMismatchError,
    OutputRefusedError,
    RoundMismatchError,
    UnknownRoundError,
)
from gzgk.files import write_atomic
from gzgk.history import History, HistoryError, HistoryRound, HistoryUnitsDroppedError
from gzgk.matrix import Matrix
from gzgk.model import Notice, Round
from gzgk.outputs import DOCUMENT, FOLDER, HISTORY, WORKBOOK, Output, OutputSet, check_outputs
from gzgk.registry import Registry
from gzgk.report import FileReport, code_label
from gzgk.rounds import RoundsFormatError, select_round
from gzgk.signing import Key
from gzgk.sources import read_notice
from gzgk.summary import Summary
from gzgk.workers import log_folder

from .book import Book, FileBook, LiveBook, Mark
from .checks import CheckContext, check_return
from .read import Limits
from .validate import NOTE_NO_KEY, annotate, check_files, issue_note, report_of
from .writer import Value

__all__ = [
    "MACROS",
    "ControlCellError",
    "HistoryBlockedError",
    "Macro",
    "MacroInputError",
    "Outcome",
    "Parameters",
    "RoundNotReplacedError",
    "Run",
    "control_candidates",
    "execute",
    "python_check",
    "run",
    "run_file",
    "run_in_excel",
]

_INSTALL_HINT = "请重新运行安装包中的 install.cmd（安装包用 gzgk excel bundle 生成）"


class MacroInputError(GzgkError):
    """Something the user can fix (an empty parameter, a missing folder): shown as a message."""

    code = "macro-input"


class ControlCellError(MacroInputError):
    """A refusal of the core told in the control's terms (its cells, its buttons), same code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@frozen(kw_only=True)
class Outcome:
    """What a button did: a short message for the message box, and lines for the log."""

    ok: bool
    message: str
    details: tuple[str, ...] = ()


@frozen(kw_only=True)
class Run:
    """What one press of a button works on.

    Attributes:
        control: the control workbook (parameters in, results and log out);
            None when no open workbook has a control sheet.
        current: the workbook the user has open (校验当前工作簿 checks it).
        live: whether the workbooks are open in Excel or files. 校验当前工作簿 marks an
            open return (a :class:`LiveBook`) in place, a file in an annotated copy.
        progress: called as ``progress(done, total)`` during long runs.
    """

    control: Book | None
    current: Book | None = None
    live: bool = False
    progress: Callable[[int, int], None] | None = None

    def book(self) -> Book:
        """The control workbook; a message when there is none."""
        if self.control is None:
            raise MacroInputError(
                f"没有找到控制台：请先打开含“{CONTROL.CONTROL_SHEET}”工作表的工作簿"
                "（可用 gzgk excel control 生成）"
            )
        return self.control

    def report_progress(self, label: str) -> Callable[[int, int], None]:
        """A progress callback that shows ``label`` and the count on the status bar."""

        def step(done: int, total: int) -> None:
            for book in (self.control, self.current):
                if book is not None:
                    book.status(f"{label}：{done}/{total}")
            if self.progress is not None:
                self.progress(done, total)

        return step


@frozen(kw_only=True)
class Parameters:
    """The parameter cells of the control sheet, as typed; paths relative to its folder."""

    values: dict[str, str]
    base: Path | None = None

    @classmethod
    def read(cls, book: Book) -> Parameters:
        """Read every parameter cell of a control workbook.

        Raises:
            MacroInputError: the workbook has no control sheet.
        """
        if CONTROL.CONTROL_SHEET not in book.sheet_titles():
            raise MacroInputError(f"“{book.name}”中没有“{CONTROL.CONTROL_SHEET}”工作表，不是控制台")
        rows = book.values(CONTROL.CONTROL_SHEET)
        values: dict[str, str] = {}
        for offset, parameter in enumerate(CONTROL.PARAMETERS):
            index = CONTROL.FIRST_ROW - 1 + offset
            row = rows[index] if index < len(rows) else []
            raw = row[1] if len(row) > 1 else None
            if isinstance(raw, dt.datetime):
                text = raw.date().isoformat()
            elif isinstance(raw, dt.date):
                text = raw.isoformat()
            else:
                text = "" if raw is None else str(raw).strip()
            values[parameter.key] = text
        return cls(values=values, base=book.path.parent if book.path else None)

    def text(self, key: str) -> str:
        """A parameter as typed ("" when empty)."""
        return self.values.get(key, "")

    def check(self, macro: str) -> Parameters:
        """These parameters, when every one the macro needs is filled in.

        Raises:
            MacroInputError: naming every empty parameter the macro needs.
        """
        empty = [
            parameter.label
            for parameter in CONTROL.PARAMETERS
            if macro in parameter.required_by and not self.text(parameter.key)
        ]
        if empty:
            raise MacroInputError(f"请先在控制台中填写：{'、'.join(empty)}")
        return self

    def _label(self, key: str) -> str:
        return CONTROL.parameter(key).label

    def require(self, key: str) -> str:
        """A parameter that must be filled in.

        Raises:
            MacroInputError: it is empty.
        """
        value = self.text(key)
        if not value:
            raise MacroInputError(f"请先在控制台的“{self._label(key)}”中填写内容")
        return value

    def path(self, key: str, *, folder: bool = False, exists: bool = False) -> Path:
        """A path parameter, relative ones taken from the control workbook's folder.

        Raises:
            MacroInputError: it is empty, or must exist and does not.
        """
        path = Path(self.require(key)).expanduser()
        if not path.is_absolute() and self.base is not None:
            path = self.base / path
        if exists and not (path.is_dir() if folder else path.is_file()):
            what = "文件夹" if folder else "文件"
            raise MacroInputError(f"控制台“{self._label(key)}”中的{what}不存在：{path}")
        return path

    def optional_path(self, key: str) -> Path | None:
        """A path parameter that may be empty."""
        return self.path(key) if self.text(key) else None

    def where(self, key: str) -> str:
        """How a message names a parameter: 控制台“汇总表文件”."""
        return f"控制台“{self._label(key)}”"

    def at(self, key: str) -> str:
        """How a message sends the clerk to a parameter's cell: 控制台“本期”（B14 单元格）."""
        return f"{self.where(key)}（{CONTROL.cell(key)} 单元格）"

    def round_name(self) -> str:
        """本期 as typed, without spaces and with full-width forms folded (as returns compare it).

        The same quarter typed ``２０２４年 第三季度`` or ``2024年第三季度`` is one round, in the
        returns, the summary, the next round's 上期汇总表 and the history alike.
        """
        return normalize(self.text("round"))

    def inputs(self) -> list[Path]:
        """Every file or folder named that a macro reads (outputs are checked against them)."""
        found = [self.optional_path(key) for key in ("registry_file", "key_file", "previous_file")]
        if self.text("received_folder"):
            found.append(self.path("received_folder"))
        notice = self.text("notice")
        if notice:
            candidate = Path(notice).expanduser()
            if not candidate.is_absolute() and self.base is not None:
                candidate = self.base / candidate
            found.append(candidate)
        return [path for path in found if path is not None]

    def registry(self) -> Registry:
        """The office's registry, or the bundled one."""
        path = self.optional_path("registry_file")
        return Registry.load(path) if path else Registry.bundled()

    def key(self) -> Key | None:
        """The signing key, when one is named."""
        path = self.optional_path("key_file")
        return Key.load(path) if path else None

    def notice(self, registry: Registry) -> Notice:
        """The notice (a file, relative to the control workbook, or a bundled name).

        Raises:
            MacroInputError: it is empty; GzgkError: it cannot be read whole.
        """
        source = self.require("notice")
        candidate = Path(source).expanduser()
        if not candidate.is_absolute() and self.base is not None and (self.base / source).exists():
            candidate = self.base / source
        return read_notice(candidate if candidate.exists() else source, registry=registry).unwrap()

    def as_of(self) -> dt.datetime | None:
        """The as-of moment (the end of the day typed), or None for now.

        Raises:
            MacroInputError: the cell holds no date.
        """
        text = self.text("as_of")
        if not text:
            return None
        try:
            day = read_day(text) or dt.date.fromisoformat(text[:10])  # typed, or a date cell
        except ValueError as error:
            label = self._label("as_of")
            raise MacroInputError(
                f"控制台“{label}”应为日期，如 2024-07-10 或 2024年7月10日（现为“{text}”）"
            ) from error
        return dt.datetime.combine(day, dt.time(23, 59, 59)).astimezone()


def stated_members(book: Book, notice: Notice) -> Notice:
    """The notice with the group members the office stated on the 单位组成员 sheet.

    Raises:
        MacroInputError: a row names a task the notice does not have.
    """
    rows = book.values(CONTROL.GROUPS_SHEET)
    stated: dict[str, dict[str, list[str]]] = {}
    for index in range(CONTROL.GROUPS_FIRST_ROW - 1, len(rows)):
        row = [("" if value is None else str(value).strip()) for value in rows[index]]
        label, _title, group, member = (*row, "", "", "", "")[:4]
        if not (label and group and member):
            continue
        try:
            task = notice.task(label)
        except GzgkError as error:
            sheet = CONTROL.GROUPS_SHEET
            raise MacroInputError(f"“{sheet}”第 {index + 1} 行：{error.message}") from error
        members = stated.setdefault(task.id, {}).setdefault(group, [])
        if member not in members:
            members.append(member)
    return notice.with_members(stated)


def _matrix(run: Run, parameters: Parameters) -> Matrix:
    registry = parameters.registry()
    notice = stated_members(run.book(), parameters.notice(registry))
    try:
        notice, _ = select_round(notice, rounds=parameters.text("rounds") or None)
    except RoundsFormatError as error:
        raise MacroInputError(f"{parameters.at('rounds')}：{error.message}") from error
    matrix = Matrix.build(notice, registry)
    unknown = [item.message for item in matrix.unresolved() if item.reason == "unknown-member"]
    if unknown:
        raise MacroInputError(
            f"“{CONTROL.GROUPS_SHEET}”中有单位不在单位名录中：" + "；".join(unknown)
        )
    return matrix


def _round(
    parameters: Parameters, notice: Notice, history: History | None = None
) -> tuple[Round | None, Previous | None]:
    """The round 本期 names, and last round's answers from 上期汇总表 and/or 台账数据库.

    Raises:
        MacroInputError: 上期汇总表 or 台账数据库 is given without 本期.
    """
    round_ = _this_round(parameters, notice)
    previous_file = parameters.optional_path("previous_file")
    if round_ is None:
        if previous_file is not None or history is not None:
            raise MacroInputError(
                f"填了“{CONTROL.parameter('previous_file').label}”或"
                f"“{CONTROL.parameter('history_file').label}”时，"
                f"请在“{CONTROL.parameter('round').label}”中写明本期名称，如 2024年第三季度"
            )
        return None, None
    if previous_file is None and history is None:
        return round_, None
    from .previous import PreviousReadError, load_previous  # noqa: PLC0415 - start-up light

    try:
        previous = load_previous(
            notice=notice, round=round_, summary=previous_file, history=history
        )
    except (PreviousReadError, PreviousMismatchError) as error:
        if previous_file is None:
            raise
        raise MacroInputError(
            f"{error.message.rstrip('。')}。请在{parameters.at('previous_file')}中改填上一期“汇总报送”写出的"
            "汇总表，或空着"
        ) from error
    return round_, previous


def _this_round(parameters: Parameters, notice: Notice) -> Round | None:
    """The round 本期 names (spaces and full-width forms folded); messages name the cells.

    Raises:
        MacroInputError: 本期 holds more than one round, or one the schedule lacks.
    """
    typed = parameters.round_name()
    try:
        _, round_ = select_round(notice, round=typed or None)
    except RoundsFormatError as error:
        raise MacroInputError(
            f"{parameters.at('round')}只能写一期的名称，如 2024年第三季度（现为“"
            f"{parameters.text('round')}”）；各期的安排写在{parameters.at('rounds')}"
        ) from error
    except UnknownRoundError as error:
        raise MacroInputError(
            f"{error.message.rstrip('。')}。请改正{parameters.at('round')}，或在{parameters.at('rounds')}中"
            "写明各期（名称=日期，用逗号隔开）"
        ) from error
    return round_


def _history(parameters: Parameters, *, create: bool = False) -> History | None:
    """The history 台账数据库 names; None when it is empty, or not made yet and not ``create``.

    The clerk may fill 台账数据库 in before the first 汇总报送 makes it: generating and
    reminding then go on without it, and say so (:func:`_history_note`).
    """
    path = parameters.optional_path("history_file")
    if path is None or not (create or path.exists()):
        return None
    return History.open(path, create=create)


def _history_note(parameters: Parameters) -> str:
    """What a button says when 台账数据库 names a file not made yet ("" otherwise)."""
    path = parameters.optional_path("history_file")
    if path is None or path.exists():
        return ""
    return (
        f"{parameters.at('history_file')}中的台账数据库还没有建立（{path}），这次没有用到台账；"
        "第一次“汇总报送”时会新建它。"
    )


@contextlib.contextmanager
def _writing(
    run: Run,
    parameters: Parameters,
    outputs: Sequence[Output | None],
    *,
    in_place: Sequence[Output | None] = (),
    also_read: Sequence[Path | None] = (),
    summary: bool = False,
) -> Iterator[OutputSet]:
    """Outputs checked against every input (the control workbook too), then held for the run.

    ``in_place`` outputs (the history database) are checked but written by themselves;
    ``also_read`` are inputs of this macro only; ``summary``: a summary is written.
    """
    control = run.control.path if run.control is not None else None
    inputs = [*parameters.inputs(), *([control] if control else []), *also_read]
    check_outputs([*outputs, *in_place], [path for path in inputs if path is not None])
    from .generate import check_replaced  # noqa: PLC0415 - keeps start-up light

    check_replaced(outputs, summary=summary)
    with OutputSet(outputs, command=f"控制台 {control or ''}") as held:
        yield held


# -- the macros ---------------------------------------------------------------


def generate_returns(run: Run) -> Outcome:
    """生成报送表: one return per unit into the output folder, and the distribution list."""
    from .generate import generate_returns as generate  # noqa: PLC0415 - keeps start-up light
    from .generate import unresolved_notes  # noqa: PLC0415 - keeps start-up light

    book = run.book()
    parameters = Parameters.read(book).check("generate_returns")
    matrix = _matrix(run, parameters)
    unknown = [item.message for item in matrix.unresolved() if item.reason == "unknown-name"]
    if unknown:
        raise MacroInputError(
            f"通知中有 {len(unknown)} 处单位名称不在单位名录中，不知道该由哪个单位报送，"
            "没有生成报送表：" + "；".join(unknown) + "。请更正通知中的名称，或在本单位的单位名录"
            f"中补充后填在{parameters.at('registry_file')}，再点“生成报送表”"
        )
    folder = parameters.path("returns_folder")
    ledger = parameters.optional_path("history_file")
    with _writing(
        run,
        parameters,
        [Output(folder, parameters.where("returns_folder"), FOLDER)],
        also_read=[ledger],
    ):
        history = _history(parameters)
        try:
            round_, previous = _round(parameters, matrix.notice, history)
        finally:
            if history is not None:
                history.close()
        try:
            result = generate(matrix, folder, key=parameters.key(), round=round_, previous=previous)
        except OutputRefusedError as error:
            if error.code != "output-exists":  # filled returns in the way: its own words hold
                raise
            raise ControlCellError(
                error.code,
                f"{parameters.at('returns_folder')}写明的文件夹“{folder}”中已有要生成的同名"
                "报送表（都是未填写的空表），没有生成。请在这一格换一个空文件夹，或先把其中的"
                f"报送表移走，再{_press(run, 'generate_returns')}",
            ) from error
    rows: list[list[Value]] = [
        [
            number,
            plan.unit.short_name,
            plan.unit.kind.label,
            str(path),
            len(plan.items),
            "".join(task.label for task, _ in plan.items),
        ]
        for number, (plan, path) in enumerate(zip(result.plans, result.files, strict=True), 1)
    ]
    book.put_table(CONTROL.GENERATED_SHEET, CONTROL.GENERATED_HEADER, rows)
    signed = "已签名" if parameters.text("key_file") else "未签名"
    message = f"已生成 {len(result.files)} 份报送表（{signed}）和分发清单，保存在 {folder}。"
    if previous is not None:
        carried = sum(1 for plan in result.plans if plan.previous)
        message += (
            f"其中 {carried} 个单位的报送表预填了上期（{previous.round or '未分期'}）的答复。"
        )
    message += _history_note(parameters)
    details = unresolved_notes(matrix)
    if details:
        message += "有的单位组成员尚未明确，其成员没有拿到相应任务的报送表，见日志和分发清单。"
    return Outcome(ok=True, message=message, details=details)


def _issue_rows(reports: Sequence[FileReport], folder: Path | None = None) -> list[list[Value]]:
    """One row per problem (or per good file); files named within ``folder`` when given."""
    rows: list[list[Value]] = []
    for report in reports:
        verdict = "合格" if report.valid else "不合格"
        issues = report.issues or ()
        name = _within(report.path, folder)
        if not issues:
            rows.append([len(rows) + 1, name, report.unit or "", verdict, "", "", "", ""])
        for issue in issues:
            rows.append(
                [
                    len(rows) + 1,
                    name,
                    report.unit or "",
                    verdict,
                    issue.severity.label,
                    issue.location(with_path=False),
                    issue.message,
                    code_label(issue.code),
                ]
            )
    return rows


def _within(path: str, folder: Path | None) -> str:
    """``path`` as the clerk finds it in ``folder`` (``县区/01-章贡区….xlsx``), else whole."""
    if folder is None:
        return path
    try:
        return Path(path).relative_to(folder).as_posix()
    except ValueError:
        return path


def validate_folder(run: Run) -> Outcome:
    """校验文件夹: check every return in the returns folder; one row per problem."""
    book = run.book()
    parameters = Parameters.read(book).check("validate_folder")
    registry = parameters.registry()
    folder = parameters.path("received_folder", folder=True, exists=True)
    notice = parameters.notice(registry) if parameters.text("notice") else None
    key = parameters.key()
    records = check_files(
        [folder],
        notice=notice,
        registry=registry,
        key=key,
        progress=run.report_progress("正在核对报送表"),
        exclude=[path for path in (_annotated(run),) if path],
    )
    if not any(record.read for record in records):
        raise MacroInputError(f"报回文件夹中没有找到报送表：{folder}")
    report = report_of(records, notice=notice, key=key)
    rows = _issue_rows(report.files, folder)
    notes = tuple(_in_control_terms(note, parameters) for note in report.notes)
    book.put_table(
        CONTROL.RESULTS_SHEET, CONTROL.RESULTS_HEADER, rows, widths=CONTROL.RESULTS_WIDTHS
    )
    message = f"{render.report_headline(report)}详见“{CONTROL.RESULTS_SHEET}”工作表。"
    return Outcome(ok=report.valid, message=message, details=notes)


def _in_control_terms(note: str, parameters: Parameters) -> str:
    """A batch note that names a command-line option, naming the control cell instead."""
    if note == NOTE_NO_KEY:
        return (
            "未提供密钥：已用指纹核对任务内容，但无法排除有人伪造报送表（生成和核对时都在"
            f"{parameters.at('key_file')}中填写同一个密钥文件可以排除）。"
        )
    return note


def validate_current(run: Run) -> Outcome:
    """校验当前工作簿: check the return the user has open (unsaved edits too) and mark it."""
    current = run.current
    if current is None:
        raise MacroInputError("请先打开要核对的报送表")
    parameters = Parameters.read(run.control) if run.control is not None else None
    registry = parameters.registry() if parameters else Registry.bundled()
    notice = parameters.notice(registry) if parameters and parameters.text("notice") else None
    key = parameters.key() if parameters else None
    report = check_return(
        current.return_data(), CheckContext(registry=registry, notice=notice, key=key)
    )
    if isinstance(current, LiveBook):
        _mark_in_place(current, report)
        where = "已在表中标出问题单元格（红色为错误，黄色为提醒，鼠标移到单元格上可看说明）"
    else:  # a file is never changed: the marks go into a copy beside the control workbook
        control = run.control.path if run.control is not None else None
        folder = (control or current.path or Path.cwd()).parent / CONTROL.ANNOTATED_FOLDER
        copy = annotate(report, folder)
        where = f"批注副本：{copy}" if copy else "没有可以标注的单元格"
    if run.control is not None and run.control is not current:
        beside = run.control.path.parent if run.control.path is not None else None
        rows = _issue_rows([report], beside)
        run.control.put_table(
            CONTROL.RESULTS_SHEET, CONTROL.RESULTS_HEADER, rows, widths=CONTROL.RESULTS_WIDTHS
        )
    errors = sum(1 for issue in report.issues if issue.is_error)
    warnings = len(report.issues) - errors
    if not report.issues:
        return Outcome(ok=True, message=f"“{current.name}”填写合格，可以报送。")
    message = f"“{current.name}”有错误 {errors} 处、提醒 {warnings} 处。{where}。"
    return Outcome(
        ok=errors == 0, message=message, details=tuple(i.describe() for i in report.issues)
    )


def _mark_in_place(book: LiveBook, report: FileReport) -> None:
    """Clear gzgk's earlier marks, then colour and annotate every located problem."""
    entry_letters = {column.letter for column in RETURN.COLUMNS if column.entry}
    entry_cells = {header.cell for header in RETURN.entry_fields}
    titles = book.sheet_titles()
    marks: dict[str, dict[str, Mark]] = {}
    for sheet in {issue.sheet for issue in report.issues if issue.sheet} | {RETURN.ENTRY_SHEET}:
        if sheet not in titles:
            continue
        cleared = marks.setdefault(sheet, {})
        for cell in book.marked(sheet):
            letters = "".join(ch for ch in cell if ch.isalpha())
            editable = letters in entry_letters or cell in entry_cells
            cleared[cell] = Mark(cell, RETURN.ENTRY_FILL if editable else RETURN.TASK_FILL, None)
    for issue in report.issues:
        if issue.sheet and issue.cell and issue.sheet in titles:
            fill, note = ANNOTATION.fill(issue.is_error), issue_note(issue)
            earlier = marks[issue.sheet].get(issue.cell)
            if earlier is not None and earlier.note:  # two problems in one cell: one note
                note = f"{earlier.note}\n{note}"
                fill = ANNOTATION.fill(ANNOTATION.ERROR_FILL in (earlier.fill, fill))
            marks[issue.sheet][issue.cell] = Mark(issue.cell, fill, note)
    for sheet, cells in marks.items():
        if cells:
            book.mark(sheet, tuple(cells.values()))


def _annotated(run: Run) -> Path | None:
    """The folder of annotated copies, which no batch should read as returns."""
    path = run.control.path if run.control is not None else None
    return path.parent / CONTROL.ANNOTATED_FOLDER if path is not None else None


def _summary(
    run: Run,
    parameters: Parameters,
    label: str,
    outputs: Sequence[Path | None] = (),
    history: History | None = None,
) -> Summary:
    """The returns folder merged, as the control sheet says (outputs are not read)."""
    from .merge import merge_paths  # noqa: PLC0415 - keeps start-up light

    matrix = _matrix(run, parameters)
    folder = parameters.path("received_folder", folder=True, exists=True)
    round_, previous = _round(parameters, matrix.notice, history)
    try:
        return merge_paths(
            [folder],
            notice=matrix.notice,
            registry=matrix.registry,
            key=parameters.key(),
            as_of=parameters.as_of(),
            progress=run.report_progress(label),
            exclude=[path for path in (*outputs, _annotated(run)) if path],
            round=round_,
            previous=previous,
        )
    except (RoundMismatchError, KeyMismatchError) as error:
        raise _batch_refused(parameters, error) from error


def _batch_refused(
    parameters: Parameters, error: RoundMismatchError | KeyMismatchError
) -> ControlCellError:
    """A batch refused whole (本期 or the key fits none of the returns), in the control's terms."""
    if isinstance(error, RoundMismatchError):
        named = "、".join(f"“{name}”" if name else "没有注明期次" for name in error.found)
        return ControlCellError(
            error.code,
            f"{parameters.at('round')}中的“{error.given}”与收到的报送表都不符（报送表上是："
            f"{named}）：没有一份报送表是这一期的，所以没有汇总，也没有判定任何单位未报。"
            f"期次写错了就改正这一格再试；{parameters.at('received_folder')}放的是别的期的报送表，"
            "就改正那一格；如果是各单位用错了表，请下发本期的报送表",
        )
    return ControlCellError(
        error.code,
        f"{parameters.at('key_file')}中的密钥（标识 {error.given}）不是这些报送表签名所用的密钥"
        f"（报送表中的标识：{'、'.join(error.found)}）：没有一份报送表能用它核验，所以没有判定"
        "任何单位。请在这一格中换用生成报送表时所用的密钥文件再试",
    )


class RoundNotReplacedError(MacroInputError):
    """汇总报送 would drop units' answers from a round the history holds; the clerk decides."""

    code = HistoryUnitsDroppedError.code


_NAMED_UNITS = 10  # units a refusal names; more are counted


def _replacing(parameters: Parameters, summary: Summary) -> bool:
    """Whether 整期替换台账 names the round being merged (so a stale entry replaces nothing)."""
    confirmed = parameters.text("replace_round")
    name = summary.round.name if summary.round is not None else _UNROUNDED
    return bool(confirmed) and _bare(confirmed) == _bare(name)


_UNROUNDED = "未分期"  # how 整期替换台账 names the round of a merge without 本期


def _bare(name: str) -> str:
    return normalize(name).strip("()（）")


class HistoryBlockedError(MacroInputError):
    """汇总报送 cannot open or write the history: nothing is written, the summary neither."""

    code = HistoryError.code


def _press(run: Run, macro: str) -> str:
    """How the clerk runs a button: 点“催报清单”, or in file mode the command that runs it."""
    if run.live:
        return f"点“{_label(macro)}”"
    return f"运行 gzgk excel run {macro} {run.book().name}"


def _merge_again(run: Run) -> str:
    """How the clerk runs 汇总报送 again: the button in Excel, the command in file mode."""
    return (
        f"再{_press(run, 'merge_returns')}"
        if run.live
        else f"保存控制台，再{_press(run, 'merge_returns')}"
    )


def _blocked(run: Run, error: HistoryError) -> HistoryBlockedError:
    return HistoryBlockedError(
        f"{error.message.rstrip('。')}。汇总表也没有写出；处理好后{_merge_again(run)}"
    )


def _open_history(run: Run, parameters: Parameters) -> History | None:
    """The history 汇总报送 records into (made when missing).

    Raises:
        HistoryBlockedError: it cannot be opened (another program holds it, not gzgk's …).
    """
    try:
        return _history(parameters, create=True)
    except HistoryError as error:
        raise _blocked(run, error) from error


def _record(run: Run, parameters: Parameters, history: History, summary: Summary) -> HistoryRound:
    """Begin recording the round; a refusal says which cell to fill and which button to press.

    Raises:
        RoundNotReplacedError: the history holds this round with answers of units this
            merge has no return of, and 整期替换台账 does not name the round.
    """
    try:
        return history.begin(summary, replace=_replacing(parameters, summary))
    except HistoryUnitsDroppedError as error:  # before HistoryError, which it is
        name = summary.round.name if summary.round is not None else _UNROUNDED
        dropped = error.dropped
        names = "、".join(dropped[:_NAMED_UNITS]) + ("等" if len(dropped) > _NAMED_UNITS else "")
        again = _merge_again(run)
        typed = parameters.text("replace_round")
        stale = f"（现在填的是“{typed}”，不是本期，所以没有替换）" if typed else ""
        raise RoundNotReplacedError(
            f"台账中已记有“{error.label}”{error.recorded} 个单位的答复，这次汇总没有其中"
            f" {len(dropped)} 个单位的报送表（{names}）：记入台账会删去它们这一期的答复，所以"
            f"没有记入台账，也没有写出汇总表。请把这一期收到的全部报送表都放进"
            f"{parameters.at('received_folder')}写明的文件夹，{again}；确要整期替换台账中的这一期"
            f"（删去这些单位本期的答复），请在{parameters.at('replace_round')}中填写“{name}”"
            f"{stale}，{again}"
        ) from error
    except HistoryError as error:
        raise _blocked(run, error) from error


def merge_returns(run: Run) -> Outcome:
    """汇总报送: merge the returns folder into the summary workbook (and the Word draft)."""
    from .summary_book import summary_workbook  # noqa: PLC0415 - keeps start-up light

    parameters = Parameters.read(run.book()).check("merge_returns")
    target = parameters.path("summary_file")
    docx = parameters.optional_path("docx_file")
    book = Output(target, parameters.where("summary_file"), WORKBOOK)
    word = Output(docx, parameters.where("docx_file"), DOCUMENT) if docx else None
    ledger_path = parameters.optional_path("history_file")
    ledger = Output(ledger_path, parameters.where("history_file"), HISTORY) if ledger_path else None
    history: History | None = None
    try:
        with _writing(run, parameters, [book, word], in_place=[ledger], summary=True) as outputs:
            history = _open_history(run, parameters)
            summary = _summary(run, parameters, "正在汇总报送表", (target, docx), history)
            recorded = _record(run, parameters, history, summary) if history else None
            outputs.stage(target, summary_workbook(summary))
            written = [f"汇总表：{target}"]
            if docx is not None:
                from gzgk.word import compilation_docx  # noqa: PLC0415 - the Word edge

                outputs.stage(docx, compilation_docx(summary))
                written.append(f"Word 汇编稿：{docx}")
        if history is not None and recorded is not None:  # the workbooks are in place
            history.commit()
            replacing = _replacing(parameters, summary)
            replaced = "，已整期替换" if replacing else ""
            written.append(
                f"台账：{ledger_path}（{recorded.label}，{recorded.entries} 条答复{replaced}）"
            )
            if replacing:  # the cell stays: say what it still does
                written.append(
                    f"{parameters.at('replace_round')}仍填着本期名称：以后再汇总这一期时也会"
                    "整期替换（少了的单位本期的答复会被删去）；不再需要时请清空这一格"
                )
    finally:
        if history is not None:
            history.close()
    lines = render.summary_text(summary, remind=_press(run, "remind")).splitlines()
    return Outcome(ok=True, message="\n".join([*lines[:2], *written]), details=tuple(lines[2:]))


def remind(run: Run) -> Outcome:
    """催报清单: the units to chase, on a sheet of the control workbook."""
    parameters = Parameters.read(run.book()).check("remind")
    history = _history(parameters)
    try:
        summary = _summary(run, parameters, "正在统计报送情况", history=history)
    finally:
        if history is not None:
            history.close()
    rows: list[list[Value]] = [list(row) for row in render.reminder_rows(summary)]
    titles = render.reminder_titles(summary, len(rows))
    run.book().put_table(
        SUMMARY.REMINDERS_SHEET,
        SUMMARY.REMINDERS_HEADER,
        rows,
        titles=titles,
        widths=SUMMARY.REMINDERS_WIDTHS,
        printed=SUMMARY.REMINDERS_PRINTED,
    )
    if not rows:
        message = "没有需要催报的单位：应报单位都已按时报送合格的报送表。"
    else:
        message = f"需要催报 {len(rows)} 个单位，见“{SUMMARY.REMINDERS_SHEET}”工作表。"
    return Outcome(ok=True, message=message + _history_note(parameters))


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return ""


def _config_file() -> Path:
    """The user config the add-in reads: ~/.gzgk/gzgk.conf (xlwings' rule for add-ins)."""
    return Path.home() / f".{ADDIN.PROJECT_NAME}" / f"{ADDIN.PROJECT_NAME}.conf"


def _environment(run: Run) -> list[list[Value]]:
    rows: list[list[Value]] = []

    def check(item: str, state: str, *, ok: bool, fix: str = "") -> None:
        rows.append([item, state, "正常" if ok else "需要处理", "" if ok else fix])

    python, fix = python_check(platform.python_version(), live=run.live)
    check("Python", f"{platform.python_version()}（{sys.executable}）", ok=python, fix=fix)
    check("gzgk", gzgk.__version__, ok=True)
    xlwings = _version("xlwings")
    check("xlwings", xlwings or "未安装", ok=bool(xlwings) or not run.live, fix=_INSTALL_HINT)
    config = _config_file()
    interpreter = _configured_interpreter(config)
    check(
        "加载项配置",
        f"{config}（解释器：{interpreter or '未设置'}）",
        ok=not run.live or bool(interpreter and Path(os.path.expandvars(interpreter)).exists()),
        fix="重新运行 install.cmd，它会写好配置文件",
    )
    addin = _installed_addin()
    if addin is not None:
        built = _recorded_xlwings(addin)
        check(
            "加载项",
            f"{addin}（生成时的 xlwings：{built or '未记录'}）",
            ok=built == xlwings,
            fix="加载项与 xlwings 版本不一致：请重新运行 install.cmd",
        )
    if run.control is None:
        check(
            "控制台",
            "没有打开控制台",
            ok=False,
            fix="请打开控制台工作簿（gzgk excel control 生成）",
        )
        return rows
    parameters = Parameters.read(run.control)
    for parameter in CONTROL.PARAMETERS:
        value = parameters.text(parameter.key)
        if not value:
            needed = "、".join(_label(name) for name in parameter.required_by)
            state = "未填写" + (f"（{needed}需要）" if needed else "（可选）")
            check(parameter.label, state, ok=not parameter.required_by, fix="请在控制台中填写")
            continue
        state, fine, fix = _parameter_state(parameters, parameter.key)
        check(parameter.label, state, ok=fine, fix=fix)
    return rows


def python_check(version: str, *, live: bool) -> tuple[bool, str]:
    """Whether a Python version runs gzgk (and, in Excel, xlwings), and what to do if not.

    The versions come from the packages' own Requires-Python, as the install bundle's do
    (:func:`~gzgk.excel.bundle.python_requirements`): in Excel both gzgk and xlwings must
    run; in file mode gzgk alone.
    """
    from .bundle import EXCEL_PACKAGES, oldest_python, python_requirements  # noqa: PLC0415

    requirements = python_requirements(EXCEL_PACKAGES if live else EXCEL_PACKAGES[:1])
    if all(Version(version) in specifier for specifier in requirements.values()):
        return True, ""
    why = "、".join(f"{name} 要求 Python {spec}" for name, spec in requirements.items() if spec)
    return False, f"请安装 Python {oldest_python(requirements.values())} 或更新的版本（{why}）"


def _parameter_state(parameters: Parameters, key: str) -> tuple[str, bool, str]:
    kind = CONTROL.parameter(key).kind
    value = parameters.text(key)
    try:
        if kind == "notice":
            notice = parameters.notice(parameters.registry())
            return f"{notice.title or value}（{len(notice.tasks)} 项任务）", True, ""
        if kind == "date":
            parameters.as_of()
            return value, True, ""
        if key == "received_folder":
            parameters.path(key, folder=True, exists=True)
        elif key in ("key_file", "registry_file"):
            parameters.path(key, exists=True)
            if key == "key_file":
                parameters.key()
            else:
                parameters.registry()
        return str(parameters.path(key)), True, ""
    except GzgkError as error:
        return value, False, error.message


def _installed_addin() -> Path | None:
    """The add-in where install.cmd puts it (Excel's XLSTART), if it is there."""
    appdata = os.environ.get("APPDATA")
    if not appdata:
        return None
    path = Path(appdata) / "Microsoft" / "Excel" / "XLSTART" / f"{ADDIN.PROJECT_NAME}.xlam"
    return path if path.is_file() else None


def _recorded_xlwings(addin: Path) -> str:
    """The xlwings version an add-in was built with (its custom property)."""
    from .read import read_limited  # noqa: PLC0415

    try:
        data = read_limited(addin, Limits())
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            text = archive.read("docProps/custom.xml").decode("utf-8")
    except (GzgkError, OSError, KeyError, zipfile.BadZipFile, UnicodeDecodeError):
        return ""
    match = re.search(r'name="gzgk_xlwings_version"[^>]*>\s*<vt:lpwstr>([^<]*)<', text)
    return match[1] if match else ""


def _configured_interpreter(config: Path) -> str:
    try:
        text = config.read_text(encoding="utf-8")
    except OSError:
        return ""
    for line in text.splitlines():
        name, _, value = line.partition(",")
        if name.strip().strip('"') == "INTERPRETER_WIN":
            return value.strip().strip('"')
    return ""


def _label(macro: str) -> str:
    return next(button.label for button in ADDIN.BUTTONS if button.macro == macro)


def check_environment(run: Run) -> Outcome:
    """环境检查: Python, gzgk, xlwings, the add-in's configuration and every parameter.

    The findings also go to a text file (UTF-8 with BOM, for Notepad) that the message names,
    for the clerk to send to whoever maintains the installation.
    """
    rows = _environment(run)
    if run.control is not None:
        run.control.put_table(CONTROL.ENVIRONMENT_SHEET, CONTROL.ENVIRONMENT_HEADER, rows)
    bad = [row for row in rows if row[2] != "正常"]
    message = f"环境检查：{len(rows) - len(bad)} 项正常，{len(bad)} 项需要处理。"
    if bad:
        message += f"见“{CONTROL.ENVIRONMENT_SHEET}”工作表。" if run.control else ""
    details = tuple(f"{row[0]}：{row[1]}；{row[3]}" for row in bad)
    report = _diagnostics(run, rows)
    message += f"\n检查结果已写入 {report}，需要帮助时请把它发给维护人员。"
    return Outcome(ok=not bad, message=message, details=details)


def _diagnostics(run: Run, rows: Sequence[Sequence[Value]]) -> Path:
    """Write the environment check to a text file in gzgk's log folder; its path."""
    where = "Excel 中运行" if run.live else "命令行运行（文件模式）"
    python = f"Python {platform.python_version()} {platform.architecture()[0]}（{sys.executable}）"
    lines = [
        f"gzgk 环境检查 {dt.datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"{where}；{platform.platform()}；{python}",
        f"控制台：{run.control.path or run.control.name if run.control else '没有打开'}",
        f"当前工作簿：{run.current.path or run.current.name if run.current else '无'}",
        "",
        *("\t".join("" if value is None else str(value) for value in row) for row in rows),
    ]
    path = _log_file("check_environment", ".txt")
    return write_atomic(path, ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))


Macro = Callable[[Run], Outcome]
MACROS: dict[str, Macro] = {
    "generate_returns": generate_returns,
    "validate_current": validate_current,
    "validate_folder": validate_folder,
    "merge_returns": merge_returns,
    "remind": remind,
    "check_environment": check_environment,
}


# -- running ------------------------------------------------------------------


def _log_file(name: str, suffix: str = ".log") -> Path:
    """A new file in gzgk's log folder (an unexpected error's traceback, a diagnostics report)."""
    stamp = dt.datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")
    return log_folder() / f"{stamp}-{name}{suffix}"


def execute(name: str, run: Run) -> Outcome:
    """Run a macro: never raises; logs the outcome in the control workbook's 日志 sheet."""
    macro = MACROS.get(name)
    if macro is None:
        known = "、".join(MACROS)
        return Outcome(ok=False, message=f"没有名为“{name}”的操作（可用：{known}）")
    label = _label(name)
    try:
        outcome = macro(run)
    except GzgkError as error:
        outcome = Outcome(ok=False, message=f"{label}：{error.message} [{error.code}]")
    except OSError as error:
        from gzgk.files import os_reason  # noqa: PLC0415

        where = f"“{error.filename}”" if error.filename else ""
        outcome = Outcome(ok=False, message=f"{label}：无法读写文件{where}：{os_reason(error)}")
    except Exception:  # noqa: BLE001 - the message names the log with the traceback
        path = _log_file(name)
        write_atomic(path, traceback.format_exc())
        message = f"{label}：出现意外错误，详情已记录在 {path}。请把这个文件发给维护人员。"
        outcome = Outcome(ok=False, message=message)
    finally:
        for book in (run.control, run.current):
            if book is not None:
                book.status(None)
    return _log(run, label, outcome)


def _log(run: Run, label: str, outcome: Outcome) -> Outcome:
    control = run.control
    if control is None or CONTROL.LOG_SHEET not in control.sheet_titles():
        return outcome
    moment = dt.datetime.now().astimezone()
    now = f"{chinese_date(moment)} {moment:%H:%M:%S}"
    result = CONTROL.OK if outcome.ok else CONTROL.PROBLEM
    try:
        widths = CONTROL.LOG_WIDTHS
        control.append_row(CONTROL.LOG_SHEET, [now, label, result, outcome.message], widths=widths)
        for line in outcome.details:
            control.append_row(CONTROL.LOG_SHEET, ["", "", "", line], widths=widths)
        control.save()
    except (GzgkError, OSError) as error:
        reason = error.message if isinstance(error, GzgkError) else str(error)
        return attrs.evolve(outcome, message=f"{outcome.message}\n（日志未能写入：{reason}）")
    return outcome


def run_file(
    name: str,
    control: str | Path,
    *,
    workbook: str | Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Outcome:
    """Run a macro on saved files (WPS, Linux desktops): ``gzgk excel run``.

    Args:
        name: the macro (a key of :data:`MACROS`).
        control: the control workbook; results and the log are written into it.
        workbook: for ``validate_current``, the return to check (marked in a copy).
        progress: called as ``progress(done, total)`` during long runs.
    """
    if Path(control).suffix.lower() in (".xlsm", ".xlam"):
        return Outcome(
            ok=False,
            message="带按钮的控制台（.xlsm）请在 Excel 中点按钮使用；"
            "在 WPS 或命令行中请用 .xlsx 控制台（gzgk excel control -o 控制台.xlsx），"
            "否则保存时会丢失表中的按钮",
        )
    try:
        book = FileBook(control)
        current = FileBook(workbook) if workbook is not None else None
    except GzgkError as error:
        return Outcome(ok=False, message=f"{error.message} [{error.code}]")
    return execute(name, Run(control=book, current=current, live=False, progress=progress))


def control_candidates(books: Sequence[Book]) -> list[Book]:
    """The open workbooks that can be the control workbook, in the order given.

    A workbook with a control sheet, unless it is a return: a return that carries a sheet
    named like the control sheet (by mistake or on purpose) never decides where gzgk reads
    and writes.
    """
    found = []
    for book in books:
        titles = book.sheet_titles()
        is_return = RETURN.ENTRY_SHEET in titles or RETURN.META_SHEET in titles
        if CONTROL.CONTROL_SHEET in titles and not is_return:
            found.append(book)
    return found


def run_in_excel(name: str, caller: Any) -> Outcome:
    """A button pressed in Excel: the macro run on the open workbooks, its message shown.

    Args:
        name: the macro (a key of :data:`MACROS`).
        caller: the xlwings ``Book`` RunPython was called for: the active workbook.
    """
    app = caller.app
    current = LiveBook(caller)
    others = [LiveBook(book) for book in app.books if book.name != caller.name]
    controls = control_candidates([current, *others])
    if len(controls) > 1:
        names = "、".join(f"“{book.name}”" for book in controls)
        label = _label(name) if name in MACROS else name
        outcome = Outcome(
            ok=False,
            message=f"{label}：打开了 {len(controls)} 个控制台（{names}），不知道该用哪一个："
            "请只留下要用的控制台，关闭其他的，再点一次",
        )
    else:
        control = controls[0] if controls else None
        outcome = execute(name, Run(control=control, current=current, live=True))
    app.alert(outcome.message, title=f"gzgk · {ADDIN.TAB_LABEL}")
    return outcome


def run(name: str) -> None:  # pragma: no cover - runs inside Excel, through xlwings
    """The add-in's entry point: ``RunPython "import gzgk.excel.macros as m; m.run('…')"``."""
    import xlwings  # noqa: PLC0415 - only inside Excel

    run_in_excel(name, xlwings.Book.caller())
