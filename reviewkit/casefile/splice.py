"""Change a few parts of a large case file by re-writing only their lines.

Parsing a whole case file for round-trip editing is slow (ruamel.yaml is pure Python: minutes
at 5,000 events), yet a save changes one answer, or appends imported events at the end of a
list. A `Splice` cuts the file into regions by its lines: each top-level key, and each item
of a top-level block list. Only the regions a change touches are parsed with ruamel.yaml
(with their section's key line in front, so they sit in the same context as in the file),
changed with the usual round-trip helpers and dumped back; every other line is kept as it
is. A region that ruamel would not write back exactly as it was is not used (the caller
falls back to the whole file), so a splice never re-indents anything.

Items appended after a list's last item (an import's thousands of events) and a new list
at the end of the file are written straight from their plain data (`emit.py`), with no
round-trip values, and read back a thousand items at a time, each compared with its data.

The caller checks the result: `Splice.render` returns the new text and the plain data of
each changed region as read back from it with the safe loader, put together into the
whole file's data, to compare with what the change meant.
"""

from __future__ import annotations

import itertools
from array import array
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

from reviewkit.casefile import emit, roundtrip
from reviewkit.casefile.read import parse_yaml
from reviewkit.errors import NotSpliceableError
from reviewkit.parallel import in_chunks

if TYPE_CHECKING:
    from ruamel.yaml import YAML


# Stands in a changed item's lines for the items appended after it (see `render`).
_APPENDED = "\x00appended\x00"
# New items read back at a time: small enough that their table of positions costs little.
_READ_BACK = 1000


@dataclass
class _Region:
    """Lines [start, end) of the file: one list item or one top-level key, and its changes."""

    start: int
    end: int
    header: str  # "events:\n" in front of a list item, "" for a top-level key
    removed: bool = False
    # top-level key: the round-trip mapping holding it (the whole region is written again)
    root: Any = None
    rt: Any = None
    # list item: key -> round-trip data of the item's first line and that key only
    keys: dict[str, Any] = field(default_factory=dict)
    first_key: str = ""
    after: dict[str, list[str]] = field(default_factory=dict)  # new key -> keys before it
    appended: list[dict[str, Any]] | None = None  # plain items to write after this (last) one


@dataclass
class _Section:
    """A top-level key: its first line, the line after it, and its list items' first lines."""

    start: int
    end: int
    items: list[int] = field(default_factory=list)


