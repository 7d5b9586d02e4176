"""The words notices use for roles, in one place: labels, column headings and verbs.

Every path of the parser (label lines, inline labels, unlabelled inline forms,
PDF tables, web tables, spreadsheets) reads roles through this module, so a
word means the same wherever it is printed. Words are matched longest first:
``牵头责任单位`` is a lead label before ``责任单位`` could be found inside it.

Debatable readings, decided here once:

* ``主要责任单位`` is **responsible** (the printed word is 责任; a notice that
  means "lead" says 牵头). An office that reads it as lead can say so per
  notice or in its registry (:func:`role_words`: ``gzgk parse --role
  主要责任单位=牵头``, or ``[role_words]`` in the registry file).
* ``协同责任单位`` and ``协同配合单位`` are **cooperating** (协同 qualifies them).
* Leaders' titles (``牵头负责领导``, ``分管领导`` …) name people: kept as leaders,
  never as units.
* ``X指导`` (the ministries that guide a pilot the cities carry out) is **lead**:
  the guiding units lead, the units that implement are responsible.

Texts are matched in Simplified characters; :func:`fold` turns Traditional
text into Simplified character for character (OpenCC), so positions stay put
and the printed text can be kept.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol

from attrs import evolve, frozen

from gzgk.lexicon.columns import Column, ColumnKind
from gzgk.model import Role

__all__ = [
    "ANY_LABEL_PATTERN",
    "COLONS",
    "DUTY_BASIS",
    "MASKED",
    "ONWARD_WORDS",
    "READING",
    "TOGETHER",
    "VERBS",
    "VERB_PATTERN",
    "FirstNamed",
    "Word",
    "bare_label_pattern",
    "classify_heading",
    "classify_label",
    "first_named_rule",
    "fold",
    "label_pattern",
    "looks_like_deadline",
    "marker_role",
    "mask_readings",
    "misprinted",
    "onward_assignment",
    "role_words",
    "rule_marker",
    "unmask_readings",
    "unread",
    "unread_at",
    "verb_role",
]


@frozen
class Word:
    """A word of the vocabulary: what a label or heading says a cell or field holds."""

    text: str
    kind: ColumnKind
    role: Role | None = None


_U, _L, _D, _O = ColumnKind.UNITS, ColumnKind.LEADERS, ColumnKind.DEADLINE, ColumnKind.OTHER
_LEAD, _RESP, _COOP, _INFO = Role.LEAD, Role.RESPONSIBLE, Role.COOPERATING, Role.INFORMED

# Labels of unit fields and columns, by role.
UNIT_WORDS: tuple[Word, ...] = tuple(
    Word(text, _U, role)
    for role, texts in (
        (
            _LEAD,
            (
                "牵头单位", "牵头部门", "牵头责任单位", "牵头责任部门", "牵头落实单位",
                "主办单位", "主责单位", "主责部门", "牵头处室", "牵头科室",
            ),
        ),
        (
            _RESP,
            (
                "责任单位", "责任部门", "负责单位", "负责部门", "承办单位", "落实单位",
                "实施单位", "主要责任单位", "具体责任单位", "责任主体", "落实部门",
                "承担单位", "执行单位", "建设单位", "责任处室", "责任科室", "实施主体", "行使主体",
                "执行主体",
                "部门分工", "责任分工", "单位分工", "相关部门", "相关单位",
                "属地责任", "属地责任单位", "属地单位",
            ),
        ),
        (
            _COOP,
            (
                "配合单位", "配合部门", "协同单位", "协同部门", "协同责任单位",
                "协同配合单位", "协办单位", "参与单位", "参加单位", "协助单位",
                "配合责任单位", "参与部门", "支撑单位", "支撑部门",
            ),
        ),
        (_INFO, ("知悉单位", "抄送单位")),
    )
    for text in texts
)  # fmt: skip
# Role words alone: a label (牵头：X), a heading under a merged 责任单位 (牵头 | 配合),
# a role in brackets after a name (X（牵头）) or before names (【牵头】X).
ROLE_WORDS: tuple[Word, ...] = tuple(
    Word(text, _U, role)
    for role, texts in (
        (_LEAD, ("牵头", "主责", "主办")),
        (_RESP, ("责任", "负责", "承办", "落实")),
        (_COOP, ("配合", "协同", "协办", "协助", "参与")),
    )
    for text in texts
)  # fmt: skip
LEADER_WORDS: tuple[Word, ...] = tuple(
    Word(text, _L)
    for text in (
        "牵头负责领导", "牵头领导", "责任领导", "分管领导", "负责领导", "市领导",
        "分管县领导", "分管市领导", "分管区领导", "分管省领导", "县领导", "区领导",
        "省领导", "分管负责同志", "责任人", "联系领导",
    )
)  # fmt: skip
DEADLINE_WORDS: tuple[Word, ...] = tuple(
    Word(text, _D)
    for text in (
        "完成时限", "时间节点", "完成时间", "时限", "时限要求", "完成期限", "进度安排",
        "时间安排", "完成时间节点",
    )
)  # fmt: skip
# Columns of tables that hold no assignment: read, shown in an issue, not used.
OTHER_WORDS: tuple[Word, ...] = tuple(
    Word(text, _O)
    for text in (
        "备注", "建设地点", "建设时间", "建设性质", "年度投资金额", "投资金额", "总投资",
        "年度投资", "建设规模", "目标任务", "考核指标", "资金来源", "项目地点", "牵头领导签字",
    )
)  # fmt: skip
# Unlabelled forms: "X牵头", "Y、Z配合", "X、Y等负责" (longest first).
VERBS: tuple[tuple[str, Role], ...] = (
    ("牵头负责", _LEAD),
    ("牵头督导", _LEAD),
    ("牵头落实", _LEAD),
    ("牵头", _LEAD),
    ("指导", _LEAD),
    ("主责", _LEAD),
    ("主办", _LEAD),
    ("负责落实", _RESP),
    ("抓好落实", _RESP),
    ("落实", _RESP),
    ("负责", _RESP),
    ("承办", _RESP),
    ("协同配合", _COOP),
    ("配合", _COOP),
    ("协同", _COOP),
    ("协办", _COOP),
    ("协助", _COOP),
    ("参与", _COOP),
    ("参加", _COOP),
)
# X会同Y负责: the names after 会同 work with X (cooperating, in X's group).
TOGETHER = "会同"
# Words that say on what ground names act: 依据各自职责, 按照职责分工, 根据职能.
DUTY_BASIS = tuple(
    f"{ground}{own}{duty}"
    for ground in ("依据", "根据", "按照", "依照", "按")
    for own in ("各自", "单位", "部门", "")
    for duty in ("职责分工", "工作职责", "职能职责", "职责", "职能", "分工")
)
# Words before a verb that say how, not who: 按职责分工负责, 共同负责, 按职责组织配合.
_HOW = (
    *DUTY_BASIS, "分工", "各自", "共同", "具体", "分别", "一并", "组织", "积极",
)  # fmt: skip
# Verbs that say a duty only after its ground (X、Y依据各自职责分别组织实施): alone,
# 实施 or 推进 ends a task's text as often as an assignment.
_DUTY_VERBS = ("实施", "推进", "办理", "执行")

# What a deadline says: a date, a month, a season, a year's end, or that the work goes on.
_DEADLINE = re.compile(
    r"\d{4}\s*年|\d{1,2}\s*月|\d{4}[.\-/．]\d{1,2}|年底|年内|年中|年末|月底|季度|上半年|下半年"
    r"|持续|长期|常态|每年|每月|每季|前$"
)
_DEADLINE_LONGEST = 30


def looks_like_deadline(text: str) -> bool:
    """Whether a short text reads as a deadline (``2024年底前``, ``年内持续推进``, ``长期坚持``)."""
    return len(text) <= _DEADLINE_LONGEST and _DEADLINE.search(fold(text)) is not None


_DEFAULT_LABELS = {
    word.text: word for word in (*UNIT_WORDS, *ROLE_WORDS, *LEADER_WORDS, *DEADLINE_WORDS)
}
# A label is guessed from a known one it ends in only when that one is a whole label
# (…责任单位), never from a role word alone (市发改委牵头 is no label).
_GUESS_FROM = 4


# A syllable of pinyin with its tone mark, in brackets right after a character: 關(guān).
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
READING = re.compile(
    rf"(?<=[\u4e00-\u9fff])([(（])((?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]{{1,7}})([)）])"
)
# While a text is read, a reading's brackets stand as characters that are no brackets
# (gzgk.parse.text.mask_pinyin), and a reading is no part of any word of the vocabulary.
MASKED = {"(": "\ue000", ")": "\ue001", "（": "\ue002", "）": "\ue003"}
_UNMASKED = str.maketrans({mask: bracket for bracket, mask in MASKED.items()})


def mask_readings(text: str) -> str:
    """A text whose pinyin readings (``負(fù)責(zé)``) hold masked brackets, no real ones."""
    return READING.sub(lambda m: MASKED[m[1]] + m[2] + MASKED[m[3]], text)


def unmask_readings(text: str) -> str:
    """A text with its readings' brackets given back (the inverse of :func:`mask_readings`)."""
    return text.translate(_UNMASKED)


