"""Refresh the outputs shown in README.md: every ```console block is re-run.

Each line beginning with ``$ `` in a ```console block is run in a scratch folder that sees
``samples/`` and ``rules/`` (with
this interpreter's ``bin`` first on PATH, 100 columns, English), and the lines up to the next
command are replaced by what it printed. A comment after ``#`` keeps its line unrun.
Usage: ``python tools/readme.py`` (then review the diff).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)


def run(command: str, cwd: Path) -> str:
    env = {
        **os.environ,
        "COLUMNS": "100",
        "NOMINATE_LANG": "en",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    proc = subprocess.run(
        command,
        shell=True,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    return proc.stdout + proc.stderr


def refresh(block: re.Match[str], cwd: Path) -> str:
    lines = block.group(1).splitlines()
    out: list[str] = []
    for line in lines:
        if not line.startswith("$ "):
            continue
        out.append(line)
        if "#" not in line:
            out.extend(run(line[2:], cwd).rstrip("\n").splitlines())
    return "```console\n" + "\n".join(out) + "\n```"


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:  # outputs the examples write land here
        for name in ("samples", "rules"):
            (Path(tmp) / name).symlink_to(ROOT / name)
        text = BLOCK.sub(lambda m: refresh(m, Path(tmp)), text)
    readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
