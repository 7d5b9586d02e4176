r"""The Excel add-in ``gzgk.xlam`` and the macro-enabled control workbook.

Both are built from the add-in template that ships inside xlwings
(``quickstart_addin_ribbon.xlam`` and ``xlwings_custom_addin.bas``, BSD
licensed), found without importing xlwings. :func:`build_addin` puts in:

* the ribbon tab 政务公开 (``customUI/customUI.xml``), rendered from
  ``gzgk/data/addin/customUI*.xml`` and :data:`~gzgk.contract.ADDIN`;
* the VBA module ``ADDIN.MODULE``, rendered from ``gzgk/data/addin/gzgk*.bas``:
  for each button a parameterless sub that runs ``ADDIN.ENTRY`` through
  ``RunPython``, and the ribbon callback ``Ribbon<Sub>`` that calls it. It takes
  the place of the template's example module ``RibbonMyAddin``;
* the template's ``xlwings`` module with ``PROJECT_NAME = "gzgk"``, made to read its
  settings only from the add-in's sheet ``gzgk.conf`` and from
  ``%USERPROFILE%\.gzgk\gzgk.conf`` (never from the active workbook), and never to put
  the active workbook's folder on ``sys.path`` (see :func:`_xlwings_module`);
* the template's config sheet ``_myaddin.conf`` renamed ``gzgk.conf``. It holds
  the versions the add-in was built with, and no setting xlwings would read
  instead of the user's config file;
* the custom document properties ``gzgk_version`` and ``gzgk_xlwings_version``.

The template's VBA declares the xlwings DLL of one exact version, so an add-in
works with the xlwings it was built from: ``install.cmd`` builds it in the
environment that runs it. VBA is written with pyOpenVBA, the other package parts
with zipfile and lxml. xlwings and pyOpenVBA are the ``excel`` extra; they are
looked up when a build starts, not when this module is imported.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import importlib.util
import io
import posixpath
import re
import tempfile
import zipfile
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from string import Template
from types import ModuleType
from typing import Final

from attrs import frozen
from lxml import etree
from openpyxl.utils import get_column_letter

import gzgk
from gzgk.contract import ADDIN, CONTROL, FONT, Button
from gzgk.errors import GzgkError
from gzgk.files import write_atomic

__all__ = [
    "AddinBuild",
    "AddinBuildError",
    "AddinDependencyError",
    "ControlWorkbookError",
    "XlwingsTemplate",
    "build_addin",
    "control_xlsm",
    "ribbon_xml",
    "vba_module",
    "vba_text",
    "xlwings_template",
]

_INSTALL_HINT: Final = "请先安装：pip install 'gzgk[excel]'"
# The template's example ribbon module (replaced by ours) and config sheet (renamed).
_EXAMPLE_MODULE: Final = "RibbonMyAddin"
_EXAMPLE_CONFIG_SHEET: Final = "_myaddin.conf"
_XLWINGS_MODULE: Final = "xlwings"
_DICTIONARY_MODULE: Final = "Dictionary"  # xlwings' Scripting.Dictionary stand-in (macOS)
# What the add-in records about its build: config-sheet keys and custom properties.
_CONFIG_KEYS: Final = {
    "gzgk_version": "GZGK_VERSION",
    "gzgk_xlwings_version": "GZGK_XLWINGS_VERSION",
}
# The control sheet's buttons: points, in a column one empty column right of the parameters.
_BUTTON_WIDTH: Final = 132.0
_BUTTON_HEIGHT: Final = 30.0
_BUTTON_GAP: Final = 6.0
_GROUP_GAP: Final = 18.0
_CAPTION_SIZE: Final = 220  # VML font size in twentieths of a point (11 pt)

_CUSTOM_UI_PART = "customUI/customUI.xml"
_CUSTOM_UI_TYPE = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
_CUSTOM_UI_CONTENT = "application/xml"
_CUSTOM_PROPERTIES_PART = "docProps/custom.xml"
_CUSTOM_PROPERTIES_TYPE = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
_CUSTOM_PROPERTIES_CONTENT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_WORKBOOK_PART = "xl/workbook.xml"
_XLSX_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_XLSM_CONTENT = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_CONTENT_TYPES = "[Content_Types].xml"
_OFFICE_LIBRARY = "{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}"  # IRibbonControl lives here
_PROPERTY_FORMAT = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed, so the same inputs give the same bytes
_VBA_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,30}")
_PROJECT_NAME_LINE = re.compile(r'^(Public Const PROJECT_NAME As String = )"[^"\r\n]*"', re.M)
_XLWINGS_VERSION_LINE = re.compile(r'^Public Const XLWINGS_VERSION As String = "([^"\r\n]*)"', re.M)
_BUTTON_SHAPE = re.compile(r"<v:shape\b.*?</v:shape>", re.S)
# The parts of xlwings' VBA module that gzgk replaces (see _xlwings_module).
_GET_CONFIG = re.compile(r"^Function GetConfig\(configKey As String.*?^End Function\n", re.M | re.S)
_EMBEDDED_CHECK = re.compile(
    r"^    ' Check for embedded Python code\n    uses_embedded_code = False\n"
    r"    For i = 1 To 2\n.*?^    Next i\n",
    re.M | re.S,
)
_NO_EMBEDDED_CODE = (
    "    ' gzgk: no embedded code. A sheet of the active workbook never becomes code.\n"
    "    uses_embedded_code = False\n"
)
_EMBEDDED_COMMAND = re.compile(
    r"^    ' PythonCommand with embedded code\n    If uses_embedded_code = True Then\n"
    r".*?^    End If\n\n?",
    re.M | re.S,
)
_WORKBOOK_ON_PATH = re.compile(
    r'^( *)AddExcelDir = GetConfig\("ADD_WORKBOOK_TO_PYTHONPATH", "true"\)$', re.M
)
_NOT_ON_PATH = "\\1AddExcelDir = \"false\"  ' gzgk: the workbook's folder is never on sys.path"
_ERROR_POPUP = re.compile(
    r"^ {12}Content = Content & vbCrLf\n {12}Content = Content & \"Press Ctrl\+C to copy this "
    r"message to the clipboard\.\"\n *\n {12}WScript\.Popup Content, AUTO_DISMISS, \"Error\", "
    r"OK_BUTTON_ERROR\n",
    re.M,
)
_VBA_TEXT_LIMIT: Final = 200
_PLAIN_CAPTION = re.compile(r"(<div style='text-align:center'>)([^<]*)(</div>)")

_NS: Final = {
    "main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "x15ac": "http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "custom": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
}


class AddinDependencyError(GzgkError, ModuleNotFoundError):
    """xlwings or pyOpenVBA (the ``excel`` extra) is not installed."""

    code = "excel-extra-missing"

    def __init__(self, package: str) -> None:
        super().__init__(f"未安装 {package}，无法生成 Excel 加载项。{_INSTALL_HINT}")
        self.name = package


class AddinBuildError(GzgkError, ValueError):
    """The add-in cannot be built: the xlwings template or the layout is not as expected."""

    code = "addin-build-failed"


class ControlWorkbookError(GzgkError, ValueError):
    """The bytes given are not a control workbook: an .xlsx with the control sheet."""

    code = "not-a-control-workbook"


@frozen(kw_only=True)
class XlwingsTemplate:
    """The add-in template inside an installed xlwings.

    Attributes:
        folder: the xlwings package folder.
        version: the installed xlwings' version, which the template's VBA is of.
    """

    folder: Path
    version: str

    @property
    def workbook(self) -> Path:
        """The ribbon add-in template (``quickstart_addin_ribbon.xlam``)."""
        return self.folder / "quickstart_addin_ribbon.xlam"

    @property
    def vba(self) -> Path:
        """The text of its ``xlwings`` VBA module (``xlwings_custom_addin.bas``)."""
        return self.folder / "xlwings_custom_addin.bas"

    @property
    def dll(self) -> str:
        """The 64-bit xlwings DLL the VBA declares (32-bit Office: ``xlwings32-…``)."""
        return f"xlwings64-{self.version}.dll"


@frozen(kw_only=True)
class AddinBuild:
    """What :func:`build_addin` wrote.

    Attributes:
        path: the add-in file.
        xlwings_version: the xlwings it was built from. Its VBA declares that version's DLL,
            so it must run with exactly this xlwings (``pip install xlwings==VERSION``).
        gzgk_version: the gzgk that built it.
        sha256: the file's SHA-256, hex.
    """

    path: Path
    xlwings_version: str
    gzgk_version: str
    sha256: str


def _package_folder(module: str, distribution: str) -> Path:
    """The folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise AddinDependencyError(distribution)
    return Path(next(iter(spec.submodule_search_locations)))


