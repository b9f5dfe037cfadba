"""JSON (one record or a list) and JSON Lines, from files or standard input."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nominate.errors import InputFileError
from nominate.i18n import t
from nominate.results import FieldError
from nominate.sources import RawRecord, ReadOptions


@dataclass(slots=True)
class _Loaded:
    """A JSON document already parsed (JSON must be read whole to be checked)."""

    name: str
    items: list[Any]
    headers: tuple[str, ...] | None = None

    def records(self) -> Iterator[RawRecord]:
        for i, item in enumerate(self.items, start=1):
            yield RawRecord(
                self.name,
                f"#{i}",
                item if isinstance(item, dict) else None,
                () if isinstance(item, dict) else (_not_object(item),),
            )

    def __len__(self) -> int:
        return len(self.items)


@dataclass(slots=True)
class _Lines:
    """JSON Lines: checked for encoding up front, then parsed line by line from the bytes
    (which take half the memory of the decoded text for non-Latin names)."""

    name: str
    data: bytes  # UTF-8, without a byte-order mark
    headers: tuple[str, ...] | None = None

    def records(self) -> Iterator[RawRecord]:
        for number, line in enumerate(io.BytesIO(self.data), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                yield RawRecord(
                    self.name,
                    f"line {number}",
                    None,
                    (
                        FieldError(
                            "(line)", t("input.bad_json_line", reason=exc.msg, column=exc.colno)
                        ),
                    ),
                )
                continue
            yield RawRecord(
                self.name,
                f"line {number}",
                item if isinstance(item, dict) else None,
                () if isinstance(item, dict) else (_not_object(item),),
            )

    def __len__(self) -> int:
        return self.data.count(b"\n") + 1


def _not_object(item: Any) -> FieldError:
    return FieldError("(record)", t("record.not_object_got", kind=type(item).__name__))


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(name, t("input.not_utf8", offset=exc.start)) from None


def _parse_document(text: str, name: str) -> _Loaded:
    if not text.strip():
        raise InputFileError(name, t("input.empty"))
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputFileError(
            name, t("input.bad_json", line=exc.lineno, column=exc.colno, reason=exc.msg)
        ) from None
    return _from_document(doc, name)


def _from_document(doc: Any, name: str) -> _Loaded:
    if isinstance(doc, dict):
        if isinstance(doc.get("records"), list) and "name" not in doc:
            return _Loaded(name, doc["records"])
        return _Loaded(name, [doc])
    if isinstance(doc, list):
        return _Loaded(name, doc)
    raise InputFileError(name, t("input.bad_shape", kind=type(doc).__name__))


def open_json(path: Path | None, name: str, options: ReadOptions) -> _Loaded:
    assert path is not None
    return _parse_document(_decode(_read(path, name), name), name)


def open_jsonl(path: Path | None, name: str, options: ReadOptions) -> _Lines:
    assert path is not None
    return _lines(_read(path, name), name)


def _lines(data: bytes, name: str) -> _Lines:
    if not _decode(data, name).strip():  # decodes it all once: bad bytes stop the run here
        raise InputFileError(name, t("input.empty"))
    return _Lines(name, data.removeprefix(b"\xef\xbb\xbf"))


def open_stdin(options: ReadOptions) -> _Loaded | _Lines:
    """``-``: a JSON document or JSON Lines, told apart by whether it parses whole."""
    name = "<stdin>"
    data = sys.stdin.buffer.read(options.max_size + 1)
    if len(data) > options.max_size:
        raise InputFileError(name, t("input.too_large", size=len(data), limit=options.max_size))
    text = _decode(data, name)
    if not text.strip():
        raise InputFileError(name, t("input.empty"))
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        first = text.lstrip().splitlines()[0]
        try:
            json.loads(first)
        except json.JSONDecodeError:
            return _parse_document(text, name)  # raises with the position of the error
        return _lines(data, name)
    return _from_document(doc, name)


def _read(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputFileError(name, exc.strerror or str(exc)) from None
