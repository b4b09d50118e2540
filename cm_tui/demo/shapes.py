"""Platform shapes: one neutral demo comment in, one platform API object (a dict) out.

The shapes follow ``/work/shared/research/export-formats.md`` field by field; both the sample
writer and the load generator use them, so the two cannot drift apart.
"""

from __future__ import annotations

import html
import re
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

MASTODON_HOST = "social.musterstadt.example"
_URL = re.compile(r"(https?://[^\s]+|www\.[^\s]+)")
_TAG = re.compile(r"(?<![\w&])#(\w+)")
_MENTION = re.compile(r"(?<![\w])@([A-Za-z0-9_.]+)")
_YT_TIME = re.compile(r"\b(\d{1,2}):(\d{2})\b")


@dataclass(frozen=True, slots=True)
class Author:
    """Who wrote a comment, as far as the platform tells: display name, handle, platform id."""

    name: str
    handle: str
    id: str


@dataclass(frozen=True, slots=True)
class Item:
    """A platform-neutral comment: ids are already in the platform's own style."""

    id: str
    post_id: str
    text: str
    at: datetime
    author: Author | None
    parent_id: str | None = None
    likes: int = 0
    replies: int = 0
    parent_text: str | None = None
    parent_at: datetime | None = None
    parent_author: Author | None = None


def fb_time(at: datetime) -> str:
    """Graph API style: ``2026-11-21T08:00:00+0000``."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def iso_z(at: datetime, millis: bool = True) -> str:
    """``2026-11-21T08:00:00.000Z`` (or without milliseconds)."""
    at = at.astimezone(UTC)
    if not millis:
        return at.strftime("%Y-%m-%dT%H:%M:%SZ")
    return at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


# --- Facebook ---------------------------------------------------------------------------------
def fb_permalink(page_id: str, post_id: str, comment_id: str, parent_id: str | None) -> str:
    """``https://www.facebook.com/<page>/posts/<post>/?comment_id=<c>`` (+ ``reply_comment_id``)."""
    post_num = post_id.split("_")[-1]
    cnum = comment_id.split("_")[-1]
    if parent_id is None:
        return f"https://www.facebook.com/{page_id}/posts/{post_num}/?comment_id={cnum}"
    pnum = parent_id.split("_")[-1]
    return f"https://www.facebook.com/{page_id}/posts/{post_num}/?comment_id={pnum}&reply_comment_id={cnum}"


def fb_comment(it: Item, page_id: str, *, with_id: bool = True, with_from: bool = True) -> dict[str, Any]:
    """A Graph API comment as returned with
    ``fields=id,created_time,from,message,like_count,comment_count,parent,permalink_url``."""
    out: dict[str, Any] = {}
    if with_id:
        out["id"] = it.id
    out["created_time"] = fb_time(it.at)
    if with_from and it.author is not None:
        out["from"] = {"name": it.author.name, "id": it.author.id}
    out["message"] = it.text
    out["like_count"] = it.likes
    out["comment_count"] = it.replies
    if it.parent_id is not None and with_id:
        parent: dict[str, Any] = {"created_time": fb_time(it.parent_at or it.at)}
        if with_from and it.parent_author is not None:
            parent["from"] = {"name": it.parent_author.name, "id": it.parent_author.id}
        parent["message"] = it.parent_text or ""
        parent["id"] = it.parent_id
        out["parent"] = parent
    out["permalink_url"] = fb_permalink(page_id, it.post_id, it.id, it.parent_id)
    return out


# --- Instagram --------------------------------------------------------------------------------
def ig_comment(it: Item, replies: list[Item] | None = None) -> dict[str, Any]:
    """An IG comment with ``fields=id,text,timestamp,username,from,like_count,hidden,media,replies``;
    replies are embedded as ``replies: {data: [...]}`` and carry ``parent_id``."""
    out: dict[str, Any] = {"id": it.id, "text": it.text, "timestamp": fb_time(it.at)}
    if it.author is not None:
        out["username"] = it.author.handle
        out["from"] = {"id": it.author.id, "username": it.author.handle}
    out["like_count"] = it.likes
    out["hidden"] = False
    out["media"] = {"id": it.post_id, "media_product_type": "FEED"}
    if it.parent_id is not None:
        out["parent_id"] = it.parent_id
    if replies is not None and it.parent_id is None:
        out["replies"] = {"data": [ig_comment(r) for r in replies]}
    return out


