"""The LCSPR overview report: cover, chapters 1 to 8, references and appendices.

The fixed wording (legal framework, methodology sentences, appendix A) comes from the
templates in templates/lcspr/; this module decides what goes where and in what order.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from typing import Any

from reviewkit.dates import MONTH_NAMES as MONTHS
from reviewkit.dates import FuzzyDate
from reviewkit.document import (
    BulletList,
    Cover,
    Definitions,
    Document,
    Paragraph,
    Section,
    Table,
)
from reviewkit.model import Interview, NarrativePeriod, Person, Recommendation, Theme
from reviewkit.reports.common import (
    Chapter,
    Context,
    age_header,
    appendix_letters,
    child_words,
    cite,
    cover_details,
    document_text,
    event_child,
    family,
    family_table,
    glossary_terms,
    numbered_recommendations,
    quote,
    recommendations_table,
    slug,
    speaker,
    used_terms,
)
from reviewkit.reports.episodes import (
    DRAFT_AID,
    DRAFT_AID_TEXT,
    THEME_FIELDS,
    analysis,
    draft_aid,
    episode_section,
    unwritten,
)
from reviewkit.reports.timeline_chart import timeline_figure
from reviewkit.templates import paragraphs
from reviewkit.timeline import Entry, build_timeline
from reviewkit.wording import join_and

SUBTITLE = "Child Safeguarding Practice Review – Overview Report"
# Chapter 4 groups events by periods of this many months: the shortest that gives at most
# MAX_GROUPS subsections, so a short case reads by month and a long one by year.
GROUP_MONTHS = (1, 3, 6, 12)
MAX_GROUPS = 6


def build(ctx: Context, *, chronology: bool = False) -> Document:
    """The whole LCSPR overview report for the case in `ctx`."""
    case = ctx.case
    entries = build_timeline(case)
    letters = _Letters(panel=bool(case.review.panel))
    doc = Document(kind="lcspr", cover=_cover(ctx))
    chapters = [
        _reason(ctx),
        _family(ctx),
        _method(ctx, entries, letters),
        _overview(ctx, entries),
        _episodes(ctx, entries),
        _findings(ctx),
        _conclusions(ctx),
        _recommendations(ctx),
    ]
    if case.references:
        chapters.append(_references(ctx))
    appendices = [_purpose(ctx)]
    if case.review.panel:
        appendices.append(_panel(ctx))
    extra = [_chronology(ctx, entries)] if chronology else []
    # The glossary lists what the finished text uses, so it is made last, from everything.
    doc.sections = [*chapters, *appendices, *extra]
    cite(ctx, doc)
    glossary = _glossary(ctx, document_text(doc))
    appendices = [*appendices, *([glossary] if glossary else []), *extra]
    for letter, section in zip(appendix_letters(), appendices, strict=False):
        section.number = letter
        section.anchor = slug(section.heading)
    doc.sections = [*chapters, *appendices]
    doc.warnings = ctx.warnings
    return doc


class _Letters:
    """The letters of the appendices the chapters refer to (glossary and chronology come later)."""

    def __init__(self, *, panel: bool) -> None:
        self.purpose = "A"
        self.panel = "B" if panel else ""


def _cover(ctx: Context) -> Cover:
    review = ctx.case.review
    dates = review.dates
    children = [p.name for p in ctx.case.subjects]
    authors = [a.name for a in review.authors]
    return Cover(
        title=review.title,
        subtitle=SUBTITLE,
        partnership=review.partnership,
        details=cover_details(
            children,
            authors,
            report_date=dates.report.prose if dates.report else "",
            publication_date=dates.publication.prose if dates.publication else "",
            status=review.status,
        ),
        marking=review.marking,
        children=children,
        authors=authors,
        status=review.status,
    )


# --- chapters -----------------------------------------------------------------------------------


def _reason(ctx: Context) -> Section:
    ch = Chapter(ctx, "The reason for the review", "1")
    ch.field(
        ctx.case.review.reason,
        where="review.reason",
        what="the reason for the review: the incident and the decision",
        label="chapter 1",
    )
    rows = [[label, day.prose] for label, day in _key_dates(ctx) if day is not None]
    if rows:
        ch.add(Table(header=["Event", "Date"], rows=rows, caption="Key dates", widths=[0.7, 0.3]))
    return ch.section


def _key_dates(ctx: Context) -> list[tuple[str, FuzzyDate | None]]:
    dates = ctx.case.review.dates
    return [
        ("The incident", dates.incident),
        ("The local authority became aware of the incident", dates.awareness),
        ("Notification to the national Panel", dates.notification),
        ("Rapid review meeting", dates.rapid_review_meeting),
        ("Rapid review sent to the national Panel", dates.rapid_review_submitted),
        ("Decision to commission this review", dates.decision_to_commission),
    ]


def _family(ctx: Context) -> Section:
    case = ctx.case
    children = [p.name for p in case.subjects]
    title = "The children and family" if len(children) > 1 else "The child and family"
    ch = Chapter(ctx, title, "2")
    members = family(case)
    if not members:
        ch.field(None, where="people", what="the child and family", label="chapter 2")
        return ch.section
    ch.wording("lcspr/family.j2", children=children)
    ch.add(family_table(case))
    return ch.section


def _method(ctx: Context, entries: list[Entry], letters: _Letters) -> Section:
    case = ctx.case
    review = case.review
    ch = Chapter(ctx, "Legal framework and methodology", "3")

    ch.subsection("Working Together")
    ch.wording(f"lcspr/legal-framework-{review.guidance}.j2", purpose_appendix=letters.purpose)

    ch.subsection("The review panel")
    if review.panel:
        agencies = _unique(case.agency_name(m.agency) for m in review.panel)
        ch.wording("lcspr/panel.j2", agencies=agencies, panel_appendix=letters.panel)
    else:
        ch.field(None, where="review.panel", what="the review panel", label="chapter 3")

    ch.subsection("The independent reviewer")
    if review.authors:
        ch.wording("lcspr/author.j2", authors=review.authors)
        for i, author in enumerate(review.authors):
            lead = "Statement of independence."
            if len(review.authors) > 1:
                lead = f"Statement of independence ({author.name})."
            ch.field(
                author.independence,
                where=f"review.authors[{i}].independence",
                what="the statement of independence",
                label=author.name,
                lead=lead,
            )
    else:
        ch.field(None, where="review.authors", what="the review's author", label="chapter 3")

    ch.subsection("Scope of the review")
    scope = review.scope
    if scope is None:
        ch.field(None, where="review.scope", what="the scope period and why", label="chapter 3")
    else:
        background = bool(review.background) or any(not e.in_scope for e in entries)
        ch.wording("lcspr/scope.j2", scope=scope, background=background)
        ch.field(
            scope.reason,
            where="review.scope.reason",
            what="why the review covers this period",
            label="scope",
        )

    ch.subsection("Terms of reference")
    if review.terms_of_reference:
        ch.wording("lcspr/terms-of-reference.j2")
        ch.add(BulletList(list(review.terms_of_reference), numbered=True))
    else:
        ch.field(
            None, where="review.terms_of_reference", what="the terms of reference", label="ch 3"
        )

    ch.subsection("Conversations with practitioners")
    staff = [i for i in case.interviews if i.kind in ("practitioner", "manager", "group")]
    if staff:
        ch.wording("lcspr/practitioners.j2", **_staff_counts(ctx, staff))
    else:
        ch.field(
            None,
            where="interviews",
            what="how practitioners and managers took part in the review",
            label="practitioners",
        )

    ch.subsection("Family involvement")
    relatives = [i for i in case.interviews if i.kind in ("family", "child")]
    if relatives:
        ch.wording("lcspr/family-involvement.j2", **_family_counts(ctx, relatives))
    else:
        ch.field(
            None,
            where="interviews",
            what="how the family was invited to take part, and who did",
            label="family",
        )

    speakers = _child_speakers(ctx)
    if speakers:
        ch.subsection("The child's own words" if len(speakers) == 1 else "Children's own words")
        ch.wording("lcspr/childs-words.j2", speakers=speakers)
    return ch.section


def _overview(ctx: Context, entries: list[Entry]) -> Section:
    """Chapter 4: the author's narrative, period by period, and each child's lived experience.

    Until the narrative is written, a marked draft aid lists the chronology's events by
    period (summaries only) and the build warns; the rows themselves belong in the
    chronology appendix.
    """
    case = ctx.case
    review = case.review
    ch = Chapter(ctx, "Overview of what happened", "4")
    earlier = [e for e in entries if not e.in_scope and _before_scope(ctx, e)]
    ch.wording("lcspr/overview.j2", narrative=bool(case.narrative))
    if ctx.figures:
        ch.add(timeline_figure(case, entries))
    if not case.narrative:
        _draft_overview(ctx, ch, entries)
    if review.background or (earlier and not case.narrative):
        ch.subsection("Background")
        if not ch.text(review.background):
            what = "the background: significant history before the scope period"
            unwritten(ctx, ch, earlier, where="review.background", what=what, label="chapter 4")
    if case.narrative:
        for i, period in enumerate(case.narrative):
            _narrative_period(ctx, ch, i, period, entries)
    else:
        _draft_periods(ctx, ch, entries)
    for child in case.subjects:
        _lived_experience(ctx, ch, child)
    return ch.section


def _narrative_period(
    ctx: Context, ch: Chapter, i: int, period: NarrativePeriod, entries: list[Entry]
) -> None:
    """One period of the narrative: its heading, then the author's prose (or a draft aid)."""
    ch.subsection(period.title)
    where = f"narrative[{i}]"
    if ch.text(period.narrative):
        return
    within = []
    if period.period is not None:
        span = period.period
        within = [e for e in entries if span.earliest <= e.date.earliest <= span.latest]
    what = "the narrative of what happened in this period"
    unwritten(ctx, ch, within, where=f"{where}.narrative", what=what, label=period.title)


