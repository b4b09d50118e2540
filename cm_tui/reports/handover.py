"""The shift handover: what happened in a period and what the next shift must pick up.

Definitions (so the numbers mean the same every time):

* **period** – log entries with ``since <= at < now``.
* **counted entries** – entries in the period that are not ``undo`` and were not undone by an
  ``undo`` written before ``now``; ``shift_close`` entries are not work and are not counted.
  Undo entries in the period are reported separately as ``undone``.
* **by rule / by channel** – counted *decisions* (approve … snooze) per cited rule and per channel
  (the Amtfluencer's name for personal accounts) of the comment.
* **open case** – a comment whose state derived from the log is still ``escalated`` or
  ``reported``, whenever that happened (a later decision or an undo closes it). Its deadline is the
  last day for a criminal complaint: first seen + 3 calendar months (§ 77b StGB).
* **repeat authors** – authors whose comments drew two or more counted decisions in the period.
* **unfinished claims** – live claims whose comment is still open.
* **incomplete posts** – posts with comments first seen in the period whose export announced
  clearly more comments than are stored (``cm_tui.store.coverage``): a page was not exported.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from cm_tui.clock import BERLIN, iso, parse_iso
from cm_tui.model import DECISIONS, LogEntry
from cm_tui.reports.common import complaint_deadline
from cm_tui.store.spike_rows import load_spikes
from cm_tui.store import log
from cm_tui.store.coverage import POST_COLUMNS, Gap, gap_from
from cm_tui.store.db import Store

NOT_WORK = ("undo", "shift_close")


@dataclass(frozen=True, slots=True)
class OpenCase:
    comment_id: int
    state: str  # escalated | reported
    platform: str
    native_id: str
    channel: str | None
    author_name: str | None
    text: str
    permalink: str | None
    decided_at: str
    decided_by: str
    target: str | None  # escalation target
    rules: tuple[str, ...]
    reason: str | None
    note: str | None
    first_seen_at: str
    deadline: str  # ISO date, last day for a criminal complaint
    days_left: int


@dataclass(frozen=True, slots=True)
class SpikeItem:
    id: str
    scope: str
    level: int
    peak_level: int
    start: str
    end: str | None
    explanation: str
    status: str | None  # e.g. "bestätigt von anna"


@dataclass(frozen=True, slots=True)
class RepeatAuthor:
    platform: str
    author_name: str | None
    author_id: str | None
    decisions: int
    comments: int
    actions: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class ClaimItem:
    comment_id: int
    user: str
    claimed_at: str
    expires_at: str
    channel: str | None
    text: str


@dataclass(frozen=True, slots=True)
class NoteRef:
    """A ``shift_close`` entry: who closed the shift, when, and their note."""

    entry_id: int
    at: str
    user: str
    note: str | None


@dataclass(frozen=True, slots=True)
class Handover:
    since: str
    until: str
    entries: int
    undone: int
    comments_seen: int
    queue_open: int
    by_action: tuple[tuple[str, int], ...]
    by_rule: tuple[tuple[str, int], ...]
    by_channel: tuple[tuple[str, int], ...]
    open_cases: tuple[OpenCase, ...]
    spikes: tuple[SpikeItem, ...]
    repeat_authors: tuple[RepeatAuthor, ...]
    claims: tuple[ClaimItem, ...]
    previous_note: NoteRef | None
    note: str | None = None
    by_user: tuple[tuple[str, int], ...] = field(default_factory=tuple)
    gaps: tuple[Gap, ...] = field(default_factory=tuple)


def _sorted(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def last_handover(store: Store, *, before: datetime | None = None) -> LogEntry | None:
    """The most recent ``shift_close`` entry (optionally strictly before a time)."""
    return log.last_of(store, "shift_close", before=before)


def since_last_close(store: Store, now: datetime) -> datetime | None:
    """Start of the current shift: the last ``shift_close`` before ``now``; ``None`` if never closed."""
    entry = last_handover(store, before=now)
    return parse_iso(entry.at) if entry else None


def log_start(store: Store) -> datetime | None:
    with store.lock:
        row = store.conn.execute("SELECT min(at) FROM log").fetchone()
    return parse_iso(row[0]) if row and row[0] else None


def _open_cases(store: Store, now: datetime) -> list[OpenCase]:
    """Comments whose state derived from the log *as of now* is escalated or reported."""
    today = now.astimezone(BERLIN).date()
    with store.lock:
        rows = store.conn.execute(
            "SELECT id, platform, native_id, channel, owner, author_name, substr(text, 1, 500), permalink, first_seen_at "
            "FROM comments WHERE id IN (SELECT comment_id FROM log WHERE action IN ('escalate', 'report') AND at < ?) "
            "ORDER BY first_seen_at, id", (iso(now),),
        ).fetchall()
    cases: list[OpenCase] = []
    for cid, platform, native, channel, owner, author, text, permalink, first_seen in rows:
        trail = [e for e in log.entries_for(store, cid) if parse_iso(e.at) < now]
        undone = {e.data.get("undo_of") for e in trail if e.action == "undo"}
        decisions = [e for e in trail if e.action in DECISIONS and e.id not in undone]
        if not decisions or decisions[-1].action not in ("escalate", "report"):
            continue  # decided otherwise later, or the escalation was undone
        last = decisions[-1]
        deadline = complaint_deadline(first_seen)
        cases.append(OpenCase(
            comment_id=cid, state="escalated" if last.action == "escalate" else "reported", platform=platform,
            native_id=native, channel=owner or channel, author_name=author, text=text or "", permalink=permalink,
            decided_at=last.at, decided_by=last.user, target=last.data.get("target"), rules=last.rules,
            reason=last.reason, note=last.note, first_seen_at=first_seen, deadline=deadline.isoformat(),
            days_left=(deadline - today).days,
        ))
    cases.sort(key=lambda c: (c.deadline, c.comment_id))
    return cases


def _spikes(store: Store, since: datetime, now: datetime) -> list[SpikeItem]:
    status: dict[str, str] = {}
    with store.lock:
        rows = store.conn.execute(
            "SELECT action, user, data FROM log WHERE action IN ('spike_ack','spike_resolve') AND at < ? ORDER BY id",
            (iso(now),),
        ).fetchall()
    for action, user, data in rows:
        word = "bestätigt" if action == "spike_ack" else "für beendet erklärt"
        status[str(json.loads(data or "{}").get("spike"))] = f"{word} von {user}"
    out = []
    for s in load_spikes(store):
        start, end = parse_iso(str(s["start"])), parse_iso(str(s["end"])) if s["end"] else None
        if start >= now or (end is not None and end < since):
            continue
        out.append(SpikeItem(
            id=str(s["id"]), scope=str(s["scope_label"] or s["scope_key"]), level=int(s["level"]),  # type: ignore[call-overload]
            peak_level=int(s["peak_level"]), start=str(s["start"]), end=str(s["end"]) if s["end"] else None,  # type: ignore[call-overload]
            explanation=str(s["explanation"] or ""), status=status.get(str(s["id"])),
        ))
    out.sort(key=lambda s: (s.end is not None, s.start))
    return out


def build_handover(store: Store, *, since: datetime, now: datetime, note: str | None = None) -> Handover:
    """Build the handover report for ``since <= at < now``. Pure apart from reading ``store``."""
    lo, hi = iso(since), iso(now)
    with store.lock:
        rows = store.conn.execute(
            f"SELECT {log.COLUMNS} FROM log WHERE at >= ? AND at < ? ORDER BY id", (lo, hi)
        ).fetchall()
        undone_ids = {
            int(r[0]) for r in store.conn.execute(
                "SELECT json_extract(data, '$.undo_of') FROM log WHERE action='undo' AND at < ?", (hi,)
            ) if r[0] is not None
        }
        comments_seen = store.conn.execute(
            "SELECT count(*) FROM comments WHERE first_seen_at >= ? AND first_seen_at < ?", (lo, hi)
        ).fetchone()[0]
        queue_open = store.conn.execute("SELECT count(*) FROM comments WHERE state='open'").fetchone()[0]
    entries = [log.row_to_entry(r) for r in rows]
    counted = [e for e in entries if e.action not in NOT_WORK and e.id not in undone_ids]
    decisions = [e for e in counted if e.action in DECISIONS]
    comment_ids = sorted({e.comment for e in decisions if e.comment is not None})
    info: dict[int, tuple[str, str | None, str | None, str | None, str | None]] = {}
    with store.lock:
        for i in range(0, len(comment_ids), 500):
            chunk = comment_ids[i:i + 500]
            for r in store.conn.execute(
                "SELECT id, platform, coalesce(owner, channel), coalesce(author_key, author_id, author_name), "
                f"author_name, author_id FROM comments WHERE id IN ({','.join('?' * len(chunk))})", chunk,
            ):
                info[r[0]] = (r[1], r[2], r[3], r[4], r[5])
    by_rule: Counter[str] = Counter(r for e in decisions for r in dict.fromkeys(e.rules))
    by_channel: Counter[str] = Counter(
        (info.get(e.comment, ("", None))[1] or "(ohne Kanal)") for e in decisions if e.comment is not None
    )
    per_author: dict[tuple[str, str], list[LogEntry]] = {}
    for e in decisions:
        if e.comment is None or e.comment not in info or info[e.comment][2] is None:
            continue
        platform, _ch, key, _n, _i = info[e.comment]
        per_author.setdefault((platform, str(key)), []).append(e)
    authors = []
    for (platform, _key), items in per_author.items():
        if len(items) < 2:
            continue
        first = info[items[0].comment]  # type: ignore[index]
        authors.append(RepeatAuthor(
            platform=platform, author_name=first[3], author_id=first[4], decisions=len(items),
            comments=len({e.comment for e in items}), actions=_sorted(Counter(e.action for e in items)),
        ))
    authors.sort(key=lambda a: (-a.decisions, a.author_name or "", a.platform))
    prev = last_handover(store, before=now)
    return Handover(
        since=lo, until=hi, entries=len(counted), undone=sum(e.action == "undo" for e in entries),
        comments_seen=int(comments_seen), queue_open=int(queue_open),
        by_action=_sorted(Counter(e.action for e in counted)), by_rule=_sorted(by_rule),
        by_channel=_sorted(by_channel), open_cases=tuple(_open_cases(store, now)),
        spikes=tuple(_spikes(store, since, now)), repeat_authors=tuple(authors),
        claims=tuple(_claims(store, now)),
        previous_note=NoteRef(prev.id, prev.at, prev.user, prev.note) if prev else None,
        note=note, by_user=_sorted(Counter(e.user for e in counted)), gaps=tuple(_gaps(store, lo, hi)),
    )


def _gaps(store: Store, lo: str, hi: str) -> list[Gap]:
    columns = ", ".join(f"p.{c}" for c in POST_COLUMNS.split(", "))
    with store.lock:
        cur = store.conn.execute(
            f"SELECT DISTINCT {columns} FROM comments c JOIN posts p ON p.platform = c.platform "
            "AND p.native_id = c.post_id WHERE c.first_seen_at >= ? AND c.first_seen_at < ? "
            "AND (p.comment_total IS NOT NULL OR p.toplevel_total IS NOT NULL) ORDER BY 1, 2", (lo, hi))
        posts = [dict(zip(POST_COLUMNS.split(", "), r)) for r in cur.fetchall()]
    return [g for p in posts if (g := gap_from(store, p)) is not None]


def _claims(store: Store, now: datetime) -> list[ClaimItem]:
    with store.lock:
        rows = store.conn.execute(
            "SELECT k.comment_id, k.user, k.claimed_at, k.expires_at, coalesce(c.owner, c.channel), substr(c.text, 1, 300) "
            "FROM claims k JOIN comments c ON c.id = k.comment_id "
            "WHERE k.expires_at > ? AND k.claimed_at <= ? AND c.state = 'open' ORDER BY k.claimed_at, k.comment_id",
            (iso(now), iso(now)),
        ).fetchall()
    return [ClaimItem(r[0], r[1], r[2], r[3], r[4], r[5] or "") for r in rows]


def close_shift(store: Store, user: str, note: str | None, *, since: datetime | None = None,
                now: datetime | None = None) -> int:
    """Write the ``shift_close`` entry that ends a shift; the next handover starts there."""
    data = {"since": iso(since)} if since is not None else {}
    return log.append(store, user, "shift_close", [None], note=(note or "").strip() or None, data=data, now=now)[0]