_READING = "(?:[\ue000\ue002][^\ue000-\ue003]{1,7}[\ue001\ue003])?"
_READINGS = re.compile(_READING.removesuffix("?"))


def unread(text: str) -> str:
    """A text without the masked pinyin readings in it (``負\ue000fù\ue001責`` → ``負責``)."""
    return _READINGS.sub("", text)


def unread_at(text: str) -> tuple[str, list[int]]:
    """A text without its masked readings, and where each of its characters was in ``text``."""
    kept = [index for index in range(len(text)) if not _in_reading(text, index)]
    return "".join(text[index] for index in kept), [*kept, len(text)]


def _in_reading(text: str, index: int) -> bool:
    opened = max(text.rfind("\ue000", 0, index + 1), text.rfind("\ue002", 0, index + 1))
    if opened < 0:
        return False
    closed = max(text.rfind("\ue001", 0, index), text.rfind("\ue003", 0, index))
    return closed < opened


def _spelled(word: str, gap: str = "") -> str:
    """A word's pattern: a masked reading may follow each character (and ``gap`` between)."""
    return (_READING + gap).join(re.escape(char) for char in word) + _READING


def _alternation(words: list[str]) -> str:
    return "|".join(_spelled(word) for word in sorted(words, key=len, reverse=True))


