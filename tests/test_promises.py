"""The promises a clerk relies on, each tested on the installed ``nominate``:

- input files are never opened for writing and never change;
- output goes through a temporary file beside the target and one atomic rename;
- Ctrl-C (SIGINT) or an error leaves no partial output, and Ctrl-C exits 130;
- a registration number never appears unmasked in any output, message or log, even when it
  sits in the wrong column or is written as a number.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import SAMPLES, nominate_cmd, run

FORMATS = ["table", "json", "jsonl", "csv", "xlsx"]
INPUTS = ["nominations.json", "nominations.jsonl", "nominations.csv", "nominations.xlsx"]
ENV = {**os.environ, "NOMINATE_LANG": "en", "COLUMNS": "120"}

# An audit hook in the child records every file opened for writing and every rename.
AUDIT = """
import sys
log = open(sys.argv[1], "w", buffering=1)
def hook(event, args):
    if event == "open" and args[0] is not None and isinstance(args[1], str) and \\
            any(m in args[1] for m in "wax+"):
        log.write(f"write {args[0]}\\n")
    elif event == "open" and isinstance(args[2], int) and args[2] & 3:
        log.write(f"write {args[0]}\\n")
    elif event == "os.rename":
        log.write(f"rename {args[0]} -> {args[1]}\\n")
sys.addaudithook(hook)
sys.argv = ["nominate", *sys.argv[2:]]
from nominate.entry import main
main()
"""


def audited(log: Path, *args: str | Path, cwd: Path | None = None):
    return subprocess.run(
        [sys.executable, "-c", AUDIT, str(log), *map(str, args)],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=cwd,
        timeout=120,
    )


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    return {
        p.name: (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_mode)
        for p in sorted(folder.iterdir())
    }


@pytest.mark.parametrize("fmt", FORMATS)
def test_inputs_are_never_opened_for_writing(tmp_path: Path, fmt: str) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in INPUTS:
        shutil.copy2(SAMPLES / name, inputs / name)
        (inputs / name).chmod(0o444)
    before = _snapshot(inputs)
    out = tmp_path / f"report.{fmt}"
    args = ["check", *(inputs / n for n in INPUTS), "-f", fmt]
    args += ["-o", out] if fmt != "table" else []
    done = audited(tmp_path / "audit.log", *args)
    assert done.returncode == 1, done.stderr
    assert _snapshot(inputs) == before
    written = (tmp_path / "audit.log").read_text().splitlines()
    assert not [w for w in written if str(inputs) in w], written
    if fmt != "table":
        # ...and the report was written to a temporary name beside it, then renamed once
        renames = [w for w in written if w.startswith("rename ")]
        assert len(renames) == 1, written
        src, dst = renames[0][len("rename ") :].split(" -> ")
        assert Path(dst) == out and Path(src).parent == out.parent and src.endswith(".part")
        assert any(w == f"write {src}" for w in written)
        assert not any(w == f"write {out}" for w in written)


def test_failure_leaves_an_existing_report_untouched(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text("yesterday's report\n")
    (tmp_path / "broken.json").write_text("[{")
    done = run(
        "check", SAMPLES / "nominations.json", tmp_path / "broken.json", "-f", "json", "-o", out
    )
    assert done.returncode == 2
    assert out.read_text() == "yesterday's report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.json", "report.json"]


def test_write_error_midway_leaves_nothing(tmp_path: Path) -> None:
    """The disk fills up (RLIMIT_FSIZE) while the report is written: one line, exit 2, and no
    partial report or temporary file left behind."""
    out = tmp_path / "report.json"

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    done = subprocess.run(
        [*nominate_cmd(), "check", SAMPLES / "nominations.json", "-f", "json", "-o", out],
        capture_output=True,
        text=True,
        env=ENV,
        preexec_fn=small_files,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"nominate: {out}: cannot write here (File too large)\n"
    assert list(tmp_path.iterdir()) == []


@pytest.fixture(scope="module")
def big_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    records = json.loads((SAMPLES / "nominations.json").read_text(encoding="utf-8"))
    path = tmp_path_factory.mktemp("big") / "big.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i in range(60_000):
            record = {**records[i % len(records)], "id": f"X-{i}", "name": f"Person {i}"}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


@pytest.mark.parametrize("phase", ["checking", "writing"])
def test_ctrl_c_leaves_no_partial_output_and_exits_130(
    tmp_path: Path, big_input: Path, phase: str
) -> None:
    out = tmp_path / "report.xlsx"
    # one process: 60,000 records then take seconds to check, however fast the machine
    proc = subprocess.Popen(
        [*nominate_cmd(), "check", big_input, "-f", "xlsx", "-o", out, "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    deadline = time.monotonic() + 60
    if phase == "checking":
        time.sleep(1.0)  # past start-up; 60,000 records take seconds more to check
        assert list(tmp_path.iterdir()) == []  # still checking: nothing written yet
    else:  # wait for the temporary file to appear, then interrupt the writing
        while not list(tmp_path.glob(".report.xlsx.*.part")) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert list(tmp_path.glob(".report.xlsx.*.part")), "the writing never started"
        time.sleep(0.3)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr
    assert stdout == "" and "Traceback" not in stderr
    assert stderr == "nominate: interrupted\n"
    assert list(tmp_path.iterdir()) == []


SWALLOWING_RUN = """
import signal, sys
import nominate.run
from nominate.entry import main

