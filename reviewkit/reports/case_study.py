"""The training case study: the story in relative time, key practice episodes and questions.

Built only from an anonymised case file (`reviewkit anonymise` writes one). It has no
recommendations, no author and no partnership: it is teaching material, not the review. Dates
are told as the child's age or as time in the review period, as the anonymised case says;
each key practice episode is followed by discussion questions that fit it: the episode's own
`questions`, then defaults chosen by its themes and event types (templates/case-study/
questions.yaml), naming the child the episode centres on. The kind "case-study" is the
learners' edition: it leaves the review's learning to the facilitator notes, which the kind
"case-study-notes" adds. Before the document is returned it is scanned for leaks, so a case study
with a name or an identifier in it is never written.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from reviewkit.anonymise.relative_dates import Child, Timeframe
from reviewkit.casefile import parse_yaml
from reviewkit.casefile.modelcheck import read_model
from reviewkit.dates import FuzzyDate
from reviewkit.document import (
    NOT_WRITTEN,
    BulletList,
    Cover,
    Definitions,
    Document,
    Notice,
    Paragraph,
    Section,
)
from reviewkit.errors import TemplateError, UsageError
from reviewkit.model import Case, Episode, Event, Person, Theme, Told
from reviewkit.reports.common import (
    Chapter,
    Context,
    appendix_letters,
    child_words,
    cover_details,
    document_text,
    family_table,
    glossary_terms,
    placeholder,
    sentence,
    slug,
    used_terms,
)
from reviewkit.reports.episodes import DRAFT_AID, DRAFT_AID_TEXT
from reviewkit.wording import join_and, plural

SUBTITLE = "A training case study from a child safeguarding practice review"
MARKING = "For training use"
_DATE_NOTES = {
    "age": "Dates are given as {child}'s age at the time, or as time before {child} was born. "
    "Events before the period the review looked at are placed by how long before it they were.",
    "interval": "Dates are given as months of the period the review looked at: month 1 is "
    "its first month.",
    "keep-year": "Dates are given only by year, with {child}'s age where it is known.",
    "shift": "All dates have been moved by the same number of weeks, so the real dates cannot "
    "be read from them; the time between events is true.",
    "keep": "Dates are as the review recorded them.",
}


def build(ctx: Context, *, chronology: bool = False, notes: bool = False) -> Document:
    """The case study for the anonymised case in `ctx`; `notes` adds facilitator notes."""
    case = ctx.case
    settings = case.anonymise
    if settings is None or not settings.anonymised:
        raise UsageError(
            "a case study is built from an anonymised case file; run `reviewkit anonymise "
            "CASE -o ANON.yaml`, check the replacement report, then build from ANON.yaml."
        )
    story = _Story(case, settings.dates, settings.anchor)
    child = story.child.label if story.child else "the child"
    names = [p.name for p in case.subjects]
    doc = Document(
        kind="case-study-notes" if notes else "case-study",
        cover=Cover(
            title=f"Case study: {join_and(names) or 'a child safeguarding practice review'}",
            subtitle=SUBTITLE,
            details=cover_details(names),
            marking=MARKING,
            children=names,
        ),
    )
    questions = _questions(ctx)
    chapters = [
        _about(ctx, story, child, notes),
        _family(ctx),
        _story(ctx, story),
        _episodes(ctx, story, questions, child),
        _themes(ctx, questions, child, notes=notes),
    ]
    appendices = [_notes(ctx, story)] if notes else []
    doc.sections = [*chapters, *appendices]
    glossary = _glossary(ctx, document_text(doc))
    if glossary:
        appendices.append(glossary)
    for letter, section in zip(appendix_letters(), appendices, strict=False):
        section.number = letter
        section.appendix = True
        section.anchor = slug(section.heading)
    doc.sections = [*chapters, *appendices]
    doc.warnings = ctx.warnings
    _refuse_leaks(case, doc)
    return doc


def _refuse_leaks(case: Case, doc: Document) -> None:
    """Scan every word of the case study; a definite hit stops the build before any write."""
    from reviewkit.anonymise.scan import refuse_leaks

    refuse_leaks(
        case,
        doc,
        "the case study",
        hint="nothing was written. Fix the anonymised case file (or anonymise the original "
        "again), then build again.",
    )


# --- time -------------------------------------------------------------------------------------


class _Story:
    """How this case study tells time: the mode, the child and the review period."""

    def __init__(self, case: Case, mode: str, anchor: FuzzyDate | None) -> None:
        self.case = case
        self.mode = mode
        scope = case.review.scope
        self.anchor = anchor or (scope.start if scope else None)
        subjects = sorted(
            (p for p in case.subjects if p.dob is not None),
            key=lambda p: p.dob.earliest if p.dob else dt.date.min,
            reverse=True,
        )
        self.child = Child(subjects[0].name, subjects[0].dob) if subjects else None
        self.timeframe = Timeframe(mode=mode, child=self.child, anchor=self.anchor)

    def when(self, date: FuzzyDate | None, told: Told | None = None) -> str:
        """A date as this case study tells it: 'When Ruby was seven weeks old'.

        `told` is what the anonymiser worked out from the real dates; it wins, because an
        age counted on the moved calendar can be a month out.
        """
        if told is not None:
            return told.when
        if date is None:
            return ""
        if self.mode in ("keep", "shift"):
            from reviewkit.reports.common import date_phrase

            return date_phrase(date, capital=True)
        return self.timeframe.when(date)

    def period(self, date: FuzzyDate, told: Told | None = None) -> str:
        """The story's subsection an event falls in."""
        if told is not None and told.period:
            return told.period
        return self.timeframe.period(date)


