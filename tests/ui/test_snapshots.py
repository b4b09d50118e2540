"""Screens as a person sees them, at a fixed size and clock (pytest-textual-snapshot)."""

from __future__ import annotations

from pathlib import Path

from cm_tui.ui.app import CmApp
from tests.conftest import NOW
from tests.ui.conftest import settle

SIZE = (130, 40)


def _app(db: Path) -> CmApp:
    return CmApp(db, "anna", clock=lambda: NOW)


async def _ready(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.pause(0.4)  # the claim follows the cursor after a short rest
    await settle(pilot)
    pilot.app.screen.query_one("#queue").focus()


def test_main_screen(snap_compare, demo_db: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(demo_db), terminal_size=SIZE, run_before=_ready)


def test_detail_of_an_obfuscated_insult(snap_compare, demo_db: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _ready(pilot)
        pilot.app.screen.apply_query('"Hurens*hne"')
        await settle(pilot)
        await _ready(pilot)

    assert snap_compare(_app(demo_db), terminal_size=SIZE, run_before=run_before)


def test_reply_picker(snap_compare, demo_db: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _ready(pilot)
        pilot.app.screen.apply_query("Personalausweis")
        await _ready(pilot)
        await pilot.press("r")
        await settle(pilot)

    assert snap_compare(_app(demo_db), terminal_size=SIZE, run_before=run_before)


def _pressing(key: str):  # type: ignore[no-untyped-def]
    """A run_before that opens a screen by its key once the queue is ready."""
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _ready(pilot)
        await pilot.press(key)
        await settle(pilot)

    return run_before


def test_help_screen(snap_compare, demo_db: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_app(demo_db), terminal_size=SIZE, run_before=_pressing("question_mark"))


def test_spike_view(snap_compare, demo_db: Path) -> None:  # type: ignore[no-untyped-def]
    """The sample shitstorm: list, explanation, levels over time, both plots on a time axis."""
    assert snap_compare(_app(demo_db), terminal_size=SIZE, run_before=_pressing("L"))
