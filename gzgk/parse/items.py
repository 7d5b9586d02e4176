"""Numbered lists of tasks: label lines, inline labels and unlabelled verb forms.

A notice written as a list numbers its items at several levels (一、 （一）
1. （1）). The tasks are the items of the level that carries the assignments
(whichever of labels or verb forms it uses, see :mod:`gzgk.parse.assign`);
items above that level are section headings, kept as each task's ``section``;
items below it are part of their task's text. Sub-items run into one line
(``1.深化商事制度改革。(1)…。(X牵头负责)(2)…``) are split where the next
number of the sequence follows a sentence or a closing bracket.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence

from attrs import define, field

from gzgk.lexicon.columns import ColumnKind
from gzgk.lexicon.names import CLOSE, OPEN, SEPARATORS, NameCheck
from gzgk.model import Role
from gzgk.parse import notice_issues
from gzgk.parse.assign import Reading, named_as_subject, read_assignments, read_heading
from gzgk.parse.draft import Draft, Heading, Reporter, SectionUnits, label_of
from gzgk.parse.lines import (
    LEVELS,
    PADDED,
    Line,
    Marker,
    addresses_recipients,
    despace,
    despace_names,
    is_end,
    match_marker,
    padded_numbering,
    signs,
)
from gzgk.parse.rules import SECTION_SEPARATOR

__all__ = ["ListTasks", "list_tasks"]

_STYLES = ("article", "dun", "paren", "arabic", "aparen", "circled")
_PAREN_NUMBER = r"[（(]\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[）)]"  # (三), （12）
_RUN_IN = re.compile(
    rf"(?<=[。；;：:）)\]］】〕])\s*(?={_PAREN_NUMBER}|[①-⑳⑴-⒇]"
    r"|第[一二三四五六七八九十]{1,3}条|[一二三四五六七八九十]{1,3}、)"
    r"|(?<=[）)\]］】〕])\s*(?=\d{1,2}[.．、](?!\d))"  # (X牵头)2.…, [X]2.…: after units' bracket
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SENTENCE_END = "。；;：:"
_TITLE_MAX = 30
_HEADING_MAX = 40


@define
class _Item:
    marker: Marker
    heading: str  # the first line as printed, marker included
    lines: list[Line] = field(factory=list)  # the marker's rest first
    parents: tuple[_Item, ...] = ()
    reading: Reading | None = None

    @property
    def level(self) -> int:
        return LEVELS[self.marker.style]


@define
class ListTasks:
    """The tasks of a list and the line numbers they (and their headings) take."""

    drafts: list[Draft] = field(factory=list)
    taken: set[int] = field(factory=set)


def list_tasks(lines: Sequence[Line], reporter: Reporter, known: NameCheck | None) -> ListTasks:
    """Read the tasks of a numbered list; lines not taken belong to the notice's text.

    A task is an item that names units while none of the items under it do
    (those make it a section heading); its unnumbered siblings that name no
    unit are tasks too, reported, since a sibling's units were cut off more
    often than a list changes kind midway.
    """
    items = _items(lines)
    duties: dict[int, list[list[Line]]] = {}
    for item in items:
        item.reading = read_assignments([despace_names(line.text) for line in item.lines], known)
        leaf = not any(item in other.parents for other in items)
        if not item.reading.assigns and not leaf and len(item.lines) == 1:
            # 一、县示范区管委会牵头工作(8项) over its items: the heading names their units
            item.reading = read_heading(despace_names(item.lines[0].text), known)
        if not item.reading.assigns and leaf and (parts := _duty_paragraphs(item.lines, known)):
            duties[id(item)] = parts
            item.reading = read_assignments([despace_names(line.text) for line in parts[0]], known)
    items = _lift_closing_units(items, known)
    handing = _handing_down(items)

    def assigned(item: _Item) -> bool:
        return _assigns(item) or (bool(item.parents) and id(item.parents[-1]) in handing)

    headings = {id(parent) for item in items if assigned(item) for parent in item.parents}
    # a section of one paragraph per unit (六、职责分工) makes no task of its sibling sections
    groups = {
        _group(item)
        for item in items
        if assigned(item) and id(item) not in headings and id(item) not in duties
    }
    tasks = [
        item
        for item in items
        if id(item) not in headings and (_group(item) in groups or id(item) in duties)
    ]
    result = ListTasks()
    if not tasks:
        return result
    sections = SectionUnits(reporter)
    numbering = _numbers(tasks)
    previous: dict[tuple[str, int], int] = {}
    for position, task in enumerate(tasks):
        below = [item for item in items if task in item.parents]
        lines_of = [*task.lines, *(line for sub in below for line in _all_lines(sub))]
        if position == len(tasks) - 1:
            lines_of = _trim_after_assignments(lines_of, known)
        parts = duties.get(id(task)) or _paragraph_tasks(lines_of, known)
        number = numbering[id(task)]
        title = _heading_title(task.heading) if len(parts) > 1 else ""
        for index, part in enumerate(parts, start=1):
            sub = f"{number}.{index}" if len(parts) > 1 else number
            said = id(task) in duties
            draft = _draft(task, sub, part, known, sections, heading=title, subject=said)
            result.drafts.append(draft)
        if len(parts) > 1:
            made = [draft.number for draft in result.drafts[-len(parts) :]]
            reporter.issue(
                notice_issues.TASK_NUMBERS_MADE,
                task.lines[0],
                heading=task.heading.strip(),
                count=len(parts),
                tasks="、".join(made),
                task=made[0],
            )
        if position == len(tasks) - 1:
            _unfinished_at_end(lines_of, result.drafts[-1], known, reporter)
        draft = result.drafts[-len(parts)]
        key = _group(task)
        # Numbering goes on within a section, or runs on across sections, or restarts at 1.
        before = previous.get(key)
        if before is None and task.marker.value > 1:
            before = previous.get((task.marker.style, -1))
        if id(task) not in duties:  # 六、职责分工: a section's number, not the first task's
            _check_sequence(task, before, draft, reporter)
        previous[key] = previous[task.marker.style, -1] = task.marker.value
        result.taken |= {line.number for line in lines_of}
        for heading in task.parents:
            result.taken.add(heading.lines[0].number)
    sections.report()
    _said_lost(items, tasks, result.taken, reporter)
    _cut_after_last_task(items, tasks, reporter)
    return result


_ENDS = "。；;！!？?" + CLOSE


def _unfinished_at_end(
    lines: list[Line], draft: Draft, known: NameCheck | None, reporter: Reporter
) -> None:
    """The last task's text ending inside a sentence, after its units or without any: said.

    ``…（省发改委牵头）。深化政府机构改革。统筹抓好……，2015年底之前完成承担`` is a page
    cut mid-sentence: the words after the last full stop began a clause (a comma)
    and name no unit; the next task was cut off there, its units never printed.
    """
    if not lines or draft.broken:
        return
    text = despace(lines[-1].text).rstrip()
    last = max(text.rfind(char) for char in _ENDS)
    tail = text[last + 1 :]
    if len(tail) < _PARAGRAPH or not re.search("[，,]", tail) or tail[-1:] in SEPARATORS:
        return
    if read_assignments([tail], known).assigns:
        return
    reporter.issue(
        notice_issues.TASK_CUT_SHORT,
        lines[-1],
        label=draft.label,
        text=tail[-60:],
        why="最后一句没有写完",
        task=draft.number,
    )
    draft.broken = True


def _cut_after_last_task(items: list[_Item], tasks: list[_Item], reporter: Reporter) -> None:
    """The text's last item, numbered on from the last task, cut inside a sentence: said.

    ``（三十一）……（责任单位：X）`` then ``九、稳定市场预期`` ``（三十二）加强政策宣传解读。有关``
    and the text ends: the next task's words stop mid-sentence before its units were
    printed (a copy or download cut short). It is no task (it names no unit), and without
    a word its units would be lost unsaid.
    """
    if not items or not tasks or any(items[-1] is task for task in tasks):
        return
    item, last = items[-1], tasks[-1]
    if item.marker.style != last.marker.style or item.marker.value != last.marker.value + 1:
        return
    text = despace("".join(line.text for line in item.lines))
    if not text or text[-1] in _ENDS or _assigns(item):
        return
    reporter.issue(
        notice_issues.TASK_CUT_SHORT,
        item.lines[0],
        label=label_of(item.marker),
        text=text[-60:],
        why="没有写完，也没有写明单位",
        task=item.marker.number,
    )


def _said_lost(items: list[_Item], tasks: list[_Item], taken: set[int], reporter: Reporter) -> None:
    """Items that are neither tasks nor headings, printed on lines the tasks took: said.

    ``…（X）三、组织实施 （一）加强组织领导。…`` run into a task's line: the items
    after the last task name no unit, and their text would be lost with the line.
    """
    done = {id(task) for task in tasks}
    kept = done | {id(parent) for task in tasks for parent in task.parents}
    for item in items:
        lines = _all_lines(item)
        below = any(id(parent) in done for parent in item.parents)  # a task's own text
        if id(item) not in kept and not below and all(line.number in taken for line in lines):
            text = "".join(line.text for line in lines)
            reporter.issue(notice_issues.TASK_TEXT_IGNORED, lines[0], text=text)


def _lift_closing_units(items: list[_Item], known: NameCheck | None) -> list[_Item]:
    """Units on a line of their own after an item's sub-items are the item's.

    ``2.落实属地主体责任`` / ``(1)…`` ``(2)…`` ``(3)…`` / ``(责任单位：X、Y)``: when
    none of the sub-items names units but the last one ends with lines that
    are only units (a bracket or a label line on its own, no task text), those
    lines close the item, not its last sub-item; the sub-items are the item's
    text. A sub-item whose units stand in its own sentence keeps them.
    """
    merged: set[int] = set()
    for item in items:
        if id(item) in merged:
            continue
        below = [other for other in items if item in other.parents]
        children = [other for other in below if other.parents[-1] is item]
        if _assigns(item) or len(children) < 2:  # noqa: PLR2004
            continue
        last = children[-1]
        if any(_assigns(other) for other in below if other is not last):
            continue
        closing = _closing_units(last, known)
        if not closing:
            continue
        last.lines = last.lines[: len(last.lines) - len(closing)]
        text = [line for sub in below for line in _all_lines(sub)]
        item.lines = [*item.lines, *text, *closing]
        item.reading = read_assignments([despace_names(line.text) for line in item.lines], known)
        merged |= {id(sub) for sub in below}
    return [item for item in items if id(item) not in merged]


def _closing_units(item: _Item, known: NameCheck | None) -> list[Line]:
    """The lines after an item's first that are only units, at its end (none if it has none)."""
    count = 0
    for line in reversed(item.lines[1:]):
        reading = read_assignments([despace_names(line.text)], known)
        if not reading.assigns or reading.prose.strip("。；; "):
            break
        count += 1
    if not count:
        return []
    rest = read_assignments([despace_names(line.text) for line in item.lines[:-count]], known)
    return item.lines[-count:] if not rest.assigns else []


