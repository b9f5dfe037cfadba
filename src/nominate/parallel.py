"""Several processors for one large batch: tasks run in forked copies of this process.

Checking is pure (one record in, one result out), so a batch splits into consecutive shares
that separate processes check at once; each sends its results back through a pipe, and the
run puts them in file order. Only on Linux, and only when nothing else runs in this
process (a thread could hold a lock the copy would wait on forever); otherwise, and for
small batches, everything runs here, one share after another, with the same results.
"""

from __future__ import annotations

import contextlib
import gc
import math
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from nominate.errors import ExitCode, NominateError, checkpoint, where_in_nominate
from nominate.i18n import t

T = TypeVar("T")

MAX_WORKERS = 4  # the parent gathers every share: more processes add little


class WorkerError(NominateError):
    """A process that checked a share ended without sending its results (killed, out of
    memory)."""


def usable_cpus(cgroup: str = "/sys/fs/cgroup", own: str = "/proc/self/cgroup") -> int:
    """Processors this process may run on, and no more than its container's CPU quota (a
    container may see 32 processors and be allowed 2: 4 processes would only queue)."""
    try:
        count = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # (not Linux)
        count = os.cpu_count() or 1
    quota = _cpu_quota(cgroup, own)
    return max(1, min(count, math.ceil(quota))) if quota else count


def _cpu_quota(cgroup: str, own: str = "/proc/self/cgroup") -> float | None:
    """The tightest CPU quota, in processors, on this process's cgroup and the groups above
    it (cgroup v2 ``cpu.max``, v1 CFS quota); None when there is none or none can be read.
    ``own`` names the process's groups (``0::/system.slice/x.service``; v1:
    ``4:cpu,cpuacct:/docker/abc``): a service or a container without its own cgroup
    namespace has its quota there, not at the root."""
    quotas = [q for d in _cgroup_dirs(cgroup, own) if (q := _quota_in(d)) is not None]
    return min(quotas) if quotas else None


