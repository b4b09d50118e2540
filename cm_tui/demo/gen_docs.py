"""Streaming writers for the platform JSON documents of the load generator.

Each writer emits the document head, then items one by one (buffered in small chunks), then the
tail, so a million comments never sit in memory at once.
"""

from __future__ import annotations

import heapq
import json
from datetime import UTC, datetime
from typing import IO, Any

from cm_tui.demo import shapes
from cm_tui.demo.gen_core import GenPost, World
from cm_tui.demo.gen_styles import MASTODON_HOST, STYLES, Resolver
from cm_tui.demo.phrases import POST_TITLES
from cm_tui.demo.shapes import Author, Item

FAKE_TOKEN = "EAAGm0PX4ZCpsBAMusterstadtDemoTokenNichtEchtZDZD"


def _items(w: World) -> Any:
    """Per stream tuple: ``(post, Item, top_flag)`` with platform ids and authors resolved."""
    res = Resolver(w)
    for batch in w.stream():
        for seq, pi, top, parent, a, ti, ts, likes, nrep in batch:
            post = w.posts[pi]
            style = STYLES[post.platform]
            cid, pid, top_cid = res.ids(post, style, seq, top, parent)
            name, handle, aid = res.author(post, style, a)
            handle = style.handle(handle) if a >= 0 else handle
            at = datetime.fromtimestamp(ts, UTC)
            # Facebook, Instagram and YouTube keep two levels: replies hang under the top-level.
            yield post, Item(cid, post.post_id, w.texts[ti], at, Author(name, handle, aid), pid, likes, nrep), a


class JsonArray:
    """Writes ``head``, then comma-separated items, then ``tail``: a JSON document as a stream."""

    def __init__(self, fh: IO[str], head: str, ascii_only: bool = False) -> None:
        self.fh, self.first, self.ascii_only = fh, True, ascii_only
        self.buf: list[str] = []
        fh.write(head)

    def add(self, obj: Any) -> None:
        self.buf.append(("" if self.first else ",") + json.dumps(obj, ensure_ascii=self.ascii_only,
                                                                 separators=(",", ":")))
        self.first = False
        if len(self.buf) >= 2048:
            self.flush()

    def flush(self) -> None:
        self.fh.write("".join(self.buf))
        self.buf.clear()

    def close(self, tail: str) -> None:
        self.flush()
        self.fh.write(tail)


def write_facebook(fh: IO[str], w: World) -> None:
    """Graph API page feed with embedded comments (``comments.filter(stream).summary(true)``):
    one post object per pool post, its comments chronological (a small reorder heap bounded by
    the reply lag), ``{post}_{comment}`` ids, ``from`` and ``parent``."""
    fh.write('{"data":[')
    arr: JsonArray | None = None
    heap: list[tuple[datetime, str, dict[str, Any]]] = []
    tops: dict[str, Item] = {}
    current: GenPost | None = None

    def close_post() -> None:
        assert arr is not None and current is not None
        while heap:
            arr.add(heapq.heappop(heap)[2])
        arr.close(f'],"paging":{{"cursors":{{"before":"QVFIUmRlbW8","after":"QVFIUmVuZA"}}}},"summary":'
                  f'{{"order":"chronological","total_count":{current.size},"can_comment":true}}}}}}')

    for post, it, _a in _items(w):
        if post is not current:
            if current is not None:
                close_post()
                fh.write(",")
            current = post
            tops.clear()
            head = {"id": f"{post.account_id}_{post.post_id}",
                    "created_time": shapes.fb_time(datetime.fromtimestamp(post.created, UTC)),
                    "message": POST_TITLES[post.num % len(POST_TITLES)],
                    "permalink_url": f"https://www.facebook.com/{post.account_id}/posts/{post.post_id}/"}
            arr = JsonArray(fh, json.dumps(head, separators=(",", ":"))[:-1] + ',"comments":{"data":[',
                            ascii_only=True)
        assert arr is not None
        if it.parent_id is None:
            while heap and heap[0][0] <= it.at:
                arr.add(heapq.heappop(heap)[2])
            tops = {it.id: it}
        else:
            p = tops[it.parent_id]
            it = Item(it.id, it.post_id, it.text, it.at, it.author, it.parent_id, it.likes, 0, p.text, p.at, p.author)
        heapq.heappush(heap, (it.at, it.id, shapes.fb_comment(it, post.account_id)))
    if current is not None:
        close_post()
    page = w.posts[0].account_id if w.posts else "104523981234567"
    fh.write(f'],"paging":{{"cursors":{{"before":"QVFIUmRlbW8","after":"QVFIUmVuZA"}},'
             f'"next":"https://graph.facebook.com/v21.0/{page}/feed?access_token={FAKE_TOKEN}'
             f'&fields=id,created_time,message,permalink_url,comments.filter(stream).summary(true)&limit=25'
             f'&after=QVFIUmVuZA"}}}}\n')


