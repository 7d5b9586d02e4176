"""The command line for returns: keygen, generate and validate."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support.returns import ENTRY, filled

from gzgk.cli import main
from gzgk.signing import Key


def run(*argv: str) -> tuple[int, str]:
    """Run the CLI in-process; exit code and stdout."""
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


@pytest.fixture
def key(tmp_path: Path) -> Path:
    """A key file made by gzgk keygen."""
    path = tmp_path / "key.txt"
    code, out = run("keygen", "-o", str(path))
    assert code == 0
    assert Key.load(path).id in out
    return path


def test_keygen_never_overwrites(key: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`gzgk keygen` refuses to overwrite a key (old returns need it) unless --force."""
    before = key.read_text(encoding="utf-8")
    code, _ = run("keygen", "-o", str(key))
    assert code == 1
    assert "[key-exists]" in capsys.readouterr().err
    assert key.read_text(encoding="utf-8") == before
    assert run("keygen", "-o", str(key), "--force")[0] == 0
    assert key.read_text(encoding="utf-8") != before


def test_generate_every_unit(tmp_path: Path, key: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`gzgk generate` writes one signed return per unit and the distribution list; says what is open."""
    out_dir = tmp_path / "报送表"
    code, out = run("generate", "ganzhou-2024", "-o", str(out_dir), "--key", str(key))
    assert code == 0
    assert "已生成 55 份报送表（已签名）" in out
    files = sorted(p.name for p in out_dir.iterdir())
    assert len(files) == 56
    assert "分发清单.xlsx" in files
    assert "市政府有关部门" in capsys.readouterr().err


def test_generate_some_units(tmp_path: Path) -> None:
    """--unit limits the returns to the units named (aliases allowed)."""
    code, out = run(
        "generate", "ganzhou-2024", "-o", str(tmp_path), "--unit", "章贡区人民政府", "--unit", "sfj"
    )
    assert code == 0
    assert "已生成 2 份报送表（未签名" in out


def test_generate_unknown_unit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown unit is exit 1 and nothing is written."""
    code, _ = run("generate", "ganzhou-2024", "-o", str(tmp_path / "x"), "--unit", "市司法")
    assert code == 1
    assert "市司法局" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_validate_text_and_exit_codes(tmp_path: Path, key: Path) -> None:
    """A good return exits 0; one with an error exits 1 and the text names cell and code."""
    good = filled(tmp_path, key=Key.load(key))
    code, out = run("validate", str(good), "--notice", "ganzhou-2024", "--key", str(key))
    assert code == 0
    assert "共检查 1 个文件：1 个合格，0 个不合格。" in out
    book = load_workbook(good)
    book[ENTRY]["G9"] = "完成了"
    bad = tmp_path / "章贡区-bad.xlsx"
    book.save(bad)
    code, out = run("validate", str(tmp_path), "--key", str(key))
    assert code == 1
    assert "落实情况!G9（任务（三））" in out
    assert "[value-not-in-list]" in out
    assert "说明：未指定通知" in out


def test_validate_json(tmp_path: Path) -> None:
    """--format json gives the documented shape."""
    good = filled(tmp_path)
    book = load_workbook(good)
    book[ENTRY]["H3"] = None
    bad = tmp_path / "b.xlsx"
    book.save(bad)
    code, out = run("validate", str(bad), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["valid"] is False
    [file] = data["files"]
    assert (file["path"], file["unit"], file["valid"]) == (str(bad), "章贡区", False)
    assert file["issues"] == [
        {
            "code": "missing-value",
            "severity": "error",
            "sheet": "落实情况",
            "cell": "H3",
            "task": None,
            "message": "“联系电话”未填写。请填写经办人的联系电话",
        }
    ]
    assert data["notes"]


def test_validate_annotate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--annotate writes marked copies of files with problems, elsewhere."""
    good = filled(tmp_path)
    book = load_workbook(good)
    book[ENTRY]["G7"] = None
    bad = tmp_path / "章贡区-漏填.xlsx"
    book.save(bad)
    out_dir = tmp_path / "批注"
    code, _ = run("validate", str(good), str(bad), "--annotate", str(out_dir))
    assert code == 1
    assert [p.name for p in out_dir.iterdir()] == ["章贡区-漏填（检查意见）.xlsx"]
    assert "已为 1 个有问题的文件写出批注副本" in capsys.readouterr().err


def test_validate_bad_key_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A key file that is not a key is exit 1 with a Chinese message."""
    bogus = tmp_path / "key.txt"
    bogus.write_text("hello", encoding="utf-8")
    code, _ = run("validate", str(tmp_path), "--key", str(bogus))
    assert code == 1
    assert "[bad-key-file]" in capsys.readouterr().err


def test_validate_needs_a_path(capsys: pytest.CaptureFixture[str]) -> None:
    """`gzgk validate` without paths is a usage error (exit 2)."""
    with pytest.raises(SystemExit) as caught:
        main(["validate"])
    assert caught.value.code == 2
    assert "缺少参数：路径" in capsys.readouterr().err
