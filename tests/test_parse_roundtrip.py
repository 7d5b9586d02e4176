"""Round trips: a random small notice, rendered in each layout notices use, parses back to itself.

Every layout is rendered from the same :class:`Spec` by a renderer defined here
(label lines, inline labels, unlabelled verb forms, a PDF-flattened table, a
web table one cell per line, a spreadsheet grid), then parsed; the task
numbers and the unit names of every role must come back exactly, with no error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from attrs import frozen
from hypothesis import example, given, settings
from hypothesis import strategies as st
from support.pools import SENTENCES, TITLES, UNITS
from support.text import wrap

from gzgk import parse_grid, parse_text
from gzgk.numbering import format_numeral
from gzgk.parse import ParseResult

# -- what a notice says ------------------------------------------------------


@frozen
class Spec:
    """One task as written: its position, title, content and units by role."""

    seq: int
    title: str
    content: str
    lead: tuple[str, ...]
    responsible: tuple[str, ...]
    cooperating: tuple[str, ...]


@st.composite
def notices(draw: st.DrawFn, *, dense: bool = False, pool: Sequence[str] = UNITS) -> list[Spec]:
    """2–6 tasks with 1–2 leads, optional responsible units and 0–3 cooperating units.

    ``dense``: responsible units for every task or for none, as a table with a
    责任单位 column has them (an empty middle cell cannot be told from text).
    """
    count = draw(st.integers(min_value=2, max_value=6))
    every_responsible = draw(st.booleans())
    specs = []
    for seq in range(1, count + 1):
        leads = draw(st.integers(min_value=1, max_value=2))
        if dense:
            responsible = draw(st.integers(min_value=1, max_value=2)) if every_responsible else 0
        else:
            responsible = draw(st.integers(min_value=0, max_value=2))
        cooperating = draw(st.integers(min_value=0, max_value=3))
        size = leads + responsible + cooperating
        names = draw(st.lists(st.sampled_from(pool), min_size=size, max_size=size, unique=True))
        sentences = draw(st.lists(st.sampled_from(SENTENCES), min_size=2, max_size=3, unique=True))
        specs.append(
            Spec(
                seq=seq,
                title=draw(st.sampled_from(TITLES)),
                content="".join(sentences),
                lead=tuple(names[:leads]),
                responsible=tuple(names[leads : leads + responsible]),
                cooperating=tuple(names[leads + responsible :]),
            )
        )
    return specs


# -- renderers ---------------------------------------------------------------

PREAMBLE = "关于印发任务分工的通知\n各县（市、区）人民政府，市政府各部门：\n现将任务分工如下，请认真贯彻落实。\n"
CLOSING = "\n请于2025年12月10日前报送落实情况。\n"
MARKERS: dict[str, Callable[[int], str]] = {
    "paren": lambda seq: f"（{format_numeral(seq)}）",
    "arabic": lambda seq: f"{seq}.",
    "dun": lambda seq: f"{format_numeral(seq)}、",
}
ROLES = (("牵头单位", "lead"), ("责任单位", "responsible"), ("配合单位", "cooperating"))


def expected_number(style: str, seq: int) -> str:
    """The printed number without brackets, as Task.number has it."""
    return str(seq) if style == "arabic" else format_numeral(seq)


def fields(spec: Spec) -> list[tuple[str, tuple[str, ...]]]:
    """The (label, names) of a task's roles that name units, in the usual order."""
    return [(label, getattr(spec, role)) for label, role in ROLES if getattr(spec, role)]


def render_label_lines(specs: Sequence[Spec], style: str) -> str:
    """Each task's text on its numbered line, then one ``牵头单位：X、Y`` line per role."""
    lines = []
    for spec in specs:
        lines.append(f"{MARKERS[style](spec.seq)}{spec.title}。{spec.content}")
        lines.extend(f"{label}：{'、'.join(names)}" for label, names in fields(spec))
    return PREAMBLE + "\n".join(lines) + CLOSING


def render_inline(specs: Sequence[Spec], style: str, brackets: tuple[str, str, str, str]) -> str:
    """Labels inline after the text: ``（牵头单位：X；责任单位：Y）`` (brackets, colon, separator)."""
    opener, closer, colon, between = brackets
    lines = []
    for spec in specs:
        inline = between.join(f"{label}{colon}{'、'.join(names)}" for label, names in fields(spec))
        lines.append(
            f"{MARKERS[style](spec.seq)}{spec.title}。{spec.content}{opener}{inline}{closer}"
        )
    return PREAMBLE + "\n".join(lines) + CLOSING


