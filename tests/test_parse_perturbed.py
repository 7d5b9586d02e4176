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
from typing import Any

import attrs
import pytest
from support.corpus import FOLDERS, Place, corpus, places, score_result
from support.parsing import as_txt

from gzgk.lexicon.names import name_problem
from gzgk.parse import ParseResult
from gzgk.parse.assign import read_assignments
from gzgk.parse.page import is_html
from gzgk.sources import decode_text

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


def ratio_colon(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """The ratio sign ``∶`` (U+2236) a PDF or page prints for a label's colon (责任单位∶X)."""
    return _LABEL_COLON.sub(lambda m: m[0][:-1] + "∶", text), truth


_COLON_BEFORE_NAME = re.compile(r"(?<=[（(，,；;])(" + _LABEL + r")[：:](?=[市县区省州各])")


def label_without_colon(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """A label printed with no colon before its first name: ``（责任单位市财政局，配合单位各银行）``."""
    return _COLON_BEFORE_NAME.sub(lambda m: m[1] if rng.random() < 0.7 else m[0], text), truth


# --- numbering ------------------------------------------------------------------------------

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN_DIGIT = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"


def _renumber(style: Callable[[int], str], source: str) -> Transform:
    pattern = re.compile(r"^(\s*)" + source, re.MULTILINE)

    def renumber(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
        # a task's number, or the item number its sub-tasks are counted under (4 of 4一是)
        numbers = {
            found[0] for task in truth["tasks"] if (found := re.match(r"\d+", str(task["number"])))
        }
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
            number = str(task["number"])
            head = re.match(r"\d+", number)
            if (
                head
                and head[0] in changed
                and (number == head[0] or not number[head.end()].isdigit())
            ):
                task["number"] = changed[head[0]] + number[head.end() :]
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


# --- compositions ---------------------------------------------------------------------------


def _compose(*steps: Transform) -> Transform:
    """Several transformations applied one after another, as one copy often does them all."""

    def composed(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
        for step in steps:
            text, truth = step(text, truth, rng)
        return text, truth

    composed.__name__ = "+".join(step.__name__ for step in steps)
    return composed


# --- whole-text forms -----------------------------------------------------------------------


_CELL_FORM = re.compile(r"^\s*(?:序号|编号)\s*$", re.MULTILINE)


@_plain
def run_on_paragraph(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """A web page that lost its line breaks: the whole notice is one paragraph.

    A notice whose tasks are a table (cells one per line) is left: a table that lost its
    line breaks is no text anyone could read either.
    """
    if (not _task_lines(text) and not _LABELLED_BRACKET.search(text)) or _CELL_FORM.search(text):
        return text, truth
    return "".join(line.strip() for line in _lines(text)), truth


_UNIT_LINE = re.compile(r"^\s*(" + _LABEL + r")\s*[：:](.*)$")
_BRACKET_AT_END = re.compile(
    r"[（(]((?:" + _LABEL + r")[：:](?:[^（）()]|[（(][^（）()]*[）)])*)[）)]\s*[。；;]?\s*$"
)


@_plain
def label_lines_to_bracket(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """A task's unit lines (牵头单位：A / 责任单位：B) printed as a bracket after its text."""
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending and out:
            out[-1] = out[-1].rstrip() + "（" + "；".join(pending) + "）"
        elif pending:
            out.extend(pending)
        pending.clear()

    for line in _lines(text):
        match = _UNIT_LINE.match(line)
        if match and match.group(2).strip() and out and out[-1].strip():
            pending.append(f"{match.group(1)}：{match.group(2).strip().rstrip('。；;')}")
            continue
        flush()
        out.append(line)
    flush()
    return "\n".join(out), truth


@_plain
def bracket_to_label_lines(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """A task's closing bracket (牵头单位：A；责任单位：B) printed as unit lines under its text."""
    out: list[str] = []
    for line in _lines(text):
        match = _BRACKET_AT_END.search(line)
        if match and line[: match.start()].strip():
            parts = re.split(r"[；;]\s*(?=" + _LABEL + r"[：:])", match.group(1))
            out.extend([line[: match.start()].rstrip(), *parts])
        else:
            out.append(line)
    return "\n".join(out), truth


_PLAIN_NUMBER = re.compile(r"\d+|[一二三四五六七八九十]+")


def _table_rows(truth: Truth) -> tuple[list[str], list[list[str]], Truth] | None:
    """A notice's tasks as the rows of a 分工表 (header, rows, their truth), or None."""
    tasks = [task for task in truth["tasks"] if any(task.get(r) for r in _ROLES)]
    if not tasks or not all(_PLAIN_NUMBER.fullmatch(str(t["number"])) for t in tasks):
        return None
    roles = [role for role in _ROLES if any(task.get(role) for task in tasks)]
    header = ["序号", "主要任务", *(_ROLE_HEADER[role] for role in roles)]
    rows: list[list[str]] = []
    new_truth = copy.deepcopy(truth)
    new_truth["tasks"] = []
    new_truth["incomplete_tasks"] = []
    for index, task in enumerate(tasks, 1):
        title = str(task.get("title_or_start", "")).strip()
        if not title:
            return None
        rows.append([str(index), title, *("、".join(task.get(role) or []) for role in roles)])
        new_truth["tasks"].append({**copy.deepcopy(task), "number": str(index)})
    return header, rows, new_truth


_ROLES = ("lead", "responsible", "cooperating")
_ROLE_HEADER = {"lead": "牵头单位", "responsible": "责任单位", "cooperating": "配合单位"}


def _as_table(render: Callable[[list[str], list[list[str]]], list[str]]) -> Transform:
    def as_table(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
        table = _table_rows(truth)
        if table is None:
            return text, truth
        header, rows, new_truth = table
        intro = [
            "XX市人民政府办公室关于印发重点任务分工方案的通知",
            "",
            "附件",
            "重点任务分工表",
            "",
        ]
        return "\n".join([*intro, *render(header, rows), ""]), new_truth

    return as_table


def _cells_per_line(header: list[str], rows: list[list[str]]) -> list[str]:
    return [cell for row in [header, *rows] for cell in row]


def _cells_blank_lines(header: list[str], rows: list[list[str]]) -> list[str]:
    return [line for row in [header, *rows] for cell in row for line in (cell, "")]


def _cells_bars(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(row) + " |" for row in [header, *rows]]


table_cell_per_line = _as_table(_cells_per_line)
table_cell_blank_lines = _as_table(_cells_blank_lines)
table_bars = _as_table(_cells_bars)
table_cell_per_line.__name__ = "table_cell_per_line"
table_cell_blank_lines.__name__ = "table_cell_blank_lines"
table_bars.__name__ = "table_bars"


# --- characters -----------------------------------------------------------------------------

_FULL_DIGIT = str.maketrans("0123456789", "０１２３４５６７８９")


@_plain
def fullwidth_numbers(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """Task numbers typed in full-width digits (``１．``, ``１２、``), as a Chinese input method does."""
    return re.sub(
        r"^(\s*)(\d+)(?=[.．、]|\s)",
        lambda m: m.group(1) + m.group(2).translate(_FULL_DIGIT),
        text,
        flags=re.MULTILINE,
    ), truth


@_plain
def ocr_zero(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """An OCR'd or retyped copy: 〇 read as O or 0, a number's 0 read as O (``1O.``)."""
    zero = rng.choice(["O", "0", "o"])
    text = text.replace("〇", zero)
    return re.sub(
        r"^(\s*)(\d*0\d*)(?=[.．、])",
        lambda m: m.group(1) + m.group(2).replace("0", rng.choice(["O", "〇"])),
        text,
        flags=re.MULTILINE,
    ), truth


_CJK_NAME = re.compile(r"[\u4e00-\u9fff]{3,7}")


def letter_spaced_units(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """Unit names printed letter-spaced (``市 发 改 委``), as a justified cell or a scan prints them."""
    names = sorted(
        {
            unit
            for task in truth["tasks"]
            for role in _ROLES
            for unit in task.get(role) or []
            if _CJK_NAME.fullmatch(unit)
        }
    )
    for name in names:
        if rng.random() < 0.5:
            spaced = rng.choice([" ", "\u3000"]).join(name)
            text = re.sub(
                r"(?<![\u4e00-\u9fff])" + re.escape(name) + r"(?![\u4e00-\u9fff])", spaced, text
            )
    return text, truth


# --- lines after the units ------------------------------------------------------------------


def _after_units(make: Callable[[random.Random], str]) -> Transform:
    @_plain
    def after_units(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
        lines = _lines(text)
        out: list[str] = []
        for i, line in enumerate(lines):
            out.append(line)
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if _LABEL_COLON.search(line) and not _LABEL_COLON.search(nxt) and rng.random() < 0.6:
                out.append(make(rng))
        return "\n".join(out), truth

    return after_units


deadline_line = _after_units(
    lambda rng: rng.choice(
        [
            "完成时限：2024年底",
            "完成时间：2024年12月底前",
            "时间节点：持续推进",
            "完成时限：长期坚持",
        ]
    )
)
leader_line = _after_units(
    lambda rng: rng.choice(
        ["责任领导：张伟", "分管领导：王小明、李强", "责任领导：陈志刚（副市长）", "责任人：刘洋"]
    )
)
deadline_line.__name__ = "deadline_line"
leader_line.__name__ = "leader_line"


# --- tasks lost, joined or cut --------------------------------------------------------------


def _title_line(lines: list[str], task: Truth) -> int | None:
    """The one line a task's text starts on, found by its first words."""
    start = re.sub(r"\s+", "", str(task.get("title_or_start", "")))[:12]
    if len(start) < 4:
        return None
    found = [i for i, line in enumerate(lines) if start in re.sub(r"\s+", "", line)]
    return found[0] if len(found) == 1 else None


def _start_line(lines: list[str], task: Truth) -> int | None:
    """The line a task starts on: its text's line, or the line of its number just above."""
    at = _title_line(lines, task)
    if at is None:
        return None
    number = re.escape(str(task["number"]))
    above = at - 1
    while above >= 0 and not lines[above].strip():
        above -= 1
    if above >= 0 and re.fullmatch(r"\s*[（(]?" + number + r"[）)]?[.．、]?\s*", lines[above]):
        return above
    return at


def _simple_pair(truth: Truth, rng: random.Random) -> int | None:
    """A task (not the first or last) numbered plainly, as is the next one."""
    tasks = truth["tasks"]
    candidates = [
        i
        for i in range(1, len(tasks) - 1)
        if _PLAIN_NUMBER.fullmatch(str(tasks[i]["number"]))
        and _PLAIN_NUMBER.fullmatch(str(tasks[i + 1]["number"]))
    ]
    return rng.choice(candidates) if candidates else None


@_plain
def task_dropped(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """One task lost in copying (a skipped page or row): its number must show as missing."""
    index = _simple_pair(truth, rng)
    if index is None:
        return text, truth
    lines = _lines(text)
    start = _start_line(lines, truth["tasks"][index])
    end = _start_line(lines, truth["tasks"][index + 1])
    if start is None or end is None or not start < end:
        return text, truth
    return "\n".join(lines[:start] + lines[end:]), truth


@_plain
def tasks_joined(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """Two neighbouring tasks run together on one line (a lost line break before a number)."""
    index = _simple_pair(truth, rng)
    if index is None:
        return text, truth
    lines = _lines(text)
    at = _start_line(lines, truth["tasks"][index + 1])
    if at is None or at == 0:
        return text, truth
    above = at - 1
    while above > 0 and not lines[above].strip():
        above -= 1
    return "\n".join(
        [*lines[:above], lines[above].rstrip() + lines[at].strip(), *lines[at + 1 :]]
    ), truth


@_plain
def cut_in_last_task(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
    """The copy ends in the middle of the last task (a page not copied, a truncated download)."""
    tasks = truth["tasks"]
    lines = _lines(text)
    at = _title_line(lines, tasks[-1]) if tasks else None
    units = [u for role in _ROLES for u in tasks[-1].get(role) or []] if tasks else []
    if at is None or not units:
        return text, truth
    start = re.sub(r"\s+", "", str(tasks[-1].get("title_or_start", "")))[:4]
    found = re.search(r"\s*".join(map(re.escape, start)), lines[at])
    begin = sum(len(line) + 1 for line in lines[:at]) + (found.start() if found else 0)
    last = text.rfind(units[-1])
    if last < begin:
        return text, truth
    cut = rng.randint(begin + 4, last + len(units[-1]) - 1)
    return text[:cut], truth


# --- unit separators ------------------------------------------------------------------------


_COLLECTIVE = re.compile(r"^各|有关|相关")


def _separators(
    choose: Callable[[random.Random], Callable[[list[str]], str]], *, word: bool = False
) -> Transform:
    """Units parted otherwise than by 、: a separator after a label, or a word before the last.

    A separator only in a labelled list: in ``X牵头，A、B参与`` a ， parts the roles, and
    ``X牵头，A，B参与`` is no list anyone writes.
    """

    def separators(text: str, truth: Truth, rng: random.Random) -> tuple[str, Truth]:
        join = choose(rng)
        for task in truth["tasks"]:
            for role in _ROLES:
                units = task.get(role) or []
                listed = "、".join(units)
                if len(units) < 2 or text.count(listed) != 1:
                    continue
                if word and _COLLECTIVE.search(units[-1]):
                    continue  # X及各Y is one collective by design (市级各有关部门及各县市区政府)
                if not word and not re.search(_LABEL + r"\s*[：:]\s*$", text[: text.index(listed)]):
                    continue
                text = text.replace(listed, join(units))
        return text, truth

    return separators


units_comma = _separators(lambda rng: lambda units: rng.choice(["，", ","]).join(units))
units_semicolon = _separators(lambda rng: lambda units: rng.choice(["；", ";"]).join(units))


def _and_last(rng: random.Random) -> Callable[[list[str]], str]:
    word = rng.choice(["和", "及", "以及"])
    return lambda units: "、".join(units[:-1]) + word + units[-1]


units_and_last = _separators(_and_last, word=True)
units_comma.__name__ = "units_comma"
units_semicolon.__name__ = "units_semicolon"
units_and_last.__name__ = "units_and_last"


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
    ratio_colon,
    label_without_colon,
    numbers_dot_to_comma,
    numbers_comma_to_dot,
    numbers_circled,
    numbers_paren_digit,
    end_matter,
    units_end_with_deng,
    shared_ending,
    _compose(hard_wrap, page_number_dash, label_synonyms),
    _compose(break_in_units, page_footer_inside, half_comma_semicolon),
    _compose(half_brackets, numbers_circled, spaces_around_labels),
    _compose(indent_fullwidth, page_of_pages, end_matter),
    label_lines_to_bracket,
    bracket_to_label_lines,
    table_cell_per_line,
    table_cell_blank_lines,
    table_bars,
    fullwidth_numbers,
    ocr_zero,
    letter_spaced_units,
    deadline_line,
    leader_line,
    task_dropped,
    tasks_joined,
    cut_in_last_task,
    units_comma,
    units_semicolon,
    units_and_last,
]

# A whole notice one paragraph (run_on_paragraph, open until session 26): the long line is
# cut where its items begin (gzgk.parse.lines._run_on_parts), a number glued to a unit name
# (…金融机构二、实施…) as the next of its sequence.
TRANSFORMS.append(run_on_paragraph)

# Transformations that find a family left open, kept out of TRANSFORMS until it is fixed.
OPEN_TRANSFORMS: list[Transform] = []


def _records(folders: dict[str, Place]) -> dict[str, dict[str, Any]]:
    return {
        name: json.loads(place.record.read_text("utf-8")) if place.record.exists() else {}
        for name, place in folders.items()
    }


# Sets kept out of the sample until the families they show are fixed (the sets of session
# 25 joined in session 26, once yongkang's label at a line's end, baoshanjw's sub-tasks under
# a renumbered item, changningfgw's X及相关部门 and quzhou's cut name were).
_NOT_YET: frozenset[str] = frozenset()


def notices(limit: int = 20000, *, local: bool = False) -> list[tuple[str, str, Truth, list[str]]]:
    """The text notices of the corpus that read quickly, with their exact tasks: (name, text, truth, exact).

    ``local``: with the folders kept outside the repository (``GZGK_LOCAL_CORPUS``) too.
    """
    folders = places() if local else {name: places()[name] for name in FOLDERS}
    records = _records(folders)
    found = []
    for folder, place in folders.items():
        if folder in _NOT_YET:
            continue
        for name, path, truth in corpus(place.folder):
            exact = records[folder].get(name, {}).get("exact", [])
            text = decode_text(path.read_bytes()) if path.suffix == ".txt" else ""
            if path.suffix == ".txt" and exact and len(text) <= limit:
                found.append((f"{folder}/{name}", text, truth, exact))
    return found


def silent_after(transform: Transform, name: str, text: str, truth: Truth, seed: int) -> list[str]:
    """The tasks a transformation makes wrong with no issue naming them."""
    rng = random.Random(f"{transform.__name__}:{name}:{seed}")  # noqa: S311 - a fixed seed
    varied, varied_truth = transform(text, truth, rng)
    result = _normalised_result(as_txt(varied, name))
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
        "notices/weifang_2017_zhengwugongkai",
        "notices-heldout12/yongkang_2008_zhongdianrenwu",
    ],
    "break_in_units": ["notices-heldout6/luohe_2023_fangdichan"],
    "break_in_label": ["notices-heldout12/yongkang_2008_zhongdianrenwu"],
    "end_matter": [
        "notices/jiaxing_2023_zhengfugongzuobaogao",
        "notices-heldout6/shimian_2023_fangdichan",
    ],
    "units_end_with_deng": ["notices-heldout6/shimian_2023_fangdichan"],
    "run_on_paragraph": [
        "notices/lishan_2023_zhongdiangongzuo",
        "notices/moushi_jingjizhuanxing",
        "notices-heldout6/yushe_2022_fangdichan",
        "notices-heldout4/shanghaiqyb_2025_xinxingchengzhenhua",
    ],
}


def _sample(transform: Transform) -> list[tuple[str, str, Truth, list[str]]]:
    rng = random.Random(transform.__name__)  # noqa: S311 - a fixed seed
    chosen = rng.sample(_NOTICES, min(len(_NOTICES), _SAMPLE))
    found = FOUND_ON.get(transform.__name__, [])
    return [*chosen, *(n for n in _ALL if n[0] in found and n not in chosen)]


_ALL = notices(local=True)  # a found notice kept outside the repository runs where it is there
# The transformations that break lines where the seed says run with a second seed too:
# most families found since the first were found by other seeds of these.
_RESEEDED = (hard_wrap, break_in_units, break_in_label, page_number_inside, page_footer_inside)
# Cases found silently wrong and not read yet (transformation, notice, seed): strict xfails,
# so a fix shows as XPASS. They came into the sample with the sets it took in session 26, and
# (tasks_joined, units_and_last) when heldout5–9 left the repository in session 27 and the
# fixed sample drew other notices.
OPEN_CASES = {
    ("tasks_joined", "notices/jinganlrj_2025_lajifenlei", 0): (
        "a table flattened one cell a line: the last unit of row 14 glued to row 15's number "
        "(静安城发集团15) loses that unit and the row after it, with no issue"
    ),
    ("units_and_last", "notices-heldout12/yongkang_2008_zhongdianrenwu", 0): (
        "a list's last two joined by 及 where the first ends as no body does (五金城及科技局) "
        "stays one name, with no issue"
    ),
    ("cut_in_last_task", "notices-heldout/moushi_2008_zhongdiangongzuo", 0): (
        "the cut text is said, inside section 一's task, but the scorer pairs the truth's (一) "
        "with that section task (numbers are compared without their brackets)"
    ),
}


def _case(transform: Transform, index: int, seed: int) -> Any:
    name = _sample(transform)[index][0]
    reason = OPEN_CASES.get((transform.__name__, name, seed))
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    ident = f"{transform.__name__}-{index}" + f"-seed{seed}" * seed
    return pytest.param(transform, index, seed, id=ident, marks=marks)


CASES = [
    _case(transform, index, seed)
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
        "１．推进甲项工作。推进。\n牵头单位：市发展改革委\n２．推进乙项工作。推进。\n牵头单位：市财政局\n",
        [("1", ["市发展改革委"], []), ("2", ["市财政局"], [])],
        id="fullwidth-digit-numbers",
    ),
    pytest.param(
        "附件\n序号\n主要任务\n责任单位\n1\n推进甲项工作\n市发展改革委\n2\n优化商业配套布局\n"
        "市自然资源局、市商务局\n3\n推进丙项工作\n市民政局\n",
        [
            ("1", [], ["市发展改革委"]),
            ("2", [], ["市自然资源局", "市商务局"]),
            ("3", [], ["市民政局"]),
        ],
        id="title-cell-opening-with-a-task-verb",
    ),
    pytest.param(
        "（一）控制用水总量。强化管理。（牵头单位：市水务局；配合单位：市工信委以及市城乡建设局）\n",
        [("一", ["市水务局"], ["市工信委", "市城乡建设局"])],
        id="yiji-before-the-last-unit",
    ),
    pytest.param(
        "（一）推进甲项工作。推进。〔责任单位：市财政局、市住建局〕（二）推进乙项工作。推进。"
        "〔责任单位：市卫健委〕\n",
        [("一", [], ["市财政局", "市住建局"]), ("二", [], ["市卫健委"])],
        id="run-in-number-after-a-tortoise-bracket",
    ),
    pytest.param(
        "制定以下措施：一、发放购房补贴。补贴。（责任单位：县财政局）二、优化住房贷款。优化。"
        "（责任单位：县住建局）三、推行带押过户。推行。（责任单位：县自然资源局）\n",
        [("一", [], ["县财政局"]), ("二", [], ["县住建局"]), ("三", [], ["县自然资源局"])],
        id="run-in-dun-numbers-after-a-colon-and-brackets",
    ),
    pytest.param(
        "1.推进甲项工作。推进。（责任单位：市财政局）2.推进乙项工作。推进。（责任单位：市住建局）"
        "二、强化金融服务实体经济3.引导延期还本付息。引导。（责任单位：市金融工作局）\n",
        [("1", [], ["市财政局"]), ("2", [], ["市住建局"]), ("3", [], ["市金融工作局"])],
        id="run-in-heading-then-an-arabic-item",
    ),
    pytest.param(
        "（一）推进甲项工作。推进。（牵头单位：各商业银行；市公积金中心，配合单位：市住建局）\n",
        [("一", ["各商业银行", "市公积金中心"], ["市住建局"])],
        id="semicolon-inside-a-labelled-list",
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
    # run_on_paragraph (session 26): a whole notice one paragraph, no space between lines
    pytest.param(
        "关于印发年度重点工作分工的通知各区人民政府，市政府各部门：现将分工印发给你们。"
        "一、扩大有效投资1.加快推进重大项目前期工作，确保年内开工建设一批交通能源项目。"
        "牵头单位:市发展改革委责任单位:市交通运输局,各区人民政府2.推进城市更新项目建设，"
        "完成老旧小区改造任务。牵头单位:市住房城乡建设局责任单位:各区人民政府"
        "3.加大招商引资力度，引进一批先进制造业项目。牵头单位:市商务局责任单位:市工业和信息化局",
        [
            ("1", ["市发展改革委"], ["市交通运输局", "各区人民政府"]),
            ("2", ["市住房城乡建设局"], ["各区人民政府"]),
            ("3", ["市商务局"], ["市工业和信息化局"]),
        ],
        id="run-on-numbers-glued-to-a-heading-and-to-names",
    ),
    pytest.param(
        "（十九）有效促进房地产消费。64.支持各地研究出台促进房地产业良性循环的政策措施。"
        "责任单位:省住房城乡建设厅时序进度:2022年6月底前65.因城实施差别化住房信贷政策，"
        "更好满足个人住房消费合理信贷需求，支持刚性和改善性住房需求。"
        "责任单位:人行郑州中心支行、河南银保监局时序进度:2022年6月底前66.支持人才购房落户，"
        "各地采取发放购房补贴等方式满足合理住房需求。责任单位:省住房城乡建设厅时序进度:2022年12月底前",
        [
            ("64", [], ["省住房城乡建设厅"]),
            ("65", [], ["人行郑州中心支行", "河南银保监局"]),
            ("66", [], ["省住房城乡建设厅"]),
        ],
        id="run-on-from-mid-list-a-deadline-label-glued-to-a-name",
    ),
    pytest.param(
        "3.创建异地商会。搭建平台。\n分管领导:王强;责任单位:\n— 3 —\n县协作办、县工商联;配合单位:县民政局。\n"
        "4.实施安居工程。安居。\n分管领导:李明;责任单位:各乡镇;配合单位:县公安局。\n",
        [("3", [], ["县协作办", "县工商联", "县民政局"]), ("4", [], ["各乡镇", "县公安局"])],
        id="label-at-a-lines-end-before-a-line-of-labels",
    ),
    pytest.param(
        "2.加大招商引资力度。引进项目。\n分管领导:王强;牵头单\n位:县商务局、县发改局;协办单位:各乡镇。\n"
        "3.创建异地商会。搭建平台。\n分管领导:李明;牵头单位\n:县协作办;协办单位:县民政局。\n",
        [("2", ["县商务局", "县发改局"], ["各乡镇"]), ("3", ["县协作办"], ["县民政局"])],
        id="label-broken-after-another-label",
    ),
    pytest.param(
        "（一）推进老街更新。更新。（牵头单位：新桥镇 车墩镇；责任单位：区文化旅游局 洞泾镇）\n",
        [("一", ["新桥镇", "车墩镇"], ["区文化旅游局", "洞泾镇"])],
        id="towns-apart-by-spaces-only",
    ),
    pytest.param(
        "1.推进会展中心建设。建设。\n分管领导:王强;责任单位:招\n商中心、县商务局;配合单位:县建设局。\n"
        "2.加大招商力度。引进。\n分管领导:李明;责任单位:县商务局;配合单位:县发改局。\n",
        [("1", [], ["招商中心", "县商务局", "县建设局"]), ("2", [], ["县商务局", "县发改局"])],
        id="name-broken-at-a-labels-line-end-before-a-line-of-labels",
    ),
    # hard_wrap at seeds the test does not run (yongkang, qinzhou_2022; session 26's OPEN):
    # the words before the next label on a wrapped line are still the value's, and a
    # bank's branch that does not name its bank goes on the bank a break parted it from
    pytest.param(
        "1.推进安置房建设。建设。\n分管领导:赵刚;责任单位:有关乡\n镇街道;配合单位:县住建局。\n"
        "2.做好土地收储。收储。\n分管领导:李明;责任单位:县自然资源局;配合单位:县财政局。\n",
        [("1", [], ["有关乡镇街道", "县住建局"]), ("2", [], ["县自然资源局", "县财政局"])],
        id="name-broken-into-two-whole-looking-halves-before-a-line-of-labels",
    ),
    pytest.param(
        "(三)加大信贷投放力度。投放。(牵头单位:县发改局,县财政局;配合单位:农业银行\n"
        "玉林市分行)\n(四)延后还款期限。延后。(牵头单位:县财政局)\n",
        [("三", ["县发改局", "县财政局"], ["农业银行玉林市分行"]), ("四", ["县财政局"], [])],
        id="bank-and-its-branch-parted-by-a-line-break",
    ),
    # hard_wrap (seeds 1, 6, 7 …) on huangpuqzf_2025: paragraphs that each open with their
    # units closed by 。 (区卫健委。负责……), the duties wrapped over lines, are tasks still;
    # a wrapped sentence that ends in a name (…过渡期，区城投公司) is no such heading
    pytest.param(
        "三、职责分工\n（一）区卫健委。负责制定全区实施方案；协调\n各方做好移交；负责日常监督\n检查。\n"
        "（二）区财政局。负责运维资金保障，\n纳入区级财政预算。\n",
        [("一", [], ["区卫健委"]), ("二", [], ["区财政局"])],
        id="units-closed-by-a-full-stop-their-duties-wrapped",
    ),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_found_family(text: str, expected: list[tuple[str, list[str], list[str]]]) -> None:
    """Each family the transformations found reads exactly."""
    result = as_txt(text, "found")
    got = [
        (task.number, list(task.lead), [*task.responsible, *task.cooperating])
        for task in result.notice.tasks
    ]
    assert got == expected


def test_ji_before_a_last_collective_is_said() -> None:
    """``X及各Y`` is read as one name still, but no longer silently: an issue names the task."""
    result = as_txt(
        "（一）推进甲项工作。推进。（责任单位：市交通委、市经济信息化委及各项目实施主体）\n",
        "found",
    )
    assert "一" in {issue.task for issue in result.issues}


def test_cut_after_the_last_task_is_said() -> None:
    """A text that stops inside the next task's first sentence, before its units, says so."""
    result = as_txt(
        "（一）推进甲项工作。推进。（责任单位：市财政局）\n九、稳定市场预期\n（二）加强政策宣传解读。有关",
        "found",
    )
    cut = [issue for issue in result.issues if issue.code == "task-cut-short"]
    assert [issue.task for issue in cut] == ["二"]
    assert "加强政策宣传解读" in cut[0].message


def test_name_cut_to_a_place_and_one_character_is_said() -> None:
    """A copy that stops inside the last name (…、县税务局、县协) names the task: 县协 is no body."""
    result = as_txt(
        "1.实施富民行动。富民。\n牵头领导:张强\n责任单位:县发改委、县农业农村局\n"
        "2.实施扩大税源行动。扩税。\n牵头领导:张强\n责任单位:县发改委、县税务局、县协",
        "found",
    )
    invalid = [issue for issue in result.issues if issue.code == "unit-name-invalid"]
    assert [issue.task for issue in invalid] == ["2"]
    assert name_problem("市委") is None
    assert name_problem("县府") is None


def test_collective_word_alone_is_said() -> None:
    """``相关`` / ``镇街区`` a wrap parted, the next line a label's: 相关 alone is named, no unit."""
    result = as_txt(
        "4.实施安居工程。安居。\n分管领导:王强;责任单位:相关\n镇街区;配合单位:县公安局。\n"
        "5.做好园区规划。规划。\n分管领导:李明;责任单位:县经贸局;配合单位:县财政局。\n",
        "found",
    )
    tasks = {task.number: task for task in result.notice.tasks}
    said = {issue.task for issue in result.issues if issue.code == "unit-name-invalid"}
    assert tasks["4"].responsible == ("相关镇街区",) or "4" in said


def test_body_and_collective_joined_by_ji_is_said() -> None:
    """``区人才工作局及相关部门`` stays one name, and the task is named: it may be two."""
    result = as_txt(
        "1.构筑人才高地。加大引培力度。(责任部门：县人才办及有关单位)\n"
        "2.强化科技创新。创新。(责任部门：县科技局)\n",
        "found",
    )
    said = {issue.task for issue in result.issues if issue.code == "units-share-ending"}
    assert said == {"1"}


def test_every_number_a_gap_lost_is_said() -> None:
    """Three tasks lost together (a heading read as a task took them in): each number is said."""
    result = as_txt(
        "1.推进甲项。（区经委）\n2.推进乙项。（区财政局）\n3.推进丙项。（区司法局）\n"
        "7.推进丁项。（区经委）\n8.推进戊项。（区经委）\n",
        "found",
    )
    gaps = [issue.message for issue in result.issues if issue.code == "task-number-gap"]
    assert len(gaps) == 1
    assert "缺少“4”“5”“6”" in gaps[0]


# Families the new transformations found and that are left open: each a strict xfail, so
# the day one is fixed the mark must go (and its transformation join TRANSFORMS). The two
# left in session 26 (a break between two halves that each look whole) read in session 27:
# see FOUND.
OPEN: list[Any] = []


@pytest.mark.xfail(strict=True, reason="a family found and not fixed yet (see OPEN)")
@pytest.mark.parametrize(("text", "expected"), OPEN)
def test_open_family(text: str, expected: list[tuple[str, list[str], list[str]]]) -> None:
    """Each family left open: every task reads exactly or is named (xfail until it is)."""
    result = as_txt(text, "found")
    named = {issue.task for issue in result.issues}
    got = [
        (task.number, list(task.lead), [*task.responsible, *task.cooperating])
        for task in result.notice.tasks
    ]
    assert all(row in got or row[0] in named for row in expected)


def test_wrapped_sentence_ending_in_a_name_is_no_heading_of_units() -> None:
    """A hard wrap that ends a line with a name (…过渡期，区城投公司) makes no heading of units."""
    reading = read_assignments(
        ["修订应急预案。2026年作为改革过渡期，区城投公司", "已编制完成预案。"]
    )
    assert not reading.named_by_heading
    assert not reading.assigns


def test_a_body_with_deng_and_a_description_of_a_class_is_said() -> None:
    """``X等牵涉…的相关单位`` (qinhuangdao_2023, heldout14) is no unit's name: the task is named."""
    result = as_txt(
        "(四)落实联合验收。验收。(责任单位:县住建局、县行政审批局、"
        "县自然资源局等牵涉竣工联合验收的相关单位)\n",
        "found",
    )
    said = {issue.task for issue in result.issues if issue.code == "unit-name-invalid"}
    assert said == {"四"}


def test_task_words_are_no_collective() -> None:
    """A cell's last sentence read as units (…负责 / 海绵城市建设相关工作。) is named, not a unit."""
    assert name_problem("海绵城市建设相关工作") is not None
    assert name_problem("区相关部门") is None


def test_sentence_opening_with_ge_is_no_collective() -> None:
    """A wrapped line that opens with 各 (各方面正确认识财政形势) is a sentence, not a class of bodies.

    Found by hard_wrap (seed 8) on weifang_2017: the line went into the lead's names, unsaid.
    """
    assert name_problem("各方面正确认识财政形势") is not None
    assert name_problem("各群体充分享受改革成果") is not None
    for collective in (
        "各地",
        "各镇街",
        "各项目实施主体",
        "各银行业金融机构",
        "各地（市）金融机构",
    ):
        assert name_problem(collective) is None
