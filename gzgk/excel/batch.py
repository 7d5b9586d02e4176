"""Reading a batch of returns, each file in an isolated worker process.

One file can take its reader down with it (see :mod:`gzgk.workers`). So every
file is read and checked in a worker of a pebble process pool, on every core,
each worker bounded in memory: a worker that dies is that file's
``file-reader-crashed``, one that runs out of memory (a ``MemoryError``, or a
native reader aborting on a failed allocation) that file's
``file-memory-exceeded``, one past the time budget is ended and the file gets
``file-too-slow``; the pool starts a fresh worker and goes on with the rest.
Results come back as plain :class:`~gzgk.summary.Received` records, one per file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import shutil
import stat
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import attrs
import pebble
from attrs import frozen

from gzgk.contract import RETURN
from gzgk.errors import WorkersUnavailableError
from gzgk.files import Resolver, os_reason
from gzgk.model import Notice
from gzgk.registry import Registry
from gzgk.report import FileReport, Issue
from gzgk.returns import ReturnContent
from gzgk.signing import Key
from gzgk.summary import Received
from gzgk.workers import (
    GRACE,
    Ended,
    Limits,
    Progress,
    ended_by,
    guard_main,
    out_of_memory,
    size_text,
)
from gzgk.workers import start_worker as _bound_worker
from gzgk.workers import worker_context as _worker_context

from . import return_issues
from .checks import CheckContext, examine_return
from .read import ReturnReadError, read_limited, read_return_bytes

__all__ = [
    "SPREADSHEET_SUFFIXES",
    "Job",
    "Progress",
    "chunk_size",
    "collect_jobs",
    "read_batch",
    "read_received",
    "read_returns",
    "stopped_workers",
]

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xls", ".et", ".ods")
_IN_FLIGHT = 4  # tasks queued per worker: enough to keep it busy, few enough to bound memory
_CHUNK = 8  # files per task in large batches
_LOG_PREFIX = "gzgk-workers-"  # a batch's folder of worker logs, in the temporary folder
_STALE = 24 * 3600  # seconds after which a log folder left by a killed batch is removed
_SLACK = 10.0  # seconds a pool may take, past a task's time, to end it and say so
_READ_BEFORE = "已经读过的文件夹（命令中给了两次，或在另一个给出的文件夹里），未重复读取"
_LOOK = 1.0  # seconds a wait for records lasts before the pool itself is looked at
_FRUITLESS_POOLS = 3  # pools given up in a row, no file back, before the batch stops


@frozen
class Job:
    """One path found: where it is, how to name it, where it sits in its folder.

    ``skip`` says why the path is not read (a FIFO, a lock file, a link back
    into a folder already read …); "" for a file to read. Skipped paths are
    reported with their reason, never dropped in silence.
    """

    path: Path
    name: str
    relative: str
    skip: str = ""


def _noise(path: Path) -> str:
    """Why a regular file found in a folder is not a return to read ("" when it may be one)."""
    name = path.name
    if name.startswith(("~$", ".~lock")):
        return "Excel、WPS 或 LibreOffice 的临时锁定文件（说明有人正打开同名的报送表）"
    if name == RETURN.DISTRIBUTION_FILE:
        return "gzgk 生成的分发清单，不是报送表"
    if name.startswith("."):
        return "隐藏文件"
    if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
        return "不是表格文件（报送表应为 .xlsx；盖章扫描件等附件不需要核对）"
    return ""


def _special(info: os.stat_result) -> str:
    """Why a path that is neither a file nor a folder is not read."""
    mode = info.st_mode
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO），不是普通文件"
    if stat.S_ISSOCK(mode):
        return "套接字，不是普通文件"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件，不是普通文件"
    return "不是普通文件"


class _Walk:
    """A folder searched to the bottom: links to folders followed once, loops detected."""

    def __init__(
        self,
        root: Path,
        exclude: Sequence[Path],
        resolver: Resolver,
        visited: set[tuple[int, int]],
    ) -> None:
        self.root = root
        self.exclude = exclude
        self.resolver = resolver
        self.visited = visited  # folders read in this batch, by every walk
        self.found: list[Job] = []

    def job(self, path: Path, skip: str = "") -> None:
        self.found.append(Job(path, str(path), path.relative_to(self.root).as_posix(), skip))

    def folder(self, folder: Path, info: os.stat_result) -> None:
        key = (info.st_dev, info.st_ino)
        if key in self.visited:
            if folder.is_symlink():
                self.job(folder, "链接指向已经读过的文件夹（循环或重复），未重复读取")
            else:
                self.job(folder, _READ_BEFORE)
            return
        self.visited.add(key)
        try:
            entries = sorted(folder.iterdir())
        except OSError as error:
            self.job(folder, f"无法打开文件夹：{os_reason(error)}")
            return
        for entry in entries:
            self.entry(entry)

    def entry(self, path: Path) -> None:
        if _excluded(path, self.exclude, self.resolver):
            self.job(path, "本次运行要写出的文件，未读取")
            return
        try:
            info = path.stat()
        except OSError as error:
            if path.is_symlink():
                self.job(path, f"链接指向的文件不存在或无法访问（{os_reason(error)}）")
            else:
                self.job(path, f"无法访问：{os_reason(error)}")
            return
        if stat.S_ISDIR(info.st_mode):
            if path.suffix.lower() in SPREADSHEET_SUFFIXES:
                self.job(path, "名字像表格文件的文件夹，不是文件（其中的文件另行列出）")
            self.folder(path, info)
        elif stat.S_ISREG(info.st_mode):
            self.job(path, _noise(path))
        else:
            self.job(path, _special(info))


def _excluded(path: Path, exclude: Sequence[Path], resolver: Resolver) -> bool:
    if not exclude:
        return False
    resolved = resolver.resolve(path)
    return any(resolved == other or other in resolved.parents for other in exclude)


def collect_jobs(paths: Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> list[Job]:
    """Every path to account for: named files as given, folders searched to the bottom.

    Paths found in a folder are sorted and keep their place in it
    (``relative``). Links to folders are followed once (a loop is reported,
    not followed). Whatever is not read — lock files, hidden files, files that
    are not spreadsheets, the distribution list, FIFOs and devices, broken
    links, folders that cannot be opened, anything under ``exclude`` — is a
    job with a ``skip`` reason, so the report names it. A file reached twice
    (through a link) is read once; the second path says so. A folder given
    twice, or inside another folder given, is read once; the second says so.
    """
    skip = [Path(item).resolve() for item in exclude]
    jobs: list[Job] = []
    seen: dict[Path, Job] = {}
    resolver = Resolver()
    visited: set[tuple[int, int]] = set()
    for item in paths:
        root = Path(item)
        try:
            info = root.stat()
        except OSError:
            info = None
        if info is not None and stat.S_ISDIR(info.st_mode):
            walk = _Walk(root, skip, resolver, visited)
            walk.folder(root, info)
            found = sorted(walk.found, key=lambda job: job.relative)
        else:
            found = [Job(root, str(root), root.name)]
        for job in found:
            if job.skip:
                jobs.append(job)
                continue
            key = resolver.resolve(job.path)
            first = seen.setdefault(key, job)
            if first is job:
                jobs.append(job)
            else:
                jobs.append(attrs.evolve(job, skip=f"与“{first.name}”是同一个文件，未重复读取"))
    return jobs


def _modified(path: Path) -> dt.datetime | None:
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return None
    return dt.datetime.fromtimestamp(stamp, tz=dt.timezone.utc).astimezone()


@frozen(kw_only=True)
class _Facts:
    """What is known of a file before it is understood."""

    sha256: str = ""
    size: int | None = None
    modified: dt.datetime | None = None

    def received(
        self, job: Job, report: FileReport, content: ReturnContent | None = None
    ) -> Received:
        return Received(
            path=job.name,
            relative=job.relative,
            sha256=self.sha256,
            size=self.size,
            modified=self.modified,
            report=report,
            content=content or ReturnContent(),
        )

    def failed(self, job: Job, issue: Issue) -> Received:
        return self.received(job, FileReport(path=job.name, issues=(issue,)))


def _not_read(job: Job) -> Received:
    """The record of a path that is not read, with its reason."""
    issue = return_issues.PATH_NOT_READ(path=job.name, reason=job.skip)
    return Received(
        path=job.name,
        relative=job.relative,
        report=FileReport(path=job.name, issues=(issue,), read=False),
    )


def read_received(job: Job, context: CheckContext, limits: Limits | None = None) -> Received:
    """Read and check one file in this process; every problem becomes an issue."""
    if job.skip:
        return _not_read(job)
    limits = limits or Limits()
    facts = _Facts(modified=_modified(job.path))
    try:
        data = read_limited(job.path, limits)
    except ReturnReadError as error:
        return facts.failed(job, error.issue(job.name))
    facts = _Facts(sha256=hashlib.sha256(data).hexdigest(), size=len(data), modified=facts.modified)
    try:
        examined = examine_return(read_return_bytes(data, job.name, limits), context)
    except ReturnReadError as error:
        return facts.failed(job, error.issue(job.name))
    except Exception as error:  # noqa: BLE001 - one bad file never stops a batch
        if out_of_memory(error):
            return facts.failed(job, _memory_issue(job, limits, Ended("memory")))
        reason = f"意外错误 {type(error).__name__}: {error}"
        return facts.failed(job, return_issues.FILE_UNREADABLE(path=job.name, reason=reason))
    return facts.received(job, examined.report, examined.content)


# -- the worker side -----------------------------------------------------------

_WORKER: tuple[CheckContext, Limits] | None = None


def _start_worker(  # noqa: PLR0917 - pebble passes initargs by position
    registry: Registry,
    notice: Notice | None,
    key: Key | None,
    limits: Limits,
    logs: str,
    round_: str | None = None,
) -> None:
    """Set up a worker: its check context, its memory bound, its stderr into a log of its own."""
    global _WORKER  # noqa: PLW0603 - one context per worker process, set once
    _WORKER = (CheckContext(registry=registry, notice=notice, key=key, round=round_), limits)
    _bound_worker(limits, str(Path(logs) / f"{os.getpid()}.log"))


def _work(jobs: tuple[Job, ...]) -> list[Received]:
    if _WORKER is None:
        raise RuntimeError("the worker was not started by _start_worker")
    context, limits = _WORKER
    return [_read_bounded(job, context, limits) for job in jobs]


def _read_bounded(job: Job, context: CheckContext, limits: Limits) -> Received:
    """Read one file in a worker; memory running out on the way is that file's issue."""
    try:
        return read_received(job, context, limits)
    except MemoryError:  # raised outside the reading proper (the file's bytes, say)
        return _Facts(modified=_modified(job.path)).failed(
            job, _memory_issue(job, limits, Ended("memory"))
        )