def render_verbs(specs: Sequence[Spec], style: str) -> str:
    """Unlabelled verb groups: ``（X、Y牵头，Z负责，V、W配合）``."""
    lines = []
    for spec in specs:
        clauses = [
            "、".join(names) + verb
            for names, verb in (
                (spec.lead, "牵头"),
                (spec.responsible, "负责"),
                (spec.cooperating, "配合"),
            )
            if names
        ]
        lines.append(
            f"{MARKERS[style](spec.seq)}{spec.title}。{spec.content}（{'，'.join(clauses)}）"
        )
    return PREAMBLE + "\n".join(lines) + CLOSING


def table_roles(specs: Sequence[Spec]) -> list[tuple[str, str]]:
    """The unit columns a table of these tasks needs (牵头单位 always)."""
    return [
        (label, role)
        for label, role in ROLES
        if role == "lead" or any(getattr(spec, role) for spec in specs)
    ]


def render_pdf_table(
    specs: Sequence[Spec], widths: Sequence[int] | None, pages: Sequence[bool] = ()
) -> str:
    """A 任务分工表 as PDF extraction gives it: a heading line, then each row's cells in turn.

    主要任务 spans two columns: the number and the title (4 characters a line),
    and the content (26 a line). Each unit cell is wrapped at its column's
    width (names joined by 、, punctuation kept at the line's end), or, with
    ``widths`` None, one name a line, each but the last ending in 、. Lines are
    separated by blank lines, as pdftotext prints them. ``pages[i]``: a page
    ends after row ``i`` and the next one repeats the heading line (rows broken
    inside are the business of test_parse_forms).
    """
    roles = table_roles(specs)
    heading = " ".join(["主要任务", *(label for label, _ in roles)])
    lines = [heading]
    for position, spec in enumerate(specs):
        title = wrap(spec.title, 4)
        lines.append(f"({format_numeral(spec.seq)}){title[0]}")
        lines.extend(title[1:])
        lines.extend(wrap(spec.content, 26))
        for index, (_, role) in enumerate(roles):
            names: tuple[str, ...] = getattr(spec, role)
            if widths is None:
                lines.extend(f"{name}、" for name in names[:-1])
                lines.extend(names[-1:])
            else:
                lines.extend(wrap("、".join(names), widths[index]))
        if position < len(pages) and pages[position] and position < len(specs) - 1:
            lines.append(heading)
    return PREAMBLE + "附件\n任务分工表\n" + "\n\n".join(lines) + "\n"


def render_web_table(specs: Sequence[Spec], *, piped: bool) -> str:
    """A web table copied one cell per line; ``piped``: cells end in `` |``, rows split by ``|``.

    An empty cell is lost in copying, as it is from a browser.
    """
    roles = table_roles(specs)
    end = " |" if piped else ""
    heading = ["序号", "主要任务", "任务内容", *(label for label, _ in roles)]
    lines = [f"{cell}{end}" for cell in heading]
    for spec in specs:
        if piped:
            lines.append("|")
        cells = [str(spec.seq), spec.title, spec.content]
        cells += ["、".join(getattr(spec, role)) for _, role in roles]
        lines.extend(f"{cell}{end}" for cell in cells if cell)
    if piped:
        lines.append("|")
    return PREAMBLE + "\n".join(lines) + "\n"


def render_grid(specs: Sequence[Spec], joiner: str) -> list[list[str | None]]:
    """A 分工表 sheet: caption, header, one row a task; names joined by ``joiner`` in a cell."""
    roles = table_roles(specs)
    header: list[str | None] = ["序号", "主要任务", "任务内容", *(label for label, _ in roles)]
    rows: list[list[str | None]] = [["任务分工表", None, None, None], header]
    for spec in specs:
        cells = [joiner.join(getattr(spec, role)) or None for _, role in roles]
        rows.append([str(spec.seq), spec.title, spec.content, *cells])
    return rows


# -- checks ------------------------------------------------------------------


def assert_round_trip(result: ParseResult, specs: Sequence[Spec], numbers: Sequence[str]) -> None:
    """Same numbers and units per role, in printed order; no error."""
    errors = [(issue.code, issue.task, issue.message) for issue in result.issues if issue.is_error]
    assert errors == []
    tasks = result.notice.tasks
    assert [task.number for task in tasks] == list(numbers)
    assert [(t.lead, t.responsible, t.cooperating) for t in tasks] == [
        (s.lead, s.responsible, s.cooperating) for s in specs
    ]


def chinese(specs: Sequence[Spec]) -> list[str]:
    """The numbers （一） （二） … print as Task.number."""
    return [format_numeral(spec.seq) for spec in specs]


def arabic(specs: Sequence[Spec]) -> list[str]:
    """The numbers 1 2 … print as Task.number."""
    return [str(spec.seq) for spec in specs]


STYLES = st.sampled_from(sorted(MARKERS))


