"""What units write in their returns, made up for the demo: plausible, varied, reproducible.

Each unit's answers come from its own random generator (seeded by its id), so
the demo writes the same returns every time.
"""

from __future__ import annotations

import datetime as dt
import random

from gzgk import Entry, Filled, Matrix, Role, Task

OPENINGS = ("认真落实", "紧扣", "围绕", "聚焦", "扎实推进")
MEASURES = (
    "制定印发了工作方案，明确责任科室和完成时限",
    "召开专题会议研究部署，主要负责同志亲自调度",
    "建立工作台账，实行清单化管理、销号式推进",
    "开展业务培训{n}场，培训人员{m}余人次",
    "在政府门户网站开设专栏，集中发布信息{m}条",
    "组织开展自查自纠，发现并整改问题{n}个",
    "将该项工作纳入年度绩效考核，按季度通报进展",
    "联合相关部门建立会商机制，每月召开联席会议",
    "编制政策解读材料{n}份，采用图解、视频等形式解读",
    "在政务服务大厅设置政务公开专区，提供查阅和咨询服务",
)
RESULTS = (
    "目前各项工作按计划有序推进。",
    "已完成年度目标任务的{p}%。",
    "群众满意度调查显示满意率达{p}%。",
    "相关做法被市政府办公室工作简报刊发。",
    "政策知晓率明显提高。",
)
PROBLEMS = (
    "",
    "",
    "基层工作人员业务能力有待提升。",
    "部分乡镇信息更新不够及时。",
    "解读形式还不够丰富，群众参与度不高。",
)
PLANS = (
    "下一步将加强督促指导，确保按时保质完成。",
    "下半年将开展专项督查，推动各项措施落地见效。",
    "将进一步健全长效机制，持续提升工作质量。",
    "将加强业务培训，提升基层工作人员能力。",
)
EVIDENCE = ("工作方案、会议纪要", "工作台账", "培训签到表、课件", "专栏截图", "")
CONTACTS = ("王芳", "李娜", "刘洋", "陈静", "张伟", "赵敏", "黄磊", "周婷")


def _progress(rng: random.Random, unit: str, task: Task) -> str:
    opening = rng.choice(OPENINGS)
    measures = rng.sample(MEASURES, 2)
    numbers = {"n": rng.randint(2, 9), "m": rng.randint(30, 300), "p": rng.randint(60, 98)}
    body = "；".join(measure.format(**numbers) for measure in measures)
    result = rng.choice(RESULTS).format(**numbers)
    return f"{unit}{opening}“{task.title}”工作要求，{body}。{result}"


def _status(rng: random.Random, role: Role) -> str:
    if role is Role.LEAD:
        return rng.choice(("已完成", "推进中", "推进中"))
    return rng.choice(("已完成", "推进中", "推进中", "未启动", "不涉及"))


def sample_filled(matrix: Matrix, unit: str, date: dt.date, *, version: int = 1) -> Filled:
    """A complete, plausible return of ``unit`` dated ``date`` (``version`` varies the text)."""
    subject = matrix.registry.unit(unit)
    rng = random.Random(f"{subject.id}-{version}")  # noqa: S311 - made-up text, not security
    entries: dict[str, Entry] = {}
    for task, role in matrix.assignments_of(subject, expand=True):
        status = _status(rng, role)
        if status == "不涉及":
            entries[task.number] = Entry(status=status, progress="本单位无此项职能。")
            continue
        entries[task.number] = Entry(
            status=status,
            progress=_progress(rng, subject.short_name, task),
            evidence=rng.choice(EVIDENCE),
            problems=rng.choice(PROBLEMS),
            plans=rng.choice(PLANS),
        )
    phone = f"0797-{rng.randint(8000000, 8999999)}"
    return Filled(
        contact=rng.choice(CONTACTS),
        phone=phone,
        reviewer=rng.choice(CONTACTS),
        date=date,
        entries=entries,
    )
