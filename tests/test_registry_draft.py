"""Drafting a unit registry from a notice: `draft_registry` and `gzgk registry draft`."""

from __future__ import annotations

import io
from importlib import resources
from pathlib import Path

import pytest
from attrs import evolve
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook
from strategies import notices

from gzgk import Notice, Registry, Task, Unit, UnitGroup, UnitKind, load_notice
from gzgk.cli import main
from gzgk.excel.generate import DISTRIBUTION_FILE
from gzgk.model import GroupMembers
from gzgk.registry import draft_registry

SEED = load_notice("ganzhou-2024")
BUNDLED_FILE = Path(str(resources.files("gzgk") / "data" / "units" / "ganzhou.toml"))
RULE = "# " + "-" * 75

# A county's notice, as its office would copy it from the PDF (inline labels).
OTHER_CITY_TEXT = """\
兴安县人民政府办公室
兴府办字〔2025〕8号

兴安县人民政府办公室关于印发2025年政务公开工作任务分工的通知

各乡镇人民政府，县直各有关单位：

现将2025年政务公开工作任务分工印发给你们，请认真抓好落实。

（一）深化政策解读。重要政策文件与解读材料同步起草、同步发布。（牵头单位：县发改局；责任单位：各乡镇人民政府）

（二）加强财政信息公开。按时公开预决算和“三公”经费。（牵头单位：县财政局；配合单位：县直有关单位）

（三）推进基层政务公开标准化。更新公开目录，完善政务公开专区。（牵头单位：县发改局；责任单位：各乡镇人民政府，县财政局）

请于12月10日前报送县政府办公室。

2025年3月1日
"""

# The same task table, built directly (independent of the text parser).
OTHER_CITY = Notice(
    issuer="兴安县人民政府办公室",
    doc_number="兴府办字〔2025〕8号",
    title="兴安县人民政府办公室关于印发2025年政务公开工作任务分工的通知",
    tasks=(
        Task(seq=1, number="一", title="深化政策解读", content="…", lead=("县发改局",),
             responsible=("各乡镇人民政府",)),
        Task(seq=2, number="二", title="加强财政信息公开", content="…", lead=("县财政局",),
             cooperating=("县直有关单位",)),
        Task(seq=3, number="三", title="推进基层政务公开标准化", content="…", lead=("县发改局",),
             responsible=("各乡镇人民政府", "县财政局")),
    ),
)  # fmt: skip


def notice_naming(*names: str, issuer: str = "") -> Notice:
    """A one-task notice whose lead units are ``names``."""
    task = Task(seq=1, number="一", title="任务", content="内容", lead=names)
    return Notice(issuer=issuer, tasks=(task,))


def drafted(notice: Notice, *, name: str = "", base: Registry | None = None) -> Registry:
    """The registry a draft of ``notice`` loads as."""
    return Registry.from_toml(draft_registry(notice, name=name, base=base))


def run(*argv: str) -> tuple[int, str]:
    """Run the CLI in-process; the exit code and stdout."""
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def test_draft_of_the_bundled_notice() -> None:
    """Without a base, every name of the 赣州 notice is drafted: 22 units and 3 groups, in order."""
    registry = drafted(SEED)
    assert (registry.name, registry.city_prefix, registry.version) == ("赣州市", "赣州市", "draft")
    groups = ["各县（市、区）人民政府", "市政府有关部门", "市政府各部门"]
    assert [u.short_name for u in registry.units] == [n for n in SEED.names() if n not in groups]
    assert [u.id for u in registry.units] == [f"u{n:02d}" for n in range(1, 23)]
    assert {(u.name, u.kind, u.confirmed) for u in registry.units} == {
        (u.short_name, UnitKind.DEPARTMENT, False) for u in registry.units
    }
    assert [(g.id, g.name, g.kinds, g.per_task, g.members) for g in registry.groups] == [
        ("g01", "各县（市、区）人民政府", (UnitKind.COUNTY,), False, ()),
        ("g02", "市政府有关部门", (UnitKind.DEPARTMENT,), True, ()),
        ("g03", "市政府各部门", (UnitKind.DEPARTMENT,), False, ()),
    ]
    assert all(registry.find(name) is not None for name in SEED.names())
    assert registry.members(registry.group("各县（市、区）人民政府")) == ()  # no county drafted


