"""Share one long job's chunks between this process and copies of it, with the same result.

A long case's chronology is tens of thousands of independent records. `in_chunks` splits
`range(count)` into consecutive chunks, runs the first in this process and each other one in
a forked copy of it (which has everything already loaded: nothing is sent to it), and gives
back the results in order, as if one process had run them all in turn.

Nothing depends on the copies: where the system cannot fork (Windows), has one processor
for this process, or the job is short, every chunk runs here in turn; and where a copy fails
in any way (it raised, was killed, or its result cannot be read), its chunk is run here
again, so an error is raised from this process exactly as the plain way would raise it.
A copy writes nothing but its result, through a pipe to this process, and then ends at once
(`os._exit`), so it never flushes this process's output or runs its exit handlers.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

MAX_PROCESSES = 4
CHUNK_MIN = 1_000  # items below which a copy costs more than it saves
HERE_SHARE = 1.5  # the size of this process's chunk, against a copy's 1 (see `_bounds`)

LOADAVG = Path("/proc/loadavg")  # Linux: its fourth field counts the tasks running now

# True while this process runs a shared job's chunk, or is a copy: a job nested in a chunk
# (a parse inside a chunk of writing) runs here in turn, as the processors are taken.
_sharing = False


def processors() -> int:
    """How many processors this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - systems without affinity (macOS)


def free_processors() -> int:
    """How many processors nothing is running on at this moment, besides this process.

    A guess from the kernel's count of tasks running now (Linux's /proc/loadavg), for a job
    that gains only where a processor is idle: on a machine kept busy, a copy shares this
    process's time and adds its own costs. Where the count cannot be read, every processor
    but this process's counts as free.
    """
    try:
        running = int(LOADAVG.read_text().split()[3].partition("/")[0])
    except (OSError, ValueError, IndexError):
        return processors() - 1
    return max(0, min(processors(), os.cpu_count() or 1) - running)


def parts(count: int) -> int:
    """How many chunks `in_chunks` would share `count` items out in (1: all run here)."""
    if _sharing or not hasattr(os, "fork"):
        return 1
    return min(MAX_PROCESSES, processors(), max(1, count // CHUNK_MIN))


def in_chunks(count: int, run: Callable[[int, int], T]) -> Iterator[T]:
    """`run(start, end)` of consecutive chunks that cover range(count), results in order.

    `run` must give the same result in any process: it may read anything, and what it
    changes in this process's memory is lost in a copy, so it returns what it made instead.
    """
    shares = parts(count)
    if shares < 2:
        yield run(0, count)
        return
    bounds = _bounds(count, shares)
    copies: list[tuple[int, int] | None] = []  # (pid, read end of its pipe) for chunks 1...
    try:
        for start, end in zip(bounds[1:-1], bounds[2:], strict=True):
            copies.append(_fork(run, start, end))
        yield _here(run, bounds[0], bounds[1])
        for i, copy in enumerate(copies):
            copies[i] = None  # collected (or never made): nothing left to end
            result = _collect(copy) if copy is not None else None
            yield result[0] if result is not None else _here(run, bounds[i + 1], bounds[i + 2])
    finally:
        for copy in copies:
            if copy is not None:
                _end(copy)


def _bounds(count: int, shares: int) -> list[int]:
    """Where the chunks start and end: this process's chunk is the larger by `HERE_SHARE`.

    A copy does its chunk more slowly than this process does the same (every page it
    touches is copied on write, and its result is pickled, sent and read back here), so
    chunks of equal size would leave this process waiting for the copies. (Measured on an
    import of 5,000 rows on two processors: a copy took 1.3-1.7 times as long a row.)
    """
    weights = [HERE_SHARE] + [1.0] * (shares - 1)
    total = sum(weights)
    bounds, acc = [0], 0.0
    for weight in weights:
        acc += weight
        bounds.append(min(count, round(count * acc / total)))
    bounds[-1] = count
    return bounds


def _here(run: Callable[[int, int], T], start: int, end: int) -> T:
    """`run(start, end)` in this process, with any job nested in it run here in turn."""
    global _sharing
    outer, _sharing = _sharing, True
    try:
        return run(start, end)
    finally:
        _sharing = outer


def _fork(run: Callable[[int, int], T], start: int, end: int) -> tuple[int, int] | None:
    """A copy of this process running `run(start, end)`; None where none could be made."""
    global _sharing
    # Imported here, before the fork, so a copy has it: a short job never needs it at all.
    import pickle

    try:
        read, write = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:  # the copy
        _sharing = True  # it makes no copies of its own: the processors are taken
        status = 1
        try:
            os.close(read)
            # Pickled whole before any of it is sent: this process reads the pipe only when
            # its own chunk is done, and a copy pickling into a full pipe would wait for it.
            result = pickle.dumps(run(start, end), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as pipe:
                pipe.write(result)
            status = 0
        except BaseException:  # noqa: BLE001 - any failure: this process runs the chunk again
            pass
        finally:
            os._exit(status)
    os.close(write)
    return pid, read


def _collect(copy: tuple[int, int]) -> tuple[Any] | None:
    """A copy's result (in a 1-tuple), or None if it gave none; the copy has ended."""
    import pickle

    pid, read = copy
    try:
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
    except OSError:
        data = b""
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0 or not data:
        return None
    try:
        return (pickle.loads(data),)
    except Exception:  # noqa: BLE001 - an unreadable result is run again here
        return None


def _end(copy: tuple[int, int]) -> None:
    """End a copy not yet collected (this process is failing): close its pipe, stop it."""
    import signal

    pid, read = copy
    os.close(read)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