def _wrapped(words: list[str]) -> str:
    """Like :func:`_alternation`, a line break allowed between characters.

    Text copied from a PDF wraps at the page width, in the middle of a label
    as anywhere else (``（牵头单`` / ``位：市政府办公室``).
    """
    return "|".join(_spelled(word, "\n?") for word in sorted(words, key=len, reverse=True))


_BODY_WORDS = ("单位", "部门", "处室", "科室")
# A label's colon: either width, and the ratio sign ∶ (U+2236) PDFs and pages print for it.
COLONS = ":：∶"


@frozen(eq=False)
class _Labels:
    """The labels in use and the pattern that finds them (``牵头单位：``, either colon)."""

    words: Mapping[str, Word]
    pattern: re.Pattern[str]
    bare: re.Pattern[str]  # a unit label with no colon (责任单位市财政局), never 牵头 alone

    @classmethod
    def of(cls, words: Mapping[str, Word]) -> _Labels:
        units = [
            word
            for word, said in words.items()
            if said.kind is _U and said.role is not None and word.endswith(_BODY_WORDS)
        ]
        return cls(
            words,
            re.compile(rf"({_wrapped(list(words))})\s*[{COLONS}]"),
            re.compile(rf"({_alternation(units)})(?![{COLONS}\s])"),
        )


_DEFAULT = _Labels.of(_DEFAULT_LABELS)
_IN_USE: ContextVar[_Labels | None] = ContextVar("gzgk_role_words", default=None)


def _in_use() -> _Labels:
    return _IN_USE.get() or _DEFAULT


@contextmanager
def role_words(roles: Mapping[str, Role] | None) -> Iterator[None]:
    """Read some labels with other roles (or read new labels) while parsing.

    ``{"主要责任单位": Role.LEAD}`` makes 主要责任单位 a lead label and column
    heading for the parses inside the ``with`` block (the office's choice for
    its notices, from a registry's ``[role_words]`` or ``gzgk parse --role``).
    """
    if not roles:
        yield
        return
    words = dict(_DEFAULT_LABELS)
    for text, role in roles.items():
        key = fold(_SPACE.sub("", unicodedata.normalize("NFKC", text))).strip("*＊" + COLONS)
        words[key] = Word(key, ColumnKind.UNITS, role)
    token = _IN_USE.set(_Labels.of(words))
    try:
        yield
    finally:
        _IN_USE.reset(token)


def label_pattern() -> re.Pattern[str]:
    """The pattern of the labelled fields in use: ``(牵头单位)：``."""
    return _in_use().pattern


def bare_label_pattern() -> re.Pattern[str]:
    """The pattern of the unit labels in use printed without their colon: ``(责任单位)市财政局``."""
    return _in_use().bare


# Any word ending in 单位/部门/领导 before a colon: a label, known or not.
ANY_LABEL_PATTERN = re.compile(
    rf"((?:[\u4e00-\u9fff]\n?){{1,8}}?(?:{_wrapped(['单位', '部门', '领导', '处室', '科室'])}))"
    rf"\s*[{COLONS}]"
)
# Verbs may run together (参与配合, 协助配合): the chain is one verb.
_VERB = _alternation([verb for verb, _ in VERBS])
VERB_PATTERN = re.compile(
    rf"((?:{_alternation(list(_HOW))})*)((?:{_VERB})+)$"
    rf"|((?:{_alternation(list(_HOW))})*(?:{_alternation(list(DUTY_BASIS))})"
    rf"(?:{_alternation(list(_HOW))})*)({_alternation(list(_DUTY_VERBS))})$"
)
_VERB_ROLES = dict(VERBS)
_SPACE = re.compile(r"\s+")


