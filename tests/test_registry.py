"""The unit registry: tolerant lookup, groups, errors, and the shipped 赣州 data."""

from __future__ import annotations

from pathlib import Path

import pytest

from gzgk import Registry, RegistryError, UnitGroup, UnitKind, UnknownUnitError
from gzgk.model import Unit
from gzgk.registry import normalize_name

REGISTRY = Registry.bundled()
COUNTIES = [
    "章贡区",
    "南康区",
    "赣县区",
    "瑞金市",
    "龙南市",
    "信丰县",
    "大余县",
    "上犹县",
    "崇义县",
    "安远县",
    "定南县",
    "全南县",
    "宁都县",
    "于都县",
    "兴国县",
    "会昌县",
    "寻乌县",
    "石城县",
]
SEED_LEADS = [
    "市工信局",
    "市发改委",
    "市科技局",
    "市商务局",
    "市农业农村局",
    "市文广旅局",
    "市住建局",
    "市市场监管局",
    "市体育局",
    "市行政审批局",
    "市教育局",
    "市人社局",
    "市退役军人事务局",
    "市民政局",
    "市自然资源局",
    "市财政局",
    "市卫健委",
    "市生态环境局",
    "市交通运输局",
    "市医保局",
    "市政府办公室",
    "市司法局",
]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("市司法局", "sfj"),
        ("赣州市司法局", "sfj"),
        ("市 司法局", "sfj"),
        ("市司法局等", "sfj"),
        ("市文广旅局", "wglj"),
        ("赣州市文化广电新闻出版旅游局", "wglj"),
        ("市文广新旅局", "wglj"),
        ("章贡区", "zhanggong"),
        ("章贡区人民政府", "zhanggong"),
        ("章贡区政府", "zhanggong"),
        ("赣州市章贡区人民政府", "zhanggong"),
        ("龙南县", "longnan"),
        ("各县（市、区）人民政府", "counties"),
        ("各县(市、区)人民政府", "counties"),
        ("各县（市、区）政府", "counties"),
        ("各县 （市、区） 人民 政府", "counties"),
        ("市政府各部门", "departments"),
        ("市政府有关部门", "relevant-departments"),
    ],
)
def test_lookup_is_tolerant(name: str, expected: str) -> None:
    """Full/half-width punctuation, spaces, 等, 政府/人民政府 and 赣州市/市 all match."""
    assert REGISTRY.lookup(name).id == expected


def test_normalize_name() -> None:
    """The lookup key drops what does not distinguish names."""
    assert normalize_name("赣州市 司法局等", "赣州市") == "市司法局"
    assert normalize_name("各县（市、区）人民政府") == "各县(市、区)政府"


def test_unknown_name_suggests_closest() -> None:
    """An unknown name is a KeyError that names the closest known units."""
    with pytest.raises(UnknownUnitError) as caught:
        REGISTRY.lookup("市司法厅")
    error = caught.value
    assert isinstance(error, KeyError)
    assert error.suggestions[0] == "市司法局"
    assert "最接近的是：市司法局" in error.message


def test_unit_and_group_lookups_refuse_the_other_kind() -> None:
    """unit() refuses a group name and group() a unit name, saying why."""
    with pytest.raises(UnknownUnitError, match="是单位组"):
        REGISTRY.unit("市政府各部门")
    with pytest.raises(UnknownUnitError, match="是单个单位"):
        REGISTRY.group("市司法局")
    assert REGISTRY.unit("sfj").short_name == "市司法局"


def test_counties_are_the_eighteen() -> None:
    """各县（市、区）人民政府 expands to the 18 county-level governments, in order."""
    group = REGISTRY.group("各县（市、区）人民政府")
    assert [u.short_name for u in REGISTRY.members(group)] == COUNTIES
    assert all(u.kind is UnitKind.COUNTY for u in REGISTRY.members(group))


