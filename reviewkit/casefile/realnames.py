"""People's real names written in a case file's free text: found, located, replaced.

Agencies write the names they know ("Reuben's mum", "JADE THORNTON"). The case file gives
each person a report name (`name`: a pseudonym or a relationship label) and keeps the real
name and aliases only to look for them. This module finds them in every free-text field with
the one name matcher (reviewkit/names.py), and says what each becomes: the person's report
name, fitted to the words around it ("Reuben's" -> "Child A's").

- `find_real_names(case)`: every real name or alias found, by field, in file order;
- `with_report_names(case)`: a copy of the case with each one replaced, and a `Notice` per
  field replaced (what every output is built from; the file itself is never changed here);
- `real_name_problems(case, doc, text)`: the hits as located warnings for `reviewkit check`.

Messages never hold the real name itself: they say whose name it is and which form
("the first name of Mother"), since they may be pasted into tickets and emails.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from reviewkit.casefile.modelcheck import format_path
from reviewkit.casefile.read import Path_, YamlDocument
from reviewkit.errors import Problem
from reviewkit.model import Case, field_paths
from reviewkit.names import SEPARATOR, NameHit, Vocabulary, people_vocabulary, replacement
from reviewkit.wording import join_and

if TYPE_CHECKING:
    from reviewkit.document import Notice  # the report's model: imported when a report is made

REAL_NAME = "real-name"  # Problem.code and Notice.code of a real name found in free text

_FIELDS = field_paths()
# Fields that hold names on purpose, or references to other files: never searched or changed.
_KEPT: frozenset[tuple[str, ...]] = frozenset(
    {
        ("people", "*", "name"),  # the report name itself
        ("agencies", "*", "name"),  # organisations' names: the anonymiser's business
        ("agencies", "*", "abbreviation"),
        ("review", "partnership"),
        ("events", "*", "provenance"),  # source files and records, as the agency named them
        ("anonymise",),  # the real names of places and professionals
    }
)


# An e-mail or web address holds names as part of itself: it is an identifier, not a name.
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b(?:https?://|www\.)\S+")


@dataclass(frozen=True)
class RealNameHit:
    """A real name or alias found in one free-text field, and what replaces it there."""

    path: Path_  # ("events", 4, "details")
    start: int  # offsets in the field's text
    end: int
    found: str  # the text as written: never printed
    replacement: str  # what it becomes: "Child A's"
    describe: str  # safe to print: "the first name of Child A"
    possessive: str = ""  # the "'s" written after it, kept by the replacement

    @property
    def where(self) -> str:
        """The field, as the case file's messages name it: 'events[4].details'."""
        return format_path(self.path)

    @property
    def message(self) -> str:
        """The warning `check` prints, without the real name itself."""
        return (
            f"{self.describe} is written here; write '{self.replacement}' instead, or run "
            "`reviewkit pseudonymise CASE`"
        )


def find_real_names(case: Case, vocab: Vocabulary | None = None) -> list[RealNameHit]:
    """Every real name or alias of a person written in the case's free text, in file order."""
    vocab = vocab or people_vocabulary(case)
    if not vocab.variants:
        return []
    found: list[RealNameHit] = []
    for path, text in free_text(case):
        found.extend(names_in(text, path, vocab))
    return found


def names_in_item(item: BaseModel, section: str, vocab: Vocabulary) -> list[RealNameHit]:
    """Every real name in one item of a list section (an imported event, say).

    Paths are relative to the item: ("details",).
    """
    return NameFinder(vocab).in_item(item, section)


_REMEMBERED = 200  # texts up to this long keep their hits in a NameFinder


class NameFinder:
    """Finds real names in many items of one case (an import's rows), each text searched once.

    What `names_in_item` finds, item by item; a short text met again (an agency's stock
    outcome, a time) reuses the names found the first time, since they depend on the text
    alone.
    """

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self._found: dict[str, tuple[NameHit, ...]] = {}
        self._described: dict[tuple[int, str], str] = {}  # (variant, title) -> its words

    def in_item(
        self, item: BaseModel, section: str, *, replacements: bool = True
    ) -> list[RealNameHit]:
        """Every real name in one item of a list section; paths relative to the item.

        Without `replacements` each hit's replacement is left blank: working out the words
        around every name costs a large import a tenth of its search, and its warnings show
        the replacement of only the first few.
        """
        found: list[RealNameHit] = []
        for path, text in _walk(item, (), (section, "*")):
            hits = self._found.get(text)
            if hits is None:
                hits = tuple(_name_hits(text, self.vocab))
                if len(text) <= _REMEMBERED:  # long texts (an entry's details) rarely recur
                    self._found[text] = hits
            for hit in hits:
                key = (id(hit.variant), hit.title)  # the words depend on these alone
                describe = self._described.get(key)
                if describe is None:
                    describe = self._described[key] = _describe(hit)
                found.append(
                    RealNameHit(
                        path,
                        hit.start,
                        hit.end,
                        text[hit.start : hit.end],
                        replacement(hit, text) if replacements else "",
                        describe,
                        hit.possessive,
                    )
                )
        return found


