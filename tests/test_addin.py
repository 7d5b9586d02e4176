"""The Excel add-in and the macro-enabled control workbook.

The contract: every ribbon button calls a VBA callback that exists, which calls a sub that runs
one registered Python macro through xlwings' RunPython; the VBA is read back with oletools, and
LibreOffice reads the control workbook's VBA and buttons.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import io
import re
import sys
import warnings
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook
from support.libreoffice import LibreOffice
from xlsxwriter.workbook import Workbook

import gzgk
from gzgk.contract import ADDIN, CONTROL
from gzgk.excel.addin import (
    AddinBuild,
    AddinBuildError,
    AddinDependencyError,
    ControlWorkbookError,
    build_addin,
    control_xlsm,
    ribbon_xml,
    vba_module,
    vba_text,
    xlwings_template,
)

CUSTOM_UI = "http://schemas.microsoft.com/office/2006/01/customui"
CUSTOM_UI_TYPE = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
NS = {
    "ui": CUSTOM_UI,
    "main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "custom": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
}
SUB = re.compile(r"^Public Sub (\w+)\(([^)]*)\)\r?\n(.*?)^End Sub", re.M | re.S)
XLWINGS_VERSION = importlib.metadata.version("xlwings")


def _vba_modules(data: bytes) -> dict[str, str]:
    """The VBA modules oletools' olevba reads from a file: ``{module: source}``."""
    with warnings.catch_warnings():
        # oletools 0.60 calls pyparsing's deprecated enablePackrat when it is imported.
        warnings.simplefilter("ignore", DeprecationWarning)
        from oletools.olevba import VBA_Parser  # noqa: PLC0415

    parser = VBA_Parser("book.xlsm", data=data)
    try:
        return {
            stream.rpartition("/")[2]: code.replace("\r\n", "\n")
            for _, stream, _, code in parser.extract_macros()
        }
    finally:
        parser.close()


def _subs(source: str) -> dict[str, tuple[str, list[str]]]:
    """The public subs of a module: ``{name: (parameters, body lines)}``."""
    return {
        name: (parameters, [line.strip() for line in body.splitlines() if line.strip()])
        for name, parameters, body in SUB.findall(source)
    }


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def _content_type(parts: dict[str, bytes], part: str) -> str | None:
    """The content type [Content_Types].xml gives a part: its Override, else its Default."""
    types = _xml(parts["[Content_Types].xml"])
    for override in types.iterfind("ct:Override", NS):
        if override.get("PartName") == f"/{part}":
            return override.get("ContentType")
    extension = part.rpartition(".")[2]
    for default in types.iterfind("ct:Default", NS):
        if default.get("Extension") == extension:
            return default.get("ContentType")
    return None


def _runpython(macro: str) -> str:
    """The VBA statement that runs a macro: RunPython with ENTRY as a VBA string literal."""
    return 'RunPython "' + ADDIN.ENTRY.format(macro=macro).replace('"', '""') + '"'


@pytest.fixture(scope="module")
def addin(tmp_path_factory: pytest.TempPathFactory) -> AddinBuild:
    """The add-in, built once for the module's tests."""
    return build_addin(tmp_path_factory.mktemp("addin") / "gzgk.xlam")


@pytest.fixture(scope="module")
def addin_parts(addin: AddinBuild) -> dict[str, bytes]:
    """The parts of the built add-in."""
    return _parts(addin.path.read_bytes())


@pytest.fixture(scope="module")
def addin_vba(addin: AddinBuild) -> dict[str, str]:
    """The add-in's VBA modules as olevba reads them."""
    return _vba_modules(addin.path.read_bytes())


# -- the add-in: ribbon, VBA, config, versions -------------------------------------------------


