"""Writers for the sample files: one function per export file, each returns a :class:`FileInfo`.

The JSON documents are small, so they are built in memory and written at once; the load
generator (``generate.py``) is the streaming counterpart.
"""

from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from cm_tui.demo import accounts as A
from cm_tui.demo import ids, shapes
from cm_tui.demo.people import Person
from cm_tui.demo.shapes import Author, Item
from cm_tui.demo.threads import Node

GRAPH = "https://graph.facebook.com/v21.0"
FAKE_TOKEN = "EAAGm0PX4ZCpsBAMusterstadtDemoTokenNichtEchtZDZD"
GENERIC_COLUMNS = ("platform", "comment_id", "post_id", "parent_id", "author_name", "author_id", "text",
                   "created_at", "like_count", "permalink", "channel", "owner")


@dataclass(frozen=True, slots=True)
class FileInfo:
    """What one sample file holds, for the README and the tests."""

    name: str
    fmt: str
    comments: int
    description: str


def write_json(path: Path, doc: Any, *, ascii_only: bool = False, compact: bool = False,
               escape_slashes: bool = False) -> None:
    """Write ``doc`` like the platform sends it (Graph API: ASCII escapes and ``\\/``)."""
    text = json.dumps(doc, ensure_ascii=ascii_only, indent=None if compact else 2,
                      separators=(",", ":") if compact else None)
    if escape_slashes:
        text = text.replace("/", "\\/")
    path.write_text(text + "\n", encoding="utf-8")


def cursor(rng: random.Random) -> str:
    """An opaque Graph API cursor."""
    return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(40))


def items_for(nodes: list[Node], post_id: str, make_id: Any, author_of: Any) -> list[Item]:
    """Give every node its platform id and author; link replies to their parents."""
    id_list = [make_id(i, n) for i, n in enumerate(nodes)]
    out: list[Item] = []
    for i, n in enumerate(nodes):
        p = n.parent
        out.append(Item(
            id=id_list[i], post_id=post_id, text=n.text, at=n.at, author=author_of(n.person),
            parent_id=id_list[p] if p is not None else None, likes=n.likes, replies=n.replies,
            parent_text=nodes[p].text if p is not None else None,
            parent_at=nodes[p].at if p is not None else None,
            parent_author=author_of(nodes[p].person) if p is not None else None,
        ))
    return out


# --- Facebook ---------------------------------------------------------------------------------
def fb_author(page_name: str, page_id: str) -> Any:
    def author(p: Person | None) -> Author:
        if p is None:
            return Author(page_name, page_name, page_id)
        return Author(p.name, p.handle, ids.fb_user_id(p.number))
    return author


def fb_items(nodes: list[Node], post: tuple[str, datetime, str], rng: random.Random,
             page: tuple[str, str] = ("Stadt Musterstadt", A.FB_PAGE_ID)) -> list[Item]:
    """Comments of a Facebook post with ``{post}_{comment}`` ids (increasing with time)."""
    base = 1_180_000_000_000_000 + rng.randrange(10**14)
    step = [base]
    for _ in nodes:
        step.append(step[-1] + rng.randint(1, 9_000_000_000))
    return items_for(nodes, f"{page[1]}_{post[0]}", lambda i, n: f"{post[0]}_{step[i]}", fb_author(*page))


def fb_edge(path: Path, items: list[Item], post_id: str, rng: random.Random, *, with_ids: bool = True,
            next_url: bool = False, previous_url: bool = False, total: int | None = None,
            compact: bool = False) -> None:
    """``GET /{post-id}/comments?filter=stream&summary=1`` response."""
    fields = "id,created_time,from,message,like_count,comment_count,parent,permalink_url" if with_ids \
        else "created_time,message,like_count,comment_count,permalink_url"
    before, after = cursor(rng), cursor(rng)
    paging: dict[str, Any] = {"cursors": {"before": before, "after": after}}
    query = f"access_token={FAKE_TOKEN}&fields={fields}&filter=stream&limit=250&order=chronological&summary=1"
    if next_url:
        paging["next"] = f"{GRAPH}/{post_id}/comments?{query}&after={after}"
    if previous_url:
        paging["previous"] = f"{GRAPH}/{post_id}/comments?{query}&before={before}"
    doc = {
        "data": [shapes.fb_comment(it, A.FB_PAGE_ID, with_id=with_ids, with_from=with_ids) for it in items],
        "paging": paging,
        "summary": {"order": "chronological", "total_count": total if total is not None else len(items),
                    "can_comment": True},
    }
    write_json(path, doc, ascii_only=True, compact=compact, escape_slashes=compact)


