"""Who does a task: reading the assignments printed in a task's own text.

One reader for every text layout. It finds, in a task's lines, where
assignments are printed, and hands each to the grammar of
:mod:`gzgk.parse.grammar`:

* labelled fields, on their own lines (``牵头单位：市工信局``), several on one
  line, or inline in brackets ``（牵头单位：X；责任单位：Y、Z等）`` with
  ``；;，,`` between fields, or ``【牵头单位】X``;
* unlabelled groups in brackets: ``（X牵头，Y、Z配合）``, ``（X、Y等负责）``,
  ``（市工商质监局牵头负责）``;
* unlabelled sentences and lines: ``由X负责，Y配合。``, ``X牵头，Y落实``.

An unlabelled group must give every name a role and every name must look like
one; otherwise it is the task's prose. What is not an assignment is the
task's prose. The reader reports findings; the caller turns doubts into
issues naming the task.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from attrs import define, field

from gzgk.lexicon.columns import ColumnKind
from gzgk.lexicon.names import (
    CLOSE,
    OPEN,
    NameCheck,
    clean_name,
    looks_like_name,
    name_strength,
    split_names,
)
from gzgk.lexicon.vocabulary import (
    COLONS,
    VERBS,
    first_named_rule,
    fold,
    label_pattern,
    onward_assignment,
    unread,
    verb_role,
)
from gzgk.model import Role
from gzgk.parse.grammar import (
    Field,
    Label,
    find_labels,
    first_named_apart,
    read_field,
    read_units,
    wrapped_name,
)

__all__ = [
    "Field",
    "Reading",
    "named_as_subject",
    "read_assignments",
    "read_heading",
    "rules_apart",
]

_SENTENCE_END = "。；;！!"
_YOU = "由"
_YOU_LINE = re.compile(r"\S[ \t]*\n\s*由")
# A role verb closing a clause of names: …、Z配合 / …按职责分工负责.
_CLOSING_VERB = re.compile(
    "[、，,][^、，,]{2,40}?(?:"
    + "|".join(sorted((verb for verb, _ in VERBS), key=len, reverse=True))
    + ")$"
)
# A role verb opening a text (负责…, 牵头…), matched as VERB_PATTERN is, from the start.
_OPENING_VERB = re.compile(
    "()(" + "|".join(re.escape(verb) for verb, _ in sorted(VERBS, key=lambda v: -len(v[0]))) + ")"
)
_SURE = 3.0  # how sure a name must be to stand for the task on a heading line
_DATE_LONGEST = 10  # a deadline beside units in running text (2024年底前, 每季度末), no duty


@define
class Reading:
    """What one task's text says: its prose and its assignments, in printed order."""

    prose: str = ""
    fields: list[Field] = field(factory=list)
    named_by_heading: bool = False  # the first line is only the units (（一）区绿化市容局)
    cut_short: str = ""  # the text of a bracket of units never closed: the text ends inside it
    unmarked: bool = False  # units in a bracket with no role word (。（X、Y）): responsible

    def names(self, role: Role) -> tuple[str, ...]:
        """The unit names of one role, in printed order."""
        return tuple(
            name
            for found in self.fields
            if found.kind is ColumnKind.UNITS and found.role is role and found.names
            for name in found.names
        )

    @property
    def leaders(self) -> tuple[str, ...]:
        """People named as leaders."""
        return tuple(
            name
            for found in self.fields
            if found.kind is ColumnKind.LEADERS and found.names
            for name in found.names
        )

    @property
    def deadline(self) -> str:
        """The deadline as printed, if the text sets one."""
        return next((f.value for f in self.fields if f.kind is ColumnKind.DEADLINE), "")

    @property
    def assigns(self) -> bool:
        """Whether any unit is named."""
        return any(f.kind is ColumnKind.UNITS for f in self.fields)


