"""Near-duplicate clustering of comment texts (copy-paste campaigns), incremental and bounded.

Texts are normalised (NFKC, lower case, letters and digits only, single spaces). A cheap prefilter
puts each text into two buckets, keyed by its first and by its last few words; a new text is
compared with rapidfuzz only against the most recent texts of its two buckets. A match joins the
match's cluster; otherwise the text starts a cluster of its own. Buckets not touched for a day are
dropped now and then, so memory and time per text stay bounded however long the history.
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

    __slots__ = ("p", "buckets", "cluster_channels", "added")

    def __init__(self, params: SpikeParams = DEFAULT_PARAMS):
        self.p = params
        self.buckets: dict[str, deque[tuple[int, str, int]]] = {}
        self.cluster_channels: dict[int, dict[str, int]] = {}  # cluster → channel → last bucket
        self.added = 0

    def assign(self, comment: int, text: str, bucket: int, channel: str) -> int | None:
        """The cluster id for this text (a comment id), or None for texts too short to matter."""
        p = self.p
        norm = normalise(text)
        if len(norm) < p.dup_min_chars:
            return None
        words = norm.split(" ")
        k = p.dup_prefix_words
        keys = ("^" + " ".join(words[:k]), "$" + " ".join(words[-k:]))
        oldest = bucket - _KEEP_BUCKETS
        cluster = None
        for key in keys:
            dq = self.buckets.get(key)
            if not dq:
                continue
            for b, other, cid in reversed(dq):
                if b < oldest:
                    break
                if other == norm or fuzz.ratio(norm, other, score_cutoff=p.dup_similarity):
                    cluster = cid
                    break
            if cluster is not None:
                break
        if cluster is None:
            cluster = comment
        for key in keys:
            dq = self.buckets.get(key)
            if dq is None:
                dq = self.buckets[key] = deque(maxlen=p.dup_bucket_max)
            dq.append((bucket, norm, cluster))
        chans = self.cluster_channels.get(cluster)
        if chans is None:
            chans = self.cluster_channels[cluster] = {}
        chans[channel] = bucket
        self.added += 1
        if self.added % _PRUNE_EVERY == 0:
            self._prune(oldest)
        return cluster

    def channels_of(self, cluster: int, since_bucket: int) -> int:
        """On how many channels this cluster appeared since ``since_bucket``."""
        chans = self.cluster_channels.get(cluster, {})
        return sum(1 for b in chans.values() if b >= since_bucket)

    def _prune(self, oldest: int) -> None:
        # Amortised: runs every few thousand texts and touches each live bucket once.
        self.buckets = {k: dq for k, dq in self.buckets.items() if dq and dq[-1][0] >= oldest}
        self.cluster_channels = {
            c: ch for c, ch in self.cluster_channels.items() if max(ch.values()) >= oldest
        }