def _handing_down(items: list[_Item]) -> set[int]:
    """Headings that state units for the items under them (``一、产业发展（X牵头）``).

    A heading is an item with items under it whose own text is a heading's
    (short, no sentence inside); when it names units and none of the items
    under it do, those items are its tasks and take its units.
    """
    handing: set[int] = set()
    for item in items:
        below = [other for other in items if item in other.parents]
        children = [other for other in below if other.parents[-1] is item]
        if not (_assigns(item) and children) or any(_assigns(other) for other in below):
            continue
        prose = item.reading.prose if item.reading is not None else ""
        if len(prose) <= _HEADING_MAX and "。" not in prose.rstrip("。"):
            handing.add(id(item))
    return handing


def _numbers(tasks: list[_Item]) -> dict[int, str]:
    """Each task's number, qualified by its headings' numbers where numbering restarts.

    Plain numbers (（三）, 3) where they are unique; where they are not, the
    tasks of the numbering styles that clash are prefixed with as many of
    their headings' numbers as make every number unique (1.2, 一.1.2).
    """
    plain = Counter(task.marker.number for task in tasks)
    clashing = {task.marker.style for task in tasks if plain[task.marker.number] > 1}
    numbers = [task.marker.number for task in tasks]
    for depth in range(1, max(len(task.parents) for task in tasks) + 1):
        if len(set(numbers)) == len(numbers):
            break
        numbers = [_qualified(t, depth if t.marker.style in clashing else 0) for t in tasks]
    return {id(task): number for task, number in zip(tasks, numbers, strict=True)}


