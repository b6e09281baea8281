"""Events that several agencies recorded, and merging them into one that keeps every source.

A strategy discussion is in the police, social care and health returns alike. Two events
from different agencies are candidates when they are near in time, their types are compatible
(the same, in one family such as conferences and core groups, or one of them generic), and
they share a person or their summaries read alike. Date and time are compared together: two
timed records are near when at most three hours apart, across midnight too (23:45 and 00:10
the next day), and never when further apart on the same day (00:10 and 10:00); a record
without a time is near any record of its own or the next day. Each candidate pair is scored
(time, type, people and summary together) and the best pairs join first into groups with at
most one event per agency. Nothing is ever merged without the author's word.

The search is linear in the chronology: events are indexed by day and type, and each is
compared only with events of compatible types on its own day and the next (every day of an
uncertain date), at most `NEIGHBOURS` of one day and type, the nearest in time first; cheap
tests (agency, type, time) come before the summary's words.

A merged event keeps the first event's agency, date, type and summary (the first: the
agency listed first in the case file), and collects the rest: every agency's account
(summary, details, outcome, analysis, the child's words), everyone involved, every episode
and theme link, and one provenance entry per source, so that the timeline shows the event
once with all its agencies ("CSC, Police, HV").
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from reviewkit.casefile import CaseStore, Edit
from reviewkit.chronology.events import event_data, fingerprint, provenance_data, sources
from reviewkit.errors import UsageError
from reviewkit.model import Case, Event, Provenance, event_sort_key, time_key

_FAMILIES = (
    {"strategy-discussion", "s47-enquiry", "information-sharing", "mash-screening"},
    {"icpc", "rcpc", "core-group", "cin-meeting", "plo-meeting", "marac-meeting"},
    {"police-callout", "da-incident", "arrest", "significant-incident"},
    {"referral", "mash-screening", "information-sharing", "phone-call", "marac-referral"},
    {"hospital-attendance", "ed-attendance", "cp-medical", "significant-incident"},
    {"home-visit", "unannounced-visit", "new-birth-visit", "virtual-visit", "development-review"},
    {"gp-appointment", "appointment", "missed-appointment", "antenatal-contact"},
    {"pregnancy-booking", "antenatal-contact"},
    {"court", "care-proceedings", "charge"},
    {"prison", "release", "court"},
)
_GENERIC = {"other", "contact", "meeting"}
# Events that several agencies attend by their nature: the same type on the same day is
# enough to suggest one event.
_SHARED = {
    "strategy-discussion",
    "icpc",
    "rcpc",
    "core-group",
    "cin-meeting",
    "plo-meeting",
    "marac-meeting",
    "cp-medical",
    "s47-enquiry",
    "significant-incident",
    "da-incident",
    "police-callout",
    "birth",
}
_MAX_SPAN = 31  # days: a date vaguer than a month cannot tell two events apart
_DAY = 1440  # minutes
NEAR_MINUTES = 180  # two timed records at most this far apart may be one event
NEIGHBOURS = 12  # events of one day and type compared with one event, the nearest first
# How much each likeness counts in a pair's score (they add up to 1).
_WEIGHTS = {"time": 0.3, "type": 0.2, "people": 0.2, "summary": 0.3}


@dataclass
class Group:
    """Events that may be one event recorded by several agencies."""

    id: str  # short and stable while these events are unchanged
    indices: list[int]  # positions in case.events, first agency first
    events: list[Event]
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0  # how alike the events are, 0 to 1 (the mean of the pairs joined)


def compatible(a: str, b: str) -> bool:
    """True when two event types could describe the same event."""
    if a == b or a in _GENERIC or b in _GENERIC:
        return True
    return any(a in family and b in family for family in _FAMILIES)


def similarity(a: str, b: str) -> float:
    """How alike two summaries read, word by word in order (0 to 1)."""
    words_a, words_b = _words(a), _words(b)
    if not words_a or not words_b:
        return 0.0
    return difflib.SequenceMatcher(None, words_a, words_b, autojunk=False).ratio()


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


# Words every summary uses: sharing them says nothing about two records being one event.
_LITTLE_WORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "at",
        "be",
        "by",
        "for",
        "from",
        "had",
        "has",
        "he",
        "her",
        "him",
        "his",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "she",
        "that",
        "the",
        "their",
        "they",
        "this",
        "to",
        "was",
        "were",
        "with",
    }
)


def summary_words(text: str) -> frozenset[str]:
    """The words of a summary that tell it from others (little words left out)."""
    return frozenset(_words(text)) - _LITTLE_WORDS


def word_likeness(a: frozenset[str], b: frozenset[str]) -> float:
    """How alike two summaries read by the words they share (Dice, 0 to 1): cheap to compute."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