def read_assignments(lines: Sequence[str], known: NameCheck | None = None) -> Reading:
    """Read the assignments of one task from its lines (PDF spacing already removed).

    Args:
        lines: the task's lines, its numbering marker removed.
        known: tells whether a name is a known unit; it lets unlabelled verb
            groups name units that do not end like bodies.
    """
    text, notes = _without_rules("\n".join(lines), known)
    reading = Reading()
    found: list[tuple[int, Field]] = []
    cut: list[str] = []
    spans = _labelled(text, found, cut)
    spans += _verb_groups(text, spans, found, known)
    if not found:
        spans += _bare_brackets(text, found, known)
        reading.unmarked = bool(found)
    spans.sort()
    reading.fields = [item for _, item in sorted(found, key=lambda pair: pair[0])]
    prose: list[str] = []
    cursor = 0
    for start, end in spans:
        prose.append(text[cursor:start])
        cursor = max(cursor, end)
    prose.append(text[cursor:])
    reading.prose = "".join([*prose, *notes]).replace("\n", "").strip()
    reading.cut_short = cut[-1] if cut else _open_at_end(text) or _list_at_end(text, reading)
    if not reading.assigns and lines:
        colon = _named_before_colon(lines, known)
        if colon is not None:
            return colon
    if not reading.assigns and len(lines) > 1 and (named := _named_by_heading(lines, known)):
        return named
    if not reading.assigns and lines:
        # 街道消委办。牵头开展…… : the duties run on after the 。 and over any lines a wrap made
        head = _TITLE_END.split(lines[0].strip(), maxsplit=1)
        return _named_by_heading([*head, *lines[1:]], known) or reading
    return reading


# 一、县示范区管委会牵头工作(8项), X负责（共5项）: a section heading's count of its items
# and the word for them after the role verb; without them the heading is its units alone.
_ITEM_COUNT = re.compile(r"[（(]\s*[共计]?\s*[\d一二三四五六七八九十百]+\s*[项条个]\s*[）)]\s*$")
_WORK_AFTER_VERB = re.compile(
    "("
    + "|".join(re.escape(verb) for verb, _ in sorted(VERBS, key=lambda v: -len(v[0])))
    + ")的?(?:重点)?(?:工作|任务|事项|项目)$"
)


def read_heading(text: str, known: NameCheck | None = None) -> Reading:
    """What a section heading says of the items under it, its number removed.

    As :func:`read_assignments`, and a heading that is only its units, a role
    verb, the word for the items and their count (``县示范区管委会牵头工作(8项)``,
    ``县住建局负责（5项）``) names those units in that role.
    """
    reading = read_assignments([text], known)
    if reading.assigns:
        return reading
    bare = _WORK_AFTER_VERB.sub(r"\1", _ITEM_COUNT.sub("", text.strip()).strip())
    if bare == text.strip():
        return reading
    units = read_assignments([bare], known)
    return units if units.assigns and not units.prose else reading


# 街道消委办。牵头开展…… : a heading of names closed by 。, the duties after it on its line.
_TITLE_END = re.compile(r"(?<=[\u4e00-\u9fff）)])。")


_COLON = re.compile(r"[:：]")
_HEAD_LONGEST = 30


def _named_before_colon(lines: Sequence[str], known: NameCheck | None) -> Reading | None:
    """Units at the head of a task before a colon, its duties after a role verb: they do it.

    ``城运中心：负责建筑垃圾处理的监督管理……`` is ``城运中心负责……``: the colon
    stands between the names and their verb. Every name must be surely a
    body's; a role verb opening the text after the colon (负责, 牵头, 配合 …)
    gives the role, and without one (``区规划资源局：明确绿线控制范围……``, a
    list of each unit's duties) the names are responsible. The reading is
    reported like units named by a heading.
    """
    first = lines[0].strip()
    colon = _COLON.search(first)
    if colon is None or colon.start() > _HEAD_LONGEST or not colon.start():
        return None
    head, rest = first[: colon.start()], first[colon.end() :].lstrip()
    opening = _OPENING_VERB.match(unread(fold(rest)))
    role = verb_role(opening) if opening is not None else Role.RESPONSIBLE
    units = read_units(head, role)
    if units is None or units.marked or not units.every_name:
        return None
    if any(name_strength(name, known) < _SURE for name in units.every_name):
        return None
    prose = "".join([rest, *lines[1:]]).replace("\n", "").strip()
    return Reading(prose, list(units.fields), named_by_heading=True)


