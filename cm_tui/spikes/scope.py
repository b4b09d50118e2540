"""One scope's sliding 60-minute window (a post, a channel, or everything) and its level.

Counters are updated when a comment enters or leaves the window, so reading the signals is O(1);
the window holds only the last hour, however long the history.
"""

from __future__ import annotations

from collections import Counter, deque
from typing import NamedTuple

from .dupes import DupIndex
from .events import Signals
from .params import SpikeParams
from .rate import RateModel, RateReading


class Entry(NamedTuple):
    """A comment inside a scope's window."""

    bucket: int
    comment: int
    author: str | None
    new: bool
    hostile: bool
    severe: bool
    threat: bool
    rules: tuple[str, ...]
    cluster: int | None


class ScopeState:
    """Window, counters and rate model of one scope."""

    __slots__ = (
        "kind", "key", "label", "owner", "p", "rate", "win", "hostile", "severe", "threats",
        "new", "rules", "authors", "clusters", "dup_comments", "dup_authors", "spike", "_spread",
    )

    def __init__(self, kind: str, key: str, label: str, owner: str | None, p: SpikeParams):
        self.kind, self.key, self.label, self.owner, self.p = kind, key, label, owner, p
        self.rate = RateModel(p, learn=kind != "post")
        self.win: deque[Entry] = deque()
        self.hostile = self.severe = self.threats = self.new = 0
        self.rules: Counter[str] = Counter()
        self.authors: Counter[str] = Counter()
        self.clusters: dict[int, Counter[str]] = {}  # cluster → authors (with counts) in window
        self.dup_comments = 0  # comments in clusters with ≥ dup_min_authors accounts
        self.dup_authors = 0
        self.spike = None  # the open _Spike, if any
        self._spread: tuple[int, int] = (-1, 0)  # (window start bucket, campaign channels) cache

    def add(self, e: Entry) -> None:
        """Put a comment into the window (the rate model is fed separately)."""
        self.win.append(e)
        self.hostile += e.hostile
        self.severe += e.severe
        self.threats += e.threat
        self.new += e.new
        if e.hostile:
            for r in e.rules:
                self.rules[r] += 1
        if e.author is not None:
            self.authors[e.author] += 1
        if e.cluster is not None:
            self._cluster_add(e.cluster, e.author or f"#{e.comment}")

    def expire(self, now_bucket: int) -> None:
        """Drop comments that left the 60-minute window."""
        lo = now_bucket - self.p.long_buckets
        win = self.win
        while win and win[0].bucket <= lo:
            e = win.popleft()
            self.hostile -= e.hostile
            self.severe -= e.severe
            self.threats -= e.threat
            self.new -= e.new
            if e.hostile:
                for r in e.rules:
                    self.rules[r] -= 1
                    if not self.rules[r]:
                        del self.rules[r]
            if e.author is not None:
                self.authors[e.author] -= 1
                if not self.authors[e.author]:
                    del self.authors[e.author]
            if e.cluster is not None:
                self._cluster_remove(e.cluster, e.author or f"#{e.comment}")

    def _cluster_add(self, c: int, author: str) -> None:
        k = self.p.dup_min_authors
        accts = self.clusters.get(c)
        if accts is None:
            accts = self.clusters[c] = Counter()
        was = len(accts)
        accts[author] += 1
        now = len(accts)
        if now >= k:
            if was < k:  # the cluster just became a campaign: count all its comments
                self.dup_comments += sum(accts.values())
                self.dup_authors += now
            else:
                self.dup_comments += 1
                self.dup_authors += now - was

    def _cluster_remove(self, c: int, author: str) -> None:
        k = self.p.dup_min_authors
        accts = self.clusters[c]
        was = len(accts)
        accts[author] -= 1
        if not accts[author]:
            del accts[author]
        now = len(accts)
        if was >= k:
            if now >= k:
                self.dup_comments -= 1
                self.dup_authors -= was - now
            else:
                self.dup_comments -= sum(accts.values()) + 1
                self.dup_authors -= was
        if not accts:
            del self.clusters[c]

    def campaign_channels(self, dups: DupIndex, since_bucket: int) -> int:
        """Most channels any campaign cluster of this window appeared on (0 without campaigns)."""
        if not self.dup_comments:
            return 0
        # Once per 5-minute bucket, not per comment: a storm window holds thousands of clusters,
        # and walking them on every comment made a rebuild quadratic in the storm's size.
        if self._spread[0] == since_bucket:
            return self._spread[1]
        k = self.p.dup_min_authors
        spread = max(
            (dups.channels_of(c, since_bucket) for c, a in self.clusters.items() if len(a) >= k),
            default=0,
        )
        self._spread = (since_bucket, spread)
        return spread

    def signals(self, r: RateReading, dup_channels: int) -> Signals:
        """The numbers of the window, for levels and explanations."""
        return Signals(
            count=len(self.win),
            expected_per_hour=r.expected_long * 12 / self.p.long_buckets,
            ratio=r.ratio,
            hostile=self.hostile,
            rule_counts=tuple(self.rules.most_common()),
            severe=self.severe,
            threats=self.threats,
            new_authors=self.new,
            authors=len(self.authors) or len(self.win),
            dup_comments=self.dup_comments,
            dup_authors=self.dup_authors,
            dup_channels=dup_channels,
            window_minutes=self.p.window_minutes,
        )

    def level(self, r: RateReading, s: Signals, now_bucket: int) -> int:
        """The level of §8.3 from the rate reading and the window's signals."""
        p = self.p
        n = s.count
        lvl = 0
        rate_lvl = 0
        if r.alarm:
            rate_lvl = 1
            if s.ratio >= p.level2_ratio and n >= p.level2_count:
                rate_lvl = 2
                since = self.rate.alarm_since
                sustained = since is not None and now_bucket - since >= 24
                if sustained and s.ratio >= p.level3_ratio and n >= p.level3_count:
                    rate_lvl = 3
        lvl = rate_lvl
        hshare = s.hostile / n if n >= p.hostile_min_count else 0.0
        if hshare >= p.hostile_share_2:
            lvl = max(lvl, 2)
        elif hshare >= p.hostile_share_1:
            lvl = max(lvl, 1)
        severe = s.severe if s.severe >= p.severe_share * n else 0
        if severe >= p.severe_hits_2:
            lvl = max(lvl, 2)
        campaign = s.dup_comments >= p.dup_comments_2
        if campaign:
            lvl = max(lvl, 2)
        nshare = s.new_authors / s.authors if n >= p.new_author_min_count and s.authors else 0.0
        if rate_lvl and nshare >= p.new_author_share_2:
            lvl = max(lvl, 2)
        escalators = (
            (hshare >= p.hostile_share_3)
            + (s.dup_comments >= p.dup_comments_3)
            + (nshare >= p.new_author_share_3)
            + (s.dup_channels >= p.spread_channels and campaign)
        )
        if (rate_lvl >= 2 and escalators >= 1) or (rate_lvl >= 1 and escalators >= 2):
            lvl = 3
        # A threat against an Amtfluencer is a Krise on its own; in a city channel threats turn a
        # Shitstorm into a Hatestorm (§8.3 level 4), and are severe hits otherwise.
        if severe >= p.severe_hits_4 or (s.threats and (p.threat_is_crisis or self.owner or lvl >= 3)):
            lvl = 4
        return lvl
