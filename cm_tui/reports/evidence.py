"""Evidence capture: the comment as the city saw it, with context, hashed, written to the log.

Captured when a comment is escalated or reported, before anyone hides it, so the record does not
depend on the platform still showing the comment later."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from cm_tui.clock import iso, utcnow
from cm_tui.store import log
from cm_tui.store.db import Store
from cm_tui.store.detail import load_detail


def snapshot(store: Store, comment_id: int) -> dict[str, Any]:
    """The captured content: original text and markup, identity, times, thread context."""
    detail = load_detail(store, comment_id)
    if detail is None:
        raise KeyError(comment_id)
    r = detail.row
    return {
        "platform": r["platform"],
        "comment_native_id": r["native_id"],
        "permalink": r["permalink"],
        "channel": r["channel"],
        "owner": r["owner"],
        "author_name": r["author_name"],
        "author_id": r["author_id"],
        "created_at": r["created_at"],
        "first_seen_at": r["first_seen_at"],
        "text": r["text"],
        "text_html": r["text_html"],
        "raw": json.loads(r["raw"] or "{}"),
        "findings": detail.findings,
        "post": None if detail.post is None else {
            "native_id": detail.post["native_id"], "text": detail.post["text"], "url": detail.post["url"],
            "created_at": detail.post["created_at"], "channel": detail.post["channel"],
        },
        "parent": None if detail.parent is None else {
            "native_id": detail.parent["native_id"], "author_name": detail.parent["author_name"],
            "text": detail.parent["text"], "created_at": detail.parent["created_at"],
        },
    }


def content_hash(snap: dict[str, Any]) -> str:
    """SHA-256 over a canonical JSON of the snapshot, so anyone can recompute it."""
    canonical = json.dumps(snap, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def capture(store: Store, comment_id: int, user: str, *, now: datetime | None = None) -> int:
    """Write an ``evidence`` log entry with the snapshot and its hash; returns the entry id."""
    now = now or utcnow()
    snap = snapshot(store, comment_id)
    data = {"captured_at": iso(now), "sha256": content_hash(snap), "snapshot": snap}
    return log.append(store, user, "evidence", [comment_id], data=data, now=now)[0]
