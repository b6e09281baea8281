"""The rapid review draft: the summary and outcome a partnership sends to the national Panel.

It opens with what is still needed (agencies yet to return a summary, criteria not yet
weighed, other gaps), so the business unit sees what to chase; then the case in brief, the
family, each agency's involvement, key practice episodes, actions and learning, the family's
context, the decision on a local review against each criterion, and the timescales.
"""

from __future__ import annotations

import datetime as dt

from reviewkit.criteria import group_titles, lcspr_criteria
from reviewkit.dates import FuzzyDate, day_in_words, format_age
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
from reviewkit.model import Agency, AgencyReturn, Case, Person, SignOff
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
from reviewkit.reports.rapid_review_status import (
    PARALLEL,
    PARTNERS,
    StillNeeded,
    return_counts,
    status,
    still_needed,
)
from reviewkit.reports.rapid_review_status import (
    decision as decided,
)
from reviewkit.reports.timeline_chart import timeline_figure
from reviewkit.templates import paragraphs
from reviewkit.timeline import AgencySummary, Entry, build_timeline, summarise
from reviewkit.timescales import Deadline, deadlines_for_case
from reviewkit.wording import capitalise, join_and, plural

SUBTITLE = "Rapid review – summary and outcome"
MET_WORDS = {"yes": "Yes", "no": "No", "unclear": "Unclear"}
NOT_ADDRESSED = "Not yet addressed"
NOT_KNOWN = "Still needed"
# The steps of the timescale table: (label, review date, rule id of its deadline).
STEPS = (
    ("Awareness of the incident", "awareness", None),
    ("Notification to the Panel", "notification", "notification"),
    ("Rapid review meeting", "rapid_review_meeting", "rapid-review-meeting"),
    ("Rapid review sent to the Panel", "rapid_review_submitted", "rapid-review"),
    ("The Panel's reply", "panel_response", "panel-reply"),
)


def build(ctx: Context, *, chronology: bool = False) -> Document:
    """The rapid review draft for the case in `ctx` (`chronology` is not used here)."""
    case = ctx.case
    entries = build_timeline(case)
    today = _as_at(case)
    gaps = still_needed(case)
    doc = Document(kind="rapid-review", cover=_cover(case, gaps, today))
    sections: list[Section] = []
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
        _parallel(ctx),
        _decision(ctx),
        _meeting(ctx),
        _timescales(ctx, today),
    ]
    doc.sections = sections
    doc.warnings = ctx.warnings
    return doc


def title(case: Case) -> str:
    """The rapid review's own title: the case's, else 'Rapid review: ' and the children."""
    rapid = case.rapid_review
    if rapid and rapid.title:
        return rapid.title
    if case.review.kind == "rapid-review" and case.review.title.lower().startswith("rapid review"):
        return case.review.title
    names = [p.name for p in case.subjects]
    return f"Rapid review: {join_and(names) if names else case.review.title}"


def own_date(case: Case) -> FuzzyDate | None:
    """The rapid review's own date: the report's in a rapid review case, else when it was sent.

    An overview report's case keeps its own report date; the rapid review in it is dated by
    the day it went to the Panel.
    """
    dates = case.review.dates
    if case.review.kind == "rapid-review" and dates.report is not None:
        return dates.report
    return dates.rapid_review_submitted


def _cover(case: Case, gaps: StillNeeded, today: dt.date) -> Cover:
    review = case.review
    children = [p.name for p in case.subjects]
    # The authors of an overview report are commissioned after the rapid review: they did not
    # write it, so only a rapid review case names its authors on the cover.
    authors = [a.name for a in review.authors] if review.kind == "rapid-review" else []
    state = status(case, gaps)
    return Cover(
        title=title(case),
        subtitle=SUBTITLE,
        partnership=review.partnership,
        details=cover_details(
            children, authors, report_date=_date_words(case, today), status=state
        ),
        marking=review.marking,
        children=children,
        authors=authors,
        status=state,
    )


def _date_words(case: Case, today: dt.date) -> str:
    when = own_date(case)
    return when.prose if when is not None else day_in_words(today)


def _as_at(case: Case) -> dt.date:
    """The day statuses are counted to: the rapid review's own date when it is one day."""
    when = own_date(case)
    return when.latest if when is not None and when.exact else dt.date.today()


# --- sections -------------------------------------------------------------------------------