def named_as_subject(lines: Sequence[str], known: NameCheck | None) -> Reading | None:
    """Units opening a paragraph as the subject of its first sentence, their duties after them.

    ``市发展改革委、国资委……、检察院等其他行业部门根据……要求，……负责……`` in a list of
    each unit's duties (a paragraph per unit, no colon after this one's names):
    the longest run of two or more names, separated by 、 (the last maybe closed
    by a 等 phrase, dropped as anywhere), before the words that follow them.
    Every name must be surely a body's; the names are responsible, a reading
    the caller reports like units named by a heading.
    """
    first = lines[0].strip()
    clause = re.split(r"[，,。；;：:]", first, maxsplit=1)[0]
    if "、" not in clause:
        return None
    for end in range(len(clause), 1, -1):
        head = clause[:end]
        if not looks_like_name(head):
            continue
        units = read_units(head, Role.RESPONSIBLE)
        if units is None or units.marked or len(units.every_name) < 2:  # noqa: PLR2004
            continue
        if any(name_strength(name, known) < _SURE for name in units.every_name):
            return None
        prose = "".join([first[end:], *lines[1:]]).replace("\n", "").strip()
        return Reading(prose, list(units.fields), named_by_heading=True)
    return None


def rules_apart(cell: str, known: NameCheck | None = None) -> tuple[str, str]:
    """A 分工表 unit cell without the notice rules it states, and those rules as task text.

    The same rules as in running text (:func:`_without_rules`), read with the
    same grammar: ``市发改委，以下任务均由各区政府负责，不再列出`` keeps
    ``市发改委`` and gives the rule to the task's text, where the rules of the
    tasks are applied from; a line of the cell that is only such a rule
    (``以下任务均由各区政府负责``) goes whole. So does a first-named rule that
    holds from its task on (``市发改委、市财政局（排在第一位的为牵头单位，下同）``,
    in a bracket or in the clauses after the names, see
    :func:`gzgk.parse.grammar.first_named_apart`); one without 下同 stays: the
    cell's reader applies it to the cell.
    """
    kept, notes = _without_rules(cell, known, first_named=False)
    lines = kept.split("\n")
    for number, line in enumerate(lines):
        onward = onward_assignment(line.strip())
        if onward is not None and not onward[0]:
            lines[number] = ""
            notes.append(f"。{onward[1]}。")
    kept = "\n".join(line for line in lines if line.strip())
    head, rule = first_named_apart(kept)
    first = first_named_rule(rule) if rule else None
    if first is not None and first.onward:
        kept = head
        notes.append(f"。{rule.strip('。；; ')}。")
    return kept, "".join(notes)


