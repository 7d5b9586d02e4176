"""Older office files (.doc, .wps, .rtf, .xls, .et) converted to .docx/.xlsx with LibreOffice.

Each conversion runs its own headless ``soffice`` with a fresh profile inside
the work folder, so it neither disturbs nor waits for an office the user has
open, and is killed (with everything it started) when it runs out of time.
The input is never touched: a copy under a plain ASCII name is converted.

``soffice`` is found through the ``GZGK_SOFFICE`` environment variable (a
command or a path), else as ``soffice`` or ``libreoffice`` on the ``PATH``,
else in LibreOffice's usual install folders on Windows and macOS.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Final, Literal

from gzgk.documents.model import ConversionFailedError, ConverterMissingError, DocumentError
from gzgk.files import os_reason

__all__ = ["MAX_CONVERT_BYTES", "SOFFICE_ENV", "convert", "find_soffice"]

SOFFICE_ENV: Final = "GZGK_SOFFICE"
"""The environment variable that names the ``soffice`` to use."""

MAX_CONVERT_BYTES: Final = 50 * 1024 * 1024
"""Larger files are not converted: no notice is that large."""

Target = Literal["docx", "xlsx"]

# The export filter of each target, as LibreOffice names it.
_FILTERS: Final[dict[str, str]] = {
    "docx": "MS Word 2007 XML",
    "xlsx": "Calc MS Excel 2007 XML",
}
# The extension the copy gets, by the input's: Kingsoft's .wps and .et are Word 97
# and Excel 97 files, and LibreOffice also takes .wps for Microsoft Works; the
# Word/Excel name lets it try those filters first (the content still decides).
_INPUT_SUFFIXES: Final[dict[str, str]] = {
    ".doc": ".doc",
    ".dot": ".doc",
    ".wps": ".doc",
    ".wpt": ".doc",
    ".rtf": ".rtf",
    ".xls": ".xls",
    ".xlt": ".xls",
    ".et": ".xls",
    ".ett": ".xls",
}
_DEFAULT_SUFFIX: Final[dict[str, str]] = {"docx": ".doc", "xlsx": ".xls"}
_PACKAGES: Final[dict[str, str]] = {
    "docx": "libreoffice-writer-nogui",
    "xlsx": "libreoffice-calc-nogui",
}
_SAVE_AS: Final[dict[str, str]] = {"docx": " Word 或 WPS 文字", "xlsx": " Excel 或 WPS 表格"}
_WINDOWS_PLACES: Final = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
_MAC_PLACES: Final = ("/Applications/LibreOffice.app/Contents/MacOS/soffice",)
_DETAIL_MAX = 300
_KILL_WAIT = 5.0


def find_soffice() -> str | None:
    """The ``soffice`` to run, or None when LibreOffice cannot be found.

    ``GZGK_SOFFICE``, when set, is the only place looked at.
    """
    named = os.environ.get(SOFFICE_ENV)
    if named:
        return shutil.which(named)
    for command in ("soffice", "libreoffice"):
        found = shutil.which(command)
        if found:
            return found
    places = _WINDOWS_PLACES if sys.platform == "win32" else _MAC_PLACES
    return next((place for place in places if Path(place).is_file()), None)


def convert(
    path: str | Path,
    target: Target,
    workdir: str | Path,
    *,
    timeout: float = 120.0,
) -> Path:
    """Convert an older office file to .docx or .xlsx with LibreOffice headless.

    Args:
        path: the file (.doc, .wps, .rtf → ``docx``; .xls, .et → ``xlsx``); left untouched.
        target: ``docx`` or ``xlsx``.
        workdir: a folder for the copy, LibreOffice's profile and the result
            (created if missing; the caller removes it when done).
        timeout: seconds LibreOffice may take; it is killed after that.

    Returns:
        The converted file, inside ``workdir``, named after the input
        (``通知.doc`` → ``通知.docx``).

    Raises:
        ConverterMissingError: LibreOffice is not installed (the message says
            what to install, or to save the file as .docx/.xlsx instead).
        ConversionFailedError: LibreOffice could not convert the file, or ran out of time.
        DocumentError: the file cannot be read or is over :data:`MAX_CONVERT_BYTES`.
        ValueError: ``target`` is neither ``docx`` nor ``xlsx``.
    """
    if target not in _FILTERS:
        raise ValueError(f"target must be 'docx' or 'xlsx' (got {target!r})")
    source = Path(path)
    name = source.name
    try:
        size = source.stat().st_size
        if not source.is_file():
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(source))
    except OSError as error:
        raise DocumentError(f"无法打开“{name}”：{os_reason(error)}") from error
    if size > MAX_CONVERT_BYTES:
        raise DocumentError(
            f"“{name}”超过 {MAX_CONVERT_BYTES // 1024 // 1024} MB，不像是一份通知，未转换"
        )
    soffice = find_soffice()
    if soffice is None:
        raise ConverterMissingError(_missing_message(name, target))
    try:
        work = Path(workdir)
        work.mkdir(parents=True, exist_ok=True)
        job = Path(tempfile.mkdtemp(prefix="convert-", dir=work))
        suffix = _INPUT_SUFFIXES.get(source.suffix.lower(), _DEFAULT_SUFFIX[target])
        copy = job / f"input{suffix}"
        shutil.copyfile(source, copy)
    except OSError as error:
        raise DocumentError(f"无法为转换“{name}”准备工作文件夹：{os_reason(error)}") from error
    output = job / "output"
    profile = job / "profile"
    command = [
        soffice,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--invisible",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        "--convert-to",
        f"{target}:{_FILTERS[target]}",
        "--outdir",
        str(output),
        str(copy),
    ]
    try:
        detail = _run(command, timeout=timeout, cwd=job)
    except subprocess.TimeoutExpired:
        raise ConversionFailedError(
            f"LibreOffice 未能在 {timeout:g} 秒内转换“{name}”，已终止；"
            f"请在{_SAVE_AS[target]}中将文件另存为 .{target} 后再试"
        ) from None
    except OSError as error:
        raise ConverterMissingError(
            f"无法运行 LibreOffice（{soffice}）：{os_reason(error)}。" + _install_hint(target)
        ) from error
    finally:
        shutil.rmtree(profile, ignore_errors=True)
        with contextlib.suppress(OSError):
            copy.unlink()
    produced = output / f"input.{target}"
    if not produced.is_file() or produced.stat().st_size == 0:
        reason = f"（{detail}）" if detail else ""
        raise ConversionFailedError(
            f"LibreOffice 无法把“{name}”转换为 .{target}{reason}：文件可能已损坏、"
            f"设置了密码或不是它看上去的格式；请在{_SAVE_AS[target]}中另存为 .{target} 后再试"
        )
    result = job / f"{_safe_stem(source)}.{target}"
    try:
        produced.replace(result)
    except OSError:
        return produced
    with contextlib.suppress(OSError):
        output.rmdir()
    return result


def _safe_stem(source: Path) -> str:
    """The input's name without its extension, usable as a file name here."""
    stem = "".join(ch for ch in source.stem if ch.isprintable() and ch not in '<>:"/\\|?*')
    return stem.strip(" .")[:100] or "converted"