def names_in(text: str, path: Path_, vocab: Vocabulary) -> Iterator[RealNameHit]:
    """Every real name in one text (at `path`), with what replaces it there."""
    for hit in _name_hits(text, vocab):
        yield RealNameHit(
            path,
            hit.start,
            hit.end,
            text[hit.start : hit.end],
            replacement(hit, text),
            _describe(hit),
            hit.possessive,
        )


def _name_hits(text: str, vocab: Vocabulary) -> Iterator[NameHit]:
    """The names in one text used as names, outside e-mail and web addresses."""
    addresses = [m.span() for m in _ADDRESS.finditer(text)] if "@" in text or "//" in text else []
    for hit in vocab.find(text):
        if not _used_as_name(hit, text) or any(a <= hit.start < b for a, b in addresses):
            continue
        yield hit


def _used_as_name(hit: NameHit, text: str) -> bool:
    """False for a one-word name that is also a common word, where it starts a sentence.

    "Will the school ..." and "Rose steadily ..." are words; "Will Hale" and "said Will" are
    names (the matcher already requires the capital letter for such names).
    """
    if not hit.variant.caps_only or re.search(SEPARATOR, hit.variant.text.strip()):
        return True
    if hit.title:
        return True
    before = text[: hit.start].rstrip(" \t\"'\u201c\u2018(*_#>")
    return not (not before or before[-1] in ".!?:\n")


def _describe(hit: NameHit) -> str:
    """'the first name of Mother', 'an alias of Child A', 'a surname shared by A and B'."""
    form = hit.form
    if hit.owner is not None:
        if form.startswith("alias"):
            return f"an alias of {hit.owner.label}"
        return f"the {form} of {hit.owner.label}"
    owners = join_and([o.label for o in hit.candidates])
    return f"a {form} shared by {owners}"


# --- free text ------------------------------------------------------------------------------


def free_text(case: Case) -> Iterator[tuple[Path_, str]]:
    """(path, text) of every free-text value of the case, in file order.

    Identifiers, dates, the fields `anonymise` drops (real names, aliases) and the fields
    that hold names on purpose (a person's report name, an agency's name) are not free text.
    """
    # Section by section and item by item: a large case's texts are never all listed at once.
    for name, key, inner in _searched(type(case), ()):
        value = getattr(case, name)
        if value is None or _skipped(inner):
            continue
        if type(value) is list:
            each = (*inner, "*")
            for i, item in enumerate(value):
                yield from _walk(item, (key, i), each)
        else:
            yield from _walk(value, (key,), inner)


def _skipped(pattern: tuple[str, ...]) -> bool:
    return pattern in _KEPT or pattern in _FIELDS.identifiers or pattern in _FIELDS.dropped


# (model class, pattern) -> (attribute, key, pattern) of each field not skipped there
_SEARCHED: dict[
    tuple[type[BaseModel], tuple[str, ...]], list[tuple[str, str, tuple[str, ...]]]
] = {}


def _searched(
    model: type[BaseModel], pattern: tuple[str, ...]
) -> list[tuple[str, str, tuple[str, ...]]]:
    """The fields of a model class searched at `pattern`, worked out once per class and place.

    An import walks thousands of events: asking each one's fields again costs more than
    finding the names.
    """
    fields = _SEARCHED.get((model, pattern))
    if fields is None:
        fields = []
        for name, info in model.model_fields.items():
            key = info.alias or name
            if not _skipped((*pattern, key)):
                fields.append((name, key, (*pattern, key)))
        _SEARCHED[(model, pattern)] = fields
    return fields


def _walk(value: Any, path: Path_, pattern: tuple[str, ...]) -> list[tuple[Path_, str]]:
    """(path, text) of every free-text value in `value`, in order (see `free_text`)."""
    found: list[tuple[Path_, str]] = []
    _collect(value, path, pattern, found)
    return found


_NOT_TEXT = (bool, int, float)  # values that hold no text at all


def _collect(
    value: Any, path: Path_, pattern: tuple[str, ...], found: list[tuple[Path_, str]]
) -> None:
    # Appends rather than yields: a generator for each level re-yields every text of the
    # levels below it (an event's provenance is three levels down).
    if _skipped(pattern):
        return
    if isinstance(value, str):
        found.append((path, value))
    elif isinstance(value, BaseModel):
        for name, key, inner in _searched(type(value), pattern):
            item = getattr(value, name)
            kind = type(item)
            if kind is str:  # the common case, without a call of its own
                found.append(((*path, key), item))
            elif not (item is None or item == [] or kind in _NOT_TEXT):  # nothing to walk
                _collect(item, (*path, key), inner, found)
    elif isinstance(value, list):
        inner = (*pattern, "*")
        for i, item in enumerate(value):
            _collect(item, (*path, i), inner, found)
    elif isinstance(value, dict):
        inner = (*pattern, "*")
        for key, item in value.items():
            _collect(item, (*path, key), inner, found)


