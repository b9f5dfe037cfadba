"""The input record of SPEC §3, validated by pydantic.

The model reads every value a person or a spreadsheet may write (dates in the forms of §3,
yes/no words, counts stored as floats) and refuses what cannot be read. Yes/no words, counts
and ``alien_registration`` are read in their NFKC form (:func:`fold`), so that full-width
``Ｏ``, ``３１`` or ``ｙｅｓ`` (what an East Asian input method types) mean what ``O``, ``31``
and ``yes`` mean (sheets fold their other enumerated values alike); names and free text are
kept as written. Vocabularies that change from round to round (contribution
fields, nominator types, methods) are checked by the rules pack, not here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from itertools import chain
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from nominate.countries import to_alpha2
from nominate.dates import nfkc, parse_date, parse_moment
from nominate.i18n import t

# compared after folding (NFKC, case ignored): "Ｏ" is "o"; "〇" (U+3007) is the Japanese maru
YES = frozenset({"yes", "y", "true", "1", "o", "○", "◯", "〇", "예", "네", "はい", "有"})
NO = frozenset({"no", "n", "false", "0", "x", "×", "✕", "아니오", "아니요", "いいえ", "無", ""})


def fold(text: str) -> str:
    """A yes/no word, count or enumerated id as compared: NFKC, trimmed, case ignored."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _required_text(value: Any) -> Any:
    value = _blank_to_none(value)
    if value is None:
        raise ValueError(t("record.required"))
    return value


def _date(value: Any) -> date | None:
    value = _blank_to_none(value)
    return None if value is None else parse_date(value)


def _moment(value: Any) -> date | datetime | None:
    value = _blank_to_none(value)
    return None if value is None else parse_moment(value)


def _count(value: Any) -> Any:
    """Yes/no words, booleans and whole numbers (spreadsheets store 1 as 1.0) as a count."""
    if value is None or isinstance(value, bool):
        return int(value or 0)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        word = fold(value)
        if word in YES:
            return 1
        if word in NO:
            return 0
        if word.isdecimal():
            return int(word)
        raise ValueError(t("record.not_yes_no", value=value[:20]))
    return value


def _whole(value: Any) -> Any:
    value = _blank_to_none(value)
    if isinstance(value, bool):
        raise ValueError(t("record.not_a_count"))
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and (digits := fold(value)).isdecimal():
        return int(digits)  # "３１" too; anything else goes to pydantic as written
    return value


_DATE_SCHEMA = {
    "type": "string",
    "description": "A date, year first: YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYY. M. D., "
    "YYYY년 M월 D일 or YYYY年M月D日; an ISO timestamp counts as the date it names.",
    "examples": ["2024-06-03", "2024년 6월 3일"],
}
_MOMENT_SCHEMA = {
    "type": "string",
    "description": "A date in a form above, or an ISO 8601 timestamp (with an offset, or in "
    "the round's local time without one).",
    "examples": ["2024-06-28", "2024-06-28T10:30:00-04:00"],
}


def _words_pattern(words: frozenset[str]) -> str:
    """A JSON Schema pattern (ECMA-262: no flag for case) for ``words`` in any case, typed
    full-width too, or a whole number, as :func:`_count` reads them; spaces around allowed."""

    def wide(c: str) -> str:
        return chr(ord(c) + 0xFEE0)  # (the full-width form of a printable ASCII character)

    def any_form(word: str) -> str:
        return "".join(
            f"[{c}{c.upper()}{wide(c)}{wide(c.upper())}]" if c.isascii() and c.isalpha()
            else f"[{c}{wide(c)}]" if c.isascii() and c.isdigit()
            else re.escape(c)
            for c in word
        )

    alternatives = "|".join(sorted(map(any_form, filter(None, words))))
    return r"^\s*(?:" + alternatives + r"|[0-9０-９]+)?\s*$"


_COUNT_SCHEMA = {
    "anyOf": [
        {"type": "boolean"},
        {"type": "integer", "minimum": 0},
        {
            "type": "string",
            "description": "yes/no, y/n, true/false, 1/0, O/X, 예/아니오, "
            "はい/いいえ, or a whole number",
            "pattern": _words_pattern(YES | NO),
        },
    ],
}

Text = Annotated[str | None, BeforeValidator(_blank_to_none)]
OptionalDate = Annotated[
    date | None, BeforeValidator(_date), WithJsonSchema({"anyOf": [_DATE_SCHEMA, {"type": "null"}]})
]
Count = Annotated[int, Field(ge=0), BeforeValidator(_count), WithJsonSchema(_COUNT_SCHEMA)]

