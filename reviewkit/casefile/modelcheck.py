"""Check any parsed YAML input against a pydantic model, in the case file's located words.

The case file, a partnership's timescale rules, an author question set, the case study's
discussion questions and the answers file are all read the same way: the YAML (with the
position of every value) is validated against a model, and each mistake becomes a `Problem`
located as FILE:LINE:COL with its path ("rules[2].unit") and a message in the same words
("unknown key 'sorce' (did you mean 'source'?)", "expected a whole number, got 'three'").
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from reviewkit.casefile.read import Path_, YamlDocument
from reviewkit.errors import CaseInvalidError, Problem
from reviewkit.wording import a_or_an, did_you_mean

ModelT = TypeVar("ModelT", bound=BaseModel)


def format_path(path: Path_) -> str:
    """('events', 17, 'agency') -> 'events[17].agency'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def kind_of(value: Any) -> str:
    """What a YAML value is, in a user's words: 'text', 'list', 'mapping' ..."""
    if isinstance(value, bool):
        return "true/false value"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return "empty value" if value is None else type(value).__name__


def located(
    doc: YamlDocument,
    path: Path_,
    message: str,
    *,
    key: bool = False,
    severity: str = "error",
    code: str = "",
) -> Problem:
    """A problem at `path` of a document (at its key, with `key`), located by line and column."""
    line, column = doc.positions.of(path, key=key)
    return Problem(doc.file, line, column, format_path(path), message, severity, code)


# --- pydantic's errors in the case file's words --------------------------------------------------


def error_message(kind: str, value: Any, ctx: dict[str, Any], default: str) -> str:
    """The message for one pydantic error type, given the value the file holds."""
    got = kind_of(value)
    if kind == "string_type":
        return f"expected text, got a {got}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        if isinstance(value, bool):
            return "expected a whole number, got yes or no (true/false)"
        return f"expected a whole number, got '{value}'"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected yes or no (true/false), got '{value}'"
    if kind == "list_type":
        return f"expected a list (lines starting with '- '), got a {got}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping of keys and values, got a {got}"
    if kind == "literal_error":
        choices = [
            c.strip().strip("'")
            for c in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")
        ]
        hint = did_you_mean(str(value), choices)
        return f"'{value}' is not one of: {', '.join(choices)}{hint}"
    if kind == "string_pattern_mismatch":
        if isinstance(value, str) and " " in value:
            return (
                f"'{value}' is not a valid id: ids use letters, digits, '-', '_' or '.', no spaces"
            )
        return f"'{value}' is not in the expected form"
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}, got {value}"
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}, got {value}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)"
    if kind == "value_error":
        return str(ctx.get("error", default)).removeprefix("Value error, ")
    return default


def is_internal(part: Any) -> bool:
    """True for the validator names pydantic adds to some locations ('function-before[...]')."""
    return isinstance(part, str) and ("[" in part or part.startswith("function-"))


def hinted_missing(errors: list[Any]) -> set[tuple[Any, ...]]:
    """Missing keys that an unknown sibling key was probably meant to be (a typo)."""
    missing = {tuple(e["loc"]) for e in errors if e["type"] == "missing"}
    hinted = set()
    for err in errors:
        if err["type"] != "extra_forbidden":
            continue
        parent = tuple(err["loc"][:-1])
        names = [str(loc[-1]) for loc in missing if loc[:-1] == parent]
        for match in difflib.get_close_matches(str(err["loc"][-1]), names, n=1, cutoff=0.6):
            hinted.add((*parent, match))
    return hinted


def unwrap(annotation: Any) -> Any:
    """The model class inside list[X], X | None, Annotated[X, ...]."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (list, typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation


def keys_at(model: type[BaseModel], loc: Path_) -> list[str]:
    """The keys allowed in the mapping at `loc` below `model` (for 'did you mean')."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = unwrap(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [info.alias or name for name, info in current.model_fields.items()]
    return []


def error_problem(err: Any, model: type[BaseModel], at: Path_ = ()) -> tuple[Path_, str, bool]:
    """One pydantic error as (where, message, whether it is about a key rather than a value)."""
    loc: Path_ = tuple(p for p in err["loc"] if not is_internal(p))
    kind = err["type"]
    if kind == "extra_forbidden":
        name = str(loc[-1])
        return (
            (*at, *loc),
            f"unknown key '{name}'{did_you_mean(name, keys_at(model, loc[:-1]))}",
            True,
        )
    if kind == "missing":
        return (*at, *loc[:-1]), f"'{loc[-1]}' is required but missing", False
    message = error_message(kind, err.get("input"), err.get("ctx") or {}, err["msg"])
    return (*at, *loc), message, False


def model_problems(
    doc: YamlDocument, exc: ValidationError, model: type[BaseModel], at: Path_ = ()
) -> list[Problem]:
    """Every error of a failed validation, located, without a 'missing' a typo explains."""
    errors = exc.errors()
    hinted = hinted_missing(errors)
    problems = []
    for err in errors:
        if err["type"] == "missing" and tuple(err["loc"]) in hinted:
            continue  # the unknown key next to it already says "did you mean ..."
        where, message, key = error_problem(err, model, at)
        problems.append(located(doc, where, message, key=key))
    return problems


# --- checking a document -------------------------------------------------------------------------

_WHOLE = object()


def value_at(doc: YamlDocument, at: Path_) -> Any:
    """The value at a path of a document (None when it is not there)."""
    value = doc.data
    for part in at:
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            value = value[part]
        else:
            return None
    return value


def validate_model(
    doc: YamlDocument,
    model: type[ModelT],
    *,
    at: Path_ = (),
    value: Any = _WHOLE,
    what: str = "",
) -> tuple[ModelT | None, list[Problem]]:
    """The model read from the document (or from `value`, standing at `at`), and its problems.

    `what` names the whole file ("rules file") for the message when it is not a mapping.
    """
    data = value_at(doc, at) if value is _WHOLE else value
    if what and not at and not isinstance(data, dict):
        keys = ", ".join(f"{info.alias or name}:" for name, info in model.model_fields.items())
        got = "empty" if data is None else a_or_an(kind_of(data))
        return None, [located(doc, (), f"{a_or_an(what)} is a mapping ({keys}); this one is {got}")]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = model_problems(doc, exc, model, at)
    return None, sorted(problems, key=lambda p: (p.line, p.column))


def check_model(
    doc: YamlDocument,
    model: type[BaseModel],
    *,
    at: Path_ = (),
    value: Any = _WHOLE,
    what: str = "",
) -> list[Problem]:
    """Check parsed YAML against a model: every problem, located, in the case file's words."""
    return validate_model(doc, model, at=at, value=value, what=what)[1]


def read_model(doc: YamlDocument, model: type[ModelT], *, what: str = "") -> ModelT:
    """The model read from a whole document; CaseInvalidError listing every problem if not."""
    found, problems = validate_model(doc, model, what=what)
    if found is None:
        raise CaseInvalidError(problems)
    return found