# -- the parent side -----------------------------------------------------------


def _memory_issue(job: Job, limits: Limits, ended: Ended) -> Issue:
    limit = f"每个文件可用 {size_text(limits.memory_bytes)}"
    detail = f"{limit}；{ended.detail}" if ended.detail else limit
    return return_issues.FILE_MEMORY_EXCEEDED(path=job.name, detail=detail)


def _failure(job: Job, error: BaseException, limits: Limits, logs: Path) -> Received:
    """The record of a file whose worker was ended, died, or failed otherwise."""
    if isinstance(error, TimeoutError):
        issue = return_issues.FILE_TOO_SLOW(path=job.name, seconds=int(limits.seconds))
    elif isinstance(error, BrokenProcessPool):
        detail = "两次单独读取时，读取进程都在开始读取的瞬间退出"
        issue = return_issues.FILE_READER_CRASHED(path=job.name, detail=detail)
    elif isinstance(error, pebble.ProcessExpired):
        ended = ended_by(error.exitcode, logs / f"{error.pid}.log")
        if ended.reason == "memory":
            issue = _memory_issue(job, limits, ended)
        else:
            issue = return_issues.FILE_READER_CRASHED(path=job.name, detail=ended.detail)
    else:
        reason = f"意外错误 {type(error).__name__}: {error}"
        issue = return_issues.FILE_UNREADABLE(path=job.name, reason=reason)
    return _Facts().failed(job, issue)


