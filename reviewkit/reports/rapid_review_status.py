"""What a rapid review still needs, and the status, counts and decision worked out from it.

Every statement of the rapid review draft about its own state comes from here, computed once
from the case file: the report's status is "Draft" while anything is still needed, the number
of agencies asked and returned is one figure, and the decision is read from one field. The
report never states a second, hand-written version of any of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from reviewkit.criteria import Criterion, lcspr_criteria
from reviewkit.model import Agency, Case, Person, SignOff

Decision = Literal["commission", "not-commission", "undecided"]
DRAFT = "Draft"
FINAL = "Final"
PARTNERS = {
    "local-authority": "The local authority",
    "police": "The police",
    "health": "The integrated care board (health)",
}
PARALLEL = {
    "criminal_investigation": "Criminal investigation",
    "care_proceedings": "Care proceedings",
    "child_death_review": "Child death review",
    "coroner": "Coroner",
    "other": "Other processes",
}
# What a rapid review states about each child it is about: (model field, what it is called).
CHILD_FACTS = (
    ("sex", "sex"),
    ("dob", "date of birth (for the age at the incident)"),
    ("ethnicity", "ethnicity"),
    ("disability", "disability"),
    ("legal_status", "legal status"),
)


@dataclass(frozen=True)
class ReturnCounts:
    """How many agencies were asked for a summary, returned one, and returned a full one."""

    asked: int
    returned: int
    complete: int  # returns with both the involvement and the agency's own analysis


def return_counts(case: Case) -> ReturnCounts:
    """The one count of agency summaries every part of the rapid review states."""
    asked = {a.id for a in case.agencies}
    returns = [r for r in case.agency_returns if r.agency in asked]
    return ReturnCounts(
        asked=len(asked),
        returned=len({r.agency for r in returns}),
        complete=len({r.agency for r in returns if r.involvement and r.analysis}),
    )


def decision(case: Case) -> Decision:
    """The partners' decision on a local review, from the case file's one field."""
    rapid = case.rapid_review
    return rapid.lcspr_decision.decision if rapid else "undecided"


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

    @property
    def count(self) -> int:
        """How many items are still needed."""
        return len(self.returns) + len(self.criteria) + len(self.other)


def status(case: Case, gaps: StillNeeded) -> str:
    """The draft's status: Draft while anything is still needed, else the case's (or Final)."""
    if not gaps.empty:
        return DRAFT
    rapid = case.rapid_review
    return (rapid.status if rapid and rapid.status else None) or FINAL


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
        ("incident", "The date of the incident"),
        ("awareness", "The date the local authority became aware of the incident"),
        ("notification", "The date of the notification to the Panel"),
        ("rapid_review_meeting", "The date of the rapid review meeting"),
    ):
        if getattr(dates, key) is None:
            other.append(f"{what} (review.dates.{key})")
    if rapid is None or not rapid.notification_reference:
        other.append("The Panel's notification reference (rapid_review.notification_reference)")
    other += _child_gaps(case)
    if rapid is None or not rapid.summary:
        other.append("The case in brief (rapid_review.summary)")
    for key, what in (
        ("why_notified", "Why the case was notified"),
        ("other_children", "The other children in the household and their safety"),
        ("family_context", "The family's context: race, culture, disability and inequalities"),
        ("immediate_actions", "Immediate action taken to keep children safe"),
        ("learning_shared", "Learning already shared"),
        ("potential_improvements", "The potential for improvement"),
    ):
        if rapid is None or not getattr(rapid, key):
            other.append(f"{what} (rapid_review.{key})")
    for key, what in PARALLEL.items():
        if key != "other" and (rapid is None or not getattr(rapid.parallel_processes, key)):
            other.append(f"{what}: its state (rapid_review.parallel_processes.{key})")
    if decision(case) == "undecided":
        other.append("The decision on a local review (rapid_review.lcspr_decision.decision)")
    if rapid is None or not rapid.lcspr_decision.reasons:
        other.append("The reasons for the decision (rapid_review.lcspr_decision.reasons)")
    national = rapid.national_review if rapid else None
    if national is None:
        other.append("Whether a national review is suggested (rapid_review.national_review)")
    elif not national.reasons:
        other.append(
            "Why a national review is or is not suggested (rapid_review.national_review.reasons)"
        )
    if rapid is None or not rapid.attendees:
        other.append("Who attended the rapid review meeting (rapid_review.attendees)")
    signed: dict[str, SignOff] = {s.partner: s for s in rapid.sign_off} if rapid else {}
    for partner, who in PARTNERS.items():
        found = signed.get(partner)
        if found is None:
            other.append(f"{who}: its sign-off (rapid_review.sign_off)")
        elif found.date is None:
            other.append(f"{who}: the date of its sign-off (rapid_review.sign_off)")
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


def _child_gaps(case: Case) -> list[str]:
    """Each fact a rapid review states about each child it is about, where it is missing."""
    children = case.subjects
    if not children:
        return ["The child the review is about (people, with subject: true)"]
    index = {id(p): i for i, p in enumerate(case.people)}
    return [
        f"{child.name}: {what} (people[{index[id(child)]}].{key})"
        for child in children
        for key, what in CHILD_FACTS
        if not _has(child, key)
    ]


def _has(person: Person, key: str) -> bool:
    return getattr(person, key) not in (None, "")


__all__ = [
    "DRAFT",
    "FINAL",
    "PARALLEL",
    "PARTNERS",
    "ReturnCounts",
    "StillNeeded",
    "decision",
    "return_counts",
    "status",
    "still_needed",
]
