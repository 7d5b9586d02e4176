"""The runnable examples run and print what they promise."""

from __future__ import annotations

import sqlite3
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


def test_merge_returns() -> None:
    """merge_returns.py merges two filled returns and names who is late and how many to chase."""
    out = run_example("merge_returns.py")
    assert "应报 55，已报 2，逾期报送 1" in out
    assert "市司法局在任务（三）：逾期报送，推进中" in out
    assert "需要催报：54 个单位" in out
    assert "汇总说明、报送情况、进度矩阵、落实明细、按任务汇编、问题清单、催报清单、收到文件" in out


def test_demo(tmp_path: Path) -> None:
    """demo.py runs the whole job: generate, fill (with every kind of mishap), validate, merge."""
    out = run_example("demo.py", str(tmp_path))
    assert "共 12 项任务，报送时限 2024年7月5日" in out
    assert (tmp_path / "分工矩阵.xlsx").is_file()
    assert "已生成 55 份报送表（已签名" in out
    assert len(list((tmp_path / "报送表").glob("*.xlsx"))) == 56
    for mishap in ("[task-row-missing]", "[unit-mismatch]", "[file-not-xlsx]"):
        assert mishap in out
    assert "汇总截至 2024年7月10日 18:00：应报 55 个单位" in out
    assert "被较新的报送替代 1 个" in out
    assert "赣县区：逾期未报" in out
    assert "瑞金市：逾期报送" in out
    assert (tmp_path / "汇总表.xlsx").is_file()
    assert (tmp_path / "落实情况汇编.docx").is_file()
    copies = list((tmp_path / "退回").rglob("*（检查意见）.xlsx"))
    assert len(copies) >= 3
    assert all(copy.parent.name in ("第一批", "第二批") for copy in copies)
    # The second round: pre-filled, compared, recorded.
    # 49 units reported in the first round; the answers of the two whose returns failed
    # validation are not adopted, so there is nothing of theirs to pre-fill.
    assert "已生成“2024年全年”的 55 份报送表，其中 47 份预填了上期的答复" in out
    assert "进展对比：较上期（2024年上半年）新完成 " in out
    assert "退步 " in out
    assert "催报 市体育局：逾期未报" in out
    assert (tmp_path / "汇总表-全年.xlsx").is_file()
    with sqlite3.connect(tmp_path / "台账.sqlite") as connection:
        rounds = connection.execute("SELECT name FROM rounds ORDER BY position").fetchall()
    assert rounds == [("2024年上半年",), ("2024年全年",)]


def test_other_city() -> None:
    """other_city.py reads three forms under sections, names the cut-off task, drafts a registry."""
    out = run_example("other_city.py")
    assert "读出 4 项任务：" in out
    assert (
        "1. [一、稳住经济大盘] 地区生产总值增长6%左右… 牵头：县发展改革局；配合：县统计局、县财政局"
        in out
    )
    assert "牵头：县工信局；责任：各乡镇人民政府、街道办事处" in out
    assert (
        "3. [二、增进民生福祉] 新增城镇就业2000人以… 牵头：县人社局；配合：县财政局、县教育局"
        in out
    )
    assert "第 11 行（任务4）：任务4的单位栏无法拆分" in out
    assert "[task-units-unparsable]" in out
    assert "名录草稿：6 个单位、1 个单位组" in out


def test_word_notice(tmp_path: Path) -> None:
    """word_notice.py reads a Word notice: deadline from the text, merged table cells as one task.

    The task's two rows of units joined into it are said, naming it.
    """
    out = run_example("word_notice.py", str(tmp_path))
    assert (tmp_path / "通知.docx").is_file()
    assert "报送时限：2025-12-10，报送至：市政府办公室政务公开科" in out
    assert "1. [政策解读] 深化政策解读：牵头 市政府办公室；责任 各县（市、区）人民政府" in out
    assert "2. [数据开放] 推进数据开放：牵头 市发改委；责任 市数据局、市财政局" in out
    assert "问题：1 条\n  units-from-rows-below：任务2的" in out


def test_pipeline(tmp_path: Path) -> None:
    """pipeline.py runs the whole job from `import gzgk` alone and writes every output."""
    out = run_example("pipeline.py", str(tmp_path))
    assert "12 项任务，55 个单位报送" in out
    assert "生成报送表 55 份" in out
    assert "  章贡区：合格" in out
    assert "  市司法局：合格" in out
    assert "已报 2 个单位，需要催报 53 个" in out
    for name in ("签名密钥.txt", "汇总表.xlsx", "落实情况汇编.docx", "催报清单.csv"):
        assert (tmp_path / name).is_file(), name
    imports = {
        line.strip()
        for line in (EXAMPLES / "pipeline.py").read_text(encoding="utf-8").splitlines()
        if line.startswith(("import ", "from "))
    }
    assert {line for line in imports if "gzgk" in line} == {"import gzgk"}


def test_notice_workbook(tmp_path: Path) -> None:
    """notice_workbook.py marks the task without units, and the corrected workbook is the notice."""
    out = run_example("notice_workbook.py", str(tmp_path))
    assert "第 9 行（任务3）：任务3的单位栏无法拆分" in out
    assert (tmp_path / "分工表.xlsx").is_file()
    assert "改正后读回：0 个问题" in out
    assert "3. 强化督促检查：牵头 市审计局" in out
