"""What each command does, with no knowledge of typer: the CLI parses, then calls one of these.

Summaries and diagnostics go to stderr; reports go to stdout (or ``--output``).
"""

from __future__ import annotations

import io
import json
import os
import stat
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TextIO

from nominate.errors import ExitCode, OutputError, UsageError
from nominate.i18n import counted, printable, t
from nominate.outputs import say
from nominate.parallel import default_workers
from nominate.reporters import OutputFormat, write_report
from nominate.rules import RulesPack, load_pack
from nominate.run import CheckRun, batch_collection, check_sources, open_all
from nominate.sources import ReadOptions


def run_check(
    files: list[str],
    *,
    rules: str | None,
    as_of: date | None,
    fmt: OutputFormat,
    output: Path | None,
    encoding: str | None,
    max_size: int,
    workers: int | None = None,
) -> ExitCode:
    """``nominate check``: open every file, check every record, write one report.
    ``workers``: processes to share a large batch among (None: one per processor, at most
    four)."""
    pack = load_pack(rules)
    if files.count("-") > 1:
        raise UsageError(t("errors.stdin_once"))
    _each_file_once(files)
    # An annotated copy reads its input again: one workbook's cells are kept for it (several
    # are read again one by one, rather than all held at once)
    again = fmt in (OutputFormat.XLSX, OutputFormat.CSV) and len(files) == 1
    options = ReadOptions(encoding=encoding, max_size=max_size, pack=pack, again=again)
    sources = open_all(files, options)
    from nominate.progress import progress_bar

    with batch_collection():
        with progress_bar(sum(len(s) for s in sources)) as advance:
            run = check_sources(sources, pack, as_of, advance, workers or default_workers())
        if output is None:
            _to_stdout(lambda out: write_report(fmt, run, pack, out), fmt, report=True)
        else:
            _write_file(fmt, run, pack, output, files)
    return _exit_code(run)


def _each_file_once(files: list[str]) -> None:
    """A file given twice (under one name or two) would check each record twice, and name
    each the duplicate of itself."""
    seen: dict[tuple[int, int], str] = {}
    for name in files:
        try:
            found = os.stat(name)
        except (OSError, ValueError):
            continue  # (- and what cannot be opened: said when it is opened)
        if not stat.S_ISREG(found.st_mode):
            continue  # (a pipe or a device: read once whatever it is called)
        first = seen.setdefault((found.st_dev, found.st_ino), name)
        if first != name:
            raise UsageError(t("errors.same_file_as", path=name, first=first))
        if files.count(name) > 1:
            raise UsageError(t("errors.same_file_twice", path=name))


def _write_file(
    fmt: OutputFormat, run: CheckRun, pack: RulesPack, output: Path, inputs: list[str]
) -> None:
    from nominate.outputs import atomic_path
    from nominate.progress import progress_bar

    with (
        atomic_path(output, inputs) as tmp,
        progress_bar(len(run.results), t("annotated.writing")) as advance,
    ):
        if fmt is OutputFormat.XLSX:
            from nominate.reporters.annotated import write_xlsx

            write_xlsx(run, pack, tmp, advance)
        elif fmt is OutputFormat.CSV:
            from nominate.reporters.annotated import write_csv

            # A BOM, so that spreadsheet programs open Korean and Japanese text as UTF-8.
            with tmp.open("w", encoding="utf-8-sig", newline="") as out:
                write_csv(run, pack, out, advance)
        else:
            with tmp.open("w", encoding="utf-8", newline="") as out:
                write_report(fmt, run, pack, out)
    say(t("cli.wrote", path="<stdout>" if str(output) == "-" else str(output)), prefix="")


def make_template(given: str | None, output: Path, rules: str | None) -> None:
    """``nominate template``: an empty sheet to fill in (XLSX unless asked otherwise),
    written atomically."""
    from nominate.i18n import current_language
    from nominate.outputs import atomic_path
    from nominate.reporters import format_for
    from nominate.template import FORMATS, write_template

    fmt = format_for(given, output, "xlsx", FORMATS)
    pack = load_pack(rules)
    with atomic_path(output, replace=False) as tmp:  # it may be a filled-in copy by now
        write_template(fmt, tmp, pack, current_language())
    say(t("cli.wrote", path=str(output)), prefix="")


