"""Ask the matrix the questions an office asks.

Which tasks does 市司法局 lead? Who is responsible for task (八)? How many tasks
fall on each county? Which units must report at all?

Run: python examples/query_matrix.py
"""

from __future__ import annotations

from gzgk import Matrix, Role, UnitKind, load_notice


def main() -> None:
    """Print the answers for the bundled 赣州 2024 notice."""
    notice = load_notice("ganzhou-2024")  # or a path: load_notice("通知.txt")
    matrix = Matrix.build(notice)  # the bundled 赣州 unit registry

    leads = matrix.tasks_of("市司法局", Role.LEAD)
    print("市司法局牵头的任务：", "、".join(task.label for task in leads))

    task = matrix.task("八")
    holders = "、".join(f"{h.name}（{h.role.label}）" for h in matrix.units_of(task))
    print(f"任务{task.label}{task.title}：{holders}")

    print("各县（市、区）的任务数：")
    for load in matrix.workload():
        if load.unit.kind is UnitKind.COUNTY:
            print(f"  {load.unit.short_name}：牵头 {load.lead} 项，责任 {load.responsible} 项")

    units = matrix.reporting_units()
    print(f"需要报送的单位：{len(units)} 个")
    for item in matrix.unresolved():
        print("待明确：", item.message)


if __name__ == "__main__":
    main()
