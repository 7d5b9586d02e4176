"""Benchmarks: speed and memory as ratios against baselines run in the same process.

Machines here are noisy, so nothing is quoted in seconds: each line compares
two measurements taken side by side (best of several rounds), e.g. parsing a
notice ten times as long must cost about ten times as much (linear), and the
parser's cost is shown against a plain JSON round trip of the same notice.

Run: make bench   (or: python bench/run.py [--quick] [--only rounds] …)
"""

from __future__ import annotations

import argparse
import gc
import itertools
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import attrs

from gzgk import Matrix, Registry, dump_notice, load_notice_text, parse_text
from gzgk.excel.batch import stopped_workers
from gzgk.model import Notice, Task
from gzgk.numbering import format_numeral

SEED = (resources.files("gzgk") / "data" / "notices" / "ganzhou-2024.txt").read_text("utf-8")
REGISTRY = Registry.bundled()


_FOLDERS = itertools.count(1)


def fresh(folder: Path) -> Path:
    """A new folder beside ``folder`` for each round (generate never replaces returns)."""
    return folder.with_name(f"{folder.name}-{next(_FOLDERS)}")


def best_time(work: Callable[[], object], rounds: int) -> float:
    """The fastest of ``rounds`` runs of ``work``, in seconds (only ever used in ratios)."""
    times = []
    for _ in range(rounds):
        gc.collect()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


class Paired(NamedTuple):
    """Two measurements taken in turn: the fastest wall and the least CPU time of each."""

    ours: float
    baseline: float
    ours_cpu: float
    baseline_cpu: float


def tree_cpu() -> float:
    """CPU seconds used so far by this process and its descendants, ended ones included.

    Workers forked by the fork server are its children, not ours: their time is
    counted once the server has reaped them (``cutime`` in ``/proc``). Linux only
    (elsewhere: this process alone).
    """
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    children: dict[int, list[int]] = {}
    fields: dict[int, list[str]] = {}
    try:
        entries = [entry.name for entry in Path("/proc").iterdir() if entry.name.isdigit()]
    except OSError:
        return time.process_time()
    for entry in entries:
        try:
            stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        fields[int(entry)] = stat
        children.setdefault(int(stat[1]), []).append(int(entry))
    total, stack = 0, [os.getpid()]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, ()))
        if pid in fields:  # utime, stime, cutime, cstime
            total += sum(int(value) for value in fields[pid][11:15])
    return total / tick


def paired_times(
    ours: Callable[[], object],
    baseline: Callable[[], object],
    rounds: int,
    settle: Callable[[], object] = lambda: None,
) -> Paired:
    """``rounds`` runs of each, in turn (ours, baseline, ours …): wall and CPU time.

    On a shared machine the load comes and goes; taking turns gives both the
    same chances, where measuring one after the other can hand one a quiet
    minute. CPU time (of every process, workers too) moves far less with the
    load than wall time does. ``settle`` runs after each run's wall time is
    taken and before its CPU time is: work still finishing in the background
    (workers stopping) counts in the CPU time of the run that left it.
    """
    runs: list[list[tuple[float, float]]] = [[], []]
    for _ in range(rounds):
        for work, times in ((ours, runs[0]), (baseline, runs[1])):
            gc.collect()
            cpu, start = tree_cpu(), time.perf_counter()
            work()
            wall = time.perf_counter() - start
            settle()
            time.sleep(0.05)  # let the fork server reap the workers, so their time counts
            times.append((wall, tree_cpu() - cpu))
    mine, theirs = runs
    return Paired(
        min(wall for wall, _ in mine),
        min(wall for wall, _ in theirs),
        min(cpu for _, cpu in mine),
        min(cpu for _, cpu in theirs),
    )


