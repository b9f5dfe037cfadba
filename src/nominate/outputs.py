"""Writing output files safely: a temporary file beside the target, renamed when complete."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from nominate.errors import OutputError, checkpoint
from nominate.i18n import printable, t

if TYPE_CHECKING:
    from rich.console import Console


@contextlib.contextmanager
def atomic_path(
    target: Path, inputs: Sequence[str] = (), *, replace: bool = True
) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``target`` in one rename.

    On any error or interrupt the temporary file is removed and ``target`` is untouched.
    Refuses to write over one of the ``inputs``, and over any file unless ``replace``.
    A ``target`` that is a stream, not a file (``-``, ``/dev/stdout``, a pipe, ``>(…)``), is
    never replaced: the finished file is copied into it.
    """
    target = Path(target)
    for name in inputs:
        if name != "-" and _same_file(Path(name), target):
            raise OutputError(t("errors.overwrite_input", path=str(target)))
    if str(target) == "-" or _is_stream(target) or _is_device_path(target):
        yield from _through_temporary(target)
        return
    if target.is_dir():  # (also --output '', which is the current folder)
        folder_given = t("input.is_directory")
        raise OutputError(t("errors.cannot_write", path=str(target), reason=folder_given))
    if not replace:
        refuse_existing(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(t("errors.no_folder", path=str(target), folder=str(folder)))
    try:
        handle, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise OutputError(
            t("errors.cannot_write", path=str(target), reason=exc.strerror or str(exc))
        ) from None
    os.close(handle)
    tmp_path = Path(tmp)
    _default_mode(tmp_path)
    try:
        yield tmp_path
        checkpoint()  # Ctrl-C during the writing, even if a library swallowed it: no rename
        if replace:
            os.replace(tmp_path, target)
        else:
            _place_new(tmp_path, target)
    except OSError as exc:  # disk full, file too large, folder gone: one line, no debris
        tmp_path.unlink(missing_ok=True)
        reason = exc.strerror or str(exc)
        raise OutputError(t("errors.cannot_write", path=str(target), reason=reason)) from None
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def flush_standard_streams() -> bool:
    """Flush stdout and stderr (those still open); False if one could not be flushed."""
    flushed = True
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and not stream.closed:
            try:
                stream.flush()
            except (OSError, ValueError):
                flushed = False
    return flushed


def say(message: str, prefix: str = "nominate: ") -> None:
    """One line on stderr (``nominate: …``), shown safely: a registration number in it (in a
    file name, an id, a header) masked, and what a terminal would obey shown as its code.
    A stderr closed or full changes nothing: the exit code still says how the run went."""
    from nominate.models import mask_numbers

    with contextlib.suppress(OSError, ValueError, AttributeError):
        shown = printable(mask_numbers(message)).replace("\n", "\\n")  # (one line: a name
        sys.stderr.write(f"{prefix}{shown}\n")  # with a line break forges no second one)
        sys.stderr.flush()


def console(out: TextIO, **options: Any) -> Console:
    """A rich console writing to ``out``; a reader that went away (``| head``) reaches the
    caller as BrokenPipeError, as it does from ``print`` (rich itself would exit 1)."""
    return _console_class()(file=out, **options)


@cache
def _console_class() -> type[Console]:
    from rich.console import Console

    class PipedConsole(Console):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError

    return PipedConsole


def silence_stdout() -> None:
    """Point stdout at /dev/null once its reader went away (or its disk filled), so that the
    flush at exit finds nowhere to fail."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _is_stream(target: Path) -> bool:
    """A character device, pipe or socket (``/dev/stdout`` is a link to one)."""
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def _is_device_path(target: Path) -> bool:
    """``/dev/stdout`` when stdout is a regular file (``> report.json``), ``/dev/fd/3``, and
    the like: links the system keeps, written into, never replaced by a file."""
    parts = target.absolute().parts
    return len(parts) > 2 and parts[1] in ("dev", "proc")


def _through_temporary(target: Path) -> Iterator[Path]:
    """Write to a temporary file elsewhere, then copy it into the stream ``target`` (``-``:
    standard output)."""
    handle, tmp = tempfile.mkstemp(prefix="nominate-", suffix=".part")
    os.close(handle)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        checkpoint()
        with tmp_path.open("rb") as finished:
            if str(target) == "-":  # standard output, as for reading
                if sys.stdout is None:
                    raise OutputError(t("errors.stdout_closed"))
                sys.stdout.flush()
                shutil.copyfileobj(finished, sys.stdout.buffer)
                sys.stdout.buffer.flush()
            else:
                with target.open("wb") as stream:
                    shutil.copyfileobj(finished, stream)
    except BrokenPipeError:  # the reader went away (| head): no error, as for stdout
        silence_stdout()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputError(t("errors.cannot_write", path=str(target), reason=reason)) from None
    finally:
        tmp_path.unlink(missing_ok=True)


def _place_new(tmp_path: Path, target: Path) -> None:
    """Put the finished file at ``target`` only if nothing is there, even a file that
    appeared while it was being written: a hard link fails rather than replace."""
    try:
        os.link(tmp_path, target)
    except FileExistsError:
        raise OutputError(t("errors.exists", path=str(target))) from None
    except OSError:  # a file system without hard links: check, then rename
        refuse_existing(target)
        os.replace(tmp_path, target)
        return
    tmp_path.unlink()


def refuse_existing(target: Path) -> None:
    """For files a person fills in (a template, saved answers): never replace one."""
    if os.path.lexists(target):
        raise OutputError(t("errors.exists", path=str(target)))


def _default_mode(path: Path) -> None:
    """mkstemp makes a private file (0600); a report gets the usual mode (0666 less umask)."""
    mask = os.umask(0)
    os.umask(mask)
    with contextlib.suppress(OSError):
        path.chmod(0o666 & ~mask)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False
