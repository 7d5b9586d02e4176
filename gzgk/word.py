"""The Word compilation (按任务汇编): every unit's 落实情况, task by task, as a .docx.

The office edits this document into its report to the province. It is laid
out as a Chinese official document (GB/T 9704-2012) as far as python-docx
allows: A4, the standard margins, 22 lines of 28 characters,
3号 仿宋 body, a 2号 小标宋 title, 黑体 first-level headings (一、总体情况,
二、各项任务落实情况) and 楷体 task headings (（一）…; real Heading 1 and
Heading 2 paragraphs, so Word's navigation pane and tables of contents work),
"— N —" page numbers, and the East Asian font named on every run.

Per task only what units reported is compiled, one short paragraph each; who
did not report is one line per task, the names once, in the appendix table.

Everything a unit wrote is plain text: never a field, a hyperlink or a
formula (``=HYPERLINK(…)`` is printed as those characters). Characters that
XML 1.0 forbids are printed as visible escapes (see :func:`escape_text`).

This is an edge module, like :mod:`gzgk.excel`: it is the only one that
imports python-docx. The same summary always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import posixpath
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

import docx
from attrs import frozen
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from docx.section import Section
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from gzgk._text import chinese_date, chinese_moment
from gzgk.contract import RETURN, SUMMARY
from gzgk.files import write_atomic
from gzgk.model import Notice
from gzgk.origin import AUTHOR
from gzgk.outputs import DOCUMENT, Output, check_outputs
from gzgk.returns import Entry
from gzgk.summary import (
    CellState,
    CompiledEntry,
    InvalidText,
    Summary,
    TaskCompilation,
    UnitReturn,
)

__all__ = [
    "FONTS",
    "WORD",
    "FontFace",
    "WordLayout",
    "compilation_docx",
    "escape_text",
    "write_compilation",
]


class WordLayout:
    """Every label the compilation prints, its style names, fonts and measures (one place)."""

    TITLE_SUFFIX: Final = "落实情况汇编"
    REJECTED_TITLE: Final = "未采用的报送内容"
    UNTITLED: Final = "任务分工"  # the title of a notice without one: issuer + this + suffix
    AS_OF: Final = "统计截至 {moment}"
    SEPARATOR: Final = "　"  # between the 文号 and the 统计截至 on the line under the title
    OVERVIEW: Final = (
        "本次应报送单位{expected}个，已报送{received}个，未报送{missing}个；"
        "已报送的报送表中不合格{invalid}份。"
    )
    DEADLINE: Final = "报送时限为{due}，按时报送{on_time}个，逾期报送{late}个。"
    NO_DEADLINE: Final = "通知未规定报送时限。"
    ROUND: Final = "本期为{round}。"
    UNEXPECTED: Final = "另有{count}个未承担任务的单位报送了报送表，未列入本汇编。"
    UNPLACED: Final = "另有{count}个文件无法确定报送单位，未列入本汇编。"
    GUIDE: Final = (
        "以下按任务汇编各单位报送的落实情况，每项任务中牵头单位在前，责任单位、配合单位在后；"
        "未报送的单位每项任务只列数量，名单见附表。"
    )
    OVERVIEW_HEADING: Final = "一、总体情况"
    TASKS_HEADING: Final = "二、各项任务落实情况"
    UNIT_LABEL: Final = "{unit}（{details}）"  # details: the role, then the status if written
    DETAIL_SEPARATOR: Final = "，"
    LABEL_END: Final = "："  # after the label when text follows; SENTENCE_END when none does
    PROBLEMS: Final = f"{RETURN.label('problems')}："
    PLANS: Final = f"{RETURN.label('plans')}："
    EVIDENCE: Final = f"{RETURN.label('evidence')}："
    UNFILLED: Final = "（未填写）"  # in place of an empty 落实情况 beside other fields
    # The one line per task on what is not compiled (parts joined by ABSENT_SEPARATOR).
    ABSENT: Final = "本项{parts}。"
    ABSENT_SEPARATOR: Final = "；"
    NOT_RECEIVED: Final = "未报送{count}个单位（名单见附表）"
    REJECTED: Final = f"{{count}}个单位的报送表未通过核验，内容未采用（见附件“{REJECTED_TITLE}”）"
    REJECTED_OMITTED: Final = "{count}个单位的报送表未通过核验，内容未采用"
    UNFILLED_UNITS: Final = "{names}未填写"
    ROW_MISSING_UNITS: Final = "{names}的报送表中无此项"
    SENTENCE_END: Final = "。"
    # Text ending in one of these (before closing brackets or quotes) ends its sentence.
    SENTENCE_ENDS: Final = "。！？；….!?;"
    CLOSING: Final = "）)”’」』〕】》"
    OPEN_NAMES: Final = "（{names}的具体单位尚未明确，未列入本项汇编。）"
    NAME_SEPARATOR: Final = "、"
    NO_UNITS: Final = "（本项任务暂无报送单位。）"
    REJECTED_NOTE: Final = (
        "以下内容来自未通过核验的报送表，未列入正文汇编，仅供核对；"
        "请退回有关单位修改后重新报送，核验合格后再行汇编。"
    )
    REJECTED_UNIT: Final = "{unit}（未采用原因：{reasons}）"
    REJECTED_TASK: Final = "{label}{title}（{details}）："
    ROW_MISSING: Final = "（报送表中无此项。）"
    REJECTED_MARK: Final = "附件"
    APPENDIX_MARK: Final = "附表"
    APPENDIX_TITLE: Final = "各单位报送情况一览表"
    TABLE_HEADER: Final = (
        "序号", "单位", "报送情况", "是否按时", "是否合格",
        *RETURN.labels_of("date", "contact", "phone"),
    )  # fmt: skip
    TABLE_WIDTHS_MM: Final = (7, 25, 14, 17, 14, 34, 15, 30)  # 156 mm: the type area
    # 填报日期 holds 2024年12月31日 on one line also in a wider substitute for Times New Roman
    SUBMITTED: Final = SUMMARY.RECEIVED
    NOT_SUBMITTED: Final = SUMMARY.NOT_RECEIVED
    VALID: Final = SUMMARY.VALID
    INVALID: Final = SUMMARY.INVALID
    NOT_JUDGED: Final = SUMMARY.NONE
    FILE_DATE_MARK: Final = "*"
    FILE_DATE_NOTE: Final = (
        f"注：带“{FILE_DATE_MARK}”的日期取自文件修改时间（报送表未填写{RETURN.label('date')}）。"
    )
    PAGE_NUMBER: Final = ("— ", " —")  # around the PAGE field: GB/T 9704 一字线
    AUTHOR: Final = AUTHOR
    COMMENTS: Final = "由 gzgk 根据各单位报送表生成"

    # Styles: built-in ones keep their names (Word and LibreOffice translate them in
    # their interfaces; Heading 1 drives the navigation pane and tables of contents).
    STYLE_BODY: Final = "Normal"
    STYLE_TITLE: Final = "Title"
    STYLE_SUBTITLE: Final = "Subtitle"
    STYLE_HEADING: Final = "Heading 1"  # 一、总体情况 …: 黑体
    STYLE_TASK: Final = "Heading 2"  # （一）the task's title: 楷体
    STYLE_FOOTER: Final = "Footer"
    STYLE_APPENDIX: Final = "附件标识"
    STYLE_TABLE_HEADER: Final = "表头文字"
    STYLE_TABLE: Final = "表格文字"
    STYLE_TABLE_NOTE: Final = "表注"

    # Fonts (see FONTS for the fallbacks declared in the font table).
    BODY_FONT: Final = "仿宋_GB2312"
    TITLE_FONT: Final = "方正小标宋简体"
    HEADING_FONT: Final = "黑体"
    TASK_FONT: Final = "楷体_GB2312"
    PAGE_FONT: Final = "宋体"
    LATIN_FONT: Final = "Times New Roman"

    # Measures (points, millimetres): GB/T 9704-2012.
    BODY_SIZE: Final = 16.0  # 3号
    TITLE_SIZE: Final = 22.0  # 2号
    PAGE_SIZE: Final = 14.0  # 4号
    TABLE_SIZE: Final = 10.5  # 五号: eight columns in 156 mm
    LINE: Final = 28.95  # 22 lines in the 225 mm type area
    LINES: Final = 22
    CHARS: Final = 28  # characters per line (156 mm)
    TITLE_LINE: Final = 35.0
    PAGE_WIDTH_MM: Final = 210
    PAGE_HEIGHT_MM: Final = 297
    MARGINS_MM: Final = (37, 35, 28, 26)  # top, bottom, left, right
    FOOTER_MM: Final = 22  # page number about 7 mm under the type area
    HEADER_MM: Final = 15
    CELL_MARGIN_MM: Final = 1


WORD: Final = WordLayout()


@frozen(kw_only=True)
class FontFace:
    """A font the document asks for, and what Word should use where it is missing.

    Attributes:
        name: the name written in ``w:rFonts``.
        alt_name: ``w:altName``: the one font Word tries when ``name`` is not
            installed ("" for none).
        charset: ``w:charset``: ``86`` is GB2312, ``00`` ANSI.
        family: ``w:family``: roman, modern, swiss, script, decorative or auto.
        pitch: ``w:pitch``: fixed or variable.
    """

    name: str
    alt_name: str = ""
    charset: str = "86"
    family: str = "auto"
    pitch: str = "variable"


# The document's font table (word/fontTable.xml), written in place of python-docx's.
#
# Why one alternative per font: [MS-OI29500] 2.1.262 says Word reads w:altName as a
# single name (no comma list, at most 31 characters), so 仿宋_GB2312 falls back to
# 仿宋 (FangSong, on every Chinese Windows since 7), 方正小标宋简体 to 宋体 (SimSun),
# 楷体_GB2312 to 楷体 (KaiTi); 黑体 is SimHei itself. The Chinese names are the ones
# Windows fonts carry, so Word matches them in any UI language. LibreOffice ignores
# w:altName (writerfilter's FontTable.cxx skips it): it maps 宋体/黑体 to
# SimSun/SimHei by its own table and leaves the rest to its replacement table
# (Tools › Options › Fonts) and fontconfig, which picks an installed Chinese font.
# charset 86 (GB2312) keeps Word's own substitution among Chinese fonts; the Latin
# font of every style is Times New Roman.
FONTS: Final = (
    FontFace(name=WORD.LATIN_FONT, charset="00", family="roman"),
    FontFace(name=WORD.BODY_FONT, alt_name="仿宋", family="modern", pitch="fixed"),
    FontFace(name=WORD.TITLE_FONT, alt_name="宋体"),
    FontFace(name=WORD.HEADING_FONT, alt_name="SimHei", family="modern", pitch="fixed"),
    FontFace(name=WORD.TASK_FONT, alt_name="楷体", family="modern", pitch="fixed"),
    FontFace(name=WORD.PAGE_FONT, alt_name="SimSun"),
)

# XML 1.0 allows tab, newline, carriage return and everything from U+0020 but
# surrogates and U+FFFE/U+FFFF; lxml refuses the rest.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAK = re.compile("\r\n?")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FONT_TABLE = "word/fontTable.xml"
_CONTENT_TYPES = "[Content_Types].xml"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
# Parts of python-docx's template that are dropped: its thumbnail, and the Word 2010
# copy of the styles (Word 2010 may prefer it to styles.xml, which gzgk restyles).
_DROPPED_TYPES = frozenset(
    {
        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
        "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    }
)
_PROPERTY_MAX = 255  # core properties longer than this are refused by python-docx
_BYTE = 0xFF  # the largest code point escaped as \xNN (above it: \uNNNN)
_CHARS = 100  # w:firstLineChars counts hundredths of a character


def escape_text(text: str) -> str:
    r"""The text as the document prints it: nothing but XML's forbidden characters changes.

    A control character other than tab and line feed becomes a visible escape
    of Python's spelling (BEL is printed as the four characters ``\x07``);
    a lone surrogate or U+FFFE/U+FFFF as ``\ud800`` / ``\ufffe``. A carriage
    return, alone or before a line feed, is a line feed. Everything else,
    including backslashes already in the text, is kept as it is, so an escape
    and the same characters typed by a unit look alike.
    """
    return _FORBIDDEN.sub(_escape, _LINE_BREAK.sub("\n", text))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= _BYTE else f"\\u{code:04x}"


def _title(notice: Notice) -> str:
    stem = notice.title or f"{notice.issuer}{WORD.UNTITLED}"
    return f"{stem}{WORD.TITLE_SUFFIX}"


def _as_of_line(summary: Summary) -> str:
    """The round and the 文号, and on a line of its own the moment of the summary."""
    parts = (summary.round.name if summary.round is not None else "", summary.notice.doc_number)
    first = WORD.SEPARATOR.join(part for part in parts if part)
    as_of = WORD.AS_OF.format(moment=chinese_moment(summary.as_of))
    return f"{first}\n{as_of}" if first else as_of


def _overview(summary: Summary) -> str:
    counts = summary.counts()
    parts = [
        WORD.OVERVIEW.format(
            expected=counts.expected,
            received=counts.received,
            missing=counts.missing,
            invalid=counts.invalid,
        )
    ]
    due = summary.notice.report_due
    if due is None:
        parts.append(WORD.NO_DEADLINE)
    else:
        parts.append(
            WORD.DEADLINE.format(due=chinese_date(due), on_time=counts.on_time, late=counts.late)
        )
    if counts.unexpected:
        parts.append(WORD.UNEXPECTED.format(count=counts.unexpected))
    if counts.unplaced:
        parts.append(WORD.UNPLACED.format(count=counts.unplaced))
    if summary.comparison is not None:
        parts.append(summary.comparison.sentence())
    parts.append(WORD.GUIDE)
    if summary.round is not None:
        parts.insert(0, WORD.ROUND.format(round=summary.round.name))
    return "".join(parts)


def _written(entry: Entry | None) -> bool:
    """Whether a unit wrote anything for the task (a row with any field filled in)."""
    if entry is None:
        return False
    fields = (entry.status, entry.progress, entry.evidence, entry.problems, entry.plans)
    return any(text.strip() for text in fields)


def _compiled_entry(item: CompiledEntry) -> Entry | None:
    """A unit's entry when it is compiled as a paragraph (else it is counted in one line)."""
    if item.rejected or item.state is CellState.NOT_RECEIVED or not _written(item.entry):
        return None
    return item.entry


