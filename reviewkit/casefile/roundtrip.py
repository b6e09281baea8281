"""Edit a hand-written YAML file in place, keeping its comments, key order and layout.

ruamel.yaml's round-trip mode keeps comments by hanging them on the node before them. That
is right until something is added after that node: a section's trailing comment (say the
`# --- Themes ---` banner that follows the last episode) would end up above the new entry.
The helpers here move such trailing comments so that new keys and entries land where a
person would have typed them. ruamel is imported lazily: only commands that change a case
file need it.
"""

from __future__ import annotations

import copy
import difflib
import io
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import yaml as pyyaml

if TYPE_CHECKING:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

_STR_TAG = "tag:yaml.org,2002:str"
# The C loader when PyYAML has it: text_value runs for every value an import writes.
_Loader: Any = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)

# (mapping indent, sequence indent, dash offset) layouts tried when the guess does not
# reproduce the file exactly; the one that changes the fewest lines wins.
_LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (4, 2, 0), (3, 3, 1))


def load(text: str, *, layout: tuple[int, int, int] | None = None) -> tuple[YAML, Any, int]:
    """Parse YAML text for round-trip editing.

    Returns the configured dumper, the data, and how many lines a plain dump would change
    (0 when the file's layout is reproduced exactly). `layout` is tried first (the whole
    file's, when `text` is a part of it that may not show every indentation).
    """
    layouts = _candidate_layouts(text)
    if layout is not None:
        layouts = [layout, *(other for other in layouts if other != layout)]
    # Indentation only affects writing, so one parse serves every layout tried.
    data = _yaml(*layouts[0]).load(text)
    best: tuple[int, YAML] | None = None
    for layout in layouts:
        rt = _yaml(*layout)
        changed = changed_lines(text, dump(rt, data))
        if best is None or changed < best[0]:
            best = (changed, rt)
        if changed == 0:
            break
    assert best is not None
    return best[1], data, best[0]


def dump(rt: YAML, data: Any) -> str:
    """The YAML text of round-trip data."""
    out = io.StringIO()
    rt.dump(data, out)
    return out.getvalue()


def guess_layout(text: str) -> tuple[int, int, int]:
    """The (mapping indent, sequence indent, dash offset) a YAML text uses."""
    return _guess_layout(text)


def dumper(layout: tuple[int, int, int]) -> YAML:
    """A round-trip dumper writing with `layout` (see `guess_layout`)."""
    return _yaml(*layout)


def _yaml(mapping: int, sequence: int, offset: int) -> YAML:
    from ruamel.yaml import YAML

    rt = YAML()  # round-trip mode
    rt.preserve_quotes = True
    rt.width = 4096  # never re-wrap the author's long lines
    rt.indent(mapping=mapping, sequence=sequence, offset=offset)
    return rt


def _candidate_layouts(text: str) -> list[tuple[int, int, int]]:
    guessed = _guess_layout(text)
    return [guessed, *(layout for layout in _LAYOUTS if layout != guessed)]


# A line whose last character but blanks is a colon: only such a line can open a block.
_OPENS = re.compile(r":[^\S\n]*$", re.MULTILINE)


def _guess_layout(text: str) -> tuple[int, int, int]:
    """Indentation as the file uses it: nested keys, and dashes of block sequences."""
    mapping = sequence = offset = None
    # The lines that end in a colon, each with the next line that is not blank or a comment
    # (found by a search, not line by line: a file whose lists start at their key's indent
    # holds no answer for the dashes, so every line of it would be read).
    for above, line in _openings(text):
        above_indent = len(above) - len(above.lstrip(" "))
        indent = len(line) - len(line.lstrip(" "))
        if indent <= above_indent:
            continue
        body = line.lstrip(" ")
        if body.startswith("- ") and sequence is None:
            offset = indent - above_indent
            rest = body[2:]
            sequence = offset + 2 + (len(rest) - len(rest.lstrip(" ")))
        elif not body.startswith("-") and mapping is None and not above.lstrip().startswith("- "):
            mapping = indent - above_indent
        if mapping is not None and sequence is not None:
            break
    mapping = mapping or 2
    if sequence is None or offset is None:
        sequence, offset = mapping + 2, mapping
    return mapping, max(sequence, offset + 2), offset


