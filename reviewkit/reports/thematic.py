"""The thematic review report: each case in brief, the previous reviews, then per theme the
analysis, what has changed and what persists since those reviews, and what needs further
consideration; then the recommendations.

A thematic review is one case file with a strand per family (see docs/case-file.md,
"Strands") and the earlier reviews it compares itself with (`previous_reviews`).
"""

from __future__ import annotations

from reviewkit.document import Document, Section
from reviewkit.model import PreviousReview, Theme
from reviewkit.reports.common import Chapter, Context, interview_quotes, sentence
from reviewkit.reports.national import (
    finish,
    recommendations_chapter,
    strand_heading,
    strands_cover,
)
from reviewkit.wording import join_and

SUBTITLE = "Child Safeguarding Practice Review – Thematic Review"


def build(ctx: Context, *, chronology: bool = False) -> Document:
    """The whole thematic review report for the case in `ctx`."""
    case = ctx.case
    doc = Document(kind="thematic", cover=strands_cover(ctx, SUBTITLE))
    chapters = [_introduction(ctx), _cases(ctx)]
    if case.previous_reviews:
        chapters.append(_previous(ctx, str(len(chapters) + 1)))
    chapters.append(_themes(ctx, str(len(chapters) + 1)))
    chapters.append(
        recommendations_chapter(
            ctx,
            "Recommendations",
            str(len(chapters) + 1),
            [r for r in case.recommendations if r.strand is None],
        )
    )
    finish(ctx, doc, chapters)
    return doc


def _introduction(ctx: Context) -> Section:
    review = ctx.case.review
    ch = Chapter(ctx, "Introduction", "1")
    ch.field(review.reason, where="review.reason", what="the reason for the review", label="1")
    count = len(ctx.case.strands)
    if count:
        ch.para(
            f"The review looked at the circumstances of {_families(count)}"
            + (
                f" between {review.scope.start.prose} and {review.scope.end.prose}."
                if review.scope
                else "."
            )
        )
    ch.text(review.scope.reason if review.scope else None)
    if ctx.case.previous_reviews:
        titles = [p.title for p in ctx.case.previous_reviews]
        ch.para(f"It compares what it found with earlier reviews: {join_and(titles)}.")
    return ch.section


def _families(count: int) -> str:
    from reviewkit.wording import number_word

    return f"{number_word(count)} {'family' if count == 1 else 'families'}"


def _cases(ctx: Context) -> Section:
    ch = Chapter(ctx, "The cases in brief", "2")
    if not ctx.case.strands:
        ch.field(None, where="strands", what="the cases (strands)", label="chapter 2")
    for strand in ctx.case.strands:
        view = ctx.case.strand(strand.id)
        assert view is not None
        ch.subsection(strand_heading(view))
        ch.field(
            strand.summary,
            where=f"strands[{strand.id}].summary",
            what="the case in brief",
            label=strand.title,
        )
        if view.episodes:
            titles = [ctx.case.episode_label(e, title=True) for e in view.episodes]
            ch.para(f"Key practice episodes: {join_and(titles)}.")
    return ch.section


def previous_heading(review: PreviousReview) -> str:
    """'Review of bruising in babies (Northmoor, 2019)'."""
    extra = ", ".join(x for x in (review.area or "", str(review.year or "")) if x)
    return f"{review.title} ({extra})" if extra else review.title


def _previous(ctx: Context, number: str) -> Section:
    ch = Chapter(ctx, "Previous reviews and their learning", number)
    titles = {t.id: t.title for t in ctx.case.themes}
    for i, previous in enumerate(ctx.case.previous_reviews):
        ch.subsection(previous_heading(previous))
        ch.field(
            previous.headline,
            where=f"previous_reviews[{i}].headline",
            what="its headline learning",
            label=previous.title,
            lead="Headline learning.",
        )
        shared = [titles[t] for t in previous.themes if t in titles]
        if shared:
            ch.para(f"Themes shared with this review: {join_and(shared)}.")
    return ch.section


def _themes(ctx: Context, number: str) -> Section:
    ch = Chapter(ctx, "Themes", number)
    if not ctx.case.themes:
        ch.field(None, where="themes", what="the themes", label="themes")
    for theme in ctx.case.themes:
        _theme(ctx, ch, theme)
    return ch.section


def _theme(ctx: Context, ch: Chapter, theme: Theme) -> None:
    """Analysis, the comparison with the previous reviews, and what needs further thought."""
    where = f"themes[{theme.id}]"
    ch.subsection(theme.title)
    ch.field(theme.analysis, where=f"{where}.analysis", what="the analysis", label=theme.title)
    for found in interview_quotes(ctx.case, theme=theme.id):
        ch.add(found)
    if theme.good_practice:
        ch.text(theme.good_practice, lead="Good practice.")
    earlier = [p for p in ctx.case.previous_reviews if theme.id in p.themes]
    if earlier:
        ch.subsection("Since the previous reviews", level=3)
        ch.para(sentence(f"Earlier reviews on this theme: {join_and([p.title for p in earlier])}"))
        ch.field(
            theme.changed,
            where=f"{where}.changed",
            what="what has changed since the previous reviews",
            label=theme.title,
            lead="What has changed.",
        )
        ch.field(
            theme.persists,
            where=f"{where}.persists",
            what="what persists since the previous reviews",
            label=theme.title,
            lead="What persists.",
        )
    ch.subsection("What needs further consideration", level=3)
    ch.field(
        theme.further_consideration,
        where=f"{where}.further_consideration",
        what="what needs further consideration",
        label=theme.title,
    )
