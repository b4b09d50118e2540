"""The history (log) view's data side: a small limit-pattern language and paged SQL over the log.

Pattern keys (German aliases in brackets): ``user:`` [person], ``action:`` [aktion], ``rule:``
[regel], ``channel:`` [kanal], ``author:`` [autor], ``comment:`` [kommentar] (store id or
``platform:native_id``), ``since:``/``until:`` [seit/bis] (``8h``, ``2d``, ISO date). Several
values are separated by commas (``action:hide,delete``); free words search reason and note.

Pages are newest first. A page is read by keyset from a loaded neighbour when there is one, and
otherwise by OFFSET counted from whichever end of the result is nearer, so both the first and the
last page of a million entries come back in milliseconds.
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from cm_tui.clock import berlin, iso
from cm_tui.model import ACTIONS, DECISIONS, LogEntry
from cm_tui.safe_text import plain_int
from cm_tui.spikes.params import LEVEL_NAMES
from cm_tui.reports.common import ReportError, parse_when
from cm_tui.store.db import Store

ACTION_ALIASES: dict[str, tuple[str, ...]] = {
    "freigeben": ("approve",), "freigabe": ("approve",), "antworten": ("reply",), "antwort": ("reply",),
    "ausblenden": ("hide",), "löschen": ("delete",), "loeschen": ("delete",), "eskalieren": ("escalate",),
    "melden": ("report",), "anzeige": ("report",), "sperren": ("block",), "zurückstellen": ("snooze",),
    "notiz": ("note",), "rückgängig": ("undo",), "übernahme": ("claim_takeover",), "beweis": ("evidence",),
    "übergabe": ("shift_close",), "schicht": ("shift_close",), "lage": ("spike_ack", "spike_resolve"),
    "entscheidung": DECISIONS, "decision": DECISIONS, "decisions": DECISIONS,
}
KEYS = {
    "user": "user", "person": "user", "wer": "user", "action": "action", "aktion": "action",
    "rule": "rule", "regel": "rule", "channel": "channel", "kanal": "channel", "author": "author",
    "autor": "author", "comment": "comment", "kommentar": "comment", "since": "since", "seit": "since",
    "until": "until", "bis": "until",
}


class HistoryQueryError(ReportError):
    """A pattern the history filter cannot read; the message says which part and why."""


@dataclass(frozen=True, slots=True)
class HistoryFilter:
    """What the history list shows. Empty tuples / ``None`` mean "no restriction"."""

    users: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    channel: str | None = None
    author: str | None = None
    comment: str | None = None  # "123" or "platform:native_id"
    since: str | None = None  # UTC ISO
    until: str | None = None
    words: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One log entry with the few comment fields the list shows."""

    entry: LogEntry
    platform: str | None = None
    channel: str | None = None
    owner: str | None = None
    author_name: str | None = None
    text: str | None = None
    spike_label: str | None = None  # label of the spike an ack/resolve entry names, if stored

    def spike_text(self) -> str:
        """For people: which spike an ack/resolve entry is about ("Beitrag ‚Radweg' · Krise ·
        ab 22.11.2026 17:35"); the internal id only when nothing else is known."""
        data = self.entry.data
        label = data.get("label") or self.spike_label
        if not label:
            return str(data.get("spike", ""))
        parts = [str(label)]
        if isinstance(data.get("level"), int):
            parts.append(LEVEL_NAMES.get(int(data["level"]), str(data["level"])))
        if data.get("start"):
            parts.append("ab " + berlin(str(data["start"])))
        return " · ".join(parts)


