"""Word notices (.docx) read into a :class:`~gzgk.documents.Document` with python-docx.

The body is read in document order: every paragraph that shows text is a
line (``第12段``, counting such paragraphs from 1), every table a
:class:`~gzgk.documents.DocTable` (``表2``, counting the tables of the body).
Headers, footers, footnotes, comments and text boxes are not part of the body.

What Word shows is what is read:

* **automatic numbering** is rendered as Word prints it (``（一）``, ``1.``,
  ``①``): the level of the paragraph, given directly or through its style,
  formats its counter (and those of higher levels, ``%1.%2``) as
  ``numbering.xml`` says. As in Word, lists that share an abstract numbering
  definition share their counters, a ``w:startOverride`` restarts the list
  where its numbering instance is first used, and a level restarts whenever a
  higher level is used (``w:lvlRestart`` can say otherwise). Bullets are left
  out; a format gzgk does not know is printed as decimal;
* deleted text of tracked changes, hidden text, field codes and phonetic
  guides are left out; inserted text is kept;
* a table keeps every column of its grid: a cell merged across columns
  (``w:gridSpan``) or rows (``w:vMerge``) gives its text to every grid cell
  it covers; a cell's text is its paragraphs joined with line breaks; a table
  nested in a cell is read into that cell's text, one line per row.

The numbering counters run through the body and its tables in document order,
as Word counts them. Damaged files, files that are not Word documents and
files over :data:`MAX_DOCX_BYTES` raise :class:`~gzgk.documents.DocumentError`
with a Chinese message.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final

from attrs import field, frozen
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import OpcError
from docx.opc.part import Part, XmlPart
from docx.oxml.parser import parse_xml
from docx.package import Package
from lxml import etree

from gzgk.documents.model import DocLine, DocTable, Document, DocumentError
from gzgk.files import os_reason

__all__ = ["MAX_DOCX_BYTES", "MAX_UNPACKED_BYTES", "read_docx"]

MAX_DOCX_BYTES: Final = 50 * 1024 * 1024
"""Larger files are refused: no notice is that large."""

MAX_UNPACKED_BYTES: Final = 512 * 1024 * 1024
"""Packages that unpack to more than this are refused (a zip bomb, not a notice)."""

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_TYPES: Final = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    }
)
# What python-docx, zipfile and lxml raise on a damaged package.
_PACKAGE_ERRORS = (
    OpcError,
    KeyError,
    ValueError,
    IndexError,
    TypeError,
    AttributeError,
    NotImplementedError,
    EOFError,
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    etree.LxmlError,
)
_LEVELS = 9
_MAX_SPAN = 64  # Word tables have at most 63 columns
_REFERENCE = re.compile(r"%([1-9])")


def _w(name: str) -> str:
    """The Clark name of a WordprocessingML element or attribute: ``{ns}name``."""
    return f"{{{_W}}}{name}"


_P, _TBL, _TR, _TC = _w("p"), _w("tbl"), _w("tr"), _w("tc")
_WRAPPERS = frozenset({_w("sdt"), _w("customXml"), _w("sdtContent")})
_SKIPPED = frozenset(
    {
        _w("pPr"),
        _w("rPr"),
        _w("del"),
        _w("moveFrom"),
        _w("instrText"),
        _w("delInstrText"),
        _w("txbxContent"),
        _w("rt"),  # phonetic guide text above its base
        _w("footnoteReference"),
        _w("endnoteReference"),
        f"{{{_MC}}}Fallback",
    }
)
_BREAKS = frozenset({_w("br"), _w("cr")})


def read_docx(path: str | Path) -> Document:
    """Read a Word notice: its paragraphs as lines and its tables, as Word shows them.

    Args:
        path: the .docx file (.docm, .dotx and .dotm are read too).

    Returns:
        A document of kind ``docx``: each non-empty body paragraph a line
        placed ``第n段``, each body table named ``表k`` with rows placed
        ``表k 第r行``.

    Raises:
        DocumentError: the file cannot be opened, is over :data:`MAX_DOCX_BYTES`,
            is damaged, or is not a Word document.
    """
    file = Path(path)
    root, styles, numbering = _load(file)
    body = root.find(_w("body"))
    if body is None:
        raise DocumentError(f"“{file.name}”中没有正文，不是有效的 Word 文档（.docx）")
    return _BodyReader(_Numbering(numbering, _Styles(styles))).read(body)


def _load(
    file: Path,
) -> tuple[etree._Element, etree._Element | None, etree._Element | None]:
    """The main document, styles and numbering XML of a package, or a DocumentError."""
    name = file.name
    try:
        size = file.stat().st_size
        with file.open("rb") as stream:
            head = stream.read(len(_OLE_MAGIC))
    except OSError as error:
        raise DocumentError(f"无法打开“{name}”：{os_reason(error)}") from error
    if size > MAX_DOCX_BYTES:
        raise DocumentError(
            f"“{name}”超过 {MAX_DOCX_BYTES // 1024 // 1024} MB，不像是一份通知，未读取"
        )
    if head == _OLE_MAGIC:
        raise DocumentError(
            f"“{name}”是旧版 Word（.doc）或 WPS 格式的文件，或者设置了打开密码，"
            "无法按 .docx 读取；请在 Word 或 WPS 中另存为 .docx（不设密码）后再试"
        )
    try:
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise DocumentError(
                f"“{name}”解压后超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB，"
                "不像是一份通知，未读取"
            )
        package = Package.open(str(file))
        main = package.main_document_part
        if main.content_type not in _WORD_TYPES:
            raise DocumentError(f"“{name}”不是 Word 文档（.docx），而是其他格式的 Office 文件")
        return _xml(main), _related_xml(main, RT.STYLES), _related_xml(main, RT.NUMBERING)
    except OSError as error:
        raise DocumentError(f"无法读取“{name}”：{os_reason(error)}") from error
    except _PACKAGE_ERRORS as error:
        raise DocumentError(
            f"“{name}”不是有效的 Word 文档（.docx），可能已损坏（{error}）"
        ) from error


def _xml(part: Part) -> etree._Element:
    """The root element of an XML part (parsed here when python-docx kept only its bytes)."""
    if isinstance(part, XmlPart):
        element: etree._Element = part.element  # python-docx leaves it untyped
        return element
    return parse_xml(part.blob)


def _related_xml(part: Part, reltype: str) -> etree._Element | None:
    """The XML of the part related to ``part`` by ``reltype``, if there is one."""
    try:
        related = part.part_related_by(reltype)
    except KeyError:
        return None
    return _xml(related)


def _children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Child elements with ``tag``, looking through content controls and custom XML."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _blocks(element: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables of a body or a cell, in order, through content controls."""
    for child in element:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in _WRAPPERS:
            yield from _blocks(child)


