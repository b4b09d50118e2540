"""Facebook Graph API exports.

* ``facebook-comments``: ``GET /{post-id}/comments`` (``filter=stream`` flat with ``parent``, or
  ``toplevel`` with replies nested in ``comments``), also the variant without ``id`` and ``from``
  (Page Public Content Access), where ids and threading come from ``permalink_url``'s
  ``comment_id``/``reply_comment_id``.
* ``facebook-feed``: ``GET /{page-id}/feed`` or ``/posts`` with ``comments`` embedded per post.
* ``facebook-ids``: ``GET /comments?ids=a,b`` or ``/?ids=a,b&fields=…,comments{…}``, keyed by
  object id.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from typing import Any

from cm_tui.importers import graph
from cm_tui.importers.base import BadInput
from cm_tui.importers.text import (
    at,
    dicts,
    obj,
    parse_time,
    path,
    raw_without,
    scrub,
    stable_id,
    to_id,
    to_int,
    to_text,
)
from cm_tui.model import Comment, Post, Record

PLATFORM = "facebook"
COMMENTS, FEED, IDS = "facebook-comments", "facebook-feed", "facebook-ids"

_FB_KEYS = frozenset({"created_time", "message", "permalink_url", "from", "comment_count", "parent"})
_POST_KEYS = frozenset(
    {
        "status_type", "story", "shares", "reactions", "full_picture", "attachments",
        "updated_time", "is_published", "privacy", "picture", "icon", "type", "likes",
        "message_tags_v2", "is_expired", "is_popular", "promotable_id", "to", "place",
    }
)
_COMMENT_ONLY = frozenset(
    {"parent", "comment_count", "attachment", "can_hide", "can_remove", "can_reply_privately",
     "user_likes", "is_private", "private_reply_conversation", "live_broadcast_timestamp"}
)
_MAX_DEPTH = 50
_POST_PATH = re.compile(r"facebook\.com/([^/?#]+)/posts/(\d+)")


def _is_fb_item(item: dict[str, Any]) -> bool:
    return bool(_FB_KEYS & item.keys()) and "timestamp" not in item


def _is_post(item: dict[str, Any]) -> bool:
    keys = item.keys()
    if _COMMENT_ONLY & keys:
        return False
    if _POST_KEYS & keys:
        return True
    url = item.get("permalink_url")
    return isinstance(url, str) and "comment_id=" not in url and "/posts/" in url


def detect(doc: Any) -> str | None:
    """The format name if ``doc`` is one of the Facebook shapes."""
    if graph.is_envelope(doc):
        sample = graph.items(doc)
        if not sample:
            _, edge = graph.edge_target(doc.get("paging"))
            return FEED if edge in ("feed", "posts") else COMMENTS
        if not all(_is_fb_item(i) for i in sample):
            return None
        _, edge = graph.edge_target(doc.get("paging"))
        if edge in ("feed", "posts", "published_posts"):
            return FEED
        if edge == "comments":
            return COMMENTS
        return FEED if sum(_is_post(i) for i in sample) * 2 > len(sample) else COMMENTS
    if graph.is_ids_dict(doc):
        sample = graph.items(doc)
        if sample and all(_is_fb_item(i) or isinstance(i.get("comments"), dict) for i in sample):
            if any(_is_fb_item(i) for i in sample) or not any("timestamp" in i for i in sample):
                return IDS
    return None


def parse(fmt: str, doc: dict[str, Any]) -> Iterator[Record]:
    """Records of a document that :func:`detect` named ``fmt``."""
    seen: set[str] = set()
    if fmt == FEED:
        for i, item in dicts(doc.get("data"), "data"):
            with at(f"data[{i}]"):
                yield from _post_with_comments(item, seen)
    elif fmt == COMMENTS:
        yield from _edge(doc, None, seen)
    else:
        for key, value in doc.items():
            with at(key):
                if "data" in value and "id" not in value:
                    yield from _edge(value, key, seen)
                else:
                    yield from _post_with_comments(value, seen, key)


def _post_with_comments(item: dict[str, Any], seen: set[str], key: str | None = None) -> Iterator[Record]:
    post_id = to_id(item.get("id")) or key
    if post_id is None:
        raise BadInput("Beitrag ohne id")
    channel = to_text(path(item, "from", "name"), "Seitenname")
    comments = obj(item.get("comments"), "comments")
    with at("comments"):
        total = _announced(comments)
    totals = {} if total is None else {_total_field(comments): total}
    if post_id not in seen:
        seen.add(post_id)
        yield Post(
            platform=PLATFORM,
            post_id=post_id,
            channel=channel,
            text=to_text(item.get("message"), "message"),
            url=to_text(item.get("permalink_url"), "permalink_url"),
            created_at=parse_time(item.get("created_time")),
            raw=raw_without(item, "comments"),
            **totals,
        )
    elif totals:
        yield Post(platform=PLATFORM, post_id=post_id, **totals)
    yield from _walk(comments.get("data"), post_id, None, channel, seen)


def _announced(envelope: dict[str, Any]) -> int | None:
    """``summary.total_count`` of a comments answer (requested with ``summary=1``), if any."""
    summary = envelope.get("summary")
    if not isinstance(summary, dict):
        return None
    with at("summary"):
        total = to_int(summary.get("total_count"), "total_count")
    return total if total is not None and total >= 0 else None


def _total_field(envelope: dict[str, Any]) -> str:
    """Which comments ``total_count`` counts: all of them under ``filter=stream`` (seen in the
    paging links, or in replies listed flat with their parent), else the top-level ones."""
    paging = envelope.get("paging")
    links = [paging.get(k) for k in ("next", "previous")] if isinstance(paging, dict) else []
    if any(isinstance(u, str) and graph.query_param(u, "filter") == "stream" for u in links):
        return "comment_total"
    data = envelope.get("data")
    if isinstance(data, list) and any(isinstance(i, dict) and i.get("parent") for i in data):
        return "comment_total"
    return "toplevel_total"


def _edge(doc: dict[str, Any], key: str | None, seen: set[str]) -> Iterator[Record]:
    """A comments edge; the post comes from the request path, the key, or the id prefixes."""
    data = doc.get("data")
    target, _ = graph.edge_target(doc.get("paging"))
    target = target or key
    post_id, parent_id = _split_target(target, data)
    total = _announced(doc) if parent_id is None else None  # a reply edge counts one thread's replies
    totals = {} if total is None else {_total_field(doc): total}
    if post_id is not None and post_id not in seen:
        seen.add(post_id)
        yield Post(platform=PLATFORM, post_id=post_id, **totals)
        totals = {}
    posts: set[str | None] = set()
    for record in _walk(data, post_id, parent_id, None, seen):
        if isinstance(record, Comment):
            posts.add(record.post_id)
        yield record
    if totals and len(posts) == 1 and (only := next(iter(posts))) is not None:
        # the post is known from the comments only (no paging link named it)
        yield Post(platform=PLATFORM, post_id=only, **totals)


def _split_target(target: str | None, data: Any) -> tuple[str | None, str | None]:
    """``(post, parent)`` for a request on ``target``: ``/{comment-id}/comments`` lists
    replies, whose ids share the comment's ``{post}_`` prefix."""
    if target is None:
        return None, None
    if "_" in target and isinstance(data, list):
        head = target.split("_", 1)[0]
        prefixes = {
            i["id"].split("_", 1)[0]
            for i in data
            if isinstance(i, dict) and isinstance(i.get("id"), str) and "_" in i["id"]
        }
        if prefixes == {head}:
            return head, target
    return target, None


