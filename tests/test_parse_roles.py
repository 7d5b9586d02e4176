"""Debatable role words: gzgk's default reading, and the office's override per notice or registry."""

from __future__ import annotations

import io
import json
from importlib import resources
from pathlib import Path

import pytest

from gzgk import Registry, Role, parse_grid, parse_text, read_notice
from gzgk.cli import main
from gzgk.model import Task

TEXT = "（一）推进政务公开。（主要责任单位：市政府办公室；协同配合单位：市行政审批局）\n"
GRID = [
    ["序号", "任务内容", "主要责任单位", "协同配合单位"],
    ["1", "推进政务公开。", "市政府办公室", "市行政审批局"],
]
LEAD = {"主要责任单位": Role.LEAD}


def roles(task: Task) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Lead, responsible and cooperating units of a task."""
    return task.lead, task.responsible, task.cooperating


def test_main_responsible_unit_is_responsible_by_default() -> None:
    """主要责任单位 is read as printed: responsible (the notice says 责任, not 牵头)."""
    (task,) = parse_text(TEXT).notice.tasks
    assert roles(task) == ((), ("市政府办公室",), ("市行政审批局",))
    (row,) = parse_grid(GRID).notice.tasks
    assert roles(row) == ((), ("市政府办公室",), ("市行政审批局",))


def test_override_per_parse_in_text_and_grid() -> None:
    """roles= makes the label a lead in both paths, and only inside that parse."""
    (task,) = parse_text(TEXT, roles=LEAD).notice.tasks
    assert roles(task) == (("市政府办公室",), (), ("市行政审批局",))
    (row,) = parse_grid(GRID, roles=LEAD).notice.tasks
    assert roles(row) == (("市政府办公室",), (), ("市行政审批局",))
    (again,) = parse_text(TEXT).notice.tasks  # the override did not leak
    assert again.responsible == ("市政府办公室",)


def test_override_can_add_a_new_label() -> None:
    """A label gzgk does not know (督办单位) becomes a known one for this parse, no guess."""
    text = "（一）推进政务公开。（牵头单位：市政府办公室；督办单位：市督查室）\n"
    plain = parse_text(text)
    assert "市督查室" not in plain.notice.tasks[0].cooperating
    result = parse_text(text, roles={"督办单位": Role.COOPERATING})
    assert result.notice.tasks[0].cooperating == ("市督查室",)
    assert "role-word-guessed" not in {issue.code for issue in result.issues}


def test_registry_role_words(tmp_path: Path) -> None:
    """A registry's [role_words] applies to every notice read with it."""
    bundled = (resources.files("gzgk") / "data" / "units" / "ganzhou.toml").read_text("utf-8")
    registry_file = tmp_path / "名录.toml"
    registry_file.write_text(
        bundled + '\n[role_words]\n"主要责任单位" = "lead"\n',
        encoding="utf-8",
    )
    registry = Registry.load(registry_file)
    assert registry.role_words == (("主要责任单位", Role.LEAD),)
    notice = tmp_path / "通知.txt"
    notice.write_text(TEXT, encoding="utf-8")
    (task,) = read_notice(notice, registry=registry).notice.tasks
    assert task.lead == ("市政府办公室",)
    (plain,) = read_notice(notice).notice.tasks
    assert plain.lead == ()


def test_registry_rejects_an_unknown_role(tmp_path: Path) -> None:
    """A role that is not one of the four is a registry error in Chinese, not a traceback."""
    bundled = (resources.files("gzgk") / "data" / "units" / "ganzhou.toml").read_text("utf-8")
    registry_file = tmp_path / "名录.toml"
    registry_file.write_text(
        bundled + '\n[role_words]\n"主要责任单位" = "boss"\n',
        encoding="utf-8",
    )
    with pytest.raises(Exception, match="role_words") as raised:
        Registry.load(registry_file)
    assert type(raised.value).__name__ == "RegistryError"


def test_cli_role_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The parse command's --role 主要责任单位=牵头 reads it as lead; a bad role is a usage error."""
    notice = tmp_path / "通知.txt"
    notice.write_text(TEXT, encoding="utf-8")
    out = io.StringIO()
    assert main(["parse", str(notice), "--role", "主要责任单位=牵头"], out=out) == 0
    (task,) = json.loads(out.getvalue())["tasks"]
    assert (task["lead"], task["responsible"]) == (["市政府办公室"], [])
    capsys.readouterr()
    with pytest.raises(SystemExit) as caught:
        main(["parse", str(notice), "--role", "主要责任单位=老大"], out=io.StringIO())
    assert caught.value.code == 2
    assert "角色为 牵头、责任、配合 或 知悉" in capsys.readouterr().err
