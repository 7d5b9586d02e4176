"""Worker processes that read untrusted files within bounds.

Whatever a clerk receives, a return or a notice, may take its reader down:
python-calamine aborts the whole process on some forged workbooks (a Rust
allocation failure is not a Python exception), a file on a stalled network
share blocks its reader forever, a forged zip or a huge table asks for
gigabytes. So files are read in worker processes, each bounded:

* **time**: a worker still busy after :attr:`Limits.seconds` (plus a second's
  grace) is ended, not asked to stop;
* **memory**: a worker's address space may grow by :attr:`Limits.memory_bytes`
  over what it holds when it starts (``RLIMIT_AS``), so an allocation past it
  fails inside that worker (a ``MemoryError``, or an abort of a native reader)
  and the file is reported as needing too much memory: the machine never
  pays for it. Linux enforces this; macOS ignores ``RLIMIT_AS`` and Windows has
  no ``resource`` module, so there only the bounds checked before reading
  (file size, inflated size counted part by part, cells) limit memory;
* **a crash** ends that worker only; its last words (stderr goes to a private
  log, never to the user's terminal) say why.

Workers are started from a fork server that has already imported gzgk's
readers (POSIX) or spawned (Windows). Either way each worker imports the
script that started it again, so a script must start workers from under
``if __name__ == "__main__":``; :func:`guard_main` says so in one sentence
instead of letting the workers run the script's top level again.
"""

from __future__ import annotations

import ast
import contextlib
import inspect
import multiprocessing
import os
import re
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Literal, TypeVar

from attrs import frozen

from gzgk.errors import MainNotGuardedError, WorkersUnavailableError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

__all__ = [
    "GRACE",
    "Ended",
    "Limits",
    "Progress",
    "ended_by",
    "guard_main",
    "log_folder",
    "out_of_memory",
    "run_isolated",
    "size_text",
    "start_worker",
    "worker_context",
]

_MB = 1024 * 1024
GRACE = 1.0
"""Seconds past the time budget before a worker is ended (start-up, result transfer)."""
Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)``: files of a batch, pages of a document."""
_T = TypeVar("_T")
_TICK = 0.2  # seconds between looks at a worker that has not answered yet
_EXCERPT = 120
_OUT_OF_MEMORY = re.compile(  # what readers say when an allocation or a mapping fails
    r"memory allocation of \d+ bytes failed|MemoryError|Cannot allocate memory|out of memory"
    r"|failed to map segment",
    re.IGNORECASE,
)
_PRELOAD = ["gzgk.excel.batch", "gzgk.excel.generate", "gzgk.sources"]


@frozen(kw_only=True)
class Limits:
    """Bounds on what reading one file may cost.

    Attributes:
        file_bytes: the largest file read.
        unpacked_bytes: the most a zip package (.xlsx, .docx) may inflate to, all
            parts together, counted while inflating (not taken from the zip's
            directory, which a forged file can fill with anything).
        entries: the most parts a zip package may have.
        ratio: the highest inflated/compressed ratio of a part over 1 MB.
        cells: the most cells a sheet read may span.
        seconds: how long one file may take; a worker still busy is ended.
        memory_bytes: how much a worker's address space may grow over what it
            holds once started (its interpreter and libraries, some 50 MB):
            reading a file that needs more fails in that worker alone.
            Enforced where the system enforces ``RLIMIT_AS`` (Linux).
    """

    file_bytes: int = 20 * _MB
    unpacked_bytes: int = 200 * _MB
    entries: int = 2000
    ratio: int = 100
    cells: int = 200_000
    seconds: float = 30.0
    memory_bytes: int = 1024 * _MB


def size_text(count: float) -> str:
    """A byte count as clerks read it (``1.5 MB``, ``47.0 KB``)."""
    return f"{count / _MB:.1f} MB" if count >= _MB else f"{count / 1024:.1f} KB"


# -- starting workers --------------------------------------------------------


def worker_context() -> multiprocessing.context.BaseContext:
    """How gzgk starts worker processes: forked from a clean server, or spawned.

    On POSIX a fork server is started once; it imports gzgk's readers and
    writers, and every worker is forked from it ready to work (no fork of a
    process with threads, no import per worker). Windows spawns. Either way a
    script that starts workers must guard its entry point with
    ``if __name__ == "__main__":`` (workers import the main module).
    """
    if sys.platform != "win32" and "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        _start_fork_server()
        return context
    return multiprocessing.get_context("spawn")


def log_folder() -> Path:
    """Where gzgk keeps its logs: %LOCALAPPDATA% or $XDG_STATE_HOME, else the temp folder."""
    base = os.environ.get("LOCALAPPDATA") or os.environ.get("XDG_STATE_HOME")
    return (Path(base) if base else Path(tempfile.gettempdir())) / "gzgk" / "logs"


def _start_fork_server() -> None:
    """Start the fork server in gzgk's folder, its stderr going to a log, not the user.

    The server is ``python -c …`` and Python 3.11 imports the preloaded modules before it
    applies the parent's ``sys.path``: the working folder comes first, and a ``gzgk`` package
    in the folder a batch is started from (a folder of returns) would be imported instead of
    the installed gzgk. Started from gzgk's own folder, the working folder is that one.

    The server and the workers it forks write to the stderr they inherit until a worker
    sends its own elsewhere (:func:`start_worker`): a worker ended while starting (the
    pool stops at the end of a batch) prints multiprocessing's traceback there. That goes
    to ``fork-server.log`` in :func:`log_folder`, never to the clerk's screen.
    """
    from multiprocessing import forkserver  # noqa: PLC0415 - POSIX only

    here = Path.cwd()
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with contextlib.suppress(OSError):
            folder = log_folder()
            folder.mkdir(parents=True, exist_ok=True)
            handle = os.open(
                folder / "fork-server.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600
            )
            os.dup2(handle, 2)
            os.close(handle)
        os.chdir(Path(__file__).resolve().parents[1])
        forkserver.ensure_running()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.chdir(here)


def start_worker(limits: Limits, log: str | None = None) -> None:
    """Bound this worker's memory; send its stderr to ``log`` (a reader's last words go there)."""
    _limit_memory(limits.memory_bytes)
    if log is None:
        return
    with contextlib.suppress(OSError):
        handle = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(handle, sys.stderr.fileno())
        os.close(handle)


def _limit_memory(extra: int) -> None:
    """Let this process's address space grow by ``extra`` bytes at most (where the OS can)."""
    try:
        import resource  # noqa: PLC0415 - POSIX only
    except ImportError:  # Windows: the bounds checked before reading are what limits memory
        return
    held = _address_space()
    if held is None:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = held + extra
    for bound in (soft, hard):
        if bound != resource.RLIM_INFINITY:
            wanted = min(wanted, bound)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def _address_space() -> int | None:
    """This process's address space in bytes (Linux), or None where it cannot be read."""
    try:
        pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