def _attr(element: etree._Element | None, name: str = "val") -> str | None:
    """A ``w:`` attribute of an element that may be missing."""
    if element is None:
        return None
    value = element.get(_w(name))
    return None if value is None else str(value)


def _int(value: str | None, default: int) -> int:
    """An integer attribute, or ``default`` when missing or malformed."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _span(value: str | None, default: int) -> int:
    """A count of grid columns, kept within what Word allows (a damaged file may say 10⁹)."""
    return min(max(_int(value, default), 0), _MAX_SPAN)


def _flag(element: etree._Element, name: str) -> bool:
    """Whether a boolean attribute (``w:default="1"``) is set."""
    return _attr(element, name) in ("1", "true", "on")


def _on(element: etree._Element | None) -> bool:
    """Whether a toggle property (``<w:vanish/>``, ``<w:isLgl w:val="0"/>``) is on."""
    return element is not None and _attr(element) not in ("0", "false", "off")


# --- styles and numbering definitions ---------------------------------------------


class _Styles:
    """Paragraph and numbering styles: the numbering a paragraph gets from its style."""

    def __init__(self, root: etree._Element | None) -> None:
        self.styles: dict[str, etree._Element] = {}
        self.default: str | None = None
        if root is None:
            return
        for style in root.iter(_w("style")):
            style_id = _attr(style, "styleId")
            if style_id is None:
                continue
            self.styles.setdefault(style_id, style)
            if _attr(style, "type") == "paragraph" and _flag(style, "default"):
                self.default = self.default or style_id

    def num_pr(self, style_id: str | None) -> tuple[str | None, int | None]:
        """The numId and ilvl a style gives (through ``w:basedOn``), each None if not given."""
        num_id: str | None = None
        level: int | None = None
        seen: set[str] = set()
        while style_id is not None and style_id not in seen:
            seen.add(style_id)
            style = self.styles.get(style_id)
            if style is None:
                break
            num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
            if num_pr is not None:
                if num_id is None:
                    num_id = _attr(num_pr.find(_w("numId")))
                if level is None and num_pr.find(_w("ilvl")) is not None:
                    level = _int(_attr(num_pr.find(_w("ilvl"))), 0)
                if num_id is not None:
                    break
            style_id = _attr(style.find(_w("basedOn")))
        return num_id, level


@frozen
class _Level:
    """One level of a numbering definition: how its counter starts and prints."""

    start: int = 0
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None
    legal: bool = False
    suffix: str = "\t"
    style: str | None = None


def _level(element: etree._Element) -> _Level:
    suffixes = {"tab": "\t", "space": " ", "nothing": ""}
    text = element.find(_w("lvlText"))
    restart = element.find(_w("lvlRestart"))
    return _Level(
        start=_int(_attr(element.find(_w("start"))), 0),
        fmt=_attr(element.find(_w("numFmt"))) or "decimal",
        text="" if text is None or _flag(text, "null") else _attr(text) or "",
        restart=None if restart is None else _int(_attr(restart), 0),
        legal=_on(element.find(_w("isLgl"))),
        suffix=suffixes.get(_attr(element.find(_w("suff"))) or "tab", "\t"),
        style=_attr(element.find(_w("pStyle"))),
    )


def _levels(element: etree._Element) -> dict[int, _Level]:
    return {
        _int(_attr(lvl, "ilvl"), 0): _level(lvl)
        for lvl in element.findall(_w("lvl"))
        if 0 <= _int(_attr(lvl, "ilvl"), 0) < _LEVELS
    }


@frozen
class _Instance:
    """A numbering instance (``w:num``): its abstract definition, levels and start overrides."""

    counter: str  # the abstract definition whose counters it shares
    levels: dict[int, _Level]
    starts: dict[int, int] = field(factory=dict)


class _Numbering:
    """The numbering definitions of a document and the counters of its lists.

    Lists that share an abstract definition share its counters, as in Word;
    an instance with ``w:startOverride`` restarts those levels where it is
    first used.
    """

    def __init__(self, root: etree._Element | None, styles: _Styles) -> None:
        self.styles = styles
        self.instances: dict[str, _Instance] = {}
        self.counters: dict[str, list[int]] = {}
        self.used: set[str] = set()
        if root is None:
            return
        abstracts = {
            _attr(item, "abstractNumId") or "": item for item in root.findall(_w("abstractNum"))
        }
        nums = {_attr(item, "numId") or "": item for item in root.findall(_w("num"))}
        for num_id, num in nums.items():
            abstract_id = _attr(num.find(_w("abstractNumId"))) or ""
            abstract = abstracts.get(abstract_id)
            if abstract is None:
                continue
            linked = self._linked(abstract, nums, abstracts)
            if linked is not None:
                abstract_id, abstract = linked
            levels = _levels(abstract)
            starts: dict[int, int] = {}
            for override in num.findall(_w("lvlOverride")):
                index = _int(_attr(override, "ilvl"), -1)
                if not 0 <= index < _LEVELS:
                    continue
                replacement = override.find(_w("lvl"))
                if replacement is not None:
                    levels[index] = _level(replacement)
                start = override.find(_w("startOverride"))
                if start is not None:
                    starts[index] = _int(_attr(start), 0)
            self.instances[num_id] = _Instance(abstract_id, levels, starts)

    def _linked(
        self,
        abstract: etree._Element,
        nums: dict[str, etree._Element],
        abstracts: dict[str, etree._Element],
    ) -> tuple[str, etree._Element] | None:
        """The definition a ``w:numStyleLink`` points to, through its numbering style."""
        link = _attr(abstract.find(_w("numStyleLink")))
        if link is None:
            return None
        num_id, _ = self.styles.num_pr(link)
        num = nums.get(num_id or "")
        target_id = _attr(num.find(_w("abstractNumId"))) if num is not None else None
        target = abstracts.get(target_id or "")
        if target is None or target_id is None or target is abstract:
            return None
        return target_id, target

    def label(self, paragraph: etree._Element) -> str:
        """The number Word prints before a paragraph (with its suffix), counting it.

        Returns an empty string for paragraphs without numbering, bullets and
        levels that print nothing.
        """
        properties = paragraph.find(_w("pPr"))
        num_pr = properties.find(_w("numPr")) if properties is not None else None
        style_id = _attr(properties.find(_w("pStyle"))) if properties is not None else None
        style_id = style_id or self.styles.default
        style_num, style_level = self.styles.num_pr(style_id)
        num_id = _attr(num_pr.find(_w("numId"))) if num_pr is not None else None
        num_id = num_id if num_id is not None else style_num
        if num_id is None or num_id == "0":
            return ""
        instance = self.instances.get(num_id)
        if instance is None:
            return ""
        direct = num_pr.find(_w("ilvl")) if num_pr is not None else None
        if direct is not None:
            index = _int(_attr(direct), 0)
        elif style_level is not None:
            index = style_level
        else:
            index = next(
                (i for i, lvl in instance.levels.items() if style_id and lvl.style == style_id), 0
            )
        if index not in instance.levels:
            return ""
        counts = self._count(num_id, instance, index)
        return _render(instance.levels, counts, index)

    def _count(self, num_id: str, instance: _Instance, index: int) -> list[int]:
        """Advance the counter of level ``index`` and restart the levels below it."""

        def start(level: int) -> int:
            defined = instance.levels.get(level)
            return instance.starts.get(level, defined.start if defined else 1)

        counts = self.counters.setdefault(
            instance.counter, [start(level) - 1 for level in range(_LEVELS)]
        )
        if num_id not in self.used:
            self.used.add(num_id)
            for level in instance.starts:
                counts[level] = start(level) - 1
        counts[index] += 1
        for level in range(index + 1, _LEVELS):
            defined = instance.levels.get(level)
            after = defined.restart if defined is not None else None
            if after is None or after > level or (after != 0 and index < after):
                counts[level] = start(level) - 1
        return counts


def _render(levels: dict[int, _Level], counts: list[int], index: int) -> str:
    """The text of level ``index`` with its ``%1``…``%9`` filled from the counters."""
    level = levels[index]
    if level.fmt == "bullet":
        return ""

    def number(match: re.Match[str]) -> str:
        referenced = int(match[1]) - 1
        shown = levels.get(referenced)
        fmt = shown.fmt if shown is not None else "decimal"
        if level.legal and fmt != "none":
            fmt = "decimal"
        return _format_number(counts[referenced], fmt)

    text = _REFERENCE.sub(number, level.text)
    return text + level.suffix if text.strip() else ""


# --- number formats -----------------------------------------------------------------

_COUNTING_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
_ENCLOSED_MAX = 20
_COUNTING_MAX = 9999
_ROMAN_MAX = 3999


def _counting(value: int, digits: str, units: str, *, short_ten: bool) -> str:
    """A counting numeral of 1…9999: 十一, 一百〇五, 一千二百; 壹拾壹 with legal digits."""
    parts: list[str] = []
    gap = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        digit = value // power % 10
        if digit == 0:
            gap = bool(parts)
            continue
        if gap:
            parts.append(digits[0])
            gap = False
        parts.append(digits[digit] + unit)
    text = "".join(parts)
    return text[1:] if short_ten and 10 <= value < 20 else text  # noqa: PLR2004 - 十一


def _letters(value: int, *, upper: bool) -> str:
    """A, B, … Z, AA, BB, … as Word counts in letters."""
    letter = chr(ord("A" if upper else "a") + (value - 1) % 26)
    return letter * ((value - 1) // 26 + 1)


def _roman(value: int) -> str:
    parts: list[str] = []
    for amount, symbol in _ROMAN:
        count, value = divmod(value, amount)
        parts.append(symbol * count)
    return "".join(parts)


def _digits(value: int, digits: str) -> str:
    return "".join(digits[int(digit)] for digit in str(value))


def _chinese_counting(value: int) -> str | None:
    """Word's chineseCounting: 一 … 九十九, then the digits (一〇五)."""
    if value < 100:  # noqa: PLR2004
        return _counting(value, _COUNTING_DIGITS, "十百千", short_ten=True)
    return _digits(value, _COUNTING_DIGITS) if value <= _COUNTING_MAX else None


