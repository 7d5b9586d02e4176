"""The unit registry: who the units are, what they are called, which groups exist.

The registry is data: a TOML file shipped in ``gzgk/data/units/`` that an office
may replace with its own (``Registry.load(path)``, ``gzgk --registry FILE``).
Name lookup is tolerant of what PDF extraction and habit do to names:
full-/half-width punctuation, spaces, a trailing 等, 政府 for 人民政府 and 市 for
the city prefix (市司法局 = 赣州市司法局).

An office with another city's notice starts from :func:`draft_registry`: a
registry drafted from the names the notice prints, to be completed by hand.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path

from attrs import define, field, frozen

from gzgk import _toml
from gzgk.convert import structure
from gzgk.errors import NoticeFormatError, RegistryError, UnknownUnitError
from gzgk.files import os_reason
from gzgk.model import Notice, Role, Unit, UnitGroup, UnitKind

__all__ = ["DEFAULT_REGISTRY", "Registry", "draft_registry", "normalize_name"]

DEFAULT_REGISTRY = "ganzhou"
_SPACE = re.compile(r"\s+")
_SEPARATORS = "、，,；;。.：:"
_SUGGESTIONS = 3
_NAME_IN_MIN = 3  # shorter names (区, 局) would match too much


@functools.cache
def _bundled(name: str) -> Registry:
    return Registry._read_bundled(name)  # noqa: SLF001 - the cache of the classmethod


def normalize_name(name: str, city_prefix: str = "") -> str:
    """The lookup key of a unit name.

    >>> normalize_name("赣州市 司法局等", "赣州市")
    '市司法局'
    >>> normalize_name("各县（市、区）人民政府")
    '各县(市、区)政府'
    """
    key = _SPACE.sub("", unicodedata.normalize("NFKC", name)).strip(_SEPARATORS)
    key = key.removesuffix("等").replace("人民政府", "政府")
    if city_prefix and key.startswith(city_prefix) and len(key) > len(city_prefix):
        key = "市" + key[len(city_prefix) :]
    return key


def _units(values: Iterable[Unit]) -> tuple[Unit, ...]:
    return tuple(values)


def _groups(values: Iterable[UnitGroup]) -> tuple[UnitGroup, ...]:
    return tuple(values)


@frozen(kw_only=True)
class _RegistryFile:
    """The TOML structure of a registry file."""

    name: str
    city_prefix: str = ""
    version: str = ""
    units: tuple[Unit, ...] = ()
    groups: tuple[UnitGroup, ...] = ()
    role_words: dict[str, Role] = field(factory=dict)


def _role_words(
    value: Mapping[str, Role] | Iterable[tuple[str, Role]],
) -> tuple[tuple[str, Role], ...]:
    pairs = value.items() if isinstance(value, Mapping) else value
    return tuple((str(text), Role(role)) for text, role in pairs)


@frozen
class _Lookup:
    """What name lookup needs, worked out once from a registry's entries."""

    index: dict[str, Unit | UnitGroup]
    display: dict[str, str]
    named: dict[str, str]
    pattern: re.Pattern[str]