def verb_role(match: re.Match[str]) -> Role:
    """The role a verb found by :data:`VERB_PATTERN` gives the names before it (牵头 → lead).

    A duty's verb after its ground (依据各自职责分别组织实施) makes them responsible;
    verbs run together give the first one's role, or lead if one leads (参与配合 →
    cooperating).
    """
    if not match[2]:
        return _RESP
    roles = [_VERB_ROLES[unread(verb)] for verb in re.findall(_VERB, match[2])]
    return _LEAD if _LEAD in roles else roles[0]


def classify_label(text: str) -> tuple[Word | None, bool]:
    """What a field label says, and whether that was a guess.

    A label the vocabulary knows is certain. An unknown one ending in a known
    word (``具体落实责任单位`` ends in 责任单位) is read as that word, a guess
    the parser reports. Anything else is None.
    """
    key = _SPACE.sub("", unread(fold(text))).strip("*＊" + COLONS)
    words = _in_use().words
    if key in words:
        return words[key], False
    misprint = misprinted(key)  # 贵任单位, 责任任部门, 配部门: a known label misprinted
    if misprint is not None:
        return words[misprint], True
    by_words = _by_role_word(key)  # 牵头负责部门 leads, though it ends in 负责部门
    if by_words[0] is not None:
        return by_words
    for known in sorted(words, key=len, reverse=True):
        if len(known) >= _GUESS_FROM and key.endswith(known) and words[known].kind is _U:
            return words[known], True
    for known in sorted(words, key=len, reverse=True):
        if words[known].kind is _U and _widened(key, known):
            return words[known], True
    return None, False


# Label-like words a character away from a known label that are words of their own:
# 主管部门 is no misprinted 主责部门, 承建单位 no 承办单位.
_NOT_MISPRINTS = frozenset(
    (
        "主管部门", "主管单位", "主建单位", "承建单位", "参建单位", "代建单位", "监管部门",
        "承接单位", "有关部门", "有关单位", "协调单位", "协调部门", "主要部门", "主要单位",
    )
)  # fmt: skip


def _one_edit(key: str, known: str) -> bool:
    """Whether a key is a known word with one character misprinted.

    Two neighbours swapped, one character doubled, one left out or one wrong.
    """
    if len(key) == len(known):
        diff = [index for index, (a, b) in enumerate(zip(key, known, strict=True)) if a != b]
        if len(diff) == 1:
            return True
        first = diff[0] if diff else 0
        return (
            len(diff) == 2  # noqa: PLR2004 - two neighbours swapped
            and diff[1] == first + 1
            and key[first] == known[first + 1]
            and key[first + 1] == known[first]
        )
    if len(key) == len(known) - 1:  # one left out
        return any(known[:i] + known[i + 1 :] == key for i in range(len(known)))
    if len(key) == len(known) + 1:  # one doubled
        return any(
            key[i] == key[i + 1] and key[:i] + key[i + 1 :] == known for i in range(len(known))
        )
    return False


def misprinted(text: str) -> str | None:
    """The known unit label a printed label is a misprint of (``贵任单位`` → 责任单位), or None.

    One character away from a known label of two role characters or more (a
    swap of neighbours, a doubling, one left out or one wrong), ending in the
    same body word (单位, 部门 …), and near no other known role word: ``主单位``
    could be 主办单位 or 主责单位 and is not read. A word of its own (主管部门)
    is never a misprint.
    """
    key = _SPACE.sub("", unread(fold(text))).strip("*＊" + COLONS)
    words = _in_use().words
    if key in words or key in _NOT_MISPRINTS or re.fullmatch(r"[\u4e00-\u9fff]+", key) is None:
        return None
    body = key[-2:]
    if body not in _BODY_WORDS:
        return None
    near = [
        known
        for known, word in words.items()
        if word.kind is _U
        and word.role is not None
        and known.endswith(body)
        and len(known) - 2 >= 2  # noqa: PLR2004 - a role word of its own
        and _one_edit(key[:-2], known[:-2])
    ]
    if len({known[:-2] for known in near}) != 1:
        return None
    return min(near, key=len)