def _install_hint(target: str) -> str:
    return (
        "请安装 LibreOffice：统信 UOS、银河麒麟、Debian、Ubuntu 上运行 "
        f"“sudo apt install {_PACKAGES[target]}”，Windows 上从 https://www.libreoffice.org "
        f"下载安装；或者在{_SAVE_AS[target]}中把文件另存为 .{target} 后再试。"
    )


def _missing_message(name: str, target: str) -> str:
    named = os.environ.get(SOFFICE_ENV)
    if named:
        where = f"环境变量 {SOFFICE_ENV} 指定的“{named}”不存在或不可执行"
    else:
        where = "没有找到 LibreOffice（soffice）"
    return f"读取“{name}”需要先用 LibreOffice 转换为 .{target}，但{where}。" + _install_hint(target)


def _run(command: list[str], *, timeout: float, cwd: Path) -> str:
    """Run LibreOffice; return the tail of what it printed (it exits 0 even when it fails).

    Raises:
        subprocess.TimeoutExpired: it ran out of time (everything it started is killed).
        OSError: it could not be started.
    """
    if sys.platform == "win32":
        flags = subprocess.CREATE_NEW_PROCESS_GROUP
    else:
        flags = 0
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "PYTHONHOME")  # LibreOffice runs its own Python
    }
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=environment,
        start_new_session=sys.platform != "win32",
        creationflags=flags,
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process)
        raise
    finally:
        _end_group(process)
    text = (out + b"\n" + err).decode("utf-8", "replace")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower()]
    return " ".join(errors or lines)[-_DETAIL_MAX:]


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Kill the process and everything it started, then collect it."""
    if sys.platform == "win32":
        subprocess.run(
            ["taskkill", "/F", "/T", "/PID", str(process.pid)],
            capture_output=True,
            check=False,
        )
    else:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.communicate(timeout=_KILL_WAIT)


def _end_group(process: subprocess.Popen[bytes]) -> None:
    """Make sure nothing of the process group is left running (``soffice.bin`` can linger)."""
    if sys.platform == "win32":
        return
    for sig in (None, signal.SIGTERM, signal.SIGKILL):
        if sig is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, sig)
        deadline = time.monotonic() + _KILL_WAIT
        while _group_alive(process):
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        else:
            return


def _group_alive(process: subprocess.Popen[bytes]) -> bool:
    """Whether any process of the group led by ``process`` is left (reaping the leader)."""
    process.poll()
    try:
        os.killpg(process.pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True
