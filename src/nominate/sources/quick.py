"""The quick way from a spreadsheet row to a validated record, for rows that need no message.

The long way (:meth:`Layout.fields <nominate.sources.cells.Layout.fields>`, then the record
model) makes a SPEC §3 dictionary of a row and validates it: two passes over every cell, each
calling Python code per field. But most cells of a sheet repeat from row to row (a
nationality, a method, a date, a yes/no), so this reader validates each distinct cell of a
column once, through the record model itself, and remembers what it became. The few columns
whose cells are new on every row are read by the functions the model calls: names and other
free text are trimmed, registration numbers go through :func:`registration_form`, residence
periods through the period model. The record is then put together from its validated parts,
as ``model_construct`` would put it together, without its per-call overhead.

A row with any cell that is refused is left to the long way, which names every problem; so
is a sheet whose periods come from a ``residences`` sheet. Both ways make equal records
(``tests/test_quick.py`` compares them on generated rows and on every fixture).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, get_args

from pydantic import BaseModel, ValidationError

from nominate.models import Period, Record, registration_form, registration_text
from nominate.sources.cells import as_text, is_blank, parse_periods
from nominate.sources.sheetscan import UnreadCell

if TYPE_CHECKING:
    from nominate.columns import Column
    from nominate.sources.cells import Layout

_REMEMBERED = 4096  # distinct cells remembered per column
_TRIM, _NUMBER, _PERIODS, _LEARN = range(4)  # how a column's cells are read
# Text fields whose model does more than trim them (a country's name becomes its code): their
# cells are learnt, not trimmed. (Registration numbers have a way of their own, _NUMBER.)
_CHECKED_TEXT = frozenset({"nationality"})
_LONG_WAY = object()  # what a cell is learnt as when it is refused: the long way reads the row

Labels = tuple[tuple[str, str], ...]
Learnt = tuple[bool, Any, Labels]  # (whether the field is given, its value, labels it adds)
Make = Callable[[dict[str, Any]], Any]  # a model from its validated fields


class QuickRows:
    """Reads the rows of one sheet layout; :meth:`read` gives None for the long way."""

    __slots__ = ("_layout", "_nested", "_plan")

    def __init__(self, layout: Layout) -> None:
        self._layout = layout
        plan = []
        nested: dict[str, Make | None] = {}
        for index, column, header, head, rest in layout.plan:  # (what the long way reads)
            if column.kind == "residences":
                how = _PERIODS
            elif column.field == "registration_number":
                how = _NUMBER
            elif column.kind == "text" and column.field not in _CHECKED_TEXT:
                how = _TRIM
            else:
                how = _LEARN
            if rest and head not in nested:
                model = _model_of(head)
                nested[head] = None if model is None else _maker(model)
            memo: dict[Any, Learnt] = {}
            plan.append((index, column, header, head, rest, how, memo))
        self._plan = tuple(plan)
        self._nested = tuple((head, make) for head, make in nested.items() if make is not None)

    def read(self, cells: Sequence[Any]) -> tuple[Record, dict[str, str]] | None:
        """The record of a row that is not empty, and the labels of its fields; None when a
        cell is refused (the long way then says why)."""
        count = len(cells)
        top: dict[str, Any] = {}
        labels: dict[str, str] = {}
        for index, column, header, head, rest, how, memo in self._plan:
            if index >= count:
                continue
            value = cells[index]
            if is_blank(value):
                continue
            labels[column.field] = header
            if how == _TRIM and value.__class__ is str:  # (the commonest cell first)
                got: Any = value.strip()
            elif how != _LEARN and value.__class__ is not UnreadCell:
                if how == _NUMBER:  # (a number cell: its 13 digits, as the long way reads it)
                    text = value if value.__class__ is str else registration_text(value)
                    if text.__class__ is not str:
                        return None
                    try:
                        got = registration_form(text.strip())
                    except ValueError:
                        return None
                else:
                    got = (value if value.__class__ is str else as_text(value)).strip()
                    if how == _PERIODS:
                        got = self._periods(got, header, labels)
                        if got is _LONG_WAY:
                            return None
                    if not got:
                        continue
            else:
                # Other cells by (type, value): True, 1 and 1.0 are one key of a dictionary,
                # and TRUE is not the id 1. (-0.0 and 0.0 share a key: no column reads them
                # apart.) A formula error or a formula never computed is learnt as refused.
                key = value if value.__class__ is str else (value.__class__, value)
                learnt = memo.get(key)
                if learnt is None:
                    learnt = self._learn(column, header, head, rest, value)
                    if len(memo) < _REMEMBERED:
                        memo[key] = learnt
                given, got, more = learnt
                if got is _LONG_WAY:
                    return None
                if more:
                    labels.update(more)
                if not given:
                    continue
                if got.__class__ is list:
                    got = list(got)  # (each record its own list)
            if rest:
                top.setdefault(head, {})[rest] = got
            else:
                top[head] = got
        for head, make in self._nested:
            inner = top.get(head)
            if inner is not None:
                top[head] = made = make(inner)
                if made is None:
                    return None
        record = _make_record(top)
        return None if record is None else (record, labels)

    def _periods(self, text: str, header: str, labels: dict[str, str]) -> Any:
        """The periods of a ``residences`` cell, as the period model reads them."""
        found, problems = parse_periods(text)
        if problems:
            return _LONG_WAY
        try:
            periods = [Period.model_validate(period) for period in found]
        except ValidationError:
            return _LONG_WAY
        for i in range(len(periods)):
            labels.update(self._layout.period_labels(header, i))
        return periods

    def _learn(self, column: Column, header: str, head: str, rest: str, value: Any) -> Learnt:
        """What one cell makes of its field, the long way: converted as the long way converts
        it, then validated by the record model."""
        if value.__class__ is UnreadCell:
            return False, _LONG_WAY, ()
        more: dict[str, str] = {}
        errors: list[Any] = []
        converted = self._layout.convert(column, value, header, more, errors)
        if errors:
            return False, _LONG_WAY, ()
        if converted is None:
            return False, None, tuple(more.items())
        data: dict[str, Any] = {} if head == "name" else {"name": "-"}
        data[head] = {rest: converted} if rest else converted
        try:
            got = getattr(Record.model_validate(data), head)
        except ValidationError:
            return False, _LONG_WAY, ()
        if rest:
            got = got[rest] if isinstance(got, dict) else getattr(got, rest)
        return True, got, tuple(more.items())


def _model_of(head: str) -> type[BaseModel] | None:
    """The model of a record's nested field (``Nominator``); None for a mapping."""
    annotation = Record.model_fields[head].annotation
    for kind in (annotation, *get_args(annotation)):
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            return kind
    return None


