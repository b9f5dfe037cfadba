"""JSON (one record or a list) and JSON Lines, from files or standard input."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from nominate.errors import InputFileError
from nominate.i18n import t
from nominate.models import Record
from nominate.results import FieldError
from nominate.sources import LaterData, RawRecord, ReadOptions, part_sizes


@dataclass(slots=True)
class _Loaded:
    """A JSON document already parsed (JSON must be read whole to be checked)."""

    name: str
    items: list[Any]
    headers: tuple[str, ...] | None = None
    first: int = 1  # the number of the first item (a part of a document starts later)

    def records(self) -> Iterator[RawRecord]:
        for i, item in enumerate(self.items, start=self.first):
            yield _record(self.name, f"#{i}", item)

    def __len__(self) -> int:
        return len(self.items)

    def parts(self, count: int) -> list[_Loaded]:
        """The records in ``count`` consecutive parts, each to be read on its own."""
        return [
            _Loaded(self.name, self.items[skip:stop], first=self.first + skip)
            for skip, stop in part_sizes(len(self.items), count)
        ]


@dataclass(slots=True)
class _Lines:
    """JSON Lines: checked for encoding up front, then parsed line by line from the bytes
    (which take half the memory of the decoded text for non-Latin names)."""

    name: str
    data: bytes  # UTF-8, without a byte-order mark
    headers: tuple[str, ...] | None = None
    # A part (see parts): the lines of data[start:end], the first of them numbered first
    first: int = 1
    start: int = 0
    end: int = -1  # (-1: the end of data)

    def __post_init__(self) -> None:
        if self.end < 0:
            self.end = len(self.data)

    def _lines(self) -> Iterator[bytes]:
        """The lines of the part, each with its newline (a part shares the file's bytes)."""
        data, start, end = self.data, self.start, self.end
        while start < end:
            stop = data.find(b"\n", start, end) + 1 or end
            yield data[start:stop]
            start = stop

    def records(self) -> Iterator[RawRecord]:
        name = self.name
        for number, line in enumerate(self._lines(), start=self.first):
            line = line.rstrip(b"\r\n")  # so that an error's column is on this line
            if not line or line.isspace():
                continue
            # Most lines are valid records: validated straight from their text, which skips
            # building a dictionary. A line that is not (bad JSON, a lone surrogate, a wrong
            # value) goes the long way, so that its errors are told as for a JSON document.
            try:
                record = Record.model_validate_json(line)
            except ValidationError:
                pass
            else:
                data = LaterData(partial(json.loads, line))  # (parsed if asked for)
                yield RawRecord(name, f"line {number}", data, record=record)
                continue
            try:
                # decoded here (the whole file was checked to be UTF-8 when opened):
                # json.loads of a str skips its encoding sniffing
                item = _loads(line.decode())
                if b"\\u" in line:
                    _check_text(item, line, f"line {number}")
            except json.JSONDecodeError as exc:
                reason = t("input.bad_json_line", reason=exc.msg, column=exc.colno)
                yield RawRecord(name, f"line {number}", None, (FieldError("(line)", reason),))
                continue
            except _Unreadable as exc:
                yield RawRecord(name, f"line {number}", None, (FieldError("(line)", exc.reason),))
                continue
            yield _record(name, f"line {number}", item)

    def __len__(self) -> int:
        """The lines (blank ones too: a progress bar's total, a share's size); a last line
        ends with a newline or with the part."""
        lines = self.data.count(b"\n", self.start, self.end)
        unended = self.end > self.start and self.data[self.end - 1 : self.end] != b"\n"
        return lines + unended

    def parts(self, count: int) -> list[_Lines]:
        """The lines in ``count`` consecutive parts of about the same size, each cut after a
        newline and knowing the number of its first line."""
        data, parts = self.data, []
        start, first, end = self.start, self.first, self.end
        base, size = start, end - start
        for k in range(1, count + 1):
            cut = end if k == count else data.find(b"\n", base + size * k // count, end) + 1
            if cut <= start:  # (no newline after this point: the last part takes the rest)
                continue
            parts.append(replace(self, first=first, start=start, end=cut))
            first += data.count(b"\n", start, cut)
            start = cut
        return parts


def _record(source: str, position: str, item: Any) -> RawRecord:
    """A parsed JSON value as a record: an object, or an error saying what it is instead."""
    if isinstance(item, dict):
        return RawRecord(source, position, item)
    error = FieldError("(record)", t("record.not_object_got", kind=json_kind(item)))
    return RawRecord(source, position, None, (error,))


def json_kind(value: Any) -> str:
    """What JSON calls a value's type (``null``, not Python's ``NoneType``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


class _Unreadable(Exception):
    """JSON that parses in principle but that Python cannot hold or that is not valid text."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


# A \\u escape for a surrogate: legal JSON, but half of a character unless it is paired.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE_ESCAPE_BYTES = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _loads(text: str | bytes) -> Any:
    """``json.loads``, with the two ways it fails besides a syntax error turned into reasons:
    nesting deeper than the interpreter's recursion limit, and an integer with more digits
    than ``sys.get_int_max_str_digits()`` (both raise exceptions json does not document)."""
    try:
        return json.loads(text)
    except RecursionError:
        raise _Unreadable(t("hostile.json_too_deep", limit=sys.getrecursionlimit())) from None
    except json.JSONDecodeError:
        raise
    except ValueError:
        raise _Unreadable(
            t("hostile.json_huge_number", limit=sys.get_int_max_str_digits())
        ) from None


def _check_text(doc: Any, text: str | bytes, where: str) -> None:
    """Refuse a lone surrogate (``"\\ud800"``): it cannot be written out as UTF-8 later."""
    if isinstance(text, str):
        if not _SURROGATE_ESCAPE.search(text):
            return
    elif not _SURROGATE_ESCAPE_BYTES.search(text):
        return
    if isinstance(doc, list):
        for i, item in enumerate(doc, start=1):
            _check_text(item, text, f"#{i}")
        return
    stack = [doc]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not item.isascii():
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    raise _Unreadable(t("hostile.lone_surrogate", where=where)) from None
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff") and data[:4] != b"\xff\xfe\0\0":  # UTF-16's
            # byte-order mark (not UTF-32's, which begins alike)
            raise InputFileError(name, t("input.utf16")) from None
        raise InputFileError(name, t("input.not_utf8", offset=exc.start)) from None


def _an_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except (ValueError, RecursionError):
        return False


def _parse_document(text: str, name: str) -> _Loaded:
    if not text.strip():
        raise InputFileError(name, t("input.empty"))
    try:
        doc = _loads(text)
        _check_text(doc, text, "#1")
    except json.JSONDecodeError as exc:
        reason = t("input.bad_json", line=exc.lineno, column=exc.colno, reason=exc.msg)
        if exc.msg == "Extra data" and exc.colno == 1 and _an_object(text[: exc.pos]):
            reason += t("input.maybe_lines")  # (an object, and another begins below it)
        raise InputFileError(name, reason) from None
    except _Unreadable as exc:
        raise InputFileError(name, exc.reason) from None
    return _from_document(doc, name)


def _from_document(doc: Any, name: str) -> _Loaded:
    if isinstance(doc, dict):
        if set(doc) == {"records"} and isinstance(doc["records"], list):  # a list, wrapped
            return _Loaded(name, doc["records"])
        return _Loaded(name, [doc])
    if isinstance(doc, list):
        return _Loaded(name, doc)
    raise InputFileError(name, t("input.bad_shape", kind=json_kind(doc)))


def open_json(path: Path | None, name: str, options: ReadOptions) -> _Loaded:
    assert path is not None
    return _parse_document(_decode(_read(path, name), name), name)


def open_jsonl(path: Path | None, name: str, options: ReadOptions) -> _Lines:
    assert path is not None
    return _lines(_read(path, name), name)


def _lines(data: bytes, name: str, text: str | None = None) -> _Lines:
    """JSON Lines from ``data``; ``text`` is ``data`` already decoded, if it was."""
    if text is None:
        text = _decode(data, name)  # decodes it all once: bad bytes stop the run here
    # (an empty or blank file is JSON Lines with no records: the run warns that there are none)
    return _Lines(name, data.removeprefix(b"\xef\xbb\xbf"))


def open_stdin(options: ReadOptions) -> _Loaded | _Lines:
    """``-``: a JSON document or JSON Lines, told apart by whether it parses whole."""
    name = "<stdin>"
    if sys.stdin is None:
        raise InputFileError(name, t("input.stdin_closed"))
    data = sys.stdin.buffer.read(options.max_size + 1)
    if len(data) > options.max_size:
        raise InputFileError(name, t("input.too_large", size=len(data), limit=options.max_size))
    text = _decode(data, name)
    if not text.strip():  # nothing piped in (a filter that let no record through): no records
        return _Loaded(name, [])
    try:
        doc = _loads(text)
        _check_text(doc, text, "#1")
    except json.JSONDecodeError:
        if _looks_like_lines(text):
            return _lines(data, name, text)
        return _parse_document(text, name)  # raises with the position of the error
    except _Unreadable as exc:
        raise InputFileError(name, exc.reason) from None
    return _from_document(doc, name)


def _looks_like_lines(text: str) -> bool:
    """Text that is not one JSON document: JSON Lines if its first line, or else its second,
    is a JSON value on its own (a broken first record spoils only itself, as in a file).
    Lines end at a newline only: U+2028 and the like may sit inside a JSON string."""
    lines = [line for line in text.split("\n") if line.strip()][:2]
    if not lines or lines[0].lstrip().startswith("[") or lines[0].strip() == "{":
        return False  # a list, or an object written over several lines: one document
    for i, line in enumerate(lines):
        try:
            value = _loads(line)
        except (json.JSONDecodeError, _Unreadable):
            continue
        if i == 0 or isinstance(value, dict):
            return True
    return False


def _read(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputFileError(name, exc.strerror or str(exc)) from None
