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


def _cases(tmp_path: Path, text: str) -> Path:
    """A copy of the 2024 pack with ``text`` as its cases file, after the shipped [base]."""
    source = Path(PACKS["seoul-2024"].source)
    (tmp_path / "p.toml").write_bytes(source.read_bytes())
    shipped = source.with_name("seoul-2024.cases.toml").read_text(encoding="utf-8")
    base = shipped[shipped.index("\n[base]") : shipped.index("\n[[cases]]")]
    (tmp_path / "p.cases.toml").write_text(base + text, encoding="utf-8")
    return tmp_path / "p.toml"


def test_a_date_where_null_is_expected_is_a_failure_shown_in_iso_form(tmp_path: Path) -> None:
    """It was an internal error (ValueError), after part of the report; dates were reprs."""
    pack = _cases(
        tmp_path,
        '[[cases]]\nname = "one"\n'
        'expect = { status = "eligible", continuous_since = "null" }\n'
        '[[cases]]\nname = "two"\n'
        'set = { residences = [{ start = "2021-06-01", city = "Seoul" }] }\n'
        'expect = { status = "ineligible", qualifies_on = 2024-06-04 }\n'
        '[[cases]]\nname = "three"\n'
        'expect = { status = "eligible", qualifies_on = "2024-06-04" }\n',
    )
    proc = run("rules", "test", pack)
    assert (proc.returncode, proc.stderr) == (1, "")
    assert proc.stdout == (
        "FAIL  one\n      continuous_since: expected null, got 2017-09-01\n"
        "FAIL  two\n      qualifies_on: expected 2024-06-04, got 2024-06-01\n"
        "FAIL  three\n      qualifies_on: expected 2024-06-04, got null\n"
        "0 passed, 3 failed\n"
    )


GOOD_CASE = '[[cases]]\nname = "good"\nexpect = { status = "eligible" }\n'
ELIGIBLE = '\nexpect = { status = "eligible" }\n'


BAD_CASES = [
    # dates were internal errors (ValueError, TypeError)
    (
        'expect = { status = "eligible", qualifies_on = "2025-6-3" }',
        "cases[1].expect.qualifies_on",
        "should be a date (YYYY-MM-DD) or \"null\", not '2025-6-3'",
    ),
    (
        'expect = { status = "eligible", continuous_since = "2025-02-30" }',
        "cases[1].expect.continuous_since",
        "'2025-02-30' is not a real calendar date",
    ),
    (
        "as_of = 2024-05-31T09:00:00" + ELIGIBLE,
        "cases[1].as_of",
        "should be a date (YYYY-MM-DD), not a date and time",
    ),
    (
        "as_of = 20240531" + ELIGIBLE,
        "cases[1].as_of",
        "should be a date (YYYY-MM-DD), not a number",
    ),
    # badly shaped cases were internal errors (AttributeError, TypeError)
    (
        'set = ["nationality", "KR"]' + ELIGIBLE,
        "cases[1].set",
        "should be a table, not an array",
    ),
    (
        'expect = "incomplete"',
        "cases[1].expect",
        "should be a table, not 'incomplete'",
    ),
    (
        'set = { "residences.city" = "Busan" }' + ELIGIBLE,
        'cases[1].set."residences.city"',
        "residences is an array in the record, not a table: set it whole",
    ),
    (
        'set = { "name.family" = "Tanaka" }' + ELIGIBLE,
        'cases[1].set."name.family"',
        "name is a value in the record, not a table: set it whole",
    ),
    # unknown keys were ignored, a string was unset letter by letter
    (
        'sett = { nationality = "KR" }' + ELIGIBLE,
        "cases[1].sett",
        "Extra inputs are not permitted",
    ),
    ("asof = 2024-12-31" + ELIGIBLE, "cases[1].asof", "Extra inputs are not permitted"),
    (
        'unsett = ["nationality"]' + ELIGIBLE,
        "cases[1].unsett",
        "Extra inputs are not permitted",
    ),
    (
        'unset = "nationality"' + ELIGIBLE,
        "cases[1].unset",
        "should be an array, not 'nationality'",
    ),
    (
        'unset = ["nationalty"]' + ELIGIBLE,
        "cases[1].unset[0]",
        "the record has no nationalty, so nothing to unset",
    ),
    (
        'expect = { status = "eligible", faling = ["residency"] }',
        "cases[1].expect.faling",
        "Extra inputs are not permitted",
    ),
    ("expect = { failing = [] }", "cases[1].expect.status", "Field required"),
    (
        'expect = { status = "eligable" }',
        "cases[1].expect.status",
        "Input should be 'eligible', 'incomplete', 'ineligible' or 'invalid'",
    ),
    (
        'expect = { status = "eligible", cumulative_days = "2465" }',
        "cases[1].expect.cumulative_days",
        "Input should be a valid integer",
    ),
]


@pytest.mark.parametrize(
    ("case", "at", "reason"), BAD_CASES, ids=[f"{i}-{c[1]}" for i, c in enumerate(BAD_CASES)]
)
def test_a_malformed_case_is_refused_before_any_case_runs(
    tmp_path: Path, case: str, at: str, reason: str
) -> None:
    pack = _cases(tmp_path, GOOD_CASE + '[[cases]]\nname = "bad"\n' + case + "\n")
    proc = run("rules", "test", pack)
    assert (proc.returncode, proc.stdout) == (2, "")
    cases = tmp_path / "p.cases.toml"
    assert proc.stderr == f"nominate: {cases}: invalid cases file at '{at}': {reason}\n"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "there are no cases, so nothing is tested: add [[cases]] entries"),
        ('[base]\nname = "X"\n', "there are no cases, so nothing is tested: add [[cases]] entries"),
        (
            '[cases]\nname = "a"\nexpect = { status = "eligible" }\n',
            "is one table: write each case under its own [[cases]]",
        ),
    ],
    ids=["empty", "base-only", "table"],
)
def test_a_cases_file_without_cases_is_refused(tmp_path: Path, text: str, reason: str) -> None:
    """An empty file said "0 passed, 0 failed", exit 0; [cases] as a table was misreported."""
    pack = _cases(tmp_path, "")
    (tmp_path / "p.cases.toml").write_text(text, encoding="utf-8")
    proc = run("rules", "test", pack)
    assert (proc.returncode, proc.stdout) == (2, "")
    cases = tmp_path / "p.cases.toml"
    assert proc.stderr == f"nominate: {cases}: invalid cases file at 'cases': {reason}\n"


def test_as_of_may_be_a_toml_date_or_an_iso_string(tmp_path: Path) -> None:
    """A quoted as_of was a TypeError deep in the residency rule."""
    moved = 'set = { residences = [{ start = "2020-02-29", city = "Seoul" }] }\n'
    pack = _cases(
        tmp_path,
        f'[[cases]]\nname = "date"\nas_of = 2023-02-28\n{moved}'
        'expect = { status = "eligible", continuous_since = "2020-02-29" }\n'
        f'[[cases]]\nname = "string"\nas_of = "2023-02-27"\n{moved}'
        'expect = { status = "ineligible", qualifies_on = 2023-02-28 }\n',
    )
    proc = run("rules", "test", pack)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == "ok    date\nok    string\n2 passed, 0 failed\n"
