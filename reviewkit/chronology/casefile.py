"""The edits that imports and merges make to the author's own case file.

An `Edit` changes two trees in step: the ruamel.yaml round-trip data of the file (so the
author's comments, order and quoting stay as typed) and a plain copy of what the file holds.
`CaseStore.edit` (reviewkit.authoring.store) then saves the round-trip data only if it reads
back as exactly that plain copy and is a valid case file, with a rolling `.bak` backup and an
atomic replace. A dry run makes the same edit on the plain copy alone and checks it the same
way, so it finds the same problems without writing anything.

An imported event carries a fingerprint of its content as imported
(`provenance[].imported`). When the event no longer matches it, the author has edited it.
"""

from __future__ import annotations

import copy
import hashlib
import json
import typing
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewkit.chronology.template import CHRONOLOGY_SHEET
from reviewkit.errors import CaseInvalidError, Problem
from reviewkit.model import Case, Event, Provenance

if TYPE_CHECKING:
    from reviewkit.authoring.store import CaseStore

EVENT_FIELDS = list(Event.model_fields)
CASE_FIELDS = list(Case.model_fields)
_FLOW_ITEMS = {"provenance"}  # lists of small mappings written one per line, inline
_QUOTED = {"date", "time", "imported"}  # quoted as the case-file docs ask, whatever they hold
_BANNERS = {
    "imports": "\nKept by `reviewkit import`: the agency returns imported into the events, and\n"
    "their rows' fingerprints (so that rows you delete are not imported again).",
}


def fingerprint(event: Event) -> str:
    """A short hash of an event's content (everything but its provenance)."""
    data = event.model_dump(mode="json", exclude={"provenance"}, exclude_defaults=True)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def edited(event: Event) -> bool:
    """True when the author changed an imported event, or merged it with others."""
    if len(event.provenance) != 1:
        return bool(event.provenance)
    imported = event.provenance[0].imported
    return imported is None or imported != fingerprint(event)


def event_data(event: Event) -> dict[str, Any]:
    """An event as case-file data: keys in the model's order, empty values left out."""
    data: dict[str, Any] = {}
    for name in EVENT_FIELDS:
        value = getattr(event, name)
        if value is None or value == []:
            continue
        if name == "date":
            value = value.text
        elif name == "provenance":
            value = [provenance_data(p) for p in value]
        elif isinstance(value, list):
            value = list(value)
        data[name] = value
    return data


def provenance_data(source: Provenance) -> dict[str, Any]:
    """One provenance entry as case-file data, empty values left out."""
    return {k: v for k, v in source.model_dump(exclude_none=True).items()}


# --- the two trees ----------------------------------------------------------------------------


def node(value: Any, *, key: str = "") -> Any:
    """A plain value as round-trip YAML, quoted wherever YAML would misread it."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from reviewkit.authoring import roundtrip

    if isinstance(value, dict):
        mapping = CommentedMap()
        for k, v in value.items():
            mapping[k] = node(v, key=k)
        return mapping
    if isinstance(value, list):
        seq = CommentedSeq(
            [
                _flow(node(v)) if key in _FLOW_ITEMS and isinstance(v, dict) else node(v)
                for v in value
            ]
        )
        if all(not isinstance(v, dict | list) for v in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str):
        if key in _QUOTED:
            from ruamel.yaml.scalarstring import DoubleQuotedScalarString

            return DoubleQuotedScalarString(value)
        return roundtrip.text_value(value)
    return value


def _flow(mapping: Any) -> Any:
    mapping.fa.set_flow_style()
    return mapping


def plain(value: Any) -> Any:
    """What reviewkit reads back from a round-trip value once it is written."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


