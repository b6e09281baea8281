"""The deadlines command: statutory and local timescales, counted in working days."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reviewkit.cli.application import app
from reviewkit.cli.output import console, print_renamed

if TYPE_CHECKING:
    import datetime as dt

    from reviewkit.dates import FuzzyDate
    from reviewkit.timescales import Deadline


class Format(StrEnum):
    table = "table"
    md = "md"


DateOption = str | None

# Option name -> the review date it gives (a key under review.dates).
_DATE_OPTIONS = {
    "--aware": "awareness",
    "--notified": "notification",
    "--submitted": "rapid_review_submitted",
    "--commissioned": "decision_to_commission",
    "--publication": "publication",
}


@app.command()
def deadlines(
    case: Annotated[
        Path | None,
        typer.Argument(help="The case file (YAML); optional with --aware.", show_default=False),
    ] = None,
    aware: Annotated[
        DateOption,
        typer.Option("--aware", metavar="DATE", help="The local authority became aware."),
    ] = None,
    notified: Annotated[
        DateOption,
        typer.Option("--notified", metavar="DATE", help="Notification sent to the Panel."),
    ] = None,
    submitted: Annotated[
        DateOption,
        typer.Option("--submitted", metavar="DATE", help="Rapid review sent to the Panel."),
    ] = None,
    commissioned: Annotated[
        DateOption,
        typer.Option("--commissioned", metavar="DATE", help="Decision to commission an LCSPR."),
    ] = None,
    publication: Annotated[
        DateOption,
        typer.Option("--publication", metavar="DATE", help="(Planned) publication date."),
    ] = None,
    rules: Annotated[
        Path | None,
        typer.Option(
            "--rules", metavar="FILE", help="A partnership's rules file: overrides or adds rules."
        ),
    ] = None,
    today: Annotated[
        DateOption,
        typer.Option("--today", metavar="DATE", help="Count as if today were this day."),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table or md.")] = Format.table,
) -> None:
    """Show what is due when: notification, rapid review, Panel reply, LCSPR, final report.

    Give a case file to use its review dates, or dates alone (--aware 2024-03-13).

    Dates given as options replace the case's. Working days skip England's bank holidays.

    --rules FILE changes or adds timescales, each with its source (see docs/deadlines.md).
    """
    import datetime as dt

    from reviewkit import timescales as ts
    from reviewkit.errors import UsageError

    given = {
        option: text
        for option, text in zip(
            _DATE_OPTIONS, (aware, notified, submitted, commissioned, publication), strict=True
        )
        if text is not None
    }
    if case is None and not given:
        raise UsageError(
            "give a case file, or the dates to count from: for example "
            "reviewkit deadlines --aware 2024-03-13"
        )
    overrides = {_DATE_OPTIONS[o]: ts.parse_option_date(t, o) for o, t in given.items()}
    now = dt.date.today()
    if today is not None:
        day = ts.parse_option_date(today, "--today")
        if not day.exact:
            raise UsageError(f"--today: '{today}' is not one day; write it like 2024-03-20")
        now = day.earliest
    rule_list = ts.load_rules(rules)
    notes: list[str] = []

    if case is not None:
        from reviewkit.casefile import load_case

        loaded = load_case(case)
        print_renamed(loaded.renamed, case)
        found = ts.deadlines_for_case(loaded.case, today=now, rules=rule_list, overrides=overrides)
        title = loaded.case.review.title
        note = ts.timetable_note(loaded.case, rule_list)
        notes += [note] if note else []
    else:
        dates: dict[str, FuzzyDate | None] = dict(overrides)
        found = ts.compute_deadlines(dates, rule_list, today=now)
        title = "Deadlines"

    if fmt is Format.md:
        from reviewkit.render.markdown import render
        from reviewkit.reports.deadlines_export import deadlines_document

        typer.echo(render(deadlines_document(found, notes)), nl=False)
        return
    _print_table(title, found, now, notes)


_STYLES = {"done": "green", "planned": "cyan", "due": "", "overdue": "bold red", "waiting": "dim"}


def _print_table(title: str, found: list[Deadline], today: dt.date, notes: list[str]) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from reviewkit.reports.deadlines_export import deadline_notes, due_text
    from reviewkit.timescales import format_day

    out = console()
    out.print(Text(title, style="bold"))
    out.print(Text(f"As at {format_day(today)}."))
    out.print(Text("Working days skip weekends and bank holidays in England."))
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, leading=1)
    table.add_column("Step", ratio=5, overflow="fold")
    table.add_column("Due", ratio=4)  # "around Wednesday 20 September 2024" wraps at 80
    table.add_column("Status", ratio=4)
    for deadline in found:
        step = Text(deadline.rule.label, style="bold")
        step.append(f"\n{deadline.basis}", style="dim")
        step.append(f"\nSource: {deadline.source}", style="dim")
        table.add_row(
            step,
            Text(due_text(deadline)),
            Text(deadline.status, style=_STYLES[deadline.state]),
        )
    if found:  # a kind of review with no timescales gets its note alone
        out.print(table)
    for note in deadline_notes(found, notes):
        out.print(Text(note))
