"""The ``nominate`` console script: answers ``--version`` before loading the CLI framework,
then hands everything else to :func:`nominate.cli.main`."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from nominate import __version__

        sys.stdout.write(f"nominate {__version__}\n")
        return
    from nominate.cli import main as cli_main

    cli_main()
