"""Notices as text copied from a PDF: header facts, requirements and the task table.

Two layouts of the task table are understood:

* **table**: a 任务分工表 whose columns PDF extraction has serialised cell by
  cell (title lines, content lines, then each unit column), after a heading
  line such as ``主要任务 牵头单位 责任单位``; repeated page headings are dropped;
* **inline**: numbered tasks that carry their units in labels, e.g.
  ``（一）……。（牵头单位：市工信局；责任单位：各县（市、区）人民政府）``.

Where a part cannot be read the result carries an error issue naming the task
and the reason; no task is dropped silently.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Sequence

from attrs import define, field, frozen

from gzgk._text import display_width
from gzgk.model import Contact, Notice, Reference, Requirement, Role, Task
from gzgk.numbering import parse_numeral
from gzgk.parse import issues as found
from gzgk.parse.columns import Column, ColumnKind
from gzgk.parse.lines import (
    LEVELS,
    Line,
    Marker,
    despace,
    join_lines,
    match_marker,
    split_lines,
)
from gzgk.parse.names import NameCheck, clean_name, name_score, split_names
from gzgk.parse.result import ParseResult
from gzgk.parse.vocabulary import classify_heading
from gzgk.report import Issue, IssueType

__all__ = ["parse_text"]

_DOC_NUMBER = re.compile(r"\S{0,12}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号")
_DATE_LINE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_CN_DATE_LINE = re.compile(
    r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日"
)
_DUE = re.compile(
    r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:前|之前)(?:报送至|报送到|报送|报至|报|送至|送)"
    r"(?P<office>[^，。；,;：:（(]*)"
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(r"电话[:：]?([0-9０-９][0-9０-９\-－—()（）]{4,24}[0-9０-９])")
_PERSON = re.compile(r"联系人[:：]([^\s，,。；;、：:（(]{2,5})")
_REFERENCE = re.compile(r"《([^《》]{2,100})》[（(]([^（）()]{0,24}〔\d{4}〕\d{1,4}号)[）)]")
_ISSUER_END = re.compile(r"(办公厅|办公室|人民政府|政府|委员会|委|部|局|厅|办)$")
_ISSUER_START = ("国务院", "中共", "中央", "国家", "省", "市", "县", "区", "全国")
_LABEL = re.compile(
    r"(牵头负责领导|牵头领导|责任领导|(?:牵头|责任|落实|承办|配合|协同|协办|参与|知悉)(?:单位|部门)"
    r"|完成时限|时间节点|完成时间)[:：]"
)
_OPEN = "（(〔[【"
_CLOSE = "）)〕]】"
_END_MATTER = re.compile(r"抄送[:：].*|.*\d{4}年\d{1,2}月\d{1,2}日印发")
_DEADLINE_WORD = re.compile(
    r"\d{4}年|\d{1,2}月|年底|年内|月底|季度|持续|长期|常态|每年|每月|每季|前$"
)
_TITLE_MAX = 30
_WIDE = 30
_TITLE_GROWTH = 1.5
_NARROW = 0.6
_SHORT_LINE = 0.8
_HEADER_SCAN = 12
_TASK_STYLES = ("paren", "dun", "arabic", "aparen")
_SIGNATURE_MAX = 25


def parse_text(text: str, *, source: str = "", known: NameCheck | None = None) -> ParseResult:
    """Parse a notice from its text (as copied from the PDF).

    Args:
        text: the whole notice, or only its task table.
        source: the name of the source, for messages.
        known: tells whether a unit name is known (``registry.find``); it
            helps to split run-together table cells, and is optional.

    Returns:
        The notice and every issue met; ``result.unwrap()`` raises on errors.
    """
    return _TextParser(split_lines(text), source, known).run()


@frozen
class _Cell:
    column: Column
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return "".join(line.text for line in self.lines)


@frozen
class _TableLayout:
    tail: tuple[Column, ...]
    has_title: bool


@define
class _TaskParts:
    marker: Marker
    first: Line
    title: str = ""
    content: str = ""
    units: dict[Role, tuple[str, ...]] = field(factory=dict)
    leaders: tuple[str, ...] = ()
    deadline: str = ""
    broken: bool = False
    widths: tuple[int, ...] = ()


@define
class _TextParser:
    lines: list[Line]
    source: str
    known: NameCheck | None
    issues: list[Issue] = field(factory=list)

    def _issue(
        self,
        issue_type: IssueType,
        line: Line | None = None,
        *,
        task: str | None = None,
        **params: object,
    ) -> None:
        self.issues.append(
            issue_type.make(
                params,
                path=self.source or None,
                line=line.number if line else None,
                task=task,
            )
        )

    # -- the whole notice -------------------------------------------------

    def run(self) -> ParseResult:
        if not self.lines:
            self._issue(found.EMPTY_SOURCE)
            return self._result(Notice())
        header_at = self._find_header()
        if header_at is not None:
            columns = self._header_columns(self.lines[header_at])
            parts, task_lines = self._table_tasks(header_at, columns)
            other = self.lines[:header_at]
        else:
            parts, task_lines = self._inline_tasks()
            other = [line for line in self.lines if line.number not in task_lines]
            if not parts and not any(i.is_error for i in self.issues):
                self._issue(found.NO_TASK_TABLE)
        tasks = self._make_tasks(parts)
        notice = self._front(other, tasks)
        return self._result(notice)

    def _result(self, notice: Notice) -> ParseResult:
        return ParseResult(source=self.source, notice=notice, issues=tuple(self.issues))

    def _make_tasks(self, parts: list[_TaskParts]) -> tuple[Task, ...]:
        tasks: list[Task] = []
        seen: set[str] = set()
        for part in parts:
            number = part.marker.number
            if number in seen:
                self._issue(found.TASK_NUMBER_DUPLICATE, part.first, number=number)
                continue
            seen.add(number)
            label = _label(part.marker)
            if not part.content:
                self._issue(found.TASK_NO_CONTENT, part.first, label=label, task=number)
            if not part.title:
                self._issue(found.TASK_NO_TITLE, part.first, label=label, task=number)
            if not part.units.get(Role.LEAD) and not part.broken:
                self._issue(found.TASK_NO_LEAD, part.first, label=label, task=number)
            tasks.append(
                Task(
                    seq=len(tasks) + 1,
                    number=number,
                    title=part.title,
                    content=part.content,
                    lead=part.units.get(Role.LEAD, ()),
                    responsible=part.units.get(Role.RESPONSIBLE, ()),
                    cooperating=part.units.get(Role.COOPERATING, ()),
                    informed=part.units.get(Role.INFORMED, ()),
                    leaders=part.leaders,
                    deadline=part.deadline,
                )
            )
        return tuple(tasks)

    # -- header facts, requirements, contact --------------------------------

    def _front(self, lines: list[Line], tasks: tuple[Task, ...]) -> Notice:
        index = 0
        issuer = ""
        first = despace(lines[0].text) if lines else ""
        if first and not _DOC_NUMBER.search(first) and _ISSUER_END.search(first):
            issuer, index = first, 1
        doc_number = ""
        for position in range(index, min(index + 4, len(lines))):
            text = despace(lines[position].text)
            if _DOC_NUMBER.fullmatch(text):
                doc_number, index = text, position + 1
                break
        recipients_at = next(
            (
                position
                for position in range(index, min(index + _HEADER_SCAN, len(lines)))
                if despace(lines[position].text).endswith(("：", ":"))
                and not lines[position].text.startswith("附件")
            ),
            None,
        )
        title_end = recipients_at if recipients_at is not None else self._title_end(lines, index)
        title = join_lines(lines[index:title_end])
        recipients: tuple[str, ...] = ()
        body_start = title_end
        if recipients_at is not None:
            recipients = _split_top(despace(lines[recipients_at].text).rstrip("：:"))
            body_start = recipients_at + 1
        body, attachment, issued_on = self._body(lines[body_start:])
        text = join_lines(body)
        preamble, requirements, closing = _requirements(body)
        return Notice(
            issuer=issuer,
            doc_number=doc_number,
            title=title,
            issued_on=issued_on,
            report_due=self._due(text, issued_on),
            contact=_contact(text),
            references=_references(join_lines(lines)),
            recipients=recipients,
            preamble=preamble,
            requirements=requirements,
            closing=closing,
            attachment=attachment,
            tasks=tasks,
        )

    @staticmethod
    def _title_end(lines: list[Line], start: int) -> int:
        for position in range(start, min(start + 4, len(lines))):
            if despace(lines[position].text).endswith(
                ("通知", "方案", "意见", "要点", "分工表", "安排", "分工")
            ):
                return position + 1
        return start

    def _body(self, lines: list[Line]) -> tuple[list[Line], str, dt.date | None]:
        """Split the body from the attachment note and the signature date."""
        body: list[Line] = []
        attachment: list[Line] = []
        issued_on: dt.date | None = None
        state = "body"
        for index, line in enumerate(lines):
            text = despace(line.text)
            following = despace(lines[index + 1].text) if index + 1 < len(lines) else ""
            if _is_date_like(following) and _is_signature(text):
                continue
            date = self._date_line(text, line)
            if date is not None or _is_date_like(text):
                if issued_on is None:
                    issued_on = date
                state = "after"
                continue
            if text.startswith(("附件：", "附件:")) and state == "body":
                state = "attachment"
                attachment.append(Line(line.number, text.split("：", 1)[-1].split(":", 1)[-1]))
                continue
            if state == "body":
                body.append(line)
            elif state == "attachment":
                attachment.append(line)
        return body, join_lines(attachment), issued_on

    def _date_line(self, text: str, line: Line) -> dt.date | None:
        match = _DATE_LINE.fullmatch(text)
        if match:
            year, month, day = (int(group) for group in match.groups())
        else:
            match = _CN_DATE_LINE.fullmatch(text)
            if match is None:
                return None
            year = int(
                "".join(str("〇一二三四五六七八九".find(ch.replace("零", "〇"))) for ch in match[1])
            )
            month = parse_numeral(match[2]) or 0
            day = parse_numeral(match[3]) or 0
        try:
            return dt.date(year, month, day)
        except ValueError:
            self._issue(found.DATE_UNREADABLE, line, what="成文日期", text=text)
            return None

    def _due(self, text: str, issued_on: dt.date | None) -> dt.date | None:
        for match in _DUE.finditer(text):
            month, day = int(match[2]), int(match[3])
            if match[1]:
                year = int(match[1])
            elif issued_on is not None:
                year = issued_on.year + (1 if month < issued_on.month else 0)
            else:
                self._issue(
                    found.DATE_UNREADABLE,
                    what="报送时限（通知没有成文日期，无法确定年份）",
                    text=match[0],
                )
                return None
            try:
                return dt.date(year, month, day)
            except ValueError:
                self._issue(found.DATE_UNREADABLE, what="报送时限", text=match[0])
                return None
        return None

    # -- table layout -------------------------------------------------------

    def _find_header(self) -> int | None:
        for position, line in enumerate(self.lines):
            columns = _heading_columns(line.text)
            if columns is not None:
                return position
        return None

    def _header_columns(self, line: Line) -> list[Column]:
        columns = _heading_columns(line.text) or []
        unsupported = [c.label for c in columns if c.kind is ColumnKind.LEADERS]
        if unsupported:
            self._issue(
                found.UNSUPPORTED_COLUMNS, line, header=line.text, columns="、".join(unsupported)
            )
        return columns

    def _table_tasks(
        self, header_at: int, columns: list[Column]
    ) -> tuple[list[_TaskParts], set[int]]:
        header_key = despace(self.lines[header_at].text).replace(" ", "")
        region: list[Line] = []
        breaks: set[int] = set()  # line numbers after which a page heading repeated
        for line in self.lines[header_at + 1 :]:
            text = despace(line.text)
            if _END_MATTER.fullmatch(text):
                break
            if text.replace(" ", "") == header_key:
                if region:
                    breaks.add(region[-1].number)
                continue
            region.append(line)
        numbered = any(c.kind is ColumnKind.NUMBER for c in columns)
        styles = ("bare",) if numbered else _TASK_STYLES
        if not numbered:
            region = [line for line in region if not line.text.isdigit()]
        blocks, outside = self._blocks(region, styles)
        if not blocks:
            self._issue(found.NO_TASKS, self.lines[header_at])
        for line in outside:
            self._issue(found.TASK_TEXT_IGNORED, line, text=line.text)
        layout = _TableLayout(
            tail=tuple(c for c in columns if c.kind in (ColumnKind.UNITS, ColumnKind.DEADLINE)),
            has_title=any(c.kind is ColumnKind.TITLE for c in columns),
        )
        pages = [_fragments(lines, breaks) for _, lines in blocks]
        widths = [0] * len(layout.tail)
        parts: dict[int, _TaskParts] = {}
        # Tasks on one page first: their cells teach how wide each column is,
        # which tells where a task broken over pages changes column.
        for single in (True, False):
            for index, ((marker, lines), fragments) in enumerate(zip(blocks, pages, strict=True)):
                if (len(fragments) == 1) is single:
                    part = self._table_block(marker, lines, fragments, layout, widths)
                    widths = [max(pair) for pair in zip(widths, part.widths, strict=True)]
                    parts[index] = part
        return [parts[i] for i in range(len(blocks))], {
            line.number for _, lines in blocks for line in lines
        }

    def _blocks(
        self,
        region: Sequence[Line],
        styles: tuple[str, ...],
        closes: Callable[[list[Line], Line], bool] | None = None,
    ) -> tuple[list[tuple[Marker, list[Line]]], list[Line]]:
        """Cut lines into numbered blocks of one style, reporting gaps.

        ``closes`` tells when a line ends the open block; lines outside any
        block are returned apart.
        """
        blocks: list[tuple[Marker, list[Line]]] = []
        outside: list[Line] = []
        style: str | None = None
        open_block = False
        for line in region:
            marker = match_marker(line.text, (style,) if style else styles)
            if marker is not None and style is None:
                style = marker.style
            previous = blocks[-1][0] if blocks else None
            expected = previous.value + 1 if previous else 1
            if marker is not None and marker.value >= expected:
                if marker.value > expected:
                    self._issue(
                        found.TASK_NUMBER_GAP,
                        line,
                        previous=_label(previous) if previous else "表头",
                        found=_label(marker),
                        expected=_label(Marker(marker.style, expected, "")),
                    )
                blocks.append((marker, [line]))
                open_block = True
                continue
            if marker is not None and previous is not None and marker.value == previous.value:
                self._issue(found.TASK_NUMBER_DUPLICATE, line, number=marker.number)
            if open_block and closes is not None and closes(blocks[-1][1], line):
                open_block = False
            if open_block:
                blocks[-1][1].append(line)
            else:
                outside.append(line)
        return blocks, outside

    def _table_block(
        self,
        marker: Marker,
        lines: list[Line],
        fragments: list[list[Line]],
        layout: _TableLayout,
        widths: Sequence[int],
    ) -> _TaskParts:
        """One task of a table: title, content and unit cells, over one page or more."""
        parts = _TaskParts(marker=marker, first=lines[0], widths=(0,) * len(layout.tail))
        head = [Line(lines[0].number, marker.rest)] if marker.rest else []
        fragments = [[*head, *fragments[0][1:]], *fragments[1:]]
        if len(fragments) > 1:
            self._issue(found.TASK_SPANS_PAGES, lines[0], label=_label(marker), task=marker.number)
        title: list[Line] = []
        content: list[Line] = []
        tails: list[list[Line]] = []
        limit = max(display_width(lines[0].text), 8)
        width = 0
        for index, fragment in enumerate(fragments):
            rest = list(fragment)
            wide = not (index == 0 and marker.rest and display_width(marker.rest) > _WIDE)
            if layout.has_title and wide:
                while rest and display_width(rest[0].text) <= limit * _TITLE_GROWTH:
                    if index > 0 and not any(_is_wide(line, width) for line in rest):
                        break  # a later page with no content left: only unit cells
                    limit = max(limit, display_width(rest[0].text))
                    title.append(rest.pop(0))
            width = width or max((display_width(line.text) for line in rest), default=0)
            content_end = 0
            for position, line in enumerate(rest):
                if "。" in line.text or _is_wide(line, width):
                    content_end = position + 1
            content.extend(rest[:content_end])
            tails.append(rest[content_end:])
        parts.title = join_lines(title)
        parts.content = join_lines(content)
        cells = self._split_tails(tails, layout.tail, widths) if content else None
        if cells is None:
            self._unparsable(marker, lines[0], layout, [line for tail in tails for line in tail])
            parts.broken = True
            return parts
        parts.widths = tuple(
            max((display_width(line.text) for line in cell.lines), default=0) for cell in cells
        )
        for cell in cells:
            text = join_lines(list(cell.lines))
            if cell.column.kind is ColumnKind.DEADLINE:
                parts.deadline = text
            elif cell.column.role is not None and text:
                names = tuple(clean_name(n) for n in split_names(text) or [])
                parts.units[cell.column.role] = parts.units.get(cell.column.role, ()) + names
        return parts

    def _unparsable(
        self, marker: Marker, first: Line, layout: _TableLayout, tail: Sequence[Line]
    ) -> None:
        text = "".join(line.text for line in tail)
        self._issue(
            found.TASK_UNITS_UNPARSABLE,
            first,
            label=_label(marker),
            columns="、".join(c.label for c in layout.tail),
            reason="找不到合理的拆分位置（单位名称应以“、”“，”分隔，括号应成对）"
            if text
            else "单位栏为空",
            text=text,
            task=marker.number,
        )

    def _split_tails(
        self, tails: list[list[Line]], columns: Sequence[Column], widths: Sequence[int]
    ) -> list[_Cell] | None:
        """The most plausible unit cells for the lines after the content, or None.

        Each page of a task holds a part of every column; the cells are the
        concatenation of the parts, scored as a whole. The content ends at its
        last wide line or full stop: if the cells cannot be read from what
        follows, that is an error for the user to see, never a guess that
        moves text between content and units.
        """
        choices = [
            list(itertools.combinations_with_replacement(range(len(tail) + 1), len(columns) - 1))
            for tail in tails
        ]
        best: tuple[int, list[_Cell]] | None = None
        for picked in itertools.product(*choices):
            cells = [_Cell(column, ()) for column in columns]
            for tail, cuts in zip(tails, picked, strict=True):
                bounds = (0, *cuts, len(tail))
                cells = [
                    _Cell(column, cell.lines + tuple(tail[bounds[i] : bounds[i + 1]]))
                    for i, (column, cell) in enumerate(zip(columns, cells, strict=True))
                ]
            score = self._score(cells)
            if score is not None and len(tails) > 1:
                score -= _overflow(cells, widths)
            if score is not None and (best is None or score > best[0]):
                best = (score, cells)
        return None if best is None else best[1]

    def _score(self, cells: list[_Cell]) -> int | None:
        total = 0
        for index, cell in enumerate(cells):
            if not cell.lines:  # an empty cell is likelier in a later column (配合单位)
                total -= 3 if cell.column.role is Role.LEAD else len(cells) - index
                continue
            text = despace(cell.text)
            if cell.column.kind is ColumnKind.DEADLINE:
                total += 2 if _DEADLINE_WORD.search(text) else -3
                continue
            names = split_names(text)
            if names is None:
                return None
            total += name_score([clean_name(n) for n in names], self.known)
        return total

    # -- inline layout ------------------------------------------------------

    def _inline_tasks(self) -> tuple[list[_TaskParts], set[int]]:
        labelled = [p for p, line in enumerate(self.lines) if _LABEL.search(despace(line.text))]
        if not labelled:
            return [], set()
        style = self._inline_style(labelled)
        if style is None:
            return [], set()
        first_labelled = labelled[0]
        start = next(
            (
                p
                for p in range(first_labelled, -1, -1)
                if (m := match_marker(self.lines[p].text, (style,))) is not None and m.value == 1
            ),
            first_labelled,
        )
        region = self.lines[start:]
        headings = set()
        for line in reversed(self.lines[:start]):
            marker = match_marker(line.text, _TASK_STYLES)
            if marker is None or "。" in line.text or LEVELS[marker.style] >= LEVELS[style]:
                break
            headings.add(line.number)

        def closes(block: list[Line], line: Line) -> bool:
            return _ends_block(line.text, style) or _labels_done(block, line)

        blocks, outside = self._blocks(region, (style,), closes)
        parts = [self._inline_block(marker, lines) for marker, lines in blocks]
        taken = {line.number for _, lines in blocks for line in lines} | headings
        if blocks:  # headings between tasks (一、…) belong to no task and to no requirement
            last = blocks[-1][1][-1].number
            taken |= {
                line.number
                for line in outside
                if line.number < last and match_marker(line.text, _TASK_STYLES) is not None
            }
        return parts, taken

    def _inline_style(self, labelled: list[int]) -> str | None:
        """The numbering style of the items that carry unit labels."""
        counts: dict[str, int] = {}
        for position in labelled:
            for back in range(position, -1, -1):
                marker = match_marker(self.lines[back].text, _TASK_STYLES)
                if marker is not None:
                    counts[marker.style] = counts.get(marker.style, 0) + 1
                    break
        if not counts:
            return None
        return max(counts, key=lambda style: (counts[style], -LEVELS[style]))

    def _inline_block(self, marker: Marker, lines: list[Line]) -> _TaskParts:
        parts = _TaskParts(marker=marker, first=lines[0])
        text = join_lines([Line(lines[0].number, marker.rest), *lines[1:]])
        sections = _label_sections(text)
        if not sections:
            self._issue(
                found.TASK_UNITS_UNPARSABLE,
                lines[0],
                label=_label(marker),
                columns="牵头单位、责任单位",
                reason="没有找到“牵头单位：”“责任单位：”这样的标注",
                text=text[-60:],
                task=marker.number,
            )
            parts.broken = True
        prose: list[str] = []
        cursor = 0
        for start, end, section in sections:
            prose.append(text[cursor:start])
            cursor = end
            self._read_labels(section, parts, lines[0])
        prose.append(text[cursor:])
        body = "".join(prose).strip()
        head, dot, after = body.partition("。")
        if dot and after and len(head) <= _TITLE_MAX and "，" not in head:
            parts.title, parts.content = head, after.strip()
        else:
            parts.content = body
        return parts

    def _read_labels(self, section: str, parts: _TaskParts, line: Line) -> None:
        matches = list(_LABEL.finditer(section))
        for index, match in enumerate(matches):
            stop = matches[index + 1].start() if index + 1 < len(matches) else len(section)
            value = section[match.end() : stop].strip(" ；;，,。.")
            column = classify_heading(match[1])
            if column is None or not value:
                continue
            if column.kind is ColumnKind.DEADLINE:
                parts.deadline = value
                continue
            names = split_names(value)
            if names is None:
                self._issue(
                    found.TASK_UNITS_UNPARSABLE,
                    line,
                    label=_label(parts.marker),
                    columns=match[1],
                    reason="括号不成对或有多余的分隔符",
                    text=value,
                    task=parts.marker.number,
                )
                parts.broken = True
                continue
            cleaned = tuple(clean_name(n) for n in names)
            if column.kind is ColumnKind.LEADERS:
                parts.leaders += cleaned
            elif column.role is not None:
                parts.units[column.role] = parts.units.get(column.role, ()) + cleaned


def _is_wide(line: Line, width: int) -> bool:
    """Whether a line is as wide as content lines (unit cells are narrower)."""
    return display_width(line.text) > width * _NARROW


def _overflow(cells: Sequence[_Cell], widths: Sequence[int]) -> int:
    """Penalty for lines wider than their column is elsewhere in the table."""
    return sum(
        2
        for cell, width in zip(cells, widths, strict=True)
        for line in cell.lines
        if width and display_width(line.text) > width + 2
    )


def _fragments(lines: list[Line], breaks: set[int]) -> list[list[Line]]:
    """The lines of a task cut where a page heading repeated inside it."""
    fragments: list[list[Line]] = [[]]
    for line in lines:
        fragments[-1].append(line)
        if line.number in breaks and line is not lines[-1]:
            fragments.append([])
    return [fragment for fragment in fragments if fragment]


def _heading_columns(text: str) -> list[Column] | None:
    """The columns a table heading line names, or None if it is not one."""
    if "：" in text or ":" in text:
        return None
    tokens = text.split()
    columns = [classify_heading(token) for token in tokens]
    if len(tokens) < 2 or any(c is None for c in columns):  # noqa: PLR2004 - a table has 2+ columns
        return None
    found_columns = [c for c in columns if c is not None]
    if not any(c.kind is ColumnKind.UNITS for c in found_columns):
        return None
    return found_columns


def _label(marker: Marker) -> str:
    return f"（{marker.number}）" if marker.style in ("paren", "dun") else marker.number


def _ends_block(text: str, style: str | None) -> bool:
    """Whether a line ends an inline task: a higher-level heading, 附件, end matter."""
    if (
        text.startswith("附件")
        or _END_MATTER.fullmatch(despace(text))
        or _is_date_like(despace(text))
    ):
        return True
    marker = match_marker(text, _TASK_STYLES)
    return bool(marker and style and LEVELS[marker.style] < LEVELS[style])


def _is_signature(text: str) -> bool:
    """Whether a line is the issuing body's name above the date (落款)."""
    return (
        len(text) <= _SIGNATURE_MAX
        and not re.search("[。，：:]", text)
        and bool(_ISSUER_END.search(text))
    )


