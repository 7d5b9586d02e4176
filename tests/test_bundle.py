"""The offline install bundle and its installer.

The bundle is built by the same code as for Windows, with this machine as the target and
its wheels taken, without the network, from ``support.wheelhouse`` (gzgk built from the
checkout, the dependencies packed from their installed files); its own installer then
installs gzgk from it with ``pip --no-index`` into a fresh virtual environment, builds the
add-in and writes the configuration. The Windows bundle that ``make bundle`` writes is
checked when it exists.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from packaging.utils import parse_wheel_filename
from support.wheelhouse import gzgk_wheel, wheelhouse

from gzgk.cli import main
from gzgk.contract import ADDIN
from gzgk.excel.bundle import (
    BUNDLE_FOLDER,
    Bundle,
    BundleError,
    build_bundle,
    check_wheels,
    native_target,
    windows_target,
)

WINDOWS_BUNDLE = Path(__file__).parents[1] / "build" / "gzgk-安装包.zip"
NO_NETWORK = re.compile(r"://|\bhttps?\b|www\.", re.I)


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The wheel of gzgk and a folder with every dependency's, made here without the network."""
    folder = tmp_path_factory.mktemp("wheels")
    own = gzgk_wheel(folder / "gzgk")
    wheelhouse(folder / "dependencies")
    return own, folder / "dependencies"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory, wheels: tuple[Path, Path]) -> Bundle:
    """The bundle for this machine and its Python, from those wheels only."""
    own, house = wheels
    output = tmp_path_factory.mktemp("bundle") / "gzgk-安装包.zip"
    return build_bundle(output, target=native_target(), wheel=own, find_links=[house], index=False)


def _unpack(path: Path, folder: Path) -> Path:
    with zipfile.ZipFile(path) as archive:
        archive.extractall(folder)
    return folder / BUNDLE_FOLDER


def _no_network(root: Path) -> None:
    """install.cmd and install.py name no network location, and pip only installs offline."""
    for name in ("install.cmd", "setup/install.py"):
        text = (root / name).read_text(encoding="utf-8")
        assert not NO_NETWORK.search(text), name
    script = (root / "setup" / "install.py").read_text(encoding="utf-8")
    assert '"--no-index", "--find-links"' in script
    assert script.count('"--isolated"') == 1
    assert '"install"' in script
    command = (root / "install.cmd").read_bytes()
    assert command.isascii()
    assert b"\n" not in command.replace(b"\r\n", b"")
    lines = [line for line in command.decode("ascii").splitlines() if not line.startswith("rem")]
    assert not [line for line in lines if "pip" in line]


def test_bundle_holds_the_installer_and_every_wheel(bundle: Bundle, tmp_path: Path) -> None:
    """The zip has the installer, its texts, 控制台.xlsm and exactly the wheels gzgk[excel] needs."""
    root = _unpack(bundle.path, tmp_path)
    assert sorted(path.name for path in root.iterdir()) == sorted(
        ["install.cmd", "安装说明.txt", "控制台.xlsm", "setup", "wheels"]
    )
    manifest = json.loads((root / "setup" / "bundle.json").read_text(encoding="utf-8"))
    assert manifest["gzgk"] == bundle.gzgk_version
    assert manifest["xlwings"] == bundle.xlwings_version
    assert manifest["pythons"] == [f"{sys.version_info[0]}.{sys.version_info[1]}"]
    wheels = sorted(path.name for path in (root / "wheels").iterdir())
    assert wheels == manifest["wheels"] == list(bundle.wheels)
    [resolution] = [
        check_wheels(root / "wheels", native_target(), python) for python in manifest["pythons"]
    ]
    assert resolution.missing == ()
    assert sorted(resolution.chosen.values()) == wheels
    assert {"gzgk", "xlwings", "pyopenvba", "openpyxl", "lxml"} <= set(resolution.chosen)
    _no_network(root)
    guide = (root / "安装说明.txt").read_bytes()
    assert guide.startswith(b"\xef\xbb\xbf")
    assert f"gzgk {bundle.gzgk_version}，xlwings {bundle.xlwings_version}" in guide.decode(
        "utf-8-sig"
    )
    message = (root / "setup" / "no-python.txt").read_bytes()
    assert message.startswith(b"\xff\xfe")  # UTF-16 LE with BOM: cmd's type shows it as Unicode
    assert f"请先安装 Python {manifest['pythons'][-1]}" in message.decode("utf-16")


