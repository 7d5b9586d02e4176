"""Findings as data: issue types with stable codes, issues, and reports.

Parsing a notice and validating a return both produce :class:`Issue` objects.
Every issue belongs to an :class:`IssueType`, defined once with a stable
kebab-case code, a severity, a Chinese title and a Chinese message template;
the list of codes in the docs is generated from :func:`issue_types`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Literal

from attrs import field, frozen

__all__ = [
    "FileReport",
    "Issue",
    "IssueType",
    "Report",
    "Severity",
    "catalogue_markdown",
    "code_label",
    "define_issue",
    "issue_types",
]

_CODE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")

IssueField = Literal["code", "severity", "message", "path", "sheet", "cell", "line", "task"]


class Severity(enum.Enum):
    """How bad a finding is: an error makes a notice or a return invalid."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        """The Chinese word shown to users."""
        return "错误" if self is Severity.ERROR else "提醒"


@frozen(kw_only=True)
class Issue:
    """One finding, located as precisely as the source allows.

    Attributes:
        code: stable kebab-case code of the issue type, e.g. ``missing-value``.
        severity: error or warning.
        message: plain Chinese: what is wrong and what to do.
        path: the file the finding is about, as the user named it.
        sheet: worksheet title, for workbooks.
        cell: A1-style cell address, for workbooks.
        line: 1-based line number, for text.
        task: the printed number of the task concerned, e.g. ``三``.
    """

    code: str
    severity: Severity
    message: str
    path: str | None = None
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None
    task: str | None = None

    @property
    def is_error(self) -> bool:
        """Whether this finding makes its file invalid."""
        return self.severity is Severity.ERROR

    def location(self, *, with_path: bool = True) -> str:
        """Where, in the user's terms: ``文件 › 工作表!单元格``, line, task."""
        parts: list[str] = []
        if self.path and with_path:
            parts.append(self.path)
        if self.sheet:
            parts.append(f"{self.sheet}!{self.cell}" if self.cell else self.sheet)
        elif self.cell:
            parts.append(self.cell)
        if self.line is not None:
            parts.append(f"第 {self.line} 行")
        where = " › ".join(parts)
        if self.task:
            # 任务（八） for Chinese numerals as printed; 任务3 and 任务1.2 for digits.
            task = f"任务{self.task}" if self.task[:1].isdigit() else f"任务（{self.task}）"
            where = f"{where}（{task}）" if where else task
        return where

    def describe(self, *, with_path: bool = True) -> str:
        """One line for people: severity, location, message and code."""
        where = self.location(with_path=with_path)
        prefix = f"{where}：" if where else ""
        return f"{self.severity.label} {prefix}{self.message} [{self.code}]"

    def get(self, name: IssueField) -> object:
        """The value of one field, by name (used by :meth:`Report.flatten`)."""
        value: object = getattr(self, name)
        return value.value if isinstance(value, Severity) else value


@frozen(kw_only=True)
class IssueType:
    """A kind of finding: stable code, severity, Chinese title and message template.

    Calling the type makes an :class:`Issue`; keyword arguments that are not
    location fields fill the template.
    """

    code: str
    severity: Severity
    title: str
    template: str
    topic: str

    def __call__(
        self,
        *,
        path: str | None = None,
        sheet: str | None = None,
        cell: str | None = None,
        line: int | None = None,
        task: str | None = None,
        **params: object,
    ) -> Issue:
        """Make an issue of this type at the given location."""
        return self.make(params, path=path, sheet=sheet, cell=cell, line=line, task=task)

    def make(
        self,
        params: Mapping[str, object],
        *,
        path: str | None = None,
        sheet: str | None = None,
        cell: str | None = None,
        line: int | None = None,
        task: str | None = None,
    ) -> Issue:
        """Make an issue with template parameters given as a mapping."""
        return Issue(
            code=self.code,
            severity=self.severity,
            message=self.template.format_map(params),
            path=path,
            sheet=sheet,
            cell=cell,
            line=line,
            task=task,
        )


_CATALOGUE: dict[str, IssueType] = {}


def define_issue(
    code: str, severity: Severity, title: str, template: str, *, topic: str
) -> IssueType:
    """Define and register an issue type; codes are unique and kebab-case.

    Raises:
        ValueError: the code is not kebab-case or is already defined.
    """
    if not _CODE.fullmatch(code):
        raise ValueError(f"issue code must be kebab-case (got {code!r})")
    if code in _CATALOGUE:
        raise ValueError(f"issue code must be unique (got {code!r} twice)")
    issue_type = IssueType(
        code=code, severity=severity, title=title, template=template, topic=topic
    )
    _CATALOGUE[code] = issue_type
    return issue_type


def issue_types(topic: str | None = None) -> tuple[IssueType, ...]:
    """Every issue type defined so far (optionally of one topic), sorted by code."""
    return tuple(
        sorted(
            (t for t in _CATALOGUE.values() if topic is None or t.topic == topic),
            key=lambda t: t.code,
        )
    )


def code_label(code: str) -> str:
    """A code with its Chinese title, as tables print it: ``缺少任务行 [task-row-missing]``."""
    issue_type = _CATALOGUE.get(code)
    return f"{issue_type.title} [{code}]" if issue_type is not None else code


def catalogue_markdown(topic: str, heading: str) -> str:
    """A Markdown table of the issue types of one topic, for the docs."""
    lines = [
        f"# {heading}",
        "",
        "<!-- Generated from the code by `python docs/generate.py`; do not edit by hand. -->",
        "",
        "| code | severity | title | message |",
        "| --- | --- | --- | --- |",
    ]
    for issue_type in issue_types(topic):
        message = issue_type.template.replace("|", "\\|")
        severity = issue_type.severity.value
        lines.append(f"| `{issue_type.code}` | {severity} | {issue_type.title} | {message} |")
    return "\n".join(lines) + "\n"


def _flatten(issues: Iterable[Issue], fields: tuple[IssueField, ...]) -> list[tuple[object, ...]]:
    return [tuple(issue.get(name) for name in fields) for issue in issues]


@frozen(kw_only=True)
class FileReport:
    """The findings about one file.

    ``read`` is False for a path that was found but not read (a lock file, a
    FIFO, a link loop …): its one issue says why.
    """

    path: str
    unit: str | None = None
    issues: tuple[Issue, ...] = ()
    read: bool = True

    @property
    def valid(self) -> bool:
        """Whether the file has no error (warnings allowed)."""
        return not any(issue.is_error for issue in self.issues)

    def flatten(self, *fields: IssueField) -> list[tuple[object, ...]]:
        """The chosen fields of every issue, in order: made for one-line asserts."""
        return _flatten(self.issues, fields or ("code",))


@frozen(kw_only=True)
class Report:
    """The findings about a batch of files, and notes that concern the whole batch."""

    files: tuple[FileReport, ...] = field(default=())
    notes: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        """Whether every file is valid."""
        return all(file.valid for file in self.files)

    @property
    def read(self) -> tuple[FileReport, ...]:
        """The reports of the files that were read (not the paths skipped with a reason)."""
        return tuple(file for file in self.files if file.read)

    @property
    def issues(self) -> tuple[Issue, ...]:
        """Every issue of every file, in file order."""
        return tuple(issue for file in self.files for issue in file.issues)

    def __iter__(self) -> Iterator[FileReport]:
        return iter(self.files)

    def flatten(self, *fields: IssueField) -> list[tuple[object, ...]]:
        """The chosen fields of every issue of every file, in order."""
        return _flatten(self.issues, fields or ("code",))
