"""The Textual application: composition only. Screens and widgets live beside it."""

from __future__ import annotations

import asyncio
import gc
import sqlite3
import sys
import threading
import time
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App, SystemCommand
from textual.screen import Screen

from cm_tui.clock import Clock, utcnow
from cm_tui.config import Settings
from cm_tui.store import claims
from cm_tui.store.db import Store, open_store
from cm_tui.store.log import last_of
from cm_tui.strings import set_language, t
from cm_tui.ui.bindings import KEYS
from cm_tui.ui.gc_pacing import GcPacer
from cm_tui.ui.screens.last_note import LastNoteModal
from cm_tui.ui.screens.main import MainScreen

if TYPE_CHECKING:
    import netiquette


class CmApp(App[None]):
    TITLE = "cm-tui"
    RULES_IDLE_SECONDS = 1.0  # the rule set loads once the keys have rested this long

    def __init__(
        self, db: Path, user: str, settings: Settings | None = None, *, lang: str = "de",
        clock: Clock | None = None, rules: netiquette.RuleSet | None = None, config_path: Path | None = None,
    ) -> None:
        set_language(lang)
        super().__init__()
        self.db_path = db
        self.config_path = config_path
        self.user = user
        self.settings = settings or Settings()
        self._last_key = time.monotonic()
        self.clock = clock or utcnow
        self._rules = rules
        self._titles: tuple[netiquette.RuleSet | None, dict[str, str]] = (None, {})
        self.store: Store = open_store(db)  # writes, from worker threads
        self.reader: Store = open_store(db)  # reads for the UI, never blocked by our own writes
        self._background: Store | None = None
        self._background_lock = threading.Lock()
        self.held_claim: int | None = None  # the comment this instance claimed last (released at quit)
        self.first_paint = asyncio.Event()  # set by the main screen once the queue is on screen
        self.first_paint_seen = threading.Event()  # the same, for worker threads
        self.gc_pacer = GcPacer(rest_seconds=self.RULES_IDLE_SECONDS)
        self.title = t("app.title")

    @property
    def background(self) -> Store:
        """A connection for slow reads in worker threads (counts, scans): while they run, the UI
        thread's reads on ``reader`` (the detail of the comment under the cursor) never wait."""
        with self._background_lock:
            if self._background is None:
                self._background = open_store(self.db_path)
            return self._background

    @property
    def rules(self) -> netiquette.RuleSet:
        """Loaded on first use (a picker, or the re-check test after the first paint)."""
        if self._rules is None:
            from cm_tui.checking import load_rules  # netiquette is not needed for the first paint

            self._rules = load_rules(self.settings.rule_files)
        return self._rules

    def template_titles(self) -> dict[str, str]:
        """Reply template titles by id, once the rule set is loaded (the detail pane shows ids
        alone before that rather than hold a key press for the quarter second of loading)."""
        rules = self._rules
        if rules is None:
            return {}
        if self._titles[0] is not rules:  # once per loaded rule set, not on every key press
            self._titles = (rules, {tid: tpl.title for tid, tpl in rules.templates.items()})
        return self._titles[1]

    def now(self) -> datetime:
        return self.clock()

    def first_paint_done(self) -> None:
        """Called by the main screen once the queue is on screen: what is alive now (modules, styles,
        widgets) lives as long as the app. Frozen, the garbage collector no longer walks it on each
        full collection: those took 60-80 ms of CPU during key repeat, now about 15."""
        gc.freeze()
        self.gc_pacer.start()
        self.set_interval(0.5, self._collect_at_rest)
        self.first_paint.set()
        self.first_paint_seen.set()

    def _collect_at_rest(self) -> None:
        """The garbage collector's full collections, once the keys rest (see ``gc_pacing``)."""
        self.gc_pacer.tick(time.monotonic() - self._last_key)

    def on_mount(self) -> None:
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        self.push_screen(MainScreen())
        last = last_of(self.reader, "shift_close")  # the handover report's last_handover, without its imports
        if last is not None and last.note:
            self.push_screen(LastNoteModal(last))  # the next shift reads what the last one left first
        self._recheck_if_rules_changed()

    @work(exclusive=True, group="recheck", exit_on_error=False)
    async def _recheck_if_rules_changed(self) -> None:
        """After a rule change every comment is checked again: in a separate process, so a
        re-check of a million comments never competes with the UI for the interpreter. The check
        whether one is needed waits for the first paint: loading the rules takes a quarter second."""
        await self.first_paint.wait()
        await self._until_keys_rest()
        stale = await asyncio.to_thread(self._results_are_stale)
        gc.freeze()  # the rule set just loaded lives as long as the app (see first_paint_done)
        self._redraw_detail()  # the suggested replies get their titles
        if not stale:
            return
        args = [sys.executable, "-m", "cm_tui", "--db", str(self.db_path)]
        if self.config_path is not None:
            args += ["--config", str(self.config_path)]
        proc = await asyncio.create_subprocess_exec(
            *args, "recheck", "--quiet", stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE
        )
        _out, err = await proc.communicate()
        if proc.returncode:
            self.notify(f"Neuprüfung fehlgeschlagen: {err.decode(errors='replace').strip()[-200:]}",
                        severity="error", markup=False)
        self._refresh_main()

    async def _until_keys_rest(self) -> None:
        """Until no key has been pressed for ``RULES_IDLE_SECONDS``. Loading the rules holds the
        interpreter for a quarter second; during a run of j presses right after the start that
        doubled some key-to-detail times. A picker that needs the rules earlier loads them itself."""
        while (rest := time.monotonic() - self._last_key) < self.RULES_IDLE_SECONDS:
            await asyncio.sleep(self.RULES_IDLE_SECONDS - rest)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self._last_key = time.monotonic()
        await super().on_event(event)

    def _results_are_stale(self) -> bool:
        """Any comment checked by another rule-set version? (In a thread: it may scan the table.)"""
        version = self.rules.version
        store = self.background
        with store.lock:
            return store.conn.execute(
                "SELECT 1 FROM comments WHERE rules_version IS NOT ? LIMIT 1", (version,)
            ).fetchone() is not None

    def _redraw_detail(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.show_detail(screen.queue_view.current)

    def _refresh_main(self) -> None:
        if isinstance(self.screen, MainScreen):
            self.screen.refresh_queue()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:  # type: ignore[type-arg]
        yield from super().get_system_commands(screen)
        if isinstance(screen, MainScreen):
            for spec in KEYS:
                if spec.id in ("quit",):
                    continue
                yield SystemCommand(spec.label, f"Taste: {spec.keys}", lambda a=spec.action: screen.run_action(a))

    def action_help(self) -> None:
        from cm_tui.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.settings.keymap))

    def on_unmount(self) -> None:
        """Close each connection under its lock: a worker thread may still be counting on it, and
        closing a connection inside a running statement crashes the process. Reads in progress
        are interrupted (quitting need not wait for a count); a write in progress is finished."""
        self.gc_pacer.stop()
        for reads in (self.reader, self._background):
            if reads is not None:
                reads.conn.interrupt()
        if self.held_claim is not None and self.store is not None:
            # Quitting ends the work on it: colleagues need not wait for the lease to run out.
            try:
                claims.release(self.store, self.held_claim, self.user)
            except sqlite3.Error:
                pass  # the lease expires on its own
        for store in (self.store, self.reader, self._background):
            if store is not None:
                with store.lock:
                    store.close()
