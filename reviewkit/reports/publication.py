"""The public version of a report: what `reviewkit build --publish` changes, and what it refuses.

A report for the public must not identify the child. Starting from the finished `Document`
(every word already decided), `for_publication` gives a copy in which

- listed places and settings (`anonymise.places`) and professionals' personal names are called
  by their labels ("the hospital", "the health visitor"; the one name matcher,
  reviewkit/names.py, finds them; `replacement` fits each label to its sentence). The
  partnership, the agencies (public bodies) and the authors keep their names, as a published
  report gives them;
- a person's date of birth, and the date of any event marked `identifying: true`, is given as
  its year only ("in 2022"), and a time of day printed with it is left out;
- in a sentence that gives an age, the age is in whole months or years and each date is its
  month, so no date of birth can be worked out (reviewkit/reports/publication_ages.py);
- the protective marking is dropped, or is the one `review.publication.marking` sets.

Each change is returned as a `Notice`; a draft build shows the same notices as warnings
(`draft_notices`), so the author sees what a publication would change. What cannot be changed
safely is refused: an analysis placeholder (`placeholders`), and anything the leak scan still
finds (an identifier, a real name) before or after writing.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reviewkit.dates import FuzzyDate, find_dates
from reviewkit.document import (
    BulletList,
    Definitions,
    Document,
    Figure,
    Notice,
    Paragraph,
    Placeholder,
    Quote,
    Section,
    Table,
)
from reviewkit.figure import TimelineChart
from reviewkit.model import Case
from reviewkit.names import Vocabulary, replacement
from reviewkit.wording import shorten

if TYPE_CHECKING:
    from reviewkit.anonymise.scan import Scanner, ScanReport
    from reviewkit.reports.publication_ages import Change

# Codes of the notices, for a caller (and a test) that tells them apart.
BIRTH_DATE = "birth-date"  # a date of birth, or a date the case marks as identifying
BIRTH_TIME = "birth-time"  # a time of day printed with such a date
NAMED_SETTING = "named-setting"  # a listed place, setting or professional named by name
OTHER_NAME = "named-person"  # a person's real name or alias (printed as the report name)
AGE_IN_DAYS = "age-in-days"  # an age in days or weeks, printed in whole months
DATE_WITH_AGE = "date-with-age"  # a date finer than a month beside an age, printed as its month
AGE_AT_INCIDENT = "age-at-incident"  # the family table's age, printed in whole years

# A time of day printed straight after a date: "On 8 December 2022 at 04:10", "8 December, 04.10".
_TIME_AFTER = re.compile(r"(?:,| at)\s?(?:[01]?\d|2[0-3])[:.][0-5]\d\b")
_ON_BEFORE = re.compile(r"\b([Oo])n\s+$")


@dataclass(frozen=True)
class Identifying:
    """A date a publication must not print exactly, and why (safe to print: no name)."""

    date: FuzzyDate
    why: str  # "Ruby's date of birth", "the date of event birth-1"


def identifying_dates(case: Case) -> list[Identifying]:
    """Every person's date of birth, and the dates of events marked `identifying: true`."""
    found = [
        Identifying(p.dob, f"{p.name}'s date of birth")
        for p in case.people
        if p.dob is not None and p.dob.precision == "day"
    ]
    for n, event in enumerate(case.events):
        if event.identifying:
            found.append(Identifying(event.date, f"the date of events[{n}] (marked identifying)"))
    return found


def publication_vocabulary(case: Case) -> Vocabulary:
    """The names a publication must not print: people's real names, professionals, places.

    The partnership, the agencies and the authors are public and keep their names; so does a
    town named in them, and the partnership's own area even when it is listed under
    anonymise.places (any other listed area is relabelled).
    """
    from reviewkit.anonymise.names import build_vocabulary

    vocab = build_vocabulary(case, include_agencies=False)
    # The partnership's own area is public: it is in the partnership's name (and often in the
    # title); a review published by "Brackenmoor Safeguarding Children Partnership" cannot hide
    # Brackenmoor. Other listed areas (a neighbouring authority the family moved from) are not.
    home = {
        f"anonymise.places[{i}]"
        for i, place in enumerate(case.anonymise.places if case.anonymise else [])
        if place.kind == "area" and place.name.lower() in case.review.partnership.lower()
    }
    vocab.variants = [
        v
        for v in vocab.variants
        if not all(o.key.startswith("review.authors") or o.key in home for o in v.owners)
    ]
    return vocab


