"""Near-duplicate clustering of comment texts (copy-paste campaigns), incremental and bounded.

Texts are normalised (NFKC, lower case, letters and digits only, single spaces). A cheap prefilter
puts each text into two buckets, keyed by its first and by its last few words; a new text is
compared with rapidfuzz only against the most recent texts of its two buckets. A match joins the
match's cluster; otherwise the text starts a cluster of its own. Buckets not touched for a day are
dropped now and then, so memory and time per text stay bounded however long the history.

A comment is *hot* once its cluster has had ``dup_min_authors`` accounts within 60 minutes of it
(earlier members of that hour become hot with it). Only hot comments can ever count for a
copy-paste campaign in any scope's 60-minute window, so the store keeps the cluster and the hot
mark on each comment and a rebuild reads only the hot ones (see ``cm_tui.spikes.recompute``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import deque

from rapidfuzz import fuzz

from .params import DEFAULT_PARAMS, SpikeParams

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_KEEP_BUCKETS = 24 * 12  # buckets (5 min) a prefilter bucket survives without new texts
_PRUNE_EVERY = 4096


def normalise(text: str) -> str:
    """Lower-case letters and digits separated by single spaces (umlauts kept, ß → ss)."""
    t = unicodedata.normalize("NFKC", text).casefold()
    return _NON_WORD.sub(" ", t).strip()


class DupIndex:
    """Assigns each comment a cluster id; equal ids mean near-identical text."""

    __slots__ = ("p", "buckets", "members", "hot", "added")

    def __init__(self, params: SpikeParams = DEFAULT_PARAMS):
        self.p = params
        self.buckets: dict[str, deque[tuple[int, str, int]]] = {}
        # cluster → its members of the last 60 minutes: (bucket, account, comment)
        self.members: dict[int, deque[tuple[int, str, int]]] = {}
        self.hot: set[int] = set()  # comments marked hot (the caller takes them with take_hot)
        self.added = 0

    def take_hot(self) -> set[int]:
        """Comments that became hot since the last call."""
        out, self.hot = self.hot, set()
        return out

    def assign(self, comment: int, text: str, bucket: int, author: str | None = None) -> int | None:
        """The cluster id for this text (a comment id), or None for texts too short to matter."""
        norm = normalise(text)
        if len(norm) < self.p.dup_min_chars:
            return None
        cluster = self._match(norm, bucket)
        self.remember(comment, norm, bucket, comment if cluster is None else cluster, author)
        return comment if cluster is None else cluster

    def remember(self, comment: int, norm: str, bucket: int, cluster: int, author: str | None) -> None:
        """Take a comment whose cluster is known (assigned now, or stored by an earlier run)."""
        p = self.p
        words = norm.split(" ")
        k = p.dup_prefix_words
        for key in ("^" + " ".join(words[:k]), "$" + " ".join(words[-k:])):
            dq = self.buckets.get(key)
            if dq is None:
                dq = self.buckets[key] = deque(maxlen=p.dup_bucket_max)
            dq.append((bucket, norm, cluster))
        mem = self.members.get(cluster)
        if mem is None:
            mem = self.members[cluster] = deque()
        lo = bucket - p.long_buckets
        while mem and mem[0][0] <= lo:
            mem.popleft()
        mem.append((bucket, author or f"#{comment}", comment))
        if len(mem) >= p.dup_min_authors and len({a for _b, a, _c in mem}) >= p.dup_min_authors:
            self.hot.update(c for _b, _a, c in mem)
        self.added += 1
        if self.added % _PRUNE_EVERY == 0:
            self._prune(bucket - _KEEP_BUCKETS)

    def _match(self, norm: str, bucket: int) -> int | None:
        p = self.p
        words = norm.split(" ")
        k = p.dup_prefix_words
        keys = ("^" + " ".join(words[:k]), "$" + " ".join(words[-k:]))
        oldest = bucket - _KEEP_BUCKETS
        for key in keys:
            dq = self.buckets.get(key)
            if not dq:
                continue
            for b, other, cid in reversed(dq):
                if b < oldest:
                    break
                if other == norm or fuzz.ratio(norm, other, score_cutoff=p.dup_similarity):
                    return cid
        return None

    def _prune(self, oldest: int) -> None:
        # Amortised: runs every few thousand texts and touches each live bucket once.
        self.buckets = {k: dq for k, dq in self.buckets.items() if dq and dq[-1][0] >= oldest}
        self.members = {c: m for c, m in self.members.items() if m and m[-1][0] >= oldest}
