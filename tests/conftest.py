"""Shared fixtures: run the installed ``nominate`` as a real subprocess."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
DATA = Path(__file__).resolve().parent / "data"


def nominate_cmd() -> list[str]:
    """The installed console script, next to this interpreter when it exists."""
    script = Path(sys.executable).with_name("nominate")
    if script.exists():
        return [str(script)]
    found = shutil.which("nominate")
    return [found] if found else [sys.executable, "-m", "nominate"]


def run(
    *args: str | Path,
    stdin: str | bytes | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "NOMINATE_LANG": "en", "COLUMNS": "120", **(env or {})}
    return subprocess.run(
        [*nominate_cmd(), *map(str, args)],
        input=stdin.decode() if isinstance(stdin, bytes) else stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=full_env,
        timeout=120,
    )


@pytest.fixture
def cli():
    return run


@dataclass(frozen=True)
class Limited:
    """A run under limits: what it printed, how it ended, and what it cost."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float  # the child's own ru_maxrss
    timed_out: bool


def run_limited(
    *args: str | Path, memory_mb: int = 1024, timeout: float = 30.0, cwd: Path | None = None
) -> Limited:
    """Run the installed ``nominate`` under an address-space limit (RLIMIT_AS) and a timeout,
    and measure its own peak memory (``wait4``: RUSAGE_CHILDREN would mix in other children)."""
    limit = memory_mb * 1024 * 1024

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    env = {**os.environ, "NOMINATE_LANG": "en", "COLUMNS": "120"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(
            [*nominate_cmd(), *map(str, args)],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=env,
            cwd=cwd,
            preexec_fn=limits,
        )
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                proc.kill()
                timed_out = True
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
        seconds = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait again
        out.seek(0)
        err.seek(0)
        return Limited(
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            seconds,
            usage.ru_maxrss / 1024,
            timed_out,
        )


_MEASURE = """
import resource, subprocess, sys
proc = subprocess.run(sys.argv[1:], capture_output=True)
sys.stdout.buffer.write(proc.stdout)
sys.stderr.buffer.write(proc.stderr)
sys.stderr.write(f"\\n@@peak_kb={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
sys.exit(proc.returncode)
"""


def run_measured(*args: str | Path) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run ``nominate`` and report its own peak memory (KB), apart from other children."""
    full_env = {**os.environ, "NOMINATE_LANG": "en", "COLUMNS": "120"}
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURE, *nominate_cmd(), *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", env=full_env, timeout=120,
    )
    stderr, _, peak = proc.stderr.rpartition("\n@@peak_kb=")
    proc.stderr = stderr
    return proc, int(peak)


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """An XLSX file with these sheets (name → rows), in order, written by openpyxl."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path
