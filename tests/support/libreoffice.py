"""Drive a real, headless LibreOffice from the tests (pure standard library, runs in the venv).

Debian's ``python3-uno`` only works with Debian's ``/usr/bin/python3``, so the UNO calls live in
``lo_driver.py``, which this module runs under that interpreter in a subprocess for every
:meth:`LibreOffice.run`. One ``soffice`` process serves a whole test session.

Example::

    with LibreOffice() as office:
        office.run([
            {"op": "open", "path": str(src)},
            {"op": "type", "sheet": "填报", "cell": "G5", "text": "已完成"},
            {"op": "save_xlsx", "path": str(dst)},
        ])

Environment variables: ``GZGK_SOFFICE`` (the ``soffice`` command, default ``soffice`` on the
``PATH``) and ``GZGK_UNO_PYTHON`` (the interpreter that can ``import uno``, default
``/usr/bin/python3``).
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from hashlib import md5
from pathlib import Path
from types import TracebackType
from typing import Any
from xml.sax.saxutils import escape

DRIVER = Path(__file__).with_name("lo_driver.py")
DEFAULT_UNO_PYTHON = "/usr/bin/python3"
DEFAULT_LOCALE = "zh-CN"

CellInput = str | int | float | None
"""What :meth:`LibreOffice.fill` writes: text is typed, numbers are set, ``None`` clears."""

_EXIT_NO_CONNECTION = 3  # lo_driver.EXIT_NO_CONNECTION
_OSL_PIPE_DIR = Path("/tmp")  # noqa: S108 - LibreOffice's osl layer puts its pipes there, fixed
_LOG_TAIL = 2000


class LibreOfficeError(RuntimeError):
    """LibreOffice could not be started, or an operation failed or crashed it."""


def uno_python() -> str:
    """Return the interpreter that runs ``lo_driver.py`` (it must be able to ``import uno``)."""
    return os.environ.get("GZGK_UNO_PYTHON", DEFAULT_UNO_PYTHON)


def find_soffice() -> str | None:
    """Return the path of the ``soffice`` executable, or ``None`` when it is not installed."""
    return shutil.which(os.environ.get("GZGK_SOFFICE", "soffice"))


def _driver_env() -> dict[str, str]:
    """Return the environment for the system interpreter, without the venv's Python settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV"}
    }
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


