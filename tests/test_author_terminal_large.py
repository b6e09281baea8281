"""The SIGKILL test of `reviewkit author` on a 5,000-event case (made as bench/ makes them).

At that size a save edits a few lines of a 3 MiB file; killed right after an answer is
confirmed, the answer is in or out and the file always loads.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

from reviewkit.casefile import load_case

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.slow

BENCH = Path(__file__).parent.parent / "bench" / "make_cases.py"
ANALYSIS = ("known", "helped_hindered", "good_practice", "learning")


@pytest.fixture(scope="module")
def large_text() -> str:
    spec = importlib.util.spec_from_file_location("make_cases", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    case = module.make_case(5_000)
    for episode in case["episodes"]:
        for name in ANALYSIS:
            episode.pop(name, None)  # the walk starts at the first episode's `known`
    text = yaml.dump(case, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=100)
    return f"# 5,000 invented events.\n{text}"


@pytest.mark.parametrize("round_", range(2))
def test_killed_in_the_middle_of_a_save_of_a_large_case(
    tmp_path: Path, large_text: str, round_: int
) -> None:
    from test_author_terminal import MORE, Session

    case_file = tmp_path / "case.yaml"
    case_file.write_text(large_text, encoding="utf-8")
    session = Session(case_file)
    session.child.timeout = 180  # a busy machine: opening 5,000 events takes seconds
    session.prompt()
    session.answer("Saved before.")
    session.child.sendline("Maybe saved.")
    session.child.expect_exact(MORE)
    session.child.sendline(".")
    session.kill()
    episode = load_case(case_file).case.episodes[0]
    assert episode.known == "Saved before."
    assert episode.helped_hindered in (None, "Maybe saved.")
    backup = case_file.with_name("case.yaml.bak")
    assert load_case(backup).case.episodes[0].known in (None, "Saved before.")
    # Nothing but the answers changed: every line of the file as it was is still there.
    lines = iter(case_file.read_text(encoding="utf-8").splitlines())
    assert all(any(line == kept for kept in lines) for line in large_text.splitlines())
