"""Unit-name lists as printed: splitting ``市工信局、市发改委，各县（市、区）人民政府``.

Separators (、，,；;) inside brackets belong to the name (各县（市、区）), so
splitting tracks bracket depth. The plausibility score lets the column
splitter of :mod:`gzgk.parse.text` choose where one table cell ends and the
next begins when PDF extraction has run them together.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from gzgk.lexicon.vocabulary import COLONS, DUTY_BASIS, TOGETHER, VERB_PATTERN, VERBS, fold

__all__ = [
    "BRACKETS",
    "CLAUSE_SEPARATORS",
    "CLOSE",
    "OPEN",
    "SEPARATORS",
    "SITE_CHROME",
    "balanced",
    "clean_name",
    "glued",
    "is_empty_cell",
    "join_collectives",
    "looks_like_name",
    "name_problem",
    "name_score",
    "name_strength",
    "pair_signs",
    "shared_ending_joins",
    "shared_readings",
    "split_conjunction",
    "split_items",
    "split_names",
    "split_typed",
    "task_phrase",
    "unbreak",
    "unglue",
]

SEPARATORS = frozenset("、，,；;/／")
# Separators of clauses: a verb's group of names goes back no further.
CLAUSE_SEPARATORS = frozenset("，,；;")
# Every pair of brackets that may hold a gloss inside a name (各县（市、区）人民政府,
# 市住建局〈市人防办〉, 各县<市、区>政府): the one list that splitting, bracket depth
# and the name checks use. Book-title marks 《》 hold titles, never a gloss.
BRACKETS = ("（）", "()", "〔〕", "[]", "【】", "〈〉", "‹›", "<>", "＜＞")
# <> and ＜＞ are signs of comparison too (面积<90平方米): brackets only where a
# pair holds words (pair_signs); OPEN and CLOSE are the brackets that always are.
_SIGNS = "<>＜＞"
OPEN = "".join(pair[0] for pair in BRACKETS if pair[0] not in _SIGNS)
CLOSE = "".join(pair[1] for pair in BRACKETS if pair[1] not in _SIGNS)
_OPEN, _CLOSE = OPEN, CLOSE
_ALL = "".join(BRACKETS)
# A bracketed part holding no other bracket: a gloss (（市、区）, 〈管委会〉, <市、区>).
_GLOSS = rf"[{re.escape(_ALL[::2])}][^{re.escape(_ALL)}]*[{re.escape(_ALL[1::2])}]"
_SIGN_PAIR = re.compile(r"[<＜](?P<words>[\u4e00-\u9fff][\u4e00-\u9fff、，,\s]{0,11})[>＞]")


def pair_signs(text: str) -> str:
    """The text with each pair of <> or ＜＞ that holds words as 〈〉, of the same length.

    Bracket depth is counted on it: ``各县<市、区>政府`` holds a gloss, while the
    signs of ``面积<90平方米`` or ``利率<3%，首付>20%`` stay signs. A line break
    inside the gloss (``各县<市、`` / ``区>政府``) leaves it one.

    >>> pair_signs("各县<市、区>政府、面积<90平方米")
    '各县〈市、区〉政府、面积<90平方米'
    """
    return _SIGN_PAIR.sub(lambda match: f"〈{match['words']}〉", text)


_SPACE = re.compile(r"\s+")
# Endings of names of bodies: 局, 委, 人民政府, 有关部门, 管委会, 中心, 妇联, 科协,
# 大学, 学院, 医院, 集团, 公司, 海关, 街道, 监狱 …
_SUFFIX = (
    *"局委办室厅府门位心会院处科队所站社行司组部馆团区县市厂园校场台署联协学关道狱镇乡村",
    "专班",  # a task force (区“两旧”专班, 市工作专班)
    "中支",  # a central bank's city branch, short for 中心支行 (人行苏州中支)
)
# Characters that start a new name when glued to the end of a previous one.
_NAME_START = tuple("市县区省各")
_MIN_GLUED = 3

NameCheck = Callable[[str], bool]


# A cell printed empty: a dash, a slash, 无 (the table's way of saying no unit here).
_EMPTY_CELL = re.compile(r"[\s—―─\-－–~～/／\\]*|[（(]?(?:无|暂无|不涉及)[）)]?")


def is_empty_cell(text: str) -> bool:
    """Whether a cell's text says it is empty: ``——``, ``—``, ``/``, ``无``, or nothing at all."""
    return _EMPTY_CELL.fullmatch(text.strip()) is not None


def clean_name(name: str) -> str:
    """A printed name without spaces, stray separators, a closing 。 or a trailing 等.

    等 ("and others") marks the list as open; it is not part of the name.
    """
    cleaned = _SPACE.sub("", name).strip("".join(SEPARATORS) + "。.：:")
    return cleaned.removesuffix("等").rstrip("".join(SEPARATORS)) if len(cleaned) > 1 else cleaned


# Bare words of a level of government or kind of body: after a collective name
# (各区、县级市; 各乡镇人民政府、街道办事处; 各县、市、区政府) they continue it.
# A zone (开发区, 园区) is a body of its own beside the towns: 各街镇、开发区、头桥集团
# is three units.
_PLACES = frozenset(
    (
        "市",
        "区",
        "县",
        "县级市",
        "镇",
        "乡",
        "乡镇",
        "街道",
        "社区",
        "市区",
        "县区",
        "特区",
        "旗",
    )
)
_BODIES = frozenset(
    (
        "街道办事处",
        "街道办",
        "办事处",
        "管委会",
        "管委",
        "直属机构",
        "直属单位",
        "部门",
        "单位",
        "机构",
    )
)
_GENERIC = _PLACES | _BODIES
_COLLECTIVE = ("各", "有关", "相关")


def join_collectives(collective: str, part: str) -> bool:
    """Whether ``part`` continues a collective name rather than starting a new name.

    After 各…/…有关… a bare generic word continues it (各区、县级市; 各乡镇人民政府、
    街道办事处; 市直有关部门、单位), and so does 各 + a kind of body
    (省政府各部门、各直属机构); 各县…, 各县（市、区）人民政府 start names of their own.
    """
    collective = fold(collective)  # 各縣、特區、區人民政府 as 各县、特区、区人民政府
    if _shares_owner(collective, fold(clean_name(part))):
        return True  # 区党政机关、公共机构: the 区 owns both classes
    if not any(word in collective for word in _COLLECTIVE):
        return False
    # 区人民政府(管委会), 县(市)政府: the words outside the brackets
    part = fold(re.sub(_GLOSS, "", clean_name(part)))
    if part.startswith("各"):  # 省政府各部门、各直属机构: the same owner's; 各地、各部门: two
        return "各" in collective[1:] and part[1:] in _BODIES
    if collective.startswith("各") and _kind_of_zone(part):
        return True  # 各县区人民政府、功能区管委会: the 各 covers every such zone's body
    if _each_department(collective) and _bare_department(part):
        return True  # 各地(市)住建局、自然资源局: the 各 covers every place's bureaus
    bare = part.removesuffix("人民政府").removesuffix("政府")
    if bare != part and re.sub(_GLOSS, "", collective).endswith(("部门", "单位", "机构")):
        return False  # 各有关部门、乡镇人民政府: a place's government is none of those bodies
    return bare in _GENERIC


