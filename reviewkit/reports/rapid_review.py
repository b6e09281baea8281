"""The rapid review draft: the summary and outcome a partnership sends to the national Panel.

It opens with what is still needed (agencies yet to return a summary, criteria not yet
weighed, other gaps), so the business unit sees what to chase; then the case in brief, the
family, each agency's involvement, key practice episodes, actions and learning, the family's
context, the decision on a local review against each criterion, and the timescales.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reviewkit.criteria import Criterion, group_titles, lcspr_criteria
from reviewkit.dates import day_in_words
from reviewkit.document import (
    NO_RETURN,
    BulletList,
    Cover,
    Document,
    Notice,
    Paragraph,
    Section,
    Table,
)
from reviewkit.model import Agency, AgencyReturn, Case
from reviewkit.reports.common import (
    Chapter,
    Context,
    cover_details,
    event_paragraph,
    family,
    family_table,
    period_end,
    period_phrase,
    period_start,
    placeholder,
    sentence,
)
from reviewkit.reports.timeline_chart import timeline_figure
from reviewkit.templates import paragraphs
from reviewkit.timeline import AgencySummary, Entry, build_timeline, summarise
from reviewkit.timescales import Deadline, deadlines_for_case
from reviewkit.wording import capitalise, plural

SUBTITLE = "Rapid review – summary and outcome"
MET_WORDS = {"yes": "Yes", "no": "No", "unclear": "Unclear"}
NOT_ADDRESSED = "Not yet addressed"
# The steps of the timescale table: (label, review date, rule id of its deadline).
STEPS = (
    ("Awareness of the incident", "awareness", None),
    ("Notification to the Panel", "notification", "notification"),
    ("Rapid review meeting", "rapid_review_meeting", "rapid-review-meeting"),
    ("Rapid review sent to the Panel", "rapid_review_submitted", "rapid-review"),
)


@dataclass
class StillNeeded:
    """What a rapid review still lacks: missing returns, criteria not weighed, other gaps."""

    returns: list[Agency] = field(default_factory=list)
    criteria: list[Criterion] = field(default_factory=list)
    other: list[str] = field(default_factory=list)  # "what (case-file path)"

    @property
    def empty(self) -> bool:
        """True when nothing is missing."""
        return not (self.returns or self.criteria or self.other)


def still_needed(case: Case) -> StillNeeded:
    """Every gap in a rapid review: agencies with no return, criteria not addressed, the rest."""
    returned = {r.agency for r in case.agency_returns}
    rapid = case.rapid_review
    assessed = rapid.lcspr_decision.criteria if rapid else {}
    gaps = StillNeeded(
        returns=[a for a in case.agencies if a.id not in returned],
        criteria=[c for cid, c in lcspr_criteria().items() if cid not in assessed],
    )
    other = gaps.other
    dates = case.review.dates
    for key, what in (
        ("awareness", "The date the local authority became aware of the incident"),
        ("notification", "The date of the notification to the Panel"),
        ("rapid_review_meeting", "The date of the rapid review meeting"),
    ):
        if getattr(dates, key) is None:
            other.append(f"{what} (review.dates.{key})")
    if rapid is None or not (rapid.summary or case.review.reason):
        other.append("The case in brief (rapid_review.summary)")
    for key, what in (
        ("why_notified", "Why the case was notified"),
        ("family_context", "The family's context: race, culture, disability and inequalities"),
        ("immediate_actions", "Immediate action taken to keep children safe"),
        ("learning_shared", "Learning already shared"),
        ("potential_improvements", "The potential for improvement"),
    ):
        if rapid is None or not getattr(rapid, key):
            other.append(f"{what} (rapid_review.{key})")
    decision = rapid.lcspr_decision if rapid else None
    if decision is None or decision.decision == "undecided":
        other.append("The decision on a local review (rapid_review.lcspr_decision.decision)")
    if decision is None or not decision.reasons:
        other.append("The reasons for the decision (rapid_review.lcspr_decision.reasons)")
    for i, ret in enumerate(case.agency_returns):
        name = case.agency_name(ret.agency)
        if not ret.involvement:
            other.append(f"{name}: its involvement (agency_returns[{i}].involvement)")
        if not ret.analysis:
            other.append(f"{name}: its own analysis (agency_returns[{i}].analysis)")
    if not case.episodes:
        other.append("The key practice episodes (episodes)")
    for i, episode in enumerate(case.episodes):
        if not (episode.what_happened or episode.known or episode.helped_hindered):
            label = case.episode_label(episode, title=True)
            other.append(f"{label}: initial analysis (episodes[{i}])")
    return gaps


def build(ctx: Context, *, chronology: bool = False) -> Document:
    """The rapid review draft for the case in `ctx` (`chronology` is not used here)."""
    case = ctx.case
    entries = build_timeline(case)
    today = _as_at(case)
    doc = Document(kind="rapid-review", cover=_cover(case))
    sections: list[Section] = []
    gaps = still_needed(case)
    if not gaps.empty:
        sections.append(_still_needed(ctx, gaps))
    sections += [
        _in_brief(ctx),
        _family(ctx),
        _agencies(ctx, entries),
        _episodes(ctx, entries),
        _actions(ctx),
        _improvement(ctx),
        _context(ctx),
        _decision(ctx),
        _timescales(ctx, today),
    ]
    doc.sections = sections
    doc.warnings = ctx.warnings
    return doc


def _cover(case: Case) -> Cover:
    review = case.review
    dates = review.dates
    children = [p.name for p in case.subjects]
    authors = [a.name for a in review.authors]
    return Cover(
        title=review.title,
        subtitle=SUBTITLE,
        partnership=review.partnership,
        details=cover_details(
            children,
            authors,
            report_date=dates.report.prose if dates.report else "",
            status=review.status,
        ),
        marking=review.marking,
        children=children,
        authors=authors,
        status=review.status,
    )


def _as_at(case: Case) -> dt.date:
    """The day statuses are counted to: the report's date when it is one day, else today."""
    report = case.review.dates.report
    return report.latest if report is not None and report.exact else dt.date.today()