def test_draft_comments_say_what_to_edit() -> None:
    """The draft opens with Chinese instructions and says where each name is printed."""
    text = draft_registry(SEED)
    assert text.startswith("# 单位名录草稿：由 gzgk registry draft 根据通知中的单位名称生成。\n")
    for words in (
        "name：改为单位全称",
        "kind：单位类别",
        "[[groups]]",
        "contact、phone",
        "confirmed",
    ):
        assert words in text
    assert '# 市司法局：牵头任务（三）（五）（九）\n[[units]]\nid = "u22"\n' in text
    assert (
        "# 各县（市、区）人民政府：责任任务（一）（二）（三）（四）（五）（六）（七）（九）（十）（十一）（十二）；牵头任务（八）\n"
        in text
    )
    assert 'kinds = ["county"]\n' in text


def test_draft_against_the_bundled_registry_adds_nothing() -> None:
    """With the bundled registry as base, the 赣州 notice needs no new unit, and the draft says so."""
    text = draft_registry(SEED, base=Registry.bundled())
    registry = Registry.from_toml(text)
    assert (registry.units, registry.groups, registry.name) == ((), (), "赣州市")
    assert "# 通知中的 25 个单位名称都已在单位名录“赣州市”中，不需要补充。\n" in text


def test_draft_adds_only_what_the_base_lacks() -> None:
    """With a base, only unknown names are drafted, ids avoid the base's, and appended they load."""
    extra = Task(
        seq=13, number="十三", title="新任务", content="内容",
        lead=("市数据局", "市司法局"), responsible=("各乡镇人民政府",),
    )  # fmt: skip
    notice = evolve(SEED, tasks=(*SEED.tasks, extra))
    base = Registry.bundled()
    text = draft_registry(notice, base=base)
    draft = Registry.from_toml(text)
    assert [(u.id, u.short_name) for u in draft.units] == [("u01", "市数据局")]
    assert [(g.id, g.name, g.kinds) for g in draft.groups] == [("g01", "各乡镇人民政府", ())]
    assert "# 本草稿只列出单位名录“赣州市”中没有的 2 个名称，\n# 另有 25 个已在名录中" in text
    appended = BUNDLED_FILE.read_text(encoding="utf-8") + "\n" + text[text.index(RULE) :]
    merged = Registry.from_toml(appended)
    assert len(merged.units) == len(base.units) + 1
    assert all(merged.find(name) is not None for name in notice.names())


def test_ids_never_reuse_the_base_ids() -> None:
    """A base that already has u01 and g01 makes the draft start at u02 and g02."""
    base = Registry(
        name="某市",
        units=[Unit(id="u01", name="某市甲局", short_name="甲局", kind=UnitKind.DEPARTMENT)],
        groups=[UnitGroup(id="g01", name="各局", kinds=(UnitKind.DEPARTMENT,))],
    )
    registry = drafted(notice_naming("甲局", "乙局", "各部门"), base=base)
    assert [u.id for u in registry.units] == ["u02"]
    assert [g.id for g in registry.groups] == ["g02"]


def test_other_city_notice() -> None:
    """A county's notice: its units, its 各乡镇 group (members to list) and 县直有关单位 (per task)."""
    registry = drafted(OTHER_CITY)
    assert (registry.name, registry.city_prefix) == ("兴安县", "")
    assert [(u.id, u.short_name, u.kind) for u in registry.units] == [
        ("u01", "县发改局", UnitKind.DEPARTMENT),
        ("u02", "县财政局", UnitKind.DEPARTMENT),
    ]
    assert [(g.id, g.name, g.kinds, g.per_task) for g in registry.groups] == [
        ("g01", "各乡镇人民政府", (), False),
        ("g02", "县直有关单位", (UnitKind.DEPARTMENT, UnitKind.INSTITUTION, UnitKind.OTHER), True),
    ]
    assert "无法从名称推定成员" in registry.groups[0].note
    assert "逐项明确" in registry.groups[1].note


