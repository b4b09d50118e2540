"""One-at-a-time background jobs on a shared database (several managers' apps on one file).

After a rule change every app that starts finds the stored results stale and would start its own
re-check of every comment, each on all cores. A job takes a lease row first; a second one sees
the live lease and leaves the work to it. The lease is renewed while the job runs and expires on
its own if the process dies, so a crash never blocks the next run for longer than ``minutes``.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta

from cm_tui.clock import iso, utcnow
from cm_tui.store.db import Store

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS jobs (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at TEXT NOT NULL)"
)


def me() -> str:
    """This process, as a lease holder ("host:pid")."""
    return f"{os.uname().nodename}:{os.getpid()}"


def take(store: Store, name: str, holder: str, *, minutes: int = 5, now: datetime | None = None) -> str | None:
    """Take or renew the lease on ``name``; returns None if taken, else who holds it."""
    now = now or utcnow()
    stamp, expires = iso(now), iso(now + timedelta(minutes=minutes))
    with store.lock:
        conn = store.conn
        conn.execute(SCHEMA)
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT holder FROM jobs WHERE name=? AND expires_at > ?", (name, stamp)).fetchone()
            if row and row[0] != holder:
                conn.execute("COMMIT")
                return str(row[0])
            conn.execute(
                "INSERT INTO jobs (name, holder, expires_at) VALUES (?,?,?) "
                "ON CONFLICT (name) DO UPDATE SET holder=excluded.holder, expires_at=excluded.expires_at",
                (name, holder, expires),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return None


def release(store: Store, name: str, holder: str) -> None:
    with store.lock:
        store.conn.execute(SCHEMA)
        store.conn.execute("DELETE FROM jobs WHERE name=? AND holder=?", (name, holder))
