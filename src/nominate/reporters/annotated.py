"""Annotated copies of the input (SPEC §6): every input row and column, then the verdict.

The rows are read again from ``run.sources`` (one pass, streamed) and paired in order with
``run.results``, so nothing but the results is held in memory. Spreadsheet sources give their
header row and each row's cells as read; a JSON source is flattened into one column per SPEC §6
column (labelled in the run's language, the way ``nominate template`` writes them), so that its
annotated copy can be filled in further and checked again.

After the input columns come ``status`` (the status in words, in the run's language),
``reasons`` (one line per finding, each with its clause id: ``[C5] Received on …``; warnings
marked ``⚠``; for an invalid record, ``field: what is wrong``), ``missing`` (the columns to fill
in) and ``qualifies_on``; with more than one input file, a ``file`` column names each row's file.
An annotated copy checked again gets this run's verdict in place of the earlier one.

Registration numbers are masked in every column whose header is the registration number's.
Text stays text: XLSX cells are written as strings explicitly, never as formulas; in CSV, a text
value beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with
``'`` (the OWASP convention against CSV injection), so a spreadsheet program shows it as text.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TextIO, cast

from nominate.columns import RESULT_COLUMNS, Column, all_columns, header_index, header_key
from nominate.i18n import current_language, t
from nominate.models import mask_numbers, mask_registration, registration_text
from nominate.outputs import say
from nominate.results import Outcome, Result, Status
from nominate.rules import RulesPack
from nominate.run import CheckRun
from nominate.sources import OpenedSource, SheetSource

Progress = Callable[[int], None] | None

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_COLUMNS = 16_384  # columns an XLSX sheet can hold (A to XFD)
# A clerk's own column that names registration numbers ("등록번호(사본)", "old registration
# no."): masked whole, as the registration column is (header keys: no spaces, lower case)
REGISTRATION_WORDS = ("registration", "등록번호", "登録番号")


@dataclass(frozen=True, slots=True)
class Layout:
    """The output's input columns, and where each source's columns go among them."""

    headers: list[str]
    # per source: output index of each column (None: the same; -1: left out)
    placements: list[list[int] | None]
    masked: tuple[int, ...]  # output indexes of registration-number columns
    flat: tuple[Column, ...]  # the §6 columns a JSON source is flattened into
    lang: str
    with_file: bool

    def result_headers(self) -> list[str]:
        names = [c.label(self.lang) for c in RESULT_COLUMNS]
        return [*names, t("annotated.file", self.lang)] if self.with_file else names


def layout(run: CheckRun, pack: RulesPack, lang: str) -> Layout:
    """The union of the sources' headers, in order of first appearance. Headers that name
    the same column (``name``, ``Name``, ``성명``) share one, under the first one's text."""
    flat = all_columns(pack)
    flat_headers = tuple(c.label(lang) for c in flat)
    index = header_index(flat)
    headers: list[str] = []
    slots: dict[tuple[str, int], int] = {}
    placements: list[list[int] | None] = []
    for source in run.sources:
        source_headers = source_header_row(source, flat_headers)
        stale = earlier_verdict(source_headers)
        if stale:
            _say_replaced(source.name, source_headers, stale)
        seen: dict[str, int] = {}
        placement = []
        for i, header in enumerate(source_headers):
            if i in stale:  # replaced by this run's verdict
                placement.append(-1)
                continue
            key = header_key(header)
            column = index.get(key)
            same = column.key if column is not None else key
            occurrence = seen.get(same, 0)
            seen[same] = occurrence + 1
            slot = slots.get((same, occurrence))
            if slot is None:
                slot = slots[(same, occurrence)] = len(headers)
                headers.append(mask_numbers(header))  # (a header is output as a cell is)
            placement.append(slot)
        identity = placement == list(range(len(placement)))
        placements.append(None if identity else placement)
    masked = tuple(
        i
        for i, header in enumerate(headers)
        if ((column := index.get(header_key(header))) is not None
        and column.key == "registration_number")
        or (column is None  # (not "alien registration", which holds registered/exempt/none)
        and any(word in header_key(header) for word in REGISTRATION_WORDS))
    )
    return Layout(headers, placements, masked, flat, lang, len(run.sources) > 1)


