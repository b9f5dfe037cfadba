"""Benchmark for the core (issue 2): ratios measured in one run on this machine.

(a) ``nominate check records.jsonl --format json`` end to end, against pydantic's bare
    validation of the same records into the Record model (json.loads + model_validate, also
    in a fresh process). Target: at most 2x.
(b) start-up of ``nominate --version`` against ``python -c "import typer"``. Target: 1.3x.

Usage: python bench/bench_check.py [N]   (default 100000 records)
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sample_values import CITIES, CONTRIB, DOCS, NATIONS

from nominate.parallel import default_workers

NOMINATE = [str(Path(sys.executable).with_name("nominate"))]


def make_record(i: int, rng: random.Random) -> dict[str, object]:
    start = date(2005, 1, 1) + timedelta(days=rng.randrange(7000))
    periods = []
    for _ in range(rng.randint(1, 3)):
        end = start + timedelta(days=rng.randrange(200, 2000))
        periods.append(
            {
                "start": start.isoformat(),
                "end": None if end > date(2024, 5, 31) else end.isoformat(),
                "city": rng.choice(CITIES),
            }
        )
        start = end + timedelta(days=rng.choice([1, 1, 30]))
        if end > date(2024, 5, 31):
            break
    kind = rng.choice(["public_body_head", "social_org_head", "citizens"])
    nominator: dict[str, object] = {"type": kind, "name": f"Nominator {i}"}
    if kind == "citizens":
        nominator["signatures"] = rng.randint(20, 40)
    received = date(2024, 5, 25) + timedelta(days=rng.randrange(45))
    method = rng.choice(["counter", "mail", "email"])
    submission: dict[str, object] = {"method": method, "received": received.isoformat()}
    if method == "mail":
        submission["postmarked"] = (received - timedelta(days=3)).isoformat()
    if method == "email":
        submission["received"] = f"{received.isoformat()}T{rng.randrange(24):02d}:15:00+09:00"
    return {
        "id": f"2024-{i:06d}",
        "name": f"Candidate {i}",
        "nationality": rng.choice(NATIONS),
        "alien_registration": rng.choice(["registered", "registered", "exempt", "none"]),
        "registration_number": f"{rng.randrange(700101, 991231):06d}-{rng.randint(5, 8)}"
        f"{rng.randrange(10**6):06d}",
        "residences": periods,
        "contributions": rng.sample(CONTRIB, rng.randint(1, 2)),
        "achievements": "Volunteer work and cultural exchange " * 2,
        "nominator": nominator,
        "submission": submission,
        "documents": {d: rng.random() > 0.05 for d in DOCS},
    }


BARE = """
import json, sys
from nominate.models import Record
ok = bad = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        try:
            Record.model_validate(json.loads(line)); ok += 1
        except Exception:
            bad += 1
print(ok, bad)
"""


def timed(cmd: list[str], stdout: object = subprocess.DEVNULL) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=stdout, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = random.Random(2024)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for i in range(n):
                f.write(json.dumps(make_record(i, rng), ensure_ascii=False) + "\n")
        size = path.stat().st_size / 1e6
        print(f"{n} records, {size:.1f} MB of JSON Lines")
        checks, singles, bares = [], [], []
        command = [*NOMINATE, "check", str(path), "--format", "json"]
        for _ in range(3):
            bares.append(timed([sys.executable, "-c", BARE, str(path)]))
            checks.append(timed(command))
            singles.append(timed([*command, "--workers", "1"]))
        bare, check = statistics.median(bares), statistics.median(checks)
        single = statistics.median(singles)
        print(
            f"(a) bare pydantic validation {bare:.2f} s; nominate check -> JSON {check:.2f} s"
            f" ({default_workers()} processes); ratio {check / bare:.2f}x (target <= 2x);"
            f" {n / check:,.0f} records/s\n"
            f"    in one process (--workers 1) {single:.2f} s, ratio {single / bare:.2f}x"
        )
    runs: dict[str, list[float]] = {"typer": [], "version": [], "help": [], "bare": []}
    for _ in range(15):
        runs["bare"].append(timed([sys.executable, "-c", "pass"]))
        runs["typer"].append(timed([sys.executable, "-c", "import typer"]))
        runs["version"].append(timed([*NOMINATE, "--version"]))
        runs["help"].append(timed([*NOMINATE, "check", "--help"]))
    ms = {k: statistics.median(v) * 1000 for k, v in runs.items()}
    print(
        f"(b) python -c pass {ms['bare']:.0f} ms; import typer {ms['typer']:.0f} ms; "
        f"nominate --version {ms['version']:.0f} ms, ratio {ms['version'] / ms['typer']:.2f}x "
        f"(target <= 1.3x); nominate check --help {ms['help']:.0f} ms, "
        f"ratio {ms['help'] / ms['typer']:.2f}x"
    )


if __name__ == "__main__":
    main()
