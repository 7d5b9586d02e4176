"""Notices as text: header facts, requirements and the tasks, in any common layout.

The text may come from a PDF, a Word file or a web page. Its tasks are read
by the first layout that finds them:

* a **web table** flattened one cell per line or with ``|`` between cells
  (:mod:`gzgk.parse.webtable`), read as a grid;
* a **PDF table**: a 任务分工表 whose columns PDF extraction has serialised
  cell by cell after a heading line such as ``主要任务 牵头单位 责任单位``
  (:mod:`gzgk.parse.table`);
* a **list**: numbered items with label lines, inline labels or unlabelled
  verb forms (:mod:`gzgk.parse.items`).

Every task that could be read is kept; where a part cannot be read the
result carries an issue naming the task and the reason. Every line of the
source ends up in the header facts, a task, or an issue.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import TypeVar, cast

import attrs
from attrs import define, evolve
from rich.cells import cell_len as display_width

from gzgk._text import read_day
from gzgk.lexicon.names import CLAUSE_SEPARATORS, CLOSE, OPEN, NameCheck
from gzgk.lexicon.vocabulary import MASKED, READING, mask_readings, role_words
from gzgk.model import Contact, Notice, Reference, Requirement, Role, Round, Task
from gzgk.numbering import parse_numeral
from gzgk.parse import notice_issues
from gzgk.parse.draft import Draft, Reporter, make_tasks
from gzgk.parse.finish import Unfinished, finish
from gzgk.parse.grid import CAPTION
from gzgk.parse.items import list_tasks
from gzgk.parse.lines import (
    Line,
    addresses_recipients,
    despace,
    is_date_line,
    is_end_matter,
    join_lines,
    match_marker,
    split_lines,
)
from gzgk.parse.page import is_html, page_text
from gzgk.parse.result import ParseResult
from gzgk.parse.rules import is_rule
from gzgk.parse.table import find_header, table_tasks
from gzgk.parse.webtable import (
    find_tables,
    read_table,
    run_together_table,
    unread_rows,
    unspace,
    untab,
)
from gzgk.report import IssueType
from gzgk.rounds import read_schedule

__all__ = ["mask_pinyin", "parse_text", "plain_text", "read_text", "unmask"]

_DOC_NUMBER = re.compile(r"\S{0,12}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号")
_DATE_LINE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_CN_DATE_LINE = re.compile(
    r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日"
)
_DUE = re.compile(
    r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:前|之前)(?:将[^，。；,;]{0,24}?)?"
    r"(?:报送至|报送到|报送|报至|报|送至|送)"
    r"(?P<office>[^，。；,;：:（(]*)"
)
_YEAR = re.compile(r"(20\d{2})年")
_ROW_SHOWN = 12  # characters of a row's text an issue shows
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(r"电话[:：]?([0-9０-９][0-9０-９\-－—()（）]{4,24}[0-9０-９])")
_PERSON = re.compile(r"联系人[:：]([^\s，,。；;、：:（(]{2,5})")
_REFERENCE = re.compile(r"《([^《》]{2,100})》[（(]([^（）()]{0,24}〔\d{4}〕\d{1,4}号)[）)]")
_ISSUER_END = re.compile(r"(办公厅|办公室|人民政府|政府|委员会|委|部|局|厅|办)$")
_ISSUER_START = ("国务院", "中共", "中央", "国家", "省", "市", "县", "区", "全国")
_TITLE_MAX = 30
_SHORT_LINE = 0.8
_HEADER_SCAN = 12
_CHROME_SCAN = 30  # a page's box may print its facts twice, one a line
# How a title ends when no recipients' line follows it to say where it ends.
_TITLE_ENDS = (
    "通知",
    "方案",
    "意见",
    "要点",
    "分工表",
    "安排",
    "分工",
    "清单",
    "计划",
    "分解",
    "分解表",
    "一览表",
    "决定",
    "工作任务",
    "重点任务",
    "主要任务",
)
_SIGNATURE_MAX = 25


def parse_text(
    text: str,
    *,
    source: str = "",
    known: NameCheck | None = None,
    roles: Mapping[str, Role] | None = None,
) -> ParseResult:
    """Parse a notice from its text.

    Args:
        text: the whole notice, or only its task table.
        source: the name of the source, for messages.
        known: tells whether a unit name is known (``registry.find``); it
            helps to split run-together table cells, and is optional.
        roles: labels to read with another role (``{"主要责任单位": Role.LEAD}``).

    Returns:
        The notice with every task that could be read, and every issue met;
        ``result.unwrap()`` raises on errors.
    """
    with role_words(roles):
        return finish(read_text(text, source=source, known=known), known)


def read_text(text: str, *, source: str = "", known: NameCheck | None = None) -> Unfinished:
    """A notice's text read by its layout, before its rules and checks (see :func:`parse_text`)."""
    masked, readings, at = mask_pinyin(plain_text(text))
    read = _TextParser(split_lines(masked), Reporter(source), known).run()
    if not readings or not read.drafts:
        return read
    starts = sorted(
        (draft.first.number, draft.number) for draft in read.drafts if isinstance(draft.first, Line)
    )
    ends = [start for start, _ in starts[1:]] + [len(masked)] * bool(starts)
    tasks = [
        number
        for (start, number), end in zip(starts, ends, strict=True)
        if any(start <= line < max(end, start + 1) for line in at)
    ]
    read = Unfinished(
        unmask(read.notice), read.drafts, read.reporter, tuple(unmask(r) for r in read.rules)
    )
    read.reporter.issues[:] = [unmask(issue) for issue in read.reporter.issues]
    read.reporter.issue(
        notice_issues.PINYIN_KEPT,
        None,
        task=None,
        count=len(readings),
        example=readings[0],
        tasks="、".join(tasks) if tasks else "无",
    )
    return read


