"""The columns of a chronology, and the headings agencies actually give them.

Every returned chronology is a table whose header row names its columns. Agencies head the
same column many ways ("Date", "Date of contact", "Contact date"), so each field has a list
of known headings; `--map "Heading=field"` names anything else. The template that
`reviewkit agency-template` writes uses the first heading of each field, so a filled-in
template needs no mapping at all.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reviewkit.errors import UsageError

IGNORE = "ignore"


@dataclass(frozen=True)
class Field:
    """One column a chronology can have: the event field it fills and its known headings."""

    name: str  # the Event field, e.g. "child_seen"
    heading: str  # the heading the template uses
    width: int  # column width in the template (characters)
    help: str  # what to write, for the template's instructions and prompts
    headings: tuple[str, ...] = ()  # other headings agencies use


FIELDS: tuple[Field, ...] = (
    Field(
        "date",
        "Date",
        13,
        "The day of the contact or event, day first: 14/03/2019. If unsure, write what is "
        "known: ?14/03/2019, March 2019, early March 2019, 01/03/2019 to 15/03/2019.",
        (
            "date of contact",
            "contact date",
            "date of event",
            "event date",
            "date of incident",
            "incident date",
            "date and time",
            "date time",
            "when",
            "date seen",
            "date of entry",
            "entry date",
            "date recorded",
            "date of record",
            "date of activity",
            "activity date",
            "date of appointment",
            "appointment date",
            "date of visit",
        ),
    ),
    Field(
        "time",
        "Time",
        8,
        "24-hour time if recorded, e.g. 17:25. Leave blank if not known.",
        (
            "time of contact",
            "start time",
            "time of event",
            "time of incident",
            "time of call",
            "time of visit",
            "time recorded",
        ),
    ),
    Field(
        "seq",
        "Same-day order",
        9,
        "For several entries on one day with no time: 1, 2, 3 in the order they happened.",
        ("same day order", "same day sequence", "sequence", "seq", "order", "sequence number"),
    ),
    Field(
        "source",
        "Source record",
        18,
        "Where the entry comes from, e.g. 'GP record', 'Police log 2019/1234'.",
        (
            "source",
            "record",
            "source of information",
            "source document",
            "record type",
            "system",
            "record reference",
            "reference",
            "source reference",
            "ref",
            "occurrence ref",
            "occurrence reference",
            "occurrence number",
            "incident number",
            "agency ref",
            "agency reference",
            "case ref",
            "log no",
            "log number",
            "log ref",
            "record number",
        ),
    ),
    Field(
        "type",
        "Event type",
        24,
        "Choose the nearest from the list (Other if none fits).",
        (
            "type",
            "contact type",
            "type of contact",
            "event contact",
            "type of event",
            "nature of contact",
            "category",
            "activity",
            "activity type",
            "contact method",
            "type of activity",
            "case note type",
            "note type",
            "incident type",
        ),
    ),
    Field(
        "summary",
        "Summary",
        45,
        "One or two lines: what happened.",
        (
            "brief summary",
            "event summary",
            "summary of contact",
            "summary of event",
            "title",
            "brief summary of incident",
            "summary of incident",
            "incident summary",
            "brief description",
            "subject line",
            "brief details",
            "reason for contact",
            "presenting issue",
        ),
    ),
    Field(
        "details",
        "Details",
        50,
        "Fuller account from the record, if needed. Use roles, not staff names.",
        (
            "detail",
            "description",
            "event details",
            "details of contact",
            "details of event",
            "contact details",
            "narrative",
            "what happened",
            "information",
            "notes",
            "case note",
            "case notes",
            "note",
            "hv comments",
            "sw comments",
            "practitioner comments",
            "entry text",
            "full details",
            "incident details",
            "details of incident",
            "contact notes",
        ),
    ),
    Field(
        "people",
        "People involved",
        22,
        "Who was involved: the names used in this review (see the list on the first sheet), "
        "separated by commas.",
        (
            "people",
            "persons involved",
            "people present",
            "who was present",
            "present",
            "who",
            "family members",
            "individuals",
            "attendees",
            "names",
            "name",
            "subject",
        ),
    ),
    Field(
        "child_seen",
        "Child seen",
        8,
        "Yes or No: was the child seen? Blank if it does not apply.",
        ("seen", "was the child seen", "child seen by practitioner", "child present"),
    ),
    Field(
        "seen_alone",
        "Seen alone",
        8,
        "Yes or No: was the child seen on their own?",
        ("child seen alone", "was the child seen alone"),
    ),
    Field(
        "child_words",
        "Child's words",
        30,
        "What the child said or showed, word for word where recorded.",
        (
            "childs words",
            "voice of the child",
            "child voice",
            "childs voice",
            "childs views",
            "what the child said",
            "views of the child",
        ),
    ),
    Field(
        "outcome",
        "Outcome",
        30,
        "What was decided or done as a result.",
        (
            "outcome action",
            "action",
            "actions",
            "action taken",
            "outcome and action",
            "outcomes",
            "result",
            "decision",
            "next steps",
            "outcome plan",
            "plan",
            "action plan",
            "actions taken",
            "outcome of contact",
        ),
    ),
    Field(
        "analysis",
        "Agency analysis",
        40,
        "Your agency's own analysis: with hindsight, what went well, what could have been "
        "better, and why.",
        (
            "analysis",
            "agency's own analysis",
            "agencys own analysis",
            "own analysis",
            "analysis comment",
            "comment",
            "comments",
            "agency comment",
            "agency comments",
            "reflection",
            "reflections",
            "significance",
            "practice analysis",
            "analysis of practice",
        ),
    ),
)

BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
REQUIRED = ("date", "summary")
# Columns agencies add that the review does not take: staff names stay in the agency's records.
LEFT_OUT = (
    "worker",
    "practitioner",
    "staff",
    "staff member",
    "staff name",
    "worker name",
    "entered by",
    "recorded by",
    "author",
    "officer",
    "officer in case",
)
# A heading this alike to a known one (0 to 1, see `score`) is read as that field, and said;
# one less alike is left out, with the best field suggested and its score shown.
READ_AS_LIKE = 0.85
SUGGEST = 0.3


def normalise(heading: str) -> str:
    """A heading reduced to words: 'Child Seen? (Y/N)*' -> 'child seen'."""
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", heading.lower())
    text = text.replace("&", " and ").replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


_KNOWN: dict[str, str] = {}
for _f in FIELDS:
    for _h in (_f.heading, _f.name, *_f.headings):
        _KNOWN.setdefault(normalise(_h), _f.name)
_LEFT_OUT = {normalise(h) for h in LEFT_OUT}
# Words that say nothing about which field a heading names.
_LITTLE = {"of", "the", "and", "a", "an", "by", "to", "for", "in", "on", "if", "any"}


def _content(key: str) -> frozenset[str]:
    """A normalised heading's telling words, plural 's' taken off ('comments' -> 'comment')."""
    return frozenset(
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
        for w in key.split()
        if w not in _LITTLE
    )


