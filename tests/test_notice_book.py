"""The 分工表 workbook: what was understood of a notice, corrected in Excel, read back as the notice."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path

import pytest
from attrs import evolve
from hypothesis import given, settings
from openpyxl import load_workbook
from strategies import book_notices

from gzgk import Issue, Notice, Severity, dump_notice, parse_text, read_notice
from gzgk.cli import main
from gzgk.contract import ANNOTATION, NOTICE_BOOK
from gzgk.excel.notice_book import notice_workbook, write_notice_workbook
from gzgk.model import GroupMembers, Round, Task
from gzgk.report import code_label

TEXT = """关于印发2025年营商环境重点任务分工的通知
各县（市、区）人民政府，市政府各部门：
现将任务分工如下，请抓好落实。
1.深化商事制度改革。持续压减审批时限，推行一网通办和综合窗口服务。
牵头单位：市行政审批局
配合单位：市市场监管局、市商务局
2.健全意见征集机制。制定涉企政策应当听取企业和行业协会的意见。
牵头单位：市工信局
3.加强养老服务信息公开。及时公开养老服务机构名录、服务项目和收费标准。
4.完善考核评估体系。把营商环境纳入综合考核的重要内容。
牵头单位：市行政审批局
责任单位：各县（市、区）人民政府
请于2025年11月30日前报送落实情况。
"""
PARSED = parse_text(TEXT, source="通知.txt")
TASKS = NOTICE_BOOK.TASKS_SHEET
FIRST = NOTICE_BOOK.FIRST_ROW


def cell(key: str, task: int) -> str:
    """The address of a task's cell on the task sheet (tasks counted from 1)."""
    return NOTICE_BOOK.column(key).cell(FIRST + task - 1)


def run(*argv: str) -> tuple[int, str]:
    """Run the CLI in-process; the exit code and what it printed on stdout."""
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def read_back(data: bytes, name: str = "分工表.xlsx") -> tuple[Notice, list[tuple[object, ...]]]:
    """The notice and the issues (code, cell, task) read from workbook bytes, through read_notice."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, name)
        path.write_bytes(data)
        result = read_notice(path)
    return result.notice, result.flatten("code", "cell", "task")


def edited(data: bytes, *edits: tuple[str, str, object]) -> bytes:
    """The workbook with cells changed as a clerk would (sheet, cell, value)."""
    book = load_workbook(io.BytesIO(data))
    for sheet, address, value in edits:
        book[sheet][address].value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@settings(max_examples=60, deadline=None)
@given(notice=book_notices)
def test_round_trip(notice: Notice) -> None:
    """Any notice a workbook's cells can hold comes back exactly: tasks, facts, requirements, references."""
    assert read_back(notice_workbook(notice))[0] == notice


def test_parsed_notice_round_trip() -> None:
    """A parsed notice comes back as parsed; only the task without units is an error, at its cell."""
    notice, issues = read_back(notice_workbook(PARSED.notice, PARSED.issues))
    assert notice == PARSED.notice
    assert issues == [("task-units-unparsable", cell("lead", 3), "3")]


def test_issues_marked() -> None:
    """A task's issue fills and comments its cell and its number; every issue is on the 问题 sheet."""
    assert PARSED.flatten("code", "task") == [("task-units-unparsable", "3")]
    book = load_workbook(io.BytesIO(notice_workbook(PARSED.notice, PARSED.issues)))
    sheet = book[TASKS]
    fills = {
        address: sheet[address].fill.fgColor.rgb[-6:]
        for row in sheet.iter_rows(min_row=FIRST)
        for address in [c.coordinate for c in row]
        if sheet[address].fill.fill_type == "solid"
    }
    assert fills == {
        cell("number", 3): ANNOTATION.ERROR_FILL,
        cell("lead", 3): ANNOTATION.ERROR_FILL,
    }
    comment = sheet[cell("lead", 3)].comment
    assert comment is not None
    assert comment.text == f"错误：{PARSED.issues[0].message} [task-units-unparsable]"
    assert sheet[cell("number", 3)].comment is None
    issues = [[c.value for c in row] for row in book[NOTICE_BOOK.ISSUES_SHEET].iter_rows()]
    assert issues == [
        [column.label for column in NOTICE_BOOK.ISSUES],
        [
            "错误",
            "3",
            cell("lead", 3),
            PARSED.issues[0].message,
            "第 9 行",
            code_label("task-units-unparsable"),
        ],
    ]
    assert sheet[cell("lead", 3)].value is None
    assert book.active is not None
    assert book.active.title == TASKS