# --- YouTube ----------------------------------------------------------------------------------
def yt_html(text: str, video_id: str) -> str:
    """``textDisplay``: HTML-escaped (``&#39;``, ``&quot;``), ``<br>``, links and timestamps."""
    escaped = html.escape(text, quote=True).replace("&#x27;", "&#39;")
    escaped = _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
    escaped = _YT_TIME.sub(
        lambda m: (
            f'<a href="https://www.youtube.com/watch?v={video_id}&amp;t={int(m.group(1)) * 60 + int(m.group(2))}">'
            f"{m.group(0)}</a>"
        ),
        escaped,
    )
    return escaped.replace("\n", "<br>")


def yt_comment(it: Item, channel_id: str, millis: bool) -> dict[str, Any]:
    """A ``youtube#comment`` resource (top-level or reply)."""
    sn: dict[str, Any] = {"channelId": channel_id, "videoId": it.post_id, "textDisplay": yt_html(it.text, it.post_id),
                          "textOriginal": it.text}
    if it.parent_id is not None:
        sn["parentId"] = it.parent_id
    if it.author is not None:
        sn["authorDisplayName"] = f"@{it.author.handle}"
        sn["authorProfileImageUrl"] = f"https://yt3.ggpht.example/ytc/{it.author.id[-8:]}=s48-c-k-c0x00ffffff-no-rj"
        sn["authorChannelUrl"] = f"http://www.youtube.com/@{it.author.handle}"
        if it.author.id:
            sn["authorChannelId"] = {"value": it.author.id}
    sn.update({"canRate": True, "viewerRating": "none", "likeCount": it.likes,
               "publishedAt": iso_z(it.at, millis), "updatedAt": iso_z(it.at, millis)})
    return {"kind": "youtube#comment", "etag": f"E{zlib.crc32(it.id.encode()):010d}", "id": it.id, "snippet": sn}


def yt_thread(top: Item, replies: list[Item], channel_id: str, millis: bool) -> dict[str, Any]:
    """A ``youtube#commentThread`` with its (possibly partial) ``replies.comments``."""
    thread: dict[str, Any] = {
        "kind": "youtube#commentThread",
        "etag": f"T{zlib.crc32(top.id.encode()):010d}",
        "id": top.id,
        "snippet": {
            "channelId": channel_id,
            "videoId": top.post_id,
            "topLevelComment": yt_comment(top, channel_id, millis),
            "canReply": True,
            "totalReplyCount": top.replies,
            "isPublic": True,
        },
    }
    if replies:
        thread["replies"] = {"comments": [yt_comment(r, channel_id, millis) for r in replies]}
    return thread


# --- Mastodon ---------------------------------------------------------------------------------
def masto_html(text: str, host: str = MASTODON_HOST) -> str:
    """Mastodon ``content``: paragraphs, ``<br />``, mention h-cards, hashtag and URL links."""
    escaped = html.escape(text, quote=True).replace("&#x27;", "&#39;")
    escaped = _URL.sub(
        lambda m: (
            f'<a href="{m.group(0)}" target="_blank" rel="nofollow noopener" translate="no">'
            f'<span class="invisible">https://</span><span class="">{m.group(0).split("://")[-1]}</span>'
            '<span class="invisible"></span></a>'
        ),
        escaped,
    )
    escaped = _TAG.sub(
        lambda m: f'<a href="https://{host}/tags/{m.group(1).lower()}" class="mention hashtag" rel="tag">#<span>{m.group(1)}</span></a>',
        escaped,
    )
    escaped = _MENTION.sub(
        lambda m: (
            f'<span class="h-card" translate="no"><a href="https://{host}/@{m.group(1)}" class="u-url mention">'
            f"@<span>{m.group(1)}</span></a></span>"
        ),
        escaped,
    )
    return "".join(f"<p>{p.replace(chr(10), '<br />')}</p>" for p in escaped.split("\n\n"))


def masto_account(a: Author, host: str, created: str) -> dict[str, Any]:
    """A Mastodon account entity (``acct`` is ``user`` locally, ``user@domain`` remotely)."""
    local_host = a.handle.split("@")[1] if "@" in a.handle else host
    username = a.handle.split("@")[0]
    return {
        "id": a.id, "username": username, "acct": a.handle, "display_name": a.name,
        "locked": False, "bot": False, "discoverable": True, "group": False,
        "created_at": created, "note": "", "url": f"https://{local_host}/@{username}",
        "avatar": f"https://{host}/avatars/original/missing.png",
        "followers_count": 10 + int(a.id[-3:]), "following_count": 50 + int(a.id[-2:]),
        "statuses_count": 100 + int(a.id[-4:]), "last_status_at": "2026-11-22", "emojis": [], "fields": [],
    }


