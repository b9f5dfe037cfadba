"""The XLSX side of the annotated copy: typed cells coloured by status, and the summary sheet.

Every value is written with the xlsxwriter call for its type (``write_string`` for text), so
no text ever becomes a formula, a number or a link.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, NamedTuple

from xlsxwriter.utility import xl_col_to_name

from nominate.i18n import t
from nominate.results import Status
from nominate.rules import RulesPack
from nominate.run import CheckRun

if TYPE_CHECKING:
    from nominate.reporters.annotated import Layout, Tally
    from nominate.sources.cells import SheetPeriods

# Excel's own "good / neutral / bad" fills, and a lilac for rows that could not be read.
FILLS = {
    Status.ELIGIBLE: "#C6EFCE",
    Status.INCOMPLETE: "#FFEB9C",
    Status.INELIGIBLE: "#FFC7CE",
    Status.INVALID: "#E4DFEC",
}
SUMMARY_SHEET = "summary"
DATE_FORMAT = "yyyy-mm-dd"
MOMENT_FORMAT = "yyyy-mm-dd hh:mm"
TIME_FORMAT = "hh:mm"
SAMPLE_ROWS = 500  # column widths are measured on the first rows only
MAX_WIDTH = 60
REASONS_WIDTH = 70


class CellFormats(NamedTuple):
    date: Any
    moment: Any
    time: Any

    @classmethod
    def of(cls, book: Any) -> CellFormats:
        add = book.add_format
        return cls(
            add({"num_format": DATE_FORMAT, "align": "left"}),
            add({"num_format": MOMENT_FORMAT, "align": "left"}),
            add({"num_format": TIME_FORMAT, "align": "left"}),
        )


def write_other(sheet: Any, r: int, col: int, value: Any, formats: CellFormats) -> None:
    """Cells that are not text, blank or a plain number."""
    if isinstance(value, bool):
        sheet.write_boolean(r, col, value)
    elif isinstance(value, datetime):
        fmt = formats.date if value.time() == time() else formats.moment
        sheet.write_datetime(r, col, value, fmt)
    elif isinstance(value, date):
        sheet.write_datetime(r, col, value, formats.date)
    elif isinstance(value, time):
        sheet.write_datetime(r, col, value, formats.time)
    else:  # NaN, infinities, anything else: shown as text
        sheet.write_string(r, col, str(value))


def free_sheet_name(book: Any, wanted: str) -> str:
    """``wanted``, or ``wanted (2)``, ``(3)``… when the workbook has a sheet of that name
    (three inputs may each bring a ``residences`` sheet); at most 31 characters."""
    taken = {s.name.casefold() for s in book.worksheets()}
    name, n = wanted[:31], 1
    while name.casefold() in taken:
        n += 1
        name = f"{wanted[: 31 - len(str(n)) - 3]} ({n})"
    return name


def write_periods(book: Any, periods: SheetPeriods) -> None:
    """The input's ``residences`` sheet, copied cell for cell (text as text, numbers as
    numbers, dates as dates, registration-number-shaped text masked), so that the annotated
    copy checks again to the same verdicts and nothing the clerk wrote there is lost."""
    from nominate.reporters.annotated import hide_numbers
    from nominate.sources.cells import plain

    sheet = book.add_worksheet(free_sheet_name(book, periods.sheet))
    formats = CellFormats.of(book)
    for r, cells in enumerate(periods.rows):
        for col, raw in enumerate(cells):
            value = hide_numbers(plain(raw))
            kind = type(value)
            if kind is str:
                if value:
                    sheet.write_string(r, col, value)
            elif value is None:
                continue
            elif (kind is float or kind is int) and math.isfinite(value) and abs(value) < 1e308:
                sheet.write_number(r, col, value)
            else:
                write_other(sheet, r, col, value, formats)
    sheet.set_column(0, 2, 14)
    sheet.set_column(3, 3, 30)


def display_width(text: str) -> int:
    """Roughly how many character cells a text takes: wide scripts count double."""
    return sum(2 if ord(ch) >= 0x1100 else 1 for ch in text)


class SheetWriter:
    """One streamed sheet of input cells plus the added result columns.

    Rows are coloured by conditional formats on the status column (one rule per status, so
    the colours follow the rows when a clerk sorts them), and the status cell itself is
    filled directly. Other cells carry a format only when they need one (dates), which keeps
    the writing close to a bare write.
    """

    def __init__(self, book: Any, name: str, shape: Layout, lang: str, top: int = 0) -> None:
        self.book = book
        self.sheet = book.add_worksheet(name)
        self.lang = lang
        self.first_added = len(shape.headers)
        self.top = top  # empty rows above the header, as in the input
        self.row_no = top
        self.widths: list[int] = []
        add = book.add_format
        self.formats = CellFormats.of(book)
        self.wrap = add({"text_wrap": True, "valign": "top"})
        self.status = {s: add({"bold": True, "bg_color": fill}) for s, fill in FILLS.items()}
        self.write_string = self.sheet.write_string
        self.write_number = self.sheet.write_number

    def header(self, names: list[str]) -> None:
        style = self.book.add_format(
            {"bold": True, "bg_color": "#D9D9D9", "bottom": 1, "valign": "top"}
        )
        for col, name in enumerate(names):
            self.sheet.write_string(self.top, col, name, style)
        self.widths = [display_width(n) + 3 for n in names]  # room for the filter button
        # Column formats apply to the cells written later without one of their own.
        self.sheet.set_column(self.first_added + 1, self.first_added + 1, None, self.wrap)
        self.sheet.freeze_panes(self.top + 1, 0)

    def blank(self) -> None:
        """An empty input row, kept so that row numbers match the input's."""
        self.row_no += 1

    def row(self, cells: list[Any], added: list[Any], status: Status) -> None:
        self.row_no += 1
        r = self.row_no
        write_string, write_number = self.write_string, self.write_number
        for col, value in enumerate(cells):
            kind = type(value)
            if kind is str:
                if value:
                    write_string(r, col, value)
            elif value is None:
                continue
            elif (kind is float or kind is int) and math.isfinite(value) and abs(value) < 1e308:
                write_number(r, col, value)
            else:
                self._other(r, col, value)
        first = self.first_added
        write_string(r, first, added[0], self.status[status])
        for col, value in enumerate(added[1:], start=first + 1):
            if value is None or value == "":
                continue
            if type(value) is str:
                write_string(r, col, value)
            else:
                self._other(r, col, value)
        if r <= SAMPLE_ROWS:
            self._measure(cells + added)

    def _other(self, r: int, col: int, value: Any) -> None:
        write_other(self.sheet, r, col, value, self.formats)

    def _measure(self, values: list[Any]) -> None:
        widths = self.widths
        for col, value in enumerate(values):
            if value is None or col >= len(widths):
                continue
            if isinstance(value, datetime):
                size = 16
            elif isinstance(value, date):
                size = 10
            else:
                text = str(value)
                size = max(display_width(line) for line in text.split("\n")) if text else 0
            if size + 1 > widths[col]:
                widths[col] = size + 1

    def finish(self) -> None:
        reasons = self.first_added + 1
        last_col = len(self.widths) - 1
        for col, width in enumerate(self.widths):
            if col == reasons:
                self.sheet.set_column(col, col, min(width, REASONS_WIDTH), self.wrap)
            else:
                self.sheet.set_column(col, col, min(width, MAX_WIDTH))
        self.sheet.autofilter(self.top, 0, self.row_no, last_col)
        if self.row_no == self.top:
            return
        status_col = xl_col_to_name(self.first_added)
        for status, fill in FILLS.items():
            words = t(f"status.{status.value}", self.lang).replace('"', '""')
            self.sheet.conditional_format(
                self.top + 1,
                0,
                self.row_no,
                last_col,
                {
                    "type": "formula",
                    "criteria": f'=${status_col}2="{words}"',
                    "format": self.book.add_format({"bg_color": fill}),
                },
            )