@settings(max_examples=40, deadline=None)
@given(specs=notices(), style=STYLES)
def test_label_lines(specs: list[Spec], style: str) -> None:
    """(a) ``牵头单位：…`` lines under each numbered task."""
    result = parse_text(render_label_lines(specs, style))
    assert_round_trip(result, specs, [expected_number(style, s.seq) for s in specs])
    assert [(t.title, t.content) for t in result.notice.tasks] == [
        (s.title, s.content) for s in specs
    ]


BRACKETS = st.sampled_from(
    [("（", "）", "：", "；"), ("(", ")", ":", ";"), ("【", "】", "：", "，"), ("[", "]", ":", ",")]
)


@settings(max_examples=40, deadline=None)
@given(specs=notices(), style=STYLES, brackets=BRACKETS)
def test_inline_labels(specs: list[Spec], style: str, brackets: tuple[str, str, str, str]) -> None:
    """(b) ``（牵头单位：X；责任单位：Y）`` after each task's text, in four bracket styles."""
    result = parse_text(render_inline(specs, style, brackets))
    assert_round_trip(result, specs, [expected_number(style, s.seq) for s in specs])
    assert [(t.title, t.content) for t in result.notice.tasks] == [
        (s.title, s.content) for s in specs
    ]


WIDTHS = st.lists(st.integers(min_value=5, max_value=8), min_size=3, max_size=3)


def known(name: str) -> bool:
    """The registry hint the CLI gives (here: the names of the pools)."""
    return name in UNITS


PAGES = st.lists(st.booleans(), max_size=6)


@settings(max_examples=40, deadline=None)
@given(specs=notices(dense=True, pool=UNITS), widths=WIDTHS, pages=PAGES)
def test_pdf_table(specs: list[Spec], widths: list[int], pages: list[bool]) -> None:
    """(c) A PDF table, cells wrapped at their column's width, pages ending between rows.

    Read with a registry hint, as the CLI reads text.
    """
    result = parse_text(render_pdf_table(specs, widths, pages), known=known)
    assert_round_trip(result, specs, chinese(specs))
    assert [(t.title, t.content) for t in result.notice.tasks] == [
        (s.title, s.content) for s in specs
    ]


_TEXT = "坚持政策文件与解读材料同步起草、同步审签、同步发布。编制公共数据开放目录，分批次开放高价值数据集。"
_COLLECTIVE_THEN_DEPARTMENTS = [  # 区政府 of 各县、市、区政府 took 市政府各部门 as its own (a gate)
    Spec(1, "加强政策解读", _TEXT, ("各县、市、区政府", "市政府各部门"), (), ()),
    Spec(2, "加强政策解读", _TEXT, ("市工信局",), (), ()),
]


@settings(max_examples=40, deadline=None)
@given(specs=notices(dense=True, pool=UNITS))
@example(specs=_COLLECTIVE_THEN_DEPARTMENTS)
def test_pdf_table_name_per_line(specs: list[Spec]) -> None:
    """(c) A PDF table with one name a line: the cells split without any registry hint."""
    result = parse_text(render_pdf_table(specs, None))
    assert_round_trip(result, specs, chinese(specs))
    assert [(t.title, t.content) for t in result.notice.tasks] == [
        (s.title, s.content) for s in specs
    ]


@settings(max_examples=40, deadline=None)
@given(specs=notices(), joiner=st.sampled_from(["、", "\n", "，"]))
def test_grid(specs: list[Spec], joiner: str) -> None:
    """(d) A spreadsheet grid: one row a task, names in a cell joined by 、, ， or line breaks."""
    result = parse_grid(render_grid(specs, joiner), sheet="分工表")
    assert_round_trip(result, specs, arabic(specs))
    assert [(t.title, t.content) for t in result.notice.tasks] == [
        (s.title, s.content) for s in specs
    ]


@settings(max_examples=40, deadline=None)
@given(specs=notices(dense=True), piped=st.booleans())
def test_web_table(specs: list[Spec], piped: bool) -> None:
    """(e) A web table one cell per line, with or without `` |`` endings and ``|`` rows."""
    result = parse_text(render_web_table(specs, piped=piped))
    assert_round_trip(result, specs, arabic(specs))
    assert [(t.title, t.content) for t in result.notice.tasks] == [
        (s.title, s.content) for s in specs
    ]


@settings(max_examples=40, deadline=None)
@given(specs=notices(), style=STYLES)
def test_verb_forms(specs: list[Spec], style: str) -> None:
    """(f) Unlabelled ``（X、Y牵头，Z负责，V、W配合）`` after each task's text."""
    result = parse_text(render_verbs(specs, style))
    assert_round_trip(result, specs, [expected_number(style, s.seq) for s in specs])
