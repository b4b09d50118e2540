"""Rebuild all spike state from the full comment history, fast.

Feeding a million comments one by one through :meth:`SpikeDetector.observe` costs tens of
seconds in pure Python, although almost all of them fall into quiet hours. So:

1. one pass over the comments counts them per (scope, 5-minute bucket), with the hostile ones
   packed into the same integer, and marks first-time authors per channel;
2. per channel and overall, the rate model runs over those bucket counts; per post, a sliding
   60-minute sum is compared with the channel's expectation. Buckets where any scope comes near
   an alarm (or a threat, many severe findings or a high hostile share) are *hot*, together with
   the hour before and the time a spike needs to close; so is the last hour of the history;
3. a second pass runs the full detector on the comments of hot buckets only; before each, the
   scopes' rate models catch up on the bucket counts of the quiet stretches in between.

The result equals the incremental one wherever a spike can start. Known difference: copy-paste
clusters are only built from comments in hot buckets, and a campaign in an otherwise quiet hour
(no rate, hostility or severity signal) is not found by recompute.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from datetime import datetime, timedelta

from .detector import OVERALL_KEY, OVERALL_LABEL, SpikeDetector
from .events import Observation
from .params import BUCKET_SECONDS, DEFAULT_PARAMS, SpikeParams
from .rate import RateModel

_HOSTILE = 1 << 20  # hostile counts ride in the high bits of a bucket's count
_MASK = _HOSTILE - 1


def _mark(hot: set[int], b: int, before: int, after: int) -> None:
    hot.update(range(b - before, b + after + 1))


def recompute(observations: Iterable[Observation], params: SpikeParams = DEFAULT_PARAMS) -> SpikeDetector:
    """A detector in the state it would have after observing every comment, built quickly."""
    p = params
    obs = list(observations)
    if any(obs[i].ts > obs[i + 1].ts for i in range(len(obs) - 1)):
        obs.sort(key=lambda o: o.ts)
    det = SpikeDetector(p)
    if not obs:
        return det

    # 1. counts per scope and bucket; first-time authors; buckets with threats or severe findings
    overall: dict[int, int] = {}
    channels: dict[str, dict[int, int]] = {}
    posts: dict[str, dict[int, int]] = {}
    post_channel: dict[str, str] = {}
    owners: dict[str, str | None] = {}
    last_ts: dict[tuple[str, str], datetime] = {}
    seen: dict[str, set[str]] = {}
    new = bytearray(len(obs))
    bks = [0] * len(obs)
    severe_b: dict[int, int] = {}
    hot: set[int] = set()
    hsev, ssev = p.hostile_severity, p.severe_severity
    for i, o in enumerate(obs):
        b = bks[i] = int(o.ts.timestamp()) // BUCKET_SECONDS
        sev = o.max_severity
        inc = 1 + _HOSTILE if (o.threat or (sev >= hsev and o.rule_titles)) else 1
        overall[b] = overall.get(b, 0) + inc
        ch = channels.get(o.channel)
        if ch is None:
            ch = channels[o.channel] = {}
            seen[o.channel] = set()
            owners[o.channel] = o.owner
        ch[b] = ch.get(b, 0) + inc
        pk = o.post_key
        po = posts.get(pk)
        if po is None:
            po = posts[pk] = {}
            post_channel[pk] = o.channel
        po[b] = po.get(b, 0) + inc
        last_ts[("post", pk)] = last_ts[("channel", o.channel)] = o.ts
        a = o.author
        if a is not None:
            s = seen[o.channel]
            if a not in s:
                s.add(a)
                new[i] = 1
        if sev >= ssev or o.threat:
            severe_b[b] = severe_b.get(b, 0) + 1
            if o.threat:
                _mark(hot, b, 12, 12)

    before = p.long_buckets
    after = p.long_buckets + (p.close_after_minutes * 60) // BUCKET_SECONDS + 1
    for b, n in severe_b.items():
        if n >= 2 or sum(severe_b.get(bb, 0) for bb in range(b - 11, b + 1)) >= p.severe_hits_2:
            _mark(hot, b, before, after)

    # 2. candidate buckets per scope
    expected: dict[str, dict[int, float]] = {}
    for key, counts in [(OVERALL_KEY, overall), *channels.items()]:
        exp = expected[key] = {}
        _scan_rate(counts, p, hot, exp, before, after)
    for pk, counts in posts.items():
        _scan_post(counts, expected.get(post_channel[pk], {}), p, hot, before, after)
    last = bks[-1]
    _mark(hot, last - p.long_buckets, 0, p.long_buckets)

    # 3. full detector on hot buckets; quiet stretches go in as bucket counts
    det.seen = seen
    det._scope("overall", OVERALL_KEY, OVERALL_LABEL, None)
    for ch_key, owner in owners.items():
        det._scope("channel", ch_key, ch_key, owner)
    cursors: dict[tuple[str, str], list] = {}
    post_done: dict[str, int] = {}
    sources = {("overall", OVERALL_KEY): overall}
    sources.update({("channel", k): v for k, v in channels.items()})
    for i, o in enumerate(obs):
        b = bks[i]
        if b not in hot:
            continue
        for key in (("overall", OVERALL_KEY), ("channel", o.channel)):
            _catch_up(det, key, sources[key], cursors, b, hot)
        _catch_up_post(det, o, posts[o.post_key], b, hot, post_done)
        det._observe(o, b, bool(new[i]), True)
    for key, src in sources.items():
        _catch_up(det, key, src, cursors, last + 1, hot)
    _close_like_live(det, last_ts, p)
    return det


def _close_like_live(det: SpikeDetector, last_ts: dict, p: SpikeParams) -> None:
    """Live, a spike closes at its scope's first comment after the quiet period; that comment
    may lie in a quiet bucket the second pass skipped, so close such spikes here."""
    for key, sp in list(det._active.items()):
        ts = last_ts.get(key)
        quiet_end = sp.last_hot + timedelta(minutes=p.window_minutes + p.close_after_minutes)
        if ts is not None and ts >= quiet_end:
            sc = det.scopes[key]
            b = int(ts.timestamp()) // BUCKET_SECONDS
            sc.expire(b)
            det._evaluate(sc, ts, b, None)


def _scan_rate(counts: dict[int, int], p: SpikeParams, hot: set[int], exp: dict[int, float],
               before: int, after: int) -> None:
    """Run a rate model over one scope's bucket counts and mark buckets near an alarm."""
    model = RateModel(p)
    win: deque[tuple[int, int, int]] = deque()
    wn = wh = 0
    nmin = min(p.min_count, p.hostile_min_count)
    # a rate alarm needs the hour's count above this multiple of the expectation
    near = min(0.75 * p.ratio_min, p.ratio_min * p.short_ratio_factor * p.short_buckets / p.long_buckets)
    last_hour = None
    mu = 0.0
    for b, v in counts.items():
        n, h = v & _MASK, v >> 20
        model.add(b, n)
        hour = b // 12
        if hour != last_hour:
            mu = exp[hour] = model.expected_hour(hour)
            last_hour = hour
        win.append((b, n, h))
        wn += n
        wh += h
        while win[0][0] <= b - p.long_buckets:
            _, n0, h0 = win.popleft()
            wn -= n0
            wh -= h0
        if wn < nmin:
            continue
        if wh >= p.hostile_share_1 * max(nmin, wn - n + 1):
            _mark(hot, b, before, after)
            continue
        if wn < near * mu and not model.alarm:
            continue
        r = model.read(b)
        if r.alarm or (r.ratio >= p.ratio_min * 0.9 and max(r.z_long, r.z_short / p.short_z_factor) >= 0.8 * p.z_on):
            _mark(hot, b, before, after)


