"""Who does a task: reading the assignments printed in a task's own text.

One reader for every text layout. It finds, in a task's lines:

* labelled fields, on their own lines (``牵头单位：市工信局``) or inline in
  brackets ``（牵头单位：X；责任单位：Y、Z等）`` with ``；;，,`` between fields;
* unlabelled verb groups in brackets: ``（X牵头，Y、Z配合）``,
  ``（X、Y等负责）``, ``（市工商质监局牵头负责）``;
* unlabelled sentences: ``由X负责，Y配合。``

Labels and verbs come from :mod:`gzgk.parse.vocabulary`; texts are matched
folded to Simplified characters, while names are sliced from the printed text.
What is not an assignment is the task's prose. The reader reports findings;
the caller turns doubts into issues naming the task.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from attrs import define, field, frozen

from gzgk.model import Role
from gzgk.parse.columns import ColumnKind
from gzgk.parse.names import NameCheck, clean_name, looks_like_name, split_names
from gzgk.parse.vocabulary import (
    ANY_LABEL_PATTERN,
    VERB_PATTERN,
    classify_label,
    fold,
    label_pattern,
    verb_role,
)

__all__ = ["Field", "Reading", "read_assignments"]

_OPEN = "（(【[〔"
_CLOSE = "）)】]〕"
_EDGE = " \n；;，,。.、：:"
_CLAUSE = re.compile(r"[，,；;]")
_SENTENCE_END = "。；;！!"
_LEADER_SPLIT = re.compile(r"[、，,；;\s]+")


@frozen
class Field:
    """One assignment found in a task's text.

    Attributes:
        label: the label or verb as printed (``牵头单位``, ``牵头``).
        kind: units, leaders or deadline.
        role: the role of the names (units only).
        value: the printed value (names before they are split).
        names: the names, or None when the value cannot be split cleanly.
        guessed: the label was not in the vocabulary and its role was guessed.
    """

    label: str
    kind: ColumnKind
    role: Role | None
    value: str
    names: tuple[str, ...] | None
    guessed: bool = False


@define
class Reading:
    """What one task's text says: its prose and its assignments, in printed order."""

    prose: str = ""
    fields: list[Field] = field(factory=list)

    def names(self, role: Role) -> tuple[str, ...]:
        """The unit names of one role, in printed order."""
        return tuple(
            name
            for found in self.fields
            if found.kind is ColumnKind.UNITS and found.role is role and found.names
            for name in found.names
        )

    @property
    def leaders(self) -> tuple[str, ...]:
        """People named as leaders."""
        return tuple(
            name
            for found in self.fields
            if found.kind is ColumnKind.LEADERS and found.names
            for name in found.names
        )

    @property
    def deadline(self) -> str:
        """The deadline as printed, if the text sets one."""
        return next((f.value for f in self.fields if f.kind is ColumnKind.DEADLINE), "")

    @property
    def assigns(self) -> bool:
        """Whether any unit is named."""
        return any(f.kind is ColumnKind.UNITS for f in self.fields)


def read_assignments(lines: Sequence[str], known: NameCheck | None = None) -> Reading:
    """Read the assignments of one task from its lines (PDF spacing already removed).

    Args:
        lines: the task's lines, its numbering marker removed.
        known: tells whether a name is a known unit; it lets unlabelled verb
            groups name units that do not end like bodies.
    """
    text = "\n".join(lines)
    reading = Reading()
    found: list[tuple[int, Field]] = []
    spans = _labelled(text, found)
    spans += _verb_groups(text, spans, found, known)
    spans.sort()
    reading.fields = [item for _, item in sorted(found, key=lambda pair: pair[0])]
    prose: list[str] = []
    cursor = 0
    for start, end in spans:
        prose.append(text[cursor:start])
        cursor = max(cursor, end)
    prose.append(text[cursor:])
    reading.prose = "".join(prose).replace("\n", "").strip()
    return reading


# -- labelled fields ---------------------------------------------------------


@frozen
class _Label:
    start: int
    end: int  # after the colon
    text: str
    kind: ColumnKind
    role: Role | None
    guessed: bool


def _labels(text: str) -> list[_Label]:
    folded = fold(text)
    labels: list[_Label] = []
    taken: list[tuple[int, int]] = []
    for match in label_pattern().finditer(folded):
        word, _ = classify_label(match[1])
        if word is not None and _label_starts(folded, match.start()):
            printed = text[match.start(1) : match.end(1)].replace("\n", "")
            labels.append(
                _Label(match.start(), match.end(), printed, word.kind, word.role, guessed=False)
            )
            taken.append((match.start(), match.end()))
    for match in ANY_LABEL_PATTERN.finditer(folded):
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue
        # The longest tail of the match that reads as a label (请各责任单位： is prose).
        for offset in range(match.start(1), match.end(1) - 1):
            word, guessed = classify_label(folded[offset : match.end(1)])
            if word is not None and _label_starts(folded, offset):
                printed = text[offset : match.end(1)].replace("\n", "")
                labels.append(
                    _Label(offset, match.end(), printed, word.kind, word.role, guessed=guessed)
                )
                break
    labels.sort(key=lambda label: label.start)
    return labels