def _qualified(task: _Item, depth: int) -> str:
    """The number after the numbers of the ``depth`` nearest headings: ``一.1.2``."""
    heads = task.parents[len(task.parents) - depth :] if depth else ()
    return ".".join([*(head.marker.number for head in heads), task.marker.number])


def _group(item: _Item) -> tuple[str, int]:
    """Siblings: items of one numbering style under one parent."""
    return item.marker.style, id(item.parents[-1]) if item.parents else 0


def _items(lines: Sequence[Line]) -> list[_Item]:
    """Items by numbering marker; run-in sub-items split; lines before any item dropped."""
    items: list[_Item] = []
    last: dict[str, int] = {}
    stack: list[_Item] = []
    open_item: _Item | None = None
    lines = _mend_split_numbers(lines)
    # 01优化…, 02降低…: two-digit numbers glued to titles, where the notice numbers so
    styles = (*_STYLES, PADDED) if padded_numbering(line.text for line in lines) else _STYLES
    for index, line in enumerate(lines):
        following = lines[index + 1].text if index + 1 < len(lines) else ""
        if is_end(line.text) or signs(line.text, following):
            open_item = None
            continue
        for piece, glued in _pieces(line, last, _number_ahead(lines, index)):
            marker = glued or match_marker(piece, styles)
            if marker is None:
                if open_item is not None:
                    open_item.lines.append(Line(line.number, piece))
                continue
            while stack and stack[-1].level >= LEVELS[marker.style]:
                stack.pop()
            open_item = _Item(marker, piece, [Line(line.number, marker.rest)], parents=tuple(stack))
            stack.append(open_item)
            items.append(open_item)
            last[marker.style] = marker.value
            for style in styles:
                if LEVELS[style] > LEVELS[marker.style]:
                    last[style] = 0
    return items


