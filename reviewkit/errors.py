"""Every error class of reviewkit, in one place: one hierarchy, one handler.

Every mistake a user can make ends up as a ReviewkitError. The CLI catches ReviewkitError in
one place, prints its message to stderr and exits with its exit code. Anything else is a bug
and keeps its traceback.

Two value errors are not ReviewkitErrors, because they say what is wrong with one piece of
text and the code that reads the text words the message for the user: `DateError` (a date
reviewkit cannot read) and `CellError` (a spreadsheet cell). Both are ValueErrors.

Three private control-flow exceptions stay in their modules, because they never escape them:
`reviewkit.dates._Invalid` (a recognised date form that names no real day; turned into a
DateError), `reviewkit.chronology.xlsx._Damaged` (a workbook part that cannot be what it
claims; turned into an InputFileError naming the file) and
`reviewkit.cli.author_terminal._InputEnded` (standard input ended in the middle of an
answer; the session stops as on Ctrl-C, with exit code 1).
tests/test_architecture.py holds this list, and fails on any other exception class.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from reviewkit.wording import plural


@dataclass(frozen=True)
class Problem:
    """One located problem in a case file (or another input file)."""

    file: str
    line: int  # 1-based; 0 when unknown
    column: int  # 1-based; 0 when unknown
    path: str  # e.g. "events[17].agency"; "" for the whole file
    message: str
    severity: str = "error"  # "error" or "warning"
    code: str = ""  # a stable name for kinds of problem a command treats specially

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        what = f"{self.path}: {self.message}" if self.path else self.message
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{what}"


class ReviewkitError(Exception):
    """Base of every error caused by the user's input or environment."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(ReviewkitError):
    """The command was asked for something it cannot do (bad option combination, etc.)."""

    exit_code = 2


class InputFileError(ReviewkitError):
    """An input file cannot be read at all (missing, not UTF-8, too large, bad YAML)."""

    exit_code = 2


class CaseInvalidError(ReviewkitError):
    """A case file (or another YAML input) has errors; `problems` holds every one, located."""

    exit_code = 2

    def __init__(self, problems: list[Problem]) -> None:
        errors = [p for p in problems if p.severity == "error"]
        lines = [str(p) for p in problems]
        lines.append(f"{plural(len(errors), 'error')}; fix them and run the command again.")
        super().__init__("\n".join(lines))
        self.problems = problems


class OutputExistsError(ReviewkitError):
    """Refusing to overwrite something the user may have written."""

    exit_code = 1

    def __init__(self, path: Path, hint: str = "") -> None:
        hint = hint or "use --force to overwrite it, or choose another output"
        super().__init__(f"{path} already exists; {hint}.")
        self.path = path


class ReadOnlyFileError(ReviewkitError):
    """The file to be written is marked read-only: it is left exactly as it is."""

    exit_code = 2

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} is read-only, so reviewkit did not change it; make it writable "
            f"(for example: chmod u+w {path}) and run the command again."
        )
        self.path = path


class TemplateError(ReviewkitError):
    """A template cannot be found, read or rendered; the message names its file and line."""

    exit_code = 2


class ToolMissingError(ReviewkitError):
    """An external program (LibreOffice, an editor) is needed but not installed."""

    exit_code = 3


class CaseChangedError(ReviewkitError):
    """The case file changed on disk since it was read: nothing was overwritten."""

    exit_code = 1

    def __init__(self, path: Path, how: str = "changed on disk") -> None:
        super().__init__(
            f"{path} {how} since reviewkit last read or wrote it (was it edited elsewhere?); "
            "nothing was overwritten. Run the command again to continue from the file as it "
            "is now."
        )
        self.path = path


class ChangeRejectedError(ReviewkitError):
    """A change to a case file could not be saved as asked: nothing was written."""

    exit_code = 1

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class AnswerRejectedError(ChangeRejectedError):
    """Saving this answer would leave a case file that does not load: nothing was written."""


class TimelineError(UsageError):
    """A timeline filter names something the case does not have, or a date is unreadable."""


