"""The public API is exactly what we mean to export, and the core stays pure."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import gzgk

# The public API, pinned: a name added or removed must be added or removed here too.
EXPORTED = [
    "Assigned", "Assignment", "Comparison", "Contact", "ConversionFailedError",
    "ConverterMissingError", "DocLine", "DocTable", "Document", "DocumentError", "Entry",
    "FileReport", "Filled", "GenerateResult", "GroupMembers", "GzgkError", "History",
    "HistoryError", "Issue", "IssueType", "Key", "KeyFileError", "KeyMismatchError", "Limits",
    "MainNotGuardedError", "Matrix", "MatrixDiff", "Notice", "NoticeFormatError",
    "NoticeParseError", "OutputLockedError", "OutputRefusedError", "ParseResult",
    "PathNotFoundError", "PdfNoTextError", "Previous", "Received", "Reference", "Registry",
    "RegistryError", "Reminder", "Report", "Requirement", "ReturnContent", "ReturnPlan",
    "ReturnReadError", "Role", "RoleChange", "Round", "RoundMismatchError", "Severity", "Summary", "Task", "TaskChange",
    "Timeliness", "Unit", "UnitGroup", "UnitKind", "UnknownNoticeError", "UnknownRoundError",
    "UnknownTaskError", "UnknownUnitError", "Unresolved", "WorkbookWriteError", "WorkersUnavailableError", "Workload",
    "annotate", "bundled_notices", "check_notice", "consolidate", "draft_registry", "dump_notice",
    "fill_return", "generate_returns", "issue_types", "load_notice", "load_notice_text",
    "merge_paths", "parse_document", "parse_grid", "parse_text", "plan_returns", "read_docx",
    "read_notice", "read_pdf", "read_previous", "read_returns", "validate_paths",
    "write_compilation", "write_matrix_workbook", "write_notice_workbook", "write_reminders",
    "write_summary",
]  # fmt: skip


def test_exported_members() -> None:
    """gzgk.__all__ is the pinned list; every name exists; every public top-level name is in it."""
    assert gzgk.__all__ == EXPORTED
    for name in gzgk.__all__:
        assert hasattr(gzgk, name), name
    public = {
        name
        for name, value in vars(gzgk).items()
        if not name.startswith("_") and not isinstance(value, type(gzgk)) and name != "annotations"
    }
    assert public == set(gzgk.__all__)


MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(gzgk.__path__, "gzgk.")
    if info.name != "gzgk.__main__"
)


@pytest.mark.parametrize("name", MODULES)
def test_every_module_declares_all(name: str) -> None:
    """Every module lists its public names in an __all__ (ruff keeps it sorted) that exists."""
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert exported is not None, name
    for item in exported:
        assert hasattr(module, item), f"{name}.{item}"


def fresh(code: str) -> str:
    """What ``code`` prints when run in a new interpreter (nothing imported before it)."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_issue_catalogue_is_complete_at_import() -> None:
    """Importing gzgk alone registers every issue code, of notices and of returns alike."""
    code = (
        "import gzgk;"
        "topics = {t.topic for t in gzgk.issue_types()};"
        "codes = {t.code for t in gzgk.issue_types()};"
        "print(sorted(topics), 'task-units-unparsable' in codes, 'missing-value' in codes)"
    )
    assert fresh(code) == "['notice', 'return'] True True"


def test_edge_names_load_on_first_use() -> None:
    """Importing gzgk loads no workbook, Word or PDF library; an edge name loads its own."""
    code = (
        "import sys, gzgk;"
        "heavy = ('openpyxl', 'xlsxwriter', 'docx', 'pdfplumber', 'xlwings');"
        "before = [m for m in heavy if m in sys.modules];"
        "gzgk.write_compilation;"
        "after = [m for m in heavy if m in sys.modules];"
        "print(before, 'docx' in after)"
    )
    assert fresh(code) == "[] True"


def test_core_imports_no_excel_library() -> None:
    """Importing gzgk and using the core loads neither openpyxl, xlsxwriter nor xlwings."""
    code = (
        "import sys, gzgk;"
        "from gzgk import Matrix, load_notice;"
        "Matrix.build(load_notice('ganzhou-2024')).workload();"
        "print(sorted(m for m in ('openpyxl', 'xlsxwriter', 'xlwings') if m in sys.modules))"
    )
    assert fresh(code) == "[]"


def test_library_checks_survive_optimised_python() -> None:
    """No assert statement in gzgk/: python -O removes them, and a check must not vanish."""
    package = Path(gzgk.__file__).parent
    found = [
        f"{path.relative_to(package)}:{node.lineno}"
        for path in sorted(package.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Assert)
    ]
    assert found == []


def test_readers_and_lexicon_never_import_the_parser() -> None:
    """gzgk.documents and gzgk.lexicon import nothing of gzgk.parse: the words sit below both."""
    package = Path(gzgk.__file__).parent
    found = [
        f"{path.relative_to(package)}:{node.lineno}"
        for folder in ("documents", "lexicon")
        for path in sorted((package / folder).rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if (
            isinstance(node, ast.ImportFrom)
            and (node.module or "").startswith(("gzgk.parse", "parse"))
        )
        or (
            isinstance(node, ast.Import)
            and any(alias.name.startswith("gzgk.parse") for alias in node.names)
        )
    ]
    assert found == []
