"""Scoring the parser on a folder of real notices with their truth (``NAME.txt`` + ``NAME.expected.json``).

A task is **exact** as ``shared/tools/score-notices`` counts it: some parsed
task has the same lead units and the same responsible + cooperating units in
printed order (a trailing ``。`` or ``等`` and spaces ignored).

A task is **silently wrong** when it is not exact and nothing tells the clerk:

* its parsed counterpart (found by its text, else by its number) has other
  units, and no issue names that task, other than issues that say nothing of
  its units (a missing title, its number out of order);
* it is missing from the parse, and no issue names it (its number in a gap,
  its text in ``text-ignored``) while the notice as a whole read without error;
* it is cut off in the text (``incomplete_tasks``) and came out with units
  and no issue naming it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from gzgk import read_notice
from gzgk.model import Role, Task
from gzgk.parse import ParseResult

__all__ = [
    "DATA",
    "FOLDERS",
    "LOCAL_CORPUS",
    "Outcome",
    "Place",
    "baseline",
    "corpus",
    "outcomes",
    "places",
    "score_notice",
    "score_result",
]

# Issues that name their tasks in the message rather than in the task field.
_LISTING = frozenset(
    {
        "column-guessed",
        "notice-rule-applied",
        "pinyin-in-text",
        "rule-not-applied",
        "section-units-applied",
        "table-heading-implied",
    }
)
# Issues that name a task but say nothing that would make a clerk check its units: a
# wrong task named only by these is still silently wrong.
_SAY_NOTHING_OF_UNITS = frozenset(
    {
        "task-no-title",
        "task-no-content",
        "task-number-duplicate",
        "task-number-gap",
        "task-number-style-changed",
    }
)
# Issues that say a task's number was not read: a gap (…缺少“（七）”), a number left in a
# task's text (…却没有读出任务（二十六）).
_SAY_MISSING = frozenset({"task-number-gap", "task-number-in-text"})
# Issues that say a task may be two run together: a task lost is said by one on the task
# whose text holds it (…（二十六）…。（二十七）完善项目… read as one task).
_SAY_MERGED = frozenset({"task-merged-suspect", "task-number-in-text"})
# Issues that say a whole notice's tasks could not be read.
_NOTHING_READ = frozenset(
    {"no-task-table", "no-tasks", "empty-source", "source-unreadable", "table-run-together"}
)


@frozen
class Outcome:
    """How one notice came out: which expected tasks are exact, which wrong and unreported."""

    name: str
    total: int
    exact: tuple[str, ...]
    silent: tuple[str, ...]


def corpus(folder: Path) -> Iterator[tuple[str, Path, dict[str, Any]]]:
    """Each notice of a folder that has its truth: (name, its file, truth).

    The file is ``NAME.txt``; in a folder of notice files, each ``NAME.docx``,
    ``NAME.xlsx``, ``NAME.pdf`` … beside the truth is scored against it, named
    with its suffix (``NAME.docx``).
    """
    for expected in sorted(folder.glob("*.expected.json")):
        name = expected.name.removesuffix(".expected.json")
        truth = json.loads(expected.read_text("utf-8"))
        text = folder / f"{name}.txt"
        if text.exists():
            yield name, text, truth
            continue
        files = sorted(path for path in folder.glob(f"{name}.*") if path.suffix != ".json")
        if not files:
            raise ValueError(f"{expected.name}: no notice file beside it")
        for path in files:
            yield path.name, path, truth


def _clean(units: Sequence[str] | None) -> list[str]:
    return [re.sub(r"[\s。等]+$", "", str(unit).strip()) for unit in units or ()]


def _key(value: str) -> str:
    """Text or number without spaces, brackets and punctuation, for matching."""
    return re.sub(r"[\s\W_]+", "", value)


def _same_units(task: Task, truth: dict[str, Any]) -> bool:
    lead = _clean(truth.get("lead"))
    others = _clean(truth.get("responsible")) + _clean(truth.get("cooperating"))
    return _clean(task.lead) == lead and _clean(task.responsible) + _clean(task.cooperating) == (
        others
    )


def _counterpart(tasks: Sequence[Task], truth: dict[str, Any]) -> Task | None:
    """The parsed task the expected one is: by the start of its text, else by its number.

    Of the tasks whose text holds the start near its own, the one it stands
    earliest in: a task that opens with the words (委托…单位承运), not an earlier
    one whose sentence has them a few words in.
    """
    start = _key(truth.get("title_or_start", ""))[:10]
    if start:
        found = [
            (at, index)
            for index, task in enumerate(tasks)
            if (at := _key(task.title + task.content)[: len(start) + 20].find(start)) >= 0
        ]
        if found:
            return tasks[min(found)[1]]
    number = _number_key(str(truth.get("number", "")))
    return next(
        (task for task in tasks if number and _same_number(_number_key(task.number), number)),
        None,
    )


def _number_key(number: str) -> str:
    """A task's number for matching, as :func:`_key`, but for parts that would run into one.

    二.十七 is not 二十七 (two numerals of one kind keep their dot); 一、1 is 一.1 and 一1.
    """
    parts = [part for part in (_key(p) for p in re.split(r"[.．、]", number)) if part]
    out = parts[0] if parts else ""
    for part in parts[1:]:
        digits = out[-1].isdigit() and part[0].isdigit()
        numerals = out[-1] in _NUMERALS and part[0] in _NUMERALS
        out += ("." if digits or numerals else "") + part
    return out


_NUMERALS = "〇零一二三四五六七八九十百"


def _same_number(parsed: str, number: str) -> bool:
    """Whether a parsed number is the expected one, maybe after a prefix (附表1-31 for 31).

    The prefix does not end in a numeral: 十七 is not task 七, nor 16 task 6.
    """
    return parsed.endswith(number) and not re.search(
        r"[\d一二三四五六七八九十百]$", parsed[: -len(number)]
    )


def _named(result: ParseResult, task: Task) -> bool:
    """Whether an issue that questions its reading names a parsed task."""
    return any(
        issue.code not in _SAY_NOTHING_OF_UNITS
        and (
            issue.task == task.number
            or (issue.code in _LISTING and task.number in issue.message.split("（")[-1])
        )
        for issue in result.issues
    )


def _missing_named(result: ParseResult, truth: dict[str, Any]) -> bool:
    """Whether a task the parse lost is named: by number, by its text, or the notice failed."""
    if any(issue.code in _NOTHING_READ for issue in result.issues):
        return True
    number = _key(str(truth.get("number", "")))
    start = _key(truth.get("title_or_start", ""))[:8]
    return any(
        (number and number in _key(issue.message) and issue.code in _SAY_MISSING)
        or (number and issue.code in _SAY_MISSING and _in_range(number, issue.message))
        or (start and start in _key(issue.message))
        or (issue.code in _SAY_MERGED and start and _merged_into(result, issue.task, start))
        for issue in result.issues
    )


def _merged_into(result: ParseResult, number: str | None, start: str) -> bool:
    """Whether the parsed task an issue says may be two holds a lost task's start."""
    return any(
        task.number == number and start in _key(task.title + task.content)
        for task in result.notice.tasks
    )


