"""Output formats: one enum, one writer per format.

Machine formats (``json``, ``jsonl``) write nothing but the report on stdout; ``table`` is for
people; ``csv`` and ``xlsx`` are annotated copies of spreadsheet input.
"""

from __future__ import annotations

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
}


def format_for(given: str | None, output: Path | None, default: str) -> str:
    """The format asked for; if none, the one ``output``'s suffix names, else ``default``.
    A format other than the one the suffix names is refused."""
    implied = SUFFIX_FORMATS.get(output.suffix.lower()) if output is not None else None
    if given is None:
        return implied or default
    given = given.lower()
    known = given in SUFFIX_FORMATS.values() or given == OutputFormat.TABLE
    if implied is not None and known and given != implied:
        assert output is not None
        raise UsageError(
            t(
                "errors.suffix_format",
                path=str(output),
                suffix=output.suffix,
                implied=implied,
                value=given,
            )
        )
    return given


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
