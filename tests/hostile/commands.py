"""Which commands read which kind of hostile file, and the arguments that make them read it.

A maker's name starts with its kind (`case_`, `answers_`, `police_` ...); each kind is read by
the commands listed here. Every command gets its other inputs from `Work`, a folder of good
files, so the hostile file is the only thing wrong with the run.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).parent.parent / "fixtures"


@dataclass(frozen=True)
class Work:
    """A folder of good inputs, and where a command may write its outputs."""

    folder: Path

    @classmethod
    def make(cls, folder: Path) -> Work:
        """Copy the good inputs into `folder`."""
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURES / "check-valid.yaml", folder / "case.yaml")
        shutil.copy(FIXTURES / "chronology-case.yaml", folder / "chronology-case.yaml")
        shutil.copy(FIXTURES / "chronology-police.csv", folder / "police.csv")
        (folder / "answers.yaml").write_text("kpe1:\n  known: Checked.\n", encoding="utf-8")
        (folder / "draft.md").write_text("# Draft\n\nThe health visitor called.\n", "utf-8")
        (folder / "out").mkdir(exist_ok=True)
        return cls(folder)

    @property
    def case(self) -> Path:
        return self.folder / "case.yaml"

    @property
    def out(self) -> Path:
        return self.folder / "out"


Args = Callable[[Path, Work], list[object]]

# The commands that read a case file, each given the hostile one as its case.
CASE: dict[str, Args] = {
    "check": lambda p, w: ["check", p],
    "timeline": lambda p, w: ["timeline", p],
    "build": lambda p, w: ["build", p, "-o", w.out],
    "author": lambda p, w: ["author", p, "--answers", w.folder / "answers.yaml"],
    "deadlines": lambda p, w: ["deadlines", p],
    "import": lambda p, w: [
        "import",
        p,
        w.folder / "police.csv",
        "--agency",
        "police",
        "--dry-run",
    ],
    "scan": lambda p, w: ["scan", w.folder / "draft.md", "--case", p],
    "anonymise": lambda p, w: ["anonymise", p, "-o", w.out / "anon.yaml"],
    "duplicates": lambda p, w: ["duplicates", p],
    "agency-template": lambda p, w: [
        "agency-template",
        p,
        "--agency",
        "police",
        "-o",
        w.out / "t.csv",
    ],
    "pseudonymise": lambda p, w: ["pseudonymise", p],
    "history": lambda p, w: ["history", p],
}

# Kind of file -> the commands that read it.
READERS: dict[str, dict[str, Args]] = {
    "case": CASE,
    "named": CASE,  # a named pipe, a looping link, a folder: given where a case file goes
    "symlink": CASE,
    "directory": CASE,
    "device": CASE,
    "answers": {"author": lambda p, w: ["author", w.case, "--answers", p]},
    "questions": {
        "author": lambda p, w: [
            "author",
            w.case,
            "--questions",
            p,
            "--answers",
            w.folder / "answers.yaml",
        ]
    },
    "rules": {"deadlines": lambda p, w: ["deadlines", w.case, "--rules", p]},
    "templates": {"build": lambda p, w: ["build", w.case, "-o", w.out, "--templates", p]},
    "refdoc": {
        "build": lambda p, w: ["build", w.case, "-o", w.out, "-f", "docx", "--reference-doc", p]
    },
    "police": {
        "import": lambda p, w: [
            "import",
            w.folder / "chronology-case.yaml",
            p,
            "--agency",
            "police",
            "--dry-run",
        ]
    },
    "xlsx": {
        "import": lambda p, w: [
            "import",
            w.folder / "chronology-case.yaml",
            p,
            "--agency",
            "police",
            "--dry-run",
        ]
    },
    "docx": {"scan": lambda p, w: ["scan", p, "--case", w.folder / "chronology-case.yaml"]},
    "pdf": {"scan": lambda p, w: ["scan", p, "--case", w.folder / "chronology-case.yaml"]},
    "text": {"scan": lambda p, w: ["scan", p, "--case", w.folder / "chronology-case.yaml"]},
}


def readers(maker: str) -> dict[str, Args]:
    """The commands that read the file a maker writes."""
    return READERS[maker.split("_")[0]]