def _draft_overview(ctx: Context, ch: Chapter, entries: list[Entry]) -> None:
    """No narrative yet: a placeholder and the "Draft aid:" line, at the top of chapter 4."""
    scoped = [e for e in entries if e.in_scope]
    if not scoped:
        ch.field(None, where="events", what="the events of the scope period", label="chapter 4")
    listed = [*scoped, *_after_scope(ctx, entries)]
    what = "the narrative of what happened, period by period"
    unwritten(ctx, ch, listed, where="narrative", what=what, label="chapter 4", list_here=False)
    if listed:
        ch.add(Paragraph(DRAFT_AID_TEXT, lead=DRAFT_AID))


def _draft_periods(ctx: Context, ch: Chapter, entries: list[Entry]) -> None:
    """No narrative yet: the events of each period, summaries only, under its heading."""
    for title, group in _periods(ctx, [e for e in entries if e.in_scope]):
        ch.subsection(title)
        draft_aid(ctx, ch, group, marked=False)
    later = _after_scope(ctx, entries)
    if later:
        ch.subsection("After the scope period")
        draft_aid(ctx, ch, later, marked=False)


def _after_scope(ctx: Context, entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if not e.in_scope and not _before_scope(ctx, e)]


def _lived_experience(ctx: Context, ch: Chapter, child: Person) -> None:
    """A subject child's lived experience: daily life, seen and heard, the child's own words."""
    case = ctx.case
    ch.subsection(f"{child.name}'s lived experience")
    index = next(i for i, p in enumerate(case.people) if p is child)
    where = f"people[{index}]"
    label = f"{child.name}'s lived experience"
    ch.field(
        child.daily_life,
        where=f"{where}.daily_life",
        what=f"what daily life was like for {child.name}",
        label=label,
        lead="Daily life.",
    )
    ch.field(
        child.seen_heard,
        where=f"{where}.seen_heard",
        what=f"whether {child.name} was seen, heard and listened to",
        label=label,
        lead="Seen, heard and listened to.",
    )
    words = [
        found
        for event in case.sorted_events()
        if event_child(case, event) is child and (found := child_words(case, event)) is not None
    ]
    for interview in case.interviews:
        if (
            interview.kind == "child"
            and interview.person == child.id
            and interview.consent_to_quote
            and interview.status == "completed"
        ):
            who = speaker(case, interview)
            # A quote linked to a theme or an episode is printed there; each is told once.
            words.extend(
                quote("\n\n".join(paragraphs(said.text)), who, child=True)
                for said in interview.quotes
                if not (said.themes or said.episodes)
            )
    # The child's own words recorded at the events are set apart here, once: the episodes
    # no longer repeat the events they were said at.
    for block in words:
        ch.add(block)


