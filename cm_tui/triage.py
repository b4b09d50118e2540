"""What a decision does, independent of the UI: claims are respected, evidence is captured before
a comment is escalated or reported, and every comment gets its own log entry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from cm_tui.clock import BERLIN, iso, utcnow
from cm_tui.store import claims, log
from cm_tui.store.db import Store

ESCALATION_TARGETS = ("pressestelle", "rechtsamt", "fachamt", "polizei")
SNOOZE_CHOICES = ("1h", "4h", "tomorrow")
EVIDENCE_ACTIONS = ("escalate", "report")


@dataclass(frozen=True, slots=True)
class Outcome:
    done: tuple[int, ...]
    skipped: tuple[tuple[int, str], ...] = field(default_factory=tuple)  # (comment, claimed by)


def snooze_until(choice: str, now: datetime) -> datetime:
    if choice == "1h":
        return now + timedelta(hours=1)
    if choice == "4h":
        return now + timedelta(hours=4)
    local = now.astimezone(BERLIN)
    morning = (local + timedelta(days=1)).replace(hour=8, minute=0, second=0, microsecond=0)
    return morning.astimezone(now.tzinfo)


def decide(
    store: Store,
    user: str,
    action: str,
    comment_ids: Sequence[int],
    *,
    rules: Sequence[str] = (),
    reason: str | None = None,
    note: str | None = None,
    template_id: str | None = None,
    reply_text: str | None = None,
    data: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Log ``action`` on every comment not claimed by someone else. Escalations and reports
    first capture evidence (the comment as the city saw it) in their own log entries."""
    now = now or utcnow()
    free: list[int] = []
    skipped: list[tuple[int, str]] = []
    for cid in comment_ids:
        holder = claims.holder(store, cid, now=now)
        if holder and holder.user != user:
            skipped.append((cid, holder.user))
        else:
            free.append(cid)
    if not free:
        return Outcome((), tuple(skipped))
    if action in EVIDENCE_ACTIONS:
        from cm_tui.reports.evidence import capture

        for cid in free:
            capture(store, cid, user, now=now)
    if action == "block":
        _log_blocks(store, user, free, rules, reason, note, data, now)
    else:
        log.append(
            store, user, action, free, rules=rules, reason=reason, note=note, template_id=template_id,
            reply_text=reply_text, data=data, now=now,
        )
    return Outcome(tuple(free), tuple(skipped))


def _log_blocks(
    store: Store, user: str, comment_ids: Sequence[int], rules: Sequence[str], reason: str | None,
    note: str | None, data: dict[str, Any] | None, now: datetime,
) -> None:
    """A block is against the author: each entry names who was blocked, as exported."""
    with store.lock:
        authors = {
            row[0]: row[1:]
            for row in store.conn.execute(
                f"SELECT id, platform, author_key, author_name, author_id FROM comments "
                f"WHERE id IN ({','.join('?' * len(comment_ids))})",
                list(comment_ids),
            )
        }
    batch = {"batch": f"block-{iso(now)}"}
    for cid in comment_ids:
        platform, key, name, native = authors.get(cid, (None, None, None, None))
        extra = {**(data or {}), **batch, "platform": platform, "author_key": key, "author_name": name,
                 "author_id": native}
        log.append(store, user, "block", [cid], rules=rules, reason=reason, note=note, data=extra, now=now)


def snooze_data(choice: str, now: datetime) -> dict[str, Any]:
    return {"until": iso(snooze_until(choice, now)), "choice": choice}
