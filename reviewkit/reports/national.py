"""The national review report: per child (strand) the story, the KPEs, local context,
conclusions and local recommendations; then key messages, themes and national recommendations.

A national review is one case file with a strand per child (see docs/case-file.md,
"Strands"). Each child gets a chapter; what belongs to the review as a whole (themes, key
messages, national recommendations, contributors, glossary, bibliography) comes after.
The pieces a thematic review shares (cover, contributors, glossary, bibliography, a table of
recommendations) are defined here and used by reports/thematic.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from reviewkit.document import BulletList, Cover, Definitions, Document, Section, Table
from reviewkit.model import Interview, Recommendation, StrandView, Theme
from reviewkit.reports.common import (
    Chapter,
    Context,
    appendix_letters,
    cover_details,
    document_text,
    glossary_terms,
    interview_quotes,
    numbered_recommendations,
    recommendations_table,
    slug,
    used_terms,
)
from reviewkit.reports.episodes import episode_section
from reviewkit.timeline import Entry, build_timeline

SUBTITLE = "Child Safeguarding Practice Review – National Review"

INTERVIEW_KINDS = (
    ("practitioner", "Practitioners"),
    ("manager", "Managers"),
    ("family", "Family members"),
    ("child", "Children"),
    ("group", "Group events (practitioners' and learning events)"),
)


def build(ctx: Context, *, chronology: bool = False) -> Document:
    """The whole national review report for the case in `ctx`."""
    case = ctx.case
    doc = Document(kind="national", cover=strands_cover(ctx, SUBTITLE))
    chapters = [_introduction(ctx)]
    # One merged timeline for every child: a KPE's draft aid lists its events from it.
    entries = build_timeline(case)
    for strand in case.strands:
        view = case.strand(strand.id)
        assert view is not None
        chapters.append(_child(ctx, view, str(len(chapters) + 1), entries))
    chapters.append(_key_messages(ctx, str(len(chapters) + 1)))
    chapters.append(_themes(ctx, str(len(chapters) + 1)))
    chapters.append(
        recommendations_chapter(
            ctx,
            "National recommendations",
            str(len(chapters) + 1),
            [r for r in case.recommendations if r.strand is None],
        )
    )
    finish(ctx, doc, chapters)
    return doc


def finish(ctx: Context, doc: Document, chapters: list[Section]) -> None:
    """Add the appendices (contributors, glossary, bibliography), letter them, set warnings."""
    appendices = [contributors(ctx)]
    if ctx.case.references:
        appendices.append(bibliography(ctx))
    doc.sections = [*chapters, *appendices]
    # The glossary lists what the finished text uses, so it is made from everything else.
    used = used_terms(document_text(doc), glossary_terms(ctx.case))
    if used:
        glossary = Chapter(ctx, "Glossary", appendix=True)
        glossary.add(Definitions(used))
        appendices.insert(1, glossary.section)
    for letter, section in zip(appendix_letters(), appendices, strict=False):
        section.number = letter
        section.anchor = slug(section.heading)
    doc.sections = [*chapters, *appendices]
    doc.warnings = ctx.warnings


def strands_cover(ctx: Context, subtitle: str) -> Cover:
    """The cover of a review of several children or families: each strand's title."""
    review = ctx.case.review
    children = [s.title for s in ctx.case.strands] or [p.name for p in ctx.case.subjects]
    authors = [a.name for a in review.authors]
    return Cover(
        title=review.title,
        subtitle=subtitle,
        partnership=review.partnership,
        details=cover_details(
            children,
            authors,
            report_date=review.dates.report.prose if review.dates.report else "",
            publication_date=review.dates.publication.prose if review.dates.publication else "",
            status=review.status,
        ),
        marking=review.marking,
        children=children,
        authors=authors,
        status=review.status,
    )


def _introduction(ctx: Context) -> Section:
    review = ctx.case.review
    ch = Chapter(ctx, "Introduction", "1")
    ch.field(
        review.reason,
        where="review.reason",
        what="the reason for the review",
        label="chapter 1",
    )
    if review.scope is not None:
        ch.para(
            f"The review looked at the period from {review.scope.start.prose} to "
            f"{review.scope.end.prose}."
        )
        ch.text(review.scope.reason)
    if review.terms_of_reference:
        ch.para("The review asked:")
        ch.add(BulletList(list(review.terms_of_reference)))
    return ch.section


def strand_heading(view: StrandView) -> str:
    """'Child P (Harrowdene)': the strand's title, with its area when one is given."""
    area = view.strand.area
    return f"{view.strand.title} ({area})" if area else view.strand.title