def _openings(text: str) -> Iterator[tuple[str, str]]:
    """(line, next line) for each line, not a comment, ending in a colon; blank lines and
    comments between them skipped; line ends (CR too) not included."""
    for match in _OPENS.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        above = text[start : match.start() + 1]
        if above.lstrip().startswith("#"):
            continue
        at = match.end() + 1
        while at < len(text):
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            line = text[at:end].rstrip("\r")
            if line.strip() and not line.lstrip().startswith("#"):
                yield above, line
                break
            at = end + 1


def changed_lines(before: str, after: str) -> int:
    """How many lines differ between two texts (added plus removed)."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return sum(1 for ln in diff if ln[:1] in "+-" and not ln.startswith(("+++", "---")))


# --- values ---------------------------------------------------------------------------------


def is_block_scalar(value: Any) -> bool:
    """True for a `|` or `>` block scalar."""
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    return isinstance(value, LiteralScalarString | FoldedScalarString)


def text_value(text: str, *, old: Any = None) -> Any:
    """The round-trip scalar for an answer, in the style a person would expect.

    Multi-line text becomes a `|` block scalar; so does any text replacing a block scalar.
    A one-line answer keeps the old value's quotes, and is quoted whenever YAML would
    otherwise read it as something other than text (`yes`, `12`, `2019-03-14`).
    """
    from ruamel.yaml.scalarstring import (
        DoubleQuotedScalarString,
        LiteralScalarString,
        SingleQuotedScalarString,
    )

    if "\n" in text or is_block_scalar(old):
        return LiteralScalarString(text + "\n")
    if isinstance(old, SingleQuotedScalarString) and "\\" not in text:
        return SingleQuotedScalarString(text)
    if isinstance(old, DoubleQuotedScalarString) or not _reads_back_as_text(text):
        return DoubleQuotedScalarString(text)
    return text


def _reads_back_as_text(text: str) -> bool:
    """True when PyYAML (YAML 1.1, which reviewkit reads with) sees `text` as plain text."""
    try:
        node = pyyaml.compose(f"k: {text}\n", Loader=_Loader)
    except pyyaml.YAMLError:
        return False
    if not isinstance(node, pyyaml.MappingNode) or len(node.value) != 1:
        return False
    value = node.value[0][1]
    return isinstance(value, pyyaml.ScalarNode) and value.tag == _STR_TAG and value.value == text


# --- editing --------------------------------------------------------------------------------


def set_key(mapping: CommentedMap, key: str, value: Any, *, after: list[str]) -> None:
    """Set `mapping[key]`; a new key goes after the last of `after` present, else at the end.

    `after` lists the keys that come before `key` in the model's order, so a new answer
    lands where the starter case file would have it.
    """
    if mapping.fa.flow_style() and isinstance(value, str) and "\n" in value:
        mapping.fa.set_block_style()  # a block scalar cannot sit inside {...}
    if key in mapping:
        old = mapping[key]
        mapping[key] = value
        _fit_comment(mapping, key, old, value)
        return
    keys = list(mapping)
    present = [k for k in after if k in mapping]
    position = keys.index(present[-1]) + 1 if present else len(keys)
    if position >= len(keys):
        rest = take_trailing(mapping) if keys else ""
        mapping[key] = value
        give_trailing(mapping, rest)
    else:
        mapping.insert(position, key, value)


def insert_top_level(root: CommentedMap, key: str, value: Any, *, after: list[str]) -> None:
    """Add a new top-level section, keeping banner comments with the section they introduce."""
    keys = list(root)
    present = [k for k in after if k in root]
    position = keys.index(present[-1]) + 1 if present else len(keys)
    if position >= len(keys):
        rest = take_trailing(root, keep_blank=True) if keys else ""
        root[key] = value
        give_trailing(root, rest)
        return
    # The comment after the previous section introduces the next one: move it below ours.
    previous = _Subtree(root, keys[position - 1]) if position else None
    rest = take_trailing(previous, keep_blank=True) if previous else ""
    root.insert(position, key, value)
    give_trailing(_Subtree(root, key), rest)


def append_item(seq: CommentedSeq, item: Any) -> None:
    """Append to a block sequence, keeping the comment that followed its last item after it."""
    rest = take_trailing(seq) if len(seq) else ""
    seq.append(item)
    give_trailing(seq, rest)


class _Subtree:
    """One key of a mapping, treated as the whole of what follows it (for trailing comments)."""

    def __init__(self, mapping: CommentedMap, key: str) -> None:
        self.mapping = mapping
        self.key = key


def _last_holders(node: Any) -> list[tuple[Any, Any, int]]:
    """(container, key, comment slot) from `node` down to its last leaf, outermost first."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    holders: list[tuple[Any, Any, int]] = []
    current = node
    if isinstance(node, _Subtree):
        holders.append((node.mapping, node.key, 2))
        current = node.mapping[node.key]
    while isinstance(current, CommentedMap | CommentedSeq) and len(current):
        if _is_flow(current):
            break
        if isinstance(current, CommentedMap):
            key: Any = list(current)[-1]
            holders.append((current, key, 2))
        else:
            key = len(current) - 1
            holders.append((current, key, 0))
        current = current[key]
    return holders