def test_name_given_and_city_prefix() -> None:
    """A place ending in 市 is the city prefix: 吉安市财政局 and 市财政局 are one unit."""
    registry = drafted(notice_naming("吉安市财政局", "市财政局", "市教育局"), name="吉安市")
    assert (registry.name, registry.city_prefix) == ("吉安市", "吉安市")
    assert [u.short_name for u in registry.units] == ["吉安市财政局", "市教育局"]
    assert registry.unit("市财政局") is registry.unit("吉安市财政局")


def test_spellings_that_lookup_treats_alike_count_once() -> None:
    """县 财政局 / 县财政局等 / 兴国县 after 兴国县人民政府 are one unit each, the rest aliases."""
    registry = drafted(
        notice_naming("兴国县人民政府", "兴国县", "县财政局", "县 财政局", "县财政局等")
    )
    assert [(u.short_name, u.aliases, u.kind) for u in registry.units] == [
        ("兴国县人民政府", ("兴国县",), UnitKind.COUNTY),
        ("县财政局", (), UnitKind.DEPARTMENT),
    ]
    county = drafted(notice_naming("兴国县", "兴国县人民政府"))
    assert [(u.short_name, u.aliases) for u in county.units] == [("兴国县", ())]
    assert county.unit("兴国县人民政府").short_name == "兴国县"


def test_stated_members_are_drafted_too() -> None:
    """Members the office stated for a per-task group are units of the draft."""
    task = Task(
        seq=1, number="一", title="任务", content="内容", responsible=("县直有关单位",),
        group_members=(GroupMembers(group="县直有关单位", members=("县统计局",)),),
    )  # fmt: skip
    text = draft_registry(Notice(tasks=(task,)))
    assert "# 县统计局：“县直有关单位”的成员任务（一）\n" in text
    assert [u.short_name for u in Registry.from_toml(text).units] == ["县统计局"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("县发改局", UnitKind.DEPARTMENT),
        ("县政府办公室", UnitKind.DEPARTMENT),
        ("县卫生健康委员会", UnitKind.DEPARTMENT),
        ("县委宣传部", UnitKind.DEPARTMENT),
        ("团县委", UnitKind.DEPARTMENT),
        ("县融媒体中心", UnitKind.DEPARTMENT),
        ("兴国县人民政府", UnitKind.COUNTY),
        ("瑞金市政府", UnitKind.COUNTY),
        ("章贡区", UnitKind.COUNTY),
        ("经济技术开发区", UnitKind.ZONE),
        ("高新区管委会", UnitKind.ZONE),
        ("县人民医院", UnitKind.INSTITUTION),
        ("县第一中学", UnitKind.INSTITUTION),
        ("县图书馆", UnitKind.INSTITUTION),
        ("城关镇人民政府", UnitKind.OTHER),
        ("东街街道办事处", UnitKind.OTHER),
        ("县人民法院", UnitKind.OTHER),
        ("县总工会", UnitKind.OTHER),
        ("县供电公司", UnitKind.OTHER),
    ],
)
def test_unit_kind_guessed_from_the_name(name: str, kind: UnitKind) -> None:
    """A unit's kind is guessed from how its name ends."""
    [unit] = drafted(notice_naming(name)).units
    assert (unit.short_name, unit.kind, unit.confirmed) == (name, kind, False)


COUNTY, DEPARTMENT, INSTITUTION, OTHER, ZONE = (
    UnitKind.COUNTY, UnitKind.DEPARTMENT, UnitKind.INSTITUTION, UnitKind.OTHER, UnitKind.ZONE,
)  # fmt: skip
ALL_UNITS = (DEPARTMENT, INSTITUTION, OTHER)


