"""The runnable examples run and print what they promise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).parents[1] / "examples"


def run_example(name: str, *args: str) -> str:
    """Run an example script with this interpreter; its stdout."""
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / name), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_query_matrix() -> None:
    """query_matrix.py answers the four questions of the issue."""
    out = run_example("query_matrix.py")
    assert "市司法局牵头的任务： （三）、（五）、（九）" in out
    assert "任务（八）持续推进基层政务公开标准化规范化建设：各县（市、区）人民政府（牵头）" in out
    assert "章贡区：牵头 1 项，责任 11 项" in out
    assert "需要报送的单位：55 个" in out


def test_state_group_members() -> None:
    """state_group_members.py shows a stated member gaining the group's role."""
    out = run_example("state_group_members.py")
    assert "任务（一）中市政府有关部门指： 市统计局、市金融局" in out
    assert "明确前，市统计局在任务（一）中： 无职责" in out
    assert "明确后，市统计局在任务（一）中： 责任单位" in out


def test_demo(tmp_path: Path) -> None:
    """demo.py parses, prints the matrix, generates every return, fills three and validates them."""
    out = run_example("demo.py", str(tmp_path))
    assert "共 12 项任务，报送时限 2024-07-05" in out
    assert "（十二）" in out
    assert (tmp_path / "分工矩阵.xlsx").is_file()
    assert "已生成 55 份报送表（已签名" in out
    assert len(list((tmp_path / "报送表").glob("*.xlsx"))) == 56
    assert "共检查 3 个文件：1 个合格，2 个不合格。" in out
    assert "[value-not-in-list]" in out
    assert "[unit-mismatch]" in out
    assert len(list((tmp_path / "批注").glob("*.xlsx"))) == 2
