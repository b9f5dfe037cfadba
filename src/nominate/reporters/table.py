"""The report for people: one row per candidate, or every check of a single record."""

from __future__ import annotations

import os
from typing import TextIO

from rich.console import Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from nominate.i18n import counted, format_date, printable, t
from nominate.labels import field_label
from nominate.outputs import console as piped_console
from nominate.results import SHEET_WARNING, Outcome, Result, Status, WarningItem
from nominate.rules import RulesPack
from nominate.run import CheckRun

STATUS_STYLE = {
    Status.ELIGIBLE: "bold green",
    Status.INCOMPLETE: "bold yellow",
    Status.INELIGIBLE: "bold red",
    Status.INVALID: "bold magenta",
}
OUTCOME_MARK = {
    Outcome.PASS: ("✔", "green"),
    Outcome.FAIL: ("✘", "red"),
    Outcome.MISSING: ("?", "yellow"),
}


def status_text(status: Status) -> Text:
    return Text(t(f"status.{status.value}"), style=STATUS_STYLE[status])


def reasons(result: Result) -> list[str]:
    """Why a record is not eligible, in plain words, each with its clause."""
    if result.status is Status.INVALID:
        return [f"{e.field}: {e.message}" for e in result.errors]
    return [
        f"[{c.clause}]\u00a0{c.message}" for c in result.checks if c.outcome is not Outcome.PASS
    ]


def named(result: Result, several: bool) -> tuple[str, str]:
    """A record's id, and where it is (``row 14``, ``line 3``; its file first when a run read
    ``several``) so that a clerk finds the row to mend. A record without an id of its own is
    named by where it is, once; the place of an item of a JSON list (``#2``) goes unsaid
    beside an id of its own (no editor numbers the items), unless the file must be named."""
    where = f"{result.source} {result.position}".strip() if several else result.position
    if result.id == result.position:
        return where, ""
    return result.id, "" if result.position.startswith("#") and not several else where


def reasons_and_warnings(result: Result) -> list[str]:
    """What a row of the overview says: its reasons, then its warnings (⚠), but for those
    about its whole sheet (said once, under the table: see :func:`sheet_warnings`)."""
    return reasons(result) + [
        f"⚠\u00a0{w.message}" for w in result.warnings if not _of_sheet(w)
    ]


def _of_sheet(warning: WarningItem) -> bool:
    """A warning about a whole sheet (a rule's own warnings cite a clause; a pack may name
    a rule ``columns`` too)."""
    return warning.rule == SHEET_WARNING and warning.clause is None


def sheet_warnings(results: list[Result], several: bool) -> list[Text]:
    """Each sheet's own warning (the columns it lacks) once, with its file's name when a
    run read several, instead of on every candidate of the sheet."""
    said: dict[tuple[str, str], None] = {}
    for result in results:
        for w in result.warnings:
            if _of_sheet(w):
                said[(result.source if several else "", w.message)] = None
    return [
        Text(f"⚠\u00a0{source + ': ' if source else ''}{message}", style="yellow")
        for source, message in said
    ]


def write_table(run: CheckRun, pack: RulesPack, out: TextIO) -> None:
    # Piped to a file or a pager, the report gets room for its reasons; a terminal, its width.
    wide = out.isatty() or "COLUMNS" in os.environ
    console = piped_console(out, highlight=False, soft_wrap=False, width=None if wide else 120)
    several = len(run.sources) > 1
    results = [shown(result) for result in run.results]
    if len(results) == 1:
        console.print(detail(results[0], pack))  # (one record: no need to find it)
    elif results and console.width < NARROW:
        console.print(stacked(results, pack, several))
    elif results:
        console.print(overview(results, pack, several))
    if len(results) > 1:
        for line in sheet_warnings(results, several):
            console.print(line)
    console.print(summary_line(run))


def shown(result: Result) -> Result:
    """``result`` with what its record said (id, name, file, messages that quote a value)
    made safe for a terminal: a control character in a cell is shown as its code, not
    obeyed (an escape sequence could clear the screen or retitle the window)."""
    texts = [result.id, result.name or "", result.source, result.position]
    texts += [c.message for c in result.checks] + [w.message for w in result.warnings]
    texts += [e.field + e.message for e in result.errors]
    if all(printable(text) is text for text in texts):
        return result
    return result._replace(
        id=printable(result.id),
        name=None if result.name is None else printable(result.name),
        checks=tuple(c._replace(message=printable(c.message)) for c in result.checks),
        warnings=tuple(w._replace(message=printable(w.message)) for w in result.warnings),
        errors=tuple(
            e._replace(field=printable(e.field), message=printable(e.message))
            for e in result.errors
        ),
        source=printable(result.source),
        position=printable(result.position),
    )