checking = nominate.run.checked


class Swallower:
    def __del__(self):  # an exception raised in here is only reported as "ignored"
        signal.raise_signal(signal.SIGINT)


def checked(*args, **kwargs):
    Swallower()  # Ctrl-C lands where Python cannot raise it, as it did once in CI (pydantic)
    return checking(*args, **kwargs)


nominate.run.checked = checked
sys.argv = ["nominate", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("fmt", ["xlsx", "json"])
def test_ctrl_c_swallowed_by_a_library_still_ends_the_run(tmp_path: Path, fmt: str) -> None:
    """The interrupt is remembered: the next checkpoint ends the run, quietly, with nothing
    written (CI once saw exit 1, an "Exception ignored" traceback and a finished report)."""
    out = tmp_path / f"report.{fmt}"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            SWALLOWING_RUN,
            "check",
            SAMPLES / "nominations.json",
            "-f",
            fmt,
            "-o",
            out,
        ],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (130, "", "nominate: interrupted\n")
    assert list(tmp_path.iterdir()) == []


# --- registration numbers ------------------------------------------------------------------

# six digits, up to three separators of any kind (dashes, full-width forms, spaces), seven
# digits; \d also matches full-width digits. (Letters never separate: a hash is no number.)
FULL = re.compile(r"(?<![\da-f])\d{6}[^\da-zA-Z*]{0,3}\d{7}(?![\da-f])")


def _all_text(path: Path) -> str:
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return path.read_text(encoding="utf-8-sig")