@dataclass(frozen=True)
class _Item:
    """An event as the finder compares it: when it can have happened, in minutes."""

    rank: int  # position in time order
    index: int  # position in case.events
    agencies: frozenset[str]
    type: str
    start: int  # first minute it can mean (days since year 1, times 1440, plus the time)
    end: int  # last minute it can mean
    day: int  # the day's ordinal, for a one-day date; 0 otherwise
    timed: bool  # one day with a time
    people: frozenset[str]
    words: frozenset[str]


def _minutes(time: str | None) -> int | None:
    if not time:
        return None
    hours, minutes = time_key(time).split(":")
    return int(hours) * 60 + int(minutes)


def _items(case: Case) -> list[_Item]:
    """The events that can be compared (a date no vaguer than a month), in time order."""
    order = sorted(range(len(case.events)), key=lambda k: event_sort_key(case.events[k]))
    found: list[_Item] = []
    for index in order:
        event = case.events[index]
        date = event.date
        if date.span_days > _MAX_SPAN:
            continue
        first = date.earliest.toordinal() * _DAY
        minute = _minutes(event.time) if date.span_days == 1 else None
        timed = minute is not None
        start = first + (minute or 0)
        end = start if timed else date.latest.toordinal() * _DAY + _DAY - 1
        found.append(
            _Item(
                0,
                index,
                frozenset(event.agencies),
                event.type,
                start,
                end,
                date.earliest.toordinal() if date.span_days == 1 else 0,
                timed,
                frozenset(event.people),
                summary_words(event.summary),
            )
        )
    found.sort(key=lambda item: (item.start, item.index))
    return [replace(item, rank=rank) for rank, item in enumerate(found)]


@dataclass
class _Pair:
    score: float
    first: int
    second: int


def _nearness(a: _Item, b: _Item) -> float | None:
    """How near in time two events are (0 to 1); None when too far apart to be one."""
    if a.day and b.day:
        if a.timed and b.timed:
            apart = abs(a.start - b.start)
            return None if apart > NEAR_MINUTES else 1.0 - 0.5 * apart / NEAR_MINUTES
        days = abs(a.day - b.day)
        return None if days > 1 else (0.8 if days == 0 else 0.4)
    if a.start <= b.end and b.start <= a.end:
        return 0.2
    return None


def _pair(a: _Item, b: _Item) -> _Pair | None:
    """The score of two events as one, or None; their types are compatible (`_candidates`)."""
    near = _nearness(a, b)
    if near is None:
        return None
    exact = bool(a.day and b.day)
    same_type = a.type == b.type
    common = a.people & b.people
    alike = word_likeness(a.words, b.words)
    # Near enough to be "the same day": one calendar day, or timed records close in time.
    close = near >= 0.5
    if exact:
        found = (
            alike >= 0.5
            or (common and (same_type or alike >= 0.3))
            or (same_type and a.type in _SHARED and close)
        )
    else:
        found = alike >= 0.5
    if not found:
        return None
    everyone = a.people | b.people
    score = (
        _WEIGHTS["time"] * near
        + _WEIGHTS["type"] * (1.0 if same_type else 0.5)
        + _WEIGHTS["people"] * (len(common) / len(everyone) if everyone else 0.0)
        + _WEIGHTS["summary"] * alike
    )
    return _Pair(round(score, 4), a.index, b.index)


