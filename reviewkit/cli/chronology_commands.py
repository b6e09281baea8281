"""Agency chronology commands: agency-template, import and duplicates."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reviewkit.cli.application import app
from reviewkit.cli.output import (
    console,
    has_terminal,
    print_problems,
    print_removed_leftovers,
    print_renamed,
)
from reviewkit.wording import plural

if TYPE_CHECKING:
    from rich.table import Table

    from reviewkit.chronology.duplicates import Group, Merge, MergeResult
    from reviewkit.chronology.importer import ImportResult, Outcome, Plan
    from reviewkit.chronology.template import Request
    from reviewkit.model import Case

# Set to 1 to ask the duplicate questions on input that is not a terminal (tests feed lines).

CaseArg = Annotated[Path, typer.Argument(help="The case file (YAML).", show_default=False)]
AgencyOpt = Annotated[
    str,
    typer.Option(
        "--agency", "-a", metavar="ID", help="The agency's id in the case file.", show_default=False
    ),
]


class TemplateFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"


@app.command("agency-template")
def agency_template(
    case: CaseArg,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="The file to write (.xlsx or .csv); with --all, the folder.",
            show_default=False,
        ),
    ],
    agency: Annotated[
        str | None,
        typer.Option(
            "--agency",
            "-a",
            metavar="ID",
            help="The agency's id in the case file.",
            show_default=False,
        ),
    ] = None,
    every: Annotated[
        bool, typer.Option("--all", help="Write a request for every agency, into the folder -o.")
    ] = False,
    fmt: Annotated[
        TemplateFormat | None,
        typer.Option(
            "--format", "-f", help="xlsx or csv; default: from the file name (--all: xlsx)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the output file.")] = False,
) -> None:
    """Write the chronology request for an agency to fill in (Excel workbook or CSV).

    The first sheet gives the review, the scope period, the date to return it by,
    instructions and the names in use. The workbook also has the "Agency summary" sheet.

    Real names and aliases are never written. The Chronology sheet imports with no mapping.
    """
    from reviewkit.errors import UsageError

    if every:
        if agency is not None:
            raise UsageError("give either --agency ID or --all, not both.")
        from reviewkit.chronology.template import write_requests

        many = write_requests(case, output, fmt.value if fmt else "xlsx", force=force)
        print_renamed(many.renamed, case)
        for one in many.written:
            typer.echo(f"Wrote {one.path}")
        first = many.written[0].request
        typer.echo(f"Scope period: {first.scope}.")
        _echo_return_by(first)
        typer.echo(f"When each comes back: reviewkit import {case} RETURN --agency ID")
        return
    if agency is None:
        raise UsageError("give the agency with --agency ID, or --all for every agency.")
    from reviewkit.chronology.template import write_request

    written = write_request(case, agency, output, fmt.value if fmt else None, force=force)
    request = written.request
    print_renamed(written.renamed, case)
    typer.echo(f"Wrote {written.path}: chronology request for {request.agency}.")
    typer.echo(f"Scope period: {request.scope}.")
    _echo_return_by(request)
    typer.echo(f"When it comes back: reviewkit import {case} RETURN --agency {agency}")


def _echo_return_by(request: Request) -> None:
    """The return-by day, and on its own line what it was counted from (80 columns)."""
    typer.echo(f"Return by: {request.return_day}" + ("" if request.return_basis else "."))
    if request.return_basis:
        typer.echo(f"  ({request.return_basis}).")


@app.command("import", parse_ahead=True)
def import_(
    case: CaseArg,
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Returned chronologies (.xlsx or .csv), or owners' workbooks with --actions.",
            show_default=False,
        ),
    ],
    agency: Annotated[
        str | None,
        typer.Option(
            "--agency",
            "-a",
            metavar="ID",
            help="The agency's id in the case file (for a chronology).",
            show_default=False,
        ),
    ] = None,
    actions: Annotated[
        bool,
        typer.Option(
            "--actions",
            help="Read action owners' updates from workbooks `reviewkit actions -f xlsx` wrote.",
        ),
    ] = False,
    maps: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar='"HEADING=FIELD"',
            help="Read a column with this heading as this field (repeatable); FIELD 'ignore' "
            "leaves it out.",
        ),
    ] = None,
    type_maps: Annotated[
        list[str] | None,
        typer.Option(
            "--map-type",
            metavar='"TEXT=TYPE"',
            help="Read this event type as written as this type id (repeatable).",
        ),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", metavar="NAME", help="Only this sheet of a workbook.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Show what would be imported; write nothing.")
    ] = False,
    skip_bad: Annotated[
        bool,
        typer.Option("--skip-bad", help="Import the good rows even when some rows have problems."),
    ] = False,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace", help="Let the return's agency summary replace one already written."
        ),
    ] = False,
) -> None:
    """Import agencies' returned chronologies into the case file's events.

    The "Agency summary" sheet, when the workbook has one, goes into the agency's return
    (agency_returns), each answer with its cell. It never replaces a summary already written
    unless you give --replace.

    Every event records where it came from: the file, sheet and row.

    Importing a return again replaces its earlier import and keeps your edits to its events.

    Nothing is written when any row has a problem, unless you give --skip-bad.

    With --actions, reads the owners' workbooks back into the actions, each change dated
    and with the workbook, sheet and row it came from.
    """
    if actions:
        from reviewkit.cli.action_commands import import_actions

        import_actions(case, files, dry_run=dry_run, skip_bad=skip_bad)
        return
    if agency is None:
        from reviewkit.errors import UsageError

        raise UsageError("give the agency whose chronology this is with --agency ID.")
    from reviewkit.chronology import headers, importer

    options = importer.Options(
        agency=agency,
        maps=headers.parse_maps(maps or []),
        type_maps=_type_maps(type_maps or []),
        sheet=sheet,
        replace=replace,
    )
    pending = importer.PendingImport(case, files, options)
    print_removed_leftovers(pending.store.removed_leftovers)
    print_problems(pending.plan.warnings)
    if dry_run:
        _print_rows(_Out(), pending.case, pending.plan)
    skipped = pending.check(skip_bad=skip_bad)
    if skipped:
        typer.echo(f"Skipped {plural(len({(p.file, p.line) for p in skipped}), 'row')}:", err=True)
        print_problems(skipped)
    # Saved (and checked once) before the summary, which then says what was written.
    result = pending.run(dry_run=dry_run, skip_bad=skip_bad)
    verb = "would be" if dry_run else ("was" if result.background == 1 else "were")
    for outcome in result.outcomes:
        for line in _outcome_lines(outcome, dry_run):
            typer.echo(line)
    for line in result.summaries:
        typer.echo(line)
    if result.background:
        typer.echo(
            f"{plural(result.background, 'event')} {verb} outside the scope period "
            "(shown as background)."
        )
    if dry_run:
        typer.echo("Dry run: nothing was written.")
        return
    if not result.changed:
        typer.echo(f"{case}: nothing to change.")
        return
    _saved(result)


def _type_maps(values: list[str]) -> dict[str, str]:
    from reviewkit.errors import UsageError

    found = {}
    for value in values:
        written, sep, type_id = value.rpartition("=")
        if not sep or not written.strip() or not type_id.strip():
            raise UsageError(
                f"--map-type '{value}': write it as --map-type \"Text as written=type-id\", for "
                'example --map-type "Tel con=phone-call"'
            )
        found[written.strip()] = type_id.strip()
    return found


def _outcome_lines(outcome: Outcome, dry_run: bool) -> list[str]:
    added = len(outcome.added)
    verb = "would be" if dry_run else ("was" if added == 1 else "were")
    if not outcome.previous:
        return [f"{outcome.name}: {plural(added, 'event')} {verb} added."]
    counts = [
        (outcome.unchanged, "unchanged"),
        (outcome.updated, "updated (the row changed)"),
        (added - outcome.updated, "new"),
        (outcome.removed, "removed (gone from the return)"),
    ]
    parts = ", ".join(f"{n} {what}" for n, what in counts if n) or "no events"
    lines = [f"{outcome.name} was imported before, and this import replaces it: {parts}."]
    if outcome.kept_edited:
        lines.append(
            f"Kept {plural(len(outcome.kept_edited), 'event')} you edited whose row has changed "
            "or gone from the return; check against the return:"
        )
        lines.extend(f"  {text}" for text in outcome.kept_edited)
    if outcome.not_readded:
        rows = plural(outcome.not_readded, "row")
        was = "was" if outcome.not_readded == 1 else "were"
        again = "would not be added again" if dry_run else f"{was} not added again"
        lines.append(f"{rows} you deleted from the events {again}.")
    return lines


_DELIMITER_NAMES = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "bar"}


class _Out:
    """A fresh console; piped, without the spaces rich pads table lines with."""

    def __init__(self) -> None:
        self.console = console()

    def print(self, *items: object, **options: Any) -> None:
        if self.console.is_terminal:
            self.console.print(*items, **options)
            return
        with self.console.capture() as captured:
            self.console.print(*items, **options)
        typer.echo("\n".join(line.rstrip() for line in captured.get().splitlines()))


def _print_rows(out: _Out, case: Case, plan: Plan) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from reviewkit.vocabulary import type_label

    for read in plan.returns:
        for sheet in read.sheets:
            where = f"{sheet.where}" + (f", sheet {sheet.sheet}" if sheet.sheet else "")
            extra = []
            if sheet.encoding:
                extra.append(sheet.encoding)
            if sheet.delimiter:
                extra.append(_DELIMITER_NAMES.get(sheet.delimiter, sheet.delimiter) + "-separated")
            note = f" ({', '.join(extra)})" if extra else ""
            out.print(
                f"{where}{note}: header on row {sheet.header_row}, {plural(sheet.rows, 'row')}"
            )
            mapped = ", ".join(f"{heading} -> {name}" for name, heading in sheet.columns.items())
            out.print(Text(f"Columns: {mapped}"), overflow="fold")
    rows = plan.added
    if not rows:
        out.print("No new events.")
        return
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=True)
    table.add_column("Row", justify="right", width=5, no_wrap=True)
    table.add_column("Date", width=12, overflow="fold")
    table.add_column("Time", width=5, no_wrap=True)
    table.add_column("Type", width=18, overflow="fold")
    table.add_column("Summary", ratio=1, overflow="fold")
    for row in rows:
        event = row.event
        table.add_row(
            str(row.row),
            Text(event.date.text),
            event.time or "",
            Text(type_label(event.type)),
            Text(event.summary),
        )
    out.print(table)


# --- duplicates -----------------------------------------------------------------------------


@app.command(parse_ahead=True)
def duplicates(
    case: CaseArg,
    accept: Annotated[
        list[str] | None,
        typer.Option(
            "--accept",
            metavar="ID",
            help="Merge this group (an id from the listing) into one event (repeatable).",
        ),
    ] = None,
    merge: Annotated[
        bool,
        typer.Option(
            "--merge",
            help="Merge the events named after the case file (ids, FILE:ROW or events[N]) "
            "into one.",
        ),
    ] = False,
    events: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[EVENT]...",
            help="With --merge: the events to merge (an id, FILE:ROW from `timeline "
            "--provenance`, or events[N]).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Find events that several agencies recorded, and merge them into one on your word.

    Lists likely duplicates, scored on time, type, people and summary. On a terminal it asks
    about each group in turn, side by side.

    Elsewhere it only lists them: merge a group with --accept ID, or any events you know are
    one with --merge EVENT EVENT...

    A merged event keeps every agency's source, and is shown once in the timeline.
    """
    from reviewkit.chronology.duplicates import DuplicateReview, accept_groups, merge_events
    from reviewkit.errors import UsageError

    out = _Out()
    if events and not merge:
        raise UsageError(
            f"name events to merge after --merge: reviewkit duplicates {case} --merge "
            f"{' '.join(events)}"
        )
    if merge:
        if accept:
            raise UsageError("give either --accept ID or --merge EVENT..., not both.")
        result = merge_events(
            case, list(events or []), on_merge=lambda m: out.print(_merged_line(m))
        )
        print_removed_leftovers(result.removed_leftovers)
        _saved(result)
        return
    if accept:
        result = accept_groups(case, accept, on_merge=lambda m: out.print(_merged_line(m)))
        print_removed_leftovers(result.removed_leftovers)
        _saved(result)
        return
    from reviewkit.casefile import with_report_names

    review = DuplicateReview(case)
    print_removed_leftovers(review.store.removed_leftovers)
    # Shown with report names in place of any real name; merges change the file as written.
    case_data, renamed = with_report_names(review.case)
    print_renamed(renamed, case)
    groups = review.groups
    if not groups:
        out.print(f"No likely duplicates among {plural(len(case_data.events), 'event')}.")
        return
    out.print(f"{plural(len(groups), 'group')} of likely duplicates:")
    if not has_terminal():
        # Plain lines, a few per group: a table per group costs more than finding them.
        typer.echo("\n".join(_group_lines(case_data, group) for group in groups))
        out.print()
        out.print(f"To merge a group into one event: reviewkit duplicates {case} --accept ID")
        return
    for number, group in enumerate(groups, start=1):
        out.print()
        out.print(_group_table(case_data, group))
        answer = _ask(f"Merge group {group.id} ({number} of {len(groups)})? [y]es, [n]o, [q]uit")
        if answer == "q":
            break
        if answer == "y":
            out.print(_merged_line(review.merge(group)))
    out.print()
    result = review.result()
    if result.merges:
        out.print(f"Merged {plural(len(result.merges), 'group')}.")
        _saved(result)
    else:
        out.print("Nothing merged.")


