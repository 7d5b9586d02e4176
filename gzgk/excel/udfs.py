"""Worksheet functions for Excel on Windows (optional): ask the matrix from a cell.

With the add-in installed and this module listed in its ``UDF_MODULES``
setting (``gzgk.excel.udfs``), Excel offers:

* ``=GZGK_ROLE("市司法局", "三")`` → ``牵头`` (the unit's role in a task, "" when none);
* ``=GZGK_TASKS("市司法局")`` → ``（三）（五）（九）…`` (the tasks of a unit);
* ``=GZGK_UNITS("八", "牵头")`` → the units of a task, joined with 、.

The notice is the bundled one unless a third argument names another (a path or
a bundled name). Matrices are built once per notice and kept. Windows Excel only
(xlwings' UDFs); WPS and LibreOffice ignore them. The functions answer with text,
and with a Chinese message instead of an error value when a name is unknown.
"""

from __future__ import annotations

import functools

import xlwings

from gzgk.errors import GzgkError
from gzgk.matrix import Matrix
from gzgk.model import Role
from gzgk.sources import load_notice

__all__ = ["GZGK_ROLE", "GZGK_TASKS", "GZGK_UNITS"]

DEFAULT_NOTICE = "ganzhou-2024"


@functools.lru_cache(maxsize=8)
def _matrix(notice: str) -> Matrix:
    return Matrix.build(load_notice(notice or DEFAULT_NOTICE))


@xlwings.func
def GZGK_ROLE(unit: str, task: str, notice: str = DEFAULT_NOTICE) -> str:  # noqa: N802 - Excel's style
    """The role of a unit in a task: 牵头, 责任, 配合 or "" (groups expanded)."""
    try:
        role = _matrix(notice).role_of(str(unit), str(task))
    except GzgkError as error:
        return error.message
    return role.label if role else ""


@xlwings.func
def GZGK_TASKS(unit: str, notice: str = DEFAULT_NOTICE) -> str:  # noqa: N802
    """The tasks of a unit, as printed numbers: （三）（五）（九）."""
    try:
        tasks = _matrix(notice).tasks_of(str(unit), expand=True)
    except GzgkError as error:
        return error.message
    return "".join(task.label for task in tasks)


@xlwings.func
def GZGK_UNITS(task: str, role: str = "", notice: str = DEFAULT_NOTICE) -> str:  # noqa: N802
    """The units of a task (one role, or all), joined with 、."""
    try:
        chosen = Role.parse(role) if role else None
        holders = _matrix(notice).units_of(str(task), chosen, expand=True)
    except (GzgkError, ValueError) as error:
        return error.message if isinstance(error, GzgkError) else "职责应为 牵头、责任 或 配合"
    return "、".join(holder.name for holder in holders)
