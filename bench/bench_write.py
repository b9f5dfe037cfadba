"""Benchmark: the annotated XLSX against a bare xlsxwriter write of the same rows.

    python bench/bench_write.py [ROWS]        (default 100,000)

Generates ROWS spreadsheet rows (23 columns, cells typed the way a spreadsheet reader returns
them: text, whole numbers as floats, date cells), checks them with the real engine, then times
  * raw:       xlsxwriter constant_memory, ``write_row`` of the input cells and the status id;
  * bare:      the same final cells as the annotated copy (masked, with the verdict columns)
               by ``write_row``, unstyled: the floor for this writer and these rows;
  * annotated: ``nominate.reporters.annotated.write_xlsx`` (typed cells, status colours,
               widths, filter, summary sheet),
each twice, alternating, keeping the best CPU time (the machine is shared). Rows are made again
on every pass (the writer reads its source again), so every timing includes the same generation
cost. Reports the ratios (target annotated / bare <= 1.3) and the process's peak RSS (< 300 MB).
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from nominate.columns import all_columns
from nominate.i18n import set_language
from nominate.reporters.annotated import (
    added_cells,
    layout,
    missing_labels,
    rows,
    workbook_options,
    write_xlsx,
)
from nominate.rules import load_pack
from nominate.run import CheckRun, check_sources
from nominate.sources import RawRecord

PACK = load_pack(None)
COLUMNS = all_columns(PACK)
HEADERS = tuple(c.label("en") for c in COLUMNS)
CITIES = ("Seoul", "Busan", "서울특별시 마포구", "Incheon", "ソウル市")
METHODS = ("counter", "mail", "email")
NAMES = ("Maria Schmidt", "田中 愛子", "Nguyễn Thị Lan", "王 伟", "John O'Brien", "김 민지")


class Generated:
    """A spreadsheet source that makes its rows on the fly, like a streaming reader."""

    name = "generated.xlsx"
    headers = HEADERS

    def __init__(self, rows: int) -> None:
        self.rows = rows

    def __len__(self) -> int:
        return self.rows

    def records(self, read: bool = True) -> Iterator[RawRecord]:
        for i in range(self.rows):
            cells, data = make_row(i)
            yield RawRecord(self.name, f"row {i + 2}", data if read else None, cells=cells)


def make_row(i: int) -> tuple[tuple[Any, ...], dict[str, Any]]:
    start = date(2014, 1, 1) + timedelta(days=i % 3000)
    received = date(2024, 5, 25) + timedelta(days=i % 40)
    city = CITIES[i % len(CITIES)]
    method = METHODS[i % 3]
    residences = f"{start.isoformat()}.. {city}"
    number = f"{900101 + i % 97:06d}-{5 + i % 4}{i % 1000000:06d}"
    docs = [1.0] * 8
    if i % 11 == 0:
        docs[2] = 0.0
    cells = (
        f"2024-{i:06d}",
        NAMES[i % len(NAMES)] + f" {i}",
        "DE",
        "registered",
        number,
        residences,
        "culture_welfare, economy",
        "Ran a library for 10 years.",
        "citizens",
        "Kim Minji",
        "",
        float(25 + i % 10),
        method,
        received,
        received if method == "mail" else "",
        *docs,
    )
    data = {
        "id": cells[0],
        "name": cells[1],
        "nationality": "DE",
        "alien_registration": "registered",
        "registration_number": number,
        "residences": [{"start": start, "end": None, "city": city}],
        "contributions": ["culture_welfare", "economy"],
        "achievements": cells[7],
        "nominator": {"type": "citizens", "name": "Kim Minji", "signatures": cells[11]},
        "submission": {
            "method": method,
            "received": received,
            "postmarked": received if method == "mail" else None,
        },
        "documents": {c.key: v for c, v in zip(COLUMNS[15:], docs, strict=True)},
    }
    return cells, data


def bare_write(run: CheckRun, path: Path) -> None:
    """The same final cells (masked, with the verdict columns), by ``write_row``, unstyled."""
    import xlsxwriter

    shape = layout(run, PACK, "en")
    names = missing_labels(PACK, "en")
    with tempfile.TemporaryDirectory() as scratch:
        book = xlsxwriter.Workbook(str(path), workbook_options(scratch))
        sheet = book.add_worksheet("nominations")
        sheet.write_row(0, 0, [*shape.headers, *shape.result_headers()])
        for r, (cells, result, name) in enumerate(rows(run, shape), start=1):
            sheet.write_row(r, 0, cells + added_cells(result, shape, names, name))
        book.close()


def raw_write(run: CheckRun, path: Path) -> None:
    """Only the input cells as read and the status id: no masking, no reasons."""
    import xlsxwriter

    with tempfile.TemporaryDirectory() as scratch:
        book = xlsxwriter.Workbook(str(path), workbook_options(scratch))
        sheet = book.add_worksheet("nominations")
        sheet.write_row(0, 0, [*HEADERS, "status"])
        results = iter(run.results)
        for r, raw in enumerate(run.sources[0].records(), start=1):
            sheet.write_row(r, 0, [*raw.cells, next(results).status.value])
        book.close()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    set_language("en")
    source = Generated(count)
    began = time.perf_counter()
    run = check_sources([source], PACK)  # type: ignore[list-item]
    checked = time.perf_counter() - began
    print(f"{count} rows checked in {checked:.1f} s; peak RSS so far {peak_mb():.0f} MB")
    print("statuses:", run.summary())
    writers = {
        "raw": lambda path: raw_write(run, path),
        "bare": lambda path: bare_write(run, path),
        "annotated": lambda path: write_xlsx(run, PACK, path),
    }
    wall: dict[str, list[float]] = {name: [] for name in writers}
    cpu: dict[str, list[float]] = {name: [] for name in writers}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(2):
            for label, write in writers.items():
                path = Path(folder) / f"{label}.xlsx"
                began, began_cpu = time.perf_counter(), time.process_time()
                write(path)
                wall[label].append(time.perf_counter() - began)
                cpu[label].append(time.process_time() - began_cpu)
                size = path.stat().st_size / 1e6
                print(
                    f"  {label:9} {wall[label][-1]:6.2f} s wall {cpu[label][-1]:6.2f} s cpu"
                    f"  {size:5.1f} MB"
                )
    best = {name: min(cpu[name]) for name in writers}
    for name, text in (
        ("raw", "input cells + status id, write_row"),
        ("bare", "same final cells, write_row, unstyled"),
        ("annotated", "write_xlsx"),
    ):
        print(
            f"{name:9} {best[name]:6.2f} s cpu, best wall {min(wall[name]):6.2f} s "
            f"({count / best[name]:,.0f} rows/s cpu)  {text}"
        )
    print(f"ratio annotated / bare: {best['annotated'] / best['bare']:.2f}  (target <= 1.30)")
    print(f"ratio annotated / raw:  {best['annotated'] / best['raw']:.2f}")
    print(f"peak RSS of the whole run: {peak_mb():.0f} MB  (target < 300)")


if __name__ == "__main__":
    main()
