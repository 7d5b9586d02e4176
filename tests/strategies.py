"""Hypothesis strategies for gzgk values, shared by the property tests."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import strategies as st

from gzgk.lexicon.names import split_names
from gzgk.model import Contact, GroupMembers, Notice, Reference, Requirement, Round, Task
from gzgk.numbering import format_numeral

# Any text a notice can hold: every character but surrogates (not encodable).
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
names = st.lists(text.filter(str.strip), max_size=4).map(tuple)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))


def notice_values(
    text: st.SearchStrategy[str],
    names: st.SearchStrategy[tuple[str, ...]],
    group: st.SearchStrategy[str],
    round_name: st.SearchStrategy[str],
    *,
    blank_rows: bool = True,
) -> st.SearchStrategy[Notice]:
    """Notices of 0–5 tasks numbered 一, 二, … whose texts and names come from the strategies.

    ``blank_rows``: requirements and references may be wholly blank (a table drops them).
    """
    requirement = st.builds(Requirement, number=text, heading=text, text=text)
    reference = st.builds(Reference, title=text, doc_number=text, issuer=text)
    if not blank_rows:
        requirement = requirement.filter(lambda r: (r.number + r.heading + r.text).strip() != "")
        reference = reference.filter(lambda r: (r.title + r.doc_number + r.issuer).strip() != "")

    @st.composite
    def tasks(draw: st.DrawFn, count: int) -> tuple[Task, ...]:
        return tuple(
            Task(
                seq=seq,
                number=format_numeral(seq),
                title=draw(text),
                content=draw(text),
                lead=draw(names),
                responsible=draw(names),
                cooperating=draw(names),
                informed=draw(names),
                leaders=draw(names),
                deadline=draw(text),
                section=draw(text),
                group_members=draw(
                    st.lists(st.builds(GroupMembers, group=group, members=names), max_size=2)
                ),
            )
            for seq in range(1, count + 1)
        )

    return st.builds(
        Notice,
        issuer=text,
        doc_number=text,
        title=text,
        issued_on=st.none() | dates,
        report_due=st.none() | dates,
        rounds=st.lists(
            st.builds(Round, name=round_name, due=st.none() | dates),
            max_size=4,
            unique_by=lambda item: "".join(item.name.split()),
        ),
        contact=st.builds(Contact, office=text, person=text, email=text, phone=text),
        references=st.lists(reference, max_size=3),
        recipients=names,
        preamble=text,
        requirements=st.lists(requirement, max_size=3),
        closing=text,
        attachment=text,
        tasks=st.integers(min_value=0, max_value=5).flatmap(tasks),
    )


notices = notice_values(text, names, text.filter(str.strip), text.filter(str.strip))

# -- what a worksheet cell holds -----------------------------------------------
# Every character but the control characters other than tab and line feed (XML 1.0 has
# no others; xlsx writers escape them as _xHHHH_, which no reader undoes), U+FFFE/FFFF,
# and text that reads as such an escape.
_ESCAPE = re.compile("_x[0-9A-Fa-f]{4}_")
cell_text = st.text(
    st.characters(
        exclude_categories=("Cs",),
        exclude_characters="".join(chr(c) for c in range(32) if chr(c) not in "\t\n")
        + "\x7f\ufffe\uffff",
    ),
    max_size=40,
).filter(lambda value: not _ESCAPE.search(value))


def _one_name(value: str) -> bool:
    """A name a list cell gives back as itself: no spaces, no separator outside brackets."""
    return not re.search(r"\s", value) and split_names(value) == [value]


cell_name = cell_text.filter(_one_name)


def _members(values: tuple[str, ...]) -> bool:
    return not values or split_names("、".join(values)) == list(values)


cell_names = st.lists(cell_name, max_size=4).map(tuple).filter(_members)
book_notices = notice_values(
    cell_text,
    cell_names,
    cell_text.filter(lambda value: value.strip() == value and value and "：" not in value).filter(
        lambda value: ":" not in value and "\n" not in value
    ),
    cell_text.filter(str.strip),
    blank_rows=False,
)
"""Notices a 分工表 workbook holds exactly: cell text, unit names that are single names."""