def _entry_pieces(item: CompiledEntry, entry: Entry) -> list[tuple[str, bool]]:
    """The runs of one unit's paragraph, (text, bold): ``单位（牵头，推进中）：`` then its text."""
    details = [item.role.label]
    if entry.status.strip():
        details.append(entry.status.strip())
    label = WORD.UNIT_LABEL.format(unit=item.unit.name, details=WORD.DETAIL_SEPARATOR.join(details))
    text = _text_pieces(entry, item.state)
    if not text:
        return [(label + WORD.SENTENCE_END, True)]
    return [(label + WORD.LABEL_END, True), *text]


def _ends_sentence(text: str) -> bool:
    """Whether text ends its sentence (``。`` ``！`` …, also before closing brackets or quotes)."""
    return text.rstrip().rstrip(WORD.CLOSING).endswith(tuple(WORD.SENTENCE_ENDS))


def _text_pieces(entry: Entry, state: CellState) -> list[tuple[str, bool]]:
    """What a unit wrote for a task, as runs: 落实情况, then labelled sentences, each ended.

    The 落实状态 is not among them: it stands beside the role in the unit's label.
    """
    sentences: list[list[str]] = []
    if entry.progress.strip():
        sentences.append([entry.progress])
    elif state is not CellState.NOT_APPLICABLE:
        sentences.append([WORD.UNFILLED])
    for label_text, text in (
        (WORD.PROBLEMS, entry.problems),
        (WORD.PLANS, entry.plans),
        (WORD.EVIDENCE, entry.evidence),
    ):
        if text.strip():
            sentences.append([label_text, text])
    pieces: list[tuple[str, bool]] = []
    for sentence in sentences:
        pieces.extend((text, False) for text in sentence)
        if not _ends_sentence(sentence[-1]):
            pieces.append((WORD.SENTENCE_END, False))
    return pieces