# Endings of the bodies of a place (its government, a zone's committee, a
# street's office): a list's last name may carry one for the bare place names
# before it (钦南区、钦北区人民政府).
# 管委 and 街道办 are how some notices shorten 管委会 and 街道办事处 (各城区政府、管委).
_ORGANS = (
    "人民政府",
    "政府",
    "管理委员会",
    "管委会",
    "管委",
    "街道办事处",
    "街道办",
    "办事处",
    "党工委",
    "党委",
)
# Kinds of zone that name no one zone of their own: 开发区管委会 after
# 各县区人民政府 is every such zone's committee (各乡、镇人民政府 is one level's).
_ZONES = frozenset(
    (
        "开发区",
        "经济开发区",
        "经开区",
        "高新区",
        "功能区",
        "园区",
        "工业园区",
        "产业园区",
        "新区",
        "示范区",
        "管理区",
        "景区",
        "城区",
        "街道",
    )
)
_PLACE_ENDS = (*"区县市镇乡旗州城", "街道")


_ORGAN_ALTERNATION = "|".join(sorted(_ORGANS, key=len, reverse=True))
# 高新区党工委和管委会, 各县党委和人民政府: a place's two bodies, named once
_TWO_ORGANS = re.compile(rf"(?:{_ORGAN_ALTERNATION})[和及与](?:{_ORGAN_ALTERNATION})$")


def _organ(name: str) -> str | None:
    """The ending of a place's body a name carries (人民政府, 管委会, 党工委和管委会 …), or None."""
    two = _TWO_ORGANS.search(name)
    if two is not None and two.start() > 0:
        return two[0]
    return next((organ for organ in _ORGANS if name.endswith(organ)), None)


# A department's ending, and the words of a name that has a place or owner of its
# own (市财政局, 临港新片区市场监管局, 国家税务总局…, 中国人民银行…, 机场分局); 市场
# (市场监管局) names a trade, not a city.
_DEPARTMENT_END = re.compile(r"(?:局|部门|委员会|委|办公室|办|机构)$")
_OWN_PLACE = re.compile(r"^(?:国家|中国)|[省市县区州盟旗镇乡街园港]|分局$")
_BARE_DEPARTMENT_MAX = 10  # characters: 生态环境部门, 自然资源和规划局


def _each_department(collective: str) -> bool:
    """Whether a collective is every place's department: 各地(市)住建局, 各区消防救援部门."""
    first = re.sub(_GLOSS, "", collective).split("、")[0]
    return (
        first.startswith("各")
        and _DEPARTMENT_END.search(first) is not None
        and (not first.endswith("政府"))
    )


def _bare_department(name: str) -> bool:
    """A department named without a place of its own: 自然资源局, 商务部门 (not 市财政局)."""
    name = re.sub(_GLOSS, "", name)
    return (
        len(name) <= _BARE_DEPARTMENT_MAX
        and _DEPARTMENT_END.search(name) is not None
        and not _OWN_PLACE.search(name.replace("市场", ""))
        and not any(word in name for word in _COLLECTIVE)
    )


def _kind_of_zone(name: str) -> bool:
    """Whether a name is a kind of zone's body, no place named (开发区管委会, 街道办事处)."""
    organ = _organ(name)
    return organ is not None and name.removesuffix(organ) in _ZONES | {""}


def _bare_place(name: str) -> bool:
    """Whether a name is a place's name alone, no body named (钦南区, 马尾区, 经开区)."""
    return (
        name.endswith(_PLACE_ENDS)
        and _organ(name) is None
        and not name.startswith(_COLLECTIVE)
        and len(name) > _SHORTEST
    )


# Endings a list's next name may carry for a place's own name before it that names
# no body at all (人民大垸、荒湖管理区; 吴泾、塘湾派出所): a place's body, a zone, a station.
_STEM_ENDINGS = tuple(
    sorted({*_ORGANS, *_ZONES, "派出所", "社区", "村委会", "居委会"}, key=len, reverse=True)
)
_STEM_LONGEST = 6
_HAN = re.compile(r"[\u4e00-\u9fff]+")


def _stem(name: str) -> bool:
    """Whether a name is a place's own name alone, no ending of a body (人民大垸, 吴泾)."""
    return (
        _SHORTEST <= len(name) <= _STEM_LONGEST
        and _HAN.fullmatch(name) is not None
        and not looks_like_name(name)
        and not name.startswith(_COLLECTIVE)
        and not any(verb in name for verb, _ in VERBS)
    )


# A place's top bodies (区委, 区政府, 市人大常委会, 县监委, 区法院, 市人武部) and the class of
# bodies under each (各部委办局). A place's short body whose ending says no body (县人大,
# 市武警) is a name by this list (looks_like_name).
_TOP_PLACE = r"[省市州县区镇乡旗]"
_TOP_ORGANS = (
    r"(?:党?委|人民政府|政府|人大(?:常委会)?|政协|纪委(?:监委)?|监委"
    r"|(?:中级)?(?:人民)?法院|(?:人民)?检察院|人武部|军分区|武警)"
)
_TOP_BODIES = _TOP_PLACE + _TOP_ORGANS
# …its place (黄浦区 of 黄浦区委) in the first group.
_TOP_BODY = re.compile(rf"([^、]{{0,4}}?{_TOP_PLACE}){_TOP_ORGANS}")
# …the same printed alone: no word of a sentence (向, 报, 提交) before the place's name.
_TOP_BODY_ALONE = re.compile(rf"[^、，,。；;\s向报交请由将对把给在]{{0,6}}?{_TOP_BODIES}")
_EACH_CLASS = re.compile(r"各[^、各]{0,5}(?:部门|单位|局|委|机构|机关)$")


