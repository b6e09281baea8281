"""Cut a long case file's text at the items of its long top-level lists, to parse them apart.

A large case file is mostly one block list (`events:`), thousands of items long. Its text is
cut into the rest of the file, with each long list's items replaced by one placeholder item,
and the items' own text, each list's items starting at lines whose dash is in the list's
column. `read.parse_yaml` parses the rest and runs of items apart (on spare processors) and
puts the data together; it keeps that data only where the parses prove the cut was where
the whole text's parse would have put the items (see `Cut`), and parses the whole text
otherwise. Only the text is read here: no YAML is parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

SPLIT_MIN_CHARS = 1024 * 1024  # a shorter text is parsed whole: copies cost more than they save

# A top-level key whose value is on the lines below it: plain text, a colon, maybe a comment.
_KEY_LINE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*):[ ]*(?:#[^\r\n]*)?\r?\n")
_DASH = re.compile(r"( *)-(?:[ \r\n]|\Z)")  # a line holding a block list's item (its dash)
# Lines YAML reads differently from "\n"-ended lines of spaces: other line breaks, a tab in
# the indentation. Such a text is not cut.
_ODD_BREAKS = ("\x85", "\u2028", "\u2029")
_TAB_INDENT = re.compile(r"(?:\A|\n) *\t")


@dataclass(frozen=True)
class Items:
    """One long top-level block list of a text: where its items are."""

    key: str
    placeholder: str  # the only item the list has in `Cut.rest`
    starts: tuple[int, ...]  # where each item's line starts in the text, and the list's end

    def piece(self, text: str, first: int, last: int) -> str:
        """Items first..last-1 as a text of their own: the key, then their lines."""
        return f"{self.key}:\n{text[self.starts[first] : self.starts[last]]}"


@dataclass(frozen=True)
class Cut:
    """A text cut at the items of its long top-level block lists.

    The whole text's data is `rest`'s data with each list's placeholder item replaced by
    the items of its pieces, where three things hold, each checked on the data parsed:
    `rest` has every placeholder as the only item of its key's list (so the text before
    each list leaves the parser where the whole text's parse begins its items, the list's
    key being a top-level key and its dash column the list's); every piece parses to its
    key's list with exactly as many items as it has dash lines (so no dash line was inside a
    quoted or flowing value: a piece cut there would end inside it and fail to parse, and
    one holding such a line would have an item fewer); and the text after each list starts
    at column 0 (so it goes on in the top-level mapping, as after the placeholder). No part
    may hold an anchor (an alias in one part could name an anchor in another), and every
    refusal of the builder in any part has the whole text parsed, to be raised from there.
    """

    rest: str
    lists: tuple[Items, ...]


def cut(text: str, *, min_list: int) -> Cut | None:
    """The text cut at the items of its top-level block lists of `min_list` characters or more.

    None where there is no such list, or the text has anything that would make a line in it
    other than a line to YAML (other line breaks, a lone carriage return, a tab in the
    indentation, a byte order mark): such a text is parsed whole.
    """
    if text.startswith("\ufeff") or any(mark in text for mark in _ODD_BREAKS):
        return None
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return None
    if "\t" in text and _TAB_INDENT.search(text):
        return None
    lists: list[Items] = []
    kept: list[str] = []  # the text of `rest`, in order
    done = 0  # where the text not yet in `kept` starts
    at: int | None = 0
    token = _token(text)
    while at is not None:
        found = _list_at(text, at, min_list)
        if found is None:
            at = _next_top_line(text, at)
            continue
        if found == "odd":
            return None
        key, column, starts = found
        placeholder = f"{token}{len(lists)}"
        end = starts[-1]
        kept.append(text[done : starts[0]])
        kept.append(f"{' ' * column}- {placeholder}\n")
        done = end
        lists.append(Items(key, placeholder, starts))
        at = end if end < len(text) else None
    if not lists:
        return None
    kept.append(text[done:])
    return Cut("".join(kept), tuple(lists))


def _token(text: str) -> str:
    """A plain word found nowhere in the text, to mark where each list's items were."""
    token = "reviewkit_cut_"
    while token in text:
        token += "x"
    return token


def _next_top_line(text: str, at: int) -> int | None:
    """Where the next line after `at` with something at column 0 starts (None: no more)."""
    found = _top_line(0).search(text, at)
    return found.start() + 1 if found else None


def _list_at(
    text: str, at: int, min_list: int
) -> tuple[str, int, tuple[int, ...]] | Literal["odd"] | None:
    """The key, dash column and item starts of a long block list whose key is at `at`.

    None where the line at `at` is no such key (or its list is short); "odd" where it is,
    but the list ends at a line that is not at column 0 (the text is parsed whole).
    """
    key = _KEY_LINE.match(text, at)
    if key is None:
        return None
    first = key.end()
    while True:  # blank and comment lines between the key and its first item
        end = text.find("\n", first)
        line = text[first : len(text) if end == -1 else end].lstrip(" ")
        if line not in ("", "\r") and not line.startswith("#"):
            break
        if end == -1:
            return None
        first = end + 1
    dash = _DASH.match(text, first)
    if dash is None:
        return None
    column = len(dash[1])
    stop = _top_line(column).search(text, first)
    last = len(text) if stop is None else stop.start() + 1
    if last - first < min_list:
        return None
    if last < len(text) and text[last] == " ":
        return "odd"  # an item's line less indented than its dash: an error to YAML, or worse
    starts = [first]
    needle = "\n" + " " * column + "-"
    found = text.find(needle, first, last)
    while found != -1:
        after = found + len(needle)
        if text[after : after + 1] in (" ", "\n", "\r", ""):
            starts.append(found + 1)
        found = text.find(needle, after, last)
    starts.append(last)
    return key[1], column, tuple(starts)


@cache
def _top_line(column: int) -> re.Pattern[str]:
    """A line that ends a block list whose dashes are at `column` (from its "\\n").

    Something other than a comment, less indented than the dashes, or as indented but not an
    item. (A plain "\\n" first lets the search skip from line to line, as "^" cannot.)
    """
    less = f" {{0,{column - 1}}}[^ #\\r\\n]|" if column else ""
    return re.compile(f"\\n(?:{less} {{{column}}}(?!-[ \\r\\n]|-\\Z)[^ #\\r\\n])")
