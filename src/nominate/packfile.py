"""The TOML files of a rules pack (the pack and its example cases): read defensively, and
validation errors named by key path.

A pack is a small hand-written UTF-8 file (a byte-order mark is allowed). Anything else (a
folder, a pipe, megabytes, another encoding, tables nested many levels deep) is refused with
one line before the TOML parser or the models see it.
"""

from __future__ import annotations

import codecs
import errno
import re
import stat
import sys
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from nominate.errors import RulesPackError

# The 2024 pack is 12 kB and its cases 20 kB. tomllib is pure Python: 5 MB of keys took it
# 7 to 8 s (and a dotted key of 20,000 parts, 40 kB, needs gigabytes: see _DOTTED).
MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32  # tables and arrays within each other; the packs need 5
TOO_DEEP = f"nests tables or arrays more than {MAX_DEPTH} levels deep"

# A dotted key (or table header) of more than MAX_DEPTH parts. tomllib keeps every prefix of
# a dotted key, so its memory grows with the square of the parts: 4,000 took 76 MB. Matched
# (possessively, from the first part of a key) before parsing; such text in a string is refused
# too, which no pack needs.
_PART = r"""(?:[A-Za-z0-9_-]++|"(?:[^"\\\n]|\\.)*+"|'[^'\n]*+')"""
_DOTTED = re.compile(
    rf"(?<![A-Za-z0-9_.-])(?<!\.[ \t]){_PART}(?:[ \t]*+\.[ \t]*+{_PART}){{{MAX_DEPTH},}}"
)


class At(ValueError):
    """A validation error that knows its key path, relative to the model raising it."""

    def __init__(self, at: str, reason: str) -> None:
        self.at = at
        super().__init__(reason)


def read_toml(
    path: Path, name: str, error: type[RulesPackError], missing: str
) -> tuple[bytes, dict[str, Any]]:
    """The bytes of ``path`` and what they hold; ``error(name, reason)`` if unfit, with
    ``missing`` as the reason when there is no such file."""
    try:
        info = path.stat()
    except OSError as exc:
        gone = exc.errno in (errno.ENOENT, errno.ENOTDIR)
        raise error(name, missing if gone else exc.strerror or str(exc)) from None
    kind = _not_a_file(info.st_mode)
    if kind:
        raise error(name, kind)
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)  # the size may have changed since stat()
    except OSError as exc:
        raise error(name, exc.strerror or str(exc)) from None
    if max(info.st_size, len(raw)) > MAX_BYTES:
        size = max(info.st_size, len(raw))
        raise error(name, f"is {size} bytes, more than the limit of {MAX_BYTES} bytes")
    text = _text(raw, name, error)
    if _DOTTED.search(text):
        raise error(name, TOO_DEEP)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(name, str(exc)) from None
    except RecursionError:
        raise error(name, TOO_DEEP) from None
    except ValueError:  # tomllib's int() refuses more than sys.get_int_max_str_digits()
        digits = sys.get_int_max_str_digits()
        raise error(name, f"holds a number of more than {digits} digits") from None
    if _too_deep(data):
        raise error(name, TOO_DEEP)
    return raw, data


def _not_a_file(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    return "is not a regular file"


def _text(raw: bytes, name: str, error: type[RulesPackError]) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise error(name, "is not UTF-8 text (it begins with a UTF-16 byte-order mark)")
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise error(name, f"is not UTF-8 text (undecodable byte at offset {exc.start})") from None


def _too_deep(data: dict[str, Any]) -> bool:
    """Whether ``data`` nests more than :data:`MAX_DEPTH` levels (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        children = node.values() if isinstance(node, dict) else node
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return False


def explain(exc: ValidationError, data: Any) -> tuple[str, str]:
    """The key path and the reason of the first error pydantic found in ``data``."""
    first = exc.errors()[0]
    cause = (first.get("ctx") or {}).get("error")
    at = key_path(first["loc"], data)
    if isinstance(cause, At):
        at = cause.at if not at else f"{at}{'' if cause.at.startswith('[') else '.'}{cause.at}"
    reason = str(cause) if isinstance(cause, Exception) else first["msg"]
    return at or "(top level)", reason.removeprefix("Value error, ")


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def key_path(loc: tuple[int | str, ...], data: Any) -> str:
    """``('rules', 1, 'residency', 'continuous_years')`` → ``rules[1].continuous_years``;
    a key that is not a bare TOML key is quoted (``set."documents.photo"``)."""
    out = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            continue
        if isinstance(node, dict) and part not in node and node.get("kind") == part:
            continue  # the discriminator tag pydantic adds to the location
        key = toml_key(part)
        out += f".{key}" if out else key
        node = node.get(part) if isinstance(node, dict) else None
    return out


def toml_key(key: str) -> str:
    """``key`` as TOML writes it: bare, or quoted (``"documents.photo"``)."""
    if _BARE_KEY.fullmatch(key):
        return key
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'
