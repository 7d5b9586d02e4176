"""gzgk: task-division notices (任务分工通知) from text to per-unit returns and back.

The core (model, registry, parsing, matrix, reports) is pure Python; the
Excel edge lives in :mod:`gzgk.excel` and loads only when a workbook is read
or written.
"""

from __future__ import annotations

from gzgk.convert import dump_notice, load_notice_text
from gzgk.errors import (
    GzgkError,
    NoticeFormatError,
    NoticeParseError,
    RegistryError,
    UnknownNoticeError,
    UnknownTaskError,
    UnknownUnitError,
)
from gzgk.matrix import Assigned, Matrix, MatrixDiff, Unresolved, Workload
from gzgk.model import (
    Assignment,
    Contact,
    GroupMembers,
    Notice,
    Reference,
    Requirement,
    Role,
    Task,
    Unit,
    UnitGroup,
    UnitKind,
)
from gzgk.parse import ParseResult, parse_grid, parse_text
from gzgk.registry import Registry
from gzgk.report import FileReport, Issue, Report, Severity
from gzgk.sources import bundled_notices, load_notice, read_notice

__all__ = [
    "Assigned",
    "Assignment",
    "Contact",
    "FileReport",
    "GroupMembers",
    "GzgkError",
    "Issue",
    "Matrix",
    "MatrixDiff",
    "Notice",
    "NoticeFormatError",
    "NoticeParseError",
    "ParseResult",
    "Reference",
    "Registry",
    "RegistryError",
    "Report",
    "Requirement",
    "Role",
    "Severity",
    "Task",
    "Unit",
    "UnitGroup",
    "UnitKind",
    "UnknownNoticeError",
    "UnknownTaskError",
    "UnknownUnitError",
    "Unresolved",
    "Workload",
    "bundled_notices",
    "dump_notice",
    "load_notice",
    "load_notice_text",
    "parse_grid",
    "parse_text",
    "read_notice",
]
__version__ = "0.1.0.dev0"
