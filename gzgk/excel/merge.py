"""Returns → :class:`~gzgk.summary.Summary`: read every file in isolation and consolidate.

Every file under the given paths is read and checked in a worker process of
its own (:mod:`gzgk.excel.batch`), its record is handed to a
:class:`~gzgk.summary.Consolidator` as soon as it arrives and then let go, so a
merge holds the newest return of each unit and the findings of every file,
never all the returns at once. Inputs are only read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from gzgk.matrix import Matrix
from gzgk.model import Notice
from gzgk.registry import Registry
from gzgk.signing import Key
from gzgk.summary import Consolidator, KeyCheck, Summary

from .batch import Progress, collect_jobs, read_batch
from .read import Limits

__all__ = ["merge_paths"]


def merge_paths(
    paths: Sequence[str | Path],
    *,
    notice: Notice,
    registry: Registry | None = None,
    key: Key | None = None,
    as_of: dt.datetime | None = None,
    limits: Limits | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    exclude: Iterable[str | Path] = (),
) -> Summary:
    """Merge every return found under ``paths`` into the summary of ``notice``.

    Args:
        paths: files and folders (searched recursively for spreadsheets).
        notice: the notice the returns answer.
        registry: the unit registry; the bundled one by default.
        key: the office's key, to verify signatures.
        as_of: the moment the summary speaks for (deadlines are judged at its
            date); now by default.
        limits: bounds on reading each file (size, cells, seconds).
        workers: worker processes; one per core by default.
        progress: called as ``progress(done, total)`` after each file.
        exclude: files and folders not to read (e.g. the summary being written).

    Raises:
        KeyMismatchError: ``key`` verifies no return and the returns name another key.
    """
    registry = registry or Registry.bundled()
    consolidator = Consolidator(Matrix.build(notice, registry))
    records = read_batch(
        collect_jobs(paths, exclude),
        registry=registry,
        notice=notice,
        key=key,
        limits=limits,
        workers=workers,
        progress=progress,
    )
    keys = KeyCheck(key)
    for record in records:
        keys.see(record)
        consolidator.add(record)
    keys.check()
    return consolidator.summary(as_of or dt.datetime.now().astimezone())