@frozen(kw_only=True)
class Registry:
    """Units and groups with name lookup; build one with :meth:`load` or :meth:`bundled`.

    Attributes:
        name: the place the registry describes, e.g. ``赣州市``.
        city_prefix: prefix that may be written as 市 (``赣州市``).
        version: the registry's own version label.
        units: every unit, in registry order.
        groups: every collective name, in registry order.
        role_words: labels this office reads with another role than gzgk's
            default (``"主要责任单位" = "lead"`` under ``[role_words]``).
    """

    name: str
    city_prefix: str = ""
    version: str = ""
    units: tuple[Unit, ...] = field(default=(), converter=_units)
    groups: tuple[UnitGroup, ...] = field(default=(), converter=_groups)
    role_words: tuple[tuple[str, Role], ...] = field(default=(), converter=_role_words)
    _lookup: _Lookup = field(init=False, repr=False, eq=False)

    @_lookup.default
    def _build_lookup(self) -> _Lookup:
        """Every name's normalised key, checked once when the registry is built.

        Raises:
            RegistryError: an id used twice, a name meaning two entries, or a
                group naming a unit id the registry does not have.
        """
        index: dict[str, Unit | UnitGroup] = {}
        display: dict[str, str] = {}
        ids: set[str] = set()
        entries: tuple[Unit | UnitGroup, ...] = (*self.units, *self.groups)
        for entry in entries:
            if entry.id in ids:
                raise RegistryError(f"单位名录中的编号必须唯一（“{entry.id}”出现了两次）")
            ids.add(entry.id)
            for name in self._names_of(entry):
                key = normalize_name(name, self.city_prefix)
                other = index.setdefault(key, entry)
                if other is not entry:
                    raise RegistryError(
                        "单位名录中的名称必须只指一个单位"
                        f"（“{name}”既指 {other.id} 又指 {entry.id}）"
                    )
                display.setdefault(key, name)
        unit_ids = {unit.id for unit in self.units}
        for group in self.groups:
            unknown = sorted((set(group.members) | set(group.exclude)) - unit_ids)
            if unknown:
                raise RegistryError(
                    f"单位组“{group.name}”引用了名录中没有的单位编号：{'、'.join(unknown)}"
                )
        named = {
            name: unit.id for unit in self.units for name in unit.names if len(name) >= _NAME_IN_MIN
        }
        longest_first = sorted(named, key=len, reverse=True)
        pattern = "|".join(map(re.escape, longest_first)) or r"(?!)"
        return _Lookup(index, display, named, re.compile(pattern))

    @staticmethod
    def _names_of(entry: Unit | UnitGroup) -> tuple[str, ...]:
        if isinstance(entry, Unit) and entry.kind is UnitKind.COUNTY:
            return (*entry.names, entry.short_name + "人民政府")
        return entry.names

    @classmethod
    def from_toml(cls, text: str, *, source: str = "") -> Registry:
        """A registry from TOML text (see ``gzgk/data/units/ganzhou.toml``).

        Raises:
            RegistryError: the text is not a valid registry.
        """
        where = f"“{source}”" if source else "单位名录"
        try:
            data = structure(_toml.loads(text), _RegistryFile, source=source)
        except _toml.TOMLDecodeError as error:
            raise RegistryError(f"{where}不是有效的 TOML：{error}") from error
        except NoticeFormatError as error:
            raise RegistryError(error.message.replace("gzgk 格式", "单位名录格式")) from error
        return cls(
            name=data.name,
            city_prefix=data.city_prefix,
            version=data.version,
            units=data.units,
            groups=data.groups,
            role_words=data.role_words,
        )

    @classmethod
    def load(cls, path: str | Path) -> Registry:
        """A registry from a TOML file of the user's.

        Raises:
            RegistryError: the file cannot be read or is not a valid registry.
        """
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = os_reason(error) if isinstance(error, OSError) else "文字编码应为 UTF-8"
            raise RegistryError(f"无法读取单位名录“{path}”：{reason}") from error
        return cls.from_toml(text, source=str(path))

    @classmethod
    def bundled(cls, name: str = DEFAULT_REGISTRY) -> Registry:
        """A registry shipped with gzgk (``ganzhou``); read once, then shared."""
        return _bundled(name)

    @classmethod
    def _read_bundled(cls, name: str) -> Registry:
        package = resources.files("gzgk") / "data" / "units"
        resource = package / f"{name}.toml"
        if not resource.is_file():
            known = sorted(
                Path(item.name).stem for item in package.iterdir() if item.name.endswith(".toml")
            )
            raise RegistryError(f"没有名为“{name}”的内置单位名录（可用：{'、'.join(known)}）")
        return cls.from_toml(resource.read_text(encoding="utf-8"), source=f"内置名录 {name}")

    def key(self, name: str) -> str:
        """The lookup key of a name in this registry."""
        return normalize_name(name, self.city_prefix)

    def find(self, name: str) -> Unit | UnitGroup | None:
        """The unit or group a name means, or None."""
        return self._lookup.index.get(self.key(name))

    def lookup(self, name: str) -> Unit | UnitGroup:
        """The unit or group a name means.

        Raises:
            UnknownUnitError: no unit or group has that name; the error names
                the closest known names.
        """
        found = self.find(name)
        if found is None:
            raise UnknownUnitError(name, self.suggest(name))
        return found

    def unit(self, name_or_id: str) -> Unit:
        """The unit with this id or name (groups are not units).

        Raises:
            UnknownUnitError: no such unit.
        """
        found = self._entry(name_or_id, self.units, "是单位组，不是单个单位")
        if not isinstance(found, Unit):
            raise TypeError(f"{found!r} is not a unit")  # _entry checked the kind
        return found

    def group(self, name_or_id: str) -> UnitGroup:
        """The group with this id or name.

        Raises:
            UnknownUnitError: no such group.
        """
        found = self._entry(name_or_id, self.groups, "是单个单位，不是单位组")
        if not isinstance(found, UnitGroup):
            raise TypeError(f"{found!r} is not a group")  # _entry checked the kind
        return found

    def _entry(
        self, name_or_id: str, entries: tuple[Unit, ...] | tuple[UnitGroup, ...], wrong_kind: str
    ) -> Unit | UnitGroup:
        for entry in entries:
            if entry.id == name_or_id:
                return entry
        found = self.lookup(name_or_id)
        if found not in entries:
            raise UnknownUnitError(name_or_id, message=f"“{name_or_id}”{wrong_kind}")
        return found

    def suggest(self, name: str, limit: int = _SUGGESTIONS) -> tuple[str, ...]:
        """The known names closest to an unknown one, closest first."""
        key = self.key(name)
        close = difflib.get_close_matches(key, self._lookup.index, n=limit, cutoff=0.5)
        contained = [
            k for k in self._lookup.index if key and (key in k or k in key) and k not in close
        ]
        chosen: dict[str, None] = {}
        for match in (*close, *sorted(contained, key=len)):
            chosen.setdefault(self.display_name(self._lookup.index[match]), None)
        return tuple(chosen)[:limit]

    @staticmethod
    def display_name(entry: Unit | UnitGroup) -> str:
        """The name to show for a unit (its short name) or a group (its name)."""
        return entry.short_name if isinstance(entry, Unit) else entry.name

    def members(self, group: UnitGroup) -> tuple[Unit, ...]:
        """The units of a group, in registry order (for a per-task group: its pool)."""
        wanted = set(group.members)
        kinds = set(group.kinds)
        excluded = set(group.exclude)
        return tuple(
            unit
            for unit in self.units
            if (unit.id in wanted or unit.kind in kinds) and unit.id not in excluded
        )

    def named_in(self, text: str) -> tuple[Unit, ...]:
        """The units one of whose names (three characters or more) appears in ``text``.

        Made for file names such as ``市司法局-落实情况报送表.xlsx``; a hint,
        never an identity.
        """
        found = {self._lookup.named[name] for name in self._lookup.pattern.findall(text)}
        return tuple(unit for unit in self.units if unit.id in found)

    def groups_of(self, unit: Unit) -> tuple[UnitGroup, ...]:
        """The groups whose members (or pool) include the unit."""
        return tuple(group for group in self.groups if unit in self.members(group))


