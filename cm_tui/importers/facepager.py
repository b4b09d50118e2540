"""Facepager CSV exports (``facepager-csv``): UTF-8 with BOM, ``;`` (or tab/``,``), the fixed
columns ``level;id;parent_id;object_id;object_type;object_key;query_status;query_time;query_type``
and then the preset's dotted JSON paths (``message``, ``created_time``, ``from.name`` …).

Only ``object_type == "data"`` rows are records. ``id``/``parent_id`` are Facepager's own node
ids: the thread is rebuilt by joining them, so a map of node ids is kept while streaming (a few
dozen bytes per row). ``object_id`` is the platform id, except when the platform sent none:
then Facepager copies the parent's id, and the comment id comes from ``permalink_url`` or a hash.
``query_time`` is the fetch time, never the comment time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cm_tui.importers.base import BadInput
from cm_tui.importers.facebook import compose_id, permalink_ids
from cm_tui.importers.stream import csv_rows
from cm_tui.importers.text import html_to_text, looks_like_html, may_hold_secret, parse_time, scrub, stable_id, to_int
from cm_tui.model import Comment, Post, Record

FMT = "facepager-csv"
FIXED = ("level", "id", "parent_id", "object_id", "object_type", "object_key", "query_status", "query_time", "query_type")
_REQUIRED = frozenset({"level", "id", "parent_id", "object_id", "object_type", "query_type"})

_YT = "snippet.topLevelComment.snippet."
CANDIDATES: dict[str, tuple[str, ...]] = {
    "text": ("message", "text", _YT + "textOriginal", "snippet.textOriginal"),
    "html": (_YT + "textDisplay", "snippet.textDisplay"),
    "created_at": ("created_time", "timestamp", _YT + "publishedAt", "snippet.publishedAt"),
    "author_name": ("from.name", "username", "from.username", _YT + "authorDisplayName", "snippet.authorDisplayName"),
    "author_id": ("from.id", _YT + "authorChannelId.value", "snippet.authorChannelId.value"),
    "like_count": ("like_count", _YT + "likeCount", "snippet.likeCount"),
    "reply_count": ("comment_count", "snippet.totalReplyCount"),
    "permalink": ("permalink_url",),
    "parent": ("parent.id", "snippet.parentId", "parent"),
    "video": ("snippet.videoId", _YT + "videoId"),
}


def accepts(names: list[str]) -> bool:
    """True for a header with Facepager's fixed columns."""
    return _REQUIRED <= {n.strip().lstrip("\ufeff") for n in names}


def _platform(header: list[str], query_type: str) -> str:
    cols = set(header)
    if query_type.lower().startswith("youtube") or any(c.startswith("snippet.") for c in cols):
        return "youtube"
    if "message" not in cols and ({"text", "timestamp", "username"} & cols):
        return "instagram"
    return "facebook"


def _first(row: dict[str, str], names: tuple[str, ...]) -> str | None:
    # Presets leave columns empty that do not fit the response; take the first filled one.
    for name in names:
        value = row.get(name)
        if value:
            return value
    return None


def _parent_value(value: str | None) -> str | None:
    """``parent`` cells hold the serialised object (``{"id": …}``), ``parent.id`` the id."""
    if value and value.startswith("{"):
        try:
            parsed = json.loads(value)
        except ValueError:
            return None
        found = parsed.get("id") if isinstance(parsed, dict) else None
        return str(found) if isinstance(found, (str, int)) and not isinstance(found, bool) else None
    return value


def parse(path: Path) -> Iterator[Record]:
    """Records of a Facepager CSV file, streamed."""
    rows = csv_rows(path)
    first = next(rows, None)
    if first is None:
        return
    header = [h.strip().lstrip("\ufeff") for h in first[1]]
    # node id -> (platform id, post id, is comment)
    nodes: dict[str, tuple[str, str | None, bool]] = {}
    seen_posts: set[str] = set()
    for n, cells in rows:
        if len(cells) != len(header):
            if not any(c.strip() for c in cells):
                continue
            raise BadInput(f"Zeile hat {len(cells)} statt {len(header)} Spalten", f"Zeile {n}")
        row = dict(zip(header, cells, strict=True))
        try:
            yield from _row(row, header, nodes, seen_posts)
        except BadInput as exc:
            raise BadInput(exc.reason, exc.position or f"Zeile {n}") from None


def _row(
    row: dict[str, str],
    header: list[str],
    nodes: dict[str, tuple[str, str | None, bool]],
    seen_posts: set[str],
) -> Iterator[Record]:
    node, parent_node = row["id"], row["parent_id"]
    object_id, object_type = row["object_id"], row["object_type"]
    query_type = row["query_type"]
    platform = _platform(header, query_type)
    up = nodes.get(parent_node)
    if object_type != "data":
        if object_type == "seed" and object_id:
            nodes[node] = (object_id, object_id, False)
        return
    is_comment = not query_type or "comment" in query_type.lower() or "replies" in query_type.lower()
    if not is_comment:
        nodes[node] = (object_id, object_id, False)
        if object_id and object_id not in seen_posts:
            seen_posts.add(object_id)
            yield Post(
                platform=platform,
                post_id=object_id,
                text=_first(row, CANDIDATES["text"]),
                url=_first(row, CANDIDATES["permalink"]),
                created_at=parse_time(_first(row, CANDIDATES["created_at"])),
                raw=_raw(row),
            )
        return
    post: str | None = _first(row, CANDIDATES["video"])
    parent: str | None = None
    if up is not None:
        up_id, up_post, up_is_comment = up
        post = post or up_post
        if up_is_comment:
            parent = up_id
    parent = _parent_value(_first(row, CANDIDATES["parent"])) or parent
    if post is not None and post not in seen_posts:
        seen_posts.add(post)
        yield Post(platform=platform, post_id=post)
    html = _first(row, CANDIDATES["html"])
    text = _first(row, CANDIDATES["text"])
    if text is None:
        text = html_to_text(html) if html else ""
    created = parse_time(_first(row, CANDIDATES["created_at"]))
    author = _first(row, CANDIDATES["author_name"])
    permalink = _first(row, CANDIDATES["permalink"])
    cid: str | None = object_id if object_id and object_id != post else None
    if cid is None:
        top, reply = permalink_ids(permalink)
        if reply or top:
            cid = compose_id(post, reply or top or "")
            if reply and top and parent is None:
                parent = compose_id(post, top)
    if cid is None:
        cid = stable_id(post, author, created, text)
    nodes[row["id"]] = (cid, post, True)
    yield Comment(
        platform=platform,
        comment_id=cid,
        text=text,
        post_id=post,
        parent_id=parent if parent != post else None,
        author_name=author,
        author_id=_first(row, CANDIDATES["author_id"]),
        text_html=html if html and looks_like_html(html) else None,
        created_at=created,
        like_count=to_int(_first(row, CANDIDATES["like_count"]), "like_count"),
        reply_count=to_int(_first(row, CANDIDATES["reply_count"]), "comment_count"),
        permalink=permalink,
        raw=_raw(row),
    )


def _raw(row: dict[str, Any]) -> dict[str, Any]:
    return scrub(row) if any(may_hold_secret(v) for v in row.values() if v) else row
