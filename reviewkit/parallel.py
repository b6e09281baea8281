"""Share one long job's chunks between this process and copies of it, with the same result.

A long case's chronology is tens of thousands of independent records. `in_chunks` splits
`range(count)` into consecutive chunks, the first large and the last small, and this
process and forked copies of it (which have everything already loaded: nothing is sent to
them) each take the next chunk not yet taken until none is left; it gives back the results
in order, as if one process had run them all in turn. A process slowed down (a copy's first
touches of memory, another program on its processor) simply takes fewer chunks: none waits
long for another.

Nothing depends on the copies: where the system cannot fork (Windows), has one processor
for this process, or the job is short, every chunk runs here in turn; and where a copy fails
in any way (it raised, was killed, or its result cannot be read), the chunks it took are run
here again, so an error is raised from this process exactly as the plain way would raise it.
A copy writes nothing but its result, through a pipe to this process, and then ends at once
(`os._exit`), so it never flushes this process's output or runs its exit handlers.

A `Job` is the same sharing started early: its copies take chunks from the moment it is
made, while this process does something else first (loads the rest of reviewkit), and
`results()` joins them later.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")

MAX_PROCESSES = 4
CHUNK_MIN = 1_000  # items below which a copy costs more than it saves
SMALLEST = 16  # the smallest chunk is the job over 16 times the processes (`chunk_bounds`)

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
    yield from Job(count, run).results()


class Job(Generic[T]):
    """A job's chunks, taken by copies of this process from the moment it is made.

    `results()` then takes the chunks left here, in turn, and gives every result in order
    (as `in_chunks`); `close()` ends the copies of a job never joined.
    """

    def __init__(self, count: int, run: Callable[[int, int], T]) -> None:
        self.run = run
        self.owner = os.getpid()  # a copy made later sees this job, and leaves it alone
        self.bounds = [0, count]
        self.queue: int | None = None
        self.copies: list[tuple[int, int] | None] = []  # (pid, read end of its pipe)
        shares = parts(count)
        if shares < 2:
            return
        bounds = self.bounds = chunk_bounds(count, shares)
        try:
            self.queue = _queue(len(bounds) - 1)
        except OSError:  # no pipe to share them through: every chunk here, in turn
            return
        import pickle  # here, not at start-up: a short job never needs it

        queue = self.queue

        def take(_start: int, _end: int) -> dict[int, bytes]:
            # Each result pickled as soon as it is made: while this process still works,
            # not all at the end while it waits.
            return {i: pickle.dumps(run(bounds[i], bounds[i + 1]), -1) for i in _taken(queue)}

        try:
            self.copies.extend(_fork(take, 0, 0) for _ in range(shares - 1))
        except BaseException:
            self.close()
            raise

    def results(self) -> Iterator[T]:
        """Every chunk's result in order, the chunks no copy has taken run here."""
        run, bounds = self.run, self.bounds
        chunks = len(bounds) - 1
        if os.getpid() != self.owner:  # a copy of the process that made it: all run here
            self.queue, self.copies = None, []
        try:
            if chunks == 1:  # not shared: run as it is (a job nested in it may be)
                yield run(0, bounds[1])
                return
            if self.queue is None:
                for start, end in zip(bounds, bounds[1:], strict=False):
                    yield _here(run, start, end)
                return
            done: dict[int, T] = {}
            failed: tuple[int, BaseException] | None = None
            for i in _taken(self.queue):
                try:
                    done[i] = _here(run, bounds[i], bounds[i + 1])
                except Exception as exc:  # raised below, after any chunk before it
                    failed = (i, exc)
                    break
            for n, copy in enumerate(self.copies):
                self.copies[n] = None  # collected (or never made): nothing left to end
                got = _collect(copy) if copy is not None else None
                if got is not None:
                    done.update(_unpickled(got[0]))
            for i in range(chunks):
                if failed is not None and i == failed[0]:
                    raise failed[1]
                yield done.pop(i) if i in done else _here(run, bounds[i], bounds[i + 1])
        finally:
            self.close()

    def close(self) -> None:
        """End any copy not yet collected and let go of the queue (done once)."""
        if os.getpid() != self.owner:
            return  # its copies and queue are the other process's to end
        if self.queue is not None:
            os.close(self.queue)
            self.queue = None
        for n, copy in enumerate(self.copies):
            self.copies[n] = None
            if copy is not None:
                _end(copy)


def _unpickled(results: dict[int, bytes]) -> Iterator[tuple[int, Any]]:
    """A copy's results, each read back (one that cannot be is left out: run here again)."""
    import pickle

    for number, data in results.items():
        try:
            yield number, pickle.loads(data)
        except Exception:  # noqa: BLE001, S112 - an unreadable result is run again here
            continue


def chunk_bounds(count: int, shares: int) -> list[int]:
    """Where the chunks of `count` items shared by `shares` processes start and end.

    Large chunks first, then smaller ones (each a half of what is left over the processes,
    down to the smallest): few chunks, so little is spent on each, and a last one small, so
    the process that finishes first waits for another only briefly.
    """
    smallest = max(1, count // (shares * SMALLEST))
    bounds = [0]
    while bounds[-1] < count:
        left = count - bounds[-1]
        bounds.append(bounds[-1] + min(left, max(smallest, left // (2 * shares))))
    return bounds


def _queue(chunks: int) -> int:
    """The read end of a pipe holding the numbers of `chunks` chunks, one byte each.

    Every process reads the next number from it, so each chunk is taken exactly once (the
    kernel hands out a pipe's bytes in order, one read at a time); its write end is closed,
    so a read of the empty pipe ends at once.
    """
    assert chunks <= 255  # one byte a number: `chunk_bounds` makes far fewer
    read, write = os.pipe()
    try:
        os.write(write, bytes(range(chunks)))
    except OSError:
        os.close(read)
        raise
    finally:
        os.close(write)
    return read


def _taken(queue: int) -> Iterator[int]:
    """The numbers of the chunks this process takes from the queue, until none is left."""
    while True:
        number = os.read(queue, 1)
        if not number:
            return
        yield number[0]


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
        gc.disable()  # it lives for one job, and ends without freeing anything
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
