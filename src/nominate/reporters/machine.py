"""JSON (an envelope with the summary last, so results stream) and JSON Lines (SPEC §4)."""

from __future__ import annotations

import json
from typing import TextIO

from nominate.run import CheckRun

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


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
        write(("\n    " if i == 0 else ",\n    ") + _dumps(result.to_dict()))
    write("\n  ],\n" if run.results else "],\n")
    write('  "summary": ' + _dumps(run.summary()) + "\n}\n")


def write_jsonl(run: CheckRun, out: TextIO) -> None:
    write = out.write
    for result in run.results:
        write(_dumps(result.to_dict()) + "\n")
