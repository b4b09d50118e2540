"""Mastodon REST API exports: ``mastodon-context`` (``/statuses/:id/context``), and
``mastodon-timeline`` (a list of statuses, or one status).

The thread is rebuilt from ``in_reply_to_id``. The root status is the post; the others are
comments whose ``post_id`` is the root's id. ``content`` is HTML and becomes plain text with
paragraphs as blank lines; a content warning (``spoiler_text``) is put in front because it is
text people wrote too. Boosts are unwrapped to the boosted status (once per id).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cm_tui.importers.base import BadInput
from cm_tui.importers.text import (
    at,
    dicts,
    html_to_text,
    obj,
    parse_time,
    scrub,
    to_id,
    to_int,
    to_text,
)
from cm_tui.model import Comment, Post, Record

PLATFORM = "mastodon"
CONTEXT, TIMELINE = "mastodon-context", "mastodon-timeline"


def _is_status(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and "account" in item
        and "created_at" in item
        and ("content" in item or "reblog" in item or "text" in item)
    )


def detect(doc: Any) -> str | None:
    """The format name if ``doc`` is a Mastodon context, status list or status."""
    if isinstance(doc, dict):
        if isinstance(doc.get("ancestors"), list) and isinstance(doc.get("descendants"), list):
            return CONTEXT
        if _is_status(doc) and "id" in doc:
            return TIMELINE
    if isinstance(doc, list) and doc and all(_is_status(i) for i in doc[:20]):
        return TIMELINE
    return None


def parse(fmt: str, doc: Any) -> Iterator[Record]:
    """Records of a document that :func:`detect` named ``fmt``."""
    if fmt == CONTEXT:
        yield from _context(doc)
    else:
        yield from _timeline(doc if isinstance(doc, list) else [doc])


def _unwrap(status: dict[str, Any]) -> dict[str, Any]:
    reblog = status.get("reblog")
    if reblog is None:
        return status
    return obj(reblog, "reblog")


def _context(doc: dict[str, Any]) -> Iterator[Record]:
    ancestors = [s for _, s in dicts(doc["ancestors"], "ancestors")]
    descendants = [s for _, s in dicts(doc["descendants"], "descendants")]
    if ancestors:
        root = ancestors[0]
        post_id = to_id(root.get("id"), "Status-ID")
        if post_id is None:
            raise BadInput("Status ohne id", "ancestors[0]")
        with at("ancestors[0]"):
            yield _post(root, post_id)
        channel = _acct(root)
        rest = [("ancestors", i, s) for i, s in enumerate(ancestors) if i > 0]
    elif descendants:
        # The requested status itself is not in its context; its first reply names it.
        first = descendants[0]
        post_id = to_id(first.get("in_reply_to_id"), "in_reply_to_id")
        if post_id is None:
            raise BadInput("Antwort ohne in_reply_to_id", "descendants[0]")
        channel = _mentioned_acct(first)
        yield Post(platform=PLATFORM, post_id=post_id, channel=channel)
        rest = []
    else:
        return
    rest += [("descendants", i, s) for i, s in enumerate(descendants)]
    for where, i, status in rest:
        with at(f"{where}[{i}]"):
            yield _comment(status, post_id, channel)


def _timeline(statuses: list[Any]) -> Iterator[Record]:
    by_id: dict[str, dict[str, Any]] = {}
    order: list[tuple[int, dict[str, Any]]] = []
    for i, item in dicts(statuses, "statuses"):
        with at(f"[{i}]"):
            status = _unwrap(item)
            sid = to_id(status.get("id"), "Status-ID")
            if sid is None:
                raise BadInput("Status ohne id")
            if sid not in by_id:
                by_id[sid] = status
                order.append((i, status))
    seen_posts: set[str] = set()
    for i, status in order:
        with at(f"[{i}]"):
            root_id, root = _root(status, by_id)
            channel = _acct(root) if root is not None else None
            if root_id not in seen_posts:
                seen_posts.add(root_id)
                yield _post(root, root_id) if root is not None else Post(platform=PLATFORM, post_id=root_id)
            if root is not status:
                yield _comment(status, root_id, channel)


def _root(status: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> tuple[str, dict[str, Any] | None]:
    """The thread root: followed through ``in_reply_to_id`` as far as the file reaches; a
    parent missing from the file stands in for the root."""
    current, visited = status, {id(status)}
    while True:
        parent = to_id(current.get("in_reply_to_id"), "in_reply_to_id")
        if parent is None:
            return to_id(current.get("id")) or "", current
        if parent not in by_id:
            return parent, None
        current = by_id[parent]
        if id(current) in visited:
            break
        visited.add(id(current))
    raise BadInput("Antwortkette ist zyklisch")


def _acct(status: dict[str, Any]) -> str | None:
    return to_text(obj(status.get("account"), "account").get("acct"), "account.acct")


def _mentioned_acct(status: dict[str, Any]) -> str | None:
    target = status.get("in_reply_to_account_id")
    for _, mention in dicts(status.get("mentions"), "mentions"):
        if target is not None and mention.get("id") == target:
            return to_text(mention.get("acct"), "mentions.acct")
    return None


def _text(status: dict[str, Any]) -> tuple[str, str | None]:
    content = to_text(status.get("content"), "content")
    if content is None:
        # Deleted statuses come back with their plain source in ``text``.
        text, html = to_text(status.get("text"), "text") or "", None
    else:
        text, html = html_to_text(content), content
    spoiler = to_text(status.get("spoiler_text"), "spoiler_text")
    if spoiler:
        text = f"CW: {spoiler}\n\n{text}" if text else f"CW: {spoiler}"
    return text, html


def _post(status: dict[str, Any], post_id: str) -> Post:
    text, _ = _text(status)
    return Post(
        platform=PLATFORM,
        post_id=post_id,
        channel=_acct(status),
        text=text,
        url=to_text(status.get("url"), "url") or to_text(status.get("uri"), "uri"),
        created_at=parse_time(status.get("created_at")),
        raw=scrub(status),
    )


def _comment(status: dict[str, Any], post_id: str, channel: str | None) -> Comment:
    status = _unwrap(status)
    cid = to_id(status.get("id"), "Status-ID")
    if cid is None:
        raise BadInput("Status ohne id")
    account = obj(status.get("account"), "account")
    acct = to_text(account.get("acct"), "account.acct")
    parent = to_id(status.get("in_reply_to_id"), "in_reply_to_id")
    text, html = _text(status)
    return Comment(
        platform=PLATFORM,
        comment_id=cid,
        text=text,
        post_id=post_id,
        parent_id=None if parent == post_id else parent,
        author_name=to_text(account.get("display_name"), "display_name") or acct,
        author_id=acct or to_id(account.get("id"), "account.id"),
        text_html=html,
        created_at=parse_time(status.get("created_at")),
        like_count=to_int(status.get("favourites_count"), "favourites_count"),
        reply_count=to_int(status.get("replies_count"), "replies_count"),
        permalink=to_text(status.get("url"), "url") or to_text(status.get("uri"), "uri"),
        channel=channel,
        raw=scrub(status),
    )
