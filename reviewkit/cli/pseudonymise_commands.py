"""The pseudonymise command: report names written into the case file where real names were."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reviewkit.cli.application import app
from reviewkit.cli.output import has_terminal
from reviewkit.wording import plural


@app.command(parse_ahead=True)
def pseudonymise(
    case: Annotated[Path, typer.Argument(help="The case file (YAML).", show_default=False)],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Apply the changes without asking.")
    ] = False,
) -> None:
    """Replace real names typed in free text with each person's report name, in the file.

    Shows every change first (the real name masked), then asks; --yes applies without asking.

    Comments and layout are kept; the version before is kept as CASE.bak.
    """
    from reviewkit.casefile import CaseStore
    from reviewkit.casefile.pseudonymise import apply_pseudonymise, plan_pseudonymise
    from reviewkit.errors import UsageError

    store = CaseStore(case)
    plan = plan_pseudonymise(store)
    if plan.empty:
        typer.echo(f"{case}: no real names in the free text; nothing to change.")
        return
    for change in plan.changes:
        typer.echo(f"{change.where}:")
        typer.echo(f"  - {change.before}")
        typer.echo(f"  + {change.after}")
    count = plural(len(plan.changes), "change")
    fields = plural(len(plan.fields), "field")
    if not yes:
        if not has_terminal():
            raise UsageError(
                f"{count} to make in {fields}, and no terminal to ask on; run again with "
                "--yes to apply them."
            )
        if not typer.confirm(f"Apply {count}?", default=False):
            typer.echo("Nothing was changed.")
            return
    result = apply_pseudonymise(store, plan)
    backup = f" (previous version: {result.backup.name})" if result.backup else ""
    typer.echo(f"{case}: {count} made in {fields}{backup}.")
