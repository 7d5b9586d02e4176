"""Flattened tables with page furniture inside, without heading or unit column, or cut short.

Families of issue 15 item 3 ("tables rebuilt from any flattening"), each
rendered here in our own words, not a corpus notice's:

* a page number (``— 3 —``, ``- 3 -``, ``第3页 共9页``, ``3/9``) dropped
  between two lines of one cell of a table flattened one cell a paragraph:
  the cell is read whole again, or the row is said (``task-spans-pages``);
* rows numbered 1, 2, 3 … printed without heading, where no one column
  holds unit names: the rows are named (``table-units-not-found``), never
  dropped unsaid;
* a ``|`` row the text ends inside (opened, never closed): read as far as
  printed and said (``task-cut-short``).
"""

from __future__ import annotations

import pytest
from support.parsing import HEAD, as_txt, codes

HEADING = ["序号", "项目名称", "牵头单位", "建设单位", "建设阶段"]
ROWS = [
    ["1", "滨河绿道贯通工程", "区水务局", "城投集团\n有限公司", "续建"],
    ["2", "科创园区配套道路", "区建交委", "新城开发建设\n有限公司", "新开工"],
    ["3", "社区养老综合体", "区民政局", "区民政局", "新开工"],
    ["4", "中心医院扩建", "区卫健委", "区卫健委", "续建"],
]
EXPECTED = [
    ("1", ("区水务局",), ("城投集团有限公司",)),
    ("2", ("区建交委",), ("新城开发建设有限公司",)),
    ("3", ("区民政局",), ("区民政局",)),
    ("4", ("区卫健委",), ("区卫健委",)),
]


def _blank_apart(rows: list[list[str]], page: list[str], at: tuple[int, int, int]) -> str:
    """Cells a blank line apart, a page number between two lines of one cell (row, cell, line)."""
    cells = []
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            lines = cell.split("\n")
            if (r, c) == at[:2]:
                lines = [*lines[: at[2]], "", *page, "", *lines[at[2] :]]
            cells.append("\n".join(lines))
    return HEAD + "\n\n".join(cells) + "\n"


@pytest.mark.parametrize(
    "page",
    [["— 3 —"], ["- 3 -"], ["—3—"], ["第3页 共9页"], ["第 3 页"]],
    ids=["dash", "hyphen", "tight", "page-of", "page"],
)
@pytest.mark.parametrize("at", [(2, 3, 1), (3, 1, 0)], ids=["inside-a-cell", "between-cells"])
def test_page_number_inside_a_flattened_table(page: list[str], at: tuple[int, int, int]) -> None:
    """A page number inside a cell (or between two) leaves every row read as printed."""
    result = as_txt(_blank_apart([HEADING, *ROWS], page, at), "paged")
    got = [(t.number, t.lead, t.responsible) for t in result.notice.tasks]
    assert got == EXPECTED


def test_page_count_pages_are_page_furniture() -> None:
    """``3/9`` counting up to one total is page furniture; ``6/30`` alone is text."""
    text = _blank_apart([HEADING, *ROWS[:2]], ["2/9"], (2, 3, 1))
    text = text.replace("序号", "1/9\n\n序号", 1)
    result = as_txt(text, "paged")
    assert [(t.number, t.lead, t.responsible) for t in result.notice.tasks] == EXPECTED[:2]


def test_page_break_in_a_row_read_by_a_guess_is_said() -> None:
    """One cell a line, no blank lines: a row a page broke inside is named, not left unsaid."""
    lines = [cell.replace("\n", "") for row in [HEADING, *ROWS] for cell in row]
    at = lines.index("新城开发建设有限公司")
    lines[at : at + 1] = ["新城开发建设", "- 3 -", "有限公司"]
    result = as_txt(HEAD + "\n".join(lines) + "\n", "paged")
    task = next(t for t in result.notice.tasks if t.number == "2")
    exact = (task.lead, task.responsible) == (("区建交委",), ("新城开发建设有限公司",))
    assert exact or "2" in {i.task for i in result.issues if i.code == "task-spans-pages"}


NO_UNITS = (
    "1\n\n改造背街小巷路面\n\n完成8条小巷铺装\n\n2026年6月底前\n\n"
    "2\n\n增设社区停车泊位\n\n新增泊位300个\n\n2026年9月底前\n\n"
    "3\n\n更新老旧健身器材\n\n更换器材60套\n\n2026年11月底前\n"
)


@pytest.mark.parametrize(
    "before",
    ["", "一、压实工作责任（牵头单位：区政府办公室）\n各单位要按期完成。\n二、重点项目\n"],
    ids=["alone", "after-tasks"],
)
def test_headerless_rows_without_unit_column_are_named(before: str) -> None:
    """Rows found, no column of units: an issue names every row; none is dropped unsaid."""
    result = as_txt(HEAD + before + NO_UNITS, "headless")
    (issue,) = [i for i in result.issues if i.code == "table-units-not-found"]
    for title in ("改造背街小巷路面", "增设社区停车泊位", "更新老旧健身器材"):
        assert title in issue.message
    assert issue.is_error


def test_headerless_rows_with_two_unit_columns_are_named() -> None:
    """Two columns of unit names and no heading: which is the lead is not printed, so it is said."""
    rows = NO_UNITS.replace("2026年6月底前", "区建管委\n\n区交通局、区城管局")
    rows = rows.replace("2026年9月底前", "区交通局\n\n区公安分局")
    rows = rows.replace("2026年11月底前", "区体育局\n\n各街道办事处")
    result = as_txt(HEAD + rows, "headless")
    assert "table-units-not-found" in codes(result)


def test_pipe_row_never_closed_at_the_end_is_said() -> None:
    """A ``|`` row the text ends inside is read as far as printed and named, never dropped."""
    text = (
        HEAD
        + "| 序号 | 主要任务 | 牵头单位 | 责任单位 | 完成时限 |\n"
        + "| 1 | 整治背街小巷 | 区城管局 | 区住建局 | 2026年6月底前 |\n"
        + "| 2 | 开通社区巴士 | 区交通委 | 区财"
    )
    result = as_txt(text, "cut")
    assert [t.number for t in result.notice.tasks] == ["1", "2"]
    assert "2" in {i.task for i in result.issues if i.code == "task-cut-short"}


def test_table_run_together_is_said() -> None:
    """A table whose cells run on with no separator at all (a document site's text) is said by name."""
    text = (
        "2026年为民办实事项目分解表\n"
        "序号项目名称工作内容分管区领导牵头单位协同单位1改善社区就医条件新建社区卫生服务站3个。"
        "周立新卫健委各街道2提升公交服务开通微循环线路5条。陈红交通局公交公司各街道\n"
    )
    result = as_txt(text, "run-together")
    assert result.notice.tasks == ()
    (issue,) = [i for i in result.issues if i.is_error]
    assert issue.code == "table-run-together"
    assert "序号项目名称工作内容分管区领导牵头单位协同单位" in issue.message
