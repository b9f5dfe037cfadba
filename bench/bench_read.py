"""Benchmark for the spreadsheet readers (issue 3): ratios measured in one run on this machine.

Generates N realistic nomination rows (default 100,000) as an XLSX (xlsxwriter, constant
memory, real date cells) and a CSV, then times, each in a fresh process with its peak memory:

* the bare read of each file by the reader nominate uses (python-calamine for XLSX, the csv
  module for CSV), iterating every row;
* ``nominate check FILE --format json`` end to end (output to /dev/null);
* ``nominate check FILE --format xlsx --output COPY``: the annotated copy, end to end;
* ``frictionless validate FILE``, a peer tool clerks might use, when it is installed.

Targets (issue 3): XLSX → JSON under 0.5× frictionless, CSV → JSON under 1.0×, peak memory
under 300 MB.

Usage: python bench/bench_read.py [N]
"""

from __future__ import annotations

import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sample_values import CITIES, CONTRIB, DOCS, HEAD, NATIONS

BIN = Path(sys.executable).parent
NOMINATE = [str(BIN / "nominate")]
NAMES = ["Maria Schmidt", "田中 愛子", "王 伟", "Nguyễn Thị Lan", "김 올리비아", "John Smith"]


def make_row(i: int, rng: random.Random) -> list[object]:
    start = date(2005, 1, 1) + timedelta(days=rng.randrange(7000))
    periods = []
    for _ in range(rng.randint(1, 3)):
        end = start + timedelta(days=rng.randrange(200, 2000))
        ongoing = end > date(2024, 5, 31)
        periods.append(f"{start}..{'' if ongoing else end} {rng.choice(CITIES)}")
        if ongoing:
            break
        start = end + timedelta(days=1)
    kind = rng.choice(["citizens", "public_body_head", "social_org_head"])
    method = rng.choice(["counter", "mail", "email"])
    received = date(2024, 5, 25) + timedelta(days=rng.randrange(45))
    return [
        f"2024-{i:06d}",
        rng.choice(NAMES),
        rng.choice(NATIONS),
        "registered",
        f"{rng.randrange(500101, 991231)}-{rng.choice('5678')}{rng.randrange(10**5, 10**6)}",
        "; ".join(periods),
        ", ".join(rng.sample(CONTRIB, rng.randint(1, 2))),
        "Volunteer work in Mapo-gu for many years.",
        kind,
        "Kim Minji",
        "Seoul Residents' Association",
        rng.randrange(10, 60) if kind == "citizens" else None,
        method,
        received,
        received - timedelta(days=2) if method == "mail" else None,
        *(rng.choice([1, 1, 1, 1, 0]) for _ in DOCS),
    ]


def write_files(n: int, folder: Path) -> tuple[Path, Path]:
    import xlsxwriter

    rng = random.Random(2024)
    xlsx, csv_path = folder / "rows.xlsx", folder / "rows.csv"
    book = xlsxwriter.Workbook(str(xlsx), {"constant_memory": True})
    sheet = book.add_worksheet("nominations")
    iso = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEAD)
    with csv_path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(HEAD)
        for i in range(1, n + 1):
            row = make_row(i, rng)
            for j, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write_datetime(i, j, value, iso)
                elif value is not None:
                    sheet.write(i, j, value)
            out.writerow(["" if v is None else v for v in row])
    book.close()
    return xlsx, csv_path


BARE_XLSX = """
import sys
from python_calamine import CalamineWorkbook
n = sum(1 for _ in CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).iter_rows())
"""
BARE_CSV = """
import csv, sys
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    n = sum(1 for _ in csv.reader(f))
"""


def measure(cmd: list[str], cwd: Path | None = None) -> tuple[float, float, int]:
    """(seconds, peak MB, exit status) of one fresh process."""
    began = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.PIPE, cwd=cwd)
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - began
    if proc.returncode not in (0, 1):
        print(f"  ! {' '.join(cmd[:3])} exited {proc.returncode}: {err[:300]!r}")
    return seconds, usage.ru_maxrss / 1024, proc.returncode


def best(cmd: list[str], runs: int, cwd: Path | None = None) -> tuple[float, float]:
    results = [measure(cmd, cwd) for _ in range(runs)]
    return min(r[0] for r in results), max(r[1] for r in results)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs = int(os.environ.get("BENCH_RUNS", "2"))
    frictionless = shutil.which("frictionless") or (
        str(BIN / "frictionless") if (BIN / "frictionless").exists() else None
    )
    with tempfile.TemporaryDirectory() as tmp:
        began = time.perf_counter()
        xlsx, csv_path = write_files(n, Path(tmp))
        print(
            f"{n} rows: XLSX {xlsx.stat().st_size / 1e6:.1f} MB, CSV "
            f"{csv_path.stat().st_size / 1e6:.1f} MB (written in "
            f"{time.perf_counter() - began:.1f} s); best of {runs} runs\n"
        )
        print(f"{'file':5} {'task':32} {'s':>7} {'rows/s':>9} {'peak MB':>8}  ratio")
        for label, path, bare in (("XLSX", xlsx, BARE_XLSX), ("CSV", csv_path, BARE_CSV)):
            read_s, read_mb = best([sys.executable, "-c", bare, str(path)], runs)
            check_s, check_mb = best([*NOMINATE, "check", str(path), "--format", "json"], runs)
            copy = [*NOMINATE, "check", str(path), "-f", "xlsx", "-o", str(path) + ".out.xlsx"]
            copy_s, copy_mb = best(copy, runs)
            rows = [("bare read", read_s, read_mb, "")]
            rows.append(
                ("nominate check → JSON", check_s, check_mb, f"{check_s / read_s:.1f}× bare read")
            )
            copied = f"{copy_s / read_s:.1f}× bare read"
            rows.append(("nominate check → annotated XLSX", copy_s, copy_mb, copied))
            if frictionless:
                # frictionless refuses absolute paths as "not safe": run it beside the file
                fr_s, fr_mb = best([frictionless, "validate", path.name], 1, cwd=path.parent)
                rows.append(("frictionless validate", fr_s, fr_mb, ""))
                rows[1] = (*rows[1][:3], rows[1][3] + f", {check_s / fr_s:.2f}× frictionless")
            for task, s, mb, ratio in rows:
                print(f"{label:5} {task:32} {s:7.2f} {n / s:9.0f} {mb:8.0f}  {ratio}")
        if not frictionless:
            print("\nfrictionless is not installed: its column is skipped")


if __name__ == "__main__":
    main()