def _candidates(items: list[_Item]) -> Iterable[tuple[_Item, _Item]]:
    """Each pair of events that may be one event by day and type, once (nearest first).

    Events are indexed by (day, type). A one-day event looks at its own day and the next, in
    the types compatible with its own, from its own time on; an event of a longer span looks
    at every day it covers. At most NEIGHBOURS events of one day and type are looked at, so
    the work per event is bounded however crowded the chronology.
    """
    index: dict[tuple[int, str], list[_Item]] = {}
    for item in items:
        first = item.day or item.start // _DAY
        index.setdefault((first, item.type), []).append(item)
    starts = {key: [i.start for i in listed] for key, listed in index.items()}
    types = {item.type for item in items}
    related = {t: [u for u in types if compatible(t, u)] for t in types}
    seen: set[tuple[int, int]] = set()  # pairs with an event of a longer span, found twice
    for a in items:
        last = a.day + 1 if a.day else a.end // _DAY + 1
        for day in range(a.day or a.start // _DAY, last + 1):
            for kind in related[a.type]:
                listed = index.get((day, kind))
                if not listed:
                    continue
                position = bisect.bisect_left(starts[day, kind], a.start) if day == a.day else 0
                looked = 0
                for b in listed[position:]:
                    if looked >= NEIGHBOURS:
                        break
                    if b is a or b.agencies & a.agencies:
                        continue
                    if a.day and b.day:
                        if b.rank < a.rank:
                            continue
                    else:
                        pair = (min(a.rank, b.rank), max(a.rank, b.rank))
                        if pair in seen:
                            continue
                        seen.add(pair)
                    looked += 1
                    yield (a, b) if a.rank < b.rank else (b, a)


def find_duplicates(case: Case) -> list[Group]:
    """Likely duplicate events, grouped, in date order; merges nothing."""
    pairs: list[_Pair] = []
    for a, b in _candidates(_items(case)):
        found = _pair(a, b)
        if found is not None:
            pairs.append(found)
    pairs.sort(key=lambda p: (-p.score, p.first, p.second))

    group_of: dict[int, int] = {}
    members: list[list[int]] = []
    scores: list[list[float]] = []
    recorded: list[set[str]] = []  # each group's agencies
    for pair in pairs:
        gi, gj = group_of.get(pair.first), group_of.get(pair.second)
        if gi is not None and gi == gj:
            continue
        left = members[gi] if gi is not None else [pair.first]
        right = members[gj] if gj is not None else [pair.second]
        agencies_left = recorded[gi] if gi is not None else set(case.events[pair.first].agencies)
        agencies_right = recorded[gj] if gj is not None else set(case.events[pair.second].agencies)
        if agencies_left & agencies_right:
            continue  # one event per agency in a group
        joined = left + right
        joined_scores = [
            *(scores[gi] if gi is not None else []),
            *(scores[gj] if gj is not None else []),
            pair.score,
        ]
        target = gi if gi is not None else gj
        if target is None:
            members.append(joined)
            scores.append(joined_scores)
            recorded.append(agencies_left | agencies_right)
            target = len(members) - 1
        else:
            members[target] = joined
            scores[target] = joined_scores
            recorded[target] = agencies_left | agencies_right
        other = gj if target == gi else gi
        if other is not None and other != target:
            members[other] = []
        for k in joined:
            group_of[k] = target

    groups = []
    for indices, joined_scores in zip(members, scores, strict=True):
        if not indices:
            continue
        group = _group(case, indices)
        group.score = round(sum(joined_scores) / len(joined_scores), 2)
        groups.append(group)
    groups.sort(key=lambda g: (min(event_sort_key(e) for e in g.events), g.indices))
    return groups


def _group(case: Case, indices: list[int]) -> Group:
    """The events at these positions as a group, the first agency first, with its reasons."""
    agency_rank = {a.id: n for n, a in enumerate(case.agencies)}
    indices = sorted(
        indices, key=lambda k: (agency_rank.get(case.events[k].agency, len(agency_rank)), k)
    )
    events = [case.events[k] for k in indices]
    return Group(_group_id(events), indices, events, _reasons(case, events))


def _apart(minutes: int) -> str:
    if minutes == 0:
        return "same time"
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} h"] if hours else []
    if rest:
        parts.append(f"{rest} min")
    return " ".join(parts) + " apart"