def test_warnings_and_notice_issues() -> None:
    """A warning fills yellow; an issue of no task is listed, not marked."""
    untitled = Issue(code="task-no-title", severity=Severity.WARNING, message="无标题", task="2")
    whole = evolve(untitled, code="notice-no-lead", message="无牵头", task=None)
    book = load_workbook(io.BytesIO(notice_workbook(PARSED.notice, (untitled, whole))))
    sheet = book[TASKS]
    assert sheet[cell("title", 2)].fill.fgColor.rgb[-6:] == ANNOTATION.WARNING_FILL
    assert sheet[cell("number", 2)].fill.fgColor.rgb[-6:] == ANNOTATION.WARNING_FILL
    rows = [[c.value for c in row] for row in book[NOTICE_BOOK.ISSUES_SHEET].iter_rows(min_row=2)]
    assert rows == [
        ["提醒", "2", cell("title", 2), "无标题", None, code_label("task-no-title")],
        ["提醒", None, None, "无牵头", None, code_label("notice-no-lead")],
    ]


def test_no_issues_says_so() -> None:
    """A notice read without issues says so on the 问题 sheet."""
    book = load_workbook(io.BytesIO(notice_workbook(Notice())))
    assert book[NOTICE_BOOK.ISSUES_SHEET]["D2"].value == NOTICE_BOOK.NO_ISSUES


def test_empty_lists_hidden() -> None:
    """The rounds, requirements and references sheets are hidden while empty (read all the same)."""
    book = load_workbook(io.BytesIO(notice_workbook(PARSED.notice)))
    states = {sheet.title: sheet.sheet_state for sheet in book.worksheets}
    assert list(states) == list(NOTICE_BOOK.SHEETS)
    assert (
        states[NOTICE_BOOK.REQUIREMENTS_SHEET] == states[NOTICE_BOOK.REFERENCES_SHEET] == "hidden"
    )
    assert states[NOTICE_BOOK.FACTS_SHEET] == "visible"


def test_unused_columns_hidden() -> None:
    """Columns no task uses are hidden (still read); the used ones are shown."""
    sheet = load_workbook(io.BytesIO(notice_workbook(PARSED.notice)))[TASKS]
    hidden = [c.label for c in NOTICE_BOOK.COLUMNS if sheet.column_dimensions[c.letter].hidden]
    assert hidden == ["所属部分", "知悉单位", "牵头领导", "完成时限", "单位组成员"]


# -- what the clerk changes ------------------------------------------------------

BOOK = notice_workbook(PARSED.notice, PARSED.issues)


def test_names_typed_on_one_line() -> None:
    """Names typed in one line with 、，； are split as a printed list; brackets stay in names."""
    notice, issues = read_back(
        edited(BOOK, (TASKS, cell("lead", 3), "市民政局、市卫健委；各县（市、区）人民政府"))
    )
    assert notice.tasks[2].lead == ("市民政局", "市卫健委", "各县（市、区）人民政府")
    assert issues == []


def test_role_in_a_name_is_an_error() -> None:
    """A role typed into a name (市发改委（牵头）) is an error at the cell, as in a parsed notice."""
    notice, issues = read_back(edited(BOOK, (TASKS, cell("responsible", 3), "市发改委（牵头）")))
    assert notice.tasks[2].responsible == ("市发改委（牵头）",)
    assert issues == [("unit-name-invalid", cell("responsible", 3), "3")]


