"""Files to start from: a new case folder, and the Word reference document to customise."""

from __future__ import annotations

from pathlib import Path

from reviewkit import atomic
from reviewkit.errors import OutputExistsError, ReviewkitError, UsageError
from reviewkit.templates import builtin_dir

STARTER = "starter-case.yaml"


def init_case(folder: Path) -> Path:
    """Create `folder` (if needed) with a starter case.yaml; never overwrite an existing one."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ReviewkitError(f"{folder} is a file; give the path of a folder for the new case.")
    target = folder / "case.yaml"
    if target.exists():
        raise OutputExistsError(target, "choose another folder, or go on editing that case")
    text = (builtin_dir() / STARTER).read_text(encoding="utf-8")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReviewkitError(f"{folder}: cannot create the folder: {exc.strerror}.") from None
    atomic.write_text(target, text)
    return target


def reference_doc(path: Path, *, force: bool = False) -> Path:
    """Write the default Word reference document to `path` (a .docx), for a user to customise."""
    from reviewkit.render.docx import write_reference_doc

    path = Path(path)
    if path.suffix.lower() != ".docx":
        raise UsageError(f"{path}: a reference document is a Word file; name it with .docx.")
    atomic.refuse_overwrite([path], force=force)
    write_reference_doc(path)
    return path
