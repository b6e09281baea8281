"""The actions command: the action plan tracker in the terminal, or the owners' workbook."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reviewkit.cli.application import app
from reviewkit.cli.output import console, parse_today
from reviewkit.wording import plural

if TYPE_CHECKING:
    from reviewkit.actions.tracker import TrackedAction, Tracker

_STYLES = {"red": "bold red", "amber": "yellow", "green": "green", "blue": "blue"}


class TrackerFormat(StrEnum):
    text = "text"
    xlsx = "xlsx"


@app.command()
def actions(
    case: Annotated[Path, typer.Argument(help="The case file (YAML).", show_default=False)],
    today: Annotated[
        str | None,
        typer.Option("--today", metavar="YYYY-MM-DD", help="Rate actions as on this day."),
    ] = None,
    rules: Annotated[
        Path | None,
        typer.Option("--rules", metavar="FILE", help="RAG rules file (YAML); see docs/actions.md."),
    ] = None,
    fmt: Annotated[
        TrackerFormat,
        typer.Option("--format", "-f", help="text (the tracker) or xlsx (the owners' workbook)."),
    ] = TrackerFormat.text,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="The workbook to write (xlsx)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the workbook.")] = False,
) -> None:
    """Track the action plan: overdue first, then due in the next 30 days, then by owner.

    Ratings (red, amber, green, blue) are worked out from target dates and statuses.

    --format xlsx writes a workbook for the owners, one sheet per agency, to fill in.

    Read their updates back with `reviewkit import CASE FILE --actions`.
    """
    import datetime as dt

    from reviewkit.actions import load_rules, track
    from reviewkit.casefile import load_case

    day = parse_today(today) or dt.date.today()
    loaded = load_case(case)
    tracker = track(loaded.case, day, load_rules(loaded.case, rules))
    if fmt == TrackerFormat.xlsx:
        from reviewkit.actions.workbook import write_workbook

        written = write_workbook(case, output, tracker, force=force)
        typer.echo(
            f"Wrote {written.path}: {plural(written.actions, 'action')} on "
            f"{plural(len(written.sheets), 'sheet')} ({', '.join(written.sheets)})."
        )
        return
    if not tracker.actions:
        typer.echo(f"{case}: no actions yet; add them under each recommendation's `actions`.")
        return
    _print_tracker(tracker)


class _Lines:
    """A fresh console; piped, without the spaces rich pads table lines with."""

    def __init__(self) -> None:
        self.console = console()

    def print(self, *items: object) -> None:
        if self.console.is_terminal:
            self.console.print(*items)
            return
        with self.console.capture() as captured:
            self.console.print(*items)
        typer.echo("\n".join(line.rstrip() for line in captured.get().splitlines()))


def _print_tracker(tracker: Tracker) -> None:
    from rich.text import Text

    from reviewkit.dates import day_in_words

    out = _Lines()
    counts = tracker.counts()
    line = Text(f"{plural(len(tracker.actions), 'action')} on {day_in_words(tracker.today)}: ")
    for i, (rag, n) in enumerate(counts.items()):
        line.append(("" if i == 0 else ", ") + f"{n} {rag}", style=_STYLES[rag])
    out.print(line)
    overdue = tracker.overdue
    soon = tracker.due_within(tracker.rules.due_soon_days)
    _table(out, f"Overdue ({len(overdue)})", overdue)
    _table(out, f"Due in the next {tracker.rules.due_soon_days} days ({len(soon)})", soon)
    for owner, items in tracker.by_owner().items():
        _table(out, owner, items)


def _table(out: _Lines, title: str, items: list[TrackedAction]) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from reviewkit.dates import in_words

    if not items:
        out.print(f"\n{title}: none.")
        return
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, expand=True)
    table.add_column("No.", no_wrap=True)
    table.add_column("Action", ratio=3, overflow="fold")
    table.add_column("Owner", ratio=2, overflow="fold")
    table.add_column("Target", ratio=2)  # "30 September 2025" wraps at its spaces
    table.add_column("Status", no_wrap=True)
    table.add_column("RAG", ratio=2, overflow="fold")
    for item in items:
        action = item.action
        rag = item.rating.rag
        table.add_row(
            item.number,
            Text(action.text),
            Text(item.owner),
            in_words(action.target) if action.target else "",
            action.status,
            Text(f"{rag}: {item.rating.reason}", style=_STYLES[rag]),
        )
    out.print()
    out.print(table)


def import_actions(case: Path, files: list[Path], *, dry_run: bool, skip_bad: bool) -> None:
    """`reviewkit import CASE FILE --actions`: the owners' updates read back, and what changed."""
    from reviewkit.actions.workbook import import_updates
    from reviewkit.cli.output import print_problems
    from reviewkit.errors import ReviewkitError

    result = import_updates(case, files, dry_run=dry_run, skip_bad=skip_bad)
    print_problems(result.problems)
    if any(p.severity == "error" for p in result.problems) and not skip_bad:
        raise ReviewkitError(
            "nothing was written: fix the rows above in the workbook, or give --skip-bad to "
            "import the good rows."
        )
    verb = "would change" if dry_run else "changed"
    for change in result.changes:
        parts = []
        if change.status:
            parts.append(f"status {change.status[0]} -> {change.status[1]}")
        if change.evidence:
            parts.append("evidence of impact")
        if change.updates:
            parts.append(plural(change.updates, "update") + " added")
        typer.echo(f"Action {change.number}: {', '.join(parts)}.")
    typer.echo(
        f"Read {plural(result.rows, 'row')}; {plural(len(result.changes), 'action')} {verb}."
    )
    if dry_run:
        typer.echo("Dry run: nothing was written.")
    elif result.saved:
        typer.echo(f"Saved {case} (the previous version is kept: see `reviewkit history`).")


