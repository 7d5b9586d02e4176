"""Lines of PDF-extracted text, task-number markers and the undoing of PDF spacing."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable

from attrs import evolve, field, frozen

from gzgk.lexicon.names import SITE_CHROME, looks_like_name, name_problem
from gzgk.lexicon.vocabulary import classify_heading
from gzgk.numbering import format_numeral, parse_numeral

__all__ = [
    "PADDED",
    "Line",
    "Marker",
    "addresses_recipients",
    "despace",
    "despace_names",
    "is_date_line",
    "is_end",
    "is_end_matter",
    "is_note",
    "join_lines",
    "match_marker",
    "padded_numbering",
    "signs",
    "split_lines",
]

# Whitespace next to a non-ASCII character is an artefact of PDF extraction
# (``印发 2024年``); whitespace between two ASCII characters is kept.
_PDF_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
_PAGE_NUMBER = re.compile(
    r"[-—－–]+\s*\d{1,3}\s*[-—－–]+|第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d{1,3}\s*页)?"
)
_PAGE_OF = re.compile(r"(\d{1,3})\s*/\s*(\d{1,3})")

# Numbering styles, highest level first: 第一条 > 一、 > （一） > 1. > （1）; a bare
# number on its own line is a 序号 column. An article's number stands apart from
# its text (第一条　优化…, 第一条：…) or runs on into its title (第一条支持购买…); 第四条中……,
# 第四条规定…, 第四条第二款… are sentences about article 4.
_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "article",
        re.compile(
            r"第\s*([一二三四五六七八九十]{1,3})\s*条(?:\s+|\s*[、：:.．]"
            r"|(?=[\u4e00-\u9fff])(?![中的所之及和或与至第款项]|规定|明确|提出|要求|指出|所述)"
            r")(?P<rest>.*)"
        ),
    ),
    ("dun", re.compile(r"([一二三四五六七八九十]{1,3})\s*、(?P<rest>.*)")),
    ("paren", re.compile(r"[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)](?P<rest>.*)")),
    ("arabic", re.compile(r"(?:(\d{1,3})\s*(?:[.．﹒](?!\d)|、)|([⒈-⒛]))(?P<rest>.*)")),
    # 01优化公积金服务: two digits glued to a title, read only where a notice numbers so
    # (opt-in, see PADDED); 12月底前…, 20家企业… are no numbers
    (
        "padded",
        re.compile(
            r"(0[1-9]|[1-9]\d)(?![\d年月日号时万亿千百元个项条家户套倍天周批次类岁人名%％])"
            r"(?=[\u4e00-\u9fff“《])(?P<rest>.*)"
        ),
    ),
    ("aparen", re.compile(r"(?:[（(]\s*(\d{1,3})\s*[）)]|([⑴-⒇]))(?P<rest>.*)")),
    ("circled", re.compile(r"([①-⑳])\s*(?P<rest>.*)")),
    ("bare", re.compile(r"(\d{1,3})(?P<rest>)")),
)
LEVELS = {style: level for level, (style, _) in enumerate(_STYLES)}
# The style of two-digit numbers glued to their titles (01优化…, 02降低…): a numbering
# style only where the notice's lines start 01, 02 … in order (padded_numbering).
PADDED = "padded"
_PADDED_FIRST = re.compile(r"0([1-9])(?=[\u4e00-\u9fff“《])")
_PADDED_LEAST = 2


def padded_numbering(texts: Iterable[str]) -> bool:
    """Whether a notice numbers its items 01, 02 … glued to their titles, in order from 01.

    At least two lines must start so, the first 01 and each the next number: a
    lone 01 in running text, or numbers out of order, are no numbering.
    """
    values = [int(m[1]) for text in texts if (m := _PADDED_FIRST.match(text))]
    return len(values) >= _PADDED_LEAST and values == list(range(1, len(values) + 1))


@frozen
class Line:
    """A non-blank line of the source with its 1-based line number."""

    number: int
    text: str
    paged: bool = field(default=False, eq=False)  # page furniture was dropped just before it


@frozen
class Marker:
    """A task-number marker at the start of a line: ``(八)``, ``3.``."""

    style: str
    value: int
    rest: str

    @property
    def number(self) -> str:
        """The printed number without brackets: ``八``, ``3`` or ``第八条``."""
        if self.style == "article":
            return f"第{format_numeral(self.value)}条"
        chinese = self.style in ("dun", "paren")
        if self.style == PADDED:
            return f"{self.value:02d}"  # as printed: 01
        return format_numeral(self.value) if chinese else str(self.value)


def split_lines(text: str) -> list[Line]:
    """The non-blank lines, stripped, without page numbers, running headers or form feeds.

    A notice that lost its line breaks (a web page's text on one line) has that
    line cut where its paragraphs and numbered items begin (:func:`_run_on_parts`),
    so that it reads like the same notice with its breaks.
    """
    raws = text.replace("\ufeff", "").splitlines()
    size = sum(len(raw.strip()) for raw in raws)
    lines: list[Line] = []
    for number, raw in enumerate(raws, start=1):
        stripped = raw.replace("\x0c", " ").strip()
        parts = _run_on_parts(stripped) if len(stripped) * 2 >= size else [stripped]
        lines.extend(Line(number, part) for part in parts if part)
    return _without_furniture(lines)


# Numbered items run into one line: the markers a run-on line is cut before, by style
# (the same styles as :data:`_STYLES`, found inside a line rather than at its start).
_RUN_ON_MARKERS = re.compile(
    r"(?P<article>第([一二三四五六七八九十]{1,3})条(?=[\s、：:.．\u4e00-\u9fff]))"
    r"|(?P<paren>[（(]([一二三四五六七八九十]{1,3})[）)])"
    r"|(?P<aparen>[（(](\d{1,3})[）)])"
    r"|(?P<dun>([一二三四五六七八九十]{1,3})、)"
    r"|(?P<arabic>(\d{1,3})(?:[.．](?!\d)|、))"
    r"|(?P<circled>[①-⑳])"
)
# What ends a paragraph, sentence or label before a marker, or before a space that was a
# line break: 。1.…, ：（一）…, ）2.…, a space.
_RUN_ON_BOUNDARY = "。；;！!？?：:）)】]"
# A glued marker is no item after a list's separator or a number (一、二、三产业, 第二、三季度).
_RUN_ON_NOT_AFTER = re.compile(r"[、，,\d一二三四五六七八九十第]$")
_RUN_ON_REST = re.compile(r"[\u4e00-\u9fff“《（(A-Za-z0-9０-９]")  # an item's first character
# Styles whose item 1 may be glued to the heading before it (一、优化供应（一）放宽…).
_RUN_ON_GLUED_FIRST = ("paren", "aparen", "arabic")
_RUN_ON_SHORTEST = 200  # characters: a line shorter than this is never cut
_RUN_ON_MARKS = 3  # numbered items in sequence: fewer, and the line is one item's text
_RUN_ON_SKIP = 3  # items a cut may skip (a task dropped from the copy)


def _run_on_parts(text: str) -> list[str]:
    """A run-on line cut into its paragraphs and numbered items; a line as printed, whole.

    A line is run on when it is long, holds half the text or more and has
    numbered items in sequence inside it (1、 … 2、 … 3、, 一、 … （一） … 二、).
    A marker starts an item when it continues its style's sequence (the next
    number, or 1 again, or any number the next one follows when the copy starts
    mid-list) after a sentence's end, a label's colon, a closing
    bracket or a space; glued to the word before it (…金融机构二、实施…) only as
    the very next number, or as item 1 of （一）, （1） or 1. whose item 2 follows
    (一、优化供应（一）放宽…（二）…). A space after a sentence's end or a
    colon was a line break. Numbers inside a sentence (第一、二季度, 增长1、2个百分点)
    are no markers: nothing that ends a sentence is before them, and they do not
    go on from the number before.
    """
    if len(text) < _RUN_ON_SHORTEST:
        return [text]
    found: list[tuple[str, int, int, bool]] = []  # style, value, start, after a boundary
    for match in _RUN_ON_MARKERS.finditer(text):
        style = match.lastgroup or ""
        digits = (
            match.group(style) if style == "circled" else match.group((match.lastindex or 0) + 1)
        )
        value = _value(digits)
        rest = text[match.end() : match.end() + 2].lstrip()[:1]  # 1. 持续…: a space may follow
        if not match.start() or value is None or not _RUN_ON_REST.match(rest):
            continue
        before = text[: match.start()].rstrip()
        spaced = len(before) < match.start()
        if spaced or before[-1:] in _RUN_ON_BOUNDARY or not _RUN_ON_NOT_AFTER.search(before):
            found.append((style, value, match.start(), spaced or before[-1:] in _RUN_ON_BOUNDARY))
    cuts: set[int] = set()
    last: dict[str, int] = {}
    for index, (style, value, start, apart) in enumerate(found):
        previous = last.get(style)
        following = any(s == style and v == value + 1 for s, v, _, _ in found[index + 1 :])
        if apart and previous is None:
            ok = value == 1 or following  # a copy that starts mid-list (…。64.…65.…)
        elif apart:
            ok = value == 1 or (
                previous is not None and previous < value <= previous + _RUN_ON_SKIP
            )
        elif value == 1 and style in _RUN_ON_GLUED_FIRST:
            ok = following
        else:
            ok = previous is not None and value == previous + 1
        if ok:
            last[style] = value
            cuts.add(start)
    if len(cuts) < _RUN_ON_MARKS:
        return [text]
    for match in re.finditer(rf"(?<=[{re.escape(_RUN_ON_BOUNDARY)}])\s+", text):
        cuts.add(match.end())
    bounds = [0, *sorted(cuts), len(text)]
    return [text[a:b].strip() for a, b in itertools.pairwise(bounds) if text[a:b].strip()]


_RUNNING_LONGEST = 40  # characters of a running header or footer


def _may_run(text: str) -> bool:
    """Whether a line may be a running header or footer: short, no sentence, label or heading."""
    return (
        len(text) <= _RUNNING_LONGEST
        and not re.search(r"[。；;：:]", text)
        and classify_heading(text) is None
    )


def _without_furniture(lines: list[Line]) -> list[Line]:
    """Lines without page numbers and the running header or footer printed beside them.

    A PDF repeats its header (the issuer, the document's number) or footer at
    every page break, next to the page number: a short line found beside two
    page numbers or more is the page's, not the text's, wherever it falls (inside
    a table's heading or a task's unit list). Elsewhere (the title) it stays.
    The line after a page break is marked ``paged``: a table flattened one cell
    a line may have one cell broken there (:mod:`gzgk.parse.webtable`).
    """
    pages = sorted(
        {i for i, line in enumerate(lines) if _PAGE_NUMBER.fullmatch(line.text)} | _pages_of(lines)
    )
    beside: dict[tuple[int, str], set[int]] = {}
    for page in pages:
        for side in (-1, 1):
            near = page + side
            if 0 <= near < len(lines) and near not in pages:
                text = lines[near].text
                if _may_run(text):
                    beside.setdefault((side, text), set()).add(near)
    # beside half the page numbers or more, always on the same side, and hardly anywhere
    # else (the title once): a line the text repeats is the text's, and so is one it
    # lists after a colon or a separator (相关责任单位：各县（市、区）政府)
    counts = Counter(line.text for line in lines)
    running = {
        i
        for (_, text), found in beside.items()
        if len(found) >= max(2, (len(pages) + 1) // 2)
        and counts[text] - len(found) <= 1
        and not _listed(text, lines)
        for i in found
    }
    dropped = running | set(pages)
    kept: list[Line] = []
    for i, line in enumerate(lines):
        if i not in dropped:
            kept.append(evolve(line, paged=True) if i - 1 in dropped else line)
    return kept


def _pages_of(lines: list[Line]) -> set[int]:
    """Page numbers printed ``3/12`` (page 3 of 12) on lines of their own.

    A line ``3/12`` alone may be a figure or a date, once; the pages of one
    document are two or more such lines counting up to the same total.
    """
    found: dict[int, list[tuple[int, int]]] = {}
    for i, line in enumerate(lines):
        match = _PAGE_OF.fullmatch(line.text)
        if match and 0 < int(match[1]) <= int(match[2]):
            found.setdefault(int(match[2]), []).append((i, int(match[1])))
    return {
        i
        for pages in found.values()
        if len(pages) >= 2  # noqa: PLR2004 - one alone is no page count
        and all(a < b for (_, a), (_, b) in itertools.pairwise(pages))
        for i, _ in pages
    }


def _listed(text: str, lines: list[Line]) -> bool:
    """Whether a line lists a text after a colon or a separator, as a unit's name is listed."""
    listed = re.compile(rf"[：:、，,；;]\s*{re.escape(text)}")
    return any(listed.search(line.text) for line in lines)


# How the notice's own text turns to its recipients, after the tasks: 请…, 以上…, 特此通知.
_ADDRESS = ("请", "以上", "上述", "特此", "联系人", "联系电话", "此件", "附件")


def addresses_recipients(text: str) -> bool:
    """Whether a line speaks to the recipients (请于…前报送, 特此通知): no task's text."""
    return despace(text).startswith(_ADDRESS)


# The end matter of a document: the 抄送 line and the 印发 line, and a web page's
# footer (版权所有, ICP备…, 网站标识码, 技术支持：…): a short line, no sentence in it.
_END_MATTER = re.compile(
    r"抄送[:：].*|.*\d{4}年\d{1,2}月\d{1,2}日印发"
    rf"|(?=[^。；;]{{0,80}}$).*(?:{SITE_CHROME.pattern}).*"
)
# A note under a table: 注：…, 注1：…, 备注：…, 说明：….
_NOTE = re.compile(r"(?:注|备注|说明)\s*\d?\s*[:：]")
# A date on a line of its own (the 成文日期): 2024年3月5日, 二〇二四年三月五日.
_DATE_LINE = re.compile(
    r"(\d{4}|[〇零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日"
)


def is_end_matter(text: str) -> bool:
    """Whether a line is the document's end matter (抄送：…, ……印发, a web page's footer)."""
    return _END_MATTER.fullmatch(despace(text)) is not None


def is_note(text: str) -> bool:
    """Whether a line starts a note under a table (注：, 备注：, 说明：)."""
    return _NOTE.match(despace(text)) is not None


def is_date_line(text: str) -> bool:
    """Whether a line is only a date (the date a notice was signed)."""
    return _DATE_LINE.fullmatch(despace(text)) is not None


_SIGNATURE_LONGEST = 25


def signs(text: str, following: str) -> bool:
    """Whether a line is the issuer's name over the date it signed (落款), by the line after it.

    A short line, no sentence or list in it, right over a date of its own: the
    notice's end, never a task's unit (``XX市人民政府办公室`` / ``2024年3月15日``).
    """
    bare = despace(text)
    return (
        is_date_line(following)
        and 0 < len(bare) <= _SIGNATURE_LONGEST
        and re.search(r"[。；;，,：:、]", bare) is None
    )


def is_end(text: str) -> bool:
    """Whether a line ends the list or table it follows: 附件, 附表3, end matter, a date line."""
    return despace(text).startswith(("附件", "附表")) or is_end_matter(text) or is_date_line(text)


def despace(text: str) -> str:
    """Text without the spaces PDF extraction put next to Chinese characters."""
    return _PDF_SPACE.sub("", text).strip()


def despace_names(text: str) -> str:
    """Text without PDF spacing, but for a space between two whole names, which parts them.

    ``（牵头单位：自然资源部 工业和信息化部）`` keeps its space, as a list typed
    with spaces does; ``市 发 改 委``, ``各县（市、区） 人民政府`` and spaces in
    prose go, as :func:`despace` takes them.
    """

    def gap(match: re.Match[str]) -> str:
        before = _WORD_BEFORE.split(text[: match.start()])[-1]
        after = _WORD_AFTER.split(text[match.end() :])[0]
        return " " if _whole_name(before) and _whole_name(after) else ""

    return _PDF_SPACE.sub(gap, text).strip()


_WORD_BEFORE = re.compile(r"[\s：:，,；;、。（(]")
_WORD_AFTER = re.compile(r"[\s：:，,；;、。）)]")


def _whole_name(word: str) -> bool:
    """Whether a word is a whole unit name (市发改委), no piece of one (人民政府, 区）)."""
    return (
        len(word) > 2  # noqa: PLR2004 - a name of three characters or more
        and looks_like_name(word)
        and not word.startswith(("人民政府", "政府", "委员会"))
        and name_problem(word) is None
    )


def join_lines(lines: list[Line]) -> str:
    """The lines as one run of text: PDF line breaks and spacing removed."""
    return despace("".join(line.text for line in lines))


def _value(digits: str) -> int | None:
    """The value of a printed number: 12, 十二, ⑿, ⒓ or ⑫."""
    if "⑴" <= digits <= "⒇":
        return ord(digits) - ord("⑴") + 1
    if "⒈" <= digits <= "⒛":
        return ord(digits) - ord("⒈") + 1
    if "①" <= digits <= "⑳":
        return ord(digits) - ord("①") + 1
    if re.fullmatch(r"[0-9０-９]+", digits):  # 12, or a Chinese input method's full-width １２
        return int(digits)
    return parse_numeral(digits)


def match_marker(text: str, styles: tuple[str, ...] | None = None) -> Marker | None:
    """The numbering marker that starts a line, if any (of the given styles)."""
    for style, pattern in _STYLES:
        if (styles is None and style == PADDED) or (styles is not None and style not in styles):
            continue
        match = pattern.fullmatch(text)
        if match is None:
            continue
        digits = next(group for group in match.groups() if group is not None)
        value = _value(digits)
        if value is not None and value > 0:
            return Marker(style, value, match.group("rest").strip())
    return None
