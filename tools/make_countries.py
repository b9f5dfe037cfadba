"""Regenerate src/nominate/data/countries.tsv from pycountry (ISO 3166-1 and its ko/ja names).

Run by hand when ISO 3166-1 changes: ``pip install pycountry && python tools/make_countries.py``.
The table is committed so that nominate needs no country library at run time.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pycountry  # type: ignore[import-not-found]

# Everyday names that ISO does not list, as people write them on forms.
EXTRA = {
    "KR": [
        "Korea",
        "South Korea",
        "Republic of Korea",
        "한국",
        "남한",
        "대한민국",
        "韓国",
        "大韓民国",
        "韓國",
        "南韓",
    ],
    "KP": ["North Korea", "DPRK", "북한", "조선", "北朝鮮"],
    "US": [
        "USA",
        "America",
        "United States of America",
        "미국",
        "アメリカ",
        "アメリカ合衆国",
        "美國",
        "美国",
    ],
    "GB": ["UK", "Britain", "Great Britain", "England", "영국", "イギリス", "英国"],
    "CN": ["China", "PRC", "중국", "中国", "中國"],
    "TW": ["Taiwan", "대만", "台湾", "臺灣"],
    "RU": ["Russia", "러시아", "ロシア"],
    "VN": ["Vietnam", "Viet Nam", "베트남", "ベトナム"],
    "JP": ["Japan", "일본", "日本"],
    "DE": ["Germany", "독일", "ドイツ"],
    "FR": ["France", "프랑스", "フランス"],
    "NL": ["Netherlands", "Holland", "네덜란드", "オランダ"],
    "IR": ["Iran", "이란", "イラン"],
    "SY": ["Syria", "시리아", "シリア"],
    "LA": ["Laos", "라오스", "ラオス"],
    "BO": ["Bolivia"],
    "VE": ["Venezuela"],
    "TZ": ["Tanzania"],
    "MD": ["Moldova"],
    "CZ": ["Czech Republic", "Czechia", "체코", "チェコ"],
    "TR": ["Turkey", "Türkiye", "튀르키예", "터키", "トルコ"],
}


def main() -> None:
    ko = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ko"])
    ja = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ja"])
    rows = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        names: list[str] = []
        for name in (
            country.name,
            getattr(country, "common_name", None),
            getattr(country, "official_name", None),
            ko.gettext(country.name),
            ja.gettext(country.name),
            *EXTRA.get(country.alpha_2, []),
        ):
            if not name:
                continue
            # "大韓民国 (韓国)" gives both forms
            for part in [name, *re.findall(r"\(([^)]+)\)", name), re.sub(r"\s*\(.*\)", "", name)]:
                part = part.strip()
                if part and "\t" not in part and part not in names:
                    names.append(part)
        rows.append("\t".join([country.alpha_2, country.alpha_3, "|".join(names)]))
    out = Path(__file__).resolve().parents[1] / "src" / "nominate" / "data" / "countries.tsv"
    out.write_text(
        "# alpha2\talpha3\tnames (en|ko|ja|everyday), from ISO 3166-1 via pycountry\n"
        + "\n".join(rows)
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {len(rows)} countries to {out}")


if __name__ == "__main__":
    main()