def _maker(model: type[BaseModel]) -> Make:
    """A function that makes ``model`` from validated fields, as ``model.model_construct``
    makes it (fields in their declared order, defaults for the others, the fields given as
    ``model_fields_set``), or None when a required field is not given. Where a model has what
    this does not do (private attributes, extra fields kept, default factories, a
    ``model_post_init``), ``model_construct`` itself. (tests/test_quick.py compares the two.)"""
    fields = model.model_fields
    required = frozenset(name for name, info in fields.items() if info.is_required())
    if (
        model.__private_attributes__
        or model.model_config.get("extra") == "allow"
        or any(f.default_factory for f in fields.values())
        or model.model_post_init is not BaseModel.model_post_init
    ):

        def construct(values: dict[str, Any]) -> Any:
            if not required <= values.keys():
                return None
            return model.model_construct(set(values), **values)

        return construct
    template = {name: info.default for name, info in fields.items()}  # (declared order)
    new, assign = object.__new__, object.__setattr__

    def make(values: dict[str, Any]) -> Any:
        if not required <= values.keys():
            return None
        made = new(model)
        state = template.copy()
        state.update(values)
        assign(made, "__dict__", state)
        assign(made, "__pydantic_fields_set__", set(values))
        assign(made, "__pydantic_extra__", None)
        assign(made, "__pydantic_private__", None)
        return made

    return make


_make_record = _maker(Record)
