"""The corpus's real notices, varied as real sources vary: no task comes out wrong unsaid.

Each transformation is a small named function that changes a notice's text the
way another site, another PDF or another office would print it (page furniture
between and inside lines, hard line breaks, punctuation of the other width,
other label words, other brackets and numbering, end matter, shared endings),
and its truth where that changes. Every task that parsed exactly from the real
text must, from the varied text, come out exact again or be named by an issue:
a family of forms nobody wrote a test for shows up here before a real notice
finds it. Everything is seeded, so a failure is the same on every run.
"""

from __future__ import annotations

import copy
import itertools
import json
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from support.corpus import FOLDERS, corpus, score_result

from gzgk import parse_text
from gzgk.lexicon.names import name_problem
from gzgk.parse import ParseResult
from gzgk.parse.page import is_html
from gzgk.registry import Registry
from gzgk.sources import decode_text

DATA = Path(__file__).parent / "data"
Truth = dict[str, Any]
Transform = Callable[[str, Truth, random.Random], tuple[str, Truth]]

# Labels that open a task's units, longest first so 牵头责任单位 is not read as 责任单位.
_LABEL = r"(?:牵头责任单位|主要责任单位|牵头单位|牵头部门|责任单位|责任部门|配合单位|配合部门|协办单位|参与单位|落实单位|承办单位)"
_LABEL_COLON = re.compile(_LABEL + r"[：:]")


