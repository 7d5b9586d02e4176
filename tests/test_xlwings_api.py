"""gzgk's Excel edge held to the installed xlwings: every member it uses exists and works so.

LiveBook and run_in_excel run every button against the stand-in Excel of
``support.xlwings_standin`` through a recorder; each member read, set or called is then
checked against the installed xlwings classes (it exists; a property written has a setter; a
method is called with arguments its signature accepts), and each member of Excel's object
model reached through ``.api`` against the list of those gzgk may use. The stand-in itself is
checked to offer nothing the xlwings classes do not.
"""

from __future__ import annotations

import ast
import inspect
import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest
import xlwings.main
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from support import xlwings_standin as xl
from support.returns import (
    ENTRY,
    KEY,
    MATRIX,
    NOTICE,
    ROUND_1,
    ROUND_2,
    earlier,
    edit,
    filled,
    task_cell,
)

from gzgk.contract import CONTROL, SUMMARY, TABLE
from gzgk.excel.book import PROTECTION_FLAGS, LiveBook, Mark
from gzgk.excel.control import write_control
from gzgk.excel.macros import MACROS, Outcome, run_in_excel

# Excel's object model members gzgk may use through .api (Excel VBA reference, learn.microsoft.com
# › office › vba › api: Excel.Worksheet, Excel.Protection, Excel.Workbook, Office.DocumentProperty).
COM_MEMBERS: dict[str, dict[str, str]] = {
    "Worksheet": {
        "ProtectContents": "get",
        "ProtectDrawingObjects": "get",
        "ProtectScenarios": "get",
        "Protection": "get",
        "Unprotect": "call",
        "Protect": "call",
    },
    "Protection": dict.fromkeys(PROTECTION_FLAGS, "get"),
    "Workbook": {"CustomDocumentProperties": "get"},
    "DocumentProperties": {"__iter__": "call"},
    "DocumentProperty": {"Name": "get", "Value": "get"},
}
# The arguments of Worksheet.Protect and Worksheet.Unprotect, in Excel's order.
COM_ARGUMENTS: dict[str, tuple[str, ...]] = {
    "Worksheet.Protect": (
        "Password",
        "DrawingObjects",
        "Contents",
        "Scenarios",
        "UserInterfaceOnly",
        *PROTECTION_FLAGS,
    ),
    "Worksheet.Unprotect": ("Password",),
}
ROUNDS = f"{ROUND_1.name}={ROUND_1.due},{ROUND_2.name}={ROUND_2.due}"
UNITS = ("市司法局", "章贡区", "南康区")
STANDIN_CLASSES = (
    xl.App,
    xl.Books,
    xl.Book,
    xl.Sheets,
    xl.Sheet,
    xl.Range,
    xl.Font,
    xl.PageSetup,
    xl.Notes,
    xl.Note,
)


