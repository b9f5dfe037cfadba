"""From a spreadsheet row to a SPEC §3 record: shared by the CSV and XLSX readers (SPEC §6).

A :class:`Layout` is made once per sheet from its header row: which column feeds which field,
which known columns are absent, and the accepted spellings of enumerated values. It then turns
each row's cells into a :class:`RawRecord` whose ``data`` is nested like a JSON record, whose
``labels`` name the column a field came from, and whose ``cells`` keep the row as read.

Values are converted only as far as a spreadsheet forces: numbers that are whole (calamine
reads every number as a float) become ints or text, enumerated values written as their label
(``우편``, ``By mail``) become ids, ``residences`` cells are split into periods. Dates, yes/no
words and counts are left to the record model, which reads every form SPEC §3 and §6 allow.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

from nominate.columns import Column, all_columns, header_index, header_key
from nominate.errors import InputFileError
from nominate.i18n import t
from nominate.models import fold, registration_text
from nominate.results import SHEET_WARNING, FieldError, WarningItem
from nominate.sources import LaterData, RawRecord, part_sizes
from nominate.sources.sheetscan import UnreadCell

if TYPE_CHECKING:
    from nominate.rules import RulesPack
    from nominate.sources.quick import QuickRows

LANGS = ("en", "ko", "ja")

# One period: START, a separator, an optional END (no spaces in either), then the city.
_SEPARATOR = re.compile(r"\.\.|[~〜～]")
_PERIOD_SPLIT = re.compile(r"[;\n]")
_SPACE = re.compile(r"\s")
_PRESENT = frozenset({"present", "현재", "現在"})
# An END after spaces: a date's shape, year first (``2020-01-01``, ``2020.1.1``, ``2020年1月1日``,
# 20200101); ``3-5 Hannam-dong`` or ``100-101 Jung-gu`` (an address, a postcode) is the city
_END_SHAPE = re.compile(r"\d{4}[-./年－．／]\d{1,2}(?!\d)|\d{8}$")
_LIST_SPLIT = re.compile(r"[,;\n、，；]")
# Columns that feed no check: their absence is no reason to warn on every row.
_NO_CHECK = frozenset({"id", "registration_number", "achievements", "nominator_organization"})


def plain(value: Any) -> Any:
    """A cell as the annotated copy should show it: empty → None, whole floats → int."""
    if value is None or (isinstance(value, str) and value == ""):
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def means_ongoing(value: Any) -> bool:
    """An END written ``present``, ``현재`` or ``現在`` (SPEC §6): the period goes on."""
    return isinstance(value, str) and value.strip().casefold() in _PRESENT


def is_blank(value: Any) -> bool:
    """An empty cell: nothing, or only white space (both ways of reading a row ask this)."""
    return value is None or (isinstance(value, str) and (value == "" or value.isspace()))


def as_text(value: Any) -> str:
    """A cell written into a text field: numbers without a spurious ``.0``, dates in ISO."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Every accepted spelling (id, or its label in any language) of each enumerated field."""

    by_field: Mapping[str, Mapping[str, str]]
    _memo: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, pack: RulesPack) -> Vocabulary:
        out: dict[str, dict[str, str]] = {}
        for rule in pack.rules:
            for path, ids in rule.vocabulary().items():
                spellings = out.setdefault(path, {})
                for ident in ids:
                    for text in (ident, *(pack.label(ident, lang) for lang in LANGS)):
                        spellings.setdefault(_spelling(text), ident)
        return cls(out)

    def id_of(self, path: str, text: str) -> str:
        # the same few values fill a whole column: remember each spelling once looked up
        memo = self._memo.setdefault(path, {})
        found = memo.get(text)
        if found is None:
            found = self.by_field.get(path, {}).get(_spelling(text), text.strip())
            if len(memo) < 10_000:
                memo[text] = found
        return found


def _spelling(text: str) -> str:
    """An enumerated value as compared: its NFKC form (``ｍａｉｌ`` is ``mail``), as a header."""
    return header_key(fold(text))


@dataclass(slots=True)
class SheetPeriods:
    """Residence periods from a ``residences`` sheet, by candidate id (SPEC §6)."""

    sheet: str
    by_id: dict[str, list[tuple[dict[str, Any], dict[str, str]]]] = field(default_factory=dict)
    rows: list[list[Any]] = field(default_factory=list)  # every row as read, for the copy