# --- chapters ---------------------------------------------------------------------------------


def _about(ctx: Context, story: _Story, child: str, notes: bool) -> Section:
    ch = Chapter(ctx, "About this case study", "1")
    note = _DATE_NOTES[story.mode].format(child=child)
    names = join_and(p.name for p in ctx.case.subjects) or "the child"
    ch.wording("case-study/about.j2", dates_note=note, child=child, children=names, notes=notes)
    return ch.section


def _family(ctx: Context) -> Section:
    ch = Chapter(ctx, "The child and family", "2")
    ch.para("The people in this case study, by the names used for them.")
    ch.add(family_table(ctx.case))
    return ch.section


def _story(ctx: Context, story: _Story) -> Section:
    """Chapter 3: the review's narrative, period by period, as the overview report tells it.

    The anonymised case keeps the author's narrative (names replaced, dates told as the
    child's age or time in the review), so the case study tells the same story. Until it is
    written, a marked draft aid lists the events' summaries by period and the build warns:
    chronology rows are never the story.
    """
    case = ctx.case
    ch = Chapter(ctx, "The story", "3")
    if not case.narrative:
        _draft_story(ctx, ch, story, case.sorted_events())
        return ch.section
    ch.para(
        "What happened, told period by period. The key practice episodes that follow look "
        "more closely at what agencies knew and did at the time."
    )
    if case.review.background:
        ch.subsection("Background")
        ch.text(case.review.background)
    events = case.sorted_events()
    for i, period in enumerate(case.narrative):
        ch.subsection(period.title)
        span = period.period
        within = [
            e
            for e in events
            if span is not None and span.earliest <= e.date.earliest <= span.latest
        ]
        if ch.text(period.narrative):
            # The child's own words belong with the story: the narrative seldom quotes them.
            for event in within:
                quote = child_words(case, event)
                if quote is not None:
                    ch.add(quote)
            continue
        where = f"narrative[{i}].narrative"
        _not_written(ctx, ch, where, "the narrative of what happened in this period", period.title)
        _draft_aid(ch, story, within, by_period=False)
    return ch.section


def _draft_story(ctx: Context, ch: Chapter, story: _Story, events: list[Event]) -> None:
    """No narrative yet: a placeholder, a warning, then the events' summaries by period."""
    what = "the narrative of what happened, period by period"
    _not_written(ctx, ch, "narrative", what, "chapter 3", count=len(events))
    _draft_aid(ch, story, events, by_period=True)


def _not_written(
    ctx: Context, ch: Chapter, where: str, what: str, label: str, *, count: int = 0
) -> None:
    """The placeholder for unwritten narrative, and the warning that says so."""
    ch.add(placeholder(f"[Not yet written: {what}]", where))
    message = "not yet written"
    if count:
        message += f"; a draft aid lists {plural(count, 'event')}"
    ctx.warnings.append(Notice(message, where=where, about=label, code=NOT_WRITTEN))


