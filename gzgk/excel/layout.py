"""The workbook contract: every sheet name, label, column and style gzgk writes or reads.

No other module spells a sheet title, a header label or a cell address.
Generation, reading, validation and merging all take them from here, so a
change of layout is a change of this module (and, for the return workbook,
of :data:`TEMPLATE_VERSION`).
"""

from __future__ import annotations

from typing import Final

from gzgk.model import Role, UnitKind

__all__ = [
    "FONT",
    "MATRIX",
    "ROLE_COLOURS",
    "MatrixLayout",
    "sheet_title",
]

FONT: Final = "宋体"
# Fill colours for role marks: strong for lead, softer for the others.
ROLE_COLOURS: Final[dict[Role | None, str]] = {
    Role.LEAD: "#F4B183",
    Role.RESPONSIBLE: "#BDD7EE",
    Role.COOPERATING: "#C6E0B4",
    Role.INFORMED: "#EDEDED",
    None: "#D9D9D9",  # an unresolved group or unknown name
}
_FORBIDDEN = set("\\/?*[]:")
_TITLE_MAX = 31


def sheet_title(text: str) -> str:
    r"""A valid worksheet title: at most 31 characters, none of ``\/?*[]:``."""
    cleaned = "".join("_" if ch in _FORBIDDEN else ch for ch in text).strip("'")
    return cleaned[:_TITLE_MAX] or "Sheet"


class MatrixLayout:
    """The matrix workbook (``gzgk matrix NOTICE -o FILE.xlsx``)."""

    MATRIX_SHEET: Final = "分工矩阵"
    WORKLOAD_SHEET: Final = "单位任务量"
    TASKS_SHEET: Final = "任务清单"
    UNRESOLVED_SHEET: Final = "待明确事项"
    TITLE_SUFFIX: Final = "任务分工矩阵"
    LEGEND: Final = "牵＝牵头单位　责＝责任单位　配＝配合单位　？＝成员待明确的单位组或名录外名称"
    NUMBER: Final = "编号"
    TASK: Final = "主要任务"
    TOTAL: Final = "涉及任务数"
    UNRESOLVED_MARK: Final = "？"
    KIND_HEADINGS: Final[dict[UnitKind | None, str]] = {
        UnitKind.COUNTY: "县（市、区）",
        UnitKind.ZONE: "功能区",
        UnitKind.DEPARTMENT: "市政府部门",
        UnitKind.INSTITUTION: "直属单位",
        UnitKind.OTHER: "其他单位",
        None: "待明确",
    }
    WORKLOAD_HEADER: Final = ("单位", "类别", "牵头", "责任", "配合", "合计")
    TASKS_HEADER: Final = ("编号", "主要任务", "任务内容", "牵头单位", "责任单位", "配合单位")
    UNRESOLVED_HEADER: Final = ("编号", "主要任务", "职责", "名称", "说明")
    EMPTY_UNRESOLVED: Final = "所有单位名称均已明确。"
    # Column widths (Excel character units) and the first rows.
    NUMBER_WIDTH: Final = 6
    TASK_WIDTH: Final = 30
    UNIT_WIDTH: Final = 3.2
    KIND_ROW: Final = 2
    UNIT_ROW: Final = 3
    FIRST_TASK_ROW: Final = 4


MATRIX: Final = MatrixLayout()
