"""Run spreadsheet and text-document operations in a running LibreOffice through UNO.

This script is the UNO half of the test harness in ``libreoffice.py``. Debian's ``python3-uno``
only works with Debian's own interpreter, so it runs under ``/usr/bin/python3`` in a subprocess,
never inside the project's virtual environment::

    /usr/bin/python3 lo_driver.py PIPE_NAME JOB.json RESULT.json

``JOB.json`` is a list of operations, or an object ``{"ops": [...], "connect_timeout": 10}``.
The driver connects to the ``soffice`` that listens on the named pipe, runs the operations in
order and writes one JSON result per operation to ``RESULT.json`` (``null`` for operations that
return nothing). On any failure it writes ``{"error": TRACEBACK, "op_index": I, "op": OP,
"results": [...done so far]}`` instead and exits with status 1 (3 when it could not connect).

A document stays "current" only within one job: ``open`` makes it current, and a document that
is still open when the job ends (or fails) is closed without saving.

Operations (``sheet`` is a sheet name, ``cell`` an A1 address such as ``"G7"``, rows are 1-based,
paths are absolute):

* ``{"op": "open", "path": P}``: load a workbook hidden.
* ``{"op": "close"}``: close the current workbook without saving.
* ``{"op": "set", "sheet", "cell", "value"}``: API write. A string is stored literally as text
  (``"=1+1"`` stays text; a string that looks like a number also gets the text format ``@``),
  a number as a number, ``null`` clears the cell. Ignores protection.
* ``{"op": "type", "sheet", "cell", "text"[, "strict"]}``: what a user typing ``text`` and
  pressing Enter gets (see ``_op_type``). Returns the cell like ``get`` plus ``"refused"``.
* ``{"op": "get", "sheet", "cell"}`` -> ``{"string", "value", "formula", "type", "error",
  "format"}``.
* ``{"op": "delete_rows" | "insert_rows", "sheet", "row", "count"}``.
* ``{"op": "protect" | "unprotect", "sheet", "password"}``: a wrong password fails.
* ``{"op": "recalc"}``: recalculate all formulas.
* ``{"op": "sheets"}`` -> ``[{"name", "visible", "protected"}, ...]``.
* ``{"op": "sheet_pages"}`` -> ``[{"name", "visible", "pages"}, ...]``: how many pages each sheet
  prints on, in order (a PDF of the workbook holds the visible sheets' pages one after the other).
* ``{"op": "charts", "sheet"}`` -> ``[{"name", "diagram", "series", "ranges"}, ...]``: the charts
  LibreOffice loaded on a sheet.
* ``{"op": "save_xlsx" | "save_pdf", "path": P}``: store a copy (overwrites); ``save_pdf``
  exports a spreadsheet with ``calc_pdf_Export`` and a text document with ``writer_pdf_Export``.
* ``{"op": "validation", "sheet", "cell"}`` -> the cell's data validation as LibreOffice sees it.
* ``{"op": "invalid_cells", "sheet"}`` -> addresses LibreOffice's "Mark Invalid Data" circles.
* ``{"op": "basic_modules"}`` -> ``{library: {module: source}}``: the Basic libraries of the
  current document. An Excel file's VBA project arrives as the library named after the project
  (e.g. ``VBAProject``), each module's source starting ``Option VBASupport 1``.
* ``{"op": "form_controls", "sheet"}`` -> ``[{"name", "label", "type", "events"}, ...]``: the
  form controls on a sheet (e.g. Forms buttons) and the macros their events are bound to.
* ``{"op": "terminate"}``: shut LibreOffice down.
* ``{"op": "crash", "path"}``: end this driver with SIGSEGV, unless ``path`` exists; creates
  ``path`` first when ``"once"`` is true (for the harness's own tests of a crashing client).

Text documents (Writer; ``.docx``, ``.odt``, ...):

* ``{"op": "open_text", "path": P}``: load a text document hidden (``close`` and ``save_pdf``
  work on it as on a workbook).
* ``{"op": "paragraphs"}`` -> one item per top-level block of the body, in order: a paragraph as
  ``{"text", "style", "outline", "font", "font_asian", "size", "size_asian", "bold"}`` (``style``
  is the programmatic name, e.g. ``"Heading 1"`` whatever the UI language; ``font`` and
  ``font_asian`` are the Western and Asian font names at the paragraph's start, ``bold`` whether
  its first character is bold), a table as ``{"table": [[cell text, ...], ...]}`` (rows of a
  table without merged cells).
* ``{"op": "page_count"}`` -> the number of pages after layout.
* ``{"op": "insert_paragraph", "text": T}``: type ``T`` as a new paragraph at the start, as a user
  adding a line would.
* ``{"op": "save_docx", "path": P}``: save the document as Word (``.docx``) there, as a user
  pressing Save (Keep current format) does: the document's properties are updated as on a save.
* ``{"op": "page"}`` -> the page style of the first page: ``{"name", "width", "height", "top",
  "bottom", "left", "right", "footer"}`` (lengths in 1/100 mm, ``footer`` whether it has one).
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.lang import DisposedException

XLSX_FILTER = "Calc MS Excel 2007 XML"
PDF_FILTER = "calc_pdf_Export"
TEXT_PDF_FILTER = "writer_pdf_Export"
DOCX_FILTER = "MS Word 2007 XML"
PARAGRAPH_BREAK = 0  # com.sun.star.text.ControlCharacter.PARAGRAPH_BREAK
TEXT_DOCUMENT = "com.sun.star.text.TextDocument"

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_NO_CONNECTION = 3

_CELL_NAME = re.compile(r"([A-Za-z]{1,3})([1-9][0-9]*)")
# com.sun.star.sheet.CellFlags VALUE | DATETIME | STRING | FORMULA: what the Delete key removes.
_CONTENT_FLAGS = 1 | 2 | 4 | 16


class DriverError(Exception):
    """A job that cannot be run as written (bad operation, missing sheet or file, ...)."""


def _props(**values: Any) -> tuple[Any, ...]:
    """Build a UNO ``PropertyValue`` sequence from keyword arguments."""
    props = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name = name
        prop.Value = value
        props.append(prop)
    return tuple(props)


def _column_letters(index: int) -> str:
    """Turn a 0-based column index into letters (0 -> ``A``, 26 -> ``AA``)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class Session:
    """One connection to LibreOffice and the job's current document."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        smgr = ctx.ServiceManager
        self.desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        self.doc: Any = None

    def require_doc(self) -> Any:
        """Return the current document, or fail when no ``open`` came first."""
        if self.doc is None:
            raise DriverError("no document is open: start the job with an 'open' operation")
        return self.doc

    def sheet(self, op: dict[str, Any]) -> Any:
        """Return the sheet named by ``op["sheet"]`` in the current document."""
        sheets = self.require_doc().Sheets
        name = op["sheet"]
        if not sheets.hasByName(name):
            raise DriverError(f"no sheet {name!r}; sheets: {list(sheets.ElementNames)}")
        return sheets.getByName(name)

    def cell(self, op: dict[str, Any]) -> tuple[Any, Any]:
        """Return ``(sheet, cell)`` for ``op["sheet"]`` and ``op["cell"]``."""
        sheet = self.sheet(op)
        name = op["cell"]
        if not isinstance(name, str) or not _CELL_NAME.fullmatch(name):
            raise DriverError(f"not a single-cell A1 address: {name!r}")
        return sheet, sheet.getCellRangeByName(name.upper())

    def close_doc(self) -> None:
        """Close the current document without saving, if there is one."""
        doc, self.doc = self.doc, None
        if doc is not None:
            doc.close(True)


def _describe(doc: Any, cell: Any) -> dict[str, Any]:
    """Return what LibreOffice holds in ``cell``."""
    number_format = doc.NumberFormats.getByKey(cell.NumberFormat)
    return {
        "string": cell.getString(),
        "value": cell.getValue(),
        "formula": cell.getFormula(),
        "type": str(cell.getType().value),
        "error": cell.getError(),
        "format": number_format.FormatString if number_format is not None else None,
    }


def _absolute_path(op: dict[str, Any]) -> Path:
    """Return ``op["path"]``, which must be absolute."""
    path = Path(op["path"])
    if not path.is_absolute():
        raise DriverError(f"path must be absolute: {path}")
    return path


def _load(session: Session, op: dict[str, Any], service: str, kind: str) -> None:
    """Load ``op["path"]`` hidden as the current document, which must support ``service``."""
    path = _absolute_path(op)
    if not path.is_file():
        raise DriverError(f"no such file: {path}")
    session.close_doc()
    no_update = uno.getConstantByName("com.sun.star.document.UpdateDocMode.NO_UPDATE")
    doc = session.desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(str(path)),
        "_blank",
        0,
        _props(Hidden=True, UpdateDocMode=no_update),
    )
    if doc is None:
        raise DriverError(f"LibreOffice could not load {path}")
    if not doc.supportsService(service):
        doc.close(True)
        raise DriverError(f"not a {kind}: {path}")
    session.doc = doc


def _op_open(session: Session, op: dict[str, Any]) -> None:
    _load(session, op, "com.sun.star.sheet.SpreadsheetDocument", "spreadsheet")


def _op_open_text(session: Session, op: dict[str, Any]) -> None:
    _load(session, op, TEXT_DOCUMENT, "text document")


def _text_doc(session: Session) -> Any:
    """Return the current document, which must be a text document."""
    doc = session.require_doc()
    if not doc.supportsService(TEXT_DOCUMENT):
        raise DriverError("the current document is not a text document: open it with 'open_text'")
    return doc


def _table_rows(table: Any) -> list[list[str]]:
    """Return the text of every cell of a text table without merged cells, row by row."""
    rows, columns = table.getRows().getCount(), table.getColumns().getCount()
    return [
        [table.getCellByPosition(column, row).getString() for column in range(columns)]
        for row in range(rows)
    ]


def _op_paragraphs(session: Session, op: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = []
    enumeration = _text_doc(session).Text.createEnumeration()
    while enumeration.hasMoreElements():
        block = enumeration.nextElement()
        if block.supportsService("com.sun.star.text.TextTable"):
            blocks.append({"table": _table_rows(block)})
            continue
        start = block.getStart()
        blocks.append(
            {
                "text": block.getString(),
                "style": block.ParaStyleName,
                "outline": block.OutlineLevel,
                "font": start.CharFontName,
                "font_asian": start.CharFontNameAsian,
                "size": start.CharHeight,
                "size_asian": start.CharHeightAsian,
                "bold": start.CharWeight > 100,  # com.sun.star.awt.FontWeight.NORMAL is 100
            }
        )
    return blocks


def _op_page_count(session: Session, op: dict[str, Any]) -> int:
    doc = _text_doc(session)
    doc.refresh()
    return int(doc.getCurrentController().PageCount)


def _op_insert_paragraph(session: Session, op: dict[str, Any]) -> None:
    text = _text_doc(session).Text
    start = text.getStart()
    text.insertString(start, str(op["text"]), False)
    text.insertControlCharacter(start, PARAGRAPH_BREAK, False)


def _op_save_docx(session: Session, op: dict[str, Any]) -> None:
    path = _absolute_path(op)
    _text_doc(session).storeAsURL(
        uno.systemPathToFileUrl(str(path)), _props(FilterName=DOCX_FILTER, Overwrite=True)
    )


def _op_page(session: Session, op: dict[str, Any]) -> dict[str, Any]:
    doc = _text_doc(session)
    name = doc.Text.createTextCursor().PageStyleName
    style = doc.StyleFamilies.getByName("PageStyles").getByName(name)
    return {
        "name": name,
        "width": style.Width,
        "height": style.Height,
        "top": style.TopMargin,
        "bottom": style.BottomMargin,
        "left": style.LeftMargin,
        "right": style.RightMargin,
        "footer": bool(style.FooterIsOn),
    }


def _op_close(session: Session, op: dict[str, Any]) -> None:
    session.require_doc()
    session.close_doc()


def _op_set(session: Session, op: dict[str, Any]) -> None:
    _sheet, cell = session.cell(op)
    value = op["value"]
    if value is None:
        cell.clearContents(_CONTENT_FLAGS)
    elif isinstance(value, str):
        cell.setString(value)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        cell.setValue(value)
    else:
        raise DriverError(f"'set' takes a string, a number or null, not {value!r}")


def _op_type(session: Session, op: dict[str, Any]) -> dict[str, Any]:
    """Type ``op["text"]`` into a cell the way a user would, and return the cell like ``get``.

    The text goes through the cell's ``FormulaLocal`` property, which runs Calc's own input
    parsing (``ScDocument::SetString``), as typing in the UI does:

    * ``=...`` is a formula in the UI syntax (English function names, ``,`` separators for the
      en-US and zh-CN locales).
    * Numbers, dates, times, percentages and booleans are recognised in the profile's locale and
      the cell picks up the matching number format, as in the UI; a leading apostrophe forces
      text. A cell formatted as text (``@``) keeps the input literally, as in the UI.

    Unlike the UI:

    * A formula with a syntax error is stored with its ``Err:5xx`` error (the UI first offers an
      autocorrection in a dialog).
    * ``+...`` or ``-...`` that is not a number stays text (``-待定``, but also ``+1+2`` and
      ``-A1``, which the UI turns into formulas).
    * Data validation is not enforced (as for pasted values); ``invalid_cells`` reports what
      LibreOffice considers invalid. AutoCorrect and AutoInput (completion) are not applied.

    As in the UI, a hidden sheet or a locked cell on a protected sheet refuses the input: the
    cell is left unchanged and ``"refused"`` is ``"hidden"`` or ``"protected"`` (else ``None``);
    with ``"strict": true`` in the operation, a refusal fails the job instead.
    """
    sheet, cell = session.cell(op)
    text = op["text"]
    if not isinstance(text, str):
        raise DriverError(f"'type' takes a string, not {text!r}; use 'set' for numbers")
    refused = None
    if not sheet.IsVisible:
        refused = "hidden"
    elif sheet.isProtected() and cell.CellProtection.IsLocked:
        refused = "protected"
    else:
        cell.setPropertyValue("FormulaLocal", text)
    if refused and op.get("strict"):
        raise DriverError(f"{op['sheet']}!{op['cell']} refused the input ({refused})")
    return {**_describe(session.require_doc(), cell), "refused": refused}


def _op_get(session: Session, op: dict[str, Any]) -> dict[str, Any]:
    _sheet, cell = session.cell(op)
    return _describe(session.require_doc(), cell)


def _rows_args(op: dict[str, Any]) -> tuple[int, int]:
    """Return the 0-based start row and the count of a row operation."""
    row, count = op["row"], op.get("count", 1)
    if not isinstance(row, int) or row < 1 or not isinstance(count, int) or count < 1:
        raise DriverError(f"row must be >= 1 and count >= 1, not row={row!r} count={count!r}")
    return row - 1, count


def _op_delete_rows(session: Session, op: dict[str, Any]) -> None:
    start, count = _rows_args(op)
    session.sheet(op).getRows().removeByIndex(start, count)


def _op_insert_rows(session: Session, op: dict[str, Any]) -> None:
    start, count = _rows_args(op)
    session.sheet(op).getRows().insertByIndex(start, count)


def _op_protect(session: Session, op: dict[str, Any]) -> None:
    session.sheet(op).protect(op["password"])


def _op_unprotect(session: Session, op: dict[str, Any]) -> None:
    session.sheet(op).unprotect(op["password"])


def _op_recalc(session: Session, op: dict[str, Any]) -> None:
    session.require_doc().calculateAll()


def _op_sheets(session: Session, op: dict[str, Any]) -> list[dict[str, Any]]:
    sheets = session.require_doc().Sheets
    return [
        {"name": sheet.Name, "visible": bool(sheet.IsVisible), "protected": sheet.isProtected()}
        for sheet in (sheets.getByIndex(index) for index in range(sheets.getCount()))
    ]


def _op_charts(session: Session, op: dict[str, Any]) -> list[dict[str, Any]]:
    """The charts of one sheet: name, kind of diagram, series count and the ranges they read."""
    charts = session.sheet(op).getCharts()
    found = []
    for index in range(charts.getCount()):
        chart = charts.getByIndex(index)
        document = chart.getEmbeddedObject()
        ranges = [
            f"{address.Sheet}:{address.StartColumn},{address.StartRow}-"
            f"{address.EndColumn},{address.EndRow}"
            for address in chart.getRanges()
        ]
        found.append(
            {
                "name": chart.getName(),
                "diagram": document.getDiagram().getDiagramType(),
                "series": len(
                    document.getFirstDiagram()
                    .getCoordinateSystems()[0]
                    .getChartTypes()[0]
                    .getDataSeries()
                ),
                "ranges": ranges,
            }
        )
    return found


def _store(session: Session, op: dict[str, Any], filter_name: str) -> None:
    """Store a copy of the current document with ``filter_name``."""
    path = _absolute_path(op)
    if not path.parent.is_dir():
        raise DriverError(f"no such directory: {path.parent}")
    session.require_doc().storeToURL(
        uno.systemPathToFileUrl(str(path)), _props(FilterName=filter_name, Overwrite=True)
    )


def _op_save_xlsx(session: Session, op: dict[str, Any]) -> None:
    _store(session, op, XLSX_FILTER)


def _op_save_pdf(session: Session, op: dict[str, Any]) -> None:
    text = session.require_doc().supportsService(TEXT_DOCUMENT)
    _store(session, op, TEXT_PDF_FILTER if text else PDF_FILTER)


def _op_validation(session: Session, op: dict[str, Any]) -> dict[str, Any]:
    _sheet, cell = session.cell(op)
    validation = cell.getPropertyValue("Validation")
    return {
        "type": str(validation.Type.value),
        "operator": str(validation.getOperator().value),
        "formula1": validation.getFormula1(),
        "formula2": validation.getFormula2(),
        "ignore_blank": bool(validation.IgnoreBlankCells),
        "show_list": int(validation.ShowList),
        "show_error": bool(validation.ShowErrorMessage),
        "error_style": str(validation.ErrorAlertStyle.value),
        "error_title": validation.ErrorTitle,
        "error_message": validation.ErrorMessage,
        "show_input": bool(validation.ShowInputMessage),
        "input_title": validation.InputTitle,
        "input_message": validation.InputMessage,
    }


def _op_invalid_cells(session: Session, op: dict[str, Any]) -> list[str]:
    sheet = session.sheet(op)
    page = sheet.DrawPage
    before = page.getCount()
    sheet.showInvalid()
    found = set()
    for index in range(before, page.getCount()):
        anchor = page.getByIndex(index).Anchor
        if anchor is not None and hasattr(anchor, "getCellAddress"):
            address = anchor.getCellAddress()
            found.add((address.Row, address.Column))
    sheet.clearArrows()
    return [f"{_column_letters(column)}{row + 1}" for row, column in sorted(found)]


def _op_basic_modules(session: Session, op: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Every Basic library of the current document: ``{library: {module: source}}``.

    A workbook's VBA project arrives as the library named after the project (``VBAProject``
    unless renamed), beside an empty ``Standard``. Loading a library reads its source and runs
    nothing: the fresh profile's default macro security does not hide it.
    """
    libraries = session.require_doc().BasicLibraries
    found: dict[str, dict[str, str]] = {}
    for name in libraries.getElementNames():
        if not libraries.isLibraryLoaded(name):
            libraries.loadLibrary(name)
        library = libraries.getByName(name)
        found[name] = {module: library.getByName(module) for module in library.getElementNames()}
    return found


