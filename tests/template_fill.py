"""Filling a ``nominate template`` the way a clerk does, with openpyxl (typed cells)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl

YES = {"en": "yes", "ko": "예", "ja": "はい"}
DOCUMENTS = ("nomination_form", "nominator_seal", "alien_registration_certificate",
             "residence_history", "pledge", "privacy_consent", "achievement_evidence")


def candidates(lang: str) -> list[dict[str, Any]]:
    """Two eligible candidates by column key: one with periods in the cell, one on the
    residences sheet; dates as real date cells and as text."""
    docs = {doc: YES[lang] for doc in DOCUMENTS}
    return [
        {"id": "2024-101", "name": "山田 太郎", "nationality": "JP",
         "alien_registration": "registered", "registration_number": "900101-5123456",
         "residences": "2015-03-01.. 서울특별시 마포구", "contributions": "honor, economy",
         "achievements": "Founded a Korean-Japanese library",
         "nominator_type": "public_body_head", "nominator_name": "Mapo-gu Mayor",
         "nominator_organization": "Mapo-gu Office", "submission_method": "counter",
         "received": date(2024, 6, 3), "photo": 1, **docs},
        {"id": "2024-102", "name": "Maria Schmidt", "nationality": "Germany",
         "alien_registration": "registered", "contributions": "culture_welfare",
         "nominator_type": "citizens", "nominator_name": "Kim Minji", "signatures": 31,
         "submission_method": "mail", "received": "2024-07-01",
         "postmarked": datetime(2024, 6, 28), "photo": 1, **docs},
    ]


PERIODS = [("2024-102", date(2016, 3, 1), date(2018, 2, 28), "Busan"),
           ("2024-102", date(2018, 3, 1), None, "Seoul")]


def fill(template: Path, out: Path, lang: str) -> None:
    """Fill the template's first sheet by header key, and its residences sheet."""
    from nominate.columns import all_columns
    from nominate.rules import load_pack

    keys = {c.label(lang): c.key for c in all_columns(load_pack(None))}
    book = openpyxl.load_workbook(template)
    sheet = book.worksheets[0]
    headers = [keys[c.value] for c in sheet[1]]
    for r, candidate in enumerate(candidates(lang), start=2):
        for col, key in enumerate(headers, start=1):
            if key in candidate:
                cell = sheet.cell(row=r, column=col, value=candidate[key])
                if isinstance(candidate[key], date):
                    # typed into the template's date column, a date keeps the column's format
                    cell.number_format = "yyyy-mm-dd"
    periods = book.worksheets[1]
    for r, period in enumerate(PERIODS, start=2):
        for col, value in enumerate(period, start=1):
            cell = periods.cell(row=r, column=col, value=value)
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
    book.save(out)
