r"""The offline install bundle (安装包): gzgk's Excel add-in for a PC without internet.

``gzgk excel bundle -o gzgk-安装包.zip`` runs on a machine that reaches the package index
and writes one zip file::

    gzgk-安装包/
        install.cmd         double-click: finds Python, runs setup\install.py
        安装说明.txt          the steps, in Chinese, for whoever installs it
        控制台.xlsm           a control workbook with the buttons on its sheet
        setup/install.py    the installer (standard library only): a virtual environment,
                            pip install --no-index from wheels/, the add-in built, XLSTART
        setup/bundle.json   what the bundle holds: versions, Python versions, wheels
        setup/no-python.txt the message install.cmd shows when there is no Python (UTF-16)
        wheels/*.whl        gzgk and every dependency, for each Python version

The wheels are chosen by pip (``pip download --only-binary=:all: --platform …
--python-version …``), once for every Python version of the target. pip evaluates
environment markers for the machine it runs on, not for the target, so a dependency only
Windows needs (``pywin32; platform_system == "Windows"``) would be missed: after pip,
:func:`check_wheels` resolves ``gzgk[excel]`` against the folder with the target's markers
and wheel tags, the missing requirements are downloaded, and the bundle is written only when
every Python version resolves completely. xlwings is pinned to the version installed here,
whose add-in template gzgk knows (and which 控制台.xlsm is built from).
"""

from __future__ import annotations

import email.parser
import hashlib
import importlib.metadata
import io
import json
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from string import Template
from typing import Final

from attrs import frozen
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.tags import Tag, compatible_tags, cpython_tags, sys_tags
from packaging.utils import InvalidWheelFilename, canonicalize_name, parse_wheel_filename
from packaging.version import Version

import gzgk
from gzgk.errors import GzgkError
from gzgk.files import write_atomic

__all__ = [
    "BUNDLE_FOLDER",
    "EXCEL_PACKAGES",
    "Bundle",
    "BundleError",
    "Resolution",
    "Target",
    "build_bundle",
    "check_wheels",
    "excel_pythons",
    "native_target",
    "oldest_python",
    "python_requirements",
    "windows_target",
]

BUNDLE_FOLDER: Final = "gzgk-安装包"
_PYTHON_CLASSIFIER: Final = re.compile(r"Programming Language :: Python :: (3\.\d+)")
_ROOT: Final = "gzgk[excel]"
EXCEL_PACKAGES: Final = ("gzgk", "xlwings")  # what the add-in runs on: their Python versions
_WINDOWS_MARKERS: Final = {
    "os_name": "nt",
    "sys_platform": "win32",
    "platform_system": "Windows",
    "platform_machine": "AMD64",
    "platform_release": "10",
    "platform_version": "10.0.19045",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
}


class BundleError(GzgkError, RuntimeError):
    """The bundle cannot be built: pip failed, a wheel is missing, gzgk has no wheel."""

    code = "bundle-failed"


@frozen(kw_only=True)
class Target:
    """The PCs a bundle installs on.

    Attributes:
        name: a short description for messages (``Windows 64 位``).
        platforms: the wheel platform tags pip may choose, most specific first.
        pythons: the CPython versions, as ``"3.12"``.
        markers: PEP 508 marker values of those PCs, apart from the Python version.
    """

    name: str
    platforms: tuple[str, ...]
    pythons: tuple[str, ...]
    markers: Mapping[str, str]

    def environment(self, python: str) -> dict[str, str]:
        """The marker environment of one Python version on the target."""
        return {
            **self.markers,
            "python_version": python,
            "python_full_version": f"{python}.0",
            "implementation_version": f"{python}.0",
        }

    def tags(self, python: str) -> set[Tag]:
        """The wheel tags that Python version installs on the target."""
        major, minor = (int(part) for part in python.split("."))
        return set(cpython_tags((major, minor), platforms=self.platforms)) | set(
            compatible_tags((major, minor), f"cp{major}{minor}", self.platforms)
        )


def python_requirements(packages: Sequence[str] = EXCEL_PACKAGES) -> dict[str, SpecifierSet]:
    """Each installed package's Requires-Python (from its metadata; none: any Python).

    The one source of the Python versions gzgk runs on: the bundle carries wheels for
    the versions all of :data:`EXCEL_PACKAGES` allow, and 环境检查 holds this Python to
    them. A package that is not installed is left out.
    """
    found: dict[str, SpecifierSet] = {}
    for name in packages:
        try:
            specifiers = importlib.metadata.metadata(name).get_all("Requires-Python") or []
        except importlib.metadata.PackageNotFoundError:
            continue
        found[name] = SpecifierSet(",".join(specifiers))
    return found


