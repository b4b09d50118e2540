"""The rebuild from stored counts, without judging every scope in every bucket.

Feeding a million comments' worth of cells through :meth:`SpikeDetector.feed` judges about a
million scope-buckets in Python (seconds). Almost all of them cannot rise: a level above 0 or a
rate alarm needs, in the 60-minute window ending there, a threat (on an Amtfluencer's profile), a
large enough share of severe or hostile findings, enough hot copy-paste members, or a count that
passes the rate gate (``min_count`` and ``ratio_min`` × the usual rate, or the short-burst ratio).
Those are necessary conditions, so they are checked for every scope and bucket at once with
NumPy; the usual rates come from stepping each channel's (and all channels') rate model through
its hourly counts, exactly as live.

Only the *candidates* are judged by the real detector. A scope is taken into the detector at its
candidate bucket: its window is filled from the cells of the hour before (and a channel's rate
model restored to the baseline it had then), it is judged bucket by bucket while it has a spike
or a rate alarm, and it is dropped again when it has neither. Outside those stretches a live
detector would judge the scope to level 0 without changing it, so the events are the same as
feeding every cell (the unit tests compare both). The newest bucket is left to be gathered, as
:func:`cm_tui.spikes.recompute.rebuild` leaves it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from .detector import OVERALL_KEY, OVERALL_LABEL, Details, SpikeDetector
from .params import SpikeParams
from .rate import RateModel
from .scope import Cell, ScopeState

_EPS = 1e-9
_SHIFT = np.int64(1 << 32)


@dataclass
class LeanCells:
    """Per-post cells in bucket order, as arrays: ``pid`` indexes the post lists, ``post_chan``
    the channel lists; ``members`` maps a row to its hot copy-paste members (cluster, account,
    channel)."""

    bucket: np.ndarray
    pid: np.ndarray
    n: np.ndarray
    h: np.ndarray
    s: np.ndarray
    t: np.ndarray
    new: np.ndarray
    post_key: list[str]
    post_label: list[str]
    post_owner: list[str | None]
    post_chan: list[int]
    chan_key: list[str]
    chan_owner: list[str | None]
    members: dict[int, list[tuple[int, str, str]]] = field(default_factory=dict)


def _windows(key: np.ndarray, vals: list[np.ndarray], span: int) -> list[np.ndarray]:
    """Sums over the ``span`` buckets ending at each row, within the row's scope (``key`` =
    scope << 32 | bucket, sorted, one row per scope and bucket)."""
    lo = np.searchsorted(key, key - (span - 1), side="left")
    idx = np.arange(1, len(key) + 1)
    out = []
    for v in vals:
        cs = np.concatenate(([0], np.cumsum(v, dtype=np.int64)))
        out.append(cs[idx] - cs[lo])
    return out


def _candidates(p: SpikeParams, w: list[np.ndarray], xs: np.ndarray, mu: np.ndarray, warm: np.ndarray,
                owned: np.ndarray) -> np.ndarray:
    """Rows where a level above 0 or a rate alarm is possible (necessary conditions only)."""
    n, h, s, t, hot = w
    mu = np.maximum(mu, 1e-3)
    ml = mu * p.long_buckets / 12
    ms = mu * p.short_buckets / 12
    enough = n >= p.min_count
    rate = warm & enough & ((n >= p.ratio_min * ml - _EPS) | (xs >= p.ratio_min * p.short_ratio_factor * ms - _EPS))
    threat = (t > 0) & (owned | p.threat_is_crisis)
    severe = (s >= p.severe_hits_2) & (s >= p.severe_share * n - _EPS)
    dup = hot >= p.dup_comments_2
    hostile = (n >= p.hostile_min_count) & (h >= p.hostile_share_1 * n - _EPS)
    return rate | threat | severe | dup | hostile


def _group(key: np.ndarray, vals: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Rows sorted by ``key`` summed per distinct key: (keys, first row of each, sums)."""
    uk, first = np.unique(key, return_index=True)
    return uk, first, [np.add.reduceat(v, first) if len(v) else v for v in vals]


def _step(p: SpikeParams, hours: np.ndarray, counts: np.ndarray
          ) -> tuple[np.ndarray, np.ndarray, list[tuple[int, tuple]]]:
    """One scope's rate model through its hourly counts (as live): the usual rate and "warm" at
    each hour, and once a day the baseline before that day's first hour (to restore later)."""
    mus, warms, daily = RateModel(p).learn_hours(hours.tolist(), counts.tolist())
    return np.asarray(mus, dtype=np.float64), np.asarray(warms, dtype=bool), daily


def _baseline(p: SpikeParams, hours: np.ndarray, counts: np.ndarray, daily: list[tuple[int, tuple]],
              want: int) -> tuple[int, tuple]:
    """The baseline before the scope's first hour ≥ ``want``, and that hour: from the day's
    snapshot, stepped through the hours before it."""
    k = bisect_right([hh for hh, _s in daily], want) - 1
    if k < 0:
        k = 0
    h0, snap = daily[k]
    model = RateModel(p)
    model.restore(snap)
    j = int(np.searchsorted(hours, h0))
    hs, xs = hours.tolist(), counts.tolist()
    while j < len(hs) and hs[j] < want:
        model.to_hour(hs[j])
        model.hour_count = xs[j]
        j += 1
    return (hs[j] if j < len(hs) else want), model.snapshot()


