"""The one cattrs converter, and notices to and from JSON and TOML.

JSON and TOML hold the same structure: dates as ISO strings, roles and kinds by
their English values, tuples as lists. TOML has no null, so None values are
left out when writing TOML and come back as the defaults when reading.
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import enum
import json
import re
import typing
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
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise TypeError(f"日期应写成 2024-07-05 这样的格式（现为“{value}”）")


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
        NoticeFormatError: the data does not fit; one Chinese line per problem,
            with the path of the field in the file's terms (``任务[3].title 缺失``:
            the title of the third ``[[tasks]]``).
    """
    try:
        return CONVERTER.structure(data, cls)
    except (cattrs.BaseValidationError, ValueError, TypeError) as error:
        details = (
            [
                _chinese(line)
                for line in cattrs.transform_error(error, path="$", format_exception=_describe)
            ]
            if isinstance(error, cattrs.BaseValidationError)
            else [_reason(error)]
        )
        where = f"“{source}”" if source else "数据"
        lines = "\n".join(f"  - {detail}" for detail in details)
        raise NoticeFormatError(f"{where}的内容有误，请改正后再读入：\n{lines}") from error


# Lists of a notice or registry file, as users see them (1-based: the third [[tasks]]).
_LISTS = {
    "tasks": "任务",
    "requirements": "要求",
    "references": "参考文件",
    "group_members": "单位组成员",
    "units": "单位",
    "groups": "单位组",
    "recipients": "主送单位",
    "lead": "牵头单位",
    "responsible": "责任单位",
    "cooperating": "配合单位",
    "informed": "知悉单位",
    "leaders": "牵头领导",
    "members": "成员",
}
_INDEX = re.compile(r"\.?([A-Za-z_]+)\[(\d+)\]")


def _path(path: str) -> str:
    """``$.tasks[2].title`` → ``任务[3].title`` (the file's keys, lists counted from 1)."""
    path = path.removeprefix("$").lstrip(".")
    path = _INDEX.sub(lambda m: f".{_LISTS.get(m[1], m[1])}[{int(m[2]) + 1}]", path).lstrip(".")
    return _LISTS.get(path, path) or "整个文件"


def _chinese(line: str) -> str:
    """One cattrs problem (``message @ $.path``) as a Chinese line: the path, then what is wrong."""
    message, _, path = line.rpartition(" @ ")
    return f"{_path(path)} {message}"


def _describe(error: BaseException, cls: type | None) -> str:
    if isinstance(error, KeyError):
        return "缺失"
    if isinstance(error, cattrs.ForbiddenExtraKeysError):
        extra = "、".join(sorted(error.extra_fields))
        return f"有不认识的字段：{extra}（请删除或检查拼写）"
    return f"值不对：{_reason(error, cls)}"


_KINDS: dict[object, str] = {
    str: "文字",
    int: "整数",
    bool: "是或否",
    dt.date: "日期（如 2024-07-05）",
}


def _reason(error: BaseException, cls: object = None) -> str:
    """Why a value does not fit, in Chinese (gzgk's own messages are Chinese already)."""
    text = str(error)
    if re.search("[\u4e00-\u9fff]", text):
        return text
    kind = _KINDS.get(cls, "")
    if typing.get_origin(cls) in (tuple, list, collections.abc.Sequence):
        kind = "列表"
    if isinstance(cls, type) and issubclass(cls, enum.Enum):
        kind = "以下之一：" + "、".join(str(member.value) for member in cls)
    return f"应为{kind}" if kind else "类型或格式不对"


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
        if not isinstance(cleaned, dict):
            raise TypeError("a notice unstructures to a table")
        comments = "".join(f"# {issue.describe()}\n" for issue in issues or ())
        return comments + ("\n" if comments else "") + _toml.dumps(cleaned)
    if issues is not None:
        if not isinstance(data, dict):
            raise TypeError("a notice unstructures to a table")
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