class PortfolioFormat(StrEnum):
    text = "text"
    md = "md"
    docx = "docx"


@app.command()
def portfolio(
    cases: Annotated[
        list[Path],
        typer.Argument(
            help="Case files, or folders of them (*.yaml, */case.yaml).", show_default=False
        ),
    ],
    today: Annotated[
        str | None,
        typer.Option("--today", metavar="YYYY-MM-DD", help="Rate actions as on this day."),
    ] = None,
    fmt: Annotated[
        PortfolioFormat,
        typer.Option("--format", "-f", help="text (the terminal), md or docx (a report section)."),
    ] = PortfolioFormat.text,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="The file to write (md or docx)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the output file.")] = False,
) -> None:
    """Read a partnership's reviews together: kinds, stages, deadlines, themes, actions.

    Reviews by kind and stage, notifications and rapid reviews against their deadlines,
    themes that recur, recommendations and actions by status and RAG, overdue actions by
    agency.

    --format md or docx writes it as the annual report's "learning from practice reviews".
    """
    import datetime as dt

    from reviewkit.cli.output import notice_line, print_problems
    from reviewkit.errors import UsageError

    day = parse_today(today) or dt.date.today()
    if output is not None and fmt == PortfolioFormat.text:
        # "-o reviews.md" says the format; a file with no such ending cannot hold the text view.
        suffix = output.suffix.lower().lstrip(".")
        if suffix not in ("md", "docx"):
            raise UsageError(
                f"-o writes the portfolio as md or docx; name the file {output.stem}.md or "
                f"{output.stem}.docx, or add --format md."
            )
        fmt = PortfolioFormat(suffix)
    if fmt != PortfolioFormat.text:
        from reviewkit.build import build_portfolio

        if output is None:
            raise UsageError(f"give the file to write with -o, for example -o reviews.{fmt}.")
        result = build_portfolio(cases, output, fmt=fmt.value, today=day, force=force)
        print_problems(result.problems)
        for warning in result.warnings:
            typer.echo(f"warning: {notice_line(warning)}", err=True)
        for path in result.outputs:
            typer.echo(str(path))
        return
    from reviewkit.actions.portfolio import read_portfolio

    found = read_portfolio(cases, today=day)
    print_problems(found.problems)
    _print_portfolio(found)


def _print_portfolio(found: object) -> None:
    from rich import box
    from rich.table import Table

    from reviewkit.actions.portfolio import DEADLINES, Portfolio
    from reviewkit.actions.rag import RAG_ORDER
    from reviewkit.dates import day_in_words
    from reviewkit.model import ACTION_STATUSES

    assert isinstance(found, Portfolio)
    out = _Lines()
    out.print(f"{plural(len(found.reviews), 'review')} on {day_in_words(found.today)}")

    def table(title: str, header: list[str], rows: list[list[str]]) -> None:
        if not rows:
            out.print(f"\n{title}: none.")
            return
        t = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
        for i, name in enumerate(header):
            t.add_column(name, justify="right" if i else "left", overflow="fold")
        for row in rows:
            t.add_row(*row)
        out.print()
        out.print(t)

    table(
        "Reviews",
        ["Review", "Kind", "Stage", "Incident"],
        [[r.title, r.kind, r.stage, r.year] for r in found.reviews],
    )
    met = ("on time", "late", "overdue", "due", "not known")
    table(
        "Deadlines",
        ["Step", *met],
        [[DEADLINES[k], *(str(c[m]) for m in met)] for k, c in found.deadlines().items()],
    )
    table(
        "Themes that recur",
        ["Theme", "Reviews"],
        [[title, str(len(reviews))] for title, reviews in found.recurring_themes()],
    )
    recs = found.recommendations()
    statuses = found.actions()
    rag = found.rag()
    table(
        "Recommendations and actions",
        ["", "Count"],
        [
            ["Local recommendations", str(recs["local"])],
            ["National recommendations", str(recs["national"])],
            *([f"Actions {s}", str(statuses[s])] for s in ACTION_STATUSES),
            *([f"Actions {r}", str(rag[r])] for r in RAG_ORDER),
        ],
    )
    table(
        "Overdue actions by agency",
        ["Agency or owner", "Overdue"],
        [[agency, str(n)] for agency, n in found.overdue_by_agency()],
    )
