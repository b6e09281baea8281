"""The evidence shown before a section's questions: events, quotes, the child's words, analysis."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reviewkit.model import (
    Case,
    Episode,
    Interview,
    NarrativePeriod,
    Quote,
    Strand,
    StrandView,
    Theme,
    analysis_fields,
)
from reviewkit.timeline import primary_child, strand_child

if TYPE_CHECKING:
    from reviewkit.timeline import Entry


@dataclass(frozen=True)
class EventRow:
    """One event of the compact timeline: date as written, child's age, agency, summary."""

    date: str
    age: str
    agency: str
    summary: str
    in_scope: bool = True


@dataclass(frozen=True)
class QuoteItem:
    """Words quoted from a conversation (only where there is consent to quote)."""

    text: str
    attribution: str
    child: bool = False


@dataclass(frozen=True)
class Written:
    """Text already in the case file, under a label ("What happened", a theme's title...)."""

    label: str
    text: str


@dataclass(frozen=True)
class RecommendationItem:
    """A recommendation already in the case file."""

    number: int
    addressee: str
    text: str
    themes: tuple[str, ...] = ()


@dataclass
class Evidence:
    """Everything the author should see before answering a section's questions."""

    events: list[EventRow] = field(default_factory=list)  # every one: the terminal pages them
    age_of: str = ""  # the report name of the child whose age `events` show; "" for no ages
    quotes: list[QuoteItem] = field(default_factory=list)
    withheld_quotes: int = 0  # linked quotes with no consent to quote: counted, never shown
    child_words: list[QuoteItem] = field(default_factory=list)
    related: list[str] = field(default_factory=list)  # linked episodes or themes, one line each
    written: list[Written] = field(default_factory=list)
    recommendations: list[RecommendationItem] = field(default_factory=list)
    # A thematic review's earlier reviews linked to the theme: "Title (year, area)" and
    # their headline learning, to compare with.
    previous: list[Written] = field(default_factory=list)


# What each analysis field is called on screen ("Known and knowable"), from the model.
FIELD_LABELS = {
    f.name: f.label
    for m in (NarrativePeriod, Episode, Theme, Case, Strand)
    for f in analysis_fields(m)
}


def recommendation_items(case: Case, theme: str | None = None) -> list[RecommendationItem]:
    """The case's recommendations (those linked to `theme`, when given), numbered as printed."""
    items = []
    for rec in case.recommendations:
        if theme is not None and theme not in rec.themes:
            continue
        number = case.recommendation_number(rec)
        items.append(RecommendationItem(number, rec.addressee, rec.text, tuple(rec.themes)))
    return items


def for_episode(case: Case, episode: Episode) -> Evidence:
    """Evidence for a key practice episode."""
    evidence = Evidence()
    child = episode.child or _child_of(case, {episode.strand})
    _events(case, evidence, lambda entry: episode.id in entry.episodes, child)
    _quotes(case, evidence, lambda quote: episode.id in quote.episodes)
    evidence.related = [
        f"Theme: {theme.title}" for theme in case.themes if episode.id in theme.episodes
    ]
    evidence.written = _written(episode)
    return evidence


def for_period(case: Case, period: NarrativePeriod) -> Evidence:
    """Evidence for a period of the narrative: the events of its dates and their episodes."""
    from reviewkit.timeline import build_timeline

    evidence = Evidence()
    span = period.period
    if span is not None:

        def within(entry: Entry) -> bool:
            return span.earliest <= entry.date.earliest <= span.latest

        _events(case, evidence, within, primary_child(case))
        # The episodes of the same months, so the narrative and their accounts agree.
        linked = {eid for entry in build_timeline(case) if within(entry) for eid in entry.episodes}
        for episode in case.episodes:
            overlaps = episode.period is not None and episode.period.overlaps(span)
            if overlaps or episode.id in linked:
                evidence.related.append(case.episode_label(episode, title=True))
    evidence.written = _written(period)
    return evidence


def for_theme(case: Case, theme: Theme) -> Evidence:
    """Evidence for a cross-cutting theme: tagged events, its episodes, quotes, analysis."""
    evidence = Evidence()
    tagged = {e.strand for e in case.events if theme.id in e.themes}
    _events(case, evidence, lambda entry: theme.id in entry.event.themes, _child_of(case, tagged))
    _quotes(case, evidence, lambda quote: theme.id in quote.themes)
    for episode in case.episodes:
        if episode.id in theme.episodes:
            evidence.related.append(case.episode_label(episode, title=True))
    evidence.written = _written(theme)
    for label, text in (("Changed", theme.changed), ("Persists", theme.persists)):
        if text:
            evidence.written.append(Written(label, text))
    evidence.recommendations = recommendation_items(case, theme.id)
    for review in case.previous_reviews:
        if theme.id in review.themes:
            about = ", ".join(str(part) for part in (review.year, review.area) if part)
            label = f"{review.title} ({about})" if about else review.title
            evidence.previous.append(Written(label, review.headline or ""))
    return evidence


