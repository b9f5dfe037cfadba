"""Output formats: one enum, one writer per format.

Machine formats (``json``, ``jsonl``) write nothing but the report on stdout; ``table`` is for
people; ``csv`` and ``xlsx`` are annotated copies of spreadsheet input.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, TextIO

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
