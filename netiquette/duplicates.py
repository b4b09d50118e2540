"""Near-duplicate detection over a stream of comments (copy-paste floods, coordinated posts).

Pure and incremental: feed comments in time order with :meth:`NearDuplicateIndex.add`.
A cheap prefilter (shared "anchor" words and a length bound) picks at most a few dozen
candidates; only those are compared with rapidfuzz, so thousands of comments stay fast.
"""

from __future__ import annotations

import itertools
import re
from collections import deque
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .normalize import normalize, strip_mentions_urls

_WORD = re.compile(r"[^\W_]+")
_ANCHORS = 3
_MAX_CANDIDATES = 64


@dataclass(frozen=True, slots=True)
class DuplicateHit:
    """A comment joined a cluster of near-identical texts.

    ``cluster_key`` and ``first_key`` name the first comment of the cluster (they are the
    same; both kept for readability at call sites), ``size`` counts the comments in the
    window including this one, ``distinct_authors`` the different authors among them.
    """

    cluster_key: str
    size: int
    distinct_authors: int
    first_key: str


@dataclass
class _Entry:
    key: str
    text: str
    author: str | None
    ts: float
    anchors: tuple[str, ...]
    cluster: str


@dataclass
class _Cluster:
    first_key: str
    members: dict[str, str | None] = field(default_factory=dict)


def _canonical(text: str) -> str:
    return " ".join(_WORD.findall(strip_mentions_urls(normalize(text).text)))


class NearDuplicateIndex:
    """Finds comments that repeat an earlier one (rapidfuzz ratio ≥ ``threshold``)."""

    def __init__(self, threshold: int = 90, window_seconds: float = 3600,
                 min_chars: int = 20) -> None:
        self.threshold = threshold
        self.window_seconds = window_seconds
        self.min_chars = min_chars
        self._entries: deque[_Entry] = deque()
        self._by_anchor: dict[str, deque[_Entry]] = {}
        self._clusters: dict[str, _Cluster] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, key: str, text: str, author: str | None, ts: float) -> DuplicateHit | None:
        """Add a comment; return the cluster it joined, or ``None`` if it is not a repeat.

        Texts shorter than ``min_chars`` after normalisation ("Danke!") are never duplicates.
        """
        self._expire(ts)
        canon = _canonical(text)
        if len(canon) < self.min_chars:
            return None
        words = sorted(set(canon.split()), key=lambda w: (-len(w), w))
        anchors = tuple(words[:_ANCHORS])
        match = self._best_match(canon, anchors)
        if match is None:
            cluster_key = key
            self._clusters[key] = _Cluster(key, {key: author})
        else:
            cluster_key = match.cluster
            self._clusters.setdefault(cluster_key, _Cluster(cluster_key, {}))
        cluster = self._clusters[cluster_key]
        cluster.members[key] = author
        entry = _Entry(key, canon, author, ts, anchors, cluster_key)
        self._entries.append(entry)
        for anchor in anchors:
            self._by_anchor.setdefault(anchor, deque()).append(entry)
        if match is None:
            return None
        authors = {a for a in cluster.members.values() if a is not None}
        anonymous = sum(1 for a in cluster.members.values() if a is None)
        return DuplicateHit(cluster_key, len(cluster.members), len(authors) + anonymous,
                            cluster.first_key)

    def _best_match(self, canon: str, anchors: tuple[str, ...]) -> _Entry | None:
        seen: set[str] = set()
        best: tuple[float, _Entry] | None = None
        lo, hi = len(canon) * 0.8, len(canon) * 1.25
        for anchor in anchors:
            bucket = self._by_anchor.get(anchor)
            if not bucket:
                continue
            for entry in itertools.islice(reversed(bucket), _MAX_CANDIDATES):
                if entry.key in seen or not lo <= len(entry.text) <= hi:
                    continue
                seen.add(entry.key)
                score = fuzz.ratio(canon, entry.text, score_cutoff=self.threshold)
                if score and (best is None or score > best[0]):
                    best = (score, entry)
        return best[1] if best else None

    def _expire(self, now: float) -> None:
        limit = now - self.window_seconds
        while self._entries and self._entries[0].ts < limit:
            old = self._entries.popleft()
            for anchor in old.anchors:
                bucket = self._by_anchor.get(anchor)
                if bucket and bucket[0] is old:
                    bucket.popleft()
                    if not bucket:
                        del self._by_anchor[anchor]
            cluster = self._clusters.get(old.cluster)
            if cluster is not None:
                cluster.members.pop(old.key, None)
                if not cluster.members:
                    del self._clusters[old.cluster]
