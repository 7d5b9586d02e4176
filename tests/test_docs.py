"""The docs pages generated from the code are up to date."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).parents[1] / "docs"


def _generator() -> dict[Path, str]:
    spec = importlib.util.spec_from_file_location("docs_generate", DOCS / "generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    pages: dict[Path, str] = module.pages()
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
    spec = importlib.util.spec_from_file_location("docs_screenshots", DOCS / "screenshots.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    shown = {
        picture
        for page in (DOCS / "guide").glob("*.md")
        for picture in re.findall(r"images/([^)]+)\.png", page.read_text(encoding="utf-8"))
    }
    assert shown == set(module.PICTURES)