def _shares_ending(left: str, right: str) -> str | None:
    """The ending a name may share with the place names before it (钦南区、钦北区人民政府).

    A bare place's name shares a body's ending (人民政府, 管委会); a place's own
    name without any ending (人民大垸、荒湖管理区) shares a zone's or a station's too;
    a place's top body shares the class under the next one (区委、区政府各部委办局).
    """
    if right.startswith(_COLLECTIVE):
        return None
    each = _EACH_CLASS.search(right)
    first = _TOP_BODY.fullmatch(left) if each else None
    second = _TOP_BODY.fullmatch(right[: each.start()]) if each else None
    if each and first and second and first[1] == second[1]:
        # 区委、区政府各部委办局: one place's top bodies, each's departments (not 区政府 of
        # 各县、市、区政府 before 市政府各部门: two places)
        return each[0]
    organ = _organ(right)
    if organ is not None and _bare_place(left):
        place = right.removesuffix(organ)
        if place.endswith(_PLACE_ENDS) or place in _ZONES:
            return organ
    if not _stem(left) or right.startswith(tuple("省市州县区镇乡")):
        return None
    return next((end for end in _STEM_ENDINGS if right.endswith(end) and right != end), None)


def _sharing(name: str) -> bool:
    """Whether a name may share the ending of a name after it (钦南区, 人民大垸)."""
    return _bare_place(name) or _stem(name)


def _one_ending(name: str) -> bool:
    """Whether a name is places sharing one ending, as joined (钦南区、钦北区人民政府)."""
    parts = split_items(name)
    return (
        parts is not None
        and len(parts) > 1
        and all(shared_ending_joins([part for part, _ in parts])[:-1])
    )


def shared_ending_joins(names: Sequence[str]) -> list[bool]:
    """For each name of a 、 list, whether it shares the ending of the name after it.

    Two places before one ending (``钦南区、钦北区人民政府``, ``人民大垸、荒湖管理区``)
    are one unit, as the notices mean the pair. A longer run of places
    (``嘉定区、青浦区、松江区、奉贤区政府``) stays as printed, as the corpus reads it.
    Either way the other reading is said (:func:`shared_readings`).

    >>> shared_ending_joins(["市统计局", "人民大垸", "荒湖管理区", "监利经济开发区"])
    [False, True, False, False]
    """
    folded = [fold(clean_name(name)) for name in names]
    joins = [False] * len(names)
    for last in range(1, len(names)):
        run = last >= 2 and _sharing(folded[last - 2])  # noqa: PLR2004 - a third place before
        if not run and _shares_ending(folded[last - 1], folded[last]):
            joins[last - 1] = True
    return joins


def _owned_classes(name: str) -> bool:
    """Whether a name is classes of bodies of one owner (区党政机关、公共机构)."""
    first, *rest = fold(_bare(name)).split("、")
    return bool(rest) and all(_shares_owner(first, part) for part in rest)


def _shares_owner(left: str, right: str) -> bool:
    """Whether a class without an owner may share the class's before it (区党政机关、公共机构)."""
    return (
        _CLASS_OF_BODIES.fullmatch(left) is not None
        and left.startswith(tuple("省市州县区"))
        and _CLASS_OF_BODIES.fullmatch(right) is not None
        and not right.startswith((*"省市州县区镇乡各", "有关", "相关", "驻"))
    )


def shared_readings(names: Sequence[str]) -> list[str]:
    """Both readings wherever one ending or one 各 may cover several names of a list.

    ``钦南区、钦北区人民政府`` read as two names (钦南区 and 钦北区人民政府) may
    mean the two districts' governments; ``各县区人民政府、功能区管委会`` read as
    one may be two. Each reading is said in Chinese, for an issue naming the task.

    >>> shared_readings(["市财政局", "钦南区", "钦北区人民政府"])
    ['“钦南区、钦北区人民政府”读作2个单位“钦南区”“钦北区人民政府”，也可能是共用“人民政府”的2个单位（钦南区人民政府、钦北区人民政府）']
    """
    pieces = [
        (clean_name(piece), index)
        for index, name in enumerate(names)
        for piece, _ in split_items(name) or [(name, "")]
    ]
    folded = [fold(piece) for piece, _ in pieces]
    readings: list[str] = []
    covering = False  # the pieces so far are a 各 list and the kinds of zone it covers
    departments = False  # that 各 list is every place's department (各地(市)住建局)
    for position, (piece, index) in enumerate(pieces):
        one = position > 0 and pieces[position - 1][1] == index  # joined into one name
        if position and covering and not folded[position].startswith("各"):
            if _kind_of_zone(folded[position]) or (departments and _bare_department(piece)):
                printed = f"{pieces[position - 1][0]}、{piece}"
                readings.append(
                    f"“{printed}”读作一个单位（“各”也管到“{piece}”），也可能是两个单位"
                    if one
                    else f"“{printed}”读作两个单位，也可能是“各”也管到“{piece}”的一个单位"
                )
        elif position and _shares_owner(folded[position - 1], folded[position]):
            printed, owner = f"{pieces[position - 1][0]}、{piece}", folded[position - 1][0]
            readings.append(
                f"“{printed}”读作一个单位（“{owner}”也管到“{piece}”），也可能是两个单位"
                if one
                else f"“{printed}”读作两个单位，也可能是“{owner}”也管到“{piece}”的一个单位"
            )
        elif position and (organ := _shares_ending(folded[position - 1], folded[position])):
            start = position - 1
            while start and _sharing(folded[start - 1]):
                start -= 1
            places = [name for name, _ in pieces[start:position]]
            printed = "、".join([*places, piece])
            meant = "、".join([*(f"{name}{organ}" for name in places), piece])
            readings.append(
                f"“{printed}”读作一个单位（共用“{organ}”：{meant}），"
                f"也可能是{len(places) + 1}个单位"
                if one
                else f"“{printed}”读作{len(places) + 1}个单位"
                + "".join(f"“{name}”" for name in [*places, piece])
                + f"，也可能是共用“{organ}”的{len(places) + 1}个单位（"
                + "、".join([*(f"{name}{organ}" for name in places), piece])
                + "）"
            )
        joined = _and_collective(piece)
        if joined is not None:
            readings.append(
                f"“{piece}”读作一个单位，也可能是两个单位（“{joined[0]}”和“{joined[1]}”）"
            )
        if folded[position].startswith("各"):
            covering, departments = True, _each_department(folded[position])
        else:
            covering = covering and (
                _kind_of_zone(folded[position]) or (departments and _bare_department(piece))
            )
    return readings


# Classes named by kind, not by owner (道路运输单位, 施工企业): two kinds joined by 和 may be
# one item (中标的运输单位和作业服务单位) or two.
_CLASS_WORDS = ("单位", "企业", "机构")