def _mend_split_numbers(lines: Sequence[Line]) -> list[Line]:
    """Lines whose run-in item number, cut by a line break, is whole on the next line.

    A PDF's hard line break may fall inside a number run into the text
    (``…（省统计局） 12`` / ``.建立…``, ``…负责。（`` / ``三）加强…``): the number's
    start goes to the next line, where it starts the item as a number printed
    at a line's start does. Each line keeps its line number.
    """
    mended = list(lines)
    for index in range(len(mended) - 1):
        line, following = mended[index], mended[index + 1]
        joined = line.text + following.text
        for match in _RUN_IN.finditer(joined, max(0, len(line.text) - _SPLIT_LONGEST)):
            if not 0 < match.end() < len(line.text):
                continue
            marker = match_marker(joined[match.end() :], _STYLES)
            printed = len(joined) - match.end() - len(marker.rest) if marker else 0
            if marker is not None and match.end() + printed > len(line.text):
                mended[index] = Line(line.number, joined[: match.end()].rstrip())
                mended[index + 1] = Line(following.number, joined[match.end() :])
                break
    return mended


_SPLIT_LONGEST = 6  # characters of a run-in number's start: （十二 before ）


def _number_ahead(lines: Sequence[Line], index: int) -> Marker | None:
    """The next number after ``lines[index]``, if one is near: at a line's start or run in."""
    for line in lines[index + 1 : index + 1 + _AHEAD]:
        if (marker := match_marker(line.text, _STYLES)) is not None:
            return marker
        for match in _RUN_IN.finditer(line.text):
            if (marker := match_marker(line.text[match.end() :], _STYLES)) is not None:
                return marker
    return None


_AHEAD = 12  # lines a hard-wrapped item may take


def _pieces(
    line: Line, last: dict[str, int], ahead: Marker | None = None
) -> list[tuple[str, Marker | None]]:
    """A line cut where run-in sub-items start (their number continues a sequence).

    The number one before the next number in the lines ahead (``ahead``), run
    into this line after a space or a sentence, starts an item too: a hard
    line break put the run's next number on another line (``[接上页] 11.…`` /
    ``12.…``, ``…存量住房(一)推行…`` / ``…负责)(二)实施…``). Each piece comes
    with its marker when its number is glued to its words after the units'
    bracket before it (``〕02对生育家庭…``): no line starts so.
    """
    text = line.text
    glued = _glued(text, last)
    cuts = [0]
    own = match_marker(text, _STYLES)  # the line's own number: (一)…(二)… goes on from it
    if own is not None:
        last = {**last, own.style: own.value}
    for match in _RUN_IN.finditer(text):
        marker = match_marker(
            text[match.end() :], ("article", "dun", "paren", "aparen", "circled", "arabic")
        )
        if marker is None or match.start() == 0:
            continue
        expected = last.get(marker.style, 0) + 1
        if marker.style == "dun":  # ）二、稳步调结构(十三)积极…: a heading, and its first item
            if marker.value >= expected and (item := _after_heading(text, match.end(), last)):
                cuts += [match.end(), item]
                last[marker.style] = marker.value
            elif marker.value == expected:  # ）三、盘活…: the next of the line's 、 items
                cuts.append(match.end())
                last[marker.style] = marker.value
        elif marker.value in (expected, 1):
            cuts.append(match.end())
            last[marker.style] = marker.value
        elif marker.value > expected and (
            start := _run_start(text, cuts[-1], match.start(), marker)
        ):
            cuts += [start, match.end()]  # [接上页] 11.…(X) 12.…: the run began mid-line
            last[marker.style] = marker.value
    if (
        ahead is not None
        and ahead.value > last.get(ahead.style, 0) + 1
        and (start := _run_start(text, cuts[-1], len(text), ahead))
    ):
        cuts.append(start)
        last[ahead.style] = ahead.value - 1
    cuts = sorted({*cuts, *glued})
    cuts.append(len(text))
    return [
        (text[a:b], _glued_marker(glued.get(a), text[a:b]))
        for a, b in itertools.pairwise(cuts)
        if text[a:b].strip()
    ]


