"""``nominate rules show``: a pack's clauses, the rules that cite them and their parameters."""

from __future__ import annotations

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from nominate.i18n import current_language, format_date, t
from nominate.rules import RulesPack


def pack_view(pack: RulesPack) -> Group:
    lang = current_language()
    info = pack.pack
    head = Text.assemble(
        (f"{info.title(lang)}\n", "bold"),
        (t("show.id", id=pack.id, sha=pack.sha256[:12]) + "\n", "dim"),
        t("show.notice", date=info.notice_date, tz=info.timezone) + "\n",
        (t("show.reference", reference=info.reference), "dim"),
    )
    parts: list[Text | Table | Panel] = [head]
    if info.background:
        parts.append(Text(info.background(lang), style="italic"))
    clauses = Table(title=t("show.clauses"), show_lines=True, title_justify="left")
    clauses.add_column(t("table.clause"), no_wrap=True)
    clauses.add_column(t("show.text"), ratio=2, overflow="fold")  # CJK has no spaces
    clauses.add_column(t("show.rules"), ratio=1, overflow="fold")
    for key, clause in pack.clauses.items():
        text = Text(clause.title(lang) + "\n", style="bold")
        text.append(clause.text(lang))
        if lang != "ja":
            text.append("\n" + clause.ja, style="dim")
        cited = [_rule_line(rule) for rule in pack.rules if key in rule.clauses()]
        clauses.add_row(Text(key), text, Text("\n".join(cited)))  # (no markup in a pack)
    parts.append(clauses)
    office = pack.office
    parts.append(
        Panel(
            f"{office.name(lang)}\n{office.address(lang)}\n✉ {office.email}   ☎ {office.phone}",
            title=t("show.office"),
            title_align="left",
        )
    )
    return Group(*parts)


def _rule_line(rule: object) -> str:
    params = rule.model_dump(exclude={"id", "clause", "kind"})  # type: ignore[attr-defined]
    shown = ", ".join(
        f"{k}={format_date(v) if hasattr(v, 'isoformat') else v}" for k, v in params.items()
    )
    return f"{rule.id} ({rule.kind}): {shown}"  # type: ignore[attr-defined]