def _exit_code(run: CheckRun) -> ExitCode:
    if not run.results:
        say(t("cli.no_records"))
        return ExitCode.OK
    from nominate.engine import met_a_bug

    bugs = sum(1 for r in run.results if r.errors and met_a_bug(r))
    if bugs:  # (each such record says so in the report; this is for whoever runs the check)
        say(counted("cli.bugs", bugs, count=bugs))
    if any(r.status.value != "eligible" for r in run.results):
        return ExitCode.NOT_ALL_ELIGIBLE
    return ExitCode.OK


def print_version() -> None:
    from nominate import __version__

    _to_stdout(lambda out: out.write(f"nominate {__version__}\n"), OutputFormat.TABLE)


def list_packs() -> None:
    from nominate.rules import bundled_packs

    lines = []
    for pack_id, path in sorted(bundled_packs().items()):
        pack = load_pack(str(path))
        lines.append(f"{pack_id}\t{pack.pack.notice_date}\t{pack.pack.title()}\n")
    _to_stdout(lambda out: out.writelines(lines), OutputFormat.TABLE)


def show_pack(ref: str | None) -> None:
    from nominate.outputs import console
    from nominate.reporters.packview import pack_view

    view = pack_view(load_pack(ref))
    _to_stdout(lambda out: console(out, highlight=False).print(view), OutputFormat.TABLE)


def validate_pack(path: str) -> None:
    from nominate.models import mask_numbers  # (a file name may hold a registration number)

    pack = load_pack(path)
    said = f"{path}: ok ({pack.id}, {len(pack.rules)} rules, sha256 {pack.sha256[:12]})\n"
    _to_stdout(lambda out: out.write(printable(mask_numbers(said))), OutputFormat.TABLE)


def test_pack(ref: str | None) -> ExitCode:
    """Every case is run before anything is printed: the exit code says whether all passed,
    whether or not the reader of the report stays to the end (``| head``)."""
    from nominate.cases import load_cases, run_case

    pack = load_pack(ref)
    cases = load_cases(pack)
    lines = []
    failed = 0
    for case in cases:
        problems = run_case(case, pack)
        failed += bool(problems)
        # the problem lines compare ids and values: for pack authors, they stay as they are
        mark = t("rulestest.fail") if problems else t("rulestest.ok")
        lines.append(f"{mark:4}  {case.name}" + "".join(f"\n      {p}" for p in problems) + "\n")
    lines.append(t("rulestest.summary", passed=len(cases) - failed, failed=failed) + "\n")
    _to_stdout(lambda out: out.writelines(lines), OutputFormat.TABLE)
    return ExitCode.NOT_ALL_ELIGIBLE if failed else ExitCode.OK


def print_schema(what: str, rules: str | None = None) -> None:
    from nominate.schema import record_schema, result_schema

    if what not in ("record", "result"):
        raise UsageError(t("errors.bad_schema", value=what))
    schema = record_schema(load_pack(rules)) if what == "record" else result_schema()
    text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    _to_stdout(lambda out: out.write(text), OutputFormat.JSON)


def _to_stdout(
    write: Callable[[TextIO], object], fmt: OutputFormat, *, report: bool = False
) -> None:
    """Write on stdout: machine formats as UTF-8 whatever the locale says (JSON is UTF-8 by
    definition), a table in the terminal's own encoding, with what it cannot show replaced.
    A reader that went away (``| head``) is no error; a full disk or a closed stdout is one
    line (for check's ``report``, pointing to ``--output``)."""
    out = sys.stdout
    if out is None:
        raise OutputError(t("errors.stdout_closed" if report else "errors.no_stdout"))
    if isinstance(out, io.TextIOWrapper) and out.encoding.lower().replace("-", "") != "utf8":
        if fmt is OutputFormat.TABLE:
            out.reconfigure(errors="replace")
        else:
            out.reconfigure(encoding="utf-8")
    from nominate.outputs import silence_stdout

    try:
        write(out)
        out.flush()
    except BrokenPipeError:
        silence_stdout()
    except OSError as exc:
        silence_stdout()
        reason = exc.strerror or str(exc)
        raise OutputError(t("errors.cannot_write", path="<stdout>", reason=reason)) from None