def xlwings_template() -> XlwingsTemplate:
    """Find the add-in template of the installed xlwings, without importing xlwings.

    Raises:
        AddinDependencyError: xlwings, or pyOpenVBA (which writes the VBA), is not installed.
        AddinBuildError: the template files are missing or not of the installed version.
    """
    folder = _package_folder("xlwings", "xlwings")
    _package_folder("pyopenvba", "pyOpenVBA")
    try:
        version = importlib.metadata.version("xlwings")
    except importlib.metadata.PackageNotFoundError:
        raise AddinDependencyError("xlwings") from None
    template = XlwingsTemplate(folder=folder, version=version)
    reinstall = f"请重新安装：pip install --force-reinstall xlwings=={version}"
    for path in (template.workbook, template.vba):
        if not path.is_file():
            raise AddinBuildError(f"xlwings {version} 中没有加载项模板 {path.name}，{reinstall}")
    declared = _XLWINGS_VERSION_LINE.search(template.vba.read_text(encoding="utf-8"))
    if declared is None or declared[1] != version:
        found = declared[1] if declared else "无"
        raise AddinBuildError(
            f"{template.vba.name} 的版本应与 xlwings {version} 一致（得到 {found}），{reinstall}"
        )
    return template


# -- texts: the ribbon and the VBA module -------------------------------------------------------