def masto_status(it: Item, host: str, in_reply_to_account: str | None, account: dict[str, Any],
                 *, language: str | None = "de", spoiler: str = "") -> dict[str, Any]:
    """A Mastodon Status entity as in ``/api/v1/statuses/:id/context``."""
    remote = "@" in (account.get("acct") or "")
    url = f"{account['url']}/{it.id}"
    return {
        "id": it.id,
        "created_at": iso_z(it.at) if not remote else iso_z(it.at.replace(microsecond=0)),
        "in_reply_to_id": it.parent_id,
        "in_reply_to_account_id": in_reply_to_account,
        "sensitive": bool(spoiler), "spoiler_text": spoiler, "visibility": "public",
        "language": language, "uri": f"https://{host}/users/{account['username']}/statuses/{it.id}"
        if not remote else url, "url": url,
        "replies_count": it.replies, "reblogs_count": 0, "favourites_count": it.likes,
        "edited_at": None, "content": masto_html(it.text, host), "reblog": None,
        "application": None, "account": account, "media_attachments": [],
        "mentions": [], "tags": [], "emojis": [], "card": None, "poll": None,
    }


# --- X ----------------------------------------------------------------------------------------
def x_tweet(it: Item, conversation_id: str, in_reply_to_user: str | None) -> dict[str, Any]:
    """An X API v2 tweet with ``tweet.fields=created_at,conversation_id,in_reply_to_user_id,
    referenced_tweets,public_metrics,lang,author_id``; ``&``, ``<`` and ``>`` escaped as X does."""
    text = it.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out: dict[str, Any] = {
        "id": it.id, "text": text, "edit_history_tweet_ids": [it.id],
        "author_id": it.author.id if it.author else None,
        "created_at": iso_z(it.at.replace(microsecond=0)), "conversation_id": conversation_id, "lang": "de",
        "public_metrics": {"retweet_count": 0, "reply_count": it.replies, "like_count": it.likes,
                           "quote_count": 0, "bookmark_count": 0, "impression_count": 40 + it.likes * 13},
    }
    if it.parent_id is not None:
        out["in_reply_to_user_id"] = in_reply_to_user
        out["referenced_tweets"] = [{"type": "replied_to", "id": it.parent_id}]
    return out


def x_user(a: Author) -> dict[str, Any]:
    """An entry of ``includes.users``."""
    return {"id": a.id, "name": a.name, "username": a.handle}


# --- TikTok -----------------------------------------------------------------------------------
def tiktok_comment(it: Item) -> dict[str, Any]:
    """A Research API comment. Ids are JSON integers (> 2^53); top-level comments carry the
    video id as ``parent_comment_id``."""
    return {
        "id": int(it.id), "video_id": int(it.post_id), "text": it.text, "like_count": it.likes,
        "reply_count": it.replies,
        "parent_comment_id": int(it.parent_id) if it.parent_id is not None else int(it.post_id),
        "create_time": int(it.at.timestamp()),
    }


# --- LinkedIn ---------------------------------------------------------------------------------
def li_urn(activity: str, comment_id: str) -> str:
    """``urn:li:comment:(urn:li:activity:<post>,<id>)``."""
    return f"urn:li:comment:({activity},{comment_id})"


def linkedin_comment(it: Item) -> dict[str, Any]:
    """A Community Management API comment element (``actor`` URN only, no names);
    replies carry ``parentComment``."""
    ms = int(it.at.timestamp() * 1000)
    actor = it.author.id if it.author else "urn:li:person:unknown"
    out: dict[str, Any] = {
        "id": it.id,
        "$URN": li_urn(it.post_id, it.id),
        "actor": actor,
        "agent": actor,
        "created": {"actor": actor, "time": ms},
        "lastModified": {"actor": actor, "time": ms},
        "object": it.post_id,
        "message": {"text": it.text, "attributes": []},
    }
    if it.parent_id is not None:
        out["parentComment"] = li_urn(it.post_id, it.parent_id)
    if it.likes:
        out["likesSummary"] = {"totalLikes": it.likes, "aggregatedTotalLikes": it.likes,
                               "likedByCurrentUser": False, "selectedLikes": []}
    out["commentsSummary"] = {"totalFirstLevelComments": it.replies, "aggregatedTotalComments": it.replies,
                              "selectedComments": []}
    return out
