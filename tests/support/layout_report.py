"""Run every layout combination and say which are read, which are not, and why.

For whoever fixes the parser: after a change, this shows which known failures
now pass (drop or narrow their rule in ``tests/test_parse_layouts.py``) and
which combinations fail that no rule names; ``--rules`` proposes the rules that
cover the current failures; ``--examples`` prints, per rule, a rendered example
and what came back (for the notes on the failures).

Run: ``.venv/bin/python tests/support/layout_report.py [--kinds text,pipe] [--rules] [--examples]``
(PDF needs LibreOffice and is left out unless named in ``--kinds``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterable, Sequence
from itertools import product
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

from test_parse_layouts import KNOWN, Known, outcome, read

from support.layouts import (
    HEADERS,
    KINDS,
    NUMBERINGS,
    ROLES,
    SEPARATORS,
    TEXT_KINDS,
    Layout,
    build,
    expected,
    layouts,
    make_notice,
    render_html,
    render_text,
    write,
)

DIMENSIONS = {
    "header": HEADERS,
    "roles": ROLES,
    "separator": tuple(SEPARATORS),
    "numbering": NUMBERINGS,
    "kind": KINDS,
}


def run(kinds: Sequence[str]) -> dict[Layout, tuple[bool, str]]:
    """Every combination of the kinds: whether it is read right, and what came back."""
    results = {}
    for layout in layouts(kinds):
        spec = make_notice(layout)
        with tempfile.TemporaryDirectory() as folder:
            try:
                got = outcome(read(layout, write(build(spec, layout), layout.kind, Path(folder))))
            except Exception as error:  # noqa: BLE001 - a crash is an outcome to report
                got = ([], [f"crash: {error!r}"])
        results[layout] = (got == (expected(spec, layout), []), _shown(got))
    return results


def _shown(got: tuple[list[tuple[object, ...]], list[str]]) -> str:
    tasks, errors = got
    lines = [f"errors: {', '.join(errors) or '—'}"]
    lines += [
        " | ".join("、".join(v) if isinstance(v, tuple) else str(v) for v in t) for t in tasks
    ]
    return "\n".join(lines)


Box = dict[str, frozenset[str]]


def _points(box: Box) -> Iterable[Layout]:
    names = list(DIMENSIONS)
    for values in product(*(sorted(box[name]) for name in names)):
        yield Layout(*values)


def _grow(
    seed: Layout, order: Sequence[str], failing: set[Layout], values: dict[str, tuple[str, ...]]
) -> Box:
    """The widest box of failing combinations around one, widened dimension by dimension."""
    box = {name: frozenset({getattr(seed, name)}) for name in DIMENSIONS}
    for name in order:
        for value in values[name]:
            if value in box[name]:
                continue
            slice_ = {**box, name: frozenset({value})}
            if all(point in failing for point in _points(slice_)):
                box = {**box, name: box[name] | {value}}
    return box


def propose(results: dict[Layout, tuple[bool, str]], kinds: Sequence[str]) -> list[Known]:
    """Rules covering every failure, each naming only failing combinations.

    Greedy: around a failure not yet covered, the widest box of failing
    combinations (over several orders of widening) becomes a rule.
    """
    failing = {layout for layout, (ok, _) in results.items() if not ok}
    values = {
        name: (tuple(kinds) if name == "kind" else options) for name, options in DIMENSIONS.items()
    }
    names = list(DIMENSIONS)
    orders = [names[i:] + names[:i] for i in range(len(names))]
    orders += [list(reversed(order)) for order in orders]
    rules: list[Known] = []
    left = set(failing)
    while left:
        seed = min(left, key=lambda layout: layout.id)
        boxes = [_grow(seed, order, failing, values) for order in orders]
        box = max(boxes, key=lambda b: len(set(_points(b)) & left))
        left -= set(_points(box))
        fixed = {
            name: tuple(v for v in values[name] if v in chosen)
            for name, chosen in box.items()
            if set(values[name]) - chosen
        }
        rules.append(Known("", **fixed))
    return sorted(rules, key=lambda rule: -sum(1 for x in results if rule.matches(x)))


def _example(rule: Known, results: dict[Layout, tuple[bool, str]]) -> str:
    """A rule as Markdown: the form, a rendered example (text where it can be), what came back."""
    matching = [layout for layout in results if rule.matches(layout)]
    own = [x for x in matching if next(r for r in KNOWN if r.matches(x)) is rule] or matching
    if not own:
        return f"### {rule.form}\n\n{rule.reason}\n\n(no combination run here)\n"
    preferred = ("pipe", "html", "cells", "blank", "xlsx", "docx", "text", "pdf")
    layout = min(  # the plainest: text first, then the first value of every dimension
        own,
        key=lambda x: (
            preferred.index(x.kind),
            *(DIMENSIONS[name].index(getattr(x, name)) for name in list(DIMENSIONS)[:-1]),
        ),
    )
    spec = make_notice(layout)
    document = build(spec, layout)
    if layout.kind in TEXT_KINDS:
        shown = render_text(document, layout.kind)
    elif layout.kind == "html":
        shown = render_html(document).replace("<tr>", "\n<tr>").replace("<p>", "\n<p>")
    else:
        shown = (
            render_text(document, "pipe") + f"(the table as | text; the file is {layout.kind})\n"
        )
    wanted = "\n".join(
        " | ".join("、".join(v) if isinstance(v, tuple) else str(v) for v in task)
        for task in expected(spec, layout)
    )
    return (
        f"### {rule.form}\n\n{rule.reason} — {len(matching)} combinations, e.g. "
        f"`{layout.id}`:\n\n```text\n{shown}```\n\nexpected (number | title | content | "
        f"lead | responsible | cooperating):\n\n```text\n{wanted}\n```\n\ncame back:\n\n"
        f"```text\n{results[layout][1]}\n```\n"
    )


def main() -> int:
    """Print the report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kinds", default=",".join(k for k in KINDS if k != "pdf"))
    parser.add_argument("--rules", action="store_true", help="propose rules for the failures")
    parser.add_argument("--examples", action="store_true", help="an example of each known rule")
    args = parser.parse_args()
    kinds = args.kinds.split(",")
    results = run(kinds)
    passed = sum(ok for ok, _ in results.values())
    print(f"{passed} of {len(results)} combinations read right")
    for layout, (ok, shown) in results.items():
        known = next((rule for rule in KNOWN if rule.matches(layout)), None)
        if ok and known is not None:
            print(f"now passes, drop or narrow its rule: {layout.id} ({known.reason})")
        elif not ok and known is None:
            print(f"fails, no rule names it: {layout.id}\n{shown}\n")
    if args.rules:
        for rule in propose(results, kinds):
            count = sum(1 for layout in results if rule.matches(layout))
            print(f"{rule.source()}  # {count}")
    if args.examples:
        for rule in KNOWN:
            print(_example(rule, results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