def _glued_marker(marker: Marker | None, piece: str) -> Marker | None:
    """A glued number's marker with the piece's words after the number as its rest."""
    if marker is None:
        return None
    return Marker(marker.style, marker.value, piece.lstrip().lstrip("0123456789").strip())


# 〔责任单位：…〕02对生育家庭…: a number glued to its words after a bracket (not 〔2024〕50号,
# 2024年, 3个月: a measure word after it).
_GLUED_NUMBER = re.compile(
    r"(?<=[）)\]］】〕])\s*(\d{1,2})(?!\d)"
    r"(?=[\u4e00-\u9fff])(?![年月日号个万元亿次期项条款类家户人名套平米天周岁倍级层栋台辆吨％%])"
)


def _glued(text: str, last: dict[str, int]) -> dict[int, Marker]:
    """Where items numbered with digits glued to their words start in a line, and their markers.

    Only a number that goes on from the last such number, or a list's first
    numbers printed with a leading zero (``02``: its first item's number was
    lost), is taken.
    """
    found: dict[int, Marker] = {}
    previous = last.get("arabic", 0)
    for match in _GLUED_NUMBER.finditer(text):
        value = int(match[1])
        padded = match[1].startswith("0") and previous == 0
        if value == previous + 1 or (padded and value <= 2):  # noqa: PLR2004 - 01 or 02
            found[match.start(1)] = Marker("arabic", value, "")
            previous = value
    return found


_ITEM_AFTER_HEADING = re.compile(rf"{_PAREN_NUMBER}|\d{{1,2}}[.．、](?!\d)")


def _after_heading(text: str, start: int, last: dict[str, int]) -> int | None:
    """Where the first item under a section heading run into a paragraph starts.

    A notice printed as one paragraph runs a heading into the item under it
    (``…负责）二、稳步调结构,科学优化增量住房(十三)积极发展…``): with nothing
    between them but the heading's words, the item is taken when its number
    goes on from the last item's (or starts again at one) and the heading is
    no longer than a heading is.
    """
    match = _ITEM_AFTER_HEADING.search(text, start, start + _HEADING_MAX)
    if match is None or any(mark in text[start : match.start()] for mark in _SENTENCE_END):
        return None
    marker = match_marker(text[match.start() :], ("paren", "aparen", "arabic"))
    if marker is None or marker.value not in (last.get(marker.style, 0) + 1, 1):
        return None
    last[marker.style] = marker.value
    return match.start()


def _run_start(text: str, since: int, end: int, marker: Marker) -> int | None:
    """Where the number before a run-in one starts in a line, after a space: 11. before 12.

    A line that does not start with its first number (``[接上页] 11.…（X）12.…``,
    ``…提出以下意见： 1.…（X牵头）2.…``, ``…降低企业税收负担。1.…[X]2.…``) starts
    its run there, when that number is the one before; a first number run into
    the words before it (``…税收负担1.严格执行…``) too.
    """
    for index in range(max(since, 1), end):
        if text[index].isspace():
            continue
        found = match_marker(text[index:], (marker.style,))
        if found is None or found.value != marker.value - 1:
            continue
        # after a space or a sentence; or a first item run into its heading (…负担1.严格…)
        before = text[index - 1]
        if before.isspace() or before in _SENTENCE_END or (found.value == 1 and _CJK.match(before)):
            return index
    return None


