"""Input sources: one plug-in per file format, chosen by the file's suffix.

Reading happens in two steps so that a run fails before printing anything: :func:`open_source`
checks that a file can be read (exists, format, encoding, size) and returns an
:class:`OpenedSource`; iterating its :meth:`~OpenedSource.records` then yields one
:class:`RawRecord` per candidate, in file order, as plain SPEC §3 dictionaries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from nominate.errors import InputFileError
from nominate.i18n import t
from nominate.results import FieldError, WarningItem

if TYPE_CHECKING:
    from nominate.models import Record
    from nominate.rules import RulesPack


@dataclass(frozen=True, slots=True)
class ReadOptions:
    encoding: str | None = None  # CSV: overrides detection
    max_size: int = 200 * 1024 * 1024  # bytes a file (or an archive, inflated) may hold
    # Spreadsheets: the pack whose document columns and value labels headers may use;
    # None means the default pack.
    pack: RulesPack | None = None
    # The run will read the sheet again for its cells (an annotated copy of one workbook):
    # its cells are then kept from the first reading, not read from the file a second time
    # (which, with the results held, took the most memory of the run: 349 MB on 100k rows).
    again: bool = False


class RawRecord(NamedTuple):
    """One candidate as read from a source, before validation.

    ``position`` is how SPEC §3 names a record without an id: ``#3``, ``line 3``, ``row 7``.
    ``data`` is ``None`` when nothing could be read (then ``errors`` says why), and in the
    rows a sheet gives again for their cells only (``records(read=False)``).
    ``labels`` maps a SPEC §3 field path to the column the value came from, for messages.
    (A named tuple: immutable, and cheap to build once per record.)
    """

    source: str
    position: str
    data: Mapping[str, Any] | None
    errors: tuple[FieldError, ...] = ()
    warnings: tuple[WarningItem, ...] = ()
    labels: Mapping[str, str] = MappingProxyType({})
    # Spreadsheets: the row's cells as read, in header order, for the annotated copy.
    cells: tuple[Any, ...] = ()
    # The record already validated, when the source could validate it another way (a JSON
    # line straight from its text, a sheet's row the quick way: see sources.quick): the
    # engine then skips the dictionary, and ``data`` is a LaterData, made if asked for.
    record: Record | None = None


class LaterData(Mapping[str, Any]):
    """A record's SPEC §3 dictionary, made only if something asks for it, for a source that
    validated the record another way (a JSON line straight from its text, a spreadsheet row
    the quick way): a check reads the record; an annotated copy, or a message about the
    record, may want the dictionary."""

    __slots__ = ("_data", "_make")

    def __init__(self, make: Callable[[], Mapping[str, Any]]) -> None:
        self._make = make
        self._data: Mapping[str, Any] | None = None

    def _made(self) -> Mapping[str, Any]:
        if self._data is None:
            self._data = self._make()
        return self._data

    def __getitem__(self, key: str) -> Any:
        return self._made()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._made())

    def __len__(self) -> int:
        return len(self._made())


class OpenedSource(Protocol):
    """A readable input. Spreadsheet sources also set ``headers`` (the header row as read),
    and their records carry ``cells``, so that an annotated copy keeps every column.

    A source held in memory may also offer ``parts(count)``: itself cut into at most
    ``count`` consecutive sources whose records, read one after another, are its own (same
    positions); a large batch is then checked by several processes (``nominate.run``)."""

    name: str
    headers: tuple[str, ...] | None

    def records(self) -> Iterator[RawRecord]: ...

    def __len__(self) -> int:
        """How many records (rows) there will be, if known cheaply; else 0."""
        ...


class SheetSource(OpenedSource, Protocol):
    """A spreadsheet (CSV or XLSX): ``records(read=False)`` gives each row's ``cells`` only,
    not converted into a record (``data`` None): all that an annotated copy needs of it."""

    header_row: int

    def records(self, read: bool = True) -> Iterator[RawRecord]: ...


class SourceOpener(Protocol):
    def __call__(self, path: Path | None, name: str, options: ReadOptions) -> OpenedSource: ...


def _registry() -> dict[str, SourceOpener]:
    from nominate.sources import jsonsrc

    openers: dict[str, SourceOpener] = {
        ".json": jsonsrc.open_json,
        ".jsonl": jsonsrc.open_jsonl,
        ".ndjson": jsonsrc.open_jsonl,
    }
    try:
        from nominate.sources import sheets
    except ImportError:  # pragma: no cover - spreadsheets arrive in a later module
        return openers
    openers.update(sheets.OPENERS)
    return openers


def open_source(name: str, options: ReadOptions) -> OpenedSource:
    """Check that ``name`` (a path, or ``-`` for standard input) can be read, and open it."""
    if name == "-":
        from nominate.sources import jsonsrc

        return jsonsrc.open_stdin(options)
    path = Path(name)
    openers = _registry()
    opener = openers.get(path.suffix.lower())
    if opener is None:
        raise InputFileError(name, t("input.unknown_format", suffixes=", ".join(sorted(openers))))
    if not path.exists():
        raise InputFileError(name, t("input.not_found"))
    if path.is_dir():
        raise InputFileError(name, t("input.is_directory"))
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputFileError(name, exc.strerror or str(exc)) from None
    if size > options.max_size:
        raise InputFileError(name, t("input.too_large", size=size, limit=options.max_size))
    return opener(path, name, options)


def part_sizes(total: int, count: int) -> list[tuple[int, int | None]]:
    """``(skip, stop)`` of at most ``count`` consecutive parts of about ``total / count``
    items each; the last part runs to the end (rows a sheet reader finds beyond ``total``,
    such as formulas never computed, are read by it)."""
    size = -(-total // count)
    if size == 0:
        return [(0, None)]
    bounds: list[tuple[int, int | None]] = [
        (start, start + size) for start in range(0, total, size)
    ]
    bounds[-1] = (bounds[-1][0], None)
    return bounds