def test_unbalanced_brackets() -> None:
    """A cell whose brackets do not pair cannot be split: an error at the cell, no names taken."""
    notice, issues = read_back(edited(BOOK, (TASKS, cell("lead", 3), "市发改委（牵头")))
    assert notice.tasks[2].lead == ()
    assert issues == [("task-units-unparsable", cell("lead", 3), "3")]


def test_duplicate_and_missing_numbers() -> None:
    """A repeated number is kept apart as 2-2, a missing one as its position: errors at the cell."""
    notice, issues = read_back(
        edited(BOOK, (TASKS, cell("number", 3), "2"), (TASKS, cell("number", 4), None))
    )
    assert [task.number for task in notice.tasks] == ["1", "2", "2-2", "4"]
    assert issues == [
        ("task-number-duplicate", cell("number", 3), "2-2"),
        ("task-no-number", cell("number", 4), "4"),
        ("task-units-unparsable", cell("lead", 3), "2-2"),
    ]


def test_rows_inserted() -> None:
    """Rows inserted above the table and blank rows are skipped; a task added below is read."""
    book = load_workbook(io.BytesIO(BOOK))
    sheet = book[TASKS]
    sheet.insert_rows(1, 2)  # two rows above: the header is now row 5, task 1 row 6
    sheet.insert_rows(FIRST + 3)  # a blank row between tasks 1 and 2: task 3 is row 9
    sheet[NOTICE_BOOK.column("lead").cell(9)] = "市发改委"
    for key, value in (("number", "5"), ("content", "加强培训。"), ("lead", "市司法局")):
        sheet[NOTICE_BOOK.column(key).cell(11)] = value
    buffer = io.BytesIO()
    book.save(buffer)
    notice, issues = read_back(buffer.getvalue())
    assert [(t.seq, t.number, t.lead) for t in notice.tasks] == [
        (1, "1", ("市行政审批局",)),
        (2, "2", ("市工信局",)),
        (3, "3", ("市发改委",)),
        (4, "4", ("市行政审批局",)),
        (5, "5", ("市司法局",)),
    ]
    assert issues == []


def test_merged_lead_counts_for_every_row() -> None:
    """A lead cell merged over two tasks gives both tasks the lead."""
    book = load_workbook(io.BytesIO(BOOK))
    sheet = book[TASKS]
    sheet.merge_cells(f"{cell('lead', 2)}:{cell('lead', 3)}")
    buffer = io.BytesIO()
    book.save(buffer)
    notice, issues = read_back(buffer.getvalue())
    assert notice.tasks[2].lead == notice.tasks[1].lead == ("市工信局",)
    assert issues == []


def test_group_members_typed() -> None:
    """单位组成员 lines are group：members (、 between members, a half-width colon too)."""
    notice, issues = read_back(
        edited(
            BOOK,
            (TASKS, cell("lead", 3), "市政府有关部门"),
            (TASKS, cell("group_members", 3), "市政府有关部门:市发改委、市司法局"),
        )
    )
    members = GroupMembers(group="市政府有关部门", members=("市发改委", "市司法局"))
    assert notice.tasks[2].group_members == (members,)
    assert issues == []
    _, issues = read_back(edited(BOOK, (TASKS, cell("group_members", 3), "市发改委、市司法局")))
    assert ("task-units-unparsable", cell("group_members", 3), "3") in issues


def test_facts_typed_as_text() -> None:
    """A date typed as text is read (2025年12月10日); one that is no date is a warning, left empty."""
    facts = NOTICE_BOOK.FACTS_SHEET
    row = 2 + [key for key, _ in NOTICE_BOOK.FACTS].index("report_due")
    notice, _ = read_back(edited(BOOK, (facts, f"B{row}", "2026年1月5日")))
    assert str(notice.report_due) == "2026-01-05"
    notice, issues = read_back(edited(BOOK, (facts, f"B{row}", "年底前")))
    assert notice.report_due is None
    assert ("date-unreadable", None, None) in issues