def _assigns(item: _Item) -> bool:
    return item.reading is not None and item.reading.assigns


def _all_lines(item: _Item) -> list[Line]:
    first, *rest = item.lines
    return [Line(first.number, item.heading), *rest]


def _trim_after_assignments(lines: list[Line], known: NameCheck | None) -> list[Line]:
    """The last task without the notice's closing text printed after its assignments.

    Text after the last task's units is the task's own (``年底前完成主体工程……``)
    unless it speaks to the recipients (请…, 以上…, 特此…, 联系人…) or a blank
    line sets it apart where the task's own lines have none.
    """
    whole = read_assignments([despace_names(line.text) for line in lines], known)
    if not whole.assigns:
        return lines
    end = next(
        stop
        for stop in range(1, len(lines) + 1)
        if read_assignments([despace_names(line.text) for line in lines[:stop]], known).fields
        == whole.fields
    )
    spaced = any(b.number - a.number > 1 for a, b in itertools.pairwise(lines[:end]))
    while end < len(lines):
        line, before = lines[end], lines[end - 1]
        if addresses_recipients(line.text) or (line.number - before.number > 1 and not spaced):
            break
        end += 1
    return lines[:end]


def _paragraph_tasks(lines: list[Line], known: NameCheck | None) -> list[list[Line]]:
    """An item's paragraphs that each end with their own units: a task each.

    ``（一）强化顶层设计。建立指标体系……（X牵头，Y参与）`` then ``优化管理体制……
    （Z指导）``: unnumbered tasks under a numbered heading. A paragraph counts
    when it has text besides its units (label lines under one task do not); a
    paragraph without units goes with the one after it, the last ones with the
    last task.
    """
    joined = _brackets_closed(lines)
    parts: list[list[Line]] = [[]]
    ends = 0  # lines that close a task
    for line in joined:
        closed = len(parts)
        for piece in _at_brackets(despace(line.text), known):
            parts[-1].append(Line(line.number, piece))
            if _own_units(piece, known) or _closes_lines(parts[-1], known):
                parts.append([])
        ends += len(parts) > closed
    if ends < 2 and not _groups_apart(joined, known):  # noqa: PLR2004 - two make two tasks
        return [lines]
    if not parts[-1]:
        parts.pop()
    elif len(parts) > 1:
        last = parts.pop()  # (not parts[-2] += parts.pop(): the index is taken before the pop)
        parts[-1] += last
    return parts


def _duty_paragraphs(lines: list[Line], known: NameCheck | None) -> list[list[Line]] | None:
    """A heading's paragraphs that each open with the units doing them: a task each, or None.

    ``六、职责分工`` over ``市房产局：负责……`` ``市委宣传部：负责……`` (or
    ``街道消委办。牵头开展……``): every paragraph after the heading's own line
    opens with its units before a colon (see
    :func:`gzgk.parse.assign.read_assignments`); a line that does not is the
    paragraph before it running on. Two such paragraphs at least, the first
    right under the heading, and the heading's own line names no unit.
    """
    if len(lines) < 3 or read_assignments([despace_names(lines[0].text)], known).assigns:  # noqa: PLR2004
        return None
    opening = [
        index
        for index, line in enumerate(lines)
        if index and read_assignments([despace_names(line.text)], known).named_by_heading
    ]
    if len(opening) < 2 or opening[0] != 1:  # noqa: PLR2004 - two paragraphs make a list
        return None
    # 市发展改革委、国资委……等其他行业部门根据……负责……: a paragraph of its own too
    starts = [
        index
        for index, line in enumerate(lines)
        if index in opening or (index and _opens_with_names(despace(line.text), known))
    ]
    return [lines[a:b] for a, b in itertools.pairwise([*starts, len(lines)])]


def _opens_with_names(text: str, known: NameCheck | None) -> bool:
    """Whether a paragraph opens with a list of bodies' names (``市发展改革委、国资委、…``)."""
    return named_as_subject([text], known) is not None


_PARAGRAPH = 10  # characters of text beside its units that make a line a task's paragraph


_BRACKET_LINES = 6  # lines one bracket of units may be broken over


