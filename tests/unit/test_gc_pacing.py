"""The pacer puts the collector's full collections off until the keys rest (see ui/gc_pacing.py)."""

from __future__ import annotations

import gc

from cm_tui.ui.gc_pacing import GcPacer


def _allocate_until(pending: int) -> None:
    """Cyclic garbage (only a collection frees it) until ``pending`` middle-generation collections
    have run since the last full one: what a long run of key presses leaves behind."""
    for _ in range(10_000_000):
        if gc.get_count()[2] >= pending:
            return
        a: list[object] = []
        a.append(a)
    raise AssertionError("the young generations were never collected")


def test_full_collections_wait_for_rest_and_thresholds_come_back() -> None:
    before = gc.get_threshold()
    full: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append(1)

    pacer = GcPacer(rest_seconds=1.0, max_pending=10**6)
    gc.callbacks.append(seen)
    try:
        pacer.start()
        _allocate_until(3 * pacer.min_pending)  # CPython would have run a full collection by now
        assert full == []
        assert not pacer.tick(rested=0.2)  # keys still moving: put off
        assert pacer.tick(rested=1.5) and full == [1]  # at rest: one full collection
        assert not pacer.tick(rested=3.0)  # nothing pending since
    finally:
        gc.callbacks.remove(seen)
        pacer.stop()
    assert gc.get_threshold() == before


def test_a_long_run_of_keys_still_collects_in_the_end() -> None:
    pacer = GcPacer(max_pending=20)
    try:
        pacer.start()
        _allocate_until(19)
        assert not pacer.due(rested=0.0)
        _allocate_until(20)
        assert pacer.due(rested=0.0)
    finally:
        pacer.stop()
