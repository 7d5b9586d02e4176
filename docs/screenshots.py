"""Render the guide's pictures from real workbooks: python docs/screenshots.py.

Builds an office folder in a temporary directory (the control workbook, returns
that came back), runs the buttons' macros in file mode, then prints chosen
sheets with LibreOffice (PDF) and turns the top of the first page into a PNG
with poppler's pdftoppm. Then runs ``make demo``'s script and prints the first
page of each kind of output it writes (:data:`DEMO_PRINTS`, shown by the guide's
page 打印出来的样子). Needs LibreOffice and poppler-utils; the pictures go to
docs/guide/images/ and are committed (a test checks the guide's pictures exist,
and one that the page shows every kind of file the demo writes).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from attrs import frozen
from openpyxl import load_workbook

from gzgk import Matrix, load_notice
from gzgk.contract import COMPARISON, CONTROL, NOTICE_BOOK, RETURN, SUMMARY
from gzgk.excel.control import write_control
from gzgk.excel.fill import fill_return
from gzgk.excel.generate import generate_returns
from gzgk.excel.macros import run_file
from gzgk.returns import Entry, Filled

IMAGES = Path(__file__).parent / "guide" / "images"
DPI = 80
LATECOMER = 2  # every third unit has not reported yet
# name: (workbook key, sheet, share of the first page's height to keep)
PICTURES = {
    "控制台": ("control", CONTROL.CONTROL_SHEET, 0.48),
    "单位组成员": ("control", CONTROL.GROUPS_SHEET, 0.40),
    "校验结果": ("control", CONTROL.RESULTS_SHEET, 0.40),
    "催报清单": ("control", SUMMARY.REMINDERS_SHEET, 0.45),
    "日志": ("control", CONTROL.LOG_SHEET, 0.35),
    "批注副本": ("annotated", "落实情况", 0.55),
    "分工表": ("notice_book", NOTICE_BOOK.TASKS_SHEET, 0.45),
}
EXAMPLES = Path(__file__).parents[1] / "examples"
FINDS = {"validate_folder": "个不合格", "validate_current": "批注副本："}  # problems found
DEMO_DPI = 60  # a whole first page, small enough to keep the repository small


@frozen
class DemoPrint:
    """One kind of file ``make demo`` writes, as the guide shows it printed.

    Attributes:
        files: the demo's files of this kind (a glob under the demo's folder).
        shown: the one printed for the picture (a glob; the first match).
        sheet: the sheet printed alone ("" for the whole file).
        page_with: the first page holding this text is shown ("" for the first page).
    """

    files: str
    shown: str
    sheet: str = ""
    page_with: str = ""


# picture name: the kind of file (the guide's page says who reads each)
DEMO_PRINTS = {
    "打印-分工矩阵": DemoPrint("分工矩阵.xlsx", "分工矩阵.xlsx"),
    "打印-分发清单": DemoPrint("报送表*/分发清单.xlsx", "报送表/分发清单.xlsx"),
    "打印-报送表": DemoPrint(
        "报送表/*-落实情况报送表-*.xlsx", "报送表/01-章贡区-*.xlsx", RETURN.ENTRY_SHEET
    ),
    "打印-填好的报送表": DemoPrint("报回/**/*.xlsx", "报回/*/01-章贡区-*.xlsx", RETURN.ENTRY_SHEET),
    "打印-批注副本": DemoPrint("退回/**/*.xlsx", "退回/*/21-市发改委-*.xlsx", RETURN.ENTRY_SHEET),
    "打印-汇总表": DemoPrint("汇总表.xlsx", "汇总表.xlsx"),
    "打印-催报清单": DemoPrint("催报清单.xlsx", "催报清单.xlsx"),
    "打印-汇编稿": DemoPrint("落实情况汇编.docx", "落实情况汇编.docx"),
    "打印-下一期报送表": DemoPrint(
        "报送表-全年/*-落实情况报送表-*.xlsx", "报送表-全年/01-章贡区-*.xlsx", RETURN.ENTRY_SHEET
    ),
    "打印-下一期填好的报送表": DemoPrint(
        "报回-全年/*.xlsx", "报回-全年/01-章贡区-*.xlsx", RETURN.ENTRY_SHEET
    ),
    "打印-下一期汇总表": DemoPrint(
        "汇总表-全年.xlsx", "汇总表-全年.xlsx", page_with=COMPARISON.SHEET
    ),
    "打印-下一期汇编稿": DemoPrint("落实情况汇编-全年.docx", "落实情况汇编-全年.docx"),
}


def _button(macro: str, control: Path, workbook: Path | None = None) -> None:
    """Run a button as the office would; one that fails stops here, saying which and why.

    The checking buttons are not ok when they find problems, which the scene has
    on purpose; their message then says what they checked.
    """
    outcome = run_file(macro, control, workbook=workbook)
    if not (outcome.ok or FINDS.get(macro, "\0") in outcome.message):
        raise RuntimeError(f"按钮 {macro} 没有完成：{outcome.message}")


def office(folder: Path) -> dict[str, Path]:
    """A control workbook, filled in, with returns that came back and every button run."""
    notice = load_notice("ganzhou-2024")
    matrix = Matrix.build(notice)
    control = write_control(folder / "控制台.xlsx", notice=notice, source="ganzhou-2024")
    book = load_workbook(control)
    sheet = book[CONTROL.CONTROL_SHEET]
    values = {
        "returns_folder": "报送表",
        "received_folder": "报回",
        "summary_file": "汇总表.xlsx",
        "docx_file": "落实情况汇编.docx",
        "as_of": "2024-07-10",
    }
    for key, value in values.items():
        sheet[CONTROL.cell(key)] = value
    groups = book[CONTROL.GROUPS_SHEET]
    groups[f"D{CONTROL.GROUPS_FIRST_ROW}"] = "市统计局"
    groups[f"D{CONTROL.GROUPS_FIRST_ROW + 1}"] = "市金融局"
    book.save(control)
    _button("generate_returns", control)
    generated = generate_returns(matrix, folder / "报送表", force=True)  # as the button wrote them
    for number, (plan, blank) in enumerate(zip(generated.plans, generated.files, strict=True)):
        if number % 3 == LATECOMER:
            continue  # a third of the units have not reported yet
        entries = {
            task.number: Entry(
                status="推进中" if number % 4 else "",
                progress=f"{plan.unit.short_name}已制定工作方案，明确责任科室，按月调度推进。",
            )
            for task, _role in plan.items
        }
        day = dt.date(2024, 7, 1 + number % 8)
        filled = Filled(
            contact="王芳", phone="0797-8992059", reviewer="李明", date=day, entries=entries
        )
        fill_return(blank, folder / "报回" / blank.name, filled)
    for macro in ("validate_folder", "merge_returns", "remind"):
        _button(macro, control)
    first = sorted((folder / "报回").glob("*.xlsx"))[0]
    _button("validate_current", control, workbook=first)
    annotated = next((folder / "批注").glob("*.xlsx"))
    example = EXAMPLES / "notice_workbook.py"  # a notice read with an error, as a 分工表
    subprocess.run([sys.executable, str(example), str(folder)], check=True, capture_output=True)
    return {"control": control, "annotated": annotated, "notice_book": folder / "分工表.xlsx"}


def picture(workbook: Path, sheet: str, keep: float, target: Path, work: Path) -> None:
    """The top of the first printed page of one sheet, as a PNG."""
    book = load_workbook(workbook)
    for title in book.sheetnames:
        if title != sheet:
            del book[title]
    book.active = 0
    single = work / f"{target.stem}.xlsx"
    book.save(single)
    profile = (work / "profile").as_uri()
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(single),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = single.with_suffix(".pdf")
    width, height = 842 * DPI // 72, 595 * DPI // 72  # A4 landscape at DPI
    stem = work / target.stem
    subprocess.run(
        [
            *("pdftoppm", "-png", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile"),
            *("-x", "0", "-y", "0", "-W", str(width), "-H", str(int(height * keep))),
            str(pdf),
            str(stem),
        ],
        check=True,
        timeout=120,
    )
    shutil.copyfile(stem.with_suffix(".png"), target)


def _to_pdf(source: Path, work: Path) -> Path:
    """``source`` printed to PDF by LibreOffice, in ``work``."""
    profile = (work / "profile").as_uri()
    subprocess.run(
        [
            *("soffice", "--headless", f"-env:UserInstallation={profile}"),
            *("--convert-to", "pdf", "--outdir", str(work), str(source)),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return work / source.with_suffix(".pdf").name


def _page_with(pdf: Path, text: str) -> int:
    """The number of the first page of ``pdf`` whose text holds ``text`` (1 for "")."""
    page = 1
    while text:
        done = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
            check=True,
            capture_output=True,
            timeout=120,
        )
        if text in done.stdout.decode("utf-8"):
            break
        page += 1
    return page


def _small_png(pdf: Path, target: Path, page: int = 1) -> None:
    """A page of ``pdf`` as a PNG of at most 64 colours (a few tens of KB)."""
    stem = pdf.with_suffix("")
    subprocess.run(
        [*("pdftoppm", "-png", "-r", str(DEMO_DPI), "-f", str(page), "-l", str(page)),
         "-singlefile",
         str(pdf), str(stem)],
        check=True,
        timeout=120,
    )  # fmt: skip
    from PIL import Image  # noqa: PLC0415 - Pillow comes with pdfplumber (dev extra)

    with Image.open(stem.with_suffix(".png")) as image:
        image.convert("RGB").quantize(colors=64).save(target, optimize=True)


def demo_pictures(work: Path) -> dict[str, Path]:
    """Run ``make demo``'s script in ``work`` and print each kind of its outputs' first page."""
    demo = work / "演示"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    subprocess.run(  # in the folder, so the files' paths print as 演示/报回/… (no temp dir)
        [sys.executable, str(EXAMPLES / "demo.py"), demo.name],
        check=True,
        capture_output=True,
        env=env,
        cwd=work,
    )
    written: dict[str, Path] = {}
    for name, kind in DEMO_PRINTS.items():
        source = sorted(demo.glob(kind.shown))[0]
        folder = work / name
        folder.mkdir()
        if kind.sheet:
            book = load_workbook(source)
            for title in book.sheetnames:
                if title != kind.sheet:
                    del book[title]
            book.active = 0
            single = folder / f"{name}.xlsx"
            book.save(single)
            source = single
        else:
            source = Path(shutil.copy(source, folder / f"{name}{source.suffix}"))
        target = IMAGES / f"{name}.png"
        pdf = _to_pdf(source, folder)
        _small_png(pdf, target, _page_with(pdf, kind.page_with))
        written[name] = target
    return written


def main() -> int:
    """Render every picture into docs/guide/images/."""
    if not (shutil.which("soffice") and shutil.which("pdftoppm")):
        print("需要 LibreOffice（soffice）和 poppler-utils（pdftoppm）")
        return 1
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gzgk-示例-") as temporary:
        work = Path(temporary)
        books = office(work / "办公室")
        for name, (key, sheet, keep) in PICTURES.items():
            picture(books[key], sheet, keep, IMAGES / f"{name}.png", work)
            print(f"已生成 {IMAGES / f'{name}.png'}")
        for target in demo_pictures(work).values():
            print(f"已生成 {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
