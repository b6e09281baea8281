"""The timeline command (merged multi-agency chronology)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reviewkit.cli.application import app
from reviewkit.cli.output import console, print_renamed
from reviewkit.wording import plural

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console

    from reviewkit.model import Case
    from reviewkit.timeline import Entry, Filters, Summary


class Format(StrEnum):
    table = "table"
    csv = "csv"
    md = "md"


IdList = list[str] | None


@app.command()
def timeline(
    case: Annotated[Path, typer.Argument(help="The case file (YAML).", show_default=False)],
    agency: Annotated[
        IdList,
        typer.Option("--agency", "-a", metavar="ID", help="Only this agency's events."),
    ] = None,
    person: Annotated[
        IdList,
        typer.Option("--person", "-p", metavar="ID", help="Only events involving this person."),
    ] = None,
    episode: Annotated[
        IdList,
        typer.Option("--episode", "-e", metavar="ID", help="Only events in this episode (KPE)."),
    ] = None,
    type_: Annotated[
        IdList,
        typer.Option("--type", "-t", metavar="ID", help="Only events of this type."),
    ] = None,
    date_from: Annotated[
        str | None,
        typer.Option("--from", metavar="DATE", help="Only events on or after this date."),
    ] = None,
    date_to: Annotated[
        str | None,
        typer.Option("--to", metavar="DATE", help="Only events on or before this date."),
    ] = None,
    no_background: Annotated[
        bool, typer.Option("--no-background", help="Leave out events outside the scope period.")
    ] = False,
    child: Annotated[
        str | None,
        typer.Option(
            "--child", metavar="ID", help="Show this child's age; default: the subject child."
        ),
    ] = None,
    strand: Annotated[
        IdList,
        typer.Option(
            "--strand",
            "-s",
            metavar="ID",
            help="Only this strand's events (a national or thematic review); default: all.",
        ),
    ] = None,
    fmt: Annotated[
        Format | None,
        typer.Option("--format", "-f", help="Default: table; with -o, from the file's suffix."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write csv or md to FILE."),
    ] = None,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary",
            help="Counts per agency, type and episode, and the longest gaps (table, or md).",
        ),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
    provenance: Annotated[
        bool,
        typer.Option(
            "--provenance", help="Add a From column: the agency return and row of each event."
        ),
    ] = False,
    chart: Annotated[
        Path | None,
        typer.Option(
            "--chart",
            metavar="FILE.png|FILE.svg",
            help="Draw the events kept as a picture: one lane per agency along a time axis.",
        ),
    ] = None,
) -> None:
    """Show the merged multi-agency timeline, or export it as CSV or Markdown.

    Repeat a filter for several values (--agency hv --agency gp); all filters must match.

    --from and --to take a date at any precision (March 2023) and keep events overlapping it.

    Events outside the review's scope period are background, marked in the table.

    --chart draws the picture instead of the table: marks by event type, key practice
    episodes and the longest gaps shaded, the child's age under the dates; dense periods
    are counted per week, month or quarter.
    """
    from reviewkit import timeline as tl
    from reviewkit.casefile import load_case

    filters = tl.Filters(
        agency=agency or [],
        person=person or [],
        episode=episode or [],
        type=type_ or [],
        date_from=tl.parse_window_date(date_from, "--from") if date_from else None,
        date_to=tl.parse_window_date(date_to, "--to") if date_to else None,
        include_background=not no_background,
        strand=strand or [],
    )
    if chart is not None:
        if output is not None or summary or fmt is not None:
            from reviewkit.errors import UsageError

            raise UsageError("--chart draws a picture; leave out --output, --format and --summary.")
        from reviewkit.reports.timeline_chart import write_timeline_chart

        drawn = write_timeline_chart(case, chart, filters=filters, child=child, force=force)
        binned = f", counted per {drawn.chart.bins}" if drawn.chart.bins else ""
        typer.echo(
            f"Drew {plural(drawn.chart.events, 'event')} in "
            f"{plural(len(drawn.chart.lanes), 'lane')}{binned} to {drawn.path}",
            err=True,
        )
        return
    fmt = _choose_format(fmt, output, summary)
    if output is not None:
        from reviewkit.atomic import check_output

        check_output(output, force=force, case=case)

    loaded = load_case(case)
    print_renamed(loaded.renamed, case)
    everything = tl.build_timeline(loaded.case, child=child)
    entries = tl.filter_entries(everything, filters, case=loaded.case)

    from reviewkit.render.markdown import render
    from reviewkit.reports.timeline_export import (
        summary_document,
        timeline_document,
        to_csv,
    )

    if summary:
        result = tl.summarise(loaded.case, entries)
        if fmt is Format.table:
            _render(lambda out: _print_summary(out, loaded.case, result, filters))
            return
        text = render(summary_document(result))
    elif fmt is Format.table:
        _render(lambda out: _print_table(out, loaded.case, everything, entries, provenance))
        return
    else:
        if fmt is Format.csv:
            text = to_csv(entries, loaded.case)
        else:
            text = render(timeline_document(entries))
    if output is None:
        typer.echo(text, nl=False)
        return
    from reviewkit.atomic import write_output

    write_output(output, text, force=force, case=case)
    events = plural(len(entries), "event")
    what = f"the summary of {events}" if summary else events
    typer.echo(f"Wrote {what} to {output}", err=True)


def _render(draw: Callable[[Console], None]) -> None:
    """Draw on a fresh console; piped, without the padding rich leaves at line ends."""
    out = console()
    if out.is_terminal:
        draw(out)
        return
    with out.capture() as captured:
        draw(out)
    typer.echo("\n".join(line.rstrip() for line in captured.get().splitlines()))


def _choose_format(fmt: Format | None, output: Path | None, summary: bool) -> Format:
    from reviewkit.errors import UsageError

    if summary and fmt is Format.csv:
        raise UsageError("--summary is several tables: use --format md (or the terminal table).")
    if output is None:
        return fmt or Format.table
    if fmt is None:
        guessed = {".csv": Format.csv, ".md": Format.md, ".markdown": Format.md}
        if output.suffix.lower() not in guessed:
            raise UsageError(f"say --format csv or --format md for {output}.")
        return guessed[output.suffix.lower()]
    if fmt is Format.table:
        raise UsageError("-o writes csv or md; add --format csv or --format md.")
    return fmt


def _scope_text(case: Case) -> str:
    from reviewkit.dates import in_words

    scope = case.review.scope
    if scope is None:
        return "not set (add review.scope to the case file)"
    return f"{in_words(scope.start)} to {in_words(scope.end)}"


def _scope_line(case: Case, entries: list[Entry]) -> str:
    in_scope = sum(e.in_scope for e in entries)
    background = len(entries) - in_scope
    events = plural(in_scope, "event")
    return f"Scope: {_scope_text(case)}; {events} in scope, {background} background"


# Column name, widest it may grow to, narrowest it may shrink to before Summary gives way.
_COLUMNS = [
    ("Date", 16, 10),
    ("Strand", 10, 6),
    ("Age", 15, 8),
    ("Agency", 10, 6),
    ("Type", 16, 10),
    ("From", 24, 12),
]
# Which columns give up width first when the terminal is narrow: the date stays readable.
_SHRINK_ORDER = ["From", "Type", "Strand", "Age", "Agency", "Date"]
# On a very narrow terminal these columns are left out, in this order, to keep Summary legible.
_DROP_ORDER = ["Age", "Type"]
_SUMMARY_MIN = 24
_AGE_LONG = 15


def _layout(rows: list[dict[str, str]], total: int) -> dict[str, int]:
    """The fixed columns to show and their widths, leaving Summary at least _SUMMARY_MIN."""
    names = [name for name, _, _ in _COLUMNS if name in rows[0]]
    widths = _fit(rows, names, total)
    for name in _DROP_ORDER:
        # Each column after the first costs 2 characters of padding.
        if sum(widths.values()) + 2 * len(widths) + _SUMMARY_MIN <= total:
            break
        if name in names:
            names.remove(name)
            widths = _fit(rows, names, total)
    return widths


def _fit(rows: list[dict[str, str]], names: list[str], total: int) -> dict[str, int]:
    """Widths for these columns: their content, capped, shrunk in _SHRINK_ORDER to fit."""
    widths: dict[str, int] = {}
    least: dict[str, int] = {}
    for name, most, fewest in _COLUMNS:
        if name not in names:
            continue
        lines = [line for row in rows for line in row[name].splitlines()]
        widths[name] = min(max(len(name), *map(len, lines)), most)
        # Never narrower than the longest word, so words wrap whole rather than split.
        longest_word = max(len(word) for line in [name, *lines] for word in line.split())
        least[name] = min(max(fewest, longest_word), widths[name])
    excess = sum(widths.values()) + 2 * len(widths) + _SUMMARY_MIN - total
    for name in _SHRINK_ORDER:
        if name in widths and excess > 0:
            cut = min(excess, widths[name] - least[name])
            widths[name] -= cut
            excess -= cut
    return widths


def _short_age(age: str) -> str:
    """'3 years 9 months to 3 years 10 months' as '3y 9m to 3y 10m', for a narrow column."""
    import re

    return re.sub(r"(\d+) (y|m|w|d)[a-z]*", r"\1\2", age)


def _print_table(
    out: Console,
    case: Case,
    everything: list[Entry],
    shown: list[Entry],
    provenance: bool = False,
) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    out.print(_scope_line(case, everything))
    if not shown:
        out.print("No events match these filters.")
        return
    has_age = any(e.age for e in shown)
    rows = []
    for entry in shown:
        date = entry.when
        if not entry.in_scope:
            # Marked in words as well as dimmed: piped output has no styles.
            date += "\n(background)"
        row = {"Date": date, "Age": entry.age, "Agency": entry.agency_short}
        if case.strands and len({e.strand for e in shown}) > 1:
            row = {"Date": date, "Strand": entry.strand, **row}
        row |= {"Type": entry.type_label, "Summary": entry.summary}
        # Uncertain ages run long ("3 years 9 months to 3 years 10 months"): only those are
        # shortened, so a baby's "11 days" stays as a report would write it.
        if len(entry.age) > _AGE_LONG:
            row["Age"] = _short_age(entry.age)
        if not has_age:
            del row["Age"]
        if provenance:
            from reviewkit.chronology.events import sources

            row["From"] = "\n".join(sources(entry.event))
        rows.append(row)
    widths = _layout(rows, out.width)

    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        padding=(0, 1, 0, 0),
        expand=True,
    )
    for name, width in widths.items():
        table.add_column(name, width=width, overflow="fold")
    table.add_column("Summary", ratio=1, min_width=_SUMMARY_MIN, overflow="fold")
    for entry, row in zip(shown, rows, strict=True):
        cells = [Text(row[name]) for name in [*widths, "Summary"]]
        table.add_row(*cells, style=None if entry.in_scope else "dim")
    out.print(table)
    events = plural(len(everything), "event")
    if len(shown) == len(everything):
        out.print(f"{events}.")
    else:
        out.print(f"{len(shown)} of {events} shown (filtered).")


def _print_summary(out: Console, case: Case, summary: Summary, filters: Filters) -> None:
    from rich import box
    from rich.table import Table

    from reviewkit.dates import in_words

    def table(title: str) -> Table:
        return Table(
            title=title,
            title_justify="left",
            title_style="bold",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
            show_edge=False,
        )

    note = " (filtered)" if filters.active else ""
    out.print(f"Scope: {_scope_text(case)}")
    out.print(
        f"{summary.total} events{note}: {summary.in_scope} in scope, "
        f"{summary.background} background"
    )

    agencies = table("Contacts by agency")
    for name, justify in [
        ("Agency", "left"),
        ("Contacts", "right"),
        ("First", "left"),
        ("Last", "left"),
        ("Child seen", "right"),
        ("Seen alone", "right"),
    ]:
        agencies.add_column(name, justify=justify)  # type: ignore[arg-type]
    for a in summary.agencies:
        agencies.add_row(
            a.agency_short,
            str(a.contacts),
            in_words(a.first),
            in_words(a.last),
            str(a.child_seen),
            str(a.seen_alone),
        )
    out.print()
    out.print(agencies)

    types = table("Events by type")
    types.add_column("Type")
    types.add_column("Events", justify="right")
    for t in summary.types:
        types.add_row(t.type_label, str(t.count))
    out.print()
    out.print(types)

    if summary.episodes:
        episodes = table("Events by key practice episode")
        episodes.add_column("KPE")
        episodes.add_column("Title", ratio=1)
        episodes.add_column("Events", justify="right")
        for e in summary.episodes:
            episodes.add_row(e.number, e.title, str(e.events))
        out.print()
        out.print(episodes)

    out.print()
    gaps = table("Longest gaps with no agency contact (in scope)")
    if summary.gaps:
        gaps.add_column("From")
        gaps.add_column("To")
        gaps.add_column("Days", justify="right")
        gaps.add_column("Gap")
        for g in summary.gaps:
            gaps.add_row(g.start_text, g.end_text, str(g.days), g.text)
        out.print(gaps)
    else:
        out.print("No gaps between in-scope contacts.")