def _kinds_of_one_class(left: str, right: str) -> bool:
    """Whether two names joined by 和/及/与 are kinds of one class, the second with no owner."""
    word = next((word for word in _CLASS_WORDS if left.endswith(word)), None)
    return (
        word is not None
        and right.endswith(word)
        and len(right) > len(word)
        and not right.startswith(_NAME_START)
        and _OWN_PLACE.search(right) is None
    )


def _and_collective(name: str) -> tuple[str, str] | None:
    """A body and a collective joined by 和/及/与 and kept one name: the two parts, else None.

    ``州委编办及州直相关单位``, ``区人才工作局及相关部门``: the notices the corpus
    holds mean one item as often as two, so the name stays whole and is said.
    Two collectives (市级各有关部门及各县市区政府) are one collective, not said.

    >>> _and_collective("区人才工作局及相关部门")
    ('区人才工作局', '相关部门')
    >>> _and_collective("省文化和旅游厅") is None
    True
    """
    if split_conjunction(name) != [name]:
        return None
    for match in _CONJUNCTION.finditer(name):
        left, right = name[: match.start()], name[match.end() :]
        if _depth(left) == 0 and _kinds_of_one_class(left, right):
            return left, right
        if (
            _depth(left) == 0
            and looks_like_name(left)
            and _ending(left).endswith(_STRONG)
            and _COLLECTIVE_NAME.search(fold(left)) is None
            and _COLLECTIVE_NAME.search(fold(right)) is not None
            and looks_like_name(right)
        ):
            return left, right
    return None


def split_names(text: str) -> list[str] | None:
    """The names of a list, split at separators outside brackets.

    A collective name keeps the words that continue it (``各区、县级市`` and
    ``省政府各部门、各直属机构`` are one name each), and so does a class of bodies
    without an owner after one with it (``区党政机关、公共机构``). Returns None when the text
    is not a clean list: unbalanced brackets or an empty item (a doubled,
    leading or trailing separator).

    >>> split_names("市工信局、市发改委，各县（市、区）人民政府")
    ['市工信局', '市发改委', '各县（市、区）人民政府']
    >>> split_names("市教育局，各区、县级市")
    ['市教育局', '各区、县级市']
    >>> split_names("省文化和旅游厅、市发改委和市财政局")
    ['省文化和旅游厅', '市发改委', '市财政局']
    """
    parts = split_items(text)
    if parts is None or any(not name for name, _ in parts):
        return None
    names: list[str] = []
    before = ""  # the separator before this item
    joins = shared_ending_joins([name for name, _ in parts])
    for index, (name, separator) in enumerate(parts):
        if before == "、" and joins[index - 1]:
            names[-1] += f"、{name}"  # 人民大垸、荒湖管理区: one ending for both places
        elif before in _LISTING and join_collectives(names[-1], name):
            # 各区、县级市 as printed; 各县 / 区人民政府, broken by a line or a space, is one name
            names[-1] += ("、" if before == "、" else "") + name
        else:
            names.extend(split_conjunction(name))
        before = separator
    return names


def split_typed(text: str) -> list[str] | None:
    r"""The names a clerk typed in one cell of the 分工表 workbook: one a line, or separated.

    As :func:`split_names`, each line, with what typing adds: a separator at a
    line's start or end (``市发改委、`` / ``市财政局``) is no empty name, and
    spaces part the names where every part is a whole name
    (``各县区人民政府 功能区管委会``); a name spaced out or broken (``市 发 改 委``,
    ``各县（市、区） 人民政府``) stays one. None when a line is no clean list.

    >>> split_typed("钦南区人民政府、\n钦北区人民政府 经开区管委会")
    ['钦南区人民政府', '钦北区人民政府', '经开区管委会']
    """
    names: list[str] = []
    for typed in text.split("\n"):
        line = typed.strip().strip("".join(SEPARATORS)).strip()
        parts = line.split()
        for part in parts if len(parts) > 1 and all(map(_whole_names, parts)) else [line]:
            found = split_names(part) if part else []
            if found is None:
                return None
            names.extend(found)
    return names


def _whole_names(text: str) -> bool:
    """Whether a text is whole names, none a piece of one (人民政府, 市)."""
    found = split_names(text) if balanced(text) else None
    return bool(found) and all(
        looks_like_name(name) and not _fragment(name) and len(name) > _SHORTEST
        for name in found or ()
    )


# Separators inside one list of names (a collective goes on after them: 各区、县级市).
_LISTING = ("、", " ")


def split_items(text: str, words: Sequence[str] = ()) -> list[tuple[str, str]] | None:
    """The items of a list and the separator after each ('' after the last), outside brackets.

    Items are separated by 、，,；;/／, by any of ``words`` (会同), and by
    whitespace between two whole names, the second starting as names start
    (``市教育局 市融媒体中心``, the separator given as " "); other whitespace is
    dropped (``市 发 改 委``, a name spaced out; ``各县（市、区） 人民政府``, a name
    broken before its end; ``市委 宣传部``). Items may
    be empty (a doubled separator); None when the brackets do not pair.

    >>> split_items("市教育局 市融媒体中心、市财政局")
    [('市教育局', ' '), ('市融媒体中心', '、'), ('市财政局', '')]
    """
    parts: list[tuple[str, str]] = []
    depth = 0
    current: list[str] = []
    index = 0
    signs = pair_signs(text)
    while index < len(text):
        char = text[index]
        if signs[index] in _OPEN:
            depth += 1
        elif signs[index] in _CLOSE:
            depth -= 1
            if depth < 0:
                return None
        word = next((w for w in words if text.startswith(w, index)), None) if depth == 0 else None
        if depth == 0 and (char in SEPARATORS or word is not None):
            parts.append(("".join(current), word or char))
            current = []
            index += len(word) if word else 1
            continue
        current.append(char)
        index += 1
    if depth != 0:
        return None
    parts.append(("".join(current), ""))
    return [item for name, separator in parts for item in _spaced(name, separator)]


def _spaced(text: str, separator: str) -> list[tuple[str, str]]:
    """An item with whitespace inside: apart where the whitespace stands between whole names."""
    tokens: list[str] = []
    depth = 0
    for piece in re.split(r"(\s+)", text.strip()):
        if not piece:
            continue
        if piece.isspace() and depth == 0:
            tokens.append("")
            continue
        if not tokens:
            tokens.append("")
        tokens[-1] += "" if piece.isspace() else piece
        depth += _depth(piece)
    tokens = [token for token in tokens if token]
    items: list[tuple[str, str]] = []
    start = 0
    for cut in range(1, len(tokens)):
        left, right = "".join(tokens[start:cut]), "".join(tokens[cut:])
        starts = (
            right.startswith((*_NAME_START, left[0]))
            or _bodies_apart(left, tokens[cut])
            or _towns_apart(left, tokens[cut])
        )
        if _broken_place(left, tokens[cut]):
            continue  # 甘眉工业园 区管委会: one name broken where its 区 starts
        if starts and _whole(left) and not _fragment(tokens[cut]) and _whole(right):
            items.append((left, " "))
            start = cut
    items.append(("".join(tokens[start:]), separator))
    return items


