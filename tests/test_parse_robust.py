"""Any text or grid, however mangled, parses to a result with issues: never an exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gzgk import parse_grid, parse_text

# Pieces of the notations the parser looks for, run together in any order.
PIECES = [
    *"（）()【】[]〔〕、，,；;：:。| 一二三1234①⑴牵头负责配合单位责任市局县各等由<>/p",
    "\n",
    "牵头单位：",
    "责任单位:",
    "（一）",
    "1.",
    "序号",
    "主要任务 牵头单位 责任单位",
    "<p>",
    "</td>",
    "注：",
    "\n|\n",
]
CELLS = [
    "序号", "主要任务", "牵头单位", "责任单位", "配合单位", "备注", "具体承办单位", "一、民生", "1",
    "2", "（一）推进", "市A局", "市A局、市B局", "注：说明", "", "各县（市、区", "推进工作。",
]  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(PIECES), max_size=80).map("".join))
def test_text_never_raises(text: str) -> None:
    """parse_text returns a result for any text, with an issue whenever no task was read."""
    result = parse_text(text)
    assert result.notice.tasks or result.issues


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.lists(st.none() | st.sampled_from(CELLS), max_size=6), max_size=8))
def test_grid_never_raises(rows: list[list[str | None]]) -> None:
    """parse_grid returns a result for any grid, with an issue whenever no task was read."""
    result = parse_grid(rows)
    assert result.notice.tasks or result.issues