def plain_text(text: str) -> str:
    """Text as the parser reads it: a page's HTML as lines, tab-separated tables as ``|`` rows.

    HTML goes through lxml (:mod:`gzgk.parse.page`); a table copied from Word
    or WPS, its cells separated by tabs, becomes ``|`` rows
    (:func:`gzgk.parse.webtable.untab`), and so does a table flattened one row a line
    with spaces between its cells (:func:`gzgk.parse.webtable.unspace`). Other text is
    returned unchanged.
    """
    return unspace(untab(page_text(text) if is_html(text) else text))


_UNMASK = str.maketrans({mask: bracket for bracket, mask in MASKED.items()})


def mask_pinyin(text: str) -> tuple[str, list[str], set[int]]:
    r"""A text whose pinyin readings hold no brackets; the readings; the lines they are on.

    Pages reposted through some converters print a reading after many
    characters (``關(guān)於``, ``市經(jīng)貿(mào)委``). Those brackets are no part of
    the notice's structure: read as brackets they would cut a unit's name or
    an assignment. A bracket holds a reading when it holds one syllable of
    lower-case letters with a tone mark, right after a character. The text is
    kept as printed (:func:`unmask` gives the brackets back).

    A line break inside a reading (``區(q`` / ``ū)``, a PDF's or a page's hard
    wrap) goes to just after it: the reading is masked whole, and the line
    breaks where a break between two characters would.

    >>> masked, readings, lines = mask_pinyin("市經(jīng)貿(mào)委（PQI）")
    >>> readings, lines, unmask(masked)
    (['經(jīng)', '貿(mào)'], {1}, '市經(jīng)貿(mào)委（PQI）')
    >>> unmask(mask_pinyin("園區(q\nū)建設")[0])
    '園區(qū)\n建設'
    """
    text = _mend_readings(text)
    found = list(READING.finditer(text))
    readings = [text[m.start() - 1 : m.end()] for m in found]
    lines = {text.count("\n", 0, m.start()) + 1 for m in found}
    return mask_readings(text), readings, lines


_READING_LONGEST = 10  # characters of a reading with its brackets and the character before


