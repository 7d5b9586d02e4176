"""The whole pipeline from ``import gzgk`` alone: notice → matrix → returns → checks → summary.

What an office script does in a season, in a few lines each:

1. read the notice (any file kind; here the bundled 赣州 notice) and build the matrix;
2. make a signing key and one return workbook per unit;
3. (units fill their returns — here two are filled by the script);
4. read and check what came back, write annotated copies of the faulty ones;
5. merge everything into the summary workbook and the Word compilation, and
   list who still owes what.

Run: ``python examples/pipeline.py [FOLDER]``
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

import gzgk


def main(folder: Path) -> None:
    """Run every step into ``folder``."""
    # 1. The notice and who does what.
    notice = gzgk.load_notice("ganzhou-2024")
    matrix = gzgk.Matrix.build(notice, gzgk.Registry.bundled())
    print(f"{len(notice.tasks)} 项任务，{len(matrix.reporting_units())} 个单位报送")

    # 2. A key and the returns.
    key = gzgk.Key.generate()
    key.save(folder / "签名密钥.txt")
    made = gzgk.generate_returns(matrix, folder / "报送表", key=key)
    print(f"生成报送表 {len(made.files)} 份")

    # 3. Two units fill theirs in (a clerk would use Excel or WPS).
    back = folder / "报回"
    back.mkdir()
    for plan, path in zip(made.plans, made.files, strict=True):
        if plan.unit.short_name not in ("市司法局", "章贡区"):
            continue
        entries = {
            task.number: gzgk.Entry(status="已完成", progress="已按要求完成全部工作。")
            for task, _role in plan.items
        }
        filled = gzgk.Filled(
            contact="张三",
            phone="0797-8992059",
            reviewer="李四",
            date=dt.date(2024, 7, 1),
            entries=entries,
        )
        gzgk.fill_return(path, back / path.name, filled)

    # 4. Read and check what came back.
    received = gzgk.read_returns([back], notice=notice, key=key)
    for item in received:
        state = "合格" if item.report.valid else "不合格"
        print(f"  {item.content.unit_name or item.path}：{state}")
        gzgk.annotate(item.report, folder / "退回", relative=item.relative)

    # 5. The summary, the Word compilation and the reminders.
    as_of = dt.datetime(2024, 7, 10, 18, 0).astimezone()
    summary = gzgk.merge_paths([back], notice=notice, key=key, as_of=as_of)
    gzgk.write_summary(summary, folder / "汇总表.xlsx")
    gzgk.write_compilation(summary, folder / "落实情况汇编.docx")
    gzgk.write_reminders(summary, folder / "催报清单.csv")
    counts = summary.counts()
    print(f"已报 {counts.received} 个单位，需要催报 {len(summary.reminders())} 个")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]))
    else:
        with tempfile.TemporaryDirectory() as temporary:
            main(Path(temporary))
