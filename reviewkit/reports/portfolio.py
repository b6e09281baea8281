"""The "learning from practice reviews" section of a partnership's annual report.

Assembled from a `Portfolio` (reviewkit/actions/portfolio.py): the reviews read together, by
kind and stage, their deadlines, the themes that recur, recommendations and actions by
status and RAG, and overdue actions by agency.
"""

from __future__ import annotations

from reviewkit.actions.portfolio import DEADLINES, Portfolio
from reviewkit.actions.rag import RAG_LABELS, RAG_ORDER, STATUS_LABELS
from reviewkit.dates import parse_date
from reviewkit.document import Cover, Document, Paragraph, Section, Table
from reviewkit.model import ACTION_STATUSES
from reviewkit.reports.common import slug
from reviewkit.wording import join_and, plural

TITLE = "Learning from practice reviews"
KIND_LABELS = {
    "lcspr": "Local child safeguarding practice review",
    "rapid-review": "Rapid review",
    "thematic": "Thematic review",
    "national": "National review",
}
_MET = ("on time", "late", "overdue", "due", "not known")


def build(portfolio: Portfolio) -> Document:
    """The annual report section for the reviews in `portfolio`."""
    today = parse_date(portfolio.today.isoformat()).prose
    partnerships = sorted({r.partnership for r in portfolio.reviews if r.partnership})
    doc = Document(
        kind="portfolio",
        cover=Cover(
            title=TITLE,
            subtitle=f"{plural(len(portfolio.reviews), 'review')}, as at {today}",
            partnership=join_and(partnerships),
        ),
    )
    chapters = [
        _reviews(portfolio, today),
        _timeliness(portfolio),
        _themes(portfolio),
        _actions(portfolio),
        _overdue(portfolio),
    ]
    for number, chapter in enumerate(chapters, start=1):
        chapter.number = str(number)
        chapter.anchor = slug(chapter.heading)
    doc.sections = chapters
    return doc


def _kind(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def _reviews(portfolio: Portfolio, today: str) -> Section:
    kinds = portfolio.by_kind()
    stages = portfolio.by_stage()
    said = join_and(f"{n} {_kind(k).lower()}{'s' if n != 1 else ''}" for k, n in kinds.items())
    return Section(
        "The reviews",
        blocks=[
            Paragraph(
                f"This section reads {plural(len(portfolio.reviews), 'review')} together: {said}."
            ),
            Table(
                ["Review", "Kind", "Stage", "Incident"],
                [[r.title, _kind(r.kind), r.stage, r.year] for r in portfolio.reviews],
                caption="The reviews",
                widths=[0.5, 0.25, 0.13, 0.12],
            ),
            Table(
                ["Stage", "Reviews"],
                [[stage, str(n)] for stage, n in sorted(stages.items())],
                caption="Reviews by stage",
            ),
        ],
    )


def _timeliness(portfolio: Portfolio) -> Section:
    rows = []
    for key, counts in portfolio.deadlines().items():
        rows.append([DEADLINES[key], *(str(counts[m]) for m in _MET)])
    return Section(
        "Notifications and rapid reviews against their deadlines",
        blocks=[
            Paragraph(
                "The notification to the national Panel is due within 5 working days of the "
                "local authority becoming aware of the incident; the rapid review within 15 "
                "working days (Working Together)."
            ),
            Table(
                ["Step", "On time", "Late", "Overdue", "Due", "Not known"],
                rows,
                caption="Timeliness",
            ),
        ],
    )


def _themes(portfolio: Portfolio) -> Section:
    recurring = portfolio.recurring_themes()
    if not recurring:
        return Section(
            "Themes that recur", blocks=[Paragraph("No theme appears in more than one review.")]
        )
    return Section(
        "Themes that recur",
        blocks=[
            Paragraph(f"{plural(len(recurring), 'theme')} appear in more than one review."),
            Table(
                ["Theme", "Reviews", "Found in"],
                [
                    [title, str(len(found)), "; ".join(r.title for r in found)]
                    for title, found in recurring
                ],
                caption="Themes found in more than one review",
                widths=[0.35, 0.1, 0.55],
            ),
        ],
    )


def _actions(portfolio: Portfolio) -> Section:
    recs = portfolio.recommendations()
    statuses = portfolio.actions()
    rag = portfolio.rag()
    total = sum(statuses.values())
    return Section(
        "Recommendations and actions",
        blocks=[
            Paragraph(
                f"The reviews made {plural(sum(recs.values()), 'recommendation')} "
                f"({recs['local']} local, {recs['national']} national), carried out through "
                f"{plural(total, 'action')}."
            ),
            Table(
                ["Status", "Actions"],
                [[STATUS_LABELS[s], str(statuses[s])] for s in ACTION_STATUSES],
                caption="Actions by status",
            ),
            Table(
                ["Rating", "Actions"],
                [[RAG_LABELS[r], str(rag[r])] for r in RAG_ORDER],
                caption="Actions by RAG rating",
            ),
        ],
    )


def _overdue(portfolio: Portfolio) -> Section:
    rows = portfolio.overdue_by_agency()
    if not rows:
        return Section("Overdue actions by agency", blocks=[Paragraph("No action is overdue.")])
    return Section(
        "Overdue actions by agency",
        blocks=[
            Table(
                ["Agency or owner", "Overdue actions"],
                [[agency, str(n)] for agency, n in rows],
                caption="Overdue actions by agency",
            )
        ],
    )
