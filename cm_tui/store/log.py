"""The append-only action log and the comment state derived from it.

The log is the source of truth. ``comments.state`` is a cache of :func:`derive_state` over a
comment's entries, rewritten in the same transaction as every append, so the queue can page by an
index; :func:`rebuild_states` recomputes it from the log alone.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from cm_tui.clock import iso, utcnow
from cm_tui.model import ACTIONS, DECISIONS, LogEntry
from cm_tui.store.db import Store

STATE_OF = {
    "approve": "approved",
    "reply": "replied",
    "hide": "hidden",
    "delete": "deleted",
    "escalate": "escalated",
    "report": "reported",
    "block": "blocked",
    "snooze": "snoozed",
}
NEEDS_RULE = ("hide", "delete", "block")
CITES_RULE = (*NEEDS_RULE, "report")  # the app asks for a rule for these (a report may come without)


class LogError(Exception):
    """An action that the log must refuse (e.g. hiding without a cited rule)."""


def row_to_entry(row: Sequence[Any]) -> LogEntry:
    return LogEntry(
        id=row[0], at=row[1], user=row[2], action=row[3], comment=row[4],
        rules=tuple(json.loads(row[5] or "[]")), reason=row[6], template_id=row[7],
        reply_text=row[8], note=row[9], data=json.loads(row[10] or "{}"),
    )


COLUMNS = "id, at, user, action, comment_id, rules, reason, template_id, reply_text, note, data"


def derive_state(entries: Iterable[LogEntry]) -> tuple[str, str | None, str | None, str | None]:
    """(state, since, by, snooze_until) of one comment from its entries in log order."""
    entries = list(entries)
    undone = {e.data.get("undo_of") for e in entries if e.action == "undo"}
    state: tuple[str, str | None, str | None, str | None] = ("open", None, None, None)
    for e in entries:
        if e.action in DECISIONS and e.id not in undone:
            state = (STATE_OF[e.action], e.at, e.user, e.data.get("until") if e.action == "snooze" else None)
    return state


def entries_for(store: Store, comment_id: int) -> list[LogEntry]:
    rows = store.conn.execute(
        f"SELECT {COLUMNS} FROM log WHERE comment_id=? ORDER BY id", (comment_id,)
    ).fetchall()
    return [row_to_entry(r) for r in rows]


def last_of(store: Store, action: str, *, before: datetime | None = None) -> LogEntry | None:
    """The most recent entry of one action (optionally strictly before a time)."""
    sql = f"SELECT {COLUMNS} FROM log WHERE action=?"
    args: list[str] = [action]
    if before is not None:
        sql += " AND at < ?"
        args.append(iso(before))
    with store.lock:
        row = store.conn.execute(sql + " ORDER BY id DESC LIMIT 1", args).fetchone()
    return row_to_entry(row) if row else None


def _refresh_state(store: Store, comment_id: int) -> None:
    state, at, by, until = derive_state(entries_for(store, comment_id))
    # A snoozed comment stays in the 'open' index range and is filtered by snooze_until, so the
    # queue can page the open comments in index order.
    if state == "snoozed":
        state = "open"
    # Undecided, a reply of the city's own accounts (store.ingest) is 'own', not 'open'.
    store.conn.execute(
        "UPDATE comments SET state = CASE WHEN ?1 = 'open' AND own THEN 'own' ELSE ?1 END, "
        "state_at=?2, state_by=?3, snooze_until=?4 WHERE id=?5",
        (state, at, by, until, comment_id),
    )


def append(
    store: Store,
    user: str,
    action: str,
    comment_ids: Sequence[int | None] = (None,),
    *,
    rules: Sequence[str] = (),
    reason: str | None = None,
    template_id: str | None = None,
    reply_text: str | None = None,
    note: str | None = None,
    data: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> list[int]:
    """Write one entry per comment in one transaction; all of them share a batch id for undo."""
    if action not in ACTIONS:
        raise LogError(f"unbekannte Aktion {action!r}")
    if action in NEEDS_RULE and not rules:
        raise LogError("Ausblenden, Löschen und Sperren brauchen eine zitierte Regel")
    stamp = iso(now or utcnow())
    payload = dict(data or {})
    payload.setdefault("batch", uuid.uuid4().hex[:12])
    ids: list[int] = []
    with store.lock:
        conn = store.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            for cid in comment_ids:
                cur = conn.execute(
                    f"INSERT INTO log ({COLUMNS.split(', ', 1)[1]}) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (stamp, user, action, cid, json.dumps(list(rules)), reason, template_id,
                     reply_text, note, json.dumps(payload, ensure_ascii=False)),
                )
                ids.append(int(cur.lastrowid or 0))
                if cid is not None and action in DECISIONS:
                    _refresh_state(store, cid)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return ids


def undo_last(store: Store, user: str, *, now: datetime | None = None) -> list[int]:
    """Undo the user's most recent decision batch that is not undone yet. Returns the comment ids."""
    with store.lock:
        rows = store.conn.execute(
            f"SELECT {COLUMNS} FROM log WHERE user=? AND action IN ({','.join('?' * len(DECISIONS))}) "
            "ORDER BY id DESC LIMIT 2000",
            (user, *DECISIONS),
        ).fetchall()
        undone = {
            json.loads(r[0]).get("undo_of")
            for r in store.conn.execute("SELECT data FROM log WHERE user=? AND action='undo'", (user,))
        }
    batch: list[LogEntry] = []
    for entry in (row_to_entry(r) for r in rows):
        if entry.id in undone:
            continue
        if batch and entry.data.get("batch") != batch[0].data.get("batch"):
            break
        batch.append(entry)
    if not batch:
        return []
    stamp = iso(now or utcnow())
    with store.lock:
        conn = store.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            for e in batch:
                conn.execute(
                    "INSERT INTO log (at, user, action, comment_id, data) VALUES (?,?,?,?,?)",
                    (stamp, user, "undo", e.comment, json.dumps({"undo_of": e.id, "undid": e.action})),
                )
                if e.comment is not None:
                    _refresh_state(store, e.comment)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return [e.comment for e in batch if e.comment is not None]


def rebuild_states(store: Store) -> int:
    """Recompute every comment's cached state from the log; returns how many changed."""
    changed = 0
    with store.lock:
        conn = store.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            ids = [r[0] for r in conn.execute("SELECT DISTINCT comment_id FROM log WHERE comment_id IS NOT NULL")]
            for cid in ids:
                before = conn.execute("SELECT state FROM comments WHERE id=?", (cid,)).fetchone()
                _refresh_state(store, cid)
                after = conn.execute("SELECT state FROM comments WHERE id=?", (cid,)).fetchone()
                changed += before != after
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return changed


def read_log(
    store: Store, *, since: str | None = None, until: str | None = None, limit: int | None = None,
    comment_id: int | None = None,
) -> list[LogEntry]:
    """Log entries oldest first, optionally bounded by UTC ISO times or one comment."""
    where, args = [], []
    if since:
        where.append("at >= ?")
        args.append(since)
    if until:
        where.append("at < ?")
        args.append(until)
    if comment_id is not None:
        where.append("comment_id = ?")
        args.append(comment_id)
    sql = f"SELECT {COLUMNS} FROM log" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    with store.lock:
        return [row_to_entry(r) for r in store.conn.execute(sql, args)]
