"""The pure core: one record and one pack in, one :class:`Result` out (SPEC §2, §4)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from pydantic import ValidationError

from nominate.errors import NominateError, bug_summary
from nominate.i18n import quoted, t
from nominate.models import Record, mask_numbers
from nominate.results import (
    Check,
    FieldError,
    Outcome,
    ResidencyInfo,
    Result,
    Status,
    WarningItem,
)
from nominate.rulekinds import Context, Finding, Rule
from nominate.rules import RulesPack
from nominate.sources import RawRecord


def checked(raw: RawRecord, pack: RulesPack, ctx: Context) -> Result:
    """:func:`evaluate`, except that a bug met on one record makes that record ``invalid``,
    its error naming the bug, and the others are still checked (``NOMINATE_DEBUG=1``: the
    bug ends the run, with its traceback)."""
    try:
        return evaluate(raw, pack, ctx)
    except (NominateError, MemoryError):  # (Ctrl-C, and what ends any run)
        raise
    except Exception as exc:
        if os.environ.get("NOMINATE_DEBUG"):
            raise
        errors = [FieldError("(record)", bug_summary(exc))]
        try:
            return _invalid(raw, None, errors)
        except Exception:  # (what it was reading may be what broke)
            return Result(raw.position, None, Status.INVALID, errors=tuple(errors),
                          source=raw.source, position=raw.position)


def met_a_bug(result: Result) -> bool:
    """Whether :func:`checked` made ``result`` from a bug rather than from the record."""
    marker = t("hostile.internal", error="\0", where="\0").partition("\0")[0]
    return any(e.field == "(record)" and e.message.startswith(marker) for e in result.errors)


def evaluate(raw: RawRecord, pack: RulesPack, ctx: Context) -> Result:
    """Check one record against every rule of ``pack``, in order."""
    record, errors = read_record(raw)
    if record is not None:
        errors = [e for judge in pack.vocabulary_checks for e in judge(record)]
        if errors:  # named by the column the value came from, and masked, as other errors are
            labels = raw.labels
            errors = [
                FieldError(mask_numbers(labels.get(f, f)), mask_numbers(m)) for f, m in errors
            ]
    if record is None or errors:
        return _invalid(raw, record, errors)
    checks: list[Check] = []
    missing: list[str] = []
    warnings: list[WarningItem] = list(_masked(raw.warnings)) if raw.warnings else []
    residency: ResidencyInfo | None = None
    for rule, seen in zip(pack.rules, ctx.seen, strict=True):
        found = rule.evaluate(record, ctx)
        told = seen.get(found)
        if told is None:
            told = _tell(rule, found)
            if len(seen) < 4096:
                seen[found] = told
        checks.append(told[0])
        if told[1]:
            missing.extend(told[1])
        if told[2]:
            warnings.extend(told[2])
        if found.residency is not None:
            residency = found.residency
    return Result(
        _ident(raw, record),
        mask_numbers(record.name),
        status_of(checks),
        tuple(checks),
        tuple(missing),
        tuple(warnings),
        residency or ResidencyInfo(None, 0, None),
        (),
        raw.source,
        raw.position,
    )


def _invalid(raw: RawRecord, record: Record | None, errors: list[FieldError]) -> Result:
    """An ``invalid`` result, with the record's id and name as far as they can be read."""
    name = raw.data.get("name") if isinstance(raw.data, Mapping) else None
    return Result(
        _ident(raw, record),
        mask_numbers(name) if isinstance(name, str) else None,
        Status.INVALID,
        errors=tuple(errors),
        warnings=_masked(raw.warnings),
        source=raw.source,
        position=raw.position,
    )


def _tell(rule: Rule, found: Finding) -> tuple[Check, tuple[str, ...], tuple[WarningItem, ...]]:
    """What a finding adds to the result: its check, missing items and warnings, masked (a
    message may quote what the record says: a nominator's name, a signatory). Most findings
    repeat from record to record (a memoised finding is one object), so the engine keeps what
    it told for each (``Context.seen``)."""
    clause = found.clause or rule.clause
    check = _check(rule.id, found.outcome, clause, _mask_message(found.message))
    warned = found.warning_clause or clause
    warnings = tuple(WarningItem(rule.id, warned, _mask_message(w)) for w in found.warnings)
    return check, found.missing, warnings


# Most checks are the same from record to record (a memoised finding): share one object each,
# which keeps 100,000 results in a fraction of the memory.
_check = lru_cache(maxsize=16384)(Check)
# ... and most messages too: each is searched for a number once, not once a record
_mask_message = lru_cache(maxsize=16384)(mask_numbers)


def status_of(checks: Iterable[Check]) -> Status:
    outcomes = {c[1] for c in checks}  # c.outcome (by index: this runs for every record)
    if Outcome.FAIL in outcomes:
        return Status.INELIGIBLE
    if Outcome.MISSING in outcomes:
        return Status.INCOMPLETE
    return Status.ELIGIBLE


