"""Read YAML safely and remember where every value came from (line and column).

Only plain YAML data is accepted: no Python tags, no alias expansion bombs, UTF-8 text of a
sane size. Scalars that YAML 1.1 would turn into dates or sexagesimal numbers stay as the
text the author wrote, because reviewkit prints dates as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reviewkit.errors import InputFileError

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
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


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
    """Read a UTF-8 text file; refuse binary, oversized or unreadable ones with a clear message."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such {what}; check the path.") from None
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read this {what}: {exc.strerror}.") from None
    if path.is_dir():
        raise InputFileError(f"{path}: is a folder; give the path of the {what} itself.")
    if size > MAX_BYTES:
        raise InputFileError(
            f"{path}: {size / 1_048_576:.0f} MB is larger than the {MAX_BYTES // 1_048_576} MB "
            f"reviewkit reads; split the {what} or remove embedded material."
        )
    raw = path.read_bytes()
    if b"\x00" in raw[:8192]:
        raise InputFileError(f"{path}: this is not a text file; a {what} is YAML text.")
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


def parse_yaml(text: str, file: str, *, what: str = "case file") -> YamlDocument:
    """Parse YAML text (see `load_yaml`)."""
    try:
        root = yaml.compose(text, Loader=_Loader)
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
    positions = Positions()
    if root is None:
        return YamlDocument(None, positions, file)
    builder = _Builder(file, positions, what)
    data = builder.build(root, ())
    return YamlDocument(data, positions, file)


class _Builder:
    """Turns a composed node tree into plain data, recording positions as it goes."""

    def __init__(self, file: str, positions: Positions, what: str) -> None:
        self.file = file
        self.positions = positions
        self.what = what
        self.seen: set[int] = set()
        self.repeats = 0

    def _fail(self, node: yaml.Node, message: str) -> InputFileError:
        mark = node.start_mark
        return InputFileError(f"{self.file}:{mark.line + 1}:{mark.column + 1}: {message}")

    def build(self, node: yaml.Node, path: Path_) -> Any:
        if id(node) in self.seen:
            self.repeats += 1
            if self.repeats > MAX_REPEATS:
                raise self._fail(
                    node,
                    f"YAML aliases here expand to more than {MAX_REPEATS:,} repeated values "
                    "(an alias bomb?); write the values out instead of using anchors.",
                )
        else:
            self.seen.add(id(node))
        self.positions.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise self._unsafe(node)
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node)

    def _unsafe(self, node: yaml.Node) -> InputFileError:
        return self._fail(
            node,
            f"the tag '{node.tag}' is not allowed; a {self.what} holds plain YAML data only "
            "(remove the tag, or quote the value).",
        )

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        if node.tag != _MAP:
            raise self._unsafe(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self._fail(key_node, "'<<' merge keys are not supported; write keys out.")
            if not isinstance(key_node, yaml.ScalarNode):
                raise self._fail(key_node, "a key must be plain text.")
            key = key_node.value
            if key in result:
                line = self.positions.keys[(*path, key)][0]
                raise self._fail(
                    key_node,
                    f"the key '{key}' appears twice in one mapping (first at line {line}).",
                )
            mark = key_node.start_mark
            self.positions.keys[(*path, key)] = (mark.line + 1, mark.column + 1)
            result[key] = self.build(value_node, (*path, key))
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if tag in (_STR, _TIMESTAMP):
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() in ("true", "yes", "on", "y")
        if tag == _INT:
            if ":" in value:  # YAML 1.1 sexagesimal: 17:25 is a time, not 1045
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
        raise self._unsafe(node)
