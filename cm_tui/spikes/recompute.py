"""Rebuild all spike state from stored counts instead of comments.

The detector judges 5-minute buckets from their totals (:mod:`cm_tui.spikes.detector`), so a
rebuild needs no comment text: a :class:`Source` yields, bucket by bucket, each post's counts
(comments, hostile, severe, threats, first-time authors) and its *hot* copy-paste members, and
the detector takes them through :meth:`SpikeDetector.feed`, the same path observed comments take.
What the counts lack is looked up only for the few spikes that need it: the rule titles behind a
peak's explanation and the comment ids of a spike (:class:`cm_tui.spikes.detector.Details`).

A store keeps those counts per post and bucket as comments are written (``spike_cells``) and the
hot mark and first-time flag on each comment, so a rebuild of a million comments reads about
half a million small rows and never a comment's text.
"""

from __future__ import annotations

import gc
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Protocol

from .detector import Details, PostCell, SpikeDetector
from .dupes import DupIndex
from .events import Observation
from .fast import LeanCells, rebuild_lean
from .params import DEFAULT_PARAMS, SpikeParams
from .rate import bucket_of
from .scope import Cell, count_comment


class Source(Details, Protocol):
    """Where the rebuild reads cells from, bucket by bucket (in memory)."""

    def cells(self) -> Iterable[tuple[int, list[PostCell]]]:
        """Per bucket, in bucket order: every post's cell of that bucket."""
        ...


class LeanSource(Details, Protocol):
    """Where the fast rebuild reads lean cells from, all at once (a store)."""

    def lean(self) -> LeanCells | None: ...


def rebuild(source: Source | LeanSource, params: SpikeParams = DEFAULT_PARAMS) -> SpikeDetector:
    """A detector in the state it would have after observing every comment of ``source`` (the
    newest bucket is still being gathered, as live). A source with lean cells (``lean()``, no
    rule titles or ids) is rebuilt by :func:`cm_tui.spikes.fast.rebuild_lean`, which judges only
    where a scope could rise."""
    lean = getattr(source, "lean", None)
    if lean is not None:
        # Millions of small tuples and ints, none of them cyclic: the cycle collector would walk
        # them again and again while they are made (a third of the rebuild's time).
        was = gc.isenabled()
        gc.disable()
        try:
            cells = lean()
            if cells is not None:
                return rebuild_lean(cells, params, source)
        finally:
            if was:
                gc.enable()
    det = SpikeDetector(params, details=source)
    det.emit = False
    feed = det.feed
    for b, cells in source.cells():  # type: ignore[union-attr]
        feed(b, cells)
    det.emit = True
    return det


