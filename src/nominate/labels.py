"""Plain names for what a result lists as missing: document ids and SPEC §3 field paths."""

from __future__ import annotations

from nominate.i18n import current_language
from nominate.rules import RulesPack


def field_label(path: str, pack: RulesPack, lang: str | None = None) -> str:
    """``photo`` → the pack's label; ``nominator.name`` → the column's label; else ``path``."""
    lang = lang or current_language()
    if path in pack.labels:
        return pack.label(path, lang)
    from nominate.columns import FIXED

    for column in FIXED:
        if column.field == path:
            return column.label(lang) if lang != "en" else column.key.replace("_", " ")
    return path