def earlier_verdict(headers: Sequence[str]) -> range:
    """The columns an earlier run added, when an annotated copy is checked again: the last
    columns of the sheet, ``status``, ``reasons`` and ``missing`` in that order and in one
    language, then ``qualifies_on`` and ``file`` if present. Anything else is the clerk's
    and is kept (a verdict block the clerk changed stays too: piled up, but nothing lost)."""
    from nominate.i18n import LANGUAGES

    keys = [header_key(h) for h in headers]
    while keys and not keys[-1]:  # trailing columns without a header
        keys.pop()
    for lang in LANGUAGES:
        status, reasons, missing, qualifies = (header_key(c.label(lang)) for c in RESULT_COLUMNS)
        file = header_key(t("annotated.file", lang))
        for tail in (
            [status, reasons, missing, qualifies, file],
            [status, reasons, missing, qualifies],
            [status, reasons, missing, file],  # qualifies_on deleted by the clerk
            [status, reasons, missing],
        ):
            if len(keys) > len(tail) and keys[-len(tail) :] == tail:
                return range(len(keys) - len(tail), len(keys))
    return range(0)


def _say_replaced(source: str, headers: Sequence[str], stale: range) -> None:
    from xlsxwriter.utility import xl_col_to_name

    span = f"{xl_col_to_name(stale[0])}–{xl_col_to_name(stale[-1])}"
    names = ", ".join(headers[i] for i in stale)
    say(f"{source}: " + t("annotated.replaced", columns=span, names=names))


def source_header_row(source: OpenedSource, flat_headers: tuple[str, ...]) -> tuple[str, ...]:
    headers = getattr(source, "headers", None)
    if headers is None:
        return flat_headers
    return tuple("" if h is None else str(h) for h in headers)


def rows(run: CheckRun, shape: Layout) -> Iterator[tuple[list[Any], Result | None, str]]:
    """Each input row's cells in output order (registration numbers masked), with its result
    (``None`` for an empty row of a sheet, kept so that row numbers match the input's).

    ``run.results[i]`` belongs to the i-th record read across ``run.sources``.
    """
    width = len(shape.headers)
    results = iter(run.results)
    for source, placement in zip(run.sources, shape.placements, strict=True):
        spreadsheet = getattr(source, "headers", None) is not None
        next_row = getattr(source, "header_row", 1) + 1
        # (a sheet's rows again: their cells as read, not converted into records again)
        again = cast(SheetSource, source).records(read=False) if spreadsheet else source.records()
        for raw in again:
            result = next(results, None)
            if result is None:
                return
            if spreadsheet:  # rows the reader skipped as empty stay, so row numbers match
                row = _row_number(raw.position)
                while row is not None and next_row < row:
                    yield [None] * width, None, source.name
                    next_row += 1
                next_row = (row or next_row) + 1
            values = list(raw.cells) if spreadsheet else flatten(raw.data, shape.flat)
            if placement is None:
                if len(values) < width:
                    values.extend([None] * (width - len(values)))
                cells = values[:width]
            else:
                cells = [None] * width
                for slot, value in zip(placement, values, strict=False):
                    if slot >= 0:  # -1: an earlier run's verdict, left out
                        cells[slot] = value
            for i, value in enumerate(cells):
                if i in shape.masked:
                    cells[i] = mask_cell(value)
                elif (value.__class__ is str and len(value) >= 13) or value.__class__ in (
                    int,
                    float,
                ):
                    cells[i] = hide_numbers(value)  # a number in the wrong column
            yield cells, result, source.name


def rows_above_header(run: CheckRun) -> int:
    """The empty rows above a sheet's header row, kept in the copy of a single sheet so that
    its row numbers are the input's (``row 5`` in the results is row 5 of the copy)."""
    if len(run.sources) != 1:
        return 0
    return max(0, int(getattr(run.sources[0], "header_row", 1) or 1) - 1)


def _row_number(position: str) -> int | None:
    """``row 7`` → 7 (spreadsheet positions); None for anything else."""
    head, _, number = position.partition(" ")
    return int(number) if head == "row" and number.isdigit() else None


