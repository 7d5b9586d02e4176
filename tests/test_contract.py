"""The workbook contract: columns addressed by index, spans, and return template 2 pinned."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from gzgk.contract import (
    ANNOTATION,
    COMPARISON,
    CONTROL,
    MATRIX,
    NOTICE_FILES,
    PAGES,
    PRINT,
    RETURN,
    SUMMARY,
    SUPPORTED_TEMPLATES,
    TEMPLATE_VERSION,
    Column,
    Span,
    column_letter,
)
from gzgk.summary import Timeliness

# Template 1 as handed out to units: (key, label, column letter) of the task table.
TEMPLATE_1_COLUMNS = [
    ("seq", "序号", "A"),
    ("number", "任务编号", "B"),
    ("title", "主要任务", "C"),
    ("content", "任务内容", "D"),
    ("role", "本单位职责", "E"),
    ("lead", "牵头单位", "F"),
    ("status", "落实状态", "G"),
    ("progress", "落实情况", "H"),
    ("evidence", "佐证材料", "I"),
    ("problems", "存在问题", "J"),
    ("plans", "下步计划", "K"),
]
# (key, label, label cell, value cells) of the header block.
TEMPLATE_1_FIELDS = [
    ("unit", "填报单位", "A3", "B3:D3"),
    ("contact", "联系人", "E3", "F3"),
    ("phone", "联系电话", "G3", "H3"),
    ("reviewer", "审核人", "I3", "J3:K3"),
    ("date", "填报日期", "A4", "B4:D4"),
]


# Template 2: the task table of a round's return that carries last round's answers.
TEMPLATE_2_ROUND_COLUMNS = [
    ("seq", "A"), ("number", "B"), ("title", "C"), ("content", "D"), ("role", "E"),
    ("lead", "F"), ("previous_status", "G"), ("status", "H"), ("news", "I"),
    ("progress", "J"), ("evidence", "K"), ("problems", "L"), ("plans", "M"),
]  # fmt: skip
TEMPLATE_2_PREVIOUS = [
    ("previous:status", "O"), ("previous:progress", "P"), ("previous:evidence", "Q"),
    ("previous:problems", "R"), ("previous:plans", "S"),
]  # fmt: skip


def test_template_2_is_pinned() -> None:
    """Return template 2 as units hold it: any change here needs a new TEMPLATE_VERSION.

    Template 2 keeps template 1's one-off table and header block (so template 1
    returns are still read), adds the ``round`` metadata key and the round table.
    """
    assert TEMPLATE_VERSION == "2"
    assert SUPPORTED_TEMPLATES == ("1", "2")
    assert RETURN.META_KEYS[-1] == "round"
    assert [(c.key, c.letter) for c in RETURN.ROUND_COLUMNS] == TEMPLATE_2_ROUND_COLUMNS
    assert [(c.key, c.letter) for c in RETURN.PREVIOUS_COLUMNS] == TEMPLATE_2_PREVIOUS
    assert RETURN.NEWS == ("是", "否")
    assert RETURN.status_letters == ("G", "H")
    assert [(c.key, c.label, c.letter) for c in RETURN.COLUMNS] == TEMPLATE_1_COLUMNS
    assert [(f.key, f.label, f.label_cell, f.at.ref) for f in RETURN.FIELDS] == TEMPLATE_1_FIELDS
    assert (RETURN.TITLE.ref, RETURN.NOTE.ref) == ("A1:K1", "A2:K2")
    assert (RETURN.PROGRESS.label, RETURN.PROGRESS.label_cell, RETURN.PROGRESS.at.ref) == (
        "填报进度",
        "E4",
        "F4:K4",
    )
    assert (RETURN.HEADER_ROW, RETURN.FIRST_ROW, RETURN.META_TASK_ROW) == (6, 7, 12)
    assert (RETURN.GUIDE_SHEET, RETURN.ENTRY_SHEET, RETURN.META_SHEET) == (
        "填报说明",
        "落实情况",
        "_meta",
    )
    assert RETURN.STATUSES == ("已完成", "推进中", "未启动", "不涉及")


@pytest.mark.parametrize(
    ("index", "letter"), [(0, "A"), (6, "G"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letter(index: int, letter: str) -> None:
    """0-based column indexes become Excel's letters."""
    assert column_letter(index) == letter


def test_column_addresses() -> None:
    """A column gives its cell in a row and its range over rows."""
    status = Column("status", "落实状态", 6, 9)
    assert (status.letter, status.cell(7), status.cells(7, 18)) == ("G", "G7", "G7:G18")


