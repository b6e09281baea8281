"""Anonymise a case file into new files: where they go, what is refused, what was written.

`anonymise_to(case, output)` writes the anonymised case file, its replacement report beside
it (OUT.report.md) and, when asked, the audit (owner-only, it holds the real names). Nothing
is written when an output is the case file itself, two outputs are one file, an output exists
(unless `force`), or the leak scan finds anything in the new text.
"""

from __future__ import annotations

import dataclasses
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from reviewkit import atomic
from reviewkit.anonymise.anonymiser import Options, anonymise_file
from reviewkit.anonymise.results import Replacement
from reviewkit.anonymise.scan import ReviewWord
from reviewkit.errors import Problem, UsageError

# Replacement kinds counted together in the summary.
_NAME_KINDS = ("name", "pseudonym", "professional")
_PLACE_KINDS = ("place", "agency", "partnership")
_NOT_FOUND_KINDS = (
    "date",
    "date (to check)",
    "age (to check)",
    "removed",
    "id",
)  # rewritten, not found as identifying


@dataclass(frozen=True)
class Counts:
    """How many things of each kind were replaced."""

    names: int
    places: int  # places and service names
    identifiers: int  # found by shape: NHS numbers, phone numbers, postcodes ...
    dates: int

    @classmethod
    def of(cls, replacements: list[Replacement]) -> Counts:
        """Count replacements by kind."""
        kinds = Counter(r.kind for r in replacements)
        names = sum(n for k, n in kinds.items() if k in _NAME_KINDS)
        places = sum(n for k, n in kinds.items() if k in _PLACE_KINDS)
        found = sum(n for k, n in kinds.items() if k not in _NOT_FOUND_KINDS)
        identifiers = found - names - places - kinds["date of birth"]
        return cls(names, places, identifiers, kinds["date"])


@dataclass(frozen=True)
class AnonymiseResult:
    """What anonymising wrote: the files, the choices made, the counts and the warnings."""

    output: Path  # the anonymised case file
    report: Path  # the replacement report (no real names)
    audit: Path | None  # every replacement with the real text (owner-only), when asked for
    scheme: str  # how names were replaced: case-names or letters
    dates: str  # how dates were rewritten: age, interval, keep-year, shift or keep
    counts: Counts
    unread_dates: int  # dates in the text that could not be told with confidence
    review: list[ReviewWord] = field(default_factory=list)  # words to check by eye
    warnings: list[Problem] = field(default_factory=list)  # severity "warning"

    @property
    def written(self) -> list[Path]:
        """Every file written, in the order written."""
        return [self.output, self.report, *([self.audit] if self.audit else [])]


def report_path(output: Path) -> Path:
    """Where the replacement report goes: OUT.report.md beside OUT.yaml."""
    return output.with_name(f"{output.stem}.report.md")


def anonymise_to(
    case: Path,
    output: Path,
    options: Options | None = None,
    *,
    audit: Path | None = None,
    force: bool = False,
) -> AnonymiseResult:
    """Write an anonymised copy of `case` to `output`, its report beside it, and the audit.

    Every output path is checked before any work is done, and the new text is scanned for
    leaks before anything is written (LeakError: nothing written).
    """
    report = report_path(output)
    outputs = [output, report, *([audit] if audit else [])]
    # realpath, not Path.resolve: a symbolic link that loops must reach the input guard, which
    # refuses it by name, rather than raise RuntimeError here.
    resolved = [os.path.realpath(p) for p in outputs]
    if os.path.realpath(case) in resolved:
        raise UsageError(f"{case} is the case file itself; write the anonymised copy elsewhere.")
    if len(set(resolved)) < len(resolved):
        raise UsageError("--output and --audit must be different files.")
    atomic.refuse_overwrite(outputs, force=force)
    options = dataclasses.replace(
        options or Options(), output_name=output.name, audit=audit is not None
    )
    result = anonymise_file(case, options)
    atomic.write_text(output, result.text)
    atomic.write_text(report, result.report)
    if audit:
        atomic.write_text(audit, result.audit, mode=0o600)
    warnings = []
    if result.unread_dates:
        dates = f"{result.unread_dates} date{'' if result.unread_dates == 1 else 's'}"
        warnings.append(
            Problem(
                str(output),
                0,
                0,
                "",
                f"{dates} in the text could not be told with confidence and became neutral "
                "words; check them (listed in the report).",
                "warning",
                "unread-dates",
            )
        )
    if result.age_checks:
        ages = f"{result.age_checks} age{'' if result.age_checks == 1 else 's'}"
        warnings.append(
            Problem(
                str(output),
                0,
                0,
                "",
                f"{ages} written in the text did not fit the real dates and were told as the "
                "dates give them; check them (listed in the report).",
                "warning",
                "wrong-ages",
            )
        )
    for who in result.unnamed:
        warnings.append(
            Problem(
                str(case),
                0,
                0,
                "",
                f"{who} has no real_name, so their real name cannot be looked for in the "
                "text; add it (it is never written out) and anonymise again.",
                "warning",
                "no-real-name",
            )
        )
    return AnonymiseResult(
        output,
        report,
        audit,
        result.scheme,
        result.dates,
        Counts.of(result.replacements),
        result.unread_dates,
        result.review,
        warnings,
    )
