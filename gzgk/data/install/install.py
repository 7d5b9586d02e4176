r"""Install or upgrade gzgk's Excel add-in from this bundle, without the network.

install.cmd runs this file with the Python it found; it uses the standard library only and
says everything in Chinese. What it does, for the current user:

1. checks the Python: not the Microsoft Store one (it redirects new folders under
   %LOCALAPPDATA% where Excel's RunPython cannot find them), and one of the versions the
   bundle carries wheels for (else it tries those versions through the py launcher);
2. refuses while Excel runs (the add-in file would be locked);
3. makes a virtual environment, %LOCALAPPDATA%\gzgk\venv (GZGK_VENV for another folder),
   again when it was made by another Python version;
4. ``pip --isolated install --no-index --find-links <bundle>\wheels`` gzgk[excel] and the
   bundle's xlwings, then gzgk itself again (``--force-reinstall --no-deps``), so a bundle
   of the same version number still replaces it;
5. builds the add-in with that environment (``python -I -m gzgk excel build-addin``), so
   the add-in and the xlwings it declares are the same version, and copies it to
   %APPDATA%\Microsoft\Excel\XLSTART;
6. writes %USERPROFILE%\.gzgk\gzgk.conf: the interpreter the add-in starts.

Exit status 0 when installed, 1 otherwise. Set GZGK_NO_PAUSE=1 to skip install.cmd's pause.
Written to run on any Python 3 from 3.7 on, so that an old one still gets a clear message.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

__all__ = ["main"]

BUNDLE = Path(__file__).resolve().parent.parent
STORE_MARKS = ("WindowsApps", "PythonSoftwareFoundation.Python")


class StopError(Exception):
    """Installation cannot go on: the message says why and what to do."""


def say(text: str) -> None:
    """One line for the console."""
    print(text, flush=True)  # noqa: T201 - a console program


def manifest() -> dict[str, object]:
    """What the bundle holds (setup/bundle.json)."""
    return dict(json.loads((BUNDLE / "setup" / "bundle.json").read_text(encoding="utf-8")))


def pythons(facts: dict[str, object]) -> list[str]:
    """The Python versions the bundle has wheels for, oldest first."""
    return [str(version) for version in facts["pythons"]]  # type: ignore[attr-defined]


def this_version() -> str:
    """This Python's version, as ``3.12``."""
    return f"{sys.version_info[0]}.{sys.version_info[1]}"


def store_python() -> bool:
    """Whether this is the Microsoft Store's Python (it lives in a WindowsApps package)."""
    places = (sys.executable, sys.prefix, sys.base_prefix, getattr(sys, "_base_executable", ""))
    return any(mark in str(place) for place in places for mark in STORE_MARKS)


def folder(variable: str) -> Path:
    """A folder named by an environment variable Windows sets for every user."""
    value = os.environ.get(variable)
    if not value:
        raise StopError(f"环境变量 {variable} 没有设置：这个安装程序只用于 Windows。")
    return Path(value)


def other_python(versions: list[str]) -> int | None:
    """Run this installer again with a supported Python the py launcher knows, if any."""
    launcher = shutil.which("py") if os.name == "nt" else None
    if launcher is None:
        return None
    for version in reversed(versions):
        command = [launcher, f"-{version}", "-c", "import sys"]
        probe = subprocess.run(command, capture_output=True, check=False)
        if probe.returncode == 0:
            say(f"改用 Python {version} 安装。")
            again = [launcher, f"-{version}", __file__, *sys.argv[1:]]
            return subprocess.run(again, check=False).returncode
    return None


def excel_running() -> bool:
    """Whether Excel runs for this user (Windows' tasklist)."""
    if os.name != "nt":
        return False
    listed = subprocess.run(
        ["tasklist", "/FI", "IMAGENAME eq EXCEL.EXE", "/NH"],
        capture_output=True,
        text=True,
        check=False,
    )
    return "excel.exe" in listed.stdout.lower()


def environment_python(environment: Path) -> Path:
    """The interpreter of a virtual environment."""
    if os.name == "nt":
        return environment / "Scripts" / "python.exe"
    return environment / "bin" / "python"


def same_python(python: Path) -> bool:
    """Whether an environment's interpreter is this Python's version."""
    probe = subprocess.run(
        [str(python), "-I", "-c", "import sys; print(*sys.version_info[:2], sep='.')"],
        capture_output=True,
        text=True,
        check=False,
    )
    return probe.returncode == 0 and probe.stdout.strip() == this_version()


def make_environment(environment: Path) -> Path:
    """The virtual environment, made (or made again for this Python) when needed."""
    python = environment_python(environment)
    if python.exists() and same_python(python):
        say(f"[1/5] Python 环境已有，继续使用：{environment}")
        return python
    say(f"[1/5] 建立 Python 环境：{environment}")
    try:
        venv.EnvBuilder(with_pip=True, clear=environment.exists()).create(str(environment))
    except (OSError, subprocess.CalledProcessError) as error:
        raise StopError(f"无法建立 Python 环境（{error}）。") from error
    if not python.exists():
        raise StopError(
            f"建立 Python 环境后找不到 {python}。如果用的是 Microsoft Store 中的 Python，"
            "请改装 python.org 的 Python；也可设置 GZGK_VENV 指定另一个文件夹。"
        )
    return python


def run(command: list[str], failure: str) -> None:
    """Run a step; a failure stops the installation with ``failure``."""
    done = subprocess.run(command, check=False)
    if done.returncode != 0:
        raise StopError(failure)


