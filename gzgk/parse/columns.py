"""Column headings of 任务分工表, in text and in spreadsheets: what each column holds."""

from __future__ import annotations

import enum
import re
import unicodedata

from attrs import frozen

from gzgk.model import Role

__all__ = ["Column", "ColumnKind", "classify_heading", "role_label"]

_SPACE = re.compile(r"\s+")


class ColumnKind(enum.Enum):
    """What a column of a 任务分工表 holds."""

    NUMBER = "number"
    TITLE = "title"
    CONTENT = "content"
    UNITS = "units"
    LEADERS = "leaders"
    DEADLINE = "deadline"


@frozen
class Column:
    """A recognised column heading: its kind, and the role for unit columns."""

    label: str
    kind: ColumnKind
    role: Role | None = None


_NUMBER = ("序号", "编号", "序", "任务编号")
_TITLE = (
    "主要任务",
    "重点任务",
    "工作任务",
    "任务",
    "任务名称",
    "主要工作",
    "重点工作",
    "任务事项",
)
_CONTENT = (
    "任务内容",
    "工作内容",
    "具体任务",
    "工作措施",
    "具体措施",
    "主要内容",
    "具体内容",
    "工作要求",
    "任务要求",
    "主要措施",
    "具体工作",
    "具体工作任务",
    "工作任务内容",
)
_LEADERS = ("牵头负责领导", "牵头领导", "责任领导", "分管领导", "负责领导", "市领导")
_DEADLINE = ("完成时限", "时间节点", "完成时间", "时限", "时限要求", "完成期限")
_PLAIN = (
    (_NUMBER, ColumnKind.NUMBER),
    (_LEADERS, ColumnKind.LEADERS),
    (_TITLE, ColumnKind.TITLE),
    (_CONTENT, ColumnKind.CONTENT),
    (_DEADLINE, ColumnKind.DEADLINE),
)
_ROLE_PREFIXES = {
    Role.LEAD: ("牵头",),
    Role.RESPONSIBLE: ("责任", "落实", "承办"),
    Role.COOPERATING: ("配合", "协同", "协办", "参与"),
    Role.INFORMED: ("知悉",),
}
_UNIT_SUFFIXES = ("单位", "部门")


def classify_heading(text: str) -> Column | None:
    """The column a heading names (``牵头单位`` → lead units), or None."""
    key = _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))
    key = key.strip("*＊:：")
    if not key:
        return None
    for words, kind in _PLAIN:
        if key in words:
            return Column(key, kind)
    for role, prefixes in _ROLE_PREFIXES.items():
        for prefix in prefixes:
            if key.startswith(prefix) and key.removeprefix(prefix) in _UNIT_SUFFIXES:
                return Column(key, ColumnKind.UNITS, role)
    return None


def role_label(role: Role) -> str:
    """The usual heading of a role's column: 牵头单位, 责任单位, 配合单位, 知悉单位."""
    return f"{role.label}单位"
