"""Names read one of two ways, put right by the clerk in the 分工表 workbook.

A notice lists ``钦南区、钦北区人民政府`` or ``各县区人民政府、功能区管委会``: the parser
reads one way and warns (``units-share-ending``) that each unit should take one
item of the cell. Whatever way the clerk types the units back — one a line,
with 、，； or spaces between, a separator left at a line's end — the workbook
read as the notice gives the units typed; and names the parser split can be
typed back as one.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gzgk import ParseResult, parse_text, read_notice
from gzgk.contract import NOTICE_BOOK
from gzgk.excel.notice_book import notice_workbook

TEXT = """关于印发重点任务分工的通知
各有关单位：
1.深化商事制度改革。持续压减审批时限。
牵头单位：{units}
配合单位：市商务局
2.健全意见征集机制。制定涉企政策。
牵头单位：市工信局
"""
LEAD = NOTICE_BOOK.column("lead").cell(NOTICE_BOOK.FIRST_ROW)
TWO_GOVERNMENTS = ("钦南区人民政府", "钦北区人民政府")
# The same two units as a clerk types them into one cell.
TYPED = {
    "dun": "钦南区人民政府、钦北区人民政府",
    "lines": "钦南区人民政府\n钦北区人民政府",
    "comma": "钦南区人民政府，钦北区人民政府",
    "semicolon": "钦南区人民政府；钦北区人民政府",
    "half-width": "钦南区人民政府,钦北区人民政府",
    "space": "钦南区人民政府 钦北区人民政府",
    "ideographic space": "钦南区人民政府\u3000钦北区人民政府",
    "dun at a line end": "钦南区人民政府、\n钦北区人民政府",
}


def parsed(units: str) -> ParseResult:
    """The notice with the first task's lead units as printed."""
    return parse_text(TEXT.format(units=units), source="通知.txt")


def typed_back(result: ParseResult, value: str) -> ParseResult:
    """The parse's workbook with the first task's 牵头单位 cell typed anew, read as the notice."""
    book = load_workbook(io.BytesIO(notice_workbook(result.notice, result.issues)))
    book[NOTICE_BOOK.TASKS_SHEET][LEAD].value = value
    buffer = io.BytesIO()
    book.save(buffer)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "分工表.xlsx")
        path.write_bytes(buffer.getvalue())
        return read_notice(path)


def test_the_warning_asks_for_one_unit_an_item() -> None:
    """The parser's reading and its warning: the other reading, and what to do in the workbook."""
    result = parsed("钦南区、钦北区人民政府")
    assert result.notice.tasks[0].lead == ("钦南区、钦北区人民政府",)  # the pair, as meant
    ((code, message),) = result.flatten("code", "message")
    assert code == "units-share-ending"
    assert "钦南区人民政府、钦北区人民政府" in message
    assert "也可能是2个单位" in message
    assert "每个单位各占一项" in message
    assert "分工表中改正" in message


@pytest.mark.parametrize("form", sorted(TYPED))
def test_two_governments_typed_any_way(form: str) -> None:
    """The two districts' governments typed in the cell come back as two units, no issue."""
    result = typed_back(parsed("钦南区、钦北区人民政府"), TYPED[form])
    assert result.notice.tasks[0].lead == TWO_GOVERNMENTS
    assert result.issues == ()


@pytest.mark.parametrize(
    ("value", "units"),
    [
        ("各县区人民政府\n功能区管委会", ("各县区人民政府", "功能区管委会")),
        ("各县区人民政府，功能区管委会", ("各县区人民政府", "功能区管委会")),
        ("各县区人民政府 功能区管委会", ("各县区人民政府", "功能区管委会")),
        ("各县区人民政府、\n功能区管委会", ("各县区人民政府", "功能区管委会")),
        ("各县区人民政府、功能区管委会", ("各县区人民政府、功能区管委会",)),  # as printed: one
    ],
)
def test_a_collective_split_or_kept(value: str, units: tuple[str, ...]) -> None:
    """``各县区人民政府、功能区管委会``, read as one: one a line (or ，, a space) makes two."""
    result = parsed("各县区人民政府、功能区管委会")
    assert result.notice.tasks[0].lead == ("各县区人民政府、功能区管委会",)
    assert "每个单位各占一项" in result.issues[0].message
    back = typed_back(result, value)
    assert back.notice.tasks[0].lead == units
    assert back.issues == ()


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("各县区人民政府，功能区管委会", "各县区人民政府、功能区管委会"),
        ("区党政机关，公共机构", "区党政机关、公共机构"),
        ("市委、宣传部", "市委宣传部"),
    ],
)
def test_two_names_joined_into_one(printed: str, value: str) -> None:
    """Two units the parser read, typed as one (a collective list, one name) come back as one."""
    result = parsed(printed)
    assert len(result.notice.tasks[0].lead) == 2
    back = typed_back(result, value)
    assert back.notice.tasks[0].lead == (value,)
    assert back.issues == ()


@pytest.mark.parametrize("value", ["市 发 改 委", "各县（市、区） 人民政府"])
def test_a_spaced_name_stays_one(value: str) -> None:
    """Spaces inside one name (spaced out, broken before its end) part no names."""
    back = typed_back(parsed("市发改委"), value)
    assert back.notice.tasks[0].lead == (value.replace(" ", ""),)


@pytest.mark.parametrize("value", ["市发改委、、市财政局", "市发改委（牵头"])
def test_a_broken_cell_is_an_error(value: str) -> None:
    """A doubled separator inside a line or an open bracket is still an error at its cell."""
    back = typed_back(parsed("市发改委"), value)
    assert back.flatten("code", "cell", "task") == [("task-units-unparsable", LEAD, "1")]