def read_record(raw: RawRecord) -> tuple[Record | None, list[FieldError]]:
    """Validate a raw record; on failure, every problem with its field path."""
    if raw.record is not None:  # validated by the source, straight from its text
        return raw.record, []
    if raw.errors:
        return None, [
            FieldError(mask_numbers(e.field), mask_numbers(e.message)) for e in raw.errors
        ]
    if type(raw.data) is not dict and not isinstance(raw.data, Mapping):
        return None, [FieldError("(record)", t("record.not_object"))]
    try:
        return Record.model_validate(raw.data), []
    except ValidationError as exc:
        return None, [_field_error(e, raw.labels) for e in exc.errors()]


# pydantic's error types, in words of the user's language (field.* in the catalogues)
_PYDANTIC_KEYS = {
    "list_type": "not_list",
    "int_type": "not_whole",
    "int_parsing": "not_whole",
    "int_from_float": "not_whole",
    "greater_than_equal": "too_small",
    "string_type": "not_text",
    "dict_type": "not_object",
    "model_type": "not_object",
    "model_attributes_type": "not_object",
    "literal_error": "not_one_of",
}


def _field_error(error: Any, labels: Mapping[str, str]) -> FieldError:
    path = ""
    for part in error["loc"]:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    kind = error["type"]
    if kind == "value_error":
        message = str(error["ctx"]["error"])
    elif kind == "missing":
        message = t("record.required")
    elif kind in _PYDANTIC_KEYS:
        params = {k: str(v).replace(" or ", ", ") for k, v in (error.get("ctx") or {}).items()}
        if path == "registration_number":
            params["value"] = type(error.get("input")).__name__  # never the number itself
        else:
            params["value"] = quoted(error.get("input"))
        message = t(f"field.{_PYDANTIC_KEYS[kind]}", **params)
    else:
        message = t("record.bad_value", reason=error["msg"])
    field = labels.get(path, path or "(record)")  # a key may be anything: "documents.<number>"
    return FieldError(mask_numbers(field), mask_numbers(message))


def _masked(warnings: tuple[WarningItem, ...]) -> tuple[WarningItem, ...]:
    return tuple(w._replace(message=_mask_message(w.message)) for w in warnings)


def _ident(raw: RawRecord, record: Record | None) -> str:
    if record is not None:  # (its id is the data's, trimmed; None when absent or blank)
        return raw.position if record.id is None else mask_numbers(record.id)
    data_id = raw.data.get("id") if isinstance(raw.data, Mapping) else None
    if isinstance(data_id, str | int) and not isinstance(data_id, bool) and str(data_id).strip():
        return mask_numbers(str(data_id).strip())
    return raw.position


def check_all(
    records: Iterable[RawRecord], pack: RulesPack, as_of: date | None = None
) -> Iterator[Result]:
    """Check every record, in order. Records are read one at a time."""
    ctx = pack.context(as_of)
    for raw in records:
        yield evaluate(raw, pack, ctx)


SHOWN = 5  # other records a duplicate warning names


def mark_duplicates(results: list[Result], keys: list[tuple[str | None, str | None]]) -> None:
    """Give records that share an id, or a name and registration number, a warning each
    naming the other(s). ``keys[i]`` is ``(id, name+number)`` of ``results[i]``."""
    found: list[tuple[int, int, str, list[int]]] = []  # (first, kind's order, kind, members)
    for order, kind in enumerate(("id", "person")):
        # only the keys seen twice get a list: a list for each of 100,000 keys took the
        # most memory of a run that writes an annotated copy (41 MB, for a moment)
        first: dict[str, int] = {}
        shared: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            value = key[order]
            if value:
                j = first.setdefault(value, i)
                if j != i:
                    members = shared.get(value)
                    if members is None:
                        shared[value] = members = [j]
                    members.append(i)
        found.extend((members[0], order, kind, members) for members in shared.values())
    found.sort(key=lambda group: group[:2])  # (each record's warnings in the order of old)
    extra: dict[int, list[WarningItem]] = {}
    for _, _, kind, members in found:
        for i in members:
            # at most five others by name: a file of 5,000 copies of one person would
            # otherwise carry 25 million names (a quadratic report)
            named = [j for j in members[:SHOWN + 1] if j != i][:SHOWN]
            others = ", ".join(_where(results[j]) for j in named)
            if len(members) - 1 > len(named):
                others = t("duplicate.more", shown=others, more=len(members) - 1 - len(named))
            extra.setdefault(i, []).append(
                WarningItem("duplicate", None, mask_numbers(t(f"duplicate.{kind}", others=others)))
            )
    for i, items in extra.items():
        results[i] = results[i].with_warnings(tuple(items))


def _where(result: Result) -> str:
    return f"{result.source} {result.position}".strip()
