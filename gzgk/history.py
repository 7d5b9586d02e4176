"""The history database (台账): every round's accepted entries in one SQLite file.

``gzgk merge --round R --history 台账.sqlite`` records the round: its files
(with their findings) and the entries of the returns the summary used (采用),
with each entry's change since the earlier answer, its 未更新 streak and its
light. A round is written in one transaction, so a failed merge adds nothing;
writing a round again replaces it, never duplicates it. The schema is plain
SQL, documented in ``docs/reference/history.md``, so any SQLite tool reads it,
and the summary of any past round can be written again from it
(:meth:`History.summary`).

Only the standard library's :mod:`sqlite3`; no workbook library.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Final

from attrs import evolve, frozen

from gzgk.comparison import Answer, Previous, UnitContact, replay
from gzgk.convert import CONVERTER, dump_notice, load_notice_text
from gzgk.errors import GzgkError
from gzgk.matrix import Matrix
from gzgk.model import Notice, Round, Unit, UnitGroup
from gzgk.registry import Registry
from gzgk.report import FileReport, Issue, Severity
from gzgk.returns import Entry, ReturnContent, notice_fingerprint
from gzgk.summary import Received, Summary, consolidate

__all__ = [
    "SCHEMA",
    "SCHEMA_VERSION",
    "History",
    "HistoryEntry",
    "HistoryError",
    "HistoryRound",
    "HistoryUnitsDroppedError",
    "StalledPair",
]

SCHEMA_VERSION: Final = 1
_APPLICATION_ID: Final = 0x677A676B  # "gzgk": marks the file as gzgk's
_UNSCHEDULED: Final = 1000  # positions of rounds not in the notice's schedule start here
_TIMEOUT: Final = 10.0  # seconds to wait for another program's lock
_NAMED: Final = 10  # units named in a refusal; more are counted

# The schema, as documented in docs/reference/history.md (a test keeps them equal).
SCHEMA: Final = """\
CREATE TABLE rounds (
    id INTEGER PRIMARY KEY,
    notice TEXT NOT NULL,          -- the notice's fingerprint (the same in every return)
    notice_title TEXT NOT NULL,
    name TEXT NOT NULL,            -- 2024年第三季度; '' for a merge without --round
    due TEXT,                      -- the round's due date, YYYY-MM-DD
    position INTEGER NOT NULL,     -- order of the notice's rounds (its schedule's, then merges)
    as_of TEXT NOT NULL,           -- the moment the summary speaks for (ISO 8601)
    recorded_at TEXT NOT NULL,     -- when the round was (last) written
    notice_json TEXT NOT NULL,     -- the notice as merged (gzgk JSON)
    registry_json TEXT NOT NULL,   -- the unit registry used (JSON)
    UNIQUE (notice, name)
);
CREATE TABLE files (
    round_id INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    path TEXT NOT NULL,            -- the file as named in the merge
    relative TEXT NOT NULL,        -- its place in the folder it was found in
    sha256 TEXT NOT NULL,
    size INTEGER,
    modified TEXT,                 -- file time (ISO 8601)
    unit_id TEXT,                  -- the unit the file belongs to, when known
    unit_name TEXT NOT NULL,
    belongs INTEGER NOT NULL,      -- 1: a return of this notice
    fate TEXT NOT NULL,            -- used (采用), superseded, unplaced
    valid INTEGER NOT NULL,        -- 1: no error
    signature TEXT NOT NULL,       -- verified, invalid, missing, unchecked
    fill_date TEXT,                -- 填报日期
    contact TEXT NOT NULL,
    phone TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    PRIMARY KEY (round_id, path)
);
CREATE TABLE issues (
    round_id INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    seq INTEGER NOT NULL,          -- order of the findings of one file
    code TEXT NOT NULL,            -- stable English code, e.g. missing-value
    severity TEXT NOT NULL,        -- error, warning
    sheet TEXT,
    cell TEXT,
    task TEXT,                     -- the task's printed number, e.g. 三
    message TEXT NOT NULL,
    PRIMARY KEY (round_id, path, seq)
);
CREATE TABLE entries (
    round_id INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    unit_id TEXT NOT NULL,
    unit_name TEXT NOT NULL,
    task_id TEXT NOT NULL,         -- T01, T02, …
    task_number TEXT NOT NULL,     -- 一, 二, … as printed
    role TEXT NOT NULL,            -- lead, responsible, cooperating, informed
    status TEXT NOT NULL,          -- 落实状态 as written
    progress TEXT NOT NULL,        -- 落实情况
    evidence TEXT NOT NULL,        -- 佐证材料
    problems TEXT NOT NULL,        -- 存在问题
    plans TEXT NOT NULL,           -- 下步计划
    news TEXT NOT NULL,            -- 本期是否有新进展 (是, 否, '')
    fill_date TEXT,
    file TEXT NOT NULL,            -- the return the entry comes from
    sha256 TEXT NOT NULL,
    signature TEXT NOT NULL,
    valid INTEGER NOT NULL,
    change TEXT NOT NULL,          -- new-done, stale, regressed, progressed, kept-done, first, …
    stale INTEGER NOT NULL,        -- rounds in a row 未更新, up to this one
    light TEXT,                    -- red, yellow, green; NULL for none
    PRIMARY KEY (round_id, unit_id, task_id)
);
CREATE VIEW answers AS
    SELECT rounds.notice, rounds.name AS round, rounds.position, entries.*
    FROM entries JOIN rounds ON rounds.id = entries.round_id;
