"""Posts with clearly fewer comments in the database than their export announced
(``summary.total_count``): most likely a page of a long thread not imported. Moderation must not
miss those comments, so the import names such posts and the detail pane says so."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cm_tui.store.db import Store

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
    label: str  # the post's first line, else its id
    have: int
    announced: int
    replies_included: bool  # the total counts replies too (else top-level comments only)

    def as_dict(self) -> dict[str, object]:
        return {"platform": self.platform, "post_id": self.post_id, "have": self.have,
                "announced": self.announced, "replies_included": self.replies_included}


def gap_of(store: Store, platform: str, post_id: str, *, quick: bool = False) -> Gap | None:
    """The post's gap, or None where it is complete or no total is known. ``quick`` (the detail
    pane, on every key press) counts on the index only: a top-level total is then checked
    against all comments, which finds a gap only where even those are fewer."""
    with store.lock:
        conn = store.conn
        row = conn.execute(
            "SELECT comment_total, toplevel_total, text FROM posts WHERE platform = ? AND native_id = ?",
            (platform, post_id)).fetchone()
        if row is None or (row[0] is None and row[1] is None):
            return None
        every = int(conn.execute("SELECT count(*) FROM comments INDEXED BY comments_post WHERE platform = ? "
                                 "AND post_id = ?", (platform, post_id)).fetchone()[0])
        top = every
        if row[1] is not None and not _short(every, row[1]) and not quick and (row[0] is None or not _short(every, row[0])):
            top = int(conn.execute(
                "SELECT count(*) FROM (SELECT 1 FROM comments WHERE platform = ? AND post_id = ? "
                "AND parent_id IS NULL LIMIT ?)", (platform, post_id, row[1])).fetchone()[0])
    label = ((row[2] or "").strip().split("\n", 1)[0][:60]) or post_id
    if row[0] is not None and _short(every, row[0]):
        return Gap(platform, post_id, label, every, int(row[0]), True)
    if row[1] is not None and _short(top, row[1]):
        return Gap(platform, post_id, label, top, int(row[1]), False)
    return None


def gaps(store: Store, posts: Iterable[tuple[str, str]]) -> list[Gap]:
    """The gaps among ``posts`` (platform, post id), in the order given, each post once."""
    out = []
    for key in dict.fromkeys(posts):
        if (g := gap_of(store, *key)) is not None:
            out.append(g)
    return out


def describe(g: Gap) -> str:
    """One German line: "Beitrag ‚Radweg …': 546 von 553 Kommentaren importiert (laut Export) …"."""
    what = "Kommentaren" if g.replies_included else "Kommentaren der ersten Ebene"
    return (f"Beitrag ‚{g.label}': {g.have} von {g.announced} {what} importiert (laut Export); "
            "fehlen Seiten des Exports, oder wurden Kommentare inzwischen gelöscht?")
