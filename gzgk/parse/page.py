"""A web page's source (or a database dump of one) as the plain lines the text parser reads.

The page is parsed by lxml's HTML parser (no network, no DTD): scripts,
styles and comments go, entities are decoded, a block element (``<p>``,
``<div>``, ``<li>``, ``<h1>``, ``<br>`` …) starts a line, and runs of
whitespace inside a block are one space. Each block starts no earlier than
its line in the source, so line numbers in messages stay those of the source
where they can.

A data table becomes ``|`` rows, the form :mod:`gzgk.parse.webtable` reads,
with the page's structure kept: a cell spanning rows or columns is repeated
in every position it covers (as a spreadsheet reader fills merged cells), a
line break inside a cell stays one (``<br>`` between names separates them),
and every row has as many cells as the table is wide. A short block holding
the site's words (版权所有, ICP备, 网站标识码 …) is the page's footer and goes,
its 主办单位：… 承办单位：… lines with it. A table that holds
another table, or has a single column, lays the page out rather than holding
data: its cells are read as blocks.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from gzgk.lexicon.names import SITE_CHROME

__all__ = ["is_html", "page_text"]

_BLOCK_TAG = re.compile(r"<(?:/?(?:p|div|tr|li|ul|ol|table|h[1-6])|br)\b", re.IGNORECASE)
_HTML_MIN_TAGS = 3
_SCAN = 200_000
_BLOCKS = frozenset(
    (
        "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
        "article", "blockquote", "pre", "dd", "dt", "dl", "center", "header", "footer",
        "main", "nav", "form", "hr", "address", "figure", "figcaption", "caption", "tr",
        "td", "th", "thead", "tbody", "tfoot", "table",
    )
)  # fmt: skip
_SKIPPED = frozenset(("script", "style", "head", "title", "noscript", "template"))
_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_SPAN_MAX = 1000  # rows or columns one cell may span (a page's mistake is not a grid's size)
# A page's footer: a short block holding the site's words (版权所有, ICP备, 网站标识码 …).
_FOOTER_MAX = 400


def is_html(text: str) -> bool:
    """Whether a text is a page's HTML: three block tags or more near its start."""
    return len(_BLOCK_TAG.findall(text, 0, _SCAN)) >= _HTML_MIN_TAGS


def page_text(text: str) -> str:
    """The lines of a page, its data tables as ``|`` rows (see the module's description)."""
    parser = lxml_html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True
    )
    root = lxml_html.document_fromstring(text.encode("utf-8"), parser=parser)
    writer = _Writer()
    body = root.find("body")
    writer.element(body if body is not None else root)
    writer.flush()
    return "\n".join(writer.lines) + "\n"


class _Writer:
    """Lines written from the page's elements, in document order."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []

    def flush(self) -> None:
        line = _SPACE.sub(" ", "".join(self.current)).strip()
        if line:
            self.lines.append(line)
        self.current = []

    def start(self, element: etree._Element) -> None:
        """A block starts: a new line, no earlier than the block's line in the source."""
        self.flush()
        source_line = getattr(element, "sourceline", None)
        source_line = source_line if isinstance(source_line, int) else 0
        if len(self.lines) < source_line - 1:
            self.lines += [""] * (source_line - 1 - len(self.lines))

    def element(self, element: etree._Element) -> None:
        tag = str(element.tag)  # a comment or processing instruction was removed by the parser
        if tag in _SKIPPED:
            self.text(element.tail)
            return
        block = tag in _BLOCKS
        if block and _is_footer(element):
            self.text(element.tail)  # 主办单位：… 承办单位：… 版权所有：…: the site's, no task's
            return
        if tag == "table" and _is_data(element):
            self.start(element)
            self.lines += [line for cells in _grid(element) for line in _row(cells).split("\n")]
        else:
            if block:
                self.start(element)
            if tag == "br":
                self.flush()
            self.text(element.text)
            for child in element:
                self.element(child)
            if block:
                self.flush()
        self.text(element.tail)

    def text(self, text: str | None) -> None:
        if text:
            self.current.append(text)


def _is_footer(element: etree._Element) -> bool:
    """Whether a block is the page's footer: short, and holding the site's words."""
    text = "".join(str(piece) for piece in element.itertext())
    return len(text) <= _FOOTER_MAX and SITE_CHROME.search(text) is not None


def _is_data(table: etree._Element) -> bool:
    """Whether a table holds data: no table inside it, and two columns or more."""
    if table.find(".//table") is not None:
        return False
    return any(len(row) >= 2 for row in _rows(table))  # noqa: PLR2004 - two columns


def _rows(table: etree._Element) -> list[list[etree._Element]]:
    """The table's rows (in thead, tbody, tfoot or not), each its td and th cells."""
    rows = [
        row
        for child in table
        for row in ([child] if child.tag == "tr" else list(child))
        if row.tag == "tr" and child.tag in ("tr", "thead", "tbody", "tfoot")
    ]
    return [[cell for cell in row if cell.tag in ("td", "th")] for row in rows]


def _span(cell: etree._Element, name: str) -> int:
    value = str(cell.get(name) or "1").strip()
    return min(int(value), _SPAN_MAX) if value.isdigit() and int(value) > 0 else 1


def _grid(table: etree._Element) -> list[list[str]]:
    """The table's cells by row and column, a spanning cell repeated where it spans."""
    rows = _rows(table)
    taken: dict[tuple[int, int], str] = {}
    for index, cells in enumerate(rows):
        column = 0
        for cell in cells:
            while (index, column) in taken:
                column += 1
            text = _cell_text(cell)
            for down in range(min(_span(cell, "rowspan"), len(rows) - index)):
                for across in range(_span(cell, "colspan")):
                    taken.setdefault((index + down, column + across), text)
            column += _span(cell, "colspan")
    width = max((column for _, column in taken), default=-1) + 1
    return [
        [taken.get((index, column), "") for column in range(width)] for index in range(len(rows))
    ]


def _cell_text(cell: etree._Element) -> str:
    """A cell's text: its lines (``<br>``, ``<p>`` inside) kept, spaces collapsed, no ``|``."""
    writer = _Writer()
    writer.text(cell.text)
    for child in cell:
        writer.element(child)
    writer.flush()
    return "\n".join(line for line in writer.lines if line).replace("|", "｜")


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
