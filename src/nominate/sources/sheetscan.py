"""What the archive guard learns from a worksheet's XML while it inflates it.

1. **How far the sheet reaches.** python-calamine holds a sheet as one grid from its first to
   its last cell, and makes room for the grid the sheet's ``<dimension>`` declares: a stray
   cell at XFD1048576 (or a dimension that says so) asks for 2^34 cells, and calamine aborts
   the whole process (SIGABRT) when the allocation fails; a stray cell in row 1048576 of a
   22-column list costs 700 MB. The reach is the larger of the declared dimension and the
   cells present: every ``<row r="N"``, rows without a number, and cell references with a
   column of two or three letters (beyond Z). A sheet of 22 columns costs only the row search
   (about a tenth of a second for 100,000 rows).
2. **Cells calamine reads as empty that are not** (:class:`UnreadCell`): a formula whose
   stored value is an error (``#N/A``, ``#DIV/0!``), and a formula with no stored value at
   all (a file written by a program, never opened in a spreadsheet program). Searched only in
   the parts of the XML that hold an error value or a formula.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import unescape

from nominate.i18n import t
from nominate.models import mask_numbers

_ROW = re.compile(rb'<row(?: r="(\d{1,10})")?[\s>/]')  # the number, or b"" for none
_WIDE_CELL = re.compile(rb'<c r="([A-Z]{2,3})\d')
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]{1,3}\d{1,10}(?::([A-Z]{1,3})(\d{1,10}))?"')
_FORMULA = rb'(?:<f[^>]*/>|<f[^>]*>([^<]*)</f>)'
_ERROR_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>]*?\st="e"[^>]*>' + _FORMULA + rb"?<v>([^<]{1,40})</v>"
)
# a formula and then no value, or an empty one: openpyxl writes <v /> for a formula it cannot
# compute; a spreadsheet program writes <v></v> too, but typed (t="str": it computed "")
_NO_VALUE = re.compile(
    rb'<c r="([A-Z]{1,3})(\d{1,7})"([^>]*)>' + _FORMULA + rb"(<v\s*/>|<v></v>)?</c>"
)
_ENTITIES = {"&quot;": '"', "&apos;": "'"}
_PREFIXED_ROOT = re.compile(rb"<[A-Za-z_][\w.-]*:worksheet\b")
# every cell that holds something (not <c …/>), for the exact reach of a usual sheet
_FILLED_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"(?:\s[^>]*)?(?<!/)>')
# any row, cell, value, formula or inline-string tag, prefixed or not, for unusual XML
_TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(row|c|v|f|is)\b([^>]*?)(/?)>")
_R = re.compile(rb'\sr="([A-Z]{0,3})(\d{1,7})"')
MAX_UNREAD = 100_000  # cells remembered a sheet (real sheets have a handful)


class UnreadCell(str):
    """A cell calamine reads as empty: its text is what the spreadsheet shows (``#N/A``, or
    the formula), which the annotated copy keeps; ``reason`` makes a field's value invalid."""

    reason: str

    @classmethod
    def error(cls, value: str) -> UnreadCell:
        cell = cls(value)
        cell.reason = t("sheet.cell_error", value=value)
        return cell

    @classmethod
    def uncomputed(cls, formula: str) -> UnreadCell:
        shown = mask_numbers("=" + (formula or "…"))  # (a shared formula's text is elsewhere)
        cell = cls(shown)
        cell.reason = t("sheet.cell_uncomputed", formula=shown[:60])
        return cell