def read_batch(
    jobs: Sequence[Job],
    *,
    registry: Registry,
    notice: Notice | None = None,
    key: Key | None = None,
    limits: Limits | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    round: str | None = None,  # noqa: A002 - the word the office uses
) -> Iterator[Received]:
    """Read and check every file, each in an isolated worker; records in completion order.

    Args:
        jobs: the files (see :func:`collect_jobs`).
        registry: the unit registry.
        notice: check returns against this notice.
        key: verify signatures with this key.
        round: only returns of this round belong (others are ``other-round``).
        limits: bounds on each file; ``limits.seconds`` is enforced by ending the worker,
            ``limits.memory_bytes`` by the worker's address-space limit.
        workers: worker processes (default: one per core); 0 reads in this process,
            without isolation (for debugging).
        progress: called as ``progress(done, total)`` after each file.
    """
    limits = limits or Limits()
    total = len(jobs)
    for done, job in enumerate(skipped := [job for job in jobs if job.skip], start=1):
        yield _not_read(job)
        if progress is not None:
            progress(done, total)
    jobs = [job for job in jobs if not job.skip]
    if not jobs:
        return
    if progress is not None:
        report, offset = progress, len(skipped)

        def after_skipped(done: int, _total: int) -> None:
            report(offset + done, total)

        progress = after_skipped
    if workers == 0:
        context = CheckContext(registry=registry, notice=notice, key=key, round=round)
        for done, job in enumerate(jobs, start=1):
            yield read_received(job, context, limits)
            if progress is not None:
                progress(done, total)
        return
    guard_main()
    count = max(1, min(workers or os.cpu_count() or 1, total))
    folder = tempfile.mkdtemp(prefix=_LOG_PREFIX)

    def start() -> pebble.ProcessPool:
        return pebble.ProcessPool(
            max_workers=count,
            initializer=_start_worker,
            initargs=(registry, notice, key, limits, folder, round),
            context=_worker_context(),
        )

    try:
        pools = _Pools(start)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    try:
        yield from _drain(pools, jobs, count, limits=limits, logs=Path(folder), progress=progress)
    finally:
        _stop_later(pools.every, folder)


