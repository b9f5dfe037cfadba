"""Rules packs: the criteria of one round as TOML data, validated on load.

A pack is found by the id of a bundled pack (``seoul-2024``) or by a path. Loading checks
every key with pydantic and refuses a wrong pack with one line naming the file and the key
path (``rules[1].continuous_years``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from functools import cache, cached_property
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from nominate.errors import RulesPackError, UsageError
from nominate.i18n import current_language, t
from nominate.packfile import At, explain, read_toml
from nominate.places import place_matcher
from nominate.results import FieldError
from nominate.rulekinds import Context, Rule
from nominate.rulekinds.documents import RequiredDocuments
from nominate.rulekinds.nominator import Nominator
from nominate.rulekinds.residency import Residency
from nominate.rulekinds.simple import Choice, Nationality
from nominate.rulekinds.submission import SubmissionWindow

AnyRule = Annotated[
    Nationality | Residency | Choice | Nominator | SubmissionWindow | RequiredDocuments,
    Field(discriminator="kind"),
]


class Texts(BaseModel):
    """One text in the three languages."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    en: str
    ko: str
    ja: str

    def __call__(self, lang: str | None = None) -> str:
        return str(getattr(self, lang or current_language(), self.en))


class Clause(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    title: Texts
    ja: str  # the notice's own wording
    ko: str
    en: str
    reference: str | None = None

    def text(self, lang: str | None = None) -> str:
        return str(getattr(self, lang or current_language(), self.en))


class PackInfo(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    title: Texts
    notice_date: date
    timezone: str
    reference: str
    background: Texts | None = None


class Office(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    name: Texts
    address: Texts
    email: str
    phone: str


class Places(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    seoul: list[str] = Field(min_length=1)


class RulesPack(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    pack: PackInfo
    places: Places
    office: Office
    clauses: dict[str, Clause]
    rules: list[AnyRule] = Field(min_length=1)
    labels: dict[str, Texts] = {}
    # Set by the loader, not written in the pack.
    source: str = ""
    sha256: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> RulesPack:
        seen: set[str] = set()
        for i, rule in enumerate(self.rules):
            if rule.id in seen:
                raise At(f"rules[{i}].id", f"rule id {rule.id!r} is used twice")
            seen.add(rule.id)
            for clause in rule.clauses():
                if clause not in self.clauses:
                    raise At(f"rules[{i}].clause", f"clause {clause!r} is not in [clauses]")
        try:
            ZoneInfo(self.pack.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise At("pack.timezone", f"unknown time zone {self.pack.timezone!r}") from None
        return self

    @property
    def id(self) -> str:
        return self.pack.id

    @cached_property
    def vocabulary_checks(self) -> tuple[Callable[[Any], list[FieldError]], ...]:
        """``vocabulary_errors`` of the rules that refuse values outside their vocabulary,
        bound once per pack."""
        return tuple(
            r.vocabulary_errors
            for r in self.rules
            if type(r).vocabulary_errors is not Rule.vocabulary_errors
        )

    @cached_property
    def names_seoul(self) -> Any:
        return place_matcher(self.places.seoul)

    def context(self, as_of: date | None = None) -> Context:
        return Context(
            as_of=as_of or self.pack.notice_date,
            timezone=ZoneInfo(self.pack.timezone),
            names_seoul=self.names_seoul,
            label=cache(self.label),  # one run speaks one language
            seen=tuple({} for _ in self.rules),
        )

    def rule(self, rule_id: str) -> Any:
        return next((r for r in self.rules if r.id == rule_id), None)

    def label(self, key: str, lang: str | None = None) -> str:
        texts = self.labels.get(key)
        return texts(lang) if texts else key


def bundled_packs() -> dict[str, Path]:
    """Bundled packs by id (the file name without ``.toml``)."""
    folder = files("nominate.packs")
    return {
        Path(entry.name).stem: Path(str(entry))
        for entry in folder.iterdir()
        if entry.name.endswith(".toml") and not entry.name.endswith(".cases.toml")
    }


def load_pack(ref: str | None = None) -> RulesPack:
    """Load a pack by bundled id or by path; raise :class:`RulesPackError` if it is wrong."""
    bundled = bundled_packs()
    known = ", ".join(sorted(bundled))
    if ref is None:
        ref = max(bundled)  # the newest round: ids end in the year (seoul-2024)
    elif not ref.strip():  # `--rules ""`, e.g. from an unset shell variable
        raise UsageError(t("errors.empty_pack", bundled=known))
    path = bundled.get(ref) or Path(ref)
    missing = f"no such file or bundled pack (bundled: {known})"
    name = str(path) if ref in bundled else ref
    raw, data = read_toml(path, name, RulesPackError, missing)
    try:
        pack = RulesPack.model_validate(data)
    except ValidationError as exc:
        at, reason = explain(exc, data)
        raise RulesPackError(name, reason, at) from None
    return pack.model_copy(update={"source": str(path), "sha256": hashlib.sha256(raw).hexdigest()})