def oldest_python(requirements: Iterable[SpecifierSet]) -> str:
    """The oldest Python 3 version (``3.11``) that every requirement allows ("" when none does)."""
    allowed = list(requirements)
    for minor in range(100):
        if all(Version(f"3.{minor}.0") in specifier for specifier in allowed):
            return f"3.{minor}"
    return ""


def excel_pythons() -> tuple[str, ...]:
    """The Python versions the installed xlwings lists, where gzgk and xlwings both install."""
    metadata = importlib.metadata.metadata("xlwings")
    listed = [
        match[1]
        for classifier in metadata.get_all("Classifier") or []
        if (match := _PYTHON_CLASSIFIER.fullmatch(classifier))
    ]
    allowed = python_requirements().values()
    return tuple(
        sorted(
            (python for python in listed if all(Version(f"{python}.0") in s for s in allowed)),
            key=Version,
        )
    )


def windows_target(pythons: Sequence[str] = ()) -> Target:
    """64-bit Windows (``win_amd64``), for ``pythons`` or every version xlwings runs on."""
    return Target(
        name="Windows 64 位",
        platforms=("win_amd64",),
        pythons=tuple(pythons) or excel_pythons(),
        markers=_WINDOWS_MARKERS,
    )


def native_target() -> Target:
    """This machine and its Python: the same bundle code, installable here (tests)."""
    platforms: list[str] = []
    for tag in sys_tags():
        if tag.platform not in platforms and tag.platform != "any":
            platforms.append(tag.platform)
    markers = {
        key: str(value)
        for key, value in default_environment().items()
        if key not in ("python_version", "python_full_version", "implementation_version")
    }
    return Target(
        name=f"本机（{platform.system()} {platform.machine()}）",
        platforms=tuple(platforms),
        pythons=(f"{sys.version_info[0]}.{sys.version_info[1]}",),
        markers=markers,
    )


# -- what a folder of wheels resolves to ---------------------------------------------------------


@frozen(kw_only=True)
class Resolution:
    """``gzgk[excel]`` resolved against a folder of wheels for one Python version of a target.

    Attributes:
        python: the Python version.
        chosen: the wheel file chosen for each distribution, by canonical name.
        missing: each requirement no wheel satisfies, and what required it.
    """

    python: str
    chosen: Mapping[str, str]
    missing: tuple[tuple[str, str], ...]


def _wheels(folder: Path) -> list[tuple[str, Version, frozenset[Tag], Path]]:
    found = []
    for path in sorted(folder.glob("*.whl")):
        try:
            name, version, _, tags = parse_wheel_filename(path.name)
        except InvalidWheelFilename:
            continue
        found.append((str(name), version, tags, path))
    return found


def _requirements(wheel: Path) -> list[Requirement]:
    """The Requires-Dist of a wheel's METADATA."""
    with zipfile.ZipFile(wheel) as archive:
        (metadata,) = [
            name
            for name in archive.namelist()
            if name.count("/") == 1 and name.endswith(".dist-info/METADATA")
        ]
        text = archive.read(metadata).decode("utf-8")
    message = email.parser.Parser().parsestr(text, headersonly=True)
    return [Requirement(line) for line in message.get_all("Requires-Dist") or ()]


def check_wheels(folder: Path, target: Target, python: str, root: str = _ROOT) -> Resolution:
    """Resolve ``root`` against the wheels in ``folder`` as pip on the target would.

    Each requirement is taken when its marker holds on the target (with the extras asked
    for), and satisfied by the newest wheel of that name whose version it allows and whose
    tags the target's Python installs (pre-releases only when nothing else is there).
    """
    env = target.environment(python)
    tags = target.tags(python)
    wheels = [
        (name, version, path)
        for name, version, wheel_tags, path in _wheels(folder)
        if wheel_tags & tags
    ]
    chosen: dict[str, str] = {}
    missing: list[tuple[str, str]] = []
    done: dict[str, set[str]] = {}  # the extras ("" for none) whose requirements are queued
    todo: list[tuple[Requirement, str]] = [(Requirement(root), "")]
    while todo:
        requirement, wanted_by = todo.pop(0)
        name = canonicalize_name(requirement.name)
        candidates = [
            (version, path)
            for wheel_name, version, path in wheels
            if wheel_name == name and requirement.specifier.contains(version, prereleases=True)
        ]
        if not candidates:
            missing.append((str(requirement), wanted_by))
            continue
        finals = [item for item in candidates if not item[0].is_prerelease]
        version, path = max(finals or candidates)
        chosen[name] = path.name
        wanted = ({""} | set(requirement.extras)) - done.get(name, set())
        if not wanted:
            continue
        done.setdefault(name, set()).update(wanted)
        todo.extend(
            (needed, f"{name} {version}")
            for needed in _requirements(path)
            if any(
                (needed.marker is None and extra == "")
                or (needed.marker is not None and needed.marker.evaluate({**env, "extra": extra}))
                for extra in wanted
            )
        )
    return Resolution(python=python, chosen=chosen, missing=tuple(missing))


