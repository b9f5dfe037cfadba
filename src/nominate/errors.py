"""Typed errors and exit codes: the only place that knows how a failure ends the process.

Core code raises these; ``cli.py`` catches :class:`NominateError` once and turns it into one
line on stderr and the matching exit code.
"""

from __future__ import annotations

import sys
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # every record eligible (or none at all)
    NOT_ALL_ELIGIBLE = 1  # some record is not eligible; `rules test`: some case failed
    USAGE = 2  # usage error, unreadable file, bad rules pack
    INTERRUPTED = 130  # Ctrl-C


class NominateError(Exception):
    """An error the user can act on; its ``str`` is the whole one-line message."""

    exit_code: ExitCode = ExitCode.USAGE


class UsageError(NominateError):
    """A command-line argument that cannot be used."""


class InputFileError(NominateError):
    """A whole input file that cannot be read (format, encoding, size, structure)."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class RulesPackError(NominateError):
    """A rules pack that cannot be loaded; names the file and the key path."""

    what = "rules pack"

    def __init__(self, path: str, reason: str, at: str | None = None) -> None:
        self.path = path
        self.at = at
        where = f" at '{at}'" if at else ""
        super().__init__(f"{path}: invalid {self.what}{where}: {reason}")


class CasesFileError(RulesPackError):
    """A pack's example cases (``<pack>.cases.toml``) that cannot be run; names the file and
    the key path."""

    what = "cases file"


class OutputError(NominateError):
    """The output cannot be written where the user asked."""


class Interrupted(NominateError):
    """Ctrl-C: raised from the SIGINT handler so that no library turns it into something else."""

    exit_code = ExitCode.INTERRUPTED

    def __init__(self, message: str | None = None) -> None:
        from nominate.i18n import t

        super().__init__(message or t("errors.interrupted"))


_interrupt_pending = False


def on_sigint(signum: int, frame: object) -> None:
    """The SIGINT handler: remember the interrupt, then raise :class:`Interrupted`.

    A signal can land while CPython or an extension is in a place where exceptions are only
    reported as "ignored" (a destructor, an error being converted); the raise is then lost,
    but the flag is not, and the next :func:`checkpoint` raises again.
    """
    global _interrupt_pending
    _interrupt_pending = True
    raise Interrupted()


def quiet_swallowed_interrupt(unraisable: object) -> None:
    """``sys.unraisablehook``: an :class:`Interrupted` raised where Python can only report it
    is not a traceback for the user (the :func:`checkpoint` that follows reports it); any
    other unraisable error goes to Python's own hook."""
    if not isinstance(getattr(unraisable, "exc_value", None), Interrupted | KeyboardInterrupt):
        sys.__unraisablehook__(unraisable)  # type: ignore[arg-type]


def checkpoint() -> None:
    """Raise :class:`Interrupted` if Ctrl-C was pressed and its exception was swallowed."""
    if _interrupt_pending:
        raise Interrupted()


def where_in_nominate(exc: BaseException) -> str:
    """``engine.py:54``: the last place in nominate's own code that ``exc`` passed through
    (a bug in a process that checked part of a batch carries it from there)."""
    import os
    import traceback

    where = "?"
    for frame in traceback.extract_tb(exc.__traceback__):
        if "nominate" in frame.filename.replace(os.sep, "/").split("/"):
            where = f"{os.path.basename(frame.filename)}:{frame.lineno}"
    return str(getattr(exc, "nominate_where", where))


def bug_summary(exc: BaseException) -> str:
    """One line for a bug: the exception's kind and where in nominate it happened, but not
    its text, which may quote what was being read (a name, a registration number)."""
    from nominate.i18n import t

    kind = getattr(exc, "nominate_kind", type(exc).__name__)
    return t("hostile.internal", error=kind, where=where_in_nominate(exc))
