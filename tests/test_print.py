"""Every output of the demo prints right: each workbook and the Word compilation through LibreOffice.

The demo (``make demo``) writes the matrix workbook, the returns and the 分发清单, the units'
returns, annotated copies, the summary, the 催报清单 and the Word compilation, and the next
round's pre-filled returns, summary (with 进展对比) and compilation; the 分工表 workbook of the
notice is written as ``gzgk parse -o`` writes it; the control
workbook is written and its buttons run in file mode on the demo's returns. Each file is printed
to PDF by LibreOffice and read back (:mod:`support.printcheck`): titles, headers and footers
whole, nothing below 8 pt, nothing overlapping, no split chart or table row, no blank page.

Returns differ only in what varies between units, so the ones at its extremes are printed: the
most tasks, the fewest, the longest unit name.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from support.guide import docs_script
from support.libreoffice import LibreOffice
from support.printcheck import check_print

from gzgk import (
    Matrix,
    load_notice,
    read_notice,
)
from gzgk.contract import CONTROL
from gzgk.excel.control import write_control
from gzgk.excel.macros import run_file
from gzgk.excel.notice_book import write_notice_workbook
from gzgk.word import WORD

EXAMPLES = Path(__file__).parents[1] / "examples"
DOCS = Path(__file__).parents[1] / "docs"
NOTICE = "ganzhou-2024"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's outputs, and a control workbook whose buttons ran on its returns."""
    folder = tmp_path_factory.mktemp("demo")
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "demo.py"), str(folder)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0, done.stderr
    control = write_control(folder / "控制台.xlsx", notice=load_notice(NOTICE), source=NOTICE)
    book = load_workbook(control)
    values = {"received_folder": "报回", "key_file": "签名密钥.txt", "as_of": "2024-07-10"}
    for key, value in values.items():
        book[CONTROL.CONTROL_SHEET][CONTROL.cell(key)] = value
    book.save(control)
    for macro in ("validate_folder", "remind"):
        run_file(macro, control)
    _notice_book(folder)
    return folder


def _notice_book(folder: Path) -> None:
    """The 分工表 workbook of the notice read from its text (gzgk parse -o 分工表.xlsx)."""
    source = resources.files("gzgk") / "data" / "notices" / "ganzhou-2024.txt"
    with resources.as_file(source) as path:
        result = read_notice(path)
    write_notice_workbook(result.notice, folder / "分工表.xlsx", issues=result.issues)


def _returns(
    demo: Path, pick: Callable[[list[tuple[int, str]]], tuple[int, str]], folder: str = "报送表"
) -> list[Path]:
    """The blank return in ``folder`` of the unit ``pick`` chooses from (task count, name) pairs."""
    matrix = Matrix.build(load_notice(NOTICE))
    units = [(len(matrix.assignments_of(u, expand=True)), u.short_name) for u in
             matrix.reporting_units()]  # fmt: skip
    _, name = pick(units)
    return list((demo / folder).glob(f"*-{name}-落实情况报送表-*.xlsx"))


OUTPUTS: dict[str, Callable[[Path], list[Path]]] = {
    "分工矩阵": lambda demo: [demo / "分工矩阵.xlsx"],
    "分发清单": lambda demo: [demo / "报送表" / "分发清单.xlsx"],
    "报送表（任务最多）": lambda demo: _returns(demo, max),
    "报送表（任务最少）": lambda demo: _returns(demo, min),
    "报送表（单位名最长）": lambda demo: _returns(demo, lambda u: max(u, key=lambda x: len(x[1]))),
    "填好的报送表": lambda demo: sorted((demo / "报回").rglob("01-章贡区-落实情况报送表-*.xlsx")),
    "批注副本": lambda demo: sorted((demo / "退回").rglob("*.xlsx")),
    "汇总表": lambda demo: [demo / "汇总表.xlsx"],
    "催报清单": lambda demo: [demo / "催报清单.xlsx"],
    "控制台": lambda demo: [demo / "控制台.xlsx"],
    "Word 汇编稿": lambda demo: [demo / "落实情况汇编.docx"],
    "分工表": lambda demo: [demo / "分工表.xlsx"],
    "下一期的报送表（预填上期答复）": lambda demo: _returns(demo, max, "报送表-全年"),
    "下一期填好的报送表": lambda demo: sorted((demo / "报回-全年").glob("01-章贡区-*.xlsx")),
    "下一期的汇总表": lambda demo: [demo / "汇总表-全年.xlsx"],
    "下一期的 Word 汇编稿": lambda demo: [demo / "落实情况汇编-全年.docx"],
}


