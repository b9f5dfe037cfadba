"""XLSX input, read with python-calamine after the archive guard (SPEC §6).

calamine reads a 100,000-row sheet ten times faster than openpyxl's read-only mode and,
unlike it, does not trust the sheet's ``<dimension>`` tag (which can silently drop rows). It
reads cached values of formula cells (never evaluating them), dates as ``date``/``datetime``,
numbers as floats and empty cells as ``''``.

The candidates are on the sheet that has a ``name`` column (sheets named ``residences`` or
its label set aside; a hidden sheet only when no visible one has one); two visible sheets
with a ``name`` column are refused, as the run cannot tell which list is meant. A sheet
named ``residences`` (or ``거주기간``/``居住期間``) supplies extra periods joined by ``id``.
Rows keep the numbers the spreadsheet shows.

What calamine reads as an empty cell but is not (a formula error, a formula never computed)
comes from the archive guard's scan and makes the field invalid; a merged cell's value applies
to every cell it covers, as the clerk sees it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nominate.columns import RESIDENCE_COLUMNS, RESIDENCE_SHEET, header_index, header_key
from nominate.errors import InputFileError
from nominate.i18n import t
from nominate.outputs import say
from nominate.sources import RawRecord, ReadOptions
from nominate.sources.archive import Unread, check_xlsx
from nominate.sources.cells import (
    Layout,
    NoNameColumn,
    SheetPeriods,
    as_text,
    is_blank,
    make_layout,
    means_ongoing,
    repeated_column,
    rows_of_part,
    sheet_parts,
)

_PERIOD_SHEET_KEYS = {
    header_key(s) for s in (RESIDENCE_SHEET.key, RESIDENCE_SHEET.ko, RESIDENCE_SHEET.ja)
}


@dataclass(slots=True)
class XlsxSource:
    name: str
    headers: tuple[str, ...] | None
    layout: Layout
    sheet: Any  # calamine's sheet, holding every cell; let go of after the first pass,
    # unless ``keep``
    header_row: int
    total: int
    path: Path
    sheet_name: str
    max_size: int
    unread: Unread
    # A part (see parts): the rows after ``header_row + skip`` up to ``header_row + stop``
    skip: int = 0
    stop: int | None = None
    keep: bool = False  # hold the cells for a second pass (ReadOptions.again)

    def parts(self, count: int) -> list[XlsxSource]:
        """The rows in ``count`` consecutive parts (each reads the cells before its own,
        for the merged cells that may begin there, and converts only its own). The parts
        hold the cells now: unless it keeps them, this source reads the file again if asked
        (an annotated copy), as after a first pass."""
        parts = sheet_parts(self, count)
        if not self.keep:
            self.sheet = None
        return parts

    def records(self, read: bool = True) -> Iterator[RawRecord]:
        sheet = self.sheet
        if sheet is None:  # a second pass (the annotated copy): read the file again
            unread = check_xlsx(self.path, self.name, self.max_size)
            self.unread = unread.get(self.sheet_name, {})
            from python_calamine import CalamineWorkbook

            book = CalamineWorkbook.from_path(str(self.path))
            sheet = _sheet(book, self.sheet_name, self.name)
        if not self.keep:
            self.sheet = None  # the cells are freed when this pass ends, not held for the run
        rows = _merged(_rows(sheet, self.unread), sheet, self.header_row)
        numbered = rows_of_part(enumerate(rows, start=1), self.header_row, self.skip, self.stop)
        yield from self.layout.records(numbered, self.header_row, read)

    def __len__(self) -> int:
        return self.total


def open_xlsx(path: Path | None, name: str, options: ReadOptions) -> XlsxSource:
    assert path is not None
    unread = check_xlsx(path, name, options.max_size)
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheet_names: list[str] = list(book.sheet_names)
        hidden = {m.name for m in book.sheets_metadata if m.visible != SheetVisibleEnum.Visible}
    except Exception as exc:  # calamine's errors have no common base worth naming
        raise InputFileError(name, t("sheet.unreadable", reason=_reason(exc))) from None
    period_sheets = [s for s in sheet_names if _is_period_sheet(s)]
    if len(period_sheets) > 1:  # which candidate's periods are in which? Not ours to guess
        shown = ", ".join(f"'{s}'" for s in period_sheets)
        raise InputFileError(name, t("sheet.several_period_sheets", sheets=shown))
    candidates = [s for s in sheet_names if s not in period_sheets]
    candidates.sort(key=lambda s: s in hidden)  # visible sheets first, each kind in order
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
        others = [s for s in candidates if s != sheet_name and s not in hidden]
        _refuse_a_second_list(book, others, sheet_name, name, options)
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
            unread.get(sheet_name, {}),
            keep=options.again,
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


def _refuse_a_second_list(
    book: Any, others: list[str], first: str, name: str, options: ReadOptions
) -> None:
    """Two visible sheets of candidates (``1차 접수``, ``2차 접수``): checking one would leave
    the other out without a word."""
    for other in others:
        _, header = _header(_rows(_sheet(book, other, name)))
        try:
            make_layout(name, header, len(header), options.pack)
        except NoNameColumn:
            continue
        except InputFileError:
            pass  # a name column, repeated: a list all the same
        raise InputFileError(name, t("sheet.several_lists", first=first, other=other))


def _rows(sheet: Any, unread: Unread | None = None) -> Iterator[list[Any]]:
    """The sheet's rows, numbered from 1 as the spreadsheet numbers them, with the cells
    calamine reads as empty that are not (``unread``) put in their places."""
    skip = sheet.start[1] if sheet.start else 0
    marks: dict[int, list[tuple[int, Any]]] = {}
    for (row, column), cell in (unread or {}).items():
        marks.setdefault(row, []).append((column - 1, cell))
    number = 0
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        if skip:
            cells = [""] * skip + cells
        if number in marks:
            cells = _marked(cells, marks[number])
        yield cells
    for later in sorted(r for r in marks if r > number):  # rows calamine saw as empty
        yield from ([] for _ in range(later - number - 1))
        yield _marked([], marks[later])
        number = later


def _marked(cells: list[Any], marks: list[tuple[int, Any]]) -> list[Any]:
    cells = list(cells)
    for column, cell in marks:
        if column >= len(cells):
            cells.extend([""] * (column + 1 - len(cells)))
        cells[column] = cell
    return cells


def _merged(rows: Iterator[list[Any]], sheet: Any, header_row: int) -> Iterator[list[Any]]:
    """A merged cell's value in every cell it covers below the header row (what the clerk
    sees; a covered cell may still hold an old value nobody sees)."""
    spans: dict[int, list[tuple[int, int, int]]] = {}  # row → (top, left, right), from 1
    for (top, left), (bottom, right) in sheet.merged_cell_ranges or ():
        if top + 1 > header_row and (bottom > top or right > left):
            for row in range(top + 1, bottom + 2):
                spans.setdefault(row, []).append((top + 1, left, right))
    if not spans:
        yield from rows
        return
    values: dict[tuple[int, int], Any] = {}
    for number, cells in enumerate(rows, start=1):
        for top, left, right in spans.get(number, ()):
            if number == top:
                values[(top, left)] = cells[left] if left < len(cells) else ""
            value = values.get((top, left), "")
            cells = _marked(cells, [(c, value) for c in range(left, right + 1)])
        yield cells


def _header(rows: Iterator[list[Any]]) -> tuple[int, list[Any]]:
    """The first row with anything in it is the header row (usually row 1)."""
    for number, cells in enumerate(rows, start=1):
        if not all(is_blank(c) for c in cells):
            return number, cells
    return 0, []


def _periods(book: Any, sheet_name: str, name: str) -> SheetPeriods:
    """The ``residences`` sheet: ``id``, ``start``, ``end``, ``city``, one period a row."""
    sheet = _sheet(book, sheet_name, name)
    read = list(_rows(sheet))
    header_row, header = _header(iter(read))
    # a few rows a candidate, kept whole for the annotated copy; an id merged down over a
    # candidate's periods counts for each of them, as on the candidates' sheet
    everything = list(_merged(iter(read), sheet, header_row))
    rows = zip(read[header_row:], everything[header_row:], strict=True)
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
    for number, (as_read, cells) in enumerate(rows, start=header_row + 1):
        if all(is_blank(c) for c in as_read):  # (a blank row under a merged id stays blank)
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
        listed = ", ".join(orphans[:20])
        say(f"{name}: " + t("sheet.period_rows_without_id", sheet=sheet_name, rows=listed))
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
        listed = ", ".join(unmatched[:20])
        say(f"{name}: " + t("sheet.period_ids_unmatched", sheet=layout.periods.sheet, ids=listed))


def _reason(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:120]
