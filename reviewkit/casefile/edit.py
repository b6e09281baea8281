"""A change to a case file, made to its round-trip tree and its plain data in step.

An `Edit` changes two trees together: the ruamel.yaml round-trip data of the file (so the
author's comments, order and quoting stay as typed) and a plain copy of what the file holds.
`CaseStore.change` then saves the round-trip data only if it reads back as exactly that plain
copy and is a valid case file. A preview (`CaseStore.preview`) makes the same edit on the
plain copy alone, so it finds the same problems without writing anything.

A large file is not parsed whole for round-trip editing: the store first tries the change on
a `Splice`, which parses only the items and sections the change touches. The methods here
work either way; a change that reaches for `edit.data` itself (the whole round-trip tree)
is made again on the whole file.
"""

from __future__ import annotations

import copy
import typing
from typing import Any

from reviewkit.casefile import roundtrip
from reviewkit.casefile.splice import Splice
from reviewkit.errors import NotSpliceableError
from reviewkit.model import Case

CASE_FIELDS = list(Case.model_fields)
# lists of small mappings written one per line, inline
_FLOW_ITEMS = frozenset({"provenance"})
# quoted as the case-file docs ask, whatever they hold
_QUOTED = frozenset({"date", "time", "imported"})
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


def stored(value: Any, *, key: str = "") -> Any:
    """What reviewkit reads back once `node(value, key=key)` is written (no round-trip values).

    Text of several lines becomes a `|` block, which ends with a line break.
    """
    if isinstance(value, str):  # the common case first: an import stores thousands of these
        return value + "\n" if "\n" in value and key not in _QUOTED else value
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            k = str(k)
            if type(v) is str:  # as above, without a call: most of an item's values
                out[k] = v + "\n" if "\n" in v and k not in _QUOTED else v
            else:
                out[k] = stored(v, key=k)
        return out
    if isinstance(value, list):
        return [stored(v) for v in value]
    return value


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

    def __init__(
        self,
        data: Any | None,
        expected: dict[str, Any],
        *,
        splice: Splice | None = None,
        shared: bool = False,
    ) -> None:
        """`expected` is a copy of the file's plain data to change in step with `data`.

        With `shared`, `expected` is the file's own data, which is never changed: each list
        and item is copied only when this edit changes it (an import that appends thousands
        of events to a large case copies none of the others). Whoever asks for `expected`
        then gets a deep copy of its own, to change as it likes.
        """
        self._data = data  # round-trip data; None for a preview or a splice
        self._expected = dict(expected) if shared else expected
        self._shared = shared
        self._copied: set[int] = set()  # ids of the lists and items this edit copied
        self.splice = splice
        # id of an appended item -> (the item, its model, already validated by the caller)
        self.models: dict[int, tuple[Any, Any]] = {}

    @property
    def expected(self) -> dict[str, Any]:
        """The plain data as the change means it to be (the caller's own, to change freely)."""
        if self._shared:
            self._expected = copy.deepcopy(self._expected)
            self._shared = False
        return self._expected

    @property
    def result(self) -> dict[str, Any]:
        """The plain data as the change means it to be, for reading only (never copied)."""
        return self._expected

    def _list(self, section: str) -> list[Any]:
        """A list section of the plain data, this edit's own to change."""
        found = self._expected[section]
        if self._shared and id(found) not in self._copied:
            found = self._expected[section] = list(found)
            self._copied.add(id(found))
        assert isinstance(found, list)
        return found

    def _item(self, section: str, index: int) -> dict[str, Any]:
        """One item of a list section, this edit's own to change (its keys, not deeper)."""
        items = self._list(section)
        item = items[index]
        if self._shared and id(item) not in self._copied:
            item = items[index] = dict(item)
            self._copied.add(id(item))
        assert isinstance(item, dict)
        return item

    @property
    def data(self) -> Any:
        """The whole file's round-trip data (None for a preview)."""
        if self.splice is not None:
            raise NotSpliceableError("the change needs the whole round-trip tree")
        return self._data

    @property
    def writing(self) -> bool:
        """True when the change is saved (round-trip data changed), False for a preview."""
        return self.splice is not None or self._data is not None

    def items(self, section: str) -> list[Any]:
        """A list section of the plain copy (empty when the file has none), to read only.

        Change it through the methods here: with a shared edit, its items are the file's own.
        """
        found = self._expected.get(section)
        return found if isinstance(found, list) else []

    def _mapping(self, section: str, index: int, key: str, after: list[str]) -> Any:
        """The round-trip mapping of one item of a list section (None for a preview).

        For a splice, the mapping holds only the item's first key and `key`.
        """
        if self.splice is not None:
            return self.splice.item_key(section, index, key, after=after)
        return self._data[section][index] if self._data is not None else None

    def set_field(self, section: str, index: int, key: str, value: Any) -> None:
        """Set (or, with None, remove) a key of one item of a list section."""
        item = self._item(section, index)
        order = _field_order(section)
        after = order[: order.index(key)] if key in order else list(item)
        mapping = self._mapping(section, index, key, after)
        if value is None:
            item.pop(key, None)
            if mapping is not None:
                mapping.pop(key, None)
            return
        new = node(value, key=key)
        if mapping is not None:
            _keep_comment_gap(mapping, key, item.get(key), value)
            roundtrip.set_key(mapping, key, new, after=after)
        item[key] = plain(new)

    def set_text(
        self, section: str | None, index: int | None, key: str, text: str, *, after: list[str]
    ) -> None:
        """Set a text field of a list item (or, without a section, a top-level one).

        The text is written as a person would expect (`roundtrip.text_value`); a new key goes
        after the last of `after` present.
        """
        if section is None or index is None:
            mapping = self.splice.top(key) if self.splice is not None else self._data
            assert mapping is not None  # a save, not a preview
            new = roundtrip.text_value(text, old=mapping.get(key))
            if key in mapping:
                roundtrip.set_key(mapping, key, new, after=after)
            else:
                roundtrip.insert_top_level(mapping, key, new, after=after)
            self._expected[key] = str(new)
            return
        mapping = self._mapping(section, index, key, after)
        new = roundtrip.text_value(text, old=mapping.get(key))
        roundtrip.set_key(mapping, key, new, after=after)
        self._item(section, index)[key] = str(new)

    def set_text_at(
        self, path: tuple[str | int, ...], key: str, text: str, *, after: list[str]
    ) -> None:
        """Set a text field of the mapping at `path` (`("strands", 1, "episodes", 0)`).

        Made to the whole round-trip tree: a splice edits only top-level list items.
        """
        mapping = self.data
        expected: Any = self.expected
        for step in path:
            mapping = mapping[step] if mapping is not None else None
            expected = expected[step]
        if mapping is not None:
            new = roundtrip.text_value(text, old=mapping.get(key))
            roundtrip.set_key(mapping, key, new, after=after)
            expected[key] = str(new)
        else:
            expected[key] = text

    def set_nested(self, path: tuple[str, ...], value: Any) -> None:
        """Set a key inside nested mappings from the top (rapid_review.lcspr_decision.reasons).

        Mappings on the way are made as needed (in place of an empty value); a new top-level
        section goes where the model has it. The whole round-trip tree is used (a splice
        cannot reach inside a section), which a rapid review's small file can afford.
        """
        from ruamel.yaml.comments import CommentedMap

        *outer, last = path
        expected = self.expected
        for key in outer:
            if not isinstance(expected.get(key), dict):
                expected[key] = {}
            expected = expected[key]
        data = self.data if self.writing else None
        new = node(value, key=last)
        if data is not None:
            mapping = data
            for depth, key in enumerate(outer):
                child = mapping.get(key)
                if not isinstance(child, CommentedMap):
                    child = CommentedMap()
                    if depth == 0 and key not in mapping:
                        order = CASE_FIELDS[: CASE_FIELDS.index(key)]
                        roundtrip.insert_top_level(mapping, key, child, after=order)
                    else:
                        _drop_fill_in(mapping, key)
                        roundtrip.set_key(mapping, key, child, after=list(mapping))
                mapping = child
            if isinstance(new, str):
                new = roundtrip.text_value(value, old=mapping.get(last))
            _drop_fill_in(mapping, last)
            roundtrip.set_key(mapping, last, new, after=list(mapping))
        expected[last] = plain(new)

    def remove(self, section: str, indices: list[int]) -> None:
        """Remove items of a list section by position."""
        if self.splice is not None and indices:
            self.splice.remove(section, sorted(set(indices)))
        for index in sorted(set(indices), reverse=True):
            del self._list(section)[index]
            if self._data is not None:
                del self._data[section][index]

    def extend(self, section: str, items: list[tuple[dict[str, Any], Any]]) -> None:
        """`append` each (item, model) in turn; a splice takes the new items all at once."""
        if not items:
            return
        if self.splice is None:
            for item, model in items:
                self.append(section, item, model=model)
            return
        # Appended to a large file by the thousand (imports): written from plain data, with
        # no round-trip values at all.
        values = [stored(item) for item, _ in items]
        for value, (_, model) in zip(values, items, strict=True):
            if model is not None:
                self.models[id(value)] = (value, model)
        self.splice.quoted, self.splice.flow_items = _QUOTED, _FLOW_ITEMS
        if section in self.splice.plain:
            self.splice.extend(section, values)
        else:
            for value in values:
                self.splice.append_new(section, value, _BANNERS.get(section, ""))
            self._expected.setdefault(section, [])
        self._list(section).extend(values)

    def append(self, section: str, item: dict[str, Any], *, model: Any = None) -> None:
        """Add an item at the end of a list section, creating the section if need be.

        `model` is the item's model when the caller has validated it already (an imported
        event): the check of the saved case uses it rather than validating the item again,
        once the item has read back from the new text as exactly itself.
        """
        if self.splice is not None:
            self.extend(section, [(item, model)])
            return
        new = node(item)
        if self._data is not None:
            from ruamel.yaml.comments import CommentedSeq

            current = self._data.get(section)
            if isinstance(current, CommentedSeq) and len(current) and not current.fa.flow_style():
                roundtrip.append_item(current, new)
            elif section in self._data:
                self._data[section] = CommentedSeq([new])
            else:
                after = CASE_FIELDS[: CASE_FIELDS.index(section)]
                roundtrip.insert_top_level(self._data, section, CommentedSeq([new]), after=after)
                if section in _BANNERS:
                    self._data.yaml_set_comment_before_after_key(section, before=_BANNERS[section])
        if isinstance(self._expected.get(section), list):
            self._list(section).append(plain(new))
        else:
            self._expected[section] = [plain(new)]


def _drop_fill_in(mapping: Any, key: str) -> None:
    """Drop a starter file's "# FILL IN" note beside a key that is now filled in.

    Only the note's own line goes: comment lines after it (a wrapped note, the next
    section's banner) stay where they are.
    """
    items = mapping.ca.items.get(key) if hasattr(mapping, "ca") else None
    token = items[2] if items and len(items) > 2 else None
    if token is None or not token.value.lstrip().startswith("# FILL IN"):
        return
    _, newline, rest = token.value.partition("\n")
    token.value = newline + rest


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
