"""What a Word or PDF notice holds for the parser: lines of text and tables, with places."""

from __future__ import annotations

from typing import Literal

from attrs import field, frozen

from gzgk.errors import GzgkError

__all__ = [
    "ConversionFailedError",
    "ConverterMissingError",
    "DocLine",
    "DocTable",
    "Document",
    "DocumentError",
    "PdfNoTextError",
]

DocumentKind = Literal["docx", "pdf"]


class DocumentError(GzgkError):
    """A document cannot be read (damaged, or not what its name says); Chinese message."""

    code = "document-unreadable"


class PdfNoTextError(DocumentError):
    """A PDF without a text layer (a scan): gzgk does no OCR."""

    code = "pdf-no-text"


class ConverterMissingError(DocumentError):
    """LibreOffice is needed to convert the file and is not installed."""

    code = "converter-missing"


class ConversionFailedError(DocumentError):
    """LibreOffice could not convert the file (or ran out of time)."""

    code = "conversion-failed"


@frozen
class DocLine:
    """A line of body text: a Word paragraph or a PDF text line, and where it is printed.

    Attributes:
        text: the text as printed (automatic numbering of Word lists rendered
            as it shows, e.g. ``（一）``).
        place: where, for messages: ``第3页`` (PDF), ``第12段`` (Word).
    """

    text: str
    place: str = ""


@frozen
class DocTable:
    """A table, merged cells filled with their text, each row with its place.

    Attributes:
        name: the table as users find it: ``表2`` (the second table of a Word
            file), ``第3页表1`` (PDF).
        rows: cell texts by row (None for empty cells); a cell merged over
            rows or columns gives its text to every cell it covers; a PDF
            row broken by a page break is one row.
        places: where each row is printed, one per row: ``表2 第5行``,
            ``第3页`` (the page a row starts on).
    """

    name: str
    rows: tuple[tuple[str | None, ...], ...]
    places: tuple[str, ...] = field()

    @places.validator
    def _check(self, _attribute: object, value: tuple[str, ...]) -> None:
        if len(value) != len(self.rows):
            raise ValueError("a DocTable needs one place per row")


@frozen
class Document:
    """A notice read from a Word or PDF file.

    Attributes:
        kind: ``docx`` or ``pdf`` (what was read, after any conversion).
        lines: the body text in reading order, tables left out.
        tables: the tables in order of appearance.
    """

    kind: DocumentKind
    lines: tuple[DocLine, ...] = ()
    tables: tuple[DocTable, ...] = ()
