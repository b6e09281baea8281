"""Commands for training material: anonymise a case file, and scan any file for leaks."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reviewkit.cli.application import app
from reviewkit.wording import plural

if TYPE_CHECKING:
    from reviewkit.anonymise.scan import ReviewWord

REVIEW_SHOWN = 15


@app.command()
def anonymise(
    case: Annotated[Path, typer.Argument(help="The case file (YAML).", show_default=False)],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="The anonymised case file to write.", show_default=False
        ),
    ],
    scheme: Annotated[
        str | None,
        typer.Option(
            "--scheme",
            help="Names: case-names (each person's `name`) or letters (Child A, Mother ...).",
            show_default="the case's anonymise.scheme, else case-names",
        ),
    ] = None,
    dates: Annotated[
        str | None,
        typer.Option(
            "--dates",
            help="Dates: age, interval, keep-year, shift or keep.",
            show_default="the case's anonymise.dates, else age",
        ),
    ] = None,
    audit: Annotated[
        Path | None,
        typer.Option(
            "--audit",
            help="Also write every replacement with the real text (owner-only file).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing outputs.")] = False,
) -> None:
    """Write an anonymised copy of a case file, with a replacement report next to it.

    The report (OUT.report.md) counts what was replaced and where, without real names.
    The output is scanned for leaks before anything is written: on a leak nothing is
    written and the exit code is 1.
    """
    from reviewkit.anonymise.anonymiser import Options
    from reviewkit.anonymise.usecase import anonymise_to

    result = anonymise_to(
        case, output, Options(scheme=scheme, dates=dates), audit=audit, force=force
    )
    counts = result.counts
    typer.echo(f"Wrote {result.output} ({result.scheme} names, {result.dates} dates).")
    typer.echo(
        f"Replaced {plural(counts.names, 'name')}, "
        f"{plural(counts.places, 'place or service name')}, "
        f"{plural(counts.identifiers, 'identifier')} and {plural(counts.dates, 'date')}."
    )
    typer.echo(f"Wrote {result.report} (the replacement report; no real names).")
    if result.audit:
        typer.echo(f"Wrote {result.audit} (holds real names; only you can read it).")
    for warning in result.warnings:
        typer.echo(f"warning: {warning.message}", err=True)
    print_review(result.review, listed_in=result.report)


def print_review(words: list[ReviewWord], *, listed_in: Path | None = None) -> None:
    """The review list: capitalised words that may be names nobody listed.

    With `listed_in` (the report that lists every word and place) only the first few are
    shown; a scan, which writes no report, shows them all.
    """
    if not words:
        return
    typer.echo("")
    typer.echo("Check these words by eye: they look like names but are not in the case's")
    typer.echo("vocabulary (list them under anonymise.places, or under anonymise.keep):")
    shown = words[:REVIEW_SHOWN] if listed_in is not None else words
    for word in shown:
        times = f"{word.count}x" if word.count > 1 else "1x"
        typer.echo(f"  {word.word} ({times}, first at {word.first})")
    if len(words) > len(shown):
        typer.echo(f"  ... and {len(words) - len(shown)} more, all listed in {listed_in}")


@app.command()
def scan(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Files to check: YAML, Markdown, text, DOCX or PDF.", show_default=False
        ),
    ],
    case: Annotated[
        Path,
        typer.Option(
            "--case",
            help="The original case file, whose names, places and dates of birth to look for.",
            show_default=False,
        ),
    ],
    publication: Annotated[
        bool,
        typer.Option(
            "--publication",
            help="Check a published report (build --publish): the partnership, agencies and "
            "authors may be named.",
        ),
    ] = False,
) -> None:
    """Check files for a case's real names, places and identifiers (exit code 1 on a hit).

    Each hit is printed as FILE:LINE:COL (or FILE: paragraph N, table cell, page) with what
    was found, never the name itself. Capitalised words that look like names but are not in
    the case's vocabulary are listed for review; they do not fail the scan.
    """
    from reviewkit.anonymise.scan import scan_files
    from reviewkit.casefile import load_case
    from reviewkit.errors import LeakError

    loaded = load_case(case, report_names=False)
    if publication:
        from reviewkit.reports.publication import scan_publication

        report = scan_publication(files, loaded.case)
    else:
        report = scan_files(files, loaded.case)
    if not report.names_checked:
        typer.echo(
            f"warning: {case} lists no real names, aliases or places, so only identifier "
            "patterns were checked; scan with the original case file.",
            err=True,
        )
    for hit in report.hits:
        typer.echo(str(hit))
    for hit in report.doubtful:
        typer.echo(f"{hit} (not counted as a leak)")
    print_review(report.review)
    if report.hits:
        raise LeakError(
            report.hits,
            what=plural(len(report.files), "file"),
            hint="remove or replace each one, then scan again.",
            listed=False,
        )
    typer.echo(f"No leaks found in {plural(len(report.files), 'file')}.")