Rows = Iterable[tuple[int, Sequence[Any]]]  # numbered rows of a sheet
Part = TypeVar("Part", bound="SheetPart")


class SheetPart(Protocol):
    """A sheet source that can be cut into parts: ``total`` rows below its header, of which
    it reads those after ``header_row + skip`` up to ``header_row + stop`` (to the end)."""

    __dataclass_fields__: ClassVar[dict[str, Any]]  # (a dataclass: parts are its copies)
    total: int
    skip: int
    stop: int | None


def sheet_parts(source: Part, count: int) -> list[Part]:
    """``source`` as ``count`` consecutive parts of its rows (see :func:`part_sizes`)."""
    total = source.total
    return [
        replace(source, total=(total if stop is None else stop) - skip, skip=skip, stop=stop)
        for skip, stop in part_sizes(total, count)
    ]


def rows_of_part(rows: Rows, header_row: int, skip: int, stop: int | None) -> Rows:
    """The numbered rows of a part of a sheet (all of them for the whole sheet): those after
    ``header_row + skip`` up to ``header_row + stop``. The rows before are read (a merged
    cell or a quoted cell may begin there), never converted."""
    if not skip and stop is None:
        return rows
    return _within(rows, header_row + skip + 1, None if stop is None else header_row + stop)


def _within(rows: Rows, first: int, last: int | None) -> Iterator[tuple[int, Sequence[Any]]]:
    for number, cells in rows:
        if last is not None and number > last:
            return
        if number >= first:
            yield number, cells


