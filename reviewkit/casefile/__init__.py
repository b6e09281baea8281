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
