"""``gzgk diff OLD NEW``: this year's notice against last year's, as a table and as JSON."""

from __future__ import annotations

import io
import json
from pathlib import Path

import attrs
import pytest
from support.terminal import run_piped

from gzgk import Task, load_notice
from gzgk.cli import main
from gzgk.convert import dump_notice

SEED = load_notice("ganzhou-2024")


def run(*argv: str) -> tuple[int, str]:
    """Run the CLI in-process; the exit code and what it printed on stdout."""
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


@pytest.fixture
def this_year(tmp_path: Path) -> Path:
    """The bundled notice a year on, written as TOML.

    (六) dropped, (十三) new, (三) retitled, (四) reworded; in (一) 市行政审批局 no
    longer leads and 市司法局 cooperates.
    """
    tasks = list(SEED.tasks)
    first = tasks[0]
    tasks[0] = attrs.evolve(first, lead=first.lead[:-1], cooperating=("市司法局",))
    tasks[2] = attrs.evolve(tasks[2], title=tasks[2].title + "工作")
    tasks[3] = attrs.evolve(tasks[3], content=tasks[3].content + "并建立解读台账。")
    del tasks[5]
    tasks.append(
        Task(
            seq=13,
            number="十三",
            title="推进公共数据开放",
            content="推进公共数据有序开放。",
            lead=("市发改委",),
            responsible=("各县（市、区）人民政府",),
        )
    )
    path = tmp_path / "2025.toml"
    path.write_text(dump_notice(attrs.evolve(SEED, tasks=tuple(tasks)), "toml"), encoding="utf-8")
    return path


def test_same_notice_exits_0() -> None:
    """Two notices that assign the same tasks the same way: exit 0 and say so."""
    assert run("diff", "ganzhou-2024", "ganzhou-2024") == (0, "两份通知的任务和分工相同。\n")


def test_differences_as_a_table(this_year: Path) -> None:
    """Added, removed and reworded tasks and the units whose roles changed; exit 1."""
    code, out = run("diff", "ganzhou-2024", str(this_year), "--full")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "与原通知相比：新增任务 1 项，删除 1 项，改写 2 项；2 个单位的职责有变化。"
    sections = [line for line in lines if line in {"新增任务", "删除任务", "改写的任务"}]
    assert sections == ["新增任务", "删除任务", "改写的任务"]
    assert any(
        line.startswith("（十三）") and "市发改委、各县（市、区）人民政府" in line for line in lines
    )
    assert any(
        line.startswith("（六）") and "健全政务舆情会商处置和回应机制" in line for line in lines
    )
    assert any("原标题：加强重大政策宣传联动及落实结果评价" in line for line in lines)
    assert any(line.startswith("（四）") and "任务内容有修改" in line for line in lines)
    assert any(
        line.startswith("市司法局") and "任务（一）：新增为配合单位" in line for line in lines
    )
    assert any(
        line.startswith("市行政审批局") and "任务（一）：不再是牵头单位" in line for line in lines
    )


def test_differences_as_json(this_year: Path) -> None:
    """--format json gives the documented object (roles in English, null for none)."""
    code, out = run("diff", "ganzhou-2024", str(this_year), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert set(data) == {"same", "old", "new", "added", "removed", "changed", "units"}
    assert data["same"] is False
    assert [(t["number"], [u["name"] for u in t["units"]]) for t in data["added"]] == [
        ("十三", ["市发改委", "各县（市、区）人民政府"])
    ]
    assert [t["number"] for t in data["removed"]] == ["六"]
    changed = {c["new"]["number"]: c for c in data["changed"]}
    assert (changed["三"]["title_changed"], changed["三"]["content_changed"]) == (True, False)
    assert (changed["四"]["title_changed"], changed["四"]["content_changed"]) == (False, True)
    assert changed["一"]["roles"] == [
        {"name": "市司法局", "key": "sfj", "old": None, "new": "cooperating"},
        {"name": "市行政审批局", "key": "xzspj", "old": "lead", "new": None},
    ]
    assert [
        (u["name"], [(t["number"], t["old"], t["new"]) for t in u["tasks"]]) for u in data["units"]
    ] == [
        ("市司法局", [("一", None, "cooperating")]),
        ("市行政审批局", [("一", "lead", None)]),
    ]
    assert run("diff", "ganzhou-2024", "ganzhou-2024", "--format", "json")[0] == 0


def test_diff_trouble_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A notice that cannot be read is exit 2 (1 means the notices differ), with the reason."""
    assert run("diff", "ganzhou-2024", str(tmp_path / "nope.toml"))[0] == 2
    assert "[unknown-notice]" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["diff", "ganzhou-2024"])
    assert caught.value.code == 2
    assert "缺少参数：新通知" in capsys.readouterr().err


def test_diff_through_the_console_script(this_year: Path) -> None:
    """The installed script exits 1 on a difference and prints plain text when piped."""
    done = run_piped("diff", "ganzhou-2024", str(this_year))
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("与原通知相比：")
    assert "\x1b[" not in done.stdout
