"""Feeds stored comments through the spike detector and keeps the ``spikes`` table current.

The detector is pure and in memory; after an import (or a pull) the whole state is rebuilt from
the comments in time order, which the detector's recompute path is built to do fast. Spike events
are upserted by their stable id, and every comment in a live or past spike window carries it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime

from cm_tui.checking import RANK_SQL
from cm_tui.clock import iso, parse_iso, utcnow
from cm_tui.spikes import Observation, SpikeDetector, SpikeEvent
from cm_tui.store.db import Store

THREAT_RULES = ("R01", "R02")


def observations(store: Store, rule_titles: dict[str, str] | None = None) -> Iterator[Observation]:
    titles = rule_titles or {}
    with store.lock:
        rows = store.conn.execute(
            "SELECT c.id, c.created_at, c.platform, c.post_id, coalesce(p.text, ''), coalesce(c.channel, c.platform), "
            "c.owner, c.author_key, c.text, c.rule_ids, c.severity "
            "FROM comments c LEFT JOIN posts p ON p.platform = c.platform AND p.native_id = c.post_id "
            "WHERE c.created_at IS NOT NULL ORDER BY c.created_at, c.id"
        ).fetchall()
    for cid, created, platform, post_id, post_text, channel, owner, author, text, rule_ids, severity in rows:
        rules = tuple(rule_ids.split()) if rule_ids else ()
        label = (post_text.split("\n", 1)[0][:60] or f"{platform} {post_id}") if post_id else channel
        yield Observation(
            ts=parse_iso(created),
            comment=cid,
            post_key=f"{platform}:{post_id}" if post_id else f"{platform}:?",
            post_label=label,
            channel=channel,
            owner=owner,
            author=author,
            text=text,
            rule_titles=tuple(titles.get(r, r) for r in rules),
            max_severity=max(int(severity), 0) if rules else 0,
            threat=any(r in THREAT_RULES for r in rules),
        )


def _row(e: SpikeEvent, now: str) -> tuple[object, ...]:
    return (
        e.id, e.scope_kind, e.scope_key, e.scope_label, iso(e.start), iso(e.peak) if e.peak else None,
        iso(e.end) if e.end else None, e.level, e.peak_level,
        json.dumps([(iso(t), lvl) for t, lvl in e.levels]), e.explanation,
        json.dumps([(iso(t), n, h) for t, n, h in e.series]), json.dumps(list(e.comment_ids)), now,
    )


def refresh_spikes(store: Store, *, now: datetime | None = None, rule_titles: dict[str, str] | None = None) -> list[SpikeEvent]:
    """Rebuild spike state from all comments; returns every known event."""
    detector = SpikeDetector()
    for obs in observations(store, rule_titles):
        detector.observe(obs)
    detector.advance(now or utcnow())
    events = detector.events()
    stamp = iso(utcnow())
    member: dict[int, str] = {}
    for e in sorted(events, key=lambda e: (e.peak_level, e.start)):
        for cid in e.comment_ids:
            member[cid] = e.id
    with store.lock:
        conn = store.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany(
                "INSERT INTO spikes (id, scope_kind, scope_key, scope_label, start, peak, end, level, peak_level, "
                "levels, explanation, series, comment_ids, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT (id) DO UPDATE SET scope_label=excluded.scope_label, peak=excluded.peak, end=excluded.end, "
                "level=excluded.level, peak_level=excluded.peak_level, levels=excluded.levels, "
                "explanation=excluded.explanation, series=excluded.series, comment_ids=excluded.comment_ids, "
                "updated_at=excluded.updated_at",
                [_row(e, stamp) for e in events],
            )
            conn.execute("UPDATE comments SET spike = NULL WHERE spike IS NOT NULL")
            conn.executemany("UPDATE comments SET spike=? WHERE id=?", [(sid, cid) for cid, sid in member.items()])
            conn.execute(f"UPDATE comments SET rank = {RANK_SQL}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return events


def load_spikes(store: Store, *, active_only: bool = False) -> list[dict[str, object]]:
    sql = "SELECT * FROM spikes" + (" WHERE end IS NULL" if active_only else "") + " ORDER BY start DESC"
    with store.lock:
        cur = store.conn.execute(sql)
        cols = [d[0] for d in cur.description]
        out = []
        for r in cur.fetchall():
            d = dict(zip(cols, r, strict=True))
            for key in ("levels", "series", "comment_ids"):
                d[key] = json.loads(d[key])  # type: ignore[arg-type]
            out.append(d)
    return out
