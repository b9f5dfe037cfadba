"""The command line as scripts and people use it: real subprocess runs of ``nominate``."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT, SAMPLES, run

SAMPLE = SAMPLES / "nominations.json"
RECORDS = json.loads(SAMPLE.read_text(encoding="utf-8"))
EXPECTED = {
    "2024-001": "eligible",
    "2024-002": "eligible",
    "2024-003": "ineligible",
    "2024-004": "incomplete",
    "2024-005": "eligible",
    "2024-006": "ineligible",
    "2024-007": "invalid",
}


def test_version_and_module_entry() -> None:
    proc = run("--version")
    assert proc.returncode == 0 and re.fullmatch(r"nominate \d+\.\d+\.\d+\n", proc.stdout)


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["check"],
        ["rules"],
        ["rules", "list"],
        ["rules", "show"],
        ["rules", "validate"],
        ["rules", "test"],
        ["schema"],
    ],
)
def test_help_on_every_command(command: list[str]) -> None:
    proc = run(*command, "--help")
    assert proc.returncode == 0 and "Usage: nominate" in proc.stdout


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["check", "--bogus", SAMPLE], "No such option: --bogus (see 'nominate check --help')"),
        (["check"], "Missing argument 'FILE...'. (see 'nominate check --help')"),
        (["chekc"], "No such command 'chekc'. Did you mean 'check'? (see 'nominate --help')"),
        (["check", SAMPLE, "--workers", "two"], "Invalid value for '--workers'"),
        (["rules", "show", "a", "b"], "unexpected extra argument"),
    ],
)
def test_a_usage_error_is_one_line_naming_the_help_to_read(args: list, said: str) -> None:
    """SPEC §5: a usage error exits 2 with one clear line on stderr (the parser's own display
    took four: usage, hint, a blank line, the error), and nothing on stdout."""
    proc = run(*args)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("nominate: ")
    assert said in proc.stderr


def test_an_option_without_its_value_names_the_help_too() -> None:
    proc = run("check", SAMPLE, "--lang")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == (
        "nominate: Option '--lang' requires an argument. (see 'nominate check --help')\n"
    )


def test_an_end_of_input_no_command_caught_is_one_line() -> None:
    """typer turns an EOFError that escapes a command into Abort: one line (after the empty
    line typer writes first), exit 2."""
    script = (
        "import sys, nominate.commands\n"
        "def eof(*args, **kwargs):\n"
        "    raise EOFError\n"
        "nominate.commands.print_schema = eof\n"
        "from nominate.entry import main\n"
        "sys.argv = ['nominate', 'schema', 'record']\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
        env={**os.environ, "NOMINATE_LANG": "en"},
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip() == "nominate: aborted"


def test_a_usage_error_speaks_the_language_asked_for() -> None:
    proc = run("check", "--lang", "ko", "--bogus", SAMPLE)
    assert proc.stderr == "nominate: No such option: --bogus ('nominate check --help' 참고)\n"
    proc = run("check", "--bogus", SAMPLE, env={"NOMINATE_LANG": "ja"})
    assert proc.stderr.endswith("（'nominate check --help' を参照）\n")


@pytest.mark.parametrize("args", [[], ["rules"]])
def test_a_group_without_a_command_shows_its_help(args: list) -> None:
    proc = run(*args)
    assert proc.returncode == 2 and "Usage: nominate" in proc.stdout + proc.stderr
    assert "Commands:" in proc.stdout + proc.stderr


def test_json_envelope_matches_spec_and_schema() -> None:
    proc = run("check", SAMPLE, "--format", "json")
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert list(doc) == ["tool", "ruleset", "as_of", "results", "summary"]
    assert doc["tool"]["name"] == "nominate"
    assert doc["ruleset"]["id"] == "seoul-2024" and len(doc["ruleset"]["sha256"]) == 64
    assert doc["as_of"] == "2024-05-31"
    assert {r["id"]: r["status"] for r in doc["results"]} == EXPECTED
    assert doc["summary"] == {"eligible": 3, "incomplete": 1, "ineligible": 2, "invalid": 1}
    schema = json.loads(run("schema", "result").stdout)
    jsonschema.validate(doc, schema)  # the whole report, as a script would check it
    for result in doc["results"]:
        jsonschema.validate(result, schema)
        assert list(result) == [
            "id",
            "name",
            "status",
            "checks",
            "missing",
            "warnings",
            "residency",
            "errors",
        ]
        if result["status"] != "invalid":
            assert [c["rule"] for c in result["checks"]] == [
                "foreign_national",
                "residency",
                "alien_registration",
                "contribution",
                "nominator",
                "submission",
                "documents",
            ]


def test_record_schema_accepts_the_samples() -> None:
    schema = json.loads(run("schema", "record").stdout)
    for record in RECORDS[:-1]:
        jsonschema.validate(record, schema)


@pytest.mark.parametrize("record", [
    {"name": "A", "contributions": ["sports"]},
    {"name": "A", "submission": {"method": "fax"}},
    {"name": "A", "nominator": {"type": "mayor"}},
    {"name": "A", "registration_number": "12345"},
    {"name": "A", "registration_number": "900101-1234567"},
    {"name": "A", "residences": [{"start": "2020-01-01", "city": " "}]},
    {"name": " "},
    {"name": "A", "documents": {"photo": "maybe"}},  # (any text was let through)
    {"name": "A", "documents": {"passport_copy": "maybe"}},
])
def test_record_schema_refuses_what_check_refuses(record: dict) -> None:
    """A script that validates against the schema first must not be surprised by invalid."""
    schema = json.loads(run("schema", "record").stdout)
    assert not jsonschema.Draft202012Validator(schema).is_valid(record)
    done = run("check", "-", "-f", "jsonl", stdin=json.dumps(record))
    assert json.loads(done.stdout)["status"] == "invalid"


def test_jsonl_from_file_and_stdin_is_one_result_per_line() -> None:
    from_file = run("check", SAMPLES / "nominations.jsonl", "--format", "jsonl")
    text = (SAMPLES / "nominations.jsonl").read_text(encoding="utf-8")
    from_stdin = run("check", "-", "--format", "jsonl", stdin=text)
    assert from_file.stdout == from_stdin.stdout.replace(
        "<stdin>", str(SAMPLES / "nominations.jsonl")
    )
    lines = from_file.stdout.splitlines()
    assert len(lines) == len(RECORDS)
    assert [json.loads(line)["status"] for line in lines] == list(EXPECTED.values())
    assert from_file.stderr == "" and from_file.returncode == 1


def test_stdin_json_lines_split_at_newlines_only() -> None:
    """U+2028 inside a string is no line end (str.splitlines said it was: exit 2); a broken
    first line spoils only its own record, as in a .jsonl file."""
    text = '{"id": "r1", "name": "A\u2028B"}\n{"id": "r2", "name": "C"}\n'
    done = run("check", "-", "-f", "jsonl", stdin=text)
    assert [json.loads(line)["id"] for line in done.stdout.split("\n")[:-1]] == ["r1", "r2"]
    done = run("check", "-", "-f", "jsonl", stdin='{"name":\n{"id": "r2", "name": "B"}\n')
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == ["line 1", "r2"]
    assert done.returncode == 1
    broken = run("check", "-", "-f", "json", stdin='[\n {"name": "A"},\n {"name": "B"\n]\n')
    assert broken.returncode == 2 and "is not valid JSON" in broken.stderr
    no_comma = '[\n{"id": "a", "name": "A"}\n{"id": "b", "name": "B"}\n]\n'  # a list, broken
    broken = run("check", "-", "-f", "jsonl", stdin=no_comma)
    assert broken.returncode == 2 and broken.stdout == ""
    assert "Expecting ',' delimiter (line 3, column 1)" in broken.stderr


def test_a_record_with_a_records_key_is_a_record(tmp_path: Path) -> None:
    """Only {"records": [...]} alone is a wrapped list; a record that also has a key named
    records (and no name) was taken for an empty list: exit 0, nothing checked."""
    (tmp_path / "r.json").write_text('{"id": "X", "records": []}', encoding="utf-8")
    done = run("check", tmp_path / "r.json", "-f", "jsonl")
    assert done.returncode == 1 and json.loads(done.stdout)["status"] == "invalid"
    (tmp_path / "w.json").write_text(json.dumps({"records": RECORDS[:2]}), encoding="utf-8")
    assert len(run("check", tmp_path / "w.json", "-f", "jsonl").stdout.splitlines()) == 2


def test_json_document_on_stdin() -> None:
    proc = run("check", "-", "-f", "json", stdin=json.dumps(RECORDS[0]))
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["results"][0]["status"] == "eligible"


def test_position_stands_in_for_a_missing_id(tmp_path: Path) -> None:
    records = [{k: v for k, v in r.items() if k != "id"} for r in RECORDS[:3]]
    (tmp_path / "a.json").write_text(json.dumps(records), encoding="utf-8")
    (tmp_path / "b.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps(records[0]), encoding="utf-8")
    proc = run(
        "check", tmp_path / "a.json", tmp_path / "b.jsonl", tmp_path / "c.json", "-f", "jsonl"
    )
    ids = [json.loads(line)["id"] for line in proc.stdout.splitlines()]
    assert ids == ["#1", "#2", "#3", "line 1", "line 2", "line 3", "#1"]


def test_exit_zero_when_all_eligible_and_when_there_are_none(tmp_path: Path) -> None:
    (tmp_path / "ok.json").write_text(json.dumps(RECORDS[:2]), encoding="utf-8")
    assert run("check", tmp_path / "ok.json").returncode == 0
    (tmp_path / "none.json").write_text("[]", encoding="utf-8")
    proc = run("check", tmp_path / "none.json", "-f", "json")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["results"] == []
    assert "no records" in proc.stderr
    for nothing in ("", "\n  \n"):  # a filter upstream let no record through
        proc = run("check", "-", "-f", "jsonl", stdin=nothing)
        assert (proc.returncode, proc.stdout) == (0, "")
        assert proc.stderr == "nominate: warning: no records to check\n"


def test_unreadable_file_stops_the_run_before_any_output(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    proc = run("check", SAMPLE, tmp_path / "bad.json", "-f", "json")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == (
        f"nominate: {tmp_path / 'bad.json'}: is not valid JSON: Expecting "
        "property name enclosed in double quotes (line 1, column 2)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "missing.json"], "nominate: missing.json: no such file"),
        (["check", "x.txt"], "nominate: x.txt: cannot read this kind of file"),
        (["check", str(SAMPLE), "--format", "yaml"], "--format must be one of"),
        (["check", str(SAMPLE), "--format", "xlsx"], "--format xlsx needs --output PATH"),
        (["check", str(SAMPLE), "--as-of", "31/05/2024"], "--as-of: '31/05/2024' is ambiguous"),
        (["check", str(SAMPLE), "--lang", "fr"], "--lang must be one of en, ko, ja"),
        (["schema", "person"], "schema: expected 'record' or 'result'"),
    ],
)
def test_usage_errors_are_one_line_exit_2(args: list[str], message: str) -> None:
    proc = run(*args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_bad_record_among_good_ones(tmp_path: Path) -> None:
    bad = [
        RECORDS[0],
        {"name": "No Dates", "residences": [{"start": "31.12.2019", "city": "Seoul"}]},
        "just a string",
        {"id": 7},
        RECORDS[1],
    ]
    (tmp_path / "mixed.json").write_text(json.dumps(bad), encoding="utf-8")
    proc = run("check", tmp_path / "mixed.json", "-f", "json")
    results = json.loads(proc.stdout)["results"]
    assert [r["status"] for r in results] == [
        "eligible",
        "invalid",
        "invalid",
        "invalid",
        "eligible",
    ]
    assert results[1]["errors"][0]["field"] == "residences[0].start"
    assert results[2]["errors"] == [
        {"field": "(record)", "message": "is a JSON string, not a record object"}
    ]
    assert results[3]["id"] == "7" and results[3]["errors"][0]["field"] == "name"
    assert all(r["checks"] == [] and r["residency"] is None for r in results[1:4])


def test_as_of_changes_residency_only(tmp_path: Path) -> None:
    proc = run("check", SAMPLE, "-f", "json", "--as-of", "2025-09-01")
    doc = json.loads(proc.stdout)
    assert doc["as_of"] == "2025-09-01"
    lan = next(r for r in doc["results"] if r["id"] == "2024-003")
    assert lan["status"] == "eligible"


def test_duplicates_warn_naming_the_other(tmp_path: Path) -> None:
    twin = dict(RECORDS[0], id="2024-099")
    same_id = dict(RECORDS[1], name="Someone Else")
    (tmp_path / "d.json").write_text(
        json.dumps([RECORDS[0], RECORDS[1], twin, same_id]), encoding="utf-8"
    )
    results = json.loads(run("check", tmp_path / "d.json", "-f", "json").stdout)["results"]
    warned = [[w["message"] for w in r["warnings"] if w["rule"] == "duplicate"] for r in results]
    assert warned[0] == [
        f"The same person (name and registration number) is also at {tmp_path / 'd.json'} #3."
    ]
    assert warned[1] == [f"The same id is used by {tmp_path / 'd.json'} #4."]
    assert warned[2] == [
        f"The same person (name and registration number) is also at {tmp_path / 'd.json'} #1."
    ]
    assert warned[3] == [f"The same id is used by {tmp_path / 'd.json'} #2."]


def test_registration_numbers_never_appear_in_full(tmp_path: Path) -> None:
    numbers = [r["registration_number"] for r in RECORDS if "registration_number" in r]
    bad = dict(RECORDS[0], id="bad-number", registration_number="900101-1234567")
    (tmp_path / "r.json").write_text(json.dumps([*RECORDS, bad]), encoding="utf-8")
    for fmt in ("table", "json", "jsonl"):
        proc = run("check", tmp_path / "r.json", "-f", fmt)
        for number in [*numbers, "900101-1234567"]:
            for form in (number, number.replace("-", ""), number[-6:]):
                assert form not in proc.stdout + proc.stderr


def test_numbers_in_values_outside_a_vocabulary_are_masked_in_errors(tmp_path: Path) -> None:
    """A registration number typed into a field checked against the pack's word lists: the
    error names the value, masked, like every other error does."""
    number = "900101-6123456"
    bad = [
        dict(RECORDS[0], id="c", contributions=[number]),
        dict(RECORDS[0], id="n", nominator={"type": number, "name": "Kim"}),
        dict(RECORDS[0], id="m", submission={"method": number, "received": "2024-06-03"}),
    ]
    (tmp_path / "v.json").write_text(json.dumps(bad), encoding="utf-8")
    for fmt in ("table", "json", "jsonl"):
        proc = run("check", tmp_path / "v.json", "-f", fmt)
        assert number not in proc.stdout + proc.stderr
        assert "123456" not in proc.stdout + proc.stderr
    results = json.loads(run("check", tmp_path / "v.json", "-f", "json").stdout)["results"]
    assert [r["status"] for r in results] == ["invalid"] * 3
    for result in results:
        assert "'900101-6******' is not one of" in result["errors"][0]["message"]


def test_output_suffix_must_agree_with_the_format(tmp_path: Path) -> None:
    """`-o annotated.xlsx` without `--format xlsx` would put the table's text in a file no
    spreadsheet program opens (and JSON Lines in a .json file, text no JSON reader takes):
    refused, naming the format to add, and nothing written."""
    cases = [
        ([], "a.xlsx", "a .xlsx file needs --format xlsx (the format is table)"),
        ([], "a.csv", "a .csv file needs --format csv (the format is table)"),
        ([], "a.json", "a .json file needs --format json (the format is table)"),
        (["-f", "csv"], "b.xlsx", "a .xlsx file needs --format xlsx (the format is csv)"),
        (["-f", "xlsx"], "b.csv", "a .csv file needs --format csv (the format is xlsx)"),
        (["-f", "table"], "b.JSONL", "a .JSONL file needs --format jsonl (the format is table)"),
        (["-f", "jsonl"], "b.json", "a .json file needs --format json (the format is jsonl)"),
        (["-f", "json"], "b.ndjson", "a .ndjson file needs --format jsonl (the format is json)"),
        (["-f", "xlsx"], "b.xls", "this command does not write .xls files; the formats are "
         "table, json, jsonl, csv, xlsx (currently xlsx)"),
    ]
    for args, name, message in cases:
        proc = run("check", SAMPLE, *args, "-o", tmp_path / name)
        assert (proc.returncode, proc.stdout) == (2, "")
        assert proc.stderr == f"nominate: --output {tmp_path / name}: {message}\n"
    assert list(tmp_path.iterdir()) == []
    # agreeing suffixes, and names of no format: written
    for args, name in ((["-f", "xlsx"], "ok.XLSX"), (["-f", "jsonl"], "r.ndjson"),
                       ([], "report.txt")):
        assert run("check", SAMPLE, *args, "-o", tmp_path / name).returncode == 1
    assert (tmp_path / "ok.XLSX").read_bytes()[:4] == b"PK\x03\x04"
    lines = (tmp_path / "r.ndjson").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(RECORDS) and json.loads(lines[0])["id"]
    assert "Reasons" in (tmp_path / "report.txt").read_text(encoding="utf-8")


def test_table_report_for_a_clerk() -> None:
    proc = run("check", SAMPLE)
    assert proc.returncode == 1
    out = proc.stdout
    for rid in EXPECTED:
        assert rid in out
    assert "[C1]" in out and "[C4]" in out and "[C7]" in out
    assert "7 records checked as of 2024-05-31 with seoul-2024" in out
    assert proc.stderr == ""


def test_table_names_the_row_of_each_candidate_with_an_id(tmp_path: Path) -> None:
    """A clerk finds the row to mend: under each id, where its record is (the file too when
    a run read several); a record without an id is named by its row already."""
    sheet = "id,name,received,photo\nA-1,Maria,06/10/2024,yes\n,Kim,2024-06-10,yes\n"
    for name in ("a.csv", "b.csv"):
        (tmp_path / name).write_text(sheet, encoding="utf-8")
    one = run("check", tmp_path / "a.csv").stdout
    assert re.search(r"│ A-1 +│ Maria.*received: '06/10/2024' is ambiguous", one)
    assert re.search(r"\n│ row 2 +│", one) and re.search(r"│ row 3 +│ Kim", one)
    both = run("check", "a.csv", "b.csv", cwd=tmp_path, env={"COLUMNS": "70"}).stdout
    assert "A-1 (a.csv row 2)  Maria  invalid" in both
    assert "A-1 (b.csv row 2)  Maria  invalid" in both
    assert "b.csv row 3  Kim  incomplete" in both


def test_table_says_a_sheets_missing_columns_once(tmp_path: Path) -> None:
    """The columns a sheet lacks are said once under the table, not on every candidate;
    machine formats keep the warning on each record, as scripts read them one by one."""
    sheet = tmp_path / "few.csv"
    sheet.write_text("name,nationality\nA,DE\nB,JP\nC,FR\n", encoding="utf-8")
    table = run("check", sheet).stdout
    assert table.count("The sheet has no column for") == 1
    assert table.index("The sheet has no column for") > table.index("│ row 4")
    doc = json.loads(run("check", sheet, "-f", "json").stdout)
    assert all(r["warnings"][0]["rule"] == "columns" for r in doc["results"])


def test_table_keeps_room_for_reasons_beside_a_long_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "2024 honorary citizen nominations" / "district offices"
    folder.mkdir(parents=True)
    for name in ("Mapo-gu.csv", "Jongno-gu.csv"):
        (folder / name).write_text("id,name\nA-1,Maria Schmidt\n", encoding="utf-8")
    out = run("check", folder / "Mapo-gu.csv", folder / "Jongno-gu.csv").stdout
    assert "Maria Schmidt" in out and "The nationality is not given." in out


def test_table_names_the_file_of_a_json_item_when_several_files_are_read(
    tmp_path: Path,
) -> None:
    """A duplicate warning names 'samples/nominations.json #1': so does its row."""
    out = run("check", SAMPLE, SAMPLES / "nominations.jsonl", env={"COLUMNS": "70"}).stdout
    assert "2024-001 (" in out and "nominations.json #1)" in out
    assert "nominations.jsonl line 1)" in out


def test_a_rule_named_columns_keeps_its_warnings_on_its_rows(tmp_path: Path) -> None:
    """Only the sheet's own warning (no clause) is said once under the table."""
    pack = (ROOT / "rules" / "seoul-2024.toml").read_text(encoding="utf-8")
    renamed = re.sub(r'(?m)^id = "submission"$', 'id = "columns"', pack)
    assert renamed != pack
    (tmp_path / "p.toml").write_text(renamed, encoding="utf-8")
    out = run("check", SAMPLE, "--rules", tmp_path / "p.toml", env={"COLUMNS": "70"}).stdout
    row = out.split("2024-003")[1].split("2024-004")[0]
    assert "Submitted by e-mail" in row


