"""A history of versions of a case file: timestamped copies, listed and restored.

Every writer that saves through `CaseStore` copies the file, as it was before its first
change, to `.reviewkit/history/` beside the case file: `<stem>.<UTC time>.<label><suffix>`,
for example `case.20240501T101502.123456Z.author.yaml`. The folder is readable only by its
owner (0o700) and so is each copy (0o600), because a case file holds the most sensitive facts
a review has. The newest `KEEP` copies of each case file are kept; older ones are deleted.

Restoring a version first copies the current file into the history too, so a restore can
itself be undone, then replaces the file atomically, keeping its permissions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from reviewkit import atomic
from reviewkit.errors import InputFileError, ReviewkitError, UsageError
from reviewkit.wording import plural

# How many versions of each case file are kept.
KEEP = 20

# Beside the case file; a dot folder, so editors and file listings leave it out.
HISTORY_FOLDER = Path(".reviewkit") / "history"
FOLDER_MODE = 0o700
FILE_MODE = 0o600

_STAMP = "%Y%m%dT%H%M%S.%fZ"
_MIDDLE = re.compile(r"(?P<stamp>\d{8}T\d{6}\.\d{6}Z)\.(?P<label>[a-z0-9][a-z0-9-]*)")


@dataclass(frozen=True)
class Version:
    """One saved copy of a case file: when it was taken, by what, its size and where it is."""

    number: int  # 1 is the newest
    timestamp: dt.datetime  # UTC
    label: str  # what was about to change the file: "author", "import", "restore"...
    size: int  # bytes
    path: Path


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: the version put back, and the copy kept of the file it replaced."""

    path: Path
    version: Version
    changed: bool  # False when the file already held exactly this version
    previous: Path | None  # the history copy of the file as it was before the restore


@dataclass(frozen=True)
class LineChanges:
    """How many lines one text has that another lacks, each way (moves are not counted)."""

    added: int
    removed: int


def history_dir(path: Path) -> Path:
    """The folder holding the versions of the case file at `path`."""
    return Path(path).parent / HISTORY_FOLDER


def label_of(what: str) -> str:
    """A short label for a file name from a description ('import of X' -> 'import-of-x')."""
    label = re.sub(r"[^a-z0-9]+", "-", what.lower()).strip("-")
    return label[:40].rstrip("-") or "change"


