"""The queue as SQL: filters, counts and pages in priority order. No UI here."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from cm_tui.clock import TimeSpecError, iso, parse_when, utcnow
from cm_tui.safe_text import plain_int
from cm_tui.store.db import Store

SEVERITY_NAMES = {"kritisch": 4, "hoch": 3, "mittel": 2, "niedrig": 1, "info": 0}
STATUS_ALIASES = {
    "offen": "open", "open": "open", "alle": "all", "all": "all",
    "freigegeben": "approved", "approved": "approved", "beantwortet": "replied", "replied": "replied",
    "ausgeblendet": "hidden", "hidden": "hidden", "gelöscht": "deleted", "deleted": "deleted",
    "eskaliert": "escalated", "escalated": "escalated", "angezeigt": "reported", "reported": "reported",
    "gesperrt": "blocked", "blocked": "blocked", "zurückgestellt": "snoozed", "snoozed": "snoozed",
    "erledigt": "done", "done": "done", "eigene": "own", "own": "own",
}


class QueryError(ValueError):
    """A limit pattern the queue cannot understand; the message is for people."""


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """What the queue shows. ``status`` 'open' hides snoozed comments until they wake."""

    status: str = "open"
    platform: str | None = None
    channel: str | None = None
    amtfluencer: bool | None = None
    rule: str | None = None
    min_severity: int | None = None
    author: str | None = None
    spike: str | None = None  # a spike id, or "any"
    since: str | None = None
    until: str | None = None
    text: str | None = None
    flagged: bool | None = None
    comment_ids: tuple[int, ...] | None = None
    dup: int | None = None  # a copy-paste cluster (comments.spike_dup)


@dataclass(frozen=True, slots=True)
class QueueRow:
    id: int
    platform: str
    channel: str | None
    owner: str | None
    created_at: str | None
    author_name: str | None
    text: str
    rule_ids: str
    severity: int
    state: str
    state_by: str | None
    snooze_until: str | None
    spike: str | None
    claimed_by: str | None


def parse_query(query: str, base: QueueFilter | None = None, *, now: datetime | None = None) -> QueueFilter:
    """Parse a limit pattern like ``rule:R05 severity:hoch platform:facebook Radweg``.

    Keys: platform, channel, amtfluencer (ja/nein), rule, severity (at least), status, author,
    spike (ja or an id), since/until (30m, 8h, 2d or ISO date), flagged (ja/nein), dup (a copy-paste
    cluster, as ``=`` sets it); free words search the text.
    """
    f = base or QueueFilter()
    now = now or utcnow()
    words: list[str] = []
    try:
        parts = shlex.split(query)
    except ValueError:
        parts = query.split()
    yes = {"ja", "yes", "1", "true", "y", "j"}
    for part in parts:
        key, sep, value = part.partition(":")
        key = key.lower()
        if not sep or not value:
            words.append(part)
            continue
        if key in ("platform", "plattform"):
            f = replace(f, platform=value.lower())
        elif key in ("channel", "kanal"):
            f = replace(f, channel=value)
        elif key in ("amtfluencer", "af"):
            f = replace(f, amtfluencer=value.lower() in yes)
        elif key in ("rule", "regel"):
            f = replace(f, rule=value.upper())
        elif key in ("severity", "schwere"):
            if value.lower() not in SEVERITY_NAMES:
                raise QueryError(f"Schwere {value!r} unbekannt: {', '.join(SEVERITY_NAMES)}")
            f = replace(f, min_severity=SEVERITY_NAMES[value.lower()])
        elif key == "status":
            if value.lower() not in STATUS_ALIASES:
                raise QueryError(f"Status {value!r} unbekannt: offen, erledigt, alle, ausgeblendet, …")
            f = replace(f, status=STATUS_ALIASES[value.lower()])
        elif key in ("author", "autor"):
            f = replace(f, author=value)
        elif key == "spike":
            f = replace(f, spike="any" if value.lower() in yes else value)
        elif key in ("dup", "gleich"):
            if (n := plain_int(value)) is None:
                raise QueryError(f"dup:{value} – erwartet wird die Nummer einer Gruppe gleichlautender Kommentare")
            f = replace(f, dup=n)
        elif key in ("flagged", "markiert", "verstoß"):
            f = replace(f, flagged=value.lower() in yes)
        elif key in ("since", "seit", "until", "bis"):
            try:
                stamp = iso(parse_when(value, now))
            except TimeSpecError as exc:
                raise QueryError(str(exc)) from None
            f = replace(f, since=stamp) if key in ("since", "seit") else replace(f, until=stamp)
        else:
            words.append(part)
    if words:
        f = replace(f, text=" ".join(words))
    return f


def fts_query(text: str) -> str:
    """Each word as a quoted prefix term, so user input is never FTS syntax."""
    terms = [w.replace('"', '""') for w in re.findall(r"\w+", text)]
    return " ".join(f'"{t}"*' for t in terms)


def where_clause(f: QueueFilter, *, now: datetime | None = None) -> tuple[str, list[Any]]:
    where: list[str] = []
    args: list[Any] = []
    if f.status == "open":
        where.append("c.state = 'open' AND (c.snooze_until IS NULL OR c.snooze_until <= ?)")
        args.append(iso(now or utcnow()))
    elif f.status == "snoozed":
        where.append("c.state = 'open' AND c.snooze_until > ?")
        args.append(iso(now or utcnow()))
    elif f.status == "done":
        where.append("c.state NOT IN ('open', 'own')")
    elif f.status != "all":
        where.append("c.state = ?")
        args.append(f.status)
    if f.platform:
        where.append("c.platform = ?")
        args.append(f.platform)
    if f.channel:
        where.append("(c.channel LIKE ? OR c.owner LIKE ?)")
        args += [f"%{f.channel}%", f"%{f.channel}%"]
    if f.amtfluencer is not None:
        where.append("c.owner IS NOT NULL" if f.amtfluencer else "c.owner IS NULL")
    if f.rule:
        where.append("(' ' || c.rule_ids || ' ') LIKE ?")
        args.append(f"% {f.rule} %")
    if f.min_severity is not None:
        where.append("c.severity >= ?")
        args.append(f.min_severity)
    if f.author:
        where.append("(c.author_name LIKE ? OR c.author_id = ?)")
        args += [f"%{f.author}%", f.author]
    if f.spike == "any":
        where.append("c.spike IS NOT NULL")
    elif f.spike:
        where.append("c.spike = ?")
        args.append(f.spike)
    if f.since:
        where.append("c.created_at >= ?")
        args.append(f.since)
    if f.until:
        where.append("c.created_at < ?")
        args.append(f.until)
    if f.flagged is not None:
        where.append("c.flagged = ?")
        args.append(1 if f.flagged else 0)
    if f.text and fts_query(f.text):
        where.append("c.id IN (SELECT rowid FROM comments_fts WHERE comments_fts MATCH ?)")
        args.append(fts_query(f.text))
    if f.dup is not None:
        where.append("c.spike_dup = ?")
        args.append(f.dup)
    if f.comment_ids is not None:
        where.append(f"c.id IN ({','.join(str(int(i)) for i in f.comment_ids) or 'NULL'})")
    return (" WHERE " + " AND ".join(where)) if where else "", args


ORDER = " ORDER BY c.state, c.rank DESC, c.created_at, c.id"


def count(store: Store, f: QueueFilter, *, now: datetime | None = None) -> int:
    sql, args = where_clause(f, now=now)
    with store.lock:
        return int(store.conn.execute(f"SELECT count(*) FROM comments c{sql}", args).fetchone()[0])


def fetch_page(
    store: Store, f: QueueFilter, offset: int, limit: int, *, now: datetime | None = None
) -> list[QueueRow]:
    sql, args = where_clause(f, now=now)
    stamp = iso(now or utcnow())
    query = (
        "SELECT c.id, c.platform, c.channel, c.owner, c.created_at, c.author_name, substr(c.text, 1, 400), "
        "c.rule_ids, c.severity, c.state, c.state_by, c.snooze_until, c.spike, "
        "(SELECT user FROM claims k WHERE k.comment_id = c.id AND k.expires_at > ?) "
        f"FROM comments c{sql}{ORDER} LIMIT ? OFFSET ?"
    )
    with store.lock:
        rows = store.conn.execute(query, [stamp, *args, limit, offset]).fetchall()
    return [QueueRow(*r) for r in rows]


def ids(store: Store, f: QueueFilter, *, now: datetime | None = None, limit: int = 10_000) -> list[int]:
    """Comment ids of the filter in queue order (for marking a whole view)."""
    sql, args = where_clause(f, now=now)
    with store.lock:
        return [r[0] for r in store.conn.execute(f"SELECT c.id FROM comments c{sql}{ORDER} LIMIT ?", [*args, limit])]


def header_counts(store: Store, user: str, *, now: datetime | None = None) -> dict[str, int]:
    """Open, mine (live claims of ``user``) and flagged-open counts for the header."""
    open_f = QueueFilter()
    stamp = iso(now or utcnow())
    with store.lock:
        mine = store.conn.execute(
            "SELECT count(*) FROM claims WHERE user=? AND expires_at > ?", (user, stamp)
        ).fetchone()[0]
    return {
        "open": count(store, open_f, now=now),
        "mine": int(mine),
        "flagged": count(store, replace(open_f, flagged=True), now=now),
    }