def test_rounds_typed() -> None:
    """Rounds typed on 报送期次 are read (dates as text too); a repeated one is said and left out."""
    rounds = NOTICE_BOOK.ROUNDS_SHEET
    notice, issues = read_back(
        edited(
            BOOK,
            (rounds, "A2", "2025年第一季度"),
            (rounds, "B2", "2025年4月10日"),
            (rounds, "A3", "2025年第二季度"),
            (rounds, "A4", "2025年第一季度"),
            (rounds, "B4", "2025-07-10"),
        )
    )
    assert notice.rounds == (
        Round(name="2025年第一季度", due=dt.date(2025, 4, 10)),
        Round(name="2025年第二季度"),
    )
    assert issues == [
        ("notice-file-invalid", "A4", None),
        ("task-units-unparsable", cell("lead", 3), "3"),
    ]


def test_unknown_column_is_said() -> None:
    """A column the clerk adds (备注) is not read, and said."""
    extra = NOTICE_BOOK.COLUMNS[-1].index + 1
    header = f"{chr(ord('A') + extra)}{NOTICE_BOOK.HEADER_ROW}"
    _, issues = read_back(
        edited(BOOK, (TASKS, header, "备注"), (TASKS, cell("lead", 3), "市发改委"))
    )
    assert issues == [("column-ignored", header, None)]


def test_without_facts_sheet_read_as_any_table() -> None:
    """The task sheet copied into a workbook of its own is read as any 分工表 is, by the parser."""
    book = load_workbook(io.BytesIO(edited(BOOK, (TASKS, cell("lead", 3), "市发改委"))))
    for title in NOTICE_BOOK.SHEETS[1:]:
        del book[title]
    buffer = io.BytesIO()
    book.save(buffer)
    notice, _ = read_back(buffer.getvalue())
    assert [(t.number, t.title, t.lead, t.cooperating) for t in notice.tasks] == [
        (t.number, t.title, t.lead or ("市发改委",), t.cooperating) for t in PARSED.notice.tasks
    ]


# -- the commands ----------------------------------------------------------------


@pytest.fixture
def notice_txt(tmp_path: Path) -> Path:
    """The notice with task 3 missing its units, as a text file."""
    path = tmp_path / "通知.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_cli_parse_writes_workbook(
    notice_txt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Parse -o 分工表.xlsx writes the workbook even with errors (exit 1); generate refuses it (2)."""
    book = tmp_path / "分工表.xlsx"
    assert run("parse", str(notice_txt), "-o", str(book)) == (1, "")
    err = capsys.readouterr().err
    assert f"已写入分工表 {book}" in err
    assert "有错误的任务在分工表中标成粉红色" in err
    assert read_back(book.read_bytes())[0] == PARSED.notice
    assert run("generate", str(book), "-o", str(tmp_path / "报送表"))[0] == 2
    assert "[notice-has-errors]" in capsys.readouterr().err
    assert not (tmp_path / "报送表").exists()


def test_cli_corrected_workbook_is_the_notice(notice_txt: Path, tmp_path: Path) -> None:
    """The corrected workbook is the notice for matrix and generate."""
    book = tmp_path / "分工表.xlsx"
    run("parse", str(notice_txt), "-o", str(book))
    fixed = tmp_path / "分工表-改.xlsx"
    fixed.write_bytes(edited(book.read_bytes(), (TASKS, cell("lead", 3), "市民政局")))
    code, out = run("matrix", str(fixed), "--task", "3", "--format", "json")
    assert code == 0
    assert "市民政局" in out
    code, out = run("generate", str(fixed), "-o", str(tmp_path / "报送表"))
    assert code == 0
    assert any("市民政局" in path.name for path in (tmp_path / "报送表").iterdir())


def test_cli_never_overwrites_the_notice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Parse refuses to write its output over the notice it reads."""
    book = tmp_path / "分工表.xlsx"
    write_notice_workbook(PARSED.notice, book)
    before = book.read_bytes()
    assert run("parse", str(book), "-o", str(book))[0] == 2
    assert "[output-is-input]" in capsys.readouterr().err
    assert book.read_bytes() == before


