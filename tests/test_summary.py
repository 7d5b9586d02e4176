"""Consolidation rules: newest return wins, invalid ones are merged and flagged, nothing is dropped."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import os
from importlib import resources
from pathlib import Path

import attrs
import pytest
from openpyxl import Workbook
from support.returns import ENTRY, MATRIX, NOTICE, edit, filled, task_cell

from gzgk.comparison import Previous, UnitContact
from gzgk.contract import RETURN
from gzgk.excel.batch import Job, read_received
from gzgk.excel.checks import CheckContext
from gzgk.matrix import Matrix
from gzgk.model import Role
from gzgk.registry import Registry
from gzgk.report import FileReport
from gzgk.returns import Entry, ReturnContent
from gzgk.summary import (
    CellState,
    ContactSource,
    Received,
    Summary,
    Timeliness,
    consolidate,
)

CONTEXT = CheckContext(notice=NOTICE)
AS_OF = dt.datetime(2024, 7, 10, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
BEFORE_DUE = dt.datetime(2024, 7, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def read(path: Path, relative: str | None = None) -> Received:
    """One file read and checked in this process."""
    return read_received(Job(path, str(path), relative or path.name), CONTEXT)


def merged(*paths: Path, as_of: dt.datetime = AS_OF) -> Summary:
    """The summary of some files."""
    return consolidate([read(path) for path in paths], MATRIX, as_of)


def test_received_file_facts(tmp_path: Path) -> None:
    """A record holds the file's SHA-256, size, file time, unit, entries by task id and contact."""
    path = filled(tmp_path, "章贡区", date=dt.date(2024, 7, 1))
    record = read(path)
    assert record.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert record.size == path.stat().st_size
    assert record.modified is not None
    assert record.modified.timestamp() == pytest.approx(path.stat().st_mtime)
    assert record.unit is not None
    assert record.unit.short_name == "章贡区"
    assert record.placed
    assert record.content.contact == "张三"
    assert record.content.fill_date == dt.date(2024, 7, 1)
    assert set(record.content.entries) == {
        task.id for task, _ in MATRIX.assignments_of("章贡区", expand=True)
    }


def test_newest_by_fill_date_wins_and_older_is_listed(tmp_path: Path) -> None:
    """Two returns of one unit: the later 填报日期 is used, the other is kept as superseded."""
    old = filled(tmp_path, "章贡区", name="初稿.xlsx", date=dt.date(2024, 7, 3))
    new = filled(tmp_path, "章贡区", name="修改稿.xlsx", date=dt.date(2024, 7, 4))
    os.utime(old, (2e9, 2e9))  # the older return has the later file time: the date decides
    unit = merged(new, old).unit("章贡区")
    assert unit.received is not None
    assert unit.received.path == str(new)
    assert [file.path for file in unit.superseded] == [str(old)]
    assert unit.superseded[0].content.entries == {}  # only the findings are kept


def test_same_date_then_file_time(tmp_path: Path) -> None:
    """Same 填报日期: the later file time wins."""
    first = filled(tmp_path, "章贡区", name="a.xlsx")
    second = filled(tmp_path, "章贡区", name="b.xlsx")
    os.utime(first, (2e9, 2e9))
    os.utime(second, (1e9, 1e9))
    unit = merged(first, second).unit("章贡区")
    assert unit.received is not None
    assert unit.received.path == str(first)


def test_order_of_arrival_does_not_matter(tmp_path: Path) -> None:
    """Whatever order the files arrive in, the same return wins and the rest are listed alike."""
    paths = [
        filled(tmp_path, "章贡区", name=f"{day}.xlsx", date=dt.date(2024, 7, day))
        for day in (1, 2, 3)
    ]
    records = [read(path) for path in paths]
    outcomes = set()
    for order in itertools.permutations(records):
        unit = consolidate(order, MATRIX, AS_OF).unit("章贡区")
        assert unit.received is not None
        outcomes.add((unit.received.path, tuple(f.path for f in unit.superseded)))
    assert outcomes == {(str(paths[2]), (str(paths[1]), str(paths[0])))}