def _labels_done(block: list[Line], line: Line) -> bool:
    """Whether a task's unit labels are complete before this line (inline layout)."""
    if _LABEL.match(despace(line.text)):
        return False
    last = despace(block[-1].text)
    if _LABEL.match(last):
        return True  # labels on their own lines, and this line is no label
    text = join_lines(block)
    sections = _label_sections(text)
    return bool(sections) and sections[-1][1] == len(text) and text.endswith(tuple(_CLOSE))


def _is_date_like(text: str) -> bool:
    return bool(_DATE_LINE.fullmatch(text) or _CN_DATE_LINE.fullmatch(text))


def _label_sections(text: str) -> list[tuple[int, int, str]]:
    """Spans of label sections: ``（牵头单位：…；责任单位：…）`` or trailing labels."""
    sections: list[tuple[int, int, str]] = []
    position = 0
    while (match := _LABEL.search(text, position)) is not None:
        start = match.start()
        opener = start - 1
        if opener >= 0 and text[opener] in _OPEN:
            depth = 0
            for index in range(opener, len(text)):
                if text[index] in _OPEN:
                    depth += 1
                elif text[index] in _CLOSE:
                    depth -= 1
                    if depth == 0:
                        sections.append((opener, index + 1, text[start:index]))
                        position = index + 1
                        break
            else:
                sections.append((opener, len(text), text[start:]))
                position = len(text)
        else:
            sections.append((start, len(text), text[start:]))
            position = len(text)
    return sections