def _brackets_closed(lines: list[Line]) -> list[Line]:
    """Lines a PDF broke inside a bracket joined again (``（市水利局、市工`` / ``信局负责）``).

    A bracket left open at a line's end goes on in the next lines, up to a few:
    a bracket of units that closes a task is then seen whole.
    """
    joined: list[Line] = []
    depth = 0
    run = 0
    for line in lines:
        text = despace(line.text)
        if joined and depth > 0 and run < _BRACKET_LINES:
            joined[-1] = Line(joined[-1].number, joined[-1].text + text)
            run += 1
        else:
            joined.append(Line(line.number, text))
            depth = run = 0
        for char in text:
            depth = max(depth + (char in OPEN) - (char in CLOSE), 0)
    return joined


def _groups_apart(lines: list[Line], known: NameCheck | None) -> bool:
    """Whether a paragraph's brackets of units, each closing its own sentences, are tasks.

    ``（一）…建立激励约束机制（省国资委牵头）。…鼓励参与国企改革（省经信委、省发改委
    负责）。…`` is two tasks: each run of sentences ends in the units that do it.
    Brackets that name a unit in common speak of one task in parts (its union).
    """
    names: list[set[str]] = []
    for line in lines:
        for piece in _at_brackets(despace(line.text), known):
            reading = read_assignments([piece], known)
            if reading.assigns and len(reading.prose) >= _PARAGRAPH:
                names.append({name for role in Role for name in reading.names(role)})
    return len(names) > 1 and all(not (a & b) for a, b in itertools.pairwise(names))


def _closes_lines(part: list[Line], known: NameCheck | None) -> bool:
    """Whether a line ending in a bracket of units closes the lines of text before it.

    A PDF's line break may leave a task's bracket of units with too few of its
    words to count as a paragraph (``……取得经验后在全省推行`` / ``（省工商局牵头）。``,
    ``……汽车产`` / ``业基地。（牵头单位：……）``): the bracket closes the sentences
    since the last task's units as it would on their line.
    """
    *before, last = part
    text = last.text.rstrip("。；; ")
    if not before or not text or text[-1] not in CLOSE:
        return False
    depth = 0
    for opener in range(len(text) - 1, -1, -1):
        depth += (text[opener] in CLOSE) - (text[opener] in OPEN)
        if depth == 0:
            break
    bracket = read_assignments([text[opener:]], known)
    return bracket.assigns and _own_units("".join(line.text for line in part), known)


def _own_units(text: str, known: NameCheck | None) -> bool:
    """Whether a text names units and has a task's text besides them."""
    reading = read_assignments([text], known)
    return reading.assigns and len(reading.prose) >= _PARAGRAPH


def _at_brackets(text: str, known: NameCheck | None) -> list[str]:
    """A paragraph cut after each bracket of units that closes a task's text in it.

    Each bracket of units that closes a run of sentences closes a task:
    ``……（X负责）推广……（Y指导）`` and ``……（X负责）。推广……（Y指导）。`` are two
    tasks each (the full stop after a bracket is the first one's).
    """
    pieces: list[str] = []
    start = depth = 0
    for index, char in enumerate(text):
        depth = max(depth + (char in OPEN) - (char in CLOSE), 0)
        if char not in CLOSE or depth > 0 or index + 1 == len(text):
            continue  # 各县（市、区）人民政府: a bracket inside a name closes no task
        if _own_units(text[start : index + 1], known):
            end = index + 1
            while end < len(text) and text[end] in "。；; ":
                end += 1
            if end < len(text):
                pieces.append(text[start:end])
                start = end
    return [*pieces, text[start:]] if start < len(text) else pieces