def _op_form_controls(session: Session, op: dict[str, Any]) -> list[dict[str, Any]]:
    """The form controls drawn on a sheet, with the macros their events run.

    Each is ``{"name", "label", "type", "events": [{"listener", "method", "script_type",
    "script"}]}``: ``type`` is the control model's service (e.g. ``CommandButton``), ``script``
    the macro URL LibreOffice bound, e.g. ``vnd.sun.star.script:Standard.gzgk.Run?...``.
    """
    page = session.sheet(op).DrawPage
    controls = []
    for index in range(page.getCount()):
        shape = page.getByIndex(index)
        if not shape.supportsService("com.sun.star.drawing.ControlShape"):
            continue
        model = shape.getControl()
        form = model.getParent()
        position = next(i for i in range(form.getCount()) if form.getByIndex(i) == model)
        controls.append(
            {
                "name": model.Name,
                "label": getattr(model, "Label", None),
                "type": model.getServiceName().rsplit(".", 1)[-1],
                "events": [
                    {
                        "listener": event.ListenerType,
                        "method": event.EventMethod,
                        "script_type": event.ScriptType,
                        "script": event.ScriptCode,
                    }
                    for event in form.getScriptEvents(position)
                ],
            }
        )
    return controls


def _op_sheet_pages(session: Session, op: dict[str, Any]) -> list[dict[str, Any]]:
    """Every sheet, whether it is visible and how many pages it prints on (as the printer sees)."""
    doc = session.require_doc()
    sheets = doc.Sheets
    found = []
    for index in range(sheets.getCount()):
        sheet = sheets.getByIndex(index)
        count = doc.getRendererCount(sheet, _props(IsPrinter=True))
        found.append({"name": sheet.Name, "visible": bool(sheet.IsVisible), "pages": count})
    return found