def _reasons(case: Case, events: list[Event]) -> list[str]:
    """Why a group's events look like one event, in words."""
    days = {e.date.earliest for e in events}
    one_day = all(e.date.span_days == 1 for e in events)
    times = [_minutes(e.time) for e in events]
    if one_day and all(t is not None for t in times):
        instants = [
            e.date.earliest.toordinal() * _DAY + (t or 0)
            for e, t in zip(events, times, strict=True)
        ]
        reasons = [_apart(max(instants) - min(instants))]
        if len(days) > 1:
            reasons[0] += ", across midnight"
    elif one_day:
        reasons = ["same day" if len(days) == 1 else "within a day"]
    else:
        reasons = ["dates overlap"]
    reasons.append("same type" if len({e.type for e in events}) == 1 else "related types")
    counts: dict[str, int] = {}
    for event in events:
        for person in dict.fromkeys(event.people):
            counts[person] = counts.get(person, 0) + 1
    shared = [p for p, n in counts.items() if n > 1]
    if shared:
        reasons.append(f"people in common: {', '.join(_name(case, p) for p in shared)}")
    alike = max(
        similarity(a.summary, b.summary) for n, a in enumerate(events) for b in events[n + 1 :]
    )
    if alike >= 0.3:
        reasons.append(f"summaries {round(alike * 100)}% alike")
    return reasons


def _name(case: Case, person_id: str) -> str:
    """The name the review uses for a person (never a real name)."""
    person = case.person(person_id)
    return person.name if person else person_id


def _group_id(events: list[Event]) -> str:
    keys = sorted(
        fingerprint(e) + "".join(p.imported or "" for p in e.provenance) + (e.id or "")
        for e in events
    )
    return hashlib.sha256("|".join(keys).encode("utf-8")).hexdigest()[:6]


def find_group(groups: list[Group], group_id: str, case_file: str) -> Group:
    """The group with this id; UsageError saying how to list them when there is none."""
    wanted = group_id.strip().lower()
    for group in groups:
        if group.id == wanted:
            return group
    listing = ", ".join(g.id for g in groups) or "none"
    raise UsageError(
        f"--accept {group_id}: there is no such group of likely duplicates now (the current "
        f"groups: {listing}). Run `reviewkit duplicates {case_file}` to list them; a group's "
        "id changes when one of its events is edited."
    )


def event_references(event: Event) -> list[str]:
    """The ways `--merge` can name an event: its id, and each 'FILE:ROW' it was imported from."""
    found = [event.id] if event.id else []
    return found + [s for s in sources(event) if ":" in s and not s.endswith("case file")]


def events_named(case: Case, references: list[str], case_file: str) -> Group:
    """The events an author names to merge, as a group; UsageError for a name that fits none.

    An event is named by its id, by 'FILE:ROW' of a return it came from (the From column of
    `reviewkit timeline --provenance`), or by its position as messages give it ('events[4]').
    """
    chosen: list[int] = []
    for reference in references:
        wanted = reference.strip()
        position = re.fullmatch(r"events\[(\d+)\]", wanted)
        if position and int(position[1]) < len(case.events):
            found = [int(position[1])]
        else:
            found = [
                k
                for k, event in enumerate(case.events)
                if any(r.casefold() == wanted.casefold() for r in event_references(event))
            ]
        if not found:
            raise UsageError(
                f"--merge {reference}: no event is called that; name an event by its id, by the "
                f"return and row it came from (`reviewkit timeline {case_file} --provenance` "
                "shows them, e.g. police.csv:12), or as events[N]"
            )
        if len(found) > 1:
            raise UsageError(
                f"--merge {reference}: {len(found)} events fit this name; name one by its id or "
                "as events[N]"
            )
        if found[0] not in chosen:
            chosen.append(found[0])
    if len(chosen) < 2:
        raise UsageError("--merge: name at least two different events to merge into one.")
    group = _group(case, chosen)
    group.score = 1.0
    return group