def _plain(transform: Transform) -> Transform:
    """A transformation of a text's lines: a page's HTML source, whose lines are not the page's, stays."""

    def plain(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
        return (text, truth) if is_html(text) else transform(text, truth, rng)

    plain.__name__ = transform.__name__
    plain.__doc__ = transform.__doc__
    return plain


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _task_lines(text: str) -> list[int]:
    """The lines that carry a task's units (a label with its colon)."""
    return [i for i, line in enumerate(_lines(text)) if _LABEL_COLON.search(line)]


def _insert_between(text: str, rng: random.Random, make: Callable[[int], list[str]]) -> str:
    """Lines from ``make(page)`` put before some unit lines and at a few other places."""
    lines = _lines(text)
    marked = set(_task_lines(text))
    places = sorted(
        {i for i in marked if rng.random() < 0.4}
        | {rng.randrange(len(lines)) for _ in range(max(1, len(lines) // 40))}
    )
    out: list[str] = []
    page = 1
    for i, line in enumerate(lines):
        if i in places:
            page += 1
            out.extend(make(page))
        out.append(line)
    return "\n".join(out)


def _break_inside(text: str, rng: random.Random, make: Callable[[int], list[str]]) -> str:
    """Lines from ``make(page)`` put INSIDE some unit lines, after a unit's 、 or a label's colon."""
    lines = _lines(text)
    out: list[str] = []
    page = 1
    for line in lines:
        match = _LABEL_COLON.search(line)
        cuts = [m.end() for m in re.finditer(r"[、，,：:]", line[match.start() :])] if match else []
        if match and cuts and rng.random() < 0.5:
            cut = match.start() + rng.choice(cuts)
            page += 1
            out.extend([line[:cut], *make(page), line[cut:]])
        else:
            out.append(line)
    return "\n".join(out)


# --- page furniture -------------------------------------------------------------------------


@_plain
def page_number_dash(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """A PDF's page numbers ``— 3 —`` between lines."""
    return _insert_between(text, rng, lambda page: ["", f"— {page} —", ""]), truth


@_plain
def page_number_hyphen(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """Page numbers ``- 3 -`` between lines, without blank lines around them."""
    return _insert_between(text, rng, lambda page: [f"- {page} -"]), truth


@_plain
def page_of_pages(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """Page footers ``第3页 共10页`` between lines."""
    return _insert_between(text, rng, lambda page: [f"第{page}页 共48页"]), truth


@_plain
def running_header(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """A running header (the issuer and the document number) at each page break."""
    return _insert_between(text, rng, lambda page: ["XX市人民政府办公室文件", f"— {page} —"]), truth


@_plain
def page_number_inside(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """A page break inside a unit list: the list goes on after ``— 3 —``."""
    return _break_inside(text, rng, lambda page: [f"— {page} —"]), truth


@_plain
def page_footer_inside(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """A page break inside a unit list with its footer ``第3页 共10页`` and a blank line."""
    return _break_inside(text, rng, lambda page: ["", f"第{page}页 共48页", ""]), truth


_CHROME_TOP = [
    "首页 > 政务公开 > 政策文件",
    "【字体：大 中 小】 打印本页 关闭窗口",
    "浏览次数：1234",
]
_CHROME_BOTTOM = [
    "扫一扫在手机打开当前页",
    "打印本页 关闭窗口",
    "版权所有：XX市人民政府办公室 主办单位：XX市人民政府办公室 承办单位：XX市大数据中心",
    "网站标识码：3607000001 赣ICP备05004335号",
    "联系电话：0797-8888888 地址：XX市政务中心",
]


@_plain
def site_chrome(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """A web page's chrome before and after the notice (版权所有, 主办单位, 网站标识码 …)."""
    top = rng.sample(_CHROME_TOP, 2)
    bottom = rng.sample(_CHROME_BOTTOM, 4)
    return "\n".join([*top, "", text, "", *bottom]), truth


# --- line breaks and spacing ----------------------------------------------------------------


@_plain
def hard_wrap(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """A PDF's hard line breaks: long lines cut every 28-40 characters, anywhere."""
    out: list[str] = []
    for line in _lines(text):
        rest = line
        while len(rest) > 40 and "|" not in rest:  # a web table's rows are no PDF's lines
            cut = rng.randint(28, 40)
            out.append(rest[:cut])
            rest = rest[cut:]
        out.append(rest)
    return "\n".join(out), truth


@_plain
def break_in_units(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """A line break at an arbitrary point after a unit label: inside a name, a bracket, a list."""
    out: list[str] = []
    for line in _lines(text):
        match = _LABEL_COLON.search(line)
        rest = len(line) - match.end() if match else 0
        if match and rest > 3 and rng.random() < 0.6:
            cut = match.end() + rng.randint(1, rest - 1)
            out.extend([line[:cut], line[cut:]])
        else:
            out.append(line)
    return "\n".join(out), truth


@_plain
def break_in_label(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """A line break inside a unit label itself (牵头单 / 位：)."""
    out: list[str] = []
    for line in _lines(text):
        match = _LABEL_COLON.search(line)
        if match and rng.random() < 0.5:
            cut = match.start() + rng.randint(1, match.end() - match.start() - 1)
            out.extend([line[:cut], line[cut:]])
        else:
            out.append(line)
    return "\n".join(out), truth


@_plain
def indent_fullwidth(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """Paragraphs indented with two full-width spaces, as Word and many sites print them."""
    return "\n".join(
        ("\u3000\u3000" + line if line.strip() else line) for line in _lines(text)
    ), truth


def spaces_around_labels(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """Spaces around a label's colon and after list commas (``牵头单位 ： 市A局、 市B局``)."""

    def spaced(match: re.Match[str]) -> str:
        return match.group(0)[:-1] + rng.choice([" ：", "： ", "\u3000：", ":\u3000", "：  "])

    text = _LABEL_COLON.sub(spaced, text)
    return re.sub(r"、(?=\S)", lambda _m: rng.choice(["、", "、 ", "、"]), text), truth


# --- punctuation and brackets ---------------------------------------------------------------


def _swap(pairs: dict[str, str]) -> Transform:
    def swap(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
        return "".join(pairs.get(ch, ch) if rng.random() < 0.7 else ch for ch in text), truth

    return swap


half_colon = _swap({"：": ":"})
half_comma_semicolon = _swap({"，": ",", "；": ";"})
half_brackets = _swap({"（": "(", "）": ")"})
full_brackets = _swap({"(": "（", ")": "）"})
full_colon = _swap({":": "：", ",": "，", ";": "；"})
half_colon.__name__ = "half_colon"
half_comma_semicolon.__name__ = "half_comma_semicolon"
half_brackets.__name__ = "half_brackets"
full_brackets.__name__ = "full_brackets"
full_colon.__name__ = "full_colon"


_LABELLED_BRACKET = re.compile(
    r"[（(]((?:" + _LABEL + r")[：:][^（）()]*(?:[（(][^（）()]*[）)][^（）()]*)*)[）)]"
)


def _rebracket(opening: str, closing: str) -> Transform:
    def rebracket(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
        return _LABELLED_BRACKET.sub(lambda m: opening + m.group(1) + closing, text), truth

    return rebracket


square_brackets = _rebracket("【", "】")
tortoise_brackets = _rebracket("〔", "〕")
square_brackets.__name__ = "square_brackets"
tortoise_brackets.__name__ = "tortoise_brackets"


# --- label words ----------------------------------------------------------------------------

_SYNONYMS = {
    "牵头单位": ["牵头部门", "牵头责任单位"],
    "牵头部门": ["牵头单位"],
    "责任单位": ["责任部门", "落实单位", "承办单位"],
    "责任部门": ["责任单位"],
    "配合单位": ["配合部门", "协办单位", "参与单位"],
    "配合部门": ["配合单位"],
}
_PLAIN_LABEL = re.compile(
    r"(?<![头要])(牵头单位|牵头部门|责任单位|责任部门|配合单位|配合部门)(?=\s*[：:])"
)


def label_synonyms(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """Another office's words for the same role (牵头部门, 落实单位, 协办单位 …), one per notice."""
    chosen = {label: rng.choice(words) for label, words in _SYNONYMS.items()}
    return _PLAIN_LABEL.sub(lambda m: chosen[m.group(1)], text), truth


# --- numbering ------------------------------------------------------------------------------

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN_DIGIT = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"


def _renumber(style: Callable[[int], str], source: str) -> Transform:
    pattern = re.compile(r"^(\s*)" + source, re.MULTILINE)

    def renumber(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
        numbers = {str(task["number"]) for task in truth["tasks"]}
        changed: dict[str, str] = {}

        def one(match: re.Match[str]) -> str:
            number = int(match.group(2))
            if str(number) not in numbers or number > 20:
                return match.group(0)
            changed[str(number)] = style(number)
            return match.group(1) + style(number)

        new = pattern.sub(one, text)
        truth = copy.deepcopy(truth)
        for task in truth["tasks"]:
            task["number"] = changed.get(str(task["number"]), task["number"])
        return new, truth

    return renumber


numbers_dot_to_comma = _renumber(lambda n: f"{n}、", r"(\d+)[.．](?!\d)")
numbers_comma_to_dot = _renumber(lambda n: f"{n}.", r"(\d+)、")
numbers_circled = _renumber(lambda n: _CIRCLED[n - 1], r"(\d+)[.．、](?!\d)")
numbers_paren_digit = _renumber(lambda n: _PAREN_DIGIT[n - 1], r"(\d+)[.．、](?!\d)")
numbers_dot_to_comma.__name__ = "numbers_dot_to_comma"
numbers_comma_to_dot.__name__ = "numbers_comma_to_dot"
numbers_circled.__name__ = "numbers_circled"
numbers_paren_digit.__name__ = "numbers_paren_digit"


# --- end matter -----------------------------------------------------------------------------

_END_MATTER = [
    ["", "XX市人民政府办公室", "2024年3月15日", "（此件公开发布）"],
    ["", "抄送：市委各部门，市人大常委会办公室，市政协办公室，市法院，市检察院。"],
    ["", "XX市人民政府办公室                2024年3月15日印发"],
    ["", "附件：1.重点任务分工表", "      2.联系人名单"],
    [
        "",
        "联系人：张三  联系电话：0797-8888888",
        "序号 单位 联系人 电话",
        "1 市发展改革委 李四 8888001",
    ],
]


@_plain
def end_matter(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """A signature, date, 抄送, 附件 lines and a contact table after the last task."""
    parts = [line for block in rng.sample(_END_MATTER, 3) for line in block]
    return "\n".join([text.rstrip(), *parts, ""]), truth


# --- unit lists -----------------------------------------------------------------------------


def _last_units(truth_units: list[str]) -> str:
    return "、".join(truth_units)


def units_end_with_deng(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """A unit list closed by 等, 等部门 or 等单位 (市A局、市B局等部门)."""
    ending = rng.choice(["等", "等部门", "等单位"])
    for task in truth["tasks"]:
        for role in ("cooperating", "responsible"):
            units = task.get(role) or []
            if len(units) >= 2:
                listed = _last_units(units)
                if text.count(listed) == 1 and not text[
                    text.index(listed) + len(listed) :
                ].startswith("等"):
                    text = text.replace(listed, listed + ending)
                break
    return text, truth


_ENDING = re.compile(r"(人民政府|管委会|办事处)$")


def shared_ending(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """Neighbouring units written with one shared ending (A区、B区人民政府); the truth keeps both."""
    for task in truth["tasks"]:
        for role in ("lead", "responsible", "cooperating"):
            units = task.get(role) or []
            for first, second in itertools.pairwise(units):
                one, two = _ENDING.search(first), _ENDING.search(second)
                if one and two and one.group(1) == two.group(1) and not first.startswith("各"):
                    pair = f"{first}、{second}"
                    if text.count(pair) == 1:
                        text = text.replace(pair, f"{first[: one.start()]}、{second}")
    return text, truth


TRANSFORMS: list[Transform] = [
    page_number_dash,
    page_number_hyphen,
    page_of_pages,
    running_header,
    page_number_inside,
    page_footer_inside,
    site_chrome,
    hard_wrap,
    break_in_units,
    break_in_label,
    indent_fullwidth,
    spaces_around_labels,
    half_colon,
    half_comma_semicolon,
    half_brackets,
    full_brackets,
    full_colon,
    square_brackets,
    tortoise_brackets,
    label_synonyms,
    numbers_dot_to_comma,
    numbers_comma_to_dot,
    numbers_circled,
    numbers_paren_digit,
    end_matter,
    units_end_with_deng,
    shared_ending,
]

_REGISTRY = Registry.bundled()


def parse(text: str, name: str) -> ParseResult:
    """Parse a text as ``gzgk parse`` reads a .txt notice (the bundled registry's names and words)."""
    return parse_text(
        text,
        source=name,
        known=lambda unit: _REGISTRY.find(unit) is not None,
        roles=dict(_REGISTRY.role_words),
    )


def _records() -> dict[str, dict[str, Any]]:
    return {
        folder: json.loads((DATA / record).read_text("utf-8")) for folder, record in FOLDERS.items()
    }


def notices(limit: int = 20000) -> list[tuple[str, str, Truth, list[str]]]:
    """The text notices of the corpus that read quickly, with their exact tasks: (name, text, truth, exact)."""
    records = _records()
    found = []
    for folder in FOLDERS:
        for name, path, truth in corpus(DATA / folder):
            exact = records[folder][name]["exact"]
            text = decode_text(path.read_bytes()) if path.suffix == ".txt" else ""
            if path.suffix == ".txt" and exact and len(text) <= limit:
                found.append((f"{folder}/{name}", text, truth, exact))
    return found


def silent_after(transform: Transform, name: str, text: str, truth: Truth, seed: int) -> list[str]:
    """The tasks a transformation makes wrong with no issue naming them."""
    rng = random.Random(f"{transform.__name__}:{name}:{seed}")  # noqa: S311 - a fixed seed
    varied, varied_truth = transform(text, truth, rng)
    result = _normalised_result(parse(varied, name))
    outcome = score_result(name, result, _normalised_truth(varied_truth))
    return list(outcome.silent)


def _width(unit: str) -> str:
    return unit.replace("(", "（").replace(")", "）")


def _normalised_truth(truth: Truth) -> Truth:
    """The truth with unit brackets of one width: a bracket's width is not what is tested."""
    truth = copy.deepcopy(truth)
    for task in truth["tasks"]:
        for role in ("lead", "responsible", "cooperating"):
            if task.get(role):
                task[role] = [_width(unit) for unit in task[role]]
    return truth


def _normalised_result(result: ParseResult) -> ParseResult:
    """The parsed units with brackets of one width, as :func:`_normalised_truth`."""
    tasks = tuple(
        attrs.evolve(
            task,
            lead=tuple(map(_width, task.lead)),
            responsible=tuple(map(_width, task.responsible)),
            cooperating=tuple(map(_width, task.cooperating)),
        )
        for task in result.notice.tasks
    )
    return attrs.evolve(result, notice=attrs.evolve(result.notice, tasks=tasks))


# The notices each transformation is tried on: a fixed sample, so the file runs in about
# two minutes on one core, and the notices where it found a family that was silently wrong.
_NOTICES = notices(limit=10_000)
_SAMPLE = 6
FOUND_ON = {
    "page_number_inside": [
        "notices/lishan_2023_zhongdiangongzuo",
        "notices-heldout5/zhengzhou_2023_jinrongzhichi",
        "notices-heldout6/shimian_2023_fangdichan",
    ],
    "page_footer_inside": [
        "notices-heldout5/aletai_2022_fangdichan",
        "notices-heldout5/zhengzhou_2023_jinrongzhichi",
    ],
    "hard_wrap": [
        "notices/changchun_2012_shierwuguihua",
        "notices/jiangmentdcb_zhengwugongkai",
        "notices-heldout5/dingxi_2023_wenjingji",
        "notices-heldout6/luohe_2023_fangdichan",
        "notices-heldout6/meishan_2022_fangdichan",
        "notices-heldout5/changde_2022_jianzhuye",
    ],
    "break_in_units": ["notices-heldout6/luohe_2023_fangdichan"],
    "end_matter": [
        "notices/jiaxing_2023_zhengfugongzuobaogao",
        "notices-heldout6/shimian_2023_fangdichan",
    ],
    "units_end_with_deng": ["notices-heldout6/shimian_2023_fangdichan"],
}


def _sample(transform: Transform) -> list[tuple[str, str, Truth, list[str]]]:
    rng = random.Random(transform.__name__)  # noqa: S311 - a fixed seed
    chosen = rng.sample(_NOTICES, min(len(_NOTICES), _SAMPLE))
    found = FOUND_ON.get(transform.__name__, [])
    return [*chosen, *(n for n in _ALL if n[0] in found and n not in chosen)]


_ALL = notices()
# The transformations that break lines where the seed says run with a second seed too:
# most families found since the first were found by other seeds of these.
_RESEEDED = (hard_wrap, break_in_units, break_in_label, page_number_inside, page_footer_inside)
CASES = [
    pytest.param(transform, index, seed, id=f"{transform.__name__}-{index}" + f"-seed{seed}" * seed)
    for transform in TRANSFORMS
    for seed in ((0, 1) if transform in _RESEEDED else (0,))
    for index in range(len(_sample(transform)))
]


@pytest.mark.parametrize(("transform", "index", "seed"), CASES)
def test_varied_notice_not_silently_wrong(transform: Transform, index: int, seed: int) -> None:
    """A notice varied as real sources vary has every task exact or named by an issue."""
    name, text, truth, _exact = _sample(transform)[index]
    silent = silent_after(transform, name, text, truth, seed=seed)
    assert silent == [], f"{transform.__name__} (seed {seed}): {name}"


# The families the transformations found, each pinned by a small literal case.
FOUND = [
    pytest.param(
        "1.增长6%左右。\n牵头单位：\n区发改局\n责任单位：\n区工信局，区财政局\n"
        "2.增长5%左右。\n牵头单位：区工信局\n责任单位：\n区商务局\n",
        [("1", ["区发改局"], ["区工信局", "区财政局"]), ("2", ["区工信局"], ["区商务局"])],
        id="label-alone-on-its-line",
    ),
    pytest.param(
        "（一）支持合理融资需求。鼓励金融机构。\n责任单位：人民银行石棉支行、\n各金融机构\n"
        "（二）推行带押过户。推行。\n责任单位：县自然资源和规划局，\n各金融机构\n",
        [
            ("一", [], ["人民银行石棉支行", "各金融机构"]),
            ("二", [], ["县自然资源和规划局", "各金融机构"]),
        ],
        id="list-left-open-at-line-end",
    ),
    pytest.param(
        "（二十四）鼓励畜禽适时出栏。鼓励。\n牵头单位：市农业农村局、\n— 2 —\n"
        "市畜牧兽医局，责任单位：各县区人民政府，市政府相关单位\n",
        [("二十四", ["市农业农村局", "市畜牧兽医局"], ["各县区人民政府", "市政府相关单位"])],
        id="open-list-goes-on-before-the-next-label",
    ),
    pytest.param(
        "附件\n序号\n主要任务\n牵头单位\nXX市人民政府办公室文件\n— 2 —\n配合单位\n"
        "1\n推进甲项工作\n市发展改革委\n市财政局\n2\n推进乙项工作\n市教育局\n市卫生健康委\n"
        "XX市人民政府办公室文件\n— 3 —\n3\n推进丙项工作\n市民政局\n市人力资源社会保障局\n",
        [
            ("1", ["市发展改革委"], ["市财政局"]),
            ("2", ["市教育局"], ["市卫生健康委"]),
            ("3", ["市民政局"], ["市人力资源社会保障局"]),
        ],
        id="running-header-beside-page-numbers",
    ),
    pytest.param(
        "1.推进甲项工作。\n— 1 —\n牵头单位：市发展改革委\n2.推进乙项工作。\n— 2 —\n牵头单位：市发展改革委\n",
        [("1", ["市发展改革委"], []), ("2", ["市发展改革委"], [])],
        id="repeated-label-line-beside-page-numbers-stays",
    ),
    pytest.param(
        "（一）约束性指标\n耕地保有量保持在2000.9万亩。(市国土局牵头)\n"
        "用水量达到省要求标准。(市水利局、市发展改革委、市工信\n局、市市政公用局等部门按职责分工负责)\n"
        "（二）预期性指标\n地区生产总值年均增长12%。(市发展改革委牵头)\n",
        [
            ("一.1", ["市国土局"], []),
            ("一.2", [], ["市水利局", "市发展改革委", "市工信局", "市市政公用局"]),
            ("二", ["市发展改革委"], []),
        ],
        id="bracket-broken-over-lines",
    ),
    pytest.param(
        "（一）加快清理政府欠款。清理。\n责任单位：市财政局、市住房和城乡建设局，各县\n区人民政府、功能区管委会\n",
        [("一", [], ["市财政局", "市住房和城乡建设局", "各县区人民政府、功能区管委会"])],
        id="collective-broken-over-lines",
    ),
    pytest.param(
        "附表\n\n序号\n\n重点任务\n\n完成时限\n\n责任部门\n\n1\n\n"
        "推进供给侧、年综合能耗2000吨标准煤\n以上用能企业能源管理中心建设\n\n全年推进\n\n科技经济委\n\n"
        "2\n\n推进清洁生产\n\n年内完成\n\n建设管理委\n\n3\n\n推进建筑领域碳达峰\n\n年内完成\n\n发展改革委\n",
        [("1", [], ["科技经济委"]), ("2", [], ["建设管理委"]), ("3", [], ["发展改革委"])],
        id="cell-line-starting-with-yishang",
    ),
    pytest.param(
        "（一）开展专项治理。治理。\n〔牵头单位：市住房城乡建设局；责任单位：眉山高新区管委会、甘眉工业园\n"
        "区管委会〕\n",
        [("一", ["市住房城乡建设局"], ["眉山高新区管委会", "甘眉工业园区管委会"])],
        id="name-broken-before-its-level-word",
    ),
    pytest.param(
        "（十）推动建筑市场统一开放。开放。\n（责任单位：市住建局〈市人防办〉、市税务局、各区\n"
        "县市人民政府〈管委会〉）\n",
        [("十", [], ["市住建局〈市人防办〉", "市税务局", "各区县市人民政府〈管委会〉"])],
        id="collective-broken-before-its-levels",
    ),
    pytest.param(
        "（一）支持合理融资需求。鼓励。\n责任单位：人民银行石棉支行、各金融机构等单位\n",
        [("一", [], ["人民银行石棉支行", "各金融机构"])],
        id="collective-before-deng-danwei",
    ),
    pytest.param(
        "（一）强化物业管理。加强考核。\n责任单位：县住房和城乡建设局、县市场监督管理局\n\n"
        "石棉县人民政府办公室\n2024年3月15日\n",
        [("一", [], ["县住房和城乡建设局", "县市场监督管理局"])],
        id="signature-over-its-date",
    ),
    pytest.param(
        "序号\n主要任务\n责任单位\n1\n地区生产总值增长6%左右。\n市发展改革委\n2\n研发投入强度达到3.\n\n"
        "嘉兴市人民政府办公室\n2023年3月15日\n",
        [("1", [], ["市发展改革委"]), ("2", [], [])],
        id="signature-after-a-cut-table",
    ),
    pytest.param(
        "（十五）大力推行试点。推行。\n责任单位：县自然资源和规划局、人民银行石棉支行,各金\n融机构\n"
        "（十六）规范市场交易秩序。维护。\n责任单位：县住房和城乡建设局\n",
        [
            ("十五", [], ["县自然资源和规划局", "人民银行石棉支行", "各金融机构"]),
            ("十六", [], ["县住房和城乡建设局"]),
        ],
        id="last-name-broken-at-a-label-lines-end",
    ),
    pytest.param(
        "（十一）支持人才安居。享受租购同权。\n牵头单位:地区住房和城乡建设局\n"
        "配合单位:地委组织部、地区人力资源和社会\n保障局、地区税务局、地区教\n育局,各县(市)人民政府\n",
        [
            (
                "十一",
                ["地区住房和城乡建设局"],
                [
                    "地委组织部",
                    "地区人力资源和社会保障局",
                    "地区税务局",
                    "地区教育局",
                    "各县(市)人民政府",
                ],
            )
        ],
        id="names-broken-at-both-ends-of-a-line",
    ),
    pytest.param(
        "四、加大减负力度。推行交房即交证。(责任单位:\n市自然资源和规划局、人行邢台\n"
        "市中心支行、信都区政府)\n五、支持合理融资。稳定投放。(责任单位:市住建局)\n",
        [
            ("四", [], ["市自然资源和规划局", "人行邢台市中心支行", "信都区政府"]),
            ("五", [], ["市住建局"]),
        ],
        id="name-broken-where-a-name-could-start",
    ),
    pytest.param(
        "[接上页] 11.加强统计工作,按月通报。(国家统计局江苏调查总队,省统计局) 12\n"
        ".建立联动机制,落实补贴资金。(省民政厅、财政厅) 13.逐步提高养老金标准。\n(省人力资源社会保障厅)\n",
        [
            ("11", [], ["国家统计局江苏调查总队", "省统计局"]),
            ("12", [], ["省民政厅", "财政厅"]),
            ("13", [], ["省人力资源社会保障厅"]),
        ],
        id="run-in-number-split-by-a-wrap",
    ),
    pytest.param(
        "制定如下措施: 一、有序去库存(一)推行购房优惠\n补贴政策。(责任单位:县住保中心、县财政局)"
        "(二)实施生育购房补贴。(责任单\n位:县卫健委)\n",
        [("一", [], ["县住保中心", "县财政局"]), ("二", [], ["县卫健委"])],
        id="run-in-number-lines-before-the-next",
    ),
    pytest.param(
        "（一）促进共同发展。界定国有企业功能,建立激励约束机制(省国资委牵头)。推进混合所有制经济发展,"
        "鼓励非公有制企业参与改革(省经信委、省发改委负责。责任单位\n两个以上的,列第一者为牵头单位,下同)。"
        "推进工商注册制度\n便利化,削减资质认定项目,取得经验后在全省推行\n(省工商局牵头)。\n",
        [
            ("一.1", ["省国资委"], []),
            ("一.2", ["省经信委"], ["省发改委"]),
            ("一.3", ["省工商局"], []),
        ],
        id="bracket-of-units-on-a-line-of-its-own",
    ),
    pytest.param(
        "(一)加快建設(shè)東部、花都、南沙三大汽車產(chǎ\nn)業(yè)基地。(牽頭單位:市經(jīng)貿(mào)委;配合單位:市\n"
        "發(fā)改委、國土房管局)\n?。ǘ┩七M(jìn)東部石化基地建設(shè),抓好80萬噸\n"
        "乙烯改擴建項目。(牽頭單位:市發(fā)改委;配合單位:市經(jīng)貿(\nmào)委、黃埔區(qū)\n政府)\n"
        "?。ㄈ┲?chuàng)建以廣州科學(xué)城為核心區(q\nū),番禺為拓展輻射區(qū)的生物醫(yī)藥產(\n"
        "chǎn)業(yè)基地。(牽頭單位:市發(fā)改委;配\n合單位:科技局、外經(jīng)貿(mào)局)\n",
        [
            ("一.1", ["市經(jīng)貿(mào)委"], ["市發(fā)改委", "國土房管局"]),
            ("一.2", ["市發(fā)改委"], ["市經(jīng)貿(mào)委", "黃埔區(qū)政府"]),
            ("一.3", ["市發(fā)改委"], ["科技局", "外經(jīng)貿(mào)局"]),
        ],
        id="pinyin-reading-broken-by-a-wrap",
    ),
    pytest.param(
        "1.加快工业结构调整。提升水平。\n牵头责任单位:市发展改革委\n相关责任单位:\n— 2 —\n各县(市、区)政府\n"
        "2.加快服务业发展。提高比重。\n牵头责任单位:市服务业发展局\n相关责任单位:\n— 3 —\n各县(市、区)政府\n"
        "3.优化农业结构。提高比重。\n牵头责任单位:市农业局\n相关责任单位:各县(市、区)政府\n",
        [
            ("1", ["市发展改革委"], ["各县(市、区)政府"]),
            ("2", ["市服务业发展局"], ["各县(市、区)政府"]),
            ("3", ["市农业局"], ["各县(市、区)政府"]),
        ],
        id="unit-line-beside-page-numbers-stays",
    ),
    pytest.param(
        "1.全力保健康。确保平稳转段。(牵头单位:市疫情防控指挥部办公室;责任单位:市疫情防控指挥部\n"
        "各工作组,市直各相关部门)\n2.推进复工。复工。(牵头单位:市经信局)\n",
        [
            ("1", ["市疫情防控指挥部办公室"], ["市疫情防控指挥部各工作组", "市直各相关部门"]),
            ("2", ["市经信局"], []),
        ],
        id="break-with-no-separator-in-a-separated-list",
    ),
    pytest.param(
        "六、探索房票。须由属地政府评估后实施。(责任单位:各县<市、\n— 5 —\n区>政府、海经区管委会)\n"
        "七、加大支持。支持。(责任单位:市住建局)\n",
        [("六", [], ["各县<市、区>政府", "海经区管委会"]), ("七", [], ["市住建局"])],
        id="angle-bracket-gloss-broken-over-lines",
    ),
    pytest.param(
        "(二十四)鼓励畜禽适时出栏。紧盯元旦。\n\n牵头单位:市农业农村\n"
        "局、市畜牧兽医局,责任单位:各县区人民政府\n\n(二十五)稳定就业。稳定。\n\n牵头单位:市人社局\n",
        [
            ("二十四", ["市农业农村局", "市畜牧兽医局"], ["各县区人民政府"]),
            ("二十五", ["市人社局"], []),
        ],
        id="whole-looking-name-cut-before-its-ending",
    ),
    pytest.param(
        "(一)提供法治保障。加强备案审查。\n责任单位:县政府办公室、县司法局\n"
        "、各有关部门,乡镇人民政府按职责分工分别负责。\n(二)提高依法防控能力。防控。\n责任单位:县卫健委\n",
        [
            ("一", [], ["县政府办公室", "县司法局", "各有关部门", "乡镇人民政府"]),
            ("二", [], ["县卫健委"]),
        ],
        id="next-line-opens-with-a-separator",
    ),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_found_family(text: str, expected: list[tuple[str, list[str], list[str]]]) -> None:
    """Each family the transformations found reads exactly."""
    result = parse(text, "found")
    got = [
        (task.number, list(task.lead), [*task.responsible, *task.cooperating])
        for task in result.notice.tasks
    ]
    assert got == expected


def test_task_words_are_no_collective() -> None:
    """A cell's last sentence read as units (…负责 / 海绵城市建设相关工作。) is named, not a unit."""
    assert name_problem("海绵城市建设相关工作") is not None
    assert name_problem("区相关部门") is None
