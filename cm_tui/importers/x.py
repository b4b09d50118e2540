"""X API v2 exports (``x-tweets``): ``/2/tweets/search/…?query=conversation_id:…`` or
``/2/tweets`` responses with ``data`` and ``includes.users``/``includes.tweets``.

The conversation root is the post (``conversation_id``); every other tweet of a conversation
is a comment whose parent is its ``replied_to`` reference. X escapes ``&``, ``<`` and ``>`` in
plain text; they are unescaped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cm_tui.importers.base import BadInput
from cm_tui.importers.text import at, dicts, obj, parse_time, path, scrub, to_id, to_int, to_text, unescape
from cm_tui.model import Comment, Post, Record

PLATFORM = "x"
FMT = "x-tweets"
_TWEET_KEYS = frozenset(
    {"edit_history_tweet_ids", "conversation_id", "author_id", "referenced_tweets",
     "public_metrics", "in_reply_to_user_id", "note_tweet"}
)


def _is_tweet(item: Any) -> bool:
    return isinstance(item, dict) and "text" in item and "timestamp" not in item and (
        bool(_TWEET_KEYS & item.keys()) or "created_at" in item
    )


def detect(doc: Any) -> str | None:
    """``FMT`` if ``doc`` is an X API v2 tweet response."""
    if not isinstance(doc, dict) or "data" not in doc:
        if isinstance(doc, dict) and isinstance(doc.get("meta"), dict) and doc["meta"].get("result_count") == 0:
            return FMT
        return None
    data = doc["data"]
    sample = data[:20] if isinstance(data, list) else [data]
    if not sample:
        return FMT if "meta" in doc or "includes" in doc else None
    if all(_is_tweet(i) for i in sample):
        return FMT
    if (isinstance(doc.get("includes"), dict) or "meta" in doc) and all(
        isinstance(i, dict) and "text" in i and "id" in i for i in sample
    ):
        return FMT
    return None


def parse(fmt: str, doc: dict[str, Any]) -> Iterator[Record]:
    """Records of a document that :func:`detect` accepted."""
    data = doc.get("data")
    tweets = [t for _, t in dicts(data if isinstance(data, list) else [data] if data else [], "data")]
    includes = obj(doc.get("includes"), "includes")
    users: dict[str, dict[str, Any]] = {}
    for _, user in dicts(includes.get("users"), "includes.users"):
        uid = to_id(user.get("id"), "user.id")
        if uid is not None:
            users[uid] = user
    extra = [t for _, t in dicts(includes.get("tweets"), "includes.tweets")]
    by_id: dict[str, dict[str, Any]] = {}
    for t in tweets + extra:
        tid = to_id(t.get("id"), "Tweet-ID")
        if tid is None:
            raise BadInput("Tweet ohne id")
        by_id.setdefault(tid, t)
    conversations = {to_id(t.get("conversation_id"), "conversation_id") for t in tweets}
    seen_posts: set[str] = set()
    done: set[str] = set()
    for where, i, tweet in [("data", i, t) for i, t in enumerate(tweets)] + [
        ("includes.tweets", i, t) for i, t in enumerate(extra)
    ]:
        with at(f"{where}[{i}]"):
            tid = to_id(tweet.get("id")) or ""
            conv = to_id(tweet.get("conversation_id"), "conversation_id")
            parent = _replied_to(tweet)
            if where == "includes.tweets" and (conv is None or conv not in conversations):
                continue  # quoted or retweeted tweets from other conversations
            # Without conversation fields (default tweet.fields) the thread is unknown: the
            # tweet is still something to moderate, so it becomes a comment without post.
            root = conv or parent
            if root is not None and root not in seen_posts:
                seen_posts.add(root)
                yield _post(root, by_id.get(root), users)
            if tid == root or tid in done:
                continue
            done.add(tid)
            channel = _username(by_id.get(root or ""), users)
            yield _comment(tweet, tid, root, parent, users, channel)


def _replied_to(tweet: dict[str, Any]) -> str | None:
    for _, ref in dicts(tweet.get("referenced_tweets"), "referenced_tweets"):
        if ref.get("type") == "replied_to":
            return to_id(ref.get("id"), "referenced_tweets.id")
    return None


def _username(tweet: dict[str, Any] | None, users: dict[str, dict[str, Any]]) -> str | None:
    if tweet is None:
        return None
    user = users.get(to_id(tweet.get("author_id"), "author_id") or "")
    return to_text(user.get("username"), "username") if user else None


def _text(tweet: dict[str, Any]) -> str:
    # Long posts are cut in ``text``; the full text is in ``note_tweet`` when requested.
    full = to_text(path(tweet, "note_tweet", "text"), "note_tweet.text")
    return unescape(full or to_text(tweet.get("text"), "text") or "")


def _post(root: str, tweet: dict[str, Any] | None, users: dict[str, dict[str, Any]]) -> Post:
    if tweet is None:
        return Post(platform=PLATFORM, post_id=root)
    name = _username(tweet, users)
    return Post(
        platform=PLATFORM,
        post_id=root,
        channel=name,
        text=_text(tweet),
        url=f"https://x.com/{name or 'i/web'}/status/{root}",
        created_at=parse_time(tweet.get("created_at")),
        raw=scrub(tweet),
    )


def _comment(
    tweet: dict[str, Any],
    tid: str,
    root: str | None,
    parent: str | None,
    users: dict[str, dict[str, Any]],
    channel: str | None,
) -> Comment:
    author_id = to_id(tweet.get("author_id"), "author_id")
    user = users.get(author_id or "", {})
    username = to_text(user.get("username"), "username")
    metrics = obj(tweet.get("public_metrics"), "public_metrics")
    return Comment(
        platform=PLATFORM,
        comment_id=tid,
        text=_text(tweet),
        post_id=root,
        parent_id=None if parent == root else parent,
        author_name=to_text(user.get("name"), "name") or username,
        author_id=author_id,
        author_handle=username,
        created_at=parse_time(tweet.get("created_at")),
        like_count=to_int(metrics.get("like_count"), "like_count"),
        reply_count=to_int(metrics.get("reply_count"), "reply_count"),
        permalink=f"https://x.com/{username or 'i/web'}/status/{tid}",
        channel=channel,
        raw=scrub(tweet),
    )
