"""Families of forms notices-heldout10 brought, each read by one rule (never one notice's text).

A role phrase with its ground after a list of units (``X、Y依据各自职责分别组织
实施``); a name check that let such a phrase pass as a collective's 各.
"""

from __future__ import annotations

import pytest
from support.parsing import HEAD, codes, units

from gzgk import parse_text
from gzgk.lexicon.names import name_problem
from gzgk.model import Role
from gzgk.parse.grammar import read_units

# -- a role phrase with its ground after the units ------------------------------

GROUNDS = [
    "依据各自职责分别组织实施",
    "按照各自职责分工负责",
    "根据职责分工推进",
    "依照各自职能办理",
    "按职责分工组织实施",
]


@pytest.mark.parametrize("phrase", GROUNDS)
def test_a_ground_and_a_duty_after_the_units_is_their_role(phrase: str) -> None:
    """``X、Y、Z依据各自职责分别组织实施``: X, Y and Z are responsible, the phrase no name."""
    text = (
        HEAD
        + f"一、落实购房补贴。给予一次性购房补贴。（责任单位：市住建局、市财政局、市公安局{phrase}）\n"
        "二、落实税费政策。对出售自有住房予以退税。（责任单位：市税务局）\n"
    )
    result = parse_text(text)
    assert [units(task) for task in result.notice.tasks] == [
        ((), ("市住建局", "市财政局", "市公安局"), ()),
        ((), ("市税务局",), ()),
    ]
    assert "unit-name-invalid" not in codes(result)


@pytest.mark.parametrize("phrase", GROUNDS)
def test_a_ground_and_a_duty_in_running_text_assign(phrase: str) -> None:
    """Without a label the phrase is the verb: the names before it are responsible."""
    read = read_units(f"市住建局、市财政局{phrase}", None)
    assert read is not None
    assert [(field.role, field.names) for field in read.fields] == [
        (Role.RESPONSIBLE, ("市住建局", "市财政局"))
    ]


@pytest.mark.parametrize("alone", ["组织实施", "推进", "实施"])
def test_a_duty_verb_without_its_ground_is_no_role(alone: str) -> None:
    """实施 or 推进 alone ends a task's text as often as an assignment: not read as a role."""
    read = read_units(f"市住建局{alone}", None)
    assert read is not None
    assert not read.fields


# -- the name check: 各自 is no collective's 各 -----------------------------------


@pytest.mark.parametrize(
    "glued",
    ["市公安局依据各自职责分别组织实施", "市财政局各自负责实施", "区住建局按各自分工推进"],
)
def test_a_name_with_a_ground_glued_fails_the_check(glued: str) -> None:
    """A 各 inside a text made it a collective (市直各部门): 各自, or 各 after no owner, does not."""
    assert name_problem(glued) is not None


@pytest.mark.parametrize(
    "collective",
    ["市直各部门", "县政府各部门", "区级各有关部门", "市公安局各科室", "区属各企业", "市辖各区"],
)
def test_a_collective_after_its_owner_still_passes(collective: str) -> None:
    """The owner before 各 (市直, 县政府, 市公安局) keeps the collective a name."""
    assert name_problem(collective) is None
