"""The one guard every input file passes: a regular file of bounded size, read without hanging.

Every reader (case files, returned chronologies, files to scan) reads its input through
`read_input`. A named pipe, a device such as /dev/zero, a socket, a folder or a symbolic
link that loops is refused by name at once, before any byte is read; a file larger than the
reader's limit is refused by its size. Zip-based formats (.xlsx, .docx) are checked by
`open_zip` against limits on their parts before anything inside is parsed, and their XML is
parsed by `xml_parser`, which never fetches, expands entities or accepts giant text nodes.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewkit.errors import InputFileError

MB = 1_048_576

_SPECIAL = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


def _megabytes(size: int) -> str:
    return f"{size / MB:,.0f} MB" if size >= MB else f"{size:,} bytes"


def _refuse_kind(path: Path, mode: int, what: str) -> None:
    if stat.S_ISDIR(mode):
        raise InputFileError(f"{path}: is a folder; give the path of the {what} itself.")
    if not stat.S_ISREG(mode):
        kind = _SPECIAL.get(stat.S_IFMT(mode), "not a regular file")
        raise InputFileError(
            f"{path}: is {kind}, not a file; reviewkit reads only files saved on disk. "
            f"Save the {what} as a file and give its path."
        )


def _too_big(path: Path, size: int, limit: int, too_big: str) -> InputFileError:
    return InputFileError(
        f"{path}: {_megabytes(size)} is larger than the {_megabytes(limit)} reviewkit reads; "
        f"{too_big}."
    )


def check_file(path: Path, *, what: str) -> os.stat_result:
    """Refuse anything but an existing regular file (see `check_readable`); return its stat."""
    try:
        info = Path(path).stat()  # follows symbolic links: what matters is what they point at
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such {what}; check the path.") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputFileError(
                f"{path}: is a symbolic link that loops (it points, in the end, back at "
                f"itself); give the path of the {what} itself."
            ) from None
        raise InputFileError(f"{path}: cannot read this {what}: {exc.strerror}.") from None
    _refuse_kind(path, info.st_mode, what)
    return info


def check_readable(path: Path, *, what: str, limit: int, too_big: str) -> int:
    """Refuse anything but an existing regular file within `limit` bytes; return its size.

    A missing file, a folder, a pipe, a device, a socket or a symbolic link that loops is
    refused by name, with what to do about it.
    """
    info = check_file(path, what=what)
    if info.st_size > limit:
        raise _too_big(path, info.st_size, limit, too_big)
    return info.st_size


def read_input(path: Path, *, what: str, limit: int, too_big: str) -> bytes:
    """The bytes of an input file, refused (see `check_readable`) rather than read unbounded."""
    check_readable(path, what=what, limit=limit, too_big=too_big)
    try:
        # O_NONBLOCK: should the path become a pipe after the check, opening it must not wait
        # for a writer. The open file is checked again, so what is read is what was checked.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read this {what}: {exc.strerror}.") from None
    with os.fdopen(fd, "rb") as handle:
        _refuse_kind(path, os.fstat(fd).st_mode, what)
        raw = handle.read(limit + 1)
    if len(raw) > limit:  # it grew after the check
        raise _too_big(path, len(raw), limit, too_big)
    return raw


@dataclass(frozen=True)
class ZipLimits:
    """What a zip-based file (.xlsx, .docx) may hold before reviewkit refuses it."""

    parts: int = 10_000  # entries in the archive
    part_bytes: int = 128 * MB  # uncompressed size of any one entry
    total_bytes: int = 256 * MB  # uncompressed size of all entries together


def open_zip(raw: bytes, path: Path, *, limits: ZipLimits, kind: str, fix: str) -> zipfile.ZipFile:
    """A zip archive held in memory, refused when it is not one or is past `limits`.

    The sizes checked are those the archive declares; Python's zipfile never inflates an
    entry past its declared size (it fails the entry instead), so a zip bomb is refused here,
    before any part is inflated. `kind` names the file ("Excel workbook") and `fix` says
    what to do with one that is refused.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise InputFileError(f"{path}: not a readable {kind}; {fix}") from None
    entries = archive.infolist()
    if len(entries) > limits.parts:
        raise InputFileError(
            f"{path}: holds {len(entries):,} parts, more than the {limits.parts:,} reviewkit "
            f"reads in a {kind}; {fix}"
        )
    total = 0
    for entry in entries:
        total += entry.file_size
        limit = limits.part_bytes if entry.file_size > limits.part_bytes else limits.total_bytes
        if total > limits.total_bytes or entry.file_size > limits.part_bytes:
            raise InputFileError(
                f"{path}: unpacks to more than the {_megabytes(limit)} reviewkit reads in "
                f"one {kind} (is it damaged, or a zip bomb?); {fix}"
            )
    return archive


def xml_parser() -> Any:
    """An lxml parser for untrusted XML: no network, no entities, no DTD, no giant nodes."""
    from lxml import etree  # type: ignore[import-untyped]

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
