"""Assemble the swimlane timeline picture of a case: one lane per agency along a time axis.

`chart_of` decides what the picture shows (a `reviewkit.figure.TimelineChart`): lanes in the
order the case lists its agencies, one mark per event by type, the scope period, the key
practice episodes and the longest gaps in contact shaded, and the child's age under the
dates. A dense case is binned by week or month, one counted mark per lane and bin, so 5,000
events over 30 agencies stay readable. `describe` words the picture for alt text.

The picture names agencies, episodes ("KPE 2") and the child's age, never a person: it shows
nothing a report could not print.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from reviewkit import dates
from reviewkit.dates import FuzzyDate
from reviewkit.document import Figure
from reviewkit.figure import Lane, Mark, Period, Tick, TimelineChart
from reviewkit.model import Case
from reviewkit.timeline import (
    Entry,
    Filters,
    build_timeline,
    filter_entries,
    longest_gaps,
    primary_child,
)
from reviewkit.wording import join_and, plural, shorten

TITLE = "Agency contact over time"
# Above this many events a mark per event overplots: events are counted per lane and bin.
DENSE = 250
# The finest bin that gives at most this many bins across the picture: week, month, quarter.
MAX_BINS = 120
KINDS = 9  # event types with a mark of their own; the rest are "Other"
OTHER_TYPES = "Other types"
GAPS = 3  # longest gaps in contact shaded
LANE_LABEL = 50  # characters of an agency's name shown beside its lane
TICKS = 8  # at most this many labelled days on the time axis


def chart_of(
    case: Case, entries: list[Entry], *, child: str | None = None, title: str = TITLE
) -> TimelineChart:
    """What the swimlane picture of these timeline entries shows."""
    order = {a.id: i for i, a in enumerate(case.agencies)}
    recorded = {a for e in entries for a in e.agency_ids or [e.agency_id]}
    lane_ids = sorted(recorded, key=lambda a: (order.get(a, len(order)), a))
    lanes = [Lane(aid, shorten(case.agency_name(aid), LANE_LABEL)) for aid in lane_ids]
    lane_of = {lane.key: i for i, lane in enumerate(lanes)}

    counts = Counter(e.type_label for e in entries)
    common = [label for label, _ in sorted(counts.items(), key=lambda c: (-c[1], c[0]))]
    kinds = common if len(common) <= KINDS + 1 else [*common[:KINDS], OTHER_TYPES]
    kind_of = {label: min(i, len(kinds) - 1) for i, label in enumerate(common)}

    scope = case.review.scope
    days = [e.date.midpoint for e in entries]
    start = min([*days, *([scope.start.earliest] if scope else [])], default=dt.date.today())
    end = max([*days, *([scope.end.latest] if scope else [])], default=start)
    if end <= start:
        end = start + dt.timedelta(days=30)

    bins = ""
    if len(entries) > DENSE:
        days_across = (end - start).days
        bins = next(
            (b for b, days in (("week", 7), ("month", 30.4)) if days_across / days <= MAX_BINS),
            "quarter",
        )
    marks = _marks(entries, lane_of, kind_of, bins)

    chart = TimelineChart(
        title=title,
        lanes=lanes,
        kinds=kinds,
        marks=marks,
        start=start,
        end=end,
        scope=Period(scope.start.earliest, scope.end.latest, "Scope period") if scope else None,
        episodes=_episodes(case, entries),
        gaps=[
            Period(g.before.date.latest, g.after.date.earliest, f"Gap: {g.text}")
            for g in longest_gaps(entries, top=GAPS)
        ],
        bins=bins,
        events=len(entries),
    )
    chart.ticks, chart.age_label = _ticks(case, start, end, child)
    if bins:
        chart.note = (
            f"{plural(len(entries), 'event')}: each mark counts one agency's events in one "
            f"{bins}, by its most common type; the number beside a mark is its count."
        )
    return chart


def _marks(
    entries: list[Entry], lane_of: dict[str, int], kind_of: dict[str, int], bins: str
) -> list[Mark]:
    # A merged event is marked in the lane of every agency that recorded it.
    if not bins:
        return [
            Mark(lane_of[a], e.date.midpoint, kind_of[e.type_label], 1, not e.in_scope)
            for e in entries
            for a in e.agency_ids or [e.agency_id]
        ]
    grouped: dict[tuple[int, dt.date], list[Entry]] = {}
    for entry in entries:
        for agency_id in entry.agency_ids or [entry.agency_id]:
            key = (lane_of[agency_id], _bin_start(entry.date.midpoint, bins))
            grouped.setdefault(key, []).append(entry)
    marks = []
    for (lane, day), group in sorted(grouped.items()):
        top = Counter(e.type_label for e in group).most_common(1)[0][0]
        background = not any(e.in_scope for e in group)
        marks.append(Mark(lane, _bin_middle(day, bins), kind_of[top], len(group), background))
    return marks


def _bin_start(day: dt.date, bins: str) -> dt.date:
    if bins == "week":
        return day - dt.timedelta(days=day.weekday())
    if bins == "quarter":
        return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return day.replace(day=1)


def _bin_middle(start: dt.date, bins: str) -> dt.date:
    return start + dt.timedelta(days={"week": 3, "month": 14}.get(bins, 45))


def _episodes(case: Case, entries: list[Entry]) -> list[Period]:
    """Each key practice episode's period: as written, else the span of its events."""
    periods = []
    for episode in case.episodes:
        label = case.episode_label(episode)
        if episode.period is not None:
            periods.append(Period(episode.period.earliest, episode.period.latest, label))
            continue
        days = [e.date for e in entries if episode.id in e.episodes]
        if days:
            first = min(d.earliest for d in days)
            periods.append(Period(first, max(d.latest for d in days), label))
    return periods


