"""Instagram Graph API exports (``instagram-comments``): ``GET /{media-id}/comments``,
``GET /{comment-id}/replies``, media lists or single media with ``comments{…}`` embedded,
comments with ``replies{…}`` embedded, and ``?ids=`` dictionaries of those.

A replies file without a media id still imports; its comments then have no ``post_id``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cm_tui.importers import graph
from cm_tui.importers.text import (
    at,
    dicts,
    obj,
    parse_time,
    raw_without,
    stable_id,
    to_id,
    to_int,
    to_text,
)
from cm_tui.model import Comment, Post, Record

PLATFORM = "instagram"
FMT = "instagram-comments"

_MEDIA_KEYS = frozenset(
    {"media_type", "caption", "media_url", "media_product_type", "comments_count", "permalink",
     "thumbnail_url", "shortcode", "is_comment_enabled"}
)
_COMMENT_KEYS = frozenset({"timestamp", "text", "username", "hidden", "parent_id", "replies", "from", "media"})


def _is_media(item: dict[str, Any]) -> bool:
    return bool(_MEDIA_KEYS & item.keys()) and "created_time" not in item


def _is_comment(item: dict[str, Any]) -> bool:
    keys = item.keys()
    return ("timestamp" in keys or "username" in keys) and "created_time" not in keys and bool(
        _COMMENT_KEYS & keys
    )


def detect(doc: Any) -> str | None:
    """``FMT`` if ``doc`` is one of the Instagram shapes."""
    if graph.is_envelope(doc) or graph.is_ids_dict(doc):
        sample = graph.items(doc)
        if sample and all(_is_media(i) or _is_comment(i) for i in sample):
            return FMT
        if not sample and graph.is_envelope(doc):
            _, edge = graph.edge_target(doc.get("paging"))
            return FMT if edge == "replies" else None
        return None
    if isinstance(doc, dict) and "id" in doc and _is_media(doc):
        return FMT
    return None


def parse(fmt: str, doc: dict[str, Any]) -> Iterator[Record]:
    """Records of a document that :func:`detect` accepted."""
    seen: set[str] = set()
    if graph.is_envelope(doc):
        yield from _envelope(doc, None, seen)
    elif graph.is_ids_dict(doc):
        for key, value in doc.items():
            with at(key):
                if "data" in value and "id" not in value:
                    yield from _envelope(value, key, seen)
                else:
                    yield from _media(value, seen)
    else:
        yield from _media(doc, seen)


def _envelope(doc: dict[str, Any], key: str | None, seen: set[str]) -> Iterator[Record]:
    target, edge = graph.edge_target(doc.get("paging"))
    target = target or key
    post_id, parent_id = (None, target) if edge == "replies" else (target, None)
    for i, item in dicts(doc.get("data"), "data"):
        with at(f"data[{i}]"):
            if _is_media(item):
                yield from _media(item, seen)
            else:
                yield from _comments([item], post_id, parent_id, None, seen)


def _media(item: dict[str, Any], seen: set[str]) -> Iterator[Record]:
    media_id = to_id(item.get("id"), "Medien-ID")
    channel = to_text(item.get("username"), "username")
    if media_id is not None and media_id not in seen:
        seen.add(media_id)
        yield Post(
            platform=PLATFORM,
            post_id=media_id,
            channel=channel,
            text=to_text(item.get("caption"), "caption"),
            url=to_text(item.get("permalink"), "permalink"),
            created_at=parse_time(item.get("timestamp")),
            raw=raw_without(item, "comments"),
        )
    comments = obj(item.get("comments"), "comments")
    yield from _comments(comments.get("data"), media_id, None, channel, seen)


def _comments(
    items: Any, post_id: str | None, parent_id: str | None, channel: str | None, seen: set[str]
) -> Iterator[Record]:
    for i, item in dicts(items, "comments"):
        with at(f"comments[{i}]"):
            comment = _comment(item, post_id, parent_id, channel)
        if comment.post_id is not None and comment.post_id not in seen:
            seen.add(comment.post_id)
            yield Post(platform=PLATFORM, post_id=comment.post_id, channel=channel)
        yield comment
        replies = obj(item.get("replies"), "replies")
        # "Replies to a reply will be added to the top-level comment": one level only.
        if replies and parent_id is None:
            yield from _comments(replies.get("data"), comment.post_id, comment.comment_id, channel, seen)


def _comment(item: dict[str, Any], post_id: str | None, parent_id: str | None, channel: str | None) -> Comment:
    author = obj(item.get("from"), "from")
    media = obj(item.get("media"), "media")
    post_id = to_id(media.get("id"), "media.id") or post_id
    parent = to_id(item.get("parent_id"), "parent_id") or parent_id
    name = to_text(item.get("username"), "username") or to_text(author.get("username"), "from.username")
    text = to_text(item.get("text"), "text") or ""
    created = parse_time(item.get("timestamp"))
    replies = obj(item.get("replies"), "replies").get("data")
    return Comment(
        platform=PLATFORM,
        comment_id=to_id(item.get("id"), "Kommentar-ID") or stable_id(post_id, name, created, text),
        text=text,
        post_id=post_id,
        parent_id=parent,
        author_name=name,
        author_id=to_id(author.get("id"), "from.id"),
        created_at=created,
        like_count=to_int(item.get("like_count"), "like_count"),
        reply_count=len(replies) if isinstance(replies, list) else None,
        channel=channel,
        raw=raw_without(item, "replies"),
    )