def _installer(root: Path, tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run the bundle's installer as install.cmd does, with Windows' folders under tmp_path."""
    home = tmp_path / "user"
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("PIP_")},
        "LOCALAPPDATA": str(home / "AppData" / "Local"),
        "APPDATA": str(home / "AppData" / "Roaming"),
        "USERPROFILE": str(home),
        "PYTHONIOENCODING": "utf-8",
    }
    command = [sys.executable, str(root / "setup" / "install.py"), *arguments]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def test_bundle_installs_offline_and_again(bundle: Bundle, tmp_path: Path) -> None:
    """Its installer installs gzgk into a fresh environment from the bundle, then upgrades in place."""
    root = _unpack(bundle.path, tmp_path / "解压后 的文件夹")
    done = _installer(root, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "[1/5] 建立 Python 环境" in done.stdout
    assert f"gzgk {bundle.gzgk_version} 已安装好" in done.stdout
    local = tmp_path / "user" / "AppData" / "Local" / "gzgk"
    python = local / "venv" / "bin" / "python"
    probe = subprocess.run(
        [
            str(python),
            "-I",
            "-c",
            "import gzgk, xlwings; print(gzgk.__file__); print(xlwings.__version__)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    location, version = probe.stdout.split()
    assert Path(location).is_relative_to(local / "venv")
    assert version == bundle.xlwings_version
    addin = (
        tmp_path / "user" / "AppData" / "Roaming" / "Microsoft" / "Excel" / "XLSTART" / "gzgk.xlam"
    )
    with zipfile.ZipFile(addin) as archive:
        assert (
            f"<vt:lpwstr>{bundle.xlwings_version}</vt:lpwstr>"
            in archive.read("docProps/custom.xml").decode()
        )
    config = tmp_path / "user" / f".{ADDIN.PROJECT_NAME}" / f"{ADDIN.PROJECT_NAME}.conf"
    assert config.read_text(encoding="utf-8").splitlines() == [f'"INTERPRETER_WIN","{python}"']
    first = addin.read_bytes()
    again = _installer(root, tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "[1/5] Python 环境已有，继续使用" in again.stdout
    assert addin.read_bytes() == first


def _install_module(root: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("bundle_install", root / "setup" / "install.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_store_python_is_refused_in_chinese(
    bundle: Bundle,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The Microsoft Store's Python gets a Chinese message naming python.org and the version."""
    installer = _install_module(_unpack(bundle.path, tmp_path))
    store = r"C:\Program Files\WindowsApps\PythonSoftwareFoundation.Python.3.12_3.12.2032.0_x64__qbz5n2kfra8p0"
    monkeypatch.setattr(sys, "base_prefix", store)
    assert installer.main() == 1
    output = capsys.readouterr().out
    assert "正在使用 Microsoft Store 中的 Python" in output
    assert f"请到 python.org 下载安装 Python {native_target().pythons[-1]}" in output
    assert output.rstrip().endswith("gzgk 没有装好。")


def test_an_unsupported_python_is_named(
    bundle: Bundle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Python the bundle has no wheels for is named, with the versions it has."""
    root = _unpack(bundle.path, tmp_path)
    manifest = root / "setup" / "bundle.json"
    facts = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**facts, "pythons": ["3.98", "3.99"]}), encoding="utf-8")
    assert _install_module(root).main() == 1
    output = capsys.readouterr().out
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    assert f"本安装包支持的 Python 版本是 3.98、3.99，这台电脑上用的是 {version}" in output


def test_a_missing_dependency_stops_the_bundle(wheels: tuple[Path, Path], tmp_path: Path) -> None:
    """Without a dependency's wheel the bundle is not written, and the message names it."""
    own, house = wheels
    partial = tmp_path / "partial"
    partial.mkdir()
    for path in house.glob("*.whl"):
        if not path.name.lower().startswith("pyopenvba"):
            (partial / path.name).write_bytes(path.read_bytes())
    output = tmp_path / "包.zip"
    with pytest.raises(BundleError) as raised:
        build_bundle(output, target=native_target(), wheel=own, find_links=[partial], index=False)
    assert raised.value.code == "bundle-failed"
    assert not output.exists()


def test_markers_are_the_targets(wheels: tuple[Path, Path], tmp_path: Path) -> None:
    """The check asks for pywin32 (xlwings needs it on Windows only) for Windows, not here."""
    _, house = wheels
    (xlwings,) = house.glob("xlwings-*.whl")
    version = parse_wheel_filename(xlwings.name)[1]
    (tmp_path / "windows").mkdir()
    (tmp_path / "windows" / f"xlwings-{version}-cp312-cp312-win_amd64.whl").write_bytes(
        xlwings.read_bytes()
    )
    windows = check_wheels(tmp_path / "windows", windows_target(["3.12"]), "3.12", root="xlwings")
    assert [requirement for requirement, _ in windows.missing] == [
        'pywin32>=224; platform_system == "Windows"'
    ]
    assert windows.missing[0][1] == f"xlwings {version}"
    here = check_wheels(house, native_target(), native_target().pythons[0], root="xlwings")
    assert here.missing == ()
    assert list(here.chosen) == ["xlwings"]
    target = windows_target(["3.12"])
    assert {str(tag) for tag in target.tags("3.12")} >= {"cp312-cp312-win_amd64", "py3-none-any"}
    assert not {tag for tag in target.tags("3.12") if "linux" in tag.platform}


def test_cli_bundle_refuses_another_suffix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`gzgk excel bundle` writes a .zip only, and says so before any work."""
    code = main(["excel", "bundle", "-o", str(tmp_path / "包.tar")], out=io.StringIO())
    assert code == 2
    assert ".zip" in capsys.readouterr().err


@pytest.mark.skipif(not WINDOWS_BUNDLE.exists(), reason="make bundle writes build/gzgk-安装包.zip")
def test_windows_bundle_file_list(tmp_path: Path) -> None:
    """The zip of make bundle: every dependency of gzgk[excel] as a win_amd64 or pure wheel."""
    root = _unpack(WINDOWS_BUNDLE, tmp_path)
    manifest = json.loads((root / "setup" / "bundle.json").read_text(encoding="utf-8"))
    assert manifest["platforms"] == ["win_amd64"]
    target = windows_target(manifest["pythons"])
    wheels = sorted(path.name for path in (root / "wheels").iterdir())
    assert wheels == manifest["wheels"]
    chosen: set[str] = set()
    for python in manifest["pythons"]:
        resolution = check_wheels(root / "wheels", target, python)
        assert resolution.missing == (), python
        assert {"gzgk", "xlwings", "pywin32", "pyopenvba"} <= set(resolution.chosen), python
        chosen |= set(resolution.chosen.values())
    assert chosen == set(wheels)
    for name in wheels:
        platforms = {tag.platform for tag in parse_wheel_filename(name)[3]}
        assert platforms <= {"win_amd64", "any"}, name
    _no_network(root)


def test_the_config_is_where_the_add_in_reads_it() -> None:
    """The installer's config file and key are the ones the add-in's VBA reads."""
    from gzgk.excel.addin import _xlwings_module, xlwings_template  # noqa: PLC0415

    vba = _xlwings_module(xlwings_template())
    assert 'Environ("USERPROFILE") & "\\." & PROJECT_NAME & "\\" & PROJECT_NAME & ".conf"' in vba
    assert 'GetConfig("INTERPRETER_WIN", "")' in vba
    script = (Path(__file__).parents[1] / "gzgk" / "data" / "install" / "install.py").read_text(
        "utf-8"
    )
    assert 'folder("USERPROFILE") / ".gzgk" / "gzgk.conf"' in script
    assert '"INTERPRETER_WIN"' in script


def test_the_excel_extra_brings_xlwings_and_pyopenvba() -> None:
    """gzgk[excel], what the installer installs, is xlwings and pyOpenVBA."""
    metadata = importlib.metadata.metadata("gzgk")
    assert "excel" in (metadata.get_all("Provides-Extra") or [])
    extra = [r for r in metadata.get_all("Requires-Dist") or [] if "extra == 'excel'" in r]
    assert {re.split(r"[<>=; ]", r)[0].lower() for r in extra} == {"xlwings", "pyopenvba"}
