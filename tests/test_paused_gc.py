"""The collector pauses while a case is built, and skips what a large build left alive.

`paused_gc` wraps every load of a case file and an import's plan. A pause that leaves many
objects alive moves them out of later collections (`gc.freeze`), so they are not scanned
again; a small pause (one authoring save) freezes nothing, so garbage it makes in cycles is
still collected as usual however long the session runs.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from reviewkit.casefile import check
from reviewkit.casefile.check import paused_gc


@pytest.fixture(autouse=True)
def collector() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.enable()
    gc.collect()
    gc.unfreeze()
    yield
    gc.unfreeze()
    if not was_enabled:
        gc.disable()


def test_the_collector_is_paused_and_enabled_again() -> None:
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_pause_left_in_is_not_ended_by_an_inner_one() -> None:
    gc.disable()
    with paused_gc():
        pass
    assert not gc.isenabled()
    gc.enable()


def test_a_large_build_is_kept_out_of_later_collections() -> None:
    with paused_gc():
        built = [{"n": i} for i in range(check.FREEZE_AFTER + 1_000)]
    assert gc.get_freeze_count() >= len(built)
    assert gc.isenabled()


def test_a_small_build_is_collected_as_usual() -> None:
    with paused_gc():
        cycle: list[object] = []
        cycle.append(cycle)
    del cycle
    assert gc.get_freeze_count() == 0
    assert gc.collect() >= 1  # the cycle made in the pause is still found
