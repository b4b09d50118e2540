"""A refresh after an import continues from the last refresh's checkpoint and observes only the new
comments; the spikes table and the comments' membership come out exactly as a full rebuild of the
same history. The checkpoint is dropped when comments it was built from change."""

from __future__ import annotations

import json

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import cm_tui.spikes_refresh as refresh_mod
from cm_tui import spikes_state
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
        (*row[:-1], [native[c] for c in json.loads(row[-1])])
        for row in store.conn.execute(
            "SELECT id, scope_kind, scope_key, scope_label, start, peak, end, level, peak_level, levels, "
            "explanation, series, comment_ids FROM spikes ORDER BY id")
    ]
    members = store.conn.execute("SELECT native_id, spike, rank FROM comments ORDER BY native_id").fetchall()
    return spikes, members


def _state_rows(store: Store) -> int:
    """1 while there is a checkpoint the next refresh can continue from."""
    return int(spikes_state.valid(store.conn))


@pytest.fixture
def no_rebuild(monkeypatch):
    """Make any rebuild fail, to prove a refresh took the incremental path."""
    def fail(*_a, **_k):
        raise AssertionError("rebuilt instead of continuing")

    def arm() -> None:
        monkeypatch.setattr(refresh_mod, "detect", fail)

    return arm


@pytest.mark.parametrize("seed", range(4))
def test_imports_in_parts_equal_one_rebuild(tmp_path: Path, seed: int, no_rebuild):
    obs = scenario(seed)
    posts = {o.post_key: f"Beitrag {o.post_key}" for o in obs}
    expected = _rebuilt_once(tmp_path / "whole.db", obs, posts)
    assert any(row[8] >= 3 for row in expected[0])

    parts = open_store(tmp_path / "parts.db")
    # cuts inside the storms too: the checkpoint holds open spikes and their windows
    cuts = sorted({len(obs) // 3, len(obs) // 2 + seed * 37, len(obs) * 5 // 6})
    _fill(parts, obs[:cuts[0]], posts)
    refresh_spikes(parts, now=NOW, rule_titles=TITLES, horizon_days=None)
    no_rebuild()
    for a, b in zip(cuts, [*cuts[1:], len(obs)], strict=True):
        _fill(parts, obs[a:b], {}, fts=False)
        # a refresh may run at any time ("now" is only used to close quiet spikes)
        events = refresh_spikes(parts, now=obs[b - 1].ts + timedelta(minutes=1), rule_titles=TITLES, horizon_days=None)
        assert _state_rows(parts) == 1
    events = refresh_spikes(parts, now=NOW, rule_titles=TITLES, horizon_days=None)
    assert _table(parts) == expected
    assert {e.id for e in events} == {row[0] for row in expected[0]}
    parts.close()


def test_changed_or_very_late_comments_make_the_next_refresh_rebuild(store: Store):
    obs = scenario(1)
    cut = len(obs) // 2
    _fill(store, obs[:cut], {})
    refresh_spikes(store, now=NOW, rule_titles=TITLES)
    assert _state_rows(store) == 1
    # a check pass on new comments keeps the checkpoint; a re-check of an old one drops it
    _fill(store, obs[cut:cut + 10], {}, fts=False)
    new_id = store.conn.execute("SELECT max(id) FROM comments").fetchone()[0]
    store.conn.execute("UPDATE comments SET rule_ids = 'R05', severity = 2 WHERE id = ?", (new_id,))
    assert _state_rows(store) == 1
    store.conn.execute("UPDATE comments SET spike = 'x', rank = 1 WHERE id = 1")  # the refresh's own columns
    assert _state_rows(store) == 1
    store.conn.execute("UPDATE comments SET rule_ids = 'R05', severity = 2 WHERE id = 1")
    assert _state_rows(store) == 0
    refresh_spikes(store, now=NOW, rule_titles=TITLES)
    store.conn.execute("DELETE FROM comments WHERE id = 2")
    assert _state_rows(store) == 0
    refresh_spikes(store, now=NOW, rule_titles=TITLES)
    # a decision keeps it; an old comment found to be the city's own reply drops it
    store.conn.execute("UPDATE comments SET state = 'approved' WHERE id = 3")
    assert _state_rows(store) == 1
    store.conn.execute("UPDATE comments SET own = 1, state = 'own' WHERE id = 4")
    assert _state_rows(store) == 0
    refresh_spikes(store, now=NOW, rule_titles=TITLES)
    # a comment days older than the checkpoint's last one cannot be observed in order: rebuilt
    late = obs[:5]
    rebuilt = []
    real = refresh_mod.detect
    refresh_mod.detect = lambda *a, **k: rebuilt.append(1) or real(*a, **k)
    try:
        _fill(store, [type(o)(**{**{f: getattr(o, f) for f in o.__slots__}, "comment": 10**6 + i})
                      for i, o in enumerate(late)], {}, fts=False)
        refresh_spikes(store, now=NOW, rule_titles=TITLES)
    finally:
        refresh_mod.detect = real
    assert rebuilt == [1]


def test_a_change_while_refreshing_leaves_no_checkpoint(store: Store, monkeypatch):
    """A refresh reads outside its write transaction: what changes meanwhile must not be kept."""
    obs = scenario(3)
    _fill(store, obs, {})
    real = refresh_mod.detect

    def detect_then_recheck(*a, **k):
        det = real(*a, **k)
        store.conn.execute("UPDATE comments SET rule_ids = 'R05', severity = 2 WHERE id = 5")
        return det

    monkeypatch.setattr(refresh_mod, "detect", detect_then_recheck)
    refresh_spikes(store, now=NOW, rule_titles=TITLES)
    assert _state_rows(store) == 0
    monkeypatch.setattr(refresh_mod, "detect", real)
    refresh_spikes(store, now=NOW, rule_titles=TITLES)
    assert _state_rows(store) == 1


@pytest.mark.parametrize("seed", range(3))
def test_late_comments_are_observed_again_from_hours_back(tmp_path: Path, seed: int, no_rebuild):
    """Channels pulled one after another: each import brings one channel's comments up to 2 hours
    later than the others'. Every refresh continues (from the newest checkpoint or from one a few
    hours back), and the result is that of one rebuild."""
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
    no_rebuild()
    t = t0
    while len(seen) < len(obs):
        t += timedelta(hours=1, minutes=40)
        batch = [o for o in obs if o.comment not in seen and (due(o, t) or t > obs[-1].ts + timedelta(hours=3))]
        if not batch:
            continue
        _fill(parts, batch, {}, fts=False)
        seen |= {o.comment for o in batch}
        refresh_spikes(parts, now=t, rule_titles=TITLES, horizon_days=None)
        assert _state_rows(parts) == 1
    refresh_spikes(parts, now=NOW, rule_titles=TITLES, horizon_days=None)
    assert _table(parts) == expected
