"""Several processors for one large batch: tasks run in forked copies of this process.

Checking is pure (one record in, one result out), so a batch splits into consecutive shares
that separate processes check at once; each sends its results back through a pipe, and the
run puts them in file order. Only on Linux, and only when nothing else runs in this
process (a thread could hold a lock the copy would wait on forever); otherwise, and for
small batches, everything runs here, one share after another, with the same results.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from nominate.errors import ExitCode, NominateError
from nominate.i18n import t

T = TypeVar("T")

MAX_WORKERS = 4  # the parent gathers every share: more processes add little


class WorkerError(NominateError):
    """A process that checked a share ended without sending its results (killed, out of
    memory)."""


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # (not Linux)
        return os.cpu_count() or 1


def default_workers() -> int:
    return max(1, min(MAX_WORKERS, usable_cpus()))


def can_fork() -> bool:
    """Linux only: macOS has ``fork`` too, but system libraries there may not survive it
    (Python's own multiprocessing no longer forks on macOS)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def fork_map(tasks: Sequence[Callable[[], T]]) -> list[T]:
    """``[task() for task in tasks]``, with ``tasks[1:]`` each in a forked process while
    ``tasks[0]`` runs here. An exception in a task is raised here, as it would be serially."""
    if len(tasks) < 2 or not can_fork():
        return [task() for task in tasks]
    children: list[tuple[int, int]] = []  # (pid, read end of its pipe)
    try:
        for task in tasks[1:]:
            children.append(_start(task))
        mine = tasks[0]()
        return [mine, *(_gather(pid, fd) for pid, fd in children)]
    finally:
        for pid, fd in children:  # (after an error here: stop the others, reap them)
            _end(pid, fd)


def _start(task: Callable[[], Any]) -> tuple[int, int]:
    read, write = os.pipe()
    for stream in (sys.stdout, sys.stderr):  # (a copy must not write what is buffered here)
        if stream is not None and not stream.closed:
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
    pid = os.fork()
    if pid == 0:  # the copy: run the task, send the outcome, leave without any clean-up
        os.close(read)
        code = 0
        try:
            outcome: tuple[str, Any] = ("ok", task())
        except BaseException as exc:  # every failure goes back to the parent
            outcome = ("error", exc)
            code = 1
        try:
            with os.fdopen(write, "wb") as pipe:
                pipe.write(_dumps(outcome))
        except BaseException:  # the parent is gone, or the pipe is
            code = 1
        os._exit(code)
    os.close(write)
    return pid, read


def _dumps(outcome: tuple[str, Any]) -> bytes:
    kind, value = outcome
    if kind == "error":
        outcome = (kind, _portable(value))
    return pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)


class Relayed(NominateError):
    """A :class:`NominateError` from another process that would not travel as itself."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = ExitCode(exit_code)

    def __reduce__(self) -> tuple[type[Relayed], tuple[str, int]]:
        return Relayed, (str(self), int(self.exit_code))


def _portable(exc: BaseException) -> BaseException:
    """``exc``, or what stands for it when it cannot be rebuilt from a pickle: the same
    message and exit code for an error the user can act on, its kind for a bug."""
    try:
        pickle.loads(pickle.dumps(exc, protocol=pickle.HIGHEST_PROTOCOL))
        return exc
    except Exception:  # (an exception whose __init__ takes other arguments)
        if isinstance(exc, NominateError):
            return Relayed(str(exc), exc.exit_code)
        return RuntimeError(type(exc).__name__)


def _gather(pid: int, fd: int) -> Any:
    with os.fdopen(fd, "rb", closefd=False) as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not data:
        code = os.waitstatus_to_exitcode(status)
        raise WorkerError(t("errors.worker_died", code=code))
    kind, value = pickle.loads(data)  # (our own copy wrote it)
    if kind == "error":
        raise value
    return value


def _end(pid: int, fd: int) -> None:
    with contextlib.suppress(OSError):  # (already read and closed)
        os.close(fd)
    try:
        if os.waitpid(pid, os.WNOHANG) == (0, 0):
            os.kill(pid, 9)
            os.waitpid(pid, 0)
    except ChildProcessError:
        pass  # (already reaped)
