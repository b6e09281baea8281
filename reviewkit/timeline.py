"""The merged multi-agency timeline: every agency's events in one chronology.

`build_timeline` turns a case's events into ordered `Entry`s with everything a table needs
(age, agency names, type label, scope); `filter_entries` narrows them; `summarise` counts
contacts and finds the longest gaps. Exports (CSV with every column, and Markdown through the
document model) are in reviewkit/reports/timeline_export.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from reviewkit import dates
from reviewkit.dates import FuzzyDate
from reviewkit.errors import TimelineError
from reviewkit.model import Case, Event, event_sort_key
from reviewkit.vocabulary import event_types, type_label
from reviewkit.wording import did_you_mean

BACKGROUND = "Background"
IN_SCOPE = "In scope"


@dataclass
class Entry:
    """One event in the merged timeline, with what a table or export shows for it."""

    event: Event
    index: int  # position in case.events, to locate the event in the case file
    date: FuzzyDate
    date_text: str
    time: str  # "HH:MM", or "" when the record has no time
    age: str  # the child's age at the event; "" when unknown
    agency_id: str
    agency_name: str
    agency_short: str  # the agency's abbreviation, else its name
    type_id: str
    type_label: str
    summary: str
    in_scope: bool  # False: outside the scope period, shown as background
    episodes: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    strand: str = ""  # the strand (child or family) of a national or thematic review; "" shared
    # Every agency that recorded it (Event.agencies): a merged event is a contact of each.
    agency_ids: list[str] = field(default_factory=list)

    @property
    def when(self) -> str:
        """The date (and time) as a person reads it: '16 February 2024, 22:40'."""
        return dates.in_words(self.date, self.time)


def normalise_time(text: str | None) -> str:
    """'9:05' or '17.25' as 'HH:MM', so times sort as text; '' for no time."""
    if not text:
        return ""
    hours, _, minutes = text.replace(".", ":").partition(":")
    return f"{int(hours):02d}:{minutes}"


def primary_child(case: Case) -> str | None:
    """The id of the child whose age timelines show: review.child, else the first dated subject."""
    if case.review.child is not None:
        return case.review.child
    return next((p.id for p in case.subjects if p.dob is not None), None)


def strand_child(case: Case, sid: str) -> str | None:
    """The id of a strand's child whose age its events show: its `child`, else a dated subject."""
    view = case.strand(sid)
    if view is None:
        return None
    if view.strand.child is not None:
        return view.strand.child
    return next((p.id for p in view.subjects if p.dob is not None), None)


def build_timeline(case: Case, *, child: str | None = None) -> list[Entry]:
    """One merged chronology of every event, in order, with the child's age at each.

    In a review of several children (strands), each strand's events show its own child's
    age unless `child` names one child for every event.
    """
    if child is not None:
        _check_ids("person", [child], [p.id for p in case.people])
    child_id = child if child is not None else primary_child(case)
    person = case.person(child_id) if child_id else None
    dob = person.dob if person else None
    births: dict[str | None, FuzzyDate | None] = {None: dob}
    if child is None:
        for strand in case.strands:
            found = strand_child(case, strand.id)
            known = case.person(found) if found else None
            births[strand.id] = known.dob if known else None
    scope = case.review.scope
    linked: dict[str, list[str]] = {}  # event id -> episodes that list it
    for episode in case.episodes:
        for event_id in episode.events:
            linked.setdefault(event_id, []).append(episode.id)

    entries = []
    for index, event in enumerate(case.events):
        episodes = list(event.episodes)
        for episode_id in linked.get(event.id or "", []):
            if episode_id not in episodes:
                episodes.append(episode_id)
        in_scope = scope is None or _overlaps(event.date, scope.start, scope.end)
        born = births.get(event.strand, dob)
        entries.append(
            Entry(
                event=event,
                index=index,
                date=event.date,
                date_text=event.date.text,
                time=normalise_time(event.time),
                age=dates.format_age(born, event.date) if born is not None else "",
                agency_id=event.agency,
                agency_name=case.agency_name(event.agency),
                # A merged event lists every agency.
                agency_short=", ".join(case.agency_short(a) for a in event.agencies),
                type_id=event.type,
                type_label=type_label(event.type),
                summary=event.summary,
                in_scope=in_scope,
                episodes=episodes,
                people=list(event.people),
                strand=event.strand or "",
                agency_ids=event.agencies,
            )
        )
    entries.sort(key=_order)
    return entries


def _order(entry: Entry) -> tuple[object, ...]:
    # The one order of events (model.event_sort_key): an uncertain date by its middle, untimed
    # events after timed ones on the same day, then seq; case-file order settles the rest.
    return (event_sort_key(entry.event), entry.index)


