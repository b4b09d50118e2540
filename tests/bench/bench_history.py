"""History benchmark (issue 6): a 1,000,000-entry log, and how fast the history view's pages come.

Run: ``.venv/bin/python tests/bench/bench_history.py [N]``. Builds the log with ``executemany``
(10,000 comments, entries spread over a year, several people and actions), then times the SQL the
history screen runs — count, first page, last page, a middle page, keyset next/previous pages,
filtered pages — and the screen itself in a headless app (open with H, jump to the end with G).
It prints numbers; it asserts nothing about time.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cm_tui.clock import iso
from cm_tui.reports import history
from cm_tui.reports.history import HistoryFilter, parse_history_query
from cm_tui.store.db import Store, open_store

START = datetime(2025, 11, 23, tzinfo=UTC)
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
USERS = ("anna", "ben", "carla", "dilek", "emil")
ACTIONS = ("approve", "approve", "approve", "hide", "reply", "note", "delete", "escalate", "snooze", "block")
RULES = ("R05", "R13", "R01", "R10", "R24")
CHANNELS = ("Stadt Musterstadt", "Feuerwehr Musterstadt", "Bürgermeisterin", "Stadtwerke")


def build(path: Path, n: int, comments: int = 10_000) -> Store:
    store = open_store(path)
    rnd = random.Random(6)
    conn = store.conn
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO comments (id, platform, native_id, channel, author_key, author_name, author_id, text, "
        "content_hash, first_seen_at, updated_at, rules_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [(i, "facebook", f"c{i}", CHANNELS[i % 4], f"id:a{i % 3000}", f"Autor {i % 3000}", f"a{i % 3000}",
          f"Kommentar Nummer {i} zur Baustelle", "h", iso(START), iso(START), "bench") for i in range(1, comments + 1)],
    )
    conn.execute("COMMIT")
    step = (NOW - START) / n
    batch: list[tuple[Any, ...]] = []
    conn.execute("BEGIN")
    for i in range(n):
        action = ACTIONS[rnd.randrange(len(ACTIONS))]
        rules = [RULES[rnd.randrange(5)]] if action in ("hide", "delete", "block") else []
        batch.append((iso(START + step * i), USERS[rnd.randrange(5)], action, rnd.randint(1, comments),
                      json.dumps(rules), "Begründung" if rules else None, "{}"))
        if len(batch) == 50_000:
            conn.executemany("INSERT INTO log (at, user, action, comment_id, rules, reason, data) VALUES (?,?,?,?,?,?,?)", batch)
            batch.clear()
    conn.executemany("INSERT INTO log (at, user, action, comment_id, rules, reason, data) VALUES (?,?,?,?,?,?,?)", batch)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    return store


def timed(label: str, fn: Callable[[], Any], repeat: int = 3) -> Any:
    best, result = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    print(f"  {label:<58} {best * 1000:8.1f} ms")
    return result


def sql(store: Store, n: int) -> None:
    print(f"SQL over a {n:,}-entry log (best of 3):")
    f = HistoryFilter()
    total = timed("count (no filter)", lambda: history.count(store, f))
    first = timed("first page (200 rows, newest)", lambda: history.fetch_page(store, f, 0, 200, total=total))
    timed("last page (offset from the end)", lambda: history.fetch_page(store, f, total - 200, 200, total=total))
    timed("last page, naive OFFSET (for comparison)", lambda: history.fetch_page(store, f, total - 200, 200))
    timed("middle page (offset 500,000)", lambda: history.fetch_page(store, f, total // 2, 200, total=total))
    timed("next page by keyset", lambda: history.fetch_page(store, f, 200, 200, before_id=first[-1].entry.id))
    for q in ("action:hide", "user:anna action:delete", "rule:R05", "channel:Feuerwehr", "since:8h",
              "comment:1234", "author:\"Autor 17\""):
        hf = parse_history_query(q, now=NOW)
        c = timed(f"count  {q}", lambda hf=hf: history.count(store, hf), repeat=1)
        timed(f"page 1 {q} ({c:,} rows)", lambda hf=hf, c=c: history.fetch_page(store, hf, 0, 200, total=c), repeat=1)
        if c > 400:
            timed(f"last   {q}", lambda hf=hf, c=c: history.fetch_page(store, hf, c - 200, 200, total=c), repeat=1)


async def screen(path: Path) -> None:
    from cm_tui.checking import load_rules
    from cm_tui.ui.app import CmApp
    from cm_tui.ui.screens.history import HistoryScreen

    rules = load_rules()
    store = open_store(path)
    store.conn.execute("UPDATE comments SET rules_version=?", (rules.version,))  # no recheck at start
    store.close()
    app = CmApp(path, "anna", clock=lambda: NOW, rules=rules)
    print("Headless app (140x40):")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause(0.5)
        t = time.perf_counter()
        await pilot.press("H")
        while not (isinstance(app.screen, HistoryScreen) and app.screen.view.current is not None):
            await asyncio.sleep(0.002)
        print(f"  H → first page shown                                      {(time.perf_counter() - t) * 1000:8.1f} ms")
        view = app.screen.view
        t = time.perf_counter()
        await pilot.press("G")
        while view.current is None or view.cursor != view.window.total - 1:
            await asyncio.sleep(0.002)
        print(f"  G → last entry shown                                      {(time.perf_counter() - t) * 1000:8.1f} ms")
        t = time.perf_counter()
        for _ in range(20):
            await pilot.press("pageup")
        while view.current is None:
            await asyncio.sleep(0.002)
        print(f"  20× page-up key from the end (incl. Pilot's wait per key)   {(time.perf_counter() - t) * 1000:8.1f} ms")
        worst = 0.0
        for _ in range(200):  # 200 pages back from the end, each must show its rows
            t = time.perf_counter()
            view.move(-view.page_rows)
            while view.current is None:
                await asyncio.sleep(0.001)
            worst = max(worst, time.perf_counter() - t)
        print(f"  worst of 200 page moves up from the end (rows shown)       {worst * 1000:8.1f} ms")
        t = time.perf_counter()
        view.cursor = view.window.total // 2
        while view.current is None:
            await asyncio.sleep(0.001)
        print(f"  jump to the middle (offset {view.cursor:,})                  {(time.perf_counter() - t) * 1000:8.1f} ms")


def main(n: int = 1_000_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        t = time.perf_counter()
        store = build(path, n)
        print(f"build {n:,} log entries (executemany): {time.perf_counter() - t:.1f} s, "
              f"{path.stat().st_size / 2**20:.0f} MiB")
        sql(store, n)
        store.close()
        asyncio.run(screen(path))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