_STOPPING: list[threading.Thread] = []


class _Pools:
    """A batch's pool of workers, started afresh when pebble gives one up.

    pebble gives up a pool whose worker ends while it runs no task pebble knows
    of (ended from outside between files, or dying the instant it took a file):
    every task still queued fails and no new one is taken. The batch then goes
    on in a new pool. Pools given up one after another before a single file
    came back mean the workers cannot run here at all.
    """

    def __init__(self, start: Callable[[], pebble.ProcessPool]) -> None:
        self._start = start
        self.pool = start()
        self.every = [self.pool]
        self._fruitless = 0  # pools in a row given up before any file of theirs came back

    def replace(self) -> None:
        """Start a new pool in place of one pebble gave up.

        Raises:
            WorkersUnavailableError: pools keep being given up before any file is read.
        """
        self._fruitless += 1
        if self._fruitless >= _FRUITLESS_POOLS:
            raise WorkersUnavailableError(
                f"读取文件的子进程接连意外退出（连续 {self._fruitless} 次，没有读完任何文件）"
            )
        self.pool = self._start()
        self.every.append(self.pool)

    def came_back(self) -> None:
        """A file's record came back: the pool works."""
        self._fruitless = 0


def _stop_later(pools: Sequence[pebble.ProcessPool], folder: str) -> None:
    """Stop the pools and remove their log folder in a thread of its own, off the caller's path.

    Every record is out when a batch ends; stopping the workers (some 0.1 s while
    they exit) overlaps whatever the caller does next, such as writing the
    summary. The thread is not a daemon: the program waits for it before it exits.
    """

    def stop() -> None:
        try:
            for pool in pools:
                with contextlib.suppress(Exception):  # a pool that will not stop is gone anyway
                    pool.stop()  # type: ignore[no-untyped-call]  # pebble leaves it unannotated
                    pool.join()
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            _sweep_stale(Path(folder).parent)

    _STOPPING[:] = [thread for thread in _STOPPING if thread.is_alive()]
    thread = threading.Thread(target=stop, name="gzgk-stop-workers")
    thread.start()
    _STOPPING.append(thread)


