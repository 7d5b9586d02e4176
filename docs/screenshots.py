"""Render the guide's pictures from real workbooks: python docs/screenshots.py.

Builds an office folder in a temporary directory (the control workbook, returns
that came back), runs the buttons' macros in file mode, then prints chosen
sheets with LibreOffice (PDF) and turns the top of the first page into a PNG
with poppler's pdftoppm. Needs LibreOffice and poppler-utils; the pictures go to
docs/guide/images/ and are committed (a test checks the guide's pictures exist).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook

from gzgk import Matrix, load_notice
from gzgk.contract import CONTROL, NOTICE_BOOK, SUMMARY
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
    run_file("generate_returns", control)
    generated = generate_returns(matrix, folder / "报送表")
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
        filled = Filled(contact="王芳", phone="0797-8992059", date=day, entries=entries)
        fill_return(blank, folder / "报回" / blank.name, filled)
    for macro in ("validate_folder", "merge_returns", "remind"):
        run_file(macro, control)
    first = sorted((folder / "报回").glob("*.xlsx"))[0]
    run_file("validate_current", control, workbook=first)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
