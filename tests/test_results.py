"""The streaming JSON writer writes exactly the SPEC §4 object of each result, and what a
result says of a wrong value."""

from __future__ import annotations

import json

from conftest import SAMPLES
from nominate.engine import evaluate
from nominate.reporters.machine import result_json
from nominate.rules import load_pack
from nominate.run import check_files
from nominate.sources import RawRecord

PACK = load_pack()


def test_result_json_is_to_dict() -> None:
    run = check_files(
        [str(SAMPLES / "nominations.json"), str(SAMPLES / "nominations.jsonl")], load_pack()
    )
    assert len(run.results) == 14
    for result in run.results:
        assert json.loads(result_json(result)) == result.to_dict()
        assert list(json.loads(result_json(result))) == list(result.to_dict())


def test_a_wrong_json_value_is_quoted_as_json_writes_it() -> None:
    """A script reads ``not true`` / ``not ["a"]``, the JSON it sent, not Python's spelling."""
    raw = RawRecord(
        "t.json",
        "#1",
        {
            "name": True,
            "nominator": {"type": ["a"]},
            "documents": {"photo": {"x": 1}},
            "residences": [{"start": False, "city": "Seoul"}, {"start": "06/10/2024", "city": "S"}],
        },
    )
    result = evaluate(raw, PACK, PACK.context())
    said = {e.field: e.message for e in result.errors}
    assert said["name"] == "should be text, not true"
    assert said["nominator.type"] == 'should be text, not ["a"]'
    assert said["documents.photo"] == 'should be a whole number, not {"x": 1}'
    assert said["residences[0].start"] == "false is not a date"
    assert said["residences[1].start"].startswith("'06/10/2024' is ambiguous")  # text: quoted