# Below this many columns the table would squeeze names and reasons out of sight: each
# candidate is then a block of lines instead of a row.
NARROW = 90


def overview(results: list[Result], pack: RulesPack, several: bool = False) -> Table:
    """A row per candidate: its id (and beneath it where the record is, so that a clerk finds
    the row of a sheet), name, status, reasons and warnings, and when it would qualify."""
    table = Table(
        title=Text(t("table.title", pack=pack.pack.title())),
        title_justify="left",
        show_lines=True,
        expand=False,
    )
    # (folded, not stretched: a long file name beneath an id must leave room for the reasons)
    table.add_column(t("table.id"), overflow="fold", max_width=NARROW // 3)
    table.add_column(t("table.name"))
    table.add_column(t("table.status"), no_wrap=True)
    table.add_column(t("table.reasons"), ratio=1, overflow="fold")
    table.add_column(t("table.qualifies_on"), no_wrap=True)
    for result in results:
        why = reasons_and_warnings(result)
        qualifies = result.residency.qualifies_on if result.residency else None
        ident, where = named(result, several)
        table.add_row(  # (as Text: what a record says is never read as markup)
            Text.assemble(ident, ("\n" + where, "dim") if where else ""),
            Text(result.name or ""),
            status_text(result.status),
            Text("\n".join(why)),
            Text(format_date(qualifies) if qualifies else ""),
        )
    return table


def stacked(results: list[Result], pack: RulesPack, several: bool = False) -> Group:
    """The overview for a narrow terminal: per candidate, a heading line, then each reason
    indented (its clause says when residency would be met)."""
    parts: list[Text | Padding] = [Text(t("table.title", pack=pack.pack.title()), style="italic")]
    for result in results:
        parts.append(Text(""))
        ident, where = named(result, several)
        parts.append(
            Text.assemble(
                (ident, "bold"),
                (f" ({where})", "dim") if where else "",
                "  ",
                result.name or "",
                "  ",
                status_text(result.status),
            )
        )
        lines = reasons_and_warnings(result)
        parts.extend(Padding(Text(line), (0, 0, 0, 2), expand=False) for line in lines)
    return Group(*parts)


def detail(result: Result, pack: RulesPack) -> Panel:
    parts: list[Text | Table] = [
        Text.assemble(
            (f"{result.name or ''}  ", "bold"),
            (f"({result.id})  ", "dim"),
            status_text(result.status),
        )
    ]
    if result.status is Status.INVALID:
        parts.extend(Text(f"✘ {line}", style="magenta") for line in reasons(result))
    else:
        checks = Table(show_header=True, box=None, pad_edge=False)
        checks.add_column("")
        checks.add_column(t("table.clause"), no_wrap=True)
        checks.add_column(t("table.check"), no_wrap=True)
        checks.add_column(t("table.finding"), overflow="fold")  # CJK has no spaces to wrap at
        for check in result.checks:
            mark, style = OUTCOME_MARK[check.outcome]
            checks.add_row(
                Text(mark, style=style),
                Text(check.clause),
                Text(pack.label(check.rule)),
                Text(check.message),
            )
        parts.append(checks)
    if result.missing:
        parts.append(
            Text(
                t(
                    "table.missing",
                    items=t("text.separator").join(field_label(m, pack) for m in result.missing),
                ),
                style="yellow",
            )
        )
    parts.extend(Text(f"⚠\u00a0{w.message}", style="yellow") for w in result.warnings)
    res = result.residency
    if res is not None and res.qualifies_on is not None:
        parts.append(Text(t("table.qualifies", date=res.qualifies_on), style="cyan"))
    return Panel(Group(*parts), title=t("table.detail_title"), title_align="left")


def summary_line(run: CheckRun) -> Text:
    counts = run.summary()
    text = Text(
        counted("table.summary", len(run.results), total=len(run.results), as_of=run.info.as_of,
                pack=run.info.pack_id)
        + "  "
    )
    for status in Status:
        text.append(
            f"{t(f'status.{status.value}')} {counts[status.value]}  ", style=STATUS_STYLE[status]
        )
    return text
