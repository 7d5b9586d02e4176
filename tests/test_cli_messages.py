"""gzgk's Chinese catalogue of argparse's messages: complete for this Python, and contained.

The messages are read from the running Python's argparse source: every literal
passed to ``_()`` or ``ngettext()``. The source is parsed with ``ast`` rather
than matched with a regular expression, so that a message split over two
string literals (Python 3.14's ``invalid choice: …, maybe you meant …``) or
holding an escaped quote is read whole.
"""

from __future__ import annotations

import argparse
import ast
import gettext
import inspect
import io
import re
from contextlib import redirect_stderr

import pytest

from gzgk import _argparse_messages
from gzgk._argparse_messages import MESSAGES, chinese
from gzgk.cli import main

_PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sdr]")
_CODE = re.compile(
    r"conflict_resolution|'required'|dest=|\.__call__\(\)|\[usage-error\]"
)  # names, codes kept


def _literal(node: ast.expr) -> str:
    """The message a ``_()``/``ngettext()`` argument stands for."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    # Python ≤ 3.12: _(kwargs.pop('title', 'subcommands')) translates the default title
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "pop"
        and len(node.args) == 2  # key and default
    ):
        default = node.args[1]
        if isinstance(default, ast.Constant) and isinstance(default.value, str | None):
            return default.value or ""
    pytest.fail(f"argparse translates something that is not a literal: {ast.unparse(node)}")


def argparse_messages() -> set[str]:
    """Every message the running Python's argparse looks up through gettext."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(inspect.getsource(argparse))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "_":
                found.add(_literal(node.args[0]))
            elif node.func.id == "ngettext":
                found.update(_literal(arg) for arg in node.args[:2])
    found.discard("")
    return found


def test_the_extraction_finds_argparse_messages() -> None:
    """The extraction reads the messages argparse prints most (so an empty set cannot pass)."""
    assert {"usage: ", "the following arguments are required: %s"} <= argparse_messages()


def test_every_argparse_message_is_translated() -> None:
    """Each message of this Python's argparse has a Chinese translation in gzgk's catalogue."""
    assert sorted(argparse_messages() - set(MESSAGES)) == []


@pytest.mark.parametrize("message", sorted(MESSAGES))
def test_translation_keeps_the_placeholders(message: str) -> None:
    """A translation is Chinese with the message's %-placeholders, so formatting never fails."""
    translation = MESSAGES[message]
    assert sorted(_PLACEHOLDER.findall(translation)) == sorted(_PLACEHOLDER.findall(message))
    words = _CODE.sub("", _PLACEHOLDER.sub("", translation))
    assert not re.search("[A-Za-z]{3,}", words)


def test_argparse_is_left_as_it_was(capsys: pytest.CaptureFixture[str]) -> None:
    """After gzgk parsed (even a usage error), argparse speaks English to other programs."""
    with pytest.raises(SystemExit):
        main(["matrix"])
    assert "缺少参数：通知" in capsys.readouterr().err
    assert vars(argparse)["_"] is gettext.gettext
    assert vars(argparse)["ngettext"] is gettext.ngettext
    other = argparse.ArgumentParser(prog="other")
    other.add_argument("name")
    assert other.format_help().startswith("usage: other")
    error = io.StringIO()
    with redirect_stderr(error), pytest.raises(SystemExit):
        other.parse_args([])
    assert "error: the following arguments are required: name" in error.getvalue()


def _fail_in_chinese() -> None:
    with chinese():
        assert vars(argparse)["_"] is _argparse_messages.gettext
        raise RuntimeError


def test_chinese_is_undone_when_the_block_fails() -> None:
    """The catalogue is removed however the block ends."""
    with pytest.raises(RuntimeError):
        _fail_in_chinese()
    assert vars(argparse)["_"] is gettext.gettext


def test_plural_messages_have_one_chinese_form() -> None:
    """A message with a count has the same Chinese for one and for many."""
    singular, plural = "expected %s argument", "expected %s arguments"
    assert _argparse_messages.ngettext(singular, plural, 1) == "后面需要 %s 个值"
    assert _argparse_messages.ngettext(singular, plural, 3) == "后面需要 %s 个值"
