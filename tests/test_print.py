"""Every output of the demo prints right: each workbook and the Word compilation through LibreOffice.

The demo (``make demo``) writes the matrix workbook, the returns and the 分发清单, the units'
returns, annotated copies, the summary, the 催报清单 and the Word compilation; the control
workbook is written and its buttons run in file mode on the demo's returns. Each file is printed
to PDF by LibreOffice and read back (:mod:`support.printcheck`): titles, headers and footers
whole, nothing below 8 pt, nothing overlapping, no split chart or table row, no blank page.

Returns differ only in what varies between units, so the ones at its extremes are printed: the
most tasks, the fewest, the longest unit name.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support.libreoffice import LibreOffice
from support.printcheck import check_print

from gzgk import (
    Filled,
    Matrix,
    Notice,
    Round,
    fill_return,
    generate_returns,
    load_notice,
    merge_paths,
    read_notice,
    write_summary,
)
from gzgk.contract import CONTROL
from gzgk.excel.control import write_control
from gzgk.excel.macros import run_file
from gzgk.excel.notice_book import write_notice_workbook
from gzgk.excel.previous import read_previous

EXAMPLES = Path(__file__).parents[1] / "examples"
NOTICE = "ganzhou-2024"
NEXT_ROUND = Round(name="2024年第三季度", due=dt.date(2024, 10, 10))


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
    _next_round(folder)
    return folder


def _demo_notice() -> Notice:
    """The notice as the demo reads it (the bundled text)."""
    source = resources.files("gzgk") / "data" / "notices" / "ganzhou-2024.txt"
    with resources.as_file(source) as path:
        return read_notice(path).unwrap()


def _notice_book(folder: Path) -> None:
    """The 分工表 workbook of the notice read from its text (gzgk parse -o 分工表.xlsx)."""
    source = resources.files("gzgk") / "data" / "notices" / "ganzhou-2024.txt"
    with resources.as_file(source) as path:
        result = read_notice(path)
    write_notice_workbook(result.notice, folder / "分工表.xlsx", issues=result.issues)


def _next_round(folder: Path) -> None:
    """The next round from the demo's summary: a return pre-filled and that round's summary.

    The return (of the unit with the most tasks) carries last round's answers; the
    summary of its round has 进展对比.
    """
    matrix = Matrix.build(_demo_notice())
    previous = read_previous(folder / "汇总表.xlsx")
    target = folder / "第三季度"
    units = sorted(matrix.reporting_units(), key=lambda u: -len(matrix.assignments_of(u)))
    generated = generate_returns(
        matrix, target / "报送表", units=units[:1], round=NEXT_ROUND, previous=previous
    )
    [blank] = generated.files
    back = target / "报回"
    fill_return(blank, back / blank.name, Filled(contact="王芳", phone="0797-8992059"))
    summary = merge_paths(
        [back],
        notice=matrix.notice,
        round=NEXT_ROUND,
        previous=previous,
        as_of=dt.datetime(2024, 10, 12, 9, 0).astimezone(),
        workers=0,
    )
    write_summary(summary, target / "汇总表.xlsx")


def _returns(demo: Path, pick: Callable[[list[tuple[int, str]]], tuple[int, str]]) -> list[Path]:
    """The blank return of the unit ``pick`` chooses from (task count, unit name) pairs."""
    matrix = Matrix.build(load_notice(NOTICE))
    units = [(len(matrix.assignments_of(u, expand=True)), u.short_name) for u in
             matrix.reporting_units()]  # fmt: skip
    _, name = pick(units)
    return list((demo / "报送表").glob(f"*-{name}-落实情况报送表.xlsx"))


OUTPUTS: dict[str, Callable[[Path], list[Path]]] = {
    "分工矩阵": lambda demo: [demo / "分工矩阵.xlsx"],
    "分发清单": lambda demo: [demo / "报送表" / "分发清单.xlsx"],
    "报送表（任务最多）": lambda demo: _returns(demo, max),
    "报送表（任务最少）": lambda demo: _returns(demo, min),
    "报送表（单位名最长）": lambda demo: _returns(demo, lambda u: max(u, key=lambda x: len(x[1]))),
    "填好的报送表": lambda demo: sorted((demo / "报回").rglob("01-章贡区-落实情况报送表.xlsx")),
    "批注副本": lambda demo: sorted((demo / "退回").rglob("*.xlsx")),
    "汇总表": lambda demo: [demo / "汇总表.xlsx"],
    "催报清单": lambda demo: [demo / "催报清单.xlsx"],
    "控制台": lambda demo: [demo / "控制台.xlsx"],
    "Word 汇编稿": lambda demo: [demo / "落实情况汇编.docx"],
    "分工表": lambda demo: [demo / "分工表.xlsx"],
    "下一期的报送表": lambda demo: sorted(
        (demo / "第三季度" / "报送表").glob("*-落实情况报送表-*.xlsx")
    ),
    "下一期的汇总表": lambda demo: [demo / "第三季度" / "汇总表.xlsx"],
}


# LibreOffice leaves out a full-width colon its justification pushes to the end of a line
# of the compilation; the compilation's layout (a text grid of 28 characters) comes next.
_KNOWN = {"Word 汇编稿": pytest.mark.xfail(strict=True, reason="LibreOffice drops a line-end ：")}


@pytest.mark.parametrize(
    "output", [pytest.param(name, marks=_KNOWN.get(name, ())) for name in OUTPUTS]
)
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
    written = {
        path
        for path in demo.rglob("*")
        if path.suffix in (".xlsx", ".docx") and "报回" not in path.parts
    }
    blank_returns_of = {demo / "报送表", demo / "第三季度" / "报送表"}
    checked = {path for paths in (pick(demo) for pick in OUTPUTS.values()) for path in paths}
    blank_returns = {path for path in written if path.parent in blank_returns_of}
    assert written - checked <= blank_returns  # the other units' returns differ only in units