class Edit:
    """Changes made to the case file's round-trip data and its plain copy together."""

    def __init__(self, data: Any | None, expected: dict[str, Any]) -> None:
        self.data = data  # round-trip data; None for a dry run
        self.expected = expected

    def items(self, section: str) -> list[Any]:
        """A list section of the plain copy (empty when the file has none)."""
        found = self.expected.get(section)
        return found if isinstance(found, list) else []

    def set_field(self, section: str, index: int, key: str, value: Any) -> None:
        """Set (or, with None, remove) a key of one item of a list section."""
        item = self.expected[section][index]
        mapping = self.data[section][index] if self.data is not None else None
        if value is None:
            item.pop(key, None)
            if mapping is not None:
                mapping.pop(key, None)
            return
        new = node(value, key=key)
        if mapping is not None:
            from reviewkit.authoring import roundtrip

            _keep_comment_gap(mapping, key, item.get(key), value)
            order = _field_order(section)
            after = order[: order.index(key)] if key in order else list(mapping)
            roundtrip.set_key(mapping, key, new, after=after)
        item[key] = plain(new)

    def remove(self, section: str, indices: list[int]) -> None:
        """Remove items of a list section by position."""
        for index in sorted(set(indices), reverse=True):
            del self.expected[section][index]
            if self.data is not None:
                del self.data[section][index]

    def append(self, section: str, item: dict[str, Any]) -> None:
        """Add an item at the end of a list section, creating the section if need be."""
        new = node(item)
        if self.data is not None:
            from ruamel.yaml.comments import CommentedSeq

            from reviewkit.authoring import roundtrip

            current = self.data.get(section)
            if isinstance(current, CommentedSeq) and len(current) and not current.fa.flow_style():
                roundtrip.append_item(current, new)
            elif section in self.data:
                self.data[section] = CommentedSeq([new])
            else:
                after = CASE_FIELDS[: CASE_FIELDS.index(section)]
                roundtrip.insert_top_level(self.data, section, CommentedSeq([new]), after=after)
                if section in _BANNERS:
                    self.data.yaml_set_comment_before_after_key(section, before=_BANNERS[section])
        existing = self.expected.get(section)
        if isinstance(existing, list):
            existing.append(plain(new))
        else:
            self.expected[section] = [plain(new)]

    def check(self, file: str) -> Case:
        """The edited case, validated; CaseInvalidError if the edit would break it."""
        from reviewkit.validate import check_document
        from reviewkit.yamlio import Positions, YamlDocument

        case, problems = check_document(YamlDocument(self.expected, Positions(), file))
        if case is None:
            errors = [p for p in problems if p.severity == "error"]
            raise CaseInvalidError(
                [Problem(file, 0, 0, p.path, p.message + " (after this change)") for p in errors]
            )
        return case


def _keep_comment_gap(mapping: Any, key: str, old: Any, new: Any) -> None:
    """Move an end-of-line comment with a shorter or longer inline list, keeping its gap."""
    entry = mapping.ca.items.get(key)
    token = entry[2] if entry and len(entry) > 2 else None
    if token is None or not isinstance(old, list) or not isinstance(new, list):
        return
    mark = getattr(token, "start_mark", None)
    if mark is None or token.value.startswith("\n"):
        return
    shift = len(", ".join(map(str, new))) - len(", ".join(map(str, old)))
    mark.column = max(0, mark.column + shift)


def _field_order(section: str) -> list[str]:
    """The keys of one item of a list section, in the model's order."""
    item = typing.get_args(Case.model_fields[section].annotation)[0]
    return list(item.model_fields)


def dry_edit(plain_data: Any) -> Edit:
    """An Edit of a copy of the case's plain data only (nothing is ever written)."""
    return Edit(None, copy.deepcopy(plain_data))


def save(store: CaseStore, change: Any, what: str) -> None:
    """Apply `change(edit)` to the author's file through the store's safe save."""

    def both(data: Any, expected: Any) -> None:
        edit = Edit(data, expected)
        change(edit)
        edit.check(str(store.path))

    store.edit(both, what)


def read_plain(path: Path) -> Any:
    """The case file's data as reviewkit reads it (for dry runs)."""
    from reviewkit.yamlio import load_yaml

    return load_yaml(path).data


def sources(event: Event) -> list[str]:
    """Where an event came from, one line per source: 'police.xlsx:12', 'case file'."""
    lines = []
    for entry in event.provenance:
        if not entry.file:
            lines.append(f"{entry.agency}: case file")
            continue
        sheet = f"[{entry.sheet}]" if entry.sheet and entry.sheet != CHRONOLOGY_SHEET else ""
        row = f":{entry.row}" if entry.row else ""
        lines.append(f"{entry.file}{sheet}{row}")
    return lines or ["case file"]