def _mend_readings(text: str) -> str:
    """A text whose pinyin readings a line break cut are whole, the break moved after each."""
    for newline in [match.start() for match in re.finditer("\n", text)]:
        low = max(0, newline - _READING_LONGEST)
        window = text[low:newline] + text[newline + 1 : newline + 1 + _READING_LONGEST]
        cut = newline - low  # where the line break was in the window
        for match in READING.finditer(window):
            if match.start() - 1 < cut < match.end():
                end = low + match.end() + 1  # the reading's end in the text
                text = text[:newline] + text[newline + 1 : end] + "\n" + text[end:]
                break
    return text


_T = TypeVar("_T")


def unmask(value: _T) -> _T:
    """A value (a string, a notice, an issue …) with the readings' brackets given back."""
    result: object = value
    if isinstance(value, str):
        result = value.translate(_UNMASK)
    elif isinstance(value, tuple):
        result = tuple(unmask(item) for item in value)
    elif isinstance(value, list):
        result = [unmask(item) for item in value]
    elif isinstance(value, dict):
        result = {unmask(key): unmask(item) for key, item in value.items()}
    elif attrs.has(type(value)):
        instance = cast("attrs.AttrsInstance", value)
        fields = attrs.fields(type(instance))
        make: Callable[..., object] = type(instance)  # every field given: a copy, unmasked
        result = make(**{f.alias: unmask(getattr(instance, f.name)) for f in fields if f.init})
    return cast("_T", result)


