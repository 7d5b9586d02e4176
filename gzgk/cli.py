"""The ``gzgk`` command line: parse input, call one core function, print the result.

Exit codes, the same for every command: 0 all good; 1 the work was done but
the inputs have problems (a notice read with errors, returns with errors —
each listed); 2 the command could not do its work (a usage error, a file
missing, an output refused or locked, a wrong key …; a Chinese message with
a code says why); 70 a fault in gzgk itself; 130 stopped by Ctrl+C. ``gzgk diff`` exits 0 when the
notices agree, 1 when they differ and 2 on any trouble. Every output is
checked against every input and against the other outputs before any work
(:func:`gzgk.outputs.check_outputs`), and the outputs of a run are locked and
written together (:class:`gzgk.outputs.OutputSet`). Output is Chinese; JSON keys are English. Tables
are Rich tables: styled on a terminal, plain text when piped. argparse speaks
Chinese through gzgk's own catalogue (:mod:`gzgk._argparse_messages`).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import difflib
import json
import math
import os
import re
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NoReturn, TextIO

import attrs
from rich.console import Console, RenderableType

from gzgk import _argparse_messages, render
from gzgk._text import read_day
from gzgk.comparison import SOON_DAYS, Previous
from gzgk.contract import NOTICE_FILES
from gzgk.convert import dump_notice
from gzgk.errors import GzgkError, OutputRefusedError, PathNotFoundError
from gzgk.files import os_reason
from gzgk.history import History
from gzgk.matrix import Matrix
from gzgk.model import Notice, Role, Round
from gzgk.origin import package_origin
from gzgk.outputs import (
    ADDIN,
    CONTROL,
    DOCUMENT,
    FOLDER,
    HISTORY,
    NOTICE_FILE,
    REMINDERS,
    TEXT,
    WORKBOOK,
    Output,
    OutputKind,
    OutputSet,
    check_outputs,
)
from gzgk.registry import Registry, draft_registry
from gzgk.rounds import select_round
from gzgk.signing import Key
from gzgk.sources import NOTICE_LIMITS, read_notice
from gzgk.summary import Summary

if TYPE_CHECKING:
    from gzgk.excel.read import Limits

__all__ = ["main"]

EXIT_OK = 0
EXIT_PROBLEMS = 1  # the work was done; the inputs have problems, each listed
EXIT_FAILED = 2  # the command could not do its work (usage, missing file, refused output …)
EXIT_DIFFERENT = 1  # gzgk diff, like diff(1): 0 same, 1 different, 2 trouble
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130  # Ctrl+C, as shells count it (128 + SIGINT)

_REGISTRY_FILE = OutputKind("单位名录（TOML）", (".toml",))
_BUNDLE = OutputKind("安装包（zip 文件）", (".zip",))
_MAX_SECONDS = 24 * 3600
_MAX_WORKERS = 256

_NARROWEST = 20  # columns: narrower, a table has no room for a name


def _given(text: str) -> str:
    """Any value typed without a type of its own: refused when empty.

    An empty value is how a script's unset variable arrives; taken as "not
    given" it silently dropped ``--previous`` or ``--history``, and as a path
    it named the folder the run stands in.
    """
    if not text.strip():
        raise argparse.ArgumentTypeError(
            "是空的：请写出文件、文件夹或名称；在脚本或批处理文件中，多半是变量没有赋值"
        )
    return text


_NUMBER = re.compile(r"-\d+(\.\d+)?")  # a negative number, refused by its own option


class _Parser(argparse.ArgumentParser):
    """gzgk's argument parser: every value without a type of its own goes through :func:`_given`.

    Its subcommands' parsers are of this class too (argparse makes them of the
    parent's class).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.register("type", None, _given)
        self.words: list[str] = []

    def parse_known_args(  # type: ignore[override]  # one signature for typeshed.s overloads
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        self.words = list(sys.argv[1:] if args is None else args)
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        """Refuse the command line, adding what each unknown option probably meant."""
        super().error("；".join([message, *_hints(self, self.words)]))


def _hints(parser: argparse.ArgumentParser, words: Sequence[str]) -> list[str]:
    """What each option the command does not know probably meant.

    A user who writes ``gzgk generate --notice 通知.docx`` (other commands do
    take ``--notice``) is told the notice goes straight after the command; a
    misspelt option gets the nearest real one. A parser of commands gets no
    hints: its words hold the chosen command's options too.
    """
    actions = parser._actions  # noqa: SLF001 - argparse lists a parser's arguments nowhere public
    if any(isinstance(action, argparse._SubParsersAction) for action in actions):  # noqa: SLF001
        return []
    options = [text for action in actions for text in action.option_strings]
    hints: list[str] = []
    for word in words:
        if word == "--":
            break
        name = word.split("=", 1)[0]
        if not name.startswith("-") or name in options or _NUMBER.fullmatch(name):
            continue
        bare = name.lstrip("-").replace("-", "_")
        named = [a for a in actions if not a.option_strings and bare in (a.dest, a.metavar)]
        close = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
        if named:
            shown = named[0].metavar or named[0].dest
            hints.append(f"{name} 不是这个命令的选项：{shown}直接写在命令后面，前面不加 {name}")
        elif close:
            hints.append(f"{name} 是不是 {close[0]}？")
    return hints


def _commands(
    parser: argparse.ArgumentParser, dest: str
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """The parser's required subcommands.

    argparse passes the command word and every word after it through the
    command's type, so the type is ``str``: the command's own parser checks
    its values (and lets ``gzgk history --round ""`` through).
    """
    commands = parser.add_subparsers(dest=dest, metavar="命令")
    commands.required = True
    commands.type = str
    return commands


def _role(text: str) -> Role:
    try:
        return Role.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"“{text}”不是职责；可用 lead/牵头、responsible/责任、cooperating/配合"
        ) from error


def _width(text: str) -> int:
    if not text.strip().isdigit() or int(text) < _NARROWEST:
        raise argparse.ArgumentTypeError(
            f"“{text}”不是表格宽度；请写不小于 {_NARROWEST} 的列数，如 120"
        )
    return int(text)


def _registry(args: argparse.Namespace) -> Registry:
    path: str | None = args.registry
    return Registry.load(path) if path else Registry.bundled()


def _inputs(args: argparse.Namespace, *more: str | None) -> list[str]:
    """Every file or folder the command reads: its own inputs and the shared options."""
    shared = (getattr(args, name, None) for name in ("registry", "notice", "key"))
    return [str(path) for path in (*shared, *more) if path]


@contextlib.contextmanager
def _writing(
    args: argparse.Namespace,
    outputs: Sequence[Output | None],
    inputs: Sequence[str],
    *,
    in_place: Sequence[Output | None] = (),
    summary: bool = False,
) -> Iterator[OutputSet]:
    """Check the outputs against the inputs and each other, then hold them for the run.

    ``in_place`` outputs (the history database, which SQLite writes in one
    transaction of its own) are checked with the others but not staged;
    ``summary``: the run writes a summary (and may replace one).
    """
    check_outputs([*outputs, *in_place], inputs)
    from gzgk.excel.generate import check_replaced  # noqa: PLC0415 - Excel edge

    check_replaced(outputs, summary=summary)
    with OutputSet(outputs, command=args.command_line) as held:
        yield held


def _print_text(text: str, out: TextIO) -> None:
    out.write(text if text.endswith("\n") else text + "\n")


def _role_word(text: str) -> tuple[str, Role]:
    """``主要责任单位=牵头`` → (主要责任单位, lead), for ``gzgk parse --role``."""
    word, _, role = text.partition("=")
    try:
        return word.strip(), Role.parse(role.strip() or "?")
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}”应写成 标注=角色，角色为 牵头、责任、配合 或 知悉，例如 主要责任单位=牵头"
        ) from None


