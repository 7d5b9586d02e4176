"""Running the installed ``gzgk`` script piped, or with one stream on a pseudo-terminal."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

GZGK = str(Path(sys.executable).with_name("gzgk"))
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# Variables that would make Rich style piped output or size the terminal by themselves
_STYLING = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "NO_COLOR", "COLUMNS", "LINES")


def environment() -> dict[str, str]:
    """The environment without the variables that change how Rich decides on styles and size."""
    env = {name: value for name, value in os.environ.items() if name not in _STYLING}
    env["TERM"] = "xterm-256color"
    return env


def run_piped(*argv: str) -> subprocess.CompletedProcess[str]:
    """The console script with stdout and stderr captured through pipes."""
    return subprocess.run(
        [GZGK, *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment(),
        check=False,
    )


def run_in_terminal(*argv: str, stream: str = "stdout", columns: int = 100) -> tuple[int, str, str]:
    """The console script with ``stream`` on a terminal ``columns`` wide; code, stdout, stderr."""
    import fcntl  # noqa: PLC0415 - POSIX only
    import pty  # noqa: PLC0415
    import struct  # noqa: PLC0415
    import termios  # noqa: PLC0415

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, stream: follower}
    process = subprocess.Popen(
        [GZGK, *argv],
        stdin=subprocess.DEVNULL,
        stdout=streams["stdout"],
        stderr=streams["stderr"],
        env=environment(),
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is gone once the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    out, err = process.communicate(timeout=300)
    os.close(leader)
    shown = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    if stream == "stdout":
        return process.returncode, shown, err.decode("utf-8")
    return process.returncode, out.decode("utf-8"), shown