# --- sections -------------------------------------------------------------------------------


def _still_needed(ctx: Context, gaps: StillNeeded) -> Section:
    ch = Chapter(ctx, "Still needed")
    ch.wording(
        "rapid-review/still-needed.j2",
        agencies=len(gaps.returns),
        criteria=len(gaps.criteria),
        other=len(gaps.other),
        numbered=False,
    )
    if gaps.returns:
        ch.para("Agency summaries not yet returned:", numbered=False)
        ch.add(BulletList([_agency_label(a) for a in gaps.returns]))
    if gaps.criteria:
        ch.para("Criteria for a local review not yet addressed:", numbered=False)
        ch.add(BulletList([f"{c.label} ({c.id})" for c in gaps.criteria]))
    if gaps.other:
        ch.para("Other gaps:", numbered=False)
        ch.add(BulletList(gaps.other))
    return ch.section


def _in_brief(ctx: Context) -> Section:
    case = ctx.case
    rapid = case.rapid_review
    ch = Chapter(ctx, "The case in brief", "1")
    ch.field(
        (rapid.summary if rapid else None) or case.review.reason,
        where="rapid_review.summary",
        what="the case in brief",
        label="rapid review",
    )
    ch.subsection("Why the case was notified")
    ch.field(
        rapid.why_notified if rapid else None,
        where="rapid_review.why_notified",
        what="why the case was notified to the Panel",
        label="rapid review",
    )
    return ch.section


def _family(ctx: Context) -> Section:
    case = ctx.case
    title = "The children and family" if len(case.subjects) > 1 else "The child and family"
    ch = Chapter(ctx, title, "2")
    if not family(case):
        ch.field(None, where="people", what="the child and family", label="rapid review")
        return ch.section
    ch.para("The people in this summary are named as the review names them.")
    ch.add(family_table(case))
    return ch.section


def _agencies(ctx: Context, entries: list[Entry]) -> Section:
    case = ctx.case
    ch = Chapter(ctx, "Agency involvement", "3")
    summary = summarise(case, entries, gaps=0)
    returns = {r.agency: (i, r) for i, r in enumerate(case.agency_returns)}
    ch.wording(
        "rapid-review/agencies.j2",
        agencies=len(case.agencies),
        returned=sum(a.id in returns for a in case.agencies),
        contacts=len(entries),
        first=period_start(entries[0].date) if entries else "",
        last=period_end(entries[-1].date) if entries else "",
    )
    if ctx.figures:
        ch.add(timeline_figure(case, entries))
    counts = {a.agency_id: a for a in summary.agencies}
    for agency in case.agencies:
        ch.subsection(_agency_label(agency))
        ch.para(_contacts(case, counts.get(agency.id)), lead="Contacts.")
        found = returns.get(agency.id)
        if found is None:
            ch.add(
                placeholder(
                    f"[Still needed: the agency summary from {agency.name}]", "agency_returns"
                )
            )
            short = case.agency_short(agency.id)
            ctx.warnings.append(
                Notice(f"no summary from {short} yet", where="agency_returns", code=NO_RETURN)
            )
            continue
        _agency_return(ctx, ch, agency, *found)
    return ch.section


