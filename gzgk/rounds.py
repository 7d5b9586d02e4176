"""Reporting rounds: the schedule a notice states, the ``--rounds`` option, and dates in words.

Most notices are reported more than once: 每季度末前, 每半年, 6月底和12月底前,
每月5日前. :func:`read_schedule` reads such a sentence into the rounds of the
notice's year (:class:`~gzgk.model.Round`: a name and a due date), naming each
round by the period it reports on (``2024年第三季度``, ``2024年上半年``,
``2024年7月``). One rule names a round from its due date whatever the wording:
it reports on the last period that ends no later than 15 days after it is due
(7月5日前 → the second quarter; 6月25日前 → June). :func:`parse_rounds` reads
the schedule the office states itself; :func:`deadline_date` reads a task's
完成时限 (``2024年12月底前``, ``6月底前``, ``第三季度``) as a date.

Pure: no workbook library, no I/O.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Final, Literal

from attrs import evolve, frozen

from gzgk._text import read_day
from gzgk.errors import GzgkError, UnknownRoundError
from gzgk.model import Notice, Round

__all__ = [
    "Period",
    "RoundsFormatError",
    "ScheduleReading",
    "deadline_date",
    "format_rounds",
    "parse_rounds",
    "read_schedule",
    "select_round",
]

Cadence = Literal["month", "quarter", "half", "year"]

_MONTHS: Final[dict[Cadence, int]] = {"month": 1, "quarter": 3, "half": 6, "year": 12}
_NAMING_SLACK = dt.timedelta(days=15)  # a round reports on the last period ended by due + this
_SENTENCE = re.compile(r"[^。；;！!\n]+")
_REPORT = re.compile(r"报送|上报|报告|报(?=[^，,。；;]{0,16}(?:办公室|政府|办|局|委|科|处|邮箱))")
_PROGRESS = re.compile(r"情况|进展|进度|总结|成效")
_CADENCES: Final[tuple[tuple[Cadence, re.Pattern[str]], ...]] = (
    ("month", re.compile(r"每(?:个)?月|按月")),
    ("quarter", re.compile(r"每(?:个)?季(?:度)?|按季(?:度)?|季度末|季末")),
    ("half", re.compile(r"每半年|半年(?:度)?(?:和|及|、|与)(?:全年|年度|年底|年终)")),
    ("year", re.compile(r"每年(?!\d{1,2}月)|每年度")),
)
_NEXT_MONTH = re.compile(r"首月|第一个月|次月|下(?:一)?个?月|下季度|上(?:一)?个?(?:月|季度|半年)")
_LAST_MONTH = re.compile(r"最后一个月|末月|本月|当月|本季度|当季")
_DAY = re.compile(r"(\d{1,2})(?:日|号)(?:前|之前|以前|止)")
_AFTER_END = re.compile(r"(?:结束|期满|末)后(\d{1,2})(?:个)?(工作日|日|天)(?:内|前)")
_PERIOD_END = re.compile(r"(?:月|季度|季|半年|年)(?:末|底)|(?:季度|半年|年度)结束前")
_EXPLICIT = re.compile(
    r"(?:(?P<year>\d{4})年|(?P<next>次年|翌年|下一年))?(?P<month>\d{1,2})月"
    r"(?:(?P<day>\d{1,2})日|(?P<end>底|末))"
)
_START = re.compile(
    r"(?:从|自)(\d{4})年(?:第([一二三四1-4])季度|(上|下)半年|(\d{1,2})月)?(?:开始|起)"
)
_QUARTER_NAMES = "一二三四"
_HALF_NAMES = ("上半年", "全年")


@frozen
class Period:
    """A month, quarter, half or whole year that a round reports on.

    Attributes:
        cadence: month, quarter, half or year.
        year: the calendar year.
        index: 1-based within the year (the 3rd quarter, the 7th month).
    """

    cadence: Cadence
    year: int
    index: int

    @property
    def end(self) -> dt.date:
        """The period's last day."""
        month = self.index * _MONTHS[self.cadence]
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def name(self) -> str:
        """``2024年第三季度``, ``2024年上半年``/``2024年全年``, ``2024年7月``, ``2024年全年``."""
        if self.cadence == "quarter":
            return f"{self.year}年第{_QUARTER_NAMES[self.index - 1]}季度"
        if self.cadence == "half":
            return f"{self.year}年{_HALF_NAMES[self.index - 1]}"
        if self.cadence == "month":
            return f"{self.year}年{self.index}月"
        return f"{self.year}年全年"

    def next(self) -> Period:
        """The period after this one."""
        count = 12 // _MONTHS[self.cadence]
        if self.index < count:
            return Period(self.cadence, self.year, self.index + 1)
        return Period(self.cadence, self.year + 1, 1)

    @classmethod
    def containing(cls, cadence: Cadence, day: dt.date) -> Period:
        """The period of a cadence that a day falls in."""
        return cls(cadence, day.year, (day.month - 1) // _MONTHS[cadence] + 1)

    @classmethod
    def reported_by(cls, cadence: Cadence, due: dt.date) -> Period:
        """The period a round due on ``due`` reports on: the last one ended by due + 15 days."""
        period = cls.containing(cadence, due + _NAMING_SLACK)
        if period.end > due + _NAMING_SLACK:
            period = period.previous()
        return period

    def previous(self) -> Period:
        """The period before this one."""
        if self.index > 1:
            return Period(self.cadence, self.year, self.index - 1)
        return Period(self.cadence, self.year - 1, 12 // _MONTHS[self.cadence])


@frozen(kw_only=True)
class ScheduleReading:
    """What :func:`read_schedule` found.

    Attributes:
        rounds: the rounds read, in order (empty when none could be made).
        sentence: the sentence that states the schedule ("" when there is none).
    """

    rounds: tuple[Round, ...] = ()
    sentence: str = ""

    @property
    def unread(self) -> bool:
        """Whether the notice states a schedule that could not be made into rounds."""
        return bool(self.sentence) and not self.rounds


def _fold(text: str) -> str:
    """Full-width digits and letters as ASCII, spaces dropped (PDF text is full of both)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _clamp(year: int, month: int, day: int) -> dt.date:
    """The day of a month, or the month's last day when it is shorter (30日 of February)."""
    while month > 12:  # noqa: PLR2004 - months of the year
        year, month = year + 1, month - 12
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _schedule_sentences(text: str) -> Iterator[tuple[str, Cadence | None]]:
    """Sentences that say when progress is reported, with the cadence they name."""
    for match in _SENTENCE.finditer(_fold(text)):
        sentence = match[0]
        if not (_REPORT.search(sentence) and _PROGRESS.search(sentence)):
            continue
        cadence = next((name for name, pattern in _CADENCES if pattern.search(sentence)), None)
        explicit = len(_EXPLICIT.findall(sentence))
        if cadence is not None or explicit >= 2:  # noqa: PLR2004 - one date is a single report
            yield sentence, cadence


def _due(sentence: str, period: Period) -> dt.date:
    """When the round of a period is due, as the sentence words it."""
    after = _AFTER_END.search(sentence)
    if after:
        return _add_days(period.end, int(after[1]), working=after[2] == "工作日")
    day = _DAY.search(sentence)
    if day is None or _PERIOD_END.search(sentence[: day.start()]):
        return period.end
    number = int(day[1])
    end_month = period.end.month
    if _NEXT_MONTH.search(sentence):
        return _clamp(period.end.year, end_month + 1, number)
    if _LAST_MONTH.search(sentence):
        return _clamp(period.end.year, end_month, number)
    # No month named: an early day is in the month after the period, a late one in its last.
    month = end_month + 1 if number <= _NAMING_SLACK.days else end_month
    return _clamp(period.end.year, month, number)


def _add_days(day: dt.date, count: int, *, working: bool) -> dt.date:
    """``count`` days after ``day``; working days skip Saturdays and Sundays (not holidays)."""
    if not working:
        return day + dt.timedelta(days=count)
    while count:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:  # noqa: PLR2004 - Monday…Friday
            count -= 1
    return day


def _explicit(sentence: str, year: int) -> list[dt.date]:
    dates: list[dt.date] = []
    for match in _EXPLICIT.finditer(sentence):
        stated = int(match["year"]) if match["year"] else year + (1 if match["next"] else 0)
        month = int(match["month"])
        if not 1 <= month <= 12:  # noqa: PLR2004 - months of the year
            continue
        day = calendar.monthrange(stated, month)[1] if match["end"] else int(match["day"])
        try:
            dates.append(dt.date(stated, month, day))
        except ValueError:
            continue
    return sorted(set(dates))


def _cadence_of(dates: Sequence[dt.date]) -> Cadence:
    """The cadence of explicit dates, from the average gap between them."""
    span = (dates[-1] - dates[0]).days / max(len(dates) - 1, 1)
    if span < 45:  # noqa: PLR2004 - days: about a month
        return "month"
    if span < 135:  # noqa: PLR2004 - days: about a quarter
        return "quarter"
    return "half" if span < 270 else "year"  # noqa: PLR2004 - days: about half a year


def _start(text: str, issued_on: dt.date | None, year: int) -> dt.date:
    """The first day rounds may be due: a stated start (从2023年第一季度开始), else issue date."""
    stated = _START.search(_fold(text))
    if stated:
        start_year = int(stated[1])
        if stated[2]:
            quarter = _QUARTER_NAMES.find(stated[2]) + 1 or int(stated[2])
            return dt.date(start_year, (quarter - 1) * 3 + 1, 1)
        if stated[3]:
            return dt.date(start_year, 1 if stated[3] == "上" else 7, 1)
        return dt.date(start_year, int(stated[4] or 1), 1)
    return issued_on or dt.date(year, 1, 1)


def read_schedule(text: str, *, issued_on: dt.date | None, year: int | None) -> ScheduleReading:
    """The reporting schedule a notice's text states, as the rounds of its year.

    Args:
        text: the notice's body (preamble, requirements and closing).
        issued_on: the notice's date: rounds due before it are left out.
        year: the year the notice is about, when it has no date (from its title).

    Returns:
        The rounds (empty when the text states no schedule, or states one
        without a year to place it in), and the sentence that states it.
    """
    for sentence, cadence in _schedule_sentences(text):
        base = issued_on.year if issued_on else year
        if base is None:
            return ScheduleReading(sentence=sentence)
        start = _start(text, issued_on, base)
        dates = _explicit(sentence, start.year)
        if len(dates) >= 2:  # noqa: PLR2004 - one date is a single report
            kind = cadence if cadence in ("quarter", "half") else _cadence_of(dates)
            rounds = [
                Round(name=Period.reported_by(kind, due).name, due=due)
                for due in dates
                if due >= start
            ]
            return ScheduleReading(rounds=_distinct(rounds), sentence=sentence)
        if cadence is None:
            continue
        # A notice asks about work from its date on: the first period is the one it falls in.
        period = Period.containing(cadence, start)
        rounds = []
        while period.end.year <= start.year:
            rounds.append(Round(name=period.name, due=_due(sentence, period)))
            period = period.next()
        return ScheduleReading(rounds=tuple(rounds), sentence=sentence)
    return ScheduleReading()


def _distinct(rounds: Sequence[Round]) -> tuple[Round, ...]:
    """Rounds with unique names: a second date of the same period is named by its date."""
    seen: set[str] = set()
    result: list[Round] = []
    for item in rounds:
        name = item.name
        if name in seen and item.due is not None:
            name = f"{name}（{item.due.month}月{item.due.day}日）"
        seen.add(name)
        result.append(Round(name=name, due=item.due))
    return tuple(result)


# -- the office's own statement: --rounds "2024年上半年=2024-07-10,2024年全年=2025-01-10" --------

_ITEM_SEPARATORS = re.compile(r"[,，;；\n]+")


class RoundsFormatError(GzgkError, ValueError):
    """A stated schedule cannot be read (a date that is not one, a name given twice)."""

    code = "bad-rounds"


def _date(text: str, name: str) -> dt.date:
    day = read_day(text)
    if day is not None:
        return day
    raise RoundsFormatError(
        f"报送期次“{name}”的时限“{text}”不是日期；请写成 2024-07-10 或 2024年7月10日"
    )


def parse_rounds(text: str) -> tuple[Round, ...]:
    """A schedule stated as ``名称=日期`` items, separated by commas (the date may be left out).

    ``2024年上半年=2024-07-10,2024年全年=2025-01-10`` gives two rounds; full-width
    commas, semicolons and line breaks separate items too.

    Raises:
        RoundsFormatError: a date is not one, a name is empty or given twice.
    """
    rounds: list[Round] = []
    for item in _ITEM_SEPARATORS.split(text):
        if not item.strip():
            continue
        name, equals, due = item.replace("＝", "=").partition("=")
        name = name.strip()
        if not name:
            raise RoundsFormatError(f"报送期次“{item.strip()}”没有名称；请写成 名称=日期")
        if any(_fold(other.name) == _fold(name) for other in rounds):
            raise RoundsFormatError(f"报送期次“{name}”写了不止一次")
        rounds.append(Round(name=name, due=_date(due.strip(), name) if equals else None))
    if not rounds:
        raise RoundsFormatError(
            "没有写出报送期次；请写成 名称=日期，多期用逗号隔开，"
            "如 2024年上半年=2024-07-10,2024年全年=2025-01-10"
        )
    return tuple(rounds)


def select_round(
    notice: Notice,
    *,
    rounds: str | None = None,
    round: str | None = None,  # noqa: A002
) -> tuple[Notice, Round | None]:
    """The notice with the schedule the office states, and the round it names.

    Args:
        notice: the notice as read.
        rounds: a stated schedule (``名称=日期,…``) replacing the notice's own.
        round: the round reported: a name of the schedule, or ``名称=日期`` for a
            round the schedule lacks (a notice without a schedule takes any name).

    Raises:
        RoundsFormatError: ``rounds`` or ``round`` cannot be read.
        UnknownRoundError: the schedule has no round of that name.
    """
    if rounds:
        notice = evolve(notice, rounds=parse_rounds(rounds))
    if not round or not round.strip():
        return notice, None
    stated = parse_rounds(round)
    if len(stated) != 1:
        raise RoundsFormatError(f"--round 只能写一期（现为“{round}”）；多期的安排请用 --rounds")
    given = stated[0]
    try:
        scheduled = notice.round(given.name)
    except UnknownRoundError:
        if notice.rounds and given.due is None:
            raise
        return notice, given
    return notice, Round(name=scheduled.name, due=given.due or scheduled.due)


def format_rounds(rounds: Sequence[Round]) -> str:
    """The schedule in the form :func:`parse_rounds` reads (``名称=日期,…``)."""
    return ",".join(
        f"{item.name}={item.due.isoformat()}" if item.due else item.name for item in rounds
    )


# -- a task's 完成时限 as a date --------------------------------------------------

_DEADLINE_DATE = re.compile(
    r"(?:(?P<year>\d{4})年)?(?:(?P<month>\d{1,2})月(?:(?P<day>\d{1,2})日|(?P<end>底|末|中旬|上旬|下旬))?"
    r"|(?P<yearend>年底|年末|年内|年终|全年)"
    r"|第?(?P<quarter>[一二三四1-4])季度(?:末|底)?"
    r"|(?P<half>上半年|下半年))"
)
_YEAR_END = re.compile(r"(\d{4})年(?:底|末|内|终)")
_YEAR_ALONE = re.compile(r"(\d{4})年(?!\d)")
_MID = {"上旬": 10, "中旬": 20, "下旬": 31}
_ONGOING = re.compile(r"长期|持续|常态|逐步|适时|按要求|按规定")


def deadline_date(text: str, year: int | None) -> dt.date | None:
    """The last day a 完成时限 allows, or None for an open-ended one (长期坚持, 持续推进).

    ``2024年12月底前`` → 2024-12-31; ``6月底前`` → the 30th of June of ``year``;
    ``年底前`` → 31 December; ``第三季度`` → 30 September; ``9月中旬`` → the 20th.
    When several dates are named (``6月底前启动，12月底前完成``) the last one counts.
    """
    folded = _YEAR_END.sub(r"\1年12月底", _fold(text))  # 2024年底 → 2024年12月底
    if not folded or (_ONGOING.search(folded) and not _DEADLINE_DATE.search(folded)):
        return None
    found: list[dt.date] = []
    for match in _DEADLINE_DATE.finditer(folded):
        stated = int(match["year"]) if match["year"] else year
        if stated is None or not match[0]:
            continue
        day = _deadline_day(match, stated)
        if day is not None:
            found.append(day)
    if not found and (alone := _YEAR_ALONE.search(folded)):
        found.append(dt.date(int(alone[1]), 12, 31))  # 2025年 alone: within that year
    return max(found) if found else None


def _deadline_day(match: re.Match[str], year: int) -> dt.date | None:
    if match["yearend"]:
        return dt.date(year, 12, 31)
    if match["half"]:
        return dt.date(year, 6, 30) if match["half"] == "上半年" else dt.date(year, 12, 31)
    if match["quarter"]:
        quarter = _QUARTER_NAMES.find(match["quarter"]) + 1 or int(match["quarter"])
        return Period("quarter", year, quarter).end
    month = int(match["month"])
    if not 1 <= month <= 12:  # noqa: PLR2004 - months of the year
        return None
    if match["day"]:
        return _clamp(year, month, int(match["day"]))
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(_MID.get(match["end"] or "", last), last))
