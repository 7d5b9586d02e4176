"""The outcome of reading a notice: the notice and what was found on the way."""

from __future__ import annotations

from attrs import frozen

from gzgk.errors import NoticeParseError
from gzgk.model import Notice
from gzgk.report import Issue, IssueField

__all__ = ["ParseResult"]


@frozen(kw_only=True)
class ParseResult:
    """A parsed notice with the issues met while parsing it.

    The notice holds everything that could be read; when ``valid`` is false,
    some part could not be (see ``issues``) and the notice must not be used.
    """

    source: str
    notice: Notice
    issues: tuple[Issue, ...] = ()

    @property
    def valid(self) -> bool:
        """Whether parsing met no error (warnings allowed)."""
        return not any(issue.is_error for issue in self.issues)

    def flatten(self, *fields: IssueField) -> list[tuple[object, ...]]:
        """The chosen fields of every issue, in order (default: the code)."""
        return [tuple(issue.get(name) for name in fields or ("code",)) for issue in self.issues]

    def unwrap(self) -> Notice:
        """The notice, if parsing met no error.

        Raises:
            NoticeParseError: parsing met errors; they say which part and why.
        """
        if not self.valid:
            raise NoticeParseError(self.source, [i for i in self.issues if i.is_error])
        return self.notice
