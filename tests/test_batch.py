"""Reading batches in bounded workers: forged zips, memory, dying readers, chunks (real processes)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pebble
import pytest
from support.processes import MB, run_measured, supported, workers_of
from support.returns import KEY, crashing, filled, lying, swollen

from gzgk import Limits, Registry, WorkersUnavailableError
from gzgk.excel.batch import (
    Job,
    _Pools,
    _Schedule,
    chunk_size,
    collect_jobs,
    read_batch,
    stopped_workers,
)
from gzgk.excel.read import ReturnReadError, read_return
from gzgk.excel.validate import validate_paths

GZGK = str(Path(sys.executable).with_name("gzgk"))
LIE = 1024 * MB  # what the forged part really inflates to
measured = pytest.mark.skipif(not supported(), reason="process memory is read from /proc")


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """章贡区's return, filled in completely and validly (signed)."""
    return filled(tmp_path_factory.mktemp("good"), key=KEY)


@pytest.fixture(scope="module")
def forged(good: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The return with xl/workbook.xml inflating to 1 GiB while every header gives its true size."""
    return lying(good, tmp_path_factory.mktemp("forged") / "市审计局.xlsx", inflated=LIE)


def _inflates_to(path: Path, part: str) -> int:
    """What a part really inflates to, counted here in small steps (never held)."""
    with zipfile.ZipFile(path) as archive, path.open("rb") as raw:
        info = archive.getinfo(part)
        raw.seek(info.header_offset + 26)
        skip = int.from_bytes(raw.read(2), "little") + int.from_bytes(raw.read(2), "little")
        raw.seek(skip, os.SEEK_CUR)
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        made, left = 0, info.compress_size
        while left:
            data = raw.read(min(left, MB))
            left -= len(data)
            while data:
                made += len(inflater.decompress(data, MB))
                data = inflater.unconsumed_tail
        return made


def test_forged_zip_is_a_real_lie(forged: Path) -> None:
    """The forged return is a 1 MB file whose zip claims some 80 KB and inflates to over 1 GiB."""
    assert forged.stat().st_size < 2 * MB
    with zipfile.ZipFile(forged) as archive:
        assert sum(info.file_size for info in archive.infolist()) < 100 * 1024
        assert archive.getinfo("xl/workbook.xml").file_size < 2048
    assert _inflates_to(forged, "xl/workbook.xml") >= LIE


def test_forged_zip_is_refused_by_counting(forged: Path) -> None:
    """Reading counts what each part inflates to: the forged part is file-zip-bomb, named."""
    with pytest.raises(ReturnReadError) as caught:
        read_return(forged)
    issue = caught.value.issue(str(forged))
    assert issue.code == "file-zip-bomb"
    assert "xl/workbook.xml" in issue.message
    assert "目录是伪造的" in issue.message


@measured
def test_forged_zips_in_a_batch_stay_small(forged: Path, good: Path, tmp_path: Path) -> None:
    """Three forged returns and a good one: each forged one refused, no process near 1 GiB.

    The whole process tree of ``gzgk validate`` is watched: the command, the
    fork server and every worker.
    """
    folder = tmp_path / "报回"
    folder.mkdir()
    for name in ("市审计局.xlsx", "市统计局.xlsx", "市医保局.xlsx"):
        shutil.copy(forged, folder / name)
    shutil.copy(good, folder / "章贡区.xlsx")
    done = run_measured(
        [GZGK, "validate", str(folder), "--key", _key_file(tmp_path), "--format", "json"]
    )
    assert done.returncode == 1, done.stderr
    files = {Path(f["path"]).name: f for f in json.loads(done.stdout)["files"]}
    assert [i["code"] for i in files["市审计局.xlsx"]["issues"]] == ["file-zip-bomb"]
    assert [i["code"] for i in files["市医保局.xlsx"]["issues"]] == ["file-zip-bomb"]
    assert files["章贡区.xlsx"]["valid"]
    assert len(done.peaks) >= 3  # the command, the fork server, workers: all measured
    assert done.largest < 200 * MB, done.peaks
    assert done.tree_peak < 600 * MB, done.peaks


def _key_file(folder: Path) -> str:
    path = folder / "签名密钥.txt"
    KEY.save(path)
    return str(path)


@measured
def test_file_needing_more_memory_than_allowed(good: Path, tmp_path: Path) -> None:
    """A return that needs more memory than a worker may take: file-memory-exceeded, the rest read.

    The limit is the worker's address space (RLIMIT_AS); the same limit reads
    an ordinary return, so it is the big file, not the limit, that fails.
    """
    big = swollen(good, tmp_path / "市商务局.xlsx", text=12 * MB)
    assert big.stat().st_size < Limits().file_bytes  # not refused by its size: it is read
    script = tmp_path / "read.py"
    script.write_text(
        "import json, sys\n"
        "import gzgk\n\n"
        'if __name__ == "__main__":\n'
        "    limits = gzgk.Limits(memory_bytes=16 * 1024 * 1024)\n"
        "    report = gzgk.validate_paths(sys.argv[1:], limits=limits, workers=2)\n"
        "    print(json.dumps({f.path: [i.code for i in f.issues] for f in report.files}))\n",
        encoding="utf-8",
    )
    done = run_measured([sys.executable, str(script), str(big), str(good)])
    assert done.returncode == 0, done.stderr
    codes = json.loads(done.stdout)
    assert codes[str(big)] == ["file-memory-exceeded"]
    assert codes[str(good)] == []
    assert done.largest < 200 * MB, done.peaks
    [read] = validate_paths([big]).files  # with the default limits it is read (and judged)
    assert "file-memory-exceeded" not in {issue.code for issue in read.issues}
    assert "task-row-added" in {issue.code for issue in read.issues}  # its rows were seen


def test_chunked_batch_retries_a_dying_chunk_file_by_file(good: Path, tmp_path: Path) -> None:
    """120 files, eight to a task, one aborting its reader: every file has its own record.

    The killer's worker really dies (SIGABRT on a failed allocation); its chunk
    is run again one file per task, so its seven neighbours are read normally.
    """
    folder = tmp_path / "报回"
    folder.mkdir()
    others = [filled(tmp_path, unit, key=KEY) for unit in ("南康区", "市司法局", "瑞金市")]
    for number in range(119):
        source = (good, *others)[number % 4]
        shutil.copy(source, folder / f"{number:03d}-{source.stem}.xlsx")
    killer = crashing(folder, "050-市公安局.xlsx")
    jobs = collect_jobs([folder])
    assert len(jobs) == 120
    assert chunk_size(len(jobs), 2) > 1  # the chunked path
    records = list(read_batch(jobs, registry=Registry.bundled(), key=KEY, workers=2))
    assert sorted(record.path for record in records) == sorted(job.name for job in jobs)
    failed = {record.path: record.report for record in records if not record.report.valid}
    assert list(failed) == [str(killer)]
    [issue] = failed[str(killer)].issues
    assert issue.code == "file-memory-exceeded"
    assert "SIGABRT" in issue.message  # the worker really died


@measured
def test_worker_memory_limit_is_set(tmp_path: Path) -> None:
    """A worker's address space is capped at what it holds plus Limits.memory_bytes."""
    script = tmp_path / "limit.py"
    script.write_text(
        "import resource\n"
        "from gzgk.workers import Limits, start_worker\n"
        "start_worker(Limits(memory_bytes=64 * 1024 * 1024))\n"
        "print(resource.getrlimit(resource.RLIMIT_AS)[0])\n"
        "try:\n"
        "    bytearray(128 * 1024 * 1024)\n"
        "except MemoryError:\n"
        "    print('refused')\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True)
    limit, outcome = done.stdout.split()
    assert int(limit) < 1024 * MB
    assert outcome == "refused"


@measured
def test_workers_stop_after_the_batch(
    good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the last record is out the workers stop in the background: none is left, nor logs.

    The logs' folder is made in a temporary folder of this test's own, so other
    runs sharing the machine's temporary folder cannot add to what is counted.
    """
    temporary = tmp_path / "临时"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    returns = tmp_path / "报回"
    returns.mkdir()
    for number in range(4):
        shutil.copy(good, returns / f"{number}-章贡区.xlsx")
    records = list(read_batch(collect_jobs([returns]), registry=Registry.bundled(), workers=2))
    assert [record.report.valid for record in records] == [True] * 4
    assert stopped_workers(timeout=60)
    deadline = time.monotonic() + 10  # the fork server reaps its ended children in its own time
    while workers_of(os.getpid()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert workers_of(os.getpid()) == []
    assert list(temporary.glob("gzgk-workers-*")) == []


@measured
def test_log_folders_left_by_killed_batches_are_removed_after_a_day(
    good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch killed outright leaves its folder of worker logs; the next batch removes it.

    Only once it is a day old (a running batch's folder is younger), only gzgk's
    own log folders, never a link or a file of that name.
    """
    temporary = tmp_path / "临时"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    day = 24 * 3600
    stale, fresh, other = (
        temporary / name for name in ("gzgk-workers-a", "gzgk-workers-b", "其他")
    )
    for folder in (stale, fresh, other):
        folder.mkdir()
        (folder / "123.log").write_text("log", encoding="utf-8")
    linked = temporary / "gzgk-workers-link"
    linked.symlink_to(other)
    named = temporary / "gzgk-workers-file"
    named.write_text("not a folder", encoding="utf-8")
    past = time.time() - day - 60
    for path in (stale, other, named):
        os.utime(path, (past, past))
    os.utime(linked, (past, past), follow_symlinks=False)
    os.utime(fresh, (time.time() - day + 600,) * 2)
    returns = tmp_path / "报回"
    returns.mkdir()
    shutil.copy(good, returns / "章贡区.xlsx")
    records = list(read_batch(collect_jobs([returns]), registry=Registry.bundled(), workers=1))
    assert [record.report.valid for record in records] == [True]
    assert stopped_workers(timeout=60)
    left = sorted(path.name for path in temporary.iterdir())
    assert left == ["gzgk-workers-b", "gzgk-workers-file", "gzgk-workers-link", "其他"]
    assert (other / "123.log").exists()


def _twenty_copies(good: Path, tmp_path: Path) -> list[Job]:
    """Twenty copies of one valid return in a folder: the jobs of a batch of them."""
    returns = tmp_path / "报回"
    returns.mkdir()
    for number in range(20):
        shutil.copy(good, returns / f"{number:02d}-章贡区.xlsx")
    return collect_jobs([returns])


@measured
def test_a_worker_killed_while_idle_does_not_stop_the_batch(good: Path, tmp_path: Path) -> None:
    """A worker ended from outside (antivirus, the OOM killer) between files: every file is read.

    pebble gives up a pool whose worker dies while it runs no task it knows of
    (every later task fails, and it refuses new ones); the batch then goes on
    in a fresh pool, and no file is blamed for a death none of them caused.
    """
    jobs = _twenty_copies(good, tmp_path)
    killed: list[int] = []

    def progress(done: int, _total: int) -> None:
        if killed:
            return
        time.sleep(1)  # the eight files scheduled are read; both workers wait for more
        victim = workers_of(os.getpid())[0]
        os.kill(victim, signal.SIGKILL)
        killed.append(victim)
        time.sleep(1)  # pebble sees the death with no task running and gives up the pool

    records = list(read_batch(jobs, registry=Registry.bundled(), workers=2, progress=progress))
    assert killed
    assert sorted(record.path for record in records) == sorted(job.name for job in jobs)
    assert [record.report.valid for record in records] == [True] * 20
    assert stopped_workers(timeout=60)


def _schedule_of(job: Job) -> _Schedule:
    """A schedule of one file over a real (not yet started) pebble pool."""
    pools = _Pools(lambda: pebble.ProcessPool(max_workers=1))
    return _Schedule(pools, [job], 1, Limits())


def test_a_file_that_ends_its_worker_before_it_starts_is_blamed_only_when_alone(
    good: Path, tmp_path: Path
) -> None:
    """A pool whose worker died with no task pebble knew running is given up (a race).

    That cannot be made to happen on purpose, so the schedule is handed what
    pebble hands back then (a task failed with BrokenProcessPool): a file in a
    chunk becomes a suspect; a suspect that was alone in a given-up pool once
    is tried alone again; twice, and it is that file's fault
    (file-reader-crashed), and the pool is started afresh for the others.
    """
    job = collect_jobs([good])[0]
    schedule = _schedule_of(job)
    for alone, suspects in ((None, [(job, 0)]), (0, [(job, 1)])):
        broken: Future[list[object]] = Future()
        broken.set_exception(BrokenProcessPool())
        schedule.running[broken] = ((job,), alone)  # type: ignore[index]
        schedule.settle(broken, tmp_path)  # type: ignore[arg-type]
        assert list(schedule.suspects) == suspects
        assert schedule.take() == []
        assert schedule.given_up
        schedule.suspects.clear()
    broken = Future()
    broken.set_exception(BrokenProcessPool())
    schedule.running[broken] = ((job,), 1)  # type: ignore[index]
    schedule.settle(broken, tmp_path)  # type: ignore[arg-type]
    [record] = schedule.take()
    assert record.path == job.name
    [issue] = record.report.issues
    assert issue.code == "file-reader-crashed"
    assert "两次单独读取" in issue.message
    assert not schedule.suspects
    for pool in schedule.pools.every:
        pool.stop()
        pool.join()


def test_pools_given_up_one_after_another_stop_the_batch_with_a_message() -> None:
    """Three pools in a row given up before any file came back: the workers cannot run here.

    A file coming back in between starts the count again.
    """
    pools = _Pools(lambda: pebble.ProcessPool(max_workers=1))
    pools.replace()
    pools.came_back()
    pools.replace()
    pools.replace()
    with pytest.raises(WorkersUnavailableError) as raised:
        pools.replace()
    assert raised.value.code == "workers-unavailable"
    assert "接连意外退出" in str(raised.value)
    for pool in pools.every:
        pool.stop()
        pool.join()


@measured
def test_a_pool_whose_workers_take_no_file_is_given_up(good: Path, tmp_path: Path) -> None:
    """Workers that stop taking files (stopped, or ended just as they took one) hold no task.

    pebble times out only the tasks a worker took up, so these would be waited
    for for ever; once nothing has come back for longer than any file may
    take, the batch gives the pool up and reads the rest in a new one.
    """
    jobs = _twenty_copies(good, tmp_path)
    stopped: list[int] = []

    def progress(done: int, _total: int) -> None:
        if stopped:
            return
        time.sleep(1)  # the files scheduled are read; both workers wait for more
        stopped.extend(workers_of(os.getpid()))
        for pid in stopped:
            os.kill(pid, signal.SIGSTOP)

    try:
        records = list(
            read_batch(
                jobs,
                registry=Registry.bundled(),
                workers=2,
                limits=Limits(seconds=1),
                progress=progress,
            )
        )
    finally:
        for pid in stopped:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    assert stopped
    assert sorted(record.path for record in records) == sorted(job.name for job in jobs)
    assert [record.report.valid for record in records] == [True] * 20
    assert stopped_workers(timeout=60)