# Any label of a body with a role word before its body word (主要协作单位, 协调配合部门),
# or of people ending in 领导 (牵头市领导, 包保县领导); a few words besides.
# (实施 is no role word: 参与实施单位 cooperates.)
_ROLE_WORD = "牵头|主责|主办|负责|承办|落实|责任|配合|协同|协办|协助|协作|参与|参加"
_ROLE_LABEL = re.compile(
    rf"[\u4e00-\u9fff]{{0,2}}(?:{_ROLE_WORD})[\u4e00-\u9fff]{{0,2}}?(?:单位|部门|处室|科室)"
)
_LEADER_LABEL = re.compile(r"[\u4e00-\u9fff]{0,4}领导")
_ROLE_LABEL_ROLES = {
    **{word.text: word.role for word in ROLE_WORDS},
    "协作": _COOP,
    "参加": _COOP,
}


def _by_role_word(key: str) -> tuple[Word | None, bool]:
    """A label the vocabulary lacks, read by its words.

    A role word before a body word is a guess of that role (主要协作单位 →
    cooperating; a lead word wins: 牵头配合单位 → lead); a label ending in
    领导 names people, surely (牵头市领导, 包保县领导).
    """
    if _LEADER_LABEL.fullmatch(key):
        return Word(key, _L), False
    if _ROLE_LABEL.fullmatch(key) is None:
        return None, False
    roles = [_ROLE_LABEL_ROLES[word] for word in re.findall(_ROLE_WORD, key)]
    role = _LEAD if _LEAD in roles else roles[0]
    return Word(key, _U, role), True


# A known unit label with a word put between its role word and its body word:
# 牵头指导处室 is 牵头处室 (牵头 … 处室), 配合实施部门 is 配合部门.
_WIDENED = 4


def _widened(key: str, known: str) -> bool:
    """Whether a key is a known unit label with up to four characters put before its body word."""
    body = known[-2:]
    role = known[:-2]
    return (
        body in _BODY_WORDS
        and len(role) >= 2  # noqa: PLR2004 - a role word of its own
        and key.startswith(role)
        and key.endswith(body)
        and 0 < len(key) - len(known) <= _WIDENED
        and re.fullmatch(r"[\u4e00-\u9fff]+", key) is not None
    )


def marker_role(text: str) -> Role | None:
    """The role a bracketed word gives: ``牵头`` or ``牵头单位`` → lead; None if no role word."""
    key = _SPACE.sub("", unread(fold(unicodedata.normalize("NFKC", text)))).strip("*＊" + COLONS)
    verb = VERB_PATTERN.fullmatch(key)
    if verb is not None:
        return verb_role(verb)
    word = _in_use().words.get(key)
    return word.role if word is not None and word.kind is _U else None


_NUMBER = ("序号", "编号", "序", "任务编号", "项目编号")
_TITLE = (
    "主要任务", "重点任务", "工作任务", "任务", "任务名称", "主要工作", "重点工作", "任务事项",
    "重点工作任务", "项目名称", "目标与任务", "工作事项", "事项", "重点事项", "主要目标",
    "目标任务名称", "工作目标",
)  # fmt: skip
_CONTENT = (
    "任务内容", "工作内容", "具体任务", "工作措施", "具体措施", "主要内容", "具体内容",
    "工作要求", "任务要求", "主要措施", "具体工作", "具体工作任务", "工作任务内容",
    "建设内容", "年度建设内容", "年度目标", "具体目标", "目标要求",
    "工作举措", "主要举措", "具体举措", "政策措施",
)  # fmt: skip
_SECTION = (
    "类别", "分类", "工作类别", "任务类别", "重点领域", "领域", "板块", "工作板块", "类型", "方面",
    "工作领域", "重点方面",
)  # fmt: skip
_PLAIN: tuple[tuple[tuple[str, ...], ColumnKind], ...] = (
    (_NUMBER, ColumnKind.NUMBER),
    (_SECTION, ColumnKind.SECTION),
    (_TITLE, ColumnKind.TITLE),
    (_CONTENT, ColumnKind.CONTENT),
)


# A heading with a note in brackets after its words: 责任单位（排在第一位的为牵头单位）.
_NOTED = re.compile(r"(?P<words>[^（()）]{2,12})[（(](?P<note>[^（()）]+)[）)]")
_NUMERAL = re.compile(r"[\d一二三四五六七八九十]{1,3}")
# A note that counts rows (正式项目（67个）, 重点任务（12项）): a group row over them, no heading.
_COUNT = re.compile(r"(?:共|计)?\d+\s*[个项条件类家所处座]")