def test_ribbon_is_the_layout_tab(addin_parts: dict[str, bytes]) -> None:
    """The customUI part is one tab 政务公开 with ADDIN's groups and buttons, in order."""
    root = _xml(addin_parts["customUI/customUI.xml"])
    assert root.tag == f"{{{CUSTOM_UI}}}customUI"
    tabs = root.findall("ui:ribbon/ui:tabs/ui:tab", NS)
    assert [(tab.get("id"), tab.get("label")) for tab in tabs] == [(ADDIN.TAB_ID, ADDIN.TAB_LABEL)]
    buttons = {button.macro: button for button in ADDIN.BUTTONS}
    groups = tabs[0].findall("ui:group", NS)
    assert [group.get("label") for group in groups] == list(ADDIN.GROUP_LABELS)
    for group, macros in zip(groups, ADDIN.BUTTON_GROUPS, strict=True):
        assert [
            (item.get("label"), item.get("imageMso"), item.get("supertip"))
            for item in group.findall("ui:button", NS)
        ] == [(buttons[m].label, buttons[m].image, buttons[m].tip) for m in macros]
    assert addin_parts["customUI/customUI.xml"] == ribbon_xml()


def test_every_ribbon_action_calls_a_callback_that_calls_a_sub(
    addin_parts: dict[str, bytes], addin_vba: dict[str, str]
) -> None:
    """Each onAction names MODULE.Ribbon<sub>(control As IRibbonControl), which calls <sub>."""
    actions = [
        button.get("onAction")
        for button in _xml(addin_parts["customUI/customUI.xml"]).iter(f"{{{CUSTOM_UI}}}button")
    ]
    assert len(actions) == len(ADDIN.BUTTONS)
    subs = _subs(addin_vba[ADDIN.MODULE])
    for action in actions:
        assert action is not None
        module, _, callback = action.partition(".")
        assert module == ADDIN.MODULE
        assert callback.startswith(ADDIN.RIBBON_PREFIX)
        parameters, body = subs[callback]
        assert parameters == "control As IRibbonControl"
        assert body == [callback.removeprefix(ADDIN.RIBBON_PREFIX)]


def test_every_button_sub_runs_its_macro(addin_vba: dict[str, str]) -> None:
    """The module holds exactly, per button, a parameterless sub running ENTRY once Ready."""
    subs = _subs(addin_vba[ADDIN.MODULE])
    expected = {}
    for button in ADDIN.BUTTONS:
        expected[button.sub] = ("", [f'If Ready("{button.macro}") Then {_runpython(button.macro)}'])
        expected[ADDIN.RIBBON_PREFIX + button.sub] = ("control As IRibbonControl", [button.sub])
    assert subs == expected
    procedures = _procedures(addin_vba[ADDIN.MODULE])
    assert {"Ready", "Problems", "Diagnostics", "Say", "PathExists"} <= set(procedures)


def _decode_vba_text(expression: str) -> str:
    """What a VBA string expression of literals, ChrW(&H…&) and vbLf evaluates to."""
    text = ""
    for token in re.split(r" & (?:_\n\s*)?", expression.strip()):
        if token.startswith('"'):
            text += token[1:-1].replace('""', '"')
        else:
            match = re.fullmatch(r"ChrW\(&H([0-9A-F]{4})&\)", token)
            assert match, token
            text += chr(int(match[1], 16))
    return text


@pytest.mark.parametrize("key", sorted(ADDIN.VBA_TEXTS))
def test_vba_texts_are_ascii_and_read_back(key: str, addin_vba: dict[str, str]) -> None:
    """Each Chinese message of the VBA is ASCII source that evaluates to the contract's text."""
    expression = vba_text(ADDIN.VBA_TEXTS[key])
    assert expression.isascii()
    assert all(len(line) < 1000 for line in expression.splitlines())
    assert _decode_vba_text(expression) == ADDIN.VBA_TEXTS[key]
    source = addin_vba[ADDIN.MODULE] + addin_vba["xlwings"]
    assert expression in source


def test_vba_text_quotes_and_rejects_lines() -> None:
    """Quotes are doubled; a line break or an over-long text is refused."""
    assert vba_text('说"x"') == 'ChrW(&H8BF4&) & """x"""'
    for bad in ("一\n二", "字" * 201):
        with pytest.raises(AddinBuildError):
            vba_text(bad)


