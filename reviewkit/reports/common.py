"""Pieces every report shares: numbered chapters, placeholders, the family table, the glossary.

A `Chapter` numbers its paragraphs "5.1", "5.2" ... restarting per chapter and running on
through its unnumbered subsections. `Chapter.field` adds an analysis field's paragraphs, or a
clearly marked `Placeholder` and a warning when the author has not written it yet.

The words renderers used to choose for themselves are worded here, once, for every format:
the cover's detail lines (`cover_details`), the label over the child's words and a quote's
attribution (`quote`), and a placeholder's hint (`placeholder`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reviewkit import dates, vocabulary
from reviewkit.dates import FuzzyDate
from reviewkit.document import (
    NOT_WRITTEN,
    Block,
    Document,
    Notice,
    Paragraph,
    Placeholder,
    Quote,
    Section,
    Table,
    block_text,
    footnote_mark,
)
from reviewkit.model import Case, Event, Interview, Person, Recommendation
from reviewkit.templates import paragraphs, render_paragraphs
from reviewkit.wording import capitalise, count_words, join_and, number_word

if TYPE_CHECKING:
    from jinja2 import Environment

    from reviewkit.timeline import Entry


@dataclass
class Context:
    """What assembly carries around: the case, the wording templates and the warnings."""

    case: Case
    env: Environment
    warnings: list[Notice] = field(default_factory=list)
    today: dt.date | None = None  # the day action plans are rated on; None: the real today
    figures: bool = False  # put the swimlane timeline picture in the report

    def wording(self, name: str, **extra: Any) -> list[str]:
        """Paragraphs of a wording template, rendered with the case and `extra` as context."""
        return render_paragraphs(self.env, name, case=self.case, review=self.case.review, **extra)

    def not_written(self, where: str, label: str) -> None:
        """Record a warning for an unwritten field: its case-file path and its owner's label."""
        self.warnings.append(Notice("not yet written", where=where, about=label, code=NOT_WRITTEN))


def _filters() -> dict[str, Any]:
    return {
        "on": on,
        "cap": capitalise,
        "join_and": join_and,
        "pronoun": pronoun,
        # Reports count in words ("three practitioners"); the filter keeps its old name for
        # the wording templates authors have copied.
        "plural": count_words,
        "number_word": number_word,
        "sentence": sentence,
    }


class Chapter:
    """A section being built, numbering its paragraphs section.paragraph."""

    def __init__(
        self, ctx: Context, title: str, number: str | None = None, *, appendix: bool = False
    ) -> None:
        self.ctx = ctx
        self.section = Section(title, level=1, number=number, appendix=appendix)
        self.section.anchor = slug(self.section.heading)
        self._count = 0
        self._current = self.section
        self._parents: list[Section] = [self.section]

    def subsection(self, title: str, *, level: int = 2) -> Section:
        """Start an unnumbered subsection (level 2, or 3 inside the current level 2)."""
        sub = Section(title, level=level)
        parent = self._parents[min(level - 1, len(self._parents)) - 1]
        parent.sections.append(sub)
        self._parents = [*self._parents[: level - 1], sub]
        self._current = sub
        return sub

    def add(self, block: Block) -> None:
        """Add any block to the current (sub)section."""
        self._current.blocks.append(block)

    def para(self, text: str, *, lead: str = "", numbered: bool = True) -> None:
        """Add one paragraph, numbered unless the chapter is unnumbered or `numbered` is off."""
        number = None
        if numbered and self.section.number and not self.section.appendix:
            self._count += 1
            number = f"{self.section.number}.{self._count}"
        self.add(Paragraph(text, number=number, lead=lead))

    def text(self, text: str | None, *, lead: str = "", numbered: bool = True) -> bool:
        """Add free text as paragraphs (split on blank lines); `lead` goes on the first."""
        chunks = paragraphs(text or "")
        for i, chunk in enumerate(chunks):
            self.para(chunk, lead=lead if i == 0 else "", numbered=numbered)
        return bool(chunks)

    def wording(self, name: str, *, numbered: bool = True, **extra: Any) -> None:
        """Add the paragraphs of a wording template."""
        for chunk in self.ctx.wording(name, **extra):
            self.para(chunk, numbered=numbered)

    def field(
        self,
        text: str | None,
        *,
        where: str,
        what: str,
        label: str,
        lead: str = "",
        numbered: bool = True,
    ) -> None:
        """Add an analysis field's text, or a placeholder and a warning when it is empty.

        `where` is the case-file path ("episodes[2].known"), `what` names the missing text
        ("what was known and knowable at the time") and `label` names its owner in the warning
        ("KPE 3: Title").
        """
        if self.text(text, lead=lead, numbered=numbered):
            return
        self.add(placeholder(f"[Not yet written: {what}]", where))
        self.ctx.not_written(where, label)


