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
from nominate.results import Result, Status
from nominate.rules import RulesPack

_INTERNAL = {"source", "position"}  # where a record came from: not part of the JSON result


DRAFT = "https://json-schema.org/draft/2020-12/schema"
# 13 digits, the 7th 5 to 8 (a foreigner's), with or without a hyphen (SPEC §3)
REGISTRATION = r"^\s*[0-9]{6}[- ]?[5-8][0-9]{6}\s*$"


def record_schema(pack: RulesPack | None = None) -> dict[str, Any]:
    """A record in the form scripts should write. What ``check`` refuses for the pack's ids,
    a registration number's shape or a blank name or city, this refuses too; dates and
    nationalities it describes only as text (``check`` reads the forms of SPEC §3). ``check``
    also reads looser spellings a spreadsheet produces, such as a count written as text or a
    blank for "not given"; those are not part of the contract."""
    schema: dict[str, Any] = {"$schema": DRAFT, **Record.model_json_schema(mode="validation")}
    schema["additionalProperties"] = True
    props, defs = schema["properties"], schema["$defs"]
    _text(props["name"])["pattern"] = r"\S"  # not blank
    _text(props["registration_number"])["pattern"] = REGISTRATION
    _text(defs["Period"]["properties"]["city"])["pattern"] = r"\S"
    if pack is not None:
        where: dict[str, dict[str, Any]] = {
            "contributions": _text(props["contributions"])["items"],
            "nominator.type": _text(defs["Nominator"]["properties"]["type"]),
            "submission.method": _text(defs["Submission"]["properties"]["method"]),
        }
        for rule in pack.rules:
            for path, ids in rule.vocabulary().items():
                if path in where:
                    where[path]["enum"] = list(ids)
    return schema


def _text(node: dict[str, Any]) -> dict[str, Any]:
    """The non-null branch of an optional property (the property itself if not optional)."""
    for branch in node.get("anyOf", ()):
        if branch.get("type") != "null":
            found: dict[str, Any] = branch  # edited in place
            return found
    return node


def result_schema() -> dict[str, Any]:
    """What ``check`` writes (SPEC §4): one result (a line of ``--format jsonl``) or the
    whole ``--format json`` report around the results. Every key is always present."""
    one = TypeAdapter(_json_type(Result)).json_schema(mode="serialization")
    _closed(one)
    defs = one.pop("$defs", {})
    defs["Result"] = one
    defs["Report"] = _report_schema()
    return {
        "$schema": DRAFT,
        "title": "nominate result",
        "description": "One result (a line of `nominate check --format jsonl`), or the report "
        "that `nominate check --format json` prints: the results with the tool, the rules "
        "pack and the as-of date they were checked with, and a summary.",
        "anyOf": [{"$ref": "#/$defs/Result"}, {"$ref": "#/$defs/Report"}],
        "$defs": defs,
    }


def _report_schema() -> dict[str, Any]:
    text = {"type": "string"}
    report: dict[str, Any] = {
        "type": "object",
        "title": "Report",
        "properties": {
            "tool": {
                "type": "object",
                "properties": {"name": {"const": "nominate"}, "version": text},
            },
            "ruleset": {
                "type": "object",
                "properties": {
                    "id": text,
                    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                },
            },
            "as_of": {"type": "string", "format": "date"},
            "results": {"type": "array", "items": {"$ref": "#/$defs/Result"}},
            "summary": {
                "type": "object",
                "properties": {s.value: {"type": "integer", "minimum": 0} for s in Status},
            },
        },
    }
    _closed(report)
    return report


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