def _is_flow(node: Any) -> bool:
    return bool(node.fa.flow_style())


def _value_is_block(container: Any, key: Any) -> bool:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    value = container[key]
    if is_block_scalar(value):
        return True
    return isinstance(value, CommentedMap | CommentedSeq) and len(value) > 0 and not _is_flow(value)


def take_trailing(node: Any, *, keep_blank: bool = False) -> str:
    """Remove and return the comment lines (and blank lines) that follow `node`.

    An end-of-line comment stays where it is. With `keep_blank`, one blank line stays too,
    so sections remain separated.
    """
    holders = _last_holders(node)
    rest = ""
    # Text order after the last leaf: its own comment token, then the end comments of each
    # enclosing collection from the innermost out.
    for depth, (container, key, slot) in reversed(list(enumerate(holders))):
        rest += _take_item_comment(container, key, slot)
        if depth == 0 and isinstance(node, _Subtree):
            continue  # the mapping holding the subtree goes on after it
        end = getattr(container.ca, "end", None)
        if end:
            rest += "".join(token.value for token in end)
            container.ca.end = []
    if keep_blank and rest.startswith("\n"):
        give_trailing(node, "\n")
    return rest


def _take_item_comment(container: Any, key: Any, slot: int) -> str:
    entry = container.ca.items.get(key)
    token = entry[slot] if entry and len(entry) > slot else None
    if token is None:
        return ""
    if _value_is_block(container, key):
        entry[slot] = None
        return str(token.value)
    # the first line of a plain value's comment token ends that value's own line
    own, _, rest = str(token.value).partition("\n")
    if own.strip():
        token.value = own + "\n"
    else:
        entry[slot] = None
    return rest


def give_trailing(node: Any, rest: str) -> None:
    """Hang `rest` (from `take_trailing`) after the last line of `node`."""
    if not rest:
        return
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    holders = _last_holders(node)
    if not holders:
        return
    container, key, slot = holders[-1]
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    while len(entry) <= slot:
        entry.append(None)
    existing = entry[slot]
    if _value_is_block(container, key):
        value = (existing.value if existing else "") + rest
    else:
        own = existing.value.partition("\n")[0] if existing else ""
        value = own + "\n" + rest
    column = existing.column if existing is not None and not value.startswith("\n") else 0
    entry[slot] = CommentToken(value, start_mark=CommentMark(column))


def _fit_comment(mapping: CommentedMap, key: str, old: Any, new: Any) -> None:
    """Keep a key's end-of-line comment on its line when the value becomes a block scalar.

    `known:   # what was known` turned into a block would otherwise leave the comment
    dangling under the text; it belongs after the `|`.
    """
    entry = mapping.ca.items.get(key)
    if not entry or not is_block_scalar(new) or is_block_scalar(old):
        return
    token = entry[2] if len(entry) > 2 else None
    if token is None or token.value.startswith("\n"):
        if token is not None:
            token.value = token.value[1:]  # the line break was the old value's own
            if not token.value:
                entry[2] = None
        return
    own, _, rest = token.value.partition("\n")
    line, column = mapping.lc.key(key)
    start = column + len(str(key)) + len(": |")
    pad = max(2, token.column - start)
    while len(entry) < 4:
        entry.append(None)
    entry[3] = [" " * pad + own.strip()]
    if rest:
        new_token = copy.copy(token)
        new_token.value = rest
        entry[2] = new_token
    else:
        entry[2] = None