def _sweep_stale(temporary: Path) -> None:
    """Remove the log folders of batches that never ended, once they are a day old.

    A batch killed outright (its console window closed, the machine switched
    off) cannot remove its folder of worker logs; left alone, they would pile
    up in the clerk's temporary folder. No batch runs for a day, and a running
    one renews its folder's time with every worker it starts.
    """
    now = time.time()
    try:
        entries = list(os.scandir(temporary))
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(_LOG_PREFIX):
            continue
        try:
            old = entry.is_dir(follow_symlinks=False) and now - entry.stat().st_mtime > _STALE
        except OSError:
            continue
        if old:
            shutil.rmtree(entry.path, ignore_errors=True)


def stopped_workers(timeout: float | None = None) -> bool:
    """Wait until the workers of every finished batch have stopped; whether they all have."""
    for thread in _STOPPING:
        thread.join(timeout)
    return not any(thread.is_alive() for thread in _STOPPING)


def chunk_size(files: int, workers: int) -> int:
    """Files per task: several in a batch large enough to keep every worker busy, else one."""
    return _CHUNK if files >= workers * _CHUNK * _IN_FLIGHT else 1


class _Schedule:
    """Which files go to the workers next, and what to do with what comes back.

    Files go in chunks (:func:`chunk_size`). A chunk whose worker dies or runs
    out of time is retried one file per task (each with its own full budget),
    so the failure lands on the file that caused it. When pebble gives up the
    pool (see :class:`_Pools`), every file it had not given back is a
    *suspect*: read again in a new pool one at a time, so a file that kills its
    worker that way is found (after doing it twice alone) and no other file is
    blamed.
    """

    def __init__(self, pools: _Pools, jobs: Sequence[Job], workers: int, limits: Limits) -> None:
        size = chunk_size(len(jobs), workers)
        self.pools = pools
        self.limits = limits
        self.in_flight = workers * _IN_FLIGHT
        self.queue: deque[tuple[Job, ...]] = deque(
            tuple(jobs[start : start + size]) for start in range(0, len(jobs), size)
        )
        self.suspects: deque[tuple[Job, int]] = deque()  # (file, pools given up with it alone)
        self.running: dict[Future[list[Received]], tuple[tuple[Job, ...], int | None]] = {}
        self.back: list[Received] = []  # records come back, not yet handed on
        self.given_up = False
        self.heard = time.monotonic()  # when the pool last gave back a task

    def busy(self) -> bool:
        """Whether any file is still to be read or being read."""
        return bool(self.queue or self.suspects or self.running)

    def fill(self) -> None:
        """Hand the workers tasks up to the limit (one at a time while there are suspects)."""
        if self.given_up:
            self.pools.replace()
            self.given_up = False
            self.heard = time.monotonic()
        while self.suspects or self.queue:
            if len(self.running) >= (1 if self.suspects else self.in_flight):
                return
            chunk: tuple[Job, ...]
            if self.suspects:
                chunk, alone = (self.suspects[0][0],), self.suspects[0][1]
            else:
                chunk, alone = self.queue[0], None
            try:
                future = self.pools.pool.schedule(
                    _work, args=(chunk,), timeout=self.limits.seconds + GRACE
                )
            except RuntimeError:  # pebble gave the pool up and takes no more tasks
                self.give_up([])
                return
            (self.queue if alone is None else self.suspects).popleft()
            self.running[future] = (chunk, alone)

    def take(self) -> list[Received]:
        """The records come back since the last call."""
        records, self.back = self.back, []
        return records

    def stalled(self) -> None:
        """Nothing came back for a while: see whether the pool was given up, or is stuck.

        pebble ends a task that runs past its time (the file's budget), but a
        task no worker took up (its worker ended just as it took it, or stopped)
        has no time running and would be waited for for ever. When nothing
        has come back for longer than any task may run, the pool is given up.
        """
        quiet = time.monotonic() - self.heard
        if not self.pools.pool.active or quiet > self.limits.seconds + GRACE + _SLACK:
            self.give_up([])

    def settle(self, future: Future[list[Received]], logs: Path) -> None:
        """Take a finished task's records, or send its files back to be read again."""
        if future not in self.running:  # already taken back when the pool was given up
            return
        chunk, alone = self.running.pop(future)
        self.heard = time.monotonic()
        try:
            records = future.result()
        except BrokenProcessPool as error:
            if alone == 1:
                self.back.append(_failure(chunk[0], error, self.limits, logs))
                self.give_up([])
            else:
                self.give_up([(chunk, alone)])
            return
        except Exception as error:  # noqa: BLE001 - a failed chunk is retried file by file
            if len(chunk) > 1:
                self.queue.extendleft((job,) for job in reversed(chunk))
            else:
                self.back.append(_failure(chunk[0], error, self.limits, logs))
            return
        self.pools.came_back()
        self.back.extend(records)

    def give_up(self, failed: list[tuple[tuple[Job, ...], int | None]]) -> None:
        """Take back every task of a pool given up (by pebble, or found stuck); keep what came.

        pebble fails the tasks it had handed out and never runs the ones it had
        not: nothing more will come from that pool. A stuck pool is told to stop
        (it is joined with the others at the end of the batch).
        """
        self.given_up = True
        with contextlib.suppress(Exception):
            self.pools.pool.stop()  # type: ignore[no-untyped-call]  # pebble leaves it unannotated
        for future, task in list(self.running.items()):
            del self.running[future]
            if future.done() and not future.cancelled() and future.exception() is None:
                self.pools.came_back()
                self.back.extend(future.result())
            else:
                future.cancel()
                failed.append(task)
        for chunk, alone in failed:
            if alone == 0:
                self.suspects.appendleft((chunk[0], 1))
            else:
                self.suspects.extend((job, 0) for job in chunk)


