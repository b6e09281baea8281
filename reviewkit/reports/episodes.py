"""A key practice episode as a report prints it: heading, factual account, numbered analysis.

Laid out as national reviews lay out an episode: a heading with its title and period in
words, the author's factual account as prose, then the numbered evaluative paragraphs (what
was known and knowable, what helped or hindered, good practice, learning). A fact is told
once: the episode never lists its chronology rows. Until the account is written, a marked
draft aid lists the episode's events (summaries only) and the build warns.

Any report that lays out episodes (the overview report, reviews with strands) calls
`episode_section`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewkit.document import NOT_WRITTEN, Notice, Paragraph
from reviewkit.model import Episode, Theme, analysis_fields
from reviewkit.reports.common import (
    Chapter,
    Context,
    event_paragraph,
    interview_quotes,
    placeholder,
)

if TYPE_CHECKING:
    from reviewkit.timeline import Entry

DRAFT_AID = "Draft aid:"
DRAFT_AID_TEXT = "events from the chronology until the narrative is written."

# The field holding the episode's factual account, printed as prose before the analysis.
ACCOUNT = "what_happened"

# The analysis of an episode and of a theme, in reading order: (field, what it is, lead-in),
# from the model. Interview quotes come after the fields marked `quotes_after`.
EPISODE_FIELDS = tuple(
    (f.name, f.what, f.lead) for f in analysis_fields(Episode) if f.name != ACCOUNT
)
THEME_FIELDS = tuple((f.name, f.what, f.lead) for f in analysis_fields(Theme))
QUOTES_AFTER = {f.name for m in (Episode, Theme) for f in analysis_fields(m) if f.quotes_after}
ACCOUNT_WHAT = next(f.what for f in analysis_fields(Episode) if f.name == ACCOUNT)


def episode_heading(ctx: Context, episode: Episode) -> str:
    """'KPE 2: The January assault (5 January to 18 May 2023)': title and period in words."""
    label = ctx.case.episode_label(episode, title=True)
    return f"{label} ({episode.period.prose})" if episode.period else label


def episode_section(
    ctx: Context,
    ch: Chapter,
    episode: Episode,
    entries: list[Entry],
    *,
    where: str,
    level: int = 2,
) -> None:
    """One episode in `ch`: heading, factual account (or a draft aid), numbered analysis.

    `where` is the episode's case-file path ("episodes[2]") for placeholders and warnings;
    `entries` is the merged timeline, from which a draft aid takes the episode's events.
    """
    ch.subsection(episode_heading(ctx, episode), level=level)
    label = ctx.case.episode_label(episode, title=True)
    if not ch.text(episode.what_happened, numbered=False):
        events = [e for e in entries if episode.id in e.episodes]
        unwritten(ctx, ch, events, where=f"{where}.{ACCOUNT}", what=ACCOUNT_WHAT, label=label)
    analysis(ctx, ch, episode, EPISODE_FIELDS, where, label)


def analysis(
    ctx: Context,
    ch: Chapter,
    item: Episode | Theme,
    fields: tuple[tuple[str, str, str], ...],
    where: str,
    label: str,
) -> None:
    """Each analysis field with its lead-in (a placeholder when empty), quotes in their place."""
    for name, what, lead in fields:
        ch.field(getattr(item, name), where=f"{where}.{name}", what=what, label=label, lead=lead)
        if name in QUOTES_AFTER:
            linked = {"episode": item.id} if isinstance(item, Episode) else {"theme": item.id}
            for quote in interview_quotes(ctx.case, **linked):
                ch.add(quote)


def unwritten(
    ctx: Context,
    ch: Chapter,
    entries: list[Entry],
    *,
    where: str,
    what: str,
    label: str,
    list_here: bool = True,
) -> None:
    """Unwritten prose: a placeholder, then its events as a marked draft aid; one warning.

    The warning says the draft aid is there, so the author knows the events in the body
    are to be replaced; it counts as unwritten analysis, so publication waits for it.
    With `list_here` off the caller lists the events itself (chapter 4 does, by period).
    """
    ch.add(placeholder(f"[Not yet written: {what}]", where))
    message = "not yet written"
    if entries:
        count = f"{len(entries)} event{'s' if len(entries) != 1 else ''}"
        message += f"; a draft aid lists {count}"
        if list_here:
            draft_aid(ctx, ch, entries)
    ctx.warnings.append(Notice(message, where=where, about=label, code=NOT_WRITTEN))


def draft_aid(ctx: Context, ch: Chapter, entries: list[Entry], *, marked: bool = True) -> None:
    """Events standing in for unwritten prose: marked, unnumbered, summaries only.

    Only the summary of each event is given (never its outcome or a cross-reference), so the
    draft reads as a list to write from, not as the report's account. `marked` off: the
    caller has put the "Draft aid:" line above already.
    """
    if not entries:
        return
    if marked:
        ch.add(Paragraph(DRAFT_AID_TEXT, lead=DRAFT_AID))
    for entry in entries:
        ch.para(event_paragraph(ctx.case, entry, details=False), numbered=False)
