"""Refreshes after imports in parts (in time order, or with one channel pulled hours late) leave
the spikes table, the comments' membership and the per-bucket counts exactly as one import of the
same history; the counts follow re-checks, deletions and own replies."""

from __future__ import annotations

import json

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cm_tui.spikes_store import derive
from cm_tui.spikes_refresh import refresh_spikes
from cm_tui.store.db import Store, open_store
from tests.unit.spikes.test_recompute import scenario
from tests.unit.test_spikes_store import TITLES, _fill

NOW = datetime(2025, 4, 20, tzinfo=UTC)


def _rebuilt_once(path: Path, obs: list, posts: dict[str, str]) -> tuple[list[tuple], list[tuple]]:
    """The reference: every comment stored at once, one full rebuild."""
    store = open_store(path)
    _fill(store, obs, posts)
    refresh_spikes(store, now=NOW, rule_titles=TITLES, horizon_days=None)
    table = _table(store)
    store.close()
    return table


def _table(store: Store) -> tuple[list[tuple], list[tuple]]:
    """Spike rows and membership, comments named by their native id (imports in another order
    give them other row ids)."""
    native = dict(store.conn.execute("SELECT id, native_id FROM comments").fetchall())
    spikes = [
        (*row[:-1], sorted(native[c] for c in json.loads(row[-1])))
        for row in store.conn.execute(
            "SELECT id, scope_kind, scope_key, scope_label, start, peak, end, level, peak_level, levels, "
            "explanation, series, comment_ids FROM spikes ORDER BY id")
    ]
    members = store.conn.execute("SELECT native_id, spike, rank FROM comments ORDER BY native_id").fetchall()
    return spikes, members


def _cells(store: Store) -> list[tuple]:
    return store.conn.execute(
        "SELECT bucket, platform, post, channel, n, h, s, t, new FROM spike_cells JOIN spike_posts ON id = pid "
        "WHERE n != 0 ORDER BY bucket, platform, post").fetchall()


def _recounted(store: Store) -> list[tuple]:
    """The cells counted afresh from the comments (what the triggers must keep)."""
    return store.conn.execute(
        "SELECT CAST(strftime('%s', created_at) AS INTEGER) / 300 AS b, platform, coalesce(post_id, '?') AS p, "
        "coalesce(channel, platform), count(*), "
        "sum(rule_ids != '' AND (severity >= 2 OR instr(' ' || rule_ids || ' ', ' R01 '))), "
        "sum(rule_ids != '' AND severity >= 3), sum(instr(' ' || rule_ids || ' ', ' R01 ') > 0), "
        "sum(coalesce(spike_new, 0)) FROM comments WHERE state != 'own' AND created_at IS NOT NULL "
        "GROUP BY b, platform, p ORDER BY b, platform, p").fetchall()


