"""The main job on the bundled example: ``make demo`` runs this.

1. Parse the 赣州 2024 notice from the text copied out of its PDF.
2. Print the task × unit matrix and write the matrix workbook.
3. Make a signing key and generate one return workbook per unit.
4. Fill three returns as units would (one well, two with mistakes).
5. Validate what came back, and write annotated copies for the units.

Run: python examples/demo.py [OUTPUT_DIR]   (default build/demo)
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from importlib import resources
from pathlib import Path

from gzgk import Matrix, Registry, read_notice
from gzgk.excel.fill import fill_return
from gzgk.excel.generate import generate_returns
from gzgk.excel.matrix_book import write_matrix_workbook
from gzgk.excel.validate import annotate, validate_paths
from gzgk.render import MatrixQuery, matrix_view, notice_summary, report_text
from gzgk.returns import Entry, Filled
from gzgk.signing import Key


def sample_answers(matrix: Matrix, unit: str, *, careless: bool = False) -> Filled:
    """What a unit might write: complete, or with the slips the validator catches."""
    entries = {}
    for task, role in matrix.assignments_of(unit, expand=True):
        entries[task.number] = Entry(
            status="已完成" if role.label == "牵头" else "推进中",
            progress=f"围绕“{task.title}”制定了工作方案，明确责任人和时间表，已按月调度推进。",
            evidence="工作方案、调度台账",
            plans="下半年开展专项督查。",
        )
    if careless:
        first, second = list(entries)[:2]
        entries[first] = Entry(status="完成了", progress="已完成相关工作并形成台账。")
        entries[second] = Entry(status="推进中", progress="无")
    return Filled(
        contact="王芳",
        phone="" if careless else "0797-8992059",
        reviewer="陈明",
        date=dt.date(2024, 7, 8) if careless else dt.date(2024, 7, 1),
        entries=entries,
    )


def main(out: Path) -> int:
    """Run the demo, writing files under ``out``; returns the exit code."""
    source = resources.files("gzgk") / "data" / "notices" / "ganzhou-2024.txt"
    registry = Registry.bundled()
    with resources.as_file(source) as path:
        result = read_notice(path, registry=registry)
    if not result.valid:
        print("\n".join(issue.describe() for issue in result.issues))
        return 1
    print("== 1. 解析通知 ==")
    print(notice_summary(result.notice))
    print()
    print("== 2. 分工矩阵 ==")
    matrix = Matrix.build(result.notice, registry)
    print(matrix_view(matrix, MatrixQuery(), "table"))
    print(f"分工矩阵工作簿：{write_matrix_workbook(matrix, out / '分工矩阵.xlsx')}")
    print()

    print("== 3. 生成报送表 ==")
    key = Key.generate()
    (out / "签名密钥.txt").parent.mkdir(parents=True, exist_ok=True)
    (out / "签名密钥.txt").write_text(key.to_text(), encoding="utf-8")
    returns = out / "报送表"
    shutil.rmtree(returns, ignore_errors=True)
    generated = generate_returns(matrix, returns, key=key)
    count, listing = len(generated.files), generated.distribution.name
    print(f"已生成 {count} 份报送表（已签名，密钥标识 {key.id}）和 {listing}")
    print()

    print("== 4. 三个单位填报（一份认真、两份有错） ==")
    back = out / "报回"
    shutil.rmtree(back, ignore_errors=True)
    by_unit = {
        plan.unit.short_name: path
        for plan, path in zip(generated.plans, generated.files, strict=True)
    }
    fill_return(
        by_unit["章贡区"], back / "章贡区-落实情况报送表.xlsx", sample_answers(matrix, "章贡区")
    )
    careless = sample_answers(matrix, "市司法局", careless=True)
    fill_return(by_unit["市司法局"], back / "市司法局-落实情况报送表.xlsx", careless)
    # 南康区 saves its return under 赣县区's name by mistake.
    fill_return(
        by_unit["南康区"], back / "赣县区-落实情况报送表.xlsx", sample_answers(matrix, "南康区")
    )
    print(f"报回的文件在 {back}")
    print()

    print("== 5. 检查报回的报送表 ==")
    report = validate_paths([back], notice=matrix.notice, registry=registry, key=key)
    print(report_text(report))
    annotated = [path for file in report.files if (path := annotate(file, out / "批注"))]
    print(f"已为 {len(annotated)} 份有问题的报送表写出批注副本：{out / '批注'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "build/demo")))
