"""The docs pages generated from the code are up to date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.guide import docs_script

DOCS = Path(__file__).parents[1] / "docs"


def _generator() -> dict[Path, str]:
    pages: dict[Path, str] = docs_script("generate").pages()
    return pages


@pytest.mark.parametrize(("path", "text"), sorted(_generator().items()))
def test_generated_page_is_current(path: Path, text: str) -> None:
    """Each generated page equals what docs/generate.py would write now."""
    assert path.read_text(encoding="utf-8") == text, f"run: python docs/generate.py ({path.name})"


def test_every_issue_code_is_documented() -> None:
    """Every issue code defined in gzgk appears in a generated page."""
    from gzgk.report import issue_types  # noqa: PLC0415 - after the generator imported all modules

    _generator()
    documented = "".join(_generator().values())
    for issue_type in issue_types():
        assert f"`{issue_type.code}`" in documented


def test_links_and_pictures_exist() -> None:
    """Every relative link and picture in the docs points at a file that exists."""
    link = re.compile(r"\]\(([^)#\s]+)\)")
    missing = [
        f"{page.relative_to(DOCS)} → {target}"
        for page in DOCS.rglob("*.md")
        for target in link.findall(page.read_text(encoding="utf-8"))
        if "://" not in target and not (page.parent / target).exists()
    ]
    assert missing == []


def test_screenshots_cover_the_guide() -> None:
    """docs/screenshots.py renders every picture the guide shows."""
    module = docs_script("screenshots")
    shown = {
        picture
        for page in (DOCS / "guide").glob("*.md")
        for picture in re.findall(r"images/([^)]+)\.png", page.read_text(encoding="utf-8"))
    }
    assert shown == set(module.PICTURES) | set(module.DEMO_PRINTS)


GUIDE_ISSUES = DOCS / "guide" / "08-通知读不全怎么办.md"
_SEVERITY = {"错误": "error", "提醒": "warning"}


def test_guide_explains_every_parser_issue() -> None:
    """The guide's tables explain exactly the codes the parser defines, each at its severity.

    A code added to :mod:`gzgk.parse.notice_issues` without a line in the guide,
    a line left for a code that is gone, or a warning the guide calls an error
    fails here, so the clerks' page cannot go stale.
    """
    from gzgk.parse.notice_issues import NO_TASKS  # noqa: PLC0415 - the parser's codes
    from gzgk.report import issue_types  # noqa: PLC0415

    row = re.compile(r"^\| `([a-z0-9-]+)` \| (错误|提醒) \| [^|]+ \| [^|]+ \|$", re.MULTILINE)
    guide = {code: _SEVERITY[level] for code, level in row.findall(GUIDE_ISSUES.read_text("utf-8"))}
    defined = {t.code: t.severity.value for t in issue_types(NO_TASKS.topic)}
    assert guide == defined
