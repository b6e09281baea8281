"""A change to a case file, made to its round-trip tree and its plain data in step.

An `Edit` changes two trees together: the ruamel.yaml round-trip data of the file (so the
author's comments, order and quoting stay as typed) and a plain copy of what the file holds.
`CaseStore.change` then saves the round-trip data only if it reads back as exactly that plain
copy and is a valid case file. A preview (`CaseStore.preview`) makes the same edit on the
plain copy alone, so it finds the same problems without writing anything.
"""

from __future__ import annotations

import typing
from typing import Any

from reviewkit.casefile import roundtrip
from reviewkit.model import Case

CASE_FIELDS = list(Case.model_fields)
_FLOW_ITEMS = {"provenance"}  # lists of small mappings written one per line, inline
_QUOTED = {"date", "time", "imported"}  # quoted as the case-file docs ask, whatever they hold
_BANNERS = {
    "imports": "\nKept by `reviewkit import`: the agency returns imported into the events, and\n"
    "their rows' fingerprints (so that rows you delete are not imported again).",
}


def node(value: Any, *, key: str = "") -> Any:
    """A plain value as round-trip YAML, quoted wherever YAML would misread it."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

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
        self.data = data  # round-trip data; None for a preview
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