def _agency_return(ctx: Context, ch: Chapter, agency: Agency, i: int, ret: AgencyReturn) -> None:
    where, label = f"agency_returns[{i}]", ctx.case.agency_short(agency.id)
    about = []
    if ret.received:
        about.append(f"Received {ret.received.prose}.")
    if ret.author_role:
        about.append(f"Author: {sentence(ret.author_role)}")
    if about:
        ch.para(" ".join(about), lead="Agency summary.", numbered=False)
    ch.field(
        ret.involvement,
        where=f"{where}.involvement",
        what="the agency's involvement",
        label=label,
        lead="Involvement.",
    )
    ch.field(
        ret.analysis,
        where=f"{where}.analysis",
        what="the agency's own analysis",
        label=label,
        lead="The agency's analysis.",
    )
    if ret.immediate_actions:
        ch.para("Immediate actions taken:", numbered=False)
        ch.add(BulletList([sentence(a) for a in ret.immediate_actions]))
    if ret.learning:
        ch.text(ret.learning, lead="Learning.")


def _contacts(case: Case, counts: AgencySummary | None) -> str:
    """The chronology's counts for one agency, in a sentence."""
    if counts is None:
        return "No contacts in the merged chronology."
    when = period_phrase(counts.first, counts.last)
    text = f"{plural(counts.contacts, 'contact')} in the merged chronology, {when}"
    subjects = case.subjects
    who = subjects[0].name if len(subjects) == 1 else "a child"
    if counts.child_seen:
        text += f"; {who} was seen at {counts.child_seen}"
        if counts.seen_alone:
            text += f" (alone at {counts.seen_alone})"
    return text + "."


def _episodes(ctx: Context, entries: list[Entry]) -> Section:
    case = ctx.case
    ch = Chapter(ctx, "Key practice episodes", "4")
    if not case.episodes:
        ch.field(None, where="episodes", what="the key practice episodes", label="rapid review")
        return ch.section
    for i, episode in enumerate(case.episodes):
        label = case.episode_label(episode)
        period = f" ({episode.period.prose})" if episode.period else ""
        ch.subsection(f"{label}: {episode.title}{period}")
        events = [e for e in entries if episode.id in e.episodes]
        if events:
            ch.add(BulletList([event_paragraph(case, e, details=False) for e in events]))
        where, owner = f"episodes[{i}]", f"{label}: {episode.title}"
        ch.field(
            episode.what_happened,
            where=f"{where}.what_happened",
            what="what happened",
            label=owner,
            lead="What happened.",
        )
        if episode.known or episode.helped_hindered:
            ch.text(episode.known, lead="What was known at the time.")
            ch.text(episode.helped_hindered, lead="What helped or hindered practice.")
        else:
            ch.field(
                None,
                where=f"{where}.helped_hindered",
                what="the initial analysis of this episode",
                label=owner,
                lead="Initial analysis.",
            )
    return ch.section


def _points(ch: Chapter, items: list[str], *, where: str, what: str) -> None:
    """A list of points: one paragraph, several as bullets, none as a placeholder."""
    if len(items) == 1:
        ch.text(items[0])
    elif items:
        ch.add(BulletList([sentence(" ".join(paragraphs(i))) for i in items]))
    else:
        ch.field(None, where=where, what=what, label="rapid review")


def _actions(ctx: Context) -> Section:
    case = ctx.case
    rapid = case.rapid_review
    ch = Chapter(ctx, "Immediate action and learning already shared", "5")
    ch.subsection("Immediate action to keep children safe")
    _points(
        ch,
        rapid.immediate_actions if rapid else [],
        where="rapid_review.immediate_actions",
        what="immediate action taken to keep children safe",
    )
    by_agency = [
        f"{case.agency_short(r.agency)}: {sentence(action)}"
        for r in case.agency_returns
        for action in r.immediate_actions
    ]
    if by_agency:
        ch.para("Actions agencies report in their summaries:", numbered=False)
        ch.add(BulletList(by_agency))
    ch.subsection("Learning already shared")
    _points(
        ch,
        rapid.learning_shared if rapid else [],
        where="rapid_review.learning_shared",
        what="learning already shared",
    )
    return ch.section