def _ticks(case: Case, start: dt.date, end: dt.date, child: str | None) -> tuple[list[Tick], str]:
    """Labelled days at the start of months, at most TICKS, with the child's age on each."""
    child_id = child if child is not None else primary_child(case)
    person = case.person(child_id) if child_id else None
    dob = person.dob if person else None
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = next(s for s in (1, 2, 3, 6, 12, 24, 60, 120, 1200) if months / s <= TICKS)
    year, month = start.year, start.month
    if step >= 12:
        year, month = (year + 1, 1) if month > 1 else (year, 1)
    else:
        offset = (month - 1) % step
        if offset:
            month += step - offset
            year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    ticks = []
    while (day := dt.date(year, month, 1)) <= end:
        if day >= start:
            age = dates.format_age(dob, _day(day)) if dob is not None else ""
            label = f"{day:%b %Y}" if step < 12 else str(day.year)
            ticks.append(Tick(day, label, _short_age(age), age))
        month += step
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    label = f"Age of {person.name}" if person is not None and dob is not None else ""
    return ticks, label


def _day(day: dt.date) -> FuzzyDate:
    return FuzzyDate(day.isoformat(), day, day, "day")


def _short_age(age: str) -> str:
    """'3 years 9 months' as '3y 9m', for a label under a tick."""
    return re.sub(r"(\d+) (y|m|w|d)[a-z]*", r"\1\2", age)


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def describe(chart: TimelineChart) -> str:
    """The picture in words, for alt text: what a reader who cannot see it should know."""
    if not chart.marks:
        return "A timeline picture with no events to show."
    counts = Counter(m.kind for m in chart.marks for _ in range(m.count))
    by_kind = [
        f"{chart.kinds[k].lower()} ({n})"
        for k, n in sorted(counts.items(), key=lambda c: (-c[1], c[0]))
    ]
    lanes = [lane.label for lane in chart.lanes]
    busiest: Counter[int] = Counter()
    for mark in chart.marks:
        busiest[mark.lane] += mark.count
    most = [chart.lanes[i].label for i, _ in busiest.most_common(3)]
    words = [
        f"A timeline picture with one row for each of {plural(len(lanes), 'agency', 'agencies')}"
        f", from {chart.start:%B %Y} to {chart.end:%B %Y}, showing "
        f"{plural(chart.events, 'contact')} as marks by type: {join_and(by_kind[: KINDS + 1])}.",
        f"The agencies with most contact were {join_and(most)}."
        if len(most) > 1
        else f"All contact was with {most[0]}.",
    ]
    if chart.bins:
        words.append(
            f"Contacts are counted per agency and {chart.bins}, so busy periods show as larger "
            "marks with their count."
        )
    if chart.scope is not None:
        words.append(
            f"The scope period, {_long(chart.scope.start)} to {_long(chart.scope.end)}, is shaded."
        )
    if chart.episodes:
        spans = [f"{p.label} ({p.start:%B %Y} to {p.end:%B %Y})" for p in chart.episodes]
        words.append(f"Key practice episodes are shaded: {join_and(spans)}.")
    if chart.gaps:
        gaps = [f"{p.label.removeprefix('Gap: ')} from {_long(p.start)}" for p in chart.gaps]
        words.append(f"The longest gaps in contact are marked: {join_and(gaps)}.")
    if chart.age_label and chart.ticks and chart.ticks[0].age_words != chart.ticks[-1].age_words:
        first, last = chart.ticks[0], chart.ticks[-1]
        words.append(
            f"The {chart.age_label[0].lower()}{chart.age_label[1:]} runs under the dates, "
            f"from {first.age_words} to {last.age_words}."
        )
    return " ".join(words)


def timeline_figure(case: Case, entries: list[Entry]) -> Figure:
    """The picture a report shows: agency contact in the scope period, with its alt text."""
    scoped = [e for e in entries if e.in_scope] or entries
    chart = chart_of(case, scoped)
    what = "during the scope period" if case.review.scope is not None else "over time"
    return Figure(chart, alt=describe(chart), caption=f"Figure 1: Agency contact {what}")


@dataclass
class ChartResult:
    """What `reviewkit timeline --chart` drew, and where."""

    path: Path
    chart: TimelineChart


def write_timeline_chart(
    case_path: Path,
    path: Path,
    *,
    filters: Filters | None = None,
    child: str | None = None,
    force: bool = False,
) -> ChartResult:
    """Draw the picture of a case's timeline (with the timeline's filters) into `path`."""
    from reviewkit.atomic import check_output
    from reviewkit.casefile import load_case
    from reviewkit.render.chart import chart_format, write_chart

    chart_format(path)  # a wrong suffix is refused before any work
    check_output(path, force=force, case=case_path)
    loaded = load_case(Path(case_path))
    entries = build_timeline(loaded.case, child=child)
    if filters is not None:
        entries = filter_entries(entries, filters, case=loaded.case)
    chart = chart_of(loaded.case, entries, child=child)
    write_chart(chart, path)
    return ChartResult(path, chart)
