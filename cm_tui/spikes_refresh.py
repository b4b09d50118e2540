"""Keeps the ``spikes`` table and each comment's ``spike`` column current after an import.

A refresh derives what the detector needs from the comments it has not seen yet
(:func:`cm_tui.spikes_store.derive`, cost ∝ the import) and then rebuilds the spike state of the
horizon from the per-bucket counts (:func:`cm_tui.spikes_store.detect`, cost ∝ the horizon's
buckets, not the database). A rebuild sees the comments in time order whatever order they came
in, so late comments need no special path. Spike events are upserted by their stable id, and only
the comments whose spike changed are rewritten. A comment in several spikes belongs to the one
with the highest peak level, then the latest start, then the narrowest scope (post before channel
before all).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta

from cm_tui.clock import iso, parse_iso, utcnow
from cm_tui.spikes import SpikeEvent
from cm_tui.spikes_store import default_rule_titles, detect
from cm_tui.store.db import Store
from cm_tui.store.rank import RANK_SQL

HORIZON_DAYS = 21
_RANK_NEW = RANK_SQL.replace("spike", ":spike")  # the rank formula with the comment's new spike
_SCOPE_RANK = {"overall": 0, "channel": 1, "post": 2}


def rank(e: SpikeEvent) -> tuple[int, str, int]:
    """Which spike a comment in several belongs to: the largest of these (highest peak level,
    then latest start, then the narrowest scope)."""
    return (e.peak_level, iso(e.start), _SCOPE_RANK[e.scope_kind])


def horizon_start(store: Store, days: int | None) -> str | None:
    """UTC ISO time ``days`` before the newest comment (``None``: all history)."""
    if days is None:
        return None
    with store.lock:
        newest = store.conn.execute("SELECT created_at FROM comments INDEXED BY comments_created WHERE "
                                    "created_at IS NOT NULL ORDER BY created_at DESC LIMIT 100").fetchall()
    for (last,) in newest:  # the newest that reads as a time: one odd value must not stop every refresh
        try:
            return iso(parse_iso(last) - timedelta(days=days))
        except ValueError:
            continue
    return None


def _row(e: SpikeEvent, now: str) -> tuple[object, ...]:
    return (
        e.id, e.scope_kind, e.scope_key, e.scope_label, iso(e.start), iso(e.peak) if e.peak else None,
        iso(e.end) if e.end else None, e.level, e.peak_level,
        json.dumps([(iso(t), lvl) for t, lvl in e.levels]), e.explanation,
        json.dumps([(iso(t), n, h) for t, n, h in e.series]), json.dumps(list(e.comment_ids)), now,
    )


def refresh_spikes(store: Store, *, now: datetime | None = None, rule_titles: dict[str, str] | None = None,
                   per_comment: bool = False, horizon_days: int | None = HORIZON_DAYS,
                   events: bool = True) -> list[SpikeEvent]:
    """Bring spike state up to date with the stored comments; returns the events of the horizon.

    ``rule_titles`` maps rule ids to the names used in explanations (default: the shipped rule
    set's titles, shortened: "Beleidigung 31, Bedrohung 4"). ``per_comment`` feeds every comment
    through ``observe`` instead of the counts (slow; the reference the fast path is tested
    against). ``horizon_days`` bounds the rebuild to the comments of the last three weeks (enough
    for the hour-of-week baselines); older events stay in the table as they were. ``None``
    rebuilds everything. ``events=False`` returns nothing.
    """
    titles = default_rule_titles() if rule_titles is None else rule_titles
    since = None if per_comment else horizon_start(store, horizon_days)
    det = detect(store, rule_titles=titles, per_comment=per_comment, since=since)
    det.advance(now or utcnow())
    found = det.events()
    stamp = iso(utcnow())
    conn = store.conn
    with store.lock:
        conn.execute("BEGIN IMMEDIATE")
        try:
            changes = _rebuilt_membership(conn, found, since)
            _write(conn, found, changes, stamp)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    if not events:
        return []
    return sorted(found, key=lambda e: (e.start, _SCOPE_RANK[e.scope_kind], e.id))


def _write(conn: sqlite3.Connection, found: list[SpikeEvent], changes: list[dict], stamp: str) -> None:
    """Upsert the events, rewrite the comments whose spike changed."""
    conn.executemany(
        "INSERT INTO spikes (id, scope_kind, scope_key, scope_label, start, peak, end, level, peak_level, "
        "levels, explanation, series, comment_ids, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
        "ON CONFLICT (id) DO UPDATE SET scope_label=excluded.scope_label, peak=excluded.peak, end=excluded.end, "
        "level=excluded.level, peak_level=excluded.peak_level, levels=excluded.levels, "
        "explanation=excluded.explanation, series=excluded.series, comment_ids=excluded.comment_ids, "
        "updated_at=excluded.updated_at",
        [_row(e, stamp) for e in found],
    )
    conn.executemany(f"UPDATE comments SET spike = :spike, rank = {_RANK_NEW} WHERE id = :id", changes)


def _rebuilt_membership(conn: sqlite3.Connection, events: list[SpikeEvent], since: str | None) -> list[dict]:
    """After a rebuild: drop vanished spikes of the horizon; each comment's spike, where it changed."""
    ids = {e.id for e in events}
    stale = [(sid,) for (sid,) in conn.execute("SELECT id FROM spikes WHERE start >= ?", (since or "",))
             if sid not in ids]
    conn.executemany("DELETE FROM spikes WHERE id = ?", stale)
    member: dict[int, str] = {}
    for e in sorted(events, key=rank):
        for cid in e.comment_ids:
            member[cid] = e.id
    current = dict(conn.execute(
        "SELECT id, spike FROM comments INDEXED BY comments_spike_member WHERE spike IS NOT NULL "
        "AND created_at >= ?", (since or "",)
    ).fetchall())
    changes = [{"id": cid, "spike": None} for cid in current if cid not in member]
    changes += [{"id": cid, "spike": sid} for cid, sid in member.items() if current.get(cid) != sid]
    return changes