def peak_memory(work: Callable[[], object]) -> int:
    """Peak bytes allocated while ``work`` runs (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def longer_text(times: int) -> str:
    """The seed with its task table repeated: a notice with 12 × ``times`` tasks."""
    head, _, table = SEED.partition("主要任务 牵头单位 责任单位")
    rows = table.split("(一)", 1)[1]
    blocks = []
    for copy in range(times):
        block = "(一)" + rows
        for index in range(12, 0, -1):
            old = format_numeral(index)
            new = format_numeral(copy * 12 + index)
            block = block.replace(f"({old})", f"({new})")
        blocks.append(block)
    return head + "主要任务 牵头单位 责任单位\n\n" + "".join(blocks)


def wide_notice(times: int) -> Notice:
    """The seed notice with its tasks repeated ``times`` times (for matrix scaling)."""
    notice = load_notice_text(dump_notice(parse(SEED).notice, "json"), "json")
    tasks: list[Task] = []
    for copy in range(times):
        for task in notice.tasks:
            seq = copy * len(notice.tasks) + task.seq
            tasks.append(attrs.evolve(task, seq=seq, number=str(seq)))
    return attrs.evolve(notice, tasks=tuple(tasks))


def parse(text: str) -> object:
    """Parse with the registry hint, as the CLI does."""
    return parse_text(text, known=lambda name: REGISTRY.find(name) is not None)


def report(label: str, ratio: float, note: str) -> None:
    """One result line."""
    print(f"{label:<46} {ratio:8.2f}×  {note}")


_PARTS = ("parse", "returns", "merge", "generate", "rounds")


def main() -> None:
    """Run the benchmarks (every part, or the ones named) and print ratios."""
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--quick", action="store_true", help="fewer rounds (for smoke tests)")
    options.add_argument(
        "--only", choices=_PARTS, action="append", help="run this part only (may be repeated)"
    )
    arguments = options.parse_args()
    quick, parts = arguments.quick, arguments.only or _PARTS
    rounds = 2 if quick else 7
    if "parse" in parts:
        parsing(rounds)
        layouts(rounds)
    if "returns" in parts:
        returns(rounds)
    if "merge" in parts:
        consolidation(rounds, quick=quick)
    if "generate" in parts:
        generation(rounds, quick=quick)
    if "rounds" in parts:
        round_on_round(rounds, quick=quick)
    print(f"(best of {rounds} rounds; 1.00× means equal cost)")


def parsing(rounds: int) -> None:
    """The parser and the matrix: cost against a JSON load, and linear growth."""
    seed = parse(SEED).notice  # type: ignore[attr-defined]
    json_text = dump_notice(seed, "json")
    round_trip = best_time(lambda: load_notice_text(json_text, "json"), rounds)
    parse_seed = best_time(lambda: parse(SEED), rounds)
    report("parse seed text / JSON load of same notice", parse_seed / round_trip, "parser cost")

    ten = longer_text(8)
    assert len(parse(ten).notice.tasks) == 12 * 8  # type: ignore[attr-defined]  # noqa: S101
    parse_ten = best_time(lambda: parse(ten), max(2, rounds // 2))
    report("parse 96 tasks / parse 12 tasks", parse_ten / parse_seed, "≈8 means linear")

    small, large = wide_notice(1), wide_notice(10)
    build_small = best_time(lambda: Matrix.build(small, REGISTRY), rounds)
    build_large = best_time(lambda: Matrix.build(large, REGISTRY), rounds)
    report("matrix build 120 tasks / 12 tasks", build_large / build_small, "≈10 means linear")

    matrix = Matrix.build(large, REGISTRY)
    queries = best_time(lambda: [matrix.tasks_of(u, expand=True) for u in REGISTRY.units], rounds)
    report("tasks_of every unit (120 tasks) / matrix build", queries / build_large, "query cost")

    memory_small = peak_memory(lambda: Matrix.build(small, REGISTRY))
    memory_large = peak_memory(lambda: Matrix.build(large, REGISTRY))
    report(
        "matrix build peak memory 120 / 12 tasks", memory_large / memory_small, "≈10 means linear"
    )
    memory_parse = peak_memory(lambda: parse(SEED))
    report(
        "parse seed peak memory / seed text size",
        memory_parse / len(SEED.encode()),
        "bytes per byte",
    )


LARGE = 120  # tasks of the larger notices in the layout benchmarks


def list_notice(tasks: int) -> str:
    """A notice written as a list: 一、 sections, label lines and unlabelled forms, in turn."""
    lines = ["关于印发重点工作任务分工的通知"]
    for number in range(1, tasks + 1):
        if number % 10 == 1:
            lines.append(f"{format_numeral(number // 10 + 1)}、第{number // 10 + 1}部分")
        if number % 2:
            lines += [
                f"{number}.推进第{number}项重点工作，完善工作机制，强化督促落实。",
                "牵头单位：市发改委",
                "配合单位：市财政局、各县（市、区）人民政府",
            ]
        else:
            lines.append(f"{number}.做好第{number}项民生工作。（市教育局牵头，市财政局配合）")
    return "\n".join(lines) + "\n"


def web_table(rows: int) -> str:
    """A web table copied one cell per line, rows split by a line of ``|``."""
    lines = ["序号 |", "项目名称 |", "建设内容 |", "责任单位 |", "|"]
    for number in range(1, rows + 1):
        lines += [f"{number} |", f"第{number}个项目 |", f"建设第{number}项工程。 |"]
        lines += ["住建局 |", "|"]
    return "\n".join(lines) + "\n"


def paged_task(pages: int) -> str:
    """A PDF table whose one task runs over ``pages`` pages (the heading repeated on each)."""
    heading = "主要任务 牵头单位 责任单位"
    lines = [heading, "（一）推进政务公开"]
    for page in range(pages):
        if page:
            lines.append(heading)
        comma = "、" if page < pages - 1 else ""
        lines += [
            f"第{page + 1}页的工作内容，继续推进政务公开标准化规范化建设，",
            "完善工作机制。",
            f"市第{page + 1}局{comma}",
            f"县第{page + 1}局{comma}",
        ]
    lines += ["（二）做好培训", "组织开展政务公开培训。", "市政府办公室", "市政府各部门"]
    return "\n".join(lines) + "\n"


def layouts(rounds: int) -> None:
    """Every layout scales linearly: ten times the tasks, or pages, cost about ten times."""
    small, large = list_notice(12), list_notice(LARGE)
    assert len(parse(large).notice.tasks) == LARGE  # type: ignore[attr-defined]  # noqa: S101
    ratio = best_time(lambda: parse(large), rounds) / best_time(lambda: parse(small), rounds)
    report("parse list 120 tasks / 12 tasks", ratio, "≈10 means linear")
    small, large = web_table(12), web_table(LARGE)
    assert len(parse(large).notice.tasks) == LARGE  # type: ignore[attr-defined]  # noqa: S101
    ratio = best_time(lambda: parse(large), rounds) / best_time(lambda: parse(small), rounds)
    report("parse web table 120 rows / 12 rows", ratio, "≈10 means linear")
    ten, twenty = paged_task(10), paged_task(20)
    leads = tuple(f"市第{page}局" for page in range(1, 21))
    assert parse(twenty).notice.tasks[0].lead == leads  # type: ignore[attr-defined]  # noqa: S101
    ratio = best_time(lambda: parse(twenty), rounds) / best_time(lambda: parse(ten), rounds)
    report(
        "parse a task over 20 pages / over 10 pages",
        ratio,
        "≈2 linear, ≈4 pages² (was exponential)",
    )


def returns(rounds: int) -> None:
    """Return workbooks: reading with calamine + streamed XML against a full openpyxl load."""
    from openpyxl import load_workbook  # noqa: PLC0415 - the baseline

    from gzgk.excel.checks import CheckContext  # noqa: PLC0415
    from gzgk.excel.fill import fill_return  # noqa: PLC0415
    from gzgk.excel.generate import generate_returns  # noqa: PLC0415
    from gzgk.excel.read import read_return  # noqa: PLC0415
    from gzgk.excel.validate import validate_file, validate_paths  # noqa: PLC0415
    from gzgk.returns import Entry, Filled  # noqa: PLC0415

    matrix = Matrix.build(parse(SEED).notice, REGISTRY)  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        generated = generate_returns(matrix, out / "blank")
        entries = {
            task.number: Entry(
                status="推进中", progress="已制定工作方案，按月调度推进，完成阶段目标。" * 3
            )
            for task in matrix.notice.tasks
        }
        filled = Filled(contact="王芳", phone="0797-8992059", entries=entries)
        one = out / "filled.xlsx"
        fill_return(generated.files[0], one, filled)
        full_load = best_time(lambda: load_workbook(one).close(), rounds)
        report(
            "read_return / openpyxl full load (same file)",
            best_time(lambda: read_return(one), rounds) / full_load,
            "<1 is faster",
        )
        context = CheckContext(notice=matrix.notice, registry=REGISTRY)
        check_one = best_time(lambda: validate_file(one, context), rounds)
        report(
            "validate one return / openpyxl full load", check_one / full_load, "read + every check"
        )
        few, many = out / "few", out / "many"
        for batch_folder, count in ((few, 50), (many, 250)):
            batch_folder.mkdir()
            for index in range(count):
                (batch_folder / f"{index:03d}.xlsx").write_bytes(one.read_bytes())
        validate_paths([few], notice=matrix.notice, registry=REGISTRY)  # starts the worker server
        small = best_time(
            lambda: validate_paths([few], notice=matrix.notice, registry=REGISTRY),
            max(2, rounds // 3),
        )
        large = best_time(
            lambda: validate_paths([many], notice=matrix.notice, registry=REGISTRY),
            max(2, rounds // 3),
        )
        report(
            "validate 250 returns / validate 50 (workers)", large / small, "≤5: linear or better"
        )
        generate_all = best_time(
            lambda: generate_returns(matrix, fresh(out / "again")), max(2, rounds // 3)
        )
        report("generate 55 returns / openpyxl full load", generate_all / full_load, "whole notice")
        read_memory = peak_memory(lambda: read_return(one))
        openpyxl_memory = peak_memory(lambda: load_workbook(one).close())
        report(
            "read_return peak memory / openpyxl full load",
            read_memory / openpyxl_memory,
            "<1 is leaner",
        )


# -- consolidation -------------------------------------------------------------

PROGRESS = (
    "围绕任务要求制定印发了工作方案，明确责任科室和完成时限；建立工作台账，实行清单化管理、"
    "销号式推进；在政府门户网站开设专栏，集中发布信息{n}条。目前已完成年度目标任务的{p}%。"
)


def filled_returns(matrix: Matrix, folder: Path) -> list[Path]:
    """Every unit's return of the notice, filled in as a unit would (one file per unit)."""
    from gzgk.excel.fill import fill_return  # noqa: PLC0415
    from gzgk.excel.generate import generate_returns  # noqa: PLC0415
    from gzgk.returns import Entry, Filled  # noqa: PLC0415

    generated = generate_returns(matrix, folder / "blank")
    paths = []
    for number, (plan, blank) in enumerate(zip(generated.plans, generated.files, strict=True)):
        entries = {
            task.number: Entry(
                status=("已完成", "推进中", "未启动")[(number + task.seq) % 3],
                progress=PROGRESS.format(n=number + task.seq, p=60 + number % 40),
                evidence="工作方案、会议纪要",
                problems="基层工作力量不足。",
                plans="下半年开展专项督查。",
            )
            for task, _role in plan.items
        }
        filled = Filled(contact="王芳", phone="0797-8992059", entries=entries)
        paths.append(folder / "one" / blank.name)
        fill_return(blank, paths[-1], filled)
    return paths