def _absent_line(compiled: TaskCompilation, invalid_text: InvalidText) -> str:
    """The one line on a task's units whose entries are not compiled ("" when there are none).

    Units that sent nothing and units whose return failed validation are counted
    (the appendix table names them); the few that sent a return without this
    task filled in, or without its row, are named.
    """
    missing = rejected = 0
    unfilled: list[str] = []
    row_missing: list[str] = []
    for item in compiled.entries:
        if item.rejected:
            rejected += 1
        elif item.state is CellState.NOT_RECEIVED:
            missing += 1
        elif item.entry is None:
            row_missing.append(item.unit.name)
        elif not _written(item.entry):
            unfilled.append(item.unit.name)
    parts = []
    if missing:
        parts.append(WORD.NOT_RECEIVED.format(count=missing))
    if rejected:
        said = WORD.REJECTED if invalid_text == "appendix" else WORD.REJECTED_OMITTED
        parts.append(said.format(count=rejected))
    if unfilled:
        parts.append(WORD.UNFILLED_UNITS.format(names=WORD.NAME_SEPARATOR.join(unfilled)))
    if row_missing:
        parts.append(WORD.ROW_MISSING_UNITS.format(names=WORD.NAME_SEPARATOR.join(row_missing)))
    return WORD.ABSENT.format(parts=WORD.ABSENT_SEPARATOR.join(parts)) if parts else ""


