"""A progress bar on stderr, only for long runs and only when stderr is a terminal."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator

THRESHOLD = 500  # rows; below this a run is too quick to need a bar


@contextlib.contextmanager
def progress_bar(total: int, label: str | None = None) -> Iterator[Callable[[int], None] | None]:
    """Yield ``advance(done)`` to report rows done, or ``None`` when no bar is shown.

    ``label`` names the phase (default: checking); the bar disappears when the phase ends.
    """
    if total < THRESHOLD or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from nominate.i18n import t

    with Progress(
        "{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
        auto_refresh=False,  # no thread: a large batch may fork (nominate.parallel)
    ) as bar:
        task = bar.add_task(label or t("cli.checking"), total=total)
        step = max(1, total // 200)

        def advance(done: int) -> None:
            if done % step == 0 or done >= total:
                bar.update(task, completed=min(done, total), refresh=True)

        yield advance
