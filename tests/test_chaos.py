"""Chaos: merges racing on one output, killed at random, over a folder of 200 returns and traps.

Afterwards every input is byte-identical, the summary and the Word file come from one run,
and every path under the folder is accounted for in the summary.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from support.returns import KEY, OTHER_KEY, crashing, filled
from support.terminal import GZGK

from gzgk.contract import SUMMARY
from gzgk.outputs import DOCUMENT, WORKBOOK, Output, OutputSet

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="FIFOs, symbolic links and process groups are POSIX here"
)

RETURNS = 200
ROUNDS = 4
UNITS = ("章贡区", "南康区", "赣县区", "瑞金市", "龙南市", "信丰县", "市司法局", "市发改委")


def _fingerprints(folder: Path) -> dict[str, str]:
    """What is under the folder, without following links: content digests, link targets, kinds."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = f"link→{path.readlink()}"
        elif path.is_file():
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir():
            found[name] = "folder"
        else:
            found[name] = "special"
    return found


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 returns (real ones, re-sent copies, one forged) and every hostile kind of path."""
    root = tmp_path_factory.mktemp("chaos")
    work = root / "work"
    work.mkdir()
    originals = [filled(work, unit, key=KEY) for unit in UNITS]
    received = root / "报回"
    for number in range(RETURNS - 1):
        batch = received / f"第{number // 40 + 1}批"
        batch.mkdir(parents=True, exist_ok=True)
        source = originals[number % len(originals)]
        (batch / f"{number:03d}-{source.name}").write_bytes(source.read_bytes())
    forged = filled(work, "寻乌县", key=OTHER_KEY)
    (received / "第1批" / "寻乌县-伪造.xlsx").write_bytes(forged.read_bytes())
    crashing(received / "第2批")  # kills its reader (SIGABRT inside python-calamine)
    (received / "第3批" / "损坏.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (received / "第3批" / "~$章贡区.xlsx").write_bytes(b"owner")
    (received / "第3批" / "盖章扫描件.pdf").write_bytes(b"%PDF-1.4")
    os.mkfifo(received / "第4批" / "网络盘.xlsx")
    (received / "第4批" / "失效.xlsx").symlink_to(root / "不存在.xlsx")
    (received / "第4批" / "回到上级").symlink_to(received)
    (received / "第5批" / "像文件的文件夹.xlsx").mkdir()
    return received


def _merge(folder: Path, out: Path, minute: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            GZGK,
            "merge",
            str(folder),
            "--notice",
            "ganzhou-2024",
            "--key",
            str(out.parent / "签名密钥.txt"),
            "-o",
            str(out / "汇总表.xlsx"),
            "--docx",
            str(out / "汇编.docx"),
            "--as-of",
            f"2024-07-10 {8 + minute // 60:02d}:{minute % 60:02d}",
            "--workers",
            "2",
            "--time-limit",
            "5",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        start_new_session=True,  # its own process group: a kill takes its workers too
    )


def _stamp(text: str) -> tuple[int, ...]:
    """The as-of moment in a line, whatever its format (2024-07-10 08:03, 2024年7月10日 8:03)."""
    match = re.search(r"(\d{4})\D+(\d{1,2})\D+(\d{1,2})\D+(\d{1,2}):(\d{2})", text)
    assert match is not None, text
    return tuple(int(part) for part in match.groups())


def _as_of_pair(out: Path) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The as-of moment the summary workbook and the Word file each speak for."""
    book = load_workbook(out / "汇总表.xlsx", read_only=True)
    label = SUMMARY.FACTS["as_of"]
    sheet = book[SUMMARY.OVERVIEW_SHEET]
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0] == label]
    book.close()
    book_stamp = _stamp(str(rows[0][1]))
    paragraphs = docx.Document(str(out / "汇编.docx")).paragraphs
    word_line = next(p.text for p in paragraphs if "统计截至" in p.text)
    return book_stamp, _stamp(word_line)


