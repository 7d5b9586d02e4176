"""A notice received as a Word file, read directly: header facts from text, tasks from the table.

The script first writes a small Word notice (as an office would receive it),
with a 分工表 whose 类别 column is merged down and one task merged over two
rows, then reads it with ``read_notice`` as ``gzgk parse 通知.docx`` does. The
task's two rows of units are joined into it, a reading the parser says
(``units-from-rows-below``) so that the clerk checks it.

Run: ``python examples/word_notice.py [FOLDER]``
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from docx import Document

from gzgk import read_notice

ROWS = [
    ("序号", "类别", "主要任务", "牵头单位", "责任单位"),
    ("1", "政策解读", "深化政策解读。同步发布。", "市政府办公室", "各县（市、区）人民政府"),
    ("2", "数据开放", "推进数据开放。编制公共数据开放目录。", "市发改委", "市数据局"),
    ("2", "数据开放", "推进数据开放。编制公共数据开放目录。", "市发改委", "市财政局"),
]  # fmt: skip


def write_notice(path: Path) -> Path:
    """A Word notice: title, recipients, deadline, and a 分工表 with merged cells."""
    document = Document()
    for text in (
        "赣州市人民政府办公室关于印发政务公开任务分工的通知",
        "各县（市、区）人民政府，市政府各部门：",
        "请于2025年12月10日前将落实情况报市政府办公室政务公开科。",
    ):
        document.add_paragraph(text)
    table = document.add_table(rows=len(ROWS), cols=len(ROWS[0]))
    for row, values in zip(table.rows, ROWS, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    category = table.cell(2, 1).merge(table.cell(3, 1))  # 类别 merged down
    category.text = "数据开放"
    for column in (0, 2, 3):  # task 2 merged over two rows, two 责任单位
        table.cell(2, column).merge(table.cell(3, column)).text = ROWS[2][column]
    document.add_paragraph("赣州市人民政府办公室")
    document.save(str(path))
    return path


def main(folder: Path) -> None:
    """Write the Word notice, read it, print what was read."""
    result = read_notice(write_notice(folder / "通知.docx"))
    notice = result.notice
    print(notice.title)
    print(f"报送时限：{notice.report_due}，报送至：{notice.contact.office}")
    for task in notice.tasks:
        print(
            f"  {task.number}. [{task.section}] {task.title}：牵头 {'、'.join(task.lead)}；"
            f"责任 {'、'.join(task.responsible)}"
        )
    print(f"问题：{len(result.issues)} 条")
    for issue in result.issues:
        print(f"  {issue.code}：{issue.message}")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]))
    else:
        with tempfile.TemporaryDirectory() as temporary:
            main(Path(temporary))
