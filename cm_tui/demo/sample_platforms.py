"""Sample writers for YouTube, Mastodon, X, TikTok, LinkedIn and Facepager exports."""

from __future__ import annotations

import csv
import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from cm_tui.demo import accounts as A
from cm_tui.demo import ids, shapes
from cm_tui.demo.people import Person
from cm_tui.demo.sample_writers import items_for, write_json
from cm_tui.demo.shapes import Author, Item
from cm_tui.demo.threads import Node, descendants_order


# --- YouTube ----------------------------------------------------------------------------------
def youtube_file(path: Path, videos: list[tuple[str, list[Node]]], rng: random.Random) -> int:
    """``commentThreads.list?allThreadsRelatedToChannelId=...&part=snippet,replies``.

    One thread shows only part of its replies (``totalReplyCount`` is larger), as the API does.
    """
    def author(p: Person | None) -> Author:
        if p is None:
            return Author("Stadt Musterstadt", "stadtmusterstadt", A.YT_CHANNEL_ID)
        if p.number % 17 == 0:  # "if any": some authors come without a channel id
            return Author(p.name, p.handle, "")
        return Author(p.name, p.handle, ids.youtube_channel_id(p.handle))

    threads: list[dict[str, Any]] = []
    count = 0
    for video_id, nodes in videos:
        tids = [ids.youtube_thread_id(f"{video_id}/{i}") for i in range(len(nodes))]
        items = items_for(
            nodes, video_id,
            lambda i, n: tids[i] if n.parent is None else ids.youtube_reply_id(tids[n.parent], f"{video_id}/{i}"),
            author)
        for it in items:
            if it.parent_id is None:
                replies = [r for r in items if r.parent_id == it.id]
                if len(replies) >= 3 and not any(t.get("_partial") for t in threads):
                    replies = replies[:2]  # partial: page through comments.list for the rest
                    threads.append({"_partial": True})
                count += 1 + len(replies)
                threads.append(shapes.yt_thread(it, replies, A.YT_CHANNEL_ID, millis=rng.random() < 0.7))
    threads = [t for t in threads if "_partial" not in t]
    threads.sort(key=lambda t: t["snippet"]["topLevelComment"]["snippet"]["publishedAt"], reverse=True)
    doc = {"kind": "youtube#commentThreadListResponse", "etag": "Xb9Kq3mZ1vUsTeRdEmO",
           "nextPageToken": "QURTSl9pMkRlbW9NdXN0ZXJzdGFkdA==",
           "pageInfo": {"totalResults": len(threads), "resultsPerPage": 100}, "items": threads}
    write_json(path, doc)
    return count


# --- Mastodon ---------------------------------------------------------------------------------
def mastodon_file(out_dir: Path, nodes: list[Node], root_text: str, rng: random.Random) -> tuple[str, int]:
    """``GET /api/v1/statuses/:id/context`` for the city's root status: ``ancestors`` is empty,
    ``descendants`` is in thread order. The root id is in the file name."""
    host = A.MASTO_HOST
    root_id = ids.mastodon_id(A.MASTO_STATUS_TIME, 1)
    city = shapes.masto_account(Author("Stadt Musterstadt", A.MASTO_CITY, A.MASTO_CITY_ID), host,
                                "2022-11-08T00:00:00.000Z")

    def account(p: Person | None) -> dict[str, Any]:
        if p is None:
            return city
        acct = p.handle.replace(".", "_") if p.number % 3 else f"{p.handle.replace('.', '_')}@norden.social.example"
        return shapes.masto_account(Author(p.name if p.number % 11 else "", acct,
                                           str(109_300_000_000_000_000 + p.number * 65_537)),
                                    host, "2023-01-15T00:00:00.000Z")

    order = descendants_order(nodes)
    sids = [ids.mastodon_id(n.at, i + 7) for i, n in enumerate(nodes)]
    statuses = []
    for i in order:
        n = nodes[i]
        acc = account(n.person)
        parent = n.parent
        reply_to = sids[parent] if parent is not None else root_id
        reply_acc = account(nodes[parent].person)["id"] if parent is not None else A.MASTO_CITY_ID
        mention = f"@{A.MASTO_CITY} " if parent is None else f"@{account(nodes[parent].person)['username']} "
        it = Item(sids[i], root_id, mention + n.text, n.at, None, reply_to, n.likes, n.replies)
        lang = "en" if n.text.startswith("Are there") else ("de" if i % 9 else None)
        spoiler = "Kritik / Politik" if "unambitioniert" in n.text else ""
        status = shapes.masto_status(it, host, reply_acc, acc, language=lang, spoiler=spoiler)
        target = city if parent is None else account(nodes[parent].person)
        status["mentions"] = [{k: target[k] for k in ("id", "username", "url", "acct")}]
        statuses.append(status)
    name = f"mastodon_status_{root_id}_context.json"
    write_json(out_dir / name, {"ancestors": [], "descendants": statuses})
    return name, len(statuses)