# -- a worker that gave no result ---------------------------------------------


@frozen
class Ended:
    """Why a worker gave no result: out of time, out of memory, or it died."""

    reason: Literal["time", "memory", "crash"]
    detail: str = ""


def out_of_memory(error: BaseException) -> bool:
    """Whether an exception says memory ran out (an import failing to map a library, say)."""
    return isinstance(error, MemoryError) or bool(_OUT_OF_MEMORY.search(str(error)))


def ended_by(exitcode: int | None, log: Path) -> Ended:
    """What ended a worker that died, from its exit code and the last words in its log."""
    if exitcode is not None and exitcode < 0:
        try:
            how = f"信号 {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"信号 {-exitcode}"
    else:
        how = f"退出码 {exitcode}"
    said = _last_words(log)
    detail = f"{how}：{said[:_EXCERPT]}" if said else how
    return Ended("memory" if _OUT_OF_MEMORY.search(said) else "crash", detail)


def _last_words(log: Path) -> str:
    """The telling line of a log: a Python traceback's last line, else the first line."""
    try:
        lines = [line.strip() for line in log.read_text("utf-8", "replace").splitlines()]
    except OSError:
        return ""
    lines = [line for line in lines if line]
    if not lines:
        return ""
    return lines[-1] if lines[0].startswith("Traceback") else lines[0]


# -- one task in a worker of its own -------------------------------------------


def run_isolated(
    task: Callable[[Progress | None], _T],
    *,
    limits: Limits,
    progress: Progress | None = None,
) -> _T | Ended:
    """Run ``task(progress)`` in a worker process bounded by ``limits``; its result or why not.

    ``task`` must be picklable (a module-level function, or a
    :func:`functools.partial` of one); it is called with a progress callback
    whose calls reach ``progress`` here. A ``MemoryError`` in the worker, an
    abort, a signal or the end of the time budget come back as :class:`Ended`.
    A process that may not have children of its own (a daemonic worker) runs
    ``task`` itself.

    Raises:
        MainNotGuardedError: called from the top level of a script without
            ``if __name__ == "__main__":``.
    """
    if multiprocessing.current_process().daemon:
        return task(progress)
    guard_main()
    context = worker_context()
    with tempfile.TemporaryDirectory(prefix="gzgk-worker-") as folder:
        log = Path(folder) / "worker.log"
        receive, send = context.Pipe(duplex=False)
        process = context.Process(  # type: ignore[attr-defined]  # typeshed's BaseContext lacks it
            target=_serve, args=(task, send, limits, str(log)), daemon=True
        )
        process.start()
        send.close()
        try:
            return _await(process, receive, limits, progress, log)
        finally:
            receive.close()
            process.join(_TICK)  # a worker that answered is on its way out
            if process.is_alive():
                process.kill()
            process.join()