# --- merging --------------------------------------------------------------------------------


def merged(case: Case, group: Group) -> Event:
    """The one event a group becomes: the first agency's, with everyone else's added."""
    first, others = group.events[0], group.events[1:]

    narrowest = min(group.events, key=lambda e: (e.date.span_days, group.events.index(e)))
    event_type = first.type
    if event_type in _GENERIC:
        event_type = next((e.type for e in others if e.type not in _GENERIC), event_type)

    details = [first.details] if first.details else []
    for event in others:
        account = event.summary
        if event.details:
            account += "\n\n" + event.details
        if similarity(event.summary, first.summary) < 0.95 or event.details:
            details.append(f"{case.agency_short(event.agency)}: {account}")

    def accounts(name: str) -> str | None:
        texts = [
            (case.agency_short(e.agency), getattr(e, name))
            for e in group.events
            if getattr(e, name)
        ]
        distinct: list[tuple[str, str]] = []
        for who, text in texts:
            if all(text != seen for _, seen in distinct):
                distinct.append((who, text))
        if not distinct:
            return None
        if len(distinct) == 1 and texts[0][0] == case.agency_short(first.agency):
            return distinct[0][1]
        return "\n\n".join(f"{who}: {text}" for who, text in distinct)

    def union(name: str) -> list[str]:
        found: list[str] = []
        for event in group.events:
            found += [x for x in getattr(event, name) if x not in found]
        return found

    def yes_no(name: str) -> bool | None:
        values = [getattr(e, name) for e in group.events if getattr(e, name) is not None]
        return True if True in values else (False if values else None)

    sources: list[str] = []
    for event in group.events:
        if event.source and event.source not in sources:
            sources.append(event.source)
    provenance: list[Provenance] = []
    for event in group.events:
        entries = event.provenance or [Provenance(agency=event.agency)]
        for entry in entries:
            if entry.record is None and event.source and len(event.provenance) <= 1:
                entry = entry.model_copy(update={"record": event.source})
            if entry not in provenance:
                provenance.append(entry)

    return Event.model_validate(
        {
            "id": first.id or next((e.id for e in others if e.id), None),
            "date": narrowest.date,
            "time": first.time or next((e.time for e in others if e.time), None),
            "seq": first.seq,
            "agency": first.agency,
            "type": event_type,
            "summary": first.summary,
            "details": "\n\n".join(details) or None,
            "people": union("people"),
            "child_seen": yes_no("child_seen"),
            "seen_alone": yes_no("seen_alone"),
            "child_words": accounts("child_words"),
            "source": "; ".join(sources) or None,
            "outcome": accounts("outcome"),
            "analysis": accounts("analysis"),
            "episodes": union("episodes"),
            "themes": union("themes"),
            "provenance": [provenance_data(p) for p in provenance],
        }
    )


def merge(case: Case, group: Group, edit: Edit) -> Event:
    """Merge a group in the case file: the first event becomes the merged one, the rest go.

    Episodes that listed a removed event's id list the merged event instead.
    """
    event = merged(case, group)
    keep, drop = group.indices[0], group.indices[1:]
    data = event_data(event)
    current = edit.items("events")[keep]
    for name in [*data, *(k for k in current if k not in data)]:
        if data.get(name) != current.get(name):
            edit.set_field("events", keep, name, data.get(name))
    gone = {case.events[k].id for k in drop if case.events[k].id} - {event.id}
    if gone:
        for index, episode in enumerate(edit.items("episodes")):
            listed = episode.get("events") if isinstance(episode, dict) else None
            if not isinstance(listed, list) or not gone & set(listed):
                continue
            renamed: list[str] = []
            for item in listed:
                new = str(event.id) if item in gone else str(item)
                if new not in renamed:
                    renamed.append(new)
            edit.set_field("episodes", index, "events", renamed)
    edit.remove("events", drop)
    return event


