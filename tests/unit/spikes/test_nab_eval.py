"""nab_eval's window cost: what a ratio threshold low enough for a window pays elsewhere."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from cm_tui.spikes.nab_eval import evaluate, window_costs

T0 = datetime(2025, 1, 6, tzinfo=timezone.utc)


def _series(bursts: dict[int, int], days: int = 10) -> list[tuple[datetime, float]]:
    """Flat 20 per 5 minutes, with ``bursts`` (start row → value for 6 rows = 30 minutes)."""
    rows = []
    for i in range(days * 288):
        v = 20.0
        for start, value in bursts.items():
            if start <= i < start + 6:
                v = float(value)
        rows.append((T0 + timedelta(minutes=5 * i), v))
    return rows


def _window(rows, i: int) -> tuple[datetime, datetime]:
    return rows[i - 12][0], rows[i + 24][0]


def test_a_faint_window_costs_the_bumps_as_large_as_it():
    big, faint = 4 * 288, 6 * 288
    # outside the windows, larger than the faint one, at other hours of the day
    bumps = [5 * 288 + 40, 7 * 288 + 90, 8 * 288 + 150, 9 * 288 + 200]
    rows = _series({big: 400, faint: 60, **{b: 100 for b in bumps}})
    data = {"X": (rows, [_window(rows, big), _window(rows, faint)])}
    (_n1, k1, peak1, cost1), (_n2, k2, peak2, cost2) = window_costs(data)
    assert (k1, k2) == (1, 2)
    assert peak1 > peak2 > 1.0
    assert cost1 == 0  # nothing outside reaches the big window's factor
    assert cost2 == len(bumps)  # at its peak, every larger bump is a false alarm


def test_evaluate_counts_caught_windows_and_false_onsets():
    big = 4 * 288
    rows = _series({big: 400, 7 * 288: 400})
    r = evaluate(rows, [_window(rows, big)])
    assert (r.windows, r.caught) == (1, 1)
    assert r.false_alarms == 1 and r.false_times[0] >= rows[7 * 288][0]
