"""Posts with clearly fewer comments in the database than their export announced
(``summary.total_count``): most likely a page of a long thread not imported. Moderation must not
miss those comments, so the import names such posts and the detail pane says so."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cm_tui.store.db import Store
from cm_tui.store.posts import post_label

# Graph totals count comments the API no longer returns (deleted ones; the sample data's storm
# post announces 553 and delivers 546): only a larger shortfall suggests a missing page.
MIN_MISSING = 10
MIN_MISSING_SHARE = 0.02


def _short(have: int, announced: int) -> bool:
    missing = announced - have
    return missing >= MIN_MISSING and missing >= MIN_MISSING_SHARE * announced


@dataclass(frozen=True, slots=True)
class Gap:
    platform: str
    post_id: str
    label: str  # the post's first line, else channel and date or id (``post_label``)
    have: int
    announced: int
    replies_included: bool  # the total counts replies too (else top-level comments only)

    def as_dict(self) -> dict[str, object]:
        return {"platform": self.platform, "post_id": self.post_id, "have": self.have,
                "announced": self.announced, "replies_included": self.replies_included}


# What a gap is judged from: the post row's columns, read by the caller with the rest of the post.
POST_COLUMNS = "platform, native_id, comment_total, toplevel_total, text, channel, created_at"


def gap_of(store: Store, platform: str, post_id: str, *, quick: bool = False) -> Gap | None:
    """The post's gap, or None where it is complete or no total is known."""
    with store.lock:
        row = store.conn.execute(f"SELECT {POST_COLUMNS} FROM posts WHERE platform = ? AND native_id = ?",
                                 (platform, post_id)).fetchone()
    return None if row is None else gap_from(store, dict(zip(POST_COLUMNS.split(", "), row)), quick=quick)


def gap_from(store: Store, post: Mapping[str, Any], *, quick: bool = False) -> Gap | None:
    """The gap of a post row (at least the ``POST_COLUMNS``). ``quick`` (the detail pane, on every
    key press) counts on the index only: a top-level total is then checked against all comments,
    which finds a gap only where even those are fewer."""
    every_total, top_total = post["comment_total"], post["toplevel_total"]
    if every_total is None and top_total is None:
        return None
    platform, post_id = post["platform"], post["native_id"]
    with store.lock:
        conn = store.conn
        every = int(conn.execute("SELECT count(*) FROM comments INDEXED BY comments_post WHERE platform = ? "
                                 "AND post_id = ?", (platform, post_id)).fetchone()[0])
        top = None
        if top_total is not None and not quick and not _short(every, top_total):
            top = int(conn.execute(
                "SELECT count(*) FROM (SELECT 1 FROM comments WHERE platform = ? AND post_id = ? "
                "AND parent_id IS NULL LIMIT ?)", (platform, post_id, top_total)).fetchone()[0])
    label = post_label(post["text"], post["channel"] or platform, post["created_at"], post_id)
    if every_total is not None and _short(every, every_total):
        return Gap(platform, post_id, label, every, int(every_total), True)
    if top_total is not None and _short(every if top is None else top, top_total):
        return Gap(platform, post_id, label, every if top is None else top, int(top_total), False)
    return None


def gaps(store: Store, posts: Iterable[tuple[str, str]]) -> list[Gap]:
    """The gaps among ``posts`` (platform, post id), in the order given, each post once."""
    return [g for key in dict.fromkeys(posts) if (g := gap_of(store, *key)) is not None]


def describe(g: Gap) -> str:
    """One German line: "Beitrag ‚Radweg …': 546 von 553 Kommentaren importiert (laut Export) …"."""
    what = "Kommentaren" if g.replies_included else "Kommentaren der ersten Ebene"
    return (f"Beitrag ‚{g.label}': {g.have} von {g.announced} {what} importiert (laut Export); "
            "fehlen Seiten des Exports, oder wurden Kommentare inzwischen gelöscht?")
