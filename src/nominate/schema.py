"""JSON Schemas of the input record and of a result, derived from the models.

A result's value types are dataclasses and named tuples (cheap to build by the million); for
the schema they are mirrored, field by field, as TypedDicts, so that pydantic describes them
as the JSON objects that ``Result.to_dict`` writes.
"""

from __future__ import annotations

import dataclasses
import types
from typing import Any, Union, get_args, get_origin, get_type_hints

from pydantic import TypeAdapter
from typing_extensions import TypedDict

from nominate.models import Record
from nominate.results import Result

_INTERNAL = {"source", "position"}  # where a record came from: not part of the JSON result


def record_schema() -> dict[str, Any]:
    schema = Record.model_json_schema(mode="validation")
    schema["additionalProperties"] = True
    return schema


def result_schema() -> dict[str, Any]:
    """Every key of a result is always present (SPEC §4)."""
    schema = TypeAdapter(_json_type(Result)).json_schema(mode="serialization")
    _closed(schema)
    return schema


def _json_type(tp: Any) -> Any:
    if isinstance(tp, type) and (dataclasses.is_dataclass(tp) or hasattr(tp, "_fields")):
        hints = get_type_hints(tp)
        fields = {k: _json_type(v) for k, v in hints.items() if k not in _INTERNAL}
        return TypedDict(tp.__name__, fields)  # type: ignore[operator]
    origin, args = get_origin(tp), get_args(tp)
    if origin is tuple:
        return list[_json_type(args[0])]  # type: ignore[misc]
    if origin in (Union, types.UnionType):
        return Union[tuple(_json_type(a) for a in args)]  # noqa: UP007
    return tp


def _closed(node: Any) -> None:
    """Objects list exactly their properties: no more, none left out."""
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            node["required"] = list(node["properties"])
            node["additionalProperties"] = False
        for value in node.values():
            _closed(value)
    elif isinstance(node, list):
        for value in node:
            _closed(value)