class Splice:
    """Changes to a case file's text made region by region (see the module docstring)."""

    def __init__(
        self, text: str, plain: dict[str, Any], layout: tuple[int, int, int] | None = None
    ) -> None:
        """Cut `text` (LF line ends) into regions; `plain` is its data as read.

        `layout` is the file's indentation if known (`roundtrip.guess_layout`).
        """
        lines = text.splitlines(keepends=True)
        self.sections = _scan(lines)
        self.lines = _Lines(text, lines)
        del lines  # a large file's lines as strings are twice its text: only offsets are kept
        self.plain = plain
        if list(self.sections) != list(plain):
            raise NotSpliceableError("the top-level keys were not found line by line")
        self.layout = layout or roundtrip.guess_layout(text)
        self.regions: dict[tuple[str, int | None], _Region] = {}
        # How appended items are written (`emit.items_text`): keys always double-quoted, and
        # keys whose lists of mappings are written inline.
        self.quoted: frozenset[str] = frozenset()
        self.flow_items: frozenset[str] = frozenset()
        # key -> (banner, plain items) of a new list written at the end of the file
        self.new_sections: dict[str, tuple[str, list[dict[str, Any]]]] = {}

    # --- regions ------------------------------------------------------------------------

    def _items(self, section: str) -> list[int]:
        value = self.plain.get(section)
        items = self.sections[section].items if section in self.sections else []
        if not isinstance(value, list) or not value or len(items) != len(value):
            raise NotSpliceableError(f"{section} is not a block list found line by line")
        if self.lines[self.sections[section].start].strip() != f"{section}:":
            raise NotSpliceableError(f"{section}: its list does not start on the next line")
        return items

    def _region(self, section: str, index: int | None) -> _Region:
        key = (section, index)
        if key not in self.regions:
            info = self.sections[section]
            if index is None:
                self.regions[key] = _Region(info.start, info.end, "")
            else:
                items = self._items(section)
                end = items[index + 1] if index + 1 < len(items) else info.end
                self.regions[key] = _Region(items[index], end, self.lines[info.start])
        region = self.regions[key]
        if region.removed:
            raise NotSpliceableError("an item both removed and changed")
        return region

    def _load(self, text: str) -> tuple[YAML, Any]:
        rt, root, _ = roundtrip.load(text, layout=self.layout)
        return rt, root

    def item_key(self, section: str, index: int, key: str, *, after: list[str]) -> Any:
        """A round-trip mapping holding one item's first key and `key`, to change `key` in.

        A new key is written after the last of `after` the item has.
        """
        region = self._region(section, index)
        if key in region.keys:
            return region.keys[key][section][0]
        item = self.plain[section][index]
        first = self.lines[region.start]
        if not isinstance(item, dict) or not item or key == next(iter(item)):
            raise NotSpliceableError("the item's first key")
        lines = self._key_lines(region, key) if key in item else (region.start + 1,) * 2
        text = region.header + first + self.lines.text(lines[0], lines[1])
        rt, root = self._load(text)
        if roundtrip.dump(rt, root).splitlines(keepends=True)[:2] != [region.header, first]:
            raise NotSpliceableError("the item's first line would be written differently")
        region.rt = rt
        if key not in item:
            region.after[key] = [k for k in after if k in item]
        region.first_key = next(iter(item))
        region.keys[key] = root
        return root[section][0]

    def _key_lines(self, region: _Region, key: str) -> tuple[int, int]:
        """The lines of one key of a list item: its own line to the next key's."""
        first = self.lines[region.start]
        column = len(first) - len(first.lstrip(" -"))
        start = None
        for number in range(region.start + 1, region.end):
            line = self.lines[number]
            indent = len(line) - len(line.lstrip(" "))
            if indent != column or line[column : column + 1] in ("#", "\n", ""):
                continue
            if start is not None:
                return start, number
            name = line[column:].split(":", 1)[0].strip().strip("'\"")
            if name == key:
                start = number
        if start is None:
            raise NotSpliceableError(f"{key} not found line by line")
        return start, region.end

    def top(self, key: str) -> Any:
        """A round-trip mapping holding the top-level `key` (and only it), to change it."""
        if key not in self.sections:
            raise NotSpliceableError(f"no top-level {key} to change")
        region = self._region(key, None)
        if region.root is None:
            text = self.lines.text(region.start, region.end)
            region.rt, region.root = self._load(text)
        return region.root

    def extend(self, section: str, items: list[dict[str, Any]]) -> None:
        """Add items (plain data, as they are to read back) after a section's last item.

        No round-trip values are built: the new items' text is written straight from the
        plain data when the splice is rendered (`emit.items_text`).
        """
        if not items:
            return
        region = self._region(section, len(self._items(section)) - 1)
        if region.appended is None:
            region.appended = []
        region.appended.extend(items)

    def append_new(self, key: str, item: dict[str, Any], banner: str = "") -> None:
        """Add an item (plain data) to a new top-level list written at the end of the file.

        `banner` is the comment written above it (its lines, without the `#`).
        """
        if key in self.sections or any(k in self.sections for k in _after(key)):
            raise NotSpliceableError(f"{key} would not be the last section")
        self.new_sections.setdefault(key, (banner, []))[1].append(item)

    def remove(self, section: str, indices: list[int]) -> None:
        """Remove items of a top-level list by position."""
        items = self._items(section)
        for index in indices:
            if (section, index) in self.regions:
                raise NotSpliceableError("an item both removed and changed")
            if index + 1 == len(items):
                raise NotSpliceableError(
                    "removing the last item (its comments hold the next banner)"
                )
            region = _Region(items[index], items[index + 1], "", removed=True)
            self.regions[(section, index)] = region

    # --- the result ---------------------------------------------------------------------

    def _content_end(self, start: int, end: int) -> int:
        """The line after the last line of [start, end) that is not blank or a comment."""
        for number in range(end - 1, start - 1, -1):
            stripped = self.lines[number].strip()
            if stripped and not stripped.startswith("#"):
                return number + 1
        return start + 1

    def _item_lines(self, region: _Region) -> list[str]:
        """The new lines of a changed list item (and of the items appended after it)."""
        lines = self.lines[region.start : region.end]
        cut = len(region.header) + len(self.lines[region.start])
        # Later keys first, so that earlier line numbers stay right.
        changes: list[tuple[int, int, str]] = []
        for key, root in region.keys.items():
            new = roundtrip.dump(region.rt, root)[cut:]
            if key in region.after:
                previous = region.after[key]
                if previous and previous[-1] != region.first_key:
                    at = self._content_end(*self._key_lines(region, previous[-1]))
                else:
                    at = region.start + 1
                changes.append((at, at, new))
            else:
                changes.append((*self._key_lines(region, key), new))
        if region.appended:
            # Marks where the new items go; a key added at the same line goes before them.
            at = self._content_end(region.start, region.end)
            changes.append((at, at, _APPENDED))
        order = sorted(changes, key=lambda c: (c[0], c[1], c[2] is _APPENDED), reverse=True)
        for start, end, new in order:
            lines[start - region.start : end - region.start] = [new]
        return lines

    def _appended_texts(self, region: _Region, items: list[dict[str, Any]]) -> list[str]:
        """The text of each item appended after a list's last item (from plain data)."""
        first = self.lines[region.start]
        column = len(first) - len(first.lstrip(" "))
        texts = emit.item_texts(
            items, self.layout, column, quoted=self.quoted, flow_items=self.flow_items
        )
        if texts is None:
            raise NotSpliceableError("an appended item holds a value written another way")
        return texts

    def _written(
        self, region: _Region, head: str, tail: str, file: str
    ) -> tuple[list[str], dict[str, Any]]:
        """The text of the items appended to a list, each read back as exactly its data.

        The items are written and read back a thousand at a time (each piece in its
        section's context, the first with the item before it and the last with the lines
        after it), so no table of positions for all of them is ever held. A long list is
        shared in chunks with copies of this process, on a machine with processors to spare.
        The data returned holds the plain items themselves, not a second copy read back.
        """
        section = region.header.rstrip()[:-1]
        items = region.appended or []
        count = len(items)

        def write(first: int, last: int) -> tuple[list[str], list[Any]]:
            texts: list[str] = []
            before: list[Any] = []
            for start in range(first, last, _READ_BACK):
                end = min(start + _READ_BACK, last)
                wanted = items[start:end]
                piece = self._appended_texts(region, wanted)
                lead = head if start == 0 else ""
                trail = tail if end >= count else ""
                text = region.header + lead + "".join(piece) + trail
                data = parse_yaml(text, file, positions=False).data
                got = (
                    data.get(section)
                    if isinstance(data, dict) and list(data) == [section]
                    else None
                )
                if not isinstance(got, list):
                    raise NotSpliceableError("appended items did not read back as a list")
                if start == 0:
                    before, got = got[: len(got) - len(wanted)], got[len(got) - len(wanted) :]
                if got != wanted:
                    raise NotSpliceableError("an appended item did not read back as itself")
                texts.extend(piece)
            return texts, before

        texts: list[str] = []
        before: list[Any] = []
        for piece, lead in in_chunks(count, write):
            texts.extend(piece)
            before = before or lead
        return texts, {section: [*before, *items]}

    def render(self, file: str) -> tuple[str, dict[str, Any]]:
        """The new text, and the file's new data put together from the changed regions."""
        if not self.regions and not self.new_sections:
            raise NotSpliceableError("nothing changed region by region")
        out: list[str] = []
        parsed: dict[tuple[str, int | None], Any] = {}
        position = 0
        for key, region in sorted(self.regions.items(), key=lambda kv: kv[1].start):
            out.append(self.lines.text(position, region.start))
            position = region.end
            if region.removed:
                continue
            if key[1] is None:
                if region.root is None:
                    out.append(self.lines.text(region.start, region.end))
                    continue
                text = roundtrip.dump(region.rt, region.root)
            else:
                if not region.keys and not region.appended:
                    out.append(self.lines.text(region.start, region.end))
                    continue
                lines = self._item_lines(region)
                if region.appended:
                    at = next(n for n, line in enumerate(lines) if line is _APPENDED)
                    head, tail = "".join(lines[:at]), "".join(lines[at + 1 :])
                    texts, parsed[key] = self._written(region, head, tail, file)
                    out.append(head)
                    out.extend(texts)
                    out.append(tail)
                    continue
                text = "".join(lines)
            out.append(text)
            parsed[key] = parse_yaml(region.header + text, file, positions=False).data
        out.append(self.lines.text(position, len(self.lines)))
        last = next((piece for piece in reversed(out) if piece), "")
        if last and not last.endswith("\n"):
            out.append("\n")
        for name, (banner, items) in self.new_sections.items():
            written = emit.item_texts(
                items, self.layout, self.layout[2], quoted=self.quoted, flow_items=self.flow_items
            )
            if written is None:
                raise NotSpliceableError("a new item holds a value written another way")
            comment = "".join(f"# {line}\n" if line else "\n" for line in banner.split("\n"))
            text = f"{comment if banner else ''}{name}:\n{''.join(written)}"
            out.append(text)
            parsed[(name, -1)] = parse_yaml(text, file, positions=False).data
        return "".join(out), self._data(parsed)

    def _data(self, parsed: dict[tuple[str, int | None], Any]) -> dict[str, Any]:
        """The whole file's data: what was read, with each changed region as read back."""
        data = dict(self.plain)
        changed_lists = {k[0] for k in parsed if k[1] is not None and k[1] >= 0}
        changed_lists |= {k[0] for k, region in self.regions.items() if region.removed}
        for section in changed_lists:
            new: list[Any] = []
            for index, item in enumerate(self.plain[section]):
                key = (section, index)
                if key in self.regions and self.regions[key].removed:
                    continue
                if key in parsed:
                    got = parsed[key]
                    if not isinstance(got, dict) or not isinstance(got.get(section), list):
                        raise NotSpliceableError("a changed item did not read back as a list item")
                    new.extend(got[section])
                else:
                    new.append(item)
            data[section] = new
        for (section, position), got in parsed.items():
            if position is None or position == -1:
                if not isinstance(got, dict) or list(got) != [section]:
                    raise NotSpliceableError("a changed section did not read back as itself")
                data[section] = got[section]
        return data


