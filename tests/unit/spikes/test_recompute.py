"""A rebuild from cells gives the same events as feeding every comment through ``observe``:
levels with their times, peaks, ends, explanations, comment ids and series; also from *lean* cells
(counts and hot copy-paste members only, as a store keeps them), with the rest looked up."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from cm_tui.spikes import Observation, SpikeDetector, recompute
from cm_tui.spikes.recompute import MemorySource, rebuild

from .synth import T0, Stream

CHANNELS = [("Stadt A", None), ("@amt_max", "Max Muster"), ("Stadt B", None)]


def scenario(seed: int) -> list[Observation]:
    """12 days on three channels of different volume, three storms, a threat against an
    Amtfluencer, a hostile burst on a quiet post, and one comment after a month of silence."""
    s = Stream(seed, unique_texts=True)
    rng = random.Random(seed)
    obs: list[Observation] = []
    for i, (ch, owner) in enumerate(CHANNELS):
        obs += s.calm(T0, 24 * 12, (4.0, 0.3, 1.5)[i], channel=ch, owner=owner, post=f"{ch}:p{i}", label=f"Post {i}")
    for k in range(3):
        ch, owner = CHANNELS[rng.randrange(3)]
        onset = T0 + timedelta(days=4 + 2 * k, hours=rng.randrange(24), minutes=rng.randrange(60))
        obs += s.storm(onset, rng.choice((30, 60, 120)), rng.choice((120, 300)), hostile=rng.random(),
                       copies=rng.choice((1, 20)), channel=ch, owner=owner, post=f"{ch}:storm{k}", label=f"Sturm {k}")
    t = T0 + timedelta(days=9, hours=3)
    obs.append(s.obs(t, channel="@amt_max", owner="Max Muster", post="@amt_max:p1", label="Post 1",
                     text="Ich weiß, wo du wohnst", rules=("Drohung",), severity=4, threat=True))
    for i in range(12):
        obs.append(s.obs(t + timedelta(hours=20, minutes=3 * i), channel="Stadt B", post="Stadt B:hass",
                         label="Hass", rules=("Beleidigung",) if i % 2 else (), severity=2 if i % 2 else 0))
    obs.append(s.obs(T0 + timedelta(days=40), channel="Stadt B", post="Stadt B:spaet", label="Spät"))
    return sorted(obs, key=lambda o: o.ts)


def _full(det: SpikeDetector) -> list[tuple]:
    return sorted(
        (e.id, e.level, e.peak_level, e.peak, e.end, e.levels, e.explanation, e.comment_ids, e.series)
        for e in det.events()
    )


class _FeedEveryCell:
    """A lean source without its arrays: rebuilt by feeding every cell (no fast path)."""

    def __init__(self, src: MemorySource):
        self.cells, self.rule_counts, self.ids = src.cells, src.rule_counts, src.ids


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("how", ["full", "lean cells fed", "lean cells, fast"])
def test_rebuild_equals_observing_every_comment(seed, how):
    obs = scenario(seed)
    live = SpikeDetector()
    for o in obs:
        live.observe(o)
    src = MemorySource(obs, lean=how != "full")
    rebuilt = rebuild(_FeedEveryCell(src) if how == "lean cells fed" else src)
    end = obs[-1].ts + timedelta(hours=8)
    live.advance(end)
    rebuilt.advance(end)
    assert _full(rebuilt) == _full(live)
    assert any(e.peak_level >= 3 for e in live.events())
    assert any("Beleidigung" in e.explanation for e in live.events())


def test_the_fast_rebuild_judges_only_where_a_scope_could_rise():
    src = MemorySource(scenario(1), lean=True)
    cells = sum(len(pcs) for _b, pcs in src.cells())
    det = rebuild(src)
    assert any(e.peak_level >= 3 for e in det.events())
    # every post cell, its channel and all channels would be judged by feeding every cell
    assert 0 < det.judged < 0.25 * cells


def test_lean_cells_carry_no_text_rules_or_ids():
    src = MemorySource(scenario(1), lean=True)
    cells = [c for _b, pcs in src.cells() for *_k, c in pcs]
    assert all(c.rules is None and c.ids is None for c in cells)
    members = sum(len(c.clusters or ()) for c in cells)
    assert 0 < members < 0.2 * sum(c.n for c in cells)  # the hot ones only


def test_rebuild_continues_like_live():
    """After a rebuild, observing goes on exactly as if every comment had been observed (the cut
    falls inside a bucket now and then: the newest bucket is still being gathered)."""
    obs = scenario(2)
    live = SpikeDetector()
    for o in obs:
        live.observe(o)
    end = obs[-1].ts + timedelta(hours=8)
    live.advance(end)
    for cut in (len(obs) * 3 // 4, len(obs) // 2 + 1):
        rebuilt = recompute(obs[:cut])
        for o in obs[cut:]:
            rebuilt.observe(o)
        rebuilt.advance(end)
        assert _full(rebuilt) == _full(live)