def _data(name: str) -> Template:
    """A template file of ``gzgk/data/addin``."""
    path = resources.files("gzgk") / "data" / "addin" / name
    return Template(path.read_text(encoding="utf-8").rstrip("\n"))


def _buttons() -> dict[str, Button]:
    """ADDIN's buttons by macro, checked against its groups and VBA's naming rules."""
    buttons = {button.macro: button for button in ADDIN.BUTTONS}
    grouped = [macro for group in ADDIN.BUTTON_GROUPS for macro in group]
    if len(ADDIN.GROUP_LABELS) != len(ADDIN.BUTTON_GROUPS):
        raise AddinBuildError(
            f"ADDIN.GROUP_LABELS 应与 BUTTON_GROUPS 一一对应（得到 {len(ADDIN.GROUP_LABELS)} 个"
            f"名称、{len(ADDIN.BUTTON_GROUPS)} 组）"
        )
    if sorted(grouped) != sorted(buttons) or len(buttons) != len(ADDIN.BUTTONS):
        raise AddinBuildError(f"ADDIN.BUTTON_GROUPS 应恰好含每个按钮一次（得到 {grouped}）")
    for name in (ADDIN.MODULE, *(ADDIN.RIBBON_PREFIX + button.sub for button in ADDIN.BUTTONS)):
        if not _VBA_NAME.fullmatch(name):
            raise AddinBuildError(
                f"VBA 名称应为字母开头的 ASCII 字母、数字或下划线（得到 {name!r}）"
            )
    return buttons


def _attribute(value: str) -> str:
    """``value`` escaped for a double-quoted XML attribute."""
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _callback(button: Button) -> str:
    return f"{ADDIN.RIBBON_PREFIX}{button.sub}"


def _vba_string(text: str) -> str:
    """``text`` as a VBA string literal (ASCII, one line)."""
    if not text.isascii() or "\r" in text or "\n" in text:
        raise AddinBuildError(f"RunPython 的命令应为一行 ASCII 文本（得到 {text!r}）")
    return '"' + text.replace('"', '""') + '"'


def _crlf(text: str) -> str:
    """``text`` with Windows line ends, as VBA stores module source."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def _parser() -> etree.XMLParser:
    """A parser that never expands entities, loads a DTD or reaches the network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def ribbon_xml() -> bytes:
    """The ``customUI/customUI.xml`` part: the tab 政务公开 with ADDIN's groups and buttons.

    Each button's ``onAction`` is ``<ADDIN.MODULE>.<ADDIN.RIBBON_PREFIX><sub>``.
    """
    buttons = _buttons()
    group, item = _data("customUI-group.xml"), _data("customUI-button.xml")
    groups = []
    for number, (label, macros) in enumerate(
        zip(ADDIN.GROUP_LABELS, ADDIN.BUTTON_GROUPS, strict=True), start=1
    ):
        rendered = [
            item.substitute(
                button_id=f"{ADDIN.TAB_ID}{buttons[macro].sub}",
                label=_attribute(buttons[macro].label),
                image=_attribute(buttons[macro].image),
                tip=_attribute(buttons[macro].tip),
                on_action=f"{ADDIN.MODULE}.{_callback(buttons[macro])}",
            )
            for macro in macros
        ]
        groups.append(
            group.substitute(
                group_id=f"{ADDIN.TAB_ID}Group{number}",
                label=_attribute(label),
                buttons="\n".join(rendered),
            )
        )
    text = _data("customUI.xml").substitute(
        tab_id=_attribute(ADDIN.TAB_ID),
        tab_label=_attribute(ADDIN.TAB_LABEL),
        groups="\n".join(groups),
    )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
    )
    return _serialize(etree.fromstring(text.encode("utf-8"), parser))


