"""Time and peak memory of ``nominate check`` on each hostile file (tests/bad/attacks.py) and
on the catalogue's large inputs, under a 1 GB address-space limit. Prints a Markdown table.

    python bench/attacks.py            # median of 3 runs each
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "bad")]

import attacks  # noqa: E402
import make_bad  # noqa: E402

from conftest import run_limited  # noqa: E402

RUNS = 3


def main() -> None:
    print("| input | what it is | file | exit | s | peak MB | answer |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        items = [(f"{n}.xlsx", b, what) for n, (b, what) in attacks.ATTACKS.items()]
        items += [(n, b, "catalogue (large)") for n, b in make_bad.LARGE.items()]
        for name, build, what in items:
            path = Path(tmp) / name
            path.write_bytes(build())
            runs = [run_limited("check", path, timeout=60) for _ in range(RUNS)]
            last = runs[-1]
            seconds = statistics.median(r.seconds for r in runs)
            peak = statistics.median(r.peak_mb for r in runs)
            answer = last.stderr.strip().replace(str(path), "FILE")
            answer = answer[:90] + ("…" if len(answer) > 90 else "")
            size = path.stat().st_size
            print(
                f"| {name} | {what} | {size / 1024:,.0f} kB | {last.returncode} | "
                f"{seconds:.2f} | {peak:.0f} | {answer} |"
            )


if __name__ == "__main__":
    main()