def test_every_button_macro_is_registered() -> None:
    """Every button's macro is a key of gzgk.excel.macros.MACROS, and every key has a button."""
    from gzgk.excel.macros import MACROS  # noqa: PLC0415

    assert sorted(button.macro for button in ADDIN.BUTTONS) == sorted(MACROS)


def test_runpython_commands_survive_the_windows_command_line() -> None:
    """The command RunPython passes to python -c "..." on Windows holds no double quote."""
    for button in ADDIN.BUTTONS:
        assert '"' not in ADDIN.ENTRY.format(macro=button.macro)


def test_vba_module_is_ascii_with_crlf() -> None:
    """The module text is ASCII (VBA stores it in a code page) with CRLF line ends only."""
    text = vba_module()
    assert text.isascii()
    assert text.startswith(f'Attribute VB_Name = "{ADDIN.MODULE}"\r\n')
    assert "\n" not in text.replace("\r\n", "")


PATCHED = {"RunPython", "XLPyCommand", "GetConfig", "ShowError"}  # what gzgk changes


def _procedures(source: str) -> dict[str, str]:
    """The Subs and Functions of a VBA module by name: ``{name: text}`` (the last of a name)."""
    pattern = re.compile(r"^(?:(?:Public|Private) )?(Sub|Function) (\w+)\(.*?^End \1$", re.M | re.S)
    return {match[2]: match[0] for match in pattern.finditer(source)}


def test_xlwings_module_is_the_template_for_gzgk(addin_vba: dict[str, str]) -> None:
    """The xlwings module is the template's: PROJECT_NAME is gzgk, and only four procedures differ."""
    template = xlwings_template()
    original = template.vba.read_text(encoding="utf-8").replace("\r\n", "\n")
    built = addin_vba["xlwings"]
    assert f'Public Const PROJECT_NAME As String = "{ADDIN.PROJECT_NAME}"' in built
    assert f'Lib "{template.dll}"' in built
    before, after = _procedures(original), _procedures(built)
    assert sorted(before) == sorted(after)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == PATCHED
    assert sorted(addin_vba) == sorted(["ThisWorkbook", "Sheet2", "Dictionary", "xlwings", "gzgk"])


def _reachable(procedures: dict[str, str], start: str) -> set[str]:
    """The procedures ``start`` calls, directly or through others, itself included."""
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        body = procedures[name].split("\n", 1)[1]
        todo += [other for other in procedures if re.search(rf"\b{other}\b", body)]
    return seen


@pytest.mark.parametrize("module", ["xlwings", ADDIN.MODULE])
def test_settings_never_come_from_the_active_workbook(
    addin_vba: dict[str, str], module: str
) -> None:
    """GetConfig and all it calls read no sheet or folder of the active workbook."""
    procedures = {**_procedures(addin_vba["xlwings"]), **_procedures(addin_vba[ADDIN.MODULE])}
    reached = _reachable(procedures, "GetConfig") | (
        _reachable(procedures, "Problems") if module == ADDIN.MODULE else set()
    )
    assert "GetConfigFromFile" in reached
    assert "GetConfigFilePath" in reached
    for name in reached:
        assert "ActiveWorkbook" not in procedures[name], name
        assert "GetDirectoryConfigFilePath" not in procedures[name], name
    get_config = procedures["GetConfig"]
    assert "GetConfigFromSheet(ThisWorkbook)" in get_config
    assert "If ThisWorkbook.IsAddin Then" in get_config


def test_runpython_keeps_the_workbook_out_of_python(addin_vba: dict[str, str]) -> None:
    """RunPython never puts the workbook's folder on sys.path nor turns its sheets into code."""
    procedures = _procedures(addin_vba["xlwings"])
    for name in ("RunPython", "XLPyCommand"):
        assert 'AddExcelDir = "false"' in procedures[name]
        assert "ADD_WORKBOOK_TO_PYTHONPATH" not in procedures[name]
    run = procedures["RunPython"]
    assert ".Worksheets" not in run
    assert not re.search(r"^\s*uses_embedded_code = True\s*$", run, re.M)  # never set
    for source in addin_vba.values():
        assert "xlwings.pro" not in source


