"""Read a printed PDF back: every glyph with its place, its printed size and whether it shows.

pdfplumber (pdfminer underneath) gives the glyphs of a page but ignores clipping paths, and
LibreOffice prints a cell's text whole and clips it to the cell: text cut off on paper is
still in the PDF. :func:`read_pdf` runs pdfminer's interpreter with the clipping rectangles
tracked (``re W n``, saved and restored with ``q``/``Q``), so each glyph knows whether it is
inside the area that is painted. Coordinates are pdfplumber's: points from the top left.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pdfplumber
from attrs import frozen
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.utils import apply_matrix_pt

__all__ = ["Glyph", "PrintedPage", "read_pdf"]

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF space (origin bottom left)
_EDGE = 0.08  # share of its size a glyph's em box may stick out of its clip with no ink cut
_NOWHERE: Box = (0.0, 0.0, 0.0, 0.0)


@frozen
class Glyph:
    """One printed character.

    Attributes:
        text: the character.
        x0, top, x1, bottom: its box in points from the page's top left.
        size: its printed size in points (font size times the scale it is drawn at).
        visible: whether it lies inside the page and the clipping area (else it is cut off).
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    visible: bool


@frozen
class PrintedPage:
    """One page of a PDF.

    Attributes:
        number: 1-based.
        width, height: in points.
        glyphs: every glyph in content-stream order (visible or not).
        images: how many pictures the page draws.
        paths: how many lines, rectangles and curves it strokes or fills.
    """

    number: int
    width: float
    height: float
    glyphs: tuple[Glyph, ...]
    images: int
    paths: int

    @property
    def shown(self) -> tuple[Glyph, ...]:
        """The glyphs that show on paper."""
        return tuple(glyph for glyph in self.glyphs if glyph.visible)


def _intersect(first: Box, second: Box) -> Box:
    x0, y0 = max(first[0], second[0]), max(first[1], second[1])
    x1, y1 = min(first[2], second[2]), min(first[3], second[3])
    return (x0, y0, x1, y1) if x0 < x1 and y0 < y1 else _NOWHERE


class _Recorder(PDFPageAggregator):  # type: ignore[misc]
    """pdfminer's aggregator, noting the clip in force when each glyph is drawn."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clip: Box | None = None
        self.records: list[tuple[LTChar, Box | None, float]] = []
        self.images = 0
        self.paths = 0

    def render_image(self, name: str, stream: Any) -> None:
        self.images += 1
        super().render_image(name, stream)

    def paint_path(self, gstate: Any, stroke: bool, fill: bool, evenodd: bool, path: Any) -> None:
        if fill or stroke:
            self.paths += 1
        super().paint_path(gstate, stroke, fill, evenodd, path)

    def render_char(self, matrix: Any, font: Any, fontsize: float, *args: Any) -> float:
        advance = super().render_char(matrix, font, fontsize, *args)
        glyph = self.cur_item._objs[-1]
        a, b, c, d = matrix[:4]
        self.records.append((glyph, self.clip, fontsize * math.sqrt(abs(a * d - b * c))))
        return float(advance)


class _Interpreter(PDFPageInterpreter):  # type: ignore[misc]
    """pdfminer's interpreter with clipping rectangles kept in the graphics state."""

    device: _Recorder

    def init_state(self, ctm: Any) -> None:
        super().init_state(ctm)
        self.clips: list[Box | None] = []
        self.pending: Box | None = None

    def do_q(self) -> None:
        super().do_q()
        self.clips.append(self.device.clip)

    def do_Q(self) -> None:  # noqa: N802 - pdfminer's operator names
        super().do_Q()
        if self.clips:
            self.device.clip = self.clips.pop()

    def _path_box(self) -> Box:
        points = [
            apply_matrix_pt(self.ctm, (float(segment[-2]), float(segment[-1])))
            for segment in self.curpath
            if len(segment) >= 3
        ]
        if not points:
            return _NOWHERE
        xs, ys = [x for x, _ in points], [y for _, y in points]
        return (min(xs), min(ys), max(xs), max(ys))

    def do_W(self) -> None:  # noqa: N802
        self.pending = self._path_box()

    def do_W_a(self) -> None:  # noqa: N802
        self.pending = self._path_box()

    def do_n(self) -> None:
        if self.pending is not None:
            current = self.device.clip
            self.device.clip = (
                self.pending if current is None else _intersect(current, self.pending)
            )
            self.pending = None
        super().do_n()

    def do_Do(self, xobjid: Any) -> None:  # noqa: N802
        clip = self.device.clip  # a form XObject runs inside a saved graphics state
        try:
            super().do_Do(xobjid)
        finally:
            self.device.clip = clip


def _visible(glyph: LTChar, clip: Box | None, page: Box, size: float) -> bool:
    area = page if clip is None else _intersect(clip, page)
    edge = max(0.5, _EDGE * size)
    return (
        glyph.x0 >= area[0] - edge
        and glyph.y0 >= area[1] - edge
        and glyph.x1 <= area[2] + edge
        and glyph.y1 <= area[3] + edge
    )


def _read_page(pdf: Any, page: Any, number: int) -> PrintedPage:
    device = _Recorder(pdf.rsrcmgr, pageno=number)
    interpreter = _Interpreter(pdf.rsrcmgr, device)
    interpreter.process_page(page.page_obj)
    x0, y0, x1, y1 = (float(value) for value in page.page_obj.mediabox)
    box = (x0, y0, x1, y1)
    height = y1 - y0
    glyphs = tuple(
        Glyph(
            text=glyph.get_text(),
            x0=glyph.x0 - x0,
            top=height - (glyph.y1 - y0),
            x1=glyph.x1 - x0,
            bottom=height - (glyph.y0 - y0),
            size=round(size, 2),
            visible=_visible(glyph, clip, box, size),
        )
        for glyph, clip, size in device.records
    )
    return PrintedPage(
        number=number,
        width=x1 - x0,
        height=height,
        glyphs=glyphs,
        images=device.images,
        paths=device.paths,
    )


def read_pdf(path: Path) -> tuple[PrintedPage, ...]:
    """Every page of a PDF with its glyphs (clipping applied) and how much it draws."""
    with pdfplumber.open(path) as pdf:
        pages: Sequence[Any] = pdf.pages
        return tuple(_read_page(pdf, page, number) for number, page in enumerate(pages, 1))
