"""Rate alarm on synthetic count series (5-minute buckets): alarms where expected, none elsewhere."""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta, timezone

from cm_tui.spikes import replay_series

T0 = datetime(2025, 1, 6, tzinfo=timezone.utc)  # a Monday
STEP = timedelta(minutes=5)


def poisson(rng: random.Random, lam: float) -> int:
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    k, p, l = 0, 1.0, math.exp(-lam)
    while True:
        p *= rng.random()
        if p <= l:
            return k
        k += 1


def series(rate_per_bucket, days: int = 21, seed: int = 3) -> list[tuple[datetime, float]]:
    rng = random.Random(seed)
    n = days * 288
    return [(T0 + i * STEP, float(poisson(rng, rate_per_bucket(i)))) for i in range(n)]


def alarms(rows) -> list[int]:
    return [i for i, (_t, _v, _s, a) in enumerate(replay_series(rows)) if a]


def daily(i: int) -> float:
    h = (i % 288) / 12
    return 2 + 18 * max(0.0, math.sin(math.pi * (h - 6) / 14)) if 6 <= h <= 20 else 2.0


def test_flat_has_no_alarms():
    assert alarms(series(lambda i: 10.0)) == []


def test_daily_cycle_has_no_alarms():
    assert alarms(series(daily)) == []


def test_weekly_cycle_has_no_alarms_after_first_week():
    def weekly(i: int) -> float:
        weekend = (i // 288) % 7 >= 5
        return daily(i) * (0.3 if weekend else 1.0)

    assert [i for i in alarms(series(weekly, days=28)) if i >= 7 * 288] == []


def test_slow_growth_has_no_alarms():
    n = 21 * 288
    assert alarms(series(lambda i: 5.0 + 15.0 * i / n)) == []


def test_single_bucket_blip_is_not_a_surge():
    rows = series(lambda i: 10.0)
    i0 = 15 * 288
    rows[i0] = (rows[i0][0], 30.0)
    assert alarms(rows) == []


def test_real_surge_is_caught_within_20_minutes():
    # 8× the usual daytime volume for two hours; the 60-minute ratio gate needs 4 buckets.
    i0 = 15 * 288 + 100
    rows = series(lambda i: daily(i) * (8.0 if i0 <= i < i0 + 24 else 1.0))
    hits = alarms(rows)
    assert hits and i0 <= hits[0] <= i0 + 4
    assert all(i0 <= i < i0 + 36 for i in hits)


def test_low_volume_channel_three_a_day():
    i0 = 14 * 288 + 130
    rate = 3 / 288

    rows = series(lambda i: 5.0 if i0 <= i < i0 + 6 else rate, days=21)
    assert alarms(series(lambda i: rate, days=21)) == []
    hits = alarms(rows)
    assert hits and i0 <= hits[0] <= i0 + 3


def test_scores_are_between_0_and_1():
    for _t, _v, s, a in replay_series(series(daily, days=3)):
        assert 0.0 <= s <= 1.0 and a in (0, 1)


def test_learning_whole_hours_equals_adding_bucket_by_bucket():
    """The fast rebuild's loop over hours gives the baseline and expectations ``add`` gives,
    long silences (closed form beyond two weeks) included."""
    import random

    from cm_tui.spikes.rate import RateModel

    rng = random.Random(3)
    hours, t = [], 400_000
    for _ in range(3000):
        t += rng.choice((1, 1, 1, 2, 5, 30, 400)) if rng.random() < 0.2 else 1
        hours.append(t)
    counts = [rng.randrange(0, 40) for _ in hours]
    slow = RateModel()
    expected, warm, days = [], [], 0
    last_day = None
    for h, x in zip(hours, counts, strict=True):
        if h // 24 != last_day:
            last_day, days = h // 24, days + 1
        slow.to_hour(h)
        expected.append(slow.expected_hour(h))
        warm.append(not slow.warming_up)
        slow.hour_count = x
    fast = RateModel()
    mus, warms, daily = fast.learn_hours(hours, counts)
    assert mus == expected and warms == warm and len(daily) == days
    assert fast.snapshot() == slow.snapshot()
