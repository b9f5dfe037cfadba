"""One check run: open every input first, then check every record, then mark duplicates."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from itertools import islice

from nominate import __version__
from nominate.engine import checked, mark_duplicates
from nominate.errors import checkpoint
from nominate.models import Record, registration_digits, registration_text
from nominate.parallel import fork_map
from nominate.results import Result, Status
from nominate.rules import RulesPack
from nominate.sources import OpenedSource, RawRecord, ReadOptions, open_source


@dataclass(frozen=True, slots=True)
class RunInfo:
    """What every report is stamped with."""

    tool_version: str
    pack_id: str
    pack_sha256: str
    as_of: date


@dataclass(slots=True)
class CheckRun:
    info: RunInfo
    results: list[Result]
    sources: list[OpenedSource] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        counts = {status.value: 0 for status in Status}
        for result in self.results:
            counts[result.status.value] += 1
        return counts


def open_all(names: list[str], options: ReadOptions) -> list[OpenedSource]:
    """Open every input before anything is checked or printed; the first bad file stops."""
    return [open_source(name, options) for name in names]


def check_files(
    names: list[str],
    pack: RulesPack,
    as_of: date | None = None,
    options: ReadOptions | None = None,
    progress: Callable[[int], None] | None = None,
) -> CheckRun:
    sources = open_all(names, options or ReadOptions())
    return check_sources(sources, pack, as_of, progress)


def check_sources(
    sources: list[OpenedSource],
    pack: RulesPack,
    as_of: date | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
) -> CheckRun:
    """Check every record of ``sources``, in order; with ``workers`` > 1, a large batch is
    shared among that many processes (see :mod:`nominate.parallel`), with the same results."""
    ctx_as_of = as_of or pack.pack.notice_date
    info = RunInfo(__version__, pack.id, pack.sha256, ctx_as_of)
    count = max(1, min(workers, sum(len(s) for s in sources) // MIN_SHARE))
    if not any(hasattr(s, "parts") for s in sources):
        count = 1  # (no source can be cut into parts: one process reads them all)
    shares = _shares(sources, count)
    shares.reverse()  # (popped in order below: each share is let go of once started)
    done = fork_map(
        partial(_check_share, shares.pop(), pack, ctx_as_of, progress if k == 0 else None, count)
        for k in range(count)
    )
    by_source: list[list[Checked]] = [[] for _ in sources]  # file order: each source's
    for share in done:  # parts one after another
        for item in share:
            by_source[item[0]].append(item)
    results = [result for items in by_source for _, result, _ in items]
    keys = [key for items in by_source for _, _, key in items]
    mark_duplicates(results, keys)
    return CheckRun(info, results, sources)


MIN_SHARE = 2000  # records: fewer are checked sooner than another process starts

Key = tuple[str | None, str | None]  # see duplicate_key
Checked = tuple[int, Result, Key]  # a record's result and duplicate key, by source index


def _shares(
    sources: list[OpenedSource], count: int
) -> list[list[Callable[[], Iterable[RawRecord]]]]:
    """``shares[k][s]`` reads part ``k`` of source ``s``. A source that cannot be cut into
    parts (``parts``, see :class:`~nominate.sources.OpenedSource`) is read whole by share 0."""
    shares: list[list[Callable[[], Iterable[RawRecord]]]] = [[] for _ in range(count)]
    for source in sources:
        cut = getattr(source, "parts", None)
        parts = cut(count) if count > 1 and cut is not None else [source]
        for k, share in enumerate(shares):
            share.append(parts[k].records if k < len(parts) else tuple)
    return shares


def _check_share(
    share: list[Callable[[], Iterable[RawRecord]]],
    pack: RulesPack,
    as_of: date,
    progress: Callable[[int], None] | None,
    scale: int,
) -> list[Checked]:
    """Check one share, source part by source part (``progress`` counts this share times
    ``scale``: the shares run at about the same pace)."""
    ctx = pack.context(as_of)
    done: list[Checked] = []
    for index, records in enumerate(share):
        rows = iter(records())
        # a few dozen records read, then checked: each stage's code and data stay in the
        # processor's caches (12% less time a record than reading and checking by turns)
        while batch := list(islice(rows, BATCH)):
            for raw in batch:
                key = duplicate_key(raw.data) if raw.record is None else record_key(raw.record)
                done.append((index, checked(raw, pack, ctx), key))
                checkpoint()
                if progress is not None:
                    progress(len(done) * scale)
    return done


BATCH = 64  # records read before they are checked (more: slower again, out of the caches)


@contextlib.contextmanager
def batch_collection() -> Iterator[None]:
    """Collect garbage less often during a batch: a run keeps every result (immutable tuples
    and models, no reference cycles), and Python's default rhythm rescans that growing heap
    over and over (about a tenth of a 100,000-record run). What is loaded so far (modules,
    the pack) is frozen out of the scans; cycles (from exceptions) are still collected."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def duplicate_key(data: Mapping[str, object] | None) -> Key:
    """``(id, name|registration digits)`` of a raw record, for duplicate warnings."""
    if type(data) is not dict and not isinstance(data, Mapping):  # (the common case first)
        return None, None
    ident = data.get("id")
    if isinstance(ident, float) and ident.is_integer():  # 1.0 is echoed as id "1", as 1 is
        ident = int(ident)
    ident_text = str(ident).strip() if isinstance(ident, (str, int)) and ident != "" else None
    name, number = data.get("name"), data.get("registration_number")
    if number is None or not isinstance(name, str):
        return ident_text or None, None
    number = registration_text(number)  # a number cell: leading zeros lost
    person = _person(name, number) if isinstance(number, str) else None
    return ident_text or None, person


def record_key(record: Record) -> Key:
    """:func:`duplicate_key` of a record already validated (the same key for the same input:
    the model trims the id and name and writes the number ``900101-6123456``)."""
    number = record.registration_number
    return record.id, None if number is None else _person(record.name, number)


def _person(name: str, number: str) -> str | None:
    """``name|digits``: one person however the name is spaced or cased; None for a number
    withheld (``900101-6******``) or a blank name."""
    digits = registration_digits(number)
    if "*" in number or not name.strip() or not digits:
        return None
    return " ".join(name.split()).casefold() + "|" + digits
