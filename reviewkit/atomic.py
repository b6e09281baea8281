"""Safe writes: nothing half-written, nothing the user wrote overwritten without asking."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from reviewkit.errors import OutputExistsError, ReviewkitError


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
