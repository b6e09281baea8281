"""Commands about the case file itself: check, schema, init."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reviewkit.cli import app
from reviewkit.cli.output import print_problems

CaseArg = Annotated[Path, typer.Argument(help="The case file (YAML).", show_default=False)]


@app.command()
def check(case: CaseArg) -> None:
    """Check a case file and list every problem, located as FILE:LINE:COL."""
    from reviewkit.errors import CaseInvalidError
    from reviewkit.validate import check_file

    result, problems = check_file(case)
    if result is None:
        raise CaseInvalidError(problems)
    print_problems(problems)
    warnings = len(problems)
    note = f" ({warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""
    counts = (
        f"{len(result.events)} events, {len(result.agencies)} agencies, "
        f"{len(result.people)} people, {len(result.episodes)} episodes, "
        f"{len(result.themes)} themes"
    )
    typer.echo(f"{case}: valid{note}: {counts}.")


@app.command()
def schema() -> None:
    """Print the case file's JSON Schema (for editors with a YAML language server)."""
    import json

    from reviewkit.model import case_json_schema

    typer.echo(json.dumps(case_json_schema(), indent=2))
