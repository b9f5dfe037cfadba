"""``nominate interview``: a guided self-check at the terminal.

It asks only what the pack's rules need, rule by rule in the pack's order, skipping what does
not apply; builds a SPEC §3 record from the answers; checks it with the same engine as
``nominate check``; and prints the verdict and a personal checklist. No typer here.
"""

from __future__ import annotations

import contextlib
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console

from nominate.asking import Asker, Refused, read_date
from nominate.countries import to_alpha2
from nominate.errors import ExitCode, Interrupted, UsageError
from nominate.i18n import t
from nominate.models import Period, Signatory
from nominate.outputs import say
from nominate.rulekinds import Context
from nominate.rulekinds.documents import RequiredDocuments
from nominate.rulekinds.nominator import Nominator, count_signatories
from nominate.rulekinds.residency import Residency
from nominate.rulekinds.simple import Choice, Nationality
from nominate.rulekinds.submission import SubmissionWindow
from nominate.rules import RulesPack, load_pack


def run_interview(
    *,
    rules: str | None,
    as_of: date | None,
    save: Path | None,
    console: Console | None = None,
    stream: TextIO | None = None,
) -> ExitCode:
    """Ask, check, show, save. Returns the exit code of ``check`` for the one record."""
    # (questions written into a file or a pipe would leave the person before a blank screen)
    if stream is None and not all(s is not None and s.isatty() for s in (sys.stdin, sys.stdout)):
        say(t("interview.no_terminal"))
        return ExitCode.USAGE
    pack = load_pack(rules)
    if save is not None:
        folder = save.parent if str(save.parent) else Path(".")
        if not folder.is_dir():
            raise UsageError(t("interview.no_folder", path=str(save), folder=str(folder)))
        from nominate.outputs import refuse_existing

        refuse_existing(save)  # before any question: answers are never lost at the end
    if stream is None:
        with contextlib.suppress(ImportError):  # (not on every platform)
            import readline  # noqa: F401  line editing: an arrow key moves, never types ESC [ D
    console = console or Console(highlight=False)
    ctx = pack.context(as_of)
    asker = Asker(console, stream)
    try:
        data = Interview(pack, ctx, asker).run()
    except (Interrupted, KeyboardInterrupt, EOFError):
        console.print()  # leave the half-typed answer's line
        raise Interrupted(t("interview.interrupted")) from None
    from nominate.checklist import show_verdict

    result = show_verdict(data, pack, ctx, console)
    if save is not None:
        write_record(data, save)
        hint = f"nominate check {save}" + (f" --as-of {as_of.isoformat()}" if as_of else "")
        console.print(t("interview.saved", path=str(save), command=hint), highlight=False)
    return ExitCode.OK if result.status.value == "eligible" else ExitCode.NOT_ALL_ELIGIBLE


def write_record(data: dict[str, Any], path: Path) -> None:
    """The answers as a SPEC §3 record, written whole or not at all."""
    from nominate.outputs import atomic_path

    with atomic_path(path, replace=False) as tmp:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


RECORD_KEYS = (
    "name",
    "nationality",
    "alien_registration",
    "residences",
    "contributions",
    "nominator",
    "submission",
    "documents",
)