def vba_text(text: str) -> str:
    """``text`` as a VBA string expression in ASCII: literals and ``ChrW(&H….&)`` joined by ``&``.

    VBA keeps module source in the project's code page, so Chinese text is built from its
    code points at run time. Long texts are cut over continued lines.
    """
    if "\r" in text or "\n" in text or len(text) > _VBA_TEXT_LIMIT:
        raise AddinBuildError(f"VBA 文字应为一行、不超过 {_VBA_TEXT_LIMIT} 字（得到 {text!r}）")
    parts: list[str] = []
    for character in text:
        if character.isascii() and character.isprintable():
            if parts and parts[-1].startswith('"'):
                parts[-1] = parts[-1][:-1] + character.replace('"', '""') + '"'
            else:
                parts.append('"' + character.replace('"', '""') + '"')
        else:
            parts.append(f"ChrW(&H{ord(character):04X}&)")
    lines = [" & ".join(parts[start : start + 20]) for start in range(0, len(parts), 20)]
    return " & _\n        ".join(lines) if lines else '""'


def vba_module() -> str:
    """The source of the VBA module ``ADDIN.MODULE``, with CRLF line ends.

    For every button, in ``ADDIN.BUTTONS`` order: ``Public Sub <sub>()`` running
    ``RunPython "<ADDIN.ENTRY for its macro>"`` once ``Ready`` has found nothing that stops
    it, and the ribbon callback ``Public Sub Ribbon<sub>(control As IRibbonControl)`` calling
    it; before them, the checks and their Chinese messages (``ADDIN.VBA_TEXTS``).
    """
    block = _data("gzgk-button.bas")
    blocks = [
        block.substitute(
            macro=button.macro,
            sub=button.sub,
            callback=_callback(button),
            command=_vba_string(ADDIN.ENTRY.format(macro=button.macro)),
        )
        for button in _buttons().values()
    ]
    texts = {key: vba_text(text) for key, text in ADDIN.VBA_TEXTS.items()}
    text = _data("gzgk.bas").substitute(module=ADDIN.MODULE, buttons="".join(blocks), **texts)
    if not text.isascii():
        raise AddinBuildError("VBA 模块只能含 ASCII 字符（VBA 按工程代码页保存源代码）")
    return _crlf(text + "\n")


def _patch(text: str, pattern: re.Pattern[str], replacement: str, what: str, count: int = 1) -> str:
    """``text`` with ``pattern`` replaced exactly ``count`` times, or a build error naming it."""
    patched, found = pattern.subn(replacement, text)
    if found != count:
        raise AddinBuildError(
            f"xlwings 的 VBA 模板与 gzgk 所知的不同：{what} 应出现 {count} 处（得到 {found} 处）"
        )
    return patched


def _xlwings_module(template: XlwingsTemplate) -> str:
    """The ``xlwings`` VBA module for this add-in: the template's, made safe for returns.

    * ``PROJECT_NAME`` is ``ADDIN.PROJECT_NAME``;
    * ``GetConfig`` reads the add-in's own config sheet and the user's config file only,
      never a sheet of the active workbook or a file in its folder;
    * ``RunPython`` never puts the active workbook's folder on ``sys.path``
      (``ADD_WORKBOOK_TO_PYTHONPATH`` is always false) and never turns a ``*.py`` sheet of
      the active workbook into code (xlwings' "embedded code", which runs ``xlwings.pro``);
    * the message box for a Python error starts with a Chinese line.
    """
    text = template.vba.read_text(encoding="utf-8").replace("\r\n", "\n")
    text = _patch(text, _PROJECT_NAME_LINE, f'\\g<1>"{ADDIN.PROJECT_NAME}"', "PROJECT_NAME 常量")
    get_config = _data("xlwings-GetConfig.bas").template.rstrip("\n") + "\n"
    text = _patch(text, _GET_CONFIG, get_config.replace("\\", "\\\\"), "GetConfig 函数")
    text = _patch(text, _EMBEDDED_CHECK, _NO_EMBEDDED_CODE, "嵌入代码的检查")
    text = _patch(text, _EMBEDDED_COMMAND, "", "嵌入代码的命令")
    text = _patch(text, _WORKBOOK_ON_PATH, _NOT_ON_PATH, "ADD_WORKBOOK_TO_PYTHONPATH", count=2)
    indent = " " * 12
    error = (
        f"{indent}Content = {vba_text(ADDIN.VBA_TEXTS['python_error'])} & vbCrLf & vbCrLf & "
        f"Content\n{indent}WScript.Popup Content, AUTO_DISMISS, "
        f"{vba_text(ADDIN.VBA_TEXTS['title'])}, OK_BUTTON_ERROR\n"
    )
    text = _patch(text, _ERROR_POPUP, error.replace("\\", "\\\\"), "Python 出错时的提示框")
    return _crlf(text)


