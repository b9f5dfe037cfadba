"""Shared fixtures: run the installed ``nominate`` as a real subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

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