def copies(sources: list[Path], folder: Path, count: int) -> Path:
    """``count`` returns in ``folder`` (a hundred per subfolder), copied round the units."""
    for index in range(count):
        source = sources[index % len(sources)]
        target = folder / f"{index // 100:03d}" / f"{index:05d}-{source.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    return folder


def calamine_read(files: list[Path]) -> None:
    """The bare read: the cells a merge reads, of every file, with python-calamine.

    That is every value of the two sheets a return's reader takes its cells
    from (落实情况 and _meta), read as the reader reads them; the 填报说明 sheet,
    which no merge reads, is left out, so the baseline does no work the merge
    skips. One process, no checks, nothing kept.
    """
    from python_calamine import CalamineWorkbook  # noqa: PLC0415 - the baseline

    from gzgk.contract import RETURN  # noqa: PLC0415

    for path in files:
        book = CalamineWorkbook.from_path(str(path))
        for name in (RETURN.ENTRY_SHEET, RETURN.META_SHEET):
            book.get_sheet_by_name(name).to_python(skip_empty_area=False)


def pandas_read(files: list[Path]) -> None:
    """What a user would write: read_excel(sheet_name=None) for every file, then concat."""
    import pandas as pd  # noqa: PLC0415 - the baseline

    frames = [
        frame
        for path in files
        for frame in pd.read_excel(path, sheet_name=None, engine="openpyxl").values()
    ]
    pd.concat(frames)


