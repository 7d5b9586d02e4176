"""Reading a 任务分工表 from a spreadsheet: any column order, merged cells, header anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from support.libreoffice import LibreOffice

from gzgk import Role, parse_grid, read_notice
from gzgk.parse.grid import cell_address, split_title

HEADER = ["序号", "主要任务", "任务内容", "牵头单位", "责任单位", "配合单位"]
ROWS = [
    ["1", "加强养老服务信息公开", "及时公开养老服务机构名录。", "市民政局", "各县（市、区）人民政府", "市财政局、市卫健委"],
    ["2", "强化环境信息公开", "依法公开环境执法信息。", "市生态环境局\n市水利局", "各县（市、区）人民政府", ""],
    ["3", "规范消费维权信息发布", "及时公开消费维权典型案例。", "市商务局", "市政府有关部门", "市市场监管局"],
]  # fmt: skip


def write_book(path: Path, rows: list[list[str | None]], merges: tuple[str, ...] = ()) -> Path:
    """An .xlsx with one sheet holding ``rows``."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "分工表"
    for row in rows:
        sheet.append(row)
    for merged in merges:
        sheet.merge_cells(merged)
    book.save(path)
    return path


def test_cell_address() -> None:
    """0-based (row, column) give A1 addresses, past Z too."""
    assert [cell_address(0, 0), cell_address(6, 4), cell_address(0, 26), cell_address(9, 701)] == [
        "A1",
        "E7",
        "AA1",
        "ZZ10",
    ]


def test_split_title() -> None:
    """A short first sentence becomes the title; long ones do not."""
    assert split_title("深化政策解读。坚持同步发布。") == ("深化政策解读", "坚持同步发布。")
    long = "坚持政策文件与解读材料同步起草，同步审签，同步发布。并做好宣传。"
    assert split_title(long) == ("", long)


def test_reordered_columns_header_on_third_row(tmp_path: Path) -> None:
    """Columns in any order, a caption above the header, names split by line breaks."""
    order = [5, 3, 0, 2, 1, 4]
    rows: list[list[str | None]] = [["2025年民生领域信息公开任务分工表"], [None]]
    rows.append([HEADER[i] for i in order])
    rows.extend([row[i] for i in order] for row in ROWS)
    result = read_notice(write_book(tmp_path / "分工表.xlsx", rows))
    assert result.valid, result.issues
    tasks = result.notice.tasks
    assert [(t.number, t.title) for t in tasks] == [
        ("1", "加强养老服务信息公开"),
        ("2", "强化环境信息公开"),
        ("3", "规范消费维权信息发布"),
    ]
    assert tasks[0].cooperating == ("市财政局", "市卫健委")
    assert tasks[1].lead == ("市生态环境局", "市水利局")
    assert tasks[1].cooperating == ()
    assert tasks[2].responsible == ("市政府有关部门",)
    assert tasks[2].content == "及时公开消费维权典型案例。"


def test_merged_title_over_two_columns_and_category_rows(tmp_path: Path) -> None:
    """主要任务 merged over title and content; a 一、 category row merged across the table."""
    rows: list[list[str | None]] = [
        ["主要任务", None, "牵头单位", "责任单位"],
        ["一、民生领域", None, None, None],
        [
            "(一)加强养老服务信息公开",
            "及时公开养老服务机构名录。",
            "市民政局",
            "各县（市、区）人民政府",
        ],
        ["(二)强化环境信息公开", "依法公开环境执法信息。", "市生态环境局", None],
    ]
    path = write_book(tmp_path / "t.xlsx", rows, merges=("A1:B1", "A2:D2", "D3:D4"))
    result = read_notice(path)
    assert result.valid, result.issues
    tasks = result.notice.tasks
    assert [(t.number, t.title, t.content) for t in tasks] == [
        ("一", "加强养老服务信息公开", "及时公开养老服务机构名录。"),
        ("二", "强化环境信息公开", "依法公开环境执法信息。"),
    ]
    assert tasks[1].responsible == ("各县（市、区）人民政府",)  # merged down from the row above


def test_sub_rows_under_merged_cells_and_numbers_restarting_per_section(tmp_path: Path) -> None:
    """Numbers restarting under each section row go after the section's; sub-rows are said.

    A row under a task's merged 序号 and 工作任务 cells with content and units
    of its own is a task of its own (四-2), said by a warning naming it, never
    an error of a duplicate number; a section row printing no number of its
    own is numbered by its place.
    """
    rows: list[list[str | None]] = [
        ["序号", "工作任务", "主要工作内容", "牵头单位", "配合单位"],
        ["—  构建处置体系", None, None, None, None],
        ["（一）", "推动源头减量", "增加土方消纳平衡内容。", "区规划资源局", "区水务局"],
        ["（二）", "建设转运码头", "建设建筑垃圾转运码头。", "区建设管理委", "——"],
        [None, None, "开展码头规划、备案工作。", "区绿化市容局", "——"],
        ["二  构建闭环管理体系", None, None, None, None],
        ["（一）", "加强备案申报管理", "落实处理方案备案制度。", "区土方工作\n专班", "区建设管理委和属地街镇"],
    ]  # fmt: skip
    path = write_book(tmp_path / "t.xlsx", rows, merges=("A2:E2", "A4:A5", "B4:B5", "A6:E6"))
    result = read_notice(path)
    assert result.valid, result.issues
    assert [(t.number, t.lead, t.cooperating) for t in result.notice.tasks] == [
        ("一.一", ("区规划资源局",), ("区水务局",)),
        ("一.二", ("区建设管理委",), ()),
        ("一.二-2", ("区绿化市容局",), ()),
        ("二.一", ("区土方工作专班",), ("区建设管理委", "属地街镇")),
    ]
    assert [(i.code, i.task) for i in result.issues if i.code == "task-row-split"] == [
        ("task-row-split", "一.二-2")
    ]


