"""CSV input (SPEC §6): UTF-8 with or without BOM, or CP949, detected; ``--encoding`` overrides.

Columns are separated by the character a first line ``sep=X`` names (Excel writes one; it is
not a row), else by whichever of comma, semicolon and tab makes the header row yield a
``name`` column and the most recognised headers (European-locale programs write semicolons).

Opening parses the whole file once, streaming, so that a file that cannot be read (wrong
encoding, a cell too large, NUL bytes) is refused before anything is printed; reading parses
it again, one row at a time. Memory stays bounded: a physical line longer than
:data:`LINE_LIMIT` characters, or a cell longer than the csv module's field limit, stops the
run with one line naming the row, instead of being read whole first.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from nominate.columns import Column, header_index, header_key
from nominate.errors import InputFileError
from nominate.i18n import t
from nominate.sources import RawRecord, ReadOptions
from nominate.sources.archive import is_workbook
from nominate.sources.cells import (
    Layout,
    NoNameColumn,
    make_layout,
    read_columns,
    rows_of_part,
    sheet_parts,
)

LINE_LIMIT = 1 << 20  # characters in one physical line
BOM = "\ufeff"  # read as a character when --encoding names utf-8 or utf-16-le, say
_DETECTED = ("utf-8-sig", "cp949")
_SAMPLE = 1 << 16  # characters of a CP949 reading checked for plausibility
_DELIMITERS = (",", ";", "\t")  # in order of preference when the header row cannot tell
_SEP_LINE = re.compile(r"sep=([^\"\r\n]) *\r?\n?", re.IGNORECASE)
_GLUE = re.compile(r"[^\w\s()\-]+")  # what may have joined columns a delimiter did not split


class _Refused(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason


@dataclass(slots=True)
class CsvSource:
    name: str
    headers: tuple[str, ...] | None
    path: Path
    encoding: str
    delimiter: str
    layout: Layout
    header_row: int
    total: int
    # A part (see parts): the rows after ``header_row + skip`` up to ``header_row + stop``
    skip: int = 0
    stop: int | None = None

    def records(self, read: bool = True) -> Iterator[RawRecord]:
        with _read_errors(self.name), _open(self.path, self.name, self.encoding) as f:
            rows = rows_of_part(
                _rows(f, self.name, self.delimiter), self.header_row, self.skip, self.stop
            )
            yield from self.layout.records(rows, self.header_row, read)

    def __len__(self) -> int:
        return self.total

    def parts(self, count: int) -> list[CsvSource]:
        """The rows in ``count`` consecutive parts, each read from the file on its own."""
        return sheet_parts(self, count)


@contextlib.contextmanager
def _read_errors(name: str) -> Iterator[None]:
    """A disk that fails while the file is read (EIO): one line naming the file."""
    try:
        yield
    except OSError as exc:
        raise InputFileError(name, exc.strerror or str(exc)) from None


def open_csv(path: Path | None, name: str, options: ReadOptions) -> CsvSource:
    assert path is not None
    with _read_errors(name):
        return _open_csv(path, name, options)


def _open_csv(path: Path, name: str, options: ReadOptions) -> CsvSource:
    if is_workbook(path):  # not an encoding problem, whatever --encoding says
        raise InputFileError(name, t("sheet.workbook_as_csv"))
    if options.encoding:
        try:
            encoding = codecs.lookup(options.encoding).name
        except LookupError:
            reason = t("sheet.unknown_encoding", encoding=options.encoding)
            raise InputFileError(name, reason) from None
        return _scan(path, name, encoding, options, strict_text=False)
    for encoding in _DETECTED:
        try:
            return _scan(path, name, encoding, options, strict_text=True)
        except UnicodeDecodeError:
            continue
    with path.open("rb") as f:
        first = f.read(4)
    if first[:2] in (b"\xff\xfe", b"\xfe\xff") and first != b"\xff\xfe\0\0":  # UTF-16's
        raise InputFileError(name, t("sheet.utf16"))  # byte-order mark (not UTF-32's)
    raise InputFileError(name, t("sheet.not_text_encoding"))


def _scan(
    path: Path, name: str, encoding: str, options: ReadOptions, strict_text: bool
) -> CsvSource:
    """Parse the whole file once: header, width, row count, and every reason to refuse it."""
    header_row = 0
    header: list[str] = []
    total = 0
    delimiter = ","
    width = 0
    index = header_index(read_columns(options.pack)[0])
    try:
        with _open(path, name, encoding) as f:
            first = f.readline(LINE_LIMIT + 1)
            if encoding == "cp949" and strict_text:
                _plausible_cp949(first + f.read(_SAMPLE), name)
            delimiter = _delimiter(f, name, first, index)
            f.seek(0)
            for number, cells in _rows(f, name, delimiter):
                width = max(width, len(cells))
                if not header_row:
                    if any(c.strip() for c in cells):
                        header_row, header = number, cells
                    continue
                total = number - header_row
    except UnicodeDecodeError:
        if strict_text:
            raise
        raise InputFileError(name, t("sheet.wrong_encoding", encoding=encoding)) from None
    if not header_row:
        raise InputFileError(name, t("input.empty"))
    try:
        layout = make_layout(name, header, width, options.pack)
    except NoNameColumn:
        cells = [c.strip() for c in header if c.strip()]
        parts = [p for p in _GLUE.split(cells[0]) if p.strip()] if len(cells) == 1 else []
        if len(parts) > 1 and "name" in _keys(parts, index):
            # one column that holds the headers: no delimiter of ours split them
            reason = t("sheet.one_column", header=cells[0][:200])
            raise NoNameColumn(name, reason) from None
        raise
    return CsvSource(name, layout.headers, path, encoding, delimiter, layout, header_row, total)


def _open(path: Path, name: str, encoding: str) -> TextIO:
    try:
        return path.open(encoding=encoding, errors="strict", newline="")
    except OSError as exc:
        raise InputFileError(name, exc.strerror or str(exc)) from None


def _lines(f: TextIO, name: str, rows_so_far: list[int]) -> Iterator[str]:
    """Physical lines, each read with a cap so that one huge line cannot fill memory; a
    byte-order mark that the encoding kept is dropped, whatever the encoding, and a first
    line ``sep=X`` is no row (the header is row 1, as in Excel)."""
    first = True
    while line := f.readline(LINE_LIMIT + 1):
        if first:
            line, first = line.removeprefix(BOM), False
            if _SEP_LINE.fullmatch(line):
                continue
        if len(line) > LINE_LIMIT:
            raise InputFileError(
                name, t("sheet.line_too_long", row=rows_so_far[0] + 1, limit=LINE_LIMIT)
            )
        if "\x00" in line:
            raise InputFileError(name, t("sheet.nul", row=rows_so_far[0] + 1))
        yield line


def _rows(f: TextIO, name: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """``(row number as a spreadsheet shows it, cells)``; quoted cells may span lines."""
    count = [0]
    reader = csv.reader(_lines(f, name, count), delimiter=delimiter)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputFileError(
                name, t("sheet.bad_csv", row=count[0] + 1, reason=str(exc)[:80])
            ) from None
        count[0] += 1
        yield count[0], cells


def _delimiter(f: TextIO, name: str, first_line: str, index: dict[str, Column]) -> str:
    """The delimiter a first line ``sep=X`` names; else the one of :data:`_DELIMITERS` by
    which the header row has a ``name`` column, the most recognised headers, the most cells."""
    sep = _SEP_LINE.fullmatch(first_line.removeprefix(BOM))
    if sep:
        return sep.group(1)

    def score(delimiter: str) -> tuple[bool, int, int]:
        f.seek(0)
        try:
            header = next((c for _, c in _rows(f, name, delimiter) if any(map(str.strip, c))), [])
        except InputFileError:  # said again, if it is no artefact of this delimiter
            return (False, -1, -1)
        keys = _keys(header, index)
        return ("name" in keys, len(keys), sum(1 for c in header if c.strip()))

    return max(_DELIMITERS, key=score)  # the first of equals


def _keys(headers: Iterable[str], index: dict[str, Column]) -> set[str]:
    """The columns that these headers name."""
    return {index[k].key for k in map(header_key, headers) if k in index}


def _plausible_cp949(text: str, name: str) -> None:
    """CP949 decodes many byte strings; text that is really Korean stays within KS X 1001
    for nearly every character, where Shift_JIS or Latin-1 read as CP949 does not."""
    foreign = [ch for ch in text if ord(ch) > 0x7F]
    if not foreign:
        return
    odd = 0
    for ch in foreign:
        try:
            ch.encode("euc_kr")
        except UnicodeEncodeError:
            odd += 1
    if odd * 5 > len(foreign):
        raise InputFileError(name, t("sheet.not_text_encoding"))
