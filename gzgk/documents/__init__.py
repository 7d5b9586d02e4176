"""Notices as clerks receive them: Word, PDF and older office files, read into a :class:`Document`.

A :class:`Document` is what the parser needs from any of them: the body text
as lines (paragraphs of a Word file, text lines of a PDF) and the tables,
merged cells filled, each line and row with the place it was printed
(``第3页``, ``表2 第5行``) for messages. :func:`gzgk.parse.document.parse_document`
reads a notice from it; the readers live here, apart from the core:

* :mod:`gzgk.documents.docx` — .docx with python-docx;
* :mod:`gzgk.documents.pdf` — PDF with pdfplumber (text layer; ruled tables);
* :mod:`gzgk.documents.convert` — .doc, .wps, .rtf, .xls, .et converted with
  LibreOffice headless to .docx/.xlsx;
* :mod:`gzgk.documents.detect` — what a file is, by its content.
"""

from __future__ import annotations

from gzgk.documents.model import (
    ConversionFailedError,
    ConverterMissingError,
    DocLine,
    DocTable,
    Document,
    DocumentError,
    PdfNoTextError,
)

__all__ = [
    "ConversionFailedError",
    "ConverterMissingError",
    "DocLine",
    "DocTable",
    "Document",
    "DocumentError",
    "PdfNoTextError",
]