def _episodes(ctx: Context, entries: list[Entry]) -> Section:
    case = ctx.case
    ch = Chapter(ctx, "Analysis of key practice episodes", "5")
    if not case.episodes:
        ch.field(None, where="episodes", what="the key practice episodes", label="chapter 5")
        return ch.section
    ch.wording("lcspr/episodes.j2", episodes=case.episodes)
    for i, episode in enumerate(case.episodes):
        episode_section(ctx, ch, episode, entries, where=f"episodes[{i}]")
    return ch.section


def _findings(ctx: Context) -> Section:
    case = ctx.case
    ch = Chapter(ctx, "Findings: cross-cutting themes", "6")
    if not case.themes:
        ch.field(None, where="themes", what="the findings (themes)", label="chapter 6")
        return ch.section
    ch.wording("lcspr/findings.j2", themes=case.themes)
    for i, theme in enumerate(case.themes):
        ch.subsection(theme.title)
        _theme(ctx, ch, i, theme)
    return ch.section


def _theme(ctx: Context, ch: Chapter, i: int, theme: Theme) -> None:
    where, label = f"themes[{i}]", theme.title
    kpes = join_and(ctx.case.episode_label(eid) for eid in theme.episodes)
    if kpes:
        ch.para(f"This finding draws on {kpes}.")
    analysis(ctx, ch, theme, THEME_FIELDS, where, label)
    for number, rec in _recommendations_in_order(ctx):
        if theme.id in rec.themes:
            ch.para(
                " ".join(paragraphs(rec.text)), lead=f"Recommendation {number}:", numbered=False
            )