def _still_needed(ctx: Context, gaps: StillNeeded) -> Section:
    ch = Chapter(ctx, "Still needed")
    counts = return_counts(ctx.case)
    ch.wording(
        "rapid-review/still-needed.j2",
        agencies=len(gaps.returns),
        criteria=len(gaps.criteria),
        other=len(gaps.other),
        items=gaps.count,
        asked=counts.asked,
        returned=counts.returned,
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
    # The review's `reason` is the overview report's account, written after the decision: the
    # rapid review states only its own summary, so the two can never disagree here.
    ch.field(
        rapid.summary if rapid else None,
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
    reference = rapid.notification_reference if rapid else None
    if reference:
        ch.para(f"The Panel's reference for the notification is {reference}.")
    return ch.section


def _family(ctx: Context) -> Section:
    case = ctx.case
    heading = "The children and family" if len(case.subjects) > 1 else "The child and family"
    ch = Chapter(ctx, heading, "2")
    if not family(case):
        ch.field(None, where="people", what="the child and family", label="rapid review")
    else:
        ch.para("The people in this summary are named as the review names them.")
        ch.add(family_table(case))
    for child in case.subjects:
        ch.add(
            Table(
                header=["", child.name],
                rows=_child_facts(case, child),
                caption=f"About {child.name}",
                widths=[0.35, 0.65],
            )
        )
    rapid = case.rapid_review
    ch.subsection("Other children in the household")
    ch.field(
        rapid.other_children if rapid else None,
        where="rapid_review.other_children",
        what="the other children in the household and how they are kept safe",
        label="rapid review",
    )
    return ch.section


def _child_facts(case: Case, child: Person) -> list[list[str]]:
    """What a rapid review states about a child: sex, age, ethnicity, disability, status."""
    incident = case.review.dates.incident
    if child.dob is not None and incident is not None:
        age = format_age(child.dob, incident)
    else:
        age = child.age_at_incident or NOT_KNOWN
    return [
        ["Sex", capitalise(child.sex) if child.sex else NOT_KNOWN],
        ["Age at the incident", age],
        ["Ethnicity", child.ethnicity or NOT_KNOWN],
        ["Disability", capitalise(child.disability) if child.disability else NOT_KNOWN],
        ["Legal status", capitalise(child.legal_status) if child.legal_status else NOT_KNOWN],
    ]


def _agencies(ctx: Context, entries: list[Entry]) -> Section:
    case = ctx.case
    ch = Chapter(ctx, "Agency involvement", "3")
    summary = summarise(case, entries, gaps=0)
    returns = {r.agency: (i, r) for i, r in enumerate(case.agency_returns)}
    tally = return_counts(case)
    ch.wording(
        "rapid-review/agencies.j2",
        agencies=tally.asked,
        returned=tally.returned,
        complete=tally.complete,
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
    ch = Chapter(ctx, "Decision on a local child safeguarding practice review", "9")
    ch.wording(
        "rapid-review/decision.j2",
        decision=decided(case),
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
    ch.subsection("A national review")
    national = rapid.national_review if rapid else None
    if national is None:
        ch.field(
            None,
            where="rapid_review.national_review",
            what="whether the partners suggest a national review, and why",
            label="rapid review",
        )
    else:
        ch.para(
            "The safeguarding partners suggest that the Panel carry out a national review."
            if national.suggested == "yes"
            else "The safeguarding partners do not suggest a national review."
        )
        ch.field(
            national.reasons,
            where="rapid_review.national_review.reasons",
            what="why a national review is or is not suggested",
            label="rapid review",
            lead="Reasons.",
        )
    return ch.section


def _parallel(ctx: Context) -> Section:
    rapid = ctx.case.rapid_review
    ch = Chapter(ctx, "Parallel processes", "8")
    rows = []
    for key, label in PARALLEL.items():
        written = getattr(rapid.parallel_processes, key) if rapid else None
        if written:
            rows.append([label, " ".join(paragraphs(written))])
        elif key != "other":
            rows.append([label, f"Still needed (rapid_review.parallel_processes.{key})"])
    ch.add(Table(header=["Process", "State"], rows=rows, widths=[0.3, 0.7]))
    return ch.section


def _meeting(ctx: Context) -> Section:
    case = ctx.case
    rapid = case.rapid_review
    ch = Chapter(ctx, "The rapid review meeting and sign-off", "10")
    meeting = case.review.dates.rapid_review_meeting
    attendees = rapid.attendees if rapid else []
    if attendees:
        when = f" on {meeting.prose}" if meeting else ""
        ch.para(f"These attended the rapid review meeting{when}:")
        ch.add(
            Table(
                header=["Role", "Agency"],
                rows=[[a.role, case.agency_name(a.agency)] for a in attendees],
                widths=[0.5, 0.5],
            )
        )
    else:
        ch.field(
            None,
            where="rapid_review.attendees",
            what="who attended the rapid review meeting",
            label="rapid review",
        )
    signed: dict[str, SignOff] = {s.partner: s for s in rapid.sign_off} if rapid else {}
    ch.subsection("Sign-off by the safeguarding partners")
    rows = []
    for partner, who in PARTNERS.items():
        found = signed.get(partner)
        if found is None:
            rows.append([who, "Still needed (rapid_review.sign_off)", "", ""])
        else:
            when = found.date.prose if found.date else "Not dated"
            rows.append([who, found.name or "–", found.role, when])
    ch.add(
        Table(
            header=["Safeguarding partner", "Name", "Role", "Date"],
            rows=rows,
            widths=[0.3, 0.25, 0.3, 0.15],
        )
    )
    return ch.section


def _timescales(ctx: Context, today: dt.date) -> Section:
    case = ctx.case
    ch = Chapter(ctx, "Timescales", "11")
    ch.wording("rapid-review/timescales.j2", as_at=day_in_words(today))
    found = {d.rule.id: d for d in deadlines_for_case(case, today=today)}
    rows = []
    sources = []
    for label, key, rule_id in STEPS:
        written = getattr(case.review.dates, key)
        date = written.prose if written else "Not yet"
        deadline = found.get(rule_id) if rule_id else None
        if deadline is None:
            # No rule: the step that starts the clock; a rule with no deadline yet: the step
            # it counts from has not happened.
            rows.append([label, date, "–", "The clock starts" if rule_id is None else "–"])
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