def _serve(
    task: Callable[[Progress | None], object], send: Connection, limits: Limits, log: str
) -> None:
    """The worker: bounded, it runs the task and sends progress and the result back."""
    start_worker(limits, log)

    def progress(done: int, total: int) -> None:
        send.send(("progress", done, total))

    try:
        result = task(progress)
    except MemoryError:
        send.send(("memory", ""))
        return
    send.send(("done", result))


def _await(
    process: multiprocessing.process.BaseProcess,
    receive: Connection,
    limits: Limits,
    progress: Progress | None,
    log: Path,
) -> _T | Ended:
    """The worker's result, passing its progress on; Ended when it dies or runs out of time."""
    deadline = time.monotonic() + limits.seconds + GRACE
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return Ended("time")
        if not receive.poll(min(left, _TICK)):
            continue
        try:
            message = receive.recv()
        except EOFError:  # it died without a word on the pipe
            process.join()
            return ended_by(process.exitcode, log)
        if message[0] == "progress":
            if progress is not None:
                progress(message[1], message[2])
        elif message[0] == "memory":
            return Ended("memory")
        else:
            result: _T = message[1]
            return result


# -- scripts that start workers ------------------------------------------------


def guard_main() -> None:
    """Refuse to start workers from the unguarded top level of a script.

    Workers import the script that started them again (as ``__mp_main__``);
    statements at its top level run again in every worker, and one that starts
    workers fails there deep in :mod:`multiprocessing`. This finds the
    statement of the script being run that led here and, unless it sits under
    ``if __name__ == "__main__":``, raises before any worker starts. When it
    cannot tell (no script file, source unreadable), it lets the call through.

    Raises:
        MainNotGuardedError: the call comes from such a statement.
        WorkersUnavailableError: the script is not a file workers can run again.
    """
    main = sys.modules.get("__main__")
    script = _rerun_script(main)
    if main is None or script is None:
        return
    if not _rerunnable(script):
        raise WorkersUnavailableError(
            f"正在运行的脚本“{script}”不是一个文件（例如从标准输入 python - 运行），"
            "而每个子进程都要重新载入它。请把脚本存成 .py 文件再运行；"
            "或者有意在本进程中读取（没有隔离）：报送表传 workers=0，通知传 isolated=False"
        )
    frame = inspect.currentframe()
    while frame is not None and not (
        frame.f_code.co_name == "<module>" and frame.f_globals is vars(main)
    ):
        frame = frame.f_back
    if frame is None:  # the script's top level is not running: a later call, from a function
        return
    line = frame.f_lineno
    del frame
    try:
        tree = ast.parse(Path(script).read_bytes())
    except (OSError, SyntaxError, ValueError):
        return
    if _guarded(tree, line) is False:
        raise MainNotGuardedError(script, line)


def _rerun_script(main: ModuleType | None) -> str | None:
    """The file workers will run again as ``__mp_main__`` (multiprocessing's own rule), if any."""
    if main is None:
        return None
    spec = getattr(main, "__spec__", None)
    name = getattr(spec, "name", None)
    if name is not None and (name == "__main__" or name.endswith(".__main__")):
        return None  # python -m package: a package's __main__ is not run again
    path = getattr(main, "__file__", None)
    if not isinstance(path, str) or Path(path).stem == "ipython":
        return None
    return path


def _rerunnable(script: str) -> bool:
    """Whether a worker can run ``script`` again: multiprocessing's path names a file.

    A script read from standard input is ``<stdin>`` to Python, and every worker
    would fail to start trying to run it (the batch would come back as files
    that could not be read, none of them at fault).
    """
    folder: str | None = getattr(multiprocessing.process, "ORIGINAL_DIR", None)  # not in typeshed
    return Path(folder or "", script).is_file()


def _guarded(node: ast.AST, line: int) -> bool | None:
    """Whether the statement holding ``line`` runs only as ``__main__`` (None: not found)."""
    for child in ast.iter_child_nodes(node):
        if not isinstance(child, ast.stmt | ast.excepthandler):
            continue
        if not child.lineno <= line <= (child.end_lineno or child.lineno):
            continue
        if isinstance(child, ast.If) and _is_main_test(child.test):
            return any(
                statement.lineno <= line <= (statement.end_lineno or statement.lineno)
                for statement in child.body
            )
        return bool(_guarded(child, line))
    return None


def _is_main_test(test: ast.expr) -> bool:
    """``__name__ == "__main__"`` (either way round)."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return False
    if not isinstance(test.ops[0], ast.Eq):
        return False
    sides = {_side(test.left), _side(test.comparators[0])}
    return sides == {"name", "main"}


def _side(node: ast.expr) -> str:
    if isinstance(node, ast.Name) and node.id == "__name__":
        return "name"
    if isinstance(node, ast.Constant) and node.value == "__main__":
        return "main"
    return ""