_KNOWN_WORDS = {key: _content(key) for key in _KNOWN}


def score(heading: str, known: str) -> float:
    """How alike a heading is to a known one (both normalised), 0 to 1.

    The better of two measures: the words they share (Dice: 'brief summary of incident' and
    'brief summary' share two of five words, 0.8) and their letters (a typing slip,
    'sumary', scores 0.92; letters less alike than a slip count half).
    """
    words, theirs = _content(heading), _KNOWN_WORDS.get(known) or _content(known)
    shared = 2 * len(words & theirs) / (len(words) + len(theirs)) if words and theirs else 0.0
    letters = difflib.SequenceMatcher(None, heading, known, autojunk=False).ratio()
    return max(shared, _counted(letters))


# "Event" heads the type column when a summary or details column exists, else the summary.
_EVENT_WORDS = {"event", "events", "event or contact", "contact", "entry"}
_LONGEST = 60  # characters: a longer cell is an entry, not a heading
_TYPING_SLIP = 0.8  # letters this alike are one heading mistyped; less alike, they count half


def _counted(alike: float) -> float:
    """What letters this alike add to a heading's score (see `score`)."""
    return alike if alike >= _TYPING_SLIP else alike / 2


def best_field(heading: str) -> tuple[str, float] | None:
    """The field a heading most likely names and its score; None for a blank or a number."""
    key = normalise(heading)
    if not key or key.isdigit() or len(key) > _LONGEST:
        return None
    if key in _KNOWN:
        return _KNOWN[key], 1.0
    words = _content(key)
    letters = difflib.SequenceMatcher(None, "", key, autojunk=False)
    best, best_score = "", -1.0
    for known, theirs in _KNOWN_WORDS.items():
        value = 2 * len(words & theirs) / (len(words) + len(theirs)) if words and theirs else 0.0
        letters.set_seq1(known)
        # The quick upper bounds first: the full comparison only when it could do better
        # than both these words and the best heading so far (letters less alike than a slip
        # count half, so that is all they could add).
        beat = max(value, best_score)
        if _counted(letters.real_quick_ratio()) > beat and _counted(letters.quick_ratio()) > beat:
            value = max(value, _counted(letters.ratio()))
        if value > best_score:
            best, best_score = known, value
    return _KNOWN[best], round(best_score, 2)