NoticeOutput = Literal["json", "toml", "xlsx"]
_NAMED_FORMATS: dict[str, NoticeOutput] = {".json": "json", ".toml": "toml", ".xlsx": "xlsx"}


def _notice_format(args: argparse.Namespace, target: Output | None) -> NoticeOutput:
    """JSON, TOML or the 分工表 workbook: as --format says, else as the output's name says."""
    named = _NAMED_FORMATS.get(target.path.suffix.lower()) if target is not None else None
    chosen: NoticeOutput | None = args.format
    if chosen and named and chosen != named:
        raise OutputRefusedError(
            "output-wrong-type",
            f"-o {target.path if target else ''} 的扩展名与 --format {chosen} 不符："
            f"请把文件名改为以 .{chosen} 结尾，或去掉 --format。",
        )
    fmt = chosen or named or "json"
    if fmt == "xlsx" and target is None:
        raise OutputRefusedError(
            "output-required", "分工表工作簿要写到文件里：请加 -o 分工表.xlsx。"
        )
    return fmt


def _parse(args: argparse.Namespace, out: TextIO) -> int:
    seconds: float | None = args.time_limit
    limits = attrs.evolve(NOTICE_LIMITS, seconds=seconds) if seconds else NOTICE_LIMITS
    target = Output.of(args.output, "-o", NOTICE_FILE, WORKBOOK) if args.output else None
    fmt = _notice_format(args, target)
    with _writing(args, [target], _inputs(args, args.source)) as outputs:
        if target is not None and fmt == "xlsx":
            _keep_corrections(target.path, force=args.force)
        with _progress("读取通知") as progress:  # a long PDF shows its pages on a terminal
            result = read_notice(
                args.source,
                registry=_registry(args),
                roles=dict(args.role or ()),
                limits=limits,
                progress=progress,
            )
        if result.issues:
            print(render.issues_text(result.issues), file=sys.stderr)
        if fmt == "xlsx" and target is not None:
            from gzgk.excel.notice_book import notice_workbook  # noqa: PLC0415 - Excel edge

            book = notice_workbook(
                result.notice, result.issues, source=args.source, name=target.path.name
            )
            outputs.stage(target.path, book)
        elif fmt != "xlsx":
            text = dump_notice(result.notice, fmt, result.issues)
            if target is None:
                _print_text(text, out)
            else:
                _keep_corrections(target.path, force=args.force, payload=text.encode("utf-8"))
                outputs.stage(target.path, text)
    if target is not None:
        print(f"已写入{'分工表 ' if fmt == 'xlsx' else ' '}{target.path}", file=sys.stderr)
    print(render.notice_summary(result.notice), file=sys.stderr)
    if not result.valid:
        where = (
            "有错误的任务在分工表中标成粉红色，说明见批注和“问题”工作表"
            if fmt == "xlsx"
            else "有错误的地方见上面的提示（也写在结果的 issues 中）"
        )
        print(
            f"通知没有完整读出：已输出读懂的部分，{where}。请改正后重新解析，或直接修改输出的文件。",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    if fmt == "xlsx":
        print(
            f"请在 Excel 或 WPS 中核对 {args.output}（黄色单元格请核对），"
            f"保存后可直接用它代替原通知，如：gzgk generate {args.output} -o 报送表",
            file=sys.stderr,
        )
    return EXIT_OK


def _show(renderable: RenderableType, out: TextIO, args: argparse.Namespace) -> None:
    """Print a table: styled on a terminal; plain, ``render.WIDTH`` columns wide otherwise."""
    console = Console(file=out, markup=False, emoji=False, highlight=False)
    width: int | None = render.natural_width(renderable, console) if args.full else args.width
    if console.is_terminal:
        if width:
            console.width = width
        console.print(renderable)
    else:
        out.write(render.text(renderable, width or render.WIDTH) + "\n")


def _json(data: object, out: TextIO) -> None:
    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _matrix(args: argparse.Namespace, out: TextIO) -> int:
    if args.output:
        target = Output.of(args.output, "-o", WORKBOOK)
        with _writing(args, [target], _inputs(args)) as outputs:
            matrix = _matrix_of(args.notice, _registry(args), args)
            return _matrix_file(matrix, args, out, outputs)
    matrix = _matrix_of(args.notice, _registry(args), args)
    if args.format == "csv":
        return _matrix_file(matrix, args, out, None)
    query = render.MatrixQuery(unit=args.unit, task=args.task, role=args.role, expand=args.expand)
    if args.format == "json":
        _json(render.query_data(matrix, query), out)
    else:
        _show(render.query_view(matrix, query), out, args)
    return EXIT_OK


def _matrix_file(
    matrix: Matrix, args: argparse.Namespace, out: TextIO, outputs: OutputSet | None
) -> int:
    """The workbook or CSV of the matrix, or of the part that --unit, --task and --role select."""
    selected = matrix.select(unit=args.unit, task=args.task, role=args.role, expand=args.expand)
    if not selected.notice.tasks:
        print("gzgk：所选范围内没有任务，没有输出分工矩阵。[nothing-selected]", file=sys.stderr)
        return EXIT_FAILED
    if outputs is None:
        _print_text(render.records_csv(selected, expand=args.expand), out)
        return EXIT_OK
    from gzgk.excel.matrix_book import matrix_workbook  # noqa: PLC0415 - Excel edge

    scope = "，".join(
        part
        for part in (
            args.unit or "",
            f"任务{args.task}" if args.task else "",
            f"{args.role.label}单位" if args.role else "",
        )
        if part
    )
    outputs.stage(args.output, matrix_workbook(selected, scope=scope))
    print(f"已写入分工矩阵工作簿 {args.output}", file=sys.stderr)
    return EXIT_OK


def _matrix_of(notice: str, registry: Registry, args: argparse.Namespace | None = None) -> Matrix:
    read = read_notice(notice, registry=registry).unwrap()
    return Matrix.build(_scheduled(read, args)[0] if args is not None else read, registry)


def _scheduled(notice: Notice, args: argparse.Namespace | None) -> tuple[Notice, Round | None]:
    """The notice with the schedule --rounds states, and the round --round names."""
    return select_round(
        notice, rounds=getattr(args, "rounds", None), round=getattr(args, "round", None)
    )


class RoundOptionError(GzgkError, ValueError):
    """--previous or --history given without --round."""

    code = "usage-error"


def _needs_round(args: argparse.Namespace) -> None:
    """--previous and --history speak of rounds: they need --round.

    Raises:
        RoundOptionError: one of them is given without --round.
    """
    given = [
        option
        for option, name in (("--previous", "previous"), ("--history", "history"))
        if getattr(args, name, None)
    ]
    if given and not getattr(args, "round", None):
        raise RoundOptionError(
            f"{'、'.join(given)} 要与 --round 一起使用：请写明本期，如 --round 2024年第三季度"
        )


def _previous(
    args: argparse.Namespace, notice: Notice, round_: Round | None, history: History | None
) -> Previous | None:
    """Last round's answers from --previous and/or the history, checked against the notice."""
    if not getattr(args, "previous", None) and history is None:
        return None
    from gzgk.excel.previous import load_previous  # noqa: PLC0415 - Excel edge

    return load_previous(
        notice=notice, round=round_, summary=getattr(args, "previous", None), history=history
    )


def _diff(args: argparse.Namespace, out: TextIO) -> int:
    registry = _registry(args)
    old, new = _matrix_of(args.old, registry), _matrix_of(args.new, registry)
    diff = new.diff(old)
    if args.format == "json":
        _json(render.diff_data(diff, old, new), out)
    else:
        _show(render.diff_view(diff, old, new), out, args)
    return EXIT_OK if diff.empty else EXIT_DIFFERENT


def _key(path: str | None) -> Key | None:
    return Key.load(path) if path else None


def _generate(args: argparse.Namespace, out: TextIO) -> int:
    _needs_round(args)
    target = Output.of(args.output, "-o", FOLDER)
    with _writing(args, [target], _inputs(args, args.previous, args.history)):
        return _generate_into(args, out)


def _generate_into(args: argparse.Namespace, out: TextIO) -> int:
    from gzgk.excel.generate import generate_returns, unresolved_notes  # noqa: PLC0415 - Excel edge

    registry = _registry(args)
    parsed = read_notice(args.notice, registry=registry)
    if parsed.issues:  # guesses (warnings) are shown too: the roles go into every return
        print(render.issues_text(parsed.issues), file=sys.stderr)
    if not parsed.notice.tasks or (not parsed.valid and not args.allow_unresolved):
        print(
            "gzgk：通知没有完整读出（见上面的错误），没有生成报送表：按读错的通知生成的报送表"
            "发出去就收不回来。请改正通知（或用 gzgk parse 输出后直接修改）再生成。"
            "确需先按读出的部分生成，请加 --allow-unresolved。[notice-has-errors]",
            file=sys.stderr,
        )
        return EXIT_FAILED
    if not parsed.valid:
        print(
            "gzgk：通知没有完整读出（见上面的错误），按 --allow-unresolved 只为读出的任务和单位"
            "生成报送表；出错的任务改正后须重新生成。[notice-has-errors]",
            file=sys.stderr,
        )
    notice, round_ = _scheduled(parsed.notice, args)
    matrix = Matrix.build(notice, registry)
    unknown = [item for item in matrix.unresolved() if item.reason != "per-task-group"]
    if unknown and not args.allow_unresolved:
        lines = "\n".join(f"  - {item.message}" for item in unknown)
        print(
            f"gzgk：通知中有 {len(unknown)} 处单位名称不在单位名录中，不知道该由哪个单位报送，"
            f"没有生成报送表：\n{lines}\n"
            "请更正通知中的名称，或在单位名录中补充这些单位（--registry 指定自己的名录；"
            "其他城市的通知可先用 gzgk registry draft 生成名录草稿）。"
            "确需先为其他单位生成，请加 --allow-unresolved。[unknown-units]",
            file=sys.stderr,
        )
        return EXIT_FAILED
    with contextlib.ExitStack() as stack:
        history = stack.enter_context(History.open(args.history)) if args.history else None
        previous = _previous(args, notice, round_, history)
    result = generate_returns(
        matrix,
        args.output,
        units=args.unit or None,
        key=_key(args.key),
        force=args.force,
        round=round_,
        previous=previous,
    )
    signed = "已签名" if args.key else "未签名（没有提供 --key）"
    which = f"“{round_.label}”的" if round_ is not None else ""
    out.write(f"已生成{which} {len(result.files)} 份报送表（{signed}）和分发清单：{args.output}\n")
    if previous is not None:
        carried = sum(1 for plan in result.plans if plan.previous)
        out.write(
            f"其中 {carried} 份预填了各单位上期（{previous.round or '上期'}）被采用的答复，"
            "须逐项更新并填写“本期是否有新进展”。\n"
        )
    notes = unresolved_notes(matrix)
    if notes:
        print("\n".join(notes) + "\n（以上说明也写在分发清单中。）", file=sys.stderr)
    return EXIT_OK if parsed.valid and not unknown else EXIT_PROBLEMS


def _draft_summary(
    notice: Notice, drafted: Registry, base: Registry | None, args: argparse.Namespace
) -> str:
    """What ``registry draft`` wrote and what the office does next."""
    counts = f"{len(drafted.units)} 个单位、{len(drafted.groups)} 个单位组"
    command = f"gzgk --registry {args.registry or args.output} generate {args.notice} -o 报送表"
    if base is not None:
        known = sum(1 for name in notice.names() if base.find(name) is not None)
        if not drafted.units and not drafted.groups:
            return (
                f"通知中的 {known} 个单位名称都已在单位名录“{base.name}”中，不需要补充"
                f"（{args.output} 中没有新单位）。可以直接：\n  {command}"
            )
        return (
            f"已写入单位名录草稿 {args.output}：单位名录“{base.name}”中没有的 {counts}"
            f"（另有 {known} 个名称已在名录中）。\n"
            f"请按草稿开头的说明核对、补充后，把其中的单位和单位组复制到 {args.registry} 末尾，"
            f"然后：\n  {command}"
        )
    lines = [f"已写入单位名录草稿 {args.output}：{counts}，名称照通知原样，均待核实。"]
    empty = [g.name for g in drafted.groups if not g.per_task and not drafted.members(g)]
    if empty:
        lines.append(f"  需要在名录中列出成员单位的单位组：{'；'.join(empty)}")
    per_task = [g.name for g in drafted.groups if g.per_task]
    if per_task:
        lines.append(f"  需要在通知文件中逐项明确成员的单位组：{'；'.join(per_task)}")
    lines.append(
        f"请用记事本打开 {args.output}，按开头的说明填写全称、核对类别、补充成员单位和"
        f"联系人、电话，然后：\n  {command}"
    )
    return "\n".join(lines)


def _keep_corrections(target: Path, *, force: bool, payload: bytes | None = None) -> None:
    """Refuse to replace a notice file the clerk may have corrected, unless ``--force``.

    A workbook is replaced while it is as gzgk wrote it (never saved since in
    Excel, WPS or LibreOffice); a TOML or JSON file while it holds exactly what
    would be written (``payload``): anything else may hold corrections.

    Raises:
        OutputRefusedError: ``file-exists``.
    """
    if force or not target.is_file():
        return
    if payload is None:
        if package_origin(target) == "gzgk":
            return
    elif target.stat().st_size == len(payload) and target.read_bytes() == payload:
        return
    why = "它可能是改正过的分工表或通知文件，覆盖会丢掉改正"
    _keep_existing(target, why, "file-exists", force=force)


def _keep_existing(target: Path, why: str, code: str, *, force: bool) -> None:
    """Refuse to replace a file the user may have changed, unless ``--force`` says so.

    Raises:
        OutputRefusedError: ``code``, when ``target`` exists and ``--force`` was not given.
    """
    if target.exists() and not force:
        raise OutputRefusedError(
            code, f"“{target}”已存在，未覆盖（{why}）。请换一个文件名，确需覆盖请加 --force"
        )


def _registry_draft(args: argparse.Namespace, out: TextIO) -> int:
    target = Path(args.output)
    _keep_existing(target, "里面可能有您改过的内容", "file-exists", force=args.force)
    with _writing(args, [Output.of(target, "-o", _REGISTRY_FILE)], _inputs(args)) as outputs:
        return _draft_into(args, out, target, outputs)


def _draft_into(args: argparse.Namespace, out: TextIO, target: Path, outputs: OutputSet) -> int:
    base = Registry.load(args.registry) if args.registry else None
    parsed = read_notice(args.notice, registry=base)
    if parsed.issues:
        print(render.issues_text(parsed.issues), file=sys.stderr)
    if not parsed.notice.tasks:
        print(
            "gzgk：通知中没有读出任务，没有写出单位名录草稿。[notice-has-errors]", file=sys.stderr
        )
        return EXIT_FAILED
    text = draft_registry(parsed.notice, name=args.name or "", base=base)
    drafted = Registry.from_toml(text, source=str(target))
    outputs.stage(target, text)
    out.write(_draft_summary(parsed.notice, drafted, base, args) + "\n")
    if not parsed.valid:
        print(
            "gzgk：通知没有完整读出（见上面的错误）：草稿只含读出部分的单位名称。"
            "请改正通知后重新生成草稿（加 --force 覆盖）。[notice-has-errors]",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    return EXIT_OK


def _keygen(args: argparse.Namespace, out: TextIO) -> int:
    target = Path(args.output)
    _keep_existing(target, "旧密钥签名的报送表需要旧密钥核对", "key-exists", force=args.force)
    key = Key.generate()
    with _writing(args, [Output.of(target, "-o", TEXT)], []) as outputs:
        outputs.stage(target, key.to_text(), private=True)
    out.write(f"已生成密钥 {target}（标识 {key.id}）。请妥善保管，不要发给填报单位。\n")
    return EXIT_OK


def _existing(paths: Sequence[str]) -> None:
    """Refuse paths that do not exist before any work starts."""
    missing = [path for path in paths if not Path(path).exists()]
    if missing:
        raise PathNotFoundError(missing)


@contextlib.contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr while files are read (only on a terminal)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import (  # noqa: PLC0415 - only for terminals
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def _limits(args: argparse.Namespace) -> Limits:
    from gzgk.excel.read import Limits  # noqa: PLC0415 - Excel edge

    seconds: float | None = args.time_limit
    return Limits(seconds=seconds) if seconds else Limits()


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    _existing(args.paths)
    annotate_to = Output.of(args.annotate, "--annotate", FOLDER) if args.annotate else None
    with _writing(args, [annotate_to], _inputs(args, *args.paths)):
        return _validate_files(args, out)


def _validate_files(args: argparse.Namespace, out: TextIO) -> int:
    from gzgk.excel.validate import annotate, check_files, report_of  # noqa: PLC0415 - Excel edge

    registry = _registry(args)
    notice = read_notice(args.notice, registry=registry).unwrap() if args.notice else None
    round_: Round | None = None
    if notice is not None:
        notice, round_ = _scheduled(notice, args)
        notice = notice.for_round(round_) if round_ is not None else notice
    elif args.round:
        round_ = Round(name=args.round.partition("=")[0].strip())
    key = _key(args.key)
    with _progress("核对报送表") as progress:
        records = check_files(
            args.paths,
            notice=notice,
            registry=registry,
            key=key,
            limits=_limits(args),
            workers=args.workers,
            progress=progress,
            round=round_.name if round_ is not None else None,
        )
    if not any(record.read for record in records):
        others = [Path(record.path).name for record in records]
        seen = (
            f"（只有 {len(others)} 项其他内容，未读取：{'、'.join(others[:5])}）" if others else ""
        )
        print(
            f"gzgk：在 {'、'.join(args.paths)} 中没有找到报送表（.xlsx 等表格文件）{seen}。"
            "[no-returns]",
            file=sys.stderr,
        )
        return EXIT_FAILED
    report = report_of(records, notice=notice, key=key)
    if args.format == "json":
        _json(render.report_data(report), out)
    else:
        out.write(render.report_text(report) + "\n")
    if args.annotate:
        copies = [
            (record.report, path)
            for record in records
            if (path := annotate(record.report, args.annotate, relative=record.relative))
        ]
        for _, path in copies:
            print(f"  批注副本：{path}", file=sys.stderr)
        annotated = [file for file, _ in copies]
        print(render.annotated_line(report.read, annotated, args.annotate), file=sys.stderr)
    return EXIT_OK if report.valid else EXIT_PROBLEMS


_CLOCK = re.compile(r"(?P<day>.+?)\s+(?P<hour>\d{1,2})\s*[:：]\s*(?P<minute>\d{2})")


def _as_of(text: str) -> dt.datetime:
    """A moment typed as a day (the end of it; written as --rounds takes it) with an optional time.

    2024-07-10, 2024年7月10日 or 2024/7/10, then 18:00 if wanted; ISO 8601 moments too.
    """
    found = _CLOCK.fullmatch(text.strip())
    day = read_day(found["day"] if found else text)
    try:
        if day is None and len(text.strip()) <= len("2024-07-10"):
            day = dt.date.fromisoformat(text.strip())  # 20240710
        if day is None:
            return dt.datetime.fromisoformat(text.strip()).astimezone()
        clock = dt.time(int(found["hour"]), int(found["minute"])) if found else None
        return dt.datetime.combine(day, clock or dt.time(23, 59, 59)).astimezone()
    except (ValueError, OverflowError) as error:
        raise argparse.ArgumentTypeError(
            f"“{text}”不是日期；请写成 2024-07-10 或 “2024-07-10 18:00”（也可写 2024年7月10日）"
        ) from error


def _summary(args: argparse.Namespace, history: History | None = None) -> Summary:
    from gzgk.excel.merge import merge_paths  # noqa: PLC0415 - Excel edge

    registry = _registry(args)
    notice, round_ = _scheduled(read_notice(args.notice, registry=registry).unwrap(), args)
    previous = _previous(args, notice, round_, history)
    with _progress("汇总报送表") as progress:
        summary = merge_paths(
            args.paths,
            notice=notice,
            registry=registry,
            key=_key(args.key),
            as_of=args.as_of,
            limits=_limits(args),
            workers=args.workers,
            progress=progress,
            round=round_,
            previous=previous,
            soon=args.due_soon,
        )
    if not summary.files:
        print(
            f"gzgk：在 {'、'.join(args.paths)} 中没有找到报送表，所有单位都记为未报送。",
            file=sys.stderr,
        )
    return summary


def _files_valid(summary: Summary) -> int:
    """1 when a file read has an error (a unit not reporting is the office's news, not an error)."""
    return EXIT_OK if all(file.valid for file in summary.files) else EXIT_PROBLEMS


def _merge(args: argparse.Namespace, out: TextIO) -> int:
    from gzgk.excel.summary_book import summary_workbook  # noqa: PLC0415 - Excel edge

    _needs_round(args)
    _existing([*args.paths, *([args.previous] if args.previous else [])])
    book = Output.of(args.output, "-o", WORKBOOK)
    word = Output.of(args.docx, "--docx", DOCUMENT) if args.docx else None
    ledger = Output.of(args.history, "--history", HISTORY) if args.history else None
    inputs = _inputs(args, *args.paths, args.previous)
    history: History | None = None
    try:
        with _writing(args, [book, word], inputs, in_place=[ledger], summary=True) as outputs:
            if args.history:
                history = History.open(args.history, create=True)
            summary = _summary(args, history)
            recorded = (
                history.begin(summary, replace=args.replace_round) if history is not None else None
            )
            outputs.stage(book.path, summary_workbook(summary, invalid_text=args.invalid_text))
            written = [f"汇总表：{book.path}"]
            if word is not None:
                from gzgk.word import compilation_docx  # noqa: PLC0415 - Word edge

                docx = compilation_docx(summary, invalid_text=args.invalid_text)
                outputs.stage(word.path, docx)
                written.append(f"Word 汇编稿：{word.path}")
        if history is not None and recorded is not None:  # the workbooks are in place
            history.commit()
            written.append(f"台账：{args.history}（{recorded.label}，{recorded.entries} 条答复）")
    finally:
        if history is not None:
            history.close()  # a round not committed is discarded
    out.write(render.summary_text(summary) + "\n")
    out.write("已写入 " + "；".join(written) + "\n")
    return _files_valid(summary)


def _remind(args: argparse.Namespace, out: TextIO) -> int:
    _needs_round(args)
    _existing([*args.paths, *([args.previous] if args.previous else [])])
    target = Output.of(args.output, "-o", REMINDERS) if args.output else None
    inputs = _inputs(args, *args.paths, args.previous, args.history)
    with _writing(args, [target], inputs) as outputs, contextlib.ExitStack() as stack:
        history = stack.enter_context(History.open(args.history)) if args.history else None
        summary = _summary(args, history)
        if target is not None:
            from gzgk.excel.summary_book import reminders_data  # noqa: PLC0415 - Excel edge

            outputs.stage(target.path, reminders_data(summary, target.path))
    _show(render.reminders_table(summary), out, args)
    if target is not None:
        print(f"已写入催报清单 {target.path}", file=sys.stderr)
    return _files_valid(summary)


def _history(args: argparse.Namespace, out: TextIO) -> int:
    with History.open(args.database) as history:
        notice = _history_notice(history, args)
        items: Sequence[render.HistoryItem]
        if args.round is not None and args.output:
            return _history_summary(args, out, history, notice)
        if args.output or args.docx:
            raise RoundOptionError("-o 和 --docx 要与 --round 一起使用：写出哪一期的汇总表")
        if args.stalled is not None:
            kind, items, title = (
                "stalled",
                history.stalled(notice, args.stalled),
                f"连续 {args.stalled} 期及以上未更新的任务",
            )
        elif args.unit or args.task:
            unit_id, task_id, title = _history_filter(history, notice, args)
            kind, items = "entries", history.entries(notice, unit_id=unit_id, task_id=task_id)
        else:
            kind, items, title = "rounds", history.rounds(notice), "台账中的各期"
    records = render.history_records(items, codes=args.format == "json")
    if args.format == "json":
        _json(records, out)
    elif args.format == "csv":
        _print_text(render.history_csv(kind, records), out)
    else:
        _show(render.history_table(kind, records, title=title), out, args)
    return EXIT_OK


def _history_notice(history: History, args: argparse.Namespace) -> str:
    """The fingerprint of the notice asked about: --notice, else the one recorded last."""
    known = history.notices()
    if not known:
        raise HistoryQueryError(f"台账“{args.database}”中还没有记录任何一期")
    if args.notice:
        from gzgk.returns import notice_fingerprint  # noqa: PLC0415 - only here

        wanted = notice_fingerprint(read_notice(args.notice, registry=_registry(args)).unwrap())
        if wanted not in dict(known):
            titles = "；".join(title for _, title in known)
            raise HistoryQueryError(f"台账中没有这份通知的记录（台账中的通知：{titles}）")
        return wanted
    latest = history.latest_notice() or known[-1][0]
    if len(known) > 1:
        print(
            f"台账中有 {len(known)} 份通知，显示最近记入的“{dict(known)[latest]}”"
            "（用 --notice 选择其他通知）",
            file=sys.stderr,
        )
    return latest


def _history_filter(
    history: History, notice: str, args: argparse.Namespace
) -> tuple[str | None, str | None, str]:
    """The unit id and task id that --unit and --task name, and the listing's title."""
    recorded = history.entries(notice)
    unit_id = task_id = None
    titles: list[str] = []
    if args.unit:
        names = {row.unit_name: row.unit_id for row in recorded}
        try:
            unit_id = _registry(args).unit(args.unit).id
        except GzgkError:
            unit_id = names.get(args.unit)
        if unit_id is None or unit_id not in names.values():
            raise HistoryQueryError(
                f"台账中没有“{args.unit}”的答复（有答复的单位：{'、'.join(names) or '无'}）"
            )
        titles.append(next(name for name, key in names.items() if key == unit_id))
    if args.task:
        from gzgk.numbering import parse_task_ref  # noqa: PLC0415 - only here

        ref = parse_task_ref(args.task)
        numbers = {row.task_number: row.task_id for row in recorded}
        task_id = next(
            (tid for number, tid in numbers.items() if ref in (number, tid, _seq(tid))), None
        )
        if task_id is None:
            raise HistoryQueryError(
                f"台账中没有任务“{args.task}”的答复（任务：{'、'.join(numbers) or '无'}）"
            )
        titles.append(f"任务（{next(n for n, t in numbers.items() if t == task_id)}）")
    return unit_id, task_id, "、".join(titles) + "的各期答复"


def _seq(task_id: str) -> int | None:
    digits = task_id.removeprefix("T")
    return int(digits) if digits.isdigit() else None


class HistoryQueryError(GzgkError, LookupError):
    """A history query names what the history does not hold."""

    code = "history-query"


def _history_summary(args: argparse.Namespace, out: TextIO, history: History, notice: str) -> int:
    """Write a recorded round's summary workbook (and Word file) again."""
    from gzgk.excel.summary_book import summary_workbook  # noqa: PLC0415 - Excel edge

    book = Output.of(args.output, "-o", WORKBOOK)
    word = Output.of(args.docx, "--docx", DOCUMENT) if args.docx else None
    registry = Registry.load(args.registry) if args.registry else None
    summary = history.summary(notice, args.round, registry=registry)
    with _writing(args, [book, word], [args.database, *_inputs(args)], summary=True) as outputs:
        outputs.stage(book.path, summary_workbook(summary))
        if word is not None:
            from gzgk.word import compilation_docx  # noqa: PLC0415 - Word edge

            outputs.stage(word.path, compilation_docx(summary))
    out.write(render.summary_text(summary) + "\n")
    written = "；".join(str(output.path) for output in (book, word) if output is not None)
    out.write(f"已从台账重新写出 {written}\n")
    return EXIT_OK


def _history_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    history = commands.add_parser(
        "history",
        help="查询台账数据库：各单位、各任务每期的答复，连续未更新的任务；重新写出某期汇总表",
        description="查询 gzgk merge --history 写出的台账数据库。不加条件时列出已记录的各期。",
    )
    history.add_argument("database", metavar="台账.sqlite", help="台账数据库文件")
    history.add_argument("--notice", metavar="通知", help="台账中有多份通知时，选择其中一份")
    history.add_argument("--unit", metavar="单位", help="某单位每期的答复（全称、简称或别名）")
    history.add_argument(
        "--task", metavar="任务", help="某项任务每期各单位的答复（序号 8 或编号 八）"
    )
    history.add_argument(
        "--stalled",
        metavar="期数",
        type=_rounds_count,
        help="连续这么多期未更新（落实情况与上期相同）的任务和单位，如 --stalled 2",
    )
    history.add_argument(
        "--round",
        metavar="期次",
        type=str,  # "" names the unscheduled round
        help='与 -o 一起：重新写出这一期的汇总表（未分期的写 ""）',
    )
    history.add_argument("-o", "--output", metavar="文件.xlsx", help="重新写出的汇总表")
    history.add_argument("--docx", metavar="文件.docx", help="同时重新写出 Word 汇编稿")
    history.add_argument(
        "--format", choices=("table", "json", "csv"), default="table", help="输出格式（默认 table）"
    )
    _layout_options(history)
    history.set_defaults(run=_history)


def _rounds_count(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"“{text}”不是期数；请写不小于 1 的整数，如 2")
    return int(text)


def _excel_control(args: argparse.Namespace, out: TextIO) -> int:
    from gzgk.excel.control import control_workbook  # noqa: PLC0415 - Excel edge

    target = Path(args.output)
    with _writing(args, [Output.of(target, "-o", CONTROL)], _inputs(args)) as outputs:
        registry = _registry(args)
        notice = read_notice(args.notice, registry=registry).unwrap() if args.notice else None
        data = control_workbook(notice=notice, source=args.notice or "", registry=registry)
        if target.suffix.lower() == ".xlsm":
            from gzgk.excel.addin import control_xlsm  # noqa: PLC0415 - needs gzgk[excel]

            data = control_xlsm(data)
            where = "本表右侧的按钮（打开时请启用宏）"
        else:
            where = "“政务公开”选项卡上的按钮"
        outputs.stage(target, data)
    out.write(f"已写入控制台 {target}：在黄色单元格中填写参数后，点{where}。\n")
    return EXIT_OK


def _excel_build_addin(args: argparse.Namespace, out: TextIO) -> int:
    from gzgk.excel.addin import build_addin  # noqa: PLC0415 - needs gzgk[excel]

    check_outputs([Output.of(args.output, "-o", ADDIN)])
    build = build_addin(args.output)
    out.write(f"已生成加载项 {build.path}（xlwings {build.xlwings_version}）\n")
    return EXIT_OK


def _excel_bundle(args: argparse.Namespace, out: TextIO) -> int:
    from gzgk.excel.bundle import build_bundle, windows_target  # noqa: PLC0415 - maintainers

    check_outputs([Output.of(args.output, "-o", _BUNDLE)])
    bundle = build_bundle(
        args.output,
        target=windows_target(args.python or ()),
        wheel=Path(args.wheel) if args.wheel else None,
        find_links=[Path(folder) for folder in args.find_links or ()],
        index=not args.no_index,
        progress=lambda line: print(line, file=sys.stderr),
    )
    pythons = "、".join(bundle.target.pythons)
    out.write(
        f"已生成安装包 {bundle.path}：gzgk {bundle.gzgk_version}，xlwings "
        f"{bundle.xlwings_version}，{len(bundle.wheels)} 个 .whl，"
        f"适用于 {bundle.target.name} 的 Python {pythons}\n"
    )
    return EXIT_OK


def _excel_run(args: argparse.Namespace, out: TextIO) -> int:
    from gzgk.excel.macros import run_file  # noqa: PLC0415 - Excel edge

    _existing([args.control, *([args.workbook] if args.workbook else [])])
    with _progress("处理中") as progress:
        outcome = run_file(args.macro, args.control, workbook=args.workbook, progress=progress)
    out.write(outcome.message + "\n")
    for line in outcome.details:
        out.write(f"  {line}\n")
    return EXIT_OK if outcome.ok else EXIT_PROBLEMS


def _excel_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from gzgk.contract import ADDIN  # noqa: PLC0415 - names only, no workbook library

    excel = commands.add_parser(
        "excel",
        help="Excel 控制台和加载项；WPS、麒麟、统信电脑上运行按钮的操作",
        description="Excel 控制台和“政务公开”加载项。没有 Excel 加载项时（WPS、麒麟、统信），"
        "用 gzgk excel run 运行同样的操作。",
    )
    tools = _commands(excel, "excel_command")
    control = tools.add_parser(
        "control", help="生成控制台工作簿", description="生成控制台工作簿（填写各按钮用的参数）。"
    )
    control.add_argument(
        "-o",
        "--output",
        metavar="文件.xlsx",
        required=True,
        help="控制台文件；以 .xlsm 结尾时带宏按钮（不装加载项也能点按钮）",
    )
    control.add_argument(
        "--notice", metavar="通知", help="预先填入的通知（并列出需要明确成员的单位组）"
    )
    control.set_defaults(run=_excel_control)
    names = "、".join(f"{button.macro}（{button.label}）" for button in ADDIN.BUTTONS)
    run = tools.add_parser(
        "run",
        help="在控制台上运行一个按钮的操作（WPS、Linux 用）",
        description=f"按控制台中的参数运行一个操作，结果和日志写回控制台。操作：{names}",
    )
    run.add_argument(
        "macro", metavar="操作", choices=[button.macro for button in ADDIN.BUTTONS], help=names
    )
    run.add_argument("control", metavar="控制台.xlsx", help="控制台工作簿（先保存并关闭）")
    run.add_argument(
        "--workbook", metavar="报送表.xlsx", help="validate_current 要核对的报送表（批注写入副本）"
    )
    run.set_defaults(run=_excel_run)
    build = tools.add_parser(
        "build-addin",
        help="生成 Excel 加载项 gzgk.xlam",
        description="用已安装的 xlwings 生成“政务公开”加载项（install.cmd 会调用）。",
    )
    build.add_argument("-o", "--output", metavar="文件.xlam", required=True, help="加载项文件")
    build.set_defaults(run=_excel_build_addin)
    bundle = tools.add_parser(
        "bundle",
        help="生成离线安装包（给不能上网的 Windows 电脑）",
        description="在能访问软件包索引的电脑上，收集 gzgk 和它在 64 位 Windows 上需要的全部 "
        ".whl、install.cmd、安装说明和带按钮的控制台，打成一个 zip 文件。",
    )
    bundle.add_argument("-o", "--output", metavar="文件.zip", required=True, help="安装包文件")
    bundle.add_argument(
        "--python",
        metavar="3.12",
        action="append",
        help="只为这个 Python 版本收集（可多次给出；默认 xlwings 支持的全部版本）",
    )
    bundle.add_argument(
        "--wheel", metavar="gzgk.whl", help="gzgk 自己的 .whl（默认从源代码目录生成）"
    )
    bundle.add_argument(
        "--find-links", metavar="文件夹", action="append", help="也从这个文件夹中取 .whl"
    )
    bundle.add_argument(
        "--no-index", action="store_true", help="不访问软件包索引，只用 --find-links 中的文件"
    )
    bundle.set_defaults(run=_excel_bundle)


def _registry_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    registry = commands.add_parser(
        "registry",
        help="单位名录：为其他城市的通知生成名录草稿",
        description="单位名录。其他城市的通知没有内置名录：先用 draft 生成草稿，"
        "改好后用 gzgk --registry 文件 使用。",
    )
    tools = _commands(registry, "registry_command")
    draft = tools.add_parser(
        "draft",
        help="根据通知中的单位名称生成单位名录草稿",
        description="根据通知中出现的单位名称生成单位名录草稿（TOML），供填写全称、类别、"
        "成员单位和联系人后使用。加 --registry 时只列出该名录中没有的名称。",
    )
    draft.add_argument("notice", metavar="通知", help="通知文件或内置通知名")
    draft.add_argument("-o", "--output", metavar="文件.toml", required=True, help="草稿文件")
    draft.add_argument(
        "--name", metavar="地名", help="名录所属的地方，如 吉安市（默认按发文机关推定）"
    )
    draft.add_argument("--force", action="store_true", help="覆盖已有的文件")
    draft.set_defaults(run=_registry_draft)


def _matrix_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    matrix = commands.add_parser(
        "matrix", help="查询任务 × 单位的分工矩阵", description="查询任务 × 单位的分工矩阵。"
    )
    matrix.add_argument("notice", metavar="通知", help="通知文件或内置通知名")
    matrix.add_argument("--unit", metavar="单位", help="只看某单位的任务（全称、简称或别名均可）")
    matrix.add_argument("--task", metavar="任务", help="只看某项任务（序号 8 或编号 八）")
    matrix.add_argument(
        "--role",
        type=_role,
        metavar="职责",
        help="只看某种职责：lead/牵头、responsible/责任、cooperating/配合",
    )
    matrix.add_argument(
        "--expand", action="store_true", help="把单位组展开为成员单位（单位继承所在组的职责）"
    )
    matrix.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help="输出格式（默认 table；csv 为所选范围的分工记录）",
    )
    matrix.add_argument(
        "-o",
        "--output",
        metavar="文件.xlsx",
        help="写出分工矩阵工作簿（A4 横向，可直接打印）；加 --unit、--task、--role 时只含所选范围",
    )
    _layout_options(matrix)
    _round_options(matrix, round_=False)
    matrix.set_defaults(run=_matrix)

    diff = commands.add_parser(
        "diff",
        help="比较两份通知：新增、删除、改写的任务，职责有变化的单位",
        description="比较两份通知（如今年的和去年的）：新增、删除、改写的任务，以及职责有变化的"
        "单位。相同时退出码为 0，有不同时为 1，出错时为 2。",
    )
    diff.add_argument("old", metavar="原通知", help="原来的（如去年的）通知文件或内置通知名")
    diff.add_argument("new", metavar="新通知", help="新的（如今年的）通知文件或内置通知名")
    diff.add_argument(
        "--format", choices=("table", "json"), default="table", help="输出格式（默认 table）"
    )
    _layout_options(diff)
    diff.set_defaults(run=_diff)  # 1 means “they differ”: trouble is 2, as everywhere


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gzgk",
        description="任务分工通知：解析通知、查询分工矩阵、生成和检查报送表。",
        epilog=f"通知可以是文件路径（{NOTICE_FILES}），也可以是内置通知名（如 ganzhou-2024）。",
    )
    parser.add_argument(
        "--registry", metavar="文件", help="使用自己的单位名录（TOML），代替内置的赣州名录"
    )
    parser.set_defaults(failed=EXIT_FAILED)
    commands = _commands(parser, "command")

    parse = commands.add_parser(
        "parse",
        help="把通知解析成 JSON、TOML 或可在 Excel 中改正的分工表",
        description="把通知解析成 JSON、TOML，或写成分工表工作簿（-o 分工表.xlsx）："
        "在 Excel 或 WPS 中改正后，各命令都可以直接用它作为通知。",
    )
    parse.add_argument("source", metavar="通知", help="通知文件或内置通知名")
    parse.add_argument(
        "-o",
        "--output",
        metavar="文件",
        help="写入文件（默认输出到屏幕）；以 .xlsx 结尾时写成分工表工作簿",
    )
    parse.add_argument(
        "--format",
        choices=("json", "toml", "xlsx"),
        help="输出格式（默认按 -o 的扩展名：.toml、.xlsx，其余为 json）",
    )
    parse.add_argument(
        "--role",
        action="append",
        type=_role_word,
        metavar="标注=角色",
        help="按指定角色理解某个标注或表头，可多次使用，如 --role 主要责任单位=牵头"
        "（长期使用可写进单位名录的 [role_words]）",
    )
    parse.add_argument(
        "--force", action="store_true", help="覆盖已有的输出文件（默认不覆盖，以免丢掉改正）"
    )
    parse.add_argument(
        "--time-limit",
        metavar="秒",
        type=_seconds,
        help=f"读取通知文件最多用的秒数，超时即中止（默认 {NOTICE_LIMITS.seconds:g}）",
    )
    parse.set_defaults(run=_parse)

    _matrix_commands(commands)

    generate = commands.add_parser(
        "generate",
        help="为每个单位生成报送表",
        description="为每个需要报送的单位生成一份报送表，并生成分发清单。",
    )
    generate.add_argument("notice", metavar="通知", help="通知文件或内置通知名")
    generate.add_argument(
        "-o", "--output", metavar="文件夹", required=True, help="报送表写入的文件夹"
    )
    generate.add_argument(
        "--unit", metavar="单位", action="append", help="只为这个单位生成（可重复）"
    )
    generate.add_argument(
        "--key", metavar="密钥文件", help="用密钥签名（gzgk keygen 生成），防止伪造"
    )
    generate.add_argument(
        "--force",
        action="store_true",
        help="替换文件夹中同名的空白报送表（已填写的报送表任何时候都不会被替换）",
    )
    generate.add_argument(
        "--allow-unresolved",
        action="store_true",
        help="通知有读错的地方或有单位名称不在单位名录中时，仍按读出的部分生成"
        "（这些名称没有报送表，分发清单中列出）",
    )
    _round_options(
        generate,
        previous="上期的汇总表：各单位上期被采用的答复预填进本期报送表（蓝色斜体），上期状态列在旁边",
        history="台账数据库（gzgk merge --history 写出）：从中取各单位最近一次被采用的答复预填",
    )
    generate.set_defaults(run=_generate)

    keygen = commands.add_parser("keygen", help="生成签名密钥", description="生成报送表签名密钥。")
    keygen.add_argument("-o", "--output", metavar="文件", required=True, help="密钥文件")
    keygen.add_argument("--force", action="store_true", help="覆盖已有的密钥文件")
    keygen.set_defaults(run=_keygen)

    validate = commands.add_parser(
        "validate", help="检查报回的报送表", description="检查报回的报送表，逐项列出问题。"
    )
    validate.add_argument(
        "paths", metavar="路径", nargs="+", help="报送表文件或文件夹（含子文件夹）"
    )
    validate.add_argument(
        "--notice", metavar="通知", help="核对是否属于这份通知，并按通知核对任务内容"
    )
    validate.add_argument("--key", metavar="密钥文件", help="核验签名")
    validate.add_argument(
        "--format", choices=("text", "json"), default="text", help="输出格式（默认 text）"
    )
    validate.add_argument(
        "--annotate",
        metavar="文件夹",
        help="把有问题的报送表标注后另存到此文件夹（不覆盖已有文件）",
    )
    _batch_options(validate)
    _round_options(validate)
    validate.set_defaults(run=_validate)

    merge = commands.add_parser(
        "merge",
        help="把报回的报送表汇总成一个工作簿（可另出 Word 汇编稿）",
        description="把各单位报回的报送表汇总成一个工作簿：报送情况、进度矩阵、落实明细、"
        "按任务汇编、问题清单、催报清单；可另写出 Word 汇编稿。",
    )
    _summary_options(merge, writes_history=True)
    merge.add_argument("-o", "--output", metavar="文件.xlsx", required=True, help="汇总工作簿")
    merge.add_argument("--docx", metavar="文件.docx", help="另写出按任务汇编的 Word 文档")
    merge.add_argument(
        "--replace-round",
        action="store_true",
        help="台账中已记有本期时，即使这次汇总缺少其中某些单位的报送表，也整期替换"
        "（这些单位本期的答复会从台账中删去；不加时拒绝记入并列出这些单位）",
    )
    merge.add_argument(
        "--invalid-text",
        choices=("appendix", "omit"),
        default="appendix",
        help="不合格报送表的内容放在哪里：appendix（默认）放在汇编末尾标明“未采用的报送内容”；"
        "omit 不列出。无论哪种，都不会以该单位的名义列入汇编正文",
    )
    merge.set_defaults(run=_merge)

    remind = commands.add_parser(
        "remind",
        help="列出需要催报的单位（未报、逾期、不合格）",
        description="列出未报送、逾期报送或报送表不合格的单位，以及需要补报或修改的内容。",
    )
    _summary_options(remind)
    remind.add_argument("-o", "--output", metavar="文件", help="另存催报清单（.xlsx 或 .csv）")
    _layout_options(remind)
    remind.set_defaults(run=_remind)
    _history_commands(commands)
    _registry_commands(commands)
    _excel_commands(commands)
    return parser


def _layout_options(command: argparse.ArgumentParser) -> None:
    layout = command.add_mutually_exclusive_group()
    layout.add_argument(
        "--width",
        metavar="列数",
        type=_width,
        help="表格的宽度，长的内容在格内折行（默认为终端的宽度；输出到文件或管道时为 100）",
    )
    layout.add_argument(
        "--full", action="store_true", help="表格不折行，每项只占一行（便于 grep 或复制到表格）"
    )


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not (0 < seconds <= _MAX_SECONDS):  # also refuses nan and inf
        raise argparse.ArgumentTypeError(
            f"“{text}”不是有效的秒数；请写大于 0、不超过 {_MAX_SECONDS} 的数，如 30"
            "（太小会让每个文件都来不及读完）"
        )
    return seconds


def _workers(text: str) -> int:
    if not text.strip().isdigit() or not (1 <= int(text) <= _MAX_WORKERS):
        raise argparse.ArgumentTypeError(
            f"“{text}”不是有效的进程数；请写 1 到 {_MAX_WORKERS} 之间的整数，如 2"
        )
    return int(text)


def _batch_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--time-limit",
        metavar="秒",
        type=_seconds,
        help="每个文件最多读取的秒数，超时即中止该文件（默认 30）",
    )
    command.add_argument(
        "--workers",
        metavar="个数",
        type=_workers,
        help="同时读取文件的进程数（默认每个处理器核一个）",
    )


