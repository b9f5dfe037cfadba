"""How far a worksheet reaches, measured from its XML while the archive guard inflates it.

python-calamine holds a sheet as one grid from its first to its last cell, and makes room for
the grid the sheet's ``<dimension>`` declares: a stray cell at XFD1048576 (or a dimension
that says so) asks for 2^34 cells, and calamine aborts the whole process (SIGABRT) when the
allocation fails. A stray cell in row 1048576 of a 22-column list costs 700 MB. So the
guard measures each sheet's reach, the larger of its declared dimension and the cells it
holds, and refuses a sheet whose grid would pass the limit, before calamine sees it.

The scan is two searches of the inflated XML: every ``<row r="N"``, and every cell reference
with a column of two or three letters (beyond Z), so a sheet of 22 columns costs only the
row search (about a tenth of a second for 100,000 rows).
"""

from __future__ import annotations

import re

_ROW = re.compile(rb'<row(?: r="(\d{1,10})")?[\s>/]')  # the number, or b"" for none
_WIDE_CELL = re.compile(rb'<c r="([A-Z]{2,3})\d')
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]{1,3}\d{1,10}(?::([A-Z]{1,3})(\d{1,10}))?"')


def column_number(letters: str) -> int:
    """``A`` → 1, ``Z`` → 26, ``AA`` → 27, ``XFD`` → 16384."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Extent:
    """Fed a worksheet's XML chunk by chunk; then ``rows`` × ``columns`` bounds its grid."""

    def __init__(self) -> None:
        self.rows = 1
        self.columns = 26  # with no reference beyond Z, at most 26 columns
        self.declared = 0  # the last column the dimension declares (for messages)
        self._numbered = 0  # the highest r="…" of a row
        self._unnumbered = 0  # rows without r="…", which calamine numbers on from the last
        self._tail = b""
        self._first = True

    def feed(self, chunk: bytes) -> None:
        """Scan ``chunk``. Each piece scanned ends before the last ``<`` near its end, so that
        no tag is cut in two: the rest goes ahead of the next chunk."""
        window = self._tail + chunk
        cut = window.rfind(b"<", max(0, len(window) - 64))
        cut = len(window) if cut < 0 or not chunk else cut
        self._scan(window[:cut])
        self._tail = window[cut:]

    def finish(self) -> None:
        self.feed(b"")

    def _scan(self, piece: bytes) -> None:
        if self._first:
            self._first = False
            declared = _DIMENSION.search(piece, 0, 4096)
            if declared is not None and declared.group(1):
                self.declared = column_number(declared.group(1).decode())
                self._widen(self.declared, int(declared.group(2)))
        rows = _ROW.findall(piece)
        numbers = [int(r) for r in rows if r]
        if numbers:
            self._numbered = max(self._numbered, *numbers)
        self._unnumbered += len(rows) - len(numbers)
        self.rows = max(self.rows, self._numbered + self._unnumbered)
        wide = set(_WIDE_CELL.findall(piece))
        if wide:
            widest = max(wide, key=lambda letters: (len(letters), letters))
            self._widen(column_number(widest.decode()), 1)

    def _widen(self, column: int, row: int) -> None:
        self.columns = max(self.columns, column)
        self.rows = max(self.rows, row)

    @property
    def cells(self) -> int:
        return self.rows * self.columns

    @property
    def corner(self) -> str:
        """The farthest cell, as a spreadsheet names it (the column as declared, when no cell
        reaches beyond Z)."""
        column = self.columns if self.columns > 26 else (self.declared or self.columns)
        return f"{column_letters(column)}{self.rows}"