# -- drafting a registry from a notice ------------------------------------------

_DRAFT_VERSION = "draft"
_RULE = "# " + "-" * 75
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")  # not allowed in TOML comments
_ISSUER_PLACE = re.compile(r"^(.+?)(?:人民政府|政府)")
# 各…, …有关…, 县（市、区）, …成员单位, 县直单位: names that stand for several units
_COLLECTIVE = re.compile(r"各|有关|相关|\([^)]*、|成员单位$|^[省市县区]直属?(?:单位|部门|机关)$")
_PER_TASK = re.compile(r"有关|相关")
_ZONE_WORDS = re.compile(r"开发区|高新区|经开区|新区|园区|功能区|保税区|综保区|试验区|管委")
_DIRECT = re.compile(r"[省市县区]直属?")  # 县直单位: units at that level, not counties
_COUNTY_WORDS = re.compile(r"各(?:县|区|旗|设区|市(?!直|属))|县\(|县市区|县区|区县")
_DEPARTMENT_WORDS = re.compile(r"部门|机构|机关|局|委|厅|办(?!事处)")
_UNIT_WORD = re.compile(r"(?<!成员)单位")
# First match wins: townships before counties (X镇政府), zones before departments (管委会).
_UNIT_KINDS = (
    (_ZONE_WORDS, UnitKind.ZONE),
    (re.compile(r"(?:[乡镇]|街道)政府$|街道办事处$|街道$"), UnitKind.OTHER),
    (re.compile(r".[县区市旗]政府$|^[^各]{1,7}[县区市旗]$"), UnitKind.COUNTY),
    (re.compile(r"(?<![法察])院$|学校$|[中小大]学$|[校馆站台社所]$"), UnitKind.INSTITUTION),
    (re.compile(r"(?:局|委|委员会|办|办公室|厅|部|署|中心)$"), UnitKind.DEPARTMENT),
)
_UNIT_NOTE = (
    "草稿：名称照通知原样。请把 name 改为全称，核对 kind（按名称推定），"
    "补充 contact 和 phone；核对无误后把 confirmed 改为 true。"
)
_PER_TASK_NOTE = (
    "草稿：只指与每项任务有关的单位，须逐项明确：在通知文件中为每项任务列出成员"
    "（[[tasks.group_members]]）。kinds 是可选成员的范围（按名称推定），请核对。"
)
_KINDS_NOTE = (
    "草稿：成员为名录中 kinds 所列类别（按名称推定）的全部单位，请核对：名录中缺少的"
    "成员单位请照 [[units]] 的格式补充，不属于本组的在 exclude 中列出编号，"
    "也可以在 members 中直接列出编号。"
)
_MEMBERS_NOTE = (
    "草稿：无法从名称推定成员。请先照 [[units]] 的格式补充成员单位，再在 members 中列出它们的"
    "编号；补充之前本组没有成员，生成报送表时会提示。"
)
_HEADER = (
    "使用前请逐项核对、补充（用记事本打开即可，保存为 UTF-8）：",
    "  1. name：改为单位全称。short_name 是通知中的写法，软件靠它认出通知里的单位，请保留；",
    "     同一单位的其他写法加到 aliases 中。",
    "  2. kind：单位类别，按名称推定，请核对：county 县级政府，zone 功能区，",
    "     department 部门，institution 事业单位，other 其他（如乡镇、街道）。",
    "  3. [[groups]] 是“各乡镇人民政府”这类集合名称：",
    "     - 成员是 kinds 所列类别的全部单位，加上 members、去掉 exclude 中列出的单位编号；",
    "       名录中还没有的成员单位（如各乡镇），请先照 [[units]] 的格式补充；",
    "     - per_task = true 的“有关单位”只指与每项任务有关的单位，请在通知文件中逐项列出。",
    "  4. contact、phone：各单位负责报送的联系人和电话（催报清单会用到）。",
    "  5. 核对无误的单位，把 confirmed 改为 true。",
    "  6. id 是单位编号，会写进报送表；生成报送表之后请不要再改。",
)


