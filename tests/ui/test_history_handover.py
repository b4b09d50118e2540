"""Pilot tests: the history screen (H) and the handover screen (U), and the end-to-end shift
change: shift A triages and closes with a note, shift B sees exactly what A left open."""

from __future__ import annotations

import dataclasses

import importlib.util
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from cm_tui.checking import load_rules
from cm_tui.reports.handover import build_handover, last_handover
from cm_tui.store import log
from cm_tui.store.db import open_store
from cm_tui.ui.app import CmApp
from cm_tui.ui.screens.handover import HandoverNoteModal, HandoverScreen, LastNoteModal
from cm_tui.ui.screens.history import HistoryScreen, row_text
from cm_tui.ui.screens.main import MainScreen
from cm_tui.ui.widgets.detail import DetailPane

_spec = importlib.util.spec_from_file_location(
    "scenario", Path(__file__).resolve().parents[1] / "unit" / "reports" / "scenario.py")
sc = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(sc)  # type: ignore[union-attr]
RULES = load_rules()  # once per module: the apps below share it


def make_app(db: Path, user: str, now):  # type: ignore[no-untyped-def]
    return CmApp(db, user, clock=lambda: now, rules=RULES)


async def until(pilot: Pilot, cond: Callable[[], bool], tries: int = 100) -> None:
    for _ in range(tries):
        if cond():
            return
        await pilot.pause(0.02)
    assert cond()


async def past_last_note(pilot: Pilot, app: CmApp) -> None:
    """The app opens with the last handover note when there is one; read it and go on."""
    await until(pilot, lambda: isinstance(app.screen, (MainScreen, LastNoteModal)))
    if isinstance(app.screen, LastNoteModal):
        await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, MainScreen))


def detail_text(screen) -> str:  # type: ignore[no-untyped-def]
    return screen.query_one(DetailPane).plain


async def test_history_keys_filter_and_trail(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    sc.build_shift_a(db).close()
    app = make_app(db, "anna", sc.NOW)
    async with app.run_test(size=(150, 40)) as pilot:
        await past_last_note(pilot, app)
        await pilot.press("H")
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.total == 13)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        await until(pilot, lambda: screen.view.current is not None)
        assert screen.view.current.entry.action == "shift_close"  # newest first
        await pilot.press("j")
        assert screen.view.current.entry.action == "spike_ack"
        # The spike is named by its label (from the spikes table: this entry stored only the id).
        assert screen.view.current.spike_text() == "Baustelle Hauptstraße · erhöhte Lage"
        await pilot.press("G")
        await until(pilot, lambda: screen.view.current is not None and screen.view.current.entry.id == 1)
        await pilot.press("g")
        assert screen.view.cursor == 0
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"author:Max", "enter")
        await until(pilot, lambda: screen.total == 3 and screen.view.current is not None
                    and screen.view.current.entry.action == "escalate")
        # hostile text in the list is shown literally, without escapes
        lines = [row_text(screen.view.window.get(i)).plain for i in range(3)]  # type: ignore[arg-type]
        hide_line = next(line for line in lines if "ausgeblendet" in line)
        assert "[bold red]x[/]" in hide_line and "\x1b" not in hide_line
        await pilot.press("enter")
        await until(pilot, lambda: "Ich weiß, wo du wohnst." in detail_text(screen))
        body = detail_text(screen)
        assert "Protokoll" in body and "Beweise gesichert" in body and "eskaliert" in body
        await pilot.press("o")
        await past_last_note(pilot, app)
        main = app.screen
        assert main.filter.comment_ids == (sc.ids(app.reader)["c2"],)  # type: ignore[attr-defined]


async def test_history_bad_filter_keeps_list(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    sc.build_shift_a(db).close()
    app = make_app(db, "anna", sc.NOW)
    async with app.run_test(size=(120, 30)) as pilot:
        await past_last_note(pilot, app)
        await pilot.press("H")
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.total == 13)
        screen = app.screen
        assert not screen.apply_query("action:fliegen")  # type: ignore[attr-defined]
        assert screen.total == 13  # type: ignore[attr-defined]
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))


async def test_shift_a_closes_and_shift_b_sees_what_is_open(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    sc.build_shift_a(db, close=False).close()
    # shift A: open the handover, write the note, close the shift (at 11:00)
    app_a = make_app(db, "anna", sc.CLOSE_A)
    async with app_a.run_test(size=(150, 50)) as pilot:
        await past_last_note(pilot, app_a)
        await pilot.press("U")
        await until(pilot, lambda: isinstance(app_a.screen, HandoverScreen) and app_a.screen.report is not None)
        report = app_a.screen.report
        assert report.since == "2026-11-23T03:55:00.000000Z"  # since ben's close
        assert report.entries == 7 and len(report.open_cases) == 2
        body = str(app_a.screen.query_one("#handover-body").render())
        assert "Strafantragsfrist bis 30.11.2026" in body and "Nachtschicht ruhig." in body
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app_a.screen, HandoverNoteModal))
        await pilot.press(*"Polizei anrufen wegen #3", "ctrl+s")
        store = open_store(db)
        await until(pilot, lambda: (e := last_handover(store)) is not None and e.user == "anna")
        entry = last_handover(store)
        assert entry is not None and entry.note == "Polizei anrufen wegen #3" and entry.at == "2026-11-23T11:00:00.000000Z"
        store.close()
    # shift B starts at 12:00: the note modal, then the handover shows exactly what A left open
    app_b = make_app(db, "ben", sc.NOW)
    async with app_b.run_test(size=(150, 50)) as pilot:
        await until(pilot, lambda: isinstance(app_b.screen, LastNoteModal) and bool(app_b.screen.query("#last-note")))
        assert "Polizei anrufen wegen #3" in str(app_b.screen.query_one("#last-note").render())
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app_b.screen, MainScreen))
        await pilot.press("U")
        await until(pilot, lambda: isinstance(app_b.screen, HandoverScreen) and app_b.screen.report is not None)
        b = app_b.screen.report
        ids = sc.ids(app_b.reader)
        assert b.since == "2026-11-23T11:00:00.000000Z" and b.entries == 0
        assert b.previous_note is not None and b.previous_note.note == "Polizei anrufen wegen #3"
        assert [(c.comment_id, c.state, c.deadline) for c in b.open_cases] == [
            (ids["c7"], "reported", "2026-11-30"), (ids["c2"], "escalated", "2027-02-23")]
        # A's unfinished claim (B's own app claims the comment under its cursor, too)
        assert [(c.comment_id, c.user) for c in b.claims if c.user == "anna"] == [(ids["c6"], "anna")]
        assert b.queue_open == 2
        # same numbers as the pure builder
        # (ben's own app claims the comment under his cursor at its own pace: leave his claims out)
        rebuilt = build_handover(app_b.reader, since=sc.CLOSE_A, now=sc.NOW)
        anna_only = lambda h: dataclasses.replace(h, claims=tuple(c for c in h.claims if c.user == "anna"))  # noqa: E731
        assert anna_only(b) == anna_only(rebuilt)
        # B works one case off; the report follows
        log.append(app_b.store, "ben", "approve", [ids["c2"]], now=sc.at(11, 30))
        await pilot.press("r")
        await until(pilot, lambda: len(app_b.screen.report.open_cases) == 1)  # type: ignore[union-attr]