@define
class _TextParser:
    lines: list[Line]
    reporter: Reporter
    known: NameCheck | None

    def _issue(self, issue_type: IssueType, line: Line | None = None, **params: object) -> None:
        self.reporter.issue(issue_type, line, task=None, **params)

    def run(self) -> Unfinished:
        if not self.lines:
            self._issue(notice_issues.EMPTY_SOURCE)
            return Unfinished(Notice(), [], self.reporter)
        spots = find_tables(self.lines)
        drafts, taken = self._before_tables(spots[0].start) if spots else ([], set())
        qualify = bool(drafts) or len(spots) > 1  # numbers unique in the notice: 附表1-3
        tables = [
            read_table(
                self.lines,
                spot,
                self.reporter,
                self.known,
                prefix=f"{self._caption(spot.start, position)}-" if qualify else "",
            )
            for position, spot in enumerate(spots)
        ]
        if not tables and (header_at := find_header(self.lines)) is not None:
            tables = [table_tasks(self.lines, header_at, self.reporter, self.known)]
        notes: list[Line] = []
        rules: tuple[str, ...] = ()
        if tables:  # the notice's text is what the tables (and any tasks before them) leave
            for table in tables:
                drafts += table.drafts
                notes += table.notes
                rules += table.rules
                taken |= {
                    line.number for line in self.lines if table.start <= line.number <= table.end
                }
            taken |= {line.number for line in notes}
            other = [
                line
                for line in self.lines
                if line.number not in taken
                and not (line.number > tables[0].start and is_end_matter(line.text))
            ]
        else:
            listed = list_tasks(self.lines, self.reporter, self.known)
            drafts = listed.drafts
            other = [line for line in self.lines if line.number not in listed.taken]
            self._unread_rows(drafts)
            run_on = run_together_table(self.lines) if not drafts else None
            if run_on is not None and not self.reporter.failed:
                line, heading, start = run_on
                self._issue(
                    notice_issues.TABLE_RUN_TOGETHER,
                    line,
                    start=line.number,
                    heading=heading,
                    first=start,
                )
            elif not drafts and not self.reporter.failed:
                self._issue(notice_issues.NO_TASK_TABLE)
        tasks = make_tasks(drafts, self.reporter)
        notice = self._front(other, tasks)
        if notes:
            text = join_lines(notes)
            if not is_rule(text):
                self._issue(notice_issues.TABLE_NOTE_KEPT, notes[0], text=text)
            notice = evolve(notice, closing="\n".join(filter(None, (notice.closing, text))))
        return Unfinished(notice, drafts, self.reporter, rules)

    def _unread_rows(self, drafts: list[Draft]) -> None:
        """Say the rows of a table without heading read as no task: no column of its units found."""
        starts = {draft.first.number for draft in drafts if isinstance(draft.first, Line)}
        for first, rows in unread_rows(self.lines):
            unread = [(line, text) for line, text in rows if line.number not in starts]
            if unread:
                self._issue(
                    notice_issues.TABLE_UNITS_NOT_FOUND,
                    first,
                    start=first.number,
                    count=len(unread),
                    rows="、".join(f"{line.text}“{text[:_ROW_SHOWN]}”" for line, text in unread),
                )

    def _before_tables(self, start: int) -> tuple[list[Draft], set[int]]:
        """Tasks printed as a list before the first table (the table restating them, say)."""
        before = [line for line in self.lines if line.number < start]
        scratch = Reporter(self.reporter.source)
        listed = list_tasks(before, scratch, self.known)
        if not listed.drafts:
            return [], set()
        self.reporter.issues += scratch.issues
        return listed.drafts, set(listed.taken)

    def _caption(self, start: int, position: int) -> str:
        """What a table is called, for its tasks' numbers: 附件1, 附表2, or 表2."""
        for line in reversed([line for line in self.lines if line.number < start][-3:]):
            match = CAPTION.match(despace(line.text))
            if match is not None:
                return match[0]
        return f"表{position + 1}"

    def _front(self, lines: list[Line], tasks: tuple[Task, ...]) -> Notice:
        start, facts = metadata(lines)
        for line in lines[start : start + _HEADER_SCAN]:  # a box below the page's first lines
            _note(facts, _facts(line.text))
        heading = next(  # a Markdown copy marks its title: what stands above is no part of it
            (
                position
                for position in range(start, min(start + _HEADER_SCAN, len(lines)))
                if lines[position].text.startswith("# ")
            ),
            start,
        )
        lines = [Line(line.number, _unframed(line.text)) for line in lines[heading:]]
        head: set[str] = set()  # a page prints its title in its box and above the text
        kept = []
        for position, line in enumerate(lines):
            if position < _CHROME_SCAN:
                if not line.text or _is_head_chrome(line.text) or despace(line.text) in head:
                    continue
                head.add(despace(line.text))
            kept.append(line)
        lines = kept
        notice = self._printed_front(lines, tasks)
        issued_on = read_day(facts.get("issued_on", ""))
        return evolve(
            notice,
            issuer=notice.issuer or facts.get("issuer", ""),
            doc_number=notice.doc_number or _doc_number(facts.get("doc_number", "")),
            title=notice.title or facts.get("title", ""),
            issued_on=notice.issued_on or issued_on,
        )

    def _printed_front(self, lines: list[Line], tasks: tuple[Task, ...]) -> Notice:
        index = 0
        issuer = ""
        first = despace(lines[0].text) if lines else ""
        if first and not _DOC_NUMBER.search(first) and _ISSUER_END.search(first):
            issuer, index = first, 1
        doc_number = ""
        above: list[Line] = []  # a title printed above the document number
        for position in range(index, min(index + 4, len(lines))):
            text = despace(lines[position].text)
            if _DOC_NUMBER.fullmatch(text):
                doc_number, above, index = text, lines[index:position], position + 1
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
        if not doc_number and recipients_at is not None:
            # A page's menu and breadcrumbs above the document: its number starts the document.
            for position in range(recipients_at - 1, index - 1, -1):
                text = despace(lines[position].text)
                if _DOC_NUMBER.fullmatch(text):
                    doc_number, index = text, position + 1
                    break
        title_end = recipients_at if recipients_at is not None else self._title_end(lines, index)
        if above and despace(above[-1].text).endswith(_TITLE_ENDS):
            title = join_lines(above)  # a page's order: the title, then the document number
        else:
            title = _once(join_lines(lines[index:title_end]) or join_lines(above))
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
            rounds=self._rounds(text, issued_on, title),
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
            text = despace(lines[position].text)
            if match_marker(text) is None and text.endswith(_TITLE_ENDS):
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
            if is_date_line(following) and _is_signature(text):
                continue
            if is_end_matter(text):
                continue  # 抄送 and 印发 lines: the document's end matter
            date = self._date_line(text, line)
            if date is not None or is_date_line(text):
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
            self._issue(notice_issues.DATE_UNREADABLE, line, what="成文日期", text=text)
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
                    notice_issues.DATE_UNREADABLE,
                    what="报送时限（通知没有成文日期，无法确定年份）",
                    text=match[0],
                )
                return None
            try:
                return dt.date(year, month, day)
            except ValueError:
                self._issue(notice_issues.DATE_UNREADABLE, what="报送时限", text=match[0])
                return None
        return None

    def _rounds(self, text: str, issued_on: dt.date | None, title: str) -> tuple[Round, ...]:
        """The reporting schedule (每季度末前 …), when the body states one."""
        year = _YEAR.search(title)
        reading = read_schedule(text, issued_on=issued_on, year=int(year[1]) if year else None)
        if reading.unread:
            reason = (
                "通知没有成文日期，标题中也没有年份"
                if issued_on is None and not year
                else "各期的时限没有看懂"
            )
            self._issue(notice_issues.SCHEDULE_UNREADABLE, text=reading.sentence, reason=reason)
        return reading.rounds

    # -- table layout -------------------------------------------------------