def classify_heading(text: str, *, by_ending: bool = True) -> Column | None:
    """The column a table heading names (``牵头单位`` → lead units), or None.

    The column keeps the heading as printed (spaces removed), Traditional
    characters included; it is recognised in Simplified. ``by_ending``: a
    heading the vocabulary lacks is read by its last words — a unit heading
    it ends in (具体承办单位 → 承办单位, ``guessed``), or a kind of column
    (建设起止年限 → deadline); without it, only the vocabulary's own headings
    are known.
    """
    printed = _SPACE.sub("", unicodedata.normalize("NFKC", text or "")).strip("*＊:：|")
    key = fold(printed)
    noted = _NOTED.fullmatch(printed)
    if not key or (noted is not None and _COUNT.fullmatch(noted["note"])):
        return None
    both = _units_and_people(printed, by_ending=by_ending) or _units_either(
        printed, by_ending=by_ending
    )
    if both is not None:
        return both
    if noted is not None and not _NUMERAL.fullmatch(noted["note"]):  # 配合单位（一）: a number
        column = classify_heading(noted["words"], by_ending=by_ending)
        if column is not None:
            return evolve(column, note=noted["note"])
    for words, kind in _PLAIN:
        if key in words:
            return Column(printed, kind)
    word = _in_use().words.get(key) or next((w for w in OTHER_WORDS if w.text == key), None)
    if word is not None:
        return Column(printed, word.kind, word.role)
    if not by_ending:
        return None
    guess, guessed = classify_label(key)
    if guess is not None and guess.kind is _U and guessed and _plain_words(key):
        return Column(printed, _U, guess.role, guessed=True)  # 具体承办单位 ends in 承办单位
    ruled = _heading_kind(key)
    return Column(printed, ruled) if ruled is not None else None


_AND = re.compile(r"及|和|与|、|/|／")


def _units_and_people(printed: str, *, by_ending: bool) -> Column | None:
    """A heading of units and their people (责任单位及责任人, 牵头单位（责任人）), or None.

    Its two parts are a unit heading and a people heading, in either order: a
    unit column of the unit heading's role whose people are the leaders.
    """
    noted = _NOTED.fullmatch(printed)
    parts = [noted["words"], noted["note"]] if noted else [p for p in _AND.split(printed) if p]
    if len(parts) != 2:  # noqa: PLR2004 - two parts
        return None
    first, second = (classify_heading(part, by_ending=by_ending) for part in parts)
    for units, people in ((first, second), (second, first)):
        if units is not None and units.kind is _U and people is not None and people.kind is _L:
            return Column(printed, _U, units.role, guessed=units.guessed, people=True)
    return None


def _units_either(printed: str, *, by_ending: bool) -> Column | None:
    """A heading of two unit headings of one role (建设单位/责任单位, 牵头部门／牵头单位), or None.

    Either heading names the cell's units: a unit column of that role. Two
    roles (牵头单位/配合单位) say nothing of which name has which: None.
    """
    parts = [p for p in _EITHER.split(printed) if p]
    if len(parts) != 2:  # noqa: PLR2004 - two parts
        return None
    columns = [classify_heading(part, by_ending=by_ending) for part in parts]
    if any(c is None or c.kind is not _U or c.people for c in columns):
        return None
    first, second = (c for c in columns if c is not None)
    if first.role is not second.role:
        return None
    return Column(printed, _U, first.role, guessed=first.guessed and second.guessed)


_EITHER = re.compile(r"/|／")


# Headings the lists above lack are read by their last word (建设起止年限 → deadline,
# 项目建设规模及内容 → content, 当年投资 → other) when they are short and all words,
# after any year (a sentence or a numbered heading is no column heading). Units are
# never read this way: a heading of units the vocabulary lacks is guessed and
# reported (classify_label).
_ENDINGS: tuple[tuple[ColumnKind, tuple[str, ...]], ...] = (
    (_D, ("时限", "时间", "期限", "年限", "日期", "节点", "进度")),
    (_L, ("领导", "责任人", "负责人", "联系人")),
    (ColumnKind.SECTION, ("类别", "领域", "板块")),
    (
        _O,
        (
            "投资", "金额", "资金", "规模", "地点", "备注", "类型", "分值", "权重", "得分",
            "计划", "来源", "方式", "情况", "数量", "面积", "万元",
            # bodies in a role the vocabulary lacks (评分部门, 考核单位): named, not assigned
            "单位", "部门", "处室", "科室",
        ),
    ),
    (
        ColumnKind.CONTENT,
        (
            "内容", "任务", "事项", "措施", "举措", "名称", "目标", "要求", "工作", "项目",
            "指标", "要点", "重点", "问题",
            "分解",  # 重点工作任务分解: the tasks as divided
        ),
    ),
)  # fmt: skip
_ENDING_LONGEST = 10