def test_template_modules_are_kept(addin_vba: dict[str, str]) -> None:
    """The template's other modules are kept as they were; only its example module goes."""
    template = _vba_modules(xlwings_template().workbook.read_bytes())
    assert "RibbonMyAddin" in template
    for name in ("ThisWorkbook", "Sheet2", "Dictionary"):
        assert addin_vba[name] == template[name], name


def test_custom_ui_is_related_and_typed(addin_parts: dict[str, bytes]) -> None:
    """The ribbon part is related from _rels/.rels with the 2006 type and typed application/xml."""
    relationships = _xml(addin_parts["_rels/.rels"]).findall("rel:Relationship", NS)
    ribbons = [
        r.get("Target") for r in relationships if r.get("Type", "").endswith("/extensibility")
    ]
    assert ribbons == ["customUI/customUI.xml"]
    assert any(r.get("Type") == CUSTOM_UI_TYPE for r in relationships)
    assert _content_type(addin_parts, "customUI/customUI.xml") == "application/xml"
    types = _xml(addin_parts["[Content_Types].xml"])
    assert {o.get("PartName", "")[1:] for o in types.iterfind("ct:Override", NS)} <= set(
        addin_parts
    )
    for part in addin_parts:
        if part != "[Content_Types].xml":
            assert _content_type(addin_parts, part) is not None, part
    workbook = "application/vnd.ms-excel.addin.macroEnabled.main+xml"
    assert _content_type(addin_parts, "xl/workbook.xml") == workbook


def test_config_sheet_is_named_for_the_project(addin_parts: dict[str, bytes]) -> None:
    """The config sheet is gzgk.conf; it records the versions and no key xlwings reads."""
    sheets = _xml(addin_parts["xl/workbook.xml"]).findall("main:sheets/main:sheet", NS)
    assert [sheet.get("name") for sheet in sheets] == [f"{ADDIN.PROJECT_NAME}.conf"]
    strings = [t.text for t in _xml(addin_parts["xl/sharedStrings.xml"]).iter(f"{{{NS['main']}}}t")]
    rows = [
        tuple(strings[int(v.text or "")] for v in row.iter(f"{{{NS['main']}}}v"))
        for row in _xml(addin_parts["xl/worksheets/sheet1.xml"]).iter(f"{{{NS['main']}}}row")
    ]
    assert rows == [("GZGK_VERSION", gzgk.__version__), ("GZGK_XLWINGS_VERSION", XLWINGS_VERSION)]
    read = set(re.findall(r'GetConfig\("([^"]+)"', xlwings_template().vba.read_text("utf-8")))
    assert "INTERPRETER_WIN" in read
    assert not {key for key, _ in rows} & {key.upper() for key in read}


def test_versions_are_recorded(addin: AddinBuild, addin_parts: dict[str, bytes]) -> None:
    """AddinBuild and the add-in's custom properties record the gzgk and xlwings versions."""
    assert addin.xlwings_version == XLWINGS_VERSION
    assert addin.gzgk_version == gzgk.__version__
    assert addin.sha256 == hashlib.sha256(addin.path.read_bytes()).hexdigest()
    properties = {
        item.get("name"): item.findtext("vt:lpwstr", namespaces=NS)
        for item in _xml(addin_parts["docProps/custom.xml"]).iterfind("custom:property", NS)
    }
    assert properties == {
        "gzgk_version": gzgk.__version__,
        "gzgk_xlwings_version": XLWINGS_VERSION,
    }


def test_build_is_deterministic(addin: AddinBuild, tmp_path: Path) -> None:
    """Building again gives the same bytes."""
    again = build_addin(tmp_path / "again.xlam")
    assert again.path.read_bytes() == addin.path.read_bytes()


