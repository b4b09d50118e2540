"""Keeps the ``spikes`` table and each comment's ``spike`` column current after an import.

A refresh continues from the checkpoint of the last one (:mod:`cm_tui.spikes_state`) and
observes only the comments stored since, so its cost follows the import, not the database. Without
a usable checkpoint it rebuilds the spike state of the horizon (:func:`cm_tui.spikes_store.detect`).
Both end the same way: spike events are upserted by their stable id, and only the comments whose
spike changed are rewritten. A comment in several spikes belongs to the one with the highest peak
level, then the latest start, then the narrowest scope (post before channel before all).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import datetime, timedelta

from cm_tui import spikes_state
from cm_tui.checking import RANK_SQL
from cm_tui.clock import iso, parse_iso, utcnow
from cm_tui.spikes import DEFAULT_PARAMS, SpikeDetector, SpikeEvent
from cm_tui.spikes_store import _COLS, _FROM, _INDEXES, _IS_NEW, THREAT_RULES, _Rows, default_rule_titles, detect
from cm_tui.store.db import Store

HORIZON_DAYS = 21
_RANK_NEW = RANK_SQL.replace("spike", ":spike")  # the rank formula with the comment's new spike
_SCOPE_RANK = {"overall": 0, "channel": 1, "post": 2}
_CHUNK = 500


def horizon_start(store: Store, days: int | None) -> str | None:
    """UTC ISO time ``days`` before the newest comment (``None``: all history)."""
    if days is None:
        return None
    with store.lock:
        last = store.conn.execute("SELECT max(created_at) FROM comments").fetchone()[0]
    return iso(parse_iso(last) - timedelta(days=days)) if last else None


def _rank(e: SpikeEvent) -> tuple[int, str, int]:
    """Which spike a comment in several belongs to: the largest of these."""
    return (e.peak_level, iso(e.start), _SCOPE_RANK[e.scope_kind])


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


def _continue(store: Store, key: str, titles: dict[str, str], horizon_days: int | None
              ) -> tuple[SpikeDetector, dict[str, tuple[int, int]], int, str] | None:
    """The checkpoint's detector after observing the comments stored since it, or None if it
    cannot be continued. Also: per spike it held, (peak level, comments) before; the new last id
    and time."""
    with store.lock:
        ck = spikes_state.load(store.conn, key)
        if ck is None or (horizon_days is None and ck.since is not None):
            return None
        rows = store.conn.execute(
            f"SELECT {_COLS}, {_IS_NEW} {_FROM} WHERE c.id > ? AND c.created_at IS NOT NULL "
            "ORDER BY c.created_at, c.id",
            (ck.last_id,),
        ).fetchall()
    if rows and rows[0][1] < ck.last_created:
        return None  # older than what was observed: only a rebuild puts it in order
    det = ck.detector
    before = {sp.id: (sp.peak_level, len(sp.comment_ids)) for sp in det._events}
    obs = _Rows(titles).obs
    for r in rows:
        det.observe(obs(r), new=bool(r[12]))
    last_id = max((r[0] for r in rows), default=ck.last_id)  # what this one statement saw
    return det, before, last_id, rows[-1][1] if rows else ck.last_created


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
    cont = _continue(store, key, titles, horizon_days) if incremental and not per_comment else None
    if cont is None:
        with store.lock:
            last_id, last_created = conn.execute("SELECT max(id), max(created_at) FROM comments").fetchone()
        det = detect(store, rule_titles=titles, per_comment=per_comment, since=since)
        before = None
        state_since = since
    else:
        det, before, last_id, last_created = cont
        with store.lock:
            row = conn.execute("SELECT since FROM spike_checkpoint").fetchone()
        state_since = row[0] if row else since
    blob = spikes_state.dumps(det) if last_created else b""  # before time moves on to "now"
    det.advance(now or utcnow())
    found = det.events()
    stamp = iso(utcnow())
    with store.lock:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany(
                "INSERT INTO spikes (id, scope_kind, scope_key, scope_label, start, peak, end, level, peak_level, "
                "levels, explanation, series, comment_ids, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT (id) DO UPDATE SET scope_label=excluded.scope_label, peak=excluded.peak, end=excluded.end, "
                "level=excluded.level, peak_level=excluded.peak_level, levels=excluded.levels, "
                "explanation=excluded.explanation, series=excluded.series, comment_ids=excluded.comment_ids, "
                "updated_at=excluded.updated_at",
                [_row(e, stamp) for e in found],
            )
            if before is None:
                changes = _rebuilt_membership(conn, found, since)
            else:
                changes = _continued_membership(conn, found, before)
            conn.executemany(f"UPDATE comments SET spike = :spike, rank = {_RANK_NEW} WHERE id = :id", changes)
            # a rebuild reads in many statements: comments stored meanwhile may be half in it
            settled = before is not None or conn.execute("SELECT max(id) FROM comments").fetchone()[0] == last_id
            if last_created and settled:
                spikes_state.save(conn, key, blob, last_id, last_created, state_since, gen)
            else:
                spikes_state.clear(conn)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    if not events:
        return []
    if before is None:
        return sorted(found, key=lambda e: (e.start, _SCOPE_RANK[e.scope_kind], e.id))
    stored = [_event(d) for d in load_spikes(store, since=since or "")]
    return sorted(stored, key=lambda e: (e.start, _SCOPE_RANK[e.scope_kind], e.id))


def _rebuilt_membership(conn: sqlite3.Connection, events: list[SpikeEvent], since: str | None) -> list[dict]:
    """After a rebuild: drop vanished spikes of the horizon; each comment's spike, where it changed."""
    ids = {e.id for e in events}
    stale = [(sid,) for (sid,) in conn.execute("SELECT id FROM spikes WHERE start >= ?", (since or "",))
             if sid not in ids]
    conn.executemany("DELETE FROM spikes WHERE id = ?", stale)
    member: dict[int, str] = {}
    for e in sorted(events, key=_rank):
        for cid in e.comment_ids:
            member[cid] = e.id
    current = dict(conn.execute(
        "SELECT id, spike FROM comments INDEXED BY comments_spike_member WHERE spike IS NOT NULL "
        "AND created_at >= ?", (since or "",)
    ).fetchall())
    changes = [{"id": cid, "spike": None} for cid in current if cid not in member]
    changes += [{"id": cid, "spike": sid} for cid, sid in member.items() if current.get(cid) != sid]
    return changes


