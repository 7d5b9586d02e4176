"""Notice-wide rules: one sentence that gives every task the same unit.

Notices often say once what would repeat in every row, e.g.
``以下任务均需各区市政府落实，不再一一列出`` or
``各县（市、区）人民政府为所有任务的责任单位``. Such a sentence in the
notice's own text (preamble, requirements, closing, notes under the table)
is applied to every task that does not already name the unit, and reported,
so that the user sees what was added and where it came from.
"""

from __future__ import annotations

import re

from attrs import evolve

from gzgk.model import Notice, Role, Task
from gzgk.parse import notice_issues
from gzgk.parse.draft import Reporter
from gzgk.parse.names import clean_name, looks_like_name, split_names
from gzgk.parse.vocabulary import classify_label, fold

__all__ = ["apply_rules"]

_ALL = (
    r"(?:以下|下列|上述|以上|所有|各项|全部|本表|表中|分工表中?)"
    r"(?:各项|所有|全部)?(?:重点)?(?:任务|工作|事项)"
)
_VERBS = {
    "牵头": Role.LEAD,
    "负责": Role.RESPONSIBLE,
    "落实": Role.RESPONSIBLE,
    "负责落实": Role.RESPONSIBLE,
    "抓好落实": Role.RESPONSIBLE,
    "配合": Role.COOPERATING,
    "参与": Role.COOPERATING,
}
_VERB = "|".join(sorted(_VERBS, key=len, reverse=True))
# 以下任务均需各区市政府落实 / 所有任务由各县（市、区）人民政府负责
_BY_VERB = re.compile(
    rf"{_ALL}[，,]?(?:均|都|全部|也)?(?:需|须|要|应|由|需要|须由|均由|都由)*"
    rf"(?P<names>[^，,。；;]{{2,60}}?)(?:共同|一并|具体|分别)?(?P<verb>{_VERB})"
)
# 各县（市、区）人民政府为所有任务的责任单位
_AS_LABEL = re.compile(
    rf"(?P<names>[^，,。；;]{{2,60}}?)(?:均|都|同时)?(?:为|是|作为){_ALL}的"
    r"(?P<label>[\u4e00-\u9fff]{2,8}?(?:单位|部门))"
)


def apply_rules(notice: Notice, reporter: Reporter) -> Notice:
    """The notice with its notice-wide rules applied to its tasks (each one reported)."""
    if not notice.tasks:
        return notice
    texts = [notice.preamble, *(r.heading + "。" + r.text for r in notice.requirements)]
    texts.append(notice.closing)
    tasks = list(notice.tasks)
    for text in texts:
        for sentence in re.split(r"[。；;]", text):
            rule = _rule(sentence)
            if rule is None:
                continue
            names, role = rule
            changed: list[str] = []
            for index, task in enumerate(tasks):
                missing = tuple(n for n in names if not any(n in task.names(r) for r in Role))
                if missing:
                    tasks[index] = _with(task, role, missing)
                    changed.append(task.number)
            if changed:
                reporter.issue(
                    notice_issues.NOTICE_RULE_APPLIED,
                    rule=sentence.strip(),
                    names="、".join(names),
                    role=f"{role.label}单位",
                    count=len(changed),
                    tasks="、".join(changed[:10]) + ("等" if len(changed) > 10 else ""),  # noqa: PLR2004
                )
    return evolve(notice, tasks=tuple(tasks))


def _rule(sentence: str) -> tuple[tuple[str, ...], Role] | None:
    folded = fold(sentence)
    match = _BY_VERB.search(folded)
    role: Role | None = None
    if match is not None:
        role = _VERBS[match["verb"]]
    else:
        match = _AS_LABEL.search(folded)
        if match is not None:
            word, _ = classify_label(match["label"])
            role = word.role if word is not None else None
    if match is None or role is None:
        return None
    value = sentence[match.start("names") : match.end("names")]
    value = re.split(r"[:：]", value)[-1]  # 注：各县…为所有任务的…: the names after the label
    split = split_names(value)
    if not split:
        return None
    names = tuple(clean_name(name) for name in split)
    if not all(looks_like_name(name) for name in names):
        return None
    return names, role


def _with(task: Task, role: Role, names: tuple[str, ...]) -> Task:
    added = task.names(role) + names
    if role is Role.LEAD:
        return evolve(task, lead=added)
    if role is Role.RESPONSIBLE:
        return evolve(task, responsible=added)
    if role is Role.COOPERATING:
        return evolve(task, cooperating=added)
    return evolve(task, informed=added)