def _without_rules(
    text: str, known: NameCheck | None, *, first_named: bool = True
) -> tuple[str, list[str]]:
    """A text without the notice rules its brackets state, and those rules (in brackets).

    ``责任单位：X、Y、Z（列第一位者为工作牵头单位，下同）``: the bracket after the
    last name is a note on every list, not part of Z's name; it stays in the
    task's text (at its end), where the notice's rules are read from. A
    bracket that names the task's units before the rule
    (``（X、Y等负责，列第一位者为牵头单位，下同）``, ``（…按照职责分工负责。列第一位者
    为牵头单位，下同）``) keeps its units where they stand; only the rule moves.
    So does a rule for the tasks from here on closing a bracket or a line of
    units (``（X负责，以下措施均需Y、Z落实，不再单独列出）``, ``责任单位：X，以下均需Y
    落实，不再列出``, see :func:`gzgk.lexicon.vocabulary.onward_assignment`).
    """
    notes: list[str] = []
    index = 0
    while index < len(text):
        if text[index] in OPEN and (close := _closing(text, index)) is not None:
            inner = text[index + 1 : close]
            onward = onward_assignment(inner) if first_named_rule(inner) is None else None
            if onward is not None:  # （X牵头，Y、Z为实施单位，下同）: X stays, the rule moves
                start, rule = onward
                head = inner[:start].rstrip("，, ")
                notes.append(f"{text[index]}{rule}{text[close]}")
                kept = f"{text[index]}{head}{text[close]}" if head else ""
                text = text[:index] + kept + text[close + 1 :]
                index += len(kept)
                continue
            if first_named and first_named_rule(inner) is not None:
                head, rule = _rule_apart(inner, known)
                notes.append(f"{text[index]}{rule}{text[close]}")
                kept = f"{text[index]}{head}{text[close]}" if head else ""
                text = text[:index] + kept + text[close + 1 :]
                index += len(kept)
                continue
            index = close + 1
            continue
        index += 1
    lines = text.split("\n")  # 责任单位：X、Y，以下均需Z落实，不再列出: a rule outside brackets
    for number, line in enumerate(lines):
        onward = onward_assignment(line)
        if onward is not None and onward[0] and _outside_brackets(line, onward[0]):
            lines[number] = line[: onward[0]].rstrip("，, ")
            notes.append(f"。{onward[1]}。")
    return "\n".join(lines), notes


def _outside_brackets(text: str, index: int) -> bool:
    """Whether a position of a text stands outside every bracket opened before it."""
    return sum(char in OPEN for char in text[:index]) == sum(char in CLOSE for char in text[:index])


_SENTENCES = re.compile(r"(?<=[。；;])")
_CLAUSES = re.compile(r"(?<=(?<![“\"‘'])[，,])(?![”\"’'])")  # not “，”: a mark a rule names


def _rule_apart(inner: str, known: NameCheck | None) -> tuple[str, str]:
    """A bracket's text that states a first-named rule: its assignment before the rule, the rule.

    The rule starts with the sentence that states it, or with the clause that
    does when the clauses before it in that sentence are an assignment
    (``X、Y等负责，列第一位者为牵头单位，下同``). The head is empty when the
    bracket names no units before its rule.
    """
    sentences = _SENTENCES.split(inner)
    at = next(k for k, sentence in enumerate(sentences) if first_named_rule(sentence))
    clauses = _CLAUSES.split(sentences[at])
    start = max(j for j in range(len(clauses)) if first_named_rule("".join(clauses[j:])))
    lead_in = "".join(clauses[:start])
    head = "".join(sentences[:at])
    if lead_in.strip() and _unlabelled(lead_in.rstrip("，, "), known):
        head, rule = head + lead_in, "".join([*clauses[start:], *sentences[at + 1 :]])
    else:
        rule = "".join(sentences[at:])
    if not _unlabelled(head.rstrip("，,。；; "), known) and not find_labels(head):
        return "", inner
    return head.rstrip("，,。；; "), rule.strip()


def _list_at_end(text: str, reading: Reading) -> str:
    """The last line of a text that ends inside its list of units (``省财政厅牵头，``), or "".

    A task's text never ends with a list separator unless it was cut there.
    """
    bare = text.rstrip()
    if reading.assigns and bare[-1:] in "，,、":
        return bare.rsplit("\n", 1)[-1]
    return ""


def _open_at_end(text: str) -> str:
    """A bracket opened and never closed at the end of a text: where it was cut, or ""."""
    stack: list[int] = []
    for index, char in enumerate(text):
        if char in OPEN:
            stack.append(index)
        elif char in CLOSE and stack:
            stack.pop()
    return text[stack[0] :].replace("\n", "") if stack else ""