# --- report names in every output -----------------------------------------------------------


def with_report_names(case: Case) -> tuple[Case, list[Notice]]:
    """A copy of the case with every real name in free text replaced by the report name.

    Returns the case itself when there is nothing to replace. One Notice per field replaced
    says where the real name was and what is printed instead; the case file is not changed.
    """
    from reviewkit.document import Notice

    hits = find_real_names(case)
    if not hits:
        return case, []
    by_path: dict[Path_, list[RealNameHit]] = {}
    for hit in hits:
        by_path.setdefault(hit.path, []).append(hit)
    notices: list[Notice] = []
    copy: Any = case
    for path, found in by_path.items():
        copy = _replaced(copy, path, lambda text, found=found: replace_all(text, found))
        shown = sorted({f"'{h.replacement}'" for h in found})
        message = (
            f"a real name is printed as {shown[0]}"
            if len(shown) == 1 and len(found) == 1
            else f"real names are printed as {join_and(shown)}"
        )
        notices.append(Notice(message, where=format_path(path), code=REAL_NAME))
    assert isinstance(copy, Case)
    return copy, notices


def replace_all(text: str, hits: list[RealNameHit]) -> str:
    """The text with each hit (all from this text, in order) replaced."""
    out: list[str] = []
    last = 0
    for hit in hits:
        out.append(text[last : hit.start])
        out.append(hit.replacement)
        last = hit.end
    out.append(text[last:])
    return "".join(out)


def _replaced(value: Any, path: Path_, change: Any) -> Any:
    """A copy of `value` with the text at `path` changed; everything off the path is shared."""
    if not path:
        return change(value)
    head, rest = path[0], path[1:]
    if isinstance(value, BaseModel):
        name = next(n for n, info in type(value).model_fields.items() if (info.alias or n) == head)
        return value.model_copy(update={name: _replaced(getattr(value, name), rest, change)})
    if isinstance(value, list):
        assert isinstance(head, int)
        items = list(value)
        items[head] = _replaced(items[head], rest, change)
        return items
    if isinstance(value, dict):
        mapping = dict(value)
        mapping[head] = _replaced(mapping[head], rest, change)
        return mapping
    raise TypeError(f"cannot follow {head!r} into {type(value).__name__}")


# --- located warnings for `check` -----------------------------------------------------------


def real_name_problems(case: Case, doc: YamlDocument, text: str) -> list[Problem]:
    """Each real name in the case's free text as a warning located FILE:LINE:COL."""
    hits = find_real_names(case)
    if not hits:
        return []
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    located = _Locator(text, starts)
    problems = []
    for hit in hits:
        line, column = located.find(doc, hit, case)
        problems.append(
            Problem(doc.file, line, column, hit.where, hit.message, "warning", REAL_NAME)
        )
    return problems


def _escaped(word: str) -> str:
    """A pattern for a word as YAML may have written it ('' or \\' for an apostrophe)."""
    return "".join(
        r"(?:''|\\?['\u2019])" if char in "'\u2019" else re.escape(char) for char in word
    )


class _Locator:
    """Finds where in the source text a name inside a value was typed."""

    def __init__(self, text: str, starts: list[int]) -> None:
        self.text = text
        self.starts = starts
        self._values: dict[Path_, str] = {}

    def find(self, doc: YamlDocument, hit: RealNameHit, case: Case) -> tuple[int, int]:
        line, column = doc.positions.of(hit.path)
        if line < 1 or line > len(self.starts):
            return line, column
        origin = self.starts[line - 1] + column - 1
        value = self._value(case, hit.path)
        # The n-th time these words appear in the value is the n-th time after its start in
        # the source; the words may be split over lines there (a folded or plain scalar).
        pattern = re.compile(r"\s+".join(_escaped(part) for part in hit.found.split()))
        before = len(pattern.findall(value, 0, hit.start))
        for n, match in enumerate(pattern.finditer(self.text, origin)):
            if n == before:
                offset = match.start()
                row = bisect.bisect_right(self.starts, offset)
                return row, offset - self.starts[row - 1] + 1
            if match.start() > origin + 4 * len(value) + 200:
                break
        return line, column

    def _value(self, case: Case, path: Path_) -> str:
        """The text the hit's offsets count in (the model's, as the finder saw it)."""
        if not self._values:
            self._values = dict(free_text(case))
        return self._values.get(path, "")


__all__ = [
    "REAL_NAME",
    "NameFinder",
    "RealNameHit",
    "find_real_names",
    "free_text",
    "names_in",
    "names_in_item",
    "real_name_problems",
    "replace_all",
    "with_report_names",
]
