"""Merge returned workbooks into a summary from a script, and see who is still to chase.

Generates the returns of the bundled notice into a temporary folder, lets two
units fill theirs (one on time, one late), then merges the folder as of
2024-07-10 and prints the counts, one unit's entry and the reminders.

Run: python examples/merge_returns.py
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from openpyxl import load_workbook

from gzgk import (
    Entry,
    Filled,
    Matrix,
    fill_return,
    generate_returns,
    load_notice,
    merge_paths,
    write_summary,
)


def main() -> None:
    """Generate, fill two, merge, print."""
    notice = load_notice("ganzhou-2024")
    matrix = Matrix.build(notice)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        generated = generate_returns(matrix, work / "报送表", units=["章贡区", "市司法局"])
        for plan, blank, date in zip(
            generated.plans,
            generated.files,
            (dt.date(2024, 7, 3), dt.date(2024, 7, 8)),
            strict=True,
        ):
            entries = {
                task.number: Entry(status="推进中", progress="已制定工作方案，按月调度推进。")
                for task, _role in plan.items
            }
            filled = Filled(
                contact="王芳", phone="0797-8992059", reviewer="李明", date=date, entries=entries
            )
            fill_return(blank, work / "报回" / blank.name, filled)

        as_of = dt.datetime(2024, 7, 10, 18, 0).astimezone()
        summary = merge_paths([work / "报回"], notice=notice, as_of=as_of)
        counts = summary.counts()
        print(f"应报 {counts.expected}，已报 {counts.received}，逾期报送 {counts.late}")
        justice = summary.unit("市司法局")
        entry = justice.entry(notice.task("三"))
        print(
            f"市司法局在任务（三）：{justice.timeliness.label}，{entry.status if entry else '无'}"
        )
        print(f"需要催报：{len(summary.reminders())} 个单位")
        path = write_summary(summary, work / "汇总表.xlsx")
        print("汇总表的工作表：" + "、".join(load_workbook(path, read_only=True).sheetnames))


if __name__ == "__main__":
    main()
