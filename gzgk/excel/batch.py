"""Reading a batch of returns, each file in an isolated worker process.

One file can take its reader down with it: python-calamine aborts the whole
process on some malformed workbooks (a Rust allocation failure is not a Python
exception), and a file on a stalled network share blocks its reader forever.
So every file is read and checked in a worker of a pebble process pool, on
every core: a worker that dies is that file's ``file-reader-crashed``, a
worker past the time budget is ended and the file gets ``file-too-slow``; the
pool starts a fresh worker and goes on with the rest. Results come back as
plain :class:`~gzgk.summary.Received` records, one per file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import multiprocessing
import os
import signal
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from pathlib import Path

import pebble
from attrs import frozen

from gzgk.model import Notice
from gzgk.registry import Registry
from gzgk.report import FileReport, Issue
from gzgk.returns import ReturnContent
from gzgk.signing import Key
from gzgk.summary import Received

from . import issues as found
from .checks import CheckContext, examine_return
from .layout import RETURN
from .read import Limits, ReturnReadError, read_limited, read_return_bytes

__all__ = [
    "SPREADSHEET_SUFFIXES",
    "Job",
    "Progress",
    "collect_jobs",
    "read_batch",
    "read_received",
]

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xls", ".et", ".ods")
Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` after each file."""

_IN_FLIGHT = 4  # files queued per worker: enough to keep it busy, few enough to bound memory
_GRACE = 1.0  # seconds past the budget before a worker is ended (start-up, result transfer)
_LOG_EXCERPT = 120


@frozen
class Job:
    """One file to read: where it is, how to name it, where it sits in its folder."""

    path: Path
    name: str
    relative: str


def _skipped(path: Path) -> bool:
    """Lock files of Excel/WPS/LibreOffice, hidden files, and the distribution list."""
    name = path.name
    return name.startswith(("~$", ".~lock", ".")) or name == RETURN.DISTRIBUTION_FILE


def _excluded(path: Path, exclude: Sequence[Path]) -> bool:
    resolved = path.resolve()
    return any(resolved == other or other in resolved.parents for other in exclude)