# --- worded pieces of the document ---------------------------------------------------------


def placeholder(text: str, where: str) -> Placeholder:
    """A marked placeholder, with the hint saying which case-file field to fill in."""
    return Placeholder(
        text, where=where, hint=f"Fill in {where} in the case file." if where else ""
    )


def quote(text: str, who: str, *, child: bool = False) -> Quote:
    """Quoted words, worded for every format: "In Ruby's words:" over a child's, "— who" after."""
    if child:
        return Quote(
            text, child=True, lead=f"In {who}'s words:" if who else "In the child's words:"
        )
    return Quote(text, attribution=f"\u2014 {who}" if who else "")


def cover_details(
    children: Sequence[str],
    authors: Sequence[str] = (),
    *,
    report_date: str = "",
    publication_date: str = "",
    status: str = "",
) -> list[tuple[str, str]]:
    """The detail lines under the cover's title, each (label, value), empty ones left out."""
    lines = [
        ("Child" if len(children) == 1 else "Children", join_and(children)),
        ("Author" if len(authors) == 1 else "Authors", join_and(authors)),
        ("Report date", report_date),
        ("Publication date", publication_date),
        ("Status", status),
    ]
    return [(label, value) for label, value in lines if value]


# --- words ------------------------------------------------------------------------------------


def sentence(text: str) -> str:
    """Text ending with a full stop (unless it already ends a sentence)."""
    text = text.strip()
    return text if not text or text[-1] in ".!?:…\"'”’)" else text + "."


_PRONOUNS = {
    "she": ("she", "her", "her"),
    "he": ("he", "him", "his"),
    "they": ("they", "them", "their"),
}


def pronoun(person: Person | None, case: str = "subject") -> str:
    """The person's pronoun ("subject", "object" or "possessive"); their name if none is set."""
    if person is None:
        return {"subject": "they", "object": "them", "possessive": "their"}[case]
    first = (person.pronouns or "").split("/")[0].strip().lower()
    forms = _PRONOUNS.get(first)
    if forms is None:
        return person.name + "'s" if case == "possessive" else person.name
    return forms[("subject", "object", "possessive").index(case)]


def date_phrase(date: FuzzyDate | None, *, time: str = "", capital: bool = False) -> str:
    """The date for prose, with the preposition it needs: 'on 16 February 2024', 'in March 2024',
    'around March 2024', 'from 4 May 2023 to around 3 November 2023'."""
    if date is None:
        return ""
    words = dates.date_words(date)
    if words.kind == "between":
        phrase = f"between {words.start} and {words.end}"
    elif words.kind == "span":
        phrase = f"from {words.text}"
    elif words.kind == "day":
        phrase = f"on or {words.text}" if words.approximate else f"on {words.text}"
    elif words.approximate:
        phrase = words.text
    elif words.text.startswith(("end of", "start of", "beginning of")):
        phrase = f"at the {words.text}"
    elif words.text.startswith("middle of"):
        phrase = f"in the {words.text}"
    else:
        phrase = f"in {words.text}"
    if time:
        phrase += f" at {time}"
    return capitalise(phrase) if capital else phrase


def period_phrase(first: FuzzyDate, last: FuzzyDate) -> str:
    """The time a run of dates covers, for prose: 'from April 2013 to 17 February 2024'.

    A range at either end gives its outer end, so two ranges never run into a third "to".
    """
    if first == last:
        return date_phrase(first)
    return f"from {period_start(first)} to {period_end(last)}"


def period_start(date: FuzzyDate) -> str:
    """Where a date begins, in words: the start of a range, else the whole date."""
    words = dates.date_words(date)
    return words.start if words.kind == "span" else words.text


def period_end(date: FuzzyDate) -> str:
    """Where a date ends, in words: the end of a range, else the whole date."""
    words = dates.date_words(date)
    return words.end if words.kind == "span" else words.text


def on(date: FuzzyDate | None, time: str = "") -> str:
    """Template filter: `{{ review.dates.incident | on }}` -> 'on 12 March 2024'."""
    return date_phrase(date, time=time)


