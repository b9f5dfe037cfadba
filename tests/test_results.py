"""The streaming JSON writer writes exactly the SPEC §4 object of each result."""

from __future__ import annotations

import json

from conftest import SAMPLES
from nominate.reporters.machine import result_json
from nominate.rules import load_pack
from nominate.run import check_files


def test_result_json_is_to_dict() -> None:
    run = check_files(
        [str(SAMPLES / "nominations.json"), str(SAMPLES / "nominations.jsonl")], load_pack()
    )
    assert len(run.results) == 14
    for result in run.results:
        assert json.loads(result_json(result)) == result.to_dict()
        assert list(json.loads(result_json(result))) == list(result.to_dict())
