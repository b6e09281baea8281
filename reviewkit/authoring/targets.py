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

from reviewkit.authoring.rapid_fields import current_text, rapid_fields, to_value
from reviewkit.casefile import CaseStore, Edit, Invalid, roundtrip
from reviewkit.errors import AnswerRejectedError, Problem
from reviewkit.model import Case, Episode, NarrativePeriod, Strand, Theme

ListName = Literal["narrative", "episodes", "themes", "strands"]


@dataclass(frozen=True)
class Target:
    """Where an answer goes: a field of a narrative period, episode or theme, or a top field."""

    field: str
    list_name: ListName | None = None
    item_id: str | None = None
    nested: bool = False  # a rapid review answer (reviewkit.authoring.rapid_fields)
    part: str = ""  # a strand's local context part, by title ("Inspection findings")

    def describe(self) -> str:
        """'episodes[kpe-1].known' or 'conclusions', for messages."""
        if self.nested:
            return ".".join(rapid_fields()[self.field].path)
        if self.list_name is None:
            return self.field
        where = f"{self.list_name}[{self.item_id}].{self.field}"
        return f"{where}[{self.part}]" if self.part else where


_MODEL_ORDER: dict[str, list[str]] = {
    "narrative": list(NarrativePeriod.model_fields),
    "episodes": list(Episode.model_fields),
    "themes": list(Theme.model_fields),
    "strands": list(Strand.model_fields),
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
    if target.nested:
        return current_text(case, rapid_fields()[target.field])
    if target.list_name is None:
        found = getattr(case, target.field, None)
    else:
        items: list[Any] = getattr(case, target.list_name)
        item = next((i for i in items if i.id == target.item_id), None)
        found = getattr(item, target.field, None) if item is not None else None
        if target.part:
            found = _strand_part_text(found, target.part)
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
    if target.nested:
        return _set_nested(store, target, text)
    nested = _in_strand(store.data, target)
    if (
        target.list_name is not None
        and nested is None
        and _find(store.data.get(target.list_name), target) is None
    ):
        raise AnswerRejectedError(
            f"{target.describe()}: there is no {target.list_name[:-1]} '{target.item_id}' "
            "in the case file any more; nothing was saved"
        )

    def change(edit: Edit) -> None:
        if target.list_name == "strands":
            _set_strand_text(edit, target, text)
            return
        if target.list_name is None:
            edit.set_text(None, None, target.field, text, after=_before("", target.field))
            return
        after = _before(target.list_name, target.field)
        if nested is not None:  # an episode of a national or thematic review's strand
            edit.set_text_at(nested, target.field, text, after=after)
            return
        index = _index(edit.expected[target.list_name], target)
        assert index is not None
        edit.set_text(target.list_name, index, target.field, text, after=after)

    what = target.describe()
    store.change(change, what, invalid=_rejected(what))
    return True


def _set_nested(store: CaseStore, target: Target, text: str) -> bool:
    """Save a rapid review answer into its place under `rapid_review`, made as it needs."""
    spec = rapid_fields()[target.field]
    new = to_value(spec, text)
    what = target.describe()
    store.change(lambda edit: edit.set_nested(spec.path, new), what, invalid=_rejected(what))
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


# --- a national or thematic review's strand: the child's story, local context, conclusions ---


def _strand_part_text(parts: Any, title: str) -> str | None:
    """The text of the local context part with this title (titles match ignoring case)."""
    wanted = title.casefold()
    found = next((p for p in parts or [] if p.title.strip().casefold() == wanted), None)
    return found.text if found is not None else None


def _set_strand_text(edit: Edit, target: Target, text: str) -> None:
    """Write a strand's text field, or a part of its local context (added when missing)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    index = _index(edit.expected.get("strands"), target)
    assert index is not None  # checked by set_text before the change
    after = _before("strands", target.field)
    if not target.part:
        edit.set_text_at(("strands", index), target.field, text, after=after)
        return
    expected = edit.expected["strands"][index]
    parts = expected.get(target.field)
    parts = parts if isinstance(parts, list) else []
    wanted = target.part.casefold()
    at = next(
        (
            j
            for j, p in enumerate(parts)
            if isinstance(p, dict) and str(p.get("title", "")).strip().casefold() == wanted
        ),
        None,
    )
    if at is not None:
        edit.set_text_at(("strands", index, target.field, at), "text", text, after=["title"])
        return
    # A part not written yet is added at the end, titled as the question set names it.
    mapping = edit.data["strands"][index]  # needs the whole tree: not a top-level item
    item = CommentedMap()
    item["title"] = roundtrip.text_value(target.part)
    item["text"] = roundtrip.text_value(text)
    current = mapping.get(target.field)
    if isinstance(current, CommentedSeq) and current and not current.fa.flow_style():
        roundtrip.append_item(current, item)
    else:
        roundtrip.set_key(mapping, target.field, CommentedSeq([item]), after=after)
    plain_item = {"title": str(item["title"]), "text": str(item["text"])}
    expected[target.field] = [*parts, plain_item]


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


def _in_strand(data: Any, target: Target) -> tuple[str | int, ...] | None:
    """Where a strand's item with the target's id is written: ("strands", i, "episodes", j)."""
    if target.list_name is None or not isinstance(data, dict):
        return None
    strands = data.get("strands")
    for i, strand in enumerate(strands if isinstance(strands, list) else []):
        items = strand.get(target.list_name) if isinstance(strand, dict) else None
        index = _index(items, target)
        if index is not None:
            return ("strands", i, target.list_name, index)
    return None


def _index(items: Any, target: Target) -> int | None:
    """The position of the item of a list section with the target's id, or None."""
    found = _find(items, target)
    return next(i for i, item in enumerate(items) if item is found) if found is not None else None


def _before(list_name: str, field: str) -> list[str]:
    order = _MODEL_ORDER[list_name]
    return order[: order.index(field)] if field in order else order


__all__ = ["ListName", "Target", "add_recommendation", "normalise", "set_text", "value"]
