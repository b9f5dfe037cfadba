"""Output formats: one enum, one writer per format.

Machine formats (``json``, ``jsonl``) write nothing but the report on stdout; ``table`` is for
people; ``csv`` and ``xlsx`` are annotated copies of spreadsheet input.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from nominate.errors import UsageError
from nominate.i18n import t

if TYPE_CHECKING:
    from nominate.rules import RulesPack
    from nominate.run import CheckRun


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    XLSX = "xlsx"

    @property
    def binary(self) -> bool:
        return self is OutputFormat.XLSX


# The format an --output file's suffix names (an .xlsx holding CSV text opens nowhere).
SUFFIX_FORMATS = {
    ".xlsx": "xlsx",
    ".csv": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xls": "xls",  # formats no command writes: refused by name
    ".ods": "ods",
}


def format_for(
    given: str | None, output: Path | None, default: str, allowed: Sequence[str]
) -> str:
    """The format asked for (else ``default``), checked against ``allowed`` and against the
    suffix of ``output``: a file named ``.xlsx`` gets a workbook or nothing (and one named
    ``.json`` a JSON document, not JSON Lines, which JSON readers refuse)."""
    fmt = (given or default).lower()
    if fmt not in allowed:
        raise UsageError(t("errors.bad_format", choices=", ".join(allowed), value=given))
    implied = SUFFIX_FORMATS.get(output.suffix.lower()) if output is not None else None
    if implied is None or implied == fmt:
        return fmt
    assert output is not None
    params = {"path": str(output), "suffix": output.suffix, "value": fmt}
    if implied in allowed:
        raise UsageError(t("errors.suffix_format", implied=implied, **params))
    raise UsageError(t("errors.suffix_unsupported", choices=", ".join(allowed), **params))


def write_report(fmt: OutputFormat, run: CheckRun, pack: RulesPack, out: TextIO) -> None:
    """Write ``run`` to a text stream in a text format."""
    if fmt is OutputFormat.JSON:
        from nominate.reporters.machine import write_json

        write_json(run, out)
    elif fmt is OutputFormat.JSONL:
        from nominate.reporters.machine import write_jsonl

        write_jsonl(run, out)
    elif fmt is OutputFormat.TABLE:
        from nominate.reporters.table import write_table

        write_table(run, pack, out)
    else:
        from nominate.reporters.annotated import write_csv

        write_csv(run, pack, out)
