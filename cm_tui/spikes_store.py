"""Reads stored comments for the spike detector: as Observations (the per-comment reference), and
as the per-bucket counts a rebuild feeds (:class:`StoreSource`).

Counts per post and 5-minute bucket are kept in ``spike_cells`` by triggers (migration m005).
What the counts need from each comment is derived once, the first time a refresh sees it
(:func:`derive`): whether it is the author's first comment on the channel (``spike_new``), its
copy-paste cluster (``spike_dup``) and whether that cluster ever had enough accounts within an
hour of it to count as a campaign (``spike_hot``). A rebuild reads the cells of its horizon and the
hot comments, never a comment's text; rule titles and comment ids are looked up per spike.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from cm_tui.clock import parse_iso
from cm_tui.spikes import DEFAULT_PARAMS, Observation, SpikeDetector, SpikeParams
from cm_tui.spikes.detector import PostCell
from cm_tui.spikes.dupes import DupIndex, normalise
from cm_tui.spikes.params import BUCKET_SECONDS
from cm_tui.spikes.recompute import rebuild
from cm_tui.spikes.fast import LeanCells
from cm_tui.spikes.scope import Cell
from cm_tui.store.db import Store
from cm_tui.store.posts import post_label

THREAT_RULES = ("R01", "R02")

_COLS = (
    "c.id, c.created_at, c.platform, c.post_id, coalesce(c.channel, c.platform), c.owner, c.author_key, "
    "c.text, c.rule_ids, c.severity, p.text, p.created_at"
)
# The city's own replies (state 'own', see store.ingest) are no public reaction: never counted.
_PUBLIC = "state != 'own'"
_FROM = (f"FROM (SELECT * FROM comments WHERE {_PUBLIC}) c "
         "LEFT JOIN posts p ON p.platform = c.platform AND p.native_id = c.post_id")
_IS_NEW = (
    "(c.author_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM comments c2 INDEXED BY comments_spike_authors "
    "WHERE c2.platform = c.platform AND c2.author_key = c.author_key AND c2.channel IS c.channel "
    "AND c2.state != 'own' AND c2.created_at <= c.created_at AND (c2.created_at < c.created_at OR c2.id < c.id)))"
)
def short_title(title: str) -> str:
    """"Beleidigung / Schmähung" → "Beleidigung", "Beleidigung (Modell)" → "Beleidigung"."""
    t = title.split(" / ", 1)[0]
    if t.endswith(")") and " (" in t:
        t = t[: t.rindex(" (")]
    return t.strip() or title


def default_rule_titles() -> dict[str, str]:
    """Rule id → short German title of the shipped netiquette rule set."""
    from netiquette.rules import rule_titles  # not the whole engine: a refresh needs only titles

    return {rid: short_title(title) for rid, title in rule_titles().items()}


class _Rows:
    """Turns comment rows into Observations (labels and titles cached)."""

    def __init__(self, titles: dict[str, str]):
        self.titles = titles
        self.labels: dict[tuple[str, str | None], str] = {}

    def obs(self, row: tuple) -> Observation:
        cid, created, platform, post_id, channel, owner, author, text, rule_ids, severity, ptext, pcreated = row[:12]
        rules = rule_ids.split() if rule_ids else ()
        lk = (platform, post_id)
        label = self.labels.get(lk)
        if label is None:
            label = self.labels[lk] = post_label(ptext, channel, pcreated, post_id) if post_id else channel
        titles = self.titles
        return Observation(
            ts=parse_iso(created),
            comment=cid,
            post_key=f"{platform}:{post_id}" if post_id else f"{platform}:?",
            post_label=label,
            channel=channel,
            owner=owner,
            author=author,
            text=text,
            rule_titles=tuple(dict.fromkeys(titles.get(r, r) for r in rules)),
            max_severity=max(int(severity), 0) if rules else 0,
            threat=any(r in THREAT_RULES for r in rules),
        )


def observations(store: Store, rule_titles: dict[str, str] | None = None) -> Iterator[Observation]:
    """Every dated comment as an Observation, in time order (the per-comment path)."""
    rows = _Rows(default_rule_titles() if rule_titles is None else rule_titles)
    with store.lock:
        fetched = store.conn.execute(
            f"SELECT {_COLS} {_FROM} WHERE c.created_at IS NOT NULL ORDER BY c.created_at, c.id"
        ).fetchall()
    for r in fetched:
        yield rows.obs(r)


def _ts(bucket: int) -> str:
    return datetime.fromtimestamp(bucket * BUCKET_SECONDS, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _bucket(created: str) -> int:
    return int(parse_iso(created).timestamp()) // BUCKET_SECONDS


def _post_key(platform: str, post_id: str | None) -> str:
    return f"{platform}:{post_id}" if post_id and post_id != "?" else f"{platform}:?"


def derive(store: Store, params: SpikeParams = DEFAULT_PARAMS, batch: int = 20_000) -> int:
    """Give every comment not seen by a refresh yet its first-time flag, copy-paste cluster and hot
    mark, in time order; returns how many. Clusters look back one day, so the day before the first
    new comment is taken from what is stored."""
    conn = store.conn
    with store.lock:
        first = conn.execute(
            f"SELECT min(created_at) FROM comments INDEXED BY comments_spike_underived WHERE spike_new IS NULL "
            f"AND {_PUBLIC} AND created_at IS NOT NULL").fetchone()[0]
    if first is None:
        return 0
    dups = DupIndex(params)
    lo = (parse_iso(first) - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    with store.lock:
        before = conn.execute(
            "SELECT id, created_at, author_key, text, spike_dup FROM comments INDEXED BY comments_created "
            f"WHERE created_at >= ? AND created_at < ? AND spike_dup IS NOT NULL AND {_PUBLIC} "
            "ORDER BY created_at, id", (lo, first)).fetchall()
    for cid, created, author, text, cluster in before:
        try:
            b = _bucket(created)
        except ValueError:
            continue
        dups.remember(cid, normalise(text), b, cluster, author)
    dups.take_hot()  # marked before already
    done = 0
    last = ("", -1)
    while True:
        with store.lock:
            rows = conn.execute(
                f"SELECT c.id, c.created_at, c.author_key, c.text, c.platform, c.channel, {_IS_NEW} "
                "FROM comments c INDEXED BY comments_spike_underived WHERE c.spike_new IS NULL "
                f"AND c.{_PUBLIC} AND c.created_at IS NOT NULL AND (c.created_at > ? OR (c.created_at = ? AND c.id > ?)) "
                f"ORDER BY c.created_at, c.id LIMIT {batch}", (last[0], last[0], last[1])).fetchall()
        if not rows:
            break
        updates: list[tuple[int, int | None, int]] = []
        later: list[tuple] = []
        for cid, created, author, text, platform, channel, new in rows:
            try:
                b = _bucket(created)
            except ValueError:  # unreadable time: counted nowhere (the cells skip it too)
                updates.append((0, None, cid))
                continue
            cluster = dups.assign(cid, text, b, author) if text else None
            updates.append((int(bool(new)), cluster, cid))
            if new:
                later.append((platform, author, channel, created, created, cid))
        hot = dups.take_hot()
        with store.lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany("UPDATE comments SET spike_new = ?, spike_dup = ? WHERE id = ?", updates)
                # a late comment that is an author's first makes their stored "first" an ordinary one
                conn.executemany(
                    "UPDATE comments SET spike_new = 0 WHERE platform = ? AND author_key = ? AND channel IS ? "
                    "AND spike_new = 1 AND (created_at > ? OR (created_at = ? AND id > ?))", later)
                conn.executemany("UPDATE comments SET spike_hot = 1 WHERE id = ? AND spike_hot = 0",
                                 [(c,) for c in hot])
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        done += len(rows)
        last = (rows[-1][1], rows[-1][0])
    return done


class StoreSource:
    """:class:`cm_tui.spikes.recompute.LeanSource` over ``spike_cells`` and the hot comments."""

    def __init__(self, store: Store, rule_titles: dict[str, str], params: SpikeParams = DEFAULT_PARAMS,
                 since: str | None = None):
        self.store = store
        self.titles = rule_titles
        self.p = params
        self.since = since or ""
        self.b0 = _bucket(since) if since else -(1 << 62)

    def lean(self) -> LeanCells:
        """``spike_cells`` of the horizon as arrays, with the hot comments as members."""
        import numpy as np

        conn = self.store.conn
        with self.store.lock:
            known = conn.execute("SELECT id, platform, post, channel, owner FROM spike_posts").fetchall()
            posts = {(platform, native): (text, created) for platform, native, text, created in conn.execute(
                "SELECT platform, native_id, text, created_at FROM posts")}
            size = max((r[0] for r in known), default=0) + 1
            # three integers a row instead of seven: fetching is most of the cost
            rows = conn.execute(
                "SELECT bucket * ? + pid, n | (min(h, 1048575) << 20) | (min(s, 1048575) << 40), "
                "min(t, 1048575) | (min(new, 1048575) << 20) FROM spike_cells WHERE bucket >= ? AND n > 0 "
                "ORDER BY bucket, pid", (size, self.b0)).fetchall()
            hot = conn.execute(
                "SELECT created_at, platform, coalesce(post_id, '?'), spike_dup, author_key, id, "
                "coalesce(channel, platform) FROM comments INDEXED BY comments_spike_hot "
                f"WHERE spike_hot = 1 AND created_at >= ? AND {_PUBLIC} AND spike_dup IS NOT NULL "
                "ORDER BY created_at, id", (self.since,)).fetchall()
        key: list[str] = [""] * size
        label: list[str] = [""] * size
        owner: list[str | None] = [None] * size
        chan: list[int] = [0] * size
        chans: dict[str, int] = {}
        chan_owner: list[str | None] = []
        pid_of: dict[tuple[str, str], int] = {}
        for pid, platform, post, channel, own in known:
            ci = chans.get(channel)
            if ci is None:
                ci = chans[channel] = len(chan_owner)
                chan_owner.append(own)
            key[pid], owner[pid], chan[pid] = _post_key(platform, post), own, ci
            text, created = posts.get((platform, post), (None, None))
            label[pid] = post_label(text, channel, created, post) if post != "?" else channel
            pid_of[(platform, post)] = pid
        packed = np.array(rows, dtype=np.int64).reshape(-1, 3)
        bucket, pidc = packed[:, 0] // size, packed[:, 0] % size
        low = (1 << 20) - 1
        n, h, s = packed[:, 1] & low, (packed[:, 1] >> 20) & low, packed[:, 1] >> 40
        t, new = packed[:, 2] & low, packed[:, 2] >> 20
        members: dict[int, list[tuple[int, str, str]]] = {}
        if hot:
            k = bucket * (1 << 32) + pidc
            for created, platform, post, cluster, author, cid, channel in hot:
                pid = pid_of.get((platform, post))
                if pid is None:
                    continue
                i = int(np.searchsorted(k, _bucket(created) * (1 << 32) + pid))
                if i < len(k) and k[i] == _bucket(created) * (1 << 32) + pid:
                    members.setdefault(i, []).append((cluster, author or f"#{cid}", channel))
        return LeanCells(bucket, pidc, n, h, s, t, new, key, label, owner, chan, list(chans), chan_owner, members)

    def _where(self, kind: str, key: str) -> tuple[str, tuple]:
        if kind == "post":
            platform, _, post_id = key.partition(":")
            if post_id == "?":
                return "c.platform = ? AND c.post_id IS NULL AND ", (platform,)
            return "c.platform = ? AND c.post_id = ? AND ", (platform, post_id)
        if kind == "channel":
            return "coalesce(c.channel, c.platform) = ? AND ", (key,)
        return "", ()

    def _rows(self, cols: str, kind: str, key: str, b0: int, b1: int, extra: str = "") -> list[tuple]:
        where, args = self._where(kind, key)
        lo, hi = max(_ts(b0), self.since), _ts(b1 + 1)
        with self.store.lock:
            return self.store.conn.execute(
                f"SELECT {cols} FROM comments c WHERE {where}c.created_at >= ? AND c.created_at < ? "
                f"AND c.{_PUBLIC}{extra}", (*args, lo, hi)).fetchall()

    def rule_counts(self, kind: str, key: str, b0: int, b1: int) -> Counter[str]:
        p = self.p
        out: Counter[str] = Counter()
        titles = self.titles
        for rule_ids, severity in self._rows("c.rule_ids, c.severity", kind, key, b0, b1, " AND c.rule_ids != ''"):
            rules = rule_ids.split()
            if int(severity) >= p.hostile_severity or any(r in THREAT_RULES for r in rules):
                out.update(list(dict.fromkeys(titles.get(r, r) for r in rules)))
        return out

    def ids(self, kind: str, key: str, b0: int, b1: int) -> tuple[int, ...]:
        return tuple(self.ids_many([(kind, key, b0, b1)])[0])

    def ids_many(self, wanted: list[tuple[str, str, int, int]]) -> list[list[int]]:
        """:meth:`ids` of many spikes in one pass over the comments of their time span."""
        out: list[list[int]] = [[] for _ in wanted]
        spans = sorted(((max(_ts(b0), self.since), _ts(b1 + 1), i) for i, (_k, _s, b0, b1) in enumerate(wanted)))
        groups: list[list[tuple[str, str, int]]] = []  # spans that overlap, read in one statement each
        for sp in spans:
            if groups and sp[0] < max(e for _s, e, _i in groups[-1]):
                groups[-1].append(sp)
            else:
                groups.append([sp])
        for group in groups:
            self._ids_of_group(wanted, group, out)
        return out

    def _ids_of_group(self, wanted: list[tuple[str, str, int, int]], spans: list[tuple[str, str, int]],
                      out: list[list[int]]) -> None:
        lo, hi = spans[0][0], max(s[1] for s in spans)
        with self.store.lock:
            rows = self.store.conn.execute(
                "SELECT c.id, c.created_at, c.platform, c.post_id, coalesce(c.channel, c.platform) FROM comments c "
                f"INDEXED BY comments_created WHERE c.created_at >= ? AND c.created_at < ? AND c.{_PUBLIC} "
                "ORDER BY c.created_at", (lo, hi)).fetchall()
        active: dict[str, list[int]] = {}  # scope key ("post:…", "channel:…", "overall") → spans open now
        ends: list[tuple[str, str, int]] = []  # (end, scope key, span)
        j = 0
        for cid, created, platform, post, channel in rows:
            while j < len(spans) and spans[j][0] <= created:
                _lo, end, i = spans[j]
                kind, key = wanted[i][0], wanted[i][1]
                sk = "overall" if kind == "overall" else f"{kind}:{key}"
                active.setdefault(sk, []).append(i)
                heapq.heappush(ends, (end, sk, i))
                j += 1
            while ends and ends[0][0] <= created:
                _e, sk, i = heapq.heappop(ends)
                active[sk].remove(i)
            if not active:
                continue
            for sk in ("overall", f"channel:{channel}", f"post:{_post_key(platform, post)}"):
                for i in active.get(sk, ()):
                    out[i].append(cid)
        return out


def detect(store: Store, *, rule_titles: dict[str, str] | None = None, per_comment: bool = False,
           params: SpikeParams = DEFAULT_PARAMS, since: str | None = None) -> SpikeDetector:
    """The detector after every stored comment (from ``since``, UTC ISO as stored): rebuilt from
    the per-bucket counts (default) or fed one by one (all comments, the slow reference)."""
    titles = default_rule_titles() if rule_titles is None else rule_titles
    if per_comment:
        det = SpikeDetector(params)
        for o in observations(store, titles):
            det.observe(o)
        return det
    derive(store, params)
    return rebuild(StoreSource(store, titles, params, since=since), params)
