"""A notice from another county end to end: parse, see what was not understood, draft a registry.

The notice below mixes the forms offices use: label lines, inline labels and
an unlabelled ``（X牵头，Y配合）``, under 一、 section headings; its task 4 is cut
off, as copies from web pages often are. gzgk keeps every task it could read,
names the one it could not, and drafts a unit registry from the names printed,
so that returns can be generated once the office has checked it.

Run: ``python examples/other_city.py``
"""

from __future__ import annotations

from gzgk import Matrix, Registry, draft_registry, parse_text

NOTICE = """\
某县人民政府办公室关于印发2025年重点工作任务分工方案的通知
各乡镇人民政府、街道办事处，县直各单位：
现将《2025年重点工作任务分工方案》印发给你们，请认真贯彻落实。
一、稳住经济大盘
1.地区生产总值增长6%左右。
牵头单位：县发展改革局
配合单位：县统计局、县财政局
2.规上工业增加值增长8%。（牵头单位：县工信局；责任单位：各乡镇人民政府、街道办事处）
二、增进民生福祉
3.新增城镇就业2000人以上。（县人社局牵头，县财政局、县教育局配合）
4.新建改建农村公路50公里。（牵头单
"""


def main() -> None:
    """Parse the notice, show what was read and what was not, draft a registry."""
    result = parse_text(NOTICE, source="某县通知.txt")
    notice = result.notice
    print(f"读出 {len(notice.tasks)} 项任务：")
    for task in notice.tasks:
        units = "；".join(
            f"{label}：{'、'.join(names)}"
            for label, names in (
                ("牵头", task.lead),
                ("责任", task.responsible),
                ("配合", task.cooperating),
            )
            if names
        )
        print(f"  {task.number}. [{task.section}] {task.content[:12]}… {units or '（单位未读出）'}")
    print("需要处理的问题：")
    for issue in result.issues:
        print(f"  {issue.describe()}")

    # A registry drafted from the printed names; the office checks it, then generates.
    registry = Registry.from_toml(draft_registry(notice, name="某县"))
    matrix = Matrix.build(notice, registry)
    print(f"名录草稿：{len(registry.units)} 个单位、{len(registry.groups)} 个单位组")
    print(f"需要报送的单位：{len(matrix.reporting_units())} 个")


if __name__ == "__main__":
    main()
