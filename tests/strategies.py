"""Hypothesis strategies for gzgk values, shared by the property tests."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from gzgk.model import Contact, GroupMembers, Notice, Reference, Requirement, Round, Task
from gzgk.numbering import format_numeral

# Any text a notice can hold: every character but surrogates (not encodable).
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
names = st.lists(text.filter(str.strip), max_size=4).map(tuple)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))


@st.composite
def tasks(draw: st.DrawFn, count: int) -> tuple[Task, ...]:
    """``count`` tasks numbered 一, 二, … with arbitrary text and names."""
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
            group_members=draw(
                st.lists(
                    st.builds(GroupMembers, group=text.filter(str.strip), members=names), max_size=2
                )
            ),
        )
        for seq in range(1, count + 1)
    )


notices = st.builds(
    Notice,
    issuer=text,
    doc_number=text,
    title=text,
    issued_on=st.none() | dates,
    report_due=st.none() | dates,
    rounds=st.lists(
        st.builds(Round, name=text.filter(str.strip), due=st.none() | dates),
        max_size=4,
        unique_by=lambda item: "".join(item.name.split()),
    ),
    contact=st.builds(Contact, office=text, person=text, email=text, phone=text),
    references=st.lists(st.builds(Reference, title=text, doc_number=text, issuer=text), max_size=3),
    recipients=names,
    preamble=text,
    requirements=st.lists(st.builds(Requirement, number=text, heading=text, text=text), max_size=3),
    closing=text,
    attachment=text,
    tasks=st.integers(min_value=0, max_value=5).flatmap(tasks),
)