_WIDTH = 80  # the compact listing's lines


def _group_title(group: Group) -> str:
    return f"Group {group.id}: {'; '.join(group.reasons)}; score {round(group.score * 100)}%"


def _group_lines(case: Case, group: Group) -> str:
    """One group as a few plain lines: its reasons, then each event's agency, date and summary."""
    import textwrap

    from reviewkit.chronology.events import sources
    from reviewkit.vocabulary import type_label
    from reviewkit.wording import shorten

    lines = ["", *textwrap.wrap(_group_title(group), _WIDTH, subsequent_indent="  ")]
    names = [", ".join(case.agency_short(a) for a in e.agencies) for e in group.events]
    pad = min(max(len(n) for n in names), 16)
    whens = [f"{e.date.text} {e.time}" if e.time else e.date.text for e in group.events]
    width = min(max(len(w) for w in whens), 24)
    for name, when, event in zip(names, whens, group.events, strict=True):
        head = f"  {shorten(name, 16):<{pad}}  {shorten(when, 24):<{width}}"
        head += f"  {type_label(event.type)}"
        lines.append(shorten(f"{head}  {', '.join(sources(event))}", _WIDTH))
        lines.append(shorten(" " * (pad + 4) + " ".join(event.summary.split()), _WIDTH))
    return "\n".join(lines)