def _is_signature(text: str) -> bool:
    """Whether a line is the issuing body's name above the date (落款)."""
    return (
        len(text) <= _SIGNATURE_MAX
        and not re.search("[。，：:]", text)
        and bool(_ISSUER_END.search(text))
    )


def _split_top(text: str) -> tuple[str, ...]:
    """Split a recipients line at commas outside brackets (市属、驻市有关单位 stays one)."""
    names: list[str] = []
    depth = 0
    current = ""
    for ch in text:
        depth += (ch in OPEN) - (ch in CLOSE)
        if ch in CLAUSE_SEPARATORS and depth == 0:
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
                or addresses_recipients(line.text)
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


# What a page's information box or a Markdown copy's front matter calls its facts.
_FACT_KEYS: Mapping[str, str] = {
    **dict.fromkeys(("标题", "名称", "文件名称", "公文标题", "文件标题"), "title"),
    **dict.fromkeys(
        ("文号", "发文字号", "文件编号", "发文号", "文件字号", "发文文号"), "doc_number"
    ),
    **dict.fromkeys(
        (
            "发布机构",
            "发文机关",
            "发布单位",
            "发布部门",
            "发文单位",
            "制发机关",
            "发文机构",
            "发布机关",
        ),
        "issuer",
    ),
    **dict.fromkeys(("成文日期", "印发日期", "发文日期"), "issued_on"),
}
# Other keys such a box holds: known, so that its lines are not read as the notice's.
_OTHER_KEYS = frozenset(
    [
        "索引号",
        "主题分类",
        "组配分类",
        "体裁分类",
        "信息分类",
        "有效性",
        "时效性",
        "发布日期",
        "公开日期",
        "生效日期",
        "废止日期",
        "主题词",
        "关键词",
        "来源",
        "信息来源",
        "公开方式",
        "公开范围",
        "层级",
        "类型",
        "分类",
        "状态",
        "官方链接",
        "原文链接",
        "发布时间",
        "统一编号",
        "实施日期",
        "效力级别",
        "法规类别",
        "时效",
        "浏览次数",
        "体裁",
        "发文时间",
        "登记号",
        "所属机构",
        "文件分类",
        "法宝引证码",
        "登记日期",
        "生成日期",
    ]
)
# A page's own words around a notice's head: breadcrumbs, counters, sharing and font buttons,
# the 文章来源/发表时间 line, a document site's upload facts.
_HEAD_CHROME = re.compile(
    r"(?=[^。；;]{0,100}$).*(?:(?:您|当前|现在|所在)\S{0,3}位置[:：]?|^[>＞»]|\S\s*>.{1,20}>|浏览(?:次数|量)[:：]?|【?字体[:：]"
    r"|分享到?[:：]?$|打印本页|关闭窗口|发表时间[:：]|文章来源[:：]|责任编辑[:：]|上传(?:人|时间)[:：]"
    r"|文档编号[:：]|^\d{4}-\d{1,2}-\d{1,2}\s*\d{1,2}:\d{2})"
    r".*|(?:设为首页|加入收藏|无障碍(?:阅读|浏览)?|长[者辈]版|繁体|简体|登录|注册|English|[-|｜•·\s])+"
)
_FENCE = re.compile(r"-{3,}|\+{3,}")
_KEYS = "|".join(  # letter-spaced as a box may print them: 索 引 号
    r"\s*".join(key) for key in sorted({*_FACT_KEYS, *_OTHER_KEYS}, key=len, reverse=True)
)
# A key of a box: 【发文字号】, 发文字号：, or a key alone before a space or a cell's end.
_KEY = re.compile(rf"【\s*({_KEYS})\s*】|({_KEYS})\s*[:：]|({_KEYS})(?=\s|\||$)")
_BULLETS = " \t|•·-"