# --- the use case: find and merge in a case file --------------------------------------------


@dataclass(frozen=True)
class Merge:
    """One group merged into one event, and the case as it is after the merge."""

    group: Group
    event: Event  # the merged event
    case: Case  # after this merge (to name agencies and people)


@dataclass(frozen=True)
class MergeResult:
    """What merging groups of duplicates did to a case file."""

    case_path: Path
    merges: list[Merge]
    written: Path | None  # the case file, when a merge was saved into it
    backup: Path | None  # the version before the first save (CASE.bak)
    reformatted_lines: int  # lines the saves re-indented (mixed indentation in the file)
    removed_leftovers: list[Path] = field(default_factory=list)  # a killed save's temp files


class DuplicateReview:
    """A case file's likely duplicates, and merging them one group at a time.

    Every merge is saved at once through `CaseStore` (checked, backed up, atomic). The groups
    are found once, when the file is opened; a merge removes events, so the positions of the
    groups still to merge are moved up to follow.
    """

    def __init__(self, case_path: Path, *, find: bool = True) -> None:
        self.case_path = Path(case_path)
        self.store = CaseStore(self.case_path, label="duplicates")
        self.groups = find_duplicates(self.store.case) if find else []
        self.merges: list[Merge] = []
        self._indices = {group.id: list(group.indices) for group in self.groups}

    @property
    def case(self) -> Case:
        """The case as it is now (after any merges)."""
        return self.store.case

    def group(self, group_id: str) -> Group:
        """The group with this id; UsageError saying how to list them when there is none."""
        return find_group(self.groups, group_id, str(self.case_path))

    def named(self, references: list[str]) -> Group:
        """The events the author names (by id, 'FILE:ROW' or events[N]) as a group to merge."""
        group = events_named(self.case, references, str(self.case_path))
        self._indices[group.id] = list(group.indices)
        return group

    def merge(self, group: Group) -> Merge:
        """Merge one group into one event and save the case file."""
        indices = self._indices.get(group.id)
        if indices is None:
            raise UsageError(f"group {group.id} is already merged.")
        case = self.store.case
        current = Group(group.id, indices, [case.events[k] for k in indices], group.reasons)
        made: list[Event] = []
        self.store.change(
            lambda edit: made.append(merge(case, current, edit)), f"merge of group {group.id}"
        )
        del self._indices[group.id]
        dropped = indices[1:]
        for other in self._indices.values():
            other[:] = [k - sum(1 for d in dropped if d < k) for k in other]
        done = Merge(group, made[0], self.store.case)
        self.merges.append(done)
        return done

    def result(self) -> MergeResult:
        """What the merges so far did to the case file."""
        saved = bool(self.merges)
        return MergeResult(
            self.case_path,
            list(self.merges),
            self.store.path if saved else None,
            self.store.backup_path if saved else None,
            self.store.reformatted_lines if saved else 0,
            list(self.store.removed_leftovers),
        )


def accept_groups(
    case_path: Path,
    group_ids: list[str],
    *,
    on_merge: Callable[[Merge], object] | None = None,
) -> MergeResult:
    """Merge the groups with these ids (from a listing) and save; `on_merge` hears of each.

    Every id is looked up before anything is merged, so an unknown id changes nothing.
    """
    review = DuplicateReview(case_path)
    chosen = {group.id: group for group in map(review.group, group_ids)}
    for group in chosen.values():
        done = review.merge(group)
        if on_merge is not None:
            on_merge(done)
    return review.result()


def merge_events(
    case_path: Path,
    references: list[str],
    *,
    on_merge: Callable[[Merge], object] | None = None,
) -> MergeResult:
    """Merge the events the author names into one and save (with a history copy).

    The events need not look alike: the author knows they are one event. Each is named by its
    id, by 'FILE:ROW' of a return it came from, or as events[N]; a name that fits no event, or
    several, changes nothing.
    """
    review = DuplicateReview(case_path, find=False)
    done = review.merge(review.named(references))
    if on_merge is not None:
        on_merge(done)
    return review.result()