def test_racing_and_killed_merges_lose_nothing(folder: Path, tmp_path: Path) -> None:
    """Two merges race on one output while SIGKILLs land at random: inputs, pair and files hold."""
    (tmp_path / "签名密钥.txt").write_text(KEY.to_text(), encoding="utf-8")
    out = tmp_path / "汇总"
    before = _fingerprints(folder)
    chance = random.Random(13)  # noqa: S311 - a repeatable schedule of kills, not a secret
    finished: list[int] = []
    for round_number in range(ROUNDS):
        first = _merge(folder, out, 2 * round_number)
        time.sleep(chance.uniform(0.0, 0.5))
        second = _merge(folder, out, 2 * round_number + 1)
        victim = chance.choice([first, second])
        time.sleep(chance.uniform(0.5, 6.0))
        if victim.poll() is None:
            os.killpg(victim.pid, signal.SIGKILL)
        for process in (first, second):
            _, err = process.communicate(timeout=600)
            if process is not victim or process.returncode != -signal.SIGKILL:
                assert "Traceback" not in err
                assert process.returncode in (1, 2), err  # 1: done (bad files); 2: locked out
                if process.returncode == 2:
                    assert "[output-locked]" in err, err
                else:
                    finished.append(round_number)
        assert _fingerprints(folder) == before  # inputs untouched, whatever happened
    assert finished, "no merge ever finished"
    pending = list(out.glob(".*.gzgk-pending"))
    if pending:  # a kill landed between the two renames: the next run on them completes it
        with OutputSet(
            [
                Output(out / "汇总表.xlsx", "-o", WORKBOOK),
                Output(out / "汇编.docx", "--docx", DOCUMENT),
            ]
        ):
            pass
    book_stamp, word_stamp = _as_of_pair(out)
    assert book_stamp == word_stamp  # one run's pair
    leftovers = sorted(p.name for p in out.iterdir() if p.name.startswith("."))
    assert leftovers == [] or all(name.endswith((".tmp", ".gzgk-lock")) for name in leftovers)


def test_every_path_is_accounted_for(folder: Path, tmp_path: Path) -> None:
    """A clean merge lists every path under the folder in 收到文件: read, copy, or not read, why."""
    (tmp_path / "签名密钥.txt").write_text(KEY.to_text(), encoding="utf-8")
    out = tmp_path / "汇总"
    process = _merge(folder, out, 59)
    _, err = process.communicate(timeout=600)
    assert process.returncode == 1, err
    book = load_workbook(out / "汇总表.xlsx", read_only=True)
    rows = list(book[SUMMARY.FILES_SHEET].iter_rows(min_row=2, values_only=True))
    book.close()
    listed = {Path(str(row[1])).relative_to(folder).as_posix(): str(row[3]) for row in rows}
    on_disk = {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if not path.is_dir() or path.is_symlink() or path.suffix == ".xlsx"
    }
    assert set(listed) == on_disk
    fates = [fate.split("（")[0].split("：")[0] for fate in listed.values()]
    assert fates.count(SUMMARY.USED) == len(UNITS) + 1  # and the forged one, flagged 不合格
    assert fates.count(SUMMARY.COPY) == RETURNS - 1 - len(UNITS)
    assert listed["第4批/网络盘.xlsx"].startswith(SUMMARY.NOT_READ)
    assert listed["第4批/回到上级"].startswith(SUMMARY.NOT_READ)
    assert listed["第1批/寻乌县-伪造.xlsx"] == SUMMARY.USED  # used, flagged 不合格


def test_the_fork_server_speaks_to_a_log_not_the_clerk(folder: Path, tmp_path: Path) -> None:
    """The fork server and workers still starting write to fork-server.log, not the terminal."""
    env = {**os.environ, "LOCALAPPDATA": str(tmp_path)}
    done = subprocess.run(
        [GZGK, "validate", str(folder / "第1批"), "--workers", "2"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr  # no key: the forged return is not found out
    assert (tmp_path / "gzgk" / "logs" / "fork-server.log").is_file()
    assert "Traceback" not in done.stderr
