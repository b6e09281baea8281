"""The YAML text of new list items, written straight from plain data.

An import appends thousands of events to a case file. Building ruamel.yaml round-trip values
for each, and then PyYAML nodes for libyaml's emitter, cost more than reading the whole case.
Here each item's text is written directly, in the styles the round-trip helpers use
(`reviewkit.casefile.edit.node`): `|` blocks for text of several lines, double quotes for
dates, times and fingerprints and for any text YAML would misread, flow lists of ids and
flow mappings for provenance. The rules are deliberately narrow: whatever they are not sure
of is double-quoted with escapes, and anything other than text, numbers, yes/no, lists and
mappings makes `item_texts` return None (the caller then writes the items another way).
The caller reads the text back and compares it with the data before anything is saved.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from reviewkit.errors import NotSpliceableError

_STR = "tag:yaml.org,2002:str"
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# Characters YAML cannot hold as they are (PyYAML's reader refuses them, or reads them as line
# breaks): written as escapes inside double quotes.
_UNPRINTABLE = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff"
_ESCAPE = re.compile(f'[\\\\"\\t\\n\\r{_UNPRINTABLE}]')
# Plain text in a block mapping: no indicator first, no tab or line break, no space last.
_PLAIN = re.compile(f"[^\\s\\-?:,\\[\\]{{}}#&*!|>'\"%@`.][^\\t\\n\\r{_UNPRINTABLE}]*(?<! )\\Z")
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")
_LITERAL_UNSAFE = re.compile(f"[\\t\\r{_UNPRINTABLE}]|[ ]\n|^[ \n]|\n\\Z|[ ]\\Z")
_NAMED = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_WIDTH = 80  # flow lists longer than this go on several lines
_RESOLVER: Any = yaml.resolver.Resolver()  # PyYAML's, as the C loader resolves
# The first characters PyYAML's implicit resolvers look at: plain text starting with any
# other character is read as text without asking (None: ask every time).
_RESOLVED_FIRST: frozenset[str] | None = (
    None
    if None in _RESOLVER.yaml_implicit_resolvers or _RESOLVER.yaml_path_resolvers
    else frozenset(_RESOLVER.yaml_implicit_resolvers)
)


def item_texts(
    items: list[dict[str, Any]],
    layout: tuple[int, int, int],
    column: int,
    *,
    quoted: frozenset[str] = frozenset(),
    flow_items: frozenset[str] = frozenset(),
) -> list[str] | None:
    """The text of each of `items` as a block list item whose dash is at `column`.

    `layout` is the file's (mapping indent, sequence indent, dash offset); `quoted` names the
    keys whose text is always double-quoted, `flow_items` the keys whose lists of mappings are
    written one mapping a line, inline. None when an item holds something not written here.
    """
    mapping, sequence, offset = layout
    if sequence - offset < 2:
        return None
    writer = _Writer(mapping, sequence, offset, quoted, flow_items)
    texts: list[str] = []
    try:
        for item in items:
            if not isinstance(item, dict) or not item:
                return None
            out: list[str] = []
            writer.mapping_lines(item, column + sequence - offset, out, dash=column)
            texts.append("".join(out))
    except NotSpliceableError:
        return None
    return texts


class _Writer:
    """Writes plain values as block YAML lines (see `item_texts`)."""

    def __init__(
        self,
        mapping: int,
        sequence: int,
        offset: int,
        quoted: frozenset[str],
        flow_items: frozenset[str],
    ) -> None:
        self.mapping, self.sequence, self.offset = mapping, sequence, offset
        self.quoted, self.flow_items = quoted, flow_items

    def mapping_lines(
        self, item: dict[str, Any], column: int, out: list[str], *, dash: int | None = None
    ) -> None:
        """A block mapping with keys at `column` (the first on a dash at `dash`, if given)."""
        for key, value in item.items():
            if not isinstance(key, str) or not _KEY.match(key):
                raise NotSpliceableError(key)
            if dash is not None:
                lead = " " * dash + "-" + " " * (column - dash - 1)
                dash = None
            else:
                lead = " " * column
            self.value_lines(lead + key + ":", key, value, column, out)

    def value_lines(self, lead: str, key: str, value: Any, column: int, out: list[str]) -> None:
        """`lead` (a key and its colon) and the value, on as many lines as it takes."""
        if isinstance(value, dict):
            if not value:
                raise NotSpliceableError(key)
            out.append(lead + "\n")
            self.mapping_lines(value, column + self.mapping, out)
        elif isinstance(value, list):
            if not value or not any(isinstance(v, dict | list) for v in value):
                parts = [self.scalar(v, "", flow=True) for v in value]
                out.append(_wrapped(f"{lead} [", parts, " " * (column + self.mapping)) + "]\n")
                return
            out.append(lead + "\n")
            dash = column + self.offset
            for element in value:
                if isinstance(element, dict) and key in self.flow_items:
                    out.append(" " * dash + "- " + self.flow_mapping(element) + "\n")
                elif isinstance(element, dict) and element:
                    self.mapping_lines(element, column + self.sequence, out, dash=dash)
                else:
                    raise NotSpliceableError(key)
        elif isinstance(value, str) and "\n" in value and key not in self.quoted:
            body = value[:-1]
            if not body or _LITERAL_UNSAFE.search(body) or not value.endswith("\n"):
                out.append(f"{lead} {_double_quoted(value)}\n")
                return
            pad = " " * (column + self.mapping)
            block = "".join(pad + line + "\n" if line else "\n" for line in body.split("\n"))
            out.append(f"{lead} |\n{block}")
        else:
            out.append(f"{lead} {self.scalar(value, key, flow=False)}\n")

    def flow_mapping(self, value: dict[str, Any]) -> str:
        """`{key: value, ...}` on one line."""
        parts = []
        for key, item in value.items():
            if not isinstance(key, str) or not _KEY.match(key):
                raise NotSpliceableError(key)
            parts.append(f"{key}: {self.scalar(item, key, flow=True)}")
        return "{" + ", ".join(parts) + "}"

    def scalar(self, value: Any, key: str, *, flow: bool) -> str:
        """One scalar as YAML text that reads back as exactly `value`."""
        if value is True or value is False:
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if value is None:
            return "null"
        if not isinstance(value, str):
            raise NotSpliceableError(key)
        if key not in self.quoted and _plain(value, flow=flow):
            return value
        return _double_quoted(value)


def _wrapped(first: str, parts: list[str], pad: str) -> str:
    """`first` and the comma-separated parts, in lines of about `_WIDTH` (each after `pad`).

    A long list (an import's thousands of row fingerprints) stays readable in an editor.
    """
    lines: list[str] = []
    line = first
    for number, part in enumerate(parts):
        piece = part + ("," if number + 1 < len(parts) else "")
        if line not in (first, pad) and len(line) + 1 + len(piece) > _WIDTH:
            lines.append(line)
            line = pad + piece
        else:
            line += piece if line in (first, pad) else " " + piece
    lines.append(line)
    return "\n".join(lines)


def _plain(text: str, *, flow: bool) -> bool:
    """True when `text` reads back as itself, as text, written without quotes."""
    if not _PLAIN.match(text) or ": " in text or " #" in text or text.endswith(":"):
        return False
    if flow and _FLOW_UNSAFE.search(text):
        return False
    if _RESOLVED_FIRST is not None and text[0] not in _RESOLVED_FIRST:
        return True
    return bool(_RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR)


def _double_quoted(text: str) -> str:
    """`text` in double quotes, with every character YAML would not keep escaped."""
    return '"' + _ESCAPE.sub(_escape, text) + '"'


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02X}"
    return f"\\u{code:04X}"


__all__ = ["item_texts"]
