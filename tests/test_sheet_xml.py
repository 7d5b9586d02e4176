"""The sheet-XML byte scan agrees with the lxml parse, and declines what it cannot read safely."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from support.returns import ENTRY, edit, filled, generate

from gzgk.excel.sheet_xml import Structure, parse, scan

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
LIST = '"已完成,推进中,未启动,不涉及"'


def entry_xml(path: Path) -> bytes:
    """The XML of a return's entry sheet."""
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet2.xml")


def parsed(data: bytes) -> Structure:
    """What lxml reads."""
    return parse(io.BytesIO(data), lambda: None)


def _formulas(book: Workbook) -> None:
    sheet = book[ENTRY]
    sheet["I7"] = '=HYPERLINK("http://example.invalid/?a=1&b=2","<点我>")'
    sheet["J8"] = "=1+1"


@pytest.mark.parametrize("kind", ["generated", "filled", "formulas"])
def test_scan_equals_parse_on_returns(tmp_path: Path, kind: str) -> None:
    """On returns as gzgk writes them, as openpyxl re-saves them, with formulas typed in."""
    if kind == "generated":
        path = generate(tmp_path)
    elif kind == "filled":
        path = filled(tmp_path)
    else:
        path = edit(filled(tmp_path), _formulas)
    data = entry_xml(path)
    fast = scan(data)
    assert fast is not None
    assert fast == parsed(data)
    assert fast.protected
    assert fast.status_list
    if kind == "formulas":
        assert fast.formulas["I7"] == 'HYPERLINK("http://example.invalid/?a=1&b=2","<点我>")'


def sheet(cells: str, tail: str = "", *, prefix: str = "", prolog: str = "") -> bytes:
    """A small worksheet document."""
    p = f"{prefix}:" if prefix else ""
    declaration = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<{p}worksheet {declaration}>'
        f"<{p}sheetData>{cells}</{p}sheetData>{tail}</{p}worksheet>"
    ).encode()


PROTECTED = '<sheetProtection sheet="1"/>'
VALIDATION = (
    f'<dataValidations count="1"><dataValidation type="list" sqref="G7:G18">'
    f"<formula1>{LIST}</formula1></dataValidation></dataValidations>"
)


@pytest.mark.parametrize(
    "data",
    [
        sheet('<row r="1"><c r="A1"><f>SUM(B1:B2)</f><v>3</v></c></row>', PROTECTED + VALIDATION),
        sheet('<row r="1"><c r="A1" t="str"><f t="shared" si="0"/><v>x</v></c></row>'),
        sheet('<row r="1"><c r="B2"><f>"&lt;&amp;&#x4E2D;&#25991;"</f></c></row>'),
        sheet('<x:row r="1"><x:c r="A1"><x:f>1+1</x:f></x:c></x:row>', prefix="x"),
        sheet("", '<sheetProtection sheet="true" objects="1"/>'),
        sheet("", VALIDATION.replace("G7:G18", "H7:H18")),
    ],
)
def test_scan_equals_parse_on_shapes(data: bytes) -> None:
    """Formulas with entities, shared formulas, prefixes, protection and lists read alike."""
    fast = scan(data)
    assert fast is not None
    assert fast == parsed(data)


@pytest.mark.parametrize(
    "data",
    [
        sheet("", prolog='<!DOCTYPE worksheet [<!ENTITY e "x">]>'),
        sheet('<row r="1"><c r="A1"><f>&e;</f></c></row>'),
        sheet("", "<!-- " + PROTECTED + " -->"),
        sheet('<row r="1"><c r="A1"><v>1</v><f>1+1</f></c></row>'),
        sheet('<row r="1"><c r="A1"><f><![CDATA[1+1]]></f></c></row>'),
        sheet('<row r="1"><c r="A1"><y:f xmlns:y="urn:y">1</y:f></c></row>'),
        '<?xml version="1.0" encoding="UTF-16"?><worksheet/>'.encode("utf-16"),
        "\ufeff".encode() + sheet(""),
    ],
)
def test_scan_declines_what_it_cannot_read(data: bytes) -> None:
    """DTDs, unknown entities, hiding comments, odd formula places, CDATA, other encodings."""
    assert scan(data) is None


