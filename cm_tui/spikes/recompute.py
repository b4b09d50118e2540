"""Rebuild all spike state from the full comment history, fast.

Feeding a million comments one by one through :meth:`SpikeDetector.observe` costs a minute in
pure Python, although almost all of them fall into quiet hours. The rebuild needs only counts for
those, so it reads the history through a :class:`Source` in three steps:

1. ``Source.history()``: comments per channel and half-hour *slot* (with hostile, severe and
   threat counts), and hostile comments per post and slot. A store computes these in SQL.
2. The plan: per scope (all channels, each channel) the rate model learns its baseline from the
   hourly counts, hour by hour exactly as it does live, and every slot is checked against the
   necessary conditions of every level above 0: a 60-minute window lies within three slots and a
   15-minute window within two, so a slot where even those sums stay below the rate gate
   (``min_count`` and ``ratio_min`` × the usual rate, or the short-burst ratio), the hostile-share
   threshold (against the full slot before it), the severe-hit count and "no threat" cannot raise
   any scope. Posts are covered by their channel (their count is smaller, their expectation the
   channel's), except for their hostile share, which is checked on the post's own counts. Hours
   with a candidate slot are *evaluated*; the hour before each is loaded too (*warm*), so windows,
   rings and clusters are complete when evaluation starts; the last hour is always loaded.
3. The run: comments of loaded hours come from ``Source.load`` and go through the detector (warm
   hours without evaluation: no scope can rise there, open spikes are kept at level 0 as live).
   Before each stretch of loaded hours the channel and overall rate models take over the baseline
   the plan learnt, and spikes still open from the stretch before are closed exactly as live, at
   their scope's first comment after the quiet period (``Source.scope_comments``).

The result equals feeding every comment through ``observe`` (the unit tests compare both),
with one known difference: copy-paste clusters are built from the loaded comments only, so a
campaign in an otherwise quiet hour (no rate, hostility, severity or threat signal) is not found,
and a cluster that began in a quiet hour starts again when loaded.
Cost: the plan is O(scopes × hours of history) in Python, the run O(comments in loaded hours).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from .detector import OVERALL_KEY, OVERALL_LABEL, SpikeDetector
from .events import Observation
from .params import BUCKET_SECONDS, DEFAULT_PARAMS, SpikeParams
from .rate import RateModel

SLOT_BUCKETS = 6  # half-hour slots: fine enough to bound windows, coarse enough to read fast
_EPS = 1e-9


@dataclass
class History:
    """Counts of a comment history, as the plan needs them."""

    channels: dict[str, dict[int, list[int]]] = field(default_factory=dict)
    """channel → slot → [comments, hostile, severe, threats]"""
    owners: dict[str, str | None] = field(default_factory=dict)
    post_hostile: dict[str, dict[int, int]] = field(default_factory=dict)
    """post key → slot → hostile comments (posts without hostile comments may be left out)"""
    last_bucket: int = -1


class Source(Protocol):
    """Where the rebuild reads comments from (in memory, or a store)."""

    def history(self) -> History: ...

    def load(self, b0: int, b1: int) -> Iterable[tuple[Observation, bool]]:
        """Comments of buckets ``b0 <= b < b1`` in (time, id) order, each with its first-time flag
        (the author's first comment on that channel in the whole history)."""
        ...

    def scope_comments(self, kind: str, key: str, b0: int, b1: int) -> Iterable[Observation]:
        """Comments of one scope (``overall`` = all) in buckets ``b0 <= b < b1``, in order; read
        lazily, the caller usually stops after the first."""
        ...


@dataclass
class Plan:
    """Which hours to evaluate and load, and the baselines at the start of each loaded stretch."""

    evaluate: set[int]
    load: list[tuple[int, int]]  # (first hour, last hour) of each stretch, in order
    baselines: dict[int, dict[tuple[str, str], tuple]]  # stretch start hour → scope → snapshot


def _spans(p: SpikeParams) -> tuple[int, int]:
    """How many slots a window ending in a slot can reach back into (long, short), itself included."""
    return ((p.long_buckets - 2) // SLOT_BUCKETS + 2, (p.short_buckets - 2) // SLOT_BUCKETS + 2)


def plan(hist: History, params: SpikeParams = DEFAULT_PARAMS) -> Plan:
    """Learn the baselines over the hourly counts and pick the hours that need the full detector."""
    p = params
    span_l, span_s = _spans(p)
    overall: dict[int, list[int]] = {}
    for slots in hist.channels.values():
        for k, v in slots.items():
            o = overall.get(k)
            if o is None:
                overall[k] = list(v)
            else:
                o[0] += v[0]
                o[1] += v[1]
                o[2] += v[2]
                o[3] += v[3]
    keys: list[tuple[str, str]] = [("overall", OVERALL_KEY)] + [("channel", c) for c in hist.channels]
    all_slots = [overall, *hist.channels.values()]
    models = [RateModel(p) for _ in keys]
    by_hour: dict[int, list[int]] = {}
    for i, slots in enumerate(all_slots):
        for k in slots:
            lst = by_hour.setdefault(k * SLOT_BUCKETS // 12, [])
            if not lst or lst[-1] != i:
                lst.append(i)

    # hours where a post's own hostile share could reach level 1
    forced: set[int] = set()
    h_need = p.hostile_share_1 * p.hostile_min_count - _EPS
    for slots in hist.post_hostile.values():
        for j in slots:
            for k in range(j, j + span_l):
                if sum(slots.get(kk, 0) for kk in range(k - span_l + 1, k + 1)) >= h_need:
                    forced.add(k * SLOT_BUCKETS // 12)

    ml_f, ms_f = p.long_buckets / 12, p.short_buckets / 12
    gate_l, gate_s = p.ratio_min * ml_f, p.ratio_min * p.short_ratio_factor * ms_f
    min_count, hmin, share1 = p.min_count, p.hostile_min_count, p.hostile_share_1
    severe_min = min(p.severe_hits_2, p.severe_hits_4)
    evaluate: set[int] = set()
    loaded: set[int] = set()
    baselines: dict[int, dict[tuple[str, str], tuple]] = {}
    last_snaps: list[list[tuple[int, tuple]]] = [[] for _ in keys]  # the last two (hour, state before it)

    def start_stretch(h0: int) -> None:
        snaps: dict[tuple[str, str], tuple] = {}
        for i, m in enumerate(models):
            if m.cur_hour is None:
                continue  # no comment before: the detector starts this scope fresh, as live
            later = [s for hh, s in last_snaps[i] if hh >= h0]
            snap = later[0] if later else m.snapshot()
            if snap[7] is not None:
                snaps[keys[i]] = snap
        baselines[h0] = snaps
        loaded.add(h0)

    for h in sorted(by_hour):
        cand = h in forced
        for i in by_hour[h]:
            m = models[i]
            slots = all_slots[i]
            ls = last_snaps[i]
            if len(ls) == 2:
                ls.pop(0)
            ls.append((h, m.snapshot()))
            m.to_hour(h)
            mu = max(m.expected_hour(h), 1e-3)
            count = 0
            for k in (2 * h, 2 * h + 1):
                v = slots.get(k)
                if v is None:
                    continue
                count += v[0]
                if cand:
                    continue
                n3 = h3 = s3 = t3 = 0
                for kk in range(k - span_l + 1, k + 1):
                    w = slots.get(kk)
                    if w is not None:
                        n3 += w[0]
                        h3 += w[1]
                        s3 += w[2]
                        t3 += w[3]
                if t3 or s3 >= severe_min:
                    cand = True  # a threat or severe findings: level 2 or 4 whatever the rate
                elif n3 >= min_count and n3 >= gate_l * mu - _EPS:
                    cand = True  # the 60-minute window could pass the rate gate
                elif n3 >= min_count and sum(
                    slots[kk][0] for kk in range(k - span_s + 1, k + 1) if kk in slots
                ) >= gate_s * mu - _EPS:
                    cand = True  # the 15-minute window could pass the short-burst gate
                elif n3 >= hmin and h3 >= share1 * max(hmin, slots.get(k - 1, (0,))[0]) - _EPS:
                    cand = True  # the hostile share could reach level 1 (the window holds slot k-1)
            m.hour_count = count
        if cand:
            evaluate.add(h)
            if h - 1 not in loaded:
                start_stretch(h - 1)
            loaded.add(h)
    last_hour = hist.last_bucket // 12
    if last_hour not in loaded:
        start_stretch(last_hour)
    stretches: list[tuple[int, int]] = []
    for h in sorted(loaded):
        if stretches and stretches[-1][1] == h - 1:
            stretches[-1] = (stretches[-1][0], h)
        else:
            stretches.append((h, h))
    return Plan(evaluate, stretches, baselines)


def rebuild(source: Source, params: SpikeParams = DEFAULT_PARAMS) -> SpikeDetector:
    """A detector in the state it would have after observing every comment of ``source``."""
    p = params
    det = SpikeDetector(p)
    hist = source.history()
    if not hist.channels:
        return det
    pl = plan(hist, p)
    ev = pl.evaluate
    prev_end: int | None = None
    touched: set[tuple[str, str]] = set()
    for h0, h1 in pl.load:
        b0, b1 = h0 * 12, (h1 + 1) * 12
        if prev_end is not None:
            _quiet_stretch(det, source, touched, prev_end, b0)
        touched = {("overall", OVERALL_KEY)}
        for key, snap in pl.baselines.get(h0, {}).items():
            kind, k = key
            sc = det._scope(kind, k, OVERALL_LABEL if kind == "overall" else k, hist.owners.get(k))
            sc.rate.restore(snap)
        for o, new in source.load(b0, b1):
            b = int(o.ts.timestamp()) // BUCKET_SECONDS
            det._observe(o, b, new, True, evaluate=b // 12 in ev)
            touched.add(("post", o.post_key))
            touched.add(("channel", o.channel))
        prev_end = b1
    return det


def _quiet_stretch(det: SpikeDetector, source: Source, touched: set[tuple[str, str]], b0: int, b1: int) -> None:
    """Hours nobody can rise in: what live observation would still change happens here."""
    for key in set(det._active) | touched:
        sc = det.scopes[key]
        if sc.spike is None and not sc.rate.alarm:
            continue
        seen = False
        for o in source.scope_comments(sc.kind, sc.key, b0, b1):
            seen = True
            if sc.spike is None:
                break
            b = int(o.ts.timestamp()) // BUCKET_SECONDS
            det._apply(sc, sc.spike, o.ts, 0, det.entry(o, b, False), None)
            if sc.spike is None:
                break
        if seen:
            sc.rate.alarm = False  # a read at that comment would have switched it off


class MemorySource:
    """A :class:`Source` over observations held in memory."""

    def __init__(self, observations: Iterable[Observation], params: SpikeParams = DEFAULT_PARAMS):
        obs = list(observations)
        if any(obs[i].ts > obs[i + 1].ts for i in range(len(obs) - 1)):
            obs.sort(key=lambda o: o.ts)
        self.obs = obs
        self.bks = bks = [int(o.ts.timestamp()) // BUCKET_SECONDS for o in obs]
        self.new = new = bytearray(len(obs))
        self.seen: dict[str, set[str]] = {}
        self.by_scope: dict[tuple[str, str], list[int]] = {}
        self.hist = hist = History(last_bucket=bks[-1] if bks else -1)
        p = params
        for i, o in enumerate(obs):
            b = bks[i]
            k = b // SLOT_BUCKETS
            ch = hist.channels.get(o.channel)
            if ch is None:
                ch = hist.channels[o.channel] = {}
                hist.owners[o.channel] = o.owner
                self.seen[o.channel] = set()
            v = ch.get(k)
            if v is None:
                v = ch[k] = [0, 0, 0, 0]
            hostile = o.threat or (bool(o.rule_titles) and o.max_severity >= p.hostile_severity)
            v[0] += 1
            v[1] += hostile
            v[2] += o.max_severity >= p.severe_severity
            v[3] += o.threat
            if hostile:
                ph = hist.post_hostile.setdefault(o.post_key, {})
                ph[k] = ph.get(k, 0) + 1
            if o.author is not None:
                s = self.seen[o.channel]
                if o.author not in s:
                    s.add(o.author)
                    new[i] = 1
            self.by_scope.setdefault(("post", o.post_key), []).append(i)
            self.by_scope.setdefault(("channel", o.channel), []).append(i)

    def history(self) -> History:
        return self.hist

    def load(self, b0: int, b1: int) -> Iterator[tuple[Observation, bool]]:
        for i in range(bisect_left(self.bks, b0), bisect_left(self.bks, b1)):
            yield self.obs[i], bool(self.new[i])

    def scope_comments(self, kind: str, key: str, b0: int, b1: int) -> Iterator[Observation]:
        if kind == "overall":
            idx: list[int] | range = range(bisect_left(self.bks, b0), bisect_left(self.bks, b1))
        else:
            lst = self.by_scope.get((kind, key), [])
            bk = self.bks
            lo = bisect_left(lst, b0, key=lambda i: bk[i])
            hi = bisect_left(lst, b1, key=lambda i: bk[i])
            idx = lst[lo:hi]
        for i in idx:
            yield self.obs[i]


def recompute(observations: Iterable[Observation], params: SpikeParams = DEFAULT_PARAMS) -> SpikeDetector:
    """A detector in the state it would have after observing every comment, built quickly."""
    src = MemorySource(observations, params)
    det = rebuild(src, params)
    det.seen = src.seen  # first-time authors stay right when observation continues
    return det
