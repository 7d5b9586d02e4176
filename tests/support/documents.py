"""Word notices built for the tests: real .docx files, and other formats made from them by LibreOffice.

* :func:`add_list`, :func:`restart_list`, :func:`numbered` and :func:`set_numbering` write
  Word automatic numbering (``w:abstractNum``, ``w:num``, ``w:numPr``) the way Word and WPS
  do, into a python-docx document;
* :func:`notice_docx` and :func:`ganzhou_docx` print a :class:`gzgk.model.Notice` as a
  .docx: its body as paragraphs and its tasks as a 分工表 table;
* :func:`soffice_convert` runs ``soffice --convert-to`` (a private profile, a time limit),
  to make .doc, .rtf, .xls, .pdf or .txt files from the built ones.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from docx.text.paragraph import Paragraph

import gzgk
from gzgk.model import Notice

__all__ = [
    "TASK_HEADER",
    "add_list",
    "ganzhou_docx",
    "notice_docx",
    "numbered",
    "restart_list",
    "set_numbering",
    "soffice_convert",
]

TASK_HEADER = ("序号", "主要任务", "牵头单位", "责任单位")
# What follows w:numPr in a w:pPr (the schema's order), to insert it where Word expects it.
_AFTER_NUM_PR = tuple(
    f"w:{name}"
    for name in [
        "suppressLineNumbers",
        "pBdr",
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ]
)


def _numbering(document: DocxDocument) -> Any:
    """The ``w:numbering`` element (python-docx leaves it untyped)."""
    return document.part.numbering_part.element


def add_list(
    document: DocxDocument,
    levels: Sequence[tuple[str, str]],
    *,
    start: int = 1,
    restarts: dict[int, int] | None = None,
    suffix: str | None = None,
    style: str | None = None,
) -> int:
    """Define a list (an abstract numbering and one instance of it); return its ``numId``.

    Args:
        document: the python-docx document.
        levels: ``(numFmt, lvlText)`` of levels 0, 1, …: ``("chineseCounting", "（%1）")``.
        start: the ``w:start`` of every level.
        restarts: ``{level: w:lvlRestart}`` (``0``: never restarts).
        suffix: ``w:suff`` of every level (``tab``, ``space``, ``nothing``; None: Word's tab).
        style: a paragraph style linked to level 0 (``w:pStyle``).
    """
    numbering = _numbering(document)
    abstracts = numbering.findall(qn("w:abstractNum"))
    abstract_id = max((int(a.get(qn("w:abstractNumId"))) for a in abstracts), default=-1) + 1
    restarts = restarts or {}
    lvls = []
    for index, (fmt, text) in enumerate(levels):
        extra = f'<w:lvlRestart w:val="{restarts[index]}"/>' if index in restarts else ""
        linked = f'<w:pStyle w:val="{style}"/>' if style and index == 0 else ""
        suff = f'<w:suff w:val="{suffix}"/>' if suffix else ""
        indent = 420 * (index + 1)
        lvls.append(
            f'<w:lvl w:ilvl="{index}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'{extra}{linked}{suff}<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{indent}" w:hanging="420"/></w:pPr></w:lvl>'
        )
    kind = "multilevel" if len(levels) > 1 else "singleLevel"
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:nsid w:val="{0x1000 + abstract_id:08X}"/><w:multiLevelType w:val="{kind}"/>'
        f"{''.join(lvls)}</w:abstractNum>"
    )
    # The schema puts every w:abstractNum before the first w:num.
    if abstracts:
        abstracts[-1].addnext(abstract)
    else:
        numbering.insert(0, abstract)
    return _add_num(document, abstract_id)


def _add_num(document: DocxDocument, abstract_id: int, overrides: str = "") -> int:
    numbering = _numbering(document)
    nums = numbering.findall(qn("w:num"))
    num_id = max((int(n.get(qn("w:numId"))) for n in nums), default=0) + 1
    num = parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}">'
        f'<w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'
    )
    cleanup = numbering.find(qn("w:numIdMacAtCleanup"))
    if cleanup is not None:
        cleanup.addprevious(num)
    else:
        numbering.append(num)
    return num_id


def restart_list(document: DocxDocument, num_id: int, *, start: int = 1, level: int = 0) -> int:
    """A new instance of ``num_id``'s list that restarts ``level`` at ``start`` (Word's 重新开始编号)."""
    numbering = _numbering(document)
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_id))
    abstract_id = int(num.find(qn("w:abstractNumId")).get(qn("w:val")))
    override = f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
    return _add_num(document, abstract_id, override)


def numbered(
    document: DocxDocument, text: str, num_id: int | None, level: int | None = 0
) -> Paragraph:
    """A paragraph numbered by list ``num_id`` at ``level`` (None: left out of ``w:numPr``)."""
    paragraph = document.add_paragraph(text)
    set_numbering(paragraph, num_id, level)
    return paragraph


def set_numbering(paragraph: Paragraph, num_id: int | None, level: int | None = 0) -> None:
    """Give a paragraph (of the body or a cell) a ``w:numPr``."""
    parts = []
    if level is not None:
        parts.append(f'<w:ilvl w:val="{level}"/>')
    if num_id is not None:
        parts.append(f'<w:numId w:val="{num_id}"/>')
    num_pr = parse_xml(f"<w:numPr {nsdecls('w')}>{''.join(parts)}</w:numPr>")
    paragraph._p.get_or_add_pPr().insert_element_before(num_pr, *_AFTER_NUM_PR)


def _recipients(notice: Notice) -> str:
    return "，".join(notice.recipients) + "："


def notice_docx(notice: Notice, path: Path) -> Path:
    """Print a notice as a Word file: the body as paragraphs, the tasks as a 分工表 table.

    The table, ruled, has the columns 序号/主要任务/牵头单位/责任单位 (names joined with
    、), the 主要任务 cell holding ``title。content``; a title row merged across heads it.
    """
    document = docx.Document()
    document.add_paragraph(notice.issuer)
    document.add_paragraph(notice.doc_number)
    document.add_paragraph(notice.title)
    document.add_paragraph(_recipients(notice))
    if notice.preamble:
        document.add_paragraph(notice.preamble)
    for requirement in notice.requirements:
        document.add_paragraph(f"{requirement.number}、{requirement.heading}。{requirement.text}")
    if notice.closing:
        document.add_paragraph(notice.closing)
    if notice.attachment:
        document.add_paragraph(f"附件：{notice.attachment}")
    document.add_paragraph(notice.issuer)
    if notice.issued_on is not None:
        day = notice.issued_on
        document.add_paragraph(f"{day.year}年{day.month}月{day.day}日")
    document.add_paragraph("附件")
    table = document.add_table(rows=2 + len(notice.tasks), cols=len(TASK_HEADER))
    table.style = "Table Grid"  # ruled, as 分工表 are printed
    title = table.cell(0, 0).merge(table.cell(0, len(TASK_HEADER) - 1))
    title.text = notice.attachment or "任务分工表"
    for column, heading in enumerate(TASK_HEADER):
        table.cell(1, column).text = heading
    for row, task in enumerate(notice.tasks, start=2):
        values = (
            task.number,
            f"{task.title}。{task.content}" if task.title else task.content,
            "、".join(task.lead),
            "、".join(task.responsible),
        )
        for column, value in enumerate(values):
            table.cell(row, column).text = value
    document.add_paragraph()  # Word always ends a table with a paragraph
    document.save(str(path))
    return path


def ganzhou_docx(path: Path) -> Path:
    """The bundled 赣州 notice (``ganzhou-2024``, 12 tasks) as a Word file at ``path``."""
    return notice_docx(gzgk.load_notice("ganzhou-2024"), path)


def soffice_convert(source: Path, target: str, outdir: Path, *, timeout: float = 180.0) -> Path:
    """Convert ``source`` with ``soffice --headless --convert-to target`` into ``outdir``.

    ``target`` is what ``--convert-to`` takes: ``doc``, ``rtf``, ``xls``, ``pdf``,
    ``txt:Text (encoded):UTF8``. A private profile keeps it apart from any running office.

    Raises:
        RuntimeError: soffice failed, timed out or wrote nothing.
    """
    soffice = shutil.which(os.environ.get("GZGK_SOFFICE", "soffice"))
    if soffice is None:
        raise RuntimeError("soffice not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    extension = target.split(":", 1)[0]
    with tempfile.TemporaryDirectory(prefix="gzgk-soffice-") as profile:
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(source),
        ]
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
        )
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise RuntimeError(f"soffice --convert-to {target} {source} timed out") from None
    result = outdir / f"{source.stem}.{extension}"
    if not result.is_file():
        raise RuntimeError(f"soffice --convert-to {target} {source} wrote nothing: {out!r} {err!r}")
    return result