# -- package parts ------------------------------------------------------------------------------


class _Package:
    """The parts of an OPC package (a zip), edited in memory and written deterministically."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.parts = {info.filename: archive.read(info) for info in archive.infolist()}

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.parts[name], _parser())

    def set_xml(self, name: str, root: etree._Element) -> None:
        self.parts[name] = _serialize(root)

    def to_bytes(self) -> bytes:
        """The package as a zip: [Content_Types].xml first, fixed dates, deflated."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name in sorted(self.parts, key=lambda part: part != _CONTENT_TYPES):
                info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, self.parts[name])
        return buffer.getvalue()

    def relationships(self, source: str) -> tuple[str, etree._Element]:
        """The relationships part of ``source`` (``""`` for the package) and its root."""
        folder, _, name = source.rpartition("/")
        rels = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
        if rels not in self.parts:
            self.parts[rels] = _serialize(etree.Element(f"{{{_NS['rel']}}}Relationships"))
        return rels, self.xml(rels)

    def target(self, source: str, relationship: etree._Element) -> str:
        """The part a relationship of ``source`` points at."""
        target = relationship.get("Target", "")
        if target.startswith("/"):
            return target[1:]
        return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))

    def relate(self, source: str, kind: str, part: str) -> None:
        """Relate ``part`` from ``source`` (``""``: the package) with type ``kind``, once."""
        rels, root = self.relationships(source)
        for relationship in root.findall("rel:Relationship", _NS):
            if relationship.get("Type") == kind:
                root.remove(relationship)
        taken = {relationship.get("Id") for relationship in root}
        number = next(n for n in range(1, len(taken) + 2) if f"rId{n}" not in taken)
        target = posixpath.relpath(part, posixpath.dirname(source) or ".")
        etree.SubElement(
            root, f"{{{_NS['rel']}}}Relationship", Id=f"rId{number}", Type=kind, Target=target
        )
        self.set_xml(rels, root)

    def content_type(self, part: str) -> str | None:
        """The content type ``[Content_Types].xml`` gives ``part``."""
        types = self.xml(_CONTENT_TYPES)
        for override in types.iterfind("ct:Override", _NS):
            if override.get("PartName", "").casefold() == f"/{part}".casefold():
                return override.get("ContentType")
        extension = part.rpartition(".")[2].casefold()
        for default in types.iterfind("ct:Default", _NS):
            if default.get("Extension", "").casefold() == extension:
                return default.get("ContentType")
        return None

    def set_content_type(self, part: str, content_type: str) -> None:
        """Give ``part`` its content type, by an Override unless the Default already does."""
        if self.content_type(part) == content_type:
            return
        types = self.xml(_CONTENT_TYPES)
        for override in types.findall("ct:Override", _NS):
            if override.get("PartName", "").casefold() == f"/{part}".casefold():
                types.remove(override)
        etree.SubElement(
            types, f"{{{_NS['ct']}}}Override", PartName=f"/{part}", ContentType=content_type
        )
        self.set_xml(_CONTENT_TYPES, types)

    def sheet_part(self, name: str) -> str | None:
        """The worksheet part of the sheet called ``name``."""
        for sheet in self.xml(_WORKBOOK_PART).iterfind("main:sheets/main:sheet", _NS):
            if sheet.get("name") == name:
                rid = sheet.get(f"{{{_NS['r']}}}id")
                _, rels = self.relationships(_WORKBOOK_PART)
                for relationship in rels.iterfind("rel:Relationship", _NS):
                    if relationship.get("Id") == rid:
                        return self.target(_WORKBOOK_PART, relationship)
        return None


def _versions(template: XlwingsTemplate) -> dict[str, str]:
    """What the add-in records about its build, by custom property name."""
    return {"gzgk_version": gzgk.__version__, "gzgk_xlwings_version": template.version}


def _ribbon(package: _Package) -> None:
    """Our ribbon in place of the template's, related from the package with the 2006 type."""
    rels, root = package.relationships("")
    for relationship in root.findall("rel:Relationship", _NS):
        if relationship.get("Type", "").endswith("/ui/extensibility"):
            package.parts.pop(package.target("", relationship), None)
            root.remove(relationship)
    package.set_xml(rels, root)
    package.parts[_CUSTOM_UI_PART] = ribbon_xml()
    package.relate("", _CUSTOM_UI_TYPE, _CUSTOM_UI_PART)
    package.set_content_type(_CUSTOM_UI_PART, _CUSTOM_UI_CONTENT)