def _continued_membership(conn: sqlite3.Connection, events: list[SpikeEvent],
                          before: dict[str, tuple[int, int]]) -> list[dict]:
    """After observing new comments: only comments that joined a spike, or whose spike's peak
    level rose, can change hands (a spike's rank only grows, its comments are only appended)."""
    cand: dict[int, SpikeEvent] = {}
    for e in events:
        old = before.get(e.id)
        cids: Iterable[int] = e.comment_ids if old is None or old[0] != e.peak_level else e.comment_ids[old[1]:]
        r = _rank(e)
        for cid in cids:
            best = cand.get(cid)
            if best is None or r > _rank(best):
                cand[cid] = e
    if not cand:
        return []
    mine = {e.id: _rank(e) for e in events}
    current: dict[int, str | None] = {}
    todo = list(cand)
    for i in range(0, len(todo), _CHUNK):
        chunk = todo[i:i + _CHUNK]
        current.update(conn.execute(
            f"SELECT id, spike FROM comments WHERE id IN ({','.join('?' * len(chunk))})", chunk).fetchall())
    others = sorted({s for s in current.values() if s is not None and s not in mine})
    ranks = dict(mine)
    for i in range(0, len(others), _CHUNK):
        chunk = others[i:i + _CHUNK]
        for sid, lvl, start, kind in conn.execute(
            f"SELECT id, peak_level, start, scope_kind FROM spikes WHERE id IN ({','.join('?' * len(chunk))})", chunk
        ):
            ranks[sid] = (lvl, start, _SCOPE_RANK.get(kind, 0))
    changes = []
    for cid, e in cand.items():
        cur = current.get(cid)
        if cur == e.id:
            continue
        if cur is None or cur not in ranks or mine[e.id] > ranks[cur]:
            changes.append({"id": cid, "spike": e.id})
    return changes


def load_spikes(store: Store, *, active_only: bool = False, since: str | None = None) -> list[dict[str, object]]:
    """Stored spike rows, newest first (``since``: only those starting then or later)."""
    where = []
    if active_only:
        where.append("end IS NULL")
    if since is not None:
        where.append("start >= :since")
    sql = "SELECT * FROM spikes" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY start DESC"
    with store.lock:
        cur = store.conn.execute(sql, {"since": since})
        cols = [d[0] for d in cur.description]
        out = []
        for r in cur.fetchall():
            d = dict(zip(cols, r, strict=True))
            for key in ("levels", "series", "comment_ids"):
                d[key] = json.loads(d[key])  # type: ignore[arg-type]
            out.append(d)
    return out
