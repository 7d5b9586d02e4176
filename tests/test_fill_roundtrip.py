"""Property: generate → fill → read gives back exactly what was filled."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.returns import MATRIX, generate

from gzgk.contract import RETURN
from gzgk.excel.fill import fill_return
from gzgk.excel.read import read_return
from gzgk.excel.return_data import ReturnData
from gzgk.returns import Entry, Filled

UNIT = "市司法局"
NUMBERS = [task.number for task, _ in MATRIX.assignments_of(UNIT, expand=True)]
# What a cell can hold: no control characters XML refuses, no surrogates; kept as text.
cell_text = st.text(
    st.characters(
        exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff", include_characters="\n"
    ),
    max_size=60,
).map(str.strip)
entries = st.builds(
    Entry,
    status=st.sampled_from(["", *RETURN.STATUSES]),
    progress=cell_text,
    evidence=cell_text,
    problems=cell_text,
    plans=cell_text,
)
filled = st.builds(
    Filled,
    contact=cell_text,
    phone=cell_text,
    reviewer=cell_text,
    date=st.none() | st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)),
    entries=st.dictionaries(st.sampled_from(NUMBERS), entries, max_size=len(NUMBERS)),
)


def read_back(data: ReturnData) -> Filled:
    """What a read return holds, as a Filled (rows keyed by printed number)."""

    def value(key: str) -> str:
        return data.fields[key].text

    date = data.fields["date"].value
    rows = {}
    for row in data.rows:
        entry = Entry(
            **{
                key: row.text(key)
                for key in ("status", "progress", "evidence", "problems", "plans")
            }
        )
        if entry != Entry():
            rows[row.text("number").strip("（）")] = entry
    return Filled(
        contact=value("contact"),
        phone=value("phone"),
        reviewer=value("reviewer"),
        date=date.date()
        if isinstance(date, dt.datetime)
        else date
        if isinstance(date, dt.date)
        else None,
        entries=rows,
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(filled)
def test_generate_fill_read_round_trip(data: Filled) -> None:
    """Whatever a unit fills in is read back exactly, cell by cell."""
    with tempfile.TemporaryDirectory() as folder:
        source = generate(Path(folder), UNIT)
        target = Path(folder) / "filled.xlsx"
        assert fill_return(source, target, data) == []
        back = read_back(read_return(target))
    expected = {number: entry for number, entry in data.entries.items() if entry != Entry()}
    assert back.entries == expected
    assert (back.contact, back.phone, back.reviewer, back.date) == (
        data.contact,
        data.phone,
        data.reviewer,
        data.date,
    )
