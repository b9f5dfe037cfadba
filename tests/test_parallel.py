"""A large batch shared among processes (nominate.parallel): the same report as one process,
in file order, with every line number, duplicate and error where it was; a process that dies
or fails is one line, never a hang or a partial report."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import random
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from conftest import SAMPLES, run
from nominate import errors, parallel
from nominate import run as checking
from nominate.errors import InputFileError, Interrupted, NominateError, bug_summary, on_sigint
from nominate.parallel import Relayed, WorkerError, fork_map
from nominate.reporters.annotated import write_csv
from nominate.reporters.machine import result_json
from nominate.rules import load_pack
from nominate.sources import ReadOptions, jsonsrc, open_source, part_sizes

PACK = load_pack()
RECORDS = json.loads((SAMPLES / "nominations.json").read_text(encoding="utf-8"))


def batch(folder: Path, count: int, suffix: str = ".jsonl") -> Path:
    """``count`` records from the samples, with a broken line, a record that is not an
    object and two duplicates of an early record far down the file."""
    items: list[object] = [
        {**(one := RECORDS[i % len(RECORDS)]), "id": f"P{i}", "name": f"{one['name']} {i}"}
        for i in range(count)
    ]
    items[count - 3] = {**RECORDS[0], "id": "P1"}  # the same id as a record of the first part
    items[count - 5] = ["not", "an", "object"]
    path = folder / f"batch{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        return path
    lines = [json.dumps(item, ensure_ascii=False) for item in items]
    lines[count - 7] = '{"name": "broken'  # bad JSON on line count - 6
    lines.insert(count // 2, "")  # a blank line near the cut
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def report(path: Path, workers: int) -> list[str]:
    source = open_source(str(path), ReadOptions())
    return [result_json(r) for r in checking.check_sources([source], PACK, workers=workers).results]


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
@pytest.mark.parametrize("workers", [2, 3, 4])
def test_shared_batch_gives_the_one_process_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, workers: int
) -> None:
    monkeypatch.setattr(checking, "MIN_SHARE", 10)
    path = batch(tmp_path, 97, suffix)
    alone = report(path, 1)
    assert report(path, workers) == alone
    results = [json.loads(r) for r in alone]
    positions = {r["id"]: r for r in results}
    # line 92: the broken line (after the blank one); #93: the item that is not an object
    assert positions["#93" if suffix == ".json" else "line 92"]["status"] == "invalid"
    if suffix == ".jsonl":
        assert positions["line 94"]["status"] == "invalid"
    duplicated = [r["id"] for r in results if any(w["rule"] == "duplicate" for w in r["warnings"])]
    assert duplicated == ["P1", "P1"]


def test_several_files_keep_file_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checking, "MIN_SHARE", 10)
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    sources = [open_source(str(batch(d, n)), ReadOptions()) for d, n in ((first, 40), (second, 55))]
    shared = checking.check_sources(sources, PACK, workers=2).results
    alone = checking.check_sources(sources, PACK, workers=1).results
    assert shared == alone and len(alone) == 95


def test_the_cli_report_is_the_same_with_any_number_of_workers(tmp_path: Path) -> None:
    path = batch(tmp_path, 4500)
    outputs = [run("check", path, "-f", "jsonl", "--workers", n) for n in ("1", "2")]
    assert outputs[0].returncode == outputs[1].returncode == 1, outputs[1].stderr
    assert outputs[0].stdout == outputs[1].stdout
    assert outputs[0].stderr == outputs[1].stderr == ""


def test_fork_map_keeps_the_order_of_tasks() -> None:
    assert fork_map([lambda k=k: (k, os.getpid()) for k in range(4)])[2][0] == 2
    pids = {pid for _, pid in fork_map([lambda: (0, os.getpid()), lambda: (1, os.getpid())])}
    assert len(pids) == (2 if parallel.can_fork() else 1)


def _fail_with(exc: BaseException) -> object:
    raise exc


@pytest.mark.parametrize(
    ("exc", "kind", "message"),
    [
        (InputFileError("a.csv", "Input/output error"), NominateError, "a.csv: Input/output error"),
        (ValueError("900101-6123456"), ValueError, "900101-6123456"),
        (KeyError("x"), KeyError, "'x'"),
    ],
)
def test_an_error_in_another_process_is_raised_here(
    exc: BaseException, kind: type, message: str
) -> None:
    with pytest.raises(kind) as raised:
        fork_map([lambda: 1, lambda: _fail_with(exc)])
    assert str(raised.value) == message


class _Awkward(NominateError):
    def __init__(self, a: str, b: str) -> None:
        super().__init__(f"{a} and {b}")


def test_an_error_that_cannot_travel_keeps_its_message_and_exit_code() -> None:
    with pytest.raises(Relayed, match=r"^one and two$") as raised:
        fork_map([lambda: 1, lambda: _fail_with(_Awkward("one", "two"))])
    assert raised.value.exit_code == 2


def test_a_process_that_dies_is_one_line() -> None:
    if not parallel.can_fork():
        pytest.skip("no fork here: tasks run in this process")
    with pytest.raises(WorkerError, match=r"ended without its results \(exit 9\)"):
        fork_map([lambda: 1, lambda: os._exit(9)])


def test_a_csv_batch_is_shared_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts are ranges of rows: empty rows, a cell spanning lines and a bad row near the
    cuts stay where they were, in the results and in the annotated copy."""
    monkeypatch.setattr(checking, "MIN_SHARE", 10)
    rows = [["id", "name", "nationality", "residences", "received"]]
    for i in range(90):
        rows.append([f"C{i}", f"Kim {i}", "DE", "2015-01-01..present Seoul", "2024-06-03"])
    spans = "2015-01-01..present Seoul\n2010-01-01..2011-01-01 Busan"
    rows[30] = ["C29", "Lee\nAnna", "FR", spans, "x"]
    rows[45:45] = [[], ["", "", ""]]
    rows[61] = ["C59", "Park", "KR", "2015-01-01..present Seoul", "06/03/2024"]
    path = tmp_path / "batch.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    source = open_source(str(path), ReadOptions())
    alone = checking.check_sources([source], PACK, workers=1)
    for workers in (2, 3):
        shared = checking.check_sources([source], PACK, workers=workers)
        assert shared.results == alone.results
    copies = []
    for checked in (alone, shared):
        out = io.StringIO()
        write_csv(checked, PACK, out)
        copies.append(out.getvalue())
    assert copies[0] == copies[1]
    assert [r.position for r in alone.results][43:45] == ["row 45", "row 48"]  # 46, 47 empty


