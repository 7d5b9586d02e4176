"""A notice read with an error, corrected in its 分工表 workbook, and used as the notice.

The script writes a small text notice whose third task names no unit, reads
it (``gzgk parse 通知.txt -o 分工表.xlsx`` does the same), writes the 分工表
workbook with that task marked, then types the missing unit into the marked
cell as the clerk would in Excel, and reads the corrected workbook back as
the notice (``gzgk generate 分工表.xlsx …`` does the same).

Run: ``python examples/notice_workbook.py [FOLDER]``
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook

import gzgk

TEXT = """关于印发2025年政务公开重点工作任务分工的通知
各县（市、区）人民政府，市政府各部门：
现将任务分工如下，请认真贯彻落实。
1.加强政策解读。坚持政策文件与解读材料同步起草、同步审签、同步发布。
牵头单位：市政府办公室
配合单位：市司法局、市发改委
2.推进数据开放。编制公共数据开放目录，分批次开放高价值数据集。
牵头单位：市发改委
3.强化督促检查。对工作落实不到位的单位以适当形式督促改进。
4.规范政府网站管理。每季度开展一次政府网站与政务新媒体检查。
牵头单位：市政府办公室
责任单位：各县（市、区）人民政府
请于2025年12月10日前报送落实情况。
"""


def correct(book: Path, task: int, unit: str) -> None:
    """Type a unit into a task's 牵头单位 cell, as the clerk does in Excel (found by the header)."""
    workbook = load_workbook(book)
    sheet = workbook["分工表"]
    header = next(row for row in sheet.iter_rows() if any(c.value == "牵头单位" for c in row))
    column = next(c.column_letter for c in header if c.value == "牵头单位")
    sheet[f"{column}{header[0].row + task}"] = unit
    workbook.save(book)


def main(folder: Path) -> None:
    """Read, write the workbook, correct it, read it back."""
    notice = folder / "通知.txt"
    notice.write_text(TEXT, encoding="utf-8")
    parsed = gzgk.read_notice(notice)
    for issue in parsed.issues:
        print(issue.describe(with_path=False))
    book = gzgk.write_notice_workbook(
        parsed.notice, folder / "分工表.xlsx", issues=parsed.issues, source=str(notice)
    )
    print(f"已写入 {book.name}；有错误的任务在表中标为粉红色")
    corrected = folder / "分工表（已改正）.xlsx"
    corrected.write_bytes(book.read_bytes())
    correct(corrected, 3, "市审计局")
    read_back = gzgk.read_notice(corrected)
    print(f"改正后读回：{len(read_back.issues)} 个问题")
    for task in read_back.notice.tasks:
        print(f"{task.number}. {task.title}：牵头 {'、'.join(task.lead)}")
    matrix = gzgk.Matrix.build(read_back.unwrap(), gzgk.Registry.bundled())
    print(f"需要报送的单位：{len(matrix.reporting_units())} 个")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]))
    else:
        with tempfile.TemporaryDirectory() as temporary:
            main(Path(temporary))