def _improvement(ctx: Context) -> Section:
    rapid = ctx.case.rapid_review
    ch = Chapter(ctx, "Potential for improvement", "6")
    _points(
        ch,
        rapid.potential_improvements if rapid else [],
        where="rapid_review.potential_improvements",
        what="the potential for improvement",
    )
    return ch.section


def _context(ctx: Context) -> Section:
    rapid = ctx.case.rapid_review
    ch = Chapter(ctx, "The family's context", "7")
    ch.field(
        rapid.family_context if rapid else None,
        where="rapid_review.family_context",
        what="the family's lives, including race, culture, disability and other inequalities, "
        "and how they may have shaped their experience and the practice they met",
        label="rapid review",
    )
    return ch.section


def _decision(ctx: Context) -> Section:
    case = ctx.case
    rapid = case.rapid_review
    decision = rapid.lcspr_decision if rapid else None
    ch = Chapter(ctx, "Decision on a local child safeguarding practice review", "8")
    ch.wording(
        "rapid-review/decision.j2",
        decision=decision.decision if decision else "undecided",
        partnership=case.review.partnership,
    )
    ch.field(
        decision.reasons if decision else None,
        where="rapid_review.lcspr_decision.reasons",
        what="the reasons for the decision",
        label="LCSPR decision",
        lead="Reasons.",
    )
    assessed = decision.criteria if decision else {}
    criteria = lcspr_criteria()
    for group, title in group_titles().items():
        rows = []
        for cid, criterion in criteria.items():
            if criterion.group != group:
                continue
            view = assessed.get(cid)
            met = MET_WORDS[view.met] if view else NOT_ADDRESSED
            note = " ".join(paragraphs(view.note)) if view and view.note else "–"
            rows.append([f"{criterion.label}: {criterion.text}", met, note])
        ch.add(
            Table(
                header=["Criterion", "Met?", "Evidence and view"],
                rows=rows,
                caption=title,
                widths=[0.45, 0.15, 0.4],
            )
        )
    return ch.section


def _timescales(ctx: Context, today: dt.date) -> Section:
    case = ctx.case
    ch = Chapter(ctx, "Timescales", "9")
    ch.wording("rapid-review/timescales.j2", as_at=day_in_words(today))
    found = {d.rule.id: d for d in deadlines_for_case(case, today=today)}
    rows = []
    sources = []
    for label, key, rule_id in STEPS:
        written = getattr(case.review.dates, key)
        date = written.prose if written else "Not yet"
        deadline = found.get(rule_id) if rule_id else None
        if deadline is None:
            rows.append([label, date, "–", "The clock starts"])
            continue
        due = day_in_words(deadline.due) if deadline.due else "–"
        if deadline.approximate and deadline.due:
            due += " (approximate)"
        rows.append([label, date, due, _status(deadline)])
        sources.append(f"{label}: {deadline.rule.describe()}. Source: {sentence(deadline.source)}")
    ch.add(
        Table(
            header=["Step", "Date", "Deadline", "Against the deadline"],
            rows=rows,
            widths=[0.3, 0.2, 0.2, 0.3],
        )
    )
    ch.add(Paragraph("Timescales and their sources:"))
    ch.add(BulletList(sources))
    return ch.section


# --- words ------------------------------------------------------------------------------------


def _status(deadline: Deadline) -> str:
    """A step against its deadline, in the words of a report."""
    days = deadline.days
    if deadline.state in ("done", "planned"):
        prefix = "Planned" if deadline.state == "planned" else "Done"
        if days is None:
            return prefix
        if days > 0:
            return f"{prefix}, {plural(days, 'working day')} before the deadline"
        if days < 0:
            return f"{prefix}, {plural(-days, 'working day')} after the deadline"
        return f"{prefix}, on the deadline"
    return capitalise(deadline.status)


def _agency_label(agency: Agency) -> str:
    short = agency.abbreviation
    return f"{agency.name} ({short})" if short and short != agency.name else agency.name