def test_invalid_return_is_merged_and_flagged(tmp_path: Path) -> None:
    """A return with errors counts as received, keeps its entries, and is on the reminder list.

    Nothing it says is adopted: every task of it is 不合格 in the matrix and the counts
    (applicable, never 已完成), whatever status it wrote.
    """

    def blank_status(book: Workbook) -> None:
        book[ENTRY][task_cell("status")] = None

    path = edit(filled(tmp_path, "章贡区"), blank_status)
    summary = merged(path)
    unit = summary.unit("章贡区")
    assert unit.submitted
    assert unit.valid is False
    written = [entry.status for task, _ in unit.tasks[1:] if (entry := unit.entry(task))]
    assert "已完成" in written
    assert len(written) == len(unit.tasks) - 1
    assert {unit.state(task) for task, _ in unit.tasks} == {CellState.REJECTED}
    progress = unit.progress()
    assert (progress.done, progress.rejected) == (0, len(unit.tasks))
    assert progress.applicable == len(unit.tasks)
    assert summary.counts().progress.rejected == len(unit.tasks)
    [reminder] = [r for r in summary.reminders() if r.unit.name == "章贡区"]
    assert reminder.reasons == ("报送表不合格（错误 1 处）",)
    status = RETURN.label("status")
    assert reminder.missing == (f"{ENTRY}!{task_cell('status')}（任务（一））：“{status}”未填写",)
    assert summary.counts().invalid == 1


def test_unreadable_file_is_unplaced_but_named_for_its_unit(tmp_path: Path) -> None:
    """A file whose unit cannot be established is not received, and shows in the unit's reminder."""
    broken = tmp_path / "市司法局-落实情况报送表.xlsx"
    broken.write_bytes(b"PK\x03\x04 cut off in the mail")
    summary = merged(broken)
    assert [file.path for file in summary.unplaced] == [str(broken)]
    unit = summary.unit("市司法局")
    assert not unit.submitted
    assert [file.path for file in unit.related] == [str(broken)]
    [reminder] = [r for r in summary.reminders() if r.unit.name == "市司法局"]
    assert reminder.missing[-1].startswith(f"收到文件“{broken}”但无法采用：这不是 .xlsx 工作簿")
    assert summary.counts().unplaced == 1
    assert summary.counts().received == 0


def test_other_notice_is_not_received(tmp_path: Path) -> None:
    """A return of another notice is not merged; the unit stays missing and the file is named."""
    other = attrs.evolve(NOTICE, title="另一份通知")
    path = filled(tmp_path, "章贡区", notice=other)
    summary = merged(path)
    unit = summary.unit("章贡区")
    assert not unit.submitted
    assert [file.path for file in unit.related] == [str(path)]
    assert summary.unplaced[0].report.flatten("code") == [("other-notice",)]


@pytest.mark.parametrize(
    ("date", "as_of", "expected"),
    [
        (dt.date(2024, 7, 5), AS_OF, Timeliness.ON_TIME),
        (dt.date(2024, 7, 6), AS_OF, Timeliness.LATE),
        (None, AS_OF, Timeliness.OVERDUE),
        (None, BEFORE_DUE, Timeliness.PENDING),
    ],
)
def test_timeliness(
    tmp_path: Path, date: dt.date | None, as_of: dt.datetime, expected: Timeliness
) -> None:
    """On time up to the deadline (2024-07-05), late after it; missing is overdue only after it."""
    paths = [filled(tmp_path, "章贡区", date=date)] if date else []
    assert merged(*paths, as_of=as_of).unit("章贡区").timeliness is expected


def test_no_fill_date_uses_file_time(tmp_path: Path) -> None:
    """Without 填报日期 the file's time decides, and the summary says so."""
    path = filled(tmp_path, "章贡区", date=None)
    os.utime(path, (dt.datetime(2024, 7, 8, 12).timestamp(),) * 2)
    unit = merged(path).unit("章贡区")
    assert unit.received is not None
    assert unit.received.date_basis == "文件时间"
    assert unit.timeliness is Timeliness.LATE


