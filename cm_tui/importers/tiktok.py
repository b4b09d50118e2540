"""TikTok Research API comment lists (``tiktok-comments``):
``{"data": {"comments": [...], "cursor", "has_more"}, "error": {...}}``.

Ids are bare JSON integers up to about 7.2e18 and stay exact (parsed as ``int``, never float).
A ``parent_comment_id`` equal to the ``video_id`` (or missing, or 0) marks a top-level comment.
TikTok gives no authors.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cm_tui.importers.base import BadInput
from cm_tui.importers.text import at, dicts, obj, parse_time, scrub, stable_id, to_id, to_int, to_text
from cm_tui.model import Comment, Post, Record

PLATFORM = "tiktok"
FMT = "tiktok-comments"


def detect(doc: Any) -> str | None:
    """``FMT`` if ``doc`` is a Research API comment list response."""
    if isinstance(doc, dict) and isinstance(doc.get("data"), dict) and "comments" in doc["data"]:
        return FMT
    return None


def parse(fmt: str, doc: dict[str, Any]) -> Iterator[Record]:
    """Records of a document that :func:`detect` accepted."""
    error = obj(doc.get("error"), "error")
    code = error.get("code")
    if code not in (None, "ok"):
        raise BadInput(f"TikTok meldet einen Fehler: {str(code)[:40]} {str(error.get('message'))[:80]}")
    seen: set[str] = set()
    for i, item in dicts(doc["data"].get("comments"), "data.comments"):
        with at(f"data.comments[{i}]"):
            video = to_id(item.get("video_id"), "video_id")
            if video is not None and video not in seen:
                seen.add(video)
                yield Post(platform=PLATFORM, post_id=video)
            yield _comment(item, video)


def _comment(item: dict[str, Any], video: str | None) -> Comment:
    parent = to_id(item.get("parent_comment_id"), "parent_comment_id")
    if parent in (video, "0"):
        parent = None
    text = to_text(item.get("text"), "text") or ""
    created = parse_time(item.get("create_time"))
    return Comment(
        platform=PLATFORM,
        comment_id=to_id(item.get("id"), "Kommentar-ID") or stable_id(video, None, created, text),
        text=text,
        post_id=video,
        parent_id=parent,
        created_at=created,
        like_count=to_int(item.get("like_count"), "like_count"),
        reply_count=to_int(item.get("reply_count"), "reply_count"),
        raw=scrub(item),
    )