@functools.cache
def find_reason() -> str | None:
    """Say why LibreOffice cannot be driven here.

    Returns:
        ``None`` when ``soffice`` and an interpreter with ``python3-uno`` are available, else a
        human-readable reason (for ``pytest.skip`` or ``pytest.fail``).
    """
    if find_soffice() is None:
        return (
            "LibreOffice (soffice) not installed (Debian: apt-get install libreoffice-calc-nogui)"
        )
    python = uno_python()
    if shutil.which(python) is None:
        return f"{python} not found; it must be the Python that python3-uno was built for"
    try:
        probe = subprocess.run(
            [python, "-c", "import uno"],
            capture_output=True,
            text=True,
            timeout=60,
            env=_driver_env(),
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"cannot run {python}: {exc}"
    if probe.returncode != 0:
        return f"python3-uno not installed for {python} (Debian: apt-get install python3-uno)"
    return None


@functools.cache
def find_pdfinfo_reason() -> str | None:
    """Return ``None`` when poppler's ``pdfinfo`` and ``pdftotext`` exist, else a reason."""
    missing = [tool for tool in ("pdfinfo", "pdftotext") if shutil.which(tool) is None]
    if missing:
        return f"{' and '.join(missing)} not installed (Debian: apt-get install poppler-utils)"
    return None


def pdf_page_count(path: Path) -> int:
    """Return the number of pages of a PDF, as reported by ``pdfinfo``.

    Raises:
        LibreOfficeError: ``pdfinfo`` rejected the file.
    """
    info = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    for line in info.stdout.splitlines():
        key, _, value = line.partition(":")
        if key == "Pages":
            return int(value)
    raise LibreOfficeError(f"pdfinfo found no page count in {path}: {info.stderr.strip()}")


def pdf_page_size(path: Path) -> tuple[float, float]:
    """Return the width and height in points of the first page of a PDF, as ``pdfinfo`` says.

    Raises:
        LibreOfficeError: ``pdfinfo`` rejected the file.
    """
    info = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    for line in info.stdout.splitlines():
        key, _, value = line.partition(":")
        if key == "Page size":
            width, _, rest = value.strip().partition(" x ")
            return float(width), float(rest.split()[0])
    raise LibreOfficeError(f"pdfinfo found no page size in {path}: {info.stderr.strip()}")


def pdf_text(path: Path, *, raw: bool = False) -> str:
    """Return the text of a PDF as extracted by ``pdftotext`` (pages separated by form feeds).

    Args:
        path: The PDF.
        raw: Keep the text in content-stream order (``pdftotext -raw``). The default reading
            order drops the spaces between CJK text and other characters, so ``— 1 —`` comes out
            as ``—1—``; ``raw`` keeps them.
    """
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *(["-raw"] if raw else []), str(path), "-"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise LibreOfficeError(f"pdftotext failed on {path}: {message}")
    return result.stdout.decode("utf-8")


def _profile_config(locale: str) -> str:
    """Return the ``registrymodifications.xcu`` of a fresh test profile.

    It sets the locale, and turns off document lock files (a crash would otherwise leave a
    ``.~lock.NAME#`` that makes the next hidden load of NAME fail) and autosave/autorecovery.
    """
    settings = [
        ("/org.openoffice.Setup/L10N", "ooSetupSystemLocale", escape(locale)),
        ("/org.openoffice.Office.Common/Misc", "UseLocking", "false"),
        ("/org.openoffice.Office.Recovery/RecoveryInfo", "Enabled", "false"),
        ("/org.openoffice.Office.Recovery/AutoSave", "Enabled", "false"),
    ]
    items = "".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>\n"
        for path, name, value in settings
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry"'
        ' xmlns:xs="http://www.w3.org/2001/XMLSchema"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{items}</oor:items>\n"
    )


def _single_office_pipe(profile_url: str) -> Path:
    """Return the pipe ``/tmp/OSL_PIPE_<uid>_SingleOfficeIPC_<hash>`` left behind for a profile.

    LibreOffice names it after the MD5 of the UTF-16 profile URL, printed byte by byte with
    ``%x`` (no zero padding).
    """
    digest = "".join(f"{byte:x}" for byte in md5(profile_url.encode("utf-16-le")).digest())  # noqa: S324 - LibreOffice's naming, not security
    return _OSL_PIPE_DIR / f"OSL_PIPE_{os.getuid()}_SingleOfficeIPC_{digest}"


