"""LinkedIn Community Management API comments (``linkedin-comments``):
``GET /rest/socialActions/{urn}/comments`` → ``{"paging", "elements": [...]}``.

Comment ids are the comment URNs (``urn:li:comment:(urn:li:activity:…,…)``), the post is
``object``, the author only an ``actor`` URN (LinkedIn gives no names here), times are epoch ms.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from cm_tui.importers.base import BadInput
from cm_tui.importers.text import at, dicts, obj, parse_time, path, scrub, to_id, to_int, to_text
from cm_tui.model import Comment, Post, Record

PLATFORM = "linkedin"
FMT = "linkedin-comments"
_COMMENT_URN = "urn:li:comment:("


def detect(doc: Any) -> str | None:
    """``FMT`` if ``doc`` is a LinkedIn comments response."""
    if not isinstance(doc, dict) or not isinstance(doc.get("elements"), list):
        return None
    sample = doc["elements"][:20]
    if not sample:
        return FMT if isinstance(doc.get("paging"), dict) else None
    ok = all(isinstance(e, dict) and "actor" in e and ("message" in e or "$URN" in e or "object" in e) for e in sample)
    return FMT if ok else None


def parse(fmt: str, doc: dict[str, Any]) -> Iterator[Record]:
    """Records of a document that :func:`detect` accepted."""
    seen: set[str] = set()
    for i, item in dicts(doc.get("elements"), "elements"):
        with at(f"elements[{i}]"):
            comment = _comment(item)
            if comment.post_id is not None and comment.post_id not in seen:
                seen.add(comment.post_id)
                yield Post(
                    platform=PLATFORM,
                    post_id=comment.post_id,
                    url=f"https://www.linkedin.com/feed/update/{comment.post_id}/",
                )
            yield comment


def _activity_of(comment_urn: str) -> str | None:
    """``urn:li:comment:(urn:li:activity:1,2)`` → ``urn:li:activity:1``."""
    if comment_urn.startswith(_COMMENT_URN) and comment_urn.endswith(")"):
        return comment_urn[len(_COMMENT_URN):-1].rsplit(",", 1)[0] or None
    return None


def _comment(item: dict[str, Any]) -> Comment:
    target = to_text(item.get("object"), "object")
    plain_id = to_id(item.get("id"), "id")
    urn = to_text(item.get("$URN"), "$URN") or to_text(item.get("commentUrn"), "commentUrn")
    parent = to_text(item.get("parentComment"), "parentComment")
    post = target
    if target and target.startswith(_COMMENT_URN):
        # Replies requested for a comment can name that comment as their object.
        post, parent = _activity_of(target), parent or target
    if urn is None and plain_id and post:
        urn = f"{_COMMENT_URN}{post},{plain_id})"
    cid = urn or plain_id
    if cid is None:
        raise BadInput("Kommentar ohne id")
    post = post or (_activity_of(cid) if urn else None)
    likes = item.get("likesSummary")
    return Comment(
        platform=PLATFORM,
        comment_id=cid,
        text=to_text(path(item, "message", "text"), "message.text") or "",
        post_id=post,
        parent_id=parent,
        author_id=to_text(item.get("actor"), "actor"),
        created_at=parse_time(path(item, "created", "time")),
        # A missing likesSummary means nobody liked it yet.
        like_count=0 if likes is None else to_int(obj(likes, "likesSummary").get("totalLikes"), "totalLikes"),
        reply_count=to_int(path(item, "commentsSummary", "aggregatedTotalComments"), "aggregatedTotalComments"),
        permalink=(
            f"https://www.linkedin.com/feed/update/{post}/?commentUrn={quote(cid, safe='')}" if post and urn else None
        ),
        raw=scrub(item),
    )
