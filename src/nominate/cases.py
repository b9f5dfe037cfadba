"""Rules tested as data: the example cases shipped beside a pack (``<pack>.cases.toml``).

Each case starts from the file's ``[base]`` record (or its own ``record``), applies ``set``
(dotted paths to new values) and ``unset`` (dotted paths to remove), is checked as of
``as_of`` (default: the notice date) and must give what ``expect`` says: ``status``, and
optionally ``failing``, ``missing``, ``qualifies_on``, ``continuous_since``,
``cumulative_days``, ``warnings`` (rule ids that warn) and ``errors`` (fields).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from nominate.engine import check_all
from nominate.errors import RulesPackError
from nominate.packfile import read_toml
from nominate.results import Result
from nominate.rules import RulesPack
from nominate.sources import RawRecord


@dataclass(frozen=True)
class Case:
    name: str
    record: dict[str, Any]
    expect: dict[str, Any]
    as_of: date | None = None


def cases_path(pack: RulesPack) -> Path:
    source = Path(pack.source)
    return source.with_name(source.name.removesuffix(".toml") + ".cases.toml")


def load_cases(pack: RulesPack) -> list[Case]:
    path = cases_path(pack)
    _, data = read_toml(path, str(path), RulesPackError, "no example cases beside the pack")
    base = data.get("base", {})
    cases = []
    for i, item in enumerate(data.get("cases", [])):
        if "name" not in item or "expect" not in item:
            raise RulesPackError(str(path), "a case needs a name and an expect", f"cases[{i}]")
        record = copy.deepcopy(item.get("record", base))
        for key, value in item.get("set", {}).items():
            _set(record, key, value)
        for key in item.get("unset", []):
            _set(record, key, None, remove=True)
        cases.append(Case(item["name"], record, item["expect"], item.get("as_of")))
    return cases


def _set(record: dict[str, Any], dotted: str, value: Any, remove: bool = False) -> None:
    *parents, last = dotted.split(".")
    node = record
    for part in parents:
        node = node.setdefault(part, {})
    if remove:
        node.pop(last, None)
    else:
        node[last] = value


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
        if wanted == "null":  # TOML has no null
            wanted = None
        elif key in ("qualifies_on", "continuous_since") and isinstance(wanted, str):
            wanted = date.fromisoformat(wanted)
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