class Interview:
    """The questions, in the pack's rule order; the answers as a SPEC §3 record."""

    def __init__(self, pack: RulesPack, ctx: Context, asker: Asker) -> None:
        self.pack = pack
        self.ctx = ctx
        self.ask = asker
        self.data: dict[str, Any] = {}

    def label(self, ident: str) -> str:
        return self.pack.label(ident)

    def options(self, ids: list[str]) -> list[tuple[str, str]]:
        return [(i, self.label(i)) for i in ids]

    def run(self) -> dict[str, Any]:
        info = self.pack.pack
        self.ask.say(t("interview.intro", title=info.title()), style="bold")
        self.ask.say(t("interview.as_of", date=self.ctx.as_of), style="dim")
        self.data["name"] = self.ask.text(t("interview.name"))
        later: list[Any] = []
        for rule in self.pack.rules:
            if isinstance(rule, RequiredDocuments):
                later.append(rule)  # documents last: they depend on earlier answers
                continue
            self.section(rule)
            if isinstance(rule, Nationality) and self.data.get("nationality") in rule.nationals:
                self.ask.say(t("interview.national_stop"), style="bold")  # (nothing else
                later = []  # can change the verdict: the rest is not asked)
                break
        for rule in later:
            self.section(rule)
        order = {key: i for i, key in enumerate(RECORD_KEYS)}
        return dict(sorted(self.data.items(), key=lambda item: order.get(item[0], 99)))

    def section(self, rule: Any) -> None:
        self.ask.say("")
        if isinstance(rule, Nationality):
            self.nationality()
        elif isinstance(rule, Residency):
            self.residences(rule)
        elif isinstance(rule, Choice) and rule.field == "alien_registration":
            ids = rule.accepted + rule.refused
            self.data["alien_registration"] = self.ask.choice(
                t("interview.registration"), self.options(ids)
            )
        elif isinstance(rule, Choice):
            self.data["contributions"] = self.ask.choices(
                t("interview.contributions"), self.options(rule.accepted + rule.refused)
            )
        elif isinstance(rule, Nominator):
            self.nominator(rule)
        elif isinstance(rule, SubmissionWindow):
            self.submission(rule)
        elif isinstance(rule, RequiredDocuments):
            self.documents(rule)

    def nationality(self) -> None:
        def convert(answer: str) -> str | None:
            if answer and to_alpha2(answer) is None:
                raise Refused(t("interview.nationality_hint", value=answer[:40]))
            return answer or None

        value = self.ask.checked(t("interview.nationality"), convert)
        if value:
            self.data["nationality"] = to_alpha2(value)

    def residences(self, rule: Residency) -> None:
        self.ask.say(t("interview.residences_intro"), style="bold")
        periods: list[dict[str, Any]] = []
        while True:
            n = len(periods) + 1
            start = self.ask.date(t("interview.period_start", n=n))
            assert start is not None

            def until(answer: str, start: date = start) -> date | None:
                if not answer:
                    return None
                end = read_date(answer)
                if end < start:
                    raise Refused(t("record.period_reversed", start=start, end=end))
                return end

            end = self.ask.checked(t("interview.period_end", n=n), until)
            city = self.ask.text(t("interview.period_city", n=n))
            assert city is not None
            periods.append({"start": start, "end": end, "city": city})
            self.running_total(rule, periods)
            if not self.ask.yes_no(t("interview.another_period")):
                break
        self.data["residences"] = [
            {"start": p["start"].isoformat(), "end": _iso(p["end"]), "city": p["city"]}
            for p in periods
        ]

    def running_total(self, rule: Residency, periods: list[dict[str, Any]]) -> None:
        last = periods[-1]
        if rule.cumulative_scope == "seoul" and not self.ctx.names_seoul(last["city"]):
            self.ask.say("  " + t("interview.not_seoul"), style="yellow")
        if last["start"] > self.ctx.as_of:
            self.ask.say("  " + t("interview.after_as_of", date=self.ctx.as_of), style="yellow")
        info, branch = rule.measure([Period(**p) for p in periods], self.ctx)
        figures = dict(
            since=info.continuous_since,
            as_of=self.ctx.as_of,
            days=info.cumulative_days,
            needed=rule.needed_days,
            scope=t(f"residency.scope.{rule.cumulative_scope}"),
        )
        key = "interview.total_since" if info.continuous_since else "interview.total_away"
        self.ask.say("  " + t(key, **figures), style="cyan")
        if branch is not None:
            self.ask.say("  " + t("interview.total_met"), style="green")

    def nominator(self, rule: Nominator) -> None:
        kind = self.ask.choice(
            t("interview.nominator"), self.options([*rule.named_types, rule.citizens_type])
        )
        nominator: dict[str, Any] = {"type": kind}
        self.data["nominator"] = nominator
        if kind in rule.named_types:
            nominator["name"] = self.ask.text(t("interview.nominator_name"))
            organization = self.ask.text(t("interview.organization"), required=False)
            if organization:
                nominator["organization"] = organization
            return
        representative = self.ask.text(t("interview.representative"), required=False)
        if representative:
            nominator["name"] = representative
        how = self.ask.choice(
            t("interview.signatures_how", needed=rule.min_signatures),
            [
                ("count", t("interview.signatures_count_option")),
                ("list", t("interview.signatures_list_option")),
            ],
        )
        if how == "count":
            nominator["signatures"] = self.ask.count(t("interview.signatures_count"))
            return
        nominator["signatories"] = self.signatories(rule)

    def signatories(self, rule: Nominator) -> list[dict[str, str]]:
        people: list[dict[str, str]] = []
        self.ask.say(t("interview.signatories_intro"), style="dim")
        while True:
            n = len(people) + 1
            name = self.ask.text(t("interview.signatory_name", n=n), required=False)
            if not name:
                return people
            address = self.ask.text(t("interview.signatory_address", n=n))
            assert address is not None
            if not self.ctx.names_seoul(address):
                self.ask.say("  " + t("interview.signatory_not_seoul"), style="yellow")
            people.append({"name": name, "address": address})
            count = count_signatories([Signatory(**p) for p in people], self.ctx.names_seoul)
            self.ask.say(
                "  " + t("interview.signatory_total", count=count, needed=rule.min_signatures),
                style="cyan",
            )

    def submission(self, rule: SubmissionWindow) -> None:
        sent = self.ask.yes_no(t("interview.submitted"))
        question = "interview.method_done" if sent else "interview.method_plan"
        method = self.ask.choice(t(question), self.options(rule.methods))
        submission: dict[str, Any] = {"method": method}
        self.data["submission"] = submission
        if not sent:
            return
        received = self.ask.date(t("interview.received"))
        assert received is not None
        submission["received"] = received.isoformat()
        if method in rule.postmark_methods and received > rule.closes:
            postmark = self.ask.date(t("interview.postmarked"), required=False)
            if postmark is not None:
                submission["postmarked"] = postmark.isoformat()

    def documents(self, rule: RequiredDocuments) -> None:
        exempt = self.data.get("alien_registration") == "exempt"
        self.ask.say(t("interview.documents_intro"), style="bold")
        if exempt and rule.waived_when_exempt:
            self.ask.say("  " + t("documents.exempt_proof"), style="dim")
        documents: dict[str, Any] = {}
        for doc in rule.required:
            if exempt and doc in rule.waived_when_exempt:
                continue
            if rule.minimum.get(doc, 1) > 1:
                documents[doc] = self.ask.count(
                    t("interview.document_count", item=self.label(doc), n=rule.minimum[doc])
                )
            elif doc in rule.minimum:
                ready = self.ask.yes_no(t("interview.document", item=self.label(doc)))
                documents[doc] = rule.minimum[doc] if ready else 0
            else:
                documents[doc] = self.ask.yes_no(t("interview.document", item=self.label(doc)))
        self.data["documents"] = documents


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()
