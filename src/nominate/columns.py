"""Spreadsheet columns (SPEC §6): their keys, where they go in a record, and their labels.

Readers match a header to a column by its key or by its label in any language, ignoring
case, spaces, hyphens and underscores. ``nominate template`` writes the labels. The document
columns come from the pack (one per required document, labelled by the pack's ``[labels]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from nominate.rulekinds.documents import RequiredDocuments
from nominate.rules import RulesPack

Kind = Literal["text", "enum", "list", "date", "moment", "count", "yesno", "residences"]


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # the English header and the id in messages
    field: str  # SPEC §3 path: "submission.received", "documents.photo"
    kind: Kind
    en: str
    ko: str
    ja: str
    enum_field: str | None = None  # vocabulary source, a path given by Rule.vocabulary()

    def label(self, lang: str) -> str:
        return str(getattr(self, lang, self.en))


FIXED: tuple[Column, ...] = (
    Column("id", "id", "text", "id", "접수번호", "受付番号"),
    Column("name", "name", "text", "name", "성명", "氏名"),
    Column("nationality", "nationality", "text", "nationality", "국적", "国籍"),
    Column(
        "alien_registration",
        "alien_registration",
        "enum",
        "alien registration",
        "외국인등록",
        "外国人登録",
        enum_field="alien_registration",
    ),
    Column(
        "registration_number",
        "registration_number",
        "text",
        "registration number",
        "외국인등록번호",
        "外国人登録番号",
    ),
    Column("residences", "residences", "residences", "residences", "거주기간", "居住期間"),
    Column(
        "contributions",
        "contributions",
        "list",
        "contributions",
        "공적분야",
        "功績分野",
        enum_field="contributions",
    ),
    Column("achievements", "achievements", "text", "achievements", "주요공적", "主な功績"),
    Column(
        "nominator_type",
        "nominator.type",
        "enum",
        "nominator type",
        "추천자구분",
        "推薦者区分",
        enum_field="nominator.type",
    ),
    Column(
        "nominator_name", "nominator.name", "text", "nominator name", "추천자성명", "推薦者氏名"
    ),
    Column(
        "nominator_organization",
        "nominator.organization",
        "text",
        "nominator organization",
        "추천기관",
        "推薦団体",
    ),
    Column("signatures", "nominator.signatures", "count", "signatures", "연서인원", "署名人数"),
    Column(
        "submission_method",
        "submission.method",
        "enum",
        "submission method",
        "접수방법",
        "受付方法",
        enum_field="submission.method",
    ),
    Column("received", "submission.received", "moment", "received", "접수일", "受付日"),
    Column("postmarked", "submission.postmarked", "date", "postmarked", "소인일", "消印日"),
)

# Columns of the optional second sheet of residence periods, joined to candidates by id.
RESIDENCE_SHEET = Column(
    "residences", "residences", "residences", "residences", "거주기간", "居住期間"
)
RESIDENCE_COLUMNS: tuple[Column, ...] = (
    Column("id", "id", "text", "id", "접수번호", "受付番号"),
    Column("start", "start", "date", "start", "시작일", "開始日"),
    Column("end", "end", "date", "end", "종료일", "終了日"),
    Column("city", "city", "text", "city", "도시", "都市"),
)

# Columns the annotated output adds after every input column.
RESULT_COLUMNS: tuple[Column, ...] = (
    Column("status", "status", "text", "status", "판정", "判定"),
    Column("reasons", "reasons", "text", "reasons", "사유", "理由"),
    Column("missing", "missing", "list", "missing", "누락", "不足"),
    Column("qualifies_on", "qualifies_on", "date", "qualifies_on", "요건충족일", "要件充足日"),
)


def document_columns(pack: RulesPack) -> tuple[Column, ...]:
    """One yes/no column per document required by the pack's ``required_documents`` rule,
    whatever its id (``photo``, with a minimum, as a count)."""
    columns: dict[str, Column] = {}
    for rule in pack.rules:
        if not isinstance(rule, RequiredDocuments):
            continue
        for doc in rule.required:
            kind: Kind = "count" if doc in rule.minimum else "yesno"
            ko, ja = pack.label(doc, "ko"), pack.label(doc, "ja")
            columns.setdefault(doc, Column(doc, f"documents.{doc}", kind, doc, ko, ja))
    return tuple(columns.values())


def all_columns(pack: RulesPack) -> tuple[Column, ...]:
    return FIXED + document_columns(pack)


def header_key(text: object) -> str:
    """How headers are compared: case, spaces, hyphens and underscores ignored."""
    return re.sub(r"[\s_\-]+", "", str(text)).casefold()


def header_index(columns: tuple[Column, ...]) -> dict[str, Column]:
    """Every accepted spelling of every column's header, by :func:`header_key`."""
    index: dict[str, Column] = {}
    for column in columns:
        for spelling in (column.key, column.en, column.ko, column.ja):
            index.setdefault(header_key(spelling), column)
    return index