def test_build_wants_an_xlam(tmp_path: Path) -> None:
    """A target that is not .xlam is refused before anything is written."""
    with pytest.raises(AddinBuildError, match=r"\.xlam") as raised:
        build_addin(tmp_path / "gzgk.xlsm")
    assert raised.value.code == "addin-build-failed"
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("module", "package"), [("xlwings", "xlwings"), ("pyopenvba", "pyOpenVBA")]
)
def test_missing_excel_extra_is_a_chinese_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, module: str, package: str
) -> None:
    """Without xlwings or pyOpenVBA the build says what to install, with a stable code."""
    monkeypatch.setitem(sys.modules, module, None)  # what a blocked import looks like
    with pytest.raises(AddinDependencyError) as raised:
        build_addin(tmp_path / "gzgk.xlam")
    assert raised.value.code == "excel-extra-missing"
    assert isinstance(raised.value, ModuleNotFoundError)
    assert str(raised.value) == (
        f"未安装 {package}，无法生成 Excel 加载项。请先安装：pip install 'gzgk[excel]'"
    )


# -- the control workbook as .xlsm -------------------------------------------------------------


@pytest.fixture(scope="module")
def control_xlsx() -> bytes:
    """A control workbook with what the real one might hold: protection, lists, notes, names."""
    buffer = io.BytesIO()
    book = Workbook(buffer)
    sheet = book.add_worksheet(CONTROL.CONTROL_SHEET)
    sheet.merge_range("A1:C1", CONTROL.TITLE)
    sheet.write_row(CONTROL.HEADER_ROW - 1, 0, CONTROL.HEADER)
    for row, parameter in enumerate(CONTROL.PARAMETERS, start=CONTROL.FIRST_ROW - 1):
        sheet.write_string(row, 0, parameter.label)
        sheet.write_string(row, 2, parameter.note)
    sheet.write_comment("B5", "选内置通知名，或填写通知文件的完整路径")
    sheet.data_validation("B5", {"validate": "list", "source": "=gzgk_notices"})
    sheet.conditional_format(
        "B5:B8", {"type": "blanks", "format": book.add_format({"bg_color": "#FFC7CE"})}
    )
    sheet.freeze_panes(CONTROL.FIRST_ROW - 1, 0)
    sheet.protect()
    lists = book.add_worksheet(CONTROL.LISTS_SHEET)
    lists.write_string(0, 0, "ganzhou-2024")
    lists.very_hidden()
    book.define_name("gzgk_notices", f"={CONTROL.LISTS_SHEET}!$A$1")
    book.set_custom_property("gzgk_kind", "control")
    book.close()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def control(control_xlsx: bytes) -> bytes:
    """That workbook made macro-enabled."""
    return control_xlsm(control_xlsx)


def _book_facts(data: bytes) -> dict[str, object]:
    """What openpyxl reads of a workbook: sheets, cells, merges, rules, protection, names."""
    book = load_workbook(io.BytesIO(data))
    sheet = book[CONTROL.CONTROL_SHEET]
    return {
        "sheets": [(s.title, s.sheet_state) for s in book.worksheets],
        "cells": [[cell.value for cell in row] for row in sheet.iter_rows()],
        "merged": [str(cells) for cells in sheet.merged_cells.ranges],
        "validations": [(str(v.sqref), v.formula1) for v in sheet.data_validations.dataValidation],
        "formats": [str(rule.sqref) for rule in sheet.conditional_formatting],
        "protected": (sheet.protection.sheet, sheet.protection.objects),
        "frozen": sheet.freeze_panes,
        "comment": sheet["B5"].comment.text if sheet["B5"].comment else None,
        "names": sorted(book.defined_names),
        "properties": [(p.name, p.value) for p in book.custom_doc_props.props],
    }


def test_control_xlsm_keeps_the_workbook(control_xlsx: bytes, control: bytes) -> None:
    """Cells, merges, rules, notes, protection, hidden sheets and names come through unchanged."""
    assert _book_facts(control) == _book_facts(control_xlsx)


