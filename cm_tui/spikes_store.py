"""Reads stored comments for the spike detector: as Observations, and as the counts and
bucket ranges the rebuild asks for.

The detector is pure and in memory. Rebuilding its state from the comments
(:func:`cm_tui.spikes.recompute.rebuild`) goes through :class:`StoreSource`: SQL counts the
comments per channel and half-hour, the rate models run on those counts, and only the hours where
some scope could rise are read comment by comment (see that module). Keeping the ``spikes`` table
current after an import is :mod:`cm_tui.spikes_refresh`.

Three indexes make this fast on large databases; they are created here (``IF NOT EXISTS``) rather
than in a migration, so the detector owns the queries that need them:

* ``comments_spike_slots2``: half-hour slot (an expression on ``created_at``), channel, platform,
  post, severity, rule ids, created_at, state. It *covers* the counting queries, which otherwise read
  every comment row with its raw export JSON (≈2 s per million comments instead of ≈0.3 s), and
  the 5-minute counts of a few hours that the plan asks for;
* ``comments_spike_authors``: platform, author, channel, created_at, so "first comment of this
  author on this channel" is one index probe per loaded comment;
* ``comments_spike_member``: a partial index on ``spike``, so the refresh reads the current
  membership without a table scan and only rewrites the comments whose spike changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from cm_tui.clock import BERLIN, parse_iso
from cm_tui.spikes import DEFAULT_PARAMS, Observation, SpikeDetector, SpikeParams
from cm_tui.spikes.params import BUCKET_SECONDS
from cm_tui.spikes.recompute import SLOT_BUCKETS, History, rebuild

assert SLOT_BUCKETS * BUCKET_SECONDS == 1800, "the SQL below counts half hours"
from cm_tui.store.db import Store

THREAT_RULES = ("R01", "R02")

# Half-hour slot of a canonical created_at 'YYYY-MM-DDTHH:MM:SSZ': 'YYYY-MM-DDTHH:' + 0 or 1.
_SLOT = "(substr(created_at, 1, 14) || (substr(created_at, 15, 1) >= '3'))"
_THREAT = " OR ".join(f"instr(' ' || rule_ids || ' ', ' {r} ')" for r in THREAT_RULES)
_HOSTILE = f"(rule_ids != '' AND (severity >= {{h}} OR {_THREAT}))"
_INDEXES = (
    "DROP INDEX IF EXISTS comments_spike_slots",  # before the city's own replies were left out
    f"CREATE INDEX IF NOT EXISTS comments_spike_slots2 ON comments "
    f"({_SLOT}, channel, platform, post_id, severity, rule_ids, created_at, state)",
    "CREATE INDEX IF NOT EXISTS comments_spike_authors ON comments (platform, author_key, channel, created_at)",
    "CREATE INDEX IF NOT EXISTS comments_spike_member ON comments (spike) WHERE spike IS NOT NULL",
)
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
    "AND c2.created_at <= c.created_at AND (c2.created_at < c.created_at OR c2.id < c.id)))"
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


def post_label(post_text: str | None, channel: str, post_created: str | None) -> str:
    """The post's first line (at most 60 characters), else the channel and "Beitrag" (with date)."""
    first = (post_text or "").strip().split("\n", 1)[0].strip()
    if first:
        return first[:60]
    if post_created:
        return f"{channel}: Beitrag vom {parse_iso(post_created).astimezone(BERLIN):%d.%m.%Y}"
    return f"{channel}: Beitrag"


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
            label = self.labels[lk] = post_label(ptext, channel, pcreated) if post_id else channel
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


def _slot_key(ts: str) -> str:
    """The value of the _SLOT expression for a canonical timestamp."""
    return ts[:14] + ("1" if ts[14] >= "3" else "0")


