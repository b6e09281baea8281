"""Files to start from: a new case folder, and the Word reference document to customise."""

from __future__ import annotations

from pathlib import Path

from reviewkit import atomic
from reviewkit.errors import OutputExistsError, ReviewkitError, UsageError
from reviewkit.templates import builtin_dir
from reviewkit.wording import did_you_mean

STARTER = "starter-case.yaml"
# The starter file for each kind of case `reviewkit init --kind` can start.
STARTERS = {"lcspr": STARTER, "rapid-review": "starter-rapid-review.yaml"}


def init_case(folder: Path, kind: str = "lcspr") -> Path:
    """Create `folder` (if needed) with a starter case.yaml; never overwrite an existing one.

    `kind` chooses the starter: an overview report's case (lcspr), or a rapid review with
    every field the Panel's rapid review needs marked FILL IN.
    """
    starter = STARTERS.get(kind)
    if starter is None:
        raise UsageError(
            f"--kind {kind}: reviewkit can start a case of kind {' or '.join(STARTERS)}"
            f"{did_you_mean(kind, STARTERS)}."
        )
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ReviewkitError(f"{folder} is a file; give the path of a folder for the new case.")
    target = folder / "case.yaml"
    if target.exists():
        raise OutputExistsError(target, "choose another folder, or go on editing that case")
    text = (builtin_dir() / starter).read_text(encoding="utf-8")
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