@dataclass(slots=True)
class Layout:
    source: str
    headers: tuple[str, ...]
    slots: tuple[tuple[int, Column], ...]
    absent: tuple[Column, ...]
    vocabulary: Vocabulary
    periods: SheetPeriods | None = None
    warning: WarningItem | None = None
    _period_label_memo: dict[tuple[str, int], dict[str, str]] = field(default_factory=dict)
    # per slot, what a row is read by without looking it up again: (index, column, header,
    # head, rest) of ``head.rest``; both ways of reading a row use it
    plan: tuple[tuple[int, Column, str, str, str], ...] = field(init=False, default=())
    _quick: QuickRows | None = None  # made on the first row (after ``periods`` is known)

    def __post_init__(self) -> None:
        self.plan = tuple(
            (index, column, self.headers[index], *column.field.partition(".")[::2])
            for index, column in self.slots
        )

    def records(
        self, rows: Iterable[tuple[int, Sequence[Any]]], header_row: int, read: bool = True
    ) -> Iterator[RawRecord]:
        """The records of numbered rows below the header row; empty rows are skipped. Not
        ``read``: each row's cells only (``data`` None), as an annotated copy needs them."""
        for number, cells in rows:
            if number > header_row:
                record = self.record(number, cells) if read else self.as_read(number, cells)
                if record is not None:
                    yield record

    def as_read(self, row: int, cells: Sequence[Any]) -> RawRecord | None:
        """A row as read, not converted: its cells in header order; None when empty."""
        kept = self._kept(cells)
        return None if kept is None else RawRecord(self.source, f"row {row}", None, cells=kept)

    def _kept(self, cells: Sequence[Any]) -> tuple[Any, ...] | None:
        """The cells of a row in header order, as the annotated copy shows them; None when
        the row is empty."""
        if not any(cells) or all(is_blank(c) for c in cells):
            return None
        width = len(self.headers)
        kept = tuple(
            None if c == "" else (plain(c) if c.__class__ is float else c) for c in cells[:width]
        )
        if len(kept) < width:
            kept += (None,) * (width - len(kept))
        return kept

    def record(self, row: int, cells: Sequence[Any]) -> RawRecord | None:
        """The record of one row (numbered as the spreadsheet numbers it); None when empty."""
        kept = self._kept(cells)
        if kept is None:
            return None
        position = f"row {row}"
        warnings = (self.warning,) if self.warning is not None else ()
        if self.periods is None:  # (periods from another sheet: the long way joins them)
            if self._quick is None:
                from nominate.sources.quick import QuickRows  # (built on this module)

                self._quick = QuickRows(self)
            quick = self._quick.read(cells)
            if quick is not None:
                later = LaterData(partial(self.fields, position, cells))
                record, labels = quick
                return RawRecord(self.source, position, later, (), warnings, labels, kept, record)
        labels = {}
        errors: list[FieldError] = []
        data = self.fields(position, cells, labels, errors)
        return RawRecord(self.source, position, data, tuple(errors), warnings, labels, kept)

    def fields(
        self,
        position: str,
        cells: Sequence[Any],
        labels: dict[str, str] | None = None,
        errors: list[FieldError] | None = None,
    ) -> dict[str, Any]:
        """The SPEC §3 dictionary of a row, the long way: ``labels`` gets the column each
        field came from, ``errors`` every cell refused (and then the record model's errors
        for the rest of the row)."""
        labels = {} if labels is None else labels
        errors = [] if errors is None else errors
        count = len(cells)
        data: dict[str, Any] = {}
        for index, column, header, head, rest in self.plan:
            if index >= count:
                continue
            value = cells[index]
            if is_blank(value):
                continue
            labels[column.field] = header
            converted = self.convert(column, value, header, labels, errors)
            if converted is None:
                continue
            if rest:
                data.setdefault(head, {})[rest] = converted
            else:
                data[head] = converted
        if self.periods is not None:
            self._join_periods(data, labels)
        if errors:
            said = {e.field for e in errors}  # (a cell already refused is not also "required")
            more = _other_errors(self.source, position, data, labels)
            errors.extend(e for e in more if e.field not in said)
        return data

    def convert(
        self,
        column: Column,
        value: Any,
        header: str,
        labels: dict[str, str],
        errors: list[FieldError],
    ) -> Any:
        kind = column.kind
        if value.__class__ is UnreadCell:  # a formula error, or a formula never computed
            errors.append(FieldError(header, value.reason))
            return None
        if kind == "text":
            if value.__class__ is str:
                return value.strip() or None
            if column.key == "registration_number":  # a number cell: its leading zeros lost
                return registration_text(value)
            return as_text(value).strip() or None
        if kind == "enum":
            return self.vocabulary.id_of(column.enum_field or column.field, as_text(value))
        if kind == "list":
            parts = [p.strip() for p in _LIST_SPLIT.split(as_text(value)) if p.strip()]
            for i in range(len(parts)):
                labels[f"{column.field}[{i}]"] = header
            path = column.enum_field or column.field
            return [self.vocabulary.id_of(path, p) for p in parts] or None
        if kind == "residences":
            periods, problems = parse_periods(as_text(value))
            for i in range(len(periods)):
                labels.update(self.period_labels(header, i))
            errors.extend(FieldError(header, p) for p in problems)
            return periods or None
        if isinstance(value, str):
            return value.strip()
        return value  # dates, moments, counts, yes/no: the record model reads every form

    def period_labels(self, header: str, i: int) -> dict[str, str]:
        """The labels of period ``i`` of a ``residences`` cell (``residences (period 2,
        start)``, …), each message rendered once per sheet, not once per row."""
        found = self._period_label_memo.get((header, i))
        if found is None:
            found = {
                f"residences[{i}].{part}": t(
                    "sheet.period_field", column=header, n=i + 1, part=part
                )
                for part in ("start", "end", "city")
            }
            if len(self._period_label_memo) < 1024:
                self._period_label_memo[(header, i)] = found
        return found

    def _join_periods(self, data: dict[str, Any], labels: dict[str, str]) -> None:
        assert self.periods is not None
        ident = data.get("id")
        joined = self.periods.by_id.get(ident) if isinstance(ident, str) else None
        if not joined:
            return
        periods: list[dict[str, Any]] = data.setdefault("residences", [])
        for period, where in joined:
            i = len(periods)
            periods.append(dict(period))
            for part, label in where.items():
                labels[f"residences[{i}].{part}"] = label


def _other_errors(
    source: str, position: str, data: dict[str, Any], labels: dict[str, str]
) -> list[FieldError]:
    """The model's errors for the rest of a row the reader already found fault with, so that
    a clerk sees every bad cell of the row at once (the engine stops at the reader's errors)."""
    from nominate.engine import read_record

    clean = {k: v for k, v in data.items() if k != "residences"}
    _, found = read_record(RawRecord(source, position, clean, labels=labels))
    return found