def test_unexpected_sender_is_listed_apart() -> None:
    """A unit the notice gives no task that sends a return is listed, not counted as expected."""
    zone = next(u for u in MATRIX.registry.units if u not in MATRIX.reporting_units())
    record = Received(
        path="zone.xlsx",
        relative="zone.xlsx",
        report=FileReport(path="zone.xlsx"),
        content=ReturnContent(unit=zone, unit_name=zone.short_name, belongs=True),
    )
    summary = consolidate([record], MATRIX, AS_OF)
    assert summary.units[-1].unit == zone
    assert not summary.units[-1].expected
    assert summary.counts().unexpected == 1
    assert summary.counts().expected == len(MATRIX.reporting_units())


def test_counts_and_progress(tmp_path: Path) -> None:
    """Counts: expected, received, late, missing; progress counts every unit × task cell."""
    summary = merged(
        filled(tmp_path, "章贡区", date=dt.date(2024, 7, 1)),
        filled(tmp_path, "市司法局", date=dt.date(2024, 7, 9)),
    )
    counts = summary.counts()
    expected = len(MATRIX.reporting_units())
    assert (counts.expected, counts.received, counts.on_time, counts.late) == (expected, 2, 1, 1)
    assert (counts.missing, counts.overdue, counts.invalid) == (expected - 2, expected - 2, 0)
    cells = sum(len(MATRIX.assignments_of(u, expand=True)) for u in MATRIX.reporting_units())
    assert counts.progress.total == cells
    received = len(summary.unit("章贡区").tasks) + len(summary.unit("市司法局").tasks)
    assert counts.progress.not_received == cells - received


def test_matrix_cells(tmp_path: Path) -> None:
    """A unit's cell is its 落实状态; no role, not received and missing rows are told apart."""
    path = filled(tmp_path, "市司法局")
    summary = merged(path)
    unit = summary.unit("市司法局")
    states = {task.number: unit.state(task) for task in NOTICE.tasks}
    assert states["一"] is CellState.NO_ROLE
    assert states["三"] in (CellState.DONE, CellState.IN_PROGRESS)
    assert summary.unit("章贡区").state(NOTICE.task("三")) is CellState.NOT_RECEIVED
    assert CellState.of_status(" 已完成 ") is CellState.DONE
    assert CellState.of_status("完成了") is CellState.OTHER
    assert CellState.of_status("") is CellState.UNFILLED


def test_compilation_puts_leads_first(tmp_path: Path) -> None:
    """按任务汇编: for each task the leads come first, then responsible, then cooperating."""
    summary = merged(filled(tmp_path, "市司法局"), filled(tmp_path, "章贡区"))
    compiled = {item.task.number: item for item in summary.compilation()}
    three = compiled["三"]
    roles = [entry.role for entry in three.entries]
    assert roles == sorted(roles, key=lambda role: role.rank)
    leads = [e.unit.name for e in three.entries if e.role is Role.LEAD]
    assert leads == ["市政府办公室", "市行政审批局", "市司法局"]  # as the registry orders them
    justice = next(e for e in three.entries if e.unit.name == "市司法局")
    assert justice.entry == summary.unit("市司法局").entry(NOTICE.task("三"))
    assert justice.entry is not None
    assert compiled["一"].open_names == ("市政府有关部门",)
    not_sent = [e for e in three.entries if e.unit.name == "南康区"]
    assert not_sent[0].state is CellState.NOT_RECEIVED


def test_light_records_drop_only_entries() -> None:
    """light() keeps everything of a record but its entries."""
    record = Received(
        path="a.xlsx",
        relative="a.xlsx",
        sha256="ab",
        report=FileReport(path="a.xlsx"),
        content=ReturnContent(contact="王芳", entries={"T01": Entry(status="已完成")}),
    )
    light = record.light()
    assert light.content.entries == {}
    assert attrs.evolve(light, content=record.content) == record


