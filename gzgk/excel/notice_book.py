"""Read the sheets of a 分工表 workbook into grids of strings, merged cells filled."""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from gzgk.errors import GzgkError
from gzgk.files import os_reason
from gzgk.workers import Limits

__all__ = ["MAX_GRID_BYTES", "GridReadError", "read_grids"]

MAX_GRID_BYTES = 20 * 1024 * 1024
Grid = list[list[str | None]]


class GridReadError(GzgkError, OSError):
    """A 分工表 workbook cannot be opened."""

    code = "source-unreadable"


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    text = str(value).strip()
    return text or None


def read_grids(path: str | Path, *, max_cells: int | None = None) -> list[tuple[str, Grid]]:
    """Every visible sheet as (title, rows of cell texts); merged ranges filled.

    Args:
        path: the workbook.
        max_cells: the most cells a sheet may span (rows × columns used);
            :attr:`gzgk.workers.Limits.cells` by default.

    Raises:
        GridReadError: the file is too large, not an .xlsx workbook, unreadable,
            or a sheet spans more cells than a 分工表 could.
    """
    limit = Limits().cells if max_cells is None else max_cells
    file = Path(path)
    try:
        size = file.stat().st_size
    except OSError as error:
        raise GridReadError(f"无法打开“{file.name}”：{os_reason(error)}") from error
    if size > MAX_GRID_BYTES:
        raise GridReadError(
            f"“{file.name}”超过 {MAX_GRID_BYTES // 1024 // 1024} MB，不像是任务分工表"
        )
    try:
        with (
            warnings.catch_warnings()
        ):  # openpyxl's remarks on odd files are not the user's business
            warnings.simplefilter("ignore")
            workbook = load_workbook(file, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise GridReadError(f"“{file.name}”不是有效的 .xlsx 工作簿：{error}") from error
    grids: list[tuple[str, Grid]] = []
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            continue
        cells = sheet.max_row * sheet.max_column
        if cells > limit:
            raise GridReadError(
                f"“{file.name}”的“{sheet.title}”工作表使用了 {cells} 个单元格（上限 {limit}），"
                "远超任务分工表应有的大小"
            )
        rows: Grid = [[_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        for merged in sheet.merged_cells.ranges:
            value = rows[merged.min_row - 1][merged.min_col - 1] if rows else None
            for row in range(merged.min_row - 1, min(merged.max_row, len(rows))):
                for column in range(merged.min_col - 1, min(merged.max_col, len(rows[row]))):
                    rows[row][column] = value
        grids.append((sheet.title, rows))
    workbook.close()
    return grids
