"""Keeps the ``spikes`` table and each comment's ``spike`` column current after an import.

A refresh continues from the checkpoint of the last one (:mod:`cm_tui.spikes_continue`) and
observes only the comments stored since (or, for late ones, since a checkpoint a few hours back),
so its cost follows the import, not the database. Without a usable checkpoint it rebuilds the spike
state of the horizon (:func:`cm_tui.spikes_store.detect`).
Both end the same way: spike events are upserted by their stable id, and only the comments whose
spike changed are rewritten. A comment in several spikes belongs to the one with the highest peak
level, then the latest start, then the narrowest scope (post before channel before all).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta

from cm_tui import spikes_state
from cm_tui.clock import iso, parse_iso, utcnow
from cm_tui.spikes import DEFAULT_PARAMS, SpikeDetector, SpikeEvent
from cm_tui.spikes_continue import (
    _SCOPE_RANK, LATE_HOURS, _stamp, continue_from, membership, rank, store_checkpoints,
)
from cm_tui.spikes_store import _COLS, _FROM, _INDEXES, _IS_NEW, THREAT_RULES, _Rows, default_rule_titles, detect
from cm_tui.store.db import Store
from cm_tui.store.rank import RANK_SQL
from cm_tui.store.spike_rows import load_spikes

HORIZON_DAYS = 21
_RANK_NEW = RANK_SQL.replace("spike", ":spike")  # the rank formula with the comment's new spike


def horizon_start(store: Store, days: int | None) -> str | None:
    """UTC ISO time ``days`` before the newest comment (``None``: all history)."""
    if days is None:
        return None
    with store.lock:
        last = store.conn.execute("SELECT max(created_at) FROM comments").fetchone()[0]
    return iso(parse_iso(last) - timedelta(days=days)) if last else None


def _row(e: SpikeEvent, now: str) -> tuple[object, ...]:
    return (
        e.id, e.scope_kind, e.scope_key, e.scope_label, iso(e.start), iso(e.peak) if e.peak else None,
        iso(e.end) if e.end else None, e.level, e.peak_level,
        json.dumps([(iso(t), lvl) for t, lvl in e.levels]), e.explanation,
        json.dumps([(iso(t), n, h) for t, n, h in e.series]), json.dumps(list(e.comment_ids)), now,
    )


def _event(d: dict[str, object]) -> SpikeEvent:
    """A stored spike row (as from :func:`load_spikes`) as the event it was written from."""
    return SpikeEvent(
        id=str(d["id"]), scope_kind=str(d["scope_kind"]), scope_key=str(d["scope_key"]),
        scope_label=str(d["scope_label"]), start=parse_iso(str(d["start"])),
        peak=parse_iso(str(d["peak"])) if d["peak"] else parse_iso(str(d["start"])),
        peak_level=int(d["peak_level"]), level=int(d["level"]),  # type: ignore[call-overload]
        levels=tuple((parse_iso(t), lvl) for t, lvl in d["levels"]),  # type: ignore[attr-defined]
        end=parse_iso(str(d["end"])) if d["end"] else None, explanation=str(d["explanation"]),
        comment_ids=tuple(d["comment_ids"]),  # type: ignore[arg-type]
        series=tuple((parse_iso(t), n, h) for t, n, h in d["series"]),  # type: ignore[attr-defined]
    )


def refresh_spikes(store: Store, *, now: datetime | None = None, rule_titles: dict[str, str] | None = None,
                   per_comment: bool = False, horizon_days: int | None = HORIZON_DAYS,
                   incremental: bool = True, events: bool = True) -> list[SpikeEvent]:
    """Bring spike state up to date with the stored comments; returns the events of the horizon.

    ``rule_titles`` maps rule ids to the names used in explanations (default: the shipped rule
    set's titles, shortened: "Beleidigung 31, Bedrohung 4"). ``per_comment`` feeds every comment
    through ``observe`` instead of the counts-based rebuild (slow; the reference the fast path is
    tested against). ``horizon_days`` bounds a rebuild to the comments of the last three weeks
    (enough for the hour-of-week baselines); older events stay in the table as they were. ``None``
    rebuilds everything. ``incremental=False`` rebuilds even when the last refresh's checkpoint
    could be continued. ``events=False`` returns nothing (reading every stored event back costs
    more than a continued refresh itself).
    """
    titles = default_rule_titles() if rule_titles is None else rule_titles
    key = spikes_state.state_key(DEFAULT_PARAMS, titles, repr(THREAT_RULES))
    with store.lock:
        conn = store.conn
        spikes_state.ensure_schema(conn)
        for sql in _INDEXES:
            conn.execute(sql)
        gen = spikes_state.begin(conn)
    since = None if per_comment else horizon_start(store, horizon_days)
    cont = continue_from(store, key, titles, horizon_days) if incremental and not per_comment else None
    while True:
        lag = None
        if cont is None:
            with store.lock:
                last_id, last_created = conn.execute("SELECT max(id), max(created_at) FROM comments").fetchone()
            if per_comment:
                det = detect(store, rule_titles=titles, per_comment=True)
            else:
                det, lag = _rebuild(store, titles, since, last_created)
        else:
            det = cont.detector
        blob = spikes_state.dumps(det) if (cont or last_created) else b""  # before time moves on to "now"
        det.advance(now or utcnow())
        found = det.events()
        stamp = iso(utcnow())
        with store.lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                if cont is None:
                    changes = _rebuilt_membership(conn, found, since)
                    stale: list[str] = []
                else:
                    done = membership(conn, found, cont)
                    if done is None:  # only a rebuild can say where older comments belong now
                        conn.execute("ROLLBACK")
                        cont = None
                        continue
                    changes, stale = done
                _write(conn, found, stale, changes, stamp)
                if not spikes_state.current(conn, gen):
                    spikes_state.drop(conn)  # a comment it read changed meanwhile
                elif cont is not None:
                    store_checkpoints(conn, cont, key, blob, gen)
                elif last_created and conn.execute("SELECT max(id) FROM comments").fetchone()[0] == last_id:
                    # (a rebuild reads in many statements: comments stored meanwhile may be half in it)
                    spikes_state.drop(conn)
                    spikes_state.put(conn, spikes_state.LATEST, key, blob, last_id, last_created, since, gen)
                    if lag is not None:
                        spikes_state.put(conn, spikes_state.LAG, key, lag[0], 0, lag[1], since, gen)
                else:
                    spikes_state.drop(conn)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        break
    if not events:
        return []
    if cont is None:
        return sorted(found, key=lambda e: (e.start, _SCOPE_RANK[e.scope_kind], e.id))
    stored = [_event(d) for d in load_spikes(store, since=since or "")]
    return sorted(stored, key=lambda e: (e.start, _SCOPE_RANK[e.scope_kind], e.id))


def _rebuild(store: Store, titles: dict[str, str], since: str | None, last_created: str | None
             ) -> tuple[SpikeDetector, tuple[bytes, str] | None]:
    """The detector after every comment of the horizon, rebuilt from counts up to a few hours
    before the newest comment and observed one by one from there; and the checkpoint at that
    point (its state, its last comment's time), from which late comments can be observed again."""
    if not last_created:
        return detect(store, rule_titles=titles, since=since), None
    cutoff = _stamp(last_created, LATE_HOURS)
    with store.lock:
        lag_created = store.conn.execute(
            "SELECT max(created_at) FROM comments WHERE created_at <= ? AND created_at >= ?",
            (cutoff, since or "")).fetchone()[0]
    if lag_created is None:
        return detect(store, rule_titles=titles, since=since), None
    det = detect(store, rule_titles=titles, since=since, until=lag_created)
    lag = (spikes_state.dumps(det), lag_created)
    with store.lock:
        rows = store.conn.execute(
            f"SELECT {_COLS}, {_IS_NEW} {_FROM} WHERE c.created_at > ? ORDER BY c.created_at, c.id",
            (lag_created,)).fetchall()
    obs = _Rows(titles).obs
    for r in rows:
        det.observe(obs(r), new=bool(r[12]))
    return det, lag


def _write(conn: sqlite3.Connection, found: list[SpikeEvent], stale: list[str], changes: list[dict],
           stamp: str) -> None:
    """Upsert the events, delete vanished ones, rewrite the comments whose spike changed."""
    conn.executemany(
        "INSERT INTO spikes (id, scope_kind, scope_key, scope_label, start, peak, end, level, peak_level, "
        "levels, explanation, series, comment_ids, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
        "ON CONFLICT (id) DO UPDATE SET scope_label=excluded.scope_label, peak=excluded.peak, end=excluded.end, "
        "level=excluded.level, peak_level=excluded.peak_level, levels=excluded.levels, "
        "explanation=excluded.explanation, series=excluded.series, comment_ids=excluded.comment_ids, "
        "updated_at=excluded.updated_at",
        [_row(e, stamp) for e in found],
    )
    conn.executemany("DELETE FROM spikes WHERE id = ?", [(sid,) for sid in stale])
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
