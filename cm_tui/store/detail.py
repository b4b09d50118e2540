"""Everything the detail pane shows about one comment, in one read."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from cm_tui.model import LogEntry
from cm_tui.store.coverage import Gap, gap_from
from cm_tui.store.db import Store
from cm_tui.store.log import entries_for

OFFENCE_STATES = ("hidden", "deleted", "blocked", "reported")
SAME_TEXT_LIMIT = 1000  # a spam wave of 50,000 copies is "more than 1,000": counting on costs key presses


@dataclass(frozen=True, slots=True)
class SameText:
    """The comment's copy-paste cluster: near-identical comments (itself included), the accounts
    they came from and how many are still open; counted up to ``SAME_TEXT_LIMIT`` + 1."""

    cluster: int
    comments: int
    accounts: int
    open: int

    @property
    def capped(self) -> bool:
        return self.comments > SAME_TEXT_LIMIT


@dataclass(frozen=True, slots=True)
class AuthorHistory:
    total: int
    earlier: tuple[tuple[int, str | None, str, str], ...]  # (id, created_at, state, first line)
    offences: int

    @property
    def repeat_offender(self) -> bool:
        return self.offences > 0


@dataclass(frozen=True, slots=True)
class CommentDetail:
    row: dict[str, Any]
    findings: list[dict[str, Any]]
    templates: list[tuple[str, float]]
    post: dict[str, Any] | None
    parent: dict[str, Any] | None
    author: AuthorHistory
    trail: list[LogEntry] = field(default_factory=list)
    versions: list[tuple[str, str]] = field(default_factory=list)  # (text, seen_until)
    team_replies: list[tuple[str | None, str | None, str]] = field(default_factory=list)  # (author, created_at, text)
    same_text: SameText | None = None  # only where there is at least one other copy
    post_gap: Gap | None = None  # fewer of the post's comments here than its export announced


def _dict(cur: Any, row: Any) -> dict[str, Any] | None:
    if row is None:
        return None
    return {d[0]: v for d, v in zip(cur.description, row, strict=True)}


def load_detail(store: Store, comment_id: int, *, history_limit: int = 20) -> CommentDetail | None:
    with store.lock:
        conn = store.conn
        cur = conn.execute("SELECT * FROM comments WHERE id=?", (comment_id,))
        row = _dict(cur, cur.fetchone())
        if row is None:
            return None
        post = parent = None
        if row["post_id"]:
            cur = conn.execute(
                "SELECT * FROM posts WHERE platform=? AND native_id=?", (row["platform"], row["post_id"])
            )
            post = _dict(cur, cur.fetchone())
        if row["parent_id"]:
            cur = conn.execute(
                "SELECT * FROM comments WHERE platform=? AND native_id=?", (row["platform"], row["parent_id"])
            )
            parent = _dict(cur, cur.fetchone())
        earlier: list[tuple[int, str | None, str, str]] = []
        total = offences = 0
        if row["author_key"]:
            key = (row["platform"], row["author_key"], comment_id)
            total, offences = conn.execute(
                "SELECT count(*), coalesce(sum(state IN ('hidden','deleted','blocked','reported')), 0) "
                "FROM comments WHERE platform=? AND author_key=? AND id != ?",
                key,
            ).fetchone()
            earlier = [
                (r[0], r[1], r[2], (r[3] or "").split("\n", 1)[0][:120])
                for r in conn.execute(
                    "SELECT id, created_at, state, substr(text, 1, 200) FROM comments "
                    "WHERE platform=? AND author_key=? AND id != ? ORDER BY created_at DESC LIMIT ?",
                    (*key, history_limit),
                )
            ]
        versions = [
            (r[0], r[1])
            for r in conn.execute(
                "SELECT text, seen_until FROM comment_versions WHERE comment_id=? ORDER BY rowid", (comment_id,)
            )
        ]
        team_replies = [
            (r[0], r[1], r[2] or "")
            for r in conn.execute(
                "SELECT author_name, created_at, substr(text, 1, 400) FROM comments INDEXED BY comments_own_replies "
                "WHERE platform=? AND parent_id=? AND own = 1 ORDER BY created_at LIMIT 3",
                (row["platform"], row["native_id"]),
            )
        ]
        same = None
        if row.get("spike_dup") is not None:
            n, accounts, still_open = conn.execute(
                "SELECT count(*), count(DISTINCT author_key), coalesce(sum(state = 'open'), 0) FROM "
                "(SELECT author_key, state FROM comments INDEXED BY comments_spike_dup WHERE spike_dup = ? LIMIT ?)",
                (row["spike_dup"], SAME_TEXT_LIMIT + 1),
            ).fetchone()
            if n > 1:
                same = SameText(int(row["spike_dup"]), int(n), int(accounts), int(still_open))
        trail = entries_for(store, comment_id)
        gap = gap_from(store, post, quick=True) if post is not None else None  # the row just read
    return CommentDetail(
        row=row,
        findings=json.loads(row["findings"] or "[]"),
        templates=[tuple(t) for t in json.loads(row["templates"] or "[]")],  # type: ignore[misc]
        post=post,
        parent=parent,
        author=AuthorHistory(int(total or 0), tuple(earlier), int(offences or 0)),
        trail=trail,
        versions=versions,
        team_replies=team_replies,
        same_text=same,
        post_gap=gap,
    )
