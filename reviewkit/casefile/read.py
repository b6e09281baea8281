"""Read YAML safely and remember where every value came from (line and column).

Only plain YAML data is accepted: one document, no tags at all (not even `!!str`), no alias
expansion bombs, no control characters, UTF-8 text of a sane size. Scalars that YAML 1.1 would
turn into dates or sexagesimal, hexadecimal or octal numbers stay as the text the author wrote,
because reviewkit prints dates as written.
"""

from __future__ import annotations

import atexit
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any

import yaml

from reviewkit import parallel
from reviewkit.casefile import pieces
from reviewkit.errors import InputFileError
from reviewkit.inputs import read_input
from reviewkit.wording import a_or_an

MAX_BYTES = 64 * 1024 * 1024
MAX_REPEATS = 100_000  # values reached again through YAML aliases

# The C loader is several times faster on large case files; PyYAML may be built without it.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path_ = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_KEPT_TAG = 40  # plain scalars up to this long have their tag remembered while parsing
_DECIMAL = re.compile(r"[-+]?[0-9][0-9_]*")


@dataclass
class Positions:
    """Where each value (and each mapping key) sits in the source file, 1-based."""

    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def of(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that has one."""
        table = self.keys if key else self.values
        while path:
            if path in table:
                return table[path]
            if key and path in self.values:
                return self.values[path]
            path = path[:-1]
            table = self.values
        return self.values.get((), (1, 1))


@dataclass
class YamlDocument:
    """Plain data read from a YAML file, with the positions of its values."""

    data: Any
    positions: Positions
    file: str


def read_text(path: Path, *, what: str = "file") -> str:
    """Read a UTF-8 text file; refuse binary, oversized, unreadable or special ones clearly."""
    raw = read_input(
        path, what=what, limit=MAX_BYTES, too_big=f"split the {what} or remove embedded material"
    )
    if b"\x00" in raw[:8192]:
        raise InputFileError(f"{path}: this is not a text file; {a_or_an(what)} is YAML text.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputFileError(
            f"{path}:{line}: the {what} is not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
            "save it as UTF-8 in your editor and try again."
        ) from None
    return text


def load_yaml(path: Path, *, what: str = "case file") -> YamlDocument:
    """Read a YAML file into plain Python data, remembering every value's position."""
    text = read_text(path, what=what)
    return parse_yaml(text, str(path), what=what)


def parse_yaml(
    text: str, file: str, *, what: str = "case file", positions: bool = True
) -> YamlDocument:
    """Parse YAML text (see `load_yaml`).

    With `positions=False` no table of positions is kept (the document's `positions` is
    empty, so every problem would be placed at 1:1): for a caller that parses again with
    positions only when there is a problem to locate. It costs a large file's parse a
    third of its time and most of its memory. Syntax errors are located either way. A long
    text is then parsed in pieces on spare processors, where that gives the same data
    (`_parse_cut`; joined, where `parse_ahead` started it).
    """
    if not positions and len(text) >= pieces.SPLIT_MIN_CHARS:
        cut = _parse_cut(text, file, what)
        if cut is not None:
            return YamlDocument(cut[0], Positions(), file)
    table = Positions()
    builder = _Builder(file, table, what, record=positions)
    try:
        try:
            data = _build(text, builder)
        except InputFileError:
            if positions:
                raise
            # A refusal may need the positions (a key written twice says where the first
            # one is): the file is parsed again with them, to say exactly what `check` says.
            return parse_yaml(text, file, what=what)
    except yaml.reader.ReaderError as exc:
        raise InputFileError(_bad_character(text, file, what, exc.character)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{file}:{mark.line + 1}:{mark.column + 1}" if mark else file
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        raise InputFileError(
            f"{where}: YAML syntax error: {problem}{context}. Check the indentation and "
            "quoting on this line or the one above it."
        ) from None
    except yaml.YAMLError as exc:
        raise InputFileError(f"{file}: not valid YAML: {exc}") from None
    return YamlDocument(data, table, file)


def _build(text: str, builder: _Builder) -> Any:
    """The data of a YAML text, built from its parser's events."""
    # The loader's own get_event, not yaml.parse's generator (a Python frame and a
    # check_event call per event: a fifth of a large file's parse).
    loader = _Loader(text)
    try:
        return builder.run(iter(loader.get_event, None))
    finally:
        loader.dispose()


def parse_ahead(path: Path) -> None:
    """Start parsing a long case file in copies of this process; the load joins them later.

    For a command that opens a case file to save into it, called before the rest of
    reviewkit is loaded (a tenth of a second and more, on one processor): the copies parse
    the file's long lists meanwhile, and the first `parse_yaml` of the same text without
    positions (`CaseStore`) takes what they made. Nothing else changes: a file that cannot
    be read or cut is left to be read as always, a text read later that differs (the file
    changed) is parsed as it is then, and copies never joined are ended at exit.
    """
    global _ahead
    _end_ahead()
    try:
        text = read_text(path, what="case file")
    except InputFileError:
        return  # read again by the command, which says what is wrong
    if len(text) >= pieces.SPLIT_MIN_CHARS:  # as `parse_yaml`: a shorter one is parsed whole
        _ahead = _start_cut(text, str(path), "case file")


class _Started:
    """A cut text whose lists' items copies of this process have started to parse."""

    def __init__(self, text: str, file: str, what: str, cut: pieces.Cut, sizes: list[int]) -> None:
        """`sizes`: the characters of each of the cut's lists."""
        self.text, self.file, self.what = text, file, what
        self.cut = cut
        bases = list(accumulate(sizes, initial=0))

        def run(start: int, end: int) -> list[list[Any]] | None:
            # The lists' text taken together is shared out by characters (work is about
            # proportional to text): a chunk parses the items that start in its share.
            got: list[list[Any]] = []
            builder = _Builder(file, Positions(), what, record=False)
            try:
                for items, base in zip(cut.lists, bases, strict=False):
                    count = len(items.starts) - 1
                    origin = items.starts[0] - base
                    first = bisect_left(items.starts, origin + start, 0, count)
                    last = bisect_left(items.starts, origin + end, 0, count)
                    if first == last:
                        got.append([])
                        continue
                    data = _build(items.piece(text, first, last), builder)
                    value = (
                        data.get(items.key) if isinstance(data, dict) and len(data) == 1 else None
                    )
                    if not isinstance(value, list) or len(value) != last - first:
                        return None  # a dash line inside a value: the cut is not the parse's
                    got.append(value)
            except Exception:  # noqa: BLE001 - any failure: the whole text is parsed instead
                return None
            return None if builder.anchors else got

        self.job = parallel.Job(sum(sizes), run)

    def data(self) -> tuple[Any] | None:
        """The text's data (in a 1-tuple), or None where a piece did not parse as its items.

        The rest of the text (all but the lists) is parsed here while the copies work.
        """
        cut = self.cut
        rest = _parse_piece(cut.rest, self.file, self.what)
        if not isinstance(rest, dict) or any(
            rest.get(items.key) != [items.placeholder] for items in cut.lists
        ):
            self.job.close()
            return None
        lists: list[list[Any]] = [[] for _ in cut.lists]
        for got in self.job.results():
            if got is None:
                return None  # (the generator, dropped here, ends any copy still running)
            for into, values in zip(lists, got, strict=True):
                into.extend(values)
        for items, values in zip(cut.lists, lists, strict=True):
            rest[items.key] = values
        return (rest,)


def _start_cut(text: str, file: str, what: str) -> _Started | None:
    """The text cut at its long top-level lists' items, their parse started; or None.

    None where the text is parsed whole: no idle processor, or no long list (`pieces.cut`).
    """
    if parallel.free_processors() < 1 or parallel.parts(len(text)) < 2:
        return None  # the copies would only share this process's time, and add their costs
    cut = pieces.cut(text, min_list=pieces.SPLIT_MIN_CHARS // 8)
    if cut is None:
        return None
    sizes = [items.starts[-1] - items.starts[0] for items in cut.lists]
    if parallel.parts(sum(sizes)) < 2:
        return None
    return _Started(text, file, what, cut, sizes)


def _parse_cut(text: str, file: str, what: str) -> tuple[Any] | None:
    """A long text's data (in a 1-tuple), its long lists' items parsed on spare processors.

    The text is cut at its long top-level lists' items (`pieces.cut`), the rest and runs of
    items are parsed apart with the same builder, and the data put together, where every
    check `pieces.Cut` names holds. None where anything is unusual (no long list, no idle
    processor, anchors, a piece that does not parse or gives other than its items): the
    whole text is then parsed, so every refusal is raised and located as it always is.
    A parse of the very same text started ahead (`parse_ahead`) is joined, not started again.
    """
    global _ahead
    started, _ahead = _ahead, None
    if started is not None and (started.file, started.what, started.text) != (file, what, text):
        started.job.close()  # another file, or this one changed since: parsed as it is
        started = None
    if started is None:
        started = _start_cut(text, file, what)
    return None if started is None else started.data()


_ahead: _Started | None = None  # a parse started by `parse_ahead`, not yet joined


def _end_ahead() -> None:
    """End the copies of a parse started ahead and never joined."""
    global _ahead
    started, _ahead = _ahead, None
    if started is not None:
        started.job.close()


atexit.register(_end_ahead)


def _parse_piece(text: str, file: str, what: str) -> Any:
    """A piece of a cut text's data, or None where it does not parse or has anchors."""
    builder = _Builder(file, Positions(), what, record=False)
    try:
        data = _build(text, builder)
    except Exception:  # noqa: BLE001 - any failure: the whole text is parsed instead
        return None
    return None if builder.anchors else data


def _bad_character(text: str, file: str, what: str, code: int | str) -> str:
    """A character YAML refuses, located by line and column (PyYAML says only an offset)."""
    char = code if isinstance(code, str) else chr(code)
    # The reader stops at the first character it refuses, so the first one is the one.
    index = max(text.find(char), 0)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    kind = "control character" if unicodedata.category(char) == "Cc" else "character"
    return (
        f"{file}:{line}:{column}: the {kind} U+{ord(char):04X} is not allowed in {a_or_an(what)}; "
        "delete it (it often comes with text pasted from another program)."
    )


_NO_KEY = object()  # a mapping frame waiting for its next key


class _Frame:
    """A mapping or sequence being built."""

    __slots__ = ("anchor", "key", "path", "size", "value")

    def __init__(self, value: dict[str, Any] | list[Any], path: Path_, anchor: str | None):
        self.value = value
        self.path = path
        self.anchor = anchor
        self.key: Any = _NO_KEY
        self.size = 1  # values inside, counting itself (for alias expansion limits)


class _Builder:
    """Builds plain data straight from the parser's events, recording positions as it goes.

    Working from events rather than a composed node tree keeps memory low on large case
    files: no second copy of the whole document exists at any time.
    """

    def __init__(self, file: str, positions: Positions, what: str, *, record: bool = True):
        self.file = file
        self.positions = positions
        self.record = record
        self.what = what
        # the implicit tag of a plain scalar (int, bool, null...), as PyYAML's composer finds it
        resolver = yaml.resolver.Resolver()
        self.resolve: Callable[..., str] = resolver.resolve
        # The first characters any implicit resolver looks at: a plain scalar starting with
        # another is text without asking the resolver (exactly what it would answer).
        implicit = resolver.yaml_implicit_resolvers
        self.may_resolve: frozenset[str] | None = (
            None if None in implicit or resolver.yaml_path_resolvers else frozenset(implicit)
        )
        self.tags: dict[str, str] = {}  # short plain scalar -> its tag
        # the short plain scalars among them the resolver called text ("type", "other"):
        # met again, they take the loop's quick way, as text with no first-character pass
        self.texts: set[str] = set()
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.repeats = 0

    def _fail(self, event: Any, message: str) -> InputFileError:
        mark = event.start_mark
        return InputFileError(f"{self.file}:{mark.line + 1}:{mark.column + 1}: {message}")

    def _unsafe(self, event: Any, tag: str) -> InputFileError:
        return self._fail(
            event,
            f"the tag '{tag}' is not allowed; a {self.what} holds plain YAML data only "
            "(remove the tag, or quote the value).",
        )

    def run(self, events: Any) -> Any:
        stack: list[_Frame] = []
        root: Any = None
        values = self.positions.values
        record = self.record  # without positions no path is even worked out
        path: Path_ = ()
        documents = 0
        scalar_event = yaml.ScalarEvent
        # First characters no implicit resolver looks at: such a plain scalar is text (see
        # `_tag`). The common cases below are written out here, not called: a large case
        # file is a million events.
        may = self.may_resolve
        texts = self.texts
        for event in events:
            kind = type(event)
            if (
                kind is scalar_event
                and not record
                and event.tag is None
                and not event.anchor
                and stack
                and (
                    not event.implicit[0]
                    or (
                        may is not None
                        and event.value
                        and (event.value[0] not in may or event.value in texts)
                    )
                )
            ):
                # Text without a tag: a key not yet in its mapping, or a value.
                last = stack[-1]
                into = last.value
                if type(into) is dict:
                    if last.key is _NO_KEY:
                        if event.value in into:
                            self._key(last, event)  # says it appears twice
                        last.key = event.value
                        continue
                    into[last.key] = event.value
                    last.key = _NO_KEY
                else:
                    into.append(event.value)  # type: ignore[union-attr]
                last.size += 1
                continue
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self._fail(
                        event,
                        f"a second YAML document starts here ('---'); a {self.what} is one "
                        "document: remove this line, or move what follows it into a file of "
                        "its own.",
                    )
            elif kind is yaml.ScalarEvent or kind is yaml.AliasEvent:
                top = stack[-1] if stack else None
                if top is not None and top.key is _NO_KEY and type(top.value) is dict:
                    self._key(top, event)
                    continue
                if kind is yaml.AliasEvent:
                    value, size = self._alias(event)
                else:
                    value, size = self._scalar(event), 1
                    if event.anchor:
                        self.anchors[event.anchor] = (value, 1)
                if record:
                    path = self._child_path(top)
                    values[path] = (event.start_mark.line + 1, event.start_mark.column + 1)
                if top is None:
                    root = value
                else:
                    self._add(top, value, size)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                top = stack[-1] if stack else None
                if top is not None and top.key is _NO_KEY and type(top.value) is dict:
                    raise self._fail(event, "a key must be plain text.")
                mapping = kind is yaml.MappingStartEvent
                if event.tag is not None:
                    raise self._unsafe(event, event.tag)
                path = ()
                if record:
                    path = self._child_path(top)
                    values[path] = (event.start_mark.line + 1, event.start_mark.column + 1)
                container: dict[str, Any] | list[Any] = {} if mapping else []
                stack.append(_Frame(container, path, event.anchor))
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = stack.pop()
                if frame.anchor:
                    self.anchors[frame.anchor] = (frame.value, frame.size)
                if stack:
                    self._add(stack[-1], frame.value, frame.size)
                else:
                    root = frame.value
        return root

    def _child_path(self, top: _Frame | None) -> Path_:
        if top is None:
            return ()
        if type(top.value) is dict:
            return (*top.path, top.key)
        return (*top.path, len(top.value))

    def _add(self, top: _Frame, value: Any, size: int) -> None:
        top.size += size
        if isinstance(top.value, dict):
            top.value[top.key] = value
            top.key = _NO_KEY
        else:
            top.value.append(value)

    def _key(self, top: _Frame, event: Any) -> None:
        if not isinstance(event, yaml.ScalarEvent):
            raise self._fail(event, "a key must be plain text, not an alias.")
        if event.tag is not None:
            raise self._unsafe(event, event.tag)
        tag = self._tag(event)
        if tag == "tag:yaml.org,2002:merge":
            raise self._fail(event, "'<<' merge keys are not supported; write keys out.")
        key = event.value
        mapping = top.value
        assert isinstance(mapping, dict)
        if key in mapping:
            if not self.record:
                raise self._fail(event, "a key appears twice (parsed again to say where)")
            line = self.positions.keys[(*top.path, key)][0]
            raise self._fail(
                event, f"the key '{key}' appears twice in one mapping (first at line {line})."
            )
        if self.record:
            mark: Any = event.start_mark
            self.positions.keys[(*top.path, key)] = (mark.line + 1, mark.column + 1)
        top.key = key

    def _tag(self, event: Any) -> str:
        """The resolver's tag for an untagged scalar, asking it only what it has not answered.

        A quoted or block scalar is always text, and so is a plain one whose first character
        no implicit resolver looks at (most prose); the answer for a short plain scalar (a
        key, a yes, an id) is kept, since it depends on the text alone.
        """
        if not event.implicit[0]:
            return _STR
        value = event.value
        if self.may_resolve is None:
            return self.resolve(yaml.ScalarNode, value, event.implicit)
        if value and value[0] not in self.may_resolve:
            return _STR
        tag = self.tags.get(value)
        if tag is None:
            tag = self.resolve(yaml.ScalarNode, value, event.implicit)
            if len(value) <= _KEPT_TAG:
                self.tags[value] = tag
                if tag == _STR:
                    self.texts.add(value)
        return tag

    def _alias(self, event: Any) -> tuple[Any, int]:
        anchor = event.anchor
        if anchor not in self.anchors:
            raise self._fail(event, f"the alias '*{anchor}' refers to no anchor before it.")
        value, size = self.anchors[anchor]
        self.repeats += size
        if self.repeats > MAX_REPEATS:
            raise self._fail(
                event,
                f"YAML aliases here expand to more than {MAX_REPEATS:,} repeated values "
                "(an alias bomb?); write the values out instead of using anchors.",
            )
        return value, size

    def _scalar(self, event: Any) -> Any:
        if event.tag is not None:
            # Any tag, not only Python's: `!!bool "definitely not"` would otherwise be false.
            raise self._unsafe(event, event.tag)
        value = event.value
        tag = self._tag(event)
        if tag in (_STR, _TIMESTAMP):
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() in ("true", "yes", "on", "y")
        if tag == _INT:
            # YAML 1.1 sexagesimal (17:25 is a time, not 1045), hexadecimal, octal and binary
            # numbers stay as written: 0x7E7 is not the year 2023.
            if not _DECIMAL.fullmatch(value):
                return value
            try:
                return int(value.replace("_", ""), 0)
            except ValueError:
                return value
        if tag == _FLOAT:
            if ":" in value:
                return value
            try:
                return float(value.replace("_", ""))
            except ValueError:
                return value
        raise self._unsafe(event, tag)
