"""Message catalogues: one TOML file per language under ``locales/``, keyed by message id.

Core code never writes user-facing English inline: it calls :func:`t` with a message id and
named parameters. The language is chosen once per process (``--lang``, then ``NOMINATE_LANG``,
then the locale, then English) with :func:`set_language`.
"""

from __future__ import annotations

import json
import locale
import os
import re
import tomllib
from datetime import date, datetime
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

LANGUAGES = ("en", "ko", "ja")
_current = "en"


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The flat ``{id: text}`` catalogue of one language."""
    text = files("nominate").joinpath("locales", f"{lang}.toml").read_text(encoding="utf-8")
    return _flatten(tomllib.loads(text))


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = str(value)
    return out


def detect_language(explicit: str | None = None) -> str:
    """``--lang``, then ``NOMINATE_LANG``, then the locale, then English."""
    for candidate in (explicit, os.environ.get("NOMINATE_LANG"), _locale_language()):
        if candidate and candidate[:2].lower() in LANGUAGES:
            return candidate[:2].lower()
    return "en"


def _locale_language() -> str | None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return value
    try:
        return locale.getlocale()[0]
    except ValueError:
        return None


def set_language(lang: str) -> None:
    global _current
    _current = lang if lang in LANGUAGES else "en"
    _render.cache_clear()


def current_language() -> str:
    return _current


def t(key: str, lang: str | None = None, /, **params: Any) -> str:
    """Render message ``key`` in ``lang`` (default: the current language).

    A key missing from a language falls back to English; tests make sure none is missing.
    Dates among the parameters are printed in the language's customary form. Renderings are
    memoised: a batch repeats the same few messages many thousand times.
    """
    lang = lang or _current
    if not params:
        return _render(lang, key, ())
    try:
        return _render(lang, key, tuple(params.items()))
    except TypeError:  # an unhashable parameter: render without the memo
        return _render.__wrapped__(lang, key, tuple(params.items()))


def counted(key: str, number: int, /, **params: Any) -> str:
    """:func:`t` of ``key``, or of ``key_one`` when ``number`` is 1 and the language has one
    ("1 document missing", "2 documents missing"; Korean and Japanese need none)."""
    one = f"{key}_one"
    return t(one if number == 1 and one in catalogue(_current) else key, **params)


@lru_cache(maxsize=65536)
def _render(lang: str, key: str, items: tuple[tuple[str, Any], ...]) -> str:
    text = _texts(lang).get(key)
    if text is None:
        raise KeyError(f"no message {key!r}")
    if not items:
        return text
    return text.format_map(
        {k: format_date(v, lang) if isinstance(v, date) else v for k, v in items}
    )


@cache
def _texts(lang: str) -> dict[str, str]:
    """The catalogue of ``lang`` with English filling any gap."""
    return {**catalogue("en"), **catalogue(lang)} if lang != "en" else catalogue("en")


# What a terminal would obey rather than show: control characters (an escape sequence in a
# cell could clear a clerk's screen or retitle the window) and the marks that reorder text
_UNSHOWABLE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def printable(text: str) -> str:
    """``text`` for a terminal: each character it would obey shown as its code (``\\x1b``,
    ``\\u202e``); lines and tabs kept."""
    if _UNSHOWABLE.search(text) is None:
        return text
    return _UNSHOWABLE.sub(lambda m: repr(m.group())[1:-1], text)


def quoted(value: object, limit: int = 40) -> str:
    """A value as a message shows it: text in quotes (``'06/10/2024'``), anything else as
    JSON writes it (``true``, ``null``, ``["a"]``, ``{"x": 1}``), cut at ``limit`` characters."""
    if isinstance(value, str):
        return repr(value if len(value) <= limit else value[:limit] + "…")
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (ValueError, TypeError, RecursionError):  # (an integer of 5,000 digits, say)
        text = f"a {type(value).__name__}"
    return text if len(text) <= limit else text[:limit] + "…"


def format_date(value: date, lang: str | None = None) -> str:
    """``2024-06-28``, ``2024년 6월 28일``, ``2024年6月28日``."""
    lang = lang or _current
    if isinstance(value, datetime):
        return format_date(value.date(), lang) + value.strftime(" %H:%M")
    if lang == "ko":
        return f"{value.year}년 {value.month}월 {value.day}일"
    if lang == "ja":
        return f"{value.year}年{value.month}月{value.day}日"
    return value.isoformat()