def _op_terminate(session: Session, op: dict[str, Any]) -> bool:
    session.close_doc()
    try:
        return bool(session.desktop.terminate())
    except DisposedException:
        return True  # the bridge went away because LibreOffice is shutting down


def _op_crash(_session: Session, op: dict[str, Any]) -> bool:
    marker = Path(op["path"])
    if marker.exists():
        return True
    if op.get("once"):
        marker.touch()
    os.kill(os.getpid(), signal.SIGSEGV)
    return False  # not reached


Operation = Callable[[Session, dict[str, Any]], Any]

OPERATIONS: dict[str, Operation] = {
    "open": _op_open,
    "close": _op_close,
    "set": _op_set,
    "type": _op_type,
    "get": _op_get,
    "delete_rows": _op_delete_rows,
    "insert_rows": _op_insert_rows,
    "protect": _op_protect,
    "unprotect": _op_unprotect,
    "recalc": _op_recalc,
    "sheets": _op_sheets,
    "charts": _op_charts,
    "save_xlsx": _op_save_xlsx,
    "save_pdf": _op_save_pdf,
    "validation": _op_validation,
    "invalid_cells": _op_invalid_cells,
    "basic_modules": _op_basic_modules,
    "form_controls": _op_form_controls,
    "terminate": _op_terminate,
    "crash": _op_crash,
    "sheet_pages": _op_sheet_pages,
    "open_text": _op_open_text,
    "paragraphs": _op_paragraphs,
    "page_count": _op_page_count,
    "page": _op_page,
    "insert_paragraph": _op_insert_paragraph,
    "save_docx": _op_save_docx,
}


