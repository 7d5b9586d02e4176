"""The corpus of real notices (tests/data/notices/): no task that parsed exactly stops, none is wrong unsaid.

Every notice with its truth is parsed as ``gzgk parse`` reads it. The tasks
that came out exact are recorded in ``tests/data/notices-baseline.json``; a
task that stops coming out exact fails here. A task whose units differ from
the truth must carry an issue naming it; the few that do not yet are recorded
too, and a new one fails. An improvement fails the last test until it is
recorded (``python tests/support/corpus.py``), so the record stays the truth.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.corpus import Outcome, baseline, corpus, outcomes

DATA = Path(__file__).parent / "data"
FOLDER = DATA / "notices"
RECORD = json.loads((DATA / "notices-baseline.json").read_text("utf-8"))
NOTICES = list(corpus(FOLDER))


@pytest.fixture(scope="module")
def scored() -> dict[str, Outcome]:
    """Every notice of the corpus, parsed once."""
    return outcomes(FOLDER)


def test_corpus_is_there() -> None:
    """The corpus is in the repository: at least 30 notices with their truth."""
    assert len(NOTICES) >= 30
    assert set(RECORD) == {name for name, _, _ in NOTICES}


NAMES = [name for name, _, _ in NOTICES]


@pytest.mark.parametrize("name", NAMES)
def test_no_exact_task_lost(name: str, scored: dict[str, Outcome]) -> None:
    """Every task recorded as exact still parses exactly."""
    outcome = scored[name]
    lost = sorted(set(RECORD[name]["exact"]) - set(outcome.exact))
    assert lost == [], f"{name}: tasks no longer exact: {lost}"


@pytest.mark.parametrize("name", NAMES)
def test_no_task_silently_wrong(name: str, scored: dict[str, Outcome]) -> None:
    """A task whose units differ from the truth carries an issue naming it."""
    outcome = scored[name]
    new = sorted(set(outcome.silent) - set(RECORD[name]["silent"]))
    assert new == [], f"{name}: tasks wrong with no issue naming them: {new}"


def test_record_is_current(scored: dict[str, Outcome]) -> None:
    """The record says what the parser does now (run tests/support/corpus.py after a gain)."""
    assert baseline(scored) == RECORD


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