def _threads(w: World) -> Any:
    """``(post, top Item, [reply Items])`` in stream order."""
    cur: tuple[GenPost, Item, list[Item]] | None = None
    for post, it, _a in _items(w):
        if it.parent_id is None or cur is None or post is not cur[0]:
            if cur is not None:
                yield cur
            cur = (post, it, [])
        else:
            cur[2].append(it)
    if cur is not None:
        yield cur


def write_instagram(fh: IO[str], w: World) -> None:
    """IG media comments edge with embedded ``replies.data``."""
    arr = JsonArray(fh, '{"data":[', ascii_only=True)
    for _post, top, replies in _threads(w):
        arr.add(shapes.ig_comment(top, replies))
    arr.close('],"paging":{"cursors":{"before":"QVFIUmRlbW8","after":"QVFIUmVuZA"}}}\n')


def write_youtube(fh: IO[str], w: World) -> None:
    """``commentThreads.list`` with ``replies.comments``."""
    arr = JsonArray(fh, '{"kind":"youtube#commentThreadListResponse","etag":"GeNeRaToR","items":[')
    count = 0
    for post, top, replies in _threads(w):
        arr.add(shapes.yt_thread(top, replies, post.account_id, millis=count % 3 != 0))
        count += 1
    arr.close(f'],"pageInfo":{{"totalResults":{count},"resultsPerPage":{count}}}}}\n')


def write_mastodon(fh: IO[str], w: World) -> None:
    """``/statuses/:id/context`` of the single root post: everything in ``descendants``."""
    arr = JsonArray(fh, '{"ancestors":[],"descendants":[')
    accounts: dict[str, dict[str, Any]] = {}
    root = w.posts[0].post_id if w.posts else "0"
    for _post, it, _a in _items(w):
        acc = accounts.get(it.author.id)  # type: ignore[union-attr]
        if acc is None:
            acc = accounts[it.author.id] = shapes.masto_account(it.author, MASTODON_HOST,  # type: ignore[union-attr,arg-type]
                                                                "2023-01-15T00:00:00.000Z")
        item = Item(it.id, root, it.text, it.at, None, it.parent_id or root, it.likes, it.replies)
        arr.add(shapes.masto_status(item, MASTODON_HOST, None, acc))
    arr.close("]}\n")


def write_x(fh: IO[str], w: World) -> None:
    """Recent search results: ``data`` streamed, ``includes.users``/``tweets`` and ``meta`` after."""
    arr = JsonArray(fh, '{"data":[', ascii_only=True)
    users: dict[str, Author] = {}
    roots: dict[str, GenPost] = {}
    newest = oldest = ""
    for post, it, _a in _items(w):
        assert it.author is not None
        users.setdefault(it.author.id, it.author)
        roots.setdefault(post.post_id, post)
        parent = it.parent_id or post.post_id
        arr.add(shapes.x_tweet(Item(it.id, post.post_id, it.text, it.at, it.author, parent, it.likes, it.replies),
                               post.post_id, post.account_id))
        newest = newest or it.id
        oldest = it.id
    arr.flush()
    user_list = [shapes.x_user(a) for a in users.values()]
    tweets = [{"id": p.post_id, "text": "Neues aus der Stadtbibliothek 📚", "author_id": p.account_id,
               "conversation_id": p.post_id, "created_at": shapes.iso_z(datetime.fromtimestamp(p.created, UTC)),
               "edit_history_tweet_ids": [p.post_id]} for p in roots.values()]
    includes = json.dumps({"users": user_list, "tweets": tweets}, ensure_ascii=True, separators=(",", ":"))
    meta = json.dumps({"newest_id": newest, "oldest_id": oldest, "result_count": w.n}, separators=(",", ":"))
    fh.write(f'],"includes":{includes},"meta":{meta}}}\n')


def write_tiktok(fh: IO[str], w: World) -> None:
    """Research API comment list; int64 ids as bare numbers."""
    arr = JsonArray(fh, '{"data":{"comments":[')
    for _post, it, _a in _items(w):
        arr.add(shapes.tiktok_comment(it))
    arr.close(f'],"cursor":{w.n},"has_more":false}},"error":{{"code":"ok","message":"",'
              f'"log_id":"20261123000000GENERATOR"}}}}\n')


def write_linkedin(fh: IO[str], w: World) -> None:
    """``socialActions/{urn}/comments``: ``paging`` first (the total is known), then ``elements``."""
    arr = JsonArray(fh, f'{{"paging":{{"start":0,"count":{w.n},"links":[],"total":{w.n}}},"elements":[')
    for _post, it, _a in _items(w):
        arr.add(shapes.linkedin_comment(it))
    arr.close("]}\n")