def _overlaps(date: FuzzyDate, start: FuzzyDate, end: FuzzyDate) -> bool:
    return date.latest >= start.earliest and date.earliest <= end.latest


# --- filters --------------------------------------------------------------------------------


@dataclass
class Filters:
    """What to keep: each list is 'any of these'; the lists and dates must all match."""

    agency: list[str] = field(default_factory=list)
    person: list[str] = field(default_factory=list)
    episode: list[str] = field(default_factory=list)
    type: list[str] = field(default_factory=list)
    date_from: FuzzyDate | None = None
    date_to: FuzzyDate | None = None
    include_background: bool = True
    strand: list[str] = field(default_factory=list)  # only these strands' own events

    @property
    def active(self) -> bool:
        """True when the filters leave anything out."""
        return bool(
            self.agency
            or self.person
            or self.episode
            or self.type
            or self.date_from
            or self.date_to
            or not self.include_background
            or self.strand
        )


def filter_entries(
    entries: list[Entry], filters: Filters, *, case: Case | None = None
) -> list[Entry]:
    """The entries that pass every filter; unknown ids raise TimelineError.

    Ids are checked against `case` when given (so an agency with no events is still
    known), otherwise against the ids the entries use.
    """
    check_filters(filters, case=case, entries=entries)
    kept = []
    for entry in entries:
        if not filters.include_background and not entry.in_scope:
            continue
        if filters.agency and not set(filters.agency) & set(entry.event.agencies):
            continue
        if filters.type and entry.type_id not in filters.type:
            continue
        if filters.strand and entry.strand not in filters.strand:
            continue
        if filters.person and not set(filters.person) & set(entry.people):
            continue
        if filters.episode and not set(filters.episode) & set(entry.episodes):
            continue
        if filters.date_from and entry.date.latest < filters.date_from.earliest:
            continue
        if filters.date_to and entry.date.earliest > filters.date_to.latest:
            continue
        kept.append(entry)
    return kept


def check_filters(
    filters: Filters, *, case: Case | None = None, entries: Iterable[Entry] = ()
) -> None:
    """Raise TimelineError if a filter names an unknown id or the dates are the wrong way round."""
    entries = list(entries)
    if case is not None:
        agencies = {a.id: [a.abbreviation or "", a.name] for a in case.agencies}
        people = [p.id for p in case.people]
        episodes = [e.id for e in case.episodes]
        types = [*event_types(), *case.vocabulary.get("event_types", [])]
        used = list(dict.fromkeys(e.type for e in case.events))
        strands = [s.id for s in case.strands]
    else:
        agencies = {e.agency_id: [e.agency_short, e.agency_name] for e in entries}
        people = sorted({p for e in entries for p in e.people})
        episodes = sorted({ep for e in entries for ep in e.episodes})
        used = list(dict.fromkeys(e.type_id for e in entries))
        types = [*event_types(), *used]
        strands = sorted({e.strand for e in entries if e.strand})
    _check_ids("agency", filters.agency, list(agencies), aliases=agencies)
    _check_ids("person", filters.person, people)
    _check_ids("episode", filters.episode, episodes)
    _check_ids("event type", filters.type, types, listed=used)
    _check_ids("strand", filters.strand, strands)
    start, end = filters.date_from, filters.date_to
    if start is not None and end is not None and end.latest < start.earliest:
        raise TimelineError(f"--to {end} is before --from {start}; swap them.")


def _check_ids(
    what: str,
    wanted: list[str],
    known: list[str],
    *,
    aliases: dict[str, list[str]] | None = None,
    listed: list[str] | None = None,
) -> None:
    """Raise TimelineError for the first unknown id, with a hint and the ids to choose from.

    `listed` is what to show when `known` is too long to help (every built-in event type).
    """
    for value in wanted:
        if value in known:
            continue
        # An agency's abbreviation or name is what people type; point them at its id.
        hint = ""
        for known_id, names in (aliases or {}).items():
            if value.casefold() in (n.casefold() for n in [known_id, *names] if n):
                hint = f" (did you mean '{known_id}'?)"
                break
        hint = hint or did_you_mean(value, known)
        names = known if listed is None else listed
        listing = ", ".join(names) if len(names) <= 12 else ", ".join(names[:12]) + ", ..."
        verb = "has" if listed is None else "uses"
        raise TimelineError(f"unknown {what} '{value}'{hint}; the case {verb}: {listing or 'none'}")


def parse_window_date(text: str, option: str) -> FuzzyDate:
    """A --from/--to date, or a TimelineError saying how to write one."""
    try:
        return dates.parse_date(text)
    except dates.DateError as err:
        raise TimelineError(f"{option}: {err}") from None


# --- summary --------------------------------------------------------------------------------


