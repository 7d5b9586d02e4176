"""The unit registry: who the units are, what they are called, which groups exist.

The registry is data: a TOML file shipped in ``gzgk/data/units/`` that an office
may replace with its own (``Registry.load(path)``, ``gzgk --registry FILE``).
Name lookup is tolerant of what PDF extraction and habit do to names:
full-/half-width punctuation, spaces, a trailing 等, 政府 for 人民政府 and 市 for
the city prefix (市司法局 = 赣州市司法局).
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from attrs import field, frozen

from gzgk import _toml
from gzgk.convert import structure
from gzgk.errors import NoticeFormatError, RegistryError, UnknownUnitError
from gzgk.files import os_reason
from gzgk.model import Unit, UnitGroup, UnitKind

__all__ = ["DEFAULT_REGISTRY", "Registry", "normalize_name"]

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


@frozen(kw_only=True)
class Registry:
    """Units and groups with name lookup; build one with :meth:`load` or :meth:`bundled`.

    Attributes:
        name: the place the registry describes, e.g. ``赣州市``.
        city_prefix: prefix that may be written as 市 (``赣州市``).
        version: the registry's own version label.
        units: every unit, in registry order.
        groups: every collective name, in registry order.
    """

    name: str
    city_prefix: str = ""
    version: str = ""
    units: tuple[Unit, ...] = field(default=(), converter=_units)
    groups: tuple[UnitGroup, ...] = field(default=(), converter=_groups)
    _index: dict[str, Unit | UnitGroup] = field(init=False, repr=False, eq=False)
    _display: dict[str, str] = field(init=False, repr=False, eq=False)
    _named: dict[str, str] = field(init=False, repr=False, eq=False)
    _names_pattern: re.Pattern[str] = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
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
            unknown = sorted(set(group.members) | set(group.exclude) - unit_ids)
            if unknown:
                raise RegistryError(
                    f"单位组“{group.name}”引用了名录中没有的单位编号：{'、'.join(unknown)}"
                )
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_display", display)
        named = {
            name: unit.id for unit in self.units for name in unit.names if len(name) >= _NAME_IN_MIN
        }
        longest_first = sorted(named, key=len, reverse=True)
        pattern = "|".join(map(re.escape, longest_first)) or r"(?!)"
        object.__setattr__(self, "_named", named)
        object.__setattr__(self, "_names_pattern", re.compile(pattern))

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
        return self._index.get(self.key(name))

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
        assert isinstance(found, Unit)  # noqa: S101 - _entry checked the kind
        return found

    def group(self, name_or_id: str) -> UnitGroup:
        """The group with this id or name.

        Raises:
            UnknownUnitError: no such group.
        """
        found = self._entry(name_or_id, self.groups, "是单个单位，不是单位组")
        assert isinstance(found, UnitGroup)  # noqa: S101 - _entry checked the kind
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
        close = difflib.get_close_matches(key, self._index, n=limit, cutoff=0.5)
        contained = [k for k in self._index if key and (key in k or k in key) and k not in close]
        chosen: dict[str, None] = {}
        for match in (*close, *sorted(contained, key=len)):
            chosen.setdefault(self.display_name(self._index[match]), None)
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
        found = {self._named[name] for name in self._names_pattern.findall(text)}
        return tuple(unit for unit in self.units if unit.id in found)

    def groups_of(self, unit: Unit) -> tuple[UnitGroup, ...]:
        """The groups whose members (or pool) include the unit."""
        return tuple(group for group in self.groups if unit in self.members(group))
