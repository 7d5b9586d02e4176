"""Columns of 任务分工表, in text and in spreadsheets: what each column holds.

Which heading names which column is the vocabulary's business
(:func:`gzgk.parse.vocabulary.classify_heading`).
"""

from __future__ import annotations

import enum

from attrs import frozen

from gzgk.model import Role

__all__ = ["Column", "ColumnKind", "role_label"]


class ColumnKind(enum.Enum):
    """What a column of a 任务分工表 holds."""

    NUMBER = "number"
    TITLE = "title"
    CONTENT = "content"
    UNITS = "units"
    LEADERS = "leaders"
    DEADLINE = "deadline"
    SECTION = "section"  # the group a task belongs to (类别, 重点领域), often merged down
    OTHER = "other"  # a known column that assigns nothing (备注, 建设地点 …)


@frozen
class Column:
    """A recognised column heading: its kind, and the role for unit columns.

    ``note`` is what the heading says in brackets after its words
    (责任单位（排在第一位的为牵头单位）): a rule for the column, read as the
    notice's rules are.
    """

    label: str
    kind: ColumnKind
    role: Role | None = None
    note: str = ""


def role_label(role: Role) -> str:
    """The usual heading of a role's column: 牵头单位, 责任单位, 配合单位, 知悉单位."""
    return f"{role.label}单位"
