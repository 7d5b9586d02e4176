"""The corpus of real notices: no task that parsed exactly stops, none is wrong unsaid.

The regression corpus is every folder of ``support.corpus.FOLDERS``:
``tests/data/notices/`` (the notices the parser was developed on), the
``notices-heldout*`` folders (parts set aside, each scored once unseen and since
then part of the corpus) and the ``notices-files*`` folders (real task tables
typeset as Word, Excel and PDF files, also scored once unseen). Folders of
notices that may not be committed (texts from a fetched snapshot) join them when
``GZGK_LOCAL_CORPUS`` names the folder that holds them. Every notice with its
truth is parsed as ``gzgk parse`` reads it. The tasks that came out exact are
recorded in each folder's baseline (``notices-baseline.json`` …); a task that
stops coming out exact fails here. A task whose units differ from the truth must
carry an issue naming it; the few that do not yet are recorded too, and a new
one fails. An improvement fails the last test until it is recorded
(``python tests/support/corpus.py``), so the record stays the truth.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.corpus import Outcome, baseline, corpus, outcomes, places

PLACES = places()
RECORDS = {  # a local folder not recorded yet has none: record it with tests/support/corpus.py
    name: json.loads(place.record.read_text("utf-8")) if place.record.exists() else {}
    for name, place in PLACES.items()
}
NOTICES = {name: list(corpus(place.folder)) for name, place in PLACES.items()}
_SCORED: dict[str, dict[str, Outcome]] = {}


def _scored(folder: str) -> dict[str, Outcome]:
    """Every notice of one folder, parsed once per test session."""
    if folder not in _SCORED:
        _SCORED[folder] = outcomes(PLACES[folder].folder)
    return _SCORED[folder]


def test_corpus_is_there() -> None:
    """The corpus is in the repository: at least 30 + 10 notices with their truth, all recorded."""
    assert len(NOTICES["notices"]) >= 30
    assert len(NOTICES["notices-heldout"]) >= 10
    for folder, notices in NOTICES.items():
        assert set(RECORDS[folder]) == {name for name, _, _ in notices}


CASES = [(folder, name) for folder, notices in NOTICES.items() for name, _, _ in notices]


@pytest.mark.parametrize(("folder", "name"), CASES)
def test_no_exact_task_lost(folder: str, name: str) -> None:
    """Every task recorded as exact still parses exactly."""
    outcome = _scored(folder)[name]
    lost = sorted(set(RECORDS[folder][name]["exact"]) - set(outcome.exact))
    assert lost == [], f"{folder}/{name}: tasks no longer exact: {lost}"


@pytest.mark.parametrize(("folder", "name"), CASES)
def test_no_task_silently_wrong(folder: str, name: str) -> None:
    """A task whose units differ from the truth carries an issue naming it."""
    outcome = _scored(folder)[name]
    new = sorted(set(outcome.silent) - set(RECORDS[folder][name]["silent"]))
    assert new == [], f"{folder}/{name}: tasks wrong with no issue naming them: {new}"


@pytest.mark.parametrize("folder", ["notices-heldout", "notices-heldout2", "notices-heldout3"])
def test_heldout_has_no_silent_task(folder: str) -> None:
    """The notices set aside and scored unseen read with no task wrong unsaid (none recorded)."""
    assert all(not entry["silent"] for entry in RECORDS[folder].values())


@pytest.mark.parametrize("folder", list(PLACES))
def test_record_is_current(folder: str) -> None:
    """The record says what the parser does now (run tests/support/corpus.py after a gain)."""
    assert baseline(_scored(folder)) == RECORDS[folder]


def test_the_silence_check_can_fail(tmp_path: Path) -> None:
    """A task read with other units and no issue is found silently wrong; with an issue it is not."""
    text = "关于任务分工的通知\n各单位：\n（一）推进数据开放。编制目录。（牵头单位：市发改委）\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    wrong = {"number": "一", "title_or_start": "推进数据开放", "lead": ["市财政局"]}
    (tmp_path / "a.expected.json").write_text(json.dumps({"tasks": [wrong]}), encoding="utf-8")
    (tmp_path / "b.txt").write_text(text.replace("市发改委", "区"), encoding="utf-8")
    truth = {"number": "一", "title_or_start": "推进数据开放", "lead": ["市发改委"]}
    (tmp_path / "b.expected.json").write_text(json.dumps({"tasks": [truth]}), encoding="utf-8")
    found = outcomes(tmp_path)
    assert (found["a"].exact, found["a"].silent) == ((), ("一",))
    assert (found["b"].exact, found["b"].silent) == ((), ())  # 区: unit-name-invalid names it


def test_an_unreadable_notice_names_its_tasks(tmp_path: Path) -> None:
    """A notice the reader cannot open (source-unreadable) says its tasks were not read."""
    (tmp_path / "a.txt").mkdir()  # a folder where the text should be
    truth = {"number": "一", "title_or_start": "推进数据开放", "lead": ["市发改委"]}
    (tmp_path / "a.expected.json").write_text(json.dumps({"tasks": [truth]}), encoding="utf-8")
    found = outcomes(tmp_path)
    assert (found["a"].exact, found["a"].silent) == ((), ())