def _saved(result: ImportResult | MergeResult) -> None:
    """Say which file was saved, and where its previous version is."""
    if result.written is None or result.backup is None:
        return
    typer.echo(f"Saved {result.written} (the version before: {result.backup.name}).")
    if result.reformatted_lines:
        typer.echo(
            f"Saving also re-indented {plural(result.reformatted_lines, 'line')} of "
            f"{result.written.name} (its indentation was mixed); comments and values stay.",
            err=True,
        )


def _ask(question: str) -> str:
    from reviewkit.errors import UsageError

    while True:
        try:
            reply = typer.prompt(question, default="", show_default=False)
        except typer.Abort:
            raise UsageError(
                "no answer (input ended); nothing more was merged. List the groups with "
                "`reviewkit duplicates CASE` and merge one with --accept ID."
            ) from None
        choice = str(reply).strip().lower()[:1]
        if choice in ("y", "n", "q"):
            return choice
        typer.echo("Answer y (merge), n (leave them apart) or q (stop).")


def _merged_line(done: Merge) -> str:
    group = done.group
    agencies = ", ".join(done.case.agency_short(e.agency) for e in group.events)
    return (
        f"Merged group {group.id}: one event from {agencies} "
        f"({plural(len(group.events), 'source')} kept)."
    )


def _person(case: Case, person_id: str) -> str:
    person = case.person(person_id)
    return person.name if person else person_id


def _group_table(case: Case, group: Group) -> Table:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from reviewkit.chronology.events import sources
    from reviewkit.vocabulary import type_label

    table = Table(
        title=_group_title(group),
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        expand=True,
    )
    table.add_column("", width=7, style="bold", no_wrap=True)
    for event in group.events:
        table.add_column(
            ", ".join(case.agency_short(a) for a in event.agencies), ratio=1, overflow="fold"
        )

    def row(label: str, values: list[str]) -> None:
        if any(values):
            table.add_row(label, *(Text(v) for v in values))

    events = group.events
    row("Date", [f"{e.date.text} {e.time}" if e.time else e.date.text for e in events])
    row("Type", [type_label(e.type) for e in events])
    row("Summary", [e.summary for e in events])
    row("People", [", ".join(_person(case, p) for p in e.people) for e in events])
    row("Outcome", [e.outcome or "" for e in events])
    row("Source", [e.source or "" for e in events])
    row("From", ["\n".join(sources(e)) for e in events])
    return table