def _leaky_inputs(folder: Path) -> list[Path]:
    """Registration numbers where they belong, where they do not, and written as numbers."""
    records = [
        {"id": "900101-6123456", "name": "Kim Anna", "registration_number": "900101-1234567"},
        {
            "id": "P-2",
            "name": "Lee Jun",
            "registration_number": 9001016234567,
            "submission": {"method": "mail", "received": "900101-6234568"},
        },
        {
            "id": "P-3",
            "name": "Park 9001016234569",
            "registration_number": "90010162345",
            "nationality": "9001016234569",
            "residences": [{"start": "900101 6234570", "city": "Seoul"}],
        },
        {"id": "P-4", "name": "Choi", "registration_number": "850315-6234571"},
        # quoted in a check's message, in a field path, with dashes people type, as numbers
        {"id": "P-5", "name": "Kim", "nominator": {"type": "social_org_head",
                                                   "name": "Lee 900101-5987654"}},
        {"id": "P-6", "name": "Kim",
         "documents": {"900101-5987655": "maybe", "photo": -9001015987656}},
        {"id": "900101–5987657", "name": "Kim 900101 - 5987658",
         "contributions": ["900101—5987659"]},
        {"id": 9001015987660.0, "name": "Kim ９００１０１－５９８７６６１"},
    ]
    (folder / "leaky.json").write_text(json.dumps(records), encoding="utf-8")
    csv_text = (
        "name,registration number,notes,received\n"
        "Kim Anna,900101-6123456,old number 9001016123457,2024-06-03\n"
        "Lee Jun,0101016234567,,9001016234568\n"
    )
    (folder / "leaky.csv").write_text(csv_text, encoding="utf-8")
    import xlsxwriter

    book = xlsxwriter.Workbook(str(folder / "leaky.xlsx"))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["name", "registration_number", "notes", "received"])
    sheet.write_row(1, 0, ["Kim Anna", 9001016123456, 9001016123458, "900101-6123459"])
    sheet.write_row(2, 0, ["Lee Jun", "900101-6234567", "see 900101-5234567", 9001016123460])
    book.close()
    return [
        folder / "leaky.json",
        folder / "leaky.csv",
        folder / "leaky.xlsx",
        SAMPLES / "nominations.json",
        SAMPLES / "nominations.xlsx",
    ]


def test_inputs_really_hold_full_numbers(tmp_path: Path) -> None:
    for path in _leaky_inputs(tmp_path):
        assert FULL.search(_all_text(path)), path


@pytest.mark.parametrize("fmt", FORMATS)
def test_registration_numbers_never_appear_unmasked(tmp_path: Path, fmt: str) -> None:
    inputs = _leaky_inputs(tmp_path)
    out = tmp_path / f"out.{fmt}"
    args = ["check", *inputs, "-f", fmt, *(["-o", out] if fmt == "xlsx" else [])]
    for lang in ("en", "ko", "ja"):
        done = run(*args, env={"NOMINATE_LANG": lang})
        assert done.returncode == 1, done.stderr
        text = done.stdout + done.stderr + (_all_text(out) if fmt == "xlsx" else "")
        assert not FULL.search(text), FULL.search(text)
        assert "900101-6******" in text


def test_a_bad_registration_number_is_described_not_echoed(tmp_path: Path) -> None:
    (tmp_path / "r.json").write_text(
        json.dumps(
            [
                {"name": "Kim Anna", "registration_number": v}
                for v in ["900101-1234567", "12345", "ABCDEF-1234567", 9001011234567, [1, 2]]
            ]
        ),
        encoding="utf-8",
    )
    done = run("check", tmp_path / "r.json", "-f", "json")
    errors = [e for r in json.loads(done.stdout)["results"] for e in r["errors"]]
    assert [e["field"] for e in errors] == ["registration_number"] * 5
    for e in errors:
        assert not re.search(r"\d{5}|ABCDEF|\[1, 2\]", e["message"]), e


def test_output_into_a_pipe_is_written_into_it_never_replaced(tmp_path: Path) -> None:
    """``-o /dev/stdout``, ``-o >(…)``, a named pipe: the report goes into the stream. Before,
    the temporary file was renamed over it (as root, /dev/stdout became a regular file)."""
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    done = run("check", SAMPLES / "nominations.json", "-f", "json", "-o", fifo)
    reader.join(timeout=30)
    assert done.returncode == 1, done.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert len(json.loads(received[0])["results"]) == 7
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]
    dash = subprocess.run([*nominate_cmd(), "check", SAMPLES / "nominations.xlsx", "-f", "xlsx",
                           "-o", "-"], capture_output=True, cwd=tmp_path, check=False)
    assert dash.returncode == 1 and dash.stdout.startswith(b"PK\x03\x04")  # "-": stdout
    assert dash.stderr == b"Wrote <stdout>\n" and sorted(os.listdir(tmp_path)) == ["pipe"]
    was_link = os.path.islink("/dev/stdout")
    to_stdout = run("check", SAMPLES / "nominations.json", "-f", "json", "-o", "/dev/stdout")
    assert len(json.loads(to_stdout.stdout)["results"]) == 7
    assert os.path.islink("/dev/stdout") == was_link


