"""Anonymised copies of case files, and the leak scan that checks any output for names.

- `anonymise_file(path, Options(...))` -> `AnonymisedCase` (the new case file's text, its
  replacement report and its audit), refusing with `LeakError` if anything identifying is left;
- `anonymise_to(case, output, ...)` -> `AnonymiseResult`: the same, written to files (the use
  case behind `reviewkit anonymise`: output paths checked, what was written and counted);
- `scan_files(paths, case)` -> `ScanReport` (located definite hits and a review list);
- `build_vocabulary(case)`, `find_identifiers(text)` and `Timeframe` are the parts they share.
"""

from __future__ import annotations

from reviewkit.anonymise.anonymiser import (
    Options,
    anonymise_document,
    anonymise_file,
)
from reviewkit.anonymise.identifiers import find_identifiers, nhs_check_digit_ok
from reviewkit.anonymise.names import build_vocabulary
from reviewkit.anonymise.relative_dates import Timeframe
from reviewkit.anonymise.results import AnonymisedCase
from reviewkit.anonymise.scan import Hit, Scanner, ScanReport, scan_files
from reviewkit.anonymise.usecase import AnonymiseResult, Counts, anonymise_to, report_path
from reviewkit.errors import AnonymiseError, LeakError
from reviewkit.names import Vocabulary

__all__ = [
    "AnonymiseError",
    "AnonymiseResult",
    "AnonymisedCase",
    "Counts",
    "Hit",
    "LeakError",
    "Options",
    "ScanReport",
    "Scanner",
    "Timeframe",
    "Vocabulary",
    "anonymise_document",
    "anonymise_file",
    "anonymise_to",
    "build_vocabulary",
    "find_identifiers",
    "nhs_check_digit_ok",
    "report_path",
    "scan_files",
]