def test_an_xlsx_batch_is_shared_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A merged cell across a cut counts for every row it covers in either part; a sheet of
    periods is joined by id in every part; the annotated copy is the same."""
    monkeypatch.setattr(checking, "MIN_SHARE", 10)
    path = tmp_path / "batch.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("nominations")
    sheet.write_row(0, 0, ["id", "name", "nationality", "received", "photo"])
    for i in range(1, 91):
        if i not in (20, 21):  # two empty rows
            sheet.write_row(i, 0, [f"X{i}", f"Kim {i}", "DE", "2024-06-03", "yes"])
    sheet.merge_range(40, 2, 50, 2, "FR")  # rows 41..51: one nationality, across the cut
    periods = book.add_worksheet("residences")
    periods.write_row(0, 0, ["id", "start", "end", "city"])
    for i in range(1, 91):
        periods.write_row(i, 0, [f"X{i}", "2015-01-01", "", "Seoul" if i % 3 else "Busan"])
    book.close()
    source = open_source(str(path), ReadOptions())
    alone = checking.check_sources([source], PACK, workers=1)
    source = open_source(str(path), ReadOptions())
    shared = checking.check_sources([source], PACK, workers=3)
    assert shared.results == alone.results and len(alone.results) == 88
    in_seoul = [r.id for r in alone.results if r.residency and r.residency.continuous_since]
    assert len(in_seoul) == 59  # ids not a multiple of 3, less X20 (no row)
    copies = []
    for checked in (alone, shared):
        out = io.StringIO()
        write_csv(checked, PACK, out)
        copies.append(out.getvalue())
    assert copies[0] == copies[1] and copies[0].count(",FR,") == 11


@pytest.mark.parametrize("seed", range(5))
def test_parts_of_json_lines_read_as_the_whole(seed: int) -> None:
    """Any cut (blank lines, no newline at the end, fewer lines than parts, a part cut
    again) reads the same records at the same line numbers, sharing the file's bytes."""
    rng = random.Random(seed)
    for _ in range(40):
        lines = [
            b'{"name": "N%d"}' % i if rng.random() > 0.2 else b"" for i in range(rng.randint(0, 25))
        ]
        data = b"\n".join(lines) + (b"\n" if rng.random() > 0.5 else b"")
        whole = jsonsrc._lines(data, "t")
        expected = [(r.position, r.record) for r in whole.records()]
        for count in range(1, 6):
            parts = whole.parts(count)
            assert all(p.data is data for p in parts)
            assert [(r.position, r.record) for p in parts for r in p.records()] == expected
            again = [q for p in parts for q in p.parts(2)]
            assert [(r.position, r.record) for p in again for r in p.records()] == expected


