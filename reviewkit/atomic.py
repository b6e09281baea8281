"""Safe writes: nothing half-written, nothing the user wrote overwritten without asking.

A write goes to a temporary file next to the target, is flushed to disk, then renamed over
it. The temporary file is named `.NAME.PID.XXXXXXXX.reviewkit-tmp` (PID: the writing process),
so that one a killed process left behind can be found and removed later (`remove_leftovers`).
A symlinked target is written through: the file it points at is replaced, the link stays.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from reviewkit.errors import OutputExistsError, ReadOnlyFileError, ReviewkitError, UsageError

TEMP_SUFFIX = ".reviewkit-tmp"


def target_of(path: Path) -> Path:
    """The file a write to `path` replaces: `path` itself, or what its symlinks point at."""
    return Path(os.path.realpath(path))


def is_read_only(path: Path) -> bool:
    """True for an existing file the user has marked read-only (or may not write)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    # The write bits, not only os.access: an administrator may write anything, but a file
    # with no write bit at all was made read-only on purpose.
    return not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK)


def write_bytes(path: Path, data: bytes | Iterable[bytes], *, mode: int | None = None) -> None:
    """Write `data` (or its pieces, in turn) to `path` atomically: temporary file in the same
    folder, fsync, rename.

    A crash or kill at any moment leaves either the old file or the new one, never a mix.
    `mode` sets the permissions of the new file (for example 0o600 for audit files); an
    existing file keeps its own. A read-only file is refused (ReadOnlyFileError).
    """
    shown = Path(path)
    path = target_of(shown)
    folder = shown.parent if str(shown.parent) else Path()
    if is_read_only(path):
        raise ReadOnlyFileError(shown)
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=path.parent
        )
    except FileNotFoundError:
        raise ReviewkitError(f"{folder}: no such folder; create it first.") from None
    except PermissionError:
        raise ReviewkitError(f"{folder}: no permission to write here.") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in (data,) if isinstance(data, bytes) else data:
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            tmp.chmod(mode)
        elif path.exists():
            tmp.chmod(path.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            tmp.chmod(0o666 & ~umask)
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


def write_text(path: Path, text: str, *, mode: int | None = None) -> None:
    """Write UTF-8 text atomically (see `write_bytes`).

    The text is encoded a piece at a time: a large case file is never held twice over.
    """
    write_bytes(path, utf8_pieces(text), mode=mode)


def utf8_pieces(text: str) -> Iterator[bytes]:
    """`text` encoded as UTF-8, a megabyte of characters at a time (never all at once)."""
    for i in range(0, len(text), _PIECE):
        yield text[i : i + _PIECE].encode("utf-8")


_PIECE = 1 << 20  # characters encoded at a time


def _leftover_pattern(name: str) -> re.Pattern[str]:
    # This version's names carry the writer's process id; earlier versions wrote
    # `.NAME.XXXXXXXX.tmp` (tempfile's eight random characters) and are matched too.
    return re.compile(
        re.escape(f".{name}.")
        + r"(?:(?P<pid>\d+)\.[a-z0-9_]{8}"
        + re.escape(TEMP_SUFFIX)
        + r"|[a-z0-9_]{8}\.tmp)"
    )


def leftovers(path: Path) -> list[Path]:
    """Temporary files an interrupted write of `path` left behind (not ones still in use)."""
    target = target_of(Path(path))
    pattern = _leftover_pattern(target.name)
    try:
        entries = sorted(target.parent.iterdir())
    except OSError:
        return []
    found = []
    for entry in entries:
        m = pattern.fullmatch(entry.name)
        if m is None or (m["pid"] is not None and _running(int(m["pid"]))):
            continue
        found.append(entry)
    return found


def remove_leftovers(path: Path) -> list[Path]:
    """Remove what `leftovers` finds (they may hold a full copy of the file); the removed."""
    removed = []
    for leftover in leftovers(path):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
            removed.append(leftover)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True  # this process's own write, still going (or about to clean up itself)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # it exists, but belongs to someone else
    return True


def _fsync_dir(folder: Path) -> None:
    # Make the rename itself durable; not every platform can open a folder.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def refuse_overwrite(paths: list[Path], *, force: bool) -> None:
    """Raise OutputExistsError for the first existing path unless `force`."""
    if force:
        return
    for path in paths:
        if path.exists():
            raise OutputExistsError(path)


def check_output(path: Path, *, force: bool, case: Path | None = None) -> None:
    """Refuse an output file that is a folder, is the case file itself, or exists (unless force).

    Commands call it before doing any work, so a wrong -o fails at once.
    """
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name for -o.")
    if case is not None and path.exists() and path.resolve() == Path(case).resolve():
        raise UsageError(f"{path} is the case file itself; choose another output.")
    refuse_overwrite([path], force=force)


def write_output(path: Path, text: str, *, force: bool, case: Path | None = None) -> Path:
    """Write an exported text file safely, after the checks of `check_output`; return its path."""
    check_output(path, force=force, case=case)
    write_text(path, text)
    return path


@contextlib.contextmanager
def private_scratch(path: Path, text: str) -> Iterator[Path]:
    """A scratch file holding `text` that only its owner can read, removed when done.

    For text handed to another program (the author's editor): it holds case material. If the
    block fails the file is left, so what the author wrote in it is not lost.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    yield path
    path.unlink(missing_ok=True)