def fb_feed(path: Path, posts: list[tuple[tuple[str, datetime, str], list[Item]]], rng: random.Random) -> None:
    """``GET /{page-id}/feed?fields=...,comments.filter(stream).summary(true){...}`` response."""
    data = []
    for (post_num, at, message), items in reversed(posts):
        data.append({
            "id": f"{A.FB_PAGE_ID}_{post_num}", "created_time": shapes.fb_time(at), "message": message,
            "permalink_url": f"https://www.facebook.com/{A.FB_PAGE_ID}/posts/{post_num}/",
            "comments": {
                "data": [shapes.fb_comment(it, A.FB_PAGE_ID) for it in items],
                "paging": {"cursors": {"before": cursor(rng), "after": cursor(rng)}},
                "summary": {"order": "chronological", "total_count": len(items), "can_comment": True},
            },
        })
    after = cursor(rng)
    doc = {"data": data, "paging": {
        "cursors": {"before": cursor(rng), "after": after},
        "next": f"{GRAPH}/{A.FB_PAGE_ID}/feed?access_token={FAKE_TOKEN}&fields=id,created_time,message,"
                f"permalink_url,comments.filter(stream).summary(true)%7Bid,created_time,from,message,"
                f"like_count,comment_count,parent,permalink_url%7D&limit=3&after={after}"}}
    write_json(path, doc, ascii_only=True)


# --- Instagram --------------------------------------------------------------------------------
def ig_author(handle: str, account_id: str) -> Any:
    def author(p: Person | None) -> Author:
        if p is None:
            return Author(handle, handle, account_id)
        return Author(p.name, p.handle, ids.ig_user_id(p.number))
    return author


def ig_file(path: Path, nodes: list[Node], media_id: str, account: tuple[str, str], rng: random.Random,
            next_url: bool) -> int:
    """``GET /{ig-media-id}/comments?fields=...,replies{...}``: replies embedded per comment."""
    base = 17_900_000_000_000_000 + rng.randrange(10**15)
    items = items_for(nodes, media_id, lambda i, n: str(base + i * 37_411 + rng.randrange(30_000)),
                      ig_author(*account))
    data = []
    for i, it in enumerate(items):
        if it.parent_id is None:
            data.append(shapes.ig_comment(it, [r for r in items if r.parent_id == it.id]))
    data.reverse()  # the comments edge lists newest first
    after = cursor(rng)
    paging: dict[str, Any] = {"cursors": {"before": cursor(rng), "after": after}}
    if next_url:
        paging["next"] = (f"https://graph.facebook.com/v21.0/{media_id}/comments?access_token={FAKE_TOKEN}"
                          f"&fields=id,text,timestamp,username,from,like_count,hidden,media,"
                          f"replies%7Bid,text,timestamp,username,from,like_count,hidden,parent_id%7D"
                          f"&limit=50&after={after}")
    write_json(path, {"data": data, "paging": paging}, ascii_only=True)
    return len(items)


# --- generic CSV / JSONL ------------------------------------------------------------------------
def generic_rows(items: list[Item], platform: str, channel: str, owner: str, permalink: Any) -> list[dict[str, Any]]:
    """Rows with :data:`GENERIC_COLUMNS`."""
    return [{
        "platform": platform, "comment_id": it.id, "post_id": it.post_id, "parent_id": it.parent_id or "",
        "author_name": it.author.name if it.author else "", "author_id": it.author.id if it.author else "",
        "text": it.text, "created_at": shapes.iso_z(it.at, millis=False), "like_count": it.likes,
        "permalink": permalink(it), "channel": channel, "owner": owner,
    } for it in items]


def write_generic_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    """UTF-8, comma, header row, RFC 4180 quoting."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=GENERIC_COLUMNS)
        w.writeheader()
        w.writerows(rows)


def write_generic_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    """One JSON object per line; ``parent_id`` is ``null`` for top-level comments."""
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            row = dict(row, parent_id=row["parent_id"] or None)
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def shift(at: datetime, minutes: int) -> datetime:
    """``at`` plus minutes (helper for hand-placed comments)."""
    return at + timedelta(minutes=minutes)