CELL = st.tuples(
    st.sampled_from(["A1", "G7", "H8", "K12"]),
    st.one_of(st.none(), st.text(alphabet="AB1+=&<>\"'中 ,", max_size=12)),
)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@given(
    cells=st.lists(CELL, max_size=6, unique_by=lambda cell: cell[0]),
    prefix=st.sampled_from(["", "x", "main"]),
    protected=st.booleans(),
    listed=st.booleans(),
)
def test_scan_never_disagrees_with_parse(
    cells: list[tuple[str, str | None]], prefix: str, protected: bool, listed: bool
) -> None:
    """Whatever the sheet, the scan either declines or reads exactly what lxml reads."""
    p = f"{prefix}:" if prefix else ""
    body = "".join(
        f'<{p}row r="{index}"><{p}c r="{address}">'
        + (f"<{p}f>{_escape(formula)}</{p}f>" if formula is not None else "")
        + f"<{p}v>1</{p}v></{p}c></{p}row>"
        for index, (address, formula) in enumerate(cells, start=1)
    )
    tail = (f'<{p}sheetProtection sheet="1"/>' if protected else "") + (
        VALIDATION.replace("<", f"<{p}").replace(f"<{p}/", f"</{p}") if listed else ""
    )
    data = sheet(body, tail, prefix=prefix)
    fast = scan(data)
    assert fast is None or fast == parsed(data)
    assert fast is not None  # these shapes are all the scan's to read


RULE = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["list", "textLength", "date"]),
        "sqref": st.sampled_from(["H7:H18", "G7:G18 H3", "B4", "G7:G18"]),
        "formula": st.sampled_from([LIST, "1000", "&quot;已完成,推进中&quot;"]),
        "prompt": st.text(alphabet="/ 中&<>xtypesqr'=\"", max_size=40)
        | st.sampled_from([" type='list' sqref='G7:G18'", "请选择 type='list'", "sqref='G7'"]),
        "closed": st.booleans(),
        "spaced": st.booleans(),
    }
)


def _rule(rule: dict[str, object]) -> str:
    prompt = _escape(str(rule["prompt"])).replace('"', "&quot;")
    eq = " = " if rule["spaced"] else "="
    attributes = f'prompt{eq}"{prompt}" type{eq}"{rule["type"]}" sqref{eq}"{rule["sqref"]}"'
    if rule["closed"]:
        return f"<dataValidation {attributes}/>"
    return f"<dataValidation {attributes}><formula1>{rule['formula']}</formula1></dataValidation>"


@given(rules=st.lists(RULE, max_size=5))
def test_scan_reads_validations_as_parse(rules: list[dict[str, object]]) -> None:
    """Drop-down rules with long prompts, slashes, spaced attributes, self-closed: read alike.

    A prompt may quote ``type='list'`` or ``sqref='G7'`` before the rule's own
    attributes: the scan must not take those for the rule's (which would hide a
    removed status drop-down).
    """
    tail = f'<dataValidations count="{len(rules)}">{"".join(map(_rule, rules))}</dataValidations>'
    data = sheet("", tail)
    fast = scan(data)
    assert fast is not None
    assert fast == parsed(data)


@pytest.mark.parametrize(
    "attributes",
    [
        """prompt=" type='list'" type="textLength" sqref="G7:G18\"""",
        """promptTitle="请选择 type='list' sqref='G7:G18'" type="list" sqref="B4\"""",
        """prompt='说明 type="list"' sqref="G7:G18\"""",
    ],
)
def test_prompt_quoting_a_type_is_not_the_rule(attributes: str) -> None:
    """A prompt that quotes ``type='list'`` does not make a rule the status drop-down."""
    tail = (
        f'<dataValidations count="1"><dataValidation {attributes}>'
        f"<formula1>{LIST}</formula1></dataValidation></dataValidations>"
    )
    data = sheet("", tail)
    assert parsed(data).status_list is False
    assert scan(data) == parsed(data)


def test_a_tag_cut_short_by_a_bracket_is_parsed() -> None:
    """A ``>`` inside a prompt cuts the scan's view of the tag: it declines, lxml reads it."""
    tail = (
        '<dataValidations count="1"><dataValidation prompt="a>b" type="list" sqref="G7:G18">'
        f"<formula1>{LIST}</formula1></dataValidation></dataValidations>"
    )
    data = sheet("", tail)
    assert parsed(data).status_list is True
    assert scan(data) is None