# -- building ----------------------------------------------------------------------------------


@frozen(kw_only=True)
class Bundle:
    """What :func:`build_bundle` wrote.

    Attributes:
        path: the zip file.
        target: the PCs it installs on.
        gzgk_version: the gzgk inside.
        xlwings_version: the xlwings inside (the add-in will be built from it).
        wheels: the wheel files inside, sorted.
    """

    path: Path
    target: Target
    gzgk_version: str
    xlwings_version: str
    wheels: tuple[str, ...]


def _pip(arguments: Sequence[str], what: str) -> None:
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", *arguments]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-8:])
        raise BundleError(f"{what}失败（pip 退出码 {done.returncode}）：\n{tail}")


def _source_tree() -> Path:
    """The checkout gzgk runs from (for building its wheel)."""
    root = Path(gzgk.__file__).resolve().parents[1]
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file() or 'name = "gzgk"' not in pyproject.read_text(encoding="utf-8"):
        raise BundleError(
            "gzgk 不是从源代码目录运行的，无法生成 gzgk 的 .whl："
            "请用 --wheel 指定 gzgk 的 .whl 文件"
        )
    return root


def _gzgk_wheel(folder: Path, wheel: Path | None, *, isolated: bool) -> Path:
    """Gzgk's wheel in ``folder``: the one given, or built from the source checkout."""
    if wheel is not None:
        if not wheel.is_file():
            raise BundleError(f"没有找到 gzgk 的 .whl 文件：{wheel}")
        return Path(shutil.copy2(wheel, folder / wheel.name))
    arguments = ["wheel", "--no-deps", "--wheel-dir", str(folder)]
    if not isolated:
        arguments += ["--no-build-isolation", "--no-index"]
    _pip([*arguments, str(_source_tree())], "生成 gzgk 的 .whl")
    built = list(folder.glob("gzgk-*.whl"))
    if len(built) != 1:
        raise BundleError(f"生成 gzgk 的 .whl 后应有一个文件（得到 {len(built)} 个）")
    return built[0]


def _download(
    folder: Path,
    target: Target,
    python: str,
    requirements: Iterable[str],
    find_links: Sequence[Path],
    *,
    index: bool,
) -> None:
    arguments = ["download", "--dest", str(folder), "--only-binary=:all:", "--implementation", "cp"]
    arguments += ["--python-version", python]
    for tag in target.platforms:
        arguments += ["--platform", tag]
    for link in (folder, *find_links):
        arguments += ["--find-links", str(link)]
    if not index:
        arguments.append("--no-index")
    _pip([*arguments, *requirements], f"下载 Python {python} 的 .whl")


def _unmarked(requirement: str) -> str:
    """A requirement without its marker: pip would judge the marker for this machine."""
    parsed = Requirement(requirement)
    parsed.marker = None
    return str(parsed)


def _collect(
    folder: Path,
    target: Target,
    pins: Sequence[str],
    find_links: Sequence[Path],
    *,
    index: bool,
    progress: Callable[[str], None],
) -> list[Resolution]:
    """Download until ``gzgk[excel]`` resolves for every Python version of the target."""
    resolutions = []
    for python in target.pythons:
        progress(f"正在收集 Python {python}（{target.name}）的 .whl")
        _download(folder, target, python, pins, find_links, index=index)
        resolution = check_wheels(folder, target, python)
        for _ in range(5):  # each round adds what the target's markers need and pip skipped
            if not resolution.missing:
                break
            needed = sorted({_unmarked(requirement) for requirement, _ in resolution.missing})
            _download(folder, target, python, needed, find_links, index=index)
            again = check_wheels(folder, target, python)
            if again.missing == resolution.missing:
                resolution = again
                break
            resolution = again
        resolutions.append(resolution)
    problems = [
        f"Python {item.python}：缺少 {requirement}" + (f"（{by} 需要）" if by else "")
        for item in resolutions
        for requirement, by in item.missing
    ]
    if problems:
        raise BundleError(f"{target.name} 的安装包不完整：" + "；".join(problems))
    return resolutions