def test_every_seed_name_is_known() -> None:
    """Every lead and collective name printed in the seed resolves."""
    for name in [*SEED_LEADS, "各县（市、区）人民政府", "市政府各部门", "市政府有关部门"]:
        assert REGISTRY.find(name) is not None, name


def test_departments_group_holds_every_department() -> None:
    """市政府各部门 is every unit of kind department, including 市政府办公室."""
    group = REGISTRY.group("departments")
    members = REGISTRY.members(group)
    assert {u.id for u in members} == {
        u.id for u in REGISTRY.units if u.kind is UnitKind.DEPARTMENT
    }
    assert "市政府办公室" in [u.short_name for u in members]


def test_relevant_departments_is_per_task() -> None:
    """市政府有关部门 is a per-task group whose pool is the departments."""
    group = REGISTRY.group("市政府有关部门")
    assert group.per_task
    assert REGISTRY.members(group) == REGISTRY.members(REGISTRY.group("departments"))


def test_groups_of_a_unit() -> None:
    """A county belongs to the counties group and to no department group."""
    ids = {g.id for g in REGISTRY.groups_of(REGISTRY.unit("章贡区"))}
    assert "counties" in ids
    assert "departments" not in ids


def _registry(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "units.toml"
    path.write_text('name = "某市"\ncity_prefix = "某市"\n' + body, encoding="utf-8")
    return path


def test_users_own_registry(tmp_path: Path) -> None:
    """An office can load its own registry file."""
    path = _registry(
        tmp_path,
        '[[units]]\nid = "a"\nname = "某市甲局"\nshort_name = "市甲局"\nkind = "department"\n'
        '[[groups]]\nid = "all"\nname = "市直各单位"\nkinds = ["department"]\n',
    )
    registry = Registry.load(path)
    assert registry.lookup("某市甲局").id == "a"
    group = registry.lookup("市直各单位")
    assert isinstance(group, UnitGroup)
    assert registry.members(group) == (registry.unit("a"),)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            (
                '[[units]]\nid = "a"\nname = "某市甲局"\nshort_name = "市甲局"\nkind = "department"\n'
                '[[units]]\nid = "a"\nname = "某市乙局"\nshort_name = "市乙局"\nkind = "department"\n'
            ),
            "编号必须唯一",
        ),
        (
            (
                '[[units]]\nid = "a"\nname = "某市甲局"\nshort_name = "市甲局"\nkind = "department"\n'
                '[[units]]\nid = "b"\nname = "某市乙局"\nshort_name = "市甲局"\nkind = "department"\n'
            ),
            "名称必须只指一个单位",
        ),
        ('[[groups]]\nid = "g"\nname = "各局"\nmembers = ["nobody"]\n', "nobody"),
        ('[[units]]\nid = "a"\nname = "某市甲局"\nkind = "department"\n', "short_name"),
        ("units = [", "不是有效的 TOML"),
    ],
)
def test_bad_registry_files(tmp_path: Path, body: str, message: str) -> None:
    """Malformed registries are refused with a message saying what is wrong."""
    with pytest.raises(RegistryError, match=message):
        Registry.load(_registry(tmp_path, body))


def test_missing_registry_file(tmp_path: Path) -> None:
    """A registry path that does not exist is a RegistryError, not a traceback."""
    with pytest.raises(RegistryError, match="无法读取单位名录"):
        Registry.load(tmp_path / "none.toml")


def test_unknown_bundled_registry() -> None:
    """Asking for a registry that is not shipped lists those that are."""
    with pytest.raises(RegistryError, match="ganzhou"):
        Registry.bundled("beijing")


def test_display_names() -> None:
    """Units show their short name, groups their name."""
    unit = REGISTRY.unit("sfj")
    assert isinstance(unit, Unit)
    assert Registry.display_name(unit) == "市司法局"
    assert Registry.display_name(REGISTRY.group("counties")) == "各县（市、区）人民政府"