def _comment(text: str) -> str:
    """Text that can stand in a TOML comment (no line breaks or control characters)."""
    return _CONTROL.sub(" ", text).rstrip()


def _literal(value: str | bool | Sequence[str]) -> str:  # noqa: FBT001 - a value, not a flag
    """A TOML value; arrays on one line, as in the shipped registry."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _toml.dumps({"v": value}).removeprefix("v = ").rstrip("\n")
    return "[" + ", ".join(_literal(item) for item in value) + "]"


def _unit_kind(name: str) -> UnitKind:
    """The kind a unit's name suggests: 县/区/市政府 county, 局/委/办… department, …."""
    key = normalize_name(name)
    for pattern, kind in _UNIT_KINDS:
        if pattern.search(key):
            return kind
    return UnitKind.OTHER


def _group_kinds(name: str) -> tuple[UnitKind, ...]:
    """The kinds of unit a collective name suggests (none for 各乡镇: they need listing)."""
    key = normalize_name(name)
    kinds: set[UnitKind] = set()
    if _ZONE_WORDS.search(key):
        kinds.add(UnitKind.ZONE)
        key = _ZONE_WORDS.sub("", key)
    key = _DIRECT.sub("", key)
    if _COUNTY_WORDS.search(key):
        kinds.add(UnitKind.COUNTY)
    if _DEPARTMENT_WORDS.search(key):
        kinds.add(UnitKind.DEPARTMENT)
    if _UNIT_WORD.search(key):
        kinds |= {UnitKind.DEPARTMENT, UnitKind.INSTITUTION, UnitKind.OTHER}
    return tuple(kind for kind in UnitKind if kind in kinds)


def _is_collective(name: str) -> bool:
    return bool(_COLLECTIVE.search(normalize_name(name)))