# --- X ----------------------------------------------------------------------------------------
def x_file(path: Path, nodes: list[Node], root_text: str, rng: random.Random) -> int:
    """Recent search ``conversation_id:<root>`` with ``expansions=author_id,referenced_tweets.id``;
    newest first; one reply points at a deleted tweet (reported in ``errors``)."""
    root_id = ids.x_id(A.X_TWEET_TIME, 1)
    miriam = Author("Miriam Hoffmann 📚 Stadtbibliothek Musterstadt", A.X_MIRIAM, A.X_MIRIAM_ID)

    def author(p: Person | None) -> Author:
        if p is None:
            return miriam
        return Author(p.name, p.handle.replace(".", "_")[:15], str(1_200_000_000_000_000_000 + p.number * 9_999_991))

    tids = [ids.x_id(n.at, i + 3) for i, n in enumerate(nodes)]
    items = items_for(nodes, root_id, lambda i, n: tids[i], author)
    deleted = ids.x_id(A.X_TWEET_TIME + timedelta(minutes=40), 99)
    data = []
    for k, it in enumerate(items):
        parent = it.parent_id or root_id
        if k == 5 and it.parent_id is None:
            parent = deleted
        parent_user = (it.parent_author.id if it.parent_author else A.X_MIRIAM_ID)
        data.append(shapes.x_tweet(Item(it.id, root_id, it.text, it.at, it.author, parent, it.likes, it.replies),
                                   root_id, parent_user))
    data.reverse()
    users = {it.author.id: shapes.x_user(it.author) for it in items if it.author}
    users[A.X_MIRIAM_ID] = shapes.x_user(miriam)
    root = shapes.x_tweet(Item(root_id, root_id, root_text, A.X_TWEET_TIME, miriam, None, 57,
                               sum(1 for i in items if i.parent_id is None)), root_id, None)
    root["author_id"] = A.X_MIRIAM_ID
    doc = {
        "data": data,
        "includes": {"users": list(users.values()), "tweets": [root]},
        "errors": [{"value": deleted, "detail": f"Could not find tweet with referenced_tweets.id: [{deleted}].",
                    "title": "Not Found Error", "resource_type": "tweet", "parameter": "referenced_tweets.id",
                    "resource_id": deleted, "type": "https://api.twitter.com/2/problems/resource-not-found"}],
        "meta": {"newest_id": data[0]["id"], "oldest_id": data[-1]["id"], "result_count": len(data)},
    }
    write_json(path, doc, ascii_only=True)
    return len(data)


# --- TikTok -----------------------------------------------------------------------------------
def tiktok_file(path: Path, nodes: list[Node], video_time: datetime) -> tuple[int, int]:
    """Research API ``/v2/research/video/comment/list/``: int64 ids as bare JSON numbers."""
    video_id = ids.tiktok_id(video_time, 4711)
    cids = [ids.tiktok_id(n.at, i + 1) for i, n in enumerate(nodes)]
    items = items_for(nodes, str(video_id), lambda i, n: str(cids[i]), lambda p: None)
    doc = {"data": {"comments": [shapes.tiktok_comment(it) for it in items], "cursor": len(items),
                    "has_more": False},
           "error": {"code": "ok", "message": "", "log_id": "20261122210304D8F1C2B3A4E5F6A7B8C9"}}
    write_json(path, doc)
    return video_id, len(items)


# --- LinkedIn ---------------------------------------------------------------------------------
def linkedin_file(path: Path, nodes: list[Node]) -> tuple[str, int]:
    """``GET /rest/socialActions/{activityUrn}/comments``; replies carry ``parentComment``."""
    activity = f"urn:li:activity:{ids.linkedin_id(A.LI_POST_TIME, 1)}"

    def author(p: Person | None) -> Author:
        if p is None:
            return Author("Tobias Kern", "tobias-kern", A.LI_TOBIAS)
        if p.number % 7 == 0:
            return Author(p.name, p.handle, f"urn:li:organization:{96_000_000 + p.number}")
        return Author(p.name, p.handle, ids.linkedin_person(p.handle))

    items = items_for(nodes, activity, lambda i, n: ids.linkedin_id(n.at, i + 2), author)
    elements = [shapes.linkedin_comment(it) for it in items]
    doc = {"paging": {"start": 0, "count": 50, "links": [], "total": len(elements)}, "elements": elements}
    write_json(path, doc)
    return activity, len(elements)


# --- Facepager --------------------------------------------------------------------------------
FACEPAGER_COLUMNS = ["level", "id", "parent_id", "object_id", "object_type", "object_key", "query_status",
                     "query_time", "query_type", "message", "created_time", "like_count", "comment_count",
                     "error.message", "parent.id"]


def facepager_file(path: Path, posts: list[tuple[str, list[Item]]], fetched: datetime) -> int:
    """Facepager "All nodes" export of the FB comments preset (filter=stream): UTF-8 with BOM,
    ``;``, QUOTE_ALL, CRLF; seeds (level 0), data rows (level 1), an offcut row per fetch.
    The user added a ``parent.id`` column so replies can be threaded."""
    rows: list[list[Any]] = []
    node_id = 0
    seeds: list[int] = []
    for post_id, _ in posts:
        node_id += 1
        seeds.append(node_id)
        rows.append([0, node_id, "", post_id, "seed", "", "fetched (200)",
                     fetched.strftime("%Y-%m-%d %H:%M:%S.%f"), "Facebook:/<post-id>/comments",
                     "", "", "", "", "", ""])
    count = 0
    for seed, (post_id, items) in zip(seeds, posts, strict=True):
        qtime = (fetched + timedelta(seconds=seed * 3, microseconds=seed * 137_911)).strftime("%Y-%m-%d %H:%M:%S.%f")
        for it in items:
            node_id += 1
            count += 1
            rows.append([1, node_id, seed, it.id, "data", "data", "fetched (200)", qtime,
                         "Facebook:/<post-id>/comments", it.text.replace("\n", " ").replace("\r", " "),
                         shapes.fb_time(it.at), it.likes, it.replies, "", it.parent_id or ""])
        node_id += 1
        rows.append([1, node_id, seed, post_id, "offcut", "data", "fetched (200)", qtime,
                     "Facebook:/<post-id>/comments", "", "", "", "", "", ""])
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("\ufeff")
        w = csv.writer(fh, delimiter=";", quotechar='"', quoting=csv.QUOTE_ALL, doublequote=True,
                       lineterminator="\r\n")
        w.writerow(FACEPAGER_COLUMNS)
        w.writerows([[str(v) for v in r] for r in rows])
    return count