def _config_sheet(package: _Package, versions: Mapping[str, str]) -> None:
    """Rename the template's config sheet for PROJECT_NAME; its rows are the build's versions."""
    workbook = package.xml(_WORKBOOK_PART)
    sheets = workbook.findall("main:sheets/main:sheet", _NS)
    if [sheet.get("name") for sheet in sheets] != [_EXAMPLE_CONFIG_SHEET]:
        raise AddinBuildError(f"xlwings 加载项模板应只有工作表 {_EXAMPLE_CONFIG_SHEET}")
    part = package.sheet_part(_EXAMPLE_CONFIG_SHEET)
    if part is None or part not in package.parts:
        raise AddinBuildError(f"xlwings 加载项模板缺少工作表 {_EXAMPLE_CONFIG_SHEET} 的内容")
    sheets[0].set("name", f"{ADDIN.PROJECT_NAME}.conf")
    # Excel recorded the folder the template was last saved in (absPath): not ours to ship.
    for alternate in workbook.findall("mc:AlternateContent", _NS):
        if alternate.find(".//x15ac:absPath", _NS) is not None:
            workbook.remove(alternate)
    package.set_xml(_WORKBOOK_PART, workbook)

    rows = [(_CONFIG_KEYS[key], value) for key, value in versions.items()]
    strings = [text for row in rows for text in row]
    sheet = package.xml(part)
    data = sheet.find("main:sheetData", _NS)
    dimension = sheet.find("main:dimension", _NS)
    if data is None or dimension is None:
        raise AddinBuildError(f"xlwings 加载项模板的工作表 {_EXAMPLE_CONFIG_SHEET} 格式不符")
    for row in list(data):
        data.remove(row)
    for number, texts in enumerate(rows, start=1):
        row = etree.SubElement(data, f"{{{_NS['main']}}}row", r=str(number))
        for letter, text in zip("AB", texts, strict=True):
            cell = etree.SubElement(row, f"{{{_NS['main']}}}c", r=f"{letter}{number}", t="s")
            etree.SubElement(cell, f"{{{_NS['main']}}}v").text = str(strings.index(text))
    dimension.set("ref", f"A1:B{len(rows)}")
    package.set_xml(part, sheet)

    table = etree.fromstring(f'<sst xmlns="{_NS["main"]}"/>'.encode(), _parser())
    table.set("count", str(len(strings)))
    table.set("uniqueCount", str(len(strings)))
    for text in strings:
        etree.SubElement(
            etree.SubElement(table, f"{{{_NS['main']}}}si"), f"{{{_NS['main']}}}t"
        ).text = text
    package.parts["xl/sharedStrings.xml"] = _serialize(table)


def _properties(package: _Package, versions: Mapping[str, str]) -> None:
    """The title Excel's add-in list shows, and the versions as custom properties."""
    core = package.xml("docProps/core.xml")
    texts = {
        "dc:title": f"{ADDIN.TAB_LABEL}（{ADDIN.PROJECT_NAME}）",
        "dc:description": (
            f"政务公开任务分工：生成、校验、汇总报送表。gzgk {versions['gzgk_version']}，"
            f"xlwings {versions['gzgk_xlwings_version']}"
        ),
        "dc:creator": ADDIN.PROJECT_NAME,
        "cp:lastModifiedBy": ADDIN.PROJECT_NAME,
    }
    for name, text in texts.items():
        element = core.find(name, _NS)
        if element is None:
            prefix, _, local = name.partition(":")
            element = etree.SubElement(core, f"{{{_NS[prefix]}}}{local}")
        element.text = text
    package.set_xml("docProps/core.xml", core)

    root = etree.fromstring(
        f'<Properties xmlns="{_NS["custom"]}" xmlns:vt="{_NS["vt"]}"/>'.encode(), _parser()
    )
    for pid, (name, value) in enumerate(versions.items(), start=2):
        item = etree.SubElement(
            root, f"{{{_NS['custom']}}}property", fmtid=_PROPERTY_FORMAT, pid=str(pid), name=name
        )
        etree.SubElement(item, f"{{{_NS['vt']}}}lpwstr").text = value
    package.parts[_CUSTOM_PROPERTIES_PART] = _serialize(root)
    package.relate("", _CUSTOM_PROPERTIES_TYPE, _CUSTOM_PROPERTIES_PART)
    package.set_content_type(_CUSTOM_PROPERTIES_PART, _CUSTOM_PROPERTIES_CONTENT)


# -- VBA through pyOpenVBA ----------------------------------------------------------------------


