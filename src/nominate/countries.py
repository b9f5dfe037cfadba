"""Nationalities: ISO 3166-1 alpha-2 or alpha-3 codes, or a country's name in English,
Korean or Japanese (``data/countries.tsv``, made by ``tools/make_countries.py``)."""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib.resources import files


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().replace(".", " ").split())


@cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    table = files("nominate").joinpath("data", "countries.tsv").read_text(encoding="utf-8")
    for line in table.splitlines():
        if not line or line.startswith("#"):
            continue
        alpha2, alpha3, names = line.split("\t")
        for name in (alpha2, alpha3, *names.split("|")):
            index.setdefault(_key(name), alpha2)
    return index


def to_alpha2(text: str) -> str | None:
    """The alpha-2 code a nationality names, or ``None`` when it names no country."""
    return _index().get(_key(text))


def is_alpha2(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-2 code exactly as written (upper case)."""
    return len(code) == 2 and code.isupper() and _index().get(_key(code)) == code
