"""Standard output as scripts meet it (SPEC §5): a locale that is not UTF-8, a reader that goes
away, a full disk, a closed stream. Each ends with the exit code the records give, or with one
line and exit 2, never an internal error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLES, nominate_cmd

ENV = {**os.environ, "NOMINATE_LANG": "en", "COLUMNS": "120"}


def nominate(*args: str | Path, env: dict[str, str] | None = None,
             stdout: object = subprocess.PIPE) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*nominate_cmd(), *map(str, args)], stdout=stdout,
                          stderr=subprocess.PIPE, env={**ENV, **(env or {})}, timeout=120,
                          check=False)


@pytest.mark.parametrize("codec", ["cp949", "shift_jis", "ascii"])
def test_machine_formats_are_utf8_whatever_the_locale(codec: str) -> None:
    """Before: half a report, then 'internal error (UnicodeEncodeError)', exit 2."""
    done = nominate("check", SAMPLES / "nominations.json", "-f", "json",
                    env={"PYTHONIOENCODING": codec})
    assert done.returncode == 1 and done.stderr == b""
    names = [r["name"] for r in json.loads(done.stdout.decode("utf-8"))["results"]]
    assert "田中 愛子" in names and "Nguyễn Thị Lan" in names


def test_a_table_in_a_narrow_encoding_shows_what_it_can() -> None:
    done = nominate("check", SAMPLES / "nominations.json", env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 1, done.stderr
    assert b"Maria Schmidt" in done.stdout and b"internal error" not in done.stderr


def all_eligible(folder: Path, count: int = 5000) -> Path:
    record = json.loads((SAMPLES / "nominations.json").read_text(encoding="utf-8"))[0]
    path = folder / "eligible.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            out.write(json.dumps({**record, "id": f"G{i}"}) + "\n")
    return path


def test_a_reader_that_goes_away_is_no_error(tmp_path: Path) -> None:
    """``| head -1`` with every record eligible: exit 0 (typer's own handler made it 1)."""
    done = subprocess.run(
        f"{' '.join(nominate_cmd())} check {all_eligible(tmp_path)} -f jsonl | head -1; "
        "echo \"rc=${PIPESTATUS[0]}\"",
        shell=True, executable="/bin/bash", capture_output=True, text=True, env=ENV,
        timeout=120, check=False)
    first, status = done.stdout.splitlines()
    assert json.loads(first)["id"] == "G0"
    assert status == "rc=0" and done.stderr == ""


# every command that writes on stdout, and the exit code it ends with when all goes well
EVERY_PRINTER = [
    (("check", SAMPLES / "single.json"), 0),  # a table (rich's own handler made it 1)
    (("check", SAMPLES / "nominations.json"), 1),  # ... the records' code, reader or not
    (("check", SAMPLES / "single.json", "-f", "json"), 0),
    (("rules", "list"), 0),
    (("rules", "show"), 0),
    (("rules", "validate", Path(__file__).parents[1] / "rules" / "seoul-2024.toml"), 0),
    (("rules", "test"), 0),  # (1 would say a case failed)
    (("schema", "record"), 0),
    (("--version",), 0),
    (("--version", "--help"), 0),
]


@pytest.mark.parametrize(("args", "code"), EVERY_PRINTER)
def test_every_command_takes_a_reader_that_went_away_calmly(
    args: tuple[str | Path, ...], code: int
) -> None:
    """The reader closed its end before anything was written (``| true``): no traceback, no
    word on stderr, and the exit code the command gives when its output is read."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = nominate(*args, stdout=write)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (code, b"")


@pytest.mark.parametrize(("args", "code"), EVERY_PRINTER)
def test_every_command_says_a_full_disk_in_one_line(
    args: tuple[str | Path, ...], code: int
) -> None:
    with open("/dev/full", "wb") as full:
        done = nominate(*args, stdout=full)
    assert done.returncode == 2
    assert done.stderr == b"nominate: <stdout>: cannot write here (No space left on device)\n"


@pytest.mark.parametrize(
    ("args", "code"),
    [(("check", SAMPLES / "nominations.json", "-f", "json"), 1), (("check", "nowhere.json"), 2),
     (("check", "--bogus"), 2), (("rules", "test"), 0)],
)
def test_a_closed_stderr_changes_no_exit_code(args: tuple[str | Path, ...], code: int) -> None:
    """What would be said on stderr goes nowhere; the exit code still says how it went."""
    command = " ".join([*nominate_cmd(), *map(str, args)])
    done = subprocess.run(f"{command} 2>&- >/dev/null", shell=True, executable="/bin/bash",
                          env=ENV, timeout=120, check=False)
    assert done.returncode == code


def test_a_full_disk_on_stdout_is_one_line() -> None:
    with open("/dev/full", "wb") as full:
        done = nominate("check", SAMPLES / "nominations.json", "-f", "jsonl", stdout=full)
    assert done.returncode == 2
    assert done.stderr == b"nominate: <stdout>: cannot write here (No space left on device)\n"


@pytest.mark.parametrize(("args", "closed", "said"), [
    (("check", SAMPLES / "nominations.json"), "stdout",
     "nominate: standard output is closed: nowhere to write the report (give --output FILE)"),
    (("schema", "result"), "stdout",  # (no --output to give)
     "nominate: standard output is closed: nowhere to write"),
    (("check", "-"), "stdin", "nominate: <stdin>: standard input is closed: nothing to read"),
])
def test_a_closed_stream_is_one_line(args: tuple[str | Path, ...], closed: str, said: str) -> None:
    command = " ".join(map(str, [*nominate_cmd(), *args]))
    redirect = ">&-" if closed == "stdout" else "<&-"
    done = subprocess.run(f"{command} {redirect}", shell=True, executable="/bin/bash",
                          capture_output=closed == "stdin", stderr=subprocess.PIPE
                          if closed == "stdout" else None, text=True, env=ENV, timeout=120,
                          check=False)
    assert done.returncode == 2
    assert done.stderr == said + "\n"


def test_output_dash_is_stdout_with_the_same_promises(tmp_path: Path) -> None:
    """``-o -``: a reader that stops early keeps the records' exit code (it was 'cannot
    write here (Broken pipe)', exit 2); a closed stdout is one line (an internal error)."""
    command = " ".join(map(str, [*nominate_cmd(), "check", all_eligible(tmp_path)]))
    done = subprocess.run(f"{command} -f jsonl -o - | head -c 10; echo; echo rc=${{PIPESTATUS[0]}}",
                          shell=True, executable="/bin/bash", capture_output=True, text=True,
                          env=ENV, timeout=120, check=False)
    assert done.stdout.splitlines()[-1] == "rc=0", done.stderr
    closed = subprocess.run(f"{command} -f json -o - >&-", shell=True, executable="/bin/bash",
                            stderr=subprocess.PIPE, text=True, env=ENV, timeout=120, check=False)
    assert closed.returncode == 2
    assert closed.stderr == (
        "nominate: standard output is closed: nowhere to write the report (give --output FILE)\n")


def test_a_large_report_arrives_whole_through_a_pipe(tmp_path: Path) -> None:
    """The process ends at once after a command (entry.leave): only after the report and
    the summary are flushed, whatever the buffering of a pipe."""
    done = subprocess.run(
        [*nominate_cmd(), "check", all_eligible(tmp_path, 3000), "-f", "json"],
        capture_output=True, env=ENV, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert len(report["results"]) == 3000 and report["summary"]["eligible"] == 3000


@pytest.mark.parametrize("code", [None, 0, 1, 2, 130])
def test_the_quick_exit_keeps_the_exit_code(code: int | None) -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"from nominate.entry import leave; leave(SystemExit({code}))"],
        capture_output=True, timeout=60, check=False,
    )
    assert done.returncode == (code or 0)


