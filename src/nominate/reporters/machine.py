"""JSON (an envelope with the summary last, so results stream) and JSON Lines (SPEC §4)."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import TextIO

from nominate.results import Check, Result
from nominate.run import CheckRun

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


@lru_cache(maxsize=8192)
def _check_json(check: Check) -> str:
    """A check's JSON; most checks repeat from record to record, so each is encoded once."""
    return _dumps(
        {
            "rule": check.rule,
            "outcome": check.outcome.value,
            "clause": check.clause,
            "message": check.message,
        }
    )


def result_json(result: Result) -> str:
    """The JSON of ``result.to_dict()``, with the checks encoded once per distinct check."""
    if not result.checks:
        return _dumps(result.to_dict())
    head = _dumps({"id": result.id, "name": result.name, "status": result.status.value})
    tail = _dumps(result.to_dict(checks=False))
    checks = ", ".join(map(_check_json, result.checks))
    return f'{head[:-1]}, "checks": [{checks}], {tail[1:]}'


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
    write = out.write
    for i, result in enumerate(run.results):
        write(("\n    " if i == 0 else ",\n    ") + result_json(result))
    write("\n  ],\n" if run.results else "],\n")
    write('  "summary": ' + _dumps(run.summary()) + "\n}\n")


def write_jsonl(run: CheckRun, out: TextIO) -> None:
    write = out.write
    for result in run.results:
        write(result_json(result) + "\n")