_TOWN = ("镇", "乡", "街道")


def _towns_apart(left: str, right: str) -> bool:
    """Whether a town or subdistrict follows a body or another town: two units (永丰街道 泗泾镇).

    A town is no part of a body's name nor of another town's; after a county or
    district it is that place's town, one name (嘉定区 安亭镇).
    """
    return (
        right.endswith(_TOWN)
        and len(right) > _SHORTEST
        and (
            left.endswith(_TOWN)
            or (_ending(_bare_end(left)).endswith(_STRONG) and not _bare_place(left))
        )
    )


def _bodies_apart(left: str, right: str) -> bool:
    """Whether two whole names that name no place are two bodies (自然资源部 工业和信息化部).

    Each ends as a body surely does (局 委 部 中心 集团 …), the first is no
    place (上海市 发改委 is one name) nor a government or a party committee, which
    own offices (市政府 口岸物流办, 市委 宣传部), and the second no tail of a name
    (有限公司, 分公司, 管理局 go on the name before them).
    """
    return (
        _ending(_bare_end(left)).endswith(_STRONG)
        and _ending(_bare_end(right)).endswith(_STRONG)
        and not _bare_place(left)
        and not left.endswith(("府", "党委", "党工委"))  # 市政府 口岸物流办: its office
        and not (left.endswith("委") and len(left) <= 3)  # noqa: PLR2004 - 市委 宣传部
        and not right.startswith(_NAME_TAILS)
        and len(right) > _SHORTEST
    )


_NAME_TAILS = ("有限", "股份", "分", "总", "管理", "办公", "委员", "人民", "政府", "党", "支")


# A bare kind of body after a level (区管委会, 县市人民政府〈管委会〉): no name of its own, the
# tail of one.
_BARE_KIND = re.compile(rf"[市县区镇乡]{{1,3}}(?:管委会|人民政府|政府)(?:{_GLOSS})?")


def _broken_place(left: str, right: str) -> bool:
    """Whether whitespace broke one name before its level word (甘眉工业园 / 区管委会).

    A level and a bare kind of body name nobody alone; after a piece that
    does not end as surely as a body (工业园, not 市财政局), they are its tail.
    """
    return _BARE_KIND.fullmatch(right) is not None and not _ending(left).endswith(_STRONG)


_BREAK = re.compile(r"[ \t]*\n\s*")


def unbreak(text: str) -> str:
    r"""A list of names with each line break a space between names, or nothing inside one.

    A PDF breaks a list's lines anywhere. In a list whose names are parted by
    separators, a break with none beside it is inside a name and goes
    (``市疫情防控指挥部`` / ``各工作组``), and so is one after a piece that does
    not end as a body's name does (``人行邢台`` / ``市中心支行``, ``各金融`` /
    ``机构``). A break after a role word or a bracket, or before a bracket, is a
    space, which separates whole names only (:func:`split_items`).

    >>> unbreak("人行邢台\n市中心支行、各金融\n机构、市指挥部\n各工作组、市税务局\n（牵头）")
    '人行邢台市中心支行、各金融机构、市指挥部各工作组、市税务局 （牵头）'
    """
    marked = any(separator in _bare(text) for separator in SEPARATORS)  # not a gloss's 、

    def mended(match: re.Match[str]) -> str:
        tail = re.split(f"[{''.join(SEPARATORS)}]", text[: match.start()])[-1].strip()
        if not tail or tail[-1] in CLOSE or VERB_PATTERN.search(tail):
            return " "
        if match.end() < len(text) and text[match.end()] in OPEN:
            return " " if _ending(_bare_end(tail)).endswith(_STRONG) else ""
        return "" if marked or not _ending(_bare_end(tail)).endswith(_STRONG) else " "

    return _BREAK.sub(mended, text)


def _whole(text: str) -> bool:
    """Whether a text is a whole name, maybe with a role after it (市发改委, 市发改委牵头)."""
    verb = VERB_PATTERN.search(text)
    bare = text[: verb.start()] if verb is not None and verb.start() > 0 else text
    bare = _bare_end(bare) if bare.endswith(tuple(_ALL[1::2])) else bare
    return looks_like_name(bare) and not _fragment(bare)


_CONJUNCTION = re.compile(r"以及|[和及与]")


def split_conjunction(name: str) -> list[str]:
    """``市发改委和市财政局``, ``市发改委以及市财政局`` → two names; ``省文化和旅游厅`` stays one.

    和/及/与 separate names only where both sides are whole names: the left
    ends like a body and the right starts a new one (市, 县, 各 …), and not
    both are collectives (市级各有关部门及各县市区政府 is one collective).
    """
    for match in _CONJUNCTION.finditer(name):
        left, right = name[: match.start()], name[match.end() :]
        if _COLLECTIVE_NAME.search(fold(left)) and _COLLECTIVE_NAME.search(fold(right)):
            continue  # 市级各有关部门及各县市区政府: one collective of every such body
        if _depth(left) == 0 and looks_like_name(left) and _starts_name(left, right):
            return [left, *split_conjunction(right)]
    return [name]


def _starts_name(left: str, right: str) -> bool:
    """Whether the text after 和/及/与 is a name of its own after the name ``left``.

    It starts as names start (市, 县, 区 …) or, after a name surely whole (its
    ending 局, 委, 中心 …), it is a whole name itself and no collective
    (区城管执法局和属地街镇; 州委编办及州直相关单位 stays one item).
    """
    if not looks_like_name(right) or (right in _ORGANS and _organ(left) is not None):
        return False  # 高新区党工委和管委会: the same place's other body
    if right.startswith(_NAME_START):
        return True
    if _kinds_of_one_class(left, right):
        return False  # 中标的运输单位和作业服务单位: kinds of one class, read as printed (and said)
    return (
        _ending(left).endswith(_STRONG)
        and len(right) > _SHORTEST
        and not _fragment(right)
        and _COLLECTIVE_NAME.search(fold(right)) is None
    )


def _depth(text: str) -> int:
    signs = pair_signs(text)
    return sum(ch in _OPEN for ch in signs) - sum(ch in _CLOSE for ch in signs)


# Endings in 关 that end no body's name (机关, 海关 do).
_NO_BODY_ENDINGS = ("相关", "有关")