def _import(module: str) -> ModuleType:
    """A module of pyOpenVBA, imported only when VBA is written (it is the ``excel`` extra)."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError:
        raise AddinDependencyError("pyOpenVBA") from None


def _vba_failed(error: Exception) -> AddinBuildError:
    return AddinBuildError(f"写入 VBA 工程失败：{error}")


def _addin_bytes(template: XlwingsTemplate) -> bytes:
    """The add-in: the template with our VBA, ribbon, config sheet and properties."""
    pyopenvba = _import("pyopenvba")
    with tempfile.TemporaryDirectory(prefix="gzgk-addin-") as folder:
        path = Path(folder) / "gzgk.xlam"
        path.write_bytes(template.workbook.read_bytes())
        try:
            with pyopenvba.ExcelFile(path) as book:
                project = book.vba_project()
                names = set(project.module_names())
                if not {_XLWINGS_MODULE, _EXAMPLE_MODULE} <= names:
                    raise AddinBuildError(
                        f"xlwings 加载项模板应有 VBA 模块 {_XLWINGS_MODULE} 和 {_EXAMPLE_MODULE}"
                        f"（得到 {sorted(names)}）"
                    )
                # A rename keeps the PROJECT stream's declarations in place (see the docs).
                project.rename_module(_EXAMPLE_MODULE, ADDIN.MODULE)
                book.set_module(ADDIN.MODULE, vba_module())
                book.set_module(_XLWINGS_MODULE, _xlwings_module(template))
                book.save()
        except pyopenvba.PyOpenVBAError as error:
            raise _vba_failed(error) from error
        package = _Package(path.read_bytes())
    versions = _versions(template)
    _ribbon(package)
    _config_sheet(package, versions)
    _properties(package, versions)
    return package.to_bytes()


def build_addin(target: str | Path) -> AddinBuild:
    """Build the add-in ``gzgk.xlam`` from the installed xlwings and write it atomically.

    Args:
        target: the add-in file to write (``.xlam``); an existing file is replaced.

    Returns:
        The file written and the versions it was built with.

    Raises:
        AddinDependencyError: xlwings or pyOpenVBA is not installed.
        AddinBuildError: the target is not an ``.xlam``, or the template is not as expected.
    """
    path = Path(target)
    if path.suffix.casefold() != ".xlam":
        raise AddinBuildError(f"加载项文件名应以 .xlam 结尾（得到 {path.name}）")
    template = xlwings_template()
    data = _addin_bytes(template)
    written = write_atomic(path, data)
    return AddinBuild(
        path=written,
        xlwings_version=template.version,
        gzgk_version=gzgk.__version__,
        sha256=hashlib.sha256(data).hexdigest(),
    )


# -- the control workbook as .xlsm --------------------------------------------------------------


def _control_package(xlsx: bytes) -> tuple[_Package, str]:
    """The control workbook's parts and its control sheet's part, made macro-enabled."""
    try:
        package = _Package(xlsx)
        content = package.content_type(_WORKBOOK_PART)
        part = package.sheet_part(CONTROL.CONTROL_SHEET)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as error:
        raise ControlWorkbookError(f"控制台不是有效的 .xlsx 工作簿（{error}）") from None
    if content != _XLSX_CONTENT:
        raise ControlWorkbookError(f"控制台应为 .xlsx 工作簿（得到内容类型 {content}）")
    if part is None or part not in package.parts:
        raise ControlWorkbookError(f"控制台中没有工作表“{CONTROL.CONTROL_SHEET}”")
    package.set_content_type(_WORKBOOK_PART, _XLSM_CONTENT)
    return package, part


def _add_project(path: Path, template: XlwingsTemplate) -> None:
    """Give the workbook a VBA project holding our module, xlwings' module and its class."""
    pyopenvba = _import("pyopenvba")
    with pyopenvba.ExcelFile(template.workbook) as source:
        dictionary = str(source.get_module(_DICTIONARY_MODULE))
        office = [ref for ref in source.references() if str(ref.guid).upper() == _OFFICE_LIBRARY]
    with pyopenvba.ExcelFile(path) as book:
        project = book.add_vba_project()
        project.add_module(_XLWINGS_MODULE, _xlwings_module(template))
        project.add_module(
            _DICTIONARY_MODULE, _crlf(dictionary), kind=pyopenvba.VBAModuleKind.other
        )
        project.add_module(ADDIN.MODULE, vba_module())
        # The ribbon callbacks name IRibbonControl: the project must reference the Office library.
        for reference in office:
            _, version, lcid, library, description = str(reference.libid).split("#")
            major, minor = (int(number, 16) for number in version.split("."))
            book.add_reference(
                "Office",
                _OFFICE_LIBRARY,
                major,
                minor,
                path=library,
                description=description,
                lcid=int(lcid),
            )
        book.save()


