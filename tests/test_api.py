"""The public API is exactly what we mean to export, and the core stays pure."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest

import gzgk


def test_exported_members() -> None:
    """Every name in gzgk.__all__ exists, and every public top-level name is in __all__."""
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


def test_core_imports_no_excel_library() -> None:
    """Importing gzgk and using the core loads neither openpyxl, xlsxwriter nor xlwings."""
    code = (
        "import sys, gzgk;"
        "from gzgk import Matrix, load_notice;"
        "Matrix.build(load_notice('ganzhou-2024')).workload();"
        "print(sorted(m for m in ('openpyxl', 'xlsxwriter', 'xlwings') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