def looks_like_name(name: str) -> bool:
    """Whether a string ends the way names of bodies end (局, 委, 政府, 部门, …)."""
    bare = _bare_end(name)
    if bare != name:  # 各县（市、区）, 区公安分局（交管）: a bracketed qualifier at the end
        return bool(bare) and looks_like_name(bare)
    if _ending(name).endswith(_NO_BODY_ENDINGS):
        return False  # 工业和信息化局相关 / 责任单位：: a label's first word run on, no 机关
    ending = _ending(name).endswith((*_SUFFIX, "等"))
    if ending or _CLASS_OF_BODIES.fullmatch(fold(name)) is not None:
        return True
    if _TOP_BODY_ALONE.fullmatch(fold(name)) and not _TASK_VERB.match(name):
        return True  # 县人大, 市武警: a place's top body, printed short
    # 区党政机关、公共机构: classes one owner word covers, read as one name (join_collectives)
    parts = name.split("、")
    return len(parts) > 1 and all(_CLASS_OF_BODIES.fullmatch(fold(part)) for part in parts)


# A class of bodies named by whose they are and their kind, not by one body's name:
# 区属企业, 市属国有企业, 各有关企业, 公共机构, 区党政机关 (企业, 机构 and 机关 end
# no one body's name, so a class needs its owner or scope word first; 龙头企业,
# 支持国有企业 stay no name).
_CLASS_OF_BODIES = re.compile(
    r"[省市州县区镇乡]?(?:[省市州县区]属|[省市州县区]直|直属|下属|所属|国有|公共|党政|属地|驻[省市州县区]"
    r"|各|有关|相关|其他|成员)[^、，,；;：:（）()\s]{0,4}?(?:企业|机构|机关)"
)


_GLUED_INSIDE = re.compile(r"(?<=[^市县区省府直委、])各|(?:有关|各)部门(?=[^、，,]{2})")


def unglue(name: str) -> list[str]:
    """Two names printed without a separator, apart: ``区发改局区统计局`` → 区发改局, 区统计局.

    Only where a body's ending (局 委 办 厅) is followed by a name of the same
    level's prefix (市 县 区 省) and both parts are whole names of four or more
    characters: 县委县政府督查室 and 市政府各部门 stay one name.
    """
    depth = 0
    for index, ch in enumerate(pair_signs(name)[:-1]):
        depth += (ch in _OPEN) - (ch in _CLOSE)
        left, right = name[: index + 1], name[index + 1 :]
        if (
            depth == 0
            and ch in "局委办厅"
            and right.startswith(("市", "县", "区", "省"))
            and min(len(left), len(right)) >= _UNGLUED
            and looks_like_name(left)
            and looks_like_name(right)
            and re.split("[、，,]", right[1:])[0] not in _GENERIC
        ):
            return [left, *unglue(right)]
    return [name]


_UNGLUED = 4


def glued(name: str) -> bool:
    """Whether a name looks like two names run together (市行政审批局各县…, 市农业农各县…).

    Besides a body's ending followed by a new name, 各 inside a name after
    anything but a place or body (县各有关单位 and 市政府各部门 are fine) and
    text after 有关部门/各部门 mark names cut at a line end and joined wrongly.
    """
    if _GLUED_INSIDE.search(_bare(name)):
        return True
    depth = 0
    for index, ch in enumerate(pair_signs(name)[:-1]):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
        rest = name[index + 1 :]
        if (
            depth == 0
            and ch in "局委厅府"
            and rest.startswith(_NAME_START)
            and len(rest) >= _MIN_GLUED
            and re.split("[、，,]", rest[1:])[0] not in _GENERIC  # 市政府各部门 is one name
        ):
            return True
    return False


# The ends of names, which never begin one: a cell that starts with them is the
# rest of a name cut at a line or page end (各县（市、区）/人民政府).
_NAME_ENDS = ("人民政府", "政府", "门", "部门", "单位", "局", "委", "办", "厅", "办公室", "中心")
_SHORTEST = 2


def _fragment(name: str) -> bool:
    """Whether a name is a piece of one (a lone 市, or 人民政府 cut from its place).

    A bank's branch that does not name its bank (钦州市中心支行, 广西分行) is the
    end of a name whose bank a line break or a space parted from it
    (人民银行 / 钦州市中心支行); 农发行钦州分行 and 人行钦州市中心支行 name theirs.
    """
    branch = _BRANCH.search(name)
    return (
        len(name) < _SHORTEST
        or name.startswith(_NAME_ENDS)
        or (branch is not None and "行" not in name[: branch.start()])
    )


_BRANCH = re.compile(r"(?:支行|分行)$")


def _bare(name: str) -> str:
    """A name without what its brackets hold (各县（市、区） → 各县（）)."""
    return re.sub(_GLOSS, "（）", name)


def name_score(names: Sequence[str], known: NameCheck | None = None) -> int:
    """How plausible a list of names is; higher is better, negative is doubtful.

    Each name earns a point for a body-like ending and, with a registry, two
    more for being known; a name that looks like two names run together or
    does not end like a body loses points.
    """
    score = 0
    for name in names:
        score += 1 if looks_like_name(name) and not _fragment(name) else -3
        if glued(name):
            score -= 3
        if known is not None:
            score += 2 if known(name) else -1
    return score


# What a unit name never holds: sentence punctuation, a colon, quotes (but see _QUOTED).
_PUNCTUATION = re.compile(r"[。，,；;：:！!？?“”\"]")
# A short word in quotes inside a name (区“两旧”专班, 市“放管服”改革办): part of the name.
_QUOTED = re.compile(r"“[^“”。，,；;：:、]{1,8}”")
# Words of roles and labels (the vocabulary's verbs, 会同, a label's colon): a name
# holding one is an assignment read wrong.
_ROLE_WORD = re.compile(
    "|".join(sorted({verb for verb, _ in VERBS} | {TOGETHER, *DUTY_BASIS}, key=len, reverse=True))
    + rf"|单位[{COLONS}]|部门[{COLONS}]"
)
# A collective: 各…, 全市…, or 有关/相关 and a few words after it (市直有关单位, 省有关部门);
# 有关 inside a phrase (农村公路有关申请的行政审批: 的, many words after) names nobody.
# A 各 inside a name is a collective's after its owner only (市直各部门, 县政府各部门,
# 市公安局各科室); 各自 (their own) is no collective's 各: 市公安局依据各自职责分别组织实施
# is a name and a gloss glued, not 市公安局依据's every body.
_COLLECTIVE_NAME = re.compile(
    r"^(?:各(?!自)|全[市县区省])|(?:有关|相关)[^的]{0,8}$"
    r"|(?<=[市县区省州府直委级属辖局办厅部、])各(?!自)[^、，,的]*$"
)
_LONGEST = 30
# Words of a web page's frame, never of a unit's name: a footer glued to a task.
# (主办单位：, 承办单位： are role labels too: the vocabulary reads them; 版权所有人 is a
# task's word.)
SITE_CHROME = re.compile(
    r"版权所有(?![人者权])|技术支持[:：]|ICP备|公网安备|网站标识码|网站地图|联系我们|Copyright|©",
    re.IGNORECASE,
)


