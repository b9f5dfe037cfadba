"""XLSX input, read with python-calamine after the archive guard (SPEC §6).

calamine reads a 100,000-row sheet ten times faster than openpyxl's read-only mode and,
unlike it, does not trust the sheet's ``<dimension>`` tag (which can silently drop rows). It
reads cached values of formula cells (never evaluating them), dates as ``date``/``datetime``,
numbers as floats and empty cells as ``''``.

The candidates are on the first sheet that has a ``name`` column (sheets named ``residences``
or its label set aside); a sheet named ``residences`` (or ``거주기간``/``居住期間``) supplies
extra periods joined by ``id``. Rows keep the numbers the spreadsheet shows.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nominate.columns import RESIDENCE_COLUMNS, RESIDENCE_SHEET, header_index, header_key
from nominate.errors import InputFileError
from nominate.i18n import t
from nominate.sources import RawRecord, ReadOptions
from nominate.sources.archive import check_xlsx
from nominate.sources.cells import (
    Layout,
    NoNameColumn,
    SheetPeriods,
    as_text,
    is_blank,
    make_layout,
    means_ongoing,
    repeated_column,
)

_PERIOD_SHEET_KEYS = {
    header_key(s) for s in (RESIDENCE_SHEET.key, RESIDENCE_SHEET.ko, RESIDENCE_SHEET.ja)
}


@dataclass(slots=True)
class XlsxSource:
    name: str
    headers: tuple[str, ...] | None
    layout: Layout
    sheet: Any  # calamine's sheet, holding every cell; let go of after the first pass
    header_row: int
    total: int
    path: Path
    sheet_name: str
    max_size: int

    def records(self) -> Iterator[RawRecord]:
        sheet = self.sheet
        if sheet is None:  # a second pass (the annotated copy): read the file again
            check_xlsx(self.path, self.name, self.max_size)
            from python_calamine import CalamineWorkbook

            book = CalamineWorkbook.from_path(str(self.path))
            sheet = _sheet(book, self.sheet_name, self.name)
        self.sheet = None  # the cells are freed when this pass ends, not held for the run
        yield from self.layout.records(enumerate(_rows(sheet), start=1), self.header_row)

    def __len__(self) -> int:
        return self.total


def open_xlsx(path: Path | None, name: str, options: ReadOptions) -> XlsxSource:
    assert path is not None
    check_xlsx(path, name, options.max_size)
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheet_names: list[str] = list(book.sheet_names)
    except Exception as exc:  # calamine's errors have no common base worth naming
        raise InputFileError(name, t("sheet.unreadable", reason=_reason(exc))) from None
    period_sheets = [s for s in sheet_names if _is_period_sheet(s)]
    if len(period_sheets) > 1:  # which candidate's periods are in which? Not ours to guess
        shown = ", ".join(f"'{s}'" for s in period_sheets)
        raise InputFileError(name, t("sheet.several_period_sheets", sheets=shown))
    candidates = [s for s in sheet_names if s not in period_sheets]
    if not candidates:
        raise InputFileError(name, t("sheet.no_sheet"))
    first_error: NoNameColumn | None = None
    for sheet_name in candidates:
        sheet = _sheet(book, sheet_name, name)
        rows = _rows(sheet)
        header_row, header = _header(rows)
        try:
            layout = make_layout(
                name,
                header,
                sheet.end[1] + 1 if sheet.end else 0,
                options.pack,
                where=t("sheet.in_sheet", sheet=sheet_name),
                has_period_sheet=bool(period_sheets),
            )
        except NoNameColumn as exc:  # perhaps a notes sheet: try the next one
            first_error = first_error or exc
            continue
        if period_sheets:
            layout.periods = _periods(book, period_sheets[0], name)
            _report_unmatched(layout, sheet, header_row, name)
        last_row = sheet.end[0] + 1 if sheet.end else 0
        return XlsxSource(
            name,
            layout.headers,
            layout,
            sheet,
            header_row,
            max(0, last_row - header_row),
            path,
            sheet_name,
            options.max_size,
        )
    assert first_error is not None
    raise first_error


def _is_period_sheet(sheet_name: str) -> bool:
    """``residences`` or its label, also numbered as an annotated copy of several workbooks
    numbers them (``residences (2)``)."""
    return header_key(_NUMBERED.sub("", sheet_name)) in _PERIOD_SHEET_KEYS


_NUMBERED = re.compile(r"\s*\(\d+\)$")


def _sheet(book: Any, sheet_name: str, name: str) -> Any:
    try:
        return book.get_sheet_by_name(sheet_name)
    except Exception as exc:
        raise InputFileError(name, t("sheet.unreadable", reason=_reason(exc))) from None


def _rows(sheet: Any) -> Iterator[list[Any]]:
    skip = sheet.start[1] if sheet.start else 0
    for cells in sheet.iter_rows():
        yield [""] * skip + cells if skip else cells


def _header(rows: Iterator[list[Any]]) -> tuple[int, list[Any]]:
    """The first row with anything in it is the header row (usually row 1)."""
    for number, cells in enumerate(rows, start=1):
        if not all(is_blank(c) for c in cells):
            return number, cells
    return 0, []


def _periods(book: Any, sheet_name: str, name: str) -> SheetPeriods:
    """The ``residences`` sheet: ``id``, ``start``, ``end``, ``city``, one period a row."""
    sheet = _sheet(book, sheet_name, name)
    everything = list(_rows(sheet))  # a few rows a candidate: kept whole for the annotated copy
    rows = iter(everything)
    header_row, header = _header(rows)
    index = header_index(RESIDENCE_COLUMNS)
    where: dict[str, int] = {}
    for i, cell in enumerate(header):
        matched = index.get(header_key(as_text(cell))) if not is_blank(cell) else None
        if matched is not None:
            if matched.key in where:
                texts = [as_text(c) for c in header]
                at = t("sheet.in_sheet", sheet=sheet_name)
                raise repeated_column(name, at, matched.key, texts, where[matched.key], i)
            where[matched.key] = i
    periods = SheetPeriods(sheet_name, rows=everything)
    if "id" not in where:
        raise InputFileError(name, t("sheet.period_sheet_no_id", sheet=sheet_name))
    orphans: list[str] = []
    for number, cells in enumerate(rows, start=header_row + 1):
        if all(is_blank(c) for c in cells):
            continue
        values = {k: cells[i] if i < len(cells) else "" for k, i in where.items()}
        ident = as_text(values.pop("id")).strip()
        period: dict[str, Any] = {}
        labels: dict[str, str] = {}
        for part in ("start", "end", "city"):
            value = values.get(part, "")
            blank = is_blank(value) or (part == "end" and means_ongoing(value))
            period[part] = None if blank else value
            column = header[where[part]] if part in where else part
            labels[part] = t(
                "sheet.period_sheet_field", sheet=sheet_name, row=number, column=column
            )
        if ident:
            periods.by_id.setdefault(ident, []).append((period, labels))
        else:
            orphans.append(str(number))
    if orphans:
        sys.stderr.write(
            f"nominate: {name}: "
            + t("sheet.period_rows_without_id", sheet=sheet_name, rows=", ".join(orphans[:20]))
            + "\n"
        )
    return periods


def _report_unmatched(layout: Layout, sheet: Any, header_row: int, name: str) -> None:
    """Periods whose id is on no candidate row would be lost silently: say so on stderr."""
    assert layout.periods is not None
    column = next((i for i, c in layout.slots if c.key == "id"), None)
    ids: set[str] = set()
    if column is not None:
        for number, cells in enumerate(_rows(sheet), start=1):
            if number > header_row and column < len(cells) and not is_blank(cells[column]):
                ids.add(as_text(cells[column]).strip())
    unmatched = [i for i in layout.periods.by_id if i not in ids]
    if unmatched:
        sys.stderr.write(
            f"nominate: {name}: "
            + t(
                "sheet.period_ids_unmatched",
                sheet=layout.periods.sheet,
                ids=", ".join(unmatched[:20]),
            )
            + "\n"
        )


def _reason(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:120]
