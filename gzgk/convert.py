"""The one cattrs converter, and notices to and from JSON and TOML.

JSON and TOML hold the same structure: dates as ISO strings, roles and kinds by
their English values, tuples as lists. TOML has no null, so None values are
left out when writing TOML and come back as the defaults when reading.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Literal, TypeVar

import cattrs

from gzgk import _toml
from gzgk.errors import NoticeFormatError
from gzgk.model import Notice
from gzgk.report import Issue

__all__ = [
    "CONVERTER",
    "ISSUES_KEY",
    "Format",
    "dump_notice",
    "load_notice_text",
    "make_converter",
    "structure",
    "unstructure",
]

Format = Literal["json", "toml"]
T = TypeVar("T")


def _structure_date(value: object, _type: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    raise TypeError(f"date must be an ISO date string such as 2024-07-05 (got {value!r})")


def make_converter() -> cattrs.Converter:
    """The converter for every gzgk type: dates as ISO strings, enums by value."""
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    return converter


CONVERTER = make_converter()


def unstructure(value: object) -> object:
    """Plain data (dicts, lists, strings, numbers, None) for any gzgk value."""
    return CONVERTER.unstructure(value)


def structure(data: object, cls: type[T], *, source: str = "") -> T:
    """Build a gzgk value from plain data.

    Raises:
        NoticeFormatError: the data does not fit, with the path of each problem
            (``required field missing @ $.tasks[2].title``).
    """
    try:
        return CONVERTER.structure(data, cls)
    except (cattrs.BaseValidationError, ValueError, TypeError) as error:
        details = (
            cattrs.transform_error(error, path="$", format_exception=_describe)
            if isinstance(error, cattrs.BaseValidationError)
            else [str(error)]
        )
        where = f"“{source}”" if source else "数据"
        lines = "\n".join(f"  - {detail}" for detail in details)
        raise NoticeFormatError(f"{where}的结构不符合 gzgk 格式：\n{lines}") from error


def _describe(error: BaseException, cls: type | None) -> str:
    if isinstance(error, ValueError) and not isinstance(error, cattrs.BaseValidationError):
        return f"invalid value ({error})"
    return cattrs.v.format_exception(error, cls)


def _drop_none(value: object) -> object:
    if isinstance(value, Mapping):
        return {key: _drop_none(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_drop_none(item) for item in value]
    return value


ISSUES_KEY = "issues"  # the parse report beside a notice; ignored when a notice is loaded


def _issue_data(issue: Issue) -> dict[str, object]:
    return {
        "code": issue.code,
        "severity": issue.severity.value,
        "message": issue.message,
        "task": issue.task,
        "line": issue.line,
        "cell": f"{issue.sheet}!{issue.cell}" if issue.sheet and issue.cell else issue.cell,
    }


def dump_notice(notice: Notice, fmt: Format = "json", issues: Sequence[Issue] | None = None) -> str:
    """The notice as JSON (indented, UTF-8 characters kept) or TOML text.

    ``issues`` (what parsing met) go beside it: a JSON ``issues`` list (empty
    when parsing met nothing), or TOML comments above the notice.
    """
    data = unstructure(notice)
    if fmt == "toml":
        cleaned = _drop_none(data)
        assert isinstance(cleaned, dict)  # noqa: S101 - unstructure of an attrs class is a dict
        comments = "".join(f"# {issue.describe()}\n" for issue in issues or ())
        return comments + ("\n" if comments else "") + _toml.dumps(cleaned)
    if issues is not None:
        assert isinstance(data, dict)  # noqa: S101 - unstructure of an attrs class is a dict
        data[ISSUES_KEY] = [_issue_data(issue) for issue in issues]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def load_notice_text(text: str, fmt: Format, *, source: str = "") -> Notice:
    """A notice from gzgk's own JSON or TOML text.

    Raises:
        NoticeFormatError: the text is not valid JSON/TOML or not a notice.
    """
    where = f"“{source}”" if source else "文本"
    try:
        data: object = _toml.loads(text) if fmt == "toml" else json.loads(text)
    except _toml.TOMLDecodeError as error:
        raise NoticeFormatError(f"{where}不是有效的 TOML：{error}") from error
    except json.JSONDecodeError as error:
        raise NoticeFormatError(
            f"{where}不是有效的 JSON：第 {error.lineno} 行第 {error.colno} 列，{error.msg}"
        ) from error
    if isinstance(data, dict):
        data.pop(ISSUES_KEY, None)
    return structure(data, Notice, source=source)