def metadata(lines: list[Line]) -> tuple[int, dict[str, str]]:
    """Where the notice starts after a leading box of facts, and the facts the box names.

    Pages print an information box above a notice (``索 引 号：… | 成文日期：…``,
    ``发文字号：…``, ``标题：…``), cells flattened with ``|`` or one a line, and a
    Markdown copy may open with front matter between ``---`` lines. Neither is
    the notice's title: the box is skipped, and its 标题, 文号, 发布机构 and 成文日期
    stand in for what the printed head does not say.

    >>> box = "索引号: | 1133/2022-1 | 成文日期: | 2022-04-18 |"
    >>> metadata([Line(1, box), Line(2, "海盐县…的通知")])
    (1, {'issued_on': '2022-04-18'})
    """
    facts: dict[str, str] = {}
    fenced = False
    index = 0
    for index, line in enumerate(lines):
        text = line.text.strip()
        if _FENCE.fullmatch(text):
            if index == 0 or fenced:
                fenced = not fenced
                continue
            break
        pairs = _facts(text)
        if not (fenced or pairs or (facts and not text.strip("| "))):
            break
        _note(facts, pairs)
    else:
        index = len(lines)
    return (index, facts) if facts or index else (0, {})


def _note(facts: dict[str, str], pairs: list[tuple[str, str]]) -> None:
    """Keep the first value a box gives each of the notice's facts (标题, 文号, 发布机构 …)."""
    for key, value in pairs:
        if key in _FACT_KEYS and value:
            facts.setdefault(_FACT_KEYS[key], value)


def _facts(text: str) -> list[tuple[str, str]]:
    """A box line's ``key: value`` pairs, when it opens with a key a box uses (else none).

    ``索 引 号：X 成文日期：Y``, ``【发文字号】X【发布日期】Y``, ``文号 | X | 索引号 | Y``
    and ``文    号 X`` each give their pairs; a value is what stands up to the next key.
    """
    text = text.strip(_BULLETS)
    keys = list(_KEY.finditer(text))
    if not keys or keys[0].start() != 0:
        return []
    ends = [key.start() for key in keys[1:]] + [len(text)]
    return [
        (despace(key[1] or key[2] or key[3]), despace(text[key.end() : end].strip(_BULLETS)))
        for key, end in zip(keys, ends, strict=True)
    ]


def _is_head_chrome(text: str) -> bool:
    """Whether a head line is the page's, not the notice's: chrome, or facts of a box."""
    return _HEAD_CHROME.fullmatch(despace(text)) is not None or bool(_facts(text))


def _unframed(text: str) -> str:
    """A head line without Markdown's marks: ``# 标题`` is a heading, ``|`` a box's frame."""
    return text.strip().strip("|").strip().lstrip("#•·").strip()


def _once(title: str) -> str:
    """A title a page printed twice running (in its box and above the text) as printed once."""
    half = len(title) // 2
    return title[:half] if half and title[:half] == title[half:] else title


def _doc_number(text: str) -> str:
    """The document number in a box's value (``衢政办发〔2021〕3号``), or the value."""
    match = _DOC_NUMBER.search(re.split("[:：]", text)[-1])
    return match[0] if match else text