def _in_range(number: str, message: str) -> bool:
    """Whether a message says a range of numbers that holds one (缺少“2”至“8” holds 4)."""
    return number.isdigit() and any(
        int(first) <= int(number) <= int(last)
        for first, last in re.findall(r"“(\d+)”至“(\d+)”", message)
    )


def score_notice(name: str, path: Path, truth: dict[str, Any]) -> Outcome:
    """Parse one notice as ``gzgk parse`` does and compare it with its truth."""
    return score_result(name, read_notice(path), truth)


def score_result(name: str, result: ParseResult, truth: dict[str, Any]) -> Outcome:
    """Compare one parsed notice with its truth: which tasks are exact, which wrong unsaid."""
    tasks = result.notice.tasks
    exact: list[str] = []
    silent: list[str] = []
    for expected in truth["tasks"]:
        number = str(expected["number"])
        if any(_same_units(task, expected) for task in tasks):
            exact.append(number)
            continue
        counterpart = _counterpart(tasks, expected)
        named = (
            _named(result, counterpart)
            if counterpart is not None
            else _missing_named(result, expected)
        )
        if not named:
            silent.append(number)
    for number in truth.get("incomplete_tasks", ()):
        counterpart = _counterpart(tasks, {"number": number})
        named_units = counterpart is not None and any(counterpart.names(role) for role in Role)
        if counterpart is not None and named_units and not _named(result, counterpart):
            silent.append(f"{number}（不完整）")
    return Outcome(name, len(truth["tasks"]), tuple(exact), tuple(silent))


