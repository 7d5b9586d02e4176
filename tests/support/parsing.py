"""Small pieces the parser's family tests share: a notice head, a task's units, a parse's codes."""

from __future__ import annotations

from gzgk import parse_text
from gzgk.model import Task
from gzgk.parse import ParseResult
from gzgk.registry import Registry

__all__ = ["HEAD", "Units", "as_txt", "codes", "units"]

HEAD = "关于印发工作方案的通知\n各镇人民政府，区政府各部门：\n现将方案印发给你们，请认真执行。\n"
Units = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def units(task: Task) -> Units:
    """(lead, responsible, cooperating) of a task."""
    return task.lead, task.responsible, task.cooperating


def codes(result: ParseResult) -> set[str]:
    """The codes of a parse's issues."""
    return {issue.code for issue in result.issues}


_REGISTRY = Registry.bundled()


def as_txt(text: str, name: str) -> ParseResult:
    """Parse a text as ``gzgk parse`` reads a .txt notice (the bundled registry's names and words)."""
    return parse_text(
        text,
        source=name,
        known=lambda unit: _REGISTRY.find(unit) is not None,
        roles=dict(_REGISTRY.role_words),
    )
