"""The full detector on comment streams: shitstorm, Krise, campaigns, closing, recompute."""

from __future__ import annotations

from datetime import timedelta

from cm_tui.spikes import DEFAULT_PARAMS, LEVEL_NAMES, Observation, SpikeDetector, recompute
from cm_tui.spikes.dupes import DupIndex, normalise

from .synth import T0, Stream


def _calm_days(s: Stream, days: int = 5, per_hour: float = 3.0, **kw) -> list[Observation]:
    return s.calm(T0, 24 * days, per_hour, **kw)


def _run(det: SpikeDetector, obs: list[Observation], judge: bool = True) -> list:
    """Observe the comments, then (``judge``) let the last 5-minute bucket be judged."""
    out = []
    for o in sorted(obs, key=lambda o: o.ts):
        out += det.observe(o)
    if obs and judge:
        out += det.advance(max(o.ts for o in obs) + timedelta(minutes=5))
    return out


def test_calm_channel_raises_nothing():
    det = SpikeDetector()
    assert _run(det, _calm_days(Stream(), days=7)) == []
    assert det.events() == []


def test_shitstorm_is_level_3_within_15_minutes_with_numbers():
    s = Stream()
    onset = T0 + timedelta(days=5, hours=10)
    obs = _calm_days(s) + s.storm(onset, 60, 240, hostile=0.5, copies=40)
    det = SpikeDetector()
    changes = _run(det, obs)
    post = [e for e in changes if e.scope_kind == "post" and e.level >= 3]
    assert post, changes
    first = post[0]
    assert first.levels[-1][0] - onset <= timedelta(minutes=15)
    ev = next(e for e in det.events() if e.scope_kind == "post" and e.peak_level >= 3)
    text = ev.explanation
    assert "Beitrag ‚Radweg Hauptstraße'" in text
    assert "Kommentare in 60 min" in text and "üblich" in text and "-fach" in text
    assert "% mit Regelverstoß (Beleidigung" in text
    assert "% von Erstkommentierenden" in text
    assert "gleichlautende Kommentare von" in text
    assert LEVEL_NAMES[3] in text
    assert ev.id == f"post:p1:{ev.start.isoformat()}"
    assert len(ev.comment_ids) >= 200
    assert sum(c for _t, c, _h in ev.series) == len(ev.comment_ids)
    kinds = {e.scope_kind for e in det.events() if e.peak_level >= 3}
    assert kinds == {"post", "channel", "overall"}


def test_threat_against_amtfluencer_is_krise():
    s = Stream()
    obs = _calm_days(s, channel="@feuerwehr_jana", owner="Jana Beispiel", post="j1", label="Tag der offenen Tür")
    det = SpikeDetector()
    _run(det, obs, judge=False)
    t = T0 + timedelta(days=5, hours=3)
    assert det.observe(s.obs(t, channel="@feuerwehr_jana", owner="Jana Beispiel", post="j1",
                             label="Tag der offenen Tür", text="Wir wissen, wo du wohnst.",
                             rules=("Drohung",), severity=4, threat=True)) == []
    changes = det.advance(t + timedelta(minutes=5))  # judged when its 5-minute bucket is complete
    levels = {e.scope_kind: e.level for e in changes}
    assert levels["post"] == 4 and levels["channel"] == 4
    ch = next(e for e in changes if e.scope_kind == "channel")
    assert "Jana Beispiel" in ch.explanation and "Drohung" in ch.explanation
    assert ch.level_name == "Krise"


def test_copy_paste_campaign_from_several_accounts():
    s = Stream()
    det = SpikeDetector()
    _run(det, _calm_days(s, per_hour=20), judge=False)
    t = T0 + timedelta(days=5, hours=9)
    base = "Liebe Stadtverwaltung, stoppen Sie sofort das Projekt am Stadtpark, wir sind dagegen"
    variants = [base, base + "!", base.replace("sofort", "umgehend"), base.upper(), base + " !!!", base]
    changes = []
    for i, text in enumerate(variants):
        changes += det.observe(s.obs(t + timedelta(minutes=3 * i), author=f"konto{i}", text=text))
    changes += det.advance(t + timedelta(minutes=20))
    post = [e for e in changes if e.scope_kind == "post"]
    assert post and post[-1].level >= 2
    assert "6 gleichlautende Kommentare von 6 Konten" in det.events()[-1].explanation


def test_dup_index_groups_variants_but_not_different_texts():
    idx = DupIndex(DEFAULT_PARAMS)
    a = idx.assign(1, "Der Radweg ist eine Katastrophe und muss weg, sofort!", 100, "anna")
    b = idx.assign(2, "der radweg ist eine katastrophe und muss weg sofort", 101, "bert")
    c = idx.assign(3, "Wann öffnet endlich das neue Hallenbad in der Weststadt?", 101, "anna")
    assert a == b == 1 and c == 3
    assert idx.assign(4, "Danke!", 101, "A") is None
    assert idx.take_hot() == set()  # two accounts are no campaign yet
    idx.assign(5, "Der Radweg ist eine Katastrophe und muss weg, sofort!!", 108, "carl")
    assert idx.take_hot() == {1, 2, 5}  # the third account within the hour makes all three hot
    idx.assign(6, "Der Radweg ist eine Katastrophe und muss weg, sofort", 130, "dora")
    assert idx.take_hot() == set()  # two hours later: alone in its hour
    assert normalise("Straße  ÄRGER!!") == "strasse ärger"