def parse_maps(values: Sequence[str]) -> dict[str, str]:
    """`--map "Heading=field"` options as {normalised heading: field}; bad ones raise."""
    maps: dict[str, str] = {}
    names = [f.name for f in FIELDS]
    for value in values:
        heading, sep, name = value.rpartition("=")
        heading, name = heading.strip(), name.strip().lower().replace("-", "_")
        if not sep or not heading or not name:
            raise UsageError(
                f"--map '{value}': write it as --map \"Heading=field\", for example "
                '--map "Date of entry=date"'
            )
        if name not in names and name != IGNORE:
            hint = difflib.get_close_matches(name, [*names, IGNORE], n=1, cutoff=0.6)
            did = f" (did you mean '{hint[0]}'?)" if hint else ""
            raise UsageError(
                f"--map '{value}': '{name}' is not a field{did}; the fields are "
                f"{', '.join(names)}, or {IGNORE} to leave a column out"
            )
        maps[normalise(heading)] = name
    return maps


@dataclass
class Columns:
    """Which column (0-based) holds which field, found from a table's header row."""

    header_row: int  # 1-based row number of the header
    fields: dict[str, int]  # field name -> column index
    headings: dict[int, str]  # column index -> heading as written
    unknown: list[str] = field(default_factory=list)  # headings not imported
    guessed: dict[str, str] = field(default_factory=dict)  # heading -> field, read by likeness
    # heading -> (the best field, its score): for a guessed heading and an unknown one
    scores: dict[str, tuple[str, float]] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)  # staff names and the like (LEFT_OUT)
    mapped: dict[str, str] = field(default_factory=dict)  # heading as written -> field or IGNORE
    repeated: list[str] = field(default_factory=list)  # headings naming a field twice
    used_maps: set[str] = field(default_factory=set)  # normalised --map headings seen

    def heading(self, name: str) -> str:
        """The heading of the column that holds a field, as the file writes it."""
        return self.headings[self.fields[name]]


def match_header(
    cells: Sequence[Any], row_number: int, maps: dict[str, str] | None = None
) -> Columns:
    """Read a header row: which column holds which field."""
    maps = maps or {}
    columns = Columns(row_number, {}, {})
    events: list[int] = []
    for index, cell in enumerate(cells):
        heading = " ".join(str(cell).split()) if cell is not None else ""
        if not heading:
            continue
        columns.headings[index] = heading
        key = normalise(heading)
        name = maps.get(key)
        if name is not None:
            columns.used_maps.add(key)
        elif key in _EVENT_WORDS:
            events.append(index)
            continue
        elif key in _LEFT_OUT:
            columns.left_out.append(heading)
            continue
        else:
            name = _KNOWN.get(key)
            if name is None:
                best = best_field(heading)
                if best is not None:
                    columns.scores[heading] = best
                    if best[1] >= READ_AS_LIKE:
                        name = best[0]
                        columns.guessed[heading] = name
        if name is None:
            columns.unknown.append(heading)
            continue
        columns.mapped[heading] = name
        if name == IGNORE:
            continue
        elif name in columns.fields:
            columns.repeated.append(heading)
        else:
            columns.fields[name] = index
    for index in events:
        wants = "type" if {"summary", "details"} & set(columns.fields) else "summary"
        if wants in columns.fields:
            wants = "summary" if wants == "type" else "type"
        if wants in columns.fields:
            columns.repeated.append(columns.headings[index])
        else:
            columns.fields[wants] = index
            columns.mapped[columns.headings[index]] = wants
    # A long "Details" column with no summary beside it is the summary.
    if "summary" not in columns.fields and "details" in columns.fields:
        columns.fields["summary"] = columns.fields.pop("details")
        columns.mapped[columns.headings[columns.fields["summary"]]] = "summary"
    return columns


def header_score(columns: Columns) -> int:
    """How much a candidate header row looks like a chronology's (0: not at all)."""
    if "date" not in columns.fields:
        return 0
    return len(columns.fields) + (_SUMMARY_BONUS if "summary" in columns.fields else 0)


_SUMMARY_BONUS = 2  # a summary column counts for more than any other


def find_header(
    rows: Sequence[tuple[int, Sequence[Any]]], maps: dict[str, str] | None = None, *, scan: int = 30
) -> Columns | None:
    """The header among a table's first rows: the first one that names the most fields.

    Once a header is found, only a few more rows are read: below it are the entries, whose
    every short cell would otherwise be scored against every known heading (most of the time
    of planning an import).
    """
    best: Columns | None = None
    best_score = 2  # a date and one more field at least
    since = 0  # rows read since the best header so far
    for row_number, cells in rows[:scan]:
        if best is not None:
            since += 1
            if since > _AFTER_HEADER:
                break
        if not any(isinstance(c, str) and c.strip() for c in cells):
            continue
        # Each heading names one field at most: a row of too few cannot score higher.
        headings = sum(1 for c in cells if c is not None and str(c).strip())
        if headings + _SUMMARY_BONUS <= best_score:
            continue
        columns = match_header(cells, row_number, maps)
        score = header_score(columns)
        if score > best_score:
            best, best_score, since = columns, score, 0
    return best


_AFTER_HEADER = 5  # rows read below the best header so far, in case a better one follows
