"""Whether an Office file gzgk wrote has been saved since, by Word, WPS, Excel or LibreOffice.

gzgk writes its workbooks and Word documents with itself as author and last
editor, created and modified at one moment (and a Word revision count of 1).
Saving the file in any office program changes at least one of these: the last
editor becomes the user (or nobody, in LibreOffice without a user name), the
time modified becomes the time of the save, the revision count goes up. So a
file that still reads as gzgk wrote it holds nothing of anybody's, and one that
does not may hold a clerk's corrections, which no output of gzgk replaces.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Final, Literal

from lxml import etree

__all__ = ["AUTHOR", "Origin", "package_origin"]

AUTHOR: Final = "gzgk"

Origin = Literal["gzgk", "edited", "other"]

_CORE = "docProps/core.xml"
_CORE_NS: Final = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}
_CORE_MAX: Final = 1 << 20  # a package's properties are a few hundred bytes


def package_origin(path: Path) -> Origin:
    """Who last saved an Office package (.docx, .xlsx): gzgk as written, somebody since, or other.

    ``other`` is a file gzgk did not write (its author is not gzgk). A file whose
    properties cannot be read holds nothing of anybody's to keep: ``gzgk``.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        with zipfile.ZipFile(path) as package:
            info = package.getinfo(_CORE)
            if info.file_size > _CORE_MAX:
                return "other"
            core = etree.fromstring(package.read(info), parser)
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return "gzgk"

    def field(name: str) -> str | None:
        found = core.find(name, _CORE_NS)
        return None if found is None else (found.text or "").strip()

    if field("dc:creator") != AUTHOR:
        return "other"
    unsaved = (
        field("cp:lastModifiedBy") == AUTHOR
        and field("dcterms:modified") == field("dcterms:created")
        and field("cp:revision") in {None, "1"}
    )
    return "gzgk" if unsaved else "edited"
