"""One scope's sliding 60-minute window (a post, a channel, or everything) and its level.

The detector judges 5-minute buckets, not single comments: what a scope got in one bucket is a
:class:`Cell` (counts, and where known the rule titles, copy-paste members and comment ids), and
the window is the last 12 cells. Counters change when a cell enters or leaves the window, so
reading the signals is O(1), however long the history.
"""

from __future__ import annotations

from collections import Counter, deque

from .dupes import DupIndex
from .events import Observation, Signals
from .params import SpikeParams
from .rate import RateModel, RateReading


class Cell:
    """What one scope got in one 5-minute bucket.

    ``rules`` (titles of hostile comments' findings) and ``ids`` are ``None`` in a rebuild from
    stored counts; the detector then asks its source for them when a spike needs them.
    ``clusters`` holds (cluster, account, channel) of comments in copy-paste clusters: all of
    them when observed live, only the *hot* ones in a rebuild (the same campaigns either way).
    """

    __slots__ = ("n", "h", "s", "t", "new", "rules", "clusters", "ids")

    def __init__(self, n: int = 0, h: int = 0, s: int = 0, t: int = 0, new: int = 0,
                 rules: Counter[str] | None = None, clusters: list[tuple[int, str, str]] | None = None,
                 ids: list[int] | None = None):
        self.n, self.h, self.s, self.t, self.new = n, h, s, t, new
        self.rules = rules
        self.clusters = clusters
        self.ids = ids

    def merge(self, c: Cell) -> None:
        """Add another scope's cell of the same bucket (posts into their channel, channels into all)."""
        self.n += c.n
        self.h += c.h
        self.s += c.s
        self.t += c.t
        self.new += c.new
        if c.rules:
            if self.rules is None:
                self.rules = Counter()
            self.rules.update(c.rules)
        if c.clusters:
            if self.clusters is None:
                self.clusters = []
            self.clusters.extend(c.clusters)
        if c.ids is not None:
            if self.ids is None:
                self.ids = []
            self.ids.extend(c.ids)


def count_comment(c: Cell, o: Observation, new: bool, dups: DupIndex, b: int, p: SpikeParams) -> int | None:
    """Count one observed comment into its post's cell (full: rule titles, id, cluster member);
    returns its copy-paste cluster, if any."""
    hostile = o.threat or (bool(o.rule_titles) and o.max_severity >= p.hostile_severity)
    c.n += 1
    c.h += hostile
    c.s += o.max_severity >= p.severe_severity
    c.t += o.threat
    c.new += new
    c.ids.append(o.comment)  # type: ignore[union-attr]
    if hostile:
        c.rules.update(o.rule_titles)  # type: ignore[union-attr]
    cl = dups.assign(o.comment, o.text, b, o.author) if o.text else None
    if cl is not None:
        if c.clusters is None:
            c.clusters = []
        c.clusters.append((cl, o.author or f"#{o.comment}", o.channel))
    return cl


class ScopeState:
    """Window, counters and rate model of one scope."""

    __slots__ = (
        "kind", "key", "label", "owner", "p", "rate", "win", "n", "hostile", "severe", "threats",
        "new", "rules", "clusters", "chans", "dup_comments", "dup_authors", "spike", "last_b",
    )

    def __init__(self, kind: str, key: str, label: str, owner: str | None, p: SpikeParams):
        self.kind, self.key, self.label, self.owner, self.p = kind, key, label, owner, p
        self.rate = RateModel(p, learn=kind != "post")
        self.win: deque[tuple[int, Cell]] = deque()
        self.n = self.hostile = self.severe = self.threats = self.new = 0
        self.rules: Counter[str] = Counter()
        self.clusters: dict[int, Counter[str]] = {}  # cluster → accounts (with counts) in window
        # cluster → channels (with counts) in window; kept where campaigns spread: all channels
        self.chans: dict[int, Counter[str]] | None = {} if kind == "overall" else None
        self.dup_comments = 0  # comments in clusters with ≥ dup_min_authors accounts
        self.dup_authors = 0
        self.spike = None  # the open _Spike, if any
        self.last_b = -1  # the newest bucket with comments

    def add(self, b: int, c: Cell) -> None:
        """Put a bucket's cell into the window (the rate model is fed separately)."""
        self.win.append((b, c))
        self.last_b = b
        self.n += c.n
        self.hostile += c.h
        self.severe += c.s
        self.threats += c.t
        self.new += c.new
        if c.rules:
            self.rules.update(c.rules)
        if c.clusters:
            for cl, author, channel in c.clusters:
                self._cluster_add(cl, author)
                if self.chans is not None:
                    ch = self.chans.get(cl)
                    if ch is None:
                        ch = self.chans[cl] = Counter()
                    ch[channel] += 1

    def expire(self, now_bucket: int) -> None:
        """Drop cells that left the 60-minute window."""
        lo = now_bucket - self.p.long_buckets
        win = self.win
        while win and win[0][0] <= lo:
            c = win.popleft()[1]
            self.n -= c.n
            self.hostile -= c.h
            self.severe -= c.s
            self.threats -= c.t
            self.new -= c.new
            if c.rules:
                self.rules.subtract(c.rules)
                for r in [r for r, k in self.rules.items() if k <= 0]:
                    del self.rules[r]
            if c.clusters:
                for cl, author, channel in c.clusters:
                    self._cluster_remove(cl, author)
                    if self.chans is not None:
                        ch = self.chans[cl]
                        ch[channel] -= 1
                        if not ch[channel]:
                            del ch[channel]
                        if not ch:
                            del self.chans[cl]

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

    def campaign_channels(self, everything: ScopeState) -> int:
        """Most channels any campaign cluster of this window appeared on in the last 60 minutes
        (0 without campaigns); ``everything`` is the all-channels scope, which knows the channels."""
        if not self.dup_comments or everything.chans is None:
            return 0
        k = self.p.dup_min_authors
        chans = everything.chans
        return max((len(chans.get(c, ())) for c, a in self.clusters.items() if len(a) >= k), default=0)

    def signals(self, r: RateReading, dup_channels: int) -> Signals:
        """The numbers of the window, for levels and explanations."""
        return Signals(
            count=self.n,
            expected_per_hour=r.expected_long * 12 / self.p.long_buckets,
            ratio=r.ratio,
            hostile=self.hostile,
            rule_counts=rule_counts(self.rules),
            severe=self.severe,
            threats=self.threats,
            new_authors=self.new,
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
        nshare = s.new_authors / n if n >= p.new_author_min_count else 0.0
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


def rule_counts(rules: Counter[str]) -> tuple[tuple[str, int], ...]:
    """Most frequent first, then by title: the same order however the counts were gathered."""
    return tuple(sorted(((r, k) for r, k in rules.items() if k > 0), key=lambda rk: (-rk[1], rk[0])))
