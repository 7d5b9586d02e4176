"""The main job on the bundled example: ``make demo`` runs this.

1. Parse the 赣州 2024 notice from the text copied out of its PDF; write the matrix workbook.
2. Make a signing key and generate one return workbook per unit.
3. Let the units fill them in, as they really do: most on time, some late, a few
   not at all, one with a deleted task row, one under another unit's name, one
   with formulas typed in, one cut off in the mail, one saved as .xls, one sent twice.
4. Validate what came back and write annotated copies for the units.
5. Merge everything into the summary workbook and the Word compilation, and
   list the units to chase (催报清单.xlsx, with whom to phone); record the
   round in the history database.
6. The next round (the notice is reported twice: 上半年 and 全年): returns
   pre-filled from the first round's summary, filled again (some units report
   progress, some change nothing, one sends nothing, one sends last round's
   form), merged and compared round on round with red/yellow/green lights.

Run: python examples/demo.py [OUTPUT_DIR]   (default build/demo)
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from importlib import resources
from pathlib import Path

import attrs
from openpyxl import load_workbook
from sample_answers import sample_filled

from gzgk import (
    Entry,
    Filled,
    History,
    Key,
    Matrix,
    Registry,
    Round,
    annotate,
    fill_return,
    generate_returns,
    merge_paths,
    read_notice,
    read_previous,
    read_returns,
    write_compilation,
    write_matrix_workbook,
    write_reminders,
    write_summary,
)
from gzgk.render import (  # the command line's text views
    annotated_line,
    checked_line,
    notice_summary,
    summary_text,
)

AS_OF = dt.datetime(2024, 7, 10, 18, 0).astimezone()
AS_OF_2 = dt.datetime(2025, 1, 12, 18, 0).astimezone()
ROUNDS = (
    Round(name="2024年上半年", due=dt.date(2024, 7, 5)),
    Round(name="2024年全年", due=dt.date(2025, 1, 10)),
)
REOPEN = 7  # every seventh unit reopens a task it had finished
SILENT = ("市体育局", "市民宗局", "市信访局", "市林业局")  # send nothing in the second round
MISSING = ("赣县区", "市体育局", "市民宗局", "市信访局")  # never send anything
LATE = {"瑞金市": dt.date(2024, 7, 8), "市商务局": dt.date(2024, 7, 9)}
# Whom the office phones at two units, as its own registry lists them (the others give
# their contact in their returns; the 催报清单 says where each contact comes from).
CONTACTS = {"赣县区": ("钟华", "0797-4412345"), "市体育局": ("郭敏", "0797-8219876")}


def office_registry() -> Registry:
    """The bundled registry with the contacts the office keeps for a few units."""
    bundled = Registry.bundled()
    units = tuple(
        attrs.evolve(unit, contact=CONTACTS[unit.short_name][0], phone=CONTACTS[unit.short_name][1])
        if unit.short_name in CONTACTS
        else unit
        for unit in bundled.units
    )
    return attrs.evolve(bundled, units=units)


def _soffice_to_xls(source: Path, target: Path) -> bool:
    """Save ``source`` as legacy .xls with LibreOffice, if it is installed."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return False
    with tempfile.TemporaryDirectory() as folder:
        profile = Path(folder, "profile").as_uri()
        command = [
            soffice,
            "--headless",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            "xls",
            "--outdir",
            folder,
            str(source),
        ]
        done = subprocess.run(command, capture_output=True, timeout=180, check=False)
        made = Path(folder, source.stem + ".xls")
        if done.returncode != 0 or not made.is_file():
            return False
        shutil.copyfile(made, target)
    return True


