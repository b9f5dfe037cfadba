"""``nominate template``: an empty nomination sheet for clerks to fill in (SPEC §5, §6).

XLSX: the ``nominations`` sheet with one header per SPEC §6 column (labels in the chosen
language), drop-down lists for every enumerated and yes/no column, date-formatted date
columns and text-formatted text columns (so that an id like ``2024-017`` stays text); a
``residences`` sheet for periods (joined by id); an ``instructions`` sheet explaining each
column with its accepted values. CSV: the header row (UTF-8 with a BOM, which spreadsheet
programs need to open Korean and Japanese text). JSON: one empty SPEC §3 record in a list.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from nominate.columns import RESIDENCE_COLUMNS, RESIDENCE_SHEET, Column, all_columns
from nominate.errors import UsageError
from nominate.i18n import t
from nominate.rules import RulesPack

FORMATS = ("xlsx", "csv", "json")
LAST_ROW = 1_048_575  # the last row of a worksheet (0-based): validations cover every row
YES_NO = {"en": ("yes", "no"), "ko": ("예", "아니오"), "ja": ("はい", "いいえ")}
WIDTHS = {"residences": 44, "achievements": 40, "received": 16}


def write_template(fmt: str, path: Path, pack: RulesPack, lang: str) -> None:
    """Write the template in ``fmt`` to ``path`` (a temporary path: the caller renames it)."""
    if fmt == "xlsx":
        write_xlsx_template(path, pack, lang)
    elif fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            csv.writer(out).writerow([c.label(lang) for c in all_columns(pack)])
    elif fmt == "json":
        text = json.dumps([empty_record(pack)], ensure_ascii=False, indent=2)
        path.write_text(text + "\n", encoding="utf-8")
    else:
        raise UsageError(t("errors.bad_format", choices=", ".join(FORMATS), value=fmt))


def vocabularies(pack: RulesPack) -> dict[str, list[str]]:
    """Every rule's accepted ids, by SPEC §3 field path."""
    vocab: dict[str, list[str]] = {}
    for rule in pack.rules:
        vocab.update(rule.vocabulary())
    return vocab


def empty_record(pack: RulesPack) -> dict[str, Any]:
    """A SPEC §3 record with every key and nothing filled in."""
    return {
        "id": "",
        "name": "",
        "nationality": "",
        "alien_registration": "",
        "registration_number": "",
        "residences": [{"start": "", "end": None, "city": ""}],
        "contributions": [],
        "achievements": "",
        "nominator": {"type": "", "name": "", "organization": "", "signatures": None},
        "submission": {"method": "", "received": "", "postmarked": None},
        "documents": {c.key: False for c in all_columns(pack) if c.field.startswith("documents.")},
    }


def accepted_values(column: Column, pack: RulesPack, lang: str) -> str:
    """What a clerk may write in a column, in words."""
    vocab = vocabularies(pack)
    if column.enum_field in vocab:
        choices = "\n".join(f"{v}: {pack.label(v, lang)}" for v in vocab[column.enum_field])
        key = "template.accepts_list" if column.kind == "list" else "template.accepts_one"
        return t(key, lang, choices=choices)
    kind = "list_free" if column.kind == "list" else column.kind
    return t(f"template.accepts_{kind}", lang, yes=YES_NO[lang][0], no=YES_NO[lang][1])


def explanation(column: Column, pack: RulesPack, lang: str) -> str:
    if column.field.startswith("documents."):
        return t("template.about_document", lang, document=pack.label(column.key, lang))
    return t(f"template.about_{column.key}", lang)


def write_xlsx_template(path: Path, pack: RulesPack, lang: str) -> None:
    import xlsxwriter

    from nominate.reporters.annotated import workbook_options

    columns = all_columns(pack)
    book = xlsxwriter.Workbook(str(path), workbook_options(None))
    styles = {
        "head": book.add_format({"bold": True, "bg_color": "#D9D9D9", "bottom": 1}),
        "text": book.add_format({"num_format": "@"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        "bold": book.add_format({"bold": True, "valign": "top"}),
    }
    sheet = book.add_worksheet(t("annotated.sheet", lang))
    vocab = vocabularies(pack)
    yes, no = YES_NO[lang]
    for col, column in enumerate(columns):
        label = column.label(lang)
        sheet.write_string(0, col, label, styles["head"])
        style = styles["date"] if column.kind in ("date", "moment") else None
        if column.kind in ("text", "enum", "list", "residences"):
            style = styles["text"]
        width = WIDTHS.get(column.key, max(12, min(30, len(label) * 2 + 2)))
        sheet.set_column(col, col, width, style)
        rule = _validation(column, vocab, yes, no)
        if rule is not None:
            rule["input_title"] = label[:32]
            rule["input_message"] = explanation(column, pack, lang)[:255]
            sheet.data_validation(1, col, LAST_ROW, col, rule)
    sheet.freeze_panes(1, 0)
    _residence_sheet(book, styles, lang)
    _instructions(book, styles, pack, lang, columns)
    book.close()


def _validation(
    column: Column, vocab: dict[str, list[str]], yes: str, no: str
) -> dict[str, Any] | None:
    if column.enum_field in vocab:
        return {
            "validate": "list",
            "source": vocab[column.enum_field],
            # A list column takes several ids ("honor, economy"): a notice, not a refusal.
            "error_type": "information" if column.kind == "list" else "stop",
        }
    if column.kind == "yesno":
        return {"validate": "list", "source": [yes, no]}
    if column.kind == "count":
        return {"validate": "integer", "criteria": ">=", "value": 0}
    return None


def _residence_sheet(book: Any, styles: dict[str, Any], lang: str) -> None:
    sheet = book.add_worksheet(RESIDENCE_SHEET.label(lang))
    for col, column in enumerate(RESIDENCE_COLUMNS):
        sheet.write_string(0, col, column.label(lang), styles["head"])
        style = styles["date"] if column.kind == "date" else styles["text"]
        sheet.set_column(col, col, 30 if column.key == "city" else 14, style)
    sheet.freeze_panes(1, 0)


def _instructions(
    book: Any, styles: dict[str, Any], pack: RulesPack, lang: str, columns: tuple[Column, ...]
) -> None:
    sheet = book.add_worksheet(t("template.instructions_sheet", lang))
    sheet.write_string(0, 0, t("template.intro", lang, title=pack.pack.title(lang)), styles["bold"])
    heads = ("column", "key", "meaning", "accepted")
    for col, key in enumerate(heads):
        sheet.write_string(2, col, t(f"template.head_{key}", lang), styles["head"])
    row = 3
    for column in columns:
        sheet.write_string(row, 0, column.label(lang), styles["bold"])
        sheet.write_string(row, 1, column.key, styles["wrap"])
        sheet.write_string(row, 2, explanation(column, pack, lang), styles["wrap"])
        sheet.write_string(row, 3, accepted_values(column, pack, lang), styles["wrap"])
        row += 1
    row += 1
    sheet.write_string(row, 0, RESIDENCE_SHEET.label(lang), styles["bold"])
    sheet.write_string(row, 2, t("template.about_residence_sheet", lang), styles["wrap"])
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 22)
    sheet.set_column(2, 2, 60)
    sheet.set_column(3, 3, 50)
