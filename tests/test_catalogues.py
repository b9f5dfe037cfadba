"""Every message exists in every language, with the same placeholders."""

from __future__ import annotations

import json
import re
import string
import subprocess
from datetime import date
from pathlib import Path

import pytest

from nominate.i18n import LANGUAGES, catalogue, format_date, t

LOCALES = Path(__file__).resolve().parents[1] / "src" / "nominate" / "locales"
SRC = LOCALES.parent


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_same_keys_and_placeholders(lang: str) -> None:
    english, other = catalogue("en"), catalogue(lang)
    singular = {key for key in english if key.endswith("_one") and key in COUNTED}
    assert sorted(set(english) - set(other) - singular) == [], f"missing from {lang}.toml"
    assert sorted(set(other) - set(english)) == [], f"only in {lang}.toml"
    differ = {
        key: (placeholders(text), placeholders(other[key]))
        for key, text in english.items()
        if key in other and placeholders(text) != placeholders(other[key])
    }
    assert differ == {}


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_no_english_left_untranslated(lang: str) -> None:
    """A text identical to the English one may only hold placeholders, options and symbols."""
    english = catalogue("en")
    untranslated = [
        key
        for key, text in catalogue(lang).items()
        if text == english[key]
        and re.search(r"\b[a-z]{4,}\b", re.sub(r"\{\w+\}|--[a-z-]+", "", text))
    ]
    assert untranslated == []


def _counted_keys() -> set[str]:
    """The keys given to ``counted(...)``, with their ``_one``: the singular an English text
    needs (another language may do without it)."""
    keys: set[str] = set()
    for path in SRC.rglob("*.py"):
        called = r"""\bcounted\(\s*["']([a-z_]+(?:\.[a-z_]+)+)["']"""
        keys |= set(re.findall(called, path.read_text()))
    return {f"{k}_one" for k in keys}


COUNTED = _counted_keys()


def test_every_counted_message_has_its_singular_in_english() -> None:
    """``counted`` takes ``key_one`` where the language has it: English must, for every key
    given (a 'list_pass' with one signer, under a pack that needs one, had none)."""
    english = catalogue("en")
    assert "nominator.list_pass_one" in COUNTED
    assert sorted(COUNTED - set(english)) == []


def test_every_key_used_in_the_code_exists() -> None:
    english = catalogue("en")
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        called = r"""\b(?:t|counted)\(\s*["']([a-z_]+(?:\.[a-z_]+)+)["']"""
        used |= set(re.findall(called, path.read_text()))
    assert sorted(used - set(english)) == []


def test_dates_in_each_language() -> None:
    day = date(2024, 6, 28)
    assert [format_date(day, lang) for lang in LANGUAGES] == [
        "2024-06-28",
        "2024년 6월 28일",
        "2024年6月28日",
    ]
    assert t("residency.qualifies_on", "ja", date=day) == "2024年6月28日に要件を満たす見込みです。"


@pytest.mark.parametrize(
    ("lang", "word"), [("en", "eligible for review"), ("ko", "심사 대상"), ("ja", "審査対象")]
)
def test_check_table_speaks_the_language(lang: str, word: str, tmp_path: Path) -> None:
    record = tmp_path / "one.json"
    record.write_text(
        (Path(__file__).resolve().parents[1] / "samples" / "single.json").read_text("utf-8"),
        encoding="utf-8",
    )
    done = subprocess.run(
        ["nominate", "check", str(record), "--lang", lang],
        capture_output=True,
        text=True,
        env={"PATH": _path(), "COLUMNS": "200"},
    )
    assert done.returncode == 0, done.stderr
    assert word in done.stdout
    assert t("table.detail_title", lang) in done.stdout


@pytest.mark.parametrize("lang", LANGUAGES)
def test_usage_errors_speak_the_language(lang: str) -> None:
    done = subprocess.run(
        ["nominate", "check", "x.json", "--format", "pdf", "--lang", lang],
        capture_output=True,
        text=True,
        env={"PATH": _path()},
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "nominate: " + t(
        "errors.bad_format", lang, choices="table, json, jsonl, csv, xlsx", value="pdf"
    )


def _path() -> str:
    import os
    import sys

    return os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_field_errors_speak_the_language(lang: str, tmp_path: Path) -> None:
    record = tmp_path / "bad.json"
    record.write_text('{"name": "A", "residences": "Seoul"}', encoding="utf-8")
    done = subprocess.run(
        ["nominate", "check", str(record), "--format", "json", "--lang", lang],
        capture_output=True,
        text=True,
        env={"PATH": _path()},
    )
    assert done.returncode == 1
    errors = json.loads(done.stdout)["results"][0]["errors"]
    assert errors == [
        {"field": "residences", "message": t("field.not_list", lang, value="'Seoul'")}
    ]
