"""A 分工表 in a Word file broken into several tables: read as one, or said, never lost."""

from __future__ import annotations

from pathlib import Path

import docx

from gzgk import read_notice

HEADER = ["序号", "主要任务", "牵头单位", "配合单位"]
FIRST = [
    ["1", "加强政策解读，做好政策文件解读。", "市政府办公室", "市司法局"],
    ["2", "推进数据开放，编制开放目录。", "市发改委", "市财政局"],
]
REST = [
    ["3", "优化营商环境，压减审批时限。", "市行政审批局", "市市场监管局"],
    ["4", "强化督促检查，督促改进。", "市政府办公室", "市统计局"],
]


def _word(path: Path, *tables: list[list[str]]) -> Path:
    """A notice whose tables are separated by an empty paragraph (how Word breaks one)."""
    document = docx.Document()
    document.add_paragraph("关于印发2025年重点工作任务分工的通知")
    document.add_paragraph("各县（市、区）人民政府，市政府各部门：")
    for rows in tables:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                table.cell(row, column).text = text
        document.add_paragraph("")
    document.add_paragraph("请于2025年12月10日前报送落实情况。")
    document.save(str(path))
    return path


def test_table_without_header_goes_on_from_the_one_before(tmp_path: Path) -> None:
    """The second part of a table broken in two (no header, as many columns) is its rest."""
    result = read_notice(_word(tmp_path / "通知.docx", [HEADER, *FIRST], REST), isolated=False)
    assert [(t.number, t.lead, t.cooperating) for t in result.notice.tasks] == [
        ("1", ("市政府办公室",), ("市司法局",)),
        ("2", ("市发改委",), ("市财政局",)),
        ("3", ("市行政审批局",), ("市市场监管局",)),
        ("4", ("市政府办公室",), ("市统计局",)),
    ]
    assert [issue.code for issue in result.issues] == []


def test_table_read_for_no_task_is_said(tmp_path: Path) -> None:
    """A numbered table that cannot go on from the one before (another width) is said, not lost."""
    rest = [[*row, "备注"] for row in REST]
    result = read_notice(_word(tmp_path / "通知.docx", [HEADER, *FIRST], rest), isolated=False)
    assert [t.number for t in result.notice.tasks] == ["1", "2"]
    said = [issue for issue in result.issues if issue.code == "text-ignored"]
    assert len(said) == 1
    assert "表2：3 优化营商环境" in said[0].message
