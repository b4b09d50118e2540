"""Rebuild all spike state from the full comment history, fast.

Feeding a million comments one by one through :meth:`SpikeDetector.observe` costs a minute in
pure Python, although almost all of them fall into quiet hours. The rebuild needs only counts for
those, so it reads the history through a :class:`Source` in three steps:

1. ``Source.history()``: comments per channel and half-hour *slot* (with hostile, severe and
   threat counts), and hostile comments per post and slot. A store computes these in SQL.
2. The plan: per scope (each channel, then all channels) the rate model learns its baseline
   from the hourly counts, hour by hour exactly as it does live, and each slot with comments is
   checked against necessary conditions of every level above 0. Coarse first, on slot sums: a
   60-minute window lies within three slots and a 15-minute window within two, so a slot where
   even those sums stay below the rate gate (``min_count`` and ``ratio_min`` × the usual rate, or
   the short-burst ratio and z), the hostile-share bound, the severe-hit count and "no threat"
   cannot raise the scope. Slots that pass are checked again on exact 5-minute counts
   (``Source.buckets``), window by window. Posts are covered by their channel (their count is
   smaller, their expectation the channel's), except for their hostile share, which is checked
   on the post's own counts and then makes the channel's hour evaluated. All channels are
   evaluated wherever a channel is, and every scope also in the hour after an evaluated one
   (copy-paste campaigns, which counts cannot bound, stay in the window that long). The hour
   before an evaluated stretch is loaded too (*warm*), so windows, rings and clusters are complete
   when evaluation starts; the last hour of the history is always loaded.
3. The run: comments of loaded hours come from ``Source.load`` and go through the detector, each
   scope evaluated only in its own hours (elsewhere it cannot rise: open spikes are kept at level
   0 and rate alarms dropped, as live). At the start of each of a scope's stretches its rate model
   takes over the baseline the plan learnt; spikes still open when a loaded stretch ends are
   closed as live, at their scope's first comment after the quiet period
   (``Source.scope_comments``).

The result equals feeding every comment through ``observe`` (the unit tests compare both),
with one known difference: copy-paste clusters are built from the loaded comments only, so a
campaign in an otherwise quiet hour (no rate, hostility, severity or threat signal yet) is found
only once another signal makes the hour evaluated, and a cluster that began in a quiet hour
starts again when loaded (counts of near-identical comments may then differ slightly).
Cost: the plan is O(scopes × hours of history) in Python, the run O(comments in loaded hours).
"""

from __future__ import annotations

import math
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
    post_channel: dict[str, str] = field(default_factory=dict)
    last_bucket: int = -1


class Source(Protocol):
    """Where the rebuild reads comments from (in memory, or a store)."""

    def history(self) -> History: ...

    def buckets(self, kind: str, key: str, b0: int, b1: int) -> dict[int, list[int]]:
        """One scope's buckets ``b0 <= b < b1``: bucket → [comments, hostile, severe, threats]."""
        ...

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
    """Which hours to evaluate per scope and load, and the baselines to take over when."""

    evaluate: dict[tuple[str, str], set[int]]  # ("overall"|"channel", key) → hours (posts: their channel's)
    load: list[tuple[int, int]]  # (first hour, last hour) of each stretch, in order
    baselines: dict[int, list[tuple[tuple[str, str], tuple]]]  # hour → scopes' snapshots to restore
    checked: int = 0  # candidate slots looked at bucket by bucket