def test_advance_closes_spike_after_quiet():
    s = Stream()
    onset = T0 + timedelta(days=5, hours=10)
    det = SpikeDetector()
    _run(det, _calm_days(s) + s.storm(onset, 30, 120))
    assert det.active()
    assert det.advance(onset + timedelta(minutes=45)) == [] or det.active()
    ended = det.advance(onset + timedelta(hours=6))
    assert ended and all(e.end is not None and e.level == 0 for e in ended)
    assert det.active() == []
    ev = ended[0]
    assert ev.levels[-1][1] == 0 and ev.end == ev.levels[-1][0]
    assert ev.end <= onset + timedelta(minutes=30 + 60 + 1)


def test_low_volume_channel_does_not_alarm_on_a_busy_hour_of_five():
    s = Stream()
    det = SpikeDetector()
    obs = _calm_days(s, days=10, per_hour=3 / 24)
    obs += [s.obs(T0 + timedelta(days=10, hours=12, minutes=10 * i)) for i in range(5)]
    assert _run(det, obs) == []


def test_recompute_finds_the_same_spikes():
    s = Stream()
    onset = T0 + timedelta(days=5, hours=10)
    obs = _calm_days(s) + s.storm(onset, 60, 240)
    live = SpikeDetector()
    _run(live, obs)
    live.advance(onset + timedelta(hours=8))
    rebuilt = recompute(obs)
    rebuilt.advance(onset + timedelta(hours=8))
    key = lambda e: (e.id, e.peak_level, e.end, len(e.comment_ids))  # noqa: E731
    assert sorted(map(key, rebuilt.events())) == sorted(map(key, live.events()))


def _busy_city(s: Stream, hours: int, per_hour: float = 400.0) -> list[Observation]:
    """A large city's everyday traffic: ~1.5 % severe findings and ~0.3 % unverified threats."""
    out = []
    for o in s.calm(T0, hours, per_hour, post="alltag", label="Alltag"):
        r = s.rng.random()
        if r < 0.003:
            o = s.obs(o.ts, post="alltag", label="Alltag", rules=("Bedrohung",), severity=4, threat=True)
        elif r < 0.015:
            o = s.obs(o.ts, post="alltag", label="Alltag", rules=("Szene-Code",), severity=3)
        out.append(o)
    return out


def test_a_large_citys_everyday_severe_findings_and_threats_raise_no_lage():
    # ~6 severe findings and ~1 threat in every hour are that city's normal: without the share
    # and the "against staff" condition, "Alle Kanäle" was "erhöhte Lage" or "Krise" around the clock
    s = Stream(unique_texts=True)
    det = SpikeDetector()
    obs = _busy_city(s, 24 * 3)
    assert sum(o.threat for o in obs) > 50 and sum(o.max_severity == 3 for o in obs) > 200
    _run(det, obs)
    assert det.events() == []


def test_severe_findings_that_are_a_large_share_still_raise_erhoehte_lage():
    s = Stream(unique_texts=True)
    det = SpikeDetector()
    _run(det, _calm_days(s, days=3, per_hour=3.0), judge=False)
    t = T0 + timedelta(days=3, hours=2)
    changes = []
    for i in range(3):  # three "R01–R05" hits in one hour on a quiet channel: 3 of ~6 comments
        changes += det.observe(s.obs(t + timedelta(minutes=10 * i), rules=("Szene-Code",), severity=3))
    changes += det.advance(t + timedelta(minutes=25))
    assert {e.scope_kind: e.level for e in changes if e.level}.get("channel") == 2


def test_threats_in_a_shitstorm_on_a_city_post_make_it_a_krise():
    s = Stream()
    onset = T0 + timedelta(days=5, hours=10)
    storm = s.storm(onset, 60, 240, hostile=0.5, copies=40)
    t = storm[150].ts + timedelta(seconds=1)
    threat = s.obs(t, author="neu999", text="Wir wissen, wo der Bürgermeister wohnt.",
                   rules=("Bedrohung",), severity=4, threat=True)
    det = SpikeDetector()
    before_threat = _run(det, [o for o in _calm_days(s) + storm if o.ts < t], judge=False)
    assert max(e.level for e in before_threat if e.scope_kind == "post") == 3
    det.observe(threat)
    levels = {e.scope_kind: e.level for e in det.advance(t + timedelta(minutes=5))}
    assert levels.get("post") == 4
    post = next(e for e in det.active() if e.scope_kind == "post")
    assert post.level_name == "Krise" and "1 Drohung" in post.explanation


def test_one_threat_in_a_calm_city_channel_is_severe_not_krise():
    s = Stream()
    det = SpikeDetector()
    _run(det, _calm_days(s, days=3, per_hour=20.0), judge=False)
    t = T0 + timedelta(days=3, hours=2)
    det.observe(s.obs(t, rules=("Bedrohung",), severity=4, threat=True))
    changes = det.advance(t + timedelta(minutes=5))
    assert all(e.level < 4 for e in changes)
