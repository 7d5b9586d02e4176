"""What the cell values of an entry sheet do not show, read from the sheet's XML.

Three facts: which cells hold a formula (with its text), whether the sheet is
protected, and whether the status drop-down is still there. Two readers give
the same answer:

* :func:`scan`, a byte scan of the shapes Excel, WPS, LibreOffice, openpyxl and
  xlsxwriter write (formulas as the first child of their cell, inside
  ``sheetData``). It is several times faster than a parse, which matters when an
  office merges thousands of returns. It declines (returns None) on anything
  outside those shapes: another encoding, a DTD, comments, CDATA, an unknown
  entity, a formula whose cell it cannot see.
* :func:`parse`, a streamed lxml parse (entities and DTDs off) for everything
  :func:`scan` declines; tests check that the two agree.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import IO

from attrs import field, frozen
from lxml import etree

from gzgk.contract import RETURN

__all__ = ["Structure", "parse", "scan"]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DECLARATION = re.compile(rb"\s*<\?xml\b[^>]*\?>")
_UTF8 = re.compile(rb"""encoding\s*=\s*["']utf-?8["']""", re.IGNORECASE)
_ENCODING = re.compile(rb"\bencoding\s*=")
# Comments, CDATA, DTDs, entity declarations: where they could change what the scan sees
# (before the root, after the cells), the scan declines. Inside the cells they cannot hide
# a formula: one that is not the first child of its cell, or holds markup, is declined too.
_DECLINED = (b"<!", b"<?xml-stylesheet")
# Searching bytes for two characters costs as much as a regular expression; one character
# is a memchr. Each marker is looked for only where its rare second character occurs at all.
_RARE = {b"<!": b"!", b"<?xml-stylesheet": b"?"}
_PREFIXED = re.compile(rb":f[\s/>]")  # where a prefixed formula element could start
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet\b")
_ANY_PREFIXED_FORMULA = re.compile(rb"<([A-Za-z_][\w.-]*:)f[\s/>]")
_ADDRESS = re.compile(rb"""\sr\s*=\s*["']([^"']*)["']""")
_PROTECTED = re.compile(rb"""\ssheet\s*=\s*["'](?:1|true)["']""")
# One attribute of a tag, its value in either quote (a value never holds its own quote).
_ATTRIBUTE = re.compile(rb"""\s+([^\s=/<>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_WANTED = (b"type", b"sqref")


def _rule_attributes(attributes: bytes) -> dict[bytes, bytes]:
    """The ``type`` and ``sqref`` of a validation's opening tag, read attribute by attribute.

    Read in order from the tag's start, so a prompt or title that quotes
    ``type='list'`` stays inside its own value and is never taken for the rule's
    type. Declines a tag that is not a plain list of attributes (a ``>`` inside a
    value cuts the tag short).
    """
    found: dict[bytes, bytes] = {}
    position, end = 0, len(attributes.rstrip())
    while position < end:
        attribute = _ATTRIBUTE.match(attributes, position)
        if attribute is None:
            raise _DeclinedError
        name = attribute[1]
        if name in _WANTED:
            value = attribute[2]
            found[name] = attribute[3] if value is None else value
        position = attribute.end()
    return found


@frozen
class _Patterns:
    """The element patterns for the prefix the sheet gives the main namespace ("" mostly)."""

    sheet_data: re.Pattern[bytes]
    sheet_data_end: re.Pattern[bytes]
    formula_start: re.Pattern[bytes]
    cell_start: re.Pattern[bytes]
    formula: re.Pattern[bytes]
    protection: re.Pattern[bytes]
    validation: re.Pattern[bytes]
    validation_end: re.Pattern[bytes]
    formula1: re.Pattern[bytes]


@functools.cache
def _patterns(prefix: bytes) -> _Patterns:
    p = re.escape(prefix)
    return _Patterns(
        sheet_data=re.compile(rb"<" + p + rb"sheetData\b[^>]*?(/?)>"),
        sheet_data_end=re.compile(rb"</" + p + rb"sheetData\s*>"),
        formula_start=re.compile(rb"<" + p + rb"f[\s/>]"),
        cell_start=re.compile(rb"<" + p + rb"c(?:\s[^<>]*)?>\s*"),
        formula=re.compile(rb"<" + p + rb"f\b[^<>]*?(?:/>|>([^<]*)</" + p + rb"f\s*>)"),
        protection=re.compile(rb"<" + p + rb"sheetProtection\b([^<>]*)>"),
        validation=re.compile(rb"<" + p + rb"dataValidation\b([^<>]*)>"),
        validation_end=re.compile(rb"</" + p + rb"dataValidation\s*>"),
        formula1=re.compile(rb"<" + p + rb"formula1\s*>([^<]*)</" + p + rb"formula1\s*>"),
    )


_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6}));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


@frozen(kw_only=True)
class Structure:
    """Formula cells (address → formula text), protection, and the status drop-down."""

    formulas: dict[str, str] = field(factory=dict)
    protected: bool = False
    status_list: bool = False


class _DeclinedError(Exception):
    """The bytes are outside the shapes :func:`scan` reads."""


def _declined(data: bytes) -> bool:
    """Whether ``data`` holds a comment, CDATA, a DTD or a style-sheet instruction."""
    return any(_RARE[marker] in data and marker in data for marker in _DECLINED)


@functools.lru_cache(maxsize=4096)
def _text(raw: bytes) -> str:
    """Element text with the XML escapes resolved; declines anything else with an ``&``.

    Cached: every return of a notice repeats the same formulas and drop-down lists.
    """
    text = raw.decode("utf-8")
    if "&" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        named, decimal, hexadecimal = match.groups()
        if named:
            return _NAMED[named]
        return chr(int(decimal) if decimal else int(hexadecimal, 16))

    resolved = _ENTITY.sub(replace, text)
    if "&" in _ENTITY.sub("", text):
        raise _DeclinedError
    return resolved


def _status_list(letters: tuple[str, ...], type_: str, ranges: str, formula: str) -> bool:
    """Whether one validation rule is the status drop-down over a status column."""
    wanted = {f'"{",".join(RETURN.STATUSES)}"', ",".join(RETURN.STATUSES)}
    covers = any(cell.startswith(letters) for cell in ranges.split())
    return type_ == "list" and covers and formula.strip() in wanted


def scan(data: bytes) -> Structure | None:
    """The structure of a sheet's XML by a byte scan, or None when a parse is needed."""
    try:
        return _scan(data)
    except (_DeclinedError, UnicodeDecodeError, ValueError, OverflowError):
        return None


def _prefix(data: bytes) -> bytes:
    """The prefix of the main namespace, after checking the bytes are plain UTF-8 XML."""
    declaration = _DECLARATION.match(data)
    if declaration is None and data.lstrip()[:1] != b"<":
        raise _DeclinedError  # a byte-order mark or another encoding
    if declaration and _ENCODING.search(declaration[0]) and not _UTF8.search(declaration[0]):
        raise _DeclinedError
    root = _ROOT.search(data, 0, 4096)
    if root is None or _declined(data[: root.start()]):
        raise _DeclinedError  # a DTD (entities) comes before the root element
    prefix = root[1] or b""
    if _PREFIXED.search(data) and any(  # a formula under another prefix would be missed
        other[1] != prefix for other in _ANY_PREFIXED_FORMULA.finditer(data)
    ):
        raise _DeclinedError
    return prefix


def _cells(data: bytes, patterns: _Patterns) -> tuple[dict[str, str], int]:
    """The formulas inside ``sheetData``, and where ``sheetData`` ends."""
    start = patterns.sheet_data.search(data)
    if start is None:
        raise _DeclinedError
    if start[1]:  # <sheetData/>: no cells
        return {}, start.end()
    closing = patterns.sheet_data_end.search(data, start.end())
    if closing is None:
        raise _DeclinedError
    formulas: dict[str, str] = {}
    for found in patterns.formula_start.finditer(data, start.end(), closing.start()):
        position = found.start()
        opening = data.rfind(b"<", 0, position)
        cell = patterns.cell_start.fullmatch(data, opening, position)
        formula = patterns.formula.match(data, position)
        if cell is None or formula is None:
            raise _DeclinedError  # not the first child of a cell, or text with markup inside
        address = _ADDRESS.search(cell[0])
        formulas[_text(address[1]) if address else ""] = _text(formula[1] or b"")
    return formulas, closing.start()


def _validations(tail: bytes, patterns: _Patterns) -> Iterator[tuple[bytes, bytes]]:
    """(attributes, body) of each ``dataValidation`` element (body up to its first closing tag).

    An opening tag without a closing tag after it is passed over, as a regular
    expression spanning both would pass over it (a lazy one spanning both is slow).
    """
    position = 0
    while (opening := patterns.validation.search(tail, position)) is not None:
        position, attributes = opening.end(), opening[1]
        if attributes.endswith(b"/"):  # <dataValidation … />
            yield attributes[:-1], b""
            continue
        closing = patterns.validation_end.search(tail, position)
        if closing is None:
            continue
        yield attributes, tail[position : closing.start()]
        position = closing.end()


def _scan(data: bytes) -> Structure:
    patterns = _patterns(_prefix(data))
    formulas, end = _cells(data, patterns)
    tail = data[end:]
    if _declined(tail):
        raise _DeclinedError  # a comment could hide or fake the protection or a validation
    protection = patterns.protection.search(tail)
    letter = RETURN.status_letters
    status_list = False
    for attributes, body in _validations(tail, patterns):
        rule = _rule_attributes(attributes)
        type_, ranges = rule.get(b"type"), rule.get(b"sqref")
        formula1 = patterns.formula1.search(body)
        if type_ and ranges and formula1:
            status_list = status_list or _status_list(
                letter, _text(type_), _text(ranges), _text(formula1[1])
            )
    return Structure(
        formulas=formulas,
        protected=bool(protection and _PROTECTED.search(protection[1])),
        status_list=status_list,
    )


def parse(stream: IO[bytes], check: Callable[[], None]) -> Structure:
    """The structure of a sheet's XML by a streamed lxml parse; ``check`` runs now and then.

    lxml filters the elements in C, so only formulas, rows (to free them), the
    protection and the validations reach Python; entities are never expanded.
    """
    formulas: dict[str, str] = {}
    protected = False
    status_list = False
    letter = RETURN.status_letters
    tags = ("f", "row", "sheetProtection", "dataValidation")
    events = etree.iterparse(
        stream,
        events=("end",),
        tag=[f"{_MAIN}{tag}" for tag in tags],
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    for count, (_, element) in enumerate(events):
        tag = element.tag
        if tag == f"{_MAIN}f":
            parent = element.getparent()
            if parent is not None:
                formulas[parent.get("r", "")] = element.text or ""
        elif tag == f"{_MAIN}row":
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
        elif tag == f"{_MAIN}sheetProtection":
            protected = element.get("sheet") in ("1", "true")
        elif tag == f"{_MAIN}dataValidation":
            formula = element.findtext(f"{_MAIN}formula1") or ""
            type_, ranges = element.get("type", ""), element.get("sqref", "")
            status_list = status_list or _status_list(letter, type_, ranges, formula)
        if count % 1000 == 0:
            check()
    return Structure(formulas=formulas, protected=protected, status_list=status_list)