def test_table_detail_for_one_record() -> None:
    proc = run("check", SAMPLES / "single.json")
    assert proc.returncode == 0
    for clause in ("C1", "C2", "C3", "C4", "C6", "C7"):
        assert clause in proc.stdout
    assert "Residency" in proc.stdout and "eligible for review" in proc.stdout


def test_output_file_is_written_atomically_and_never_over_the_input(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    proc = run("check", SAMPLE, "-f", "json", "-o", out)
    assert proc.stdout == "" and json.loads(out.read_text(encoding="utf-8"))["summary"]
    copy = tmp_path / "in.json"
    copy.write_bytes(SAMPLE.read_bytes())
    proc = run("check", copy, "-f", "json", "-o", copy)
    assert proc.returncode == 2 and "refusing to overwrite the input file" in proc.stderr
    assert copy.read_bytes() == SAMPLE.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json", "report.json"]


def test_rules_show_cites_every_clause() -> None:
    proc = run("rules", "show")
    assert proc.returncode == 0
    for text in (
        "C1",
        "C8",
        "seoulhonorary@seoul.go.kr",
        "+82-2-2133-5269",
        "1958",
        "932",
        "min_signatures=30",
    ):
        assert text in proc.stdout


def test_registration_number_stored_as_a_number_is_read_and_never_echoed(tmp_path: Path) -> None:
    as_number = dict(RECORDS[0], id="n1", registration_number=9001016123456)
    twin = dict(RECORDS[0], id="n2")  # the same person, number written as text
    wrong = dict(RECORDS[0], id="n3", registration_number=9001011234567)
    (tmp_path / "n.json").write_text(json.dumps([as_number, twin, wrong]), encoding="utf-8")
    proc = run("check", tmp_path / "n.json", "-f", "json")
    results = json.loads(proc.stdout)["results"]
    assert [r["status"] for r in results] == ["eligible", "eligible", "invalid"]
    assert any("same person" in w["message"] for w in results[0]["warnings"])
    assert results[2]["errors"][0]["field"] == "registration_number"
    for digits in ("9001016123456", "6123456", "9001011234567", "1234567"):
        assert digits not in proc.stdout + proc.stderr


def test_result_schema_takes_jsonl_lines_and_refuses_a_changed_report() -> None:
    schema = json.loads(run("schema", "result").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    lines = run("check", SAMPLE, "--format", "jsonl").stdout.splitlines()
    for line in lines:
        jsonschema.validate(json.loads(line), schema)
    doc = json.loads(run("check", SAMPLE, "--format", "json").stdout)
    for broken in (
        {k: v for k, v in doc.items() if k != "summary"},  # a key left out
        {**doc, "extra": 1},  # a key nobody documented
        {**doc, "summary": {**doc["summary"], "eligible": -1}},
        {**doc, "results": [{**doc["results"][0], "status": "maybe"}]},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)
    with pytest.raises(jsonschema.ValidationError):
        first = json.loads(lines[0])
        jsonschema.validate({k: v for k, v in first.items() if k != "checks"}, schema)


@pytest.mark.parametrize("width", [40, 60, 89])
def test_a_narrow_terminal_loses_no_name_and_no_reason(width: int) -> None:
    """At 40 columns the table squeezed the name and reasons columns out of sight."""
    done = run("check", SAMPLES / "nominations.json", env={"COLUMNS": str(width)})
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    text = " ".join(" ".join(lines).split())
    for record in RECORDS:
        assert record["name"] in text and record["id"] in text
    assert "Would qualify on 2025-09-01" in text and "…" not in text


@pytest.mark.parametrize("suffix", [".csv", ".json", ".jsonl", ".xlsx"])
def test_a_disk_error_while_reading_is_one_line(tmp_path: Path, suffix: str) -> None:
    """Reading /proc/self/mem fails with EIO: for a CSV file that was an internal error."""
    bad = tmp_path / f"eio{suffix}"
    bad.symlink_to("/proc/self/mem")
    done = run("check", SAMPLES / "nominations.json", bad, "-f", "jsonl")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == f"nominate: {bad}: Input/output error\n"


def test_many_copies_of_one_person_name_five_others_each(tmp_path: Path) -> None:
    """5,000 copies of one record: each warning named the 4,999 others (25 million names,
    a report of gigabytes); it now names five and counts the rest."""
    lines = [json.dumps({**RECORDS[0], "id": f"G{i}"}) for i in range(5000)]
    (tmp_path / "copies.jsonl").write_text("\n".join(lines), encoding="utf-8")
    done = run("check", tmp_path / "copies.jsonl", "-f", "jsonl")
    assert done.returncode == 0 and len(done.stdout) < 20_000_000  # (quadratic: 2.5 GB)
    first = json.loads(done.stdout.split("\n", 1)[0])
    assert first["warnings"][0]["message"].endswith(
        f"{tmp_path / 'copies.jsonl'} line 6 and 4994 more.")


def test_an_id_written_1_0_is_the_same_id_as_1() -> None:
    """Both are echoed as id "1": they must also be warned about as one id."""
    done = run("check", "-", "-f", "jsonl",
               stdin='[{"name": "C", "id": 1.0}, {"name": "D", "id": "1"}]')
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["id"] for r in results] == ["1", "1"]
    assert [w["rule"] for r in results for w in r["warnings"]] == ["duplicate", "duplicate"]


def test_what_a_record_says_is_never_read_as_markup(tmp_path: Path) -> None:
    """The table printed reasons as rich markup: '[true]' vanished, '[/]' was an internal
    error, and '900101[i]6123456' (not number-shaped, so not masked) lost its '[i]' and
    showed a registration number in full."""
    records = [
        {"id": "A", "name": "Kim [/] Anna", "alien_registration": [True]},
        {"id": "B", "name": "Lee", "alien_registration": "900101[i]6123456"},
    ]
    path = tmp_path / "markup.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    for given in (path, records[:1]):
        if not isinstance(given, Path):
            (tmp_path / "one.json").write_text(json.dumps(given), encoding="utf-8")
            given = tmp_path / "one.json"
        done = run("check", given)
        assert done.returncode == 1, done.stderr
        assert "internal error" not in done.stderr
        assert "[true]" in done.stdout and "Kim [/] Anna" in done.stdout
        assert "9001016123456" not in done.stdout.replace("\n", "").replace("│", "")


def test_a_number_quoted_with_an_escaped_gap_is_masked(tmp_path: Path) -> None:
    """repr and JSON write a tab or an ideographic space as \\t, \\u3000: the masking saw
    no number there, and the message showed it in full."""
    records = [
        {"name": "A", "alien_registration": "900101\t6123456"},
        {"name": "B", "submission": {"received": "900101\u30006123456"}},
    ]
    path = tmp_path / "gaps.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    for fmt in ("json", "table"):
        done = run("check", path, "-f", fmt)
        assert "6123456" not in done.stdout and "900101-6******" in done.stdout, done.stdout


def test_record_schema_takes_every_yes_no_word_check_reads() -> None:
    from nominate.models import NO, YES

    schema = json.loads(run("schema", "record").stdout)
    words = [*YES, *NO, "YES", " No ", "True", "3", "ＹＥＳ", "ｙ", "Ｏ", "１", "１２"]
    record = {"name": "A", "documents": {f"d{i}": w for i, w in enumerate(words)}}
    jsonschema.validate(record, schema)
    done = run("check", "-", "-f", "jsonl", stdin=json.dumps(record))
    assert json.loads(done.stdout)["status"] != "invalid"


def test_a_document_of_no_round_is_said_to_be_ignored() -> None:
    """A key the pack does not know (a typo: ``photos``) was ignored without a word."""
    record = {"name": "A", "documents": {"photos": True}}
    done = json.loads(run("check", "-", "-f", "jsonl", stdin=json.dumps(record)).stdout)
    assert "photo" in done["missing"]
    [warning] = [w for w in done["warnings"] if w["rule"] == "documents"]
    assert warning["message"].startswith("'photos': no document of this round, ignored")


@pytest.mark.parametrize(("second", "said"), [
    ("single.json", "nominate: {s}/single.json is given twice: give each file once\n"),
    ("../samples/single.json",
     "nominate: {s}/../samples/single.json is the same file as {s}/single.json: give each file "
     "once\n"),
])
def test_a_file_given_twice_is_a_usage_error(second: str, said: str) -> None:
    """Each record was checked twice, and named the duplicate of itself."""
    done = run("check", SAMPLES / "single.json", f"{SAMPLES}/{second}")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == said.format(s=SAMPLES)
