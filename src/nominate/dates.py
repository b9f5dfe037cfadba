"""Reading the date forms of SPEC §3: year first, always.

Accepted: ``YYYY-MM-DD``, ``YYYY/MM/DD``, ``YYYY.MM.DD``, ``YYYY. M. D.``, ``YYYY년 M월 D일``,
``YYYY年M月D日`` (month and day with one or two digits), real spreadsheet date cells and, where
a moment is allowed, ISO timestamps. A form that does not begin with a four-digit year, such
as ``06/05/2024``, is refused as ambiguous.

Where only a date is wanted (a postmark, a residence period) a date-time is read as the
calendar day it names, whether it comes as a spreadsheet cell or as the text a spreadsheet
exports for one (``2024-06-28 18:00:00``): the ISO timestamps a moment may be, the time and
any offset ignored -- a postmark stamps the day of the office that posted it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from nominate.i18n import quoted, t

_YMD = re.compile(
    r"(\d{4})\s*(?:([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})\s*\.?"
    r"|년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일"
    r"|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)"
)
# A date cell exported as text by a spreadsheet program keeps its (midnight) time:
# LibreOffice writes "2024-06-28 00:00:00" or "2024-06-28 0:00:00".
_MIDNIGHT = re.compile(r"\s+0?0:00(?::00(?:\.0+)?)?$")
_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d(?!\d)", re.ASCII)
_SEPARATORS = ("T", "t", " ")  # between the date and the time of an ISO timestamp
_DMY = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})")


class DateFormError(ValueError):
    """A value that is not a date in an accepted form; ``str`` is the localised reason."""


def parse_date(value: object) -> date:
    """A calendar date from a string in an accepted form or a spreadsheet date cell."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise DateFormError(t("date.not_text", value=quoted(value)))
    if len(value) == 10 and value[4] == value[7] == "-":  # not a week date (2024-W23-1)
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    try:
        moment = _timestamp(value)
    except ValueError:
        moment = None  # refused below as a date, not as a timestamp
    if moment is not None:
        return moment.date()  # the day as written, like a date-time cell
    text = _MIDNIGHT.sub("", nfkc(value).strip())
    match = _YMD.fullmatch(text)
    if match is None:
        raise DateFormError(_unreadable(value, text))
    year = int(match.group(1))
    month, day = (int(g) for g in match.groups()[2:] if g is not None)
    try:
        return date(year, month, day)
    except ValueError:
        raise DateFormError(t("date.not_real", value=quoted(value))) from None


def parse_moment(value: object) -> date | datetime:
    """A date, or a timestamp where SPEC §2 allows one (naive: local time of the round)."""
    if isinstance(value, datetime):
        if value.tzinfo is None and value.time() == datetime.min.time():
            return value.date()  # a date cell that a spreadsheet stored as midnight
        return value
    if isinstance(value, str) and _MIDNIGHT.search(nfkc(value).strip()):
        return parse_date(value)  # a date cell exported with its midnight time (typed
        # full-width too, as an input method may: ２０２４-０６-２８ ０：００：００)
    if isinstance(value, str):
        try:
            moment = _timestamp(value)
        except ValueError:
            raise DateFormError(t("date.bad_timestamp", value=quoted(value))) from None
        if moment is not None:
            if moment.tzinfo is not None and not _SAFE_DAYS[0] <= moment.date() <= _SAFE_DAYS[1]:
                # (its day in the round's time zone may lie beyond the calendar)
                raise DateFormError(t("date.calendar_edge", value=quoted(value)))
            return moment
    return parse_date(value)


# An offset (under 24 hours) and the round's zone (14 hours at most) move a moment by less
# than two days
_SAFE_DAYS = (date(1, 1, 3), date(9999, 12, 29))


def _timestamp(value: str) -> datetime | None:
    """An ISO timestamp (a date, ``T`` or a space, a time, perhaps an offset); None for text
    not shaped like one, ValueError for text shaped like one that is none. Read in its NFKC
    form: typed full-width, as an input method may (``２０２４-０６-２８Ｔ１０:３０``)."""
    value = nfkc(value)
    if len(value) > 10 and value.lstrip()[4:5] == "-":
        text = value.strip()
        if "T" in text or " " in text[10:11] or ":" in text:
            if not _ISO_DAY.match(text):  # a calendar date: not a week date (2024-W23-1)
                raise ValueError(text)
            if text[10:11] not in _SEPARATORS:  # (Python takes any: 2024-06-28+09:00 at 9)
                raise ValueError(text)
            return datetime.fromisoformat(text.replace(" ", "T", 1))
    return None


def nfkc(value: str) -> str:
    """``value`` in its NFKC form when it is not ASCII (full-width digits and colons): how
    dates and registration numbers read what an input method typed."""
    return value if value.isascii() else unicodedata.normalize("NFKC", value)


def _unreadable(original: str, text: str) -> str:
    match = _DMY.fullmatch(text)
    if match:
        first, second, year = (int(g) for g in match.groups())
        readings = []
        for month, day in ((first, second), (second, first)):
            try:
                iso = date(year, month, day).isoformat()
            except ValueError:
                continue
            if iso not in readings:
                readings.append(iso)
        if readings:
            return t(
                "date.ambiguous",
                value=quoted(original),
                suggestion=t("date.or").join(readings),
                forms=ACCEPTED_FORMS,
            )
    return t("date.unreadable", value=quoted(original), forms=ACCEPTED_FORMS)


ACCEPTED_FORMS = "YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYY. M. D., YYYY년 M월 D일, YYYY年M月D日"