@pytest.mark.parametrize(
    ("name", "kinds", "per_task"),
    [
        ("各县（市、区）人民政府", (COUNTY,), False),
        ("县（市、区）人民政府", (COUNTY,), False),
        ("各区人民政府", (COUNTY,), False),
        ("各乡镇人民政府", (), False),
        ("各乡镇人民政府、街道办事处", (), False),
        ("县政务公开领导小组成员单位", (), False),
        ("各功能区", (ZONE,), False),
        ("市政府各部门", (DEPARTMENT,), False),
        ("省政府各部门、各直属机构", (DEPARTMENT,), False),
        ("县直单位", ALL_UNITS, False),
        ("县直各单位", ALL_UNITS, False),
        ("市政府有关部门", (DEPARTMENT,), True),
        ("各有关部门", (DEPARTMENT,), True),
        ("相关部门", (DEPARTMENT,), True),
        ("县直有关单位", ALL_UNITS, True),
        ("县直各有关单位", ALL_UNITS, True),
        ("市属、驻市有关单位", ALL_UNITS, True),
    ],
)
def test_collective_names_become_groups(
    name: str, kinds: tuple[UnitKind, ...], per_task: bool
) -> None:
    """Collective names are groups: 有关/相关 per task, the others with the kinds the name suggests."""
    registry = drafted(notice_naming(name))
    assert registry.units == ()
    [group] = registry.groups
    assert (group.name, group.kinds, group.per_task, group.members) == (name, kinds, per_task, ())


def test_draft_is_deterministic() -> None:
    """The same notice gives the same text, byte for byte."""
    assert draft_registry(SEED) == draft_registry(SEED)
    assert draft_registry(OTHER_CITY, base=Registry.bundled()) == draft_registry(
        OTHER_CITY, base=Registry.bundled()
    )


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(notices)
def test_any_notice_drafts_a_registry_that_loads_and_knows_every_name(notice: Notice) -> None:
    """For any notice the draft is valid TOML and a valid registry, knows every name, and is complete."""
    text = draft_registry(notice)
    registry = Registry.from_toml(text)
    assert all(registry.find(name) is not None for name in notice.names())
    again = Registry.from_toml(draft_registry(notice, base=registry))
    assert (again.units, again.groups) == ((), ())


# -- the command line -----------------------------------------------------------


def test_cli_draft_writes_and_never_overwrites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`gzgk registry draft` writes the draft and a summary; an existing file needs --force."""
    notice = tmp_path / "通知.txt"
    notice.write_text(OTHER_CITY_TEXT, encoding="utf-8")
    target = tmp_path / "units.toml"
    code, out = run("registry", "draft", str(notice), "-o", str(target))
    assert code == 0
    assert out.startswith(f"已写入单位名录草稿 {target}：2 个单位、2 个单位组，")
    assert "需要在名录中列出成员单位的单位组：各乡镇人民政府\n" in out
    assert "需要在通知文件中逐项明确成员的单位组：县直有关单位\n" in out
    assert f"gzgk --registry {target} generate {notice} -o 报送表" in out
    assert Registry.load(target) == drafted(OTHER_CITY)
    target.write_text("# 改过的名录\n", encoding="utf-8")
    code, out = run("registry", "draft", str(notice), "-o", str(target))
    assert (code, out) == (2, "")
    assert "[file-exists]" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "# 改过的名录\n"
    assert run("registry", "draft", str(notice), "-o", str(target), "--force")[0] == 0
    assert Registry.load(target) == drafted(OTHER_CITY)


def test_cli_draft_name_option(tmp_path: Path) -> None:
    """--name sets the place (and, ending in 市, the city prefix)."""
    target = tmp_path / "units.toml"
    assert run("registry", "draft", "ganzhou-2024", "-o", str(target), "--name", "某某市")[0] == 0
    registry = Registry.load(target)
    assert (registry.name, registry.city_prefix) == ("某某市", "某某市")


def test_cli_draft_against_the_office_registry(tmp_path: Path) -> None:
    """With --registry, the draft lists only what that registry lacks and says so."""
    target = tmp_path / "units.toml"
    code, out = run(
        "--registry", str(BUNDLED_FILE), "registry", "draft", "ganzhou-2024", "-o", str(target)
    )
    assert code == 0
    assert out.startswith("通知中的 25 个单位名称都已在单位名录“赣州市”中，不需要补充")
    assert Registry.load(target).units == ()


def test_cli_draft_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown notice or a text without tasks is exit 2 and writes nothing; no output is usage."""
    target = tmp_path / "units.toml"
    assert run("registry", "draft", "no-such-notice", "-o", str(target))[0] == 2
    assert "[unknown-notice]" in capsys.readouterr().err
    empty = tmp_path / "空.txt"
    empty.write_text("没有任务的文字\n", encoding="utf-8")
    assert run("registry", "draft", str(empty), "-o", str(target))[0] == 2
    assert "[notice-has-errors]" in capsys.readouterr().err
    assert not target.exists()
    with pytest.raises(SystemExit) as caught:
        main(["registry", "draft", "ganzhou-2024"])
    assert caught.value.code == 2


