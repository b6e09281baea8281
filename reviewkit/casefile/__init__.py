"""Reading, checking and changing a case file: the one home of everything about the file.

- `read`: YAML read safely, with the line and column of every value.
- `check`: the case file checked, every problem located (`load_case`, `check_document`).
- `roundtrip`: editing a hand-written YAML file in place, keeping comments and layout.
- `modelcheck`: any YAML input (rules, question sets, answers) checked against its model,
  in the case file's located words (`check_model`).
- `edit`: a change made to the round-trip tree and the plain data in step.
- `realnames`: people's real names typed in free text, found, located and replaced
  (`find_real_names`, `with_report_names`); `pseudonymise` writes the replacements into
  the file itself (`plan_pseudonymise`, `apply_pseudonymise`).
- `store`: `CaseStore`, the one safe way to save a change (checked, backed up, atomic).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reviewkit.casefile import roundtrip
    from reviewkit.casefile.check import (
        LIST_SECTIONS,
        OUTSIDE_SCOPE,
        LoadedCase,
        check_document,
        check_file,
        load_case,
        paused_gc,
    )
    from reviewkit.casefile.edit import Edit
    from reviewkit.casefile.modelcheck import check_model, format_path, read_model, validate_model
    from reviewkit.casefile.read import (
        Path_,
        Positions,
        YamlDocument,
        load_yaml,
        parse_yaml,
        read_text,
    )
    from reviewkit.casefile.realnames import (
        REAL_NAME,
        RealNameHit,
        find_real_names,
        with_report_names,
    )
    from reviewkit.casefile.store import CaseStore, Invalid, backup_path, invalid_after_change
    from reviewkit.inputs import check_readable  # the input guard, kept here for old imports

# Where each name lives. A module is imported only when one of its names is first asked for,
# so reading or checking a case does not also load the store, the round-trip editor, the
# splicer and the history log, a share of every command's start-up.
_HOMES: dict[str, str] = {
    "LIST_SECTIONS": "reviewkit.casefile.check",
    "OUTSIDE_SCOPE": "reviewkit.casefile.check",
    "LoadedCase": "reviewkit.casefile.check",
    "check_document": "reviewkit.casefile.check",
    "check_file": "reviewkit.casefile.check",
    "load_case": "reviewkit.casefile.check",
    "paused_gc": "reviewkit.casefile.check",
    "Edit": "reviewkit.casefile.edit",
    "check_model": "reviewkit.casefile.modelcheck",
    "format_path": "reviewkit.casefile.modelcheck",
    "read_model": "reviewkit.casefile.modelcheck",
    "validate_model": "reviewkit.casefile.modelcheck",
    "Path_": "reviewkit.casefile.read",
    "Positions": "reviewkit.casefile.read",
    "YamlDocument": "reviewkit.casefile.read",
    "load_yaml": "reviewkit.casefile.read",
    "parse_yaml": "reviewkit.casefile.read",
    "read_text": "reviewkit.casefile.read",
    "REAL_NAME": "reviewkit.casefile.realnames",
    "RealNameHit": "reviewkit.casefile.realnames",
    "find_real_names": "reviewkit.casefile.realnames",
    "with_report_names": "reviewkit.casefile.realnames",
    "CaseStore": "reviewkit.casefile.store",
    "Invalid": "reviewkit.casefile.store",
    "backup_path": "reviewkit.casefile.store",
    "invalid_after_change": "reviewkit.casefile.store",
    "check_readable": "reviewkit.inputs",
}


def __getattr__(name: str) -> Any:
    """A name of the package, imported from its module when first asked for (PEP 562)."""
    if name == "roundtrip":
        return importlib.import_module("reviewkit.casefile.roundtrip")
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # asked for once: later look-ups find it without this function
    return value


def __dir__() -> list[str]:
    """The package's names, those not imported yet included."""
    return sorted({*globals(), *__all__})


__all__ = [
    "LIST_SECTIONS",
    "OUTSIDE_SCOPE",
    "REAL_NAME",
    "CaseStore",
    "Edit",
    "Invalid",
    "LoadedCase",
    "Path_",
    "Positions",
    "RealNameHit",
    "YamlDocument",
    "backup_path",
    "check_document",
    "check_model",
    "read_model",
    "validate_model",
    "check_file",
    "check_readable",
    "find_real_names",
    "format_path",
    "invalid_after_change",
    "load_case",
    "load_yaml",
    "parse_yaml",
    "paused_gc",
    "read_text",
    "roundtrip",
    "with_report_names",
]