def _handler(op: Any) -> Operation:
    """Return the function that runs ``op``."""
    handler = OPERATIONS.get(op.get("op", "")) if isinstance(op, dict) else None
    if handler is None:
        raise DriverError(f"unknown operation {op!r}; known: {sorted(OPERATIONS)}")
    return handler


def _resolve(resolver: Any, url: str) -> Any:
    """Return the object at ``url``, or ``None`` while LibreOffice does not accept connections."""
    try:
        return resolver.resolve(url)
    except NoConnectException:
        return None


def connect(pipe_name: str, timeout: float) -> Any:
    """Return the remote component context, retrying until ``timeout`` seconds have passed.

    Raises:
        NoConnectException: Nothing accepted the connection in time.
    """
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    url = f"uno:pipe,name={pipe_name};urp;StarOffice.ComponentContext"
    deadline = time.monotonic() + timeout
    while (ctx := _resolve(resolver, url)) is None:
        if time.monotonic() >= deadline:
            return resolver.resolve(url)  # one last try, which raises NoConnectException
        time.sleep(0.1)
    return ctx


def _write(path: Path, payload: Any) -> None:
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")


def main(argv: list[str]) -> int:
    """Run the job in ``argv[2]`` on pipe ``argv[1]`` and write the results to ``argv[3]``.

    Args:
        argv: ``[PIPE_NAME, JOB.json, RESULT.json]``.

    Returns:
        The exit status: 0 on success, 1 when an operation failed, 2 for a usage error and 3 when
        LibreOffice could not be reached.
    """
    if len(argv) != 3:
        sys.stderr.write(f"usage: {Path(__file__).name} PIPE_NAME JOB.json RESULT.json\n")
        return EXIT_USAGE
    pipe_name, job_path, result_path = argv[0], Path(argv[1]), Path(argv[2])
    job = json.loads(job_path.read_text(encoding="utf-8"))
    if isinstance(job, list):
        job = {"ops": job}
    ops: list[dict[str, Any]] = job["ops"]
    try:
        ctx = connect(pipe_name, float(job.get("connect_timeout", 10.0)))
    except NoConnectException:
        _write(result_path, {"error": f"cannot connect to LibreOffice on pipe {pipe_name!r}"})
        return EXIT_NO_CONNECTION
    session = Session(ctx)
    results: list[Any] = []
    try:
        for op in ops:
            results.append(_handler(op)(session, op))  # noqa: PERF401 - partial results are reported
        session.close_doc()
    except Exception:  # noqa: BLE001 - every failure is reported to the caller in RESULT.json
        index = len(results)
        error = {
            "error": traceback.format_exc(),
            "op_index": index,
            "op": ops[index] if index < len(ops) else None,
            "results": results,
        }
        try:
            session.close_doc()
        except Exception:  # noqa: BLE001 - keep the first error; LibreOffice may be gone
            error["close_error"] = traceback.format_exc()
        _write(result_path, error)
        return EXIT_FAILED
    _write(result_path, results)
    return 0


if __name__ == "__main__":
    status = main(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    # The result is written: leave without the interpreter's teardown, where the UNO bridge
    # now and then ends the process with SIGSEGV (seen once in a loaded full run).
    os._exit(status)
