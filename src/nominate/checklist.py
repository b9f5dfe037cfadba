"""The end of an interview: the verdict (the engine of ``nominate check``) and a personal
checklist of what is still to do, with the deadline and where and how to submit."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from nominate.engine import evaluate
from nominate.i18n import counted, t
from nominate.labels import field_label
from nominate.models import Record
from nominate.results import Check, Outcome, Result, Status
from nominate.rulekinds import Context
from nominate.rulekinds.nominator import Nominator, count_signatories
from nominate.rulekinds.residency import Residency
from nominate.rulekinds.simple import Choice, Nationality
from nominate.rulekinds.submission import SubmissionWindow
from nominate.rules import RulesPack
from nominate.sources import RawRecord


def show_verdict(data: dict[str, Any], pack: RulesPack, ctx: Context, console: Console) -> Result:
    """Check the answers exactly as ``nominate check`` would, and print verdict and checklist."""
    from nominate.reporters.table import detail

    result = evaluate(RawRecord("interview", "#1", data), pack, ctx)
    console.print()
    console.print(detail(result, pack))
    if result.status is not Status.INVALID:
        items = todo(result, Record.model_validate(data), pack, ctx)
        lines = [Text("☐ " + item, overflow="fold") for item in items] or [
            Text(t("checklist.nothing"))
        ]
        console.print(
            Panel(Group(*lines), title=t("checklist.title"), title_align="left", style="cyan")
        )
    console.print(office_panel(pack))
    return result


def office_panel(pack: RulesPack) -> Panel:
    office = pack.office
    return Panel(
        f"{office.name()}\n{office.address()}\n"
        + t("checklist.contact", email=office.email, phone=office.phone),
        title=t("show.office"),
        title_align="left",
    )


def todo(result: Result, record: Record, pack: RulesPack, ctx: Context) -> list[str]:
    """What is still to do, in rule order: one plain sentence per item. While the residency
    is not met, handing in this round is nothing to do (the residency item says when)."""
    items: list[str] = []
    checks = {c.rule: c for c in result.checks}
    later = any(
        isinstance(rule, Residency) and checks[rule.id].outcome is Outcome.FAIL
        for rule in pack.rules
        if rule.id in checks
    )
    for rule in pack.rules:
        check = checks.get(rule.id)
        if check is None or check.outcome is Outcome.PASS:
            continue
        if isinstance(rule, Nationality) and check.outcome is Outcome.FAIL:
            return [t("checklist.national")]  # (nothing else would make a difference)
        if later and isinstance(rule, SubmissionWindow):
            continue
        missing = [m for m in result.missing if _belongs(m, rule)]
        items.extend(_items(rule, check, missing, result, record, pack, ctx))
    # what the documents rule warns of is to do as well (an exempt candidate's proof of stay)
    papers = {rule.id for rule in pack.rules if "documents" in rule.vocabulary()}
    items.extend(w.message for w in result.warnings if w.rule in papers)
    return items


def _belongs(path: str, rule: Any) -> bool:
    vocabulary = rule.vocabulary()
    if "documents" in vocabulary:
        return path in vocabulary["documents"]
    field = getattr(rule, "field", None)
    prefixes = {
        Residency: "residences",
        Nationality: "nationality",
        Nominator: "nominator.",
        SubmissionWindow: "submission.",
    }
    prefix = field or next((p for k, p in prefixes.items() if isinstance(rule, k)), None)
    return prefix is not None and path.startswith(prefix)


def _items(
    rule: Any,
    check: Check,
    missing: list[str],
    result: Result,
    record: Record,
    pack: RulesPack,
    ctx: Context,
) -> list[str]:
    if isinstance(rule, SubmissionWindow):
        return _submission(rule, check, record, pack, ctx)
    if isinstance(rule, Nominator) and "nominator.signatures" in missing:
        return [t("checklist.signatures_none", needed=rule.min_signatures)]
    if "documents" in rule.vocabulary():
        return [t("checklist.document", item=pack.label(m)) for m in missing]
    if missing:
        return [t("checklist.settle", item=field_label(m, pack)) for m in missing]
    if isinstance(rule, Residency):
        res = result.residency
        if res is not None and res.qualifies_on is not None:
            return [t("checklist.residency_on", date=res.qualifies_on)]
        if res is not None and res.continuous_since is not None:  # in Seoul, up to an end
            return [t("checklist.residency_ends", as_of=ctx.as_of)]
        return [t("checklist.residency_never", as_of=ctx.as_of)]
    if isinstance(rule, Nationality):
        return [t("checklist.national")]
    if isinstance(rule, Choice) and rule.field == "alien_registration":
        return [t("checklist.register")]
    if isinstance(rule, Nominator) and record.nominator is not None:
        nominator = record.nominator
        count = (
            count_signatories(nominator.signatories, ctx.names_seoul)
            if nominator.signatories
            else nominator.signatures or 0
        )
        return [
            counted(
                "checklist.signatures_more",
                rule.min_signatures - count,
                short=rule.min_signatures - count,
                count=count,
                needed=rule.min_signatures,
            )
        ]
    return [f"[{check.clause}] {check.message}"]


def _submission(
    rule: SubmissionWindow, check: Check, record: Record, pack: RulesPack, ctx: Context
) -> list[str]:
    sub = record.submission
    method = sub.method if sub else None
    office = pack.office
    where = dict(
        closes=rule.closes,
        opens=rule.opens,
        office=office.name(),
        address=office.address(),
        email=office.email,
    )
    if check.outcome is Outcome.FAIL:
        received = sub.received if sub else None
        if received is not None and rule.local_day(received, ctx) < rule.opens:
            return [t("checklist.too_early", **where)]
        return [t("checklist.too_late", **where)]
    if method in ("counter", "mail", "email"):
        return [t(f"checklist.submit_{method}", **where)]
    return [t("checklist.submit_any", **where)]