@pytest.mark.parametrize("name", ["分工表.xlsx", "通知.toml", "通知.json"])
def test_cli_keeps_a_corrected_output(
    notice_txt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """Parsing again to a file that is there keeps it (the clerk's corrections) unless --force."""
    target = tmp_path / name
    run("parse", str(notice_txt), "-o", str(target))
    if target.suffix == ".xlsx":
        target.write_bytes(edited(target.read_bytes(), (TASKS, cell("lead", 3), "市民政局")))
    else:
        target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    corrected = target.read_bytes()
    capsys.readouterr()
    assert run("parse", str(notice_txt), "-o", str(target)) == (2, "")
    err = capsys.readouterr().err
    assert "[file-exists]" in err
    assert "--force" in err
    assert target.read_bytes() == corrected
    assert run("parse", str(notice_txt), "-o", str(target), "--force")[0] == 1
    assert target.read_bytes() != corrected


@pytest.mark.parametrize("name", ["分工表.xlsx", "通知.toml"])
def test_cli_replaces_an_untouched_output(
    notice_txt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """Parsing again to its own output, untouched since (or reading the same), replaces it."""
    target = tmp_path / name
    run("parse", str(notice_txt), "-o", str(target))
    capsys.readouterr()
    assert run("parse", str(notice_txt), "-o", str(target))[0] == 1  # the notice's own error
    assert "[file-exists]" not in capsys.readouterr().err


def test_cli_xlsx_needs_a_file(notice_txt: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format xlsx without -o is a usage error: a workbook does not go to the screen."""
    assert run("parse", str(notice_txt), "--format", "xlsx") == (2, "")
    assert "[output-required]" in capsys.readouterr().err


# -- TOML and JSON are checked too -------------------------------------------------


def test_toml_with_a_task_without_units_is_refused(
    notice_txt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A parse with an error saved to TOML is an error when read back: generate makes no return."""
    toml = tmp_path / "通知.toml"
    assert run("parse", str(notice_txt), "-o", str(toml))[0] == 1
    assert read_notice(toml).flatten("code", "task") == [("task-units-unparsable", "3")]
    capsys.readouterr()
    assert run("generate", str(toml), "-o", str(tmp_path / "报送表"))[0] == 2
    assert "[notice-has-errors]" in capsys.readouterr().err
    assert not (tmp_path / "报送表").exists()


@pytest.mark.parametrize("fmt", ["toml", "json"])
@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("市发改委", []),
        ("市老干部局", []),  # not in the registry but shaped like a body's name: generate decides
        ("市妇联", []),  # 联, 协, 大学 … end names of bodies too
        ("赣南医科大学", []),
        ("市发改委（牵头）", [("unit-name-invalid", "1")]),
        ("区卫健局牵头，各街办配合", [("unit-name-invalid", "1")]),
    ],
)
def test_own_files_names_checked(
    tmp_path: Path, fmt: str, name: str, codes: list[tuple[str, str]]
) -> None:
    """A name in a notice file that is not a unit's name is an error naming the task."""
    task = Task(seq=1, number="1", title="", content="加强培训。", lead=(name,))
    path = tmp_path / f"通知.{fmt}"
    path.write_text(dump_notice(Notice(tasks=(task,)), "toml" if fmt == "toml" else "json"))
    assert read_notice(path).flatten("code", "task") == codes


def test_own_file_task_without_text(tmp_path: Path) -> None:
    """A task with neither title nor content is an error, as in a parsed notice."""
    task = Task(seq=1, number="1", title="", content="", lead=("市发改委",))
    path = tmp_path / "通知.json"
    path.write_text(dump_notice(Notice(tasks=(task,))))
    assert read_notice(path).flatten("code", "task") == [("task-no-content", "1")]
