"""What every printed page of a summary says: the notice in the header, sheet, page and moment.

One place for the page header and footer of the summary workbook's sheets
(:mod:`gzgk.excel.summary_book`) and of a round's 进展对比
(:mod:`gzgk.excel.rounds_book`): the notice's title where it fits the page,
else its 文号; the footer is never cut short.
"""

from __future__ import annotations

from gzgk._text import chinese_moment
from gzgk.contract import PRINT, SUMMARY
from gzgk.summary import Summary

__all__ = ["summary_footer", "summary_header", "summary_title"]


def summary_title(summary: Summary) -> str:
    """The summary's title: the notice's title and 落实情况汇总."""
    return f"{summary.notice.title or '任务分工'}{SUMMARY.TITLE_SUFFIX}"


def _escape(text: str) -> str:
    """Text for a page header or footer, where ``&`` starts a code."""
    return text.replace("&", "&&")


def summary_header(summary: Summary, *, landscape: bool = True) -> str:
    """The notice in the page header: its title where it fits, else its 文号."""
    room = PRINT.section_room("", landscape=landscape) * 2
    notice = summary.notice
    short = f"{notice.doc_number}{SUMMARY.TITLE_SUFFIX}" if notice.doc_number else ""
    title = PRINT.fitting([summary_title(summary), short, SUMMARY.TITLE_SUFFIX], room)
    return SUMMARY.HEADER.format(title=_escape(title))


def summary_footer(summary: Summary, sheet: str) -> str:
    """The sheet's name, the page numbers and the moment the summary speaks for."""
    as_of = SUMMARY.AS_OF.format(moment=chinese_moment(summary.as_of))
    return SUMMARY.FOOTER.format(sheet=_escape(sheet), as_of=_escape(as_of))
