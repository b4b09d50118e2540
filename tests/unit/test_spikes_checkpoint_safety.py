"""A checkpoint read back from a shared database file is data, never code: a crafted state (a
pickle with side effects, garbage, the wrong shape or version) is no checkpoint, and the refresh
rebuilds the right events."""

from __future__ import annotations

import json
import os
import pickle
import zlib
from pathlib import Path

import pytest

from cm_tui import spikes_state
from cm_tui.spikes_refresh import refresh_spikes
from cm_tui.store.db import open_store
from tests.unit.spikes.test_recompute import scenario
from tests.unit.test_spikes_incremental import NOW, _rebuilt_once, _table
from tests.unit.test_spikes_store import TITLES, _fill

ROOT = Path(__file__).resolve().parents[2]


class _Boom:
    """Unpickling this runs a shell command (what a colleague's crafted file could do)."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _blobs(marker: Path, good: bytes) -> dict[str, object]:
    state = json.loads(zlib.decompress(good))
    return {
        "pickle": pickle.dumps(_Boom(marker)),
        "random": os.urandom(3000),
        "wrong shape": zlib.compress(json.dumps({"scopes": [1, 2]}).encode()),
        "wrong version": zlib.compress(json.dumps({**state, "version": 1}).encode()),
        "truncated": good[: len(good) // 2],
        "text": "not a blob",
    }


@pytest.mark.parametrize("kind", ["pickle", "random", "wrong shape", "wrong version", "truncated", "text"])
def test_a_crafted_checkpoint_is_ignored_and_the_refresh_rebuilds(tmp_path: Path, kind: str):
    obs = scenario(1)
    posts = {o.post_key: f"Beitrag {o.post_key}" for o in obs}
    expected = _rebuilt_once(tmp_path / "whole.db", obs, posts)

    store = open_store(tmp_path / "shared.db")
    cut = len(obs) * 2 // 3
    _fill(store, obs[:cut], posts)
    refresh_spikes(store, now=NOW, rule_titles=TITLES, horizon_days=None)
    key, good = store.conn.execute("SELECT key, state FROM spike_checkpoints WHERE id = 1").fetchone()
    assert spikes_state.load(store.conn, key) is not None
    marker = tmp_path / "pwned"
    store.conn.execute("UPDATE spike_checkpoints SET state = ?", (_blobs(marker, good)[kind],))
    assert spikes_state.valid(store.conn)  # the row looks current: only its state is bad
    assert spikes_state.load(store.conn, key) is None
    for slot in (spikes_state.LAG, spikes_state.PENDING):
        assert spikes_state.load(store.conn, key, slot) is None
    _fill(store, obs[cut:], {}, fts=False)
    events = refresh_spikes(store, now=NOW, rule_titles=TITLES, horizon_days=None)
    assert not marker.exists()
    assert _table(store) == expected
    assert {e.id for e in events} == {row[0] for row in expected[0]}
    assert spikes_state.load(store.conn, key) is not None  # rebuilt, and a good one stored again
    store.close()


def test_old_pickle_rows_have_another_key():
    """Checkpoints of the pickle format (STATE_VERSION 1) are never even decoded."""
    assert spikes_state.STATE_VERSION >= 2


def test_no_pickle_in_the_package():
    for path in (ROOT / "cm_tui").rglob("*.py"):
        src = path.read_text(encoding="utf-8")
        for bad in ("import pickle", "from pickle", "pickle.load", "cPickle", "import marshal", "import shelve"):
            assert bad not in src, f"{path.relative_to(ROOT)}: {bad}"
