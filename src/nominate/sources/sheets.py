"""Spreadsheet inputs (SPEC §6), registered by suffix for :func:`nominate.sources.open_source`.

``.csv`` is read by :mod:`~nominate.sources.csvsrc`, ``.xlsx`` by
:mod:`~nominate.sources.xlsxsrc` (python-calamine behind the ZIP guard of
:mod:`~nominate.sources.archive`); both turn rows into records with
:mod:`~nominate.sources.cells`.
"""

from __future__ import annotations

from pathlib import Path

from nominate.sources import OpenedSource, ReadOptions, SourceOpener


def _csv(path: Path | None, name: str, options: ReadOptions) -> OpenedSource:
    from nominate.sources.csvsrc import open_csv

    return open_csv(path, name, options)


def _xlsx(path: Path | None, name: str, options: ReadOptions) -> OpenedSource:
    from nominate.sources.xlsxsrc import open_xlsx

    return open_xlsx(path, name, options)


OPENERS: dict[str, SourceOpener] = {".csv": _csv, ".xlsx": _xlsx}
