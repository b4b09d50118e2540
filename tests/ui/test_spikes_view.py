"""The spike view: list, plot, filter the queue to a spike's comments, acknowledge (logged)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import Label, OptionList, Sparkline, Static

from cm_tui.spikes_refresh import refresh_spikes
from cm_tui.store import log
from cm_tui.store.db import open_store
from cm_tui.store.spike_rows import load_spikes
from cm_tui.ui.app import CmApp
from cm_tui.ui.screens.main import MainScreen
from cm_tui.ui.screens.spikes import SpikesScreen
from cm_tui.ui.widgets.queue_view import QueueView
from tests.ui.conftest import settle

DURING = datetime(2026, 11, 22, 17, 30, tzinfo=UTC)


async def test_spike_view_filter_and_acknowledge(demo_db: Path) -> None:
    store = open_store(demo_db)
    store.conn.execute("DELETE FROM comments WHERE created_at > ?", ("2026-11-22T17:30:00Z",))
    events = refresh_spikes(store, now=DURING)
    store.close()
    post_spike = next(e for e in events if e.scope_kind == "post" and e.end is None)
    app = CmApp(demo_db, "anna", clock=lambda: DURING)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SpikesScreen)
        options = screen.query_one(OptionList)
        assert options.option_count == len(events)
        index = next(i for i, s in enumerate(screen.spikes) if s["id"] == post_spike.id)
        options.highlighted = index
        stored_ids = set(screen.spikes[index]["comment_ids"])
        assert len(stored_ids) > 100
        await pilot.pause()
        volume = screen.query_one("#plot-volume", Sparkline).data
        assert volume and max(volume) > 10  # the surge is in the plot
        # one value per 5 minutes from the axis' start to its end, quiet buckets included
        start, end = (str(screen.query_one(f"#axis-{k}", Label).render()) for k in ("start", "end"))
        first = datetime.strptime(start, "%d.%m.%Y %H:%M")
        last = datetime.strptime(f"{first:%Y-%m-%d} {end}", "%Y-%m-%d %H:%M")
        assert len(volume) == (last - first).total_seconds() / 300
        course = str(screen.query_one("#course", Static).render())
        assert course.startswith("Verlauf: ") and course.endswith(" · läuft")  # still running at 17:30
        assert "Krise" in course or "Shitstorm" in course
        await pilot.press("a")  # acknowledge
        await settle(pilot)
        await pilot.press("f")  # the queue shows this spike's comments
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        view = app.screen.query_one(QueueView)
        assert view.window.total == len(stored_ids)
    store = open_store(demo_db)
    acks = [e for e in log.read_log(store) if e.action == "spike_ack"]
    assert [(e.user, e.data["spike"]) for e in acks] == [("anna", post_spike.id)]
    # The entry names the spike for people too, even after the spike itself is recomputed away.
    assert acks[0].data["label"] == post_spike.scope_label
    stored = next(r for r in load_spikes(store) if r["id"] == post_spike.id)
    assert acks[0].data["start"] == stored["start"]
    store.close()