class MemorySource:
    """A :class:`Source` over observations held in memory, with full cells (rule titles, ids and
    every copy-paste member), so the rebuilt detector can go on observing.

    ``lean=True`` gives what a store gives instead: counts, and only the hot copy-paste members.
    """

    def __init__(self, observations: Iterable[Observation], params: SpikeParams = DEFAULT_PARAMS,
                 lean: bool = False):
        obs = sorted(observations, key=lambda o: o.ts)
        self.obs = obs
        self.bks = [bucket_of(o.ts) for o in obs]
        self.dups = DupIndex(params)
        self.seen: dict[str, set[str]] = {}
        self.p = params
        self._cells: list[tuple[int, list[PostCell]]] = []
        self._members: dict[int, list[int]] = {}  # id(cell) → comment ids of its cluster members
        self.is_lean = lean
        cur: dict[str, PostCell] = {}
        last = None
        for o, b in zip(obs, self.bks, strict=True):
            if b != last and cur:
                self._cells.append((last, list(cur.values())))  # type: ignore[arg-type]
                cur = {}
            last = b
            pc = cur.get(o.post_key)
            if pc is None:
                pc = cur[o.post_key] = (o.post_key, o.post_label, o.channel, o.owner,
                                        Cell(rules=Counter(), ids=[]))
            self._add(pc[4], o, b)
        if cur:
            self._cells.append((last, list(cur.values())))  # type: ignore[arg-type]
        if lean:
            hot = self.dups.hot
            for _b, pcs in self._cells:
                for pc in pcs:
                    c = pc[4]
                    who = self._members.get(id(c), [])
                    c.rules = c.ids = None
                    c.clusters = [m for cid, m in zip(who, c.clusters or (), strict=True) if cid in hot] or None

    def _add(self, c: Cell, o: Observation, b: int) -> None:
        new = False
        if o.author is not None:
            s = self.seen.setdefault(o.channel, set())
            if o.author not in s:
                s.add(o.author)
                new = True
        if count_comment(c, o, new, self.dups, b, self.p) is not None:
            self._members.setdefault(id(c), []).append(o.comment)

    def cells(self) -> Iterator[tuple[int, list[PostCell]]]:
        yield from self._cells

    def lean(self) -> LeanCells | None:
        """The lean cells as arrays, for the fast rebuild (``None`` unless ``lean=True``)."""
        if not self.is_lean:
            return None
        return lean_cells((b, *pc) for b, pcs in self._cells for pc in sorted(pcs, key=lambda pc: pc[0]))

    def _range(self, kind: str, key: str, b0: int, b1: int) -> Iterator[Observation]:
        for i in range(bisect_left(self.bks, b0), bisect_right(self.bks, b1)):
            o = self.obs[i]
            if kind == "overall" or (kind == "channel" and o.channel == key) or (kind == "post" and o.post_key == key):
                yield o

    def rule_counts(self, kind: str, key: str, b0: int, b1: int) -> Counter[str]:
        p = self.p
        out: Counter[str] = Counter()
        for o in self._range(kind, key, b0, b1):
            if o.threat or (o.rule_titles and o.max_severity >= p.hostile_severity):
                out.update(o.rule_titles)
        return out

    def ids(self, kind: str, key: str, b0: int, b1: int) -> tuple[int, ...]:
        return tuple(o.comment for o in self._range(kind, key, b0, b1))


def lean_cells(rows: Iterable[tuple[int, str, str, str, str | None, Cell]]) -> LeanCells:
    """Arrays of lean cells from (bucket, post key, label, channel, owner, cell) in bucket order."""
    import numpy as np

    posts: dict[str, int] = {}
    chans: dict[str, int] = {}
    lc = LeanCells(*(np.empty(0, dtype=np.int64) for _ in range(7)), [], [], [], [], [], [], {})
    cols: list[list[int]] = [[] for _ in range(7)]
    for i, (b, post, label, channel, owner, c) in enumerate(rows):
        pi = posts.get(post)
        if pi is None:
            ci = chans.get(channel)
            if ci is None:
                ci = chans[channel] = len(lc.chan_key)
                lc.chan_key.append(channel)
                lc.chan_owner.append(owner)
            pi = posts[post] = len(lc.post_key)
            lc.post_key.append(post)
            lc.post_label.append(label)
            lc.post_owner.append(owner)
            lc.post_chan.append(ci)
        for col, v in zip(cols, (b, pi, c.n, c.h, c.s, c.t, c.new), strict=True):
            col.append(v)
        if c.clusters:
            lc.members[i] = list(c.clusters)
    (lc.bucket, lc.pid, lc.n, lc.h, lc.s, lc.t, lc.new) = (np.asarray(col, dtype=np.int64) for col in cols)
    return lc


def recompute(observations: Iterable[Observation], params: SpikeParams = DEFAULT_PARAMS) -> SpikeDetector:
    """A detector in the state it would have after observing every comment, built from cells."""
    src = MemorySource(observations, params)
    det = rebuild(src, params)
    det.seen = src.seen  # first-time authors and copy-paste clusters go on as live
    det.dups = src.dups
    return det