def fill_everyone(matrix: Matrix, blanks: dict[str, Path], back: Path) -> list[str]:
    """Fill the returns as the units would; what was special, one line each."""
    notes: list[str] = []
    first, second = back / "第一批", back / "第二批"
    sent: dict[str, Path] = {}
    for number, (unit, blank) in enumerate(blanks.items()):
        if unit in MISSING:
            continue
        date = LATE.get(unit, dt.date(2024, 6, 24) + dt.timedelta(days=number % 11))
        sent[unit] = (first if number % 2 else second) / blank.name
        fill_return(blank, sent[unit], sample_filled(matrix, unit, date))
    notes.append(f"未报送：{'、'.join(MISSING)}")
    notes.append(f"逾期报送：{'、'.join(LATE)}")

    # 章贡区 sends a first version, then a corrected one; the second wins.
    early = sample_filled(matrix, "章贡区", dt.date(2024, 6, 20), version=0)
    fill_return(blanks["章贡区"], first / "章贡区（初稿）.xlsx", early)
    notes.append("章贡区报送了两次（初稿和修改稿）")

    # 南康区 saves its return under 赣县区's name.
    wrong = sent["南康区"].with_name(blanks["赣县区"].name)
    shutil.move(sent["南康区"], wrong)
    notes.append(f"南康区的报送表存成了赣县区的文件名：{wrong.name}")

    # 市发改委 deletes a task row.
    path = sent["市发改委"]
    book = load_workbook(path)
    book["落实情况"].delete_rows(8)
    book.save(path)
    notes.append("市发改委删除了一行任务")

    # 市科技局 types a formula and text that starts like one.
    path = sent["市科技局"]
    book = load_workbook(path)
    sheet = book["落实情况"]
    sheet["I7"] = '=HYPERLINK("http://example.com/附件.pdf","详见附件")'  # a live formula
    sheet["J7"].value = "-部分数据尚待核实"
    sheet["J7"].data_type = "s"
    book.save(path)
    notes.append("市科技局在表中输入了公式（=HYPERLINK…）和以“-”开头的文字")

    # 上犹县's e-mail attachment arrives cut off.
    path = sent["上犹县"]
    path.write_bytes(path.read_bytes()[:4000])
    notes.append("上犹县的邮件附件不完整（文件损坏）")

    # 崇义县 saves as .xls.
    path = sent["崇义县"]
    if _soffice_to_xls(path, path.with_suffix(".xls")):
        path.unlink()
        notes.append("崇义县存成了旧版 .xls 格式")
    else:
        notes.append("（未安装 LibreOffice，跳过“存成 .xls”的示例）")
    return notes


def validate(back: Path, out: Path, matrix: Matrix, key: Key) -> None:
    """Check every file that came back; annotated copies for the units."""
    records = read_returns([back], notice=matrix.notice, registry=matrix.registry, key=key)
    files = [record.report for record in records]
    print(checked_line(files))
    for file in files:
        if not file.valid:
            first_error = next(issue for issue in file.issues if issue.is_error)
            print(f"  ✗ {file.path}：{first_error.message.split('。')[0]} [{first_error.code}]")
    shutil.rmtree(out / "退回", ignore_errors=True)
    annotated = [
        record.report
        for record in records
        if annotate(record.report, out / "退回", relative=record.relative)
    ]
    print(annotated_line(files, annotated, str(out / "退回")))


def consolidate(back: Path, out: Path, matrix: Matrix, key: Key) -> None:
    """Merge everything into the summary workbook and the Word compilation; who to chase."""
    summary = merge_paths(
        [back],
        notice=matrix.notice,
        registry=matrix.registry,
        key=key,
        as_of=AS_OF,
        round=ROUNDS[0],
    )
    (out / "台账.sqlite").unlink(missing_ok=True)
    with History.open(out / "台账.sqlite", create=True) as history, history.recording(summary):
        workbook = write_summary(summary, out / "汇总表.xlsx")  # recorded once it is written
        document = write_compilation(summary, out / "落实情况汇编.docx")
        reminders = write_reminders(summary, out / "催报清单.xlsx")
    print(summary_text(summary))
    print()
    print("== 6. 催报 ==")
    for reminder in summary.reminders():  # sorted for phoning: what is owed longest first
        whom = " ".join(part for part in (reminder.contact, reminder.phone) if part)
        where = f"{whom}（{reminder.source.label}）" if whom else reminder.source.label
        print(f"  {reminder.unit.name}：{'；'.join(reminder.reasons)}　找：{where}")
    print()
    print("已写出：")
    print(f"  汇总表：{workbook}")
    print(f"  Word 汇编稿：{document}")
    print(f"  催报清单：{reminders}")
    print(f"  批注副本：{out / '退回'}")
    print(f"  台账：{out / '台账.sqlite'}")