def publication_scanner(case: Case) -> Scanner:
    """The leak scan of a publication: what `publication_vocabulary` finds, and identifiers."""
    from reviewkit.anonymise.scan import Scanner, case_known_words

    known = case_known_words(case)
    public = [a.name for a in case.agencies] + [case.review.partnership]
    public += [a.name for a in case.review.authors]
    known.update(w.lower() for t in public for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", t))
    return Scanner(publication_vocabulary(case), known=known)


def scan_publication(paths: Iterable[Path], case: Case) -> ScanReport:
    """Scan the files a publication wrote, as `reviewkit scan --publication` does."""
    scanner = publication_scanner(case)
    for path in paths:
        scanner.scan_path(path)
    return scanner.finish()


def placeholders(doc: Document) -> list[Placeholder]:
    """Every analysis placeholder left in the document, in order."""
    return [
        block
        for section in _sections(doc)
        for block in section.blocks
        if isinstance(block, Placeholder)
    ]


def for_publication(doc: Document, case: Case) -> tuple[Document, list[Notice]]:
    """A copy of `doc` fit to publish, and a notice for each change made to it."""
    public = copy.deepcopy(doc)
    changes = _Changes(case)
    _map_text(public, changes.fix)
    _lane_labels(public, case, changes.fix)
    settings = case.review.publication
    marking = settings.marking if settings is not None else ""
    if public.cover.marking != marking:
        was = public.cover.marking
        instead = f" (printed {marking!r} instead)" if marking else ""
        changes.notices.append(
            Notice(f"the marking {was!r}{instead}", where="cover", code="marking")
        )
        public.cover.marking = marking
    _family_ages(public, case, changes.notices)
    _table_ages(public, changes)
    return public, changes.notices


def _table_ages(doc: Document, changes: _Changes) -> None:
    """A table with a "Date" and an age column (the chronology): each row as one pair."""
    for section in _sections(doc):
        for block in section.blocks:
            if not isinstance(block, Table):
                continue
            # The age column says whose age it is ("Ruby's age"), or is plain "Age".
            heads = [h.strip().lower().replace("\u2019", "'") for h in block.header]
            ages = [i for i, h in enumerate(heads) if h == "age" or h.endswith("'s age")]
            if "date" not in heads or not ages:
                continue
            d, a = heads.index("date"), ages[0]
            for row in block.rows:
                row[d], row[a], found = changes.ages.row(row[d], row[a])
                changes.note(found, section.heading or "")


def _family_ages(doc: Document, case: Case, notices: list[Notice]) -> None:
    """The family table's ages at the incident in whole years (its date is printed exactly)."""
    from reviewkit.reports.common import family_table
    from reviewkit.reports.publication_ages import incident_age

    incident = case.review.dates.incident
    if incident is None:
        return
    header = family_table(case).header
    people = {p.name: p for p in case.people}
    for section in _sections(doc):
        for block in section.blocks:
            if not isinstance(block, Table) or block.header != header:
                continue
            for row in block.rows:
                person = people.get(row[0])
                age = incident_age(person, incident) if person is not None else None
                if age is not None and age != row[2]:
                    row[2] = age
                    why = f"{person.name}'s age at the incident" if person else "an age"
                    where = section.heading or ""
                    notices.append(Notice(why, where=where, code=AGE_AT_INCIDENT))


def summarise(notices: list[Notice]) -> list[Notice]:
    """One notice per kind of change, with how often and where it was first made.

    Ages and the dates beside them (one on most chronology lines) are counted, not located.
    """
    counts: dict[tuple[str, str], list[Notice]] = {}
    for notice in notices:
        counts.setdefault((notice.code, notice.message), []).append(notice)
    done = {
        NAMED_SETTING: "printed a generic label for {}",
        OTHER_NAME: "printed the name used in the report for {}",
        BIRTH_DATE: "printed only the year of {}",
        AGE_AT_INCIDENT: "printed {} in whole years",
    }
    out = []
    for (code, message), found in counts.items():
        if code in _COUNTED:
            continue
        times = f" ({len(found)} times)" if len(found) > 1 else ""
        text = done.get(code, "left out {}").format(message)
        out.append(Notice(f"{text}{times}", where=found[0].where, code=code))
    for code, (one, many, how) in _COUNTED.items():
        n = sum(1 for notice in notices if notice.code == code)
        if n:
            out.append(Notice(f"printed {one if n == 1 else f'{n} {many}'} {how}", code=code))
    return out


# Changes counted in one notice: what one is, what several are, how a publication prints them.
_COUNTED = {
    DATE_WITH_AGE: ("an exact date beside an age", "dates beside ages", "as months"),
    AGE_IN_DAYS: ("an age in days or weeks", "ages in days or weeks", "in months"),
}


def draft_notices(doc: Document, case: Case) -> list[Notice]:
    """What a draft prints that a publication would not: dates of birth, times, named settings.

    Ages and the dates beside them are many (a chronology gives one on most lines): they are
    counted in one notice each rather than listed.
    """
    _, notices = for_publication(doc, case)
    then = {
        BIRTH_DATE: "--publish gives the year",
        BIRTH_TIME: "--publish leaves it out",
        NAMED_SETTING: "--publish prints its label",
    }
    out = [
        Notice(f"prints {n.message}; {then[n.code]}", where=n.where, code=n.code)
        for n in notices
        if n.code in then
    ]
    for code, (one, many, _) in _COUNTED.items():
        n = sum(1 for notice in notices if notice.code == code)
        if n:
            what = one if n == 1 else f"{n} {many}"
            out.append(Notice(f"prints {what}; --publish gives months", code=code))
    return out


class _Changes:
    """Rewrites one text at a time for publication, noting each change."""

    def __init__(self, case: Case) -> None:
        from reviewkit.reports.publication_ages import AgeCoarsener

        self.vocab = publication_vocabulary(case)
        self.dates = identifying_dates(case)
        self.ages = AgeCoarsener(case)
        self.notices: list[Notice] = []

    def fix(self, text: str, where: str) -> str:
        if not text:
            return text
        text, changes = self.ages.fix(self._dates(self._names(text, where), where))
        self.note(changes, where)
        return text

    def note(self, changes: list[Change], where: str) -> None:
        """A notice for each age or date `publication_ages` coarsened."""
        for change in changes:
            code = AGE_IN_DAYS if change.code == "age" else DATE_WITH_AGE
            self.notices.append(Notice(change.message, where=where, code=code))

    def _names(self, text: str, where: str) -> str:
        out: list[str] = []
        last = 0
        for hit in self.vocab.find(text):
            if not hit.leak:
                continue
            owner = hit.owner
            setting = owner is not None and owner.key.startswith(
                ("anonymise.places", "anonymise.professionals")
            )
            out.append(text[last : hit.start])
            out.append(replacement(hit, text))
            last = hit.end
            code = NAMED_SETTING if setting else OTHER_NAME
            self.notices.append(Notice(f"the name of {hit.describe}", where=where, code=code))
        out.append(text[last:])
        return "".join(out)

    def _dates(self, text: str, where: str) -> str:
        out: list[str] = []
        last = 0
        for found in find_dates(text):
            why = self._why(found.date)
            if why is None or found.date is None or found.start < last:
                continue
            before = text[last : found.start]
            year = str(found.date.earliest.year)
            on = _ON_BEFORE.search(before)
            if on is not None:
                # "On 8 December 2022" -> "In 2022": a year is "in", never "on".
                before = before[: on.start()] + ("I" if on[1] == "O" else "i") + "n "
            out.append(before + year)
            last = found.end
            self.notices.append(Notice(why, where=where, code=BIRTH_DATE))
            time = _TIME_AFTER.match(text, last)
            if time is not None:
                last = time.end()
                self.notices.append(Notice(f"the time on {why}", where=where, code=BIRTH_TIME))
        out.append(text[last:])
        return "".join(out)

    def _why(self, date: FuzzyDate | None) -> str | None:
        if date is None or date.precision != "day":
            return None
        for item in self.dates:
            if item.date.earliest <= date.earliest <= item.date.latest:
                return item.why
        return None


def _sections(doc: Document) -> list[Section]:
    return [s for top in doc.sections for s in top.walk()]


def _map_text(doc: Document, fix: Callable[[str, str], str]) -> None:
    """Apply `fix(text, where)` to every word of the document, in place."""
    cover = doc.cover
    cover.title = fix(cover.title, "cover")
    cover.subtitle = fix(cover.subtitle, "cover")
    cover.partnership = fix(cover.partnership, "cover")
    cover.details = [(fix(k, "cover"), fix(v, "cover")) for k, v in cover.details]
    cover.children = [fix(t, "cover") for t in cover.children]
    for section in _sections(doc):
        where = shorten(section.heading, 40) or "the opening"
        section.title = fix(section.title, where)
        for block in section.blocks:
            _map_block(block, functools.partial(_at, fix, where))


def _at(fix: Callable[[str, str], str], where: str, text: str) -> str:
    return fix(text, where)


def _map_block(block: object, fix: Callable[[str], str]) -> None:
    if isinstance(block, Paragraph):
        block.lead, block.text = fix(block.lead), fix(block.text)
    elif isinstance(block, Quote):
        block.lead, block.text = fix(block.lead), fix(block.text)
        block.attribution = fix(block.attribution)
    elif isinstance(block, BulletList):
        block.items = [fix(t) for t in block.items]
    elif isinstance(block, Table):
        block.caption = fix(block.caption)
        block.header = [fix(t) for t in block.header]
        block.rows = [[fix(cell) for cell in row] for row in block.rows]
    elif isinstance(block, Placeholder):
        block.text, block.hint = fix(block.text), fix(block.hint)
    elif isinstance(block, Definitions):
        block.items = [(fix(term), fix(meaning)) for term, meaning in block.items]
    elif isinstance(block, Figure):
        block.caption, block.alt = fix(block.caption), fix(block.alt)
        _map_chart(block.chart, fix)


def _lane_labels(doc: Document, case: Case, fix: Callable[[str, str], str]) -> None:
    """Each lane's label made again from its agency's whole name, published, then shortened.

    The label is a shortened name: a listed place cut short in it ("Northmoor Royal Hosp…")
    would not be found, so the whole name is published first.
    """
    from reviewkit.reports.timeline_chart import LANE_LABEL

    for block in doc.blocks():
        if isinstance(block, Figure):
            block.chart.lanes = [
                dataclasses.replace(
                    lane, label=shorten(fix(case.agency_name(lane.key), "the picture"), LANE_LABEL)
                )
                if case.agency(lane.key) is not None
                else lane
                for lane in block.chart.lanes
            ]


def _map_chart(chart: TimelineChart, fix: Callable[[str], str]) -> None:
    """The picture's words (title, lanes, legend, periods) through the same `fix`, in place."""
    chart.title, chart.note = fix(chart.title), fix(chart.note)
    chart.lanes = [dataclasses.replace(lane, label=fix(lane.label)) for lane in chart.lanes]
    chart.kinds = [fix(kind) for kind in chart.kinds]
    if chart.scope is not None:
        chart.scope = dataclasses.replace(chart.scope, label=fix(chart.scope.label))
    chart.episodes = [dataclasses.replace(p, label=fix(p.label)) for p in chart.episodes]
    chart.gaps = [dataclasses.replace(p, label=fix(p.label)) for p in chart.gaps]


def chart_texts(chart: TimelineChart) -> list[str]:
    """Every word the picture shows, for the publication's scan (a PNG has no text to scan)."""
    periods = [*([chart.scope] if chart.scope else []), *chart.episodes, *chart.gaps]
    ticks = [t for tick in chart.ticks for t in (tick.date, tick.age, tick.age_words)]
    return [
        chart.title,
        chart.note,
        chart.age_label,
        *(lane.label for lane in chart.lanes),
        *chart.kinds,
        *(p.label for p in periods),
        *ticks,
    ]


def scan_figures(doc: Document, scanner: Scanner, name: str) -> None:
    """Scan the words of each picture in `doc` as the picture file `name` shows them."""
    for block in doc.blocks():
        if isinstance(block, Figure):
            for text in [block.caption, block.alt, *chart_texts(block.chart)]:
                scanner.scan_text(text, name)