def _conclusions(ctx: Context) -> Section:
    ch = Chapter(ctx, "Conclusions", "7")
    ch.field(ctx.case.conclusions, where="conclusions", what="the conclusions", label="chapter 7")
    return ch.section


def _recommendations(ctx: Context) -> Section:
    ch = Chapter(ctx, "Recommendations", "8")
    recs = list(_recommendations_in_order(ctx))
    if not recs:
        ch.field(None, where="recommendations", what="the recommendations", label="chapter 8")
        return ch.section
    ch.wording("lcspr/recommendations.j2", count=len(recs))
    local = [(n, r) for n, r in recs if r.level == "local"]
    national = [(n, r) for n, r in recs if r.level == "national"]
    if not national:
        ch.add(recommendations_table(local))
        return ch.section
    for title, found in (("Local recommendations", local), ("National recommendations", national)):
        if found:
            ch.subsection(title)
            ch.add(recommendations_table(found))
    return ch.section


def _references(ctx: Context) -> Section:
    ch = Chapter(ctx, "References")
    items = [f"{r.text} {r.url}" if r.url else r.text for r in ctx.case.references]
    ch.add(BulletList(items))
    return ch.section


# --- appendices ---------------------------------------------------------------------------------


def _purpose(ctx: Context) -> Section:
    ch = Chapter(ctx, "Purpose of reviews and criteria", "A", appendix=True)
    ch.wording(f"lcspr/purpose-{ctx.case.review.guidance}.j2")
    return ch.section


def _panel(ctx: Context) -> Section:
    ch = Chapter(ctx, "Panel membership", "B", appendix=True)
    rows = [[m.role, ctx.case.agency_name(m.agency)] for m in ctx.case.review.panel]
    chair = ctx.case.review.chair
    # A chair who is not already listed among the members gets a row of their own.
    if chair and not any("chair" in m.role.lower() for m in ctx.case.review.panel):
        rows.insert(0, _chair_row(chair))
    ch.add(Table(header=["Role", "Agency"], rows=rows, widths=[0.5, 0.5]))
    return ch.section


def _chair_row(chair: str) -> list[str]:
    """The chair's row: 'Role, Organisation' is split between the columns; else independent.

    The case file names the chair in one line ("Designated Nurse, NHS Northmoor ICB"); a
    chair named by role alone holds no agency's post on the panel.
    """
    role, comma, organisation = chair.rpartition(", ")
    if not comma:
        role, organisation = chair, "Independent"
    if "chair" not in role.lower():
        role = f"{role} (chair)"
    return [role, organisation]


def _glossary(ctx: Context, text: str) -> Section | None:
    used = used_terms(text, glossary_terms(ctx.case))
    if not used:
        return None
    ch = Chapter(ctx, "Glossary", "C", appendix=True)
    ch.add(Definitions(used))
    return ch.section


def _chronology(ctx: Context, entries: list[Entry]) -> Section:
    ch = Chapter(ctx, "Chronology", "D", appendix=True)
    scope = ctx.case.review.scope
    scoped = [e for e in entries if e.in_scope]
    rows = [
        [
            e.when,
            e.age,
            e.agency_short,
            e.type_label,
            e.summary,
        ]
        for e in scoped
    ]
    caption = "Multi-agency chronology"
    if scope is not None:
        caption += f" of the scope period, {scope.start.prose} to {scope.end.prose}"
    ch.add(
        Table(
            header=["Date", age_header(ctx.case), "Agency", "Event", "Summary"],
            rows=rows,
            caption=caption,
            landscape=True,
            widths=[0.14, 0.1, 0.12, 0.16, 0.48],
        )
    )
    return ch.section


