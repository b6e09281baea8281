"""The public version of a report: what `reviewkit build --publish` changes, and what it refuses.

A report for the public must not identify the child. Starting from the finished `Document`
(every word already decided), `for_publication` gives a copy in which

- listed places and settings (`anonymise.places`), professionals, agencies, the partnership and
  the authors are called by the generic labels the anonymiser uses (the one name matcher,
  reviewkit/names.py, finds them; `replacement` fits each label to its sentence);
- a person's date of birth, and the date of any event marked `identifying: true`, is given as
  its year only ("in 2022"), and a time of day printed with it is left out;
- the protective marking is dropped, or is the one `review.publication.marking` sets.

Each change is returned as a `Notice`; a draft build shows the same notices as warnings
(`draft_notices`), so the author sees what a publication would change. What cannot be changed
safely is refused: an analysis placeholder (`placeholders`), and anything the leak scan still
finds (an identifier, a real name) before or after writing.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from reviewkit.dates import FuzzyDate, find_dates
from reviewkit.document import (
    BulletList,
    Definitions,
    Document,
    Notice,
    Paragraph,
    Placeholder,
    Quote,
    Section,
    Table,
)
from reviewkit.model import Case
from reviewkit.names import Vocabulary, replacement
from reviewkit.wording import shorten

# Codes of the notices, for a caller (and a test) that tells them apart.
BIRTH_DATE = "birth-date"  # a date of birth, or a date the case marks as identifying
BIRTH_TIME = "birth-time"  # a time of day printed with such a date
NAMED_SETTING = "named-setting"  # a listed place, setting or professional named by name
OTHER_NAME = "named-organisation"  # an agency, the partnership or an author (publish only)

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
    """The case's names with the generic labels the anonymiser gives them."""
    from reviewkit.anonymise.agencies import agency_labels
    from reviewkit.anonymise.names import build_vocabulary

    _, phrases = agency_labels(case)
    return build_vocabulary(case, agency_labels=phrases)


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
    settings = case.review.publication
    marking = settings.marking if settings is not None else ""
    if public.cover.marking != marking:
        was = public.cover.marking
        instead = f" (printed {marking!r} instead)" if marking else ""
        changes.notices.append(
            Notice(f"the marking {was!r}{instead}", where="cover", code="marking")
        )
        public.cover.marking = marking
    public.cover.authors = []  # names in the Word file's properties: the scan would find them
    # Every author becomes "the independent reviewer": a cover line of that twice says nothing.
    public.cover.details = [
        (k, v) for k, v in public.cover.details if k not in ("Authors", "Author")
    ]
    return public, changes.notices


def summarise(notices: list[Notice]) -> list[Notice]:
    """One notice per kind of change, with how often and where it was first made."""
    counts: dict[tuple[str, str], list[Notice]] = {}
    for notice in notices:
        counts.setdefault((notice.code, notice.message), []).append(notice)
    done = {
        NAMED_SETTING: "printed a generic label for",
        OTHER_NAME: "printed a generic label for",
        BIRTH_DATE: "printed only the year of",
    }
    out = []
    for (code, message), found in counts.items():
        times = f" ({len(found)} times)" if len(found) > 1 else ""
        verb = done.get(code, "left out")
        out.append(Notice(f"{verb} {message}{times}", where=found[0].where, code=code))
    return out


def draft_notices(doc: Document, case: Case) -> list[Notice]:
    """What a draft prints that a publication would not: dates of birth, times, named settings."""
    _, notices = for_publication(doc, case)
    then = {
        BIRTH_DATE: "--publish gives the year",
        BIRTH_TIME: "--publish leaves it out",
        NAMED_SETTING: "--publish prints its label",
    }
    return [
        Notice(f"prints {n.message}; {then[n.code]}", where=n.where, code=n.code)
        for n in notices
        if n.code in then
    ]


class _Changes:
    """Rewrites one text at a time for publication, noting each change."""

    def __init__(self, case: Case) -> None:
        self.vocab = publication_vocabulary(case)
        self.dates = identifying_dates(case)
        self.notices: list[Notice] = []

    def fix(self, text: str, where: str) -> str:
        if not text:
            return text
        return self._dates(self._names(text, where), where)

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