@pytest.mark.parametrize(
    ("span", "ref", "merged"),
    [(Span(3, 5), "F3", False), (Span(4, 5, 10), "F4:K4", True), (Span(1, 2, 2), "C1", False)],
)
def test_span(span: Span, ref: str, *, merged: bool) -> None:
    """A span is one cell or a merged run along a row; its first cell holds the value."""
    assert (span.ref, span.merged, span.cell) == (ref, merged, ref.split(":", maxsplit=1)[0])


def test_tables_are_declared_in_index_order() -> None:
    """Every table's columns sit at their declared indexes, with unique keys."""
    for columns in (RETURN.COLUMNS, RETURN.ROUND_COLUMNS, ANNOTATION.COLUMNS, COMPARISON.COLUMNS):
        assert [column.index for column in columns] == list(range(len(columns)))
        assert len({column.key for column in columns}) == len(columns)


def test_table_of_a_header() -> None:
    """A header with last round's labels is the round table; any other is the one-off table."""
    assert RETURN.table_of(c.label for c in RETURN.ROUND_COLUMNS) is RETURN.ROUND_COLUMNS
    assert RETURN.table_of(c.label for c in RETURN.COLUMNS) is RETURN.COLUMNS
    assert RETURN.table_of([]) is RETURN.COLUMNS


def test_labels_are_read_from_the_return() -> None:
    """Summary, annotation and control tables reuse the return's labels rather than respell them."""
    assert RETURN.labels_of("status", "contact") == ("落实状态", "联系人")
    assert set(RETURN.labels_of(*RETURN.entry_keys)) <= set(SUMMARY.DETAILS_HEADER)
    assert CONTROL.RESULTS_HEADER[-len(ANNOTATION.COLUMNS) :] == ANNOTATION.labels
    assert RETURN.STATUSES[-1] == RETURN.NOT_APPLICABLE
    with pytest.raises(KeyError):
        RETURN.label("nothing")