def test_contact_from_registry_for_missing_units() -> None:
    """A unit that sent nothing is phoned at the contact the office's registry lists for it."""
    shipped = resources.files("gzgk") / "data" / "units" / "ganzhou.toml"
    text = shipped.read_text(encoding="utf-8").replace(
        'short_name = "章贡区"\n',
        'short_name = "章贡区"\ncontact = "刘洋"\nphone = "0797-8120000"\n',
    )
    registry = Registry.from_toml(text)
    summary = consolidate([], Matrix.build(NOTICE, registry), AS_OF)
    unit = summary.unit("章贡区")
    assert (unit.contact, unit.phone) == ("刘洋", "0797-8120000")
    [reminder] = [r for r in summary.reminders() if r.unit.name == "章贡区"]
    assert (reminder.contact, reminder.phone) == ("刘洋", "0797-8120000")
    assert reminder.source is ContactSource.REGISTRY


def test_reminders_are_sorted_for_phoning(tmp_path: Path) -> None:
    """Who owes something comes first (nothing sent before an invalid return); late but valid last."""

    def blank_status(book: Workbook) -> None:
        book[ENTRY][task_cell("status")] = None

    invalid = edit(filled(tmp_path, "章贡区", date=dt.date(2024, 7, 1)), blank_status)
    late = filled(tmp_path, "市司法局", date=dt.date(2024, 7, 9))
    reminders = merged(invalid, late).reminders()
    owed = [r for r in reminders if r.owes]
    assert owed == list(reminders[: len(owed)])
    missing = [r.unit.name for r in owed if r.unit.received is None]
    assert missing == [u.short_name for u in MATRIX.reporting_units() if u.short_name in missing]
    assert [r.unit.name for r in owed[len(missing) :]] == ["章贡区"]
    assert [r.unit.name for r in reminders[len(owed) :]] == ["市司法局"]
    assert reminders[0].reasons == ("逾期未报（逾期 5 天）",)  # due 7月5日, as of 7月10日
    assert {r.overdue_days for r in owed} == {5}
    assert reminders[-1].overdue_days == 0
    assert reminders[-1].reasons == ("逾期报送（填报日期 2024年7月9日，时限 2024年7月5日）",)


def test_whom_to_phone(tmp_path: Path) -> None:
    """Registry, else the newest return (or an older one), else an earlier round's, else nobody."""

    def no_contact(book: Workbook) -> None:
        book[ENTRY][RETURN.field("contact").cell] = None
        book[ENTRY][RETURN.field("phone").cell] = None
        book[ENTRY][task_cell("status")] = None  # invalid: on the list

    older = filled(tmp_path, "章贡区", name="初稿.xlsx", date=dt.date(2024, 7, 1))
    newer = edit(
        filled(tmp_path, "章贡区", name="修改稿.xlsx", date=dt.date(2024, 7, 2)), no_contact
    )
    justice = UnitContact(contact="赵敏", phone="0797-8990000")  # given last round
    summary = merged(older, newer).compared(
        Previous(round="2024年第一季度", contacts={"sfj": justice})
    )
    reminders = {r.unit.name: r for r in summary.reminders()}
    zhanggong = reminders["章贡区"]
    assert zhanggong.unit.received is not None
    assert zhanggong.unit.received.path == str(newer)
    assert (zhanggong.contact, zhanggong.phone, zhanggong.source) == (
        "张三",
        "0797-8992059",
        ContactSource.RETURN,
    )
    justice = reminders["市司法局"]
    assert (justice.contact, justice.phone, justice.source) == (
        "赵敏",
        "0797-8990000",
        ContactSource.EARLIER,
    )
    nobody = reminders["南康区"]
    assert (nobody.contact, nobody.phone, nobody.source) == ("", "", ContactSource.NONE)
    assert "单位名录" in ContactSource.NONE.label
