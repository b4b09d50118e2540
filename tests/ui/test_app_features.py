"""Claims between two instances, hostile text, language, rebinding, palette, spike banner."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from textual import events
from textual.widgets import Static

from cm_tui.cli import main as cli_main
from cm_tui.config import Settings
from cm_tui.spikes_refresh import refresh_spikes
from cm_tui.store import log
from cm_tui.store.db import open_store
from cm_tui.ui.app import CmApp
from cm_tui.ui.screens.main import MainScreen
from cm_tui.ui.screens.modals import Confirm
from cm_tui.ui.widgets.detail import DetailPane
from cm_tui.ui.widgets.queue_view import QueueView
from tests.conftest import NOW
from tests.ui.conftest import settle


def _logged(db: Path) -> list[tuple[str, int | None]]:
    """(action, comment) of every log entry, in order."""
    store = open_store(db)
    try:
        return [(e.action, e.comment) for e in log.read_log(store)]
    finally:
        store.close()


async def _claimed_first(pilot):  # type: ignore[no-untyped-def]
    """The comment under the cursor once the app has claimed it."""
    await settle(pilot)
    await pilot.pause(0.4)  # the claim follows the cursor after a short rest
    await settle(pilot)
    first = pilot.app.screen.query_one(QueueView).current
    assert first is not None
    return first


async def test_two_instances_never_act_on_the_same_comment_unknowingly(demo_db: Path) -> None:
    anna, ben = CmApp(demo_db, "anna", clock=lambda: NOW), CmApp(demo_db, "ben", clock=lambda: NOW)
    async with anna.run_test(size=(120, 30)) as pa:
        first = await _claimed_first(pa)
        async with ben.run_test(size=(120, 30)) as pb:
            await settle(pb)
            view = ben.screen.query_one(QueueView)
            assert view.current is not None and view.current.id != first.id  # ben skips anna's comment
            assert view.row_at(0) is not None and view.row_at(0).claimed_by == "anna"
            await pb.press("k")  # look at it anyway
            await settle(pb)
            assert view.current.id == first.id
            await pb.press("a")
            await settle(pb)
            assert isinstance(ben.screen, Confirm)  # "anna bearbeitet diesen Kommentar. Übernehmen?"
            await pb.press("n")
            await settle(pb)
            store = open_store(demo_db)
            assert log.read_log(store) == []
            await pb.press("a")
            await settle(pb)
            await pb.press("y")  # take it over, then approve
            await settle(pb)
            entries = log.read_log(store)
            assert [(e.action, e.user, e.comment) for e in entries] == [
                ("claim_takeover", "ben", first.id), ("approve", "ben", first.id),
            ]
            assert entries[0].data["from"] == "anna"
            store.close()


async def test_quitting_releases_the_claim_at_once(demo_db: Path) -> None:
    from cm_tui.store import claims

    anna = CmApp(demo_db, "anna", clock=lambda: NOW)
    async with anna.run_test(size=(120, 30)) as pa:
        first = await _claimed_first(pa)
        store = open_store(demo_db)
        assert claims.holder(store, first.id, now=NOW) is not None  # while anna's app is open
        await pa.press("ctrl+q")  # quit, as a person does
    # ben need not wait ten minutes for the lease: anna has gone
    assert claims.holder(store, first.id, now=NOW) is None
    store.close()


HOSTILE = [
    {"platform": "facebook", "comment_id": "h1", "post_id": "p", "author_name": "[bold red]Mallory[/]",
     "text": "[bold red]x[/] \u001b[2J\u001b]0;pwned\u0007 \u202eevil\u202c [link=http://x]klick[/link]",
     "created_at": "2026-11-23T11:00:00Z"},
    {"platform": "facebook", "comment_id": "h2", "post_id": "p", "author_name": "Lang",
     "text": "A" * 100_000, "created_at": "2026-11-23T11:01:00Z"},
]


async def test_hostile_comment_shows_literally_and_layout_holds(tmp_path: Path) -> None:
    src = tmp_path / "hostile.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in HOSTILE), encoding="utf-8")
    db = tmp_path / "h.db"
    assert cli_main(["--db", str(db), "import", str(src), "--quiet"]) == 0
    app = CmApp(db, "anna", clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(QueueView)
        assert view.window.total == 2
        for index in range(2):
            view.cursor = index
            await settle(pilot)
            pane = app.screen.query_one(DetailPane)
            assert pane.key == view.current.id
            plain = pane.plain  # the lines as drawn
            assert all(strip.cell_length == pane.scrollable_content_region.width for strip in pane.lines)
            assert "\x1b" not in plain and "\u202e" not in plain and "\x07" not in plain
            if view.current.text.startswith("["):
                assert "[bold red]x[/]" in plain and "[link=http://x]klick[/link]" in plain
                assert "[bold red]Mallory[/]" in plain
            for y in range(2):
                strip = view.render_line(y)
                assert strip.cell_length == view.scrollable_content_region.width
                assert "\x1b" not in "".join(seg.text for seg in strip)
        assert app.screen.query_one("#header", Static).region.height == 1


async def test_english_ui_and_rebound_key(demo_db: Path) -> None:
    app = CmApp(demo_db, "anna", Settings(keymap={"approve": "y"}), lang="en", clock=lambda: NOW)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        header = app.screen.query_one("#header", Static).render()
        assert "Open" in str(header) and "Offen" not in str(header)
        first = app.screen.query_one(QueueView).current
        await pilot.press("a")  # no longer bound
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    assert _logged(demo_db) == [("approve", first.id)]


async def test_command_palette_runs_actions(demo_db: Path) -> None:
    app = CmApp(demo_db, "anna", clock=lambda: NOW)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        first = app.screen.query_one(QueueView).current
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Freigeben")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
    assert _logged(demo_db) == [("approve", first.id)]


async def test_spike_banner_during_the_sample_shitstorm(demo_db: Path) -> None:
    during = datetime(2026, 11, 22, 17, 20, tzinfo=UTC)
    store = open_store(demo_db)
    store.conn.execute("DELETE FROM comments WHERE created_at > ?", ("2026-11-22T17:20:00Z",))
    refresh_spikes(store, now=during)
    store.close()
    app = CmApp(demo_db, "anna", clock=lambda: during)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        banner = app.screen.query_one("#banner", Static)
        assert banner.has_class("active") and banner.region.height >= 1
        text = str(banner.render())
        assert "Radweg Hauptstraße" in text and "Kommentare in 60 min" in text
        header = str(app.screen.query_one("#header", Static).render())
        assert "Shitstorm" in header or "Krise" in header
        assert isinstance(app.screen, MainScreen)
        view = app.screen.query_one(QueueView)
        rows = [view.row_at(i) for i in range(min(view.window.total, 200))]
        medium = [r for r in rows if r is not None and r.severity == 2]
        assert medium[0].spike is not None  # within a severity, spike comments come first
        assert any(r.spike is None for r in medium)


async def test_keys_typed_ahead_land_in_the_modal_they_were_meant_for(demo_db: Path) -> None:
    app = CmApp(demo_db, "anna", clock=lambda: NOW)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        first = app.screen.query_one(QueueView).current
        expected = first.rule_ids.split()[0]
        await pilot.press("h", "enter", "e", "enter")  # hide citing the found rule; escalate the next one
        await settle(pilot)
    store = open_store(demo_db)
    entries = [e for e in log.read_log(store) if e.action != "evidence"]
    assert [(e.action, e.rules) for e in entries] == [("hide", (expected,)), ("escalate", ())]
    assert entries[0].comment == first.id and entries[1].comment != first.id
    store.close()


async def test_changed_rules_are_rechecked_in_the_background(demo_db: Path) -> None:
    store = open_store(demo_db)
    store.conn.execute("UPDATE comments SET rules_version = 'old', flagged = 0, rule_ids = '' WHERE id <= 50")
    store.close()
    app = CmApp(demo_db, "anna", clock=lambda: NOW)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        for _ in range(300):  # the re-check runs in its own process; wait until it is done
            if not [w for w in app.workers if w.group == "recheck" and not w.is_finished]:
                break
            await pilot.pause(0.05)
    store = open_store(demo_db)
    assert store.conn.execute("SELECT count(*) FROM comments WHERE rules_version = 'old'").fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM comments WHERE id <= 50 AND rule_ids != ''").fetchone()[0] > 0
    store.close()


async def test_key_bar_shows_the_registry_and_a_click_presses_the_key(demo_db: Path) -> None:
    from cm_tui.ui.widgets.key_bar import KeyBar

    app = CmApp(demo_db, "anna", clock=lambda: NOW)
    async with app.run_test(size=(130, 30)) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        line = str(bar.render())
        assert " a Freigeben " in line and line.rstrip().endswith("^p palette")
        first = app.screen.query_one(QueueView).current
        start = next(a for a, _b, key in bar._spans if key == "a")
        await pilot.click(KeyBar, offset=(start + 1, 0))
        await settle(pilot)
    assert _logged(demo_db) == [("approve", first.id)]


async def test_key_repeat_ends_on_the_detail_of_the_row_under_the_cursor(demo_db: Path) -> None:
    app = CmApp(demo_db, "anna", clock=lambda: NOW)
    async with app.run_test(size=(130, 30)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(QueueView)
        for _ in range(25):  # faster than details are built: moves may be coalesced
            app.post_message(events.Key("j", "j"))
        await settle(pilot)
        assert view.cursor == 25
        pane = app.screen.query_one(DetailPane)
        assert pane.key == view.current.id and view.current.author_name in pane.plain


async def test_rules_load_only_once_the_keys_rest(demo_db: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Right after the start the user reads the queue with j; the rule set (a quarter second of
    interpreter time) must not load in the middle of that, but as soon as the keys rest."""
    monkeypatch.setattr(CmApp, "RULES_IDLE_SECONDS", 0.4)
    app = CmApp(demo_db, "anna", clock=lambda: NOW)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, groups={"queue-pages"})
        for _ in range(12):  # a key every 0.1 s for 1.2 s: never a 0.4 s rest
            await pilot.press("j")
            await pilot.pause(0.1)
            assert app._rules is None
        for _ in range(60):
            if app._rules is not None:
                break
            await pilot.pause(0.05)
        assert app._rules is not None
        assert app.screen.query_one(QueueView).cursor == 12


async def test_suggested_replies_get_their_titles_once_the_rules_load(demo_db: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Before the rule set loads, the detail can name the suggested templates by id only; once it
    has loaded, the comment on screen is drawn again with the titles, without a key press."""
    monkeypatch.setattr(CmApp, "RULES_IDLE_SECONDS", 0.4)
    app = CmApp(demo_db, "anna", clock=lambda: NOW)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot, groups={"queue-pages"})
        await pilot.pause(0.1)
        pane = app.screen.query_one(DetailPane)
        line = next(x for x in pane.plain.splitlines() if "Vorgeschlagene Antworten" in x)
        assert app._rules is None and "T01 (90 %)" in line
        for _ in range(60):
            if "Netiquette-Hinweis (T01, 90 %)" in pane.plain:
                break
            await pilot.pause(0.05)
        assert "Netiquette-Hinweis (T01, 90 %)" in pane.plain
