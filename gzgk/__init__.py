"""gzgk: task-division notices (任务分工通知) from the notice to per-unit returns and back.

Everything a script needs is here, in pipeline order::

    import gzgk

    notice = gzgk.load_notice("通知.docx")                   # or read_notice: issues, no raise
    matrix = gzgk.Matrix.build(notice, gzgk.Registry.bundled())
    key = gzgk.Key.generate()
    gzgk.generate_returns(matrix, "报送表", key=key)          # one workbook per unit
    report = gzgk.validate_paths(["报回"], notice=notice, key=key)
    summary = gzgk.merge_paths(["报回"], notice=notice, key=key)
    gzgk.write_summary(summary, "汇总表.xlsx")
    gzgk.write_compilation(summary, "汇编.docx")
    for reminder in summary.reminders(): ...

The core (model, registry, parsing, matrix, consolidation rules, reports)
is pure Python. The names that write or read workbooks and Word/PDF files
(``generate_returns``, ``validate_paths``, ``merge_paths``, …) live in
:mod:`gzgk.excel`, :mod:`gzgk.word` and :mod:`gzgk.documents`; they are
exported here too and load their libraries on first use, so ``import gzgk``
stays light.
"""

from __future__ import annotations

import importlib
import typing

from gzgk.comparison import Comparison, Previous
from gzgk.convert import dump_notice, load_notice_text
from gzgk.documents.model import (
    ConversionFailedError,
    ConverterMissingError,
    DocLine,
    DocTable,
    Document,
    DocumentError,
    PdfNoTextError,
)
from gzgk.errors import (
    GzgkError,
    KeyMismatchError,
    MainNotGuardedError,
    NoticeFormatError,
    NoticeParseError,
    OutputLockedError,
    OutputRefusedError,
    PathNotFoundError,
    RegistryError,
    RoundMismatchError,
    UnknownNoticeError,
    UnknownRoundError,
    UnknownTaskError,
    UnknownUnitError,
    WorkbookWriteError,
    WorkersUnavailableError,
)

# Both issue catalogues, whatever is imported first: the docs and issue_types() see every code.
from gzgk.excel import return_issues as _return_issues
from gzgk.history import History, HistoryError
from gzgk.matrix import Assigned, Matrix, MatrixDiff, RoleChange, TaskChange, Unresolved, Workload
from gzgk.model import (
    Assignment,
    Contact,
    GroupMembers,
    Notice,
    Reference,
    Requirement,
    Role,
    Round,
    Task,
    Unit,
    UnitGroup,
    UnitKind,
)
from gzgk.notice_checks import check_notice
from gzgk.parse import ParseResult, parse_grid, parse_text
from gzgk.parse.document import parse_document
from gzgk.registry import Registry, draft_registry
from gzgk.report import FileReport, Issue, IssueType, Report, Severity, issue_types
from gzgk.returns import Entry, Filled, ReturnContent, ReturnPlan, plan_returns
from gzgk.signing import Key, KeyFileError
from gzgk.sources import bundled_notices, load_notice, read_notice
from gzgk.summary import Received, Reminder, Summary, Timeliness, consolidate
from gzgk.workers import Limits

if typing.TYPE_CHECKING:
    from gzgk.documents.docx import read_docx
    from gzgk.documents.pdf import read_pdf
    from gzgk.excel.batch import read_returns
    from gzgk.excel.fill import fill_return
    from gzgk.excel.generate import GenerateResult, generate_returns
    from gzgk.excel.matrix_book import write_matrix_workbook
    from gzgk.excel.merge import merge_paths
    from gzgk.excel.notice_book import write_notice_workbook
    from gzgk.excel.previous import read_previous
    from gzgk.excel.read import ReturnReadError
    from gzgk.excel.summary_book import write_reminders, write_summary
    from gzgk.excel.validate import annotate, validate_paths
    from gzgk.word import write_compilation

# The edge: name → module, imported on first use (PEP 562).
_EDGE = {
    "GenerateResult": "gzgk.excel.generate",
    "ReturnReadError": "gzgk.excel.read",
    "annotate": "gzgk.excel.validate",
    "fill_return": "gzgk.excel.fill",
    "generate_returns": "gzgk.excel.generate",
    "merge_paths": "gzgk.excel.merge",
    "read_docx": "gzgk.documents.docx",
    "read_pdf": "gzgk.documents.pdf",
    "read_previous": "gzgk.excel.previous",
    "read_returns": "gzgk.excel.batch",
    "validate_paths": "gzgk.excel.validate",
    "write_compilation": "gzgk.word",
    "write_matrix_workbook": "gzgk.excel.matrix_book",
    "write_notice_workbook": "gzgk.excel.notice_book",
    "write_reminders": "gzgk.excel.summary_book",
    "write_summary": "gzgk.excel.summary_book",
}

__all__ = [
    "Assigned",
    "Assignment",
    "Comparison",
    "Contact",
    "ConversionFailedError",
    "ConverterMissingError",
    "DocLine",
    "DocTable",
    "Document",
    "DocumentError",
    "Entry",
    "FileReport",
    "Filled",
    "GenerateResult",
    "GroupMembers",
    "GzgkError",
    "History",
    "HistoryError",
    "Issue",
    "IssueType",
    "Key",
    "KeyFileError",
    "KeyMismatchError",
    "Limits",
    "MainNotGuardedError",
    "Matrix",
    "MatrixDiff",
    "Notice",
    "NoticeFormatError",
    "NoticeParseError",
    "OutputLockedError",
    "OutputRefusedError",
    "ParseResult",
    "PathNotFoundError",
    "PdfNoTextError",
    "Previous",
    "Received",
    "Reference",
    "Registry",
    "RegistryError",
    "Reminder",
    "Report",
    "Requirement",
    "ReturnContent",
    "ReturnPlan",
    "ReturnReadError",
    "Role",
    "RoleChange",
    "Round",
    "RoundMismatchError",
    "Severity",
    "Summary",
    "Task",
    "TaskChange",
    "Timeliness",
    "Unit",
    "UnitGroup",
    "UnitKind",
    "UnknownNoticeError",
    "UnknownRoundError",
    "UnknownTaskError",
    "UnknownUnitError",
    "Unresolved",
    "WorkbookWriteError",
    "WorkersUnavailableError",
    "Workload",
    "annotate",
    "bundled_notices",
    "check_notice",
    "consolidate",
    "draft_registry",
    "dump_notice",
    "fill_return",
    "generate_returns",
    "issue_types",
    "load_notice",
    "load_notice_text",
    "merge_paths",
    "parse_document",
    "parse_grid",
    "parse_text",
    "plan_returns",
    "read_docx",
    "read_notice",
    "read_pdf",
    "read_previous",
    "read_returns",
    "validate_paths",
    "write_compilation",
    "write_matrix_workbook",
    "write_notice_workbook",
    "write_reminders",
    "write_summary",
]
__version__ = "0.1.0.dev0"

del _return_issues


def __getattr__(name: str) -> object:
    """Load an edge name (workbooks, Word, PDF) on first use."""
    module = _EDGE.get(name)
    if module is None:
        raise AttributeError(f"module 'gzgk' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