class ImportProblemsError(ReviewkitError):
    """Rows of a return could not be read; nothing was written."""

    exit_code = 2

    def __init__(self, problems: list[Problem]) -> None:
        lines = [str(p) for p in problems]
        rows = len({(p.file, p.line) for p in problems if p.line})
        if rows:
            noun = "row has a problem" if rows == 1 else "rows have problems"
            lines.append(
                f"Nothing was written: {rows} {noun}. Correct the return and import it again, "
                "or use --skip-bad to import the other rows."
            )
        else:
            lines.append("Nothing was written.")
        super().__init__("\n".join(lines))
        self.problems = problems


class AnonymiseError(ReviewkitError):
    """The case cannot be anonymised as asked (a pseudonym that is the real name, say)."""


LEAKS_SHOWN = 20  # hits listed in a LeakError's message before "... and N more"


class LeakHit(Protocol):
    """What a LeakError needs of a hit (`reviewkit.anonymise.scan.Hit`): safe text, a kind."""

    @property
    def kind(self) -> str:
        """The kind of thing found: name, place, NHS number, date of birth ..."""


class LeakError(ReviewkitError):
    """Something identifying was found in an output; it was not written (or must be fixed).

    `hits` are the leak scan's located hits (`reviewkit.anonymise.scan.Hit`), each safe to
    print: a hit says what was found, never the name itself.
    """

    exit_code = 1

    def __init__(
        self, hits: Sequence[LeakHit], *, what: str, hint: str, listed: bool = True
    ) -> None:
        shown = [str(h) for h in hits[:LEAKS_SHOWN]] if listed else []
        if listed and len(hits) > LEAKS_SHOWN:
            shown.append(f"... and {len(hits) - LEAKS_SHOWN} more")
        noun = "leak" if len(hits) == 1 else "leaks"
        shown.append(f"{len(hits)} {noun} found in {what}; {hint}")
        super().__init__("\n".join(shown))
        self.hits = list(hits)


class PublishRefusedError(ReviewkitError):
    """`build --publish` found something a public report must not hold; nothing was written.

    `reasons` are located lines, each safe to print (a leak says what it is, not the name).
    """

    exit_code = 1

    def __init__(self, reasons: Sequence[str], *, hint: str) -> None:
        noun = "reason" if len(reasons) == 1 else "reasons"
        lines = [*reasons, f"not published ({len(reasons)} {noun}); nothing was written. {hint}"]
        super().__init__("\n".join(lines))
        self.reasons = list(reasons)


class DateError(ValueError):
    """Text that is not a date reviewkit understands; the message says what to write."""


class NotSpliceableError(Exception):
    """A change cannot be made to a few lines of the case file (never shown: the store then
    makes it to the whole file)."""


class CellError(ValueError):
    """A cell that cannot be read as its column's kind of value."""


class WouldReplaceError(ReviewkitError):
    """Answers would replace written text and --replace was not given: nothing was written."""

    exit_code = 1

    def __init__(
        self,
        replacements: Sequence[tuple[str, list[str]]],
        case: Path,
        *,
        closing: str | None = None,
    ) -> None:
        # Each replacement: where it is (located in the answers file) and its short diff.
        lines: list[str] = []
        for where, diff in replacements:
            lines.append(where)
            lines.extend(f"    {line}" for line in diff)
        lines.append(
            closing
            or f"{plural(len(replacements), 'answer')} would replace text already written in "
            f"{case}, so nothing was saved. Give --replace to replace the written text, or "
            "take those answers out of the file."
        )
        super().__init__("\n".join(lines))
        self.replacements = list(replacements)


class SummaryWouldReplaceError(WouldReplaceError):
    """An imported agency summary would replace a summary already written: nothing was saved."""

    def __init__(self, replacements: Sequence[tuple[str, list[str]]], case: Path) -> None:
        # Each replacement: the cell it was read from and the case-file field, and a short diff.
        super().__init__(
            replacements,
            case,
            closing=f"{plural(len(replacements), 'answer')} of the agency summary would replace "
            f"text already written in {case}, so nothing was saved. Give --replace to replace it.",
        )
