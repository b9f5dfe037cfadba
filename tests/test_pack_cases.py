"""Rules tested as data: every case shipped beside every bundled pack, and SPEC's worked
examples, run through the engine."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from conftest import DATA, run
from nominate.cases import Case, compare, load_cases, run_case
from nominate.engine import check_all
from nominate.rules import bundled_packs, load_pack
from nominate.sources import RawRecord

PACKS = {pack_id: load_pack(pack_id) for pack_id in bundled_packs()}
CASES = [(pack_id, case) for pack_id, pack in PACKS.items() for case in load_cases(pack)]


@pytest.mark.parametrize(("pack_id", "case"), CASES, ids=[f"{p}: {c.name}" for p, c in CASES])
def test_pack_case(pack_id: str, case: Case) -> None:
    assert run_case(case, PACKS[pack_id]) == []


def test_every_clause_has_cases() -> None:
    names = " ".join(case.name for _, case in CASES)
    for clause in ("C1", "C2", "C3", "C4", "C5", "C6", "C7"):
        assert f"{clause} " in names


def test_a_wrong_expectation_is_reported() -> None:
    pack = PACKS["seoul-2024"]
    case = next(c for _, c in CASES if c.name.startswith("complete"))
    wrong = Case(case.name, case.record, {"status": "ineligible", "cumulative_days": 1})
    problems = run_case(wrong, pack)
    assert problems == [
        "status: expected 'ineligible', got 'eligible'",
        "cumulative_days: expected 1, got 2465",
    ]


WORKED = json.loads((DATA / "worked-examples.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("example", WORKED, ids=[e["name"] for e in WORKED])
def test_worked_example(example: dict) -> None:
    pack = PACKS["seoul-2024"]
    as_of = date.fromisoformat(example["as_of"]) if "as_of" in example else None
    result = next(check_all([RawRecord("ex", "#1", example["record"])], pack, as_of))
    expect = example["expect"]
    assert result.status.value == expect["status"]
    if expect["status"] == "invalid":
        assert result.errors and result.checks == () and result.residency is None
        return
    assert result.failing() == expect["failing"]
    assert [c.rule for c in result.checks if c.outcome.value == "missing"] == expect[
        "missing_checks"
    ]
    documents = pack.rule("documents").required
    assert [m for m in result.missing if m in documents] == expect["missing_documents"]
    qualifies = result.residency.qualifies_on if result.residency else None
    assert (qualifies.isoformat() if qualifies else None) == expect["qualifies_on"]
    assert bool(result.warnings) == expect["has_warnings"]
    assert compare(result, {"status": expect["status"]}) == []


def test_rules_test_command_passes_and_counts() -> None:
    proc = run("rules", "test")
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.strip().endswith(f"{len(load_cases(PACKS['seoul-2024']))} passed, 0 failed")


def test_rules_test_command_fails_on_a_bad_case(tmp_path) -> None:
    pack_src = PACKS["seoul-2024"].source
    (tmp_path / "p.toml").write_bytes(Path(pack_src).read_bytes())
    (tmp_path / "p.cases.toml").write_text(
        '[[cases]]\nname = "wrong"\nrecord = { name = "X" }\nexpect = { status = "eligible" }\n',
        encoding="utf-8",
    )
    proc = run("rules", "test", tmp_path / "p.toml")
    assert proc.returncode == 1
    assert "FAIL  wrong" in proc.stdout and "0 passed, 1 failed" in proc.stdout
