"""The rapid review's own fields `reviewkit author --only rapid-review` asks for, in one list.

Each answer id names where its answer goes under `rapid_review` (or on the child) and how
the typed text becomes the value the case file holds: free text, one line, a criterion
("yes: the evidence ..."), the decision ("commission") or the national review question
("no: the reasons ..."). The question set names these ids; nothing else keeps a list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from reviewkit.criteria import lcspr_criteria
from reviewkit.errors import AnswerRejectedError
from reviewkit.model import Case

Kind = Literal["text", "line", "criterion", "decision", "national"]
DECISIONS = ("commission", "not-commission", "undecided")


@dataclass(frozen=True)
class RapidField:
    """One answer of the rapid review walk: its id, where it is saved, and its kind."""

    id: str
    path: tuple[str, ...]  # case-file keys from the top
    kind: Kind = "text"


def rapid_fields() -> dict[str, RapidField]:
    """Every rapid review answer by id, in the order the walk asks them."""
    base = ("rapid_review",)
    found = [
        RapidField("notification_reference", (*base, "notification_reference"), "line"),
        RapidField("summary", (*base, "summary")),
        RapidField("why_notified", (*base, "why_notified")),
        RapidField("family_context", (*base, "family_context")),
        RapidField("other_children", (*base, "other_children")),
        *(
            RapidField(key, (*base, "parallel_processes", key))
            for key in ("criminal_investigation", "care_proceedings", "child_death_review")
        ),
        RapidField("coroner", (*base, "parallel_processes", "coroner")),
        *(
            RapidField(cid, (*base, "lcspr_decision", "criteria", cid), "criterion")
            for cid in lcspr_criteria()
        ),
        RapidField("decision", (*base, "lcspr_decision", "decision"), "decision"),
        RapidField("reasons", (*base, "lcspr_decision", "reasons")),
        RapidField("national_review", (*base, "national_review"), "national"),
    ]
    return {f.id: f for f in found}


_VERDICT = re.compile(r"^\s*(yes|no|unclear)\b[\s:.,;\u2013\u2014-]*(.*)\Z", re.I | re.S)


def to_value(spec: RapidField, text: str) -> Any:
    """The value an answer saves (AnswerRejectedError, saying what to write, when it cannot)."""
    if spec.kind == "line":
        return " ".join(text.split())
    if spec.kind == "decision":
        word = text.strip().lower().replace(" ", "-")
        if word not in DECISIONS:
            raise AnswerRejectedError(
                f"{spec.id}: answer {', '.join(DECISIONS[:-1])} or {DECISIONS[-1]}"
            )
        return word
    if spec.kind in ("criterion", "national"):
        found = _VERDICT.match(text)
        allowed = ("yes", "no", "unclear") if spec.kind == "criterion" else ("yes", "no")
        if found is None or found[1].lower() not in allowed:
            raise AnswerRejectedError(
                f"{spec.id}: start the answer with {' or '.join(allowed)}, then say why "
                "(for example 'yes: information was not shared')"
            )
        verdict, why = found[1].lower(), found[2].strip()
        key = "met" if spec.kind == "criterion" else "suggested"
        value: dict[str, Any] = {key: verdict}
        if why:
            value["note" if spec.kind == "criterion" else "reasons"] = why
        return value
    return text


def current_text(case: Case, spec: RapidField) -> str | None:
    """What is written for an answer, as the author would type it; None when nothing is."""
    found: Any = case
    for key in spec.path:
        if found is None:
            return None
        found = found.get(key) if isinstance(found, dict) else getattr(found, key, None)
    if found is None:
        return None
    if spec.kind == "decision":
        return None if found == "undecided" else str(found)
    if spec.kind == "criterion":
        note = f": {found.note}" if found.note else ""
        return f"{found.met}{note}"
    if spec.kind == "national":
        reasons = f": {found.reasons}" if found.reasons else ""
        return f"{found.suggested}{reasons}"
    text = str(found)
    return text if text.strip() else None


__all__ = ["RapidField", "current_text", "rapid_fields", "to_value"]