@pytest.mark.parametrize("code", ["a message", True])
def test_an_unusual_exit_returns_to_the_normal_one(code: object) -> None:
    from nominate.entry import leave

    assert leave(SystemExit(code)) is None  # (returned: the process goes on)


@pytest.mark.parametrize("target", ["", "."])
def test_an_output_that_is_a_folder_is_one_line(tmp_path: Path, target: str) -> None:
    """``--output ''`` (the current folder) said 'Device or resource busy'."""
    done = subprocess.run([*nominate_cmd(), "check", str(SAMPLES / "single.json"), "-f", "json",
                           "-o", target], capture_output=True, text=True, cwd=tmp_path, env=ENV,
                          timeout=120, check=False)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "nominate: .: cannot write here (is a folder, not a file)\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("args", "code"), EVERY_PRINTER)
def test_every_command_says_a_closed_stdout_in_one_line(
    args: tuple[str | Path, ...], code: int
) -> None:
    """Only check's report can go to --output instead: the others do not point to it."""
    command = " ".join([*nominate_cmd(), *(f"'{a}'" for a in args)])
    done = subprocess.run(f"{command} >&-", shell=True, executable="/bin/bash",
                          capture_output=True, text=True, env=ENV, timeout=120, check=False)
    assert done.returncode == 2
    hint = " the report (give --output FILE)" if args[0] == "check" else ""
    assert done.stderr == f"nominate: standard output is closed: nowhere to write{hint}\n"
