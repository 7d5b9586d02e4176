"""Families of forms notices-heldout13 brought, each read by one rule (never one notice's text).

建设单位 (the body that builds a project) is a responsible label like 实施单位: in a
重大工程 table flattened one cell a line its names used to join the lead's cell, and the
column was said to be ignored, so every task was wrong with no task named.
"""

from __future__ import annotations

from support.parsing import HEAD, units

from gzgk import parse_text

FLAT = """2025年重大工程建设计划

序号

项目名称

牵头单位

建设单位

建设目标

所处区域

一

市政设施类（3个）

1

新城优化市政道路（崇文路、崇寿路等）

区交通委

新城公司

在建

新城

2

林润路道路新建工程

工业区管委会

国资集团

新开工

工业区
"""


def test_builder_column_of_a_flattened_table_is_responsible() -> None:
    """One name a line under 牵头单位 and 建设单位: each its own column, not one lead cell."""
    result = parse_text(HEAD + FLAT)
    read = {task.number: units(task) for task in result.notice.tasks}
    assert read == {
        "1": (("区交通委",), ("新城公司",), ()),
        "2": (("工业区管委会",), ("国资集团",), ()),
    }
    ignored = [issue.message for issue in result.issues if issue.code == "column-ignored"]
    assert not any("建设单位" in message for message in ignored)


def test_builder_label_line_is_responsible() -> None:
    """建设单位：X on a label line, and 各建设单位 as a name, read as any other label and name."""
    text = (
        HEAD + "（一）推进道路建设。加快施工。\n牵头单位：区交通委\n建设单位：区城投公司\n"
        "（二）推进绿化。建设单位要落实责任。（责任单位：区绿容局、各建设单位）\n"
    )
    result = parse_text(text)
    read = {task.number: units(task) for task in result.notice.tasks}
    assert read == {
        "一": (("区交通委",), ("区城投公司",), ()),
        "二": ((), ("区绿容局", "各建设单位"), ()),
    }
    assert result.notice.tasks[1].content == "建设单位要落实责任。"  # prose, not a label