def _round_options(
    command: argparse.ArgumentParser,
    *,
    round_: bool = True,
    previous: str | None = None,
    history: str | None = None,
    soon: bool = False,
) -> None:
    """--rounds, --round and, where the command uses them, --previous, --history, --due-soon."""
    command.add_argument(
        "--rounds",
        metavar="名称=日期,…",
        help="报送安排，代替通知中读出的：每期写 名称=日期，用逗号隔开，"
        "如 “2024年上半年=2024-07-10,2024年全年=2025-01-10”",
    )
    if round_:
        command.add_argument(
            "--round",
            metavar="期次",
            help="本期的名称，如 2024年第三季度（须与报送安排中的一致；通知没有报送安排时"
            "可写 名称=日期）。其他期次的报送表记为 other-round，不混入",
        )
    if previous:
        command.add_argument("--previous", metavar="上期汇总表.xlsx", help=previous)
    if history:
        command.add_argument("--history", metavar="台账.sqlite", help=history)
    if soon:
        command.add_argument(
            "--due-soon",
            metavar="天数",
            type=_days,
            default=SOON_DAYS,
            help=f"距完成时限不足这么多天且未完成的任务亮黄灯（默认 {SOON_DAYS}）",
        )


def _days(text: str) -> int:
    if not text.strip().isdigit() or int(text) > 366:  # noqa: PLR2004 - a year of days
        raise argparse.ArgumentTypeError(f"“{text}”不是天数；请写 0 到 366 之间的整数，如 15")
    return int(text)