def _enclosed(first: str) -> Callable[[int], str | None]:
    return lambda value: chr(ord(first) + value - 1) if value <= _ENCLOSED_MAX else None


def _roman_case(*, upper: bool) -> Callable[[int], str | None]:
    def roman(value: int) -> str | None:
        if value > _ROMAN_MAX:
            return None
        return _roman(value) if upper else _roman(value).lower()

    return roman


def _cycle(symbols: str) -> Callable[[int], str | None]:
    return lambda value: symbols[value - 1] if value <= len(symbols) else None


def _thousands(digits: str, units: str, *, short_ten: bool) -> Callable[[int], str | None]:
    def counting(value: int) -> str | None:
        if value > _COUNTING_MAX:
            return None
        return _counting(value, digits, units, short_ten=short_ten)

    return counting


_CHINESE = _thousands(_COUNTING_DIGITS, "十百千", short_ten=True)
_FORMATS: Final[dict[str, Callable[[int], str | None]]] = {
    "none": lambda _: "",
    "decimalZero": lambda value: f"{value:02d}",
    "chineseCounting": _chinese_counting,
    "chineseCountingThousand": _CHINESE,
    "japaneseCounting": _CHINESE,
    "taiwaneseCounting": _CHINESE,
    "taiwaneseCountingThousand": _CHINESE,
    "chineseLegalSimplified": _thousands(_LEGAL_DIGITS, "拾佰仟", short_ten=False),
    "ideographDigital": lambda value: _digits(value, _COUNTING_DIGITS),
    "ideographTraditional": _cycle(_STEMS),
    "ideographZodiac": _cycle(_BRANCHES),
    "decimalEnclosedCircle": _enclosed("①"),
    "decimalEnclosedCircleChinese": _enclosed("①"),
    "decimalEnclosedParen": _enclosed("⑴"),
    "decimalEnclosedFullstop": _enclosed("⒈"),
    "decimalFullWidth": lambda value: _digits(value, "０１２３４５６７８９"),
    "decimalFullWidth2": lambda value: _digits(value, "０１２３４５６７８９"),
    "upperLetter": lambda value: _letters(value, upper=True),
    "lowerLetter": lambda value: _letters(value, upper=False),
    "upperRoman": _roman_case(upper=True),
    "lowerRoman": _roman_case(upper=False),
}


