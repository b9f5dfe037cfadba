"""JSON (an envelope with the summary last, so results stream) and JSON Lines (SPEC §4)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from json.encoder import encode_basestring
from typing import TextIO

from nominate.results import Check, FieldError, ResidencyInfo, Result, WarningItem
from nominate.run import CheckRun

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
_string = encode_basestring  # a JSON string, as json.dumps(..., ensure_ascii=False) writes it


@lru_cache(maxsize=8192)
def _check_json(check: Check) -> str:
    """A check's JSON; most checks repeat from record to record, so each is encoded once
    (and assembled by hand: the residency check is new for nearly every record)."""
    return "".join(
        (
            '{"rule": ',
            _string(check.rule),
            ', "outcome": "',
            check.outcome.value,
            '", "clause": ',
            _string(check.clause),
            ', "message": ',
            _string(check.message),
            "}",
        )
    )


@lru_cache(maxsize=4096)
def _warning_json(warning: WarningItem) -> str:
    return _dumps({"rule": warning.rule, "clause": warning.clause, "message": warning.message})


def _error_json(error: FieldError) -> str:
    return _dumps({"field": error.field, "message": error.message})


def _day(value: date | None) -> str:
    return "null" if value is None else f'"{value.isoformat()}"'


def _residency_json(res: ResidencyInfo | None) -> str:
    if res is None:
        return "null"
    return (
        f'{{"continuous_since": {_day(res.continuous_since)}, '
        f'"cumulative_days": {int(res.cumulative_days)}, '
        f'"qualifies_on": {_day(res.qualifies_on)}}}'
    )


def result_json(result: Result) -> str:
    """The JSON of ``result.to_dict()``, keys in the same order, assembled from pieces: the
    checks and warnings, which repeat from record to record, are each encoded once."""
    name = "null" if result.name is None else _string(result.name)
    return "".join(
        (
            '{"id": ',
            _string(result.id),
            ', "name": ',
            name,
            ', "status": "',
            result.status.value,
            '", "checks": [',
            ", ".join(map(_check_json, result.checks)),
            '], "missing": [',
            ", ".join(map(_string, result.missing)),
            '], "warnings": [',
            ", ".join(map(_warning_json, result.warnings)),
            '], "residency": ',
            _residency_json(result.residency),
            ', "errors": [',
            ", ".join(map(_error_json, result.errors)),
            "]}",
        )
    )


def envelope_head(run: CheckRun) -> dict[str, object]:
    info = run.info
    return {
        "tool": {"name": "nominate", "version": info.tool_version},
        "ruleset": {"id": info.pack_id, "sha256": info.pack_sha256},
        "as_of": info.as_of.isoformat(),
    }


def write_json(run: CheckRun, out: TextIO) -> None:
    head = json.dumps(envelope_head(run), ensure_ascii=False, indent=2)
    out.write(head[:-2] + ',\n  "results": [')
    for i, chunk in enumerate(_chunks(run)):
        out.write(("\n    " if i == 0 else ",\n    ") + ",\n    ".join(chunk))
    out.write("\n  ],\n" if run.results else "],\n")
    out.write('  "summary": ' + _dumps(run.summary()) + "\n}\n")


def write_jsonl(run: CheckRun, out: TextIO) -> None:
    for chunk in _chunks(run):
        out.write("\n".join(chunk) + "\n")


def _chunks(run: CheckRun, size: int = 512) -> Iterator[list[str]]:
    """Results as JSON, a few hundred at a time (one write call each)."""
    results = run.results
    for start in range(0, len(results), size):
        yield [result_json(r) for r in results[start : start + size]]