def hide_numbers(value: Any) -> Any:
    """A cell outside the registration-number column, with anything shaped like one masked:
    in text, or a whole number a spreadsheet stored (its leading zero lost)."""
    if value.__class__ is str:
        return mask_numbers(value) if len(value) >= 13 else value
    number = value
    if number.__class__ is float:
        if not number.is_integer():  # 900101.6123456: typed with a dot, stored as a number
            text = repr(number)
            masked = mask_numbers(text)
            return masked if masked != text else value
        if abs(number) < 1e13:
            number = int(number)
    if number.__class__ is int and 10**11 <= abs(number) < 10**13:
        # (fewer digits, as a number born 2000-2009 has lost, are as likely a phone number:
        # 010-5678-1234 stored as 1056781234; a column named for registration numbers is
        # masked whole instead)
        return mask_numbers(f"{abs(number):013d}")
    return value


def mask_cell(value: Any) -> Any:
    if value is None or value == "":
        return value
    return mask_registration(str(registration_text(value)))


def flatten(data: Mapping[str, Any] | None, columns: tuple[Column, ...]) -> list[Any]:
    """A JSON record as the cells of SPEC §6 columns (keys without a column are left out)."""
    if not isinstance(data, Mapping):
        return [None] * len(columns)
    cells: list[Any] = []
    for column in columns:
        head, _, tail = column.field.partition(".")
        value = data.get(head)
        if tail:
            value = value.get(tail) if isinstance(value, Mapping) else None
        cells.append(
            value if value is None or type(value) in _PLAIN else _flat_value(value, column)
        )
    return cells


_PLAIN = frozenset({str, bool, int, float})


def _flat_value(value: Any, column: Column) -> Any:
    if column.kind == "residences" and isinstance(value, list):
        return "; ".join(_period(p) for p in value)
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return _text(value)


def _period(period: Any) -> str:
    if not isinstance(period, Mapping):
        return _text(period)
    start, end, city = (period.get(k) for k in ("start", "end", "city"))
    return f"{_text(start)}..{_text(end)} {_text(city)}".rstrip()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# --- the added columns ------------------------------------------------------------------


def status_words(status: Status, lang: str) -> str:
    return t(f"status.{status.value}", lang)


def reason_lines(result: Result) -> list[str]:
    """Why a record is not eligible, one finding a line, each citing its clause."""
    if result.status is Status.INVALID:
        lines = [f"{e.field}: {e.message}" for e in result.errors]
    else:
        lines = [
            f"[{c.clause}] {c.message}" for c in result.checks if c.outcome is not Outcome.PASS
        ]
    for warning in result.warnings:
        clause = f"[{warning.clause}] " if warning.clause else ""
        lines.append(f"⚠ {clause}{warning.message}")
    return lines


def missing_labels(pack: RulesPack, lang: str) -> dict[str, str]:
    """What to call each missing item: the header of the column to fill in."""
    labels: dict[str, str] = {}
    for column in all_columns(pack):
        labels[column.field] = column.label(lang)
        if column.field.startswith("documents."):
            labels[column.key] = column.label(lang)
    return labels


def added_cells(result: Result, shape: Layout, names: Mapping[str, str], source: str) -> list[Any]:
    qualifies = result.residency.qualifies_on if result.residency else None
    cells: list[Any] = [
        status_words(result.status, shape.lang),
        "\n".join(reason_lines(result)),
        ", ".join(names.get(item, item) for item in result.missing),
        qualifies,
    ]
    if shape.with_file:
        cells.append(source)
    return cells


# --- CSV --------------------------------------------------------------------------------


