"""Shared fixtures: a real headless LibreOffice (``libreoffice``) and poppler (``poppler``).

Both skip the test when the tool is missing, except with ``GZGK_REQUIRE_LIBREOFFICE=1`` (CI),
where a missing tool fails the test instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.libreoffice import LibreOffice, find_pdfinfo_reason, find_reason


def _skip_or_fail(reason: str) -> None:
    """Skip with ``reason``, or fail when ``GZGK_REQUIRE_LIBREOFFICE=1`` demands the tools."""
    if os.environ.get("GZGK_REQUIRE_LIBREOFFICE") == "1":
        pytest.fail(f"GZGK_REQUIRE_LIBREOFFICE=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True, scope="session")
def _log_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The log folder gzgk writes to (LOCALAPPDATA: tracebacks, 环境检查 reports), per session."""
    folder = tmp_path_factory.mktemp("appdata")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LOCALAPPDATA", str(folder))
        yield folder


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses the ``libreoffice`` fixture with ``@pytest.mark.libreoffice``."""
    for item in items:
        if "libreoffice" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.libreoffice)


@pytest.fixture(scope="session")
def libreoffice_session() -> Iterator[LibreOffice]:
    """One headless ``soffice`` for the whole session, shut down at the end."""
    reason = find_reason()
    if reason is not None:
        _skip_or_fail(reason)
    with LibreOffice() as office:
        yield office


@pytest.fixture
def libreoffice(libreoffice_session: LibreOffice) -> LibreOffice:
    """The session's LibreOffice, restarted first if an earlier test crashed it."""
    if not libreoffice_session.alive:
        libreoffice_session.restart()
    return libreoffice_session


@pytest.fixture
def poppler() -> None:
    """Require poppler's ``pdfinfo`` and ``pdftotext`` (skip or fail like ``libreoffice``)."""
    reason = find_pdfinfo_reason()
    if reason is not None:
        _skip_or_fail(reason)
