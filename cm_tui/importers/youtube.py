"""YouTube Data API v3 exports: ``youtube-comment-threads`` (``commentThreads.list`` with the
embedded reply subset) and ``youtube-comments`` (``comments.list?parentId=``).

``textOriginal`` is the text when present; otherwise ``textDisplay`` (HTML by default) is turned
into plain text and kept as ``text_html``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cm_tui.importers.base import BadInput
from cm_tui.importers.text import (
    at,
    dicts,
    html_to_text,
    looks_like_html,
    obj,
    parse_time,
    path,
    raw_without,
    scrub,
    to_id,
    to_int,
    to_text,
)
from cm_tui.model import Comment, Post, Record

PLATFORM = "youtube"
THREADS, COMMENTS = "youtube-comment-threads", "youtube-comments"


def detect(doc: Any) -> str | None:
    """The format name if ``doc`` is a YouTube list response."""
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        return None
    kind = doc.get("kind")
    if kind == "youtube#commentThreadListResponse":
        return THREADS
    if kind == "youtube#commentListResponse":
        return COMMENTS
    sample = [i for i in doc["items"][:20] if isinstance(i, dict)]
    if not sample:
        return None
    if all(i.get("kind") == "youtube#commentThread" or "topLevelComment" in _obj_or_empty(i.get("snippet")) for i in sample):
        return THREADS
    if all(i.get("kind") == "youtube#comment" for i in sample):
        return COMMENTS
    return None


def _obj_or_empty(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def parse(fmt: str, doc: dict[str, Any]) -> Iterator[Record]:
    """Records of a document that :func:`detect` named ``fmt``."""
    seen: set[str] = set()
    for i, item in dicts(doc.get("items"), "items"):
        with at(f"items[{i}]"):
            if fmt == THREADS:
                yield from _thread(item, seen)
            else:
                comment = _comment(item, None, None, None)
                yield from _post(comment, None, seen)
                yield comment


def _post(comment: Comment, channel: str | None, seen: set[str]) -> Iterator[Post]:
    vid = comment.post_id
    if vid is not None and vid not in seen:
        seen.add(vid)
        yield Post(
            platform=PLATFORM,
            post_id=vid,
            channel=channel or comment.channel,
            url=f"https://www.youtube.com/watch?v={vid}",
        )


def _thread(item: dict[str, Any], seen: set[str]) -> Iterator[Record]:
    snippet = obj(item.get("snippet"), "snippet")
    top = obj(snippet.get("topLevelComment"), "topLevelComment")
    if not top:
        raise BadInput("Thread ohne topLevelComment")
    video = to_id(snippet.get("videoId"), "videoId")
    channel = to_text(snippet.get("channelId"), "channelId")
    replies_count = to_int(snippet.get("totalReplyCount"), "totalReplyCount")
    comment = _comment(top, video, None, replies_count, channel, raw_without(item, "replies"))
    yield from _post(comment, channel, seen)
    yield comment
    replies = obj(item.get("replies"), "replies")
    for j, reply in dicts(replies.get("comments"), "replies.comments"):
        with at(f"replies.comments[{j}]"):
            yield _comment(reply, comment.post_id, comment.comment_id, None, channel)


def _comment(
    item: dict[str, Any],
    video: str | None,
    parent: str | None,
    reply_count: int | None,
    channel: str | None = None,
    raw: dict[str, Any] | None = None,
) -> Comment:
    s = obj(item.get("snippet"), "snippet")
    cid = to_id(item.get("id"), "Kommentar-ID")
    if cid is None:
        raise BadInput("Kommentar ohne id")
    video = to_id(s.get("videoId"), "videoId") or video
    display = to_text(s.get("textDisplay"), "textDisplay")
    original = to_text(s.get("textOriginal"), "textOriginal")
    if original is not None:
        text = original
    elif display is not None:
        text = html_to_text(display)
    else:
        text = ""
    link = f"https://www.youtube.com/watch?v={video}&lc={cid}" if video else None
    return Comment(
        platform=PLATFORM,
        comment_id=cid,
        text=text,
        post_id=video,
        parent_id=to_id(s.get("parentId"), "parentId") or parent,
        author_name=to_text(s.get("authorDisplayName"), "authorDisplayName"),
        author_id=to_id(path(s, "authorChannelId", "value"), "authorChannelId"),
        text_html=display if display is not None and looks_like_html(display) else None,
        created_at=parse_time(s.get("publishedAt")),
        like_count=to_int(s.get("likeCount"), "likeCount"),
        reply_count=reply_count,
        permalink=link,
        channel=to_text(s.get("channelId"), "channelId") or channel,
        raw=raw if raw is not None else scrub(item),
    )
