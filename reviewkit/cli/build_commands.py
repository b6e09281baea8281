"""The build command (reports) and output helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reviewkit.cli.application import app
from reviewkit.cli.output import notice_line, parse_today, print_problems, print_renamed
from reviewkit.wording import plural


@app.command()
def build(
    case: Annotated[Path, typer.Argument(help="The case file (YAML).", show_default=False)],
    outdir: Annotated[
        Path, typer.Option("--output", "-o", help="Folder to write the report into.")
    ] = Path("out"),
    fmt: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format: md, docx, pdf or all (repeat, or separate with commas).",
            show_default="md",
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            help="Report to build: lcspr, rapid-review, case-study, action-plan, progress, "
            "briefing ... Default: the one for the review's kind.",
        ),
    ] = None,
    chronology: Annotated[
        bool, typer.Option("--chronology", help="Add the chronology as an appendix.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing outputs.")] = False,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="Folder with your own copies of wording templates (e.g. lcspr/*.j2).",
        ),
    ] = None,
    figures: Annotated[
        bool,
        typer.Option(
            "--figures",
            help="Add the swimlane timeline picture (PNG beside the report; embedded in docx/pdf).",
        ),
    ] = False,
    reference_doc: Annotated[
        Path | None,
        typer.Option(
            "--reference-doc",
            metavar="FILE.docx",
            help="Word file whose styles, page setup, header and footer docx and pdf use.",
        ),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            metavar="YYYY-MM-DD",
            help="Rate action plans as on this day (action-plan, progress). Default: today.",
        ),
    ] = None,
    publish: Annotated[
        bool,
        typer.Option(
            "--publish",
            help="The version for the public: generic labels for places and agencies, no dates "
            "of birth, no protective marking; refused while a placeholder or a leak remains.",
        ),
    ] = False,
) -> None:
    """Build the overview report from a case file.

    Writes OUTDIR/NAME-KIND.md; NAME is the case file's name, or its folder's for case.yaml.

    Prints each file written on stdout, and each warning on stderr.

    Analysis not yet written shows in the report as a marked placeholder, with a warning.

    With --publish, nothing is written while analysis is missing or the leak scan finds a
    name, place or identifier; every file written is scanned again before success.
    """
    from reviewkit.build import build as build_report

    formats = [name for value in (fmt or ["md"]) for name in value.split(",") if name.strip()]
    result = build_report(
        case,
        outdir=outdir,
        formats=formats,
        kind=kind,
        chronology=chronology,
        force=force,
        templates=templates,
        figures=figures,
        reference_doc=reference_doc,
        today=parse_today(today),
        publish=publish,
    )
    from reviewkit.casefile import OUTSIDE_SCOPE

    background = [p for p in result.problems if p.code == OUTSIDE_SCOPE]
    print_problems([p for p in result.problems if p.code != OUTSIDE_SCOPE])
    if background:
        typer.echo(
            f"note: {plural(len(background), 'event')} outside the scope period are "
            "background (see reviewkit check)",
            err=True,
        )
    print_renamed(result.renamed, case)
    for warning in result.warnings:
        typer.echo(f"warning: {notice_line(warning)}", err=True)
    for path in result.outputs:
        typer.echo(str(path))
    if result.published:
        typer.echo(
            f"Published: {plural(len(result.outputs), 'file')} written and scanned; "
            "no leaks found.",
            err=True,
        )