def _child(ctx: Context, view: StrandView, number: str, entries: list[Entry]) -> Section:
    strand = view.strand
    where = f"strands[{strand.id}]"
    ch = Chapter(ctx, strand_heading(view), number)
    ch.subsection(f"{strand.title}'s story")
    ch.field(strand.story, where=f"{where}.story", what="the child's story", label=strand.title)
    ch.subsection("Analysis by key practice episode")
    if not view.episodes:
        ch.field(
            None, where=f"{where}.episodes", what="the key practice episodes", label=strand.title
        )
    for episode in view.episodes:
        index = ctx.case.episodes.index(episode)
        episode_section(ctx, ch, episode, entries, where=f"episodes[{index}]", level=3)
    if strand.local_context:
        ch.subsection("Local context")
        for part in strand.local_context:
            ch.subsection(part.title, level=3)
            ch.text(part.text)
    ch.subsection("Conclusions")
    ch.field(
        strand.conclusions,
        where=f"{where}.conclusions",
        what="the conclusions for this child",
        label=strand.title,
    )
    ch.subsection("Local recommendations")
    _recommendations(ctx, ch, view.recommendations, where=f"{where}.recommendations")
    return ch.section


def _key_messages(ctx: Context, number: str) -> Section:
    ch = Chapter(ctx, "Key messages for all partnerships", number)
    if not ctx.case.key_messages:
        ch.field(None, where="key_messages", what="the key messages", label="key messages")
    for message in ctx.case.key_messages:
        ch.para(message)
    return ch.section


def _themes(ctx: Context, number: str) -> Section:
    ch = Chapter(ctx, "Wider practice themes", number)
    if not ctx.case.themes:
        ch.field(None, where="themes", what="the practice themes", label="themes")
    for theme in ctx.case.themes:
        theme_analysis(ctx, ch, theme)
    return ch.section


def theme_analysis(ctx: Context, ch: Chapter, theme: Theme) -> None:
    """A theme's subsection: its analysis (placeholder when unwritten) and what else is written."""
    from reviewkit.model import analysis_fields

    ch.subsection(theme.title)
    where = f"themes[{theme.id}]"
    for f in analysis_fields(Theme):
        value = getattr(theme, f.name)
        if f.name == "analysis":
            ch.field(value, where=f"{where}.analysis", what=f.what, label=theme.title)
        elif f.name != "further_consideration" and value:
            ch.text(value, lead=f.lead)
        if f.quotes_after:
            for found in interview_quotes(ctx.case, theme=theme.id):
                ch.add(found)
    if theme.further_consideration:
        ch.text(theme.further_consideration, lead="What needs further consideration.")


def recommendations_chapter(
    ctx: Context, title: str, number: str, recs: Sequence[Recommendation]
) -> Section:
    """A chapter of recommendations as a table, or a placeholder when there are none."""
    ch = Chapter(ctx, title, number)
    _recommendations(ctx, ch, recs, where="recommendations")
    return ch.section


def _recommendations(
    ctx: Context, ch: Chapter, recs: Sequence[Recommendation], *, where: str
) -> None:
    """The shared recommendations table (as the overview report's), or a placeholder."""
    if not recs:
        ch.field(None, where=where, what="the recommendations", label=where)
        return
    ch.add(recommendations_table(numbered_recommendations(ctx.case, recs)))


def contributors(ctx: Context) -> Section:
    """Who contributed: conversations held (and not held) by kind, and group attendance."""
    ch = Chapter(ctx, "Contributors", appendix=True)
    interviews = ctx.case.interviews
    if not interviews:
        ch.field(None, where="interviews", what="the conversations held", label="contributors")
        return ch.section
    rows = []
    for kind, label in INTERVIEW_KINDS:
        mine = [i for i in interviews if i.kind == kind]
        if not mine:
            continue
        held = [i for i in mine if i.status == "completed"]
        rows.append([label, str(len(held)), str(len(mine) - len(held))])
    ch.add(
        Table(
            ["Contributors", "Conversations held", "Not held (declined, no response, planned)"],
            rows,
            caption="Conversations by kind",
            widths=[0.5, 0.2, 0.3],
        )
    )
    attended = sum(i.attendance or 0 for i in interviews if _held_group(i))
    if attended:
        ch.para(f"In all, {attended} people took part in group events.", numbered=False)
    return ch.section


def _held_group(interview: Interview) -> bool:
    return interview.kind == "group" and interview.status == "completed"


def bibliography(ctx: Context) -> Section:
    """The references the review drew on."""
    ch = Chapter(ctx, "Bibliography", appendix=True)
    ch.add(BulletList([f"{r.text} {r.url}" if r.url else r.text for r in ctx.case.references]))
    return ch.section