def _spans(p: SpikeParams) -> tuple[int, int]:
    """How many slots a window ending in a slot can reach back into (long, short), itself included."""
    return ((p.long_buckets - 2) // SLOT_BUCKETS + 2, (p.short_buckets - 2) // SLOT_BUCKETS + 2)


def _fast_min(ms: float, ratio: float, z: float) -> float:
    """Fewest comments in the short window that pass its ratio and z thresholds (the z-score's
    dispersion term only lowers z, so it is left out: the bound stays on the safe side)."""
    return max(ratio * ms, ms + z * math.sqrt(ms + 0.25)) - _EPS


class _Checker:
    """The necessary conditions of a level above 0, on slot sums (coarse) and on exact windows."""

    def __init__(self, p: SpikeParams, source: Source | None):
        self.p, self.source = p, source
        self.span_l, self.span_s = _spans(p)
        self.ml_f, self.ms_f = p.long_buckets / 12, p.short_buckets / 12
        self.gate_l = p.ratio_min * self.ml_f
        self.fast_r = p.ratio_min * p.short_ratio_factor
        self.fast_z = p.z_on * p.short_z_factor
        self.severe_min = min(p.severe_hits_2, p.severe_hits_4)
        self.checked = 0

    def coarse(self, slots: dict[int, list[int]], k: int, mu: float, owned: bool) -> bool:
        """Could a window ending in slot ``k`` rise? (``slots`` of a channel or of everything;
        ``owned``: an Amtfluencer's profile, where one threat is a Krise)"""
        p = self
        n3 = h3 = s3 = t3 = 0
        for kk in range(k - p.span_l + 1, k + 1):
            w = slots.get(kk)
            if w is not None:
                n3 += w[0]
                h3 += w[1]
                s3 += w[2]
                t3 += w[3]
        if t3 and (owned or p.p.threat_is_crisis):
            return True  # a threat against staff: level 4 whatever the rate
        # The window holds slot k-1 and takes at most the flagged comments of slots k-2 and k, so
        # a share of hostile (or severe) comments is at most h3 / (c[k-1] + h[k-2] + h[k]).
        w1, w2, w0 = slots.get(k - 1), slots.get(k - 2), slots.get(k)
        c1 = w1[0] if w1 else 0
        if s3 >= p.severe_min and s3 >= p.p.severe_share * (c1 + (w2[2] if w2 else 0) + (w0[2] if w0 else 0)) - _EPS:
            return True  # severe findings: level 2 or 4 whatever the rate
        pp = p.p
        if n3 >= pp.min_count:
            if n3 >= p.gate_l * mu - _EPS:
                return True  # the 60-minute window could pass the rate gate (alarm on or held)
            n2 = 0
            for kk in range(k - p.span_s + 1, k + 1):
                w = slots.get(kk)
                if w is not None:
                    n2 += w[0]
            if n2 >= _fast_min(mu * p.ms_f, p.fast_r, p.fast_z):
                return True  # the 15-minute window could raise the alarm alone
        if n3 >= pp.hostile_min_count:
            n_low = c1 + (w2[1] if w2 else 0) + (w0[1] if w0 else 0)
            return h3 >= pp.hostile_share_1 * max(pp.hostile_min_count, n_low) - _EPS
        return False

    def exact(self, kind: str, key: str, k: int, mu: float | None, owned: bool = False) -> bool:
        """The same conditions on the exact windows ending at the scope's comments in slot ``k``
        (``mu`` None: the hostile share only, for posts)."""
        if self.source is None:
            return True
        self.checked += 1
        p, pp = self, self.p
        nl, ns = pp.long_buckets, pp.short_buckets
        first = k * SLOT_BUCKETS
        counts = self.source.buckets(kind, key, first - nl + 1, first + SLOT_BUCKETS)
        for b in range(first, first + SLOT_BUCKETS):
            if b not in counts:
                continue  # the scope is only evaluated at its own comments
            n = h = sv = t = xs = 0
            for bb in range(b - nl + 1, b + 1):
                w = counts.get(bb)
                if w is not None:
                    n += w[0]
                    h += w[1]
                    sv += w[2]
                    t += w[3]
                    if bb > b - ns:
                        xs += w[0]
            # Counts only grow within a bucket, so the full bucket bounds the rate and the findings;
            # the share is judged at each comment of the bucket, hostile ones counted first.
            cb, hb, sb = counts[b][0], counts[b][1], counts[b][2]
            for j in range(1, cb + 1):
                nj = n - cb + j
                if nj >= pp.hostile_min_count and h - hb + min(j, hb) >= pp.hostile_share_1 * nj - _EPS:
                    return True
            if mu is None:
                continue
            if t and (owned or pp.threat_is_crisis):
                return True
            if sv >= p.severe_min:
                for j in range(1, cb + 1):
                    sj = sv - sb + min(j, sb)
                    if sj >= p.severe_min and sj >= pp.severe_share * (n - cb + j) - _EPS:
                        return True
            if n >= pp.min_count and (
                n >= p.gate_l * mu - _EPS or xs >= _fast_min(mu * p.ms_f, p.fast_r, p.fast_z)
            ):
                return True
        return False


def plan(hist: History, params: SpikeParams = DEFAULT_PARAMS, source: Source | None = None) -> Plan:
    """Learn the baselines over the hourly counts and pick the hours that need the full detector.

    With ``source``, slots that pass the coarse check are checked again on exact 5-minute counts.
    """
    p = params
    chk = _Checker(p, source)
    hour_of = 12 // SLOT_BUCKETS  # slots per hour
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

    # hours where a post's own hostile share could reach level 1 (its rate is its channel's)
    forced: dict[str, set[int]] = {}
    h_need = p.hostile_share_1 * p.hostile_min_count - _EPS
    span_l = chk.span_l
    for post, slots in hist.post_hostile.items():
        ch = hist.post_channel.get(post)
        done: set[int] = set()
        for j in slots:
            for k in range(j, j + span_l):
                if k in done:
                    continue
                done.add(k)
                if sum(slots.get(kk, 0) for kk in range(k - span_l + 1, k + 1)) >= h_need and chk.exact(
                    "post", post, k, None
                ):
                    forced.setdefault(ch, set()).add(k // hour_of)

    last_hour = hist.last_bucket // 12
    evaluate: dict[tuple[str, str], set[int]] = {}
    baselines: dict[int, list[tuple[tuple[str, str], tuple]]] = {}
    loaded: set[int] = {last_hour}
    # Channels first: everything is evaluated wherever a channel is (copy-paste campaigns of a
    # channel count for all channels too, and they cannot be bounded by counts).
    scopes = [*((("channel", c), sl) for c, sl in hist.channels.items()), (("overall", OVERALL_KEY), overall)]
    any_channel: set[int] = set()
    for key, slots in scopes:
        model = RateModel(p)
        owned = key[0] == "channel" and hist.owners.get(key[1]) is not None
        force = forced.get(key[1], set()) if key[0] == "channel" else any_channel
        snaps: list[tuple[int, tuple]] = []  # the last two (hour, state before it)
        saved: dict[int, tuple] = {}  # hour → state before it, where a loaded stretch may start
        cands: dict[int, tuple[float, list[int]] | None] = {}  # hour → (mu, slots to check) or forced
        by_hour: dict[int, int] = {}
        for k, v in slots.items():
            by_hour[k // hour_of] = by_hour.get(k // hour_of, 0) + v[0]
        for h in sorted(by_hour):
            if len(snaps) == 2:
                snaps.pop(0)
            snaps.append((h, model.snapshot()))
            model.to_hour(h)
            if h in force:
                cands[h] = None
            else:
                mu = max(model.expected_hour(h), 1e-3)
                ks = [k for k in range(h * hour_of, (h + 1) * hour_of) if k in slots and chk.coarse(slots, k, mu, owned)]
                if ks:
                    cands[h] = (mu, ks)
            if h in cands:
                saved[h - 1] = next(sn for hh, sn in snaps if hh >= h - 1)
            model.hour_count = by_hour[h]
        later = [sn for hh, sn in snaps if hh >= last_hour]
        saved_last = later[0] if later else model.snapshot()
        # the slots that passed on counts, checked again on exact 5-minute windows
        ev = {h for h, c in cands.items() if c is None or any(chk.exact(key[0], key[1], k, c[0], owned) for k in c[1])}
        # A copy-paste campaign stays in the 60-minute window for an hour: judge that hour too.
        ev |= {h + 1 for h in ev if h < last_hour}
        starts = [(h - 1, saved[h - 1]) for h in ev if h - 1 not in ev]
        if last_hour - 1 not in ev and last_hour not in ev:
            starts.append((last_hour, saved_last))
        for h0, snap in starts:
            if snap[7] is not None:  # else no comment before: the detector starts it fresh, as live
                baselines.setdefault(h0, []).append((key, snap))
            loaded.add(h0)
        evaluate[key] = ev
        loaded |= ev
        if key[0] == "channel":
            any_channel |= ev
    stretches: list[tuple[int, int]] = []
    for h in sorted(loaded):
        if stretches and stretches[-1][1] == h - 1:
            stretches[-1] = (stretches[-1][0], h)
        else:
            stretches.append((h, h))
    return Plan(evaluate, stretches, baselines, chk.checked)


def rebuild(source: Source, params: SpikeParams = DEFAULT_PARAMS) -> SpikeDetector:
    """A detector in the state it would have after observing every comment of ``source``."""
    p = params
    det = SpikeDetector(p)
    hist = source.history()
    if not hist.channels:
        return det
    pl = plan(hist, p, source)
    never: set[int] = set()
    ev_all = pl.evaluate.get(("overall", OVERALL_KEY), never)
    ev_ch = {k: v for (kind, k), v in pl.evaluate.items() if kind == "channel"}
    # Hours in which a scope's rate and window must be kept current: its evaluated hours, the
    # hour before each (its baseline is taken over at the start of that one) and the last hour.
    last_hour = hist.last_bucket // 12

    def current(ev: set[int]) -> set[int]:
        return ev | {h - 1 for h in ev} | {last_hour}

    keep_all = current(ev_all)
    keep_ch = {k: current(v) for k, v in ev_ch.items()}
    prev_end: int | None = None
    det.emit = False
    touched: set[tuple[str, str]] = set()
    det_channels: set[str] = set()
    for h0, h1 in pl.load:
        b0, b1 = h0 * 12, (h1 + 1) * 12
        if prev_end is not None:
            _quiet_stretch(det, source, touched, prev_end, b0)
        touched = {("overall", OVERALL_KEY)}
        hour = h0 - 1
        for o, new in source.load(b0, b1):
            b = int(o.ts.timestamp()) // BUCKET_SECONDS
            h = b // 12
            while hour < h:  # baselines learnt from counts take over at the start of their hour
                hour += 1
                for (kind, k), snap in pl.baselines.get(hour, ()):
                    sc = det._scope(kind, k, OVERALL_LABEL if kind == "overall" else k, hist.owners.get(k))
                    sc.rate.restore(snap)
            ec = h in ev_ch.get(o.channel, never)
            kc = h in keep_ch.get(o.channel, never) or o.channel not in det_channels
            det._observe(o, b, new, True, evaluate=(h in ev_all, ec, ec), keep=(h in keep_all, kc, kc))
            det_channels.add(o.channel)
            touched.add(("post", o.post_key))
            touched.add(("channel", o.channel))
        prev_end = b1
    det.emit = True
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
        self.flags: list[tuple[bool, bool, bool]] = []
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
                hist.post_channel[o.post_key] = o.channel
            self.flags.append((hostile, o.max_severity >= p.severe_severity, o.threat))
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

    def buckets(self, kind: str, key: str, b0: int, b1: int) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for i in self._range(kind, key, b0, b1):
            v = out.get(self.bks[i])
            if v is None:
                v = out[self.bks[i]] = [0, 0, 0, 0]
            hostile, severe, threat = self.flags[i]
            v[0] += 1
            v[1] += hostile
            v[2] += severe
            v[3] += threat
        return out

    def scope_comments(self, kind: str, key: str, b0: int, b1: int) -> Iterator[Observation]:
        for i in self._range(kind, key, b0, b1):
            yield self.obs[i]

    def _range(self, kind: str, key: str, b0: int, b1: int) -> list[int] | range:
        if kind == "overall":
            idx: list[int] | range = range(bisect_left(self.bks, b0), bisect_left(self.bks, b1))
        else:
            lst = self.by_scope.get((kind, key), [])
            bk = self.bks
            lo = bisect_left(lst, b0, key=lambda i: bk[i])
            hi = bisect_left(lst, b1, key=lambda i: bk[i])
            idx = lst[lo:hi]
        return idx


def recompute(observations: Iterable[Observation], params: SpikeParams = DEFAULT_PARAMS) -> SpikeDetector:
    """A detector in the state it would have after observing every comment, built quickly."""
    src = MemorySource(observations, params)
    det = rebuild(src, params)
    det.seen = src.seen  # first-time authors stay right when observation continues
    return det