def slug(heading: str) -> str:
    """The anchor GitHub (and pandoc's gfm_auto_identifiers) gives a heading."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


# --- people -------------------------------------------------------------------------------------

ROLE_LABELS = {
    "child": "Child",
    "parent": "Parent",
    "carer": "Carer",
    "relative": "Relative",
    "partner": "Partner",
    "other": "Other",
}


def family(case: Case) -> list[Person]:
    """The family members a report lists: the subjects first, then the others in case order."""
    subjects = case.subjects
    others = [p for p in case.people if p.role != "professional" and p not in subjects]
    return [*subjects, *others]


def relationship_label(case: Case, person: Person) -> str:
    """What the person is to the child: their own label, else from the subjects' relationships."""
    if person.relationship:
        return person.relationship
    subjects = case.subjects
    if person in subjects:
        return "Subject of this review"
    for child in subjects:
        for rel in child.relationships:
            if rel.person == person.id:
                return f"{child.name}'s {rel.kind}"
    if person.role == "child" and person.household:
        return "Child in the household"
    return ROLE_LABELS.get(person.role, capitalise(person.role))


def age_at_incident(case: Case, person: Person) -> str:
    """The age the family table prints: as written in the case, else worked out from the dob."""
    if person.age_at_incident:
        return person.age_at_incident
    incident = case.review.dates.incident
    if person.dob is not None and incident is not None:
        return dates.format_age(person.dob, incident)
    return "–"


def family_table(case: Case) -> Table:
    """Name used | Relationship | Age at the incident | Household; never real names or dobs."""
    rows = [
        [
            p.name,
            relationship_label(case, p),
            age_at_incident(case, p),
            "Yes" if p.household else "No",
        ]
        for p in family(case)
    ]
    return Table(
        header=["Name used", "Relationship", "Age at the incident", "Household"],
        rows=rows,
        caption="The names used in this review",
        widths=[0.25, 0.4, 0.2, 0.15],
    )


# --- events and quotes --------------------------------------------------------------------------


def event_child(case: Case, event: Event) -> Person | None:
    """The subject child an event is about: the first subject it names, else the only subject."""
    subjects = case.subjects
    named = [p for p in subjects if p.id in event.people]
    if named:
        return named[0]
    return subjects[0] if len(subjects) == 1 else None


def show_age(case: Case, entry: Entry) -> str:
    """'Ruby aged 7 weeks' for an event, when it helps; '' when it would not.

    The age is the one child's the event is about: the only subject it names, or the only
    subject of the review. It is left out before and on the day of birth, and where the date
    is too vague to give one age ("8 years 5 months to 8 years 6 months").
    """
    subjects = case.subjects
    named = [p for p in subjects if p.id in entry.event.people]
    if len(named) == 1:
        child = named[0]
    elif not named and len(subjects) == 1:
        child = subjects[0]
    else:
        return ""
    if child.dob is None or not entry.date.is_after(child.dob):
        return ""
    age = dates.format_age(child.dob, entry.date)
    if " to " in age or age.startswith("0 "):
        return ""
    return f"{child.name} aged {age}"


def event_paragraph(
    case: Case, entry: Entry, *, details: bool, see: str = "", age: bool = True
) -> str:
    """One event as prose: date, agency and age, summary, and details and outcome if asked."""
    event = entry.event
    notes = [entry.agency_short]
    child_age = show_age(case, entry) if age else ""
    if child_age:
        notes.append(child_age)
    head = f"{date_phrase(entry.date, time=entry.time, capital=True)} ({'; '.join(notes)}): "
    parts = [sentence(event.summary)]
    if details:
        parts.extend(sentence(p) for p in paragraphs(event.details or ""))
        if event.outcome:
            parts.append("Outcome: " + sentence(" ".join(paragraphs(event.outcome))))
    if see:
        parts.append(f"(See {see}.)")
    return head + " ".join(parts)


def child_words(case: Case, event: Event) -> Quote | None:
    """The child's own words recorded at an event, set apart as the child's."""
    if not event.child_words:
        return None
    child = event_child(case, event)
    text = "\n\n".join(paragraphs(event.child_words))
    return quote(text, child.name if child else "", child=True)


def speaker(case: Case, interview: Interview) -> str:
    """Who is quoted, by name used (family) or by role (professionals, never by name)."""
    if interview.kind in ("family", "child") and interview.person:
        person = case.person(interview.person)
        if person is not None:
            return person.name
    if interview.kind == "group":
        return "A practitioner at the learning event"
    if interview.role:
        return interview.role
    return "A manager" if interview.kind == "manager" else "A practitioner"