@dataclass
class AgencySummary:
    """One agency's contacts in the timeline."""

    agency_id: str
    agency_name: str
    agency_short: str
    contacts: int
    first: FuzzyDate  # the date of the first contact
    last: FuzzyDate  # the date of the last contact
    child_seen: int
    seen_alone: int


@dataclass
class TypeSummary:
    """How many events of one type."""

    type_id: str
    type_label: str
    count: int


@dataclass
class EpisodeSummary:
    """How many timeline events belong to one key practice episode."""

    episode_id: str
    number: str
    title: str
    events: int


@dataclass
class Gap:
    """A stretch with no agency contact between two consecutive in-scope entries."""

    before: Entry
    after: Entry
    days: int  # days certainly without contact, allowing for imprecise dates
    text: str  # the interval in words

    @property
    def start_text(self) -> str:
        """The date of the last contact before the gap, in words."""
        return dates.in_words(self.before.date)

    @property
    def end_text(self) -> str:
        """The date of the first contact after the gap, in words."""
        return dates.in_words(self.after.date)


@dataclass
class Summary:
    """Counts over a timeline: per agency, per type, per episode; the longest gaps."""

    total: int
    in_scope: int
    background: int
    agencies: list[AgencySummary]
    types: list[TypeSummary]
    episodes: list[EpisodeSummary]
    gaps: list[Gap]


def summarise(case: Case, entries: list[Entry], *, gaps: int = 5) -> Summary:
    """Count the entries per agency, type and episode, and find the longest gaps."""
    agencies: dict[str, AgencySummary] = {}
    for entry in entries:
        # A merged event is a contact of every agency that recorded it (Event.agencies).
        for agency_id in entry.agency_ids or [entry.agency_id]:
            item = agencies.get(agency_id)
            if item is None:
                item = agencies[agency_id] = AgencySummary(
                    agency_id,
                    case.agency_name(agency_id),
                    case.agency_short(agency_id),
                    0,
                    entry.date,
                    entry.date,
                    0,
                    0,
                )
            item.contacts += 1
            item.last = entry.date
            item.child_seen += entry.event.child_seen is True
            item.seen_alone += entry.event.seen_alone is True
    # Agencies in the order the case lists them, as the panel is used to seeing them.
    order = {a.id: i for i, a in enumerate(case.agencies)}
    agency_list = sorted(agencies.values(), key=lambda a: order.get(a.agency_id, len(order)))

    types: dict[str, TypeSummary] = {}
    for entry in entries:
        types.setdefault(entry.type_id, TypeSummary(entry.type_id, entry.type_label, 0)).count += 1
    type_list = sorted(types.values(), key=lambda t: (-t.count, t.type_label.casefold()))

    episode_list = [
        EpisodeSummary(
            episode.id,
            case.episode_number(episode),
            episode.title,
            sum(episode.id in entry.episodes for entry in entries),
        )
        for episode in case.episodes
    ]

    in_scope = sum(entry.in_scope for entry in entries)
    return Summary(
        total=len(entries),
        in_scope=in_scope,
        background=len(entries) - in_scope,
        agencies=agency_list,
        types=type_list,
        episodes=episode_list,
        gaps=longest_gaps(entries, top=gaps),
    )


def longest_gaps(entries: list[Entry], *, top: int = 5) -> list[Gap]:
    """The `top` longest gaps between consecutive in-scope entries, longest first."""
    # Background entries are left out: the time between old history and the scope period
    # is not a gap in contact.
    scoped = [entry for entry in entries if entry.in_scope]
    found = []
    for before, after in zip(scoped, scoped[1:], strict=False):
        days = dates.gap_days(before.date, after.date)
        if days > 0:
            found.append(Gap(before, after, days, gap_text(before.date, after.date)))
    # Longest first; equal gaps in date order.
    found.sort(key=lambda gap: -gap.days)
    return found[:top]


def gap_text(before: FuzzyDate, after: FuzzyDate) -> str:
    """The certain gap between two dates in words: '6 days', 'at least 7 weeks', 'about 4 weeks'."""
    if before.exact and after.exact:
        return dates.format_interval(before, after)
    # The days counted run from the last day `before` can mean to the first `after` can,
    # so the words describe that span: a minimum, or a guess when a date is approximate.
    start = FuzzyDate(before.text, before.latest, before.latest, "day")
    end = FuzzyDate(after.text, after.earliest, after.earliest, "day")
    prefix = "about" if before.approximate or after.approximate else "at least"
    return f"{prefix} {dates.format_interval(start, end)}"


# --- exports --------------------------------------------------------------------------------


def scope_label(entry: Entry) -> str:
    """'In scope' or 'Background'."""
    return IN_SCOPE if entry.in_scope else BACKGROUND