def _plain_words(key: str) -> bool:
    """Whether a key may be a heading read by its ending: short, words only, no collective.

    A year before the words is the year the column is about (2024年建设内容);
    a sentence, a numbered heading or a collective name (各部门) is no heading.
    """
    key = re.sub(r"^\d{4}年度?", "", key)
    return (
        len(key) <= _ENDING_LONGEST
        and re.fullmatch(r"[\u4e00-\u9fff]+", key) is not None
        and not re.search("各|有关|相关", key)
    )


def _heading_kind(key: str) -> ColumnKind | None:
    if not _plain_words(key):
        return None
    key = re.sub(r"^\d{4}年度?", "", key)
    return next((kind for kind, ends in _ENDINGS if key.endswith(ends)), None)


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@functools.cache
def _converter() -> _Converter:
    import opencc  # noqa: PLC0415 - loaded the first time a text is folded

    converter: _Converter = opencc.OpenCC("t2s")
    return converter


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@functools.cache
def _fold_char(char: str) -> str:
    converted = _converter().convert(char)
    return converted if len(converted) == 1 else char


def fold(text: str) -> str:
    """The text in Simplified characters, character for character (same length).

    OpenCC converts the whole text; where a phrase conversion would change the
    length, characters are converted one by one, so that every position of
    the folded text is the same position in the printed text.
    """
    if not _HAN.search(text):
        return text
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_fold_char(char) for char in text)


# 排在第一位的为牵头单位 / 列第一位者为工作牵头单位或汇总单位，下同 / 第一个单位为牵头单位，
# 其余为配合单位 / 排名首位的单位牵头 / 排在最前面的单位为牵头单位 / 排名靠前的部门牵头 /
# 最先列出的单位为牵头单位: the first unit named in each task leads.
_FIRST = re.compile(
    r"(?:第一|首|最?前面|最前|靠前|在前面?|最先(?:列出|列明|写明)?|打头)"
    r"(?:顺位|位|个|名|家)?(?:的|者)?(?:单位|部门)?(?:均|即)?(?:为|是|系|作为)?"
    r"(?P<first>[\u4e00-\u9fff]{2,12}?)(?=$|[，,、；;。（(])"
    r"(?:[，,、；;]?(?:其余|其他|其它|余下|其后)(?:的)?(?:单位|部门)?(?:均|都)?(?:为|是|系)?"
    r"(?P<rest>[\u4e00-\u9fff]{2,12}?)(?=$|[，,、；;。（(]))?"
)
_ONWARD = re.compile(r"下同|以下|下列|后同")
# 逗号前为牵头单位 / 逗号前面的为牵头单位 / 分号前的单位牵头，其后为配合单位 / “，”前为牵头部门:
# the units printed before the first such mark of each task lead.
_MARKS = {"逗号": "，,", "分号": "；;", "顿号": "、", "冒号": "：:", "空格": " \u3000"}
_QUOTED_SIGN = r"[“\"‘']{sign}[”\"’'](?:号)?"
_MARK = rf"(?:{'|'.join(_MARKS)}|{_QUOTED_SIGN.format(sign='(?P<sign>[，,；;、])')})"
_LATER_MARK = rf"(?:{'|'.join(_MARKS)}|{_QUOTED_SIGN.format(sign='[，,；;、]')})"
_PUNCTUATED = re.compile(
    rf"(?P<mark>{_MARK})(?:之|以)?前(?:面|边)?(?:的|者)?(?:单位|部门)?(?:均|即)?(?:为|是|系|作为)?"
    r"(?P<first>[\u4e00-\u9fff]{2,12}?)(?=$|[，,、；;。（(])"
    rf"(?:[，,、；;]?(?:(?:{_LATER_MARK})?(?:之|以)?后(?:面|边)?|其余|其他|其它|余下|其后)(?:的|者)?"
    r"(?:单位|部门)?(?:均|都)?(?:为|是|系)?"
    r"(?P<rest>[\u4e00-\u9fff]{2,12}?)(?=$|[，,、；;。（(]))?"
)
_OR = re.compile(r"[或和及/、]")


@frozen
class FirstNamed:
    """A rule that the first unit named in a task leads (the rest take ``rest`` if given).

    ``onward``: the rule says it holds from where it stands on (下同).
    """

    rest: Role | None
    onward: bool
    marks: str = ""  # 逗号前为牵头单位: the units before the first of these marks lead


