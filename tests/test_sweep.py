"""Every field of a complete record, replaced in turn by each odd value a person, a script or
a spreadsheet may put there: the record always gets a verdict (never an internal error),
the result can always be written, and no registration number shows in full."""

from __future__ import annotations

import json
from collections.abc import Iterator
from copy import deepcopy
from pathlib import Path
from typing import Any

import pytest

from nominate.engine import evaluate
from nominate.reporters.machine import result_json
from nominate.results import Status
from nominate.rules import load_pack
from nominate.sources import RawRecord

PACK = load_pack()
SAMPLE = json.loads((Path(__file__).parents[1] / "samples" / "nominations.json").read_text())
FULL = SAMPLE[0]  # eligible, with every section filled
NUMBER = "900101-6123456"
ODD: list[Any] = [
    None, "", " ", 0, -1, 1.5, True, [], {}, [None], NUMBER, "x" * 3000, "2024-W23-1",
    "06/10/2024", float("nan"), float("inf"), 10**30,
]  # fmt: skip


def paths(value: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if at:
        yield at
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*at, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from paths(item, (*at, i))


def replaced(record: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    copy = deepcopy(record)
    target = copy
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return copy


@pytest.mark.parametrize("path", list(paths(FULL)), ids=lambda p: ".".join(map(str, p)))
def test_every_field_with_every_odd_value_gets_a_verdict(path: tuple[Any, ...]) -> None:
    ctx = PACK.context()
    for value in ODD:
        raw = RawRecord("t.json", "#1", replaced(FULL, path, value))
        result = evaluate(raw, PACK, ctx)
        assert result.status in set(Status)
        written = result_json(result)
        json.loads(written)
        assert "123456" not in written, (path, value)


def test_a_blank_signature_count_is_missing_not_an_error() -> None:
    """JSON's null (or an empty string) for the count: SPEC §2, no count is ``missing``."""
    for blank in (None, "", "  "):
        data = replaced(FULL, ("nominator",), {"type": "citizens", "signatures": blank})
        result = evaluate(RawRecord("t.json", "#1", data), PACK, PACK.context())
        assert result.status is Status.INCOMPLETE
        assert "nominator.signatures" in result.missing
