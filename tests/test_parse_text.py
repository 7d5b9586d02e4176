"""Parsing notices from PDF-extracted text: the seed exactly, and hand-made variants."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path

import pytest

from gzgk import Registry, Role, parse_text
from gzgk.errors import NoticeParseError
from gzgk.parse import ParseResult

DATA = Path(__file__).parent / "data" / "notices"
SEED = (resources.files("gzgk") / "data" / "notices" / "ganzhou-2024.txt").read_text("utf-8")
REGISTRY = Registry.bundled()
OFFICE = "市政府办公室"
SPA = "市行政审批局"
COUNTIES = "各县（市、区）人民政府"
ALL_DEPTS = "市政府各部门"
SOME_DEPTS = "市政府有关部门"

# (number, title, leads, responsible, content start, content end) — read off the seed by hand.
SEED_TASKS = [
    (
        "一",
        "聚焦高质量发展推进信息公开",
        ["市工信局", "市发改委", "市科技局", "市商务局", "市农业农村局", "市文广旅局", "市住建局",
         "市市场监管局", "市体育局", SPA],
        [COUNTIES, SOME_DEPTS],
        "及时公开制造业重点产业链现代化建设“1269”",
        "依法推进企业信用信息公开公示。",
    ),
    (
        "二",
        "围绕保障改善民生深化信息公开",
        ["市教育局", "市人社局", "市退役军人事务局", "市民政局", "市自然资源局", "市住建局",
         "市财政局", "市发改委", "市卫健委", "市生态环境局", "市交通运输局", "市医保局"],
        [COUNTIES, SOME_DEPTS],
        "深入推进高校毕业生、脱贫劳动力",
        "做好养老服务机构信息和监督检查信息公开。",
    ),
    ("三", "加强重大政策宣传联动及落实结果评价", [OFFICE, SPA, "市司法局"], [COUNTIES, ALL_DEPTS],
     "围绕市政府重大政策、重点工作、重要会议", "全面掌握政策落地情况。"),
    ("四", "优化重大政策解读方式提升解读质量", [OFFICE, SPA], [COUNTIES, ALL_DEPTS],
     "坚持政策解读材料与政策文件同步起草", "有关地方和部门负责同志应出席新闻发布会进行宣讲解读。"),
    ("五", "建立重大行政决策主动听取意见机制", [OFFICE, "市司法局", SPA], [COUNTIES, ALL_DEPTS],
     "制定涉及公众切身利益的或涉企政策", "走进政府机关，体验政府工作，并收集意见建议。"),
    ("六", "健全政务舆情会商处置和回应机制", [OFFICE, SPA], [COUNTIES, ALL_DEPTS],
     "按照“谁主管谁回应、谁处置谁回应”的原则", "减少“各自为战”和“监测内卷”。"),
    ("七", "规范政府网站与政务新媒体建设管理", [OFFICE, SPA], [COUNTIES, ALL_DEPTS],
     "继续开展政府网站与政务新媒体日常监测和季度检查", "着力解决政府网站与政务新媒体运营管理中的突出问题。"),
    ("八", "持续推进基层政务公开标准化规范化建设", [COUNTIES], [SOME_DEPTS],
     "强化第一批基层政务公开标准化规范化“十县百乡”建设成果运用", "满足群众信息需求。"),
    ("九", "落实保密审查和行业信息发布制度", [OFFICE, "市司法局"], [COUNTIES, ALL_DEPTS],
     "严格执行“先审后发”和“一事一审”制度", "建立健全行业性信息公开平台。"),
    ("十", "完善考核评估体系和培训机制", [OFFICE, "市人社局"], [COUNTIES, ALL_DEPTS],
     "坚持把政务公开纳入综合考核重要内容", "不断提高政务公开工作水平。"),
    ("十一", "强化指导协调和督促检查", [OFFICE, "市人社局"], [COUNTIES, ALL_DEPTS],
     "地方和部门主要负责同志每年至少听取一次政务公开工作汇报", "不能当“甩手掌柜”。"),
    ("十二", "凝聚合力狠抓工作落实", [OFFICE, SPA], [COUNTIES, ALL_DEPTS],
     "以开展“大抓落实年”活动为契机", "不断探索具有赣州特色的政务公开发展路径。"),
]  # fmt: skip


def parse(text: str) -> ParseResult:
    """Parse with the bundled registry as the name hint, as the CLI does."""
    return parse_text(text, source="notice.txt", known=lambda name: REGISTRY.find(name) is not None)


@pytest.fixture(scope="module")
def seed() -> ParseResult:
    """The seed notice, parsed once."""
    return parse(SEED)


def test_seed_parses_without_issues(seed: ParseResult) -> None:
    """The seed parses cleanly: no errors, no warnings."""
    assert seed.issues == ()
    assert seed.valid


@pytest.mark.parametrize(("index", "expected"), list(enumerate(SEED_TASKS)))
def test_seed_task(seed: ParseResult, index: int, expected: tuple[object, ...]) -> None:
    """Every seed task has its exact number, title, leads and responsible units, and content."""
    number, title, leads, responsible, start, end = expected
    task = seed.notice.tasks[index]
    assert (task.seq, task.number, task.title) == (index + 1, number, title)
    assert list(task.lead) == leads
    assert list(task.responsible) == responsible
    assert task.cooperating == ()
    assert isinstance(start, str)
    assert isinstance(end, str)
    assert task.content.startswith(start)
    assert task.content.endswith(end)


def test_seed_has_exactly_twelve_tasks(seed: ParseResult) -> None:
    """All 12 tasks are recovered, numbered 一 … 十二."""
    assert [t.number for t in seed.notice.tasks] == [n for n, *_ in SEED_TASKS]


def test_seed_content_is_clean(seed: ParseResult) -> None:
    """Contents carry no line breaks, page headings or PDF spaces next to Chinese text."""
    for task in seed.notice.tasks:
        assert "\n" not in task.content
        assert "主要任务" not in task.content
        assert "牵头单位" not in task.content
        assert not re.search(r"\s", task.content), task.content


def test_seed_no_character_lost_or_invented(seed: ParseResult) -> None:
    """The table's characters, in order, are exactly those of the parsed tasks.

    Whitespace, the repeated page heading and the separators between unit
    names are the only things parsing may drop.
    """
    table = SEED[SEED.index("主要任务 牵头单位 责任单位") :].replace(
        "主要任务 牵头单位 责任单位", ""
    )
    separators = re.compile(r"[\s、，]")
    rebuilt = "".join(
        f"({t.number})" + t.title + t.content + "".join(t.lead) + "".join(t.responsible)
        for t in seed.notice.tasks
    )
    assert separators.sub("", rebuilt) == separators.sub("", table)


def test_seed_header_facts(seed: ParseResult) -> None:
    """Issuer, number, title, dates, contact and recipients come out of the header."""
    notice = seed.notice
    assert notice.issuer == "赣州市人民政府办公室"
    assert notice.doc_number == "〔2024〕35号"
    assert notice.title == (
        "赣州市人民政府办公室关于印发贯彻落实省政府办公厅2024年政务公开工作要点任务分工的通知"
    )
    assert notice.issued_on == dt.date(2024, 5, 14)
    assert notice.report_due == dt.date(2024, 7, 5)
    assert notice.contact.email == "gzszfbxxk@163.com"
    assert notice.contact.phone == "8992059"
    assert notice.contact.office == "市政府办公室政务公开与信息化科"
    assert notice.recipients == (COUNTIES, "市政府各部门", "市属、驻市有关单位")
    assert notice.attachment == "赣州市贯彻落实省政府办公厅2024年政务公开工作要点任务分工表"


def test_seed_references(seed: ParseResult) -> None:
    """Both referenced documents are found with title, number and issuer."""
    found = [(r.issuer, r.title, r.doc_number) for r in seed.notice.references]
    assert found == [
        ("省政府办公厅", "关于印发2024年江西省政务公开工作要点的通知", "赣府厅字〔2024〕15号"),
        (
            "省政府政务公开办公室",
            "关于印发第二批基层政务公开标准化规范化建设工作方案的通知",
            "赣府公开办字〔2023〕4号",
        ),
    ]


def test_seed_requirements(seed: ParseResult) -> None:
    """The four numbered requirements, the preamble and the closing are kept apart."""
    notice = seed.notice
    assert [(r.number, r.heading) for r in notice.requirements] == [
        ("一", "提高思想认识"),
        ("二", "完善工作机制"),
        ("三", "加强督促指导"),
        ("四", "确保如期交账"),
    ]
    assert notice.requirements[3].text.endswith("确保创建工作按时如期交账。")
    assert notice.preamble.startswith("为进一步对标落实省政府办公厅《关于印发2024年")
    assert notice.preamble.endswith("请认真抓好贯彻落实。")
    assert notice.closing.startswith("请各县（市、区）、各有关部门将贯彻落实情况于7月5日前")


def test_parse_without_registry_hint_gives_same_tasks(seed: ParseResult) -> None:
    """Splitting the unit columns does not depend on the registry for the seed."""
    assert parse_text(SEED).notice.tasks == seed.notice.tasks


# -- variants ---------------------------------------------------------------

ASCII = str.maketrans({"，": ",", "（": "(", "）": ")", "：": ":", "；": ";", "　": " "})


def test_ascii_punctuation_variant(seed: ParseResult) -> None:
    """The seed typed with ASCII punctuation parses to the same tasks, names as printed."""
    result = parse(SEED.translate(ASCII))
    assert result.valid, result.issues
    tasks = result.notice.tasks
    assert [t.title for t in tasks] == [t.title for t in seed.notice.tasks]
    assert tasks[0].responsible == ("各县(市、区)人民政府", "市政府有关部门")
    expected = [tuple(name.translate(ASCII) for name in t.lead) for t in seed.notice.tasks]
    assert [t.lead for t in tasks] == expected
    assert result.notice.report_due == dt.date(2024, 7, 5)


def _page_split(text: str) -> str:
    """The seed with task (二) broken over two pages, the page heading repeated inside it."""
    start, end = text.index("(二)围绕"), text.index("(三)加强")
    lines = [line for line in text[start:end].splitlines() if line.strip()]
    title, content, leads, units = lines[0:4], lines[4:14], lines[14:24], lines[24:28]
    page1 = title[:2] + content[:5] + leads[:5] + units[:2]
    page2 = title[2:] + content[5:] + leads[5:] + units[2:]
    block = "\n\n".join([*page1, " 主要任务 牵头单位 责任单位", *page2]) + "\n\n"
    return text[:start] + block + text[end:]


def test_task_across_pages_is_joined(seed: ParseResult) -> None:
    """A task whose cells continue on the next page is put back together, with a warning."""
    result = parse(_page_split(SEED))
    assert result.flatten("code", "task") == [("task-spans-pages", "二")]
    assert result.notice.tasks == seed.notice.tasks


def test_missing_task_is_an_error_naming_it() -> None:
    """A task whose number line was lost is reported by number, never dropped silently."""
    garbled = SEED.replace("(四)优化", "优化")
    result = parse(garbled)
    assert not result.valid
    codes = result.flatten("code")
    assert ("task-number-gap",) in codes
    gap = next(i for i in result.issues if i.code == "task-number-gap")
    assert "（四）" in gap.message
    assert gap.line is not None
    with pytest.raises(NoticeParseError, match="缺少“（四）”"):
        result.unwrap()


def test_garbled_unit_cell_is_an_error_naming_the_task() -> None:
    """A unit column that cannot be split says which task and shows the text."""
    garbled = SEED.replace(
        "市政府办公室、\n\n市人社局\n\n各县（市、", "市政府办公室、、\n\n市人社局\n\n各县（市、", 1
    )
    result = parse(garbled)
    assert result.flatten("code", "task") == [("task-units-unparsable", "十")]
    assert "市政府办公室、、市人社局" in result.issues[0].message
    assert len(result.notice.tasks) == 12


def test_text_without_task_table() -> None:
    """Text with no task table at all is one clear error."""
    result = parse(
        "赣州市人民政府办公室\n关于做好某项工作的通知\n各县（市、区）人民政府：\n请认真落实。"
    )
    assert result.flatten("code") == [("no-task-table",)]
    assert "牵头单位" in result.issues[0].message


def test_empty_text() -> None:
    """Empty input is an error, not a crash."""
    assert parse(" \n\n").flatten("code") == [("empty-source",)]


def test_inline_labels_variant() -> None:
    """Inline （牵头单位：…；责任单位：…） labels, with 配合 units and headings between tasks."""
    result = parse((DATA / "inline.txt").read_text("utf-8"))
    assert result.valid, result.issues
    notice = result.notice
    assert notice.doc_number == "赣市府办字〔2025〕12号"
    assert notice.report_due == dt.date(2025, 12, 10)
    assert [t.number for t in notice.tasks] == ["一", "二", "三", "四"]
    first, second, third, fourth = notice.tasks
    assert first.title == "深化政策解读"
    assert first.content.startswith("坚持政策文件与解读材料同步起草")
    assert first.lead == ("市政府办公室",)
    assert first.responsible == (COUNTIES, "市政府各部门")
    assert second.lead == ("市司法局", "市行政审批局")
    assert second.cooperating == ("市财政局",)
    assert second.leaders == ("李明",)
    assert third.responsible == ("各县(市、区)人民政府",)  # ASCII punctuation as printed
    assert third.lead == ("市发改委",)
    assert third.deadline == "2025年11月底前"
    assert fourth.cooperating == ("市人社局", "市财政局")
    assert fourth.lead == ("市教育局",)
    assert [r.heading for r in notice.requirements] == ["工作要求"]


def test_inline_lines_variant() -> None:
    """Arabic numbering with labels on their own lines and 协同单位 as cooperating units."""
    result = parse((DATA / "inline-lines.txt").read_text("utf-8"))
    assert result.valid, result.issues
    tasks = result.notice.tasks
    assert [(t.number, t.lead, t.responsible, t.cooperating) for t in tasks] == [
        ("1", ("市住建局",), ("各县（市、区）人民政府",), ("市自然资源局", "市财政局")),
        ("2", ("市卫健委",), ("各县（市、区）人民政府", "市医保局"), ()),
        ("3", ("市交通运输局",), ("市公安局",), ()),
    ]
    assert tasks[2].content.endswith("公开道路客运班线调整信息。")


def test_a_duplicate_numbers_problems_name_the_number_it_is_kept_under() -> None:
    """The second （三） is kept as 二.三-2: what is wrong with it names 二.三-2, never the first （三）."""
    text = (DATA / "inline.txt").read_text("utf-8")
    lost = "（三）重复编号的任务，单位写漏了。\n\n"
    result = parse(text.replace("（四）加强", lost + "（四）加强"))
    tasks = {task.number: task for task in result.notice.tasks}
    assert tasks["二.三"].lead == ("市发改委",)
    assert not any(tasks["二.三-2"].names(role) for role in Role)
    found = result.flatten("code", "task")
    assert ("task-number-duplicate", "二.三-2") in found
    assert ("task-units-unparsable", "二.三-2") in found
    assert ("task-units-unparsable", "二.三") not in found


def test_inline_task_without_labels_is_an_error() -> None:
    """A numbered task whose unit labels were lost is reported, not dropped."""
    text = (DATA / "inline.txt").read_text("utf-8")
    text = text.replace(
        "(牵头单位:市发改委;责任单位:各县(市、区)人民政府;完成时限:2025年11月底前)", ""
    )
    result = parse(text)
    assert ("task-units-unparsable", "三") in result.flatten("code", "task")
    assert len(result.notice.tasks) == 4


def test_cooperating_column_variant() -> None:
    """A PDF table with a 配合单位 column, where some tasks leave it empty."""
    result = parse((DATA / "table-cooperating.txt").read_text("utf-8"))
    assert result.valid, result.issues
    tasks = result.notice.tasks
    assert [(t.lead, t.responsible, t.cooperating) for t in tasks] == [
        (("市民政局",), (COUNTIES,), ("市财政局", "市卫健委")),
        (("市生态环境局", "市水利局"), (COUNTIES,), ()),
        (("市商务局",), ("市政府有关部门",), ("市市场监管局",)),
    ]
    assert tasks[1].title == "强化环境信息公开"
    assert tasks[2].content.endswith("及时公开消费维权典型案例。")


def test_role_columns_map_to_roles() -> None:
    """Every unit column heading maps to the role it names."""
    result = parse((DATA / "table-cooperating.txt").read_text("utf-8"))
    task = result.notice.tasks[0]
    assert [a.role for a in task.assignments] == [
        Role.LEAD,
        Role.RESPONSIBLE,
        Role.COOPERATING,
        Role.COOPERATING,
    ]
