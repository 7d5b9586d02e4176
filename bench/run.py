"""Benchmarks: speed and memory as ratios against baselines run in the same process.

Machines here are noisy, so nothing is quoted in seconds: each line compares
two measurements taken side by side (best of several rounds), e.g. parsing a
notice ten times as long must cost about ten times as much (linear), and the
parser's cost is shown against a plain JSON round trip of the same notice.

Run: make bench   (or: python bench/run.py [--quick])
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import attrs

from gzgk import Matrix, Registry, dump_notice, load_notice_text, parse_text
from gzgk.model import Notice, Task
from gzgk.numbering import format_numeral

SEED = (resources.files("gzgk") / "data" / "notices" / "ganzhou-2024.txt").read_text("utf-8")
REGISTRY = Registry.bundled()


def best_time(work: Callable[[], object], rounds: int) -> float:
    """The fastest of ``rounds`` runs of ``work``, in seconds (only ever used in ratios)."""
    times = []
    for _ in range(rounds):
        gc.collect()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


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


def main() -> None:
    """Run every benchmark and print ratios."""
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--quick", action="store_true", help="fewer rounds (for smoke tests)")
    rounds = 2 if options.parse_args().quick else 7

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
    returns(rounds)
    print(f"(best of {rounds} rounds; 1.00× means equal cost)")


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
        many = out / "many"
        many.mkdir()
        for index in range(50):
            (many / f"{index:02d}.xlsx").write_bytes(one.read_bytes())
        batch = best_time(
            lambda: validate_paths([many], notice=matrix.notice, registry=REGISTRY),
            max(2, rounds // 3),
        )
        report("validate 50 returns / validate 1 return", batch / check_one, "≈50 means linear")
        generate_all = best_time(
            lambda: generate_returns(matrix, out / "again"), max(2, rounds // 3)
        )
        report("generate 55 returns / openpyxl full load", generate_all / full_load, "whole notice")
        read_memory = peak_memory(lambda: read_return(one))
        openpyxl_memory = peak_memory(lambda: load_workbook(one).close())
        report(
            "read_return peak memory / openpyxl full load",
            read_memory / openpyxl_memory,
            "<1 is leaner",
        )


if __name__ == "__main__":
    main()
