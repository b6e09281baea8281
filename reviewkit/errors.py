"""The one error hierarchy: every mistake a user can make ends up as a ReviewkitError.

The CLI catches ReviewkitError in one place, prints its message to stderr and exits with
its exit code. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