# ---------------------------------------------------------------------------
# WordprocessingML helpers


def _w(tag: str, **attributes: str) -> etree._Element:
    """A ``w:`` element with ``w:`` attributes."""
    element = OxmlElement(f"w:{tag}")
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _twips(points: float) -> str:
    return str(round(points * 20))


@frozen(kw_only=True)
class _Look:
    """What one paragraph style looks like."""

    east_asian: str
    size: float
    latin: str = WORD.LATIN_FONT
    align: str = "both"
    line: float | None = WORD.LINE  # exact line height; None: single spacing
    indent: bool = False  # first line indented by two characters
    before: float = 0.0
    after: float = 0.0
    keep_next: bool = False
    page_break: bool = False
    outline: int | None = None
    condensed: bool = False  # characters set closer, so 28 fill a line (see _CONDENSE)
    spaced: bool = True  # a little space between Chinese and digits (off in narrow cells)


def _condense() -> float:
    """How much closer (points) 3号 characters are set so that 28 fill the type area's width.

    28 characters of 16 pt are 448 pt, the 156 mm type area 442.2 pt: GB/T 9704's
    28 to a line needs each character's advance under its size, in whole twentieths
    of a point (``w:spacing``), which Word, WPS and LibreOffice all apply (a document
    grid, ``w:docGrid``, is laid out differently by each).
    """
    _, _, left, right = WORD.MARGINS_MM
    width = float(Mm(WORD.PAGE_WIDTH_MM - left - right).pt)
    pitch = math.floor(width / WORD.CHARS * _TWIPS) / _TWIPS
    return WORD.BODY_SIZE - pitch