def _after(key: str) -> list[str]:
    from reviewkit.model import Case

    order = list(Case.model_fields)
    return order[order.index(key) + 1 :] if key in order else []


class _Lines:
    """A text's lines (line ends kept, as `str.splitlines` cuts them), by their offsets.

    Reads like the list of lines: one line, a slice, the count; `text(a, b)` is lines a to b
    as one string, cut straight from the text.
    """

    def __init__(self, text: str, lines: list[str]) -> None:
        self._text = text
        self._starts = array("q", itertools.accumulate(map(len, lines), initial=0))

    def __len__(self) -> int:
        return len(self._starts) - 1

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            start, stop, _ = index.indices(len(self))
            return [self[number] for number in range(start, stop)]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._text[self._starts[index] : self._starts[index + 1]]

    def text(self, start: int, end: int) -> str:
        """Lines `start` to `end` (not included), as one string."""
        end = min(end, len(self))
        if start >= end:
            return ""
        return self._text[self._starts[start] : self._starts[end]]


def _scan(lines: list[str]) -> dict[str, _Section]:
    """Top-level keys by line, and the first line of each item of their block lists."""
    sections: dict[str, _Section] = {}
    current: _Section | None = None
    dash: int | None = None
    for number, line in enumerate(lines):
        first = line[:1]
        if first in ("", " ", "\t", "#", "\n", "\r") or line.startswith("- "):
            if current is not None and line.lstrip(" ").startswith("- ") or line == "-\n":
                indent = len(line) - len(line.lstrip(" "))
                if dash is None:
                    dash = indent
                if indent == dash and current is not None:
                    current.items.append(number)
            continue
        if line.startswith(("---", "...", "%", "-")):
            raise NotSpliceableError("document markers or directives")
        if current is not None:
            current.end = number
        key = line.split(":", 1)[0].strip().strip("'\"")
        if key in sections or ":" not in line:
            raise NotSpliceableError("a top-level line that is not a plain key")
        current = _Section(number, len(lines))
        sections[key] = current
        dash = None
    return sections


__all__ = ["Splice"]
