"""Writing imported records: one transaction per file, idempotent by (platform, native id).

A comment seen again with changed text or counts is updated; its earlier text is kept in
``comment_versions``. Channels come from the record, else from the channel rules (by post id or
account), else from the post the comment hangs under.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from cm_tui.clock import iso, utcnow
from cm_tui.config import ChannelRule
from cm_tui.importers.own import answers_own_post
from cm_tui.model import Comment, Post, Record
from cm_tui.store.db import Store

BATCH = 2000


@dataclass(slots=True)
class ImportSummary:
    """What one file did to the database, for the CLI's per-file line and ``--json``."""

    path: str
    format: str | None = None
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    posts: int = 0
    rejected: bool = False
    error: str | None = None
    announced: list[tuple[str, str]] = field(default_factory=list)  # posts whose export named a total

    def as_dict(self) -> dict[str, object]:
        out = asdict(self)
        del out["announced"]  # the import's "gaps" report on these posts
        return out


class ChannelMap:
    """Resolves (platform, post id / account) to (channel name, owner)."""

    def __init__(self, rules: Iterable[ChannelRule] = ()) -> None:
        self.by_post: dict[tuple[str, str], tuple[str, str | None]] = {}
        self.by_account: dict[tuple[str, str], tuple[str, str | None]] = {}
        self.own: set[tuple[str, str]] = set()  # (platform, account) of the city's own accounts
        for r in rules:
            target = (r.name, r.owner)
            for p in r.posts:
                self.by_post[(r.platform, p)] = target
            if r.account:
                account = r.account.lstrip("@").casefold()
                self.by_account[(r.platform, account)] = target
                self.own.add((r.platform, account))
                if r.platform == "mastodon" and "@" in account:
                    # the instance's own accounts appear without their domain ("stadt")
                    self.own.add((r.platform, account.split("@", 1)[0]))

    def is_own(self, c: Comment, owner: str | None) -> bool:
        """Written by one of the city's own accounts (any channel's ``account``), or by the
        Amtfluencer ``owner`` on her own profile: a reply of the team, not a comment to triage."""
        if owner and c.author_name and c.author_name.casefold() == owner.casefold():
            return True
        if answers_own_post(c):  # the export itself says so (ids, see importers.own)
            return True
        own = self.own
        if not own:
            return False
        # Instagram and YouTube name authors by handle; Mastodon's author_name is a display name
        names = (c.author_id, c.author_handle) if c.platform == "mastodon" else (c.author_id, c.author_handle, c.author_name)
        return any(v and (c.platform, v.lstrip("@").casefold()) in own for v in names)

    def resolve(self, platform: str, post_id: str | None, account: str | None) -> tuple[str | None, str | None]:
        if post_id and (platform, post_id) in self.by_post:
            return self.by_post[(platform, post_id)]
        if account:
            hit = self.by_account.get((platform, account.lstrip("@").casefold()))
            if hit:
                return hit
        return account, None


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _author_key(c: Comment) -> str | None:
    if c.author_id:
        return "id:" + c.author_id
    if c.author_name:
        return "name:" + c.author_name.casefold()
    return None


def _content_hash(c: Comment, channel: str | None, owner: str | None) -> str:
    parts = (c.text, c.text_html, c.like_count, c.reply_count, c.author_name, c.parent_id, c.post_id,
             c.permalink, channel, owner, c.created_at)
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


