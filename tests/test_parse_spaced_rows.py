"""A web table flattened one row a line, single spaces between its cells: read as a table.

A page copied as text gives ``序号 重点工作任务分解 责任领导 责任部门 完成期限 监督方式``
and under it ``1 主动对接…。 易承志 经济发展局 持续推进 区委、区政府``: each line that
opens with a row number is a row, its cells split at the spaces. The people of
a 责任领导 column and the bodies of a column that assigns nothing (监督方式) are
no units; a last row cut short is said, never filled.
"""

from __future__ import annotations

import pytest
from support.parsing import HEAD, as_txt

from gzgk.parse.webtable import unspace

ROWS = (
    "1 推进城市更新，完成老旧小区改造30个。 王明 住建局 2025年底 区委、区政府\n"
    "2 加快产业园建设，引进项目5个。 李强、王明 招商中心、经济发展局 持续推进 区委、区政府\n"
)


@pytest.mark.parametrize(
    "header",
    [
        "序号 重点工作任务分解 责任领导 责任部门 完成期限 监督方式",
        "序号 工作任务 分管领导 责任单位 完成时限 督办方式",
        "编号 目标任务分解 责任领导 责任单位 时间节点 备注",
    ],
)
def test_spaced_rows_read_as_a_table(header: str) -> None:
    """Each numbered line is a row; its unit column gives the task's units, nothing else does."""
    result = as_txt(HEAD + header + "\n" + ROWS, "spaced")
    got = [(t.number, t.lead, t.responsible, t.cooperating) for t in result.notice.tasks]
    assert got == [
        ("1", (), ("住建局",), ()),
        ("2", (), ("招商中心", "经济发展局"), ()),
    ]
    assert result.notice.tasks[0].content.startswith("推进城市更新")


def test_a_cut_last_row_is_said() -> None:
    """A last row cut inside its task cell names no unit and is said (task-units-unparsable)."""
    text = (
        HEAD + "序号 工作任务 责任领导 责任部门 完成期限\n" + ROWS + "3 推动高速公路改扩建，完成\n"
    )
    result = as_txt(text, "spaced")
    assert [t.number for t in result.notice.tasks] == ["1", "2", "3"]
    assert result.notice.tasks[2].responsible == ()
    assert any(i.task == "3" for i in result.issues)


@pytest.mark.parametrize(
    "text",
    [
        "序号 工作任务\n1 推进城市更新。\n",  # two headings: no spaced table
        "主要任务 牵头单位 配合单位\n全面推进改革。\n",  # no row opens with a number
        "我们 要 认真 落实\n1 推进城市更新。 住建局\n",  # words, not headings
        # a row over several lines, as PDF text prints it: the table reader's, not a spaced row
        "序号 主要任务 牵头单位 配合单位\n1 推进城市 市住建局 市财政局\n更新工作。\n2 加快建设 市发改委\n",
    ],
)
def test_other_text_unchanged(text: str) -> None:
    """Text that is no spaced table is returned as it was."""
    assert unspace(text) == text
