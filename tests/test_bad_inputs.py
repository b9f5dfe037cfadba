"""The catalogue of broken inputs (tests/bad/catalogue.toml): each file gets exactly its one
line and exit code from the installed ``nominate``, nothing on stdout, no traceback, quickly
and in bounded memory; files with a bad record among good ones still check the others."""

from __future__ import annotations

import json
import shutil
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, run_limited

BAD = ROOT / "tests" / "bad"
sys.path.insert(0, str(BAD))
import make_bad  # noqa: E402

CASES = tomllib.loads((BAD / "catalogue.toml").read_text(encoding="utf-8"))["case"]
SECONDS = 10.0
MEMORY_MB = 1024


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every catalogue file, freshly built (the LibreOffice ones copied as committed)."""
    folder = tmp_path_factory.mktemp("bad")
    make_bad.build(folder, {**make_bad.SMALL, **make_bad.LARGE})
    for name in [*make_bad.SOFFICE, make_bad.ENCRYPTED]:
        shutil.copyfile(make_bad.FILES / name, folder / name)
    return folder


def test_catalogue_names_every_file_once() -> None:
    names = [c["file"] for c in CASES]
    made = {*make_bad.SMALL, *make_bad.LARGE, *make_bad.SOFFICE, make_bad.ENCRYPTED}
    assert len(names) == len(set(names)) and set(names) == made
    assert {c["file"] for c in CASES if c.get("large")} == set(make_bad.LARGE)


@pytest.mark.parametrize("name", sorted(make_bad.SMALL))
def test_committed_files_are_what_make_bad_writes(name: str) -> None:
    assert (make_bad.FILES / name).read_bytes() == make_bad.SMALL[name]()


def _commands(case: dict, folder: Path) -> list[tuple[str | Path, ...]]:
    path = folder / case["file"]
    if case.get("pack"):
        return [
            ("check", SAMPLES / "nominations.json", "--rules", path),
            ("rules", "validate", path),
        ]
    if case["exit"] == 2:
        return [("check", path)]
    return [("check", path, "--format", "json")]


@pytest.fixture(scope="module")
def answers(files: Path) -> dict[str, list]:
    """Every case run once, four at a time (each run is mostly interpreter start-up)."""
    jobs = {c["file"]: _commands(c, files) for c in CASES}
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {
            name: [pool.submit(run_limited, *args, memory_mb=MEMORY_MB) for args in commands]
            for name, commands in jobs.items()
        }
        return {name: [f.result() for f in fs] for name, fs in futures.items()}


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_bad_input(case: dict, files: Path, answers: dict[str, list]) -> None:
    path = files / case["file"]
    for done in answers[case["file"]]:
        assert not done.timed_out and done.seconds < SECONDS, done
        assert done.peak_mb < MEMORY_MB / 2, done
        assert "Traceback" not in done.stderr
        assert done.returncode == case["exit"], done
        if case["exit"] == 2:
            assert done.stdout == ""
            assert done.stderr == case["stderr"].format(file=path) + "\n"
        else:
            results = json.loads(done.stdout)["results"]
            assert [r["status"] for r in results] == case["statuses"]
            errors = [f"{e['field']}: {e['message']}" for r in results for e in r["errors"]]
            assert errors == case["errors"]
            warning = case.get("warning")
            assert done.stderr == (f"{warning}\n" if warning else "")