def _format_number(value: int, fmt: str) -> str:
    """A counter value in a ``w:numFmt`` format as Word prints it.

    A format gzgk does not know, and a number a format cannot show (⓪, ㉑,
    甲 past 癸), are printed in decimal, as Word does for the latter.
    """
    if fmt == "none":
        return ""
    shown = _FORMATS[fmt](value) if fmt in _FORMATS and value > 0 else None
    return str(value) if shown is None else shown


# --- the body -----------------------------------------------------------------------


class _BodyReader:
    """Lines and tables of a body, numbering counted in document order."""

    def __init__(self, numbering: _Numbering) -> None:
        self.numbering = numbering

    def read(self, body: etree._Element) -> Document:
        lines: list[DocLine] = []
        tables: list[DocTable] = []
        for block in _blocks(body):
            if block.tag == _TBL:
                name = f"表{len(tables) + 1}"
                rows = self._rows(block)
                places = tuple(f"{name} 第{number}行" for number in range(1, len(rows) + 1))
                tables.append(DocTable(name=name, rows=rows, places=places))
            else:
                text = self._paragraph(block)
                if text:
                    lines.append(DocLine(text, place=f"第{len(lines) + 1}段"))
        return Document(kind="docx", lines=tuple(lines), tables=tuple(tables))

    def _paragraph(self, paragraph: etree._Element) -> str:
        """The paragraph as Word shows it: its number, then its text; stripped."""
        label = self.numbering.label(paragraph)
        return (label + _text(paragraph)).strip()

    def _rows(self, table: etree._Element) -> tuple[tuple[str | None, ...], ...]:
        """The table's rows over its whole grid, merged cells filled."""
        grid = table.find(_w("tblGrid"))
        width = len(grid.findall(_w("gridCol"))) if grid is not None else 0
        spans: list[list[tuple[str | None, str]]] = []
        for row in _children(table, _TR):
            properties = row.find(_w("trPr"))
            if properties is not None and properties.find(_w("del")) is not None:
                continue  # a row deleted with tracked changes
            before = _span(_attr(_find(properties, "gridBefore")), 0)
            after = _span(_attr(_find(properties, "gridAfter")), 0)
            cells: list[tuple[str | None, str]] = [(None, "")] * before
            for cell in _children(row, _TC):
                cell_properties = cell.find(_w("tcPr"))
                span = max(1, _span(_attr(_find(cell_properties, "gridSpan")), 1))
                kind = ""
                vertical = _find(cell_properties, "vMerge")
                horizontal = _find(cell_properties, "hMerge")
                if vertical is not None and _attr(vertical) in (None, "continue"):
                    kind = "up"
                elif horizontal is not None and _attr(horizontal) in (None, "continue"):
                    kind = "left"
                text = self._cell(cell) if not kind else None
                cells.extend([(text, kind)] * span)
            cells.extend([(None, "")] * after)
            spans.append(cells)
            width = max(width, len(cells))
        rows: list[tuple[str | None, ...]] = []
        for cells in spans:
            values: list[str | None] = []
            for column in range(width):
                text, kind = cells[column] if column < len(cells) else (None, "")
                if kind == "up":
                    text = rows[-1][column] if rows else None
                elif kind == "left":
                    text = values[-1] if values else None
                values.append(text)
            rows.append(tuple(values))
        return tuple(rows)

    def _cell(self, cell: etree._Element) -> str | None:
        """A cell's paragraphs joined with line breaks (a nested table one line per row)."""
        lines: list[str] = []
        for block in _blocks(cell):
            if block.tag == _TBL:
                rows = self._rows(block)
                lines.extend(
                    " ".join(dict.fromkeys(value for value in row if value)) for row in rows
                )
            else:
                lines.append(self._paragraph(block))
        text = "\n".join(line for line in lines if line).strip()
        return text or None


def _find(element: etree._Element | None, name: str) -> etree._Element | None:
    return element.find(_w(name)) if element is not None else None


def _text(paragraph: etree._Element) -> str:
    """The text a paragraph shows: runs, tabs and breaks, without what Word hides."""
    parts: list[str] = []
    _collect(paragraph, parts)
    return "".join(parts)


def _collect(element: etree._Element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag in _SKIPPED:
            continue
        if tag == _w("t"):
            parts.append(child.text or "")
        elif tag == _w("tab"):
            parts.append("\t")
        elif tag in _BREAKS:
            parts.append("\n")
        elif tag == _w("noBreakHyphen"):
            parts.append("-")
        elif tag == _w("r") and _on(_find(child.find(_w("rPr")), "vanish")):
            continue
        else:
            _collect(child, parts)
