"""A bad cell names the row and the column as the clerk wrote it (SPEC §6)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run


def test_bad_cells_name_row_and_column(tmp_path: Path) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text("Name,Received,Submission-Method,Contributions\n"
                     "Kim,06/10/2024,counter,honor\n"
                     "Lee,2024-06-10,fax,honor\n"
                     "Park,2024-06-10,counter,\"honor, sports\"\n", encoding="utf-8")
    proc = run("check", sheet, "-f", "json")
    assert proc.returncode == 1
    results = json.loads(proc.stdout)["results"]
    assert [(r["id"], r["status"]) for r in results] == [
        ("row 2", "invalid"), ("row 3", "invalid"), ("row 4", "invalid")]
    assert results[0]["errors"][0]["field"] == "Received"
    assert results[0]["errors"][0]["message"].startswith(
        "'06/10/2024' is ambiguous; write 2024-06-10 or 2024-10-06")
    assert results[1]["errors"] == [{"field": "Submission-Method",
                                     "message": "'fax' is not one of: counter, mail, email"}]
    assert results[2]["errors"][0]["field"] == "Contributions"
    assert "'sports' is not one of" in results[2]["errors"][0]["message"]