@pytest.mark.parametrize("seed", range(4))
def test_imports_in_parts_equal_one_rebuild(tmp_path: Path, seed: int):
    obs = scenario(seed)
    posts = {o.post_key: f"Beitrag {o.post_key}" for o in obs}
    expected = _rebuilt_once(tmp_path / "whole.db", obs, posts)
    assert any(row[8] >= 3 for row in expected[0])

    parts = open_store(tmp_path / "parts.db")
    # cuts inside the storms too, and inside 5-minute buckets
    cuts = sorted({len(obs) // 3, len(obs) // 2 + seed * 37, len(obs) * 5 // 6})
    _fill(parts, obs[:cuts[0]], posts)
    refresh_spikes(parts, now=NOW, rule_titles=TITLES, horizon_days=None)
    for a, b in zip(cuts, [*cuts[1:], len(obs)], strict=True):
        _fill(parts, obs[a:b], {}, fts=False)
        # a refresh may run at any time ("now" only closes quiet spikes and judges the last bucket)
        refresh_spikes(parts, now=obs[b - 1].ts + timedelta(minutes=1), rule_titles=TITLES, horizon_days=None)
    events = refresh_spikes(parts, now=NOW, rule_titles=TITLES, horizon_days=None)
    assert _table(parts) == expected
    assert {e.id for e in events} == {row[0] for row in expected[0]}
    assert _cells(parts) == _recounted(parts)
    parts.close()


@pytest.mark.parametrize("seed", range(3))
def test_late_comments_give_the_same_result(tmp_path: Path, seed: int):
    """Channels pulled one after another: each import brings one channel's comments up to 2 hours
    later than the others'. The result is that of one import."""
    obs = scenario(seed)
    posts = {o.post_key: f"Beitrag {o.post_key}" for o in obs}
    expected = _rebuilt_once(tmp_path / "whole.db", obs, posts)

    parts = open_store(tmp_path / "parts.db")
    t0 = obs[0].ts + timedelta(days=2)
    lagging = "Stadt B"

    def due(o, t):  # the lagging channel is pulled two hours behind the others
        return o.ts < (t - timedelta(hours=2) if o.channel == lagging else t)

    first = [o for o in obs if due(o, t0)]
    _fill(parts, first, posts)
    refresh_spikes(parts, now=t0, rule_titles=TITLES, horizon_days=None)
    seen = {o.comment for o in first}
    t = t0
    while len(seen) < len(obs):
        t += timedelta(hours=1, minutes=40)
        batch = [o for o in obs if o.comment not in seen and (due(o, t) or t > obs[-1].ts + timedelta(hours=3))]
        if not batch:
            continue
        _fill(parts, batch, {}, fts=False)
        seen |= {o.comment for o in batch}
        refresh_spikes(parts, now=t, rule_titles=TITLES, horizon_days=None)
    refresh_spikes(parts, now=NOW, rule_titles=TITLES, horizon_days=None)
    assert _table(parts) == expected


def test_a_late_first_comment_takes_over_the_first_time_flag(store: Store):
    obs = scenario(1)
    one = [o for o in obs if o.author == obs[10].author and o.channel == obs[10].channel]
    assert len(one) >= 3
    _fill(store, [o for o in obs if o is not one[0]], {})
    derive(store)
    flags = lambda: store.conn.execute(  # noqa: E731
        "SELECT native_id, spike_new FROM comments WHERE author_key = ? AND channel = ? ORDER BY created_at",
        (f"id:{one[0].author}", one[0].channel)).fetchall()
    assert [f for _n, f in flags()] == [1] + [0] * (len(one) - 2)
    _fill(store, [one[0]], {}, fts=False)  # its earliest comment arrives last
    assert derive(store) == 1
    assert [f for _n, f in flags()] == [1] + [0] * (len(one) - 1)
    assert _cells(store) == _recounted(store)


def test_cells_follow_rechecks_deletions_and_own_replies(store: Store):
    obs = scenario(2)
    _fill(store, obs, {})
    derive(store)
    assert _cells(store) == _recounted(store)
    store.conn.execute("UPDATE comments SET rule_ids = 'R01', severity = 4 WHERE id IN (3, 4, 5)")
    store.conn.execute("UPDATE comments SET rule_ids = '', severity = -1 WHERE id IN "
                       "(SELECT id FROM comments WHERE rule_ids != '' LIMIT 5)")
    store.conn.execute("DELETE FROM comments WHERE id IN (7, 8)")
    store.conn.execute("UPDATE comments SET own = 1, state = 'own' WHERE id = 9")
    store.conn.execute("UPDATE comments SET created_at = '2025-03-04T10:00:00Z' WHERE id = 11")
    store.conn.execute("UPDATE comments SET state = 'approved' WHERE id = 12")
    assert _cells(store) == _recounted(store)
    store.conn.execute("UPDATE comments SET own = 0, state = 'open' WHERE id = 9")
    assert _cells(store) == _recounted(store)


def test_an_unreadable_time_counts_nowhere(store: Store):
    obs = scenario(0)[:50]
    _fill(store, obs, {})
    store.conn.execute("UPDATE comments SET created_at = 'gestern' WHERE id = 3")
    assert derive(store) == 50
    assert store.conn.execute("SELECT spike_new FROM comments WHERE id = 3").fetchone() == (0,)
    assert _cells(store) == [r for r in _recounted(store) if r[0] is not None]
    refresh_spikes(store, now=NOW, rule_titles=TITLES)