def column_number(letters: str) -> int:
    """``A`` → 1, ``Z`` → 26, ``AA`` → 27, ``XFD`` → 16384."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


class SheetScan:
    """Fed a worksheet's XML chunk by chunk: ``rows`` × ``columns`` bounds its grid, and
    ``unread`` holds the cells calamine would read as empty, by (row, column), from 1."""

    def __init__(self) -> None:
        self.rows = 1
        self.columns = 26  # with no reference beyond Z, at most 26 columns
        self.declared = 0  # the last column the dimension declares (for messages)
        self.unread: dict[tuple[int, int], UnreadCell] = {}
        self.too_many_unread = False
        # XML this scan cannot read by its shortcuts (a namespace prefix, r="…" not first, rows
        # without numbers): the guard reads such a sheet again, in full (:func:`read_in_full`)
        self.unusual = False
        self._numbered = 0  # the highest r="…" of a row
        self._unnumbered = 0  # rows without r="…", which calamine numbers on from the last
        self._tail = b""
        self._first = True

    def feed(self, chunk: bytes) -> None:
        """Scan ``chunk``. Each piece scanned ends before the last cell begun near its end (or
        the last tag), so that no cell is cut in two: the rest goes ahead of the next chunk."""
        window = self._tail + chunk
        cut = len(window)
        if chunk:
            near = max(0, cut - 65536)  # a formula holds at most 8,192 characters
            cut = window.rfind(b"<c ", near)
            if cut < 0:
                cut = window.rfind(b"<", max(0, len(window) - 64))
            if cut < 0:
                cut = len(window)
        self._scan(window[:cut])
        self._tail = window[cut:]

    def finish(self) -> None:
        self.feed(b"")

    def _scan(self, piece: bytes) -> None:
        if self._first:
            self._first = False
            self.unusual = _PREFIXED_ROOT.search(piece, 0, 4096) is not None
            declared = _DIMENSION.search(piece, 0, 4096)
            if declared is not None and declared.group(1):
                self.declared = column_number(declared.group(1).decode())
                self._widen(self.declared, int(declared.group(2)))
        rows = _ROW.findall(piece)
        numbers = [int(r) for r in rows if r]
        if numbers:
            self._numbered = max(self._numbered, *numbers)
        self._unnumbered += len(rows) - len(numbers)
        if len(rows) > len(numbers) or piece.count(b"<c ") != piece.count(b'<c r="'):
            self.unusual = True
        self.rows = max(self.rows, self._numbered + self._unnumbered)
        wide = set(_WIDE_CELL.findall(piece))
        if wide:
            widest = max(wide, key=lambda letters: (len(letters), letters))
            self._widen(column_number(widest.decode()), 1)
        if b't="e"' in piece:
            for letters, row, _, value in _ERROR_CELL.findall(piece):
                self._note(letters, row, UnreadCell.error(value.decode(errors="replace")))
        if b"<f" in piece:
            for letters, row, attributes, formula, empty in _NO_VALUE.findall(piece):
                if empty and b" t=" in attributes:  # computed, to "" (or to nothing)
                    continue
                text = unescape(formula.decode(errors="replace"), _ENTITIES)
                self._note(letters, row, UnreadCell.uncomputed(text))

    def _note(self, letters: bytes, row: bytes, cell: UnreadCell) -> None:
        if len(self.unread) < MAX_UNREAD:
            self.unread[(int(row), column_number(letters.decode()))] = cell
        else:
            self.too_many_unread = True  # the guard refuses the sheet: no cell passes unsaid

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
        from xlsxwriter.utility import xl_col_to_name  # (the writer's own, 0-based)

        column = self.columns if self.columns > 26 else (self.declared or self.columns)
        return f"{xl_col_to_name(column - 1)}{self.rows}"


def filled_reach(xml: bytes) -> tuple[int, int]:
    """(rows, columns) up to the farthest cell that holds something, in a usual sheet: what
    calamine's grid spans (a styled empty cell or a row height far down does not count)."""
    rows = columns = 1
    for letters, row in _FILLED_CELL.findall(xml):
        rows = max(rows, int(row))
        columns = max(columns, column_number(letters.decode()))
    return rows, columns


def read_in_full(xml: bytes) -> tuple[int, int, dict[tuple[int, int], UnreadCell]]:
    """An unusual sheet read tag by tag, as calamine reads it (prefixes, any attribute order,
    rows and cells without numbers): (rows, columns) to the farthest cell that holds
    something, and the cells calamine would read as empty that are not."""
    rows = columns = 1
    unread: dict[tuple[int, int], UnreadCell] = {}
    row = column = 0
    cell: dict[str, object] = {}
    start = 0
    for m in _TAG.finditer(xml):
        closing, name, attributes, empty = m.group(1), m.group(2), m.group(3), m.group(4)
        if name == b"row" and not closing:
            number = _R.search(b" " + attributes)
            row = int(number.group(2)) if number else row + 1
            column = 0
        elif name == b"c" and not closing:
            ref = _R.search(b" " + attributes)
            if ref and ref.group(1):
                row, column = int(ref.group(2)), column_number(ref.group(1).decode())
            else:
                column += 1
            cell = {} if empty else {"typed": b" t=" in b" " + attributes,
                                     "error": b't="e"' in attributes}
        elif name in (b"v", b"f", b"is"):
            if not closing:
                start = m.end()
                if name == b"f":
                    cell["formula"] = ""
                if empty and name == b"v":
                    cell["value"] = ""
                elif name == b"is":
                    cell["value"] = "(text)"
            elif name == b"v":
                cell["value"] = xml[start : m.start()].decode(errors="replace")
            elif name == b"f":
                cell["formula"] = xml[start : m.start()].decode(errors="replace")
        elif name == b"c" and closing:
            found = _judge(cell)
            if found is not None and len(unread) < MAX_UNREAD:
                unread[(row, column)] = found
            if found is not None or cell.get("value"):
                rows, columns = max(rows, row), max(columns, column)
            cell = {}
    return rows, columns, unread


def _judge(cell: dict[str, object]) -> UnreadCell | None:
    value, formula = cell.get("value"), cell.get("formula")
    if cell.get("error") and isinstance(value, str) and value:
        return UnreadCell.error(value)
    if isinstance(formula, str) and not value and not (value == "" and cell.get("typed")):
        return UnreadCell.uncomputed(unescape(formula, _ENTITIES))
    return None