def write_summary(book: Any, run: CheckRun, pack: RulesPack, lang: str, tally: Tally) -> None:
    """The ``summary`` sheet: counts by status and by rule, and what the run used."""
    sheet = book.add_worksheet(SUMMARY_SHEET)
    bold = book.add_format({"bold": True})
    head = book.add_format({"bold": True, "bg_color": "#D9D9D9", "bottom": 1})
    day = book.add_format({"num_format": DATE_FORMAT, "align": "left"})
    info = run.info
    row = 0

    def line(label: str, value: Any, style: Any = None) -> None:
        nonlocal row
        sheet.write_string(row, 0, label, bold)
        if isinstance(value, date):
            sheet.write_datetime(row, 1, value, day)
        elif isinstance(value, int):
            sheet.write_number(row, 1, value, style)
        else:
            sheet.write_string(row, 1, str(value), style)
        row += 1

    line(t("annotated.tool", lang), f"nominate {info.tool_version}")
    line(t("annotated.pack", lang), f"{info.pack_id} ({pack.pack.title(lang)})")
    line("sha256", info.pack_sha256)
    line(t("annotated.as_of", lang), info.as_of)
    line(t("annotated.files", lang), ", ".join(s.name for s in run.sources))
    row += 1
    for col, name in enumerate((t("annotated.status", lang), t("annotated.count", lang))):
        sheet.write_string(row, col, name, head)
    row += 1
    counts = run.summary()
    for status in Status:
        fill = book.add_format({"bg_color": FILLS[status]})
        sheet.write_string(row, 0, t(f"status.{status.value}", lang), fill)
        sheet.write_number(row, 1, counts[status.value], fill)
        row += 1
    line(t("annotated.total", lang), len(run.results))
    row += 1
    titles = ("rule", "clause", "failing", "missing_count")
    for col, key in enumerate(titles):
        sheet.write_string(row, col, t(f"annotated.{key}", lang), head)
    row += 1
    for rule in pack.rules:
        sheet.write_string(row, 0, rule.id)
        sheet.write_string(row, 1, rule.clause)
        sheet.write_number(row, 2, tally.failing.get(rule.id, 0))
        sheet.write_number(row, 3, tally.missing.get(rule.id, 0))
        row += 1
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 24)
    sheet.set_column(2, 3, 12)