def _summary_options(command: argparse.ArgumentParser, *, writes_history: bool = False) -> None:
    command.add_argument(
        "paths", metavar="路径", nargs="+", help="报回的报送表文件或文件夹（含子文件夹）"
    )
    command.add_argument("--notice", metavar="通知", required=True, help="通知文件或内置通知名")
    command.add_argument("--key", metavar="密钥文件", help="核验签名")
    command.add_argument(
        "--as-of",
        metavar="日期",
        type=_as_of,
        help="统计截止时间，如 2024-07-10 或 “2024-07-10 18:00”（默认现在）",
    )
    _round_options(
        command,
        previous="上期的汇总表：与之逐项对比（新完成、未更新、退步），标出红黄绿灯",
        history=(
            "台账数据库：与其中的上期逐项对比，并把本期被采用的答复记入台账"
            "（一次写完；同一期重新汇总时替换，不会重复；文件不存在时新建）"
            if writes_history
            else "台账数据库：与其中的上期逐项对比"
        ),
        soon=True,
    )
    _batch_options(command)


def _chosen(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.ArgumentParser:
    """The innermost command parser the words chose (``gzgk excel setup`` → ``setup``'s)."""
    for action in parser._actions:  # noqa: SLF001 - argparse lists its subcommands nowhere public
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            name = getattr(args, action.dest, None)
            if isinstance(name, str) and name in action.choices:
                return _chosen(action.choices[name], args)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit code."""
    words = list(sys.argv[1:] if argv is None else argv)
    with _argparse_messages.chinese():  # only while gzgk parses: argparse stays as it was
        parser = _build_parser()
        args, unknown = parser.parse_known_args(words)
        if unknown:  # said by the command that was given them, with its hints
            _chosen(parser, args).error("无法识别的参数：" + " ".join(unknown))
    args.command_line = " ".join(["gzgk", *words])
    run: Callable[[argparse.Namespace, TextIO], int] = args.run
    failed: int = args.failed
    try:
        return run(args, out or sys.stdout)
    except KeyboardInterrupt:
        print(
            "gzgk：已按 Ctrl+C 中断，这次运行没有做完（写到一半的文件不会留下）。"
            "请重新运行这条命令。[interrupted]",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    except GzgkError as error:
        print(f"gzgk：{error.message} [{error.code}]", file=sys.stderr)
        return failed
    except OSError as error:
        name = error.filename or ""
        print(f"gzgk：无法读写文件 {name}：{os_reason(error)} [file-error]", file=sys.stderr)
        return failed
    except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback for users
        if os.environ.get("GZGK_DEBUG"):
            traceback.print_exc()
        print(
            f"gzgk：内部错误：{error!r}。请把这条信息和所用文件发给维护人员。[internal-error]",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