def _named_by_heading(lines: Sequence[str], known: NameCheck | None) -> Reading | None:
    """A first line that is only units, the task's text below it: those units do it.

    ``（二）区建管委、区交通委等建设主管部门`` over a paragraph of duties. Every
    name must be surely a body's (:func:`gzgk.lexicon.names.name_strength`);
    the units are responsible, a reading the caller reports.
    """
    units = read_units(lines[0].strip(), Role.RESPONSIBLE)
    if units is None or units.marked or not units.every_name:
        return None
    if units.fields[0].kind is not ColumnKind.UNITS:
        return None  # the line opens with its units: …过渡期，上海城投集团 is a sentence a wrap cut
    if any(name_strength(name, known) < _SURE for name in units.every_name):
        return None
    prose = "".join(lines[1:]).replace("\n", "").strip()
    return Reading(prose, list(units.fields), named_by_heading=True) if prose else None


# -- labelled fields ---------------------------------------------------------


def _labelled(text: str, found: list[tuple[int, Field]], cut: list[str]) -> list[tuple[int, int]]:
    """Read labelled fields; return the spans they take in the text.

    A bracket of labels the text ends inside is added to ``cut``.
    """
    labels = find_labels(text)
    spans: list[tuple[int, int]] = []
    for index, label in enumerate(labels):
        opener = _enclosing(text, label.start)
        if opener is not None:
            close = _closing(text, opener)
            group_end = close if close is not None else len(text)
            if close is None and text[group_end:].strip() == "":
                cut.append(text[opener:].replace("\n", ""))
            stop = _next_start(labels, index, group_end)
            said = _sentence_end(text, label.end, stop)
            if text[opener + 1 : label.start].strip() == "" and said == stop:
                spans.append((opener, label.start))
            spans.append((label.start, said))
            if said == stop == group_end:
                spans.append((group_end, min(group_end + 1, len(text))))
            stop = said
        else:
            line_end = text.find("\n", label.end)  # (a line break may cut the label itself)
            line_end = len(text) if line_end < 0 else line_end
            stop = _next_start(labels, index, line_end)
            next_label = labels[index + 1].start if index + 1 < len(labels) else len(text)
            stop = _continued(text, stop, next_label) if stop == line_end else stop
            spans.append((label.start, stop))
        found.extend((label.start, item) for item in read_field(label, text[label.end : stop]))
    return spans


def _sentence_end(text: str, start: int, stop: int) -> int:
    """Where a bracketed label's value ends: at ``stop``, or at a full stop (。；) with more after.

    ``〔责任单位：X、Y按职责分工负责。具体任务均涉及Z，下同。〕``: the sentence after the
    names is the notice's note (a rule), not part of the value; it stays in the text.
    """
    for index in range(start, stop):
        rest = text[index + 1 : stop].strip(" \n。；;，,、")
        if text[index] in "。；;" and rest and not _only_names(rest):
            return index + 1  # (X。Y: names after a full stop stay in the value, to be checked)
    return stop


def _only_names(text: str) -> bool:
    names = split_names(text)
    return bool(names) and all(looks_like_name(clean_name(name)) for name in names or ())


def _next_start(labels: list[Label], index: int, limit: int) -> int:
    following = labels[index + 1].start if index + 1 < len(labels) else limit
    return min(following, limit)


