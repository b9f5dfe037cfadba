"""The command line: parse, make one core call, hand the result to one reporter, exit.

Heavy modules (pydantic, rich, openpyxl, the engine) are imported inside the commands, so
that ``nominate --version`` and ``--help`` start fast. Every :class:`NominateError` is caught
once, in :func:`main`, and becomes one line on stderr and its exit code.
"""

from __future__ import annotations

import os
import signal
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from nominate.errors import (
    ExitCode,
    NominateError,
    UsageError,
    bug_summary,
    checkpoint,
    on_sigint,
    quiet_swallowed_interrupt,
)

if TYPE_CHECKING:
    from nominate.reporters import OutputFormat

app = typer.Typer(
    name="nominate",
    help="Check nominations for the Seoul Foreign Honorary Citizen programme against the "
    "City's published criteria.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help text: no markdown parser to import at start-up
)
rules_app = typer.Typer(help="List, show, validate and test rules packs.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")

# One shared set of options (sqlite-utils style): every command that reads or reports uses these.
RulesOpt = Annotated[
    str | None,
    typer.Option(
        "--rules",
        help="A bundled pack's id (see `nominate rules list`) or a path to a pack.",
        metavar="PACK",
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Count residency as of this date instead of the notice date.",
        metavar="DATE",
    ),
]
PackArg = Annotated[
    str | None,
    typer.Argument(
        help="A bundled pack's id or a path (default: the newest bundled pack).", metavar="PACK"
    ),
]
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Language of messages: en, ko or ja (default: NOMINATE_LANG, the locale, then en).",
        metavar="LANG",
    ),
]


def _version(value: bool) -> None:
    if value:
        from nominate.commands import print_version

        print_version()
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Check nominations for the Seoul Foreign Honorary Citizen programme."""


def _setup(lang: str | None) -> None:
    from nominate.i18n import LANGUAGES, detect_language, set_language, t

    set_language(detect_language(None))  # so that the error below is in the user's language
    if lang is not None and lang not in LANGUAGES:
        raise UsageError(t("errors.bad_lang", choices=", ".join(LANGUAGES), value=lang))
    set_language(detect_language(lang))


def _as_of(text: str | None) -> date | None:
    if text is None:
        return None
    from nominate.dates import DateFormError, parse_date
    from nominate.i18n import t

    try:
        return parse_date(text)
    except DateFormError as exc:
        raise UsageError(t("errors.bad_as_of", reason=str(exc))) from None


@app.command()
def check(
    files: Annotated[
        list[str],
        typer.Argument(
            help="Records to check: .json, .jsonl, .csv, .xlsx, or - for JSON on standard input.",
            metavar="FILE...",
        ),
    ],
    rules: RulesOpt = None,
    as_of: AsOfOpt = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="table (the default), json, jsonl, csv or xlsx; --output's suffix must agree.",
            metavar="FORMAT",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the report here instead of standard output (required for xlsx).",
            metavar="PATH",
        ),
    ] = None,
    lang: LangOpt = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            help="Encoding of CSV input, when it is not UTF-8 or CP949.",
            metavar="NAME",
        ),
    ] = None,
    max_size: Annotated[
        int,
        typer.Option(
            "--max-size",
            help="Largest input (or inflated XLSX archive) to accept, in MB.",
            metavar="MB",
            min=1,
        ),
    ] = 200,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            help="Processes to share a large batch among (default: one per processor, "
            "at most 4; 1 checks in this process only).",
            metavar="N",
            min=1,
        ),
    ] = None,
) -> None:
    """Check nomination records and report, for each, whether it is eligible for review."""
    _setup(lang)
    from nominate.commands import run_check

    code = run_check(
        files,
        rules=rules,
        as_of=_as_of(as_of),
        fmt=_format(fmt, output),
        output=output,
        encoding=encoding,
        max_size=max_size * 1024 * 1024,
        workers=workers,
    )
    raise typer.Exit(int(code))


def _format(given: str | None, output: Path | None) -> OutputFormat:
    from nominate.i18n import t
    from nominate.reporters import OutputFormat, format_for

    fmt = OutputFormat(format_for(given, output, "table", [f.value for f in OutputFormat]))
    if fmt.binary and output is None:
        raise UsageError(t("errors.needs_output", format=fmt.value))
    return fmt


@app.command()
def template(
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Where to write the template.", metavar="PATH"),
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="xlsx (the default), csv or json; --output's suffix must agree.",
            metavar="FORMAT",
        ),
    ] = None,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    """Write an empty nomination sheet to fill in, with headers in the chosen language."""
    _setup(lang)
    from nominate.commands import make_template

    make_template(fmt, output, rules)


@app.command()
def interview(
    rules: RulesOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    save: Annotated[
        Path | None,
        typer.Option(
            "--save",
            help="Also write the answers as a record (JSON) that `nominate check` reads.",
            metavar="RECORD.json",
        ),
    ] = None,
) -> None:
    """Self-check one candidate by answering questions: verdict, checklist, qualifying date."""
    _setup(lang)
    from nominate.interview import run_interview

    code = run_interview(rules=rules, as_of=_as_of(as_of), save=save)
    raise typer.Exit(int(code))


@rules_app.command("list")
def rules_list(lang: LangOpt = None) -> None:
    """List the bundled rules packs."""
    _setup(lang)
    from nominate.commands import list_packs

    list_packs()


@rules_app.command("show")
def rules_show(
    pack: PackArg = None,
    lang: LangOpt = None,
) -> None:
    """Show a pack's clauses, rules, parameters and where to submit."""
    _setup(lang)
    from nominate.commands import show_pack

    show_pack(pack)


