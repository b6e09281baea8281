"""Docs stay true: every command has help, and the README shows every command."""

from __future__ import annotations

import pytest
import typer.main

from reviewkit.cli import app

from conftest import ROOT, invoke

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_there_are_commands() -> None:
    assert {"check", "timeline", "build", "author", "init", "schema"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(name: str) -> None:
    result = invoke(name, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    assert command.help, f"{name} has no help text"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name: str) -> None:
    assert f"reviewkit {name}" in README


def test_readme_starts_with_the_two_commands() -> None:
    blocks = [b.split("```", 1)[0].strip() for b in README.split("```sh\n")[1:3]]
    assert blocks[0].startswith("python3 -m venv .venv && .venv/bin/pip install")
    assert "reviewkit build sample_cases/" in blocks[0]
    assert blocks[1].endswith(".venv/bin/pytest -q -n 2")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = README.split("```sh\n")[2].split("```", 1)[0].strip()
    assert test_command in ci


def test_linked_docs_exist() -> None:
    for line in README.splitlines():
        if "](docs/" in line:
            target = line.split("](", 1)[1].split(")", 1)[0]
            assert (ROOT / target).exists(), target
