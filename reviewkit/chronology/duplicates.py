"""Events that several agencies recorded, and merging them into one that keeps every source.

A strategy discussion is in the police, social care and health returns alike. Two events
from different agencies are candidates when their dates are the same or a day apart, their
types are compatible (the same, in one family such as conferences and core groups, or one of
them generic), and they share a person or their summaries read alike. Candidates join into
groups with at most one event per agency. Nothing is ever merged without the author's word.

A merged event keeps the first event's agency, date, type and summary (the first: the
agency listed first in the case file), and collects the rest: every agency's account
(summary, details, outcome, analysis, the child's words), everyone involved, every episode
and theme link, and one provenance entry per source, so that the timeline shows the event
once with all its agencies ("CSC, Police, HV").
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reviewkit.casefile import CaseStore, Edit
from reviewkit.chronology.events import event_data, fingerprint, provenance_data
from reviewkit.errors import UsageError
from reviewkit.model import Case, Event, Provenance

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
_ONE_DAY = dt.timedelta(days=1)


@dataclass
class Group:
    """Events that may be one event recorded by several agencies."""

    id: str  # short and stable while these events are unchanged
    indices: list[int]  # positions in case.events, first agency first
    events: list[Event]
    reasons: list[str] = field(default_factory=list)


def compatible(a: str, b: str) -> bool:
    """True when two event types could describe the same event."""
    if a == b or a in _GENERIC or b in _GENERIC:
        return True
    return any(a in family and b in family for family in _FAMILIES)


def similarity(a: str, b: str) -> float:
    """How alike two summaries read, word by word (0 to 1)."""
    words_a, words_b = _words(a), _words(b)
    if not words_a or not words_b:
        return 0.0
    return difflib.SequenceMatcher(None, words_a, words_b, autojunk=False).ratio()


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


@dataclass
class _Pair:
    score: float
    first: int
    second: int


def _pair(case: Case, i: int, a: Event, j: int, b: Event) -> _Pair | None:
    if set(a.agencies) & set(b.agencies):
        return None
    if a.date.span_days > _MAX_SPAN or b.date.span_days > _MAX_SPAN:
        return None
    exact = a.date.span_days == 1 and b.date.span_days == 1
    apart: int | None = None
    if exact:
        apart = abs((a.date.earliest - b.date.earliest).days)
        if apart > 1:
            return None
    elif not a.date.overlaps(b.date):
        return None
    if not compatible(a.type, b.type):
        return None
    same_type = a.type == b.type
    common = [p for p in a.people if p in b.people]
    alike = similarity(a.summary, b.summary)
    if exact:
        found = (
            alike >= 0.5
            or (common and (same_type or alike >= 0.3))
            or (same_type and a.type in _SHARED and apart == 0)
        )
    else:
        found = alike >= 0.5
    if not found:
        return None
    score = alike + 0.3 * bool(common) + 0.3 * same_type + (0.2 if apart == 0 else 0.0)
    return _Pair(score, i, j)


def _name(case: Case, person_id: str) -> str:
    """The name the review uses for a person (never a real name)."""
    person = case.person(person_id)
    return person.name if person else person_id


def find_duplicates(case: Case) -> list[Group]:
    """Likely duplicate events, grouped, in date order; merges nothing."""
    order = sorted(range(len(case.events)), key=lambda k: case.events[k].date.sort_key)
    pairs: list[_Pair] = []
    for position, i in enumerate(order):
        a = case.events[i]
        for j in order[position + 1 :]:
            b = case.events[j]
            if b.date.earliest > a.date.latest + _ONE_DAY:
                break
            found = _pair(case, i, a, j, b)
            if found is not None:
                pairs.append(found)
    pairs.sort(key=lambda p: (-p.score, p.first, p.second))

    group_of: dict[int, int] = {}
    members: list[list[int]] = []
    for pair in pairs:
        gi, gj = group_of.get(pair.first), group_of.get(pair.second)
        if gi is not None and gi == gj:
            continue
        left = members[gi] if gi is not None else [pair.first]
        right = members[gj] if gj is not None else [pair.second]
        agencies_left = {x for k in left for x in case.events[k].agencies}
        agencies_right = {x for k in right for x in case.events[k].agencies}
        if agencies_left & agencies_right:
            continue  # one event per agency in a group
        joined = left + right
        target = gi if gi is not None else gj
        if target is None:
            members.append(joined)
            target = len(members) - 1
        else:
            members[target] = joined
        other = gj if target == gi else gi
        if other is not None and other != target:
            members[other] = []
        for k in joined:
            group_of[k] = target

    agency_rank = {a.id: n for n, a in enumerate(case.agencies)}
    groups = []
    for indices in members:
        if not indices:
            continue
        indices = sorted(
            indices, key=lambda k: (agency_rank.get(case.events[k].agency, len(agency_rank)), k)
        )
        events = [case.events[k] for k in indices]
        groups.append(Group(_group_id(events), indices, events, _reasons(case, events)))
    groups.sort(key=lambda g: (min(e.date.sort_key for e in g.events), g.indices))
    return groups


def _reasons(case: Case, events: list[Event]) -> list[str]:
    """Why a group's events look like one event, in words."""
    days = {e.date.earliest for e in events}
    if all(e.date.span_days == 1 for e in events):
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

    def __init__(self, case_path: Path) -> None:
        self.case_path = Path(case_path)
        self.store = CaseStore(self.case_path, label="duplicates")
        self.groups = find_duplicates(self.store.case)
        self.merges: list[Merge] = []
        self._indices = {group.id: list(group.indices) for group in self.groups}

    @property
    def case(self) -> Case:
        """The case as it is now (after any merges)."""
        return self.store.case

    def group(self, group_id: str) -> Group:
        """The group with this id; UsageError saying how to list them when there is none."""
        return find_group(self.groups, group_id, str(self.case_path))

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