def _drain(
    pools: _Pools,
    jobs: Sequence[Job],
    workers: int,
    *,
    limits: Limits,
    logs: Path,
    progress: Progress | None,
) -> Iterator[Received]:
    """Run the jobs (see :class:`_Schedule`); every file's record, in completion order."""
    schedule = _Schedule(pools, jobs, workers, limits)
    done = 0
    while schedule.busy() or schedule.back:
        schedule.fill()
        finished: set[Future[list[Received]]] = set()
        if schedule.running:
            finished, _ = wait(schedule.running, timeout=_LOOK, return_when=FIRST_COMPLETED)
            if not finished:
                schedule.stalled()
        for future in finished:
            schedule.settle(future, logs)
        for record in schedule.take():
            yield record
            done += 1
            if progress is not None:
                progress(done, len(jobs))


def read_returns(
    paths: Iterable[str | Path],
    *,
    notice: Notice,
    registry: Registry | None = None,
    key: Key | None = None,
    limits: Limits | None = None,
    workers: int | None = None,
) -> list[Received]:
    """Read and check returned workbooks (files, or folders searched), in file order.

    Each file is read in an isolated worker, so one bad file never stops the
    others; its problems are in its ``report``. What a unit wrote is in
    ``content.entries``, by task id.

    Args:
        paths: return files and folders of returns.
        notice: the notice the returns answer.
        registry: the unit registry (the bundled one by default).
        key: verify signatures with this key.
        limits: bounds on size and time per file.
        workers: worker processes (every core by default).
    """
    jobs = collect_jobs(paths)
    order = {job.name: index for index, job in enumerate(jobs)}
    received = read_batch(
        jobs,
        registry=registry or Registry.bundled(),
        notice=notice,
        key=key,
        limits=limits,
        workers=workers,
    )
    return sorted(received, key=lambda item: order.get(item.path, len(order)))