def collect_jobs(paths: Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> list[Job]:
    """The files to read: named files as given, folders searched for spreadsheets.

    Files found in a folder are sorted and keep their place in it
    (``relative``); lock files, hidden files, the distribution list and
    anything under ``exclude`` (gzgk's own outputs) are skipped.
    """
    skip = [Path(item).resolve() for item in exclude]
    jobs: dict[Path, Job] = {}
    for item in paths:
        root = Path(item)
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if (
                    path.is_file()
                    and path.suffix.lower() in SPREADSHEET_SUFFIXES
                    and not _skipped(path)
                    and not _excluded(path, skip)
                ):
                    relative = path.relative_to(root).as_posix()
                    jobs.setdefault(path.resolve(), Job(path, str(path), relative))
        else:
            jobs.setdefault(root.resolve(), Job(root, str(root), root.name))
    return list(jobs.values())


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


def read_received(job: Job, context: CheckContext, limits: Limits | None = None) -> Received:
    """Read and check one file in this process; every problem becomes an issue."""
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
        reason = f"意外错误 {type(error).__name__}: {error}"
        return facts.failed(job, found.FILE_UNREADABLE(path=job.name, reason=reason))
    return facts.received(job, examined.report, examined.content)


# -- the worker side -----------------------------------------------------------

_WORKER: tuple[CheckContext, Limits] | None = None


def _start_worker(
    registry: Registry, notice: Notice | None, key: Key | None, limits: Limits, logs: str
) -> None:
    """Set up a worker: its check context, and its stderr into a log file of its own."""
    global _WORKER  # noqa: PLW0603 - one context per worker process, set once
    _WORKER = (CheckContext(registry=registry, notice=notice, key=key), limits)
    with contextlib.suppress(OSError):
        log = os.open(Path(logs) / f"{os.getpid()}.log", os.O_WRONLY | os.O_CREAT, 0o600)
        os.dup2(
            log, sys.stderr.fileno()
        )  # a crashing reader's last words go there, not to the user
        os.close(log)


def _work(job: Job) -> Received:
    assert _WORKER is not None  # noqa: S101 - set by _start_worker
    context, limits = _WORKER
    return read_received(job, context, limits)


# -- the parent side -----------------------------------------------------------


def _context() -> multiprocessing.context.BaseContext:
    """Fork a clean server once and workers from it; plain spawn where there is no fork."""
    if sys.platform != "win32" and "forkserver" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def _crash_detail(error: pebble.ProcessExpired, logs: Path) -> str:
    code = error.exitcode
    if code is not None and code < 0:
        try:
            how = f"信号 {signal.Signals(-code).name}"
        except ValueError:
            how = f"信号 {-code}"
    else:
        how = f"退出码 {code}"
    try:
        lines = (logs / f"{error.pid}.log").read_text("utf-8", "replace").strip().splitlines()
    except OSError:
        lines = []
    said = next((line.strip() for line in lines if line.strip()), "")
    return f"{how}：{said[:_LOG_EXCERPT]}" if said else how


def _outcome(job: Job, future: Future[Received], limits: Limits, logs: Path) -> Received:
    try:
        return future.result()
    except TimeoutError:
        return _Facts().failed(job, found.FILE_TOO_SLOW(path=job.name, seconds=int(limits.seconds)))
    except pebble.ProcessExpired as error:
        detail = _crash_detail(error, logs)
        return _Facts().failed(job, found.FILE_READER_CRASHED(path=job.name, detail=detail))
    except Exception as error:  # noqa: BLE001 - whatever the pool says, the batch goes on
        reason = f"意外错误 {type(error).__name__}: {error}"
        return _Facts().failed(job, found.FILE_UNREADABLE(path=job.name, reason=reason))


def read_batch(
    jobs: Sequence[Job],
    *,
    registry: Registry,
    notice: Notice | None = None,
    key: Key | None = None,
    limits: Limits | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> Iterator[Received]:
    """Read and check every file, each in an isolated worker; records in completion order.

    Args:
        jobs: the files (see :func:`collect_jobs`).
        registry: the unit registry.
        notice: check returns against this notice.
        key: verify signatures with this key.
        limits: bounds on each file; ``limits.seconds`` is enforced by ending the worker.
        workers: worker processes (default: one per core); 0 reads in this process,
            without isolation (for debugging).
        progress: called as ``progress(done, total)`` after each file.
    """
    limits = limits or Limits()
    total = len(jobs)
    if workers == 0:
        context = CheckContext(registry=registry, notice=notice, key=key)
        for done, job in enumerate(jobs, start=1):
            yield read_received(job, context, limits)
            if progress is not None:
                progress(done, total)
        return
    count = max(1, min(workers or os.cpu_count() or 1, total))
    with tempfile.TemporaryDirectory(prefix="gzgk-workers-") as folder:
        logs = Path(folder)
        pool = pebble.ProcessPool(
            max_workers=count,
            initializer=_start_worker,
            initargs=(registry, notice, key, limits, folder),
            context=_context(),
        )
        try:
            window = count * _IN_FLIGHT
            yield from _drain(pool, jobs, window, limits=limits, logs=logs, progress=progress)
        finally:
            pool.stop()  # type: ignore[no-untyped-call]  # pebble leaves it unannotated
            pool.join()


def _drain(
    pool: pebble.ProcessPool,
    jobs: Sequence[Job],
    window: int,
    *,
    limits: Limits,
    logs: Path,
    progress: Progress | None,
) -> Iterator[Received]:
    queue = iter(jobs)
    running: dict[Future[Received], Job] = {}
    done = 0
    while True:
        while len(running) < window:
            job = next(queue, None)
            if job is None:
                break
            running[pool.schedule(_work, args=(job,), timeout=limits.seconds + _GRACE)] = job
        if not running:
            return
        finished, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in finished:
            job = running.pop(future)
            yield _outcome(job, future, limits, logs)
            done += 1
            if progress is not None:
                progress(done, len(jobs))