_TWIPS = 20  # twentieths of a point
_CONDENSE: Final = _condense()
_BODY = _Look(east_asian=WORD.BODY_FONT, size=WORD.BODY_SIZE, indent=True, condensed=True)
# Document defaults: what styles gzgk does not restyle (Word's other built-ins) start from.
_DEFAULT = _Look(east_asian=WORD.BODY_FONT, size=WORD.BODY_SIZE, line=None)
_LOOKS: Final = {
    WORD.STYLE_BODY: _BODY,
    WORD.STYLE_TITLE: _Look(
        east_asian=WORD.TITLE_FONT,
        size=WORD.TITLE_SIZE,
        align="center",
        line=WORD.TITLE_LINE,
        keep_next=True,
    ),
    WORD.STYLE_SUBTITLE: _Look(
        east_asian=WORD.BODY_FONT,
        size=WORD.BODY_SIZE,
        align="center",
        after=WORD.LINE,
        keep_next=True,
    ),
    WORD.STYLE_HEADING: _Look(
        east_asian=WORD.HEADING_FONT,
        size=WORD.BODY_SIZE,
        indent=True,
        keep_next=True,
        outline=0,
        condensed=True,
    ),
    WORD.STYLE_TASK: _Look(
        east_asian=WORD.TASK_FONT,
        size=WORD.BODY_SIZE,
        indent=True,
        keep_next=True,
        outline=1,
        condensed=True,
    ),
    WORD.STYLE_FOOTER: _Look(
        east_asian=WORD.PAGE_FONT,
        latin=WORD.PAGE_FONT,
        size=WORD.PAGE_SIZE,
        align="right",
        line=None,
    ),
    WORD.STYLE_APPENDIX: _Look(
        east_asian=WORD.HEADING_FONT,
        size=WORD.BODY_SIZE,
        align="left",
        page_break=True,
        keep_next=True,
    ),
    WORD.STYLE_TABLE_HEADER: _Look(
        east_asian=WORD.HEADING_FONT, size=WORD.TABLE_SIZE, align="center", line=None, spaced=False
    ),
    WORD.STYLE_TABLE: _Look(
        east_asian=WORD.BODY_FONT, size=WORD.TABLE_SIZE, align="center", line=None, spaced=False
    ),
    WORD.STYLE_TABLE_NOTE: _Look(
        east_asian=WORD.BODY_FONT, size=WORD.TABLE_SIZE, align="left", line=None, before=6.0
    ),
}
# Custom styles get ASCII ids: LibreOffice and scripts handle them more easily.
_CUSTOM_IDS: Final = {
    WORD.STYLE_APPENDIX: "GzgkAppendix",
    WORD.STYLE_TABLE_HEADER: "GzgkTableHeader",
    WORD.STYLE_TABLE: "GzgkTable",
    WORD.STYLE_TABLE_NOTE: "GzgkTableNote",
}


def _pitch(look: _Look) -> float:
    """The advance of one character of the look (points)."""
    return look.size - _CONDENSE if look.condensed else look.size


def _fonts(look: _Look) -> etree._Element:
    """``w:rFonts`` naming every font of a look (explicit names, never theme fonts)."""
    # Explicit names replace the template's theme fonts (w:asciiTheme … would win
    # over w:ascii); the eastAsia hint sends “”—… to the Chinese font.
    return _w(
        "rFonts",
        ascii=look.latin,
        hAnsi=look.latin,
        eastAsia=look.east_asian,
        cs=look.latin,
        hint="eastAsia",
    )


def _name_fonts(run: Run, look: _Look) -> None:
    """Name the look's fonts on the run itself, so no program falls back to another face."""
    properties = run.element.get_or_add_rPr()
    for old in properties.findall(qn("w:rFonts")):
        properties.remove(old)
    properties.insert(0, _fonts(look))


def _run_properties(look: _Look, *, lang: bool = False) -> etree._Element:
    properties = _w("rPr")
    properties.append(_fonts(look))
    if look.condensed:
        properties.append(_w("spacing", val=str(-round(_CONDENSE * _TWIPS))))
    half_points = str(round(look.size * 2))
    properties.append(_w("sz", val=half_points))
    properties.append(_w("szCs", val=half_points))
    if lang:
        properties.append(_w("lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"))
    return properties


def _paragraph_properties(look: _Look) -> etree._Element:
    properties = _w("pPr")
    if look.keep_next:
        properties.append(_w("keepNext"))
    if look.page_break:
        properties.append(_w("pageBreakBefore"))
    # Word's default, said explicitly: LibreOffice reads w:overflowPunct the other way
    # round (writerfilter sets ParaIsHangingPunctuation to its negation) and, hanging a
    # line-end ，。；： past the margin, leaves the mark unprinted. Either way no mark is lost.
    properties.append(_w("overflowPunct", val="1"))
    if not look.spaced:  # no extra space between Chinese and Latin letters or digits
        properties.append(_w("autoSpaceDE", val="0"))
        properties.append(_w("autoSpaceDN", val="0"))
    if look.line is None:
        line = {"line": "240", "lineRule": "auto"}
    else:
        line = {"line": _twips(look.line), "lineRule": "exact"}
    properties.append(_w("spacing", before=_twips(look.before), after=_twips(look.after), **line))
    # Word uses firstLineChars (characters), LibreOffice 7 the twips beside it.
    chars = 2 if look.indent else 0
    properties.append(
        _w(
            "ind",
            firstLine=_twips(chars * _pitch(look)),
            firstLineChars=str(chars * _CHARS),
        )
    )
    properties.append(_w("jc", val=look.align))
    if look.outline is not None:
        properties.append(_w("outlineLvl", val=str(look.outline)))
    return properties


def _restyle(element: etree._Element, look: _Look, *, paragraph: bool = True) -> None:
    """Replace a style's paragraph and run properties with ``look``."""
    for tag in ("w:pPr", "w:rPr"):
        for old in element.findall(qn(tag)):
            element.remove(old)
    if paragraph:
        element.append(_paragraph_properties(look))
    element.append(_run_properties(look))