# --- helpers ------------------------------------------------------------------------------------


def _unique(items: Iterator[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _recommendations_in_order(ctx: Context) -> Iterator[tuple[int, Recommendation]]:
    """(number, recommendation) in number order: the order a reader first meets them."""
    yield from numbered_recommendations(ctx.case, ctx.case.recommendations)


def _before_scope(ctx: Context, entry: Entry) -> bool:
    scope = ctx.case.review.scope
    return scope is not None and entry.date.latest < scope.start.earliest


def _periods(ctx: Context, entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
    """In-scope events grouped into periods of whole months, each with its heading."""
    if not entries:
        return []
    scope = ctx.case.review.scope
    first = scope.start.earliest if scope else entries[0].date.earliest
    last = scope.end.latest if scope else max(e.date.earliest for e in entries)
    first_month = first.year * 12 + first.month - 1
    last_month = last.year * 12 + last.month - 1

    def month_of(entry: Entry) -> int:
        day = max(entry.date.earliest, first)
        return day.year * 12 + day.month - 1

    size = GROUP_MONTHS[-1]
    for months in GROUP_MONTHS:
        if len({month_of(e) // months for e in entries}) <= MAX_GROUPS:
            size = months
            break
    groups = []
    for bucket, members in groupby(entries, key=lambda e: month_of(e) // size):
        start = max(bucket * size, first_month)
        end = min(bucket * size + size - 1, last_month)
        groups.append((_months_title(start, max(start, end)), list(members)))
    return groups


def _months_title(start: int, end: int) -> str:
    """'June 2023', 'July to September 2023', 'November 2023 to January 2024', '2023'."""
    (y1, m1), (y2, m2) = divmod(start, 12), divmod(end, 12)
    if start == end:
        return f"{MONTHS[m1]} {y1}"
    if y1 == y2 and m1 == 0 and m2 == 11:
        return str(y1)
    if y1 == y2:
        return f"{MONTHS[m1]} to {MONTHS[m2]} {y1}"
    return f"{MONTHS[m1]} {y1} to {MONTHS[m2]} {y2}"


# --- counts for the methodology wording ---------------------------------------------------------


def _staff_counts(ctx: Context, interviews: list[Interview]) -> dict[str, Any]:
    """What the practitioners' wording needs: events held and planned, people spoken to."""
    done = [i for i in interviews if i.status == "completed"]
    singles = [i for i in done if i.kind != "group"]
    return {
        "events": [i for i in done if i.kind == "group"],
        "planned_events": [i for i in interviews if i.kind == "group" and i.status == "planned"],
        "practitioners": sum(i.kind == "practitioner" for i in singles),
        "managers": sum(i.kind == "manager" for i in singles),
        "agencies": len({i.agency for i in singles if i.agency}),
        "planned": sum(i.kind != "group" and i.status == "planned" for i in interviews),
        "not_taking_part": sum(
            i.kind != "group" and i.status in ("declined", "no-response") for i in interviews
        ),
    }


def _family_counts(ctx: Context, interviews: list[Interview]) -> dict[str, Any]:
    """Who in the family took part, declined, did not respond or is still to be seen."""

    def names(status: str) -> list[str]:
        found = []
        for interview in interviews:
            person = ctx.case.person(interview.person or "")
            if interview.status == status and person is not None:
                found.append(person.name)
        return list(dict.fromkeys(found))

    return {
        "took_part": [i for i in interviews if i.status == "completed"],
        "took_part_names": names("completed"),
        "declined": names("declined"),
        "no_response": names("no-response"),
        "planned": names("planned"),
        "person": ctx.case.person,
    }


def _child_speakers(ctx: Context) -> list[str]:
    """The children whose own words the report quotes."""
    case = ctx.case
    names = []
    for event in case.events:
        if event.child_words:
            child = event_child(case, event)
            names.append(child.name if child else "the child")
    for interview in case.interviews:
        if (
            interview.kind == "child"
            and interview.consent_to_quote
            and interview.status == "completed"
            and interview.quotes
        ):
            person = case.person(interview.person or "")
            names.append(person.name if person else "the child")
    return list(dict.fromkeys(names))
