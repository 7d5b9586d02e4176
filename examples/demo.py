"""The main job on the bundled example: ``make demo`` runs this.

Parses the 赣州 2024 notice from the text copied out of its PDF, prints the
task × unit matrix, and writes the matrix workbook.

Run: python examples/demo.py [OUTPUT_DIR]
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from gzgk import Matrix, Registry, read_notice
from gzgk.excel.matrix_book import write_matrix_workbook
from gzgk.render import MatrixQuery, matrix_view, notice_summary


def main(out: Path) -> int:
    """Run the demo, writing files under ``out``; returns the exit code."""
    source = resources.files("gzgk") / "data" / "notices" / "ganzhou-2024.txt"
    registry = Registry.bundled()
    with resources.as_file(source) as path:
        result = read_notice(path, registry=registry)
    if not result.valid:
        print("\n".join(issue.describe() for issue in result.issues))
        return 1
    notice = result.notice
    print("== 1. 解析通知 ==")
    print(notice_summary(notice))
    print()
    print("== 2. 分工矩阵 ==")
    matrix = Matrix.build(notice, registry)
    print(matrix_view(matrix, MatrixQuery(), "table"))
    print()
    workbook = write_matrix_workbook(matrix, out / "分工矩阵.xlsx")
    print(f"需要报送的单位：{len(matrix.reporting_units())} 个；分工矩阵工作簿：{workbook}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "build/demo")))