def csv_cell(value: Any) -> str:
    """A cell as CSV text; text that a spreadsheet would run as a formula is neutralised."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_START) else value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ") if value.time() != time() else value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return csv_cell(str(value)) if not isinstance(value, int | float) else str(value)


def write_csv(run: CheckRun, pack: RulesPack, out: TextIO, progress: Progress = None) -> None:
    """The annotated copy as CSV (RFC 4180, ``\\r\\n`` line ends), streamed row by row."""
    shape = layout(run, pack, current_language())
    names = missing_labels(pack, shape.lang)
    writer = csv.writer(out)
    for _ in range(rows_above_header(run)):
        writer.writerow([])
    writer.writerow([csv_cell(h) for h in [*shape.headers, *shape.result_headers()]])
    done = 0
    for cells, result, source in rows(run, shape):
        if result is None:
            writer.writerow([])
            continue
        writer.writerow([csv_cell(v) for v in cells + added_cells(result, shape, names, source)])
        done += 1
        if progress is not None:
            progress(done)


# --- XLSX -------------------------------------------------------------------------------


def write_xlsx(run: CheckRun, pack: RulesPack, path: Path, progress: Progress = None) -> None:
    """The annotated copy as XLSX, written in xlsxwriter's constant-memory (streaming) mode.

    xlsxwriter keeps each sheet's rows in a scratch file; the scratch folder is removed
    whatever happens, and on an error the workbook is never assembled at ``path``.
    """
    import xlsxwriter

    from nominate.reporters.xlsxsheet import SheetWriter, write_periods, write_summary

    shape = layout(run, pack, current_language())
    width = len(shape.headers) + len(shape.result_headers())
    if width > XLSX_COLUMNS:  # xlsxwriter would leave the verdict out without a word
        from nominate.errors import OutputError

        raise OutputError(t("annotated.too_wide", columns=len(shape.headers), limit=XLSX_COLUMNS))
    with tempfile.TemporaryDirectory(prefix="nominate-xlsx-") as scratch:
        book = xlsxwriter.Workbook(str(path), workbook_options(scratch))
        try:
            sheet = SheetWriter(
                book, main_sheet_name(run, shape.lang), shape, shape.lang, rows_above_header(run)
            )
            sheet.header([*shape.headers, *shape.result_headers()])
            names = missing_labels(pack, shape.lang)
            tally = Tally()
            done = 0
            for cells, result, source in rows(run, shape):
                if result is None:
                    sheet.blank()
                    continue
                sheet.row(cells, added_cells(result, shape, names, source), result.status)
                tally.add(result)
                done += 1
                if progress is not None:
                    progress(done)
            sheet.finish()
            for opened in run.sources:  # a residences sheet goes along, for checking again
                periods = getattr(getattr(opened, "layout", None), "periods", None)
                if periods is not None:
                    write_periods(book, periods)
            write_summary(book, run, pack, shape.lang, tally)
        except BaseException:
            _abandon(book)
            raise
        _close(book, path)


def main_sheet_name(run: CheckRun, lang: str) -> str:
    """The input sheet's own name when there is one input workbook and Excel allows the name
    (other programs write names it refuses); else ``nominations``."""
    from nominate.reporters.xlsxsheet import SUMMARY_SHEET

    only = run.sources[0] if len(run.sources) == 1 else None
    name = getattr(only, "sheet_name", None)
    if (
        isinstance(name, str)
        and 0 < len(name) <= 31
        and not any(c in name for c in "[]:*?/\\")
        and not name.startswith("'")
        and not name.endswith("'")
        and name.casefold() != SUMMARY_SHEET
    ):
        return name
    return t("annotated.sheet", lang)


def workbook_options(scratch: str | None) -> dict[str, Any]:
    return {
        "constant_memory": scratch is not None,
        "tmpdir": scratch,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
        "remove_timezone": True,
    }


def _abandon(book: Any) -> None:
    for sheet in book.worksheets():
        handle = getattr(sheet, "row_data_fh", None)
        if handle is not None and not handle.closed:
            handle.close()
    book.fileclosed = True


def _close(book: Any, path: Path) -> None:
    """Finish the workbook; a failure goes on as OSError, which the writing of ``path`` (a
    temporary file) turns into one line naming the file asked for, not the temporary one."""
    from xlsxwriter.exceptions import XlsxWriterException

    try:
        book.close()
    except XlsxWriterException as exc:
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, OSError):
            raise cause from None
        raise OSError(str(exc)) from None


class Tally:
    """Counts for the summary sheet: each rule's failing and missing outcomes."""

    def __init__(self) -> None:
        self.failing: dict[str, int] = {}
        self.missing: dict[str, int] = {}

    def add(self, result: Result) -> None:
        for check in result.checks:
            if check.outcome is Outcome.FAIL:
                self.failing[check.rule] = self.failing.get(check.rule, 0) + 1
            elif check.outcome is Outcome.MISSING:
                self.missing[check.rule] = self.missing.get(check.rule, 0) + 1


__all__: Sequence[str] = ("write_csv", "write_xlsx")