def first_named_rule(sentence: str) -> FirstNamed | None:
    """The first-named rule a sentence states (``列第一位者为牵头单位``), or None."""
    folded = unread(fold(sentence))
    punctuated = _PUNCTUATED.search(folded)
    if punctuated is not None and _role_in(punctuated["first"]) is Role.LEAD:
        rest = _role_in(punctuated["rest"]) if punctuated["rest"] else None
        mark = punctuated["mark"]
        marks = _MARKS.get(mark) or next(
            (signs for signs in _MARKS.values() if punctuated["sign"] in signs), ""
        )
        onward = _ONWARD.search(folded[punctuated.end() :]) is not None
        return FirstNamed(rest, onward, marks)
    first = _FIRST.search(folded)
    if first is None or _role_in(first["first"]) is not Role.LEAD:
        return None
    rest = _role_in(first["rest"]) if first["rest"] else None
    return FirstNamed(rest, _ONWARD.search(folded[first.end() :]) is not None)


# （牵头单位：X，Y、Z为实施单位，下同）: names given a role in every task from this one on.
_ONWARD_ASSIGNMENT = re.compile(
    r"(?:^|[，,])(?P<rule>(?P<names>[^，,。；;：:]{2,80}?)(?:均|都|同时)?(?:为|是|作为)"
    r"(?P<label>[\u4e00-\u9fff]{2,8}?(?:单位|部门))[，,]?\s*(?:下同|后同))[。\s]*$"
)
# Words that open a rule for the tasks after it: 以下（措施）, 下列, 后续, 此后 ….
ONWARD_WORDS = ("以下", "下列", "下述", "后续", "此后", "以后", "其后")
# What only a notice-wide rule says: 不再（一一、单独）列出, 不再重复 ….
_NOT_LISTED = (
    r"不再(?:一一|逐一|逐项|单独|另行|重复)?(?:列出|列举|列明|重复|分工|做分工|作分工|注明|标注)"
)
# （X负责，以下措施均需Y、Z落实，不再单独列出）: from the clause opening with 以下 to the
# bracket's end (不再列出, 下同), a rule that gives every task from here on the names it holds.
# 均/都 right after 以下（各项任务） says it alone (以下均需Y落实).
_ONWARD_EVERY = re.compile(
    rf"(?:^|[，,。；;、])\s*(?P<rule>(?:{'|'.join(ONWARD_WORDS)})(?!简称|统称|称)"
    r"(?P<all>[^。；;，,、]{0,8}?(?:均|都|全部|一律))?"
    rf"[^。；;]*?(?:{_alternation([verb for verb, _ in VERBS])}|涉及)"
    rf"[^。；;]*?(?:{_NOT_LISTED}|下同|后同|(?(all)|(?!))))[。；;\s]*$"
)


def onward_assignment(text: str) -> tuple[int, str] | None:
    """Where a bracket's closing rule for the tasks from here on starts, and the rule; or None.

    Two wordings, each the last clauses of the bracket (the clauses before it
    are the task's own assignment): ``Y、Z为实施单位，下同`` and a clause opening
    with 以下/下列/后续 … with a role verb that ends the bracket with 不再（一一）列出,
    不再重复, 下同 (``以下措施均需Y、Z落实，不再单独列出``), or says 均/都 right after
    its opening words (``以下任务均需Y落实``). Read in Simplified characters.
    """
    folded = fold(text)
    found = _ONWARD_ASSIGNMENT.search(folded) or _ONWARD_EVERY.search(folded)
    if found is None:
        return None
    return found.start("rule"), text[found.start("rule") : found.end("rule")]


# What only a notice-wide rule says: 下同 / 后同 closing a clause, 不再（一一）列出.
_RULE_MARKER = re.compile(rf"(?:下同|后同)(?=[。；;，,）)\]】〕]|$)|{_NOT_LISTED}")


def rule_marker(text: str) -> str | None:
    """The words of a text that only a notice-wide rule says (``下同``, ``不再列出``), or None."""
    found = _RULE_MARKER.search(fold(text))
    return found[0] if found else None


# A qualifier before a rule's role word (工作牵头单位, 具体负责牵头): short, naming nobody
# (首先由市发改委牵头, 第一季度由市财政局牵头 are no rules).
_QUALIFIER_LONGEST = 4


def _role_in(words: str) -> Role | None:
    """The role the words of a rule give: 牵头单位, 工作牵头单位或汇总单位 → lead.

    The first of alternatives (或, 和) counts; a short qualifier before the role
    word (工作牵头单位) is dropped; words that name a unit (先由市发改委牵头) give none.
    """
    text = _OR.split(words.removesuffix("的"))[0]
    for start in range(min(len(text) - 1, _QUALIFIER_LONGEST + 1)):
        role = marker_role(text[start:])
        if role is not None:
            return role if "由" not in text[:start] else None
    return None