# A registration number as people write it: six digits, perhaps a hyphen or dash (or two,
# or the long-vowel mark a Japanese input method gives for one) with spaces around it, then
# seven digits; full-width forms folded first. Never more lenient than mask_numbers below,
# which must find in free text every number this accepts.
_DASHES = "-‐‑‒–—―−﹣ー~〜"  # (〜: the wave dash a Japanese input method types for ~)
_REGNO = re.compile(rf"(\d{{6}})\s*(?:[{_DASHES}]{{1,2}}\s*)?(\d{{7}})", re.ASCII)
_MASKED = re.compile(rf"(\d{{6}})\s*(?:[{_DASHES}]{{1,2}}\s*)?([5-8])\*{{6}}", re.ASCII)


# Anything shaped like a Korean registration number (13 digits, a hyphen after the sixth):
# a clerk's sheet may hold one in the wrong column, and then it would be echoed.
# six digits, a separator as people type one (hyphens and dashes of every width, a dot, a
# slash, spaces), then seven digits: 900101-6123456, 900101 – 6123456, ９００１０１－６１２３４５６
# (a message may quote a value escaped, as repr and JSON write it: 900101\t6123456).
# Text that is not ASCII is looked at in its folded form (below): whatever reads as a digit or
# a separator to the reader (NFKC: ⁹, ｰ, ﹘) is one here too.
_SEPARATORS = _DASHES + "－.．/／_～"
_GAP = r"(?:\s|\\[tnr]|\\u3000|\\u00a0|\\xa0)*"
# (on folded text, where every digit is an ASCII one: [0-9] is found faster than \d)
_NUMBER_LIKE = re.compile(
    rf"(?<![0-9])([0-9]{{6}}){_GAP}(?:[{_SEPARATORS}]{{1,2}}{_GAP})?([0-9])[0-9]{{6}}(?![0-9])"
)
# ... and thirteen digits spaced out in any way (900 101 612 3456), which no reader accepts
# as a number but which would still show one
_SPACED = re.compile(r"(?<![0-9])[0-9](?:[ \u00a0\u3000]?[0-9]){12}(?![ \u00a0\u3000]?[0-9])")
_CANDIDATE = re.compile(r"[0-9](?:[0-9]{5}|[ \u00a0\u3000][0-9])")  # (either needs one)


def mask_numbers(text: str) -> str:
    """Mask every registration-number-shaped run of digits in ``text`` (``900101-6******``),
    however its digits and separators are written."""
    if len(text) < 13:
        return text
    folded = _folded(text)
    # quick looks first: most text holds fewer than 13 digits, and most of the rest neither
    # six in a row nor two spaced apart by one space (a date, a count of days)
    utf8 = folded.encode("utf-8", "surrogatepass")
    if len(utf8) - len(utf8.translate(None, b"0123456789")) < 13:
        return text
    if _CANDIDATE.search(folded) is None:
        return text
    masked = _splice(text, folded, _NUMBER_LIKE, lambda m: f"{m[1]}-{m[2]}******")
    if masked is not text:
        text, folded = masked, _folded(masked)
    return _splice(text, folded, _SPACED, _mask_spaced)


def _folded(text: str) -> str:
    """``text`` with every digit and separator in its plain form, character for character."""
    if text.isascii() or _odd_digits().search(text) is None:
        return text
    return text.translate(_folding())


def _splice(
    text: str, folded: str, pattern: re.Pattern[str], masked: Callable[[re.Match[str]], str]
) -> str:
    """``text`` with each match of ``pattern`` in ``folded`` (``text`` folded character by
    character: the same positions) replaced by what ``masked`` makes of it."""
    pieces: list[str] = []
    last = 0
    for match in pattern.finditer(folded):
        pieces += (text[last : match.start()], masked(match))
        last = match.end()
    return "".join((*pieces, text[last:])) if pieces else text


def _mask_spaced(match: re.Match[str]) -> str:
    digits = "".join(ch for ch in match.group() if ch.isdigit())
    return f"{digits[:6]}-{digits[6]}******"


@cache
def _odd_digits() -> re.Pattern[str]:
    """Any character that :func:`_folding` changes."""
    return re.compile("[" + "".join(map(re.escape, map(chr, _folding()))) + "]")


