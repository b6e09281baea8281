"""Commands about the case file itself: check, schema, init."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reviewkit.cli.application import app
from reviewkit.cli.output import print_problems
from reviewkit.wording import plural

CaseArg = Annotated[Path, typer.Argument(help="The case file (YAML).", show_default=False)]


@app.command()
def check(case: CaseArg) -> None:
    """Check a case file and list every problem, located as FILE:LINE:COL."""
    from reviewkit.casefile import check_file
    from reviewkit.errors import CaseInvalidError

    result, problems = check_file(case)
    if result is None:
        raise CaseInvalidError(problems)
    print_problems(problems)
    note = f" ({plural(len(problems), 'warning')})" if problems else ""
    sizes = [
        (len(result.events), "event", None),
        (len(result.agencies), "agency", "agencies"),
        (len(result.people), "person", "people"),
        (len(result.episodes), "episode", None),
        (len(result.themes), "theme", None),
    ]
    counts = ", ".join(plural(count, noun, nouns) for count, noun, nouns in sizes)
    typer.echo(f"{case}: valid{note}: {counts}.")


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Folder for the new case (created if needed).")],
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            "-k",
            metavar="KIND",
            help="lcspr (an overview report) or rapid-review (every field the Panel's rapid "
            "review needs, marked FILL IN).",
        ),
    ] = "lcspr",
) -> None:
    """Start a new case: FOLDER/case.yaml from a commented starter file."""
    from reviewkit.scaffold import init_case

    path = init_case(folder, kind)
    typer.echo(f"Wrote {path}. Edit it, then run: reviewkit check {path}")
    if kind == "rapid-review":
        typer.echo(f"Requests for every agency: reviewkit agency-template {path} --all -o DIR")


@app.command()
def schema() -> None:
    """Print the case file's JSON Schema (for editors with a YAML language server)."""
    import json

    from reviewkit.model import case_json_schema

    typer.echo(json.dumps(case_json_schema(), indent=2))
