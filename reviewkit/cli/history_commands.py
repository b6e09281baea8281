"""The history command: list the kept versions of a case file, and put one back."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reviewkit.cli.application import app
from reviewkit.cli.output import has_terminal

if TYPE_CHECKING:
    from reviewkit.casefile.history import LineChanges, Version


@app.command()
def history(
    case: Annotated[Path, typer.Argument(help="The case file (YAML).", show_default=False)],
    restore: Annotated[
        int | None,
        typer.Option("--restore", metavar="N", help="Put version N back as the case file."),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Restore without asking first.")] = False,
) -> None:
    """List the versions of a case file kept before each session, import or merge.

    They are in .reviewkit/history/ beside the case file, the newest 20 of them.

    --restore N puts version N back; the file it replaces is kept as a version first.
    """
    from reviewkit.casefile import history as versions

    if restore is None:
        _list(case)
        return
    version = versions.find_version(case, restore)
    changes = versions.compare(case, [version])[0]
    since = "" if changes == versions.LineChanges(0, 0) else f"; since then: {_lines(changes)}"
    about = f"version {version.number} ({_when(version)}, before {version.label}{since})"
    if not yes:
        _confirm(case, about, restore)
    result = versions.restore(case, version)
    if not result.changed:
        typer.echo(f"{case} already holds {about}; nothing was changed.")
        return
    typer.echo(f"Restored {about} as {case}.")
    typer.echo(
        f"The file it replaced is kept as version 1: `reviewkit history {case} --restore 1` "
        "puts it back."
    )


def _list(case: Path) -> None:
    from reviewkit.casefile import history as versions
    from reviewkit.errors import InputFileError
    from reviewkit.inputs import check_file

    found = versions.list_versions(case)
    if not found:
        if not case.exists() and not case.is_symlink():
            raise InputFileError(f"{case}: no such file, and no versions of it are kept.")
        check_file(case, what="case file")  # a folder, a pipe or a looping link, by name
        typer.echo(
            f"No versions of {case} are kept yet: one is kept before each session, import or "
            "merge that changes it."
        )
        return
    rows = [("#", "When", "Kept before", "Size", "Changed since")]
    changes = versions.compare(case, found)
    rows += [
        (str(v.number), _when(v), v.label, _size(v.size), _lines(c))
        for v, c in zip(found, changes, strict=True)
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    right = {0, 3}  # numbers line up on the right
    typer.echo(f"Versions of {case}, newest first (in {versions.history_dir(case)}):")
    for row in rows:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        typer.echo("  ".join(cells).rstrip())
    typer.echo(f"Put one back with: reviewkit history {case} --restore N")


def _confirm(case: Path, about: str, number: int) -> None:
    from reviewkit.errors import UsageError

    if not has_terminal():
        raise UsageError(
            f"restoring replaces {case}, and there is no terminal here to ask you first; "
            f"add --yes to restore version {number} without asking."
        )
    try:
        agreed = typer.confirm(f"Replace {case} with {about}?", default=False)
    except typer.Abort:
        raise UsageError(
            f"no answer (input ended); nothing was restored. Add --yes to restore version "
            f"{number} without asking."
        ) from None
    if not agreed:
        typer.echo("Nothing was restored.")
        raise typer.Exit(0)


def _when(version: Version) -> str:
    """The version's time on this computer's clock, to the second."""
    return version.timestamp.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _lines(changes: LineChanges | None) -> str:
    """Lines the case file gained and lost since the version was kept."""
    if changes is None:
        return "file missing"
    if not changes.added and not changes.removed:
        return "no change"
    return f"+{changes.added} -{changes.removed} lines"
