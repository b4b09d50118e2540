"""Continuing the spike detector from a stored checkpoint (:mod:`cm_tui.spikes_state`).

New comments are observed in time order after the newest checkpoint. Comments that arrive *late*
(dated before the newest checkpoint's last comment, as when several platforms are pulled one after
another) are handled by going back to an older checkpoint, a few hours behind, and observing every
comment since it again, the stored ones and the late ones in order. Either way the result equals
a rebuild of the same history; where that cannot be guaranteed cheaply, callers rebuild.

Which comments change spike: those of spikes that are new or whose rank changed, and those after
the checkpoint the run started from; everything before it keeps its spike, with two exceptions
that make the caller rebuild (a spike's peak level fell, or a vanished spike held comments from
before the checkpoint).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from cm_tui import spikes_state
from cm_tui.clock import iso, parse_iso
from cm_tui.spikes import SpikeDetector, SpikeEvent
from cm_tui.spikes_store import _COLS, _FROM, _IS_NEW, _Rows
from cm_tui.store.db import Store

LATE_HOURS = 6  # how late a comment may come and still be observed without a rebuild
_SCOPE_RANK = {"overall": 0, "channel": 1, "post": 2}
_CHUNK = 500


def rank(e: SpikeEvent) -> tuple[int, str, int]:
    """Which spike a comment in several belongs to: the largest of these (highest peak level,
    then latest start, then the narrowest scope)."""
    return (e.peak_level, iso(e.start), _SCOPE_RANK[e.scope_kind])


@dataclass
class Continued:
    """A detector brought up to date from a checkpoint, and what the refresh needs to store it."""

    detector: SpikeDetector
    before: dict[str, tuple[int, int]]  # spike id → (peak level, comments) in the checkpoint
    base_slot: int
    base_created: str  # time of the checkpoint's last comment
    last_id: int
    last_created: str
    since: str | None
    replay: bool  # late comments: the run started from an older checkpoint
    lag: tuple[bytes, int, str] | None  # a checkpoint LATE_HOURS behind, taken during the run
    cutoff: str  # LATE_HOURS before the newest comment


def _stamp(created: str, hours: float) -> str:
    t = datetime.fromisoformat(created.replace("Z", "+00:00")) - timedelta(hours=hours)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def continue_from(store: Store, key: str, titles: dict[str, str], horizon_days: int | None,
                  late_hours: float = LATE_HOURS) -> Continued | None:
    """The newest usable checkpoint after observing what was stored since, or None (rebuild)."""
    conn = store.conn
    with store.lock:
        ck = spikes_state.load(conn, key)
        if ck is None or (horizon_days is None and ck.since is not None):
            return None
        rows = conn.execute(
            f"SELECT {_COLS}, {_IS_NEW} {_FROM} WHERE c.id > ? AND c.created_at IS NOT NULL "
            "ORDER BY c.created_at, c.id", (ck.last_id,)).fetchall()
    last_id = max((r[0] for r in rows), default=ck.last_id)  # what this one statement saw
    last_created = max(ck.last_created, rows[-1][1]) if rows else ck.last_created
    replay = bool(rows) and rows[0][1] < ck.last_created
    base, slot = ck, spikes_state.LATEST
    if replay:
        first = rows[0][1]
        base = None
        for sl in (spikes_state.PENDING, spikes_state.LAG):
            with store.lock:
                c = spikes_state.load(conn, key, sl)
            if c is not None and first > c.last_created and c.since == ck.since:
                base, slot = c, sl
                break
        if base is None:
            return None
        with store.lock:
            rows = conn.execute(
                f"SELECT {_COLS}, {_IS_NEW} {_FROM} WHERE c.created_at > ? ORDER BY c.created_at, c.id",
                (base.last_created,)).fetchall()
        last_id = max(last_id, max((r[0] for r in rows), default=last_id))
    det = base.detector
    before = {sp.id: (sp.peak_level, len(sp.comment_ids)) for sp in det._events}
    cutoff = _stamp(last_created, late_hours)
    take = base.last_created <= cutoff  # this run passes the point LATE_HOURS back: keep it
    lag = None
    prev = (base.last_id, base.last_created)
    obs = _Rows(titles).obs
    for r in rows:
        if take and lag is None and r[1] > cutoff:
            lag = (spikes_state.dumps(det), *prev)
        det.observe(obs(r), new=bool(r[12]))
        prev = (r[0], r[1])
    return Continued(det, before, slot, base.last_created, last_id, last_created, ck.since, replay, lag, cutoff)


def store_checkpoints(conn: sqlite3.Connection, cont: Continued, key: str, blob: bytes, gen: int) -> None:
    """Save the new newest checkpoint and move the older ones along (in the write transaction)."""
    st = spikes_state
    if cont.lag is not None:
        st.put(conn, st.LAG, key, cont.lag[0], cont.lag[1], cont.lag[2], cont.since, gen)
        st.drop(conn, st.PENDING)
    else:
        if cont.replay and cont.base_slot == st.LAG:
            st.drop(conn, st.PENDING)  # it did not see the late comments
        pending = st.position(conn, st.PENDING)
        if pending is not None and pending <= cont.cutoff:
            st.move(conn, st.PENDING, st.LAG)
        if st.position(conn, st.PENDING) is None and not cont.replay:
            st.move(conn, st.LATEST, st.PENDING)
    st.put(conn, st.LATEST, key, blob, cont.last_id, cont.last_created, cont.since, gen)


def membership(conn: sqlite3.Connection, found: list[SpikeEvent], cont: Continued
               ) -> tuple[list[dict], list[str]] | None:
    """Spike changes of comments and the stored spikes that vanished, or None if only a rebuild
    can tell (see the module docstring)."""
    ids = {e.id for e in found}
    stored = _ranks(conn, sorted(ids))
    base_start = iso(parse_iso(cont.base_created))
    stale = [sid for (sid,) in conn.execute("SELECT id FROM spikes WHERE start > ?", (base_start,)) if sid not in ids]
    for e in found:
        if e.id in cont.before and e.id in stored and rank(e) < stored[e.id]:
            return None  # a late comment lowered a peak: older comments may belong elsewhere now
    for i in range(0, len(stale), _CHUNK):
        chunk = stale[i:i + _CHUNK]
        if conn.execute(f"SELECT 1 FROM comments WHERE spike IN ({','.join('?' * len(chunk))}) "
                        "AND created_at <= ? LIMIT 1", (*chunk, cont.base_created)).fetchone():
            return None
    cand: dict[int, SpikeEvent] = {}
    mine = {e.id: rank(e) for e in found}
    for e in found:
        old = cont.before.get(e.id)
        whole = old is None or stored.get(e.id) != mine[e.id]
        r = mine[e.id]
        for cid in e.comment_ids if whole else e.comment_ids[old[1]:]:
            best = cand.get(cid)
            if best is None or r > mine[best.id]:
                cand[cid] = e
    current: dict[int, tuple[str | None, str]] = {}
    todo = list(cand)
    for i in range(0, len(todo), _CHUNK):
        chunk = todo[i:i + _CHUNK]
        for cid, sid, created in conn.execute(
                f"SELECT id, spike, created_at FROM comments WHERE id IN ({','.join('?' * len(chunk))})", chunk):
            current[cid] = (sid, created)
    gone = set(stale)
    others = _ranks(conn, sorted({s for s, _c in current.values() if s is not None and s not in mine and s not in gone}))
    changes = []
    for cid, e in cand.items():
        cur, created = current.get(cid, (None, ""))
        win = e.id
        if cur is not None and cur not in gone and cur != win:
            # a spike that still holds it: a new-run spike only for comments before the checkpoint
            # (later ones are all in cand already), an older spike always
            held = mine[cur] if cur in mine and created <= cont.base_created else others.get(cur)
            if held is not None and held > mine[win]:
                win = cur
        if win != cur:
            changes.append({"id": cid, "spike": win})
    for cid, sid in conn.execute(
            "SELECT id, spike FROM comments INDEXED BY comments_created WHERE created_at > ? AND spike IS NOT NULL",
            (cont.base_created,)):
        if cid not in cand and (sid in mine or sid in gone):
            changes.append({"id": cid, "spike": None})
    return changes, stale


def _ranks(conn: sqlite3.Connection, sids: list[str]) -> dict[str, tuple[int, str, int]]:
    out = {}
    for i in range(0, len(sids), _CHUNK):
        chunk = sids[i:i + _CHUNK]
        for sid, lvl, start, kind in conn.execute(
                f"SELECT id, peak_level, start, scope_kind FROM spikes WHERE id IN ({','.join('?' * len(chunk))})",
                chunk):
            out[sid] = (lvl, start, _SCOPE_RANK.get(kind, 0))
    return out
