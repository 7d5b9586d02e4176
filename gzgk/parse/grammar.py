"""The grammar of assignments: one reader for every string that names units.

Wherever a notice names units — a label's value, a bracket in running text, a
sentence, a cell of a spreadsheet, a PDF or a web table, a section heading, a
note under a table — it uses the same few forms, and this module reads them
all the same way::

    assignment := [label] group {separator group} {label [group {separator group}]}
    group      := item {、 item} [verb]
    item       := [由] name [bracketed role]     (由 opens a group up to its verb, across ，)
    label      := role word + colon (牵头单位：, 牵头:)  |  bracketed role word (【牵头单位】)
    verb       := 牵头 | 牵头负责 | 负责 | 落实 | 配合 | 按职责分工负责 | 为牵头单位 | …

A verb gives its role to the names of its group: the names before it back to
the previous verb or clause separator (``，；``): ``X、Y牵头，Z配合``. A
bracketed role after a name gives it to that name only: ``X（牵头）、Y``.
A label gives its role to the names after it that carry no role of their own.
Names with no role from any of these take the caller's default: the column's
role in a table, none in running text (where a string that does not say every
role is prose, not an assignment).

Labels, verbs and role words come from :mod:`gzgk.lexicon.vocabulary`; texts are
matched folded to Simplified characters while names are sliced from the
printed text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from attrs import evolve, field, frozen

from gzgk.lexicon.columns import ColumnKind
from gzgk.lexicon.names import (
    CLAUSE_SEPARATORS,
    CLOSE,
    OPEN,
    SEPARATORS,
    clean_name,
    is_empty_cell,
    join_collectives,
    looks_like_name,
    name_problem,
    shared_ending_joins,
    split_conjunction,
    split_items,
    unbreak,
    unglue,
)
from gzgk.lexicon.vocabulary import (
    ANY_LABEL_PATTERN,
    COLONS,
    TOGETHER,
    VERB_PATTERN,
    bare_label_pattern,
    classify_label,
    first_named_rule,
    fold,
    label_pattern,
    looks_like_deadline,
    marker_role,
    verb_role,
)
from gzgk.model import Role

__all__ = [
    "Field",
    "Label",
    "Units",
    "cell_units",
    "find_labels",
    "first_named_apart",
    "is_person",
    "is_position",
    "read_field",
    "read_units",
    "split_people",
    "split_unit_people",
    "wrapped_name",
]

_BOUNDARY = "\n；;，,。 、" + OPEN
_EDGE = " \n；;，,。.、" + COLONS
_PEOPLE = re.compile(r"[、，,；;\n]+")
# 为牵头单位 / 是责任单位 / 作为配合单位: a label word said of the names before it.
_AS_LABEL = re.compile(r"(?:作为|为|是)([\u4e00-\u9fff]{2,8})$")
_YOU = "由"
_SEVERAL = re.compile("按照?职责")
_DESCRIBED = re.compile(r"等(?:有关|相关|其他)?[\u4e00-\u9fff]{0,8}?(?:部门|单位|机构|企业)$")
# X、Y等各相关部门: a collective after 等 is a name of its own, not words describing X, Y.
_ETC_COLLECTIVE = re.compile("等(?=各)")


@frozen
class Field:
    """One assignment: a label or role word and the names it gives a role.

    Attributes:
        label: the label or verb as printed (``牵头单位``, ``牵头``, ``（牵头）``),
            empty for names that took the caller's default role.
        kind: units, leaders or deadline.
        role: the role of the names (units only).
        value: the printed value (names before they are split).
        names: the names, or None when the value cannot be split cleanly.
        guessed: the label was not in the vocabulary and its role was guessed.
        breaks: the separator printed after each name (``，`` ``、`` …, ``""`` at the
            end), where the reader kept them: what a rule naming a mark reads
            (逗号前为牵头单位).
    """

    label: str
    kind: ColumnKind
    role: Role | None
    value: str
    names: tuple[str, ...] | None
    guessed: bool = False
    breaks: tuple[str, ...] = field(default=(), eq=False)  # how printed, not what is said


@frozen
class Label:
    """A label found in a text: where it starts, where its colon or bracket ends."""

    start: int
    end: int
    text: str
    kind: ColumnKind
    role: Role | None
    guessed: bool
    bracketed: bool = False


@frozen
class Units:
    """What a string of unit names says: its fields, and the names no role reached."""

    fields: tuple[Field, ...]
    unmarked: tuple[str, ...] = ()

    def names(self, role: Role) -> tuple[str, ...]:
        """The names of one role, in printed order."""
        return tuple(
            name
            for found in self.fields
            if found.kind is ColumnKind.UNITS and found.role is role
            for name in found.names or ()
        )

    @property
    def marked(self) -> bool:
        """Whether the string says a role anywhere (a label, a verb, a bracketed role)."""
        return any(found.label for found in self.fields)

    @property
    def every_name(self) -> tuple[str, ...]:
        """Every unit name, any role, in printed order."""
        return tuple(
            name
            for found in self.fields
            if found.kind is ColumnKind.UNITS
            for name in found.names or ()
        )


# -- labels -------------------------------------------------------------------


def find_labels(text: str) -> list[Label]:
    """The labels in a text, in printed order.

    A label starts a line, follows a bracket or a separator, or follows a
    complete list of names (``牵头单位：市发改委责任单位：市财政局``: the gap
    between two fields on one line was only spaces). ``请各责任单位：`` is
    prose: 请各 names nobody.
    """
    folded = fold(text)
    labels: list[Label] = []
    for match in label_pattern().finditer(folded):
        word, _ = classify_label(match[1])
        if word is not None and _may_start(folded, match.start(), labels):
            printed = text[match.start(1) : match.end(1)].replace("\n", "")
            labels.append(
                Label(match.start(), match.end(), printed, word.kind, word.role, guessed=False)
            )
    taken = [(label.start, label.end) for label in labels]
    for match in ANY_LABEL_PATTERN.finditer(folded):
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue
        # The longest tail of the match that reads as a label (请各责任单位： is prose).
        for offset in range(match.start(1), match.end(1) - 1):
            tail = folded[offset : match.end(1)]
            if "\n" in tail and classify_label(tail.rsplit("\n", 1)[1])[0] is not None:
                continue  # 区商务委 / 协作配合部门：: a label of its line, the name above apart
            word, guessed = classify_label(tail)
            if word is not None and (offset == 0 or folded[offset - 1] in _BOUNDARY):
                printed = text[offset : match.end(1)].replace("\n", "")
                labels.append(
                    Label(offset, match.end(), printed, word.kind, word.role, guessed=guessed)
                )
                break
    labels.extend(_bare_labels(text, folded, labels))
    labels.sort(key=lambda label: label.start)
    for label in _bracketed_labels(text, folded, labels):
        labels.append(label)
        labels.sort(key=lambda label: label.start)
    return labels


# Where a name's value ends: the next separator, bracket or line.
_VALUE_END = re.compile(rf"[、，,；;。\n{re.escape(OPEN + CLOSE)}]")


def _bare_labels(text: str, folded: str, found: list[Label]) -> Iterator[Label]:
    """``（责任单位市财政局，配合单位各商业银行）``: a unit label printed without its colon.

    Only where a label starts a text, a bracket or a clause, and only before a
    name (``责任单位要加强…`` is prose): the words up to the next separator are
    a body's name or a collective.
    """
    for match in bare_label_pattern().finditer(folded):
        start, end = match.start(), match.end()
        if any(label.start <= start < label.end or start <= label.start < end for label in found):
            continue
        if start > 0 and folded[start - 1] not in "\n；;，," + OPEN:
            continue
        stop = _VALUE_END.search(folded, end)
        value = folded[end : stop.start() if stop else len(folded)]
        if not value or name_problem(value) is not None or not _named(value):
            continue
        word, _ = classify_label(match[1])
        if word is not None and word.kind is ColumnKind.UNITS:
            yield Label(start, end, text[start:end], word.kind, word.role, guessed=False)


def _named(value: str) -> bool:
    """Whether the words after a colonless label are surely a name (a body's ending, 各…)."""
    return looks_like_name(value) or value.startswith("各")


_OPENS, _CLOSES = re.escape(OPEN), re.escape(CLOSE)
_BRACKETED = re.compile(rf"[{_OPENS}]\s*([^{_OPENS}{_CLOSES}]{{1,8}}?)\s*[{_CLOSES}]")


def _bracketed_labels(text: str, folded: str, found: list[Label]) -> Iterator[Label]:
    """``【牵头单位】X``: a bracketed role word with names after it (not ``X（牵头）、Y``)."""
    for match in _BRACKETED.finditer(folded):
        if any(label.start <= match.start() < label.end for label in found):
            continue
        role = marker_role(match[1])
        after = folded[match.end() : match.end() + 1]
        if role is None or not after or after in _EDGE + CLOSE:
            continue  # not a role, or nothing follows: a role said of the name before it
        if (
            match.start() > 0
            and folded[match.start() - 1] not in _BOUNDARY + COLONS
            and not (_names_before(folded, match.start(), found))
        ):
            continue
        printed = text[match.start(1) : match.end(1)]
        yield Label(
            match.start(),
            match.end(),
            printed,
            ColumnKind.UNITS,
            role,
            guessed=False,
            bracketed=True,
        )


def _may_start(folded: str, offset: int, labels: list[Label]) -> bool:
    """Whether a label may start here: at a boundary, or right after a list of names."""
    if offset == 0 or folded[offset - 1] in _BOUNDARY:
        return True
    return _names_before(folded, offset, labels)


def _names_before(folded: str, offset: int, labels: list[Label]) -> bool:
    """Whether the text before ``offset`` back to the last boundary or label is names."""
    start = max((label.end for label in labels if label.end <= offset), default=0)
    for index in range(offset - 1, start - 1, -1):
        if folded[index] in "\n。" + COLONS + OPEN or folded[index] in CLAUSE_SEPARATORS:
            start = index + 1
            break
    before = folded[start:offset].strip(_EDGE)
    read = _segment(before, Role.RESPONSIBLE, "") if before else None
    names = [name for field in read[0] for name in field.names or ()] if read else []
    return bool(names) and all(looks_like_name(name) for name in names)


# -- values ---------------------------------------------------------------------


def read_units(
    text: str, default: Role | None, *, labels: list[Label] | None = None
) -> Units | None:
    """The assignment a string of unit names states, or None if it cannot be split.

    Args:
        text: the string as printed (line breaks already made separators or
            removed by the caller).
        default: the role of names nothing else gives a role (a column's or a
            label's role); None in running text.
        labels: the labels of ``text`` if the caller found them already.

    Returns:
        The fields in printed order; names no role reached are in
        ``unmarked`` (and in no field) when ``default`` is None; a label whose
        value cannot be split gives a field without names. None when the
        names before any label cannot be split (brackets that do not pair,
        an empty item from a doubled separator, a separator at either end).
    """
    bare = text.strip()
    if is_empty_cell(bare):
        return Units(())
    if bare[:1] in SEPARATORS or bare.rstrip("。.")[-1:] in SEPARATORS:
        return None  # a list cut short: a cell that goes on elsewhere
    found = find_labels(text) if labels is None else labels
    fields: list[Field] = []
    unmarked: list[str] = []
    if not found or found[0].start > 0:
        head = text[: found[0].start] if found else text
        if head.strip(_EDGE):
            read = _segment(head, default, "")
            if read is None:
                return None
            fields += read[0]
            unmarked += read[1]
    for index, label in enumerate(found):
        end = found[index + 1].start if index + 1 < len(found) else len(text)
        fields += read_field(label, text[label.end : end])
    return Units(tuple(fields), tuple(unmarked))


def read_field(label: Label, value: str) -> list[Field]:
    """The fields of one label's value: names under the label's role unless they say another."""
    if label.kind is not ColumnKind.UNITS:
        return [_other_field(label, value)]
    read = _segment(value, label.role, label.text, guessed=label.guessed)
    if read is None:
        return [Field(label.text, label.kind, label.role, _strip(value), None, label.guessed)]
    return read[0]


def cell_units(text: str, default: Role | None) -> Units | None:
    """What a table cell says: line breaks typed in the cell separate names too.

    A line that is only a bracket goes on the name above it: the name's other
    name or its role, printed under it (``区建设管理委`` / ``（区水务局）``,
    ``市发改委`` / ``（牵头）``). A bracket on a line of its own that states
    roles says them of the cell's names (``市发改委、市财政局`` /
    ``（市发改委牵头）``), and one that states the first-named rule makes the
    first name the lead (``（排在第一位的为牵头单位）``). Returns None when the
    cell's names cannot be split (see :func:`read_units`), including a label
    in the cell whose value cannot be.
    """
    if is_empty_cell(text):
        return Units(())
    pieces: list[str] = []
    stated: list[Field] = []
    text, rule = first_named_apart(text)
    first_leads = first_named_rule(rule) if rule else None
    for line in text.splitlines():
        piece = line.strip().strip("".join(SEPARATORS))
        bracket = _BRACKET_LINE.fullmatch(piece)
        if pieces and bracket is not None and (said_rule := first_named_rule(bracket[1])):
            first_leads = said_rule
        elif pieces and bracket is not None and (said := _stated(bracket[1])):
            stated += said
        elif pieces and (_says_of_name(piece) or wrapped_name(pieces[-1], piece)):
            pieces[-1] += piece
        elif piece:
            pieces.append(piece)
    closing = _CLOSING_BRACKET.search(pieces[-1]) if pieces else None
    if closing is not None and closing.start() and (said := _stated(closing[1])):
        pieces[-1] = pieces[-1][: closing.start()]  # the line under the names, run on (a PDF)
        stated += said
    joined = "、".join(pieces)
    units = read_units(joined, default) if joined else Units(())
    if units is None or any(found.names is None for found in units.fields):
        return None
    if first_leads is not None and not units.names(Role.LEAD) and units.every_name:
        count = _before_mark(units, first_leads.marks) if first_leads.marks else 1
        leads = units.every_name[:count]
        stated = [Field("", ColumnKind.UNITS, Role.LEAD, "、".join(leads), leads)] if count else []
    return _restated(units, stated)


def _before_mark(units: Units, marks: str) -> int:
    """How many names a cell prints before the first of the marks (逗号前为牵头单位); 0: none."""
    breaks = [after for found in units.fields for after in found.breaks]
    if len(breaks) != len(units.every_name):
        return 0
    for count, after in enumerate(breaks, start=1):
        if after and after in marks:
            return count if count < len(breaks) else 0
    return 0


_CLOSING_BRACKET = re.compile(r"[（(]([^（）()]+)[）)]$")


def first_named_apart(cell: str) -> tuple[str, str]:
    """A unit cell's names without the first-named rule closing them, and the rule as printed.

    The rule closes the cell in a bracket, run on after the last name or on a
    line of its own (``市发改委、市财政局（排在第一位的为牵头单位）``), or in the
    clauses after the names (``市发改委、市财政局，排在第一位的为牵头单位，下同``,
    or on the next line). A cell that is only the rule, or has none: the cell, "".
    """
    text = cell.rstrip().rstrip("。；;，, ")
    bracket = _CLOSING_BRACKET.search(text)
    if bracket is not None and first_named_rule(bracket[1]) is not None:
        head = text[: bracket.start()].rstrip(f"{''.join(SEPARATORS)}\n 。")
        return (head, bracket[1]) if head else (cell, "")
    if first_named_rule(text) is None:
        return cell, ""
    clauses = re.split(r"(?<=[，,。；;\n])", text)
    starts = [j for j in range(1, len(clauses)) if first_named_rule("".join(clauses[j:]))]
    if not starts:
        return cell, ""
    head = "".join(clauses[: starts[-1]])
    if sum(c in OPEN for c in head) != sum(c in CLOSE for c in head):
        return cell, ""  # the rule stands inside a bracket the names open
    return head.rstrip(f"{''.join(SEPARATORS)}\n 。"), "".join(clauses[starts[-1] :]).strip()


def _stated(inner: str) -> list[Field]:
    """The roles a bracket states of names (``市发改委牵头``), or none: every name with a role."""
    units = read_units(inner, None)
    if units is None or units.unmarked or not units.fields:
        return []
    if any(f.kind is not ColumnKind.UNITS or f.role is None or not f.names for f in units.fields):
        return []
    return list(units.fields)


def _restated(units: Units, stated: list[Field]) -> Units:
    """A cell's units with the roles a bracket under them states: those names take them."""
    if not stated:
        return units
    moved = {name for found in stated for name in found.names or ()}
    fields = list(stated)
    for found in units.fields:
        if found.kind is not ColumnKind.UNITS or not found.names:
            fields.append(found)
            continue
        kept = tuple(name for name in found.names if name not in moved)
        if kept:
            breaks = tuple(
                after
                for name, after in zip(found.names, found.breaks, strict=False)
                if name not in moved
            )
            fields.append(evolve(found, value="、".join(kept), names=kept, breaks=breaks))
    return Units(tuple(fields), units.unmarked)


def wrapped_name(above: str, line: str) -> bool:
    """Whether a line goes on the name the line above ends with: a name broken inside a cell.

    ``区土方工作`` / ``专班``: the last name above does not end like a name and,
    with the first name of the line joined to it, it does (and holds no role word);
    or the line's first is no name alone (``市农业农村`` / ``局``).
    """
    tail = re.split(f"[{''.join(SEPARATORS)}：:]", above)[-1]  # after a label's colon too
    head = re.split(f"[{''.join(SEPARATORS)}]", line)[0]
    if not tail or not head or VERB_PATTERN.search(tail):
        return False
    # 市农业农村 / 局: a whole-looking name goes on only when the line's first is no name
    # (a bracket under it, （2024年底前）, is said of the name or is no part of it)
    if looks_like_name(tail) and (name_problem(head) is None or head[0] in OPEN):
        return False
    return looks_like_name(tail + head) and name_problem(tail + head) is None


_BRACKET_LINE = re.compile(r"[（(]([^（）()]+)[）)]")


def _says_of_name(line: str) -> bool:
    """Whether a line is a bracket holding another name or a role (（区水务局）, （牵头）).

    A date or a note in brackets (（2024年底前）) is no part of the name above.
    """
    bracket = _BRACKET_LINE.fullmatch(line)
    if bracket is None:
        return False
    inner = bracket[1]
    return marker_role(inner) is not None or (
        looks_like_name(inner) and not looks_like_deadline(inner)
    )


def _strip(value: str) -> str:
    return value.replace("\n", "").strip(_EDGE)


def _spaced(value: str) -> str:
    """A value to split into names: a line break inside a name goes, else is a space (unbreak)."""
    return unbreak(value).strip(_EDGE)


_PERSON = re.compile(r"[\u4e00-\u9fff]{2,4}")


def is_person(text: str) -> bool:
    """Whether a piece reads as a person's name: two to four characters, no body's ending."""
    return _PERSON.fullmatch(text) is not None and not looks_like_name(text)


# An official's post (分管副省长, 协管副秘书长, 常务副市长, 分管市领导): people, no body.
_POSITION = re.compile(
    r"(?:分管|协管|主管|联系|牵头)?(?:省|市|县|区|州|盟|旗|镇|乡)?(?:政府)?(?:常务)?副?"
    r"(?:省长|市长|县长|区长|州长|盟长|旗长|镇长|乡长|秘书长|主席|领导)"
)


def is_position(text: str) -> bool:
    """Whether a name is an official's post (``分管副省长``), not a body: a leader, never a unit."""
    return _POSITION.fullmatch(fold(text)) is not None


def split_people(value: str) -> tuple[str, ...]:
    """The people a leaders field or cell names (``刘惠、周喜安``, ``李明 王芳``).

    A name spaced out to the width of longer ones (``张 伟``) is one name.
    """
    people: list[str] = []
    for piece in _PEOPLE.split(value):
        tokens = piece.split()
        if tokens and all(len(token) == 1 for token in tokens):
            people.append("".join(tokens))
        else:
            people += tokens
    return tuple(people)


_IN_BRACKETS = re.compile(r"[（(]([^（）()]+)[）)]")
_TOKENS = re.compile(r"[\s、，,；;：:]+")


def split_unit_people(text: str) -> tuple[str, tuple[str, ...]]:
    """A cell of units and their people: the units' text, and the people.

    For a column headed 责任单位及责任人: ``市住建局（张伟）``, ``市人社局 李明``,
    or the units on a line and their people on the next. A bracket of people
    only, and a piece of a line that is a person's name, are people.
    """
    people: list[str] = []

    def bracket(match: re.Match[str]) -> str:
        pieces = [piece for piece in _TOKENS.split(match[1]) if piece]
        if pieces and all(is_person(piece) for piece in pieces):
            people.extend(pieces)
            return ""
        return match[0]

    lines = []
    for line in _IN_BRACKETS.sub(bracket, text).splitlines():
        tokens = [token for token in _TOKENS.split(line.strip()) if token]
        persons = [token for token in tokens if is_person(token)]
        people += persons
        lines.append("、".join(t for t in tokens if t not in persons) if persons else line)
    return "\n".join(line for line in lines if line.strip()), tuple(people)


def _other_field(label: Label, value: str) -> Field:
    value = _strip(value)
    if label.kind is ColumnKind.LEADERS:
        return Field(label.text, label.kind, None, value, split_people(value), label.guessed)
    return Field(label.text, label.kind, None, value, (value,), label.guessed)


@frozen
class _Item:
    name: str
    separator: str  # the separator after the item ('' at the end)
    own: Role | None = None  # a bracketed role said of this name only
    own_marker: str = ""
    verb: Role | None = None  # a verb closing the group this item ends
    verb_marker: str = ""
    opened: bool = False  # the item starts with 由: the group goes on to its verb across ，
    described: bool = False  # X、Y等部门，Z配合: a list closed by 等部门 goes on across ，


def _segment(
    value: str, default: Role | None, label: str, *, guessed: bool = False
) -> tuple[list[Field], list[str]] | None:
    """The fields of a value under one label (or none): groups, verbs, bracketed roles."""
    text = _ETC_COLLECTIVE.sub("、", _opening_together(_spaced(value)))
    parts = _parts(text) if text else []
    if parts is None:
        return None
    items = [_item(name, separator) for name, separator in parts]
    if any(not item.name for item in items):
        return None
    items = _together(items)
    fields: list[Field] = []
    unmarked: list[str] = []
    for position, item in enumerate(items):
        glued = _glued_deadline(item.name)
        if glued is not None:  # 河南银保监局时序进度：2022年6月底前 (a run-on copy)
            items[position] = evolve(item, name=glued[0])
            fields.append(Field(glued[1], ColumnKind.DEADLINE, None, glued[2], (glued[2],)))
    roles = _roles(items)
    dates = [
        role == (None, "") and looks_like_deadline(item.name) and not looks_like_name(item.name)
        for item, role in zip(items, roles, strict=True)
    ]
    fields += [
        Field("", ColumnKind.DEADLINE, None, item.name, (item.name,))
        for item, date in zip(items, dates, strict=True)
        if date
    ]
    kept = [(item, role) for item, role, date in zip(items, roles, dates, strict=True) if not date]
    # 分管副省长、协管副秘书长负责: officials' posts given a role answer for it as people
    posts = [(item, role) for item, role in kept if role[0] is not None and is_position(item.name)]
    if posts:
        names = tuple(item.name for item, _ in posts)
        fields.append(Field(posts[0][1][1], ColumnKind.LEADERS, None, "、".join(names), names))
        kept = [pair for pair in kept if pair not in posts]
    breaks: list[list[str]] = []
    named = _names([i for i, _ in kept], [r for _, r in kept], breaks)
    for ((role, marker), group), after in zip(named, breaks, strict=True):
        if role is None and default is None:
            unmarked.extend(group)
            continue
        printed = marker or label
        said = role if role is not None else default
        if fields and fields[-1].role is said and fields[-1].label == printed:
            last = fields[-1]
            names = (*(last.names or ()), *group)
            fields[-1] = Field(
                printed,
                last.kind,
                said,
                "、".join(names),
                names,
                last.guessed,
                (*last.breaks, *after),
            )
        else:
            fields.append(
                Field(
                    printed,
                    ColumnKind.UNITS,
                    said,
                    "、".join(group),
                    tuple(group),
                    guessed=guessed and printed == label,
                    breaks=tuple(after),
                )
            )
    if label and not fields and not unmarked:
        fields.append(Field(label, ColumnKind.UNITS, default, "", (), guessed))
    return fields, unmarked


_GLUED_LABEL = re.compile(rf"(?P<label>[\u4e00-\u9fff]{{2,6}})\s*[{COLONS}]\s*(?P<value>.+)")


def _glued_deadline(item: str) -> tuple[str, str, str] | None:
    """A name with a deadline's label and value glued after it: (name, label, deadline), or None.

    A notice that lost its line breaks runs the line after a unit list into its
    last name (``河南银保监局时序进度：2022年6月底前``): the name is the longest
    start that ends like a body, the words between it and the colon the label.
    """
    for start in range(len(item) - 2, 1, -1):
        match = _GLUED_LABEL.fullmatch(item, start)
        if (
            match is not None
            and looks_like_name(item[:start])
            and looks_like_deadline(match["value"])
            and not looks_like_name(match["label"])
        ):
            return item[:start], match["label"], match["value"]
    return None


def _opening_together(text: str) -> str:
    """A text without the 会同 that opens a clause: ``X牵头，会同Y、Z负责`` names Y, Z for 负责.

    The clause's subject is the unit named before it (it has its own verb);
    the names after 会同 are the clause's and take its verb.
    """
    folded = fold(text)
    cuts = [
        index
        for index in range(len(folded))
        if folded.startswith(TOGETHER, index)
        and (index == 0 or folded[index - 1] in CLAUSE_SEPARATORS)
    ]
    for index in reversed(cuts):
        text = text[:index] + text[index + len(TOGETHER) :]
    return text


def _roles(items: list[_Item]) -> list[tuple[Role | None, str]]:
    """The role each item is given (and the marker that gives it), or (None, "")."""
    roles: list[tuple[Role | None, str]] = [(None, "")] * len(items)
    group_start = 0
    opened: int | None = None  # 由X、Y，Z负责: the group opened by 由 spans the ，
    for index, item in enumerate(items):
        if item.opened and opened is None:
            opened = index
        if item.verb is not None:
            start = group_start if opened is None else min(opened, group_start)
            for member in range(start, index + 1):
                roles[member] = (item.verb, item.verb_marker)
            group_start = index + 1
            opened = None
        if item.separator in CLAUSE_SEPARATORS and not (item.described and item.verb is None):
            group_start = index + 1
    for index, item in enumerate(items):
        # X，Y、Z按职责分工负责: a verb said of each by its duties reaches every name before it
        if item.verb is not None and _SEVERAL.match(fold(item.verb_marker)):
            for member in range(index):
                if roles[member] == (None, ""):
                    roles[member] = (item.verb, item.verb_marker)
    for index, item in enumerate(items):  # a role said of one name wins over its group's
        if item.own is not None:
            roles[index] = (item.own, item.own_marker)
    return roles


def _parts(text: str) -> list[tuple[str, str]] | None:
    """The items of a value and the separator after each, split outside brackets."""
    return split_items(text, (TOGETHER,))


def _together(items: list[_Item]) -> list[_Item]:
    """``X会同Y、Z负责``: the names after 会同 work with X, cooperating, in X's group."""
    result: list[_Item] = []
    joined = False
    for item in items:
        if joined and item.own is None:
            item = evolve(item, own=Role.COOPERATING, own_marker=TOGETHER)  # noqa: PLW2901
        result.append(item)
        if item.separator == TOGETHER:
            joined = True
        elif item.separator in CLAUSE_SEPARATORS or item.verb is not None:
            joined = False
    return result


def _item(printed: str, separator: str) -> _Item:
    """One item: its name without 由, a trailing verb or a bracketed role."""
    name = printed
    own: Role | None = None
    own_marker = ""
    verb: Role | None = None
    verb_marker = ""
    opened = name.startswith(_YOU) and len(name) > 3  # noqa: PLR2004 - 由 + a name of 2+
    if opened:
        name = name[1:]
    while True:
        folded = fold(name)
        if folded and folded[-1] in CLOSE:
            opener = _opener(folded)
            if opener is not None and (role := marker_role(folded[opener + 1 : -1])) is not None:
                own, own_marker = own or role, own_marker or name[opener:]
                name = name[:opener]
                continue
        if verb is None:
            match = VERB_PATTERN.search(folded)
            if match is not None and match.start() > 0:
                verb, verb_marker = verb_role(match), name[match.start() :]
                name = name[: match.start()]
                continue
            match = _AS_LABEL.search(folded)
            if match is not None and match.start() > 0:
                word, _ = classify_label(match[1])
                if word is not None and word.kind is ColumnKind.UNITS and word.role is not None:
                    verb, verb_marker = word.role, name[match.start() :]
                    name = name[: match.start()]
                    continue
        break
    # 区房管局等建设主管部门: what follows 等 describes the names before it
    described = _DESCRIBED.search(name)
    before = name[: described.start()] if described is not None else ""
    # 各金融机构等单位: a collective (各…) is a name before 等 as a body's name is
    closed = described is not None and (looks_like_name(before) or before.startswith("各"))
    if described is not None and closed:
        name = name[: described.start()]
    return _Item(clean_name(name), separator, own, own_marker, verb, verb_marker, opened, closed)


def _opener(folded: str) -> int | None:
    """The bracket that opens the one closing a text."""
    depth = 0
    for index in range(len(folded) - 1, -1, -1):
        if folded[index] in CLOSE:
            depth += 1
        elif folded[index] in OPEN:
            depth -= 1
            if depth == 0:
                return index if index > 0 else None
    return None


def _names(
    items: list[_Item], roles: list[tuple[Role | None, str]], breaks: list[list[str]]
) -> list[tuple[tuple[Role | None, str], list[str]]]:
    """Consecutive names of one role: collectives joined, 和/及 and run-together names apart.

    ``breaks`` gets, for each group, the separator printed after each of its names.
    """
    groups: list[tuple[tuple[Role | None, str], list[str]]] = []
    previous: _Item | None = None
    joins = shared_ending_joins([item.name for item in items])
    for index, (item, role) in enumerate(zip(items, roles, strict=True)):
        same = bool(groups) and groups[-1][0] == role
        if (
            same
            and previous is not None
            and previous.separator == "、"
            and previous.verb is None
            and previous.own is None
            and joins[index - 1]
        ):
            groups[-1][1][-1] += f"、{item.name}"  # 人民大垸、荒湖管理区: one ending for both
            breaks[-1][-1] = item.separator
        elif (
            same
            and previous is not None
            and previous.separator in ("、", " ")
            and previous.verb is None
            and previous.own is None
            and join_collectives(groups[-1][1][-1], item.name)
        ):
            # 各区、县级市 as printed; 各县 / 区人民政府, broken by a line or a space, is one name
            joint = "、" if previous.separator == "、" else ""
            groups[-1][1][-1] += f"{joint}{item.name}"
            breaks[-1][-1] = item.separator
        elif same:
            parts = _apart(item.name)
            groups[-1][1].extend(parts)
            breaks[-1].extend(_after(parts, item.separator))
        elif (
            groups
            and previous is not None
            and item.own is not None
            and previous.separator == "、"
            and previous.verb is None
            and previous.own is None
            and join_collectives(groups[-1][1][-1], item.name)
        ):
            # 各县、特区、区人民政府（配合）: the bracket's role is the whole collective's
            joint = groups[-1][1].pop()
            breaks[-1].pop()
            if not groups[-1][1]:
                groups.pop()
                breaks.pop()
            groups.append((role, [f"{joint}、{item.name}"]))
            breaks.append([item.separator])
        else:
            parts = _apart(item.name)
            groups.append((role, parts))
            breaks.append(_after(parts, item.separator))
        previous = item
    return groups


def _after(parts: list[str], separator: str) -> list[str]:
    """The separator after each of the names one item was printed as (和 or nothing between)."""
    return ["、"] * (len(parts) - 1) + [separator] if parts else []


def _apart(name: str) -> list[str]:
    """Names joined by 和/及 or printed with no separator, apart."""
    return [part for joined in split_conjunction(name) for part in unglue(joined)]
