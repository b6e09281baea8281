"""Rules of the code's shape that a test can prove."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "reviewkit"


def core_modules() -> list[str]:
    """Every module of the package outside the CLI layer."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if "cli" in parts:
            continue
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def test_core_never_imports_the_cli_layer() -> None:
    modules = core_modules()
    assert "reviewkit.model" in modules and "reviewkit.casefile.check" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in ('typer', 'rich', 'reviewkit.cli') if m in sys.modules)\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


def test_core_never_prints() -> None:
    offenders = []
    for name in core_modules():
        path = PACKAGE.parent / (name.replace(".", "/") + ".py")
        if not path.exists():
            path = PACKAGE.parent / name.replace(".", "/") / "__init__.py"
        text = path.read_text(encoding="utf-8")
        if re.search(r"(?<![\w.])print\(", text):
            offenders.append(name)
    assert offenders == []


def test_help_starts_without_heavy_imports() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from reviewkit.cli import app\n"
        "CliRunner().invoke(app, ['--help'])\n"
        "heavy = ('docx', 'jinja2', 'openpyxl', 'ruamel', 'holidays', 'pydantic', 'lxml')\n"
        "print(','.join(sorted(m for m in heavy if m in sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""