def rebuild_lean(lc: LeanCells, params: SpikeParams, details: Details | None) -> SpikeDetector:
    """A detector in the state :meth:`SpikeDetector.feed` of every cell would leave it in."""
    p = params
    det = SpikeDetector(params, details=details)
    rows = len(lc.bucket)
    if not rows:
        return det
    L = p.long_buckets
    B, PID = lc.bucket, lc.pid
    P = len(lc.post_key)
    CI = np.asarray(lc.post_chan, dtype=np.int64)[PID]
    HOT = np.zeros(rows, dtype=np.int64)
    for i, m in lc.members.items():
        HOT[i] = len(m)
    cols = [lc.n, lc.h, lc.s, lc.t, HOT]

    # --- the three orders: posts (pid, bucket), channels (channel, bucket), all (bucket) ------
    op = np.lexsort((B, PID))
    kp = PID[op] * _SHIFT + B[op]
    oc = np.lexsort((B, CI))
    kc_rows = CI[oc] * _SHIFT + B[oc]
    kc, cfirst, csum = _group(kc_rows, [v[oc] for v in cols])
    kb, bfirst, bsum = _group(B, cols)  # B is sorted already

    # --- usual rates: every channel's and all channels' model through its hourly counts -------
    ch_of_cell = kc // _SHIFT
    hour_of_cell = (kc % _SHIFT) // 12
    kh, _hf, (hn,) = _group(ch_of_cell * _SHIFT + hour_of_cell, [csum[0]])
    ch_of_hour = kh // _SHIFT
    mu_h = np.ones(len(kh))
    warm_h = np.zeros(len(kh), dtype=bool)
    bounds = np.searchsorted(ch_of_hour, np.arange(len(lc.chan_key) + 1))
    daily: dict[int, list[tuple[int, tuple]]] = {}
    hourly: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    post_win = _windows(kp, [v[op] for v in cols], L)
    chan_win = _windows(kc, csum, L)
    # The usual rate only matters where a window has min_count comments: a quiet channel (and
    # its posts) never passes the rate gate, and its model is learnt only if it is taken in.
    busy = set(CI[op][post_win[0] >= p.min_count].tolist()) | set(ch_of_cell[chan_win[0] >= p.min_count].tolist())
    for ci in range(len(lc.chan_key)):
        a, z = bounds[ci], bounds[ci + 1]
        hourly[P + ci] = (kh[a:z] % _SHIFT, hn[a:z])
        if ci in busy:
            mu_h[a:z], warm_h[a:z], daily[P + ci] = _step(p, *hourly[P + ci])
    ov_hours, _of, (ov_hn,) = _group(kb // 12, [bsum[0]])
    hourly[-1] = (ov_hours, ov_hn)
    ov_mu, ov_warm, daily[-1] = _step(p, ov_hours, ov_hn)

    # --- candidates: (bucket → scope ids); posts 0..P-1, channels P+ci, all channels -1 ---------
    cand: dict[int, list[int]] = {}

    def mark(mask: np.ndarray, scope_ids: np.ndarray, bks: np.ndarray) -> None:
        for si, b in zip(scope_ids[mask].tolist(), bks[mask].tolist(), strict=True):
            cand.setdefault(b, []).append(si)

    bp = B[op]
    j = np.searchsorted(kh, CI[op] * _SHIFT + bp // 12)
    owned = np.asarray([o is not None for o in lc.post_owner], dtype=bool)[PID[op]]
    mark(_candidates(p, post_win, _windows(kp, [lc.n[op]], p.short_buckets)[0],
                     mu_h[j], warm_h[j], owned), PID[op], bp)
    bc = kc % _SHIFT
    j = np.searchsorted(kh, ch_of_cell * _SHIFT + hour_of_cell)
    owned = np.asarray([o is not None for o in lc.chan_owner], dtype=bool)[ch_of_cell]
    mark(_candidates(p, chan_win, _windows(kc, [csum[0]], p.short_buckets)[0], mu_h[j], warm_h[j],
                     owned), P + ch_of_cell, bc)
    j = np.searchsorted(ov_hours, kb // 12)
    mark(_candidates(p, _windows(kb, bsum, L), _windows(kb, [bsum[0]], p.short_buckets)[0], ov_mu[j], ov_warm[j],
                     np.zeros(len(kb), dtype=bool)), np.full(len(kb), -1), kb)

    last = int(B[-1])
    r_last = int(np.searchsorted(B, last))

    # --- the detector, where it matters ---------------------------------------------------
    # the clusters' channels of the last hour, for campaign spread, whether or not the
    # all-channels scope itself is in the detector: a scope fed only the hot members
    tracker = ScopeState("overall", OVERALL_KEY, OVERALL_LABEL, None, p)
    det.everything = tracker
    live: dict[int, ScopeState] = {}
    n_, h_, s_, t_, new_ = (v.tolist() for v in (lc.n, lc.h, lc.s, lc.t, lc.new))
    members = lc.members

    def cell(rs: Iterable[int]) -> Cell:
        c = Cell()
        for r in rs:
            c.n += n_[r]
            c.h += h_[r]
            c.s += s_[r]
            c.t += t_[r]
            c.new += new_[r]
            m = members.get(r)
            if m:
                if c.clusters is None:
                    c.clusters = []
                c.clusters.extend(m)
        return c

    def name(si: int) -> tuple[str, str, str, str | None]:
        if si < 0:
            return "overall", OVERALL_KEY, OVERALL_LABEL, None
        if si >= P:
            return "channel", lc.chan_key[si - P], lc.chan_key[si - P], lc.chan_owner[si - P]
        return "post", lc.post_key[si], lc.post_label[si], lc.post_owner[si]

    def cells_between(si: int, b0: int, b1: int) -> list[tuple[int, list[int]]]:
        """The scope's cells of buckets b0 <= b < b1: (bucket, its post rows)."""
        if si < 0:
            rs = range(int(np.searchsorted(B, b0)), int(np.searchsorted(B, b1)))
        elif si >= P:
            c = si - P
            a, z = np.searchsorted(kc_rows, [c * _SHIFT + b0, c * _SHIFT + b1])
            rs = oc[a:z].tolist()
        else:
            a, z = np.searchsorted(kp, [si * _SHIFT + b0, si * _SHIFT + b1])
            rs = op[a:z].tolist()
        out: list[tuple[int, list[int]]] = []
        for r in rs:
            b = int(B[r])
            if out and out[-1][0] == b:
                out[-1][1].append(r)
            else:
                out.append((b, [r]))
        return out

    def take(si: int, b: int) -> None:
        """Put a scope into the detector as it stands before bucket ``b`` (a post with its channel)."""
        if si not in live and 0 <= si < P and P + lc.post_chan[si] not in live:
            take(P + lc.post_chan[si], b)
        kind, key, label, owner = name(si)
        sc = ScopeState(kind, key, label, owner, p)
        start = b - L + 1
        if kind != "post":
            if si not in daily:
                daily[si] = _step(p, *hourly[si])[2]
            hour, snap = _baseline(p, *hourly[si], daily[si], start // 12)
            sc.rate.restore(snap)
            start = min(start, hour * 12)
        for bb, rs in cells_between(si, start, b):
            c = cell(rs)
            sc.rate.add(bb, c.n)
            sc.expire(bb)
            sc.add(bb, c)
        det.scopes[(kind, key)] = sc
        if kind == "post":
            det.post_channel[key] = lc.chan_key[lc.post_chan[si]]
        live[si] = sc

    def rank(si: int) -> tuple[int, str]:
        return (0, "") if si < 0 else ((1, lc.chan_key[si - P]) if si >= P else (2, lc.post_key[si]))

    starts = bfirst.tolist() + [rows]
    buckets = kb.tolist()
    pid_, ci_ = PID.tolist(), CI.tolist()
    det.emit = False
    det.judged = 0  # scope-buckets judged by the detector (for tests and benchmarks)
    by_bucket: dict[int, list[tuple[int, str, str]]] = {}
    for r in sorted(members):
        by_bucket.setdefault(int(B[r]), []).extend(members[r])
    for gi, b in enumerate(buckets[:-1]):
        r0, r1 = starts[gi], starts[gi + 1]
        if by_bucket:
            tracker.expire(b)
            if b in by_bucket:
                tracker.add(b, Cell(clusters=by_bucket[b]))
        for si in cand.get(b, ()):
            if si not in live:
                take(si, b)
        if not live:
            continue
        here: dict[int, list[int]] = {}
        for r in range(r0, r1):
            for si in (pid_[r], P + ci_[r], -1):
                if si in live:
                    here.setdefault(si, []).append(r)
        touched = [(live[si], cell(here[si])) for si in sorted(here, key=rank)]
        det.judged += len(touched)
        for sc, c in touched:
            sc.rate.add(b, c.n)
            sc.expire(b)
            sc.add(b, c)
        for sc, c in touched:
            det._evaluate(sc, b, c)
        for k in list(det._active):
            sc = det.scopes[k]
            if sc.last_b != b:
                det._idle(sc, b)
        busy = {P + lc.post_chan[si] for si in live if 0 <= si < P}
        for si in [si for si, sc in live.items() if sc.spike is None and not sc.rate.alarm and si not in busy]:
            kind, key, _l, _o = name(si)
            del det.scopes[(kind, key)]
            del live[si]
    det.emit = True

    # --- the newest bucket stays open, its scopes as they stand before it ---------------------
    det.everything = None
    need = {-1, *(pid_[r] for r in range(r_last, rows)), *(P + ci_[r] for r in range(r_last, rows))}
    for si in sorted(need, key=rank):
        if si not in live:
            take(si, last)
    det.now_bucket = det.head = last
    det.head_cells = {lc.post_key[pid_[r]]: [lc.post_label[pid_[r]], lc.chan_key[ci_[r]], lc.post_owner[pid_[r]],
                                             cell([r])] for r in range(r_last, rows)}
    return det
