"""Columns of 任务分工表, in text and in spreadsheets: what each column holds.

Which heading names which column is the vocabulary's business
(:func:`gzgk.lexicon.vocabulary.classify_heading`).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable

from attrs import frozen

from gzgk.model import Role

__all__ = ["BODIES", "Column", "ColumnKind", "role_label", "settle_columns"]


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
    notice's rules are. ``guessed``: the role of a unit column the vocabulary
    does not know, read from the known heading it ends in (reported).
    ``people``: a unit column whose heading names people too (责任单位及责任人,
    牵头单位（责任人）): the people its cells name are the task's leaders.
    """

    label: str
    kind: ColumnKind
    role: Role | None = None
    note: str = ""
    guessed: bool = False  # a heading the vocabulary lacks, read by the word it ends in
    people: bool = False  # units and their people (责任单位及责任人): the people are leaders


def role_label(role: Role) -> str:
    """The usual heading of a role's column: 牵头单位, 责任单位, 配合单位, 知悉单位."""
    return f"{role.label}单位"


def settle_columns(columns: dict[int, Column], known: Callable[[str], bool]) -> dict[int, Column]:
    """The columns as the table uses them, whatever their headings say.

    * A text column left of the 序号 column groups the rows (考核项目 | 序号 |
      考核内容 …): it is a section column.
    * When no column is a title or content column, the first whose heading
      ``known`` does not know becomes the content: any column that is not
      units, people or dates may hold the tasks. Failing one, the first
      column known to assign nothing (目标任务, not 备注) becomes the content,
      a guess that is reported (``guessed``).
    * When no column names a role, a single column whose heading names
      bodies (监考单位, 负责科室) is read as responsible, a guess that is
      reported (``guessed``).
    """
    result = dict(columns)
    if not any(c.kind is ColumnKind.UNITS for c in result.values()):
        bodies = [
            i for i, c in result.items() if c.kind is ColumnKind.OTHER and BODIES.search(c.label)
        ]
        if len(bodies) == 1:
            (index,) = bodies
            column = result[index]
            result[index] = Column(
                column.label, ColumnKind.UNITS, Role.RESPONSIBLE, note=column.note, guessed=True
            )
    number = min((i for i, c in result.items() if c.kind is ColumnKind.NUMBER), default=None)
    for index, column in result.items():
        if number is not None and index < number and column.kind in _TEXT:
            result[index] = Column(column.label, ColumnKind.SECTION, note=column.note)
    if any(c.kind in _TEXT for c in result.values()):
        return result
    for index, column in sorted(result.items()):
        if column.kind is ColumnKind.OTHER and not known(column.label):
            result[index] = Column(column.label, ColumnKind.CONTENT, note=column.note)
            return result
    for index, column in sorted(result.items()):
        if column.kind is ColumnKind.OTHER and column.label not in _NOTES:
            result[index] = Column(column.label, ColumnKind.CONTENT, note=column.note, guessed=True)
            break
    return result


# Headings of notes beside a task: never its text.
_NOTES = ("备注", "说明", "附注")


_TEXT = (ColumnKind.TITLE, ColumnKind.CONTENT)
# A heading that names bodies (评分部门, 监考单位, 负责科室), whatever their role.
BODIES = re.compile(r"(?:单位|部门|处室|科室)$")