def _draft(
    task: _Item,
    number: str,
    lines: list[Line],
    known: NameCheck | None,
    sections: SectionUnits,
    *,
    heading: str = "",
    subject: bool = False,
) -> Draft:
    """One task's draft from its lines; ``subject``: its units may open it as a sentence's subject.

    (A paragraph of a list of each unit's duties, ``X、Y、Z根据……负责……``.)
    """
    reporter = sections.reporter
    titles = [*(_section_title(p) for p in task.parents), *([heading] if heading else [])]
    section = SECTION_SEPARATOR.join(titles)
    draft = Draft(task.marker, lines[0], number=number, section=section)
    reading = read_assignments([despace_names(line.text) for line in lines], known)
    if subject and not reading.assigns:
        reading = named_as_subject([despace_names(line.text) for line in lines], known) or reading
    draft.take(reading, reporter)
    if reading.cut_short:
        reporter.issue(
            notice_issues.TASK_CUT_SHORT,
            lines[0],
            label=draft.label,
            text=reading.cut_short[-60:],
            why=f"单位名单以“{reading.cut_short[-1]}”结尾"
            if reading.cut_short[-1] in SEPARATORS
            else "括号没有闭合",
            task=draft.number,
        )
        draft.broken = True
    for said, issue_type in (
        (reading.named_by_heading, notice_issues.UNITS_FROM_HEADING),
        (reading.unmarked, notice_issues.UNITS_WITHOUT_ROLE),
    ):
        if said:
            reporter.issue(
                issue_type,
                lines[0],
                label=draft.label,
                names="、".join(name for role in Role for name in reading.names(role)),
                task=draft.number,
            )
    sections.hand_down([_heading(parent) for parent in task.parents if _assigns(parent)], draft)
    if not reading.assigns and not any(draft.units.values()):
        reporter.issue(
            notice_issues.TASK_UNITS_UNPARSABLE,
            lines[0],
            label=draft.label,
            columns="牵头单位、责任单位",
            reason="没有找到单位：既没有“牵头单位：”这样的标注，"
            "也没有“（X牵头）”“由X负责”这样的写法",
            text=reading.prose[-60:],
            task=draft.number,
        )
        draft.broken = True
    repeated = [
        role
        for role in Role
        if sum(1 for f in reading.fields if f.kind is ColumnKind.UNITS and f.role is role) > 1
    ]
    if repeated:
        reporter.issue(
            notice_issues.TASK_MERGED_SUSPECT,
            lines[0],
            label=draft.label,
            role=f"{repeated[0].label}单位",
            task=draft.number,
        )
    draft.title, draft.content = _title_and_content(lines, reading, known)
    return draft


def _title_and_content(
    lines: list[Line], reading: Reading, known: NameCheck | None
) -> tuple[str, str]:
    """A task's title and content: its first sentence, or a short first line of its own.

    ``1.强化区级主体责任`` over a paragraph is a title without a full stop; a first
    sentence as short (``深化商事制度改革。…``) is one too. A task whose only text is
    that line keeps it as its content.
    """
    first = despace(lines[0].text).strip()
    alone = len(lines) > 1 and 0 < len(first) <= _TITLE_MAX and not re.search("[。；;，,]", first)
    if alone and not read_assignments([first], known).fields:
        rest = read_assignments([despace_names(line.text) for line in lines[1:]], known).prose
        if rest:  # 1.加强组织领导 / 牵头单位：X has no text besides its title: that is its content
            return first, rest
    head, dot, after = reading.prose.partition("。")
    if dot and after and len(head) <= _TITLE_MAX and "，" not in head:
        return head, after.strip()
    return "", reading.prose


def _heading(item: _Item) -> Heading:
    """A heading that states units, for handing them down."""
    return Heading(item.lines[0], _section_title(item), item.reading or Reading())


def _section_title(heading: _Item) -> str:
    """A section as users see it: the heading's text, without the units it states."""
    if heading.reading is not None and heading.reading.assigns:
        number = heading.heading[: len(heading.heading) - len(heading.marker.rest)]
        return _heading_title(number + (heading.reading.prose or heading.marker.rest))
    return _heading_title(heading.heading)


def _heading_title(text: str) -> str:
    """A section heading as printed, up to the end of its first sentence."""
    text = despace(text)
    head = re.split(r"[。：:]", text, maxsplit=1)[0]
    return head if len(head) <= _HEADING_MAX else head[:_HEADING_MAX] + "…"


def _check_sequence(task: _Item, previous: int | None, draft: Draft, reporter: Reporter) -> None:
    expected = (previous or 0) + 1
    value = task.marker.value
    if value > expected:
        reporter.issue(
            notice_issues.TASK_NUMBER_GAP,
            draft.first,
            previous=label_of(Marker(task.marker.style, previous, "")) if previous else "开头",
            found=draft.label,
            expected=_missing(task.marker.style, expected, value),
            task=draft.number,
        )


_MISSING_LISTED = 6  # a gap of more numbers is said by its first and last


def _missing(style: str, first: int, found: int) -> str:
    """The numbers a gap lost, each named (缺少“（四）”“（五）”): every lost task is said."""
    labels = [label_of(Marker(style, value, "")) for value in range(first, found)]
    if len(labels) > _MISSING_LISTED:
        return f"{labels[0]}”至“{labels[-1]}"
    return "”“".join(labels)