def outcomes(folder: Path) -> dict[str, Outcome]:
    """Every notice of a folder scored, by name."""
    return {name: score_notice(name, path, truth) for name, path, truth in corpus(folder)}


def baseline(found: dict[str, Outcome]) -> dict[str, dict[str, list[str]]]:
    """What to record: each notice's exact and silently wrong tasks."""
    return {
        name: {"exact": list(outcome.exact), "silent": list(outcome.silent)}
        for name, outcome in sorted(found.items())
    }


DATA = Path(__file__).resolve().parent.parent / "data"

# Each folder of the regression corpus and the file its record is kept in (both in DATA).
FOLDERS = {
    "notices": "notices-baseline.json",
    "notices-heldout": "notices-heldout-baseline.json",
    "notices-heldout2": "notices-heldout2-baseline.json",
    "notices-heldout3": "notices-heldout3-baseline.json",
    "notices-heldout4": "notices-heldout4-baseline.json",
    "notices-files": "notices-files-baseline.json",
    "notices-files2": "notices-files2-baseline.json",
    "notices-heldout11": "notices-heldout11-baseline.json",
    "notices-heldout12": "notices-heldout12-baseline.json",
    "notices-heldout13": "notices-heldout13-baseline.json",
    "notices-files3": "notices-files3-baseline.json",
    "notices-files4": "notices-files4-baseline.json",
}

# Folders kept outside the repository: notices whose texts came from a fetched snapshot may
# not be committed, but a developer who has them guards them like the rest. The variable
# names a folder holding ``notices-*`` folders, each with its record beside it.
LOCAL_CORPUS = "GZGK_LOCAL_CORPUS"


@frozen
class Place:
    """Where one folder of the corpus and its record are."""

    folder: Path
    record: Path


def places() -> dict[str, Place]:
    """Every folder of the corpus: the repository's, then those named by ``GZGK_LOCAL_CORPUS``."""
    found = {name: Place(DATA / name, DATA / record) for name, record in FOLDERS.items()}
    outside = os.environ.get(LOCAL_CORPUS)
    if outside:
        for folder in sorted(Path(outside).glob("notices-*")):
            if folder.is_dir() and folder.name not in found:
                found[folder.name] = Place(folder, folder.with_name(f"{folder.name}-baseline.json"))
    return found


def _record(place: Place) -> tuple[int, int]:
    record = baseline(outcomes(place.folder))
    lines = [
        f"  {json.dumps(name, ensure_ascii=False)}: {json.dumps(entry, ensure_ascii=False)}"
        for name, entry in record.items()
    ]
    place.record.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    exact = sum(len(r["exact"]) for r in record.values())
    silent = sum(len(r["silent"]) for r in record.values())
    return exact, silent


if __name__ == "__main__":  # python tests/support/corpus.py: record the baselines anew
    import sys

    for name, place in places().items():
        exact, silent = _record(place)
        sys.stdout.write(f"{name}: {exact} tasks exact, {silent} silently wrong\n")
