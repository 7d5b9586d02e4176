"""Reporting rounds: schedules read from notices, stated by the office, and task deadlines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gzgk import UnknownRoundError, load_notice, parse_text, read_notice
from gzgk.model import Notice, Round
from gzgk.rounds import (
    Period,
    RoundsFormatError,
    deadline_date,
    format_rounds,
    parse_rounds,
    read_schedule,
)

NOTICES = Path(__file__).parent / "data" / "rounds"
D = dt.date

SCHEDULES = [
    (
        "请各单位于每季度末前将落实情况报送市政府办公室。",
        D(2024, 5, 14),
        [("2024年第二季度", D(2024, 6, 30)), ("2024年第三季度", D(2024, 9, 30)),
         ("2024年第四季度", D(2024, 12, 31))],
    ),
    (
        "各单位每半年报送一次工作进展情况。",
        D(2024, 3, 1),
        [("2024年上半年", D(2024, 6, 30)), ("2024年全年", D(2024, 12, 31))],
    ),
    (
        "请于6月底和12月底前将工作进展情况报送市政府办。",
        D(2024, 3, 1),
        [("2024年上半年", D(2024, 6, 30)), ("2024年全年", D(2024, 12, 31))],
    ),
    (
        "请于7月5日前、10月5日前、次年1月5日前报送落实情况。",
        D(2024, 5, 1),
        [("2024年第二季度", D(2024, 7, 5)), ("2024年第三季度", D(2024, 10, 5)),
         ("2024年第四季度", D(2025, 1, 5))],
    ),
    (
        "每季度结束后10个工作日内报送进展情况至市发改委。",
        D(2024, 1, 10),
        [("2024年第一季度", D(2024, 4, 12)), ("2024年第二季度", D(2024, 7, 12)),
         ("2024年第三季度", D(2024, 10, 14)), ("2024年第四季度", D(2025, 1, 14))],
    ),
    (
        "每季度首月10日前报送上季度工作进展情况到市政府办公室。",
        D(2024, 5, 1),
        [("2024年第二季度", D(2024, 7, 10)), ("2024年第三季度", D(2024, 10, 10)),
         ("2024年第四季度", D(2025, 1, 10))],
    ),
    (
        "每半年和全年报送工作总结至市政府办公室。",
        D(2024, 2, 1),
        [("2024年上半年", D(2024, 6, 30)), ("2024年全年", D(2024, 12, 31))],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "issued_on", "expected"), SCHEDULES)
def test_schedule_read(text: str, issued_on: dt.date, expected: list[tuple[str, dt.date]]) -> None:
    """Each wording of a schedule gives the rounds of the year, named by the period reported."""
    reading = read_schedule(text, issued_on=issued_on, year=None)
    assert [(item.name, item.due) for item in reading.rounds] == expected
    assert reading.sentence


def test_monthly_schedule_reports_the_month_before() -> None:
    """每月5日前 reports on the month before, from the month the notice is issued in."""
    reading = read_schedule(
        "各牵头单位每月5日前将上月工作进展情况报市政府督查室。", issued_on=D(2024, 5, 14), year=None
    )
    assert reading.rounds[0] == Round(name="2024年5月", due=D(2024, 6, 5))
    assert reading.rounds[-1] == Round(name="2024年12月", due=D(2025, 1, 5))
    assert len(reading.rounds) == 8


@pytest.mark.parametrize(
    "text",
    [
        "请各县（市、区）、各有关部门将贯彻落实情况于7月5日前报市政府办公室。",  # one report
        "每半年发布一次全省优秀政务新媒体榜单。",  # not a report back
        "每季度召开一次调度会，研究解决重大问题。",
    ],
)
def test_no_schedule(text: str) -> None:
    """A single deadline, or a cadence that is not about reporting back, is no schedule."""
    reading = read_schedule(text, issued_on=D(2024, 5, 14), year=None)
    assert reading.rounds == ()
    assert not reading.unread


def test_schedule_without_a_year_is_named_not_guessed() -> None:
    """Without a date or a year, the sentence is kept and no round is made up."""
    reading = read_schedule("请于每季度末前报送进展情况。", issued_on=None, year=None)
    assert reading.rounds == ()
    assert reading.unread


def test_real_notice_schedule() -> None:
    """蔡甸区's 2023 notice: 从2023年第一季度开始 … 每季度最后一个月的30日前 → four quarters."""
    result = read_notice(NOTICES / "caidian_2023_zhengfugongzuobaogao.txt")
    assert [(item.name, item.due) for item in result.notice.rounds] == [
        ("2023年第一季度", D(2023, 3, 30)),
        ("2023年第二季度", D(2023, 6, 30)),
        ("2023年第三季度", D(2023, 9, 30)),
        ("2023年第四季度", D(2023, 12, 30)),
    ]
    assert "schedule-unreadable" not in [issue.code for issue in result.issues]