class LibreOffice:
    """A headless ``soffice`` with a private profile, driven through ``lo_driver.py``.

    Safe to use from parallel processes (pytest-xdist): the pipe name and the profile are unique.

    Args:
        locale: Locale of the fresh profile; it decides how typed numbers and dates are read
            (``zh-CN`` reads ``2024/1/5`` as a date, ``en-US`` does not).
        startup_timeout: Seconds to wait for ``soffice`` to accept a UNO connection.
        run_timeout: Default seconds one :meth:`run` may take.
    """

    def __init__(
        self,
        *,
        locale: str = DEFAULT_LOCALE,
        startup_timeout: float = 60.0,
        run_timeout: float = 120.0,
    ) -> None:
        self.locale = locale
        self.startup_timeout = startup_timeout
        self.run_timeout = run_timeout
        self.pipe_name = ""
        self._process: subprocess.Popen[bytes] | None = None
        self._workdir: Path | None = None
        self._jobs = itertools.count(1)

    def __enter__(self) -> LibreOffice:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def alive(self) -> bool:
        """Whether the ``soffice`` process is running."""
        return self._process is not None and self._process.poll() is None

    def _path(self, name: str) -> Path:
        if self._workdir is None:
            raise LibreOfficeError("LibreOffice is not started; call start() first")
        return self._workdir / name

    @property
    def _profile_url(self) -> str:
        return self._path("profile").as_uri()

    def start(self) -> None:
        """Launch ``soffice`` and wait until it accepts a UNO connection.

        Raises:
            LibreOfficeError: It is not installed, exited, or did not answer in time.
        """
        if self.alive:
            return
        self.close()
        soffice = find_soffice()
        if soffice is None:
            raise LibreOfficeError("LibreOffice (soffice) not installed")
        self._workdir = Path(tempfile.mkdtemp(prefix="gzgk-lo-"))
        self.pipe_name = f"gzgk_{os.getpid()}_{uuid.uuid4().hex[:16]}"
        profile_user = self._path("profile") / "user"
        profile_user.mkdir(parents=True)
        (profile_user / "registrymodifications.xcu").write_text(
            _profile_config(self.locale), encoding="utf-8"
        )
        temp = self._path("tmp")
        temp.mkdir()
        command = [
            soffice,
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            f"-env:UserInstallation={self._profile_url}",
            f"--accept=pipe,name={self.pipe_name};urp;StarOffice.ComponentContext",
        ]
        env = {**os.environ, "TMPDIR": str(temp)}
        with self._path("soffice.log").open("wb") as log:
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,  # its own process group, so close() can end all of it
            )
        try:
            self._wait_until_ready()
        except BaseException:
            self.close()
            raise

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while True:
            if not self.alive:
                raise LibreOfficeError(f"soffice exited during start-up{self._exit_note()}")
            remaining = deadline - time.monotonic()
            try:
                self._run_driver([], connect_timeout=max(0.5, min(2.0, remaining)))
            except _NoConnectionError:
                if time.monotonic() >= deadline:
                    raise LibreOfficeError(
                        f"soffice did not accept a UNO connection within {self.startup_timeout} s"
                        f"{self._exit_note()}"
                    ) from None
            else:
                return

    def _log_tail(self) -> str:
        try:
            text = self._path("soffice.log").read_text(encoding="utf-8", errors="replace")
        except (OSError, LibreOfficeError):
            return ""
        return text[-_LOG_TAIL:].strip()

    def _exit_note(self) -> str:
        """Describe how ``soffice`` ended (if it did) and the end of its log."""
        note = ""
        if self._process is not None and self._process.poll() is not None:
            code = self._process.returncode
            note = f"; soffice exited with status {code}"
            if code < 0:
                note += f" (signal {signal.Signals(-code).name})"
            elif code:
                note += " (a crash, or a dialog that headless soffice cannot show)"
        log = self._log_tail()
        if log:
            note += f"\nsoffice log:\n{log}"
        return note

    def run(self, ops: list[dict[str, Any]], *, timeout: float | None = None) -> list[Any]:
        """Run operations in one driver process (see ``lo_driver.py`` for the list).

        A document opened by an ``open`` is closed when the job ends, so open, edit and save in
        the same call.

        Args:
            ops: The operations, e.g. ``[{"op": "open", "path": "/abs/a.xlsx"}, {"op": "close"}]``.
            timeout: Seconds before the driver is killed (default :attr:`run_timeout`).

        Returns:
            One result per operation (``None`` for operations without one).

        Raises:
            LibreOfficeError: An operation failed (the message holds the driver's traceback), the
                driver timed out, or ``soffice`` is not running or died during the job.
        """
        if not self.alive:
            raise LibreOfficeError(f"LibreOffice is not running{self._exit_note()}")
        try:
            try:
                return self._run_driver(ops, connect_timeout=10.0, timeout=timeout)
            except _DriverKilledError:
                if not self.alive:
                    raise
                # The driver (our UNO client) died by a signal while soffice lives on: a crash
                # of the client's bridge, not of what is tested. Once more, in a new driver.
                return self._run_driver(ops, connect_timeout=10.0, timeout=timeout)
        except _NoConnectionError as exc:
            raise LibreOfficeError(f"{exc}{self._exit_note()}") from None

    def _run_driver(
        self, ops: list[dict[str, Any]], *, connect_timeout: float, timeout: float | None = None
    ) -> list[Any]:
        number = next(self._jobs)
        job_path = self._path(f"job-{number}.json")
        result_path = self._path(f"result-{number}.json")
        job = {"ops": ops, "connect_timeout": connect_timeout}
        job_path.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
        limit = self.run_timeout if timeout is None else timeout
        try:
            try:
                driver = subprocess.run(
                    [uno_python(), str(DRIVER), self.pipe_name, str(job_path), str(result_path)],
                    capture_output=True,
                    timeout=limit + connect_timeout,
                    env=_driver_env(),
                    check=False,
                )
            except subprocess.TimeoutExpired:
                raise LibreOfficeError(
                    f"the LibreOffice driver did not finish within {limit} s{self._exit_note()}"
                ) from None
            try:
                result = json.loads(result_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                result = None
        finally:
            job_path.unlink(missing_ok=True)
            result_path.unlink(missing_ok=True)
        if driver.returncode == 0 and isinstance(result, list):
            return result
        stderr = driver.stderr.decode("utf-8", "replace").strip()
        if driver.returncode == _EXIT_NO_CONNECTION:
            raise _NoConnectionError(f"cannot connect to LibreOffice on pipe {self.pipe_name!r}")
        if isinstance(result, dict) and "error" in result:
            message = f"operation {result.get('op_index')} {result.get('op')!r} failed:\n"
            message += str(result["error"]).strip()
        else:
            message = f"the LibreOffice driver exited with status {driver.returncode}"
        if stderr:
            message += f"\ndriver stderr:\n{stderr[-_LOG_TAIL:]}"
        if not self.alive:
            message += f"\nLibreOffice died during the job{self._exit_note()}"
        elif driver.returncode < 0:
            raise _DriverKilledError(message)
        raise LibreOfficeError(message)

    def close(self) -> None:
        """Shut ``soffice`` down (``desktop.terminate()``, then signals) and delete its profile."""
        process = self._process
        try:
            if process is not None and process.poll() is None:
                with contextlib.suppress(LibreOfficeError):
                    self._run_driver([{"op": "terminate"}], connect_timeout=5.0, timeout=30.0)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=30)
        finally:
            self._process = None
            if process is not None:
                _end_process_group(process)
            if self._workdir is not None:
                for pipe in (
                    _OSL_PIPE_DIR / f"OSL_PIPE_{os.getuid()}_{self.pipe_name}",
                    _single_office_pipe(self._profile_url),
                ):
                    with contextlib.suppress(OSError):
                        pipe.unlink(missing_ok=True)
                shutil.rmtree(self._workdir, ignore_errors=True)
                self._workdir = None

    def restart(self) -> None:
        """Close ``soffice`` (whatever its state) and start a fresh one."""
        self.close()
        self.start()

    def resave(self, src: Path, dst: Path) -> None:
        """Open ``src`` and save it as ``.xlsx`` to ``dst``, as a user pressing Save would."""
        self.run([_open(src), {"op": "save_xlsx", "path": _absolute(dst)}, {"op": "close"}])

    def convert_pdf(self, src: Path, dst_pdf: Path) -> None:
        """Open ``src`` and export it as PDF to ``dst_pdf`` (File › Export as PDF)."""
        self.run([_open(src), {"op": "save_pdf", "path": _absolute(dst_pdf)}, {"op": "close"}])

    def convert_text_pdf(self, src: Path, dst_pdf: Path) -> None:
        """Open the text document ``src`` (``.docx``, ``.odt``) and export it as PDF."""
        self.run([_open_text(src), {"op": "save_pdf", "path": _absolute(dst_pdf)}, {"op": "close"}])

    def read_text(self, src: Path, *, pdf: Path | None = None) -> dict[str, Any]:
        """Open a text document as Writer does and report what it holds, in one job.

        Args:
            src: The document (``.docx``, ``.odt``, ...).
            pdf: Also export it as PDF there (File › Export as PDF).

        Returns:
            ``{"paragraphs": [...], "pages": N, "page": {...}}``: the ``paragraphs``, ``page_count``
            and ``page`` operations of ``lo_driver.py``.
        """
        ops: list[dict[str, Any]] = [
            _open_text(src),
            {"op": "paragraphs"},
            {"op": "page_count"},
            {"op": "page"},
        ]
        if pdf is not None:
            ops.append({"op": "save_pdf", "path": _absolute(pdf)})
        results = self.run([*ops, {"op": "close"}])
        return {"paragraphs": results[1], "pages": results[2], "page": results[3]}

    def read_macros(
        self, src: Path, *, sheets: Sequence[str] = ()
    ) -> tuple[dict[str, dict[str, str]], dict[str, list[dict[str, Any]]]]:
        """Open a workbook as Calc does and report its macros and the buttons that run them.

        Args:
            src: The workbook (``.xlsm``: LibreOffice cannot open an ``.xlam``).
            sheets: Sheets whose form controls to list.

        Returns:
            ``(libraries, controls)``: the ``basic_modules`` operation's ``{library: {module:
            source}}``, and ``{sheet: [...]}`` of the ``form_controls`` operation.
        """
        ops: list[dict[str, Any]] = [_open(src), {"op": "basic_modules"}]
        ops += [{"op": "form_controls", "sheet": sheet} for sheet in sheets]
        results = self.run([*ops, {"op": "close"}])
        return results[1], dict(zip(sheets, results[2:-1], strict=True))

    def fill(
        self,
        src: Path,
        dst: Path,
        cells: Mapping[tuple[str, str], CellInput] | Iterable[tuple[str, str, CellInput]],
        *,
        passwords: Mapping[str, str] | None = None,
        recalc: bool = True,
    ) -> list[dict[str, Any]]:
        """Fill a workbook as a user would and save it as ``.xlsx``.

        Args:
            src: The workbook to open.
            dst: Where to save the filled copy.
            cells: ``{(sheet, cell): value}`` or ``[(sheet, cell, value), ...]``. Text is typed
                (``type``), numbers are set, ``None`` clears the cell.
            passwords: ``{sheet: password}`` of sheets to unprotect before filling and protect
                again (with the same password) afterwards.
            recalc: Recalculate all formulas before saving.

        Returns:
            For every cell, what LibreOffice holds after the input (see the ``get`` operation).

        Raises:
            LibreOfficeError: A cell refused the typed text (locked, or on a hidden sheet; then
                nothing is saved), or an operation failed.
        """
        if isinstance(cells, Mapping):
            entries = [(sheet, cell, value) for (sheet, cell), value in cells.items()]
        else:
            entries = [(sheet, cell, value) for sheet, cell, value in cells]
        passwords = passwords or {}
        ops: list[dict[str, Any]] = [_open(src)]
        ops += [{"op": "unprotect", "sheet": s, "password": p} for s, p in passwords.items()]
        cell_ops = []
        for sheet, cell, value in entries:
            if isinstance(value, str):
                ops.append(
                    {"op": "type", "sheet": sheet, "cell": cell, "text": value, "strict": True}
                )
            else:
                ops.append({"op": "set", "sheet": sheet, "cell": cell, "value": value})
                ops.append({"op": "get", "sheet": sheet, "cell": cell})
            cell_ops.append(len(ops) - 1)
        ops += [{"op": "protect", "sheet": s, "password": p} for s, p in passwords.items()]
        if recalc:
            ops.append({"op": "recalc"})
        ops += [{"op": "save_xlsx", "path": _absolute(dst)}, {"op": "close"}]
        results = self.run(ops)
        return [results[index] for index in cell_ops]


class _DriverKilledError(LibreOfficeError):
    """The driver process ended by a signal while ``soffice`` is still running."""


class _NoConnectionError(LibreOfficeError):
    """The driver could not connect to the pipe (``soffice`` not ready yet, or gone)."""


def _absolute(path: Path) -> str:
    return str(Path(path).resolve())


def _open(path: Path) -> dict[str, Any]:
    return {"op": "open", "path": _absolute(path)}


def _open_text(path: Path) -> dict[str, Any]:
    return {"op": "open_text", "path": _absolute(path)}


def _end_process_group(process: subprocess.Popen[bytes]) -> None:
    """Make sure nothing of the ``soffice`` process group we started is left running.

    ``soffice`` is a script that execs ``oosplash``, which runs ``soffice.bin``; they share the
    process group created with ``start_new_session=True``, whose id is ``process.pid``.
    """
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if not _group_exists(process):
            break
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        deadline = time.monotonic() + 5
        while _group_exists(process) and time.monotonic() < deadline:
            time.sleep(0.1)
    process.wait()


def _group_exists(process: subprocess.Popen[bytes]) -> bool:
    """Whether any process of the group led by ``process`` is left (reaping the leader)."""
    process.poll()
    try:
        os.killpg(process.pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True