def snapshot(path: Path, label: str) -> Path:
    """Copy the case file's current bytes into its history; return the copy's path.

    The newest `KEEP` copies stay; older ones are deleted.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read it ({exc.strerror or exc}).") from None
    return _keep(path, data, label)


def list_versions(path: Path) -> list[Version]:
    """Every kept version of the case file at `path`, the newest first (numbered from 1)."""
    path = Path(path)
    folder = history_dir(path)
    prefix, suffix = f"{path.stem}.", path.suffix
    found: list[tuple[dt.datetime, str, Path]] = []
    try:
        entries = list(folder.iterdir())
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise InputFileError(f"{folder}: cannot read it ({exc.strerror or exc}).") from None
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(suffix)):
            continue
        middle = name[len(prefix) : len(name) - len(suffix)]
        match = _MIDDLE.fullmatch(middle)
        if match is None or not entry.is_file():
            continue
        stamp = dt.datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=dt.UTC)
        found.append((stamp, match["label"], entry))
    found.sort(key=lambda item: (item[0], item[2].name), reverse=True)
    return [
        Version(number, stamp, label, entry.stat().st_size, entry)
        for number, (stamp, label, entry) in enumerate(found, start=1)
    ]


def find_version(path: Path, number: int) -> Version:
    """Version `number` of the case file (1 is the newest), or a UsageError saying what exists."""
    versions = list_versions(path)
    if not versions:
        raise UsageError(f"{path}: no versions are kept yet (in {history_dir(path)}).")
    for version in versions:
        if version.number == number:
            return version
    kept = plural(len(versions), "version is", "versions are")
    raise UsageError(
        f"{path}: there is no version {number}; {kept} kept, numbered 1 (the newest) "
        f"to {len(versions)}."
    )


def restore(path: Path, version: Version) -> RestoreResult:
    """Put a kept version back as the case file, after keeping the current file in the history.

    The file is replaced atomically and keeps its permissions. Nothing is written when it
    already holds exactly that version.
    """
    path = Path(path)
    try:
        data = version.path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"{version.path}: cannot read it ({exc.strerror or exc}).") from None
    try:
        current: bytes | None = path.read_bytes()
    except FileNotFoundError:
        current = None  # deleted: putting a version back is how to recover it
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read it ({exc.strerror or exc}).") from None
    if current == data:
        return RestoreResult(path, version, changed=False, previous=None)
    try:
        # The version's bytes are already read, so pruning may delete its file safely.
        previous = _keep(path, current, "restore") if current is not None else None
        # A file that is gone gets the copy's owner-only mode rather than the umask's.
        atomic.write_bytes(path, data, mode=None if current is not None else FILE_MODE)
    except OSError as exc:
        raise ReviewkitError(
            f"{path}: could not write it ({exc.strerror or exc}); the file was not changed."
        ) from None
    return RestoreResult(path, version, changed=True, previous=previous)


def line_changes(old: bytes, new: bytes) -> LineChanges:
    """Lines `new` has that `old` lacks (added) and the reverse (removed), counted as multisets.

    Counting lines rather than diffing keeps this linear for a case file of any size.
    """
    before = Counter(old.splitlines())
    after = Counter(new.splitlines())
    return LineChanges(added=sum((after - before).values()), removed=sum((before - after).values()))


def compare(path: Path, versions: list[Version]) -> list[LineChanges | None]:
    """Each version's line changes from it to the case file now (None if the file is gone)."""
    try:
        current = Path(path).read_bytes()
    except FileNotFoundError:
        return [None for _ in versions]
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read it ({exc.strerror or exc}).") from None
    return [line_changes(v.path.read_bytes(), current) for v in versions]


# --- writing ----------------------------------------------------------------------------------


def _keep(path: Path, data: bytes, label: str) -> Path:
    """Write `data` as the newest version of `path`, then delete versions beyond `KEEP`."""
    folder = _make_folder(history_dir(path))
    label = label_of(label)
    existing = list_versions(path)
    stamp = dt.datetime.now(dt.UTC)
    if existing and stamp <= existing[0].timestamp:
        # Two copies in one microsecond (or a clock put back): the newest still sorts first.
        stamp = existing[0].timestamp + dt.timedelta(microseconds=1)
    target = folder / f"{path.stem}.{stamp.strftime(_STAMP)}.{label}{path.suffix}"
    atomic.write_bytes(target, data, mode=FILE_MODE)
    for old in list_versions(path)[KEEP:]:
        old.path.unlink(missing_ok=True)
    return target


def _make_folder(folder: Path) -> Path:
    """Create the history folder (and `.reviewkit`) readable by the owner only."""
    for part in (folder.parent, folder):
        if part.is_dir():
            continue
        try:
            part.mkdir()
        except FileExistsError:
            if not part.is_dir():
                raise ReviewkitError(
                    f"{part} is a file; reviewkit keeps versions in a folder of that name."
                ) from None
        except OSError as exc:
            raise ReviewkitError(
                f"{part}: cannot create the folder ({exc.strerror or exc})."
            ) from None
        # mkdir's mode is filtered through the umask; set it exactly.
        part.chmod(FOLDER_MODE)
    return folder


__all__ = [
    "HISTORY_FOLDER",
    "KEEP",
    "LineChanges",
    "RestoreResult",
    "Version",
    "compare",
    "find_version",
    "history_dir",
    "label_of",
    "line_changes",
    "list_versions",
    "restore",
    "snapshot",
]