def interview_quotes(
    case: Case, *, episode: str | None = None, theme: str | None = None
) -> list[Quote]:
    """Quotes linked to an episode or theme, only from conversations with consent to quote."""
    found = []
    for interview in case.interviews:
        if not interview.consent_to_quote or interview.status != "completed":
            continue
        for words in interview.quotes:
            if (episode and episode in words.episodes) or (theme and theme in words.themes):
                found.append(
                    quote(
                        "\n\n".join(paragraphs(words.text)),
                        speaker(case, interview),
                        child=interview.kind == "child",
                    )
                )
    return found


# --- glossary -----------------------------------------------------------------------------------

_ABBREVIATION = re.compile(r"[A-Z][A-Z0-9&]+")


def glossary_terms(case: Case) -> dict[str, str]:
    """Every abbreviation the report may define: built-in, agencies' short names, the case's."""
    terms = dict(vocabulary.glossary())
    for agency in case.agencies:
        short = agency.abbreviation
        if short and _ABBREVIATION.fullmatch(short) and short not in terms:
            terms[short] = agency.name
    terms.update(case.glossary)
    return terms


def used_terms(text: str, terms: dict[str, str]) -> list[tuple[str, str]]:
    """The terms that appear in `text` as whole words (case-sensitive), alphabetically."""
    used = [
        (term, meaning)
        for term, meaning in terms.items()
        # The plain substring test first: 15 times faster on a 20,000-event report.
        if term in text and re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text)
    ]
    return sorted(used, key=lambda item: item[0].casefold())


def document_text(doc: Document) -> str:
    """All the words a reader sees, for finding the abbreviations a report uses."""
    return "\n".join(_texts(doc))


def _texts(doc: Document) -> Iterator[str]:
    cover = doc.cover
    yield from (cover.title, cover.subtitle, cover.partnership)
    for label, value in cover.details:
        yield f"{label}: {value}"
    for section in doc.walk():
        yield section.heading
        for block in section.blocks:
            yield from block_text(block)


def appendix_letters() -> Iterator[str]:
    """A, B, C ..."""
    for code in range(ord("A"), ord("Z") + 1):
        yield chr(code)


# Filters the wording templates can use (see templates/lcspr/*.j2).
FILTERS = _filters()


def age_header(case: Case) -> str:
    """The heading of an age column, saying whose age it is: "Ruby's age"."""
    from reviewkit.timeline import primary_child

    child = case.person(primary_child(case) or "")
    return f"{child.name}'s age" if child else "Age"


# A citation in any text of the case file: [@key], the key of an entry of `references`.
CITATION = re.compile(r"\[@([A-Za-z0-9][A-Za-z0-9_.-]*)\]")


def cite(ctx: Context, doc: Document) -> None:
    """Turn each [@key] in the document's paragraphs and quotes into a numbered footnote.

    Footnotes are numbered in reading order, one per citation; an unknown key is left as
    written, with a warning naming it.
    """
    references = {r.key: r for r in ctx.case.references if r.key}

    def note(match: re.Match[str]) -> str:
        found = references.get(match.group(1))
        if found is None:
            ctx.warnings.append(
                Notice(
                    f"cites {match.group(0)}, which no reference has as its key",
                    where="references",
                    about=section.heading,
                )
            )
            return match.group(0)
        doc.footnotes.append(f"{found.text} {found.url}" if found.url else found.text)
        return footnote_mark(len(doc.footnotes))

    for section in doc.walk():
        for block in section.blocks:
            if isinstance(block, Paragraph | Quote) and "[@" in block.text:
                block.text = CITATION.sub(note, block.text)


def numbered_recommendations(
    case: Case, recs: Sequence[Recommendation]
) -> list[tuple[int, Recommendation]]:
    """(number, recommendation) in number order: the order a reader first meets them."""
    return sorted(((case.recommendation_number(r), r) for r in recs), key=lambda item: item[0])


def recommendations_table(recs: Sequence[tuple[int, Recommendation]]) -> Table:
    """The recommendations table every report uses: No. | Recommendation | To whom |
    Measure of impact | Timescale, one row each (a dash where the author gave none)."""
    rows = [
        [
            str(number),
            " ".join(paragraphs(rec.text)),
            rec.addressee,
            rec.measure or "\u2013",
            rec.timescale or "\u2013",
        ]
        for number, rec in recs
    ]
    return Table(
        header=["No.", "Recommendation", "To whom", "Measure of impact", "Timescale"],
        rows=rows,
        widths=[0.05, 0.45, 0.16, 0.22, 0.12],
    )