@cache
def _folding() -> dict[int, str]:
    """Each character that reads as a digit (any script's, and their NFKC forms: ⁹, ９, 𝟗) or
    as a separator (ｰ, ﹘, ⁻) mapped to its plain form, one character for one."""
    wanted = set("0123456789" + _SEPARATORS)
    table: dict[int, str] = {}
    for code in chain(range(0x80, 0x10000), range(0x1D7CE, 0x1D800)):
        char = chr(code)
        digit = unicodedata.decimal(char, None)
        plain = str(digit) if digit is not None else unicodedata.normalize("NFKC", char)
        if len(plain) == 1 and plain in wanted:
            table[code] = plain
    return table


def registration_text(value: Any) -> Any:
    """A registration number a spreadsheet stored as a number, as its 13 digits (the leading
    zeros it lost restored); any other value as it is."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return str(value).zfill(13)
    return value


def registration_digits(number: str) -> str:
    """The digits of a registration number as written (``900101-6123456`` → 13 digits)."""
    digits = number.replace("-", "")
    return digits if digits.isdigit() else re.sub(r"\D", "", number)


def registration_form(value: str) -> str:
    """A registration number as a record holds it (``900101-6123456``, or ``900101-6******``
    as nominate writes it in annotated copies: given, but withheld); ValueError if it is none."""
    value = nfkc(value).strip()
    masked = _MASKED.fullmatch(value)
    if masked:
        return f"{masked.group(1)}-{masked.group(2)}******"
    match = _REGNO.fullmatch(value)
    if match is None or match.group(2)[0] not in "5678":
        # the value itself is personal data: describe it, never echo it
        raise ValueError(t("record.bad_registration"))
    return f"{match.group(1)}-{match.group(2)}"


def mask_registration(number: str) -> str:
    """``900101-6******``: the last six digits of a registration number never show."""
    digits = registration_digits(number)
    if len(digits) >= 7:
        return f"{digits[:6]}-{digits[6]}******"
    return "*" * len(number)


class Period(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    start: Annotated[date, BeforeValidator(_date), WithJsonSchema(_DATE_SCHEMA)]
    end: OptionalDate = None
    city: Annotated[str, BeforeValidator(_required_text)]

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end is not None and self.start > self.end:
            raise ValueError(t("record.period_reversed", start=self.start, end=self.end))
        return self


class Signatory(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    name: Text = None
    address: Text = None


class Nominator(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    type: Text = None
    name: Text = None
    organization: Text = None
    # the bound sits on the int alone: a blank count (None) is missing, not out of range
    signatures: Annotated[Annotated[int, Field(ge=0)] | None, BeforeValidator(_whole)] = None
    signatories: list[Signatory] | None = None


class Submission(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    method: Text = None
    received: Annotated[
        date | datetime | None,
        BeforeValidator(_moment),
        WithJsonSchema({"anyOf": [_MOMENT_SCHEMA, {"type": "null"}]}),
    ] = None
    postmarked: OptionalDate = None


class Record(BaseModel):
    """One candidate. Absent or empty information is ``None``; checks then say ``missing``."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: Annotated[str | None, BeforeValidator(lambda v: _blank_to_none(_id_text(v)))] = None
    name: Annotated[str, BeforeValidator(_required_text)]
    nationality: Text = None
    alien_registration: Annotated[
        Literal["registered", "exempt", "none"] | None,
        BeforeValidator(lambda v: _blank_to_none(fold(v) if isinstance(v, str) else v)),
    ] = None
    registration_number: Text = None
    residences: list[Period] | None = None
    contributions: Annotated[list[str] | None, BeforeValidator(lambda v: _id_list(v))] = None
    achievements: Text = None
    nominator: Nominator | None = None
    submission: Submission | None = None
    documents: dict[str, Count] | None = None

    @field_validator("nationality")
    @classmethod
    def _nationality(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = to_alpha2(value)
        if code is None:
            raise ValueError(t("record.bad_nationality", value=value[:40]))
        return code

    @field_validator("registration_number", mode="before")
    @classmethod
    def _registration_cell(cls, value: Any) -> Any:
        value = registration_text(value)
        if value is not None and not isinstance(value, str):
            raise ValueError(t("record.bad_registration"))  # never echo the value
        return value

    @field_validator("registration_number")
    @classmethod
    def _registration(cls, value: str | None) -> str | None:
        return None if value is None else registration_form(value)


def _id_text(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _id_list(value: Any) -> Any:
    """A list of ids; a spreadsheet cell may hold them as ``a, b; c``."""
    if isinstance(value, str):
        value = [part for part in re.split(r"[,;\n]", value)]
    if isinstance(value, list):
        ids = [v.strip() for v in value if isinstance(v, str)]
        if len(ids) != len(value):
            return value  # let pydantic name the item that is not text
        return [v for v in ids if v] or None
    return value