def _label_starts(folded: str, offset: int) -> bool:
    """Whether a label may start here: at a line, bracket or field boundary."""
    return offset == 0 or folded[offset - 1] in "\n" + _OPEN + "；;，,。 "


def _labelled(text: str, found: list[tuple[int, Field]]) -> list[tuple[int, int]]:
    """Read labelled fields; return the spans they take in the text."""
    labels = _labels(text)
    spans: list[tuple[int, int]] = []
    for index, label in enumerate(labels):
        opener = _enclosing(text, label.start)
        if opener is not None:
            close = _closing(text, opener)
            group_end = close if close is not None else len(text)
            stop = _next_start(labels, index, group_end)
            if text[opener + 1 : label.start].strip() == "":
                spans.append((opener, label.start))
            spans.append((label.start, stop))
            if stop == group_end:
                spans.append((group_end, min(group_end + 1, len(text))))
        else:
            line_end = text.find("\n", label.start)
            line_end = len(text) if line_end < 0 else line_end
            stop = _next_start(labels, index, line_end)
            stop = _continued(text, stop) if stop == line_end else stop
            spans.append((label.start, stop))
        value = text[label.end : stop].replace("\n", "").strip(_EDGE)
        found.append((label.start, _field(label, value)))
    return spans


def _field(label: _Label, value: str) -> Field:
    if label.kind is ColumnKind.DEADLINE:
        return Field(label.text, label.kind, None, value, (value,), label.guessed)
    if label.kind is ColumnKind.LEADERS:
        people = tuple(name for name in _LEADER_SPLIT.split(value) if name)
        return Field(label.text, label.kind, None, value, people, label.guessed)
    split = split_names(value) if value else []
    names = None if split is None else tuple(clean_name(name) for name in split)
    return Field(label.text, label.kind, label.role, value, names, label.guessed)


def _next_start(labels: list[_Label], index: int, limit: int) -> int:
    following = labels[index + 1].start if index + 1 < len(labels) else limit
    return min(following, limit)


def _continued(text: str, stop: int) -> int:
    """Where a label line's value ends: wrapped lines of names continue it."""
    while stop < len(text) and not text[:stop].rstrip().endswith(("。", "；", ";")):
        line_end = text.find("\n", stop + 1)
        line_end = len(text) if line_end < 0 else line_end
        following = text[stop + 1 : line_end].strip(_EDGE)
        names = split_names(following) if following else None
        if not names or not all(looks_like_name(clean_name(n)) for n in names):
            break
        if label_pattern().search(fold(following)):
            break
        stop = line_end
    return stop


def _enclosing(text: str, position: int) -> int | None:
    """The open bracket that encloses a position, if any (innermost)."""
    stack: list[int] = []
    for index in range(position):
        if text[index] in _OPEN:
            stack.append(index)
        elif text[index] in _CLOSE and stack:
            stack.pop()
    return stack[-1] if stack else None


def _closing(text: str, opener: int) -> int | None:
    depth = 0
    for index in range(opener, len(text)):
        if text[index] in _OPEN:
            depth += 1
        elif text[index] in _CLOSE:
            depth -= 1
            if depth == 0:
                return index
    return None


# -- unlabelled verb groups --------------------------------------------------


def _verb_groups(
    text: str, taken: list[tuple[int, int]], found: list[tuple[int, Field]], known: NameCheck | None
) -> list[tuple[int, int]]:
    """Read ``（X牵头，Y配合）`` groups and ``由X负责，Y配合。`` sentences."""
    spans: list[tuple[int, int]] = []
    candidates: list[tuple[int, int, int, int]] = []  # span, then the inner text span
    index = 0
    while index < len(text):
        if text[index] in _OPEN:
            close = _closing(text, index)
            if close is None:
                break
            candidates.append((index, close + 1, index + 1, close))
            index = close + 1
        else:
            index += 1
    start = 0
    for end in [i + 1 for i, ch in enumerate(text) if ch in _SENTENCE_END] + [len(text)]:
        sentence = text[start:end]
        inner_start = start + len(sentence) - len(sentence.lstrip())
        if sentence.strip().startswith("由"):
            candidates.append((start, end, inner_start + 1, end))
        else:
            candidates.append((start, end, inner_start, end))
        start = end
    for span_start, span_end, inner_start, inner_end in candidates:
        if any(s < span_end and span_start < e for s, e in (*taken, *spans)):
            continue
        fields = _verb_clauses(text[inner_start:inner_end], known)
        if fields:
            spans.append((span_start, span_end))
            found.extend((span_start, item) for item in fields)
    return spans


def _verb_clauses(inner: str, known: NameCheck | None) -> list[Field]:
    """The fields of a text made only of ``names + verb`` clauses, else nothing."""
    fields: list[Field] = []
    for printed in _CLAUSE.split(inner.replace("\n", "").strip(" 。.；;")):
        clause = printed.strip().removeprefix("由")
        folded = fold(clause)
        match = VERB_PATTERN.search(folded)
        if match is None:
            return []
        value = clause[: match.start()].strip()
        split = split_names(value) if value else None
        if not split:
            return []
        names = tuple(clean_name(name) for name in split)
        if not all(looks_like_name(name) or (known and known(name)) for name in names):
            return []
        verb = clause[match.start() :]
        fields.append(Field(verb, ColumnKind.UNITS, verb_role(match[1]), value, names))
    return fields