def _continued(text: str, stop: int, next_label: int) -> int:
    """Where a label line's value ends: wrapped lines of names continue it, up to the next label.

    ``next_label`` is where the next label found starts (one the vocabulary lacks,
    主要协作单位：, as well as one it knows).
    """
    while stop < len(text) and not text[:stop].rstrip().endswith(("。", "；", ";")):
        line_end = text.find("\n", stop + 1)
        line_end = len(text) if line_end < 0 else line_end
        # only the names before the next label on that line can be this value's
        label = label_pattern().search(fold(text[stop + 1 : line_end]))
        at = label.start(1) if label is not None else None
        if stop < next_label < line_end:
            at = min(at, next_label - stop - 1) if at is not None else next_label - stop - 1
        names_end = line_end if at is None else stop + 1 + at
        if at is not None and text[names_end - 1] not in " \u3000；;，,、。\n":
            names_end = stop + 1  # 相关责任单位：the words before it are the label's own
        following = text[stop + 1 : names_end].strip(" \n；;，,。.、：:")
        names = split_names(following) if following else None
        # a list the line leaves open (市财政局、), or the next opens with a separator
        # (、各有关部门), goes on: its next part is checked as a name; so does a label
        # the line ends with, its names all on the next line (责任单位： / 市财政局；配合单位：…)
        marks = ("、", "，", ",")
        next_line = text[stop + 1 : line_end].lstrip()
        left_open = text[:stop].rstrip().endswith((*marks, *COLONS)) or next_line.startswith(marks)
        # a name a line break cut (各金 / 融机构) goes on, at the line's start or end
        listed = names or []
        broken = wrapped_name(text[:stop], following)
        after = text[line_end + 1 :].split("\n", 1)[0].strip() if at is None else ""
        cut = len(listed) > broken and wrapped_name(following, after)
        whole = all(looks_like_name(clean_name(n)) for n in listed[broken : len(listed) - cut])
        if not names or not (left_open or whole or (broken and at is not None)):
            break
        if at is not None:
            # the next label (责任单位： alone on its line, its colon kept); the names an
            # open list (or a name a break cut: 总 / 部办) puts before it are still this
            # value's, and so are whole names a separator parts from it (相关镇 / 街区；配合…):
            # the words before a label are no label's, and a break does not end a value
            ahead = text[stop + 1 : names_end].strip(" ；;，,。.、")
            return names_end if ahead else stop
        stop = line_end
    return stop


def _enclosing(text: str, position: int) -> int | None:
    """The open bracket that encloses a position, if any (innermost)."""
    stack: list[int] = []
    for index in range(position):
        if text[index] in OPEN:
            stack.append(index)
        elif text[index] in CLOSE and stack:
            stack.pop()
    return stack[-1] if stack else None


def _closing(text: str, opener: int) -> int | None:
    depth = 0
    for index in range(opener, len(text)):
        if text[index] in OPEN:
            depth += 1
        elif text[index] in CLOSE:
            depth -= 1
            if depth == 0:
                return index
    return None


# -- brackets of names alone -------------------------------------------------------


def _bare_brackets(
    text: str, found: list[tuple[int, Field]], known: NameCheck | None
) -> list[tuple[int, int]]:
    """Brackets of unit names with no role word closing a sentence: the task's units.

    ``…按月通报居民消费价格指数。（国家统计局江苏调查总队，省统计局）``, or
    before the sentence's end (``…增长11%（市发改委，各县市区政府）。``): a
    notice that says no role names the units that do a task; they are
    responsible (a first-named rule of the notice still applies). Every name
    must be surely a body's, so a remark in brackets (``（见附件）``,
    ``（试行）``) is never taken for units.
    """
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(text):
        close = _closing(text, index) if text[index] in OPEN else None
        if close is None:
            index += 1
            continue
        before = text[:index].rstrip()
        inner = text[index + 1 : close].replace("\n", "").strip()
        after = text[close + 1 :].lstrip()
        clause = re.split(r"[，,。；;：:、\n]", before)[-1]
        # before the sentence's end, after its words: no name's gloss (区建管委（区水务局）。)
        closes = before[-1:] in _SENTENCE_END or (
            after[:1] in ("", *_SENTENCE_END) and clause != "" and not looks_like_name(clause)
        )
        units = read_units(inner, Role.RESPONSIBLE) if closes else None
        names = units.every_name if units is not None and not units.marked else ()
        if units is not None and names and all(name_strength(n, known) >= _SURE for n in names):
            spans.append((index, close + 1))
            found.extend((index, item) for item in units.fields)
        index = close + 1
    return spans