def _walk(
    items: Any,
    post_id: str | None,
    parent_id: str | None,
    channel: str | None,
    seen: set[str],
    depth: int = 0,
) -> Iterator[Record]:
    if depth > _MAX_DEPTH:
        raise BadInput("Antworten zu tief verschachtelt")
    for i, item in dicts(items, "comments"):
        with at(f"comments[{i}]"):
            comment = _comment(item, post_id, parent_id, channel)
        if comment.post_id is not None and comment.post_id not in seen:
            seen.add(comment.post_id)
            yield Post(platform=PLATFORM, post_id=comment.post_id, channel=channel)
        yield comment
        replies = obj(item.get("comments"), "comments")
        if replies:
            yield from _walk(
                replies.get("data"), comment.post_id, comment.comment_id, channel, seen, depth + 1
            )


def permalink_ids(url: str | None) -> tuple[str | None, str | None]:
    """``(comment_id, reply_comment_id)`` of a comment permalink; newer links carry the id
    base64-encoded as ``comment:{post}_{comment}``."""
    return _plain_id(graph.query_param(url, "comment_id")), _plain_id(graph.query_param(url, "reply_comment_id"))


def _plain_id(value: str | None) -> str | None:
    if not value or value.replace("_", "").isdigit():
        return value or None
    try:
        decoded = base64.b64decode(value + "=" * (-len(value) % 4), altchars=b"-_", validate=True)
        text = decoded.decode("ascii")
    except (binascii.Error, ValueError):
        return value
    if text.startswith("comment:"):
        return text[len("comment:"):].rsplit("_", 1)[-1]
    return value


