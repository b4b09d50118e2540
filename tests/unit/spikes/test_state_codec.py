"""A detector stored as plain data and rebuilt goes on exactly as the original; data that is not a
state this code wrote is refused with StateError, never with another exception or a detector that
fails later."""

from __future__ import annotations

import copy
import json
import random
import zlib
from datetime import timedelta

import pytest

from cm_tui.spikes import DEFAULT_PARAMS, SpikeDetector, recompute
from cm_tui.spikes import state_codec as codec
from cm_tui.spikes.detector import _Spike
from cm_tui.spikes.dupes import DupIndex
from cm_tui.spikes.rate import RateModel
from cm_tui.spikes.scope import ScopeState

from .test_recompute import _full, scenario


def _same_future(a: SpikeDetector, b: SpikeDetector, rest) -> None:
    """Both detectors give the same events for the same further comments and the same end."""
    for o in rest:
        assert b.observe(o) == a.observe(o)
    end = rest[-1].ts + timedelta(hours=8)
    assert b.advance(end) == a.advance(end)
    assert _full(b) == _full(a)
    assert [e.comment_ids for e in b.events()] == [e.comment_ids for e in a.events()]


@pytest.mark.parametrize("seed", range(4))
def test_round_trip_of_a_rebuilt_detector_continues_identically(seed):
    obs = scenario(seed)
    cuts = [len(obs) // 3, len(obs) // 2 + seed * 37, len(obs) * 5 // 6]
    for cut in cuts:  # some inside storms: open spikes, full windows, campaign clusters
        a = recompute(obs[:cut])
        b = codec.decode(codec.encode(a), DEFAULT_PARAMS)
        assert b.events() == a.events() and b.active() == a.active()
        _same_future(a, b, obs[cut:])
    assert any(e.peak_level >= 3 for e in a.events())


def test_round_trip_of_a_live_detector_keeps_the_authors_it_has_seen():
    obs = scenario(2)
    cut = len(obs) // 2
    a = SpikeDetector()
    for o in obs[:cut]:
        a.observe(o)
    b = codec.decode(codec.encode(a), DEFAULT_PARAMS)
    assert b.seen == a.seen and b.post_channel == a.post_channel
    _same_future(a, b, obs[cut:])


def test_the_codec_knows_every_attribute():
    """A new attribute of the detector's classes must be added to the codec (and this list)."""
    assert set(vars(SpikeDetector())) == set(codec.STORED["SpikeDetector"])
    for cls in (RateModel, ScopeState, _Spike, DupIndex):
        assert set(cls.__slots__) == set(codec.STORED[cls.__name__]), cls.__name__


def _state() -> dict:
    obs = scenario(1)
    return codec.to_state(recompute(obs[: len(obs) * 5 // 6]))


def _blob(data: object) -> bytes:
    return zlib.compress(json.dumps(data).encode())


@pytest.mark.parametrize("blob", [
    b"", b"\x00" * 10, bytes(random.Random(1).randrange(256) for _ in range(4000)),
    zlib.compress(b"not json"), zlib.compress(b"\xff\xfe"), _blob([1, 2, 3]), _blob({"format": codec.FORMAT}),
    _blob(None), zlib.compress(b"[" * 100_000 + b"]" * 100_000),
    zlib.compress(b'{"a": NaN}'), "a text, not bytes",  # type: ignore[list-item]
])
def test_garbage_is_refused(blob):
    with pytest.raises(codec.StateError):
        codec.decode(blob, DEFAULT_PARAMS)


def test_other_version_params_truncation_and_trailing_bytes_are_refused(monkeypatch):
    good = _state()
    assert codec.from_state(copy.deepcopy(good), DEFAULT_PARAMS)
    blob = _blob(good)
    for bad in (
        {**good, "version": 1}, {**good, "format": "pickle"},
        {**good, "params": {**good["params"], "z_on": 1.0}}, {**good, "params": {**good["params"], "min_count": 10.0}},
        {k: v for k, v in good.items() if k != "dups"}, {**good, "extra": 1},
    ):
        with pytest.raises(codec.StateError):
            codec.decode(_blob(bad), DEFAULT_PARAMS)
    for cut in (1, 10, len(blob) // 2, len(blob) - 1):
        with pytest.raises(codec.StateError):
            codec.decode(blob[:cut], DEFAULT_PARAMS)
    with pytest.raises(codec.StateError):
        codec.decode(blob + b"x", DEFAULT_PARAMS)
    with pytest.raises(codec.StateError):  # the right state for other params
        codec.decode(blob, DEFAULT_PARAMS.__class__(z_on=11.0))
    monkeypatch.setattr(codec, "MAX_BYTES", 1000)  # a small bomb stands for a big one
    with pytest.raises(codec.StateError):
        codec.decode(blob, DEFAULT_PARAMS)


def _paths(x, path=()):
    yield path
    if isinstance(x, dict):
        for k, v in x.items():
            yield from _paths(v, (*path, k))
    elif isinstance(x, list):
        for i, v in enumerate(x):
            yield from _paths(v, (*path, i))


_WRONG = (None, True, -1, 0, 2**70, 1e300, -1e-9, 0.5, "x", "9999-12-31T23:59:00+00:00", [], {}, [0, 0], {"a": 1})


def test_mutated_states_are_refused_or_work():
    """Every kind of value replaced at random places: StateError, or a detector that goes on
    observing, advancing and reporting without an exception (wrong numbers are acceptable: whoever
    can write the file can write the spikes table too)."""
    obs = scenario(1)
    cut = len(obs) * 5 // 6
    good = codec.to_state(recompute(obs[:cut]))
    text = json.dumps(good)
    paths = [p for p in _paths(good) if p]
    rng = random.Random(5)
    refused = 0
    for path in rng.sample(paths, 80) + [p for p in paths if len(p) == 1]:
        for wrong in [*rng.sample(_WRONG, 2), "drop"]:
            data = json.loads(text)
            parent = data
            for k in path[:-1]:
                parent = parent[k]
            if wrong == "drop":
                del parent[path[-1]]
            else:
                parent[path[-1]] = wrong
            try:
                det = codec.from_state(data, DEFAULT_PARAMS)
            except codec.StateError:
                refused += 1
                continue
            for o in obs[cut:cut + 20]:
                det.observe(o)
            det.advance(obs[-1].ts + timedelta(days=2))
            det.events()
            codec.encode(det)
    assert refused > 50


def test_hostile_text_round_trips_as_data():
    """Comment text and names are stored as JSON strings, whatever they hold (a lone surrogate from
    a broken export too, which UTF-8 cannot encode)."""
    obs = scenario(0)
    cut = len(obs) // 2
    evil = ['{"__reduce__": "os.system"} \ud800 \x00 \u202e\x1b[2J ' * 2, "[bold]x[/] " * 5]
    extra = [type(o)(**{**{f: getattr(o, f) for f in o.__slots__}, "text": evil[i % 2] + o.text,
                        "author": evil[i % 2][:12], "rule_titles": (evil[1],) if i % 3 == 0 else o.rule_titles})
             for i, o in enumerate(obs[cut - 40:cut])]
    a = recompute([*obs[:cut - 40], *extra])
    blob = codec.encode(a)
    b = codec.decode(blob, DEFAULT_PARAMS)
    assert evil[0][:12] in set().union(*b.seen.values())
    assert b.seen == a.seen and b.events() == a.events()
    _same_future(a, b, obs[cut:])
