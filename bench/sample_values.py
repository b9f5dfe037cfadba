"""Values the benchmark generators draw from; the documents and contribution fields come from
the bundled pack, so the generated rows follow the rules the tool checks."""

from __future__ import annotations

from nominate.columns import all_columns
from nominate.rules import load_pack

_PACK = load_pack()

CITIES = [
    "Seoul",
    "서울특별시 마포구",
    "Busan",
    "Incheon",
    "Jongno-gu, Seoul",
    "ソウル市",
    "Daejeon",
]
NATIONS = ["JP", "DE", "US", "CN", "VN", "Philippines", "캐나다", "フランス", "KR"]
CONTRIB = list(_PACK.rule("contribution").accepted)
DOCS = list(_PACK.rule("documents").required)
HEAD = [column.key for column in all_columns(_PACK)]  # the English headers of SPEC §6
