"""Rules tested as data: the example cases shipped beside a pack (``<pack>.cases.toml``).

Each case starts from the file's ``[base]`` record (or its own ``record``), applies ``set``
(dotted paths to new values) and ``unset`` (dotted paths to remove), is checked as of
``as_of`` (default: the notice date) and must give what ``expect`` says: ``status``, and
optionally ``failing``, ``missing``, ``qualifies_on``, ``continuous_since``,
``cumulative_days``, ``warnings`` (rule ids that warn) and ``errors`` (fields). The file's
shape is checked first (:mod:`nominate.casefile`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from nominate.casefile import CasesFile, CaseSpec
from nominate.engine import check_all
from nominate.errors import CasesFileError
from nominate.packfile import At, explain, key_path, read_toml
from nominate.results import Result
from nominate.rules import RulesPack
from nominate.sources import RawRecord


@dataclass(frozen=True)
class Case:
    name: str
    record: dict[str, Any]
    expect: dict[str, Any]  # typed: dates as dates, "null" as None
    as_of: date | None = None


def cases_path(pack: RulesPack) -> Path:
    source = Path(pack.source)
    return source.with_name(source.name.removesuffix(".toml") + ".cases.toml")


def load_cases(pack: RulesPack) -> list[Case]:
    """Every case of the pack's cases file; :class:`CasesFileError` naming the key path if
    any is not well formed (before any case runs)."""
    path = cases_path(pack)
    missing = "no such file (a pack's example cases go beside it)"
    _, data = read_toml(path, str(path), CasesFileError, missing)
    try:
        spec = CasesFile.model_validate(data)
        return [_case(i, item, spec.base) for i, item in enumerate(spec.cases)]
    except ValidationError as exc:
        at, reason = explain(exc, data)
        raise CasesFileError(str(path), reason, at) from None
    except At as exc:
        raise CasesFileError(str(path), str(exc), exc.at) from None


def _case(i: int, item: CaseSpec, base: dict[str, Any]) -> Case:
    record = copy.deepcopy(base if item.record is None else item.record)
    for key, value in item.changes.items():
        _edit(record, key, value, key_path(("cases", i, "set", key), None))
    for j, key in enumerate(item.removals):
        _edit(record, key, _REMOVE, f"cases[{i}].unset[{j}]")
    expect = item.expect.model_dump(exclude_unset=True)
    return Case(item.name, record, expect, item.as_of)


_REMOVE = object()


def _edit(record: dict[str, Any], dotted: str, value: Any, at: str) -> None:
    """Set (or, for ``_REMOVE``, remove) the value at ``dotted`` in ``record``."""
    parts = dotted.split(".")
    if not all(parts):
        raise At(at, f"{dotted!r} is not a dotted path of keys")
    node = record
    for depth, part in enumerate(parts[:-1]):
        child = node.get(part)
        if child is None and value is not _REMOVE:
            child = node[part] = {}
        if not isinstance(child, dict):
            where = ".".join(parts[: depth + 1])
            if child is None:
                raise At(at, f"the record has no {where}, so nothing to unset")
            kind = "an array" if isinstance(child, list) else "a value"
            raise At(at, f"{where} is {kind} in the record, not a table: set it whole")
        node = child
    if value is not _REMOVE:
        node[parts[-1]] = value
    elif node.pop(parts[-1], _REMOVE) is _REMOVE:
        raise At(at, f"the record has no {dotted}, so nothing to unset")


def run_case(case: Case, pack: RulesPack) -> list[str]:
    """What differs from the expectation (empty when the case passes)."""
    result = next(check_all([RawRecord("case", "#1", case.record)], pack, case.as_of))
    return compare(result, case.expect)


def compare(result: Result, expect: dict[str, Any]) -> list[str]:
    res = result.residency
    actual: dict[str, Any] = {
        "status": result.status.value,
        "failing": result.failing(),
        "missing": list(result.missing),
        "warnings": sorted({w.rule for w in result.warnings}),
        "errors": [e.field for e in result.errors],
        "qualifies_on": res.qualifies_on if res else None,
        "continuous_since": res.continuous_since if res else None,
        "cumulative_days": res.cumulative_days if res else None,
    }
    problems = []
    for key, wanted in expect.items():
        if key not in actual:
            problems.append(f"unknown expectation {key!r}")
            continue
        got = actual[key]
        if key == "warnings":
            wanted = sorted(wanted)
        if got != wanted:
            problems.append(f"{key}: expected {_shown(wanted)}, got {_shown(got)}")
    if problems and result.errors:
        problems.append("errors: " + "; ".join(f"{e.field}: {e.message}" for e in result.errors))
    return problems


def _shown(value: Any) -> str:
    """A value as a pack author writes it: dates in ISO form, ``null`` for none."""
    if value is None:
        return "null"
    return value.isoformat() if isinstance(value, date) else repr(value)
