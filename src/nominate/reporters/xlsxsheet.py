"""The XLSX side of the annotated copy: typed cells coloured by status, and the summary sheet.

Every value is written with the xlsxwriter call for its type (``write_string`` for text), so
no text ever becomes a formula, a number or a link.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from nominate.i18n import t
from nominate.results import Status
from nominate.rules import RulesPack
from nominate.run import CheckRun

if TYPE_CHECKING:
    from nominate.reporters.annotated import Layout, Tally

# Excel's own "good / neutral / bad" fills, and a lilac for rows that could not be read.
FILLS = {
    Status.ELIGIBLE: "#C6EFCE",
    Status.INCOMPLETE: "#FFEB9C",
    Status.INELIGIBLE: "#FFC7CE",
    Status.INVALID: "#E4DFEC",
}
DATE_FORMAT = "yyyy-mm-dd"
MOMENT_FORMAT = "yyyy-mm-dd hh:mm"
TIME_FORMAT = "hh:mm"
SAMPLE_ROWS = 500  # column widths are measured on the first rows only
MAX_WIDTH = 60
REASONS_WIDTH = 70


def display_width(text: str) -> int:
    """Roughly how many character cells a text takes: wide scripts count double."""
    return sum(2 if ord(ch) >= 0x1100 else 1 for ch in text)


class SheetWriter:
    """One streamed sheet of input cells plus the added result columns."""

    def __init__(self, book: Any, name: str, shape: Layout) -> None:
        self.book = book
        self.sheet = book.add_worksheet(name)
        self.first_added = len(shape.headers)
        self.row_no = 0
        self.widths: list[int] = []
        self.styles = {status: self._styles(fill) for status, fill in FILLS.items()}

    def _styles(self, fill: str) -> dict[str, Any]:
        add = self.book.add_format
        base = {"bg_color": fill, "valign": "top"}
        return {
            "text": add(base),
            "date": add({**base, "num_format": DATE_FORMAT}),
            "moment": add({**base, "num_format": MOMENT_FORMAT}),
            "time": add({**base, "num_format": TIME_FORMAT}),
            "status": add({**base, "bold": True}),
            "wrap": add({**base, "text_wrap": True}),
        }

    def header(self, names: list[str]) -> None:
        style = self.book.add_format(
            {"bold": True, "bg_color": "#D9D9D9", "bottom": 1, "valign": "top"}
        )
        for col, name in enumerate(names):
            self.sheet.write_string(0, col, name, style)
        self.widths = [display_width(n) + 3 for n in names]  # room for the filter button
        self.sheet.freeze_panes(1, 0)

    def row(self, cells: list[Any], added: list[Any], status: Status) -> None:
        self.row_no += 1
        r = self.row_no
        style = self.styles[status]
        cell = self._cell
        for col, value in enumerate(cells):
            cell(r, col, value, style)
        first = self.first_added
        self.sheet.write_string(r, first, added[0], style["status"])
        self.sheet.write_string(r, first + 1, added[1], style["wrap"])
        self.sheet.write_string(r, first + 2, added[2], style["text"])
        cell(r, first + 3, added[3], style)
        for col, value in enumerate(added[4:], start=first + 4):
            cell(r, col, value, style)
        if r <= SAMPLE_ROWS:
            self._measure(cells + added)

    def _cell(self, r: int, col: int, value: Any, style: dict[str, Any]) -> None:
        sheet = self.sheet
        kind = type(value)
        if kind is str:
            if value:
                sheet.write_string(r, col, value, style["text"])
            else:
                sheet.write_blank(r, col, None, style["text"])
        elif value is None:
            sheet.write_blank(r, col, None, style["text"])
        elif kind is bool:
            sheet.write_boolean(r, col, value, style["text"])
        elif kind is int or kind is float:
            if math.isfinite(value) and abs(value) < 1e308:
                sheet.write_number(r, col, value, style["text"])
            else:
                sheet.write_string(r, col, str(value), style["text"])
        elif isinstance(value, datetime):
            sheet.write_datetime(r, col, value, style["moment"])
        elif isinstance(value, date):
            sheet.write_datetime(r, col, value, style["date"])
        elif isinstance(value, time):
            sheet.write_datetime(r, col, value, style["time"])
        else:
            sheet.write_string(r, col, str(value), style["text"])

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
        for col, width in enumerate(self.widths):
            limit = REASONS_WIDTH if col == reasons else MAX_WIDTH
            self.sheet.set_column(col, col, min(width, limit))
        self.sheet.autofilter(0, 0, self.row_no, len(self.widths) - 1)


def write_summary(book: Any, run: CheckRun, pack: RulesPack, lang: str, tally: Tally) -> None:
    """The ``summary`` sheet: counts by status and by rule, and what the run used."""
    sheet = book.add_worksheet("summary")
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
