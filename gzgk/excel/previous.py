"""Last round's summary workbook → :class:`~gzgk.comparison.Previous`.

The office may never keep a history database: the summary workbook of the
last round is then all it has, and enough. Its very hidden ``_data`` sheet
(laid out by :data:`~gzgk.contract.COMPARISON`) holds the round's name, the
notice it answers and every unit's last accepted answers and contacts; this
module reads them back with python-calamine. The file is only read.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from gzgk.comparison import Answer, Previous, UnitContact, check_previous
from gzgk.contract import COMPARISON
from gzgk.errors import GzgkError
from gzgk.files import os_reason
from gzgk.history import History
from gzgk.model import Notice, Round
from gzgk.returns import Entry

from .return_data import cell_text

__all__ = ["PreviousReadError", "load_previous", "read_previous"]

_MAX_BYTES = 200 * 1024 * 1024


class PreviousReadError(GzgkError, ValueError):
    """Last round's summary cannot be used (not a summary, an old one, unreadable)."""

    code = "previous-unusable"


def _rows(path: Path) -> Sequence[Sequence[object]]:
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise PreviousReadError(f"上期汇总表“{path}”过大，不像 gzgk 的汇总表")
        data = path.read_bytes()
    except OSError as error:
        raise PreviousReadError(f"无法读取上期汇总表“{path}”：{os_reason(error)}") from error
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if COMPARISON.DATA_SHEET not in book.sheet_names:
            raise PreviousReadError(
                f"“{path}”不是 gzgk 写出的汇总表，或由旧版 gzgk 写出，没有供下期使用的数据。"
                "请用本版 gzgk 重新汇总上期收到的报送表（gzgk merge …）后再用"
            )
        rows: Sequence[Sequence[object]] = book.get_sheet_by_name(COMPARISON.DATA_SHEET).to_python(
            skip_empty_area=False
        )
    except CalamineError as error:
        what = "不是 Excel 工作簿，或已损坏" if data else "文件是空的"
        raise PreviousReadError(
            f"上期汇总表“{path}”无法打开：{what}。请使用上期 gzgk merge 写出的汇总表（.xlsx）"
        ) from error
    return rows


def _texts(row: Sequence[object], start: int, count: int) -> list[str]:
    cells = [cell_text(value).strip() for value in row[start : start + count]]
    return cells + [""] * (count - len(cells))


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def read_previous(path: str | Path) -> Previous:
    """The last accepted answers that a summary workbook left for the next round.

    Raises:
        PreviousReadError: the file is not a summary written by this version of
            gzgk (or a later one it cannot read), or cannot be read.
    """
    file = Path(path)
    rows = _rows(file)
    header = COMPARISON.DATA_TABLE_ROW - 1
    values = {
        texts[0]: texts[1]
        for row in rows[:header]
        if (texts := _texts(row, 0, 2))[0] in COMPARISON.DATA_KEYS
    }
    version = values.get("data_version", "")
    if version != COMPARISON.DATA_VERSION:
        raise PreviousReadError(
            f"上期汇总表“{file}”的数据格式为“{version or '未知'}”，"
            f"本程序读取格式 {COMPARISON.DATA_VERSION}。请用本版 gzgk 重新汇总上期收到的报送表"
        )
    answers: list[Answer] = []
    contacts: dict[str, UnitContact] = {}
    width = len(COMPARISON.DATA_ANSWERS)
    start = COMPARISON.contacts_column
    for row in rows[header + 1 :]:
        cells = dict(zip(COMPARISON.DATA_ANSWERS, _texts(row, 0, width), strict=True))
        if cells["unit_id"] and cells["task_id"]:
            answers.append(
                Answer(
                    round=cells["round"],
                    unit_id=cells["unit_id"],
                    task_id=cells["task_id"],
                    role=cells["role"],
                    entry=Entry(
                        status=cells["status"],
                        progress=cells["progress"],
                        evidence=cells["evidence"],
                        problems=cells["problems"],
                        plans=cells["plans"],
                        news=cells["news"],
                    ),
                    fill_date=_date(cells["fill_date"]),
                    stale=int(cells["stale"]) if cells["stale"].isdigit() else 0,
                )
            )
        unit_id, contact, phone = _texts(row, start, len(COMPARISON.DATA_CONTACTS))
        if unit_id:
            contacts[unit_id] = UnitContact(contact=contact, phone=phone)
    return Previous(
        round=values.get("round", ""),
        due=_date(values.get("round_due", "")),
        notice_fingerprint=values.get("notice_fingerprint", ""),
        answers=answers,
        contacts=contacts,
        source=str(file),
        notice_title=values.get("notice_title", ""),
    )


def load_previous(
    *,
    notice: Notice,
    round: Round | None,  # noqa: A002 - the word the office uses
    summary: str | Path | None = None,
    history: History | None = None,
) -> Previous | None:
    """The earlier answers a round starts from: last round's summary, the history, or both.

    With both, the history is used when it holds the summary's round (it knows
    the older rounds too); otherwise the summary, which is newer. None when
    neither has an earlier round.

    Raises:
        PreviousReadError: the summary cannot be read.
        PreviousMismatchError: it belongs to another notice, or is this round's.
        HistoryError: the history cannot be read.
    """
    name = round.name if round is not None else ""
    from_summary = read_previous(summary) if summary is not None else None
    from_history = history.previous(notice, name) if history is not None else None
    chosen = from_summary
    if from_history is not None and (
        from_summary is None or from_history.round == from_summary.round
    ):
        chosen = from_history
    if chosen is not None:
        check_previous(chosen, notice, name or None)
    return chosen
