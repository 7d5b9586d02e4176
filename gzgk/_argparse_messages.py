"""gzgk's Chinese catalogue of argparse's own messages, installed only while gzgk parses.

argparse looks every message it prints (usage, headings, usage errors) up
through gettext at call time, as its module globals ``argparse._`` and
``argparse.ngettext``. :func:`chinese` points those two at this catalogue for
the duration of a ``with`` block and puts the originals back afterwards, so
importing gzgk never changes argparse for another program in the process.

The catalogue is a dict in this module rather than a compiled ``.mo`` file:
the few dozen messages are reviewed in diffs and type-checked with the code,
there is no build step and no binary file to ship, and no locale lookup that
could pick another translation (or none) depending on the user's ``LANG``.
It holds the messages of Python 3.10 to 3.14; one that is missing would show
in English, so ``tests/test_cli_messages.py`` extracts every message from the
running Python's argparse and fails when one is not here (or when a
translation drops or adds a ``%`` placeholder).
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from typing import Final

__all__ = ["MESSAGES", "chinese", "gettext", "ngettext"]

MESSAGES: Final[dict[str, str]] = {
    # help
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "subcommands": "命令",
    "%(heading)s:": "%(heading)s：",
    " (default: %(default)s)": "（默认：%(default)s）",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    # usage errors
    "%(prog)s: error: %(message)s\n": (
        "%(prog)s：用法错误：%(message)s（用 -h 查看帮助）[usage-error]\n"
    ),
    "%(prog)s: warning: %(message)s\n": "%(prog)s：提醒：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少参数：%s",
    "one of the arguments %s is required": "需要 %s 中的一个参数",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "取值 %(value)r 无效，可选：%(choices)s"
    ),
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)": (
        "取值 %(value)r 无效，是不是 %(closest)r？可选：%(choices)s"
    ),
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的 %(type)s 值",
    "expected one argument": "后面需要一个值",
    "expected at most one argument": "后面最多只能有一个值",
    "expected at least one argument": "后面至少需要一个值",
    "expected %s argument": "后面需要 %s 个值",
    "expected %s arguments": "后面需要 %s 个值",
    "not allowed with argument %s": "不能和 %s 一起用",
    "ignored explicit argument %r": "这个选项后面不带值（多了 %r）",
    "ambiguous option: %(option)s could match %(matches)s": (
        "选项 %(option)s 不明确，可能是：%(matches)s"
    ),
    "unexpected option string: %s": "无法识别的选项：%s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "没有命令 %(parser_name)r（可用：%(choices)s）"
    ),
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    'argument "-" with mode %r': "“-”不能以 %r 模式打开",
    "option '%(option)s' is deprecated": "选项 %(option)s 已停用",
    "argument '%(argument_name)s' is deprecated": "参数 %(argument_name)s 已停用",
    "command '%(parser_name)s' is deprecated": "命令 %(parser_name)s 已停用",
    # mistakes in a parser's definition (programmers only, but never English)
    "%r is not callable": "%r 不能调用",
    ".__call__() not defined": "没有定义 .__call__()",
    "'required' is an invalid argument for positionals": "位置参数不能设置 'required'",
    "cannot have multiple subparser arguments": "不能有多组子命令",
    "cannot merge actions - two groups are named %r": "无法合并选项：有两个分组都叫 %r",
    "conflicting option string: %s": "选项冲突：%s",
    "conflicting option strings: %s": "选项冲突：%s",
    "conflicting subparser: %s": "子命令冲突：%s",
    "conflicting subparser alias: %s": "子命令别名冲突：%s",
    "dest= is required for options like %r": "%r 这样的选项需要指定 dest=",
    "invalid conflict_resolution value: %r": "conflict_resolution 的取值 %r 无效",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r": (
        "选项 %(option)r 无效：必须以 %(prefix_chars)r 中的字符开头"
    ),
    "mutually exclusive arguments must be optional": "互斥的参数必须是可选参数",
}


def gettext(message: str) -> str:
    """The Chinese of one of argparse's messages; any other text as it is."""
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The Chinese of a message with a count (Chinese has one form for both)."""
    return gettext(singular if count == 1 else plural)


@contextlib.contextmanager
def chinese() -> Iterator[None]:
    """Inside the block argparse speaks Chinese; after it, as before."""
    module = vars(argparse)
    saved = {name: module[name] for name in ("_", "ngettext")}
    module.update(_=gettext, ngettext=ngettext)
    try:
        yield
    finally:
        module.update(saved)