def _scan_post(counts: dict[int, int], exp: dict[int, float], p: SpikeParams, hot: set[int],
               before: int, after: int) -> None:
    """Mark buckets where a post's 60-minute count could beat its channel's expectation."""
    win: deque[tuple[int, int, int]] = deque()
    wn = wh = 0
    nmin = min(p.min_count, p.hostile_min_count)
    for b, v in counts.items():
        n, h = v & _MASK, v >> 20
        win.append((b, n, h))
        wn += n
        wh += h
        while win[0][0] <= b - p.long_buckets:
            _, n0, h0 = win.popleft()
            wn -= n0
            wh -= h0
        if wn < nmin:
            continue
        mu = exp.get(b // 12, p.prior_per_hour) * p.long_buckets / 12
        if wh >= p.hostile_share_1 * max(nmin, wn - n + 1) or wn >= p.ratio_min * 0.75 * mu:
            _mark(hot, b, before, after)


def _catch_up(det: SpikeDetector, key: tuple[str, str], counts: dict[int, int],
              cursors: dict[tuple[str, str], list], upto: int, hot: set[int]) -> None:
    """Feed a channel's or the overall quiet bucket counts before ``upto`` into its rate model."""
    cur = cursors.get(key)
    if cur is None:
        cur = cursors[key] = [iter(counts.items()), None]
    model = det.scopes[key].rate
    it, pending = cur
    while True:
        if pending is None:
            pending = next(it, None)
            if pending is None:
                break
        b, v = pending
        if b >= upto:
            break
        if b not in hot:
            model.add(b, v & _MASK)
        pending = None
    cur[1] = pending


def _catch_up_post(det: SpikeDetector, o: Observation, counts: dict[int, int], b: int,
                   hot: set[int], done: dict[str, int]) -> None:
    """Put a post's quiet buckets of the last hour into its ring (posts keep no baseline)."""
    sc = det._scope("post", o.post_key, o.post_label, o.owner)
    start = max(done.get(o.post_key, b - det.params.long_buckets), b - det.params.long_buckets) + 1
    for bb in range(start, b):
        v = counts.get(bb)
        if v and bb not in hot:
            sc.rate.add(bb, v & _MASK)
    done[o.post_key] = b
