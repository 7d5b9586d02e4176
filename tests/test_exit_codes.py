"""Exit codes, command by command: 0 all good, 1 the inputs have problems, 2 nothing done."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from support.returns import KEY, filled

from gzgk.cli import main
from gzgk.excel.control import write_control
from gzgk.sources import read_notice

PARTLY_READ = """关于做好两项工作的通知
（一）推进政务公开。（牵头单位：市政府办公室；责任单位：市行政审批局）
（二）做好培训工作。各单位要认真组织。
"""


# Hand-corrected TOML notices: a good task, then one with an error a parse would report.
_TASK1 = '[[tasks]]\nseq = 1\nnumber = "1"\ntitle = ""\ncontent = "做好甲。"\nlead = ["市发改委"]\n'
_TASK2 = '[[tasks]]\nseq = 2\nnumber = "{number}"\ntitle = ""\ncontent = "做好乙。"\n'
CORRECTED = {
    "无单位": _TASK2.format(number="2"),
    "编号重复": _TASK2.format(number="1") + 'lead = ["市财政局"]\n',
    "不像单位": _TASK2.format(number="2") + 'lead = ["市财政局牵头，各县区配合"]\n',
}


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An office folder: a good return, a bad one, a key, a half-readable notice, a control book."""
    root = tmp_path_factory.mktemp("office")
    good, bad = root / "合格", root / "不合格"
    good.mkdir()
    bad.mkdir()
    filled(good, "章贡区", key=KEY, date=dt.date(2024, 7, 1), name="01-章贡区-落实情况报送表.xlsx")
    filled(bad, "南康区", key=KEY, contact="")
    (root / "签名密钥.txt").write_text(KEY.to_text(), encoding="utf-8")
    (root / "半读.txt").write_text(PARTLY_READ, encoding="utf-8")
    (root / "一项.txt").write_text(PARTLY_READ.split("（二）", maxsplit=1)[0], encoding="utf-8")
    (root / "两项.txt").write_text(
        PARTLY_READ.replace("各单位要认真组织。", "（市人社局负责）"), "utf-8"
    )
    for name, task in CORRECTED.items():  # notices written or corrected by hand
        (root / f"{name}.toml").write_text(f'title = "通知"\n{_TASK1}{task}', encoding="utf-8")
    notice = read_notice("ganzhou-2024").notice
    write_control(root / "控制台.xlsx", notice=notice, source="ganzhou-2024")
    return root


CASES = [
    # parse
    ("parse ganzhou-2024", 0),
    ("parse {p}/半读.txt", 1),
    ("parse 没有这个通知", 2),
    ("parse ganzhou-2024 -o {t}/通知.txt", 2),
    # matrix, diff
    ("matrix ganzhou-2024 --unit 市司法局", 0),
    ("matrix ganzhou-2024 --unit 不存在的局", 2),
    ("diff ganzhou-2024 ganzhou-2024", 0),
    ("diff {p}/一项.txt {p}/两项.txt", 1),
    ("diff ganzhou-2024 {p}/半读.txt", 2),
    ("diff ganzhou-2024 没有这个通知", 2),
    # keygen, generate
    ("keygen -o {t}/新密钥.txt", 0),
    ("keygen -o {p}/签名密钥.txt", 2),
    ("generate ganzhou-2024 -o {t}/报送表 --unit 章贡区", 0),
    ("generate {p}/半读.txt -o {t}/报送表2 --allow-unresolved", 1),
    ("generate {p}/半读.txt -o {t}/报送表3", 2),
    ("generate ganzhou-2024 -o {p}/合格 --unit 章贡区", 2),
    *((f"parse {{p}}/{name}.toml", 1) for name in CORRECTED),
    *((f"generate {{p}}/{name}.toml -o {{t}}/报送表", 2) for name in CORRECTED),
    # validate, merge, remind
    ("validate {p}/合格 --notice ganzhou-2024 --key {p}/签名密钥.txt", 0),
    ("validate {p} --notice ganzhou-2024 --key {p}/签名密钥.txt", 1),
    ("validate {t}/没有 --notice ganzhou-2024", 2),
    ("validate {p}/合格 --time-limit 0", 2),
    ("merge {p}/合格 --notice ganzhou-2024 -o {t}/汇总.xlsx", 0),
    ("merge {p}/不合格 --notice ganzhou-2024 -o {t}/汇总2.xlsx", 1),
    ("merge {p}/合格 --notice ganzhou-2024 -o {p}/合格/汇总.xlsx", 2),
    ("merge {p}/合格 --notice ganzhou-2024 -o {t}/汇总3.xlsx --workers 0", 2),
    ("remind {p}/合格 --notice ganzhou-2024", 0),
    ("remind {p}/不合格 --notice ganzhou-2024", 1),
    ("remind {p}/合格 --notice ganzhou-2024 -o {t}/催报.txt", 2),
    # registry, excel
    ("registry draft ganzhou-2024 -o {t}/名录.toml", 0),
    ("registry draft ganzhou-2024 -o {t}/名录.json", 2),
    ("excel control -o {t}/控制台.xlsx", 0),
    ("excel control -o {t}/控制台.pdf", 2),
    ("excel run check_environment {p}/没有.xlsx", 2),
]


@pytest.mark.parametrize(("command", "code"), CASES)
def test_exit_code(
    command: str, code: int, place: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each command exits 0 when all is good, 1 when it worked but inputs have problems, else 2."""
    argv = command.format(p=place, t=tmp_path).split()
    try:
        got = main(argv, out=io.StringIO())
    except SystemExit as stop:  # argparse's usage errors
        got = int(stop.code or 0)
    err = capsys.readouterr().err
    assert got == code, err
    assert "Traceback" not in err
    if code == 2:
        assert err.rstrip().endswith("]"), err  # a message with its code