def second_round(out: Path, matrix: Matrix, key: Key) -> None:
    """The next round: pre-filled returns, filled again, merged and compared with the first."""
    previous = read_previous(out / "汇总表.xlsx")
    folder = out / "报送表-全年"
    shutil.rmtree(folder, ignore_errors=True)
    made = generate_returns(matrix, folder, key=key, round=ROUNDS[1], previous=previous)
    carried = sum(1 for plan in made.plans if plan.previous)
    print(
        f"已生成“{ROUNDS[1].name}”的 {len(made.files)} 份报送表，其中 {carried} 份预填了上期的答复"
    )
    back = out / "报回-全年"
    shutil.rmtree(back, ignore_errors=True)
    back.mkdir(parents=True)
    for number, (plan, blank) in enumerate(zip(made.plans, made.files, strict=True)):
        unit = plan.unit
        if unit.short_name in SILENT:
            continue
        entries: dict[str, Entry] = {}
        for task, _role in plan.items:
            answer = plan.previous.get(task.id)
            if answer is None:  # nothing accepted last time: a fresh answer
                fresh = sample_filled(matrix, unit.short_name, dt.date(2025, 1, 6), version=2)
                entries[task.number] = attrs.evolve(fresh.entries[task.number], news="是")
            elif (number + task.seq) % 3 == 0 and answer.status != "不涉及":
                done = "已全部完成，形成长效机制，相关制度已印发执行。"
                entries[task.number] = Entry(status="已完成", progress=done, news="是")
            elif number % REOPEN == 0 and answer.status == "已完成":  # 退步: reopened
                again = "因上级新要求重新推进，正在修订完善工作方案。"
                entries[task.number] = Entry(status="推进中", progress=again, news="是")
            else:  # nothing new: last round's answer confirmed with 否
                entries[task.number] = attrs.evolve(answer.entry, news="否")
        filled = Filled(
            contact=plan.contact.contact if plan.contact else "王芳",
            phone=plan.contact.phone if plan.contact else "0797-8992059",
            reviewer="陈明",
            date=dt.date(2025, 1, 8),
            entries=entries,
        )
        fill_return(blank, back / blank.name, filled)
    shutil.copy(next((out / "报回").rglob("*市司法局*.xlsx")), back / "市司法局-上半年的表.xlsx")
    print(f"  未报送：{'、'.join(SILENT)}；市司法局误发了上半年的表")
    with History.open(out / "台账.sqlite") as history:
        summary = merge_paths(
            [back],
            notice=matrix.notice,
            registry=matrix.registry,
            key=key,
            as_of=AS_OF_2,
            round=ROUNDS[1],
            previous=history.previous(matrix.notice, ROUNDS[1].name),
        )
        with history.recording(summary):
            workbook = write_summary(summary, out / "汇总表-全年.xlsx")
            document = write_compilation(summary, out / "落实情况汇编-全年.docx")
        stalled = history.stalled(history.latest_notice() or "", 1)
    print(summary_text(summary))
    print(
        f"  连续未更新的任务（台账查询，gzgk history 台账.sqlite --stalled 1）：{len(stalled)} 项"
    )
    for reminder in summary.reminders():
        print(f"  催报 {reminder.unit.name}：{'；'.join(reminder.reasons)}")
    print("已写出：")
    print(f"  汇总表（含“进展对比”）：{workbook}")
    print(f"  Word 汇编稿：{document}")


def main(out: Path) -> int:
    """Run the demo, writing files under ``out``; returns the exit code."""
    source = resources.files("gzgk") / "data" / "notices" / "ganzhou-2024.txt"
    registry = office_registry()
    with resources.as_file(source) as path:
        result = read_notice(path, registry=registry)
    if not result.valid:
        print("\n".join(issue.describe() for issue in result.issues))
        return 1
    matrix = Matrix.build(attrs.evolve(result.notice, rounds=ROUNDS), registry)
    print("== 1. 解析通知 ==")
    print(notice_summary(result.notice))
    print(f"应报送单位 {len(matrix.reporting_units())} 个")
    print(f"分工矩阵工作簿：{write_matrix_workbook(matrix, out / '分工矩阵.xlsx')}")
    print()

    print("== 2. 生成报送表 ==")
    key = Key.generate()
    key.save(out / "签名密钥.txt")  # the office's secret, readable by its owner only
    shutil.rmtree(out / "报送表", ignore_errors=True)
    generated = generate_returns(matrix, out / "报送表", key=key, round=ROUNDS[0])
    print(f"已生成 {len(generated.files)} 份报送表（已签名，密钥标识 {key.id}）和分发清单")
    print()

    print("== 3. 各单位填报（模拟） ==")
    back = out / "报回"
    shutil.rmtree(back, ignore_errors=True)
    blanks = {
        plan.unit.short_name: path
        for plan, path in zip(generated.plans, generated.files, strict=True)
    }
    for note in fill_everyone(matrix, blanks, back):
        print(f"  {note}")
    print(f"报回的文件在 {back}")
    print()

    print("== 4. 核对报回的报送表 ==")
    validate(back, out, matrix, key)
    print()
    print("== 5. 汇总 ==")
    consolidate(back, out, matrix, key)
    print()
    print("== 7. 第二期（全年）：预填上期答复、逐项对比、红黄绿灯 ==")
    second_round(out, matrix, key)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "build/demo")))