def post_from_permalink(url: str) -> str | None:
    """``…facebook.com/{page}/posts/{post}/?comment_id=…`` → ``{page}_{post}`` (the feed's
    form), or ``{post}`` when the page is a name."""
    m = _POST_PATH.search(url)
    if m is None:
        return None
    page, post = m.groups()
    return f"{page}_{post}" if page.isdigit() else post


def compose_id(post_id: str | None, own: str) -> str:
    # Graph ids of comments are "{post object id}_{comment id}"; build the same for link ids.
    if "_" in own or not post_id:
        return own
    return f"{post_id.rsplit('_', 1)[-1]}_{own}"


def _comment(item: dict[str, Any], post_id: str | None, parent_id: str | None, channel: str | None) -> Comment:
    cid = to_id(item.get("id"), "Kommentar-ID")
    permalink = to_text(item.get("permalink_url"), "permalink_url")
    parent = to_id(obj(item.get("parent"), "parent").get("id"), "parent.id") or parent_id
    top, reply = permalink_ids(permalink)
    if post_id is None and cid and "_" in cid:
        post_id = cid.split("_", 1)[0]
        # The comment id carries the bare post id; the feed names the post "{page}_{post}". The
        # permalink knows the page: without it the same post would be two posts (and its
        # comments would lose the post's text and split its spike scope).
        linked = post_from_permalink(permalink) if permalink else None
        if linked is not None and linked.endswith("_" + post_id):
            post_id = linked
    if post_id is None and permalink:
        post_id = post_from_permalink(permalink)
    if cid is None and (reply or top):
        cid = compose_id(post_id, reply or top or "")
    if reply and top and parent is None:
        parent = compose_id(post_id, top)
    text = to_text(item.get("message"), "message") or ""
    if not text and isinstance(item.get("attachment"), dict):
        text = f"[Anhang: {item['attachment'].get('type') or 'Datei'}]"
    created = parse_time(item.get("created_time"))
    author = obj(item.get("from"), "from")
    author_name = to_text(author.get("name"), "from.name")
    if cid is None:
        cid = stable_id(post_id, author_name, created, text)
    return Comment(
        platform=PLATFORM,
        comment_id=cid,
        text=text,
        post_id=post_id,
        parent_id=parent,
        author_name=author_name,
        author_id=to_id(author.get("id"), "from.id"),
        created_at=created,
        like_count=to_int(item.get("like_count"), "like_count"),
        reply_count=to_int(item.get("comment_count"), "comment_count"),
        permalink=permalink,
        channel=channel,
        raw=raw_without(item, "comments") if "comments" in item else scrub(item),
    )
