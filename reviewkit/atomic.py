"""Safe writes: nothing half-written, nothing the user wrote overwritten without asking."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from reviewkit.errors import OutputExistsError, ReviewkitError, UsageError


def write_bytes(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write `data` to `path` atomically: temporary file in the same folder, fsync, rename.

    A crash or kill at any moment leaves either the old file or the new one, never a mix.
    `mode` sets the permissions of the new file (for example 0o600 for audit files).
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path()
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except FileNotFoundError:
        raise ReviewkitError(f"{folder}: no such folder; create it first.") from None
    except PermissionError:
        raise ReviewkitError(f"{folder}: no permission to write here.") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
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
    _fsync_dir(folder)


def write_text(path: Path, text: str, *, mode: int | None = None) -> None:
    """Write UTF-8 text atomically (see `write_bytes`)."""
    write_bytes(path, text.encode("utf-8"), mode=mode)


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