def test_contract_imports_no_workbook_library() -> None:
    """The contract, and the core modules that read it, load no workbook library."""
    code = (
        "import sys, gzgk.contract, gzgk.returns, gzgk.summary;"
        "print(sorted(m for m in ('openpyxl', 'xlsxwriter', 'xlwings', 'python_calamine')"
        " if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


PRINTED_TABLES = {  # name: (printed widths, landscape)
    "报送表": ([column.width for column in RETURN.COLUMNS], True),
    "下一期报送表": ([column.width for column in RETURN.ROUND_COLUMNS], True),
    "填报说明": (RETURN.GUIDE_WIDTHS, False),
    "分发清单": (RETURN.DISTRIBUTION_WIDTHS, True),
    "检查结果": ([column.width for column in ANNOTATION.COLUMNS], True),
    "汇总说明": (SUMMARY.UNIT_PROGRESS_WIDTHS, False),
    "报送情况": (SUMMARY.STATUS_WIDTHS[: SUMMARY.STATUS_PRINTED], True),
    "落实明细": (SUMMARY.DETAILS_WIDTHS[: SUMMARY.DETAILS_PRINTED], True),
    "按任务汇编": (SUMMARY.COMPILATION_WIDTHS, True),
    "问题清单": (SUMMARY.ISSUES_WIDTHS[: SUMMARY.ISSUES_PRINTED], True),
    "催报清单": (SUMMARY.REMINDERS_WIDTHS[: SUMMARY.REMINDERS_PRINTED], True),
    "收到文件": (SUMMARY.FILES_WIDTHS[: SUMMARY.FILES_PRINTED], True),
    "控制台": (CONTROL.WIDTHS, True),
    "单位组成员": (CONTROL.GROUPS_WIDTHS, False),
    "日志": (CONTROL.LOG_WIDTHS, True),
    "校验结果": (CONTROL.RESULTS_WIDTHS, True),
    "单位任务量": (MATRIX.WORKLOAD_WIDTHS, True),
    "任务清单": (MATRIX.TASKS_WIDTHS, True),
    "待明确事项": (MATRIX.UNRESOLVED_WIDTHS, True),
}


@pytest.mark.parametrize("name", list(PRINTED_TABLES))
def test_printed_tables_fit_a4(name: str) -> None:
    """Every table's printed columns fit A4 one page wide without shrinking text below 8 pt."""
    widths, landscape = PRINTED_TABLES[name]
    assert PRINT.scale(widths, landscape=landscape) >= PRINT.MIN_SCALE
    assert PRINT.MIN_SCALE * PRINT.BODY_SIZE >= PRINT.MIN_SIZE


# What a unit writes into the header block's cells, at its widest: each prints on one line.
HEADER_VALUES = {
    "contact": "欧阳小明",
    "phone": "0797-8843485",
    "date": "2024年12月31日",
    "reviewer": "欧阳小明",
}


@pytest.mark.parametrize("table", [RETURN.COLUMNS, RETURN.ROUND_COLUMNS], ids=["一次", "按期"])
@pytest.mark.parametrize("key", list(HEADER_VALUES))
def test_header_cells_hold_their_values(table: tuple[Column, ...], key: str) -> None:
    """The header block's cells sit in the table's columns: each is wide enough for its value.

    A round's return has 落实状态 under 联系电话: a phone number must not wrap there
    (0797- / 8843485).
    """
    span = RETURN.field(key).at
    last = span.last if span.last is not None else span.column
    width = sum(column.width for column in table[span.column : last + 1])
    assert PRINT.lines(HEADER_VALUES[key], width) == 1, (key, width)


def test_reminder_reason_on_one_line() -> None:
    """催报清单's 情况 holds the commonest reason, a unit overdue by up to a year, on one line.

    At 14 wide it printed 逾期未报（逾期 2 天 / ） with the bracket alone on a second line.
    """
    width = SUMMARY.REMINDERS_WIDTHS[SUMMARY.REMINDERS_HEADER.index("情况")]
    for days in (2, 30, 365):
        assert PRINT.lines(f"{Timeliness.OVERDUE.label}（逾期 {days} 天）", width) == 1, days


def test_printed_columns_come_first() -> None:
    """What a reader needs prints; paths, SHA-256 and codes stay beside, outside the print area."""
    for header, printed in (
        (SUMMARY.STATUS_HEADER, SUMMARY.STATUS_PRINTED),
        (SUMMARY.DETAILS_HEADER, SUMMARY.DETAILS_PRINTED),
        (SUMMARY.ISSUES_HEADER, SUMMARY.ISSUES_PRINTED),
        (SUMMARY.REMINDERS_HEADER, SUMMARY.REMINDERS_PRINTED),
        (SUMMARY.FILES_HEADER, SUMMARY.FILES_PRINTED),
    ):
        audit = {"来源文件", "SHA-256", "代码", "大小（字节）"}  # 收到文件 prints its files
        assert not audit & set(header[:printed]), header
        assert audit & set(header[printed:]), header


@pytest.mark.parametrize(
    ("text", "width", "size", "lines"),
    [
        ("", 10, 10.0, 1),
        ("章贡区", 10, 10.0, 1),
        # 10 units are 56.25 pt in Excel, 50.25 pt for text: five CJK characters a line.
        ("赣南苏区振兴发展工作办公室", 10, 10.0, 3),
        ("赣南苏区振兴发展工作办公室", 10, 16.0, 5),
        ("abcdefghij" * 3, 10, 10.0, 4),  # Latin letters 0.6 em: 6 pt each, eight a line
        ("第一行\n第二行", 40, 10.0, 2),
    ],
)
def test_lines_of_wrapped_text(text: str, width: float, size: float, lines: int) -> None:
    """Text wraps as printed: a CJK character one em, other characters 0.6 em, per line break."""
    assert PRINT.lines(text, width, size) == lines


def test_row_heights() -> None:
    """A row is as tall as its most wrapped cell, one and a half lines per point, within 409 pt."""
    assert PRINT.row_points(1) == 10 * 1.5 + PRINT.ROW_PADDING
    assert PRINT.row_height(
        [("章贡区", 10), ("赣南苏区振兴发展工作办公室", 10)]
    ) == PRINT.row_points(3)
    assert PRINT.row_height([("短", 10)], least=4) == PRINT.row_points(4)
    assert PRINT.row_points(1000) == PRINT.ROW_MAX


def test_footer_text_fits_or_gives_way() -> None:
    """A footer section is the first candidate that fits beside the page numbers."""
    room = PRINT.section_room(PAGES)
    long = "赣州市人民政府办公室关于印发贯彻落实省政府办公厅2024年政务公开工作要点任务分工的通知"
    assert PRINT.text_points(long, PRINT.FOOTER_SIZE) > room
    assert PRINT.fitting([long, "〔2024〕35号", ""], room) == "〔2024〕35号"


def test_help_and_control_sheet_name_every_notice_kind() -> None:
    """`gzgk --help` and the control sheet list every kind of notice file read_notice takes."""
    suffixes = (".docx", ".doc", ".wps", ".rtf", ".pdf", ".xlsx", ".xls", ".et", ".txt", ".json")
    for text in (NOTICE_FILES, CONTROL.parameter("notice").note):
        for suffix in suffixes:
            assert suffix in re.findall(r"\.[a-z]+", text), suffix
    out = subprocess.run(
        [sys.executable, "-m", "gzgk", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert NOTICE_FILES.replace(" ", "")[:20] in out.replace(" ", "").replace("\n", "")
