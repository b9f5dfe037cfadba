"""XML and ZIP attacks (tests/bad/attacks.py builds them into tmp_path): each is refused by the
archive guard with exit 2 and one line, quickly, under a 1 GB address-space limit; and the
parsers behind the guard refuse entity tricks on their own too."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_limited

sys.path.insert(0, str(ROOT / "tests" / "bad"))
import attacks

DTD = "declares a DTD or XML entities, which no spreadsheet program writes"
EXPECTED = {
    "laughs-shared": ("xl/sharedStrings.xml", DTD),
    "laughs-sheet": ("xl/worksheets/sheet1.xml", DTD),
    "quadratic-shared": ("xl/sharedStrings.xml", DTD),
    "xxe-shared": ("xl/sharedStrings.xml", DTD),
    "xxe-sheet": ("xl/worksheets/sheet1.xml", DTD),
    "xxe-parameter": ("xl/sharedStrings.xml", DTD),
    "bomb-cell-2g": ("would inflate to 2146437", "more than the limit of 209715200 bytes"),
    "bomb-shared-2g": ("would inflate to 2146437", "more than the limit of 209715200 bytes"),
    "bomb-rows-2g": ("would inflate to 2147", "more than the limit of 209715200 bytes"),
    "bomb-cell-190m": ("xl/worksheets/sheet1.xml would inflate to", "refused as a possible ZIP"),
    "bomb-shared-190m": ("xl/sharedStrings.xml would inflate to", "refused as a possible ZIP"),
    "bomb-rows-190m": ("xl/worksheets/sheet1.xml would inflate to", "refused as a possible ZIP"),
    "lying-member": ("damaged or forged", "xl/worksheets/sheet1.xml"),
    "many-members": ("its archive holds 20006 files", ""),
    "stray-corner": ("the sheet 'Sheet1' reaches cell XFD1048576", "17,179,869,184 cells"),
    "stray-wide": ("the sheet 'Sheet1' reaches cell ZZZ5000", "--max-size"),
    "stray-reordered": ("the sheet 'Sheet1' reaches cell XFD1048576", "stray cell"),
    "stray-prefixed": ("the sheet 'Sheet1' reaches cell XFD1048576", "stray cell"),
}
SECONDS = 5.0
MEMORY_MB = 1024


def test_every_attack_has_an_expectation() -> None:
    assert set(EXPECTED) == set(attacks.ATTACKS)


@pytest.mark.parametrize("name", sorted(attacks.ATTACKS))
def test_attack_refused_quickly_in_bounded_memory(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.xlsx"
    path.write_bytes(attacks.ATTACKS[name][0]())
    done = run_limited("check", path, memory_mb=MEMORY_MB, timeout=30)
    assert not done.timed_out, done
    assert done.returncode == 2, done
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"nominate: {path}: "), done.stderr
    for fragment in EXPECTED[name]:
        assert fragment in lines[0]
    assert done.seconds < SECONDS and done.peak_mb < 200, done


def test_ratio_limit_is_raised_with_max_size(tmp_path: Path) -> None:
    """A 30 MB cell deflated 1000:1 is refused by default, read when --max-size allows it."""
    path = tmp_path / "cell.xlsx"
    path.write_bytes(attacks.bomb_cell(30 << 20))
    refused = run_limited("check", path, "--format", "json")
    assert refused.returncode == 2 and "--max-size" in refused.stderr
    read = run_limited("check", path, "--format", "json", "--max-size", "1000", timeout=60)
    assert read.returncode == 1 and read.stderr == "", read.stderr
    assert '"status": "incomplete"' in read.stdout
    assert read.peak_mb < 512, read


def test_calamine_refuses_entities_without_the_guard(tmp_path: Path) -> None:
    """Behind the guard: python-calamine (quick-xml) never expands an entity nor reads a
    DTD, so even a file the guard let through could not read /etc/passwd or blow up."""
    from python_calamine import CalamineWorkbook

    for name in ("laughs-shared", "laughs-sheet", "quadratic-shared", "xxe-shared", "xxe-sheet"):
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(attacks.ATTACKS[name][0]())
        with pytest.raises(Exception, match="unrecognized entity"):
            book = CalamineWorkbook.from_path(str(path))
            for sheet in book.sheet_names:
                list(book.get_sheet_by_name(sheet).iter_rows())
    path = tmp_path / "param.xlsx"
    path.write_bytes(attacks.parameter_entity())
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert rows == [["name", "nationality"], ["Maria Schmidt", "DE"]]  # DTD ignored, not fetched


def test_openpyxl_parses_through_defusedxml(tmp_path: Path) -> None:
    """nominate reads with calamine; openpyxl (tests, and anyone reading our output) must use
    defusedxml, which is a dependency: entity tricks then fail fast instead of expanding."""
    import openpyxl
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True
    path = tmp_path / "laughs.xlsx"
    path.write_bytes(attacks.billion_laughs_shared())
    with pytest.raises(Exception) as caught:
        openpyxl.load_workbook(path, read_only=True)
    chain = [caught.value, caught.value.__cause__, caught.value.__context__]
    assert any(type(e).__name__ == "EntitiesForbidden" for e in chain if e is not None)


def test_a_lying_dimension_alone_is_harmless(tmp_path: Path) -> None:
    """<dimension ref="A1:XFD1048576"/> over a short list: calamine sizes its grid by the
    cells, not by the dimension, so the list is read as it is."""
    path = tmp_path / "lying.xlsx"
    path.write_bytes(attacks.lying_dimension())
    done = run_limited("check", path, "-f", "jsonl", memory_mb=MEMORY_MB, timeout=30)
    assert done.returncode == 1 and done.stderr == "", done
    assert len(done.stdout.splitlines()) == 1 and done.peak_mb < 200
