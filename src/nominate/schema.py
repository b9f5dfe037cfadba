"""JSON Schemas of the input record and of a result, derived from the models."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from nominate.models import Record
from nominate.results import Result

_INTERNAL = ("source", "position")


def record_schema() -> dict[str, Any]:
    schema = Record.model_json_schema(mode="validation")
    schema["$id"] = "https://github.com/nominate/nominate/schema/record.json"
    schema["additionalProperties"] = True
    return schema


def result_schema() -> dict[str, Any]:
    """Every key of a result is always present (SPEC §4): all properties are required."""
    schema = TypeAdapter(Result).json_schema(mode="serialization")
    schema["$id"] = "https://github.com/nominate/nominate/schema/result.json"
    _require_all(schema)
    for key in _INTERNAL:
        schema["properties"].pop(key, None)
        schema["required"].remove(key)
    return schema


def _require_all(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            node["required"] = list(node["properties"])
            node["additionalProperties"] = False
        for value in node.values():
            _require_all(value)
    elif isinstance(node, list):
        for value in node:
            _require_all(value)