def _values(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def parse_history_query(query: str, *, now: datetime, user: str | None = None) -> HistoryFilter:
    """Parse a pattern like ``user:anna action:hide rule:R05 since:8h``. Pure; raises
    :class:`HistoryQueryError` with a German message."""
    try:
        parts = shlex.split(query)
    except ValueError:
        parts = query.split()
    f = HistoryFilter()
    words: list[str] = []
    for part in parts:
        key, sep, value = part.partition(":")
        name = KEYS.get(key.lower()) if sep else None
        if name is None:
            words.append(part)
            continue
        if not value:
            raise HistoryQueryError(f"{key}: ohne Wert")
        if name == "user":
            names = tuple(user if v.lower() in ("me", "ich") and user else v for v in _values(value))
            f = replace(f, users=f.users + names)
        elif name == "action":
            acts: list[str] = []
            for v in _values(value):
                v = v.lower()
                if v in ACTIONS:
                    acts.append(v)
                elif v in ACTION_ALIASES:
                    acts.extend(ACTION_ALIASES[v])
                else:
                    raise HistoryQueryError(f"Aktion {v!r} unbekannt: {', '.join(ACTIONS)}")
            f = replace(f, actions=tuple(dict.fromkeys(f.actions + tuple(acts))))
        elif name == "rule":
            f = replace(f, rules=f.rules + tuple(v.upper() for v in _values(value)))
        elif name == "channel":
            f = replace(f, channel=value)
        elif name == "author":
            f = replace(f, author=value)
        elif name == "comment":
            if plain_int(value) is None and ":" not in value:
                raise HistoryQueryError(f"Kommentar {value!r}: Id (123) oder plattform:native_id erwartet")
            f = replace(f, comment=value)
        else:
            try:
                stamp = iso(parse_when(value, now))
            except ReportError as exc:
                raise HistoryQueryError(str(exc)) from None
            f = replace(f, since=stamp) if name == "since" else replace(f, until=stamp)
    return replace(f, words=tuple(words))


def where_clause(f: HistoryFilter) -> tuple[str, list[Any]]:
    """SQL conditions over ``log l`` for a filter (always parameterised)."""
    where: list[str] = []
    args: list[Any] = []
    if f.users:
        where.append(f"l.user IN ({','.join('?' * len(f.users))})")
        args += list(f.users)
    if f.actions:
        where.append(f"l.action IN ({','.join('?' * len(f.actions))})")
        args += list(f.actions)
    if f.rules:
        where.append("(" + " OR ".join("l.rules LIKE ?" for _ in f.rules) + ")")
        args += [f'%"{r}"%' for r in f.rules]
    if f.channel:
        where.append("l.comment_id IN (SELECT id FROM comments WHERE channel LIKE ? OR owner LIKE ?)")
        args += [f"%{f.channel}%"] * 2
    if f.author:
        where.append("l.comment_id IN (SELECT id FROM comments WHERE author_name LIKE ? OR author_id = ?)")
        args += [f"%{f.author}%", f.author]
    if f.comment:
        if (n := plain_int(f.comment)) is not None:
            where.append("l.comment_id = ?")
            args.append(n)
        else:
            platform, native = f.comment.split(":", 1)
            where.append("l.comment_id IN (SELECT id FROM comments WHERE platform = ? AND native_id = ?)")
            args += [platform.lower(), native]
    if f.since:
        where.append("l.at >= ?")
        args.append(f.since)
    if f.until:
        where.append("l.at < ?")
        args.append(f.until)
    for w in f.words:
        where.append("(coalesce(l.reason,'') || ' ' || coalesce(l.note,'') || ' ' || coalesce(l.reply_text,'')) LIKE ?")
        args.append(f"%{w}%")
    return " AND ".join(where), args


NEAR = 5000  # below this offset plain OFFSET is cheap; counting from the end only pays beyond it
SELECT = (
    "SELECT l.id, l.at, l.user, l.action, l.comment_id, l.rules, l.reason, l.template_id, l.reply_text, l.note, "
    "l.data, c.platform, c.channel, c.owner, c.author_name, substr(c.text, 1, 300), "
    "CASE WHEN l.action IN ('spike_ack', 'spike_resolve') THEN "
    "(SELECT s.scope_label FROM spikes s WHERE s.id = json_extract(l.data, '$.spike')) END "
    "FROM log l LEFT JOIN comments c ON c.id = l.comment_id"
)


def _row(r: Any) -> HistoryRow:
    entry = LogEntry(
        id=r[0], at=r[1], user=r[2], action=r[3], comment=r[4], rules=tuple(json.loads(r[5] or "[]")),
        reason=r[6], template_id=r[7], reply_text=r[8], note=r[9], data=json.loads(r[10] or "{}"),
    )
    return HistoryRow(entry, r[11], r[12], r[13], r[14], r[15], r[16])


def count(store: Store, f: HistoryFilter) -> int:
    cond, args = where_clause(f)
    sql = "SELECT count(*) FROM log l" + (f" WHERE {cond}" if cond else "")
    with store.lock:
        return int(store.conn.execute(sql, args).fetchone()[0])


def fetch_page(
    store: Store, f: HistoryFilter, offset: int, limit: int, *, total: int | None = None,
    before_id: int | None = None, after_id: int | None = None,
) -> list[HistoryRow]:
    """Rows ``offset … offset+limit`` of the newest-first list.

    ``before_id`` (the id of the row just above the page) or ``after_id`` (the id just below it)
    switch to keyset paging; ``total`` lets pages near the end count from the end instead."""
    cond, args = where_clause(f)
    ascending = False
    if before_id is not None:
        cond, args = _and(cond, "l.id < ?"), [*args, before_id]
        tail = " ORDER BY l.id DESC LIMIT ?"
        args.append(limit)
    elif after_id is not None:
        cond, args = _and(cond, "l.id > ?"), [*args, after_id]
        tail = " ORDER BY l.id ASC LIMIT ?"
        args.append(limit)
        ascending = True
    elif total is not None and offset > NEAR and total - offset - limit < offset:
        from_end = max(total - offset - limit, 0)
        tail = " ORDER BY l.id ASC LIMIT ? OFFSET ?"
        args += [max(min(limit, total - offset), 0), from_end]
        ascending = True
    else:
        tail = " ORDER BY l.id DESC LIMIT ? OFFSET ?"
        args += [limit, offset]
    sql = SELECT + (f" WHERE {cond}" if cond else "") + tail
    with store.lock:
        rows = [_row(r) for r in store.conn.execute(sql, args)]
    if ascending:
        rows.reverse()
    return rows


def _and(cond: str, extra: str) -> str:
    return f"{cond} AND {extra}" if cond else extra


def describe(f: HistoryFilter) -> str:
    """A short German summary of the active filter, for the header."""
    parts: list[str] = []
    if f.users:
        parts.append("Person " + ", ".join(f.users))
    if f.actions:
        parts.append("Aktion " + ", ".join(f.actions))
    if f.rules:
        parts.append("Regel " + ", ".join(f.rules))
    for label, value in (("Kanal", f.channel), ("Autor/in", f.author), ("Kommentar", f.comment),
                         ("seit", f.since), ("bis", f.until)):
        if value:
            parts.append(f"{label} {value}")
    if f.words:
        parts.append("Text " + " ".join(f.words))
    return " · ".join(parts) or "alle Einträge"