def for_strand(case: Case, view: StrandView) -> Evidence:
    """Evidence for one child's (or family's) strand: its events, episodes and what is written."""
    evidence = Evidence()
    strand = view.strand
    child = strand_child(case, strand.id)
    _events(case, evidence, lambda entry: entry.event.strand == strand.id, child)
    evidence.related = [case.episode_label(e, title=True) for e in view.episodes]
    if strand.summary:
        evidence.written.append(Written("In brief", strand.summary))
    if strand.story:
        evidence.written.append(Written("The child's story", strand.story))
    evidence.written.extend(Written(part.title, part.text) for part in strand.local_context)
    if strand.conclusions:
        evidence.written.append(Written("Conclusions", strand.conclusions))
    return evidence


def for_conclusions(case: Case) -> Evidence:
    """Evidence for the conclusions: the learning written for each theme."""
    evidence = Evidence()
    for theme in case.themes:
        learning = theme.learning or theme.analysis
        if learning:
            evidence.written.append(Written(theme.title, learning))
        else:
            evidence.related.append(f"Theme not yet analysed: {theme.title}")
    return evidence


def for_rapid_review(case: Case) -> Evidence:
    """Evidence for the rapid review: every event, and each agency's summary as returned."""
    evidence = Evidence()
    _events(case, evidence, lambda entry: True, primary_child(case))
    returned = {r.agency: r for r in case.agency_returns}
    for agency in case.agencies:
        summary = returned.get(agency.id)
        name = agency.abbreviation or agency.name
        if summary is None:
            evidence.related.append(f"No summary yet from {name}")
            continue
        for label, text in (
            ("involvement", summary.involvement),
            ("analysis", summary.analysis),
            ("immediate actions", "; ".join(summary.immediate_actions)),
            ("learning", summary.learning),
        ):
            if text:
                evidence.written.append(Written(f"{name}: {label}", text))
    return evidence


def for_recommendations(case: Case) -> Evidence:
    """Evidence for the recommendations: those already written."""
    return Evidence(recommendations=recommendation_items(case))


def _child_of(case: Case, strands: set[str | None]) -> str | None:
    """Whose age to show beside events from these strands (None: the review's own events).

    Events of several children (strands) get no age column: one child's age beside another
    child's events would mislead.
    """
    if not case.strands:
        return primary_child(case)
    if len(strands) != 1:
        return None
    (sid,) = strands
    return strand_child(case, sid) if sid else primary_child(case)


def _written(item: Episode | Theme | NarrativePeriod) -> list[Written]:
    found = []
    for spec in analysis_fields(type(item)):
        text = getattr(item, spec.name, None)
        if text:
            found.append(Written(spec.label, text))
    return found


def _events(
    case: Case, evidence: Evidence, keep: Callable[[Entry], bool], child: str | None
) -> None:
    """Every event `keep` chooses, with `child`'s age at each, and the child's words in them."""
    from reviewkit.reports.common import event_child
    from reviewkit.timeline import build_timeline

    entries = [entry for entry in build_timeline(case, child=child) if keep(entry)]
    evidence.events = [
        EventRow(entry.when, entry.age, entry.agency_short, entry.summary, entry.in_scope)
        for entry in entries
    ]
    person = case.person(child) if child else None
    if person is not None and person.dob is not None and any(row.age for row in evidence.events):
        evidence.age_of = person.name
    # The child's own words, from the same events, are shown apart from the table under the
    # speaker's report name, found as the report finds it; in a review of several children an
    # event that names none of them cannot say which child spoke.
    for entry in entries:
        if entry.event.child_words:
            speaker = event_child(case, entry.event)
            who = speaker.name if speaker is not None else "A child"
            words = QuoteItem(entry.event.child_words, f"{who}, {entry.when}", True)
            evidence.child_words.append(words)


def _quotes(case: Case, evidence: Evidence, keep: Callable[[Quote], bool]) -> None:
    for interview in case.interviews:
        linked = [quote for quote in interview.quotes if keep(quote)]
        if not linked:
            continue
        if not interview.consent_to_quote or interview.status != "completed":
            evidence.withheld_quotes += len(linked)
            continue
        who = attribution(case, interview)
        for quote in linked:
            item = QuoteItem(quote.text, who, interview.kind == "child")
            (evidence.child_words if item.child else evidence.quotes).append(item)


def attribution(case: Case, interview: Interview) -> str:
    """Who said it, as a report may print it: a role or the name the review uses."""
    if interview.kind in ("family", "child") and interview.person:
        person = case.person(interview.person)
        if person is not None:
            return person.name  # the pseudonym or relationship label, never real_name
    if interview.kind == "group":
        return "Practitioners' event"
    agency = interview.agency
    # An agency the case does not list is left out rather than shown as its id.
    where = case.agency_short(agency) if agency and case.agency(agency) else ""
    role = interview.role or ("Manager" if interview.kind == "manager" else "Practitioner")
    return f"{role}, {where}" if where else role