def _place(notice: Notice) -> str:
    """The place a notice's issuer governs: 吉安市 for 吉安市人民政府办公室, else empty."""
    match = _ISSUER_PLACE.match(_SPACE.sub("", _CONTROL.sub("", notice.issuer)))
    return match.group(1) if match else ""


def _appearances(notice: Notice) -> Iterable[tuple[str, str, str]]:
    """Every printed name, how it is printed and in which task, in ``Notice.names`` order."""
    for task in notice.tasks:
        for assignment in task.assignments:
            yield assignment.name, assignment.role.label, task.label
            for member in assignment.members or ():
                yield member, f"“{assignment.name}”的成员", task.label


def _ids(prefix: str, count: int, taken: set[str]) -> list[str]:
    """``count`` ids ``u01``, ``u02``, … that are not taken (by the base registry)."""
    width = max(2, len(str(count)))
    ids: list[str] = []
    number = 0
    while len(ids) < count:
        number += 1
        candidate = f"{prefix}{number:0{width}d}"
        if candidate not in taken:
            ids.append(candidate)
    return ids


@define(kw_only=True)
class _Drafted:
    """One entry while the draft is built: the name first printed, other spellings, where."""

    name: str
    collective: bool
    aliases: list[str]
    tasks: dict[str, list[str]]  # as what (牵头, 责任, …) → task labels

    def where(self) -> str:
        """Where the notice prints the name: ``牵头任务（一）（三）；责任任务（二）``."""
        return "；".join(f"{what}任务{''.join(labels)}" for what, labels in self.tasks.items())


def _draft_entries(
    notice: Notice, city_prefix: str, base: Registry | None
) -> tuple[list[_Drafted], list[str]]:
    """The entries to draft (first printed first) and the names the base already knows."""
    owners: dict[str, _Drafted] = {}  # every lookup key the drafted registry will have
    entries: list[_Drafted] = []
    known: dict[str, None] = {}
    for name, what, label in _appearances(notice):
        if base is not None and base.find(name) is not None:
            known.setdefault(name, None)
            continue
        key = normalize_name(name, city_prefix)
        collective = _is_collective(name)
        county = not collective and _unit_kind(name) is UnitKind.COUNTY
        derived = normalize_name(name + "人民政府", city_prefix) if county else None
        entry = owners.get(key) or (owners.get(derived) if derived else None)
        if entry is None:
            entry = _Drafted(name=name, collective=collective, aliases=[], tasks={})
            entries.append(entry)
            owners[key] = entry
            if derived:  # Registry also knows a county as short_name + 人民政府
                owners.setdefault(derived, entry)
        elif key not in owners:  # 兴国县 after 兴国县人民政府: the same unit, another name
            entry.aliases.append(name)
            owners[key] = entry
        labels = entry.tasks.setdefault(what, [])
        if label not in labels:
            labels.append(label)
    return entries, list(known)


def _unit_fields(entry: _Drafted, unit_id: str) -> dict[str, str | bool | list[str]]:
    return {
        "id": unit_id,
        "name": entry.name,
        "short_name": entry.name,
        "kind": _unit_kind(entry.name).value,
        "aliases": entry.aliases,
        "confirmed": False,
        "note": _UNIT_NOTE,
        "contact": "",
        "phone": "",
    }


def _group_fields(entry: _Drafted, group_id: str) -> dict[str, str | bool | list[str]]:
    per_task = bool(_PER_TASK.search(normalize_name(entry.name)))
    kinds = _group_kinds(entry.name)
    note = _PER_TASK_NOTE if per_task else (_KINDS_NOTE if kinds else _MEMBERS_NOTE)
    return {
        "id": group_id,
        "name": entry.name,
        "aliases": entry.aliases,
        "kinds": [kind.value for kind in kinds],
        "members": [],
        "exclude": [],
        "per_task": per_task,
        "note": note,
    }


