"""Regenerate the docs pages made from the code: python docs/generate.py.

The list of issue codes is generated from the issue types defined in gzgk, so
the docs cannot drift from what the program reports (a test checks it).
"""

from __future__ import annotations

import importlib
from pathlib import Path

from gzgk.report import catalogue_markdown

DOCS = Path(__file__).parent
PAGES = {
    "reference/notice-issues.md": (
        "gzgk.parse.notice_issues",
        "notice",
        "Notice parsing issue codes",
    ),
    "reference/return-issues.md": (
        "gzgk.excel.return_issues",
        "return",
        "Return validation issue codes",
    ),
}


def pages() -> dict[Path, str]:
    """Every generated page and its content."""
    result = {}
    for name, (module, topic, heading) in PAGES.items():
        importlib.import_module(module)
        result[DOCS / name] = catalogue_markdown(topic, heading)
    return result


def main() -> None:
    """Write the generated pages."""
    for path, text in pages().items():
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