def _draft_aid(ch: Chapter, story: _Story, events: list[Event], *, by_period: bool) -> None:
    """Events standing in for the unwritten story: marked, unnumbered, summaries only.

    Never the details or outcome of an event, so the draft reads as a list to write from;
    `by_period` puts each under the story's period (the child's age, or time in the review).
    """
    if not events:
        return
    ch.add(Paragraph(DRAFT_AID_TEXT, lead=DRAFT_AID))
    current = ""
    used: set[str] = set()
    for event in events:
        if by_period:
            heading = story.period(event.date, event.told)
            # An imprecise date can sort after a later period has begun ("November 2022"
            # after the birth on 8 November): it stays in the current period.
            if heading != current and heading not in used:
                ch.subsection(heading)
                current = heading
                used.add(heading)
        who = ch.ctx.case.agency_name(event.agency)
        when = story.when(event.date, event.told)
        ch.para(f"{when} ({who}): {sentence(event.summary)}", numbered=False)


def _episodes(ctx: Context, story: _Story, questions: dict[str, Any], child: str) -> Section:
    ch = Chapter(ctx, "Key practice episodes", "4")
    case = ctx.case
    if not case.episodes:
        ch.para("The review did not set out key practice episodes.")
        return ch.section
    ch.para(
        "Each episode sets out what happened and what was known at the time, then asks "
        "questions for discussion."
    )
    for n, episode in enumerate(case.episodes, start=1):
        number = case.episode_number(episode)
        ch.subsection(f"Key practice episode {number}: {episode.title}")
        if episode.period is not None:
            ch.para(f"{story.when(episode.period, episode.told)}.", numbered=False)
        label = case.episode_label(episode)
        ch.field(
            episode.what_happened,
            where=f"episodes[{n - 1}].what_happened",
            what="what happened in this episode",
            label=label,
        )
        if episode.known:
            ch.text(episode.known, lead="What was known at the time.")
        asked = _episode_questions(case, episode, questions, child)
        ch.subsection("Questions for discussion", level=3)
        ch.add(BulletList(asked, numbered=True))
    return ch.section


def _linked_themes(case: Case, episode: Episode) -> list[Theme]:
    ids = {
        t
        for e in case.events
        if e.id in episode.events or episode.id in e.episodes
        for t in e.themes
    }
    return [t for t in case.themes if episode.id in t.episodes or t.id in ids]


def _episode_questions(
    case: Case, episode: Episode, questions: dict[str, Any], child: str
) -> list[str]:
    """The questions after one episode: its own, then those its event types and themes
    choose, then the general ones, up to `most`; about the child the episode centres on.

    In an episode that began before that child was born, no question asks about the child
    (their daily life, their words): a question naming {child} is left out.
    """
    person = _episode_child(case, episode)
    name = person.name if person is not None else child
    unborn = _before_birth(episode, person)
    asked = [sentence(q.format(child=name)) for q in episode.questions]
    # What happened in this episode (its event types) says most about it, so those questions
    # come before the themes', which many episodes share.
    chosen: list[str] = []
    by_type: dict[str, list[str]] = questions.get("event_types", {}) or {}
    for kind in _event_types(case, episode):
        chosen.extend(q for key, extra in by_type.items() if key.lower() in kind for q in extra)
    by_theme: dict[str, list[str]] = questions.get("themes", {}) or {}
    for theme in _linked_themes(case, episode):
        words = f"{theme.id} {theme.title}".lower()
        chosen.extend(q for key, extra in by_theme.items() if key.lower() in words for q in extra)
    chosen.extend(questions.get("episode", []))
    most = max(int(questions.get("most", 6) or 6), len(asked))
    for question in chosen:
        if unborn and "{child}" in question:
            continue
        text = question.format(child=name)
        if len(asked) < most and not any(_alike(text, said) for said in asked):
            asked.append(text)
    return asked


def _alike(one: str, other: str) -> bool:
    """Whether two questions ask much the same (most of their longer words shared).

    An episode's own question and a default one often ask the same thing in other words
    ("What had changed for Ruby, Mason and Chloe when the plan closed ..." and "What had
    changed for Ruby when the plan closed ..."): a group would answer it twice.
    """
    a, b = (set(re.findall(r"[a-z]{4,}", q.lower())) for q in (one, other))
    return bool(a and b) and 2 * len(a & b) / (len(a) + len(b)) >= _ALIKE


_ALIKE = 0.7  # share of longer words two questions have in common to count as the same


def _episode_child(case: Case, episode: Episode) -> Person | None:
    """The child an episode centres on: its own `child`, else the review's child."""
    for pid in (episode.child, case.review.child):
        person = case.person(pid) if pid else None
        if person is not None:
            return person
    return None