def _setup_styles(document: Document) -> dict[str, str]:
    """Restyle the template's styles and add gzgk's; the id of every style by name."""
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        styles.element.remove(defaults)
    defaults = _w("docDefaults")
    run_default = _w("rPrDefault")
    run_default.append(_run_properties(_DEFAULT, lang=True))
    paragraph_default = _w("pPrDefault")
    paragraph_default.append(_paragraph_properties(_DEFAULT))
    defaults.append(run_default)
    defaults.append(paragraph_default)
    styles.element.insert(0, defaults)
    ids: dict[str, str] = {}
    for name, look in _LOOKS.items():
        if name in _CUSTOM_IDS:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.style_id = _CUSTOM_IDS[name]
            style.base_style = styles[WORD.STYLE_BODY]
            style.quick_style = True
        else:
            style = styles[name]
        ids[name] = style.style_id
        _restyle(style.element, look)
        link = style.element.find(qn("w:link"))
        if link is not None:  # the linked character style (Heading 1 Char …)
            linked = styles.element.get_by_id(link.get(qn("w:val"), ""))
            if linked is not None:
                _restyle(linked, look, paragraph=False)
    return ids


def _setup_page(section: Section) -> None:
    section.page_width = Mm(WORD.PAGE_WIDTH_MM)
    section.page_height = Mm(WORD.PAGE_HEIGHT_MM)
    top, bottom, left, right = WORD.MARGINS_MM
    section.top_margin = Mm(top)
    section.bottom_margin = Mm(bottom)
    section.left_margin = Mm(left)
    section.right_margin = Mm(right)
    section.header_distance = Mm(WORD.HEADER_MM)
    section.footer_distance = Mm(WORD.FOOTER_MM)


def _field_run(paragraph: Paragraph, child: etree._Element) -> None:
    paragraph.add_run().font.element.append(child)


def _page_number(paragraph: Paragraph, *, odd: bool) -> None:
    """“— N —” with a PAGE field: odd pages right, even pages left, one character in."""
    layout = paragraph.paragraph_format  # the template's footer paragraph: style Footer
    indent = Pt(WORD.PAGE_SIZE)
    if odd:
        layout.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        layout.right_indent = indent
    else:
        layout.alignment = WD_ALIGN_PARAGRAPH.LEFT
        layout.left_indent = indent
    before, after = WORD.PAGE_NUMBER
    paragraph.add_run(before)
    _field_run(paragraph, _w("fldChar", fldCharType="begin"))
    instruction = _w("instrText")
    instruction.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instruction.text = " PAGE "
    _field_run(paragraph, instruction)
    _field_run(paragraph, _w("fldChar", fldCharType="separate"))
    paragraph.add_run("1" if odd else "2")
    _field_run(paragraph, _w("fldChar", fldCharType="end"))
    paragraph.add_run(after)
    for run in paragraph.runs:
        _name_fonts(run, _LOOKS[WORD.STYLE_FOOTER])


def _setup_footers(document: Document, section: Section) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        _page_number(footer.paragraphs[0], odd=odd)


def _setup_settings(document: Document) -> None:
    settings = document.settings.element
    language = settings.find(qn("w:themeFontLang"))
    if language is not None:
        language.set(qn("w:eastAsia"), "zh-CN")


# ---------------------------------------------------------------------------
# Content


class _Writer:
    """One document being written, and the ids of its styles."""

    def __init__(self, document: Document, style_ids: dict[str, str]) -> None:
        self.document = document
        self.style_ids = style_ids

    def style(self, paragraph: Paragraph, style: str) -> None:
        """Give a new, empty paragraph a style (by id: python-docx looks names up slowly)."""
        style_id = self.style_ids[style]
        if style_id != self.style_ids[WORD.STYLE_BODY]:  # the default needs no w:pStyle
            properties = _w("pPr")
            properties.append(_w("pStyle", val=style_id))
            paragraph.paragraph_format.element.insert(0, properties)

    def paragraph(self, style: str, pieces: Iterable[tuple[str, bool]]) -> Paragraph:
        """A paragraph at the end of the body: runs of (text, bold), texts escaped."""
        paragraph = self.document.add_paragraph()
        self.style(paragraph, style)
        for text, bold in pieces:
            self.run(paragraph, style, text, bold=bold)
        return paragraph

    def run(self, paragraph: Paragraph, style: str, text: str, *, bold: bool = False) -> Run:
        """A run of text (escaped) naming its style's fonts itself."""
        run = paragraph.add_run(escape_text(text))
        _name_fonts(run, _LOOKS[style])
        if bold:
            run.bold = True
        return run

    def text(self, style: str, text: str) -> Paragraph:
        """A paragraph of one plain run."""
        return self.paragraph(style, [(text, False)])


