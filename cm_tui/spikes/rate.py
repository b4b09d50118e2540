"""Comment-rate baseline and rate alarm for one scope (channel or overall), updated incrementally.

The baseline is an hour-of-day profile times a weekday factor times a short trend factor, all exponential
moving averages over hourly counts; the factors are smoothed with a pseudo-count so that a channel
with three comments a day does not learn "never at 14 h" from one quiet afternoon. Noise is
negative-binomial-like (variance μ + φ·μ²), with φ learnt from the scope's own hours, so Twitter
volumes and a Bürgeramt account both get sensible z-scores. Counts above μ + k·σ are winsorised
before they feed the baseline, so a spike does not teach the detector that spikes are normal.

Every operation is O(1) in the length of the history: state is a few dozen floats and a ring of
the last 60 minutes of 5-minute buckets.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone

from .params import BUCKET_SECONDS, DEFAULT_PARAMS, SpikeParams

_EPOCH_WEEKDAY = 3  # 1970-01-01 was a Thursday (Monday = 0)
_PSEUDO = 1.0  # pseudo-count per hour that shrinks seasonal factors of quiet scopes towards 1


def bucket_of(ts: datetime) -> int:
    """The 5-minute bucket index (since the Unix epoch) of an aware datetime."""
    return int(ts.timestamp()) // BUCKET_SECONDS


def bucket_start(bucket: int) -> datetime:
    """The UTC start time of a bucket index."""
    return datetime.fromtimestamp(bucket * BUCKET_SECONDS, tz=timezone.utc)


@dataclass(frozen=True, slots=True)
class RateReading:
    """The rate signal at one moment: counts, expectations and standardised excess."""

    count_short: int
    expected_short: float
    z_short: float
    count_long: int
    expected_long: float  # expected comments in the long (60-minute) window
    z_long: float
    ratio: float  # count_long / expected_long
    score: float  # 0..1, 0.5 at the alarm threshold
    alarm: bool


class RateModel:
    """Hour-of-week-aware baseline plus the 60-minute ring of recent buckets for one scope."""

    __slots__ = (
        "p", "hsum", "hsum_total", "dfac", "tx", "tm", "phi", "hours_seen",
        "cur_hour", "hour_count", "empty_run", "ring", "ring_b", "total", "last_bucket", "alarm", "alarm_since", "learn",
    )

    def __init__(
        self,
        params: SpikeParams = DEFAULT_PARAMS,
        prior_per_hour: float | None = None,
        learn: bool = True,
    ):
        """``learn=False`` keeps only the ring of recent counts (posts borrow their channel's
        baseline, so they need no hourly bookkeeping)."""
        p = self.p = params
        self.learn = learn
        self.alarm_since: int | None = None
        self.seed(p.prior_per_hour if prior_per_hour is None else prior_per_hour)
        self.phi = p.dispersion_prior
        self.hours_seen = 0
        self.cur_hour: int | None = None
        self.hour_count = 0
        self.empty_run = 0  # hours without comments closed since the last hour with some
        n = p.long_buckets
        self.ring = [0] * n
        self.ring_b = [-1] * n
        self.total = 0  # comments in the ring, i.e. in the 60 minutes up to last_bucket
        self.last_bucket: int | None = None
        self.alarm = False

    def seed(self, per_hour: float) -> None:
        """Start the baseline at ``per_hour`` comments per hour, flat over the week."""
        self.hsum = [per_hour] * 24  # EWMA of hourly counts per hour of day
        self.hsum_total = per_hour * 24
        self.dfac = [1.0] * 7  # weekday factor relative to the hour-of-day profile
        self.tx = self.tm = 0.0  # recent counts and recent expectations, for the trend factor

    # --- baseline ---------------------------------------------------------------------------
    def _base(self, hour: int) -> tuple[float, float]:
        """(hour-of-day expectation, weekday factor), both without trend."""
        m = self.hsum_total / 24
        if self.hours_seen < self.p.warmup_hours:
            return m, 1.0
        fh = (self.hsum[hour % 24] + _PSEUDO) / (m + _PSEUDO)
        return m * fh, self.dfac[(hour // 24 + _EPOCH_WEEKDAY) % 7]

    def _trend(self) -> float:
        return min(3.0, max(0.33, (self.tx + _PSEUDO) / (self.tm + _PSEUDO)))

    def expected_hour(self, hour: int) -> float:
        """Expected comments in the given hour (hour index since the epoch)."""
        bh, fd = self._base(hour)
        return bh * fd * self._trend()

    def learn_hours(self, hours: Iterable[int], counts: Iterable[int], snapshots: bool = True
                    ) -> tuple[list[float], list[bool], list[tuple[int, tuple]]]:
        """Feed whole hours (ascending, with their comment counts), as ``add`` would one bucket at
        a time; returns the expected count and "warm" at each hour (read before it is counted)
        and (``snapshots``), once a day, the :meth:`snapshot` before that day's first hour.

        Closing an hour updates the EWMAs; of a silence, the first ``max_gap_hours`` hours are
        closed one by one and the rest in closed form, counted from the last hour with comments,
        the same whether the clock crossed the silence in one step or in several. One loop over
        local variables: the fast rebuild runs it for every hour of every channel, and
        :meth:`to_hour` for one hour at a time."""
        p = self.p
        warmup, prior_hours, winsor = p.warmup_hours, p.prior_hours, p.winsor_sigma
        a_level, a_profile, a_disp, disp_max = p.alpha_level, p.alpha_profile, p.alpha_dispersion, p.dispersion_max
        a_day = a_profile / 24
        max_gap = p.max_gap_hours
        hsum, dfac = self.hsum, self.dfac
        total, tx, tm, phi, n = self.hsum_total, self.tx, self.tm, self.phi, self.hours_seen
        cur, count, run = self.cur_hour, self.hour_count, self.empty_run
        mus: list[float] = []
        warms: list[bool] = []
        daily: list[tuple[int, tuple]] = []
        day = None
        sqrt = math.sqrt
        for target, x_new in zip(hours, counts, strict=True):
            if snapshots and target // 24 != day:
                day = target // 24
                daily.append((target, (list(hsum), total, list(dfac), tx, tm, phi, n, cur, count, run)))
            if cur is None:
                cur = target
            elif target > cur:
                gap = target - cur - 1
                if count:
                    steps = gap if gap < max_gap else max_gap
                    first, x, rest, run = cur, count, gap - steps, gap
                else:
                    empties = gap + 1
                    budget = max_gap - run if run < max_gap else 0
                    full = empties if empties < budget else budget
                    first, x, steps, rest = cur, 0, full - 1, empties - full
                    run += empties
                    if full == 0:
                        steps = -1  # nothing closed one by one
                for hour in range(first, first + 1 + steps):
                    h = hour % 24
                    m = total / 24
                    warm = n >= warmup
                    if warm:
                        bh = m * ((hsum[h] + _PSEUDO) / (m + _PSEUDO))
                        d = (hour // 24 + _EPOCH_WEEKDAY) % 7
                        fd = dfac[d]
                    else:
                        bh, fd = m, 1.0
                    trend = (tx + _PSEUDO) / (tm + _PSEUDO)
                    trend = 3.0 if trend > 3.0 else (0.33 if trend < 0.33 else trend)
                    mu = bh * fd * trend
                    if warm:
                        cap = mu + winsor * sqrt(mu + phi * mu * mu) + 1.0
                        xc = cap if x > cap else x
                    else:
                        xc = x
                    at = 1.0 / (n + 1 + prior_hours)
                    if at < a_level:
                        at = a_level
                    tx = tx + at * (xc - tx)
                    tm = tm + at * (bh * fd - tm)
                    ah = 1.0 / (n // 24 + 2)
                    if ah < a_profile:
                        ah = a_profile
                    old = hsum[h]
                    hsum[h] = new = old + ah * (xc - old)
                    total += new - old
                    if warm:
                        ad = 1.0 / (n // 7 + 2)
                        if ad < a_day:
                            ad = a_day
                        r = (xc + _PSEUDO) / (bh * trend + _PSEUDO)
                        dfac[d] += ad * ((3.0 if r > 3.0 else r) - dfac[d])
                    if mu >= 5.0:
                        e = ((xc - mu) ** 2 - mu) / (mu * mu)
                        aphi = 1.0 / (n + 10)
                        if aphi < a_disp:
                            aphi = a_disp
                        phi = phi + aphi * (e - phi)
                        phi = disp_max if phi > disp_max else (0.0 if phi < 0.0 else phi)
                    n += 1
                    x = 0
                if rest:
                    k = (1 - a_profile) ** rest
                    for i in range(24):
                        hsum[i] *= k
                    total *= k
                    n += rest
                cur, count = target, 0
            # the expectation of hour ``target`` (expected_hour, inlined)
            m = total / 24
            if n < warmup:
                bh, fd = m, 1.0
            else:
                bh = m * ((hsum[target % 24] + _PSEUDO) / (m + _PSEUDO))
                fd = dfac[(target // 24 + _EPOCH_WEEKDAY) % 7]
            trend = (tx + _PSEUDO) / (tm + _PSEUDO)
            trend = 3.0 if trend > 3.0 else (0.33 if trend < 0.33 else trend)
            mus.append(bh * fd * trend)
            warms.append(n >= warmup)
            count = x_new
        self.hsum_total, self.tx, self.tm, self.phi, self.hours_seen = total, tx, tm, phi, n
        self.cur_hour, self.hour_count, self.empty_run = cur, count, run
        return mus, warms, daily

    def advance(self, bucket: int) -> None:
        """Move the clock to ``bucket``, closing finished hours (empty ones included)."""
        last = self.last_bucket
        if last is not None and bucket <= last:
            return
        ring, ring_b = self.ring, self.ring_b
        size = len(ring)
        if last is None or bucket - last >= size:
            for i in range(size):
                ring[i] = 0
                ring_b[i] = bucket - ((bucket - i) % size)
            self.total = 0
        else:
            for bb in range(last + 1, bucket + 1):  # claim the slots of the new buckets
                slot = bb % size
                self.total -= ring[slot]
                ring[slot] = 0
                ring_b[slot] = bb
        self.to_hour(bucket // 12)
        self.last_bucket = bucket

    def to_hour(self, hour: int) -> None:
        """Close the open hour and the empty ones up to ``hour``, which becomes the open one."""
        cur = self.cur_hour
        if cur is not None and hour <= cur:
            return
        if not self.learn:  # a post's model keeps no baseline
            self.cur_hour, self.hour_count = hour, 0
            return
        self.learn_hours((hour,), (0,), snapshots=False)

    def add(self, bucket: int, n: int = 1) -> None:
        """Count ``n`` comments in ``bucket`` (buckets must not go backwards by more than 60 min)."""
        self.advance(bucket)
        slot = bucket % len(self.ring)
        if self.ring_b[slot] != bucket:
            return  # older than the ring: too late to matter for the alarm
        self.ring[slot] += n
        self.total += n
        if bucket // 12 == self.cur_hour:
            self.hour_count += n

    def snapshot(self) -> tuple:
        """The learnt baseline and the open hour (not the ring, not the alarm), for :meth:`restore`."""
        return (list(self.hsum), self.hsum_total, list(self.dfac), self.tx, self.tm, self.phi,
                self.hours_seen, self.cur_hour, self.hour_count, self.empty_run)

    def restore(self, snap: tuple) -> None:
        """Take over a baseline from :meth:`snapshot`; the ring starts empty."""
        (hsum, self.hsum_total, dfac, self.tx, self.tm, self.phi, self.hours_seen, self.cur_hour,
         self.hour_count, self.empty_run) = snap
        self.hsum, self.dfac = list(hsum), list(dfac)
        n = len(self.ring)
        self.ring = [0] * n
        self.ring_b = [-1] * n
        self.total = 0
        self.last_bucket = None

    # --- alarm ------------------------------------------------------------------------------
    def window_count(self, now_bucket: int, buckets: int) -> int:
        """Comments in the last ``buckets`` buckets up to and including ``now_bucket``."""
        self.advance(now_bucket)
        if buckets >= len(self.ring):
            return self.total
        size = len(self.ring)
        total = 0
        for bb in range(now_bucket - buckets + 1, now_bucket + 1):
            if self.ring_b[bb % size] == bb:
                total += self.ring[bb % size]
        return total

    @property
    def warming_up(self) -> bool:
        """Less than ``warmup_hours`` observed: "more than usual" cannot be judged yet."""
        return self.hours_seen < self.p.warmup_hours

    def read(self, now_bucket: int, expected_hour: float | None = None, warm: bool | None = None) -> RateReading:
        """Evaluate the windows ending at ``now_bucket`` and update the hysteresis alarm.

        ``expected_hour`` overrides the scope's own expectation (posts use their channel's);
        ``warm`` says whether that expectation is learnt yet (default: this model's own state).
        No rate alarm is raised while the baseline warms up.
        """
        p = self.p
        mu_h = self.expected_hour(now_bucket // 12) if expected_hour is None else expected_hour
        mu_h = max(mu_h, 1e-3)
        phi = self.phi
        nl, ns = p.long_buckets, p.short_buckets
        xl = self.window_count(now_bucket, nl)
        xs = self.window_count(now_bucket, ns)
        ml = mu_h * nl / 12
        ms = mu_h * ns / 12
        zl = (xl - ml) / math.sqrt(ml + phi * ml * ml + 0.25)
        zs = (xs - ms) / math.sqrt(ms + phi * ms * ms + 0.25)
        ratio = xl / ml
        strength = max(zl, zs / p.short_z_factor)
        enough = xl >= p.min_count
        gate = enough and ratio >= p.ratio_min
        fast = enough and xs / ms >= p.ratio_min * p.short_ratio_factor and zs >= p.z_on * p.short_z_factor
        if warm is None:
            warm = not self.warming_up
        if self.alarm:
            self.alarm = gate and max(zl, zs) >= p.z_off
        else:
            self.alarm = warm and ((gate and strength >= p.z_on) or fast)
            if self.alarm:
                self.alarm_since = now_bucket
        s = max(strength, 0.0)
        score = s * s / (s * s + p.z_on * p.z_on)
        if self.alarm:
            score = max(score, 0.5)
        elif score >= 0.5:
            score = 0.49  # a strong z that is gated: too few comments or too small a ratio
        return RateReading(xs, ms, zs, xl, ml, zl, ratio, score, self.alarm)


def replay_series(
    rows: Iterable[tuple[datetime, float]], params: SpikeParams = DEFAULT_PARAMS
) -> Iterator[tuple[datetime, float, float, int]]:
    """Feed a regular count series through the rate model; yield (ts, value, score, alarm).

    Each row is one interval's count (any interval; it is mapped onto 5-minute buckets by its
    timestamp). This is the same model that judges channel rates in the live detector.
    """
    model = RateModel(params, prior_per_hour=None)
    first = True
    for ts, value in rows:
        b = bucket_of(ts)
        if first:
            # Start from the first value instead of the generic prior: a series has no "new".
            model.seed(max(value * 12, params.prior_per_hour))
            first = False
        model.add(b, int(round(value)))
        r = model.read(b)
        yield ts, value, round(r.score, 4), int(r.alarm)