def _distribution_notes(folder: Path, units: int) -> list[str]:
    """The notes under the distribution list's table."""
    sheet = load_workbook(folder / DISTRIBUTION_FILE).active
    assert sheet is not None
    return [str(cell.value) for cell in sheet["B"][units + 1 :] if cell.value is not None]


def test_other_city_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Another city's notice: refused without a registry; drafted, it generates; edited, it covers all."""
    notice = tmp_path / "通知.txt"
    notice.write_text(OTHER_CITY_TEXT, encoding="utf-8")
    out_dir = tmp_path / "报送表"
    assert run("generate", str(notice), "-o", str(out_dir))[0] == 2
    assert "[unknown-units]" in capsys.readouterr().err
    assert not out_dir.exists()

    units = tmp_path / "units.toml"
    assert run("registry", "draft", str(notice), "-o", str(units))[0] == 0
    code, out = run("--registry", str(units), "generate", str(notice), "-o", str(out_dir))
    assert code == 0
    assert "已生成 2 份报送表" in out
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "01-县发改局-落实情况报送表.xlsx",
        "02-县财政局-落实情况报送表.xlsx",
        DISTRIBUTION_FILE,
    ]
    notes = [
        (
            "以下单位组只指与该项任务有关的单位，尚未明确是哪些，其成员单位还没有拿到这些任务的"
            "报送表（不是名称有误）。在通知文件中为该任务列出成员后重新生成即可："
        ),
        "  - 任务（二）的配合单位“县直有关单位”",
        (
            "以下单位组在单位名录中还没有成员单位，没有为其成员生成报送表。"
            "请在单位名录中补充成员单位后重新生成："
        ),
        "  - 任务（一）的责任单位“各乡镇人民政府”",
        "  - 任务（三）的责任单位“各乡镇人民政府”",
    ]
    assert _distribution_notes(out_dir, 2) == notes
    assert capsys.readouterr().err == "\n".join(notes) + "\n（以上说明也写在分发清单中。）\n"

    # The office lists its townships and makes them the group's members.
    text = units.read_text(encoding="utf-8").replace(
        'name = "各乡镇人民政府"\naliases = []\nkinds = []\nmembers = []',
        'name = "各乡镇人民政府"\naliases = []\nkinds = []\nmembers = ["zhen1", "zhen2"]',
    )
    for unit_id, town in (("zhen1", "城关镇"), ("zhen2", "溶江镇")):
        text += f'\n[[units]]\nid = "{unit_id}"\nname = "{town}人民政府"\nshort_name = "{town}"\nkind = "other"\n'
    units.write_text(text, encoding="utf-8")
    again = ("--registry", str(units), "generate", str(notice), "-o", str(out_dir))
    assert run(*again)[0] == 2  # the blank forms of the first run are in the way
    assert "[output-exists]" in capsys.readouterr().err
    code, out = run(*again, "--force")
    assert code == 0
    assert "已生成 4 份报送表" in out
    assert {p.name for p in out_dir.iterdir()} >= {
        "03-城关镇-落实情况报送表.xlsx",
        "04-溶江镇-落实情况报送表.xlsx",
    }
    assert _distribution_notes(out_dir, 4) == notes[:2]