def _before_birth(episode: Episode, child: Person | None) -> bool:
    """True when the episode began before the child was born (a pregnancy, say)."""
    if child is None or child.dob is None or episode.period is None:
        return False
    return episode.period.earliest < child.dob.earliest


def _event_types(case: Case, episode: Episode) -> list[str]:
    """The event types of the episode's events, in the order they first happened."""
    found: list[str] = []
    for event in case.sorted_events():
        if (event.id in episode.events or episode.id in event.episodes) and (
            event.type not in found
        ):
            found.append(event.type)
    return found


def _themes(ctx: Context, questions: dict[str, Any], child: str, *, notes: bool) -> Section:
    """Chapter 5: the themes; their learning only in the facilitators' edition.

    The learners' edition names the themes to discuss and leaves what the review learned to
    the facilitator, so the discussion is the learners' own.
    """
    case = ctx.case
    ch = Chapter(ctx, "Themes and learning" if notes else "Themes to discuss", "5")
    if not notes and case.themes:
        ch.para("The review found these themes across the episodes. What would you take from each?")
        ch.add(BulletList([theme.title for theme in case.themes]))
    for n, theme in enumerate(case.themes if notes else []):
        ch.subsection(theme.title)
        ch.field(
            theme.learning,
            where=f"themes[{n}].learning",
            what="the learning from this theme",
            label=theme.title,
            lead="Learning.",
        )
        if theme.further_consideration:
            ch.text(theme.further_consideration, lead="To consider.")
    closing = [q.format(child=child) for q in questions.get("closing", [])]
    if closing:
        ch.subsection("To finish")
        ch.add(BulletList(closing, numbered=True))
    return ch.section


def _notes(ctx: Context, story: _Story) -> Section:
    ch = Chapter(ctx, "Facilitator notes", "A", appendix=True)
    ch.para(
        "The review's own analysis, for the facilitator. Remove these notes before giving the "
        "case study to learners.",
        numbered=False,
    )
    case = ctx.case
    for episode in case.episodes:
        ch.subsection(f"Key practice episode {case.episode_number(episode)}: {episode.title}")
        wrote = False
        for text, lead in (
            (episode.helped_hindered, "What helped and what hindered."),
            (episode.good_practice, "Good practice."),
            (episode.learning, "Learning."),
        ):
            wrote = ch.text(text, lead=lead, numbered=False) or wrote
        if not wrote:
            ch.para("The review gives no further analysis of this episode.", numbered=False)
    for theme in case.themes:
        ch.subsection(f"Theme: {theme.title}")
        wrote = False
        for text, lead in ((theme.analysis, "Analysis."), (theme.good_practice, "Good practice.")):
            wrote = ch.text(text, lead=lead, numbered=False) or wrote
        if not wrote:
            ch.para("The review gives no further analysis of this theme.", numbered=False)
    return ch.section


def _glossary(ctx: Context, text: str) -> Section | None:
    used = used_terms(text, glossary_terms(ctx.case))
    if not used:
        return None
    ch = Chapter(ctx, "Glossary", "B", appendix=True)
    ch.add(Definitions(used))
    return ch.section


class DiscussionQuestions(BaseModel):
    """The case study's discussion questions file (templates/case-study/questions.yaml)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    most: int = Field(default=6, ge=1, description="Most questions after one episode")
    episode: list[str] = Field(
        default_factory=list, description="General questions, after the chosen ones"
    )
    themes: dict[str, list[str]] = Field(
        default_factory=dict, description="Keyword of a linked theme -> questions"
    )
    event_types: dict[str, list[str]] = Field(
        default_factory=dict, description="Keyword of an event type in the episode -> questions"
    )
    closing: list[str] = Field(default_factory=list, description="Asked once, at the end")


def _questions(ctx: Context) -> dict[str, Any]:
    """The discussion questions: the user's copy (--templates) first, then the built-in one."""
    name = "case-study/questions.yaml"
    loader = ctx.env.loader
    try:
        source, file, _ = loader.get_source(ctx.env, name) if loader else ("", name, None)
    except Exception as err:  # jinja2.TemplateNotFound; imported lazily with jinja2
        raise TemplateError(f"template {name} not found: {err}") from None
    doc = parse_yaml(source, file or name, what="question file")
    # Empty keys ("themes:" with nothing under it) mean none, as the comments in the file say.
    if isinstance(doc.data, dict):
        doc.data = {k: v for k, v in doc.data.items() if v is not None}
    return read_model(doc, DiscussionQuestions, what="question file").model_dump()
