"""Wheels for the bundle test, made without the network from what is installed here.

The bundle test must not download anything, yet ``build_bundle`` takes its dependencies
from a folder of wheels (``find_links``, ``index=False``). That folder is made here:

* gzgk's own wheel is built from the checkout by ``pip wheel --no-build-isolation
  --no-index`` (hatchling, the build backend, is in the dev extra);
* every distribution ``gzgk[excel]`` needs on this machine is packed back into a wheel from
  its installed files: the files its ``RECORD`` lists inside site-packages (the package and
  its ``.dist-info``, with the ``WHEEL`` file and so the original tags), with a fresh
  ``RECORD``. Files pip put outside site-packages (console scripts, ``.data`` files) and
  byte code are left out; pip makes the scripts again from ``entry_points.txt``.

These are the same bytes pip installed from the real wheels, so installing them is a real
install of the same code; it is not a copy of the package index.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import importlib.metadata
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
_SKIPPED_META = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return f"sha256={digest.decode('ascii')}"


def _tag(wheel_file: str) -> str:
    """The compressed tag set of a WHEEL file's ``Tag:`` lines: ``cp311-cp311-linux_x86_64``."""
    tags = [
        line.split(":", 1)[1].strip() for line in wheel_file.splitlines() if line.startswith("Tag:")
    ]
    parts: list[list[str]] = [[], [], []]
    for tag in tags:
        for index, part in enumerate(tag.split("-")):
            if part not in parts[index]:
                parts[index].append(part)
    return "-".join(".".join(part) for part in parts)


def repack(distribution: importlib.metadata.Distribution, folder: Path) -> Path:
    """An installed distribution as a wheel in ``folder``."""
    name = distribution.metadata["Name"]
    version = distribution.version
    base = Path(str(distribution.locate_file("")))
    meta = f"{re.sub(r'[-_.]+', '_', name)}-{version}.dist-info"
    entries = []
    for file in distribution.files or ():
        relative = file.as_posix()
        if relative.startswith("..") or "__pycache__" in relative:
            continue
        if relative.split("/")[0].endswith(".dist-info"):
            if relative.split("/")[-1] in _SKIPPED_META:
                continue
            relative = f"{meta}/{relative.split('/', 1)[1]}"
        entries.append((relative, (base / file).read_bytes()))
    wheel_file = dict(entries)[f"{meta}/WHEEL"].decode("utf-8")
    target = folder / f"{re.sub(r'[-_.]+', '_', name)}-{version}-{_tag(wheel_file)}.whl"
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for relative, data in entries:
            archive.writestr(relative, data)
            writer.writerow([relative, _record_hash(data), len(data)])
        writer.writerow([f"{meta}/RECORD", "", ""])
        archive.writestr(f"{meta}/RECORD", record.getvalue())
    return target


def _needed(root: str) -> list[importlib.metadata.Distribution]:
    """The installed distributions ``root`` needs here, itself excluded."""
    environment = default_environment()
    found: dict[str, importlib.metadata.Distribution] = {}
    todo = [(Requirement(root), True)]
    while todo:
        requirement, is_root = todo.pop()
        name = canonicalize_name(requirement.name)
        if name in found and not requirement.extras:
            continue
        distribution = importlib.metadata.distribution(requirement.name)
        if not is_root:
            found[name] = distribution
        for line in distribution.requires or ():
            needed = Requirement(line)
            extras = set(requirement.extras) | {""}
            applies = needed.marker is None or any(
                needed.marker.evaluate({**environment, "extra": extra}) for extra in extras
            )
            if applies and canonicalize_name(needed.name) not in found:
                todo.append((needed, False))
    return [found[name] for name in sorted(found)]


def gzgk_wheel(folder: Path) -> Path:
    """The wheel of gzgk, built from the checkout without the network."""
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    command += ["--no-index", "--wheel-dir", str(folder), str(ROOT)]
    subprocess.run(command, check=True, capture_output=True)
    (built,) = folder.glob("gzgk-*.whl")
    return built


def wheelhouse(folder: Path, root: str = "gzgk[excel]") -> list[Path]:
    """Every dependency of ``root`` installed here, packed as wheels into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    return [repack(distribution, folder) for distribution in _needed(root)]