def _add_buttons(path: Path) -> None:
    """One Forms button per ADDIN button on the control sheet, assigned to its sub."""
    buttons = _buttons()
    app = _import("pyopenvba.apps.excel").ExcelApplication.open(path, with_vba=False)
    sheet = app.sheet(CONTROL.CONTROL_SHEET)
    name = CONTROL.CONTROL_SHEET.replace('"', '""')
    cell = f"{get_column_letter(len(CONTROL.HEADER) + 2)}{CONTROL.FIRST_ROW}"
    left = float(app.evaluate(f'Worksheets("{name}").Range("{cell}").Left'))
    top = float(app.evaluate(f'Worksheets("{name}").Range("{cell}").Top'))
    for group in ADDIN.BUTTON_GROUPS:
        for macro in group:
            button = buttons[macro]
            sheet.add_button(
                name=f"{ADDIN.TAB_ID}{button.sub}",
                left=left,
                top=top,
                width=_BUTTON_WIDTH,
                height=_BUTTON_HEIGHT,
                text=button.label,
                macro=button.sub,
            )
            top += _BUTTON_HEIGHT + _BUTTON_GAP
        top += _GROUP_GAP
    app.save(path)


def _caption(match: re.Match[str]) -> str:
    font = f'<font face="{_attribute(FONT)}" size="{_CAPTION_SIZE}" color="#000000">'
    return f"{match[1]}{font}{match[2]}</font>{match[3]}"


def _caption_fonts(package: _Package) -> None:
    """Put the buttons' captions in a ``<font>``, as Excel writes them (LibreOffice needs it)."""

    def shape(match: re.Match[str]) -> str:
        text = match[0]
        return _PLAIN_CAPTION.sub(_caption, text) if 'ObjectType="Button"' in text else text

    for name in [name for name in package.parts if name.endswith(".vml")]:
        text = package.parts[name].decode("utf-8")
        package.parts[name] = _BUTTON_SHAPE.sub(shape, text).encode("utf-8")


def _lift_protection(package: _Package, part: str) -> etree._Element | None:
    """Take the sheet's protection off, to draw buttons; :func:`_restore_protection` puts it back.

    pyOpenVBA draws no shape on a sheet whose objects are protected. The protection comes back
    as it was, and protects the buttons too; a Forms button still runs its macro in Excel.
    """
    sheet = package.xml(part)
    protection = sheet.find("main:sheetProtection", _NS)
    if protection is not None:
        sheet.remove(protection)
        package.set_xml(part, sheet)
    return protection


def _restore_protection(package: _Package, part: str, protection: etree._Element | None) -> None:
    """Put the protection back where the schema wants it: after sheetData (and sheetCalcPr)."""
    if protection is None:
        return
    sheet = package.xml(part)
    anchor = sheet.find("main:sheetCalcPr", _NS)
    if anchor is None:
        anchor = sheet.find("main:sheetData", _NS)
    if anchor is None:
        raise ControlWorkbookError(f"工作表“{CONTROL.CONTROL_SHEET}”没有单元格数据（sheetData）")
    sheet.insert(sheet.index(anchor) + 1, protection)
    package.set_xml(part, sheet)


def control_xlsm(xlsx: bytes) -> bytes:
    """The control workbook made macro-enabled, with the add-in's macros and buttons.

    The result carries the same VBA module ``ADDIN.MODULE`` as the add-in, and xlwings'
    module (``PROJECT_NAME = "gzgk"``) with its Dictionary class, so ``RunPython``
    resolves inside the file. The control sheet gets one Forms button per ADDIN button,
    in a column right of the parameters, assigned to the button's sub. Everything else
    in the workbook is kept as it was.

    Args:
        xlsx: the control workbook (``.xlsx`` bytes, as from ``control_workbook()``).

    Returns:
        The ``.xlsm`` bytes.

    Raises:
        ControlWorkbookError: ``xlsx`` is not an .xlsx with the control sheet.
        AddinDependencyError: xlwings or pyOpenVBA is not installed.
        AddinBuildError: the xlwings template is not as expected, or pyOpenVBA failed.
    """
    template = xlwings_template()
    pyopenvba = _import("pyopenvba")
    package, part = _control_package(xlsx)
    protection = _lift_protection(package, part)
    with tempfile.TemporaryDirectory(prefix="gzgk-control-") as folder:
        path = Path(folder) / "control.xlsm"
        path.write_bytes(package.to_bytes())
        try:
            _add_project(path, template)
            _add_buttons(path)
        except pyopenvba.PyOpenVBAError as error:
            raise _vba_failed(error) from error
        package.parts = _Package(path.read_bytes()).parts
    _caption_fonts(package)
    _restore_protection(package, part, protection)
    return package.to_bytes()