def _split_top(text: str) -> tuple[str, ...]:
    """Split a recipients line at commas outside brackets (市属、驻市有关单位 stays one)."""
    names: list[str] = []
    depth = 0
    current = ""
    for ch in text:
        depth += (ch in _OPEN) - (ch in _CLOSE)
        if ch in "，,；;" and depth == 0:
            names.append(current)
            current = ""
        else:
            current += ch
    names.append(current)
    return tuple(name.strip() for name in names if name.strip())


def _paragraphs(lines: list[Line]) -> list[list[Line]]:
    widest = max((display_width(line.text) for line in lines), default=0)
    paragraphs: list[list[Line]] = []
    for line in lines:
        current = paragraphs[-1] if paragraphs else None
        starts = match_marker(line.text, ("dun",)) is not None
        if current and current[-1].text.endswith("。"):
            previous = current[-1].text
            starts = (
                starts
                or line.text.startswith("请")
                or display_width(previous) < widest * _SHORT_LINE
            )
        if current is None or starts:
            paragraphs.append([line])
        else:
            current.append(line)
    return paragraphs


def _requirements(body: list[Line]) -> tuple[str, tuple[Requirement, ...], str]:
    """The preamble, the numbered requirements (一、…) and the closing text."""
    preamble: list[str] = []
    requirements: list[Requirement] = []
    closing: list[str] = []
    for paragraph in _paragraphs(body):
        marker = match_marker(paragraph[0].text, ("dun",))
        if marker is None:
            (closing if requirements else preamble).append(join_lines(paragraph))
            continue
        text = join_lines([Line(paragraph[0].number, marker.rest), *paragraph[1:]])
        head, dot, rest = text.partition("。")
        if dot and len(head) <= _TITLE_MAX:
            requirements.append(Requirement(number=marker.number, heading=head, text=rest))
        else:
            requirements.append(Requirement(number=marker.number, heading="", text=text))
    return "\n".join(preamble), tuple(requirements), "\n".join(closing)


def _contact(text: str) -> Contact:
    due = _DUE.search(text)
    office = due["office"].strip() if due else ""
    email = _EMAIL.search(text)
    phone = _PHONE.search(text)
    person = _PERSON.search(text)
    return Contact(
        office=office,
        person=person[1] if person else "",
        email=email[0] if email else "",
        phone=phone[1] if phone else "",
    )


def _references(text: str) -> tuple[Reference, ...]:
    references: list[Reference] = []
    for match in _REFERENCE.finditer(text):
        before = re.split(r"[，。；、：:）)和及与]", text[: match.start()])[-1]
        issuer = next(
            (
                before[index:]
                for index in range(len(before))
                if before[index:].startswith(_ISSUER_START) and _ISSUER_END.search(before[index:])
            ),
            "",
        )
        references.append(Reference(title=match[1], doc_number=match[2], issuer=issuer))
    return tuple(references)