def name_problem(name: str, known: NameCheck | None = None) -> str | None:
    """Why a string cannot be a unit name, in Chinese; None when it can be one.

    A unit name holds no role word, label, sentence punctuation or unpaired
    bracket, and has the shape of a name: a registry entry (``known``), a
    collective name (各…, …有关部门), or an ending of a body's name (局, 委,
    政府, 联, 协, 大学, 医院, 公司, 中心, 站, 所, 队 …).

    >>> name_problem("市发改委责任单位：市财政局")
    '含有分工用语“单位：”'
    >>> name_problem("市妇联") is None
    True
    """
    for problem in (_form_problem(name), None if known and known(name) else _shape_problem(name)):
        if problem is not None:
            return problem
    return None


def _form_problem(name: str) -> str | None:
    """What a name holds that no name holds: role words, punctuation, unpaired brackets."""
    if len(name) < _SHORTEST:
        return "只有一个字，可能是原文被截断"
    if len(name) > _LONGEST:
        return f"长达{len(name)}个字，像是一段文字而不是单位名称"
    if _LEGAL_FORM.fullmatch(name):
        return f"只有公司类型“{name}”，前面缺少公司的名称，可能是原文换行把名称断开了"
    chrome = SITE_CHROME.search(name)
    if chrome is not None:
        return f"含有网页页脚的文字“{chrome[0]}”，像是网页的版权、主办等信息连在了任务后面"
    role_word = _ROLE_WORD.search(name)
    if role_word is not None:
        return f"含有分工用语“{role_word[0]}”"
    you = _YOU_INSIDE.search(name)
    if you is not None:
        return f"“{name[: you.start()]}”后面有“由”：前面像是任务的文字，后面才是单位"
    punctuation = _PUNCTUATION.search(name[:1] + _QUOTED.sub("词", name[1:]))
    if punctuation is not None:
        return f"含有标点“{punctuation[0]}”，像是几个单位或一段文字连在了一起"
    return None if _paired(name) else "括号不成对"


# A company's legal form alone (股份有限公司 under 上海佳轩智造科技集团): the tail of a name.
_LEGAL_FORM = re.compile(r"(?:股份|集团)?(?:有限(?:责任)?)?公司")


# 治理畜牧业产品污染由乡三农服务中心(承办): a task's words, then 由 and the name (not 自由, 理由,
# 经由, 缘由, 事由, 因由: words that hold 由).
_YOU_INSIDE = re.compile(r"(?<=..)(?<![自理经缘事因])由(?=..)")
_WORK_END = re.compile(r"(?:工作|任务|事项|要求|规定|措施|内容)[。；;]?$")
# Words of a sentence, not of a name: 各区要结合实际, 各条线单位强制分类全覆盖 open with 各
# but are a task's text (各地, 各镇街, 各项目实施主体 are collectives).
_SENTENCE_WORD = re.compile(
    r"要|应当?|必须|务必|须|需|结合|确保|实现|完成|覆盖|加强|推进|落实|开展|做好|强制"
)


# A task's opening verb: a text that starts so is the task's words, whatever its ending
# (优化房地产功能布局 ends in 局, 适当延期缴纳有关规费 is no body): no unit's name starts so.
_TASK_VERB = re.compile(
    r"^(?:优化|加快|推进|推动|加强|完善|实施|开展|落实|支持|鼓励|适当|容缺|健全|提高|提升|强化"
    r"|深化|做好|促进|严格|切实|着力|降低|减轻|扩大|稳妥|有序|有条件|调整|协调"
    r"|建成|统筹|谋划|组建|开工|新建|加大|打造|构建|引导|培育|完成)"
)


# 相关 / 镇街区: a collective's first word, no name alone (its names cut off or wrapped)
_COLLECTIVE_WORDS = frozenset({"相关", "有关", "各相关", "各有关", "其他", "其他相关"})
_CLASS_LONGEST = 8  # characters of 各银行业金融机构, the longest class named with 各 in the corpus
# 市协 (市协作办 cut where a copy stops): a place and one character names no body but
# the party's committees and the government (市委, 县委, 市府).
_PLACE_AND_ONE = re.compile(r"[省市州县区镇乡][^委府]")


def _shape_problem(name: str) -> str | None:  # noqa: PLR0911 - one return per shape
    """Whether a name not in the registry is shaped like one: collective, or a body's ending.

    Task words at the end (统筹协调处) are said before a task verb at the start
    (统筹…): the words named are the ones that make it no name.
    """
    # 相关工作 is a task's words (…负责海绵城市建设相关工作。), not 相关部门
    collective = (
        _COLLECTIVE_NAME.search(fold(name)) is not None
        and not _WORK_END.search(name)
        and not (_SENTENCE_WORD.search(fold(name)) and not looks_like_name(name))
    ) or (_CLASS_OF_BODIES.fullmatch(fold(_bare_end(name))) is not None or _owned_classes(name))
    if fold(name) in _COLLECTIVE_WORDS:
        return f"只有“{name}”，后面的名称像是在原文中被截断或换到了下一行"
    if _PLACE_AND_ONE.fullmatch(fold(name)):
        return f"只有“{name[0]}”和一个字，像是名称在原文中被截断"
    # 各地, 各镇街, 各项目实施主体: a class of bodies is named in a few words; a longer 各…
    # that ends as no body does is a sentence (各方面正确认识财政形势)
    if (
        collective
        and name.startswith("各")
        and not looks_like_name(name)
        and len(_bare(name).replace("（）", "")) > _CLASS_LONGEST
    ):
        return "以“各”开头，但结尾不像机关、单位的名称，像是任务的一句文字"
    etc = name.find("等", 1)  # 市规划局等涉及验收的相关单位: a summary of bodies, not one
    if 0 < etc < len(name) - 1 and _depth(name[:etc]) == 0 and looks_like_name(name[:etc]):
        return f"“{name[:etc]}”后面有“等”，后面的文字像是对几个单位的概括，不是一个单位的名称"
    if "、" in _bare(name) and not collective and not _one_ending(name):
        return "含有顿号，像是几个单位连在了一起"
    if not collective and (words := task_phrase(name)) is not None:
        return f"以任务用语“{words}”结尾，不像机关、单位的名称，可能是任务的文字读成了单位"
    verb = _TASK_VERB.match(name)
    if verb is not None:
        return f"以“{verb[0]}”开头，像是任务的文字而不是单位名称"
    if collective or looks_like_name(name):
        return None
    return "不在单位名录中，结尾也不像机关、单位的名称（局、委、办、政府、中心……）"


