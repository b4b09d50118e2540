"""Leases on comments so two managers never work the same comment unknowingly.

A claim is transient coordination state, not history: it lives in ``claims`` and expires. Taking
over someone else's live claim is a decision others must be able to read later, so it is logged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from cm_tui.clock import iso, utcnow
from cm_tui.store.db import Store


@dataclass(frozen=True, slots=True)
class Claim:
    comment_id: int
    user: str
    expires_at: str


def holder(store: Store, comment_id: int, *, now: datetime | None = None) -> Claim | None:
    """The live claim on a comment, if any."""
    stamp = iso(now or utcnow())
    with store.lock:
        row = store.conn.execute(
            "SELECT user, expires_at FROM claims WHERE comment_id=? AND expires_at > ?", (comment_id, stamp)
        ).fetchone()
    return Claim(comment_id, row[0], row[1]) if row else None


def claim(
    store: Store, comment_id: int, user: str, *, minutes: int = 10, now: datetime | None = None,
    take_over: bool = False,
) -> Claim:
    """Claim or renew. Returns the claim now in force: someone else's if they hold it and
    ``take_over`` is false. Taking over a live claim writes ``claim_takeover`` to the log."""
    now = now or utcnow()
    stamp, expires = iso(now), iso(now + timedelta(minutes=minutes))
    with store.lock:
        conn = store.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute(
                "SELECT user, expires_at FROM claims WHERE comment_id=? AND expires_at > ?", (comment_id, stamp)
            ).fetchone()
            if row and row[0] != user and not take_over:
                conn.execute("COMMIT")
                return Claim(comment_id, row[0], row[1])
            if row and row[0] != user:
                conn.execute(
                    "INSERT INTO log (at, user, action, comment_id, data) VALUES (?,?,?,?,?)",
                    (stamp, user, "claim_takeover", comment_id, json.dumps({"from": row[0]})),
                )
            conn.execute(
                "INSERT INTO claims (comment_id, user, claimed_at, expires_at) VALUES (?,?,?,?) "
                "ON CONFLICT (comment_id) DO UPDATE SET user=excluded.user, "
                "claimed_at=CASE WHEN claims.user = excluded.user THEN claims.claimed_at ELSE excluded.claimed_at END, "
                "expires_at=excluded.expires_at",
                (comment_id, user, stamp, expires),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return Claim(comment_id, user, expires)


def release(store: Store, comment_id: int, user: str) -> None:
    with store.lock:
        store.conn.execute("DELETE FROM claims WHERE comment_id=? AND user=?", (comment_id, user))


def live_claims(store: Store, *, now: datetime | None = None) -> list[Claim]:
    stamp = iso(now or utcnow())
    with store.lock:
        rows = store.conn.execute(
            "SELECT comment_id, user, expires_at FROM claims WHERE expires_at > ? ORDER BY claimed_at", (stamp,)
        ).fetchall()
    return [Claim(*r) for r in rows]