def parse_periods(text: str) -> tuple[list[dict[str, Any]], list[str]]:
    """``2016-03-01..2018-02-28 Busan; 2018-03-01.. Seoul`` → periods, and problems found.

    Dates stay text here: the record model reads them and names a bad one precisely.
    """
    periods: list[dict[str, Any]] = []
    problems: list[str] = []
    for piece in _PERIOD_SPLIT.split(text):
        piece = piece.strip()
        if not piece:
            continue
        match = _SEPARATOR.search(piece)
        start = piece[: match.start()].strip() if match else ""
        if match is None or not start or _SPACE.search(start):
            problems.append(t("sheet.bad_period", period=_clip(piece)))
            continue
        rest = piece[match.end() :]
        end: str | None = None
        city = rest.strip()
        words = city.split(None, 1)
        token, after = (words[0], words[1] if len(words) > 1 else "") if words else ("", "")
        if token.casefold() in _PRESENT:
            city = after.strip()
        elif _END_SHAPE.match(token) or (rest[:1].strip() and token[:1].isdigit()):
            # END right after the separator, or after spaces if it is shaped like a date
            # (``2018-03-01 ~ 2020-01-01 Seoul``); otherwise spaces then the city
            end, city = token, after.strip()
        periods.append({"start": start, "end": end, "city": city or None})
    return periods, problems


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def read_columns(pack: RulesPack | None) -> tuple[tuple[Column, ...], Vocabulary]:
    from nominate.rules import load_pack

    pack = pack or load_pack()
    return all_columns(pack), Vocabulary.of(pack)


class NoNameColumn(InputFileError):
    """A sheet without a ``name`` column: a workbook's reader tries its next sheet."""


def repeated_column(
    source: str, where: str, key: str, headers: Sequence[str], first: int, second: int
) -> InputFileError:
    """Two columns for one field: which of the two holds the truth, only the clerk knows."""
    from xlsxwriter.utility import xl_col_to_name

    return InputFileError(
        source,
        t(
            "sheet.repeated_column",
            where=where,
            key=key,
            first=f"{xl_col_to_name(first)} '{headers[first]}'",
            second=f"{xl_col_to_name(second)} '{headers[second]}'",
        ),
    )


def make_layout(
    source: str,
    header_cells: Iterable[Any],
    width: int,
    pack: RulesPack | None,
    where: str = "",
    has_period_sheet: bool = False,
) -> Layout:
    """Match a header row to columns (SPEC §6); refuse a sheet without a ``name`` column."""
    columns, vocabulary = read_columns(pack)
    headers = [as_text(c).strip() if not is_blank(c) else "" for c in header_cells]
    headers += [""] * (width - len(headers))
    index = header_index(columns)
    slots: list[tuple[int, Column]] = []
    seen: dict[str, int] = {}
    repeated: InputFileError | None = None
    for i, text in enumerate(headers):
        column = index.get(header_key(text)) if text else None
        if column is None:
            continue
        if column.key in seen:  # refused below, once the sheet is known to be candidates'
            first = seen[column.key]
            repeated = repeated or repeated_column(source, where, column.key, headers, first, i)
            continue
        seen[column.key] = i
        slots.append((i, column))
    if "name" not in seen:  # not a sheet of candidates (a workbook tries its next sheet)
        found = ", ".join(h for h in headers if h)[:200] or t("sheet.no_headers")
        raise NoNameColumn(source, t("sheet.no_name_column", where=where, headers=found))
    if repeated is not None:
        raise repeated
    absent = tuple(
        c for c in columns if c.key not in seen and not (c.key == "residences" and has_period_sheet)
    )
    warning = None
    if any(c.key not in _NO_CHECK for c in absent):
        names = ", ".join(c.key for c in absent if c.key not in _NO_CHECK)
        warning = WarningItem(SHEET_WARNING, None, t("sheet.absent_columns", columns=names))
    return Layout(source, tuple(headers), tuple(slots), absent, vocabulary, warning=warning)