"""


class HistoryError(GzgkError, OSError):
    """The history database cannot be used: not gzgk's, newer, locked or damaged."""

    code = "history-unusable"


class HistoryUnitsDroppedError(HistoryError):
    """Recording a round again would delete answers of units the new summary has no return of."""

    code = "history-units-dropped"

    def __init__(self, label: str, recorded: int, dropped: Sequence[str]) -> None:
        self.label = label
        self.recorded = recorded
        self.dropped = tuple(dropped)
        names = "、".join(self.dropped[:_NAMED]) + ("等" if len(self.dropped) > _NAMED else "")
        super().__init__(
            f"台账中已记有“{label}”{recorded} 个单位的答复，这次汇总没有其中"
            f" {len(self.dropped)} 个单位的报送表（{names}）：记入台账会删去它们这一期的答复，"
            "所以没有记入台账，也没有写出汇总表。请把这一期收到的全部报送表放在一起重新汇总；"
            "确要替换台账中的这一期，加 --replace-round"
        )


@frozen(kw_only=True)
class HistoryRound:
    """One round recorded in the history."""

    id: int
    notice: str
    notice_title: str
    name: str
    due: dt.date | None
    position: int
    as_of: dt.datetime
    recorded_at: dt.datetime
    entries: int
    units: int

    @property
    def label(self) -> str:
        """The round's name (``（未分期）`` for a merge without --round)."""
        return self.name or "（未分期）"


@frozen(kw_only=True)
class HistoryEntry:
    """One accepted entry: a unit's answer for a task in one round."""

    round: str
    position: int
    unit_id: str
    unit_name: str
    task_id: str
    task_number: str
    role: str
    entry: Entry
    fill_date: dt.date | None
    file: str
    sha256: str
    signature: str
    valid: bool
    change: str
    stale: int
    light: str | None


@frozen(kw_only=True)
class StalledPair:
    """A task × unit without progress for rounds in a row."""

    unit_id: str
    unit_name: str
    task_id: str
    task_number: str
    stale: int
    since: str  # the round whose text has been repeated since
    last: HistoryEntry


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _registry_json(registry: Registry) -> str:
    data = {
        "name": registry.name,
        "city_prefix": registry.city_prefix,
        "version": registry.version,
        "units": CONVERTER.unstructure(registry.units),
        "groups": CONVERTER.unstructure(registry.groups),
        "role_words": [[text, role.value] for text, role in registry.role_words],
    }
    return json.dumps(data, ensure_ascii=False)