# A run where each record takes a while (SLOW seconds) and record BUG raises a KeyError in
# the engine, with batches shared from 2 records up: what a bug or a kill looks like.
_PATCHED_RUN = """
import os, sys, time
import nominate.run
from nominate.rulekinds.residency import Residency
nominate.run.MIN_SHARE = 1
slow = float(os.environ.get("SLOW", "0"))
evaluate = Residency.evaluate
def patched(self, record, ctx):
    time.sleep(slow)
    if record.id == "BUG":
        raise KeyError("a bug")
    return evaluate(self, record, ctx)
Residency.evaluate = patched
from nominate.entry import main
sys.argv = ["nominate", *sys.argv[1:]]
main()
"""


def _patched(folder: Path, *args: str, env: dict[str, str] | None = None) -> list[str]:
    return [sys.executable, "-c", _PATCHED_RUN, *args]


def test_a_bug_on_one_record_spares_the_others_in_any_process(tmp_path: Path) -> None:
    """The record that meets a bug is invalid, its error naming the bug and where in
    nominate it was met (the same with 1 and 2 processes); every other record is checked.
    NOMINATE_DEBUG=1 lets the bug end the run, with its traceback."""
    records = [{**RECORDS[0], "id": f"Q{i}"} for i in range(6)] + [{**RECORDS[1], "id": "BUG"}]
    path = tmp_path / "bug.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    env = {**os.environ, "NOMINATE_LANG": "en"}
    env.pop("NOMINATE_DEBUG", None)
    outputs = []
    for workers in ("1", "2"):
        done = subprocess.run(
            _patched(tmp_path, "check", str(path), "-f", "json", "--workers", workers),
            capture_output=True, text=True, timeout=60, check=False, env=env,
        )
        assert done.returncode == 1
        assert done.stderr == (
            "nominate: warning: 1 record met an internal error (a bug) and is marked "
            "invalid; please report it (NOMINATE_DEBUG=1 shows the details)\n"
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    results = json.loads(outputs[0])["results"]
    assert [r["status"] for r in results[:6]] == ["eligible"] * 6
    assert results[6]["id"] == "BUG" and results[6]["status"] == "invalid"
    assert results[6]["name"] == RECORDS[1]["name"]  # (as far as the record could be read)
    (error,) = results[6]["errors"]
    assert error["field"] == "(record)"
    said = r"internal error \(KeyError in engine\.py:\d+\); this is a bug.*"
    assert re.fullmatch(said, error["message"])
    debug = subprocess.run(
        _patched(tmp_path, "check", str(path), "-f", "json"),
        capture_output=True, text=True, timeout=60, check=False,
        env={**env, "NOMINATE_DEBUG": "1"},
    )
    assert debug.stdout == "" and "Traceback" in debug.stderr  # (the run ended there)
    assert "KeyError: 'a bug'" in debug.stderr


def test_copies_end_with_a_killed_parent(tmp_path: Path) -> None:
    """SIGTERM to the parent alone: its copies die too, and a reader of its output sees
    the end at once, not when the copies would have finished their shares."""
    if not parallel.can_fork():
        pytest.skip("no fork here")
    path = batch(tmp_path, 400)
    started = time.monotonic()
    proc = subprocess.Popen(
        _patched(tmp_path, "check", str(path), "-f", "jsonl", "--workers", "2"),
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        env={**os.environ, "NOMINATE_LANG": "en", "SLOW": "0.05"},  # 10 s a share
    )
    time.sleep(1.5)
    proc.terminate()
    assert proc.stdout is not None
    assert proc.stdout.read() == b""  # EOF: nobody holds the pipe any more
    proc.wait(timeout=10)
    assert time.monotonic() - started < 6


def test_a_task_without_a_process_runs_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    assert fork_map([lambda: [1], lambda: [2, os.getpid()], lambda: [3]]) == [
        [1],
        [2, os.getpid()],
        [3],
    ]


class _Unpicklable(Exception):
    def __reduce__(self) -> object:
        raise TypeError("no")


def test_a_bug_that_cannot_travel_keeps_its_kind() -> None:
    with pytest.raises(RuntimeError) as raised:
        fork_map([lambda: [1], lambda: _fail_with(_Unpicklable())])
    assert getattr(raised.value, "nominate_kind", None) == "_Unpicklable"
    said = bug_summary(raised.value)
    # where it was in nominate's own code, in the copy: the call of the task (the raise is
    # in this test file)
    assert re.match(r"internal error \(_Unpicklable in parallel\.py:\d+\)", said)


def test_rows_beyond_what_the_reader_counted_are_in_the_last_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Formulas never computed (openpyxl writes no values) look empty to calamine, whose
    row count stops above them; the scan of the archive still finds them. The last part
    reads to the end of the sheet: the row is checked in a shared run too."""
    monkeypatch.setattr(checking, "MIN_SHARE", 5)
    made = tmp_path / "made.xlsx"
    book = xlsxwriter.Workbook(str(made))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["id", "name", "nationality"])
    for i in range(1, 31):
        sheet.write_row(i, 0, [f"R{i}", f"Kim {i}", "DE"])
    sheet.write_formula(31, 0, '="Y1"')
    sheet.write_formula(31, 1, '="Lee"')
    book.close()
    with zipfile.ZipFile(made) as src, zipfile.ZipFile(tmp_path / "nocache.xlsx", "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":  # the formulas' values taken out
                data = re.sub(rb"(</f>)<v>[^<]*</v>", rb"\1", data)
            out.writestr(item, data)
    positions = []
    for workers in (1, 3):
        source = open_source(str(tmp_path / "nocache.xlsx"), ReadOptions())
        found = checking.check_sources([source], PACK, workers=workers).results
        positions.append([(r.position, r.status) for r in found])
    assert positions[0] == positions[1]
    assert positions[0][-1] == ("row 32", "invalid")


def test_part_sizes_cover_every_row() -> None:
    assert part_sizes(0, 3) == [(0, None)]
    assert part_sizes(10, 3) == [(0, 4), (4, 8), (8, None)]
    assert part_sizes(2, 4) == [(0, 1), (1, None)]


def test_ctrl_c_while_a_copy_starts_leaves_no_copy_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGINT right after fork: the copy is in its slot before Ctrl-C is let in, so it is
    stopped and reaped, and its pipe closed."""
    if not parallel.can_fork():
        pytest.skip("no fork here")
    fork = os.fork

    def fork_then_interrupt() -> int:
        pid = fork()
        if pid:
            os.kill(os.getpid(), signal.SIGINT)
        return pid

    monkeypatch.setattr(os, "fork", fork_then_interrupt)
    previous = signal.signal(signal.SIGINT, on_sigint)
    before = set(os.listdir("/proc/self/fd"))
    try:
        with pytest.raises(Interrupted):
            fork_map(iter([lambda: [1], lambda: [2]]))
    finally:
        signal.signal(signal.SIGINT, previous)
        errors._interrupt_pending = False
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no copy left, not even a zombie
    assert set(os.listdir("/proc/self/fd")) <= before


@pytest.mark.parametrize(
    ("files", "quota"),
    [
        ({"cpu.max": "200000 100000\n"}, 2.0),
        ({"cpu.max": "150000 100000\n"}, 1.5),
        ({"cpu.max": "max 100000\n"}, None),
        ({"cpu/cpu.cfs_quota_us": "50000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 0.5),
        ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),
        ({"cpu.max": "garbage"}, None),
        ({}, None),
    ],
)
def test_a_containers_cpu_quota_bounds_the_processes(
    tmp_path: Path, files: dict[str, str], quota: float | None
) -> None:
    """A container may see every processor of its host and be allowed a few (cgroup v2
    cpu.max, v1 CFS quota): as many processes as it is allowed, at least one."""
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    nowhere = str(tmp_path / "no-such-file")  # (not this machine's own groups)
    assert parallel._cpu_quota(str(tmp_path), nowhere) == quota
    expected = parallel.usable_cpus("/nonexistent", nowhere)
    if quota is not None:
        expected = max(1, min(expected, math.ceil(quota)))
    assert parallel.usable_cpus(str(tmp_path), nowhere) == expected


@pytest.mark.parametrize(
    ("own", "files", "quota"),
    [
        # a systemd service with a quota of its own, under a slice with a looser one
        (
            "0::/system.slice/nominate.service\n",
            {
                "system.slice/cpu.max": "300000 100000",
                "system.slice/nominate.service/cpu.max": "100000 100000",
            },
            1.0,
        ),
        # the slice above is the tighter one
        (
            "0::/a/b\n",
            {"a/cpu.max": "50000 100000", "a/b/cpu.max": "max 100000"},
            0.5,
        ),
        # cgroup v1, the cpu controller mounted with cpuacct (docker without a cgroup namespace)
        (
            "4:cpu,cpuacct:/docker/abc\n3:memory:/docker/abc\n",
            {
                "cpu,cpuacct/docker/abc/cpu.cfs_quota_us": "150000",
                "cpu,cpuacct/docker/abc/cpu.cfs_period_us": "100000",
            },
            1.5,
        ),
        # another controller's group is not the CPU's
        ("3:memory:/docker/abc\n", {"memory/docker/abc/cpu.max": "100000 100000"}, None),
        # a path above this namespace's root is not followed (nor what it would name
        # with its '..' left out)
        ("0::/../sib\n", {"sib/cpu.max": "25000 100000"}, None),
        ("0::/../../etc\n", {"etc/cpu.max": "25000 100000"}, None),
        # the root's quota still counts
        ("0::/x\n", {"cpu.max": "200000 100000", "x/cpu.max": "max 100000"}, 2.0),
    ],
)
def test_the_quota_is_read_on_this_process_own_cgroup_and_above(
    tmp_path: Path, own: str, files: dict[str, str], quota: float | None
) -> None:
    """A service or a container without its own cgroup namespace has its quota on its own
    group (``/proc/self/cgroup``), not at the root: the tightest on the way up counts."""
    root = tmp_path / "cgroup"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    (tmp_path / "own").write_text(own)
    assert parallel._cpu_quota(str(root), str(tmp_path / "own")) == quota


@pytest.mark.parametrize(("text", "count"), [
    (b'{"name": "a"}\n{"name": "b"}\n', 2), (b'{"name": "a"}\n{"name": "b"}', 2), (b"", 0),
    (b'{"name": "a"}\n\n{"name": "b"}\n', 3),  # (a blank line is a line, though no record)
])
def test_json_lines_are_counted_as_lines(tmp_path: Path, text: bytes, count: int) -> None:
    """A file ending with a newline has no line after it (the bar's total was one more)."""
    from nominate.sources import ReadOptions, open_source

    path = tmp_path / "r.jsonl"
    path.write_bytes(text)
    source = open_source(str(path), ReadOptions())
    assert len(source) == count
    assert sum(len(part) for part in source.parts(2)) == count