def _cgroup_dirs(cgroup: str, own: str) -> list[str]:
    """The folders of this process's CPU cgroups, each with those above it to the root."""
    found = [cgroup, os.path.join(cgroup, "cpu")]  # (the roots, whatever ``own`` says)
    try:
        with open(own, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError:
        return found
    for line in lines:
        fields = line.split(":", 2)
        if len(fields) != 3:
            continue
        _, controllers, path = fields
        if controllers == "":
            top = cgroup  # (v2: one hierarchy)
        elif "cpu" in controllers.split(","):
            top = os.path.join(cgroup, controllers)  # (v1: cpu,cpuacct; often linked as cpu)
            if not os.path.isdir(top):
                top = os.path.join(cgroup, "cpu")
        else:
            continue
        if ".." in path.split("/"):  # (outside this namespace's view: not ours to read)
            continue
        parts = [p for p in path.split("/") if p and p != "."]
        found.extend(os.path.join(top, *parts[:depth]) for depth in range(len(parts), 0, -1))
    return found


def _quota_in(folder: str) -> float | None:
    for quota_file, period_file in (
        ("cpu.max", None),
        ("cpu.cfs_quota_us", "cpu.cfs_period_us"),
    ):
        try:
            with open(os.path.join(folder, quota_file), encoding="ascii") as f:
                quota, _, period = f.read().strip().partition(" ")
            if period_file is not None:
                with open(os.path.join(folder, period_file), encoding="ascii") as f:
                    period = f.read().strip()
            if quota != "max" and int(quota) > 0 and int(period) > 0:
                return int(quota) / int(period)
        except (OSError, ValueError):
            continue
    return None


def default_workers() -> int:
    return max(1, min(MAX_WORKERS, usable_cpus()))


def can_fork() -> bool:
    """Linux only: macOS has ``fork`` too, but system libraries there may not survive it
    (Python's own multiprocessing no longer forks on macOS)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def fork_map(tasks: Iterable[Callable[[], list[T]]]) -> list[list[T]]:
    """``[task() for task in tasks]`` (each task makes a list), with the tasks after the first
    each in a forked process while the first runs here. Tasks are let go of once started
    (an iterator of tasks holds none here but the first: what they alone hold is freed).
    An exception in a task is raised here, as it would be serially. A task that cannot get
    a process (too many processes or open files) runs here, after the first."""
    tasks = iter(tasks)
    first = next(tasks, None)
    if first is None:
        return []
    if not can_fork():
        return [first(), *(task() for task in tasks)]
    slots: list[tuple[int, int] | Callable[[], list[T]]] = []  # (pid, pipe) or a task
    try:
        _start_all(tasks, slots)
        done = [first()]
        for slot in slots:
            done.append(_gather(*slot) if isinstance(slot, tuple) else slot())
        return done
    finally:
        for slot in slots:  # (after an error here: stop the others, reap them)
            if isinstance(slot, tuple):
                _end(*slot)


def _start_all(
    tasks: Iterator[Callable[[], list[T]]], slots: list[tuple[int, int] | Callable[[], list[T]]]
) -> None:
    """Start each task in a copy (its slot: pid and pipe), or keep it to run here."""
    for task in tasks:
        # Ctrl-C waits until the copy is in its slot (so that it can be stopped) and in its task
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            try:
                slots.append(_start(task, mask))
            except OSError:
                slots.append(task)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)


CHUNK = 2048  # items a pickle holds (its memo of every object in it lasts as long)


def _start(task: Callable[[], list[Any]], mask: Any) -> tuple[int, int]:
    """Fork a copy to run ``task`` (SIGINT blocked here; ``mask`` is the copy's to restore)."""
    from nominate.outputs import flush_standard_streams

    read, write = os.pipe()
    flush_standard_streams()  # (a copy must not write again what is buffered here)
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        raise
    if pid == 0:  # the copy: run the task, send the outcome, leave without any clean-up
        os._exit(_run(task, read, write, parent, mask))
    os.close(write)
    return pid, read


def _run(task: Callable[[], list[Any]], read: int, fd: int, parent: int, mask: Any) -> int:
    """In the copy: the task's list in chunks, or the error it raised; the exit code."""
    try:
        os.close(read)
        _bound_to(parent)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        with os.fdopen(fd, "wb") as pipe:
            try:
                items = task()
            except BaseException as exc:  # every failure goes back to the parent
                pickle.dump(("error", _portable(exc)), pipe, protocol=pickle.HIGHEST_PROTOCOL)
                return 1
            pickle.dump(("ok", len(items)), pipe, protocol=pickle.HIGHEST_PROTOCOL)
            for start in range(0, len(items), CHUNK):  # one pickle (and memo) a chunk
                pickle.dump(items[start : start + CHUNK], pipe, protocol=pickle.HIGHEST_PROTOCOL)
        return 0
    except BaseException:  # the parent is gone, or the pipe is
        return 1


def _bound_to(parent: int) -> None:
    """The copy ends with its parent (killed, not only interrupted), and holds none of its
    standard streams: a pipeline reading the parent's output ends when the parent does."""
    with contextlib.suppress(OSError, AttributeError, ImportError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # (gone already, before the request above)
        os._exit(1)
    null = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1, 2):
        os.dup2(null, stream)
    os.close(null)


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


class Relayed(NominateError):
    """A :class:`NominateError` from another process that would not travel as itself."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = ExitCode(exit_code)

    def __reduce__(self) -> tuple[type[Relayed], tuple[str, int]]:
        return Relayed, (str(self), int(self.exit_code))


def _portable(exc: BaseException) -> BaseException:
    """``exc`` ready to travel: a bug keeps where in nominate it happened and its traceback
    (``nominate_where``, a note); one that cannot be rebuilt from a pickle is replaced by the
    same message and exit code (an error the user can act on) or its kind (a bug)."""
    if not isinstance(exc, NominateError):
        with contextlib.suppress(Exception):
            exc.nominate_where = where_in_nominate(exc)  # type: ignore[attr-defined]
            exc.add_note("".join(traceback.format_exception(exc)).rstrip())
    try:
        pickle.loads(pickle.dumps(exc, protocol=pickle.HIGHEST_PROTOCOL))
        return exc
    except Exception:  # (an exception whose __init__ takes other arguments)
        if isinstance(exc, NominateError):
            return Relayed(str(exc), exc.exit_code)
        stand_in = RuntimeError(type(exc).__name__)
        stand_in.nominate_kind = type(exc).__name__  # type: ignore[attr-defined]
        stand_in.nominate_where = getattr(exc, "nominate_where", "?")  # type: ignore[attr-defined]
        return stand_in


def _gather(pid: int, fd: int) -> list[Any]:
    """What the copy sent; an error it raised is raised here."""
    checkpoint()  # (a Ctrl-C swallowed here: the copies were interrupted too)
    with os.fdopen(fd, "rb", closefd=False) as pipe, _no_collection():
        try:
            kind, value = pickle.load(pipe)  # (our own copy wrote it)
            items: list[Any] = []
            if kind == "ok":
                while len(items) < value:
                    items.extend(pickle.load(pipe))
        except (EOFError, pickle.UnpicklingError):  # the copy died on the way
            checkpoint()
            _, status = os.waitpid(pid, 0)
            code = os.waitstatus_to_exitcode(status)
            raise WorkerError(t("errors.worker_died", code=code)) from None
    os.waitpid(pid, 0)
    if kind == "error":
        raise value
    return items


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """No garbage collection while results arrive: they hold no reference cycles, and each
    collection would scan the results gathered so far (unpickling 50,000 took 0.20 s with
    collections, 0.12 s without)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _end(pid: int, fd: int) -> None:
    with contextlib.suppress(OSError):  # (already read and closed)
        os.close(fd)
    try:
        if os.waitpid(pid, os.WNOHANG) == (0, 0):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except ChildProcessError:
        pass  # (already reaped)