# Words of a task's text whose last character is a body's ending, but which name no body:
# verbs (查处 督办 部署 出台 执行 到位) and common nouns (格局 信心 场所 渠道 城乡), each a word
# in which that character belongs to the word, not to a body's name (处 of 查处, 位 of 到位).
# Not 新局 nor 创办: 科技创新局, 市科创办 end so.
_TASK_WORDS = frozenset(
    word
    for line in (
        "查处 惩处 判处 论处 到处 相处 共处 好处 益处 难处 用处 住处 去处",
        "出处 深处 四处 随处 处处 场所 住所 厕所 处所 为中心 格局 布局 大局",
        "开局 全局 结局 僵局 变局 破局 督办 承办 举办 交办 领办 代办 包办",
        "开办 兴办 试办 快办 帮办 通办 网上办 掌上办 马上办 就近办 一次办 全部",
        "内部 外部 局部 干部 底部 出台 搭台 部署 签署 执行 运行 推行 实行",
        "施行 进行 试行 践行 履行 举行 可行 通行 出行 流行 并行 暂行 发行",
        "同行 到位 定位 就位 补位 错位 站位 首位 地位 岗位 席位 品位 车位",
        "床位 学位 部位 点位 泊位 铺位 核心 信心 决心 用心 初心 安心 放心",
        "舒心 暖心 民心 贴心 耐心 细心 精心 重心 关心 爱心 省心 顺心 开心",
        "同心 齐心 匠心 人心 机会 体会 社会 开会 例会 座谈会 推进会 现场会",
        "调度会 博览会 交易会 洽谈会 发布会 听证会 论证会 评审会 动员会 培训会",
        "观摩会 运动会 展销会 招聘会 对接会 推介会 研讨会 家园 乐园 田园 花园",
        "返校 离校 在校 住校 进校 入校 现场 立场 到场 在场 入场 进场 出场",
        "退场 攻关 把关 过关 通关 闯关 难关 渠道 通道 报道 赛道 轨道 教学",
        "科学 入学 办学 助学 研学 就学 上学 开学 辍学 失学 学科 重组 改组",
        "关联 互联 失联 串联 妥协 原委 上市 入市 退市 城市 超市 夜市 集市",
        "股市 楼市 农村 城乡 下乡 返乡 城镇 专门 上门 开门 入门 热门 抱团",
        "组团 出厂 进厂 返厂 排队 结队 梯队 插队 组队 带队 入队 归队",
    )
    for word in line.split()
)
# Verbs of a task: two or more of them and an ending (统筹协调处, 监督检查站) are a
# task's words cut before their object, not a body (消费者权益保护处 names its object).
_TASK_VERBS = (
    "统筹", "协调", "监督", "检查", "推进", "推动", "落实", "加强", "强化", "组织", "指导",
    "开展", "实施", "研究", "制定", "完善", "建立", "健全", "深化", "优化", "提升", "促进",
    "引导", "鼓励", "支持", "做好", "抓好", "加快", "规范", "整治", "排查", "摸排", "宣传",
    "培训", "谋划", "对接", "衔接", "配合", "督促",
)  # fmt: skip
_VERBS_THEN_ENDING = re.compile(rf"(?:{'|'.join(_TASK_VERBS)}){{2,}}(?:{'|'.join(_SUFFIX)})")


def task_phrase(name: str) -> str | None:
    """The task's words a name ends in (查处 of 执法查处, 到位 of 落实到位), or None.

    A name whose last word is a verb or common noun of a task's text that ends
    in a body's ending (处 所 站 队 中心 局 办 …), or that is only task verbs
    before an ending (统筹协调处), is no body's name, whatever its ending says.
    """
    folded = fold(_bare_end(name))
    if _VERBS_THEN_ENDING.fullmatch(folded):
        return folded
    return next(
        (folded[-size:] for size in (3, 2) if folded[-size:] in _TASK_WORDS and len(folded) > 1),
        None,
    )


def balanced(text: str) -> bool:
    """Whether every bracket a text opens it closes, in order (none closed before it opens)."""
    depth = 0
    for char in text:
        depth += (char in OPEN) - (char in CLOSE)
        if depth < 0:
            return False
    return depth == 0


def _paired(name: str) -> bool:
    """Whether every bracket of a name is closed, in order, and none starts it."""
    return name[0] not in OPEN + CLOSE and balanced(name)


# Endings that make a short text surely a body's name; others (区 县 村 园 …) also end
# names of places and things, and say less.
_STRONG = (
    "局", "委", "办", "厅", "府", "部门", "单位", "中心", "集团", "公司", "大学", "学院",
    "医院", "联", "协", "会", "队", "所", "站", "室", "处", "科", "部", "院", "馆", "社",
    "开发区", "高新区", "经开区", "新区", "示范区", "管理区", "银行", "支行", "分行", "中支",
    "专班",
)  # fmt: skip
_PLACE = tuple("市县区省州镇乡各")
_COLLECTIVE_START = re.compile(r"^各|(?:有关|相关)[^的]{0,8}$")


def name_strength(name: str, known: NameCheck | None = None) -> float:
    """How surely a string is a unit's name: 0 (it is not one) to 5 (the registry knows it).

    A collective or a body's ending (局, 委, 中心, 公司 …) with a place before it
    (市, 县, 区 …) is surer than an ending alone, and an ending that also ends
    names of places and things (区, 县, 村, 园 …) says least.
    """
    if name_problem(name, known) is not None:
        return 0.0
    if known is not None and known(name):
        return 5.0
    if _COLLECTIVE_START.search(name) or _ending(_bare_end(name)).endswith(_STRONG):
        return 4.0 if name.startswith(_PLACE) else 3.0
    return 2.0 if name.startswith(_PLACE) else 1.0


_ENDING = 3  # characters of a name's end folded to Simplified for the ending checks


def _ending(name: str) -> str:
    """A name's last characters in Simplified: 市殘聯 ends like 市残联 (a 联)."""
    return fold(name[-_ENDING:])


def _bare_end(name: str) -> str:
    """A name without a bracketed part at its end: 区委组织部（区公务员局） → 区委组织部.

    Any bracket of :data:`BRACKETS` counts: 市住建局〈市人防办〉 → 市住建局.
    """
    return re.sub(rf"{_GLOSS}$", "", name)
