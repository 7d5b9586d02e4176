"""Running a command and measuring the memory of its whole process tree (Linux ``/proc``).

Every ``POLL`` seconds the tree under the command is walked again (workers,
the fork server, anything they start) and the kernel's high-water mark of
each process's resident memory (``VmHWM``) is read. A process's own peak is
exact, not sampled; a process that lives shorter than one poll may be missed,
which a worker reading a file does not. The tree's peak is reported as the
sum of every process's peak: never less than what the tree held at once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from attrs import frozen

__all__ = ["MB", "Measured", "run_measured", "supported", "wchan", "workers_of"]

MB = 1024 * 1024
POLL = 0.02


def supported() -> bool:
    """Whether processes can be measured here (Linux with /proc)."""
    return Path("/proc/self/status").exists()


@frozen
class Measured:
    """A finished command: its outcome and the memory peaks of its processes."""

    returncode: int
    stdout: str
    stderr: str
    peaks: dict[int, int]  # pid → peak resident bytes

    @property
    def tree_peak(self) -> int:
        """The sum of every process's peak: an upper bound of what the tree held at once."""
        return sum(self.peaks.values())

    @property
    def largest(self) -> int:
        """The peak of the largest single process."""
        return max(self.peaks.values(), default=0)


def _children() -> dict[int, list[int]]:
    """Every live process's children, by parent pid."""
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat[stat.rindex(")") + 2 :].split()[1])
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def _descendants(root: int) -> list[int]:
    tree = _children()
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(tree.get(pid, ()))
    return found


def _peak(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def run_measured(command: Sequence[str], *, timeout: float = 600.0) -> Measured:
    """Run ``command`` to its end, watching the memory of every process it starts."""
    peaks: dict[int, int] = {}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            list(command),
            stdout=out,
            stderr=err,
            start_new_session=True,  # its tree only, whatever else runs on the machine
        )
        deadline = time.monotonic() + timeout
        while process.poll() is None:
            for pid in _descendants(process.pid):
                peak = _peak(pid)
                if peak is not None:
                    peaks[pid] = max(peaks.get(pid, 0), peak)
            if time.monotonic() > deadline:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                raise TimeoutError(f"{command} ran over {timeout} s")
            time.sleep(POLL)
        out.seek(0)
        err.seek(0)
        return Measured(
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            peaks,
        )


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def workers_of(root: int) -> list[int]:
    """The worker processes gzgk started for ``root``: children of its fork server."""
    tree = _children()
    servers = [pid for pid in tree.get(root, ()) if "forkserver" in _cmdline(pid)]
    return [pid for server in servers for pid in tree.get(server, ())]


def wchan(pid: int) -> str:
    """Where in the kernel a process waits (``wait_for_partner``: opening a pipe), or ''."""
    try:
        return Path(f"/proc/{pid}/wchan").read_text().strip()
    except OSError:
        return ""