@pytest.mark.parametrize("output", list(OUTPUTS))
def test_prints_right(output: str, demo: Path, libreoffice: LibreOffice, tmp_path: Path) -> None:
    """The output prints whole, readable, without overlaps, split charts or blank pages."""
    paths = OUTPUTS[output](demo)
    assert paths, f"the demo wrote no {output}"
    problems = [
        problem for path in paths for problem in check_print(libreoffice, path, tmp_path / "pdf")
    ]
    assert not problems, "\n".join(map(str, problems))


def test_demo_writes_every_output(demo: Path) -> None:
    """The outputs checked above are all there is: every workbook and document the demo wrote."""
    written = {path for path in demo.rglob("*") if path.suffix in (".xlsx", ".docx")}
    blank_returns_of = {demo / "报送表", demo / "报送表-全年", demo / "报回", demo / "报回-全年"}
    checked = {path for paths in (pick(demo) for pick in OUTPUTS.values()) for path in paths}
    returns = {path for path in written if blank_returns_of & set(path.parents)}
    assert written - checked <= returns  # the other units' returns differ only in units


@pytest.mark.parametrize("name", ["落实情况汇编.docx", "落实情况汇编-全年.docx"])
def test_demo_compilation_lists_absences_once(demo: Path, name: str) -> None:
    """The demo's compilations: per task one line on who did not report, the names only in 附表."""
    document = docx.Document(str(demo / name))
    texts = [paragraph.text for paragraph in document.paragraphs]
    body = texts[: texts.index(WORD.APPENDIX_MARK)]
    tasks = load_notice(NOTICE).tasks
    starts = [body.index(f"{task.label}{task.title}") for task in tasks]
    blocks = [
        body[start + 1 : end] for start, end in zip(starts, [*starts[1:], len(body)], strict=True)
    ]
    [table] = document.tables
    silent = [row.cells[1].text for row in table.rows if row.cells[2].text == WORD.NOT_SUBMITTED]
    assert silent  # the demo has units that sent nothing
    for task, block in zip(tasks, blocks, strict=True):
        absent = [text for text in block if text.startswith("本项")]
        assert len(absent) <= 1, task.label
        assert all(re.fullmatch(r"本项未报送\d+个单位（名单见附表）.*。", line) for line in absent)
        assert not [unit for unit in silent if any(unit in text for text in block)], task.label


def test_guide_shows_every_output_printed(demo: Path) -> None:
    """打印出来的样子 shows a printed page of every kind of file the demo writes.

    Each workbook and document of the demo is of exactly one kind of
    ``docs/screenshots.py``'s DEMO_PRINTS, each kind names files the demo writes
    and has its picture on the page (a new output fails here until it is added).
    """
    prints = docs_script("screenshots").DEMO_PRINTS
    control = {demo / "控制台.xlsx", demo / "分工表.xlsx"}  # written by this test, not the demo
    written = {p for p in demo.rglob("*") if p.suffix in (".xlsx", ".docx")} - control
    kinds = {name: set(demo.glob(kind.files)) for name, kind in prints.items()}
    for path in written:
        owners = [name for name, paths in kinds.items() if path in paths]
        assert len(owners) == 1, (path, owners)
    assert all(paths and paths <= written for paths in kinds.values())
    assert all(list(demo.glob(kind.shown)) for kind in prints.values())
    page = (DOCS / "guide" / "13-打印出来的样子.md").read_text(encoding="utf-8")
    assert set(re.findall(r"images/(打印-[^)]+)\.png", page)) == set(prints)
    assert all((DOCS / "guide" / "images" / f"{name}.png").exists() for name in prints)
