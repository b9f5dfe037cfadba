"""Rules packs: bundled packs load from anywhere, a changed pack changes verdicts with no code
change, and each broken pack is refused with one line naming the file and the key path."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import SAMPLES, run
from nominate.rules import load_pack

PACK = Path(load_pack().source).read_text(encoding="utf-8")


def _variant(tmp_path: Path, name: str, *replacements: tuple[str, str]) -> Path:
    text = PACK
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _statuses(proc) -> dict[str, str]:
    return {r["id"]: r["status"] for r in json.loads(proc.stdout)["results"]}


def test_bundled_pack_is_found_from_any_directory(tmp_path: Path) -> None:
    proc = run("rules", "list", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.startswith("seoul-2024\t2024-05-31\t")


def test_another_round_gives_other_verdicts_without_code_change(tmp_path: Path) -> None:
    sample = SAMPLES / "nominations.json"
    before = _statuses(run("check", sample, "--format", "json"))
    pack = _variant(
        tmp_path,
        "seoul-2025.toml",
        ('id = "seoul-2024"', 'id = "seoul-2025"'),
        ("notice_date = 2024-05-31", "notice_date = 2026-05-29"),
        ("opens = 2024-05-31", "opens = 2024-05-01"),
        ("closes = 2024-06-28", "closes = 2024-07-31"),
        ("min_signatures = 30", "min_signatures = 10"),
    )
    proc = run("check", sample, "--format", "json", "--rules", pack)
    after = _statuses(proc)
    assert json.loads(proc.stdout)["ruleset"]["id"] == "seoul-2025"
    assert json.loads(proc.stdout)["as_of"] == "2026-05-29"
    # 2024-003 (Seoul since 2022-09) now has three years; 2024-006 had 12 signatures,
    # a July postmark and too short a stay: the signatures and the postmark now pass.
    assert before["2024-003"] == "ineligible" and after["2024-003"] == "eligible"
    assert before["2024-006"] == "ineligible"
    result = next(r for r in json.loads(proc.stdout)["results"] if r["id"] == "2024-006")
    outcomes = {c["rule"]: c["outcome"] for c in result["checks"]}
    assert outcomes["nominator"] == "pass" and outcomes["submission"] == "pass"


def test_threshold_is_a_parameter(tmp_path: Path) -> None:
    record = json.loads((SAMPLES / "nominations.json").read_text(encoding="utf-8"))[0]
    record["nominator"]["signatures"] = 12
    (tmp_path / "r.json").write_text(json.dumps(record), encoding="utf-8")
    strict = run("check", tmp_path / "r.json", "-f", "json")
    lenient = run(
        "check",
        tmp_path / "r.json",
        "-f",
        "json",
        "--rules",
        _variant(tmp_path, "ten.toml", ("min_signatures = 30", "min_signatures = 10")),
    )
    assert _statuses(strict) == {"2024-001": "ineligible"}
    assert _statuses(lenient) == {"2024-001": "eligible"}


# Broken packs (missing key, wrong type, unknown kind, reversed window, ...) are in the
# catalogue of bad inputs: tests/bad/catalogue.toml, run by test_bad_inputs.py.


def test_unknown_pack_id() -> None:
    proc = run("check", SAMPLES / "nominations.json", "--rules", "seoul-1999")
    assert proc.returncode == 2
    assert proc.stderr == (
        "nominate: seoul-1999: invalid rules pack: no such file or bundled "
        "pack (bundled: seoul-2024)\n"
    )


def test_validate_accepts_the_bundled_pack() -> None:
    proc = run("rules", "validate", load_pack().source)
    assert proc.returncode == 0 and ": ok (seoul-2024, 7 rules, sha256 " in proc.stdout


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """Windows editors save UTF-8 with a BOM: tomllib alone read it as an invalid statement."""
    source = Path(load_pack().source)
    pack = tmp_path / "bom.toml"
    pack.write_bytes(b"\xef\xbb\xbf" + source.read_bytes())
    cases = source.with_name("seoul-2024.cases.toml").read_bytes()
    (tmp_path / "bom.cases.toml").write_bytes(b"\xef\xbb\xbf" + cases)
    assert run("rules", "validate", pack).returncode == 0
    proc = run("rules", "test", pack)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr


def test_a_directory_or_a_pipe_is_named_for_what_it_is(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)  # opening it to read would wait for a writer forever
    for path, what in ((tmp_path, "is a directory"), (fifo, "is a named pipe (FIFO)")):
        proc = run("rules", "validate", path)
        assert proc.returncode == 2 and proc.stdout == ""
        assert proc.stderr == f"nominate: {path}: invalid rules pack: {what}, not a file\n"


@pytest.mark.parametrize(
    "args",
    [
        ("check", SAMPLES / "nominations.json", "--rules", ""),
        ("template", "--output", "t.xlsx", "--rules", ""),
        ("rules", "validate", ""),
        ("rules", "show", " "),
        ("rules", "test", ""),
    ],
    ids=["check", "template", "validate", "show", "test"],
)
def test_an_empty_pack_reference_is_refused(args: tuple, tmp_path: Path) -> None:
    """`--rules "$PACK"` with PACK unset used the default pack without a word."""
    proc = run(*args, cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        "nominate: the rules pack is given as an empty string; give a bundled pack's id "
        "(seoul-2024) or a path\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_document_columns_follow_the_rule_kind_not_its_id(tmp_path: Path) -> None:
    """With the documents rule renamed, every document column went unread (all documents
    missing) and the template dropped them, without a word."""
    docs = _variant(tmp_path, "docs.toml", ('id = "documents"', 'id = "docs"'))
    sheet = SAMPLES / "nominations.xlsx"
    before = json.loads(run("check", sheet, "-f", "json").stdout)["results"]
    after = json.loads(run("check", sheet, "-f", "json", "--rules", docs).stdout)["results"]
    assert [(r["status"], r["missing"]) for r in after] == [
        (r["status"], r["missing"]) for r in before
    ]
    proc = run("template", "-f", "csv", "-o", tmp_path / "t.csv", "--rules", docs)
    assert proc.returncode == 0, proc.stderr
    header = (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert header[-8:] == list(load_pack().rule("documents").required)


def test_a_minimum_above_one_is_said_in_the_message(tmp_path: Path) -> None:
    """minimum = { photo = 2 } with one photo said '1 document(s) missing: Photo of the
    candidate.', which reads as if the photo were absent."""
    pack = tmp_path / "two-photos.toml"
    pack.write_text(PACK.replace("minimum = { photo = 1 }", "minimum = { photo = 2 }"),
                    encoding="utf-8")
    record = json.loads((SAMPLES / "nominations.json").read_text(encoding="utf-8"))[0]
    (tmp_path / "r.json").write_text(json.dumps(record), encoding="utf-8")
    done = run("check", tmp_path / "r.json", "-f", "jsonl", "--rules", pack)
    documents = next(c for c in json.loads(done.stdout)["checks"] if c["rule"] == "documents")
    assert documents["message"] == (
        "1 document missing: Photo of the candidate (at least 2).")


@pytest.mark.parametrize(("signers", "said"), [
    ([{"name": "Kim", "address": "Seoul"}],
     "1 distinct Seoul citizen signed (1 listed); 1 is needed."),
    ([], "1 signature; 1 is needed."),
])
def test_one_signature_of_one_needed_is_said_in_the_singular(
    tmp_path: Path, signers: list, said: str
) -> None:
    """A pack needing one signature, and one given: 'internal error (KeyError)' before."""
    pack = tmp_path / "one.toml"
    pack.write_text(PACK.replace("min_signatures = 30", "min_signatures = 1"), encoding="utf-8")
    record = json.loads((SAMPLES / "nominations.json").read_text(encoding="utf-8"))[0]
    record["nominator"] = {"type": "citizens", "signatories": signers, "signatures": 1}
    (tmp_path / "r.json").write_text(json.dumps(record), encoding="utf-8")
    done = run("check", tmp_path / "r.json", "-f", "jsonl", "--rules", pack)
    nominator = next(c for c in json.loads(done.stdout)["checks"] if c["rule"] == "nominator")
    assert (nominator["outcome"], nominator["message"]) == ("pass", said)
