"""The ``nominate`` console script: answers ``--version`` before loading the CLI framework,
then hands everything else to :func:`nominate.cli.main`."""

from __future__ import annotations

import os
import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from nominate import __version__

        try:
            sys.stdout.write(f"nominate {__version__}\n")
            sys.stdout.flush()
            return
        except BrokenPipeError:  # (| head -c0: no error, as for any report)
            from nominate.outputs import silence_stdout

            silence_stdout()
            return
        except (OSError, AttributeError, ValueError):  # stdout closed or full: said in
            pass  # the command line's own words, below
    from nominate.cli import main as cli_main

    try:
        cli_main()
    except SystemExit as done:
        leave(done)
        raise


def leave(done: SystemExit) -> None:
    """End the process at once once a command has finished and its output is flushed, as
    mypy does: the interpreter would otherwise free, one by one, every object a batch left
    behind (the memo of messages, checks and findings), a tenth of a second or more after
    the report is complete. Anything unusual (a flush that fails, an exit message) returns,
    and the normal exit happens instead."""
    code = 0 if done.code is None else done.code
    if not isinstance(code, int) or isinstance(code, bool):
        return
    from nominate.outputs import flush_standard_streams

    if flush_standard_streams():
        os._exit(code)
