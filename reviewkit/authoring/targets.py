"""Where an answer goes in the case file, what counts as an answer, and saving it there.

Answers are saved one at a time through the case file store (`reviewkit.casefile.CaseStore`),
which keeps the file's comments and layout, checks the result and never loses work. This
module decides only what an answer changes: the text of an episode's, a theme's or a
top-level field, written in the style a person would expect, or a new recommendation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from reviewkit.casefile import CaseStore, Edit, Invalid, roundtrip
from reviewkit.errors import AnswerRejectedError, Problem
from reviewkit.model import Case, Episode, NarrativePeriod, Theme

ListName = Literal["narrative", "episodes", "themes"]


@dataclass(frozen=True)
class Target:
    """Where an answer goes: a field of a narrative period, episode or theme, or a top field."""

    field: str
    list_name: ListName | None = None
    item_id: str | None = None

    def describe(self) -> str:
        """'episodes[kpe-1].known' or 'conclusions', for messages."""
        if self.list_name is None:
            return self.field
        return f"{self.list_name}[{self.item_id}].{self.field}"


_MODEL_ORDER: dict[str, list[str]] = {
    "narrative": list(NarrativePeriod.model_fields),
    "episodes": list(Episode.model_fields),
    "themes": list(Theme.model_fields),
    "": list(Case.model_fields),
}


def normalise(text: str) -> str:
    """An answer as it is stored: no trailing spaces, no blank runs, no blank ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    joined = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return joined.strip()


def value(case: Case, target: Target) -> str | None:
    """The current text of a target, or None when it is empty or missing."""
    if target.list_name is None:
        found = getattr(case, target.field, None)
    else:
        items: list[Episode] | list[Theme] | list[NarrativePeriod]
        items = getattr(case, target.list_name)
        item = next((i for i in items if i.id == target.item_id), None)
        found = getattr(item, target.field, None) if item is not None else None
    if isinstance(found, str) and found.strip():
        return found
    return None


def set_text(store: CaseStore, target: Target, text: str) -> bool:
    """Save an answer into the file; False when it equals what is already there."""
    text = normalise(text)
    if not text:
        raise AnswerRejectedError("an empty answer is not saved; skip the question instead")
    current = value(store.case, target)
    if current is not None and normalise(current) == text:
        return False
    if target.list_name is not None and _find(store.data.get(target.list_name), target) is None:
        raise AnswerRejectedError(
            f"{target.describe()}: there is no {target.list_name[:-1]} '{target.item_id}' "
            "in the case file any more; nothing was saved"
        )

    def change(edit: Edit) -> None:
        if target.list_name is None:
            edit.set_text(None, None, target.field, text, after=_before("", target.field))
            return
        index = _index(edit.expected[target.list_name], target)
        assert index is not None
        after = _before(target.list_name, target.field)
        edit.set_text(target.list_name, index, target.field, text, after=after)

    what = target.describe()
    store.change(change, what, invalid=_rejected(what))
    return True


def add_recommendation(store: CaseStore, text: str, addressee: str, themes: list[str]) -> int:
    """Append a recommendation (with its addressee and theme links); return its number."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    text, addressee = normalise(text), " ".join(addressee.split())
    if not text or not addressee:
        raise AnswerRejectedError("a recommendation needs its text and who should act")
    existing = store.case.recommendations
    numbered = bool(existing) and all(r.number is not None for r in existing)
    number = max(r.number or 0 for r in existing) + 1 if numbered else len(existing) + 1

    def change(edit: Edit) -> None:
        data = edit.data
        assert data is not None  # a save, not a preview
        item = CommentedMap()
        plain: dict[str, Any] = {}
        if numbered:
            item["number"] = plain["number"] = number
        item["text"] = roundtrip.text_value(text)
        item["addressee"] = roundtrip.text_value(addressee)
        plain["text"], plain["addressee"] = str(item["text"]), str(item["addressee"])
        if themes:
            seq = CommentedSeq(themes)
            seq.fa.set_flow_style()
            item["themes"] = seq
            plain["themes"] = list(themes)
        current = data.get("recommendations")
        if isinstance(current, CommentedSeq) and current:
            roundtrip.append_item(current, item)
        else:
            seq = CommentedSeq([item])
            if "recommendations" in data:
                data["recommendations"] = seq
            else:
                roundtrip.insert_top_level(
                    data, "recommendations", seq, after=_before("", "recommendations")
                )
        edit.expected["recommendations"] = [
            *(edit.expected.get("recommendations") or []),
            plain,
        ]

    store.change(change, "recommendations", invalid=_rejected("recommendations"))
    return number


def _rejected(what: str) -> Invalid:
    """The error for an answer that would leave the case file invalid."""

    def build(file: str, errors: list[Problem]) -> AnswerRejectedError:
        return AnswerRejectedError(
            f"{what}: this answer would leave the case file invalid, so nothing was "
            "saved: " + "; ".join(f"{p.path}: {p.message}" for p in errors),
            errors,
        )

    return build


def _find(items: Any, target: Target) -> Any:
    """The item of a list section with the target's id, or None."""
    if not isinstance(items, list):
        return None
    return next((i for i in items if isinstance(i, dict) and i.get("id") == target.item_id), None)


def _index(items: Any, target: Target) -> int | None:
    """The position of the item of a list section with the target's id, or None."""
    found = _find(items, target)
    return next(i for i, item in enumerate(items) if item is found) if found is not None else None


def _before(list_name: str, field: str) -> list[str]:
    order = _MODEL_ORDER[list_name]
    return order[: order.index(field)] if field in order else order


__all__ = ["ListName", "Target", "add_recommendation", "normalise", "set_text", "value"]