def _write_task(writer: _Writer, compiled: TaskCompilation, invalid_text: InvalidText) -> None:
    task = compiled.task
    writer.text(WORD.STYLE_TASK, f"{task.label}{task.title}")
    for item in compiled.entries:
        entry = _compiled_entry(item)
        if entry is not None:
            writer.paragraph(WORD.STYLE_BODY, _entry_pieces(item, entry))
    absent = _absent_line(compiled, invalid_text)
    if absent:
        writer.text(WORD.STYLE_BODY, absent)
    if compiled.open_names:
        names = WORD.NAME_SEPARATOR.join(dict.fromkeys(compiled.open_names))
        writer.text(WORD.STYLE_BODY, WORD.OPEN_NAMES.format(names=names))
    elif not compiled.entries:
        writer.text(WORD.STYLE_BODY, WORD.NO_UNITS)


def _table_row(unit: UnitReturn, number: int) -> tuple[tuple[str, ...], bool]:
    """The cells of one unit's row, and whether its date is the file's time."""
    received = unit.received
    if received is None:
        cells = (WORD.NOT_SUBMITTED, unit.timeliness.label, WORD.NOT_JUDGED, "", "", "")
        return (str(number), unit.name, *cells), False
    date = received.date
    from_file = date is not None and received.content.fill_date is None
    shown = "" if date is None else chinese_date(date) + (WORD.FILE_DATE_MARK if from_file else "")
    cells = (
        WORD.SUBMITTED,
        unit.timeliness.label,
        WORD.VALID if received.valid else WORD.INVALID,
        shown,
        unit.contact,
        unit.phone,
    )
    return (str(number), unit.name, *cells), from_file


def _write_appendix(writer: _Writer, summary: Summary) -> None:
    document = writer.document
    writer.text(WORD.STYLE_APPENDIX, WORD.APPENDIX_MARK)
    writer.text(WORD.STYLE_TITLE, WORD.APPENDIX_TITLE)
    units = summary.expected
    rows = [_table_row(unit, number) for number, unit in enumerate(units, start=1)]
    table = document.add_table(rows=1 + len(rows), cols=len(WORD.TABLE_HEADER))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Mm(width) for width in WORD.TABLE_WIDTHS_MM]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    contents: list[tuple[Sequence[str], str]] = [(WORD.TABLE_HEADER, WORD.STYLE_TABLE_HEADER)]
    contents += [(cells, WORD.STYLE_TABLE) for cells, _ in rows]
    for row, (cells, style) in zip(table.rows, contents, strict=True):
        for cell, text, width in zip(row.cells, cells, widths, strict=True):
            cell.width = width
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            writer.style(paragraph, style)
            if text:
                writer.run(paragraph, style, text)
    _table_rows_setup(document)
    if any(from_file for _, from_file in rows):
        writer.text(WORD.STYLE_TABLE_NOTE, WORD.FILE_DATE_NOTE)


def _write_rejected(writer: _Writer, summary: Summary) -> None:
    """The marked appendix of text from returns that failed validation (none: nothing)."""
    rejected = summary.rejected()
    if not rejected:
        return
    writer.text(WORD.STYLE_APPENDIX, WORD.REJECTED_MARK)
    writer.text(WORD.STYLE_TITLE, WORD.REJECTED_TITLE)
    writer.text(WORD.STYLE_BODY, WORD.REJECTED_NOTE)
    for item in rejected:
        reasons = "；".join(item.reasons)
        unit = WORD.REJECTED_UNIT.format(unit=item.unit.name, reasons=reasons)
        writer.paragraph(WORD.STYLE_BODY, [(unit, True)])
        for task, role, entry in item.entries:
            details = WORD.DETAIL_SEPARATOR.join(
                [
                    role.label,
                    *([entry.status.strip()] if entry and entry.status.strip() else []),
                ]
            )
            label = WORD.REJECTED_TASK.format(label=task.label, title=task.title, details=details)
            if entry is None:
                pieces = [(WORD.ROW_MISSING, False)]
            elif not _written(entry):
                pieces = [(WORD.UNFILLED, False)]
            else:
                pieces = _text_pieces(entry, CellState.of_status(entry.status))
            writer.paragraph(WORD.STYLE_BODY, [(label, True), *pieces])


def _table_rows_setup(document: Document) -> None:
    """The last table: its header row repeats on every page, no row splits, narrow margins."""
    table = document.element.body.xpath("w:tbl")[-1]
    margin = _twips(WORD.CELL_MARGIN_MM * 72 / 25.4)
    margins = _w("tblCellMar")
    for side in ("left", "right"):
        margins.append(_w(side, w=margin, type="dxa"))
    table.tblPr.insert_element_before(
        margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"
    )
    for index, row in enumerate(table.tr_lst):
        properties = row.get_or_add_trPr()
        properties.append(_w("cantSplit"))
        if index == 0:
            properties.append(_w("tblHeader"))


def _set_properties(document: Document, summary: Summary, title: str) -> None:
    properties = document.core_properties
    moment = summary.as_of
    if moment.tzinfo is not None:  # the package stores UTC
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    properties.title = escape_text(title)[:_PROPERTY_MAX]
    properties.subject = escape_text(summary.notice.doc_number)[:_PROPERTY_MAX]
    properties.author = WORD.AUTHOR
    properties.last_modified_by = WORD.AUTHOR
    properties.comments = WORD.COMMENTS
    properties.created = moment
    properties.modified = moment
    properties.revision = 1