@rules_app.command("validate")
def rules_validate(
    file: Annotated[str, typer.Argument(help="The pack to validate.", metavar="FILE")],
) -> None:
    """Check that a rules pack is well formed (exit 0), or say where it is not (exit 2)."""
    from nominate.commands import validate_pack

    validate_pack(file)


@rules_app.command("test")
def rules_test(
    pack: PackArg = None,
    lang: LangOpt = None,
) -> None:
    """Run the example cases shipped beside a pack; exit 1 if any fails."""
    _setup(lang)
    from nominate.commands import test_pack

    raise typer.Exit(int(test_pack(pack)))


@app.command()
def schema(
    what: Annotated[str, typer.Argument(help="record or result.", metavar="record|result")],
    rules: RulesOpt = None,
) -> None:
    """Print the JSON Schema of an input record (with the pack's ids) or of a result."""
    from nominate.commands import print_schema

    print_schema(what, rules)


def main() -> None:
    """Entry point. Every :class:`NominateError`, and every usage error the command line
    parser finds, becomes one line on stderr and its exit code here; Ctrl-C exits 130."""
    signal.signal(signal.SIGINT, on_sigint)
    if sys.stderr is None:  # (started with stderr closed: what is said there goes nowhere;
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115  (the exit code says)
    sys.unraisablehook = quiet_swallowed_interrupt
    try:
        try:
            # not standalone: typer hands its usage errors over instead of printing them
            code = app(standalone_mode=False)
        except SystemExit:  # a command's normal end: unless Ctrl-C was swallowed on the way
            checkpoint()
            raise
        checkpoint()
        sys.exit(code if isinstance(code, int) else int(ExitCode.OK))  # (--help: 0)
    except NominateError as exc:
        _fatal(str(exc), exc.exit_code)
    except _CLICK_ERROR as exc:
        _usage(exc)
    except typer.Abort:  # (typer's word for an end of input, EOFError, that no command caught)
        from nominate.i18n import t

        _fatal(t("cli.aborted"), ExitCode.USAGE)  # (as an interview without a terminal)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error. Silence the final flush.
        from nominate.outputs import silence_stdout

        silence_stdout()
        sys.exit(int(ExitCode.OK))
    except MemoryError:
        from nominate.i18n import t

        _fatal(t("hostile.out_of_memory"), ExitCode.USAGE)
    except Exception as exc:  # a bug: still one line, never a traceback (issue 5)
        if os.environ.get("NOMINATE_DEBUG"):
            raise
        _fatal(bug_summary(exc), ExitCode.USAGE)


# click's error type, wherever this typer keeps click (a copy of its own, or the package)
_CLICK_ERROR: type[Exception] = next(
    kind for kind in typer.BadParameter.__mro__ if kind.__name__ == "ClickException"
)


def _usage(exc: Exception) -> None:
    """A usage error in one line, with the command whose help tells more (click's own
    display takes four: usage, hint, a blank line, the error); click's message stays in
    English, the hint is in the user's language. A group called without a command
    (``nominate``, ``nominate rules``) shows its help, as before."""
    if type(exc).__name__ == "NoArgsIsHelpError":  # (typer tells it so, too)
        exc.show()  # type: ignore[attr-defined]
        sys.exit(int(ExitCode.USAGE))
    from nominate.i18n import detect_language, set_language, t

    set_language(detect_language(_lang_in(sys.argv[1:])))  # (no command has set it yet)
    context = getattr(exc, "ctx", None)
    command = context.command_path if context is not None else _command_in(sys.argv[1:])
    said = exc.format_message()  # type: ignore[attr-defined]
    message = t("cli.usage", message=said, command=command)
    _fatal(message, ExitCode.USAGE)  # (SPEC §5: 2, whatever click's own code)


def _command_in(args: list[str]) -> str:
    """``nominate check``: the command that arguments name (an option that lacks its value
    reaches :func:`_usage` without one)."""
    command = typer.main.get_command(app)
    path = ["nominate"]
    for arg in args:
        found = getattr(command, "commands", {}).get(arg)
        if found is None:
            break
        command = found
        path.append(arg)
    return " ".join(path)


def _lang_in(args: list[str]) -> str | None:
    """The value of ``--lang`` among arguments that could not be parsed, if it is there."""
    for i, arg in enumerate(args):
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
    return None


def _fatal(message: str, code: ExitCode) -> None:
    from nominate.outputs import say

    say(message)
    sys.exit(int(code))
