"""Issue 5's acceptance test: the sample-data shitstorm is flagged within 15 minutes of its onset
in a replay of its timestamps, at the right level, with an explanation naming the post."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cm_tui.checking import load_rules, recheck
from cm_tui.cli_import import expand
from cm_tui.importers import read_export
from cm_tui.spikes import SpikeDetector
from cm_tui.spikes_store import detect, observations
from cm_tui.store.ingest import ChannelMap, import_records
from tests.conftest import SAMPLE

ONSET = datetime(2026, 11, 22, 16, 30, tzinfo=UTC)
POST = "facebook:104523981234567_872399001234567"
LABEL = "🚲 Radweg Hauptstraße: Der Stadtrat hat den Umbau beschlossen"


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    from cm_tui.store.db import open_store

    store = open_store(tmp_path_factory.mktemp("sample") / "sample.db")
    for path, rules in expand([SAMPLE]):
        fmt, records = read_export(path)
        import_records(store, path, fmt, records, channels=ChannelMap(rules))
    recheck(store, load_rules())
    yield store
    store.close()


def test_sample_shitstorm_is_flagged_within_15_minutes(sample_store):
    det = SpikeDetector()
    first = None
    for o in observations(sample_store):  # the stored comments in the order of their timestamps
        for e in det.observe(o):
            # (a single threat against the firefighter Amtfluencer is a Krise on her post on its own)
            if first is None and e.scope_kind == "post" and e.scope_key == POST and e.level >= 3:
                first = e
    assert first is not None
    flagged_at, level = first.levels[-1]
    assert ONSET <= flagged_at <= ONSET + timedelta(minutes=15)
    # Shitstorm, or already Krise when the first threats against staff are among the comments
    assert (level, first.level_name) in ((3, "Shitstorm"), (4, "Krise"))
    assert f"Beitrag ‚{LABEL}'" in first.explanation
    assert "Beleidigung" in first.explanation and "Kommentare in 60 min" in first.explanation
    # the calm days before raise nothing on that post, the two calls to violence make it a Krise
    assert first.start >= ONSET
    peak = next(e for e in det.events() if e.scope_key == POST)
    assert peak.peak_level == 4 and "Drohungen" in peak.explanation


def test_rebuild_finds_the_same_sample_spikes(sample_store):
    now = datetime(2026, 11, 24, tzinfo=UTC)
    fast, slow = detect(sample_store), detect(sample_store, per_comment=True)
    fast.advance(now)
    slow.advance(now)
    key = lambda e: (e.id, e.levels, e.end, e.explanation, e.comment_ids)  # noqa: E731
    assert sorted(map(key, fast.events())) == sorted(map(key, slow.events()))