# ---------------------------------------------------------------------------
# The package


def _font_table() -> bytes:
    root = parse_xml(f"<w:fonts {nsdecls('w', 'r')}/>")
    for face in FONTS:
        font = _w("font", name=face.name)
        if face.alt_name:
            font.append(_w("altName", val=face.alt_name))
        font.append(_w("charset", val=face.charset))
        font.append(_w("family", val=face.family))
        font.append(_w("pitch", val=face.pitch))
        root.append(font)
    return _serialize(root)


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _drop_relations(name: str, payload: bytes) -> tuple[bytes, set[str]]:
    """A relationships part without the dropped relations, and the parts they pointed to."""
    root = parse_xml(payload)
    base = posixpath.dirname(posixpath.dirname(name))  # word/_rels/x.rels -> word
    targets: set[str] = set()
    for relation in root.findall(f"{{{_RELS_NS}}}Relationship"):
        if relation.get("Type") in _DROPPED_TYPES and relation.get("TargetMode") != "External":
            targets.add(posixpath.normpath(posixpath.join(base, relation.get("Target", ""))))
            root.remove(relation)
    return (_serialize(root), targets) if targets else (payload, targets)


def _drop_overrides(payload: bytes, parts: set[str]) -> bytes:
    root = parse_xml(payload)
    for override in root.findall(f"{{{_TYPES_NS}}}Override"):
        if override.get("PartName", "").lstrip("/") in parts:
            root.remove(override)
    return _serialize(root)


def _repack(data: bytes) -> bytes:
    """The package with gzgk's font table, without the template's leftovers, at fixed times.

    python-docx keeps the font table of its template (Calibri, MS Mincho …) as an
    opaque part, ships the template's thumbnail and its Word 2010 copy of the
    styles (stylesWithEffects.xml, which still holds the unstyled template), and
    stamps every zip member with the current time. This replaces the first,
    drops the others and fixes the times, so the same summary gives the same bytes.
    """
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = [info.filename for info in source.infolist()]
        payloads = {name: source.read(name) for name in members}
    dropped: set[str] = set()
    for name in members:
        if name.endswith(".rels"):
            payloads[name], targets = _drop_relations(name, payloads[name])
            dropped |= targets
    payloads[_CONTENT_TYPES] = _drop_overrides(payloads[_CONTENT_TYPES], dropped)
    payloads[_FONT_TABLE] = _font_table()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for name in members:
            if name in dropped:
                continue
            member = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            member.create_system = 0  # the same bytes on every platform
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, payloads[name])
    return output.getvalue()


def compilation_docx(summary: Summary, *, invalid_text: InvalidText = "appendix") -> bytes:
    """The Word compilation of a summary, as the bytes of a .docx file.

    The document has the title (the notice's title and 落实情况汇编), a line with
    the 文号 and the moment of the summary, an overview of who reported, then
    one Heading 1 per task with every unit's 落实情况 (leads, then responsible,
    then cooperating units; 未报送 / 未填写 / 不涉及 marked), and an appendix
    table of every expected unit's return. The same summary gives the same bytes.

    Text from a return that failed validation is never compiled under the
    unit's name: the unit's paragraph says its content was not used, and the
    text goes to a marked appendix (未采用的报送内容, with the reasons) or,
    with ``invalid_text="omit"``, nowhere.

    Args:
        summary: the merged returns (see :func:`gzgk.summary.consolidate`).
        invalid_text: ``"appendix"`` (default) or ``"omit"``.
    """
    document = docx.Document()
    section = document.sections[0]
    _setup_page(section)
    writer = _Writer(document, _setup_styles(document))
    _setup_settings(document)
    _setup_footers(document, section)
    title = _title(summary.notice)
    writer.text(WORD.STYLE_TITLE, title)
    writer.text(WORD.STYLE_SUBTITLE, _as_of_line(summary))
    writer.text(WORD.STYLE_HEADING, WORD.OVERVIEW_HEADING)
    writer.text(WORD.STYLE_BODY, _overview(summary))
    writer.text(WORD.STYLE_HEADING, WORD.TASKS_HEADING)
    for compiled in summary.compilation():
        _write_task(writer, compiled, invalid_text)
    _write_appendix(writer, summary)
    if invalid_text == "appendix":
        _write_rejected(writer, summary)
    _set_properties(document, summary, title)
    buffer = io.BytesIO()
    document.save(buffer)
    return _repack(buffer.getvalue())


def write_compilation(
    summary: Summary, path: str | Path, *, invalid_text: InvalidText = "appendix"
) -> Path:
    """Write the Word compilation of a summary to ``path`` atomically.

    Returns:
        The path written.

    Raises:
        OutputRefusedError: ``path`` is one of the files merged, or not a .docx name.
    """
    check_outputs([Output(Path(path), "path", DOCUMENT)], summary.paths())
    return write_atomic(path, compilation_docx(summary, invalid_text=invalid_text))