# -- unlabelled groups ---------------------------------------------------------


def _verb_groups(
    text: str, taken: list[tuple[int, int]], found: list[tuple[int, Field]], known: NameCheck | None
) -> list[tuple[int, int]]:
    """Read ``（X牵头，Y配合）`` groups, ``由X负责，Y配合。`` sentences and such lines."""
    spans: list[tuple[int, int]] = []
    candidates: list[tuple[int, int, int, int]] = []  # span, then the inner text span
    index = 0
    while index < len(text):
        if text[index] in OPEN:
            close = _closing(text, index)
            if close is None:
                break
            candidates.append((index, close + 1, index + 1, close))
            # 〔X牵头，Y负责落实。以下各项工作均需Y落实。〕: a sentence of a bracket
            start = index + 1
            for end in [i + 1 for i in range(index + 1, close) if text[i] in _SENTENCE_END]:
                candidates.append((start, end, start, end))
                start = end
            index = close + 1
        else:
            index += 1
    start = 0
    for end in [i + 1 for i, ch in enumerate(text) if ch in _SENTENCE_END] + [len(text)]:
        candidates.append((start, end, start, end))
        start = end
    start = 0
    for line in text.split("\n"):
        candidates.append((start, start + len(line), start, start + len(line)))
        start += len(line) + 1
    # (一)由县林业局牵头，县财政局配合，于7月17日前完成……: the clauses opening a sentence
    # with 由, as many as name units (the longest first)
    # (一)治理畜牧业产品污染 / 由乡三农服务中心承办，…配合。: a line opening with 由 too
    for start in [0] + [i + 1 for i, ch in enumerate(text) if ch in _SENTENCE_END + "\n"]:
        if not text[start:].lstrip().startswith(_YOU):
            continue
        stop = next((i for i in range(start, len(text)) if text[i] in _SENTENCE_END), len(text))
        ends = [i for i in range(start, stop) if text[i] in "，,"]
        # never the first clauses alone when the sentence's last gives a role to names
        # left unread (由X牵头，Y、Z配合。 with Y unreadable: the task is said, not cut short)
        assigns = _CLOSING_VERB.search(text[start:stop].rstrip(" \n。；;")) is not None
        candidates += [(start, end + 1, start, end) for end in reversed(ends) if not assigns]
    for span_start, span_end, inner_start, inner_end in candidates:
        if any(s < span_end and span_start < e for s, e in (*taken, *spans)):
            continue
        fields = _unlabelled(text[inner_start:inner_end], known)
        if fields:
            spans.append((span_start, span_end))
            found.extend((span_start, item) for item in fields)
    return spans


def _unlabelled(inner: str, known: NameCheck | None) -> tuple[Field, ...]:
    """The fields of a text that is only names with roles (every name given one), else none.

    A text with a line opening with 由 after other words is the task's heading and
    its 由 clause (治理畜牧业产品污染 / 由乡三农服务中心承办): the clause is read alone.
    """
    if _YOU_LINE.search(inner):
        return ()
    text = inner.replace("\n", "").strip(" 。.；;")
    if not text:
        return ()
    units = read_units(text, None)
    if units is None or units.unmarked or not units.fields:
        return ()
    if any(f.names is None for f in units.fields):
        return ()
    if any(f.kind is ColumnKind.DEADLINE and len(f.value) > _DATE_LONGEST for f in units.fields):
        return ()  # 由X负责，于7月11日前完成衔接工作: a duty with its date, the task's text
    if not any(f.kind is ColumnKind.UNITS for f in units.fields):
        return ()
    if not all(looks_like_name(name) or (known and known(name)) for name in units.every_name):
        return ()
    return units.fields