# Headings of units and their people, and the role of the units.
WITH_PEOPLE = {
    "责任单位及责任人": Role.RESPONSIBLE,
    "牵头单位（责任人）": Role.LEAD,
    "牵头单位和负责人": Role.LEAD,
    "责任领导及责任单位": Role.RESPONSIBLE,
}


@pytest.mark.parametrize("heading", list(WITH_PEOPLE))
def test_column_of_units_and_their_people(heading: str) -> None:
    """A heading naming units and people: the units in its role, the people as leaders."""
    role = WITH_PEOPLE[heading]
    result = parse_grid(
        [
            ["序号", "工作任务", heading],
            ["1", "完成老旧小区改造。", "市住建局（张伟）"],
            ["2", "新增城镇就业5万人。", "市人社局 李明"],
            ["3", "新增城镇就业6万人。", "市人社局、市财政局\n李明、王芳"],
        ]
    )
    assert [(t.names(role), t.leaders) for t in result.notice.tasks] == [
        (("市住建局",), ("张伟",)),
        (("市人社局",), ("李明",)),
        (("市人社局", "市财政局"), ("李明", "王芳")),
    ]
    assert not [issue for issue in result.issues if issue.is_error]


def test_two_row_header(tmp_path: Path) -> None:
    """A header whose unit columns sit under a merged 责任分工 heading."""
    rows: list[list[str | None]] = [
        ["序号", "工作任务", "责任分工", None, "完成时限"],
        [None, None, "牵头单位", "责任单位", None],
        [
            "1",
            "推进公共数据开放。编制开放目录。",
            "市发改委",
            "各县（市、区）人民政府",
            "2025年11月底前",
        ],
    ]
    result = read_notice(write_book(tmp_path / "t.xlsx", rows, merges=("C1:D1",)))
    assert result.valid, result.issues
    [task] = result.notice.tasks
    assert (task.title, task.content, task.lead, task.deadline) == (
        "推进公共数据开放",
        "编制开放目录。",
        ("市发改委",),
        "2025年11月底前",
    )


def test_leaders_column(tmp_path: Path) -> None:
    """A 牵头负责领导 column fills the task's leaders."""
    rows: list[list[str | None]] = [
        ["序号", "任务内容", "牵头负责领导", "牵头单位"],
        ["1", "健全意见征集机制。", "李明", "市司法局"],
    ]
    [task] = read_notice(write_book(tmp_path / "t.xlsx", rows)).notice.tasks
    assert task.leaders == ("李明",)
    assert [a.role for a in task.assignments] == [Role.LEAD]


def test_number_gap_and_bad_cell_are_located(tmp_path: Path) -> None:
    """A skipped number and an unsplittable cell are errors with sheet and cell."""
    rows: list[list[str | None]] = [
        HEADER,
        ROWS[0],
        ["3", *ROWS[2][1:3], "市商务局、、市财政局", *ROWS[2][4:]],
    ]
    result = read_notice(write_book(tmp_path / "t.xlsx", rows))
    assert result.flatten("code", "sheet", "cell", "task") == [
        ("task-units-unparsable", "分工表", "D3", "3"),
        ("task-number-gap", "分工表", "A3", "3"),
    ]
    assert "缺少“2”" in result.issues[1].message


def test_sheet_without_table(tmp_path: Path) -> None:
    """A workbook with no recognisable header says so."""
    result = read_notice(write_book(tmp_path / "t.xlsx", [["姓名", "电话"], ["张三", "123"]]))
    assert result.flatten("code") == [("no-task-table",)]


def test_missing_content_column() -> None:
    """A table with unit columns but no task text column names the missing column."""
    result = parse_grid(
        [["序号", "牵头单位", "责任单位"], ["1", "市民政局", "市财政局"]], sheet="S"
    )
    assert result.flatten("code") == [("column-missing",)]
    assert "任务内容" in result.issues[0].message


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("broken.xlsx", b"PK\x03\x04 cut short", "notice-damaged"),
        ("scan.pdf", b"%PDF-1.4\n not really", "document-unreadable"),
        ("table.xlsx", b"not a workbook", "no-task-table"),  # text named .xlsx: read as text
    ],
)
def test_files_that_are_not_tables(tmp_path: Path, name: str, content: bytes, code: str) -> None:
    """A corrupt .xlsx, a broken PDF and a text file named .xlsx each give one clear issue."""
    path = tmp_path / name
    path.write_bytes(content)
    result = read_notice(path)
    assert result.flatten("code") == [(code,)]
    assert not result.valid


def test_table_saved_by_libreoffice(libreoffice: LibreOffice, tmp_path: Path) -> None:
    """A 分工表 re-saved by LibreOffice (shared strings, its own styles) reads the same."""
    rows: list[list[str | None]] = [["2025年任务分工表"], HEADER, *ROWS]
    source = write_book(tmp_path / "openpyxl.xlsx", rows, merges=("A1:F1",))
    resaved = tmp_path / "libreoffice.xlsx"
    libreoffice.resave(source, resaved)
    tasks = read_notice(resaved).notice.tasks
    assert tasks == read_notice(source).notice.tasks
    assert len(tasks) == 3