def install_packages(python: Path, facts: dict[str, object]) -> None:
    """gzgk[excel] and the bundle's xlwings from the wheels folder; then gzgk once more."""
    wheels = BUNDLE / "wheels"
    pip = [str(python), "-m", "pip", "--isolated", "--disable-pip-version-check", "install"]
    offline = ["--no-index", "--find-links", str(wheels)]
    say(f"[2/5] 安装 gzgk {facts['gzgk']} 和 xlwings {facts['xlwings']}（只用安装包中的文件）")
    pins = [f"gzgk[excel]=={facts['gzgk']}", f"xlwings=={facts['xlwings']}"]
    failure = "pip 没能从安装包安装 gzgk：安装包可能不完整，请重新解压整个安装包后再试。"
    run([*pip, *offline, "--upgrade", *pins], failure)
    run([*pip, *offline, "--force-reinstall", "--no-deps", f"gzgk=={facts['gzgk']}"], failure)


def build_addin(python: Path, home: Path) -> Path:
    """The add-in, built by the environment's gzgk from its xlwings."""
    addin = home / "gzgk.xlam"
    say(f"[3/5] 生成加载项：{addin}")
    run(
        [str(python), "-I", "-m", "gzgk", "excel", "build-addin", "-o", str(addin)],
        "生成加载项失败，原因见上面的说明。",
    )
    return addin


def copy_addin(addin: Path) -> Path:
    """The add-in in Excel's XLSTART folder (replaced in one step)."""
    xlstart = folder("APPDATA") / "Microsoft" / "Excel" / "XLSTART"
    say(f"[4/5] 把加载项放到 Excel 启动时自动打开的文件夹：{xlstart}")
    xlstart.mkdir(parents=True, exist_ok=True)
    target = xlstart / "gzgk.xlam"
    handle, temporary = tempfile.mkstemp(prefix=".gzgk-", suffix=".xlam", dir=str(xlstart))
    os.close(handle)
    try:
        shutil.copyfile(str(addin), temporary)
        Path(temporary).replace(target)
    except OSError as error:
        Path(temporary).unlink()
        raise StopError(
            f"无法把加载项复制到 {xlstart}（{error}）。请关闭 Excel 后再试。"
        ) from error
    return target


def write_config(python: Path) -> Path:
    """The user's gzgk.conf (in %USERPROFILE%): the interpreter, as xlwings' VBA reads it."""
    config = folder("USERPROFILE") / ".gzgk" / "gzgk.conf"
    say(f"[5/5] 写入加载项配置：{config}")
    default = folder("LOCALAPPDATA") / "gzgk" / "venv"
    if os.name == "nt" and python == environment_python(default):
        # Unexpanded: xlwings expands it, and the file stays ASCII whatever the user name.
        interpreter = "%LOCALAPPDATA%\\gzgk\\venv\\Scripts\\python.exe"
    else:
        interpreter = str(python)
    lines = [f'"INTERPRETER_WIN","{interpreter}"']
    # VBA's Input # reads the file in the ANSI code page.
    encoding = "mbcs" if os.name == "nt" else "utf-8"
    config.parent.mkdir(parents=True, exist_ok=True)
    try:
        config.write_text("\r\n".join(lines) + "\r\n", encoding=encoding)
    except (OSError, UnicodeEncodeError) as error:
        raise StopError(f"无法写入 {config}（{error}）。") from error
    return config


def install() -> int:
    """The whole installation; raises StopError with what to do."""
    facts = manifest()
    versions = pythons(facts)
    recommended = versions[-1]
    version = this_version()
    if store_python():
        raise StopError(
            f"正在使用 Microsoft Store 中的 Python {version}：它会把新建的文件夹悄悄放到别处，"
            f"Excel 加载项找不到。请到 python.org 下载安装 Python {recommended}"
            "（Windows installer (64-bit)，安装时勾选“Add python.exe to PATH”），"
            "然后再双击 install.cmd。"
        )
    if version not in versions:
        code = other_python(versions)
        if code is not None:
            return code
        raise StopError(
            f"本安装包支持的 Python 版本是 {'、'.join(versions)}，这台电脑上用的是 {version}。"
            f"请从 python.org 安装 Python {recommended}（64 位），然后再双击 install.cmd。"
        )
    if excel_running():
        raise StopError("Excel 正在运行：请关闭所有 Excel 窗口后再双击 install.cmd。")
    home = folder("LOCALAPPDATA") / "gzgk"
    environment = Path(os.environ.get("GZGK_VENV") or home / "venv")
    python = make_environment(environment)
    install_packages(python, facts)
    addin = build_addin(python, home)
    copy_addin(addin)
    write_config(python)
    say("")
    say(f"gzgk {facts['gzgk']} 已安装好。请打开 Excel：顶部有“政务公开”选项卡，")
    say("先打开控制台工作簿，再点一次“环境检查”，确认各项都正常。")
    return 0


def main() -> int:
    """Install; a problem is a Chinese message and exit status 1."""
    if sys.version_info < (3, 7):  # noqa: UP036 - an old Python must still get the message
        say("这台电脑上的 Python 太旧了。请从 python.org 安装新版 Python 后再双击 install.cmd。")
        return 1
    try:
        return install()
    except StopError as stop:
        say("")
        say(str(stop))
        say("gzgk 没有装好。")
        return 1


if __name__ == "__main__":
    sys.exit(main())