def test_unread_schedule_is_reported() -> None:
    """A schedule the parser cannot place in a year is a warning that names the sentence."""
    text = "关于做好重点工作的通知\n1.推进政务公开。（市政府办公室牵头）\n请于每季度末前报送工作进展情况。\n"
    result = parse_text(text)
    found = [issue for issue in result.issues if issue.code == "schedule-unreadable"]
    assert len(found) == 1
    assert "每季度末前" in found[0].message


def test_bundled_notice_has_no_schedule() -> None:
    """The bundled notice asks for one report (7月5日前): no rounds."""
    assert load_notice("ganzhou-2024").rounds == ()


def test_stated_rounds() -> None:
    """--rounds text: 名称=日期 items, full-width commas, Chinese dates, a round without a date."""
    rounds = parse_rounds("2024年上半年=2024-07-10，2024年全年＝2025年1月10日；2025年第一季度")
    assert rounds == (
        Round(name="2024年上半年", due=D(2024, 7, 10)),
        Round(name="2024年全年", due=D(2025, 1, 10)),
        Round(name="2025年第一季度"),
    )
    assert parse_rounds(format_rounds(rounds)) == rounds


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2024年上半年=7月10日", "不是日期"),
        ("上半年=2024-07-10,上半年=2025-01-10", "不止一次"),
        ("=2024-07-10", "没有名称"),
        (" , ", "没有写出报送期次"),
    ],
)
def test_stated_rounds_errors(text: str, words: str) -> None:
    """A stated schedule that cannot be read says why, in Chinese."""
    with pytest.raises(RoundsFormatError, match=words):
        parse_rounds(text)


def test_notice_round_lookup() -> None:
    """A round is found by its name (spaces and width ignored); an unknown one lists the schedule."""
    notice = load_notice("ganzhou-2024")
    first, second = Round(name="2024年上半年", due=D(2024, 7, 10)), Round(name="2024年全年")
    scheduled = notice.for_round(first).for_round(second)
    assert scheduled.rounds == (first, second)
    assert scheduled.round(" 2024 年上半年") == first
    assert scheduled.for_round(first).report_due == D(2024, 7, 10)
    with pytest.raises(UnknownRoundError, match="2024年上半年、2024年全年"):
        scheduled.round("2024年下半年")


def test_duplicate_round_names_refused() -> None:
    """A schedule cannot name one round twice."""
    with pytest.raises(ValueError, match="不能重复"):
        Notice(rounds=(Round(name="甲"), Round(name="甲 ")))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年12月底前", D(2024, 12, 31)),
        ("6月底前", D(2024, 6, 30)),
        ("年底前", D(2024, 12, 31)),
        ("2025年底前", D(2025, 12, 31)),
        ("第三季度", D(2024, 9, 30)),
        ("9月中旬", D(2024, 9, 20)),
        ("2月30日前", D(2024, 2, 29)),
        ("6月底前启动，12月底前完成", D(2024, 12, 31)),
        ("上半年", D(2024, 6, 30)),
        ("2025年", D(2025, 12, 31)),
        ("长期坚持", None),
        ("持续推进", None),
        ("", None),
    ],
)
def test_deadline_date(text: str, expected: dt.date | None) -> None:
    """A task's 完成时限 as its last day; open-ended ones have none."""
    assert deadline_date(text, 2024) == expected


def test_deadline_without_year() -> None:
    """A month without a year and no year to place it in gives no date (never a guess)."""
    assert deadline_date("6月底前", None) is None


@pytest.mark.parametrize(
    ("due", "cadence", "name"),
    [
        (D(2024, 7, 5), "quarter", "2024年第二季度"),
        (D(2024, 6, 25), "month", "2024年6月"),
        (D(2024, 6, 10), "month", "2024年5月"),
        (D(2025, 1, 10), "half", "2024年全年"),
        (D(2024, 6, 20), "quarter", "2024年第二季度"),
    ],
)
def test_period_reported_by(due: dt.date, cadence: str, name: str) -> None:
    """A round reports on the last period that ends no later than 15 days after it is due."""
    assert Period.reported_by(cadence, due).name == name  # type: ignore[arg-type]