class _Writer:
    """Batches records of one file inside the caller's transaction."""

    def __init__(self, store: Store, import_id: int, channels: ChannelMap, now: str,
                 default_channel: tuple[str | None, str | None]) -> None:
        self.conn = store.conn
        self.import_id = import_id
        self.channels = channels
        self.now = now
        self.default_channel = default_channel
        self.post_channel: dict[tuple[str, str], tuple[str | None, str | None]] = {}
        self.pending: list[Comment] = []
        self.announced: set[tuple[str, str]] = set()
        self.summary_new = self.summary_updated = self.summary_unchanged = self.posts = 0

    def post(self, p: Post) -> None:
        channel, owner = self.channels.resolve(p.platform, p.post_id, p.channel)
        if p.owner:
            owner = p.owner
        if channel is None:
            channel, owner = self.default_channel
        self.post_channel[(p.platform, p.post_id)] = (channel, owner)
        if p.comment_total is not None or p.toplevel_total is not None:
            self.announced.add((p.platform, p.post_id))
        self.conn.execute(
            """INSERT INTO posts (platform, native_id, channel, owner, text, url, created_at, raw, import_id,
                                  comment_total, toplevel_total)
               VALUES (?,?,?,?,?,?,?,?,?,?,?)
               ON CONFLICT (platform, native_id) DO UPDATE SET
                 channel = coalesce(excluded.channel, channel), owner = coalesce(excluded.owner, owner),
                 text = coalesce(excluded.text, text), url = coalesce(excluded.url, url),
                 created_at = coalesce(excluded.created_at, created_at),
                 comment_total = max(coalesce(excluded.comment_total, comment_total), coalesce(comment_total, excluded.comment_total)),
                 toplevel_total = max(coalesce(excluded.toplevel_total, toplevel_total), coalesce(toplevel_total, excluded.toplevel_total))""",
            # the largest total any export announced: a feed fetched before the storm says 0
            (p.platform, p.post_id, channel, owner, p.text, p.url, p.created_at,
             json.dumps(p.raw, ensure_ascii=False) if p.raw else None, self.import_id,
             p.comment_total, p.toplevel_total),
        )
        self.posts += 1

    def _channel_of(self, c: Comment) -> tuple[str | None, str | None]:
        if c.channel or c.owner:
            channel, owner = self.channels.resolve(c.platform, c.post_id, c.channel)
            return channel, c.owner or owner
        if c.post_id:
            key = (c.platform, c.post_id)
            if key not in self.post_channel:
                row = self.conn.execute(
                    "SELECT channel, owner FROM posts WHERE platform=? AND native_id=?", key
                ).fetchone()
                self.post_channel[key] = (
                    (row[0], row[1]) if row and row[0] else self.channels.resolve(c.platform, c.post_id, None)
                )
            channel, owner = self.post_channel[key]
            if channel:
                return channel, owner
        return self.default_channel

    def comment(self, c: Comment) -> None:
        self.pending.append(c)
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        by_platform: dict[str, list[Comment]] = {}
        for c in batch:
            by_platform.setdefault(c.platform, []).append(c)
        existing: dict[tuple[str, str], tuple[int, str, str, int | None]] = {}
        for platform, items in by_platform.items():
            ids = list({c.comment_id for c in items})
            for i in range(0, len(ids), 900):
                chunk = ids[i : i + 900]
                marks = ",".join("?" * len(chunk))
                for row in self.conn.execute(
                    f"SELECT native_id, id, content_hash, text, like_count FROM comments "
                    f"WHERE platform=? AND native_id IN ({marks})",
                    [platform, *chunk],
                ):
                    existing[(platform, row[0])] = (row[1], row[2], row[3], row[4])
        inserts, updates, versions, authors, own = [], [], [], {}, []
        seen_in_batch: dict[tuple[str, str], int] = {}
        for c in batch:
            channel, owner = self._channel_of(c)
            h = _content_hash(c, channel, owner)
            key = (c.platform, c.comment_id)
            akey = _author_key(c)
            row = (c.post_id, c.parent_id, channel, owner, akey, c.author_name, c.author_id, c.text,
                   c.text_html, c.created_at, c.like_count, c.reply_count, c.permalink,
                   json.dumps(c.raw, ensure_ascii=False, default=str), h, self.import_id, self.now)
            if self.channels.is_own(c, owner):
                own.append((self.now, c.platform, c.comment_id))
            old = existing.get(key)
            if old is None and key in seen_in_batch:
                # The same comment twice in one file (overlapping pages): the later copy wins.
                idx = seen_in_batch[key]
                inserts[idx] = (c.platform, c.comment_id, *row, self.now)
                continue
            if old is None:
                seen_in_batch[key] = len(inserts)
                inserts.append((c.platform, c.comment_id, *row, self.now))
                if akey:
                    a = authors.setdefault((c.platform, akey), [c.author_name, c.author_id, c.created_at, 0])
                    a[3] += 1
            elif old[1] == h:
                self.summary_unchanged += 1
            else:
                if old[2] != c.text:
                    versions.append((old[0], old[2], old[3], self.now, self.import_id))
                updates.append((*row, old[0]))
        next_id = int(self.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM comments").fetchone()[0])
        self.conn.executemany(
            """INSERT INTO comments (platform, native_id, post_id, parent_id, channel, owner, author_key,
                 author_name, author_id, text, text_html, created_at, like_count, reply_count, permalink,
                 raw, content_hash, import_id, updated_at, first_seen_at)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            inserts,
        )
        # Full-text index for this batch's new rows in one statement (see migration m002).
        self.conn.execute(
            "INSERT INTO comments_fts (rowid, text, author_name) SELECT id, text, author_name FROM comments WHERE id >= ?",
            (next_id,),
        )
        self.conn.executemany(
            """UPDATE comments SET post_id=coalesce(?, post_id), parent_id=coalesce(?, parent_id),
                 channel=coalesce(?, channel), owner=coalesce(?, owner), author_key=?, author_name=?, author_id=?, text=?, text_html=?, created_at=?, like_count=?, reply_count=?, permalink=?,
                 raw=?, content_hash=?, import_id=?, updated_at=?, rules_version=NULL WHERE id=?""",
            updates,
        )
        self.conn.executemany("INSERT INTO comment_versions VALUES (?,?,?,?,?)", versions)
        # The city's own replies leave the queue (also ones imported before their account was
        # configured); nobody decided on them, so nothing is logged.
        self.conn.executemany(
            "UPDATE comments SET own = 1, state = CASE WHEN state = 'open' THEN 'own' ELSE state END, "
            "state_at = CASE WHEN state = 'open' THEN ? ELSE state_at END WHERE platform = ? AND native_id = ? AND own = 0",
            own,
        )
        self.conn.executemany(
            """INSERT INTO authors (platform, key, name, native_id, first_seen_at, comments)
               VALUES (?,?,?,?,?,?)
               ON CONFLICT (platform, key) DO UPDATE SET comments = comments + excluded.comments,
                 name = coalesce(excluded.name, name),
                 first_seen_at = min(coalesce(first_seen_at, excluded.first_seen_at), excluded.first_seen_at)""",
            [(p, k, *v) for (p, k), v in authors.items()],
        )
        self.summary_new += len(inserts)
        self.summary_updated += len(updates)


def import_records(
    store: Store,
    path: Path,
    fmt: str,
    records: Iterator[Record],
    *,
    channels: ChannelMap | None = None,
    default_channel: tuple[str | None, str | None] = (None, None),
    now: datetime | None = None,
    progress: Callable[[int], None] | None = None,
    sha256: str | None = None,
) -> ImportSummary:
    """Store every record of one file in one transaction; any exception rolls the file back."""
    stamp = iso(now or utcnow())
    summary = ImportSummary(path=str(path), format=fmt)
    with store.lock:
        conn = store.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            cur = conn.execute(
                "INSERT INTO imports (path, sha256, format, started_at) VALUES (?,?,?,?)",
                (str(path), sha256 or file_sha256(path), fmt, stamp),
            )
            writer = _Writer(store, int(cur.lastrowid or 0), channels or ChannelMap(), stamp, default_channel)
            for n, record in enumerate(records, 1):
                if isinstance(record, Post):
                    writer.post(record)
                else:
                    writer.comment(record)
                if progress is not None and n % 10000 == 0:
                    progress(n)
            writer.flush()
            summary.new, summary.updated = writer.summary_new, writer.summary_updated
            summary.unchanged, summary.posts = writer.summary_unchanged, writer.posts
            summary.announced = sorted(writer.announced)
            conn.execute(
                "UPDATE imports SET finished_at=?, new=?, updated=?, unchanged=?, posts=? WHERE id=?",
                (iso(utcnow()), summary.new, summary.updated, summary.unchanged, summary.posts, writer.import_id),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return summary
