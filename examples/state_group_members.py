"""State who 市政府有关部门 means for a task, and see what changes.

A per-task group stays unresolved until the office says which departments it
means for that task. Here the office states them for task (一) and compares
the matrix before and after.

Run: python examples/state_group_members.py
"""

from __future__ import annotations

import attrs

from gzgk import GroupMembers, Matrix, load_notice


def main() -> None:
    """State the members for task (一) and print what that changes."""
    notice = load_notice("ganzhou-2024")
    before = Matrix.build(notice)

    first = notice.task("一")
    stated = attrs.evolve(
        first,
        group_members=(GroupMembers(group="市政府有关部门", members=("市统计局", "市金融局")),),
    )
    after = Matrix.build(attrs.evolve(notice, tasks=(stated, *notice.tasks[1:])))

    members = after.expand("市政府有关部门", "一")
    print("任务（一）中市政府有关部门指：", "、".join(u.short_name for u in members))
    print("仍待明确的任务：", "、".join(item.task.label for item in after.unresolved()))
    for matrix, when in ((before, "明确前"), (after, "明确后")):
        role = matrix.role_of("市统计局", "一")
        print(f"{when}，市统计局在任务（一）中：", f"{role.label}单位" if role else "无职责")


if __name__ == "__main__":
    main()
