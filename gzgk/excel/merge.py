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

from attrs import evolve

from gzgk.comparison import SOON_DAYS, Previous, check_previous
from gzgk.matrix import Matrix
from gzgk.model import Notice, Round
from gzgk.registry import Registry
from gzgk.signing import Key
from gzgk.summary import Consolidator, KeyCheck, RoundCheck, Summary

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
    round: Round | None = None,  # noqa: A002 - the word the office uses
    previous: Previous | None = None,
    soon: int = SOON_DAYS,
) -> Summary:
    """Merge every return found under ``paths`` into the summary of ``notice``.

    With ``round`` only that round's returns are merged (a return of another
    round is ``other-round``: listed, never mixed in), deadlines are the
    round's, and the summary carries a comparison (:mod:`gzgk.comparison`)
    against ``previous`` (last round's summary read by
    :func:`gzgk.excel.previous.read_previous`, or :meth:`gzgk.history.History.previous`).

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
        round: the reporting round the returns answer.
        previous: the last accepted answers of earlier rounds.
        soon: days before a 完成时限 that make a pending task yellow.

    Raises:
        KeyMismatchError: ``key`` verifies no return and the returns name another key.
        RoundMismatchError: no return is of ``round`` and the returns name another.
    """
    registry = registry or Registry.bundled()
    if previous is not None:
        check_previous(previous, notice, round.name if round is not None else None)
    if round is not None:
        notice = notice.for_round(round)
    consolidator = Consolidator(Matrix.build(notice, registry))
    records = read_batch(
        collect_jobs(paths, exclude),
        registry=registry,
        notice=notice,
        key=key,
        limits=limits,
        workers=workers,
        progress=progress,
        round=round.name if round is not None else None,
    )
    keys = KeyCheck(key)
    rounds = RoundCheck(round.name if round is not None else None)
    for record in records:
        keys.see(record)
        rounds.see(record)
        consolidator.add(record)
    keys.check()
    rounds.check()
    summary = consolidator.summary(as_of or dt.datetime.now().astimezone())
    if round is None and previous is None:
        return summary
    return evolve(summary, round=round).compared(previous, soon=soon)
