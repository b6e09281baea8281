"""Write report names into the case file itself, where real names were typed in free text.

`plan_pseudonymise(store)` finds every real name or alias of a person in the case's free text
(reviewkit/casefile/realnames.py) and returns the changes, each with a preview whose real name
is masked ("saw [the first name of Mother] at home" -> "saw Mother at home"), so that even the
preview can be pasted safely. `apply_pseudonymise(store, plan)` saves them all at once through
`CaseStore`: checked, backed up to CASE.bak, written atomically, and refused if the file
changed on disk since it was read. Comments and layout are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewkit.casefile import roundtrip
from reviewkit.casefile.edit import Edit
from reviewkit.casefile.modelcheck import format_path
from reviewkit.casefile.read import Path_
from reviewkit.casefile.realnames import RealNameHit, find_real_names, names_in, replace_all
from reviewkit.casefile.store import CaseStore
from reviewkit.names import Vocabulary, people_vocabulary

CONTEXT = 30  # characters of text shown either side of a change


@dataclass(frozen=True)
class Change:
    """One real name replaced, as the preview shows it (the real name itself masked)."""

    where: str  # "events[4].details"
    describe: str  # "the first name of Mother"
    before: str  # "... saw [the first name of Mother] at home"
    after: str  # "... saw Mother at home"


@dataclass
class PseudonymisePlan:
    """Every change `pseudonymise` would make to one case file."""

    path: Path
    changes: list[Change] = field(default_factory=list)
    fields: list[Path_] = field(default_factory=list)  # the fields changed, in file order

    @property
    def empty(self) -> bool:
        """True when the case file holds no real name in its free text."""
        return not self.changes


@dataclass
class PseudonymiseResult:
    """What `apply_pseudonymise` wrote."""

    path: Path
    changes: int
    fields: int
    backup: Path | None


def plan_pseudonymise(store: CaseStore) -> PseudonymisePlan:
    """Every real name in the case's free text, and what each becomes; nothing is written."""
    plan = PseudonymisePlan(store.path)
    hits = find_real_names(store.case)
    by_path: dict[Path_, list[RealNameHit]] = {}
    for hit in hits:
        by_path.setdefault(hit.path, []).append(hit)
    vocab = people_vocabulary(store.case)
    for path in by_path:
        raw = _text_at(store.data, path)
        found = _hits(raw, path, vocab) if raw is not None else by_path[path]
        plan.fields.append(path)
        plan.changes.extend(_previews(raw if raw is not None else "", found))
    return plan


def apply_pseudonymise(store: CaseStore, plan: PseudonymisePlan) -> PseudonymiseResult:
    """Save every change of the plan in one write (backup, atomic, checked)."""
    if plan.empty:
        return PseudonymiseResult(store.path, 0, 0, None)
    vocab = people_vocabulary(store.case)

    def change(edit: Edit) -> None:
        for path in plan.fields:
            _set_text(edit, path, lambda text, path=path: _pseudonymised(text, path, vocab))

    store.change(change, f"replacing real names in {len(plan.fields)} fields")
    return PseudonymiseResult(store.path, len(plan.changes), len(plan.fields), store.backup_path)


# --- the text -------------------------------------------------------------------------------


def _hits(text: str, path: Path_, vocab: Vocabulary) -> list[RealNameHit]:
    return list(names_in(text, path, vocab))


def _pseudonymised(text: str, path: Path_, vocab: Vocabulary) -> str:
    return replace_all(text, _hits(text, path, vocab))


def _previews(text: str, hits: list[RealNameHit]) -> list[Change]:
    """A masked before and an after snippet for each hit, on one line each."""
    before, before_spans = _spliced(text, hits, [f"[{h.describe}]{h.possessive}" for h in hits])
    after, after_spans = _spliced(text, hits, [h.replacement for h in hits])
    changes = []
    for hit, (b0, b1), (a0, a1) in zip(hits, before_spans, after_spans, strict=True):
        changes.append(
            Change(
                hit.where,
                hit.describe,
                _window(before, b0, b1),
                _window(after, a0, a1),
            )
        )
    return changes


def _spliced(
    text: str, hits: list[RealNameHit], news: list[str]
) -> tuple[str, list[tuple[int, int]]]:
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    last = size = 0
    for hit, new in zip(hits, news, strict=True):
        piece = text[last : hit.start]
        out.append(piece)
        size += len(piece)
        spans.append((size, size + len(new)))
        out.append(new)
        size += len(new)
        last = hit.end
    out.append(text[last:])
    return "".join(out), spans


def _window(text: str, start: int, end: int) -> str:
    head = text[max(0, start - CONTEXT) : start]
    tail = text[end : end + CONTEXT]
    shown = ("..." if start > CONTEXT else "") + head + text[start:end] + tail
    shown += "..." if end + CONTEXT < len(text) else ""
    return " ".join(shown.split())


# --- the file's data --------------------------------------------------------------------------


def _step(value: Any, key: str | int) -> tuple[Any, bool]:
    """The child at `key`, and False when the model read a short form here (see `_text_at`)."""
    if isinstance(value, dict) and key in value:
        return value[key], True
    if isinstance(value, list) and isinstance(key, int) and 0 <= key < len(value):
        return value[key], True
    return None, False


def _text_at(data: Any, path: Path_) -> str | None:
    """The text the file holds at a model path, or None when it holds none there.

    A list of points may be written as one text, and a reference as its text alone: the
    model reads them as `[text]` and `{text: ...}`, so a path that goes on past a text ends
    at that text.
    """
    value = data
    for key in path:
        if isinstance(value, str):
            return value
        value, ok = _step(value, key)
        if not ok:
            return None
    return value if isinstance(value, str) else None


def _set_text(edit: Edit, path: Path_, change: Any) -> None:
    """Change the text at a model path in the plain copy and the round-trip data alike."""
    assert edit.data is not None
    for tree, round_trip in ((edit.expected, False), (edit.data, True)):
        parent: Any = None
        key: Any = None
        value: Any = tree
        for step in path:
            if isinstance(value, str):
                break
            parent, key = value, step
            value, ok = _step(value, step)
            if not ok:
                raise KeyError(format_path(path))
        if not isinstance(value, str):
            raise KeyError(format_path(path))
        new = change(str(value))
        parent[key] = _styled(new, value) if round_trip else new


def _styled(text: str, old: Any) -> Any:
    """The new text in the old scalar's style (block, quoted or plain)."""
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    if isinstance(old, LiteralScalarString):
        return LiteralScalarString(text)
    if isinstance(old, FoldedScalarString):
        return FoldedScalarString(text)
    if "\n" in text:
        # Quoted text over several lines: a `|` block keeps its line breaks exactly (`|-` when
        # it has no final one), where text_value would add one.
        return LiteralScalarString(text)
    return roundtrip.text_value(text, old=old)


__all__ = [
    "Change",
    "PseudonymisePlan",
    "PseudonymiseResult",
    "apply_pseudonymise",
    "plan_pseudonymise",
]