def test_control_xlsm_is_macro_enabled(control: bytes) -> None:
    """The workbook part is macro-enabled and the VBA project is related and typed."""
    parts = _parts(control)
    assert _content_type(parts, "xl/workbook.xml") == (
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    )
    assert _content_type(parts, "xl/vbaProject.bin") == "application/vnd.ms-office.vbaProject"
    targets = [r.get("Target") for r in _xml(parts["xl/_rels/workbook.xml.rels"])]
    assert "vbaProject.bin" in targets


def test_control_xlsm_carries_the_addin_vba(control: bytes, addin_vba: dict[str, str]) -> None:
    """The .xlsm holds the add-in's module, xlwings' module and its Dictionary class."""
    modules = _vba_modules(control)
    assert modules[ADDIN.MODULE] == addin_vba[ADDIN.MODULE] == vba_module().replace("\r\n", "\n")
    assert modules["xlwings"] == addin_vba["xlwings"]
    assert "Dictionary" in modules


def test_control_sheet_buttons_run_the_subs(control: bytes) -> None:
    """One Forms button per ADDIN button, right of the parameters, assigned to its sub."""
    parts = _parts(control)
    (drawing,) = [name for name in parts if name.endswith(".vml")]
    shapes = re.findall(
        r"<div style='text-align:center'><font [^>]*>([^<]*)</font></div>.*?"
        r"<x:Anchor>(\d+),.*?<x:FmlaMacro>([^<]*)</x:FmlaMacro>",
        parts[drawing].decode("utf-8"),
        re.S,
    )
    order = [macro for group in ADDIN.BUTTON_GROUPS for macro in group]
    buttons = sorted(ADDIN.BUTTONS, key=lambda button: order.index(button.macro))
    column = len(CONTROL.HEADER) + 1
    assert shapes == [(button.label, str(column), f"[0]!{button.sub}") for button in buttons]


def test_control_xlsm_is_deterministic(control_xlsx: bytes, control: bytes) -> None:
    """The same .xlsx gives the same .xlsm bytes."""
    assert control_xlsm(control_xlsx) == control


def test_control_xlsm_wants_a_control_workbook() -> None:
    """Bytes that are not an .xlsx with the control sheet are refused with a stable code."""
    buffer = io.BytesIO()
    book = Workbook(buffer)
    book.add_worksheet("Sheet1")
    book.close()
    for data in (b"not a zip", buffer.getvalue()):
        with pytest.raises(ControlWorkbookError) as raised:
            control_xlsm(data)
        assert raised.value.code == "not-a-control-workbook"


def test_libreoffice_reads_the_macros_and_buttons(
    libreoffice: LibreOffice, tmp_path: Path, control_xlsx: bytes
) -> None:
    """LibreOffice lists the module and its subs, and binds each button to its sub."""
    try:
        from gzgk.excel.control import control_workbook  # noqa: PLC0415
    except ImportError:  # until the real control workbook exists, the stand-in
        xlsx = control_xlsx
    else:
        xlsx = control_workbook()
    path = tmp_path / "控制台.xlsm"
    path.write_bytes(control_xlsm(xlsx))
    libraries, controls = libreoffice.read_macros(path, sheets=[CONTROL.CONTROL_SHEET])
    (library,) = [name for name, modules in libraries.items() if ADDIN.MODULE in modules]
    source = libraries[library][ADDIN.MODULE]
    assert "RunPython" in libraries[library]["xlwings"]
    for button in ADDIN.BUTTONS:
        ready = f'If Ready("{button.macro}") Then {_runpython(button.macro)}'
        assert f"Public Sub {button.sub}()\n    {ready}\n" in source
        assert f"Public Sub {ADDIN.RIBBON_PREFIX}{button.sub}(control As IRibbonControl)" in source
    labels = {
        item["label"]: [event["script"] for event in item["events"]]
        for item in controls[CONTROL.CONTROL_SHEET]
        if item["type"] == "CommandButton"
    }
    assert labels == {
        button.label: [
            (
                f"vnd.sun.star.script:{library}.{ADDIN.MODULE}.{button.sub}"
                "?language=Basic&location=document"
            )
        ]
        for button in ADDIN.BUTTONS
    }