def test_a_file_named_with_a_number_is_masked_where_it_is_named(tmp_path: Path) -> None:
    """Duplicate warnings name the other record's file; refusals name the file."""
    named = tmp_path / "Kim_900101-6123456.json"
    record = json.loads((SAMPLES / "nominations.json").read_text(encoding="utf-8"))[0]
    named.write_text(json.dumps([record, record]), encoding="utf-8")
    done = run("check", named, "-f", "jsonl")
    assert "900101-6******" in done.stdout and not FULL.search(done.stdout), done.stdout
    missing = run("check", tmp_path / "Lee_900101-6123456.json")
    assert missing.returncode == 2 and not FULL.search(missing.stderr)
    assert "Lee_900101-6******.json" in missing.stderr


def test_names_we_echo_are_masked_too(tmp_path: Path) -> None:
    """What nominate says of a path it was given (``Wrote …``, ``… ok``) and a header it copies
    into an annotated sheet is masked as a cell is (found by a scripts' review)."""
    out = tmp_path / "out 900101-6123456.json"
    done = run("check", SAMPLES / "single.json", "-f", "json", "-o", out)
    assert done.returncode == 0 and "out 900101-6******.json" in done.stderr
    pack = tmp_path / "pack 900101-6123456.toml"
    shutil.copy(Path(__file__).parents[1] / "rules" / "seoul-2024.toml", pack)
    validated = run("rules", "validate", pack)
    assert validated.returncode == 0 and "pack 900101-6******.toml: ok" in validated.stdout
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("name,900101-6123456\nKim,x\n", encoding="utf-8")
    copied = run("check", sheet, "-f", "csv")
    assert copied.stdout.splitlines()[0].startswith("name,900101-6******,status")
    for said in (done, validated, copied):
        assert not FULL.search(said.stdout + said.stderr)


def test_a_terminal_is_shown_what_a_record_says_never_told_it(tmp_path: Path) -> None:
    """An escape sequence in a cell (clear the screen, retitle the window) or a mark that
    reorders text is shown as its code in the table and on stderr, never obeyed; machine
    formats keep the text as it is (JSON escapes it)."""
    records = [
        {"id": "\u001b[2J", "name": "A\u001b]0;pwned\u0007B", "nationality": "\u001b[31mJP"},
        {"id": "R\u202eabc", "name": "Kim\u009b31m"},
    ]
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    table = run("check", path)
    assert table.returncode == 1, table.stderr
    for raw in ("\u001b", "\u0007", "\u009b", "\u202e"):
        assert raw not in table.stdout + table.stderr
    for shown in ("\\x1b[2J", "A\\x1b]0;pwned\\x07B", "R\\u202eabc", "Kim\\x9b31m"):
        assert shown in table.stdout, shown
    as_json = json.loads(run("check", path, "-f", "json").stdout)
    assert [r["name"] for r in as_json["results"]] == [r["name"] for r in records]
    sheet = tmp_path / "hostile.csv"
    sheet.write_text("\u001b]0;t\u0007name\nA\n", encoding="utf-8")
    refused = run("check", sheet)
    assert refused.returncode == 2 and "\u001b" not in refused.stderr
    assert "\\x1b]0" in refused.stderr


def test_a_line_break_in_a_name_forges_no_line_on_stderr(tmp_path: Path) -> None:
    name = tmp_path / "x\nnominate: all records eligible.json"
    done = run("check", name)
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "\\nnominate: all records eligible.json" in done.stderr


def test_marks_that_reorder_or_break_text_are_shown_as_codes() -> None:
    from nominate.i18n import printable

    marks = "\u200e\u200f\u061c\u2028\u2029\u202e\u2066"
    assert printable(f"a{marks}b") == "a\\u200e\\u200f\\u061c\\u2028\\u2029\\u202e\\u2066b"
    assert printable("line\ttab\nbreak 한글 日本") == "line\ttab\nbreak 한글 日本"
