"""The quality command: check a draft against what makes a good review, with a score card."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from reviewkit.cli.application import app


class CardFormat(StrEnum):
    text = "text"
    md = "md"


@app.command()
def quality(
    case: Annotated[Path, typer.Argument(help="The case file (YAML).", show_default=False)],
    fmt: Annotated[
        CardFormat,
        typer.Option("--format", "-f", help="text: findings and card; md: the card for the panel."),
    ] = CardFormat.text,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the md score card to FILE."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
) -> None:
    """Check the draft against what the national Panel says makes a good review.

    Each finding is printed as FILE:LINE:COL: SEVERITY: PATH: MESSAGE, then a score card
    per heading: recommendations, analysis, the child at the centre, lines of enquiry,
    abbreviations, accuracy, hindsight and blame, and readiness for publication.

    Exits 1 when any finding is an error, 0 otherwise (warnings and notes do not fail).
    """
    from reviewkit.errors import UsageError
    from reviewkit.reports.quality import check_quality
    from reviewkit.reports.quality_card import card_document, score_card, verdict, write_card

    if output is not None and fmt is not CardFormat.md:
        raise UsageError("-o writes the score card as Markdown; add --format md.")
    if output is not None:
        from reviewkit.atomic import check_output

        check_output(output, force=force, case=case)
    result = check_quality(case)
    if fmt is CardFormat.md:
        if output is None:
            from reviewkit.render.markdown import render

            typer.echo(render(card_document(result)), nl=False)
        else:
            write_card(result, output, force=force)
            typer.echo(f"Wrote the score card to {output}", err=True)
    else:
        for finding in result.findings:
            typer.echo(str(finding))
        if result.findings:
            typer.echo()
        lines = score_card(result)
        width = max(len(line.heading) for line in lines)
        typer.echo(f"{'Score card':<{width}}  Errors  Warnings  Notes  Result")
        for line in lines:
            typer.echo(
                f"{line.heading:<{width}}  {line.errors:>6}  {line.warnings:>8}  "
                f"{line.notes:>5}  {line.result}"
            )
        typer.echo(verdict(result))
    if result.errors:
        raise typer.Exit(1)