def _section(
    title: str, table: str, rows: Sequence[tuple[_Drafted, dict[str, str | bool | list[str]]]]
) -> str:
    """A commented block of ``[[units]]`` or ``[[groups]]`` tables (empty without rows)."""
    if not rows:
        return ""
    blocks = [f"{_RULE}\n# {title}\n{_RULE}\n"]
    for entry, values in rows:
        lines = [f"# {_comment(entry.name)}：{_comment(entry.where())}", f"[[{table}]]"]
        lines += [f"{key} = {_literal(value)}" for key, value in values.items()]
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def _header(notice: Notice, base: Registry | None, drafted: int, known: int) -> str:
    lines = ["单位名录草稿：由 gzgk registry draft 根据通知中的单位名称生成。"]
    source = " ".join(part for part in (notice.title, notice.doc_number) if part)
    if source:
        lines.append(f"通知：{source}")
    lines += ["", *_HEADER, ""]
    if base is None:
        lines.append("改好后：gzgk --registry 本文件 generate 通知 -o 报送表")
    elif drafted:
        lines += [
            f"本草稿只列出单位名录“{base.name}”中没有的 {drafted} 个名称，",
            f"另有 {known} 个已在名录中，未重复列出。",
            "请把下面的 [[units]] 和 [[groups]] 各段复制到原名录文件的末尾（开头几行不用复制），",
            "改好后：gzgk --registry 原名录文件 generate 通知 -o 报送表",
        ]
    else:
        lines.append(f"通知中的 {known} 个单位名称都已在单位名录“{base.name}”中，不需要补充。")
    return "".join(f"# {_comment(line)}\n" if line else "#\n" for line in lines)


def draft_registry(notice: Notice, *, name: str = "", base: Registry | None = None) -> str:
    """A unit registry drafted from the names a notice prints, as TOML for the office to edit.

    Made for notices of places gzgk ships no registry for. Every distinct name
    (first printed first; spellings that lookup treats alike count once)
    becomes a unit with ``short_name`` and ``name`` as printed, a ``kind``
    guessed from the name and ``confirmed = false``; collective names (各…,
    …有关…, 县直单位, …成员单位) become groups: those with 有关/相关 are
    ``per_task`` (members stated per task in the notice), the others get the
    ``kinds`` the name suggests (各县（市、区） → county, 各部门 → department)
    or none (各乡镇: the members must be listed). Ids are ``u01``, ``u02``, …
    for units and ``g01``, … for groups, in order of first appearance. Chinese
    comments say what to complete. The same arguments give the same text.

    Args:
        notice: the notice; only its task table is read.
        name: the place the registry describes (``吉安市``); by default the
            base registry's name, else guessed from the issuer
            (吉安市人民政府办公室 → 吉安市). A name ending in 市 is also the
            ``city_prefix``, so that 吉安市财政局 and 市财政局 are one unit.
        base: a registry the office already has (its own or the bundled one):
            names it knows are left out, ids it uses are not reused, and the
            comments say to append the entries to it.

    Returns:
        TOML text that :meth:`Registry.from_toml` loads as it is.
    """
    place = name or (base.name if base is not None else _place(notice))
    if base is not None:
        city_prefix = base.city_prefix
    else:
        city_prefix = place if place.endswith("市") and len(place) > 1 else ""
    entries, known = _draft_entries(notice, city_prefix, base)
    taken: set[str] = set()
    if base is not None:
        taken = {unit.id for unit in base.units} | {group.id for group in base.groups}
    units = [entry for entry in entries if not entry.collective]
    groups = [entry for entry in entries if entry.collective]
    unit_rows = [
        (entry, _unit_fields(entry, unit_id))
        for entry, unit_id in zip(units, _ids("u", len(units), taken), strict=True)
    ]
    group_rows = [
        (entry, _group_fields(entry, group_id))
        for entry, group_id in zip(groups, _ids("g", len(groups), taken), strict=True)
    ]
    top = [f"name = {_literal(place)}"]
    about = "# name：本名录所属的地方"
    if city_prefix:
        top.append(f"city_prefix = {_literal(city_prefix)}")
        about += f"；city_prefix：可简写为“市”的地名（{_comment(city_prefix)}X局 = 市X局）"
    top.append(f"version = {_literal(_DRAFT_VERSION)}")
    sections = [
        _header(notice, base, len(entries), len(known)),
        "\n".join([about, *top]) + "\n",
        _section(f"单位（{len(unit_rows)} 个）：名称照通知原样，均待核实", "units", unit_rows),
        _section(f"单位组（{len(group_rows)} 个）：集合名称，成员待核实", "groups", group_rows),
    ]
    return "\n".join(section for section in sections if section)