def _call_problem(
    real: type, member: str, static: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> str | None:
    """Why calling ``real.member(*args, **kwargs)`` would fail, or None."""
    if isinstance(static, staticmethod):
        function, bound = static.__func__, ()
    elif isinstance(static, classmethod):
        function, bound = static.__func__, (real,)
    elif inspect.isfunction(static):
        function, bound = static, (object(),)
    else:
        return "is not a method"
    try:
        inspect.signature(function).bind(*bound, *args, **kwargs)
    except TypeError as error:
        return f"cannot be called so ({error})"
    return None


def _xlwings_problem(
    name: str, member: str, action: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> str | None:
    real = getattr(xlwings.main, name, None)
    if not isinstance(real, type):
        return "is no xlwings class"
    static = inspect.getattr_static(real, member, None)
    if static is None:
        return "does not exist"
    if action == "get":
        return None if isinstance(static, property) else "is not a property"
    if action == "set":
        if not isinstance(static, property):
            return "is not a property"
        return None if static.fset is not None else "is a property without a setter"
    return _call_problem(real, member, static, args, kwargs)


def _com_problem(
    name: str, member: str, action: str, kwargs: dict[str, Any], args: tuple[Any, ...]
) -> str | None:
    allowed = COM_MEMBERS.get(name, {})
    if allowed.get(member) != action:
        return f"is not among the Excel members gzgk uses ({action})"
    arguments = COM_ARGUMENTS.get(f"{name}.{member}")
    if arguments is not None and (
        len(args) > len(arguments) or not set(kwargs) <= set(arguments[len(args) :])
    ):
        return f"takes only {arguments}"
    return None


def problems(uses: list[xl.Use]) -> list[str]:
    """Every use of an xlwings or Excel member that the real objects would not allow."""
    found = []
    for owner, member, action, args, kwargs in uses:
        kind, _, name = owner.partition(".")
        if kind == "xlwings":
            problem = _xlwings_problem(name, member, action, args, kwargs)
        else:
            problem = _com_problem(name, member, action, kwargs, args)
        if problem:
            found.append(f"{owner}.{member} ({action}) {problem}")
    return sorted(set(found))


# -- the stand-in offers nothing xlwings does not --------------------------------------------------


def _parameters(function: Any) -> list[str]:
    return [name for name in inspect.signature(function).parameters if name != "self"]


@pytest.mark.parametrize("standin", STANDIN_CLASSES, ids=lambda cls: cls.XLWINGS)
def test_standin_has_only_xlwings_members(standin: type) -> None:
    """Each stand-in member exists on its xlwings class: same kind, setter and parameters."""
    real = getattr(xlwings.main, standin.XLWINGS)
    for name, member in vars(standin).items():
        if name.startswith("_") and name not in ("__iter__", "__len__", "__getitem__"):
            continue
        if name == "XLWINGS":
            continue
        static = inspect.getattr_static(real, name, None)
        assert static is not None, f"xlwings.{standin.XLWINGS} has no {name}"
        if isinstance(member, property):
            assert isinstance(static, property), f"xlwings.{standin.XLWINGS}.{name} is a property"
            if member.fset is not None:
                assert static.fset is not None, f"xlwings.{standin.XLWINGS}.{name} has no setter"
        else:
            assert inspect.isfunction(static), f"xlwings.{standin.XLWINGS}.{name} is a method"
            assert _parameters(member) == _parameters(static), f"xlwings.{standin.XLWINGS}.{name}"


def test_standin_refuses_like_excel(tmp_path: Path) -> None:
    """A protected sheet refuses marks and writes to locked cells; unknown attributes fail."""
    app = xl.excel()
    book = xl.open_book(app, filled(tmp_path, "南康区", key=KEY))
    sheet = book.sheets[ENTRY]
    assert sheet.api.ProtectContents
    cell = sheet.range(task_cell("status"))
    with pytest.raises(xl.ExcelError):
        cell.color = (255, 0, 0)
    with pytest.raises(xl.ExcelError):
        cell.add_note("说明")
    with pytest.raises(xl.ExcelError):
        sheet.range(task_cell("title")).value = "改过的任务"  # a locked cell
    sheet.range(task_cell("status")).value = "推进中"  # an unlocked one takes a value
    with pytest.raises(AttributeError):
        cell.note = "说明"  # type: ignore[misc]  # no setter, as in xlwings
    with pytest.raises(AttributeError):
        cell.comment_text = "说明"  # type: ignore[attr-defined]
    sheet.api.Unprotect()
    cell.add_note("说明")
    with pytest.raises(ValueError, match="already has a note"):
        cell.add_note("又一条")


# -- recording everything the Excel edge does ------------------------------------------------------


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """A control workbook and a returns folder with a bad return, as a clerk has them."""
    control = write_control(tmp_path / "控制台.xlsx", notice=NOTICE, source="ganzhou-2024")
    folder = tmp_path / "报回"
    folder.mkdir()

    def blank_status(book: Workbook) -> None:
        book[ENTRY][task_cell("status")] = None

    bad = edit(filled(tmp_path, "南康区", key=KEY), blank_status)
    shutil.move(bad, folder / "南康区.xlsx")
    book = xl.open_book(xl.excel(), control)
    sheet = book.sheets["控制台"]
    for key, value in {"received_folder": "报回", "returns_folder": "报送表"}.items():
        sheet.range(CONTROL.cell(key)).value = value
    xl.save(book, control)
    return tmp_path


def _press_every_button(office: Path, uses: list[xl.Use]) -> list[str]:
    """Open the control workbook and a bad return, press every button twice; the alerts shown."""
    app = xl.excel()
    control = xl.open_book(app, office / "控制台.xlsx")
    current = xl.open_book(app, office / "报回" / "南康区.xlsx")
    for name in [*MACROS, "validate_current"]:  # the second check clears the first one's marks
        xl.activate(current)
        run_in_excel(name, xl.recorded(current, uses))
    xl.activate(control)
    run_in_excel("check_environment", xl.recorded(control, uses))
    return [prompt for prompt, _ in xl.alerts(app)]


def test_every_button_uses_only_xlwings_api(office: Path) -> None:
    """Every member the buttons use in Excel exists in the installed xlwings, used as it allows."""
    uses: list[xl.Use] = []
    shown = _press_every_button(office, uses)
    assert len(shown) == len(MACROS) + 2
    assert any("已在表中标出问题单元格" in prompt for prompt in shown)
    assert problems(uses) == []


def test_remind_in_excel_puts_the_title_above_the_list(office: Path) -> None:
    """催报清单 in Excel: the title (bold, larger) and the as-of line above the header.

    As in file mode and in the summary: the list starts under them, in the summary's columns.
    """
    uses: list[xl.Use] = []
    app = xl.excel()
    control = xl.open_book(app, office / "控制台.xlsx")
    fill = control.sheets["控制台"]
    fill.range(CONTROL.cell("as_of")).value = "2024-07-10"
    run_in_excel("remind", xl.recorded(control, uses))
    assert problems(uses) == []
    assert [prompt for prompt, _ in xl.alerts(app)] == ["需要催报 55 个单位，见“催报清单”工作表。"]
    sheet = control.sheets[SUMMARY.REMINDERS_SHEET]
    header = TABLE.header_row(2)
    title, facts = (sheet.range((row, 1)).value for row in (1, 2))
    assert title == f"{NOTICE.title}催报清单"
    assert facts == "统计截至 2024年7月10日 23:59　报送时限 2024年7月5日　需要催报 55 个单位"
    assert sheet.range((1, 1)).font.bold
    assert sheet.range((1, 1)).font.size == TABLE.TITLE_SIZE
    assert not sheet.range((2, 1)).font.bold
    assert sheet.range((header, 1), (header, len(SUMMARY.REMINDERS_HEADER))).value == list(
        SUMMARY.REMINDERS_HEADER
    )
    assert sheet.range((header, 1)).font.bold
    assert sheet.range((header + 1, 1)).value == 1  # the first unit to chase
    # The summary's columns: the phone number's column holds it; only the printed ones print.
    widths = [sheet.range((header, column)).column_width for column in range(1, 10)]
    assert widths == list(SUMMARY.REMINDERS_WIDTHS)
    assert sheet.range((header + 1, 4)).wrap_text
    last = get_column_letter(SUMMARY.REMINDERS_PRINTED)
    assert sheet.page_setup.print_area == f"$A$1:${last}${header + 55}"


def test_two_rounds_at_the_buttons(office: Path) -> None:
    """Two rounds in Excel as a clerk runs them, the history named from the first press.

    Round 1 is generated before the history exists and merged; round 2 (本期 typed with
    full-width digits and a space) is generated pre-filled from round 1's summary, merged
    twice, then merged with a return fewer: refused, naming 整期替换台账 and the button;
    typing the round there, as the message says, replaces it. Every member used is xlwings'.
    """
    uses: list[xl.Use] = []
    app = xl.excel()
    control = xl.open_book(app, office / "控制台.xlsx")
    cells = control.sheets[CONTROL.CONTROL_SHEET]

    def press(macro: str, **values: str) -> str:
        for key, value in values.items():
            cells.range(CONTROL.cell(key)).value = value
        outcome = run_in_excel(macro, xl.recorded(control, uses))
        shown.append(outcome)
        prompt, _ = xl.alerts(app)[-1]
        assert prompt == outcome.message
        return prompt

    shown: list[Outcome] = []

    first = {"rounds": ROUNDS, "round": ROUND_1.name, "history_file": "台账.sqlite",
             "returns_folder": "报送表1", "received_folder": "报回1", "summary_file": "汇总1.xlsx",
             "as_of": "2024-07-10"}  # fmt: skip
    assert "台账数据库”（B16 单元格）中的台账数据库还没有建立" in press("generate_returns", **first)
    (office / "报回1").mkdir()
    for unit in UNITS:
        filled(office / "报回1", unit, key=KEY, round_=ROUND_1)
    merged = press("merge_returns")
    assert f"（{ROUND_1.name}，" in merged
    assert shown[-1].details[-1].endswith("或点“催报清单”。")  # no command line in Excel
    second = {"round": "２０２４年 第三季度", "previous_file": "汇总1.xlsx", "as_of": "2024-10-09",
              "returns_folder": "报送表2", "received_folder": "报回2", "summary_file": "汇总2.xlsx"}  # fmt: skip
    generated = press("generate_returns", **second)
    assert f"其中 {len(UNITS)} 个单位的报送表预填了上期（{ROUND_1.name}）的答复。" in generated
    assert len(list((office / "报送表2").glob(f"*{ROUND_2.name}.xlsx"))) == 55
    (office / "报回2").mkdir()
    for unit in UNITS:
        filled(office / "报回2", unit, key=KEY, round_=ROUND_2, previous=earlier(MATRIX, unit))
    once, twice = press("merge_returns"), press("merge_returns")
    assert once == twice
    assert once.endswith("条答复）")
    (office / "报回2" / f"{UNITS[0]}-已填.xlsx").unlink()
    refused = press("merge_returns")
    assert f"控制台“整期替换台账”（B17 单元格）中填写“{ROUND_2.name}”，再点“汇总报送”" in refused
    assert "gzgk excel run" not in refused
    assert "--" not in refused
    assert "已整期替换" in press("merge_returns", replace_round=ROUND_2.name)
    assert problems(uses) == []


def _attributes(source: str) -> set[str]:
    """The attribute names a piece of code reads or writes on anything but ``self``/modules."""
    tree = ast.parse(textwrap.dedent(source))
    modules = {"RETURN", "TABLE", "ADDIN", "Path", "self"}
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            base = node.value
            if (isinstance(base, ast.Name) and base.id in modules) or isinstance(
                base, ast.Constant
            ):
                continue
            if (
                isinstance(base, ast.Call)
                and isinstance(base.func, ast.Name)
                and base.func.id in modules
            ):
                continue
            names.add(node.attr)
    return names


def test_recording_walks_every_attribute_the_code_names(office: Path) -> None:
    """Every attribute LiveBook and run_in_excel name on an object was used in the recorded run."""
    uses: list[xl.Use] = []
    _press_every_button(office, uses)
    used = {member for _, member, _, _, _ in uses}
    named = _attributes(inspect.getsource(LiveBook)) | _attributes(inspect.getsource(run_in_excel))
    # Names on gzgk's own values (a Mark, a str, an Outcome), not on Excel's objects.
    own = {"cell", "fill", "startswith", "message"}
    assert named - own - used == set()


# -- the check catches what the old code did -------------------------------------------------------


class _OldLiveBook(LiveBook):
    """LiveBook.mark as it was: a note assigned to Range.note, no unprotecting."""

    def mark(self, sheet: str, marks: Any) -> None:
        for mark in marks:
            target = self._book.sheets[sheet].range(mark.cell)
            if mark.note:
                target.note = mark.note


def test_a_wrong_attribute_is_caught(tmp_path: Path) -> None:
    """Assigning Range.note (which has no setter) is named by the check, and fails in the stand-in."""
    app = xl.excel()
    book = xl.open_book(app, filled(tmp_path, "南康区", key=KEY))
    uses: list[xl.Use] = []
    with pytest.raises(AttributeError):
        _OldLiveBook(xl.recorded(book, uses)).mark(ENTRY, [Mark(task_cell("status"), None, "说明")])
    assert problems(uses) == ["xlwings.Range.note (set) is a property without a setter"]
    assert problems([("xlwings.Range", "add_note", "call", (), {"txt": "x"})]) == [
        "xlwings.Range.add_note (call) cannot be called so (missing a required argument: 'text')"
    ]
    assert problems([("Excel.Worksheet", "Unprotect", "call", (), {"Pasword": ""})]) == [
        "Excel.Worksheet.Unprotect (call) takes only ('Password',)"
    ]