def _text(name: str) -> Template:
    return Template((resources.files("gzgk") / "data" / "install" / name).read_text("utf-8"))


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def _installer_files(stage: Path, manifest: Mapping[str, object]) -> None:
    """install.cmd, 安装说明.txt and setup/: the installer and what it shows."""
    pythons = [str(python) for python in manifest["pythons"]]  # type: ignore[attr-defined]
    values = {
        "gzgk_version": manifest["gzgk"],
        "xlwings_version": manifest["xlwings"],
        "pythons": "、".join(pythons),
        "recommended": pythons[-1] if pythons else "",
        "target": manifest["target"],
    }
    setup = stage / "setup"
    setup.mkdir()
    install = (resources.files("gzgk") / "data" / "install" / "install.cmd").read_bytes()
    (stage / "install.cmd").write_bytes(_crlf(install.decode("ascii")).encode("ascii"))
    guide = _crlf(_text("guide.txt").substitute(values))
    (stage / "安装说明.txt").write_bytes(b"\xef\xbb\xbf" + guide.encode("utf-8"))
    message = _crlf(_text("no-python.txt").substitute(values))
    (setup / "no-python.txt").write_bytes(message.encode("utf-16"))  # with BOM: cmd's type reads it
    script = (resources.files("gzgk") / "data" / "install" / "install.py").read_text("utf-8")
    (setup / "install.py").write_text(script, encoding="utf-8")
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    (setup / "bundle.json").write_text(text, encoding="utf-8")


def _control_workbook(stage: Path) -> None:
    """控制台.xlsm: the control workbook with its buttons (the route without the add-in)."""
    from .addin import control_xlsm  # noqa: PLC0415 - needs the excel extra
    from .control import control_workbook  # noqa: PLC0415

    (stage / "控制台.xlsm").write_bytes(control_xlsm(control_workbook()))


def _zip(stage: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(stage.rglob("*")):
            if path.is_file():
                name = f"{BUNDLE_FOLDER}/{path.relative_to(stage).as_posix()}"
                compress = zipfile.ZIP_STORED if path.suffix == ".whl" else zipfile.ZIP_DEFLATED
                archive.write(path, name, compress_type=compress)
    return buffer.getvalue()


def build_bundle(
    output: str | Path,
    *,
    target: Target | None = None,
    wheel: Path | None = None,
    find_links: Sequence[Path] = (),
    index: bool = True,
    progress: Callable[[str], None] | None = None,
) -> Bundle:
    """Write the offline install bundle (a zip file) for ``target``.

    Args:
        output: the zip file to write (atomically).
        target: the PCs it is for; 64-bit Windows and every Python xlwings runs on by default.
        wheel: gzgk's own wheel; by default built from the source checkout gzgk runs from.
        find_links: folders of wheels pip may take dependencies from.
        index: whether pip may use the package index; without it, everything comes from
            ``find_links`` (and gzgk's wheel is built without downloading a build backend).
        progress: called with a line of Chinese text as each step starts.

    Raises:
        BundleError: pip failed, or some requirement has no wheel for the target.
    """
    target = target or windows_target()
    say = progress or (lambda _: None)
    if not target.pythons:
        raise BundleError("没有可用的 Python 版本：gzgk 和 xlwings 声明支持的版本没有交集")
    xlwings = importlib.metadata.version("xlwings")
    with tempfile.TemporaryDirectory(prefix="gzgk-bundle-") as temporary:
        stage = Path(temporary) / BUNDLE_FOLDER
        wheels = stage / "wheels"
        wheels.mkdir(parents=True)
        say("正在准备 gzgk 的 .whl")
        own = _gzgk_wheel(wheels, wheel, isolated=index)
        _, version, _, _ = parse_wheel_filename(own.name)
        digest = hashlib.sha256(own.read_bytes()).hexdigest()
        pins = [f"gzgk[excel]=={version}", f"xlwings=={xlwings}"]
        resolutions = _collect(wheels, target, pins, find_links, index=index, progress=say)
        if hashlib.sha256(own.read_bytes()).hexdigest() != digest:
            raise BundleError("下载时 gzgk 的 .whl 被替换了：请检查 pip 的索引设置")
        used = sorted({name for item in resolutions for name in item.chosen.values()})
        for path in wheels.glob("*.whl"):
            if path.name not in used:
                path.unlink()  # pip's pick for this machine's markers, not needed there
        manifest = {
            "gzgk": str(version),
            "xlwings": xlwings,
            "pythons": list(target.pythons),
            "platforms": list(target.platforms),
            "target": target.name,
            "wheels": used,
        }
        say("正在写入安装程序和控制台")
        _installer_files(stage, manifest)
        _control_workbook(stage)
        say("正在打包")
        path = write_atomic(output, _zip(stage))
    return Bundle(
        path=path,
        target=target,
        gzgk_version=str(version),
        xlwings_version=xlwings,
        wheels=tuple(used),
    )
