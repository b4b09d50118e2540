"""A stored spike for people: gap-free plot series and the levels over time in words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cm_tui.spikes.course import MAX_POINTS, course, dense

T0 = datetime(2026, 11, 22, 16, 40, tzinfo=UTC)  # 17:40 in Berlin


def _at(minutes: int) -> str:
    return (T0 + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def test_quiet_buckets_inside_a_spike_are_zeros_on_the_time_axis():
    plot = dense([[_at(30), 4, 1], [_at(0), 9, 3], [_at(10), 2, 0]])  # unordered, 20-minute gap
    assert plot.first == T0 and plot.last == T0 + timedelta(minutes=35)
    assert plot.volume == [9, 0, 2, 0, 0, 0, 4]
    assert plot.hostile == [3, 0, 0, 0, 0, 0, 1]


def test_an_empty_series_and_a_very_long_one():
    assert dense([]).volume == [] and dense([]).first is None
    long = dense([[_at(0), 1, 0], [_at(5 * 3 * MAX_POINTS), 7, 7]])
    assert len(long.volume) == MAX_POINTS and long.volume[-1] == 7  # the last two weeks are shown


def test_levels_in_words_once_each_with_the_date_where_the_day_changes():
    levels = [[_at(0), 4], [_at(5), 4], [_at(115), 2], [_at(140), 0], [_at(24 * 60), 1]]
    assert course(levels, _at(24 * 60 + 30)) == (
        "22.11. 17:40 Krise → 19:35 erhöhte Lage → 20:00 normal → 23.11. 17:40 Beobachten · beendet 18:10"
    )
    assert course([[_at(0), 3]], None) == "22.11. 17:40 Shitstorm · läuft"