def _registry_of(text: str) -> Registry:
    data = json.loads(text)
    return Registry(
        name=data["name"],
        city_prefix=data["city_prefix"],
        version=data["version"],
        units=CONVERTER.structure(data["units"], tuple[Unit, ...]),
        groups=CONVERTER.structure(data["groups"], tuple[UnitGroup, ...]),
        role_words=[(text, role) for text, role in data["role_words"]],
    )


def _signature(received: Received) -> str:
    """What the office's key said of a return's signature."""
    codes = {issue.code for issue in received.report.issues}
    if "signature-invalid" in codes:
        return "invalid"
    if "signature-missing" in codes:
        return "missing"
    state = getattr(received.content, "signature", None)
    value = getattr(state, "value", state)
    return value if isinstance(value, str) and value else "unchecked"


def _fates(summary: Summary) -> dict[str, str]:
    fates: dict[str, str] = {}
    for unit in summary.units:
        if unit.received is not None:
            fates[unit.received.path] = "used"
        for older in unit.superseded:
            fates[older.path] = "superseded"
    return fates


def _busy(error: sqlite3.Error) -> bool:
    """Whether SQLite gave up waiting for another program's lock on the database."""
    text = str(error)
    return "locked" in text or "busy" in text


def _in_use(path: Path) -> str:
    """What the clerk is told of a history another program holds."""
    return f"台账数据库“{path}”正被其他程序使用，请关闭该程序后重试"