class StoreSource:
    """:class:`cm_tui.spikes.recompute.Source` over the comments table."""

    def __init__(self, store: Store, rule_titles: dict[str, str], params: SpikeParams = DEFAULT_PARAMS,
                 since: str | None = None, until: str | None = None):
        self.store = store
        self.rows = _Rows(rule_titles)
        self.p = params
        # Only comments from ``since`` on (UTC ISO) make up the history; everything later reads
        # bucket ranges of that history, so the whole rebuild stays within the horizon.
        self.since_slot = _slot_key(since) if since else ""
        # ... and up to ``until`` (inclusive): every query's upper bound is below this string
        self.until_hi = until + "\x00" if until else "\x7f"
        with store.lock:
            for sql in _INDEXES:
                store.conn.execute(sql)

    def _flags(self) -> tuple[str, str, str]:
        p = self.p
        return (
            _HOSTILE.format(h=p.hostile_severity),
            f"(rule_ids != '' AND severity >= {p.severe_severity})",
            f"(rule_ids != '' AND ({_THREAT}))",
        )

    def history(self) -> History:
        hostile, severe, threat = self._flags()
        epoch = "(CAST(strftime('%s', substr(k, 1, 13) || ':00:00') AS INTEGER) / 1800 + substr(k, 15, 1))"
        # Comments per channel and slot: one row per channel, "slot:n" joined by ";" (the slot as
        # 'YYYY-MM-DDTHH:0' or ':1'; the hours are converted below, once each).
        counts_sql = (
            f"SELECT channel, platform, group_concat(k || ':' || n, ';'), min(k) FROM (SELECT {_SLOT} AS k, "
            f"channel, platform, count(*) AS n FROM comments INDEXED BY comments_spike_slots2 "
            f"WHERE {_SLOT} IS NOT NULL AND {_SLOT} >= ? AND created_at < ? AND {_PUBLIC} GROUP BY k, channel, platform) "
            "GROUP BY channel, platform"
        )
        # Findings per post and slot (few rows: only comments with a finding that may count).
        flagged_sql = (
            f"SELECT coalesce(channel, platform), platform, post_id, {epoch}, h, s, t FROM (SELECT {_SLOT} AS k, "
            f"channel, platform, post_id, sum({hostile}) AS h, sum({severe}) AS s, sum({threat}) AS t "
            f"FROM comments INDEXED BY comments_spike_slots2 WHERE {_SLOT} IS NOT NULL AND {_SLOT} >= ? AND created_at < ? "
            f"AND rule_ids != '' AND {_PUBLIC} "
            f"AND (severity >= {min(self.p.hostile_severity, self.p.severe_severity)} OR instr(rule_ids, 'R0')) "
            f"GROUP BY k, channel, platform, post_id) WHERE h OR s OR t"
        )
        with self.store.lock:
            conn = self.store.conn
            rows = conn.execute(counts_sql, (self.since_slot, self.until_hi)).fetchall()
            flagged = conn.execute(flagged_sql, (self.since_slot, self.until_hi)).fetchall()
            last = conn.execute("SELECT max(created_at) FROM comments WHERE created_at < ?",
                                (self.until_hi,)).fetchone()[0]
            owners = {}
            for channel, platform, _, first in rows:  # as live: the owner given with the first comment
                r = conn.execute(
                    f"SELECT owner FROM comments INDEXED BY comments_spike_slots2 WHERE {_SLOT} = ? "
                    f"AND channel IS ? AND platform = ? AND {_PUBLIC} ORDER BY created_at, id LIMIT 1",
                    (first, channel, platform),
                ).fetchone()
                owners.setdefault(channel or platform, r[0] if r else None)
        hist = History(owners=owners)  # the SQL slots are half hours, as SLOT_BUCKETS says
        hours: dict[str, int] = {}
        for channel, platform, packed, _ in rows:
            name = channel or platform
            slots = hist.channels.get(name)
            if slots is None:
                slots = hist.channels[name] = {}
            for item in packed.split(";"):
                hour, half, n = item.split(":")
                h2 = hours.get(hour)
                if h2 is None:
                    h2 = hours[hour] = int(datetime.fromisoformat(hour + ":00+00:00").timestamp()) // 1800
                k = h2 + (half == "1")
                v = slots.get(k)
                if v is None:
                    slots[k] = [int(n), 0, 0, 0]
                else:  # channel NULL and a channel named like the platform: one scope
                    v[0] += int(n)
        for channel, platform, post_id, k, h, sv, t in flagged:
            v = hist.channels[channel][k]
            v[1] += h
            v[2] += sv
            v[3] += t
            if h:
                key = f"{platform}:{post_id}" if post_id else f"{platform}:?"
                ph = hist.post_hostile.setdefault(key, {})
                ph[k] = ph.get(k, 0) + h
                hist.post_channel[key] = channel
        if last:
            hist.last_bucket = int(parse_iso(last).timestamp()) // BUCKET_SECONDS
        return hist

    def buckets(self, kind: str, key: str, b0: int, b1: int) -> dict[int, list[int]]:
        hostile, severe, threat = self._flags()
        if kind == "post":
            platform, _, post_id = key.partition(":")
            where, args = "platform = ? AND post_id IS ? AND ", (platform, None if post_id == "?" else post_id)
        elif kind == "channel":
            where, args = "coalesce(channel, platform) = ? AND ", (key,)
        else:
            where, args = "", ()
        lo, hi = _ts(b0), min(_ts(b1), self.until_hi)
        with self.store.lock:
            rows = self.store.conn.execute(
                f"SELECT CAST(strftime('%s', created_at) AS INTEGER) / {BUCKET_SECONDS} AS b, count(*), "
                f"sum({hostile}), sum({severe}), sum({threat}) FROM comments INDEXED BY comments_spike_slots2 "
                f"WHERE {_SLOT} >= ? AND {_SLOT} <= ? AND {where}created_at >= ? AND created_at < ? AND {_PUBLIC} GROUP BY b",
                (_slot_key(lo), _slot_key(hi), *args, lo, hi),
            ).fetchall()
        return {r[0]: list(r[1:]) for r in rows}

    def load(self, b0: int, b1: int) -> Iterator[tuple[Observation, bool]]:
        with self.store.lock:
            rows = self.store.conn.execute(
                f"SELECT {_COLS}, {_IS_NEW} {_FROM} WHERE c.created_at >= ? AND c.created_at < ? "
                "ORDER BY c.created_at, c.id",
                (_ts(b0), min(_ts(b1), self.until_hi)),
            ).fetchall()
        obs = self.rows.obs
        for r in rows:
            yield obs(r), bool(r[12])

    def scope_comments(self, kind: str, key: str, b0: int, b1: int) -> Iterator[Observation]:
        lo, hi = _ts(b0), min(_ts(b1), self.until_hi)
        if kind == "post":
            platform, _, post_id = key.partition(":")
            where = "c.platform = ? AND c.post_id IS ? AND "
            args: tuple = (platform, None if post_id == "?" else post_id)
        elif kind == "channel":
            where, args = "coalesce(c.channel, c.platform) = ? AND ", (key,)
        else:
            where, args = "", ()
        step = 200
        while True:  # lazily, in pages: callers stop at the first comment that closes a spike
            with self.store.lock:
                rows = self.store.conn.execute(
                    f"SELECT {_COLS} {_FROM} WHERE {where}c.created_at >= ? AND c.created_at < ? "
                    f"ORDER BY c.created_at, c.id LIMIT {step}",
                    (*args, lo, hi),
                ).fetchall()
            for r in rows:
                yield self.rows.obs(r)
            if len(rows) < step:
                return
            # continue after the last row's timestamp; rows sharing it were all in this page or
            # come again (skip those already yielded)
            last_ts, last_id = rows[-1][1], rows[-1][0]
            with self.store.lock:
                rest = self.store.conn.execute(
                    f"SELECT {_COLS} {_FROM} WHERE {where}c.created_at = ? AND c.id > ? ORDER BY c.id",
                    (*args, last_ts, last_id),
                ).fetchall()
            for r in rest:
                yield self.rows.obs(r)
            lo = last_ts[:-1] + "\x7f"  # strictly after last_ts
            step *= 4


def detect(store: Store, *, rule_titles: dict[str, str] | None = None, per_comment: bool = False,
           params: SpikeParams = DEFAULT_PARAMS, since: str | None = None,
           until: str | None = None) -> SpikeDetector:
    """The detector after every stored comment (from ``since``, up to ``until``, both UTC ISO as
    stored): rebuilt from counts (default) or fed one by one (all comments)."""
    titles = default_rule_titles() if rule_titles is None else rule_titles
    if per_comment:
        det = SpikeDetector(params)
        for o in observations(store, titles):
            det.observe(o)
        return det
    return rebuild(StoreSource(store, titles, params, since=since, until=until), params)
