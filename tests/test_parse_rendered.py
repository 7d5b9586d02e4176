"""Notices rendered from the corpus's truth in forms the corpus has few of: no task wrong unsaid.

Where ``tests/test_parse_perturbed.py`` varies the corpus's real text, this
file prints the corpus's truth anew (``tests/support/rendered.py``): each
task's units in a bracket after it (``（X牵头，Y、Z按职责分工负责）``), in a
sentence (``由X牵头，Y配合。``, ``X为牵头单位，Y为责任单位。``), closed by
``各县（市、区）人民政府负责落实``, in a section heading over the tasks that
share them, the lead in a heading and the others after each task, in a table
cell with the lead's role after its name, or in two tables with different
headers. Every task must come back exact or be named by an issue. Each form
runs on a seeded sample of notices and on those where it found a family
(``FOUND_ON``); each family is pinned by a literal case (``FOUND``).
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from support.corpus import FOLDERS, places, score_result
from support.parsing import as_txt
from support.rendered import FORMS, Form, Truth, printable


def _truths(*, local: bool = False) -> list[tuple[str, Truth]]:
    """Each notice's truth in the corpus, once (a notice in two folders counts once).

    ``local``: with the folders kept outside the repository (``GZGK_LOCAL_CORPUS``) too.
    """
    found: dict[str, tuple[str, Truth]] = {}
    for folder, place in places().items():
        if not local and folder not in FOLDERS:
            continue
        for path in sorted(place.folder.glob("*.expected.json")):
            name = path.name.removesuffix(".expected.json")
            truth = json.loads(path.read_text("utf-8"))
            if name not in found and printable(truth):
                found[name] = (f"{folder}/{name}", truth)
    return list(found.values())


_TRUTHS = _truths()
_ALL = _truths(local=True)  # a found notice kept outside the repository runs where it is there
_SAMPLE = 8
FOUND_ON = {
    "by_duty": ["notices-heldout/xiping_2020_fazhizhengfu"],
    "you_responsible": ["notices/baoshan_2019_lajifenlei"],
    "roles_after_names_in_cell": [
        "notices/hongkou_2018_lajifenlei",
        "notices-heldout4/shanghaiqyb_2025_xinxingchengzhenhua",
    ],
}


def _sample(form: Form) -> list[tuple[str, Truth]]:
    rng = random.Random(form.__name__)  # noqa: S311 - a fixed seed
    chosen = rng.sample(_TRUTHS, min(len(_TRUTHS), _SAMPLE))
    found = FOUND_ON.get(form.__name__, [])
    return [*chosen, *(pair for pair in _ALL if pair[0] in found and pair not in chosen)]


def silent_after(form: Form, name: str, truth: Truth) -> list[str]:
    """The tasks of a notice printed in a form that come back wrong with no issue naming them."""
    text, printed = form(truth, random.Random(f"{form.__name__}:{name}"))  # noqa: S311
    return list(score_result(name, as_txt(text, name), printed).silent)


# Cases found silently wrong and not read yet (form, notice): strict xfails, so a fix shows
# as XPASS. Found when notices-files4 joined the sample (session 26).
# (hongkou_2022 (三十八) under heading_lead_task_others, left in session 26, was the score's
# mistake: an earlier task with 委托…作业服务单位 a few words in was taken for it.)
OPEN_CASES: dict[tuple[str, str], str] = {}


def _case(form: Form, index: int) -> Any:
    reason = OPEN_CASES.get((form.__name__, _sample(form)[index][0]))
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(form, index, id=f"{form.__name__}-{index}", marks=marks)


CASES = [_case(form, index) for form in FORMS for index in range(len(_sample(form)))]


@pytest.mark.parametrize(("form", "index"), CASES)
def test_rendered_notice_not_silently_wrong(form: Form, index: int) -> None:
    """A notice's truth printed in another office's form: every task exact or named."""
    name, truth = _sample(form)[index]
    assert silent_after(form, name, truth) == [], f"{form.__name__}: {name}"


HEAD = "关于印发重点工作任务分工方案的通知\n各县（市、区）人民政府，市政府各部门：\n现将方案印发给你们。\n"

# The families the forms found, each a small literal case: (text, each task's lead and others).
FOUND = [
    pytest.param(
        "1.为推动经济高质量发展提供法治保障。（县政府办公室、县司法局、各有关部门、乡镇人民政府按职责分工负责）\n",
        [((), ("县政府办公室", "县司法局", "各有关部门", "乡镇人民政府"))],
        id="a-government-after-each-department",
    ),
    pytest.param(
        "1.党政机关垃圾分类完成全覆盖。由区机管局牵头，区绿化市容局、区党政机关、公共机构配合。\n",
        [(("区机管局",), ("区绿化市容局", "区党政机关、公共机构"))],
        id="classes-sharing-their-owner-in-a-verb-group",
    ),
    pytest.param(
        "| 序号 | 重点任务 | 责任单位 |\n| 1 | 各区要结合实际。 | 各区人民政府 |\n"
        "| 2 | 各条线单位强制分类全覆盖。 | 区机管局、区教育局 |\n",
        [((), ("各区人民政府",)), ((), ("区机管局", "区教育局"))],
        id="task-text-opening-with-ge-in-a-cell",
    ),
    pytest.param(
        "1.光伏加港口工程。（上港集团 市交通委 市水务局按职责分工负责）\n"
        "2.推进基层建设。（牵头单位：区委组织部 区民政局）\n",
        [
            ((), ("上港集团", "市交通委", "市水务局")),
            (("区委组织部", "区民政局"), ()),
        ],
        id="names-apart-by-spaces-after-a-body-s-ending",
    ),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_found_family(text: str, expected: list[tuple[tuple[str, ...], tuple[str, ...]]]) -> None:
    """Each family the rendered forms found reads exactly."""
    result = as_txt(HEAD + text, "found")
    got = [(task.lead, (*task.responsible, *task.cooperating)) for task in result.notice.tasks]
    assert got == expected


FOUND += [
    pytest.param(
        "（一）全面实施绿色开采。（牵头单位：自然资源部 工业和信息化部；责任单位：试点城市政府）\n"
        "（二）开展绿色设计。（牵头单位：国家发展改革委 生态环境部 商务部；责任单位：试点城市政府）\n",
        [
            (("自然资源部", "工业和信息化部"), ("试点城市政府",)),
            (("国家发展改革委", "生态环境部", "商务部"), ("试点城市政府",)),
        ],
        id="names-apart-by-spaces-only",
    ),
    pytest.param(
        "1.鼓励其他人员投身创业。\n责任单位：市人力资源社会保障局（牵头）、各县、特区、区人民政府（配合）\n",
        [(("市人力资源社会保障局",), ("各县、特区、区人民政府",))],
        id="a-role-bracket-after-a-collective-list",
    ),
    pytest.param(
        "（一）推进风貌区城市更新项目。（牵头单位：永丰街道 泗泾镇；责任单位：区文化旅游局）\n",
        [(("永丰街道", "泗泾镇"), ("区文化旅游局",))],
        id="places-apart-by-spaces-only",
    ),
    pytest.param(
        "1.整治背街小巷。整治。（牵头单位：县住建局 城关镇；配合单位：东关街道 西关街道 河口乡）\n"
        "2.建设口袋公园。建设。（牵头单位：县住建局；配合单位：嘉定区 安亭镇）\n",
        [
            (("县住建局", "城关镇"), ("东关街道", "西关街道", "河口乡")),
            (("县住建局",), ("嘉定区安亭镇",)),
        ],
        id="towns-apart-by-spaces-after-a-body-or-a-town",
    ),
]

# Session 26: the families of the sets scored unseen in session 25 (heldout11–13), each
# in other words than the notice it was found in.
_ONE_LINE = (
    "二、年度重点工作 1、全年新增城镇就业岗位八千个以上，城镇登记失业率控制在百分之四以内，"
    "稳定重点群体就业(县人社局,县就业服务中心,各乡镇人民政府)。 2、粮食播种面积稳定在五十万亩以上，"
    "粮食总产量稳定在二十万吨左右，完成高标准农田建设任务(县农业农村局、县水利局,各乡镇人民政府)。 "
    "3、完成营造林面积一万亩，森林覆盖率稳定提升，持续巩固国家森林城市创建成果"
    "(县林业局,县自然资源局,各乡镇人民政府)。"
)
FOUND += [
    pytest.param(
        _ONE_LINE,
        [
            ((), ("县人社局", "县就业服务中心", "各乡镇人民政府")),
            ((), ("县农业农村局", "县水利局", "各乡镇人民政府")),
            ((), ("县林业局", "县自然资源局", "各乡镇人民政府")),
        ],
        id="a-whole-notice-on-one-line-bare-brackets-before-the-stop",
    ),
    pytest.param(
        "1.推进城乡供水一体化。\n牵头市领导：王强\n主要牵头部门：市水务局\n"
        "主要协作单位：市财政局、市住建局\n",
        [(("市水务局",), ("市财政局", "市住建局"))],
        id="labels-by-their-role-word-and-a-leaders-label",
    ),
    pytest.param(
        "1.外贸进出口增长百分之八（由市商务局、市统计局负责。涉及多个部门的，由排名靠前的部门牵头。下同）。\n"
        "2.实际利用外资增长百分之五（由市发改委、市商务局负责）。\n",
        [(("市商务局",), ("市统计局",)), (("市发改委",), ("市商务局",))],
        id="first-named-rule-in-other-words-with-xiatong-apart",
    ),
    pytest.param(
        "（一）整治农药残留污染\n由县农业农村局承办，县市场监管局、县公安局配合。\n",
        [((), ("县农业农村局", "县市场监管局", "县公安局"))],
        id="a-you-clause-on-the-line-under-a-heading",
    ),
]


def test_body_and_collective_joined_said() -> None:
    """A body and a collective joined by 及 stay one name and the task is named (two readings)."""
    result = as_txt(HEAD + "1.推进人才公寓建设。（责任单位：区住建委及有关单位）\n", "joined")
    assert result.notice.tasks[0].responsible == ("区住建委及有关单位",)
    said = [(i.code, i.task) for i in result.issues if i.code == "units-share-ending"]
    assert said == [("units-share-ending", "1")]


# Families found and not read yet: strict xfails, so a fix shows as XPASS.
LEFT: list[object] = [
    # heading_lead_task_others (seed 7 of a throwaway hunt, session 27) on jiading_2026: a
    # section whose lead and whose task's units do not end like a body (a company's short
    # name) drops out with its task, and no issue says so; a body-like name (城投东区) is read
    pytest.param(
        "一、第一方面工作（区商务委牵头）\n（一）老街风貌保护。（区文旅局配合）\n"
        "二、第二方面工作（置业北苑牵头）\n（一）南门城中村改造项目。（置业北苑、南门镇配合）\n"
        "三、第三方面工作（区经委牵头）\n（一）智能装备基地。（区科委配合）\n",
        [
            (("区商务委",), ("区文旅局",)),
            (("置业北苑",), ("置业北苑", "南门镇")),
            (("区经委",), ("区科委",)),
        ],
        id="a-section-of-names-that-end-like-no-body-drops-out-unsaid",
    ),
]


@pytest.mark.xfail(strict=True, reason="a family the rendered forms found, not read yet")
@pytest.mark.parametrize(("text", "expected"), LEFT)
def test_left_family(text: str, expected: list[tuple[tuple[str, ...], tuple[str, ...]]]) -> None:
    """Families found and left: they must come out exact (today they do not)."""
    result = as_txt(HEAD + text, "left")
    got = [(task.lead, (*task.responsible, *task.cooperating)) for task in result.notice.tasks]
    assert got == expected
