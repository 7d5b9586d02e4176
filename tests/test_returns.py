"""Planning returns: who gets one, with which tasks and roles, and the tamper-evident metadata."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.returns import KEY, MATRIX, OTHER_KEY

from gzgk import Role, UnknownUnitError
from gzgk.returns import notice_fingerprint, plan_returns, safe_file_name, task_fingerprint
from gzgk.signing import Key, KeyFileError, fingerprint


def test_every_reporting_unit_gets_one_return() -> None:
    """One plan per unit that must report, in registry order, numbered from 01."""
    plans = plan_returns(MATRIX)
    assert [p.unit for p in plans] == list(MATRIX.reporting_units())
    assert plans[0].file_name == "01-章贡区-落实情况报送表.xlsx"
    assert len({p.file_name for p in plans}) == len(plans)


def test_plan_holds_only_the_units_tasks_with_roles() -> None:
    """市司法局's return has its 10 tasks: lead in (三)(五)(九), responsible elsewhere."""
    [plan] = plan_returns(MATRIX, ["市司法局"])
    roles = {task.number: role for task, role in plan.items}
    assert [n for n, r in roles.items() if r is Role.LEAD] == ["三", "五", "九"]
    assert set(roles) == {"三", "四", "五", "六", "七", "九", "十", "十一", "十二"}
    assert [t.number for t in plan.meta.tasks] == list(roles)
    assert plan.meta.unit_id == "sfj"


def test_unit_filter_accepts_aliases_and_rejects_unknown() -> None:
    """--unit takes names, aliases and ids; an unknown one names the closest."""
    plans = plan_returns(MATRIX, ["赣州市文化广电新闻出版旅游局", "zhanggong"])
    assert [p.unit.short_name for p in plans] == ["市文广旅局", "章贡区"]
    assert [p.file_name[:3] for p in plans] == ["25-", "01-"]  # numbered as in the full list
    with pytest.raises(UnknownUnitError, match="市司法局"):
        plan_returns(MATRIX, ["市司法"])


def test_signature_covers_the_metadata() -> None:
    """A signed plan verifies with its key, not with another, and not once changed."""
    [plan] = plan_returns(MATRIX, ["章贡区"], KEY)
    meta = plan.meta
    assert meta.key_id == KEY.id
    assert KEY.verify(meta.payload(), meta.signature)
    assert not OTHER_KEY.verify(meta.payload(), meta.signature)
    forged = plan_returns(MATRIX, ["南康区"], KEY)[0].meta
    assert not KEY.verify(forged.payload(), meta.signature)
    [unsigned] = plan_returns(MATRIX, ["章贡区"])
    assert (unsigned.meta.signature, unsigned.meta.key_id) == ("", "")


def test_plans_are_deterministic() -> None:
    """The same matrix and key give the same plans."""
    assert plan_returns(MATRIX, key=KEY) == plan_returns(MATRIX, key=KEY)


def test_fingerprints_see_any_change() -> None:
    """Fingerprints change with the text but not with line endings or outer spaces."""
    task = MATRIX.notice.task("三")
    assert task_fingerprint(task, Role.LEAD) != task_fingerprint(task, Role.RESPONSIBLE)
    assert fingerprint("a\r\nb ") == fingerprint("a\nb")
    assert fingerprint("a", "b") != fingerprint("ab")
    assert len(notice_fingerprint(MATRIX.notice)) == 16


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("01-章贡区-落实情况报送表.xlsx", "01-章贡区-落实情况报送表.xlsx"),
        ('a/b\\c:d*e?"f<g>h|i.xlsx', "a_b_c_d_e__f_g_h_i.xlsx"),
        ("CON.xlsx", "_CON.xlsx"),
        ("名称. ", "名称"),
    ],
)
def test_safe_file_names(name: str, expected: str) -> None:
    """File names drop what Windows refuses."""
    assert safe_file_name(name) == expected


def test_a_long_round_name_still_gives_a_file_the_system_takes(tmp_path: Path) -> None:
    """A long Chinese round name is cut so the file (and its temporary beside it) can be made.

    Linux counts a name's bytes (255), and a Chinese character takes three of them.
    """
    name = safe_file_name(f"01-章贡区-落实情况报送表-{'第三季度' * 30}.xlsx")
    assert name.startswith("01-章贡区-落实情况报送表-第三季度")
    assert name.endswith(".xlsx")
    (tmp_path / f".{name}.abcdefgh.tmp").write_bytes(b"")  # the staging file of write_atomic
    (tmp_path / name.replace(".xlsx", "（检查意见）(2).xlsx")).write_bytes(b"")  # an annotated copy


def test_key_files(tmp_path: Path) -> None:
    """Keys survive their file; a file that is no key is a clear error."""
    key = Key.generate()
    path = tmp_path / "key.txt"
    path.write_text(key.to_text(), encoding="utf-8")
    assert Key.load(path) == key
    assert "密钥标识" in path.read_text(encoding="utf-8")
    path.write_text("not a key", encoding="utf-8")
    with pytest.raises(KeyFileError, match="不是 gzgk 密钥文件"):
        Key.load(path)
    with pytest.raises(KeyFileError, match="无法读取"):
        Key.load(tmp_path / "missing.txt")