MERGE = """
import resource, sys
from pathlib import Path
from gzgk import load_notice
from gzgk.excel.merge import merge_paths
from gzgk.excel.summary_book import write_summary

def peak():
    # VmHWM starts afresh at exec; ru_maxrss would carry over the parent's peak on Linux.
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024

if __name__ == "__main__":
    summary = merge_paths([sys.argv[1]], notice=load_notice("ganzhou-2024"))
    write_summary(summary, Path(sys.argv[2]))
    print(peak())
"""


def merge_memory(folder: Path, out: Path) -> int:
    """Peak resident memory (bytes) of a fresh process merging ``folder`` (workers apart)."""
    script = out / "merge.py"
    script.write_text(MERGE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), str(folder), str(out / "汇总.xlsx")],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.split()[-1])


def consolidation(rounds: int, *, quick: bool) -> None:
    """Merging N returns: against a bare calamine read and against pandas; memory at 10× N."""
    from gzgk.excel.merge import merge_paths  # noqa: PLC0415
    from gzgk.excel.summary_book import write_summary  # noqa: PLC0415

    count = 60 if quick else 1000
    matrix = Matrix.build(parse(SEED).notice, REGISTRY)  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        sources = filled_returns(matrix, work)
        folder = copies(sources, work / "many", count)
        files = sorted(folder.rglob("*.xlsx"))

        def merge() -> None:
            write_summary(merge_paths([folder], notice=matrix.notice), work / "汇总.xlsx")

        merge()  # the first merge starts the worker server; rounds measure what follows
        ours, bare, _, _ = paired_times(
            merge, lambda: calamine_read(files), max(2, rounds // 2), stopped_workers
        )
        report(f"merge {count} returns / bare calamine read", ours / bare, "target ≤ 2")
        pandas = best_time(lambda: pandas_read(files), 1 if quick else 2)
        report(f"pandas read_excel {count} / merge {count}", pandas / ours, "target ≥ 4 (faster)")

        small = merge_memory(folder, work)
        many = copies(sources, work / "more", count * 10)
        large = merge_memory(many, work)
        report(
            f"merge peak memory {count * 10} / {count} returns",
            large / small,
            f"≈1 means streamed; {large / 2**20:.0f} MB at {count * 10} (target < 300 MB)",
        )


ROUND_MERGE = """
import os, sys, threading, time
from pathlib import Path
from gzgk import load_notice
from gzgk.excel.merge import merge_paths
from gzgk.excel.previous import read_previous
from gzgk.excel.summary_book import write_summary
from gzgk.history import History
from gzgk.model import Round

def tree_rss(root):
    # The resident memory of a process and all its descendants, from /proc.
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, ()))
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
    return total

peak = 0
done = threading.Event()

def watch():
    global peak
    while not done.is_set():
        peak = max(peak, tree_rss(os.getpid()))
        time.sleep(0.05)

if __name__ == "__main__":
    folder, previous, history, out = sys.argv[1:5]
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    round_ = Round(name="2024年第三季度")
    summary = merge_paths(
        [folder], notice=load_notice("ganzhou-2024"), round=round_, previous=read_previous(previous)
    )
    with History.open(history, create=True) as ledger, ledger.recording(summary):
        write_summary(summary, Path(out))
    done.set()
    watcher.join()
    print(peak)
"""


def round_returns(matrix: Matrix, folder: Path, previous: object) -> list[Path]:
    """Every unit's return of a round, pre-filled from last round and updated (one per unit)."""
    from gzgk.excel.fill import fill_return  # noqa: PLC0415
    from gzgk.excel.generate import generate_returns  # noqa: PLC0415
    from gzgk.model import Round  # noqa: PLC0415
    from gzgk.returns import Entry, Filled  # noqa: PLC0415

    generated = generate_returns(
        matrix,
        folder / "blank2",
        round=Round(name="2024年第三季度"),
        previous=previous,  # type: ignore[arg-type]
    )
    paths = []
    for number, (plan, blank) in enumerate(zip(generated.plans, generated.files, strict=True)):
        entries = {
            task.number: Entry(
                status=("已完成", "推进中", "推进中")[(number + task.seq) % 3],
                progress=PROGRESS.format(n=number + task.seq + (task.seq % 2), p=70),
                news=("是", "否")[task.seq % 2],
            )
            for task, _role in plan.items
        }
        filled = Filled(
            contact="王芳", phone="0797-8992059", reviewer="李明", date=None, entries=entries
        )
        paths.append(folder / "two" / blank.name)
        fill_return(blank, paths[-1], filled)
    return paths


def round_memory(folder: Path, previous: Path, out: Path) -> int:
    """Peak resident memory (bytes) of the whole process tree merging a round with history."""
    script = out / "round_merge.py"
    script.write_text(ROUND_MERGE, encoding="utf-8")
    history = out / "memory.sqlite"
    history.unlink(missing_ok=True)
    done = subprocess.run(
        [
            sys.executable,
            str(script),
            str(folder),
            str(previous),
            str(history),
            str(out / "r.xlsx"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.split()[-1])


def round_on_round(rounds: int, *, quick: bool) -> None:
    """Merging N returns of a round with the comparison and the history (issue 17)."""
    from gzgk.excel.merge import merge_paths  # noqa: PLC0415
    from gzgk.excel.previous import read_previous  # noqa: PLC0415
    from gzgk.excel.summary_book import write_summary  # noqa: PLC0415
    from gzgk.history import History  # noqa: PLC0415
    from gzgk.model import Round  # noqa: PLC0415

    count = 60 if quick else 1000
    matrix = Matrix.build(parse(SEED).notice, REGISTRY)  # type: ignore[attr-defined]
    round_ = Round(name="2024年第三季度")
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        first = filled_returns(matrix, work)
        last = work / "上期汇总表.xlsx"
        write_summary(merge_paths([first[0].parent], notice=matrix.notice), last)
        previous = read_previous(last)
        sources = round_returns(matrix, work, previous)
        folder = copies(sources, work / "many", count)
        files = sorted(folder.rglob("*.xlsx"))

        def merge() -> None:
            summary = merge_paths([folder], notice=matrix.notice, round=round_, previous=previous)
            with (
                History.open(work / "台账.sqlite", create=True) as history,
                history.recording(summary),
            ):
                write_summary(summary, work / "汇总.xlsx")

        merge()  # the worker server starts once; the history is created once
        timed = paired_times(
            merge, lambda: calamine_read(files), max(3, rounds // 2), stopped_workers
        )
        ours = timed.ours
        report(
            f"round merge {count} + comparison + history / bare calamine",
            ours / timed.baseline,
            "target ≤ 2 (wall, workers on every core)",
        )
        report(
            "  the same, CPU seconds of every process",
            timed.ours_cpu / timed.baseline_cpu,
            "work done, whatever the load (ours on every core, the read on one)",
        )
        pandas = best_time(lambda: pandas_read(files), 1 if quick else 2)
        report(f"pandas read_excel {count} / round merge {count}", pandas / ours, "target ≥ 4")
        many = copies(sources, work / "more", count * 10)
        peak = round_memory(many, last, work)
        label = f"round merge {count * 10} with history: process tree peak"
        print(f"{label:<46} {peak / 2**20:7.0f} MB  target < 300 MB")


def big_registry(counties: int) -> Registry:
    """A province-sized registry: ``counties`` county governments under the seed's groups."""
    units = "".join(
        f'[[units]]\nid = "c{index:04d}"\nname = "第{index}县人民政府"\n'
        f'short_name = "第{index}县"\nkind = "county"\n\n'
        for index in range(1, counties + 1)
    )
    groups = (
        '[[groups]]\nid = "counties"\nname = "各县（市、区）人民政府"\nkinds = ["county"]\n\n'
        '[[groups]]\nid = "departments"\nname = "市政府各部门"\nkinds = ["department"]\n\n'
        '[[groups]]\nid = "relevant"\nname = "市政府有关部门"\nkinds = ["department"]\n'
        "per_task = true\n"
    )
    return Registry.from_toml(f'name = "测试省"\n\n{units}{groups}')


def openpyxl_write(workbooks: list[list[tuple[str, list[list[object]]]]], folder: Path) -> None:
    """The baseline: the same cells written with plain openpyxl, one workbook after the other."""
    from openpyxl import Workbook  # noqa: PLC0415 - the baseline

    for number, sheets in enumerate(workbooks):
        book = Workbook()
        book.remove(book.active)  # type: ignore[arg-type]
        for title, rows in sheets:
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
        book.save(folder / f"{number:05d}.xlsx")


def generation(rounds: int, *, quick: bool) -> None:
    """Generating N returns (every core) against writing the same cells with plain openpyxl."""
    from python_calamine import CalamineWorkbook  # noqa: PLC0415

    from gzgk.excel.generate import generate_returns  # noqa: PLC0415

    count = 60 if quick else 1000
    registry = big_registry(count)
    matrix = Matrix.build(parse(SEED).notice, registry)  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        generated = generate_returns(matrix, work / "ours")
        assert len(generated.files) == count  # noqa: S101
        workbooks = []
        for path in generated.files:
            book = CalamineWorkbook.from_path(str(path))
            sheets = [(name, book.get_sheet_by_name(name).to_python()) for name in book.sheet_names]
            workbooks.append(sheets)
        (work / "openpyxl").mkdir()
        ours = best_time(
            lambda: generate_returns(matrix, fresh(work / "ours")), max(2, rounds // 3)
        )
        plain = best_time(lambda: openpyxl_write(workbooks, work / "openpyxl"), max(2, rounds // 3))
        report(
            f"openpyxl same cells {count} / generate {count}", plain / ours, "target ≥ 2 (faster)"
        )


if __name__ == "__main__":
    main()