class History:
    """An SQLite history database; open it with :meth:`open`, use it in a ``with`` block.

    Example::

        with History.open("台账.sqlite") as history:
            with history.recording(summary):   # one transaction
                write_summary(summary, "汇总表.xlsx")
            previous = history.previous(notice, "2024年第四季度")
    """

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    # -- opening ----------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, create: bool = False, timeout: float = _TIMEOUT) -> History:
        """Open a history database (``create``: make it when it does not exist).

        ``timeout`` is how many seconds a write waits for another program's lock.

        Raises:
            HistoryError: the file is missing (and not to be created), is not
                gzgk's history, was written by a newer gzgk, or cannot be opened.
        """
        file = Path(path)
        if not file.exists() and not create:
            raise HistoryError(f"台账数据库“{file}”不存在（第一次汇总时加 --history 会新建）")
        if file.is_dir():
            raise HistoryError(f"“{file}”是文件夹，不是台账数据库文件")
        try:
            connection = sqlite3.connect(file, timeout=timeout, isolation_level=None)
        except sqlite3.Error as error:
            raise HistoryError(f"无法打开台账数据库“{file}”：{error}") from error
        history = cls(connection, file)
        try:
            history._prepare()
        except BaseException:
            connection.close()
            raise
        return history

    def _prepare(self) -> None:
        try:
            self._db.execute("PRAGMA foreign_keys = ON")
            application = self._db.execute("PRAGMA application_id").fetchone()[0]
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            tables = self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        except sqlite3.DatabaseError as error:
            if _busy(error):  # another program holds it: the file is fine
                raise HistoryError(_in_use(self.path)) from error
            raise HistoryError(
                f"“{self.path}”不是 gzgk 的台账数据库（{error}）。请检查台账的文件名"
            ) from error
        if application == 0 and tables == 0:
            self._create()
            return
        if application != _APPLICATION_ID:
            raise HistoryError(
                f"“{self.path}”是 SQLite 数据库，但不是 gzgk 的台账。请检查台账的文件名"
            )
        if version > SCHEMA_VERSION:
            raise HistoryError(
                f"台账数据库“{self.path}”由较新版本的 gzgk 写出（格式 {version}），"
                f"本程序只认识格式 {SCHEMA_VERSION}。请升级 gzgk"
            )

    def _create(self) -> None:
        """The tables, the views and the marks of a gzgk history, in one transaction."""
        try:
            self._db.executescript(
                "BEGIN IMMEDIATE;"
                + SCHEMA
                + f"PRAGMA application_id = {_APPLICATION_ID};"
                + f"PRAGMA user_version = {SCHEMA_VERSION};"
                + "COMMIT;"
            )
        except sqlite3.Error as error:
            if self._db.in_transaction:
                self._db.rollback()
            raise HistoryError(f"无法新建台账数据库“{self.path}”：{error}") from error

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """Commit what the block did, or roll all of it back."""
        try:
            if not self._db.in_transaction:
                self._db.execute("BEGIN IMMEDIATE")
            yield
        except BaseException:
            if self._db.in_transaction:
                self._db.rollback()
            raise
        else:
            self._db.commit()

    def close(self) -> None:
        """Close the database (a round begun and not committed is discarded)."""
        self.rollback()
        self._db.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing a round ------------------------------------------------------------

    @contextlib.contextmanager
    def recording(self, summary: Summary, *, replace: bool = False) -> Iterator[HistoryRound]:
        """Write a round's summary; committed when the block ends without an error.

        Put the writing of the summary workbook inside the block: when it
        fails, the round is rolled back and the history is as it was.

        Raises:
            HistoryError: the database is locked by another program or cannot be written.
            HistoryUnitsDroppedError: see :meth:`begin`.
        """
        recorded = self.begin(summary, replace=replace)
        try:
            yield recorded
        except BaseException:
            self.rollback()
            raise
        self.commit()

    def begin(self, summary: Summary, *, replace: bool = False) -> HistoryRound:
        """Write a round's summary in a transaction left open for :meth:`commit`.

        Nothing is kept until :meth:`commit`; :meth:`rollback` and :meth:`close`
        discard it (the command line commits only once the summary workbook
        is in place). A round already recorded is replaced, but only by a
        summary that still has every unit it holds answers of, unless
        ``replace`` (a merge of only the late returns must not wipe the others).

        Raises:
            HistoryError: the database is locked by another program or cannot be written.
            HistoryUnitsDroppedError: the round is recorded with answers of units
                this summary has no return of (and not ``replace``).
        """
        try:
            self._db.execute("BEGIN IMMEDIATE")
            if not replace:
                self._refuse_dropping(summary)
            return self._round(self._insert(summary))
        except sqlite3.Error as error:
            self.rollback()
            raise HistoryError(self._write_problem(error)) from error
        except BaseException:
            self.rollback()
            raise

    def commit(self) -> None:
        """Keep what :meth:`begin` wrote.

        Raises:
            HistoryError: the commit failed (the round is then not recorded).
        """
        try:
            self._db.commit()
        except sqlite3.Error as error:
            self.rollback()
            raise HistoryError(self._write_problem(error)) from error

    def rollback(self) -> None:
        """Discard what :meth:`begin` wrote."""
        if self._db.in_transaction:
            self._db.rollback()

    def record(self, summary: Summary, *, replace: bool = False) -> HistoryRound:
        """Write a round's summary in one transaction (see :meth:`recording`)."""
        with self.recording(summary, replace=replace) as recorded:
            return recorded

    def _refuse_dropping(self, summary: Summary) -> None:
        """Raise when the recorded round has answers of units the summary has no entry of."""
        name = summary.round.name if summary.round is not None else ""
        recorded = self._db.execute(
            "SELECT entries.unit_id, entries.unit_name FROM entries"
            " JOIN rounds ON rounds.id = entries.round_id"
            " WHERE rounds.notice = ? AND rounds.name = ?"
            " GROUP BY entries.unit_id ORDER BY min(entries.rowid)",
            (notice_fingerprint(summary.notice), name),
        ).fetchall()
        kept = {
            unit.unit.id
            for unit in summary.expected
            if unit.received is not None
            and any(unit.entry(task) is not None for task, _ in unit.tasks)
        }
        dropped = [str(unit_name) for unit_id, unit_name in recorded if unit_id not in kept]
        if dropped:
            raise HistoryUnitsDroppedError(name or "（未分期）", len(recorded), dropped)

    def _write_problem(self, error: sqlite3.Error) -> str:
        text = str(error)
        if _busy(error):
            return f"{_in_use(self.path)}（本期没有写入台账）"
        if "readonly" in text or "read-only" in text:
            return (
                f"台账数据库“{self.path}”不能写入：文件或它所在的文件夹是只读的（如设了只读属性，"
                "或在光盘、只读的共享文件夹中）。请取消只读，或把台账复制到可以写入的文件夹"
                "（本期没有写入台账）"
            )
        return f"无法写入台账数据库“{self.path}”：{text}（本期没有写入台账）"

    def _insert(self, summary: Summary) -> int:
        notice = summary.notice
        fingerprint = notice_fingerprint(notice)
        name = summary.round.name if summary.round is not None else ""
        due = summary.round.due if summary.round is not None else notice.report_due
        found = self._db.execute(
            "SELECT position FROM rounds WHERE notice = ? AND name = ?", (fingerprint, name)
        ).fetchone()
        if found is not None:
            position = int(found[0])
            self._db.execute(
                "DELETE FROM rounds WHERE notice = ? AND name = ?", (fingerprint, name)
            )
        else:
            position = self._position(fingerprint, notice, name)
        cursor = self._db.execute(
            "INSERT INTO rounds (notice, notice_title, name, due, position, as_of, recorded_at,"
            " notice_json, registry_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                fingerprint,
                notice.title,
                name,
                due.isoformat() if due else None,
                position,
                summary.as_of.isoformat(),
                dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                dump_notice(notice, "json"),
                _registry_json(summary.matrix.registry),
            ),
        )
        round_id = int(cursor.lastrowid or 0)  # an INSERT into a rowid table always sets it
        self._insert_files(round_id, summary)
        self._insert_entries(round_id, summary)
        return round_id

    def _position(self, fingerprint: str, notice: Notice, name: str) -> int:
        scheduled = [item.name for item in notice.rounds]
        if name in scheduled:
            return scheduled.index(name)
        last = self._db.execute(
            "SELECT max(position) FROM rounds WHERE notice = ?", (fingerprint,)
        ).fetchone()[0]
        return max(_UNSCHEDULED, (last or 0) + 1)

    def _insert_files(self, round_id: int, summary: Summary) -> None:
        fates = _fates(summary)
        files: list[tuple[object, ...]] = []
        issues: list[tuple[object, ...]] = []
        for file in summary.files:
            content = file.content
            unit = content.unit
            files.append(
                (
                    round_id,
                    file.path,
                    file.relative,
                    file.sha256,
                    file.size,
                    file.modified.isoformat() if file.modified else None,
                    unit.id if unit is not None else None,
                    content.unit_name or (file.report.unit or ""),
                    int(content.belongs),
                    fates.get(file.path, "unplaced"),
                    int(file.valid),
                    _signature(file),
                    content.fill_date.isoformat() if content.fill_date else None,
                    content.contact,
                    content.phone,
                    content.reviewer,
                )
            )
            issues.extend(
                (
                    round_id,
                    file.path,
                    seq,
                    issue.code,
                    issue.severity.value,
                    issue.sheet,
                    issue.cell,
                    issue.task,
                    issue.message,
                )
                for seq, issue in enumerate(file.report.issues)
            )
        self._db.executemany(
            "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", files
        )
        self._db.executemany("INSERT INTO issues VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", issues)

    def _insert_entries(self, round_id: int, summary: Summary) -> None:
        comparison = summary.comparison
        rows: list[tuple[object, ...]] = []
        for unit in summary.expected:
            received = unit.received
            if received is None:
                continue
            for task, role in unit.tasks:
                entry = unit.entry(task)
                if entry is None:
                    continue
                pair = comparison.pair(unit.unit.id, task.id) if comparison is not None else None
                rows.append(
                    (
                        round_id,
                        unit.unit.id,
                        unit.name,
                        task.id,
                        task.number,
                        role.value,
                        entry.status,
                        entry.progress,
                        entry.evidence,
                        entry.problems,
                        entry.plans,
                        entry.news,
                        received.content.fill_date.isoformat()
                        if received.content.fill_date
                        else None,
                        received.path,
                        received.sha256,
                        _signature(received),
                        int(received.valid),
                        pair.change.value if pair is not None else "",
                        pair.stale if pair is not None else 0,
                        pair.light.value if pair is not None and pair.light is not None else None,
                    )
                )
        self._db.executemany(
            "INSERT INTO entries VALUES"
            " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    # -- reading --------------------------------------------------------------------

    def _round(self, round_id: int) -> HistoryRound:
        return self._rounds(round_id=round_id)[0]

    def _rounds(self, notice: str | None = None, round_id: int | None = None) -> list[HistoryRound]:
        rows = self._db.execute(
            "SELECT rounds.id, notice, notice_title, name, due, position, as_of, recorded_at,"
            " (SELECT count(*) FROM entries WHERE entries.round_id = rounds.id),"
            " (SELECT count(DISTINCT unit_id) FROM entries WHERE entries.round_id = rounds.id)"
            " FROM rounds WHERE (:notice IS NULL OR notice = :notice)"
            " AND (:id IS NULL OR rounds.id = :id) ORDER BY notice, position",
            {"notice": notice, "id": round_id},
        ).fetchall()
        return [
            HistoryRound(
                id=row[0],
                notice=row[1],
                notice_title=row[2],
                name=row[3],
                due=_date(row[4]),
                position=row[5],
                as_of=_moment(row[6]),
                recorded_at=_moment(row[7]),
                entries=row[8],
                units=row[9],
            )
            for row in rows
        ]

    def rounds(self, notice: str | None = None) -> tuple[HistoryRound, ...]:
        """The rounds recorded, in order (of one notice, given its fingerprint)."""
        return tuple(self._rounds(notice))

    def notices(self) -> tuple[tuple[str, str], ...]:
        """(fingerprint, title) of every notice recorded, in the order first recorded."""
        seen: dict[str, str] = {}
        for item in sorted(self._rounds(), key=lambda item: item.id):
            seen.setdefault(item.notice, item.notice_title)
        return tuple(seen.items())

    def latest_notice(self) -> str | None:
        """The fingerprint of the notice recorded last (None for an empty history)."""
        row = self._db.execute(
            "SELECT notice FROM rounds ORDER BY recorded_at DESC, id DESC LIMIT 1"
        ).fetchone()
        return str(row[0]) if row is not None else None

    def entries(
        self,
        notice: str,
        *,
        unit_id: str | None = None,
        task_id: str | None = None,
        before: int | None = None,
    ) -> tuple[HistoryEntry, ...]:
        """Accepted entries of a notice, round by round (a unit's, a task's, before a position)."""
        rows = self._db.execute(
            "SELECT round, position, unit_id, unit_name, task_id, task_number, role, status,"
            " progress, evidence, problems, plans, news, fill_date, file, sha256, signature,"
            " valid, change, stale, light FROM answers WHERE notice = :notice"
            " AND (:unit IS NULL OR unit_id = :unit) AND (:task IS NULL OR task_id = :task)"
            " AND (:before IS NULL OR position < :before) ORDER BY position, task_id, unit_id",
            {"notice": notice, "unit": unit_id, "task": task_id, "before": before},
        ).fetchall()
        return tuple(
            HistoryEntry(
                round=row[0],
                position=row[1],
                unit_id=row[2],
                unit_name=row[3],
                task_id=row[4],
                task_number=row[5],
                role=row[6],
                entry=Entry(
                    status=row[7],
                    progress=row[8],
                    evidence=row[9],
                    problems=row[10],
                    plans=row[11],
                    news=row[12],
                ),
                fill_date=_date(row[13]),
                file=row[14],
                sha256=row[15],
                signature=row[16],
                valid=bool(row[17]),
                change=row[18],
                stale=row[19],
                light=row[20],
            )
            for row in rows
        )

    def _walk(
        self, notice: str, before: int | None
    ) -> tuple[list[HistoryRound], dict[tuple[str, str], dict[str, HistoryEntry]]]:
        """The rounds (before a position) and every pair's entry by round name."""
        rounds = [item for item in self.rounds(notice) if before is None or item.position < before]
        pairs: dict[tuple[str, str], dict[str, HistoryEntry]] = {}
        for row in self.entries(notice, before=before):
            pairs.setdefault((row.unit_id, row.task_id), {})[row.round] = row
        return rounds, pairs

    def previous(self, notice: Notice, round_name: str) -> Previous | None:
        """The last accepted answers before a round, as :func:`gzgk.comparison.compare` wants them.

        None when the history holds no earlier round of the notice.
        """
        fingerprint = notice_fingerprint(notice)
        known = {item.name: item for item in self.rounds(fingerprint)}
        current = known.get(round_name)
        before = current.position if current is not None else None
        if before is None:
            scheduled = [item.name for item in notice.rounds]
            if round_name in scheduled:
                before = scheduled.index(round_name)
        rounds, pairs = self._walk(fingerprint, before)
        rounds = [item for item in rounds if item.name != round_name]
        if not rounds:
            return None
        answers: list[Answer] = []
        for (unit_id, task_id), by_round in pairs.items():
            replayed = replay(
                ((item.name, _entry(by_round.get(item.name))) for item in rounds),
                unit_id=unit_id,
                task_id=task_id,
            )
            if replayed is not None:
                source = by_round[replayed.round]
                answers.append(_with_source(replayed, source))
        last = rounds[-1]
        return Previous(
            round=last.name,
            due=last.due,
            notice_fingerprint=fingerprint,
            answers=answers,
            contacts=self._contacts([item.id for item in rounds]),
            source=str(self.path),
            notice_title=last.notice_title,
        )

    def _contacts(self, round_ids: Sequence[int]) -> dict[str, UnitContact]:
        contacts: dict[str, UnitContact] = {}
        for round_id in round_ids:  # in order: later rounds overwrite earlier ones
            for unit_id, contact, phone in self._db.execute(
                "SELECT unit_id, contact, phone FROM files"
                " WHERE round_id = ? AND fate = 'used' AND unit_id IS NOT NULL",
                (round_id,),
            ):
                if contact or phone:
                    contacts[unit_id] = UnitContact(contact=contact, phone=phone)
        return contacts

    def stalled(self, notice: str, rounds: int) -> tuple[StalledPair, ...]:
        """Task × unit pairs whose latest answer was 未更新 ``rounds`` rounds in a row or more."""
        history, pairs = self._walk(notice, None)
        found: list[StalledPair] = []
        for (unit_id, task_id), by_round in pairs.items():
            replayed = replay(
                ((item.name, _entry(by_round.get(item.name))) for item in history),
                unit_id=unit_id,
                task_id=task_id,
            )
            if replayed is None or replayed.stale < rounds:
                continue
            last = by_round[replayed.round]
            answered = [item.name for item in history if item.name in by_round]
            since = answered[max(0, answered.index(replayed.round) - replayed.stale)]
            found.append(
                StalledPair(
                    unit_id=unit_id,
                    unit_name=last.unit_name,
                    task_id=task_id,
                    task_number=last.task_number,
                    stale=replayed.stale,
                    since=since,
                    last=last,
                )
            )
        return tuple(sorted(found, key=lambda pair: (pair.task_id, pair.unit_id)))

    def summary(self, notice: str, round_name: str, *, registry: Registry | None = None) -> Summary:
        """The summary of a recorded round, as it was merged (with its comparison).

        Args:
            notice: the notice's fingerprint.
            round_name: the round ("" for a merge without --round).
            registry: units to use instead of the registry recorded with the round.

        Raises:
            HistoryError: the history has no such round.
        """
        row = self._db.execute(
            "SELECT id, notice_json, registry_json, as_of, name, due FROM rounds"
            " WHERE notice = ? AND name = ?",
            (notice, round_name),
        ).fetchone()
        if row is None:
            names = "、".join(item.label for item in self.rounds(notice)) or "无"
            raise HistoryError(f"台账中没有“{round_name or '（未分期）'}”这一期（已记录：{names}）")
        round_id, notice_json, registry_json, as_of, name, due = row
        loaded = load_notice_text(notice_json, "json", source=str(self.path))
        units = registry or _registry_of(registry_json)
        records = self._records(round_id, units)
        summary = consolidate(records, Matrix.build(loaded, units), _moment(as_of))
        round_ = Round(name=name, due=_date(due)) if name else None
        summary = evolve(summary, round=round_)
        if round_ is None:
            return summary
        return summary.compared(self.previous(loaded, name))

    def _records(self, round_id: int, registry: Registry) -> list[Received]:
        issues: dict[str, list[Issue]] = {}
        for path, code, severity, sheet, cell, task, message in self._db.execute(
            "SELECT path, code, severity, sheet, cell, task, message FROM issues"
            " WHERE round_id = ? ORDER BY path, seq",
            (round_id,),
        ):
            issues.setdefault(path, []).append(
                Issue(
                    code=code,
                    severity=Severity(severity),
                    message=message,
                    path=path,
                    sheet=sheet,
                    cell=cell,
                    task=task,
                )
            )
        entries: dict[str, dict[str, Entry]] = {}
        for path, task_id, *texts in self._db.execute(
            "SELECT file, task_id, status, progress, evidence, problems, plans, news"
            " FROM entries WHERE round_id = ?",
            (round_id,),
        ):
            entries.setdefault(path, {})[task_id] = Entry(
                status=texts[0],
                progress=texts[1],
                evidence=texts[2],
                problems=texts[3],
                plans=texts[4],
                news=texts[5],
            )
        ids = {unit.id: unit for unit in registry.units}
        records: list[Received] = []
        for row in self._db.execute(
            "SELECT path, relative, sha256, size, modified, unit_id, unit_name, belongs,"
            " fill_date, contact, phone, reviewer FROM files WHERE round_id = ? ORDER BY path",
            (round_id,),
        ):
            path, relative, sha256, size, modified, unit_id, unit_name, belongs = row[:8]
            fill_date, contact, phone, reviewer = row[8:]
            found = tuple(issues.get(path, ()))
            records.append(
                Received(
                    path=path,
                    relative=relative,
                    sha256=sha256,
                    size=size,
                    modified=_moment(modified) if modified else None,
                    report=FileReport(path=path, unit=unit_name or None, issues=found),
                    content=ReturnContent(
                        unit=ids.get(unit_id) if unit_id else None,
                        unit_name=unit_name,
                        belongs=bool(belongs),
                        fill_date=_date(fill_date),
                        contact=contact,
                        phone=phone,
                        reviewer=reviewer,
                        entries=entries.get(path, {}),
                    ),
                )
            )
        return records


def _entry(row: HistoryEntry | None) -> Entry | None:
    """A recorded entry as an answer: none from a return that failed validation (not adopted)."""
    return row.entry if row is not None and row.valid else None


def _with_source(answer: Answer, source: HistoryEntry) -> Answer:
    return Answer(
        round=answer.round,
        unit_id=answer.unit_id,
        task_id=answer.task_id,
        role=source.role,
        entry=answer.entry,
        fill_date=source.fill_date,
        stale=answer.stale,
    )
